//! Reports of the deal-space analyses: the frontier, bargaining points and
//! the zone of possible agreement.

use super::{figure, figures, Figures, Labels, PackageView};
use crate::analysis::bargaining::acceptable;
use crate::analysis::frontier::Point;
use crate::eval;
use crate::model::Scenario;
use serde::Serialize;
use serde_json::{Map, Value};

/// `frontier`: every distinct Pareto-optimal utility vector.
#[derive(Debug, Clone, Serialize)]
pub struct FrontierReport {
    /// The points, best first for the first party.
    pub points: Vec<FrontierPoint>,
    /// How many of them give every party at least its BATNA.
    pub in_negotiation_set: usize,
}

/// One frontier point with its representative package.
#[derive(Debug, Clone, Serialize)]
pub struct FrontierPoint {
    /// The representative package.
    pub package: PackageView,
    /// Party → plain utility.
    pub utilities: Map<String, Value>,
    /// Party → cared-for utility (what the frontier is computed on).
    pub cared: Map<String, Value>,
    /// How many packages share this vector.
    pub count: f64,
    /// Whether every party gets at least its BATNA.
    pub in_negotiation_set: bool,
}

/// `nash`, `kalai` or `welfare`.
#[derive(Debug, Clone, Serialize)]
pub struct BargainingReport {
    /// Which point.
    pub command: &'static str,
    /// Whether the negotiation set has a package at all.
    pub found: bool,
    /// The package and its figures, when found.
    #[serde(flatten)]
    pub figures: Option<Figures>,
    /// For `welfare`: the largest joint utility when BATNAs are ignored, if it is larger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unrestricted: Option<Figures>,
    /// Why there is no package, when none was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `zopa`: whether and where agreement beats every BATNA.
#[derive(Debug, Clone, Serialize)]
pub struct ZopaReport {
    /// Whether some package gives every party at least its BATNA.
    pub exists: bool,
    /// Per party: BATNA and the range of its utility over the efficient agreements.
    pub ranges: Vec<ZopaRange>,
    /// The largest joint gain over the BATNAs an agreement can create.
    pub surplus: Option<f64>,
    /// Why there is no zone, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One party's part of the zone.
#[derive(Debug, Clone, Serialize)]
pub struct ZopaRange {
    /// The party.
    pub party: String,
    /// Its BATNA.
    pub batna: f64,
    /// Its lowest cared-for utility among efficient agreements.
    pub min: Option<f64>,
    /// Its highest.
    pub max: Option<f64>,
    /// The most it can get from any package at all.
    pub best_anywhere: f64,
}

fn batnas(s: &Scenario) -> Vec<f64> {
    s.parties.iter().map(|p| p.batna).collect()
}

/// The frontier as a report.
pub fn frontier_report(s: &Scenario, points: &[Point]) -> FrontierReport {
    let b = batnas(s);
    let labels = Labels::of(s);
    let named = |values: &mut dyn Iterator<Item = f64>| -> Map<String, Value> {
        s.parties
            .iter()
            .zip(values)
            .map(|(p, v)| (p.id.clone(), figure(v)))
            .collect()
    };
    let points: Vec<FrontierPoint> = points
        .iter()
        .map(|p| FrontierPoint {
            package: PackageView::new(&labels, &p.package),
            utilities: named(&mut (0..s.parties.len()).map(|q| eval::utility(s, q, &p.package))),
            cared: named(&mut p.values.iter().copied()),
            count: p.count,
            in_negotiation_set: acceptable(p, &b),
        })
        .collect();
    FrontierReport {
        in_negotiation_set: points.iter().filter(|p| p.in_negotiation_set).count(),
        points,
    }
}

/// A bargaining point as a report (`chosen` from the analysis, if any).
pub fn bargaining(
    s: &Scenario,
    command: &'static str,
    points: &[Point],
    chosen: Option<usize>,
    unrestricted: Option<usize>,
) -> BargainingReport {
    let extra = unrestricted.filter(|u| Some(*u) != chosen).filter(|&u| {
        let joint = |i: usize| points[i].values.iter().sum::<f64>();
        chosen.is_none_or(|c| !eval::approx_eq(joint(u), joint(c)))
    });
    BargainingReport {
        command,
        found: chosen.is_some(),
        figures: chosen.map(|i| figures(s, &points[i].package)),
        unrestricted: extra.map(|i| figures(s, &points[i].package)),
        reason: chosen.is_none().then(|| no_zone_reason(s, points)),
    }
}

/// `zopa` from the frontier.
pub fn zopa(s: &Scenario, points: &[Point]) -> ZopaReport {
    let b = batnas(s);
    let ns: Vec<&Point> = points.iter().filter(|p| acceptable(p, &b)).collect();
    let ranges = s
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let values = ns.iter().map(|pt| pt.values[i]);
            ZopaRange {
                party: p.id.clone(),
                batna: p.batna,
                min: values.clone().reduce(f64::min).map(crate::model::snap),
                max: values.reduce(f64::max).map(crate::model::snap),
                best_anywhere: crate::model::snap(
                    points
                        .iter()
                        .map(|pt| pt.values[i])
                        .fold(f64::NEG_INFINITY, f64::max),
                ),
            }
        })
        .collect();
    let surplus = ns
        .iter()
        .map(|p| p.values.iter().zip(&b).map(|(u, b)| u - b).sum::<f64>())
        .reduce(f64::max)
        .map(crate::model::snap);
    ZopaReport {
        exists: !ns.is_empty(),
        ranges,
        surplus,
        reason: ns.is_empty().then(|| no_zone_reason(s, points)),
    }
}

/// Why no package gives every party its BATNA, in words.
fn no_zone_reason(s: &Scenario, points: &[Point]) -> String {
    let short: Vec<String> = s
        .parties
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let best = points
                .iter()
                .map(|pt| pt.values[i])
                .fold(f64::NEG_INFINITY, f64::max);
            (best < p.batna).then(|| {
                format!(
                    "{} can get at most {} from any package, below its BATNA of {}",
                    p.id,
                    trim(best),
                    trim(p.batna)
                )
            })
        })
        .collect();
    if !short.is_empty() {
        return short.join("; ");
    }
    "every party can beat its BATNA in some package, but no single package does so for all of them at once".into()
}

fn trim(x: f64) -> String {
    match figure(x) {
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}
