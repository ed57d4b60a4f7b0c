//! `neg diff`, end to end: layout is no change, a BATNA edit moves the Nash
//! package (worked by hand below), an added issue grows the frontier, an
//! offer that stops being acceptable is named, hypotheses change an offer's
//! acceptance, a git revision (with its imports) and git's external-diff
//! form work in a scratch repository, and bad input exits 2 with a message.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn neg() -> Command {
    let mut cmd = Command::cargo_bin("neg").expect("the neg binary is built");
    cmd.env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// A fresh, empty folder for one test's files.
fn temp_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff_{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// `neg diff ARGS` in `dir`: (status, stdout, stderr).
fn diff_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = neg()
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        !stderr.contains("panicked") && !stdout.contains("panicked"),
        "{stderr}"
    );
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// Two parties, two issues, six packages. With u = utility:
///
/// | price, delivery | buyer: 60% price + 40% delivery | seller: 50% + 50% |
/// |---|---|---|
/// | 0, fast   | 60 + 40 = 100 | 0 + 0 = 0 |
/// | 0, slow   | 60 + 0 = 60   | 0 + 50 = 50 |
/// | 50, fast  | 30 + 40 = 70  | 25 + 0 = 25 |
/// | 50, slow  | 30 + 0 = 30   | 25 + 50 = 75 |
/// | 100, fast | 0 + 40 = 40   | 50 + 0 = 50 (dominated by 0, slow) |
/// | 100, slow | 0 + 0 = 0     | 50 + 50 = 100 |
///
/// The frontier is the five undominated packages. With both BATNAs 0 all
/// five are in the negotiation set and the Nash products are 0, 1750,
/// 3000, 2250, 0: Nash is (0, slow) with buyer 60, seller 50. With the
/// seller's BATNA at 60 only (50, slow) and (100, slow) are left, with
/// products 30 × 15 = 450 and 0 × 40 = 0: Nash is (50, slow), buyer 30,
/// seller 75.
const PLAN: &str = r#"party buyer { batna 0 }
party seller { batna 0 }
issue price : 0 .. 100 step 50
issue delivery : fast | slow
prefs buyer {
    weight price 60%, delivery 40%
    price = linear(0 -> 100, 100 -> 0)
    delivery = { fast: 100, slow: 0 }
}
prefs seller {
    weight price 50%, delivery 50%
    price = linear(0 -> 0, 100 -> 100)
    delivery = { fast: 0, slow: 100 }
}
/// Buyer 30, seller 75.
offer mid { price: 50, delivery: slow }
nash
"#;

#[test]
fn layout_comments_and_order_are_no_change() {
    let dir = temp_dir("layout");
    let old = write(&dir, "old.neg", PLAN);
    // Declarations in another order, comments, other spacing, a number
    // spelled otherwise, an offer's entries swapped.
    let reordered = r#"// The same plan, rearranged.
issue delivery : fast | slow
issue price : 0 .. 100 step 50   // in thousands
prefs seller {
    delivery = { slow: 100, fast: 0 }
    price = linear(0 -> 0, 100 -> 100)
    weight price 50%, delivery 50%
}
party seller { batna 0.0 }
offer mid { delivery: slow, price: 50 }
party buyer {
    batna 0
}
prefs buyer { weight delivery 40%, price 60%
  price = linear(0 -> 100, 100 -> 0)
  delivery = { fast: 100, slow: 0 } }
nash
"#;
    let new = write(&dir, "new.neg", reordered);
    let (code, stdout, _) = diff_in(&dir, &[old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.contains("no change"), "{stdout}");
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json_of(&stdout)["changes"], serde_json::json!([]));
}

#[test]
fn neg_fmt_of_an_example_is_no_change() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/term_sheet.neg");
    let formatted = neg()
        .args(["fmt", "-"])
        .write_stdin(std::fs::read_to_string(&example).unwrap())
        .output()
        .unwrap();
    assert!(formatted.status.success());
    let dir = temp_dir("fmt");
    write(
        &dir,
        "formatted.neg",
        &String::from_utf8(formatted.stdout).unwrap(),
    );
    let (code, stdout, _) = diff_in(&dir, &[example.to_str().unwrap(), "formatted.neg"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("no change\n"), "{stdout}");
}

#[test]
fn a_batna_edit_moves_the_nash_package() {
    let dir = temp_dir("batna");
    write(&dir, "old.neg", PLAN);
    write(
        &dir,
        "new.neg",
        &PLAN.replace("party seller { batna 0 }", "party seller { batna 60 }"),
    );
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("changed party seller: batna 0 → 60"),
        "{stdout}"
    );
    assert!(stdout.contains("BATNA      seller 0 → 60"), "{stdout}");
    assert!(
        stdout.contains("frontier   5 packages; negotiation set 5 → 2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Nash       price 0 → 50; buyer 60 → 30, seller 50 → 75"),
        "{stdout}"
    );

    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    assert_eq!(j["command"], "diff");
    let change = &j["changes"][0];
    assert_eq!(
        (&change["kind"], &change["name"], &change["change"]),
        (&"party".into(), &"seller".into(), &"changed".into())
    );
    assert_eq!(change["details"][0]["field"], "batna");
    assert_eq!(change["details"][0]["before"], 0.0);
    assert_eq!(change["details"][0]["after"], 60.0);
    assert_eq!(j["batna"]["seller"]["before"], 0.0);
    assert_eq!(j["batna"]["seller"]["after"], 60.0);
    assert_eq!(j["frontier"]["before"]["packages"], 5);
    assert_eq!(j["frontier"]["after"]["points"], 5);
    assert_eq!(j["negotiation_set"]["before"]["packages"], 5);
    assert_eq!(j["negotiation_set"]["after"]["packages"], 2);
    let nash = &j["nash"];
    assert_eq!(nash["before"]["package"]["price"], 0.0);
    assert_eq!(nash["before"]["package"]["delivery"], "slow");
    assert_eq!(nash["before"]["cared"]["buyer"], 60.0);
    assert_eq!(nash["before"]["cared"]["seller"], 50.0);
    assert_eq!(nash["after"]["package"]["price"], 50.0);
    assert_eq!(nash["after"]["package"]["delivery"], "slow");
    assert_eq!(nash["after"]["cared"]["buyer"], 30.0);
    assert_eq!(nash["after"]["cared"]["seller"], 75.0);
    for key in ["kalai", "welfare"] {
        assert!(j[key]["before"]["found"].as_bool().unwrap(), "{key}");
    }
    assert_eq!(j["offers"]["mid"]["cared"]["after"]["seller"], 75.0);
}

#[test]
fn an_added_issue_grows_the_frontier() {
    // Price alone: buyer 100 - p, seller p over 0, 50, 100: every package
    // is efficient, 3 of them. With delivery added: the 5 of PLAN.
    let dir = temp_dir("issue");
    let price_only = r#"party buyer { batna 0 }
party seller { batna 0 }
issue price : 0 .. 100 step 50
prefs buyer { price = linear(0 -> 100, 100 -> 0) }
prefs seller { price = linear(0 -> 0, 100 -> 100) }
"#;
    write(&dir, "old.neg", price_only);
    write(&dir, "new.neg", PLAN);
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("added issue delivery"), "{stdout}");
    assert!(stdout.contains("added offer mid"), "{stdout}");
    assert!(
        stdout.contains("changed prefs buyer: weight price 60% (new)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("frontier   3 → 5 packages; negotiation set 3 → 5"),
        "{stdout}"
    );
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    assert_eq!(j["frontier"]["before"]["packages"], 3);
    assert_eq!(j["frontier"]["after"]["packages"], 5);
    assert_eq!(j["offers"]["mid"]["cared"]["before"], Value::Null);
}

#[test]
fn an_offer_that_stops_being_acceptable_is_named() {
    // mid gives the buyer 30: acceptable at BATNA 0, not at 40.
    let dir = temp_dir("offer");
    write(&dir, "old.neg", PLAN);
    write(
        &dir,
        "new.neg",
        &PLAN.replace("party buyer { batna 0 }", "party buyer { batna 40 }"),
    );
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(
            "offer mid  buyer 30, seller 75: was acceptable to buyer, is not now (BATNA 0 → 40)"
        ),
        "{stdout}"
    );
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let mid = &json_of(&stdout)["offers"]["mid"];
    assert_eq!(mid["acceptable"]["buyer"]["before"], true);
    assert_eq!(mid["acceptable"]["buyer"]["after"], false);
    assert_eq!(mid["acceptable"]["seller"]["after"], true);
    assert_eq!(mid["efficient"]["after"], true);
    assert_eq!(mid["cared"]["before"]["buyer"], 30.0);
}

#[test]
fn a_party_in_one_version_only_is_said_so() {
    let dir = temp_dir("party");
    write(&dir, "old.neg", PLAN);
    let with_agent = PLAN.replace(
        "issue price",
        "party agent { batna 5 }\nprefs agent { price = linear(0 -> 0, 100 -> 10) delivery = 0 }\nissue price",
    );
    write(&dir, "new.neg", &with_agent);
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("added party agent"), "{stdout}");
    assert!(stdout.contains("BATNA      agent — → 5"), "{stdout}");
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    assert_eq!(j["batna"]["agent"]["before"], Value::Null);
    assert_eq!(j["batna"]["agent"]["after"], 5.0);
}

#[test]
fn hypotheses_change_an_offers_acceptance() {
    // The seller's utility is the price under both hypotheses; `mid`
    // (price 50) reaches the easy seller's BATNA 10 but not the greedy
    // one's 60: acceptance 50%. With the greedy BATNA at 40, both accept.
    let plan = |greedy: u32| {
        format!(
            r#"party buyer {{ batna 0 }}
party seller
issue price : 0 .. 100 step 50
prefs buyer {{ price = linear(0 -> 100, 100 -> 0) }}
prefs seller as greedy 50% {{ price = linear(0 -> 0, 100 -> 100) batna {greedy} }}
prefs seller as easy 50% {{ price = linear(0 -> 0, 100 -> 100) batna 10 }}
offer mid {{ price: 50 }}
"#
        )
    };
    let dir = temp_dir("hypotheses");
    write(&dir, "old.neg", &plan(60));
    write(&dir, "new.neg", &plan(40));
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("changed prefs seller as greedy: batna 60 → 40"),
        "{stdout}"
    );
    assert!(stdout.contains("acceptance 50% → 100%"), "{stdout}");
    assert!(stdout.contains("under seller as greedy (50%)"), "{stdout}");
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    assert_eq!(j["offers"]["mid"]["acceptance"]["before"], 0.5);
    assert_eq!(j["offers"]["mid"]["acceptance"]["after"], 1.0);
    assert_eq!(j["batna"]["seller as greedy"]["after"], 40.0);
    let greedy = &j["per_hypothesis"][0];
    assert_eq!(greedy["hypotheses"]["seller"], "greedy");
    assert_eq!(greedy["probability"]["before"], 0.5);
    assert!(j.get("nash").is_none());
}

#[test]
fn a_version_with_errors_gives_its_diagnostics_and_status_1() {
    let dir = temp_dir("errors");
    write(&dir, "old.neg", PLAN);
    write(
        &dir,
        "new.neg",
        &PLAN.replace("offer mid { price: 50", "offer mid { price: 55"),
    );
    let (code, stdout, stderr) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("new.neg"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let dir = temp_dir("usage");
    write(&dir, "old.neg", PLAN);
    let (code, _, stderr) = diff_in(&dir, &["old.neg", "missing.neg"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read `missing.neg`: no such file"),
        "{stderr}"
    );
    let (code, _, stderr) = diff_in(&dir, &["a", "b", "c"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("one or two arguments"), "{stderr}");
    // Not a git repository at all (the scratch folder is outside any).
    let (code, _, stderr) = diff_in(&dir, &["HEAD", "old.neg"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = diff_in(&dir, &["--git", "only", "three", "args"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("7 arguments"), "{stderr}");
}

// ------------------------------------------------------------------ git

/// `git ARGS` in `dir`, as a test's own user; panics on failure.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=neg test",
            "-c",
            "user.email=neg@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn has_git() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A repository with `plans/deal.neg`, whose parties are in
/// `plans/shared/sides.neg`, committed once.
fn repository(test: &str) -> PathBuf {
    let dir = temp_dir(test);
    let (sides, rest) = PLAN.split_at(PLAN.find("issue price").unwrap());
    write(&dir, "plans/shared/sides.neg", sides);
    write(
        &dir,
        "plans/deal.neg",
        &format!("import \"shared/sides.neg\"\n{rest}"),
    );
    write(&dir, "notes.txt", "not a plan\n");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "first"]);
    dir
}

#[test]
fn a_revision_against_the_working_copy_reads_its_imports_at_that_revision() {
    if !has_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = repository("revision");
    let sides = dir.join("plans/shared/sides.neg");
    let text = std::fs::read_to_string(&sides).unwrap();
    std::fs::write(
        &sides,
        text.replace("party seller { batna 0 }", "party seller { batna 60 }"),
    )
    .unwrap();
    // From the plan's folder, and from the top with a path.
    for (at, file) in [
        (dir.join("plans"), "deal.neg"),
        (dir.clone(), "plans/deal.neg"),
    ] {
        let (code, stdout, stderr) = diff_in(&at, &["HEAD", file]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.starts_with(&format!("HEAD:{file} → {file}\n")),
            "{stdout}"
        );
        assert!(
            stdout.contains("changed party seller: batna 0 → 60"),
            "{stdout}"
        );
        assert!(
            stdout.contains("Nash       price 0 → 50; buyer 60 → 30, seller 50 → 75"),
            "{stdout}"
        );
    }
    // Every plan changed since HEAD: the importing plan, not the shared file.
    let (code, stdout, stderr) = diff_in(&dir, &["HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("HEAD:plans/deal.neg → plans/deal.neg\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("sides.neg"), "{stdout}");
    // Nothing changed since the working copy was committed.
    git(&dir, &["commit", "-qam", "second"]);
    let (code, stdout, _) = diff_in(&dir.join("plans"), &["HEAD", "deal.neg"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("no change\n"), "{stdout}");
    let (code, _, stderr) = diff_in(&dir, &["HEAD~1", "plans/deal.neg", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn bad_revisions_and_paths_exit_2() {
    if !has_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = repository("bad_revision");
    let (code, _, stderr) = diff_in(&dir, &["no-such-branch", "plans/deal.neg"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`no-such-branch` is neither a revision"),
        "{stderr}"
    );
    write(&dir, "plans/new.neg", PLAN);
    let (code, _, stderr) = diff_in(&dir, &["HEAD", "plans/new.neg"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not in revision `HEAD`"), "{stderr}");
}

#[test]
fn git_diff_shows_the_semantic_diff_through_the_external_driver() {
    if !has_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = repository("driver");
    write(&dir, ".gitattributes", "*.neg diff=neg\n");
    let deal = dir.join("plans/deal.neg");
    let text = std::fs::read_to_string(&deal).unwrap();
    std::fs::write(
        &deal,
        text.replace("offer mid { price: 50", "offer mid { price: 0"),
    )
    .unwrap();
    let command = format!("'{}' diff --git", env!("CARGO_BIN_EXE_neg"));
    let stdout = git(
        &dir,
        &[
            "-c",
            &format!("diff.neg.command={command}"),
            "diff",
            "--",
            "plans/deal.neg",
        ],
    );
    assert!(
        stdout.starts_with("a/plans/deal.neg → b/plans/deal.neg\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("changed offer mid: price 50 → 0"),
        "{stdout}"
    );
    // (0, slow): buyer 60, seller 50.
    assert!(
        stdout.contains("offer mid  buyer 30 → 60, seller 75 → 50"),
        "{stdout}"
    );
    // A plan added in a commit: every declaration is new.
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "second"]);
    write(&dir, "plans/other.neg", PLAN);
    git(&dir, &["add", "plans/other.neg"]);
    let stdout = git(
        &dir,
        &[
            "-c",
            &format!("diff.neg.command={command}"),
            "diff",
            "--cached",
        ],
    );
    assert!(
        stdout.starts_with("(none) → b/plans/other.neg\n"),
        "{stdout}"
    );
    assert!(stdout.contains("added party buyer"), "{stdout}");
    // A shared file of parties is no plan on its own: git's lines instead.
    let sides = dir.join("plans/shared/sides.neg");
    std::fs::write(
        &sides,
        "party buyer { batna 5 }\nparty seller { batna 0 }\n",
    )
    .unwrap();
    let stdout = git(
        &dir,
        &[
            "-c",
            &format!("diff.neg.command={command}"),
            "diff",
            "--",
            "plans/shared",
        ],
    );
    assert!(
        stdout.contains("a version does not check on its own"),
        "{stdout}"
    );
    assert!(stdout.contains("+party buyer { batna 5 }"), "{stdout}");
}

/// The old version's errors in an import are named as the revision has
/// the file (`HEAD:plans/shared/sides.neg`), not by the working copy's path.
#[test]
fn errors_of_a_revisions_import_name_the_revision() {
    if !has_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = repository("revision-errors");
    let sides = dir.join("plans/shared/sides.neg");
    let text = std::fs::read_to_string(&sides).unwrap();
    // Commit a broken import, then mend it in the working copy.
    std::fs::write(&sides, format!("{text}party buyer {{ batna 1 }}\n")).unwrap();
    git(&dir, &["commit", "-qam", "broken"]);
    std::fs::write(&sides, format!("\n\n{text}")).unwrap();
    let (code, _, stderr) = diff_in(&dir, &["HEAD", "plans/deal.neg"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("declared twice"), "{stderr}");
    assert!(stderr.contains("HEAD:plans/shared/sides.neg:"), "{stderr}");
}

/// `text` with the identifier `from` written `to` in code only: not in
/// comments (`//`, `///`) nor in strings (display names, labels, titles).
fn rename_in_code(text: &str, from: &str, to: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (code, comment) = match line.find("//") {
            Some(k) => line.split_at(k),
            None => (line, ""),
        };
        for (k, part) in code.split('"').enumerate() {
            if k > 0 {
                out.push('"');
            }
            if k % 2 == 1 {
                out.push_str(part);
                continue;
            }
            let mut rest = part;
            while let Some(at) = rest.find(from) {
                let (before, after) = (&rest[..at], &rest[at + from.len()..]);
                let whole = !before.ends_with(is_word) && !after.starts_with(is_word);
                out.push_str(before);
                out.push_str(if whole { to } else { from });
                rest = after;
            }
            out.push_str(rest);
        }
        out.push_str(comment);
    }
    out
}

fn example(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join("examples").join(name)).unwrap()
}

/// The change lines of a text report (between the title and `Consequences`).
fn change_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .skip(1)
        .take_while(|l| *l != "Consequences")
        .collect()
}

/// Every figure of the consequences is the same in both versions.
fn same_figures(j: &Value) {
    for (party, c) in j["batna"].as_object().unwrap() {
        assert_eq!(c["before"], c["after"], "BATNA of {party}");
    }
    for key in ["frontier", "negotiation_set", "nash", "kalai", "welfare"] {
        assert_eq!(j[key]["before"], j[key]["after"], "{key}");
    }
    for (offer, o) in j["offers"].as_object().unwrap() {
        for field in ["utilities", "cared", "efficient"] {
            assert_eq!(o[field]["before"], o[field]["after"], "{offer} {field}");
            assert!(!o[field]["before"].is_null(), "{offer} {field}");
        }
    }
}

#[test]
fn renaming_a_party_is_one_line_and_changes_no_figure() {
    let dir = temp_dir("rename_party");
    let old = example("term_sheet.neg");
    let new = rename_in_code(&old, "vc", "investor");
    assert!(new.contains("party investor \"Granite Ventures\"") && new.contains("// vc, opening"));
    write(&dir, "old.neg", &old);
    write(&dir, "new.neg", &new);
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        change_lines(&stdout),
        ["renamed party vc → investor"],
        "{stdout}"
    );
    // The figures pair the renamed party, under its new name.
    assert!(!stdout.contains("BATNA"), "{stdout}");
    assert!(
        stdout.contains("  Nash       unchanged (investor 75, founders 75.5)\n"),
        "{stdout}"
    );
    // Every offer unchanged: said so in one line.
    assert!(
        stdout.contains(
            "  unchanged  offers opening, compromise, counter, meso_paid, meso_free, meso_no_seat\n"
        ),
        "{stdout}"
    );
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    assert_eq!(
        j["changes"],
        serde_json::json!([{"kind": "party", "name": "investor", "change": "renamed", "from": "vc", "details": []}])
    );
    same_figures(&j);
    assert_eq!(j["batna"]["investor"]["before"], 45.0);
    assert!(j["batna"].get("vc").is_none(), "{stdout}");
    assert_eq!(j["offers"]["opening"]["cared"]["before"]["investor"], 52.0);
}

#[test]
fn a_rename_with_a_batna_change_says_both() {
    let dir = temp_dir("rename_batna");
    let old = example("term_sheet.neg");
    let new = rename_in_code(&old, "vc", "investor").replace(
        "party investor \"Granite Ventures\" { batna 45 }",
        "party investor \"Granite Ventures\" { batna 50 }",
    );
    write(&dir, "old.neg", &old);
    write(&dir, "new.neg", &new);
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        change_lines(&stdout),
        [
            "renamed party vc → investor",
            "changed party investor: batna 45 → 50"
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains("  BATNA      investor 45 → 50\n"),
        "{stdout}"
    );
    // compromise gives the investor 49: acceptable at 45, not at 50.
    assert!(
        stdout.contains("  offer compromise  investor 49, founders 60.9: was acceptable to investor, is not now (BATNA 45 → 50)"),
        "{stdout}"
    );
}

#[test]
fn renaming_an_option_is_one_line() {
    let dir = temp_dir("rename_option");
    let old = example("term_sheet.neg");
    let new = rename_in_code(&old, "free", "gratis");
    assert!(new.contains("consulting == gratis =>") && new.contains("free consulting comes"));
    write(&dir, "old.neg", &old);
    write(&dir, "new.neg", &new);
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        change_lines(&stdout),
        ["renamed option consulting.free → gratis"],
        "{stdout}"
    );
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    assert_eq!(
        j["changes"],
        serde_json::json!([{"kind": "option", "name": "consulting.gratis", "change": "renamed",
                            "from": "consulting.free", "details": []}])
    );
    same_figures(&j);
}

#[test]
fn renaming_an_offer_keeps_its_figures() {
    let dir = temp_dir("rename_offer");
    let old = example("term_sheet.neg");
    let new = rename_in_code(&old, "counter", "bet");
    write(&dir, "old.neg", &old);
    write(&dir, "new.neg", &new);
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        change_lines(&stdout),
        ["renamed offer counter → bet"],
        "{stdout}"
    );
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    same_figures(&j);
    // vc 57, founders 70.4 (worked in the example).
    assert_eq!(j["offers"]["bet"]["utilities"]["before"]["vc"], 57.0);
    assert_eq!(j["offers"]["bet"]["utilities"]["after"]["founders"], 70.4);
    assert!(j["offers"].get("counter").is_none(), "{stdout}");
}

#[test]
fn a_rename_with_a_real_change_elsewhere_shows_both() {
    // The party renamed, the offer it makes moved: the offer is compared
    // through the rename (no `by` change) and shows its real change.
    let dir = temp_dir("rename_and_offer");
    let old = example("term_sheet.neg");
    let new = rename_in_code(&old, "vc", "investor").replace(
        "equity: { yes: 27%, no: 27% },",
        "equity: { yes: 26%, no: 26% },",
    );
    write(&dir, "old.neg", &old);
    write(&dir, "new.neg", &new);
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(
        change_lines(&stdout),
        [
            "renamed party vc → investor",
            "changed offer opening: equity { yes: 27%, no: 27% } → { yes: 26%, no: 26% }"
        ],
        "{stdout}"
    );
}

#[test]
fn renaming_a_hypothesis_is_one_line() {
    let dir = temp_dir("rename_hypothesis");
    let old = example("term_sheet_unknown.neg");
    let new = rename_in_code(&old, "control", "board_control");
    write(&dir, "old.neg", &old);
    write(&dir, "new.neg", &new);
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        change_lines(&stdout),
        ["renamed hypothesis founders as control → board_control"],
        "{stdout}"
    );
    assert!(
        stdout.contains("  under founders as board_control (35%)\n"),
        "{stdout}"
    );
}

#[test]
fn swapped_or_ambiguous_names_claim_no_rename() {
    // vc and founders swap names: each name is in both versions, so each
    // declaration is compared with its namesake and shown as changed.
    let dir = temp_dir("rename_swap");
    let old = example("term_sheet.neg");
    let swapped = rename_in_code(
        &rename_in_code(&rename_in_code(&old, "vc", "tmp"), "founders", "vc"),
        "tmp",
        "founders",
    );
    write(&dir, "old.neg", &old);
    write(&dir, "new.neg", &swapped);
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "new.neg", "--format", "json"]);
    let j = json_of(&stdout);
    let changes = j["changes"].as_array().unwrap();
    assert!(changes.iter().all(|c| c["change"] != "renamed"), "{stdout}");
    assert!(changes
        .iter()
        .any(|c| c["kind"] == "party" && c["name"] == "vc" && c["change"] == "changed"));
    // Two identical parties renamed to two others: which is which cannot
    // be told, so nothing is called a rename.
    let plan = |a: &str, b: &str| {
        format!(
            "party {a} {{ batna 0 }}\nparty {b} {{ batna 0 }}\nissue price : 0 .. 100 step 50\n\
             prefs {a} {{ price = linear(0 -> 0, 100 -> 100) }}\nprefs {b} {{ price = linear(0 -> 0, 100 -> 100) }}\n"
        )
    };
    write(&dir, "twins.neg", &plan("a", "b"));
    write(&dir, "renamed.neg", &plan("c", "d"));
    let (code, stdout, _) = diff_in(&dir, &["twins.neg", "renamed.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        change_lines(&stdout)
            .iter()
            .all(|l| !l.starts_with("renamed")),
        "{stdout}"
    );
    assert!(
        stdout.contains("removed party a\n") && stdout.contains("added party c\n"),
        "{stdout}"
    );
    // A display name is a string: changing it is a change, not a rename.
    let old = "party vc \"vc\" { batna 0 }\nissue x : a | b\nprefs vc { x = { a: 0, b: 100 } }\n";
    write(&dir, "named.neg", old);
    write(
        &dir,
        "renamed_name.neg",
        &old.replace("\"vc\"", "\"investor\""),
    );
    let (_, stdout, _) = diff_in(&dir, &["named.neg", "renamed_name.neg"]);
    assert_eq!(
        change_lines(&stdout),
        ["changed party vc: name vc → investor"],
        "{stdout}"
    );
}

#[test]
fn scenario_lines_are_named_by_their_titles() {
    let dir = temp_dir("scenario_titles");
    write(
        &dir,
        "shared.neg",
        "scenario \"Shared parties\"\nparty buyer { batna 0 }\n",
    );
    let plan = |title: &str| {
        format!(
            "scenario \"{title}\"\nimport \"shared.neg\"\nparty seller {{ batna 0 }}\nissue price : 0 .. 100 step 50\n\
             prefs buyer {{ price = linear(0 -> 100, 100 -> 0) }}\nprefs seller {{ price = linear(0 -> 0, 100 -> 100) }}\n"
        )
    };
    write(&dir, "old.neg", &plan("Spring deal"));
    write(&dir, "new.neg", &plan("Summer deal"));
    let (code, stdout, _) = diff_in(&dir, &["old.neg", "new.neg"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        change_lines(&stdout),
        ["changed scenario: \"Spring deal\" → \"Summer deal\""],
        "{stdout}"
    );
    // Both scenario lines gone: each named by its title.
    let bare = plan("x").replace("scenario \"x\"\n", "");
    write(
        &dir,
        "bare.neg",
        &bare.replace("import \"shared.neg\"\n", "party buyer { batna 0 }\n"),
    );
    let (_, stdout, _) = diff_in(&dir, &["old.neg", "bare.neg"]);
    let lines = change_lines(&stdout);
    assert!(
        lines.contains(&"removed scenario \"Spring deal\""),
        "{stdout}"
    );
    assert!(
        lines.contains(&"removed scenario \"Shared parties\""),
        "{stdout}"
    );
}
