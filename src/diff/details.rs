//! What changed inside a declaration, field by field, in the plan's own
//! notation: a party's BATNA `30 → 60`, an issue's options, a score sheet's
//! weights and lines, an offer's entries (`equity 27% → 24%`).

use super::{squeeze, Decl, Renames};
use crate::model::{format_number, Domain, Scenario};
use crate::report::{Detail, Labels, PackageView, Shown};
use crate::syntax::{AgreementDecl, ItemKind, Number, PrefsItemKind, Span};
use serde_json::{json, Value};

/// The fields that differ between two versions of one declaration (empty
/// when none can be named: the text then says only that it changed). The
/// older declaration's names are read through `r`; `a` is the older
/// scenario already renamed.
pub(super) fn of(old: &Decl, new: &Decl, r: &Renames, (a, b): (&Scenario, &Scenario)) -> Vec<Detail> {
    let mut out = Fields::default();
    match (&old.item.kind, &new.item.kind) {
        (ItemKind::Party(x), ItemKind::Party(y)) => {
            let name = |p: &crate::syntax::PartyDecl| p.name.as_ref().map(|n| n.value.clone());
            out.text("name", name(x), name(y));
            out.number("batna", x.batnas.first(), y.batnas.first());
            out.number("discount", x.discounts.first(), y.discounts.first());
            let cares = |p: &crate::syntax::PartyDecl, r: &Renames| -> Vec<(String, Number)> {
                p.cares
                    .iter()
                    .map(|c| (c.target.as_ref().map_or("everyone".into(), |t| r.name(&t.name).to_string()), c.amount.clone()))
                    .collect()
            };
            let (cx, cy) = (cares(x, r), cares(y, &Renames::default()));
            for target in keys(&cx, &cy) {
                let find = |c: &[(String, Number)]| c.iter().find(|(t, _)| *t == target).map(|(_, n)| n.clone());
                out.number(&format!("care for {target}"), find(&cx).as_ref(), find(&cy).as_ref());
            }
        }
        (ItemKind::Issue(x), ItemKind::Issue(y)) => {
            let (ia, ib) = (issue(a, r.name(&x.id.name)), issue(b, &y.id.name));
            if let (Some(ia), Some(ib)) = (ia, ib) {
                out.text("name", ia.name.clone(), ib.name.clone());
                let options = |i: &crate::model::Issue| -> (Vec<String>, Vec<Value>) {
                    let n = i.domain.len() as u32;
                    ((0..n).map(|o| i.show(o)).collect(), (0..n).map(|o| i.domain.json(o)).collect())
                };
                let ((sa, ja), (sb, jb)) = (options(ia), options(ib));
                if sa != sb {
                    out.push("options", Value::Array(ja), Value::Array(jb), Shown::Lists(sa, sb));
                }
                if let (Domain::Numeric { unit: ua, .. }, Domain::Numeric { unit: ub, .. }) = (&ia.domain, &ib.domain) {
                    if ua != ub {
                        out.text("unit", Some(ua.describe()), Some(ub.describe()));
                    }
                }
            }
        }
        (ItemKind::Event(x), ItemKind::Event(y)) => {
            let (ea, eb) = (
                a.events.iter().find(|e| e.id == r.name(&x.id.name)),
                b.events.iter().find(|e| e.id == y.id.name),
            );
            if let (Some(ea), Some(eb)) = (ea, eb) {
                out.text("name", ea.name.clone(), eb.name.clone());
                if ea.outcomes != eb.outcomes {
                    let list = |o: &[String]| Value::Array(o.iter().map(|s| json!(s)).collect());
                    out.push(
                        "outcomes",
                        list(&ea.outcomes),
                        list(&eb.outcomes),
                        Shown::Lists(ea.outcomes.clone(), eb.outcomes.clone()),
                    );
                }
            }
        }
        (ItemKind::Contingent { event: x, .. }, ItemKind::Contingent { event: y, .. }) => {
            out.text("on", Some(r.name(&x.name).to_string()), Some(y.name.clone()));
        }
        (ItemKind::Prefs(x), ItemKind::Prefs(y)) => {
            let head = |p: &crate::syntax::PrefsDecl| p.hypothesis.as_ref().map(|h| (h.name.as_ref().map(|n| n.value.clone()), h.prior.clone()));
            if let (Some((na, pa)), Some((nb, pb))) = (head(x), head(y)) {
                out.text("name", na, nb);
                out.number("prior", pa.as_ref(), pb.as_ref());
            }
            let (la, lb) = (lines(old, &x.items, r), lines(new, &y.items, &Renames::default()));
            for field in keys(&la, &lb) {
                let find = |l: &[(String, Line)]| l.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone());
                match (find(&la), find(&lb)) {
                    (Some(Line::Number(p)), Some(Line::Number(q))) => out.number(&field, Some(&p), Some(&q)),
                    (p, q) => {
                        let text = |l: Option<Line>| l.map(|l| l.text());
                        out.text(&field, text(p), text(q));
                    }
                }
            }
        }
        (ItemKind::Rule(_), ItemKind::Rule(_)) => {
            let condition = |d: &Decl| match &d.item.kind {
                ItemKind::Rule(r) => written(d, r.expr.span),
                _ => String::new(),
            };
            out.text("condition", Some(condition(old)), Some(condition(new)));
        }
        (ItemKind::Agreement(x), ItemKind::Agreement(y)) => {
            let text = |g: &AgreementDecl, r: &Renames| match g {
                AgreementDecl::Package => "package".to_string(),
                AgreementDecl::Sequential(issues) => {
                    let names: Vec<&str> = issues.iter().map(|i| r.name(&i.name)).collect();
                    format!("sequential {}", names.join(", "))
                }
            };
            out.text("agreement", Some(text(x, r)), Some(text(y, &Renames::default())));
        }
        (ItemKind::Offer(x), ItemKind::Offer(y)) => {
            offer(&mut out, (a, r.name(&x.id.name)), (b, &y.id.name));
        }
        (ItemKind::Strategy { function: x, .. }, ItemKind::Strategy { function: y, .. }) => {
            out.text("function", Some(x.name.clone()), Some(y.name.clone()));
        }
        (ItemKind::Scenario(x), ItemKind::Scenario(y)) if x.value != y.value => {
            let quoted = |t: &str| format!("\"{t}\"");
            out.push(
                "title",
                json!(x.value),
                json!(y.value),
                Shown::Values(quoted(&x.value), quoted(&y.value)),
            );
        }
        _ => {}
    }
    out.0
}

/// The details found so far.
#[derive(Default)]
struct Fields(Vec<Detail>);

impl Fields {
    fn push(&mut self, field: &str, before: Value, after: Value, shown: Shown) {
        self.0.push(Detail {
            field: field.to_string(),
            before,
            after,
            shown,
        });
    }

    /// A field given as text, when it differs.
    fn text(&mut self, field: &str, before: Option<String>, after: Option<String>) {
        if before != after {
            let value = |t: &Option<String>| t.as_ref().map_or(Value::Null, |t| json!(t));
            let shown = Shown::Values(before.clone().unwrap_or_default(), after.clone().unwrap_or_default());
            self.push(field, value(&before), value(&after), shown);
        }
    }

    /// A number as written, when its value or unit differs: JSON gets the
    /// value in arithmetic (`27%` is 0.27), the text the plan's notation.
    fn number(&mut self, field: &str, before: Option<&Number>, after: Option<&Number>) {
        let meaning = |n: Option<&Number>| n.map(|n| (crate::model::snap(n.value), n.unit));
        if meaning(before) == meaning(after) {
            return;
        }
        let value = |n: Option<&Number>| n.map_or(Value::Null, |n| json!(crate::model::snap(n.value)));
        let shown = |n: Option<&Number>| n.map_or(String::new(), |n| format_number(n.value, n.unit));
        self.push(field, value(before), value(after), Shown::Values(shown(before), shown(after)));
    }
}

/// The names of either list, the first list's order first.
fn keys<T>(a: &[(String, T)], b: &[(String, T)]) -> Vec<String> {
    let mut out: Vec<String> = a.iter().map(|(k, _)| k.clone()).collect();
    for (k, _) in b {
        if !out.contains(k) {
            out.push(k.clone());
        }
    }
    out
}

fn issue<'s>(s: &'s Scenario, id: &str) -> Option<&'s crate::model::Issue> {
    s.issues.iter().find(|i| i.id == id)
}

/// Text a declaration's span covers, on one line.
fn written(d: &Decl, span: Span) -> String {
    squeeze(d.text.get(span.start..span.end).unwrap_or(""))
}

/// One line of a score sheet, as compared.
#[derive(Clone)]
enum Line {
    /// A weight or a BATNA.
    Number(Number),
    /// Anything else, as written after the `=` (or the keyword).
    Text(String),
}

impl Line {
    fn text(self) -> String {
        match self {
            Line::Number(n) => format_number(n.value, n.unit),
            Line::Text(t) => t,
        }
    }
}

/// A score sheet's lines keyed by what they set: `weight equity`,
/// `equity`, `believe milestones`, `batna`, `extra`, `utility` (names read
/// through `r`).
fn lines(d: &Decl, items: &[crate::syntax::PrefsItem], r: &Renames) -> Vec<(String, Line)> {
    let mut out = vec![];
    for item in items {
        let line = written(d, item.span);
        let after_eq = || Line::Text(line.split_once('=').map_or(line.clone(), |(_, r)| r.trim().to_string()));
        match &item.kind {
            PrefsItemKind::Weights(ws) => {
                for w in ws {
                    let field = format!("weight {}", r.name(&w.issue.name));
                    match &w.high {
                        None => out.push((field, Line::Number(w.low.clone()))),
                        Some(high) => out.push((
                            field,
                            Line::Text(format!(
                                "{}..{}",
                                format_number(w.low.value, w.low.unit),
                                format_number(high.value, high.unit)
                            )),
                        )),
                    }
                }
            }
            PrefsItemKind::Believe { event, .. } => out.push((
                format!("believe {}", r.name(&event.name)),
                Line::Text(line.split_once(event.name.as_str()).map_or(line.clone(), |(_, r)| r.trim().to_string())),
            )),
            PrefsItemKind::Value { issue, .. } => out.push((r.name(&issue.name).to_string(), after_eq())),
            PrefsItemKind::ExtraHook(_) => out.push(("extra".into(), after_eq())),
            PrefsItemKind::UtilityHook(_) => out.push(("utility".into(), after_eq())),
            PrefsItemKind::Batna(n) => out.push(("batna".into(), Line::Number(n.clone()))),
        }
    }
    out
}

/// An offer's entries (each issue's value) and who makes it.
fn offer(out: &mut Fields, (a, x): (&Scenario, &str), (b, y): (&Scenario, &str)) {
    let find = |s: &Scenario, id: &str| s.offers.iter().find(|o| o.id == id).cloned();
    let (Some(oa), Some(ob)) = (find(a, x), find(b, y)) else {
        return;
    };
    let by = |s: &Scenario, o: &crate::model::Offer| o.by.map(|p| s.parties[p].id.clone());
    out.text("by", by(a, &oa), by(b, &ob));
    let view = |s: &Scenario, o: &crate::model::Offer| {
        let v = PackageView::new(&Labels::of(s), &o.package);
        (v.shown(), serde_json::to_value(&v).unwrap_or(Value::Null))
    };
    let ((sa, ja), (sb, jb)) = (view(a, &oa), view(b, &ob));
    for issue in keys(&sa, &sb) {
        let shown = |s: &[(String, String)]| s.iter().find(|(i, _)| *i == issue).map(|(_, v)| v.clone());
        let (p, q) = (shown(&sa), shown(&sb));
        if p != q {
            let value = |j: &Value| j.get(&issue).cloned().unwrap_or(Value::Null);
            out.push(&issue, value(&ja), value(&jb), Shown::Values(p.unwrap_or_default(), q.unwrap_or_default()));
        }
    }
}
