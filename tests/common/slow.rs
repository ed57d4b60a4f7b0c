//! Shared by the REPL and Ctrl-C tests: a plan whose analysis runs long
//! enough to stop.
//!
//! Two parties and two thousand issues of ten options with random sheets:
//! the frontier merge works for well over a second (its progress line shows
//! on a terminal after half a second) before its work budget ends it, so a
//! Ctrl-C sent while it runs lands inside the computation. (A plan that
//! would run for minutes no longer exists: every search has a budget.)
pub fn slow_plan() -> String {
    let mut seed = 7u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % 101
    };
    let (parties, issues) = (2, 2000);
    let mut text = String::new();
    for p in 0..parties {
        text += &format!("party p{p} {{ batna 0 }}\n");
    }
    for i in 0..issues {
        let options: Vec<String> = (0..10).map(|o| format!("o{o}")).collect();
        text += &format!("issue i{i} : {}\n", options.join(" | "));
    }
    for p in 0..parties {
        text += &format!("prefs p{p} {{\n");
        for i in 0..issues {
            let values: Vec<String> = (0..10).map(|o| format!("o{o}: {}", next())).collect();
            text += &format!("    i{i} = {{ {} }}\n", values.join(", "));
        }
        text += "}\n";
    }
    text
}
