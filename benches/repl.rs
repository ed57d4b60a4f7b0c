//! The REPL's cost per line against the session's size: a session holding a
//! plan of N issues takes one more declaration (`party`), a changed one
//! (a BATNA), a first command (an `assert`: it checks the session strictly
//! once), and a next command, each timed alone.
//!
//! Run with `cargo bench --bench repl`. Prints the median of 15 runs per
//! size. A declaration is parsed once, when typed, but the scenario is still
//! checked whole, so a declaration's cost grows with the session at the
//! checker's rate (about a fifth of what parsing the session again would
//! add). A command is checked alone against the session checked before: its
//! cost follows the line.

use neg::repl::ReplSession;
use neg::world::MemoryWorld;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "common/plans.rs"]
mod plans;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    whole(1000);
    println!(
        "{:>8} {:>14} {:>14} {:>14} {:>14}",
        "issues", "new party", "new batna", "1st command", "next command"
    );
    let assert = "assert utility(a, first) >= 0";
    for issues in [10, 100, 1000] {
        let world = MemoryWorld::new().with("plan.neg", plans::two_parties(issues, 10));
        let session = || {
            let mut s = ReplSession::new(Arc::new(world.clone()), PathBuf::from("."));
            s.load(Path::new("plan.neg"));
            s
        };
        let time = |before: &[&str], line: &str| {
            let runs = (0..15)
                .map(|_| {
                    let mut s = session();
                    for b in before {
                        s.input(b);
                    }
                    let start = Instant::now();
                    std::hint::black_box(s.input(line));
                    start.elapsed()
                })
                .collect();
            median(runs)
        };
        println!(
            "{:>8} {:>14.2?} {:>14.2?} {:>14.2?} {:>14.2?}",
            issues,
            time(&[], "party c { batna 5 }"),
            time(&[], "party a { batna 12 }"),
            time(&[], assert),
            time(&[assert], assert),
        );
    }
}

/// What a whole plan of `issues` issues costs to parse, and to parse and
/// check: what each line cost when the REPL parsed the whole session.
fn whole(issues: usize) {
    let text = plans::two_parties(issues, 10);
    let t = Instant::now();
    for _ in 0..10 {
        std::hint::black_box(neg::syntax::parse_file(
            &text,
            neg::diagnostics::SourceId(0),
        ));
    }
    let parse = t.elapsed() / 10;
    let t = Instant::now();
    for _ in 0..10 {
        let mut sources = neg::diagnostics::Sources::default();
        std::hint::black_box(neg::load_text(&mut sources, "p.neg", &text).is_ok());
    }
    let all = t.elapsed() / 10;
    println!("the whole plan of {issues} issues: parse {parse:.2?}, parse and check {all:.2?}");
}
