//! GeniusWeb JSON: linear-additive profiles (each embedding its domain) and
//! domain files, read into the format-neutral [`Imported`] form and written
//! from a checked scenario.
//!
//! GeniusWeb utilities are used as written (no rescaling): a discrete value's
//! utility is the number in `valueUtilities`, a number value's is linear
//! between `(lowValue, lowUtility)` and `(highValue, highUtility)` and 0
//! outside. A profile's reservation is a bid; its utility is the BATNA.

use super::genius_out::{self, Evaluation, Form, Shape};
use super::{Eval, Imported, Issue, IssueKind, Profile};
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId, Sources};
use crate::model::{snap, Scenario};
use crate::syntax::Span;
use serde_json::{json, Map, Value};

/// Reads profiles (and optionally the domain file they must match).
pub fn read(
    sources: &Sources,
    domain: Option<SourceId>,
    profiles: &[SourceId],
) -> Result<Imported, Vec<Diag>> {
    let mut r = Reader { diags: vec![] };
    let parsed: Vec<(SourceId, Value)> = domain
        .iter()
        .chain(profiles)
        .filter_map(|&id| r.parse(sources, id).map(|v| (id, v)))
        .collect();
    let mut out: Option<(String, Vec<Issue>)> = None;
    let mut read_profiles = vec![];
    for (id, value) in &parsed {
        let text = &sources.get(*id).text;
        let is_domain = Some(*id) == domain;
        let space = if is_domain {
            None
        } else {
            match value.get("LinearAdditiveUtilitySpace") {
                Some(s) => Some(s),
                None => {
                    let kind = value.as_object().and_then(|o| o.keys().next().cloned());
                    r.error(
                        *id,
                        Span::new(0, 0),
                        format!(
                            "not a linear additive GeniusWeb profile (it is {})",
                            kind.map_or("not a JSON object".into(), |k| format!("`{k}`"))
                        ),
                        "here",
                        "the import reads {\"LinearAdditiveUtilitySpace\": {…}} profiles",
                    );
                    continue;
                }
            }
        };
        let dom_value = match space {
            Some(s) => s.get("domain"),
            None => Some(value),
        };
        let Some(parsed_domain) = dom_value.and_then(|d| r.domain(*id, text, d)) else {
            if dom_value.is_none() {
                r.error(
                    *id,
                    Span::new(0, 0),
                    "the profile has no `domain`".into(),
                    "here",
                    "",
                );
            }
            continue;
        };
        match &out {
            None => out = Some(parsed_domain.clone()),
            Some(first) if *first != parsed_domain => {
                r.error(
                    *id,
                    locate(text, &["domain"]),
                    format!(
                        "this file is for another domain (`{}`, not `{}`)",
                        parsed_domain.0, first.0
                    ),
                    "a different domain",
                    "every profile must embed the same domain (name, issues and values)",
                );
                continue;
            }
            Some(_) => {}
        }
        if let Some(space) = space {
            let name = space
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| stem(&sources.get(*id).name));
            if let Some(p) = r.profile(*id, text, space, &parsed_domain.1, name) {
                read_profiles.push(p);
            }
        }
    }
    crate::diagnostics::sort(&mut r.diags);
    if r.diags.iter().any(Diag::is_error) {
        return Err(r.diags);
    }
    let Some((name, issues)) = out else {
        return Err(vec![]);
    };
    Ok(Imported {
        name,
        issues,
        profiles: read_profiles,
        warnings: r.diags,
    })
}

fn stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned())
}

/// The span of the last of `keys` found one after another as `"key"` in the
/// text: JSON values carry no positions, so diagnostics point at the key.
fn locate(text: &str, keys: &[&str]) -> Span {
    let mut at = 0;
    let mut span = Span::new(0, 0);
    for key in keys {
        let quoted = serde_json::to_string(key).unwrap_or_default();
        match text[at..].find(&quoted) {
            Some(i) => {
                span = Span::new(at + i, at + i + quoted.len());
                at += i + quoted.len();
            }
            None => break,
        }
    }
    span
}

struct Reader {
    diags: Vec<Diag>,
}

impl Reader {
    fn error(&mut self, src: SourceId, span: Span, message: String, label: &str, help: &str) {
        let mut d = Diag::error(Code::ImportGeniusweb, message, src, span, label);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    fn parse(&mut self, sources: &Sources, id: SourceId) -> Option<Value> {
        let text = &sources.get(id).text;
        match serde_json::from_str::<Value>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let at = super::genius::offset_of(text, e.line(), e.column());
                self.error(
                    id,
                    Span::new(at, at),
                    format!("not valid JSON: {e}"),
                    "here",
                    "GeniusWeb profiles and domains are JSON files",
                );
                None
            }
        }
    }

    fn domain(&mut self, id: SourceId, text: &str, d: &Value) -> Option<(String, Vec<Issue>)> {
        let name = d
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(issues) = d.get("issuesValues").and_then(Value::as_object) else {
            self.error(
                id,
                locate(text, &["domain"]),
                "the domain has no `issuesValues` object".into(),
                "here",
                "",
            );
            return None;
        };
        let mut out = vec![];
        for (issue, set) in issues {
            let span = locate(text, &["issuesValues", issue]);
            if let Some(values) = set.get("values").and_then(Value::as_array) {
                let values: Vec<String> = values.iter().map(value_text).collect();
                if values.is_empty() {
                    self.error(
                        id,
                        span,
                        format!("issue `{issue}` has no values"),
                        "no values",
                        "",
                    );
                    return None;
                }
                out.push(Issue {
                    name: issue.clone(),
                    kind: IssueKind::Discrete(values),
                });
            } else if let Some(range) = set.get("range") {
                let num = |k: &str| range.get(k).and_then(as_number);
                match (num("low"), num("high"), num("step")) {
                    (Some(lo), Some(hi), Some(step))
                        if step > 0.0 && hi >= lo && (hi - lo) / step <= 1e6 =>
                    {
                        out.push(Issue {
                            name: issue.clone(),
                            kind: IssueKind::Grid { lo, hi, step },
                        })
                    }
                    _ => {
                        self.error(
                            id,
                            span,
                            format!("issue `{issue}` has a range that is not `{{\"low\", \"high\", \"step\"}}` with step > 0 and low ≤ high"),
                            "unusable range",
                            "",
                        );
                        return None;
                    }
                }
            } else {
                self.error(
                    id,
                    span,
                    format!("issue `{issue}` has neither `values` nor `range`"),
                    "no value set",
                    "",
                );
                return None;
            }
        }
        Some((name, out))
    }

    fn profile(
        &mut self,
        id: SourceId,
        text: &str,
        space: &Value,
        issues: &[Issue],
        name: String,
    ) -> Option<Profile> {
        let errors_before = self.diags.iter().filter(|d| d.is_error()).count();
        let empty = Map::new();
        let utilities = space
            .get("issueUtilities")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let weights = space
            .get("issueWeights")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for key in utilities.keys().chain(weights.keys()) {
            if !issues.iter().any(|i| &i.name == key) {
                self.error(
                    id,
                    locate(text, &[key]),
                    format!("`{key}` is not an issue of the domain"),
                    "unknown issue",
                    "",
                );
            }
        }
        let mut evals = vec![];
        let mut ws = vec![];
        for issue in issues {
            let span = locate(text, &["issueUtilities", &issue.name]);
            match weights.get(&issue.name).and_then(as_number) {
                Some(w) => ws.push(w),
                None => self.error(
                    id,
                    locate(text, &["issueWeights"]),
                    format!("no weight for issue `{}`", issue.name),
                    "weight missing",
                    "give every issue a weight in `issueWeights`",
                ),
            }
            match utilities.get(&issue.name) {
                None => self.error(
                    id,
                    locate(text, &["issueUtilities"]),
                    format!("no utilities for issue `{}`", issue.name),
                    "issue missing",
                    "",
                ),
                Some(u) => {
                    if let Some(e) = self.utilities(id, text, span, issue, u) {
                        evals.push(e);
                    }
                }
            }
        }
        if self.diags.iter().filter(|d| d.is_error()).count() > errors_before {
            return None;
        }
        let total: f64 = ws.iter().sum();
        if (total - 1.0).abs() > 1e-6 {
            self.diags.push(
                Diag::warning(
                    Code::ImportWeights,
                    format!("the weights sum to {total}, not 1"),
                    id,
                    locate(text, &["issueWeights"]),
                    "these weights",
                )
                .with_help("GeniusWeb expects them to sum to 1; the import uses them as written"),
            );
        }
        let reservation = match space.get("reservationBid") {
            None | Some(Value::Null) => 0.0,
            Some(bid) => self.bid_utility(id, text, bid, issues, &ws, &evals)?,
        };
        Some(Profile {
            name,
            weights: ws,
            evals,
            reservation,
            discount: None,
        })
    }

    fn utilities(
        &mut self,
        id: SourceId,
        text: &str,
        span: Span,
        issue: &Issue,
        u: &Value,
    ) -> Option<Eval> {
        match (&issue.kind, u) {
            (IssueKind::Discrete(values), _) if u.get("DiscreteValueSetUtilities").is_some() => {
                let table = u["DiscreteValueSetUtilities"]
                    .get("valueUtilities")
                    .and_then(Value::as_object)?;
                let mut out = vec![f64::NAN; values.len()];
                for (v, x) in table {
                    let Some(k) = values.iter().position(|w| w == v) else {
                        self.error(
                            id,
                            locate(text, &["issueUtilities", &issue.name, v]),
                            format!("`{v}` is not a value of issue `{}`", issue.name),
                            "unknown value",
                            &format!("the domain's values are: {}", values.join(", ")),
                        );
                        continue;
                    };
                    match as_number(x).filter(|x| (0.0..=1.0).contains(x)) {
                        Some(x) => out[k] = x,
                        None => self.error(
                            id,
                            locate(text, &["issueUtilities", &issue.name, v]),
                            format!("the utility of `{v}` is not a number in [0, 1]"),
                            "not in [0, 1]",
                            "",
                        ),
                    }
                }
                if let Some(k) = out.iter().position(|x| x.is_nan()) {
                    self.error(
                        id,
                        span,
                        format!(
                            "value `{}` of issue `{}` has no utility",
                            values[k], issue.name
                        ),
                        "value missing",
                        "give every value a utility in `valueUtilities`",
                    );
                    return None;
                }
                Some(Eval::Direct(out))
            }
            (IssueKind::Grid { .. }, _) if u.get("NumberValueSetUtilities").is_some() => {
                let n = &u["NumberValueSetUtilities"];
                let num = |k: &str| n.get(k).and_then(as_number);
                match (
                    num("lowValue"),
                    num("lowUtility"),
                    num("highValue"),
                    num("highUtility"),
                ) {
                    (Some(low), Some(lu), Some(high), Some(hu))
                        if high > low && (0.0..=1.0).contains(&lu) && (0.0..=1.0).contains(&hu) =>
                    {
                        Some(Eval::Interpolate {
                            low,
                            low_utility: lu,
                            high,
                            high_utility: hu,
                        })
                    }
                    _ => {
                        self.error(
                            id,
                            span,
                            format!(
                                "the number utilities of `{}` are incomplete or out of range",
                                issue.name
                            ),
                            "needs lowValue < highValue, utilities in [0, 1]",
                            "",
                        );
                        None
                    }
                }
            }
            _ => {
                self.error(
                    id,
                    span,
                    format!("the utilities of `{}` do not fit its value set", issue.name),
                    "wrong kind of utilities",
                    "discrete issues take DiscreteValueSetUtilities, number ranges NumberValueSetUtilities",
                );
                None
            }
        }
    }

    fn bid_utility(
        &mut self,
        id: SourceId,
        text: &str,
        bid: &Value,
        issues: &[Issue],
        weights: &[f64],
        evals: &[Eval],
    ) -> Option<f64> {
        let values = bid.get("issuevalues").and_then(Value::as_object);
        let mut total = 0.0;
        for (k, issue) in issues.iter().enumerate() {
            let v = values.and_then(|m| m.get(&issue.name));
            let x = match (&issue.kind, v) {
                (IssueKind::Discrete(vals), Some(v)) => vals
                    .iter()
                    .position(|w| *w == value_text(v))
                    .map(|i| i as f64),
                (_, Some(v)) => as_number(v),
                _ => None,
            };
            let Some(x) = x else {
                self.error(
                    id,
                    locate(text, &["reservationBid"]),
                    format!(
                        "the reservation bid has no valid value for `{}`",
                        issue.name
                    ),
                    "incomplete bid",
                    "",
                );
                return None;
            };
            total += weights[k] * evals[k].at(&issue.kind, x);
        }
        Some(total)
    }
}

/// A JSON value as GeniusWeb value text (strings as they are, numbers as written).
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

// ------------------------------------------------------------------ writing

/// The files of an export: (file name, JSON) for the domain and per party.
#[derive(Debug, Clone)]
pub struct WebExport {
    /// The domain file.
    pub domain: (String, String),
    /// One profile per party.
    pub profiles: Vec<(String, String)>,
    /// What the format could not carry.
    pub warnings: Vec<Diag>,
}

/// The scenario as GeniusWeb JSON, or why it cannot be.
pub fn export(s: &Scenario) -> Result<WebExport, Vec<Diag>> {
    let errors = genius_out::inexpressible(s, "GeniusWeb");
    if !errors.is_empty() {
        return Err(errors);
    }
    let title = s.title.clone().unwrap_or_else(|| "neg".into());
    let shapes = web_shapes(s);
    let names: Vec<String> = s
        .issues
        .iter()
        .map(|i| i.name.clone().unwrap_or_else(|| i.id.clone()))
        .collect();
    let mut issues_values = Map::new();
    for (i, (name, (shape, _))) in names.iter().zip(&shapes).enumerate() {
        let set = match shape {
            Shape::Discrete(values) => json!({ "values": values }),
            Shape::Integer { lo, hi } => json!({ "range": { "low": lo, "high": hi, "step": 1 } }),
            Shape::Real { lo, hi } => {
                json!({ "range": { "low": lo, "high": hi, "step": genius_out::step_of(s, i) } })
            }
        };
        issues_values.insert(name.clone(), set);
    }
    let domain = json!({ "name": title, "issuesValues": issues_values });
    let mut warnings: Vec<Diag> = genius_out::welfare_moves(s, &shapes).into_iter().collect();
    let mut profiles = vec![];
    for (p, party) in s.parties.iter().enumerate() {
        if !party.care.is_empty() {
            warnings.push(genius_out::care_dropped(party, "GeniusWeb"));
        }
        let total: f64 = shapes.iter().map(|(_, e)| e[p].spread).sum();
        let mut utilities = Map::new();
        let mut weights = Map::new();
        for (name, (shape, evals)) in names.iter().zip(&shapes) {
            let e = &evals[p];
            utilities.insert(name.clone(), issue_utilities(shape, e));
            weights.insert(
                name.clone(),
                json!(if total > 0.0 { e.spread / total } else { 0.0 }),
            );
        }
        let shift: f64 = shapes.iter().map(|(_, e)| e[p].shift).sum();
        let level = if total > 0.0 {
            (party.batna - shift) / total
        } else {
            0.0
        };
        let (bid, note) = reservation_bid(s, &shapes, &names, p, level, total);
        if let Some(note) = note {
            warnings.push(
                Diag::warning(
                    Code::ExportReservation,
                    format!("`{}`'s BATNA becomes a reservation bid {note}", party.id),
                    party.loc.source,
                    party.loc.span,
                    "BATNA as a bid",
                )
                .with_help("GeniusWeb states a reservation as a bid, not a utility level"),
            );
        }
        let profile = json!({ "LinearAdditiveUtilitySpace": {
            "issueUtilities": utilities,
            "issueWeights": weights,
            "domain": domain,
            "name": party.id,
            "reservationBid": bid,
        }});
        profiles.push((format!("{}.json", party.id), pretty(&profile)));
    }
    Ok(WebExport {
        domain: (
            format!("{}_domain.json", genius_out::file_stem(&title)),
            pretty(&domain),
        ),
        profiles,
        warnings,
    })
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// Numeric issues as number ranges only where every party's evaluation is
/// an unclamped line (GeniusWeb interpolates between the ends); else discrete.
fn web_shapes(s: &Scenario) -> Vec<(Shape, Vec<Evaluation>)> {
    let with_lines = genius_out::shapes(s, true);
    let plain = genius_out::shapes(s, false);
    with_lines
        .into_iter()
        .zip(plain)
        .map(|(line, items)| {
            let unclamped = line.1.iter().all(|e| match (&e.form, &line.0) {
                (Form::Line { a, b }, Shape::Integer { lo, hi }) => {
                    inside(a + b * *lo as f64) && inside(a + b * *hi as f64)
                }
                (Form::Line { a, b }, Shape::Real { lo, hi }) => {
                    inside(a + b * lo) && inside(a + b * hi)
                }
                _ => true,
            });
            if unclamped {
                line
            } else {
                items
            }
        })
        .collect()
}

fn inside(x: f64) -> bool {
    (-1e-9..=1.0 + 1e-9).contains(&x)
}

fn issue_utilities(shape: &Shape, e: &Evaluation) -> Value {
    match (&e.form, shape) {
        (Form::Items(d), Shape::Discrete(values)) => {
            let table: Map<String, Value> = values
                .iter()
                .zip(d)
                .map(|(v, d)| {
                    let u = if e.spread > 0.0 { d / e.spread } else { 0.0 };
                    (v.clone(), json!(snap(u)))
                })
                .collect();
            json!({ "DiscreteValueSetUtilities": { "valueUtilities": table } })
        }
        (Form::Line { a, b }, Shape::Integer { lo, hi }) => {
            number_utilities(*a, *b, *lo as f64, *hi as f64)
        }
        (Form::Line { a, b }, Shape::Real { lo, hi }) => number_utilities(*a, *b, *lo, *hi),
        _ => unreachable!("shapes pair items with discrete issues and lines with numeric ones"),
    }
}

fn number_utilities(a: f64, b: f64, lo: f64, hi: f64) -> Value {
    json!({ "NumberValueSetUtilities": {
        "lowValue": lo,
        "lowUtility": snap((a + b * lo).clamp(0.0, 1.0)),
        "highValue": hi,
        "highUtility": snap((a + b * hi).clamp(0.0, 1.0)),
    }})
}

/// The package to state as the reservation: the one worth exactly `level`
/// (normalised utility) if there is one, else the least worth more. `None`
/// (JSON null) when the level is 0 or below. Searches only spaces of up to a
/// million packages; the note says what was approximated.
fn reservation_bid(
    s: &Scenario,
    shapes: &[(Shape, Vec<Evaluation>)],
    names: &[String],
    p: usize,
    level: f64,
    total: f64,
) -> (Value, Option<String>) {
    if level <= 1e-12 || total <= 0.0 {
        return (Value::Null, None);
    }
    if s.package_count() > 1e6 {
        return (
            Value::Null,
            Some("left out: the space is too large to search for one".into()),
        );
    }
    let sizes: Vec<usize> = s.issues.iter().map(|i| i.domain.len()).collect();
    let per_issue: Vec<Vec<f64>> = shapes
        .iter()
        .enumerate()
        .map(|(i, (_, evals))| {
            let e = &evals[p];
            let c = &s.parties[p].values[s.first_slot[i]];
            c.iter().map(|v| (v - e.shift) / total).collect()
        })
        .collect();
    let mut idx = vec![0usize; sizes.len()];
    let mut best: Option<(f64, Vec<usize>)> = None;
    loop {
        let u: f64 = idx.iter().enumerate().map(|(i, &k)| per_issue[i][k]).sum();
        if u >= level - 1e-9 && best.as_ref().is_none_or(|(b, _)| u < *b - 1e-12) {
            best = Some((u, idx.clone()));
        }
        let mut i = sizes.len();
        loop {
            if i == 0 {
                let Some((u, pkg)) = best else {
                    return (
                        Value::Null,
                        Some("left out: no package is worth that much".into()),
                    );
                };
                let values: Map<String, Value> = names
                    .iter()
                    .zip(&pkg)
                    .zip(shapes)
                    .enumerate()
                    .map(|(i, ((n, &k), (shape, _)))| (n.clone(), bid_value(s, i, shape, k)))
                    .collect();
                let note = ((u - level).abs() > 1e-9)
                    .then(|| format!("worth {} instead of {}", snap(u), snap(level)));
                return (json!({ "issuevalues": values }), note);
            }
            i -= 1;
            idx[i] += 1;
            if idx[i] < sizes[i] {
                break;
            }
            idx[i] = 0;
        }
    }
}

/// Issue `i`'s option `k` as a bid value: the value's name, or the number.
fn bid_value(s: &Scenario, i: usize, shape: &Shape, k: usize) -> Value {
    match shape {
        Shape::Discrete(values) => json!(values[k]),
        _ => json!(s.issues[i].domain.number(k as u32)),
    }
}
