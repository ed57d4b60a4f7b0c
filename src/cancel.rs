//! Cooperative cancellation of long analyses.
//!
//! A front end that lets its user stop a computation (the REPL, on Ctrl-C)
//! hands the interpreter a raisable flag; the frontier and MESO merges poll
//! it between steps and give up with [`Cancelled`]. A flag is per session,
//! not global, so one session's cancellation never reaches another's.
//!
//! The same object carries an optional progress callback: the analyses
//! report how far they are ([`Progress`]) and the front end decides whether
//! and how to show it (the CLI draws a line on a terminal's stderr). The
//! analyses never print.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// How far a long analysis has got: step `done` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// What is running ("frontier", "meso").
    pub task: &'static str,
    /// Steps finished.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

/// Where progress reports go.
pub type ProgressSink = Arc<dyn Fn(Progress) + Send + Sync>;

/// A flag that asks a running analysis to stop, and where to report
/// progress. Cloning shares both.
#[derive(Clone, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>, Option<ProgressSink>);

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel")
            .field("raised", &self.is_raised())
            .field("reports_progress", &self.1.is_some())
            .finish()
    }
}

/// What an analysis returns when its flag was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl Cancel {
    /// A flag that can be raised (from another thread or a signal handler).
    pub fn flag() -> Self {
        Cancel(Some(Arc::new(AtomicBool::new(false))), None)
    }

    /// The same flag, with progress reports sent to `sink`.
    pub fn reporting(mut self, sink: ProgressSink) -> Self {
        self.1 = Some(sink);
        self
    }

    /// Reports progress to the sink, if there is one.
    pub fn progress(&self, task: &'static str, done: usize, total: usize) {
        if let Some(sink) = &self.1 {
            sink(Progress { task, done, total });
        }
    }

    /// A flag that is never raised: the analysis always runs to the end.
    pub fn never() -> Self {
        Cancel(None, None)
    }

    /// Asks the analyses polling this flag to stop.
    pub fn raise(&self) {
        if let Some(flag) = &self.0 {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// Clears the flag, before the next computation.
    pub fn lower(&self) {
        if let Some(flag) = &self.0 {
            flag.store(false, Ordering::Relaxed);
        }
    }

    /// Whether the flag is raised.
    pub fn is_raised(&self) -> bool {
        self.0.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// `Err(Cancelled)` once the flag is raised: for `?` in the merge loops.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_raised() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_flag_is_seen_by_its_clones_only() {
        let a = Cancel::flag();
        let b = a.clone();
        let other = Cancel::flag();
        assert_eq!(b.check(), Ok(()));
        a.raise();
        assert_eq!(b.check(), Err(Cancelled));
        assert_eq!(other.check(), Ok(()));
        b.lower();
        assert!(!a.is_raised());
        let never = Cancel::never();
        never.raise();
        assert_eq!(never.check(), Ok(()));
    }
}
