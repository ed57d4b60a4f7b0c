//! The library's front door: a checked [`Plan`], read from a [`World`], and
//! what hosts do with it — run it, run one more command on it, export it to
//! GENIUS or GeniusWeb ([`import`] reads them), or describe its score sheets
//! for another tool ([`Plan::additive`]). Errors are [`PlanError`]s carrying
//! the same diagnostics the command line prints.
//!
//! ```
//! use neg::world::MemoryWorld;
//! use std::sync::Arc;
//!
//! let world = MemoryWorld::new()
//!     .with("deal/sides.neg", "party buyer { batna 10 }\nparty seller { batna 10 }\n")
//!     .with("deal/plan.neg", r#"
//!         import "sides.neg"
//!         issue price : 100 .. 200 step 50
//!         prefs buyer { price = linear(100 -> 100, 200 -> 0) }
//!         prefs seller { price = linear(100 -> 0, 200 -> 100) }
//!         offer mid { price: 150 }
//!         assert utility(buyer, mid) == 50
//!     "#);
//! let plan = neg::Plan::load(Arc::new(world), "deal/plan.neg")?;
//!
//! // The plan's own commands: one assert, which holds.
//! assert!(plan.run().iter().all(|step| !step.is_failure()));
//!
//! // One more command, as if written at the plan's end.
//! let nash = plan.run_command("nash")?;
//! let json = serde_json::to_value(nash.report())?;
//! assert_eq!(json["package"]["price"], 150.0);
//!
//! // A command that does not check points into the command.
//! let error = plan.run_command("evaluate high").unwrap_err();
//! assert_eq!(error.to_string(), "<command>:1:10: unknown offer `high`");
//!
//! // GENIUS: a domain file and a profile per party.
//! let genius = plan.export_genius()?;
//! assert_eq!(genius.profiles.len(), 2);
//!
//! // To GeniusWeb and back: the same Nash package.
//! let web = plan.export_geniusweb()?;
//! let files: Vec<(&str, &str)> = web.profiles.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
//! let domain = (web.domain.0.as_str(), web.domain.1.as_str());
//! let (back, _warnings) = neg::plan::import(neg::plan::Format::GeniusWeb, Some(domain), &files)?;
//! let again = serde_json::to_value(back.run_command("nash")?.report())?;
//! // GeniusWeb lists the prices as the values "100", "150" and "200",
//! // which come back as the options `v100`, `v150` and `v200`.
//! assert_eq!(again["package"]["price"], "v150");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::cancel::Cancel;
pub use crate::check::roots::ReadError;
use crate::check::{Checked, Origin};
pub use crate::check::{Declaration, Kind};
use crate::diagnostics::Code;
use crate::diagnostics::{self, Diag, JsonDiag, Sources};
pub use crate::interop::additive::{Additive, AdditiveIssue, AdditiveParty};
pub use crate::interop::genius_out::Export as GeniusExport;
pub use crate::interop::geniusweb::WebExport as GeniusWebExport;
use crate::interop::{genius, genius_out, geniusweb, to_neg, NegOptions};
use crate::interp::{Session, Step};
pub use crate::model::Loc;
use crate::model::{Domain, Scenario};
use crate::syntax::{parse_file, ItemKind};
use crate::world::{line_ends, MemoryWorld, World};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A plan that checks: its scenario, the texts it was read from, and the
/// world its imports came from (to check a command given later).
pub struct Plan {
    world: Arc<dyn World + Send + Sync>,
    sources: Sources,
    checked: Checked,
    /// The root text's name, text and origin.
    root: (String, String, Origin),
    limits: crate::hooks::Limits,
}

/// Why a plan (or a command given to it) cannot be used.
#[derive(Debug)]
pub enum PlanError {
    /// The plan's file could not be read.
    Read(ReadError),
    /// What was handed over to become a plan (an additive description)
    /// cannot be one: each problem in words.
    Input(Vec<String>),
    /// The plan or the command has errors: the diagnostics, and the texts
    /// their spans point into.
    Invalid {
        /// What is wrong, sorted by position.
        diagnostics: Vec<Diag>,
        /// The texts the diagnostics point into.
        sources: Sources,
    },
}

impl PlanError {
    /// The diagnostics as `neg … --format json` prints them (a file that
    /// cannot be read has no file, line or column).
    pub fn to_json(&self) -> Vec<JsonDiag> {
        match self {
            PlanError::Read(e) => vec![JsonDiag::plain(
                Code::Io,
                e.to_string(),
                Some("check the path; neg reads UTF-8 `.neg` files".into()),
            )],
            PlanError::Input(problems) => problems
                .iter()
                .map(|p| JsonDiag::plain(Code::ApiInput, p.clone(), None))
                .collect(),
            PlanError::Invalid {
                diagnostics,
                sources,
            } => diagnostics
                .iter()
                .map(|d| diagnostics::to_json(d, sources))
                .collect(),
        }
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::Read(e) => write!(f, "{e}"),
            PlanError::Input(problems) => write!(f, "not a plan: {}", problems.join("; ")),
            PlanError::Invalid {
                diagnostics,
                sources,
            } => {
                let first = diagnostics.iter().find(|d| d.is_error());
                let Some(d) = first.or(diagnostics.first()) else {
                    return f.write_str("the plan has errors");
                };
                let j = diagnostics::to_json(d, sources);
                let at = match (j.file.as_deref(), j.line, j.column) {
                    (Some(file), Some(line), Some(col)) => format!("{file}:{line}:{col}: "),
                    _ => String::new(),
                };
                write!(f, "{at}{}", d.message)?;
                match diagnostics.len() {
                    1 => Ok(()),
                    n => write!(f, " (and {} more)", n - 1),
                }
            }
        }
    }
}

impl std::error::Error for PlanError {}

impl Plan {
    /// Reads the plan at `path` from `world`, with everything it imports,
    /// and checks it.
    pub fn load(
        world: Arc<dyn World + Send + Sync>,
        path: impl AsRef<Path>,
    ) -> Result<Plan, PlanError> {
        Plan::load_with_limits(world, path.as_ref(), crate::hooks::Limits::default())
    }

    /// [`Plan::load`] with the hook sandbox's limits (the CLI's flags).
    pub(crate) fn load_with_limits(
        world: Arc<dyn World + Send + Sync>,
        path: &Path,
        limits: crate::hooks::Limits,
    ) -> Result<Plan, PlanError> {
        let text = world.read(path).map_err(|why| {
            PlanError::Read(ReadError {
                path: path.display().to_string(),
                why: why.to_string(),
            })
        })?;
        let root = (
            path.display().to_string(),
            line_ends(text),
            Origin::Path(path.to_path_buf()),
        );
        Plan::checked(world, root, limits)
    }

    /// Checks a plan given as text; its imports and plots resolve against
    /// `base_dir` in `world`.
    pub fn from_text(
        world: Arc<dyn World + Send + Sync>,
        name: &str,
        text: &str,
        base_dir: impl Into<PathBuf>,
    ) -> Result<Plan, PlanError> {
        Plan::from_text_with_limits(
            world,
            name,
            text,
            base_dir.into(),
            crate::hooks::Limits::default(),
        )
    }

    /// [`Plan::from_text`] with the hook sandbox's limits (the CLI's flags).
    pub(crate) fn from_text_with_limits(
        world: Arc<dyn World + Send + Sync>,
        name: &str,
        text: &str,
        base_dir: PathBuf,
        limits: crate::hooks::Limits,
    ) -> Result<Plan, PlanError> {
        let root = (
            name.to_string(),
            line_ends(text.to_string()),
            Origin::Memory(base_dir),
        );
        Plan::checked(world, root, limits)
    }

    /// The plan a linear additive description stands for (as another tool
    /// such as NegMAS holds it; `from` names the tool), in its own points.
    pub fn from_additive(
        world: Arc<dyn World + Send + Sync>,
        description: &Additive,
        from: &str,
    ) -> Result<Plan, PlanError> {
        let problems = crate::interop::additive::problems(description);
        if !problems.is_empty() {
            return Err(PlanError::Input(problems));
        }
        let text = crate::interop::additive::to_neg(description, from);
        let text = crate::fmt::format_source(&text).unwrap_or(text);
        Plan::from_text(world, &format!("<from {from}>"), &text, ".")
    }

    /// The plan's root text (for a plan made from a description, the
    /// `.neg` text written for it).
    pub fn text(&self) -> &str {
        &self.root.1
    }

    /// A plan from a check already made (the language server checks once
    /// and keeps the syntax trees too).
    pub(crate) fn from_checked(
        world: Arc<dyn World + Send + Sync>,
        sources: Sources,
        checked: Checked,
        root: (String, String, Origin),
        limits: crate::hooks::Limits,
    ) -> Plan {
        Plan {
            world,
            sources,
            checked,
            root,
            limits,
        }
    }

    fn checked(
        world: Arc<dyn World + Send + Sync>,
        root: (String, String, Origin),
        limits: crate::hooks::Limits,
    ) -> Result<Plan, PlanError> {
        let mut sources = Sources::default();
        let id = sources.add(root.0.as_str(), root.1.as_str());
        let checked = crate::check::check_source_with(
            world.as_ref(),
            &mut sources,
            id,
            root.2.clone(),
            limits,
            &Cancel::never(),
        );
        match checked {
            Ok(checked) => Ok(Plan {
                world,
                sources,
                checked,
                root,
                limits,
            }),
            Err(diagnostics) => Err(PlanError::Invalid {
                diagnostics,
                sources,
            }),
        }
    }

    /// The checked scenario.
    pub(crate) fn scenario(&self) -> &Scenario {
        &self.checked.scenario
    }

    /// The checked scenario as JSON: its parties, issues, score sheets,
    /// offers, rules and commands, as `neg` reads them.
    pub fn scenario_json(&self) -> serde_json::Value {
        serde_json::to_value(self.scenario()).unwrap_or_default()
    }

    /// Every declared name and where it was declared, imports included.
    pub fn declarations(&self) -> &[Declaration] {
        &self.checked.declarations
    }

    /// Problems that do not stop the plan from being used.
    pub fn warnings(&self) -> &[Diag] {
        &self.checked.warnings
    }

    /// The texts the plan was read from (the warnings point into them).
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Runs the plan's own commands, in order. Plots come back as SVG
    /// text in their reports; a host writes them.
    pub fn run(&self) -> Vec<Step> {
        crate::interp::run(self.scenario())
    }

    /// Runs one command (`frontier`, `evaluate ask`, `meso 3 for buyer`)
    /// on the plan as if it were written at its end. A command that does
    /// not check is an error whose diagnostics point into `command` itself.
    pub fn run_command(&self, command: &str) -> Result<Step, PlanError> {
        self.with_command(command, |s, last| match Session::new(s).run_command(last) {
            Step::Error(d) => Err(Box::new(d)),
            step => Ok(step),
        })
    }

    /// Shard `i` of `n` (1 of 1: all of it) of a `tournament` command
    /// (`tournament boulware, meso(k=4) rounds 100 repeat 50`) on this plan:
    /// the exact sums its runs add, to merge with the other shards'
    /// ([`crate::report::Tally::merge`]). `cancel` stops it and reports
    /// progress.
    pub(crate) fn tournament(
        &self,
        command: &str,
        shard: (u32, u32),
        cancel: &Cancel,
    ) -> Result<crate::report::Tally, PlanError> {
        self.with_command(command, |s, last| match &last.kind {
            crate::model::CommandKind::Tournament(t) => Session::new(s)
                .cancelled_by(cancel.clone())
                .tally(last, t, shard),
            _ => Err(Box::new(
                Diag::error(
                    Code::ApiOneCommand,
                    "expected a `tournament` command",
                    last.loc.source,
                    last.loc.span,
                    "not a tournament",
                )
                .with_help("e.g. `tournament boulware, conceder rounds 100 repeat 20`"),
            )),
        })
    }

    /// Checks `command` as if written at the plan's end and gives the
    /// scenario and the checked command to `f`; diagnostics point into
    /// `command` itself.
    fn with_command<T>(
        &self,
        command: &str,
        f: impl FnOnce(&Scenario, &crate::model::Command) -> Result<T, Box<Diag>>,
    ) -> Result<T, PlanError> {
        let name = "<command>";
        let invalid = |diagnostics: Vec<Diag>, text: &str| {
            let mut sources = Sources::default();
            sources.add(name, text);
            PlanError::Invalid {
                diagnostics,
                sources,
            }
        };
        let (file, diags) = parse_file(command, diagnostics::SourceId(0));
        if !diags.is_empty() {
            return Err(invalid(diags, command));
        }
        let commands = file
            .items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Command(_)))
            .count();
        if commands != 1 || file.items.len() != 1 {
            let span =
                file.items
                    .first()
                    .map_or(crate::syntax::Span::new(0, command.len()), |first| {
                        let last = file.items.last().unwrap_or(first);
                        crate::syntax::Span::new(first.span.start, last.span.end)
                    });
            let d = Diag::error(
                Code::ApiOneCommand,
                "expected one command",
                diagnostics::SourceId(0),
                span,
                "not one command",
            )
            .with_help("give one command, such as `frontier` or `evaluate ask`; declarations belong in the plan");
            return Err(invalid(vec![d], command));
        }
        let (root_name, root_text, origin) = &self.root;
        let text = format!("{root_text}\n{command}\n");
        let at = root_text.len() + 1;
        let mut sources = Sources::default();
        let id = sources.add(root_name.as_str(), text.as_str());
        let checked = crate::check::check_source_with(
            self.world.as_ref(),
            &mut sources,
            id,
            origin.clone(),
            self.limits,
            &Cancel::never(),
        );
        let checked = match checked {
            Ok(c) => c,
            Err(diags) => {
                let (diagnostics, sources) =
                    diagnostics::onto_line(diags, sources, at, command, name);
                return Err(PlanError::Invalid {
                    diagnostics,
                    sources,
                });
            }
        };
        let s = &checked.scenario;
        let Some(last) = s.commands.last() else {
            unreachable!("the command checked, so it is the plan's last")
        };
        f(s, last).map_err(|d| {
            let (diagnostics, sources) =
                diagnostics::onto_line(vec![*d], sources, at, command, name);
            PlanError::Invalid {
                diagnostics,
                sources,
            }
        })
    }

    /// What changed from this version of the plan to `newer`: the
    /// declarations added, removed and changed (by kind and name; layout,
    /// comments and order are no change), and what that does to the deal
    /// (BATNAs, frontier, negotiation set, bargaining solutions, offers).
    ///
    /// ```
    /// use neg::world::MemoryWorld;
    /// use std::sync::Arc;
    ///
    /// let plan = |batna: u32| {
    ///     let text = format!("party buyer {{ batna {batna} }}\nparty seller\nissue price : 0 .. 100 step 25\n\
    ///         prefs buyer {{ price = linear(0 -> 100, 100 -> 0) }}\nprefs seller {{ price = linear(0 -> 0, 100 -> 100) }}\n");
    ///     neg::Plan::from_text(Arc::new(MemoryWorld::new()), "deal.neg", &text, ".")
    /// };
    /// let diff = plan(0)?.diff(&plan(60)?);
    /// let json = serde_json::to_value(&diff)?;
    /// assert_eq!(json["changes"][0]["details"][0]["after"], 60.0);
    /// // The buyer's utility is 100 - price, the seller's the price. With
    /// // BATNAs 0 the Nash package splits evenly (50 × 50); with the buyer's
    /// // at 60 only prices 0 and 25 are left, and 25 has the larger product
    /// // of gains (15 × 25 against 40 × 0).
    /// assert_eq!(json["nash"]["before"]["package"]["price"], 50.0);
    /// assert_eq!(json["nash"]["after"]["package"]["price"], 25.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn diff(&self, newer: &Plan) -> crate::report::DiffReport {
        crate::diff::compare(Some(&self.diff_side()), Some(&newer.diff_side()))
    }

    /// This version as `neg diff` compares it.
    pub(crate) fn diff_side(&self) -> crate::diff::Side<'_> {
        let (name, text, origin) = &self.root;
        crate::diff::Side::load(self.world.as_ref(), (name, text, origin), self.scenario())
    }

    /// The plan as GENIUS XML files, or why it cannot be.
    pub fn export_genius(&self) -> Result<GeniusExport, PlanError> {
        genius_out::export(self.scenario()).map_err(|d| self.invalid(d))
    }

    /// The plan as GeniusWeb JSON files, or why it cannot be.
    pub fn export_geniusweb(&self) -> Result<GeniusWebExport, PlanError> {
        geniusweb::export(self.scenario()).map_err(|d| self.invalid(d))
    }

    /// The plan as linear additive score sheets, in its own points: what
    /// `tool` (NegMAS) expresses. Each party's table is its cared-for
    /// utility (care folds into the tables exactly); rules, contingent
    /// issues and terms over several issues have no such form and are
    /// errors naming them, and `tool`.
    pub fn additive(&self, tool: &str) -> Result<Additive, PlanError> {
        let s = self.scenario();
        let errors = genius_out::inexpressible(s, tool);
        if !errors.is_empty() {
            return Err(self.invalid(errors));
        }
        let issues = s
            .issues
            .iter()
            .map(|i| AdditiveIssue {
                name: i.id.clone(),
                values: match &i.domain {
                    Domain::Options(o) => o.iter().map(|v| serde_json::json!(v)).collect(),
                    Domain::Numeric { values, .. } => {
                        values.iter().map(|v| serde_json::json!(v)).collect()
                    }
                },
            })
            .collect();
        let parties = s
            .parties
            .iter()
            .map(|p| {
                let table = |slot: usize, option: usize| {
                    p.values[slot][option]
                        + p.care
                            .iter()
                            .map(|c| c.amount * s.parties[c.party].values[slot][option])
                            .sum::<f64>()
                };
                AdditiveParty {
                    name: p.id.clone(),
                    batna: p.batna,
                    values: (0..s.issues.len())
                        .map(|i| {
                            let slot = s.first_slot[i];
                            (0..s.issues[i].domain.len())
                                .map(|o| crate::model::snap(table(slot, o)))
                                .collect()
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(Additive {
            name: s.title.clone().unwrap_or_else(|| "neg".into()),
            issues,
            parties,
        })
    }

    fn invalid(&self, mut diagnostics: Vec<Diag>) -> PlanError {
        diagnostics::sort(&mut diagnostics);
        PlanError::Invalid {
            diagnostics,
            sources: self.sources.clone(),
        }
    }
}

/// Another tool's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GENIUS XML: a domain file and one profile per party.
    Genius,
    /// GeniusWeb JSON: one profile per party (the domain is optional).
    GeniusWeb,
}

/// A plan made from another tool's files, each `(name, text)`: the plan
/// `neg import` writes (its text is [`Plan::text`]), and the warnings of
/// the import as JSON diagnostics. GENIUS needs the domain.
pub fn import(
    format: Format,
    domain: Option<(&str, &str)>,
    profiles: &[(&str, &str)],
) -> Result<(Plan, Vec<JsonDiag>), PlanError> {
    let mut sources = Sources::default();
    let domain = domain.map(|(name, text)| sources.add(name, text));
    let ids: Vec<_> = profiles
        .iter()
        .map(|(name, text)| sources.add(*name, *text))
        .collect();
    let read = match (format, domain) {
        (Format::Genius, Some(d)) => genius::read(&sources, d, &ids),
        (Format::Genius, None) => {
            return Err(PlanError::Input(vec![
                "a GENIUS import needs the domain file".into(),
            ]))
        }
        (Format::GeniusWeb, d) => geniusweb::read(&sources, d, &ids),
    };
    let imported = read.map_err(|diagnostics| PlanError::Invalid {
        diagnostics,
        sources: sources.clone(),
    })?;
    let warnings = imported
        .warnings
        .iter()
        .map(|d| diagnostics::to_json(d, &sources))
        .collect();
    let file = |id| {
        let name: &str = &sources.get(id).name;
        Path::new(name)
            .file_name()
            .map_or(name.to_string(), |n| n.to_string_lossy().into_owned())
    };
    let options = NegOptions {
        format: match format {
            Format::Genius => "GENIUS",
            Format::GeniusWeb => "GeniusWeb",
        },
        domain_file: domain.map_or("(embedded in the profiles)".into(), file),
        profile_files: ids.iter().map(|&p| file(p)).collect(),
        real_steps: 10,
    };
    let text = to_neg(&imported, &options);
    let text = crate::fmt::format_source(&text).unwrap_or(text);
    let plan = Plan::from_text(Arc::new(MemoryWorld::new()), "<import>", &text, ".")?;
    Ok((plan, warnings))
}
