//! The robust front: for each acceptance level some package reaches, the
//! best package for us, exactly, without enumerating packages.
//!
//! A package's acceptance is the probability that every uncertain party
//! reaches its BATNA: with `A` the hypotheses under which the package
//! reaches it, `acc(A) = Π_q Σ_{h ∈ A, h about q} p_h` (the uncertain
//! parties independent). It takes finitely many values, one per set `A`, so
//! the front is a staircase over the sets: for each set, in decreasing
//! order of `acc`, the best package for us that reaches the BATNA under
//! every hypothesis of the set, kept when it is better for us than the best
//! at every higher level. Finding it is a multiple-choice knapsack with one
//! constraint per hypothesis of the set, solved by depth-first branch and
//! bound over the space's groups.
//!
//! Each set's bound comes first: the Lagrangian one,
//! `L(λ) = Σ_g max_c (own_c + Σ_h λ_h u_hc) − Σ_h λ_h b_h`, an upper bound
//! on our utility for every `λ ≥ 0` (any package reaching every BATNA has
//! `Σ_h λ_h (u_h − b_h) ≥ 0`), with `λ` improved by subgradient steps (a
//! few for every set of a level, more before a set is searched). Within a
//! level the sets are then searched in decreasing bound, each only to beat
//! the best found so far at this or a higher level: what the most promising
//! set finds usually lies above the other sets' bounds, which settles them
//! unsearched (a bound below the bar proves that the set has nothing
//! better).
//!
//! The search decides the groups whose choices differ most in the bound's
//! score first, each group's choices in decreasing score. A partial package
//! is dropped when it cannot reach some BATNA of the set even with the best
//! remaining choices, when our best remaining choices cannot beat the bar,
//! or when its Lagrangian bound (with the set's `λ`) cannot; as the choices
//! come in decreasing score, the first whose bound fails ends its group.
//! Every drop is of packages that provably cannot beat the bar, so the
//! search is exact whatever the bound's quality. It aims first just below
//! the bound and doubles the distance until something is found or the aim
//! reaches the bar: a failed aim proves that nothing above it exists, and a
//! high aim prunes nearly everything. The work is metered, and a search past
//! its budget stops with [`Halt::OverBudget`] rather than guess.
//!
//! Packages that tie for us at a level are told apart in the uncertain
//! parties' favour: the point reported is one that maximises `Σ_h p_h u_h`
//! among them ([`kindest`], the same search with that sum as objective and
//! our utility as one more constraint).

use super::budget::{Halt, Meter};

/// The most work one `robust` may do (nodes of the search, units of the
/// bound's preparation): a few seconds.
pub const MAX_WORK: u64 = 300_000_000;

/// The most hypotheses, over every uncertain party, `robust` weighs: each
/// set of them is a level to search.
pub const MAX_HYPOTHESES: usize = 16;

/// One hypothesis as `robust` sees it.
#[derive(Debug, Clone)]
pub struct Hyp {
    /// Which uncertain party it is about (an index among them).
    pub party: usize,
    /// Its probability.
    pub probability: f64,
    /// The party's BATNA under it.
    pub batna: f64,
}

/// One point of the front.
#[derive(Debug, Clone)]
pub struct RobustPoint {
    /// The choice of each group.
    pub choices: Vec<usize>,
    /// Our utility.
    pub utility: f64,
    /// Per hypothesis: whether the package reaches its BATNA.
    pub accepted: Vec<bool>,
    /// The probability that every uncertain party accepts.
    pub acceptance: f64,
}

fn slack(x: f64) -> f64 {
    super::TOLERANCE * (1.0 + x.abs())
}

/// The acceptance of a package accepted under the hypotheses in `accepted`.
pub fn acceptance(hyps: &[Hyp], accepted: &[bool]) -> f64 {
    let parties = hyps.iter().map(|h| h.party + 1).max().unwrap_or(0);
    (0..parties)
        .map(|q| {
            hyps.iter()
                .zip(accepted)
                .filter(|(h, a)| h.party == q && **a)
                .map(|(h, _)| h.probability)
                .sum::<f64>()
        })
        .product::<f64>()
        // An empty sum is −0 in Rust; acceptances are compared with `total_cmp`.
        + 0.0
}

/// The robust front, highest acceptance first. `groups[g][c]` is choice
/// `c` of group `g`: our utility from it, then each hypothesis's. Only
/// packages worth at least `floor` to us count.
pub fn robust_front(
    groups: &[Vec<Vec<f64>>],
    hyps: &[Hyp],
    floor: f64,
    meter: &Meter,
) -> Result<Vec<RobustPoint>, Halt> {
    let m = hyps.len();
    assert!(m <= MAX_HYPOTHESES, "the caller caps the hypotheses");
    // Every set of hypotheses worth a level: a hypothesis of probability 0
    // adds a constraint and no acceptance.
    let mut sets: Vec<(u32, f64)> = (0u32..1 << m)
        .filter(|set| (0..m).all(|h| set & (1 << h) == 0 || hyps[h].probability > 0.0))
        .map(|set| {
            let accepted: Vec<bool> = (0..m).map(|h| set & (1 << h) != 0).collect();
            (set, acceptance(hyps, &accepted))
        })
        .collect();
    sets.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.count_ones().cmp(&b.0.count_ones())));
    let search = Search::new(groups, hyps);
    let top = search.best_own[0];
    let ties = Meter::new(meter.cancel(), TIE_WORK);
    let mut front: Vec<RobustPoint> = vec![];
    let mut k = 0;
    while k < sets.len() {
        // One level: every set with (about) the same acceptance.
        let level = sets[k].1;
        let mut end = k;
        while end < sets.len() && (sets[end].1 - level).abs() <= slack(level) {
            end += 1;
        }
        let mut need = front
            .last()
            .map_or(floor - slack(floor), |p| p.utility + slack(p.utility));
        // Every set's bound first, then the most promising set first: what
        // it finds raises the bar for the others, often above their bounds.
        let mut tasks = vec![];
        for &(set, _) in &sets[k..end] {
            if let Some(task) = search.prepare(set, need, meter)? {
                tasks.push(task);
            }
        }
        tasks.sort_by(|a, b| b.bound.total_cmp(&a.bound));
        let mut best: Option<Vec<usize>> = None;
        for task in &tasks {
            if task.bound < need - slack(need) {
                continue;
            }
            if let Some((choices, own)) = search.best(task, need, meter)? {
                need = own + slack(own);
                best = Some(choices);
            }
        }
        if let Some(choices) = best {
            let choices = kindest(groups, hyps, choices, &ties)?;
            let sums = search.sums(&choices);
            let accepted: Vec<bool> = (0..m).map(|h| crate::eval::reaches(sums[h + 1], hyps[h].batna)).collect();
            front.push(RobustPoint {
                utility: sums[0],
                acceptance: acceptance(hyps, &accepted),
                accepted,
                choices,
            });
        }
        // Nothing can beat the best package for us overall.
        if front.last().is_some_and(|p| p.utility + slack(p.utility) >= top) {
            break;
        }
        k = end;
    }
    Ok(front)
}

/// Each of the `width` dimensions' total for one choice per group.
fn totals(groups: &[Vec<Vec<f64>>], choices: &[usize], width: usize) -> Vec<f64> {
    let mut sums = vec![0.0; width];
    for (g, &c) in choices.iter().enumerate() {
        for (s, v) in sums.iter_mut().zip(&groups[g][c]) {
            *s += v;
        }
    }
    sums
}

/// The work all tie-breaks of one front may do (see [`kindest`]); past it,
/// a level keeps the package its search found.
const TIE_WORK: u64 = MAX_WORK / 10;

/// Among the packages worth as much to us as `choices` that reach every
/// BATNA that `choices` reaches, one best for the uncertain parties in
/// expectation (`Σ_h p_h u_h`): a tie for us is settled in their favour, as
/// a teacher would settle it (the same to us with a referral the dealer
/// values beats plain cash). The same search answers it, with that sum as
/// the objective and our utility as one more constraint. Past the tie
/// budget, `choices` as they are: they are as good for us.
fn kindest(groups: &[Vec<Vec<f64>>], hyps: &[Hyp], choices: Vec<usize>, ties: &Meter) -> Result<Vec<usize>, Halt> {
    let sums = totals(groups, &choices, hyps.len() + 1);
    let members: Vec<usize> = (0..hyps.len()).filter(|&h| crate::eval::reaches(sums[h + 1], hyps[h].batna)).collect();
    let kind = |c: &[f64]| hyps.iter().enumerate().map(|(h, x)| x.probability * c[h + 1]).sum::<f64>();
    let regrouped: Vec<Vec<Vec<f64>>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|c| {
                    let mut row = vec![kind(c), c[0]];
                    row.extend(members.iter().map(|&h| c[h + 1]));
                    row
                })
                .collect()
        })
        .collect();
    let mut constraints = vec![Hyp { party: 0, probability: 1.0, batna: sums[0] }];
    constraints.extend(members.iter().enumerate().map(|(j, &h)| Hyp { party: j + 1, probability: 1.0, batna: hyps[h].batna }));
    let inner = Search::new(&regrouped, &constraints);
    let now = inner.sums(&choices)[0];
    let set = (1u32 << constraints.len()) - 1;
    let found = match inner.prepare(set, now, ties) {
        Ok(Some(task)) => inner.best(&task, now, ties),
        Ok(None) => Ok(None),
        Err(halt) => Err(halt),
    };
    match found {
        Ok(Some((better, _))) => Ok(better),
        Ok(None) | Err(Halt::OverBudget) => Ok(choices),
        Err(Halt::Cancelled) => Err(Halt::Cancelled),
    }
}

/// Subgradient steps for a set's multipliers: a few to rank the sets of a
/// level, then more, from there, for a set about to be searched.
const RANK_STEPS: usize = 40;
const SEARCH_STEPS: usize = 200;

/// One set of hypotheses to search: its constraints and root multipliers.
struct Task {
    members: Vec<usize>,
    /// Each member's BATNA less the tolerance.
    floors: Vec<f64>,
    lambda: Vec<f64>,
    /// The Lagrangian bound on our utility under the set.
    bound: f64,
}

/// The data of the searches, shared by every set.
struct Search<'a> {
    groups: &'a [Vec<Vec<f64>>],
    hyps: &'a [Hyp],
    /// Per group index k: the most our utility can gain from groups k…
    best_own: Vec<f64>,
    /// Per hypothesis, per k: the most its utility can gain from groups k…
    best_hyp: Vec<Vec<f64>>,
}

impl<'a> Search<'a> {
    fn new(groups: &'a [Vec<Vec<f64>>], hyps: &'a [Hyp]) -> Self {
        let suffix = |d: usize| -> Vec<f64> {
            let mut out = vec![0.0; groups.len() + 1];
            for g in (0..groups.len()).rev() {
                let best = groups[g].iter().map(|c| c[d]).fold(f64::NEG_INFINITY, f64::max);
                out[g] = out[g + 1] + best;
            }
            out
        };
        Search {
            groups,
            hyps,
            best_own: suffix(0),
            best_hyp: (0..hyps.len()).map(|h| suffix(h + 1)).collect(),
        }
    }

    /// Every dimension's total for one choice per group.
    fn sums(&self, choices: &[usize]) -> Vec<f64> {
        totals(self.groups, choices, self.hyps.len() + 1)
    }

    /// Multipliers for the Lagrangian bound over the groups `rest`, and the
    /// bound they give: subgradient steps from `start` on `L(λ) = Σ_g max_c
    /// (own_c + Σ_h λ_h u_hc) − Σ_h λ_h b_h` (an upper bound on our utility
    /// from `rest` for every `λ ≥ 0`), with Polyak's step towards `need`,
    /// stopping once the bound is below it (the subproblem is then settled)
    /// or after `steps` steps.
    #[allow(clippy::too_many_arguments)]
    fn multipliers(
        &self,
        rest: &[usize],
        members: &[usize],
        floors: &[f64],
        need: f64,
        start: &[f64],
        steps: usize,
        meter: &Meter,
    ) -> Result<(Vec<f64>, f64), Halt> {
        let cost: u64 = rest.iter().map(|&g| self.groups[g].len() as u64).sum::<u64>() * (members.len() as u64 + 1);
        let dual = |lambda: &[f64]| -> Result<(f64, Vec<f64>), Halt> {
            meter.spend(cost.max(1))?;
            let mut value = 0.0;
            let mut grad: Vec<f64> = floors.iter().map(|b| -b).collect();
            for &g in rest {
                let group = &self.groups[g];
                let score = |c: &Vec<f64>| c[0] + members.iter().zip(lambda).map(|(&h, l)| l * c[h + 1]).sum::<f64>();
                let (best, choice) = group
                    .iter()
                    .map(|c| (score(c), c))
                    .fold((f64::NEG_INFINITY, &group[0]), |a, b| if b.0 > a.0 { b } else { a });
                value += best;
                for (g, &h) in grad.iter_mut().zip(members) {
                    *g += choice[h + 1];
                }
            }
            let value = value - floors.iter().zip(lambda).map(|(b, l)| l * b).sum::<f64>();
            Ok((value, grad))
        };
        let mut lambda = start.to_vec();
        let (mut best_value, mut grad) = dual(&lambda)?;
        let mut value = best_value;
        let mut best = lambda.clone();
        if members.is_empty() {
            return Ok((best, best_value));
        }
        let target = need - slack(need) - 1e-6 * (1.0 + need.abs());
        let mut theta = 1.0;
        let mut stale = 0;
        for _ in 0..steps {
            if best_value < need - slack(need) || theta < 1e-6 {
                break;
            }
            let norm2 = grad.iter().map(|g| g * g).sum::<f64>();
            if norm2 == 0.0 {
                break;
            }
            // Minimising L: step against the gradient, aiming just below
            // `need`; stay at λ ≥ 0.
            let step = theta * (value - target).max(0.0) / norm2;
            for (l, g) in lambda.iter_mut().zip(&grad) {
                *l = (*l - step * g).max(0.0);
            }
            (value, grad) = dual(&lambda)?;
            if value < best_value {
                best_value = value;
                best.clone_from(&lambda);
                stale = 0;
            } else {
                stale += 1;
                if stale >= 8 {
                    theta /= 2.0;
                    stale = 0;
                }
            }
        }
        Ok((best, best_value))
    }

    /// The set's constraints and root multipliers, or `None` when nothing
    /// worth `need` can reach every BATNA of it.
    fn prepare(&self, set: u32, need: f64, meter: &Meter) -> Result<Option<Task>, Halt> {
        if self.best_own[0] < need {
            return Ok(None);
        }
        let members: Vec<usize> = (0..self.hyps.len()).filter(|h| set & (1 << h) != 0).collect();
        let floors: Vec<f64> = members.iter().map(|&h| self.hyps[h].batna - slack(self.hyps[h].batna)).collect();
        if members.iter().zip(&floors).any(|(&h, b)| self.best_hyp[h][0] < *b) {
            return Ok(None);
        }
        let all: Vec<usize> = (0..self.groups.len()).collect();
        let zero = vec![0.0; members.len()];
        let (lambda, bound) = self.multipliers(&all, &members, &floors, need, &zero, RANK_STEPS, meter)?;
        if bound < need - slack(need) {
            return Ok(None);
        }
        Ok(Some(Task { members, floors, lambda, bound }))
    }

    /// The best package for us worth at least `need` that reaches the BATNA
    /// under every hypothesis of the task's set, or `None`.
    fn best(&self, task: &Task, need: f64, meter: &Meter) -> Result<Option<(Vec<usize>, f64)>, Halt> {
        let members = &task.members[..];
        let n = self.groups.len();
        let all: Vec<usize> = (0..n).collect();
        let (lambda, bound) = self.multipliers(&all, members, &task.floors, need, &task.lambda, SEARCH_STEPS, meter)?;
        if bound < need - slack(need) {
            return Ok(None);
        }
        let lambda = &lambda[..];
        let size: u64 = self.groups.iter().map(|g| g.len() as u64).sum();
        meter.spend(size * (members.len() as u64 + 1) * (n as u64 + 4))?;
        let score = |c: &Vec<f64>| c[0] + members.iter().zip(lambda).map(|(&h, l)| l * c[h + 1]).sum::<f64>();
        // The groups whose choices differ most in the bound's score first:
        // deciding them early tightens the bound soonest.
        let spread = |g: &Vec<Vec<f64>>| {
            let scores = g.iter().map(&score);
            scores.clone().fold(f64::NEG_INFINITY, f64::max) - scores.fold(f64::INFINITY, f64::min)
        };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| spread(&self.groups[b]).total_cmp(&spread(&self.groups[a])).then(a.cmp(&b)));
        // Each group's choices, best first for the bound's score, as rows:
        // our utility, the members', the score.
        let width = members.len() + 2;
        let mut choices: Vec<Vec<usize>> = vec![];
        let mut rows: Vec<Vec<f64>> = vec![];
        for &g in &order {
            let group = &self.groups[g];
            let mut ids: Vec<usize> = (0..group.len()).collect();
            ids.sort_by(|&a, &b| score(&group[b]).total_cmp(&score(&group[a])).then(a.cmp(&b)));
            let mut row = Vec::with_capacity(ids.len() * width);
            for &c in &ids {
                row.push(group[c][0]);
                row.extend(members.iter().map(|&h| group[c][h + 1]));
                row.push(score(&group[c]));
            }
            choices.push(ids);
            rows.push(row);
        }
        // Per k: the most our utility, each member's, and the score can
        // gain from the groups k….
        let mut most = vec![0.0; (n + 1) * width];
        for k in (0..n).rev() {
            for d in 0..width {
                let best = rows[k].iter().skip(d).step_by(width).fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                most[k * width + d] = most[(k + 1) * width + d] + best;
            }
        }
        let data = Data { order: &order, choices: &choices, rows: &rows, most: &most };
        // Aim high first: a search that must beat a level close to the
        // bound prunes nearly everything, and when it finds nothing, that
        // is proved too; then lower the aim until it reaches `need`.
        let range = self.best_own[0] - self.groups.iter().map(|g| g.iter().map(|c| c[0]).fold(f64::INFINITY, f64::min)).sum::<f64>();
        let mut gap = 1e-3 * range.max(1e-9);
        loop {
            let aim = need.max(bound - gap);
            let found = dfs(&task.floors, lambda, &data, aim, meter)?;
            if found.is_some() || aim <= need {
                return Ok(found);
            }
            gap *= 2.0;
        }
    }
}

/// What the depth-first search of one set reads (see [`Search::best`]).
struct Data<'d> {
    order: &'d [usize],
    choices: &'d [Vec<usize>],
    rows: &'d [Vec<f64>],
    most: &'d [f64],
}

/// The best package worth at least `need` under the task's set, by
/// depth-first search over the groups in order.
fn dfs(floors: &[f64], lambda: &[f64], data: &Data, need: f64, meter: &Meter) -> Result<Option<(Vec<usize>, f64)>, Halt> {
    let m = floors.len();
    let width = m + 2;
    let n = data.order.len();
    // With the floors (BATNAs less the tolerance), the bound holds for
    // every package that passes the final check.
    let offset: f64 = floors.iter().zip(lambda).map(|(b, l)| l * b).sum();
    // sums[k]: our utility, the members', the score, over groups before k.
    let mut sums = vec![0.0; (n + 1) * width];
    let mut pick = vec![0usize; n + 1];
    let mut need = need;
    let mut found: Option<(Vec<usize>, f64)> = None;
    let mut k = 0usize;
    let mut work = 0u64;
    loop {
        if k == n || pick[k] >= data.choices[k].len() {
            if k == n && sums[n * width] >= need {
                let own = sums[n * width];
                need = own + slack(own);
                let mut choices = vec![0; n];
                for (k, &g) in data.order.iter().enumerate() {
                    choices[g] = data.choices[k][pick[k]];
                }
                found = Some((choices, own));
            }
            // Back to the previous group's next choice.
            if k == 0 {
                meter.spend(work)?;
                return Ok(found);
            }
            k -= 1;
            pick[k] += 1;
            continue;
        }
        work += 1;
        if work >= 4096 {
            meter.spend(work)?;
            work = 0;
        }
        let row = &data.rows[k][pick[k] * width..(pick[k] + 1) * width];
        let most = &data.most[(k + 1) * width..(k + 2) * width];
        let (before, after) = sums.split_at_mut((k + 1) * width);
        let here = &before[k * width..];
        let next = &mut after[..width];
        next[m + 1] = here[m + 1] + row[m + 1];
        if next[m + 1] + most[m + 1] - offset < need - slack(need) {
            // The choices are in decreasing score: none after this one
            // passes the Lagrangian bound either.
            pick[k] = data.choices[k].len();
            continue;
        }
        let mut viable = true;
        for j in 0..=m {
            next[j] = here[j] + row[j];
            viable &= j == 0 || next[j] + most[j] >= floors[j - 1];
        }
        viable &= next[0] + most[0] >= need;
        if viable {
            k += 1;
            pick[k] = 0;
        } else {
            pick[k] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cancel::Cancel;

    fn run(groups: &[Vec<Vec<f64>>], hyps: &[Hyp], floor: f64) -> Vec<RobustPoint> {
        let cancel = Cancel::never();
        let meter = Meter::new(&cancel, MAX_WORK);
        robust_front(groups, hyps, floor, &meter).unwrap()
    }

    /// Two issues, one hypothesis-pair about one party. Issue 1: options
    /// (us, h1, h2) = a (10, 0, 0), b (0, 10, 0); issue 2: c (10, 0, 0),
    /// d (0, 0, 10). BATNAs 10 under both; p(h1) = 0.3, p(h2) = 0.7.
    /// Packages: ac (20; accepted by none: 0), ad (10; h2: 0.7), bc (10;
    /// h1: 0.3), bd (0; both: 1). Front: bd (0, 1), ad (10, 0.7), ac (20, 0).
    #[test]
    fn a_small_front_by_hand() {
        let groups = vec![
            vec![vec![10.0, 0.0, 0.0], vec![0.0, 10.0, 0.0]],
            vec![vec![10.0, 0.0, 0.0], vec![0.0, 0.0, 10.0]],
        ];
        let hyps = vec![
            Hyp { party: 0, probability: 0.3, batna: 10.0 },
            Hyp { party: 0, probability: 0.7, batna: 10.0 },
        ];
        let front = run(&groups, &hyps, 0.0);
        let got: Vec<(Vec<usize>, f64, f64)> =
            front.iter().map(|p| (p.choices.clone(), p.utility, p.acceptance)).collect();
        assert_eq!(
            got,
            vec![(vec![1, 1], 0.0, 1.0), (vec![0, 1], 10.0, 0.7), (vec![0, 0], 20.0, 0.0)]
        );
        // With our own floor at 5 the package worth 0 to us is out.
        let front = run(&groups, &hyps, 5.0);
        assert_eq!(front.iter().map(|p| p.utility).collect::<Vec<_>>(), vec![10.0, 20.0]);
    }

    /// Brute force on random small problems: every package's (utility,
    /// acceptance), the staircase of `beliefs::robust_front`, compared by
    /// value (packages may tie). Up to `groups` groups of up to `choices`
    /// choices, `hyps` hypotheses over one or two parties; utilities from
    /// `-low` to `10 - low`; with `even`, every hypothesis of a party equally
    /// likely (levels of many sets each, and ties).
    fn against_brute_force(mut seed: u64, rounds: usize, (groups, choices, hyps): (u64, u64, u64), low: f64, even: bool) {
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for round in 0..rounds {
            let groups_n = 1 + next(groups) as usize;
            let m = 1 + next(hyps) as usize;
            let parties = 1 + next(2) as usize;
            let groups: Vec<Vec<Vec<f64>>> = (0..groups_n)
                .map(|_| {
                    (0..1 + next(choices))
                        .map(|_| (0..=m).map(|_| next(11) as f64 - low).collect())
                        .collect()
                })
                .collect();
            let raw: Vec<f64> = (0..m).map(|_| if even { 1.0 } else { 1.0 + next(4) as f64 }).collect();
            let hyps: Vec<Hyp> = (0..m)
                .map(|h| {
                    let party = h % parties;
                    let total: f64 = (0..m).filter(|j| j % parties == party).map(|j| raw[j]).sum();
                    Hyp { party, probability: raw[h] / total, batna: next(20) as f64 - low * groups_n as f64 / 2.0 }
                })
                .collect();
            let floor = next(10) as f64 - low * groups_n as f64 / 2.0;
            // Brute force.
            let mut candidates = vec![];
            let mut pick = vec![0usize; groups_n];
            loop {
                let mut sums = vec![0.0; m + 1];
                for (g, &c) in pick.iter().enumerate() {
                    for (s, v) in sums.iter_mut().zip(&groups[g][c]) {
                        *s += v;
                    }
                }
                if sums[0] >= floor {
                    let accepted: Vec<bool> = (0..m).map(|h| sums[h + 1] >= hyps[h].batna).collect();
                    candidates.push((sums[0], acceptance(&hyps, &accepted)));
                }
                let mut g = 0;
                while g < groups_n {
                    pick[g] += 1;
                    if pick[g] < groups[g].len() {
                        break;
                    }
                    pick[g] = 0;
                    g += 1;
                }
                if g == groups_n {
                    break;
                }
            }
            let expected: Vec<(f64, f64)> = super::super::beliefs::robust_front(&candidates)
                .into_iter()
                .map(|k| candidates[k])
                .collect();
            let got: Vec<(f64, f64)> =
                run(&groups, &hyps, floor).iter().map(|p| (p.utility, p.acceptance)).collect();
            assert_eq!(got.len(), expected.len(), "round {round}: {got:?} vs {expected:?}");
            for (a, b) in got.iter().zip(&expected) {
                assert!((a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9, "round {round}: {got:?} vs {expected:?}");
            }
        }
    }

    #[test]
    fn the_search_equals_brute_force() {
        against_brute_force(3, 300, (5, 4, 4), 0.0, false);
    }

    /// More groups and hypotheses, negative utilities, and equally likely
    /// hypotheses: levels of many sets (searched in decreasing bound, most
    /// settled by another set's find), long searches with many aims.
    #[test]
    fn the_search_equals_brute_force_on_larger_problems() {
        against_brute_force(7, 120, (9, 3, 6), 5.0, true);
        against_brute_force(11, 200, (7, 3, 6), 0.0, true);
        against_brute_force(13, 200, (8, 3, 5), 3.0, false);
    }
}
