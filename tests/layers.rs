//! The engine's modules import one way only: each `crate::` path in a
//! module's code (its tests aside) names a module of a lower layer. The
//! layers, lowest first, are the data flow of `src/README.md`.

use std::collections::BTreeSet;
use std::path::Path;

/// Lowest first; a module may use the modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    &["codes"],
    &["diagnostics", "cancel", "world"],
    &["syntax"],
    &["model"],
    &["eval"],
    &["hooks"],
    &["check"],
    &["analysis", "fmt"],
    &["report"],
    &["interp"],
    &["diff"],
    &["interop"],
    &["plan"],
    &["host", "ide"],
    &["repl", "lsp"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a file without its tests: `#[cfg(test)] mod x;` lines, and
/// everything from the first `#[cfg(test)] mod x {` on (test modules close
/// every file of the crate).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("#[cfg(test)]\nmod tests;", "");
    match text.find("#[cfg(test)]\nmod ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

#[test]
fn the_engine_imports_one_way() {
    let src = Path::new("src");
    let mut all = vec![];
    files(src, &mut all);
    let mut wrong = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for path in &all {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel.iter().next().unwrap().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if ["main", "lib"].contains(&module.as_str()) {
            continue;
        }
        let Some(own) = layer(&module) else {
            panic!("`{module}` is in no layer: add it to LAYERS and src/README.md");
        };
        let text = code(path);
        assert!(
            !text.contains("crate::{"),
            "{}: name each module in its own `use crate::` path",
            path.display()
        );
        for (at, _) in text.match_indices("crate::") {
            let used: String = text[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if used == module || used.is_empty() {
                continue;
            }
            let Some(theirs) = layer(&used) else {
                // Items of the crate root (`crate::ReadError`) sit above it all.
                continue;
            };
            seen.insert((module.clone(), used.clone()));
            if theirs >= own {
                wrong.insert(format!("{} uses {used}", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers:\n{wrong:#?}");
    // The check sees the edges that are there.
    for edge in [
        ("check", "syntax"),
        ("report", "analysis"),
        ("plan", "interp"),
    ] {
        assert!(
            seen.contains(&(edge.0.to_string(), edge.1.to_string())),
            "{edge:?}"
        );
    }
}

/// Nothing below the hosts touches the disk, the environment, the process
/// or the terminal: those are the hosts' (`host`, `lsp`, `cli`, `main.rs`).
#[test]
fn the_engine_does_no_io() {
    let src = Path::new("src");
    let mut all = vec![];
    files(src, &mut all);
    let mut found = vec![];
    for path in &all {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel.iter().next().unwrap().to_string_lossy().to_string();
        if ["cli", "host", "lsp", "main.rs"].contains(&first.as_str()) {
            continue;
        }
        let text = code(path);
        for word in [
            "std::fs",
            "std::env",
            "std::process",
            "std::io::stdout",
            "std::io::stderr",
            "std::io::stdin",
            "println!",
            "eprintln!",
            "print!(",
            "eprint!(",
        ] {
            if text.contains(word) {
                found.push(format!("{}: {word}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "I/O below the hosts:\n{found:#?}");
}
