//! `neg run FILE`: check, then run the commands in order.

use super::{progress, Output, FAILED, OK};
use neg::analysis::cancel::Cancel;
use neg::diagnostics::Sources;
use neg::interp::{Session, Step};
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
    let mut failed = 0;
    let mut asserts = 0;
    let line = progress::Line::on_stderr();
    let mut cancel = Cancel::never();
    if let Some(sink) = line.sink() {
        cancel = cancel.reporting(sink);
    }
    let mut session = Session::new(s).cancelled_by(cancel);
    for command in &s.commands {
        let step = session.run_command(command);
        line.clear();
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
