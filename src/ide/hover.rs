//! Hover: what a name means in the deal. An issue's options and each
//! party's points for them; an offer's utilities, gains and acceptance for
//! every party (`evaluate`'s table); a party's BATNA and care; an event's
//! beliefs per party. Markdown, as editors show it.

use super::index::{Symbol, TopKind};
use super::Analysis;
use crate::diagnostics::{SourceId, Span};
use crate::model::format::format_number;
use crate::interp::Session;
use crate::model::{Command, CommandKind, Domain, PackageRef, Scenario};
use crate::syntax::Unit;
use std::fmt::Write;

/// What hover shows, and the span of the name it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Hover {
    /// The name under the cursor.
    pub span: Span,
    /// Markdown.
    pub markdown: String,
}

/// The most options an issue's hover lists (a numeric range can hold many).
const MAX_OPTIONS_SHOWN: usize = 12;

/// Hover for the name at `offset` in `source`.
pub fn hover(a: &Analysis, source: SourceId, offset: usize) -> Option<Hover> {
    let occurrence = a.index.at(source, offset)?;
    let symbol = &occurrence.symbol;
    let scenario = a.plan.as_ref().map(|p| p.scenario());
    let mut md = String::new();
    match (symbol, scenario) {
        (Symbol::Top(name), Some(s)) => match a.index.kind_of(name) {
            Some(TopKind::Party) => party(s, name, &mut md),
            Some(TopKind::Issue) => issue(s, name, None, &mut md),
            Some(TopKind::Event) => event(s, name, &mut md),
            Some(TopKind::Offer) => offer(a, name, &mut md),
            Some(TopKind::Strategy) | None => declared_line(a, symbol, &mut md),
        },
        (Symbol::Option(i, o), Some(s)) => issue(s, i, Some(o), &mut md),
        (Symbol::Hypothesis(p, h), Some(s)) => hypothesis(s, p, h, &mut md),
        _ => declared_line(a, symbol, &mut md),
    }
    if scenario.is_none() {
        md.push_str("\n\n*(figures once the plan checks)*");
    }
    Some(Hover {
        span: occurrence.loc.span,
        markdown: md.trim().to_string(),
    })
}

/// A figure as the tables show it: two decimals at most.
fn plain(x: f64) -> String {
    format_number((x * 100.0).round() / 100.0, Unit::Plain)
}

fn title(md: &mut String, keyword: &str, id: &str, name: Option<&str>, doc: Option<&str>) {
    let _ = write!(md, "**{keyword}** `{id}`");
    if let Some(n) = name {
        let _ = write!(md, " — {n}");
    }
    md.push('\n');
    if let Some(d) = doc {
        let _ = write!(md, "\n{}\n", d.trim());
    }
}

fn party(s: &Scenario, name: &str, md: &mut String) {
    let Some(p) = s.party(name).map(|i| &s.parties[i]) else {
        return;
    };
    title(md, "party", &p.id, p.name.as_deref(), p.doc.as_deref());
    let _ = write!(md, "\n- BATNA **{}**", plain(p.batna));
    for c in &p.care {
        let _ = write!(md, "\n- care {} for `{}`", plain(c.amount), s.parties[c.party].id);
    }
    if p.discount != 1.0 {
        let _ = write!(md, "\n- discount {} per round", plain(p.discount));
    }
    if !p.hypotheses.is_empty() {
        md.push_str("\n- its score sheet is hidden; hypotheses:");
        for h in &p.hypotheses {
            let _ = write!(md, "\n  - `{}` prior {}, BATNA {}", h.id, format_number(h.prior, Unit::Percent), plain(h.batna));
        }
    }
}

fn hypothesis(s: &Scenario, party: &str, id: &str, md: &mut String) {
    let Some(h) = s
        .party(party)
        .and_then(|i| s.parties[i].hypotheses.iter().find(|h| h.id == id))
    else {
        return;
    };
    title(md, "hypothesis", id, h.name.as_deref(), None);
    let _ = write!(
        md,
        "\nabout `{party}`'s score sheet: prior {}, BATNA {}",
        format_number(h.prior, Unit::Percent),
        plain(h.batna)
    );
}

/// An issue's options, and each party's weight and points for them (the
/// utility each option adds, weighted; expected over the outcomes of the
/// event a contingent issue depends on). With `focus`, that option only.
fn issue(s: &Scenario, name: &str, focus: Option<&str>, md: &mut String) {
    let Some(i) = s.issue(name) else {
        return;
    };
    let issue = &s.issues[i];
    let shown: Vec<u32> = match (&issue.domain, focus) {
        (Domain::Options(o), Some(f)) => o.iter().position(|x| x == f).map(|k| vec![k as u32]).unwrap_or_default(),
        _ => (0..issue.domain.len() as u32).take(MAX_OPTIONS_SHOWN).collect(),
    };
    match focus {
        Some(f) => title(md, "option", f, None, None),
        None => title(md, "issue", &issue.id, issue.name.as_deref(), issue.doc.as_deref()),
    }
    if focus.is_some() {
        let _ = writeln!(md, "\nof issue `{}`", issue.id);
    } else {
        let n = issue.domain.len();
        let mut listed: Vec<String> = (0..n.min(MAX_OPTIONS_SHOWN) as u32).map(|o| issue.show(o)).collect();
        if n > MAX_OPTIONS_SHOWN {
            listed.push(format!("… | {}", issue.show(n as u32 - 1)));
        }
        let _ = writeln!(md, "\n{} options: {}", crate::model::format::count(n as f64), listed.join(" | "));
    }
    if let Some(e) = issue.contingent_on {
        let _ = writeln!(md, "\ncontingent on `{}`: each party's points are expected over its outcomes", s.events[e].id);
    }
    let slots: Vec<usize> = s.issue_slots(i).collect();
    let header: Vec<String> = shown.iter().map(|&o| issue.show(o)).collect();
    let _ = write!(md, "\n| party | weight | {} |\n|---|---|{}\n", header.join(" | "), "---|".repeat(shown.len()));
    for p in &s.parties {
        let cells: Vec<String> = shown
            .iter()
            .map(|&o| plain(slots.iter().map(|&slot| p.values[slot][o as usize]).sum()))
            .collect();
        let weight = weight(p, i);
        let _ = writeln!(md, "| `{}` | {} | {} |", p.id, weight, cells.join(" | "));
    }
    if issue.domain.len() > shown.len() && focus.is_none() {
        let _ = writeln!(md, "\n(first {} of {} options)", shown.len(), issue.domain.len());
    }
    md.push_str("\npoints: the utility each option adds to the party's score (weight × score)");
}

/// A party's weight for issue `i`: a percentage when the sheet's weights
/// add up to 1 (as written: `weight price 40%`), else the number.
fn weight(p: &crate::model::Party, i: usize) -> String {
    let total: f64 = p.weights.iter().sum();
    match (total - 1.0).abs() < 1e-9 {
        true => format_number((p.weights[i] * 1e4).round() / 1e4, Unit::Percent),
        false => plain(p.weights[i]),
    }
}

fn event(s: &Scenario, name: &str, md: &mut String) {
    let Some(e) = s.events.iter().position(|e| e.id == name) else {
        return;
    };
    let event = &s.events[e];
    title(md, "event", &event.id, event.name.as_deref(), None);
    let _ = write!(md, "\n| party | {} |\n|---|{}\n", event.outcomes.join(" | "), "---|".repeat(event.outcomes.len()));
    for p in &s.parties {
        let cells: Vec<String> = match p.beliefs.get(e).and_then(Option::as_ref) {
            Some(probs) => probs.iter().map(|&x| format_number(x, Unit::Percent)).collect(),
            None => vec!["—".into(); event.outcomes.len()],
        };
        let _ = writeln!(md, "| `{}` | {} |", p.id, cells.join(" | "));
    }
}

/// `evaluate`'s table: utilities, gains and acceptance for every party.
/// The command runs on the checked scenario directly (no second check),
/// and the frontier its efficiency line needs (or why it was refused) is
/// kept for the next hover.
fn offer(a: &Analysis, name: &str, md: &mut String) {
    let Some(plan) = &a.plan else {
        return;
    };
    let s = plan.scenario();
    let Some(o) = s.offers.iter().position(|x| x.id == name) else {
        return;
    };
    // `evaluate`'s table below starts with the offer's doc comment.
    title(md, "offer", name, None, None);
    let command = Command {
        kind: CommandKind::Evaluate(PackageRef::Offer(o)),
        loc: a.index.definition(&Symbol::Top(name.to_string())).unwrap_or_default(),
    };
    let known = a.frontier.lock().ok().and_then(|mut f| f.take());
    let mut session = Session::new(s);
    if let Some(outcome) = known {
        session = session.knowing_frontier_outcome(outcome);
    }
    let step = session.run_command(&command);
    if let (Some(outcome), Ok(mut cache)) = (session.into_frontier_outcome(), a.frontier.lock()) {
        *cache = Some(outcome);
    }
    match step.report() {
        Some(report) => {
            let json = serde_json::to_value(report).unwrap_or_default();
            // A party loses by it when its gain over its BATNA is negative
            // (with hypotheses about it, its expected gain).
            let losing: Vec<String> = json["gains"]
                .as_object()
                .map(|gains| {
                    gains
                        .iter()
                        .filter(|(_, g)| g.as_f64().is_some_and(|g| g < 0.0))
                        .map(|(p, g)| format!("`{p}` ({})", plain(g.as_f64().unwrap_or(0.0))))
                        .collect()
                })
                .unwrap_or_default();
            let acceptance = json["acceptance"].as_f64();
            match (losing.is_empty(), acceptance) {
                (true, None) => md.push_str("\nacceptable to every party: each gains over its BATNA\n"),
                (true, Some(_)) => md.push_str("\nevery party gains over its BATNA (expected over the hypotheses)\n"),
                (false, _) => {
                    let _ = writeln!(md, "\nnot acceptable to {} (its gain over its BATNA)", losing.join(", "));
                }
            }
            if let Some(a) = acceptance {
                let _ = writeln!(md, "\nchance the hidden side accepts: {}", format_number(a, Unit::Percent));
            }
            let text = crate::report::render_text(report);
            let _ = write!(md, "\n```text\n{}\n```", text.trim_end());
        }
        None => md.push_str("\n(cannot be evaluated)"),
    }
}

/// The line that declares a name, as written.
fn declared_line(a: &Analysis, symbol: &Symbol, md: &mut String) {
    let Some(loc) = a.index.definition(symbol) else {
        let _ = write!(md, "`{}`", symbol.name());
        return;
    };
    let text = &a.sources.get(loc.source).text;
    let start = text[..loc.span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[loc.span.end..].find('\n').map_or(text.len(), |i| loc.span.end + i);
    let lang = match symbol {
        Symbol::Hook(_) => "rhai",
        _ => "neg",
    };
    let _ = write!(md, "```{lang}\n{}\n```", text[start..end].trim());
}
