//! Reports of plans with hypotheses about a party's score sheet: `beliefs`,
//! the answers of a command per combination of hypotheses, and the
//! per-hypothesis figures `evaluate` adds.

use super::text::{fixed, percent, render_text};
use super::{ByName, Evaluation, PackageView, Report};
use serde::Serialize;
use std::fmt::Write;

/// `beliefs PARTY`.
#[derive(Debug, Clone, Serialize)]
pub struct BeliefsReport {
    /// The party.
    pub party: String,
    /// Hypothesis → its current probability.
    pub probabilities: ByName,
    /// What moved them: each `observe` and the probabilities after it.
    pub observations: Vec<Observation>,
    /// The hypotheses' display names, in order.
    #[serde(skip)]
    pub names: Vec<Option<String>>,
}

/// One `observe` and the probabilities it left.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    /// What the party did (`chose a over b, c`, `accepted a`).
    pub observation: String,
    /// The temperature it was weighed at.
    pub temperature: f64,
    /// Hypothesis → probability after it.
    pub probabilities: ByName,
}

/// `observe PARTY …`.
#[derive(Debug, Clone, Serialize)]
pub struct ObserveReport {
    /// The party.
    pub party: String,
    /// Hypothesis → probability before.
    pub before: ByName,
    /// The observation and the probabilities after it.
    #[serde(flatten)]
    pub after: Observation,
}

/// A command's answers, one per combination of hypotheses.
#[derive(Debug, Clone, Serialize)]
pub struct PerHypothesisReport {
    /// The command that ran (`nash`, `frontier`, …).
    pub of: String,
    /// One answer per combination.
    pub answers: Vec<Answer>,
}

/// The answer of a command under one combination of hypotheses.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// Uncertain party → the hypothesis about it.
    #[serde(serialize_with = "pairs_as_map")]
    pub hypotheses: Vec<(String, String)>,
    /// The combination's probability.
    pub probability: f64,
    /// The command's report under it.
    pub report: Report,
}

/// One hypothesis's line in an evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct HypothesisFigure {
    /// The hypothesis.
    pub hypothesis: String,
    /// Its probability.
    pub probability: f64,
    /// The party's cared-for utility of the package under it.
    pub utility: f64,
    /// The party's BATNA under it.
    pub batna: f64,
    /// With weight ranges: the cared-for utility's ends under it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<super::Interval>,
}

/// `[(k, v)]` as the JSON object `{k: v}`.
pub(super) fn pairs_as_map<K: Serialize, V: Serialize, S: serde::Serializer>(
    pairs: &[(K, V)],
    out: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = out.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// `beliefs PARTY`: one line per hypothesis.
pub(super) fn beliefs_text(r: &BeliefsReport) -> String {
    let mut out = format!("beliefs about {}\n", r.party);
    let width = r
        .probabilities
        .iter()
        .map(|(h, _)| h.len())
        .max()
        .unwrap_or(0);
    for ((h, p), name) in r.probabilities.iter().zip(&r.names) {
        let name = name.as_ref().map(|n| format!("  {n}")).unwrap_or_default();
        let _ = writeln!(out, "  {h:<width$}  {:>6}%{name}", percent(p));
    }
    for o in &r.observations {
        let _ = writeln!(out, "  after {} {}", r.party, o.observation);
    }
    out
}

/// A command's answers per combination: a heading line for each, then the
/// answer indented under it.
pub(super) fn per_hypothesis_text(r: &PerHypothesisReport, details: bool) -> String {
    let mut out = String::new();
    let under = |a: &Answer| -> String {
        let names: Vec<String> = a
            .hypotheses
            .iter()
            .map(|(p, h)| format!("{p} as {h}"))
            .collect();
        names.join(", ")
    };
    // One line per combination, unless details are asked for or some
    // answer has no one-line form.
    let lines: Option<Vec<String>> = r.answers.iter().map(|a| summary(&a.report)).collect();
    if let (false, Some(lines)) = (details, lines) {
        let _ = writeln!(
            out,
            "{} under each hypothesis (each in full: `--details`, or `:details on` in the REPL):",
            r.of
        );
        let labels: Vec<String> = r.answers.iter().map(under).collect();
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for ((a, label), line) in r.answers.iter().zip(&labels).zip(lines) {
            let _ = writeln!(
                out,
                "  {} {:>6}%  {line}",
                crate::model::format::pad_end(label, width),
                percent(a.probability)
            );
        }
        return out;
    }
    for a in &r.answers {
        let _ = writeln!(out, "under {} ({}%):", under(a), percent(a.probability));
        for line in render_text(&a.report).lines() {
            match line.is_empty() {
                true => out.push('\n'),
                false => {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
    }
    out
}

/// Each party's cared-for utility: `buyer 80.00, dealer 60.00`.
fn cared_line(f: &super::Figures) -> String {
    let parts: Vec<String> = f
        .cared
        .iter()
        .map(|(p, u)| format!("{p} {}", fixed(u)))
        .collect();
    parts.join(", ")
}

/// One line that sums up an answer, for the analyses that have one.
fn summary(r: &Report) -> Option<String> {
    Some(match r {
        Report::Bargaining(b) => match &b.figures {
            Some(f) => format!("{}  ({})", f.package.line(), cared_line(f)),
            None => format!("none: {}", b.reason.as_deref().unwrap_or("no package qualifies")),
        },
        Report::Frontier(f) => format!(
            "{} Pareto-optimal point{}, {} giving every party its BATNA",
            f.points.len(),
            if f.points.len() == 1 { "" } else { "s" },
            f.in_negotiation_set
        ),
        Report::Zopa(z) => match (z.exists, z.surplus) {
            (true, Some(gain)) => format!("agreement beats every BATNA; the best package creates a joint gain of {}", fixed(gain)),
            (true, None) => "agreement beats every BATNA".into(),
            (false, _) => format!("no agreement beats every BATNA{}", z.reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default()),
        },
        Report::Classify(c) => {
            let pairs: Vec<String> = c
                .pairs
                .iter()
                .map(|p| {
                    let issues: Vec<String> = p.issues.iter().map(|i| format!("{} {}", i.issue, i.class.word())).collect();
                    match c.pairs.len() {
                        1 => issues.join(", "),
                        _ => format!("{}–{}: {}", p.a, p.b, issues.join(", ")),
                    }
                })
                .collect();
            pairs.join("; ")
        }
        Report::Meso(m) => format!(
            "{} of {} offers worth {} ± {} to {}",
            m.offers.len(),
            m.requested,
            fixed(m.level),
            fixed(m.tolerance),
            m.party
        ),
        Report::Power(p) => {
            let parts: Vec<String> = p
                .parties
                .iter()
                .map(|q| format!("{} {}", q.party, q.dependence.map_or("–".into(), fixed)))
                .collect();
            format!("dependence on the deal: {}", parts.join(", "))
        }
        Report::Tradeoffs(t) => match t.trades.first() {
            Some(best) => format!(
                "{} trade{}; the best: {} concedes {} to win {}, joint {}",
                t.trades.len(),
                if t.trades.len() == 1 { "" } else { "s" },
                t.a,
                best.concede.shown,
                best.win.shown,
                signed(best.joint_gain)
            ),
            None => "no trade of one concession for one gain makes both better off".into(),
        },
        Report::Improve(i) => match (&i.nash, i.efficient) {
            (_, true) => format!("{} is Pareto-efficient", i.offer),
            (Some(even), false) => format!(
                "{} improvement{}; the even-handed one: {}  ({})",
                i.count,
                if i.count == 1 { "" } else { "s" },
                even.figures.package.line(),
                cared_line(&even.figures)
            ),
            (None, false) => format!("{} improvements", i.count),
        },
        Report::Assert(a) => (if a.passed { "holds" } else { "FAILS" }).to_string(),
        Report::Simulate(r) if r.runs > 1 => format!(
            "agreement in {}% of {} runs; {}% of the largest joint gain on average",
            fixed(100.0 * r.agreement_rate),
            r.runs,
            fixed(100.0 * r.welfare_share)
        ),
        Report::Simulate(r) => match r.agreement.as_ref().and_then(Option::as_ref) {
            Some(a) => format!("agreement in round {}: {}  ({})", a.round, a.package.line(), {
                let parts: Vec<String> = a.utilities.iter().map(|(p, u)| format!("{p} {}", fixed(u))).collect();
                parts.join(", ")
            }),
            None => format!("no agreement after {} rounds", r.mean_rounds),
        },
        Report::Plot(p) => format!(
            "{} ({} packages{}, {} frontier points)",
            p.file,
            p.packages,
            if p.sampled { ", a sample" } else { "" },
            p.frontier_points
        ),
        Report::Tentative(r) | Report::Reopen(r) => match r.joint_value {
            Some(v) => format!(
                "{}: {} of {} issues settled; joint value still reachable {} of {} (the settlements cost {})",
                match r.shown.is_empty() {
                    true => format!("{} reopened", r.issue),
                    false => format!("{} = {}", r.issue, r.shown),
                },
                r.settled,
                r.issues,
                fixed(v),
                fixed(r.unconstrained),
                fixed(r.unconstrained - v)
            ),
            None => "no package completes these settlements".into(),
        },
        Report::Status(r) => match (&r.nash, r.joint_value) {
            (Some(nash), Some(v)) => format!(
                "{} of {} reachable; the Nash completion: {}  ({})",
                fixed(v),
                fixed(r.unconstrained),
                nash.package.line(),
                cared_line(nash)
            ),
            (_, Some(v)) => format!("{} of {} reachable", fixed(v), fixed(r.unconstrained)),
            (_, None) => "no package completes these settlements".into(),
        },
        Report::Agree(r) => format!(
            "{}  ({}){}",
            r.figures.package.line(),
            cared_line(&r.figures),
            if r.efficient { "; Pareto-efficient" } else { "; leaves value on the table" }
        ),
        _ => return None,
    })
}

fn signed(x: f64) -> String {
    if x >= 0.0 {
        format!("+{}", fixed(x))
    } else {
        fixed(x)
    }
}

/// Whether a cared-for utility interval reaches a BATNA: at every weight of
/// the ranges, at some, or at none.
fn verdict(
    interval: &super::Interval,
    batna: f64,
    yes: &'static str,
    some: &'static str,
    no: &'static str,
) -> &'static str {
    if crate::eval::reaches(interval.pessimistic, batna) {
        yes
    } else if crate::eval::reaches(interval.optimistic, batna) {
        some
    } else {
        no
    }
}

/// `evaluate` with weight ranges: the cared-for utility's interval of each
/// party whose weights are ranges (per hypothesis for uncertain parties,
/// shown with their hypotheses).
pub(super) fn intervals_text(e: &Evaluation) -> String {
    let mut out = String::new();
    let known: Vec<&(String, super::Interval)> = e
        .intervals
        .iter()
        .filter(|(p, _)| !e.hypotheses.iter().any(|(q, _)| q == p))
        .collect();
    if known.is_empty() {
        return out;
    }
    let _ = writeln!(out, "  weights known within ranges: cared-for utility from the least to the most favourable weights");
    let width = known.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
    for (party, interval) in known {
        let batna = e.figures.batna.get(party).unwrap_or(0.0);
        let _ = writeln!(
            out,
            "    {party:<width$} {:>8} to {:>8}  {}",
            fixed(interval.pessimistic),
            fixed(interval.optimistic),
            verdict(
                interval,
                batna,
                "reaches its BATNA at every weight",
                "reaches its BATNA at some weights only",
                "below its BATNA at every weight"
            ),
        );
    }
    out
}

/// `evaluate` with hypotheses: each uncertain party's figures per
/// hypothesis, and the acceptance.
pub(super) fn acceptance_text(e: &Evaluation) -> String {
    let mut out = String::new();
    let Some(acceptance) = e.acceptance else {
        return out;
    };
    let _ = writeln!(
        out,
        "  figures of uncertain parties are expected values over their hypotheses:"
    );
    for (party, figures) in &e.hypotheses {
        let width = figures
            .iter()
            .map(|f| f.hypothesis.len())
            .max()
            .unwrap_or(0);
        for f in figures {
            let (range, verdict) = match &f.interval {
                Some(i) => (
                    format!(" ({} to {})", fixed(i.pessimistic), fixed(i.optimistic)),
                    verdict(i, f.batna, "accepts", "may accept", "walks away"),
                ),
                None if crate::eval::reaches(f.utility, f.batna) => (String::new(), "accepts"),
                None => (String::new(), "walks away"),
            };
            let _ = writeln!(
                out,
                "    {party} as {:<width$} {:>6}%  utility {:>8}{range}  BATNA {:>8}  {verdict}",
                f.hypothesis,
                percent(f.probability),
                fixed(f.utility),
                fixed(f.batna),
            );
        }
    }
    let parties: Vec<&str> = e.hypotheses.iter().map(|(p, _)| p.as_str()).collect();
    let _ = writeln!(
        out,
        "  acceptance: {}% (the probability that {} reach{} {} BATNA)",
        percent(acceptance),
        parties.join(" and "),
        if parties.len() == 1 { "es" } else { "" },
        if parties.len() == 1 { "its" } else { "their" },
    );
    if let Some(possible) = e.acceptance_possible {
        let _ = writeln!(
            out,
            "  with the weight ranges: {}% at the least favourable weights (above), up to {}% at the most favourable",
            percent(acceptance),
            percent(possible),
        );
    }
    out
}

/// `observe PARTY …`: each hypothesis's probability before and after.
pub(super) fn observe_text(r: &ObserveReport) -> String {
    let mut out = format!(
        "observe {} {} (temperature {})\n",
        r.party,
        r.after.observation,
        crate::model::format_number(r.after.temperature, crate::syntax::Unit::Plain)
    );
    let width = r.before.iter().map(|(h, _)| h.len()).max().unwrap_or(0);
    for ((h, before), (_, after)) in r.before.iter().zip(r.after.probabilities.iter()) {
        let _ = writeln!(
            out,
            "  {h:<width$}  {:>6}% → {:>6}%",
            percent(before),
            percent(after)
        );
    }
    out
}

/// `robust for PARTY`: the best package for PARTY at each acceptance level.
#[derive(Debug, Clone, Serialize)]
pub struct RobustReport {
    /// The party the packages are best for.
    pub party: String,
    /// Its BATNA: every package is worth at least this to it.
    pub batna: f64,
    /// The front, highest acceptance first.
    pub points: Vec<RobustPoint>,
}

/// One level of the robust front.
#[derive(Debug, Clone, Serialize)]
pub struct RobustPoint {
    /// The best package for the party at this level.
    pub package: PackageView,
    /// The party's cared-for utility of it.
    pub utility: f64,
    /// The probability that every uncertain party accepts it.
    pub acceptance: f64,
    /// Uncertain party → the hypotheses under which it accepts.
    #[serde(serialize_with = "pairs_as_map")]
    pub accepted_by: Vec<(String, Vec<String>)>,
}

/// `probe PARTY by US count K [at U]`.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    /// The party whose hypotheses the offers test.
    pub party: String,
    /// The party making the offers.
    pub by: String,
    /// What every offer is worth to it (within the tolerance).
    pub level: f64,
    /// The band's half-width.
    pub tolerance: f64,
    /// How many offers were asked for.
    pub requested: usize,
    /// How many packages qualified: efficient under some hypothesis and
    /// worth the level.
    pub candidates: usize,
    /// Whether every set of candidates was compared (else: grown greedily).
    pub exact: bool,
    /// The mutual information between the hypothesis and the choice.
    pub information_bits: f64,
    /// The offers.
    pub offers: Vec<ProbeOffer>,
}

/// One offer of a probe.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeOffer {
    /// The package.
    pub package: PackageView,
    /// Each party whose sheet is known → its cared-for utility.
    pub utilities: ByName,
    /// The probed party's hypothesis → its utility under it.
    pub under: ByName,
    /// The hypothesis likeliest after the party picks this offer.
    pub likeliest: String,
    /// The probabilities after the party picks this offer.
    pub posterior: ByName,
}

/// `robust for PARTY`: one line per level.
pub(super) fn robust_text(r: &RobustReport) -> String {
    let mut out = format!(
        "robust offers for {} (BATNA {}): the best package at each chance of acceptance\n",
        r.party,
        fixed(r.batna)
    );
    if r.points.is_empty() {
        let _ = writeln!(out, "  no package gives {} its BATNA", r.party);
        return out;
    }
    for p in &r.points {
        let who: Vec<String> = p
            .accepted_by
            .iter()
            .map(|(party, hyps)| match hyps.is_empty() {
                true => format!("no hypothesis about {party}"),
                false => format!("{party} as {}", hyps.join(", ")),
            })
            .collect();
        let _ = writeln!(
            out,
            "  {:>6}%  {} {:>8}  accepted by {}\n           {}",
            percent(p.acceptance),
            r.party,
            fixed(p.utility),
            who.join("; "),
            p.package.line()
        );
    }
    out
}

/// `probe PARTY by US count K`: the offers, what each would teach, the bits.
pub(super) fn probe_text(r: &ProbeReport) -> String {
    let mut out = format!(
        "probe {} with {} offer{} worth {} ± {} to {}\n",
        r.party,
        r.offers.len(),
        if r.offers.len() == 1 { "" } else { "s" },
        fixed(r.level),
        fixed(r.tolerance),
        r.by
    );
    for (k, o) in r.offers.iter().enumerate() {
        let under: Vec<String> = o
            .under
            .iter()
            .map(|(h, u)| format!("{h} {}", fixed(u)))
            .collect();
        let after: Vec<String> = o
            .posterior
            .iter()
            .map(|(h, p)| format!("{h} {}%", percent(p)))
            .collect();
        let _ = writeln!(out, "  {}. {}", k + 1, o.package.line());
        let _ = writeln!(out, "     {} under: {}", r.party, under.join(", "));
        let _ = writeln!(
            out,
            "     if chosen: likeliest {} ({})",
            o.likeliest,
            after.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "  their choice reveals {} bits about {}{}",
        fixed(r.information_bits),
        r.party,
        if r.exact {
            ""
        } else {
            " (set grown greedily: too many candidates to compare every set)"
        }
    );
    if r.offers.len() < r.requested {
        let _ = writeln!(
            out,
            "  only {} package{} efficient under some hypothesis and worth {} ± {} to {}; try another level with `at`",
            r.candidates,
            if r.candidates == 1 { " is" } else { "s are" },
            fixed(r.level),
            fixed(r.tolerance),
            r.by
        );
    }
    out
}
