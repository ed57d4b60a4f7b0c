//! What an editor asks of a plan, without I/O: the plan checked once with
//! its syntax trees kept ([`Analysis`]), its names and every use of them
//! ([`index`]), hover text ([`hover`]), completion that knows where it is
//! ([`complete`]) and positions in UTF-16 ([`position`]). The language
//! server (`src/lsp/`) and the REPL's Tab sit on top.

pub mod complete;
pub mod hover;
pub mod index;
pub mod position;

use crate::cancel::Cancel;
use crate::check::{self, Origin};
use crate::diagnostics::{Code, Diag, SourceId, Sources, Span};
use crate::plan::Plan;
use crate::world::{line_ends, World};
use index::{Index, Input};
use std::path::Path;
use std::sync::Arc;

/// The frontier's points, or why they were refused.
pub type FrontierOutcome = Result<Vec<crate::analysis::frontier::Point>, crate::analysis::space::SpaceError>;

/// A plan checked for an editor: every problem, its names, and the plan
/// itself when it checks (for hover's figures).
pub struct Analysis {
    /// The texts read: the root first, then imports and hook files.
    pub sources: Sources,
    /// The root text's id.
    pub root: SourceId,
    /// Errors, or the warnings of a plan that checks.
    pub diagnostics: Vec<Diag>,
    /// Every name and where it is written.
    pub index: Index,
    /// The plan, when it checks.
    pub plan: Option<Plan>,
    /// The plan's frontier (or why it was refused) once a hover has
    /// computed it (an offer's efficiency needs it), for the next hover.
    pub frontier: std::sync::Mutex<Option<FrontierOutcome>>,
}

/// Checks the plan at `path` (read from `world`, which an editor overlays
/// with its unsaved buffers) and indexes its names.
pub fn analyse(world: Arc<dyn World + Send + Sync>, path: &Path) -> Analysis {
    let mut sources = Sources::default();
    let name = path.display().to_string();
    let text = match world.read(path) {
        Ok(text) => line_ends(text),
        Err(why) => {
            let root = sources.add(name, "");
            let diag = Diag::error(Code::Io, format!("cannot read `{}`: {why}", path.display()), root, Span::new(0, 0), "");
            return Analysis {
                sources,
                root,
                diagnostics: vec![diag],
                index: Index::default(),
                plan: None,
                frontier: Default::default(),
            };
        }
    };
    let root = sources.add(name.as_str(), text.as_str());
    let origin = Origin::Path(path.to_path_buf());
    let limits = crate::hooks::Limits::default();
    let (files, checked) = check::check_source_keeping_files(
        world.as_ref(),
        &mut sources,
        root,
        origin.clone(),
        limits,
        &Cancel::never(),
    );
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|f| Input {
            source: f.source,
            file: &f.file,
            hooks: f
                .hooks
                .iter()
                .map(|p| (p.source, p.span, &*sources.get(p.source).text))
                .collect(),
        })
        .collect();
    let index = Index::build(&inputs);
    drop(inputs);
    let (diagnostics, plan) = match checked {
        Ok(c) => {
            let warnings = c.warnings.clone();
            let plan = Plan::from_checked(world, sources.clone(), c, (name, text, origin), limits);
            (warnings, Some(plan))
        }
        Err(diags) => (diags, None),
    };
    Analysis {
        sources,
        root,
        diagnostics,
        index,
        plan,
        frontier: Default::default(),
    }
}

/// An index of texts parsed alone (the REPL's declarations, each parsed
/// when typed): their names, for completion.
pub fn index_of<'a>(files: impl IntoIterator<Item = &'a crate::syntax::File>) -> Index {
    let inputs: Vec<Input<'_>> = files
        .into_iter()
        .map(|file| Input {
            source: SourceId(0),
            file,
            hooks: vec![],
        })
        .collect();
    Index::build(&inputs)
}
