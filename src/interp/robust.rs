//! `robust for US` and `probe PARTY by US count K [at U]`: offers weighed
//! against every hypothesis at once. Both see the deal space through one
//! table per group of choices, with our utility first and then every
//! uncertain party's cared-for utility under each of its hypotheses
//! (docs/uncertainty.md has the definitions).

use super::{space_error, Session, Step};
use crate::analysis::beliefs::{after_choice, information_bits, most_informative};
use crate::analysis::budget::{Halt, Meter};
use crate::analysis::meso::BAND;
use crate::analysis::robust::{self, Hyp, MAX_HYPOTHESES};
use crate::analysis::space::{Space, SpaceError};
use crate::analysis::{bargaining, frontier};
use crate::diagnostics::{Code, Diag};
use crate::eval;
use crate::model::{Command, Package, Scenario, DEFAULT_TEMPERATURE};
use crate::report::{self, ProbeOffer, ProbeReport, Report, RobustPoint, RobustReport};

/// The deal space as `robust` and `probe` see it.
struct HypothesisSpace {
    /// One entry per hypothesis, over every uncertain party.
    hyps: Vec<(usize, usize)>,
    space: Space,
    /// `values[g][c]`: our utility from choice `c` of group `g`, then each
    /// hypothesis's.
    values: Vec<Vec<Vec<f64>>>,
}

/// The most packages `probe` looks at one by one.
const EVERY_PACKAGE: f64 = 200_000.0;

impl Session<'_> {
    /// Refuses a plan where the figures of one hypothesis would depend on
    /// another: `us` or an uncertain party caring for an uncertain party.
    fn hypothesis_space(
        &self,
        c: &Command,
        us: usize,
        uncertain: &[(usize, usize)],
        code: Code,
    ) -> Result<HypothesisSpace, Box<Diag>> {
        // `robust` counts a hypothesis as accepting at the pessimistic end
        // of its weight ranges; `probe` reads the choice likelihoods of
        // `observe`, at the middle of the ranges.
        let pessimistic = code == Code::RunRobust;
        let s = self.s;
        let is_uncertain = |p: usize| uncertain.iter().any(|&(q, _)| q == p);
        let tangled = std::iter::once(us)
            .chain(uncertain.iter().map(|&(q, _)| q))
            .find(|&p| s.parties[p].care.iter().any(|care| is_uncertain(care.party)));
        if let Some(p) = tangled {
            return Err(Box::new(
                Diag::error(
                    code,
                    format!("`{}` cares for a party with hypotheses, which `{}` cannot weigh yet", s.parties[p].id, c.kind.name()),
                    c.loc.source,
                    c.loc.span,
                    "not run",
                )
                .with_help("each hypothesis's figures must depend on that hypothesis alone; drop the `care` term for an uncertain party"),
            ));
        }
        let hyps: Vec<(usize, usize)> = uncertain
            .iter()
            .flat_map(|&(q, n)| (0..n).map(move |h| (q, h)))
            .collect();
        // One plain scenario, with a copy of each uncertain party per
        // hypothesis appended: the space's tables then hold every figure.
        let first: Vec<(usize, usize)> = uncertain.iter().map(|&(q, _)| (q, 0)).collect();
        let mut wide = s.under(&first);
        let base = wide.parties.len();
        for &(q, h) in &hyps {
            let under = s.under(&[(q, h)]);
            let mut copy = under.parties[q].clone();
            if pessimistic {
                copy.values = eval::pessimistic_values(&under, q).map_err(|i| {
                    Box::new(
                        Diag::error(
                            code,
                            format!(
                                "`robust` cannot weigh the weight range of `{}` under `{}` as `{}`: the issue is contingent",
                                s.issues[i].id, s.parties[q].id, s.parties[q].hypotheses[h].id
                            ),
                            c.loc.source,
                            c.loc.span,
                            "not run",
                        )
                        .with_help("a contingent issue's least favourable weight depends on all its outcomes at once; give it one weight, or split the hypothesis in two at the range's ends"),
                    )
                })?;
            }
            wide.parties.push(copy);
        }
        let space = Space::build(&wide).map_err(|e| Box::new(space_error(s, c, &e)))?;
        let dims: Vec<usize> = std::iter::once(us).chain(base..base + hyps.len()).collect();
        let values = space
            .groups
            .iter()
            .map(|g| {
                g.choices
                    .iter()
                    .map(|choice| dims.iter().map(|&d| choice.values[d]).collect())
                    .collect()
            })
            .collect();
        Ok(HypothesisSpace { hyps, space, values })
    }

    /// `robust for US`.
    pub(super) fn robust(&mut self, c: &Command, us: usize, uncertain: &[(usize, usize)]) -> Step {
        let s = self.s;
        let total: usize = uncertain.iter().map(|&(_, n)| n).sum();
        if total > MAX_HYPOTHESES {
            return Step::Error(
                Diag::error(
                    Code::RunRobust,
                    format!("`robust` weighs at most {MAX_HYPOTHESES} hypotheses in all, and this plan has {total}"),
                    c.loc.source,
                    c.loc.span,
                    "not run",
                )
                .with_help("each set of hypotheses that may accept is a level to search; merge hypotheses that differ little"),
            );
        }
        let hs = match self.hypothesis_space(c, us, uncertain, Code::RunRobust) {
            Ok(hs) => hs,
            Err(d) => return Step::Error(*d),
        };
        let hyps: Vec<Hyp> = hs
            .hyps
            .iter()
            .map(|&(q, h)| Hyp {
                party: uncertain.iter().position(|&(p, _)| p == q).expect("an uncertain party"),
                probability: self.beliefs[q][h],
                batna: s.parties[q].hypotheses[h].batna,
            })
            .collect();
        let meter = Meter::new(&self.cancel, robust::MAX_WORK);
        let front = match robust::robust_front(&hs.values, &hyps, s.parties[us].batna, &meter) {
            Ok(front) => front,
            Err(Halt::Cancelled) => return Step::Error(space_error(s, c, &SpaceError::Cancelled)),
            Err(Halt::OverBudget) => {
                return Step::Error(
                    Diag::error(
                        Code::RunOverBudget,
                        "`robust` went over its work budget before it proved every level exact",
                        c.loc.source,
                        c.loc.span,
                        "stopped",
                    )
                    .with_help("merge hypotheses that differ little, or give the issues with the most options fewer options"),
                )
            }
        };
        let labels = report::Labels::of(s);
        let points = front
            .iter()
            .map(|p| {
                let accepted_by = uncertain
                    .iter()
                    .map(|&(q, _)| {
                        let names = hs
                            .hyps
                            .iter()
                            .zip(&p.accepted)
                            .filter(|((r, _), a)| *r == q && **a)
                            .map(|((_, h), _)| s.parties[q].hypotheses[*h].id.clone())
                            .collect();
                        (s.parties[q].id.clone(), names)
                    })
                    .collect();
                RobustPoint {
                    package: report::PackageView::new(&labels, &hs.space.package(s.slots.len(), p.choices.iter().copied())),
                    utility: crate::model::snap(p.utility),
                    acceptance: crate::model::snap(p.acceptance),
                    accepted_by,
                }
            })
            .collect();
        Step::Report(Report::Robust(RobustReport {
            party: s.parties[us].id.clone(),
            batna: s.parties[us].batna,
            points,
        }))
    }

    /// `probe PARTY by US count K [at U]`.
    pub(super) fn probe(
        &mut self,
        c: &Command,
        (party, us): (usize, usize),
        count: usize,
        at: Option<f64>,
        uncertain: &[(usize, usize)],
    ) -> Step {
        let s = self.s;
        let hs = match self.hypothesis_space(c, us, uncertain, Code::RunProbe) {
            Ok(hs) => hs,
            Err(d) => return Step::Error(*d),
        };
        let combinations = super::hypotheses::combinations(&self.beliefs, uncertain);
        // Per combination: its scenario and frontier; the level, as written
        // or else our expected utility at each combination's Nash package.
        let mut plain: Vec<(Scenario, Vec<frontier::Point>)> = vec![];
        let mut level = (0.0, 0.0);
        for (choice, probability) in &combinations {
            let under = s.under(choice);
            let points = match Space::build(&under)
                .and_then(|space| frontier::frontier_until(&space, s.slots.len(), &self.cancel))
            {
                Ok(points) => points,
                Err(e) => return Step::Error(space_error(s, c, &e)),
            };
            let batnas: Vec<f64> = under.parties.iter().map(|p| p.batna).collect();
            if let Some(k) = bargaining::nash(&points, &batnas) {
                level.0 += probability * points[k].values[us];
                level.1 += probability;
            }
            plain.push((under, points));
        }
        let level = match (at, level) {
            (Some(u), _) => u,
            (None, (sum, weight)) if weight > 0.0 => sum / weight,
            (None, _) => {
                return Step::Error(
                    Diag::error(
                        Code::RunProbe,
                        format!("no hypothesis has a package that every party prefers to its BATNA, so `probe` has no level for `{}`", s.parties[us].id),
                        c.loc.source,
                        c.loc.span,
                        "no level",
                    )
                    .with_help(format!("give the level: `probe {} by {} count {count} at U`", s.parties[party].id, s.parties[us].id)),
                )
            }
        };
        let range: f64 = hs
            .values
            .iter()
            .map(|g| {
                let own = g.iter().map(|c| c[0]);
                own.clone().fold(f64::NEG_INFINITY, f64::max) - own.fold(f64::INFINITY, f64::min)
            })
            .sum();
        let tolerance = BAND * range;
        let in_band = |p: &Package| {
            let own = eval::cared(s, us, p);
            (own - level).abs() <= tolerance + crate::analysis::TOLERANCE * (1.0 + level.abs())
        };
        // The packages to weigh: every package when there are few (ties
        // under one hypothesis matter: the pick between them tells the
        // others apart), else one per distinct vector of every party under
        // every hypothesis (the joint frontier) and each combination's
        // frontier.
        let pool: Vec<Package> = match super::every_package(s, EVERY_PACKAGE, in_band) {
            Some(all) => all,
            None => {
                let mut pool: Vec<Package> = plain
                    .iter()
                    .flat_map(|(_, points)| points.iter().map(|p| p.package.clone()))
                    .collect();
                match frontier::frontier_until(&hs.space, s.slots.len(), &self.cancel) {
                    Ok(points) => pool.extend(points.into_iter().map(|p| p.package)),
                    Err(SpaceError::Cancelled) => {
                        return Step::Error(space_error(s, c, &SpaceError::Cancelled))
                    }
                    Err(_) => {}
                }
                pool
            }
        };
        // The candidates: worth the level to us, and efficient under some
        // combination (no point of its frontier dominates it there).
        // Metered: a fine space can put thousands of candidates against
        // frontiers of thousands of points.
        let meter = Meter::new(&self.cancel, robust::MAX_WORK);
        let mut candidates: Vec<Package> = vec![];
        for p in pool.into_iter().filter(in_band) {
            let mut efficient = false;
            for (under, points) in &plain {
                if let Err(halt) = meter.spend(points.len() as u64 + 1) {
                    return Step::Error(match halt {
                        Halt::Cancelled => space_error(s, c, &SpaceError::Cancelled),
                        Halt::OverBudget => Diag::error(
                            Code::RunOverBudget,
                            "`probe` went over its work budget comparing the packages worth the level with every hypothesis's frontier",
                            c.loc.source,
                            c.loc.span,
                            "stopped",
                        )
                        .with_help("give the issues with the most options fewer options, or merge hypotheses that differ little"),
                    });
                }
                let here: Vec<f64> = (0..s.parties.len()).map(|q| eval::cared(under, q, &p)).collect();
                if !points.iter().any(|f| crate::analysis::improve::dominates(&f.values, &here)) {
                    efficient = true;
                    break;
                }
            }
            if efficient && !candidates.contains(&p) {
                candidates.push(p);
            }
        }
        let ours: Vec<usize> = (0..hs.hyps.len()).filter(|&k| hs.hyps[k].0 == party).collect();
        let under: Vec<Scenario> = ours.iter().map(|&k| s.under(&[hs.hyps[k]])).collect();
        let utilities: Vec<Vec<f64>> = under
            .iter()
            .map(|u| candidates.iter().map(|p| eval::cared(u, party, p)).collect())
            .collect();
        let prior = &self.beliefs[party];
        let chosen = most_informative(prior, &utilities, count, DEFAULT_TEMPERATURE)
            .expect("priors and the default temperature are valid");
        let shown: Vec<Vec<f64>> = utilities
            .iter()
            .map(|u| chosen.offers.iter().map(|&k| u[k]).collect())
            .collect();
        let bits = information_bits(prior, &shown, DEFAULT_TEMPERATURE).unwrap_or(0.0);
        let labels = report::Labels::of(s);
        let hypothesis_ids: Vec<String> = s.parties[party].hypotheses.iter().map(|h| h.id.clone()).collect();
        let offers = chosen
            .offers
            .iter()
            .enumerate()
            .map(|(j, &k)| {
                let package = &candidates[k];
                // P(h | chose j) ∝ p_h · P(j | h).
                let posterior = after_choice(prior, &shown, j, DEFAULT_TEMPERATURE)
                    .unwrap_or_else(|_| prior.clone());
                let likeliest = (0..posterior.len())
                    .fold(0, |best, h| if posterior[h] > posterior[best] { h } else { best });
                ProbeOffer {
                    package: report::PackageView::new(&labels, package),
                    utilities: (0..s.parties.len())
                        .filter(|&p| !uncertain.iter().any(|&(q, _)| q == p))
                        .map(|p| (s.parties[p].id.clone(), crate::model::snap(eval::cared(s, p, package))))
                        .collect(),
                    under: hypothesis_ids
                        .iter()
                        .zip(&shown)
                        .map(|(h, u)| (h.clone(), crate::model::snap(u[j])))
                        .collect(),
                    likeliest: hypothesis_ids[likeliest].clone(),
                    posterior: hypothesis_ids
                        .iter()
                        .zip(&posterior)
                        .map(|(h, p)| (h.clone(), crate::model::snap(*p)))
                        .collect(),
                }
            })
            .collect();
        Step::Report(Report::Probe(Box::new(ProbeReport {
            party: s.parties[party].id.clone(),
            by: s.parties[us].id.clone(),
            level: crate::model::snap(level),
            tolerance: crate::model::snap(tolerance),
            requested: count,
            candidates: candidates.len(),
            exact: chosen.exact,
            information_bits: crate::model::snap(bits),
            offers,
        })))
    }
}
