//! The REPL's state and what one input does to it, with no terminal: the
//! front end (`repl::run`) reads lines and prints replies; tests drive this
//! directly.
//!
//! The session is a list of declarations, each kept as source text under a
//! key (`party vc`, `prefs vc`, `issue price`, …): a redeclaration replaces the
//! entry with the same key, anything else is appended. A declaration is
//! accepted when the scenario still checks, allowing only what a plan under
//! construction lacks (a party with no score sheet yet, an issue not yet
//! valued); a command runs only on a complete scenario, exactly as `neg run`
//! would run it at that point of a file. Tentative settlements live across
//! inputs, by issue name.

use crate::analysis::frontier::Point;
use crate::cancel::Cancel;
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId, Sources};
use crate::interp::{Session, Step};
use crate::report::Report;
use crate::syntax::{parse_file, File, Item, ItemKind};
use crate::world::{line_ends, World};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Diagnostic codes a plan under construction may show without its
/// declarations being refused.
const DRAFT_CODES: &[Code] = &[
    Code::CheckMissingPrefs,
    // Hypotheses typed one at a time sum to 100% only with the last.
    Code::CheckPriors,
    Code::CheckMissingValue,
    Code::CheckMissingOption,
];

/// One declaration of the session.
#[derive(Debug, Clone)]
struct Entry {
    /// What a redeclaration replaces (`party vc`); unique keys for rules without labels.
    key: String,
    /// The declaration's source text, doc comment included.
    text: String,
    /// The text parsed alone, once: a line's check parses only that line.
    file: Arc<File>,
    /// Whether it parsed alone without a problem (else the session is
    /// checked as one text, as a plan file would be).
    clean: bool,
    /// Whether its last line holds a `///` comment: in one text that would
    /// be the next item's doc, which a declaration parsed alone cannot see.
    ends_in_doc: bool,
}

impl Entry {
    fn new(key: String, text: String) -> Entry {
        let (file, diags) = parse_file(&text, SourceId(0));
        let ends_in_doc = text.lines().last().is_some_and(|l| l.contains("///"));
        Entry {
            key,
            text,
            file: Arc::new(file),
            clean: diags.is_empty(),
            ends_in_doc,
        }
    }
}

/// The sources of one check (one per declaration, the command last, then
/// what they import) and how to show its diagnostics against the session
/// as one text, as a plan file would show them.
struct Checked {
    checked: crate::check::Checked,
    doc: DocMap,
}

/// Where each root text of a check starts in the session's text.
struct DocMap {
    /// Per source id: where a root text (a declaration, the command's line)
    /// starts in `doc`; `None` for a file it imports.
    offsets: Vec<Option<usize>>,
    /// The check's sources.
    sources: Sources,
}

impl DocMap {
    /// Diagnostics of the check, pointing into `doc` (named `<session>`)
    /// where they pointed into a root, with imported files after it.
    /// `doc` is the session's text (and the command's line, when there is
    /// one), built only when something is to be shown.
    fn map(&self, doc: &str, diags: Vec<Diag>) -> (Vec<Diag>, Sources) {
        let mut out = Sources::default();
        out.add("<session>", doc);
        let mut ids = vec![SourceId(0); self.sources.len()];
        for (k, id) in ids.iter_mut().enumerate() {
            if self.offset(SourceId(k)).is_none() {
                let file = self.sources.get(SourceId(k));
                *id = out.add(file.name.clone(), file.text.clone());
            }
        }
        let diags = diags.into_iter().map(|d| self.moved(d, &ids)).collect();
        (diags, out)
    }

    fn offset(&self, id: SourceId) -> Option<usize> {
        self.offsets.get(id.0).copied().flatten()
    }

    fn moved(&self, mut d: Diag, ids: &[SourceId]) -> Diag {
        let shift = self.offset(d.source);
        d.source = ids[d.source.0];
        for l in &mut d.labels {
            let by = shift.unwrap_or(0);
            l.span = crate::syntax::Span::new(l.span.start + by, l.span.end + by);
        }
        let related = std::mem::take(&mut d.related);
        for r in related.into_iter().map(|r| self.moved(r, ids)) {
            // A note about another declaration of the session is a label
            // of the one text, as it is in a plan file.
            if r.code == Code::Related && r.source == d.source && r.labels.len() == 1 {
                d = d.with_label(r.labels[0].span, r.labels[0].message.clone());
            } else {
                d.related.push(r);
            }
        }
        d
    }
}

/// The session checked strictly (as `neg run` would), kept until a
/// declaration changes: commands are checked against it alone.
struct Strict {
    /// The declarations' parsed files it was made from (the same `Arc`s
    /// while nothing changed).
    files: Vec<Arc<File>>,
    checked: crate::check::Checked,
    sources: Sources,
    offsets: Vec<Option<usize>>,
    /// What the frontier depends on (imports included), as JSON.
    key: Option<String>,
}

/// Settlements by issue name: the options of each of the issue's slots.
type Settled = Vec<(String, Vec<u32>)>;

/// The state before one typed input, and what that input declared.
struct Undo {
    entries: Vec<Entry>,
    settled: Settled,
    observed: Vec<String>,
    /// The input's name (`<repl:3>`) and the declarations it added or changed.
    what: String,
}

/// What the session answers to an input.
#[derive(Debug)]
pub enum Reply {
    /// A command's result.
    Report(Report),
    /// Problems, with the sources their spans point into.
    Diags(Vec<Diag>, Sources),
    /// A line of information.
    Note(String),
    /// The command was stopped before it finished; nothing of it was kept.
    Cancelled,
}

/// The REPL's state.
pub struct ReplSession {
    entries: Vec<Entry>,
    settled: Settled,
    /// The `observe` lines that ran, in order: replayed on each command's
    /// session, so the beliefs live across inputs as settlements do.
    observed: Vec<String>,
    /// The named simulations that ran (`simulate deal = …`), for the
    /// asserts of later inputs.
    simulated: Vec<(String, crate::interp::Means)>,
    /// Earlier states, for `:undo`: one per typed input that changed a
    /// declaration, with what it changed.
    undo: Vec<Undo>,
    base_dir: PathBuf,
    /// Inputs so far, to number the sources of diagnostics (`<repl:3>`).
    inputs: usize,
    /// The commands run so far, as typed, for `:save`.
    commands: Vec<String>,
    /// Declarations changed after a command ran: the saved plan runs that
    /// command on the final declarations, so its result can differ.
    changed_after: Vec<String>,
    rules: usize,
    /// Raised (by the front end's Ctrl-C handler) to stop a running command.
    cancel: Cancel,
    /// The frontier of the scenario as it was (its parties, issues and rules
    /// in JSON) when a command last computed it: commands on an unchanged
    /// scenario reuse it.
    frontier: Option<(String, Vec<Point>)>,
    /// The hook sandbox's limits.
    limits: crate::hooks::Limits,
    /// Where `:load` and imports read files.
    world: Arc<dyn World + Send + Sync>,
    /// What becomes of a step's plot: by default the SVG stays in the report.
    deliver: fn(Step) -> Step,
    /// The session checked strictly, while it stands.
    strict: Option<Strict>,
}

impl ReplSession {
    /// An empty session whose files come from `world`, and whose imports
    /// and plots resolve against `base_dir`.
    pub fn new(world: Arc<dyn World + Send + Sync>, base_dir: PathBuf) -> Self {
        ReplSession {
            entries: vec![],
            settled: vec![],
            observed: vec![],
            simulated: vec![],
            undo: vec![],
            base_dir,
            inputs: 0,
            commands: vec![],
            changed_after: vec![],
            rules: 0,
            cancel: Cancel::never(),
            frontier: None,
            limits: crate::hooks::Limits::default(),
            world,
            deliver: |step| step,
            strict: None,
        }
    }

    /// The same session, each command's step passed through `deliver`
    /// before it is answered (a host writes plots there:
    /// `neg::host::write_plot`).
    pub fn delivering_with(mut self, deliver: fn(Step) -> Step) -> Self {
        self.deliver = deliver;
        self
    }

    /// The same session, its hooks run under `limits`.
    pub fn with_limits(mut self, limits: crate::hooks::Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same session, its commands stopped when `cancel` is raised (the
    /// front end raises it on Ctrl-C). A stopped command changes nothing and
    /// is not kept for `:save`.
    pub fn cancelled_by(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }

    /// The session as one `.neg` text: its declarations in order.
    pub fn text(&self) -> String {
        self.entries
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The session as a plan to save: its declarations, then the commands
    /// run so far, in the order they ran.
    pub fn save_text(&self) -> String {
        let mut text = self.text();
        if !self.commands.is_empty() {
            text.push_str("\n\n");
            text.push_str(&self.commands.join("\n"));
        }
        text.push('\n');
        text
    }

    /// The declarations changed after a command ran (`prefs vc`, …): a
    /// saved plan runs every command on the final declarations.
    pub fn changed_after_commands(&self) -> &[String] {
        &self.changed_after
    }

    /// The session's names and their uses (each declaration's syntax tree,
    /// parsed when typed), for completion.
    pub fn index(&self) -> crate::ide::index::Index {
        crate::ide::index_of(self.entries.iter().map(|e| &*e.file))
    }

    /// The source of the declaration named `name` (`vc`, or `prefs vc`),
    /// with every hypothesis about it (`prefs vc as cautious`).
    pub fn show(&self, name: &str) -> Vec<String> {
        let hypothesis = format!("{name} as ");
        self.entries
            .iter()
            .filter(|e| {
                e.key == name
                    || e.key.starts_with(&hypothesis)
                    || e.key.split_once(' ').is_some_and(|(_, id)| {
                        id == name || id.starts_with(&hypothesis)
                    })
            })
            .map(|e| e.text.clone())
            .collect()
    }

    /// Goes back to the state before the last typed input that changed a
    /// declaration, and says what it took back (`None`: no typed input since
    /// the session started or a plan was loaded; loading is not undone).
    pub fn undo(&mut self) -> Option<String> {
        let u = self.undo.pop()?;
        self.entries = u.entries;
        self.settled = u.settled;
        self.observed = u.observed;
        self.frontier = None;
        Some(u.what)
    }

    /// Reads a plan's declarations into the session (its commands are not run).
    pub fn load(&mut self, path: &Path) -> Vec<Reply> {
        self.cancel.lower();
        let text = match self.world.read(path) {
            Ok(t) => line_ends(t),
            Err(why) => {
                return vec![Reply::Note(format!(
                    "cannot read `{}`: {why}",
                    path.display()
                ))]
            }
        };
        let (file, diags) = parse_file(&text, SourceId(0));
        if !diags.is_empty() {
            return vec![diags_reply(diags, &path.display().to_string(), &text)];
        }
        let before = (self.entries.clone(), self.settled.clone());
        let mut commands = 0;
        let mut from = 0;
        for item in &file.items {
            match &item.kind {
                ItemKind::Command(_) => commands += 1,
                _ => {
                    self.put(item, &text, from);
                }
            }
            from = item.span.end;
        }
        self.trailing(&text, from);
        match self.check(None, true) {
            Err(Some(reply)) => {
                (self.entries, self.settled) = before;
                vec![reply]
            }
            _ => {
                // `:undo` takes back typed lines, never a loaded plan: the
                // lines typed before it belong to the old plan.
                self.undo.clear();
                if !self.commands.is_empty() {
                    self.changed_after.push(path.display().to_string());
                }
                let plural = |n: usize, word: &str| crate::report::plural(n as f64, word);
                vec![Reply::Note(format!(
                    "loaded {} ({}{})",
                    path.display(),
                    plural(file.items.len() - commands, "declaration"),
                    match commands {
                        0 => String::new(),
                        1 => "; its 1 command was not run".to_string(),
                        n => format!("; its {n} commands were not run"),
                    }
                ))]
            }
        }
    }

    /// One input: declarations and commands, in order. A syntax error or a
    /// declaration that breaks the scenario is refused, and nothing of the
    /// input is kept.
    pub fn input(&mut self, text: &str) -> Vec<Reply> {
        self.cancel.lower();
        self.inputs += 1;
        let name = format!("<repl:{}>", self.inputs);
        let (file, diags) = parse_file(text, SourceId(0));
        if !diags.is_empty() {
            return vec![diags_reply(diags, &name, text)];
        }
        let before = (self.entries.clone(), self.settled.clone());
        let mut replies = vec![];
        let mut changed = false;
        let mut keys = vec![];
        let mut from = 0;
        for item in &file.items {
            let start = from;
            from = item.span.end;
            if let ItemKind::Command(_) = item.kind {
                replies.extend(self.command(item, text));
                continue;
            }
            let alone = self.strict_is_current();
            let (k, own) = self.put(item, text, start);
            keys.push(self.entries[k].key.clone());
            changed = true;
            if alone && self.declare_alone(k) {
                continue;
            }
            if let Err(Some(reply)) = self.check(None, true) {
                let at = self.offset_of(k);
                (self.entries, self.settled) = before;
                replies.push(typed_line(reply, at, &own, &name));
                return replies;
            }
        }
        if changed {
            self.trailing(text, from);
            let (entries, settled) = before;
            self.undo.push(Undo {
                entries,
                settled,
                observed: self.observed.clone(),
                what: format!("{name}: {}", keys.join(", ")),
            });
            if !self.commands.is_empty() {
                for key in keys {
                    if !self.changed_after.contains(&key) {
                        self.changed_after.push(key);
                    }
                }
            }
        }
        replies
    }

    /// Whether the kept strict check is of the session as it stands, one
    /// source per declaration and nothing imported, every declaration parsed
    /// alone with no `///` left over for the next one: a declaration typed
    /// now can then be checked alone against it.
    fn strict_is_current(&self) -> bool {
        self.strict.as_ref().is_some_and(|strict| {
            strict.files.len() == self.entries.len()
                && strict.sources.len() == self.entries.len()
                && strict.files.iter().zip(&self.entries).all(|(f, e)| Arc::ptr_eq(f, &e.file))
                && self.entries.iter().all(|e| e.clean && !e.ends_in_doc)
        })
    }

    /// Checks entry `k`, just typed, alone against the session checked
    /// strictly before it (`check::alone`: an offer, a party's BATNA), and
    /// keeps the result as the session's strict check, so that neither this
    /// line nor the next command checks the whole session. False when that
    /// does not apply; the caller then checks the whole session.
    fn declare_alone(&mut self, k: usize) -> bool {
        let Some(mut strict) = self.strict.take() else {
            return false;
        };
        let applies = self.entries[k].clean && self.entries[k].file.items.len() == 1;
        if !applies {
            self.strict = Some(strict);
            return false;
        }
        let mut sources = Sources::default();
        let mut offsets = vec![];
        let mut at = 0;
        for e in &self.entries {
            sources.add("<session>", e.text.as_str());
            offsets.push(Some(at));
            at += e.text.len() + 1;
        }
        let item = &self.entries[k].file.items[0];
        let care = |s: &crate::model::Scenario| serde_json::to_string(&s.parties.iter().map(|p| &p.care).collect::<Vec<_>>()).ok();
        let care_before = care(&strict.checked.scenario);
        if !crate::check::alone::check_alone(&mut strict.checked, &sources, SourceId(k), item) {
            self.strict = Some(strict);
            return false;
        }
        // An offer, a BATNA or a name changes nothing the frontier depends
        // on; a care term does.
        if care(&strict.checked.scenario) != care_before {
            strict.key = frontier_key(&strict.checked.scenario);
        }
        strict.files = self.entries.iter().map(|e| Arc::clone(&e.file)).collect();
        strict.sources = sources;
        strict.offsets = offsets;
        self.strict = Some(strict);
        true
    }

    /// Adds or replaces the entry of a declaration. Its text runs from `from`
    /// (the end of the item before) so comments above it come along; the
    /// rest of the line the item before ended on stays with that item.
    /// Returns the entry's index and text.
    fn put(&mut self, item: &Item, text: &str, from: usize) -> (usize, String) {
        let chunk = &text[from..item.span.end];
        // Some items' spans end after their line break: then nothing of this
        // chunk is on the line before.
        let mid_line = from > 0 && !text[..from].ends_with('\n');
        let own = match chunk.split_once('\n') {
            Some((same_line, rest)) if mid_line => {
                self.append_to_last(same_line);
                rest
            }
            _ => chunk,
        };
        let key = self.key(&item.kind);
        let entry = Entry::new(
            key,
            own.trim_start_matches(['\n', '\r']).trim_end().to_string(),
        );
        let own = entry.text.clone();
        match self.entries.iter().position(|e| e.key == entry.key) {
            Some(k) => {
                self.entries[k] = entry;
                (k, own)
            }
            None => {
                self.entries.push(entry);
                (self.entries.len() - 1, own)
            }
        }
    }

    /// The session's text with a command's line after it, as one plan.
    fn text_with(&self, line: &str) -> String {
        format!("{}\n{line}\n", self.text())
    }

    /// Where entry `k` starts in [`ReplSession::text`].
    fn offset_of(&self, k: usize) -> usize {
        self.entries[..k].iter().map(|e| e.text.len() + 1).sum()
    }

    /// A comment after the last item of an input, on its line, stays with it.
    fn trailing(&mut self, text: &str, from: usize) {
        if from == 0 || text[..from.min(text.len())].ends_with('\n') {
            return;
        }
        let rest = &text[from.min(text.len())..];
        let same_line = rest.split('\n').next().unwrap_or("");
        self.append_to_last(same_line);
    }

    fn append_to_last(&mut self, same_line: &str) {
        if same_line.trim().is_empty() {
            return;
        }
        if let Some(last) = self.entries.last_mut() {
            let text = format!("{}{}", last.text, same_line.trim_end());
            *last = Entry::new(std::mem::take(&mut last.key), text);
        }
    }

    fn key(&mut self, kind: &ItemKind) -> String {
        match kind {
            ItemKind::Scenario(_) => "scenario".into(),
            ItemKind::Import(path) => format!("import {}", path.value),
            ItemKind::Party(d) => format!("party {}", d.id.name),
            ItemKind::Issue(d) => format!("issue {}", d.id.name),
            ItemKind::Event(d) => format!("event {}", d.id.name),
            ItemKind::Contingent { issue, .. } => format!("contingent {}", issue.name),
            ItemKind::Prefs(d) => match &d.hypothesis {
                Some(h) => format!("prefs {} as {}", d.party.name, h.id.name),
                None => format!("prefs {}", d.party.name),
            },
            ItemKind::Rule(d) => match &d.label {
                Some(l) => format!("rule {}", l.value),
                None => {
                    self.rules += 1;
                    format!("rule #{}", self.rules)
                }
            },
            ItemKind::Agreement(_) => "agreement".into(),
            ItemKind::Offer(d) => format!("offer {}", d.id.name),
            ItemKind::Hook(_) | ItemKind::Strategy { .. } | ItemKind::Command(_) => {
                self.rules += 1;
                format!("{} #{}", kind.keyword(), self.rules)
            }
        }
    }

    /// Checks the session, with a command's line at its end when one is
    /// given; `draft` allows what an unfinished plan lacks. Each declaration
    /// was parsed when it was typed: only the command's line is parsed here.
    fn check(&self, command: Option<&str>, draft: bool) -> Result<Checked, Option<Reply>> {
        let mut doc = self.text();
        let mut sources = Sources::default();
        let mut roots = vec![];
        let mut offsets = vec![];
        let mut at = 0;
        for e in &self.entries {
            roots.push((
                sources.add("<session>", e.text.as_str()),
                Arc::clone(&e.file),
            ));
            offsets.push(Some(at));
            at += e.text.len() + 1;
        }
        // A trailing `///` documents what follows it: the next declaration,
        // or the command's line.
        let followed = self
            .entries
            .len()
            .saturating_sub(usize::from(command.is_none()));
        let mut clean = self.entries.iter().all(|e| e.clean)
            && !self.entries[..followed].iter().any(|e| e.ends_in_doc);
        if let Some(line) = command {
            let (file, diags) = parse_file(line, SourceId(0));
            clean &= diags.is_empty();
            roots.push((sources.add("<session>", line), Arc::new(file)));
            offsets.push(Some(doc.len() + 1));
            doc = format!("{doc}\n{line}\n");
        }
        let origin = crate::check::Origin::Memory(self.base_dir.clone());
        let checked = if clean {
            crate::check::check_parsed(
                self.world.as_ref(),
                &mut sources,
                roots,
                origin,
                self.limits,
                &self.cancel,
            )
        } else {
            // Some declaration does not parse alone: the session as one text.
            sources = Sources::default();
            offsets = vec![Some(0)];
            let id = sources.add("<session>", doc.as_str());
            crate::check::check_source_with(
                self.world.as_ref(),
                &mut sources,
                id,
                origin,
                self.limits,
                &self.cancel,
            )
        };
        let map = DocMap { offsets, sources };
        match checked {
            Ok(checked) => Ok(Checked { checked, doc: map }),
            // Ctrl-C while a hook was being tabulated.
            Err(diags) if diags.iter().any(|d| d.code == Code::RunCancelled) => {
                Err(Some(Reply::Cancelled))
            }
            Err(diags) => {
                // What an unfinished plan lacks is not worth showing beside
                // the error that refuses the line.
                let blocks = |d: &Diag| d.is_error() && !(draft && DRAFT_CODES.contains(&d.code));
                if diags.iter().any(blocks) {
                    let errors = diags.into_iter().filter(blocks).collect();
                    let (errors, sources) = map.map(&doc, errors);
                    Err(Some(Reply::Diags(errors, sources)))
                } else {
                    Err(None)
                }
            }
        }
    }

    /// Runs a command on the scenario as it stands, with the settlements so far.
    fn command(&mut self, item: &Item, text: &str) -> Vec<Reply> {
        let line = &text[item.span.start..item.span.end];
        let name = format!("<repl:{}>", self.inputs);
        let strict = match self.strict() {
            Ok(strict) => strict,
            Err(reply) => {
                // The session and the line checked together, so that what
                // is wrong with the line shows too.
                let reply = match self.check(Some(line), false) {
                    Err(Some(both)) => both,
                    _ => reply,
                };
                let at = self.text().len() + 1;
                return vec![typed_line(reply, at, line, &name)];
            }
        };
        let mut strict = strict;
        let replies = self.run_checked(&mut strict, line, &name);
        // Kept only when it read no file: an imported plan or hook file may
        // change on disk between two commands, and is read again.
        let embedded = |name: &str| {
            self.world.stdlib().iter().any(|(n, _)| *n == name)
                || self
                    .world
                    .std_hooks()
                    .iter()
                    .any(|(n, _)| name.strip_suffix(".rhai") == Some(*n))
        };
        let read_files = (0..strict.sources.len()).any(|k| {
            strict.offsets.get(k).copied().flatten().is_none()
                && !embedded(&strict.sources.get(SourceId(k)).name)
        });
        if !read_files {
            self.strict = Some(strict);
        }
        replies
    }

    /// The session checked strictly: kept from the last command while no
    /// declaration changed, else checked now.
    fn strict(&mut self) -> Result<Strict, Reply> {
        let same = |s: &Strict| {
            s.files.len() == self.entries.len()
                && s.files
                    .iter()
                    .zip(&self.entries)
                    .all(|(f, e)| Arc::ptr_eq(f, &e.file))
        };
        if let Some(kept) = self.strict.take().filter(same) {
            return Ok(kept);
        }
        let Checked { checked, doc } = match self.check(None, false) {
            Ok(c) => c,
            Err(reply) => return Err(reply.expect("a strict check either passes or fails")),
        };
        let key = frontier_key(&checked.scenario);
        Ok(Strict {
            files: self.entries.iter().map(|e| Arc::clone(&e.file)).collect(),
            checked,
            sources: doc.sources,
            offsets: doc.offsets,
            key,
        })
    }

    /// Checks a command's line against the strictly checked session and runs it.
    fn run_checked(&mut self, strict: &mut Strict, line: &str, name: &str) -> Vec<Reply> {
        // Where the line would start after the session's text (`text()`),
        // without joining that text unless something is to be shown.
        let at = self
            .entries
            .iter()
            .map(|e| e.text.len() + 1)
            .sum::<usize>()
            .max(1);
        let mut sources = strict.sources.clone();
        let id = sources.add("<session>", line);
        let mut offsets = strict.offsets.clone();
        offsets.resize(id.0, None);
        offsets.push(Some(at));
        let doc = DocMap { offsets, sources };
        let (file, _) = parse_file(line, SourceId(0));
        let parsed = file.items.first().and_then(|i| match &i.kind {
            ItemKind::Command(c) => Some(c),
            _ => None,
        });
        let Some(parsed) = parsed else {
            return vec![];
        };
        for (name, _) in &self.simulated {
            if !strict.checked.scenario.simulations.contains(name) {
                strict.checked.scenario.simulations.push(name.clone());
            }
        }
        let command = match crate::check::check_command(&mut strict.checked, &doc.sources, id, parsed) {
            Ok(c) => c,
            Err(diags) => {
                let (diags, sources) = doc.map(&self.text_with(line), diags);
                return vec![typed_line(Reply::Diags(diags, sources), at, line, name)];
            }
        };
        self.commands.push(line.to_string());
        // The observations so far, checked against the session as it
        // stands (before the session below borrows it), to replay in order.
        let replays: Vec<(String, Option<crate::model::Command>)> = std::mem::take(&mut self.observed)
            .into_iter()
            .map(|text| {
                let mut sources = strict.sources.clone();
                let id = sources.add("<observe>", text.as_str());
                let (file, _) = parse_file(&text, SourceId(0));
                let checked = match file.items.first().map(|i| &i.kind) {
                    Some(ItemKind::Command(c)) => crate::check::check_command(&mut strict.checked, &sources, id, c).ok(),
                    _ => None,
                };
                (text, checked)
            })
            .collect();
        let s = &strict.checked.scenario;
        let command = &command;
        let key = strict.key.clone();
        let mut session = Session::new(s).cancelled_by(self.cancel.clone());
        if let Some((_, points)) = self
            .frontier
            .take()
            .filter(|(k, _)| key.as_ref() == Some(k))
        {
            session = session.knowing_frontier(points);
        }
        for (name, means) in &self.simulated {
            if let Some(i) = s.simulations.iter().position(|n| n == name) {
                session.restore_simulated(i, means.clone());
            }
        }
        let mut dropped = vec![];
        for (issue, options) in &self.settled {
            match s.issue(issue) {
                Some(i)
                    if options.len() == s.issue_slots(i).len()
                        && options
                            .iter()
                            .all(|&o| (o as usize) < s.issues[i].domain.len()) =>
                {
                    session.restore(i, options.clone())
                }
                _ => dropped.push(issue.clone()),
            }
        }
        let mut observed = vec![];
        for (text, checked) in replays {
            match checked.map(|c| session.run_command(&c)) {
                Some(Step::Report(_)) => observed.push(text),
                _ => dropped.push(text),
            }
        }
        self.observed = observed;
        let step = (self.deliver)(session.run_command(command));
        if let (crate::model::CommandKind::Observe { .. }, Step::Report(_)) = (&command.kind, &step) {
            self.undo.push(Undo {
                entries: self.entries.clone(),
                settled: self.settled.clone(),
                observed: self.observed.clone(),
                what: format!("{name}: {line}"),
            });
            self.observed.push(line.to_string());
        }
        let settled = session.settled().to_vec();
        for (i, means) in session.simulated() {
            let name = &s.simulations[i];
            match self.simulated.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = means,
                None => self.simulated.push((name.clone(), means)),
            }
        }
        self.frontier = key.zip(session.into_frontier());
        if let Step::Error(d) = &step {
            // It changed nothing: a saved plan leaves it out (a failed
            // assert, a claim about the plan, stays).
            self.commands.pop();
            if d.code == Code::RunCancelled {
                return vec![Reply::Cancelled];
            }
        }
        self.settled = settled
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.clone().map(|o| (s.issues[i].id.clone(), o)))
            .collect();
        let mut replies: Vec<Reply> = dropped
            .into_iter()
            .map(|i| {
                Reply::Note(match i.starts_with("observe ") {
                    true => format!("`{i}` no longer fits the plan and was dropped"),
                    false => format!("the settlement of `{i}` no longer fits the issue and was dropped"),
                })
            })
            .collect();
        let shown = |d: Diag| {
            let (diags, sources) = doc.map(&self.text_with(line), vec![d]);
            typed_line(Reply::Diags(diags, sources), at, line, name)
        };
        match step {
            Step::Report(r) => replies.push(Reply::Report(r)),
            Step::Failed(r, d) => {
                replies.push(Reply::Report(r));
                replies.push(shown(d));
            }
            Step::Error(d) => replies.push(shown(d)),
        }
        replies
    }
}

/// Diagnostics whose every label lies in the typed text (found at `at` in
/// the session's text) are shown against the typed text itself, named like
/// the input; the others stay in the session's text.
/// What the frontier depends on (imports included, unlike the session's
/// text), as JSON: every party's tables and care (not its BATNA or names:
/// the frontier's points do not depend on them), the issues, events and
/// rules.
fn frontier_key(s: &crate::model::Scenario) -> Option<String> {
    let parties: Vec<_> = s.parties.iter().map(|p| (&p.care, &p.values, &p.extras, &p.hypotheses)).collect();
    serde_json::to_string(&(parties, &s.issues, &s.events, &s.slots, &s.rules)).ok()
}

fn typed_line(reply: Reply, at: usize, typed: &str, name: &str) -> Reply {
    match reply {
        Reply::Diags(diags, sources) => {
            let (diags, sources) = crate::diagnostics::onto_line(diags, sources, at, typed, name);
            Reply::Diags(diags, sources)
        }
        other => other,
    }
}

fn diags_reply(diags: Vec<Diag>, name: &str, text: &str) -> Reply {
    let mut sources = Sources::default();
    sources.add(name, text);
    Reply::Diags(diags, sources)
}
