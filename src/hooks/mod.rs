//! Rhai hooks: a sandboxed engine, the scenario's hook code compiled once,
//! and calls that end in a diagnostic, never a hang or a panic.
//!
//! Hooks are untrusted code (a plan may come from someone else's
//! repository), so the engine starts from `Engine::new_raw()`: the standard
//! functions and nothing that reaches the file system, the network, the
//! process or the environment; no module imports; `eval` disabled; `print`
//! and `debug` discarded (they would break JSON output); and limits on
//! operations per call, call depth, expression depth and the size of
//! strings, arrays and maps ([`Limits`]). Error positions are Rhai's
//! line/column within one piece of code; [`Hooks`] maps them back to bytes
//! in the `.rhai` file or in the `.neg` file holding an inline block.

use crate::diagnostics::{Diag, SourceId, Sources};
use crate::model::Loc;
use crate::syntax::Span;
use rayon::prelude::*;
use rhai::{CallFnOptions, Dynamic, Engine, EvalAltResult, Position, Scope, AST};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The sandbox's limits; every one has a CLI flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rhai operations one call may run (`--hook-operations`).
    pub operations: u64,
    /// Nested function calls (`--hook-call-depth`).
    pub call_depth: usize,
    /// Bytes in one string (`--hook-string-size`).
    pub string_size: usize,
    /// Elements in one array, entries in one map (`--hook-collection-size`).
    pub collection_size: usize,
    /// Rhai operations all calls of one check may run together
    /// (`--hook-total-operations`): a tabulation over many combinations ends.
    pub total_operations: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            operations: 1_000_000,
            call_depth: 64,
            string_size: 1 << 20,
            collection_size: 100_000,
            total_operations: 1_000_000_000,
        }
    }
}

/// One piece of hook code: a `.rhai` file, or the inside of `hook rhai { … }`.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    /// The text holding the code (the `.rhai` file, or the `.neg` file).
    pub source: SourceId,
    /// Where the code is in that text.
    pub span: Span,
    /// The `hook` declaration that brought it in.
    pub decl: Loc,
}

/// A function the hooks define.
#[derive(Debug, Clone)]
pub struct Function {
    /// Its name.
    pub name: String,
    /// Its parameters' names.
    pub params: Vec<String>,
    /// The piece it is defined in.
    pub piece: usize,
}

/// The scenario's hooks, compiled once.
pub struct Hooks {
    engine: Engine,
    ast: AST,
    pieces: Vec<Piece>,
    /// Each piece's code, to map Rhai positions back to bytes.
    texts: Vec<String>,
    functions: Vec<Function>,
    limits: Limits,
    /// Whether some piece did not compile (its functions are unknown, so a
    /// missing function is not worth a second error).
    incomplete: bool,
}

thread_local! {
    /// The operations the call running on this thread had reached when the
    /// budget last counted them (Rhai reports a running total per call).
    static COUNTED: Cell<u64> = const { Cell::new(0) };
    /// Operations counted on this thread but not yet added to the shared
    /// total: adding every one would make the cores fight over one counter.
    static UNSHARED: Cell<u64> = const { Cell::new(0) };
}

/// Operations a thread counts before adding them to the shared total.
const SHARE_EVERY: u64 = 1 << 12;

/// How many calls run between two looks for a failure, when many are made.
const CHUNK: usize = 1 << 12;

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("functions", &self.functions)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Why a call gave no number.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// The function returned something else (the Rhai type's name).
    NotANumber(String),
    /// The function returned NaN or an infinity.
    NotFinite(f64),
    /// A sandbox limit stopped it: which limit, and its value.
    Limit {
        /// The limit's name and flag, in words.
        what: &'static str,
        /// Its value.
        limit: String,
        /// Where in the hook code it was hit.
        at: Option<Loc>,
    },
    /// The code read a map property that is not there (for a package: an
    /// issue its `reads` clause leaves out).
    MissingProperty {
        /// The property.
        name: String,
        /// Where in the hook code.
        at: Option<Loc>,
    },
    /// The code failed (an unknown variable, a type error, `throw`).
    Failed {
        /// Rhai's message.
        message: String,
        /// Where in the hook code.
        at: Option<Loc>,
    },
}

/// The sandboxed engine, with `limits`.
pub fn engine(limits: &Limits) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(rhai::packages::Package::as_shared_module(
        &rhai::packages::StandardPackage::new(),
    ));
    engine.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    engine.disable_symbol("eval");
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});
    engine.set_strict_variables(true);
    // A package map holds only the issues a hook says it reads: reading
    // another must fail, not quietly give `()`.
    engine.set_fail_on_invalid_map_property(true);
    engine.set_max_operations(limits.operations);
    engine.set_max_call_levels(limits.call_depth);
    engine.set_max_expr_depths(64, 64);
    engine.set_max_string_size(limits.string_size);
    engine.set_max_array_size(limits.collection_size);
    engine.set_max_map_size(limits.collection_size);
    engine.set_max_variables(1_000);
    engine.set_max_functions(1_000);
    engine
}

impl Hooks {
    /// Compiles every piece. Pieces that do not compile are reported and
    /// left out; a function defined twice is reported.
    pub fn compile(sources: &Sources, pieces: Vec<Piece>, limits: Limits) -> (Hooks, Vec<Diag>) {
        let mut engine = engine(&limits);
        // Operations run so far by all calls, against the total budget.
        let meter = Arc::new(AtomicU64::new(0));
        engine.on_progress(move |ops| {
            let new = COUNTED.with(|c| ops.saturating_sub(c.replace(ops)));
            let unshared = UNSHARED.with(|u| u.get() + new);
            if unshared < SHARE_EVERY {
                UNSHARED.with(|u| u.set(unshared));
                return None;
            }
            UNSHARED.with(|u| u.set(0));
            let total = meter.fetch_add(unshared, Ordering::Relaxed) + unshared;
            (total > limits.total_operations).then(|| Dynamic::from("total operations"))
        });
        let mut ast = AST::empty();
        let mut functions: Vec<Function> = vec![];
        let mut diags = vec![];
        let texts: Vec<String> = pieces
            .iter()
            .map(|p| sources.get(p.source).text[p.span.start..p.span.end].to_string())
            .collect();
        for (k, (piece, text)) in pieces.iter().zip(&texts).enumerate() {
            match engine.compile(text) {
                Ok(mut compiled) => {
                    compiled.clear_statements();
                    for f in compiled.iter_functions() {
                        let params: Vec<String> = f.params.iter().map(|p| p.to_string()).collect();
                        if let Some(old) = functions
                            .iter()
                            .find(|o| o.name == f.name && o.params.len() == params.len())
                        {
                            diags.push(twice(&pieces, old, piece, f.name));
                            continue;
                        }
                        functions.push(Function {
                            name: f.name.to_string(),
                            params,
                            piece: k,
                        });
                    }
                    ast += compiled;
                }
                Err(e) => {
                    let at = span_at(text, e.position());
                    diags.push(
                        Diag::error(
                            "neg::hook::syntax",
                            format!("the hook code does not compile: {}", e.err_type()),
                            piece.source,
                            shift(at, piece.span.start),
                            "here",
                        )
                        .with_help("hooks are Rhai functions: `fn name(x) { … }`"),
                    );
                }
            }
        }
        let hooks = Hooks {
            engine,
            ast,
            pieces,
            texts,
            functions,
            limits,
            incomplete: !diags.is_empty(),
        };
        (hooks, diags)
    }

    /// The functions named `name`, of any arity.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Function> + 'a {
        self.functions.iter().filter(move |f| f.name == name)
    }

    /// Whether some hook code did not compile.
    pub fn incomplete(&self) -> bool {
        self.incomplete
    }

    /// Every function's name, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.functions.iter().map(|f| f.name.as_str())
    }

    /// Where a function is defined: the `hook` declaration that brought it.
    pub fn declared_at(&self, f: &Function) -> Loc {
        self.pieces[f.piece].decl
    }

    /// Calls `name` once for each of `n` argument lists, on every core,
    /// and expects finite numbers: the results in order, or the first
    /// failing call (in order, whatever the threads did) and why.
    pub fn call_numbers(
        &self,
        name: &str,
        n: usize,
        args: impl Fn(usize) -> Vec<Dynamic> + Sync,
    ) -> Result<Vec<f64>, (usize, CallError)> {
        let mut out = Vec::with_capacity(n);
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            let chunk: Vec<Result<f64, CallError>> = (start..end)
                .into_par_iter()
                .map(|k| self.call_number(name, args(k)))
                .collect();
            for (k, r) in (start..).zip(chunk) {
                out.push(r.map_err(|e| (k, e))?);
            }
        }
        Ok(out)
    }

    /// Calls `name` with `args` and expects a finite number.
    pub fn call_number(&self, name: &str, args: Vec<Dynamic>) -> Result<f64, CallError> {
        COUNTED.with(|c| c.set(0));
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        let result = self.engine.call_fn_with_options::<Dynamic>(
            options,
            &mut Scope::new(),
            &self.ast,
            name,
            args,
        );
        let result = result.map_err(|e| self.call_error(name, &e))?;
        let value = if let Some(f) = result.clone().try_cast::<f64>() {
            f
        } else if let Some(i) = result.clone().try_cast::<i64>() {
            i as f64
        } else {
            return Err(CallError::NotANumber(result.type_name().to_string()));
        };
        if value.is_finite() {
            Ok(value)
        } else {
            Err(CallError::NotFinite(value))
        }
    }

    fn call_error(&self, called: &str, e: &EvalAltResult) -> CallError {
        // The innermost function call names the function the error is in,
        // and so the piece its position is relative to.
        let (mut inner, mut in_fn) = (e, Some(called));
        while let EvalAltResult::ErrorInFunctionCall(name, _, next, _) = inner {
            in_fn = Some(name.as_str());
            inner = next;
        }
        let at = in_fn.and_then(|name| self.locate(name, inner.position()));
        let limit = |what, limit: String| CallError::Limit { what, limit, at };
        match inner {
            EvalAltResult::ErrorTooManyOperations(_) => limit(
                "operations per call (--hook-operations)",
                self.limits.operations.to_string(),
            ),
            EvalAltResult::ErrorTerminated(..) => limit(
                "operations in all hook calls together (--hook-total-operations)",
                self.limits.total_operations.to_string(),
            ),
            EvalAltResult::ErrorStackOverflow(_) => limit(
                "call depth (--hook-call-depth)",
                self.limits.call_depth.to_string(),
            ),
            EvalAltResult::ErrorDataTooLarge(what, _) if what.contains("string") => limit(
                "string size (--hook-string-size)",
                format!("{} bytes", self.limits.string_size),
            ),
            EvalAltResult::ErrorDataTooLarge(..) => limit(
                "array or map size (--hook-collection-size)",
                self.limits.collection_size.to_string(),
            ),
            EvalAltResult::ErrorPropertyNotFound(name, _) => CallError::MissingProperty {
                name: name.clone(),
                at,
            },
            other => CallError::Failed {
                message: message_of(other),
                at,
            },
        }
    }

    /// A Rhai position inside function `name`, back in its source.
    fn locate(&self, name: &str, pos: Position) -> Option<Loc> {
        pos.line()?;
        let f = self.functions.iter().find(|f| f.name == name)?;
        let piece = &self.pieces[f.piece];
        let span = span_at(&self.texts[f.piece], pos);
        Some(Loc {
            source: piece.source,
            span: shift(span, piece.span.start),
        })
    }
}

/// Rhai's message without its trailing position.
fn message_of(e: &EvalAltResult) -> String {
    let text = e.to_string();
    match text.rfind(" (line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn twice(pieces: &[Piece], old: &Function, piece: &Piece, name: &str) -> Diag {
    let first = pieces[old.piece].decl;
    Diag::error(
        "neg::hook::duplicate",
        format!(
            "the hook function `{name}` with {} parameter(s) is defined twice",
            old.params.len()
        ),
        piece.decl.source,
        piece.decl.span,
        "defined again in this hook",
    )
    .with_related(Diag::error(
        "neg::hook::duplicate",
        "first defined here",
        first.source,
        first.span,
        "first defined in this hook",
    ))
    .with_help("rename one of them")
}

/// The span of the token at a Rhai position (1-based line, 1-based column
/// in characters) in `text`; the whole text when there is no position.
fn span_at(text: &str, pos: Position) -> Span {
    let (Some(line), Some(col)) = (pos.line(), pos.position().or(Some(1))) else {
        return Span::new(0, text.len().min(1));
    };
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text[start.min(text.len())..]
        .split('\n')
        .next()
        .unwrap_or("");
    let at = start
        + line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
    // The token: up to the next space or punctuation, at least one whole
    // character (a label must never split a multi-byte character).
    let first = text[at..].chars().next().map_or(0, char::len_utf8);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || "(){};,".contains(*c))
        .map_or(text.len(), |(i, _)| at + i.max(first));
    Span::new(at, end)
}

fn shift(span: Span, by: usize) -> Span {
    Span::new(span.start + by, span.end + by)
}

/// The diagnostic for a failed call of hook `name` (`what`: "for price
/// `$100`"), at the use site; where the hook code is known, a second
/// diagnostic points into it.
pub fn call_diag(e: &CallError, name: &str, what: &str, source: SourceId, span: Span) -> Diag {
    let (message, label, help, at) = match e {
        CallError::NotANumber(ty) => (
            format!(
                "the hook `{name}` returned {} {what}, not a number",
                article(ty)
            ),
            "must return a number".to_string(),
            "return points as a number, e.g. `40` or `12.5`",
            None,
        ),
        CallError::NotFinite(v) => (
            format!("the hook `{name}` returned {v} {what}, not a finite number"),
            "must return a finite number".into(),
            "look for a division by zero or an enormous number in the hook",
            None,
        ),
        CallError::Limit {
            what: limit,
            limit: value,
            at,
        } => (
            format!(
                "the hook `{name}` was stopped {what}: it went over its {limit} limit of {value}"
            ),
            "stopped by the sandbox".into(),
            "look for an endless loop or recursion, or raise the limit with its flag",
            *at,
        ),
        CallError::MissingProperty { name: property, at } => (
            format!("the hook `{name}` read `{property}`, which it was not given (called {what})"),
            "reads what it was not given".into(),
            "a whole-package hook gets only the issues after `reads`: add the issue there",
            *at,
        ),
        CallError::Failed { message, at } => (
            format!("the hook `{name}` failed {what}: {message}"),
            "failed here".into(),
            "the hook gets the option's name (a string) or the issue's value (a number)",
            *at,
        ),
    };
    let mut d = Diag::error("neg::hook::call", message, source, span, label).with_help(help);
    if let Some(at) = at {
        d = d.with_related(Diag::error(
            "neg::hook::call",
            "in the hook code",
            at.source,
            at.span,
            "here",
        ));
    }
    d
}

fn article(type_name: &str) -> String {
    let short = type_name.rsplit("::").next().unwrap_or(type_name);
    match short {
        "ImmutableString" | "string" => "a string".into(),
        "()" => "nothing".into(),
        "bool" => "a boolean".into(),
        "Array" | "array" => "an array".into(),
        "Map" | "map" => "a map".into(),
        other => format!("a value of type {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, col: usize) -> Position {
        Position::new(line as u16, col as u16)
    }

    #[test]
    fn positions_become_token_spans_on_character_boundaries() {
        let text = "fn f(x) {\n  é\u{a0}+ x.nope()\n}";
        // Line 2, column 3 is `é` (two bytes), followed by a no-break space.
        let span = span_at(text, at(2, 3));
        assert_eq!(&text[span.start..span.end], "é");
        // Column 8 is the `.` before `nope`: the token runs to `(`.
        let span = span_at(text, at(2, 8));
        assert_eq!(&text[span.start..span.end], ".nope");
        // A column past the end of its line stays on that line's end.
        let span = span_at(text, at(1, 40));
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
}
