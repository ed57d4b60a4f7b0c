//! Loading: the root text, its imports (files relative to the importing file,
//! `std/NAME` from the embedded standard library), and import cycles.

use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId, Sources};
use crate::hooks::Piece;
use crate::model::Loc;
use crate::syntax::{parse_file, File, HookDecl, ItemKind, Span};
use crate::world::{line_ends, ReadFailure, World};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A parsed file in the load set.
#[derive(Debug)]
pub struct Loaded {
    /// Its text's id.
    pub source: SourceId,
    /// Its syntax tree.
    pub file: Arc<File>,
    /// Whether it is the root (only the root's commands run).
    pub is_root: bool,
    /// The hook code it brings in (`hook "f.rhai"`, `hook rhai { … }`).
    pub hooks: Vec<crate::hooks::Piece>,
}

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
pub fn load(
    world: &dyn World,
    sources: &mut Sources,
    root: SourceId,
    origin: Origin,
) -> (Vec<Loaded>, Vec<Diag>) {
    let mut loader = Loader::new(world, sources);
    loader.visit(root, origin, true);
    (loader.loaded, loader.diags)
}

/// [`load`] for root texts already parsed, taken together as one file (the
/// REPL's declarations, each parsed once when typed): their imports first,
/// in order, then the texts themselves, exactly as if they were one text.
pub fn load_parsed(
    world: &dyn World,
    sources: &mut Sources,
    roots: Vec<(SourceId, Arc<File>)>,
    origin: Origin,
) -> (Vec<Loaded>, Vec<Diag>) {
    let mut loader = Loader::new(world, sources);
    if let Some((first, _)) = roots.first() {
        let name = loader.sources.get(*first).name.clone();
        let key = loader.key_of(&origin, &name);
        loader.seen.push(key.clone());
        loader.stack.push((key, name));
    }
    for (source, file) in &roots {
        loader.imports(*source, &origin, file);
    }
    loader.stack.pop();
    for (source, file) in roots {
        let hooks = loader.hooks(source, &origin, &file);
        loader.loaded.push(Loaded {
            source,
            file,
            is_root: true,
            hooks,
        });
    }
    (loader.loaded, loader.diags)
}

struct Loader<'a> {
    world: &'a dyn World,
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

impl<'a> Loader<'a> {
    fn new(world: &'a dyn World, sources: &'a mut Sources) -> Self {
        Loader {
            world,
            sources,
            loaded: vec![],
            diags: vec![],
            seen: vec![],
            stack: vec![],
            hooks_seen: vec![],
        }
    }

    fn visit(&mut self, source: SourceId, origin: Origin, is_root: bool) {
        let text = self.sources.get(source).text.clone();
        let (file, diags) = parse_file(&text, source);
        self.diags.extend(diags);
        let key = self.key_of(&origin, &self.sources.get(source).name);
        self.seen.push(key.clone());
        self.stack
            .push((key, self.sources.get(source).name.clone()));
        self.imports(source, &origin, &file);
        self.stack.pop();
        let hooks = self.hooks(source, &origin, &file);
        self.loaded.push(Loaded {
            source,
            file: Arc::new(file),
            is_root,
            hooks,
        });
    }

    /// Loads the files a file imports, in order.
    fn imports(&mut self, source: SourceId, origin: &Origin, file: &File) {
        let imports: Vec<(String, Span)> = file
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::Import(s) => Some((s.value.clone(), s.span)),
                _ => None,
            })
            .collect();
        for (path, span) in imports {
            self.import(source, origin, &path, span);
        }
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
                    let std_hooks = self.world.std_hooks();
                    match std_hooks.iter().find(|(n, _)| *n == name) {
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
                            let names: Vec<&str> = std_hooks.iter().map(|(n, _)| *n).collect();
                            self.diags.push(
                                Diag::error(
                                    Code::LoadUnknownStd,
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
                    let key = self.key_of_path(&full);
                    if self.hooks_seen.contains(&key) {
                        continue;
                    }
                    if let Some(why) = self.not_a(&full, "rhai") {
                        self.diags.push(
                            Diag::error(
                                Code::LoadHookFile,
                                format!("cannot read the hook file `{}`: {why}", path.value),
                                source,
                                path.span,
                                "not a `.rhai` file",
                            )
                            .with_help(
                                "hook files are Rhai code ending in `.rhai` (`hooks/pricing.rhai`), or a standard hook (`std/shapes`); other files are not read",
                            ),
                        );
                        continue;
                    }
                    match self.world.read(&full).map(line_ends) {
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
                                Code::LoadHookFile,
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
                    Code::LoadStdImport,
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
                    Code::LoadImportCycle,
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
            let stdlib = self.world.stdlib();
            return match stdlib.iter().find(|(n, _)| *n == name) {
                Some((n, text)) => {
                    Some((n.to_string(), n.to_string(), text.to_string(), Origin::Std))
                }
                None => {
                    let names: Vec<&str> = stdlib.iter().map(|(n, _)| *n).collect();
                    let mut d = Diag::error(
                        Code::LoadUnknownStd,
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
        if let Some(why) = self.not_a(&full, "neg") {
            self.diags.push(
                Diag::error(
                    Code::LoadImport,
                    format!("cannot import `{path}`: {why}"),
                    from,
                    span,
                    "not a `.neg` file",
                )
                .with_help(
                    "imports are plans ending in `.neg` (`shared/parties.neg`), or standard-library modules (`std/lease`); other files are not read",
                ),
            );
            return None;
        }
        match self.world.read(&full).map(line_ends) {
            Ok(text) => {
                let key = self.key_of_path(&full);
                let name = full.to_string_lossy().into_owned();
                Some((key, name, text, Origin::Path(full)))
            }
            Err(why) => {
                self.diags.push(
                    Diag::error(
                        Code::LoadImport,
                        format!("cannot import `{path}`: {why}"),
                        from,
                        span,
                        "imported here",
                    )
                    .with_help(match why {
                        ReadFailure::NotUtf8(_) => {
                            "neg reads `.neg` files as UTF-8 text; save the file in that encoding".to_string()
                        }
                        ReadFailure::TooLarge | ReadFailure::NotRegular => {
                            "an import names a plan: a regular `.neg` file".to_string()
                        }
                        _ => format!(
                            "import paths are relative to the importing file; this one resolved to `{}`",
                            full.display()
                        ),
                    }),
                );
                None
            }
        }
    }

    /// Why `path` is not a `.ext` file, when it is not: its name, or the
    /// name of the file it leads to through links, ends otherwise. Imports
    /// and hook files name plans and Rhai code only, so a diagnostic about
    /// one never shows a line of some other file (a plan from elsewhere
    /// could otherwise display `/etc/passwd` or `/proc/self/environ`).
    fn not_a(&self, path: &Path, ext: &str) -> Option<String> {
        let ends = |p: &Path| p.extension().is_some_and(|e| e == ext);
        if !ends(path) {
            return Some(format!("its name does not end in `.{ext}`"));
        }
        let target = self.world.resolve(path)?;
        (!ends(&target)).then(|| {
            format!(
                "it leads to `{}`, whose name does not end in `.{ext}`",
                target.display()
            )
        })
    }

    /// What makes two loads of a file the same load.
    fn key_of(&self, origin: &Origin, name: &str) -> String {
        match origin {
            Origin::Path(p) => self.key_of_path(p),
            _ => name.to_string(),
        }
    }

    fn key_of_path(&self, path: &Path) -> String {
        self.world
            .resolve(path)
            .unwrap_or_else(|| path.to_path_buf())
            .to_string_lossy()
            .into_owned()
    }
}
