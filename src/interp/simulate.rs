//! `simulate`: the agents' utilities of every feasible package, the run
//! (`analysis::simulate`), and how its outcome compares with the frontier,
//! the Nash package and the largest joint gain.

use super::{every_package, space_error, Session, Step};
use crate::analysis::bargaining;
use crate::analysis::simulate::{self, Move, Player};
use crate::diagnostics::{Code, Diag};
use crate::eval;
use crate::model::{Agent, Bargaining, Command};
use crate::report::{self, Agreed, ByName, Report, SimulateReport, TraceRound};

/// The most packages a simulation lists (its agents rank every one).
const MAX_PACKAGES: f64 = 1_000_000.0;

/// One run's outcome as the report averages it.
struct Outcome {
    utilities: Vec<f64>,
    rounds: f64,
    pareto: f64,
    nash: Option<f64>,
    welfare: f64,
}

impl Session<'_> {
    /// `simulate A: STRAT, B: STRAT … [rounds N] [seed S] [repeat R]`.
    pub(super) fn simulate(&mut self, c: &Command, players: &[(usize, Agent)], (rounds, seed, repeat): (u32, u64, u32)) -> Step {
        let s = self.s;
        let Some(packages) = every_package(s, MAX_PACKAGES, |_| true) else {
            return Step::Error(
                Diag::error(
                    Code::RunSimulate,
                    format!(
                        "`simulate` ranks every package, and this plan has {} (at most {} in this version)",
                        crate::model::format::count(s.package_count()),
                        crate::model::format::count(MAX_PACKAGES)
                    ),
                    c.loc.source,
                    c.loc.span,
                    "too many packages",
                )
                .with_help("simulate a plan with fewer issues or options"),
            );
        };
        let n = s.parties.len();
        let cared: Vec<Vec<f64>> = (0..n)
            .map(|p| packages.iter().map(|k| eval::cared(s, p, k)).collect())
            .collect();
        let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
        let agents: Vec<Player> = players
            .iter()
            .map(|&(p, agent)| Player {
                agent,
                utility: cared[p].clone(),
                batna: batnas[p],
            })
            .collect();
        let points = match self.frontier() {
            Ok(points) => points.to_vec(),
            Err(e) => return Step::Error(space_error(s, c, &e)),
        };
        let nash_point = bargaining::choose(Bargaining::Nash, &points, &batnas).map(|i| points[i].values.clone());
        let gain = |v: &[f64]| -> f64 { v.iter().zip(&batnas).map(|(u, b)| u - b).sum() };
        let largest = points.iter().map(|p| gain(&p.values)).fold(0.0, f64::max);
        let outcome_of = |run: &simulate::Run| -> Outcome {
            let utilities: Vec<f64> = match run.agreement {
                Some((k, _)) => (0..n).map(|p| cared[p][k]).collect(),
                None => batnas.clone(),
            };
            let distance = |v: &[f64]| -> f64 {
                v.iter().zip(&utilities).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt()
            };
            let pareto = points.iter().map(|p| distance(&p.values)).fold(f64::INFINITY, f64::min);
            Outcome {
                rounds: run.rounds.len() as f64,
                pareto: if pareto.is_finite() { pareto } else { 0.0 },
                nash: nash_point.as_ref().map(|v| distance(v)),
                welfare: if run.agreement.is_some() && largest > 0.0 { gain(&utilities) / largest } else { 0.0 },
                utilities,
            }
        };
        let mut first = None;
        let (mut agreed, mut sums) = (0u32, vec![0.0; n]);
        let (mut rounds_sum, mut pareto_sum, mut nash_sum, mut welfare_sum) = (0.0, 0.0, 0.0, 0.0);
        for r in 0..repeat {
            if self.cancel.is_raised() {
                return Step::Error(space_error(s, c, &crate::analysis::space::SpaceError::Cancelled));
            }
            let run = simulate::run(&agents, rounds, &mut simulate::Rng::for_run(seed, u64::from(r)));
            let o = outcome_of(&run);
            agreed += u32::from(run.agreement.is_some());
            for (sum, u) in sums.iter_mut().zip(&o.utilities) {
                *sum += u;
            }
            rounds_sum += o.rounds;
            pareto_sum += o.pareto;
            nash_sum += o.nash.unwrap_or(0.0);
            welfare_sum += o.welfare;
            if r == 0 {
                first = Some(run);
            }
        }
        let runs = f64::from(repeat);
        let labels = report::Labels::of(s);
        let figures = |k: usize| -> ByName { (0..n).map(|p| (s.parties[p].id.clone(), cared[p][k])).collect() };
        let name = |i: usize| s.parties[players[i].0].id.clone();
        // One run: its trace and agreement.
        let (trace, agreement) = match (repeat, first) {
            (1, Some(run)) => {
                let trace = run
                    .rounds
                    .iter()
                    .map(|r| match &r.action {
                        Move::Offer { package, accepted } => {
                            let rejected = accepted.iter().position(|a| !a);
                            let response = match rejected {
                                Some(k) => format!("rejected by {}", name((r.proposer + k + 1) % players.len())),
                                None => "accepted".into(),
                            };
                            TraceRound {
                                round: r.round,
                                proposer: name(r.proposer),
                                package: Some(report::PackageView::new(&labels, &packages[*package])),
                                utilities: figures(*package),
                                response,
                            }
                        }
                        Move::End => TraceRound {
                            round: r.round,
                            proposer: name(r.proposer),
                            package: None,
                            utilities: ByName::default(),
                            response: "ended: no package is worth its BATNA".into(),
                        },
                    })
                    .collect();
                let agreement = run.agreement.map(|(k, round)| Agreed {
                    package: report::PackageView::new(&labels, &packages[k]),
                    utilities: figures(k),
                    round,
                });
                (trace, Some(agreement))
            }
            _ => (vec![], None),
        };
        Step::Report(Report::Simulate(Box::new(SimulateReport {
            players: players.iter().map(|&(p, a)| (s.parties[p].id.clone(), a.name())).collect(),
            rounds,
            seed,
            runs: repeat,
            agreement_rate: crate::model::snap(f64::from(agreed) / runs),
            mean_utilities: (0..n).map(|p| (s.parties[p].id.clone(), sums[p] / runs)).collect(),
            mean_rounds: crate::model::snap(rounds_sum / runs),
            mean_pareto_distance: crate::model::snap(pareto_sum / runs),
            mean_nash_distance: nash_point.is_some().then(|| crate::model::snap(nash_sum / runs)),
            welfare_share: crate::model::snap(welfare_sum / runs),
            trace,
            agreement,
        })))
    }
}
