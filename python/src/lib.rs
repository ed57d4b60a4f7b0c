//! `neg._neg`: the engine for Python. Each function hands JSON text to the
//! pure-Python layer (`neg/__init__.py`), which turns it into dicts, so what
//! Python sees is exactly what `neg … --format json` prints. Errors raise
//! `neg.NegError` with the command line's JSON diagnostics.

use neg::host::{write_plot, FsWorld};
use neg::plan::Additive;
use neg::world::World;
use neg::PlanError;
use neg::Step;
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// The file system, as the command line reads it.
fn disk() -> Arc<dyn World + Send + Sync> {
    Arc::new(FsWorld)
}

/// `neg.NegError(message, diagnostics)`, raised.
fn raise(py: Python<'_>, e: &PlanError) -> PyErr {
    let diagnostics = serde_json::to_string(&e.to_json()).unwrap_or_else(|_| "[]".into());
    raise_with(py, &e.to_string(), &diagnostics)
}

fn raise_with(py: Python<'_>, message: &str, diagnostics: &str) -> PyErr {
    let made = (|| -> PyResult<PyErr> {
        let diagnostics = py.import("json")?.call_method1("loads", (diagnostics,))?;
        let class = py.import("neg")?.getattr("NegError")?;
        Ok(PyErr::from_value(class.call1((message, diagnostics))?))
    })();
    made.unwrap_or_else(|e| e)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A checked plan (wrapped by `neg.Plan`).
#[pyclass(frozen, module = "neg._neg")]
struct Plan {
    inner: neg::Plan,
}

/// Reads and checks the plan at `path`, with its imports.
#[pyfunction]
fn load(py: Python<'_>, path: PathBuf) -> PyResult<Plan> {
    let plan = py.detach(|| neg::Plan::load(disk(), &path));
    plan.map(|inner| Plan { inner }).map_err(|e| raise(py, &e))
}

/// Checks a plan given as text; imports and plots resolve against `base_dir`.
#[pyfunction]
fn loads(py: Python<'_>, text: &str, name: &str, base_dir: PathBuf) -> PyResult<Plan> {
    let plan = py.detach(|| neg::Plan::from_text(disk(), name, text, base_dir));
    plan.map(|inner| Plan { inner }).map_err(|e| raise(py, &e))
}

/// The plan a linear additive description (JSON text) stands for.
#[pyfunction]
fn from_additive(py: Python<'_>, description: &str, tool: &str) -> PyResult<Plan> {
    let description: Additive = serde_json::from_str(description).map_err(|e| {
        raise_with(
            py,
            &format!("not an additive description: {e}"),
            &json(&[neg::diagnostics::JsonDiag::plain(
                neg::diagnostics::Code::ApiInput,
                e.to_string(),
                None,
            )]),
        )
    })?;
    neg::Plan::from_additive(disk(), &description, tool)
        .map(|inner| Plan { inner })
        .map_err(|e| raise(py, &e))
}

#[pymethods]
impl Plan {
    /// Runs the plan's commands: (reports, diagnostics of the commands that
    /// could not run), each a JSON array. Plots are written beside the plan.
    fn run(&self, py: Python<'_>) -> (String, String) {
        let plan = &self.inner;
        let (reports, errors) = py.detach(|| {
            let mut reports = vec![];
            let mut errors = vec![];
            for step in plan.run().into_iter().map(write_plot) {
                match step {
                    Step::Report(r) | Step::Failed(r, _) => reports.push(json(&r)),
                    Step::Error(d) => {
                        errors.push(json(&neg::diagnostics::to_json(&d, plan.sources())))
                    }
                }
            }
            (reports, errors)
        });
        (
            format!("[{}]", reports.join(",")),
            format!("[{}]", errors.join(",")),
        )
    }

    /// Runs one command on the plan: its report as JSON text.
    fn run_command(&self, py: Python<'_>, command: &str) -> PyResult<String> {
        let plan = &self.inner;
        let step = py.detach(|| plan.run_command(command).map(write_plot));
        match step.map_err(|e| raise(py, &e))? {
            Step::Report(r) | Step::Failed(r, _) => Ok(json(&r)),
            Step::Error(d) => {
                let diagnostics = json(&[neg::diagnostics::to_json(&d, plan.sources())]);
                Err(raise_with(py, &d.message, &diagnostics))
            }
        }
    }

    /// The plan as linear additive score sheets (JSON text), for `tool`.
    fn additive(&self, py: Python<'_>, tool: &str) -> PyResult<String> {
        self.inner
            .additive(tool)
            .map(|a| json(&a))
            .map_err(|e| raise(py, &e))
    }

    /// The checked scenario (JSON text).
    fn scenario(&self) -> String {
        self.inner.scenario_json().to_string()
    }

    /// The warnings found when the plan was checked (JSON text).
    fn warnings(&self) -> String {
        let w: Vec<_> = self
            .inner
            .warnings()
            .iter()
            .map(|d| neg::diagnostics::to_json(d, self.inner.sources()))
            .collect();
        json(&w)
    }

    /// Every declared name and where (JSON text): `[{"name", "kind", "file",
    /// "line", "column"}, …]`, imports included.
    fn declarations(&self) -> String {
        let sources = self.inner.sources();
        let all: Vec<serde_json::Value> = self
            .inner
            .declarations()
            .iter()
            .map(|d| {
                let (line, column) = sources.line_col(d.loc.source, d.loc.span.start);
                serde_json::json!({
                    "name": d.name,
                    "kind": d.kind.word(),
                    "file": sources.get(d.loc.source).name,
                    "line": line,
                    "column": column,
                })
            })
            .collect();
        json(&all)
    }

    /// The plan's root text.
    fn text(&self) -> &str {
        self.inner.text()
    }

    /// The GENIUS files: (name, XML) for the domain, then each profile.
    fn export_genius(&self, py: Python<'_>) -> PyResult<Vec<(String, String)>> {
        let e = self.inner.export_genius().map_err(|e| raise(py, &e))?;
        Ok(std::iter::once(e.domain).chain(e.profiles).collect())
    }

    /// The GeniusWeb files: (name, JSON) for the domain, then each profile.
    fn export_geniusweb(&self, py: Python<'_>) -> PyResult<Vec<(String, String)>> {
        let e = self.inner.export_geniusweb().map_err(|e| raise(py, &e))?;
        Ok(std::iter::once(e.domain).chain(e.profiles).collect())
    }
}

#[pymodule]
fn _neg(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Plan>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(loads, m)?)?;
    m.add_function(wrap_pyfunction!(from_additive, m)?)?;
    Ok(())
}
