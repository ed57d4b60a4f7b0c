//! Rhai hooks against tables: a per-option hook scenario against the same
//! scenario written as tables, and a whole-package `utility` hook over 10^6
//! packages.
//!
//! Run with `cargo bench --bench hooks`. Prints medians of 5 in-process runs
//! (check + frontier + Nash + welfare) and the hook calls per second of the
//! tabulation.

mod common;

use common::{analyse, Rng};
use std::fmt::Write;
use std::time::Duration;

/// Two parties, `issues` issues of 10 options with random points; each
/// value line a table, or a hook that looks the same points up.
fn scenario(issues: usize, hooks: bool) -> String {
    let mut r = Rng(42);
    let mut s = String::from("party p0 { batna 0 }\nparty p1 { batna 0 }\n");
    let options: Vec<String> = (0..10).map(|o| format!("o{o}")).collect();
    for i in 0..issues {
        let _ = writeln!(s, "issue i{i} : {}", options.join(" | "));
    }
    let mut code = String::new();
    for p in 0..2 {
        let _ = writeln!(s, "prefs p{p} {{");
        for i in 0..issues {
            let points: Vec<u64> = (0..10).map(|_| r.below(101)).collect();
            if hooks {
                let arms: Vec<String> = points
                    .iter()
                    .enumerate()
                    .map(|(o, v)| format!("\"o{o}\" => {v}"))
                    .collect();
                let _ = writeln!(
                    code,
                    "fn v{p}_{i}(x) {{ switch x {{ {}, _ => 0 }} }}",
                    arms.join(", ")
                );
                let _ = writeln!(s, "    i{i} = hook v{p}_{i}");
            } else {
                let entries: Vec<String> = points
                    .iter()
                    .enumerate()
                    .map(|(o, v)| format!("o{o}: {v}"))
                    .collect();
                let _ = writeln!(s, "    i{i} = {{ {} }}", entries.join(", "));
            }
        }
        s.push_str("}\n");
    }
    if hooks {
        let _ = writeln!(s, "hook rhai {{\n{code}}}");
    }
    s
}

/// Six issues of 10 options; p0's utility is one hook over all of them.
fn utility_scenario() -> String {
    let mut s = String::from("party p0 { batna 0 }\nparty p1 { batna 0 }\n");
    for i in 0..6 {
        let _ = writeln!(s, "issue i{i} : 0 .. 9 step 1");
    }
    s.push_str(
        "hook rhai {\n    fn whole(p) {\n        let core = p.i0 * 3.0 + p.i1 * 2.0 + p.i2;\n        \
         let bonus = if p.i3 >= 5.0 && p.i4 >= 5.0 { 10.0 } else { 0.0 };\n        \
         core + bonus - (p.i5 - 4.0) * (p.i5 - 4.0)\n    }\n}\n",
    );
    s.push_str("prefs p0 { utility = hook whole }\nprefs p1 {\n");
    for i in 0..6 {
        let _ = writeln!(s, "    i{i} = linear(0 -> {}, 9 -> 0)", 5 + 3 * i);
    }
    s.push_str("}\n");
    s
}

/// Median of 5 runs of check + frontier + Nash + welfare; the check alone too.
fn median(text: &str) -> (Duration, Duration, usize) {
    let mut runs: Vec<(Duration, Duration, usize)> = (0..5).map(|_| analyse(text)).collect();
    let size = runs[0].2;
    runs.sort_by_key(|r| r.1);
    let total = runs[2].1;
    runs.sort_by_key(|r| r.0);
    (total, runs[2].0, size)
}

fn main() {
    println!("per-option hooks against tables: 2 parties, 10 options per issue");
    println!(
        "{:>6} {:>12} {:>12} {:>7} {:>9}",
        "issues", "tables", "hooks", "ratio", "frontier"
    );
    for issues in [6, 30, 300] {
        let (tables, _, size) = median(&scenario(issues, false));
        let (hooks, _, _) = median(&scenario(issues, true));
        println!(
            "{issues:>6} {:>12.3?} {:>12.3?} {:>7.2} {size:>9}",
            tables,
            hooks,
            hooks.as_secs_f64() / tables.as_secs_f64()
        );
    }
    println!();
    let (total, check, size) = median(&utility_scenario());
    println!("a utility hook over 10^6 packages (6 issues x 10 options):");
    println!("  check (tabulation) {check:.3?}, with frontier + Nash + welfare {total:.3?}, {size} frontier points");
    println!("  {:.0} hook calls per second", 1e6 / check.as_secs_f64());
}
