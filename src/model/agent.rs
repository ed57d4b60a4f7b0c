//! The negotiating agents of `simulate` and `tournament`: the built-in
//! strategies with their parameters, and declared hook strategies
//! (docs/simulation.md gives each one's formula).

use serde::Serialize;

/// One agent's strategy, with its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Agent {
    /// Faratin's time-dependent concession with exponent `e` (`boulware`
    /// 0.2, `linear` 1, `conceder` 2): at time t ∈ [0, 1] it asks for
    /// `batna + (best − batna)·(1 − t^(1/e))`.
    TimeDependent {
        /// The concession exponent.
        e: f64,
    },
    /// Never concedes: asks for its best package every round.
    HardHeaded,
    /// Offers a package drawn at random among those worth its BATNA, and
    /// accepts an offer worth its BATNA with probability one half (seeded).
    Random,
    /// Tit-for-tat (Faratin): concedes, in its own points, what the other
    /// side conceded in its last offer, as a share of the gap (`relative`)
    /// or as the same number of points (absolute).
    TitForTat {
        /// Mirror shares of the gap (else points).
        relative: bool,
    },
    /// Time-dependent, and among the packages at its target offers the one
    /// a frequency model of the other side's offers says it likes most.
    Frequency {
        /// The concession exponent of its target.
        e: f64,
    },
    /// Time-dependent, learning the other side's hypotheses by Bayes' rule
    /// from the offers it receives, and offering the package at its target
    /// with the highest expected utility to the other side.
    Bayesian {
        /// The concession exponent of its target.
        e: f64,
    },
    /// Time-dependent, making `k` offers of equal value to itself each
    /// round and learning from which one the other side counters closest to.
    Meso {
        /// How many offers it makes at once.
        k: usize,
        /// The concession exponent of its target.
        e: f64,
    },
    /// A declared `strategy NAME = hook FN` (its index among the scenario's
    /// strategies).
    Hook {
        /// Its index among the scenario's declared strategies.
        strategy: usize,
    },
}

/// One player of a `simulate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Player {
    /// The party it plays.
    pub party: usize,
    /// `as HYP`: the hypothesis about the party it plays (`None`: each run
    /// draws one from the current beliefs, when the party has hypotheses).
    pub hypothesis: Option<usize>,
    /// Its strategy.
    pub agent: Agent,
    /// The strategy as reports name it (`boulware`, `meso(k=4)`).
    pub strategy: String,
}

/// `tournament STRAT, … [rounds N] [seed S] [repeat R]`: every strategy
/// against every other and itself, in every role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tournament {
    /// The strategies and their names in reports.
    pub strategies: Vec<(Agent, String)>,
    /// The deadline of each negotiation.
    pub rounds: u32,
    /// The seed.
    pub seed: u64,
    /// Runs per pairing.
    pub repeat: u32,
    /// `chart "file.svg"`: where to draw the results.
    pub chart: Option<String>,
}

/// A parameter of a built-in strategy: its name, default, and the range it
/// must lie in (inclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    /// `e`, `k`.
    pub name: &'static str,
    /// What it means, for messages.
    pub what: &'static str,
    /// Its value when not written.
    pub default: f64,
    /// The lowest value allowed.
    pub low: f64,
    /// The highest value allowed.
    pub high: f64,
    /// Whether it must be a whole number.
    pub whole: bool,
}

const E: &str = "the concession exponent (below 1 concedes late, above 1 early)";

const fn e(default: f64) -> Param {
    Param { name: "e", what: E, default, low: 0.01, high: 100.0, whole: false }
}

const K: Param = Param {
    name: "k",
    what: "the number of equal offers made each round",
    default: 3.0,
    low: 2.0,
    high: 10.0,
    whole: true,
};

/// Every built-in strategy, its parameters in order.
pub const BUILT_IN: &[(&str, &[Param])] = &[
    ("boulware", &[e(0.2)]),
    ("linear", &[e(1.0)]),
    ("conceder", &[e(2.0)]),
    ("hardheaded", &[]),
    ("random", &[]),
    ("tit_for_tat", &[]),
    ("absolute_tit_for_tat", &[]),
    ("frequency", &[e(0.2)]),
    ("bayesian", &[e(0.2)]),
    ("meso", &[K, e(0.2)]),
];

/// The parameters of the built-in strategy `name`, if there is one.
pub fn params_of(name: &str) -> Option<&'static [Param]> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
}

impl Agent {
    /// The built-in agent `name` with its parameters' values in the order
    /// of [`params_of`] (checked by the caller).
    pub fn built_in(name: &str, values: &[f64]) -> Option<Agent> {
        let v = |i: usize| values.get(i).copied().unwrap_or(f64::NAN);
        Some(match name {
            "boulware" | "linear" | "conceder" => Agent::TimeDependent { e: v(0) },
            "hardheaded" => Agent::HardHeaded,
            "random" => Agent::Random,
            "tit_for_tat" => Agent::TitForTat { relative: true },
            "absolute_tit_for_tat" => Agent::TitForTat { relative: false },
            "frequency" => Agent::Frequency { e: v(0) },
            "bayesian" => Agent::Bayesian { e: v(0) },
            "meso" => Agent::Meso { k: v(0) as usize, e: v(1) },
            _ => return None,
        })
    }
}

/// A strategy as written, for reports: `boulware`, `meso(k=4)`, a hook
/// strategy's name.
pub fn display(name: &str, params: &[(String, f64)]) -> String {
    if params.is_empty() {
        return name.to_string();
    }
    let written: Vec<String> = params
        .iter()
        .map(|(p, v)| format!("{p}={}", super::format::format_number(*v, crate::syntax::Unit::Plain)))
        .collect();
    format!("{name}({})", written.join(", "))
}
