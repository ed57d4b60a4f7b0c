//! `neg tournament PLAN… --strategies …` and `neg tournament merge FILE…`:
//! a round-robin over several plans, whole or one shard at a time, with a
//! progress bar on a terminal (docs/simulation.md, "Tournaments").

use super::{Output, FAILED, OK, USAGE};
use crate::cancel::{Cancel, Progress};
use crate::host::FsWorld;
use crate::plan::{Plan, PlanError};
use crate::report::{Report, Tally};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What `neg tournament` was asked for.
pub struct Options<'a> {
    /// The strategies, as a plan writes them (`boulware, meso(k=4)`).
    pub strategies: &'a str,
    /// `--rounds`, `--repeat`, `--seed`.
    pub rounds: Option<u32>,
    /// Runs per pairing.
    pub repeat: Option<u32>,
    /// The seed.
    pub seed: Option<u64>,
    /// `--shard I/N`.
    pub shard: Option<(u32, u32)>,
    /// `--out FILE`: where a shard writes its JSON.
    pub out: Option<&'a Path>,
    /// `--chart FILE`.
    pub chart: Option<&'a Path>,
    /// The hook sandbox's limits (`--hook-…`).
    pub limits: crate::hooks::Limits,
}

/// Parses `I/N` (1 ≤ I ≤ N).
pub fn parse_shard(text: &str) -> Result<(u32, u32), String> {
    let (i, n) = text
        .split_once('/')
        .ok_or("write a shard as I/N, e.g. 2/8")?;
    let i: u32 = i
        .trim()
        .parse()
        .map_err(|_| format!("`{i}` is not a shard number"))?;
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a number of shards"))?;
    if n == 0 || i == 0 || i > n {
        return Err(format!("shard {i} of {n}: shards are numbered 1 to N (with Slurm, --shard $SLURM_ARRAY_TASK_ID/N and --array=1-N)"));
    }
    Ok((i, n))
}

/// Runs a tournament (or one shard of it) over `plans`.
pub fn run(out: &Output, plans: &[PathBuf], o: &Options<'_>) -> u8 {
    let mut command = format!("tournament {}", o.strategies);
    for (word, value) in [
        ("rounds", o.rounds.map(u64::from)),
        ("seed", o.seed),
        ("repeat", o.repeat.map(u64::from)),
    ] {
        if let Some(v) = value {
            command += &format!(" {word} {v}");
        }
    }
    let bar = Bar::new(out);
    let mut cancel = Cancel::never();
    if let Some(sink) = bar.sink() {
        cancel = cancel.reporting(sink);
    }
    let mut tallies = vec![];
    for (k, file) in plans.iter().enumerate() {
        bar.plan(k, plans.len(), file);
        let plan = match Plan::load_with_limits(Arc::new(FsWorld), file, o.limits) {
            Ok(p) => p,
            Err(e) => return failed(out, &e),
        };
        match plan.tournament(&command, o.shard.unwrap_or((1, 1)), &cancel) {
            Ok(mut t) => {
                for p in &mut t.plans {
                    p.name = file.display().to_string();
                }
                tallies.push(t);
            }
            Err(e) => return failed(out, &e),
        }
    }
    bar.finish();
    let Some(tally) = Tally::join(tallies) else {
        return USAGE;
    };
    if o.shard.is_some() || o.out.is_some() {
        return write_tally(out, &tally, o.out);
    }
    show(out, &tally, o.chart)
}

/// `neg tournament merge FILE…`.
pub fn merge(out: &Output, files: &[PathBuf], chart: Option<&Path>) -> u8 {
    let mut parts = vec![];
    for file in files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(why) => {
                out.plain_error(&Problem(format!("cannot read {}: {why}", file.display())));
                return USAGE;
            }
        };
        match serde_json::from_str::<Tally>(&text) {
            Ok(t) => parts.push(t),
            Err(why) => {
                out.plain_error(&Problem(format!(
                    "{} is not a tournament shard written by `neg tournament --shard`: {why}",
                    file.display()
                )));
                return FAILED;
            }
        }
    }
    match Tally::merge(parts) {
        Ok(tally) => show(out, &tally, chart),
        Err(why) => {
            out.plain_error(&Problem(format!("cannot merge: {why}")));
            FAILED
        }
    }
}

/// Prints the results of a complete tally and draws its chart.
fn show(out: &Output, tally: &Tally, chart: Option<&Path>) -> u8 {
    let mut report = tally.report();
    if let Some(file) = chart {
        let written = crate::report::tournament_chart::render(&report).and_then(|svg| {
            crate::host::files::write(file, svg.as_bytes(), crate::host::files::Existing::Replace)
                .map_err(|e| e.to_string())
        });
        if let Err(why) = written {
            out.plain_error(&Problem(format!(
                "could not write the chart {}: {why}",
                file.display()
            )));
            return FAILED;
        }
        report.chart = Some(file.display().to_string());
    }
    out.report(&Report::Tournament(Box::new(report)));
    OK
}

/// A shard's tally as JSON, to a file (atomically) or standard output.
fn write_tally(out: &Output, tally: &Tally, file: Option<&Path>) -> u8 {
    let text = serde_json::to_string(tally).unwrap_or_default() + "\n";
    match file {
        None => {
            print!("{text}");
            OK
        }
        Some(f) => match crate::host::files::write(
            f,
            text.as_bytes(),
            crate::host::files::Existing::Replace,
        ) {
            Ok(()) => {
                out.note(&format!(
                    "wrote shard {} of {} to {}",
                    tally.shards.first().unwrap_or(&1),
                    tally.of,
                    f.display()
                ));
                OK
            }
            Err(why) => {
                out.plain_error(&Problem(format!("could not write {}: {why}", f.display())));
                FAILED
            }
        },
    }
}

fn failed(out: &Output, e: &PlanError) -> u8 {
    match e {
        PlanError::Read(r) => {
            out.plain_error(r);
            USAGE
        }
        PlanError::Invalid {
            diagnostics,
            sources,
        } => {
            out.diags(diagnostics, sources);
            FAILED
        }
        PlanError::Input(problems) => {
            out.plain_error(&Problem(problems.join("; ")));
            FAILED
        }
    }
}

/// An error with no place in a source.
#[derive(Debug)]
struct Problem(String);

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Problem {}
impl miette::Diagnostic for Problem {}

/// The progress bar: on a terminal, in text mode only.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(out: &Output) -> Bar {
        if out.json() || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{msg} [{bar:30}] {human_pos}/{human_len} negotiations, {eta} left",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar(Some(bar))
    }

    fn sink(&self) -> Option<crate::cancel::ProgressSink> {
        let bar = self.0.clone()?;
        Some(Arc::new(move |p: Progress| {
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        }))
    }

    fn plan(&self, k: usize, of: usize, file: &Path) {
        if let Some(bar) = &self.0 {
            bar.reset();
            bar.set_message(format!("plan {} of {of} ({})", k + 1, file.display()));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
