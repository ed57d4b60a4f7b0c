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

use crate::cancel::Cancel;
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

/// The most completions of one rule's open slots [`rules_broken_by`] tries.
const RULE_COMPLETIONS: u64 = 1_000_000;

/// The rules that no completion of the settlements can satisfy, each taken
/// on its own: every combination of the open slots the rule mentions is
/// tried with the settled ones fixed (a rule with more than
/// `RULE_COMPLETIONS` combinations is not named). When the settlements
/// leave no package but every rule alone can be met, it is the rules
/// together that the settlements break, and this is empty.
pub fn rules_broken_by(s: &Scenario, settled: &[Option<Vec<u32>>]) -> Vec<usize> {
    let fixed = fixed_slots(s, settled);
    (0..s.rules.len())
        .filter(|&r| {
            let open: Vec<usize> = s.rules[r]
                .issues
                .iter()
                .flat_map(|&i| s.issue_slots(i))
                .filter(|&k| fixed[k].is_none())
                .collect();
            let sizes: Vec<u32> = open
                .iter()
                .map(|&k| s.issues[s.slots[k].issue].domain.len() as u32)
                .collect();
            let combinations = sizes
                .iter()
                .try_fold(1u64, |n, &m| n.checked_mul(u64::from(m)));
            if combinations.is_none_or(|n| n > RULE_COMPLETIONS) {
                return false;
            }
            let mut package: Vec<u32> = fixed.iter().map(|o| o.unwrap_or(0)).collect();
            // Odometer over the open slots.
            loop {
                if crate::eval::satisfies(s, r, &package) {
                    return false;
                }
                let mut k = 0;
                loop {
                    let Some(&slot) = open.get(k) else {
                        return true;
                    };
                    package[slot] += 1;
                    if package[slot] < sizes[k] {
                        break;
                    }
                    package[slot] = 0;
                    k += 1;
                }
            }
        })
        .collect()
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
/// Each settled issue with what it costs (`None` when the settlements
/// together leave no package: a cost is a difference of joint values, and
/// there is none to take it from).
pub fn costs(
    s: &Scenario,
    settled: &[Option<Vec<u32>>],
) -> Result<Vec<(usize, Option<f64>)>, SpaceError> {
    let settled_issues = (0..settled.len()).filter(|&i| settled[i].is_some());
    let Some(with_all) = joint_value_within(s, settled)? else {
        return Ok(settled_issues.map(|i| (i, None)).collect());
    };
    let mut out = vec![];
    for i in settled_issues {
        let mut without = settled.to_vec();
        without[i] = None;
        let value = joint_value_within(s, &without)?.unwrap_or(with_all);
        out.push((i, Some(value - with_all)));
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
        assert_eq!(
            costs(&s, &settled).unwrap(),
            vec![(0, Some(10.0)), (1, Some(0.0))]
        );
    }

    #[test]
    fn settlements_that_break_a_rule_are_kept_and_the_rule_named() {
        let s = checked(
            "party a\nparty b\nissue x : lo | hi\nissue y : lo | hi\nissue z : lo | hi\n\
             rule \"hi x needs hi y\": x == hi => y == hi\nrule \"z lo\": z == lo\n\
             prefs a { x = { lo: 0, hi: 10 }  y = { lo: 0, hi: 10 }  z = { lo: 0, hi: 1 } }\n\
             prefs b { x = { lo: 20, hi: 0 }  y = { lo: 10, hi: 0 }  z = { lo: 0, hi: 1 } }\n",
        );
        // x = hi alone is fine (y = hi completes it); with y = lo it is not.
        assert!(rules_broken_by(&s, &[Some(vec![1]), None, None]).is_empty());
        let settled = vec![Some(vec![1]), Some(vec![0]), None];
        assert_eq!(rules_broken_by(&s, &settled), vec![0]);
        assert_eq!(joint_value_within(&s, &settled).unwrap(), None);
        // Both settlements stay listed, without a cost.
        assert_eq!(costs(&s, &settled).unwrap(), vec![(0, None), (1, None)]);
        // z = hi breaks the second rule on its own.
        assert_eq!(rules_broken_by(&s, &[None, None, Some(vec![1])]), vec![1]);
    }
}
