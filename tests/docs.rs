//! Every `neg` code block in the README and the docs checks clean, so the
//! documentation cannot drift from the language.

use neg::diagnostics::Sources;

#[path = "common/markdown.rs"]
mod markdown;
use markdown::neg_blocks;

fn check_blocks(path: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let blocks = neg_blocks(&text);
    for (n, block) in blocks.iter().enumerate() {
        let mut sources = Sources::default();
        if let Err(diags) = neg::load_text(&mut sources, path, block) {
            let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
            panic!("{path}, neg block {}: {messages:?}\n{block}", n + 1);
        }
    }
    blocks.len()
}

#[test]
fn readme_examples_check_clean() {
    assert!(check_blocks("README.md") >= 1);
}

#[test]
fn language_reference_examples_check_clean() {
    assert!(check_blocks("docs/language.md") >= 1);
}

#[test]
fn uncertainty_guide_examples_check_clean() {
    assert!(check_blocks("docs/uncertainty.md") >= 1);
}

#[test]
fn simulation_guide_examples_check_clean() {
    assert!(check_blocks("docs/simulation.md") >= 1);
}

#[test]
fn hooks_guide_examples_check_clean() {
    assert!(check_blocks("docs/hooks.md") >= 2);
}
