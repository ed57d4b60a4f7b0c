//! Shared by the REPL tests: a plan whose analysis runs long enough to stop.

/// Five parties, twenty issues of eight options, random sheets: a frontier
/// that takes minutes, for stopping it.
pub fn slow_plan() -> String {
    let mut seed = 7u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % 101
    };
    let mut text = String::new();
    for p in 0..5 {
        text += &format!("party p{p} {{ batna 0 }}\n");
    }
    for i in 0..20 {
        let options: Vec<String> = (0..8).map(|o| format!("o{o}")).collect();
        text += &format!("issue i{i} : {}\n", options.join(" | "));
    }
    for p in 0..5 {
        text += &format!("prefs p{p} {{\n");
        for i in 0..20 {
            let values: Vec<String> = (0..8).map(|o| format!("o{o}: {}", next())).collect();
            text += &format!("    i{i} = {{ {} }}\n", values.join(", "));
        }
        text += "}\n";
    }
    text
}
