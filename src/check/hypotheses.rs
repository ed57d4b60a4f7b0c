//! Hypotheses about a party's score sheet (`prefs P as H ["name"] [PRIOR]
//! { … batna N }`): each sheet checked as a plain one, its BATNA, and the
//! priors (all given and summing to 1, or none, then equal).

use super::{Checker, LabelIn};
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use super::names::Kind;
use crate::model::{self, Hypothesis, Loc, Observed};
use crate::syntax::{self, Ident, Number, PrefsItemKind, Unit};

/// How far priors may sum from 1 (they are written with a few digits).
const PRIOR_SUM_TOLERANCE: f64 = 1e-9;

impl Checker<'_> {
    /// Checks every hypothesis about `party` and keeps them in the model;
    /// the party's own sheet becomes the first hypothesis's.
    pub(super) fn hypotheses(&mut self, party: usize, decls: &[(SourceId, &syntax::PrefsDecl)]) {
        let declared_batna = self.s.parties[party].batna;
        let party_name = self.s.parties[party].id.clone();
        let mut out: Vec<Hypothesis> = vec![];
        let mut seen: Vec<(String, SourceId, syntax::Ident)> = vec![];
        let mut priors: Vec<(SourceId, Option<&Number>)> = vec![];
        let mut duplicate = false;
        for &(src, decl) in decls {
            let Some(head) = &decl.hypothesis else {
                continue;
            };
            if let Some((_, first_src, first)) = seen.iter().find(|(n, _, _)| *n == head.id.name) {
                self.diags.push(
                    Diag::error(
                        Code::CheckDuplicate,
                        format!("`{}` has two hypotheses named `{}`", party_name, head.id.name),
                        src,
                        head.id.span,
                        "second hypothesis of this name",
                    )
                    .with_label_in(self.sources, Loc { source: *first_src, span: first.span }, src, "first here".into())
                    .with_help("give each hypothesis about a party its own name"),
                );
                duplicate = true;
                continue;
            }
            seen.push((head.id.name.clone(), src, head.id.clone()));
            let p = &mut self.s.parties[party];
            p.beliefs = vec![None; self.s.events.len()];
            p.weights = vec![1.0; self.s.issues.len()];
            p.ranges = vec![];
            p.values = vec![];
            p.extras = vec![];
            self.prefs(src, party, decl);
            let batnas: Vec<&Number> = decl
                .items
                .iter()
                .filter_map(|i| match &i.kind {
                    PrefsItemKind::Batna(n) => Some(n),
                    _ => None,
                })
                .collect();
            let whose = format!("hypothesis `{}` about `{}`", head.id.name, party_name);
            let batna = self.one_batna(src, &whose, &batnas).unwrap_or(declared_batna);
            if let Some(n) = &head.prior {
                self.probability(src, n);
            }
            priors.push((src, head.prior.as_ref()));
            let p = &mut self.s.parties[party];
            out.push(Hypothesis {
                id: head.id.name.clone(),
                name: head.name.as_ref().map(|n| n.value.clone()),
                prior: head.prior.as_ref().map_or(f64::NAN, |n| n.value),
                batna,
                beliefs: std::mem::take(&mut p.beliefs),
                weights: std::mem::take(&mut p.weights),
                ranges: std::mem::take(&mut p.ranges),
                values: std::mem::take(&mut p.values),
                extras: std::mem::take(&mut p.extras),
            });
        }
        // With a hypothesis left out, its prior's absence would be reported
        // again as a sum short of 100%.
        if !duplicate {
            self.priors(&party_name, &seen, &priors, &mut out);
        }
        let p = &mut self.s.parties[party];
        if let Some(first) = out.first() {
            p.batna = first.batna;
            p.beliefs = first.beliefs.clone();
            p.weights = first.weights.clone();
            p.ranges = first.ranges.clone();
            p.values = first.values.clone();
            p.extras = first.extras.clone();
        }
        p.hypotheses = out;
    }

    /// Every hypothesis has a prior and they sum to 1, or none has one and
    /// they are equal.
    fn priors(
        &mut self,
        party: &str,
        names: &[(String, SourceId, syntax::Ident)],
        priors: &[(SourceId, Option<&Number>)],
        out: &mut [Hypothesis],
    ) {
        let given: Vec<(SourceId, &Number)> =
            priors.iter().filter_map(|&(s, n)| n.map(|n| (s, n))).collect();
        if given.is_empty() {
            let n = out.len() as f64;
            out.iter_mut().for_each(|h| h.prior = 1.0 / n);
            return;
        }
        if given.len() < priors.len() {
            let (i, (src, _)) = priors.iter().enumerate().find(|(_, (_, n))| n.is_none()).expect("one without");
            let with = given[0];
            self.diags.push(
                Diag::error(
                    Code::CheckPriors,
                    format!("hypothesis `{}` about `{party}` has no prior, but others have one", names[i].0),
                    *src,
                    names[i].2.span,
                    "no prior",
                )
                .with_label_in(self.sources, Loc { source: with.0, span: with.1.span }, *src, "a prior here".into())
                .with_help(format!("give every hypothesis about `{party}` a prior (they sum to 100%), or none (then they are equal)")),
            );
            return;
        }
        let sum: f64 = given.iter().map(|(_, n)| n.value).sum();
        if (sum - 1.0).abs() > PRIOR_SUM_TOLERANCE {
            let (src, first) = given[0];
            let mut d = Diag::error(
                Code::CheckPriors,
                format!(
                    "the priors of the hypotheses about `{party}` sum to {}%",
                    crate::model::format_number(sum * 100.0, crate::syntax::Unit::Plain)
                ),
                src,
                first.span,
                "a prior",
            );
            for &(s, n) in &given[1..] {
                d = d.with_label_in(self.sources, Loc { source: s, span: n.span }, src, "a prior".into());
            }
            self.diags.push(d.with_help("the hypotheses about a party are all it could be: make their priors add up to 100%"));
        }
    }

}

impl Checker<'_> {
    /// `beliefs PARTY` and `observe PARTY …` name a party with hypotheses.
    pub(super) fn uncertain_party(&mut self, src: SourceId, party: &Ident) -> Option<usize> {
        let p = self.lookup(src, party, Kind::Party)?;
        if self.s.parties[p].hypotheses.is_empty() {
            self.diags.push(
                Diag::error(
                    Code::CheckNoHypotheses,
                    format!("`{}` has no hypotheses: its score sheet is known", party.name),
                    src,
                    party.span,
                    "no hypotheses",
                )
                .with_help(format!(
                    "write two or more `prefs {} as NAME {{ … }}` for what its sheet might be",
                    party.name
                )),
            );
            return None;
        }
        Some(p)
    }

    /// `observe PARTY chose A over B, … [temperature T]`, `… accepted A`,
    /// `… rejected A`: declared offers, and a positive temperature.
    pub(super) fn observe(
        &mut self,
        src: SourceId,
        party: &Ident,
        answer: &syntax::Answer,
        temperature: Option<&Number>,
    ) -> Option<model::CommandKind> {
        let p = self.uncertain_party(src, party);
        let offer = |c: &mut Self, o: &syntax::ObservedOffer| c.observed_offer(src, o);
        let answer = match answer {
            syntax::Answer::Chose { chosen, over } => {
                let chosen = offer(self, chosen);
                let over: Vec<Option<model::ObservedPackage>> = over.iter().map(|o| offer(self, o)).collect();
                Observed::Chose {
                    chosen: chosen?,
                    over: over.into_iter().collect::<Option<_>>()?,
                }
            }
            syntax::Answer::Accepted(o) => Observed::Accepted(offer(self, o)?),
            syntax::Answer::Rejected(o) => Observed::Rejected(offer(self, o)?),
        };
        let temperature = match temperature {
            None => model::DEFAULT_TEMPERATURE,
            Some(t) if t.unit == Unit::Plain && t.value > 0.0 && t.value.is_finite() => t.value,
            Some(t) => {
                self.diags.push(
                    Diag::error(
                        Code::CheckTemperature,
                        "a temperature is a positive number of the party's points",
                        src,
                        t.span,
                        "not a positive number of points",
                    )
                    .with_help("the smaller, the more surely the party picks what it values most; the default is `temperature 5`"),
                );
                return None;
            }
        };
        Some(model::CommandKind::Observe {
            party: p?,
            answer,
            temperature,
        })
    }

    /// An offer of an `observe`: a declared one, or a package written out
    /// (checked as an offer: every issue set once, to a value it has).
    fn observed_offer(&mut self, src: SourceId, o: &syntax::ObservedOffer) -> Option<model::ObservedPackage> {
        match o {
            syntax::ObservedOffer::Named(id) => {
                self.lookup(src, id, Kind::Offer)?;
                // An offer with errors is not compiled (and already reported).
                let offer = self.s.offers.iter().find(|x| x.id == id.name)?;
                Some(model::ObservedPackage {
                    label: Some(id.name.clone()),
                    package: offer.package.clone(),
                })
            }
            syntax::ObservedOffer::Inline { entries, span } => {
                let package = self.offer_package(src, "the offer written here", *span, entries)?;
                Some(model::ObservedPackage {
                    label: None,
                    package,
                })
            }
        }
    }

    /// The proposer of `robust` or `probe`: a party whose sheet is known,
    /// in a plan where some party's is not.
    fn proposer(&mut self, src: SourceId, party: &Ident, command: &str) -> Option<usize> {
        let p = self.lookup(src, party, Kind::Party)?;
        if !self.s.parties[p].hypotheses.is_empty() {
            self.diags.push(
                Diag::error(
                    Code::CheckUncertainProposer,
                    format!("`{command}` weighs offers for a party whose score sheet you know, and `{}`'s is a set of hypotheses", party.name),
                    src,
                    party.span,
                    "its sheet is not known",
                )
                .with_help(format!("name your own side: `{command}` finds offers that are good for it and tells you how the other side may answer")),
            );
            return None;
        }
        if self.s.parties.iter().all(|q| q.hypotheses.is_empty()) {
            self.diags.push(
                Diag::error(
                    Code::CheckNoHypotheses,
                    format!("`{command}` needs a party whose score sheet is a set of hypotheses, and every party's is known"),
                    src,
                    party.span,
                    "no hypotheses in this plan",
                )
                .with_help("write two or more `prefs OTHER as NAME { … }` for what the other side's sheet might be"),
            );
            return None;
        }
        Some(p)
    }

    /// `robust for PARTY`.
    pub(super) fn robust(&mut self, src: SourceId, party: &Ident) -> Option<model::CommandKind> {
        self.proposer(src, party, "robust").map(model::CommandKind::Robust)
    }

    /// `probe PARTY by US count K [at U]`: PARTY has hypotheses, US does
    /// not, at least two offers.
    pub(super) fn probe(
        &mut self,
        src: SourceId,
        party: &Ident,
        by: &Ident,
        count: &Number,
        at: Option<&Number>,
    ) -> Option<model::CommandKind> {
        let p = self.uncertain_party(src, party);
        let us = self.proposer(src, by, "probe");
        let k = self.offer_count(src, count, "probe");
        if k == Some(1) {
            self.diags.push(
                Diag::error(
                    Code::CheckProbeCount,
                    "a choice between offers needs two of them at least",
                    src,
                    count.span,
                    "one offer",
                )
                .with_help("`probe … count 3`: the party's pick among three equal offers is what tells you what it values"),
            );
            return None;
        }
        let level = at.is_none_or(|u| self.plain(src, u, "the utility level of `probe`"));
        level.then_some(())?;
        Some(model::CommandKind::Probe {
            party: p?,
            by: us?,
            count: k?,
            at: at.map(|u| u.value),
        })
    }
}
