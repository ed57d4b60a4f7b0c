//! What a hook strategy sees of its own score sheet: the `sheet` value of
//! its state map, whose methods answer from the sheet's ranking built once
//! per simulation (docs/hooks.md). The simulator supplies the sheet
//! ([`Sheet`]); this module only gives it to Rhai.

use rhai::{Array, Dynamic, Engine, EvalAltResult};
use std::sync::Arc;

/// A score sheet as a hook strategy may ask it.
pub trait Sheet: Send + Sync + std::fmt::Debug {
    /// Its utility of package `k` (`None`: no such package).
    fn utility(&self, k: usize) -> Option<f64>;
    /// The package worth the least among those worth at least `u`.
    fn at_least(&self, u: f64) -> Option<usize>;
    /// Package `k`'s options, slot by slot.
    fn options(&self, k: usize) -> Option<Vec<u32>>;
    /// Its best utility over the packages.
    fn best(&self) -> f64;
    /// Its BATNA.
    fn batna(&self) -> f64;
    /// How many packages there are.
    fn count(&self) -> usize;
}

/// The `sheet` of a hook strategy's state.
#[derive(Debug, Clone)]
pub struct SheetApi(pub Arc<dyn Sheet>);

impl SheetApi {
    fn package(&self, k: i64) -> Result<usize, Box<EvalAltResult>> {
        usize::try_from(k)
            .ok()
            .filter(|&k| k < self.0.count())
            .ok_or_else(|| format!("there is no package {k} (packages are numbered 0 to {})", self.0.count().saturating_sub(1)).into())
    }
}

/// Registers the `Sheet` type and its methods.
pub(super) fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<SheetApi>("Sheet")
        .register_fn("utility", |s: &mut SheetApi, k: i64| -> Result<f64, Box<EvalAltResult>> {
            let k = s.package(k)?;
            Ok(s.0.utility(k).unwrap_or(f64::NAN))
        })
        .register_fn("at_least", |s: &mut SheetApi, u: f64| at_least(s, u))
        .register_fn("at_least", |s: &mut SheetApi, u: i64| at_least(s, u as f64))
        .register_fn("options", |s: &mut SheetApi, k: i64| -> Result<Array, Box<EvalAltResult>> {
            let k = s.package(k)?;
            Ok(s.0.options(k).unwrap_or_default().into_iter().map(|o| Dynamic::from(i64::from(o))).collect())
        })
        .register_fn("reaches", |_: &mut SheetApi, u: f64, target: f64| crate::eval::reaches(u, target))
        .register_get("best", |s: &mut SheetApi| s.0.best())
        .register_get("batna", |s: &mut SheetApi| s.0.batna())
        .register_get("count", |s: &mut SheetApi| s.0.count() as i64);
}

/// The package worth the least among those worth at least `u` (`()` when
/// none is).
fn at_least(s: &SheetApi, u: f64) -> Dynamic {
    s.0.at_least(u).map_or(Dynamic::UNIT, |k| Dynamic::from(k as i64))
}
