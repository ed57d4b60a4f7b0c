//! The interpreter: runs a checked scenario's commands in order.
//!
//! Each command yields a report or a diagnostic (a failed assert, a command
//! this version cannot run yet); the front end decides how to show them. The
//! deal-space analysis is computed once, when the first command needs it.

mod flow;
mod hypotheses;
mod robust;
mod simulate;

pub use simulate::Means;

use crate::analysis::frontier::{self, Point};
use crate::analysis::meso::{self, MesoError};
use crate::analysis::space::{Space, SpaceError};
use crate::analysis::{bargaining, classify, improve, tradeoffs};
use crate::cancel::Cancel;
use crate::diagnostics::Code;
use crate::diagnostics::Diag;
use crate::eval::{self, Env, EvalError};
use crate::model::{Bargaining, Command, CommandKind, Expr, Package, PackageRef, Scenario};
use crate::report::{self, AssertOutcome, Report};
use crate::syntax::BinOp;

/// What one command produced.
#[derive(Debug, Clone)]
pub enum Step {
    /// A result to show.
    Report(Report),
    /// A result to show and a failure to report (a failed assert).
    Failed(Report, Diag),
    /// A command that could not run.
    Error(Diag),
}

impl Step {
    /// Whether the step makes the run fail.
    pub fn is_failure(&self) -> bool {
        !matches!(self, Step::Report(_))
    }

    /// The step's report (`None`: the command could not run).
    pub fn report(&self) -> Option<&Report> {
        match self {
            Step::Report(r) | Step::Failed(r, _) => Some(r),
            Step::Error(_) => None,
        }
    }
}

/// The closing count of a run: asserts that passed and failed, and the
/// other commands that could not run (counted apart, never as asserts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Asserts that held.
    pub passed: usize,
    /// Asserts that were false or could not be evaluated.
    pub failed: usize,
    /// Commands other than asserts that failed.
    pub other_failures: usize,
}

impl Tally {
    /// Counts one command's step.
    pub fn count(&mut self, c: &Command, step: &Step) {
        let is_assert = matches!(c.kind, CommandKind::Assert { .. });
        match (is_assert, step.is_failure()) {
            (true, false) => self.passed += 1,
            (true, true) => self.failed += 1,
            (false, true) => self.other_failures += 1,
            (false, false) => {}
        }
    }

    /// Whether the run had asserts to count.
    pub fn has_asserts(&self) -> bool {
        self.passed + self.failed > 0
    }

    /// Whether anything failed.
    pub fn any_failure(&self) -> bool {
        self.failed + self.other_failures > 0
    }
}

/// A run of commands over one scenario, with the analysis it computed.
pub struct Session<'a> {
    s: &'a Scenario,
    frontier: Option<Result<Vec<Point>, SpaceError>>,
    /// Per issue: its tentative (or, under a sequential agreement, final) settlement.
    settled: Vec<Option<Vec<u32>>>,
    /// Raised by the front end to stop a long analysis.
    cancel: Cancel,
    /// Per party: the current probability of each hypothesis (priors,
    /// updated by `observe`); empty for a party whose sheet is known.
    beliefs: Vec<Vec<f64>>,
    /// Per party: what each `observe` did to its probabilities.
    observations: Vec<Vec<report::Observation>>,
    /// Per named simulation: its means, once it has run.
    simulated: Vec<Option<simulate::Means>>,
}

/// Runs every command of the scenario, in order.
pub fn run(s: &Scenario) -> Vec<Step> {
    let mut session = Session::new(s);
    s.commands.iter().map(|c| session.run_command(c)).collect()
}

impl<'a> Session<'a> {
    /// A session over a checked scenario.
    pub fn new(s: &'a Scenario) -> Self {
        Session {
            s,
            frontier: None,
            settled: vec![None; s.issues.len()],
            cancel: Cancel::never(),
            beliefs: s
                .parties
                .iter()
                .map(|p| p.hypotheses.iter().map(|h| h.prior).collect())
                .collect(),
            observations: vec![vec![]; s.parties.len()],
            simulated: vec![None; s.simulations.len()],
        }
    }

    /// The same session, stopping its analyses when `cancel` is raised: the
    /// command then fails with `neg::run::cancelled` and changes nothing.
    pub fn cancelled_by(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }

    /// The same session with the frontier already known (a REPL computes it
    /// once for as long as the declarations stay the same).
    pub fn knowing_frontier(mut self, points: Vec<Point>) -> Self {
        self.frontier = Some(Ok(points));
        self
    }

    /// The same session with the frontier's outcome already known: its
    /// points, or why it was refused (an editor's hovers ask again and again).
    pub fn knowing_frontier_outcome(mut self, outcome: Result<Vec<Point>, SpaceError>) -> Self {
        self.frontier = Some(outcome);
        self
    }

    /// The frontier's outcome, if a command computed it (a cancelled
    /// computation is no outcome).
    pub fn into_frontier_outcome(self) -> Option<Result<Vec<Point>, SpaceError>> {
        self.frontier.filter(|f| !matches!(f, Err(SpaceError::Cancelled)))
    }

    /// The frontier, if a command computed it.
    pub fn into_frontier(self) -> Option<Vec<Point>> {
        self.frontier.and_then(Result::ok)
    }

    /// The tentative settlements, per issue (for a REPL to keep across scenarios).
    pub fn settled(&self) -> &[Option<Vec<u32>>] {
        &self.settled
    }

    /// Restores a settlement made earlier (the options of each of the issue's slots).
    pub fn restore(&mut self, issue: usize, options: Vec<u32>) {
        self.settled[issue] = Some(options);
    }

    /// The Pareto frontier, computed on first use (a cancelled computation
    /// is not kept: the next use starts it again).
    pub fn frontier(&mut self) -> Result<&[Point], SpaceError> {
        let s = self.s;
        if matches!(self.frontier, None | Some(Err(SpaceError::Cancelled))) {
            let computed = Space::build(s)
                .and_then(|space| frontier::frontier_until(&space, s.slots.len(), &self.cancel));
            self.frontier = Some(computed);
        }
        match self.frontier.as_ref().expect("computed above") {
            Ok(points) => Ok(points),
            Err(e) => Err(e.clone()),
        }
    }

    /// Runs one command.
    pub fn run_command(&mut self, c: &Command) -> Step {
        let s = self.s;
        let uncertain = s.uncertain();
        if !uncertain.is_empty() {
            return self.run_uncertain(c, &uncertain);
        }
        self.run_known(c)
    }

    /// Runs one command that needs no combination of hypotheses.
    pub(super) fn run_known(&mut self, c: &Command) -> Step {
        let s = self.s;
        match &c.kind {
            CommandKind::Evaluate(o) => {
                let offer = match self.named(c, o) {
                    Ok(offer) => offer,
                    Err(d) => return Step::Error(*d),
                };
                let mut e = report::evaluate(s, &offer);
                let reference: Vec<f64> = (0..s.parties.len())
                    .map(|p| eval::cared(s, p, &offer.package))
                    .collect();
                if let Ok(points) = self.frontier() {
                    let found = improve::improve(points, &reference);
                    let r = report::improve(s, &e.offer, points, &reference, &found);
                    e.efficient = Some(r.efficient);
                    e.left = r.left_on_table();
                }
                Step::Report(Report::Evaluate(Box::new(e)))
            }
            CommandKind::Assert { expr, text } => self.assert(c, expr, text),
            CommandKind::Frontier => self.with_frontier(c, |points| {
                Report::Frontier(report::frontier_report(s, points))
            }),
            CommandKind::Bargaining(b) => {
                let b = *b;
                self.with_frontier(c, |points| bargaining_report(s, b, points))
            }
            CommandKind::Classify => Step::Report(Report::Classify(report::classify(
                s,
                &classify::every_pair(s),
            ))),
            CommandKind::Tradeoffs { a, b, from } => {
                use crate::analysis::tradeoffs::{pairs_to_compare, MAX_PAIRS};
                // Refused up front: the pairs of moves are counted exactly
                // and cheaply, and comparing 10^12 of them would hang.
                let pairs = pairs_to_compare(s);
                if pairs > MAX_PAIRS {
                    return Step::Error(
                        Diag::error(
                            Code::RunOverBudget,
                            format!(
                                "`tradeoffs` would compare {} pairs of moves, more than its budget of {}",
                                report::count_text(pairs),
                                report::count_text(MAX_PAIRS)
                            ),
                            c.loc.source,
                            c.loc.span,
                            "one concession against one gain, for every two decisions",
                        )
                        .with_help("give the issues with the most options a coarser `step` or fewer options"),
                    );
                }
                let from = match from.as_ref().map(|o| self.named(c, o)).transpose() {
                    Ok(from) => from,
                    Err(d) => return Step::Error(*d),
                };
                let reference = from
                    .as_ref()
                    .map_or_else(|| tradeoffs::compromise(s, *a, *b), |o| o.package.clone());
                let found = tradeoffs::tradeoffs(s, *a, *b, &reference);
                Step::Report(Report::Tradeoffs(Box::new(report::tradeoffs(
                    s,
                    (*a, *b),
                    from.as_ref().map(|o| o.name.as_str()),
                    &reference,
                    found,
                ))))
            }
            // Only a party with hypotheses has beliefs (`run_uncertain`).
            CommandKind::Beliefs(_)
            | CommandKind::Observe { .. }
            | CommandKind::Robust(_)
            | CommandKind::Probe { .. } => {
                Step::Error(not_yet(c, c.kind.name()))
            }
            CommandKind::Improve(o) => {
                let offer = match self.named(c, o) {
                    Ok(offer) => offer,
                    Err(d) => return Step::Error(*d),
                };
                let reference: Vec<f64> = (0..s.parties.len())
                    .map(|p| eval::cared(s, p, &offer.package))
                    .collect();
                self.with_frontier(c, |points| {
                    let found = improve::improve(points, &reference);
                    Report::Improve(Box::new(report::improve(
                        s,
                        &offer.name,
                        points,
                        &reference,
                        &found,
                    )))
                })
            }
            CommandKind::Plot { file, x, y } => self.plot(c, file, *x, *y),
            CommandKind::Power => self.with_frontier(c, |points| {
                let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
                Report::Power(report::power(s, &bargaining::power(points, &batnas)))
            }),
            CommandKind::Zopa => {
                self.with_frontier(c, |points| Report::Zopa(report::zopa(s, points)))
            }
            CommandKind::Meso { party, count, at } => self.meso(c, *party, *count, *at),
            CommandKind::Tentative { issue, options } => self.tentative(c, *issue, options),
            CommandKind::Reopen(issue) => self.reopen(c, *issue),
            CommandKind::Status => self.status(c),
            CommandKind::Agree => self.agree(c),
            CommandKind::Simulate {
                label,
                players,
                rounds,
                seed,
                repeat,
                sequential,
            } => self.simulate(c, (*label, players), (*rounds, *seed, *repeat), *sequential),
            CommandKind::Tournament(t) => self.tournament(c, t),
        }
    }

    /// `meso`: the level is the written one, else the party's Nash utility.
    fn meso(&mut self, c: &Command, party: usize, count: usize, at: Option<f64>) -> Step {
        let s = self.s;
        let (level, from) = match at {
            Some(u) => (u, report::LevelFrom::At),
            None => match self.computed(Bargaining::Nash) {
                Ok(Some(p)) => (eval::cared(s, party, &p), report::LevelFrom::Nash),
                Ok(None) => return Step::Error(no_meso_level(c, &s.parties[party].id, count)),
                Err(e) => return Step::Error(space_error(self.s, c, &e)),
            },
        };
        match meso::meso(s, party, count, level, &self.cancel) {
            Ok(set) => Step::Report(Report::Meso(Box::new(report::meso(
                s, party, count, from, &set,
            )))),
            Err(MesoError::Space(e)) => Step::Error(space_error(self.s, c, &e)),
            Err(MesoError::TooLarge) => Step::Error(
                Diag::error(
                    Code::RunMesoTooLarge,
                    "the search for offers that differ from each other went over its work budget",
                    c.loc.source,
                    c.loc.span,
                    "this set of offers",
                )
                .with_help(
                    "ask for fewer offers (each one more multiplies the work), or run `meso` on a plan with fewer issues or parties",
                ),
            ),
        }
    }

    fn with_frontier(&mut self, c: &Command, f: impl FnOnce(&[Point]) -> Report) -> Step {
        match self.frontier() {
            Ok(points) => Step::Report(f(points)),
            Err(e) => Step::Error(space_error(self.s, c, &e)),
        }
    }

    fn plot(&mut self, c: &Command, file: &str, x: usize, y: usize) -> Step {
        let s = self.s;
        let points = match self.frontier() {
            Ok(p) => p.to_vec(),
            Err(e) => return Step::Error(space_error(self.s, c, &e)),
        };
        let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
        let xy = |pkg: &Package| (eval::cared(s, x, pkg), eval::cared(s, y, pkg));
        let (packages, sampled) = crate::analysis::sample::packages(s, 20_000);
        let display = |i: usize| s.parties[i].name.clone().unwrap_or(s.parties[i].id.clone());
        let off_axis: Vec<usize> = (0..s.parties.len()).filter(|&i| i != x && i != y).collect();
        let data = report::plot::PlotData {
            title: s.title.clone().unwrap_or_else(|| "The deal space".into()),
            x_name: display(x),
            y_name: display(y),
            others: off_axis.iter().map(|&i| display(i)).collect(),
            packages: packages.iter().map(xy).collect(),
            sampled_from: sampled.then(|| s.package_count()),
            frontier: points
                .iter()
                .map(|p| report::plot::FrontierMark {
                    at: (p.values[x], p.values[y]),
                    acceptable: bargaining::acceptable(p, &batnas),
                    others_gain: off_axis
                        .iter()
                        .map(|&i| p.values[i] - batnas[i])
                        .reduce(f64::min),
                })
                .collect(),
            batna: (batnas[x], batnas[y]),
            solutions: Bargaining::ALL
                .into_iter()
                .filter_map(|b| {
                    bargaining::choose(b, &points, &batnas)
                        .map(|i| (b, (points[i].values[x], points[i].values[y])))
                })
                .collect(),
            offers: s
                .offers
                .iter()
                .map(|o| (o.id.clone(), xy(&o.package)))
                .collect(),
        };
        match report::plot::render(&data) {
            Ok(svg) => Step::Report(Report::Plot(Box::new(report::plot::PlotReport {
                file: s.base_dir.join(file).display().to_string(),
                x: s.parties[x].id.clone(),
                y: s.parties[y].id.clone(),
                packages: data.packages.len(),
                sampled,
                frontier_points: data.frontier.len(),
                svg,
                at: c.loc,
            }))),
            Err(why) => Step::Error(Diag::error(
                Code::RunPlot,
                format!("could not draw the plot: {why}"),
                c.loc.source,
                c.loc.span,
                "this plot",
            )),
        }
    }

    /// The package a command names: a declared offer, or a computed one
    /// (an error step when no package beats every BATNA).
    fn named(&mut self, c: &Command, r: &PackageRef) -> Result<report::NamedPackage, Box<Diag>> {
        match *r {
            PackageRef::Offer(o) => Ok(report::NamedPackage::offer(self.s, o)),
            PackageRef::Computed(b) => match self.computed(b) {
                Ok(Some(package)) => Ok(report::NamedPackage {
                    name: b.keyword().to_string(),
                    by: None,
                    doc: None,
                    package,
                }),
                Ok(None) => Err(Box::new(no_package(c, b))),
                Err(e) => Err(Box::new(space_error(self.s, c, &e))),
            },
        }
    }

    /// The package a computed name stands for (`None`: no package beats every BATNA).
    fn computed(&mut self, b: Bargaining) -> Result<Option<Package>, SpaceError> {
        let batnas: Vec<f64> = self.s.parties.iter().map(|p| p.batna).collect();
        let points = self.frontier()?;
        Ok(bargaining::choose(b, points, &batnas).map(|i| points[i].package.clone()))
    }

    fn assert(&mut self, c: &Command, expr: &Expr, text: &str) -> Step {
        let expr = &self.put_simulated(expr);
        let mut names = vec![];
        computed_names(expr, &mut names);
        let mut computed = vec![];
        for b in names {
            match self.computed(b) {
                Ok(Some(p)) => computed.push((b, p)),
                Ok(None) => return Step::Error(no_package(c, b)),
                Err(e) => return Step::Error(space_error(self.s, c, &e)),
            }
        }
        let s = self.s;
        let env = Env {
            computed: &computed,
            ..Env::default()
        };
        match eval::eval(s, expr, &env) {
            Err(EvalError::NoPackage(name)) => Step::Error(no_package(c, name)),
            // Only plans with hypotheses have beliefs; the checker refuses
            // `acceptance` and `belief` elsewhere.
            Err(EvalError::Beliefs) => Step::Error(not_yet(c, "acceptance")),
            Err(EvalError::Simulated(label)) => Step::Error(
                Diag::error(
                    Code::RunAssertFailed,
                    format!("the simulation `{}` did not run, so this assert cannot be decided", s.simulations[label]),
                    c.loc.source,
                    c.loc.span,
                    "reads a simulation that failed",
                )
                .with_help("see the simulation's own error above"),
            ),
            Ok(v) if v != 0.0 => Step::Report(Report::Assert(AssertOutcome {
                expr: text.to_string(),
                passed: true,
            })),
            Ok(_) => {
                let label = match comparison_note(s, expr, &env) {
                    Some(sides) => format!("false: {sides}"),
                    None => "this is false".into(),
                };
                let d = Diag::error(
                    Code::RunAssertFailed,
                    format!("assertion failed: {text}"),
                    c.loc.source,
                    c.loc.span,
                    label,
                );
                let outcome = AssertOutcome {
                    expr: text.to_string(),
                    passed: false,
                };
                Step::Failed(Report::Assert(outcome), d)
            }
        }
    }
}

fn bargaining_report(s: &Scenario, b: Bargaining, points: &[Point]) -> Report {
    let batnas: Vec<f64> = s.parties.iter().map(|p| p.batna).collect();
    let chosen = bargaining::choose(b, points, &batnas);
    let unrestricted = (b == Bargaining::Welfare)
        .then(|| bargaining::welfare_unrestricted(points))
        .flatten();
    Report::Bargaining(Box::new(report::bargaining(
        s,
        b,
        points,
        chosen,
        unrestricted,
    )))
}

fn computed_names(e: &Expr, out: &mut Vec<Bargaining>) {
    match e {
        Expr::Utility(_, _, PackageRef::Computed(n)) if !out.contains(n) => out.push(*n),
        Expr::Unary(_, x) => computed_names(x, out),
        Expr::Binary(_, a, b) => {
            computed_names(a, out);
            computed_names(b, out);
        }
        Expr::If(c, a, b) => {
            computed_names(c, out);
            computed_names(a, out);
            computed_names(b, out);
        }
        Expr::When(_, arms) => arms.iter().for_each(|a| computed_names(a, out)),
        _ => {}
    }
}

fn no_package(c: &Command, b: Bargaining) -> Diag {
    let name = b.keyword();
    Diag::error(
        Code::RunNoPackage,
        format!("there is no `{name}` package: no agreement gives every party its BATNA"),
        c.loc.source,
        c.loc.span,
        format!("reads `{name}`"),
    )
    .with_help("run `zopa` to see which party's BATNA is out of reach")
}

fn no_meso_level(c: &Command, party: &str, count: usize) -> Diag {
    Diag::error(
        Code::RunMesoLevel,
        "`meso` has no level to aim at: no package gives every party its BATNA, so there is no Nash package",
        c.loc.source,
        c.loc.span,
        "no level given",
    )
    .with_help(format!(
        "give the level the offers should be worth, e.g. `meso {party} count {count} at 60`"
    ))
}

fn space_error(s: &Scenario, c: &Command, e: &SpaceError) -> Diag {
    match e {
        SpaceError::OverBudget { task, widest } => {
            let mut issues: Vec<usize> = widest.iter().map(|&k| s.slots[k].issue).collect();
            issues.dedup();
            // Name the widest issues only where they stand out: with a
            // handful of options each, the size comes from the number of
            // issues and parties instead.
            let named: Vec<String> = issues
                .iter()
                .filter(|&&i| s.issues[i].domain.len() >= 100)
                .map(|&i| {
                    format!(
                        "`{}` ({} options)",
                        s.issues[i].id,
                        s.issues[i].domain.len()
                    )
                })
                .collect();
            Diag::error(
                Code::RunOverBudget,
                format!("the {task} search went over its work budget: the deal space is too fine-grained to merge exactly in seconds"),
                c.loc.source,
                c.loc.span,
                "needs the whole frontier",
            )
            .with_help(if named.is_empty() {
                "analyse fewer issues or parties at once: leave out issues that matter little, merge options, or compare a subset of the parties".to_string()
            } else {
                format!(
                    "coarsen the issues with the most options: {} (a larger `step`, or fewer options), or run it on fewer issues or parties",
                    named.join(", ")
                )
            })
        }
        SpaceError::GroupTooLarge { combinations, .. } => Diag::error(
            Code::RunCoupledTooLarge,
            format!(
                "rules couple issues with {} combinations, too many to enumerate",
                report::count_text(*combinations)
            ),
            c.loc.source,
            c.loc.span,
            "needs the whole deal space",
        )
        .with_help(
            "split the rule into rules over fewer issues, or give the coupled issues fewer options",
        ),
        SpaceError::Infeasible => Diag::error(
            Code::RunInfeasible,
            "no package satisfies the rules",
            c.loc.source,
            c.loc.span,
            "needs a feasible package",
        )
        .with_help("relax the rules"),
        SpaceError::Cancelled => Diag::error(
            Code::RunCancelled,
            "cancelled before it finished",
            c.loc.source,
            c.loc.span,
            "stopped",
        )
        .with_help("nothing of this command was kept; run it again to start over"),
    }
}

/// Every feasible package that `keep` keeps, when there are at most
/// `limit` packages (rules aside); `None` past it.
pub(crate) fn every_package(s: &Scenario, limit: f64, keep: impl Fn(&Package) -> bool) -> Option<Vec<Package>> {
    let all = Space::build_all(s).ok()?;
    let total: f64 = all.groups.iter().map(|g| g.choices.len() as f64).product();
    if total > limit {
        return None;
    }
    let sizes: Vec<u32> = all.groups.iter().map(|g| g.choices.len() as u32).collect();
    let mut at = vec![0u32; sizes.len()];
    let mut out = vec![];
    loop {
        let package = all.package(s.slots.len(), at.iter().map(|&c| c as usize));
        if keep(&package) {
            out.push(package);
        }
        if !crate::analysis::space::advance(&mut at, &sizes) {
            return Some(out);
        }
    }
}

fn not_yet(c: &Command, name: &str) -> Diag {
    Diag::error(
        Code::RunNotYet,
        match name.contains(' ') {
            true => format!("{name} is not available in this version of neg"),
            false => format!("`{name}` is not available in this version of neg"),
        },
        c.loc.source,
        c.loc.span,
        "checked, but not run",
    )
    .with_help("this version checks the command; the analysis that runs it is not built yet")
}

impl Session<'_> {
    /// The means of the named simulations that have run (by index among
    /// the scenario's names), for a host that keeps them between sessions.
    pub fn simulated(&self) -> Vec<(usize, Means)> {
        self.simulated.iter().enumerate().filter_map(|(i, m)| Some((i, m.clone()?))).collect()
    }

    /// Puts back the means of a named simulation run in an earlier session.
    pub fn restore_simulated(&mut self, label: usize, means: Means) {
        if let Some(slot) = self.simulated.get_mut(label) {
            *slot = Some(means);
        }
    }

    /// `expr` with every figure of a named simulation that has run put in
    /// as a number (those that did not run stay, and fail the assert).
    pub(super) fn put_simulated(&self, expr: &Expr) -> Expr {
        let again = |e: &Expr| Box::new(self.put_simulated(e));
        match expr {
            Expr::Simulated(label, figure) => match &self.simulated[*label] {
                Some(m) => Expr::Num(match figure {
                    crate::model::SimFigure::AgreementRate => m.agreed,
                    crate::model::SimFigure::WelfareShare => m.welfare,
                    crate::model::SimFigure::MeanRounds => m.rounds,
                    crate::model::SimFigure::MeanUtility(p) => m.utilities[*p],
                }),
                None => expr.clone(),
            },
            Expr::Unary(op, x) => Expr::Unary(*op, again(x)),
            Expr::Binary(op, a, b) => Expr::Binary(*op, again(a), again(b)),
            Expr::If(c, a, b) => Expr::If(again(c), again(a), again(b)),
            Expr::When(e, arms) => Expr::When(*e, arms.iter().map(|a| self.put_simulated(a)).collect()),
            other => other.clone(),
        }
    }
}

/// "the left side is 52, the right side is 60" for a failed comparison.
fn comparison_note(s: &Scenario, expr: &Expr, env: &Env<'_>) -> Option<String> {
    let Expr::Binary(op, a, b) = expr else {
        return None;
    };
    if !matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    ) {
        return None;
    }
    let (x, y) = (eval::eval(s, a, env).ok()?, eval::eval(s, b, env).ok()?);
    Some(format!(
        "the left side is {}, the right side is {}",
        crate::model::snap(x),
        crate::model::snap(y)
    ))
}
