//! The package flow: `tentative`, `reopen`, `status` and `agree` on a
//! session's settlements ("nothing is agreed until everything is agreed").

use super::{space_error, Session, Step};
use crate::analysis::space::SpaceError;
use crate::analysis::{bargaining, improve, settle};
use crate::diagnostics::Code;
use crate::diagnostics::Diag;
use crate::eval;
use crate::model::{Agreement, Command, Package, Scenario};
use crate::report::{self, Report};

impl Session<'_> {
    /// Whether an issue's settlement is final (a sequential agreement's issue).
    pub(super) fn is_final(&self, issue: usize) -> bool {
        matches!(&self.s.agreement, Agreement::Sequential(order) if order.contains(&issue))
    }

    pub(super) fn tentative(&mut self, c: &Command, issue: usize, options: &[u32]) -> Step {
        let s = self.s;
        if let Agreement::Sequential(order) = &s.agreement {
            if let Some(k) = order.iter().position(|&x| x == issue) {
                if self.settled[issue].is_some() {
                    return Step::Error(flow_error(
                        c,
                        format!(
                            "`{}` is settled for good: the agreement is sequential",
                            s.issues[issue].id
                        ),
                        "settled earlier",
                        "under `agreement sequential …` each issue is settled once, in order",
                    ));
                }
                if let Some(&first) = order[..k].iter().find(|&&x| self.settled[x].is_none()) {
                    return Step::Error(flow_error(
                        c,
                        format!(
                            "the sequential agreement settles `{}` before `{}`",
                            s.issues[first].id, s.issues[issue].id
                        ),
                        "out of order",
                        "settle the issues in the order of the `agreement sequential` line",
                    ));
                }
            }
        }
        self.settle(c, issue, Some(options.to_vec()))
    }

    pub(super) fn reopen(&mut self, c: &Command, issue: usize) -> Step {
        let id = &self.s.issues[issue].id;
        if self.is_final(issue) {
            return Step::Error(flow_error(
                c,
                format!("`{id}` cannot be reopened: the agreement is sequential"),
                "settled for good",
                "declare `agreement package` to keep every settlement tentative",
            ));
        }
        if self.settled[issue].is_none() {
            return Step::Error(flow_error(
                c,
                format!("`{id}` is not settled"),
                "nothing to reopen",
                "`status` lists the settled issues",
            ));
        }
        self.settle(c, issue, None)
    }

    /// Settles (`Some`) or reopens (`None`) an issue and reports on it; when
    /// the report fails the settlement is undone, so a failed command
    /// changes nothing.
    pub(super) fn settle(&mut self, c: &Command, issue: usize, to: Option<Vec<u32>>) -> Step {
        let tentative = to.is_some();
        let before = std::mem::replace(&mut self.settled[issue], to);
        if tentative && self.is_final(issue) {
            // A final settlement that leaves no package could never be
            // mended: a sequential agreement forbids reopening.
            let broken = match settle::joint_value_within(self.s, &self.settled) {
                Ok(None) => Some(broken_names(self.s, &self.settled)),
                _ => None,
            };
            if let Some(broken) = broken {
                self.settled[issue] = before;
                let what = if broken.is_empty() {
                    "the rules together".to_string()
                } else {
                    broken.join(", ")
                };
                return Step::Error(flow_error(
                    c,
                    format!(
                        "settling `{}` this way breaks {what}, and under a sequential agreement it could not be reopened",
                        self.s.issues[issue].id
                    ),
                    "no package completes the settlements",
                    "settle it to a value the rules allow with the issues settled before it",
                ));
            }
        }
        let step = self.settle_report(c, issue, tentative);
        if let Step::Error(_) = step {
            self.settled[issue] = before;
        }
        step
    }

    pub(super) fn settle_report(&mut self, c: &Command, issue: usize, tentative: bool) -> Step {
        let s = self.s;
        let unconstrained = match self.frontier() {
            Ok(points) => settle::joint_value(points).unwrap_or(0.0),
            Err(e) => return Step::Error(space_error(self.s, c, &e)),
        };
        let joint = match settle::joint_value_within(s, &self.settled) {
            Ok(v) => v,
            Err(e) => return Step::Error(space_error(self.s, c, &e)),
        };
        let r = report::SettleReport {
            issue: s.issues[issue].id.clone(),
            value: self.settled[issue]
                .as_ref()
                .map_or(serde_json::Value::Null, |o| {
                    report::setting_value(s, issue, o)
                }),
            shown: self.settled[issue]
                .as_ref()
                .map_or(String::new(), |o| report::setting_text(s, issue, o)),
            fin: self.is_final(issue),
            settled: self.settled.iter().filter(|x| x.is_some()).count(),
            issues: s.issues.len(),
            joint_value: joint.map(crate::model::snap),
            unconstrained: crate::model::snap(unconstrained),
            breaks: if joint.is_none() {
                broken_names(s, &self.settled)
            } else {
                vec![]
            },
        };
        Step::Report(if tentative {
            Report::Tentative(Box::new(r))
        } else {
            Report::Reopen(Box::new(r))
        })
    }

    pub(super) fn status(&mut self, c: &Command) -> Step {
        let s = self.s;
        let unconstrained = match self.frontier() {
            Ok(points) => settle::joint_value(points).unwrap_or(0.0),
            Err(e) => return Step::Error(space_error(self.s, c, &e)),
        };
        let within = match settle::frontier_within(s, &self.settled, &self.cancel) {
            Ok(points) => points,
            Err(SpaceError::Infeasible) => vec![],
            Err(e) => return Step::Error(space_error(self.s, c, &e)),
        };
        let costs = match settle::costs(s, &self.settled) {
            Ok(c) => c,
            Err(e) => return Step::Error(space_error(self.s, c, &e)),
        };
        let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
        let nash = bargaining::nash(&within, &batnas).map(|i| &within[i].package);
        let finals: Vec<bool> = (0..s.issues.len()).map(|i| self.is_final(i)).collect();
        let broken = if within.is_empty() {
            settle::rules_broken_by(s, &self.settled)
        } else {
            vec![]
        };
        Step::Report(Report::Status(Box::new(report::status(
            s,
            &self.settled,
            &finals,
            &costs,
            &broken,
            &within,
            settle::joint_value(&within),
            unconstrained,
            nash,
        ))))
    }

    pub(super) fn agree(&mut self, c: &Command) -> Step {
        let s = self.s;
        let open: Vec<&str> = (0..s.issues.len())
            .filter(|&i| self.settled[i].is_none())
            .map(|i| s.issues[i].id.as_str())
            .collect();
        if !open.is_empty() {
            let broken = broken_names(s, &self.settled);
            let (also, help) = if broken.is_empty() {
                (
                    String::new(),
                    "settle each with `tentative ISSUE = VALUE`, then `agree`",
                )
            } else {
                (
                    format!("; and the settlements already break {}", broken.join(", ")),
                    "reopen an issue the rule mentions, settle it again, then settle the open issues",
                )
            };
            return Step::Error(flow_error(
                c,
                format!(
                    "nothing is agreed until everything is agreed: {} still open: {}{also}",
                    if open.len() == 1 {
                        "1 issue is"
                    } else {
                        "issues are"
                    },
                    open.join(", ")
                ),
                "not every issue is settled",
                help,
            ));
        }
        let package: Package = settle::fixed_slots(s, &self.settled)
            .into_iter()
            .map(|o| o.expect("every issue is settled"))
            .collect();
        let broken = eval::broken_rules(s, &package);
        if !broken.is_empty() {
            let names: Vec<String> = broken.iter().map(|&r| s.rules[r].describe()).collect();
            return Step::Error(flow_error(
                c,
                format!("the settled package breaks {}", names.join(", ")),
                "breaks a rule",
                "reopen an issue the rule mentions and settle it again",
            ));
        }
        let reference: Vec<f64> = (0..s.parties.len())
            .map(|p| eval::cared(s, p, &package))
            .collect();
        let figures = report::figures(s, &report::Labels::of(s), &package);
        let (efficient, left) = match self.frontier() {
            Ok(points) => {
                let found = improve::improve(points, &reference);
                let r = report::improve(s, "the agreement", points, &reference, &found);
                (r.efficient, r.left_on_table())
            }
            Err(e) => return Step::Error(space_error(self.s, c, &e)),
        };
        Step::Report(Report::Agree(Box::new(report::AgreeReport {
            figures,
            efficient,
            left,
        })))
    }
}

/// The rules the settlements break, named as in messages.
fn broken_names(s: &Scenario, settled: &[Option<Vec<u32>>]) -> Vec<String> {
    settle::rules_broken_by(s, settled)
        .into_iter()
        .map(|r| s.rules[r].describe())
        .collect()
}

fn flow_error(c: &Command, message: String, label: &str, help: &str) -> Diag {
    Diag::error(Code::RunFlow, message, c.loc.source, c.loc.span, label).with_help(help)
}
