//! Shell completions, the man page and the help on plans, end to end: the
//! bash script completes in a real bash, the other shells' scripts name every
//! subcommand (and pass their shell's syntax check where it is installed),
//! `man` renders the page, and `neg help plan` lists every keyword that can
//! start an item of a plan, with an example.
//!
//! A test that needs a program (bash, zsh, fish, man, groff, mandoc) skips
//! that part, saying so, where it is not installed.

use assert_cmd::Command;
use neg::syntax::keywords::TOP_LEVEL_KEYWORDS;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn neg() -> Command {
    let mut cmd = Command::cargo_bin("neg").expect("the neg binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// What `neg ARGS` prints, which must succeed.
fn stdout(args: &[&str]) -> String {
    let out = neg()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8")
}

/// A fresh, empty folder for one test's files.
fn temp_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_completions_{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Whether `program` runs here (`program --version` or the like starts).
fn installed(program: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if !found {
        eprintln!("skipped: `{program}` is not installed");
    }
    found
}

/// The subcommands `neg help` lists (so ones added later are checked too).
fn subcommands() -> Vec<String> {
    let help = stdout(&["help"]);
    let names: Vec<String> = help
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    for expected in ["run", "tournament", "completions", "man", "help"] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
    names
}

// ------------------------------------------------------------------ bash

/// What bash offers for `line` (the cursor at its end) with neg's script
/// sourced: the registered completion function is called as bash would.
fn bash_completes(script: &Path, line: &str) -> Vec<String> {
    let program = r#"
source "$1" || exit 3
spec=$(complete -p neg) || exit 4
f=$(sed -n 's/.*-F \([^ ]*\).*/\1/p' <<< "$spec")
[[ -n $f ]] || exit 5
COMP_LINE=$2
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
"$f" neg "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let out = std::process::Command::new("bash")
        .env_remove("BASH_ENV")
        .args(["--norc", "--noprofile", "-c", program, "bash"])
        .arg(script)
        .arg(line)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{line:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_their_options() {
    if !installed("bash") {
        return;
    }
    let script = temp_dir("bash").join("neg.bash");
    std::fs::write(&script, stdout(&["completions", "bash"])).expect("write the script");
    let offers = |line: &str, word: &str| {
        let got = bash_completes(&script, line);
        assert!(got.iter().any(|w| w == word), "{line:?} gave {got:?}");
        got
    };
    assert_eq!(offers("neg ru", "run"), ["run"]);
    assert_eq!(offers("neg t", "tournament"), ["tournament"]);
    offers("neg run --fo", "--format");
    offers("neg tournament --str", "--strategies");
    offers("neg --color ne", "never");
    offers("neg import g", "geniusweb");
    offers("neg completions f", "fish");
    offers("neg help r", "run");
    let all = offers("neg ", "completions");
    for sub in subcommands() {
        assert!(all.contains(&sub), "{sub}: {all:?}");
    }
}

// --------------------------------------------------- zsh, fish, powershell

#[test]
fn every_shell_script_names_every_subcommand() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {script}");
        for sub in &subs {
            assert!(script.contains(sub.as_str()), "{shell}: no `{sub}`");
        }
        // fish writes long options without their dashes (`-l format`).
        assert!(script.contains("format"), "{shell}");
    }
}

#[test]
fn zsh_and_fish_scripts_pass_their_syntax_checks() {
    let dir = temp_dir("syntax");
    for (shell, file, check) in [
        ("zsh", "_neg", &["-n"][..]),
        ("fish", "neg.fish", &["--no-execute"][..]),
    ] {
        if !installed(shell) {
            continue;
        }
        let path = dir.join(file);
        std::fs::write(&path, stdout(&["completions", shell])).expect("write the script");
        let out = std::process::Command::new(shell)
            .args(check)
            .arg(&path)
            .output()
            .expect("the shell runs");
        assert!(
            out.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    neg()
        .args(["completions", "nosuchshell"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("possible values"));
    neg().arg("completions").assert().code(2);
}

// ------------------------------------------------------------------ man

/// `man -l` renders the page as plain text (skipped without man).
fn man_renders(page: &Path) -> Option<String> {
    if !installed("man") {
        return None;
    }
    let out = std::process::Command::new("man")
        .arg("-l")
        .arg(page)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .env_remove("MAN_KEEP_FORMATTING")
        .output()
        .expect("man runs");
    assert!(
        out.status.success(),
        "{}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// groff and mandoc (where installed) read the page without a warning.
fn lint(page: &Path) {
    if installed("groff") {
        let out = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(page)
            .output()
            .expect("groff runs");
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && warnings.is_empty(),
            "{}: {warnings}",
            page.display()
        );
    }
    if installed("mandoc") {
        let out = std::process::Command::new("mandoc")
            .args(["-T", "lint", "-W", "warning"])
            .arg(page)
            .output()
            .expect("mandoc runs");
        assert!(
            out.status.success(),
            "{}: {}{}",
            page.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn man_prints_a_page_that_man_renders() {
    let page = stdout(&["man"]);
    assert!(page.starts_with('.'), "{page}");
    assert!(page.lines().any(|l| l.starts_with(".TH neg 1")), "{page}");
    assert!(page.is_ascii(), "other characters are roff escapes");
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "EXAMPLES",
        "PLANS",
    ] {
        assert!(
            page.contains(&format!(".SH {section}"))
                || page.contains(&format!(".SH \"{section}\"")),
            "{section}"
        );
    }
    let path = temp_dir("man").join("neg.1");
    std::fs::write(&path, &page).expect("write the page");
    lint(&path);
    if let Some(text) = man_renders(&path) {
        // Filled text may be justified with extra spaces.
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("NAME"), "{text}");
        assert!(words.contains("neg - Plan negotiations as text"), "{text}");
        assert!(words.contains("neg run examples/term_sheet.neg"), "{text}");
        assert!(words.contains("tournament boulware, conceder"), "{text}");
    }
}

#[test]
fn man_out_writes_a_page_per_command() {
    let dir = temp_dir("man_out").join("man1");
    neg()
        .args(["man", "--out"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("neg-run.1"));
    for name in [
        "neg.1",
        "neg-run.1",
        "neg-import-genius.1",
        "neg-tournament-merge.1",
    ] {
        let path = dir.join(name);
        let page = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(page.is_ascii(), "{name}");
        lint(&path);
        if let Some(text) = man_renders(&path) {
            let title = name.trim_end_matches(".1");
            assert!(
                text.contains("NAME") && text.contains(title),
                "{name}: {text}"
            );
        }
    }
    assert!(!dir.join("neg-help.1").exists(), "help has no page");
    // The run page keeps its example; writing again replaces the pages.
    let run = std::fs::read_to_string(dir.join("neg-run.1")).expect("neg-run.1");
    assert!(
        run.contains("neg run examples/term_sheet.neg \\-\\-format json"),
        "{run}"
    );
    neg().args(["man", "-o"]).arg(&dir).assert().success();
}

#[test]
fn man_out_into_a_file_is_a_usage_error() {
    let file = temp_dir("man_file").join("plain");
    std::fs::write(&file, "x").expect("write");
    neg()
        .args(["--color", "never", "man", "--out"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
}

// ------------------------------------------------------------ help plan

#[test]
fn help_plan_lists_every_keyword_with_an_example() {
    let text = stdout(&["help", "plan"]);
    let lines: Vec<&str> = text.lines().collect();
    for kw in TOP_LEVEL_KEYWORDS {
        // `  KEYWORD example…`, then what it does, indented further.
        let at = lines
            .iter()
            .position(|l| {
                l.strip_prefix("  ")
                    .and_then(|l| l.strip_prefix(kw))
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':']))
            })
            .unwrap_or_else(|| panic!("no example of `{kw}`:\n{text}"));
        let what = lines.get(at + 1).copied().unwrap_or_default();
        assert!(
            what.starts_with("      ") && what.trim().len() > 3,
            "{kw}: {what:?}"
        );
    }
    assert!(text.contains("meso vc count 3 [at 60]"));
    // Global flags before or after change nothing.
    assert_eq!(stdout(&["--color", "never", "help", "plan"]), text);
    assert_eq!(stdout(&["help", "plan", "--format", "json"]), text);
}

#[test]
fn long_help_lists_every_keyword_and_short_help_does_not() {
    let long = stdout(&["--help"]);
    for kw in TOP_LEVEL_KEYWORDS {
        assert!(
            long.lines()
                .any(|l| l.trim_start().starts_with(&format!("{kw} "))),
            "`neg --help` does not list `{kw}`"
        );
    }
    assert!(long.contains("neg help plan"));
    assert!(long.contains("Examples:"));
    let short = stdout(&["-h"]);
    assert!(short.contains("Examples:") && !short.contains("tradeoffs"));
}

#[test]
fn clap_help_for_subcommands_still_works() {
    assert!(stdout(&["help", "run"]).contains("Usage: neg run"));
    assert!(stdout(&["help", "import", "genius"]).contains("Usage: neg import genius"));
    assert!(stdout(&["help", "completions"]).contains("neg completions bash"));
    assert!(stdout(&["help"]).contains("Usage: neg"));
    neg().args(["help", "nosuchtopic"]).assert().code(2);
    neg().args(["help", "plan", "extra"]).assert().code(2);
}
