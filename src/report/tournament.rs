//! Tournaments: the tally of the runs (exact sums, so that shards merge
//! into exactly the unsharded result), the results table with 95%
//! confidence intervals, and its text.

use super::text::{fixed, pad_end, pad_start, plural};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Figures are summed in millionths of a point, as integers: sums in any
/// order, over any split into shards, are the same.
const SCALE: f64 = 1e6;

/// The exact sums of one figure over runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sums {
    /// Σ x (in millionths), as a decimal string in JSON.
    #[serde(with = "wide")]
    pub sum: i128,
    /// Σ x² (in millionths squared).
    #[serde(with = "wide")]
    pub squares: i128,
}

impl Sums {
    /// Adds one run's figure.
    pub fn add(&mut self, x: f64) {
        let k = (x * SCALE).round() as i64;
        self.sum += i128::from(k);
        self.squares += i128::from(k) * i128::from(k);
    }

    fn merge(&mut self, o: &Sums) {
        self.sum += o.sum;
        self.squares += o.squares;
    }

    /// The mean and the half-width of its 95% confidence interval over `n` runs.
    pub fn mean_ci(&self, n: u64) -> (f64, f64) {
        if n == 0 {
            return (0.0, 0.0);
        }
        let nf = n as f64;
        let mean = self.sum as f64 / nf;
        let ci = if n > 1 {
            // (Σx² − (Σx)²/n) exactly in integers where it fits, then scaled.
            let spread = self.squares as f64 - (self.sum as f64) * (self.sum as f64) / nf;
            1.96 * (spread.max(0.0) / (nf - 1.0)).sqrt() / nf.sqrt()
        } else {
            0.0
        };
        (
            crate::model::snap(mean / SCALE),
            crate::model::snap(ci / SCALE),
        )
    }
}

mod wide {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &i128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&x.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One strategy in one role of one plan: its runs and sums.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Runs played.
    pub runs: u64,
    /// Runs that reached an agreement.
    pub agreements: u64,
    /// Runs a hook strategy's error ended.
    pub failures: u64,
    /// The role's utility.
    pub utility: Sums,
    /// The distance to the frontier.
    pub pareto: Sums,
    /// The distance to the Nash point.
    pub nash: Sums,
    /// The share of the largest joint gain.
    pub welfare: Sums,
}

impl Cell {
    fn merge(&mut self, o: &Cell) {
        self.runs += o.runs;
        self.agreements += o.agreements;
        self.failures += o.failures;
        self.utility.merge(&o.utility);
        self.pareto.merge(&o.pareto);
        self.nash.merge(&o.nash);
        self.welfare.merge(&o.welfare);
    }
}

/// A plan of a tournament: its name and roles (parties).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallyPlan {
    /// Its title (or file).
    pub name: String,
    /// Its parties, in order.
    pub roles: Vec<String>,
    /// Whether a Nash point exists (its distance means something).
    pub has_nash: bool,
}

/// The runs of a tournament or of one shard of it: what a shard writes
/// and what merging adds up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The plans played on.
    pub plans: Vec<TallyPlan>,
    /// The strategies, as written.
    pub strategies: Vec<String>,
    /// The deadline.
    pub rounds: u32,
    /// The seed.
    pub seed: u64,
    /// Runs per pairing.
    pub repeat: u32,
    /// `(i, n)`: the shards counted (1-based), of `n`.
    pub shards: Vec<u32>,
    /// How many shards the tournament is split into.
    pub of: u32,
    /// Negotiations counted.
    pub negotiations: u64,
    /// Per plan, strategy and role (in that nesting).
    pub cells: Vec<Cell>,
}

/// Why shards do not merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// Shards of different tournaments (what differs).
    Different(String),
    /// A shard given twice.
    Twice(u32),
    /// Shards missing.
    Missing(Vec<u32>),
    /// No shards at all.
    Empty,
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Different(what) => {
                write!(f, "the shards are of different tournaments: {what} differ")
            }
            MergeError::Twice(i) => write!(f, "shard {i} is given twice"),
            MergeError::Missing(m) => {
                let list: Vec<String> = m.iter().map(u32::to_string).collect();
                match m.len() {
                    1 => write!(f, "shard {} is missing", list[0]),
                    _ => write!(f, "shards {} are missing", list.join(", ")),
                }
            }
            MergeError::Empty => write!(f, "no shards to merge"),
        }
    }
}

impl Tally {
    /// An empty tally of shard `i` of `of` (1 of 1: the whole tournament).
    pub fn new(
        plans: Vec<TallyPlan>,
        strategies: Vec<String>,
        (rounds, seed, repeat): (u32, u64, u32),
        (i, of): (u32, u32),
    ) -> Tally {
        let cells = plans.iter().map(|p| p.roles.len() * strategies.len()).sum();
        Tally {
            plans,
            strategies,
            rounds,
            seed,
            repeat,
            shards: vec![i],
            of,
            negotiations: 0,
            cells: vec![Cell::default(); cells],
        }
    }

    /// The cell of strategy `s` in role `role` of plan `plan`.
    pub fn cell(&mut self, plan: usize, s: usize, role: usize) -> &mut Cell {
        let before: usize = self.plans[..plan]
            .iter()
            .map(|p| p.roles.len() * self.strategies.len())
            .sum();
        let roles = self.plans[plan].roles.len();
        &mut self.cells[before + s * roles + role]
    }

    /// Whether every shard is counted.
    pub fn complete(&self) -> bool {
        self.shards.len() as u32 == self.of
    }

    /// The tallies of several plans (the same shard of the same
    /// tournament on each) as one.
    pub fn join(parts: Vec<Tally>) -> Option<Tally> {
        let mut parts = parts.into_iter();
        let mut out = parts.next()?;
        for p in parts {
            out.plans.extend(p.plans);
            out.cells.extend(p.cells);
            out.negotiations += p.negotiations;
        }
        Some(out)
    }

    /// Adds shards up; they must be the shards of one tournament, each once,
    /// all of them.
    pub fn merge(parts: Vec<Tally>) -> Result<Tally, MergeError> {
        let mut parts = parts.into_iter();
        let mut out = parts.next().ok_or(MergeError::Empty)?;
        for p in parts {
            let same = [
                ("the plans", p.plans == out.plans),
                ("the strategies", p.strategies == out.strategies),
                ("the rounds", p.rounds == out.rounds),
                ("the seeds", p.seed == out.seed),
                ("the repeats", p.repeat == out.repeat),
                ("the shard counts", p.of == out.of),
            ];
            if let Some((what, _)) = same.iter().find(|(_, ok)| !ok) {
                return Err(MergeError::Different((*what).into()));
            }
            for &i in &p.shards {
                if out.shards.contains(&i) {
                    return Err(MergeError::Twice(i));
                }
                out.shards.push(i);
            }
            out.negotiations += p.negotiations;
            for (a, b) in out.cells.iter_mut().zip(&p.cells) {
                a.merge(b);
            }
        }
        out.shards.sort_unstable();
        let missing: Vec<u32> = (1..=out.of).filter(|i| !out.shards.contains(i)).collect();
        if !missing.is_empty() {
            return Err(MergeError::Missing(missing));
        }
        Ok(out)
    }

    /// The results table of a complete tally.
    pub fn report(&self) -> TournamentReport {
        let mut results = vec![];
        let mut at = 0;
        for plan in &self.plans {
            for strategy in &self.strategies {
                for role in &plan.roles {
                    let c = &self.cells[at];
                    at += 1;
                    let (mean_utility, utility_ci) = c.utility.mean_ci(c.runs);
                    let (mean_pareto_distance, pareto_ci) = c.pareto.mean_ci(c.runs);
                    let (nash, nash_ci) = c.nash.mean_ci(c.runs);
                    let (welfare_share, welfare_ci) = c.welfare.mean_ci(c.runs);
                    results.push(TournamentRow {
                        plan: plan.name.clone(),
                        strategy: strategy.clone(),
                        role: role.clone(),
                        runs: c.runs,
                        agreement_rate: if c.runs == 0 {
                            0.0
                        } else {
                            crate::model::snap(c.agreements as f64 / c.runs as f64)
                        },
                        mean_utility,
                        utility_ci,
                        mean_pareto_distance,
                        pareto_ci,
                        mean_nash_distance: plan.has_nash.then_some(nash),
                        nash_ci: plan.has_nash.then_some(nash_ci),
                        welfare_share,
                        welfare_ci,
                        failures: c.failures,
                    });
                }
            }
        }
        TournamentReport {
            plans: self.plans.iter().map(|p| p.name.clone()).collect(),
            strategies: self.strategies.clone(),
            rounds: self.rounds,
            seed: self.seed,
            repeat: self.repeat,
            runs: self.negotiations,
            results,
            chart: None,
            svg: String::new(),
            at: crate::model::Loc::default(),
        }
    }
}

/// One strategy in one role of one plan.
#[derive(Debug, Clone, Serialize)]
pub struct TournamentRow {
    /// The plan.
    pub plan: String,
    /// The strategy.
    pub strategy: String,
    /// The party it played.
    pub role: String,
    /// The runs it played in this role.
    pub runs: u64,
    /// The share of its runs that reached an agreement.
    pub agreement_rate: f64,
    /// Its mean utility in this role (discounted where the plan says so;
    /// its BATNA without agreement).
    pub mean_utility: f64,
    /// The half-width of the 95% confidence interval of the mean.
    pub utility_ci: f64,
    /// The mean distance of the outcome to the frontier.
    pub mean_pareto_distance: f64,
    /// Its 95% half-width.
    pub pareto_ci: f64,
    /// The mean distance to the Nash point (`null` without one).
    pub mean_nash_distance: Option<f64>,
    /// Its 95% half-width.
    pub nash_ci: Option<f64>,
    /// The mean share of the largest joint gain.
    pub welfare_share: f64,
    /// Its 95% half-width.
    pub welfare_ci: f64,
    /// Runs a hook strategy's error ended.
    #[serde(skip_serializing_if = "is_zero")]
    pub failures: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The result of `tournament`.
#[derive(Debug, Clone, Serialize)]
pub struct TournamentReport {
    /// The plans played on.
    pub plans: Vec<String>,
    /// The strategies.
    pub strategies: Vec<String>,
    /// The deadline.
    pub rounds: u32,
    /// The seed.
    pub seed: u64,
    /// Runs per pairing.
    pub repeat: u32,
    /// Negotiations played.
    pub runs: u64,
    /// Per plan, strategy and role.
    pub results: Vec<TournamentRow>,
    /// The chart file, when one was drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
    /// The chart, for the host to write.
    #[serde(skip)]
    pub svg: String,
    /// The command, for an error writing the chart.
    #[serde(skip)]
    pub at: crate::model::Loc,
}

/// The text: per plan, a table of strategy × role.
pub(super) fn tournament_text(r: &TournamentReport) -> String {
    let mut out = format!(
        "tournament of {}: {} of at most {} (seed {}, {} per pairing)\n",
        r.strategies.join(", "),
        plural(r.runs as f64, "negotiation"),
        plural(f64::from(r.rounds), "round"),
        r.seed,
        r.repeat
    );
    let width = r
        .results
        .iter()
        .map(|x| x.strategy.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let role_width = r
        .results
        .iter()
        .map(|x| x.role.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    for plan in &r.plans {
        if r.plans.len() > 1 {
            let _ = writeln!(out, "  {plan}");
        }
        let _ = writeln!(
            out,
            "  {} {}  {}  {:>7}  {}  {:>8}",
            pad_end("strategy", width),
            pad_end("role", role_width),
            pad_end("mean utility ±95%", 20),
            "agreed",
            pad_end("joint gain ±95%", 17),
            "frontier"
        );
        for row in r.results.iter().filter(|x| &x.plan == plan) {
            let _ = writeln!(
                out,
                "  {} {}  {} ± {}  {:>7}  {} ± {}  {:>8}",
                pad_end(&row.strategy, width),
                pad_end(&row.role, role_width),
                pad_start(&fixed(row.mean_utility), 10),
                pad_end(&fixed(row.utility_ci), 7),
                format!("{}%", fixed(100.0 * row.agreement_rate)),
                pad_start(&format!("{}%", fixed(100.0 * row.welfare_share)), 7),
                pad_end(&format!("{}%", fixed(100.0 * row.welfare_ci)), 7),
                fixed(row.mean_pareto_distance)
            );
        }
    }
    // Every negotiation has one strategy in each role: the rows of one
    // role count each failed negotiation once.
    let failed: u64 = r
        .plans
        .iter()
        .filter_map(|plan| {
            let first = r.results.iter().find(|x| &x.plan == plan)?;
            Some(
                r.results
                    .iter()
                    .filter(|x| &x.plan == plan && x.role == first.role)
                    .map(|x| x.failures)
                    .sum::<u64>(),
            )
        })
        .sum();
    if failed > 0 {
        let _ = writeln!(
            out,
            "  {} ended by a hook strategy's error (`--format json` counts them per row)",
            plural(failed as f64, "negotiation")
        );
    }
    if let Some(file) = &r.chart {
        let _ = writeln!(out, "  chart: wrote {file}");
    }
    out
}
