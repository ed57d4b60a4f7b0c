//! Rules: checked as conditions, then searched for a package that satisfies
//! them — alone, and together with every rule they share an issue with.

use super::expr::{Ctx, Ty};
use super::{Checker, LabelIn, Src};
use crate::diagnostics::Code;
use crate::diagnostics::Diag;
use crate::eval;
use crate::model::{self, Expr, Loc};
use crate::syntax;

/// How many rule evaluations the feasibility search may spend on one group.
const SEARCH_BUDGET: u64 = 5_000_000;

impl Checker<'_> {
    pub(super) fn rules(&mut self, rules: &[Src<'_, syntax::RuleDecl>]) {
        let mut all_ok = true;
        for &(src, r, _, span) in rules {
            let text = self.sources.get(src).text[r.expr.span.start..r.expr.span.end].to_string();
            let Some(res) = self.resolve(src, &r.expr, Ctx::Rule) else {
                all_ok = false;
                continue;
            };
            if res.ty != Ty::Bool {
                self.diags.push(
                    Diag::error(
                        Code::CheckType,
                        "a rule must be a condition",
                        src,
                        r.expr.span,
                        "not true or false",
                    )
                    .with_help("e.g. `rule: consulting == free => board_seat == yes`"),
                );
                all_ok = false;
                continue;
            }
            let mut issues = vec![];
            mentioned_issues(&res.expr, &mut issues);
            let mut events: Vec<usize> = issues
                .iter()
                .filter_map(|&i| self.s.issues[i].contingent_on)
                .collect();
            events.sort_unstable();
            events.dedup();
            self.s.rules.push(model::Rule {
                label: r.label.as_ref().map(|l| l.value.clone()),
                expr: res.expr,
                text,
                issues,
                events,
                loc: Loc { source: src, span },
            });
        }
        if all_ok && !self.has_errors() {
            self.feasibility();
        }
    }

    fn has_errors(&self) -> bool {
        self.diags.iter().any(Diag::is_error)
    }

    /// Reports rules that no package satisfies, alone or together.
    fn feasibility(&mut self) {
        let n = self.s.rules.len();
        let mut alone_ok = vec![true; n];
        for (r, ok) in alone_ok.iter_mut().enumerate() {
            match self.satisfiable(&[r]) {
                Some(true) => {}
                Some(false) => {
                    *ok = false;
                    let rule = &self.s.rules[r];
                    self.diags.push(
                        Diag::error(
                            Code::CheckRuleUnsatisfiable,
                            format!("no package satisfies {}", rule.describe()),
                            rule.loc.source,
                            rule.loc.span,
                            "no choice of options makes this true",
                        )
                        .with_help("check the comparison against the issues' ranges and options"),
                    );
                }
                None => self.search_gave_up(&[r]),
            }
        }
        for group in self.rule_groups() {
            if group.len() < 2 || group.iter().any(|&r| !alone_ok[r]) {
                continue;
            }
            match self.satisfiable(&group) {
                Some(true) => {}
                Some(false) => {
                    let first = &self.s.rules[group[0]];
                    let mut d = Diag::error(
                        Code::CheckRulesConflict,
                        format!("these {} rules cannot all hold at once", group.len()),
                        first.loc.source,
                        first.loc.span,
                        "this rule",
                    )
                    .with_help(
                        "each rule can be met alone, but no package meets them together; relax one",
                    );
                    for &r in &group[1..] {
                        let rule = &self.s.rules[r];
                        d = d.with_label_in(
                            self.sources,
                            rule.loc,
                            first.loc.source,
                            "conflicts with this one".into(),
                        );
                    }
                    self.diags.push(d);
                }
                None => self.search_gave_up(&group),
            }
        }
    }

    fn search_gave_up(&mut self, group: &[usize]) {
        let rule = &self.s.rules[group[0]];
        self.diags.push(
            Diag::warning(
                Code::CheckRulesUndecided,
                "could not confirm within the search budget that these rules can be met",
                rule.loc.source,
                rule.loc.span,
                "search budget spent here",
            )
            .with_help("the scenario is used as written; analyses will find no package if the rules really conflict"),
        );
    }

    /// Groups of rules linked by shared issues.
    fn rule_groups(&self) -> Vec<Vec<usize>> {
        let n = self.s.rules.len();
        let mut group_of: Vec<usize> = (0..n).collect();
        for a in 0..n {
            for b in 0..a {
                if self.s.rules[a]
                    .issues
                    .iter()
                    .any(|i| self.s.rules[b].issues.contains(i))
                {
                    let (ga, gb) = (group_of[a], group_of[b]);
                    for g in group_of.iter_mut() {
                        if *g == ga {
                            *g = gb;
                        }
                    }
                }
            }
        }
        let mut groups: Vec<Vec<usize>> = vec![];
        for g in 0..n {
            let members: Vec<usize> = (0..n).filter(|&r| group_of[r] == g).collect();
            if !members.is_empty() {
                groups.push(members);
            }
        }
        groups
    }

    /// Whether some package satisfies all of `rules` (`None`: budget spent).
    fn satisfiable(&self, rules: &[usize]) -> Option<bool> {
        let s = &self.s;
        let mut slots: Vec<usize> = vec![];
        for &r in rules {
            for &i in &s.rules[r].issues {
                slots.extend(s.issue_slots(i));
            }
        }
        slots.sort_unstable();
        slots.dedup();
        // A rule is tested once the last of its slots is assigned.
        let ready: Vec<Vec<usize>> = (0..slots.len())
            .map(|k| {
                rules
                    .iter()
                    .copied()
                    .filter(|&r| last_position(s, r, &slots) == Some(k))
                    .collect()
            })
            .collect();
        let unslotted: Vec<usize> = rules
            .iter()
            .copied()
            .filter(|&r| last_position(s, r, &slots).is_none())
            .collect();
        let mut package = vec![0u32; s.slots.len()];
        if unslotted.iter().any(|&r| !eval::satisfies(s, r, &package)) {
            return Some(false);
        }
        let mut budget = SEARCH_BUDGET;
        search(s, &slots, &ready, 0, &mut package, &mut budget)
    }
}

fn last_position(s: &model::Scenario, rule: usize, slots: &[usize]) -> Option<usize> {
    s.rules[rule]
        .issues
        .iter()
        .flat_map(|&i| s.issue_slots(i))
        .filter_map(|slot| slots.iter().position(|&x| x == slot))
        .max()
}

fn search(
    s: &model::Scenario,
    slots: &[usize],
    ready: &[Vec<usize>],
    k: usize,
    package: &mut [u32],
    budget: &mut u64,
) -> Option<bool> {
    if k == slots.len() {
        return Some(true);
    }
    let options = s.issues[s.slots[slots[k]].issue].domain.len() as u32;
    for opt in 0..options {
        package[slots[k]] = opt;
        let mut ok = true;
        for &r in &ready[k] {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            if !eval::satisfies(s, r, package) {
                ok = false;
                break;
            }
        }
        if ok && search(s, slots, ready, k + 1, package, budget)? {
            return Some(true);
        }
    }
    Some(false)
}

/// The issues an expression reads, each once.
fn mentioned_issues(e: &Expr, out: &mut Vec<usize>) {
    let mut add = |i: usize| {
        if !out.contains(&i) {
            out.push(i)
        }
    };
    match e {
        Expr::Issue(i) | Expr::IsOption(i, _) => add(*i),
        Expr::Unary(_, x) => mentioned_issues(x, out),
        Expr::Binary(_, a, b) => {
            mentioned_issues(a, out);
            mentioned_issues(b, out);
        }
        Expr::If(c, a, b) => {
            mentioned_issues(c, out);
            mentioned_issues(a, out);
            mentioned_issues(b, out);
        }
        Expr::When(_, arms) => arms.iter().for_each(|a| mentioned_issues(a, out)),
        Expr::Num(_)
        | Expr::Utility(..)
        | Expr::Batna(_)
        | Expr::Acceptance(..)
        | Expr::Belief(..)
        | Expr::Simulated(..) => {}
    }
}
