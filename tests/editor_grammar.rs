//! The editors' TextMate grammar (`editors/vscode/syntaxes/neg.tmLanguage.json`)
//! highlights exactly the language's keywords: every word of
//! [`KEYWORDS`] and no other word. A keyword added to the parser and
//! forgotten in the grammar fails here. (How the grammar tokenises the
//! shipped plans is `editors/test/run.sh`, which needs Node.)

use neg::syntax::keywords::{KEYWORDS, RESERVED_WORDS, TOP_LEVEL_KEYWORDS};
use serde_json::Value;
use std::collections::BTreeSet;

const GRAMMAR: &str = "editors/vscode/syntaxes/neg.tmLanguage.json";

/// Scopes that mark a word as a keyword. Only the grammar's `keywords` rule
/// may give them (other rules reach it with `"include": "#keywords"`).
/// `keyword.other.unit.…` is the unit of a number (`$`, `k`, `%`, `mo`).
const KEYWORD_SCOPES: &[&str] = &[
    "keyword.control",
    "keyword.other",
    "keyword.operator.word",
    "storage",
    "constant.language",
];

fn grammar() -> Value {
    let text = std::fs::read_to_string(GRAMMAR).unwrap_or_else(|e| panic!("{GRAMMAR}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{GRAMMAR}: {e}"))
}

/// The words of one pattern of the `keywords` rule, which must be written
/// `\b(?:w1|w2|…)\b` so that its words are exactly what it matches.
fn pattern_words(pattern: &Value) -> (String, Vec<String>) {
    let name = pattern["name"].as_str().expect("a keyword pattern's name");
    let regex = pattern["match"]
        .as_str()
        .expect("a keyword pattern's match");
    let inner = regex
        .strip_prefix(r"\b(?:")
        .and_then(|r| r.strip_suffix(r")\b"))
        .unwrap_or_else(|| panic!("{name}: `{regex}` is not \\b(?:w1|w2|…)\\b"));
    let words: Vec<String> = inner.split('|').map(str::to_owned).collect();
    for w in &words {
        assert!(
            !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{name}: `{w}` is not a plain word in `{regex}`"
        );
    }
    let keys: BTreeSet<&str> = pattern
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["match", "name"]),
        "{name}: only name and match"
    );
    (name.to_owned(), words)
}

/// Each scope of the `keywords` rule with its words.
fn keyword_patterns(g: &Value) -> Vec<(String, Vec<String>)> {
    let rule = &g["repository"]["keywords"];
    let patterns = rule["patterns"]
        .as_array()
        .expect("repository.keywords.patterns");
    patterns.iter().map(pattern_words).collect()
}

fn words_in<'a>(patterns: &'a [(String, Vec<String>)], scope: &str) -> BTreeSet<&'a str> {
    patterns
        .iter()
        .filter(|(name, _)| name.starts_with(scope))
        .flat_map(|(_, words)| words.iter().map(String::as_str))
        .collect()
}

#[test]
fn the_grammar_highlights_exactly_the_keywords() {
    let patterns = keyword_patterns(&grammar());
    let all: Vec<&str> = patterns
        .iter()
        .flat_map(|(_, words)| words.iter().map(String::as_str))
        .collect();
    let highlighted: BTreeSet<&str> = all.iter().copied().collect();
    assert_eq!(
        all.len(),
        highlighted.len(),
        "a keyword listed twice: {all:?}"
    );
    let keywords: BTreeSet<&str> = KEYWORDS.iter().copied().collect();
    let missing: Vec<&&str> = keywords.difference(&highlighted).collect();
    let extra: Vec<&&str> = highlighted.difference(&keywords).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{GRAMMAR}: the `keywords` rule must list exactly neg::syntax::keywords::KEYWORDS\n  \
         keywords not highlighted: {missing:?}\n  words highlighted that are no keywords: {extra:?}"
    );
}

#[test]
fn keyword_scopes_follow_the_kind_of_word() {
    let patterns = keyword_patterns(&grammar());
    let statements: BTreeSet<&str> = words_in(&patterns, "storage.type")
        .union(&words_in(&patterns, "keyword.control"))
        .copied()
        .collect();
    for w in TOP_LEVEL_KEYWORDS {
        assert!(
            statements.contains(w),
            "`{w}` starts an item: storage.type or keyword.control"
        );
    }
    for (w, scope) in [
        ("and", "keyword.operator.word"),
        ("or", "keyword.operator.word"),
        ("not", "keyword.operator.word"),
        ("true", "constant.language"),
        ("false", "constant.language"),
        ("if", "keyword.control"),
        ("then", "keyword.control"),
        ("else", "keyword.control"),
        ("when", "keyword.control"),
    ] {
        assert!(RESERVED_WORDS.contains(&w), "{w}");
        assert!(words_in(&patterns, scope).contains(w), "`{w}` is {scope}");
    }
}

/// Every scope name given anywhere in `value`, with its path in the grammar.
fn scope_names(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{path}/{key}");
                if let ("name" | "contentName", Value::String(s)) = (key.as_str(), v) {
                    out.push((here.clone(), s.clone()));
                }
                scope_names(v, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                scope_names(v, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// No rule but `keywords` gives a keyword scope, so no other word can be
/// highlighted as a keyword (rules that match a keyword before a name, such
/// as `party NAME`, include `#keywords` for it).
#[test]
fn only_the_keywords_rule_gives_keyword_scopes() {
    let g = grammar();
    let mut names = vec![];
    scope_names(&g, "", &mut names);
    assert!(names.len() > 20, "{names:?}");
    for (path, name) in names {
        if path.starts_with("/repository/keywords/") {
            continue;
        }
        for scope in name.split_whitespace() {
            let keywordish = KEYWORD_SCOPES.iter().any(|k| scope.starts_with(k));
            let unit = scope.starts_with("keyword.other.unit.") && path.contains("/numbers/");
            assert!(
                !keywordish || unit,
                "{path}: `{scope}` is a keyword scope outside the `keywords` rule"
            );
        }
    }
}

/// The `keywords` rule is used: the top level reaches it.
#[test]
fn the_keywords_rule_is_included() {
    let g = grammar();
    let top = g["patterns"].as_array().expect("patterns");
    assert!(top.iter().any(|p| p["include"] == "#keywords"), "{top:?}");
    assert_eq!(g["scopeName"], "source.neg");
}
