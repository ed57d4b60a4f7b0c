//! The public facade on the shipped examples: a plan's linear additive
//! description makes a plan with the same description and the same
//! bargaining packages, and what has no additive form is named.

use neg::host::FsWorld;
use neg::plan::{Plan, PlanError};
use std::sync::Arc;

fn examples() -> Vec<std::path::PathBuf> {
    let mut all: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "neg"))
        .collect();
    all.sort();
    all
}

fn package(plan: &Plan, command: &str) -> serde_json::Value {
    let step = plan.run_command(command).expect("the command runs");
    serde_json::to_value(step.report()).unwrap()["package"].clone()
}

#[test]
fn an_additive_description_makes_the_same_plan_again() {
    let mut expressible = 0;
    for path in examples() {
        let plan = Plan::load(Arc::new(FsWorld), &path).expect("the example checks");
        let Ok(description) = plan.additive("NegMAS") else {
            continue;
        };
        expressible += 1;
        let back = Plan::from_additive(Arc::new(FsWorld), &description, "NegMAS")
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            back.additive("NegMAS").unwrap(),
            description,
            "{}",
            path.display()
        );
        for command in ["nash", "kalai", "welfare"] {
            assert_eq!(
                package(&back, command),
                package(&plan, command),
                "{} {command}",
                path.display()
            );
        }
    }
    // job_offer, package_vs_sequential, riverside, sequential,
    // tech_transfer, used_car, venue.
    assert_eq!(expressible, 7);
}

#[test]
fn care_folds_into_the_tables() {
    let text = "party a { batna 0 care 0.5 for b }\nparty b { batna 0 }\nissue x : lo | hi\n\
                prefs a { x = { lo: 10, hi: 0 } }\nprefs b { x = { lo: 0, hi: 4 } }\n";
    let plan = Plan::from_text(Arc::new(FsWorld), "care.neg", text, ".").unwrap();
    let d = plan.additive("NegMAS").unwrap();
    // a: own 10 or 0, plus half of b's 0 or 4.
    assert_eq!(d.parties[0].values, vec![vec![10.0, 2.0]]);
    assert_eq!(d.parties[1].values, vec![vec![0.0, 4.0]]);
}

#[test]
fn a_description_that_is_no_plan_says_why() {
    let plan = Plan::load(Arc::new(FsWorld), "examples/tech_transfer.neg").unwrap();
    let mut d = plan.additive("NegMAS").unwrap();
    d.parties[1].values[0].pop();
    d.parties[0].batna = f64::NAN;
    let Err(PlanError::Input(problems)) = Plan::from_additive(Arc::new(FsWorld), &d, "NegMAS")
    else {
        panic!("refused");
    };
    assert_eq!(
        problems,
        [
            "party `components` has no finite BATNA",
            "party `devices` gives 8 points for issue `price`, which has 9 values"
        ]
    );
}
