//! Work budgets for the searches that can grow past what a person waits for.
//!
//! Each long analysis (the frontier merge, the MESO search) runs under a
//! [`Meter`]: every unit of work it does — a candidate vector built, a
//! dominance comparison in a Pareto filter, a heap step of a merge — is
//! spent against a fixed limit, and the analysis stops with
//! [`Halt::OverBudget`] when the limit is reached, so every search answers
//! or refuses within seconds. The meter also polls the [`Cancel`] flag, so
//! one call both counts and lets the user stop the search.

use super::cancel::{Cancel, Cancelled};
use std::cell::Cell;

/// Why a metered search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Halt {
    /// The user raised the cancel flag.
    Cancelled,
    /// The search spent its whole budget.
    OverBudget,
}

impl From<Cancelled> for Halt {
    fn from(_: Cancelled) -> Self {
        Halt::Cancelled
    }
}

/// Counts a search's work against a limit.
pub struct Meter<'a> {
    cancel: &'a Cancel,
    limit: u64,
    spent: Cell<u64>,
}

impl<'a> Meter<'a> {
    /// A meter that allows `limit` units of work.
    pub fn new(cancel: &'a Cancel, limit: u64) -> Self {
        Meter {
            cancel,
            limit,
            spent: Cell::new(0),
        }
    }

    /// Spends `units` of work: `Err` once the budget is gone or the cancel
    /// flag is raised.
    pub fn spend(&self, units: u64) -> Result<(), Halt> {
        let spent = self.spent.get().saturating_add(units);
        self.spent.set(spent);
        if spent > self.limit {
            return Err(Halt::OverBudget);
        }
        Ok(self.cancel.check()?)
    }

    /// Whether `units` more would go over the budget (to refuse a step
    /// before allocating for it).
    pub fn would_exceed(&self, units: u64) -> bool {
        self.spent.get().saturating_add(units) > self.limit
    }

    /// The work spent so far.
    pub fn spent(&self) -> u64 {
        self.spent.get()
    }

    /// The flag this meter polls (for progress reports).
    pub fn cancel(&self) -> &Cancel {
        self.cancel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_past_the_limit_and_on_cancel() {
        let flag = Cancel::flag();
        let meter = Meter::new(&flag, 10);
        assert_eq!(meter.spend(10), Ok(()));
        assert!(meter.would_exceed(1));
        assert_eq!(meter.spend(1), Err(Halt::OverBudget));
        let meter = Meter::new(&flag, 10);
        flag.raise();
        assert_eq!(meter.spend(1), Err(Halt::Cancelled));
    }
}
