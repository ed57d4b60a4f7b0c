//! The corpus of broken scenarios in `tests/bad/`: every file is run through
//! the `neg` binary and its diagnostics are pinned as insta snapshots
//! (`tests/snapshots/diagnostics__NAME.snap`), so a change to any message,
//! label, span or help line shows up in review.
//!
//! Every `tests/bad/*.neg` file starts with a `// ` line saying what is wrong
//! with it. Files in subfolders (`tests/bad/cycle/`, `tests/bad/lib/`) are
//! helpers that the top-level files import; they are not run on their own.
//!
//! Most files fail `neg check` (exit 1). The few in [`RUN_TIME`] check clean
//! and fail only when run. A file that cannot be read at all (not UTF-8) is
//! written by [`non_utf8`] itself, so no binary data is committed.
//!
//! To accept changed snapshots: `INSTA_UPDATE=always cargo test --test
//! diagnostics`, then read every changed `.snap` file before committing.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Files that check clean and fail only when run (`neg run`, exit 1).
const RUN_TIME: &[&str] = &[
    "assert_fails",
    "flow_agree_breaks_rule",
    "flow_agree_open",
    "flow_sequential_order",
    "flow_sequential_reopen",
    "meso_without_nash",
    "no_package",
    "simulate_too_few_rounds",
];

/// Files whose diagnostics have no help line yet. Each one is a known
/// weakness (see the report that added this corpus); remove a name here when
/// its diagnostic gains a help line.
const NO_HELP_YET: &[&str] = &[
    "assert_fails",
    "reserved_word_as_name",
    "syntax_error",
    "unclosed_comment",
    "wrong_kind",
    "wrong_kind_imported",
];

/// Files whose diagnostic shows no labelled span yet (the label falls past
/// the last line shown). Each is a known weakness, as above.
const NO_VISIBLE_LABEL_YET: &[&str] = &["unclosed_comment"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A `neg` command with stable output: no colour, a fixed width, run from
/// the crate root so that file names read `tests/bad/NAME.neg`.
fn neg() -> Command {
    let mut cmd = Command::cargo_bin("neg").expect("the neg binary is built");
    cmd.current_dir(manifest_dir())
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .arg("--color")
        .arg("never");
    cmd
}

/// Escapes a literal for use in an insta filter (a regex).
fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Filters that turn machine-specific paths into placeholders.
fn path_filters() -> Vec<(String, String)> {
    let mut filters = vec![
        (
            regex_escape(env!("CARGO_TARGET_TMPDIR")),
            "[TMP]".to_string(),
        ),
        (
            regex_escape(&manifest_dir().display().to_string()),
            "[CRATE]".to_string(),
        ),
    ];
    let tmp = std::env::temp_dir().display().to_string();
    let tmp = tmp.trim_end_matches('/');
    if tmp.len() > 1 {
        filters.push((regex_escape(tmp), "[TMP]".to_string()));
    }
    filters
}

/// Pins `stderr` as the snapshot `name`, with machine paths normalised.
fn snapshot(name: &str, stderr: &str) {
    let filters = path_filters();
    let filters: Vec<(&str, &str)> = filters
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    insta::with_settings!({
        filters => filters,
        prepend_module_to_snapshot => true,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, stderr);
    });
}

/// The top-level `.neg` files of `tests/bad/`, sorted by name.
fn bad_files() -> Vec<PathBuf> {
    let dir = manifest_dir().join("tests/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/bad exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "neg"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// The process output as text: (exit code, stdout, stderr).
fn output(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("neg runs");
    (
        out.status
            .code()
            .expect("neg exits with a code, not a signal"),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

fn assert_no_panic(name: &str, stderr: &str) {
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(
            !stderr.contains(bad),
            "{name}: stderr shows a panic ({bad}):\n{stderr}"
        );
    }
}

/// Runs every file of the corpus and pins its diagnostics.
#[test]
fn every_bad_file_is_reported() {
    let files = bad_files();
    assert!(
        files.len() >= 30,
        "the corpus has {} files; it should cover at least 30 error kinds",
        files.len()
    );
    for path in &files {
        let name = stem(path);
        let rel = format!("tests/bad/{name}.neg");
        let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
        assert!(
            text.starts_with("// "),
            "{rel} must start with a `// ` line saying what is wrong"
        );

        let run_time = RUN_TIME.contains(&name.as_str());
        if run_time {
            let (code, _, stderr) = output(neg().arg("check").arg(&rel));
            assert_eq!(code, 0, "{rel} should check clean, got:\n{stderr}");
        }
        let sub = if run_time { "run" } else { "check" };
        let (code, _, stderr) = output(neg().arg(sub).arg(&rel));

        assert_no_panic(&name, &stderr);
        assert_eq!(code, 1, "`neg {sub} {rel}` exit code; stderr:\n{stderr}");
        assert!(
            stderr.contains("╭─[tests/bad/"),
            "{rel}: no source snippet with a corpus file name:\n{stderr}"
        );
        // A label reads `╰── text`; the frame's closing `╰────` does not count.
        if !NO_VISIBLE_LABEL_YET.contains(&name.as_str()) {
            assert!(
                stderr.contains("╰── "),
                "{rel}: no labelled span:\n{stderr}"
            );
        }
        if !NO_HELP_YET.contains(&name.as_str()) {
            assert!(stderr.contains("help:"), "{rel}: no help line:\n{stderr}");
        }
        snapshot(&name, &stderr);
    }
}

/// A root file that is not UTF-8 cannot be read: exit 2 and a clean message.
#[test]
fn non_utf8() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diagnostics_non_utf8");
    std::fs::create_dir_all(&dir).expect("temp dir");
    // "party caf\xe9" in Latin-1: a byte that never starts a UTF-8 character.
    let mut bytes = b"// Written in Latin-1, not UTF-8.\nparty caf".to_vec();
    bytes.extend_from_slice(&[0xE9, b'\n']);
    std::fs::write(dir.join("non_utf8.neg"), &bytes).expect("write");

    // A relative name keeps the message short enough not to wrap; the path
    // filters catch the temp folder should it show up anyway.
    let (code, stdout, stderr) = output(neg().current_dir(&dir).arg("check").arg("non_utf8.neg"));
    assert_no_panic("non_utf8", &stderr);
    assert_eq!(code, 2, "an unreadable file is exit 2; stderr:\n{stderr}");
    assert!(stdout.is_empty(), "nothing on stdout: {stdout}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    snapshot("non_utf8", &stderr);

    // The same file, imported: the importing file is fine, so it is a
    // scenario error (exit 1) labelled at the import.
    std::fs::write(
        dir.join("imports_non_utf8.neg"),
        "// Imports a file that is not UTF-8.\nimport \"non_utf8.neg\"\n",
    )
    .expect("write");
    let (code, _, stderr) = output(
        neg()
            .current_dir(&dir)
            .arg("check")
            .arg("imports_non_utf8.neg"),
    );
    assert_no_panic("imports_non_utf8", &stderr);
    assert_eq!(code, 1, "stderr:\n{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    snapshot("imports_non_utf8", &stderr);
}

/// The JSON diagnostics of `neg check FILE` (one object per stderr line).
fn json_diags(file: &str) -> Vec<Value> {
    let (code, stdout, stderr) = output(neg().args(["--format", "json", "check", file]));
    assert_eq!(code, 1, "stderr:\n{stderr}");
    assert!(
        stdout.is_empty(),
        "a failed check prints no report: {stdout}"
    );
    stderr
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line}"))
        })
        .collect()
}

fn position(d: &Value) -> (u64, u64) {
    (
        d["line"].as_u64().expect("line"),
        d["column"].as_u64().expect("column"),
    )
}

#[test]
fn three_errors_are_all_reported_in_order() {
    let diags = json_diags("tests/bad/three_errors.neg");
    assert_eq!(diags.len(), 3, "{diags:#?}");
    for d in &diags {
        for key in [
            "message", "code", "severity", "file", "line", "column", "labels", "help",
        ] {
            assert!(d.get(key).is_some(), "missing {key:?} in {d}");
        }
        assert_eq!(d["severity"], "error");
        assert_eq!(d["file"], "tests/bad/three_errors.neg");
    }
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "neg::check::negative-weight",
            "neg::check::missing-option",
            "neg::check::off-grid"
        ]
    );
    let positions: Vec<(u64, u64)> = diags.iter().map(position).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "diagnostics come sorted by position");
    assert_eq!(positions, [(7, 18), (13, 5), (15, 22)]);
}

#[test]
fn several_syntax_errors_are_all_reported() {
    let diags = json_diags("tests/bad/syntax_errors_several.neg");
    assert_eq!(diags.len(), 3, "{diags:#?}");
    assert!(
        diags.iter().all(|d| d["code"] == "neg::syntax"),
        "{diags:#?}"
    );
    // One error in each broken declaration (lines 2/3, 4 and 6), none in the
    // good `issue price` line between them.
    let lines: Vec<u64> = diags.iter().map(|d| position(d).0).collect();
    assert_eq!(lines, [3, 4, 6]);
}

#[test]
fn json_diagnostic_fields() {
    let diags = json_diags("tests/bad/unknown_name.neg");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["code"], "neg::check::unknown-name");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown offer `opning`");
    assert_eq!(d["file"], "tests/bad/unknown_name.neg");
    // `evaluate opning` is line 8; the name starts in column 10.
    assert_eq!(position(d), (8, 10));
    assert_eq!(d["help"], "did you mean `opening`?");
    let labels = d["labels"].as_array().expect("labels");
    assert_eq!(labels.len(), 1);
    let label = &labels[0];
    assert_eq!(label["line"], 8);
    assert_eq!(label["column"], 10);
    assert_eq!(label["length"], "opning".len());
    assert_eq!(label["primary"], true);
    assert_eq!(label["message"], "no offer has this name");
    let text = std::fs::read_to_string(manifest_dir().join("tests/bad/unknown_name.neg")).unwrap();
    let offset = label["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + "opning".len()], "opning");
}

#[test]
fn json_run_time_diagnostic_fields() {
    let (code, stdout, stderr) =
        output(neg().args(["--format", "json", "run", "tests/bad/assert_fails.neg"]));
    assert_eq!(code, 1, "stderr:\n{stderr}");
    // The failed assert is reported on stdout as a result too.
    let report: Value = serde_json::from_str(stdout.trim()).expect("one JSON report");
    assert_eq!(report["command"], "assert");
    assert_eq!(report["passed"], false);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one diagnostic in JSON mode:\n{stderr}");
    let d: Value = serde_json::from_str(lines[0]).expect("JSON diagnostic");
    assert_eq!(d["code"], "neg::run::assert-failed");
    assert_eq!(position(&d), (8, 1));
    let label = d["labels"][0]["message"].as_str().unwrap();
    assert!(label.contains("60") && label.contains("70"), "{label}");
}

/// Misspelt keywords and commands get a "did you mean", in a file and at the
/// REPL prompt (meta-commands and `:help WORD` too). After the first broken
/// line, recovery resumes at a misspelt top-level word as at a keyword, so
/// each one is reported.
#[test]
fn misspelt_keywords_get_a_did_you_mean() {
    let diags = json_diags("tests/bad/misspelt_keywords.neg");
    let helps: Vec<(u64, &str)> = diags
        .iter()
        .map(|d| (position(d).0, d["help"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        helps,
        [
            (5, "`wieght` is not a keyword here; did you mean `weight`?"),
            (7, "did you mean `by`?"),
            (8, "did you mean `evaluate`?"),
            (9, "did you mean `tentative`?"),
            (10, "did you mean `issue`?"),
            (11, "did you mean `from`?"),
            (12, "did you mean `and`?"),
        ]
    );

    let (code, stdout, stderr) = output(
        neg()
            .arg("repl")
            .write_stdin("evalute x\n:lod plan.neg\n:help tentatve\n:help nothing_like_it\n"),
    );
    assert_eq!(code, 0, "stderr:\n{stderr}");
    assert!(stderr.contains("did you mean `evaluate`?"), "{stderr}");
    for line in [
        "unknown meta-command `:lod`: did you mean `:load`?",
        "no command `tentatve`; did you mean `tentative`?",
        "no command `nothing_like_it`: :help lists them",
    ] {
        assert!(stdout.contains(line), "{line:?} not in:\n{stdout}");
    }
}
