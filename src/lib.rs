//! neg: a language and interpreter for planning multi-issue negotiations.
//!
//! Start with [`Plan`]: load a plan from a [`world::World`] (the file
//! system, [`host::FsWorld`], with the default `fs` feature; or texts in
//! memory, [`world::MemoryWorld`]), run its commands, run one more command,
//! export it to GENIUS or GeniusWeb ([`plan`] has a longer example).
//!
//! ```
//! use neg::world::MemoryWorld;
//! use std::sync::Arc;
//!
//! let world = MemoryWorld::new().with("deal.neg", r#"
//!     party buyer { batna 10 }
//!     party seller { batna 10 }
//!     issue price : $100 .. $200 step $50
//!     prefs buyer { price = linear($100 -> 100, $200 -> 0) }
//!     prefs seller { price = linear($100 -> 0, $200 -> 100) }
//!     offer mid { price: $150 }
//!     assert utility(buyer, mid) == 50
//! "#);
//! let plan = neg::Plan::load(Arc::new(world), "deal.neg")?;
//! assert!(plan.run().iter().all(|step| !step.is_failure()));
//! let nash = plan.run_command("nash")?;
//! let json = serde_json::to_value(nash.report())?;
//! assert_eq!(json["gains"]["buyer"], 40.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Data flows one way: text → [`syntax`] tree → [`check`]ed [`model`] →
//! [`eval`]uation, [`analysis`] and [`interp`]reted commands → [`report`]s.
//! The hosts — [`host`] (the file system), [`repl`], the `neg` binary (the
//! `cli` feature) and the Python package — sit on top and only call down;
//! `src/README.md` maps every file to its job.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod cancel;
pub mod check;
pub mod codes;
pub mod diagnostics;
pub mod eval;
pub mod fmt;
pub mod hooks;
#[cfg(feature = "fs")]
pub mod host;
pub mod interop;
pub mod interp;
pub mod model;
pub mod plan;
pub mod repl;
pub mod report;
pub mod syntax;
pub mod world;

use check::{Checked, Origin};
use diagnostics::{Diag, Sources};
pub use plan::{Plan, PlanError};
use std::path::Path;
use world::World;

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
        &analysis::cancel::Cancel::never(),
    )
}

/// [`load_file`] with the hook sandbox's limits; hook calls stop when
/// `cancel` is raised.
pub fn load_file_with(
    world: &dyn World,
    sources: &mut Sources,
    path: &Path,
    limits: hooks::Limits,
    cancel: &analysis::cancel::Cancel,
) -> Result<Result<Checked, Vec<Diag>>, ReadError> {
    let text = world.read(path).map_err(|why| ReadError {
        path: path.display().to_string(),
        why: why.to_string(),
    })?;
    let id = sources.add(path.display().to_string(), world::line_ends(text));
    Ok(check::check_source_with(
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
    check::check_source(
        &world::MemoryWorld::new(),
        sources,
        id,
        Origin::Memory(".".into()),
    )
}
