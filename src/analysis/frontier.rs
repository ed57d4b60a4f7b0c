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

use super::pareto::{filter_keyed, quantum};
use super::space::Space;
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

struct Node {
    values: Vec<f64>,
    count: f64,
    /// (node in the previous layer, choice in this group)
    back: (u32, u32),
}

/// The Pareto frontier of the whole space, best first for the first party.
pub fn frontier(space: &Space, slots: usize) -> Vec<Point> {
    let q = quantum(scale(space));
    let mut layer = vec![Node {
        values: vec![0.0; space.parties],
        count: 1.0,
        back: (0, 0),
    }];
    let mut backs: Vec<Vec<(u32, u32)>> = Vec::with_capacity(space.groups.len());
    for group in &space.groups {
        let mut next = Vec::with_capacity(layer.len() * group.choices.len());
        for (pi, p) in layer.iter().enumerate() {
            for (ci, c) in group.choices.iter().enumerate() {
                next.push(Node {
                    values: p.values.iter().zip(&c.values).map(|(a, b)| a + b).collect(),
                    count: p.count * c.count,
                    back: (pi as u32, ci as u32),
                });
            }
        }
        layer = filter_keyed(next, |n| &n.values, |kept, dup| kept.count += dup.count, q);
        backs.push(layer.iter().map(|n| n.back).collect());
    }
    (0..layer.len())
        .map(|i| Point {
            values: layer[i].values.clone(),
            count: layer[i].count,
            package: rebuild(space, &backs, i, slots),
        })
        .collect()
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
