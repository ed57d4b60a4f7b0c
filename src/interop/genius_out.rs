//! Writing a checked scenario as GENIUS XML: one domain file and one profile
//! per party.
//!
//! GENIUS utilities are additive with non-negative evaluations and weights
//! that sum to 1, so each party's utility is written as a positive affine
//! image of its `.neg` utility: per issue the contributions `c(x)` (weight ×
//! value, from the compiled score sheet) become evaluations
//! `(c(x) − m) / (max c − m)` with `m = min(0, min c)`, and weights
//! `(max c − m) / Z` with Z their sum. When
//! no contribution is negative (every imported GENIUS domain), the image is a
//! pure rescaling and the reservation value is `BATNA / Z`.
//!
//! Numeric issues become `integer` (whole steps of 1) or `real` issues when
//! every party's evaluation is a clamped straight line over the grid, as
//! GENIUS's linear evaluators are; otherwise they become discrete issues
//! with the numbers as values. Rules, contingent issues and care have no
//! GENIUS form: the first two are errors, care is dropped with a warning.

use crate::diagnostics::Code;
use crate::diagnostics::Diag;
use crate::model::{snap, Domain, Scenario};
use crate::syntax::Unit;
use std::fmt::Write;

/// The files of an export.
#[derive(Debug, Clone)]
pub struct Export {
    /// (file name, XML) of the domain.
    pub domain: (String, String),
    /// (file name, XML) per party, in party order.
    pub profiles: Vec<(String, String)>,
    /// What the format could not carry.
    pub warnings: Vec<Diag>,
}

/// How one issue is written.
pub(super) enum Shape {
    Discrete(Vec<String>),
    Integer { lo: i64, hi: i64 },
    Real { lo: f64, hi: f64 },
}

/// One party's evaluation of one issue, from its contributions `c`:
/// `d = c − shift` (non-negative), `spread = max d`, GENIUS weight ∝ spread.
pub(super) struct Evaluation {
    pub(super) shift: f64,
    pub(super) spread: f64,
    pub(super) form: Form,
}

pub(super) enum Form {
    /// Per option, `d` (GENIUS divides by the largest).
    Items(Vec<f64>),
    /// `d / spread = clamp(a + b·x, 0, 1)` over the grid.
    Line { a: f64, b: f64 },
}

/// The scenario as GENIUS XML, or why it cannot be.
pub fn export(s: &Scenario) -> Result<Export, Vec<Diag>> {
    let errors = inexpressible(s, "GENIUS");
    if !errors.is_empty() {
        return Err(errors);
    }
    let title = s.title.clone().unwrap_or_else(|| "neg".into());
    let mut warnings = vec![];
    let shapes = shapes(s, true);
    let names: Vec<String> = s
        .issues
        .iter()
        .map(|i| i.name.clone().unwrap_or_else(|| i.id.clone()))
        .collect();
    let domain = domain_xml(s, &title, &names, &shapes);
    warnings.extend(welfare_moves(s, &shapes));
    let mut profiles = vec![];
    for (p, party) in s.parties.iter().enumerate() {
        if !party.care.is_empty() {
            warnings.push(care_dropped(party, "GENIUS"));
        }
        let (xml, clamped) = profile_xml(&title, &names, &shapes, p, (party.batna, party.discount));
        if clamped {
            warnings.push(
                Diag::warning(
                    Code::ExportReservation,
                    format!(
                        "`{}`'s BATNA lies outside the utilities a package can give",
                        party.id
                    ),
                    party.loc.source,
                    party.loc.span,
                    "BATNA clamped",
                )
                .with_help("GENIUS reservation values lie between 0 and 1; the export clamps it"),
            );
        }
        profiles.push((format!("{}.xml", party.id), xml));
    }
    Ok(Export {
        domain: (format!("{}_domain.xml", file_stem(&title)), domain),
        profiles,
        warnings,
    })
}

/// Every issue's shape and each party's evaluation; numeric issues become
/// lines where they can when `lines` is set, else discrete.
pub(super) fn shapes(s: &Scenario, lines: bool) -> Vec<(Shape, Vec<Evaluation>)> {
    // Per party, per issue: the contributions (one slot per issue: nothing is contingent).
    let contributions: Vec<Vec<&Vec<f64>>> = s
        .parties
        .iter()
        .map(|p| {
            (0..s.issues.len())
                .map(|i| &p.values[s.first_slot[i]])
                .collect()
        })
        .collect();
    (0..s.issues.len())
        .map(|i| shape(s, i, &contributions, lines))
        .collect()
}

/// A warning when the per-party rescaling moves the welfare package: each
/// profile is a positive affine image of its party's utility with its own
/// factor, which keeps every party's ordering, the frontier and the Nash and
/// Kalai packages, but not sums across parties. Exportable plans are
/// additive, so welfare is chosen issue by issue: the warning names each
/// issue whose best options for the plain sum and for the rescaled sum
/// differ (a tie in the plan that the rescaling breaks counts: the welfare
/// package a reader finds can then differ from the plan's).
pub(super) fn welfare_moves(s: &Scenario, shapes: &[(Shape, Vec<Evaluation>)]) -> Option<Diag> {
    let factor: Vec<f64> = (0..s.parties.len())
        .map(|p| shapes.iter().map(|(_, e)| e[p].spread).sum::<f64>())
        .collect();
    let best = |sums: Vec<f64>| -> Vec<usize> {
        let top = sums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let tol = crate::analysis::TOLERANCE * (1.0 + top.abs());
        (0..sums.len()).filter(|&o| sums[o] >= top - tol).collect()
    };
    let moved: Vec<usize> = (0..s.issues.len())
        .filter(|&i| {
            let slot = s.first_slot[i];
            let options = s.issues[i].domain.len();
            let sum = |scale: &dyn Fn(usize) -> f64| -> Vec<f64> {
                (0..options)
                    .map(|o| {
                        s.parties
                            .iter()
                            .enumerate()
                            .map(|(p, party)| party.values[slot][o] * scale(p))
                            .sum()
                    })
                    .collect()
            };
            let plain = best(sum(&|_| 1.0));
            let rescaled = best(sum(&|p| {
                if factor[p] > 0.0 {
                    1.0 / factor[p]
                } else {
                    0.0
                }
            }));
            plain != rescaled
        })
        .collect();
    let first = *moved.first()?;
    let names: Vec<String> = moved
        .iter()
        .map(|&i| format!("`{}`", s.issues[i].id))
        .collect();
    Some(
        Diag::warning(
            Code::ExportWelfare,
            format!(
                "the exported profiles pick another welfare package: each party is rescaled by its own factor, \
                 which changes the largest sum of utilities on {}",
                names.join(", ")
            ),
            s.issues[first].loc.source,
            s.issues[first].loc.span,
            "its welfare option changes",
        )
        .with_help(
            "frontier, Nash and Kalai survive the rescaling; a sum across parties does not (docs/interop.md)",
        ),
    )
}

/// The warning for a party whose care the format drops.
pub(super) fn care_dropped(party: &crate::model::Party, format: &str) -> Diag {
    Diag::warning(
        Code::ExportCare,
        format!(
            "`{}` cares about another party; {format} profiles cannot say so",
            party.id
        ),
        party.loc.source,
        party.loc.span,
        "care is dropped",
    )
    .with_help("the profile carries the party's own utility only")
}

/// Hypotheses, weight ranges, rules, contingent issues and `extra` terms,
/// each an error at its declaration.
pub(crate) fn inexpressible(s: &Scenario, format: &str) -> Vec<Diag> {
    let mut errors = vec![];
    for p in s.parties.iter().filter(|p| !p.hypotheses.is_empty()) {
        errors.push(
            Diag::error(
                Code::ExportHypotheses,
                format!(
                    "{format} cannot express hypotheses about `{}`'s score sheet",
                    p.id
                ),
                p.loc.source,
                p.loc.span,
                "a party with hypotheses",
            )
            .with_help(format!(
                "a {format} profile is one known sheet; keep one hypothesis (`prefs {} {{ … }}`) to export",
                p.id
            )),
        );
    }
    for p in s.parties.iter().filter(|p| p.ranges.iter().any(Option::is_some)) {
        let issues: Vec<&str> = p
            .ranges
            .iter()
            .zip(&s.issues)
            .filter(|(r, _)| r.is_some())
            .map(|(_, i)| i.id.as_str())
            .collect();
        errors.push(
            Diag::error(
                Code::ExportRanges,
                format!(
                    "{format} cannot express the weight ranges of `{}` ({})",
                    p.id,
                    issues.join(", ")
                ),
                p.loc.source,
                p.loc.span,
                "a party whose weights are ranges",
            )
            .with_help(format!(
                "a {format} profile has one weight per issue; write one weight (e.g. the middle of the range) to export"
            )),
        );
    }
    for (p, e) in s
        .parties
        .iter()
        .flat_map(|p| p.extras.iter().map(move |e| (p, e)))
    {
        errors.push(
            Diag::error(
                Code::ExportExtra,
                format!(
                    "{format} cannot express `{}`'s extra term `{}`",
                    p.id, e.function
                ),
                e.loc.source,
                e.loc.span,
                "a term over several issues",
            )
            .with_help(format!(
                "{format} profiles add one value per issue; fold the synergy into per-issue values to export"
            )),
        );
    }
    for r in &s.rules {
        errors.push(
            Diag::error(
                Code::ExportRule,
                format!("{format} cannot express {}", r.describe()),
                r.loc.source,
                r.loc.span,
                "a rule",
            )
            .with_help(format!(
                "{format} domains have no constraints between issues; remove the rule to export"
            )),
        );
    }
    for issue in &s.issues {
        let Some(e) = issue.contingent_on else {
            continue;
        };
        errors.push(
            Diag::error(
                Code::ExportContingent,
                format!(
                    "{format} cannot express the contingent issue `{}`",
                    issue.id
                ),
                issue.loc.source,
                issue.loc.span,
                format!("contingent on `{}`", s.events[e].id),
            )
            .with_help(format!(
                "{format} issues take one value; settle it without the contingency to export"
            )),
        );
    }
    errors
}

/// An issue's GENIUS shape and each party's evaluation of it.
fn shape(s: &Scenario, i: usize, c: &[Vec<&Vec<f64>>], lines: bool) -> (Shape, Vec<Evaluation>) {
    let parts: Vec<(f64, Vec<f64>)> = c
        .iter()
        .map(|party| {
            let shift = party[i].iter().copied().fold(0.0f64, f64::min);
            (shift, party[i].iter().map(|v| v - shift).collect())
        })
        .collect();
    let spread = |d: &[f64]| d.iter().copied().fold(0.0f64, f64::max);
    let items = || {
        let values = (0..s.issues[i].domain.len() as u32)
            .map(|o| option_value(s, i, o))
            .collect();
        let evals = parts
            .iter()
            .map(|(shift, d)| Evaluation {
                shift: *shift,
                spread: spread(d),
                form: Form::Items(d.clone()),
            })
            .collect();
        (Shape::Discrete(values), evals)
    };
    let Domain::Numeric { values, unit, step } = &s.issues[i].domain else {
        return items();
    };
    if !lines {
        return items();
    }
    let lines: Option<Vec<(f64, f64)>> = parts
        .iter()
        .map(|(_, d)| {
            let top = spread(d);
            let n: Vec<f64> = d
                .iter()
                .map(|v| if top > 0.0 { v / top } else { 0.0 })
                .collect();
            line(values, &n)
        })
        .collect();
    let Some(lines) = lines else {
        return items();
    };
    let (lo, hi) = (values[0], values[values.len() - 1]);
    let evals = parts
        .iter()
        .zip(&lines)
        .map(|((shift, d), &(a, b))| Evaluation {
            shift: *shift,
            spread: spread(d),
            form: Form::Line { a, b },
        })
        .collect();
    let whole = |x: f64| x.fract() == 0.0 && x.abs() < 1e15;
    if *unit == Unit::Plain && *step == 1.0 && whole(lo) && whole(hi) {
        let (lo, hi) = (lo as i64, hi as i64);
        (Shape::Integer { lo, hi }, evals)
    } else {
        (Shape::Real { lo, hi }, evals)
    }
}

/// The clamped line `clamp(a + b·x, 0, 1)` through the values `n` (in [0, 1])
/// at the grid `xs`, if there is one.
fn line(xs: &[f64], n: &[f64]) -> Option<(f64, f64)> {
    let inside: Vec<usize> = (0..n.len())
        .filter(|&k| n[k] > 1e-12 && n[k] < 1.0 - 1e-12)
        .collect();
    let (a, b) = match (inside.first(), inside.last()) {
        (Some(&j), Some(&k)) if j != k => {
            let b = (n[k] - n[j]) / (xs[k] - xs[j]);
            (n[j] - b * xs[j], b)
        }
        _ if n.iter().all(|v| (v - n[0]).abs() <= 1e-12) => (n[0], 0.0),
        _ => return None,
    };
    let fits = xs
        .iter()
        .zip(n)
        .all(|(x, v)| ((a + b * x).clamp(0.0, 1.0) - v).abs() <= 1e-9);
    fits.then_some((a, b))
}

/// A numeric option as GENIUS item text (`$80`, `15%`), or the option's display name.
pub(super) fn option_value(s: &Scenario, i: usize, o: u32) -> String {
    let issue = &s.issues[i];
    match issue.option_names.get(o as usize) {
        Some(Some(name)) => name.clone(),
        _ => issue.domain.show(o),
    }
}

/// The grid step of a numeric issue (1 for named options).
pub(super) fn step_of(s: &Scenario, i: usize) -> f64 {
    match &s.issues[i].domain {
        Domain::Numeric { step, .. } => *step,
        Domain::Options(_) => 1.0,
    }
}

fn domain_xml(
    s: &Scenario,
    title: &str,
    names: &[String],
    shapes: &[(Shape, Vec<Evaluation>)],
) -> String {
    let mut x = String::from("<negotiation_template>\n");
    let _ = writeln!(x, "  <utility_space number_of_issues=\"{}\">", names.len());
    let _ = writeln!(
        x,
        "    <objective index=\"0\" name=\"{}\" type=\"objective\" etype=\"objective\">",
        esc(title)
    );
    for (k, (name, (shape, _))) in names.iter().zip(shapes).enumerate() {
        issue_open(&mut x, k, name, shape);
        if let Shape::Discrete(values) = shape {
            for (j, v) in values.iter().enumerate() {
                let _ = writeln!(
                    x,
                    "        <item index=\"{}\" value=\"{}\"/>",
                    j + 1,
                    esc(v)
                );
            }
        }
        if let Shape::Real { lo, hi } = shape {
            // GENIUS reads real issues as continuous and ignores `step`;
            // neg's import reads it back, so the plan's grid survives.
            let _ = writeln!(
                x,
                "        <range lowerbound=\"{lo}\" upperbound=\"{hi}\" step=\"{}\"/>",
                step_of(s, k)
            );
        }
        x.push_str("      </issue>\n");
    }
    x.push_str("    </objective>\n  </utility_space>\n</negotiation_template>\n");
    x
}

fn issue_open(x: &mut String, k: usize, name: &str, shape: &Shape) {
    let kind = match shape {
        Shape::Discrete(_) => "discrete",
        Shape::Integer { .. } => "integer",
        Shape::Real { .. } => "real",
    };
    let bounds = match shape {
        Shape::Integer { lo, hi } => format!(" lowerbound=\"{lo}\" upperbound=\"{hi}\""),
        _ => String::new(),
    };
    let _ = writeln!(
        x,
        "      <issue index=\"{}\" name=\"{}\" type=\"{kind}\" etype=\"{kind}\" vtype=\"{kind}\"{bounds}>",
        k + 1,
        esc(name)
    );
}

/// One party's profile; also whether its reservation value had to be clamped.
fn profile_xml(
    title: &str,
    names: &[String],
    shapes: &[(Shape, Vec<Evaluation>)],
    p: usize,
    (batna, discount): (f64, f64),
) -> (String, bool) {
    let total: f64 = shapes.iter().map(|(_, e)| e[p].spread).sum();
    let shift: f64 = shapes.iter().map(|(_, e)| e[p].shift).sum();
    let mut x = String::from("<utility_space>\n");
    let _ = writeln!(
        x,
        "  <objective index=\"0\" name=\"{}\" type=\"objective\" etype=\"objective\">",
        esc(title)
    );
    for (k, (name, (shape, evals))) in names.iter().zip(shapes).enumerate() {
        issue_open(&mut x, k, name, shape);
        let e = &evals[p];
        match (&e.form, shape) {
            (Form::Items(d), Shape::Discrete(values)) => {
                // Already divided by the largest, so readers that skip GENIUS's
                // own division (NegMAS) read the same utilities.
                for (j, (v, d)) in values.iter().zip(d).enumerate() {
                    let d = if e.spread > 0.0 { d / e.spread } else { 0.0 };
                    let _ = writeln!(
                        x,
                        "        <item index=\"{}\" value=\"{}\" evaluation=\"{}\"/>",
                        j + 1,
                        esc(v),
                        snap(d)
                    );
                }
            }
            (Form::Line { a, b }, Shape::Integer { lo, .. }) => {
                let _ = writeln!(
                    x,
                    "        <evaluator ftype=\"linear\" slope=\"{}\" offset=\"{}\"/>",
                    snap(*b),
                    snap(a + b * *lo as f64)
                );
            }
            (Form::Line { a, b }, Shape::Real { lo, hi }) => {
                let _ = writeln!(
                    x,
                    "        <range lowerbound=\"{lo}\" upperbound=\"{hi}\"/>"
                );
                let _ = writeln!(
                    x,
                    "        <evaluator ftype=\"linear\" parameter0=\"{}\" parameter1=\"{}\"/>",
                    snap(*a),
                    snap(*b)
                );
            }
            _ => {
                unreachable!("shape() pairs items with discrete issues and lines with numeric ones")
            }
        }
        x.push_str("      </issue>\n");
    }
    for (k, (_, evals)) in shapes.iter().enumerate() {
        let w = if total > 0.0 {
            evals[p].spread / total
        } else {
            0.0
        };
        let _ = writeln!(x, "    <weight index=\"{}\" value=\"{}\"/>", k + 1, w);
    }
    x.push_str("  </objective>\n");
    let rv = if total > 0.0 {
        (batna - shift) / total
    } else {
        0.0
    };
    let clamped = !(-1e-9..=1.0 + 1e-9).contains(&rv);
    let _ = writeln!(x, "  <reservation value=\"{}\"/>", snap(rv.clamp(0.0, 1.0)));
    if discount < 1.0 {
        let _ = writeln!(x, "  <discount_factor value=\"{}\"/>", snap(discount));
    }
    x.push_str("</utility_space>\n");
    (x, clamped)
}

/// Escapes text for an XML attribute.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A file stem from a title: letters, digits and `_`.
pub(super) fn file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let stem = stem.trim_matches('_').to_string();
    if stem.is_empty() {
        "neg".into()
    } else {
        stem
    }
}
