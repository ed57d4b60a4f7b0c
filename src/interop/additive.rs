//! Linear additive score sheets in a plan's own points: the form NegMAS
//! (and any tool whose utilities add one table per issue) expresses. A plan
//! is described this way by `Plan::additive`, and a description becomes a
//! `.neg` plan again by [`to_neg`].

use super::to_neg::{names, num, options, quote};
use crate::model::snap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt::Write;

/// A negotiation as linear additive score sheets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Additive {
    /// The scenario's title.
    pub name: String,
    /// The issues, in order.
    pub issues: Vec<AdditiveIssue>,
    /// The parties, in order.
    pub parties: Vec<AdditiveParty>,
}

/// One issue: its values as reports show them (option names, or numbers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdditiveIssue {
    /// The issue's name.
    pub name: String,
    /// Its values, in order: strings or numbers.
    pub values: Vec<Value>,
}

/// One party: its BATNA and, per issue and value, the points it adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdditiveParty {
    /// The party's name.
    pub name: String,
    /// Its BATNA, in its points.
    pub batna: f64,
    /// Per issue, per value: the points it adds.
    pub values: Vec<Vec<f64>>,
}

/// What is wrong with a description, in words.
pub fn problems(a: &Additive) -> Vec<String> {
    let mut out = vec![];
    if a.parties.is_empty() {
        out.push("it has no parties".to_string());
    }
    for i in &a.issues {
        if i.values.is_empty() {
            out.push(format!("issue `{}` has no values", i.name));
        }
        if let Some(v) = i.values.iter().find(|v| !v.is_string() && !v.is_number()) {
            out.push(format!(
                "issue `{}` has the value {v}, which is neither a name nor a number",
                i.name
            ));
        }
    }
    for p in &a.parties {
        if !p.batna.is_finite() {
            out.push(format!("party `{}` has no finite BATNA", p.name));
        }
        if p.values.len() != a.issues.len() {
            out.push(format!(
                "party `{}` values {} issues, not {}",
                p.name,
                p.values.len(),
                a.issues.len()
            ));
            continue;
        }
        for (i, table) in a.issues.iter().zip(&p.values) {
            if table.len() != i.values.len() {
                out.push(format!(
                    "party `{}` gives {} points for issue `{}`, which has {} values",
                    p.name,
                    table.len(),
                    i.name,
                    i.values.len()
                ));
            } else if table.iter().any(|x| !x.is_finite()) {
                out.push(format!(
                    "party `{}` gives issue `{}` a point value that is not a finite number",
                    p.name, i.name
                ));
            }
        }
    }
    out
}

/// The numbers of an issue whose values are two or more numbers, evenly
/// spaced and rising: a numeric grid `lo .. hi step s`.
fn grid(values: &[Value]) -> Option<(f64, f64, f64)> {
    let xs: Vec<f64> = values.iter().map(Value::as_f64).collect::<Option<_>>()?;
    let (&lo, &hi) = (xs.first()?, xs.last()?);
    if xs.len() < 2 || hi <= lo {
        return None;
    }
    let step = snap((hi - lo) / (xs.len() - 1) as f64);
    let on_grid = xs
        .iter()
        .enumerate()
        .all(|(k, &x)| (snap(lo + step * k as f64) - x).abs() <= 1e-9 * step.max(1.0));
    on_grid.then_some((lo, hi, step))
}

/// A value as a report shows it: a name as it is, a number shortest.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(_) => num(v.as_f64().unwrap_or(0.0)),
        other => other.to_string(),
    }
}

/// The description as a `.neg` plan (not yet in canonical layout), points
/// as they are: numbers evenly spaced become a numeric issue valued by a
/// `linear(…)` through every point, anything else named options.
pub fn to_neg(a: &Additive, from: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "/// Imported from {from}: linear additive utilities, in their own points."
    );
    let title = if a.name.is_empty() {
        "Imported scenario"
    } else {
        &a.name
    };
    let _ = writeln!(t, "scenario {}\n", quote(title));
    let party_ids = names(a.parties.iter().map(|p| p.name.as_str()), false);
    for (p, id) in a.parties.iter().zip(&party_ids) {
        let name = if *id == p.name {
            String::new()
        } else {
            format!(" {}", quote(&p.name))
        };
        let _ = writeln!(t, "party {id}{name} {{ batna {} }}", num(snap(p.batna)));
    }
    t.push('\n');
    let issue_ids = names(a.issues.iter().map(|i| i.name.as_str()), false);
    let mut option_ids = vec![];
    for (issue, id) in a.issues.iter().zip(&issue_ids) {
        let name = if *id == issue.name {
            String::new()
        } else {
            format!(" {}", quote(&issue.name))
        };
        if let Some((lo, hi, step)) = grid(&issue.values) {
            let _ = writeln!(
                t,
                "issue {id}{name} : {} .. {} step {}",
                num(lo),
                num(hi),
                num(step)
            );
            option_ids.push(None);
            continue;
        }
        let shown: Vec<String> = issue.values.iter().map(shown).collect();
        let (ids, options) = options(&shown);
        let _ = writeln!(t, "issue {id}{name} : {options}");
        option_ids.push(Some(ids));
    }
    for (p, id) in a.parties.iter().zip(&party_ids) {
        let _ = writeln!(t, "\nprefs {id} {{");
        for (((issue, iid), ids), table) in a
            .issues
            .iter()
            .zip(&issue_ids)
            .zip(&option_ids)
            .zip(&p.values)
        {
            let entries: Vec<String> = match ids {
                Some(ids) => ids
                    .iter()
                    .zip(table)
                    .map(|(o, x)| format!("{o}: {}", num(snap(*x))))
                    .collect(),
                None => issue
                    .values
                    .iter()
                    .zip(table)
                    .map(|(v, x)| format!("{} -> {}", shown(v), num(snap(*x))))
                    .collect(),
            };
            let _ = match ids {
                Some(_) => writeln!(t, "    {iid} = {{ {} }}", entries.join(", ")),
                None => writeln!(t, "    {iid} = linear({})", entries.join(", ")),
            };
        }
        t.push_str("}\n");
    }
    t
}
