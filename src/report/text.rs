//! The human form of reports: short headers and aligned tables.

use super::{AgreeReport, ByName, LeftOnTable, SettleReport, StatusReport};
use super::{
    AssertOutcome, BargainingReport, CheckSummary, ClassifyReport, Evaluation, Figures,
    FrontierReport, ImproveReport, LevelFrom, MesoReport, PowerReport, Report, TradeoffsReport,
    ZopaReport,
};
pub use crate::model::format::{count, pad_end, pad_start};
use crate::model::Bargaining;
use std::fmt::Write;

/// Renders a report for a terminal.
pub fn render_text(report: &Report) -> String {
    render_text_with(report, false)
}

/// [`render_text`], with every answer of a plan with hypotheses in full
/// when `details` is set (one line per hypothesis otherwise).
pub fn render_text_with(report: &Report, details: bool) -> String {
    match report {
        Report::Evaluate(e) => evaluation(e),
        Report::Frontier(f) => frontier(f),
        Report::Bargaining(b) => bargaining(b),
        Report::Zopa(z) => zopa(z),
        Report::Classify(c) => classify(c),
        Report::Improve(i) => improve(i),
        Report::Tradeoffs(t) => tradeoffs(t),
        Report::Meso(m) => meso(m),
        Report::Tentative(r) => settle("tentative", r),
        Report::Reopen(r) => settle("reopen", r),
        Report::Status(r) => status(r),
        Report::Agree(r) => agree(r),
        Report::Power(p) => power(p),
        Report::Plot(p) => format!(
            "plot: wrote {} ({} against {}; {}{}, {})\n",
            p.file,
            p.y,
            p.x,
            if p.sampled { "a sample of " } else { "" },
            plural(p.packages as f64, "feasible package"),
            plural(p.frontier_points as f64, "frontier point")
        ),
        Report::Assert(a) => assertion(a),
        Report::Check(c) => check(c),
        Report::Beliefs(b) => super::uncertain::beliefs_text(b),
        Report::Observe(o) => super::uncertain::observe_text(o),
        Report::Robust(r) => super::uncertain::robust_text(r),
        Report::Probe(p) => super::uncertain::probe_text(p),
        Report::PerHypothesis(r) => super::uncertain::per_hypothesis_text(r, details),
        Report::Simulate(r) => super::simulate::simulate_text(r),
        Report::Tournament(r) => super::tournament::tournament_text(r),
        Report::Diff(r) => super::diff::diff_text(r),
    }
}

fn evaluation(e: &Evaluation) -> String {
    let mut out = String::new();
    let by =
        e.by.as_ref()
            .map(|b| format!(" (offered by {b})"))
            .unwrap_or_default();
    let _ = writeln!(out, "evaluate {}{by}", e.offer);
    for line in e.doc.iter().flat_map(|d| d.lines()) {
        let _ = writeln!(out, "  {line}");
    }
    out.push_str(&figures_table(&e.figures));
    match e.efficient {
        Some(true) => {
            let _ = writeln!(out, "  Pareto-efficient: no package is better for one side without being worse for another");
        }
        Some(false) => out.push_str(&left_on_table(&e.left)),
        None => {}
    }
    out.push_str(&super::uncertain::intervals_text(e));
    out.push_str(&super::uncertain::acceptance_text(e));
    out
}

/// "not Pareto-efficient: …": the even-handed improvement, then the largest
/// joint gain when it is another package.
fn left_on_table(l: &LeftOnTable) -> String {
    let mut out = String::new();
    let Some(even) = &l.even_handed else {
        return out;
    };
    match &l.largest_joint_gain {
        None => {
            let _ = writeln!(
                out,
                "  not Pareto-efficient: {} of joint value left on the table ({}) with\n    {}",
                fixed(even.joint_gain),
                gains_list(&even.over_offer),
                even.figures.package.line()
            );
        }
        Some(largest) => {
            let _ = writeln!(
                out,
                "  not Pareto-efficient: up to {} of joint value left on the table\n  \
                 the even-handed improvement ({}) is\n    {}\n  \
                 the largest joint gain ({}) is\n    {}",
                fixed(largest.joint_gain),
                gains_list(&even.over_offer),
                even.figures.package.line(),
                gains_list(&largest.over_offer),
                largest.figures.package.line()
            );
        }
    }
    out
}

/// A package on one line, then each party's figures.
fn figures_table(f: &Figures) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  {}", f.package.line());
    let width = f
        .rows
        .iter()
        .map(|r| r.party.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {}  {:>9}  {:>9}  {:>9}  {:>9}",
        pad_end("party", width),
        "utility",
        "cared-for",
        "BATNA",
        "gain"
    );
    for r in &f.rows {
        let flag = if f.below_batna.contains(&r.party) {
            "  below BATNA"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {}  {:>9}  {:>9}  {:>9}  {:>9}{flag}",
            pad_end(&r.party, width),
            fixed(r.utility),
            fixed(r.cared),
            fixed(r.batna),
            signed(r.gain())
        );
    }
    for p in &f.below_batna {
        let _ = writeln!(
            out,
            "  ! {p} does better walking away: this package gives it less than its BATNA, so it cannot accept it as it stands"
        );
    }
    out
}

/// The most frontier points a text table lists before sampling.
const FRONTIER_ROWS: usize = 20;

fn frontier(r: &FrontierReport) -> String {
    let mut out = String::new();
    let n = r.points.len();
    let _ = writeln!(
        out,
        "frontier: {n} Pareto-optimal point{}, {} of them give every party its BATNA (cared-for utilities)",
        if n == 1 { "" } else { "s" },
        r.in_negotiation_set
    );
    let parties: Vec<&String> = if n == 0 {
        vec![]
    } else {
        r.parties.iter().collect()
    };
    let mut header = String::from("    ");
    for p in &parties {
        let _ = write!(header, "{:>10}", truncate(p, 10));
    }
    let _ = writeln!(out, "{header}  {:>8}  package", "packages");
    let shown: Vec<usize> = if n <= FRONTIER_ROWS {
        (0..n).collect()
    } else {
        (0..FRONTIER_ROWS)
            .map(|k| k * (n - 1) / (FRONTIER_ROWS - 1))
            .collect()
    };
    for i in shown {
        let p = &r.points[i];
        let mark = if p.in_negotiation_set { ' ' } else { '✗' };
        let mut line = format!("  {mark} ");
        for &v in &p.cared {
            let _ = write!(line, "{:>10}", fixed(crate::model::snap(v)));
        }
        let _ = writeln!(out, "{line}  {:>8}  {}", count(p.count), p.package.line());
    }
    if n > FRONTIER_ROWS {
        let _ = writeln!(
            out,
            "  … {FRONTIER_ROWS} of {n} points shown, evenly spaced; `--format json` lists all"
        );
    }
    if r.in_negotiation_set < n {
        let _ = writeln!(
            out,
            "  ✗ leaves some party below its BATNA (outside the negotiation set)"
        );
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn bargaining(r: &BargainingReport) -> String {
    let title = match r.command {
        Bargaining::Nash => "nash: the package with the largest product of gains over the BATNAs",
        Bargaining::Kalai => {
            "kalai: the package with the largest smallest gain relative to each party's best"
        }
        Bargaining::Welfare => {
            "welfare: the package with the largest joint utility that beats every BATNA"
        }
    };
    let mut out = format!("{title}\n");
    match (&r.figures, &r.reason) {
        (Some(f), _) => out.push_str(&figures_table(f)),
        (None, Some(why)) => {
            let _ = writeln!(out, "  no package gives every party its BATNA: {why}");
        }
        (None, None) => {}
    }
    if let Some(u) = &r.unrestricted {
        let _ = writeln!(
            out,
            "  ignoring the BATNAs, the joint utility could be larger:"
        );
        out.push_str(&figures_table(u));
    }
    out
}

fn zopa(r: &ZopaReport) -> String {
    let mut out = String::new();
    match (&r.surplus, &r.reason) {
        (Some(s), _) => {
            let _ = writeln!(
                out,
                "zopa: agreement beats every BATNA; the best package creates a joint gain of {}",
                fixed(*s)
            );
        }
        (None, why) => {
            let _ = writeln!(
                out,
                "zopa: no agreement beats every BATNA: {}",
                why.as_deref().unwrap_or("")
            );
        }
    }
    let width = r
        .ranges
        .iter()
        .map(|g| g.party.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "  {}  {:>9}  {:>9}  {:>9}  {:>13}",
        pad_end("party", width),
        "BATNA",
        "lowest",
        "highest",
        "best anywhere"
    );
    for g in &r.ranges {
        let opt = |x: Option<f64>| x.map_or("-".to_string(), fixed);
        let _ = writeln!(
            out,
            "  {}  {:>9}  {:>9}  {:>9}  {:>13}",
            pad_end(&g.party, width),
            fixed(g.batna),
            opt(g.min),
            opt(g.max),
            fixed(g.best_anywhere)
        );
    }
    let _ = writeln!(
        out,
        "  (lowest and highest over the Pareto-efficient agreements that beat every BATNA)"
    );
    out
}

fn improve(r: &ImproveReport) -> String {
    let mut out = String::new();
    if r.efficient {
        let _ = writeln!(out, "improve {}: no package makes one party better off without making another worse off — it is Pareto-efficient", r.offer);
        return out;
    }
    let _ = writeln!(
        out,
        "improve {}: {} Pareto-optimal package{} leave every party at least as well off and someone better off",
        r.offer,
        r.count,
        if r.count == 1 { "" } else { "s" }
    );
    if let Some(n) = &r.nash {
        let _ = writeln!(
            out,
            "  the even-handed improvement (largest product of gains over {}), joint gain +{}:",
            r.offer,
            fixed(n.joint_gain)
        );
        out.push_str(&figures_table(&n.figures));
    }
    let _ = writeln!(out, "  largest joint gains over {}:", r.offer);
    for (k, i) in r.improvements.iter().enumerate() {
        let gains = gains_list(&i.over_offer);
        let _ = writeln!(
            out,
            "  {:>2}. +{} ({})  {}",
            k + 1,
            fixed(i.joint_gain),
            gains,
            i.figures.package.line()
        );
    }
    out
}

fn settle(command: &str, r: &SettleReport) -> String {
    let mut out = String::new();
    let what = match (command, r.fin) {
        ("reopen", _) => format!("reopen {}", r.issue),
        (_, true) => format!(
            "tentative {} = {} (final: the agreement is sequential)",
            r.issue, r.shown
        ),
        _ => format!("tentative {} = {} (can be reopened)", r.issue, r.shown),
    };
    let _ = writeln!(
        out,
        "{what}: {} of {} settled",
        r.settled,
        plural(r.issues as f64, "issue")
    );
    out.push_str(&joint_line(r.joint_value, r.unconstrained, &r.breaks));
    out
}

/// "joint value still reachable: 131.00 of 146.00 (the settlements cost 15.00)".
fn joint_line(joint: Option<f64>, unconstrained: f64, breaks: &[String]) -> String {
    match joint {
        Some(v) => format!(
            "  joint value still reachable: {} of {} (the settlements cost {})\n",
            fixed(v),
            fixed(unconstrained),
            fixed(unconstrained - v)
        ),
        None if breaks.is_empty() => {
            "  no package completes these settlements within the rules (the rules together rule it out)\n"
                .into()
        }
        None => format!(
            "  no package completes these settlements: they break {}\n",
            breaks.join(", ")
        ),
    }
}

fn status(r: &StatusReport) -> String {
    let mut out = String::new();
    if r.settled.is_empty() && r.open.is_empty() {
        let _ = writeln!(
            out,
            "status: nothing to show yet: the plan declares no issues"
        );
        return out;
    }
    let _ = writeln!(
        out,
        "status ({} agreement): {} of {} settled",
        r.agreement,
        r.settled.len(),
        plural((r.settled.len() + r.open.len()) as f64, "issue")
    );
    let width = r.settled.iter().map(|x| x.issue.len()).max().unwrap_or(0);
    let vwidth = r
        .settled
        .iter()
        .map(|x| x.shown.chars().count())
        .max()
        .unwrap_or(0);
    for x in &r.settled {
        let _ = writeln!(
            out,
            "  {}  {}  {:<9}{}",
            pad_end(&x.issue, width),
            pad_end(&x.shown, vwidth),
            if x.fin { "final" } else { "tentative" },
            x.cost
                .map(|c| format!("  costs {}", fixed(c)))
                .unwrap_or_default()
        );
    }
    if !r.open.is_empty() {
        let _ = writeln!(out, "  open: {}", r.open.join(", "));
    }
    out.push_str(&joint_line(r.joint_value, r.unconstrained, &r.breaks));
    match &r.nash {
        Some(f) => {
            let _ = writeln!(out, "  the Nash completion:");
            out.push_str(&figures_table(f));
        }
        None if r.joint_value.is_some() => {
            let _ = writeln!(out, "  no completion gives every party its BATNA");
        }
        None => {}
    }
    for (party, value, line) in &r.best_lines {
        let _ = writeln!(out, "  best for {party} ({}): {line}", fixed(*value));
    }
    out
}

fn agree(r: &AgreeReport) -> String {
    let mut out = String::from("agree: every issue is settled; the agreement\n");
    out.push_str(&figures_table(&r.figures));
    if r.efficient {
        let _ = writeln!(
            out,
            "  Pareto-efficient: no package is better for one side without being worse for another"
        );
    } else {
        out.push_str(&left_on_table(&r.left));
    }
    out
}

fn meso(r: &MesoReport) -> String {
    let mut out = String::new();
    let from = if r.level_from == LevelFrom::Nash {
        " (its utility at the Nash package)".to_string()
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "meso {}: {} offer{} worth {} ± {} to {}{from}",
        r.party,
        r.offers.len(),
        if r.offers.len() == 1 { "" } else { "s" },
        fixed(r.level),
        fixed(r.tolerance),
        r.party,
    );
    if let Some(d) = r.distance {
        let _ = writeln!(
            out,
            "  any two differ on at least {d} of the {} terms {} cares about; each is the best for the other side among packages that differ that much from the ones before it",
            r.terms, r.party
        );
    }
    if let Some(why) = &r.reason {
        let _ = writeln!(out, "  asked for {}: {why}", r.requested);
    }
    for (k, o) in r.offers.iter().enumerate() {
        let who: Vec<String> = o
            .figures
            .rows
            .iter()
            .map(|row| {
                let below = if o.figures.below_batna.contains(&row.party) {
                    " (below BATNA)"
                } else {
                    ""
                };
                format!("{} {}{below}", row.party, fixed(row.cared))
            })
            .collect();
        let _ = writeln!(out, "  {:>2}. {}", k + 1, who.join(", "));
        let _ = writeln!(out, "      {}", o.figures.package.line());
    }
    out
}

fn power(r: &PowerReport) -> String {
    let mut out = String::from("power: what each party stands to lose without a deal, and how its BATNA moves the Nash package\n");
    let width = r
        .parties
        .iter()
        .map(|p| p.party.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "  {}  {:>9}  {:>9}  {:>9}  {:>10}  {:>17}  {:>17}",
        pad_end("party", width),
        "BATNA",
        "best deal",
        "at Nash",
        "dependence",
        "Nash if BATNA −s",
        "Nash if BATNA +s"
    );
    let opt = |x: Option<f64>| x.map_or("-".to_string(), fixed);
    for p in &r.parties {
        let _ = writeln!(
            out,
            "  {}  {:>9}  {:>9}  {:>9}  {:>10}  {:>17}  {:>17}",
            pad_end(&p.party, width),
            fixed(p.batna),
            opt(p.best_agreement),
            opt(p.at_nash),
            opt(p.dependence),
            opt(p.nash_if_weaker),
            opt(p.nash_if_stronger)
        );
    }
    let steps: Vec<String> = r
        .parties
        .iter()
        .map(|p| format!("{} {}", p.party, fixed(p.step)))
        .collect();
    let _ = writeln!(
        out,
        "  s = a tenth of each party's utility spread over the frontier: {}",
        steps.join(", ")
    );
    out
}

fn tradeoffs(r: &TradeoffsReport) -> String {
    let mut out = String::new();
    let from = match &r.from {
        Some(o) => format!("from {o}"),
        None => "from the issue-by-issue compromise".into(),
    };
    let _ = writeln!(
        out,
        "tradeoffs {} and {}, {from}: {}",
        r.a,
        r.b,
        r.reference.line()
    );
    for rule in &r.reference_breaks {
        let _ = writeln!(out, "  note: the reference breaks {rule}");
    }
    if r.trades.is_empty() {
        let _ = writeln!(
            out,
            "  no trade of one concession for one gain makes both better off{}",
            if r.hurting_others > 0 {
                " without hurting another party"
            } else {
                ""
            }
        );
    }
    for (k, t) in r.trades.iter().enumerate() {
        let gains = gains_list(&t.gains);
        let _ = writeln!(
            out,
            "  {:>2}. {} concedes {} to win {}: {}, joint {}",
            k + 1,
            r.a,
            t.concede.shown,
            t.win.shown,
            gains,
            signed(t.joint_gain)
        );
    }
    if r.hurting_others > 0 {
        let _ = writeln!(
            out,
            "  left out: {} {} where both would gain only by leaving another party worse off",
            r.hurting_others,
            if r.hurting_others == 1 {
                "trade"
            } else {
                "trades"
            }
        );
    }
    out
}

/// A probability as a percentage, without trailing zeros: 0.4 → "40", 0.125 → "12.5".
pub(super) fn percent(q: f64) -> String {
    let p = q * 100.0;
    let s = format!("{p:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn classify(r: &ClassifyReport) -> String {
    let mut out = String::new();
    for pair in &r.pairs {
        let _ = writeln!(
            out,
            "classify {} and {}: stakes are each side's spread of weighted points",
            pair.a, pair.b
        );
        let width = pair
            .issues
            .iter()
            .map(|i| i.issue.len())
            .max()
            .unwrap_or(5)
            .max(5);
        let (wa, wb) = (pair.a.len().max(8), pair.b.len().max(8));
        let _ = writeln!(
            out,
            "  {}  {:<13}  {}  {}",
            pad_end("issue", width),
            "class",
            pad_start(&pair.a, wa),
            pad_start(&pair.b, wb)
        );
        for i in &pair.issues {
            let _ = writeln!(
                out,
                "  {}  {:<13}  {}  {}",
                pad_end(&i.issue, width),
                i.class.word(),
                pad_start(&fixed(i.stake_a), wa),
                pad_start(&fixed(i.stake_b), wb)
            );
        }
        for i in &pair.issues {
            if let Some(bet) = &i.bet {
                let forecast = |m: &ByName| {
                    m.iter()
                        .map(|(o, q)| format!("{o} {}%", percent(q)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let _ = writeln!(
                    out,
                    "  bet: `{}` is contingent on `{}`, which they forecast differently ({}: {}; {}: {}):\n    \
                     settling it per outcome lets each side take the outcome it believes in",
                    i.issue,
                    bet.event,
                    pair.a,
                    forecast(&bet.a),
                    pair.b,
                    forecast(&bet.b)
                );
            }
        }
    }
    if !r.extras_left_out.is_empty() {
        let _ = writeln!(
            out,
            "  note: the classes read the score sheets' tables; the extra terms ({}) belong to no single issue and are left out",
            r.extras_left_out.join(", ")
        );
    }
    out
}

/// The heading of a text run: the scenario's title and doc comment.
pub fn render_title(title: Option<&str>, doc: Option<&str>) -> String {
    let Some(title) = title else {
        return String::new();
    };
    let mut out = format!("{title}\n{}\n", "=".repeat(title.chars().count()));
    for line in doc.iter().flat_map(|d| d.lines()) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    out
}

fn assertion(a: &AssertOutcome) -> String {
    let mark = if a.passed { "ok  " } else { "FAIL" };
    format!("{mark} assert {}\n", a.expr)
}

fn check(c: &CheckSummary) -> String {
    let warnings = match c.warnings {
        0 => String::new(),
        n => format!(", {}", plural(n as f64, "warning")),
    };
    // The count before the rules, and, beside it, the one `plot` draws from.
    let feasible = match c.feasible_packages {
        Some(n) => format!(", {} of them feasible under the rules", count(n)),
        None => String::new(),
    };
    format!(
        "{}: ok ({}, {}, {}{feasible}{warnings})\n",
        c.file,
        plural(c.parties as f64, "party"),
        plural(c.issues as f64, "issue"),
        plural(c.packages, "package")
    )
}

/// `1 party`, `3 parties`, `1.0e300 packages`.
pub fn plural(n: f64, word: &str) -> String {
    let word = match (n == 1.0, word) {
        (true, w) => w.to_string(),
        (false, "party") => "parties".to_string(),
        (false, w) => format!("{w}s"),
    };
    format!("{} {word}", count(n))
}

/// A figure with two decimals.
pub fn fixed(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// A gain with its sign.
pub fn signed(x: f64) -> String {
    let s = fixed(x);
    if s.starts_with('-') || s == "0.00" {
        s
    } else {
        format!("+{s}")
    }
}

/// `vc +16.00, founders 0.00`.
fn gains_list(gains: &ByName) -> String {
    gains
        .iter()
        .map(|(p, g)| format!("{p} {}", signed(g)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_well() {
        assert_eq!(count(1600.0), "1,600");
        assert_eq!(count(27.0), "27");
        assert_eq!(count(1e300), "1.0e300");
    }

    #[test]
    fn gains_carry_a_sign() {
        assert_eq!(signed(2.2), "+2.20");
        assert_eq!(signed(-3.0), "-3.00");
        assert_eq!(signed(-0.0001), "0.00");
    }
}
