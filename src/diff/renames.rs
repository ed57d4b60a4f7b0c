//! Renames: a declaration removed and one of the same kind added under
//! another name, whose meaning is the same once the newer name is read for
//! the older one. Parties, issues, events, offers and strategies (one
//! namespace), an issue's options (scoped to their issue) and hypotheses
//! (scoped to their party) can be renamed.
//!
//! A rename is renamed *identifiers* in the older version's syntax trees
//! (as JSON, identifiers are `{"name": "…"}` objects): never strings
//! (display names, rule labels) nor numbers. A candidate (a removed and an
//! added name of the same kind) is scored by how many declarations of the
//! older version it makes equal to one of the newer version (its own
//! declaration included), less those it makes differ; one is accepted when
//! its score is positive and strictly higher than every rival's (a candidate
//! sharing its old or its new name). Ties are left as removed and added:
//! a wrong rename would hide a real change. Accepted renames are the base
//! of the next round, so that a declaration using two renamed names can
//! confirm the second.

use super::{normalise, Decl};
use crate::model::{Domain, Scenario};
use crate::syntax::{IssueDomain, ItemKind};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};

/// Rounds of detection, each building on the renames accepted before.
const MAX_ROUNDS: usize = 8;

/// The most candidates of one kind (removed × added) that are scored; with
/// more, that kind's declarations stay removed and added.
const MAX_PAIRS: usize = 1024;

/// The kinds of declaration renamed by their identifier.
const NAMED: &[&str] = &["party", "issue", "event", "offer", "strategy"];

/// One rename, older name to newer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Rename {
    /// A party, issue, event, offer or strategy.
    Name {
        kind: &'static str,
        old: String,
        new: String,
    },
    /// An option of an issue (`issue`: the issue's older name).
    Option { issue: String, old: String, new: String },
    /// A hypothesis about a party (`party`: the party's older name).
    Hypothesis { party: String, old: String, new: String },
}

impl Rename {
    /// The identifier it renames, as the older version writes it.
    fn older(&self) -> &str {
        match self {
            Rename::Name { old, .. } | Rename::Option { old, .. } | Rename::Hypothesis { old, .. } => old,
        }
    }

    /// The identifier as the newer version writes it.
    fn newer(&self) -> &str {
        match self {
            Rename::Name { new, .. } | Rename::Option { new, .. } | Rename::Hypothesis { new, .. } => new,
        }
    }

    /// Whether two candidates exclude each other: the same scope, and the
    /// same older or newer name.
    fn rivals(&self, other: &Rename) -> bool {
        let scope = match (self, other) {
            (Rename::Name { kind: a, .. }, Rename::Name { kind: b, .. }) => a == b,
            (Rename::Option { issue: a, .. }, Rename::Option { issue: b, .. }) => a == b,
            (Rename::Hypothesis { party: a, .. }, Rename::Hypothesis { party: b, .. }) => a == b,
            _ => false,
        };
        scope && (self.older() == other.older() || self.newer() == other.newer())
    }
}

/// The renames from one version to the next.
#[derive(Debug, Clone, Default)]
pub(super) struct Renames(Vec<Rename>);

impl Renames {
    /// Each rename, in the order found.
    pub(super) fn list(&self) -> &[Rename] {
        &self.0
    }

    /// Whether nothing is renamed.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A declared name (party, issue, event, offer, strategy) as the newer
    /// version calls it.
    pub(super) fn name<'s>(&'s self, old: &'s str) -> &'s str {
        self.0
            .iter()
            .find_map(|r| match r {
                Rename::Name { old: o, new, .. } if o == old => Some(new.as_str()),
                _ => None,
            })
            .unwrap_or(old)
    }

    /// An option of `issue` (its older name) as the newer version calls it.
    pub(super) fn option<'s>(&'s self, issue: &str, old: &'s str) -> &'s str {
        self.0
            .iter()
            .find_map(|r| match r {
                Rename::Option { issue: i, old: o, new } if i == issue && o == old => Some(new.as_str()),
                _ => None,
            })
            .unwrap_or(old)
    }

    /// A hypothesis about `party` (its older name) as the newer version
    /// calls it.
    pub(super) fn hypothesis<'s>(&'s self, party: &str, old: &'s str) -> &'s str {
        self.0
            .iter()
            .find_map(|r| match r {
                Rename::Hypothesis { party: p, old: o, new } if p == party && o == old => Some(new.as_str()),
                _ => None,
            })
            .unwrap_or(old)
    }

    /// Whether a declaration naming `names` may read otherwise.
    fn touches(&self, names: &BTreeSet<String>) -> bool {
        self.0.iter().any(|r| names.contains(r.older()))
    }

    fn with(&self, r: &Rename) -> Renames {
        let mut all = self.clone();
        all.0.push(r.clone());
        all
    }
}

/// An older declaration's identity and meaning with its names read as the
/// newer version's.
pub(super) fn under(d: &Decl, r: &Renames) -> (String, String) {
    if !r.touches(&d.names) {
        return (d.identity.clone(), d.meaning.clone());
    }
    let mut json = d.json.clone();
    substitute(&mut json, r);
    normalise(&mut json);
    let mut meaning = json.to_string();
    meaning.push_str(&d.suffix);
    let identity = super::identity(d.kind, super::key(&d.item.kind, r), &meaning);
    (identity, meaning)
}

/// The renames from `old` to `new`.
pub(super) fn detect(old: &[Decl], new: &[Decl]) -> Renames {
    let targets: HashSet<(String, String)> = new.iter().map(|d| (d.identity.clone(), d.meaning.clone())).collect();
    let new_ids: HashSet<&str> = new.iter().map(|d| d.identity.as_str()).collect();
    let old_names: BTreeSet<&str> = old.iter().flat_map(|d| d.names.iter().map(String::as_str)).collect();
    let mut base = Renames::default();
    for _ in 0..MAX_ROUNDS {
        // The older version read through the renames found so far.
        let read: Vec<(String, String)> = old.iter().map(|d| under(d, &base)).collect();
        let matched: Vec<bool> = read.iter().map(|k| targets.contains(k)).collect();
        let found = candidates(old, new, &base, &read, &new_ids, &old_names);
        let scores: Vec<i64> = found.iter().map(|c| score(old, &targets, &base, &matched, c)).collect();
        let accepted: Vec<Rename> = found
            .iter()
            .zip(&scores)
            .filter(|&(c, &s)| {
                s > 0
                    && !found
                        .iter()
                        .zip(&scores)
                        .any(|(d, &t)| d != c && c.rivals(d) && t >= s)
            })
            .map(|(c, _)| c.clone())
            .collect();
        if accepted.is_empty() {
            break;
        }
        base.0.extend(accepted);
    }
    // A declaration's own rename before its options' and hypotheses'.
    base.0.sort_by_key(|r| match r {
        Rename::Name { .. } => 0,
        Rename::Option { .. } | Rename::Hypothesis { .. } => 1,
    });
    base
}

/// Declarations of the older version that `c` makes equal to one of the
/// newer, less those it makes differ (`matched`: each one's match through
/// `base` alone).
fn score(old: &[Decl], targets: &HashSet<(String, String)>, base: &Renames, matched: &[bool], c: &Rename) -> i64 {
    let with = base.with(c);
    old.iter()
        .zip(matched)
        .filter(|(d, _)| d.names.contains(c.older()))
        .map(|(d, &m)| i64::from(targets.contains(&under(d, &with))) - i64::from(m))
        .sum()
}

/// The renames worth scoring on top of `base`: a removed and an added
/// declaration of one kind, an issue's removed and added options, a party's
/// removed and added hypotheses.
/// `read`: the older declarations' identities and meanings through `base`.
fn candidates(
    old: &[Decl],
    new: &[Decl],
    base: &Renames,
    read: &[(String, String)],
    new_ids: &HashSet<&str>,
    old_names: &BTreeSet<&str>,
) -> Vec<Rename> {
    let old_ids: HashSet<&str> = read.iter().map(|(identity, _)| identity.as_str()).collect();
    let removed: Vec<&Decl> = old
        .iter()
        .zip(read)
        .filter(|(_, (identity, _))| !new_ids.contains(identity.as_str()))
        .map(|(d, _)| d)
        .collect();
    let added: Vec<&Decl> = new.iter().filter(|d| !old_ids.contains(d.identity.as_str())).collect();
    let taken = |old: &str, new: &str| base.0.iter().any(|r| r.older() == old || r.newer() == new);
    let mut out = vec![];
    for kind in NAMED {
        let gone: Vec<&&Decl> = removed.iter().filter(|d| d.kind == *kind).collect();
        let came: Vec<&&Decl> = added.iter().filter(|d| d.kind == *kind).collect();
        if gone.len() * came.len() > MAX_PAIRS {
            continue;
        }
        for a in &gone {
            for b in &came {
                // A newer name the older version already uses (an option,
                // an outcome) would read two things as one.
                if old_names.contains(b.name.as_str()) || taken(&a.name, &b.name) {
                    continue;
                }
                out.push(Rename::Name {
                    kind,
                    old: a.name.clone(),
                    new: b.name.clone(),
                });
            }
        }
    }
    out.extend(options(old, new, base));
    out.extend(hypotheses(&removed, &added, base));
    out
}

/// Each issue in both versions: its older options not in the newer, paired
/// with its newer options not in the older.
fn options(old: &[Decl], new: &[Decl], base: &Renames) -> Vec<Rename> {
    let list = |d: &Decl| match &d.item.kind {
        ItemKind::Issue(i) => match &i.domain {
            IssueDomain::Options(o) => Some((i.id.name.clone(), o.iter().map(|x| x.name.clone()).collect::<Vec<_>>())),
            IssueDomain::Range { .. } => None,
        },
        _ => None,
    };
    let mut out = vec![];
    for (issue, before) in old.iter().filter_map(list) {
        let Some((_, after)) = new.iter().filter_map(list).find(|(n, _)| n == base.name(&issue)) else {
            continue;
        };
        let now: Vec<&str> = before.iter().map(|o| base.option(&issue, o)).collect();
        let gone: Vec<&String> = before.iter().filter(|o| !after.contains(o) && base.option(&issue, o) == o.as_str()).collect();
        let came: Vec<&String> = after.iter().filter(|o| !now.contains(&o.as_str())).collect();
        if gone.len() * came.len() > MAX_PAIRS {
            continue;
        }
        for a in &gone {
            for b in &came {
                out.push(Rename::Option {
                    issue: issue.clone(),
                    old: (*a).clone(),
                    new: (*b).clone(),
                });
            }
        }
    }
    out
}

/// A removed and an added hypothesis about the same party.
fn hypotheses(removed: &[&Decl], added: &[&Decl], base: &Renames) -> Vec<Rename> {
    let head = |d: &Decl| match &d.item.kind {
        ItemKind::Prefs(p) => p.hypothesis.as_ref().map(|h| (p.party.name.clone(), h.id.name.clone())),
        _ => None,
    };
    let gone: Vec<(String, String)> = removed.iter().filter_map(|d| head(d)).collect();
    let came: Vec<(String, String)> = added.iter().filter_map(|d| head(d)).collect();
    if gone.len() * came.len() > MAX_PAIRS {
        return vec![];
    }
    let mut out = vec![];
    for (party, old) in &gone {
        for (to, new) in &came {
            if base.name(party) == to && old != new && base.hypothesis(party, old) == old {
                out.push(Rename::Hypothesis {
                    party: party.clone(),
                    old: old.clone(),
                    new: new.clone(),
                });
            }
        }
    }
    out
}

/// The older version as the newer names it: its parties, hypotheses,
/// issues, options, events, offers and strategies renamed (what the
/// interpreter reports figures under; nothing it computes reads a name).
pub(super) fn scenario(s: &Scenario, r: &Renames) -> Scenario {
    let mut s = s.clone();
    for issue in &mut s.issues {
        if let Domain::Options(options) = &mut issue.domain {
            for o in options.iter_mut() {
                *o = r.option(&issue.id, o).to_string();
            }
        }
        issue.id = r.name(&issue.id).to_string();
    }
    for p in &mut s.parties {
        for h in &mut p.hypotheses {
            h.id = r.hypothesis(&p.id, &h.id).to_string();
        }
        p.id = r.name(&p.id).to_string();
    }
    for e in &mut s.events {
        e.id = r.name(&e.id).to_string();
    }
    for o in &mut s.offers {
        o.id = r.name(&o.id).to_string();
    }
    for name in &mut s.strategies {
        *name = r.name(name).to_string();
    }
    s
}

/// Every identifier a syntax tree's JSON holds.
pub(super) fn identifiers(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => match ident(map) {
            Some(name) => {
                out.insert(name.to_string());
            }
            None => map.values().for_each(|x| identifiers(x, out)),
        },
        Value::Array(items) => items.iter().for_each(|x| identifiers(x, out)),
        _ => {}
    }
}

/// An identifier's name: `{"name": "…"}` (its span is not serialised).
fn ident(map: &Map<String, Value>) -> Option<&str> {
    match (map.len(), map.get("name")) {
        (1, Some(Value::String(s))) => Some(s),
        _ => None,
    }
}

/// The name of the identifier `v` is, if it is one.
fn ident_of(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::Object(map)) => ident(map).map(str::to_string),
        _ => None,
    }
}

/// Sets an identifier's name.
fn set(v: &mut Value, rename: impl Fn(&str) -> Option<String>) {
    if let Value::Object(map) = v {
        if let Some(new) = ident(map).and_then(&rename) {
            map.insert("name".into(), Value::String(new));
        }
    }
}

/// Renames the identifiers of an older declaration's JSON: declared names
/// everywhere but in an option's or a hypothesis's place; options where
/// their issue is known (the issue's declaration, `ISSUE: opt` entries,
/// `ISSUE = { opt: … }` tables, `ISSUE == opt` either way round);
/// hypotheses after their party (`prefs P as H`, `P as H` in `simulate`).
/// A function's name (a hook, `utility(…)`) is not a declared name.
pub(super) fn substitute(v: &mut Value, r: &Renames) {
    let named = |n: &str| Some(r.name(n).to_string()).filter(|x| x != n);
    match v {
        Value::Array(items) => items.iter_mut().for_each(|x| substitute(x, r)),
        Value::Object(map) => {
            if ident(map).is_some() {
                set(v, named);
                return;
            }
            if map.contains_key("domain") && map.contains_key("option_names") {
                // An issue's declaration: its options are its own.
                let issue = ident_of(map.get("id")).unwrap_or_default();
                if let Some(Value::Array(options)) = map.get_mut("domain").and_then(|d| d.get_mut("Options")) {
                    for o in options {
                        set(o, |n| Some(r.option(&issue, n).to_string()));
                    }
                }
                if let Some(id) = map.get_mut("id") {
                    substitute(id, r);
                }
                return;
            }
            if map.len() == 2 && map.contains_key("issue") && map.contains_key("value") {
                // `ISSUE: VALUE` in an offer, `ISSUE = …` in a score sheet.
                if let Some(issue) = ident_of(map.get("issue")) {
                    if let Some(value) = map.get_mut("value") {
                        valued(value, r, &issue);
                    }
                }
                if let Some(issue) = map.get_mut("issue") {
                    substitute(issue, r);
                }
                return;
            }
            if map.contains_key("party") && map.contains_key("hypothesis") {
                // `prefs P as H { … }`, `simulate P as H: …`.
                let party = ident_of(map.get("party")).unwrap_or_default();
                for (key, child) in map.iter_mut() {
                    let is_ident = child.as_object().is_some_and(|h| ident(h).is_some());
                    match (key.as_str(), child) {
                        ("hypothesis", child) if is_ident => {
                            set(child, |n| Some(r.hypothesis(&party, n).to_string()));
                        }
                        ("hypothesis", Value::Object(h)) => {
                            if let Some(id) = h.get_mut("id") {
                                set(id, |n| Some(r.hypothesis(&party, n).to_string()));
                            }
                        }
                        ("hypothesis", _) => {}
                        (_, child) => substitute(child, r),
                    }
                }
                return;
            }
            if let Some(Value::Array(parts)) = map.get_mut("Binary") {
                if compared_option(parts, r) {
                    return;
                }
            }
            if ident_of(map.get("function")).as_deref() == Some("belief") {
                // `belief(PARTY, HYP)`: the hypothesis is the party's.
                if let Some(Value::Array(args)) = map.get_mut("args") {
                    believed(args, r);
                }
                return;
            }
            for (key, child) in map.iter_mut() {
                if key != "function" && key != "Hook" {
                    substitute(child, r);
                }
            }
        }
        _ => {}
    }
}

/// `ISSUE == opt` or `opt != ISSUE` with a renamed option: renames both
/// sides and says so.
fn compared_option(parts: &mut [Value], r: &Renames) -> bool {
    let [op, lhs, rhs] = parts else {
        return false;
    };
    if !matches!(op.as_str(), Some("Eq" | "Ne")) {
        return false;
    }
    let name = |e: &Value| ident_of(e.get("kind").and_then(|k| k.get("Name")));
    let (Some(a), Some(b)) = (name(lhs), name(rhs)) else {
        return false;
    };
    let (issue, option) = if r.option(&a, &b) != b {
        (lhs, rhs)
    } else if r.option(&b, &a) != a {
        (rhs, lhs)
    } else {
        return false;
    };
    let issue_name = name(issue).unwrap_or_default();
    if let Some(o) = option.get_mut("kind").and_then(|k| k.get_mut("Name")) {
        set(o, |n| Some(r.option(&issue_name, n).to_string()));
    }
    substitute(issue, r);
    true
}

/// The arguments of `belief(PARTY, HYP)`: the hypothesis renamed as the
/// party's, the party as any name (anything else: as usual).
fn believed(args: &mut [Value], r: &Renames) {
    let name = |e: &Value| ident_of(e.get("kind").and_then(|k| k.get("Name")));
    if let [party, hypothesis] = args {
        if let Some(p) = name(party) {
            if let Some(h) = hypothesis.get_mut("kind").and_then(|k| k.get_mut("Name")) {
                set(h, |n| Some(r.hypothesis(&p, n).to_string()));
                substitute(party, r);
                return;
            }
        }
    }
    args.iter_mut().for_each(|a| substitute(a, r));
}

/// The value given to `issue`: its options renamed as the issue's (an
/// offer's option, each outcome's option, a score sheet's table), anything
/// else as usual.
fn valued(v: &mut Value, r: &Renames, issue: &str) {
    match v {
        Value::Object(map) => {
            if let Some(o) = map.get_mut("Option") {
                set(o, |n| Some(r.option(issue, n).to_string()));
                return;
            }
            if let Some(Value::Array(rows)) = map.get_mut("Table") {
                for row in rows {
                    if let Value::Array(cells) = row {
                        if let Some(first) = cells.first_mut() {
                            set(first, |n| Some(r.option(issue, n).to_string()));
                        }
                    }
                }
                return;
            }
            if ident(map).is_some() {
                substitute(v, r);
                return;
            }
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "Expr" => substitute(child, r),
                    "Hook" => {}
                    _ => valued(child, r, issue),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| valued(x, r, issue)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Origin;
    use crate::diagnostics::Sources;
    use crate::world::MemoryWorld;

    fn side(text: &str) -> Vec<Decl> {
        let mut sources = Sources::default();
        let id = sources.add("p.neg", text);
        let (files, _) = crate::check::load(&MemoryWorld::new(), &mut sources, id, Origin::Memory(".".into()));
        super::super::declarations(&files, &sources)
    }

    const PLAN: &str = "party vc \"vc\" { batna 0 }\nissue a : x | free\nissue b : free | y\n\
        prefs vc { a = { x: 0, free: 100 } b = { free: 0, y: 100 } }\n\
        rule \"vc free\": a == free => b == free\noffer o by vc { a: free, b: free }\n";

    #[test]
    fn strings_stay_and_options_keep_to_their_issue() {
        let old = side(PLAN);
        let r = Renames(vec![
            Rename::Name {
                kind: "party",
                old: "vc".into(),
                new: "investor".into(),
            },
            Rename::Option {
                issue: "a".into(),
                old: "free".into(),
                new: "gratis".into(),
            },
        ]);
        let read: Vec<String> = old.iter().map(|d| under(d, &r).1).collect();
        let all = read.join("\n");
        // The display name and the rule's label are strings.
        assert!(all.contains("{\"value\":\"vc\"}") && all.contains("\"vc free\""), "{all}");
        assert!(!all.contains("{\"name\":\"vc\"}"), "{all}");
        // a's option is renamed in a's declaration, table, entry and
        // comparison; b's option of the same name is not.
        let edits = [
            ("party vc", "party investor"),
            ("prefs vc", "prefs investor"),
            ("by vc", "by investor"),
            ("x | free", "x | gratis"),
            ("x: 0, free: 100", "x: 0, gratis: 100"),
            ("a == free", "a == gratis"),
            ("a: free", "a: gratis"),
        ];
        let new = side(&edits.iter().fold(PLAN.to_string(), |t, (a, b)| t.replace(a, b)));
        let meanings: Vec<&str> = new.iter().map(|d| d.meaning.as_str()).collect();
        for (d, m) in old.iter().zip(&read) {
            assert!(meanings.contains(&m.as_str()), "{} reads {m}", d.name);
        }
        assert_eq!(detect(&old, &new).list(), r.list());
    }
}
