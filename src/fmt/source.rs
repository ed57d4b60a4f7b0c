//! The text being formatted, its comments, and questions about both.

use crate::syntax::comments::{self, Comment, CommentKind};
use crate::syntax::parse::opaque_ranges;
use crate::syntax::{Item, Span};

/// A source text with its comments found.
pub(crate) struct Source<'a> {
    /// The whole text.
    pub text: &'a str,
    /// Every comment, in order.
    comments: Vec<Comment>,
    /// Ranges copied byte for byte: block comments and inline Rhai bodies,
    /// sorted by start.
    protected: Vec<Span>,
}

impl<'a> Source<'a> {
    /// Scans `text` (parsed into `items`) for its comments.
    pub fn new(text: &'a str, items: &[Item]) -> Self {
        let opaque = opaque_ranges(items);
        let comments = comments::scan(text, &opaque);
        let mut protected: Vec<Span> = comments
            .iter()
            .filter(|c| c.kind == CommentKind::Block)
            .map(|c| c.span)
            .chain(opaque)
            .collect();
        protected.sort();
        Source {
            text,
            comments,
            protected,
        }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span.start..span.end]
    }

    /// The span without trailing whitespace and comments (some grammar rules
    /// end with an optional part, and pest then counts the layout before it).
    pub fn trim(&self, span: Span) -> Span {
        let mut end = span.end;
        loop {
            end = span.start + trim_end(&self.text[span.start..end]).len();
            let before = self.comments.partition_point(|c| c.span.start < end);
            match before.checked_sub(1).map(|i| self.comments[i]) {
                Some(c) if c.span.start >= span.start && c.span.end >= end => end = c.span.start,
                _ => return Span::new(span.start, end),
            }
        }
    }

    /// The comments that start in `from..to`.
    pub fn comments_in(&self, from: usize, to: usize) -> &[Comment] {
        let a = self.comments.partition_point(|c| c.span.start < from);
        let b = self.comments.partition_point(|c| c.span.start < to);
        &self.comments[a..b.max(a)]
    }

    /// A comment as printed: block comments verbatim, line comments without
    /// trailing whitespace.
    pub fn comment_text(&self, c: &Comment) -> &'a str {
        let raw = self.slice(c.span);
        match c.kind {
            CommentKind::Block => raw,
            CommentKind::Line | CommentKind::Doc => trim_end(raw),
        }
    }

    /// How many line breaks stand in `from..to`.
    pub fn newlines(&self, from: usize, to: usize) -> usize {
        self.text[from..to.max(from)].matches('\n').count()
    }

    /// Whether the byte at `offset` belongs to a block comment or a Rhai body.
    pub fn is_protected(&self, offset: usize) -> bool {
        // The ranges do not overlap: only the last one starting at or before
        // `offset` can hold it.
        let after = self.protected.partition_point(|r| r.start <= offset);
        after > 0 && offset < self.protected[after - 1].end
    }

    /// The column (in characters) at which `offset` stands on its line.
    pub fn column(&self, offset: usize) -> usize {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..offset].chars().count()
    }

    /// The first non-layout byte at or after `pos`.
    pub fn skip_trivia(&self, pos: usize) -> usize {
        comments::skip_trivia(self.text, pos)
    }
}

/// `s` without trailing ASCII whitespace.
pub(crate) fn trim_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_ascii_whitespace())
}
