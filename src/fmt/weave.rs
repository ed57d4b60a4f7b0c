//! Weaving comments between entries: the layout shared by the top level of a
//! file and the inside of `prefs` blocks, party bodies and multi-line offers.
//!
//! A sequence of entries (items, score-sheet lines, offer settings …) and the
//! comments that stand between them is laid out as a list of pieces, each
//! either starting a new line (after a blank line where the source had one)
//! or trailing the line before it (a comment that started on the line where
//! the previous piece ended).

use super::source::Source;
use crate::syntax::comments::Comment;
use crate::syntax::Span;

/// One thing to lay out: an entry (by index, with its trimmed span) or a
/// comment that stands between entries.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Piece {
    /// The `i`-th entry, and where it stands.
    Entry(usize, Span),
    /// A comment between entries.
    Comment(Comment),
}

impl Piece {
    /// Where the piece stands in the source.
    pub fn span(&self) -> Span {
        match self {
            Piece::Entry(_, s) => *s,
            Piece::Comment(c) => c.span,
        }
    }
}

/// How a piece stands relative to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sep {
    /// At the end of the previous line, after two spaces.
    Trailing,
    /// On the next line.
    Line,
    /// After one blank line.
    Blank,
}

/// The entries (with their trimmed spans, in order) and the comments between
/// them in `from..to`, in source order. Comments inside an entry's span are
/// the entry's own and are left out.
pub(crate) fn merge(src: &Source, spans: &[Span], from: usize, to: usize) -> Vec<Piece> {
    let mut pieces = vec![];
    let mut comments = src.comments_in(from, to).iter().peekable();
    for (i, &span) in spans.iter().enumerate() {
        while let Some(c) = comments.next_if(|c| c.span.start < span.start) {
            pieces.push(Piece::Comment(*c));
        }
        while comments.next_if(|c| c.span.start < span.end).is_some() {}
        pieces.push(Piece::Entry(i, span));
    }
    pieces.extend(comments.map(|c| Piece::Comment(*c)));
    pieces
}

/// How each piece stands relative to the one before it. `open` is where a
/// block's inside begins (just after its `{`), `None` at the top of a file.
/// The first piece that starts a line (in a file, or after a block's opening
/// line) never follows a blank line.
pub(crate) fn separations(src: &Source, pieces: &[Piece], open: Option<usize>) -> Vec<Sep> {
    let mut prev = open;
    let mut on_first_line = true;
    pieces
        .iter()
        .map(|p| {
            let span = p.span();
            let sep = match prev.map(|end| src.newlines(end, span.start)) {
                None => Sep::Line,
                Some(0) if matches!(p, Piece::Comment(_)) => Sep::Trailing,
                Some(0 | 1) => Sep::Line,
                Some(_) if on_first_line => Sep::Line,
                Some(_) => Sep::Blank,
            };
            on_first_line &= sep == Sep::Trailing;
            prev = Some(span.end);
            sep
        })
        .collect()
}

/// Appends the printed pieces to `out` (which holds the line the first one
/// may trail), each new line starting with `indent`.
pub(crate) fn render(out: &mut String, texts: &[String], seps: &[Sep], indent: &str) {
    for (text, sep) in texts.iter().zip(seps) {
        match sep {
            Sep::Trailing => out.push_str("  "),
            Sep::Line | Sep::Blank => {
                if !out.is_empty() {
                    out.push('\n');
                    if *sep == Sep::Blank {
                        out.push('\n');
                    }
                }
                out.push_str(indent);
            }
        }
        out.push_str(text);
    }
}
