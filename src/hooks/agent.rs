//! What a hook strategy sees of its own score sheet: the `sheet` value of
//! its state map, whose methods answer from the sheet's ranking built once
//! per simulation (docs/hooks.md).

use crate::analysis::simulate::Side;
use rhai::{Array, Dynamic, Engine, EvalAltResult};
use std::sync::Arc;

/// The `sheet` of a hook strategy's state: its utility of any package, the
/// package worth the least at or above a target, its best and BATNA.
#[derive(Debug, Clone)]
pub struct SheetApi {
    /// The sheet, ranked.
    pub side: Arc<Side>,
    /// Every package's options (slot by slot).
    pub packages: Arc<Vec<Vec<u32>>>,
}

impl SheetApi {
    fn package(&self, k: i64) -> Result<usize, Box<EvalAltResult>> {
        usize::try_from(k)
            .ok()
            .filter(|&k| k < self.packages.len())
            .ok_or_else(|| format!("there is no package {k} (packages are numbered 0 to {})", self.packages.len().saturating_sub(1)).into())
    }
}

/// Registers the `Sheet` type and its methods.
pub(super) fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<SheetApi>("Sheet")
        .register_fn("utility", |s: &mut SheetApi, k: i64| -> Result<f64, Box<EvalAltResult>> { Ok(s.side.utility[s.package(k)?]) })
        .register_fn("at_least", |s: &mut SheetApi, u: f64| at_least(s, u))
        .register_fn("at_least", |s: &mut SheetApi, u: i64| at_least(s, u as f64))
        .register_fn("options", |s: &mut SheetApi, k: i64| -> Result<Array, Box<EvalAltResult>> {
            Ok(s.packages[s.package(k)?].iter().map(|&o| Dynamic::from(i64::from(o))).collect())
        })
        .register_fn("reaches", |_: &mut SheetApi, u: f64, target: f64| crate::eval::reaches(u, target))
        .register_get("best", |s: &mut SheetApi| s.side.best())
        .register_get("batna", |s: &mut SheetApi| s.side.batna)
        .register_get("count", |s: &mut SheetApi| s.packages.len() as i64);
}

/// The package worth the least among those worth at least `u` (`()` when
/// none is).
fn at_least(s: &SheetApi, u: f64) -> Dynamic {
    s.side.at_least(u).map_or(Dynamic::UNIT, |k| Dynamic::from(k as i64))
}
