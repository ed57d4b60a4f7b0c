//! Checking: turns parsed files into a [`Scenario`] or a list of diagnostics.
//!
//! Names are order-independent: every declaration of every loaded file is
//! collected first, then resolved. Each step records what it finds wrong and
//! goes on, so one run reports every problem, sorted by position.

pub(crate) mod alone;
mod beliefs;
mod commands;
mod simulate;
mod decls;
mod expr;
mod hooked;
mod hypotheses;
mod load;
mod names;
mod offers;
mod prefs;
pub mod roots;
mod rules;
mod unit_hints;

pub use load::{load, Loaded, Origin};
pub use names::{suggest, Kind};

use crate::cancel::Cancel;
use crate::diagnostics::Code;
use crate::diagnostics::{self, Diag, SourceId, Sources};
use crate::model::{Loc, Scenario};
use crate::syntax::{self, Item, ItemKind, Span};
use crate::world::World;
use names::{Decl, Names};
use std::collections::{HashMap, HashSet};

/// A checked scenario and the warnings found on the way.
#[derive(Debug)]
pub struct Checked {
    /// The resolved scenario.
    pub scenario: Scenario,
    /// Problems that do not stop it from being used.
    pub warnings: Vec<Diag>,
    /// Every declared name, in the order declared (imports first): what an
    /// editor needs for go-to-definition, outlines and completion.
    pub declarations: Vec<Declaration>,
    /// The plan's Rhai hooks, compiled (for hosts that call them later:
    /// the language server of the editors issue).
    #[cfg_attr(not(feature = "internals"), allow(dead_code))]
    pub hooks: std::sync::Arc<crate::hooks::Hooks>,
}

/// A declared name: a party, issue, event, offer or strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    /// The name as declared.
    pub name: String,
    /// What it was declared as.
    pub kind: Kind,
    /// Its index among the scenario's declarations of that kind.
    pub index: usize,
    /// Where it was declared.
    pub loc: Loc,
}

/// Loads the text `root` (and its imports) and checks it.
pub fn check_source(
    world: &dyn World,
    sources: &mut Sources,
    root: SourceId,
    origin: Origin,
) -> Result<Checked, Vec<Diag>> {
    check_source_with(
        world,
        sources,
        root,
        origin,
        crate::hooks::Limits::default(),
        &Cancel::never(),
    )
}

/// [`check_source`] with the hook sandbox's limits; hook calls stop when
/// `cancel` is raised.
pub fn check_source_with(
    world: &dyn World,
    sources: &mut Sources,
    root: SourceId,
    origin: Origin,
    limits: crate::hooks::Limits,
    cancel: &Cancel,
) -> Result<Checked, Vec<Diag>> {
    check_source_keeping_files(world, sources, root, origin, limits, cancel).1
}

/// [`check_source_with`] that also hands back the parsed files (partial
/// trees too, when the plan has errors): what an editor's index reads.
pub fn check_source_keeping_files(
    world: &dyn World,
    sources: &mut Sources,
    root: SourceId,
    origin: Origin,
    limits: crate::hooks::Limits,
    cancel: &Cancel,
) -> (Vec<Loaded>, Result<Checked, Vec<Diag>>) {
    let base_dir = base_dir_of(&origin);
    let (files, diags) = load(world, sources, root, origin);
    let checked = check_loaded(sources, &[root], &files, diags, base_dir, limits, cancel);
    (files, checked)
}

/// [`check_source_with`] on root texts already parsed, taken together as
/// one file (the REPL's declarations), as if they were one text.
pub fn check_parsed(
    world: &dyn World,
    sources: &mut Sources,
    roots: Vec<(SourceId, std::sync::Arc<syntax::File>)>,
    origin: Origin,
    limits: crate::hooks::Limits,
    cancel: &Cancel,
) -> Result<Checked, Vec<Diag>> {
    let base_dir = base_dir_of(&origin);
    let ids: Vec<SourceId> = roots.iter().map(|(id, _)| *id).collect();
    let (files, diags) = load::load_parsed(world, sources, roots, origin);
    check_loaded(sources, &ids, &files, diags, base_dir, limits, cancel)
}

/// Checks one more command against a plan that checked: the command as if
/// written at the plan's end, without checking the plan again (the REPL's
/// commands cost what the line costs). `sources` holds the plan's texts and
/// the command's, `src` is the command's.
pub fn check_command(
    plan: &mut Checked,
    sources: &Sources,
    src: SourceId,
    command: &syntax::Command,
) -> Result<crate::model::Command, Vec<Diag>> {
    let mut checker = Checker::against(plan, sources, None);
    let before = checker.s.commands.len();
    checker.commands(&[(src, command)]);
    let checked = match checker.s.commands.len() > before {
        true => checker.s.commands.pop(),
        false => None,
    };
    let mut errors: Vec<Diag> = std::mem::take(&mut checker.diags).into_iter().filter(Diag::is_error).collect();
    plan.scenario = checker.s;
    diagnostics::sort(&mut errors);
    match checked {
        Some(c) if errors.is_empty() => Ok(c),
        _ => Err(errors),
    }
}

fn base_dir_of(origin: &Origin) -> std::path::PathBuf {
    match origin {
        Origin::Path(p) => p
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default(),
        Origin::Memory(d) => d.clone(),
        Origin::Std => Default::default(),
    }
}

/// Checks loaded files (`roots`: the texts whose commands run).
fn check_loaded(
    sources: &Sources,
    roots: &[SourceId],
    files: &[Loaded],
    mut diags: Vec<Diag>,
    base_dir: std::path::PathBuf,
    limits: crate::hooks::Limits,
    cancel: &Cancel,
) -> Result<Checked, Vec<Diag>> {
    if diags.iter().any(Diag::is_error) {
        // Names from a broken item or a missing import would only come back
        // as a cascade of "unknown name" errors.
        diagnostics::sort(&mut diags);
        return Err(diags);
    }
    let items: Vec<(SourceId, bool, &Item)> = files
        .iter()
        .flat_map(|f| f.file.items.iter().map(move |i| (f.source, f.is_root, i)))
        .collect();
    let pieces: Vec<crate::hooks::Piece> = files.iter().flat_map(|f| f.hooks.clone()).collect();
    let (hooks, hook_diags) = crate::hooks::Hooks::compile(sources, pieces, limits, cancel);
    diags.extend(hook_diags);
    let mut checker = Checker::new(sources, hooks);
    checker.run(roots, &items);
    diags.extend(checker.diags);
    diagnostics::sort(&mut diags);
    if diags.iter().any(Diag::is_error) {
        Err(diags)
    } else {
        let declarations = checker
            .names
            .declarations()
            .map(|(name, d)| Declaration {
                name: name.to_string(),
                kind: d.kind,
                index: d.index,
                loc: d.loc,
            })
            .collect();
        let mut scenario = checker.s;
        scenario.base_dir = base_dir;
        let hooks = std::sync::Arc::new(checker.hooks);
        if !scenario.strategies.is_empty() {
            scenario.hooks = Some(std::sync::Arc::clone(&hooks) as std::sync::Arc<dyn crate::model::StrategyCalls>);
        }
        Ok(Checked {
            scenario,
            warnings: diags,
            declarations,
            hooks,
        })
    }
}

/// The state of one check.
pub(crate) struct Checker<'a> {
    pub(crate) sources: &'a Sources,
    pub(crate) diags: Vec<Diag>,
    pub(crate) names: Names,
    pub(crate) s: Scenario,
    /// (party, event) pairs with a `believe` line, valid or not, so that an
    /// invalid belief is not reported a second time as missing.
    pub(crate) tried_beliefs: std::collections::HashSet<(usize, usize)>,
    /// Numeric issues whose range was wrong (their grid is a stand-in).
    pub(crate) broken_issues: HashSet<usize>,
    /// The scenario's Rhai hooks, compiled.
    pub(crate) hooks: crate::hooks::Hooks,
}

/// A declaration item with the file it came from.
pub(crate) type Src<'i, T> = (SourceId, &'i T, Option<&'i String>, Span);

impl<'a> Checker<'a> {
    /// A checker for one more line against a plan checked before: every
    /// declaration of the plan but the one at `leave_out` named, and the
    /// plan's scenario moved in (not copied: the line's cost must not grow
    /// with the plan), which the caller puts back (`plan.scenario =
    /// checker.s`). The line calls no hook (an empty set keeps the checker
    /// whole).
    pub(crate) fn against(plan: &mut Checked, sources: &'a Sources, leave_out: Option<usize>) -> Self {
        let (hooks, _) = crate::hooks::Hooks::compile(
            sources,
            vec![],
            crate::hooks::Limits::default(),
            &Cancel::never(),
        );
        let mut checker = Checker::new(sources, hooks);
        for (k, d) in plan.declarations.iter().enumerate() {
            if Some(k) != leave_out {
                let decl = Decl {
                    kind: d.kind,
                    index: d.index,
                    loc: d.loc,
                };
                let _ = checker.names.declare(&d.name, decl);
            }
        }
        checker.s = std::mem::take(&mut plan.scenario);
        checker
    }

    fn new(sources: &'a Sources, hooks: crate::hooks::Hooks) -> Self {
        Checker {
            sources,
            diags: vec![],
            names: Names::default(),
            s: Scenario::default(),
            tried_beliefs: Default::default(),
            broken_issues: Default::default(),
            hooks,
        }
    }

    fn run(&mut self, roots: &[SourceId], items: &[(SourceId, bool, &Item)]) {
        let mut parties = vec![];
        let mut issues = vec![];
        let mut events = vec![];
        let mut contingents = vec![];
        let mut prefs = vec![];
        let mut rules = vec![];
        let mut offers = vec![];
        let mut agreements = vec![];
        let mut hooks = vec![];
        let mut strategies = vec![];
        let mut strategy_functions = vec![];
        let mut commands = vec![];
        for &(src, is_root, item) in items {
            let doc = item.doc.as_ref();
            match &item.kind {
                ItemKind::Scenario(title) => self.scenario_title(src, is_root, title, doc),
                ItemKind::Import(_) => {}
                ItemKind::Party(p) => parties.push((src, p, doc, item.span)),
                ItemKind::Issue(i) => issues.push((src, i, doc, item.span)),
                ItemKind::Event(e) => events.push((src, e, doc, item.span)),
                ItemKind::Contingent { issue, event } => contingents.push((src, issue, event)),
                ItemKind::Prefs(p) => prefs.push((src, p, doc, item.span)),
                ItemKind::Rule(r) => rules.push((src, r, doc, item.span)),
                ItemKind::Offer(o) => offers.push((src, o, doc, item.span)),
                ItemKind::Agreement(a) => agreements.push((src, a, doc, item.span)),
                ItemKind::Hook(h) => hooks.push((src, h)),
                ItemKind::Strategy { name, function } => {
                    strategies.push((src, name));
                    strategy_functions.push((src, name, function));
                }
                ItemKind::Command(c) if is_root => commands.push((src, c)),
                ItemKind::Command(_) => {}
            }
        }
        let decls = declarations(&parties, &issues, &events, &offers, &strategies);
        let dropped = self.duplicates(roots, &decls);
        let parties = without(parties, Kind::Party, &dropped);
        let issues = without(issues, Kind::Issue, &dropped);
        let events = without(events, Kind::Event, &dropped);
        let offers = without(offers, Kind::Offer, &dropped);
        let strategies = without(strategies, Kind::Strategy, &dropped);
        self.declare(&declarations(
            &parties,
            &issues,
            &events,
            &offers,
            &strategies,
        ));
        self.events(&events);
        self.issues(&issues, &contingents);
        self.parties(&parties);
        if let [(src, only, _, _)] = parties.as_slice() {
            self.diags.push(
                Diag::warning(
                    Code::CheckOneParty,
                    "a negotiation needs at least two parties",
                    *src,
                    only.id.span,
                    "the only party",
                )
                .with_help("declare the other side with `party ID { batna N }` and give it a `prefs` sheet"),
            );
        }
        self.all_prefs(&prefs, &parties);
        self.rules(&rules);
        self.offers(&offers);
        self.agreement(&agreements);
        self.hooks(&hooks);
        for (src, name, f) in strategy_functions {
            if self.hook_function(src, f, "the agent's state map") == Some(2) {
                self.diags.push(
                    Diag::error(Code::HookArity, format!("the strategy hook `{}` takes two parameters; a strategy gets one, its state map", f.name), src, f.span, "takes two")
                        .with_help("write `fn NAME(state) { … }` (docs/hooks.md lists what the state holds)"),
                );
            } else if !self.s.strategies.contains(&name.name) {
                self.s.strategies.push(name.name.clone());
                self.s.strategy_functions.push(f.name.clone());
            }
        }
        self.commands(&commands);
    }

    fn scenario_title(
        &mut self,
        src: SourceId,
        is_root: bool,
        title: &syntax::StrLit,
        doc: Option<&String>,
    ) {
        if !is_root {
            return;
        }
        if self.s.title.is_some() {
            self.diags.push(
                Diag::error(
                    Code::CheckDuplicateScenario,
                    "a file has at most one `scenario` line",
                    src,
                    title.span,
                    "a second title",
                )
                .with_help("remove one of the `scenario` lines"),
            );
            return;
        }
        self.s.title = Some(title.value.clone());
        self.s.doc = doc.cloned();
    }

    /// Reports every name declared twice (labelling both places) and returns
    /// the later declarations, which the rest of the check leaves out so they
    /// cause no second wave of errors. Imported files count as earlier than
    /// the file that imports them, so the error points into the user's file.
    fn duplicates(
        &mut self,
        roots: &[SourceId],
        decls: &[(Kind, usize, SourceId, &syntax::Ident)],
    ) -> HashSet<(Kind, usize)> {
        let mut sorted: Vec<&(Kind, usize, SourceId, &syntax::Ident)> = decls.iter().collect();
        sorted.sort_by_key(|(_, _, src, id)| (roots.contains(src), *src, id.span.start));
        let mut first: HashMap<&str, (Kind, Loc)> = HashMap::new();
        let mut dropped = HashSet::new();
        for &&(kind, index, source, id) in &sorted {
            let loc = Loc {
                source,
                span: id.span,
            };
            match first.get(id.name.as_str()) {
                Some(&(old_kind, old_loc)) => {
                    self.duplicate(&id.name, kind, loc, old_kind, old_loc);
                    dropped.insert((kind, index));
                }
                None => {
                    first.insert(&id.name, (kind, loc));
                }
            }
        }
        dropped
    }

    /// Registers the names that remain after duplicates are dropped.
    fn declare(&mut self, decls: &[(Kind, usize, SourceId, &syntax::Ident)]) {
        for &(kind, index, source, id) in decls {
            let loc = Loc {
                source,
                span: id.span,
            };
            let _ = self.names.declare(&id.name, Decl { kind, index, loc });
        }
    }

    fn duplicate(&mut self, name: &str, kind: Kind, at: Loc, old_kind: Kind, old: Loc) {
        let what = if old_kind == kind {
            format!("{} `{name}` is declared twice", kind.word())
        } else {
            format!(
                "`{name}` is declared as {} and as {}",
                old_kind.article(),
                kind.article()
            )
        };
        let d = Diag::error(
            Code::CheckDuplicate,
            what,
            at.source,
            at.span,
            "declared again here",
        )
        .with_help("every party, issue, event, offer and strategy needs its own name")
        .with_label_in(self.sources, old, at.source, "first declared here".into());
        self.diags.push(d);
    }

    /// Resolves a name that must be of one kind, reporting it otherwise.
    pub(crate) fn lookup(
        &mut self,
        src: SourceId,
        id: &syntax::Ident,
        kind: Kind,
    ) -> Option<usize> {
        match self.names.get(&id.name) {
            Some(d) if d.kind == kind => Some(d.index),
            Some(d) => {
                self.diags.push(
                    Diag::error(
                        Code::CheckWrongKind,
                        format!(
                            "`{}` is {}, not {}",
                            id.name,
                            d.kind.article(),
                            kind.article()
                        ),
                        src,
                        id.span,
                        format!("expected {} here", kind.article()),
                    )
                    .with_help(self.declared_list(&[kind]))
                    .with_label_in(
                        self.sources,
                        d.loc,
                        src,
                        format!("`{}` is declared here", id.name),
                    ),
                );
                None
            }
            None => {
                self.unknown(src, id, &[kind]);
                None
            }
        }
    }

    /// Reports an unknown name with a "did you mean".
    pub(crate) fn unknown(&mut self, src: SourceId, id: &syntax::Ident, kinds: &[Kind]) {
        let what = kinds
            .iter()
            .map(|k| k.word())
            .collect::<Vec<_>>()
            .join(" or ");
        let mut d = Diag::error(
            Code::CheckUnknownName,
            format!("unknown {what} `{}`", id.name),
            src,
            id.span,
            format!("no {what} has this name"),
        );
        d = match self.names.suggest(&id.name, kinds) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(self.declared_list(kinds)),
        };
        self.diags.push(d);
    }

    fn declared_list(&self, kinds: &[Kind]) -> String {
        let names: Vec<&str> = match kinds.first() {
            Some(Kind::Party) => self.s.parties.iter().map(|p| p.id.as_str()).collect(),
            Some(Kind::Issue) => self.s.issues.iter().map(|p| p.id.as_str()).collect(),
            Some(Kind::Event) => self.s.events.iter().map(|p| p.id.as_str()).collect(),
            Some(Kind::Offer) => self.s.offers.iter().map(|p| p.id.as_str()).collect(),
            _ => vec![],
        };
        let word = kinds.first().map_or("name", |k| k.word());
        let plural = if word == "party" {
            "parties".to_string()
        } else {
            format!("{word}s")
        };
        if names.is_empty() {
            format!("no {word} is declared yet")
        } else {
            format!("the declared {plural} are: {}", names.join(", "))
        }
    }
}

/// The list without the declarations the duplicate check dropped.
fn without<T>(list: Vec<T>, kind: Kind, dropped: &HashSet<(Kind, usize)>) -> Vec<T> {
    list.into_iter()
        .enumerate()
        .filter(|(i, _)| !dropped.contains(&(kind, *i)))
        .map(|(_, x)| x)
        .collect()
}

/// Every declared name with its kind, index in its list, and file.
fn declarations<'i>(
    parties: &[Src<'i, syntax::PartyDecl>],
    issues: &[Src<'i, syntax::IssueDecl>],
    events: &[Src<'i, syntax::EventDecl>],
    offers: &[Src<'i, syntax::OfferDecl>],
    strategies: &[(SourceId, &'i syntax::Ident)],
) -> Vec<(Kind, usize, SourceId, &'i syntax::Ident)> {
    let mut all = vec![];
    all.extend(
        parties
            .iter()
            .enumerate()
            .map(|(i, p)| (Kind::Party, i, p.0, &p.1.id)),
    );
    all.extend(
        issues
            .iter()
            .enumerate()
            .map(|(i, p)| (Kind::Issue, i, p.0, &p.1.id)),
    );
    all.extend(
        events
            .iter()
            .enumerate()
            .map(|(i, p)| (Kind::Event, i, p.0, &p.1.id)),
    );
    all.extend(
        offers
            .iter()
            .enumerate()
            .map(|(i, p)| (Kind::Offer, i, p.0, &p.1.id)),
    );
    all.extend(
        strategies
            .iter()
            .enumerate()
            .map(|(i, p)| (Kind::Strategy, i, p.0, p.1)),
    );
    all
}

/// A label in the same file, or a related note when the place is elsewhere.
trait LabelIn {
    fn with_label_in(self, sources: &Sources, at: Loc, here: SourceId, message: String) -> Self;
}

impl LabelIn for Diag {
    fn with_label_in(self, _sources: &Sources, at: Loc, here: SourceId, message: String) -> Self {
        if at.source == here {
            self.with_label(at.span, message)
        } else {
            let note = Diag {
                severity: diagnostics::Severity::Note,
                ..Diag::error(Code::Related, message.clone(), at.source, at.span, message)
            };
            self.with_related(note)
        }
    }
}
