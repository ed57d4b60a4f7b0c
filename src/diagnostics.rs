//! Diagnostics: one internal type for every problem neg reports, rendered by
//! miette for people and as JSON objects for tools.
//!
//! Every stage returns a list of [`Diag`]s rather than stopping at the first,
//! so a user sees all the mistakes in a file in one run.

pub use crate::codes::Code;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// Number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }
    /// Whether the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
    /// Whether `offset` lies inside the span.
    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// Identifies one source text in a [`Sources`] table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize)]
pub struct SourceId(pub usize);

/// One loaded text: a file, a stdlib module or a REPL line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (a path as the user gave it, or `std/NAME`).
    pub name: String,
    /// The text.
    pub text: Arc<str>,
}

/// Every text loaded in a session, so diagnostics can be rendered later.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a text and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceId {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
        });
        SourceId(self.files.len() - 1)
    }
    /// Gives a text another name (a host that read it from elsewhere than
    /// its path says: `HEAD:plan.neg`).
    pub fn rename(&mut self, id: SourceId, name: impl Into<String>) {
        if let Some(file) = self.files.get_mut(id.0) {
            file.name = name.into();
        }
    }
    /// How many texts there are (their ids are `0..len`).
    pub fn len(&self) -> usize {
        self.files.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    /// The text behind an id.
    pub fn get(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0]
    }
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: SourceId, offset: usize) -> (usize, usize) {
        line_col(&self.get(id).text, offset)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The largest char boundary not after `i` (stable replacement for the
/// unstable `str::floor_char_boundary`).
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be used.
    Error,
    /// Worth knowing; the run goes on.
    Warning,
    /// Context for another diagnostic (e.g. where a name was first declared).
    Note,
}

/// A labelled place in the source.
#[derive(Debug, Clone)]
pub struct Label {
    /// What is there.
    pub span: Span,
    /// What to say about it (may be empty).
    pub message: String,
    /// The main place of the problem.
    pub primary: bool,
}

/// One problem, with everything needed to show it.
#[derive(Debug, Clone)]
pub struct Diag {
    /// A stable code, e.g. `neg::check::unknown-name`.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The text the labels point into.
    pub source: SourceId,
    /// Labelled places; the first primary one positions the diagnostic.
    pub labels: Vec<Label>,
    /// How to fix it, where that helps.
    pub help: Option<String>,
    /// Further context.
    pub notes: Vec<String>,
    /// Problems shown with this one (e.g. the first declaration in another file).
    pub related: Vec<Diag>,
}

impl Diag {
    /// A new error at `span` in `source`, labelled `label`.
    pub fn error(
        code: Code,
        message: impl Into<String>,
        source: SourceId,
        span: Span,
        label: impl Into<String>,
    ) -> Diag {
        Diag {
            code,
            severity: Severity::Error,
            message: message.into(),
            source,
            labels: vec![Label {
                span,
                message: label.into(),
                primary: true,
            }],
            help: None,
            notes: vec![],
            related: vec![],
        }
    }
    /// A new warning at `span`.
    pub fn warning(
        code: Code,
        message: impl Into<String>,
        source: SourceId,
        span: Span,
        label: impl Into<String>,
    ) -> Diag {
        Diag {
            severity: Severity::Warning,
            ..Diag::error(code, message, source, span, label)
        }
    }
    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }
    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diag {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }
    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diag {
        self.notes.push(note.into());
        self
    }
    /// Adds a related diagnostic (shown after this one).
    pub fn with_related(mut self, related: Diag) -> Diag {
        self.related.push(related);
        self
    }
    /// The span that positions the diagnostic.
    pub fn primary_span(&self) -> Span {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map_or(Span::default(), |l| l.span)
    }
    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file and position, as users read them.
pub fn sort(diags: &mut [Diag]) {
    diags.sort_by_key(|d| (d.source, d.primary_span().start, d.primary_span().end));
}

/// The candidate closest to `name`, if it is close enough to be a typo: the
/// one "did you mean" of the checker (declared names) and the parser
/// (keywords).
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .filter(|c| *c != name)
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= limit || c.eq_ignore_ascii_case(name))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

// ---------------------------------------------------------------- rendering

/// How diagnostics are shown.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Use colour.
    pub color: bool,
    /// Terminal width to wrap at.
    pub width: usize,
}

/// Renders a diagnostic as miette draws it.
pub fn render_text(diag: &Diag, sources: &Sources, opts: RenderOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false);
    if has_huge_line(diag, sources) {
        return render_plain(diag, sources);
    }
    let mut out = String::new();
    let report = MietteDiag::new(diag, sources);
    if handler.render_report(&mut out, &report).is_err() {
        out = render_plain(diag, sources);
    }
    out
}

/// The longest line miette can draw a label on (it fails past 65 535 columns).
const MAX_DRAWN_LINE: usize = 10_000;

/// Whether a label stands on a line too long to draw as a snippet.
fn has_huge_line(diag: &Diag, sources: &Sources) -> bool {
    std::iter::once(diag).chain(&diag.related).any(|d| {
        let text = &sources.get(d.source).text;
        d.labels.iter().any(|l| {
            let at = floor_char_boundary(text, l.span.start.min(text.len()));
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            end - start > MAX_DRAWN_LINE
        })
    })
}

/// A diagnostic without a source snippet: message, place, labels, help.
fn render_plain(diag: &Diag, sources: &Sources) -> String {
    let file = sources.get(diag.source);
    let mut out = format!("{}: {}\n", severity_word(diag.severity), diag.message);
    for l in &diag.labels {
        let (line, col) = line_col(&file.text, l.span.start);
        out.push_str(&format!(
            "  --> {}:{line}:{col}: {}\n",
            file.name, l.message
        ));
    }
    if let Some(h) = &diag.help {
        out.push_str(&format!("  help: {h}\n"));
    }
    for n in &diag.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    out
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The JSON form of a diagnostic (one object per line on stderr).
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiag {
    /// One sentence saying what is wrong.
    pub message: String,
    /// The stable code (`neg::check::unknown-name`).
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// The file it points into (`None`: a file that could not be read).
    pub file: Option<String>,
    /// 1-based line of the primary label.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the primary label.
    pub column: Option<usize>,
    /// The labelled places.
    pub labels: Vec<JsonLabel>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further context.
    pub notes: Vec<String>,
    /// Problems shown with this one.
    pub related: Vec<JsonDiag>,
}

/// One labelled place of a [`JsonDiag`].
#[derive(Debug, Clone, Serialize)]
pub struct JsonLabel {
    /// What the label says.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset in the file.
    pub offset: usize,
    /// Length in bytes.
    pub length: usize,
    /// Whether it is the label that positions the diagnostic.
    pub primary: bool,
}

impl JsonDiag {
    /// An error with no place in a source (a file that cannot be read).
    pub fn plain(code: Code, message: String, help: Option<String>) -> JsonDiag {
        JsonDiag {
            message,
            code,
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            labels: vec![],
            help,
            notes: vec![],
            related: vec![],
        }
    }
}

/// Converts a diagnostic to its JSON form.
pub fn to_json(diag: &Diag, sources: &Sources) -> JsonDiag {
    let file = sources.get(diag.source);
    let (line, column) = line_col(&file.text, diag.primary_span().start);
    JsonDiag {
        message: diag.message.clone(),
        code: diag.code,
        severity: diag.severity,
        file: Some(file.name.clone()),
        line: Some(line),
        column: Some(column),
        labels: diag
            .labels
            .iter()
            .map(|l| {
                let (line, column) = line_col(&file.text, l.span.start);
                JsonLabel {
                    message: l.message.clone(),
                    line,
                    column,
                    offset: l.span.start,
                    length: l.span.len(),
                    primary: l.primary,
                }
            })
            .collect(),
        help: diag.help.clone(),
        notes: diag.notes.clone(),
        related: diag.related.iter().map(|r| to_json(r, sources)).collect(),
    }
}

/// Adapter that lets miette draw a [`Diag`].
struct MietteDiag {
    message: String,
    code: Code,
    /// `None` draws as advice.
    severity: Option<Severity>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    related: Vec<MietteDiag>,
}

impl MietteDiag {
    fn new(diag: &Diag, sources: &Sources) -> MietteDiag {
        let file = sources.get(diag.source);
        let text_len = file.text.len();
        // miette has one footer; notes follow the help line there.
        let mut help = diag.help.clone();
        for note in &diag.notes {
            help = Some(match help {
                Some(h) => format!("{h}\nnote: {note}"),
                None => note.clone(),
            });
        }
        MietteDiag {
            message: diag.message.clone(),
            code: diag.code,
            severity: Some(diag.severity),
            source: Some(NamedSource::new(file.name.clone(), file.text.to_string())),
            labels: diag
                .labels
                .iter()
                .map(|l| {
                    let start = floor_char_boundary(&file.text, l.span.start.min(text_len));
                    let end = l.span.end.clamp(start, text_len);
                    let label = (!l.message.is_empty()).then(|| l.message.clone());
                    if l.primary {
                        LabeledSpan::new_primary_with_span(label, start..end)
                    } else {
                        LabeledSpan::new_with_span(label, start..end)
                    }
                })
                .collect(),
            help,
            related: diag
                .related
                .iter()
                .map(|r| MietteDiag::new(r, sources))
                .collect(),
        }
    }
}

impl fmt::Debug for MietteDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for MietteDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteDiag {}

impl miette::Diagnostic for MietteDiag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.as_str().is_empty()).then(|| Box::new(self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Some(Severity::Error) => miette::Severity::Error,
            Some(Severity::Warning) => miette::Severity::Warning,
            Some(Severity::Note) | None => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// Diagnostics about a line appended to a text (found at `at` in it) shown
/// against the line itself, as a source of its own named `name`, when every
/// label lies in the line; otherwise as they are.
pub fn onto_line(
    diags: Vec<Diag>,
    sources: Sources,
    at: usize,
    line: &str,
    name: &str,
) -> (Vec<Diag>, Sources) {
    let line = line.trim_start_matches(['\n', '\r']).trim_end();
    let end = at + line.len();
    let inside = |d: &Diag| {
        d.labels
            .iter()
            .all(|l| l.span.start >= at && l.span.end <= end)
    };
    if !diags.iter().all(|d| inside(d) && d.related.is_empty()) {
        return (diags, sources);
    }
    let mut own = Sources::default();
    let id = own.add(name, line);
    let diags = diags
        .into_iter()
        .map(|mut d| {
            d.source = id;
            for l in &mut d.labels {
                l.span = Span::new(l.span.start - at, l.span.end - at);
            }
            d
        })
        .collect();
    (diags, own)
}
