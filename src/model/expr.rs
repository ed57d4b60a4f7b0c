//! Resolved expressions: names replaced by indices, types already checked.

use crate::syntax::{BinOp, UnOp};

/// A checked expression. Booleans evaluate to 1.0 / 0.0.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A constant.
    Num(f64),
    /// The value of an issue in the package (an option index for named options).
    Issue(usize),
    /// `ISSUE == option` for a named option.
    IsOption(usize, u32),
    /// A unary operation.
    Unary(UnOp, Box<Expr>),
    /// A binary operation.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `if c then a else b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `when EVENT { … }`: one arm per outcome, in the event's order.
    When(usize, Vec<Expr>),
    /// `utility(P, O)`, `cared(P, O)`, `gain(P, O)`.
    Utility(UtilityKind, usize, PackageRef),
    /// `batna(P)`.
    Batna(usize),
    /// `acceptance(O)`: the probability that every uncertain party accepts
    /// offer `O` (the interpreter puts the number in before evaluating);
    /// `acceptance_possible(O)` (the flag set): at the most favourable
    /// weights of any weight ranges.
    Acceptance(usize, bool),
    /// `belief(P, H)`: the current probability of hypothesis `H` about `P`
    /// (likewise put in by the interpreter).
    Belief(usize, usize),
    /// A figure of a named simulation that ran before the assert
    /// (`welfare_share(deal)`; likewise put in by the interpreter).
    Simulated(usize, SimFigure),
}

/// The figures of a named simulation an assert can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SimFigure {
    /// `agreement_rate(S)`: the share of its runs that agreed (a percentage).
    AgreementRate,
    /// `welfare_share(S)`: its mean share of the largest joint gain.
    WelfareShare,
    /// `mean_rounds(S)`.
    MeanRounds,
    /// `mean_utility(S, P)`: party P's mean utility.
    MeanUtility(usize),
}

impl Default for Expr {
    fn default() -> Self {
        Expr::Num(0.0)
    }
}

/// Which figure of a party an assert reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UtilityKind {
    /// The party's own score sheet.
    Plain,
    /// Plus its care for the others.
    Cared,
    /// Cared-for utility minus BATNA.
    Gain,
}

/// A package named in an assert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageRef {
    /// A declared offer.
    Offer(usize),
    /// A package computed by an analysis (`nash`, `kalai`, `welfare`).
    Computed(super::Bargaining),
}
