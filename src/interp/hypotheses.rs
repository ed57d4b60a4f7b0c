//! Commands on a scenario with hypotheses about a party's score sheet: each
//! runs on every combination of hypotheses (one per uncertain party), each
//! combination a plain scenario (`Scenario::under`) with the product of the
//! hypotheses' probabilities; `evaluate` folds the answers into expected
//! figures and the acceptance (docs/uncertainty.md).

use super::{Session, Step};
use crate::analysis::beliefs::{after_answer, after_choice, BeliefError};
use crate::diagnostics::Code;
use crate::diagnostics::Diag;
use crate::eval;
use crate::model::{Command, CommandKind, Expr, Observed, ObservedPackage, Scenario};
use crate::report::{
    self, Answer, BeliefsReport, HypothesisFigure, Observation, ObserveReport, PerHypothesisReport,
    Report,
};

/// The most combinations of hypotheses a command runs on: past it, the
/// product of the parties' hypothesis counts is refused with a diagnostic.
pub const MAX_COMBINATIONS: usize = 4096;

/// The most pictures one `plot` draws on a plan with hypotheses (one per
/// combination).
pub const MAX_PLOTS: usize = 16;

/// Every combination of one hypothesis per uncertain party, with its
/// probability (the parties' beliefs are independent).
pub(super) fn combinations(
    beliefs: &[Vec<f64>],
    uncertain: &[(usize, usize)],
) -> Vec<(Vec<(usize, usize)>, f64)> {
    let mut all: Vec<(Vec<(usize, usize)>, f64)> = vec![(vec![], 1.0)];
    for &(p, n) in uncertain {
        all = all
            .into_iter()
            .flat_map(|(choice, prob)| {
                (0..n).map(move |h| {
                    let mut next = choice.clone();
                    next.push((p, h));
                    (next, prob * beliefs[p][h])
                })
            })
            .collect();
    }
    all
}

impl Session<'_> {
    /// Runs `c` when some party's sheet is a set of hypotheses.
    pub(super) fn run_uncertain(&mut self, c: &Command, uncertain: &[(usize, usize)]) -> Step {
        let s = self.s;
        match &c.kind {
            CommandKind::Beliefs(p) => return Step::Report(Report::Beliefs(self.beliefs_report(*p))),
            CommandKind::Observe {
                party,
                answer,
                temperature,
            } => return self.observe(c, *party, answer, *temperature),
            CommandKind::Robust(us) => return self.robust(c, *us, uncertain),
            // Simulations draw or fix the hypotheses run by run.
            CommandKind::Simulate { .. } | CommandKind::Tournament(_) => return self.run_known(c),
            _ => {}
        }
        let count = uncertain.iter().try_fold(1usize, |n, &(_, k)| n.checked_mul(k));
        if count.is_none_or(|n| n > MAX_COMBINATIONS) {
            return Step::Error(
                Diag::error(
                    Code::RunCombinations,
                    "too many combinations of hypotheses to run this command on",
                    c.loc.source,
                    c.loc.span,
                    format!("more than {MAX_COMBINATIONS} combinations"),
                )
                .with_help("each command runs once per combination of one hypothesis per uncertain party; merge hypotheses that differ little"),
            );
        }
        // `probe` builds a frontier per combination: the same cap.
        if let CommandKind::Probe {
            party,
            by,
            count,
            at,
        } = &c.kind
        {
            return self.probe(c, (*party, *by), *count, *at, uncertain);
        }
        if matches!(
            c.kind,
            CommandKind::Tentative { .. } | CommandKind::Reopen(_) | CommandKind::Status | CommandKind::Agree
        ) {
            return self.flow_uncertain(c, uncertain);
        }
        if let CommandKind::Plot { file, x, y } = &c.kind {
            return self.plot_uncertain(c, (file, *x, *y), uncertain);
        }
        // An assert's `acceptance(O)` and `belief(P, H)` are numbers of the
        // whole plan, not of one combination: put them in first.
        let with_beliefs;
        let c = match &c.kind {
            CommandKind::Assert { expr, text } => {
                with_beliefs = Command {
                    kind: CommandKind::Assert {
                        expr: self.put_beliefs(&self.put_simulated(expr), uncertain),
                        text: text.clone(),
                    },
                    ..c.clone()
                };
                &with_beliefs
            }
            _ => c,
        };
        let mut answers = vec![];
        for (choice, probability) in combinations(&self.beliefs, uncertain) {
            let under = s.under(&choice);
            let step = Session::new(&under)
                .cancelled_by(self.cancel.clone())
                .run_command(c);
            let hypotheses = named(s, &choice);
            match step {
                Step::Error(d) => return Step::Error(d),
                Step::Report(r) => answers.push((Answer { hypotheses, probability, report: r }, None)),
                Step::Failed(r, d) => answers.push((Answer { hypotheses, probability, report: r }, Some(d))),
            }
        }
        let failure = answers.iter().find_map(|(_, d)| d.clone());
        // An assert that holds under every combination is one line, as in
        // a plain plan; one that fails shows each combination's verdict.
        if failure.is_none() && matches!(c.kind, CommandKind::Assert { .. }) {
            if let Some((first, _)) = answers.into_iter().next() {
                return Step::Report(first.report);
            }
            return Step::Report(Report::PerHypothesis(PerHypothesisReport { of: "assert".into(), answers: vec![] }));
        }
        let answers: Vec<Answer> = answers.into_iter().map(|(a, _)| a).collect();
        let report = match &c.kind {
            CommandKind::Evaluate(_) => match expected_evaluation(s, &self.beliefs, uncertain, &answers) {
                Some(e) => Report::Evaluate(Box::new(e)),
                None => per_hypothesis(c, answers),
            },
            _ => per_hypothesis(c, answers),
        };
        match failure {
            Some(d) => Step::Failed(report, d),
            None => Step::Report(report),
        }
    }
}

impl Session<'_> {
    /// `expr` with every `acceptance(O)` and `belief(P, H)` replaced by its
    /// value now.
    fn put_beliefs(&self, expr: &Expr, uncertain: &[(usize, usize)]) -> Expr {
        let again = |e: &Expr| Box::new(self.put_beliefs(e, uncertain));
        match expr {
            Expr::Acceptance(o, possible) => {
                Expr::Num(self.acceptance(&self.s.offers[*o].package, uncertain, *possible))
            }
            Expr::Belief(p, h) => Expr::Num(self.beliefs[*p][*h]),
            Expr::Unary(op, x) => Expr::Unary(*op, again(x)),
            Expr::Binary(op, a, b) => Expr::Binary(*op, again(a), again(b)),
            Expr::If(c, a, b) => Expr::If(again(c), again(a), again(b)),
            Expr::When(e, arms) => Expr::When(*e, arms.iter().map(|a| self.put_beliefs(a, uncertain)).collect()),
            other => other.clone(),
        }
    }

    /// The probability of the combinations under which every uncertain
    /// party's cared-for utility of `package` reaches its BATNA: with
    /// weight ranges, its pessimistic end (its optimistic end when
    /// `possible`).
    pub(super) fn acceptance(&self, package: &[u32], uncertain: &[(usize, usize)], possible: bool) -> f64 {
        combinations(&self.beliefs, uncertain)
            .into_iter()
            .filter(|(choice, _)| {
                let under = self.s.under(choice);
                uncertain.iter().all(|&(p, _)| {
                    let (low, high) = eval::cared_interval(&under, p, package);
                    eval::reaches(if possible { high } else { low }, under.parties[p].batna)
                })
            })
            .map(|(_, probability)| probability)
            .sum::<f64>()
            + 0.0
    }
}

impl Session<'_> {
    /// The package flow with hypotheses: the settlements are one state
    /// (which options are settled does not depend on anyone's sheet), and
    /// each combination reports what they cost under its sheets. A command
    /// refused under one combination (an open issue at `agree`, a broken
    /// rule) is refused under all, and changes nothing.
    fn flow_uncertain(&mut self, c: &Command, uncertain: &[(usize, usize)]) -> Step {
        let s = self.s;
        let mut answers = vec![];
        let mut settled = None;
        for (choice, probability) in combinations(&self.beliefs, uncertain) {
            let under = s.under(&choice);
            let mut session = Session::new(&under).cancelled_by(self.cancel.clone());
            session.settled = self.settled.clone();
            let step = session.run_command(c);
            let hypotheses = named(s, &choice);
            match step {
                Step::Report(report) => answers.push(Answer { hypotheses, probability, report }),
                other => return other,
            }
            settled.get_or_insert(session.settled);
        }
        if let Some(settled) = settled {
            self.settled = settled;
        }
        Step::Report(per_hypothesis(c, answers))
    }
}

impl Session<'_> {
    /// `plot "deal.svg"` with hypotheses: one plot per combination, each
    /// the plain plot of that combination's sheets, written beside the
    /// named file with the hypotheses in its name (`deal.word_of_mouth.svg`)
    /// and its title.
    fn plot_uncertain(&mut self, c: &Command, (file, x, y): (&str, usize, usize), uncertain: &[(usize, usize)]) -> Step {
        let s = self.s;
        let count: usize = uncertain.iter().map(|&(_, k)| k).product();
        if count > MAX_PLOTS {
            return Step::Error(
                Diag::error(
                    Code::RunPlot,
                    format!("`plot` draws one picture per combination of hypotheses, and this plan has {count} (at most {MAX_PLOTS})"),
                    c.loc.source,
                    c.loc.span,
                    "too many pictures",
                )
                .with_help("plot a plan with fewer hypotheses, or keep one hypothesis for the parties you do not need to see"),
            );
        }
        let path = std::path::Path::new(file);
        let stem = path.file_stem().map_or(String::new(), |f| f.to_string_lossy().into_owned());
        let extension = path.extension().map_or("svg".into(), |e| e.to_string_lossy().into_owned());
        let mut answers = vec![];
        for (choice, probability) in combinations(&self.beliefs, uncertain) {
            let ids: Vec<&str> = choice.iter().map(|&(p, h)| s.parties[p].hypotheses[h].id.as_str()).collect();
            // The hypotheses first: a long title is cut at its end.
            let shown: Vec<String> = choice
                .iter()
                .map(|&(p, h)| {
                    let (party, hyp) = (&s.parties[p], &s.parties[p].hypotheses[h]);
                    let who = party.name.as_deref().unwrap_or(&party.id);
                    format!("{who} as {}", hyp.name.as_deref().unwrap_or(&hyp.id))
                })
                .collect();
            let mut under = s.under(&choice);
            under.title = Some(format!(
                "If {} ({}%): {}",
                shown.join(", "),
                crate::model::format_number(100.0 * probability, crate::syntax::Unit::Plain),
                s.title.as_deref().unwrap_or("the deal space")
            ));
            let one = path.with_file_name(format!("{stem}.{}.{extension}", ids.join(".")));
            let command = Command {
                kind: CommandKind::Plot { file: one.display().to_string(), x, y },
                ..c.clone()
            };
            let step = Session::new(&under).cancelled_by(self.cancel.clone()).run_command(&command);
            let hypotheses = named(s, &choice);
            match step {
                Step::Report(report) => answers.push(Answer { hypotheses, probability, report }),
                other => return other,
            }
        }
        Step::Report(per_hypothesis(c, answers))
    }
}

/// A combination as `(party, hypothesis)` names.
fn named(s: &Scenario, choice: &[(usize, usize)]) -> Vec<(String, String)> {
    choice
        .iter()
        .map(|&(p, h)| (s.parties[p].id.clone(), s.parties[p].hypotheses[h].id.clone()))
        .collect()
}

fn per_hypothesis(c: &Command, answers: Vec<Answer>) -> Report {
    Report::PerHypothesis(PerHypothesisReport {
        of: c.kind.name().to_string(),
        answers,
    })
}

impl Session<'_> {
    /// `beliefs PARTY`: the probability of each hypothesis now, and what
    /// each observation made of them.
    fn beliefs_report(&self, p: usize) -> BeliefsReport {
        let party = &self.s.parties[p];
        BeliefsReport {
            party: party.id.clone(),
            probabilities: probabilities(self.s, p, &self.beliefs[p]),
            observations: self.observations[p].clone(),
            names: party.hypotheses.iter().map(|h| h.name.clone()).collect(),
        }
    }

    /// `observe PARTY …`: Bayes' rule with the logit likelihoods of
    /// `analysis::beliefs`, on the party's cared-for utility under each
    /// hypothesis.
    fn observe(&mut self, c: &Command, p: usize, answer: &Observed, t: f64) -> Step {
        let s = self.s;
        let party = &s.parties[p];
        let error = |message: String, help: &str| {
            Step::Error(
                Diag::error(Code::RunObserve, message, c.loc.source, c.loc.span, "not applied")
                    .with_help(help.to_string()),
            )
        };
        if party.care.iter().any(|care| !s.parties[care.party].hypotheses.is_empty()) {
            return error(
                format!("`{}` cares for a party with hypotheses, which `observe` cannot weigh yet", party.id),
                "observe a party whose care terms are for parties with known sheets",
            );
        }
        let n = party.hypotheses.len();
        let under: Vec<Scenario> = (0..n).map(|h| s.under(&[(p, h)])).collect();
        let cared = |h: usize, o: &ObservedPackage| eval::cared(&under[h], p, &o.package);
        let before = self.beliefs[p].clone();
        let labels = report::Labels::of(s);
        // A declared offer by its name, one written out as its package.
        let name = |o: &ObservedPackage| match &o.label {
            Some(id) => id.clone(),
            None => format!("{{ {} }}", report::PackageView::new(&labels, &o.package).line()),
        };
        let (text, after) = match answer {
            Observed::Chose { chosen, over } => {
                let shown: Vec<&ObservedPackage> = std::iter::once(chosen).chain(over.iter()).collect();
                let utilities: Vec<Vec<f64>> =
                    (0..n).map(|h| shown.iter().map(|o| cared(h, o)).collect()).collect();
                let over: Vec<String> = over.iter().map(name).collect();
                (
                    format!("chose {} over {}", name(chosen), over.join(", ")),
                    after_choice(&before, &utilities, 0, t),
                )
            }
            Observed::Accepted(o) | Observed::Rejected(o) => {
                let accepted = matches!(answer, Observed::Accepted(_));
                let utility: Vec<f64> = (0..n).map(|h| cared(h, o)).collect();
                let batnas: Vec<f64> = party.hypotheses.iter().map(|h| h.batna).collect();
                (
                    format!("{} {}", if accepted { "accepted" } else { "rejected" }, name(o)),
                    after_answer(&before, &utility, &batnas, accepted, t),
                )
            }
        };
        let after = match after {
            Ok(after) => after,
            Err(BeliefError::Impossible) => {
                return error(
                    format!("no hypothesis about `{}` still held explains that it {text}", party.id),
                    "every hypothesis that the earlier observations left possible gives this answer probability zero; add a hypothesis that explains it",
                )
            }
            Err(e) => return error(format!("cannot update the beliefs about `{}`: {e:?}", party.id), "check the priors and the temperature"),
        };
        self.beliefs[p] = after;
        let record = Observation {
            observation: text,
            temperature: t,
            probabilities: probabilities(s, p, &self.beliefs[p]),
        };
        self.observations[p].push(record.clone());
        Step::Report(Report::Observe(ObserveReport {
            party: party.id.clone(),
            before: probabilities(s, p, &before),
            after: record,
        }))
    }
}

/// Hypothesis → probability, in the order declared.
fn probabilities(s: &Scenario, p: usize, of: &[f64]) -> report::ByName {
    s.parties[p].hypotheses.iter().zip(of).map(|(h, x)| (h.id.clone(), *x)).collect()
}

/// `evaluate` with hypotheses: every party's figures are their expectation
/// over the combinations (each is linear in the hypotheses' tables, so the
/// expectation is exact), the efficiency verdict is left out (the frontier
/// differs per hypothesis), and the acceptance is the probability of the
/// combinations in which every uncertain party's gain is at least zero.
fn expected_evaluation(
    s: &Scenario,
    beliefs: &[Vec<f64>],
    uncertain: &[(usize, usize)],
    answers: &[Answer],
) -> Option<report::Evaluation> {
    let evaluations: Vec<(&report::Evaluation, f64)> = answers
        .iter()
        .map(|a| match &a.report {
            Report::Evaluate(e) => Some((e.as_ref(), a.probability)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (first, _) = *evaluations.first()?;
    let expect = |get: &dyn Fn(&report::Evaluation) -> f64| -> f64 {
        evaluations.iter().map(|(e, p)| p * get(e)).sum()
    };
    let mut figures = first.figures.clone();
    let names: Vec<String> = s.parties.iter().map(|p| p.id.clone()).collect();
    let column = |pick: fn(&report::Figures) -> &report::ByName| -> report::ByName {
        names
            .iter()
            .map(|n| (n.clone(), expect(&|e| pick(&e.figures).get(n).unwrap_or(0.0))))
            .collect()
    };
    figures.utilities = column(|f| &f.utilities);
    figures.cared = column(|f| &f.cared);
    figures.batna = column(|f| &f.batna);
    figures.gains = column(|f| &f.gains);
    figures.below_batna = names
        .iter()
        .enumerate()
        .filter(|(p, n)| {
            !uncertain.iter().any(|(u, _)| u == p) && first.figures.below_batna.contains(n)
        })
        .map(|(_, n)| n.clone())
        .collect();
    figures.rows = figures
        .rows
        .iter()
        .map(|r| report::PartyRow {
            utility: figures.utilities.get(&r.party).unwrap_or(0.0),
            cared: figures.cared.get(&r.party).unwrap_or(0.0),
            batna: figures.batna.get(&r.party).unwrap_or(0.0),
            ..r.clone()
        })
        .collect();
    let uncertain_names: Vec<&str> = uncertain.iter().map(|&(p, _)| s.parties[p].id.as_str()).collect();
    // With weight ranges a hypothesis counts for the acceptance when its
    // pessimistic end reaches the BATNA, for the possible acceptance when
    // its optimistic end does.
    let interval = |e: &report::Evaluation, n: &str| e.intervals.iter().find(|(p, _)| p == n).map(|(_, i)| *i);
    let accepted = |e: &report::Evaluation, optimistic: bool| {
        uncertain_names.iter().all(|n| match interval(e, n) {
            Some(i) => {
                let end = if optimistic { i.optimistic } else { i.pessimistic };
                eval::reaches(end, e.figures.batna.get(n).unwrap_or(0.0))
            }
            None => !e.figures.below_batna.iter().any(|b| b == n),
        })
    };
    let acceptance = evaluations.iter().filter(|(e, _)| accepted(e, false)).map(|(_, p)| p).sum::<f64>();
    let ranged = evaluations.iter().any(|(e, _)| !e.intervals.is_empty());
    let acceptance_possible = ranged
        .then(|| evaluations.iter().filter(|(e, _)| accepted(e, true)).map(|(_, p)| p).sum::<f64>());
    // Each party's interval, expected over the combinations (a combination
    // in which it has none counts its cared-for utility at both ends).
    let intervals: Vec<(String, report::Interval)> = names
        .iter()
        .filter(|n| evaluations.iter().any(|(e, _)| interval(e, n).is_some()))
        .map(|n| {
            let ends = |e: &report::Evaluation| {
                interval(e, n).map_or_else(
                    || {
                        let u = e.figures.cared.get(n).unwrap_or(0.0);
                        (u, u)
                    },
                    |i| (i.pessimistic, i.optimistic),
                )
            };
            let low = expect(&|e| ends(e).0);
            let high = expect(&|e| ends(e).1);
            (n.clone(), report::Interval::of((low, high)))
        })
        .collect();
    let mut hypotheses = vec![];
    for &(p, n) in uncertain {
        let party = &s.parties[p];
        let figures: Vec<HypothesisFigure> = (0..n)
            .map(|h| {
                let hyp = &party.hypotheses[h];
                // The party's own figure under h: the same in every
                // combination unless it cares for another uncertain party,
                // so take its expectation over the combinations with h.
                let with: Vec<&(&report::Evaluation, f64)> = evaluations
                    .iter()
                    .zip(answers)
                    .filter(|(_, a)| a.hypotheses.iter().any(|(q, g)| *q == party.id && *g == hyp.id))
                    .map(|(e, _)| e)
                    .collect();
                let weight: f64 = with.iter().map(|(_, w)| w).sum();
                let mean = |get: &dyn Fn(&report::Evaluation) -> f64| {
                    if weight > 0.0 {
                        with.iter().map(|(e, w)| w * get(e)).sum::<f64>() / weight
                    } else {
                        with.first().map_or(0.0, |(e, _)| get(e))
                    }
                };
                let utility = mean(&|e| e.figures.cared.get(&party.id).unwrap_or(0.0));
                let ranged = with.iter().any(|(e, _)| interval(e, &party.id).is_some());
                let interval = ranged.then(|| {
                    let end = |e: &report::Evaluation, optimistic: bool| match interval(e, &party.id) {
                        Some(i) if optimistic => i.optimistic,
                        Some(i) => i.pessimistic,
                        None => e.figures.cared.get(&party.id).unwrap_or(0.0),
                    };
                    report::Interval::of((mean(&|e| end(e, false)), mean(&|e| end(e, true))))
                });
                HypothesisFigure {
                    hypothesis: hyp.id.clone(),
                    probability: crate::model::snap(beliefs[p][h]),
                    utility: crate::model::snap(utility),
                    batna: hyp.batna,
                    interval,
                }
            })
            .collect();
        hypotheses.push((party.id.clone(), figures));
    }
    Some(report::Evaluation {
        figures,
        efficient: None,
        left: report::LeftOnTable::default(),
        acceptance: Some(crate::model::snap(acceptance)),
        acceptance_possible: acceptance_possible.map(crate::model::snap),
        intervals,
        hypotheses,
        ..first.clone()
    })
}
