//! Weight ranges (`weight price 30%..50%`, issue 21): a utility becomes an
//! interval, worked by hand; acceptance counts a hypothesis at the
//! pessimistic end and `acceptance_possible` at the optimistic one; a range
//! of zero width is the plain weight on every example; `robust` weighs the
//! pessimistic end, against brute force on random plans; bad ranges are
//! diagnosed.

#[path = "common/memory.rs"]
mod memory;

use memory::{codes, front, json, plan, same_front, staircase, table_lines, Rng};
use neg::host::FsWorld;
use neg::world::MemoryWorld;
use neg::Plan;
use serde_json::Value;
use std::sync::Arc;

/// The used car: the dealer's weight on word of mouth is known only within
/// 0.5..1.5 if it lives on referrals, its weight on the price within
/// 0.8..1.2 if only the price matters.
const CAR: &str = r#"
party buyer { batna 30 }
party dealer
issue price : $18k .. $23k step $500
issue pr : none | review | referral
prefs buyer {
    price = linear($18k -> 100, $23k -> 0)
    pr    = { none: 0, review: -5, referral: -10 }
}
prefs dealer as word 60% {
    weight price 1, pr 0.5..1.5
    price = linear($18k -> 0, $23k -> 100)
    pr    = { none: 0, review: 30, referral: 50 }
    batna 20
}
prefs dealer as cash 40% {
    weight price 0.8..1.2, pr 1
    price = linear($18k -> 0, $23k -> 100)
    pr    = { none: 0, review: 5, referral: 10 }
    batna 40
}
offer referral { price: $19.5k, pr: referral }
offer bold { price: $18k, pr: review }
offer high { price: $21k, pr: none }
"#;

fn interval(v: &Value) -> (f64, f64) {
    (
        v["pessimistic"].as_f64().unwrap(),
        v["optimistic"].as_f64().unwrap(),
    )
}

/// By hand: the referral at $19.5k gives the dealer 30 price points and 50
/// for the referral. Living on referrals (pr weight 0.5..1.5, middle 1):
/// 80, from 30 + 25 = 55 to 30 + 75 = 105, all above its BATNA of 20.
/// Price only (price weight 0.8..1.2, middle 1): 40, from 24 + 10 = 34 to
/// 36 + 10 = 46, against a BATNA of 40: it may accept. So the acceptance
/// is 60% and up to 100%. The bold offer ($18k, a review): 0 + 30·[0.5,
/// 1.5] = 15..45 against 20 (may accept), and 0 + 5 = 5 against 40 (never):
/// 0%, up to 60%. At $21k and nothing else: 60·[1, 1] = 60 ≥ 20, and
/// 60·[0.8, 1.2] = 48..72 ≥ 40: 100% either way.
#[test]
fn intervals_and_acceptance_by_hand() {
    let p = plan(CAR);
    let e = json(&p, "evaluate referral");
    assert_eq!(e["utilities"]["dealer"], 0.6 * 80.0 + 0.4 * 40.0);
    let hyps = e["hypotheses"]["dealer"].as_array().unwrap();
    assert_eq!(hyps[0]["utility"], 80.0);
    assert_eq!(interval(&hyps[0]["interval"]), (55.0, 105.0));
    assert_eq!(hyps[1]["utility"], 40.0);
    assert_eq!(interval(&hyps[1]["interval"]), (34.0, 46.0));
    assert_eq!(e["acceptance"], 0.6);
    assert_eq!(e["acceptance_possible"], 1.0);
    // The party's interval over its hypotheses: 0.6·55 + 0.4·34, 0.6·105 + 0.4·46.
    let (low, high) = interval(&e["intervals"]["dealer"]);
    assert!((low - 46.6).abs() < 1e-9 && (high - 81.4).abs() < 1e-9);
    assert!(e["intervals"].get("buyer").is_none());

    let b = json(&p, "evaluate bold");
    assert_eq!(
        interval(&b["hypotheses"]["dealer"][0]["interval"]),
        (15.0, 45.0)
    );
    assert_eq!(
        interval(&b["hypotheses"]["dealer"][1]["interval"]),
        (5.0, 5.0)
    );
    assert_eq!(b["acceptance"], 0.0);
    assert_eq!(b["acceptance_possible"], 0.6);

    let h = json(&p, "evaluate high");
    assert_eq!(
        interval(&h["hypotheses"]["dealer"][1]["interval"]),
        (48.0, 72.0)
    );
    assert_eq!(h["acceptance"], 1.0);
    assert_eq!(h["acceptance_possible"], 1.0);

    for (line, holds) in [
        ("assert acceptance(referral) == 60%", true),
        ("assert acceptance_possible(referral) == 100%", true),
        (
            "assert acceptance(bold) == 0% and acceptance_possible(bold) == 60%",
            true,
        ),
        ("assert acceptance(referral) == 100%", false),
    ] {
        let step = p.run_command(line).unwrap();
        assert_eq!(step.is_failure(), !holds, "{line}");
    }
}

/// A known sheet with a range: its interval, and the text saying whether it
/// reaches its BATNA at every weight, at some, or at none.
#[test]
fn a_known_sheet_with_a_range_by_hand() {
    let text = r#"
party buyer { batna 40 }
party dealer { batna 50 }
issue price : $18k .. $23k step $500
issue pr : none | review | referral
prefs buyer { price = linear($18k -> 100, $23k -> 0)  pr = { none: 0, review: -5, referral: -10 } }
prefs dealer {
    weight price 60%, pr 20%..60%
    price = linear($18k -> 0, $23k -> 100)
    pr    = { none: 0, review: 30, referral: 50 }
}
offer a { price: $19.5k, pr: referral }
"#;
    let p = plan(text);
    let e = json(&p, "evaluate a");
    // Middle weight 40%: 0.6·30 + 0.4·50 = 38; ends 18 + 10 = 28 and 18 + 30 = 48.
    assert!((e["utilities"]["dealer"].as_f64().unwrap() - 38.0).abs() < 1e-9);
    let (low, high) = interval(&e["intervals"]["dealer"]);
    assert!((low - 28.0).abs() < 1e-9 && (high - 48.0).abs() < 1e-9);
    assert!(
        e.get("acceptance").is_none(),
        "no hypotheses, no acceptance"
    );
    let out = neg::report::render_text(p.run_command("evaluate a").unwrap().report().unwrap());
    assert!(
        out.contains("28.00 to    48.00  below its BATNA at every weight"),
        "{out}"
    );
}

/// `weight a 40%` written `weight a 40%..40%`, on every example that has
/// weights: every command's JSON is the same, apart from the intervals an
/// evaluation adds, whose ends equal the cared-for utility.
#[test]
fn a_range_of_zero_width_is_the_plain_weight_on_every_example() {
    let world = Arc::new(FsWorld);
    let mut compared = 0;
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "neg") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let zero_width = zero_width(&text);
        if zero_width == text {
            continue;
        }
        let plain = Plan::load(world.clone(), &path).unwrap();
        let ranged = Plan::from_text(world.clone(), "x.neg", &zero_width, "examples")
            .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.to_json()));
        let reports = |p: &Plan| -> Vec<Value> {
            p.run()
                .iter()
                .map(|s| {
                    s.report()
                        .map_or(Value::Null, |r| serde_json::to_value(r).unwrap())
                })
                .collect()
        };
        let (want, got) = (reports(&plain), reports(&ranged));
        assert_eq!(want.len(), got.len());
        let mut evaluations = 0;
        for (w, g) in want.iter().zip(&got) {
            let mut g = g.clone();
            if let Some(intervals) = g.as_object_mut().and_then(|o| o.remove("intervals")) {
                evaluations += 1;
                for (party, i) in intervals.as_object().unwrap() {
                    let cared = g["cared"][party].as_f64().unwrap();
                    let (low, high) = interval(i);
                    assert_eq!((low, high), (cared, cared), "{}: {party}", path.display());
                }
            }
            if let Some(hyps) = g.get_mut("hypotheses").and_then(Value::as_object_mut) {
                for list in hyps.values_mut() {
                    for h in list.as_array_mut().unwrap() {
                        let (low, high) = interval(&h["interval"]);
                        assert_eq!(
                            (low, high),
                            (
                                h["utility"].as_f64().unwrap(),
                                h["utility"].as_f64().unwrap()
                            )
                        );
                        h.as_object_mut().unwrap().remove("interval");
                    }
                }
            }
            if let Some(possible) = g
                .as_object_mut()
                .and_then(|o| o.remove("acceptance_possible"))
            {
                assert_eq!(possible, g["acceptance"]);
            }
            assert_eq!(w, &g, "{}", path.display());
        }
        assert!(
            evaluations > 0 || !text.contains("\nevaluate "),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 4, "only {compared} examples compared");
}

/// Every `weight` line with each weight `W` written `W..W`.
fn zero_width(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix("weight ") else {
            out += line;
            continue;
        };
        let indent = &line[..line.len() - trimmed.len()];
        let (body, comment) = match rest.find("//") {
            Some(k) => (&rest[..k], &rest[k..]),
            None => (rest.trim_end_matches('\n'), ""),
        };
        let entries: Vec<String> = body
            .split(',')
            .map(|e| {
                let (issue, w) = e.trim().split_once(' ').unwrap();
                let w = w.trim();
                format!("{issue} {w}..{w}")
            })
            .collect();
        out += &format!(
            "{indent}weight {} {}\n",
            entries.join(", "),
            comment.trim_end()
        );
    }
    out
}

/// One hypothesis of a random plan: prior, BATNA, per issue a weight range
/// and per option points (some negative).
struct Hyp {
    prior: f64,
    batna: f64,
    ranges: Vec<(f64, f64)>,
    table: Vec<Vec<f64>>,
}

impl Hyp {
    /// (pessimistic, optimistic) by brute force over the corners of the
    /// box of weights: every issue at either end.
    fn ends(&self, package: &[usize]) -> (f64, f64) {
        let n = self.ranges.len();
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for corner in 0..1u32 << n {
            let u: f64 = (0..n)
                .map(|i| {
                    let (lo, hi) = self.ranges[i];
                    let w = if corner >> i & 1 == 1 { hi } else { lo };
                    w * self.table[i][package[i]]
                })
                .sum();
            low = low.min(u);
            high = high.max(u);
        }
        (low, high)
    }
}

/// `robust for us` and the acceptance of every package with weight ranges
/// in the hypotheses, against brute force: a hypothesis accepts a package
/// when the least it can be worth over the box of weights (found here at
/// the box's corners) reaches its BATNA.
#[test]
fn robust_and_acceptance_with_ranges_equal_brute_force() {
    let mut rng = Rng(23);
    for round in 0..120 {
        let issues = 2 + rng.below(2) as usize;
        let sizes: Vec<usize> = (0..issues).map(|_| 2 + rng.below(2) as usize).collect();
        let us: Vec<Vec<f64>> = sizes
            .iter()
            .map(|&n| (0..n).map(|_| rng.below(11) as f64).collect())
            .collect();
        let hyps: Vec<Hyp> = (0..2 + rng.below(2))
            .map(|_| Hyp {
                prior: 0.0,
                batna: rng.below(30) as f64,
                ranges: (0..issues)
                    .map(|_| {
                        let lo = rng.below(3) as f64;
                        (lo, lo + rng.below(3) as f64)
                    })
                    .collect(),
                table: sizes
                    .iter()
                    .map(|&n| (0..n).map(|_| rng.below(25) as f64 - 5.0).collect())
                    .collect(),
            })
            .collect();
        let n = hyps.len();
        let mut hyps = hyps;
        for (h, hyp) in hyps.iter_mut().enumerate() {
            hyp.prior = if h == 0 {
                (100 - 20 * (n as u64 - 1)) as f64 / 100.0
            } else {
                0.2
            };
        }
        let mut text = "party us { batna 3 }\nparty them\n".to_string();
        for (i, &k) in sizes.iter().enumerate() {
            let options: Vec<String> = (0..k).map(|o| format!("o{o}")).collect();
            text += &format!("issue i{i} : {}\n", options.join(" | "));
        }
        let rows = table_lines;
        text += &format!("prefs us {{\n{}}}\n", rows(&us));
        for (h, hyp) in hyps.iter().enumerate() {
            let weights: Vec<String> = hyp
                .ranges
                .iter()
                .enumerate()
                .map(|(i, (lo, hi))| format!("i{i} {lo}..{hi}"))
                .collect();
            text += &format!(
                "prefs them as h{h} {}% {{\n  weight {}\n{}  batna {}\n}}\n",
                hyp.prior * 100.0,
                weights.join(", "),
                rows(&hyp.table),
                hyp.batna
            );
        }
        if hyps.iter().all(|h| h.ranges.iter().all(|r| r.1 == 0.0)) {
            continue; // every weight zero: refused, rightly
        }
        let p = plan(&text);
        let mut packages = vec![vec![]];
        for &k in &sizes {
            packages = packages
                .into_iter()
                .flat_map(|p: Vec<usize>| (0..k).map(move |o| [p.clone(), vec![o]].concat()))
                .collect();
        }
        let accept = |k: &[usize], optimistic: bool| -> f64 {
            hyps.iter()
                .filter(|h| {
                    let (low, high) = h.ends(k);
                    (if optimistic { high } else { low }) >= h.batna
                })
                .map(|h| h.prior)
                .sum::<f64>()
                + 0.0
        };
        // Acceptance of a few packages, through an offer each.
        for k in packages.iter().take(4) {
            let terms: Vec<String> = k
                .iter()
                .enumerate()
                .map(|(i, o)| format!("i{i}: o{o}"))
                .collect();
            let with = plan(&format!("{text}offer x {{ {} }}\n", terms.join(", ")));
            let e = json(&with, "evaluate x");
            let got = (
                e["acceptance"].as_f64().unwrap(),
                e["acceptance_possible"].as_f64().unwrap(),
            );
            let want = (accept(k, false), accept(k, true));
            assert!(
                (got.0 - want.0).abs() < 1e-9 && (got.1 - want.1).abs() < 1e-9,
                "round {round}: {k:?} {got:?} vs {want:?}\n{text}"
            );
        }
        // The robust staircase by brute force.
        let value = |k: &[usize]| -> f64 { k.iter().enumerate().map(|(i, &o)| us[i][o]).sum() };
        let scored: Vec<(f64, f64)> = packages
            .iter()
            .map(|k| (value(k), accept(k, false)))
            .filter(|(u, _)| *u >= 3.0)
            .collect();
        let expected = staircase(scored);
        let report = json(&p, "robust for us");
        same_front(
            &front(&report),
            &expected,
            &format!("round {round}\n{text}"),
        );
    }
}

#[test]
fn bad_ranges_are_diagnosed() {
    let sheet = |weights: &str| {
        format!(
            "party a {{ batna 0 }}\nparty b {{ batna 0 }}\nissue x : p | q\nissue y : p | q\n\
             prefs a {{ weight {weights}\n x = {{ p: 1, q: 0 }}\n y = {{ p: 1, q: 0 }} }}\n\
             prefs b {{ x = {{ p: 0, q: 1 }}\n y = {{ p: 0, q: 1 }} }}\n"
        )
    };
    assert_eq!(codes(&sheet("x 30%..50%, y 50%")), Vec::<String>::new());
    assert_eq!(
        codes(&sheet("x 50%..30%, y 50%")),
        ["neg::check::empty-range"]
    );
    assert_eq!(
        codes(&sheet("x 30%..0.5, y 50%")),
        ["neg::check::unit-mismatch"]
    );
    assert_eq!(
        codes(&sheet("x -1..2, y 1")),
        ["neg::check::negative-weight"]
    );
    assert_eq!(
        codes(&sheet("x 0..0, y 0..0")),
        ["neg::check::zero-weights"]
    );
    assert_eq!(codes(&sheet("x 1..$2, y 1")), ["neg::check::unit-mismatch"]);
    // The diagnostic's label spans the range; its help writes it the right way round.
    let text = sheet("x 50%..30%, y 50%");
    let err = Plan::from_text(Arc::new(MemoryWorld::new()), "t.neg", &text, ".")
        .err()
        .unwrap();
    let d = &err.to_json()[0];
    let label = &d.labels[0];
    assert_eq!(&text[label.offset..label.offset + label.length], "50%..30%");
    assert!(d.help.as_deref().unwrap().contains("`weight x 30%..50%`"));
}

#[test]
fn exports_and_contingent_robust_refuse_ranges() {
    let known = "party a { batna 0 }\nparty b { batna 0 }\nissue x : p | q\n\
                 prefs a { weight x 1..2\n x = { p: 1, q: 0 } }\nprefs b { x = { p: 0, q: 1 } }\n";
    let err = plan(known)
        .export_genius()
        .map(|_| ())
        .expect_err("refused");
    let codes: Vec<String> = err
        .to_json()
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    assert_eq!(codes, ["neg::export::ranges"]);
    let contingent = "party us { batna 0 }\nparty them\nevent rain : wet | dry\nissue fee : low | high\n\
                      contingent fee on rain\nprefs us { believe rain { wet: 50%, dry: 50% }\n fee = { low: 1, high: 0 } }\n\
                      prefs them as a { believe rain { wet: 50%, dry: 50% }\n weight fee 1..2\n fee = { low: 0, high: 5 }\n batna 1 }\n\
                      prefs them as b { believe rain { wet: 50%, dry: 50% }\n fee = { low: 0, high: 1 }\n batna 1 }\n";
    let p = plan(contingent);
    let err = p
        .run_command("robust for us")
        .map(|_| ())
        .expect_err("refused");
    assert!(format!("{err}").contains("contingent"), "{err}");
    // The rest runs: the evaluation of an offer still has its interval.
    assert!(p.run_command("probe them by us count 2").is_ok());
}

#[test]
fn fmt_keeps_a_range() {
    let text = "party a { batna 0 }\nparty b { batna 0 }\nissue x : p | q\nissue y : p | q\n\
                prefs a {\n    weight x 30%..50%, y 50%\n    x = { p: 1, q: 0 }\n    y = { p: 1, q: 0 }\n}\n\
                prefs b {\n    x = { p: 0, q: 1 }\n    y = { p: 0, q: 1 }\n}\n";
    let formatted = neg::fmt::format_source(text).expect("formats");
    assert!(
        formatted.contains("weight x 30%..50%, y 50%"),
        "{formatted}"
    );
}
