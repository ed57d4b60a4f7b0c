//! `neg lsp`: the language server, over stdio (lsp-server does the
//! JSON-RPC framing). Each open buffer is checked on open and on every
//! change, its unsaved text read through [`Overlay`] in place of the file;
//! the answers come from [`crate::ide`]. Positions are UTF-16, as the
//! protocol requires.

mod convert;

use crate::host::FsWorld;
use crate::ide::{self, Analysis};
use crate::world::{ReadFailure, World};
use convert::{path_of, range, to_diagnostics, uri_of};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{notification as n, request as r, *};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Serves one editor on stdin and stdout until it says `exit`; the exit
/// code is 0 after a `shutdown`, 1 otherwise (as the protocol asks).
pub fn serve() -> u8 {
    let (connection, io) = Connection::stdio();
    let outcome = run(&connection);
    drop(connection);
    // When the reader stopped on input it could not read, that is the story.
    let read = io.join();
    match (outcome, read) {
        (_, Err(e)) => {
            eprintln!("neg lsp: cannot read the editor's messages: {e}");
            1
        }
        (Ok(()), Ok(())) => 0,
        (Err(e), Ok(())) => {
            eprintln!("neg lsp: {e}");
            1
        }
    }
}

/// Where the conversation with the editor stands.
#[derive(PartialEq)]
enum Phase {
    /// Before `initialize`.
    Starting,
    /// Answering.
    Serving,
    /// After `shutdown`: only `exit` is expected.
    ShuttingDown,
}

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A request's failure: the protocol's code and a message for the user.
type Refusal = (ErrorCode, String);

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![
                ":".into(),
                "=".into(),
                "(".into(),
                ",".into(),
                " ".into(),
            ]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

fn run(connection: &Connection) -> Result<(), Error> {
    let caps = serde_json::to_value(capabilities())?;
    let init = serde_json::json!({
        "capabilities": caps,
        "serverInfo": {"name": "neg", "version": env!("CARGO_PKG_VERSION")},
    });
    let mut server = Server::default();
    let mut phase = Phase::Starting;
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                let refuse = |code: ErrorCode, message: &str| {
                    Response::new_err(req.id.clone(), code as i32, message.to_string())
                };
                let response = match (&phase, req.method.as_str()) {
                    (Phase::Starting, r::Initialize::METHOD) => {
                        phase = Phase::Serving;
                        Response::new_ok(req.id, &init)
                    }
                    (Phase::Starting, _) => refuse(
                        ErrorCode::ServerNotInitialized,
                        "the editor must send `initialize` first",
                    ),
                    (Phase::ShuttingDown, _) => {
                        refuse(ErrorCode::InvalidRequest, "the server is shutting down")
                    }
                    (Phase::Serving, r::Shutdown::METHOD) => {
                        phase = Phase::ShuttingDown;
                        Response::new_ok(req.id, ())
                    }
                    (Phase::Serving, r::Initialize::METHOD) => {
                        refuse(ErrorCode::InvalidRequest, "`initialize` was already sent")
                    }
                    (Phase::Serving, _) => server.request(req),
                };
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(note) if note.method == n::Exit::METHOD => {
                return match phase {
                    Phase::ShuttingDown => Ok(()),
                    _ => Err("`exit` came before `shutdown`".into()),
                };
            }
            Message::Notification(note) => {
                if phase == Phase::Serving {
                    for out in server.notification(note) {
                        connection.sender.send(Message::Notification(out))?;
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    Err("the editor closed the connection without `exit`".into())
}

/// The open buffers over the file system: a plan's imports read the
/// editor's unsaved text of an open file, the disk's otherwise.
#[derive(Clone, Default)]
struct Overlay {
    buffers: Arc<HashMap<PathBuf, String>>,
}

/// `a/./b/../c` as `a/c`: how an import's joined path names an open buffer.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

impl World for Overlay {
    fn read(&self, path: &Path) -> Result<String, ReadFailure> {
        match self.buffers.get(&normal(path)) {
            Some(text) => Ok(text.clone()),
            None => FsWorld.read(path),
        }
    }
    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        match self.buffers.contains_key(&normal(path)) {
            true => Some(normal(path)),
            false => FsWorld.resolve(path),
        }
    }
}

#[derive(Default)]
struct Server {
    overlay: Overlay,
    /// The latest analysis of each open buffer, dropped on any change.
    analyses: HashMap<PathBuf, Arc<Analysis>>,
    /// The files diagnostics were last published for, to clear them when
    /// they are gone.
    published: Vec<PathBuf>,
}

fn params<P: serde::de::DeserializeOwned>(value: serde_json::Value) -> Option<P> {
    serde_json::from_value(value).ok()
}

impl Server {
    fn notification(&mut self, note: Notification) -> Vec<Notification> {
        let path = |uri: &Uri| path_of(uri);
        let opened = match note.method.as_str() {
            n::DidOpenTextDocument::METHOD => params::<DidOpenTextDocumentParams>(note.params)
                .and_then(|p| Some((path(&p.text_document.uri)?, Some(p.text_document.text)))),
            n::DidChangeTextDocument::METHOD => params::<DidChangeTextDocumentParams>(note.params)
                .and_then(|p| {
                    let path = path(&p.text_document.uri)?;
                    let text = self.changed(&path, p.content_changes);
                    Some((path, Some(text)))
                }),
            n::DidSaveTextDocument::METHOD => params::<DidSaveTextDocumentParams>(note.params)
                .and_then(|p| Some((path(&p.text_document.uri)?, None))),
            n::DidCloseTextDocument::METHOD => {
                let Some(p) = params::<DidCloseTextDocumentParams>(note.params)
                    .and_then(|p| path(&p.text_document.uri))
                else {
                    return vec![];
                };
                let mut buffers = (*self.overlay.buffers).clone();
                buffers.remove(&p);
                self.overlay.buffers = Arc::new(buffers);
                return self.refresh();
            }
            _ => None,
        };
        let Some((path, text)) = opened else {
            return vec![];
        };
        if let Some(text) = text {
            let mut buffers = (*self.overlay.buffers).clone();
            buffers.insert(path, text);
            self.overlay.buffers = Arc::new(buffers);
        }
        self.refresh()
    }

    /// Checks every open buffer again (a change to one can break a plan
    /// that imports it) and publishes each file's problems: an open plan's
    /// own, except for a file another open plan imports (a shared file of
    /// parties rarely checks alone), whose problems are those its importers
    /// find in it; files with none left are cleared.
    fn refresh(&mut self) -> Vec<Notification> {
        self.analyses.clear();
        let open: Vec<PathBuf> = self.overlay.buffers.keys().cloned().collect();
        let analyses: Vec<(PathBuf, Arc<Analysis>)> =
            open.iter().map(|p| (p.clone(), self.analysis(p))).collect();
        let imported = |file: &PathBuf| {
            analyses.iter().any(|(root, a)| {
                root != file
                    && (0..a.sources.len()).any(|i| {
                        Path::new(&a.sources.get(crate::diagnostics::SourceId(i)).name) == file
                    })
            })
        };
        let mut now: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for path in &open {
            now.entry(path.clone()).or_default();
        }
        for (root, analysis) in &analyses {
            for (file, diags) in to_diagnostics(analysis) {
                let own = file == *root;
                // An open plan speaks for itself, unless another imports it.
                let speaks = match open.contains(&file) {
                    true => own != imported(&file),
                    false => true,
                };
                if !speaks {
                    continue;
                }
                let list = now.entry(file).or_default();
                for d in diags {
                    if !list.contains(&d) {
                        list.push(d);
                    }
                }
            }
        }
        let mut out: Vec<Notification> = self
            .published
            .iter()
            .filter(|f| !now.contains_key(*f))
            .map(|f| publish(f, vec![]))
            .collect();
        self.published = now.keys().cloned().collect();
        out.extend(now.into_iter().map(|(f, d)| publish(&f, d)));
        out
    }

    /// A buffer's text after `changes`: whole texts, as the server asks
    /// for, or ranges (UTF-16) of the text before, applied in order.
    fn changed(&self, path: &Path, changes: Vec<TextDocumentContentChangeEvent>) -> String {
        let mut text = self.overlay.buffers.get(path).cloned().unwrap_or_default();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let at = |p: Position| {
                        ide::position::offset(
                            &text,
                            ide::position::Position {
                                line: p.line,
                                character: p.character,
                            },
                        )
                    };
                    let (start, end) = (at(range.start), at(range.end));
                    text.replace_range(start.min(end)..end.max(start), &change.text);
                }
            }
        }
        text
    }

    fn analysis(&mut self, path: &Path) -> Arc<Analysis> {
        if let Some(a) = self.analyses.get(path) {
            return a.clone();
        }
        let a = Arc::new(ide::analyse(Arc::new(self.overlay.clone()), path));
        self.analyses.insert(path.to_path_buf(), a.clone());
        a
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            r::HoverRequest::METHOD => self.with_params(req, Server::hover),
            r::Completion::METHOD => self.with_params(req, Server::completion),
            r::GotoDefinition::METHOD => self.with_params(req, Server::definition),
            r::References::METHOD => self.with_params(req, Server::references),
            r::PrepareRenameRequest::METHOD => self.with_params(req, Server::prepare_rename),
            r::Rename::METHOD => self.with_params(req, Server::rename),
            r::DocumentSymbolRequest::METHOD => self.with_params(req, Server::symbols),
            r::Formatting::METHOD => self.with_params(req, Server::format),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("neg lsp does not answer `{}`", req.method),
            )),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn with_params<P, T>(
        &mut self,
        req: Request,
        answer: fn(&mut Server, P) -> Result<T, Refusal>,
    ) -> Result<serde_json::Value, Refusal>
    where
        P: serde::de::DeserializeOwned,
        T: serde::Serialize,
    {
        let p: P = serde_json::from_value(req.params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        let value = answer(self, p)?;
        serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    /// The analysis of the buffer at `uri`, and the byte offset of `pos` in it.
    fn at(&mut self, uri: &Uri, pos: Position) -> Result<(Arc<Analysis>, usize), Refusal> {
        let path = path_of(uri).ok_or((
            ErrorCode::InvalidParams,
            format!("not a file: {}", uri.as_str()),
        ))?;
        let a = self.analysis(&path);
        let text = &a.sources.get(a.root).text;
        let offset = ide::position::offset(
            text,
            ide::position::Position {
                line: pos.line,
                character: pos.character,
            },
        );
        Ok((a, offset))
    }

    fn hover(&mut self, p: HoverParams) -> Result<Option<Hover>, Refusal> {
        let tp = p.text_document_position_params;
        let (a, offset) = self.at(&tp.text_document.uri, tp.position)?;
        let text = &a.sources.get(a.root).text;
        Ok(ide::hover::hover(&a, a.root, offset).map(|h| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(range(text, h.span)),
        }))
    }

    fn completion(&mut self, p: CompletionParams) -> Result<Option<CompletionResponse>, Refusal> {
        let tp = p.text_document_position;
        let (a, offset) = self.at(&tp.text_document.uri, tp.position)?;
        let text = &a.sources.get(a.root).text;
        let mut found = ide::complete::complete(&text[..offset], &a.index);
        // Typing a space (or `:`, `=`, …) pops the list up only where the
        // place calls for something in particular (offers after
        // `evaluate`), not after every word of an expression.
        let typed = p
            .context
            .is_some_and(|c| c.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER);
        if typed && !found.specific {
            found.items.clear();
        }
        // The whole word under the cursor is replaced, its end too.
        let rest = &text[offset..];
        let word_end = offset
            + rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
        let edit_range = range(text, crate::diagnostics::Span::new(found.start, word_end));
        // The editor sorts by `sort_text`: keep the engine's order (the
        // place's own candidates first).
        let items = found
            .items
            .into_iter()
            .enumerate()
            .map(|(i, c)| CompletionItem {
                sort_text: Some(format!("{i:04}")),
                kind: Some(convert::completion_kind(c.kind)),
                detail: c.detail,
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: edit_range,
                    new_text: c.label.clone(),
                })),
                label: c.label,
                ..Default::default()
            })
            .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    fn definition(
        &mut self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>, Refusal> {
        let tp = p.text_document_position_params;
        let (a, offset) = self.at(&tp.text_document.uri, tp.position)?;
        let Some(o) = a.index.at(a.root, offset) else {
            return Ok(None);
        };
        let def = a.index.definition(&o.symbol);
        Ok(def
            .and_then(|loc| convert::location(&a, loc))
            .map(GotoDefinitionResponse::Scalar))
    }

    fn references(&mut self, p: ReferenceParams) -> Result<Option<Vec<Location>>, Refusal> {
        let tp = p.text_document_position;
        let (a, offset) = self.at(&tp.text_document.uri, tp.position)?;
        let Some(o) = a.index.at(a.root, offset) else {
            return Ok(None);
        };
        let with_declaration = p.context.include_declaration;
        let found = a
            .index
            .references(&o.symbol)
            .filter(|r| with_declaration || !r.is_definition)
            .filter_map(|r| convert::location(&a, r.loc))
            .collect();
        Ok(Some(found))
    }

    fn prepare_rename(
        &mut self,
        p: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>, Refusal> {
        let (a, offset) = self.at(&p.text_document.uri, p.position)?;
        let Some(o) = a.index.at(a.root, offset) else {
            return Ok(None);
        };
        convert::renamable(&a, &o.symbol).map_err(|m| (ErrorCode::InvalidRequest, m))?;
        let text = &a.sources.get(a.root).text;
        Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: range(text, o.loc.span),
            placeholder: o.symbol.name().to_string(),
        }))
    }

    #[allow(clippy::mutable_key_type)] // as in `convert::rename`
    fn rename(&mut self, p: RenameParams) -> Result<Option<WorkspaceEdit>, Refusal> {
        let tp = p.text_document_position;
        let (a, offset) = self.at(&tp.text_document.uri, tp.position)?;
        let Some(o) = a.index.at(a.root, offset) else {
            return Ok(None);
        };
        let edits = convert::rename(&a, &o.symbol, &p.new_name)
            .map_err(|m| (ErrorCode::InvalidRequest, m))?;
        Ok(Some(WorkspaceEdit {
            changes: Some(edits),
            ..Default::default()
        }))
    }

    fn symbols(
        &mut self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>, Refusal> {
        let (a, _) = self.at(&p.text_document.uri, Position::default())?;
        Ok(Some(DocumentSymbolResponse::Nested(convert::outline(&a))))
    }

    fn format(&mut self, p: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>, Refusal> {
        let (a, _) = self.at(&p.text_document.uri, Position::default())?;
        let text = &a.sources.get(a.root).text;
        // A plan with syntax errors is left as it is (its diagnostics say why).
        let Ok(mut formatted) = crate::fmt::format_source(text) else {
            return Ok(None);
        };
        // The buffer as the editor holds it: CRLF line ends stay CRLF.
        let held =
            path_of(&p.text_document.uri).and_then(|p| self.overlay.buffers.get(&p).cloned());
        let held = held.unwrap_or_else(|| text.to_string());
        if held.contains("\r\n") {
            formatted = formatted.replace('\n', "\r\n");
        }
        if formatted == held {
            return Ok(Some(vec![]));
        }
        let whole = range(&held, crate::diagnostics::Span::new(0, held.len()));
        Ok(Some(vec![TextEdit {
            range: whole,
            new_text: formatted,
        }]))
    }
}

fn publish(path: &Path, diagnostics: Vec<Diagnostic>) -> Notification {
    let params = PublishDiagnosticsParams {
        uri: uri_of(path),
        diagnostics,
        version: None,
    };
    Notification::new(n::PublishDiagnostics::METHOD.to_string(), params)
}
