//! pest parse tree → typed AST, with error recovery.
//!
//! A file that parses whole is built in one go. Otherwise the text is parsed
//! one top-level item at a time; after a syntax error the parser skips to the
//! next line that starts (in column 0) with a top-level keyword, so one run
//! reports every broken declaration, not only the first.
//!
//! The messages themselves are worded in `errors.rs`.

mod simulate;

use super::ast::*;
use super::comments::{self, CommentKind};
use super::errors::{syntax_error, unclosed_comment, unclosed_comment_error, MAX_SYNTAX_ERRORS};
use super::expr::build_expr;
use super::keywords::{KEYWORDS, TOP_LEVEL_KEYWORDS};
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use pest::error::InputLocation;
use pest::iterators::Pair;
use pest::Parser as _;

mod generated {
    #![allow(missing_docs)]
    /// The pest parser generated from `grammar/neg.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/neg.pest"]
    pub struct NegParser;
}
pub use generated::{NegParser, Rule};

/// Parses a whole file. Returns the items that parsed and every syntax error.
pub fn parse_file(text: &str, source: SourceId) -> (File, Vec<Diag>) {
    let mut ctx = Builder {
        source,
        base: 0,
        diags: vec![],
        depth: 0,
    };
    let mut items = match NegParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let file = pairs.next().expect("file rule yields one pair");
            file.into_inner()
                .filter(|p| p.as_rule() != Rule::EOI)
                .map(|p| ctx.item(p))
                .collect()
        }
        Err(_) => with_error_detail(|| parse_with_recovery(text, &mut ctx)),
    };
    attach_docs(text, &mut items);
    (File { items }, ctx.diags)
}

/// Runs `f` with pest's error detail on. The expected literal tokens (`:`,
/// `{`) it records make far better messages, but recording them slows every
/// parse several-fold, so it is on only while a failed file is re-parsed. The
/// switch is process-wide: the lock keeps one re-parse from switching it off
/// under another.
fn with_error_detail<T>(f: impl FnOnce() -> T) -> T {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    pest::set_error_detail(true);
    let result = f();
    pest::set_error_detail(false);
    result
}

/// Parses the rest of the text as a file; on an error, keeps the items that
/// end before it, reports it, and resumes at the next top-level keyword.
fn parse_with_recovery(text: &str, ctx: &mut Builder) -> Vec<Item> {
    let mut items = vec![];
    let mut pos = 0;
    loop {
        pos = comments::skip_trivia(text, pos);
        if pos >= text.len() {
            if let (Some(open), true) = (unclosed_comment(text), ctx.diags.is_empty()) {
                ctx.diags.push(unclosed_comment_error(open, ctx.source));
            }
            return items;
        }
        if ctx.diags.len() >= MAX_SYNTAX_ERRORS {
            let d = Diag::error(
                Code::SyntaxTooMany,
                format!(
                    "more than {MAX_SYNTAX_ERRORS} syntax errors; the rest of the file is not read"
                ),
                ctx.source,
                Span::new(pos, pos),
                "stopped here",
            )
            .with_help("fix the errors above first; is this a `.neg` file?");
            ctx.diags.push(d);
            return items;
        }
        ctx.base = pos;
        let err = match NegParser::parse(Rule::file, &text[pos..]) {
            Ok(mut pairs) => {
                let file = pairs.next().expect("file rule yields one pair");
                items.extend(
                    file.into_inner()
                        .filter(|p| p.as_rule() != Rule::EOI)
                        .map(|p| ctx.item(p)),
                );
                return items;
            }
            Err(err) => err,
        };
        let at = pos + error_position(&err);
        let failing = parse_items_before(text, pos, at, ctx, &mut items);
        ctx.diags
            .push(syntax_error(text, pos, at, failing, &err, ctx.source));
        pos = next_item_start(text, failing);
    }
}

/// Parses items one at a time from `pos` while they end at or before `limit`;
/// returns where the first item that does not starts.
fn parse_items_before(
    text: &str,
    mut pos: usize,
    limit: usize,
    ctx: &mut Builder,
    items: &mut Vec<Item>,
) -> usize {
    loop {
        pos = comments::skip_trivia(text, pos);
        if pos >= limit {
            return pos.min(limit);
        }
        ctx.base = pos;
        match NegParser::parse(Rule::one_item, &text[pos..]) {
            Ok(mut pairs) => {
                let one = pairs.next().expect("one_item yields one pair");
                let end = pos + one.as_span().end();
                if end > limit {
                    return pos;
                }
                let inner = one.into_inner().next().expect("an item");
                items.push(ctx.item(inner));
                pos = end;
            }
            Err(_) => return pos,
        }
    }
}

/// Where parsing got furthest: pest tracks rules and literal tokens apart.
fn error_position(err: &pest::error::Error<Rule>) -> usize {
    let by_rules = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    err.parse_attempts()
        .map_or(by_rules, |a| a.max_position.max(by_rules))
}

/// The start of the first line after the one holding `at` that begins with a
/// top-level keyword in column 0, or a misspelling of one, which is then
/// reported on its own (or the end of the text).
fn next_item_start(text: &str, at: usize) -> usize {
    let mut line_start = match text[at.min(text.len())..].find('\n') {
        Some(i) => at + i + 1,
        None => return text.len(),
    };
    while line_start < text.len() {
        if starts_item(&text[line_start..]) || starts_misspelt_item(&text[line_start..]) {
            return line_start;
        }
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    text.len()
}

/// Whether a line starts, in column 0, with a top-level keyword or a doc comment.
pub(super) fn starts_item(line: &str) -> bool {
    TOP_LEVEL_KEYWORDS.contains(&item_word(line)) || line.starts_with("///")
}

/// Whether a line starts, in column 0, with a near miss of a top-level
/// keyword (`evalute`, `isue`).
fn starts_misspelt_item(line: &str) -> bool {
    let word = item_word(line);
    !word.is_empty()
        && !KEYWORDS.contains(&word)
        && crate::diagnostics::suggest(word, TOP_LEVEL_KEYWORDS.iter().copied()).is_some()
}

/// The word a line starts with.
fn item_word(line: &str) -> &str {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    &line[..end]
}

// ---------------------------------------------------------------- AST building

/// Builds AST nodes from pairs, shifting spans by `base` (the offset of the
/// text the pairs were parsed from).
pub(crate) struct Builder {
    pub(crate) source: SourceId,
    pub(crate) base: usize,
    pub(crate) diags: Vec<Diag>,
    /// How deeply the expression being built is nested.
    pub(crate) depth: usize,
}

/// Whether a rule is a keyword token (`kw_…`), indexed by rule number.
static KEYWORD_RULES: std::sync::LazyLock<Vec<bool>> = std::sync::LazyLock::new(|| {
    let all = Rule::all_rules();
    let mut table = vec![false; all.iter().map(|r| *r as usize + 1).max().unwrap_or(0)];
    for r in all {
        table[*r as usize] = format!("{r:?}").starts_with("kw_");
    }
    table
});

/// Children of a pair without the keyword tokens.
pub(crate) fn kids(pair: Pair<'_, Rule>) -> Vec<Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| !KEYWORD_RULES[p.as_rule() as usize])
        .collect()
}

impl Builder {
    pub(crate) fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    /// A command's span up to its last token: a rule that
    /// ends in a lookahead (`count 3 (at … | !at)`) has already skipped the
    /// spaces and comments after it, which belong to what follows (the next
    /// offer's `///` doc comment).
    fn trimmed_span(&self, pair: &Pair<'_, Rule>) -> Span {
        let full = self.span(pair);
        let last_token = pair.clone().into_inner().flatten().map(|p| p.as_span().end()).max();
        match last_token {
            Some(end) => Span::new(full.start, (self.base + end).min(full.end)),
            None => full,
        }
    }

    pub(crate) fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn string(&self, pair: Pair<'_, Rule>) -> StrLit {
        let span = self.span(&pair);
        let body = pair.into_inner().next().map_or("", |p| p.as_str());
        StrLit {
            value: unescape(body),
            span,
        }
    }

    pub(crate) fn number(&mut self, pair: Pair<'_, Rule>) -> Number {
        let span = self.span(&pair);
        match parse_number(pair.as_str()).and_then(|(v, u)| {
            if v.is_finite() {
                Ok((v, u))
            } else {
                Err(format!("`{}` is too large to be a number", pair.as_str()))
            }
        }) {
            Ok((value, unit)) => Number {
                value,
                unit,
                text: pair.as_str().to_string(),
                span,
            },
            Err(message) => {
                self.diags.push(
                    Diag::error(
                        Code::SyntaxNumber,
                        message,
                        self.source,
                        span,
                        "this number",
                    )
                    .with_help("write `$2M`, `15%`, `400k` or `6mo`, one unit at a time"),
                );
                Number {
                    value: 0.0,
                    unit: Unit::Plain,
                    text: pair.as_str().to_string(),
                    span,
                }
            }
        }
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Item {
        super::names::refuse_long_names(self, &pair);
        // The whole rule: the formatter weaves the comments it holds.
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let kind = match rule {
            Rule::scenario_decl => ItemKind::Scenario(self.string(first(pair))),
            Rule::import_decl => ItemKind::Import(self.string(first(pair))),
            Rule::party_decl => ItemKind::Party(self.party(pair)),
            Rule::issue_decl => ItemKind::Issue(self.issue(pair)),
            Rule::event_decl => ItemKind::Event(self.event(pair)),
            Rule::contingent_decl => {
                let k = kids(pair);
                ItemKind::Contingent {
                    issue: self.ident(k[0].clone()),
                    event: self.ident(k[1].clone()),
                }
            }
            Rule::prefs_decl => ItemKind::Prefs(self.prefs(pair)),
            Rule::rule_decl => ItemKind::Rule(self.rule(pair)),
            Rule::agreement_decl => ItemKind::Agreement(self.agreement(first(pair))),
            Rule::offer_decl => ItemKind::Offer(self.offer(pair)),
            Rule::hook_decl => ItemKind::Hook(self.hook(first(pair))),
            Rule::strategy_decl => {
                let k = kids(pair);
                ItemKind::Strategy {
                    name: self.ident(k[0].clone()),
                    function: self.ident(k[1].clone()),
                }
            }
            _ => ItemKind::Command(self.command(pair)),
        };
        Item {
            doc: None,
            kind,
            span,
        }
    }

    fn party(&mut self, pair: Pair<'_, Rule>) -> PartyDecl {
        let mut decl = PartyDecl {
            id: Ident {
                name: String::new(),
                span: Span::default(),
            },
            name: None,
            has_body: false,
            batnas: vec![],
            cares: vec![],
            discounts: vec![],
            field_spans: vec![],
        };
        for k in kids(pair) {
            match k.as_rule() {
                Rule::ident => decl.id = self.ident(k),
                Rule::string => decl.name = Some(self.string(k)),
                Rule::party_body => {
                    decl.has_body = true;
                    for field in kids(k) {
                        decl.field_spans.push(self.span(&field));
                        self.party_field(field, &mut decl);
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn party_field(&mut self, field: Pair<'_, Rule>, decl: &mut PartyDecl) {
        let span = self.span(&field);
        let rule = field.as_rule();
        let k = kids(field);
        if rule == Rule::batna_field {
            let n = self.number(k[0].clone());
            decl.batnas.push(n);
        } else if rule == Rule::discount_field {
            let n = self.number(k[0].clone());
            decl.discounts.push(n);
        } else {
            let amount = self.number(k[0].clone());
            let target = k.get(1).map(|p| self.ident(p.clone()));
            decl.cares.push(CareField {
                amount,
                target,
                span,
            });
        }
    }

    fn issue(&mut self, pair: Pair<'_, Rule>) -> IssueDecl {
        let mut id = None;
        let mut name = None;
        let mut domain = IssueDomain::Options(vec![]);
        let mut option_names = vec![];
        for k in kids(pair) {
            match k.as_rule() {
                Rule::ident => id = Some(self.ident(k)),
                Rule::string => name = Some(self.string(k)),
                Rule::option_list => {
                    let mut options = vec![];
                    for item in kids(k) {
                        let mut parts = kids(item).into_iter();
                        options.push(self.ident(parts.next().expect("option name")));
                        option_names.push(parts.next().map(|s| self.string(s)));
                    }
                    domain = IssueDomain::Options(options);
                }
                _ => {
                    let r = kids(k);
                    domain = IssueDomain::Range {
                        lo: self.number(r[0].clone()),
                        hi: self.number(r[1].clone()),
                        step: self.number(r[2].clone()),
                    };
                }
            }
        }
        IssueDecl {
            id: id.expect("issue has a name"),
            name,
            domain,
            option_names,
        }
    }

    fn idents(&self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        kids(pair).into_iter().map(|p| self.ident(p)).collect()
    }

    fn event(&mut self, pair: Pair<'_, Rule>) -> EventDecl {
        let mut decl = EventDecl {
            id: Ident {
                name: String::new(),
                span: Span::default(),
            },
            name: None,
            outcomes: None,
        };
        for k in kids(pair) {
            match k.as_rule() {
                Rule::ident => decl.id = self.ident(k),
                Rule::string => decl.name = Some(self.string(k)),
                _ => decl.outcomes = Some(self.idents(k)),
            }
        }
        decl
    }

    fn prefs(&mut self, pair: Pair<'_, Rule>) -> PrefsDecl {
        let mut k = kids(pair).into_iter();
        let party = self.ident(k.next().expect("prefs party"));
        let mut k = k.peekable();
        let hypothesis = k
            .next_if(|p| p.as_rule() == Rule::hypothesis)
            .map(|p| self.hypothesis(p));
        let items = k.map(|p| self.prefs_item(p)).collect();
        PrefsDecl {
            party,
            hypothesis,
            items,
        }
    }

    fn hypothesis(&mut self, pair: Pair<'_, Rule>) -> HypothesisHead {
        let mut k = kids(pair).into_iter();
        let id = self.ident(k.next().expect("hypothesis name"));
        let (mut name, mut prior) = (None, None);
        for p in k {
            match p.as_rule() {
                Rule::string => name = Some(self.string(p)),
                _ => prior = Some(self.number(p)),
            }
        }
        HypothesisHead { id, name, prior }
    }

    fn prefs_item(&mut self, pair: Pair<'_, Rule>) -> PrefsItem {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let k = kids(pair);
        let kind = match rule {
            Rule::weight_stmt => PrefsItemKind::Weights(
                k.into_iter()
                    .map(|e| {
                        let e = kids(e);
                        Weight {
                            issue: self.ident(e[0].clone()),
                            low: self.number(e[1].clone()),
                            high: e.get(2).map(|h| self.number(h.clone())),
                        }
                    })
                    .collect(),
            ),
            Rule::believe_stmt => {
                let event = self.ident(k[0].clone());
                let probs = if k[1].as_rule() == Rule::prob_table {
                    Belief::Table(self.pairs_of_numbers(k[1].clone()))
                } else {
                    Belief::Single(self.number(k[1].clone()))
                };
                PrefsItemKind::Believe { event, probs }
            }
            Rule::batna_stmt => PrefsItemKind::Batna(self.number(k[0].clone())),
            Rule::hook_value => {
                let function = self.ident(k[1].clone());
                let reads = k
                    .get(2)
                    .map(|r| kids(r.clone()).into_iter().map(|i| self.ident(i)).collect())
                    .unwrap_or_default();
                let hook = WholeHook { function, reads };
                if k[0].as_str() == "extra" {
                    PrefsItemKind::ExtraHook(hook)
                } else {
                    PrefsItemKind::UtilityHook(hook)
                }
            }
            _ => {
                let issue = self.ident(k[0].clone());
                let value = self.value_form(k[1].clone());
                PrefsItemKind::Value { issue, value }
            }
        };
        PrefsItem { kind, span }
    }

    fn pairs_of_numbers(&mut self, pair: Pair<'_, Rule>) -> Vec<(Ident, Number)> {
        kids(pair)
            .into_iter()
            .map(|e| {
                let e = kids(e);
                (self.ident(e[0].clone()), self.number(e[1].clone()))
            })
            .collect()
    }

    fn value_form(&mut self, pair: Pair<'_, Rule>) -> ValueForm {
        match pair.as_rule() {
            Rule::hook_ref => ValueForm::Hook(self.ident(first(pair))),
            Rule::value_table => ValueForm::Table(self.pairs_of_numbers(pair)),
            Rule::linear => ValueForm::Linear(
                kids(pair)
                    .into_iter()
                    .map(|p| {
                        let p = kids(p);
                        (self.number(p[0].clone()), self.number(p[1].clone()))
                    })
                    .collect(),
            ),
            _ => ValueForm::Expr(build_expr(self, pair)),
        }
    }

    fn rule(&mut self, pair: Pair<'_, Rule>) -> RuleDecl {
        let mut label = None;
        let mut expr = None;
        for k in kids(pair) {
            if k.as_rule() == Rule::string {
                label = Some(self.string(k));
            } else {
                expr = Some(build_expr(self, k));
            }
        }
        RuleDecl {
            label,
            expr: expr.expect("rule has an expression"),
        }
    }

    fn agreement(&self, pair: Pair<'_, Rule>) -> AgreementDecl {
        match pair.as_rule() {
            Rule::agreement_pkg => AgreementDecl::Package,
            _ => AgreementDecl::Sequential(self.idents(pair)),
        }
    }

    fn offer(&mut self, pair: Pair<'_, Rule>) -> OfferDecl {
        let mut id = None;
        let mut by = None;
        let mut entries = vec![];
        for k in kids(pair) {
            match k.as_rule() {
                Rule::ident if id.is_none() => id = Some(self.ident(k)),
                Rule::ident => by = Some(self.ident(k)),
                _ => entries.push(self.offer_entry(k)),
            }
        }
        OfferDecl {
            id: id.expect("offer has a name"),
            by,
            entries,
        }
    }

    fn offer_entry(&mut self, pair: Pair<'_, Rule>) -> OfferEntry {
        let span = self.span(&pair);
        let k = kids(pair);
        OfferEntry {
            issue: self.ident(k[0].clone()),
            value: self.offer_value(k[1].clone()),
            span,
        }
    }

    fn offer_value(&mut self, pair: Pair<'_, Rule>) -> OfferValue {
        if pair.as_rule() == Rule::outcome_map {
            let span = self.span(&pair);
            let entries = kids(pair)
                .into_iter()
                .map(|e| {
                    let e = kids(e);
                    (self.ident(e[0].clone()), self.value_lit(e[1].clone()))
                })
                .collect();
            OfferValue::PerOutcome(entries, span)
        } else {
            OfferValue::Single(self.value_lit(pair))
        }
    }

    fn value_lit(&mut self, pair: Pair<'_, Rule>) -> ValueLit {
        let inner = first(pair);
        if inner.as_rule() == Rule::ident {
            ValueLit::Option(self.ident(inner))
        } else {
            ValueLit::Number(self.number(inner))
        }
    }

    fn hook(&self, pair: Pair<'_, Rule>) -> HookDecl {
        if pair.as_rule() == Rule::hook_file {
            HookDecl::File(self.string(first(pair)))
        } else {
            let body = pair
                .into_inner()
                .find(|p| p.as_rule() == Rule::rhai_body)
                .expect("rhai body");
            HookDecl::Inline {
                code: body.as_str().to_string(),
                span: self.span(&body),
            }
        }
    }

    fn command(&mut self, pair: Pair<'_, Rule>) -> Command {
        let span = self.trimmed_span(&pair);
        let rule = pair.as_rule();
        let k = kids(pair);
        let kind = match rule {
            Rule::evaluate_cmd => CommandKind::Evaluate(self.ident(k[0].clone())),
            Rule::frontier_cmd => CommandKind::Frontier,
            Rule::nash_cmd => CommandKind::Nash,
            Rule::kalai_cmd => CommandKind::Kalai,
            Rule::welfare_cmd => CommandKind::Welfare,
            Rule::zopa_cmd => CommandKind::Zopa,
            Rule::classify_cmd => CommandKind::Classify,
            Rule::power_cmd => CommandKind::Power,
            Rule::status_cmd => CommandKind::Status,
            Rule::agree_cmd => CommandKind::Agree,
            Rule::tradeoffs_cmd => CommandKind::Tradeoffs {
                a: self.ident(k[0].clone()),
                b: self.ident(k[1].clone()),
                from: k.get(2).map(|p| self.ident(p.clone())),
            },
            Rule::meso_cmd => CommandKind::Meso {
                party: self.ident(k[0].clone()),
                count: self.number(k[1].clone()),
                at: k.get(2).map(|p| self.number(p.clone())),
            },
            Rule::improve_cmd => CommandKind::Improve(self.ident(k[0].clone())),
            Rule::beliefs_cmd => CommandKind::Beliefs(self.ident(k[0].clone())),
            Rule::observe_cmd => {
                let party = self.ident(k[0].clone());
                let rule = k[1].as_rule();
                let mut offers: Vec<ObservedOffer> = kids(k[1].clone())
                    .into_iter()
                    .map(|i| match i.as_rule() {
                        Rule::inline_offer => ObservedOffer::Inline {
                            span: self.span(&i),
                            entries: kids(i).into_iter().map(|e| self.offer_entry(e)).collect(),
                        },
                        _ => ObservedOffer::Named(self.ident(i)),
                    })
                    .collect();
                let answer = match rule {
                    Rule::observe_chose => Answer::Chose {
                        chosen: offers.remove(0),
                        over: offers,
                    },
                    Rule::observe_accepted => Answer::Accepted(offers.remove(0)),
                    _ => Answer::Rejected(offers.remove(0)),
                };
                let temperature = k.get(2).map(|t| self.number(t.clone()));
                CommandKind::Observe {
                    party,
                    answer,
                    temperature,
                }
            }
            Rule::robust_cmd => CommandKind::Robust(self.ident(k[0].clone())),
            Rule::probe_cmd => CommandKind::Probe {
                party: self.ident(k[0].clone()),
                by: self.ident(k[1].clone()),
                count: self.number(k[2].clone()),
                at: k.get(3).map(|p| self.number(p.clone())),
            },
            Rule::simulate_cmd => self.simulate(k),
            Rule::tournament_cmd => self.tournament(k),
            Rule::tentative_cmd => {
                let issue = self.ident(k[0].clone());
                let value = self.offer_value(k[1].clone());
                CommandKind::Tentative(OfferEntry { issue, value, span })
            }
            Rule::reopen_cmd => CommandKind::Reopen(self.ident(k[0].clone())),
            Rule::plot_cmd => CommandKind::Plot {
                file: self.string(k[0].clone()),
                axes: (k.len() == 3).then(|| (self.ident(k[1].clone()), self.ident(k[2].clone()))),
            },
            _ => CommandKind::Assert(build_expr(self, k[0].clone())),
        };
        Command { kind, span }
    }
}

/// The first child that is not a keyword token.
pub(crate) fn first(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    kids(pair).into_iter().next().expect("a child")
}

fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Reads a number literal: `-$2.5M`, `15%`, `6mo`, `400k`, `2.5e-3`.
pub fn parse_number(text: &str) -> Result<(f64, Unit), String> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let mut chars = rest.chars();
    let currency = match rest.chars().next() {
        Some(c @ ('$' | '€' | '£')) => {
            chars.next();
            Some(c)
        }
        _ => None,
    };
    let rest = chars.as_str();
    let mut digits_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    digits_end += exponent_len(&rest[digits_end..]);
    let mut value: f64 = rest[..digits_end]
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    let mut suffix = &rest[digits_end..];
    if let Some(s) = suffix.strip_prefix('k') {
        value *= 1e3;
        suffix = s;
    } else if let Some(s) = suffix.strip_prefix('M') {
        value *= 1e6;
        suffix = s;
    }
    let unit = match suffix {
        "" => Unit::Plain,
        "%" => {
            value /= 100.0;
            Unit::Percent
        }
        "d" => Unit::Duration(DurationUnit::Days),
        "w" => Unit::Duration(DurationUnit::Weeks),
        "mo" => Unit::Duration(DurationUnit::Months),
        "y" => Unit::Duration(DurationUnit::Years),
        other => return Err(format!("`{other}` is not a unit")),
    };
    let unit = match (currency, unit) {
        (None, u) => u,
        (Some(c), Unit::Plain) => Unit::Money(c),
        (Some(_), _) => {
            return Err(format!(
                "`{text}` mixes a currency with another unit; an amount of money takes no `%` or duration"
            ))
        }
    };
    Ok((if negative { -value } else { value }, unit))
}

/// The length of an exponent (`e6`, `E-3`, `e+2`) at the start of `rest`, or 0.
pub(crate) fn exponent_len(rest: &str) -> usize {
    let Some(after_e) = rest.strip_prefix(['e', 'E']) else {
        return 0;
    };
    let after_sign = after_e.strip_prefix(['+', '-']).unwrap_or(after_e);
    let digits = after_sign
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_sign.len());
    if digits == 0 {
        0
    } else {
        rest.len() - after_sign.len() + digits
    }
}

/// Finds each item's doc comment: the run of `///` lines right above it.
fn attach_docs(text: &str, items: &mut [Item]) {
    let all = comments::scan(text, &opaque_ranges(items));
    // Items and comments are both in source order: walk them together.
    let mut next = 0;
    for item in items.iter_mut() {
        while next < all.len() && all[next].span.end <= item.span.start {
            next += 1;
        }
        let mut lines: Vec<&str> = vec![];
        let mut cursor = item.span.start;
        for c in all[..next].iter().rev() {
            let between = &text[c.span.end..cursor];
            if c.kind != CommentKind::Doc
                || !between.trim().is_empty()
                || between.matches('\n').count() > 1
            {
                break;
            }
            lines.push(c.doc_text(text));
            cursor = c.span.start;
        }
        if !lines.is_empty() {
            lines.reverse();
            item.doc = Some(lines.join("\n"));
        }
    }
}

/// Byte ranges holding foreign code (inline Rhai) that comment scans skip.
pub fn opaque_ranges(items: &[Item]) -> Vec<Span> {
    items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Hook(HookDecl::Inline { span, .. }) => Some(*span),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod number_tests {
    use super::{parse_file, parse_number};
    use crate::diagnostics::SourceId;
    use crate::syntax::{DurationUnit, ItemKind, Unit};

    #[test]
    fn reads_scientific_notation() {
        assert_eq!(parse_number("1e6"), Ok((1e6, Unit::Plain)));
        assert_eq!(parse_number("2.5e-3"), Ok((0.0025, Unit::Plain)));
        assert_eq!(parse_number("1E+2"), Ok((100.0, Unit::Plain)));
        assert_eq!(parse_number("$1.5e6"), Ok((1_500_000.0, Unit::Money('$'))));
        assert_eq!(parse_number("-€2e3"), Ok((-2000.0, Unit::Money('€'))));
        assert_eq!(parse_number("5e1%"), Ok((0.5, Unit::Percent)));
        assert_eq!(
            parse_number("3e1d"),
            Ok((30.0, Unit::Duration(DurationUnit::Days)))
        );
    }

    /// Exponents parse wherever numbers do, names that look like exponents
    /// stay names, and a malformed exponent is a syntax error.
    #[test]
    fn scientific_literals_in_a_file() {
        let text = "party e1\nparty b\n\
            issue cap : 0 .. 1e6 step 2.5e5\n\
            issue pick : e1x | e2 | E3\n\
            prefs e1 { cap = linear(0 -> 0, 1e6 -> 1e2)  pick = { e1x: 1e0, e2: 0, E3: 0 } }\n\
            prefs b { cap = 100 - cap / 1e4  pick = 0 }\n\
            rule: cap <= 7.5e5 or pick == e2\n\
            offer o by e1 { cap: 5e5, pick: E3 }\n";
        let (file, diags) = parse_file(text, SourceId(0));
        assert!(diags.is_empty(), "{diags:?}");
        let ItemKind::Issue(cap) = &file.items[2].kind else {
            panic!("an issue")
        };
        let crate::syntax::IssueDomain::Range { hi, step, .. } = &cap.domain else {
            panic!("a range")
        };
        assert_eq!((hi.value, step.value), (1e6, 2.5e5));
        assert_eq!(step.text, "2.5e5");
        let checked = crate::check::check_source(
            &crate::world::MemoryWorld::new(),
            &mut {
                let mut s = crate::diagnostics::Sources::default();
                s.add("t.neg", text);
                s
            },
            SourceId(0),
            crate::check::Origin::Memory(std::path::PathBuf::from(".")),
        );
        assert!(checked.is_ok(), "{:?}", checked.err());

        for bad in ["issue x : 0 .. 1e step 1\n", "issue x : 0 .. 1e3k step 1\n"] {
            let (_, diags) = parse_file(bad, SourceId(0));
            assert_eq!(diags.len(), 1, "{bad}: {diags:?}");
        }
    }

    /// `neg fmt` keeps a scientific literal as written, and its output parses
    /// to the same tree and formats to itself.
    #[test]
    fn fmt_keeps_scientific_literals() {
        let text = "issue cap : 0 .. 1e6   step 2.5E5\nrule: cap<=7.5e+5\noffer o {cap: 5e5}\n";
        let once = crate::fmt::format_source(text).expect("formats");
        for literal in ["1e6", "2.5E5", "7.5e+5", "5e5"] {
            assert!(once.contains(literal), "{literal} in:\n{once}");
        }
        assert_eq!(crate::fmt::format_source(&once).expect("formats"), once);
        let tree = |t: &str| {
            let (file, diags) = parse_file(t, SourceId(0));
            assert!(diags.is_empty(), "{diags:?}");
            serde_json::to_value(&file.items).expect("serialises")
        };
        assert_eq!(tree(text), tree(&once));
    }
}
