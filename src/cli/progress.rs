//! A progress line on stderr for the long analyses, drawn only when stderr
//! is a terminal (never into a pipe, a file or JSON output).
//!
//! The analyses report `step done of total` through their cancel object
//! (see `crate::cancel`); this sink turns the reports into one line,
//! redrawn in place at most ten times a second and only once a computation
//! has run for half a second, so quick commands never flicker. The front
//! end calls [`Line::clear`] before printing a command's result. A hand-made
//! line rather than a progress-bar crate: one line of text is all it needs.

use crate::cancel::{Progress, ProgressSink};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a computation runs before its line appears.
const QUIET_FOR: Duration = Duration::from_millis(500);
/// The least time between two redraws.
const REDRAW_EVERY: Duration = Duration::from_millis(100);

#[derive(Default)]
struct State {
    /// When the current computation first reported.
    started: Option<Instant>,
    last_drawn: Option<Instant>,
    drawn: bool,
}

/// The progress line of one front end.
#[derive(Clone, Default)]
pub struct Line(Option<Arc<Mutex<State>>>);

impl Line {
    /// A line on stderr if it is a terminal; otherwise one that never draws.
    pub fn on_stderr() -> Line {
        if std::io::stderr().is_terminal() {
            Line(Some(Arc::default()))
        } else {
            Line(None)
        }
    }

    /// The sink to hand to the analyses, if this line draws at all.
    pub fn sink(&self) -> Option<ProgressSink> {
        let state = self.0.clone()?;
        Some(Arc::new(move |p: Progress| {
            let Ok(mut state) = state.lock() else { return };
            let now = Instant::now();
            let started = *state.started.get_or_insert(now);
            let due = state
                .last_drawn
                .is_none_or(|t| now.duration_since(t) >= REDRAW_EVERY);
            if now.duration_since(started) < QUIET_FOR || !due {
                return;
            }
            state.last_drawn = Some(now);
            state.drawn = true;
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{}", text(p));
            let _ = err.flush();
        }))
    }

    /// Erases the line (if drawn) and starts afresh for the next command.
    pub fn clear(&self) {
        let Some(state) = &self.0 else { return };
        let Ok(mut state) = state.lock() else { return };
        if state.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
        *state = State::default();
    }
}

/// "computing the frontier: group 12 of 300 (Ctrl-C stops it)".
fn text(p: Progress) -> String {
    let what = match p.task {
        "frontier" => format!("merging the frontier: group {} of {}", p.done + 1, p.total),
        "meso" => format!(
            "searching equivalent offers: offer {} of {}",
            p.done + 1,
            p.total
        ),
        other => format!("{other}: step {} of {}", p.done + 1, p.total),
    };
    format!("{what} …")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_step_under_way() {
        let p = Progress {
            task: "frontier",
            done: 11,
            total: 300,
        };
        assert_eq!(text(p), "merging the frontier: group 12 of 300 …");
    }
}
