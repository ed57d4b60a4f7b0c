//! Cooperative cancellation of long analyses.
//!
//! A front end that lets its user stop a computation (the REPL, on Ctrl-C)
//! hands the interpreter a raisable flag; the frontier and MESO merges poll
//! it between steps and give up with [`Cancelled`]. A flag is per session,
//! not global, so one session's cancellation never reaches another's.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A flag that asks a running analysis to stop. Cloning shares the flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

/// What an analysis returns when its flag was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl Cancel {
    /// A flag that can be raised (from another thread or a signal handler).
    pub fn flag() -> Self {
        Cancel(Some(Arc::new(AtomicBool::new(false))))
    }

    /// A flag that is never raised: the analysis always runs to the end.
    pub fn never() -> Self {
        Cancel(None)
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
