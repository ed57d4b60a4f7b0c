//! `neg tournament` from the command line: three shards run as separate
//! processes at once, merged, give exactly the unsharded result; bad shards
//! and bad merges are refused with the right exit codes; the chart is an
//! SVG file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const STRATEGIES: &str = "boulware, random, meso(k=2), bayesian";

fn neg(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_neg"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args);
    cmd
}

fn run(args: &[&str]) -> Output {
    neg(args).output().expect("neg runs")
}

fn temp_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tournament_{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn merged_shards_equal_the_unsharded_tournament() {
    let dir = temp_dir("shards");
    let plans = ["examples/tournament.neg", "examples/used_car_unknown.neg"];
    let common = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = vec!["--format".into(), "json".into(), "tournament".into()];
        v.extend(plans.iter().map(|p| p.to_string()));
        v.extend(
            [
                "--strategies",
                STRATEGIES,
                "--repeat",
                "7",
                "--rounds",
                "40",
                "--seed",
                "5",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let whole = {
        let args = common(&[]);
        let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    // Three shards at once, as a scheduler would start them.
    let files: Vec<PathBuf> = (1..=3)
        .map(|i| dir.join(format!("shard{i}.json")))
        .collect();
    let children: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let shard = format!("{}/3", i + 1);
            let args = common(&["--shard", &shard, "--out", f.to_str().unwrap()]);
            neg(&args.iter().map(String::as_str).collect::<Vec<_>>())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let mut merge: Vec<&str> = vec!["--format", "json", "tournament", "merge"];
    // In another order than written: the sums do not care.
    merge.extend([2, 0, 1].iter().map(|&i| files[i].to_str().unwrap()));
    let merged = run(&merge);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&merged.stdout),
        String::from_utf8_lossy(&whole)
    );
    let report: serde_json::Value = serde_json::from_slice(&whole).unwrap();
    // Two plans of two parties: 4^2 pairings × 7 runs each.
    assert_eq!(report["runs"], 2 * 16 * 7);
    assert_eq!(report["results"].as_array().unwrap().len(), 2 * 4 * 2);

    // A shard missing, a shard twice: refused, exit 1.
    let missing = run(&[
        "tournament",
        "merge",
        files[0].to_str().unwrap(),
        files[2].to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("shard 2 is missing"));
    let twice = run(&[
        "tournament",
        "merge",
        files[0].to_str().unwrap(),
        files[0].to_str().unwrap(),
        files[1].to_str().unwrap(),
    ]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("given twice"));
    // Not a shard at all.
    let bogus = dir.join("bogus.json");
    std::fs::write(&bogus, "{\"hello\": 1}").unwrap();
    let not_a_shard = run(&["tournament", "merge", bogus.to_str().unwrap()]);
    assert_eq!(not_a_shard.status.code(), Some(1));
}

#[test]
fn bad_shards_and_strategies_are_refused() {
    for shard in ["4/3", "0/3", "3", "a/b", "1/0"] {
        let out = run(&[
            "tournament",
            "examples/tournament.neg",
            "--strategies",
            "boulware",
            "--shard",
            shard,
        ]);
        assert_eq!(out.status.code(), Some(2), "{shard}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
    let out = run(&[
        "--format",
        "json",
        "tournament",
        "examples/tournament.neg",
        "--strategies",
        "boulwar, meso(k=11)",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let codes: Vec<String> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["code"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(codes, ["neg::check::unknown-name", "neg::check::argument"]);
    let out = run(&[
        "tournament",
        "examples/tournament.neg",
        "--strategies",
        "boulware",
        "--repeat",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_chart_is_an_svg_file() {
    let dir = temp_dir("chart");
    let chart = dir.join("t.svg");
    let out = run(&[
        "tournament",
        "examples/package_vs_sequential.neg",
        "--strategies",
        "boulware, frequency",
        "--repeat",
        "3",
        "--chart",
        chart.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("frequency") && svg.contains("as buyer"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("chart: wrote"));
}
