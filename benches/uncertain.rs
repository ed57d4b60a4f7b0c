//! `robust` and `probe` (issue 21), whole process: the `neg` binary runs a
//! plan and the wall time is measured, median of 5 runs.
//!
//! Run with `cargo bench --bench uncertain`. Scenarios: `robust for us`
//! with 8 hypotheses about one party on 30 issues × 10 options (10^30
//! packages), random weights 1–10 and points 0–100 for every sheet, each
//! hypothesis's BATNA a random 40–60% (moderate) or 60–80% (demanding) of
//! its best; and every shipped example
//! with hypotheses, run whole (its `probe`, `observe` and `robust` lines).

use std::fmt::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use common::Rng;

/// `us` known, `them` with `hypotheses` sheets, `issues` × `options`.
/// Each hypothesis's BATNA is `low`% to `low + 20`% of its best.
fn scenario(hypotheses: usize, issues: usize, options: usize, low: u64, seed: u64) -> String {
    let mut r = Rng(2 * seed - 1); // odd and distinct per seed (1, 3, 5, …)
    let mut s = String::from("party us { batna 0 }\nparty them\n");
    for i in 0..issues {
        let opts: Vec<String> = (0..options).map(|o| format!("o{o}")).collect();
        let _ = writeln!(s, "issue i{i} : {}", opts.join(" | "));
    }
    let sheet = |r: &mut Rng| -> (String, f64) {
        let mut body = String::new();
        let mut best = 0.0;
        let weights: Vec<u64> = (0..issues).map(|_| 1 + r.below(10)).collect();
        for (i, w) in weights.iter().enumerate() {
            let points: Vec<u64> = (0..options).map(|_| r.below(101)).collect();
            best += (*w * *points.iter().max().unwrap()) as f64;
            let cells: Vec<String> = points
                .iter()
                .enumerate()
                .map(|(o, p)| format!("o{o}: {p}"))
                .collect();
            let _ = writeln!(body, "    weight i{i} {w}");
            let _ = writeln!(body, "    i{i} = {{ {} }}", cells.join(", "));
        }
        (body, best)
    };
    let (ours, _) = sheet(&mut r);
    let _ = writeln!(s, "prefs us {{\n{ours}}}");
    for h in 0..hypotheses {
        let (body, best) = sheet(&mut r);
        let batna = (best * (low + r.below(21)) as f64 / 100.0).round();
        let _ = writeln!(s, "prefs them as h{h} {{\n{body}    batna {batna}\n}}");
    }
    s.push_str("robust for us\n");
    s
}

fn median_run(bin: &str, file: &Path) -> (Duration, bool) {
    let mut times = vec![];
    let mut ok = true;
    for _ in 0..5 {
        let start = Instant::now();
        let out = Command::new(bin)
            .arg("run")
            .arg(file)
            .output()
            .expect("runs neg");
        times.push(start.elapsed());
        ok &= out.status.success();
    }
    times.sort();
    (times[2], ok)
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_neg");
    if let Some(out) = std::env::args().skip_while(|a| a != "--write").nth(1) {
        std::fs::write(&out, scenario(8, 30, 10, 60, 1)).expect("writes");
        return;
    }
    let dir = std::env::temp_dir().join(format!("neg-bench-uncertain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    println!("| plan | median (whole process) | exit |");
    println!("| --- | ---: | --- |");
    for low in [40u64, 60] {
        for seed in [1u64, 2, 3] {
            let file = dir.join(format!("robust_{low}_{seed}.neg"));
            std::fs::write(&file, scenario(8, 30, 10, low, seed)).expect("writes");
            let (t, ok) = median_run(bin, &file);
            println!(
                "| robust, 8 hypotheses, 30 × 10, BATNAs {low}–{}% of best, seed {seed} | {:.0} ms | {} |",
                low + 20,
                t.as_secs_f64() * 1e3,
                if ok { "0" } else { "over budget" }
            );
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut examples: Vec<_> = std::fs::read_dir(&root)
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("robust for")))
        .collect();
    examples.sort();
    for file in examples {
        let (t, ok) = median_run(bin, &file);
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        println!(
            "| {name} (whole plan) | {:.0} ms | {} |",
            t.as_secs_f64() * 1e3,
            if ok { "0" } else { "failed" }
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
