//! Top-level items: one-line declarations and commands, and the three forms
//! with a `{ … }` body whose inside can hold comments between entries
//! (`prefs` blocks, party bodies, offers).

use super::expr::expr;
use super::source::Source;
use super::verbatim::verbatim;
use super::weave::{self, Piece, Sep};
use super::MAX_WIDTH;
use crate::model::format::pad_end;
use crate::syntax::*;

/// How far block entries are indented.
const INDENT: &str = "    ";

/// Prints one item whose comment-free span is `span`.
pub(crate) fn item(src: &Source, item: &Item, span: Span) -> String {
    let commented = !src.comments_in(span.start, span.end).is_empty();
    match &item.kind {
        ItemKind::Prefs(p) => prefs(src, p, span),
        ItemKind::Offer(o) => offer(src, o, span),
        ItemKind::Party(p) if p.has_body => party(src, p, span),
        _ if commented => verbatim(src, span, 0),
        ItemKind::Party(p) => party_head(p),
        ItemKind::Scenario(s) => format!("scenario {}", string(s)),
        ItemKind::Import(s) => format!("import {}", string(s)),
        ItemKind::Issue(d) => issue(d),
        ItemKind::Event(d) => event(d),
        ItemKind::Contingent { issue, event } => {
            format!("contingent {} on {}", issue.name, event.name)
        }
        ItemKind::Rule(r) => match &r.label {
            Some(l) => format!("rule {}: {}", string(l), expr(&r.expr)),
            None => format!("rule: {}", expr(&r.expr)),
        },
        ItemKind::Agreement(AgreementDecl::Package) => "agreement package".into(),
        ItemKind::Agreement(AgreementDecl::Sequential(ids)) => {
            format!("agreement sequential {}", names(ids, ", "))
        }
        ItemKind::Hook(HookDecl::File(f)) => format!("hook {}", string(f)),
        ItemKind::Hook(HookDecl::Inline { code, .. }) => format!("hook rhai {{{code}}}"),
        ItemKind::Strategy { name, function } => {
            format!("strategy {} = hook {}", name.name, function.name)
        }
        ItemKind::Command(c) => command(&c.kind),
    }
}

// ---------------------------------------------------------------- blocks

/// A `{ … }` body laid out with its comments: where its brace opens, the
/// pieces inside, and which entries hold a comment of their own.
struct Body {
    brace: usize,
    pieces: Vec<Piece>,
    dirty: Vec<bool>,
}

impl Body {
    /// The body of the item at `span` whose head ends at `head_end`, with
    /// entries at `spans` (trimmed here). `None` when a comment stands in the
    /// head (or the text is not shaped as expected): print the item verbatim.
    fn new(src: &Source, span: Span, head_end: usize, spans: &[Span]) -> Option<(Body, Vec<Span>)> {
        let brace = src.skip_trivia(head_end);
        let bytes = src.text.as_bytes();
        let close = span.end.checked_sub(1)?;
        if bytes.get(brace) != Some(&b'{') || bytes.get(close) != Some(&b'}') || brace >= close {
            return None;
        }
        if !src.comments_in(span.start, brace).is_empty() {
            return None;
        }
        let spans: Vec<Span> = spans.iter().map(|s| src.trim(*s)).collect();
        let pieces = weave::merge(src, &spans, brace + 1, close);
        let dirty = spans
            .iter()
            .map(|s| !src.comments_in(s.start, s.end).is_empty())
            .collect();
        Some((
            Body {
                brace,
                pieces,
                dirty,
            },
            spans,
        ))
    }

    /// Whether a comment stands between the entries.
    fn has_comments(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Comment(_)))
    }

    /// Whether some entry holds a comment inside it.
    fn any_dirty(&self) -> bool {
        self.dirty.iter().any(|d| *d)
    }

    /// How each piece stands after the one before it.
    fn seps(&self, src: &Source) -> Vec<Sep> {
        weave::separations(src, &self.pieces, Some(self.brace + 1))
    }

    /// `head {`, one piece per line (entries as given), `}`.
    fn multiline(&self, src: &Source, head: &str, entries: &[String], seps: &[Sep]) -> String {
        let texts: Vec<String> = self
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Entry(i, _) => entries[*i].clone(),
                Piece::Comment(c) => src.comment_text(c).to_string(),
            })
            .collect();
        let mut out = format!("{head} {{");
        weave::render(&mut out, &texts, seps, INDENT);
        out.push_str("\n}");
        out
    }
}

/// `head { a b }`, or `head { }` when empty.
fn one_line(head: &str, entries: &[String], sep: &str) -> String {
    if entries.is_empty() {
        format!("{head} {{ }}")
    } else {
        format!("{head} {{ {} }}", entries.join(sep))
    }
}

/// `party ID ["name"] { batna N care X [for P] }`, one line unless comments
/// stand between the fields.
fn party(src: &Source, p: &PartyDecl, span: Span) -> String {
    let head = party_head(p);
    let head_end = p.name.as_ref().map_or(p.id.span.end, |n| n.span.end);
    let Some((body, spans)) = Body::new(src, span, head_end, &p.field_spans) else {
        return verbatim(src, span, 0);
    };
    if body.any_dirty() {
        return verbatim(src, span, 0);
    }
    let fields: Vec<String> = p
        .field_spans
        .iter()
        .zip(&spans)
        .map(|(full, trimmed)| party_field(src, p, *full, *trimmed))
        .collect();
    if body.has_comments() {
        body.multiline(src, &head, &fields, &body.seps(src))
    } else {
        one_line(&head, &fields, " ")
    }
}

/// `party ID ["name"]`
fn party_head(p: &PartyDecl) -> String {
    match &p.name {
        Some(n) => format!("party {} {}", p.id.name, string(n)),
        None => format!("party {}", p.id.name),
    }
}

/// The party field written at `full` (its source text if it cannot be found).
fn party_field(src: &Source, p: &PartyDecl, full: Span, trimmed: Span) -> String {
    if let Some(c) = p.cares.iter().find(|c| c.span.start == full.start) {
        return match &c.target {
            Some(t) => format!("care {} for {}", number(&c.amount), t.name),
            None => format!("care {}", number(&c.amount)),
        };
    }
    if let Some(d) = p.discounts.iter().find(|d| full.contains(d.span.start)) {
        return format!("discount {}", number(d));
    }
    match p.batnas.iter().find(|b| full.contains(b.span.start)) {
        Some(b) => format!("batna {}", number(b)),
        None => src.slice(trimmed).to_string(),
    }
}

/// `offer ID [by P] { a: x, b: y }` on one line when it fits and holds no
/// comment; otherwise one setting per line, each with a comma.
fn offer(src: &Source, o: &OfferDecl, span: Span) -> String {
    let head = match &o.by {
        Some(by) => format!("offer {} by {}", o.id.name, by.name),
        None => format!("offer {}", o.id.name),
    };
    let head_end = o.by.as_ref().map_or(o.id.span.end, |b| b.span.end);
    let entry_spans: Vec<Span> = o.entries.iter().map(|e| e.span).collect();
    let Some((body, _)) = Body::new(src, span, head_end, &entry_spans) else {
        return verbatim(src, span, 0);
    };
    if body.any_dirty() {
        return verbatim(src, span, 0);
    }
    let entries: Vec<String> = o.entries.iter().map(offer_entry).collect();
    let line = one_line(&head, &entries, ", ");
    if !body.has_comments() && line.chars().count() <= MAX_WIDTH {
        return line;
    }
    let entries: Vec<String> = entries.into_iter().map(|e| e + ",").collect();
    body.multiline(src, &head, &entries, &body.seps(src))
}

/// `ISSUE: VALUE`
fn offer_entry(e: &OfferEntry) -> String {
    format!("{}: {}", e.issue.name, offer_value(&e.value))
}

/// An option, a number, or `{ outcome: value, … }`.
fn offer_value(v: &OfferValue) -> String {
    match v {
        OfferValue::Single(v) => value_lit(v),
        OfferValue::PerOutcome(entries, _) => table(
            entries
                .iter()
                .map(|(o, v)| format!("{}: {}", o.name, value_lit(v))),
        ),
    }
}

fn value_lit(v: &ValueLit) -> String {
    match v {
        ValueLit::Option(i) => i.name.clone(),
        ValueLit::Number(n) => number(n),
    }
}

/// `prefs P { … }`: one line per score-sheet line, `=` aligned in runs.
fn prefs(src: &Source, p: &PrefsDecl, span: Span) -> String {
    let mut head = format!("prefs {}", p.party.name);
    let mut head_end = p.party.span.end;
    if let Some(h) = &p.hypothesis {
        head += &format!(" as {}", h.id.name);
        head_end = h.id.span.end;
        if let Some(name) = &h.name {
            head += &format!(" {}", string(name));
            head_end = name.span.end;
        }
        if let Some(prior) = &h.prior {
            head += &format!(" {}", number(prior));
            head_end = prior.span.end;
        }
    }
    let item_spans: Vec<Span> = p.items.iter().map(|i| i.span).collect();
    let Some((body, spans)) = Body::new(src, span, head_end, &item_spans) else {
        return verbatim(src, span, 0);
    };
    if body.pieces.is_empty() {
        return one_line(&head, &[], "");
    }
    let seps = body.seps(src);
    let pads = alignment(&body, &seps, &p.items);
    let lines: Vec<String> = p
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| match body.dirty[i] {
            true => verbatim(src, spans[i], INDENT.len()),
            false => prefs_line(&item.kind, pads[i]),
        })
        .collect();
    body.multiline(src, &head, &lines, &seps)
}

/// The width to pad each value line's issue name to: the longest name in its
/// run of consecutive `ISSUE = …` lines (broken by a blank line, a comment on
/// its own line, or any other line).
fn alignment(body: &Body, seps: &[Sep], items: &[PrefsItem]) -> Vec<usize> {
    let mut pads = vec![0; items.len()];
    let mut run: Vec<usize> = vec![];
    let mut flush = |run: &mut Vec<usize>| {
        let width = run.iter().map(|i| value_name_len(&items[*i])).max();
        for i in run.drain(..) {
            pads[i] = width.unwrap_or(0);
        }
    };
    for (piece, sep) in body.pieces.iter().zip(seps) {
        match piece {
            Piece::Comment(_) if *sep == Sep::Trailing => {}
            Piece::Entry(i, _) if !body.dirty[*i] && value_name_len(&items[*i]) > 0 => {
                if *sep == Sep::Blank {
                    flush(&mut run);
                }
                run.push(*i);
            }
            _ => flush(&mut run),
        }
    }
    flush(&mut run);
    pads
}

/// The length of the issue name of an `ISSUE = …` line (0 for other lines).
fn value_name_len(item: &PrefsItem) -> usize {
    match &item.kind {
        PrefsItemKind::Value { issue, .. } => issue.name.len(),
        _ => 0,
    }
}

/// One score-sheet line; a value line's issue name is padded to `pad`.
fn prefs_line(kind: &PrefsItemKind, pad: usize) -> String {
    match kind {
        PrefsItemKind::Weights(ws) => {
            let ws: Vec<String> = ws
                .iter()
                .map(|w| match &w.high {
                    Some(high) => format!("{} {}..{}", w.issue.name, number(&w.low), number(high)),
                    None => format!("{} {}", w.issue.name, number(&w.low)),
                })
                .collect();
            format!("weight {}", ws.join(", "))
        }
        PrefsItemKind::Believe { event, probs } => match probs {
            Belief::Single(n) => format!("believe {} {}", event.name, number(n)),
            Belief::Table(t) => format!("believe {} {}", event.name, number_table(t)),
        },
        PrefsItemKind::Value { issue, value } => {
            format!("{} = {}", pad_end(&issue.name, pad), value_form(value))
        }
        PrefsItemKind::ExtraHook(h) => format!("extra = hook {}", whole_hook(h)),
        PrefsItemKind::UtilityHook(h) => format!("utility = hook {}", whole_hook(h)),
        PrefsItemKind::Batna(n) => format!("batna {}", number(n)),
    }
}

/// The right-hand side of `ISSUE = …`.
fn value_form(v: &ValueForm) -> String {
    match v {
        ValueForm::Table(t) => number_table(t),
        ValueForm::Linear(points) => {
            let points: Vec<String> = points
                .iter()
                .map(|(x, v)| format!("{} -> {}", number(x), number(v)))
                .collect();
            format!("linear({})", points.join(", "))
        }
        ValueForm::Expr(e) => expr(e),
        ValueForm::Hook(f) => format!("hook {}", f.name),
    }
}

// ---------------------------------------------------------------- one-liners

/// `issue ID ["name"] : a | b` / `issue ID ["name"] : LO .. HI step S`
fn issue(d: &IssueDecl) -> String {
    let domain = match &d.domain {
        IssueDomain::Options(options) => {
            let items: Vec<String> = options
                .iter()
                .enumerate()
                .map(|(k, o)| named(o, d.option_names.get(k).unwrap_or(&None)))
                .collect();
            items.join(" | ")
        }
        IssueDomain::Range { lo, hi, step } => {
            format!("{} .. {} step {}", number(lo), number(hi), number(step))
        }
    };
    format!("issue {} : {domain}", named(&d.id, &d.name))
}

/// `event ID ["name"] [: a | b]`
fn event(d: &EventDecl) -> String {
    let head = format!("event {}", named(&d.id, &d.name));
    match &d.outcomes {
        Some(o) => format!("{head} : {}", names(o, " | ")),
        None => head,
    }
}

/// A command line.
fn command(k: &CommandKind) -> String {
    match k {
        CommandKind::Evaluate(o) => format!("evaluate {}", o.name),
        CommandKind::Improve(o) => format!("improve {}", o.name),
        CommandKind::Beliefs(p) => format!("beliefs {}", p.name),
        CommandKind::Observe {
            party,
            answer,
            temperature,
        } => {
            let shown = |o: &ObservedOffer| match o {
                ObservedOffer::Named(id) => id.name.clone(),
                ObservedOffer::Inline { entries, .. } => table(entries.iter().map(offer_entry)),
            };
            let what = match answer {
                Answer::Chose { chosen, over } => format!(
                    "chose {} over {}",
                    shown(chosen),
                    over.iter().map(shown).collect::<Vec<_>>().join(", ")
                ),
                Answer::Accepted(o) => format!("accepted {}", shown(o)),
                Answer::Rejected(o) => format!("rejected {}", shown(o)),
            };
            let t = temperature.as_ref().map(|t| format!(" temperature {}", number(t)));
            format!("observe {} {what}{}", party.name, t.unwrap_or_default())
        }
        CommandKind::Reopen(i) => format!("reopen {}", i.name),
        CommandKind::Tradeoffs { a, b, from } => {
            let from = from.as_ref().map(|f| format!(" from {}", f.name));
            format!(
                "tradeoffs {} {}{}",
                a.name,
                b.name,
                from.unwrap_or_default()
            )
        }
        CommandKind::Meso { party, count, at } => {
            let at = at.as_ref().map(|n| format!(" at {}", number(n)));
            let count = number(count);
            format!(
                "meso {} count {count}{}",
                party.name,
                at.unwrap_or_default()
            )
        }
        CommandKind::Robust(p) => format!("robust for {}", p.name),
        CommandKind::Probe {
            party,
            by,
            count,
            at,
        } => {
            let at = at.as_ref().map(|n| format!(" at {}", number(n)));
            format!(
                "probe {} by {} count {}{}",
                party.name,
                by.name,
                number(count),
                at.unwrap_or_default()
            )
        }
        CommandKind::Simulate(sim) => simulate(sim),
        CommandKind::Tournament(t) => {
            let strategies: Vec<String> = t.strategies.iter().map(strategy_ref).collect();
            let mut out = format!("tournament {}", strategies.join(", "));
            for (word, n) in [("rounds", &t.rounds), ("seed", &t.seed), ("repeat", &t.repeat)] {
                if let Some(n) = n {
                    out += &format!(" {word} {}", number(n));
                }
            }
            if let Some(file) = &t.chart {
                out += &format!(" chart {}", string(file));
            }
            out
        }
        CommandKind::Tentative(e) => {
            format!("tentative {} = {}", e.issue.name, offer_value(&e.value))
        }
        CommandKind::Plot { file, axes } => match axes {
            Some((x, y)) => format!("plot {} x {} y {}", string(file), x.name, y.name),
            None => format!("plot {}", string(file)),
        },
        CommandKind::Assert(e) => format!("assert {}", expr(e)),
        _ => k.name().to_string(),
    }
}

/// `simulate a: s, b: t [rounds N] [agreement package|sequential]`
/// `meso(k=4, e=0.5)`
fn strategy_ref(r: &StrategyRef) -> String {
    if r.args.is_empty() {
        return r.name.name.clone();
    }
    let args: Vec<String> = r.args.iter().map(|(p, v)| format!("{}={}", p.name, number(v))).collect();
    format!("{}({})", r.name.name, args.join(", "))
}

fn simulate(sim: &SimulateCmd) -> String {
    let players: Vec<String> = sim
        .players
        .iter()
        .map(|p| match &p.hypothesis {
            Some(h) => format!("{} as {}: {}", p.party.name, h.name, strategy_ref(&p.strategy)),
            None => format!("{}: {}", p.party.name, strategy_ref(&p.strategy)),
        })
        .collect();
    let mut out = match &sim.label {
        Some(l) => format!("simulate {} = {}", l.name, players.join(", ")),
        None => format!("simulate {}", players.join(", ")),
    };
    if let Some(n) = &sim.rounds {
        out += &format!(" rounds {}", number(n));
    }
    match sim.agreement {
        Some(SimAgreement::Package) => out += " agreement package",
        Some(SimAgreement::Sequential) => out += " agreement sequential",
        None => {}
    }
    for (word, n) in [("seed", &sim.seed), ("repeat", &sim.repeat)] {
        if let Some(n) = n {
            out += &format!(" {word} {}", number(n));
        }
    }
    out
}

// ---------------------------------------------------------------- tokens

/// A number literal exactly as written.
pub(crate) fn number(n: &Number) -> String {
    n.text.clone()
}

/// A string literal, quoted, with `"`, `\`, line breaks and tabs escaped.
fn string(s: &StrLit) -> String {
    let mut out = String::with_capacity(s.value.len() + 2);
    out.push('"');
    for c in s.value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `ID` or `ID "name"`.
fn named(id: &Ident, name: &Option<StrLit>) -> String {
    match name {
        Some(n) => format!("{} {}", id.name, string(n)),
        None => id.name.clone(),
    }
}

/// Names joined by `sep`.
fn names(ids: &[Ident], sep: &str) -> String {
    let names: Vec<&str> = ids.iter().map(|i| i.name.as_str()).collect();
    names.join(sep)
}

/// `a 1, b 2` (with `inner` = " ") or `a: 1, b: 2` (with ": ").
fn pairs(entries: &[(Ident, Number)], inner: &str, sep: &str) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}{inner}{}", k.name, number(v)))
        .collect();
    entries.join(sep)
}

/// `{ a: 1, b: 2 }`, or `{ }`.
fn number_table(entries: &[(Ident, Number)]) -> String {
    if entries.is_empty() {
        "{ }".into()
    } else {
        format!("{{ {} }}", pairs(entries, ": ", ", "))
    }
}

/// `{ e1, e2 }`, or `{ }`.
fn table(entries: impl Iterator<Item = String>) -> String {
    let entries: Vec<String> = entries.collect();
    if entries.is_empty() {
        "{ }".into()
    } else {
        format!("{{ {} }}", entries.join(", "))
    }
}

/// `f reads a, b` (or `f`).
fn whole_hook(h: &crate::syntax::WholeHook) -> String {
    let reads: Vec<&str> = h.reads.iter().map(|i| i.name.as_str()).collect();
    if reads.is_empty() {
        h.function.name.clone()
    } else {
        format!("{} reads {}", h.function.name, reads.join(", "))
    }
}
