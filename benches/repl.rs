//! The REPL's cost per line against the session's size: a session holding a
//! plan of N issues takes one more declaration (`party`), a changed one
//! (a BATNA), a first command (an `assert`: it checks the session strictly
//! once), and a next command, each timed alone.
//!
//! Run with `cargo bench --bench repl`. Prints the median of 15 runs per
//! size. A declaration is parsed once, when typed. A command is checked
//! alone against the session checked before: its cost follows the line. So
//! is a declaration that nothing else depends on (an offer, a party's BATNA)
//! once a command has checked the session (the columns marked `*`: typed
//! after a command); other declarations, and any typed before the first
//! command, check the whole session, at the checker's rate.

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
        "{:>8} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "issues", "new party", "new batna", "1st command", "next command", "offer*", "batna*"
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
        // An offer setting every issue: its line grows with the plan.
        let sets: Vec<String> = (0..issues).map(|i| format!("i{i}: o1")).collect();
        let offer = format!("offer second {{ {} }}", sets.join(", "));
        println!(
            "{:>8} {:>12.2?} {:>12.2?} {:>12.2?} {:>12.2?} {:>12.2?} {:>12.2?}",
            issues,
            time(&[], "party c { batna 5 }"),
            time(&[], "party a { batna 12 }"),
            time(&[], assert),
            time(&[assert], assert),
            time(&[assert], &offer),
            time(&[assert], "party a { batna 12 }"),
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
