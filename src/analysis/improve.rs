//! Post-settlement settlements: the packages that leave every party at least
//! as well off as a given one and someone better off.
//!
//! Every package that dominates the reference is itself dominated by (or is)
//! a frontier point that dominates the reference, so the frontier points that
//! dominate it are exactly the improvements worth proposing.

use super::frontier::Point;
use super::TOLERANCE;

/// Whether `a` gives every party at least `b` and someone more.
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    let mut strictly = false;
    for (x, y) in a.iter().zip(b) {
        let tol = TOLERANCE * (1.0 + x.abs().max(y.abs()));
        if *x < y - tol {
            return false;
        }
        strictly |= *x > y + tol;
    }
    strictly
}

/// The frontier points that dominate `reference`, largest joint gain first
/// (ties in frontier order).
pub fn improvements(points: &[Point], reference: &[f64]) -> Vec<usize> {
    let mut found: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| dominates(&p.values, reference))
        .map(|(i, p)| (i, joint_gain(&p.values, reference)))
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found.into_iter().map(|(i, _)| i).collect()
}

/// The packages that improve on a reference: every frontier point that
/// dominates it, largest joint gain first, and the even-handed one.
#[derive(Debug, Clone, PartialEq)]
pub struct Improvements {
    /// Indices of the frontier points that dominate the reference.
    pub found: Vec<usize>,
    /// Among them, the largest product of gains over the reference.
    pub nash: Option<usize>,
}

/// The improvements on `reference` (cared-for utilities) along the frontier.
pub fn improve(points: &[Point], reference: &[f64]) -> Improvements {
    let found = improvements(points, reference);
    let nash = nash_improvement(points, reference, &found);
    Improvements { found, nash }
}

/// The sum of every party's gain over the reference.
pub fn joint_gain(values: &[f64], reference: &[f64]) -> f64 {
    values.iter().zip(reference).map(|(v, r)| v - r).sum()
}

/// Among the improvements, the one with the largest product of gains over the
/// reference (the Nash bargaining solution with the reference as disagreement point).
pub fn nash_improvement(
    points: &[Point],
    reference: &[f64],
    candidates: &[usize],
) -> Option<usize> {
    // The product as a sum of logarithms, which cannot overflow.
    let log_product = |i: usize| -> f64 {
        points[i]
            .values
            .iter()
            .zip(reference)
            .map(|(v, r)| (v - r).max(0.0).ln())
            .sum()
    };
    // Ties go to the earlier candidate (the larger joint gain).
    let mut best: Option<(usize, f64)> = None;
    for &i in candidates {
        let p = log_product(i);
        if best.is_none_or(|(_, b)| super::beats(p, b)) {
            best = Some((i, p));
        }
    }
    best.map(|(i, _)| i)
}
