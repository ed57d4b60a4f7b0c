//! Reading GENIUS XML: one domain file (`<negotiation_template>`) and its
//! profiles (`<utility_space>`), into the format-neutral [`Imported`] form.
//!
//! Every problem is a diagnostic pointing into the XML (file, line, column),
//! and the reader carries on past each one so that several are reported
//! together. The semantics are GENIUS 10.4's, as described in
//! `docs/interop.md`.

use super::{Eval, Imported, Issue, IssueKind, Profile};
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId, Sources};
use crate::syntax::Span;
use roxmltree::{Document, Node};

/// Reads a domain and its profiles, already loaded as sources.
pub fn read(
    sources: &Sources,
    domain: SourceId,
    profiles: &[SourceId],
) -> Result<Imported, Vec<Diag>> {
    let mut r = Reader {
        sources,
        diags: vec![],
    };
    let parsed = r.domain(domain);
    let profiles: Vec<Profile> = profiles
        .iter()
        .filter_map(|&p| parsed.as_ref().and_then(|(_, issues)| r.profile(p, issues)))
        .collect();
    crate::diagnostics::sort(&mut r.diags);
    if r.diags.iter().any(|d| d.is_error()) {
        return Err(r.diags);
    }
    let (name, issues) = parsed.expect("no errors, so the domain was read");
    Ok(Imported {
        name,
        issues,
        profiles,
        warnings: r.diags,
    })
}

/// Whether an XML text is a GENIUS domain (`Some(true)`), a profile
/// (`Some(false)`), or neither.
pub fn is_domain(text: &str) -> Option<bool> {
    let doc = Document::parse(text).ok()?;
    match doc.root_element().tag_name().name() {
        "negotiation_template" => Some(true),
        "utility_space" => Some(false),
        _ => None,
    }
}

struct Reader<'s> {
    sources: &'s Sources,
    diags: Vec<Diag>,
}

/// The part of a node to point at: its start tag's name.
fn tag_span(node: Node) -> Span {
    let start = node.range().start;
    Span::new(start, start + 1 + node.tag_name().name().len())
}

impl Reader<'_> {
    fn error(&mut self, src: SourceId, span: Span, message: String, label: &str, help: &str) {
        let mut d = Diag::error(Code::ImportGenius, message, src, span, label);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    /// Parses the XML text of a source, or reports why it is not XML.
    fn parse<'t>(&mut self, src: SourceId, text: &'t str) -> Option<Document<'t>> {
        match Document::parse(text) {
            Ok(doc) => Some(doc),
            Err(e) => {
                let pos = e.pos();
                let at = offset_of(text, pos.row as usize, pos.col as usize);
                self.error(
                    src,
                    Span::new(at, at),
                    format!("not well-formed XML: {e}"),
                    "here",
                    "GENIUS files are plain XML; check the file is the one you meant",
                );
                None
            }
        }
    }

    fn root<'a, 'i>(
        &mut self,
        src: SourceId,
        doc: &'a Document<'i>,
        want: &str,
        what: &str,
    ) -> Option<Node<'a, 'i>> {
        let root = doc.root_element();
        if root.tag_name().name() == want {
            return Some(root);
        }
        self.error(
            src,
            tag_span(root),
            format!(
                "not a GENIUS {what}: the root element is <{}>",
                root.tag_name().name()
            ),
            &format!("expected <{want}>"),
            "a GENIUS domain starts with <negotiation_template>, a profile with <utility_space>",
        );
        None
    }

    /// The single `<objective>` under `<utility_space>` (under the root for a domain).
    fn objective<'a, 'i>(&mut self, src: SourceId, space: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
        let objective = space.children().find(|n| n.has_tag_name("objective"));
        if objective.is_none() {
            self.error(
                src,
                tag_span(space),
                "no <objective> element: the issues are missing".into(),
                "here",
                "the issues go inside <objective> … </objective>",
            );
        }
        objective
    }

    fn domain(&mut self, src: SourceId) -> Option<(String, Vec<Issue>)> {
        let text = &self.sources.get(src).text.clone();
        let doc = self.parse(src, text)?;
        let root = self.root(src, &doc, "negotiation_template", "domain")?;
        let Some(space) = root.children().find(|n| n.has_tag_name("utility_space")) else {
            self.error(
                src,
                tag_span(root),
                "no <utility_space> element in the domain".into(),
                "here",
                "",
            );
            return None;
        };
        let objective = self.objective(src, space)?;
        let name = objective.attribute("name").unwrap_or("").to_string();
        let issues: Vec<Issue> = objective
            .children()
            .filter(|n| n.has_tag_name("issue"))
            .filter_map(|n| self.issue(src, n))
            .collect();
        if issues.is_empty() {
            self.error(
                src,
                tag_span(objective),
                "the domain has no issues".into(),
                "no <issue> inside",
                "",
            );
        }
        Some((name, issues))
    }

    fn issue(&mut self, src: SourceId, n: Node) -> Option<Issue> {
        let Some(name) = n.attribute("name") else {
            self.error(
                src,
                tag_span(n),
                "an issue without a name".into(),
                "no `name`",
                "",
            );
            return None;
        };
        let kind = ["type", "etype", "vtype"]
            .iter()
            .find_map(|a| n.attribute(*a))
            .unwrap_or("discrete");
        let kind = match kind {
            "discrete" => {
                let values: Vec<String> = n
                    .children()
                    .filter(|c| c.has_tag_name("item"))
                    .map(|c| c.attribute("value").unwrap_or("").to_string())
                    .collect();
                if values.is_empty() {
                    self.error(
                        src,
                        tag_span(n),
                        format!("discrete issue `{name}` has no items"),
                        "no <item> inside",
                        "",
                    );
                    return None;
                }
                IssueKind::Discrete(values)
            }
            "integer" => {
                let (lo, hi) = self.bounds(src, n, name)?;
                if lo.fract() != 0.0 || hi.fract() != 0.0 || hi < lo || hi - lo > 1e6 {
                    self.error(
                        src,
                        tag_span(n),
                        format!("integer issue `{name}` has bounds {lo} .. {hi}"),
                        "not a usable integer range",
                        "the bounds must be whole numbers, lower first, at most a million apart",
                    );
                    return None;
                }
                IssueKind::Integer {
                    lo: lo as i64,
                    hi: hi as i64,
                }
            }
            "real" => {
                let (lo, hi) = self.bounds(src, n, name)?;
                if hi <= lo {
                    self.error(
                        src,
                        tag_span(n),
                        format!("real issue `{name}` has an empty range {lo} .. {hi}"),
                        "lower bound not below upper",
                        "",
                    );
                    return None;
                }
                // neg's export writes the plan's grid as `step` on the range
                // (GENIUS ignores it): read it back when it fits the range.
                let step = n
                    .children()
                    .find(|c| c.has_tag_name("range"))
                    .unwrap_or(n)
                    .attribute("step")
                    .and_then(|v| v.trim().parse::<f64>().ok());
                match step {
                    Some(step) if grid_fits(lo, hi, step) => IssueKind::Grid { lo, hi, step },
                    _ => IssueKind::Real { lo, hi },
                }
            }
            other => {
                self.error(
                    src,
                    tag_span(n),
                    format!("issue `{name}` has type `{other}`, which GENIUS domains do not use"),
                    "unknown type",
                    "the types are discrete, integer and real",
                );
                return None;
            }
        };
        Some(Issue {
            name: name.to_string(),
            kind,
        })
    }

    /// An integer or real issue's bounds: attributes, or a `<range>` child.
    fn bounds(&mut self, src: SourceId, n: Node, name: &str) -> Option<(f64, f64)> {
        let holder = if n.attribute("lowerbound").is_some() {
            Some(n)
        } else {
            n.children().find(|c| c.has_tag_name("range"))
        };
        let Some(holder) = holder else {
            self.error(
                src,
                tag_span(n),
                format!("issue `{name}` has no bounds"),
                "no lowerbound/upperbound",
                "write lowerbound=\"…\" upperbound=\"…\" on the issue or on a <range> inside it",
            );
            return None;
        };
        let lo = self.number(src, holder, "lowerbound");
        let hi = self.number(src, holder, "upperbound");
        Some((lo?, hi?))
    }

    /// A required numeric attribute.
    fn number(&mut self, src: SourceId, n: Node, attr: &str) -> Option<f64> {
        let Some(a) = n.attribute_node(attr) else {
            self.error(
                src,
                tag_span(n),
                format!("<{}> has no `{attr}`", n.tag_name().name()),
                &format!("`{attr}` missing"),
                "",
            );
            return None;
        };
        match a.value().trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                let r = a.range_value();
                self.error(
                    src,
                    Span::new(r.start, r.end),
                    format!("`{attr}` is not a number: `{}`", a.value()),
                    "not a number",
                    "",
                );
                None
            }
        }
    }

    /// An optional numeric value: `<tag value="x"/>` or `<tag><value>x</value></tag>`.
    fn optional_value(&mut self, src: SourceId, space: Node, tag: &str) -> Option<f64> {
        let n = space.children().find(|c| c.has_tag_name(tag))?;
        if n.attribute("value").is_some() {
            return self.number(src, n, "value");
        }
        let inner = n.children().find(|c| c.has_tag_name("value"))?;
        let text = inner.text().unwrap_or("").trim();
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                self.error(
                    src,
                    tag_span(inner),
                    format!("<{tag}> is not a number: `{text}`"),
                    "not a number",
                    "",
                );
                None
            }
        }
    }

    fn profile(&mut self, src: SourceId, domain: &[Issue]) -> Option<Profile> {
        let text = &self.sources.get(src).text.clone();
        let doc = self.parse(src, text)?;
        let space = self.root(src, &doc, "utility_space", "profile")?;
        let objective = self.objective(src, space)?;
        let errors_before = self.diags.iter().filter(|d| d.is_error()).count();
        let mut evals: Vec<Option<Eval>> = vec![None; domain.len()];
        let mut weights: Vec<Option<f64>> = vec![None; domain.len()];
        // GENIUS weights refer to issues by index; map each index to a domain issue.
        let mut by_index: Vec<(String, usize)> = vec![];
        let mut unknown_indices: Vec<String> = vec![];
        let issues: Vec<Node> = objective
            .children()
            .filter(|n| n.has_tag_name("issue"))
            .collect();
        let known = |n: &Node| {
            let name = n.attribute("name").unwrap_or("");
            domain.iter().any(|d| d.name == name)
        };
        if !issues.is_empty() && !issues.iter().any(known) {
            let names: Vec<&str> = domain.iter().map(|d| d.name.as_str()).collect();
            self.error(
                src,
                tag_span(objective),
                "this profile is for another domain: none of its issues is in the domain".into(),
                "issues not in the domain",
                &format!("the domain's issues are: {}", names.join(", ")),
            );
            return None;
        }
        for n in issues {
            let name = n.attribute("name").unwrap_or("");
            let Some(i) = domain.iter().position(|d| d.name == name) else {
                unknown_indices.extend(n.attribute("index").map(str::to_string));
                let known: Vec<&str> = domain.iter().map(|d| d.name.as_str()).collect();
                self.error(
                    src,
                    tag_span(n),
                    format!("the profile values an issue `{name}` that the domain does not have"),
                    "unknown issue",
                    &format!(
                        "is this a profile for another domain? The domain's issues are: {}",
                        known.join(", ")
                    ),
                );
                continue;
            };
            if let Some(index) = n.attribute("index") {
                by_index.push((index.to_string(), i));
            }
            evals[i] = self.evaluator(src, n, &domain[i]);
        }
        for w in objective.children().filter(|n| n.has_tag_name("weight")) {
            let index = w.attribute("index").unwrap_or("");
            let Some(&(_, i)) = by_index.iter().find(|(k, _)| k == index) else {
                if unknown_indices.iter().any(|k| k == index) {
                    continue;
                }
                self.error(
                    src,
                    tag_span(w),
                    format!(
                        "a weight for issue index `{index}`, which no issue of the profile has"
                    ),
                    "unknown index",
                    "",
                );
                continue;
            };
            weights[i] = self.number(src, w, "value");
        }
        for (i, issue) in domain.iter().enumerate() {
            if evals[i].is_none() && !self.diags.iter().any(|d| d.source == src && d.is_error()) {
                self.error(
                    src,
                    tag_span(objective),
                    format!("the profile does not value issue `{}`", issue.name),
                    "issue missing",
                    "every issue of the domain needs an <issue> here",
                );
            }
            if weights[i].is_none() && evals[i].is_some() {
                self.error(
                    src,
                    tag_span(objective),
                    format!("no weight for issue `{}`", issue.name),
                    "weight missing",
                    "add <weight index=\"…\" value=\"…\"/> with the issue's index",
                );
            }
        }
        let reservation = self
            .optional_value(src, space, "reservation")
            .unwrap_or(0.0);
        let discount = self.optional_value(src, space, "discount_factor");
        if self.diags.iter().filter(|d| d.is_error()).count() > errors_before {
            return None;
        }
        let weights: Vec<f64> = weights.into_iter().map(|w| w.unwrap_or(0.0)).collect();
        let total: f64 = weights.iter().sum();
        if (total - 1.0).abs() > 1e-6 {
            self.diags.push(
                Diag::warning(
                    Code::ImportWeights,
                    format!("the weights sum to {total}, not 1"),
                    src,
                    tag_span(objective),
                    "these issues' weights",
                )
                .with_help("GENIUS uses the weights as written, and so does the import"),
            );
        }
        let name = std::path::Path::new(&self.sources.get(src).name)
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        Some(Profile {
            name,
            weights,
            evals: evals
                .into_iter()
                .map(|e| e.expect("checked above"))
                .collect(),
            reservation,
            discount,
        })
    }

    fn evaluator(&mut self, src: SourceId, n: Node, issue: &Issue) -> Option<Eval> {
        match &issue.kind {
            IssueKind::Discrete(values) => {
                let mut evals: Vec<Option<f64>> = vec![None; values.len()];
                // A map, not a scan per item: a domain may have 10^5 values.
                // Reversed so that a repeated value maps to its first place.
                let index: std::collections::HashMap<&str, usize> = values
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(k, v)| (v.as_str(), k))
                    .collect();
                for item in n.children().filter(|c| c.has_tag_name("item")) {
                    let value = item.attribute("value").unwrap_or("");
                    let Some(&k) = index.get(value) else {
                        self.error(
                            src,
                            tag_span(item),
                            format!("`{value}` is not a value of issue `{}`", issue.name),
                            "unknown value",
                            &format!("the domain's values are: {}", values.join(", ")),
                        );
                        continue;
                    };
                    let e = self.number(src, item, "evaluation")?;
                    if e < 0.0 {
                        self.error(
                            src,
                            tag_span(item),
                            format!("`{value}` has a negative evaluation ({e})"),
                            "negative",
                            "GENIUS evaluations are zero or more",
                        );
                    }
                    evals[k] = Some(e);
                }
                if let Some(k) = evals.iter().position(|e| e.is_none()) {
                    self.error(
                        src,
                        tag_span(n),
                        format!(
                            "value `{}` of issue `{}` has no evaluation",
                            values[k], issue.name
                        ),
                        "value missing",
                        "give every value an <item … evaluation=\"…\"/>",
                    );
                    return None;
                }
                Some(Eval::Discrete(evals.into_iter().flatten().collect()))
            }
            // A grid is a real issue whose range carries neg's `step`.
            IssueKind::Integer { .. } | IssueKind::Real { .. } | IssueKind::Grid { .. } => {
                let Some(ev) = n.children().find(|c| c.has_tag_name("evaluator")) else {
                    self.error(
                        src,
                        tag_span(n),
                        format!("issue `{}` has no <evaluator>", issue.name),
                        "evaluator missing",
                        "",
                    );
                    return None;
                };
                let ftype = ev.attribute("ftype").unwrap_or("linear");
                if ftype != "linear" {
                    self.error(
                        src,
                        tag_span(ev),
                        format!("evaluator type `{ftype}` is not supported"),
                        "not linear",
                        "the import reads linear evaluators",
                    );
                    return None;
                }
                if matches!(issue.kind, IssueKind::Integer { .. }) {
                    let slope = self.number(src, ev, "slope");
                    let offset = self.number(src, ev, "offset");
                    Some(Eval::Integer {
                        slope: slope?,
                        offset: offset?,
                    })
                } else {
                    let p0 = self.number(src, ev, "parameter0");
                    let p1 = self.number(src, ev, "parameter1");
                    Some(Eval::Real {
                        intercept: p0?,
                        slope: p1?,
                    })
                }
            }
        }
    }
}

/// The byte offset of a 1-based row and column (columns in characters).
pub(super) fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let mut offset = 0;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        if k + 1 == row {
            return offset
                + line
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(line.len(), |(i, _)| i);
        }
        offset += line.len();
    }
    text.len()
}

/// Whether `lo .. hi step step` is a grid of at most a million points that
/// ends on `hi`.
fn grid_fits(lo: f64, hi: f64, step: f64) -> bool {
    if !(step.is_finite() && step > 0.0) {
        return false;
    }
    let n = (hi - lo) / step;
    n.is_finite() && n <= 1e6 && (n - n.round()).abs() < 1e-9 * n.max(1.0)
}
