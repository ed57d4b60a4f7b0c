//! The `neg` command line, end to end: help, exit codes, several files at
//! once, JSON output with hand-computed utilities, the formatter's check and
//! rewrite modes, and every scenario in `examples/` running clean.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A `neg` command run from the crate root with stable, colourless output.
/// A hang guard for the scale regressions below: the process is killed
/// (and the test fails) past it. Their speed is measured by benchmarks
/// (`benches/check.rs` for a wide issue; `docs/performance.md`), not
/// here; each takes a few seconds.
const HANG: std::time::Duration = std::time::Duration::from_secs(120);

fn neg() -> Command {
    let mut cmd = Command::cargo_bin("neg").expect("the neg binary is built");
    cmd.current_dir(manifest_dir())
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// A fresh, empty folder for one test's files.
fn temp_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Text that must not appear when neg fails on purpose.
fn no_panic() -> impl Predicate<str> {
    predicate::str::contains("panicked")
        .or(predicate::str::contains("backtrace"))
        .or(predicate::str::contains("RUST_BACKTRACE"))
        .not()
}

// ------------------------------------------------------------------ help

#[test]
fn help_mentions_examples() {
    neg()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("neg run "))
        .stdout(predicate::str::contains("neg check "))
        .stdout(predicate::str::contains("neg fmt "))
        .stdout(predicate::str::contains("Exit status"));
}

#[test]
fn subcommand_help_has_an_example() {
    for sub in ["run", "check", "fmt"] {
        neg()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("neg {sub} ")));
    }
}

// ------------------------------------------------------------------ exit 2

#[test]
fn run_of_a_missing_file_is_a_clean_exit_2() {
    neg()
        .env("RUST_BACKTRACE", "1")
        .args(["--color", "never", "run", "no/such/plan.neg"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "cannot read `no/such/plan.neg`: no such file",
        ))
        .stderr(predicate::str::contains("help:"))
        .stderr(no_panic());
}

#[test]
fn missing_file_in_json_mode_is_one_json_object() {
    let out = neg()
        .args(["--format", "json", "run", "no/such/plan.neg"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let d: Value = serde_json::from_str(lines[0]).expect("JSON");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "neg::io");
    assert!(d["message"].as_str().unwrap().contains("no/such/plan.neg"));
}

#[test]
fn a_directory_is_not_a_plan() {
    neg()
        .args(["--color", "never", "check", "tests"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read `tests`"))
        .stderr(no_panic());
}

#[test]
fn usage_errors_exit_2() {
    // An unknown flag.
    neg()
        .args(["run", "--frobnicate", "plan.neg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--frobnicate"))
        .stderr(no_panic());
    // An unknown value for a known flag.
    neg()
        .args(["--format", "yaml", "check", "plan.neg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("yaml"));
    // No subcommand, and `check` without files.
    neg().assert().code(2);
    neg().arg("check").assert().code(2);
    // An unknown subcommand.
    neg().arg("analyse").assert().code(2);
}

// ------------------------------------------------------------------ check

#[test]
fn check_reports_each_of_several_files() {
    let dir = temp_dir("check_several");
    let good = dir.join("good.neg");
    std::fs::write(&good, SMALL_DEAL).expect("write");
    let out = neg()
        .args(["--color", "never", "check"])
        .arg("tests/bad/unknown_name.neg")
        .arg(&good)
        .arg("tests/bad/missing_prefs.neg")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("tests/bad/unknown_name.neg"))
        .stderr(predicate::str::contains("unknown offer `opning`"))
        .stderr(predicate::str::contains("tests/bad/missing_prefs.neg"))
        .stderr(predicate::str::contains("party `b` has no score sheet"))
        .stderr(no_panic())
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(out).expect("UTF-8");
    assert!(
        stdout.contains("good.neg") && stdout.contains("ok"),
        "the clean file gets its summary line: {stdout}"
    );

    // The worst status wins: an unreadable file among them makes it 2, and
    // the files after it are still checked.
    neg()
        .args(["--color", "never", "check"])
        .arg("tests/bad/unknown_name.neg")
        .arg("no/such/plan.neg")
        .arg("tests/bad/missing_prefs.neg")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown offer `opning`"))
        .stderr(predicate::str::contains("cannot read `no/such/plan.neg`"))
        .stderr(predicate::str::contains("party `b` has no score sheet"));
}

#[test]
fn check_of_clean_files_exits_0() {
    let dir = temp_dir("check_clean");
    let a = dir.join("a.neg");
    let b = dir.join("b.neg");
    std::fs::write(&a, SMALL_DEAL).expect("write");
    std::fs::write(&b, SMALL_DEAL).expect("write");
    neg()
        .arg("check")
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains("a.neg"))
        .stdout(predicate::str::contains("b.neg"));
}

// ------------------------------------------------------------------ run --format json

/// Two parties, two issues, weights 40/60 and 60/40, worked out by hand:
///
/// buyer(p, w)  = 0.4 × (100 − p) + 0.6 × W_b(w),  W_b = none 0, basic 50, full 100
/// seller(p, w) = 0.6 × p         + 0.4 × W_s(w),  W_s = none 100, basic 60, full 0
///
/// opening (price 80, basic):
///   buyer  = 0.4 × 20 + 0.6 × 50 =  8 + 30 = 38    (gain over BATNA 20: 18)
///   seller = 0.6 × 80 + 0.4 × 60 = 48 + 24 = 72    (gain over BATNA 30: 42)
///
/// welfare: buyer + seller = 40 + 0.2 p + (0.6 W_b + 0.4 W_s); the warranty
/// term is 40 (none), 54 (basic), 60 (full), so the maximum is p = 100 and
/// full: buyer = 0 + 60 = 60, seller = 60 + 0 = 60, total 120, and both beat
/// their BATNAs.
const SMALL_DEAL: &str = r#"scenario "Car sale"

party buyer { batna 20 }
party seller { batna 30 }

issue price : 0 .. 100 step 10
issue warranty : none | basic | full

prefs buyer {
    weight price 40%, warranty 60%
    price = linear(0 -> 100, 100 -> 0)
    warranty = { none: 0, basic: 50, full: 100 }
}
prefs seller {
    weight price 60%, warranty 40%
    price = linear(0 -> 0, 100 -> 100)
    warranty = { none: 100, basic: 60, full: 0 }
}

offer opening by seller { price: 80, warranty: basic }

evaluate opening
assert utility(buyer, opening) == 38
welfare
"#;

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "{got} != {want}");
}

#[test]
fn run_json_prints_one_object_per_command_with_utilities() {
    let dir = temp_dir("run_json");
    let file = dir.join("deal.neg");
    std::fs::write(&file, SMALL_DEAL).expect("write");
    let out = neg()
        .arg("run")
        .arg(&file)
        .args(["--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(out).expect("UTF-8");
    let objects: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(objects.len(), 3, "one object per command:\n{stdout}");
    for o in &objects {
        assert!(o.get("command").is_some(), "no \"command\" key: {o}");
    }
    let commands: Vec<&str> = objects
        .iter()
        .map(|o| o["command"].as_str().unwrap())
        .collect();
    assert_eq!(commands, ["evaluate", "assert", "welfare"]);

    let evaluate = &objects[0];
    assert_eq!(evaluate["offer"], "opening");
    assert_eq!(evaluate["package"]["warranty"], "basic");
    close(&evaluate["package"]["price"], 80.0);
    close(&evaluate["utilities"]["buyer"], 38.0);
    close(&evaluate["utilities"]["seller"], 72.0);
    close(&evaluate["gains"]["buyer"], 18.0);
    close(&evaluate["gains"]["seller"], 42.0);

    assert_eq!(objects[1]["passed"], true);

    let welfare = &objects[2];
    assert_eq!(welfare["package"]["warranty"], "full");
    close(&welfare["package"]["price"], 100.0);
    close(&welfare["utilities"]["buyer"], 60.0);
    close(&welfare["utilities"]["seller"], 60.0);
}

/// The JSON objects `neg run --format json` prints for a shipped example.
fn run_example_json(name: &str) -> Vec<Value> {
    let out = neg()
        .args(["run", "--format", "json"])
        .arg(manifest_dir().join("examples").join(name))
        .output()
        .expect("run neg");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

#[test]
fn evaluate_leads_with_the_even_handed_improvement() {
    // Haggle: $20.5k, no referral: buyer 50, dealer 50 (cared 52.5).
    // $19k with the referral: buyer 80 − 10 = 70 (+20); dealer 20 + 50 = 70,
    // cared 70 + 0.05 × 70 = 73.5 (+21): product 420, beating $18.5k
    // (+30 × +11.5 = 345) and $19.5k (+10 × +30.5 = 305). The largest joint
    // gain is $18k (+40, +2), which a teacher would not propose first.
    let objects = run_example_json("used_car.neg");
    let haggle = objects
        .iter()
        .find(|o| o["command"] == "evaluate" && o["offer"] == "haggle")
        .expect("evaluate haggle");
    let even = &haggle["left_on_table"];
    close(&even["over_offer"]["buyer"], 20.0);
    close(&even["over_offer"]["dealer"], 21.0);
    assert_eq!(even["package"]["pr_support"], "referral_program");
    let largest = &haggle["largest_joint_gain"];
    close(&largest["joint_gain"], 42.0);
    close(&largest["over_offer"]["buyer"], 40.0);
    close(&largest["over_offer"]["dealer"], 2.0);
}

#[test]
fn computed_packages_stand_wherever_an_offer_does() {
    // Mirror sheets on 0 .. 10, BATNAs 0: Nash and Kalai are x = 5 (50/50).
    let dir = temp_dir("computed_offers");
    let file = dir.join("plan.neg");
    std::fs::write(
        &file,
        "party a { batna 0 }\nparty b { batna 0 }\nissue x : 0 .. 10 step 1\nissue y : lo | hi\n\
         prefs a { x = linear(0 -> 0, 10 -> 100)  y = { lo: 0, hi: 10 } }\n\
         prefs b { x = linear(0 -> 100, 10 -> 0)  y = { lo: 0, hi: 10 } }\n\
         evaluate nash\nimprove kalai\ntradeoffs a b from welfare\n",
    )
    .expect("write");
    let out = neg()
        .args(["run", "--format", "json"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let objects: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(objects[0]["offer"], "nash");
    close(&objects[0]["utilities"]["a"], 60.0);
    close(&objects[0]["utilities"]["b"], 60.0);
    assert_eq!(objects[0]["efficient"], true);
    assert_eq!(objects[1]["offer"], "kalai");
    assert_eq!(objects[1]["efficient"], true);
    assert_eq!(objects[2]["from"], "welfare");
    // With no package beating both BATNAs, `evaluate nash` says so.
    let (code, err) = run_plan("computed_none", &format!("{NO_DEAL}evaluate nash\n"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nash"), "{err}");
}

#[test]
fn status_of_a_plan_without_issues_says_there_is_nothing_to_show() {
    let dir = temp_dir("empty_status");
    let file = dir.join("plan.neg");
    std::fs::write(&file, "status\n").expect("write");
    neg()
        .args(["run"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing to show yet"))
        .stdout(predicate::str::contains("0 of 0").not());
}

#[test]
fn frontier_counts_are_json_integers() {
    let objects = run_example_json("tech_transfer.neg");
    let frontier = objects
        .iter()
        .find(|o| o["command"] == "frontier")
        .expect("frontier");
    let points = frontier["points"].as_array().expect("points");
    assert!(!points.is_empty());
    for p in points {
        assert!(p["count"].is_u64(), "{}", p["count"]);
    }
}

#[test]
fn run_text_shows_the_title_and_the_figures() {
    let dir = temp_dir("run_text");
    let file = dir.join("deal.neg");
    std::fs::write(&file, SMALL_DEAL).expect("write");
    neg()
        .arg("run")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Car sale"))
        .stdout(predicate::str::contains("38.00"))
        .stdout(predicate::str::contains("72.00"))
        .stderr(predicate::str::contains("asserts: 1 passed, 0 failed"));
}

#[test]
fn run_with_a_failed_assert_exits_1() {
    let dir = temp_dir("run_failed_assert");
    let file = dir.join("deal.neg");
    let text = SMALL_DEAL.replace(
        "utility(buyer, opening) == 38",
        "utility(buyer, opening) > 50",
    );
    std::fs::write(&file, text).expect("write");
    neg()
        .args(["--color", "never", "run"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("assertion failed"))
        .stderr(predicate::str::contains(
            "the left side is 38, the right side is 50",
        ))
        .stderr(predicate::str::contains("asserts: 0 passed, 1 failed"));
}

/// Runs a plan and gives (exit code, stderr).
fn run_plan(test: &str, text: &str) -> (i32, String) {
    let dir = temp_dir(test);
    let file = dir.join("plan.neg");
    std::fs::write(&file, text).expect("write");
    let out = neg()
        .args(["--color", "never", "run"])
        .arg(&file)
        .output()
        .expect("run neg");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Two parties whose BATNAs no package reaches: `nash` and `meso` cannot run.
const NO_DEAL: &str = "party a { batna 90 }\nparty b { batna 90 }\nissue x : 0 .. 10 step 1\n\
    prefs a { x = linear(0 -> 0, 10 -> 100) }\nprefs b { x = linear(0 -> 100, 10 -> 0) }\n\
    offer top { x: 10 }\noffer bottom { x: 0 }\noffer half { x: 5 }\n";

#[test]
fn the_tally_counts_asserts_only() {
    // Two passing asserts, one failing, and a `meso` that cannot run.
    let plan = format!(
        "{NO_DEAL}assert utility(a, top) == 100\nassert utility(b, top) == 0\n\
         assert utility(a, bottom) == 1\nmeso a count 3\n"
    );
    let (code, err) = run_plan("tally_meso", &plan);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("asserts: 2 passed, 1 failed"), "{err}");
    assert!(err.contains("1 other command could not run"), "{err}");
}

#[test]
fn a_failing_command_without_asserts_is_no_failed_assert() {
    let (code, err) = run_plan(
        "tally_no_asserts",
        &format!("{NO_DEAL}meso a count 3\nmeso b count 2\n"),
    );
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("asserts:"), "{err}");
    assert!(err.contains("2 other commands could not run"), "{err}");
}

#[test]
fn an_assert_on_an_empty_negotiation_set_is_a_failed_assert() {
    // `nash` names no package when none beats both BATNAs: the assert fails and is counted.
    let plan = format!("{NO_DEAL}assert utility(a, half) == 50\nassert utility(a, nash) > 0\n");
    let (code, err) = run_plan("tally_empty_set", &plan);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("asserts: 1 passed, 1 failed"), "{err}");
    assert!(!err.contains("other command"), "{err}");
}

// ------------------------------------------------------------------ fmt

/// A one-line plan whose layout is not canonical (extra spaces between tokens).
const UNTIDY: &str = "party  a   { batna 1 }\n";
/// The canonical layout of [`UNTIDY`]: single spaces between tokens.
const TIDY: &str = "party a { batna 1 }\n";

#[test]
fn fmt_check_names_a_file_whose_layout_is_not_canonical() {
    let dir = temp_dir("fmt_check");
    let file = dir.join("untidy.neg");
    std::fs::write(&file, UNTIDY).expect("write");
    neg()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("untidy.neg"))
        .stderr(no_panic());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        UNTIDY,
        "--check changes nothing"
    );
}

#[test]
fn fmt_rewrites_the_file_and_then_checks_clean() {
    let dir = temp_dir("fmt_rewrite");
    let file = dir.join("untidy.neg");
    std::fs::write(&file, UNTIDY).expect("write");
    neg().arg("fmt").arg(&file).assert().success();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
    neg()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    // No temporary file is left beside the plan.
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["untidy.neg"]);
}

#[test]
fn fmt_check_of_a_canonical_file_exits_0() {
    let dir = temp_dir("fmt_canonical");
    let file = dir.join("tidy.neg");
    std::fs::write(&file, TIDY).expect("write");
    neg()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
}

#[test]
fn fmt_reads_stdin_and_writes_stdout() {
    neg()
        .args(["fmt", "-"])
        .write_stdin(UNTIDY)
        .assert()
        .success()
        .stdout(TIDY);
}

#[test]
fn fmt_refuses_a_file_with_syntax_errors() {
    let dir = temp_dir("fmt_syntax_error");
    let file = dir.join("broken.neg");
    let text = "party a { batna 10\nparty b\n";
    std::fs::write(&file, text).expect("write");
    neg()
        .args(["--color", "never", "fmt"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.neg"))
        .stderr(predicate::str::contains("syntax error"))
        .stderr(no_panic());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "a file that does not parse is left alone"
    );
}

#[test]
fn fmt_of_a_missing_file_exits_2() {
    neg()
        .args(["--color", "never", "fmt", "--check", "no/such/plan.neg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/plan.neg"))
        .stderr(no_panic());
}

// ------------------------------------------------------------------ examples/

/// The `.neg` files directly in `examples/` (helper subfolders are skipped).
fn examples() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(manifest_dir().join("examples")) else {
        return vec![];
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "neg"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_runs_clean() {
    let files = examples();
    if files.is_empty() {
        eprintln!("note: examples/ has no .neg files yet");
    }
    let mut failures = vec![];
    for path in &files {
        let rel = path.strip_prefix(manifest_dir()).unwrap_or(path);
        let out = neg()
            .args(["--color", "never", "run"])
            .arg(rel)
            .output()
            .expect("neg runs");
        if !out.status.success() {
            failures.push(format!(
                "`neg run {}` exited {:?}:\n{}",
                rel.display(),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_example_runs_clean_as_json() {
    for path in examples() {
        let rel = path.strip_prefix(manifest_dir()).unwrap_or(&path);
        let out = neg()
            .args(["--format", "json", "run"])
            .arg(rel)
            .output()
            .expect("neg runs");
        assert!(
            out.status.success(),
            "`neg run {} --format json` failed:\n{}",
            rel.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {line}", rel.display()));
            assert!(v.get("command").is_some(), "{}: {line}", rel.display());
        }
    }
}

#[test]
fn shipped_plans_are_in_canonical_layout() {
    // Users copy these; they should look the way `neg fmt` leaves a file.
    let mut files: Vec<std::path::PathBuf> = vec![];
    for dir in ["examples", "stdlib"] {
        for entry in std::fs::read_dir(dir).expect("folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "neg") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    Command::cargo_bin("neg")
        .unwrap()
        .arg("fmt")
        .arg("--check")
        .args(&files)
        .assert()
        .code(0);
}

#[test]
fn plot_writes_a_readable_svg() {
    let dir = tempfile_dir("plot");
    let plan = dir.join("deal.neg");
    std::fs::write(
        &plan,
        "party a { batna 2 }\nparty b { batna 2 }\nissue x : p | q\nissue y : r | t\n\
         prefs a { x = { p: 10, q: 0 }  y = { r: 3, t: 0 } }\n\
         prefs b { x = { p: 0, q: 10 }  y = { r: 0, t: 8 } }\n\
         offer start { x: p, y: r }\nplot \"deal.svg\"\n",
    )
    .unwrap();
    Command::cargo_bin("neg")
        .unwrap()
        .current_dir(&dir)
        .args(["run", "deal.neg"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("plot: wrote deal.svg"));
    // From another folder, the path still resolves beside the plan.
    std::fs::remove_file(dir.join("deal.svg")).unwrap();
    Command::cargo_bin("neg")
        .unwrap()
        .arg("run")
        .arg(&plan)
        .assert()
        .code(0);
    let svg = std::fs::read_to_string(dir.join("deal.svg")).expect("the plot");
    for text in [
        "Pareto frontier",
        "negotiation set",
        "BATNAs",
        "start",
        "a: cared-for utility",
        "all 4 packages",
    ] {
        assert!(svg.contains(text), "the plot lacks {text:?}");
    }
    let leftovers = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0, "no temporary file is left behind");
}

/// A fresh folder under the target directory.
fn tempfile_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every template is written by `neg new`, checks, runs, and has asserts
/// that hold; an existing file is never overwritten; a misspelt template
/// gets a suggestion.
#[test]
fn every_template_is_a_plan_that_runs_its_asserts() {
    let dir = std::env::temp_dir().join(format!("neg-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let neg = || assert_cmd::Command::cargo_bin("neg").unwrap();
    for name in [
        "negotiation",
        "job_offer",
        "procurement",
        "term_sheet",
        "lease",
        "earn_out",
    ] {
        let file = format!("{name}.neg");
        neg()
            .current_dir(&dir)
            .args(["new", name, &file])
            .assert()
            .success();
        let out = neg()
            .current_dir(&dir)
            .args(["run", &file])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        let summary = stderr.lines().last().unwrap_or("").to_string();
        assert!(
            summary.starts_with("asserts: ") && summary.ends_with("passed, 0 failed"),
            "{name}: {summary}"
        );
        assert!(!summary.starts_with("asserts: 0 "), "{name}: no asserts");
        // Importable as it is.
        let import = format!("import \"std/{name}\"\n");
        std::fs::write(dir.join("imports.neg"), import).unwrap();
        neg()
            .current_dir(&dir)
            .args(["check", "imports.neg"])
            .assert()
            .success();
    }
    // Never overwrites.
    std::fs::write(dir.join("mine.neg"), "// my plan\n").unwrap();
    neg()
        .current_dir(&dir)
        .args(["new", "lease", "mine.neg"])
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.neg")).unwrap(),
        "// my plan\n"
    );
    let out = neg()
        .current_dir(&dir)
        .args(["new", "leese", "x.neg"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `lease`?"));
    assert!(!dir.join("x.neg").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Text reports show an option's display name; JSON keeps the identifier.
#[test]
fn text_reports_show_display_names() {
    let dir = std::env::temp_dir().join(format!("neg-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("names.neg"),
        "party a\nparty b\nissue laptop : hp \"HP Pavilion\" | dell\n\
         prefs a { laptop = { hp: 10, dell: 0 } }\nprefs b { laptop = { hp: 0, dell: 10 } }\n\
         offer x { laptop: hp }\nevaluate x\ntentative laptop = hp\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("neg")
            .unwrap()
            .current_dir(&dir)
            .args(["run", "--format", format, "names.neg"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run("text");
    assert!(text.contains("laptop HP Pavilion"), "{text}");
    assert!(text.contains("tentative laptop = HP Pavilion"), "{text}");
    let json = run("json");
    assert!(json.contains("\"laptop\":\"hp\""), "{json}");
    assert!(!json.contains("HP Pavilion\","), "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------------------------ scale

/// Regression (issue 19): two numeric issues of a million values each used
/// to abort the process ("memory allocation of 16000000000000 bytes
/// failed", signal 6) in `nash`. Now the merge runs within a work budget
/// and, past it, the command fails with a diagnostic naming the issues to
/// coarsen, in seconds.
#[test]
fn two_issues_of_a_million_values_are_refused_not_aborted() {
    let dir = temp_dir("million_values");
    let plan = dir.join("big.neg");
    std::fs::write(
        &plan,
        "party a { batna 0 }\nparty b { batna 0 }\n\
         issue x : 1 .. 1000000 step 1\nissue y : 1 .. 1000000 step 1\n\
         prefs a {\n  weight x 60%, y 40%\n  x = linear(1 -> 0, 1000000 -> 100)\n  y = linear(1 -> 0, 1000000 -> 100)\n}\n\
         prefs b {\n  weight x 30%, y 70%\n  x = linear(1 -> 100, 1000000 -> 0)\n  y = linear(1 -> 100, 1000000 -> 0)\n}\n\
         nash\n",
    )
    .unwrap();
    neg()
        .args(["run"])
        .arg(&plan)
        .timeout(HANG)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("neg::run::over-budget"))
        .stderr(predicate::str::contains("`x` (1000000 options)"))
        .stderr(no_panic());
}

/// Regression (issue 19): a categorical issue's options were checked for
/// repeats, and a table's entries looked up, by scanning the list for each
/// option (quadratic: 110 s for 100 000 options). Now one map each.
#[test]
fn an_issue_of_a_hundred_thousand_options_checks_in_seconds() {
    let dir = temp_dir("hundred_thousand_options");
    let plan = dir.join("wide.neg");
    let n = 100_000;
    let options: Vec<String> = (0..n).map(|i| format!("o{i}")).collect();
    let table = |f: fn(usize) -> usize| -> String {
        (0..n)
            .map(|i| format!("o{i}: {}", f(i)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    std::fs::write(
        &plan,
        format!(
            "party a {{ batna 0 }}\nparty b {{ batna 0 }}\nissue x : {}\n\
             prefs a {{\n  x = {{ {} }}\n}}\nprefs b {{\n  x = {{ {} }}\n}}\n",
            options.join(" | "),
            table(|i| i % 100),
            table(|i| (i * 7) % 100)
        ),
    )
    .unwrap();
    neg()
        .args(["check"])
        .arg(&plan)
        .timeout(HANG)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("100,000 packages"));
}

/// Regression (issue 19): importing a GENIUS issue of 200 000 values took
/// over a minute: each value's evaluation was scaled by the table's
/// maximum found anew (a scan per value), and each item found its value by
/// a scan. Now both are one pass.
#[test]
fn a_genius_issue_of_two_hundred_thousand_values_imports_in_seconds() {
    let dir = temp_dir("genius_wide");
    let n = 200_000;
    let items = |eval: fn(usize) -> Option<usize>| -> String {
        (0..n)
            .map(|i| match eval(i) {
                Some(e) => format!(
                    "<item index=\"{}\" value=\"v{i}\" evaluation=\"{e}\"/>\n",
                    i + 1
                ),
                None => format!("<item index=\"{}\" value=\"v{i}\"/>\n", i + 1),
            })
            .collect()
    };
    let issue = |body: String| {
        format!(
            "<objective index=\"0\" etype=\"objective\" type=\"objective\" name=\"root\">\n\
             <issue etype=\"discrete\" index=\"1\" name=\"x\" type=\"discrete\" vtype=\"discrete\">\n{body}</issue>"
        )
    };
    std::fs::write(
        dir.join("wide_domain.xml"),
        format!(
            "<negotiation_template><utility_space number_of_issues=\"1\">{}</objective></utility_space></negotiation_template>\n",
            issue(items(|_| None))
        ),
    )
    .unwrap();
    for (who, eval) in [
        ("a", (|i| Some(i % 100)) as fn(usize) -> Option<usize>),
        ("b", |i| Some(i * 7 % 100)),
    ] {
        std::fs::write(
            dir.join(format!("wide_{who}_utility.xml")),
            format!(
                "<utility_space><reservation value=\"0\"/>{}<weight index=\"1\" value=\"1\"/></objective></utility_space>\n",
                issue(items(eval))
            ),
        )
        .unwrap();
    }
    neg()
        .args(["import", "genius"])
        .arg(&dir)
        .arg("-o")
        .arg(dir.join("wide.neg"))
        .timeout(HANG)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.join("wide.neg")).unwrap();
    // v199999 is worth 99 to a, the table's maximum: 100 points.
    assert!(
        text.contains("v199999: 100"),
        "{}",
        &text[text.len() - 300..]
    );
}

/// Regression (issue 19 sibling): `tradeoffs` compares every concession
/// option of one decision with every gain option of another, 10^10 pairs
/// for two issues of 10^5 values, and hung. Now it is refused up front.
#[test]
fn tradeoffs_over_two_wide_issues_are_refused_not_hung() {
    let dir = temp_dir("wide_tradeoffs");
    let plan = dir.join("wide.neg");
    std::fs::write(
        &plan,
        "party a { batna 0 }\nparty b { batna 0 }\n\
         issue x : 1 .. 100000 step 1\nissue y : 1 .. 100000 step 1\n\
         prefs a {\n  weight x 60%, y 40%\n  x = linear(1 -> 0, 100000 -> 100)\n  y = linear(1 -> 0, 100000 -> 100)\n}\n\
         prefs b {\n  weight x 30%, y 70%\n  x = linear(1 -> 100, 100000 -> 0)\n  y = linear(1 -> 100, 100000 -> 0)\n}\n\
         tradeoffs a b\n",
    )
    .unwrap();
    neg()
        .args(["run"])
        .arg(&plan)
        .timeout(HANG)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("neg::run::over-budget"))
        .stderr(predicate::str::contains("pairs of moves"))
        .stderr(no_panic());
}

/// `neg run --details` prints each hypothesis's answer in full; without it,
/// one line each.
#[test]
fn run_details_shows_each_hypothesis_in_full() {
    let dir = temp_dir("details");
    let plan = dir.join("car.neg");
    let story =
        std::fs::read_to_string(manifest_dir().join("examples/used_car_unknown.neg")).unwrap();
    let head: String = story.split("\nevaluate ").next().unwrap().to_string();
    std::fs::write(&plan, format!("{head}\nnash\n")).unwrap();
    let stdout = |args: &[&str]| -> String {
        let out = neg().args(args).arg(&plan).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let short = stdout(&["run"]);
    assert!(short.contains("nash under each hypothesis"), "{short}");
    assert!(
        !short.contains("under dealer as word_of_mouth (60%):"),
        "{short}"
    );
    let full = stdout(&["run", "--details"]);
    assert!(
        full.contains("under dealer as word_of_mouth (60%):\n  nash: "),
        "{full}"
    );
    assert!(
        full.contains("under dealer as price_only (40%):\n  nash: "),
        "{full}"
    );
}
