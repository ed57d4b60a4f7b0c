//! `simulate`: the stacked alternating-offers protocol between built-in
//! agents (docs/simulation.md).
//!
//! Each round one player proposes a package and every other player, in
//! order, accepts or rejects it; the proposal is agreed when all accept.
//! The players propose in turn, round after round, until the deadline.
//! Agents see only their own utility of each package and the offers made:
//! never another party's utility. A time-dependent agent (Faratin et al.)
//! asks at time `t = (round − 1) / (rounds − 1)` for
//!
//! ```text
//! target(t) = batna + (best − batna) · (1 − t^(1/e))
//! ```
//!
//! (`best` its best utility over the packages, `e` < 1 concedes late, > 1
//! early), proposes the package it values least among those worth at least
//! the target (the lowest index among equals), and accepts an offer worth
//! at least its target of the moment. A hard-headed agent's target is its
//! best utility throughout. A random agent offers a package drawn among
//! those worth its BATNA and accepts an offer worth its BATNA with
//! probability one half, from the run's seeded generator. No agent proposes
//! or accepts below its BATNA; an agent with no package worth its BATNA
//! ends the negotiation. The same seed gives the same run.

use crate::model::Agent;

/// One agent as the protocol sees it.
#[derive(Debug, Clone)]
pub struct Player {
    /// Its strategy.
    pub agent: Agent,
    /// Its utility of each package.
    pub utility: Vec<f64>,
    /// Its BATNA.
    pub batna: f64,
}

/// What happened in one round.
#[derive(Debug, Clone, PartialEq)]
pub enum Move {
    /// The proposer offered a package (its index); `accepted` says, per
    /// other player in order, whether it accepted (the first rejection
    /// ends the round).
    Offer {
        /// The package.
        package: usize,
        /// The responses, in order, up to the first rejection.
        accepted: Vec<bool>,
    },
    /// The proposer ended the negotiation: no package is worth its BATNA.
    End,
}

/// One round of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// 1-based.
    pub round: u32,
    /// The index of the player who proposed.
    pub proposer: usize,
    /// What it did.
    pub action: Move,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Every round, in order.
    pub rounds: Vec<Round>,
    /// The agreed package and the round it was agreed in.
    pub agreement: Option<(usize, u32)>,
}

/// Each player's packages from its best down, for finding the least it
/// asks for above a target without scanning every package each round.
struct Ladder {
    /// Package indices, best first (ties: lowest index first).
    order: Vec<usize>,
    /// Their utilities, in the same order (descending).
    values: Vec<f64>,
}

impl Ladder {
    fn new(utility: &[f64]) -> Ladder {
        let mut order: Vec<usize> = (0..utility.len()).collect();
        order.sort_by(|&a, &b| utility[b].total_cmp(&utility[a]).then(a.cmp(&b)));
        let values = order.iter().map(|&k| utility[k]).collect();
        Ladder { order, values }
    }

    /// The package worth the least among those worth at least `target`
    /// (the lowest index among equals), if any.
    fn at_least(&self, target: f64) -> Option<usize> {
        // Values descend: the last position whose value reaches the target.
        let reach = self.values.partition_point(|&v| crate::eval::reaches(v, target));
        let last = reach.checked_sub(1)?;
        // Among equal values, the lowest index comes first.
        let value = self.values[last];
        let first = self.values.partition_point(|&v| v > value);
        Some(self.order[first])
    }
}

/// The runs' random numbers: SplitMix64, the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator of run `run` (0-based) of a simulation seeded `seed`.
    pub fn for_run(seed: u64, run: u64) -> Rng {
        let mut r = Rng(seed ^ run.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` ≥ 1).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What an agent asks for at time `t` (a random agent: its BATNA).
fn target(agent: Agent, best: f64, batna: f64, t: f64) -> f64 {
    match agent {
        Agent::Random => batna,
        Agent::HardHeaded => best,
        Agent::TimeDependent(e) => batna + (best - batna) * (1.0 - t.powf(1.0 / e)),
    }
}

/// Runs the protocol to `rounds` rounds. `players` propose in their order.
pub fn run(players: &[Player], rounds: u32, rng: &mut Rng) -> Run {
    let ladders: Vec<Ladder> = players.iter().map(|p| Ladder::new(&p.utility)).collect();
    let best: Vec<f64> = ladders.iter().map(|l| l.values.first().copied().unwrap_or(f64::NEG_INFINITY)).collect();
    let time = |r: u32| if rounds <= 1 { 1.0 } else { f64::from(r - 1) / f64::from(rounds - 1) };
    let asks = |i: usize, r: u32| target(players[i].agent, best[i], players[i].batna, time(r)).max(players[i].batna);
    let mut out = vec![];
    for r in 1..=rounds {
        let proposer = (r as usize - 1) % players.len();
        let ladder = &ladders[proposer];
        let offer = match players[proposer].agent {
            // Any package worth its BATNA: the ladder's first `reach`.
            Agent::Random => {
                let reach = ladder.values.partition_point(|&v| crate::eval::reaches(v, players[proposer].batna));
                (reach > 0).then(|| ladder.order[rng.below(reach)])
            }
            _ => ladder.at_least(asks(proposer, r)),
        };
        let Some(package) = offer else {
            out.push(Round { round: r, proposer, action: Move::End });
            return Run { rounds: out, agreement: None };
        };
        let mut accepted = vec![];
        for k in 1..players.len() {
            let i = (proposer + k) % players.len();
            let mut yes = crate::eval::reaches(players[i].utility[package], asks(i, r));
            if players[i].agent == Agent::Random && yes {
                yes = rng.below(2) == 0;
            }
            accepted.push(yes);
            if !yes {
                break;
            }
        }
        let agreed = accepted.iter().all(|&a| a);
        out.push(Round { round: r, proposer, action: Move::Offer { package, accepted } });
        if agreed {
            return Run { rounds: out, agreement: Some((package, r)) };
        }
    }
    Run { rounds: out, agreement: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price_players(a: Agent, b: Agent) -> Vec<Player> {
        // One issue, price 0, 10, …, 100: a gets 100 − price, b gets price.
        let a_u: Vec<f64> = (0..=10).map(|k| 100.0 - 10.0 * k as f64).collect();
        let b_u: Vec<f64> = (0..=10).map(|k| 10.0 * k as f64).collect();
        vec![
            Player { agent: a, utility: a_u, batna: 0.0 },
            Player { agent: b, utility: b_u, batna: 0.0 },
        ]
    }

    /// By hand, 10 rounds, t = (r − 1)/9, both ask 100·(1 − t): 100, 88.9,
    /// 77.8, 66.7, 55.6, 44.4, … The proposer offers the least it values
    /// above that (100, 90, 80, 70, 60, 50 to itself), the other accepts
    /// when what is left (0, 10, 20, 30, 40, 50) reaches its own target:
    /// first in round 6 (50 ≥ 44.4), b proposing: price 50.
    #[test]
    fn two_linear_conceders_meet_in_the_middle_by_hand() {
        let linear = Agent::TimeDependent(1.0);
        let run = run(&price_players(linear, linear), 10, &mut Rng::for_run(1, 0));
        assert_eq!(run.agreement, Some((5, 6)));
        let offered: Vec<usize> = run
            .rounds
            .iter()
            .map(|r| match r.action {
                Move::Offer { package, .. } => package,
                Move::End => usize::MAX,
            })
            .collect();
        // a offers prices 0, 20, 40; b offers 90, 70, 50.
        assert_eq!(offered, [0, 9, 2, 7, 4, 5]);
        assert_eq!(run.rounds[5].proposer, 1);
    }

    #[test]
    fn hard_heads_never_agree() {
        let run = run(&price_players(Agent::HardHeaded, Agent::HardHeaded), 20, &mut Rng::for_run(1, 0));
        assert_eq!(run.agreement, None);
        assert_eq!(run.rounds.len(), 20);
    }

    /// A boulware agent concedes later than a conceder: against a linear
    /// opponent it gets more.
    #[test]
    fn boulware_holds_out_longer_than_a_conceder() {
        let linear = Agent::TimeDependent(1.0);
        let got = |a: Agent| {
            let players = price_players(a, linear);
            let run = run(&players, 20, &mut Rng::for_run(1, 0));
            let (package, _) = run.agreement.expect("they agree");
            players[0].utility[package]
        };
        assert!(got(Agent::TimeDependent(0.2)) > got(Agent::TimeDependent(2.0)));
    }

    #[test]
    fn no_package_worth_the_batna_ends_the_run() {
        let mut players = price_players(Agent::TimeDependent(1.0), Agent::TimeDependent(1.0));
        players[0].batna = 101.0;
        let run = run(&players, 10, &mut Rng::for_run(1, 0));
        assert_eq!(run.rounds, [Round { round: 1, proposer: 0, action: Move::End }]);
    }
}
