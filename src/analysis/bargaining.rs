//! Bargaining points and the zone of agreement, read off the frontier.
//!
//! All of them lie on the Pareto frontier: a dominated package gives every
//! party at most what some frontier package gives, so searching the frontier
//! is exact. The negotiation set is the packages that give every party at
//! least its BATNA (cared-for utility, within the tolerance).

use super::frontier::Point;
use super::{beats, SCORE_NOISE, TOLERANCE};
use crate::model::Bargaining;

/// Index of the frontier point a bargaining solution picks (`None`: no
/// point gives every party its BATNA).
pub fn choose(b: Bargaining, points: &[Point], batnas: &[f64]) -> Option<usize> {
    match b {
        Bargaining::Nash => nash(points, batnas),
        Bargaining::Kalai => kalai(points, batnas),
        Bargaining::Welfare => welfare(points, batnas),
    }
}

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
        if best.is_none_or(|(_, b)| beats(s, b)) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

fn gains<'a>(p: &'a Point, batnas: &'a [f64]) -> impl Iterator<Item = f64> + 'a {
    p.values.iter().zip(batnas).map(|(u, b)| (u - b).max(0.0))
}

/// The Nash bargaining package: the largest product of gains over BATNAs.
/// Products are compared as sums of logarithms, which cannot overflow
/// (gains of 1e200 multiply past f64's range); a zero gain is −∞.
pub fn nash(points: &[Point], batnas: &[f64]) -> Option<usize> {
    best_by(
        points,
        |p| acceptable(p, batnas),
        |p| log_product(p, batnas),
    )
}

/// The logarithm of the product of gains over the BATNAs.
pub fn log_product(p: &Point, batnas: &[f64]) -> f64 {
    gains(p, batnas).map(f64::ln).sum()
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
        |p| acceptable(p, batnas) && ratio(p) >= top - SCORE_NOISE * (1.0 + top.abs()),
        |p| p.values.iter().sum(),
    )
}

/// One party's bargaining power, read off the frontier: what it can get,
/// what the Nash package gives it, and how that moves with its BATNA.
#[derive(Debug, Clone, PartialEq)]
pub struct Power {
    /// The most it gets from a package every party accepts.
    pub best_agreement: Option<f64>,
    /// Its cared-for utility at the Nash package.
    pub at_nash: Option<f64>,
    /// The BATNA shift used below: a tenth of its utility spread over the frontier.
    pub step: f64,
    /// Its utility at the Nash package were its BATNA `step` lower.
    pub nash_if_weaker: Option<f64>,
    /// Its utility at the Nash package were its BATNA `step` higher.
    pub nash_if_stronger: Option<f64>,
}

/// Every party's [`Power`] (figures rounded for reports).
pub fn power(points: &[Point], batnas: &[f64]) -> Vec<Power> {
    let snap = crate::model::snap;
    let nash_value =
        |batnas: &[f64], p: usize| nash(points, batnas).map(|i| snap(points[i].values[p]));
    (0..batnas.len())
        .map(|i| {
            let values = points.iter().map(|pt| pt.values[i]);
            let spread = values.clone().fold(f64::NEG_INFINITY, f64::max)
                - values.fold(f64::INFINITY, f64::min);
            let step = snap(if spread.is_finite() {
                spread / 10.0
            } else {
                0.0
            });
            let shifted = |d: f64| {
                let mut moved = batnas.to_vec();
                moved[i] += d;
                nash_value(&moved, i)
            };
            Power {
                best_agreement: points
                    .iter()
                    .filter(|pt| acceptable(pt, batnas))
                    .map(|pt| pt.values[i])
                    .reduce(f64::max)
                    .map(snap),
                at_nash: nash_value(batnas, i),
                step,
                nash_if_weaker: shifted(-step),
                nash_if_stronger: shifted(step),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{checked, frontier, space::Space};

    /// The frontier of a plan, and its parties' BATNAs.
    fn frontier_of(text: &str) -> (crate::model::Scenario, Vec<Point>, Vec<f64>) {
        let s = checked(text);
        let space = Space::build(&s).expect("space");
        let points = frontier::frontier(&space, s.slots.len());
        let batnas = s.parties.iter().map(|p| p.batna).collect();
        (s, points, batnas)
    }

    /// Mirror-image linear sheets on one issue `0 .. top step 1`, BATNAs 0.
    fn mirror(top: u64, scale: &str) -> String {
        format!(
            "party a {{ batna 0 }}\nparty b {{ batna 0 }}\nissue x : 0 .. {top} step 1\n\
             prefs a {{ x = linear(0 -> 0, {top} -> {scale}) }}\n\
             prefs b {{ x = linear(0 -> {scale}, {top} -> 0) }}\n"
        )
    }

    fn x_of(s: &crate::model::Scenario, p: &Point) -> u32 {
        p.package[s.first_slot[0]]
    }

    #[test]
    fn nash_and_kalai_take_the_exact_middle_of_a_fine_symmetric_grid() {
        // u_a = x/1000, u_b = 100 − x/1000: the product is largest at x = 50000
        // and 50001 gives 2500 − 1e-6, a strictly smaller product.
        let (s, points, batnas) = frontier_of(&mirror(100_000, "100"));
        let n = nash(&points, &batnas).expect("nash");
        assert_eq!(x_of(&s, &points[n]), 50_000);
        let k = kalai(&points, &batnas).expect("kalai");
        assert_eq!(x_of(&s, &points[k]), 50_000);
    }

    #[test]
    fn nash_on_an_even_grid_takes_one_of_the_two_middles() {
        // 0 .. 999999: 499999 and 500000 tie exactly; 500010 (the old answer) does not.
        let (s, points, batnas) = frontier_of(&mirror(999_999, "100"));
        let n = nash(&points, &batnas).expect("nash");
        let x = x_of(&s, &points[n]);
        assert!(x == 499_999 || x == 500_000, "x = {x}");
    }

    #[test]
    fn nash_of_huge_utilities_does_not_overflow() {
        // Gains around 1e200: their product overflows f64, so comparing
        // products picked the first point. With 0 .. 10 the middle, 5, is best.
        let huge = format!("1{}", "0".repeat(200));
        let (s, points, batnas) = frontier_of(&mirror(10, &huge));
        let n = nash(&points, &batnas).expect("nash");
        assert_eq!(x_of(&s, &points[n]), 5);
        let k = kalai(&points, &batnas).expect("kalai");
        assert_eq!(x_of(&s, &points[k]), 5);
    }

    #[test]
    fn a_zero_gain_first_does_not_hide_a_positive_product() {
        let (s, points, batnas) = frontier_of(&mirror(4, "100"));
        // The first acceptable points give one party a zero gain (x = 0 or 4).
        let n = nash(&points, &batnas).expect("nash");
        assert_eq!(x_of(&s, &points[n]), 2);
    }

    #[test]
    fn welfare_prefers_a_strictly_larger_sum_however_close() {
        // b's sheet is a hair steeper: x = 100000 gives the largest sum by
        // 1e-6, far inside the 1e-9 utility tolerance but a real difference.
        let text = "party a { batna 0 }\nparty b { batna 0 }\nissue x : 0 .. 100000 step 1\n\
             prefs a { x = linear(0 -> 100, 100000 -> 0) }\n\
             prefs b { x = linear(0 -> 0, 100000 -> 100.000001) }\n";
        let (s, points, batnas) = frontier_of(text);
        let w = welfare(&points, &batnas).expect("welfare");
        assert_eq!(x_of(&s, &points[w]), 100_000);
    }
}
