//! Events, issues (with their grids and contingencies), parties, the
//! agreement mode and hook declarations.

use super::names::Kind;
use super::{Checker, LabelIn, Src};
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use crate::model::{self, Care, Domain, Loc, Slot};
use crate::syntax::{self, AgreementDecl, HookDecl, Ident, IssueDomain, Number, Unit};

/// The most options a numeric issue may have.
pub const MAX_OPTIONS: usize = 1_000_000;

/// Names that read as something else in a score sheet.
const RESERVED_ISSUE_NAMES: &[&str] = &["extra", "utility", "nash", "kalai", "welfare"];

impl Checker<'_> {
    pub(super) fn events(&mut self, events: &[Src<'_, syntax::EventDecl>]) {
        for &(src, e, _, _) in events {
            let outcomes: Vec<String> = match &e.outcomes {
                None => vec!["yes".into(), "no".into()],
                Some(list) => {
                    self.no_repeats(src, list, &format!("event `{}`", e.id.name), "outcome");
                    if list.len() < 2 {
                        self.diags.push(
                            Diag::error(
                                Code::CheckEventOutcomes,
                                format!("event `{}` has only one outcome", e.id.name),
                                src,
                                e.id.span,
                                "an event with one outcome is certain",
                            )
                            .with_help(
                                "list at least two outcomes, or leave them out for a yes/no event",
                            ),
                        );
                    }
                    distinct_names(list)
                }
            };
            self.s.events.push(model::Event {
                id: e.id.name.clone(),
                name: e.name.as_ref().map(|n| n.value.clone()),
                outcomes,
            });
        }
    }

    /// Reports names listed twice in one list.
    pub(super) fn no_repeats(&mut self, src: SourceId, list: &[Ident], owner: &str, what: &str) {
        // A map from each name to its first listing: linear in the list
        // (an issue may have a hundred thousand options).
        let mut first_of: std::collections::HashMap<&str, &Ident> =
            std::collections::HashMap::with_capacity(list.len());
        for a in list {
            let first = *first_of.entry(a.name.as_str()).or_insert(a);
            if !std::ptr::eq(first, a) {
                self.diags.push(
                    Diag::error(
                        Code::CheckDuplicate,
                        format!("{owner} lists {what} `{}` twice", a.name),
                        src,
                        a.span,
                        "listed again here",
                    )
                    .with_label(first.span, "first listed here")
                    .with_help(format!("remove one of the two `{}`", a.name)),
                );
            }
        }
    }

    pub(super) fn issues(
        &mut self,
        issues: &[Src<'_, syntax::IssueDecl>],
        contingents: &[(SourceId, &Ident, &Ident)],
    ) {
        for &(src, decl, doc, _) in issues {
            if RESERVED_ISSUE_NAMES.contains(&decl.id.name.as_str()) {
                self.diags.push(
                    Diag::error(
                        Code::CheckReservedName,
                        format!("`{}` cannot name an issue", decl.id.name),
                        src,
                        decl.id.span,
                        "reserved word",
                    )
                    .with_help("`extra` and `utility` are score-sheet keywords and `nash`, `kalai`, `welfare` name computed packages; pick another name"),
                );
            }
            let domain = self.domain(src, decl);
            self.s.issues.push(model::Issue {
                id: decl.id.name.clone(),
                name: decl.name.as_ref().map(|n| n.value.clone()),
                doc: doc.cloned(),
                domain,
                // One display name per option kept (see `domain`: the first
                // of a repeated option).
                option_names: {
                    // A set, not a search per option: issues may have 10^5.
                    let mut seen = std::collections::HashSet::new();
                    decl.option_names
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| match &decl.domain {
                            IssueDomain::Options(list) => seen.insert(list[k].name.as_str()),
                            IssueDomain::Range { .. } => true,
                        })
                        .map(|(_, n)| n.as_ref().map(|s| s.value.clone()))
                        .collect()
                },
                contingent_on: None,
                loc: Loc {
                    source: src,
                    span: decl.id.span,
                },
            });
        }
        let mut seen: Vec<(usize, Loc)> = vec![];
        for &(src, issue, event) in contingents {
            let i = self.lookup(src, issue, Kind::Issue);
            let e = self.lookup(src, event, Kind::Event);
            let (Some(i), Some(e)) = (i, e) else { continue };
            if let Some((_, first)) = seen.iter().find(|(j, _)| *j == i) {
                let d = Diag::error(
                    Code::CheckDuplicate,
                    format!("issue `{}` is made contingent twice", issue.name),
                    src,
                    issue.span,
                    "again here",
                );
                let d = d.with_label_in(self.sources, *first, src, "first here".into());
                self.diags
                    .push(d.with_help("an issue is contingent on one event"));
                continue;
            }
            seen.push((
                i,
                Loc {
                    source: src,
                    span: issue.span,
                },
            ));
            self.s.issues[i].contingent_on = Some(e);
        }
        self.build_slots();
    }

    fn domain(&mut self, src: SourceId, decl: &syntax::IssueDecl) -> Domain {
        match &decl.domain {
            IssueDomain::Options(list) => {
                self.no_repeats(src, list, &format!("issue `{}`", decl.id.name), "option");
                Domain::Options(distinct_names(list))
            }
            IssueDomain::Range { lo, hi, step } => self.grid(src, decl, lo, hi, step),
        }
    }

    /// The numeric grid `lo, lo + step, …, hi`, after checking it is one.
    fn grid(
        &mut self,
        src: SourceId,
        decl: &syntax::IssueDecl,
        lo: &Number,
        hi: &Number,
        step: &Number,
    ) -> Domain {
        // Until the range proves sound, this issue's grid is a stand-in, in
        // the unit the help suggests, so that literals in that unit elsewhere
        // raise no follow-on errors.
        self.broken_issues.insert(self.s.issues.len());
        let fallback = Domain::Numeric {
            values: vec![lo.value],
            unit: range_unit(lo, hi, step),
            step: 1.0,
        };
        for n in [hi, step] {
            if n.unit != lo.unit {
                self.diags.push(
                    Diag::error(
                        Code::CheckUnitMismatch,
                        format!("the range of `{}` mixes units", decl.id.name),
                        src,
                        n.span,
                        format!("this is {}", n.unit.describe()),
                    )
                    .with_label(lo.span, format!("this is {}", lo.unit.describe()))
                    .with_help(range_in_one_unit(lo, hi, step)),
                );
                return fallback;
            }
        }
        if step.value <= 0.0 {
            self.diags.push(
                Diag::error(
                    Code::CheckBadStep,
                    "the step must be positive",
                    src,
                    step.span,
                    "not positive",
                )
                .with_help("the step is the distance between neighbouring values"),
            );
            return fallback;
        }
        if hi.value < lo.value {
            self.diags.push(
                Diag::error(
                    Code::CheckBadRange,
                    format!("the range of `{}` runs backwards", decl.id.name),
                    src,
                    lo.span.to(hi.span),
                    "the lower bound comes first",
                )
                .with_help(format!("write `{} .. {}`", hi.text, lo.text)),
            );
            return fallback;
        }
        let count = (hi.value - lo.value) / step.value;
        if !count.is_finite() || count >= MAX_OPTIONS as f64 {
            self.diags.push(
                Diag::error(
                    Code::CheckTooManyOptions,
                    format!(
                        "issue `{}` would have more than {MAX_OPTIONS} values",
                        decl.id.name
                    ),
                    src,
                    step.span,
                    "this step is too fine for the range",
                )
                .with_help("choose a larger step or a narrower range"),
            );
            return fallback;
        }
        if (count - count.round()).abs() > 1e-9 * count.max(1.0) {
            let k = count.floor();
            let below = model::format_number(lo.value + k * step.value, lo.unit);
            self.diags.push(
                Diag::error(
                    Code::CheckStepDivides,
                    format!(
                        "the step {} does not divide the range of `{}`",
                        step.text, decl.id.name
                    ),
                    src,
                    step.span,
                    format!(
                        "{} is not a whole number of steps from {} to {}",
                        step.text, lo.text, hi.text
                    ),
                )
                .with_help(format!(
                    "end the range at {below}, or choose a step that divides {} .. {}",
                    lo.text, hi.text
                )),
            );
            return fallback;
        }
        let n = count.round() as usize + 1;
        if n > MAX_OPTIONS {
            self.diags.push(
                Diag::error(
                    Code::CheckTooManyOptions,
                    format!("issue `{}` would have {n} values", decl.id.name),
                    src,
                    step.span,
                    "this step is too fine",
                )
                .with_help(format!(
                    "an issue may have at most {MAX_OPTIONS} values; choose a larger step"
                )),
            );
            return fallback;
        }
        self.broken_issues.remove(&self.s.issues.len());
        let values = (0..n)
            .map(|k| model::snap(lo.value + k as f64 * step.value))
            .collect();
        Domain::Numeric {
            values,
            unit: lo.unit,
            step: step.value,
        }
    }

    fn build_slots(&mut self) {
        for (i, issue) in self.s.issues.iter().enumerate() {
            self.s.first_slot.push(self.s.slots.len());
            match issue.contingent_on {
                None => self.s.slots.push(Slot {
                    issue: i,
                    outcome: None,
                }),
                Some(e) => {
                    for o in 0..self.s.events[e].outcomes.len() {
                        self.s.slots.push(Slot {
                            issue: i,
                            outcome: Some(o),
                        });
                    }
                }
            }
        }
    }

    pub(super) fn parties(&mut self, parties: &[Src<'_, syntax::PartyDecl>]) {
        for &(src, p, doc, _) in parties {
            let batna = self.batna(src, p);
            let discount = self.discount(src, p);
            self.s.parties.push(model::Party {
                id: p.id.name.clone(),
                name: p.name.as_ref().map(|n| n.value.clone()),
                doc: doc.cloned(),
                batna,
                discount,
                care: vec![],
                beliefs: vec![None; self.s.events.len()],
                weights: vec![1.0; self.s.issues.len()],
                ranges: vec![],
                values: vec![],
                extras: vec![],
                hypotheses: vec![],
                loc: Loc {
                    source: src,
                    span: p.id.span,
                },
            });
        }
        for (me, &(src, p, _, _)) in parties.iter().enumerate() {
            let care = self.care(src, me, p);
            self.s.parties[me].care = care;
        }
    }

    pub(super) fn batna(&mut self, src: SourceId, p: &syntax::PartyDecl) -> f64 {
        let batnas: Vec<&Number> = p.batnas.iter().collect();
        self.one_batna(src, &format!("party `{}`", p.id.name), &batnas)
            .unwrap_or(0.0)
    }

    /// `discount D`: GENIUS's discount factor, above 0 and at most 1
    /// (1 when not written: no discount).
    fn discount(&mut self, src: SourceId, p: &syntax::PartyDecl) -> f64 {
        for extra in p.discounts.iter().skip(1) {
            self.diags.push(
                Diag::error(Code::CheckDuplicate, format!("party `{}` has two discount factors", p.id.name), src, extra.span, "second `discount`")
                    .with_label(p.discounts[0].span, "first `discount`")
                    .with_help("keep one `discount`"),
            );
        }
        let Some(d) = p.discounts.first() else {
            return 1.0;
        };
        if d.unit != Unit::Plain || !(d.value > 0.0 && d.value <= 1.0) {
            self.diags.push(
                Diag::error(Code::CheckArgument, "a discount factor is a number above 0 and at most 1", src, d.span, "not a discount factor")
                    .with_help("utilities shrink to `u·d^t` by the time t ∈ [0, 1] of the agreement; e.g. `discount 0.9`, or leave it out for none"),
            );
            return 1.0;
        }
        d.value
    }

    /// The one BATNA of `whose` (a party, or a hypothesis about one), in
    /// points; `None` when none is written.
    pub(super) fn one_batna(
        &mut self,
        src: SourceId,
        whose: &str,
        batnas: &[&Number],
    ) -> Option<f64> {
        for extra in batnas.iter().skip(1) {
            self.diags.push(
                Diag::error(
                    Code::CheckDuplicate,
                    format!("{whose} has two BATNAs"),
                    src,
                    extra.span,
                    "second `batna`",
                )
                .with_label(batnas[0].span, "first `batna`")
                .with_help("a party has one best alternative; keep one `batna`"),
            );
        }
        let b = batnas.first()?;
        if b.unit != Unit::Plain {
            self.diags.push(
                Diag::error(
                    Code::CheckUnitMismatch,
                    "a BATNA is in the party's points, not in a unit",
                    src,
                    b.span,
                    format!("this is {}", b.unit.describe()),
                )
                .with_help("write the utility of the best alternative on the score sheet's scale, e.g. `batna 45`"),
            );
        }
        Some(b.value)
    }

    pub(super) fn care(&mut self, src: SourceId, me: usize, p: &syntax::PartyDecl) -> Vec<Care> {
        let mut out: Vec<Care> = vec![];
        for c in &p.cares {
            if !matches!(c.amount.unit, Unit::Plain | Unit::Percent) {
                self.diags.push(
                    Diag::error(
                        Code::CheckUnitMismatch,
                        "`care` is a share of the other side's utility",
                        src,
                        c.amount.span,
                        format!("this is {}", c.amount.unit.describe()),
                    )
                    .with_help(
                        "write a plain number or a percentage, e.g. `care 0.1` or `care 10%`",
                    ),
                );
                continue;
            }
            if c.amount.value.abs() > 1.0 {
                self.diags.push(
                    Diag::warning(
                        Code::CheckCareAboveOne,
                        format!(
                            "`care {}` counts the other side's utility {} times over",
                            c.amount.text, c.amount.value
                        ),
                        src,
                        c.amount.span,
                        "more than the party's own utility",
                    )
                    .with_help(if c.amount.unit == Unit::Plain {
                        format!(
                            "care is a share of the other side's utility; did you mean `care {}`?",
                            super::unit_hints::restate(&c.amount, Unit::Percent).text
                        )
                    } else {
                        "care is a share of the other side's utility; `care 100%` counts it as much as the party's own".to_string()
                    }),
                );
            }
            let targets: Vec<usize> = match &c.target {
                Some(t) => {
                    match self.lookup(src, t, Kind::Party) {
                        Some(q) if q == me => {
                            self.diags.push(
                            Diag::error(
                                Code::CheckCareSelf,
                                format!("party `{}` cannot care for itself", p.id.name),
                                src,
                                t.span,
                                "this is the same party",
                            )
                            .with_help("`care X for OTHER` adds X times OTHER's utility to this party's"),
                        );
                            continue;
                        }
                        Some(q) => vec![q],
                        None => continue,
                    }
                }
                None => (0..self.s.parties.len()).filter(|&q| q != me).collect(),
            };
            for q in targets {
                if out.iter().any(|o| o.party == q) {
                    self.diags.push(
                        Diag::error(
                            Code::CheckDuplicate,
                            format!(
                                "party `{}` cares for `{}` twice",
                                p.id.name, self.s.parties[q].id
                            ),
                            src,
                            c.span,
                            "care given again here",
                        )
                        .with_help("give one `care` per party cared for"),
                    );
                    continue;
                }
                out.push(Care {
                    party: q,
                    amount: c.amount.value,
                });
            }
        }
        out
    }

    pub(super) fn agreement(&mut self, agreements: &[Src<'_, AgreementDecl>]) {
        for (n, &(src, a, _, span)) in agreements.iter().enumerate() {
            if n > 0 {
                self.diags.push(
                    Diag::error(
                        Code::CheckDuplicate,
                        "the agreement mode is set twice",
                        src,
                        span,
                        "second `agreement`",
                    )
                    .with_help("keep one `agreement` line"),
                );
                continue;
            }
            if let AgreementDecl::Sequential(order) = a {
                self.no_repeats(src, order, "`agreement sequential`", "issue");
                let resolved: Vec<usize> = order
                    .iter()
                    .filter_map(|i| self.lookup(src, i, Kind::Issue))
                    .collect();
                self.s.agreement = model::Agreement::Sequential(resolved);
            }
        }
    }

    pub(super) fn hooks(&mut self, hooks: &[(SourceId, &HookDecl)]) {
        for &(src, h) in hooks {
            if let HookDecl::File(path) = h {
                if !path.value.ends_with(".rhai") && !path.value.starts_with("std/") {
                    self.diags.push(
                        Diag::warning(
                            Code::CheckHookFile,
                            "hook files are Rhai scripts",
                            src,
                            path.span,
                            "expected a `.rhai` file",
                        )
                        .with_help("name the file `….rhai`"),
                    );
                }
            }
        }
    }
}

/// The unit most of a range's three literals carry (the lower bound's, when
/// all three differ).
fn range_unit(lo: &Number, hi: &Number, step: &Number) -> Unit {
    if hi.unit == step.unit {
        hi.unit
    } else {
        lo.unit
    }
}

/// The range `lo .. hi step s` restated in [`range_unit`].
fn range_in_one_unit(lo: &Number, hi: &Number, step: &Number) -> String {
    let unit = range_unit(lo, hi, step);
    let [lo, hi, step] = [lo, hi, step].map(|n| super::unit_hints::restate(n, unit).text);
    format!("write the bounds and the step in one unit: `{lo} .. {hi} step {step}`")
}

/// The names of a list, each once, in order. A repeat is reported by
/// `no_repeats`; the issue or event goes on with one of each, so that tables,
/// beliefs and offers naming it are not faulted again.
fn distinct_names(list: &[Ident]) -> Vec<String> {
    // A set, not a search of the list: issues may have 10^5 options.
    let mut seen = std::collections::HashSet::with_capacity(list.len());
    list.iter()
        .filter(|n| seen.insert(n.name.as_str()))
        .map(|n| n.name.clone())
        .collect()
}
