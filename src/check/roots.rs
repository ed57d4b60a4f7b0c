//! Loading a root text — a file from a [`World`] or a text that stands
//! alone — and checking it with everything it imports.

use super::{check_source, check_source_with, Checked, Origin};
use crate::cancel::Cancel;
use crate::diagnostics::{Diag, Sources};
use crate::hooks;
use crate::world::{self, World};
use std::path::Path;

/// Why a root file could not be read at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot read `{path}`: {why}")]
#[diagnostic(code(neg::io), help("check the path; neg reads UTF-8 `.neg` files"))]
pub struct ReadError {
    /// The path as given.
    pub path: String,
    /// What went wrong, in words.
    pub why: String,
}

/// Loads a `.neg` file from `world` with everything it imports, and checks it.
#[cfg(any(test, feature = "internals"))]
pub fn load_file(
    world: &dyn World,
    sources: &mut Sources,
    path: &Path,
) -> Result<Result<Checked, Vec<Diag>>, ReadError> {
    load_file_with(
        world,
        sources,
        path,
        hooks::Limits::default(),
        &Cancel::never(),
    )
}

/// [`load_file`] with the hook sandbox's limits; hook calls stop when
/// `cancel` is raised.
pub fn load_file_with(
    world: &dyn World,
    sources: &mut Sources,
    path: &Path,
    limits: hooks::Limits,
    cancel: &Cancel,
) -> Result<Result<Checked, Vec<Diag>>, ReadError> {
    let text = world.read(path).map_err(|why| ReadError {
        path: path.display().to_string(),
        why: why.to_string(),
    })?;
    let id = sources.add(path.display().to_string(), world::line_ends(text));
    Ok(check_source_with(
        world,
        sources,
        id,
        Origin::Path(path.to_path_buf()),
        limits,
        cancel,
    ))
}

/// Checks a text that stands alone: it may import the standard library,
/// nothing else (use [`load_file`] with a [`World`] for a plan with imports).
pub fn load_text(sources: &mut Sources, name: &str, text: &str) -> Result<Checked, Vec<Diag>> {
    let id = sources.add(name, world::line_ends(text.to_string()));
    check_source(
        &world::MemoryWorld::new(),
        sources,
        id,
        Origin::Memory(".".into()),
    )
}
