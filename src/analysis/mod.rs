//! Analyses of the deal space: the exact Pareto frontier and the bargaining
//! points on it, computed from the compiled score sheets without enumerating
//! the product space.

pub mod bargaining;
pub mod budget;
pub mod cancel;
pub mod classify;
pub mod frontier;
pub mod improve;
pub mod meso;
pub mod pareto;
pub mod sample;
pub mod settle;
pub mod space;
pub mod tradeoffs;

/// Relative tolerance under which two utilities are the same number: vectors
/// that differ by less (floating-point noise) are one point everywhere.
pub const TOLERANCE: f64 = 1e-9;

/// A checked scenario from text, for the analyses' unit tests.
#[cfg(test)]
pub(crate) fn checked(text: &str) -> crate::model::Scenario {
    let mut sources = crate::diagnostics::Sources::default();
    crate::load_text(&mut sources, "t.neg", text)
        .expect("checks")
        .scenario
}
