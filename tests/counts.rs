//! How counts are worded and written: `check` gives the package count before
//! the rules and how many of them the rules allow, `plot` says it draws the
//! feasible ones, one of anything is singular, and JSON counts are integers.

use assert_cmd::Command;
use neg::repl::{ReplSession, Reply};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// x has 11 values and y 2: 22 packages. The rule keeps y = lo with any x
/// (11) and y = hi with x < 5 (5): 16. Each (hi, x) scores as (lo, x + 1), so
/// the 16 make 11 distinct points, all on the frontier (a wants x and hi, b
/// the opposite).
const RULED: &str = "party a\nparty b\n\
issue x : 0 .. 10 step 1\n\
issue y : lo | hi\n\
prefs a { x = linear(0 -> 0, 10 -> 100)  y = { lo: 0, hi: 10 } }\n\
prefs b { x = linear(0 -> 100, 10 -> 0)  y = { lo: 10, hi: 0 } }\n\
rule: x < 5 or y == lo\n\
plot \"ruled.svg\"\n";

/// One issue with one option: one of everything.
const SINGLE: &str = "party a\nparty b\n\
issue y : only\n\
prefs a { y = { only: 1 } }\n\
prefs b { y = { only: 1 } }\n\
plot \"single.svg\"\n\
status\n";

fn temp_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("counts_{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// `neg ARGS…` in `dir`: (exit code, stdout).
fn neg(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("neg")
        .expect("the neg binary is built")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("neg runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

#[test]
fn check_gives_all_packages_and_the_feasible_ones_plot_draws_the_feasible() {
    let dir = temp_dir("ruled");
    std::fs::write(dir.join("ruled.neg"), RULED).unwrap();
    let (code, out) = neg(&dir, &["check", "ruled.neg"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "ruled.neg: ok (2 parties, 2 issues, 22 packages, 16 of them feasible under the rules)\n"
    );
    let (_, out) = neg(&dir, &["run", "ruled.neg"]);
    assert_eq!(
        out,
        "plot: wrote ruled.svg (b against a; 16 feasible packages, 11 frontier points)\n"
    );

    let (_, out) = neg(&dir, &["--format", "json", "check", "ruled.neg"]);
    let v: Value = serde_json::from_str(out.trim()).expect("JSON");
    assert!(v["packages"].is_u64(), "an integer, not 22.0: {v}");
    assert_eq!(v["packages"], 22);
    assert!(v["feasible_packages"].is_u64(), "{v}");
    assert_eq!(v["feasible_packages"], 16);
    let (_, out) = neg(&dir, &["--format", "json", "run", "ruled.neg"]);
    let v: Value = serde_json::from_str(out.trim()).expect("JSON");
    assert_eq!(v["packages"], 16);
}

#[test]
fn one_of_anything_is_singular() {
    let dir = temp_dir("single");
    std::fs::write(dir.join("single.neg"), SINGLE).unwrap();
    let (_, out) = neg(&dir, &["check", "single.neg"]);
    assert_eq!(out, "single.neg: ok (2 parties, 1 issue, 1 package)\n");
    let (_, out) = neg(&dir, &["run", "single.neg"]);
    assert!(
        out.starts_with(
            "plot: wrote single.svg (b against a; 1 feasible package, 1 frontier point)\n"
        ),
        "{out}"
    );
    assert!(out.contains("0 of 1 issue settled"), "{out}");

    // The REPL's note on a loaded file: 5 declarations, 2 commands.
    let mut repl = on_disk(dir.clone());
    let notes: Vec<String> = repl
        .load(&dir.join("single.neg"))
        .into_iter()
        .filter_map(|r| match r {
            Reply::Note(n) => Some(n),
            _ => None,
        })
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.ends_with("(5 declarations; its 2 commands were not run)")),
        "{notes:?}"
    );
    std::fs::write(dir.join("one.neg"), "party a\nstatus\n").unwrap();
    let mut repl = on_disk(dir.clone());
    let notes: Vec<String> = repl
        .load(&dir.join("one.neg"))
        .into_iter()
        .filter_map(|r| match r {
            Reply::Note(n) => Some(n),
            _ => None,
        })
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.ends_with("(1 declaration; its 1 command was not run)")),
        "{notes:?}"
    );
}

/// A REPL session on the file system, as the command line makes it: files
/// read from disk, plots written there.
fn on_disk(base: std::path::PathBuf) -> ReplSession {
    ReplSession::new(std::sync::Arc::new(neg::host::FsWorld), base)
        .delivering_with(neg::host::write_plot)
}
