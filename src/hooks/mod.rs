//! Rhai hooks: a sandboxed engine, the scenario's hook code compiled once,
//! and calls that end in a diagnostic, never a hang or a panic.
//!
//! Hooks are untrusted code (a plan may come from someone else's
//! repository), so the engine starts from `Engine::new_raw()` with Rhai's
//! packages chosen one by one: nothing that reaches the file system, the
//! network, the process or the environment, nothing that blocks or reads the
//! clock (`sleep`, `timestamp`: a check must end, and give the same answer
//! every time); no module imports; `eval` disabled; `print` and `debug`
//! discarded (they would break JSON output); and limits on operations, time,
//! call depth, expression depth and the size of strings, arrays and maps
//! ([`Limits`]), with a cancel flag polled as the code runs. Hook code may
//! only define functions: a top-level statement is refused when it is
//! compiled. Error positions are Rhai's line/column within one piece of
//! code; [`Hooks`] maps them back to bytes in the `.rhai` file or in the
//! `.neg` file holding an inline block.

mod agent;

pub use agent::{Sheet, SheetApi};
use crate::cancel::Cancel;
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId, Sources};
use crate::model::Loc;
use crate::syntax::Span;
use rayon::prelude::*;
use rhai::{CallFnOptions, Dynamic, Engine, EvalAltResult, Position, Scope, AST};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The sandbox's limits; every one has a CLI flag, whose accepted range is
/// `1..=` the matching `MAX_*` constant (Rhai reads 0 as "unlimited", and the
/// largest values are the most a hook can use without crashing the process).
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
    /// Wall-clock seconds one call may run (`--hook-seconds`).
    pub seconds: u64,
    /// Wall-clock seconds all calls of one check may run together, from the
    /// moment the hook code is compiled (`--hook-total-seconds`).
    pub total_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            operations: 1_000_000,
            call_depth: 64,
            string_size: 1 << 20,
            collection_size: 100_000,
            total_operations: 1_000_000_000,
            seconds: 10,
            total_seconds: 300,
        }
    }
}

/// The most `--hook-operations` accepts.
pub const MAX_OPERATIONS: u64 = 1_000_000_000_000;
/// The most `--hook-total-operations` accepts.
pub const MAX_TOTAL_OPERATIONS: u64 = 1_000_000_000_000_000;
/// The most `--hook-call-depth` accepts: deeper recursion than this could
/// overflow the stack of the threads hooks run on ([`HOOK_STACK`]), which
/// aborts the process instead of giving a diagnostic.
pub const MAX_CALL_DEPTH: usize = 1_000;
/// The most `--hook-string-size` accepts, in bytes (256 MiB).
pub const MAX_STRING_SIZE: usize = 1 << 28;
/// The most `--hook-collection-size` accepts.
pub const MAX_COLLECTION_SIZE: usize = 10_000_000;
/// The most `--hook-seconds` accepts (an hour).
pub const MAX_SECONDS: u64 = 3_600;
/// The most `--hook-total-seconds` accepts (a day).
pub const MAX_TOTAL_SECONDS: u64 = 86_400;

/// The stack of each thread hook calls run on: Rhai recurses on the native
/// stack for every call level and every nested expression, and a thread
/// spawned with the default 2 MiB would overflow long before
/// [`MAX_CALL_DEPTH`]. Only the pages a call touches are ever committed.
pub const HOOK_STACK: usize = 256 << 20;

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
    /// Raised to stop every call (Ctrl-C).
    cancel: Cancel,
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
    /// When the call running on this thread started, against its time budget.
    static STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
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
    /// The cancel flag was raised (Ctrl-C).
    Cancelled,
}

/// The sandboxed engine, with `limits`.
pub fn engine(limits: &Limits) -> Engine {
    use rhai::packages::{self as p, Package};
    let mut engine = Engine::new_raw();
    // Rhai's standard package, less the two that reach outside the sandbox:
    // `LanguageCorePackage` (`sleep`, which blocks where no operation is
    // counted, and `exit`, `parse_json` and reflection, which hooks do not
    // need) and `BasicTimePackage` (`timestamp`, which would let a result
    // change from run to run). None of those kept blocks, reads the clock,
    // draws random numbers or does I/O.
    let packages = [
        p::ArithmeticPackage::new().as_shared_module(),
        p::BasicStringPackage::new().as_shared_module(),
        p::BasicIteratorPackage::new().as_shared_module(),
        p::BasicFnPackage::new().as_shared_module(),
        p::BitFieldPackage::new().as_shared_module(),
        p::LogicPackage::new().as_shared_module(),
        p::BasicMathPackage::new().as_shared_module(),
        p::BasicArrayPackage::new().as_shared_module(),
        p::BasicBlobPackage::new().as_shared_module(),
        p::BasicMapPackage::new().as_shared_module(),
        p::MoreStringPackage::new().as_shared_module(),
    ];
    for package in packages {
        engine.register_global_module(package);
    }
    engine.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    engine.disable_symbol("eval");
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});
    engine.set_strict_variables(true);
    // A package map holds only the issues a hook says it reads: reading
    // another must fail, not quietly give `()`.
    engine.set_fail_on_invalid_map_property(true);
    // Rhai reads 0 as "no limit": the CLI refuses 0, and so does this.
    engine.set_max_operations(limits.operations.clamp(1, MAX_OPERATIONS));
    engine.set_max_call_levels(limits.call_depth.clamp(1, MAX_CALL_DEPTH));
    engine.set_max_expr_depths(64, 64);
    engine.set_max_string_size(limits.string_size.clamp(1, MAX_STRING_SIZE));
    engine.set_max_array_size(limits.collection_size.clamp(1, MAX_COLLECTION_SIZE));
    engine.set_max_map_size(limits.collection_size.clamp(1, MAX_COLLECTION_SIZE));
    engine.set_max_variables(1_000);
    engine.set_max_functions(1_000);
    agent::register(&mut engine);
    engine
}

/// Names Rhai's standard package has and the sandbox leaves out, with why:
/// a call to one is explained rather than reported as merely unknown.
const LEFT_OUT: &[(&str, &str)] = &[
    ("sleep", "a hook must not block"),
    ("timestamp", "a hook must give the same result every time"),
    ("exit", "a hook returns its result"),
    ("parse_json", "hooks get their data as arguments"),
];

/// Why a call was stopped from outside (the token `on_progress` returns).
const STOP_TOTAL_OPERATIONS: &str = "total operations";
const STOP_SECONDS: &str = "seconds";
const STOP_TOTAL_SECONDS: &str = "total seconds";
const STOP_CANCELLED: &str = "cancelled";

/// Operations between two looks at the clock and the cancel flag (a look
/// costs far more than an operation).
const LOOK_EVERY: u64 = 64;

/// The thread pool every hook call runs on, with [`HOOK_STACK`] per thread;
/// `None` if it could not be started (calls then run on the caller's thread).
static POOL: std::sync::LazyLock<Option<rayon::ThreadPool>> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .stack_size(HOOK_STACK)
        .thread_name(|k| format!("neg-hook-{k}"))
        .build()
        .ok()
});

/// Runs `f` on the hook pool.
fn on_pool<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match POOL.as_ref() {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

impl Hooks {
    /// Compiles every piece. Pieces that do not compile, or that have
    /// top-level statements, are reported and left out; a function defined
    /// twice is reported. Calls stop with [`CallError::Cancelled`] once
    /// `cancel` is raised.
    pub fn compile(
        sources: &Sources,
        pieces: Vec<Piece>,
        limits: Limits,
        cancel: &Cancel,
    ) -> (Hooks, Vec<Diag>) {
        let mut engine = engine(&limits);
        // Operations run so far by all calls, against the total budget.
        let meter = Arc::new(AtomicU64::new(0));
        let compiled_at = Instant::now();
        let per_call = Duration::from_secs(limits.seconds.clamp(1, MAX_SECONDS));
        let per_check = Duration::from_secs(limits.total_seconds.clamp(1, MAX_TOTAL_SECONDS));
        let flag = cancel.clone();
        engine.on_progress(move |ops| {
            if ops % LOOK_EVERY == 0 {
                if flag.is_raised() {
                    return Some(Dynamic::from(STOP_CANCELLED));
                }
                let started = STARTED.with(Cell::get).unwrap_or(compiled_at);
                if started.elapsed() > per_call {
                    return Some(Dynamic::from(STOP_SECONDS));
                }
                if compiled_at.elapsed() > per_check {
                    return Some(Dynamic::from(STOP_TOTAL_SECONDS));
                }
            }
            let new = COUNTED.with(|c| ops.saturating_sub(c.replace(ops)));
            let unshared = UNSHARED.with(|u| u.get() + new);
            if unshared < SHARE_EVERY {
                UNSHARED.with(|u| u.set(unshared));
                return None;
            }
            UNSHARED.with(|u| u.set(0));
            let total = meter.fetch_add(unshared, Ordering::Relaxed) + unshared;
            (total > limits.total_operations).then(|| Dynamic::from(STOP_TOTAL_OPERATIONS))
        });
        let mut ast = AST::empty();
        let mut functions: Vec<Function> = vec![];
        let mut diags = vec![];
        let texts: Vec<String> = pieces
            .iter()
            .map(|p| sources.get(p.source).text[p.span.start..p.span.end].to_string())
            .collect();
        // Unoptimised, so that every top-level statement is still there to
        // be refused (the optimiser drops some, e.g. `42;`).
        let level = engine.optimization_level();
        engine.set_optimization_level(rhai::OptimizationLevel::None);
        for (k, (piece, text)) in pieces.iter().zip(&texts).enumerate() {
            // A first pass without strict variables finds top-level
            // statements even when a function uses a top-level `const`
            // (which strict mode would report only as undefined).
            engine.set_strict_variables(false);
            let loose = engine.compile(text);
            engine.set_strict_variables(true);
            if let Some(stmt) = loose.as_ref().ok().and_then(|a| a.statements().first()) {
                diags.push(top_level(piece, text, stmt.position()));
                continue;
            }
            match engine.compile(text) {
                Ok(compiled) => {
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
                            Code::HookSyntax,
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
        engine.set_optimization_level(level);
        let ast = engine.optimize_ast(&Scope::new(), ast, level);
        let hooks = Hooks {
            engine,
            ast,
            pieces,
            texts,
            functions,
            limits,
            cancel: cancel.clone(),
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
    #[cfg(any(test, feature = "internals"))]
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
        on_pool(|| {
            let mut out = Vec::with_capacity(n);
            for start in (0..n).step_by(CHUNK) {
                let end = (start + CHUNK).min(n);
                let chunk: Vec<Result<f64, CallError>> = (start..end)
                    .into_par_iter()
                    .map(|k| self.call_here(name, args(k)))
                    .collect();
                for (k, r) in (start..).zip(chunk) {
                    out.push(r.map_err(|e| (k, e))?);
                }
            }
            Ok(out)
        })
    }

    /// Calls `name` with `args` and expects a finite number.
    pub fn call_number(&self, name: &str, args: Vec<Dynamic>) -> Result<f64, CallError> {
        // `Dynamic` is `Send` under Rhai's `sync` feature.
        on_pool(|| self.call_here(name, args))
    }

    /// [`Hooks::call_number`] on the current thread (one of the pool's).
    fn call_here(&self, name: &str, args: Vec<Dynamic>) -> Result<f64, CallError> {
        let result = self.call_value(name, args)?;
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

    /// Calls `name` with `args` on the current thread, under the sandbox's
    /// limits, and gives back whatever it returns.
    pub fn call_value(&self, name: &str, args: Vec<Dynamic>) -> Result<Dynamic, CallError> {
        // A call too short to reach a look at the flag still stops here.
        if self.cancel.is_raised() {
            return Err(CallError::Cancelled);
        }
        COUNTED.with(|c| c.set(0));
        STARTED.with(|s| s.set(Some(Instant::now())));
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        let result = self.engine.call_fn_with_options::<Dynamic>(
            options,
            &mut Scope::new(),
            &self.ast,
            name,
            args,
        );
        STARTED.with(|s| s.set(None));
        result.map_err(|e| self.call_error(name, &e))
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
            EvalAltResult::ErrorTerminated(why, _) => match why.clone().into_string().as_deref() {
                Ok(STOP_CANCELLED) => CallError::Cancelled,
                Ok(STOP_SECONDS) => limit(
                    "time per call (--hook-seconds)",
                    format!("{} s", self.limits.seconds),
                ),
                Ok(STOP_TOTAL_SECONDS) => limit(
                    "time for all hook calls together (--hook-total-seconds)",
                    format!("{} s", self.limits.total_seconds),
                ),
                _ => limit(
                    "operations in all hook calls together (--hook-total-operations)",
                    self.limits.total_operations.to_string(),
                ),
            },
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
            EvalAltResult::ErrorFunctionNotFound(signature, _) => {
                let called = signature.split([' ', '(']).next().unwrap_or("");
                match LEFT_OUT.iter().find(|(n, _)| *n == called) {
                    Some((name, why)) => CallError::Failed {
                        message: format!("`{name}` is not available to hooks ({why})"),
                        at,
                    },
                    None => CallError::Failed {
                        message: message_of(inner),
                        at,
                    },
                }
            }
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

impl crate::model::StrategyCalls for Hooks {
    fn call_strategy(&self, function: &str, state: Dynamic, what: &str) -> Result<Dynamic, String> {
        on_pool(|| self.call_value(function, vec![state]))
            .map_err(|e| call_diag(&e, function, what, SourceId(0), Span::default()).message)
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

/// A statement outside any function: hook code is only functions (the
/// statement would never run, and a `const` there is not seen by them).
fn top_level(piece: &Piece, text: &str, pos: Position) -> Diag {
    Diag::error(
        Code::HookTopLevel,
        "hook code may only define functions; this statement is outside any function",
        piece.source,
        shift(span_at(text, pos), piece.span.start),
        "outside any function",
    )
    .with_help(
        "move it into a function; for a constant, write a function that returns it: `fn rate() { 0.05 }`",
    )
}

fn twice(pieces: &[Piece], old: &Function, piece: &Piece, name: &str) -> Diag {
    let first = pieces[old.piece].decl;
    Diag::error(
        Code::HookDuplicate,
        format!(
            "the hook function `{name}` with {} parameter(s) is defined twice",
            old.params.len()
        ),
        piece.decl.source,
        piece.decl.span,
        "defined again in this hook",
    )
    .with_related(Diag::error(
        Code::HookDuplicate,
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
        CallError::Cancelled => {
            return Diag::error(
                Code::RunCancelled,
                format!("the hook `{name}` was cancelled {what}"),
                source,
                span,
                "cancelled while this ran",
            )
        }
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
    let mut d = Diag::error(Code::HookCall, message, source, span, label).with_help(help);
    if let Some(at) = at {
        d = d.with_related(Diag::error(
            Code::HookCall,
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
