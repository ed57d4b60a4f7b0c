//! "Nothing is agreed until everything is agreed": the deal space left by
//! tentative settlements, and what each settlement costs in joint value.
//!
//! A settlement fixes the options of an issue's slots. The space of packages
//! consistent with the settlements is built like the whole space (only the
//! settled slots' choices are filtered), so its frontier, Nash package and
//! each party's best are exact. The *joint value* of a space is the largest
//! sum of cared-for utilities over its packages (BATNAs ignored): what the
//! parties could create together. A settlement's cost is the joint value
//! without it (the other settlements kept) minus the joint value with all.

use super::cancel::Cancel;
use super::frontier::{self, Point};
use super::space::{Space, SpaceError};
use crate::model::Scenario;

/// The settled options, per slot, of the settled issues.
pub fn fixed_slots(s: &Scenario, settled: &[Option<Vec<u32>>]) -> Vec<Option<u32>> {
    let mut fixed = vec![None; s.slots.len()];
    for (i, options) in settled.iter().enumerate() {
        if let Some(options) = options {
            for (slot, &o) in s.issue_slots(i).zip(options) {
                fixed[slot] = Some(o);
            }
        }
    }
    fixed
}

/// The frontier of the packages consistent with the settlements (stops
/// with [`SpaceError::Cancelled`] when `cancel` is raised).
pub fn frontier_within(
    s: &Scenario,
    settled: &[Option<Vec<u32>>],
    cancel: &Cancel,
) -> Result<Vec<Point>, SpaceError> {
    let space = Space::build_fixed(s, &fixed_slots(s, settled))?;
    frontier::frontier_until(&space, s.slots.len(), cancel)
}

/// The largest joint utility on a frontier (every package's best joint
/// utility is reached on its frontier).
pub fn joint_value(points: &[Point]) -> Option<f64> {
    points
        .iter()
        .map(|p| p.values.iter().sum::<f64>())
        .fold(None, |m, v| Some(m.map_or(v, |m: f64| m.max(v))))
}

/// The joint value with the settlements (`None`: no package is consistent
/// with them and the rules). Joint utility is additive over the space's
/// groups, so its maximum is the sum of each group's best choice: no
/// frontier is needed.
pub fn joint_value_within(
    s: &Scenario,
    settled: &[Option<Vec<u32>>],
) -> Result<Option<f64>, SpaceError> {
    match Space::build_fixed(s, &fixed_slots(s, settled)) {
        Ok(space) => Ok(Some(
            space
                .groups
                .iter()
                .map(|g| {
                    g.choices
                        .iter()
                        .map(|c| c.values.iter().sum::<f64>())
                        .fold(f64::NEG_INFINITY, f64::max)
                })
                .sum(),
        )),
        Err(SpaceError::Infeasible) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Per settled issue: the joint value lost by keeping it, the others kept.
pub fn costs(s: &Scenario, settled: &[Option<Vec<u32>>]) -> Result<Vec<(usize, f64)>, SpaceError> {
    let Some(with_all) = joint_value_within(s, settled)? else {
        return Ok(vec![]);
    };
    let mut out = vec![];
    for i in (0..settled.len()).filter(|&i| settled[i].is_some()) {
        let mut without = settled.to_vec();
        without[i] = None;
        let value = joint_value_within(s, &without)?.unwrap_or(with_all);
        out.push((i, value - with_all));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checked;

    /// Two issues; a gets x + y, b gets 2(1 − x) + (1 − y) over options 0/1 valued 0/10.
    #[test]
    fn costs_by_hand() {
        let s = checked(
            "party a\nparty b\nissue x : lo | hi\nissue y : lo | hi\n\
             prefs a { x = { lo: 0, hi: 10 }  y = { lo: 0, hi: 10 } }\n\
             prefs b { x = { lo: 20, hi: 0 }  y = { lo: 10, hi: 0 } }\n",
        );
        // Joint value per package: x lo → 20, hi → 10; y lo → 10, hi → 10.
        // Unconstrained: 20 + 10 = 30.
        assert_eq!(joint_value_within(&s, &[None, None]).unwrap(), Some(30.0));
        // Settling x = hi costs 10; settling y either way costs nothing.
        let settled = vec![Some(vec![1]), Some(vec![1])];
        assert_eq!(joint_value_within(&s, &settled).unwrap(), Some(20.0));
        assert_eq!(costs(&s, &settled).unwrap(), vec![(0, 10.0), (1, 0.0)]);
    }
}
