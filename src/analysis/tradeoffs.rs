//! Logrolls: trades of one concession for one gain between two parties.
//!
//! From a reference package, party A *concedes* decision i (moves it to an
//! option that lowers A's utility and raises B's) to *win* decision j (an option
//! that raises A's and lowers B's). A trade is kept when both end strictly
//! better off than at the reference and the package satisfies the rules; for
//! each ordered pair (i, j) the options with the largest joint gain are kept
//! (ties: the lowest option indices). Trades are ranked by joint gain.
//!
//! The default reference is the *issue-by-issue compromise*: every decision
//! set to the option that maximises the smaller of the two parties' normalised
//! values (`(v − min) / (max − min)`, 1 for a party indifferent to it); ties
//! go to the lower option. It is what haggling issue by issue reaches, and the
//! logrolls show what it leaves on the table.
//!
//! With three or more parties a trade between A and B moves issues the others
//! value too: a trade is kept only when it leaves every other party at least
//! as well off (it is then a Pareto improvement on the reference), the others'
//! gains are reported with it and count in the joint gain, and the pairs of
//! decisions whose every two-sided trade hurts someone else are counted, so
//! the report can say what was left out and why.

use super::space::cared_tables;
use super::TOLERANCE;
use crate::eval;
use crate::model::{Package, Scenario};

/// One trade.
#[derive(Debug, Clone, PartialEq)]
pub struct Trade {
    /// The decision (slot) A concedes, and the option it moves to.
    pub concede: (usize, u32),
    /// The decision A wins, and the option it moves to.
    pub win: (usize, u32),
    /// A's gain in cared-for utility over the reference.
    pub gain_a: f64,
    /// B's gain.
    pub gain_b: f64,
    /// Every other party's gain (never negative), in party order.
    pub others: Vec<(usize, f64)>,
}

impl Trade {
    /// Every party's gain together.
    pub fn joint(&self) -> f64 {
        self.gain_a + self.gain_b + self.others.iter().map(|(_, g)| g).sum::<f64>()
    }
}

/// The logrolls from a reference, and how many were left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Logrolls {
    /// The trades, best joint gain first.
    pub trades: Vec<Trade>,
    /// Pairs of decisions where A and B would both gain but every such trade
    /// leaves another party worse off.
    pub hurting_others: usize,
}

/// The issue-by-issue compromise between `a` and `b`.
pub fn compromise(s: &Scenario, a: usize, b: usize) -> Package {
    let tables = cared_tables(s);
    (0..s.slots.len())
        .map(|k| {
            let norm = |p: usize| normalised(&tables[p][k]);
            let (na, nb) = (norm(a), norm(b));
            let mut best = 0usize;
            for o in 1..na.len() {
                if super::beats(na[o].min(nb[o]), na[best].min(nb[best])) {
                    best = o;
                }
            }
            best as u32
        })
        .collect()
}

fn normalised(values: &[f64]) -> Vec<f64> {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    if max - min <= TOLERANCE * (1.0 + max.abs()) {
        return vec![1.0; values.len()];
    }
    values.iter().map(|v| (v - min) / (max - min)).collect()
}

/// The most (concession, gain) option pairs one `tradeoffs` may compare:
/// about a second of the plain loop.
pub const MAX_PAIRS: f64 = 2e8;

/// How many (concession, gain) option pairs [`tradeoffs`] compares at most:
/// over ordered pairs of distinct decisions, the product of their option
/// counts, i.e. (Σ options)² − Σ options².
pub fn pairs_to_compare(s: &Scenario) -> f64 {
    let options = s
        .slots
        .iter()
        .map(|slot| s.issues[slot.issue].domain.len() as f64);
    let (sum, squares) = options.fold((0.0, 0.0), |(a, b), o| (a + o, b + o * o));
    sum * sum - squares
}

/// Every logroll from `reference` that makes both `a` and `b` better off and
/// leaves every other party at least as well off.
pub fn tradeoffs(s: &Scenario, a: usize, b: usize, reference: &Package) -> Logrolls {
    let others: Vec<usize> = (0..s.parties.len()).filter(|&p| p != a && p != b).collect();
    let deltas: Vec<Vec<Vec<f64>>> = (0..s.parties.len())
        .map(|p| single_moves(s, p, reference))
        .collect();
    // With `extra` terms a pair of moves is not the sum of the two: evaluate it.
    let exact = s.parties.iter().any(|p| !p.extras.is_empty());
    let base: Vec<f64> = (0..s.parties.len())
        .map(|p| eval::cared(s, p, reference))
        .collect();
    let tol = |x: f64| TOLERANCE * (1.0 + x.abs());
    let options = |k: usize| s.issues[s.slots[k].issue].domain.len() as u32;
    let gain = |p: usize, i: usize, oi: u32, j: usize, oj: u32| {
        if exact {
            let mut moved = reference.clone();
            moved[i] = oi;
            moved[j] = oj;
            eval::cared(s, p, &moved) - base[p]
        } else {
            deltas[p][i][oi as usize] + deltas[p][j][oj as usize]
        }
    };
    let mut found = Logrolls::default();
    for i in 0..s.slots.len() {
        for j in (0..s.slots.len()).filter(|&j| j != i) {
            let mut best: Option<Trade> = None;
            let mut blocked = false;
            for oi in 0..options(i) {
                let (ai, bi) = (deltas[a][i][oi as usize], deltas[b][i][oi as usize]);
                if !(ai < -tol(ai) && bi > tol(bi)) {
                    continue;
                }
                for oj in 0..options(j) {
                    let (aj, bj) = (deltas[a][j][oj as usize], deltas[b][j][oj as usize]);
                    if !(aj > tol(aj) && bj < -tol(bj)) {
                        continue;
                    }
                    let (gain_a, gain_b) = (gain(a, i, oi, j, oj), gain(b, i, oi, j, oj));
                    if !(gain_a > tol(gain_a) && gain_b > tol(gain_b)) {
                        continue;
                    }
                    let mut package = reference.clone();
                    package[i] = oi;
                    package[j] = oj;
                    if !eval::broken_rules(s, &package).is_empty() {
                        continue;
                    }
                    let trade = Trade {
                        concede: (i, oi),
                        win: (j, oj),
                        gain_a,
                        gain_b,
                        others: others.iter().map(|&p| (p, gain(p, i, oi, j, oj))).collect(),
                    };
                    if trade.others.iter().any(|&(_, g)| g < -tol(g)) {
                        blocked = true;
                        continue;
                    }
                    if best
                        .as_ref()
                        .is_none_or(|t| trade.joint() > t.joint() + tol(t.joint()))
                    {
                        best = Some(trade);
                    }
                }
            }
            match best {
                Some(t) => found.trades.push(t),
                None if blocked => found.hurting_others += 1,
                None => {}
            }
        }
    }
    found.trades.sort_by(|x, y| {
        y.joint()
            .total_cmp(&x.joint())
            .then((x.concede, x.win).cmp(&(y.concede, y.win)))
    });
    found
}

/// Per slot, per option: what moving that slot alone from `reference`
/// changes in `party`'s cared-for utility (from the tables, or evaluated
/// when `extra` terms make utility non-additive).
fn single_moves(s: &Scenario, party: usize, reference: &Package) -> Vec<Vec<f64>> {
    let additive = s.parties.iter().all(|p| p.extras.is_empty());
    let tables = &cared_tables(s)[party];
    let base = eval::cared(s, party, reference);
    (0..s.slots.len())
        .map(|k| {
            let options = s.issues[s.slots[k].issue].domain.len() as u32;
            (0..options)
                .map(|o| {
                    if additive {
                        tables[k][o as usize] - tables[k][reference[k] as usize]
                    } else {
                        let mut moved = reference.clone();
                        moved[k] = o;
                        eval::cared(s, party, &moved) - base
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checked as scenario;

    #[test]
    fn a_hand_worked_logroll() {
        // salary matters more to the candidate (weight 3), location to the firm (weight 3).
        // Candidate: salary { low: 0, mid: 5, high: 10 } ×3, location { city: 10, town: 0 } ×1.
        // Firm:      salary { low: 10, mid: 5, high: 0 } ×1, location { city: 0, town: 10 } ×3.
        // Compromise: salary mid (both 0.5 normalised); location: city gives (1, 0), town (0, 1):
        // min 0 both, tie → the lower option, city.
        // From (mid, city): candidate concedes location → town (cand −10, firm +30) to win
        // salary → high (cand +15, firm −5): gains +5 and +25, joint 30.
        // Firm concedes nothing cheaper: the reverse trade (candidate concedes salary) loses for the candidate.
        let s = scenario(
            "party cand { }\nparty firm { }\nissue salary : low | mid | high\nissue location : city | town\n\
             prefs cand { weight salary 3  salary = { low: 0, mid: 5, high: 10 }  location = { city: 10, town: 0 } }\n\
             prefs firm { weight location 3  salary = { low: 10, mid: 5, high: 0 }  location = { city: 0, town: 10 } }\n",
        );
        let reference = compromise(&s, 0, 1);
        assert_eq!(reference, vec![1, 0]);
        let trades = tradeoffs(&s, 0, 1, &reference).trades;
        assert_eq!(
            trades,
            vec![Trade {
                concede: (1, 1),
                win: (0, 2),
                gain_a: 5.0,
                gain_b: 25.0,
                others: vec![],
            }]
        );
        // Seen from the firm's side, the same trade: the firm concedes salary to win location.
        let from_firm = tradeoffs(&s, 1, 0, &reference).trades;
        assert_eq!(from_firm.len(), 1);
        assert_eq!((from_firm[0].concede, from_firm[0].win), ((0, 2), (1, 1)));
    }

    #[test]
    fn a_synergy_makes_a_logroll_worth_it() {
        // From (lo, lo): a = 0 + 10 = 10, b = 10 + 0 = 10.
        // a concedes y → hi (a −10, b +20) to win x → hi (a +10, b −10): the
        // two moves sum to a +0, b +10, no trade for additive sheets. But at
        // (hi, hi) a's synergy adds 12: a = 10 + 0 + 12 = 22 (+12), b = 0 + 20
        // = 20 (+10).
        let s = scenario(
            "party a { }\nparty b { }\nissue x : lo | hi\nissue y : lo | hi\n\
             hook rhai { fn both(p) { if p.x == \"hi\" && p.y == \"hi\" { 12 } else { 0 } } }\n\
             prefs a { x = { lo: 0, hi: 10 }  y = { lo: 10, hi: 0 }  extra = hook both reads x, y }\n\
             prefs b { x = { lo: 10, hi: 0 }  y = { lo: 0, hi: 20 } }\n",
        );
        let trades = tradeoffs(&s, 0, 1, &vec![0, 0]).trades;
        assert_eq!(
            trades,
            vec![Trade {
                concede: (1, 1),
                win: (0, 1),
                gain_a: 12.0,
                gain_b: 10.0,
                others: vec![],
            }]
        );
    }

    #[test]
    fn no_logroll_when_priorities_are_equal() {
        // Same exchange rate on both issues: every trade helps one side only.
        let s = scenario(
            "party a { }\nparty b { }\nissue x : p | q | r\nissue y : p | q | r\n\
             prefs a { x = { p: 0, q: 5, r: 10 }  y = { p: 0, q: 5, r: 10 } }\n\
             prefs b { x = { p: 10, q: 5, r: 0 }  y = { p: 10, q: 5, r: 0 } }\n",
        );
        let reference = compromise(&s, 0, 1);
        assert!(tradeoffs(&s, 0, 1, &reference).trades.is_empty());
    }

    #[test]
    fn a_third_party_is_counted_and_protected() {
        // a and b as in the hand-worked logroll, reference (mid, city).
        // c cares only about location: { city: 10, town: 0 }. The trade
        // "a concedes location → town, wins salary → high" costs c 10: it is
        // left out and counted. A third issue, parking, which c values
        // { none: 0, some: 4 }: a concedes parking → some (a −1, b +2, c +4)
        // to win salary → high (a +15, b −5): gains a +14, b −3: not a
        // trade. With b's parking { none: 0, some: 8 }: a +14, b +3, c +4,
        // joint 21: kept, with c's gain shown.
        let s = scenario(
            "party a { }\nparty b { }\nparty c { }\nissue salary : low | mid | high\n\
             issue location : city | town\nissue parking : none | some\n\
             prefs a { weight salary 3  salary = { low: 0, mid: 5, high: 10 }  location = { city: 10, town: 0 }  parking = { none: 1, some: 0 } }\n\
             prefs b { weight location 3  salary = { low: 10, mid: 5, high: 0 }  location = { city: 0, town: 10 }  parking = { none: 0, some: 8 } }\n\
             prefs c { salary = { low: 0, mid: 0, high: 0 }  location = { city: 10, town: 0 }  parking = { none: 0, some: 4 } }\n",
        );
        let reference = vec![1, 0, 0];
        let found = tradeoffs(&s, 0, 1, &reference);
        assert_eq!(
            found.trades,
            vec![Trade {
                concede: (2, 1),
                win: (0, 2),
                gain_a: 14.0,
                gain_b: 3.0,
                others: vec![(2, 4.0)],
            }]
        );
        assert_eq!(found.trades[0].joint(), 21.0);
        // (location, salary) helps a and b (+5, +25) but costs c 10.
        assert_eq!(found.hurting_others, 1);
    }
}
