//! Pareto filtering of utility vectors.
//!
//! Vectors are compared on quantised keys (each coordinate rounded to a
//! multiple of a quantum, see [`quantum`]): vectors that differ only by
//! floating-point noise get the same key and are one point, and every
//! comparison after that is exact and transitive. The filter picks its method
//! by dimension: a sorted sweep for two parties, a staircase for three, a
//! scan against the kept points for more.

use super::budget::{Halt, Meter};
use super::cancel::Cancel;
use std::collections::BTreeMap;

/// How many vectors the scan takes between two reports to the meter.
const POLL_EVERY: usize = 1 << 8;

/// The rounding step for utilities whose magnitude is at most `scale`.
pub fn quantum(scale: f64) -> f64 {
    super::TOLERANCE * scale.max(1.0)
}

/// A vector's key on the grid of `q`.
pub fn key(values: &[f64], q: f64) -> Vec<i64> {
    values.iter().map(|v| (v / q).round() as i64).collect()
}

/// The items whose vectors no other item's vector dominates, ordered by the
/// first party's utility descending (then the second's, …). Items with the
/// same key are merged into the first of them in input order with `merge`.
pub fn undominated<T>(
    items: Vec<T>,
    vector: impl Fn(&T) -> &[f64],
    merge: impl FnMut(&mut T, T),
) -> Vec<T> {
    let scale = items
        .iter()
        .flat_map(|t| vector(t).iter())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    filter_keyed(items, vector, merge, quantum(scale))
}

/// [`undominated`] with a given quantum.
pub fn filter_keyed<T>(
    items: Vec<T>,
    vector: impl Fn(&T) -> &[f64],
    mut merge: impl FnMut(&mut T, T),
    q: f64,
) -> Vec<T> {
    let dims = items.first().map_or(0, |t| vector(t).len());
    let flat: Vec<f64> = items
        .iter()
        .flat_map(|t| vector(t).iter().copied())
        .collect();
    let survivors = filter_flat(&flat, dims, q);
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    survivors
        .into_iter()
        .map(|(keep, absorbed)| {
            let mut kept = slots[keep].take().expect("each item survives once");
            for a in absorbed {
                if let Some(dup) = slots[a].take() {
                    merge(&mut kept, dup);
                }
            }
            kept
        })
        .collect()
}

/// The Pareto filter on a flat array of `values.len() / dims` vectors.
///
/// Returns, best first, each surviving vector's index together with the
/// indices of the later vectors that share its key (merged into it).
pub fn filter_flat(values: &[f64], dims: usize, q: f64) -> Vec<(usize, Vec<usize>)> {
    let never = Cancel::never();
    filter_flat_until(values, dims, q, &Meter::new(&never, u64::MAX)).expect("no limit")
}

/// [`filter_flat`] that spends its work on `meter`: about one unit per
/// vector and level of the sort, and one per dominance comparison of the scan over four or more
/// dimensions (the step that is quadratic), so a budget bounds it.
pub fn filter_flat_until(
    values: &[f64],
    dims: usize,
    q: f64,
    meter: &Meter,
) -> Result<Vec<(usize, Vec<usize>)>, Halt> {
    if dims == 0 {
        return Ok(vec![]);
    }
    let n = values.len() / dims;
    // The sort (and the staircase's ordered map) cost about half a unit
    // per level per vector.
    let levels = (usize::BITS - n.leading_zeros()) as u64;
    meter.spend(n as u64 * (1 + levels / 2))?;
    let keys: Vec<i64> = values.iter().map(|v| (v / q).round() as i64).collect();
    let key = |i: usize| &keys[i * dims..(i + 1) * dims];
    let mut order: Vec<u32> = (0..n as u32).collect();
    // Best first; equal keys in input order, so the first is the representative.
    order.sort_unstable_by(|&a, &b| key(b as usize).cmp(key(a as usize)).then(a.cmp(&b)));
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for &i in &order {
        let i = i as usize;
        match groups.last_mut() {
            Some((first, dups)) if key(*first) == key(i) => dups.push(i),
            _ => groups.push((i, vec![])),
        }
    }
    let heads: Vec<&[i64]> = groups.iter().map(|(i, _)| key(*i)).collect();
    let keep = match dims {
        1 => (0..heads.len()).map(|i| i == 0).collect(),
        2 => sweep2(&heads),
        3 => staircase3(&heads),
        _ => scan(&heads, meter)?,
    };
    Ok(groups
        .into_iter()
        .zip(keep)
        .filter_map(|(g, k)| k.then_some(g))
        .collect())
}

/// Sorted by x descending (then y): a point survives when its y beats every y before it.
fn sweep2(keys: &[&[i64]]) -> Vec<bool> {
    let mut best = i64::MIN;
    keys.iter()
        .map(|k| {
            let keep = k[1] > best;
            best = best.max(k[1]);
            keep
        })
        .collect()
}

/// Sorted by x descending: a point is dominated when a kept point has
/// y ≥ its y and z ≥ its z. The kept (y, z) projections form a staircase
/// (z falls as y rises), so one ordered-map lookup answers that.
fn staircase3(keys: &[&[i64]]) -> Vec<bool> {
    let mut stairs: BTreeMap<i64, i64> = BTreeMap::new();
    keys.iter()
        .map(|k| {
            let (y, z) = (k[1], k[2]);
            if let Some((_, &best_z)) = stairs.range(y..).next() {
                if best_z >= z {
                    return false;
                }
            }
            let covered: Vec<i64> = stairs
                .range(..=y)
                .rev()
                .take_while(|(_, &sz)| sz <= z)
                .map(|(&sy, _)| sy)
                .collect();
            for sy in covered {
                stairs.remove(&sy);
            }
            stairs.insert(y, z);
            true
        })
        .collect()
}

/// Lexicographically sorted: only an earlier point can dominate a later one.
/// An earlier point's first coordinate is never smaller, so only the others
/// are compared; the kept points' are stored flat and contiguous (one
/// sequential pass per vector rather than a pointer chase into `keys`).
fn scan(keys: &[&[i64]], meter: &Meter) -> Result<Vec<bool>, Halt> {
    let rest = keys.first().map_or(1, |k| k.len().saturating_sub(1).max(1));
    let mut kept: Vec<i64> = vec![];
    let mut keep = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        if i % POLL_EVERY == 0 {
            // The next POLL_EVERY vectors each compare against at most
            // every kept one; a comparison reads up to `rest` numbers.
            let per = 1 + rest / 8;
            meter.spend((kept.len() / rest * POLL_EVERY * per) as u64)?;
        }
        let tail = &k[1..];
        let dominated = kept
            .chunks_exact(rest)
            .any(|q| q.iter().zip(tail).all(|(a, b)| a >= b));
        if !dominated {
            kept.extend_from_slice(tail);
        }
        keep.push(!dominated);
    }
    Ok(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(points: &[&[f64]]) -> Vec<Vec<f64>> {
        let items: Vec<Vec<f64>> = points.iter().map(|p| p.to_vec()).collect();
        undominated(items, |v| v, |_, _| {})
    }

    #[test]
    fn two_parties() {
        let f = front(&[
            &[1.0, 1.0],
            &[2.0, 0.0],
            &[0.0, 2.0],
            &[1.0, 0.5],
            &[0.5, 0.5],
        ]);
        assert_eq!(f, vec![vec![2.0, 0.0], vec![1.0, 1.0], vec![0.0, 2.0]]);
    }

    #[test]
    fn noise_is_one_point_and_first_is_kept() {
        let items = vec![(vec![0.1 + 0.2, 1.0], 'a'), (vec![0.3, 1.0], 'b')];
        let mut merged = 0;
        let f = undominated(items, |t| &t.0, |_, _| merged += 1);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1, 'a');
        assert_eq!(merged, 1);
    }

    /// The undominated points by pairwise comparison, each once, sorted.
    fn pairwise_front(pts: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let mut slow: Vec<Vec<f64>> = vec![];
        for p in pts {
            let dominated = pts
                .iter()
                .any(|q| q != p && q.iter().zip(p).all(|(a, b)| a >= b));
            if !dominated && !slow.contains(p) {
                slow.push(p.clone());
            }
        }
        slow.sort_by(|a, b| a.partial_cmp(b).unwrap());
        slow
    }

    #[test]
    fn three_parties_match_pairwise() {
        let pts: Vec<Vec<f64>> = (0..200)
            .map(|i| {
                let x = (i * 37 % 101) as f64;
                vec![x, ((i * 53) % 97) as f64, ((i * 71) % 89) as f64]
            })
            .collect();
        let fast = undominated(pts.clone(), |v| v, |_, _| {});
        let mut fast_sorted = fast.clone();
        fast_sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(fast_sorted, pairwise_front(&pts));
        // Four dimensions through the scan agree too.
        let four: Vec<Vec<f64>> = pts.iter().map(|p| vec![p[0], p[1], p[2], 0.0]).collect();
        assert_eq!(undominated(four, |v| v, |_, _| {}).len(), fast.len());
    }

    /// The scan (four or more dimensions) compares only the coordinates
    /// after the first: checked against pairwise dominance on random
    /// points with many ties and repeats.
    #[test]
    fn four_and_five_dimensions_match_pairwise() {
        let mut x: u64 = 7;
        let mut below = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for dims in [4, 5] {
            for _ in 0..50 {
                let pts: Vec<Vec<f64>> = (0..60)
                    .map(|_| (0..dims).map(|_| below(5) as f64).collect())
                    .collect();
                let mut fast = undominated(pts.clone(), |v| v, |_, _| {});
                fast.sort_by(|a, b| a.partial_cmp(b).unwrap());
                assert_eq!(fast, pairwise_front(&pts));
            }
        }
    }
}
