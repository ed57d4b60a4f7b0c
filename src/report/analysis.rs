//! Reports of the deal-space analyses: the frontier, bargaining points and
//! the zone of possible agreement.

use super::ByName;
use super::{figure, figures, Figures, Labels, PackageView};
use crate::analysis::bargaining::acceptable;
use crate::analysis::bargaining::Power;
use crate::analysis::classify::PairClasses;
use crate::analysis::frontier::Point;
use crate::analysis::improve::Improvements;
use crate::analysis::tradeoffs::Logrolls;
use crate::eval;
use crate::model::{Bargaining, Scenario};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// `frontier`: every distinct Pareto-optimal utility vector.
#[derive(Debug, Clone)]
pub struct FrontierReport {
    /// The parties, in the order of each point's figures.
    pub parties: Vec<String>,
    /// The points, best first for the first party.
    pub points: Vec<FrontierPoint>,
    /// How many of them give every party at least its BATNA.
    pub in_negotiation_set: usize,
}

/// One frontier point with its representative package.
#[derive(Debug, Clone)]
pub struct FrontierPoint {
    /// The representative package.
    pub package: PackageView,
    /// Per party (in the report's order), the plain utility.
    pub utilities: Vec<f64>,
    /// Per party, the cared-for utility (what the frontier is computed on).
    pub cared: Vec<f64>,
    /// How many packages share this vector (an integer in JSON up to 2^53).
    pub count: f64,
    /// Whether every party gets at least its BATNA.
    pub in_negotiation_set: bool,
}

/// In JSON each point's figures are keyed by party, rounded for output.
impl Serialize for FrontierReport {
    fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
        /// Figures keyed by party.
        struct ByParty<'a>(&'a [String], &'a [f64]);
        impl Serialize for ByParty<'_> {
            fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
                let mut map = out.serialize_map(Some(self.1.len()))?;
                for (party, &v) in self.0.iter().zip(self.1) {
                    map.serialize_entry(party, &crate::model::snap(v))?;
                }
                map.end()
            }
        }
        #[derive(Serialize)]
        struct Row<'a> {
            package: &'a PackageView,
            utilities: ByParty<'a>,
            cared: ByParty<'a>,
            #[serde(serialize_with = "super::whole_count")]
            count: f64,
            in_negotiation_set: bool,
        }
        /// The points as a sequence of rows.
        struct Rows<'a>(&'a FrontierReport);
        impl Serialize for Rows<'_> {
            fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
                let r = self.0;
                let mut seq = out.serialize_seq(Some(r.points.len()))?;
                for p in &r.points {
                    seq.serialize_element(&Row {
                        package: &p.package,
                        utilities: ByParty(&r.parties, &p.utilities),
                        cared: ByParty(&r.parties, &p.cared),
                        count: p.count,
                        in_negotiation_set: p.in_negotiation_set,
                    })?;
                }
                seq.end()
            }
        }
        let mut st = out.serialize_struct("FrontierReport", 2)?;
        st.serialize_field("points", &Rows(self))?;
        st.serialize_field("in_negotiation_set", &self.in_negotiation_set)?;
        st.end()
    }
}

/// `nash`, `kalai` or `welfare`.
#[derive(Debug, Clone, Serialize)]
pub struct BargainingReport {
    /// Which point.
    pub command: Bargaining,
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
    let points: Vec<FrontierPoint> = points
        .par_iter()
        .with_min_len(256)
        .map(|p| FrontierPoint {
            package: PackageView::new(&labels, &p.package),
            utilities: (0..s.parties.len())
                .map(|q| eval::utility(s, q, &p.package))
                .collect(),
            cared: p.values.clone(),
            count: p.count,
            in_negotiation_set: acceptable(p, &b),
        })
        .collect();
    FrontierReport {
        parties: s.parties.iter().map(|p| p.id.clone()).collect(),
        in_negotiation_set: points.iter().filter(|p| p.in_negotiation_set).count(),
        points,
    }
}

/// A bargaining point as a report (`chosen` from the analysis, if any).
pub fn bargaining(
    s: &Scenario,
    command: Bargaining,
    points: &[Point],
    chosen: Option<usize>,
    unrestricted: Option<usize>,
) -> BargainingReport {
    let extra = unrestricted.filter(|u| Some(*u) != chosen).filter(|&u| {
        let joint = |i: usize| points[i].values.iter().sum::<f64>();
        chosen.is_none_or(|c| !eval::approx_eq(joint(u), joint(c)))
    });
    let labels = Labels::of(s);
    BargainingReport {
        command,
        found: chosen.is_some(),
        figures: chosen.map(|i| figures(s, &labels, &points[i].package)),
        unrestricted: extra.map(|i| figures(s, &labels, &points[i].package)),
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

/// `classify`: every issue's class, per pair of parties.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifyReport {
    /// One entry per pair of parties.
    pub pairs: Vec<ClassifiedPair>,
    /// `extra` terms left out (`party: function`): a synergy between issues
    /// belongs to no single issue.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extras_left_out: Vec<String>,
}

/// The classes of the issues for one pair.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifiedPair {
    /// The first party.
    pub a: String,
    /// The second party.
    pub b: String,
    /// Per issue, in declaration order.
    pub issues: Vec<ClassifiedIssue>,
}

/// One issue's class for a pair, with each side's stake in it.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifiedIssue {
    /// The issue.
    pub issue: String,
    /// Its class.
    pub class: crate::analysis::classify::Class,
    /// The first party's stake: the spread of its weighted points over the options.
    pub stake_a: f64,
    /// The second party's stake.
    pub stake_b: f64,
    /// When the issue is contingent and the two forecast its event
    /// differently: a bet a contingent contract can turn into value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bet: Option<Bet>,
}

/// Two parties' differing forecasts of the event a contingent issue depends on.
#[derive(Debug, Clone, Serialize)]
pub struct Bet {
    /// The event.
    pub event: String,
    /// Outcome → the first party's probability.
    pub a: ByName,
    /// Outcome → the second party's probability.
    pub b: ByName,
}

/// The two parties' forecasts of event `e`.
fn bet(s: &Scenario, e: usize, a: usize, b: usize) -> Bet {
    let event = &s.events[e];
    let forecast = |p: usize| -> ByName {
        let probs = s.parties[p].beliefs[e].as_deref().unwrap_or_default();
        event
            .outcomes
            .iter()
            .zip(probs)
            .map(|(o, &q)| (o.clone(), q))
            .collect()
    };
    Bet {
        event: event.id.clone(),
        a: forecast(a),
        b: forecast(b),
    }
}

/// `classify` for every pair of parties.
pub fn classify(s: &Scenario, pairs: &[PairClasses]) -> ClassifyReport {
    let pairs = pairs
        .iter()
        .map(|pair| {
            let (a, b) = (pair.a, pair.b);
            ClassifiedPair {
                a: s.parties[a].id.clone(),
                b: s.parties[b].id.clone(),
                issues: pair
                    .classes
                    .iter()
                    .enumerate()
                    .map(|(i, &class)| ClassifiedIssue {
                        issue: s.issues[i].id.clone(),
                        class,
                        stake_a: crate::model::snap(pair.stakes[i].0),
                        stake_b: crate::model::snap(pair.stakes[i].1),
                        bet: pair
                            .bets
                            .iter()
                            .find(|&&(issue, _)| issue == i)
                            .map(|&(_, e)| bet(s, e, a, b)),
                    })
                    .collect(),
            }
        })
        .collect();
    let extras_left_out = s
        .parties
        .iter()
        .flat_map(|p| {
            p.extras
                .iter()
                .map(move |e| format!("{}: {}", p.id, e.function))
        })
        .collect();
    ClassifyReport {
        pairs,
        extras_left_out,
    }
}

/// `improve OFFER`: the packages that make every party at least as well off
/// as the offer and someone better off.
#[derive(Debug, Clone, Serialize)]
pub struct ImproveReport {
    /// The offer improved on.
    pub offer: String,
    /// Whether no package dominates it.
    pub efficient: bool,
    /// How many distinct frontier points dominate it.
    pub count: usize,
    /// The best of them by joint gain over the offer (at most `IMPROVE_LIST`).
    pub improvements: Vec<Improvement>,
    /// The improvement with the largest product of gains over the offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nash: Option<Improvement>,
}

/// How many improvements a report lists.
pub const IMPROVE_LIST: usize = 10;

/// One improving package.
#[derive(Debug, Clone, Serialize)]
pub struct Improvement {
    /// The package and every party's figures.
    #[serde(flatten)]
    pub figures: Figures,
    /// Party → cared-for gain over the offer.
    pub over_offer: ByName,
    /// The sum of those gains.
    pub joint_gain: f64,
}

/// The improvement report for an offer whose cared-for vector is `reference`.
pub fn improve(
    s: &Scenario,
    offer: &str,
    points: &[Point],
    reference: &[f64],
    found: &Improvements,
) -> ImproveReport {
    let joint_gain =
        |values: &[f64]| -> f64 { values.iter().zip(reference).map(|(v, r)| v - r).sum() };
    let labels = Labels::of(s);
    let one = |i: usize| Improvement {
        figures: figures(s, &labels, &points[i].package),
        over_offer: s
            .parties
            .iter()
            .zip(points[i].values.iter().zip(reference))
            .map(|(p, (v, r))| (p.id.clone(), v - r))
            .collect(),
        joint_gain: crate::model::snap(joint_gain(&points[i].values)),
    };
    ImproveReport {
        offer: offer.to_string(),
        efficient: found.found.is_empty(),
        count: found.found.len(),
        improvements: found
            .found
            .iter()
            .take(IMPROVE_LIST)
            .map(|&i| one(i))
            .collect(),
        nash: found.nash.map(one),
    }
}

/// What a package that is not efficient leaves on the table: the
/// even-handed improvement first (a teacher shows the trade both sides gain
/// from, not one that leaves a side at +0), then the largest joint gain when
/// that is another package.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LeftOnTable {
    /// The improvement with the largest product of gains (ties: the larger joint gain).
    #[serde(rename = "left_on_table", skip_serializing_if = "Option::is_none")]
    pub even_handed: Option<Improvement>,
    /// The improvement with the largest joint gain, when it is another package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub largest_joint_gain: Option<Improvement>,
}

impl ImproveReport {
    /// The even-handed and the largest-joint-gain improvements (empty when efficient).
    pub fn left_on_table(self) -> LeftOnTable {
        let largest = self.improvements.into_iter().next();
        match self.nash {
            None => LeftOnTable {
                even_handed: largest,
                largest_joint_gain: None,
            },
            Some(even) => {
                let same = largest
                    .as_ref()
                    .is_some_and(|l| l.figures.package.same_package(&even.figures.package));
                LeftOnTable {
                    even_handed: Some(even),
                    largest_joint_gain: largest.filter(|_| !same),
                }
            }
        }
    }
}

/// `tradeoffs A B [from OFFER]`: logrolls that make both better off.
#[derive(Debug, Clone, Serialize)]
pub struct TradeoffsReport {
    /// The party that concedes first.
    pub a: String,
    /// The other party.
    pub b: String,
    /// The offer traded from, or `null` for the issue-by-issue compromise.
    pub from: Option<String>,
    /// The reference package.
    pub reference: PackageView,
    /// Rules the reference breaks (possible for the compromise).
    pub reference_breaks: Vec<String>,
    /// The trades, best joint gain first.
    pub trades: Vec<TradeView>,
    /// Pairs of decisions where both would gain but every such trade leaves
    /// another party worse off (left out; always 0 with two parties).
    pub hurting_others: usize,
}

/// One logroll.
#[derive(Debug, Clone, Serialize)]
pub struct TradeView {
    /// What the first party gives.
    pub concede: Move,
    /// What it gets.
    pub win: Move,
    /// Party → cared-for gain over the reference (every party).
    pub gains: ByName,
    /// Every party's gain together.
    pub joint_gain: f64,
}

/// One decision moved from one option to another.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    /// The issue.
    pub issue: String,
    /// For a contingent issue: the outcome this decision applies in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The option at the reference.
    pub from: Value,
    /// The option after the trade.
    pub to: Value,
    /// The same, as text.
    #[serde(skip)]
    pub shown: String,
}

fn move_of(s: &Scenario, slot: usize, from: u32, to: u32) -> Move {
    let sl = s.slots[slot];
    let issue = &s.issues[sl.issue];
    let outcome = sl
        .outcome
        .zip(issue.contingent_on)
        .map(|(o, e)| s.events[e].outcomes[o].clone());
    let name = match &outcome {
        Some(o) => format!("{} (if {o})", issue.id),
        None => issue.id.clone(),
    };
    Move {
        issue: issue.id.clone(),
        outcome,
        from: issue.domain.json(from),
        to: issue.domain.json(to),
        shown: format!("{name} {} → {}", issue.show(from), issue.show(to)),
    }
}

/// Logrolls between `a` and `b` from an offer or from the issue-by-issue compromise.
pub fn tradeoffs(
    s: &Scenario,
    (a, b): (usize, usize),
    from: Option<&str>,
    reference: &crate::model::Package,
    found: Logrolls,
) -> TradeoffsReport {
    let labels = Labels::of(s);
    TradeoffsReport {
        a: s.parties[a].id.clone(),
        b: s.parties[b].id.clone(),
        from: from.map(str::to_string),
        reference: PackageView::new(&labels, reference),
        reference_breaks: eval::broken_rules(s, reference)
            .into_iter()
            .map(|r| s.rules[r].describe())
            .collect(),
        trades: found
            .trades
            .into_iter()
            .map(|t| TradeView {
                concede: move_of(s, t.concede.0, reference[t.concede.0], t.concede.1),
                win: move_of(s, t.win.0, reference[t.win.0], t.win.1),
                joint_gain: crate::model::snap(t.joint()),
                gains: [(a, t.gain_a), (b, t.gain_b)]
                    .into_iter()
                    .chain(t.others)
                    .map(|(p, g)| (s.parties[p].id.clone(), g))
                    .collect(),
            })
            .collect(),
        hurting_others: found.hurting_others,
    }
}

/// `power`: what each party stands to lose, and how its BATNA moves the deal.
#[derive(Debug, Clone, Serialize)]
pub struct PowerReport {
    /// One row per party.
    pub parties: Vec<PartyPower>,
}

/// One party's position.
#[derive(Debug, Clone, Serialize)]
pub struct PartyPower {
    /// The party.
    pub party: String,
    /// Its BATNA.
    pub batna: f64,
    /// The most it gets from a package every party accepts.
    pub best_agreement: Option<f64>,
    /// Its cared-for utility at the Nash package.
    pub at_nash: Option<f64>,
    /// Its dependence on the deal: the gain over its BATNA it would lose without it.
    pub dependence: Option<f64>,
    /// The BATNA shift used below: a tenth of its utility spread over the frontier.
    pub step: f64,
    /// Its utility at the Nash package if its BATNA were `step` lower.
    pub nash_if_weaker: Option<f64>,
    /// Its utility at the Nash package if its BATNA were `step` higher.
    pub nash_if_stronger: Option<f64>,
}

/// `power` from each party's figures ([`crate::analysis::bargaining::power`]).
pub fn power(s: &Scenario, figures: &[Power]) -> PowerReport {
    let parties = s
        .parties
        .iter()
        .zip(figures)
        .map(|(party, f)| PartyPower {
            party: party.id.clone(),
            batna: party.batna,
            best_agreement: f.best_agreement,
            at_nash: f.at_nash,
            dependence: f.at_nash.map(|u| crate::model::snap(u - party.batna)),
            step: f.step,
            nash_if_weaker: f.nash_if_weaker,
            nash_if_stronger: f.nash_if_stronger,
        })
        .collect();
    PowerReport { parties }
}

/// Where a `meso` level came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelFrom {
    /// Written after `at`.
    At,
    /// The party's utility of the Nash package.
    Nash,
}

/// `meso PARTY count K [at U]`: equivalent offers for one party to make.
#[derive(Debug, Clone, Serialize)]
pub struct MesoReport {
    /// The party making the offers.
    pub party: String,
    /// The level the offers are worth to it.
    pub level: f64,
    /// Where the level came from: `"at"` (written) or `"nash"` (its Nash utility).
    pub level_from: LevelFrom,
    /// The band's half-width: members worth `level ± tolerance` count as equal.
    pub tolerance: f64,
    /// How many offers were asked for.
    pub requested: usize,
    /// The smallest number of terms on which two offers differ (`null` for one offer).
    pub distance: Option<usize>,
    /// How many terms count towards the distance: issues (one per outcome
    /// for contingent ones) the party is not indifferent to.
    pub terms: usize,
    /// The offers, best first for the other parties.
    pub offers: Vec<MesoOffer>,
    /// Why fewer offers than asked were found, when so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One of the equivalent offers.
#[derive(Debug, Clone, Serialize)]
pub struct MesoOffer {
    /// The package and every party's figures.
    #[serde(flatten)]
    pub figures: Figures,
    /// The sum of the other parties' cared-for utilities (what was maximised).
    pub others: f64,
    /// The fewest terms on which it differs from each earlier offer (`null` for the first).
    pub differs_on: Option<usize>,
}

/// The report for a computed set of equivalent offers.
pub fn meso(
    s: &Scenario,
    party: usize,
    requested: usize,
    level_from: LevelFrom,
    set: &crate::analysis::meso::Meso,
) -> MesoReport {
    use crate::analysis::meso::Shortfall;
    let labels = Labels::of(s);
    let offers: Vec<MesoOffer> = set
        .members
        .iter()
        .map(|m| MesoOffer {
            figures: figures(s, &labels, &m.package),
            others: crate::model::snap(m.others),
            differs_on: m.distance,
        })
        .collect();
    let p = &s.parties[party];
    let low = trim(set.level - set.tolerance);
    let reason = set.shortfall.as_ref().map(|why| match why {
        Shortfall::NoneQualify => format!(
            "no package is worth {low} or more to {} and at least their BATNAs to the others",
            p.id
        ),
        Shortfall::NoneDiffer => format!(
            "every other package worth at least {low} to {} and acceptable to the others \
             matches an offer here on every term {} cares about, or gives {} less and no one more than one of them",
            p.id, p.id, p.id
        ),
        Shortfall::AboveBand { own, distance } => format!(
            "the best next offer for the others{} is worth {} to {}, above the band; \
             each package within the band that differs from these offers is beaten, for every party, by one that also gives {} more, \
             so none is offered as equivalent (a higher `at` level finds more)",
            distance
                .map(|d| format!(" (differing on {d} terms)"))
                .unwrap_or_default(),
            trim(*own),
            p.id,
            p.id
        ),
    });
    MesoReport {
        party: p.id.clone(),
        level: crate::model::snap(set.level),
        level_from,
        tolerance: crate::model::snap(set.tolerance),
        requested,
        distance: set.distance(),
        terms: set.terms,
        offers,
        reason,
    }
}
