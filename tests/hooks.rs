//! Rhai hooks: escapes and runaways end in a clear diagnostic from a live
//! process, and a hook that restates a table or a linear shape gives exactly
//! the analysis of the declarative form.

use proptest::prelude::*;
use std::time::{Duration, Instant};

/// A plan whose `color` issue is valued by the hook function `f`, defined by `code`.
fn plan(code: &str) -> String {
    format!(
        "party a {{ batna 0 }}\nparty b {{ batna 0 }}\nissue color : red | blue\n\
         hook rhai {{\n{code}\n}}\n\
         prefs a {{ color = hook f }}\nprefs b {{ color = {{ red: 0, blue: 5 }} }}\nnash\n"
    )
}

/// Runs `neg run` on a plan in a scratch folder; (exit code, stderr, seconds).
fn run(name: &str, text: &str, flags: &[&str]) -> (i32, String, f64) {
    let dir = std::env::temp_dir().join(format!("neg-hooks-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("plan.neg"), text).unwrap();
    let start = Instant::now();
    let out = assert_cmd::Command::cargo_bin("neg")
        .unwrap()
        .current_dir(&dir)
        .args(["run", "--color", "never"])
        .args(flags)
        .arg("plan.neg")
        .env("COLUMNS", "200")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let code = out.status.code().unwrap_or(-1);
    (
        code,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed().as_secs_f64(),
    )
}

/// Each attempt ends with exit 1 and the expected words, well within a minute
/// (the process neither hangs nor aborts: exit 1 is its own verdict).
fn refused(name: &str, code: &str, expect: &[&str]) {
    refused_with(name, code, &[], expect);
}

/// [`refused`] with flags.
fn refused_with(name: &str, code: &str, flags: &[&str], expect: &[&str]) {
    let (status, stderr, _) = run(name, &plan(code), flags);
    assert_eq!(status, 1, "{name}: {stderr}");
    for e in expect {
        assert!(stderr.contains(e), "{name}: missing `{e}` in\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_hook_cannot_read_files() {
    refused(
        "file",
        "fn f(c) { let t = open(\"/etc/passwd\"); 1 }",
        &[
            "the hook `f` failed for color `red`",
            "Function not found: open",
        ],
    );
    refused(
        "import",
        "fn f(c) { import \"/etc/passwd\" as m; 1 }",
        &["the hook `f` failed for color `red`", "/etc/passwd"],
    );
}

#[test]
fn eval_is_disabled() {
    refused(
        "eval",
        "fn f(c) { eval(\"40 + 2\") }",
        &["does not compile", "'eval' is disabled"],
    );
}

#[test]
fn an_endless_loop_is_stopped_by_the_operation_budget() {
    refused(
        "loop",
        "fn f(c) { loop { } }",
        &[
            "was stopped for color `red`",
            "operations per call (--hook-operations) limit of 1000000",
        ],
    );
}

#[test]
fn deep_recursion_is_stopped_by_the_call_depth() {
    refused(
        "recursion",
        "fn down(n) { if n == 0 { 0 } else { down(n - 1) } }\nfn f(c) { down(1000000) }",
        &["call depth (--hook-call-depth) limit of 64"],
    );
}

#[test]
fn a_huge_string_is_stopped_by_the_size_limit() {
    refused(
        "string",
        "fn f(c) { let s = \"x\"; for i in 0..31 { s += s; } s.len() }",
        &["string size (--hook-string-size) limit of 1048576 bytes"],
    );
    // Rhai sizes the whole array at each push, so this takes seconds of
    // CPU: on a busy machine it must not meet the clock first.
    refused_with(
        "array",
        "fn f(c) { let a = []; for i in 0..1000000000 { a.push(i); } a.len() }",
        &["--hook-seconds", "600"],
        &["array or map size (--hook-collection-size) limit of 100000"],
    );
}

#[test]
fn a_hook_must_return_a_finite_number() {
    refused(
        "nan",
        "fn f(c) { 0.0 / 0.0 }",
        &["returned NaN for color `red`"],
    );
    refused(
        "string-result",
        "fn f(c) { c }",
        &["returned a string for color `red`, not a number"],
    );
    refused("unit", "fn f(c) { }", &["returned nothing for color `red`"]);
}

#[test]
fn unknown_functions_and_wrong_arity_are_check_errors() {
    refused(
        "unknown",
        "fn g(c) { 1 }",
        &["no hook defines a function `f`", "did you mean `g`?"],
    );
    refused(
        "arity",
        "fn f(a, b, c) { 1 }",
        &["takes 3 parameters, but here it is given the option"],
    );
}

#[test]
fn a_runtime_error_points_into_the_hook_code() {
    let (status, stderr, _) = run("position", &plan("fn f(c) {\n  c.no_such_method()\n}"), &[]);
    assert_eq!(status, 1);
    assert!(stderr.contains("in the hook code"), "{stderr}");
    assert!(stderr.contains("c.no_such_method()"), "{stderr}");
}

#[test]
fn the_limits_have_flags() {
    // 40 operations are too few for a loop of 100.
    let code = "fn f(c) { let n = 0; for i in 0..100 { n += 1; } n }";
    let (status, stderr, _) = run("flag-low", &plan(code), &["--hook-operations", "40"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("limit of 40"), "{stderr}");
    let (status, stderr, _) = run("flag-ok", &plan(code), &[]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn top_level_statements_are_refused() {
    // Each would once compile and be silently skipped (or, for a `const`
    // a function uses, give a puzzling "Undefined variable").
    for (name, code, at) in [
        (
            "top-import",
            "import \"/etc/passwd\" as pw;\nfn f(c) { 1 }",
            "import",
        ),
        ("top-const", "const RATE = 5;\nfn f(c) { RATE }", "const"),
        ("top-let", "fn f(c) { 1 }\nlet x = 1;", "let"),
        ("top-expr", "fn f(c) { 1 }\nf(2)", "f"),
    ] {
        let (status, stderr, _) = run(name, &plan(code), &[]);
        assert_eq!(status, 1, "{name}: {stderr}");
        assert!(
            stderr.contains("neg::hook::top-level")
                && stderr.contains("hook code may only define functions")
                && stderr.contains("outside any function")
                && stderr.contains("fn rate() { 0.05 }"),
            "{name}: {stderr}"
        );
        // The label is under the statement's first token.
        let line = code.lines().find(|l| l.starts_with(at)).unwrap();
        assert!(stderr.contains(line), "{name}: {stderr}");
        assert!(!stderr.contains("Undefined variable"), "{name}: {stderr}");
    }
}

#[test]
fn sleep_and_the_clock_are_not_available() {
    let (status, stderr, seconds) = run("sleep", &plan("fn f(c) { sleep(1000000000); 1 }"), &[]);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("the hook `f` failed for color `red`: `sleep` is not available to hooks"),
        "{stderr}"
    );
    assert!(seconds < 30.0, "{seconds}");
    refused(
        "timestamp",
        "fn f(c) { let t = timestamp(); 1 }",
        &["`timestamp` is not available to hooks", "timestamp()"],
    );
    refused(
        "exit",
        "fn f(c) { exit(3) }",
        &["`exit` is not available to hooks"],
    );
}

#[test]
fn a_slow_hook_is_stopped_by_the_clock() {
    // The operation budget alone would let this run for hours.
    let many = ["--hook-operations", "1000000000000"];
    let (status, stderr, seconds) = run(
        "seconds",
        &plan("fn f(c) { loop { } }"),
        &[many[0], many[1], "--hook-seconds", "1"],
    );
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("the hook `f` was stopped for color `red`")
            && stderr.contains("time per call (--hook-seconds) limit of 1 s"),
        "{stderr}"
    );
    assert!(seconds < 20.0, "{seconds}");
    let (status, stderr, _) = run(
        "total-seconds",
        &plan("fn f(c) { loop { } }"),
        &[
            many[0],
            many[1],
            "--hook-seconds",
            "30",
            "--hook-total-seconds",
            "1",
        ],
    );
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("time for all hook calls together (--hook-total-seconds) limit of 1 s"),
        "{stderr}"
    );
}

#[test]
fn the_limit_flags_refuse_zero_and_values_past_their_caps() {
    for (flag, cap) in [
        ("--hook-operations", 1_000_000_000_000u64),
        ("--hook-call-depth", 1_000),
        ("--hook-string-size", 1 << 28),
        ("--hook-collection-size", 10_000_000),
        ("--hook-total-operations", 1_000_000_000_000_000),
        ("--hook-seconds", 3_600),
        ("--hook-total-seconds", 86_400),
    ] {
        for bad in [0, cap + 1] {
            let (status, stderr, _) = run(
                "flag-range",
                &plan("fn f(c) { 1 }"),
                &[flag, &bad.to_string()],
            );
            assert_eq!(status, 2, "{flag} {bad}: {stderr}");
            assert!(
                stderr.contains(&format!("is not in 1..={cap}")),
                "{flag} {bad}: {stderr}"
            );
        }
        let (status, stderr, _) = run(
            "flag-cap",
            &plan("fn f(c) { 1 }"),
            &[flag, &cap.to_string()],
        );
        assert_eq!(status, 0, "{flag} {cap}: {stderr}");
    }
}

#[test]
fn recursion_at_the_deepest_call_depth_allowed_does_not_crash() {
    // Each level nests an expression about as deep as Rhai allows, which
    // is what uses the most stack; hook calls run on threads with a large
    // stack, so the cap gives a diagnostic, not an abort.
    let nested = format!("{}down(n - 1){}", "(1 + ".repeat(25), ")".repeat(25));
    let code = format!(
        "fn down(n) {{ if n == 0 {{ 0 }} else {{ {nested} }} }}\nfn f(c) {{ down(1000000) }}"
    );
    refused_with(
        "deep",
        &code,
        &["--hook-call-depth", "1000"],
        &["call depth (--hook-call-depth) limit of 1000"],
    );
    // 990 levels fit: the hook returns 25 · 990 for red.
    let code = code.replace("down(1000000)", "down(990)");
    let text = plan(&code).replace(
        "nash",
        "offer o { color: red }\nassert utility(a, o) == 24750",
    );
    let (status, stderr, _) = run("deep-ok", &text, &["--hook-call-depth", "1000"]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn a_hook_file_is_read_relative_to_the_plan() {
    let dir = std::env::temp_dir().join(format!("neg-hooks-rhai-file-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/points.rhai"),
        "// colour points\nfn f(c) {\n  if c == \"red\" { 10 } else { 0 }\n}\nfn broken(c) { c.nope() }\n",
    )
    .unwrap();
    let text = plan("").replace("hook rhai {\n\n}", "hook \"sub/points.rhai\"");
    std::fs::write(dir.join("plan.neg"), &text).unwrap();
    let run = |text: &str| {
        std::fs::write(dir.join("plan.neg"), text).unwrap();
        assert_cmd::Command::cargo_bin("neg")
            .unwrap()
            .current_dir(&dir)
            .args(["run", "--format", "json", "plan.neg"])
            .output()
            .unwrap()
    };
    let out = run(&format!("{text}offer x {{ color: red }}\nevaluate x\n"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let evaluate: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap()).unwrap();
    // The file's `f` gives red 10 points.
    assert_eq!(evaluate["utilities"]["a"], 10.0, "{evaluate}");
    // A runtime error in the file points into the file.
    let out = run(&text.replace("color = hook f", "color = hook broken"));
    let d: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(d["code"], "neg::hook::call");
    assert_eq!(d["related"][0]["file"], "sub/points.rhai");
    // `fn broken(c) { c.nope() }` is line 5; Rhai places the error at `.nope`.
    assert_eq!(d["related"][0]["line"], 5);
    assert_eq!(d["related"][0]["column"], 18);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- restating

/// A random additive sheet: per party, per issue, either a table over
/// options or a linear shape over a numeric range.
#[derive(Debug, Clone)]
struct Sheet {
    /// Per issue: options (None: the numeric issue 0 .. 40 step 10).
    issues: Vec<Option<usize>>,
    /// Per party, per issue: table points, or (v at 0, v at 40).
    values: Vec<Vec<Vec<i32>>>,
}

fn sheet() -> impl Strategy<Value = Sheet> {
    (
        2usize..=3,
        prop::collection::vec(prop::option::of(2usize..=4), 1..=4),
    )
        .prop_flat_map(|(parties, issues)| {
            let per_issue: Vec<BoxedStrategy<Vec<i32>>> = issues
                .iter()
                .map(|o| prop::collection::vec(0i32..=20, o.unwrap_or(2)).boxed())
                .collect();
            prop::collection::vec(per_issue, parties).prop_map(move |values| Sheet {
                issues: issues.clone(),
                values,
            })
        })
}

/// The sheet as a plan: declarative values, or every value through a hook.
fn restated(sheet: &Sheet, hooks: bool) -> String {
    let mut text = String::new();
    for p in 0..sheet.values.len() {
        text += &format!("party p{p} {{ batna 5 }}\n");
    }
    for (i, options) in sheet.issues.iter().enumerate() {
        match options {
            Some(n) => {
                let names: Vec<String> = (0..*n).map(|o| format!("o{o}")).collect();
                text += &format!("issue i{i} : {}\n", names.join(" | "));
            }
            None => text += &format!("issue i{i} : 0 .. 40 step 10\n"),
        }
    }
    let mut code = String::new();
    for (p, party) in sheet.values.iter().enumerate() {
        text += &format!("prefs p{p} {{\n");
        for (i, v) in party.iter().enumerate() {
            let declarative = match sheet.issues[i] {
                Some(_) => {
                    let entries: Vec<String> = v
                        .iter()
                        .enumerate()
                        .map(|(o, x)| format!("o{o}: {x}"))
                        .collect();
                    format!("{{ {} }}", entries.join(", "))
                }
                None => format!("linear(0 -> {}, 40 -> {})", v[0], v[1]),
            };
            if hooks {
                let body = match sheet.issues[i] {
                    Some(_) => {
                        let arms: Vec<String> = v
                            .iter()
                            .enumerate()
                            .map(|(o, x)| format!("\"o{o}\" => {x}"))
                            .collect();
                        format!(
                            "switch x {{ {}, _ => throw \"unknown option\" }}",
                            arms.join(", ")
                        )
                    }
                    // interpolate's formula, in its order of operations.
                    None => format!(
                        "{}.0 + ({}.0 - {}.0) * (x - 0.0) / (40.0 - 0.0)",
                        v[0], v[1], v[0]
                    ),
                };
                code += &format!("fn v_{p}_{i}(x) {{ {body} }}\n");
                text += &format!("    i{i} = hook v_{p}_{i}\n");
            } else {
                text += &format!("    i{i} = {declarative}\n");
            }
        }
        text += "}\n";
    }
    if hooks {
        text += &format!("hook rhai {{\n{code}}}\n");
    }
    text + "frontier\nnash\nwelfare\n"
}

/// The first party's value line for issue `i`, the same line valuing
/// nothing, and a Rhai expression of the package map `p` giving its value.
fn term(sheet: &Sheet, i: usize) -> (String, String, String) {
    let v = &sheet.values[0][i];
    match sheet.issues[i] {
        Some(n) => {
            let entries: Vec<String> = v
                .iter()
                .enumerate()
                .map(|(o, x)| format!("o{o}: {x}"))
                .collect();
            let zeros: Vec<String> = (0..n).map(|o| format!("o{o}: 0")).collect();
            let arms: Vec<String> = v
                .iter()
                .enumerate()
                .map(|(o, x)| format!("\"o{o}\" => {x}"))
                .collect();
            (
                format!("    i{i} = {{ {} }}\n", entries.join(", ")),
                format!("    i{i} = {{ {} }}\n", zeros.join(", ")),
                format!(
                    "(switch p.i{i} {{ {}, _ => throw \"?\" }})",
                    arms.join(", ")
                ),
            )
        }
        None => (
            format!("    i{i} = linear(0 -> {}, 40 -> {})\n", v[0], v[1]),
            format!("    i{i} = linear(0 -> 0, 40 -> 0)\n"),
            format!(
                "({}.0 + ({}.0 - {}.0) * (p.i{i} - 0.0) / (40.0 - 0.0))",
                v[0], v[1], v[0]
            ),
        ),
    }
}

/// The sheet with the first party's values of the first two issues moved
/// into one `extra` hook that adds them up (its own lines for them set to 0).
fn as_extra(sheet: &Sheet) -> String {
    let mut text = restated(sheet, false);
    let read: Vec<usize> = (0..sheet.issues.len().min(2)).collect();
    let mut terms = vec![];
    for &i in &read {
        let (line, zero, term) = term(sheet, i);
        // The first party's block comes first.
        text = text.replacen(&line, &zero, 1);
        terms.push(term);
    }
    let reads: Vec<String> = read.iter().map(|i| format!("i{i}")).collect();
    text = text.replacen(
        "prefs p0 {\n",
        &format!(
            "prefs p0 {{\n    extra = hook sum reads {}\n",
            reads.join(", ")
        ),
        1,
    );
    format!(
        "hook rhai {{\n    fn sum(p) {{ {} }}\n}}\n{text}",
        terms.join(" + ")
    )
}

/// The sheet with the first party's whole sheet replaced by one `utility`
/// hook over every issue.
fn as_utility(sheet: &Sheet) -> String {
    let mut text = restated(sheet, false);
    let mut terms = vec![];
    for i in 0..sheet.issues.len() {
        let (line, _, term) = term(sheet, i);
        text = text.replacen(&line, "", 1);
        terms.push(term);
    }
    text = text.replacen("prefs p0 {\n", "prefs p0 {\n    utility = hook total\n", 1);
    format!(
        "hook rhai {{\n    fn total(p) {{ {} }}\n}}\n{text}",
        terms.join(" + ")
    )
}

/// The reports with every `package` removed.
fn without_packages(reports: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("package");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    reports
        .into_iter()
        .map(|mut r| {
            strip(&mut r);
            r
        })
        .collect()
}

fn reports(text: &str) -> Vec<serde_json::Value> {
    let mut sources = neg::diagnostics::Sources::default();
    let checked = neg::load_text(&mut sources, "plan.neg", text).expect("checks");
    neg::interp::run(&checked.scenario)
        .into_iter()
        .map(|step| match step {
            neg::interp::Step::Report(r) => serde_json::to_value(&r).unwrap(),
            other => panic!("{other:?}"),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Hooks that restate tables and linear shapes give the same frontier,
    /// Nash and welfare packages as the declarative sheets.
    #[test]
    fn hooks_restating_a_sheet_give_the_same_analysis(s in sheet()) {
        let declarative = reports(&restated(&s, false));
        let hooked = reports(&restated(&s, true));
        prop_assert_eq!(declarative, hooked);
    }

    /// An `extra` hook that adds up two issues' values gives the analysis of
    /// the additive sheet it restates.
    #[test]
    fn an_extra_hook_restating_two_values_gives_the_same_analysis(s in sheet()) {
        // Grouping the two read issues can change which of several packages
        // with the same utilities represents them: compare utilities and counts.
        let declarative = without_packages(reports(&restated(&s, false)));
        let extra = without_packages(reports(&as_extra(&s)));
        prop_assert_eq!(declarative, extra);
    }

    /// A `utility` hook that adds up a whole sheet gives its analysis.
    #[test]
    fn a_utility_hook_restating_a_sheet_gives_the_same_analysis(s in sheet()) {
        // Coupling every issue into one group changes which of several
        // packages with the same utilities represents them: compare the
        // utilities and counts.
        let declarative = without_packages(reports(&restated(&s, false)));
        let utility = without_packages(reports(&as_utility(&s)));
        prop_assert_eq!(declarative, utility);
    }
}

// ---------------------------------------------------------------- std/shapes

/// Each `std/shapes` function, called through a hook on the options 0, 5, …,
/// 40, against its documented formula computed here.
#[test]
fn the_standard_shapes_follow_their_formulas() {
    let clamp01 = |t: f64| t.clamp(0.0, 1.0);
    type Shape = (&'static str, Box<dyn Fn(f64) -> f64>);
    let shapes: Vec<Shape> = vec![
        (
            "linear_between(x, 10.0, 5.0, 30.0, 45.0)",
            Box::new(move |x| 5.0 + 40.0 * clamp01((x - 10.0) / 20.0)),
        ),
        (
            "diminishing(x, 0.0, 40.0, 60.0, 3.0)",
            Box::new(move |x| {
                60.0 * (1.0 - (-3.0 * clamp01(x / 40.0)).exp()) / (1.0 - (-3.0f64).exp())
            }),
        ),
        (
            "logistic(x, 20.0, 5.0, 100.0)",
            Box::new(|x| 100.0 / (1.0 + (-(x - 20.0) / 5.0).exp())),
        ),
        (
            "step(x, 25.0, 3.0, 70.0)",
            Box::new(|x| if x >= 25.0 { 70.0 } else { 3.0 }),
        ),
        (
            "deadline_discount(80.0, x, 30.0, 0.02)",
            Box::new(|x| {
                if x > 30.0 {
                    0.0
                } else {
                    80.0 * 0.98f64.powf(x)
                }
            }),
        ),
    ];
    for (call, formula) in shapes {
        let text = format!(
            "party a\nparty b\nissue t : 0 .. 40 step 5\nhook \"std/shapes\"\n\
             hook rhai {{ fn f(x) {{ {call} }} }}\n\
             prefs a {{ t = hook f }}\nprefs b {{ t = linear(0 -> 0, 40 -> 1) }}\n"
        );
        let mut sources = neg::diagnostics::Sources::default();
        let s = match neg::load_text(&mut sources, "shapes.neg", &text) {
            Ok(c) => c.scenario,
            Err(d) => panic!(
                "{call}: {:?}",
                d.iter().map(|d| &d.message).collect::<Vec<_>>()
            ),
        };
        for (o, got) in s.parties[0].values[0].iter().enumerate() {
            let x = 5.0 * o as f64;
            let want = formula(x);
            assert!((got - want).abs() < 1e-9, "{call} at {x}: {got} vs {want}");
        }
    }
}

#[test]
fn an_unknown_standard_hook_is_named() {
    let text = plan("fn f(c) { 1 }").replace("hook rhai {", "hook \"std/shape\"\nhook rhai {");
    let (status, stderr, _) = run("std-unknown", &text, &[]);
    assert_eq!(status, 1);
    assert!(
        stderr.contains("there is no hook `std/shape` in the standard library"),
        "{stderr}"
    );
    assert!(stderr.contains("std/shapes"), "{stderr}");
}

#[test]
fn all_calls_together_have_an_operation_budget() {
    // 1000 combinations of 2000-odd operations each: over a total of 10^6.
    let text = "party a\nparty b\nissue x : 0 .. 9 step 1\nissue y : 0 .. 9 step 1\nissue z : 0 .. 9 step 1\n\
        hook rhai { fn busy(p) { let n = 0; for i in 0..500 { n += 1; } n } }\n\
        prefs a { x = linear(0 -> 0, 9 -> 9)  y = linear(0 -> 0, 9 -> 9)  z = linear(0 -> 0, 9 -> 9)  extra = hook busy reads x, y, z }\n\
        prefs b { x = linear(0 -> 9, 9 -> 0)  y = linear(0 -> 9, 9 -> 0)  z = linear(0 -> 9, 9 -> 0) }\n";
    let (status, stderr, _) = run("total", text, &["--hook-total-operations", "1000000"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains(
            "operations in all hook calls together (--hook-total-operations) limit of 1000000"
        ),
        "{stderr}"
    );
    let (status, stderr, _) = run("total-ok", text, &[]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn a_second_parameter_gets_the_party_s_beliefs() {
    // An option hook and an extra hook read the party's 30% belief in rain.
    let text = "event rain\nparty a\nparty b\nissue tent : none | small | large\nissue day : sat | sun\n\
        hook rhai {\n\
            fn tent_points(t, beliefs) { let p = beliefs.rain.yes; switch t { \"none\" => 100.0 * (1.0 - p), \"small\" => 80.0, _ => 60.0 + 40.0 * p } }\n\
            fn sunday(pkg, beliefs) { if pkg.day == \"sun\" { 10.0 * beliefs.rain.no } else { 0.0 } }\n\
        }\n\
        prefs a { believe rain 30%  tent = hook tent_points  day = { sat: 0, sun: 0 }  extra = hook sunday reads day }\n\
        prefs b { tent = { none: 0, small: 5, large: 10 }  day = { sat: 0, sun: 0 } }\n";
    let mut sources = neg::diagnostics::Sources::default();
    let s = neg::load_text(&mut sources, "rain.neg", text)
        .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()))
        .scenario;
    // none: 100 × 0.7 = 70; small: 80; large: 60 + 40 × 0.3 = 72.
    let tent: Vec<f64> = s.parties[0].values[0].clone();
    assert!(
        (tent[0] - 70.0).abs() < 1e-9 && tent[1] == 80.0 && (tent[2] - 72.0).abs() < 1e-9,
        "{tent:?}"
    );
    // Sunday: 10 × 0.7 = 7 points.
    assert!((neg::eval::utility(&s, 0, &[1, 1]) - 87.0).abs() < 1e-9);
    assert!((neg::eval::utility(&s, 0, &[1, 0]) - 80.0).abs() < 1e-9);
}

/// Tabulation runs on every core, but the diagnostic always names the first
/// failing combination in order (the last issue varying fastest).
#[test]
fn the_first_failing_combination_is_reported() {
    let options: Vec<String> = (0..20).map(|o| format!("o{o}")).collect();
    let issues: String = ["x", "y", "z"]
        .iter()
        .map(|i| format!("issue {i} : {}\n", options.join(" | ")))
        .collect();
    let flat = |v: u32| {
        let entries: Vec<String> = (0..20).map(|o| format!("o{o}: {v}")).collect();
        format!("{{ {} }}", entries.join(", "))
    };
    let text = format!(
        "party a\nparty b\n{issues}\
         hook rhai {{ fn f(p) {{ if p.x == \"o3\" || p.y == \"o17\" {{ throw \"no\" }} 1 }} }}\n\
         prefs a {{ x = {0}  y = {0}  z = {0}  extra = hook f reads x, y, z }}\n\
         prefs b {{ x = {1}  y = {1}  z = {1} }}\n",
        flat(0),
        flat(1)
    );
    for _ in 0..3 {
        let (status, stderr, _) = run("first-failure", &text, &[]);
        assert_eq!(status, 1);
        assert!(
            stderr.contains("failed for x o0 · y o17 · z o0"),
            "{stderr}"
        );
    }
}
