//! Simulations: negotiations per second for 100-round boulware against
//! boulware on the four-by-ten scenario (10^4 packages), whole process; and
//! a ten-strategy round-robin with 100 repetitions on every shipped example,
//! on one core and on all of them.
//!
//! Run with `cargo bench --bench simulate`. Prints medians of 5 runs of the
//! release binary; `benches/negmas_sao.sh` compares the first figure with
//! NegMAS.

use std::process::Command;
use std::time::{Duration, Instant};

const NEG: &str = env!("CARGO_BIN_EXE_neg");

/// The ten strategies of the round-robin.
const TEN: &str = "boulware, linear, conceder, hardheaded, random, tit_for_tat, absolute_tit_for_tat, frequency, bayesian, meso";

/// The median wall time of 5 runs of `neg ARGS` (with `threads` rayon
/// threads; 0: all cores), and the last run's output; panics if one fails.
fn median(args: &[&str], threads: usize) -> (Duration, String) {
    let mut stdout = String::new();
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let mut cmd = Command::new(NEG);
            cmd.args(args);
            if threads > 0 {
                cmd.env("RAYON_NUM_THREADS", threads.to_string());
            }
            let start = Instant::now();
            let out = cmd.output().expect("neg runs");
            let took = start.elapsed();
            assert!(
                out.status.success(),
                "neg {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            took
        })
        .collect();
    times.sort();
    (times[2], stdout)
}

/// The `"runs"` figure of a tournament's JSON.
fn runs_of(json: &str) -> u64 {
    let at = json.find("\"runs\":").expect("a tournament report") + 7;
    json[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

fn main() {
    let dir = std::env::temp_dir().join(format!("neg-bench-simulate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = std::fs::read_to_string("benches/scenarios/four_by_ten.neg").unwrap();
    let runs = 100_000;
    let plan = dir.join("four_by_ten.neg");
    std::fs::write(
        &plan,
        format!("{base}\nsimulate a: boulware, b: boulware rounds 100 repeat {runs}\n"),
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    println!("boulware vs boulware, 100 rounds, 10^4 packages, {runs} negotiations per process");
    for threads in [1, 0] {
        let (t, _) = median(&["run", plan], threads);
        println!(
            "  {:<10} {:>8.3} s  {:>9.0} negotiations/s  {:>6.2} µs each",
            if threads == 1 {
                "1 thread"
            } else {
                "all cores"
            },
            t.as_secs_f64(),
            runs as f64 / t.as_secs_f64(),
            t.as_secs_f64() * 1e6 / runs as f64
        );
    }
    println!("\nround-robin of ten strategies, 100 repetitions per pairing, every shipped example");
    println!(
        "  {:<34} {:>12} {:>10} {:>10} {:>7}",
        "example", "negotiations", "1 thread", "all cores", "ratio"
    );
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "neg"))
        .collect();
    examples.sort();
    let (mut one, mut all) = (Duration::ZERO, Duration::ZERO);
    for example in &examples {
        let name = example.file_name().unwrap().to_string_lossy().to_string();
        let args = [
            "tournament",
            example.to_str().unwrap(),
            "--strategies",
            TEN,
            "--repeat",
            "100",
            "--format",
            "json",
        ];
        let ((t1, json), (tn, _)) = (median(&args, 1), median(&args, 0));
        one += t1;
        all += tn;
        let negotiations = runs_of(&json);
        println!(
            "  {:<34} {:>12} {:>9.2}s {:>9.2}s {:>7.2}",
            name,
            negotiations,
            t1.as_secs_f64(),
            tn.as_secs_f64(),
            t1.as_secs_f64() / tn.as_secs_f64()
        );
    }
    println!(
        "  {:<34} {:>12} {:>9.2}s {:>9.2}s {:>7.2}",
        "all examples",
        "",
        one.as_secs_f64(),
        all.as_secs_f64(),
        one.as_secs_f64() / all.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
