//! The interpreter: runs a checked scenario's commands in order.
//!
//! Each command yields a report or a diagnostic (a failed assert, a command
//! this version cannot run yet); the front end decides how to show them.

use crate::diagnostics::Diag;
use crate::eval::{self, Env, EvalError};
use crate::model::{Command, CommandKind, Expr, Scenario};
use crate::report::{self, AssertOutcome, Report};
use crate::syntax::BinOp;

/// What one command produced.
#[derive(Debug, Clone)]
pub enum Step {
    /// A result to show.
    Report(Report),
    /// A result to show and a failure to report (a failed assert).
    Failed(Report, Diag),
    /// A command that could not run.
    Error(Diag),
}

impl Step {
    /// Whether the step makes the run fail.
    pub fn is_failure(&self) -> bool {
        !matches!(self, Step::Report(_))
    }
}

/// Runs every command of the scenario, in order.
pub fn run(s: &Scenario) -> Vec<Step> {
    s.commands.iter().map(|c| run_command(s, c)).collect()
}

/// Runs one command.
pub fn run_command(s: &Scenario, c: &Command) -> Step {
    match &c.kind {
        CommandKind::Evaluate(o) => {
            Step::Report(Report::Evaluate(Box::new(report::evaluate(s, *o))))
        }
        CommandKind::Assert { expr, text } => assert(s, c, expr, text),
        CommandKind::NotYet(name) => Step::Error(not_yet(c, name)),
    }
}

fn not_yet(c: &Command, name: &str) -> Diag {
    Diag::error(
        "neg::run::not-yet",
        format!("`{name}` is not available in this version of neg"),
        c.loc.source,
        c.loc.span,
        "checked, but not run",
    )
    .with_help("this version checks the command and evaluates offers and asserts; the analysis that runs it is not built yet")
}

fn assert(s: &Scenario, c: &Command, expr: &Expr, text: &str) -> Step {
    let env = Env::default();
    match eval::eval(s, expr, &env) {
        Err(EvalError::NotYet(name)) => Step::Error(not_yet(c, name)),
        Ok(v) if v != 0.0 => Step::Report(Report::Assert(AssertOutcome {
            expr: text.to_string(),
            passed: true,
        })),
        Ok(_) => {
            let label = match comparison_note(s, expr) {
                Some(sides) => format!("false: {sides}"),
                None => "this is false".into(),
            };
            let d = Diag::error(
                "neg::run::assert-failed",
                format!("assertion failed: {text}"),
                c.loc.source,
                c.loc.span,
                label,
            );
            let outcome = AssertOutcome {
                expr: text.to_string(),
                passed: false,
            };
            Step::Failed(Report::Assert(outcome), d)
        }
    }
}

/// "the left side is 52, the right side is 60" for a failed comparison.
fn comparison_note(s: &Scenario, expr: &Expr) -> Option<String> {
    let Expr::Binary(op, a, b) = expr else {
        return None;
    };
    if !matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    ) {
        return None;
    }
    let env = Env::default();
    let (x, y) = (eval::eval(s, a, &env).ok()?, eval::eval(s, b, &env).ok()?);
    Some(format!(
        "the left side is {}, the right side is {}",
        crate::model::snap(x),
        crate::model::snap(y)
    ))
}
