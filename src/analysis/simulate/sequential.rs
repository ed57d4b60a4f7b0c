//! `agreement sequential`: the issues settled one at a time, each final.
//!
//! Stage j negotiates issue j alone (its slots' options) with the same
//! agents under the same protocol, within its share of the deadline
//! (`rounds / issues`, the first stages taking the remainder). What an
//! option is worth to an agent is the best it can still get with it: the
//! highest utility among the feasible packages that keep every issue
//! settled so far and take this option. The first stage that ends without
//! agreement ends the negotiation (everyone takes their BATNA); otherwise
//! the settled options make one feasible package, the agreement.

use super::{play, Custom, Guess, Rng, Run, Seat, Side, Table};

/// A sequential run: the run itself (its rounds numbered through the
/// stages; the agreement a package of the whole table) and, per stage, the
/// slots it settled and the options each of its items sets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Staged {
    /// The run, as [`play`] gives it, rounds numbered from the first stage.
    pub run: Run,
    /// Per round of the trace: the stage it belongs to.
    pub stage_of: Vec<usize>,
    /// Per stage: its slots, and each of its items' options for them.
    pub stages: Vec<(Vec<usize>, Vec<Vec<u32>>)>,
}

/// Plays the stages in order (`order`: each stage's slots).
pub fn play_sequential(
    table: &Table<'_>,
    seats: &[Seat<'_>],
    order: &[Vec<usize>],
    rounds: u32,
    rng: &mut Rng,
    hooks: &dyn Custom,
    trace: bool,
) -> Staged {
    let mut out = Staged::default();
    let mut fixed: Vec<Option<u32>> = vec![None; table.options.len()];
    let m = order.len() as u32;
    let mut played = 0;
    for (j, slots) in order.iter().enumerate() {
        let budget = rounds / m + u32::from((j as u32) < rounds % m);
        let keeps = |k: usize| fixed.iter().zip(&table.packages[k]).all(|(f, &o)| f.is_none_or(|f| f == o));
        let open: Vec<usize> = (0..table.packages.len()).filter(|&k| keeps(k)).collect();
        // The stage's items: each combination of its slots' options that
        // some open package takes, in the order first met.
        let mut items: Vec<Vec<u32>> = vec![];
        let mut item_of: Vec<usize> = Vec::with_capacity(open.len());
        let mut seen: std::collections::HashMap<Vec<u32>, usize> = std::collections::HashMap::new();
        for &k in &open {
            let options: Vec<u32> = slots.iter().map(|&s| table.packages[k][s]).collect();
            let next = items.len();
            let i = *seen.entry(options.clone()).or_insert(next);
            if i == next {
                items.push(options);
            }
            item_of.push(i);
        }
        let best_of = |utility: &[f64]| -> Vec<f64> {
            let mut best = vec![f64::NEG_INFINITY; items.len()];
            for (&k, &i) in open.iter().zip(&item_of) {
                best[i] = best[i].max(utility[k]);
            }
            best
        };
        let sides: Vec<Side> = seats.iter().map(|s| Side::new(best_of(&s.side.utility), s.side.batna)).collect();
        let stage_seats: Vec<Seat<'_>> = seats.iter().zip(&sides).map(|(s, side)| Seat { agent: s.agent, side }).collect();
        let stage_table = Table {
            packages: &items,
            options: slots.iter().map(|&s| table.options[s]).collect(),
            guesses: table
                .guesses
                .iter()
                .map(|g| g.as_ref().map(|g| Guess::new(g.utilities.iter().map(|u| best_of(u)).collect(), g.prior.clone(), table.temperature)))
                .collect(),
            temperature: table.temperature,
        };
        let run = play(&stage_table, &stage_seats, budget, rng, hooks, trace);
        for mut r in run.rounds {
            r.round += played;
            out.run.rounds.push(r);
            out.stage_of.push(j);
        }
        played += run.played;
        out.run.played = played;
        out.stages.push((slots.clone(), items.clone()));
        if run.failure.is_some() {
            out.run.failure = run.failure;
            return out;
        }
        let Some((item, _)) = run.agreement else {
            return out;
        };
        for (&s, &o) in slots.iter().zip(&items[item]) {
            fixed[s] = Some(o);
        }
    }
    let agreed = (0..table.packages.len()).find(|&k| fixed.iter().zip(&table.packages[k]).all(|(f, &o)| *f == Some(o)));
    out.run.agreement = agreed.map(|k| (k, played));
    out
}
