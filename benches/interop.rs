//! GENIUS import speed, whole process: `neg import genius` then `neg run`
//! with `frontier` and `nash`, on the largest shared domain (Travel, 188,160
//! outcomes) and on a synthetic three-party domain of 8 integer issues of 7
//! values (5.7 million outcomes, the size NegMAS needs minutes for).
//!
//! Run with `cargo bench --bench interop` (it builds and times the release
//! binary). Prints the median of 11 runs of import + run.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A deterministic xorshift generator.
struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_000) as f64 / 1_000_000.0
    }
}

/// Writes the synthetic domain: 3 profiles, 8 integer issues 1..7, linear evaluators.
fn synthetic(dir: &Path) {
    std::fs::create_dir_all(dir).expect("temp dir");
    let mut d = String::from("<negotiation_template>\n<utility_space>\n<objective index=\"0\" name=\"Synthetic\" type=\"objective\">\n");
    for i in 1..=8 {
        let _ = writeln!(d, "<issue index=\"{i}\" name=\"issue{i}\" type=\"integer\" lowerbound=\"1\" upperbound=\"7\"/>");
    }
    d.push_str("</objective>\n</utility_space>\n</negotiation_template>\n");
    std::fs::write(dir.join("domain.xml"), d).expect("write");
    let mut r = Rng(42);
    for p in 1..=3 {
        let weights: Vec<f64> = (0..8).map(|_| 0.1 + r.unit()).collect();
        let total: f64 = weights.iter().sum();
        let mut s = String::from("<utility_space>\n<reservation value=\"0.2\"/>\n<objective index=\"0\" name=\"Synthetic\" type=\"objective\">\n");
        for i in 1..=8 {
            // Rising or falling lines, with a kink where some reach 1 before 7.
            let slope = (0.1 + 0.15 * r.unit()) * if r.unit() < 0.5 { -1.0 } else { 1.0 };
            let offset = if slope < 0.0 { 1.0 } else { 0.1 * r.unit() };
            let _ = writeln!(s, "<issue index=\"{i}\" name=\"issue{i}\" type=\"integer\" lowerbound=\"1\" upperbound=\"7\"><evaluator ftype=\"linear\" slope=\"{slope}\" offset=\"{offset}\"/></issue>");
        }
        for (i, w) in weights.iter().enumerate() {
            let _ = writeln!(s, "<weight index=\"{}\" value=\"{}\"/>", i + 1, w / total);
        }
        s.push_str("</objective>\n</utility_space>\n");
        std::fs::write(dir.join(format!("profile{p}.xml")), s).expect("write");
    }
}

fn neg() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet"])
        .status()
        .expect("cargo build");
    assert!(status.success());
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/neg")
}

/// Import + run, whole process, once.
fn once(neg: &Path, input: &Path, plan: &Path) -> Duration {
    let start = Instant::now();
    let ok = Command::new(neg)
        .args(["import", "genius"])
        .arg(input)
        .arg("-o")
        .arg(plan)
        .output()
        .expect("import")
        .status
        .success();
    assert!(ok, "import failed");
    let mut text = std::fs::read_to_string(plan).expect("plan");
    text.push_str("\nfrontier\nnash\n");
    std::fs::write(plan, text).expect("plan");
    let out = Command::new(neg)
        .args(["run", "--format", "json"])
        .arg(plan)
        .output()
        .expect("run");
    assert!(out.status.success(), "run failed");
    start.elapsed()
}

fn main() {
    let neg = neg();
    let tmp = std::env::temp_dir().join(format!("neg-bench-interop-{}", std::process::id()));
    synthetic(&tmp.join("synthetic"));
    let travel = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/genius/Travel");
    println!("{:<34} {:>10} {:>10}", "domain", "outcomes", "median");
    for (name, input, outcomes) in [
        ("Travel (2 profiles)", travel, "188,160"),
        (
            "synthetic 3 × 8 integer × 7",
            tmp.join("synthetic"),
            "5,764,801",
        ),
    ] {
        let plan = tmp.join("plan.neg");
        let mut runs: Vec<Duration> = (0..11).map(|_| once(&neg, &input, &plan)).collect();
        runs.sort();
        println!("{name:<34} {outcomes:>10} {:>10.2?}", runs[5]);
    }
    let _ = std::fs::remove_dir_all(tmp);
}
