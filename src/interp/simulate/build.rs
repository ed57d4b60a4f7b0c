//! The `simulate` report: the means over the runs and, for one run, its
//! trace in the parties' names and the plan's option labels.

use super::{figures, Means, Prepared};
use crate::analysis::simulate::{Move, Round, Staged};
use crate::model::{snap, Player, Scenario};
use crate::report::{self, Agreed, Belief, ByName, PackageView, Protocol, SimulateReport, TraceRound};
use std::sync::Arc;

/// The report of a simulation: `first` is the one run's hypotheses and
/// trace when there was one run.
pub(super) fn report(
    s: &Scenario,
    prepared: &Prepared,
    players: &[Player],
    (rounds, seed, repeat, sequential): (u32, u64, u32, bool),
    means: &Means,
    first: Option<(&[usize], &Staged)>,
) -> SimulateReport {
    let labels = report::Labels::of(s);
    let (trace, agreement) = match first {
        Some((played, staged)) => {
            let trace = staged.run.rounds.iter().enumerate().map(|(i, r)| traced(s, prepared, players, played, (staged, i), r, &labels)).collect();
            let agreement = staged.run.agreement.map(|(k, round)| Agreed {
                package: PackageView::new(&labels, &prepared.packages[k]),
                utilities: figures(s, prepared, played, k),
                round,
            });
            (trace, Some(agreement))
        }
        None => (vec![], None),
    };
    let played: Vec<(String, String)> = match first {
        Some((played, _)) => s.uncertain().iter().map(|&(p, _)| (s.parties[p].id.clone(), s.parties[p].hypotheses[played[p]].id.clone())).collect(),
        None => players
            .iter()
            .filter_map(|pl| Some((s.parties[pl.party].id.clone(), s.parties[pl.party].hypotheses[pl.hypothesis?].id.clone())))
            .collect(),
    };
    SimulateReport {
        players: players.iter().map(|pl| (s.parties[pl.party].id.clone(), pl.strategy.clone())).collect(),
        protocol: if sequential { Protocol::Sequential } else { Protocol::Package },
        played,
        rounds,
        seed,
        runs: repeat,
        agreement_rate: snap(means.agreed),
        mean_utilities: (0..s.parties.len()).map(|p| (s.parties[p].id.clone(), means.utilities[p])).collect(),
        mean_rounds: snap(means.rounds),
        mean_pareto_distance: snap(means.pareto),
        mean_nash_distance: prepared_has_nash(prepared).then(|| snap(means.nash)),
        welfare_share: snap(means.welfare),
        failures: means.failures,
        failure: means.failure.clone(),
        trace,
        agreement,
    }
}

fn prepared_has_nash(prepared: &Prepared) -> bool {
    prepared.truths.iter().any(|t| t.nash.is_some())
}

/// One round of the trace as the report shows it.
fn traced(
    s: &Scenario,
    prepared: &Prepared,
    players: &[Player],
    played: &[usize],
    (staged, i): (&Staged, usize),
    r: &Round,
    labels: &Arc<report::Labels>,
) -> TraceRound {
    let name = |i: usize| s.parties[players[i].party].id.clone();
    let n = players.len();
    let beliefs = r
        .beliefs
        .iter()
        .enumerate()
        .flat_map(|(holder, about)| {
            about.iter().map(move |(j, p)| Belief {
                holder: name(holder),
                about: name(*j),
                probabilities: s.parties[players[*j].party].hypotheses.iter().zip(p).map(|(h, x)| (h.id.clone(), snap(*x))).collect(),
            })
        })
        .collect();
    let mut round = TraceRound {
        round: r.round,
        proposer: name(r.proposer),
        package: None,
        offered: vec![],
        settling: None,
        utilities: ByName::default(),
        response: String::new(),
        beliefs,
    };
    match &r.action {
        Move::End => round.response = "ended the negotiation".into(),
        Move::Offer { packages, chosen, accepted, ended } => {
            let after = (r.proposer + accepted.len() + 1) % n;
            round.response = match (accepted.iter().position(|a| !a), ended) {
                (Some(k), _) => format!("rejected by {}", name((r.proposer + k + 1) % n)),
                (None, true) => format!("ended by {}", name(after)),
                (None, false) => "accepted".into(),
            };
            match staged.stage_of.get(i) {
                Some(&stage) => {
                    let (slots, items) = &staged.stages[stage];
                    let shown: Vec<String> = slots
                        .iter()
                        .zip(&items[*chosen])
                        .map(|(&slot, &o)| {
                            let issue = &s.issues[s.slots[slot].issue];
                            format!("{} = {}", issue.id, issue.show(o))
                        })
                        .collect();
                    round.settling = Some(shown.join(", "));
                }
                None => {
                    round.package = Some(PackageView::new(labels, &prepared.packages[*chosen]));
                    round.utilities = figures(s, prepared, played, *chosen);
                    if packages.len() > 1 {
                        round.offered = packages.iter().map(|&k| PackageView::new(labels, &prepared.packages[k])).collect();
                    }
                }
            }
        }
    }
    round
}
