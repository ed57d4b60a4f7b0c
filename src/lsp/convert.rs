//! Between neg's values and the protocol's: file URIs and paths, spans and
//! UTF-16 ranges, diagnostics, completion kinds, locations, the outline,
//! and rename's edits (with its refusals).

use crate::diagnostics::{Diag, Severity, Sources, Span};
use crate::ide::complete::CompletionKind as Kind;
use crate::ide::index::{Outline, OutlineKind, Symbol, TopKind};
use crate::ide::position::position;
use crate::ide::Analysis;
use crate::model::Loc;
use lsp_types::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Where a buffer that is no file (`untitled:Untitled-1`) is kept: a path
/// of its own, under a folder no disk has, that [`uri_of`] turns back.
const UNTITLED: &str = "/neg-untitled/";

/// The path a `file:` URI names (percent-escapes decoded); a buffer with
/// another scheme gets a path of its own (imports from it reach only the
/// standard library).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let Some(rest) = uri.as_str().strip_prefix("file://") else {
        let escaped: String = uri
            .as_str()
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        return Some(PathBuf::from(format!("{UNTITLED}{escaped}")));
    };
    // `file:///C:/x` on Windows, `file:///x` elsewhere; `file://host/x`
    // names a share on another machine (a UNC path on Windows).
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        let unc = format!("//{}", String::from_utf8(decode(rest.as_bytes())).ok()?);
        return cfg!(windows).then(|| PathBuf::from(unc.replace('/', "\\")));
    }
    let text = String::from_utf8(decode(rest.as_bytes())).ok()?;
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if cfg!(windows) && drive.is_ascii_alphabetic() => {
            text[1..].to_string()
        }
        _ => text,
    };
    Some(PathBuf::from(text))
}

/// The `file:` URI of a path (bytes outside the unreserved set escaped),
/// or the URI of a buffer that is no file.
pub fn uri_of(path: &Path) -> Uri {
    let text = path.to_string_lossy().replace('\\', "/");
    if let Some(escaped) = text.strip_prefix(UNTITLED) {
        let decoded = decode(escaped.as_bytes());
        if let Some(uri) = String::from_utf8(decoded)
            .ok()
            .and_then(|u| Uri::from_str(&u).ok())
        {
            return uri;
        }
    }
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if out.len() <= 10 => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Uri::from_str(&out).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

/// Percent-escapes decoded.
fn decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// A span of `text` as a UTF-16 range.
pub fn range(text: &str, span: Span) -> Range {
    let (a, b) = (position(text, span.start), position(text, span.end));
    Range::new(
        Position::new(a.line, a.character),
        Position::new(b.line, b.character),
    )
}

/// The file on disk a loaded text is, if it is one (not the standard
/// library, not typed text).
fn file_of(sources: &Sources, loc: Loc) -> Option<PathBuf> {
    let name = &sources.get(loc.source).name;
    let path = Path::new(name);
    path.is_absolute().then(|| path.to_path_buf())
}

/// Where a name is written, for the editor.
pub fn location(a: &Analysis, loc: Loc) -> Option<Location> {
    let file = file_of(&a.sources, loc)?;
    let text = &a.sources.get(loc.source).text;
    Some(Location::new(uri_of(&file), range(text, loc.span)))
}

/// The analysis's diagnostics, grouped by the file they point into.
pub fn to_diagnostics(a: &Analysis) -> Vec<(PathBuf, Vec<Diagnostic>)> {
    let mut by_file: Vec<(PathBuf, Vec<Diagnostic>)> = vec![];
    for d in &a.diagnostics {
        let loc = Loc {
            source: d.source,
            span: d.primary_span(),
        };
        // A problem in the standard library shows at the root's start.
        let (file, loc) = match file_of(&a.sources, loc) {
            Some(f) => (f, loc),
            None => match file_of(
                &a.sources,
                Loc {
                    source: a.root,
                    span: Span::new(0, 0),
                },
            ) {
                Some(f) => (
                    f,
                    Loc {
                        source: a.root,
                        span: Span::new(0, 0),
                    },
                ),
                None => continue,
            },
        };
        let diagnostic = diagnostic(a, d, loc);
        match by_file.iter_mut().find(|(f, _)| *f == file) {
            Some((_, list)) => list.push(diagnostic),
            None => by_file.push((file, vec![diagnostic])),
        }
    }
    by_file
}

fn diagnostic(a: &Analysis, d: &Diag, loc: Loc) -> Diagnostic {
    let text = &a.sources.get(loc.source).text;
    let mut message = d.message.clone();
    let primary_label = d
        .labels
        .iter()
        .find(|l| l.primary)
        .map(|l| l.message.as_str());
    if let Some(label) = primary_label.filter(|l| !l.is_empty()) {
        message.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let mut related = vec![];
    for l in d.labels.iter().filter(|l| !l.primary) {
        if let Some(location) = location(
            a,
            Loc {
                source: d.source,
                span: l.span,
            },
        ) {
            related.push(DiagnosticRelatedInformation {
                location,
                message: l.message.clone(),
            });
        }
    }
    for r in &d.related {
        if let Some(location) = location(
            a,
            Loc {
                source: r.source,
                span: r.primary_span(),
            },
        ) {
            related.push(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            });
        }
    }
    Diagnostic {
        range: range(text, loc.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some("neg".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// The icon of a completion.
pub fn completion_kind(kind: Kind) -> CompletionItemKind {
    match kind {
        Kind::Keyword => CompletionItemKind::KEYWORD,
        Kind::Party => CompletionItemKind::CLASS,
        Kind::Issue => CompletionItemKind::FIELD,
        Kind::Option => CompletionItemKind::ENUM_MEMBER,
        Kind::Offer => CompletionItemKind::VALUE,
        Kind::Event => CompletionItemKind::EVENT,
        Kind::Strategy | Kind::Function => CompletionItemKind::FUNCTION,
        Kind::Hypothesis => CompletionItemKind::TYPE_PARAMETER,
        Kind::Simulation => CompletionItemKind::VARIABLE,
    }
}

/// The root file's declarations as the editor's outline.
pub fn outline(a: &Analysis) -> Vec<DocumentSymbol> {
    let text = &a.sources.get(a.root).text;
    let one = |o: &Outline| -> DocumentSymbol {
        #[allow(deprecated)]
        DocumentSymbol {
            name: o.name.clone(),
            detail: None,
            kind: match o.kind {
                OutlineKind::Party => SymbolKind::CLASS,
                OutlineKind::Issue => SymbolKind::ENUM,
                OutlineKind::Option => SymbolKind::ENUM_MEMBER,
                OutlineKind::Event => SymbolKind::EVENT,
                OutlineKind::Offer => SymbolKind::OBJECT,
                OutlineKind::Strategy => SymbolKind::FUNCTION,
                OutlineKind::Prefs => SymbolKind::STRUCT,
                OutlineKind::Simulation => SymbolKind::VARIABLE,
            },
            tags: None,
            deprecated: None,
            range: range(text, o.span),
            selection_range: range(text, o.name_span),
            children: None,
        }
    };
    a.index
        .outline
        .iter()
        .filter(|o| o.source == a.root)
        .map(|o| {
            let mut symbol = one(o);
            if !o.children.is_empty() {
                symbol.children = Some(o.children.iter().map(one).collect());
            }
            symbol
        })
        .collect()
}

/// Whether `symbol` may be renamed here: it is declared, and in a file of
/// the user's (not the standard library's).
pub fn renamable(a: &Analysis, symbol: &Symbol) -> Result<(), String> {
    let name = symbol.name();
    let Some(def) = a.index.definition(symbol) else {
        return Err(format!(
            "`{name}` is not declared in this plan (a built-in name cannot be renamed)"
        ));
    };
    if file_of(&a.sources, def).is_none() {
        let file = &a.sources.get(def.source).name;
        return Err(format!(
            "`{name}` is declared in `{file}`, which cannot be edited"
        ));
    }
    Ok(())
}

/// The edits that rename `symbol` to `new` everywhere it is written.
// `Uri` caches its parts inside (clippy's "mutable key"); its hash and
// equality read only the text, so it is a sound key.
#[allow(clippy::mutable_key_type)]
pub fn rename(
    a: &Analysis,
    symbol: &Symbol,
    new: &str,
) -> Result<HashMap<Uri, Vec<TextEdit>>, String> {
    renamable(a, symbol)?;
    let is_ident = new
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && new.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_ident {
        return Err(format!(
            "`{new}` is not a name: letters, digits and `_`, not starting with a digit"
        ));
    }
    if crate::syntax::KEYWORDS.contains(&new) {
        return Err(format!("`{new}` is a word of the language"));
    }
    if new.chars().count() > crate::syntax::MAX_NAME_CHARS {
        return Err(format!(
            "a name has at most {} characters",
            crate::syntax::MAX_NAME_CHARS
        ));
    }
    if matches!(symbol, Symbol::Hook(_)) && RHAI_WORDS.contains(&new) {
        return Err(format!("`{new}` is a word of Rhai, the hooks' language"));
    }
    if symbol.name() != new {
        if let Some(why) = taken(a, new) {
            return Err(format!(
                "`{new}` already names {why}: the plan would not check"
            ));
        }
    }
    let mut edits: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for r in a.index.references(symbol) {
        let Some(location) = location(a, r.loc) else {
            continue;
        };
        edits.entry(location.uri).or_default().push(TextEdit {
            range: location.range,
            new_text: new.to_string(),
        });
    }
    Ok(edits)
}

/// Words Rhai keeps for itself (keywords, reserved words, and functions
/// every script has): a hook function cannot take them.
const RHAI_WORDS: &[&str] = &[
    "true",
    "false",
    "let",
    "const",
    "if",
    "else",
    "switch",
    "do",
    "while",
    "until",
    "loop",
    "for",
    "in",
    "continue",
    "break",
    "return",
    "throw",
    "try",
    "catch",
    "fn",
    "private",
    "import",
    "export",
    "as",
    "global",
    "this",
    "is",
    "var",
    "static",
    "shared",
    "goto",
    "exit",
    "match",
    "case",
    "public",
    "protected",
    "new",
    "use",
    "with",
    "module",
    "package",
    "super",
    "thread",
    "spawn",
    "go",
    "await",
    "async",
    "sync",
    "yield",
    "default",
    "void",
    "null",
    "nil",
    "Fn",
    "call",
    "curry",
    "type_of",
    "print",
    "debug",
    "eval",
    "is_def_var",
    "is_def_fn",
    "is_shared",
];

/// What `name` already names in the plan, if anything. Names are compared
/// across kinds: an expression reads a name as a party, issue, event or
/// offer first, then as an option or an event's outcome, so one spelling
/// for two things makes the plan fail to check or read the wrong one.
fn taken(a: &Analysis, name: &str) -> Option<String> {
    let index = &a.index;
    if let Some(kind) = index.kind_of(name) {
        return Some(article(kind).to_string());
    }
    if let Some((issue, _)) = index
        .options
        .iter()
        .find(|(_, o)| o.iter().any(|x| x == name))
    {
        return Some(format!("an option of `{issue}`"));
    }
    if let Some((event, _)) = index
        .events
        .iter()
        .find(|(_, o)| o.iter().any(|x| x == name))
    {
        return Some(format!("an outcome of `{event}`"));
    }
    if let Some((party, _)) = index
        .hypotheses
        .iter()
        .find(|(_, h)| h.iter().any(|x| x == name))
    {
        return Some(format!("a hypothesis about `{party}`"));
    }
    if index.hook_functions.iter().any(|f| f == name) {
        return Some("a hook function".into());
    }
    if index.simulations.iter().any(|s| s == name) {
        return Some("a simulation".into());
    }
    None
}

fn article(kind: TopKind) -> &'static str {
    match kind {
        TopKind::Party => "a party",
        TopKind::Issue => "an issue",
        TopKind::Event => "an event",
        TopKind::Offer => "an offer",
        TopKind::Strategy => "a strategy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_round_trip() {
        let uri = Uri::from_str("file:///tmp/a%20b/d%C3%A9al.neg").unwrap();
        let path = path_of(&uri).unwrap();
        assert_eq!(path, PathBuf::from("/tmp/a b/déal.neg"));
        assert_eq!(uri_of(&path).as_str(), uri.as_str());
        // A share on another machine is no path here (a UNC path on Windows).
        let share = Uri::from_str("file://server/share/x.neg").unwrap();
        assert_eq!(path_of(&share).is_some(), cfg!(windows));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        let path = path_of(&untitled).unwrap();
        assert!(path.is_absolute());
        assert_eq!(uri_of(&path).as_str(), "untitled:Untitled-1");
    }
}
