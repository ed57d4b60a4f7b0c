//! What a change does to the deal: each version's BATNAs, frontier,
//! negotiation set, bargaining solutions and offers, each computed by
//! running the interpreter's own commands (`frontier`, `nash`, `kalai`,
//! `welfare`, `evaluate OFFER`) in one session per version, exactly as
//! `neg run` runs them: the same budgets, the same refusals, the same
//! figures. Nothing here re-implements an analysis.

use crate::interp::{Session, Step};
use crate::model::{Bargaining, Command, CommandKind, Loc, PackageRef, Scenario};
use crate::report::{
    BargainingReport, Compare, DealDiff, DiffReport, Evaluation, Named, OfferDiff, Outcome, Report, Size, Solution,
};

/// What one version's commands gave under one combination of hypotheses
/// (the only one, with no hypotheses).
struct Case {
    hypotheses: Vec<(String, String)>,
    probability: f64,
    frontier: Outcome<Size>,
    negotiation_set: Outcome<Size>,
    solutions: [Outcome<Solution>; 3],
}

/// One version's figures.
struct Figures {
    batnas: Vec<(String, f64)>,
    cases: Vec<Case>,
    /// Offer → its evaluation, or why there is none.
    offers: Vec<(String, Result<Evaluation, String>)>,
    /// The parties with hypotheses (their acceptance replaces a verdict).
    uncertain: Vec<String>,
}

/// The consequences part of the report (its changes and names are filled
/// in by the caller).
pub(super) fn compare(old: Option<&Scenario>, new: Option<&Scenario>) -> DiffReport {
    let (a, b) = (old.map(figures), new.map(figures));
    let hypotheses = [&a, &b].iter().any(|f| {
        f.as_ref()
            .is_some_and(|f| f.cases.iter().any(|c| !c.hypotheses.is_empty()) || !f.uncertain.is_empty())
    });
    let mut deals = deals(a.as_ref(), b.as_ref(), hypotheses);
    let deal = match hypotheses {
        false => deals.pop(),
        true => None,
    };
    DiffReport {
        old: String::new(),
        new: String::new(),
        changes: vec![],
        batna: pair_by_name(
            a.as_ref().map_or(&[][..], |f| &f.batnas),
            b.as_ref().map_or(&[][..], |f| &f.batnas),
            |x| Outcome::Known(*x),
        ),
        deal,
        per_hypothesis: if hypotheses { deals } else { vec![] },
        offers: offers(a.as_ref(), b.as_ref()),
    }
}

/// Each version's figures, from one session over its scenario.
fn figures(s: &Scenario) -> Figures {
    let mut session = Session::new(s);
    let mut run = |kind: CommandKind| {
        session.run_command(&Command {
            kind,
            loc: Loc::default(),
        })
    };
    let frontier = cases(run(CommandKind::Frontier));
    let solutions: Vec<Answers> = Bargaining::ALL
        .iter()
        .map(|&b| cases(run(CommandKind::Bargaining(b))))
        .collect();
    let offers = (0..s.offers.len())
        .map(|o| {
            let evaluation = match run(CommandKind::Evaluate(PackageRef::Offer(o))) {
                Step::Report(Report::Evaluate(e)) | Step::Failed(Report::Evaluate(e), _) => Ok(*e),
                Step::Error(d) => Err(d.message),
                _ => Err("evaluated only per combination of hypotheses".into()),
            };
            (s.offers[o].id.clone(), evaluation)
        })
        .collect();
    let cases = frontier
        .into_iter()
        .map(|(hypotheses, probability, report)| {
            let (frontier, negotiation_set) = match report {
                Ok(Report::Frontier(f)) => {
                    let size = |keep: &dyn Fn(&crate::report::FrontierPoint) -> bool| Size {
                        points: f.points.iter().filter(|p| keep(p)).count(),
                        packages: f.points.iter().filter(|p| keep(p)).map(|p| p.count).sum(),
                    };
                    (Outcome::Known(size(&|_| true)), Outcome::Known(size(&|p| p.in_negotiation_set)))
                }
                Ok(_) => (unexpected(), unexpected()),
                Err(why) => (refused(&why), refused(&why)),
            };
            let solution = |k: usize| {
                let found = solutions[k].iter().find(|(h, _, _)| *h == hypotheses);
                match found.map(|(_, _, r)| r) {
                    Some(Ok(Report::Bargaining(b))) => Outcome::Known(solution(b)),
                    Some(Ok(_)) | None => unexpected(),
                    Some(Err(why)) => refused(why),
                }
            };
            Case {
                solutions: [solution(0), solution(1), solution(2)],
                hypotheses,
                probability,
                frontier,
                negotiation_set,
            }
        })
        .collect();
    let mut batnas = vec![];
    for p in &s.parties {
        if p.hypotheses.is_empty() {
            batnas.push((p.id.clone(), p.batna));
        }
        for h in &p.hypotheses {
            batnas.push((format!("{} as {}", p.id, h.id), h.batna));
        }
    }
    Figures {
        batnas,
        cases,
        offers,
        uncertain: s.uncertain().iter().map(|&(p, _)| s.parties[p].id.clone()).collect(),
    }
}

fn refused<T>(why: &str) -> Outcome<T> {
    Outcome::Refused { refused: why.to_string() }
}

/// A command answered with another report than its own: cannot happen,
/// but is no reason to stop.
fn unexpected<T>() -> Outcome<T> {
    refused("no answer")
}

/// A step as one answer per combination of hypotheses: `(hypotheses,
/// probability, report or why none)`.
type Answers = Vec<(Vec<(String, String)>, f64, Result<Report, String>)>;

fn cases(step: Step) -> Answers {
    match step {
        Step::Report(Report::PerHypothesis(r)) | Step::Failed(Report::PerHypothesis(r), _) => r
            .answers
            .into_iter()
            .map(|a| (a.hypotheses, a.probability, Ok(a.report)))
            .collect(),
        Step::Report(r) | Step::Failed(r, _) => vec![(vec![], 1.0, Ok(r))],
        Step::Error(d) => vec![(vec![], 1.0, Err(d.message))],
    }
}

fn solution(b: &BargainingReport) -> Solution {
    match &b.figures {
        Some(f) => Solution {
            found: b.found,
            package: Some(f.package.clone()),
            utilities: f.utilities.clone(),
            cared: f.cared.clone(),
        },
        None => Solution {
            found: false,
            package: None,
            utilities: Default::default(),
            cared: Default::default(),
        },
    }
}

/// The deal of each combination, matched by the hypotheses' names: in the
/// newer version's order, then those only in the older.
fn deals(a: Option<&Figures>, b: Option<&Figures>, hypotheses: bool) -> Vec<DealDiff> {
    let none = vec![];
    let (ca, cb) = (a.map_or(&none, |f| &f.cases), b.map_or(&none, |f| &f.cases));
    let mut keys: Vec<&Vec<(String, String)>> = cb.iter().map(|c| &c.hypotheses).collect();
    for c in ca {
        if !keys.contains(&&c.hypotheses) {
            keys.push(&c.hypotheses);
        }
    }
    if keys.is_empty() {
        // Neither version exists: nothing to say, but say it in one shape.
        keys.push(none_key());
    }
    keys.into_iter()
        .map(|key| {
            let (x, y) = (ca.iter().find(|c| c.hypotheses == *key), cb.iter().find(|c| c.hypotheses == *key));
            let pick = |c: Option<&Case>, f: &dyn Fn(&Case) -> Outcome<Size>| c.map_or(Outcome::Absent, f);
            let solution = |k: usize| Compare {
                before: x.map_or(Outcome::Absent, |c| c.solutions[k].clone()),
                after: y.map_or(Outcome::Absent, |c| c.solutions[k].clone()),
            };
            DealDiff {
                hypotheses: key.clone(),
                probability: hypotheses.then(|| Compare {
                    before: x.map_or(Outcome::Absent, |c| Outcome::Known(c.probability)),
                    after: y.map_or(Outcome::Absent, |c| Outcome::Known(c.probability)),
                }),
                frontier: Compare {
                    before: pick(x, &|c| c.frontier.clone()),
                    after: pick(y, &|c| c.frontier.clone()),
                },
                negotiation_set: Compare {
                    before: pick(x, &|c| c.negotiation_set.clone()),
                    after: pick(y, &|c| c.negotiation_set.clone()),
                },
                nash: solution(0),
                kalai: solution(1),
                welfare: solution(2),
            }
        })
        .collect()
}

fn none_key() -> &'static Vec<(String, String)> {
    static NONE: Vec<(String, String)> = Vec::new();
    &NONE
}

/// Figures by name in both versions: the newer version's names first, then
/// those only in the older.
fn pair_by_name<T: Clone, U>(a: &[(String, T)], b: &[(String, T)], known: impl Fn(&T) -> Outcome<U>) -> Named<Compare<U>> {
    let mut names: Vec<&String> = b.iter().map(|(n, _)| n).collect();
    for (n, _) in a {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let find = |list: &[(String, T)], name: &str| list.iter().find(|(n, _)| n == name).map_or(Outcome::Absent, |(_, x)| known(x));
    Named(
        names
            .into_iter()
            .map(|n| (n.clone(), Compare { before: find(a, n), after: find(b, n) }))
            .collect(),
    )
}

/// Each offer's figures in both versions.
fn offers(a: Option<&Figures>, b: Option<&Figures>) -> Named<OfferDiff> {
    let none = vec![];
    let (oa, ob) = (a.map_or(&none, |f| &f.offers), b.map_or(&none, |f| &f.offers));
    let uncertain = |f: Option<&Figures>| f.map_or(vec![], |f| f.uncertain.clone());
    let (ua, ub) = (uncertain(a), uncertain(b));
    let by_name = pair_by_name(oa, ob, |r: &Result<Evaluation, String>| match r {
        Ok(e) => Outcome::Known(e.clone()),
        Err(why) => refused(why),
    });
    Named(
        by_name
            .0
            .into_iter()
            .map(|(name, c)| {
                let field = |f: &dyn Fn(&Evaluation) -> crate::report::ByName| Compare {
                    before: map(&c.before, |e| f(e)),
                    after: map(&c.after, |e| f(e)),
                };
                let verdicts = |e: &Outcome<Evaluation>, uncertain: &[String]| -> Vec<(String, bool)> {
                    e.known().map_or(vec![], |e| {
                        e.figures
                            .cared
                            .iter()
                            .filter(|(p, _)| !uncertain.iter().any(|u| u == p))
                            .map(|(p, _)| (p.to_string(), !e.figures.below_batna.iter().any(|b| b == p)))
                            .collect()
                    })
                };
                let acceptable = pair_by_name(&verdicts(&c.before, &ua), &verdicts(&c.after, &ub), |x| Outcome::Known(*x));
                let optional = |o: &Outcome<Evaluation>, f: &dyn Fn(&Evaluation) -> Option<f64>| match o {
                    Outcome::Known(e) => f(e).map_or(Outcome::Absent, Outcome::Known),
                    _ => Outcome::Absent,
                };
                let offer = OfferDiff {
                    utilities: field(&|e| e.figures.utilities.clone()),
                    cared: field(&|e| e.figures.cared.clone()),
                    acceptable,
                    efficient: Compare {
                        before: map(&c.before, |e| e.efficient).flatten(),
                        after: map(&c.after, |e| e.efficient).flatten(),
                    },
                    acceptance: Compare {
                        before: optional(&c.before, &|e| e.acceptance),
                        after: optional(&c.after, &|e| e.acceptance),
                    },
                };
                (name, offer)
            })
            .collect(),
    )
}

fn map<T, U>(o: &Outcome<T>, f: impl Fn(&T) -> U) -> Outcome<U> {
    match o {
        Outcome::Known(x) => Outcome::Known(f(x)),
        Outcome::Refused { refused } => Outcome::Refused { refused: refused.clone() },
        Outcome::Absent => Outcome::Absent,
    }
}

impl<T> Outcome<Option<T>> {
    /// A known `None` as absent.
    fn flatten(self) -> Outcome<T> {
        match self {
            Outcome::Known(Some(x)) => Outcome::Known(x),
            Outcome::Known(None) | Outcome::Absent => Outcome::Absent,
            Outcome::Refused { refused } => Outcome::Refused { refused },
        }
    }
}
