//! The `neg` command line (the `cli` feature): its arguments, the
//! subcommands one file each, and the printer they share. A host: it reads
//! and writes files and the terminal, and calls the engine through the
//! crate's modules.

mod args;
mod check;
mod completions;
mod diff;
mod export;
mod fmt;
mod help_plan;
mod import;
mod man;
mod new;
mod progress;
mod repl;
mod run;
mod tournament;

use crate::diagnostics::{self, Diag, RenderOptions, Sources};
use crate::report::{self, Report};
use args::{Cli, Color, Command, ExportFormat, Format, ImportFormat, TournamentMerge};
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Exit status: all good.
pub(crate) const OK: u8 = 0;
/// Exit status: a scenario has errors or an assert failed.
pub(crate) const FAILED: u8 = 1;
/// Exit status: usage error or unreadable input.
pub(crate) const USAGE: u8 = 2;
/// Exit status: stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub(crate) const INTERRUPTED: u8 = 130;

/// For commands that write files (`fmt`, `import`, `export`, `new`):
/// Ctrl-C removes the temporary file of a write under way, then ends.
pub(crate) fn remove_temporaries_on_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        crate::host::files::remove_temporaries();
        std::process::exit(i32::from(INTERRUPTED));
    });
}

/// Loads and checks a plan; on failure prints why and gives the exit status
/// (2 for an unreadable file, 1 for a plan with errors).
pub(crate) fn load_checked(
    out: &Output,
    sources: &mut Sources,
    file: &std::path::Path,
    limits: crate::hooks::Limits,
    cancel: &crate::cancel::Cancel,
) -> Result<crate::check::Checked, u8> {
    match crate::check::roots::load_file_with(&crate::host::FsWorld, sources, file, limits, cancel)
    {
        Err(e) => {
            out.plain_error(&e);
            Err(USAGE)
        }
        Ok(Err(diags)) => {
            out.diags(&diags, sources);
            Err(FAILED)
        }
        Ok(Ok(c)) => Ok(c),
    }
}

/// Runs the `neg` command line on the process's arguments.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = help_plan::intercept(&args) {
        return ExitCode::from(code);
    }
    let cli = Cli::parse_from(args);
    let out = Output::new(cli.format, cli.color);
    let limits = cli.hooks.limits();
    // `run` and `repl` stop their commands themselves on Ctrl-C.
    if !matches!(cli.command, Command::Run { .. } | Command::Repl { .. }) {
        remove_temporaries_on_ctrl_c();
    }
    let code = match cli.command {
        Command::Run { file, details } => run::run(&out.with_details(details), &file, limits),
        Command::Check { files } => check::check(&out, &files, limits),
        Command::Diff { args, git } => diff::diff(&out, &args, git, limits),
        Command::Fmt { check, files } => fmt::fmt(&out, &files, check),
        Command::New { template, file } => new::new(&out, &template, &file),
        Command::Repl { file } => repl::repl(cli.format, cli.color, file.as_deref(), limits),
        Command::Lsp { .. } => crate::lsp::serve(),
        Command::Import {
            from:
                ImportFormat::Genius {
                    inputs,
                    output,
                    real_steps,
                },
        } => import::genius(&out, &inputs, output.as_deref(), real_steps),
        Command::Import {
            from: ImportFormat::Geniusweb { inputs, output },
        } => import::geniusweb(&out, &inputs, output.as_deref()),
        Command::Export {
            to: ExportFormat::Genius { file, output },
        } => export::genius(&out, &file, &output, limits),
        Command::Export {
            to: ExportFormat::Geniusweb { file, output },
        } => export::geniusweb(&out, &file, &output, limits),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { out: dir } => man::man(&out, dir.as_deref()),
        Command::Tournament {
            merge: Some(TournamentMerge::Merge { files, chart }),
            ..
        } => tournament::merge(&out, &files, chart.as_deref()),
        Command::Tournament {
            merge: None,
            plans,
            strategies,
            rounds,
            repeat,
            seed,
            shard,
            out: file,
            chart,
        } => tournament::run(
            &out,
            &plans,
            &tournament::Options {
                strategies: strategies.as_deref().unwrap_or_default(),
                rounds,
                repeat,
                seed,
                shard,
                out: file.as_deref(),
                chart: chart.as_deref(),
                limits,
            },
        ),
    };
    ExitCode::from(code)
}

/// Prints reports to stdout and diagnostics to stderr, as text or JSON.
pub(crate) struct Output {
    format: Format,
    render: RenderOptions,
    /// Every answer of a plan with hypotheses in full, not one line each.
    details: bool,
}

impl Output {
    /// Settles colour and width from the flags and the terminal.
    pub(crate) fn new(format: Format, color: Color) -> Output {
        let color = match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100);
        Output {
            format,
            render: RenderOptions { color, width },
            details: false,
        }
    }

    /// Shows every answer of a plan with hypotheses in full.
    pub(crate) fn with_details(self, details: bool) -> Output {
        Output { details, ..self }
    }

    /// Whether output is JSON.
    pub(crate) fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// Prints one report.
    pub(crate) fn report(&self, r: &Report) {
        let text = match self.format {
            Format::Json => serde_json::to_string(r).unwrap_or_default() + "\n",
            Format::Text => report::render_text_with(r, self.details),
        };
        print_to(&mut std::io::stdout(), &text);
    }

    /// Prints the scenario's heading (text mode only: JSON has one object per command).
    pub(crate) fn title(&self, title: Option<&str>, doc: Option<&str>) {
        if !self.json() {
            print_to(&mut std::io::stdout(), &report::render_title(title, doc));
        }
    }

    /// Prints diagnostics.
    pub(crate) fn diags(&self, diags: &[Diag], sources: &Sources) {
        let mut err = std::io::stderr().lock();
        for d in diags {
            let text = match self.format {
                Format::Json => {
                    serde_json::to_string(&diagnostics::to_json(d, sources)).unwrap_or_default()
                        + "\n"
                }
                Format::Text => diagnostics::render_text(d, sources, self.render),
            };
            print_to(&mut err, &text);
        }
    }

    /// Prints an error that has no place in a source (a file that cannot be read).
    pub(crate) fn plain_error(&self, e: &(dyn miette::Diagnostic + Send + Sync + 'static)) {
        let text = match self.format {
            Format::Json => {
                let help = e.help().map(|h| h.to_string());
                let code = e.code().map(|c| c.to_string());
                serde_json::json!({
                    "message": e.to_string(), "code": code, "severity": "error",
                    "file": null, "line": null, "column": null, "labels": [], "help": help,
                    "notes": [], "related": [],
                })
                .to_string()
                    + "\n"
            }
            Format::Text => {
                let theme = if self.render.color {
                    miette::GraphicalTheme::unicode()
                } else {
                    miette::GraphicalTheme::unicode_nocolor()
                };
                let mut s = String::new();
                let handler =
                    miette::GraphicalReportHandler::new_themed(theme).with_width(self.render.width);
                if handler.render_report(&mut s, e).is_err() {
                    s = format!("error: {e}\n");
                }
                s
            }
        };
        print_to(&mut std::io::stderr(), &text);
    }

    /// A line of text for people (status messages); nothing in JSON mode.
    pub(crate) fn note(&self, line: &str) {
        if !self.json() {
            print_to(&mut std::io::stderr(), &format!("{line}\n"));
        }
    }
}

/// Writes, ignoring a closed pipe (e.g. `neg run … | head`).
fn print_to(w: &mut dyn Write, text: &str) {
    let _ = w.write_all(text.as_bytes());
    let _ = w.flush();
}
