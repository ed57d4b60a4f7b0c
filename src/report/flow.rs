//! Reports of the package flow: `tentative`, `reopen`, `status`, `agree`.

use super::{figures, Figures, Labels};
use crate::analysis::frontier::Point;
use crate::model::{Package, Scenario};
use serde::Serialize;
use serde_json::{Map, Value};

/// `tentative ISSUE = VALUE` or `reopen ISSUE`: the settlement and where the
/// partial package stands.
#[derive(Debug, Clone, Serialize)]
pub struct SettleReport {
    /// The issue.
    pub issue: String,
    /// Its settled value (`null` after `reopen`).
    pub value: Value,
    /// The value as text (`$100`, `{ yes: 18%, no: 30% }`).
    #[serde(skip)]
    pub shown: String,
    /// Whether the settlement is final (a sequential agreement's issue).
    #[serde(rename = "final")]
    pub fin: bool,
    /// How many issues are settled, of how many.
    pub settled: usize,
    /// Number of issues.
    pub issues: usize,
    /// The largest joint utility still reachable.
    pub joint_value: Option<f64>,
    /// The largest joint utility of the whole space.
    pub unconstrained: f64,
    /// The rules the settlements break, each on its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<String>,
}

/// `status`: the settlements, their costs, and the best completions.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// `"package"` or `"sequential"`.
    pub agreement: &'static str,
    /// The settled issues, in issue order.
    pub settled: Vec<Settlement>,
    /// The issues still open.
    pub open: Vec<String>,
    /// The largest joint utility still reachable (`null`: the settlements
    /// leave no package that satisfies the rules).
    pub joint_value: Option<f64>,
    /// The largest joint utility of the whole space.
    pub unconstrained: f64,
    /// What the settlements cost together: unconstrained − joint value.
    pub cost: Option<f64>,
    /// The rules the settlements break, each on its own (empty when they
    /// leave no package only through the rules together).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<String>,
    /// The Nash package among the completions (if any beats every BATNA).
    pub nash: Option<Figures>,
    /// Party → its best completion.
    pub best: Map<String, Value>,
    /// Per party: (party, its cared-for utility, the package on one line), for text.
    #[serde(skip)]
    pub best_lines: Vec<(String, f64, String)>,
}

/// One settled issue.
#[derive(Debug, Clone, Serialize)]
pub struct Settlement {
    /// The issue.
    pub issue: String,
    /// Its value.
    pub value: Value,
    /// The value as text.
    #[serde(skip)]
    pub shown: String,
    /// Whether it is final.
    #[serde(rename = "final")]
    pub fin: bool,
    /// The joint value it costs, the other settlements kept (`null` when
    /// the settlements together leave no package).
    pub cost: Option<f64>,
}

/// `agree`: the final package.
#[derive(Debug, Clone, Serialize)]
pub struct AgreeReport {
    /// The package and every party's figures.
    #[serde(flatten)]
    pub figures: Figures,
    /// Whether no package is better for some party and worse for none.
    pub efficient: bool,
    /// When not efficient: the value it leaves on the table.
    #[serde(flatten)]
    pub left: super::LeftOnTable,
}

/// An issue's settled value as JSON: the option, or outcome → option.
pub fn setting_value(s: &Scenario, issue: usize, options: &[u32]) -> Value {
    let i = &s.issues[issue];
    match i.contingent_on {
        None => i.domain.json(options[0]),
        Some(e) => Value::Object(
            s.events[e]
                .outcomes
                .iter()
                .zip(options)
                .map(|(o, &opt)| (o.clone(), i.domain.json(opt)))
                .collect(),
        ),
    }
}

/// An issue's settled value as text: `$100`, or `{ yes: 18%, no: 30% }`.
pub fn setting_text(s: &Scenario, issue: usize, options: &[u32]) -> String {
    let i = &s.issues[issue];
    match i.contingent_on {
        None => i.show(options[0]),
        Some(e) => {
            let parts: Vec<String> = s.events[e]
                .outcomes
                .iter()
                .zip(options)
                .map(|(o, &opt)| format!("{o}: {}", i.show(opt)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

/// The `status` report from the session's settlements.
#[allow(clippy::too_many_arguments)]
pub fn status(
    s: &Scenario,
    settled: &[Option<Vec<u32>>],
    finals: &[bool],
    costs: &[(usize, Option<f64>)],
    broken: &[usize],
    within: &[Point],
    joint_value: Option<f64>,
    unconstrained: f64,
    nash: Option<&Package>,
) -> StatusReport {
    let labels = Labels::of(s);
    let tops: Vec<(String, f64, Figures)> = s
        .parties
        .iter()
        .enumerate()
        .filter_map(|(p, party)| {
            let top = within
                .iter()
                .max_by(|a, b| a.values[p].total_cmp(&b.values[p]))?;
            Some((
                party.id.clone(),
                top.values[p],
                figures(s, &labels, &top.package),
            ))
        })
        .collect();
    let best_lines = tops
        .iter()
        .map(|(p, v, f)| (p.clone(), *v, f.package.line()))
        .collect();
    let best = tops
        .into_iter()
        .map(|(p, _, f)| (p, serde_json::to_value(f).unwrap_or(Value::Null)))
        .collect();
    StatusReport {
        agreement: if matches!(s.agreement, crate::model::Agreement::Sequential(_)) {
            "sequential"
        } else {
            "package"
        },
        settled: costs
            .iter()
            .map(|&(i, cost)| Settlement {
                issue: s.issues[i].id.clone(),
                value: setting_value(s, i, settled[i].as_deref().unwrap_or(&[])),
                shown: setting_text(s, i, settled[i].as_deref().unwrap_or(&[])),
                fin: finals[i],
                cost: cost.map(crate::model::snap),
            })
            .collect(),
        breaks: broken.iter().map(|&r| s.rules[r].describe()).collect(),
        open: (0..s.issues.len())
            .filter(|&i| settled[i].is_none())
            .map(|i| s.issues[i].id.clone())
            .collect(),
        joint_value: joint_value.map(crate::model::snap),
        unconstrained: crate::model::snap(unconstrained),
        cost: joint_value.map(|v| crate::model::snap(unconstrained - v)),
        nash: nash.map(|p| figures(s, &labels, p)),
        best,
        best_lines,
    }
}
