//! Plans held in memory, for the tests of hypotheses, robust and probe, and
//! weight ranges: load one, run a command for its JSON, list its error codes;
//! and a random generator the tests own.

#![allow(dead_code)] // each test file uses some of these

use neg::world::MemoryWorld;
use neg::Plan;
use serde_json::Value;
use std::sync::Arc;

/// The plan of `text`, which must check clean.
pub fn plan(text: &str) -> Plan {
    match Plan::from_text(Arc::new(MemoryWorld::new()), "t.neg", text, ".") {
        Ok(p) => p,
        Err(e) => panic!("expected a clean plan, got {:#?}\n{text}", e.to_json()),
    }
}

/// The JSON report of one command run on `plan`.
pub fn json(plan: &Plan, command: &str) -> Value {
    let step = plan
        .run_command(command)
        .unwrap_or_else(|e| panic!("{command}: {e}"));
    serde_json::to_value(step.report().expect("a report")).unwrap()
}

/// The codes and messages of a plan's errors (warnings left out).
pub fn errors(text: &str) -> Vec<(String, String)> {
    match Plan::from_text(Arc::new(MemoryWorld::new()), "t.neg", text, ".") {
        Ok(_) => vec![],
        Err(e) => e
            .to_json()
            .into_iter()
            .filter(|d| matches!(d.severity, neg::diagnostics::Severity::Error))
            .map(|d| (d.code.as_str().to_string(), d.message))
            .collect(),
    }
}

/// The codes of every diagnostic of a plan that does not check clean.
pub fn codes(text: &str) -> Vec<String> {
    match Plan::from_text(Arc::new(MemoryWorld::new()), "t.neg", text, ".") {
        Ok(_) => vec![],
        Err(e) => e
            .to_json()
            .into_iter()
            .map(|d| d.code.as_str().to_string())
            .collect(),
    }
}

/// A random generator the tests own (no dependency, reproducible).
pub struct Rng(pub u64);

impl Rng {
    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A score sheet's value lines for tables `t[issue][option]` over issues
/// `i0, i1, …` with options `o0, o1, …`.
pub fn table_lines(t: &[Vec<f64>]) -> String {
    t.iter()
        .enumerate()
        .map(|(i, row)| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(o, v)| format!("o{o}: {v}"))
                .collect();
            format!("  i{i} = {{ {} }}\n", cells.join(", "))
        })
        .collect()
}

/// The robust staircase by brute force from every package's (our utility,
/// acceptance): for each acceptance some package reaches, the best utility
/// at that level, kept when it beats every higher level's.
pub fn staircase(mut scored: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.total_cmp(&a.0)));
    let mut expected: Vec<(f64, f64)> = vec![];
    for (u, a) in scored {
        if expected.last().is_none_or(|(best, _)| u > *best + 1e-9) {
            expected.push((u, a));
        }
    }
    expected
}

/// A `robust` report's (utility, acceptance) points.
pub fn front(report: &Value) -> Vec<(f64, f64)> {
    report["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["utility"].as_f64().unwrap(),
                p["acceptance"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// Asserts that two fronts are the same, point for point.
pub fn same_front(got: &[(f64, f64)], expected: &[(f64, f64)], context: &str) {
    assert_eq!(
        got.len(),
        expected.len(),
        "{context}: {got:?} vs {expected:?}"
    );
    for (g, e) in got.iter().zip(expected) {
        assert!(
            (g.0 - e.0).abs() < 1e-9 && (g.1 - e.1).abs() < 1e-9,
            "{context}: {got:?} vs {expected:?}"
        );
    }
}
