//! Pareto filtering of utility vectors.
//!
//! Vectors are compared on quantised keys (each coordinate rounded to a
//! multiple of a quantum, see [`quantum`]): vectors that differ only by
//! floating-point noise get the same key and are one point, and every
//! comparison after that is exact and transitive. The filter picks its method
//! by dimension: a sorted sweep for two parties, a staircase for three, a
//! scan against the kept points for more.

use super::budget::{Halt, Meter};
use crate::cancel::Cancel;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// How many vectors the scan takes between two reports to the meter.
const POLL_EVERY: usize = 1 << 8;

/// The rounding step for utilities whose magnitude is at most `scale`.
pub fn quantum(scale: f64) -> f64 {
    super::TOLERANCE * scale.max(1.0)
}

/// A vector's key on the grid of `q`.
#[cfg(any(test, feature = "internals"))]
pub fn key(values: &[f64], q: f64) -> Vec<i64> {
    values.iter().map(|&v| grid(v, q)).collect()
}

/// `v` on the grid of `q`: `(v / q).round() as i64`, without the call to
/// the C library's `round` that the default x86-64 target makes (the
/// merges' hottest step). Adding the largest double below ½, with `v`'s
/// sign, then truncating is exact: the lowering compilers use where the
/// processor can round.
#[inline]
pub fn grid(v: f64, q: f64) -> i64 {
    let x = v / q;
    (x + 0.499_999_999_999_999_94_f64.copysign(x)) as i64
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

/// Below this many vectors a filter runs on the calling thread alone.
const PARALLEL_MIN: usize = 1 << 13;

/// [`filter_flat`] that spends its work on `meter`: about one unit per
/// vector and level of the sort, and one per dominance comparison of the
/// scan over four or more dimensions (the step that is quadratic), so a
/// budget bounds it. Large filters run on rayon's threads; the answer and
/// the units spent are the same for any number of threads.
pub fn filter_flat_until(
    values: &[f64],
    dims: usize,
    q: f64,
    meter: &Meter,
) -> Result<Vec<(usize, Vec<usize>)>, Halt> {
    filter_interleaved(values, dims, q, 1, meter)
}

/// [`filter_flat_until`] for vectors that come as `stride` interleaved
/// runs, each nearly sorted best first (vector `i` in run `i % stride`):
/// a merge's candidates, one run per choice. The sort then merges the
/// runs instead of sorting from scratch; the answer is the same.
pub fn filter_interleaved(
    values: &[f64],
    dims: usize,
    q: f64,
    stride: usize,
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
    let keys: Vec<i64> = values
        .par_iter()
        .with_min_len(PARALLEL_MIN)
        .map(|&v| grid(v, q))
        .collect();
    let key = |i: usize| &keys[i * dims..(i + 1) * dims];
    let order = best_first(&keys, dims, stride.max(1));
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

/// The (y, z) projections of kept points sorted by x descending: z falls
/// as y rises, so whether a kept point has y and z at least a new point's
/// is one ordered-map lookup.
#[derive(Default)]
struct Stairs(BTreeMap<i64, i64>);

impl Stairs {
    /// Whether a step has y ≥ `y` and z ≥ `z`.
    fn covers(&self, y: i64, z: i64) -> bool {
        self.0
            .range(y..)
            .next()
            .is_some_and(|(_, &best_z)| best_z >= z)
    }

    /// Adds a point no step covers, removing the steps it covers.
    fn add(&mut self, y: i64, z: i64) {
        let covered: Vec<i64> = self
            .0
            .range(..=y)
            .rev()
            .take_while(|(_, &sz)| sz <= z)
            .map(|(&sy, _)| sy)
            .collect();
        for sy in covered {
            self.0.remove(&sy);
        }
        self.0.insert(y, z);
    }
}

/// The vectors' indices, best first: keys descending, equal keys in input
/// order (so the first is the representative). The vectors are laid out
/// run by run (see [`filter_interleaved`]) for a sort that finds runs.
fn best_first(keys: &[i64], dims: usize, stride: usize) -> Vec<u32> {
    match dims {
        1 => best_first_fixed::<1>(keys, stride),
        2 => best_first_fixed::<2>(keys, stride),
        3 => best_first_fixed::<3>(keys, stride),
        4 => best_first_fixed::<4>(keys, stride),
        5 => best_first_fixed::<5>(keys, stride),
        6 => best_first_fixed::<6>(keys, stride),
        _ => {
            let key = |i: u32| &keys[i as usize * dims..(i as usize + 1) * dims];
            let mut order = run_by_run(keys.len() / dims, stride);
            let cmp = |a: &u32, b: &u32| key(*b).cmp(key(*a)).then(a.cmp(b));
            if parallel(order.len()) {
                order.par_sort_by(cmp);
            } else {
                order.sort_by(cmp);
            }
            order
        }
    }
}

/// The indices `0..n`, run by run: `0, stride, 2·stride, …, 1, 1 + stride, …`.
fn run_by_run(n: usize, stride: usize) -> Vec<u32> {
    (0..stride.min(n))
        .flat_map(|r| (r..n).step_by(stride))
        .map(|i| i as u32)
        .collect()
}

/// [`best_first`] on keys of `D` numbers, compared inline.
fn best_first_fixed<const D: usize>(keys: &[i64], stride: usize) -> Vec<u32> {
    let key = |i: u32| -> [i64; D] {
        keys[i as usize * D..(i as usize + 1) * D]
            .try_into()
            .expect("D numbers")
    };
    let mut rows: Vec<([i64; D], u32)> = run_by_run(keys.len() / D, stride)
        .into_iter()
        .map(|i| (key(i), i))
        .collect();
    let cmp = |a: &([i64; D], u32), b: &([i64; D], u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    // Stable sorts that merge the runs they find (the keys and indices
    // are distinct, so stable or not, the order is the same).
    if parallel(rows.len()) {
        rows.par_sort_by(cmp);
    } else {
        rows.sort_by(cmp);
    }
    rows.into_iter().map(|(_, i)| i).collect()
}

/// Whether `n` vectors are worth rayon's threads.
fn parallel(n: usize) -> bool {
    n >= PARALLEL_MIN && rayon::current_num_threads() > 1
}

/// Sorted by x descending: a point is dominated when an earlier point has
/// y ≥ its y and z ≥ its z ([`Stairs`] of the kept points).
///
/// On several threads the y axis is cut into slabs at quantiles, one
/// thread a slab. A point in a higher slab has a larger y, so it dominates
/// a later point of a lower slab exactly when its z is at least that
/// point's: each thread walks all the points in order, keeps only the
/// largest z of the higher slabs' points so far, and a staircase of its
/// own slab's.
fn staircase3(keys: &[&[i64]]) -> Vec<bool> {
    let n = keys.len();
    let slabs = if parallel(n) {
        2 * rayon::current_num_threads()
    } else {
        1
    };
    let y: Vec<i64> = keys.iter().map(|k| k[1]).collect();
    let z: Vec<i64> = keys.iter().map(|k| k[2]).collect();
    let mut cuts: Vec<i64> = {
        let mut sorted = y.clone();
        (1..slabs)
            .map(|s| *sorted.select_nth_unstable(s * n / slabs).1)
            .collect()
    };
    cuts.sort_unstable();
    cuts.dedup();
    // Slab s holds the ys in [cuts[s - 1], cuts[s]).
    let slab: Vec<u16> = y
        .iter()
        .map(|&v| cuts.partition_point(|&c| c <= v) as u16)
        .collect();
    let kept: Vec<Vec<u32>> = (0..=cuts.len() as u16)
        .into_par_iter()
        .map(|s| {
            let mut stairs = Stairs::default();
            let mut above = i64::MIN;
            let mut kept = vec![];
            for (i, &at) in slab.iter().enumerate() {
                if at > s {
                    above = above.max(z[i]);
                } else if at == s && above < z[i] && !stairs.covers(y[i], z[i]) {
                    stairs.add(y[i], z[i]);
                    kept.push(i as u32);
                }
            }
            kept
        })
        .collect();
    let mut keep = vec![false; n];
    for i in kept.into_iter().flatten() {
        keep[i as usize] = true;
    }
    keep
}

/// Lexicographically sorted: only an earlier point can dominate a later one.
/// An earlier point's first coordinate is never smaller, so only the others
/// are compared, on the kept points' columns (one contiguous array per
/// coordinate, compared 32 points at a time, which the compiler turns into
/// vector instructions), in 32-bit integers when the keys fit.
fn scan(keys: &[&[i64]], meter: &Meter) -> Result<Vec<bool>, Halt> {
    let fits = keys
        .iter()
        .all(|k| k[1..].iter().all(|&v| i32::try_from(v).is_ok()));
    if fits {
        scan_columns(keys, |v| v as i32, meter)
    } else {
        scan_columns(keys, |v| v, meter)
    }
}

/// How many points [`scan_columns`] checks at once against the points
/// kept before them (on rayon's threads), before it checks them against
/// each other.
const SCAN_BATCH: usize = 4 * POLL_EVERY;

fn scan_columns<T: Copy + PartialOrd + Send + Sync>(
    keys: &[&[i64]],
    narrow: impl Fn(i64) -> T,
    meter: &Meter,
) -> Result<Vec<bool>, Halt> {
    let rest = keys.first().map_or(1, |k| k.len().saturating_sub(1).max(1));
    // Every vector's coordinates after the first, flat (one allocation).
    let tails: Vec<T> = keys
        .iter()
        .flat_map(|k| k[1..].iter().map(|&v| narrow(v)))
        .collect();
    let mut kept: Vec<Vec<T>> = vec![vec![]; rest];
    let mut keep = Vec::with_capacity(keys.len());
    // A comparison reads up to `rest` numbers.
    let per = 1 + rest / 8;
    for batch in tails.chunks(SCAN_BATCH * rest) {
        let before = kept[0].len();
        // The same units as checking the vectors one by one: for each run
        // of POLL_EVERY vectors, every point kept before the run.
        meter.spend((before * POLL_EVERY * per) as u64)?;
        let fresh: Vec<bool> = batch
            .par_chunks(rest)
            .with_min_len(64)
            .map(|t| !any_covers(&kept, t, 0, before))
            .collect();
        for (j, (t, fresh)) in batch.chunks_exact(rest).zip(fresh).enumerate() {
            if j > 0 && j % POLL_EVERY == 0 {
                meter.spend((kept[0].len() * POLL_EVERY * per) as u64)?;
            }
            let kept_now = fresh && !any_covers(&kept, t, before, kept[0].len());
            if kept_now {
                for (column, &v) in kept.iter_mut().zip(t) {
                    column.push(v);
                }
            }
            keep.push(kept_now);
        }
    }
    Ok(keep)
}

/// Whether one of the kept points `from..to` is at least `tail` in every
/// column.
fn any_covers<T: Copy + PartialOrd>(kept: &[Vec<T>], tail: &[T], from: usize, to: usize) -> bool {
    const LANES: usize = 32;
    let mut start = from;
    // Whole blocks of LANES points: a fixed length, so the comparisons
    // become vector instructions (masks of all ones or zeros, and-ed).
    while start + LANES <= to {
        let mut all = [-1i32; LANES];
        for (column, &v) in kept.iter().zip(tail) {
            let block: &[T; LANES] = column[start..start + LANES]
                .try_into()
                .expect("a block of LANES");
            for (a, &x) in all.iter_mut().zip(block) {
                *a &= -i32::from(x >= v);
            }
        }
        if all.iter().fold(0, |any, &a| any | a) != 0 {
            return true;
        }
        start += LANES;
    }
    (start..to).any(|i| kept.iter().zip(tail).all(|(column, &v)| column[i] >= v))
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

    /// The threaded paths (blocks of the 3-D staircase, batches of the
    /// scan) give the same points as one thread and as pairwise dominance,
    /// on sets large enough to take them.
    #[test]
    fn threads_change_nothing() {
        let mut x: u64 = 11;
        let mut below = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for dims in [3, 4] {
            let pts: Vec<Vec<f64>> = (0..3 * PARALLEL_MIN / 2)
                .map(|_| (0..dims).map(|_| below(40) as f64).collect())
                .collect();
            let flat: Vec<f64> = pts.iter().flatten().copied().collect();
            let on = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| filter_flat(&flat, dims, 1.0))
            };
            let one = on(1);
            assert_eq!(on(4), one, "{dims} dimensions");
            let mut fast: Vec<Vec<f64>> = one.iter().map(|(i, _)| pts[*i].clone()).collect();
            fast.sort_by(|a, b| a.partial_cmp(b).unwrap());
            assert_eq!(fast, pairwise_front(&pts), "{dims} dimensions");
        }
    }

    /// [`grid`] rounds as `f64::round` does, halves and the largest double
    /// below ½ included, at every magnitude up to where doubles are whole.
    #[test]
    fn grid_rounds_like_round() {
        let below_half = 0.5f64.next_down();
        let mut cases = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            below_half,
            -below_half,
        ];
        let mut x: u64 = 3;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() && v.abs() < 1e15 {
                cases.push(v);
            }
            let whole = (x % 2_000_000) as f64 - 1e6;
            cases.extend([
                whole + 0.5,
                whole - 0.5,
                (whole + 0.5).next_down(),
                (whole + 0.5).next_up(),
            ]);
            let scale = (1u64 << (x % 53)) as f64;
            cases.extend([scale + 0.5, scale - 0.5, scale * 1.5 + 0.5]);
        }
        for v in cases {
            assert_eq!(grid(v, 1.0), v.round() as i64, "{v:e}");
        }
    }
}
