//! The agents' rules: what each strategy asks for, proposes, accepts, and
//! learns from the offers it sees (docs/simulation.md has the formulas).

use super::{Custom, Decision, Offered, Rng, Seat, Side, Table, Turn};
use crate::model::Agent;

/// The most packages next to its target an agent weighs when it picks the
/// offer the other side likes best: a bounded look, whatever the space.
pub const CANDIDATES: usize = 256;

/// A MESO's packages are worth the same to its maker within this share of
/// its range (best − BATNA), as in `meso`.
const MESO_BAND: f64 = crate::analysis::meso::BAND;

/// The moment of a decision.
pub(super) struct Moment<'h> {
    pub round: u32,
    pub rounds: u32,
    /// `(round − 1) / (rounds − 1)`.
    pub t: f64,
    /// Every offer before this round's.
    pub history: &'h [Offered],
}

/// A responder's answer.
pub(super) enum Answer {
    /// It accepts this package (of those offered).
    Accept(usize),
    /// It rejects the offer; of several, it would have picked this one.
    Reject(usize),
    End,
}

/// One agent during one run: its strategy, sheet and what it has learned.
pub(super) struct Mind<'a> {
    me: usize,
    agent: Agent,
    side: &'a Side,
    best: f64,
    /// Tit-for-tat's current target.
    target: f64,
    /// Its own utility of each offer the others made, in order.
    seen: Vec<f64>,
    /// Per other player with hypotheses (learners and hooks only).
    pub beliefs: Vec<(usize, Vec<f64>)>,
    /// The frequency model: per slot, how often the others offered each
    /// option, and how often the slot kept its option between offers.
    counts: Vec<Vec<u32>>,
    kept: Vec<u32>,
    last_offer: Option<usize>,
    /// Per player: the last package it offered (for the Bayesian update).
    last_by: Vec<Option<usize>>,
}

impl<'a> Mind<'a> {
    pub fn new(table: &Table<'_>, seats: &[Seat<'a>], me: usize) -> Mind<'a> {
        let seat = seats[me];
        let learns = matches!(seat.agent, Agent::Bayesian { .. } | Agent::Meso { .. } | Agent::Hook { .. });
        let beliefs = if learns {
            (0..seats.len())
                .filter(|&j| j != me)
                .filter_map(|j| Some((j, table.guesses[j].as_ref()?.prior.clone())))
                .collect()
        } else {
            vec![]
        };
        let counting = matches!(seat.agent, Agent::Frequency { .. } | Agent::Bayesian { .. });
        Mind {
            me,
            agent: seat.agent,
            side: seat.side,
            best: seat.side.best(),
            target: seat.side.best(),
            seen: vec![],
            beliefs,
            counts: if counting { table.options.iter().map(|&n| vec![0; n as usize]).collect() } else { vec![] },
            kept: vec![0; table.options.len()],
            last_offer: None,
            last_by: vec![None; seats.len()],
        }
    }

    /// What it asks for now (at least its BATNA).
    fn asks(&self, at: &Moment<'_>) -> f64 {
        let batna = self.side.batna;
        let ask = match self.agent {
            Agent::Random => batna,
            Agent::HardHeaded | Agent::Hook { .. } => self.best,
            Agent::TitForTat { .. } => self.target,
            Agent::TimeDependent { e } | Agent::Frequency { e } | Agent::Bayesian { e } | Agent::Meso { e, .. } => {
                time_dependent(e, self.best, batna, at.t)
            }
        };
        ask.max(batna)
    }

    /// Its proposal: the packages it offers, or `None` to end.
    pub fn propose(&mut self, table: &Table<'_>, at: &Moment<'_>, rng: &mut Rng, hooks: &dyn Custom) -> Result<Option<Vec<usize>>, String> {
        if let Agent::Hook { strategy } = self.agent {
            return match hooks.decide(strategy, &self.turn(at, None))? {
                Decision::Offer(k) => self.allowed(k, "offer").map(|k| Some(vec![k])),
                Decision::End => Ok(None),
                Decision::Accept | Decision::Reject => {
                    Err("it proposes this turn: return `#{ offer: PACKAGE }` or `#{ end: true }` (there is nothing to accept)".into())
                }
            };
        }
        let side = self.side;
        let reach = side.reach(side.batna);
        if reach == 0 {
            return Ok(None);
        }
        let target = self.asks(at);
        let offer = match self.agent {
            Agent::Random => vec![side.order[rng.below(reach)]],
            Agent::Frequency { .. } => vec![self.kindest(side.near(target, CANDIDATES), |k| self.frequency(table, k))],
            Agent::Bayesian { .. } if self.beliefs.is_empty() => {
                vec![self.kindest(side.near(target, CANDIDATES), |k| self.frequency(table, k))]
            }
            Agent::Bayesian { .. } => vec![self.kindest(side.near(target, CANDIDATES), |k| self.expected(table, k))],
            Agent::Meso { k, .. } => self.meso(table, target, k),
            _ => vec![side.at_least(target).expect("a package reaches the BATNA")],
        };
        Ok(Some(offer))
    }

    /// Its answer to the packages offered (several: a MESO, of which it
    /// picks the one it values most).
    pub fn respond(&mut self, table: &Table<'_>, at: &Moment<'_>, offered: &[usize], rng: &mut Rng, hooks: &dyn Custom) -> Result<Answer, String> {
        let _ = table;
        let u = &self.side.utility;
        let pick = offered.iter().copied().fold(offered[0], |a, b| if u[b] > u[a] { b } else { a });
        if let Agent::Hook { strategy } = self.agent {
            return match hooks.decide(strategy, &self.turn(at, Some(pick)))? {
                Decision::Accept => self.allowed(pick, "accept").map(Answer::Accept),
                Decision::Offer(_) | Decision::Reject => Ok(Answer::Reject(pick)),
                Decision::End => Ok(Answer::End),
            };
        }
        let worth = crate::eval::reaches(u[pick], self.asks(at));
        let yes = match self.agent {
            Agent::Random => worth && rng.below(2) == 0,
            _ => worth,
        };
        Ok(if yes { Answer::Accept(pick) } else { Answer::Reject(pick) })
    }

    /// A hook's package, refused when it is not a package or is below the
    /// agent's BATNA (no agent offers or accepts that).
    fn allowed(&self, k: usize, verb: &str) -> Result<usize, String> {
        let u = self.side.utility.get(k).ok_or_else(|| format!("it tried to {verb} package {k}, which does not exist"))?;
        if !crate::eval::reaches(*u, self.side.batna) {
            return Err(format!(
                "it tried to {verb} a package worth {} to it, below its BATNA of {}",
                crate::model::format_number(*u, crate::syntax::Unit::Plain),
                crate::model::format_number(self.side.batna, crate::syntax::Unit::Plain)
            ));
        }
        Ok(k)
    }

    fn turn<'r>(&'r self, at: &Moment<'r>, to_answer: Option<usize>) -> Turn<'r> {
        Turn {
            me: self.me,
            round: at.round,
            rounds: at.rounds,
            to_answer,
            side: self.side,
            offers: at.history,
            beliefs: &self.beliefs,
        }
    }

    /// Learns from an offer by `by` before answering it.
    pub fn observe(&mut self, table: &Table<'_>, by: usize, packages: &[usize], at: &Moment<'_>) {
        let _ = at;
        let u = &self.side.utility;
        let mine = packages.iter().map(|&k| u[k]).fold(f64::NEG_INFINITY, f64::max);
        self.seen.push(mine);
        if let Agent::TitForTat { relative } = self.agent {
            self.mirror(relative);
        }
        if !self.counts.is_empty() {
            for &k in packages {
                self.count(table, k);
            }
        }
        let bayes = matches!(self.agent, Agent::Bayesian { .. } | Agent::Hook { .. });
        if let Some(guess) = table.guesses[by].as_ref() {
            let t = table.temperature;
            if bayes {
                let offer = packages[0];
                match self.last_by[by] {
                    // A first offer: the likelier the better it is for them
                    // (softmax over every package).
                    None => self.update(by, |h| guess.utilities[h][offer] / t - guess.log_partition[h]),
                    // Later: an agent concedes little at a time, so an
                    // offer is the likelier the less it moves from its
                    // last one in the hypothesis's points.
                    Some(last) => self.update(by, |h| -(guess.utilities[h][offer] - guess.utilities[h][last]).abs() / t),
                }
            }
        }
    }

    /// A MESO agent learns from the member of its MESO that `by` picked
    /// (the one it valued most, whether it then accepted or not): by the
    /// logit model of choice, as `observe … chose`.
    pub fn picked(&mut self, table: &Table<'_>, by: usize, meso: &[usize], pick: usize) {
        if !matches!(self.agent, Agent::Meso { .. }) || meso.len() < 2 {
            return;
        }
        let (Some(guess), Some(chosen)) = (table.guesses[by].as_ref(), meso.iter().position(|&k| k == pick)) else {
            return;
        };
        let t = table.temperature;
        self.update(by, |h| {
            let shown: Vec<f64> = meso.iter().map(|&k| guess.utilities[h][k] / t).collect();
            let top = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            shown[chosen] - top - shown.iter().map(|x| (x - top).exp()).sum::<f64>().ln()
        });
    }

    /// Bayes' rule on the beliefs about `by` (unchanged when the update is
    /// impossible, e.g. every hypothesis rules the offer out).
    fn update(&mut self, by: usize, log_likelihood: impl Fn(usize) -> f64) {
        if let Some((_, p)) = self.beliefs.iter_mut().find(|(j, _)| *j == by) {
            if let Ok(next) = crate::analysis::beliefs::bayes(p, log_likelihood) {
                *p = next;
            }
        }
    }

    /// After the round: everyone remembers the proposer's offer.
    pub fn after_round(&mut self, proposer: usize, packages: &[usize]) {
        self.last_by[proposer] = Some(packages[0]);
    }

    /// Tit-for-tat: concede what the other side's last offer conceded.
    fn mirror(&mut self, relative: bool) {
        let (best, batna) = (self.best, self.side.batna);
        let [.., prev, new] = self.seen[..] else {
            return;
        };
        let step = new - prev;
        self.target = if relative {
            let gap = best - prev;
            let share = if gap > 0.0 { (step / gap).clamp(-1.0, 1.0) } else { 0.0 };
            if share >= 0.0 {
                self.target - share * (self.target - batna)
            } else {
                self.target - share * (best - self.target)
            }
        } else {
            self.target - step
        }
        .clamp(batna.min(best), best);
    }

    fn count(&mut self, table: &Table<'_>, k: usize) {
        let slots = &table.packages[k];
        for (s, &o) in slots.iter().enumerate() {
            self.counts[s][o as usize] += 1;
        }
        if let Some(last) = self.last_offer {
            for (s, (a, b)) in table.packages[last].iter().zip(slots).enumerate() {
                self.kept[s] += u32::from(a == b);
            }
        }
        self.last_offer = Some(k);
    }

    /// The frequency model's estimate of the others' liking for package k:
    /// per slot, how often its option was offered relative to the most
    /// offered one, weighted by how steadily the slot was kept.
    fn frequency(&self, table: &Table<'_>, k: usize) -> f64 {
        let total: f64 = self.kept.iter().map(|&x| 1.0 + f64::from(x)).sum();
        table.packages[k]
            .iter()
            .enumerate()
            .map(|(s, &o)| {
                let top = self.counts[s].iter().copied().max().unwrap_or(0);
                let value = if top == 0 { 0.0 } else { f64::from(self.counts[s][o as usize]) / f64::from(top) };
                (1.0 + f64::from(self.kept[s])) / total * value
            })
            .sum()
    }

    /// The expected utility of package k to the others it has beliefs about.
    fn expected(&self, table: &Table<'_>, k: usize) -> f64 {
        self.beliefs
            .iter()
            .map(|(j, p)| {
                let guess = table.guesses[*j].as_ref().expect("beliefs only about guessed players");
                p.iter().zip(&guess.utilities).map(|(p, u)| p * u[k]).sum::<f64>()
            })
            .sum()
    }

    /// Among the candidates (worth the least to it last), the one with the
    /// highest score; ties go to the one worth the least to it.
    fn kindest(&self, candidates: &[usize], score: impl Fn(usize) -> f64) -> usize {
        let mut pick = *candidates.last().expect("a package reaches the target");
        let mut top = score(pick);
        for &k in candidates.iter().rev().skip(1) {
            let s = score(k);
            if s > top {
                (pick, top) = (k, s);
            }
        }
        pick
    }

    /// A MESO: up to `count` packages worth about its target to it. With
    /// beliefs, the package each likeliest hypothesis prefers (so that the
    /// choice reveals the hypothesis), then the best expected ones;
    /// without, packages spread over those near its target.
    fn meso(&self, table: &Table<'_>, target: f64, count: usize) -> Vec<usize> {
        let side = self.side;
        let near = side.near(target, CANDIDATES);
        let lowest = side.utility[*near.last().expect("a package reaches the target")];
        let top = lowest + MESO_BAND * (self.best - side.batna).max(0.0);
        let band: Vec<usize> = near.iter().copied().filter(|&k| side.utility[k] <= top).collect();
        let pool: &[usize] = if band.len() >= count { &band } else { near };
        let mut chosen: Vec<usize> = vec![];
        if let Some((j, p)) = self.beliefs.first() {
            let guess = table.guesses[*j].as_ref().expect("beliefs only about guessed players");
            let mut hypotheses: Vec<usize> = (0..p.len()).collect();
            hypotheses.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
            for h in hypotheses {
                let k = self.kindest(pool, |k| guess.utilities[h][k]);
                if chosen.len() < count && !chosen.contains(&k) {
                    chosen.push(k);
                }
            }
            let mut rest: Vec<usize> = pool.iter().copied().filter(|k| !chosen.contains(k)).collect();
            rest.sort_by(|&a, &b| self.expected(table, b).total_cmp(&self.expected(table, a)).then(a.cmp(&b)));
            chosen.extend(rest.into_iter().take(count.saturating_sub(chosen.len())));
        } else {
            let n = pool.len().min(count);
            chosen = (0..n).map(|i| pool[pool.len() - 1 - i * (pool.len() - 1) / (n - 1).max(1)]).collect();
            chosen.dedup();
        }
        chosen
    }
}

/// Faratin's time-dependent target: `batna + (best − batna)·(1 − t^(1/e))`.
pub fn time_dependent(e: f64, best: f64, batna: f64, t: f64) -> f64 {
    batna + (best - batna) * (1.0 - t.powf(1.0 / e))
}
