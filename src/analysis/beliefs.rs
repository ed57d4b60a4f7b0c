//! Beliefs about a party whose score sheet is not known: a probability per
//! hypothesis, updated by Bayes' rule from what the party does, and what a
//! set of offers can reveal. The arithmetic of issue 21 ("the hidden other
//! side"), kept apart from the language so that it is tested on its own.
//!
//! A party answering an offer is modelled as a noisy maximiser with a
//! temperature `T` in its own points (the logit model of discrete choice):
//!
//! - choosing `o` among the offers shown: `exp(u_h(o)/T) / Σ_shown exp(u_h(s)/T)`;
//! - accepting `o`: `1 / (1 + exp(-(u_h(o) - batna_h)/T))`, rejecting: one minus that;
//!
//! where `u_h` is its cared-for utility under hypothesis `h`. The smaller `T`,
//! the more an answer says. Everything runs on logarithms, so utilities of
//! any size neither overflow nor underflow to a posterior of 0/0.
//!
//! Only the tests call it until the language has hypotheses.
#![cfg_attr(not(any(test, feature = "internals")), allow(dead_code))]

/// Why beliefs cannot be updated.
#[derive(Debug, Clone, PartialEq)]
pub enum BeliefError {
    /// The temperature is not a positive finite number.
    Temperature(f64),
    /// The prior gives every hypothesis probability 0, or a probability is
    /// negative or not finite.
    Prior,
    /// The answer had probability 0 under every hypothesis that had any.
    Impossible,
}

/// `ln P(choose shown[chosen] | h)` for one hypothesis's utilities of the shown offers.
fn log_choice(utilities: &[f64], chosen: usize, t: f64) -> f64 {
    let scaled: Vec<f64> = utilities.iter().map(|u| u / t).collect();
    let top = scaled.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let log_sum = top + scaled.iter().map(|x| (x - top).exp()).sum::<f64>().ln();
    scaled[chosen] - log_sum
}

/// `ln σ(x)`, exact for any `x` (`σ` the logistic function).
fn log_sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        -(-x).exp().ln_1p()
    } else {
        x - x.exp().ln_1p()
    }
}

fn check(prior: &[f64], t: f64) -> Result<(), BeliefError> {
    if !(t.is_finite() && t > 0.0) {
        return Err(BeliefError::Temperature(t));
    }
    if prior.iter().any(|p| !p.is_finite() || *p < 0.0) || prior.iter().all(|p| *p == 0.0) {
        return Err(BeliefError::Prior);
    }
    Ok(())
}

/// The posterior from a prior and each hypothesis's log-likelihood of what
/// was seen.
pub(crate) fn bayes(prior: &[f64], log_likelihood: impl Fn(usize) -> f64) -> Result<Vec<f64>, BeliefError> {
    let logs: Vec<f64> = prior
        .iter()
        .enumerate()
        .map(|(h, &p)| {
            if p == 0.0 {
                f64::NEG_INFINITY
            } else {
                p.ln() + log_likelihood(h)
            }
        })
        .collect();
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if top == f64::NEG_INFINITY || top.is_nan() {
        return Err(BeliefError::Impossible);
    }
    let weights: Vec<f64> = logs.iter().map(|l| (l - top).exp()).collect();
    let total: f64 = weights.iter().sum();
    Ok(weights.into_iter().map(|w| w / total).collect())
}

/// Beliefs after the party chose `shown[chosen]` over the other offers shown:
/// `utilities[h][k]` is its utility of offer `k` under hypothesis `h`.
pub fn after_choice(
    prior: &[f64],
    utilities: &[Vec<f64>],
    chosen: usize,
    temperature: f64,
) -> Result<Vec<f64>, BeliefError> {
    check(prior, temperature)?;
    bayes(prior, |h| log_choice(&utilities[h], chosen, temperature))
}

/// Beliefs after the party accepted (or rejected) an offer worth `utility[h]`
/// to it under hypothesis `h`, whose BATNA there is `batna[h]`.
pub fn after_answer(
    prior: &[f64],
    utility: &[f64],
    batna: &[f64],
    accepted: bool,
    temperature: f64,
) -> Result<Vec<f64>, BeliefError> {
    check(prior, temperature)?;
    bayes(prior, |h| {
        let x = (utility[h] - batna[h]) / temperature;
        if accepted {
            log_sigmoid(x)
        } else {
            log_sigmoid(-x)
        }
    })
}

/// The probability that the party accepts a package: the total probability
/// of the hypotheses under which it reaches the BATNA (`reaches[h]`).
pub fn acceptance(probabilities: &[f64], reaches: &[bool]) -> f64 {
    probabilities
        .iter()
        .zip(reaches)
        .filter(|(_, r)| **r)
        .map(|(p, _)| p)
        .sum()
}

/// What the party's choice among the offers shown reveals about its
/// hypotheses: the mutual information, in bits, between the hypothesis and
/// the choice (`utilities[h][k]` as in [`after_choice`]).
pub fn information_bits(
    probabilities: &[f64],
    utilities: &[Vec<f64>],
    temperature: f64,
) -> Result<f64, BeliefError> {
    check(probabilities, temperature)?;
    let offers = utilities.first().map_or(0, Vec::len);
    // P(k | h) for every hypothesis and offer.
    let likely: Vec<Vec<f64>> = utilities
        .iter()
        .map(|u| {
            (0..offers)
                .map(|k| log_choice(u, k, temperature).exp())
                .collect()
        })
        .collect();
    let marginal: Vec<f64> = (0..offers)
        .map(|k| {
            probabilities
                .iter()
                .zip(&likely)
                .map(|(p, l)| p * l[k])
                .sum()
        })
        .collect();
    let total: f64 = probabilities.iter().sum();
    let mut bits = 0.0;
    for (p, l) in probabilities.iter().zip(&likely) {
        for k in 0..offers {
            if *p > 0.0 && l[k] > 0.0 {
                bits += p / total * l[k] * (l[k] * total / marginal[k]).log2();
            }
        }
    }
    // Rounding can leave a hair below zero when nothing is revealed.
    Ok(bits.max(0.0))
}

/// The most subsets of candidates [`most_informative`] tries one by one;
/// past it, it grows the set greedily.
pub const EXHAUSTIVE_SUBSETS: f64 = 20_000.0;

/// The offers [`most_informative`] picked.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    /// Indices of the candidates, in increasing order.
    pub offers: Vec<usize>,
    /// Whether no other set of as many candidates reveals more (every set
    /// was tried); otherwise the set was grown greedily.
    pub exact: bool,
}

/// The `count` candidates whose choice reveals the most about the
/// hypotheses ([`information_bits`]); `utilities[h][k]` is candidate `k`'s
/// utility under hypothesis `h`. Every set is tried when there are at most
/// [`EXHAUSTIVE_SUBSETS`]; ties go to the set first in lexicographic order.
/// Otherwise: the best pair among the first 300 candidates, then the
/// candidate that adds the most, one at a time.
pub fn most_informative(
    probabilities: &[f64],
    utilities: &[Vec<f64>],
    count: usize,
    temperature: f64,
) -> Result<Picked, BeliefError> {
    check(probabilities, temperature)?;
    let n = utilities.first().map_or(0, Vec::len);
    if n <= count {
        return Ok(Picked { offers: (0..n).collect(), exact: true });
    }
    let bits = |set: &[usize]| -> f64 {
        let shown: Vec<Vec<f64>> = utilities
            .iter()
            .map(|u| set.iter().map(|&k| u[k]).collect())
            .collect();
        information_bits(probabilities, &shown, temperature).unwrap_or(0.0)
    };
    let subsets: f64 = (0..count).map(|i| (n - i) as f64 / (i + 1) as f64).product();
    let beats = |x: f64, best: f64| x > best + 1e-12 * (1.0 + best.abs());
    if subsets <= EXHAUSTIVE_SUBSETS {
        let mut set: Vec<usize> = (0..count).collect();
        let mut best = (bits(&set), set.clone());
        // The next subset in lexicographic order.
        while let Some(i) = (0..count).rev().find(|&i| set[i] < n - count + i) {
            set[i] += 1;
            for j in i + 1..count {
                set[j] = set[j - 1] + 1;
            }
            let x = bits(&set);
            if beats(x, best.0) {
                best = (x, set.clone());
            }
        }
        return Ok(Picked { offers: best.1, exact: true });
    }
    let seed_pool = n.min(300);
    let mut best = (f64::NEG_INFINITY, vec![0, 1]);
    for a in 0..seed_pool {
        for b in a + 1..seed_pool {
            let x = bits(&[a, b]);
            if beats(x, best.0) {
                best = (x, vec![a, b]);
            }
        }
    }
    let mut set = best.1;
    while set.len() < count {
        let mut next = (f64::NEG_INFINITY, 0);
        for k in (0..n).filter(|k| !set.contains(k)) {
            let mut with = set.clone();
            with.push(k);
            let x = bits(&with);
            if beats(x, next.0) {
                next = (x, k);
            }
        }
        set.push(next.1);
    }
    set.sort_unstable();
    Ok(Picked { offers: set, exact: false })
}

/// The robust front of candidate packages, each `(utility to us,
/// acceptance)`: for each acceptance level some candidate reaches, the best
/// candidate for us, keeping only levels whose best is better for us than
/// the best at every higher level. Indices, highest acceptance first; ties
/// in utility keep the earlier candidate.
pub fn robust_front(candidates: &[(f64, f64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    // Highest acceptance first; within a level, the best for us first.
    order.sort_by(|&a, &b| {
        let (ua, pa) = candidates[a];
        let (ub, pb) = candidates[b];
        pb.total_cmp(&pa).then(ub.total_cmp(&ua)).then(a.cmp(&b))
    });
    let mut front: Vec<usize> = vec![];
    let mut best = f64::NEG_INFINITY;
    for k in order {
        let (u, _) = candidates[k];
        if u > best {
            front.push(k);
            best = u;
        }
    }
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
    }

    /// Two hypotheses, even odds; under the first the party values offer A
    /// 10 and B 0, under the second the reverse; T = 5. By hand:
    /// P(A | h1) = e²/(e² + 1) = 0.880797…, P(A | h2) = 1/(1 + e²).
    #[test]
    fn a_choice_moves_beliefs_by_hand() {
        let u = vec![vec![10.0, 0.0], vec![0.0, 10.0]];
        let e2 = 2f64.exp();
        let post = after_choice(&[0.5, 0.5], &u, 0, 5.0).unwrap();
        assert!(close(post[0], e2 / (e2 + 1.0)), "{post:?}");
        assert!(close(post[0] + post[1], 1.0));
        // With a 1:3 prior the odds are e² : 3.
        let post = after_choice(&[0.25, 0.75], &u, 0, 5.0).unwrap();
        assert!(close(post[0], e2 / (e2 + 3.0)), "{post:?}");
        // What the choice reveals: 1 − H(0.880797) bits, H the binary entropy.
        let q = e2 / (e2 + 1.0);
        let h = -(q * q.log2() + (1.0 - q) * (1.0 - q).log2());
        let bits = information_bits(&[0.5, 0.5], &u, 5.0).unwrap();
        assert!(close(bits, 1.0 - h), "{bits} vs {}", 1.0 - h);
        // Offers worth the same under every hypothesis reveal nothing.
        let same = vec![vec![3.0, 3.0], vec![7.0, 7.0]];
        assert_eq!(information_bits(&[0.5, 0.5], &same, 5.0).unwrap(), 0.0);
    }

    /// A rejection: hypothesis 1 sits exactly at its BATNA (σ(0) = 1/2 to
    /// accept), hypothesis 2 is 10 points above it with T = 5 (σ(2)).
    /// Rejecting has likelihoods 1/2 and 1 − σ(2) = 1/(1 + e²).
    #[test]
    fn a_rejection_moves_beliefs_by_hand() {
        let e2 = 2f64.exp();
        let post = after_answer(&[0.5, 0.5], &[40.0, 50.0], &[40.0, 40.0], false, 5.0).unwrap();
        let (a, b) = (0.5, 1.0 / (1.0 + e2));
        assert!(close(post[0], a / (a + b)), "{post:?}");
        let accepted = after_answer(&[0.5, 0.5], &[40.0, 50.0], &[40.0, 40.0], true, 5.0).unwrap();
        let (a, b) = (0.5, e2 / (1.0 + e2));
        assert!(close(accepted[0], a / (a + b)), "{accepted:?}");
    }

    /// Acceptance under three hypotheses with their own BATNAs: the offer
    /// gives 30, 50 and 70; the BATNAs are 40, 40 and 70; probabilities
    /// 0.2, 0.3, 0.5: accepted under the second and third, 0.8.
    #[test]
    fn acceptance_adds_the_hypotheses_that_accept() {
        let reaches: Vec<bool> = [(30.0, 40.0), (50.0, 40.0), (70.0, 70.0)]
            .iter()
            .map(|(u, b)| u >= b)
            .collect();
        assert!(close(acceptance(&[0.2, 0.3, 0.5], &reaches), 0.8));
    }

    #[test]
    fn huge_utilities_neither_overflow_nor_vanish() {
        let u = vec![vec![1e300, 0.0], vec![0.0, 1e300]];
        let post = after_choice(&[0.5, 0.5], &u, 0, 1.0).unwrap();
        assert_eq!(post, vec![1.0, 0.0]);
        let post = after_answer(&[0.5, 0.5], &[1e300, -1e300], &[0.0, 0.0], true, 1.0).unwrap();
        assert_eq!(post, vec![1.0, 0.0]);
    }

    #[test]
    fn bad_input_is_refused() {
        let u = vec![vec![1.0, 0.0]];
        assert_eq!(
            after_choice(&[1.0], &u, 0, 0.0),
            Err(BeliefError::Temperature(0.0))
        );
        assert_eq!(
            after_choice(&[1.0], &u, 0, f64::NAN)
                .map_err(|e| matches!(e, BeliefError::Temperature(_))),
            Err(true)
        );
        assert_eq!(after_choice(&[0.0], &u, 0, 1.0), Err(BeliefError::Prior));
        assert_eq!(after_choice(&[-0.5], &u, 0, 1.0), Err(BeliefError::Prior));
        // A rejection that is all but impossible (10^6 points above the
        // BATNA at T = 1) still updates: the log-likelihood stays finite.
        assert!(after_answer(&[1.0, 0.0], &[1e6, 0.0], &[0.0, 0.0], false, 1.0).is_ok());
    }

    /// Brute force: the log-domain update equals prior × likelihood,
    /// normalised, computed directly; and two observations commute.
    #[test]
    fn the_update_is_bayes_rule() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as f64) / (1u64 << 31) as f64
        };
        for _ in 0..500 {
            let hyps = 2 + (next() * 4.0) as usize;
            let offers = 2 + (next() * 3.0) as usize;
            let prior: Vec<f64> = {
                let raw: Vec<f64> = (0..hyps).map(|_| next() + 0.01).collect();
                let total: f64 = raw.iter().sum();
                raw.iter().map(|r| r / total).collect()
            };
            let u: Vec<Vec<f64>> = (0..hyps)
                .map(|_| (0..offers).map(|_| next() * 100.0).collect())
                .collect();
            let t = 1.0 + next() * 20.0;
            let chosen = (next() * offers as f64) as usize % offers;
            let direct: Vec<f64> = {
                let raw: Vec<f64> = (0..hyps)
                    .map(|h| {
                        let z: f64 = u[h].iter().map(|x| (x / t).exp()).sum();
                        prior[h] * (u[h][chosen] / t).exp() / z
                    })
                    .collect();
                let total: f64 = raw.iter().sum();
                raw.iter().map(|r| r / total).collect()
            };
            let post = after_choice(&prior, &u, chosen, t).unwrap();
            for (a, b) in post.iter().zip(&direct) {
                assert!((a - b).abs() < 1e-12, "{post:?} vs {direct:?}");
            }
            let batna: Vec<f64> = (0..hyps).map(|_| next() * 100.0).collect();
            let first = after_answer(
                &post,
                &u.iter().map(|x| x[0]).collect::<Vec<_>>(),
                &batna,
                false,
                t,
            )
            .unwrap();
            let other = after_answer(
                &prior,
                &u.iter().map(|x| x[0]).collect::<Vec<_>>(),
                &batna,
                false,
                t,
            )
            .and_then(|p| after_choice(&p, &u, chosen, t))
            .unwrap();
            for (a, b) in first.iter().zip(&other) {
                assert!((a - b).abs() < 1e-12, "{first:?} vs {other:?}");
            }
            // Information is at most the prior's entropy, and never negative.
            let entropy: f64 = prior.iter().map(|p| -p * p.log2()).sum();
            let bits = information_bits(&prior, &u, t).unwrap();
            assert!(
                (0.0..=entropy + 1e-12).contains(&bits),
                "{bits} > {entropy}"
            );
        }
    }

    /// Brute force: a candidate is on the robust front exactly when no other
    /// candidate is at least as acceptable and better for us (nor equal in
    /// both and earlier).
    #[test]
    fn the_robust_front_is_the_staircase() {
        // Hand-worked: (utility, acceptance).
        let c = [
            (50.0, 1.0),
            (70.0, 0.5),
            (60.0, 0.5),
            (80.0, 0.2),
            (40.0, 0.9),
            (90.0, 0.0),
        ];
        assert_eq!(robust_front(&c), vec![0, 1, 3, 5]);
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % 6
        };
        for _ in 0..2000 {
            let n = 1 + next() as usize;
            let c: Vec<(f64, f64)> = (0..n)
                .map(|_| (next() as f64 * 10.0, next() as f64 / 5.0))
                .collect();
            let beaten = |k: usize| {
                (0..n).any(|j| {
                    j != k
                        && c[j].1 >= c[k].1
                        && (c[j].0 > c[k].0 || (c[j].0 == c[k].0 && (c[j].1 > c[k].1 || j < k)))
                })
            };
            let mut expected: Vec<usize> = (0..n).filter(|&k| !beaten(k)).collect();
            expected.sort_by(|&a, &b| c[b].1.total_cmp(&c[a].1));
            assert_eq!(robust_front(&c), expected, "{c:?}");
        }
    }
}
