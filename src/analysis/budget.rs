//! Work budgets for the searches that can grow past what a person waits for.
//!
//! Each long analysis (the frontier merge, the MESO search) runs under a
//! [`Meter`]: every unit of work it does — a candidate vector built, a
//! dominance comparison in a Pareto filter, a heap step of a merge — is
//! spent against a fixed limit, and the analysis stops with
//! [`Halt::OverBudget`] when the limit is reached, so every search answers
//! or refuses within seconds. The meter also polls the [`Cancel`] flag, so
//! one call both counts and lets the user stop the search.
//!
//! The searches that run on several threads give each part of the work a
//! [`Tally`]: it counts locally and adds to the shared meter in batches, so
//! the hot loops pay no atomic operation per step. The units a search
//! spends depend on the plan only, never on the number of threads, so
//! whether it stops on its budget does not either.

use crate::cancel::{Cancel, Cancelled};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Counts a search's work against a limit; shared by the threads of one
/// search.
pub struct Meter<'a> {
    cancel: &'a Cancel,
    limit: u64,
    spent: AtomicU64,
}

impl<'a> Meter<'a> {
    /// A meter that allows `limit` units of work.
    pub fn new(cancel: &'a Cancel, limit: u64) -> Self {
        Meter {
            cancel,
            limit,
            spent: AtomicU64::new(0),
        }
    }

    /// Spends `units` of work: `Err` once the budget is gone or the cancel
    /// flag is raised.
    pub fn spend(&self, units: u64) -> Result<(), Halt> {
        let before = self.spent.fetch_add(units, Ordering::Relaxed);
        if before.saturating_add(units) > self.limit {
            // Keep the total saturated, so a later check still sees it over.
            self.spent.store(u64::MAX, Ordering::Relaxed);
            return Err(Halt::OverBudget);
        }
        Ok(self.cancel.check()?)
    }

    /// Whether `units` more would go over the budget (to refuse a step
    /// before allocating for it).
    pub fn would_exceed(&self, units: u64) -> bool {
        self.spent().saturating_add(units) > self.limit
    }

    /// The work spent so far.
    pub fn spent(&self) -> u64 {
        self.spent.load(Ordering::Relaxed)
    }

    /// A local count for one thread's part of the search.
    pub fn tally(&self) -> Tally<'_, 'a> {
        Tally {
            meter: self,
            held: Cell::new(0),
        }
    }

    /// The flag this meter polls (for progress reports).
    pub fn cancel(&self) -> &Cancel {
        self.cancel
    }
}

/// How many units a [`Tally`] holds before it adds them to its meter:
/// small enough that a search over budget stops within microseconds.
const TALLY_BATCH: u64 = 1 << 14;

/// One thread's count of work for a shared [`Meter`], added to it in
/// batches; what is left is added when the tally is dropped.
pub struct Tally<'m, 'a> {
    meter: &'m Meter<'a>,
    held: Cell<u64>,
}

impl Tally<'_, '_> {
    /// Spends `units`: `Err` once the meter's budget is gone (as far as this
    /// thread has seen) or the cancel flag is raised.
    pub fn spend(&self, units: u64) -> Result<(), Halt> {
        let held = self.held.get().saturating_add(units);
        if held < TALLY_BATCH {
            self.held.set(held);
            return Ok(());
        }
        self.held.set(0);
        self.meter.spend(held)
    }
}

impl Drop for Tally<'_, '_> {
    fn drop(&mut self) {
        let held = self.held.replace(0);
        if held > 0 {
            // Over budget or not, the total is what later steps check.
            let _ = self.meter.spend(held);
        }
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

    /// A tally adds its units to the meter in batches and when dropped, so
    /// the meter's total is the same as spending each unit on it directly.
    #[test]
    fn a_tally_adds_everything_it_counted() {
        let never = Cancel::never();
        let meter = Meter::new(&never, u64::MAX);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    let tally = meter.tally();
                    for _ in 0..10_000 {
                        tally.spend(3).unwrap();
                    }
                });
            }
        });
        assert_eq!(meter.spent(), 4 * 10_000 * 3);
        // Past the limit, a tally reports it at its next batch.
        let meter = Meter::new(&never, 100);
        let tally = meter.tally();
        let stopped = (0..TALLY_BATCH).find(|_| tally.spend(1).is_err());
        assert_eq!(stopped, Some(TALLY_BATCH - 1));
    }
}
