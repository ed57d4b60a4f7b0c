//! Loading: the root text, its imports (files relative to the importing file,
//! `std/NAME` from the embedded standard library), and import cycles.

use crate::diagnostics::{Diag, SourceId, Sources};
use crate::hooks::Piece;
use crate::model::Loc;
use crate::syntax::{parse_file, File, HookDecl, ItemKind, Span};
use std::path::{Path, PathBuf};

/// A parsed file in the load set.
#[derive(Debug)]
pub struct Loaded {
    /// Its text's id.
    pub source: SourceId,
    /// Its syntax tree.
    pub file: File,
    /// Whether it is the root (only the root's commands run).
    pub is_root: bool,
    /// The hook code it brings in (`hook "f.rhai"`, `hook rhai { … }`).
    pub hooks: Vec<crate::hooks::Piece>,
}

/// The standard library, embedded in the binary: `std/NAME` → text.
pub const STDLIB: &[(&str, &str)] = &[
    (
        "std/negotiation",
        include_str!("../../stdlib/negotiation.neg"),
    ),
    ("std/job_offer", include_str!("../../stdlib/job_offer.neg")),
    (
        "std/procurement",
        include_str!("../../stdlib/procurement.neg"),
    ),
    (
        "std/term_sheet",
        include_str!("../../stdlib/term_sheet.neg"),
    ),
    ("std/lease", include_str!("../../stdlib/lease.neg")),
    ("std/earn_out", include_str!("../../stdlib/earn_out.neg")),
];

/// Hook code in the standard library: `hook "std/NAME"` → Rhai source.
pub const STD_HOOKS: &[(&str, &str)] = &[("std/shapes", include_str!("../../stdlib/shapes.rhai"))];

/// Where a text came from, to resolve its relative imports.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file on disk.
    Path(PathBuf),
    /// The embedded standard library.
    Std,
    /// Typed or generated text; imports resolve against this folder.
    Memory(PathBuf),
}

/// Parses the root text and everything it imports, depth first.
pub fn load(sources: &mut Sources, root: SourceId, origin: Origin) -> (Vec<Loaded>, Vec<Diag>) {
    let mut loader = Loader {
        sources,
        loaded: vec![],
        diags: vec![],
        seen: vec![],
        stack: vec![],
        hooks_seen: vec![],
    };
    loader.visit(root, origin, true);
    (loader.loaded, loader.diags)
}

struct Loader<'a> {
    sources: &'a mut Sources,
    loaded: Vec<Loaded>,
    diags: Vec<Diag>,
    /// Canonical keys of files already loaded (a diamond loads once).
    seen: Vec<String>,
    /// Keys and display names of the files being loaded, for cycle reports.
    stack: Vec<(String, String)>,
    /// Hook files already brought in (named twice, they are read once).
    hooks_seen: Vec<String>,
}

impl Loader<'_> {
    fn visit(&mut self, source: SourceId, origin: Origin, is_root: bool) {
        let text = self.sources.get(source).text.clone();
        let (file, diags) = parse_file(&text, source);
        self.diags.extend(diags);
        let key = key_of(&origin, &self.sources.get(source).name);
        self.seen.push(key.clone());
        self.stack
            .push((key, self.sources.get(source).name.clone()));
        let imports: Vec<(String, Span)> = file
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::Import(s) => Some((s.value.clone(), s.span)),
                _ => None,
            })
            .collect();
        for (path, span) in imports {
            self.import(source, &origin, &path, span);
        }
        self.stack.pop();
        let hooks = self.hooks(source, &origin, &file);
        self.loaded.push(Loaded {
            source,
            file,
            is_root,
            hooks,
        });
    }

    /// The hook code of a file: inline blocks where they stand, hook files
    /// read (relative to the file) into the sources.
    fn hooks(&mut self, source: SourceId, origin: &Origin, file: &File) -> Vec<Piece> {
        let mut pieces = vec![];
        for item in &file.items {
            let ItemKind::Hook(h) = &item.kind else {
                continue;
            };
            let keyword = Span::new(item.span.start, item.span.start + "hook".len());
            match h {
                HookDecl::Inline { span, .. } => pieces.push(Piece {
                    source,
                    span: *span,
                    decl: Loc {
                        source,
                        span: keyword,
                    },
                }),
                HookDecl::File(path) if path.value.starts_with("std/") => {
                    let name = path.value.trim_end_matches(".rhai");
                    match STD_HOOKS.iter().find(|(n, _)| *n == name) {
                        Some((n, _)) if self.hooks_seen.iter().any(|s| s == n) => {}
                        Some((n, text)) => {
                            self.hooks_seen.push(n.to_string());
                            let id = self.sources.add(format!("{n}.rhai"), *text);
                            pieces.push(Piece {
                                source: id,
                                span: Span::new(0, text.len()),
                                decl: Loc {
                                    source,
                                    span: path.span,
                                },
                            });
                        }
                        None => {
                            let names: Vec<&str> = STD_HOOKS.iter().map(|(n, _)| *n).collect();
                            self.diags.push(
                                Diag::error(
                                    "neg::load::unknown-std",
                                    format!(
                                        "there is no hook `{}` in the standard library",
                                        path.value
                                    ),
                                    source,
                                    path.span,
                                    "not in the standard library",
                                )
                                .with_note(format!("its hooks are: {}", names.join(", "))),
                            );
                        }
                    }
                }
                HookDecl::File(path) => {
                    let Some(dir) = self.folder_of(source, origin, path.span) else {
                        continue;
                    };
                    let full = dir.join(&path.value);
                    let key = full
                        .canonicalize()
                        .unwrap_or_else(|_| full.clone())
                        .to_string_lossy()
                        .into_owned();
                    if self.hooks_seen.contains(&key) {
                        continue;
                    }
                    match read_text(&full) {
                        Ok(text) => {
                            self.hooks_seen.push(key);
                            let len = text.len();
                            let id = self.sources.add(full.to_string_lossy().into_owned(), text);
                            pieces.push(Piece {
                                source: id,
                                span: Span::new(0, len),
                                decl: Loc {
                                    source,
                                    span: path.span,
                                },
                            });
                        }
                        Err(why) => self.diags.push(
                            Diag::error(
                                "neg::load::hook-file",
                                format!("cannot read the hook file `{}`: {why}", path.value),
                                source,
                                path.span,
                                "hook file",
                            )
                            .with_help(format!(
                                "hook paths are relative to the file that names them; this one resolved to `{}`",
                                full.display()
                            )),
                        ),
                    }
                }
            }
        }
        pieces
    }

    /// The folder relative paths in a file resolve against (`None`, with a
    /// diagnostic, for the standard library, which names no files).
    fn folder_of(&mut self, from: SourceId, origin: &Origin, span: Span) -> Option<PathBuf> {
        match origin {
            Origin::Path(p) => Some(p.parent().map(Path::to_path_buf).unwrap_or_default()),
            Origin::Memory(d) => Some(d.clone()),
            Origin::Std => {
                self.diags.push(Diag::error(
                    "neg::load::std-import",
                    "a standard-library module can import only other `std/` modules",
                    from,
                    span,
                    "a file import",
                ));
                None
            }
        }
    }

    fn import(&mut self, from: SourceId, origin: &Origin, path: &str, span: Span) {
        let (key, name, text, child_origin) = match self.resolve(from, origin, path, span) {
            Some(r) => r,
            None => return,
        };
        if let Some(pos) = self.stack.iter().position(|(k, _)| *k == key) {
            let mut chain: Vec<String> = self.stack[pos..].iter().map(|(_, n)| n.clone()).collect();
            chain.push(name);
            self.diags.push(
                Diag::error(
                    "neg::load::import-cycle",
                    format!("import cycle: {}", chain.join(" → ")),
                    from,
                    span,
                    "this import closes the cycle",
                )
                .with_help("move the shared declarations into a file that both import"),
            );
            return;
        }
        if self.seen.contains(&key) {
            return;
        }
        let id = self.sources.add(name, text);
        self.visit(id, child_origin, false);
    }

    /// Finds an import's text: `(key, display name, text, origin)`.
    fn resolve(
        &mut self,
        from: SourceId,
        origin: &Origin,
        path: &str,
        span: Span,
    ) -> Option<(String, String, String, Origin)> {
        if path.starts_with("std/") {
            let name = path.trim_end_matches(".neg");
            return match STDLIB.iter().find(|(n, _)| *n == name) {
                Some((n, text)) => {
                    Some((n.to_string(), n.to_string(), text.to_string(), Origin::Std))
                }
                None => {
                    let names: Vec<&str> = STDLIB.iter().map(|(n, _)| *n).collect();
                    let mut d = Diag::error(
                        "neg::load::unknown-std",
                        format!("there is no `{path}` in the standard library"),
                        from,
                        span,
                        "not in the standard library",
                    )
                    .with_note(format!("the standard library has: {}", names.join(", ")));
                    if let Some(s) = super::names::suggest(name, names.iter().copied()) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    self.diags.push(d);
                    None
                }
            };
        }
        let full = self.folder_of(from, origin, span)?.join(path);
        match read_text(&full) {
            Ok(text) => {
                let key = full
                    .canonicalize()
                    .unwrap_or_else(|_| full.clone())
                    .to_string_lossy()
                    .into_owned();
                let name = full.to_string_lossy().into_owned();
                Some((key, name, text, Origin::Path(full)))
            }
            Err(why) => {
                self.diags.push(
                    Diag::error(
                        "neg::load::import",
                        format!("cannot import `{path}`: {why}"),
                        from,
                        span,
                        "imported here",
                    )
                    .with_help(if full.is_file() {
                        "neg reads `.neg` files as UTF-8 text; save the file in that encoding".to_string()
                    } else {
                        format!(
                            "import paths are relative to the importing file; this one resolved to `{}`",
                            full.display()
                        )
                    }),
                );
                None
            }
        }
    }
}

fn key_of(origin: &Origin, name: &str) -> String {
    match origin {
        Origin::Path(p) => p
            .canonicalize()
            .unwrap_or_else(|_| p.clone())
            .to_string_lossy()
            .into_owned(),
        _ => name.to_string(),
    }
}

/// Reads a UTF-8 text file, describing a failure in words.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if path.is_dir() => "it is a directory".to_string(),
        _ => e.to_string(),
    })?;
    // A byte-order mark (saved by some Windows editors) is not part of the text.
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}
