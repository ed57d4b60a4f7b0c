//! Evaluation: a party's utility of a package, expressions, and whether a
//! package satisfies the rules.

use crate::model::{Expr, PackageRef, Scenario, UtilityKind};
use crate::syntax::{BinOp, UnOp};

/// Tolerance for `==` on numbers: relative, with an absolute floor at 1.
pub const EQ_TOLERANCE: f64 = 1e-9;

/// Whether two figures are equal up to [`EQ_TOLERANCE`].
pub fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= EQ_TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// Whether a utility reaches a BATNA (equal within rounding counts): the
/// one test of acceptance everywhere.
pub fn reaches(utility: f64, batna: f64) -> bool {
    utility >= batna || approx_eq(utility, batna)
}

/// A party's plain utility: the sum of its score-sheet entries and `extra` terms.
pub fn utility(s: &Scenario, party: usize, package: &[u32]) -> f64 {
    let p = &s.parties[party];
    let additive: f64 = p
        .values
        .iter()
        .zip(package)
        .map(|(table, &opt)| table[opt as usize])
        .sum();
    additive + p.extras.iter().map(|e| e.value(package)).sum::<f64>()
}

/// A party's cared-for utility: plain utility plus its care for the others.
pub fn cared(s: &Scenario, party: usize, package: &[u32]) -> f64 {
    let own = utility(s, party, package);
    s.parties[party]
        .care
        .iter()
        .map(|c| c.amount * utility(s, c.party, package))
        .sum::<f64>()
        + own
}

/// A party's utility as an interval when some of its weights are ranges:
/// (pessimistic, optimistic). Its tables hold each ranged issue at the
/// middle weight `m`, contributing `c = m·S` (S the issue's unweighted,
/// probability-scaled points); the ends take, issue by issue, the weight
/// of the range that gives the fewest or the most points: `min(lo·S, hi·S)`
/// and `max(…)`, i.e. `c·lo/m` and `c·hi/m` ordered. The minimum over the
/// box of weights is a sum of per-issue minima, so this is exact. Without
/// ranges both ends are the utility.
pub fn interval(s: &Scenario, party: usize, package: &[u32]) -> (f64, f64) {
    let u = utility(s, party, package);
    let p = &s.parties[party];
    let (mut low, mut high) = (u, u);
    for (i, range) in p.ranges.iter().enumerate() {
        let Some(r) = range else { continue };
        let middle = p.weights[i];
        if middle == 0.0 {
            continue; // both ends are 0: the issue gives no points
        }
        let c: f64 = s.issue_slots(i).map(|slot| p.values[slot][package[slot] as usize]).sum();
        let (a, b) = (c * (r.low / middle), c * (r.high / middle));
        low += a.min(b) - c;
        high += a.max(b) - c;
    }
    (low, high)
}

/// A party's cared-for utility as an interval: its own, plus each care
/// term's share of the other party's interval (ends swapped for a
/// negative share).
pub fn cared_interval(s: &Scenario, party: usize, package: &[u32]) -> (f64, f64) {
    let (mut low, mut high) = interval(s, party, package);
    for c in &s.parties[party].care {
        let (a, b) = interval(s, c.party, package);
        let (a, b) = (c.amount * a, c.amount * b);
        low += a.min(b);
        high += a.max(b);
    }
    (low, high)
}

/// A party's tables at the pessimistic end of its weight ranges, for
/// searches that need one table per slot: exact when every ranged issue has
/// one slot (the end is chosen per option). A contingent issue's slots share
/// one weight, whose worst end depends on the sum over its outcomes, so it
/// has no such table: `Err(issue)`.
pub fn pessimistic_values(s: &Scenario, party: usize) -> Result<Vec<Vec<f64>>, usize> {
    let p = &s.parties[party];
    let mut values = p.values.clone();
    for (i, range) in p.ranges.iter().enumerate() {
        let Some(r) = range else { continue };
        let middle = p.weights[i];
        if r.low == r.high {
            continue; // a range of zero width is the plain weight
        }
        if s.issues[i].contingent_on.is_some() {
            return Err(i);
        }
        if middle == 0.0 {
            continue;
        }
        for slot in s.issue_slots(i) {
            for v in &mut values[slot] {
                *v = (*v * (r.low / middle)).min(*v * (r.high / middle));
            }
        }
    }
    Ok(values)
}

/// Cared-for utility minus BATNA: what the deal gains over walking away.
pub fn gain(s: &Scenario, party: usize, package: &[u32]) -> f64 {
    cared(s, party, package) - s.parties[party].batna
}

/// Why an expression could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// It names a computed package (`nash`, …) that the environment lacks.
    NoPackage(crate::model::Bargaining),
    /// It reads beliefs (`acceptance`, `belief`), which only the
    /// interpreter knows and substitutes before evaluating.
    Beliefs,
    /// It reads a named simulation that did not run.
    Simulated(usize),
}

/// What an expression can read while it is evaluated.
#[derive(Default, Clone, Copy)]
pub struct Env<'a> {
    /// The package whose issues `Issue(i)` reads.
    pub package: Option<&'a [u32]>,
    /// The value of the one issue a score-sheet expression reads.
    pub own_value: Option<(usize, f64)>,
    /// Per event: the outcome fixed for this evaluation, if any.
    pub fixed: &'a [Option<usize>],
    /// The evaluating party's beliefs, for `when` on events not fixed.
    pub beliefs: Option<&'a [Option<Vec<f64>>]>,
    /// Computed packages (`nash`, `kalai`, `welfare`) an assert may read.
    pub computed: &'a [(crate::model::Bargaining, crate::model::Package)],
}

/// Evaluates a checked expression (booleans as 1.0 / 0.0).
pub fn eval(s: &Scenario, e: &Expr, env: &Env<'_>) -> Result<f64, EvalError> {
    Ok(match e {
        Expr::Num(x) => *x,
        Expr::Issue(i) => issue_value(s, *i, env),
        Expr::IsOption(i, opt) => bool_num(issue_value(s, *i, env) == *opt as f64),
        Expr::Unary(UnOp::Neg, x) => -eval(s, x, env)?,
        Expr::Unary(UnOp::Not, x) => bool_num(eval(s, x, env)? == 0.0),
        Expr::Binary(op, a, b) => binary(s, *op, a, b, env)?,
        Expr::If(c, a, b) => {
            if eval(s, c, env)? != 0.0 {
                eval(s, a, env)?
            } else {
                eval(s, b, env)?
            }
        }
        Expr::When(event, arms) => match env.fixed.get(*event).copied().flatten() {
            Some(o) => eval(s, &arms[o], env)?,
            None => {
                let probs = env
                    .beliefs
                    .and_then(|b| b[*event].as_ref())
                    .expect("checked: a belief exists for every event a sheet uses");
                let mut total = 0.0;
                for (arm, p) in arms.iter().zip(probs) {
                    if *p != 0.0 {
                        total += p * eval(s, arm, env)?;
                    }
                }
                total
            }
        },
        Expr::Utility(kind, party, pkg) => {
            let package = match pkg {
                PackageRef::Offer(o) => &s.offers[*o].package,
                PackageRef::Computed(b) => match env.computed.iter().find(|(n, _)| n == b) {
                    Some((_, p)) => p,
                    None => return Err(EvalError::NoPackage(*b)),
                },
            };
            match kind {
                UtilityKind::Plain => utility(s, *party, package),
                UtilityKind::Cared => cared(s, *party, package),
                UtilityKind::Gain => gain(s, *party, package),
            }
        }
        Expr::Batna(p) => s.parties[*p].batna,
        Expr::Acceptance(..) | Expr::Belief(..) => return Err(EvalError::Beliefs),
        Expr::Simulated(label, _) => return Err(EvalError::Simulated(*label)),
    })
}

fn binary(s: &Scenario, op: BinOp, a: &Expr, b: &Expr, env: &Env<'_>) -> Result<f64, EvalError> {
    let x = eval(s, a, env)?;
    // Short-circuit the logical operators.
    match op {
        BinOp::And if x == 0.0 => return Ok(0.0),
        BinOp::Or if x != 0.0 => return Ok(1.0),
        BinOp::Implies if x == 0.0 => return Ok(1.0),
        _ => {}
    }
    let y = eval(s, b, env)?;
    Ok(match op {
        BinOp::And | BinOp::Or | BinOp::Implies => bool_num(y != 0.0),
        BinOp::Eq => bool_num(approx_eq(x, y)),
        BinOp::Ne => bool_num(!approx_eq(x, y)),
        BinOp::Lt => bool_num(x < y && !approx_eq(x, y)),
        BinOp::Le => bool_num(x <= y || approx_eq(x, y)),
        BinOp::Gt => bool_num(x > y && !approx_eq(x, y)),
        BinOp::Ge => bool_num(x >= y || approx_eq(x, y)),
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
    })
}

fn bool_num(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// The value of issue `i` in the environment: the score-sheet value being
/// tabulated, or the package's option (in the fixed outcome when contingent).
fn issue_value(s: &Scenario, i: usize, env: &Env<'_>) -> f64 {
    if let Some((own, x)) = env.own_value {
        if own == i {
            return x;
        }
    }
    let package = env
        .package
        .expect("checked: issues are read only with a package");
    let issue = &s.issues[i];
    let outcome = issue
        .contingent_on
        .map_or(0, |e| env.fixed.get(e).copied().flatten().unwrap_or(0));
    let slot = s.first_slot[i] + outcome;
    issue.domain.number(package[slot])
}

/// Whether a package satisfies a rule in every combination of the outcomes of
/// the events its contingent issues depend on.
pub fn satisfies(s: &Scenario, rule: usize, package: &[u32]) -> bool {
    let rule = &s.rules[rule];
    let holds = |fixed: &[Option<usize>]| {
        let env = Env {
            package: Some(package),
            fixed,
            ..Env::default()
        };
        eval(s, &rule.expr, &env).map(|v| v != 0.0).unwrap_or(false)
    };
    // The common case, in the hot loops of the feasibility search and the
    // space enumeration: no contingent issue, one evaluation, no allocation.
    if rule.events.is_empty() {
        return holds(&[]);
    }
    let mut fixed = vec![None; s.events.len()];
    for_each_outcome_combination(s, &rule.events, &mut fixed, &mut |fixed| holds(fixed))
}

/// Calls `f` for each combination of outcomes of `events`; stops and returns
/// false as soon as `f` does.
fn for_each_outcome_combination(
    s: &Scenario,
    events: &[usize],
    fixed: &mut Vec<Option<usize>>,
    f: &mut dyn FnMut(&[Option<usize>]) -> bool,
) -> bool {
    let Some((&first, rest)) = events.split_first() else {
        return f(fixed);
    };
    for o in 0..s.events[first].outcomes.len() {
        fixed[first] = Some(o);
        if !for_each_outcome_combination(s, rest, fixed, f) {
            fixed[first] = None;
            return false;
        }
    }
    fixed[first] = None;
    true
}

/// The rules a package breaks.
pub fn broken_rules(s: &Scenario, package: &[u32]) -> Vec<usize> {
    (0..s.rules.len())
        .filter(|&r| !satisfies(s, r, package))
        .collect()
}
