//! The human form of reports: short headers and aligned tables.

use super::{AssertOutcome, CheckSummary, Evaluation, Report};
use std::fmt::Write;

/// Renders a report for a terminal.
pub fn render_text(report: &Report) -> String {
    match report {
        Report::Evaluate(e) => evaluation(e),
        Report::Assert(a) => assertion(a),
        Report::Check(c) => check(c),
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
    let package: Vec<String> = e.shown.iter().map(|(i, v)| format!("{i} {v}")).collect();
    let _ = writeln!(out, "  {}", package.join(" · "));
    let width = e
        .rows
        .iter()
        .map(|r| r.party.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
        "party", "utility", "cared-for", "BATNA", "gain"
    );
    for r in &e.rows {
        let flag = if e.below_batna.contains(&r.party) {
            "  below BATNA"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {:>9}  {:>9}  {:>9}  {:>9}{flag}",
            r.party,
            fixed(r.utility),
            fixed(r.cared),
            fixed(r.batna),
            signed(r.gain()),
        );
    }
    for p in &e.below_batna {
        let _ = writeln!(
            out,
            "  ! {p} does better walking away: this package gives it less than its BATNA, so it cannot accept it as it stands"
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
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    };
    format!(
        "{}: ok ({} parties, {} issues, {} packages{warnings})\n",
        c.file,
        c.parties,
        c.issues,
        count(c.packages)
    )
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

/// A count that may be astronomically large: `1,600` or `1.0e300`.
pub fn count(n: f64) -> String {
    if n < 1e15 {
        let digits = format!("{n:.0}");
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        format!("{n:.1e}")
    }
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
