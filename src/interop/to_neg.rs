//! Writing an imported domain as a `.neg` plan: parties named after the
//! profiles, issues and options as declared (original names kept as display
//! names), score sheets whose utilities are the source's × 100.

use super::{Eval, Imported, IssueKind};
use crate::model::snap;
use std::collections::HashSet;
use std::fmt::Write;

/// How to write the plan.
#[derive(Debug, Clone)]
pub struct NegOptions {
    /// The format's name, for the header (`GENIUS`).
    pub format: &'static str,
    /// The domain file's name.
    pub domain_file: String,
    /// Each profile's file name, in profile order.
    pub profile_files: Vec<String>,
    /// How many equal steps a real issue's range is cut into.
    pub real_steps: usize,
}

/// The plan's text (not yet in canonical layout: run it through `fmt`).
pub fn to_neg(d: &Imported, o: &NegOptions) -> String {
    let mut t = String::new();
    let files: Vec<String> = o.profile_files.iter().map(|f| format!("`{f}`")).collect();
    let _ = writeln!(
        t,
        "/// Imported from {}: domain `{}`, profiles {}.",
        o.format,
        o.domain_file,
        files.join(", ")
    );
    let _ =
        writeln!(
        t,
        "/// Utilities are {} utilities × 100; each BATNA is the profile's reservation {} × 100.",
        o.format,
        if o.format == "GENIUS" { "value" } else { "bid's utility" }
    );
    let title = if d.name.is_empty() {
        "Imported domain"
    } else {
        &d.name
    };
    let _ = writeln!(t, "scenario {}\n", quote(title));

    let party_ids = names(d.profiles.iter().map(|p| p.name.as_str()), true);
    for ((p, id), file) in d.profiles.iter().zip(&party_ids).zip(&o.profile_files) {
        // GENIUS's discount factor: u · d^t over normalised time, which
        // `simulate` applies (1, or anything out of range, means none).
        let discount = match p.discount {
            Some(f) if f > 0.0 && f < 1.0 => format!(" discount {}", num(f)),
            _ => String::new(),
        };
        let _ = writeln!(t, "/// From `{file}`.");
        let _ = writeln!(
            t,
            "party {id} {} {{ batna {}{discount} }}",
            quote(&p.name),
            num(snap(p.reservation * 100.0))
        );
    }
    t.push('\n');

    let issue_ids = names(d.issues.iter().map(|i| i.name.as_str()), false);
    for (issue, id) in d.issues.iter().zip(&issue_ids) {
        let head = format!("issue {id} {}", quote(&issue.name));
        match &issue.kind {
            IssueKind::Discrete(values) => {
                let (_, options) = options(values);
                let _ = writeln!(t, "{head} : {options}");
            }
            IssueKind::Integer { lo, hi } => {
                let _ = writeln!(t, "{head} : {lo} .. {hi} step 1");
            }
            IssueKind::Grid { lo, hi, step } => {
                let last = IssueKind::grid(*lo, *hi, *step)
                    .last()
                    .copied()
                    .unwrap_or(*lo);
                let _ = writeln!(
                    t,
                    "{head} : {} .. {} step {}",
                    num(*lo),
                    num(last),
                    num(*step)
                );
            }
            IssueKind::Real { lo, hi } => {
                let step = snap((hi - lo) / o.real_steps as f64);
                let _ = writeln!(
                    t,
                    "/// Real-valued in {}, sampled at {} points.",
                    o.format,
                    o.real_steps + 1
                );
                let _ = writeln!(
                    t,
                    "{head} : {} .. {} step {}",
                    num(*lo),
                    num(*hi),
                    num(step)
                );
            }
        }
    }

    for (p, id) in d.profiles.iter().zip(&party_ids) {
        let _ = writeln!(t, "\nprefs {id} {{");
        let weights: Vec<String> = issue_ids
            .iter()
            .zip(&p.weights)
            .map(|(i, w)| format!("{i} {}", num(*w)))
            .collect();
        let _ = writeln!(t, "    weight {}", weights.join(", "));
        for ((issue, iid), eval) in d.issues.iter().zip(&issue_ids).zip(&p.evals) {
            let _ = writeln!(t, "    {iid} = {}", value(issue, eval));
        }
        t.push_str("}\n");
    }
    t
}

/// One issue's value form in a score sheet, on the 0–100 scale.
fn value(issue: &super::Issue, eval: &Eval) -> String {
    match (&issue.kind, eval) {
        (IssueKind::Discrete(values), Eval::Discrete(_) | Eval::Direct(_)) => {
            let ids = names(values.iter().map(String::as_str), false);
            let evals = eval.at_each(&issue.kind, ids.len());
            let entries: Vec<String> = ids
                .iter()
                .zip(evals)
                .map(|(id, e)| format!("{id}: {}", num(snap(100.0 * e))))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
        (IssueKind::Integer { lo, hi }, _) => linear(eval, &issue.kind, *lo as f64, *hi as f64),
        (IssueKind::Grid { lo, hi, step }, Eval::Real { .. } | Eval::Integer { .. }) => {
            let last = IssueKind::grid(*lo, *hi, *step)
                .last()
                .copied()
                .unwrap_or(*lo);
            linear(eval, &issue.kind, *lo, last)
        }
        (IssueKind::Grid { lo, hi, step }, _) => {
            let xs = IssueKind::grid(*lo, *hi, *step);
            let last = xs.last().copied().unwrap_or(*lo);
            if last <= *lo {
                return num(snap(100.0 * eval.at(&issue.kind, *lo)));
            }
            let at = |x: f64| num(snap(100.0 * eval.at(&issue.kind, x)));
            format!(
                "linear({} -> {}, {} -> {})",
                num(*lo),
                at(*lo),
                num(last),
                at(last)
            )
        }
        (IssueKind::Real { lo, hi }, _) => linear(eval, &issue.kind, *lo, *hi),
        _ => unreachable!("the reader pairs evaluators with their issue kinds"),
    }
}

/// `linear(…)` through the range's ends and any point where the clamped
/// line bends (where it crosses 0 or 1 inside the range).
fn linear(eval: &Eval, kind: &IssueKind, lo: f64, hi: f64) -> String {
    let at = |x: f64| snap(100.0 * eval.at(kind, x));
    if hi <= lo {
        return num(at(lo));
    }
    let (a, b) = match (eval, kind) {
        (Eval::Integer { slope, offset }, _) => (offset - slope * lo, *slope),
        (Eval::Real { intercept, slope }, _) => (*intercept, *slope),
        _ => unreachable!("integer and real issues have linear evaluators"),
    };
    let mut xs = vec![lo, hi];
    if b != 0.0 {
        for level in [0.0, 1.0] {
            let x = (level - a) / b;
            if x > lo && x < hi {
                xs.push(snap(x));
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let points: Vec<String> = xs
        .iter()
        .map(|&x| format!("{} -> {}", num(x), num(at(x))))
        .collect();
    format!("linear({})", points.join(", "))
}

/// Named values as a discrete issue's options: identifiers made from them,
/// and the declaration `id "value" | …` (the value shown where it differs).
pub(super) fn options(values: &[String]) -> (Vec<String>, String) {
    let ids = names(values.iter().map(String::as_str), false);
    let written: Vec<String> = ids
        .iter()
        .zip(values)
        .map(|(oid, v)| {
            if oid == v {
                oid.clone()
            } else {
                format!("{oid} {}", quote(v))
            }
        })
        .collect();
    (ids, written.join(" | "))
}

/// A number as `.neg` writes it: shortest exact decimal, no `-0`.
pub(super) fn num(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        format!("{x}")
    }
}

/// A string literal.
pub(super) fn quote(s: &str) -> String {
    let escaped: String = s
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' | '\r' | '\t' => vec![' '],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// Identifiers for a list of names: snake case, unique, never a keyword.
/// With `trim`, words every name shares at the start or end are dropped
/// (`laptop_buyer_utility`, `laptop_seller_utility` → `buyer`, `seller`).
pub(super) fn names<'a>(raw: impl Iterator<Item = &'a str>, trim: bool) -> Vec<String> {
    let words: Vec<Vec<String>> = raw.map(words).collect();
    let (mut front, mut back) = (0, 0);
    if trim && words.len() > 1 {
        let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
        while front + 1 < shortest && words.iter().all(|w| w[front] == words[0][front]) {
            front += 1;
        }
        while front + back + 1 < shortest
            && words
                .iter()
                .all(|w| w[w.len() - 1 - back] == words[0][words[0].len() - 1 - back])
        {
            back += 1;
        }
    }
    let mut used = HashSet::new();
    words
        .iter()
        .map(|w| {
            let base = identifier(&w[front..w.len() - back].join("_"));
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}_{n}");
                n += 1;
            }
            id
        })
        .collect()
}

/// The lowercase words of a name: split at non-alphanumerics and at
/// lower-to-upper case changes (`NiceOrDie1` → nice, or, die1).
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.is_empty() {
        out.push("x".into());
    }
    out
}

/// A valid identifier from snake-case words.
fn identifier(joined: &str) -> String {
    // Also the names of computed packages and whole-package hooks, which a
    // declaration may not take either.
    const TAKEN: &[&str] = &["extra", "utility", "cared", "gain"];
    let mut id = joined.to_string();
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        id = format!("v{id}");
    }
    if crate::syntax::KEYWORDS.contains(&id.as_str()) || TAKEN.contains(&id.as_str()) {
        id.push('_');
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_from_names() {
        let ids = |xs: &[&str], trim| names(xs.iter().copied(), trim);
        assert_eq!(
            ids(&["laptop_buyer_utility", "laptop_seller_utility"], true),
            ["buyer", "seller"]
        );
        assert_eq!(ids(&["adg_deal", "adg_deal2"], true), ["deal", "deal2"]);
        assert_eq!(ids(&["NiceOrDie1", "NiceOrDie2"], true), ["die1", "die2"]);
        assert_eq!(ids(&["England", "Zimbabwe"], true), ["england", "zimbabwe"]);
        assert_eq!(
            ids(&["60 Gb", "19'' LCD", "Duration (weeks)", "for"], false),
            ["v60_gb", "v19_lcd", "duration_weeks", "for_"]
        );
        // Names that collide once simplified stay distinct.
        assert_eq!(
            ids(&["A b", "a-b", "a_b"], false),
            ["a_b", "a_b_2", "a_b_3"]
        );
    }

    #[test]
    fn clamped_lines_bend_where_they_leave_zero_to_one() {
        // 0.3 + 0.08 (x − 0) over 0..10 reaches 1 at x = 8.75.
        let kind = IssueKind::Integer { lo: 0, hi: 10 };
        let eval = Eval::Integer {
            slope: 0.08,
            offset: 0.3,
        };
        assert_eq!(
            linear(&eval, &kind, 0.0, 10.0),
            "linear(0 -> 30, 8.75 -> 100, 10 -> 100)"
        );
    }
}
