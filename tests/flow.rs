//! The "nothing is agreed until everything is agreed" flow on the shipped
//! technology-transfer plans, against hand-worked joint values.
//!
//! Joint utility (components + devices) per issue, from the score sheets:
//! price p: 1.5 (p − 80) + 0.75 (120 − p) = 0.75 p − 30 (45 at $100, 60 at $120);
//! restriction: none 25, one year 47.5, three years 60;
//! support: basic 15, standard 22.5, full 26. Unconstrained: 60 + 60 + 26 = 146.

use serde_json::Value;
use std::path::Path;

fn run_json(file: &str) -> Vec<Value> {
    let out = assert_cmd::Command::cargo_bin("neg")
        .expect("binary")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["run", "--format", "json", file])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

fn of<'a>(reports: &'a [Value], command: &str) -> Vec<&'a Value> {
    reports.iter().filter(|r| r["command"] == command).collect()
}

#[test]
fn the_sequential_order_loses_31_points() {
    let r = run_json("examples/sequential.neg");
    let steps = of(&r, "tentative");
    // $100 first: 45 + 60 + 26 = 131; then one year: 45 + 47.5 + 26 = 118.5;
    // then standard support: 45 + 47.5 + 22.5 = 115.
    let joint: Vec<f64> = steps
        .iter()
        .map(|s| s["joint_value"].as_f64().unwrap())
        .collect();
    assert_eq!(joint, [131.0, 118.5, 115.0]);
    assert!(steps.iter().all(|s| s["final"] == true));
    let status = of(&r, "status")[0];
    assert_eq!(status["agreement"], "sequential");
    assert_eq!(status["unconstrained"], 146.0);
    assert_eq!(status["cost"], 31.0);
    // Each settlement's cost, the others kept: 60 − 45, 60 − 47.5, 26 − 22.5.
    let costs: Vec<f64> = status["settled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["cost"].as_f64().unwrap())
        .collect();
    assert_eq!(costs, [15.0, 12.5, 3.5]);
    let agree = of(&r, "agree")[0];
    assert_eq!(agree["efficient"], false);
    assert_eq!(agree["left_on_table"]["joint_gain"], 31.0);
    assert_eq!(agree["utilities"]["components"], 58.0);
    assert_eq!(agree["utilities"]["devices"], 57.0);
}

#[test]
fn the_package_flow_recovers_them() {
    let r = run_json("examples/tech_transfer.neg");
    let statuses = of(&r, "status");
    // After `tentative price = $100` alone: 45 + 60 + 26 = 131, cost 15.
    assert_eq!(statuses[0]["joint_value"], 131.0);
    assert_eq!(
        statuses[0]["open"],
        serde_json::json!(["restriction", "support"])
    );
    // The best completion for devices keeps $100 and takes three years and full support:
    // 30% × 50 + 50% × 100 + 20% × 100 = 85.
    assert_eq!(statuses[0]["best"]["devices"]["utilities"]["devices"], 85.0);
    let reopen = of(&r, "reopen")[0];
    assert_eq!(reopen["value"], Value::Null);
    assert_eq!(reopen["joint_value"], 146.0);
    assert_eq!(statuses[1]["cost"], 0.0);
    let agree = of(&r, "agree")[0];
    assert_eq!(agree["efficient"], true);
    assert_eq!(agree["utilities"]["components"], 76.0);
    assert_eq!(agree["utilities"]["devices"], 70.0);
}

/// A command whose analysis is cancelled fails with `neg::run::cancelled`,
/// keeps no settlement and leaves no half-computed frontier behind: once the
/// flag is lowered the same commands give what an uncancelled run gives.
#[test]
fn a_cancelled_command_changes_nothing() {
    use neg::cancel::Cancel;
    use neg::interp::{Session, Step};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = neg::diagnostics::Sources::default();
    let text = std::fs::read_to_string(root.join("examples/tech_transfer.neg")).unwrap();
    let plan = format!("{text}\ntentative price = $100\nstatus\n");
    let s = neg::load_text(&mut sources, "plan.neg", &plan)
        .expect("checks")
        .scenario;
    let [.., tentative, status] = &s.commands[..] else {
        panic!("two commands at the end");
    };
    let flag = Cancel::flag();
    let mut session = Session::new(&s).cancelled_by(flag.clone());
    flag.raise();
    match session.run_command(tentative) {
        Step::Error(d) => assert_eq!(d.code, "neg::run::cancelled"),
        other => panic!("{other:?}"),
    }
    assert!(session.settled().iter().all(Option::is_none));
    flag.lower();
    let json = |step: Step| match step {
        Step::Report(r) => serde_json::to_value(&r).unwrap(),
        other => panic!("{other:?}"),
    };
    let mut fresh = Session::new(&s);
    for c in [tentative, status] {
        assert_eq!(json(session.run_command(c)), json(fresh.run_command(c)));
    }
    // $100 kept: 45 + 60 + 26 = 131 of the unconstrained 146.
    let status = json(session.run_command(status));
    assert_eq!(status["cost"], 15.0);
}

/// A plan with a rule, settled in text; gives (exit code, stdout, stderr) of `neg run`.
fn run_text(name: &str, text: &str, format: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("neg-flow-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("plan.neg");
    std::fs::write(&file, text).expect("write");
    let out = assert_cmd::Command::cargo_bin("neg")
        .expect("binary")
        .args(["--color", "never", "run", "--format", format])
        .arg(&file)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// x = hi needs y = hi; z is left open.
const RULED: &str = "party a\nparty b\nissue x : lo | hi\nissue y : lo | hi\nissue z : lo | hi\n\
    rule \"hi x needs hi y\": x == hi => y == hi\n\
    prefs a { x = { lo: 0, hi: 10 }  y = { lo: 0, hi: 10 }  z = { lo: 0, hi: 10 } }\n\
    prefs b { x = { lo: 20, hi: 0 }  y = { lo: 10, hi: 0 }  z = { lo: 10, hi: 0 } }\n";

#[test]
fn settlements_that_break_a_rule_stay_listed_and_agree_names_the_rule() {
    let plan = format!("{RULED}tentative x = hi\ntentative y = lo\nstatus\nagree\n");
    let (code, out, err) = run_text("broken", &plan, "json");
    assert_eq!(code, 1, "{err}");
    let r: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let status = of(&r, "status")[0];
    let settled: Vec<&str> = status["settled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["issue"].as_str().unwrap())
        .collect();
    assert_eq!(settled, ["x", "y"]);
    assert_eq!(status["breaks"][0], "rule \"hi x needs hi y\"");
    assert_eq!(status["joint_value"], Value::Null);
    assert_eq!(
        of(&r, "tentative")[1]["breaks"][0],
        "rule \"hi x needs hi y\""
    );
    // agree names the open issue and the rule.
    assert!(err.contains("still open: z"), "{err}");
    assert!(
        err.contains("already break rule") && err.contains("hi x needs hi y"),
        "{err}"
    );
}

#[test]
fn a_sequential_settlement_that_breaks_a_rule_is_refused() {
    let plan = format!(
        "{RULED}agreement sequential x, y, z\ntentative x = hi\ntentative y = lo\ntentative y = hi\nstatus\n"
    );
    let (code, out, err) = run_text("sequential", &plan, "json");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("settling `y` this way breaks rule"), "{err}");
    let r: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The refused settlement changed nothing: y = hi was then accepted.
    let status = of(&r, "status")[0];
    assert_eq!(status["settled"][1]["value"], "hi");
    // x hi, y hi, z open: a 10 + 10 + best z, b 0 + 0: joint 20 + 10 = 30.
    assert_eq!(status["joint_value"], 30.0);
}
