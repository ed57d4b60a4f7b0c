//! `simulate`: the trace of a negotiation between agents and its outcome,
//! as text and JSON.

use super::text::{fixed, plural};
use super::{ByName, PackageView};
use serde::Serialize;
use std::fmt::Write;

/// How a simulation settles: the whole package, or issue by issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// Nothing is agreed until everything is agreed.
    Package,
    /// The issues one at a time, each final.
    Sequential,
}

/// The result of `simulate`.
#[derive(Debug, Clone, Serialize)]
pub struct SimulateReport {
    /// Each party's agent, in the order they propose.
    #[serde(serialize_with = "super::uncertain::pairs_as_map")]
    pub players: Vec<(String, String)>,
    /// The package protocol or issue by issue.
    pub protocol: Protocol,
    /// The hypothesis each party with hypotheses played (one run), or the
    /// one written with `as` (several).
    #[serde(
        serialize_with = "super::uncertain::pairs_as_map",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub played: Vec<(String, String)>,
    /// The deadline in rounds.
    pub rounds: u32,
    /// The seed of the random agents.
    pub seed: u64,
    /// How many negotiations ran.
    pub runs: u32,
    /// The share of runs that reached an agreement.
    pub agreement_rate: f64,
    /// Each party's cared-for utility of the outcome (its BATNA without one).
    pub mean_utilities: ByName,
    /// Rounds played.
    pub mean_rounds: f64,
    /// The outcome's distance to the nearest Pareto-efficient point, in the
    /// parties' points.
    pub mean_pareto_distance: f64,
    /// Its distance to the Nash package's point (`null` when no package
    /// beats every BATNA).
    pub mean_nash_distance: Option<f64>,
    /// The outcome's joint gain over the BATNAs as a share of the largest
    /// any package gives.
    pub welfare_share: f64,
    /// How many runs a hook strategy's error ended.
    #[serde(skip_serializing_if = "is_zero")]
    pub failures: u32,
    /// The first such error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// With one run: every round.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<TraceRound>,
    /// With one run: the agreement, or `null`; absent with several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<Option<Agreed>>,
}

/// One round of the trace.
#[derive(Debug, Clone, Serialize)]
pub struct TraceRound {
    /// 1-based.
    pub round: u32,
    /// Who proposed.
    pub proposer: String,
    /// The package answered: the offer, or the one the first responder
    /// picked from a MESO (`null` when the proposer ended the negotiation
    /// or, issue by issue, for the option of one issue).
    pub package: Option<PackageView>,
    /// A MESO's packages, when the proposer made several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub offered: Vec<PackageView>,
    /// Issue by issue: the issue and option offered (`price = 50`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settling: Option<String>,
    /// Each party's cared-for utility of it.
    #[serde(skip_serializing_if = "ByName::is_empty")]
    pub utilities: ByName,
    /// `accepted`, `rejected by PARTY`, or `ended`.
    pub response: String,
    /// After the round, what each learner believes about each party with
    /// hypotheses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub beliefs: Vec<Belief>,
}

/// A learner's beliefs about one party.
#[derive(Debug, Clone, Serialize)]
pub struct Belief {
    /// The learner.
    pub holder: String,
    /// The party it learns about.
    pub about: String,
    /// The probability of each hypothesis.
    pub probabilities: ByName,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The agreed package.
#[derive(Debug, Clone, Serialize)]
pub struct Agreed {
    /// The package.
    pub package: PackageView,
    /// Each party's cared-for utility of it.
    pub utilities: ByName,
    /// The round it was agreed in.
    pub round: u32,
}

/// Several runs: the means.
fn many_text(r: &SimulateReport, players: &[String]) -> String {
    let mut out = format!(
        "simulate {}: {} of at most {} (seed {})\n",
        players.join(" vs "),
        plural(f64::from(r.runs), "negotiation"),
        plural(f64::from(r.rounds), "round"),
        r.seed
    );
    let _ = writeln!(
        out,
        "  agreement in {}% of the runs, after {} rounds on average",
        fixed(100.0 * r.agreement_rate),
        fixed(r.mean_rounds)
    );
    let _ = writeln!(
        out,
        "  mean utilities (BATNAs without agreement): {}",
        figures_line(&r.mean_utilities)
    );
    out.push_str(&quality_line(r, "on average "));
    out.push_str(&header_notes(r));
    out
}

/// Each party's figure: `a 50.00, b 50.00`.
fn figures_line(figures: &ByName) -> String {
    let parts: Vec<String> = figures
        .iter()
        .map(|(p, u)| format!("{p} {}", fixed(u)))
        .collect();
    parts.join(", ")
}

/// How good the outcome was: its share of the largest joint gain and its
/// distances to the frontier and the Nash point.
fn quality_line(r: &SimulateReport, lead: &str) -> String {
    format!(
        "  {lead}{}% of the largest joint gain; distance to the frontier {}{}\n",
        fixed(100.0 * r.welfare_share),
        fixed(r.mean_pareto_distance),
        r.mean_nash_distance
            .map(|d| format!(", to the Nash point {}", fixed(d)))
            .unwrap_or_default()
    )
}

/// The text of a `simulate` report: the outcome, then the trace (its first
/// and last rounds when it is long).
pub(super) fn simulate_text(r: &SimulateReport) -> String {
    let players: Vec<String> = r
        .players
        .iter()
        .map(|(p, a)| format!("{p} ({a})"))
        .collect();
    if r.runs > 1 {
        return many_text(r, &players);
    }
    let mut out = format!(
        "simulate {}, at most {}\n",
        players.join(" vs "),
        plural(f64::from(r.rounds), "round")
    );
    match r.agreement.as_ref().and_then(Option::as_ref) {
        Some(a) => {
            let _ = writeln!(
                out,
                "  agreement in round {}: {}",
                a.round,
                a.package.line()
            );
            let _ = writeln!(out, "  utilities: {}", figures_line(&a.utilities));
        }
        None => {
            let _ = writeln!(
                out,
                "  no agreement after {}: each takes its BATNA ({})",
                plural(r.mean_rounds, "round"),
                figures_line(&r.mean_utilities)
            );
        }
    }
    out.push_str(&quality_line(r, ""));
    out.push_str(&header_notes(r));
    const SHOWN: usize = 6;
    let n = r.trace.len();
    for (k, t) in r.trace.iter().enumerate() {
        if n > 2 * SHOWN && k == SHOWN {
            let _ = writeln!(
                out,
                "    … {} more rounds (`--format json` lists them all)",
                n - 2 * SHOWN
            );
        }
        if n > 2 * SHOWN && (SHOWN..n - SHOWN).contains(&k) {
            continue;
        }
        let offer = match &t.package {
            None if t.settling.is_some() => t.settling.clone().unwrap_or_default(),
            Some(p) => {
                let figures: Vec<String> = t
                    .utilities
                    .iter()
                    .map(|(p, u)| format!("{p} {}", fixed(u)))
                    .collect();
                let meso = match t.offered.len() {
                    0 | 1 => String::new(),
                    n => format!(" (picked from a MESO of {n})"),
                };
                format!("{}{meso}  ({})", p.line(), figures.join(", "))
            }
            None => "no offer".into(),
        };
        let _ = writeln!(
            out,
            "  {:>4}. {}: {offer} — {}",
            t.round, t.proposer, t.response
        );
        for b in &t.beliefs {
            let _ = writeln!(
                out,
                "        {} believes of {}: {}",
                b.holder,
                b.about,
                shares(&b.probabilities)
            );
        }
    }
    out
}

/// Probabilities as percentages: `growth 62%, lifestyle 38%`.
fn shares(p: &ByName) -> String {
    let parts: Vec<String> = p
        .iter()
        .map(|(h, x)| format!("{h} {}%", (100.0 * x).round()))
        .collect();
    parts.join(", ")
}

/// The lines about the protocol, the hypotheses played and hook errors.
fn header_notes(r: &SimulateReport) -> String {
    let mut out = String::new();
    if r.protocol == Protocol::Sequential {
        out.push_str(
            "  issue by issue (`agreement sequential`): each issue settled in turn, each final\n",
        );
    }
    if !r.played.is_empty() {
        let played: Vec<String> = r
            .played
            .iter()
            .map(|(p, h)| format!("{p} as {h}"))
            .collect();
        let _ = writeln!(out, "  playing {}", played.join(", "));
    }
    if let Some(f) = &r.failure {
        let _ = writeln!(
            out,
            "  {} ended by a hook strategy's error; the first: {f}",
            plural(f64::from(r.failures), "run")
        );
    }
    out
}
