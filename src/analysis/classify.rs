//! Classifying issues from the score sheets, for each pair of parties.
//!
//! For parties a and b and an issue, let `v_a(x)` be a's weighted points for
//! option x (its expectation over the outcomes of a contingent issue, the same
//! option in every outcome) and `stake_a` the spread `max v_a − min v_a`.
//!
//! * **indifferent** — neither has a stake;
//! * **free to give** — exactly one has a stake: the other can concede it at no cost;
//! * **compatible** — no two options are ranked oppositely: both want the same;
//! * otherwise the issue is **opposed**, and it is
//!   * **integrative** when some other opposed issue has a different exchange
//!     rate between the two (`stake_a(i) / stake_a(j) ≠ stake_b(i) / stake_b(j)`):
//!     conceding one to win the other then creates value (a logroll);
//!   * **distributive** when every other opposed issue has the same exchange
//!     rate (or there is none): what one gains the other loses.
//!
//! Apart from the class, an issue contingent on an event that the two parties
//! forecast differently, and that both have a stake in, is a *bet*: settling
//! it separately per outcome lets each side take the outcome it believes in,
//! and both expect to gain (the contingent-contract opportunity).

use super::TOLERANCE;
use crate::model::Scenario;
use serde::Serialize;

/// The class of an issue for a pair of parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Neither party cares.
    Indifferent,
    /// One party cares, the other does not.
    FreeToGive,
    /// Both want the same.
    Compatible,
    /// Opposed with the same priorities: a fixed pie.
    Distributive,
    /// Opposed with different priorities: trading creates value.
    Integrative,
}

impl Class {
    /// The class in words.
    pub fn word(self) -> &'static str {
        match self {
            Class::Indifferent => "indifferent",
            Class::FreeToGive => "free to give",
            Class::Compatible => "compatible",
            Class::Distributive => "distributive",
            Class::Integrative => "integrative",
        }
    }
}

/// Each party's weighted points per option of issue `i` (expected over a contingency).
pub fn option_values(s: &Scenario, party: usize, issue: usize) -> Vec<f64> {
    let values = &s.parties[party].values;
    (0..s.issues[issue].domain.len())
        .map(|opt| s.issue_slots(issue).map(|k| values[k][opt]).sum())
        .collect()
}

/// `max − min` of a party's points over an issue's options: its stake.
pub fn spread(v: &[f64]) -> f64 {
    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = v.iter().copied().fold(f64::INFINITY, f64::min);
    max - min
}

fn negligible(x: f64, scale: f64) -> bool {
    x.abs() <= TOLERANCE * scale.max(1.0)
}

/// Whether some pair of options is ranked oppositely by the two.
fn opposed(a: &[f64], b: &[f64], scale: f64) -> bool {
    (0..a.len()).any(|x| {
        (0..a.len()).any(|y| {
            let (da, db) = (a[x] - a[y], b[x] - b[y]);
            da > TOLERANCE * scale.max(1.0) && db < -TOLERANCE * scale.max(1.0)
        })
    })
}

/// The class of every issue for the pair (a, b), in issue order.
pub fn classify(s: &Scenario, a: usize, b: usize) -> Vec<Class> {
    let n = s.issues.len();
    let va: Vec<Vec<f64>> = (0..n).map(|i| option_values(s, a, i)).collect();
    let vb: Vec<Vec<f64>> = (0..n).map(|i| option_values(s, b, i)).collect();
    let scale = va.iter().chain(&vb).map(|v| spread(v)).fold(0.0, f64::max);
    let (sa, sb): (Vec<f64>, Vec<f64>) = (0..n).map(|i| (spread(&va[i]), spread(&vb[i]))).unzip();
    let is_opposed: Vec<bool> = (0..n)
        .map(|i| {
            !negligible(sa[i], scale) && !negligible(sb[i], scale) && opposed(&va[i], &vb[i], scale)
        })
        .collect();
    (0..n)
        .map(
            |i| match (negligible(sa[i], scale), negligible(sb[i], scale)) {
                (true, true) => Class::Indifferent,
                (true, false) | (false, true) => Class::FreeToGive,
                _ if !is_opposed[i] => Class::Compatible,
                _ => {
                    // Exchange rates differ when sa_i·sb_j ≠ sa_j·sb_i.
                    let trades = (0..n).any(|j| {
                        j != i
                            && is_opposed[j]
                            && !negligible(sa[i] * sb[j] - sa[j] * sb[i], scale * scale)
                    });
                    if trades {
                        Class::Integrative
                    } else {
                        Class::Distributive
                    }
                }
            },
        )
        .collect()
}

/// The contingent issues where a and b forecast the event differently and
/// both have a stake: `(issue, event)` pairs, in issue order.
pub fn bets(s: &Scenario, a: usize, b: usize) -> Vec<(usize, usize)> {
    let spreads: Vec<[f64; 2]> = (0..s.issues.len())
        .map(|i| [a, b].map(|p| spread(&option_values(s, p, i))))
        .collect();
    let scale = spreads.iter().flatten().copied().fold(0.0, f64::max);
    (0..s.issues.len())
        .filter_map(|i| {
            let e = s.issues[i].contingent_on?;
            let (pa, pb) = (
                s.parties[a].beliefs[e].as_ref()?,
                s.parties[b].beliefs[e].as_ref()?,
            );
            let differ = pa.iter().zip(pb).any(|(x, y)| (x - y).abs() > TOLERANCE);
            let staked = spreads[i].iter().all(|&sp| !negligible(sp, scale));
            (differ && staked).then_some((i, e))
        })
        .collect()
}

/// One pair of parties, classified: per issue its class and each party's
/// stake (the spread of its values), and the issues that are bets.
#[derive(Debug, Clone, PartialEq)]
pub struct PairClasses {
    /// The first party.
    pub a: usize,
    /// The second party.
    pub b: usize,
    /// Per issue: its class for the pair.
    pub classes: Vec<Class>,
    /// Per issue: the stakes of `a` and `b`.
    pub stakes: Vec<(f64, f64)>,
    /// `(issue, event)`: contingent issues whose event they forecast differently.
    pub bets: Vec<(usize, usize)>,
}

/// Every pair of parties, classified.
pub fn every_pair(s: &Scenario) -> Vec<PairClasses> {
    let n = s.parties.len();
    let stake = |p: usize, i: usize| spread(&option_values(s, p, i));
    (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .map(|(a, b)| PairClasses {
            a,
            b,
            classes: classify(s, a, b),
            stakes: (0..s.issues.len())
                .map(|i| (stake(a, i), stake(b, i)))
                .collect(),
            // Once per pair: finding the bets reads every issue's sheet.
            bets: bets(s, a, b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checked as scenario;

    #[test]
    fn the_four_classes_on_a_hand_worked_sheet() {
        // salary: opposed; a's stake 60, b's 40. bonus: opposed; a 20, b 40.
        // Exchange rates differ (60/20 = 3 vs 40/40 = 1): both integrative.
        // start: only a cares → free to give. location: both prefer city → compatible.
        // dress: nobody cares → indifferent.
        let s = scenario(
            "party a { }\nparty b { }\n\
             issue salary : lo | hi\nissue bonus : none | some\nissue start : june | july\n\
             issue location : city | suburb\nissue dress : suit | casual\n\
             prefs a { salary = { lo: 0, hi: 60 }  bonus = { none: 0, some: 20 }  start = { june: 10, july: 0 }\n\
                       location = { city: 5, suburb: 0 }  dress = { suit: 0, casual: 0 } }\n\
             prefs b { salary = { lo: 40, hi: 0 }  bonus = { none: 40, some: 0 }  start = { june: 0, july: 0 }\n\
                       location = { city: 30, suburb: 0 }  dress = { suit: 0, casual: 0 } }\n",
        );
        assert_eq!(
            classify(&s, 0, 1),
            vec![
                Class::Integrative,
                Class::Integrative,
                Class::FreeToGive,
                Class::Compatible,
                Class::Indifferent
            ]
        );
    }

    #[test]
    fn equal_exchange_rates_are_distributive() {
        // Stakes a: 60 and 30, b: 40 and 20: the same 2:1 rate, nothing to trade.
        let s = scenario(
            "party a { }\nparty b { }\nissue x : p | q\nissue y : p | q\n\
             prefs a { x = { p: 0, q: 60 }  y = { p: 0, q: 30 } }\n\
             prefs b { x = { p: 40, q: 0 }  y = { p: 20, q: 0 } }\n",
        );
        assert_eq!(
            classify(&s, 0, 1),
            vec![Class::Distributive, Class::Distributive]
        );
        // Weights count: doubling b's weight on y changes its rate → integrative.
        let s = scenario(
            "party a { }\nparty b { }\nissue x : p | q\nissue y : p | q\n\
             prefs a { x = { p: 0, q: 60 }  y = { p: 0, q: 30 } }\n\
             prefs b { weight y 2  x = { p: 40, q: 0 }  y = { p: 20, q: 0 } }\n",
        );
        assert_eq!(
            classify(&s, 0, 1),
            vec![Class::Integrative, Class::Integrative]
        );
    }

    #[test]
    fn a_lone_opposed_issue_is_distributive() {
        let s = scenario(
            "party a { }\nparty b { }\nissue price : 1 .. 3 step 1\n\
             prefs a { price = linear(1 -> 0, 3 -> 10) }\nprefs b { price = linear(1 -> 10, 3 -> 0) }\n",
        );
        assert_eq!(classify(&s, 0, 1), vec![Class::Distributive]);
    }

    #[test]
    fn a_contingent_issue_with_differing_forecasts_is_a_bet() {
        // price is contingent on `late`; a gives it 40%, b 90%, c 40% (as a).
        // tile is not contingent. So (a, b) has a bet on price; (a, c) has
        // none (same forecast); (b, c) has one.
        let s = scenario(
            "party a { }\nparty b { }\nparty c { }\nissue price : lo | hi\nissue tile : plain | fancy\n\
             event late\ncontingent price on late\n\
             prefs a { price = { lo: 10, hi: 0 }  tile = { plain: 0, fancy: 5 }  believe late 40% }\n\
             prefs b { price = { lo: 0, hi: 10 }  tile = { plain: 5, fancy: 0 }  believe late 90% }\n\
             prefs c { price = { lo: 10, hi: 0 }  tile = { plain: 0, fancy: 0 }  believe late 40% }\n",
        );
        assert_eq!(bets(&s, 0, 1), vec![(0, 0)]);
        assert_eq!(bets(&s, 0, 2), vec![]);
        assert_eq!(bets(&s, 1, 2), vec![(0, 0)]);
    }
}
