//! `neg run FILE`: check, then run the commands in order.

use super::{Output, FAILED, OK};
use neg::diagnostics::Sources;
use neg::interp::{self, Step, Tally};
use std::path::Path;

/// Runs a plan; returns the exit status.
pub fn run(out: &Output, file: &Path, limits: neg::hooks::Limits) -> u8 {
    let mut sources = Sources::default();
    let checked = match super::load_checked(out, &mut sources, file, limits) {
        Ok(c) => c,
        Err(status) => return status,
    };
    out.diags(&checked.warnings, &sources);
    let s = &checked.scenario;
    out.title(s.title.as_deref(), s.doc.as_deref());
    let mut tally = Tally::default();
    for (command, step) in s.commands.iter().zip(interp::run(s)) {
        tally.count(command, &step);
        match step {
            Step::Report(r) => out.report(&r),
            Step::Failed(r, d) => {
                out.report(&r);
                out.diags(&[d], &sources);
            }
            Step::Error(d) => out.diags(&[d], &sources),
        }
    }
    if tally.has_asserts() {
        out.note(&format!(
            "asserts: {} passed, {} failed",
            tally.passed, tally.failed
        ));
    }
    if tally.other_failures > 0 {
        out.note(&format!(
            "{} other {} could not run",
            tally.other_failures,
            if tally.other_failures == 1 {
                "command"
            } else {
                "commands"
            }
        ));
    }
    if tally.any_failure() {
        FAILED
    } else {
        OK
    }
}
