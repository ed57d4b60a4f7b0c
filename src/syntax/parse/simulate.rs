//! `simulate` and `tournament`: players, strategies with parameters, options.

use super::{first, kids, Builder, Rule};
use crate::syntax::ast::*;
use pest::iterators::Pair;

impl Builder {
    pub(super) fn simulate(&mut self, k: Vec<Pair<'_, Rule>>) -> CommandKind {
        let mut sim = SimulateCmd::default();
        for p in k {
            match p.as_rule() {
                Rule::sim_seed => sim.seed = Some(self.number(first(p))),
                Rule::sim_label => sim.label = Some(self.ident(first(p))),
                Rule::sim_repeat => sim.repeat = Some(self.number(first(p))),
                Rule::sim_player => {
                    let pk = kids(p);
                    let hypothesis = (pk.len() == 3).then(|| self.ident(pk[1].clone()));
                    sim.players.push(SimPlayer {
                        party: self.ident(pk[0].clone()),
                        hypothesis,
                        strategy: self.strategy_ref(pk[pk.len() - 1].clone()),
                    });
                }
                Rule::sim_rounds => sim.rounds = Some(self.number(first(p))),
                _ => {
                    sim.agreement = Some(if first(p).as_rule() == Rule::agreement_pkg {
                        SimAgreement::Package
                    } else {
                        SimAgreement::Sequential
                    })
                }
            }
        }
        CommandKind::Simulate(sim)
    }

    fn strategy_ref(&mut self, pair: Pair<'_, Rule>) -> StrategyRef {
        let k = kids(pair);
        let args = k[1..]
            .iter()
            .map(|a| {
                let ak = kids(a.clone());
                (self.ident(ak[0].clone()), self.number(ak[1].clone()))
            })
            .collect();
        StrategyRef { name: self.ident(k[0].clone()), args }
    }

    pub(super) fn tournament(&mut self, k: Vec<Pair<'_, Rule>>) -> CommandKind {
        let mut t = TournamentCmd { strategies: vec![], rounds: None, seed: None, repeat: None, chart: None };
        for p in k {
            match p.as_rule() {
                Rule::strategy_ref => t.strategies.push(self.strategy_ref(p)),
                Rule::sim_rounds => t.rounds = Some(self.number(first(p))),
                Rule::sim_seed => t.seed = Some(self.number(first(p))),
                Rule::tour_chart => t.chart = Some(self.string(first(p))),
                _ => t.repeat = Some(self.number(first(p))),
            }
        }
        CommandKind::Tournament(t)
    }
}
