//! Frontier + Nash + welfare on random additive score sheets with integer
//! points, at the sizes of the performance targets.
//!
//! Run with `cargo bench --bench frontier`. Prints, per scenario, the number
//! of packages, the frontier size and the median of 5 in-process runs
//! (check + frontier + bargaining points; "analysis" leaves out the check).
//! `RAYON_NUM_THREADS=N` sets the threads; `-- --write DIR` writes the
//! scenarios of `benches/scaling.py` instead.

use neg::analysis::{bargaining, frontier, meso, space::Space};
use neg::cancel::Cancel;
use neg::diagnostics::Sources;
use std::fmt::Write;
use std::time::{Duration, Instant};

mod common;

use common::{analyse, Rng};

/// `parties` parties, `issues` issues of `options` options, points 0..=100.
pub fn scenario(parties: usize, issues: usize, options: usize, seed: u64) -> String {
    let mut r = Rng(seed | 1);
    let mut s = String::new();
    for p in 0..parties {
        let _ = writeln!(s, "party p{p} {{ batna 0 }}");
    }
    for i in 0..issues {
        let opts: Vec<String> = (0..options).map(|o| format!("o{o}")).collect();
        let _ = writeln!(s, "issue i{i} : {}", opts.join(" | "));
    }
    for p in 0..parties {
        let _ = writeln!(s, "prefs p{p} {{");
        for i in 0..issues {
            let e: Vec<String> = (0..options)
                .map(|o| format!("o{o}: {}", r.below(101)))
                .collect();
            let _ = writeln!(s, "    weight i{i} {}", 1 + r.below(10));
            let _ = writeln!(s, "    i{i} = {{ {} }}", e.join(", "));
        }
        s.push_str("}\n");
    }
    s
}

/// A rule that couples the first three issues (they are then enumerated together).
const COUPLING_RULE: &str = "rule \"coupled\": i0 == o0 => i1 != o1 and i2 != o2\n";

/// `meso p0 count 3` at p0's Nash level: the median of 5 runs, or why it stopped.
fn meso_median(text: &str) -> String {
    let mut sources = Sources::default();
    let s = neg::load_text(&mut sources, "bench.neg", text)
        .expect("checks")
        .scenario;
    let space = Space::build(&s).expect("space");
    let points = frontier::frontier(&space, s.slots.len());
    let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
    let level = bargaining::nash(&points, &batnas).map_or(0.0, |i| points[i].values[0]);
    let mut runs = vec![];
    for _ in 0..5 {
        let start = Instant::now();
        match meso::meso(&s, 0, 3, level, &Cancel::never()) {
            Ok(set) => std::hint::black_box(set.members.len()),
            Err(e) => return format!("stopped: {e:?} after {:.3?}", start.elapsed()),
        };
        runs.push(start.elapsed());
    }
    runs.sort();
    format!("{:.3?}", runs[2])
}

/// `--write DIR`: the scenarios of the whole-process timings
/// (`benches/scaling.sh`), each with `frontier`, `nash` and `welfare`.
fn write_scenarios(dir: &str) {
    std::fs::create_dir_all(dir).expect("a folder for the scenarios");
    for (parties, issues, options) in [(2, 300, 10), (3, 30, 10), (4, 10, 6), (5, 8, 5)] {
        let mut text = scenario(parties, issues, options, 42);
        text.push_str("frontier\nnash\nwelfare\n");
        let path = format!("{dir}/p{parties}_i{issues}_o{options}.neg");
        std::fs::write(&path, text).expect("writes the scenario");
        println!("{path}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let dir = args.get(i + 1).map_or("target/scaling", String::as_str);
        return write_scenarios(dir);
    }
    let cases = [(2, 6, 10), (2, 300, 10), (3, 30, 10), (4, 10, 6), (5, 8, 5)];
    println!(
        "{:>7} {:>6} {:>7} {:>7} {:>10} {:>9} {:>10} {:>10}",
        "parties", "issues", "options", "rule", "packages", "frontier", "median", "analysis"
    );
    for ((parties, issues, options), coupled) in
        cases.into_iter().flat_map(|c| [(c, false), (c, true)])
    {
        let mut text = scenario(parties, issues, options, 42);
        if coupled {
            text.push_str(COUPLING_RULE);
        }
        let mut size = 0;
        let (mut runs, mut analyses): (Vec<Duration>, Vec<Duration>) = (0..5)
            .map(|_| {
                let (checked, total, points) = analyse(&text);
                size = points;
                (total, total - checked)
            })
            .unzip();
        runs.sort();
        analyses.sort();
        println!(
            "{parties:>7} {issues:>6} {options:>7} {:>7} {:>10} {size:>9} {:>10.3?} {:>10.3?}",
            if coupled { "3-issue" } else { "-" },
            format!("1e{}", (issues as f64 * (options as f64).log10()).round()),
            runs[runs.len() / 2],
            analyses[analyses.len() / 2]
        );
    }
    println!();
    println!("meso p0 count 3 at p0's Nash level (frontier not included)");
    println!(
        "{:>7} {:>6} {:>7} {:>10}",
        "parties", "issues", "options", "median"
    );
    for (parties, issues, options) in [(2, 6, 10), (2, 30, 10), (3, 30, 10), (4, 10, 6), (5, 8, 5)]
    {
        let text = scenario(parties, issues, options, 42);
        println!(
            "{parties:>7} {issues:>6} {options:>7} {:>10}",
            meso_median(&text)
        );
    }
}
