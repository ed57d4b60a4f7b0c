//! Plans the benchmarks generate.

use std::fmt::Write;

/// A two-party plan with `issues` categorical issues of `options` options
/// each (the parties value them in opposite directions, unevenly), and the
/// offer `first` setting every issue to its first option.
pub fn two_parties(issues: usize, options: usize) -> String {
    let mut s = String::from("party a { batna 10 }\nparty b { batna 10 }\n");
    for i in 0..issues {
        let opts: Vec<String> = (0..options).map(|o| format!("o{o}")).collect();
        let _ = writeln!(s, "issue i{i} : {}", opts.join(" | "));
    }
    for (party, flip) in [("a", false), ("b", true)] {
        let _ = writeln!(s, "prefs {party} {{");
        for i in 0..issues {
            let entries: Vec<String> = (0..options)
                .map(|o| {
                    let v = (o * 7 + i * 3) % 11;
                    format!("o{o}: {}", if flip { 10 - v } else { v })
                })
                .collect();
            let _ = writeln!(s, "    i{i} = {{ {} }}", entries.join(", "));
        }
        s.push_str("}\n");
    }
    let sets: Vec<String> = (0..issues).map(|i| format!("i{i}: o0")).collect();
    let _ = writeln!(s, "offer first {{ {} }}", sets.join(", "));
    s
}
