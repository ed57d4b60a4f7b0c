//! The exact Pareto frontier, built group by group.
//!
//! After each group the partial frontier is the set of undominated sums of
//! the groups so far: a partial package dominated now stays dominated
//! whatever the remaining groups add, so pruning it loses nothing. The cost
//! follows the frontier's size times the choices per group, never the number
//! of packages. Back-pointers per layer rebuild one representative package per
//! frontier point: of the packages sharing a vector, the one the merge meets
//! first (each layer is ordered by the parties' utilities, best first for the
//! first party; a group's choices in option order). The rule is deterministic:
//! the same scenario always gives the same representatives.

use super::budget::{Halt, Meter, Tally};
use crate::cancel::Cancel;
use super::pareto::{filter_interleaved, grid, quantum};
use super::space::{Group, Space, SpaceError};
use crate::model::Package;
use rayon::prelude::*;
use std::collections::BinaryHeap;

/// The most work (candidate vectors built, dominance comparisons, merge
/// steps) one frontier may take: a few seconds on one core.
pub const FRONTIER_BUDGET: u64 = 400_000_000;

/// The most candidate vectors one group's merge may hold at once (three or
/// more parties): about half a gigabyte for five parties.
pub const MAX_MERGE_ROWS: usize = 1 << 22;

/// A point of the frontier.
#[derive(Debug, Clone)]
pub struct Point {
    /// Each party's cared-for utility.
    pub values: Vec<f64>,
    /// How many packages share this utility vector.
    pub count: f64,
    /// One package with this vector.
    pub package: Package,
}

/// The partial frontier after some groups: flat, one row per point.
struct Layer {
    /// Row-major utility vectors.
    values: Vec<f64>,
    /// Packages per point.
    counts: Vec<f64>,
}

/// Per surviving point of a merge: (point in the previous layer, choice).
type Backs = Vec<(u32, u32)>;

/// The Pareto frontier of the whole space, best first for the first party.
#[cfg(any(test, feature = "internals"))]
pub fn frontier(space: &Space, slots: usize) -> Vec<Point> {
    frontier_until(space, slots, &Cancel::never()).expect("a flag never raised")
}

/// [`frontier`] that gives up with [`SpaceError::Cancelled`] when `cancel`
/// is raised, and with [`SpaceError::OverBudget`] past
/// [`FRONTIER_BUDGET`] units of work or [`MAX_MERGE_ROWS`] candidates in
/// one merge. It reports progress (groups merged) through `cancel`.
pub fn frontier_until(
    space: &Space,
    slots: usize,
    cancel: &Cancel,
) -> Result<Vec<Point>, SpaceError> {
    let meter = Meter::new(cancel, FRONTIER_BUDGET);
    frontier_metered(space, slots, &meter).map_err(|halt| match halt {
        Halt::Cancelled => SpaceError::Cancelled,
        Halt::OverBudget => SpaceError::OverBudget {
            task: "frontier",
            widest: widest_slots(space),
        },
    })
}

fn frontier_metered(space: &Space, slots: usize, meter: &Meter) -> Result<Vec<Point>, Halt> {
    let n = space.parties;
    let q = quantum(scale(space));
    let mut layer = Layer {
        values: vec![0.0; n],
        counts: vec![1.0],
    };
    let mut backs: Vec<Backs> = Vec::with_capacity(space.groups.len());
    for (g, group) in space.groups.iter().enumerate() {
        meter.cancel().progress("frontier", g, space.groups.len());
        meter.spend(1)?;
        let (next, back) = if n == 2 {
            merge_chains(&layer, group, q, meter)?
        } else {
            merge_all(&layer, group, n, q, meter)?
        };
        backs.push(back);
        layer = next;
    }
    let points = layer.counts.len();
    let starts: Vec<usize> = (0..points).step_by(REBUILD_CHUNK).collect();
    Ok(starts
        .par_iter()
        .flat_map_iter(|&start| {
            let end = (start + REBUILD_CHUNK).min(points);
            rebuild(space, &backs, start..end, slots)
                .into_iter()
                .zip(start..end)
                .map(|(package, i)| Point {
                    values: layer.values[i * n..(i + 1) * n].to_vec(),
                    count: layer.counts[i],
                    package,
                })
        })
        .collect())
}

/// The slots of the two groups with the most choices: what to coarsen
/// when a merge is over budget.
fn widest_slots(space: &Space) -> Vec<usize> {
    let mut groups: Vec<&Group> = space.groups.iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.choices.len()));
    groups
        .iter()
        .take(2)
        .filter(|g| g.choices.len() > 1)
        .flat_map(|g| g.slots.iter().copied())
        .collect()
}

/// Any number of parties: every (point, choice) candidate, then the Pareto
/// filter. Refused before allocating when the candidates are too many.
fn merge_all(
    layer: &Layer,
    group: &Group,
    n: usize,
    q: f64,
    meter: &Meter,
) -> Result<(Layer, Backs), Halt> {
    let k = group.choices.len();
    let m = layer.counts.len() * k;
    if m > MAX_MERGE_ROWS || meter.would_exceed(m as u64) {
        return Err(Halt::OverBudget);
    }
    meter.spend(m as u64)?;
    let mut values = vec![0.0; m * n];
    values
        .par_chunks_mut(k * n)
        .zip(layer.values.par_chunks_exact(n))
        .with_min_len(256)
        .for_each(|(out, row)| {
            for (out, c) in out.chunks_exact_mut(n).zip(&group.choices) {
                for ((o, a), b) in out.iter_mut().zip(row).zip(&c.values) {
                    *o = a + b;
                }
            }
        });
    // Candidate `i` is row `i / k` plus choice `i % k`: per choice, the
    // layer's order (best first), so `k` interleaved runs.
    let survivors = filter_interleaved(&values, n, q, k, meter)?;
    let mut next = Layer {
        values: Vec::with_capacity(survivors.len() * n),
        counts: Vec::with_capacity(survivors.len()),
    };
    let count = |i: usize| layer.counts[i / k] * group.choices[i % k].count;
    let mut back = Vec::with_capacity(survivors.len());
    for (i, merged) in &survivors {
        next.values.extend_from_slice(&values[i * n..(i + 1) * n]);
        next.counts
            .push(count(*i) + merged.iter().map(|&j| count(j)).sum::<f64>());
        back.push(((i / k) as u32, (i % k) as u32));
    }
    Ok((next, back))
}

/// One entry of [`merge_chains`]'s heap: the run `start..=end` of chain
/// `choice` (layer rows `start..=end` plus that choice), whose rows share
/// the first party's key; `key` is the run's last row's, the best of it.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Run {
    key: (i64, i64),
    choice: usize,
    start: usize,
    end: usize,
}

/// Two parties: the same answer as [`merge_all`] (points, counts,
/// representatives and order) without building every candidate.
///
/// The layer is a 2-D frontier, so adding one choice to every row gives a
/// chain sorted by the first party's key (falling) with the second's
/// rising. The first keys are cut into bands ([`Chains::bands`]); each band
/// is merged on its own (on rayon's threads) and the bands' points are
/// joined in order.
fn merge_chains(
    layer: &Layer,
    group: &Group,
    q: f64,
    meter: &Meter,
) -> Result<(Layer, Backs), Halt> {
    let chains = Chains { layer, group, q };
    let (rows, k) = (layer.counts.len(), group.choices.len());
    // How many bands depends on the sizes only, so the work units spent
    // (and a budget's verdict) never depend on the number of threads.
    let count = (rows * k / BAND_CANDIDATES).clamp(1, MAX_BANDS.min(rows).max(1));
    merge_chains_in(&chains, count, meter)
}

/// [`merge_chains`] cut into `count` bands (fewer where keys repeat).
fn merge_chains_in(chains: &Chains, count: usize, meter: &Meter) -> Result<(Layer, Backs), Halt> {
    meter.spend(chains.group.choices.len() as u64)?;
    let bands = chains.bands(count);
    let merged: Vec<(Layer, Backs)> = bands
        .par_iter()
        .map(|band| chains.merge_band(band, &meter.tally()))
        .collect::<Result<_, _>>()?;
    if merged.len() == 1 {
        return Ok(merged.into_iter().next().expect("one band"));
    }
    let next = Layer {
        values: joined(merged.iter().map(|(part, _)| &part.values[..])),
        counts: joined(merged.iter().map(|(part, _)| &part.counts[..])),
    };
    Ok((next, joined(merged.iter().map(|(_, back)| &back[..]))))
}

/// The parts one after the other, copied on rayon's threads.
fn joined<'a, T: Copy + Default + Send + Sync + 'a>(
    parts: impl Iterator<Item = &'a [T]>,
) -> Vec<T> {
    let parts: Vec<&[T]> = parts.collect();
    let mut out = vec![T::default(); parts.iter().map(|p| p.len()).sum()];
    let mut rest = &mut out[..];
    let mut pieces = Vec::with_capacity(parts.len());
    for part in parts {
        let (piece, after) = rest.split_at_mut(part.len());
        pieces.push((piece, part));
        rest = after;
    }
    pieces
        .into_par_iter()
        .for_each(|(piece, part)| piece.copy_from_slice(part));
    out
}

/// The chains of a two-party merge: layer row `i` plus choice `j`.
struct Chains<'a> {
    layer: &'a Layer,
    group: &'a Group,
    q: f64,
}

/// The candidates of a two-party merge whose first key lies in one range:
/// per chain, its rows `start..end`, and the best second key of the
/// candidates before the band (whose first keys are larger).
struct Band {
    rows: Vec<(usize, usize)>,
    best: i64,
}

/// About how many candidates one band of a two-party merge covers: enough
/// that a band's work outweighs handing it to a thread.
const BAND_CANDIDATES: usize = 1 << 13;

/// The most bands one two-party merge is cut into.
const MAX_BANDS: usize = 64;

impl Chains<'_> {
    fn rows(&self) -> usize {
        self.layer.counts.len()
    }

    #[inline]
    fn key(&self, i: usize, j: usize) -> (i64, i64) {
        let c = &self.group.choices[j].values;
        (
            grid(self.layer.values[2 * i] + c[0], self.q),
            grid(self.layer.values[2 * i + 1] + c[1], self.q),
        )
    }

    /// The first row of chain `j` whose first key is at most `x` (first
    /// keys fall along a chain).
    fn first_at_most(&self, j: usize, x: i64) -> usize {
        first_where(0, self.rows(), |i| self.key(i, j).0 <= x)
    }

    /// Cuts the first keys into `count` bands (fewer where keys repeat), at
    /// the keys of evenly spaced layer rows plus the middle choice.
    fn bands(&self, count: usize) -> Vec<Band> {
        let (rows, k) = (self.rows(), self.group.choices.len());
        // Thresholds, falling: band b holds first keys in (cut[b+1], cut[b]].
        let mut cuts = vec![i64::MAX];
        for b in 1..count {
            let x = self.key(b * rows / count, k / 2).0;
            if x < *cuts.last().expect("starts with MAX") {
                cuts.push(x);
            }
        }
        let starts: Vec<Vec<usize>> = cuts
            .iter()
            .map(|&x| (0..k).map(|j| self.first_at_most(j, x)).collect())
            .collect();
        (0..starts.len())
            .map(|b| {
                let from = &starts[b];
                Band {
                    rows: (0..k)
                        .map(|j| (from[j], starts.get(b + 1).map_or(rows, |to| to[j])))
                        .collect(),
                    // The candidates before the band: each chain's best is
                    // its last row there (second keys rise along a chain).
                    best: (0..k)
                        .filter(|&j| from[j] > 0)
                        .map(|j| self.key(from[j] - 1, j).1)
                        .max()
                        .unwrap_or(i64::MIN),
                }
            })
            .collect()
    }

    /// The sorted sweep over one band: a heap merges the chains best
    /// first, a point is kept when its second key beats every kept one,
    /// and a chain whose next row is dominated jumps by binary search to
    /// its first row that is not. Memory follows the choices plus the
    /// result, not their product.
    fn merge_band(&self, band: &Band, meter: &Tally) -> Result<(Layer, Backs), Halt> {
        let (layer, group) = (self.layer, self.group);
        let k = group.choices.len();
        let end_of = |j: usize| band.rows[j].1;
        // The run of rows from `start` that share its first key; its last
        // row has the largest second key (the chain's second keys never fall).
        let run = |start: usize, j: usize| -> Run {
            let x = self.key(start, j).0;
            let mut end = start;
            while end + 1 < end_of(j) && self.key(end + 1, j).0 == x {
                end += 1;
            }
            Run {
                key: self.key(end, j),
                choice: j,
                start,
                end,
            }
        };
        // The first row from `from` whose second key beats `best`.
        let first_above = |from: usize, j: usize, best: i64| -> Option<usize> {
            let i = first_where(from, end_of(j), |i| self.key(i, j).1 > best);
            (i < end_of(j)).then_some(i)
        };
        let rows = self.rows();
        let mut heap: BinaryHeap<Run> = (0..k)
            .filter(|&j| band.rows[j].0 < end_of(j))
            .map(|j| run(band.rows[j].0, j))
            .collect();
        // A heap step, or a binary search, costs about two units (candidates
        // of the full merge) per level, and up to ten times that once the heap
        // leaves the cache (measured: 2.5 µs a step on a heap of 10^6).
        let levels = |len: usize| 2 * (1 + (usize::BITS - len.leading_zeros()) as u64);
        // From a single point (the first group) every chain is one row: the
        // merge is a heap sort of the choices, which stays cheap (measured:
        // 10^6 choices in 0.4 s), so the cache factor does not apply.
        let cache = if rows == 1 {
            1
        } else {
            (1 + (k as u64 >> 16)).min(10)
        };
        let step = levels(k) * cache;
        // About as many points as the band has layer rows.
        let size = band.rows.iter().map(|(s, e)| e - s).max().unwrap_or(0);
        let mut next = Layer {
            values: Vec::with_capacity(2 * size),
            counts: Vec::with_capacity(size),
        };
        let mut back = Vec::with_capacity(size);
        let mut best = band.best;
        // The candidates (row, choice) that share the key being kept.
        let mut same: Vec<(usize, usize)> = vec![];
        while let Some(top) = heap.pop() {
            meter.spend(step)?;
            if top.key.1 <= best {
                // Dominated, and so is the rest of the chain up to its first
                // row above `best`: every kept key comes earlier in the merge.
                meter.spend(levels(rows) + step)?;
                if let Some(i) = first_above(top.end + 1, top.choice, best) {
                    heap.push(run(i, top.choice));
                }
                continue;
            }
            let kept = top.key;
            same.clear();
            let mut entry = top;
            loop {
                // Rows of the run with the kept key (its tail: the rest have
                // the same first key and a smaller second one).
                let mut i = entry.end;
                loop {
                    same.push((i, entry.choice));
                    if i == entry.start || self.key(i - 1, entry.choice) != kept {
                        break;
                    }
                    i -= 1;
                }
                if entry.end + 1 < end_of(entry.choice) {
                    heap.push(run(entry.end + 1, entry.choice));
                }
                match heap.peek() {
                    Some(r) if r.key == kept => {
                        entry = heap.pop().expect("peeked");
                        meter.spend(step)?;
                    }
                    _ => break,
                }
            }
            // As the full filter does: the earliest candidate (row-major)
            // represents the point, and the counts add in that order.
            same.sort_unstable_by_key(|&(i, j)| i * k + j);
            let count = |&(i, j): &(usize, usize)| layer.counts[i] * group.choices[j].count;
            let (i, j) = same[0];
            next.values
                .push(layer.values[2 * i] + group.choices[j].values[0]);
            next.values
                .push(layer.values[2 * i + 1] + group.choices[j].values[1]);
            next.counts
                .push(count(&same[0]) + same[1..].iter().map(count).sum::<f64>());
            back.push((i as u32, j as u32));
            best = kept.1;
        }
        Ok((next, back))
    }
}

/// The first index in `lo..hi` where `holds` does (`hi` if none), for a
/// `holds` that is false then true along the range.
fn first_where(mut lo: usize, mut hi: usize, holds: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// The largest magnitude a total utility can reach: the quantum's scale.
fn scale(space: &Space) -> f64 {
    space
        .groups
        .iter()
        .map(|g| {
            g.choices
                .iter()
                .flat_map(|c| c.values.iter())
                .fold(0.0f64, |m, v| m.max(v.abs()))
        })
        .sum()
}

/// How many frontier points one thread rebuilds together.
const REBUILD_CHUNK: usize = 1 << 10;

/// The packages of the last layer's points `points`, following the
/// back-pointers one layer at a time for all of them together (each
/// layer's pointers are read while they are in the cache, instead of one
/// pass through every layer per point), slot-major, then turned into one
/// package per point.
fn rebuild(
    space: &Space,
    backs: &[Backs],
    points: std::ops::Range<usize>,
    slots: usize,
) -> Vec<Package> {
    let len = points.len();
    let mut at: Vec<u32> = points.map(|i| i as u32).collect();
    let mut columns = vec![0u32; slots * len];
    for (g, group) in space.groups.iter().enumerate().rev() {
        for (p, i) in at.iter_mut().enumerate() {
            let (prev, choice) = backs[g][*i as usize];
            let options = &group.choices[choice as usize].options;
            for (&slot, &option) in group.slots.iter().zip(options) {
                columns[slot * len + p] = option;
            }
            *i = prev;
        }
    }
    (0..len)
        .map(|p| (0..slots).map(|slot| columns[slot * len + p]).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::space::Choice;

    /// A deterministic xorshift generator.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// A random group of two-party choices on a coarse grid (so that equal
    /// vectors, equal first keys and dominated choices are common), in no
    /// particular order, with counts.
    fn random_group(rng: &mut Rng, slot: usize) -> Group {
        let k = 1 + rng.below(12) as usize;
        let choices = (0..k)
            .map(|o| Choice {
                options: vec![o as u32],
                // Thirds as well as integers: sums whose floats differ in the last bit.
                values: (0..2)
                    .map(|_| rng.below(8) as f64 / if rng.below(2) == 0 { 1.0 } else { 3.0 })
                    .collect(),
                count: (1 + rng.below(3)) as f64,
            })
            .collect();
        Group {
            slots: vec![slot],
            choices,
        }
    }

    /// Regression for the two-party merge: point for point (values,
    /// counts, representatives, order) the same as the full merge it
    /// replaces, on random spaces with many ties.
    #[test]
    fn chain_merge_matches_the_full_merge() {
        let never = Cancel::never();
        for seed in 1..400u64 {
            let mut rng = Rng(seed * 0x9E37_79B9_7F4A_7C15);
            let groups: Vec<Group> = (0..1 + rng.below(7) as usize)
                .map(|g| random_group(&mut rng, g))
                .collect();
            let space = Space { parties: 2, groups };
            let q = quantum(scale(&space));
            let meter = Meter::new(&never, u64::MAX);
            let (mut a, mut b) = (
                Layer {
                    values: vec![0.0; 2],
                    counts: vec![1.0],
                },
                Layer {
                    values: vec![0.0; 2],
                    counts: vec![1.0],
                },
            );
            for group in &space.groups {
                let (next_a, back_a) = merge_all(&a, group, 2, q, &meter).unwrap();
                // Cut into bands as on a large merge: the same again.
                for count in [1, 2, 3, 7] {
                    let chains = Chains {
                        layer: &b,
                        group,
                        q,
                    };
                    let (next_b, back_b) = merge_chains_in(&chains, count, &meter).unwrap();
                    assert_eq!(next_a.values, next_b.values, "seed {seed}, {count} bands");
                    assert_eq!(next_a.counts, next_b.counts, "seed {seed}, {count} bands");
                    assert_eq!(back_a, back_b, "seed {seed}, {count} bands");
                }
                let (next_b, _) = merge_chains(&b, group, q, &meter).unwrap();
                (a, b) = (next_a, next_b);
            }
        }
    }

    /// Regression: two groups of a million choices each used to reserve
    /// room for 10^12 candidates and abort; now the merge stops on its
    /// budget and names the widest groups.
    #[test]
    fn a_merge_too_large_is_refused_not_attempted() {
        let chain = |slot: usize, k: usize| Group {
            slots: vec![slot],
            choices: (0..k)
                .map(|o| Choice {
                    options: vec![o as u32],
                    values: vec![o as f64, (k - o) as f64 * (1.0 + slot as f64)],
                    count: 1.0,
                })
                .collect(),
        };
        // Three parties: the full merge's candidates are refused up front.
        let three = |slot: usize, k: usize| {
            let mut g = chain(slot, k);
            for c in &mut g.choices {
                c.values.push(c.values[0] * c.values[1]);
            }
            g
        };
        let space = Space {
            parties: 3,
            groups: vec![three(0, 5_000), three(1, 5_000)],
        };
        assert_eq!(
            frontier_until(&space, 2, &Cancel::never()).unwrap_err(),
            SpaceError::OverBudget {
                task: "frontier",
                widest: vec![0, 1]
            }
        );
    }
}
