//! `neg diff`: what changed between two versions of a plan, as a value
//! (declarations added, removed and changed by name; what the change does to
//! the deal) with its JSON and text forms; the `diff` engine computes it.

use super::{ByName, PackageView};
use crate::model::format_number;
use crate::syntax::Unit;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::fmt::Write;

/// Two versions of a plan compared. Serialises as `{"command": "diff", …}`
/// (the tag comes from [`super::Report`]).
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// The older version, as the user named it (`HEAD:plan.neg`).
    pub old: String,
    /// The newer version.
    pub new: String,
    /// The declarations added, removed or changed, in plan order.
    pub changes: Vec<Change>,
    /// Each party's BATNA (a party with hypotheses: each as `P as H`).
    pub batna: Named<Compare<f64>>,
    /// The deal, when neither version has hypotheses about a party.
    #[serde(flatten)]
    pub deal: Option<DealDiff>,
    /// The deal under each combination of hypotheses, when a version has
    /// hypotheses (combinations matched by their names).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_hypothesis: Vec<DealDiff>,
    /// Each named offer, by name.
    pub offers: Named<OfferDiff>,
}

impl DiffReport {
    /// Whether the versions differ in meaning (layout and comments aside).
    pub fn is_change(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// One declaration added, removed or changed.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// `party`, `issue`, `event`, `contingent`, `prefs`, `rule`,
    /// `agreement`, `offer`, `strategy`, `hook`, `scenario`, `command`,
    /// `commands` (their order); for renames also `option` and
    /// `hypothesis`.
    pub kind: String,
    /// The declaration's name (`founders`, `dealer as pr_lover`, a rule's
    /// label or condition, a command as written, a scenario's title; a
    /// renamed option as `ISSUE.option`), the newer one for a rename.
    pub name: String,
    /// What happened to it.
    pub change: ChangeKind,
    /// For a renamed declaration: its older name (an option as
    /// `ISSUE.option`, a hypothesis as `PARTY as H`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For a changed declaration: what changed in it, where that can be said.
    pub details: Vec<Detail>,
    /// The name as the text shows it: a rule's label or a scenario's title
    /// in quotes, a condition or command in backticks; for a rename, the
    /// newer name alone (`gratis`, not `consulting.gratis`).
    #[serde(skip)]
    pub shown: String,
}

/// What happened to a declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// In both, with another meaning.
    Changed,
    /// The same commands in another order.
    Reordered,
    /// In both, under another name (`from`), with the same meaning once
    /// the newer name is read for the older one.
    Renamed,
}

/// One field of a changed declaration: `batna 30 → 60`.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// The field (`batna`, `options`, an offer's issue, a score sheet's line).
    pub field: String,
    /// Its value before (`null`: none).
    pub before: Value,
    /// Its value after.
    pub after: Value,
    /// How a person reads the two values.
    #[serde(skip)]
    pub shown: Shown,
}

/// The two values of a [`Detail`] as a person reads them.
#[derive(Debug, Clone)]
pub enum Shown {
    /// One value each (`27%`, `linear(…)`); empty: none.
    Values(String, String),
    /// A list each (an issue's options): the text names what was added and
    /// removed.
    Lists(Vec<String>, Vec<String>),
}

/// A figure in each version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compare<T> {
    /// In the older version.
    pub before: Outcome<T>,
    /// In the newer version.
    pub after: Outcome<T>,
}

impl<T: PartialEq> Compare<T> {
    /// Whether the figure is the same in both versions.
    pub fn same(&self) -> bool {
        self.before == self.after
    }
}

/// A figure of one version: known, refused by an analysis (a work budget,
/// no feasible package), or absent from that version (`null`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outcome<T> {
    /// The figure.
    Known(T),
    /// The analysis could not give it, and why.
    Refused {
        /// Why, in the analysis's words.
        refused: String,
    },
    /// Not in this version (a party, offer or version that is not there).
    Absent,
}

impl<T> Outcome<T> {
    /// The figure, when known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Outcome::Known(x) => Some(x),
            _ => None,
        }
    }
}

/// Figures by name, in order: a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named(vec![])
    }
}

impl<T> Named<T> {
    /// The figure of one name.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, x)| x)
    }
}

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        super::uncertain::pairs_as_map(&self.0, out)
    }
}

/// The deal in each version: the frontier, the negotiation set and the
/// bargaining solutions (under one combination of hypotheses, when a
/// version has them).
#[derive(Debug, Clone, Serialize)]
pub struct DealDiff {
    /// Uncertain party → hypothesis (empty for a plan without hypotheses).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "super::uncertain::pairs_as_map"
    )]
    pub hypotheses: Vec<(String, String)>,
    /// The combination's probability in each version (plans with hypotheses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<Compare<f64>>,
    /// The Pareto frontier's size.
    pub frontier: Compare<Size>,
    /// The negotiation set's size: the efficient packages that give every
    /// party at least its BATNA.
    pub negotiation_set: Compare<Size>,
    /// The Nash bargaining solution.
    pub nash: Compare<Solution>,
    /// The Kalai–Smorodinsky solution.
    pub kalai: Compare<Solution>,
    /// The largest joint utility within the negotiation set.
    pub welfare: Compare<Solution>,
}

/// The size of a set of efficient packages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Size {
    /// Distinct utility vectors (the frontier's points).
    pub points: usize,
    /// Packages (several packages may share a point).
    #[serde(serialize_with = "super::whole_count")]
    pub packages: f64,
}

/// A bargaining solution: its package and what it gives each party.
#[derive(Debug, Clone, Serialize)]
pub struct Solution {
    /// Whether the negotiation set has a package at all.
    pub found: bool,
    /// The package, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageView>,
    /// Party → plain utility.
    #[serde(skip_serializing_if = "ByName::is_empty")]
    pub utilities: ByName,
    /// Party → cared-for utility (what is weighed against the BATNA).
    #[serde(skip_serializing_if = "ByName::is_empty")]
    pub cared: ByName,
}

impl PartialEq for Solution {
    fn eq(&self, other: &Self) -> bool {
        let shown = |s: &Solution| s.package.as_ref().map(PackageView::shown);
        self.found == other.found
            && shown(self) == shown(other)
            && self.utilities == other.utilities
            && self.cared == other.cared
    }
}

/// One named offer in each version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferDiff {
    /// Party → plain utility.
    pub utilities: Compare<ByName>,
    /// Party → cared-for utility.
    pub cared: Compare<ByName>,
    /// Party → whether it reaches the party's BATNA (as `evaluate` judges:
    /// not `below_batna`); parties with hypotheses have `acceptance` instead.
    pub acceptable: Named<Compare<bool>>,
    /// Whether no package is better for one party and no worse for any.
    pub efficient: Compare<bool>,
    /// With hypotheses: the probability that every uncertain party accepts.
    #[serde(skip_serializing_if = "both_absent")]
    pub acceptance: Compare<f64>,
}

fn both_absent<T>(c: &Compare<T>) -> bool {
    matches!((&c.before, &c.after), (Outcome::Absent, Outcome::Absent))
}

impl OfferDiff {
    /// Whether nothing about the offer differs.
    pub fn same(&self) -> bool {
        self.utilities.same()
            && self.cared.same()
            && self.acceptable.0.iter().all(|(_, c)| c.same())
            && self.efficient.same()
            && self.acceptance.same()
    }
}

/// A figure as the text shows it: two decimals at most, no trailing zeros.
fn num(x: f64) -> String {
    format_number((x * 100.0).round() / 100.0, Unit::Plain)
}

fn percent(x: f64) -> String {
    format_number(x, Unit::Percent)
}

/// `a → b`, or `a` when they are the same; `—` stands for absent.
fn arrow(before: &str, after: &str) -> String {
    let blank = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    if before == after {
        blank(before)
    } else {
        format!("{} → {}", blank(before), blank(after))
    }
}

fn outcome_text<T>(o: &Outcome<T>, show: impl Fn(&T) -> String) -> String {
    match o {
        Outcome::Known(x) => show(x),
        Outcome::Refused { .. } => "?".into(),
        Outcome::Absent => String::new(),
    }
}

/// The text form: a line per change, then the consequences for the deal.
pub fn diff_text(r: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", arrow(&r.old, &r.new));
    if !r.is_change() {
        out.push_str("no change\n");
        return out;
    }
    for c in &r.changes {
        let _ = writeln!(out, "{}", change_line(c));
    }
    out.push_str("Consequences\n");
    let before = out.len();
    let changed_batnas: Vec<String> = r
        .batna
        .0
        .iter()
        .filter(|(_, c)| !c.same())
        .map(|(p, c)| {
            format!(
                "{p} {}",
                arrow(
                    &outcome_text(&c.before, |x| num(*x)),
                    &outcome_text(&c.after, |x| num(*x))
                )
            )
        })
        .collect();
    if !changed_batnas.is_empty() {
        let _ = writeln!(out, "  {:<10} {}", "BATNA", changed_batnas.join(", "));
    }
    if let Some(d) = &r.deal {
        deal_text(&mut out, d, "  ");
    }
    for d in &r.per_hypothesis {
        let under: Vec<String> = d
            .hypotheses
            .iter()
            .map(|(p, h)| format!("{p} as {h}"))
            .collect();
        let probability = d.probability.as_ref().map_or(String::new(), |c| {
            format!(
                " ({})",
                arrow(
                    &outcome_text(&c.before, |x| percent(*x)),
                    &outcome_text(&c.after, |x| percent(*x))
                )
            )
        });
        let name = if under.is_empty() {
            "no hypotheses".to_string()
        } else {
            under.join(", ")
        };
        let _ = writeln!(out, "  under {name}{probability}");
        deal_text(&mut out, d, "    ");
    }
    let mut unchanged = vec![];
    for (name, o) in &r.offers.0 {
        if o.same() {
            unchanged.push(name.as_str());
        } else {
            let _ = writeln!(out, "  offer {name}  {}", offer_text(o, &r.batna));
        }
    }
    if !unchanged.is_empty() {
        let _ = writeln!(out, "  {:<10} offers {}", "unchanged", unchanged.join(", "));
    }
    if out.len() == before {
        out.push_str("  none for the deal: the same figures in both versions\n");
    }
    out
}

/// `changed party founders: batna 30 → 60; care for vc 0.1 → 0.2`,
/// `renamed party vc → investor`, `changed scenario: "A" → "B"`.
fn change_line(c: &Change) -> String {
    let word = match c.change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
        ChangeKind::Reordered => "reordered",
        ChangeKind::Renamed => "renamed",
    };
    if let (ChangeKind::Renamed, Some(from)) = (c.change, &c.from) {
        return format!("renamed {} {from} → {}", c.kind, c.shown);
    }
    if let ("scenario", ChangeKind::Changed, [d]) =
        (c.kind.as_str(), c.change, c.details.as_slice())
    {
        if let (Shown::Values(a, b), "title") = (&d.shown, d.field.as_str()) {
            return format!("changed scenario: {}", arrow(a, b));
        }
    }
    let name = if c.shown.is_empty() {
        String::new()
    } else {
        format!(" {}", c.shown)
    };
    let mut line = format!("{word} {}{name}", c.kind);
    let details: Vec<String> = c.details.iter().map(detail_text).collect();
    if !details.is_empty() {
        let _ = write!(line, ": {}", details.join("; "));
    }
    line
}

fn detail_text(d: &Detail) -> String {
    match &d.shown {
        Shown::Values(a, b) if a.is_empty() => format!("{} {b} (new)", d.field),
        Shown::Values(a, b) if b.is_empty() => format!("{} {a} (removed)", d.field),
        Shown::Values(a, b) => format!("{} {}", d.field, arrow(a, b)),
        Shown::Lists(a, b) => {
            let added: Vec<&str> = b
                .iter()
                .filter(|x| !a.contains(x))
                .map(String::as_str)
                .collect();
            let removed: Vec<&str> = a
                .iter()
                .filter(|x| !b.contains(x))
                .map(String::as_str)
                .collect();
            let mut parts = vec![];
            if !added.is_empty() {
                parts.push(format!("added {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", removed.join(", ")));
            }
            if parts.is_empty() {
                parts.push(format!("reordered: {} → {}", a.join(" | "), b.join(" | ")));
            }
            format!("{} {}", d.field, parts.join(", "))
        }
    }
}

/// The frontier, negotiation set and bargaining lines of one deal.
fn deal_text(out: &mut String, d: &DealDiff, indent: &str) {
    let size = |o: &Outcome<Size>| outcome_text(o, |s| super::count_text(s.packages));
    let points = |o: &Outcome<Size>| outcome_text(o, |s| s.points.to_string());
    let shared_points = [&d.frontier.before, &d.frontier.after]
        .iter()
        .all(|o| o.known().is_none_or(|s| s.points as f64 == s.packages));
    let mut line = format!(
        "{} packages",
        arrow(&size(&d.frontier.before), &size(&d.frontier.after))
    );
    if !shared_points {
        let _ = write!(
            line,
            " ({} points)",
            arrow(&points(&d.frontier.before), &points(&d.frontier.after))
        );
    }
    let _ = write!(
        line,
        "; negotiation set {}",
        arrow(
            &size(&d.negotiation_set.before),
            &size(&d.negotiation_set.after)
        )
    );
    let _ = writeln!(out, "{indent}{:<10} {line}", "frontier");
    for (name, c) in [
        ("Nash", &d.nash),
        ("Kalai", &d.kalai),
        ("welfare", &d.welfare),
    ] {
        let _ = writeln!(out, "{indent}{name:<10} {}", solution_text(c));
    }
    let mut why: Vec<(&str, [bool; 2])> = vec![];
    let all = [
        reasons(&d.frontier),
        reasons(&d.negotiation_set),
        reasons(&d.nash),
        reasons(&d.kalai),
        reasons(&d.welfare),
    ];
    for sides in all {
        for (k, reason) in sides.into_iter().enumerate() {
            let Some(reason) = reason else { continue };
            match why.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, seen)) => seen[k] = true,
                None => {
                    let mut seen = [false; 2];
                    seen[k] = true;
                    why.push((reason, seen));
                }
            }
        }
    }
    for (reason, seen) in why {
        let when = match seen {
            [true, true] => "both versions",
            [true, false] => "the older version",
            _ => "the newer version",
        };
        let _ = writeln!(out, "{indent}{:<10} ? {reason} ({when})", "");
    }
}

/// Why an analysis gave no figure in each version, if it did not.
fn reasons<T>(c: &Compare<T>) -> [Option<&str>; 2] {
    fn why<T>(o: &Outcome<T>) -> Option<&str> {
        match o {
            Outcome::Refused { refused } => Some(refused.as_str()),
            _ => None,
        }
    }
    [why(&c.before), why(&c.after)]
}

/// `equity 24% → 21%; vc 62 → 55, founders 71.5 → 76`, or `unchanged (…)`.
fn solution_text(c: &Compare<Solution>) -> String {
    let (before, after) = match (&c.before, &c.after) {
        (Outcome::Known(a), Outcome::Known(b)) => (a, b),
        (a, b) => {
            let one = |o: &Outcome<Solution>| outcome_text(o, solution_alone);
            return arrow(&one(a), &one(b));
        }
    };
    if !before.found || !after.found {
        return arrow(&solution_alone(before), &solution_alone(after));
    }
    let figures = figures_text(&before.cared, &after.cared);
    if c.same() {
        return format!("unchanged ({figures})");
    }
    let shown = |s: &Solution| {
        s.package
            .as_ref()
            .map(PackageView::shown)
            .unwrap_or_default()
    };
    let (a, b) = (shown(before), shown(after));
    let mut moves = vec![];
    for (issue, value) in &a {
        match b.iter().find(|(i, _)| i == issue) {
            Some((_, v)) if v == value => {}
            Some((_, v)) => moves.push(format!("{issue} {value} → {v}")),
            None => moves.push(format!("{issue} {value} → —")),
        }
    }
    for (issue, value) in &b {
        if !a.iter().any(|(i, _)| i == issue) {
            moves.push(format!("{issue} — → {value}"));
        }
    }
    if moves.is_empty() {
        format!("same package; {figures}")
    } else {
        format!("{}; {figures}", moves.join(", "))
    }
}

/// A solution of one version alone.
fn solution_alone(s: &Solution) -> String {
    match &s.package {
        Some(p) if s.found => format!("{} ({})", p.line(), figures_text(&s.cared, &s.cared)),
        _ => "no package beats every BATNA".into(),
    }
}

/// `vc 62 → 55, founders 71.5`: each party's figure, before and after.
fn figures_text(before: &ByName, after: &ByName) -> String {
    let mut parts: Vec<String> = before
        .iter()
        .map(|(p, x)| {
            let then = after.get(p).map(num).unwrap_or_default();
            format!("{p} {}", arrow(&num(x), &then))
        })
        .collect();
    for (p, x) in after.iter() {
        if before.get(p).is_none() {
            parts.push(format!("{p} {}", arrow("", &num(x))));
        }
    }
    parts.join(", ")
}

/// `founders 32.2 → 32.2: was acceptable to founders, is not now (BATNA 60)`.
fn offer_text(o: &OfferDiff, batnas: &Named<Compare<f64>>) -> String {
    let (before, after) = (o.cared.before.known(), o.cared.after.known());
    let mut text = match (before, after) {
        (Some(a), Some(b)) => figures_text(a, b),
        (None, Some(b)) => format!("(new) {}", figures_text(b, b)),
        (Some(a), None) => format!("(removed) {}", figures_text(a, a)),
        (None, None) => "(could not be evaluated)".into(),
    };
    let mut verdicts = vec![];
    for (party, c) in &o.acceptable.0 {
        let batna = batnas.get(party).map_or(String::new(), |b| {
            let n = |x: &Outcome<f64>| outcome_text(x, |v| num(*v));
            format!(" (BATNA {})", arrow(&n(&b.before), &n(&b.after)))
        });
        match (&c.before, &c.after) {
            (Outcome::Known(true), Outcome::Known(false)) => {
                verdicts.push(format!("was acceptable to {party}, is not now{batna}"))
            }
            (Outcome::Known(false), Outcome::Known(true)) => {
                verdicts.push(format!("was not acceptable to {party}, is now{batna}"))
            }
            (Outcome::Absent, Outcome::Known(false)) => {
                verdicts.push(format!("not acceptable to {party}{batna}"))
            }
            _ => {}
        }
    }
    match (&o.efficient.before, &o.efficient.after) {
        (Outcome::Known(true), Outcome::Known(false)) => {
            verdicts.push("was efficient, is not now".into())
        }
        (Outcome::Known(false), Outcome::Known(true)) => {
            verdicts.push("was not efficient, is now".into())
        }
        _ => {}
    }
    if !o.acceptance.same() {
        let p = |x: &Outcome<f64>| outcome_text(x, |v| percent(*v));
        verdicts.push(format!(
            "acceptance {}",
            arrow(&p(&o.acceptance.before), &p(&o.acceptance.after))
        ));
    }
    if !verdicts.is_empty() {
        let _ = write!(text, ": {}", verdicts.join("; "));
    }
    text
}
