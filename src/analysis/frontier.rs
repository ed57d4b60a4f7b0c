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

use super::cancel::Cancel;
use super::pareto::{filter_flat_until, quantum};
use super::space::{Space, SpaceError};
use crate::model::Package;

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

/// The Pareto frontier of the whole space, best first for the first party.
pub fn frontier(space: &Space, slots: usize) -> Vec<Point> {
    frontier_until(space, slots, &Cancel::never()).expect("a flag never raised")
}

/// [`frontier`] that gives up with [`SpaceError::Cancelled`] when `cancel`
/// is raised: it polls between groups and inside the Pareto filter.
pub fn frontier_until(
    space: &Space,
    slots: usize,
    cancel: &Cancel,
) -> Result<Vec<Point>, SpaceError> {
    let n = space.parties;
    let q = quantum(scale(space));
    let mut layer = Layer {
        values: vec![0.0; n],
        counts: vec![1.0],
    };
    // Per group: for each surviving point, (point in the previous layer, choice).
    let mut backs: Vec<Vec<(u32, u32)>> = Vec::with_capacity(space.groups.len());
    for group in &space.groups {
        cancel.check()?;
        let k = group.choices.len();
        let m = layer.counts.len() * k;
        let mut values = Vec::with_capacity(m * n);
        for row in layer.values.chunks_exact(n) {
            for c in &group.choices {
                values.extend(row.iter().zip(&c.values).map(|(a, b)| a + b));
            }
        }
        let survivors = filter_flat_until(&values, n, q, cancel)?;
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
        backs.push(back);
        layer = next;
    }
    Ok((0..layer.counts.len())
        .map(|i| Point {
            values: layer.values[i * n..(i + 1) * n].to_vec(),
            count: layer.counts[i],
            package: rebuild(space, &backs, i, slots),
        })
        .collect())
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

/// Follows the back-pointers from node `i` of the last layer.
fn rebuild(space: &Space, backs: &[Vec<(u32, u32)>], mut i: usize, slots: usize) -> Package {
    let mut package = vec![0u32; slots];
    for (g, group) in space.groups.iter().enumerate().rev() {
        let (prev, choice) = backs[g][i];
        for (k, &slot) in group.slots.iter().enumerate() {
            package[slot] = group.choices[choice as usize].options[k];
        }
        i = prev as usize;
    }
    package
}
