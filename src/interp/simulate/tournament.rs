//! `tournament`: every strategy against every other and itself, in every
//! role, `repeat` runs per pairing. Run k of a pairing is exactly run k of
//! the `simulate` of that pairing with the same seed; runs are numbered
//! pairing by pairing, and shard i of n plays the runs numbered i − 1
//! modulo n, so the shards together play each run once.

use super::strategies::HookAgents;
use super::Outcome;
use crate::diagnostics::Diag;
use crate::interp::{space_error, Session, Step};
use crate::model::{Agent, Command, Player, Tournament};
use crate::report::tournament::{Tally, TallyPlan};
use crate::report::Report;
use rayon::prelude::*;

/// Runs between two looks at the cancel flag and two progress reports.
const CHUNK: usize = 4096;

impl Session<'_> {
    /// `tournament STRAT, … [rounds N] [seed S] [repeat R] [chart "f.svg"]`.
    pub(in crate::interp) fn tournament(&mut self, c: &Command, t: &Tournament) -> Step {
        let tally = match self.tally(c, t, (1, 1)) {
            Ok(tally) => tally,
            Err(d) => return Step::Error(*d),
        };
        let mut report = tally.report();
        if let Some(file) = &t.chart {
            match crate::report::tournament_chart::render(&report) {
                Ok(svg) => report.svg = svg,
                Err(why) => return Step::Error(Diag::error(crate::diagnostics::Code::RunPlot, format!("could not draw the chart: {why}"), c.loc.source, c.loc.span, "this tournament")),
            }
            report.chart = Some(self.s.base_dir.join(file).display().to_string());
            report.at = c.loc;
        }
        Step::Report(Report::Tournament(Box::new(report)))
    }

    /// The runs of shard `i` of `n` (1 of 1: all) of a tournament on this plan.
    pub fn tally(&mut self, c: &Command, t: &Tournament, (i, n): (u32, u32)) -> Result<Tally, Box<Diag>> {
        let s = self.s;
        let prepared = self.prepare(c)?;
        let parties = s.parties.len();
        let k = t.strategies.len();
        let uses = t.strategies.iter().any(|(a, _)| matches!(a, Agent::Hook { .. }));
        let every: Vec<usize> = (0..parties).collect();
        let hooks = HookAgents::new(s, &prepared, uses, &every);
        let table = prepared.table();
        let pairings = k.pow(parties as u32) as u64;
        let repeat = u64::from(t.repeat);
        let mine: Vec<u64> = (0..pairings * repeat).filter(|g| g % u64::from(n) == u64::from(i - 1)).collect();
        let plan = TallyPlan {
            name: s.title.clone().unwrap_or_else(|| s.base_dir.display().to_string()),
            roles: s.parties.iter().map(|p| p.id.clone()).collect(),
            has_nash: prepared.truths.iter().any(|x| x.nash.is_some()),
        };
        let names = t.strategies.iter().map(|(_, name)| name.clone()).collect();
        let mut tally = Tally::new(vec![plan], names, (t.rounds, t.seed, t.repeat), (i, n));
        let assign = |pairing: u64| -> Vec<usize> {
            // The first party's strategy changes slowest.
            let mut left = pairing;
            let mut out = vec![0; parties];
            for slot in out.iter_mut().rev() {
                *slot = (left % k as u64) as usize;
                left /= k as u64;
            }
            out
        };
        // Each pairing's players, built once rather than per run.
        let lineups: Vec<(Vec<usize>, Vec<Player>)> = (0..pairings)
            .map(|pairing| {
                let strategies = assign(pairing);
                let players = strategies
                    .iter()
                    .enumerate()
                    .map(|(party, &x)| Player { party, hypothesis: None, agent: t.strategies[x].0, strategy: t.strategies[x].1.clone() })
                    .collect();
                (strategies, players)
            })
            .collect();
        for (done, chunk) in mine.chunks(CHUNK).enumerate() {
            if self.cancel.is_raised() {
                return Err(Box::new(space_error(s, c, &crate::analysis::space::SpaceError::Cancelled)));
            }
            let outcomes: Vec<(usize, Outcome)> = chunk
                .par_iter()
                .map(|&g| {
                    let pairing = (g / repeat) as usize;
                    let (_, _, outcome) = prepared.run(&table, &lineups[pairing].1, (t.rounds, t.seed, g % repeat), false, &hooks, false);
                    (pairing, outcome)
                })
                .collect();
            for (pairing, o) in outcomes {
                let strategies = &lineups[pairing].0;
                tally.negotiations += 1;
                for (role, &x) in strategies.iter().enumerate() {
                    let cell = tally.cell(0, x, role);
                    cell.runs += 1;
                    cell.agreements += u64::from(o.agreed);
                    cell.failures += u64::from(o.failure.is_some());
                    cell.utility.add(o.utilities[role]);
                    cell.pareto.add(o.pareto);
                    cell.nash.add(o.nash.unwrap_or(0.0));
                    cell.welfare.add(o.welfare);
                }
            }
            self.cancel.progress("tournament", ((done + 1) * CHUNK).min(mine.len()), mine.len());
        }
        Ok(tally)
    }
}

