//! Multiple equivalent simultaneous offers (MESO): packages worth the same to
//! the party making them, as different from each other as the space allows,
//! each the best available for the other parties.
//!
//! The definition (with the formulas in `docs/analyses.md`): P proposes at
//! level U with tolerance τ (2% of P's utility range); `w` is the sum of the
//! other parties' cared-for utilities; two packages' distance is the number
//! of terms on which they differ, where a term is an issue, or one outcome
//! of a contingent issue, that P is not indifferent to (P concedes a term it
//! does not care about in every offer alike: the best option for the others
//! comes free, and varying it would only dress a worse offer up as a
//! different one). A package is a *candidate* when it is worth at least
//! U − τ to P and at least its BATNA to every other party (an offer the
//! other side would refuse outright reveals nothing), differs from every
//! earlier member on some term, and no other candidate as different from
//! each earlier member gives every party at least as much and one party
//! more (P would offer that one instead: it is as informative and everyone
//! likes it better). A member is a candidate worth at most U + τ to P that
//! no earlier member *beats for the proposer* (gives P more and every other
//! party at least as much; members equally good for P but unequal for the
//! others are the point of a MESO: the counterpart's choice among them is
//! what teaches P). Member k is chosen farthest-point first: D_k is the
//! largest distance such a package keeps from every earlier member, and
//! member k is the one at distance D_k with the largest w, then u_P. (This
//! greedy is the classic 2-approximation of the largest smallest pairwise
//! distance; the exact maximum is NP-hard.) Ties go to the package the merge
//! meets first: deterministic, not otherwise meaningful.
//!
//! When candidates remain but every one is above the band, the set stops
//! there and says so ([`Shortfall::AboveBand`]): each package in the band
//! that differs as much is beaten, for every party, by one that gives P
//! more, so offering it as "equivalent" would mislead.
//!
//! Each step is exact without enumerating packages: a dynamic programme over
//! the space's groups whose rows are partial packages with every party's
//! utility and how many terms they share with each earlier member. A row is
//! dropped when another is at least as good for every party and shares no
//! more terms with any earlier member: whatever completes the first
//! completes the second at least as well. One merge per member gives both
//! D_k and the member.

use super::budget::{Halt, Meter};
use crate::cancel::Cancel;
use super::pareto::{filter_flat_until, quantum};
use super::space::{cares_about, Group, Space, SpaceError};
use super::TOLERANCE;
use crate::model::{Package, Scenario};


/// The band's half-width as a share of the proposer's utility range.
pub const BAND: f64 = 0.02;

/// The most partial packages one layer may hold before giving up.
const MAX_ROWS: usize = 2_000_000;

/// The most work one `meso` may do in all its merges before giving up (a
/// few seconds): one unit per partial package built or considered, and one
/// per dominance comparison of the Pareto filters (see [`super::budget`]).
pub const MAX_WORK: u64 = 400_000_000;

/// A set of equivalent offers.
#[derive(Debug, Clone)]
pub struct Meso {
    /// The level the offers are worth to the proposer.
    pub level: f64,
    /// The band's half-width τ.
    pub tolerance: f64,
    /// How many terms count towards the distance (those P cares about).
    pub terms: usize,
    /// The members, in the order chosen (the others' utility falls as the
    /// difference constraints add up, so mostly best first for them).
    pub members: Vec<Member>,
    /// Why the set has fewer members than asked for, when it has.
    pub shortfall: Option<Shortfall>,
}

/// Why a set stopped short of the count asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Shortfall {
    /// No package is worth U − τ to the proposer and its BATNA to every other party.
    NoneQualify,
    /// Every package that qualifies matches an earlier member on every term
    /// the proposer cares about, or is beaten by one for the proposer.
    NoneDiffer,
    /// The best package for the others at the next distance is worth `own`
    /// to the proposer, above the band.
    AboveBand {
        /// The proposer's utility there.
        own: f64,
        /// The distance it keeps from the earlier members.
        distance: Option<usize>,
    },
}

impl Meso {
    /// The smallest number of terms on which two members differ.
    pub fn distance(&self) -> Option<usize> {
        self.members.iter().filter_map(|m| m.distance).min()
    }
}

/// One offer of the set.
#[derive(Debug, Clone)]
pub struct Member {
    /// The package.
    pub package: Package,
    /// The other parties' summed cared-for utility.
    pub others: f64,
    /// Every party's cared-for utility, the proposer first.
    pub values: Vec<f64>,
    /// How many terms it differs on from every earlier member at least
    /// (`None` for the first).
    pub distance: Option<usize>,
}

impl Member {
    /// The proposer's cared-for utility.
    #[cfg(any(test, feature = "internals"))]
    pub fn own(&self) -> f64 {
        self.values[0]
    }
}

/// Why no set could be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum MesoError {
    /// The space itself could not be built.
    Space(SpaceError),
    /// The differences to track grew beyond what one step may hold.
    TooLarge,
}

impl From<Halt> for MesoError {
    fn from(halt: Halt) -> Self {
        match halt {
            Halt::Cancelled => MesoError::Space(SpaceError::Cancelled),
            Halt::OverBudget => MesoError::TooLarge,
        }
    }
}

/// The problem for one proposer: the space's groups with each choice's
/// utilities reordered so that the proposer comes first.
pub struct Problem<'a> {
    groups: &'a [Group],
    /// Per group, per choice: the parties' utilities, proposer first.
    values: Vec<Vec<f64>>,
    parties: usize,
    /// Per slot: whether it counts towards the distance.
    counted: Vec<bool>,
    terms: usize,
    q: f64,
    /// Per group g, per party (proposer first): the most the groups before g can add.
    best_before: Vec<Vec<f64>>,
    /// All the work so far, against [`MAX_WORK`]; polls the cancel flag.
    /// Shared by every merge of one `meso`, so its budget counts them all.
    meter: &'a Meter<'a>,
}

/// What one step of the search found.
enum Next {
    /// The next member.
    Member(Member),
    /// Candidates differ from the members, but none in the band is efficient;
    /// the best of them for the others is worth `own` to the proposer.
    AboveBand { own: f64, distance: Option<usize> },
    /// No candidate at all.
    Nothing,
}

/// `count` equivalent offers for `party` at `level` (stops with
/// [`SpaceError::Cancelled`] when `cancel` is raised).
pub fn meso(
    s: &Scenario,
    party: usize,
    count: usize,
    level: f64,
    cancel: &Cancel,
) -> Result<Meso, MesoError> {
    let space = Space::build_all(s).map_err(MesoError::Space)?;
    let counted = cares_about(s, party);
    let meter = Meter::new(cancel, MAX_WORK);
    let problem = Problem::new(&space, party, counted, &meter);
    let tolerance = BAND * problem.range();
    let mut floors = vec![level - tolerance];
    floors.extend(
        (0..s.parties.len())
            .filter(|&p| p != party)
            .map(|p| s.parties[p].batna),
    );
    let high = level + tolerance;
    let (members, shortfall) = problem.members(count, &floors, high)?;
    Ok(Meso {
        level,
        tolerance,
        terms: problem.terms,
        members,
        shortfall,
    })
}

impl<'a> Problem<'a> {
    /// The proposer's view of a space built with [`Space::build_all`].
    /// `counted` says per slot whether it counts towards the distance; the
    /// work of its merges is spent on `meter`.
    pub fn new(space: &'a Space, party: usize, counted: Vec<bool>, meter: &'a Meter<'a>) -> Self {
        let n = space.parties;
        let order: Vec<usize> = std::iter::once(party)
            .chain((0..n).filter(|&p| p != party))
            .collect();
        let values: Vec<Vec<f64>> = space
            .groups
            .iter()
            .map(|g| {
                g.choices
                    .iter()
                    .flat_map(|c| order.iter().map(|&p| c.values[p]))
                    .collect()
            })
            .collect();
        let scale: f64 = values
            .iter()
            .map(|v| v.iter().fold(0.0f64, |m, x| m.max(x.abs())) * n as f64)
            .sum();
        let best_before = best_before(&values, n);
        Problem {
            groups: &space.groups,
            values,
            parties: n,
            terms: counted.iter().filter(|&&c| c).count(),
            counted,
            q: quantum(scale),
            best_before,
            meter,
        }
    }

    /// The proposer's utility range over the space: best minus worst package.
    pub fn range(&self) -> f64 {
        self.values
            .iter()
            .map(|v| {
                let own = v.iter().step_by(self.parties);
                let max = own.clone().copied().fold(f64::NEG_INFINITY, f64::max);
                let min = own.copied().fold(f64::INFINITY, f64::min);
                max - min
            })
            .sum()
    }

    /// Up to `count` members, each worth at least its floor to every party
    /// (proposer first) and at most `high` to the proposer, with why the set
    /// stopped short when it did.
    pub fn members(
        &self,
        count: usize,
        floors: &[f64],
        high: f64,
    ) -> Result<(Vec<Member>, Option<Shortfall>), MesoError> {
        let slack = |x: f64| TOLERANCE * (1.0 + x.abs());
        let reach: Vec<f64> = floors.iter().map(|f| f - slack(*f)).collect();
        let high = high + slack(high);
        let mut members: Vec<Member> = vec![];
        // D_k never exceeds D_(k-1): each member adds a constraint.
        let mut top = self.terms;
        while members.len() < count {
            self.meter.cancel().progress("meso", members.len(), count);
            match self.next(&members, &reach, high, top)? {
                Next::Member(member) => {
                    top = member.distance.unwrap_or(top);
                    members.push(member);
                }
                Next::AboveBand { own, distance } => {
                    return Ok((members, Some(Shortfall::AboveBand { own, distance })));
                }
                Next::Nothing => {
                    let why = if members.is_empty() {
                        Shortfall::NoneQualify
                    } else {
                        Shortfall::NoneDiffer
                    };
                    return Ok((members, Some(why)));
                }
            }
        }
        Ok((members, None))
    }

    /// How many terms a package may share with each earlier member to be
    /// at distance ≥ `d` from them (every term for the first member).
    fn allowed(&self, earlier: &[Member], d: usize) -> usize {
        if earlier.is_empty() {
            self.terms
        } else {
            self.terms - d.min(self.terms)
        }
    }

    /// Member `r` of the last layer.
    fn member(&self, layer: &Layer, backs: &Backs, r: usize, distance: Option<usize>) -> Member {
        let values = layer.row(r, self.parties).to_vec();
        Member {
            package: self.rebuild(backs, r),
            others: values[1..].iter().sum(),
            values,
            distance,
        }
    }

    /// The next member, searching distances down from `top`. The merge at
    /// D keeps exactly the candidates at distance ≥ D that no package as
    /// different from each earlier member beats for every party; a
    /// candidate kept at D is kept at every smaller D too (what could beat
    /// it there is at least as far, so it was there at D), so the first D
    /// (galloping down) at which one lies in the band gives D_k exactly,
    /// and the merge at D = 1 says whether any does.
    fn next(
        &self,
        earlier: &[Member],
        reach: &[f64],
        high: f64,
        top: usize,
    ) -> Result<Next, MesoError> {
        if !earlier.is_empty() && self.terms == 0 {
            return Ok(Next::Nothing);
        }
        let (mut d, mut step) = (top.max(1), 1);
        loop {
            let (layer, backs) = self.merge(earlier, reach, self.allowed(earlier, d))?;
            let pick = |high: f64| layer.best(reach, high, earlier, self.terms, self.q);
            if let Some((r, distance)) = pick(high) {
                return Ok(Next::Member(self.member(&layer, &backs, r, distance)));
            }
            if d == 1 || earlier.is_empty() {
                // Nothing efficient in the band: is anything above it?
                return Ok(match pick(f64::INFINITY) {
                    Some((r, distance)) => Next::AboveBand {
                        own: layer.row(r, self.parties)[0],
                        distance,
                    },
                    None => Next::Nothing,
                });
            }
            d = d.saturating_sub(step).max(1);
            step *= 2;
        }
    }

    /// The undominated partial packages over all groups that share at most
    /// `allowed` terms with each earlier member and can still reach every
    /// floor, with back-pointers per group.
    fn merge(
        &self,
        earlier: &[Member],
        reach: &[f64],
        allowed: usize,
    ) -> Result<(Layer, Backs), MesoError> {
        let (n, m) = (self.parties, earlier.len());
        let mut layer = Layer {
            keys: vec![0; m],
            vals: vec![0.0; n],
        };
        let mut backs: Backs = vec![vec![]; self.groups.len()];
        let mut key = vec![0u16; m];
        let mut vals = vec![0.0; n];
        for (g, group) in self.groups.iter().enumerate().rev() {
            self.meter.spend(1)?;
            let shared = self.shared_terms(group, earlier);
            let choice_vals = &self.values[g];
            let mut next = Layer::default();
            let mut back = vec![];
            let rows = layer.vals.len() / n;
            for c in 0..group.choices.len() {
                // Every (row, choice) pair is considered, kept or not.
                self.meter.spend(rows as u64)?;
                for r in 0..rows {
                    let reachable = (0..n).all(|p| {
                        vals[p] = layer.vals[r * n + p] + choice_vals[c * n + p];
                        vals[p] + self.best_before[g][p] >= reach[p]
                    });
                    let fits = reachable
                        && (0..m).all(|j| {
                            key[j] = layer.keys[r * m + j] + shared[c * m + j];
                            key[j] as usize <= allowed
                        });
                    if fits {
                        next.keys.extend_from_slice(&key);
                        next.vals.extend_from_slice(&vals);
                        back.push((r as u32, c as u32));
                    }
                }
            }
            self.meter.spend(back.len() as u64)?;
            if back.len() > MAX_ROWS {
                return Err(MesoError::TooLarge);
            }
            // With nothing shared allowed, every key is zero: no need to compare them.
            let keep = next.undominated(n, m, allowed > 0, self.q, self.meter)?;
            backs[g] = keep.iter().map(|&i| back[i]).collect();
            layer = next.select(&keep, n, m);
        }
        Ok((layer, backs))
    }

    /// Per choice, per earlier member: how many of the group's counted
    /// terms they share.
    fn shared_terms(&self, group: &Group, earlier: &[Member]) -> Vec<u16> {
        let mut shared = Vec::with_capacity(group.choices.len() * earlier.len());
        for choice in &group.choices {
            for member in earlier {
                let same = group
                    .slots
                    .iter()
                    .zip(&choice.options)
                    .filter(|(&slot, &o)| self.counted[slot] && member.package[slot] == o)
                    .count();
                shared.push(same as u16);
            }
        }
        shared
    }

    /// Follows the back-pointers from row `r` of the last layer (group 0).
    fn rebuild(&self, backs: &Backs, mut r: usize) -> Package {
        let mut package = vec![0u32; self.counted.len()];
        for (g, group) in self.groups.iter().enumerate() {
            let (prev, c) = backs[g][r];
            for (k, &slot) in group.slots.iter().enumerate() {
                package[slot] = group.choices[c as usize].options[k];
            }
            r = prev as usize;
        }
        package
    }
}

/// Per group g, per party: the most the groups before g can add (the
/// merge runs from the last group to the first, so these are still to come).
fn best_before(values: &[Vec<f64>], n: usize) -> Vec<Vec<f64>> {
    let mut out = Vec::with_capacity(values.len());
    let mut sum = vec![0.0; n];
    for v in values {
        out.push(sum.clone());
        for (p, total) in sum.iter_mut().enumerate() {
            *total += v
                .iter()
                .skip(p)
                .step_by(n)
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
        }
    }
    out
}

/// Whether `e` gives the proposer (first) more than `x` and every other
/// party at least as much. The condition "no member beats it" holds for a
/// row when it holds for any row below it in every party, so the upward
/// merge's pruning keeps it exact.
fn beats_for_proposer(e: &[f64], x: &[f64]) -> bool {
    let tol = |a: f64, b: f64| TOLERANCE * (1.0 + a.abs().max(b.abs()));
    e[0] > x[0] + tol(e[0], x[0])
        && e[1..]
            .iter()
            .zip(&x[1..])
            .all(|(a, b)| *a >= b - tol(*a, *b))
}

/// Per group, per surviving row: (row of the previous layer, choice).
type Backs = Vec<Vec<(u32, u32)>>;

/// Partial packages over the groups merged so far, in package order.
#[derive(Default)]
struct Layer {
    /// Per row, terms shared with each earlier member (row-major).
    keys: Vec<u16>,
    /// Per row, every party's utility, proposer first (row-major).
    vals: Vec<f64>,
}

impl Layer {
    fn row(&self, r: usize, n: usize) -> &[f64] {
        &self.vals[r * n..(r + 1) * n]
    }

    /// The rows no other row beats for every party while sharing no more
    /// terms with any earlier member, in row order; of equal rows, the first.
    fn undominated(
        &self,
        n: usize,
        m: usize,
        keys: bool,
        q: f64,
        meter: &Meter,
    ) -> Result<Vec<usize>, Halt> {
        let rows = self.vals.len() / n;
        let dims = n + if keys { m } else { 0 };
        let mut values = Vec::with_capacity(rows * dims);
        for r in 0..rows {
            values.extend_from_slice(self.row(r, n));
            if keys {
                // Fewer shared terms is better; on the grid of q they stay integers.
                let shared = &self.keys[r * m..(r + 1) * m];
                values.extend(shared.iter().map(|&k| -(k as f64) * q));
            }
        }
        let mut keep: Vec<usize> = filter_flat_until(&values, dims, q, meter)?
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        keep.sort_unstable();
        Ok(keep)
    }

    fn select(&self, rows: &[usize], n: usize, m: usize) -> Layer {
        Layer {
            keys: rows
                .iter()
                .flat_map(|&r| self.keys[r * m..(r + 1) * m].iter().copied())
                .collect(),
            vals: rows
                .iter()
                .flat_map(|&r| self.row(r, n).iter().copied())
                .collect(),
        }
    }

    /// The member among the rows: of those reaching every floor, worth at
    /// most `high` to the proposer and beaten by no earlier member, the
    /// ones farthest from the earlier members, and of those the first with
    /// the largest summed utility of the others, then the proposer's.
    /// Returns the row and its distance (`None` when there are no earlier
    /// members).
    fn best(
        &self,
        reach: &[f64],
        high: f64,
        earlier: &[Member],
        terms: usize,
        q: f64,
    ) -> Option<(usize, Option<usize>)> {
        let (n, m) = (reach.len(), earlier.len());
        let grid = |x: f64| super::pareto::grid(x, q);
        let mut chosen: Option<(usize, (usize, i64, i64), usize)> = None;
        for r in 0..self.vals.len() / n {
            let vals = self.row(r, n);
            if vals[0] > high
                || vals.iter().zip(reach).any(|(v, f)| v < f)
                || earlier.iter().any(|e| beats_for_proposer(&e.values, vals))
            {
                continue;
            }
            let most = self.keys[r * m..(r + 1) * m]
                .iter()
                .max()
                .copied()
                .unwrap_or(0);
            let distance = terms - most as usize;
            let rank = (distance, grid(vals[1..].iter().sum()), grid(vals[0]));
            if chosen.is_none_or(|(_, best, _)| rank > best) {
                chosen = Some((r, rank, distance));
            }
        }
        chosen.map(|(r, _, d)| (r, (m > 0).then_some(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checked;

    /// Hand-worked: a seller proposes three packages worth 50 to itself.
    #[test]
    fn three_offers_on_a_small_sheet() {
        let s = checked(
            "party seller { batna 0 }\nparty buyer { batna 0 }\n\
             issue price : high | mid | low\nissue delivery : fast | normal | slow\n\
             prefs seller {\n weight price 50%, delivery 50%\n\
             price = { high: 100, mid: 50, low: 0 }\n delivery = { fast: 0, normal: 50, slow: 100 }\n}\n\
             prefs buyer {\n weight price 80%, delivery 20%\n\
             price = { high: 0, mid: 50, low: 100 }\n delivery = { fast: 100, normal: 50, slow: 0 }\n}\n",
        );
        let set = meso(&s, 0, 3, 50.0, &Cancel::never()).unwrap();
        // Packages worth exactly 50 to the seller: (high, fast), (mid, normal),
        // (low, slow). τ = 2% of 100 = 2, so nothing else is in reach; the
        // buyer values them 20, 50, 80, and they differ on both terms.
        assert_eq!(set.distance(), Some(2));
        assert_eq!(set.tolerance, 2.0);
        let got: Vec<(Package, f64)> = set
            .members
            .iter()
            .map(|m| (m.package.clone(), m.others))
            .collect();
        assert_eq!(
            got,
            vec![(vec![2, 2], 80.0), (vec![1, 1], 50.0), (vec![0, 0], 20.0)]
        );
        assert!(set.members.iter().all(|m| m.own() == 50.0));
    }

    /// Regression (issue 19): with three parties the others' *sum* decided
    /// whether the band held an offer, so the riverside council's MESO at
    /// its Nash level came back empty (a package worth 92.5 to the council
    /// has a larger sum, though not for each party). The Nash package is
    /// efficient and in the band, so it is the first member.
    #[test]
    fn three_parties_find_offers_in_the_band() {
        let s = checked(include_str!("../../examples/riverside.neg"));
        let set = meso(&s, 0, 3, 84.5, &Cancel::never()).unwrap();
        assert_eq!(set.members.len(), 3, "{:?}", set.shortfall);
        assert_eq!(set.members[0].values, vec![84.5, 55.0, 60.0]);
        for m in &set.members {
            assert!((m.own() - 84.5).abs() <= set.tolerance, "{m:?}");
        }
        for (i, a) in set.members.iter().enumerate() {
            for b in &set.members[i + 1..] {
                assert!(
                    !beats_for_proposer(&a.values, &b.values),
                    "{a:?} beats {b:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;
    use crate::analysis::checked;
    use std::fmt::Write;

    /// Regression (issue 19): the budget used to count partial packages
    /// only, not the Pareto filter's comparisons (quadratic in them), so
    /// five offers over 20 issues of 10 options ran for tens of seconds
    /// within "budget". Counting every comparison stops it in seconds.
    #[test]
    fn the_budget_counts_the_pareto_filter() {
        let mut text = String::from("party p0 { batna 0 }\nparty p1 { batna 0 }\n");
        let mut x: u64 = 42;
        let mut below = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for i in 0..20 {
            let _ = writeln!(
                text,
                "issue i{i} : o0 | o1 | o2 | o3 | o4 | o5 | o6 | o7 | o8 | o9"
            );
        }
        for p in 0..2 {
            let _ = writeln!(text, "prefs p{p} {{");
            for i in 0..20 {
                let e: Vec<String> = (0..10).map(|o| format!("o{o}: {}", below(101))).collect();
                let _ = writeln!(
                    text,
                    "  weight i{i} {}\n  i{i} = {{ {} }}",
                    1 + below(10),
                    e.join(", ")
                );
            }
            text.push_str("}\n");
        }
        let s = checked(&text);
        let space = Space::build(&s).unwrap();
        let points = crate::analysis::frontier::frontier(&space, s.slots.len());
        let nash = crate::analysis::bargaining::nash(&points, &[0.0, 0.0]).unwrap();
        let got = meso(&s, 0, 6, points[nash].values[0], &Cancel::never());
        assert_eq!(got.err(), Some(MesoError::TooLarge));
    }
}
