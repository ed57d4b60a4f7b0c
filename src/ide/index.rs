//! Every name of a plan and every place it is written: the symbol table
//! behind go-to-definition, find-references, rename and hover.
//!
//! Built from the syntax trees alone (with error recovery's partial trees
//! too), so an editor keeps navigating while the plan has errors. Names
//! resolve as the checker resolves them: parties, issues, events, offers
//! and strategies share one namespace; an option belongs to its issue (the
//! issue beside it says which); a hypothesis to its party; a hook function
//! is defined by `fn NAME(` in the plan's Rhai code.

use crate::diagnostics::{SourceId, Span};
use crate::model::Loc;
use crate::syntax::{
    Answer, CommandKind, Expr, ExprKind, File, Ident, IssueDomain, ItemKind, ObservedOffer,
    OfferEntry, OfferValue, PrefsItemKind, ValueForm, ValueLit,
};
use std::collections::HashMap;

/// What a name stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    /// A party, issue, event, offer or strategy (the one namespace).
    Top(String),
    /// An option of an issue: `(issue, option)`.
    Option(String, String),
    /// A hypothesis about a party's sheet: `(party, hypothesis)`.
    Hypothesis(String, String),
    /// A function of the plan's Rhai hooks.
    Hook(String),
    /// A named simulation (`simulate deal = …`).
    Simulation(String),
}

impl Symbol {
    /// The name as written.
    pub fn name(&self) -> &str {
        match self {
            Symbol::Top(n) | Symbol::Hook(n) | Symbol::Simulation(n) => n,
            Symbol::Option(_, n) | Symbol::Hypothesis(_, n) => n,
        }
    }
}

/// What a top-level name was declared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopKind {
    /// `party`
    Party,
    /// `issue`
    Issue,
    /// `event`
    Event,
    /// `offer`
    Offer,
    /// `strategy`
    Strategy,
}

/// One place a name is written.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// What it names.
    pub symbol: Symbol,
    /// Where it is written.
    pub loc: Loc,
    /// Whether this is where it is declared.
    pub is_definition: bool,
}

/// The plan's names: declarations and every use.
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// Every occurrence, in the order found.
    pub occurrences: Vec<Occurrence>,
    /// The top-level names and what they were declared as.
    pub kinds: HashMap<String, TopKind>,
    /// The top-level names in the order first declared (once each).
    pub declared: Vec<String>,
    /// Each issue's options, in the order declared (none for numeric issues).
    pub options: Vec<(String, Vec<String>)>,
    /// Each party's hypotheses (`prefs P as H`).
    pub hypotheses: Vec<(String, Vec<String>)>,
    /// The events, with their outcomes.
    pub events: Vec<(String, Vec<String>)>,
    /// `contingent ISSUE on EVENT`: the issues set per outcome, with their event.
    pub contingent: Vec<(String, String)>,
    /// The hook functions the plan's Rhai code defines.
    pub hook_functions: Vec<String>,
    /// Named simulations.
    pub simulations: Vec<String>,
    /// The declarations of each file, for an editor's outline.
    pub outline: Vec<Outline>,
}

/// A declaration in a file's outline.
#[derive(Debug, Clone)]
pub struct Outline {
    /// The name shown (`vc`, `prefs vc`, `prefs vc as cautious`).
    pub name: String,
    /// What it is.
    pub kind: OutlineKind,
    /// The file.
    pub source: SourceId,
    /// The whole declaration.
    pub span: Span,
    /// The name in it.
    pub name_span: Span,
    /// An issue's options.
    pub children: Vec<Outline>,
}

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    /// `party`
    Party,
    /// `issue`
    Issue,
    /// An option of an issue.
    Option,
    /// `event`
    Event,
    /// `offer`
    Offer,
    /// `strategy`
    Strategy,
    /// `prefs`
    Prefs,
    /// A named `simulate`.
    Simulation,
}

/// A file's syntax tree with its source id, and the hook code it brings in
/// (text and where it stands).
pub struct Input<'a> {
    /// The file's source id.
    pub source: SourceId,
    /// Its syntax tree.
    pub file: &'a File,
    /// Hook code pieces: `(source, span, text of that source)`.
    pub hooks: Vec<(SourceId, Span, &'a str)>,
}

impl Index {
    /// Indexes the files of a plan (imports and root, any order).
    pub fn build(inputs: &[Input<'_>]) -> Index {
        let mut index = Index::default();
        for input in inputs {
            index.declare(input.source, input.file);
        }
        let mut seen_hooks: Vec<(SourceId, Span)> = vec![];
        for input in inputs {
            for &(source, span, text) in &input.hooks {
                if !seen_hooks.contains(&(source, span)) {
                    seen_hooks.push((source, span));
                    index.hook_code(source, span, text);
                }
            }
        }
        for input in inputs {
            index.uses(input.source, input.file);
        }
        index
    }

    /// What a top-level name was declared as.
    pub fn kind_of(&self, name: &str) -> Option<TopKind> {
        self.kinds.get(name).copied()
    }

    /// The names of one kind, in the order declared.
    pub fn names_of(&self, kind: TopKind) -> Vec<String> {
        let names = self.declared.iter().filter(|n| self.kind_of(n) == Some(kind));
        names.cloned().collect()
    }

    /// The options of an issue (empty for a numeric or unknown issue).
    pub fn options_of(&self, issue: &str) -> &[String] {
        self.options
            .iter()
            .find(|(i, _)| i == issue)
            .map_or(&[], |(_, o)| o.as_slice())
    }

    /// The outcomes an issue is set for (`contingent ISSUE on EVENT`).
    pub fn outcomes_of(&self, issue: &str) -> &[String] {
        let event = self.contingent.iter().find(|(i, _)| i == issue).map(|(_, e)| e);
        let outcomes = event.and_then(|e| self.events.iter().find(|(x, _)| x == e));
        outcomes.map_or(&[], |(_, o)| o.as_slice())
    }

    /// The hypotheses about a party.
    pub fn hypotheses_of(&self, party: &str) -> &[String] {
        self.hypotheses
            .iter()
            .find(|(p, _)| p == party)
            .map_or(&[], |(_, h)| h.as_slice())
    }

    /// The name written at `offset` in `source`, if any.
    pub fn at(&self, source: SourceId, offset: usize) -> Option<&Occurrence> {
        self.occurrences.iter().find(|o| {
            o.loc.source == source && o.loc.span.start <= offset && offset <= o.loc.span.end
        })
    }

    /// Where `symbol` is declared (the first declaration).
    pub fn definition(&self, symbol: &Symbol) -> Option<Loc> {
        self.occurrences
            .iter()
            .find(|o| o.is_definition && &o.symbol == symbol)
            .map(|o| o.loc)
    }

    /// Every place `symbol` is written, declarations included.
    pub fn references<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences.iter().filter(move |o| &o.symbol == symbol)
    }

    fn push(&mut self, symbol: Symbol, source: SourceId, span: Span, is_definition: bool) {
        self.occurrences.push(Occurrence {
            symbol,
            loc: Loc { source, span },
            is_definition,
        });
    }

    /// First pass: what each file declares.
    fn declare(&mut self, source: SourceId, file: &File) {
        let top = |index: &mut Index, id: &Ident, kind: TopKind| {
            if !index.kinds.contains_key(&id.name) {
                index.kinds.insert(id.name.clone(), kind);
                index.declared.push(id.name.clone());
            }
            index.push(Symbol::Top(id.name.clone()), source, id.span, true);
        };
        let entry = |name: &str, kind: OutlineKind, span: Span, name_span: Span| Outline {
            name: name.to_string(),
            kind,
            source,
            span,
            name_span,
            children: vec![],
        };
        for item in &file.items {
            let outlined = match &item.kind {
                ItemKind::Party(p) => Some((&p.id, OutlineKind::Party, p.id.name.clone())),
                ItemKind::Event(e) => Some((&e.id, OutlineKind::Event, e.id.name.clone())),
                ItemKind::Offer(o) => Some((&o.id, OutlineKind::Offer, o.id.name.clone())),
                ItemKind::Strategy { name, .. } => Some((name, OutlineKind::Strategy, name.name.clone())),
                ItemKind::Prefs(p) => {
                    let name = match &p.hypothesis {
                        Some(h) => format!("prefs {} as {}", p.party.name, h.id.name),
                        None => format!("prefs {}", p.party.name),
                    };
                    Some((&p.party, OutlineKind::Prefs, name))
                }
                _ => None,
            };
            if let Some((id, kind, name)) = outlined {
                self.outline.push(entry(&name, kind, item.span, id.span));
            }
            match &item.kind {
                ItemKind::Party(p) => top(self, &p.id, TopKind::Party),
                ItemKind::Issue(d) => {
                    top(self, &d.id, TopKind::Issue);
                    let mut names = vec![];
                    let mut outline = entry(&d.id.name, OutlineKind::Issue, item.span, d.id.span);
                    if let IssueDomain::Options(options) = &d.domain {
                        for o in options {
                            names.push(o.name.clone());
                            let symbol = Symbol::Option(d.id.name.clone(), o.name.clone());
                            self.push(symbol, source, o.span, true);
                            outline.children.push(entry(&o.name, OutlineKind::Option, o.span, o.span));
                        }
                    }
                    self.outline.push(outline);
                    self.options.push((d.id.name.clone(), names));
                }
                ItemKind::Event(e) => {
                    top(self, &e.id, TopKind::Event);
                    let outcomes = match &e.outcomes {
                        Some(o) => o.iter().map(|i| i.name.clone()).collect(),
                        None => vec!["yes".into(), "no".into()],
                    };
                    self.events.push((e.id.name.clone(), outcomes));
                }
                ItemKind::Offer(o) => top(self, &o.id, TopKind::Offer),
                ItemKind::Strategy { name, .. } => top(self, name, TopKind::Strategy),
                ItemKind::Contingent { issue, event } => {
                    self.contingent.push((issue.name.clone(), event.name.clone()));
                }
                ItemKind::Prefs(p) => {
                    if let Some(h) = &p.hypothesis {
                        let party = p.party.name.clone();
                        let symbol = Symbol::Hypothesis(party.clone(), h.id.name.clone());
                        self.push(symbol, source, h.id.span, true);
                        match self.hypotheses.iter_mut().find(|(q, _)| *q == party) {
                            Some((_, hs)) => hs.push(h.id.name.clone()),
                            None => self.hypotheses.push((party, vec![h.id.name.clone()])),
                        }
                    }
                }
                ItemKind::Command(c) => {
                    if let CommandKind::Simulate(s) = &c.kind {
                        if let Some(label) = &s.label {
                            let outline = entry(&label.name, OutlineKind::Simulation, item.span, label.span);
                            self.outline.push(outline);
                            self.simulations.push(label.name.clone());
                            let symbol = Symbol::Simulation(label.name.clone());
                            self.push(symbol, source, label.span, true);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The functions a piece of Rhai code defines (`fn NAME(`) and calls
    /// (`NAME(` for a function defined there or elsewhere in the plan's hooks).
    fn hook_code(&mut self, source: SourceId, span: Span, text: &str) {
        let code = text.get(span.start..span.end).unwrap_or("");
        let words = rhai_words(code);
        for (i, (at, word)) in words.iter().enumerate() {
            let after_fn = i > 0 && words[i - 1].1 == "fn";
            if after_fn {
                self.hook_functions.push(word.to_string());
                let s = Span::new(span.start + at, span.start + at + word.len());
                self.push(Symbol::Hook(word.to_string()), source, s, true);
            }
        }
        for (i, (at, word)) in words.iter().enumerate() {
            let after_fn = i > 0 && words[i - 1].1 == "fn";
            let after = code.get(at + word.len()..).unwrap_or("");
            let called = after.trim_start().starts_with('(');
            if !after_fn && called && self.hook_functions.iter().any(|f| f == word) {
                let s = Span::new(span.start + at, span.start + at + word.len());
                self.push(Symbol::Hook(word.to_string()), source, s, false);
            }
        }
    }

    /// Second pass: every use of a name.
    fn uses(&mut self, source: SourceId, file: &File) {
        let mut u = Uses { index: self, source };
        for item in &file.items {
            u.item(&item.kind);
        }
    }
}

/// The identifiers of Rhai code outside comments and strings, with their
/// byte offsets.
fn rhai_words(code: &str) -> Vec<(usize, &str)> {
    let bytes = code.as_bytes();
    let mut words = vec![];
    let mut i = 0;
    while i < bytes.len() {
        // Bytes, not `str` slices: `i` may stand inside a multi-byte
        // character of the code.
        let c = bytes[i];
        let rest = &bytes[i..];
        if rest.starts_with(b"//") {
            i = rest.iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| i + n);
        } else if rest.starts_with(b"/*") {
            let end = rest[2..].windows(2).position(|w| w == b"*/");
            i = end.map_or(bytes.len(), |n| i + n + 4);
        } else if c == b'"' || c == b'\'' || c == b'`' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != c {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            words.push((start, &code[start..i]));
        } else {
            i += 1;
        }
    }
    words
}

/// The walk that records uses in one file.
struct Uses<'a> {
    index: &'a mut Index,
    source: SourceId,
}

impl Uses<'_> {
    fn top(&mut self, id: &Ident) {
        if self.index.kinds.contains_key(&id.name) {
            self.index
                .push(Symbol::Top(id.name.clone()), self.source, id.span, false);
        }
    }

    fn option(&mut self, issue: &str, id: &Ident) {
        if self.index.options_of(issue).contains(&id.name) {
            let symbol = Symbol::Option(issue.to_string(), id.name.clone());
            self.index.push(symbol, self.source, id.span, false);
        }
    }

    fn hook(&mut self, id: &Ident) {
        if self.index.hook_functions.contains(&id.name) {
            self.index
                .push(Symbol::Hook(id.name.clone()), self.source, id.span, false);
        }
    }

    fn hypothesis(&mut self, party: &Ident, id: &Ident) {
        let symbol = Symbol::Hypothesis(party.name.clone(), id.name.clone());
        self.index.push(symbol, self.source, id.span, false);
    }

    fn entry(&mut self, e: &OfferEntry) {
        self.top(&e.issue);
        let values: Vec<&ValueLit> = match &e.value {
            OfferValue::Single(v) => vec![v],
            OfferValue::PerOutcome(arms, _) => arms.iter().map(|(_, v)| v).collect(),
        };
        for v in values {
            if let ValueLit::Option(id) = v {
                self.option(&e.issue.name, id);
            }
        }
    }

    fn observed(&mut self, o: &ObservedOffer) {
        match o {
            ObservedOffer::Named(id) => self.top(id),
            ObservedOffer::Inline { entries, .. } => entries.iter().for_each(|e| self.entry(e)),
        }
    }

    fn item(&mut self, kind: &ItemKind) {
        match kind {
            ItemKind::Party(p) => {
                for care in &p.cares {
                    if let Some(t) = &care.target {
                        self.top(t);
                    }
                }
            }
            ItemKind::Contingent { issue, event } => {
                self.top(issue);
                self.top(event);
            }
            ItemKind::Prefs(p) => {
                self.top(&p.party);
                for item in &p.items {
                    self.prefs_item(&item.kind);
                }
            }
            ItemKind::Rule(r) => self.expr(&r.expr),
            ItemKind::Agreement(crate::syntax::AgreementDecl::Sequential(issues)) => {
                issues.iter().for_each(|i| self.top(i));
            }
            ItemKind::Offer(o) => {
                if let Some(by) = &o.by {
                    self.top(by);
                }
                o.entries.iter().for_each(|e| self.entry(e));
            }
            ItemKind::Strategy { function, .. } => self.hook(function),
            ItemKind::Command(c) => self.command(&c.kind),
            _ => {}
        }
    }

    fn prefs_item(&mut self, kind: &PrefsItemKind) {
        match kind {
            PrefsItemKind::Weights(ws) => ws.iter().for_each(|w| self.top(&w.issue)),
            PrefsItemKind::Believe { event, .. } => self.top(event),
            PrefsItemKind::Value { issue, value } => {
                self.top(issue);
                match value {
                    ValueForm::Table(rows) => {
                        for (option, _) in rows {
                            self.option(&issue.name, option);
                        }
                    }
                    ValueForm::Expr(e) => self.expr(e),
                    ValueForm::Hook(f) => self.hook(f),
                    ValueForm::Linear(_) => {}
                }
            }
            PrefsItemKind::ExtraHook(h) | PrefsItemKind::UtilityHook(h) => {
                self.hook(&h.function);
                h.reads.iter().for_each(|i| self.top(i));
            }
            PrefsItemKind::Batna(_) => {}
        }
    }

    fn command(&mut self, kind: &CommandKind) {
        match kind {
            CommandKind::Evaluate(id)
            | CommandKind::Improve(id)
            | CommandKind::Reopen(id)
            | CommandKind::Beliefs(id)
            | CommandKind::Robust(id) => self.top(id),
            CommandKind::Tradeoffs { a, b, from } => {
                self.top(a);
                self.top(b);
                if let Some(f) = from {
                    self.top(f);
                }
            }
            CommandKind::Meso { party, .. } => self.top(party),
            CommandKind::Probe { party, by, .. } => {
                self.top(party);
                self.top(by);
            }
            CommandKind::Tentative(e) => self.entry(e),
            CommandKind::Plot {
                axes: Some((x, y)), ..
            } => {
                self.top(x);
                self.top(y);
            }
            CommandKind::Assert(e) => self.expr(e),
            CommandKind::Observe { party, answer, .. } => {
                self.top(party);
                match answer {
                    Answer::Chose { chosen, over } => {
                        self.observed(chosen);
                        over.iter().for_each(|o| self.observed(o));
                    }
                    Answer::Accepted(o) | Answer::Rejected(o) => self.observed(o),
                }
            }
            CommandKind::Simulate(s) => {
                for p in &s.players {
                    self.top(&p.party);
                    if let Some(h) = &p.hypothesis {
                        self.hypothesis(&p.party, h);
                    }
                    self.top(&p.strategy.name);
                }
            }
            CommandKind::Tournament(t) => t.strategies.iter().for_each(|s| self.top(&s.name)),
            _ => {}
        }
    }

    /// A name in an expression: a declared name, else an option (of the
    /// issue it is compared with, or of the first issue that has it, as the
    /// checker reads it), else a named simulation.
    fn name(&mut self, id: &Ident, issue: Option<&str>) {
        if self.index.kinds.contains_key(&id.name) {
            return self.top(id);
        }
        let owner = issue
            .filter(|i| self.index.options_of(i).contains(&id.name))
            .map(str::to_string)
            .or_else(|| {
                let owner = self.index.options.iter().find(|(_, o)| o.contains(&id.name));
                owner.map(|(i, _)| i.clone())
            });
        if let Some(issue) = owner {
            return self.option(&issue, id);
        }
        if self.index.simulations.contains(&id.name) {
            let symbol = Symbol::Simulation(id.name.clone());
            self.index.push(symbol, self.source, id.span, false);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Name(id) => self.name(id, None),
            ExprKind::Call { function, args } => {
                self.hook(function);
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Unary(_, a) | ExprKind::Paren(a) => self.expr(a),
            ExprKind::Binary(_, a, b) => {
                // `consulting == free`: the option is the issue's.
                let issue_of = |x: &Expr| match &x.kind {
                    ExprKind::Name(id) if self.index.kind_of(&id.name) == Some(TopKind::Issue) => {
                        Some(id.name.clone())
                    }
                    _ => None,
                };
                let (ia, ib) = (issue_of(a), issue_of(b));
                for (side, other_issue) in [(a, ib), (b, ia)] {
                    match (&side.kind, other_issue) {
                        (ExprKind::Name(id), Some(issue)) => self.name(id, Some(&issue)),
                        _ => self.expr(side),
                    }
                }
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.expr(then);
                self.expr(otherwise);
            }
            ExprKind::When { event, arms } => {
                self.top(event);
                arms.iter().for_each(|(_, a)| self.expr(a));
            }
            ExprKind::Number(_) | ExprKind::Bool(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rhai_words;

    #[test]
    fn rhai_words_skip_comments_strings_and_other_scripts() {
        let code = "// fn not_this()\nfn é_side() {}\nfn points(x) { \"fn nor_this\" + x /* fn no */ }";
        let words: Vec<&str> = rhai_words(code).into_iter().map(|(_, w)| w).collect();
        assert_eq!(words, ["fn", "_side", "fn", "points", "x", "x"]);
    }
}
