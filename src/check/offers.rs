//! Offers: every issue set exactly once to one of its values, contingent
//! issues per outcome, and the package within the rules.

use super::names::Kind;
use super::{Checker, LabelIn, Src};
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use crate::eval;
use crate::model::{self, format_number, Domain};
use crate::syntax::{self, Ident, OfferValue, Span, ValueLit};

impl Checker<'_> {
    pub(super) fn offers(&mut self, offers: &[Src<'_, syntax::OfferDecl>]) {
        for &(src, o, doc, _) in offers {
            if ["nash", "kalai", "welfare"].contains(&o.id.name.as_str()) {
                self.diags.push(
                    Diag::error(Code::CheckReservedName, format!("`{}` names a computed package", o.id.name), src, o.id.span, "reserved")
                        .with_help("`nash`, `kalai` and `welfare` stand for the packages the analyses compute; name the offer otherwise"),
                );
            }
            let by = o.by.as_ref().and_then(|p| self.lookup(src, p, Kind::Party));
            let package = self.offer_package(src, &format!("offer `{}`", o.id.name), o.id.span, &o.entries);
            let Some(package) = package else { continue };
            let broken = eval::broken_rules(&self.s, &package);
            for r in broken {
                let rule = &self.s.rules[r];
                let mut d = Diag::error(
                    Code::CheckOfferBreaksRule,
                    format!("offer `{}` breaks {}", o.id.name, rule.describe()),
                    src,
                    o.id.span,
                    "this offer",
                )
                .with_help("change the offer so that the rule holds, or drop the rule");
                d = d.with_label_in(self.sources, rule.loc, src, "the rule".into());
                self.diags.push(d);
            }
            self.s.offers.push(model::Offer {
                id: o.id.name.clone(),
                by,
                doc: doc.cloned(),
                package,
            });
        }
    }

    /// The package an offer's entries set; `what` names the offer in
    /// diagnostics, `span` is where an incomplete one is flagged.
    pub(super) fn offer_package(
        &mut self,
        src: SourceId,
        what: &str,
        span: Span,
        entries: &[syntax::OfferEntry],
    ) -> Option<model::Package> {
        let mut package: Vec<Option<u32>> = vec![None; self.s.slots.len()];
        let mut set: Vec<Option<Span>> = vec![None; self.s.issues.len()];
        let mut misspelt = false;
        let mut ok = true;
        for entry in entries {
            let Some(i) = self.lookup(src, &entry.issue, Kind::Issue) else {
                ok = false;
                misspelt = true;
                continue;
            };
            if let Some(first) = set[i] {
                self.diags.push(
                    Diag::error(
                        Code::CheckDuplicate,
                        format!("{what} sets `{}` twice", entry.issue.name),
                        src,
                        entry.span,
                        "set again here",
                    )
                    .with_label(first, "first set here")
                    .with_help("an offer gives each issue one value"),
                );
                ok = false;
                continue;
            }
            set[i] = Some(entry.span);
            match self.issue_setting(src, i, &entry.issue, &entry.value) {
                Some(options) => {
                    let first = self.s.first_slot[i];
                    for (k, opt) in options.into_iter().enumerate() {
                        package[first + k] = Some(opt);
                    }
                }
                None => ok = false,
            }
        }
        let missing: Vec<String> = (0..self.s.issues.len())
            .filter(|&i| set[i].is_none())
            .map(|i| self.s.issues[i].id.clone())
            .collect();
        if !missing.is_empty() && !misspelt {
            self.diags.push(
                Diag::error(
                    Code::CheckOfferIncomplete,
                    format!(
                        "{what} does not set {}",
                        missing
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    src,
                    span,
                    "incomplete offer",
                )
                .with_help(
                    "a package sets every issue: nothing is agreed until everything is agreed",
                ),
            );
            return None;
        }
        if !ok {
            return None;
        }
        Some(package.into_iter().map(|p| p.unwrap_or(0)).collect())
    }

    /// The options an issue is set to: one, or one per outcome when contingent.
    pub(super) fn issue_setting(
        &mut self,
        src: SourceId,
        i: usize,
        issue: &Ident,
        value: &OfferValue,
    ) -> Option<Vec<u32>> {
        let event = self.s.issues[i].contingent_on;
        match (value, event) {
            (OfferValue::Single(v), None) => Some(vec![self.option_index(src, i, v)?]),
            (OfferValue::Single(v), Some(e)) => {
                let opt = self.option_index(src, i, v)?;
                Some(vec![opt; self.s.events[e].outcomes.len()])
            }
            (OfferValue::PerOutcome(_, span), None) => {
                self.diags.push(
                    Diag::error(
                        Code::CheckNotContingent,
                        format!("issue `{}` is not contingent", issue.name),
                        src,
                        *span,
                        "one value per outcome",
                    )
                    .with_help(format!(
                        "give one value, or declare `contingent {} on EVENT`",
                        issue.name
                    )),
                );
                None
            }
            (OfferValue::PerOutcome(entries, span), Some(e)) => {
                self.per_outcome(src, i, e, entries, *span)
            }
        }
    }

    fn per_outcome(
        &mut self,
        src: SourceId,
        i: usize,
        e: usize,
        entries: &[(Ident, ValueLit)],
        span: Span,
    ) -> Option<Vec<u32>> {
        let outcomes = self.s.events[e].outcomes.clone();
        let names: Vec<Ident> = entries.iter().map(|(o, _)| o.clone()).collect();
        let before = self.diags.len();
        self.no_repeats(
            src,
            &names,
            &format!("the value of `{}`", self.s.issues[i].id),
            "outcome",
        );
        let mut ok = self.diags.len() == before;
        let mut out: Vec<Option<u32>> = vec![None; outcomes.len()];
        for (o, v) in entries {
            let opt = self.option_index(src, i, v);
            match outcomes.iter().position(|x| *x == o.name) {
                Some(k) => {
                    out[k] = opt.or_else(|| {
                        ok = false;
                        None
                    })
                }
                None => {
                    ok = false;
                    let owner = format!("event `{}`", self.s.events[e].id);
                    self.unknown_member(src, o, &outcomes, &owner, "outcome");
                }
            }
        }
        let missing: Vec<&str> = outcomes
            .iter()
            .zip(&out)
            .filter(|(_, x)| x.is_none())
            .map(|(o, _)| o.as_str())
            .collect();
        if ok && !missing.is_empty() {
            let issue = &self.s.issues[i].id;
            let event = &self.s.events[e].id;
            self.diags.push(
                Diag::error(
                    Code::CheckMissingOutcome,
                    format!(
                        "`{issue}` is contingent on `{event}`, but no value is given for {}",
                        super::expr::quoted(&missing)
                    ),
                    src,
                    span,
                    "incomplete",
                )
                .with_help(format!(
                    "give a value for every outcome: {}",
                    outcomes
                        .iter()
                        .map(|o| format!("{o}: …"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return None;
        }
        if !ok {
            return None;
        }
        Some(out.into_iter().map(|x| x.unwrap_or(0)).collect())
    }

    /// The option index a literal names in issue `i`.
    pub(super) fn option_index(&mut self, src: SourceId, i: usize, v: &ValueLit) -> Option<u32> {
        let issue = self.s.issues[i].clone();
        match (&issue.domain, v) {
            (Domain::Options(options), ValueLit::Option(o)) => {
                match options.iter().position(|x| *x == o.name) {
                    Some(k) => Some(k as u32),
                    None => {
                        self.unknown_member(
                            src,
                            o,
                            options,
                            &format!("issue `{}`", issue.id),
                            "option",
                        );
                        None
                    }
                }
            }
            (Domain::Options(options), ValueLit::Number(n)) => {
                self.diags.push(
                    Diag::error(
                        Code::CheckOptionKind,
                        format!("issue `{}` has named options, not numbers", issue.id),
                        src,
                        n.span,
                        "a number",
                    )
                    .with_help(format!("choose one of: {}", options.join(", "))),
                );
                None
            }
            (Domain::Numeric { unit, .. }, ValueLit::Option(o)) => {
                let first = issue.domain.show(0);
                self.diags.push(
                    Diag::error(
                        Code::CheckOptionKind,
                        format!("issue `{}` is numeric; `{}` is a name", issue.id, o.name),
                        src,
                        o.span,
                        "expected a number",
                    )
                    .with_help(format!("give {}, e.g. `{first}`", unit.describe())),
                );
                None
            }
            // A broken range was reported; its stand-in grid says nothing
            // about the literal.
            (Domain::Numeric { .. }, ValueLit::Number(_)) if self.broken_issues.contains(&i) => {
                None
            }
            (Domain::Numeric { values, unit, step }, ValueLit::Number(n)) => {
                if !self.literal_unit(src, n, *unit, &issue.id) {
                    return None;
                }
                let (lo, hi) = (values[0], values[values.len() - 1]);
                let k = (n.value - lo) / step;
                let nearest = k.round();
                let on_grid = (k - nearest).abs() <= 1e-9 * k.abs().max(1.0);
                if n.value < lo - 1e-12
                    || n.value > hi + 1e-12
                    || nearest < 0.0
                    || nearest as usize >= values.len()
                {
                    self.diags.push(
                        Diag::error(
                            Code::CheckOutOfRange,
                            format!("{} is outside the range of `{}`", n.text, issue.id),
                            src,
                            n.span,
                            "out of range",
                        )
                        .with_help(format!(
                            "`{}` runs from {} to {}",
                            issue.id,
                            format_number(lo, *unit),
                            format_number(hi, *unit)
                        )),
                    );
                    return None;
                }
                if !on_grid {
                    let below = format_number(lo + k.floor() * step, *unit);
                    let above = format_number(lo + k.ceil() * step, *unit);
                    self.diags.push(
                        Diag::error(
                            Code::CheckOffGrid,
                            format!("{} is not one of the values of `{}`", n.text, issue.id),
                            src,
                            n.span,
                            "between two steps",
                        )
                        .with_help(format!(
                            "`{}` moves in steps of {}; the nearest values are {below} and {above}",
                            issue.id,
                            format_number(*step, *unit)
                        )),
                    );
                    return None;
                }
                Some(nearest as u32)
            }
        }
    }
}
