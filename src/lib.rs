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
//! The public API is [`Plan`] and what its signatures name: [`world`]
//! (where texts come from), [`report`] (every command's typed result, with
//! its JSON and text forms), [`diagnostics`] (errors with spans, as the
//! command line prints them), [`host`] (the file system) and [`cli`] (the
//! `neg` binary). Inside, data flows one way: text → `syntax` tree →
//! `check`ed `model` → `eval`uation, `analysis` and `interp`reted commands →
//! reports; `src/README.md` maps every file to its job. The `internals`
//! feature makes those engine modules public too, for neg's own tests and
//! benchmarks and for research code that accepts breaking changes.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(unnameable_types)]
// Without the command line, the engine still carries what only its hosts
// call (the REPL's incremental check, cancellation flags, …); the default
// build's lints are the ones that find dead code.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

/// Declares engine modules: crate-private, or public with the `internals`
/// feature (neg's own tests and benchmarks use it; so may research code that
/// accepts breaking changes).
macro_rules! engine_modules {
    ($($(#[$attr:meta])* $name:ident;)*) => {$(
        $(#[$attr])*
        #[cfg(feature = "internals")]
        pub mod $name;
        $(#[$attr])*
        #[cfg(not(feature = "internals"))]
        pub(crate) mod $name;
    )*};
}

engine_modules! {
    analysis;
    cancel;
    check;
    codes;
    /// `neg diff`'s engine: two versions of a plan compared.
    diff;
    eval;
    fmt;
    hooks;
    /// What editors ask of a plan (I/O-free): its names and their uses,
    /// hover, context-aware completion, UTF-16 positions.
    ide;
    interop;
    interp;
    model;
    /// The REPL's session (I/O-free); its terminal is in `cli`.
    #[cfg(feature = "cli")]
    repl;
    syntax;
}

#[cfg(feature = "cli")]
pub mod cli;
pub mod diagnostics;
#[cfg(feature = "fs")]
pub mod host;
/// The language server (`neg lsp`): the editor's protocol over stdio.
#[cfg(feature = "cli")]
mod lsp;
pub mod plan;
pub mod report;
pub mod world;

#[cfg(feature = "internals")]
pub use check::roots::{load_file, load_file_with, load_text, ReadError};
pub use interp::Step;
pub use plan::{Plan, PlanError};
