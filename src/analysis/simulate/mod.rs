//! `simulate`: the stacked alternating-offers protocol between agents
//! (docs/simulation.md).
//!
//! Each round one player proposes (one package, or several of equal value
//! to it: a MESO) and every other player, in order, accepts, rejects or
//! ends the negotiation; the first to answer a MESO picks one of its
//! packages, the others answer that one; the proposal is agreed when all
//! accept. The players propose in turn, round after round, until the
//! deadline. Agents see only their own utility of each package, the offers
//! made and their beliefs: never another party's true utility.
//!
//! Everything an agent needs that does not change during a run is built
//! once per simulation ([`Side`]: each sheet's packages sorted by utility;
//! [`Guess`]: each hypothesis's utilities and softmax normaliser), so a
//! round costs a binary search and a bounded look at the packages next to
//! the agent's target, never a scan of the outcome space. The agents' own
//! rules live in `agents`; the random numbers in `rng`.

mod agents;
mod rng;
mod sequential;

use crate::model::Agent;
pub use rng::Rng;
pub use sequential::{play_sequential, Staged};

/// One score sheet over the table's packages, with its packages ranked.
#[derive(Debug, Clone)]
pub struct Side {
    /// Its utility of each package.
    pub utility: Vec<f64>,
    /// Its BATNA.
    pub batna: f64,
    /// Package indices, best first (ties: lowest index first).
    order: Vec<usize>,
    /// Their utilities, in the same order (descending).
    values: Vec<f64>,
}

impl Side {
    /// Ranks the packages of a sheet (once per simulation).
    pub fn new(utility: Vec<f64>, batna: f64) -> Side {
        let mut order: Vec<usize> = (0..utility.len()).collect();
        order.sort_by(|&a, &b| utility[b].total_cmp(&utility[a]).then(a.cmp(&b)));
        let values = order.iter().map(|&k| utility[k]).collect();
        Side { utility, batna, order, values }
    }

    /// Its best utility over the packages.
    pub fn best(&self) -> f64 {
        self.values.first().copied().unwrap_or(f64::NEG_INFINITY)
    }

    /// How many packages reach `target` (they are the first that many of
    /// the ranking).
    fn reach(&self, target: f64) -> usize {
        self.values.partition_point(|&v| crate::eval::reaches(v, target))
    }

    /// The package worth the least among those worth at least `target`
    /// (the lowest index among equals), if any.
    pub fn at_least(&self, target: f64) -> Option<usize> {
        let last = self.reach(target).checked_sub(1)?;
        // Among equal values, the lowest index comes first.
        let value = self.values[last];
        let first = self.values.partition_point(|&v| v > value);
        Some(self.order[first])
    }

    /// Up to `n` packages worth at least `target`, those worth the least
    /// first: where an agent looks for the offer the other side likes best.
    fn near(&self, target: f64, n: usize) -> &[usize] {
        let reach = self.reach(target);
        &self.order[reach.saturating_sub(n)..reach]
    }
}

/// What the players believe about one player whose sheet is a set of
/// hypotheses: each hypothesis's utilities and the players' prior.
#[derive(Debug, Clone)]
pub struct Guess {
    /// Each hypothesis's utility of each package.
    pub utilities: Vec<Vec<f64>>,
    /// The probabilities the others start from.
    pub prior: Vec<f64>,
    /// Per hypothesis, `ln Σ_k exp(u_h(k)/T)`: the normaliser of the
    /// softmax likelihood of an offer.
    log_partition: Vec<f64>,
}

impl Guess {
    /// The hypotheses' utilities and prior (softmax at `temperature`).
    pub fn new(utilities: Vec<Vec<f64>>, prior: Vec<f64>, temperature: f64) -> Guess {
        let log_partition = utilities
            .iter()
            .map(|u| {
                let top = u.iter().copied().fold(f64::NEG_INFINITY, f64::max) / temperature;
                top + u.iter().map(|x| (x / temperature - top).exp()).sum::<f64>().ln()
            })
            .collect();
        Guess { utilities, prior, log_partition }
    }
}

/// Everything about a simulation that does not change between runs.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    /// Each package's slots (option indices), for the frequency model and
    /// for measuring how close two packages are.
    pub packages: &'a [Vec<u32>],
    /// Each slot's number of options.
    pub options: Vec<u32>,
    /// Per player: the hypotheses the others hold about it, if any.
    pub guesses: Vec<Option<Guess>>,
    /// The temperature of the learners' likelihoods, in points.
    pub temperature: f64,
}

/// One player in a run: its strategy and the sheet it plays.
#[derive(Debug, Clone, Copy)]
pub struct Seat<'a> {
    /// Its strategy.
    pub agent: Agent,
    /// Its sheet (under the hypothesis it plays).
    pub side: &'a Side,
}

/// What a hook strategy decides on its turn (docs/hooks.md).
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Propose this package (as proposer) or reject and wait (as responder).
    Offer(usize),
    /// Accept the package on the table.
    Accept,
    /// Reject the package on the table.
    Reject,
    /// End the negotiation: everyone takes their BATNA.
    End,
}

/// What a hook strategy sees on its turn.
#[derive(Debug)]
pub struct Turn<'r> {
    /// The player deciding.
    pub me: usize,
    /// The round, 1-based.
    pub round: u32,
    /// The deadline.
    pub rounds: u32,
    /// The package it must answer, `None` when it proposes.
    pub to_answer: Option<usize>,
    /// Its sheet.
    pub side: &'r Side,
    /// Every offer so far, oldest first.
    pub offers: &'r [Offered],
    /// Per other player with hypotheses: its beliefs about them.
    pub beliefs: &'r [(usize, Vec<f64>)],
}

/// Runs declared strategies: the interpreter answers with the Rhai hooks.
pub trait Custom: Sync {
    /// The decision of strategy `strategy` on this turn, or why it failed.
    fn decide(&self, strategy: usize, turn: &Turn<'_>) -> Result<Decision, String>;
}

/// No declared strategies.
#[cfg(test)]
pub struct NoHooks;

#[cfg(test)]
impl Custom for NoHooks {
    fn decide(&self, _: usize, _: &Turn<'_>) -> Result<Decision, String> {
        Err("no hook strategies are declared".into())
    }
}

/// An offer made, as the players remember it.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    /// The round.
    pub round: u32,
    /// Who proposed.
    pub by: usize,
    /// The packages proposed (one, or a MESO's several).
    pub packages: Vec<usize>,
}

/// What happened in one round.
#[derive(Debug, Clone, PartialEq)]
pub enum Move {
    /// The proposer offered one package or several; `answers` says, per
    /// other player in order up to the first refusal, whether it accepted;
    /// `chosen` is the package the first responder picked (the offer
    /// itself when there is one).
    Offer {
        /// The packages proposed.
        packages: Vec<usize>,
        /// The package answered.
        chosen: usize,
        /// The answers, in order, up to the first refusal.
        accepted: Vec<bool>,
        /// The answer that ended the negotiation, if one did (by the
        /// player after the last answer).
        ended: bool,
    },
    /// The proposer ended the negotiation.
    End,
}

/// One round of a traced run.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// 1-based.
    pub round: u32,
    /// The index of the player who proposed.
    pub proposer: usize,
    /// What it did.
    pub action: Move,
    /// After the round, each player's beliefs about the others with
    /// hypotheses (`(about, probabilities)`), for learners only.
    pub beliefs: Vec<Vec<(usize, Vec<f64>)>>,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// Every round, in order (empty unless traced).
    pub rounds: Vec<Round>,
    /// How many rounds were played.
    pub played: u32,
    /// The agreed package and the round it was agreed in.
    pub agreement: Option<(usize, u32)>,
    /// Why a hook strategy ended the run with an error.
    pub failure: Option<String>,
}

/// Plays one negotiation to `rounds` rounds; `seats` propose in their
/// order. With `trace`, every round is kept.
pub fn play(table: &Table<'_>, seats: &[Seat<'_>], rounds: u32, rng: &mut Rng, hooks: &dyn Custom, trace: bool) -> Run {
    let n = seats.len();
    let mut minds: Vec<agents::Mind<'_>> = (0..n).map(|i| agents::Mind::new(table, seats, i)).collect();
    let mut history: Vec<Offered> = vec![];
    let mut run = Run::default();
    let time = |r: u32| if rounds <= 1 { 1.0 } else { f64::from(r - 1) / f64::from(rounds - 1) };
    for r in 1..=rounds {
        run.played = r;
        let at = agents::Moment { round: r, rounds, t: time(r), history: &history };
        let proposer = (r as usize - 1) % n;
        let proposal = match minds[proposer].propose(table, &at, rng, hooks) {
            Ok(p) => p,
            Err(e) => return failed(run, e),
        };
        let Some(packages) = proposal else {
            if trace {
                run.rounds.push(Round { round: r, proposer, action: Move::End, beliefs: beliefs(&minds) });
            }
            return run;
        };
        let mut chosen = packages[0];
        let mut accepted = vec![];
        let mut ended = false;
        for k in 1..n {
            let i = (proposer + k) % n;
            minds[i].observe(table, proposer, &packages, &at);
            let offered: &[usize] = if k == 1 { &packages } else { std::slice::from_ref(&chosen) };
            match minds[i].respond(table, &at, offered, rng, hooks) {
                Ok(agents::Answer::Accept(p)) => {
                    chosen = p;
                    accepted.push(true);
                }
                Ok(agents::Answer::Reject(p)) => {
                    chosen = p;
                    accepted.push(false);
                    break;
                }
                Ok(agents::Answer::End) => {
                    ended = true;
                    break;
                }
                Err(e) => return failed(run, e),
            }
        }
        let agreed = !ended && accepted.len() == n - 1 && accepted.iter().all(|&a| a);
        if !accepted.is_empty() && packages.len() > 1 {
            minds[proposer].picked(table, (proposer + 1) % n, &packages, chosen);
        }
        for mind in &mut minds {
            mind.after_round(proposer, &packages);
        }
        history.push(Offered { round: r, by: proposer, packages: packages.clone() });
        if trace {
            let action = Move::Offer { packages, chosen, accepted, ended };
            run.rounds.push(Round { round: r, proposer, action, beliefs: beliefs(&minds) });
        }
        if agreed {
            run.agreement = Some((chosen, r));
            return run;
        }
        if ended {
            return run;
        }
    }
    run
}

fn failed(mut run: Run, why: String) -> Run {
    run.failure = Some(why);
    run
}

fn beliefs(minds: &[agents::Mind<'_>]) -> Vec<Vec<(usize, Vec<f64>)>> {
    minds.iter().map(|m| m.beliefs.clone()).collect()
}

#[cfg(test)]
mod tests;
