//! Hostile input: absurd names, special files, old line endings and unsafe
//! places to write; each ends in a diagnostic (or a correct result) from a
//! live process, never a panic, a hang or a write somewhere unexpected.

#[path = "common/slow.rs"]
mod slow;

use neg::repl::{ReplSession, Reply};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("neg-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `neg ARGS` in `dir`, within a minute.
fn neg(dir: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("neg")
        .unwrap()
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .env("COLUMNS", "400")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A plan whose party `p`, issue `i` and option `o` are named as given.
fn named(p: &str, i: &str, o: &str) -> String {
    format!(
        "party {p} {{ batna 0 }}\nparty b {{ batna 0 }}\nissue {i} : {o} | blue\n\
         prefs {p} {{ {i} = {{ {o}: 1, blue: 0 }} }}\nprefs b {{ {i} = {{ {o}: 0, blue: 5 }} }}\n\
         offer deal {{ {i}: {o} }}\nevaluate deal\nnash\n"
    )
}

#[test]
fn a_name_past_65535_characters_is_refused_everywhere() {
    // Once a panic ("Formatting argument out of range") in the tables and
    // in the formatter's aligned score sheets.
    let dir = scratch("long-name");
    let long = "n".repeat(70_000);
    for (what, text) in [
        ("party", named(&long, "color", "red")),
        ("issue", named("a", &long, "red")),
        ("option", named("a", "color", &long)),
    ] {
        std::fs::write(dir.join("plan.neg"), &text).unwrap();
        for args in [
            &["run", "plan.neg"][..],
            &["check", "plan.neg"],
            &["fmt", "plan.neg"],
            &["fmt", "--check", "plan.neg"],
        ] {
            let out = neg(&dir, args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{what} {args:?}: {err}");
            assert!(
                err.contains("a name of 70000 characters; at most 256 are allowed"),
                "{what} {args:?}: {err}"
            );
            assert!(!err.contains("panicked"), "{what} {args:?}: {err}");
        }
        // `fmt` left the file as it was.
        assert_eq!(std::fs::read_to_string(dir.join("plan.neg")).unwrap(), text);
    }
    // A display name too.
    let display = named("a", "color", "red").replacen("party a", &format!("party a \"{long}\""), 1);
    std::fs::write(dir.join("plan.neg"), display).unwrap();
    let out = neg(&dir, &["check", "plan.neg"]);
    assert!(
        stderr(&out).contains("a name of 70000 characters"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_name_of_256_characters_is_fine_and_its_tables_line_up() {
    let dir = scratch("name-256");
    let name = "p".repeat(256);
    std::fs::write(dir.join("plan.neg"), named(&name, "color", "red")).unwrap();
    let out = neg(&dir, &["run", "plan.neg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // The header's `utility` column ends where the party row's number does.
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("party "))
        .unwrap();
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with(&name))
        .unwrap();
    let end = header.find("utility").unwrap() + "utility".len();
    assert_eq!(&row[end - 1..end], "0", "{header}\n{row}");
    let out = neg(&dir, &["fmt", "plan.neg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let formatted = std::fs::read_to_string(dir.join("plan.neg")).unwrap();
    assert!(formatted.contains(&format!("prefs {name}")), "{formatted}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_repl_refuses_a_long_name_and_can_still_save() {
    let mut repl = on_disk(PathBuf::from("."));
    let first = repl.input("party a { batna 0 }");
    assert!(
        !first.iter().any(|r| matches!(r, Reply::Diags(..))),
        "{first:?}"
    );
    let long = format!("party {} {{ batna 0 }}", "q".repeat(70_000));
    match &repl.input(&long)[0] {
        Reply::Diags(d, _) => assert!(d[0].message.contains("a name of 70000 characters"), "{d:?}"),
        other => panic!("{other:?}"),
    }
    let saved = repl.text();
    assert!(saved.contains("party a"), "{saved}");
    assert!(!saved.contains("qqq"), "{saved}");
}

/// `neg check plan.neg` on a plan whose first line is `line`.
fn check_with(dir: &Path, line: &str) -> (Option<i32>, String) {
    std::fs::write(dir.join("plan.neg"), format!("{line}\nparty a\nparty b\n")).unwrap();
    let out = neg(dir, &["check", "plan.neg"]);
    (out.status.code(), stderr(&out))
}

#[test]
fn an_import_or_hook_file_must_be_a_plan_or_rhai_code_and_is_never_shown() {
    let dir = scratch("not-a-plan");
    // Once, the file's first line appeared in the syntax error.
    let (code, err) = check_with(&dir, "import \"/etc/passwd\"");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("cannot import `/etc/passwd`: its name does not end in `.neg`"),
        "{err}"
    );
    assert!(!err.contains("root:"), "{err}");
    std::fs::write(
        dir.join("plan.neg"),
        "hook \"/proc/self/environ\"\nparty a\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("neg")
        .unwrap()
        .current_dir(&dir)
        .args(["--color", "never", "check", "plan.neg"])
        .env("NEG_TEST_SECRET", "xyzzy-secret")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("its name does not end in `.rhai`"), "{err}");
    assert!(!err.contains("xyzzy-secret"), "{err}");
    // A link with the right name to the wrong file.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", dir.join("evil.neg")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.join("evil.rhai")).unwrap();
        let (code, err) = check_with(&dir, "import \"evil.neg\"");
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("it leads to `/etc/passwd`, whose name does not end in `.neg`"),
            "{err}"
        );
        assert!(!err.contains("root:"), "{err}");
        let (code, err) = check_with(&dir, "hook \"evil.rhai\"");
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("whose name does not end in `.rhai`"), "{err}");
        assert!(!err.contains("root:"), "{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn special_and_huge_files_are_not_read() {
    let dir = scratch("special");
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("fifo.neg"))
        .status()
        .unwrap();
    assert!(fifo.success());
    // 65 MiB of nothing (a sparse file: no disk is used).
    let big = std::fs::File::create(dir.join("big.neg")).unwrap();
    big.set_len(65 << 20).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.neg")).unwrap();
    let not_regular = "it is not a regular file (a device, a FIFO or a socket)";
    let too_large = "it is larger than 64 MiB, the most neg reads";
    // Imports: `/dev/zero` once read until memory ran out, a FIFO hung.
    for (line, why) in [
        ("import \"fifo.neg\"", not_regular),
        ("import \"zero.neg\"", "it leads to `/dev/zero`"),
        ("import \"big.neg\"", too_large),
    ] {
        let (code, err) = check_with(&dir, line);
        assert_eq!(code, Some(1), "{line}: {err}");
        assert!(err.contains(why), "{line}: {err}");
    }
    // The file on the command line, for every command that reads one.
    for (file, why) in [
        ("fifo.neg", not_regular),
        ("/dev/zero", not_regular),
        ("big.neg", too_large),
    ] {
        for command in [&["run", file][..], &["check", file], &["fmt", file]] {
            let out = neg(&dir, command);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{command:?}: {err}");
            assert!(err.contains(why), "{command:?}: {err}");
        }
    }
    let out = neg(&dir, &["import", "genius", "/dev/zero", "fifo.neg"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(not_regular), "{}", stderr(&out));
    // Standard input past the limit.
    let out = assert_cmd::Command::cargo_bin("neg")
        .unwrap()
        .args(["--color", "never", "fmt", "-"])
        .write_stdin(vec![b' '; (64 << 20) + 1])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(too_large), "{}", stderr(&out));
    // The REPL's `:load`.
    let mut repl = on_disk(dir.clone());
    for file in ["fifo.neg", "/dev/zero", "big.neg"] {
        match &repl.load(&dir.join(file))[..] {
            [Reply::Note(n)] => assert!(n.contains("cannot read"), "{n}"),
            other => panic!("{other:?}"),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const UNFORMATTED: &str = "party a\nparty  b\n";
const FORMATTED: &str = "party a\nparty b\n";

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_link_and_leaves_a_read_only_file_alone() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = scratch("fmt-safe");
    std::fs::create_dir_all(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/plan.neg"), UNFORMATTED).unwrap();
    std::os::unix::fs::symlink("real/plan.neg", dir.join("link.neg")).unwrap();
    // Once, the link was replaced by a formatted copy and the target kept.
    let out = neg(&dir, &["fmt", "link.neg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(dir.join("link.neg"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.join("real/plan.neg")).unwrap(),
        FORMATTED
    );
    assert_eq!(listing(&dir), ["link.neg", "real"]);
    assert_eq!(listing(&dir.join("real")), ["plan.neg"]);

    // A read-only file is refused, and left as it was.
    let ro = dir.join("ro.neg");
    std::fs::write(&ro, UNFORMATTED).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = neg(&dir, &["fmt", "ro.neg"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("it is read-only; it was left as it is"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), UNFORMATTED);
    assert_eq!(
        std::fs::metadata(&ro).unwrap().permissions().mode() & 0o777,
        0o444
    );

    // A file of another user keeps its owner and mode (only root can set
    // one up; elsewhere this part has nothing to try).
    let theirs = dir.join("theirs.neg");
    std::fs::write(&theirs, UNFORMATTED).unwrap();
    std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o664)).unwrap();
    if std::os::unix::fs::chown(&theirs, Some(4242), Some(4343)).is_ok() {
        let out = neg(&dir, &["fmt", "theirs.neg"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let meta = std::fs::metadata(&theirs).unwrap();
        assert_eq!(
            (meta.uid(), meta.gid(), meta.mode() & 0o777),
            (4242, 4343, 0o664)
        );
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), FORMATTED);
    }
    assert!(
        listing(&dir).iter().all(|n| !n.ends_with(".tmp")),
        "{:?}",
        listing(&dir)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_plot_does_not_follow_a_link_a_plan_brings_along() {
    let dir = scratch("plot-link");
    std::fs::write(dir.join("precious.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink("precious.txt", dir.join("pic.svg")).unwrap();
    let plan = format!("{}plot \"pic.svg\"\n", named("a", "color", "red"));
    std::fs::write(dir.join("plan.neg"), plan).unwrap();
    let out = neg(&dir, &["run", "plan.neg"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("it is a link"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("precious.txt")).unwrap(),
        "keep me"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_and_save_never_replace_a_file_without_being_told() {
    let dir = scratch("keep");
    std::fs::write(dir.join("mine.neg"), "party me\n").unwrap();
    let out = neg(&dir, &["new", "lease", "mine.neg"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.neg")).unwrap(),
        "party me\n"
    );
    let out = neg(&dir, &["new", "lease", "fresh.neg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(dir.join("fresh.neg"))
        .unwrap()
        .contains("party"));
    assert_eq!(listing(&dir), ["fresh.neg", "mine.neg"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A plan with a `//` comment on its first line, lines joined by `end`.
fn plan_ending(end: &str, offer: &str) -> String {
    [
        "// A comment on the first line.",
        "party a",
        "party b",
        "issue x : p | q",
        "hook rhai {",
        "    // A comment in the hook code.",
        "    fn pts(o) { if o == \"p\" { 1 } else { 0 } }",
        "}",
        "prefs a {",
        "    x = hook pts",
        "}",
        "prefs b {",
        "    x = { p: 0, q: 1 }",
        "}",
        &format!("offer o {{ x: {offer} }}"),
        "",
    ]
    .join(end)
}

#[test]
fn old_mac_line_ends_are_line_ends() {
    let dir = scratch("line-ends");
    for (name, end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        // Once, a CR-only file was one long comment: "ok (0 parties…)".
        std::fs::write(dir.join("plan.neg"), plan_ending(end, "p")).unwrap();
        let out = neg(&dir, &["check", "plan.neg"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "plan.neg: ok (2 parties, 1 issue, 2 packages)\n",
            "{name}"
        );
        // A diagnostic's line and column count lines the same way.
        std::fs::write(dir.join("plan.neg"), plan_ending(end, "r")).unwrap();
        let out = neg(&dir, &["--format", "json", "check", "plan.neg"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains("\"line\":15,\"column\":14"), "{name}: {err}");
        // `fmt` ends every line with `\n`, whatever the file used.
        std::fs::write(dir.join("plan.neg"), plan_ending(end, "p")).unwrap();
        let out = neg(&dir, &["fmt", "--check", "plan.neg"]);
        assert_eq!(
            out.status.code(),
            Some((end != "\n") as i32),
            "{name}: {}",
            stderr(&out)
        );
        let out = neg(&dir, &["fmt", "plan.neg"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let formatted = std::fs::read_to_string(dir.join("plan.neg")).unwrap();
        assert!(!formatted.contains('\r'), "{name}: {formatted:?}");
        assert!(
            formatted.starts_with("// A comment on the first line.\nparty a\n"),
            "{name}: {formatted:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Spawns `neg ARGS` in `dir`; once its standard output holds `ready`,
/// sends it SIGINT (as Ctrl-C does); gives (exit code, stdout, stderr).
#[cfg(unix)]
fn interrupted(dir: &Path, args: &[&str], ready: &str) -> (Option<i32>, String, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};
    let mut child = Command::new(env!("CARGO_BIN_EXE_neg"))
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .env("COLUMNS", "400")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let collect = |mut from: Box<dyn Read + Send>| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let into = buffer.clone();
        let thread = std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = from.read(&mut chunk) {
                into.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        (buffer, thread)
    };
    let (stdout, out_thread) = collect(Box::new(child.stdout.take().unwrap()));
    let (stderr, err_thread) = collect(Box::new(child.stderr.take().unwrap()));
    let text = |b: &Arc<Mutex<Vec<u8>>>| String::from_utf8_lossy(&b.lock().unwrap()).into_owned();
    let start = std::time::Instant::now();
    while !text(&stdout).contains(ready) {
        assert!(
            start.elapsed().as_secs() < 60,
            "never ready: {}",
            text(&stderr)
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "ended early: {}",
            text(&stderr)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Into the command that follows what is ready (or, with nothing to
    // wait for, well into the check).
    std::thread::sleep(Duration::from_millis(if ready.is_empty() {
        1500
    } else {
        300
    }));
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed().as_secs() > 90 {
            let _ = child.kill();
            panic!("still running after Ctrl-C: {}", text(&stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    out_thread.join().unwrap();
    err_thread.join().unwrap();
    (status.code(), text(&stdout), text(&stderr))
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_neg_run_cleanly_and_names_what_did_not_run() {
    let dir = scratch("ctrl-c-run");
    std::fs::write(
        dir.join("slow.neg"),
        slow::slow_plan() + "classify\nfrontier\nnash\nclassify\n",
    )
    .unwrap();
    // Once, Ctrl-C killed the process outright (no exit status).
    let (code, stdout, stderr) = interrupted(&dir, &["run", "slow.neg"], "integrative");
    assert_eq!(code, Some(130), "{stderr}");
    // What was printed before stays, complete.
    assert!(stdout.contains("classify p0 and p1"), "{stdout}");
    assert!(stderr.contains("cancelled before it finished"), "{stderr}");
    assert!(
        stderr.contains("interrupted (Ctrl-C) during `frontier`: 2 commands were not run")
            && stderr.contains("not run: nash; classify"),
        "{stderr}"
    );

    // Ctrl-C while a hook is being tabulated (nothing is printed before:
    // the signal comes once the hook has surely started).
    let endless = "party a { batna 0 }\nparty b { batna 0 }\nissue color : red | blue\n\
        hook rhai { fn f(c) { loop { } } }\n\
        prefs a { color = hook f }\nprefs b { color = { red: 0, blue: 5 } }\nnash\n";
    std::fs::write(dir.join("hook.neg"), endless).unwrap();
    let (code, _, stderr) = interrupted(
        &dir,
        &[
            "run",
            "--hook-operations",
            "1000000000000",
            "--hook-seconds",
            "600",
            "hook.neg",
        ],
        "",
    );
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted (Ctrl-C) while the plan was checked: no command was run"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A REPL session on the file system, as the command line makes it: files
/// read from disk, plots written there.
fn on_disk(base: std::path::PathBuf) -> ReplSession {
    ReplSession::new(std::sync::Arc::new(neg::host::FsWorld), base)
        .delivering_with(neg::host::write_plot)
}
