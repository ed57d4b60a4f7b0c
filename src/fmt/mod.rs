//! The canonical formatter: `neg fmt`.
//!
//! The formatter prints the syntax tree back in one canonical layout and
//! weaves the comments (which the tree does not hold) back in where they
//! stood. It is built on three guarantees, checked by the tests here and by
//! `tests/robustness.rs`:
//!
//! - every comment and every inline Rhai body is kept byte for byte (line
//!   comments lose only trailing whitespace), never lost and never doubled;
//! - formatting is idempotent: `format(format(x)) == format(x)`;
//! - formatting keeps meaning: the tree of the output equals the tree of the
//!   input up to layout (doc comments included).
//!
//! Layout in short: one item per line block, a blank line between items only
//! where the source had one (or more); single spaces between tokens; `prefs`
//! lines and multi-line offers indented four spaces, with the `=` of
//! consecutive `ISSUE = …` lines aligned; offers on one line when they fit in
//! 100 columns. A comment between items (or between the entries of a block)
//! keeps its place: on its own line, or at the end of the line it trailed. A
//! comment the printer cannot place (inside an expression, between a keyword
//! and its name, …) makes the printer copy that item — or, in a `prefs` block,
//! that line — verbatim from the source, re-indented.
//!
//! Inside: `source` holds the text and its comments and answers questions
//! on them; `weave` lays out a sequence of entries and the comments between
//! them; `items` prints top-level items and their blocks; `expr` prints
//! expressions with exactly the parentheses they need; `verbatim` is the
//! copy-from-source fallback.

mod expr;
mod items;
mod source;
mod verbatim;
mod weave;

#[cfg(test)]
mod tests;

use crate::diagnostics::{Diag, SourceId};
use crate::syntax::{parse_file, Item};
use source::Source;
use weave::Piece;

/// The longest single-line `offer`, in characters; longer ones get one entry
/// per line.
pub const MAX_WIDTH: usize = 100;

/// Formats a `.neg` text canonically. Err(diagnostics) when it does not parse.
pub fn format_source(text: &str) -> Result<String, Vec<Diag>> {
    let (file, diags) = parse_file(text, SourceId(0));
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(format_items(text, &file.items))
}

/// Lays out the items of a file parsed from `text`, with its comments.
fn format_items(text: &str, items: &[Item]) -> String {
    let src = Source::new(text, items);
    let spans: Vec<_> = items.iter().map(|i| src.trim(i.span)).collect();
    let pieces = weave::merge(&src, &spans, 0, text.len());
    let seps = weave::separations(&src, &pieces, None);
    let texts: Vec<String> = pieces
        .iter()
        .map(|p| match *p {
            Piece::Entry(i, _) => items::item(&src, &items[i], spans[i]),
            Piece::Comment(c) => src.comment_text(&c).to_string(),
        })
        .collect();
    let mut out = String::new();
    weave::render(&mut out, &texts, &seps, "");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}
