//! The fallback for constructs holding a comment the printer cannot place:
//! copy the source text, normalising only layout at line starts and ends.
//!
//! The first line starts where the construct starts. Every later line loses
//! up to as many leading blanks as the construct's first token stood from
//! the left margin and gains `indent` spaces instead, so relative
//! indentation is kept and a second run (where the construct starts at
//! column `indent`) changes nothing. Trailing blanks are removed. Lines that
//! begin or end inside a block comment or a Rhai body are left alone.

use super::source::{trim_end, Source};
use crate::syntax::Span;

/// The text of `span`, re-indented for a construct printed at column `indent`.
pub(crate) fn verbatim(src: &Source, span: Span, indent: usize) -> String {
    let column = src.column(span.start);
    let mut out = String::new();
    let mut start = span.start;
    loop {
        let line_start = out.len();
        let end = src.text[start..span.end]
            .find('\n')
            .map_or(span.end, |i| start + i);
        let line = &src.text[start..end];
        let continues = start > span.start;
        if continues && !src.is_protected(start - 1) {
            push_reindented(&mut out, line, column, indent);
        } else {
            out.push_str(line);
        }
        if end == span.end {
            return out;
        }
        if !src.is_protected(end) {
            let kept = trim_end(&out[line_start..]).len();
            out.truncate(line_start + kept);
        }
        out.push('\n');
        start = end + 1;
    }
}

/// Appends `line` with up to `column` leading blanks replaced by `indent`
/// spaces (nothing at all for a blank line).
fn push_reindented(out: &mut String, line: &str, column: usize, indent: usize) {
    let blanks = line
        .chars()
        .take(column)
        .take_while(|c| *c == ' ' || *c == '\t')
        .count();
    let rest = &line[blanks..];
    if trim_end(rest).is_empty() {
        return;
    }
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(rest);
}
