//! Positions as editors count them: lines, and columns in UTF-16 code
//! units (the Language Server Protocol's default), from and to byte offsets.
//!
//! Line ends are `\n`; a `\r` before one belongs to the line's end, so a
//! text read with CRLF ends counts the same lines and columns.

/// A line and a UTF-16 column, both from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The line, from 0.
    pub line: u32,
    /// The column in UTF-16 code units, from 0.
    pub character: u32,
}

/// The position of byte `offset` in `text` (clamped to the text, and to a
/// character boundary).
pub fn position(text: &str, offset: usize) -> Position {
    let offset = crate::diagnostics::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count() as u32;
    let character = text[line_start..offset]
        .chars()
        .map(|c| c.len_utf16() as u32)
        .sum();
    Position { line, character }
}

/// The byte offset of `pos` in `text`: past a line's end it is the line's
/// end (before `\r\n`), past the last line the text's end.
pub fn offset(text: &str, pos: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line_end = match text[..line_end].ends_with('\r') {
        true => line_end - 1,
        false => line_end,
    };
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= pos.character {
            return line_start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_and_accents() {
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let text = "party é\nx 𝄞 y\r\nend";
        let y = text.rfind('y').unwrap();
        assert_eq!(position(text, y), Position { line: 1, character: 5 });
        assert_eq!(offset(text, Position { line: 1, character: 5 }), y);
        let after_e = text.find('\n').unwrap();
        assert_eq!(position(text, after_e), Position { line: 0, character: 7 });
        // Past the end of a CRLF line: before the `\r`.
        assert_eq!(offset(text, Position { line: 1, character: 99 }), y + 1);
        assert_eq!(offset(text, Position { line: 9, character: 0 }), text.len());
        assert_eq!(position(text, text.len()), Position { line: 2, character: 3 });
    }
}
