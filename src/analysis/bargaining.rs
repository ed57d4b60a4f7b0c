//! Bargaining points and the zone of agreement, read off the frontier.
//!
//! All of them lie on the Pareto frontier: a dominated package gives every
//! party at most what some frontier package gives, so searching the frontier
//! is exact. The negotiation set is the packages that give every party at
//! least its BATNA (cared-for utility, within the tolerance).

use super::frontier::Point;
use super::TOLERANCE;

/// Whether a point gives every party at least its BATNA.
pub fn acceptable(point: &Point, batnas: &[f64]) -> bool {
    point
        .values
        .iter()
        .zip(batnas)
        .all(|(u, b)| *u >= b - TOLERANCE * (1.0 + b.abs().max(u.abs())))
}

/// Index of the first point with the largest `score` among those `keep` allows.
fn best_by(
    points: &[Point],
    keep: impl Fn(&Point) -> bool,
    score: impl Fn(&Point) -> f64,
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, p) in points.iter().enumerate().filter(|(_, p)| keep(p)) {
        let s = score(p);
        if best.is_none_or(|(_, b)| s > b + TOLERANCE * (1.0 + b.abs())) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

fn gains<'a>(p: &'a Point, batnas: &'a [f64]) -> impl Iterator<Item = f64> + 'a {
    p.values.iter().zip(batnas).map(|(u, b)| (u - b).max(0.0))
}

/// The Nash bargaining package: the largest product of gains over BATNAs.
pub fn nash(points: &[Point], batnas: &[f64]) -> Option<usize> {
    best_by(
        points,
        |p| acceptable(p, batnas),
        |p| gains(p, batnas).product(),
    )
}

/// The largest joint utility within the negotiation set.
pub fn welfare(points: &[Point], batnas: &[f64]) -> Option<usize> {
    best_by(points, |p| acceptable(p, batnas), |p| p.values.iter().sum())
}

/// The largest joint utility of all, alternatives ignored.
pub fn welfare_unrestricted(points: &[Point]) -> Option<usize> {
    best_by(points, |_| true, |p| p.values.iter().sum())
}

/// Each party's largest gain over its BATNA within the negotiation set.
pub fn ideal_gains(points: &[Point], batnas: &[f64]) -> Vec<f64> {
    let mut ideal = vec![0.0f64; batnas.len()];
    for p in points.iter().filter(|p| acceptable(p, batnas)) {
        for (m, g) in ideal.iter_mut().zip(gains(p, batnas)) {
            *m = m.max(g);
        }
    }
    ideal
}

/// Kalai–Smorodinsky: the largest smallest gain relative to each party's
/// ideal gain; ties go to the larger joint gain, then to the first point.
pub fn kalai(points: &[Point], batnas: &[f64]) -> Option<usize> {
    let ideal = ideal_gains(points, batnas);
    let ratio = |p: &Point| {
        gains(p, batnas)
            .zip(&ideal)
            .map(|(g, m)| if *m > 0.0 { g / m } else { 1.0 })
            .fold(f64::INFINITY, f64::min)
    };
    let top = points
        .iter()
        .filter(|p| acceptable(p, batnas))
        .map(ratio)
        .fold(f64::NEG_INFINITY, f64::max);
    best_by(
        points,
        |p| acceptable(p, batnas) && ratio(p) >= top - TOLERANCE,
        |p| p.values.iter().sum(),
    )
}
