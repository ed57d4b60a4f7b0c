//! Reports: the results of commands as plain values, with their JSON form
//! (serde) and their text form (this module is the only code that formats).

mod analysis;
mod diff;
mod flow;
mod package;
pub mod plot;
pub mod simulate;
mod text;
pub mod tournament;
pub mod tournament_chart;
mod uncertain;

pub use diff::{
    diff_text, Change, ChangeKind, Compare, DealDiff, Detail, DiffReport, Named, OfferDiff,
    Outcome, Shown, Size, Solution,
};
pub use package::{Labels, PackageView};
pub use simulate::{Agreed, Belief, Protocol, SimulateReport, TraceRound};
pub use tournament::{Tally, TournamentReport, TournamentRow};
pub use uncertain::{
    Answer, BeliefsReport, HypothesisFigure, Observation, ObserveReport, PerHypothesisReport,
    ProbeOffer, ProbeReport, RobustPoint, RobustReport,
};

// The analyses' own types that reports carry, so that every part of a
// report has a name outside the crate.
pub use crate::analysis::classify::Class;
pub use crate::model::Bargaining;
pub use analysis::Bet;

/// The builders, which only `interp` calls (public to tests with `internals`).
#[cfg(feature = "internals")]
pub use analysis::{bargaining, classify, frontier_report, improve, meso, power, tradeoffs, zopa};
#[cfg(not(feature = "internals"))]
pub(crate) use analysis::{
    bargaining, classify, frontier_report, improve, meso, power, tradeoffs, zopa,
};
pub use analysis::{
    BargainingReport, ClassifiedIssue, ClassifiedPair, ClassifyReport, FrontierPoint,
    FrontierReport, ImproveReport, Improvement, LeftOnTable, LevelFrom, MesoOffer, MesoReport,
    Move, PartyPower, PowerReport, TradeView, TradeoffsReport, ZopaRange, ZopaReport,
};

#[cfg(feature = "internals")]
pub use flow::{setting_text, setting_value, status};
#[cfg(not(feature = "internals"))]
pub(crate) use flow::{setting_text, setting_value, status};
pub use flow::{AgreeReport, SettleReport, Settlement, StatusReport};

pub use text::{count as count_text, plural, render_text, render_text_with, render_title};

use crate::eval;
use crate::model::{Package, Scenario};
use serde::Serialize;
use serde_json::Value;

/// One command's result. Serialises as one JSON object with `"command"`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "command", rename_all = "lowercase")]
pub enum Report {
    /// `evaluate OFFER`.
    Evaluate(Box<Evaluation>),
    /// `frontier`.
    Frontier(FrontierReport),
    /// `zopa`.
    Zopa(ZopaReport),
    /// `classify`.
    Classify(ClassifyReport),
    /// `improve OFFER`.
    Improve(Box<ImproveReport>),
    /// `tradeoffs A B [from OFFER]`.
    Tradeoffs(Box<TradeoffsReport>),
    /// `meso PARTY count K [at U]`.
    Meso(Box<MesoReport>),
    /// `tentative ISSUE = VALUE`.
    Tentative(Box<SettleReport>),
    /// `reopen ISSUE`.
    Reopen(Box<SettleReport>),
    /// `status`.
    Status(Box<StatusReport>),
    /// `agree`.
    Agree(Box<AgreeReport>),
    /// `power`.
    Power(PowerReport),
    /// `plot "file.svg"`.
    Plot(Box<plot::PlotReport>),
    /// `assert EXPR`.
    Assert(AssertOutcome),
    /// `neg check`'s summary of a file.
    Check(CheckSummary),
    /// `beliefs PARTY`.
    Beliefs(BeliefsReport),
    /// `observe PARTY …`.
    Observe(ObserveReport),
    /// `robust for PARTY`.
    Robust(RobustReport),
    /// `probe PARTY by US count K`.
    Probe(Box<ProbeReport>),
    /// `simulate A: STRAT, B: STRAT …`.
    Simulate(Box<SimulateReport>),
    /// `tournament STRAT, …`.
    Tournament(Box<TournamentReport>),
    /// `neg diff`: two versions of a plan compared.
    Diff(Box<DiffReport>),
    /// A command's answers per combination of hypotheses.
    #[serde(rename = "per_hypothesis")]
    PerHypothesis(PerHypothesisReport),
    /// `nash`, `kalai`, `welfare` (the report carries its own `"command"`).
    #[serde(untagged)]
    Bargaining(Box<BargainingReport>),
}

/// Each party's figures for one named offer.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The offer's identifier.
    pub offer: String,
    /// Who made it.
    pub by: Option<String>,
    /// The offer's doc comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The package and every party's figures.
    #[serde(flatten)]
    pub figures: Figures,
    /// Whether no package gives every party at least as much and someone more
    /// (absent when the deal space could not be analysed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efficient: Option<bool>,
    /// When it is not efficient: the value it leaves on the table.
    #[serde(flatten)]
    pub left: LeftOnTable,
    /// With hypotheses: the probability that every uncertain party's
    /// utility reaches its BATNA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<f64>,
    /// With hypotheses and weight ranges: the probability that every
    /// uncertain party's optimistic utility reaches its BATNA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceptance_possible: Option<f64>,
    /// Per party whose cared-for utility is an interval (weight ranges):
    /// its pessimistic and optimistic ends.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "uncertain::pairs_as_map"
    )]
    pub intervals: Vec<(String, Interval)>,
    /// With hypotheses: per uncertain party, its figures under each.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "uncertain::pairs_as_map"
    )]
    pub hypotheses: Vec<(String, Vec<HypothesisFigure>)>,
}

/// A utility known only within bounds (weight ranges).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The least it can be.
    pub pessimistic: f64,
    /// The most it can be.
    pub optimistic: f64,
}

impl Interval {
    /// `(low, high)`, rounded for output.
    pub fn of((low, high): (f64, f64)) -> Interval {
        Interval {
            pessimistic: crate::model::snap(low),
            optimistic: crate::model::snap(high),
        }
    }
}

/// A package and what it gives each party.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Issue → option name or number (contingent issues: outcome → value).
    pub package: PackageView,
    /// Party → plain utility (its own score sheet).
    pub utilities: ByName,
    /// Party → utility including its care for the others.
    pub cared: ByName,
    /// Party → BATNA.
    pub batna: ByName,
    /// Party → cared-for utility minus BATNA.
    pub gains: ByName,
    /// Parties the package leaves below their BATNA: they would walk away.
    pub below_batna: Vec<String>,
    /// The same figures as rows, for the text table.
    #[serde(skip)]
    pub rows: Vec<PartyRow>,
}

/// One party's line in an evaluation.
#[derive(Debug, Clone)]
pub struct PartyRow {
    /// Identifier.
    pub party: String,
    /// Plain utility.
    pub utility: f64,
    /// Cared-for utility.
    pub cared: f64,
    /// BATNA.
    pub batna: f64,
    /// Whether the party cares for anyone (else cared == utility).
    pub has_care: bool,
}

impl PartyRow {
    /// Cared-for utility minus BATNA.
    pub fn gain(&self) -> f64 {
        self.cared - self.batna
    }
}

/// The result of an `assert`.
#[derive(Debug, Clone, Serialize)]
pub struct AssertOutcome {
    /// The condition as written.
    pub expr: String,
    /// Whether it held.
    pub passed: bool,
}

/// What `neg check` says about a file that checks clean.
#[derive(Debug, Clone, Serialize)]
pub struct CheckSummary {
    /// The file.
    pub file: String,
    /// Always true (a file with errors gets diagnostics instead).
    pub ok: bool,
    /// Number of parties.
    pub parties: usize,
    /// Number of issues.
    pub issues: usize,
    /// Number of packages, rules aside (may be astronomically large).
    #[serde(serialize_with = "whole_count")]
    pub packages: f64,
    /// Number of packages that satisfy every rule, when there are rules and
    /// the coupled issues are few enough to count.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_count_if_any"
    )]
    pub feasible_packages: Option<f64>,
    /// Number of warnings.
    pub warnings: usize,
}

/// A count kept as a float (it may exceed every integer type), written to
/// JSON as an integer (`22`, not `22.0`) while it is one exactly; past 2^53
/// a float is all it can be.
pub(crate) fn whole_count<S: serde::Serializer>(n: &f64, out: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && (0.0..=EXACT).contains(n) {
        out.serialize_u64(*n as u64)
    } else {
        out.serialize_f64(*n)
    }
}

/// [`whole_count`] for a count that may be absent.
pub(crate) fn whole_count_if_any<S: serde::Serializer>(
    n: &Option<f64>,
    out: S,
) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => whole_count(n, out),
        None => out.serialize_none(),
    }
}

/// A figure per name (a party, an event's outcome), in order: a JSON object
/// `{name: figure}`. Figures are rounded to 12 significant digits (which
/// removes binary noise) as they are put in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ByName(Vec<(String, f64)>);

impl ByName {
    /// `(name, figure)`, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.0.iter().map(|(p, x)| (p.as_str(), *x))
    }

    /// The figure of one name.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.iter().find(|(p, _)| *p == name).map(|(_, x)| x)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, f64)> for ByName {
    fn from_iter<I: IntoIterator<Item = (String, f64)>>(iter: I) -> Self {
        ByName(
            iter.into_iter()
                .map(|(p, x)| (p, crate::model::snap(x)))
                .collect(),
        )
    }
}

impl Serialize for ByName {
    fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = out.serialize_map(Some(self.0.len()))?;
        for (party, x) in &self.0 {
            map.serialize_entry(party, x)?;
        }
        map.end()
    }
}

/// Rounds a figure for output (removes floating-point noise).
pub(crate) fn figure(x: f64) -> Value {
    serde_json::json!(crate::model::snap(x))
}

/// Evaluates a named offer for every party.
pub(crate) fn evaluate(s: &Scenario, offer: &NamedPackage) -> Evaluation {
    Evaluation {
        offer: offer.name.clone(),
        by: offer.by.map(|p| s.parties[p].id.clone()),
        doc: offer.doc.clone(),
        figures: figures(s, &Labels::of(s), &offer.package),
        efficient: None,
        left: LeftOnTable::default(),
        acceptance: None,
        acceptance_possible: None,
        intervals: intervals(s, &offer.package),
        hypotheses: vec![],
    }
}

/// The cared-for utility of `package` as an interval for every party whose
/// weights, or the weights of a party it cares for, are ranges.
pub(crate) fn intervals(s: &Scenario, package: &[u32]) -> Vec<(String, Interval)> {
    let ranged = |p: usize| s.parties[p].ranges.iter().any(Option::is_some);
    (0..s.parties.len())
        .filter(|&p| ranged(p) || s.parties[p].care.iter().any(|c| ranged(c.party)))
        .map(|p| {
            (
                s.parties[p].id.clone(),
                Interval::of(crate::eval::cared_interval(s, p, package)),
            )
        })
        .collect()
}

/// A package a command is about: a declared offer, or a computed one (`nash`).
#[derive(Debug, Clone)]
pub struct NamedPackage {
    /// The offer's identifier, or the analysis' name.
    pub name: String,
    /// Who offers it (declared offers only).
    pub by: Option<usize>,
    /// The offer's doc comment.
    pub doc: Option<String>,
    /// The package.
    pub package: Package,
}

impl NamedPackage {
    /// The declared offer `o`.
    pub(crate) fn offer(s: &Scenario, o: usize) -> NamedPackage {
        let offer = &s.offers[o];
        NamedPackage {
            name: offer.id.clone(),
            by: offer.by,
            doc: offer.doc.clone(),
            package: offer.package.clone(),
        }
    }
}

/// Every party's figures for a package.
pub(crate) fn figures(s: &Scenario, labels: &std::sync::Arc<Labels>, package: &Package) -> Figures {
    let rows: Vec<PartyRow> = (0..s.parties.len())
        .map(|p| PartyRow {
            party: s.parties[p].id.clone(),
            utility: eval::utility(s, p, package),
            cared: eval::cared(s, p, package),
            batna: s.parties[p].batna,
            has_care: !s.parties[p].care.is_empty(),
        })
        .collect();
    let column = |f: &dyn Fn(&PartyRow) -> f64| -> ByName {
        rows.iter().map(|r| (r.party.clone(), f(r))).collect()
    };
    Figures {
        package: PackageView::new(labels, package),
        utilities: column(&|r| r.utility),
        cared: column(&|r| r.cared),
        batna: column(&|r| r.batna),
        gains: column(&|r| r.gain()),
        below_batna: rows
            .iter()
            .filter(|r| r.gain() < 0.0 && !eval::approx_eq(r.cared, r.batna))
            .map(|r| r.party.clone())
            .collect(),
        rows,
    }
}
