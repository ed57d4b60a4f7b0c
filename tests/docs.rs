//! Every `neg` code block in the README and the docs checks clean, so the
//! documentation cannot drift from the language.

use neg::diagnostics::Sources;

fn neg_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = vec![];
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```neg") => current = Some(String::new()),
            (Some(block), l) if l.starts_with("```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

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
