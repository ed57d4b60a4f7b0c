//! Hypotheses about a party's score sheet (issue 21): acceptance and
//! expected figures worked by hand, the same figures against plain plans
//! (one per hypothesis) on every package, a single hypothesis against the
//! plain sheet on every shipped example, and the diagnostics of bad input.

#[path = "common/memory.rs"]
mod memory;

use memory::{errors, json, plan};
use neg::{Plan, PlanError};
use serde_json::Value;
use std::sync::Arc;

/// One issue, price 0..100 step 25; the seller is known, the buyer is one
/// of three types with their own BATNAs.
const THREE: &str = r#"
party seller { batna 20 }
party buyer
issue price : 0 .. 100 step 25
prefs seller { price = linear(0 -> 0, 100 -> 100) }
prefs buyer as eager 50% {
  price = linear(0 -> 100, 100 -> 20)
  batna 10
}
prefs buyer as careful 30% {
  price = linear(0 -> 100, 100 -> 0)
  batna 40
}
prefs buyer as picky 20% {
  price = linear(0 -> 100, 100 -> 0)
  batna 70
}
offer high { price: 75 }
offer fair { price: 50 }
"#;

#[test]
fn acceptance_under_three_hypotheses_with_their_own_batnas() {
    let p = plan(THREE);
    // price 75: eager 100 - 0.75·80 = 40 ≥ 10 accepts; careful 25 < 40 and
    // picky 25 < 70 walk away: acceptance 50%.
    let high = json(&p, "evaluate high");
    assert_eq!(high["acceptance"], 0.5);
    let figures = &high["hypotheses"]["buyer"];
    assert_eq!(figures[0]["utility"], 40.0);
    assert_eq!(figures[1]["utility"], 25.0);
    assert_eq!(figures[2]["utility"], 25.0);
    assert_eq!(figures[2]["batna"], 70.0);
    // Expected buyer figures: utility .5·40 + .3·25 + .2·25 = 32.5, BATNA
    // .5·10 + .3·40 + .2·70 = 31, gain 1.5; the seller's are its own.
    assert_eq!(high["utilities"]["buyer"], 32.5);
    assert_eq!(high["batna"]["buyer"], 31.0);
    assert_eq!(high["gains"]["buyer"], 1.5);
    assert_eq!(high["utilities"]["seller"], 75.0);
    // price 50: eager 60, careful 50 ≥ 40, picky 50 < 70: 80%.
    assert_eq!(json(&p, "evaluate fair")["acceptance"], 0.8);
}

#[test]
fn beliefs_are_the_priors_or_equal_without_them() {
    let b = json(&plan(THREE), "beliefs buyer");
    assert_eq!(b["command"], "beliefs");
    assert_eq!(b["probabilities"]["eager"], 0.5);
    assert_eq!(b["probabilities"]["careful"], 0.3);
    assert_eq!(b["probabilities"]["picky"], 0.2);
    let equal = THREE
        .replace(" 50% {", " {")
        .replace(" 30% {", " {")
        .replace(" 20% {", " {");
    let b = json(&plan(&equal), "beliefs buyer");
    for h in ["eager", "careful", "picky"] {
        assert!((b["probabilities"][h].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    }
}

/// The plan with `buyer`'s sheet replaced by hypothesis `keep` alone, as a
/// plain `prefs` with the hypothesis's BATNA in the party.
fn plain_plan(keep: usize, more: &str) -> Plan {
    let sheets = [
        ("10", "price = linear(0 -> 100, 100 -> 20)"),
        ("40", "price = linear(0 -> 100, 100 -> 0)"),
        ("70", "price = linear(0 -> 100, 100 -> 0)"),
    ];
    let (batna, sheet) = sheets[keep];
    plan(&format!(
        "party seller {{ batna 20 }}\nparty buyer {{ batna {batna} }}\nissue price : 0 .. 100 step 25\n\
         prefs seller {{ price = linear(0 -> 0, 100 -> 100) }}\nprefs buyer {{ {sheet} }}\n{more}"
    ))
}

#[test]
fn acceptance_and_expected_figures_equal_plain_plans_on_every_package() {
    let priors = [0.5, 0.3, 0.2];
    for price in [0, 25, 50, 75, 100] {
        let offer = format!("offer probe {{ price: {price} }}\n");
        let u = json(&plan(&format!("{THREE}{offer}")), "evaluate probe");
        let (mut acceptance, mut expected) = (0.0, 0.0);
        for (h, prior) in priors.iter().enumerate() {
            let e = json(&plain_plan(h, &offer), "evaluate probe");
            if e["below_batna"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b != "buyer")
            {
                acceptance += prior;
            }
            expected += prior * e["utilities"]["buyer"].as_f64().unwrap();
            assert_eq!(u["hypotheses"]["buyer"][h]["utility"], e["cared"]["buyer"]);
        }
        let got = u["acceptance"].as_f64().unwrap();
        assert!(
            (got - acceptance).abs() < 1e-12,
            "price {price}: {got} vs {acceptance}"
        );
        let got = u["utilities"]["buyer"].as_f64().unwrap();
        assert!(
            (got - expected).abs() < 1e-9,
            "price {price}: {got} vs {expected}"
        );
    }
}

#[test]
fn analyses_run_once_per_hypothesis_with_its_probability() {
    let p = plan(THREE);
    let nash = json(&p, "nash");
    assert_eq!(nash["command"], "per_hypothesis");
    assert_eq!(nash["of"], "nash");
    let answers = nash["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 3);
    for (h, a) in answers.iter().enumerate() {
        let plain = json(&plain_plan(h, ""), "nash");
        assert_eq!(a["report"], plain, "hypothesis {h}");
    }
    assert_eq!(answers[1]["hypotheses"]["buyer"], "careful");
    assert_eq!(answers[1]["probability"], 0.3);
}

/// Every plain `prefs NAME {` of a plan made the single hypothesis `only`.
fn as_single_hypotheses(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        match trimmed.strip_prefix("prefs ") {
            Some(rest) if rest.contains(" {") && !rest.contains(" as ") => {
                let (party, body) = rest.split_once(" {").unwrap();
                let indent = &line[..line.len() - trimmed.len()];
                out += &format!("{indent}prefs {party} as only {{{body}\n");
            }
            _ => out += &format!("{line}\n"),
        }
    }
    out
}

#[test]
fn a_single_hypothesis_equals_the_plain_sheet_on_every_example() {
    let world = Arc::new(neg::host::FsWorld);
    let mut compared = 0;
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "neg") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The stories about an unknown sheet have hypotheses already.
        if text
            .lines()
            .any(|l| l.starts_with("prefs ") && l.contains(" as "))
        {
            continue;
        }
        let single = as_single_hypotheses(&text);
        if single == text.clone() + "\n" || single == text {
            continue;
        }
        let plain = Plan::load(world.clone(), &path).unwrap();
        let hyp = match Plan::from_text(world.clone(), "x.neg", &single, "examples") {
            Ok(p) => p,
            Err(PlanError::Invalid { diagnostics, .. }) => {
                panic!(
                    "{}: {:?}",
                    path.display(),
                    diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
                )
            }
            Err(e) => panic!("{}: {e}", path.display()),
        };
        for command in [
            "frontier", "nash", "kalai", "welfare", "zopa", "classify", "power",
        ] {
            let want = json(&plain, command);
            let got = json(&hyp, command);
            assert_eq!(
                got["answers"].as_array().map(Vec::len),
                Some(1),
                "{}: {command}",
                path.display()
            );
            assert_eq!(got["answers"][0]["probability"], 1.0);
            assert_eq!(
                got["answers"][0]["report"],
                want,
                "{}: {command}",
                path.display()
            );
        }
        compared += 1;
    }
    assert!(compared >= 8, "only {compared} examples compared");
}

fn codes(text: &str) -> Vec<String> {
    errors(text).into_iter().map(|(c, _)| c).collect()
}

#[test]
fn bad_hypotheses_are_diagnosed() {
    // Priors that do not sum to 1 say what they sum to.
    let wrong = THREE.replace("20% {", "10% {");
    let e = errors(&wrong);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, "neg::check::priors");
    assert!(e[0].1.contains("sum to 90%"), "{}", e[0].1);
    // Some priors but not all.
    assert_eq!(
        codes(&THREE.replace(" 20% {", " {")),
        ["neg::check::priors"]
    );
    // A prior is a probability.
    assert!(codes(&THREE.replace(" 20% {", " 120% {"))
        .contains(&"neg::check::probability-range".to_string()));
    // A known sheet and hypotheses for the same party.
    let mixed = format!("{THREE}\nprefs buyer {{ price = linear(0 -> 100, 100 -> 0) }}\n");
    assert_eq!(codes(&mixed), ["neg::check::mixed-hypotheses"]);
    // Two hypotheses of one name.
    assert_eq!(
        codes(&THREE.replace("as picky", "as careful")),
        ["neg::check::duplicate"]
    );
    // A BATNA in a known sheet.
    let batna = "party a { batna 1 }\nparty b\nissue x : p | q\nprefs a { x = { p: 1, q: 0 } }\nprefs b { x = { p: 0, q: 1 }\n batna 3 }\n";
    assert_eq!(codes(batna), ["neg::check::hypothesis-batna"]);
    // `beliefs` of a party whose sheet is known.
    let p = plan(THREE);
    let e = p.run_command("beliefs seller").unwrap_err().to_json();
    assert_eq!(e[0].code.as_str(), "neg::check::no-hypotheses");
}

/// The package flow keeps one set of settlements and reports on it under
/// each hypothesis: each answer equals the plain plan's with that
/// hypothesis's sheet, step by step.
#[test]
fn the_package_flow_runs_per_hypothesis_on_one_set_of_settlements() {
    let flow =
        "tentative price = 50\nstatus\nagree\nreopen price\nstatus\ntentative price = 75\nagree\n";
    let reports = |p: &Plan| -> Vec<Value> {
        p.run()
            .iter()
            .map(|s| serde_json::to_value(s.report().expect("a report")).unwrap())
            .collect()
    };
    let got = reports(&plan(&format!("{THREE}{flow}")));
    assert_eq!(got.len(), 7);
    for h in 0..3 {
        let want = reports(&plain_plan(h, flow));
        assert_eq!(want.len(), got.len());
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g["command"], "per_hypothesis", "step {k}");
            assert_eq!(g["answers"][h]["report"], *w, "step {k}, hypothesis {h}");
        }
    }
    // Refused under one combination, refused once, and nothing changes.
    let p = plan(&format!("{THREE}tentative price = 50\nreopen price\n"));
    let e = p.run_command("agree").unwrap_err().to_json();
    assert_eq!(e[0].code.as_str(), "neg::run::flow");
}

/// A plot per hypothesis, named after it, each the plain plan's plot with
/// the hypothesis in its title.
#[test]
fn a_plot_per_hypothesis_and_exports_refused() {
    let p = plan(THREE);
    let step = p.run_command("plot \"out/x.svg\"").unwrap();
    let Some(neg::report::Report::PerHypothesis(r)) = step.report() else {
        panic!("a plot per hypothesis")
    };
    assert_eq!(r.answers.len(), 3);
    for (a, (h, percent)) in r
        .answers
        .iter()
        .zip([("eager", 50), ("careful", 30), ("picky", 20)])
    {
        let neg::report::Report::Plot(plot) = &a.report else {
            panic!("a plot")
        };
        assert!(
            plot.file.ends_with(&format!("out/x.{h}.svg")),
            "{}",
            plot.file
        );
        assert!(
            plot.svg.contains(&format!("If buyer as {h} ({percent}%)")),
            "{h}"
        );
        let plain = plain_plan(
            ["eager", "careful", "picky"]
                .iter()
                .position(|x| *x == h)
                .unwrap(),
            "",
        );
        let plain = plain.run_command("plot \"x.svg\"").unwrap();
        let Some(neg::report::Report::Plot(want)) = plain.report() else {
            panic!("a plot")
        };
        assert_eq!(
            (plot.packages, plot.frontier_points),
            (want.packages, want.frontier_points)
        );
    }
    let e = p.export_genius().unwrap_err().to_json();
    assert_eq!(e[0].code.as_str(), "neg::export::hypotheses");
}

#[test]
fn fmt_keeps_a_hypothesis_head_and_its_batna() {
    let text = "prefs dealer as pr_lover   \"Loves PR\"  60% {\n    batna 30\n  price = linear(0 -> 0, 100 -> 100)\n}\n";
    let formatted = neg::fmt::format_source(text).unwrap();
    assert_eq!(
        formatted,
        "prefs dealer as pr_lover \"Loves PR\" 60% {\n    batna 30\n    price = linear(0 -> 0, 100 -> 100)\n}\n"
    );
    assert_eq!(neg::fmt::format_source(&formatted).unwrap(), formatted);
}

/// The posterior ∝ prior × likelihood, normalised.
fn posterior(prior: &[f64], likelihood: &[f64]) -> Vec<f64> {
    let joint: Vec<f64> = prior.iter().zip(likelihood).map(|(p, l)| p * l).collect();
    let total: f64 = joint.iter().sum();
    joint.iter().map(|j| j / total).collect()
}

fn probabilities(report: &Value) -> Vec<f64> {
    ["eager", "careful", "picky"]
        .iter()
        .map(|h| report["probabilities"][h].as_f64().unwrap())
        .collect()
}

fn close(got: &[f64], want: &[f64]) {
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
    }
}

#[test]
fn a_choice_moves_the_beliefs_by_bayes_rule() {
    let text = format!("{THREE}offer a {{ price: 25 }}\noffer b {{ price: 75 }}\n");
    let p = plan(&format!(
        "{text}observe buyer chose b over a temperature 10\nbeliefs buyer\n"
    ));
    // eager: u(b) = 40, u(a) = 80: e^4 / (e^4 + e^8) = 1 / (1 + e^4);
    // careful and picky: u(b) = 25, u(a) = 75: 1 / (1 + e^5).
    let e = std::f64::consts::E;
    let want = posterior(
        &[0.5, 0.3, 0.2],
        &[
            1.0 / (1.0 + e.powi(4)),
            1.0 / (1.0 + e.powi(5)),
            1.0 / (1.0 + e.powi(5)),
        ],
    );
    let steps = p.run();
    let observed = serde_json::to_value(steps[0].report().unwrap()).unwrap();
    assert_eq!(observed["command"], "observe");
    assert_eq!(observed["observation"], "chose b over a");
    close(&probabilities(&observed), &want);
    let beliefs = serde_json::to_value(steps[1].report().unwrap()).unwrap();
    close(&probabilities(&beliefs), &want);
    assert_eq!(beliefs["observations"][0]["observation"], "chose b over a");
    // Commands after it use the posterior: acceptance of `fair` (price 50:
    // eager and careful accept, picky walks away).
    let after = plan(&format!(
        "{text}observe buyer chose b over a temperature 10\nevaluate fair\n"
    ));
    let evaluated = serde_json::to_value(after.run()[1].report().unwrap()).unwrap();
    let got = evaluated["acceptance"].as_f64().unwrap();
    assert!(
        (got - (want[0] + want[1])).abs() < 1e-9,
        "{got} vs {want:?}"
    );
}

#[test]
fn a_rejection_moves_the_beliefs_by_bayes_rule() {
    let p = plan(&format!(
        "{THREE}observe buyer rejected fair temperature 10\n"
    ));
    // price 50: rejecting has probability 1 / (1 + e^((u - batna)/10)):
    // eager 60 vs 10: 1/(1+e^5); careful 50 vs 40: 1/(1+e^1);
    // picky 50 vs 70: 1/(1+e^-2).
    let e = std::f64::consts::E;
    let want = posterior(
        &[0.5, 0.3, 0.2],
        &[
            1.0 / (1.0 + e.powi(5)),
            1.0 / (1.0 + e),
            1.0 / (1.0 + e.powi(-2)),
        ],
    );
    let observed = serde_json::to_value(p.run()[0].report().unwrap()).unwrap();
    close(&probabilities(&observed), &want);
    // With the default temperature, 5.
    let p = plan(&format!("{THREE}observe buyer accepted fair\n"));
    let observed = serde_json::to_value(p.run()[0].report().unwrap()).unwrap();
    assert_eq!(observed["temperature"], 5.0);
    let want = posterior(
        &[0.5, 0.3, 0.2],
        &[
            1.0 / (1.0 + e.powi(-10)),
            1.0 / (1.0 + e.powi(-2)),
            1.0 / (1.0 + e.powi(4)),
        ],
    );
    close(&probabilities(&observed), &want);
}

#[test]
fn bad_observations_are_diagnosed() {
    assert_eq!(
        codes(&format!("{THREE}observe buyer accepted cheap\n")),
        ["neg::check::unknown-name"]
    );
    assert_eq!(
        codes(&format!("{THREE}observe seller accepted fair\n")),
        ["neg::check::no-hypotheses"]
    );
    for t in ["0", "-1", "5%"] {
        let text = format!("{THREE}observe buyer chose fair over high temperature {t}\n");
        assert_eq!(codes(&text), ["neg::check::temperature"], "{t}");
    }
}

/// With hypotheses the text is one line per hypothesis (Nash by hand: the
/// eager buyer, 100 − 0.8·price against 10, makes 75 the largest product,
/// 55 × 30; the careful one, against 40, makes 50 (30 × 10); the picky
/// one, against 70, 25 (5 × 5)), and every answer in full on request.
#[test]
fn the_text_is_one_line_per_hypothesis_and_details_on_request() {
    let p = plan(THREE);
    let step = p.run_command("nash").unwrap();
    let report = step.report().unwrap();
    let short = neg::report::render_text(report);
    let lines: Vec<&str> = short.lines().collect();
    assert_eq!(lines.len(), 4, "{short}");
    assert!(
        lines[0].starts_with("nash under each hypothesis"),
        "{short}"
    );
    assert!(
        lines[1].contains("buyer as eager")
            && lines[1].contains("50%")
            && lines[1].contains("price 75  (seller 75.00, buyer 40.00)"),
        "{short}"
    );
    assert!(
        lines[2].contains("buyer as careful")
            && lines[2].contains("price 50  (seller 50.00, buyer 50.00)"),
        "{short}"
    );
    assert!(
        lines[3].contains("buyer as picky")
            && lines[3].contains("price 25  (seller 25.00, buyer 75.00)"),
        "{short}"
    );
    let full = neg::report::render_text_with(report, true);
    assert!(
        full.contains("under buyer as eager (50%):\n  nash: "),
        "{full}"
    );
    assert_eq!(full.matches("under buyer as").count(), 3);
}

/// A plot draws one picture per combination, at most 16: with five
/// uncertain parties of two hypotheses each (32 combinations) it says so.
#[test]
fn a_plot_of_too_many_combinations_is_refused() {
    let mut text =
        "party us { batna 0 }\nissue x : p | q\nprefs us { x = { p: 1, q: 0 } }\n".to_string();
    for k in 0..5 {
        text += &format!(
            "party p{k}\nprefs p{k} as h {{ x = {{ p: 0, q: 1 }}\n batna 0 }}\nprefs p{k} as g {{ x = {{ p: 1, q: 0 }}\n batna 0 }}\n"
        );
    }
    let e = plan(&text)
        .run_command("plot \"x.svg\"")
        .map(|_| ())
        .expect_err("refused")
        .to_json();
    assert_eq!(e[0].code.as_str(), "neg::run::plot");
    assert!(e[0].message.contains("32"), "{}", e[0].message);
}
