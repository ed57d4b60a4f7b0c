//! Other tools' formats: read into a format-neutral [`Imported`] domain,
//! written out as a readable `.neg` plan (see `docs/interop.md`).

pub mod additive;
pub mod genius;
pub mod genius_out;
pub mod geniusweb;
mod to_neg;

pub use to_neg::{to_neg, NegOptions};

use crate::diagnostics::Diag;

/// A domain with its profiles, as another tool defines it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The domain's name (GENIUS: the objective's name).
    pub name: String,
    /// The issues, in the domain's order.
    pub issues: Vec<Issue>,
    /// One per party.
    pub profiles: Vec<Profile>,
    /// Warnings found while reading (weights not summing to 1, …).
    pub warnings: Vec<Diag>,
}

/// One issue of a domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The name as written.
    pub name: String,
    /// What values it takes.
    pub kind: IssueKind,
}

/// What values an issue takes.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    /// Named values, in order.
    Discrete(Vec<String>),
    /// Every whole number from `lo` to `hi`.
    Integer {
        /// Lower bound.
        lo: i64,
        /// Upper bound.
        hi: i64,
    },
    /// The numbers `lo, lo + step, …` up to `hi` (GeniusWeb's number value sets).
    Grid {
        /// Lowest value.
        lo: f64,
        /// Upper bound (the last value is the last grid point not above it).
        hi: f64,
        /// Step.
        step: f64,
    },
    /// Any number from `lo` to `hi`.
    Real {
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
}

/// One party's preferences.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The profile's name (GENIUS: the file's stem).
    pub name: String,
    /// Per issue, as written.
    pub weights: Vec<f64>,
    /// Per issue.
    pub evals: Vec<Eval>,
    /// The reservation value, a utility in [0, 1].
    pub reservation: f64,
    /// The discount factor, when given.
    pub discount: Option<f64>,
}

/// How a profile values one issue.
#[derive(Debug, Clone, PartialEq)]
pub enum Eval {
    /// Per value, the evaluation as written; GENIUS divides by the largest.
    Discrete(Vec<f64>),
    /// `clamp(slope · (x − lo) + offset, 0, 1)`.
    Integer {
        /// Slope.
        slope: f64,
        /// Value at the lower bound.
        offset: f64,
    },
    /// Per value, the utility in [0, 1] as written (GeniusWeb: no rescaling).
    Direct(Vec<f64>),
    /// GeniusWeb's number utilities: linear from (low, low utility) to
    /// (high, high utility), 0 outside.
    Interpolate {
        /// Lowest value.
        low: f64,
        /// Its utility.
        low_utility: f64,
        /// Highest value.
        high: f64,
        /// Its utility.
        high_utility: f64,
    },
    /// `clamp(intercept + slope · x, 0, 1)`.
    Real {
        /// GENIUS `parameter0`.
        intercept: f64,
        /// GENIUS `parameter1`.
        slope: f64,
    },
}

impl IssueKind {
    /// The grid of a [`IssueKind::Grid`]: `lo + k·step` up to `hi`.
    pub fn grid(lo: f64, hi: f64, step: f64) -> Vec<f64> {
        let n = ((hi - lo) / step + 1e-9).floor() as usize;
        (0..=n)
            .map(|k| crate::model::snap(lo + step * k as f64))
            .collect()
    }
}

impl Eval {
    /// The evaluations at the option indices `0..n`, in [0, 1]: what
    /// [`Eval::at`] gives at each, with a discrete table's maximum found
    /// once rather than once per option (which was quadratic).
    pub fn at_each(&self, kind: &IssueKind, n: usize) -> Vec<f64> {
        match self {
            Eval::Discrete(e) => {
                let max = e.iter().copied().fold(0.0, f64::max);
                (0..n)
                    .map(|k| if max < 1e-5 { 0.0 } else { e[k] / max })
                    .collect()
            }
            _ => (0..n).map(|k| self.at(kind, k as f64)).collect(),
        }
    }

    /// The evaluation in [0, 1] at `x` (an option index for discrete issues,
    /// else the number), under GENIUS's semantics.
    pub fn at(&self, kind: &IssueKind, x: f64) -> f64 {
        match (self, kind) {
            (Eval::Discrete(e), _) => {
                let max = e.iter().copied().fold(0.0, f64::max);
                if max < 1e-5 {
                    0.0
                } else {
                    e[x as usize] / max
                }
            }
            (Eval::Direct(u), _) => u[x as usize],
            (
                Eval::Interpolate {
                    low,
                    low_utility,
                    high,
                    high_utility,
                },
                _,
            ) => {
                if x < low - 1e-12 || x > high + 1e-12 {
                    0.0
                } else {
                    low_utility + (high_utility - low_utility) * (x - low) / (high - low)
                }
            }
            (Eval::Integer { slope, offset }, IssueKind::Integer { lo, .. }) => {
                (slope * (x - *lo as f64) + offset).clamp(0.0, 1.0)
            }
            (Eval::Integer { slope, offset }, _) => (slope * x + offset).clamp(0.0, 1.0),
            (Eval::Real { intercept, slope }, _) => (intercept + slope * x).clamp(0.0, 1.0),
        }
    }
}
