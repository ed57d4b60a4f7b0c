//! Completion that knows where it is: an issue's options after `ISSUE:`,
//! offers after `evaluate`, parties after `by`, issues in `weight` lines,
//! strategies in `simulate` and `tournament`, then keywords and commands.
//!
//! It reads the text before the cursor (comments and strings skipped,
//! braces counted) and the plan's [`Index`]; the language server and the
//! REPL's Tab both ask it.

use super::index::{Index, TopKind};
use crate::syntax::keywords::{KEYWORDS, RESERVED_WORDS, TOP_LEVEL_KEYWORDS};

/// What a completion is, for an editor's icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A word of the language.
    Keyword,
    /// A party.
    Party,
    /// An issue.
    Issue,
    /// An option of an issue.
    Option,
    /// An offer.
    Offer,
    /// An event.
    Event,
    /// A strategy (built-in or declared).
    Strategy,
    /// A hypothesis about a party.
    Hypothesis,
    /// A function of expressions or of the hooks.
    Function,
    /// A named simulation.
    Simulation,
}

/// One candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// The word to insert.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A short description (`option of consulting`, `utility(P, O)`).
    pub detail: Option<String>,
}

/// The candidates for the word at the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Completions {
    /// Byte offset where the word being typed starts (it is replaced).
    pub start: usize,
    /// Candidates that start with the word, in a sensible order.
    pub items: Vec<Completion>,
    /// Whether the place calls for these in particular (offers after
    /// `evaluate`, options after `ISSUE:`), rather than anything a line or
    /// an expression may hold: an editor pops the list up unasked only then.
    pub specific: bool,
}

/// The functions of expressions, with what their arguments are.
pub const FUNCTIONS: &[(&str, &[Arg])] = &[
    ("utility", &[Arg::Party, Arg::Offer]),
    ("cared", &[Arg::Party, Arg::Offer]),
    ("gain", &[Arg::Party, Arg::Offer]),
    ("batna", &[Arg::Party]),
    ("acceptance", &[Arg::Offer]),
    ("acceptance_possible", &[Arg::Offer]),
    ("belief", &[Arg::Party, Arg::Hypothesis]),
    ("agreement_rate", &[Arg::Simulation]),
    ("welfare_share", &[Arg::Simulation]),
    ("mean_rounds", &[Arg::Simulation]),
    ("mean_utility", &[Arg::Simulation, Arg::Party]),
];

/// What an argument of a function names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// A party.
    Party,
    /// An offer.
    Offer,
    /// A hypothesis about the party before it.
    Hypothesis,
    /// A named simulation.
    Simulation,
}

/// Words a score sheet's lines start with.
const PREFS_WORDS: &[&str] = &["weight", "believe", "batna", "extra", "utility"];
/// Words a party's body holds.
const PARTY_WORDS: &[&str] = &["batna", "care", "discount"];

/// A token of the text before the cursor.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Punct(String),
    /// A number or a string: something that is not a name.
    Literal,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    /// Brace depth before the token.
    depth: usize,
    /// The line it stands on.
    line: usize,
}

/// The candidates for the word ending at `text.len()` (`text` is
/// everything before the cursor).
pub fn complete(text: &str, index: &Index) -> Completions {
    // The word being typed: the letters, digits and `_` before the cursor
    // (a name is ASCII; the character before it may not be).
    let start = text
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &text[start..];
    let Some(tokens) = tokenise(&text[..start]) else {
        // Inside a string or a comment.
        return Completions {
            start,
            items: vec![],
            specific: false,
        };
    };
    let line = text[..start].matches('\n').count();
    let (mut items, specific) = candidates(&tokens, line, index);
    items.retain(|c| c.label.starts_with(word));
    let mut seen = std::collections::HashSet::new();
    items.retain(|c| seen.insert(c.label.clone()));
    Completions {
        start,
        items,
        specific,
    }
}

/// Splits text into tokens; `None` when it ends inside a string or comment.
fn tokenise(text: &str) -> Option<Vec<Token>> {
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut line) = (0, 0usize, 0);
    let mut tokens = vec![];
    while i < bytes.len() {
        let c = bytes[i];
        let push = |tokens: &mut Vec<Token>, tok: Tok, depth: usize, line: usize| {
            tokens.push(Token { tok, depth, line })
        };
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            b'/' if text[i..].starts_with("//") => match text[i..].find('\n') {
                Some(n) => i += n,
                None => return None,
            },
            // `/* … */`, which nest.
            b'/' if text[i..].starts_with("/*") => {
                let mut nesting = 0;
                loop {
                    if i >= bytes.len() {
                        return None;
                    }
                    if bytes[i..].starts_with(b"/*") {
                        nesting += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        nesting -= 1;
                        i += 2;
                        if nesting == 0 {
                            break;
                        }
                    } else {
                        line += usize::from(bytes[i] == b'\n');
                        i += 1;
                    }
                }
            }
            // `hook rhai { … }`: Rhai code, not names of the plan.
            b'{' if matches!(tokens.as_slice(), [.., Token { tok: Tok::Word(h), .. }, Token { tok: Tok::Word(r), .. }] if h == "hook" && r == "rhai") => {
                let mut nesting = 0;
                loop {
                    match bytes.get(i) {
                        None => return None,
                        Some(b'{') => nesting += 1,
                        Some(b'}') => {
                            nesting -= 1;
                            if nesting == 0 {
                                i += 1;
                                break;
                            }
                        }
                        Some(b'\n') => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
                tokens.push(Token { tok: Tok::Literal, depth, line });
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\n' {
                        line += 1;
                    }
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    return None;
                }
                push(&mut tokens, Tok::Literal, depth, line);
                i = j + 1;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let s = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                push(&mut tokens, Tok::Word(text[s..i].to_string()), depth, line);
            }
            _ if c.is_ascii_digit() || c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'_' | b'%')) {
                    if text[i..].starts_with("..") {
                        break;
                    }
                    i += 1;
                }
                push(&mut tokens, Tok::Literal, depth, line);
            }
            _ => {
                let two = text.get(i..i + 2).unwrap_or("");
                let len = match two {
                    "==" | "!=" | "<=" | ">=" | "->" | "=>" | ".." => 2,
                    _ => text[i..].chars().next().map_or(1, char::len_utf8),
                };
                if c == b'}' {
                    depth = depth.saturating_sub(1);
                }
                push(&mut tokens, Tok::Punct(text[i..i + len].to_string()), depth, line);
                if c == b'{' {
                    depth += 1;
                }
                i += len;
            }
        }
    }
    Some(tokens)
}

fn word(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.tok) {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

fn punct(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.tok) {
        Some(Tok::Punct(p)) => Some(p),
        _ => None,
    }
}

/// Every candidate for the place after `tokens` (the word typed so far is
/// filtered by the caller), and whether the place calls for them in
/// particular.
fn candidates(tokens: &[Token], line: usize, index: &Index) -> (Vec<Completion>, bool) {
    let c = Context::new(tokens, line, index);
    // A new line outside braces starts a new declaration or command.
    if c.depth == 0 && c.starts_line {
        return (keywords(TOP_LEVEL_KEYWORDS), false);
    }
    match c.specific() {
        Some(found) => (found, !c.starts_line),
        None => (c.expression(), false),
    }
}

struct Context<'a> {
    tokens: &'a [Token],
    index: &'a Index,
    /// The keyword of the item the cursor is in, if it has started.
    item: Option<&'a str>,
    /// Brace depth at the cursor.
    depth: usize,
    /// Whether the cursor is the first word on its line.
    starts_line: bool,
    /// The first word of the cursor's line, if any came before it.
    line_head: Option<&'a str>,
}

impl<'a> Context<'a> {
    fn new(tokens: &'a [Token], line: usize, index: &'a Index) -> Self {
        let depth = tokens.last().map_or(0, |t| match &t.tok {
            Tok::Punct(p) if p == "{" => t.depth + 1,
            _ => t.depth,
        });
        let item = tokens
            .iter()
            .rev()
            .find(|t| t.depth == 0 && word(Some(t)).is_some_and(|w| TOP_LEVEL_KEYWORDS.contains(&w)))
            .and_then(|t| word(Some(t)));
        let on_line: Vec<&Token> = tokens.iter().filter(|t| t.line == line).collect();
        Context {
            tokens,
            index,
            item,
            depth,
            starts_line: on_line.is_empty(),
            line_head: on_line.first().and_then(|t| word(Some(t))),
        }
    }

    fn back(&self, n: usize) -> Option<&'a Token> {
        self.tokens.len().checked_sub(n + 1).map(|i| &self.tokens[i])
    }

    fn top(&self, kind: TopKind) -> Vec<Completion> {
        let (k, detail) = match kind {
            TopKind::Party => (CompletionKind::Party, "party"),
            TopKind::Issue => (CompletionKind::Issue, "issue"),
            TopKind::Event => (CompletionKind::Event, "event"),
            TopKind::Offer => (CompletionKind::Offer, "offer"),
            TopKind::Strategy => (CompletionKind::Strategy, "strategy (hook)"),
        };
        let names = self.index.names_of(kind);
        names.into_iter().map(|n| item(n, k, detail.to_string())).collect()
    }

    fn options(&self, issue: &str) -> Vec<Completion> {
        let options = self.index.options_of(issue);
        options
            .iter()
            .map(|o| item(o.clone(), CompletionKind::Option, format!("option of {issue}")))
            .collect()
    }

    fn strategies(&self) -> Vec<Completion> {
        let built_in = crate::model::agent::BUILT_IN.iter().map(|(name, params)| {
            let params: Vec<&str> = params.iter().map(|p| p.name).collect();
            let detail = match params.is_empty() {
                true => "built-in strategy".to_string(),
                false => format!("built-in strategy ({})", params.join(", ")),
            };
            item(name.to_string(), CompletionKind::Strategy, detail)
        });
        let mut out: Vec<Completion> = built_in.collect();
        out.extend(self.top(TopKind::Strategy));
        out
    }

    fn hypotheses(&self, party: &str) -> Vec<Completion> {
        let hs = self.index.hypotheses_of(party);
        hs.iter()
            .map(|h| item(h.clone(), CompletionKind::Hypothesis, format!("hypothesis about {party}")))
            .collect()
    }

    /// The completions this place calls for, if it is a known place.
    fn specific(&self) -> Option<Vec<Completion>> {
        let p1 = self.back(0);
        let (w1, s1) = (word(p1), punct(p1));
        let w2 = word(self.back(1));
        let issue2 = w2.filter(|w| self.index.kind_of(w) == Some(TopKind::Issue));
        let party2 = w2.filter(|w| self.index.kind_of(w) == Some(TopKind::Party));
        // `ISSUE: …`, `ISSUE = …`, `ISSUE == …`: that issue's options (a
        // score sheet's `ISSUE = ` takes a table or a formula instead).
        if let (Some(issue), Some(":" | "=" | "==" | "!=")) = (issue2, s1) {
            if !(self.item == Some("prefs") && s1 == Some("=")) {
                return Some(self.options(issue));
            }
        }
        // `simulate … PARTY: ` and `PARTY as H: `: a strategy.
        if self.item == Some("simulate") {
            if let (Some(_), Some(":")) = (party2, s1) {
                return Some(self.strategies());
            }
            if w1 == Some("as") {
                return Some(w2.map(|p| self.hypotheses(p)).unwrap_or_default());
            }
            if w1 == Some("simulate") || s1 == Some(",") || s1 == Some("=") {
                return Some(self.top(TopKind::Party));
            }
            if let (Some(Tok::Punct(colon)), Some(_)) = (self.back(1).map(|t| &t.tok), w1) {
                if colon == ":" {
                    return Some(keywords(&["rounds", "agreement", "seed", "repeat"]));
                }
            }
        }
        if self.item == Some("tournament") && (w1 == Some("tournament") || s1 == Some(",")) {
            return Some(self.strategies());
        }
        if self.item == Some("strategy") && s1 == Some("=") {
            return Some(keywords(&["hook"]));
        }
        if w1 == Some("hook") && matches!(self.item, Some("strategy" | "prefs")) {
            let functions = self.index.hook_functions.iter();
            let f = functions.map(|f| item(f.clone(), CompletionKind::Function, "hook function".into()));
            return Some(f.collect());
        }
        if let Some(braced) = self.in_braces() {
            return Some(braced);
        }
        let parties = || Some(self.top(TopKind::Party));
        let issues = || Some(self.top(TopKind::Issue));
        let offers = || Some(self.top(TopKind::Offer));
        match (self.item, w1, s1) {
            (_, Some("by" | "for" | "prefs" | "beliefs" | "robust" | "probe" | "meso" | "observe"), _) => {
                parties()
            }
            (Some("plot"), Some("x" | "y"), _) => parties(),
            (Some("tradeoffs"), Some("tradeoffs"), _) => parties(),
            (Some("tradeoffs"), Some(_), _) if w2 == Some("tradeoffs") => parties(),
            (_, Some("evaluate" | "improve" | "from" | "accepted" | "rejected" | "chose" | "over"), _) => offers(),
            (Some("observe"), _, Some(",")) => offers(),
            (_, Some("reopen" | "tentative" | "contingent" | "weight" | "sequential" | "reads"), _) => issues(),
            (Some("agreement"), _, Some(",")) => issues(),
            (_, _, Some(",")) if self.line_head == Some("weight") => issues(),
            (_, Some("on" | "believe" | "when"), _) => Some(self.top(TopKind::Event)),
            (Some("agreement"), Some("agreement"), _) => Some(keywords(&["package", "sequential"])),
            (Some("plot"), _, _) if matches!(self.back(0).map(|t| &t.tok), Some(Tok::Literal)) => {
                Some(keywords(&["x"]))
            }
            (Some("offer"), Some(_), _) if w2 == Some("offer") => Some(keywords(&["by"])),
            (Some("party" | "issue" | "event" | "offer" | "strategy" | "import" | "scenario" | "hook"), _, _)
                if self.depth == 0 && !self.starts_line =>
            {
                // Naming something new, or a string: nothing to offer.
                Some(vec![])
            }
            _ => self.function_argument(),
        }
    }

    /// Inside `{ … }`: an offer's issues, a table's options, a sheet's or a
    /// party's lines.
    fn in_braces(&self) -> Option<Vec<Completion>> {
        if self.depth == 0 {
            return None;
        }
        // The innermost open brace, and what stands before it.
        let open = self
            .tokens
            .iter()
            .rposition(|t| punct(Some(t)) == Some("{") && t.depth + 1 == self.depth)?;
        let before = |n: usize| open.checked_sub(n).map(|i| &self.tokens[i]);
        let s1 = punct(self.back(0));
        let after_separator = matches!(s1, Some("{" | ","));
        let head = word(before(2));
        // `ISSUE = { opt: points, … }` in a sheet: the issue's options.
        if punct(before(1)) == Some("=") && head.is_some_and(|w| self.index.kind_of(w) == Some(TopKind::Issue)) {
            return after_separator.then(|| self.options(head.unwrap_or_default()));
        }
        // `ISSUE: { yes: …, no: … }` in an offer: the outcomes of the
        // event the issue is contingent on; after `yes:`, the issue's options.
        if punct(before(1)) == Some(":") {
            let issue = head.unwrap_or_default();
            if s1 == Some(":") {
                return Some(self.options(issue));
            }
            let outcomes = self.index.outcomes_of(issue).iter();
            let found = outcomes.map(|o| item(o.clone(), CompletionKind::Option, format!("outcome, {issue} set for it")));
            return after_separator.then(|| found.collect());
        }
        let opener = word(before(1));
        match self.item {
            Some("offer" | "observe" | "tentative") if after_separator => Some(self.top(TopKind::Issue)),
            Some("prefs") if self.depth == 1 && self.starts_line => {
                let mut out = keywords(PREFS_WORDS);
                out.extend(self.top(TopKind::Issue));
                Some(out)
            }
            Some("party") if self.depth == 1 && (self.starts_line || opener.is_some() && s1 == Some("{")) => {
                Some(keywords(PARTY_WORDS))
            }
            _ => None,
        }
    }

    /// Inside a function's parentheses: what that argument names.
    fn function_argument(&self) -> Option<Vec<Completion>> {
        let s1 = punct(self.back(0));
        if !matches!(s1, Some("(" | ",")) {
            return None;
        }
        // Find the open parenthesis of the call and count commas before it.
        let (mut level, mut commas) = (0i32, 0usize);
        for i in (0..self.tokens.len()).rev() {
            match punct(Some(&self.tokens[i])) {
                Some(")") => level += 1,
                Some("(") if level > 0 => level -= 1,
                Some("(") => {
                    let function = word(i.checked_sub(1).map(|j| &self.tokens[j]))?;
                    let (_, args) = FUNCTIONS.iter().find(|(f, _)| *f == function)?;
                    let arg = args.get(commas)?;
                    return Some(match arg {
                        Arg::Party => self.top(TopKind::Party),
                        Arg::Offer => self.top(TopKind::Offer),
                        Arg::Hypothesis => {
                            let party = word(self.tokens.get(i + 1)).unwrap_or_default();
                            self.hypotheses(party)
                        }
                        Arg::Simulation => self
                            .index
                            .simulations
                            .iter()
                            .map(|s| item(s.clone(), CompletionKind::Simulation, "simulation".into()))
                            .collect(),
                    });
                }
                Some(",") if level == 0 => commas += 1,
                _ => {}
            }
        }
        None
    }

    /// Anything an expression may name, then the words of expressions.
    fn expression(&self) -> Vec<Completion> {
        let mut out = vec![];
        for kind in [TopKind::Issue, TopKind::Party, TopKind::Offer, TopKind::Event] {
            out.extend(self.top(kind));
        }
        for (f, args) in FUNCTIONS {
            let args: Vec<&str> = args
                .iter()
                .map(|a| match a {
                    Arg::Party => "P",
                    Arg::Offer => "O",
                    Arg::Hypothesis => "H",
                    Arg::Simulation => "S",
                })
                .collect();
            out.push(item(f.to_string(), CompletionKind::Function, format!("{f}({})", args.join(", "))));
        }
        for (issue, options) in &self.index.options {
            for o in options {
                out.push(item(o.clone(), CompletionKind::Option, format!("option of {issue}")));
            }
        }
        out.extend(keywords(RESERVED_WORDS));
        if self.item.is_none() || self.depth > 0 {
            out.extend(keywords(KEYWORDS));
        }
        out
    }
}

fn item(label: String, kind: CompletionKind, detail: String) -> Completion {
    Completion {
        label,
        kind,
        detail: Some(detail),
    }
}

fn keywords(words: &[&str]) -> Vec<Completion> {
    words
        .iter()
        .map(|w| Completion {
            label: w.to_string(),
            kind: CompletionKind::Keyword,
            detail: None,
        })
        .collect()
}
