//! Syntax errors in our own words: what pest expected, restated for people,
//! with a help line for the usual slips (a string in single quotes, an item
//! left open, a reserved word as a name).

use super::ast::Span;
use super::comments::{self, CommentKind};
use super::keywords::{KEYWORDS, RESERVED_WORDS, TOP_LEVEL_KEYWORDS};
use super::parse::{starts_item, Rule};
use crate::diagnostics::Code;
use crate::diagnostics::{floor_char_boundary, Diag, SourceId};
use pest::error::{ErrorVariant, InputLocation};

/// A syntax error in our own words, labelled at the offending token. `err`
/// comes from parsing `text[base..]`; `at` is where it got furthest in `text`.
pub(super) fn syntax_error(
    text: &str,
    base: usize,
    at: usize,
    item_start: usize,
    err: &pest::error::Error<Rule>,
    source: SourceId,
) -> Diag {
    let at = floor_char_boundary(text, at.min(text.len()));
    // pest gets furthest inside a word when a keyword matched its first
    // letters (`bye` for `by`): report the whole word, with what was
    // expected where it starts.
    let (at, rules, tokens) = match word_start_before(text, at) {
        Some(start) if start == base + rules_position(err) => (start, raw_positives(err), vec![]),
        Some(start) => (start, vec![], vec![]),
        None => (at, expected_rules(err), expected_tokens(err)),
    };
    let token = offending_token(&text[at..]);
    let span = Span::new(at, at + token.len());
    if let Some(quote) = open_string(text, at) {
        return Diag::error(
            Code::Syntax,
            "syntax error: this string has no closing quote",
            source,
            Span::new(quote, quote + 1),
            "the string starts here",
        )
        .with_help("end the string with `\"` on the same line");
    }
    if let Some(open) = unclosed_comment(text) {
        return unclosed_comment_error(open, source);
    }
    if let Some(word) = reserved_word_near(text, at) {
        return Diag::error(
            Code::Syntax,
            format!(
                "syntax error: `{}` is a reserved word and cannot be a name",
                &text[word.start..word.end]
            ),
            source,
            word,
            "reserved word",
        )
        .with_help(format!(
            "`{}` are part of expressions; pick another name",
            RESERVED_WORDS.join(" ")
        ));
    }
    let keyword = item_keyword(&text[item_start.min(text.len())..]);
    if keyword == "prefs" {
        if let Some(diag) = numeric_table(text, at, &token, source) {
            return diag;
        }
    }
    let expected = describe_expected(&rules, &tokens);
    let found = match token.as_str() {
        "" if at >= text.len() => "the end of the file".to_string(),
        "" => "the end of the line".to_string(),
        t => format!("`{t}`"),
    };
    let mut diag = Diag::error(
        Code::Syntax,
        format!("syntax error: expected {expected}, found {found}"),
        source,
        span,
        format!("expected {expected} here"),
    );
    if let Some(help) = unclosed_help(text, at, item_start)
        .or_else(|| misspelt_keyword(text, at, &token, &rules, &expected, &keyword))
        .or_else(|| syntax_help(&token, &expected, &keyword))
    {
        diag = diag.with_help(help);
    }
    diag
}

/// A number where a score-sheet table wants an option name: `closing = { 30d:
/// 50, … }` on a numeric issue. The help restates the table as `linear(…)`
/// when every entry is a number and its points.
fn numeric_table(text: &str, at: usize, token: &str, source: SourceId) -> Option<Diag> {
    let is_number = token.starts_with(|c: char| c.is_ascii_digit() || "$€£".contains(c))
        || (token == "-" && text[at + 1..].starts_with(|c: char| c.is_ascii_digit()));
    if !is_number {
        return None;
    }
    // The table opens at the last `{` before the number, right after `ISSUE =`.
    let open = text[..at].rfind('{')?;
    let before = text[..open].trim_end().strip_suffix('=')?.trim_end();
    let issue: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    if issue.is_empty() || text[open..at].contains('}') {
        return None;
    }
    let example = text[at..]
        .find('}')
        .and_then(|close| table_as_linear(&text[open + 1..at + close]))
        .unwrap_or_else(|| "linear(LO -> 0, HI -> 100)".to_string());
    // A negative key: the token stops at the sign, the number goes on.
    let number = if token == "-" {
        &text[at..at + 1 + offending_token(&text[at + 1..]).len()]
    } else {
        &text[at..at + token.len()]
    };
    Some(
        Diag::error(
            Code::Syntax,
            format!("syntax error: a table values named options, and `{number}` is a number"),
            source,
            Span::new(at, at + number.len()),
            "expected an option name",
        )
        .with_help(format!(
            "a numeric issue takes `linear(…)` or an expression: `{issue} = {example}`"
        ))
        .with_note(format!(
            "a party indifferent to `{issue}` says so with `{issue} = 0`"
        )),
    )
}

/// `30d: 50, 90d: 0` as `linear(30d -> 50, 90d -> 0)`, points sorted by x;
/// `None` unless every entry is a number and a number.
fn table_as_linear(entries: &str) -> Option<String> {
    let mut points = vec![];
    for entry in entries.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (x, v) = entry.split_once(':')?;
        let (x, v) = (x.trim(), v.trim());
        let (value, _) = super::parse_number(x).ok()?;
        super::parse_number(v).ok()?;
        points.push((value, x, v));
    }
    if points.is_empty() {
        return None;
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let points: Vec<String> = points
        .iter()
        .map(|(_, x, v)| format!("{x} -> {v}"))
        .collect();
    Some(format!("linear({})", points.join(", ")))
}

/// A keyword that the word at the error, or the word that starts the
/// statement just before it, was probably meant to be: `evalute` →
/// `evaluate`; `wieght price 1` in a score sheet, which fails at `price`
/// because `wieght` read as an issue name, → `weight`.
fn misspelt_keyword(
    text: &str,
    at: usize,
    token: &str,
    rules: &[Rule],
    expected: &str,
    item_keyword: &str,
) -> Option<String> {
    let is_word = !token.is_empty() && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_word && !KEYWORDS.contains(&token) {
        let mut candidates: Vec<&str> = rules.iter().filter_map(|r| rule_word(*r)).collect();
        if starts_any_item(rules) {
            candidates.extend(TOP_LEVEL_KEYWORDS);
        }
        if let Some(k) = crate::diagnostics::suggest(token, candidates.into_iter()) {
            return Some(format!("did you mean `{k}`?"));
        }
    }
    // In a score sheet a misspelt `weight` or `believe` reads as the issue
    // name of `ISSUE = …`, and the error comes one word later, wanting `=`.
    if item_keyword != "prefs" || !expected.contains("`=`") {
        return None;
    }
    let before = text[..at].trim_end();
    let word_start = word_start_before(before, before.len())?;
    let word = &before[word_start..];
    if KEYWORDS.contains(&word) {
        return None;
    }
    crate::diagnostics::suggest(word, ["weight", "believe"].into_iter())
        .map(|k| format!("`{word}` is not a keyword here; did you mean `{k}`?"))
}

/// The word a keyword or operator rule stands for (`kw_weight` → `weight`,
/// `and` → `and`).
fn rule_word(rule: Rule) -> Option<&'static str> {
    let name = format!("{rule:?}");
    if let Some(word) = name.strip_prefix("kw_") {
        return KEYWORDS.iter().find(|k| **k == word).copied();
    }
    match rule {
        Rule::and => Some("and"),
        Rule::or => Some("or"),
        Rule::not => Some("not"),
        _ => None,
    }
}

/// Whether a new top-level item could start where these rules were expected.
fn starts_any_item(rules: &[Rule]) -> bool {
    (rules.contains(&Rule::kw_party) && rules.contains(&Rule::kw_evaluate))
        || rules.contains(&Rule::one_item)
        || rules.contains(&Rule::file)
}

/// The start of the word that `at` stands inside, when `at` is past its
/// first character.
pub(super) fn word_start_before(text: &str, at: usize) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map(|(i, _)| i)?;
    // A number is one word with its fraction and currency (`$2.5e`).
    let digits_before = |end: usize| {
        text[..end]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map(|(i, _)| i)
    };
    if text[..start].ends_with('.') {
        if let Some(i) = digits_before(start - 1) {
            start = i;
        }
    }
    if let Some(c) = text[..start]
        .chars()
        .next_back()
        .filter(|c| "$€£".contains(*c))
    {
        start -= c.len_utf8();
    }
    (start < at).then_some(start)
}

/// Where pest's rule-level error stands (its literal tokens may go further).
fn rules_position(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// The rules pest wanted at [`rules_position`], whatever lies further.
fn raw_positives(err: &pest::error::Error<Rule>) -> Vec<Rule> {
    match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        _ => vec![],
    }
}

/// How many syntax errors one file reports before the parser gives up.
pub(super) const MAX_SYNTAX_ERRORS: usize = 100;

pub(super) fn unclosed_comment_error(open: usize, source: SourceId) -> Diag {
    Diag::error(
        Code::Syntax,
        "syntax error: this comment is never closed",
        source,
        Span::new(open, open + 2),
        "the comment starts here",
    )
    .with_help("close it with `*/`; everything after `/*` is part of the comment until then")
}

/// The first word of an item.
fn item_keyword(rest: &str) -> String {
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The opening of a block comment that never closes.
pub(super) fn unclosed_comment(text: &str) -> Option<usize> {
    comments::scan(text, &[])
        .into_iter()
        .find(|c| {
            c.kind == CommentKind::Block && !text[c.span.start + 2..c.span.end].ends_with("*/")
        })
        .map(|c| c.span.start)
}

/// A reserved word standing at `at`, or ending right before it.
fn reserved_word_near(text: &str, at: usize) -> Option<Span> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !is_word(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .find(|c: char| !is_word(c))
        .map_or(text.len(), |i| at + i);
    let word = &text[start..end];
    // Only where a name was due: right after a declaration keyword.
    let before = text[..start].trim_end();
    let declares = ["party", "issue", "event", "offer", "strategy", "prefs"]
        .iter()
        .any(|k| {
            before.ends_with(k)
                && before[..before.len() - k.len()]
                    .chars()
                    .last()
                    .is_none_or(|c| !is_word(c))
        });
    (RESERVED_WORDS.contains(&word) && declares).then(|| Span::new(start, end))
}

/// When the error stands on a later line that starts a new item, the item
/// before it was probably left open.
fn unclosed_help(text: &str, at: usize, item_start: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if line_start <= item_start || !starts_item(&text[line_start..]) {
        return None;
    }
    let (line, _) = crate::diagnostics::line_col(text, item_start);
    Some(if at == line_start {
        format!("the item that starts on line {line} is incomplete: it runs into this line")
    } else {
        format!("this line starts a new item, so the one that starts on line {line} may be missing a closing `}}` or `)`")
    })
}

/// The opening quote of a string left open on the line before `at`.
fn open_string(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut open = None;
    let mut escaped = false;
    for (i, c) in text[line_start..line_end].char_indices() {
        match c {
            '\\' if open.is_some() => escaped = !escaped,
            '"' if !escaped => {
                open = if open.is_some() {
                    None
                } else {
                    Some(line_start + i)
                }
            }
            '/' if open.is_none() && text[line_start + i..].starts_with("//") => break,
            _ => escaped = false,
        }
    }
    open
}

fn syntax_help(token: &str, expected: &str, keyword: &str) -> Option<String> {
    if token.starts_with('\'') {
        return Some("strings are written in double quotes: \"like this\"".into());
    }
    // Digits straight followed by `e`: an exponent gone wrong (`2.5e`, `1e3k`).
    let numeric = token.trim_start_matches(['$', '€', '£']);
    let after_digits = numeric.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if after_digits.len() < numeric.len() && after_digits.starts_with(['e', 'E']) {
        return Some(
            "an exponent has digits after the `e` (`2.5e3`, `1e-6`) and takes no `k` or `M`".into(),
        );
    }
    if keyword == "issue" && expected.contains("`:`") {
        return Some("an issue lists its values after a colon: `issue NAME : a | b | c` or `issue NAME : LO .. HI step S`".into());
    }
    if keyword == "offer" && token == "=" && expected.contains("`:`") {
        return Some(
            "an offer sets each issue with a colon: `offer o { price: $45k, warranty: full }`"
                .into(),
        );
    }
    if token
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii() && c.is_alphabetic())
    {
        return Some("names use ASCII letters, digits and `_`; display names in quotes may use any characters".into());
    }
    if expected.starts_with("a declaration") {
        return Some(
            "every line starts with a keyword such as `party`, `issue`, `prefs`, `offer` or a command such as `evaluate`"
                .into(),
        );
    }
    if token.chars().next().is_some_and(|c| c.is_ascii_digit()) && expected.contains("a name") {
        return Some("names start with a letter or `_`".into());
    }
    None
}

/// The token at the start of `rest`, for "found `…`".
fn offending_token(rest: &str) -> String {
    let first = match rest.chars().next() {
        Some(c) => c,
        None => return String::new(),
    };
    if first.is_alphanumeric() || first == '_' || first == '$' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '%'))
            .take(40)
            .collect()
    } else if first.is_whitespace() {
        first.to_string().trim().to_string()
    } else {
        first.to_string()
    }
}

/// The rules pest wanted at the error, when its rule positives stand at the
/// furthest position reached (past them, only literal tokens were tried).
fn expected_rules(err: &pest::error::Error<Rule>) -> Vec<Rule> {
    let by_rules = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let further = err
        .parse_attempts()
        .is_some_and(|a| a.max_position > by_rules);
    match &err.variant {
        ErrorVariant::ParsingError { positives, .. } if !further => positives.clone(),
        _ => vec![],
    }
}

/// Punctuation pest wanted at the furthest position (keywords come as rules,
/// and layout, signs and currency marks say nothing useful).
fn expected_tokens(err: &pest::error::Error<Rule>) -> Vec<String> {
    let Some(a) = err.parse_attempts() else {
        return vec![];
    };
    a.expected_tokens()
        .iter()
        .map(|t| t.to_string())
        .filter(|t| {
            let t = t.trim();
            !t.is_empty()
                && !t.chars().any(|c| c.is_alphanumeric() || c == '_')
                && !["/*", "//", "$", "€", "£", "-", "\"", "\\", "."].contains(&t)
        })
        .collect()
}

fn describe_expected(positives: &[Rule], tokens: &[String]) -> String {
    if starts_any_item(positives) {
        // What could still continue the item before (`from` after
        // `tradeoffs a b`, an operator after `rule: x > 1`) comes first.
        let more: Vec<Rule> = positives
            .iter()
            .copied()
            .filter(|r| {
                !matches!(r, Rule::EOI | Rule::file | Rule::one_item)
                    && !rule_word(*r).is_some_and(|w| TOP_LEVEL_KEYWORDS.contains(&w))
            })
            .collect();
        if more.is_empty() {
            return "a declaration or a command".into();
        }
        let more = describe_expected(&more, tokens);
        return format!("{more}, or a new declaration or command");
    }
    // Everything that can start an expression reads as one word.
    let starts_expr = positives.iter().any(|r| is_expression_start(*r));
    let positives: Vec<Rule> = if starts_expr {
        let mut kept: Vec<Rule> = positives
            .iter()
            .copied()
            .filter(|r| !is_expression_start(*r) && !matches!(r, Rule::ident | Rule::number))
            .collect();
        kept.insert(0, Rule::expr);
        kept
    } else {
        positives.to_vec()
    };
    // Operator symbols read as one word, "an operator", when their rules are due.
    let operators_due = positives.iter().any(|r| is_operator(*r));
    let tokens: Vec<String> = tokens
        .iter()
        .filter(|t| !(starts_expr && *t == "("))
        .filter(|t| !(operators_due && OPERATOR_SYMBOLS.contains(&t.as_str())))
        .cloned()
        .collect();
    let mut words: Vec<String> = vec![];
    // Punctuation the grammar wanted here (keywords come as rules already).
    for t in tokens {
        let word = format!("`{t}`");
        if !t.chars().any(|c| c.is_alphanumeric()) && !words.contains(&word) {
            words.push(word);
        }
    }
    let mut has_operator = false;
    for rule in &positives {
        if is_operator(*rule) {
            has_operator = true;
            continue;
        }
        let word = describe_rule(*rule);
        if !words.contains(&word) {
            words.push(word);
        }
    }
    if has_operator {
        words.push("an operator".into());
    }
    match words.len() {
        0 => "something else".into(),
        1 => words.remove(0),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{} or {}", words.join(", "), last)
        }
    }
}

/// The symbols of the operator rules (see [`is_operator`]).
const OPERATOR_SYMBOLS: &[&str] = &["=>", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/"];

fn is_expression_start(rule: Rule) -> bool {
    use Rule::*;
    matches!(
        rule,
        expr | paren | bool_lit | call | if_expr | when_expr | neg | not | kw_if | kw_when
    )
}

fn is_operator(rule: Rule) -> bool {
    use Rule::*;
    matches!(
        rule,
        implies | or | and | eq | ne | lt | le | gt | ge | add | sub | mul | div
    )
}

fn describe_rule(rule: Rule) -> String {
    let name = format!("{rule:?}");
    if let Some(word) = name.strip_prefix("kw_") {
        return format!("`{word}`");
    }
    match rule {
        Rule::ident => "a name".into(),
        Rule::string | Rule::string_body => "a string".into(),
        Rule::number | Rule::signed => "a number".into(),
        Rule::expr | Rule::neg | Rule::not => "an expression".into(),
        Rule::value_lit => "an option or a number".into(),
        Rule::numeric_range => "a range `LO .. HI step S`".into(),
        Rule::option_list | Rule::outcome_list => "options `a | b | c`".into(),
        Rule::option_item => "an option".into(),
        Rule::value_table => "a table `{ option: points, … }`".into(),
        Rule::linear => "`linear(…)`".into(),
        Rule::hook_target => "`extra` or `utility`".into(),
        Rule::reads_clause => "`reads ISSUE, …`".into(),
        Rule::EOI => "the end of the file".into(),
        Rule::hook_inline => "`rhai { … }`".into(),
        Rule::outcome_map => "`{ outcome: value, … }`".into(),
        Rule::party_body => "`{`".into(),
        _ => name.replace('_', " "),
    }
}
