//! The resolved scenario: plain data, every name turned into an index and
//! every score sheet compiled into per-slot value tables.
//!
//! A *slot* is one decision in a package: a plain issue is one slot; a
//! contingent issue is one slot per outcome of its event. A package is one
//! option index per slot, and a party's (additive) utility is the sum of its
//! table entries — no strings, maps or syntax on the hot path.

pub mod agent;
mod expr;
pub mod format;

pub use agent::{Agent, Player, Tournament};
pub use expr::{Expr, PackageRef, SimFigure, UtilityKind};
pub use format::{format_number, snap};

use crate::diagnostics::SourceId;
use crate::syntax::{Span, Unit};
use serde::Serialize;

/// A place in a source file, kept so late errors can point at declarations.
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq, Eq)]
pub struct Loc {
    /// Which file.
    #[serde(skip)]
    pub source: SourceId,
    /// Where in it.
    #[serde(skip)]
    pub span: Span,
}

/// A package: one option index per slot.
pub type Package = Vec<u32>;

/// The whole resolved scenario.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Scenario {
    /// `scenario "…"`.
    pub title: Option<String>,
    /// The doc comment of the `scenario` line.
    pub doc: Option<String>,
    /// Sides of the table.
    pub parties: Vec<Party>,
    /// What is negotiated.
    pub issues: Vec<Issue>,
    /// Uncertain future states.
    pub events: Vec<Event>,
    /// Decision variables, in issue order (a contingent issue's outcomes in order).
    pub slots: Vec<Slot>,
    /// Per issue: the index of its first slot.
    pub first_slot: Vec<usize>,
    /// Constraints every package meets.
    pub rules: Vec<Rule>,
    /// Named packages.
    pub offers: Vec<Offer>,
    /// How settlement works.
    pub agreement: Agreement,
    /// Declared custom strategies.
    pub strategies: Vec<String>,
    /// The names of the named simulations (`simulate NAME = …`), in order.
    pub simulations: Vec<String>,
    /// Each declared strategy's hook function.
    pub strategy_functions: Vec<String>,
    /// The compiled hooks, when a strategy calls them during a simulation.
    #[serde(skip)]
    pub hooks: Option<std::sync::Arc<dyn StrategyCalls>>,
    /// Commands of the root file, in order.
    #[serde(skip)]
    pub commands: Vec<Command>,
    /// The root file's folder: relative output paths (plots) resolve against it.
    #[serde(skip)]
    pub base_dir: std::path::PathBuf,
}

/// The most offers one `meso` may ask for (checked with the command).
pub const MAX_MESO_COUNT: usize = 10;

/// A side of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Doc comment.
    pub doc: Option<String>,
    /// Utility of the best alternative to agreement, in this party's points.
    pub batna: f64,
    /// GENIUS's discount factor `d` ∈ (0, 1]: in a simulation, an outcome
    /// at time t ∈ [0, 1] is worth `u·d^t` (1: no discount).
    #[serde(skip_serializing_if = "is_one")]
    pub discount: f64,
    /// Other-regarding terms: this party adds `amount` × `party`'s utility.
    pub care: Vec<Care>,
    /// Per event: this party's probability of each outcome (`None`: no belief).
    pub beliefs: Vec<Option<Vec<f64>>>,
    /// Per issue: the weight as written (1 when none was written; the
    /// middle of a range).
    pub weights: Vec<f64>,
    /// Per issue: the range of a weight known only within bounds
    /// (`weight price 30%..50%`); empty when the sheet has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Option<WeightRange>>,
    /// Per slot, per option: the weighted, probability-scaled contribution to utility.
    pub values: Vec<Vec<f64>>,
    /// `extra = hook f reads …` terms, added to the sum of `values`.
    pub extras: Vec<Extra>,
    /// The hypotheses about this party's score sheet when it is not known
    /// (`prefs P as H { … }`); empty when it is. With hypotheses, the sheet
    /// above is the first hypothesis's, and analyses run per hypothesis on
    /// [`Scenario::under`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hypotheses: Vec<Hypothesis>,
    /// Where the party was declared.
    #[serde(skip)]
    pub loc: Loc,
}

/// A weight known only within bounds. The sheet's tables use the middle
/// of the range; a utility's pessimistic and optimistic ends take, issue by
/// issue, the end of the range that gives the fewest or the most points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightRange {
    /// The lowest weight.
    pub low: f64,
    /// The highest weight.
    pub high: f64,
}

/// How a simulation calls a hook strategy: the hooks module answers,
/// under its sandbox (the model only names the call).
pub trait StrategyCalls: Send + Sync + std::fmt::Debug {
    /// Calls `function` with the agent's `state`; `what` says when, for
    /// the message of a call that fails.
    fn call_strategy(&self, function: &str, state: rhai::Dynamic, what: &str) -> Result<rhai::Dynamic, String>;
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// The deadline of a `simulate` without `rounds`.
pub const DEFAULT_ROUNDS: u32 = 100;

/// The longest deadline a `simulate` may set.
pub const MAX_ROUNDS: u32 = 100_000;

/// The most negotiations one `simulate` may run (`repeat`).
pub const MAX_REPEAT: u32 = 1_000_000;

/// The most rounds one `simulate` may play in all (`rounds × repeat`): a
/// few seconds of work.
pub const MAX_TOTAL_ROUNDS: f64 = 1e8;

/// One hypothesis about a party's score sheet and BATNA.
#[derive(Debug, Clone, Serialize)]
pub struct Hypothesis {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Prior probability.
    pub prior: f64,
    /// The party's BATNA under this hypothesis.
    pub batna: f64,
    /// As [`Party::beliefs`].
    pub beliefs: Vec<Option<Vec<f64>>>,
    /// As [`Party::weights`].
    pub weights: Vec<f64>,
    /// As [`Party::ranges`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Option<WeightRange>>,
    /// As [`Party::values`].
    pub values: Vec<Vec<f64>>,
    /// As [`Party::extras`].
    pub extras: Vec<Extra>,
}

/// An `extra = hook f reads a, b` term: points for every combination of the
/// read issues' options, tabulated when the plan is checked.
#[derive(Debug, Clone, Serialize)]
pub struct Extra {
    /// The hook function.
    pub function: String,
    /// The slots it reads, ascending.
    pub slots: Vec<usize>,
    /// Per read slot: its number of options.
    pub sizes: Vec<u32>,
    /// Points per combination, the last slot varying fastest.
    pub table: Vec<f64>,
    /// Where the `extra` line names the hook.
    #[serde(skip)]
    pub loc: Loc,
}

impl Extra {
    /// The term's points for a package.
    pub fn value(&self, package: &[u32]) -> f64 {
        let index = self
            .slots
            .iter()
            .zip(&self.sizes)
            .fold(0usize, |acc, (&k, &n)| {
                acc * n as usize + package[k] as usize
            });
        self.table[index]
    }
}

/// `care X for P`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Care {
    /// The party cared for.
    pub party: usize,
    /// The share of that party's utility added.
    pub amount: f64,
}

/// What is negotiated.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Doc comment.
    pub doc: Option<String>,
    /// Its options.
    pub domain: Domain,
    /// Per named option: its display name, if declared (empty for numeric issues).
    pub option_names: Vec<Option<String>>,
    /// The event it is contingent on, if any.
    pub contingent_on: Option<usize>,
    /// Where it was declared.
    #[serde(skip)]
    pub loc: Loc,
}

impl Issue {
    /// An option as a person reads it: its display name when one is
    /// declared (`"HP Pavilion"`), else as [`Domain::show`] writes it.
    pub fn show(&self, option: u32) -> String {
        match self.option_names.get(option as usize) {
            Some(Some(name)) => name.clone(),
            _ => self.domain.show(option),
        }
    }
}

/// The options of an issue.
#[derive(Debug, Clone, Serialize)]
pub enum Domain {
    /// Named options.
    Options(Vec<String>),
    /// A numeric grid `lo, lo + step, …, hi`.
    Numeric {
        /// The grid, lowest first.
        values: Vec<f64>,
        /// The unit every value carries.
        unit: Unit,
        /// The step.
        step: f64,
    },
}

impl Domain {
    /// Number of options.
    pub fn len(&self) -> usize {
        match self {
            Domain::Options(o) => o.len(),
            Domain::Numeric { values, .. } => values.len(),
        }
    }
    /// Whether there are no options (never true for a checked scenario).
    #[cfg(any(test, feature = "internals"))]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// An option shown to a user.
    pub fn show(&self, option: u32) -> String {
        match self {
            Domain::Options(o) => o[option as usize].clone(),
            Domain::Numeric { values, unit, .. } => format_number(values[option as usize], *unit),
        }
    }
    /// An option as a JSON value: the name, or the number in arithmetic.
    pub fn json(&self, option: u32) -> serde_json::Value {
        match self {
            Domain::Options(o) => serde_json::Value::String(o[option as usize].clone()),
            Domain::Numeric { values, .. } => serde_json::json!(snap(values[option as usize])),
        }
    }
    /// The number an option stands for in arithmetic (its index for named options).
    pub fn number(&self, option: u32) -> f64 {
        match self {
            Domain::Options(_) => option as f64,
            Domain::Numeric { values, .. } => values[option as usize],
        }
    }
}

/// An uncertain future state.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Its outcomes (`yes`, `no` for a binary event).
    pub outcomes: Vec<String>,
}

/// One decision of a package.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Slot {
    /// The issue decided.
    pub issue: usize,
    /// For a contingent issue: the outcome this slot applies in.
    pub outcome: Option<usize>,
}

/// A constraint on packages.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Its label.
    pub label: Option<String>,
    /// The condition (a boolean expression of issue values).
    #[serde(skip)]
    pub expr: Expr,
    /// The source text of the condition, for messages and reports.
    pub text: String,
    /// Issues it mentions.
    pub issues: Vec<usize>,
    /// The events of the contingent issues it mentions (sorted, each once):
    /// the rule must hold in every combination of their outcomes.
    pub events: Vec<usize>,
    /// Where it was declared.
    #[serde(skip)]
    pub loc: Loc,
}

impl Rule {
    /// How the rule is named in messages.
    pub fn describe(&self) -> String {
        match &self.label {
            Some(l) => format!("rule \"{l}\""),
            None => format!("rule `{}`", self.text),
        }
    }
}

/// A named package.
#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    /// Identifier.
    pub id: String,
    /// Who makes it.
    pub by: Option<usize>,
    /// Doc comment.
    pub doc: Option<String>,
    /// The package.
    pub package: Package,
}

/// How settlement works.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub enum Agreement {
    /// Nothing is agreed until everything is agreed.
    #[default]
    Package,
    /// These issues are settled one at a time, each final.
    Sequential(Vec<usize>),
}

/// A resolved command.
#[derive(Debug, Clone)]
pub struct Command {
    /// What to do.
    pub kind: CommandKind,
    /// Where it was written.
    pub loc: Loc,
}

/// A bargaining solution: the rule that picks one package off the frontier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bargaining {
    /// The largest product of gains over the BATNAs.
    Nash,
    /// Equal shares of what each party could at best gain (Kalai-Smorodinsky).
    Kalai,
    /// The largest sum of utilities, every party at least at its BATNA.
    Welfare,
}

impl Bargaining {
    /// Every solution, in the order reports list them.
    pub const ALL: [Bargaining; 3] = [Bargaining::Nash, Bargaining::Kalai, Bargaining::Welfare];

    /// The word a plan writes for it (`nash`).
    pub fn keyword(self) -> &'static str {
        match self {
            Bargaining::Nash => "nash",
            Bargaining::Kalai => "kalai",
            Bargaining::Welfare => "welfare",
        }
    }

    /// The solution a plan's word names.
    pub fn from_keyword(word: &str) -> Option<Bargaining> {
        Bargaining::ALL.into_iter().find(|b| b.keyword() == word)
    }
}

/// The commands, with names resolved to indices.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum CommandKind {
    /// `evaluate OFFER`: a declared offer or a computed package (`nash`).
    Evaluate(PackageRef),
    Assert {
        expr: Expr,
        text: String,
    },
    Frontier,
    /// `nash`, `kalai` or `welfare`.
    Bargaining(Bargaining),
    Zopa,
    Power,
    Classify,
    /// `improve OFFER`.
    Improve(PackageRef),
    /// `beliefs PARTY`: the probability of each hypothesis about the party.
    Beliefs(usize),
    /// `observe PARTY …`: Bayes' rule on the party's hypotheses.
    Observe {
        party: usize,
        answer: Observed,
        /// In the party's points (docs/uncertainty.md).
        temperature: f64,
    },
    /// `robust for PARTY`: the best package for PARTY at each acceptance level.
    Robust(usize),
    /// `probe PARTY by US count K [at U]`: K offers worth the same to US
    /// that reveal the most about PARTY's hypotheses.
    Probe {
        party: usize,
        by: usize,
        count: usize,
        at: Option<f64>,
    },
    /// `meso PARTY count K [at U]`.
    Meso {
        party: usize,
        count: usize,
        at: Option<f64>,
    },
    /// `plot "file.svg" [x P y Q]`: the axes' parties.
    Plot {
        file: String,
        x: usize,
        y: usize,
    },
    /// `tradeoffs A B [from OFFER]`.
    Tradeoffs {
        a: usize,
        b: usize,
        from: Option<PackageRef>,
    },
    /// `tentative ISSUE = VALUE`: the option of each of the issue's slots.
    Tentative {
        issue: usize,
        options: Vec<u32>,
    },
    /// `reopen ISSUE`.
    Reopen(usize),
    /// `status`.
    Status,
    /// `agree`.
    Agree,
    /// `simulate A: STRAT, B: STRAT … [rounds N] …`: an alternating-offers
    /// negotiation between agents.
    Simulate {
        /// `simulate NAME = …`: its index among the scenario's named
        /// simulations.
        label: Option<usize>,
        /// Each player, in the order they propose.
        players: Vec<Player>,
        /// The deadline, in rounds (one offer a round).
        rounds: u32,
        /// The seed of the random agents and of the hypotheses drawn.
        seed: u64,
        /// How many negotiations to run.
        repeat: u32,
        /// `agreement sequential`: the issues are settled one at a time.
        sequential: bool,
    },
    /// `tournament STRAT, … [rounds N] [seed S] [repeat R]`.
    Tournament(Tournament),
}

/// An offer in an `observe`: how to name it in reports, and its package.
#[derive(Debug, Clone)]
pub struct ObservedPackage {
    /// A declared offer's identifier (`None`: written out in the `observe`).
    pub label: Option<String>,
    /// The package.
    pub package: Package,
}

/// What a party was seen to do with offers.
#[derive(Debug, Clone)]
pub enum Observed {
    /// It chose `chosen` over the others shown with it.
    Chose {
        /// The offer it chose.
        chosen: ObservedPackage,
        /// The other offers shown with it.
        over: Vec<ObservedPackage>,
    },
    /// It accepted the offer.
    Accepted(ObservedPackage),
    /// It rejected the offer.
    Rejected(ObservedPackage),
}

/// The temperature of `observe` when none is written, in the party's
/// points: a party picks an offer worth 5 points more about e (2.7) times
/// as often (docs/uncertainty.md says why 5).
pub const DEFAULT_TEMPERATURE: f64 = 5.0;

impl CommandKind {
    /// The command's keyword.
    pub fn name(&self) -> &'static str {
        match self {
            CommandKind::Evaluate(_) => "evaluate",
            CommandKind::Assert { .. } => "assert",
            CommandKind::Frontier => "frontier",
            CommandKind::Bargaining(b) => b.keyword(),
            CommandKind::Zopa => "zopa",
            CommandKind::Power => "power",
            CommandKind::Classify => "classify",
            CommandKind::Improve(_) => "improve",
            CommandKind::Beliefs(_) => "beliefs",
            CommandKind::Observe { .. } => "observe",
            CommandKind::Robust(_) => "robust",
            CommandKind::Probe { .. } => "probe",
            CommandKind::Meso { .. } => "meso",
            CommandKind::Plot { .. } => "plot",
            CommandKind::Tradeoffs { .. } => "tradeoffs",
            CommandKind::Tentative { .. } => "tentative",
            CommandKind::Reopen(_) => "reopen",
            CommandKind::Status => "status",
            CommandKind::Agree => "agree",
            CommandKind::Simulate { .. } => "simulate",
            CommandKind::Tournament(_) => "tournament",
        }
    }
}

impl Scenario {
    /// The parties with hypotheses, and how many each has.
    pub fn uncertain(&self) -> Vec<(usize, usize)> {
        let with = |(p, party): (usize, &Party)| {
            (!party.hypotheses.is_empty()).then_some((p, party.hypotheses.len()))
        };
        self.parties.iter().enumerate().filter_map(with).collect()
    }

    /// The scenario in which each listed party's score sheet and BATNA are
    /// those of one of its hypotheses (`(party, hypothesis)` pairs): a
    /// scenario every analysis runs on as if the sheets were known (the
    /// chosen parties have no hypotheses left).
    pub fn under(&self, choice: &[(usize, usize)]) -> Scenario {
        let mut s = self.clone();
        for &(p, h) in choice {
            let party = &mut s.parties[p];
            let hyp = party.hypotheses[h].clone();
            party.batna = hyp.batna;
            party.beliefs = hyp.beliefs;
            party.weights = hyp.weights;
            party.ranges = hyp.ranges;
            party.values = hyp.values;
            party.extras = hyp.extras;
            party.hypotheses.clear();
        }
        s
    }

    /// Index of the party with this identifier.
    pub fn party(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }
    /// Index of the issue with this identifier.
    pub fn issue(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|p| p.id == id)
    }
    /// Index of the offer with this identifier.
    #[cfg(any(test, feature = "internals"))]
    pub fn offer(&self, id: &str) -> Option<usize> {
        self.offers.iter().position(|p| p.id == id)
    }
    /// The slots of issue `i`: one, or one per outcome of its event.
    pub fn issue_slots(&self, i: usize) -> std::ops::Range<usize> {
        let first = self.first_slot[i];
        let count = self.issues[i]
            .contingent_on
            .map_or(1, |e| self.events[e].outcomes.len());
        first..first + count
    }

    /// Every slot of the given issues, in order.
    pub fn slots_of(&self, issues: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = issues.iter().flat_map(|&i| self.issue_slots(i)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Number of packages, as a float (it may exceed every integer type).
    pub fn package_count(&self) -> f64 {
        self.slots
            .iter()
            .map(|s| self.issues[s.issue].domain.len() as f64)
            .product()
    }
}
