//! neg: a language and interpreter for planning multi-issue negotiations.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diagnostics;
pub mod syntax;
pub mod eval;
pub mod model;
pub mod check;
