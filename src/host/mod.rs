//! What hosts (the command line, the REPL, the Python package) share on top
//! of the engine: the file system as a [`crate::world::World`] ([`FsWorld`]),
//! the one safe way to write a file ([`files`]), and writing the plots a run
//! draws ([`write_plot`]). Nothing in the engine calls into this module.

pub mod files;
mod fs;

pub use fs::{read_file, read_file_as_is, FsWorld};

use crate::diagnostics::Code;
use crate::diagnostics::Diag;
use crate::interp::Step;
use crate::report::Report;

/// A step as the user should see it once its plot, if it drew one, is
/// written beside the plan: the same step, or the error saying why the
/// file could not be written.
pub fn write_plot(step: Step) -> Step {
    if let Step::Report(Report::Tournament(t)) = &step {
        return match write_chart(t) {
            Some(d) => Step::Error(d),
            None => step,
        };
    }
    let plots: Vec<&crate::report::plot::PlotReport> = match &step {
        Step::Report(Report::Plot(plot)) => vec![plot],
        // With hypotheses: one plot per combination.
        Step::Report(Report::PerHypothesis(r)) => r
            .answers
            .iter()
            .filter_map(|a| match &a.report {
                Report::Plot(plot) => Some(plot.as_ref()),
                _ => None,
            })
            .collect(),
        _ => return step,
    };
    for plot in plots {
        if let Some(d) = write_one(plot) {
            return Step::Error(d);
        }
    }
    step
}

/// Writes a tournament's chart, if it drew one.
fn write_chart(t: &crate::report::TournamentReport) -> Option<Diag> {
    let file = t.chart.as_ref()?;
    let why = files::write_for_plan(std::path::Path::new(file), t.svg.as_bytes()).err()?;
    Some(
        Diag::error(
            Code::RunPlot,
            format!("could not write the chart: {why}"),
            t.at.source,
            t.at.span,
            "this tournament",
        )
        .with_help("check that the folder exists and can be written"),
    )
}

/// Writes one plot; the error to show when it cannot be written.
fn write_one(plot: &crate::report::plot::PlotReport) -> Option<Diag> {
    match files::write_for_plan(std::path::Path::new(&plot.file), plot.svg.as_bytes()) {
        Ok(()) => None,
        Err(why) => Some(
            Diag::error(
                Code::RunPlot,
                format!("could not write the plot: {why}"),
                plot.at.source,
                plot.at.span,
                "this plot",
            )
            .with_help("check that the folder exists and can be written"),
        ),
    }
}
