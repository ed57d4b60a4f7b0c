//! `simulate`: two linear conceders on a symmetric price worked by hand,
//! hard heads that never agree, no agent of any kind ever below its BATNA
//! on random plans (with and without hypotheses), seeds, and bad input.

#[path = "common/memory.rs"]
mod memory;

use memory::{codes, json, plan, table_lines, Rng};

/// One issue, price 0, 10, …, 100: a gets 100 − price, b gets price.
const PRICE: &str = "party a { batna 0 }\nparty b { batna 0 }\nissue price : 0 .. 100 step 10\n\
                     prefs a { price = linear(0 -> 100, 100 -> 0) }\nprefs b { price = linear(0 -> 0, 100 -> 100) }\n";

/// By hand (docs/simulation.md): 10 rounds, t = (r − 1)/9, both ask
/// 100·(1 − t) = 100, 88.9, 77.8, 66.7, 55.6, 44.4. The proposer offers
/// the least it values above its target (100, 90, 80, 70, 60, 50 to
/// itself); the other accepts once what is left reaches its own target:
/// round 6, b proposing price 50, which a values 50 ≥ 44.4.
#[test]
fn two_linear_conceders_agree_in_the_middle_by_hand() {
    let r = json(&plan(PRICE), "simulate a: linear, b: linear rounds 10");
    assert_eq!(r["command"], "simulate");
    assert_eq!(r["players"]["a"], "linear");
    assert_eq!(r["agreement"]["round"], 6);
    assert_eq!(r["agreement"]["package"]["price"], 50.0);
    assert_eq!(r["agreement"]["utilities"]["a"], 50.0);
    assert_eq!(r["agreement_rate"], 1.0);
    assert_eq!(r["mean_rounds"], 6.0);
    // Every package gives a joint gain of 100: the outcome is efficient,
    // and it is the Nash package itself.
    assert_eq!(r["welfare_share"], 1.0);
    assert_eq!(r["mean_pareto_distance"], 0.0);
    assert_eq!(r["mean_nash_distance"], 0.0);
    let prices: Vec<f64> = r["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["package"]["price"].as_f64().unwrap())
        .collect();
    assert_eq!(prices, [0.0, 90.0, 20.0, 70.0, 40.0, 50.0]);
    assert_eq!(r["trace"][4]["response"], "rejected by b");
    assert_eq!(r["trace"][5]["proposer"], "b");
}

#[test]
fn hard_heads_never_agree() {
    let r = json(
        &plan(PRICE),
        "simulate a: hardheaded, b: hardheaded rounds 20",
    );
    assert_eq!(r["agreement"], serde_json::Value::Null);
    assert_eq!(r["agreement_rate"], 0.0);
    assert_eq!(r["mean_rounds"], 20.0);
    assert_eq!(r["mean_utilities"]["a"], 0.0);
    assert_eq!(r["welfare_share"], 0.0);
    // The BATNA point (0, 0) is 50·√2 from the nearest efficient point.
    let d = r["mean_pareto_distance"].as_f64().unwrap();
    assert!((d - 50.0 * 2f64.sqrt()).abs() < 1e-9, "{d}");
}

/// On random plans and every pair of agents, no agent proposes or accepts
/// a package below its BATNA, an agreement is accepted by everyone, and a
/// run without one lasts to the deadline or ends when a proposer has
/// nothing worth its BATNA.
#[test]
fn no_agent_goes_below_its_batna_on_random_plans() {
    let agents = [
        "boulware",
        "linear",
        "conceder",
        "hardheaded",
        "random",
        "tit_for_tat",
        "absolute_tit_for_tat",
        "frequency",
        "bayesian",
        "meso(k=3)",
    ];
    let mut rng = Rng(41);
    for round in 0..24 {
        let issues = 1 + rng.below(3) as usize;
        let sizes: Vec<usize> = (0..issues).map(|_| 2 + rng.below(4) as usize).collect();
        let table = |rng: &mut Rng| -> Vec<Vec<f64>> {
            sizes
                .iter()
                .map(|&n| (0..n).map(|_| rng.below(21) as f64 - 5.0).collect())
                .collect()
        };
        let (ta, tb) = (table(&mut rng), table(&mut rng));
        let (ba, bb) = (rng.below(20) as f64, rng.below(20) as f64);
        // Every other plan: two hypotheses about b, for the learners.
        let uncertain = round % 2 == 1;
        let (tb2, bb2) = (table(&mut rng), rng.below(20) as f64);
        let mut text = match uncertain {
            false => format!("party a {{ batna {ba} }}\nparty b {{ batna {bb} }}\n"),
            true => format!("party a {{ batna {ba} }}\nparty b\n"),
        };
        for (i, &n) in sizes.iter().enumerate() {
            let options: Vec<String> = (0..n).map(|o| format!("o{o}")).collect();
            text += &format!("issue i{i} : {}\n", options.join(" | "));
        }
        text += &format!("prefs a {{\n{}}}\n", table_lines(&ta));
        text += &match uncertain {
            false => format!("prefs b {{\n{}}}\n", table_lines(&tb)),
            true => format!(
                "prefs b as one 30% {{\n{} batna {bb}\n}}\nprefs b as two 70% {{\n{} batna {bb2}\n}}\n",
                table_lines(&tb),
                table_lines(&tb2)
            ),
        };
        let p = plan(&text);
        for x in agents {
            for y in agents {
                let rounds = 1 + rng.below(30);
                let seed = rng.below(1000);
                let command = format!("simulate a: {x}, b: {y} rounds {rounds} seed {seed}");
                let r = json(&p, &command);
                let context = format!("round {round}: {command}\n{text}");
                let b_batna = if r["played"]["b"] == "two" { bb2 } else { bb };
                let batna = |party: &str| if party == "a" { ba } else { b_batna };
                let trace = r["trace"].as_array().unwrap();
                for t in trace {
                    let proposer = t["proposer"].as_str().unwrap();
                    if t["package"].is_null() {
                        assert!(
                            t["response"].as_str().unwrap().starts_with("ended"),
                            "{context}"
                        );
                        continue;
                    }
                    let own = t["utilities"][proposer].as_f64().unwrap();
                    assert!(
                        own >= batna(proposer) - 1e-9,
                        "{context}: offered below its BATNA"
                    );
                    if t["response"] == "accepted" {
                        for party in ["a", "b"] {
                            let u = t["utilities"][party].as_f64().unwrap();
                            assert!(
                                u >= batna(party) - 1e-9,
                                "{context}: {party} accepted below its BATNA"
                            );
                        }
                    }
                }
                let last = trace.last().unwrap();
                match r["agreement"].is_null() {
                    false => assert_eq!(last["response"], "accepted", "{context}"),
                    true => assert!(
                        trace.len() as u64 == rounds || last["package"].is_null(),
                        "{context}"
                    ),
                }
            }
        }
    }
}

/// Random agents: the same seed gives the same runs, another seed other
/// runs; over many runs the means are those of the protocol worked out by
/// hand (a random proposer draws any of the 11 prices, a random responder
/// accepts with probability ½: agreement in 2 rounds on average, and by
/// symmetry each side gets 50 on average).
#[test]
fn random_agents_follow_their_seed_and_average_as_worked_out() {
    let p = plan(PRICE);
    let one = |seed: u64| {
        json(
            &p,
            &format!("simulate a: random, b: linear rounds 20 seed {seed}"),
        )
    };
    assert_eq!(one(7), one(7));
    let traces: Vec<serde_json::Value> = (1..=8).map(|s| one(s)["trace"].clone()).collect();
    assert!(
        traces.iter().any(|t| *t != traces[0]),
        "eight seeds, one trace"
    );
    let many = json(&p, "simulate a: random, b: random repeat 4000 seed 3");
    assert_eq!(many["runs"], 4000);
    assert!(
        many.get("trace").is_none() && many.get("agreement").is_none(),
        "{many}"
    );
    let rounds = many["mean_rounds"].as_f64().unwrap();
    assert!((rounds - 2.0).abs() < 0.1, "{rounds}");
    for party in ["a", "b"] {
        let u = many["mean_utilities"][party].as_f64().unwrap();
        assert!((u - 50.0).abs() < 2.5, "{party}: {u}");
    }
    assert_eq!(many["agreement_rate"], 1.0);
    assert_eq!(
        many,
        json(&p, "simulate a: random, b: random repeat 4000 seed 3")
    );
}

#[test]
fn what_does_not_run_yet_and_bad_input_are_diagnosed() {
    let with = |line: &str| format!("{PRICE}{line}\n");
    assert_eq!(
        codes(&with("simulate a: linear, b: linear rounds 0")),
        ["neg::check::whole-number"]
    );
    assert_eq!(
        codes(&with("simulate a: linear, b: linear rounds 1000000")),
        ["neg::check::argument"]
    );
    assert_eq!(
        codes(&with("simulate a: linear, b: lineer")),
        ["neg::check::unknown-name"]
    );
    assert_eq!(
        codes(&with("simulate a: linear")),
        ["neg::check::simulate-players"]
    );
    assert_eq!(
        codes(&with("simulate a: linear, b: linear repeat 0")),
        ["neg::check::whole-number"]
    );
    // Within each cap, but too much work together.
    assert_eq!(
        codes(&with(
            "simulate a: random, b: linear rounds 100000 repeat 10000"
        )),
        ["neg::check::argument"]
    );
    assert_eq!(
        codes(&with("simulate a: linear, b: linear seed -1")),
        ["neg::check::whole-number"]
    );
    assert_eq!(
        codes(&with("simulate a: linear, b: linear repeat 2000000")),
        ["neg::check::argument"]
    );
    let three = format!(
        "{PRICE}party c {{ batna 0 }}\nprefs c {{ price = 1 }}\nsimulate a: linear, b: linear\n"
    );
    assert_eq!(codes(&three), ["neg::check::simulate-players"]);
    // Strategies: unknown names, parameters out of range or unknown.
    assert_eq!(
        codes(&with("simulate a: boulwar, b: linear")),
        ["neg::check::unknown-name"]
    );
    assert_eq!(
        codes(&with("simulate a: boulware(e=0), b: linear")),
        ["neg::check::argument"]
    );
    assert_eq!(
        codes(&with("simulate a: meso(k=2.5), b: linear")),
        ["neg::check::argument"]
    );
    assert_eq!(
        codes(&with("simulate a: meso(z=2), b: linear(e=1, e=2)")),
        ["neg::check::argument", "neg::check::duplicate"]
    );
    assert_eq!(
        codes(&with("simulate a as x: linear, b: linear")),
        ["neg::check::unknown-name"]
    );
}

/// With hypotheses about a party, `as` picks the sheet its agent plays;
/// without it, each run draws one from the beliefs.
#[test]
fn a_simulation_plays_a_hypothesis_or_draws_one() {
    let text = "party a { batna 0 }\nparty b\nissue price : 0 .. 100 step 10\n\
                prefs a { price = linear(0 -> 100, 100 -> 0) }\n\
                prefs b as eager 50% { price = linear(0 -> 0, 100 -> 100)\n batna 0 }\n\
                prefs b as firm 50% { price = linear(0 -> 0, 100 -> 100)\n batna 70 }\n";
    let p = plan(text);
    let eager = json(&p, "simulate a: linear, b as eager: linear rounds 10");
    assert_eq!(eager["command"], "simulate");
    assert_eq!(eager["played"]["b"], "eager");
    assert_eq!(eager["agreement"]["package"]["price"], 50.0);
    // Firm: b's BATNA is 70, so no agreement gives it less: price 70 or more.
    let firm = json(&p, "simulate a: linear, b as firm: linear rounds 10");
    let price = firm["agreement"]["package"]["price"].as_f64().unwrap();
    assert!(price >= 70.0, "{firm}");
    let a_firm = firm["agreement"]["utilities"]["a"].as_f64().unwrap();
    // Drawn: half the runs each way, so a's mean is halfway, within three
    // standard errors of the share drawn (√(¼/4000) ≈ 0.0079).
    let drawn = json(&p, "simulate a: linear, b: linear rounds 10 repeat 4000");
    let mean = drawn["mean_utilities"]["a"].as_f64().unwrap();
    let halfway = (50.0 + a_firm) / 2.0;
    assert!(
        (mean - halfway).abs() <= 3.0 * 0.0079 * (50.0 - a_firm),
        "{mean} vs {halfway}"
    );
}
