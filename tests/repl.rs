//! The REPL session, driven without a terminal: every example replayed item
//! by item gives, command for command, the JSON `neg run --format json` gives
//! for the file; declarations replace, bad lines are refused, `:undo` works.

#[path = "common/slow.rs"]
mod slow;

use neg::diagnostics::SourceId;
use neg::repl::{ReplSession, Reply};
use neg::syntax::parse_file;
use std::path::{Path, PathBuf};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn reports(replies: &[Reply]) -> Vec<String> {
    replies
        .iter()
        .filter_map(|r| match r {
            Reply::Report(r) => Some(serde_json::to_string(r).expect("JSON")),
            _ => None,
        })
        .collect()
}

fn errors(replies: &[Reply]) -> Vec<String> {
    replies
        .iter()
        .flat_map(|r| match r {
            Reply::Diags(d, _) => d.iter().map(|d| d.message.clone()).collect(),
            _ => vec![],
        })
        .collect()
}

#[test]
fn every_example_replayed_item_by_item_matches_neg_run() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir(manifest().join("examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "neg"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 7);
    for path in examples {
        let name = format!("examples/{}", path.file_name().unwrap().to_string_lossy());
        let out = assert_cmd::Command::cargo_bin("neg")
            .expect("binary")
            .current_dir(manifest())
            .args(["run", "--format", "json", &name])
            .output()
            .expect("runs");
        let want: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        let text = std::fs::read_to_string(&path).expect("example");
        let (file, diags) = parse_file(&text, SourceId(0));
        assert!(diags.is_empty());
        // The repl resolves against the folder as `neg run` does for `examples/…`.
        let mut repl = on_disk(PathBuf::from("examples"));
        let cwd_guard = std::env::current_dir().expect("cwd");
        std::env::set_current_dir(manifest()).expect("cd");
        let mut got = vec![];
        let mut start = 0;
        for item in &file.items {
            let chunk = &text[start..item.span.end];
            start = item.span.end;
            let replies = repl.input(chunk);
            assert!(
                errors(&replies).is_empty(),
                "{name}: {chunk}\n{:?}",
                errors(&replies)
            );
            got.extend(reports(&replies));
        }
        std::env::set_current_dir(cwd_guard).expect("cd back");
        assert_eq!(got.len(), want.len(), "{name}: number of reports");
        for (g, w) in got.iter().zip(&want) {
            let (g, w): (serde_json::Value, serde_json::Value) = (
                serde_json::from_str(g).unwrap(),
                serde_json::from_str(w).unwrap(),
            );
            assert_eq!(g, w, "{name}");
        }
    }
}

const SHEET: &str = "party buyer { batna 10 }\nparty seller { batna 10 }\n\
    issue price : 100 .. 200 step 50\n\
    prefs buyer { price = linear(100 -> 100, 200 -> 0) }\n\
    prefs seller { price = linear(100 -> 0, 200 -> 100) }\n";

#[test]
fn a_plan_is_built_line_by_line_and_redeclarations_replace() {
    let mut repl = on_disk(PathBuf::from("."));
    // Unfinished plans are fine until a command needs the missing pieces.
    assert!(errors(&repl.input("party buyer { batna 10 }")).is_empty());
    assert!(errors(&repl.input("party seller { batna 10 }")).is_empty());
    assert!(errors(&repl.input("issue price : 100 .. 200 step 50")).is_empty());
    let refused = errors(&repl.input("nash"));
    assert!(
        refused.iter().any(|e| e.contains("has no score sheet")),
        "{refused:?}"
    );
    // A multi-line declaration, pasted whole.
    assert!(
        errors(&repl.input("prefs buyer {\n    price = linear(100 -> 100, 200 -> 0)\n}"))
            .is_empty()
    );
    assert!(
        errors(&repl.input("prefs seller { price = linear(100 -> 0, 200 -> 100) }")).is_empty()
    );
    assert!(errors(&repl.input("offer mid { price: 150 }")).is_empty());
    let r = reports(&repl.input("evaluate mid"));
    assert!(r[0].contains("\"buyer\":50.0"), "{r:?}");
    // Redeclaring the offer replaces it.
    assert!(errors(&repl.input("offer mid { price: 100 }")).is_empty());
    let r = reports(&repl.input("evaluate mid"));
    assert!(r[0].contains("\"buyer\":100.0"), "{r:?}");
    assert_eq!(
        repl.show("mid"),
        vec!["offer mid { price: 100 }".to_string()]
    );
    // And :undo brings the old one back, saying what it took back.
    let what = repl.undo().expect("something to undo");
    assert!(what.contains("offer mid"), "{what}");
    let r = reports(&repl.input("evaluate mid"));
    assert!(r[0].contains("\"buyer\":50.0"), "{r:?}");
}

#[test]
fn undo_takes_back_typed_lines_never_the_loaded_plan() {
    let dir = std::env::temp_dir().join(format!("neg-undo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let plan = dir.join("plan.neg");
    std::fs::write(&plan, SHEET).expect("write");
    let mut repl = on_disk(dir.clone());
    repl.input("party early { batna 1 }");
    repl.load(&plan);
    // Nothing typed since the load: nothing to undo, and the plan stays.
    assert_eq!(repl.undo(), None);
    assert!(repl.text().contains("prefs seller"));
    // One typed line, then :undo takes back that line only.
    assert!(errors(&repl.input("offer mid { price: 150 }")).is_empty());
    let what = repl.undo().expect("the typed line");
    assert!(what.contains("offer mid"), "{what}");
    assert!(repl.show("mid").is_empty());
    assert!(repl.text().contains("prefs seller"));
    assert_eq!(repl.undo(), None);
    assert!(repl.text().contains("prefs buyer"));
}

#[test]
fn a_line_that_breaks_the_scenario_is_refused_and_nothing_changes() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in SHEET.lines() {
        assert!(errors(&repl.input(line)).is_empty(), "{line}");
    }
    let before = repl.text();
    // An offer naming a price off the grid, shown against the typed line.
    match &repl.input("offer bad { price: 175 }")[0] {
        Reply::Diags(d, sources) => {
            assert_eq!(sources.get(d[0].source).name, "<repl:6>");
            let span = d[0].primary_span();
            assert_eq!(&sources.get(d[0].source).text[span.start..span.end], "175");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(repl.text(), before);
    // A syntax error points into the typed line.
    match &repl.input("party")[0] {
        Reply::Diags(d, sources) => assert_eq!(sources.get(d[0].source).name, "<repl:7>"),
        other => panic!("{other:?}"),
    }
    assert_eq!(repl.text(), before);
}

#[test]
fn settlements_live_across_inputs() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in SHEET.lines() {
        repl.input(line);
    }
    repl.input("tentative price = 150");
    let r = reports(&repl.input("agree"));
    assert!(r[0].contains("\"command\":\"agree\""), "{r:?}");
    repl.input("reopen price");
    let e = errors(&repl.input("agree"));
    assert!(e[0].contains("still open: price"), "{e:?}");
}

#[test]
fn save_keeps_comments_and_reproduces_the_session() {
    let cwd = manifest().join("examples");
    let mut repl = on_disk(cwd.clone());
    let loaded = repl.load(&cwd.join("tech_transfer.neg"));
    assert!(matches!(loaded[0], Reply::Note(_)), "{:?}", errors(&loaded));
    let mut session_reports = vec![];
    for line in [
        "evaluate halfway",
        "tentative price = $100",
        "status",
        "reopen price",
    ] {
        let replies = repl.input(line);
        assert!(errors(&replies).is_empty(), "{line}");
        session_reports.extend(reports(&replies));
    }
    let saved = neg::fmt::format_source(&repl.save_text()).expect("formats");
    // Comments of the loaded file come along: above, inside and after declarations.
    assert!(
        saved.contains("{ batna 40 }  // sell the chip on the open market"),
        "{saved}"
    );
    assert!(saved.contains("// 2.5 points per dollar"), "{saved}");
    assert!(
        saved.contains("/// Headquarters' advice: the middle of every range."),
        "{saved}"
    );
    // Running the saved plan gives the session's results, command for command.
    let mut sources = neg::diagnostics::Sources::default();
    let id = sources.add("saved.neg", saved.as_str());
    let checked = neg::check::check_source(
        &neg::host::FsWorld,
        &mut sources,
        id,
        neg::check::Origin::Memory(cwd),
    )
    .expect("the saved plan checks");
    let ran: Vec<String> = neg::interp::run(&checked.scenario)
        .into_iter()
        .filter_map(|step| match step {
            neg::interp::Step::Report(r) => Some(serde_json::to_string(&r).unwrap()),
            _ => None,
        })
        .collect();
    assert_eq!(ran, session_reports);
}

#[test]
fn a_cancelled_command_leaves_the_session_as_it_was() {
    let flag = neg::cancel::Cancel::flag();
    let mut repl = on_disk(PathBuf::from(".")).cancelled_by(flag.clone());
    assert!(errors(&repl.input(&slow::slow_plan())).is_empty());
    let before = repl.save_text();
    let raise = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        flag.raise();
    });
    let replies = repl.input("tentative i0 = o1");
    raise.join().unwrap();
    assert!(matches!(replies[..], [Reply::Cancelled]), "{replies:?}");
    // Not kept for :save, and i0 is not settled.
    assert_eq!(repl.save_text(), before);
    let e = errors(&repl.input("agree"));
    assert!(e[0].contains("still open: i0, i1"), "{e:?}");
}

#[test]
fn save_leaves_out_failed_commands_and_names_later_changes() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in SHEET.lines() {
        repl.input(line);
    }
    // Fails at run time (price is open): it changed nothing and is left out.
    assert!(!errors(&repl.input("agree")).is_empty());
    assert!(errors(&repl.input("nash")).is_empty());
    assert!(repl.changed_after_commands().is_empty());
    // A failed assert is a claim about the plan: it stays.
    assert!(!errors(&repl.input("assert utility(buyer, nash) > 90")).is_empty());
    repl.input("prefs seller { price = linear(100 -> 0, 200 -> 50) }");
    assert_eq!(repl.changed_after_commands(), ["prefs seller"]);
    let saved = repl.save_text();
    assert!(
        saved.ends_with("nash\nassert utility(buyer, nash) > 90\n"),
        "{saved}"
    );
    assert!(!saved.contains("agree"), "{saved}");
}

/// Commands reuse the frontier while the scenario stays the same, and a
/// changed score sheet is analysed afresh.
#[test]
fn a_changed_score_sheet_is_analysed_afresh() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in SHEET.lines() {
        repl.input(line);
    }
    let nash = |repl: &mut ReplSession| {
        let r = reports(&repl.input("nash"));
        let v: serde_json::Value = serde_json::from_str(&r[0]).unwrap();
        v["package"]["price"].as_f64().unwrap()
    };
    // Opposed sheets: the middle, 40 × 40 over the BATNAs.
    assert_eq!(nash(&mut repl), 150.0);
    repl.input("offer low { price: 100 }");
    assert_eq!(nash(&mut repl), 150.0);
    // Now both want the lowest price.
    repl.input("prefs seller { price = linear(100 -> 100, 200 -> 0) }");
    assert_eq!(nash(&mut repl), 100.0);
}

/// A refused line in an unfinished plan shows why it is refused, not also
/// what the plan still lacks.
#[test]
fn a_refused_line_shows_only_its_own_errors() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in ["party a", "party b", "issue x : lo | hi"] {
        assert!(errors(&repl.input(line)).is_empty(), "{line}");
    }
    // b has no score sheet yet; a's names an option x does not have.
    let e = errors(&repl.input("prefs a { x = { lo: 0, high: 10 } }"));
    assert!(!e.is_empty());
    assert!(e.iter().all(|m| !m.contains("has no score sheet")), "{e:?}");
}

/// A misspelt command typed at the prompt gets the parser's "did you mean".
#[test]
fn a_misspelt_command_gets_a_did_you_mean() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in SHEET.lines() {
        assert!(errors(&repl.input(line)).is_empty(), "{line}");
    }
    for (typed, meant) in [
        ("evalute mid", "evaluate"),
        ("tentatve price = $150", "tentative"),
        ("frontir", "frontier"),
    ] {
        match &repl.input(typed)[0] {
            Reply::Diags(d, _) => {
                assert_eq!(d.len(), 1, "{typed}: {d:?}");
                assert_eq!(
                    d[0].help.as_deref(),
                    Some(format!("did you mean `{meant}`?").as_str()),
                    "{typed}"
                );
            }
            other => panic!("{typed}: {other:?}"),
        }
    }
}

/// A REPL session on the file system, as the command line makes it: files
/// read from disk, plots written there.
fn on_disk(base: std::path::PathBuf) -> ReplSession {
    ReplSession::new(std::sync::Arc::new(neg::host::FsWorld), base)
        .delivering_with(neg::host::write_plot)
}

/// A command that fails when it runs (its plot cannot be written) is shown
/// against the line as typed, not against the whole session.
#[test]
fn a_run_time_error_points_at_the_typed_line() {
    let dir = std::env::temp_dir().join(format!("neg-repl-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut repl = on_disk(dir.clone());
    let plan = "party a { batna 0 }\nparty b { batna 0 }\nissue x : lo | hi\n\
                prefs a { x = { lo: 1, hi: 0 } }\nprefs b { x = { lo: 0, hi: 1 } }";
    assert!(repl.input(plan).is_empty());
    let replies = repl.input("plot \"missing/space.svg\"");
    let [Reply::Diags(diags, sources)] = replies.as_slice() else {
        panic!("{replies:?}");
    };
    assert_eq!(diags[0].code, "neg::run::plot");
    let file = sources.get(diags[0].source);
    assert_eq!(file.name, "<repl:2>");
    assert_eq!(&*file.text, "plot \"missing/space.svg\"");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Commands are checked against the session as it stands: after a change,
/// after `:undo`, and after a failed command, each answer is the one a plan
/// file with those declarations gives.
#[test]
fn commands_follow_every_change_of_the_session() {
    let mut repl = on_disk(PathBuf::from("."));
    let plan = "party a { batna 0 }\nparty b { batna 0 }\nissue x : lo | hi\n\
                prefs a { x = { lo: 1, hi: 0 } }\nprefs b { x = { lo: 0, hi: 1 } }\n\
                offer o { x: lo }";
    assert!(repl.input(plan).is_empty());
    let held = |repl: &mut ReplSession, expr: &str| -> bool {
        match repl.input(&format!("assert {expr}")).as_slice() {
            [Reply::Report(neg::report::Report::Assert(a))] => a.passed,
            [Reply::Report(neg::report::Report::Assert(a)), Reply::Diags(..)] => a.passed,
            other => panic!("{other:?}"),
        }
    };
    assert!(held(&mut repl, "utility(a, o) == 1"));
    assert!(held(&mut repl, "utility(a, o) == 1"));
    assert!(repl.input("prefs a { x = { lo: 7, hi: 0 } }").is_empty());
    assert!(held(&mut repl, "utility(a, o) == 7"));
    assert!(repl
        .input("evaluate nothing")
        .iter()
        .any(|r| matches!(r, Reply::Diags(..))));
    assert!(held(&mut repl, "utility(a, o) == 7"));
    repl.undo();
    assert!(held(&mut repl, "utility(a, o) == 1"));
    assert!(!held(&mut repl, "utility(a, o) == 7"));
}

/// What a plan file shows, the session shows: an error that points at two
/// declarations typed apart labels both, and a `///` comment ending a line
/// documents the declaration after it.
#[test]
fn declarations_typed_apart_read_as_one_text() {
    let mut repl = on_disk(PathBuf::from("."));
    let plan = "party a { batna 0 }\nparty b { batna 0 }\nissue x : 0 .. 10 step 1\n\
                prefs a { x = linear(0 -> 0, 10 -> 10) }\nprefs b { x = linear(0 -> 10, 10 -> 0) }";
    assert!(repl.input(plan).is_empty());
    assert!(repl.input("rule \"low\": x <= 3").is_empty());
    let replies = repl.input("rule \"high\": x >= 5");
    let [Reply::Diags(diags, sources)] = replies.as_slice() else {
        panic!("{replies:?}");
    };
    let text = &sources.get(diags[0].source).text;
    let labelled: Vec<&str> = diags[0]
        .labels
        .iter()
        .map(|l| &text[l.span.start..l.span.end])
        .collect();
    assert_eq!(
        labelled,
        ["rule \"low\": x <= 3", "rule \"high\": x >= 5"],
        "{diags:?}"
    );

    let mut repl = on_disk(PathBuf::from("."));
    let plan = "party a { batna 0 }\nparty b { batna 0 }\nissue x : lo | hi\n\
                prefs a { x = { lo: 1, hi: 0 } }\nprefs b { x = { lo: 0, hi: 1 } }\n\
                offer lo { x: lo } /// the anchor\noffer hi { x: hi }";
    assert!(repl.input(plan).is_empty());
    let replies = repl.input("evaluate hi");
    let [Reply::Report(neg::report::Report::Evaluate(e))] = replies.as_slice() else {
        panic!("{replies:?}");
    };
    assert_eq!(e.doc.as_deref(), Some("the anchor"));
}

/// A buyer whose sheet is known and a dealer about whom the tests guess.
const BUYER_AND_DEALER: &[&str] = &[
    "party buyer { batna 30 }",
    "party dealer { batna 20 }",
    "issue price : 0 .. 100 step 50",
    "prefs buyer { price = linear(0 -> 100, 100 -> 0) }",
];

#[test]
fn hypotheses_typed_one_at_a_time_are_kept_and_shown_together() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in BUYER_AND_DEALER.iter().chain(&[
        // Alone, its prior sums to 60%: shown, but kept as a draft.
        "prefs dealer as pr_lover 60% { price = linear(0 -> 0, 100 -> 60)  batna 30 }",
        "prefs dealer as price_only 40% { price = linear(0 -> 0, 100 -> 100)  batna 50 }",
    ]) {
        repl.input(line);
    }
    let r = reports(&repl.input("beliefs dealer"));
    assert_eq!(
        r,
        [
            r#"{"command":"beliefs","party":"dealer","probabilities":{"pr_lover":0.6,"price_only":0.4},"observations":[]}"#
        ]
    );
    // Each hypothesis is its own declaration: both are shown for `dealer`.
    assert_eq!(repl.show("dealer").len(), 3);
    // Replacing one hypothesis keeps the other.
    repl.input("prefs dealer as price_only 40% { price = linear(0 -> 0, 100 -> 100)  batna 60 }");
    let e: Vec<String> = errors(&repl.input("offer mid { price: 50 }"));
    assert!(e.is_empty(), "{e:?}");
    let r = reports(&repl.input("evaluate mid"));
    // price 50: pr_lover 30 ≥ 30 accepts; price_only 50 < 60 walks away.
    assert!(r[0].contains(r#""acceptance":0.6"#), "{r:?}");
}

#[test]
fn an_observation_lives_across_inputs_and_undo_takes_it_back() {
    let mut repl = on_disk(PathBuf::from("."));
    for line in BUYER_AND_DEALER.iter().chain(&[
        "prefs dealer as low { price = linear(0 -> 0, 100 -> 100)  batna 10 }",
        "prefs dealer as high { price = linear(0 -> 0, 100 -> 100)  batna 90 }",
        "offer mid { price: 50 }",
    ]) {
        repl.input(line);
    }
    let before = reports(&repl.input("beliefs dealer"));
    assert!(
        before[0].contains(r#""probabilities":{"low":0.5,"high":0.5}"#),
        "{before:?}"
    );
    // Accepting 50 is likely for `low` (50 ≥ 10), unlikely for `high`
    // (50 < 90): 1/(1+e^-8) against 1/(1+e^8) at temperature 5.
    repl.input("observe dealer accepted mid");
    let e = std::f64::consts::E;
    let (l, h) = (1.0 / (1.0 + e.powi(-8)), 1.0 / (1.0 + e.powi(8)));
    let after = reports(&repl.input("beliefs dealer"));
    let json: serde_json::Value = serde_json::from_str(&after[0]).unwrap();
    let low = json["probabilities"]["low"].as_f64().unwrap();
    assert!((low - l / (l + h)).abs() < 1e-12, "{low}");
    // A later declaration keeps the observation.
    repl.input("offer high_offer { price: 100 }");
    let again = reports(&repl.input("beliefs dealer"));
    assert_eq!(again, after);
    // `:undo` takes back the declaration, then the observation.
    assert!(repl.undo().unwrap().contains("offer high_offer"));
    assert!(repl.undo().unwrap().contains("observe dealer accepted mid"));
    assert_eq!(reports(&repl.input("beliefs dealer")), before);
}

/// Every reply as text: reports as JSON, diagnostics as code, message and
/// the text their first label points at.
fn shown(replies: &[Reply]) -> Vec<String> {
    replies
        .iter()
        .map(|r| match r {
            Reply::Report(r) => serde_json::to_string(r).expect("JSON"),
            Reply::Diags(d, sources) => d
                .iter()
                .map(|d| {
                    let text = &sources.get(d.source).text;
                    let at = d.primary_span();
                    format!("{} {} `{}`", d.code, d.message, &text[at.start..at.end])
                })
                .collect::<Vec<_>>()
                .join("; "),
            other => format!("{other:?}"),
        })
        .collect()
}

/// Offers and a party's BATNA typed after a command are checked alone
/// against the session checked before (issue 20): each reply, and every
/// command after it, is what a session that checks everything gives (one
/// that ran no command yet, so has nothing to check against, fed the same
/// text).
#[test]
fn declarations_checked_alone_answer_as_the_whole_check() {
    let plan = "party a { batna 1 }\nparty b { batna 1 }\nissue x : p | q | r\nissue y : p | q\n\
                rule \"no r with q\": x == r => y == p\n\
                prefs a { x = { p: 3, q: 2, r: 0 }\n y = { p: 2, q: 0 } }\n\
                prefs b { x = { p: 0, q: 1, r: 4 }\n y = { p: 0, q: 3 } }\n\
                offer first { x: p, y: p }";
    let lines = [
        "offer second { x: q, y: q }",
        "offer second { x: r, y: p }",
        "party a { batna 3 }",
        "offer third { x: p }",
        "offer fourth { x: s, y: p }",
        "offer fifth { x: r, y: q }",
        "offer nash { x: p, y: p }",
        "offer b { x: p, y: p }",
        "party a \"Alice\" { batna 2 }\noffer sixth by a { x: q, y: p }",
        "party b { care 2 for a }",
        "party b { batna 0 }",
        "party c { batna 0 }",
        "/// The best for b.\noffer seventh by b { x: r, y: p }",
    ];
    let commands = ["nash", "evaluate first", "zopa", "power"];
    let mut typed = on_disk(PathBuf::from("."));
    assert!(typed.input(plan).is_empty());
    assert_eq!(shown(&typed.input("nash")).len(), 1);
    for line in lines {
        // The whole check: a session with no command run, fed the same text.
        let mut whole = on_disk(PathBuf::from("."));
        assert!(whole.input(&typed.text()).is_empty());
        let want = shown(&whole.input(line));
        let got = shown(&typed.input(line));
        assert_eq!(got, want, "{line}");
        assert_eq!(typed.text(), whole.text(), "{line}");
        for command in commands {
            let want = shown(&whole.input(command));
            assert_eq!(shown(&typed.input(command)), want, "{line}, then {command}");
        }
        let named: Vec<&str> = line
            .lines()
            .filter_map(|l| l.strip_prefix("offer "))
            .collect();
        for offer in named {
            let id = offer.split_whitespace().next().unwrap();
            let want = shown(&whole.input(&format!("evaluate {id}")));
            assert_eq!(
                shown(&typed.input(&format!("evaluate {id}"))),
                want,
                "{line}"
            );
        }
    }
}
