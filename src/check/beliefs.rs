//! Beliefs in score sheets: `believe EVENT { outcome: p, … }` checked and
//! turned into probabilities, and a missing belief reported where it is needed.

use super::names::Kind;
use super::Checker;
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use crate::syntax::{Belief, Ident, Number, Span, Unit};

/// Tolerance on the sum of a party's probabilities for one event.
const PROB_SUM_TOLERANCE: f64 = 1e-9;

impl Checker<'_> {
    pub(super) fn belief(
        &mut self,
        src: SourceId,
        party: usize,
        event: &Ident,
        probs: &Belief,
        span: Span,
        set: &mut [Option<Span>],
    ) {
        let Some(e) = self.lookup(src, event, Kind::Event) else {
            return;
        };
        self.tried_beliefs.insert((party, e));
        if let Some(first) = set[e] {
            self.diags.push(
                Diag::error(
                    Code::CheckDuplicate,
                    format!("event `{}` has two beliefs", event.name),
                    src,
                    event.span,
                    "believed again here",
                )
                .with_label(first, "first belief here")
                .with_help("keep one `believe` line per event"),
            );
            return;
        }
        set[e] = Some(span);
        let outcomes = self.s.events[e].outcomes.clone();
        let mut p = vec![0.0; outcomes.len()];
        let ok = match probs {
            Belief::Single(n) => {
                if outcomes != ["yes", "no"] {
                    self.diags.push(
                        Diag::error(
                            Code::CheckBeliefForm,
                            format!("event `{}` is not a yes/no event", event.name),
                            src,
                            n.span,
                            "one probability fits only a yes/no event",
                        )
                        .with_help(format!(
                            "give a probability per outcome: `believe {} {{ {} }}`",
                            event.name,
                            outcomes
                                .iter()
                                .map(|o| format!("{o}: …"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                    false
                } else if self.probability(src, n) {
                    p = vec![n.value, 1.0 - n.value];
                    true
                } else {
                    false
                }
            }
            Belief::Table(entries) => {
                self.belief_table(src, event, &outcomes, entries, span, &mut p)
            }
        };
        if ok {
            self.s.parties[party].beliefs[e] = Some(p);
        }
    }

    pub(super) fn belief_table(
        &mut self,
        src: SourceId,
        event: &Ident,
        outcomes: &[String],
        entries: &[(Ident, Number)],
        span: Span,
        p: &mut [f64],
    ) -> bool {
        let names: Vec<Ident> = entries.iter().map(|(o, _)| o.clone()).collect();
        let before = self.diags.len();
        self.no_repeats(
            src,
            &names,
            &format!("the belief about `{}`", event.name),
            "outcome",
        );
        let mut ok = self.diags.len() == before;
        for (o, n) in entries {
            match outcomes.iter().position(|x| *x == o.name) {
                Some(k) => {
                    ok &= self.probability(src, n);
                    p[k] = n.value;
                }
                None => {
                    ok = false;
                    self.unknown_member(
                        src,
                        o,
                        outcomes,
                        &format!("event `{}`", event.name),
                        "outcome",
                    );
                }
            }
        }
        let sum: f64 = p.iter().sum();
        if ok && (sum - 1.0).abs() > PROB_SUM_TOLERANCE {
            self.diags.push(
                Diag::error(
                    Code::CheckProbabilitySum,
                    format!(
                        "the probabilities for `{}` sum to {}, not 100%",
                        event.name,
                        crate::model::format_number(sum, Unit::Percent)
                    ),
                    src,
                    span,
                    "these must sum to 100%",
                )
                .with_help("outcomes left out count as 0%; make the listed ones add up to 100%"),
            );
            ok = false;
        }
        ok
    }

    /// Checks one probability literal.
    pub(super) fn probability(&mut self, src: SourceId, n: &Number) -> bool {
        if !matches!(n.unit, Unit::Plain | Unit::Percent) {
            self.diags.push(
                Diag::error(
                    Code::CheckUnitMismatch,
                    "a probability is a percentage or a number from 0 to 1",
                    src,
                    n.span,
                    format!("this is {}", n.unit.describe()),
                )
                .with_help("write e.g. `25%` or `0.25`"),
            );
            return false;
        }
        if !(0.0..=1.0).contains(&n.value) {
            self.diags.push(
                Diag::error(
                    Code::CheckProbabilityRange,
                    format!("probability {} is outside 0%..100%", n.text),
                    src,
                    n.span,
                    "not a probability",
                )
                .with_help(
                    if n.unit == Unit::Plain && n.value > 1.0 && n.value <= 100.0 {
                        format!(
                            "probabilities run from 0 to 1; did you mean `{}`?",
                            super::unit_hints::restate(n, Unit::Percent).text
                        )
                    } else {
                        "probabilities run from 0 to 1 (0% to 100%)".to_string()
                    },
                ),
            );
            return false;
        }
        true
    }

    pub(super) fn missing_belief(
        &mut self,
        src: SourceId,
        party: usize,
        event: usize,
        span: Span,
        why: &str,
    ) {
        let p = &self.s.parties[party].id;
        let e = &self.s.events[event];
        self.diags.push(
            Diag::error(
                Code::CheckMissingBelief,
                format!(
                    "party `{p}` uses event `{}` without a belief about it",
                    e.id
                ),
                src,
                span,
                why.to_string(),
            )
            .with_help(if e.outcomes == ["yes", "no"] {
                format!(
                    "add `believe {} 50%` (its probability of yes) to `prefs {p}`",
                    e.id
                )
            } else {
                format!(
                    "add `believe {} {{ {} }}` to `prefs {p}`",
                    e.id,
                    e.outcomes
                        .iter()
                        .map(|o| format!("{o}: …"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        );
    }
}
