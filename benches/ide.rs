//! What an editor waits for on each keystroke: `neg lsp` checks the buffer
//! again and indexes its names (`ide::analyse`), then answers completion
//! and hover. Plans of 10, 100 and 1,000 issues of 10 options, and the
//! shipped term sheet. An offer's first hover computes the exact frontier
//! (its efficiency line); later hovers on the same analysis reuse it.
//!
//! Run with `cargo bench --bench ide`. Prints the median of 15 runs.

use neg::ide::{analyse, complete::complete, hover::hover};
use neg::world::MemoryWorld;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "common/plans.rs"]
mod plans;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(mut f: impl FnMut()) -> Duration {
    median(
        (0..15)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    println!(
        "{:>12} {:>12} {:>12} {:>12} {:>14} {:>12}",
        "plan", "analyse", "complete", "hover issue", "offer, first", "offer, next"
    );
    let term_sheet = include_str!("../examples/term_sheet.neg").to_string();
    let mut plans: Vec<(String, String, &str, &str)> = [10, 100, 1000]
        .into_iter()
        .map(|n| {
            (
                format!("{n} issues"),
                plans::two_parties(n, 10),
                "issue i0",
                "offer first",
            )
        })
        .collect();
    plans.push((
        "term sheet".into(),
        term_sheet,
        "issue equity",
        "offer counter",
    ));
    for (name, text, issue, offer) in plans {
        let path = Path::new("/bench/plan.neg");
        let world: Arc<MemoryWorld> = Arc::new(MemoryWorld::new().with(path, text.clone()));
        let analysis = analyse(world.clone(), path);
        assert!(
            analysis.plan.is_some(),
            "{name}: {:?}",
            analysis.diagnostics
        );
        let analysing = time(|| {
            std::hint::black_box(analyse(world.clone(), path));
        });
        let typed = format!("{text}\noffer o {{ i0: ");
        let completing = time(|| {
            std::hint::black_box(complete(&typed, &analysis.index));
        });
        let at = |needle: &str| text.find(needle).expect(needle) + needle.find(' ').unwrap() + 1;
        let (on_issue, on_offer) = (at(issue), at(offer));
        let hovering_issue = time(|| {
            std::hint::black_box(hover(&analysis, analysis.root, on_issue));
        });
        let first_offer = median(
            (0..5)
                .map(|_| {
                    let fresh = analyse(world.clone(), path);
                    let start = Instant::now();
                    std::hint::black_box(hover(&fresh, fresh.root, on_offer));
                    start.elapsed()
                })
                .collect(),
        );
        let next_offer = time(|| {
            std::hint::black_box(hover(&analysis, analysis.root, on_offer));
        });
        println!(
            "{name:>12} {analysing:>12.2?} {completing:>12.2?} {hovering_issue:>12.2?} {first_offer:>14.2?} {next_offer:>12.2?}"
        );
    }
}
