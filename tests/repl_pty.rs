//! The real `neg repl` in a pseudo-terminal: typed lines, Tab, Ctrl-C,
//! Ctrl-D, `:save` then `neg run`, `:reload` after the file changed.

#![cfg(unix)]

#[path = "common/slow.rs"]
mod slow;

use expectrl::session::OsSession;
use expectrl::{ControlCode, Expect, Regex, Session};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A fresh folder for one test (history and saved files stay in it).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("neg-repl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn neg() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_neg"))
}

fn repl(dir: &Path, args: &[&str]) -> OsSession {
    let mut cmd = Command::new(neg());
    cmd.arg("repl").args(args).current_dir(dir);
    // History goes to the data folder: keep it inside the scratch folder.
    cmd.env("XDG_DATA_HOME", dir.join("data")).env("HOME", dir);
    cmd.env("NO_COLOR", "1").env("COLUMNS", "200");
    let mut s = Session::spawn(cmd).expect("spawns");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s.expect("neg> ").expect("a prompt");
    s
}

const PLAN: &str = "party buyer { batna 10 }\nparty seller { batna 10 }\n\
    issue price : 100 .. 200 step 50\nissue delivery : fast | slow\n\
    prefs buyer { price = linear(100 -> 100, 200 -> 0)  delivery = { fast: 10, slow: 0 } }\n\
    prefs seller { price = linear(100 -> 0, 200 -> 100)  delivery = { fast: 0, slow: 10 } }\n";

#[test]
fn a_session_in_a_terminal() {
    let dir = scratch("session");
    std::fs::write(dir.join("deal.neg"), PLAN).expect("plan");
    let mut s = repl(&dir, &["deal.neg"]);
    // A multi-line declaration continues while its brace is open.
    s.send_line("offer mid {").unwrap();
    s.send_line("  price: 150, delivery: fast").unwrap();
    s.send_line("}").unwrap();
    s.expect("neg> ").unwrap();
    // Tab completes a command...
    s.send("evalu").unwrap();
    // Wait for the echo too: a Tab that arrives with the letters, as one
    // paste, is no key (flaky under load otherwise).
    s.expect("evalu").unwrap();
    s.send(ControlCode::HorizontalTabulation).unwrap();
    // Wait for the completion before typing on: keys sent before the line
    // editor has drawn it can arrive as one paste, where Tab is no key.
    s.expect("evaluate").unwrap();
    // ...and, after `evaluate`, only offers: `m` is `mid`, not the
    // keyword `meso`.
    s.send(" m").unwrap();
    s.expect("m").unwrap();
    s.send(ControlCode::HorizontalTabulation).unwrap();
    s.expect("evaluate mid").unwrap();
    s.send_line("").unwrap();
    s.expect("buyer").unwrap();
    s.expect("neg> ").unwrap();
    // ...and the option of the issue being set.
    s.send("tentative delivery = sl").unwrap();
    s.expect("delivery = sl").unwrap();
    s.send(ControlCode::HorizontalTabulation).unwrap();
    s.expect("slow").unwrap();
    s.send_line("").unwrap();
    s.expect("tentative delivery = slow (can be reopened)")
        .unwrap();
    // An error is shown with its span and help.
    s.send_line("offer bad { price: 175, delivery: fast }")
        .unwrap();
    s.expect("175 is not one of the values of `price`").unwrap();
    s.expect("<repl:").unwrap();
    s.expect("between two steps").unwrap();
    s.expect("help:").unwrap();
    s.expect("neg> ").unwrap();
    // Ctrl-C cancels the line being typed; the session goes on.
    s.send("agree").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    s.expect("neg> ").unwrap();
    // The session's results in JSON, to compare with `neg run` of the saved plan.
    s.send_line(":format json").unwrap();
    s.expect("neg> ").unwrap();
    let mut shown = vec![];
    for (line, command) in [("evaluate mid", "evaluate"), ("status", "status")] {
        s.send_line(line).unwrap();
        let found = s
            .expect(Regex(&format!(r#"\{{"command":"{command}".*\}}\r?\n"#)))
            .unwrap();
        let json = String::from_utf8_lossy(found.get(0).unwrap()).to_string();
        shown.push(serde_json::from_str::<serde_json::Value>(json.trim()).unwrap());
        s.expect("neg> ").unwrap();
    }
    s.send_line(":save saved.neg").unwrap();
    s.expect("saved saved.neg").unwrap();
    s.expect("neg> ").unwrap();
    // Ctrl-D quits.
    s.send(ControlCode::EndOfTransmission).unwrap();
    s.expect(expectrl::Eof).unwrap();
    // The saved plan runs, and the offer typed in the session is in it.
    let out = Command::new(neg())
        .args(["run", "--format", "json", "saved.neg"])
        .current_dir(&dir)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let ran: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // evaluate mid, tentative delivery = slow, then the two run in JSON.
    assert_eq!(ran.len(), 4, "{ran:?}");
    assert_eq!(ran[1]["command"], "tentative");
    assert_eq!(ran[2..], shown[..]);
    let saved = std::fs::read_to_string(dir.join("saved.neg")).unwrap();
    assert!(
        saved.contains("offer mid { price: 150, delivery: fast }"),
        "{saved}"
    );
    assert!(!saved.contains("bad"), "{saved}");
    // History lives in the data folder, not the working one.
    assert!(dir.join("data/neg/history.txt").exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn reload_after_the_file_changed() {
    let dir = scratch("reload");
    std::fs::write(dir.join("deal.neg"), PLAN).expect("plan");
    let mut s = repl(&dir, &["deal.neg"]);
    s.send_line("offer cheap { price: 100, delivery: slow }")
        .unwrap();
    s.expect("neg> ").unwrap();
    // The file changes on disk: the price range no longer includes 100.
    std::fs::write(
        dir.join("deal.neg"),
        PLAN.replace("100 .. 200 step 50", "150 .. 250 step 50")
            .replace(
                "linear(100 -> 100, 200 -> 0)",
                "linear(150 -> 100, 250 -> 0)",
            )
            .replace(
                "linear(100 -> 0, 200 -> 100)",
                "linear(150 -> 0, 250 -> 100)",
            ),
    )
    .unwrap();
    s.send_line(":reload").unwrap();
    s.expect("dropped, no longer valid: offer cheap").unwrap();
    s.expect("reloaded 1 file\r\n").unwrap();
    s.send_line(":quit").unwrap();
    s.expect(expectrl::Eof).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn ctrl_c_stops_a_long_computation() {
    let dir = scratch("cancel");
    std::fs::write(dir.join("slow.neg"), slow::slow_plan()).expect("plan");
    let mut s = repl(&dir, &["slow.neg"]);
    s.send_line("frontier").unwrap();
    // Ctrl-C once the computation shows its progress line, so it lands
    // inside the merge and not before or after it.
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s.expect("merging the frontier").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    // Back at the prompt long before the frontier could finish.
    s.set_expect_timeout(Some(Duration::from_secs(5)));
    s.expect("cancelled: the command was stopped").unwrap();
    s.expect("neg> ").unwrap();
    // The session goes on, and the stopped command is not part of it.
    s.send_line("agree").unwrap();
    s.expect("still open").unwrap();
    s.expect("neg> ").unwrap();
    s.send_line(":save saved.neg").unwrap();
    s.expect("saved saved.neg").unwrap();
    s.send_line(":quit").unwrap();
    s.expect(expectrl::Eof).unwrap();
    let saved = std::fs::read_to_string(dir.join("saved.neg")).unwrap();
    assert!(!saved.contains("frontier"), "{saved}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn ctrl_c_stops_a_hook_being_tabulated() {
    let dir = scratch("cancel-hook");
    std::fs::write(dir.join("deal.neg"), PLAN).expect("plan");
    let flags = [
        "--hook-operations",
        "1000000000000",
        "--hook-seconds",
        "600",
    ];
    let mut s = repl(&dir, &[&flags[..], &["deal.neg"]].concat());
    // Once, Ctrl-C was ignored until the hook's budget ran out.
    s.send_line("hook rhai { fn slow(d) { loop { } } }")
        .unwrap();
    s.expect("neg> ").unwrap();
    s.send_line("prefs buyer { price = linear(100 -> 100, 200 -> 0)  delivery = hook slow }")
        .unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    s.send(ControlCode::EndOfText).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(5)));
    s.expect("cancelled: the command was stopped").unwrap();
    s.expect("neg> ").unwrap();
    // The refused line changed nothing: the old sheet still values delivery.
    s.send_line("offer o { price: 100, delivery: fast }")
        .unwrap();
    s.expect("neg> ").unwrap();
    s.send_line("evaluate o").unwrap();
    s.expect(Regex("buyer +110")).unwrap();
    s.send_line(":quit").unwrap();
    s.expect(expectrl::Eof).unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
