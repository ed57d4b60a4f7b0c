//! The agents of issue 22 beyond the first step: learners whose belief in
//! the true hypothesis rises and who reach more joint gain than boulware,
//! hook strategies that restate the built-ins exactly (and whose failures
//! end a run, not the process), discounting and the sequential protocol
//! worked by hand, results independent of the thread count, and
//! tournaments that agree with the simulations they are made of.

#[path = "common/memory.rs"]
mod memory;

use memory::{json, plan};
use serde_json::Value;

/// Three issues; we care most for `a`; the other side for `b` or for `c`
/// (two hypotheses), so the package that gives it its issue and us ours is
/// the logroll a learner can find and boulware cannot.
const LEARN: &str = "party us { batna 0 }\nparty them\n\
    issue a : a0 | a1 | a2 | a3 | a4\nissue b : b0 | b1 | b2 | b3 | b4\nissue c : c0 | c1 | c2 | c3 | c4\n\
    prefs us { weight a 3, b 1, c 1\n a = { a0: 0, a1: 25, a2: 50, a3: 75, a4: 100 }\n b = { b0: 0, b1: 25, b2: 50, b3: 75, b4: 100 }\n c = { c0: 0, c1: 25, c2: 50, c3: 75, c4: 100 } }\n\
    prefs them as likes_b 50% { weight a 1, b 3, c 1\n a = { a0: 100, a1: 75, a2: 50, a3: 25, a4: 0 }\n b = { b0: 100, b1: 75, b2: 50, b3: 25, b4: 0 }\n c = { c0: 100, c1: 75, c2: 50, c3: 25, c4: 0 }\n batna 0 }\n\
    prefs them as likes_c 50% { weight a 1, b 1, c 3\n a = { a0: 100, a1: 75, a2: 50, a3: 25, a4: 0 }\n b = { b0: 100, b1: 75, b2: 50, b3: 25, b4: 0 }\n c = { c0: 100, c1: 75, c2: 50, c3: 25, c4: 0 }\n batna 0 }\n";

/// The learner's belief in `hypothesis` after each round of a traced run.
fn beliefs(r: &Value, hypothesis: &str) -> Vec<f64> {
    r["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let b = t["beliefs"]
                .as_array()
                .expect("a learner's beliefs each round");
            b[0]["probabilities"][hypothesis].as_f64().unwrap()
        })
        .collect()
}

#[test]
fn the_learners_belief_in_the_true_hypothesis_rises() {
    let p = plan(LEARN);
    for learner in ["bayesian", "meso"] {
        for (truth, other) in [("likes_b", "likes_c"), ("likes_c", "likes_b")] {
            let r = json(
                &p,
                &format!("simulate us: {learner}, them as {truth}: linear rounds 40"),
            );
            let seen = beliefs(&r, truth);
            let (first, last) = (seen[0], *seen.last().unwrap());
            assert_eq!(
                first, 0.5,
                "{learner}: nothing learned before the other side offers"
            );
            assert!(last > 0.99, "{learner} playing against {truth}: {seen:?}");
            assert!(beliefs(&r, other).last().unwrap() < &0.01);
            // Never back down once the evidence is in.
            assert!(
                seen.windows(2).all(|w| w[1] >= w[0] - 1e-12),
                "{learner}: {seen:?}"
            );
        }
    }
}

/// Over the same opponents (the hypothesis drawn run by run, seeded), the
/// learners find more of the joint gain than boulware: boulware offers the
/// package it values least at its target, whatever the other side wants.
#[test]
fn learners_reach_more_joint_gain_than_boulware() {
    let p = plan(LEARN);
    let opponents = ["boulware", "linear", "conceder", "random"];
    let mean_share = |us: &str| -> f64 {
        let shares: Vec<f64> = opponents
            .iter()
            .map(|them| {
                json(
                    &p,
                    &format!("simulate us: {us}, them: {them} repeat 300 seed 11"),
                )["welfare_share"]
                    .as_f64()
                    .unwrap()
            })
            .collect();
        shares.iter().sum::<f64>() / shares.len() as f64
    };
    let boulware = mean_share("boulware");
    for learner in ["bayesian", "meso"] {
        let share = mean_share(learner);
        assert!(
            share >= boulware + 0.10,
            "{learner}: {share} against boulware's {boulware}"
        );
    }
}

/// `std/strategies` writes the time-dependent agents as hooks; each plays
/// exactly the built-in's trace, against every kind of opponent.
#[test]
fn a_hook_strategy_restating_boulware_plays_the_built_in_trace() {
    let text = format!(
        "{LEARN}hook \"std/strategies\"\nstrategy hook_boulware = hook boulware\n\
         strategy hook_linear = hook linear\nstrategy hook_conceder = hook conceder\n"
    );
    let p = plan(&text);
    for name in ["boulware", "linear", "conceder"] {
        for them in ["boulware", "conceder", "random", "tit_for_tat"] {
            for truth in ["likes_b", "likes_c"] {
                let line = |us: &str| {
                    format!("simulate us: {us}, them as {truth}: {them} rounds 60 seed 5")
                };
                let mut hooked = json(&p, &line(&format!("hook_{name}")));
                let built_in = json(&p, &line(name));
                // A hook also sees Bayesian beliefs (the built-in keeps none):
                // what it knows, not what it does.
                for t in hooked["trace"].as_array_mut().unwrap() {
                    t.as_object_mut().unwrap().remove("beliefs");
                }
                assert_eq!(hooked["trace"], built_in["trace"], "{name} against {them}");
                assert_eq!(hooked["agreement"], built_in["agreement"]);
                assert!(hooked.get("failure").is_none(), "{hooked}");
            }
        }
    }
}

/// A hook that answers nonsense, or runs away, ends its run with a message
/// (counted in the report); the command and the process go on.
#[test]
fn a_failing_hook_strategy_ends_its_run_not_the_process() {
    let text = format!(
        "{}hook rhai {{\n fn nonsense(state) {{ 42 }}\n fn runaway(state) {{ let x = 0; loop {{ x += 1; }} }}\n \
         fn missing(state) {{ #{{ offer: 1000000 }} }}\n fn below(state) {{ if state.to_answer == () {{ #{{ offer: 0 }} }} else {{ #{{ accept: true }} }} }}\n}}\n\
         strategy nonsense = hook nonsense\nstrategy runaway = hook runaway\nstrategy missing = hook missing\nstrategy below = hook below\n",
        LEARN.replace("party us { batna 0 }", "party us { batna 10 }")
    );
    let p = plan(&text);
    for (name, says) in [
        ("nonsense", "not a map"),
        ("runaway", "operations"),
        ("missing", "does not exist"),
        ("below", "below its BATNA"),
    ] {
        let r = json(&p, &format!("simulate us: {name}, them: linear repeat 3"));
        assert_eq!(r["failures"], 3, "{name}: {r}");
        let failure = r["failure"].as_str().unwrap();
        assert!(failure.contains(says), "{name}: {failure}");
        assert_eq!(r["agreement_rate"], 0.0);
    }
}

/// The same seed gives the same runs on one thread and on two.
#[test]
fn results_do_not_depend_on_the_thread_count() {
    let p = plan(LEARN);
    let run = |threads: usize| -> Vec<Value> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            [
                "simulate us: random, them: meso repeat 500 seed 9",
                "simulate us: random, them: bayesian seed 4",
            ]
            .iter()
            .map(|line| json(&p, line))
            .chain(std::iter::once(json(
                &p,
                "tournament random, boulware, meso repeat 20 seed 3",
            )))
            .collect()
        })
    };
    assert_eq!(run(1), run(2));
}

/// One issue, price 0, 10, …, 100: a gets 100 − price, b gets price.
const PRICE: &str = "party a { batna 0 }\nparty b { batna 0 }\nissue price : 0 .. 100 step 10\n\
                     prefs a { price = linear(0 -> 100, 100 -> 0) }\nprefs b { price = linear(0 -> 0, 100 -> 100) }\n";

/// Two linear agents agree on price 50 in round 6 of 10 (tests/simulate.rs
/// works it by hand), at t = 5/9; a discounts by 0.5 per unit of time: it
/// gets 50 · 0.5^(5/9). Without agreement it would get its BATNA, 0.
#[test]
fn a_discount_factor_shrinks_utilities_by_the_time_of_agreement() {
    let text = PRICE.replace("party a { batna 0 }", "party a { batna 0 discount 0.5 }");
    let r = json(&plan(&text), "simulate a: linear, b: linear rounds 10");
    assert_eq!(r["agreement"]["round"], 6);
    let a = r["mean_utilities"]["a"].as_f64().unwrap();
    assert!((a - 50.0 * 0.5f64.powf(5.0 / 9.0)).abs() < 1e-9, "{a}");
    assert_eq!(r["mean_utilities"]["b"], 50.0);
}

/// With one issue, settling issue by issue is the package protocol.
#[test]
fn with_one_issue_sequential_is_the_package_protocol() {
    let p = plan(PRICE);
    for pair in [
        "linear, b: linear",
        "boulware, b: conceder",
        "tit_for_tat, b: linear",
    ] {
        let package = json(&p, &format!("simulate a: {pair} rounds 20"));
        let sequential = json(
            &p,
            &format!("simulate a: {pair} rounds 20 agreement sequential"),
        );
        assert_eq!(package["agreement"], sequential["agreement"], "{pair}");
        assert_eq!(sequential["protocol"], "sequential");
        assert_eq!(sequential["trace"][0]["settling"], "price = 0");
    }
}

/// Two issues settled in turn, by hand. Price 0/50/100 (a: 100 − price,
/// b: price) and term short/long (a: 0/20, b: 20/0); 8 rounds, 4 per
/// issue, two linear agents. An option is worth the best package still
/// open with it. Price stage (t = 0, ⅓, ⅔, 1; targets 120·(1 − t) for
/// both: 120, 80, 40, 0): a's options 120/70/20, b's 20/70/120. Round 1 a
/// offers price 0 (120), b has 20 < 120: no. Round 2 b asks 80, offers
/// price 100 (120 to it); a has 20 < 80: no. Round 3 a asks 40, offers
/// the least it values at 40 or more: price 50 (70); b has 70 ≥ 40: yes.
/// Term stage (price 50 fixed; a: short 50, long 70; b: short 70, long
/// 50; each asks 70·(1 − t) from 70): round 4 a offers long (70), b has 50
/// < 70; round 5 b asks 46.7 and offers the option it values least at
/// that or more, long (50); a has 70 ≥ 46.7: yes. Agreement: price 50,
/// term long, in round 5 of the whole.
#[test]
fn two_issues_settled_in_turn_by_hand() {
    let text = "party a { batna 0 }\nparty b { batna 0 }\nissue price : 0 .. 100 step 50\nissue term : short | long\n\
                prefs a { price = linear(0 -> 100, 100 -> 0)\n term = { short: 0, long: 20 } }\n\
                prefs b { price = linear(0 -> 0, 100 -> 100)\n term = { short: 20, long: 0 } }\n";
    let r = json(
        &plan(text),
        "simulate a: linear, b: linear rounds 8 agreement sequential",
    );
    let settling: Vec<&str> = r["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["settling"].as_str().unwrap())
        .collect();
    assert_eq!(
        settling,
        [
            "price = 0",
            "price = 100",
            "price = 50",
            "term = long",
            "term = long"
        ]
    );
    assert_eq!(r["agreement"]["round"], 5);
    assert_eq!(r["agreement"]["package"]["price"], 50.0);
    assert_eq!(r["agreement"]["package"]["term"], "long");
}

/// A tournament's row is the mean over the simulations it is made of: a
/// playing boulware meets boulware and linear, `repeat` runs each, with
/// the same seed.
#[test]
fn a_tournament_row_is_the_mean_of_its_simulations() {
    let p = plan(LEARN);
    let t = json(&p, "tournament boulware, random repeat 40 seed 2");
    let row = t["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["strategy"] == "boulware" && r["role"] == "us")
        .unwrap()
        .clone();
    let mean = |them: &str| {
        json(
            &p,
            &format!("simulate us: boulware, them: {them} repeat 40 seed 2"),
        )["mean_utilities"]["us"]
            .as_f64()
            .unwrap()
    };
    let expected = (mean("boulware") + mean("random")) / 2.0;
    assert!(
        (row["mean_utility"].as_f64().unwrap() - expected).abs() < 1e-6,
        "{row} vs {expected}"
    );
    assert_eq!(row["runs"], 80);
    assert_eq!(t["runs"], 160);
}
