//! The command line's arguments (clap) and their help text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "Plan negotiations as text: parties, issues, score sheets, offers — and the value on the table.";

const LONG_ABOUT: &str = "\
neg reads a negotiation plan written in the .neg language (who negotiates, over
what, what each side values, what is uncertain) and answers questions about it,
exactly: what each offer is worth to each side and whether it beats their
alternatives, where the Pareto frontier lies, which package is even-handed
(Nash, Kalai-Smorodinsky), which trades create value, how to improve a signed
deal, and whether the plan's own assertions hold.

Exit status: 0 when everything is fine, 1 when a scenario has errors or an
assert fails, 2 for a usage error or a file that cannot be read.";

const EXAMPLES: &str = "\
Examples:
  Run a plan: evaluate its offers and check its asserts
    neg run examples/term_sheet.neg

  The same as one JSON object per command, for scripts
    neg run examples/term_sheet.neg --format json

  Check several plans without running them (for CI)
    neg check examples/*.neg

  Lay a plan out canonically, or only say whether it would change
    neg fmt plan.neg
    neg fmt --check examples/*.neg";

/// The command line.
#[derive(Parser)]
#[command(name = "neg", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES,
          after_long_help = format!("{EXAMPLES}\n\n{}", super::help_plan::summary()))]
pub struct Cli {
    /// How results and diagnostics are printed.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// When to use colour in diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub(crate) hooks: HookFlags,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The Rhai hook sandbox's limits (docs/hooks.md). Each flag takes 1 up to
/// a cap (0 would mean "unlimited" to Rhai; past the cap a hook could crash
/// the process instead of getting a diagnostic); out of range is a usage error.
#[derive(clap::Args)]
#[command(next_help_heading = "Hook limits")]
pub(crate) struct HookFlags {
    /// Rhai operations one hook call may run (1 to 10^12).
    #[arg(long, global = true, value_name = "N", default_value_t = crate::hooks::Limits::default().operations,
          value_parser = clap::value_parser!(u64).range(1..=crate::hooks::MAX_OPERATIONS))]
    hook_operations: u64,
    /// How deep hook functions may call each other (1 to 1000).
    #[arg(long, global = true, value_name = "N", default_value_t = crate::hooks::Limits::default().call_depth as u64,
          value_parser = clap::value_parser!(u64).range(1..=crate::hooks::MAX_CALL_DEPTH as u64))]
    hook_call_depth: u64,
    /// The longest string a hook may build, in bytes (1 to 268435456, 256 MiB).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = crate::hooks::Limits::default().string_size as u64,
          value_parser = clap::value_parser!(u64).range(1..=crate::hooks::MAX_STRING_SIZE as u64))]
    hook_string_size: u64,
    /// Rhai operations all hook calls of one check may run together (1 to 10^15).
    #[arg(long, global = true, value_name = "N", default_value_t = crate::hooks::Limits::default().total_operations,
          value_parser = clap::value_parser!(u64).range(1..=crate::hooks::MAX_TOTAL_OPERATIONS))]
    hook_total_operations: u64,
    /// The most elements in one array or entries in one map of a hook (1 to 10^7).
    #[arg(long, global = true, value_name = "N", default_value_t = crate::hooks::Limits::default().collection_size as u64,
          value_parser = clap::value_parser!(u64).range(1..=crate::hooks::MAX_COLLECTION_SIZE as u64))]
    hook_collection_size: u64,
    /// Wall-clock seconds one hook call may run (1 to 3600).
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = crate::hooks::Limits::default().seconds,
          value_parser = clap::value_parser!(u64).range(1..=crate::hooks::MAX_SECONDS))]
    hook_seconds: u64,
    /// Wall-clock seconds all hook calls of one check may run together (1 to 86400).
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = crate::hooks::Limits::default().total_seconds,
          value_parser = clap::value_parser!(u64).range(1..=crate::hooks::MAX_TOTAL_SECONDS))]
    hook_total_seconds: u64,
}

impl HookFlags {
    pub(crate) fn limits(&self) -> crate::hooks::Limits {
        // The ranges above keep every value within `usize` too.
        let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        crate::hooks::Limits {
            operations: self.hook_operations,
            call_depth: size(self.hook_call_depth),
            string_size: size(self.hook_string_size),
            collection_size: size(self.hook_collection_size),
            total_operations: self.hook_total_operations,
            seconds: self.hook_seconds,
            total_seconds: self.hook_total_seconds,
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Check a plan, then run its commands in order (evaluate, assert, …).
    #[command(after_help = "Example:\n  neg run examples/term_sheet.neg --format json")]
    Run {
        /// The .neg file to run.
        file: PathBuf,
        /// With hypotheses about a party: show each hypothesis's answer in
        /// full, not one line each.
        #[arg(long)]
        details: bool,
    },
    /// Check plans for errors without running their commands.
    #[command(after_help = "Example:\n  neg check examples/*.neg")]
    Check {
        /// The .neg files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Compare two versions of a plan by meaning: declarations changed, and what that does to the deal.
    #[command(
        after_help = "Examples:\n  neg diff old.neg new.neg\n  neg diff HEAD plan.neg      (the plan at a git revision against the working copy)\n  neg diff HEAD~3             (every .neg file changed since that revision)\n\nExit status 0 whether or not the plans differ; 1 when a version has errors; 2 for a usage error.\nAs git's diff driver: `*.neg diff=neg` in .gitattributes and\n  git config diff.neg.command 'neg diff --git'"
    )]
    Diff {
        /// OLD NEW (two plans), or REV [FILE] (a git revision, against the working copy).
        #[arg(required = true, value_name = "OLD NEW | REV [FILE]")]
        args: Vec<PathBuf>,
        /// Take git's seven external-diff arguments (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE).
        #[arg(long, hide = true)]
        git: bool,
    },
    /// Rewrite plans in the canonical layout, keeping every comment.
    #[command(
        after_help = "Examples:\n  neg fmt plan.neg\n  neg fmt --check examples/*.neg\n  cat plan.neg | neg fmt -"
    )]
    Fmt {
        /// Change nothing; list the files that would change and exit 1 if any would.
        #[arg(long)]
        check: bool,
        /// The .neg files to format (`-` reads standard input and writes standard output).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Explore a plan interactively: declarations and commands, one line at a time.
    #[command(after_help = "Example:\n  neg repl examples/term_sheet.neg")]
    Repl {
        /// A plan to start from (its declarations are loaded, its commands not run).
        file: Option<PathBuf>,
    },
    /// Serve editors over stdio: the Language Server Protocol (diagnostics as you type,
    /// hover, completion, go to definition, references, rename, outline, formatting).
    #[command(
        after_help = "Editors start it themselves; docs/editors.md has VS Code, Neovim, Helix and Emacs set-ups."
    )]
    Lsp {
        /// Talk over stdin and stdout (the only transport; accepted for clients that pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// Start a plan from a template: job_offer, procurement, term_sheet, lease, earn_out, negotiation.
    #[command(
        after_help = "Examples:\n  neg new lease office.neg\n  neg run office.neg\n\nA template is also importable as is: import \"std/lease\""
    )]
    New {
        /// The template.
        template: String,
        /// The file to write (never overwritten).
        file: PathBuf,
    },
    /// Bring a domain from another tool into a .neg plan.
    Import {
        #[command(subcommand)]
        from: ImportFormat,
    },
    /// Write a plan in another tool's format.
    Export {
        #[command(subcommand)]
        to: ExportFormat,
    },
    /// Play every strategy against every other and itself, in every role, on each plan.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:\n  neg tournament examples/tournament.neg --strategies 'boulware, conceder, meso(k=4)' --repeat 50 --chart t.svg\n  neg tournament a.neg b.neg --strategies boulware,linear --shard 2/8 --out shard2.json\n  neg tournament merge shard*.json --chart t.svg\n\nA shard plays a fixed slice of the runs; merging all the shards gives exactly the whole\ntournament's result. docs/simulation.md shows a Slurm job array and a Kubernetes Indexed Job."
    )]
    Tournament {
        #[command(subcommand)]
        merge: Option<TournamentMerge>,
        /// The .neg plans to play on.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
        /// The strategies, as a plan writes them: `boulware, conceder, meso(k=4)`.
        #[arg(long, required = true)]
        strategies: Option<String>,
        /// The deadline of each negotiation, in rounds (default 100).
        #[arg(long)]
        rounds: Option<u32>,
        /// Runs per pairing (default 1).
        #[arg(long)]
        repeat: Option<u32>,
        /// The seed (default 1): the same seed gives the same results.
        #[arg(long)]
        seed: Option<u64>,
        /// Play only shard I of N (1 ≤ I ≤ N) and write its JSON for `neg tournament merge`.
        #[arg(long, value_name = "I/N", value_parser = super::tournament::parse_shard)]
        shard: Option<(u32, u32)>,
        /// Write the shard's JSON to this file (atomically) instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Draw the results as an SVG chart.
        #[arg(long)]
        chart: Option<PathBuf>,
    },
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  neg completions bash > ~/.local/share/bash-completion/completions/neg\n  neg completions zsh > ~/.zfunc/_neg\n  neg completions fish > ~/.config/fish/completions/neg.fish\n\ndocs/cli.md says where each shell looks for them."
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a folder.
    #[command(
        after_help = "Examples:\n  neg man > ~/.local/share/man/man1/neg.1 && man neg\n  neg man --out ~/.local/share/man/man1"
    )]
    Man {
        /// Write neg.1 and a page per command (neg-run.1, …) into this folder instead.
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub(crate) enum TournamentMerge {
    /// Add up the shards a sharded tournament wrote, into the whole tournament's result.
    Merge {
        /// The shards' JSON files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Draw the results as an SVG chart.
        #[arg(long)]
        chart: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub(crate) enum ExportFormat {
    /// A GENIUS XML domain and one profile per party.
    #[command(after_help = "Example:\n  neg export genius plan.neg -o genius/")]
    Genius {
        /// The .neg file to export.
        file: PathBuf,
        /// The folder to write the domain and profiles into (created if missing).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// A GeniusWeb JSON domain and one linear-additive profile per party.
    #[command(after_help = "Example:\n  neg export geniusweb plan.neg -o geniusweb/")]
    Geniusweb {
        /// The .neg file to export.
        file: PathBuf,
        /// The folder to write the domain and profiles into (created if missing).
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum ImportFormat {
    /// A GENIUS XML domain and its profiles.
    #[command(
        after_help = "Examples:\n  neg import genius cases/Laptop -o laptop.neg\n  neg import genius domain.xml buyer.xml seller.xml"
    )]
    Genius {
        /// A folder holding one domain file and its profiles, or the domain file then the profile files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write the plan here instead of to standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Cut each real-valued issue's range into this many equal steps.
        #[arg(long, default_value_t = 10)]
        real_steps: usize,
    },
    /// GeniusWeb JSON linear-additive profiles (and their domain file, if any).
    #[command(
        after_help = "Examples:\n  neg import geniusweb profiles/ -o plan.neg\n  neg import geniusweb party1.json party2.json"
    )]
    Geniusweb {
        /// A folder of .json profiles (and domain), or the files themselves.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write the plan here instead of to standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Output format.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Tables and miette diagnostics for people.
    Text,
    /// One JSON object per line (reports on stdout, diagnostics on stderr).
    Json,
}

/// Colour choice.
#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    /// Colour when stderr is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
