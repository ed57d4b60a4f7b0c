//! Hook strategies (`strategy NAME = hook FN`): each turn the function gets
//! a state map and answers with a map; docs/hooks.md fixes the API. A call
//! that fails, runs away or answers nonsense ends that run with its message,
//! never the process.

use super::Prepared;
use crate::analysis::simulate::{Custom, Decision, Side, Turn};
use crate::hooks::{Sheet, SheetApi};
use crate::model::{Scenario, StrategyCalls};
use rhai::{Dynamic, Map};
use std::sync::Arc;

/// The hook strategies of one simulation.
pub(in crate::interp) struct HookAgents {
    hooks: Option<Arc<dyn StrategyCalls>>,
    functions: Vec<String>,
    strategies: Vec<String>,
    /// Each player's party name.
    names: Vec<String>,
    /// Per party, per hypothesis: its sheet as hooks see it, and the side
    /// it stands for.
    sheets: Vec<Vec<SheetApi>>,
    sides: Vec<Vec<Arc<Side>>>,
    /// Per party: its hypotheses' names.
    hypotheses: Vec<Vec<String>>,
}

impl HookAgents {
    /// The hook strategies of a simulation on `prepared` whose players
    /// play `parties` (nothing to call unless some strategy `uses` hooks).
    pub fn new(s: &Scenario, prepared: &Prepared, uses: bool, parties: &[usize]) -> HookAgents {
        let packages = Arc::new(if uses { prepared.packages.clone() } else { vec![] });
        HookAgents {
            hooks: if uses { s.hooks.clone() } else { None },
            functions: s.strategy_functions.clone(),
            strategies: s.strategies.clone(),
            names: parties.iter().map(|&p| s.parties[p].id.clone()).collect(),
            sheets: if uses {
                prepared
                    .sides
                    .iter()
                    .map(|sides| {
                        sides
                            .iter()
                            .map(|side| SheetApi(Arc::new(SideSheet { side: Arc::clone(side), packages: Arc::clone(&packages) })))
                            .collect()
                    })
                    .collect()
            } else {
                vec![]
            },
            sides: if uses { prepared.sides.clone() } else { vec![] },
            hypotheses: parties.iter().map(|&p| s.parties[p].hypotheses.iter().map(|h| h.id.clone()).collect()).collect(),
        }
    }

    fn sheet(&self, side: &Side) -> Option<&SheetApi> {
        self.sheets.iter().zip(&self.sides).flat_map(|(apis, sides)| apis.iter().zip(sides)).find(|(_, s)| std::ptr::eq(Arc::as_ptr(s), side)).map(|(api, _)| api)
    }
}

impl Custom for HookAgents {
    fn decide(&self, strategy: usize, turn: &Turn<'_>) -> Result<Decision, String> {
        let (Some(hooks), Some(function)) = (self.hooks.as_ref(), self.functions.get(strategy)) else {
            return Err("the hook strategy's code is not available".into());
        };
        let sheet = self.sheet(turn.side).ok_or("the hook strategy's sheet is not available")?;
        let mut state = Map::new();
        state.insert("round".into(), Dynamic::from(i64::from(turn.round)));
        state.insert("rounds".into(), Dynamic::from(i64::from(turn.rounds)));
        state.insert("me".into(), Dynamic::from(self.names[turn.me].clone()));
        state.insert("batna".into(), Dynamic::from(turn.side.batna));
        state.insert("best".into(), Dynamic::from(turn.side.best()));
        state.insert("sheet".into(), Dynamic::from(sheet.clone()));
        state.insert("to_answer".into(), turn.to_answer.map_or(Dynamic::UNIT, |k| Dynamic::from(k as i64)));
        let offers: rhai::Array = turn
            .offers
            .iter()
            .map(|o| {
                let mut m = Map::new();
                m.insert("round".into(), Dynamic::from(i64::from(o.round)));
                m.insert("by".into(), Dynamic::from(self.names[o.by].clone()));
                m.insert("offer".into(), Dynamic::from(o.packages[0] as i64));
                m.insert("all".into(), Dynamic::from_array(o.packages.iter().map(|&k| Dynamic::from(k as i64)).collect()));
                Dynamic::from_map(m)
            })
            .collect();
        state.insert("offers".into(), Dynamic::from_array(offers));
        let mut beliefs = Map::new();
        for (j, p) in turn.beliefs {
            let named: Map = self.hypotheses[*j].iter().zip(p).map(|(h, x)| (h.as_str().into(), Dynamic::from(*x))).collect();
            beliefs.insert(self.names[*j].as_str().into(), Dynamic::from_map(named));
        }
        state.insert("beliefs".into(), Dynamic::from_map(beliefs));
        let what = format!("as `{}` in round {}", self.names[turn.me], turn.round);
        let answer = hooks.call_strategy(function, Dynamic::from_map(state), &what)?;
        decision(&answer).map_err(|why| format!("the strategy `{}` (hook `{function}`) {why} {what}", self.strategies[strategy]))
    }
}

/// A side of the simulation as hook strategies read it.
#[derive(Debug)]
struct SideSheet {
    side: Arc<Side>,
    packages: Arc<Vec<Vec<u32>>>,
}

impl Sheet for SideSheet {
    fn utility(&self, k: usize) -> Option<f64> {
        self.side.utility.get(k).copied()
    }
    fn at_least(&self, u: f64) -> Option<usize> {
        self.side.at_least(u)
    }
    fn options(&self, k: usize) -> Option<Vec<u32>> {
        self.packages.get(k).cloned()
    }
    fn best(&self) -> f64 {
        self.side.best()
    }
    fn batna(&self) -> f64 {
        self.side.batna
    }
    fn count(&self) -> usize {
        self.side.utility.len()
    }
}

/// `#{ offer: PACKAGE }`, `#{ accept: true }`, `#{ accept: false }` or
/// `#{ end: true }`.
fn decision(answer: &Dynamic) -> Result<Decision, String> {
    const EXPECTED: &str = "expected `#{ offer: PACKAGE }`, `#{ accept: true }` or `#{ end: true }`";
    let Some(map) = answer.clone().try_cast::<Map>() else {
        return Err(format!("returned {}, not a map: {EXPECTED}", answer.type_name()));
    };
    let flag = |key: &str| map.get(key).and_then(|v| v.as_bool().ok());
    if flag("end") == Some(true) {
        return Ok(Decision::End);
    }
    match flag("accept") {
        Some(true) => return Ok(Decision::Accept),
        Some(false) if !map.contains_key("offer") => return Ok(Decision::Reject),
        _ => {}
    }
    match map.get("offer").map(|v| v.as_int()) {
        Some(Ok(k)) if k >= 0 => Ok(Decision::Offer(k as usize)),
        Some(Ok(k)) => Err(format!("offered package {k}, which does not exist (packages are numbered from 0)")),
        Some(Err(ty)) => Err(format!("offered {ty}, not a package number: {EXPECTED}")),
        None => Err(format!("returned a map without `offer`, `accept` or `end`: {EXPECTED}")),
    }
}
