//! `neg run FILE`: check, then run the commands in order.

use super::{Output, FAILED, OK};
use neg::diagnostics::Sources;
use neg::interp::{self, Step};
use std::path::Path;

/// Runs a plan; returns the exit status.
pub fn run(out: &Output, file: &Path, limits: neg::hooks::Limits) -> u8 {
    let mut sources = Sources::default();
    let checked = match super::load_checked(
        out,
        &mut sources,
        file,
        limits,
        &neg::analysis::cancel::Cancel::never(),
    ) {
        Ok(c) => c,
        Err(status) => return status,
    };
    out.diags(&checked.warnings, &sources);
    let s = &checked.scenario;
    out.title(s.title.as_deref(), s.doc.as_deref());
    let mut failed = 0;
    let mut asserts = 0;
    for step in interp::run(&checked.scenario) {
        if matches!(
            &step,
            Step::Report(neg::report::Report::Assert(_)) | Step::Failed(..)
        ) {
            asserts += 1;
        }
        if step.is_failure() {
            failed += 1;
        }
        match step {
            Step::Report(r) => out.report(&r),
            Step::Failed(r, d) => {
                out.report(&r);
                out.diags(&[d], &sources);
            }
            Step::Error(d) => out.diags(&[d], &sources),
        }
    }
    if asserts > 0 {
        let failed_asserts = failed.min(asserts);
        out.note(&format!(
            "asserts: {} passed, {} failed",
            asserts - failed_asserts,
            failed_asserts
        ));
    }
    if failed > 0 {
        FAILED
    } else {
        OK
    }
}
