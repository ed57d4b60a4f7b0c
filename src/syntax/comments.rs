//! Finds comments in source text.
//!
//! The grammar drops comments; this scan recovers them (skipping strings and
//! inline Rhai code) for doc comments and for the formatter, which must keep
//! every comment a user wrote.

use super::ast::Span;

/// What sort of comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentKind {
    /// `/// …`: documents the next declaration.
    Doc,
    /// `// …`
    Line,
    /// `/* … */`
    Block,
}

/// A comment and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    /// Its kind.
    pub kind: CommentKind,
    /// Its bytes, markers included (a line comment stops before the newline).
    pub span: Span,
}

impl Comment {
    /// The text of a doc comment without `///` and one following space.
    pub fn doc_text<'a>(&self, text: &'a str) -> &'a str {
        let raw = &text[self.span.start + 3..self.span.end];
        raw.strip_prefix(' ').unwrap_or(raw).trim_end()
    }
}

/// Every comment in `text`, in order, skipping the byte ranges in `opaque`.
pub fn scan(text: &str, opaque: &[Span]) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < bytes.len() {
        if let Some(r) = opaque.iter().find(|r| r.start == i) {
            i = r.end.max(i + 1);
            continue;
        }
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                let is_doc = text[i..].starts_with("///") && !text[i..].starts_with("////");
                let kind = if is_doc {
                    CommentKind::Doc
                } else {
                    CommentKind::Line
                };
                out.push(Comment {
                    kind,
                    span: Span::new(i, end),
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = skip_block(bytes, i);
                out.push(Comment {
                    kind: CommentKind::Block,
                    span: Span::new(i, end),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' | b'\n' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The end of a (nested) block comment starting at `start`, or the end of the
/// text when it never closes.
fn skip_block(bytes: &[u8], start: usize) -> usize {
    block_end(bytes, start, 0).unwrap_or(bytes.len())
}

/// Where the block comment at `start` ends, read exactly as the grammar's
/// `"/*" ~ (block_comment | !"*/" ~ ANY)* ~ "*/"` reads it: a nested `/*` that
/// never closes is not a comment after all, so its `/` is plain text (and in
/// `/*/` the `*/` then closes the outer comment).
fn block_end(bytes: &[u8], start: usize, depth: usize) -> Option<usize> {
    // Deeper nesting than any real text; treated as never closing.
    if depth > 200 {
        return None;
    }
    let mut i = start + 2;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            if let Some(end) = block_end(bytes, i, depth + 1) {
                i = end;
                continue;
            }
        }
        if bytes[i..].starts_with(b"*/") {
            return Some(i + 2);
        }
        i += 1;
    }
    None
}

/// Skips whitespace and comments from `pos`.
pub fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if bytes[pos..].starts_with(b"//") {
            pos = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
        } else if bytes[pos..].starts_with(b"/*") {
            pos = skip_block(bytes, pos);
        } else {
            return pos;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_comments_end_where_the_grammar_ends_them() {
        // Nested and closed.
        assert_eq!(skip_block(b"/* a /* b */ c */ x", 0), 17);
        // `/*/`: the nested opener never closes, so `*/` closes the outer one.
        assert_eq!(skip_block(b"/* a /*/ x", 0), 8);
        // Never closed at all.
        assert_eq!(skip_block(b"/* a /* b */", 0), 12);
    }
}
