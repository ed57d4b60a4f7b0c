//! The outcome space prepared for analysis: slots grouped by the rules that
//! couple them, each group a list of feasible choices with one cared-for
//! utility vector per choice.
//!
//! Utilities are additive over slots, so a package's vector is the sum of its
//! groups' choice vectors. Slots no rule mentions are groups of one; slots a
//! rule couples are enumerated together (only those combinations that satisfy
//! the group's rules survive). Within a group, a choice dominated by another
//! can never be part of a Pareto-optimal package and is dropped, and choices
//! with equal vectors are kept as one with a multiplicity.

use super::TOLERANCE;
use crate::eval;
use crate::model::Scenario;

/// The most combinations one group of coupled slots may enumerate.
pub const MAX_GROUP_COMBINATIONS: f64 = 5e6;

/// A group of slots decided together.
#[derive(Debug, Clone)]
pub struct Group {
    /// The slots, in slot order.
    pub slots: Vec<usize>,
    /// The distinct, undominated choices.
    pub choices: Vec<Choice>,
}

/// One way to decide a group.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The option of each of the group's slots.
    pub options: Vec<u32>,
    /// Each party's cared-for utility from these slots.
    pub values: Vec<f64>,
    /// How many feasible assignments share this vector.
    pub count: f64,
}

/// Why a space could not be built.
#[derive(Debug, Clone, PartialEq)]
pub enum SpaceError {
    /// Rules couple slots whose combinations are too many to enumerate.
    GroupTooLarge {
        /// The coupled issues.
        issues: Vec<usize>,
        /// How many combinations they have.
        combinations: f64,
    },
    /// No package satisfies the rules.
    Infeasible,
    /// The computation was cancelled before it finished (see [`super::cancel`]).
    Cancelled,
    /// A search went over its work or memory budget (see [`super::budget`]).
    OverBudget {
        /// Which search ("frontier").
        task: &'static str,
        /// The slots of the groups with the most choices: what to coarsen.
        widest: Vec<usize>,
    },
}

impl From<crate::cancel::Cancelled> for SpaceError {
    fn from(_: crate::cancel::Cancelled) -> Self {
        SpaceError::Cancelled
    }
}

/// The outcome space, grouped.
#[derive(Debug, Clone)]
pub struct Space {
    /// Number of parties.
    pub parties: usize,
    /// Groups, in the order of their first slot.
    pub groups: Vec<Group>,
}

/// Per party, per slot, per option: the cared-for contribution.
pub fn cared_tables(s: &Scenario) -> Vec<Vec<Vec<f64>>> {
    s.parties
        .iter()
        .map(|p| {
            let mut tables = p.values.clone();
            for care in &p.care {
                for (slot, table) in tables.iter_mut().enumerate() {
                    for (opt, v) in table.iter_mut().enumerate() {
                        *v += care.amount * s.parties[care.party].values[slot][opt];
                    }
                }
            }
            tables
        })
        .collect()
}

/// Per slot: whether changing that slot alone changes the party's cared-for
/// utility in some package (rules aside). For a slot no `extra` term reads
/// that is its cared table varying; otherwise every combination of the slots
/// read together with it is tried.
pub fn cares_about(s: &Scenario, party: usize) -> Vec<bool> {
    let table = &cared_tables(s)[party];
    let me = &s.parties[party];
    let extras: Vec<(f64, &crate::model::Extra)> = me
        .extras
        .iter()
        .map(|e| (1.0, e))
        .chain(
            me.care
                .iter()
                .flat_map(|c| s.parties[c.party].extras.iter().map(move |e| (c.amount, e))),
        )
        .collect();
    let options = |k: usize| s.issues[s.slots[k].issue].domain.len() as u32;
    let differs = |a: f64, b: f64| (a - b).abs() > TOLERANCE * (1.0 + a.abs().max(b.abs()));
    (0..s.slots.len())
        .map(|k| {
            let reading: Vec<&(f64, &crate::model::Extra)> = extras
                .iter()
                .filter(|(_, e)| e.slots.contains(&k))
                .collect();
            let mut context: Vec<usize> = reading
                .iter()
                .flat_map(|(_, e)| e.slots.iter().copied())
                .filter(|&x| x != k)
                .collect();
            context.sort_unstable();
            context.dedup();
            let sizes: Vec<u32> = context.iter().map(|&x| options(x)).collect();
            if sizes.iter().map(|&n| n as f64).product::<f64>() > 1e6 {
                return true;
            }
            let mut package = vec![0u32; s.slots.len()];
            let mut at = vec![0u32; context.len()];
            loop {
                for (&x, &o) in context.iter().zip(&at) {
                    package[x] = o;
                }
                let mut value = |o: u32| {
                    package[k] = o;
                    table[k][o as usize]
                        + reading
                            .iter()
                            .map(|(w, e)| w * e.value(&package))
                            .sum::<f64>()
                };
                let first = value(0);
                if (1..options(k)).any(|o| differs(value(o), first)) {
                    return true;
                }
                if !advance(&mut at, &sizes) {
                    return false;
                }
            }
        })
        .collect()
}

impl Space {
    /// Groups the scenario's slots and enumerates each group's choices.
    pub fn build(s: &Scenario) -> Result<Space, SpaceError> {
        Space::build_with(s, true, &[])
    }

    /// Like [`Space::build`], but keeps every feasible choice of every group,
    /// dominated or not, in odometer order (last slot fastest), one per
    /// assignment: for analyses where which options a package uses matters,
    /// not only its utilities.
    pub fn build_all(s: &Scenario) -> Result<Space, SpaceError> {
        Space::build_with(s, false, &[])
    }

    /// Like [`Space::build`], restricted to the packages that give each slot
    /// with `fixed[slot] = Some(o)` the option `o` (tentative settlements).
    pub fn build_fixed(s: &Scenario, fixed: &[Option<u32>]) -> Result<Space, SpaceError> {
        Space::build_with(s, true, fixed)
    }

    /// The package of one choice per group (`slots`: the scenario's slot count).
    pub fn package(&self, slots: usize, choices: impl IntoIterator<Item = usize>) -> Vec<u32> {
        let mut package = vec![0u32; slots];
        for (group, c) in self.groups.iter().zip(choices) {
            for (&slot, &o) in group.slots.iter().zip(&group.choices[c].options) {
                package[slot] = o;
            }
        }
        package
    }

    fn build_with(s: &Scenario, prune: bool, fixed: &[Option<u32>]) -> Result<Space, SpaceError> {
        let tables = cared_tables(s);
        let mut groups = vec![];
        for (slots, rules) in slot_groups(s) {
            let group = enumerate_group(s, &tables, slots, &rules, prune, fixed)?;
            if group.choices.is_empty() {
                return Err(SpaceError::Infeasible);
            }
            groups.push(group);
        }
        Ok(Space {
            parties: s.parties.len(),
            groups,
        })
    }
}

/// How many packages satisfy every rule: the product over groups of coupled
/// slots of each group's feasible combinations (a group no rule touches
/// counts all of its). `None` when a group is too large to enumerate.
pub fn feasible_package_count(s: &Scenario) -> Option<f64> {
    let mut total = 1.0;
    for (slots, rules) in slot_groups(s) {
        let sizes: Vec<u32> = slots
            .iter()
            .map(|&k| s.issues[s.slots[k].issue].domain.len() as u32)
            .collect();
        let combinations: f64 = sizes.iter().map(|&n| n as f64).product();
        if rules.is_empty() {
            total *= combinations;
            continue;
        }
        if combinations > MAX_GROUP_COMBINATIONS {
            return None;
        }
        let mut package = vec![0u32; s.slots.len()];
        let mut options = vec![0u32; slots.len()];
        let mut feasible = 0.0;
        loop {
            for (k, &slot) in slots.iter().enumerate() {
                package[slot] = options[k];
            }
            if rules.iter().all(|&r| eval::satisfies(s, r, &package)) {
                feasible += 1.0;
            }
            if !advance(&mut options, &sizes) {
                break;
            }
        }
        total *= feasible;
    }
    Some(total)
}

/// Slots linked by rules, with the rules of each group.
fn slot_groups(s: &Scenario) -> Vec<(Vec<usize>, Vec<usize>)> {
    let n = s.slots.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let rule_slots: Vec<Vec<usize>> = s.rules.iter().map(|r| slots_of(s, &r.issues)).collect();
    // An extra term couples the slots it reads, as a rule does.
    let extra_slots = s
        .parties
        .iter()
        .flat_map(|p| p.extras.iter().map(|e| &e.slots));
    for slots in rule_slots.iter().chain(extra_slots) {
        for w in slots.windows(2) {
            let (a, b) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = vec![];
    let mut group_of_root: Vec<Option<usize>> = vec![None; n];
    for slot in 0..n {
        let r = root(&mut parent, slot);
        let g = *group_of_root[r].get_or_insert_with(|| {
            groups.push((vec![], vec![]));
            groups.len() - 1
        });
        groups[g].0.push(slot);
    }
    for (rule, slots) in rule_slots.iter().enumerate() {
        if let Some(&first) = slots.first() {
            let g = group_of_root[root(&mut parent, first)].expect("every slot has a group");
            groups[g].1.push(rule);
        }
    }
    groups
}

/// Every slot of the given issues.
pub fn slots_of(s: &Scenario, issues: &[usize]) -> Vec<usize> {
    s.slots_of(issues)
}

fn enumerate_group(
    s: &Scenario,
    tables: &[Vec<Vec<f64>>],
    slots: Vec<usize>,
    rules: &[usize],
    prune: bool,
    fixed: &[Option<u32>],
) -> Result<Group, SpaceError> {
    let sizes: Vec<u32> = slots
        .iter()
        .map(|&k| match fixed.get(k).copied().flatten() {
            Some(_) => 1,
            None => s.issues[s.slots[k].issue].domain.len() as u32,
        })
        .collect();
    // A fixed slot takes only its option: the odometer runs over one value.
    let option_of = |k: usize, o: u32| fixed.get(k).copied().flatten().unwrap_or(o);
    let combinations: f64 = sizes.iter().map(|&n| n as f64).product();
    if combinations > MAX_GROUP_COMBINATIONS {
        let mut issues: Vec<usize> = slots.iter().map(|&k| s.slots[k].issue).collect();
        issues.dedup();
        return Err(SpaceError::GroupTooLarge {
            issues,
            combinations,
        });
    }
    let mut package = vec![0u32; s.slots.len()];
    let mut options = vec![0u32; slots.len()];
    let mut choices = vec![];
    loop {
        for (k, &slot) in slots.iter().enumerate() {
            package[slot] = option_of(slot, options[k]);
        }
        if rules.iter().all(|&r| eval::satisfies(s, r, &package)) {
            let values = (0..tables.len())
                .map(|p| {
                    let additive: f64 = slots
                        .iter()
                        .map(|&k| tables[p][k][package[k] as usize])
                        .sum();
                    additive + extras_within(s, p, &slots, &package)
                })
                .collect();
            choices.push(Choice {
                options: slots.iter().map(|&slot| package[slot]).collect(),
                values,
                count: 1.0,
            });
        }
        if !advance(&mut options, &sizes) {
            break;
        }
    }
    if prune {
        choices =
            super::pareto::undominated(choices, |c| &c.values, |kept, dup| kept.count += dup.count);
    }
    Ok(Group { slots, choices })
}

/// Party `p`'s cared-for points from the extra terms (its own, and those of
/// the parties it cares for) that read only slots of this group. Every
/// extra's slots lie in one group, so each is counted in exactly one.
fn extras_within(s: &Scenario, p: usize, slots: &[usize], package: &[u32]) -> f64 {
    let inside = |e: &&crate::model::Extra| e.slots.first().is_some_and(|k| slots.contains(k));
    let own: f64 = s.parties[p]
        .extras
        .iter()
        .filter(inside)
        .map(|e| e.value(package))
        .sum();
    let cared: f64 = s.parties[p]
        .care
        .iter()
        .map(|c| {
            c.amount
                * s.parties[c.party]
                    .extras
                    .iter()
                    .filter(inside)
                    .map(|e| e.value(package))
                    .sum::<f64>()
        })
        .sum();
    own + cared
}

/// The next combination in odometer order (last slot fastest); false at the end.
pub fn advance(options: &mut [u32], sizes: &[u32]) -> bool {
    for k in (0..options.len()).rev() {
        options[k] += 1;
        if options[k] < sizes[k] {
            return true;
        }
        options[k] = 0;
    }
    false
}

/// Whether two utility vectors are the same point (see [`TOLERANCE`]).
#[cfg(any(test, feature = "internals"))]
pub fn same_point(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (x - y).abs() <= TOLERANCE * (1.0 + x.abs().max(y.abs())))
}
