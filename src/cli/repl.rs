//! `neg repl [FILE]`: the interactive front end over `crate::repl::ReplSession`.
//! Reads lines with rustyline (history, completion, brace continuation),
//! handles the `:` meta-commands, and prints replies as `neg run` would.

use super::args::{Color, Format};
use super::{Output, OK, USAGE};
use crate::cancel::Cancel;
use crate::repl::{ReplSession, Reply};
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter, MatchingBracketHighlighter};
use rustyline::hint::HistoryHinter;
use rustyline::validate::MatchingBracketValidator;
use rustyline::{CompletionType, Config, Context, Editor, Helper, Hinter, Validator};
use std::borrow::Cow;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// The REPL's meta-commands, one line each, with an example (the plan's
/// declarations and commands are in `help_plan`).
const META: &[(&str, &str)] = &[
    (":help", ":help [COMMAND]  — this list, or one line"),
    (":load", ":load plan.neg  — read a plan's declarations"),
    (
        ":reload",
        ":reload  — re-read the loaded files, keep what you typed",
    ),
    (
        ":show",
        ":show [NAME]  — a declaration (or the whole session) as source",
    ),
    (
        ":save",
        ":save plan.neg  — write the session as a plan (:save! overwrites)",
    ),
    (":format", ":format text|json  — how results are printed"),
    (
        ":details",
        ":details on|off  — with hypotheses: each answer in full, or one line each",
    ),
    (
        ":undo",
        ":undo  — take back the last typed declaration (not a loaded plan)",
    ),
    (
        ":quit",
        ":quit  — leave (also Ctrl-D); Ctrl-C cancels the line or stops a command",
    ),
];

/// Every declaration, command and meta-command, one line each, for `:help`.
fn help() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    super::help_plan::language().chain(META)
}

#[derive(Helper, Hinter, Validator)]
struct NegHelper {
    /// The session's names and where they are used, refreshed after each
    /// input: what Tab completes, as an editor would.
    index: RefCell<crate::ide::index::Index>,
    #[rustyline(Validator)]
    validator: MatchingBracketValidator,
    #[rustyline(Hinter)]
    hinter: HistoryHinter,
    brackets: MatchingBracketHighlighter,
    files: FilenameCompleter,
    /// Whether to colour keywords (off under NO_COLOR or `--color never`).
    color: bool,
}

impl Completer for NegHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        // Files after `:load`, `:save` and `:save!`.
        if [":load ", ":l ", ":save ", ":save! "]
            .iter()
            .any(|m| line.starts_with(m))
        {
            return self.files.complete(line, pos, ctx);
        }
        // `:help`, `:load`, …: the REPL's own commands.
        if line[..pos].starts_with(':') && !line[..pos].contains(' ') {
            let found = META
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| k.starts_with(&line[..pos]))
                .map(|k| Pair {
                    display: k.to_string(),
                    replacement: k.to_string(),
                })
                .collect();
            return Ok((0, found));
        }
        // The rest as in an editor: what fits where the cursor is.
        let index = self.index.borrow();
        let found = crate::ide::complete::complete(&line[..pos], &index);
        let pairs = found
            .items
            .into_iter()
            .map(|c| Pair {
                display: c.label.clone(),
                replacement: c.label,
            })
            .collect();
        Ok((found.start, pairs))
    }
}

impl Highlighter for NegHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        if !self.color {
            return self.brackets.highlight(line, pos);
        }
        Cow::Owned(keywords_in_colour(line))
    }

    fn highlight_char(&self, line: &str, pos: usize, kind: CmdKind) -> bool {
        // Keyword colours can change with any character typed.
        self.color || self.brackets.highlight_char(line, pos, kind)
    }
}

/// The line with the language's keywords in bold blue, comments dimmed and
/// strings green (ANSI; the prompt itself is never coloured this way).
fn keywords_in_colour(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '/' && line[i..].starts_with("//") {
            out.push_str(&format!("\x1b[2m{}\x1b[0m", &line[i..]));
            return out;
        }
        if c == '"' {
            let end = line[i + 1..].find('"').map_or(line.len(), |j| i + j + 2);
            out.push_str(&format!("\x1b[32m{}\x1b[0m", &line[i..end]));
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let end = line[i..]
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .map_or(line.len(), |j| i + j);
            let word = &line[i..end];
            // `x` and `y` are keywords only inside `plot`; elsewhere they are names.
            if crate::syntax::KEYWORDS.contains(&word) && word != "x" && word != "y" {
                out.push_str(&format!("\x1b[1;34m{word}\x1b[0m"));
            } else {
                out.push_str(word);
            }
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Where the history is kept: the user's data folder, never the working one.
fn history_path() -> Option<PathBuf> {
    let dir = dirs::data_dir()?.join("neg");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history.txt"))
}

/// The REPL's own state beside the session.
struct Front {
    session: ReplSession,
    format: Format,
    color: Color,
    /// `:details on`: each hypothesis's answer in full.
    details: bool,
    loaded: Vec<PathBuf>,
    /// Inputs that were accepted, replayed by `:reload`.
    typed: Vec<String>,
    /// Raised by Ctrl-C while a command runs.
    cancel: Cancel,
    /// The progress line the session's analyses draw.
    line: super::progress::Line,
    /// The hook sandbox's limits, for a reloaded session.
    limits: crate::hooks::Limits,
}

impl Front {
    fn out(&self) -> Output {
        Output::new(self.format, self.color).with_details(self.details)
    }

    fn print(&self, replies: &[Reply]) {
        self.line.clear();
        let out = self.out();
        for r in replies {
            match r {
                Reply::Report(r) => out.report(r),
                Reply::Diags(d, sources) => out.diags(d, sources),
                Reply::Note(n) => println!("{n}"),
                Reply::Cancelled => {
                    println!("cancelled: the command was stopped; the session is as it was")
                }
            }
        }
    }

    /// A meta-command; false to quit.
    fn meta(&mut self, line: &str) -> bool {
        let (word, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let arg = arg.trim();
        match word {
            ":quit" | ":q" => return false,
            ":help" | ":h" => {
                let mut shown = false;
                for (name, text) in help() {
                    if arg.is_empty() || *name == arg || name.trim_start_matches(':') == arg {
                        println!("  {text}");
                        shown = true;
                    }
                }
                if !shown {
                    let names = help().map(|(name, _)| *name);
                    match crate::check::suggest(arg, names) {
                        Some(s) => println!("no command `{arg}`; did you mean `{s}`?"),
                        None => println!("no command `{arg}`: :help lists them"),
                    }
                }
            }
            ":load" | ":l" => {
                let path = PathBuf::from(arg);
                let replies = self.session.load(&path);
                if !replies.iter().any(|r| matches!(r, Reply::Diags(..))) {
                    self.loaded.push(path);
                }
                self.print(&replies);
            }
            ":reload" => self.reload(),
            ":format" => match arg {
                "text" => self.format = Format::Text,
                "json" => self.format = Format::Json,
                _ => println!("usage: :format text|json"),
            },
            ":details" => match arg {
                "on" => self.details = true,
                "off" => self.details = false,
                _ => println!("usage: :details on|off"),
            },
            ":show" => {
                let found = if arg.is_empty() {
                    vec![self.session.text()]
                } else {
                    self.session.show(arg)
                };
                if found.is_empty() {
                    println!("nothing is declared as `{arg}`");
                }
                for text in found {
                    println!(
                        "{}",
                        crate::fmt::format_source(&text).unwrap_or(text).trim_end()
                    );
                }
            }
            ":save" | ":save!" => self.save(arg, word == ":save!"),
            ":undo" => match self.session.undo() {
                Some(what) => println!("undone: {what}"),
                None => println!(
                    "nothing to undo: :undo takes back lines typed since the session began or a plan was loaded (:reload reads the files again)"
                ),
            },
            _ => {
                let metas = META.iter().map(|(name, _)| *name);
                match crate::check::suggest(word, metas) {
                    Some(s) => println!("unknown meta-command `{word}`: did you mean `{s}`?"),
                    None => println!("unknown meta-command `{word}`: :help lists them"),
                }
            }
        }
        true
    }

    fn reload(&mut self) {
        let mut fresh = on_disk(self.session_base())
            .cancelled_by(self.cancel.clone())
            .with_limits(self.limits);
        for path in &self.loaded {
            self.print(&fresh.load(path));
        }
        let mut kept = vec![];
        for input in &self.typed {
            let replies = fresh.input(input);
            if replies.iter().any(|r| matches!(r, Reply::Diags(..))) {
                println!("dropped, no longer valid: {}", input.trim());
            } else {
                kept.push(input.clone());
            }
        }
        self.typed = kept;
        self.session = fresh;
        let files = if self.loaded.len() == 1 {
            "file"
        } else {
            "files"
        };
        println!("reloaded {} {files}", self.loaded.len());
    }

    fn session_base(&self) -> PathBuf {
        self.loaded
            .first()
            .and_then(|p| p.parent())
            .filter(|d| !d.as_os_str().is_empty())
            .map_or(PathBuf::from("."), Path::to_path_buf)
    }

    fn save(&self, arg: &str, force: bool) {
        if arg.is_empty() {
            println!("usage: :save FILE");
            return;
        }
        let path = Path::new(arg);
        let plan = self.session.save_text();
        let text = crate::fmt::format_source(&plan).unwrap_or(plan);
        // Without `!`, an existing file is kept, however late it appeared.
        let existing = if force {
            crate::host::files::Existing::Replace
        } else {
            crate::host::files::Existing::Keep
        };
        match crate::host::files::write(path, text.as_bytes(), existing) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                println!("`{arg}` exists: `:save! {arg}` overwrites it");
            }
            Ok(()) => {
                println!("saved {arg}");
                let changed = self.session.changed_after_commands();
                if !changed.is_empty() {
                    println!(
                        "note: {} changed after commands ran; the saved plan runs every command on the final declarations, so earlier results can differ",
                        changed.join(", ")
                    );
                }
            }
            Err(e) => println!("could not write `{arg}`: {e}"),
        }
    }
}

/// Runs the REPL until `:quit` or Ctrl-D.
pub fn repl(format: Format, color: Color, file: Option<&Path>, limits: crate::hooks::Limits) -> u8 {
    let base = file
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .map_or(PathBuf::from("."), Path::to_path_buf);
    let line = super::progress::Line::on_stderr();
    let mut cancel = Cancel::flag();
    if let Some(sink) = line.sink() {
        cancel = cancel.reporting(sink);
    }
    // While a command runs the terminal is in its normal mode and Ctrl-C
    // is a signal; while a line is edited, rustyline reads it as a key.
    let raise = cancel.clone();
    let _ = ctrlc::set_handler(move || raise.raise());
    let mut front = Front {
        session: on_disk(base)
            .cancelled_by(cancel.clone())
            .with_limits(limits),
        format,
        color,
        details: false,
        loaded: vec![],
        typed: vec![],
        cancel,
        line,
        limits,
    };
    if let Some(path) = file {
        let replies = front.session.load(path);
        if replies.iter().any(|r| matches!(r, Reply::Diags(..))) {
            front.print(&replies);
            return USAGE;
        }
        front.loaded.push(path.to_path_buf());
        front.print(&replies);
    }
    let config = Config::builder()
        .history_ignore_space(true)
        .completion_type(CompletionType::List)
        .build();
    let Ok(mut editor) = Editor::with_config(config) else {
        eprintln!("cannot start the line editor");
        return USAGE;
    };
    editor.set_helper(Some(NegHelper {
        index: RefCell::new(Default::default()),
        validator: MatchingBracketValidator::new(),
        hinter: HistoryHinter::new(),
        brackets: MatchingBracketHighlighter::new(),
        files: FilenameCompleter::new(),
        color: match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::env::var_os("NO_COLOR").is_none(),
        },
    }));
    let history = history_path();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!("neg repl: declarations and commands as in a plan; :help lists them, Ctrl-D quits");
    loop {
        if let Some(helper) = editor.helper() {
            *helper.index.borrow_mut() = front.session.index();
        }
        match editor.readline("neg> ") {
            Ok(line) => {
                let trimmed = line.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                if trimmed.starts_with(':') {
                    if !front.meta(trimmed) {
                        break;
                    }
                    continue;
                }
                let replies = front.session.input(&line);
                let kept = |r: &Reply| !matches!(r, Reply::Diags(..) | Reply::Cancelled);
                if replies.iter().all(kept) {
                    front.typed.push(line.clone());
                }
                front.print(&replies);
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("{e}");
                break;
            }
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    OK
}

/// A session that reads its files from disk and writes its plots there.
fn on_disk(base: PathBuf) -> ReplSession {
    ReplSession::new(std::sync::Arc::new(crate::host::FsWorld), base)
        .delivering_with(crate::host::write_plot)
}

#[cfg(test)]
mod tests {
    use super::keywords_in_colour;

    #[test]
    fn keywords_strings_and_comments_are_coloured() {
        let out = keywords_in_colour("party vc \"Granite\" { batna 45 } // note");
        assert_eq!(
            out,
            "\x1b[1;34mparty\x1b[0m vc \x1b[32m\"Granite\"\x1b[0m { \x1b[1;34mbatna\x1b[0m 45 } \x1b[2m// note\x1b[0m"
        );
        // Names that merely contain a keyword stay plain.
        assert_eq!(keywords_in_colour("parties"), "parties");
    }
}
