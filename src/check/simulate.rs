//! Checks of `simulate` and `tournament`: the players, the strategies and
//! their parameters, the hypotheses played, and the budget of rounds.

use super::names::Kind;
use super::Checker;
use crate::diagnostics::{Code, Diag, SourceId};
use crate::model::{self, agent, Agent, CommandKind as M};
use crate::syntax::{self, Number, SimPlayer, StrategyRef, Unit};

/// The most pairings one `tournament` may play (strategies ^ parties).
pub const MAX_PAIRINGS: f64 = 10_000.0;

impl Checker<'_> {
    pub(super) fn simulate_command(
        &mut self,
        src: SourceId,
        c: &syntax::Command,
        sim: &syntax::SimulateCmd,
    ) -> Option<M> {
        let counts = self.simulate_counts(src, sim.rounds.as_ref(), sim.seed.as_ref(), sim.repeat.as_ref());
        let players = self.simulate_players(src, c, &sim.players);
        // A name used again names the later simulation (the REPL reruns).
        let label = sim.label.as_ref().map(|l| match self.s.simulations.iter().position(|n| *n == l.name) {
            Some(i) => i,
            None => {
                self.s.simulations.push(l.name.clone());
                self.s.simulations.len() - 1
            }
        });
        let (rounds, seed, repeat) = counts?;
        let players = players?;
        self.total_rounds(src, c, f64::from(rounds) * f64::from(repeat))?;
        Some(M::Simulate {
            label,
            players,
            rounds,
            seed,
            repeat,
            sequential: matches!(sim.agreement, Some(syntax::SimAgreement::Sequential)),
        })
    }

    pub(super) fn tournament_command(&mut self, src: SourceId, c: &syntax::Command, t: &syntax::TournamentCmd) -> Option<M> {
        let counts = self.simulate_counts(src, t.rounds.as_ref(), t.seed.as_ref(), t.repeat.as_ref());
        let strategies: Vec<Option<(Agent, String)>> = t.strategies.iter().map(|r| self.strategy(src, r)).collect();
        let chart_ok = t.chart.as_ref().is_none_or(|f| {
            let svg = f.value.ends_with(".svg");
            if !svg {
                self.diags.push(Diag::error(Code::CheckPlotFile, "charts are written as SVG files", src, f.span, "not an .svg file").with_help("name the file `….svg`"));
            }
            svg
        });
        let (rounds, seed, repeat) = counts?;
        let strategies: Vec<(Agent, String)> = strategies.into_iter().collect::<Option<_>>()?;
        chart_ok.then_some(())?;
        let n = self.s.parties.len();
        if n < 2 {
            self.diags.push(
                Diag::error(Code::CheckSimulatePlayers, "a tournament needs at least two parties", src, c.span, "too few parties")
                    .with_help("declare the other side: `party them { batna 0 }`"),
            );
            return None;
        }
        let pairings = (strategies.len() as f64).powi(n as i32);
        if pairings > MAX_PAIRINGS {
            self.diags.push(
                Diag::error(
                    Code::CheckArgument,
                    format!(
                        "{} strategies in {n} roles make {} pairings, more than the {} one `tournament` may play",
                        strategies.len(),
                        model::format::count(pairings),
                        model::format::count(MAX_PAIRINGS)
                    ),
                    src,
                    c.span,
                    "too many pairings",
                )
                .with_help("fewer strategies, or a plan with fewer parties"),
            );
            return None;
        }
        self.total_rounds(src, c, pairings * f64::from(rounds) * f64::from(repeat))?;
        Some(M::Tournament(model::Tournament { strategies, rounds, seed, repeat, chart: t.chart.as_ref().map(|f| f.value.clone()) }))
    }

    /// At most [`model::MAX_TOTAL_ROUNDS`] rounds in all.
    fn total_rounds(&mut self, src: SourceId, c: &syntax::Command, total: f64) -> Option<()> {
        if total <= model::MAX_TOTAL_ROUNDS {
            return Some(());
        }
        self.diags.push(
            Diag::error(
                Code::CheckArgument,
                format!(
                    "this {} could play {} rounds in all, more than the {} one command may",
                    c.kind.name(),
                    model::format::count(total),
                    model::format::count(model::MAX_TOTAL_ROUNDS)
                ),
                src,
                c.span,
                "too much work",
            )
            .with_help("fewer repeats or a shorter deadline; a thousand runs already give means to a few percent"),
        );
        None
    }

    /// Each player's party, hypothesis and strategy; every party plays once.
    fn simulate_players(&mut self, src: SourceId, c: &syntax::Command, players: &[SimPlayer]) -> Option<Vec<model::Player>> {
        let mut ok = true;
        let mut out = vec![];
        let mut seen: Vec<usize> = vec![];
        for player in players {
            let party = match self.lookup(src, &player.party, Kind::Party) {
                Some(p) if seen.contains(&p) => {
                    self.diags.push(
                        Diag::error(
                            Code::CheckDuplicate,
                            format!("party `{}` plays twice", player.party.name),
                            src,
                            player.party.span,
                            "again here",
                        )
                        .with_help("give each party one strategy"),
                    );
                    None
                }
                Some(p) => {
                    seen.push(p);
                    Some(p)
                }
                None => None,
            };
            let hypothesis = match (party, &player.hypothesis) {
                (Some(p), Some(h)) => self.played_hypothesis(src, p, h).map(Some),
                (_, None) => Some(None),
                (None, Some(_)) => None,
            };
            let strategy = self.strategy(src, &player.strategy);
            match (party, hypothesis, strategy) {
                (Some(party), Some(hypothesis), Some((agent, strategy))) => out.push(model::Player { party, hypothesis, agent, strategy }),
                _ => ok = false,
            }
        }
        let missing: Vec<&str> = (0..self.s.parties.len())
            .filter(|p| !seen.contains(p))
            .map(|p| self.s.parties[p].id.as_str())
            .collect();
        if ok && !missing.is_empty() {
            self.diags.push(
                Diag::error(
                    Code::CheckSimulatePlayers,
                    format!("every party plays in a simulation: {} {} no strategy", missing.join(", "), if missing.len() == 1 { "has" } else { "have" }),
                    src,
                    c.span,
                    "a party left out",
                )
                .with_help(format!("add `{}: linear` (or another strategy)", missing[0])),
            );
            ok = false;
        }
        if seen.len() < 2 && ok {
            self.diags.push(
                Diag::error(Code::CheckSimulatePlayers, "a simulation needs at least two parties", src, c.span, "too few players")
                    .with_help("write `simulate a: boulware, b: conceder`"),
            );
            ok = false;
        }
        ok.then_some(out)
    }

    /// `party as HYP`: one of the party's hypotheses.
    fn played_hypothesis(&mut self, src: SourceId, p: usize, h: &syntax::Ident) -> Option<usize> {
        let party = &self.s.parties[p];
        if let Some(i) = party.hypotheses.iter().position(|x| x.id == h.name) {
            return Some(i);
        }
        let names: Vec<&str> = party.hypotheses.iter().map(|x| x.id.as_str()).collect();
        let help = if names.is_empty() {
            format!("`as` picks one of the hypotheses about a party, and `{}` has none; write `prefs {} as NAME {{ … }}` to add some", party.id, party.id)
        } else {
            match super::suggest(&h.name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the hypotheses about `{}` are {}", party.id, names.join(", ")),
            }
        };
        let message = format!("`{}` is not a hypothesis about `{}`", h.name, party.id);
        self.diags.push(Diag::error(Code::CheckUnknownName, message, src, h.span, "no such hypothesis").with_help(help));
        None
    }

    /// A strategy as written: a built-in with its parameters checked, or a
    /// declared hook strategy.
    fn strategy(&mut self, src: SourceId, r: &StrategyRef) -> Option<(Agent, String)> {
        let name = r.name.name.as_str();
        if let Some(index) = self.s.strategies.iter().position(|s| s == name) {
            if let Some((arg, _)) = r.args.first() {
                self.diags.push(
                    Diag::error(Code::CheckArgument, format!("the hook strategy `{name}` takes no parameters"), src, arg.span, "a parameter")
                        .with_help("a hook strategy reads what it needs from its state map (docs/hooks.md)"),
                );
                return None;
            }
            return Some((Agent::Hook { strategy: index }, name.to_string()));
        }
        let Some(params) = agent::params_of(name) else {
            self.unknown_strategy(src, r);
            return None;
        };
        let mut values: Vec<f64> = params.iter().map(|p| p.default).collect();
        let mut written: Vec<Option<f64>> = vec![None; params.len()];
        let mut ok = true;
        for (arg, value) in &r.args {
            let Some(i) = params.iter().position(|p| p.name == arg.name) else {
                let takes = match params {
                    [] => format!("`{name}` takes no parameters"),
                    _ => format!(
                        "`{name}` takes {}",
                        params.iter().map(|p| format!("`{}` ({})", p.name, p.what)).collect::<Vec<_>>().join(" and ")
                    ),
                };
                self.diags.push(
                    Diag::error(Code::CheckArgument, format!("`{}` is not a parameter of `{name}`", arg.name), src, arg.span, "unknown parameter").with_help(takes),
                );
                ok = false;
                continue;
            };
            let p = params[i];
            if written[i].is_some() {
                self.diags.push(
                    Diag::error(Code::CheckDuplicate, format!("`{}` is given twice", p.name), src, arg.span, "again here")
                        .with_help("give each parameter once"),
                );
                ok = false;
                continue;
            }
            let fits = value.unit == Unit::Plain && value.value >= p.low && value.value <= p.high && (!p.whole || value.value.fract() == 0.0);
            if !fits {
                let kind = if p.whole { "a whole number" } else { "a number" };
                self.diags.push(
                    Diag::error(
                        Code::CheckArgument,
                        format!("`{}` of `{name}` is {kind} from {} to {}", p.name, fmt(p.low), fmt(p.high)),
                        src,
                        value.span,
                        "out of range",
                    )
                    .with_help(format!("`{}` is {}; it is {} when left out", p.name, p.what, fmt(p.default))),
                );
                ok = false;
                continue;
            }
            values[i] = value.value;
            written[i] = Some(value.value);
        }
        ok.then_some(())?;
        let shown: Vec<(String, f64)> = params
            .iter()
            .zip(&written)
            .filter_map(|(p, w)| w.map(|v| (p.name.to_string(), v)))
            .collect();
        Some((Agent::built_in(name, &values)?, agent::display(name, &shown)))
    }

    fn unknown_strategy(&mut self, src: SourceId, r: &StrategyRef) {
        let mut names: Vec<String> = agent::BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        names.extend(self.s.strategies.iter().cloned());
        let declared_elsewhere = self.names.get(&r.name.name).is_some_and(|d| d.kind != Kind::Strategy);
        let mut d = Diag::error(
            Code::CheckUnknownName,
            format!("unknown strategy `{}`", r.name.name),
            src,
            r.name.span,
            if declared_elsewhere { "a name, but not a strategy" } else { "no strategy has this name" },
        );
        let built_in: Vec<&str> = agent::BUILT_IN.iter().map(|(n, _)| *n).collect();
        d = match super::suggest(&r.name.name, names.iter().map(String::as_str)) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("the built-in strategies are {}; declare others with `strategy NAME = hook FN`", built_in.join(", "))),
        };
        self.diags.push(d);
    }

    /// A whole number from 1 to `max`; `what` names it in messages and
    /// gives the unit counted.
    fn count_up_to(&mut self, src: SourceId, n: &Number, (what, unit): (&str, &str), max: u32, help: &str) -> bool {
        if !self.whole_number(src, n, what) {
            return false;
        }
        if n.value > f64::from(max) {
            self.diags.push(
                Diag::error(Code::CheckArgument, format!("a simulation runs at most {max} {unit}"), src, n.span, format!("too many {unit}"))
                    .with_help(help.to_string()),
            );
            return false;
        }
        true
    }

    /// `rounds N` (1 to [`model::MAX_ROUNDS`]; default
    /// [`model::DEFAULT_ROUNDS`]), `seed S` (a whole number, 0 allowed;
    /// default 1) and `repeat R` (1 to [`model::MAX_REPEAT`]; default 1).
    fn simulate_counts(&mut self, src: SourceId, rounds: Option<&Number>, seed: Option<&Number>, repeat: Option<&Number>) -> Option<(u32, u64, u32)> {
        let rounds_ok = rounds.is_none_or(|n| {
            self.count_up_to(src, n, ("the number of rounds", "rounds"), model::MAX_ROUNDS, "negotiations in the literature run tens to a few hundred rounds; e.g. `rounds 100`")
        });
        let seed_ok = seed.is_none_or(|n| {
            let whole = n.unit == Unit::Plain && n.value >= 0.0 && n.value.fract() == 0.0 && n.value < 9.0e15;
            if !whole {
                self.diags.push(
                    Diag::error(Code::CheckWholeNumber, "a seed is a whole number of at least 0", src, n.span, "not a seed")
                        .with_help("e.g. `seed 7`; the same seed gives the same runs"),
                );
            }
            whole
        });
        let repeat_ok = repeat.is_none_or(|n| {
            self.count_up_to(src, n, ("the number of negotiations (`repeat`)", "negotiations"), model::MAX_REPEAT, "e.g. `repeat 1000`")
        });
        (rounds_ok && seed_ok && repeat_ok).then(|| {
            (
                rounds.map_or(model::DEFAULT_ROUNDS, |n| n.value as u32),
                seed.map_or(1, |n| n.value as u64),
                repeat.map_or(1, |n| n.value as u32),
            )
        })
    }
}

fn fmt(x: f64) -> String {
    model::format::format_number(x, Unit::Plain)
}
