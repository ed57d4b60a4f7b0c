//! `neg run FILE`: check, then run the commands in order, printing each
//! result as it comes. Ctrl-C stops the command running (or the hook being
//! tabulated) cleanly: what was printed stays, the commands not run are
//! named, and the exit status is [`INTERRUPTED`]. A second Ctrl-C ends the
//! process at once.

use super::{progress, Output, FAILED, INTERRUPTED, OK};
use crate::cancel::Cancel;
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, Sources};
use crate::interp::{Session, Step, Tally};
use crate::model::Command;
use std::path::Path;

/// Runs a plan; returns the exit status.
pub fn run(out: &Output, file: &Path, limits: crate::hooks::Limits) -> u8 {
    let cancel = Cancel::flag();
    let raise = cancel.clone();
    // Failing to install the handler leaves Ctrl-C as it was: it ends the
    // process, which is no worse than before.
    let _ = ctrlc::set_handler(move || {
        if raise.is_raised() {
            crate::host::files::remove_temporaries();
            std::process::exit(i32::from(INTERRUPTED));
        }
        raise.raise();
    });
    let mut sources = Sources::default();
    let checked = super::load_checked(out, &mut sources, file, limits, &cancel);
    if cancel.is_raised() {
        out.note("interrupted (Ctrl-C) while the plan was checked: no command was run");
        return INTERRUPTED;
    }
    let checked = match checked {
        Ok(c) => c,
        Err(status) => return status,
    };
    out.diags(&checked.warnings, &sources);
    let s = &checked.scenario;
    out.title(s.title.as_deref(), s.doc.as_deref());
    let line = progress::Line::on_stderr();
    let mut watched = cancel.clone();
    if let Some(sink) = line.sink() {
        watched = watched.reporting(sink);
    }
    let mut session = Session::new(s).cancelled_by(watched);
    let mut tally = Tally::default();
    for (k, command) in s.commands.iter().enumerate() {
        let step = crate::host::write_plot(session.run_command(command));
        line.clear();
        if cancel.is_raised() {
            // The stopped command, if it noticed, says so itself.
            if let Step::Error(d) = &step {
                out.diags(std::slice::from_ref(d), &sources);
            }
            let d = interrupted(command, &s.commands[k + 1..], &sources);
            out.diags(&[d], &sources);
            return INTERRUPTED;
        }
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

/// The diagnostic for a run stopped by Ctrl-C during `stopped`: it points
/// at the first command not run and names them all.
fn interrupted(stopped: &Command, not_run: &[Command], sources: &Sources) -> Diag {
    let text_of = |c: &Command| {
        let text = &sources.get(c.loc.source).text;
        let written = text.get(c.loc.span.start..c.loc.span.end).unwrap_or("");
        written.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let Some(first) = not_run.first() else {
        return Diag::error(
            Code::RunInterrupted,
            "interrupted (Ctrl-C) during the last command; every other command ran",
            stopped.loc.source,
            stopped.loc.span,
            "interrupted here",
        );
    };
    let names: Vec<String> = not_run.iter().map(text_of).collect();
    Diag::error(
        Code::RunInterrupted,
        format!(
            "interrupted (Ctrl-C) during `{}`: {} command{} not run",
            text_of(stopped),
            not_run.len(),
            if not_run.len() == 1 { " was" } else { "s were" }
        ),
        first.loc.source,
        first.loc.span,
        "not run from here on",
    )
    .with_note(format!("not run: {}", names.join("; ")))
}
