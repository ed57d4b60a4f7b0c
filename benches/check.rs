//! Front-end throughput: parse + check + compile a large generated scenario,
//! then each party's utility of its one offer (`eval::cared`; the
//! efficiency verdict needs the frontier and has its own bench).
//!
//! Run with `cargo bench --bench check`. Prints the median of 15 runs per size
//! and the ratio between sizes (the checker should grow linearly with the
//! number of options), then the same for one issue of 10 000 and 100 000
//! options.

use neg::diagnostics::Sources;
use std::time::{Duration, Instant};

#[path = "common/plans.rs"]
mod plans;

/// A two-party scenario with `issues` categorical issues of `options`
/// options, evaluating its one offer.
fn scenario(issues: usize, options: usize) -> String {
    plans::two_parties(issues, options) + "evaluate first\n"
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let mut previous: Option<(usize, Duration)> = None;
    println!(
        "{:>8} {:>10} {:>12} {:>8}",
        "issues", "bytes", "median", "ratio"
    );
    for issues in [30, 300, 3000] {
        let text = scenario(issues, 10);
        let runs: Vec<Duration> = (0..15)
            .map(|_| {
                let start = Instant::now();
                let mut sources = Sources::default();
                let checked =
                    neg::load_text(&mut sources, "bench.neg", &text).expect("checks clean");
                let s = &checked.scenario;
                for party in 0..s.parties.len() {
                    std::hint::black_box(neg::eval::cared(s, party, &s.offers[0].package));
                }
                start.elapsed()
            })
            .collect();
        let m = median(runs);
        let ratio = previous.map_or(String::from("-"), |(n, d)| {
            format!("{:.1}x/{}x", m.as_secs_f64() / d.as_secs_f64(), issues / n)
        });
        println!("{issues:>8} {:>10} {:>12.3?} {ratio:>8}", text.len(), m);
        previous = Some((issues, m));
    }
    // One wide issue: checking its options for repeats and looking up its
    // tables was once quadratic (110 s for 100 000 options).
    println!();
    println!(
        "{:>8} {:>10} {:>12} {:>8}",
        "options", "bytes", "median", "ratio"
    );
    let mut previous: Option<(usize, Duration)> = None;
    for options in [10_000, 100_000] {
        let text = scenario(1, options);
        let runs: Vec<Duration> = (0..5)
            .map(|_| {
                let start = Instant::now();
                let mut sources = Sources::default();
                std::hint::black_box(
                    neg::load_text(&mut sources, "bench.neg", &text).expect("checks clean"),
                );
                start.elapsed()
            })
            .collect();
        let m = median(runs);
        let ratio = previous.map_or(String::from("-"), |(n, d)| {
            format!("{:.1}x/{}x", m.as_secs_f64() / d.as_secs_f64(), options / n)
        });
        println!("{options:>8} {:>10} {:>12.3?} {ratio:>8}", text.len(), m);
        previous = Some((options, m));
    }
}
