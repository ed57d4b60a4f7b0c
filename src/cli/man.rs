//! `neg man [--out DIR]`: the manual page, as roff (clap_mangen): `neg(1)`
//! on standard output, or `neg.1` and one page per subcommand (`neg-run.1`,
//! `neg-import-genius.1`, …) written into a folder.

use super::args::Cli;
use super::{Output, OK, USAGE};
use clap::CommandFactory;
use clap_mangen::Man;
use std::path::Path;

/// Why a page could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write `{0}`: {1}")]
#[diagnostic(code(neg::man::write), help("check that the folder can be written"))]
struct WriteError(String, String);

/// One of clap_mangen's sections, rendered into a writer.
type Section = fn(&Man, &mut dyn std::io::Write) -> std::io::Result<()>;

/// Prints `neg(1)`, or writes every page into `dir` (created if missing).
pub(crate) fn man(out: &Output, dir: Option<&Path>) -> u8 {
    // `neg help run` is `neg run --help`: no page of its own.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = dir else {
        super::print_to(&mut std::io::stdout(), &page(&cmd, true));
        return OK;
    };
    let fail = |path: &Path, e: std::io::Error| {
        out.plain_error(&WriteError(path.display().to_string(), e.to_string()));
        USAGE
    };
    if dir.exists() && !dir.is_dir() {
        let e = std::io::Error::other("it is a file, not a folder");
        return fail(dir, e);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(dir, e);
    }
    let mut pages = vec![(cmd.clone(), true)];
    let mut i = 0;
    while i < pages.len() {
        let subs: Vec<_> = pages[i]
            .0
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| (s.clone(), false))
            .collect();
        pages.extend(subs);
        i += 1;
    }
    for (cmd, top) in &pages {
        let path = dir.join(Man::new(cmd.clone()).get_filename());
        let text = page(cmd, *top);
        if let Err(e) = crate::host::files::write(
            &path,
            text.as_bytes(),
            crate::host::files::Existing::Replace,
        ) {
            return fail(&path, e);
        }
        out.note(&format!("wrote {}", path.display()));
    }
    OK
}

/// One page: clap_mangen's sections, then the text after the help as it is
/// laid out (the examples), and for `neg` itself what a plan holds.
fn page(cmd: &clap::Command, top: bool) -> String {
    // Every page's footer names neg and its version, a subcommand's too.
    let man = Man::new(cmd.clone()).source(format!("neg {}", env!("CARGO_PKG_VERSION")));
    let mut roff = vec![];
    let mut sections: Vec<Section> = vec![
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
    ];
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        sections.push(Man::render_options_section);
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        sections.push(Man::render_subcommands_section);
    }
    for section in sections {
        // Writing to a vector cannot fail.
        let _ = section(&man, &mut roff);
    }
    let mut text = String::from_utf8_lossy(&roff).into_owned();
    if let Some(after) = cmd.get_after_help() {
        let after = after.to_string();
        let body = after
            .strip_prefix("Examples:\n")
            .or_else(|| after.strip_prefix("Example:\n"))
            .unwrap_or(&after);
        text.push_str(&section("EXAMPLES", "", body));
    }
    if top {
        let plans = super::help_plan::examples();
        text.push_str(&section("PLANS", super::help_plan::INTRO, &plans));
    }
    if cmd.get_version().is_some() {
        let mut version = vec![];
        let _ = man.render_version_section(&mut version);
        text.push_str(&String::from_utf8_lossy(&version));
    }
    ascii(&text)
}

/// A section: a paragraph of prose (filled), then lines kept as written
/// (examples: no filling, no hyphenation).
fn section(heading: &str, prose: &str, literal: &str) -> String {
    let mut s = format!(".SH \"{heading}\"\n");
    for line in prose.lines() {
        s.push_str(&escape(line));
        s.push('\n');
    }
    if !prose.is_empty() {
        s.push_str(".PP\n");
    }
    s.push_str(".nf\n");
    for line in literal.trim_end().lines() {
        s.push_str(&escape(line));
        s.push('\n');
    }
    s.push_str(".fi\n");
    s
}

/// A line of text as roff: backslashes and hyphens escaped, and a leading
/// `.` or `'` (a request) neutralised.
fn escape(line: &str) -> String {
    let line = line.replace('\\', "\\e").replace('-', "\\-");
    if line.starts_with(['.', '\'']) {
        format!("\\&{line}")
    } else {
        line
    }
}

/// The page in ASCII: every other character as a roff escape (`\[u2014]`),
/// which groff and mandoc read whatever the locale.
fn ascii(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            s.push(c);
        } else {
            s.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    s
}
