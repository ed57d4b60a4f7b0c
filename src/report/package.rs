//! Packages in reports: option indices plus shared labels, turned into JSON
//! or text only when printed (a frontier may hold thousands of packages of
//! hundreds of issues; text shows a few of them).

use crate::model::{Domain, Package, Scenario};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use std::sync::Arc;

/// What it takes to show a package: issue names, options, outcomes.
#[derive(Debug)]
pub struct Labels {
    issues: Vec<IssueLabel>,
}

#[derive(Debug)]
struct IssueLabel {
    id: String,
    domain: Domain,
    /// Display names of named options (`None`: shown by identifier).
    names: Vec<Option<String>>,
    /// The event's outcomes, for a contingent issue.
    outcomes: Option<Vec<String>>,
    first_slot: usize,
}

impl Labels {
    /// The labels of a scenario's packages.
    pub(crate) fn of(s: &Scenario) -> Arc<Labels> {
        Arc::new(Labels {
            issues: s
                .issues
                .iter()
                .enumerate()
                .map(|(i, issue)| IssueLabel {
                    id: issue.id.clone(),
                    domain: issue.domain.clone(),
                    names: issue.option_names.clone(),
                    outcomes: issue.contingent_on.map(|e| s.events[e].outcomes.clone()),
                    first_slot: s.first_slot[i],
                })
                .collect(),
        })
    }
}

/// A package ready to be shown.
#[derive(Debug, Clone)]
pub struct PackageView {
    labels: Arc<Labels>,
    options: Package,
}

impl PackageView {
    /// A view of `package` with the given labels.
    pub(crate) fn new(labels: &Arc<Labels>, package: &Package) -> PackageView {
        PackageView {
            labels: Arc::clone(labels),
            options: package.clone(),
        }
    }

    /// Whether two views show the same package.
    pub fn same_package(&self, other: &PackageView) -> bool {
        self.options == other.options
    }

    /// `(issue, value)` pairs as a person reads them: `27%`, `{ yes: $52k, no: $44k }`.
    pub fn shown(&self) -> Vec<(String, String)> {
        self.labels
            .issues
            .iter()
            .map(|l| {
                let show = |o: u32| match l.names.get(o as usize) {
                    Some(Some(name)) => name.clone(),
                    _ => l.domain.show(o),
                };
                let value = match &l.outcomes {
                    None => show(self.options[l.first_slot]),
                    Some(outcomes) => {
                        let parts: Vec<String> = outcomes
                            .iter()
                            .enumerate()
                            .map(|(k, o)| format!("{o}: {}", show(self.options[l.first_slot + k])))
                            .collect();
                        format!("{{ {} }}", parts.join(", "))
                    }
                };
                (l.id.clone(), value)
            })
            .collect()
    }

    /// One line: `equity 27% · consulting none`.
    pub fn line(&self) -> String {
        self.shown()
            .iter()
            .map(|(i, v)| format!("{i} {v}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn json_value(&self, l: &IssueLabel) -> Value {
        match &l.outcomes {
            None => l.domain.json(self.options[l.first_slot]),
            Some(outcomes) => Value::Object(
                outcomes
                    .iter()
                    .enumerate()
                    .map(|(k, o)| (o.clone(), l.domain.json(self.options[l.first_slot + k])))
                    .collect(),
            ),
        }
    }
}

/// Serialises as `{"<issue>": "<option>" | <number> | {"<outcome>": …}}`.
impl Serialize for PackageView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.labels.issues.len()))?;
        for l in &self.labels.issues {
            map.serialize_entry(&l.id, &self.json_value(l))?;
        }
        map.end()
    }
}
