//! `simulate`: what the agents play on (every feasible package, each
//! sheet ranked once, the hypotheses the learners weigh), the runs spread
//! over the cores with results independent of the thread count, and how
//! each outcome compares with the frontier, the Nash package and the
//! largest joint gain of the sheets actually played.

use super::{every_package, space_error, Session, Step};
use crate::analysis::bargaining;
use crate::analysis::simulate::{self as sim, Custom, Guess, Rng, Seat, Side, Staged, Table};
use crate::diagnostics::{Code, Diag};
use crate::eval;
use crate::model::{Bargaining, Command, Package, Player, Scenario};
use crate::report::{ByName, Report};
use rayon::prelude::*;
use std::sync::Arc;

mod build;
mod strategies;
mod tournament;

/// The most packages a simulation lists (its agents rank every one).
const MAX_PACKAGES: f64 = 1_000_000.0;

/// The most package visits the issue-by-issue runs of one simulation may
/// make (each stage of each run values every open package): a few seconds.
const MAX_SEQUENTIAL_WORK: f64 = 2e9;

/// The most combinations of hypotheses a simulation keeps a frontier for.
const MAX_TRUTHS: usize = 64;

/// The frontier and bargaining points of the sheets one run plays.
pub(super) struct Truth {
    points: Vec<Vec<f64>>,
    nash: Option<Vec<f64>>,
    /// The largest joint gain over the BATNAs.
    largest: f64,
}

/// Everything a simulation or tournament builds once.
pub(super) struct Prepared {
    pub packages: Vec<Package>,
    options: Vec<u32>,
    /// Per party: its sheet under each hypothesis (one without hypotheses).
    pub sides: Vec<Vec<Arc<Side>>>,
    guesses: Vec<Option<Guess>>,
    /// Per party: the probabilities its hypothesis is drawn with.
    draws: Vec<Vec<f64>>,
    /// Per combination of hypotheses (odometer order over the uncertain
    /// parties, the first the slowest).
    truths: Vec<Truth>,
    uncertain: Vec<(usize, usize)>,
    discounts: Vec<f64>,
    /// Per stage of `agreement sequential`: its slots.
    pub stages: Vec<Vec<usize>>,
}

/// One run's outcome, as the reports average it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Outcome {
    pub utilities: Vec<f64>,
    pub agreed: bool,
    pub rounds: f64,
    pub pareto: f64,
    pub nash: Option<f64>,
    pub welfare: f64,
    pub failure: Option<String>,
}

impl Prepared {
    /// The table of one simulation (borrowing the packages).
    pub fn table(&self) -> Table<'_> {
        Table {
            packages: &self.packages,
            options: self.options.clone(),
            guesses: self.guesses.clone(),
            temperature: crate::model::DEFAULT_TEMPERATURE,
        }
    }

    /// Run `r` of players `players`: the hypotheses drawn, the run, its outcome.
    pub fn run(&self, table: &Table<'_>, players: &[Player], (rounds, seed, r): (u32, u64, u64), sequential: bool, hooks: &dyn Custom, trace: bool) -> (Vec<usize>, Staged, Outcome) {
        let mut rng = Rng::for_run(seed, r);
        let n = self.sides.len();
        let mut played = vec![0; n];
        for &(p, _) in &self.uncertain {
            played[p] = draw(&self.draws[p], &mut rng);
        }
        for pl in players {
            if let Some(h) = pl.hypothesis {
                played[pl.party] = h;
            }
        }
        let seats: Vec<Seat<'_>> = players.iter().map(|pl| Seat { agent: pl.agent, side: &self.sides[pl.party][played[pl.party]] }).collect();
        let staged = if sequential {
            sim::play_sequential(table, &seats, &self.stages, rounds, &mut rng, hooks, trace)
        } else {
            Staged { run: sim::play(table, &seats, rounds, &mut rng, hooks, trace), ..Staged::default() }
        };
        let outcome = self.outcome(&staged.run, &played, rounds);
        (played, staged, outcome)
    }

    fn outcome(&self, run: &sim::Run, played: &[usize], rounds: u32) -> Outcome {
        let truth = &self.truths[self.uncertain.iter().fold(0, |i, &(p, n)| i * n + played[p])];
        let time = |r: u32| if rounds <= 1 { 1.0 } else { f64::from(r.max(1) - 1) / f64::from(rounds - 1) };
        let side = |p: usize| &self.sides[p][played[p]];
        let batnas: Vec<f64> = (0..self.sides.len()).map(|p| side(p).batna).collect();
        let (utilities, t) = match run.agreement {
            Some((k, round)) => ((0..self.sides.len()).map(|p| side(p).utility[k]).collect(), time(round)),
            None => (batnas.clone(), time(run.played)),
        };
        let utilities: Vec<f64> = utilities.iter().zip(&self.discounts).map(|(u, d)| if *d == 1.0 { *u } else { u * d.powf(t) }).collect();
        let distance = |v: &[f64]| -> f64 { v.iter().zip(&utilities).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt() };
        let pareto = truth.points.iter().map(|p| distance(p)).fold(f64::INFINITY, f64::min);
        let gain: f64 = utilities.iter().zip(&batnas).map(|(u, b)| u - b).sum();
        Outcome {
            agreed: run.agreement.is_some(),
            rounds: f64::from(run.played),
            pareto: if pareto.is_finite() { pareto } else { 0.0 },
            nash: truth.nash.as_ref().map(|v| distance(v)),
            welfare: if run.agreement.is_some() && truth.largest > 0.0 { gain / truth.largest } else { 0.0 },
            utilities,
            failure: run.failure.clone(),
        }
    }
}

/// A hypothesis drawn with the probabilities `p`.
fn draw(p: &[f64], rng: &mut Rng) -> usize {
    let x = rng.unit();
    let mut sum = 0.0;
    for (h, q) in p.iter().enumerate() {
        sum += q;
        if x < sum {
            return h;
        }
    }
    p.iter().rposition(|q| *q > 0.0).unwrap_or(0)
}

impl Session<'_> {
    /// Builds what every run of a simulation or tournament shares.
    pub(super) fn prepare(&mut self, c: &Command) -> Result<Prepared, Box<Diag>> {
        let s = self.s;
        let refuse = |message: String, label: &str, help: &str| Box::new(Diag::error(Code::RunSimulate, message, c.loc.source, c.loc.span, label.to_string()).with_help(help.to_string()));
        let uncertain = s.uncertain();
        if let Some((p, q)) = s.parties.iter().enumerate().find_map(|(p, party)| party.care.iter().find(|cr| !s.parties[cr.party].hypotheses.is_empty()).map(|cr| (p, cr.party))) {
            return Err(refuse(
                format!("`{}` cares for `{}`, whose sheet is a set of hypotheses: a simulation of that is not in this version", s.parties[p].id, s.parties[q].id),
                "a party caring for an uncertain one",
                "simulate with one hypothesis written out as the party's sheet",
            ));
        }
        let Some(packages) = every_package(s, MAX_PACKAGES, |_| true) else {
            return Err(refuse(
                format!(
                    "a simulation ranks every package, and this plan has {} (at most {} in this version)",
                    crate::model::format::count(s.package_count()),
                    crate::model::format::count(MAX_PACKAGES)
                ),
                "too many packages",
                "simulate a plan with fewer issues or options",
            ));
        };
        let combos = super::hypotheses::combinations(&self.beliefs, &uncertain);
        if combos.len() > MAX_TRUTHS {
            return Err(refuse(
                format!("this plan has {} combinations of hypotheses; a simulation weighs at most {MAX_TRUTHS}", combos.len()),
                "too many combinations",
                "simulate with fewer hypotheses",
            ));
        }
        let sheet = |scenario: &Scenario, p: usize| -> Arc<Side> {
            Arc::new(Side::new(packages.iter().map(|k| eval::cared(scenario, p, k)).collect(), scenario.parties[p].batna))
        };
        let sides: Vec<Vec<Arc<Side>>> = (0..s.parties.len())
            .map(|p| match s.parties[p].hypotheses.len() {
                0 => vec![sheet(s, p)],
                n => (0..n).map(|h| sheet(&s.under(&[(p, h)]), p)).collect(),
            })
            .collect();
        let guesses = (0..s.parties.len())
            .map(|p| {
                (!s.parties[p].hypotheses.is_empty()).then(|| {
                    Guess::new(sides[p].iter().map(|x| x.utility.clone()).collect(), self.beliefs[p].clone(), crate::model::DEFAULT_TEMPERATURE)
                })
            })
            .collect();
        let mut truths = vec![];
        for (choice, _) in &combos {
            let points = if uncertain.is_empty() {
                self.frontier().map(|p| p.to_vec())
            } else {
                let under = s.under(choice);
                Session::new(&under).cancelled_by(self.cancel.clone()).frontier().map(|p| p.to_vec())
            };
            let points = points.map_err(|e| Box::new(space_error(s, c, &e)))?;
            let batnas: Vec<f64> = (0..s.parties.len())
                .map(|p| choice.iter().find(|(q, _)| *q == p).map_or(s.parties[p].batna, |&(_, h)| s.parties[p].hypotheses[h].batna))
                .collect();
            let nash = bargaining::choose(Bargaining::Nash, &points, &batnas).map(|i| points[i].values.clone());
            let gain = |v: &[f64]| -> f64 { v.iter().zip(&batnas).map(|(u, b)| u - b).sum() };
            let largest = points.iter().map(|p| gain(&p.values)).fold(0.0, f64::max);
            truths.push(Truth { points: points.into_iter().map(|p| p.values).collect(), nash, largest });
        }
        let order: Vec<usize> = match &s.agreement {
            crate::model::Agreement::Sequential(listed) => {
                listed.iter().copied().chain((0..s.issues.len()).filter(|i| !listed.contains(i))).collect()
            }
            crate::model::Agreement::Package => (0..s.issues.len()).collect(),
        };
        let stages = order
            .iter()
            .map(|&i| (0..s.slots.len()).filter(|&k| s.slots[k].issue == i).collect())
            .collect();
        Ok(Prepared {
            options: s.slots.iter().map(|slot| s.issues[slot.issue].domain.len() as u32).collect(),
            packages,
            sides,
            guesses,
            draws: self.beliefs.clone(),
            truths,
            uncertain,
            discounts: s.parties.iter().map(|p| p.discount).collect(),
            stages,
        })
    }

    /// `simulate A: STRAT, B: STRAT … [rounds N] [seed S] [repeat R]`.
    pub(super) fn simulate(&mut self, c: &Command, (label, players): (Option<usize>, &[Player]), (rounds, seed, repeat): (u32, u64, u32), sequential: bool) -> Step {
        let s = self.s;
        let prepared = match self.prepare(c) {
            Ok(p) => p,
            Err(d) => return Step::Error(*d),
        };
        if sequential && (rounds as usize) < prepared.stages.len() {
            return Step::Error(
                Diag::error(
                    Code::RunSimulate,
                    format!("settling {} issues one at a time needs at least {} rounds", prepared.stages.len(), prepared.stages.len()),
                    c.loc.source,
                    c.loc.span,
                    "too few rounds",
                )
                .with_help("give each issue a few rounds: e.g. `rounds 100`"),
            );
        }
        let work = prepared.packages.len() as f64 * prepared.stages.len() as f64 * f64::from(repeat);
        if sequential && work > MAX_SEQUENTIAL_WORK {
            return Step::Error(
                Diag::error(
                    Code::RunSimulate,
                    format!(
                        "issue by issue, each run values the {} packages once per issue: {} runs would take {} package visits, more than the {} one simulation may",
                        crate::model::format::count(prepared.packages.len() as f64),
                        crate::model::format::count(f64::from(repeat)),
                        crate::model::format::count(work),
                        crate::model::format::count(MAX_SEQUENTIAL_WORK)
                    ),
                    c.loc.source,
                    c.loc.span,
                    "too much work",
                )
                .with_help("fewer repeats, or a plan with fewer packages"),
            );
        }
        let uses = players.iter().any(|p| matches!(p.agent, crate::model::Agent::Hook { .. }));
        let names: Vec<usize> = players.iter().map(|p| p.party).collect();
        let hooks = strategies::HookAgents::new(s, &prepared, uses, &names);
        let table = prepared.table();
        let cancel = self.cancel.clone();
        let outcomes: Option<Vec<(Vec<usize>, Staged, Outcome)>> = (0..repeat)
            .into_par_iter()
            .map(|r| {
                if cancel.is_raised() {
                    return None;
                }
                let trace = repeat == 1;
                Some(prepared.run(&table, players, (rounds, seed, u64::from(r)), sequential, &hooks, trace))
            })
            .collect();
        let Some(mut outcomes) = outcomes else {
            return Step::Error(space_error(s, c, &crate::analysis::space::SpaceError::Cancelled));
        };
        let means = Means::of(outcomes.iter().map(|(_, _, o)| o), s.parties.len());
        if let Some(label) = label {
            self.simulated[label] = Some(means.clone());
        }
        let first = (repeat == 1).then(|| outcomes.swap_remove(0));
        let report = build::report(s, &prepared, players, (rounds, seed, repeat, sequential), &means, first.as_ref().map(|(h, st, _)| (h.as_slice(), st)));
        Step::Report(Report::Simulate(Box::new(report)))
    }
}

/// The means over the runs, summed in run order (so the same on any
/// number of threads).
#[derive(Debug, Clone, Default)]
pub struct Means {
    /// Runs.
    pub runs: f64,
    /// The share that agreed.
    pub agreed: f64,
    /// Each party's mean utility.
    pub utilities: Vec<f64>,
    /// Mean rounds played.
    pub rounds: f64,
    /// Mean distance to the frontier.
    pub pareto: f64,
    /// Mean distance to the Nash point.
    pub nash: f64,
    /// Mean share of the largest joint gain.
    pub welfare: f64,
    /// How many runs a hook strategy's error ended.
    pub failures: u32,
    /// The first such error.
    pub failure: Option<String>,
}

impl Means {
    pub(super) fn of<'o>(outcomes: impl Iterator<Item = &'o Outcome>, parties: usize) -> Means {
        let mut m = Means { utilities: vec![0.0; parties], ..Means::default() };
        for o in outcomes {
            m.runs += 1.0;
            m.agreed += f64::from(u8::from(o.agreed));
            for (sum, u) in m.utilities.iter_mut().zip(&o.utilities) {
                *sum += u;
            }
            m.rounds += o.rounds;
            m.pareto += o.pareto;
            m.nash += o.nash.unwrap_or(0.0);
            m.welfare += o.welfare;
            if let Some(f) = &o.failure {
                m.failures += 1;
                m.failure.get_or_insert_with(|| f.clone());
            }
        }
        let n = m.runs.max(1.0);
        for u in &mut m.utilities {
            *u /= n;
        }
        m.agreed /= n;
        m.rounds /= n;
        m.pareto /= n;
        m.nash /= n;
        m.welfare /= n;
        m
    }
}

/// Each party's utility of package `k` under the hypotheses played.
pub(super) fn figures(s: &Scenario, prepared: &Prepared, played: &[usize], k: usize) -> ByName {
    (0..s.parties.len()).map(|p| (s.parties[p].id.clone(), prepared.sides[p][played[p]].utility[k])).collect()
}
