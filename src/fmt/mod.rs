//! Placeholder so the CLI builds; the formatter (helper-2's task) replaces this file entirely.

/// Formats a `.neg` text canonically (placeholder: returns the text unchanged after parsing).
pub fn format_source(text: &str) -> Result<String, Vec<crate::diagnostics::Diag>> {
    let (_, diags) = crate::syntax::parse_file(text, crate::diagnostics::SourceId(0));
    if diags.is_empty() {
        Ok(text.to_string())
    } else {
        Err(diags)
    }
}
