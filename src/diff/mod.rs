//! `neg diff`'s engine, I/O-free: two checked versions of a plan compared
//! declaration by declaration (by kind and name, never by line: layout,
//! comments and order are no change), and the consequences for the deal
//! computed by the interpreter's own commands ([`consequences`]).
//!
//! A declaration's meaning is its syntax tree serialised to JSON (spans are
//! not serialised), with the spelling of numbers (`400k`, `400000`), doc
//! comments and the order of lists whose order means nothing (a score
//! sheet's lines, an offer's entries) taken out.

mod consequences;
mod details;
mod renames;

use crate::check::{Loaded, Origin};
use crate::diagnostics::Sources;
use crate::model::Scenario;
use crate::report::{Change, ChangeKind, DiffReport};
use crate::syntax::{HookDecl, Item, ItemKind};
use crate::world::World;
use renames::{Rename, Renames};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

/// One version of a plan, ready to compare: its checked scenario and its
/// declarations (the root file's and every import's).
pub struct Side<'a> {
    /// How the version is named in the report (`HEAD:plan.neg`).
    pub label: String,
    scenario: &'a Scenario,
    decls: Vec<Decl>,
}

/// A declaration of one version.
#[derive(Debug, Clone)]
struct Decl {
    /// `party`, `issue`, `prefs`, `command`, …
    kind: &'static str,
    /// Its name; for a declaration without one (an unlabelled rule, a
    /// command), its text.
    name: String,
    /// The name as the text shows it (`"label"`, `` `x > 1` ``).
    shown: String,
    /// What makes two declarations the same one: kind and name, or kind
    /// and meaning for a declaration without a name.
    identity: String,
    /// Its meaning (normalised JSON of its syntax tree, then a hook
    /// file's code).
    meaning: String,
    /// The normalised JSON of its syntax tree.
    json: Value,
    /// What follows the JSON in its meaning (a hook file's code).
    suffix: String,
    /// Every identifier it holds.
    names: BTreeSet<String>,
    /// Its syntax tree.
    item: Item,
    /// The text it stands in.
    text: Arc<str>,
}

impl<'a> Side<'a> {
    /// The version whose root text is `root` (name, text and where it came
    /// from), read again through `world` for its imports' syntax trees;
    /// `scenario` is what the root checked to.
    pub fn load(world: &dyn World, root: (&str, &str, &Origin), scenario: &'a Scenario) -> Side<'a> {
        let (name, text, origin) = root;
        let mut sources = Sources::default();
        let id = sources.add(name, text);
        // The plan checked with these texts, so they load without errors.
        let (files, _) = crate::check::load(world, &mut sources, id, origin.clone());
        Side {
            label: name.to_string(),
            scenario,
            decls: declarations(&files, &sources),
        }
    }

    /// The same version under another name.
    pub fn labelled(self, label: impl Into<String>) -> Side<'a> {
        Side {
            label: label.into(),
            ..self
        }
    }
}

/// What changed from `old` to `new` (`None`: the version does not exist,
/// e.g. a plan added or deleted in a commit).
///
/// Renamed declarations are found first ([`renames`]); the older version
/// is then read with the newer names, both in its declarations and in its
/// figures, so that a renamed party keeps its BATNA and its offers.
pub fn compare(old: Option<&Side>, new: Option<&Side>) -> DiffReport {
    let none = vec![];
    let (a, b) = (old.map_or(&none, |s| &s.decls), new.map_or(&none, |s| &s.decls));
    let renames = renames::detect(a, b);
    let renamed: Option<Cow<Scenario>> = old.map(|s| match renames.is_empty() {
        true => Cow::Borrowed(s.scenario),
        false => Cow::Owned(renames::scenario(s.scenario, &renames)),
    });
    let mut report = consequences::compare(renamed.as_deref(), new.map(|s| s.scenario));
    report.old = old.map_or_else(|| "(none)".into(), |s| s.label.clone());
    report.new = new.map_or_else(|| "(none)".into(), |s| s.label.clone());
    let scenarios = (renamed.as_deref(), new.map(|s| s.scenario));
    report.changes = changes(a, b, &renames, scenarios);
    report
}

/// The declarations renamed, added, removed and changed, in the order of
/// the newer version (a rename right before the declaration it names, then
/// what else changed in it), then the removed ones, in the older version's
/// order. `scenarios`: the older one read with the newer names.
fn changes(old: &[Decl], new: &[Decl], renames: &Renames, scenarios: (Option<&Scenario>, Option<&Scenario>)) -> Vec<Change> {
    // The older version read with the newer names: (identity, meaning).
    let read: Vec<(String, String)> = old.iter().map(|d| renames::under(d, renames)).collect();
    let old_keys = occurrences(read.iter().map(|(identity, _)| identity.as_str()));
    let new_keys = occurrences(new.iter().map(|d| d.identity.as_str()));
    let mut told = vec![false; renames.list().len()];
    let mut out = vec![];
    for (d, key) in new.iter().zip(&new_keys) {
        for (k, r) in renames.list().iter().enumerate() {
            if !told[k] && names(r, d, renames) {
                told[k] = true;
                out.push(renamed(r, renames));
            }
        }
        match old_keys.iter().position(|k| k == key) {
            None => out.push(change(d, ChangeKind::Added, vec![])),
            Some(i) if read[i].1 != d.meaning => {
                let details = match scenarios {
                    (Some(a), Some(b)) => details::of(&old[i], d, renames, (a, b)),
                    _ => vec![],
                };
                out.push(change(d, ChangeKind::Changed, details));
            }
            Some(_) => {}
        }
    }
    for (k, r) in renames.list().iter().enumerate() {
        if !told[k] {
            out.push(renamed(r, renames));
        }
    }
    for (d, key) in old.iter().zip(&old_keys) {
        if !new_keys.contains(key) {
            out.push(change(d, ChangeKind::Removed, vec![]));
        }
    }
    let commands = |ds: &[Decl], meaning: &dyn Fn(usize) -> String| -> Vec<String> {
        ds.iter()
            .enumerate()
            .filter(|(_, d)| d.kind == "command")
            .map(|(i, _)| meaning(i))
            .collect()
    };
    let (before, after) = (commands(old, &|i| read[i].1.clone()), commands(new, &|i| new[i].meaning.clone()));
    let mut sorted = (before.clone(), after.clone());
    sorted.0.sort();
    sorted.1.sort();
    if before != after && sorted.0 == sorted.1 {
        out.push(Change {
            kind: "commands".into(),
            name: String::new(),
            change: ChangeKind::Reordered,
            details: vec![],
            shown: String::new(),
            from: None,
        });
    }
    out
}

fn change(d: &Decl, change: ChangeKind, details: Vec<crate::report::Detail>) -> Change {
    Change {
        kind: d.kind.into(),
        name: d.name.clone(),
        shown: d.shown.clone(),
        change,
        details,
        from: None,
    }
}

/// Whether the newer declaration `d` is the one `r` names (a renamed
/// party's or issue's declaration, a renamed option's issue, a renamed
/// hypothesis's score sheet).
fn names(r: &Rename, d: &Decl, all: &Renames) -> bool {
    match r {
        Rename::Name { kind, new, .. } => d.kind == *kind && d.name == *new,
        Rename::Option { issue, .. } => d.kind == "issue" && d.name == all.name(issue),
        Rename::Hypothesis { party, new, .. } => d.kind == "prefs" && d.name == format!("{} as {new}", all.name(party)),
    }
}

/// `renamed party vc → investor`: the change saying so.
fn renamed(r: &Rename, all: &Renames) -> Change {
    let (kind, name, from, shown) = match r {
        Rename::Name { kind, old, new } => (kind.to_string(), new.clone(), old.clone(), new.clone()),
        Rename::Option { issue, old, new } => (
            "option".into(),
            format!("{}.{new}", all.name(issue)),
            format!("{issue}.{old}"),
            new.clone(),
        ),
        Rename::Hypothesis { party, old, new } => (
            "hypothesis".into(),
            format!("{} as {new}", all.name(party)),
            format!("{party} as {old}"),
            new.clone(),
        ),
    };
    Change {
        kind,
        name,
        change: ChangeKind::Renamed,
        from: Some(from),
        details: vec![],
        shown,
    }
}

/// Each identity with the number of earlier declarations of the same
/// identity (two identical unlabelled rules are two rules).
fn occurrences<'s>(identities: impl Iterator<Item = &'s str>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = vec![];
    for identity in identities {
        let n = out.iter().filter(|(k, _)| k == identity).count();
        out.push((identity.to_string(), n));
    }
    out
}

/// Every declaration of the loaded files (commands of the root only: an
/// import's commands do not run), imports themselves left out (what they
/// bring in is compared instead).
fn declarations(files: &[Loaded], sources: &Sources) -> Vec<Decl> {
    let mut out = vec![];
    for f in files {
        let text = Arc::clone(&sources.get(f.source).text);
        for item in &f.file.items {
            if matches!(item.kind, ItemKind::Import(_))
                || (matches!(item.kind, ItemKind::Command(_)) && !f.is_root)
            {
                continue;
            }
            let hook_code = match &item.kind {
                ItemKind::Hook(HookDecl::File(path)) => f
                    .hooks
                    .iter()
                    .find(|p| p.decl.source == f.source && p.decl.span == path.span)
                    .and_then(|p| sources.get(p.source).text.get(p.span.start..p.span.end).map(str::to_string)),
                _ => None,
            };
            out.push(decl(item, &text, hook_code));
        }
    }
    out
}

/// One item as a declaration: kind, name, identity, meaning.
fn decl(item: &Item, text: &Arc<str>, hook_code: Option<String>) -> Decl {
    let written = |span: crate::syntax::Span| squeeze(text.get(span.start..span.end).unwrap_or(""));
    let kind: &'static str = match &item.kind {
        ItemKind::Command(_) => "command",
        other => other.keyword(),
    };
    let name = key(&item.kind, &Renames::default());
    let mut json = serde_json::to_value(&item.kind).unwrap_or(Value::Null);
    normalise(&mut json);
    let mut names = BTreeSet::new();
    renames::identifiers(&json, &mut names);
    let suffix = hook_code.unwrap_or_default();
    let meaning = format!("{json}{suffix}");
    let identity = identity(kind, name.clone(), &meaning);
    let shown = match (&item.kind, &name) {
        (ItemKind::Scenario(title), _) => format!("\"{}\"", title.value),
        (ItemKind::Rule(_), Some(label)) => format!("\"{label}\""),
        (ItemKind::Rule(r), None) => format!("`{}`", written(r.expr.span)),
        (ItemKind::Hook(_), None) => "(inline code)".into(),
        // A command's own span ends at its last token (the item's may run
        // over the comments after it).
        (ItemKind::Command(c), None) => format!("`{}`", written(c.span)),
        (_, None) => format!("`{}`", written(item.span)),
        (_, Some(n)) => n.clone(),
    };
    let name = match (&item.kind, name) {
        (ItemKind::Scenario(title), _) => title.value.clone(),
        (_, Some(n)) => n,
        (ItemKind::Rule(r), None) => written(r.expr.span),
        (ItemKind::Hook(_), None) => "(inline code)".into(),
        (_, None) => written(item.span),
    };
    Decl {
        kind,
        name,
        shown,
        identity,
        meaning,
        json,
        suffix,
        names,
        item: item.clone(),
        text: Arc::clone(text),
    }
}

/// What names a declaration among those of its kind, with `renames` read
/// for the older names (`None`: it has no name and is known by its meaning).
/// A scenario line has one place, whatever its title.
fn key(item: &ItemKind, r: &Renames) -> Option<String> {
    match item {
        ItemKind::Scenario(_) | ItemKind::Agreement(_) => Some(String::new()),
        ItemKind::Import(s) => Some(s.value.clone()),
        ItemKind::Party(p) => Some(r.name(&p.id.name).to_string()),
        ItemKind::Issue(i) => Some(r.name(&i.id.name).to_string()),
        ItemKind::Event(e) => Some(r.name(&e.id.name).to_string()),
        ItemKind::Contingent { issue, .. } => Some(r.name(&issue.name).to_string()),
        ItemKind::Prefs(p) => Some(match &p.hypothesis {
            Some(h) => format!("{} as {}", r.name(&p.party.name), r.hypothesis(&p.party.name, &h.id.name)),
            None => r.name(&p.party.name).to_string(),
        }),
        ItemKind::Rule(rule) => rule.label.as_ref().map(|l| l.value.clone()),
        ItemKind::Offer(o) => Some(r.name(&o.id.name).to_string()),
        ItemKind::Hook(HookDecl::File(path)) => Some(path.value.clone()),
        ItemKind::Hook(HookDecl::Inline { .. }) | ItemKind::Command(_) => None,
        ItemKind::Strategy { name, .. } => Some(r.name(&name.name).to_string()),
    }
}

/// What makes two declarations the same one: kind and name, or kind and
/// meaning for a declaration without a name.
fn identity(kind: &str, name: Option<String>, meaning: &str) -> String {
    match name {
        Some(n) => format!("{kind} {n}"),
        None => format!("{kind} {meaning}"),
    }
}

/// Text on one line, runs of white space made one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lists whose order means nothing: a score sheet's lines, the entries of
/// an offer, a weight line or a table, a party's `care` lines.
const UNORDERED: &[&str] = &["items", "entries", "cares", "Weights", "Table", "PerOutcome"];

/// Takes what does not change a plan's meaning out of its JSON: how a
/// number was spelled, whether a party wrote `{}`, and the order of
/// [`UNORDERED`] lists. Running it again changes nothing.
fn normalise(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let is_number = map.contains_key("value") && map.contains_key("unit") && map.contains_key("text");
            if is_number {
                map.remove("text");
            }
            map.remove("has_body");
            for (key, child) in map.iter_mut() {
                normalise(child);
                if let (true, Value::Array(items)) = (UNORDERED.contains(&key.as_str()), child) {
                    items.sort_by_key(|x| x.to_string());
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::MemoryWorld;

    fn side(text: &str) -> Vec<Decl> {
        let world = MemoryWorld::new();
        let mut sources = Sources::default();
        let id = sources.add("p.neg", text);
        let (files, _) = crate::check::load(&world, &mut sources, id, Origin::Memory(".".into()));
        declarations(&files, &sources)
    }

    #[test]
    fn layout_spelling_and_order_are_no_change() {
        let a = side("party a { batna 40000 care 0.1 }\noffer o { x: 1, y: 2 }\nrule: x > 1\n");
        let b = side("// note\noffer o {\n  y: 2,\n  x: 1\n}\nrule:   x >   1\nparty a {\n care 0.1\n batna 40k }\n");
        assert!(changes(&a, &b, &Renames::default(), (None, None)).is_empty());
    }

    #[test]
    fn unnamed_declarations_are_added_and_removed() {
        let a = side("rule: x > 1\nfrontier\nnash\n");
        let b = side("rule: x > 2\nnash\nfrontier\n");
        let c = changes(&a, &b, &Renames::default(), (None, None));
        let seen: Vec<(String, &str, ChangeKind)> = c.iter().map(|c| (c.kind.clone(), c.name.as_str(), c.change)).collect();
        assert_eq!(
            seen,
            vec![
                ("rule".into(), "x > 2", ChangeKind::Added),
                ("rule".into(), "x > 1", ChangeKind::Removed),
                ("commands".into(), "", ChangeKind::Reordered),
            ]
        );
    }
}
