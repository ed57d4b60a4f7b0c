//! Analyses of the deal space: the exact Pareto frontier and the bargaining
//! points on it, computed from the compiled score sheets without enumerating
//! the product space.

pub mod bargaining;
pub mod beliefs;
pub mod budget;
pub mod classify;
pub mod frontier;
pub mod improve;
pub mod meso;
pub mod pareto;
pub mod robust;
pub mod sample;
pub mod settle;
pub mod simulate;
pub mod space;
pub mod tradeoffs;

/// Relative tolerance under which two utilities are the same number: vectors
/// that differ by less (floating-point noise) are one point everywhere.
pub const TOLERANCE: f64 = 1e-9;

/// Relative size of the floating-point noise in a computed score (a sum of
/// utilities, a log-product of gains): two scores closer than this are a tie,
/// broken by order, and any larger difference decides. It is far tighter
/// than [`TOLERANCE`] because scores of distinct frontier points can differ
/// by much less than the points do: on a fine symmetric grid the Nash
/// products next to the middle differ in the tenth digit, and the larger one
/// must win.
pub const SCORE_NOISE: f64 = 1e-13;

/// Whether `score` beats `best` by more than noise.
pub fn beats(score: f64, best: f64) -> bool {
    if !best.is_finite() {
        // A zero gain's log-product is −∞: any real score beats it.
        return score > best;
    }
    score > best + SCORE_NOISE * (1.0 + best.abs())
}

/// A checked scenario from text, for the analyses' unit tests.
#[cfg(test)]
pub(crate) fn checked(text: &str) -> crate::model::Scenario {
    let mut sources = crate::diagnostics::Sources::default();
    crate::check::roots::load_text(&mut sources, "t.neg", text)
        .expect("checks")
        .scenario
}
