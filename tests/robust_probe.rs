//! `robust for US` and `probe PARTY by US count K` (issue 21): a front and
//! a probe worked by hand, and both against brute force on random small
//! plans whose utilities the test computes itself from the tables it wrote.

#[path = "common/memory.rs"]
mod memory;

use memory::{codes, front, json, plan, same_front, staircase, table_lines, Rng};

/// The used car with the dealer's value of word of mouth unknown.
const CAR: &str = r#"
party buyer { batna 30 }
party dealer
issue price : $18k .. $23k step $500
issue pr : none | review | referral
prefs buyer {
    price = linear($18k -> 100, $23k -> 0)
    pr    = { none: 0, review: -5, referral: -10 }
}
prefs dealer as word_of_mouth 60% {
    price = linear($18k -> 0, $23k -> 100)
    pr    = { none: 0, review: 30, referral: 50 }
    batna 20
}
prefs dealer as price_only 40% {
    price = linear($18k -> 0, $23k -> 100)
    pr    = { none: 0, review: 5, referral: 10 }
    batna 40
}
offer haggle { price: $20.5k, pr: none }
offer referral { price: $19.5k, pr: referral }
"#;

/// The used car with one more line.
fn with(line: &str) -> String {
    format!("{CAR}{line}\n")
}

/// Two parties whose sheets are both known.
const KNOWN: &str = "party a { batna 0 }\nparty b\nissue x : p | q\nprefs a { x = { p: 1, q: 0 } }\nprefs b { x = { p: 0, q: 1 } }\n";

/// By hand, with d the dealer's price points (0, 10, …, 100) and the buyer
/// getting 100 − d plus its pr points: accepted under both hypotheses needs
/// d + pr_po ≥ 40, so at best d = 30 with the referral or d = 40 without:
/// 60 to the buyer. Under word of mouth alone (60%): d + pr_wom ≥ 20, so d
/// = 0 with a review: 95. Under neither: $18k and nothing, 100.
#[test]
fn the_used_car_front_by_hand() {
    let p = plan(CAR);
    let r = json(&p, "robust for buyer");
    assert_eq!(r["command"], "robust");
    assert_eq!(front(&r), vec![(60.0, 1.0), (95.0, 0.6), (100.0, 0.0)]);
    assert_eq!(r["points"][1]["package"]["pr"], "review");
    assert_eq!(
        r["points"][1]["accepted_by"]["dealer"],
        serde_json::json!(["word_of_mouth"])
    );
    // After the dealer picks the referral over the haggle, the middle
    // level is the posterior of word of mouth: 0.6·a / (0.6·a + 0.4·b) with
    // a = σ(6) (80 against 50 under it, T = 5) and b = σ(-2) (40 against
    // 50 under price only).
    let p = plan(&format!(
        "{CAR}observe dealer chose referral over haggle\nrobust for buyer\n"
    ));
    let steps = p.run();
    let r = serde_json::to_value(steps[1].report().unwrap()).unwrap();
    let (a, b) = (1.0 / (1.0 + (-6f64).exp()), 1.0 / (1.0 + 2f64.exp()));
    let wom = 0.6 * a / (0.6 * a + 0.4 * b);
    let got = front(&r);
    assert_eq!(got.len(), 3);
    assert!((got[1].1 - wom).abs() < 1e-12, "{got:?} vs {wom}");
}

/// At 60 to the buyer two packages are efficient under some hypothesis:
/// the referral at $19.5k (80 / 40 to the dealer) and nothing at $20k (40 /
/// 40). Under price only the dealer is indifferent (½ each); under word of
/// mouth it takes the referral with σ(8). The information is
/// H(choice) − H(choice | hypothesis).
#[test]
fn a_probe_of_the_used_car_by_hand() {
    let p = plan(CAR);
    let r = json(&p, "probe dealer by buyer count 2 at 60");
    assert_eq!(r["candidates"], 2);
    let s = 1.0 / (1.0 + (-8f64).exp());
    let h = |q: f64| -(q * q.log2() + (1.0 - q) * (1.0 - q).log2());
    let referral = 0.6 * s + 0.4 * 0.5;
    let bits = h(referral) - 0.6 * h(s) - 0.4 * 1.0;
    assert!(
        (r["information_bits"].as_f64().unwrap() - bits).abs() < 1e-9,
        "{r}"
    );
    let offers = r["offers"].as_array().unwrap();
    let likeliest: Vec<(&str, &str)> = offers
        .iter()
        .map(|o| {
            (
                o["package"]["pr"].as_str().unwrap(),
                o["likeliest"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        likeliest,
        vec![("referral", "word_of_mouth"), ("none", "price_only")]
    );
    assert!(offers.iter().all(|o| o["utilities"]["buyer"] == 60.0));
}

#[test]
fn robust_and_probe_refuse_what_they_cannot_weigh() {
    assert_eq!(
        codes(&with("robust for dealer")),
        ["neg::check::uncertain-proposer"]
    );
    assert_eq!(
        codes(&with("probe buyer by dealer count 2")),
        [
            "neg::check::no-hypotheses",
            "neg::check::uncertain-proposer"
        ]
    );
    assert_eq!(
        codes(&with("probe dealer by buyer count 1")),
        ["neg::check::probe-count"]
    );
    assert_eq!(
        codes(&with("probe dealer by buyer count 2 at $5k")),
        ["neg::check::unit-mismatch"]
    );
    assert_eq!(
        codes(&format!("{KNOWN}robust for a\n")),
        ["neg::check::no-hypotheses"]
    );
    // A hypothesis whose figures depend on another uncertain party's.
    let tangled = format!("{CAR}party broker {{ care 0.5 for dealer }}\nprefs broker as x {{ price = linear($18k -> 0, $23k -> 1) pr = {{ none: 0, review: 1, referral: 2 }} }}\nprefs broker as y {{ price = linear($18k -> 0, $23k -> 1) pr = {{ none: 2, review: 1, referral: 0 }} }}\n");
    let p = plan(&tangled);
    let e = p.run_command("robust for buyer").unwrap_err();
    assert!(
        e.to_string().contains("cares for a party with hypotheses"),
        "{e}"
    );
}

/// A random plan: `us` known, one or two uncertain parties with two or
/// three hypotheses each; every sheet a plain table (weight 1), so a
/// package's utility is the sum of its table entries.
struct Random {
    text: String,
    /// Options per issue.
    sizes: Vec<usize>,
    /// us: per issue, per option.
    us: Vec<Vec<f64>>,
    us_batna: f64,
    /// Per uncertain party, per hypothesis: (prior, batna, table).
    parties: Vec<Vec<Hypothesis>>,
}

/// `coarse`: our table takes the values 0, 5 and 10 only, so that many
/// packages are worth the same to us.
/// (prior, BATNA, per issue per option).
type Hypothesis = (f64, f64, Vec<Vec<f64>>);

fn random(rng: &mut Rng, coarse: bool) -> Random {
    let issues = 2 + rng.below(2) as usize;
    let sizes: Vec<usize> = (0..issues).map(|_| 2 + rng.below(3) as usize).collect();
    let table = |rng: &mut Rng| -> Vec<Vec<f64>> {
        sizes
            .iter()
            .map(|&n| (0..n).map(|_| rng.below(21) as f64).collect())
            .collect()
    };
    let us = match coarse {
        true => sizes
            .iter()
            .map(|&n| (0..n).map(|_| 5.0 * rng.below(3) as f64).collect())
            .collect(),
        false => table(rng),
    };
    let us_batna = rng.below(15) as f64;
    let parties: Vec<Vec<Hypothesis>> = (0..1 + rng.below(2))
        .map(|_| {
            let n = 2 + rng.below(2) as usize;
            let raw: Vec<u64> = (0..n).map(|_| 1 + rng.below(4)).collect();
            let total: u64 = raw.iter().sum();
            // Priors in whole percents that sum to 100.
            let mut priors: Vec<f64> = raw.iter().map(|r| (100 * r / total) as f64).collect();
            priors[0] += 100.0 - priors.iter().sum::<f64>();
            priors
                .into_iter()
                .map(|p| (p / 100.0, rng.below(40) as f64, table(rng)))
                .collect()
        })
        .collect();
    let sheet = table_lines;
    let mut text = format!("party us {{ batna {us_batna} }}\n");
    for (q, _) in parties.iter().enumerate() {
        text += &format!("party p{q}\n");
    }
    for (i, &n) in sizes.iter().enumerate() {
        let options: Vec<String> = (0..n).map(|o| format!("o{o}")).collect();
        text += &format!("issue i{i} : {}\n", options.join(" | "));
    }
    text += &format!("prefs us {{\n{}}}\n", sheet(&us));
    for (q, hyps) in parties.iter().enumerate() {
        for (h, (prior, batna, t)) in hyps.iter().enumerate() {
            text += &format!(
                "prefs p{q} as h{h} {}% {{\n{}  batna {batna}\n}}\n",
                prior * 100.0,
                sheet(t)
            );
        }
    }
    Random {
        text,
        sizes,
        us,
        us_batna,
        parties,
    }
}

impl Random {
    fn packages(&self) -> Vec<Vec<usize>> {
        let mut all = vec![vec![]];
        for &n in &self.sizes {
            all = all
                .into_iter()
                .flat_map(|p: Vec<usize>| (0..n).map(move |o| [p.clone(), vec![o]].concat()))
                .collect();
        }
        all
    }
    fn value(t: &[Vec<f64>], package: &[usize]) -> f64 {
        package.iter().enumerate().map(|(i, &o)| t[i][o]).sum()
    }
    fn acceptance(&self, package: &[usize]) -> f64 {
        self.parties
            .iter()
            .map(|hyps| {
                hyps.iter()
                    .filter(|(_, b, t)| Random::value(t, package) >= *b)
                    .map(|(p, _, _)| p)
                    .sum::<f64>()
            })
            .product::<f64>()
            // An empty sum is −0 in Rust: the sort below must see +0.
            + 0.0
    }
}

#[test]
fn robust_equals_brute_force_on_random_plans() {
    let mut rng = Rng(17);
    for round in 0..150 {
        let r = random(&mut rng, false);
        let p = plan(&r.text);
        // The staircase by brute force: for each acceptance level some
        // package reaches, the best utility for us at that level or above,
        // kept when it beats every higher level's.
        let scored: Vec<(f64, f64)> = r
            .packages()
            .iter()
            .map(|k| (Random::value(&r.us, k), r.acceptance(k)))
            .filter(|(u, _)| *u >= r.us_batna)
            .collect();
        let expected = staircase(scored);
        let report = json(&p, "robust for us");
        let got = front(&report);
        // Ties for us are settled in the others' favour: each point's
        // package is, among those worth as much to us that every hypothesis
        // accepting it accepts, one with the largest Σ p_h u_h.
        let kindness = |k: &[usize]| -> f64 {
            r.parties
                .iter()
                .flat_map(|hyps| hyps.iter().map(|(p, _, t)| p * Random::value(t, k)))
                .sum()
        };
        let accepts = |k: &[usize]| -> Vec<bool> {
            r.parties
                .iter()
                .flat_map(|hyps| hyps.iter().map(|(_, b, t)| Random::value(t, k) >= *b))
                .collect()
        };
        for point in report["points"].as_array().unwrap() {
            let package: Vec<usize> = (0..r.sizes.len())
                .map(|i| {
                    let o = point["package"][format!("i{i}")].as_str().unwrap();
                    o[1..].parse().unwrap()
                })
                .collect();
            let mine = Random::value(&r.us, &package);
            let accepted = accepts(&package);
            let best = r
                .packages()
                .iter()
                .filter(|k| Random::value(&r.us, k) >= mine - 1e-9)
                .filter(|k| {
                    accepts(k)
                        .iter()
                        .zip(&accepted)
                        .all(|(a, want)| *a || !want)
                })
                .map(|k| kindness(k))
                .fold(f64::NEG_INFINITY, f64::max);
            assert!(
                (kindness(&package) - best).abs() < 1e-9,
                "round {round}: {package:?} is worth {} to them, {best} is possible\n{}",
                kindness(&package),
                r.text
            );
        }
        same_front(&got, &expected, &format!("round {round}\n{}", r.text));
    }
}

/// The mutual information of a choice among offers, computed directly:
/// Σ_h Σ_k p_h P(k|h) log2(P(k|h) / P(k)), with the logit choice at T = 5.
fn bits(prior: &[f64], under: &[Vec<f64>]) -> f64 {
    let likely: Vec<Vec<f64>> = under
        .iter()
        .map(|u| {
            let z: f64 = u.iter().map(|x| (x / 5.0).exp()).sum();
            u.iter().map(|x| (x / 5.0).exp() / z).collect()
        })
        .collect();
    let offers = under[0].len();
    let marginal: Vec<f64> = (0..offers)
        .map(|k| prior.iter().zip(&likely).map(|(p, l)| p * l[k]).sum())
        .collect();
    let mut total = 0.0;
    for (p, l) in prior.iter().zip(&likely) {
        for k in 0..offers {
            total += p * l[k] * (l[k] / marginal[k]).log2();
        }
    }
    total
}

#[test]
fn probe_equals_brute_force_on_random_plans() {
    let mut rng = Rng(29);
    let mut informative = 0;
    for round in 0..120 {
        let mut r = random(&mut rng, true);
        // One uncertain party, so that its hypotheses are the combinations.
        r.parties.truncate(1);
        // Drop the second party's sheets (their bodies follow their heads).
        let mut text = String::new();
        let mut skipping = false;
        for line in r.text.lines() {
            if line.starts_with("party p1") {
                continue;
            }
            if line.starts_with("prefs p1") {
                skipping = true;
            }
            if !skipping {
                text += line;
                text += "\n";
            }
            if skipping && line == "}" {
                skipping = false;
            }
        }
        let count = 2 + rng.below(2) as usize;
        let level = Random::value(
            &r.us,
            &r.packages()[rng.below(r.packages().len() as u64) as usize],
        );
        let p = plan(&text);
        let got = json(&p, &format!("probe p0 by us count {count} at {level}"));
        let hyps = &r.parties[0];
        let prior: Vec<f64> = hyps.iter().map(|h| h.0).collect();
        let tolerance = got["tolerance"].as_f64().unwrap();
        // Brute-force candidates: worth the level ± tolerance to us and not
        // dominated (us and the party) under some hypothesis.
        let all = r.packages();
        let vector = |t: &[Vec<f64>], k: &[usize]| (Random::value(&r.us, k), Random::value(t, k));
        let dominated = |t: &[Vec<f64>], k: &[usize]| {
            let (a, b) = vector(t, k);
            all.iter().any(|j| {
                let (x, y) = vector(t, j);
                x >= a && y >= b && (x > a || y > b)
            })
        };
        let candidates: Vec<&Vec<usize>> = all
            .iter()
            .filter(|k| (Random::value(&r.us, k) - level).abs() <= tolerance + 1e-9)
            .filter(|k| hyps.iter().any(|(_, _, t)| !dominated(t, k)))
            .collect();
        assert_eq!(got["candidates"], candidates.len(), "round {round}\n{text}");
        let offers = got["offers"].as_array().unwrap();
        let chosen: Vec<Vec<usize>> = offers
            .iter()
            .map(|o| {
                (0..r.sizes.len())
                    .map(|i| {
                        o["package"][format!("i{i}")].as_str().unwrap()[1..]
                            .parse()
                            .unwrap()
                    })
                    .collect()
            })
            .collect();
        let under = |set: &[&Vec<usize>]| -> Vec<Vec<f64>> {
            hyps.iter()
                .map(|(_, _, t)| set.iter().map(|k| Random::value(t, k)).collect())
                .collect()
        };
        let reported = got["information_bits"].as_f64().unwrap();
        let direct = if chosen.len() < 2 {
            0.0
        } else {
            bits(&prior, &under(&chosen.iter().collect::<Vec<_>>()))
        };
        assert!(
            (reported - direct).abs() < 1e-9,
            "round {round}: {reported} vs {direct}\n{text}"
        );
        assert_eq!(chosen.len(), count.min(candidates.len()));
        // No other set of as many candidates reveals more.
        if candidates.len() > count && got["exact"] == true {
            let mut set: Vec<usize> = (0..count).collect();
            loop {
                let picked: Vec<&Vec<usize>> = set.iter().map(|&i| candidates[i]).collect();
                let x = bits(&prior, &under(&picked));
                assert!(
                    x <= reported + 1e-9,
                    "round {round}: a set with {x} bits beats {reported}\n{text}"
                );
                let Some(i) = (0..count)
                    .rev()
                    .find(|&i| set[i] < candidates.len() - count + i)
                else {
                    break;
                };
                set[i] += 1;
                for j in i + 1..count {
                    set[j] = set[j - 1] + 1;
                }
            }
        }
        if reported > 0.01 {
            informative += 1;
        }
    }
    // The random plans are not all degenerate.
    assert!(informative > 30, "only {informative} informative probes");
}

/// `acceptance(O)` and `belief(P, H)` in asserts: the numbers of the whole
/// plan at that point, and clear errors where they mean nothing.
#[test]
fn asserts_read_acceptance_and_beliefs() {
    // haggle ($20.5k, nothing): 50 under both, BATNAs 20 and 40: 100%.
    // A review at $18k: 30 ≥ 20 under word of mouth, 5 < 40 under price only.
    let text = format!(
        "{CAR}offer bold {{ price: $18k, pr: review }}\nassert acceptance(haggle) == 100%\nassert acceptance(bold) == 60%\nassert belief(dealer, price_only) == 40%\nassert acceptance(bold) > 60%\n"
    );
    let steps = plan(&text).run();
    let failed: Vec<bool> = steps.iter().map(|s| s.is_failure()).collect();
    assert_eq!(failed, vec![false, false, false, true]);
    assert_eq!(
        codes(&with("assert belief(dealer, cash_only) > 0")),
        ["neg::check::unknown-name"]
    );
    assert_eq!(
        codes(&with("assert acceptance(nash) > 0")),
        ["neg::check::argument"]
    );
    assert_eq!(
        codes(&with("assert acceptance(haggle, referral) > 0")),
        ["neg::check::arity"]
    );
    let known = format!("{KNOWN}offer o {{ x: p }}\nassert acceptance(o) == 1\n");
    assert_eq!(codes(&known), ["neg::check::no-hypotheses"]);
}

/// An offer written out in an `observe` weighs exactly as the same package
/// declared, and is checked as an offer.
#[test]
fn observe_takes_offers_written_out() {
    let named = plan(&format!("{CAR}observe dealer chose referral over haggle\n")).run();
    let inline = plan(&format!(
        "{CAR}observe dealer chose {{ price: $19.5k, pr: referral }} over haggle\n"
    ))
    .run();
    let probabilities = |steps: &[neg::Step]| {
        serde_json::to_value(steps[0].report().unwrap()).unwrap()["probabilities"].clone()
    };
    assert_eq!(probabilities(&named), probabilities(&inline));
    let observed = serde_json::to_value(inline[0].report().unwrap()).unwrap();
    assert_eq!(
        observed["observation"],
        "chose { price $19.5k · pr referral } over haggle"
    );
    assert_eq!(
        codes(&with("observe dealer accepted { price: $18k }")),
        ["neg::check::offer-incomplete"]
    );
    assert_eq!(
        codes(&with("observe dealer accepted { price: $18k, pr: maybe }")),
        ["neg::check::unknown-option"]
    );
}
