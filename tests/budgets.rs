//! Every command ends, within its budget, with an answer or a diagnostic.
//!
//! Random plans from two parties and a few issues up to a few hundred issues
//! (or five parties and a dozen), with tables, linear sheets, a rule and a
//! contingent issue, get `check`, `fmt --check` and a `run` of every
//! analysis command, each in its own process with a wall-clock limit. Each
//! must exit 0 or 1 (never a panic, an abort, a signal or a hang) and every
//! failure must be a diagnostic with a code. The sizes reach the cases the
//! reliability probe found running for minutes (2 × 300 × 10, 5 × 12 × 6);
//! the analyses' own budgets (docs/performance.md) are what keep them short.

use proptest::prelude::*;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest any one process may take: the budgets stop a search within
/// seconds, so this is far above what a run needs and far below a hang.
const LIMIT: Duration = Duration::from_secs(120);

/// A plan: `parties` parties, `issues` issues of `options` options each
/// (every third one numeric), one rule, one contingent issue, two offers and
/// every analysis command.
fn plan(parties: usize, issues: usize, options: usize, seed: u64) -> String {
    let mut r = seed | 1;
    let mut next = move |n: u64| {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        r % n.max(1)
    };
    let mut t = String::from("scenario \"budgets\"\n");
    for p in 0..parties {
        t += &format!("party p{p} {{ batna {} }}\n", next(30));
    }
    t += "event e\n";
    for i in 0..issues {
        if i % 3 == 2 {
            t += &format!("issue i{i} : 0 .. {} step 1\n", options - 1);
        } else {
            let names: Vec<String> = (0..options).map(|o| format!("o{o}")).collect();
            t += &format!("issue i{i} : {}\n", names.join(" | "));
        }
    }
    t += "contingent i0 on e\n";
    if issues > 1 {
        t += "rule \"tie\": i0 == o0 => i1 == o0\n";
    }
    for p in 0..parties {
        t += &format!("prefs p{p} {{\n  believe e {}%\n", 10 + next(80));
        for i in 0..issues {
            if i % 3 == 2 {
                let (a, b) = (next(100), next(100));
                t += &format!("  i{i} = linear(0 -> {a}, {} -> {b})\n", options - 1);
            } else {
                let cells: Vec<String> = (0..options)
                    .map(|o| format!("o{o}: {}", next(100)))
                    .collect();
                t += &format!("  i{i} = {{ {} }}\n", cells.join(", "));
            }
        }
        t += "}\n";
    }
    for name in ["first", "last"] {
        let cells: Vec<String> = (0..issues)
            .map(|i| {
                let v = |o: usize| {
                    if i % 3 == 2 {
                        o.to_string()
                    } else {
                        format!("o{o}")
                    }
                };
                let o = if name == "first" { 0 } else { options - 1 };
                // Keep the rule: i0 = o0 needs i1 = o0.
                let o = if name == "last" && i == 1 { 0 } else { o };
                if i == 0 {
                    format!("i0: {{ yes: {}, no: {} }}", v(o), v(o))
                } else {
                    format!("i{i}: {}", v(o))
                }
            })
            .collect();
        t += &format!("offer {name} {{ {} }}\n", cells.join(", "));
    }
    for c in [
        "evaluate first",
        "frontier",
        "nash",
        "kalai",
        "welfare",
        "zopa",
        "classify",
        "power",
        "improve last",
        "tradeoffs p0 p1",
        "meso p0 count 3",
        "tentative i1 = o0",
        "status",
        "plot \"budgets.svg\"",
    ] {
        t += c;
        t += "\n";
    }
    t
}

/// Runs the binary with `args` on `file`, killing it at [`LIMIT`]; gives
/// (exit code, stderr, seconds).
fn run(args: &[&str], file: &Path) -> (Option<i32>, String, f64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_neg"))
        .args(["--color", "never"])
        .args(args)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn neg");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = reader.join().unwrap_or_default();
    let code = status.and_then(|s| s.code());
    (code, err, start.elapsed().as_secs_f64())
}

fn check_plan(parties: usize, issues: usize, options: usize, seed: u64) {
    let dir = std::env::temp_dir().join(format!(
        "neg-budgets-{}-{parties}-{issues}-{options}-{seed}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("plan.neg");
    std::fs::write(&file, plan(parties, issues, options, seed)).expect("write");
    let what = format!("{parties} parties × {issues} issues × {options} options, seed {seed}");
    for args in [&["check"][..], &["fmt", "--check"], &["run"]] {
        let (code, err, secs) = run(args, &file);
        assert!(
            matches!(code, Some(0 | 1)),
            "{what}: `neg {}` ended with {code:?} after {secs:.1}s\n{err}",
            args.join(" ")
        );
        assert!(!err.contains("panicked"), "{what}: {err}");
        if code == Some(1) && args[0] != "fmt" {
            assert!(
                err.contains("neg::"),
                "{what}: a failure without a diagnostic\n{err}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The shapes the reliability probe found slow, each once.
#[test]
fn the_probes_shapes_end_with_an_answer_or_a_diagnostic() {
    for (parties, issues, options) in [(2, 300, 10), (3, 30, 10), (5, 12, 6), (2, 20, 10)] {
        check_plan(parties, issues, options, 7);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(6),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_plans_end_with_an_answer_or_a_diagnostic(
        parties in 2usize..=5,
        scale in 0u32..=100,
        options in 2usize..=8,
        seed in any::<u64>(),
    ) {
        // Up to a few hundred issues for two parties, a dozen for five.
        let most = [300, 40, 14, 12][parties - 2];
        let issues = 1 + (most - 1) * scale as usize / 100;
        check_plan(parties, issues, options, seed);
    }
}
