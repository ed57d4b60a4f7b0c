//! Score-sheet lines that call Rhai hooks, tabulated when the plan is
//! checked: `ISSUE = hook f` once per option; `extra = hook f reads a, b`
//! and `utility = hook f` over the combinations of the issues they read.
//!
//! A hook takes the option or the package, and optionally a second
//! parameter: the party's beliefs, `#{ event: #{ outcome: probability } }`.
//!
//! The hook gets a map holding only the read issues (an option's name, a
//! numeric issue's value, or for a contingent issue a map from outcome to
//! either), so a `reads` clause that leaves an issue out cannot go unnoticed.
//! The analyses then treat the read issues like issues coupled by a rule:
//! grouped and enumerated together, everything else merged as before, so
//! they stay exact.

use super::names::Kind;
use super::Checker;
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use crate::model::{Domain, Extra};
use crate::syntax::{Ident, WholeHook};
use rhai::{Dynamic, Map};

/// The most combinations of read options an `extra` hook is tabulated over.
pub const MAX_EXTRA_COMBINATIONS: f64 = 1e6;

impl Checker<'_> {
    /// `ISSUE = hook FN`: the function called once per option (its name, or
    /// its number for a numeric issue), giving points per option.
    pub(super) fn option_hook(
        &mut self,
        src: SourceId,
        party: usize,
        (i, issue): (usize, &Ident),
        f: &Ident,
    ) -> Option<Vec<f64>> {
        let arity = self.hook_function(src, f, "the option")?;
        let beliefs = self.beliefs_map(party);
        let domain = &self.s.issues[i].domain;
        let mut points = Vec::with_capacity(domain.len());
        for opt in 0..domain.len() as u32 {
            let what = || format!("for {} `{}`", issue.name, domain.show(opt));
            let arg = option_value(domain, opt);
            match self.call_hook(src, f, (arity, &beliefs), arg, what) {
                Ok(v) => points.push(v),
                Err(d) => {
                    self.diags.push(*d);
                    return None;
                }
            }
        }
        Some(points)
    }

    /// The number of parameters `f` takes: 1 (the option or package) or
    /// 2 (and the party's beliefs). `None` after reporting a function that
    /// is missing or takes neither.
    pub(super) fn hook_function(&mut self, src: SourceId, f: &Ident, takes: &str) -> Option<usize> {
        let found: Vec<usize> = self.hooks.named(&f.name).map(|g| g.params.len()).collect();
        if let Some(&arity) = found.iter().find(|&&n| n == 1 || n == 2) {
            return Some(arity);
        }
        if found.is_empty() && self.hooks.incomplete() {
            return None;
        }
        let d = if found.is_empty() {
            let mut d = Diag::error(
                Code::HookUnknownFunction,
                format!("no hook defines a function `{}`", f.name),
                src,
                f.span,
                "not defined by any hook",
            );
            let names: Vec<&str> = self.hooks.names().collect();
            d = match super::suggest(&f.name, names.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None if names.is_empty() => d.with_help(
                    "define it in a `hook rhai { fn name(x) { … } }` block or a `hook \"file.rhai\"`",
                ),
                None => d.with_note(format!("the hooks define: {}", names.join(", "))),
            };
            d
        } else {
            Diag::error(
                Code::HookArity,
                format!(
                    "the hook function `{}` takes {} parameters, but here it is given {takes} (and, if it takes a second, the party's beliefs)",
                    f.name, found[0]
                ),
                src,
                f.span,
                format!("called with {takes}"),
            )
            .with_help(format!(
                "declare it as `fn {}(x)` or `fn {}(x, beliefs)`",
                f.name, f.name
            ))
        };
        self.diags.push(d);
        None
    }

    /// The tabulated term, or `None` after reporting why not.
    pub(super) fn extra_hook(
        &mut self,
        src: SourceId,
        party: usize,
        h: &WholeHook,
    ) -> Option<Extra> {
        let f = &h.function;
        if h.reads.is_empty() {
            self.diags.push(
                Diag::error(
                    Code::HookExtraReads,
                    format!("the `extra` hook `{}` does not say which issues it reads", f.name),
                    src,
                    f.span,
                    "no `reads` clause",
                )
                .with_help(format!(
                    "write `extra = hook {} reads ISSUE, …`: only those issues are enumerated together, so the analyses stay exact",
                    f.name
                )),
            );
            return None;
        }
        let issues = self.read_issues(src, h)?;
        self.tabulate_whole(src, party, h, issues, false)
    }

    /// `utility = hook f [reads …]`: the same tabulation over the read
    /// issues, or over every issue when there is no `reads` clause.
    fn utility_hook(&mut self, src: SourceId, party: usize, h: &WholeHook) -> Option<Extra> {
        let mut issues = self.read_issues(src, h)?;
        let all = issues.is_empty();
        if all {
            issues = (0..self.s.issues.len()).collect();
        }
        self.tabulate_whole(src, party, h, issues, all)
    }

    /// A score sheet whose `utility = hook f` is the party's whole utility:
    /// nothing may stand beside it (`beside`: the other lines' spans).
    pub(super) fn utility_sheet(
        &mut self,
        src: SourceId,
        party: usize,
        h: &WholeHook,
        beside: &[crate::syntax::Span],
    ) {
        if !beside.is_empty() {
            let mut d = Diag::error(
                Code::HookUtilityBeside,
                format!(
                    "the `utility` hook `{}` is the whole score sheet, but other lines stand beside it",
                    h.function.name
                ),
                src,
                h.function.span,
                "replaces the whole score sheet",
            );
            for &span in beside {
                d = d.with_label(span, "would be ignored");
            }
            self.diags.push(d.with_help(
                "remove the other lines, or write `extra = hook …` to add a term to the score sheet",
            ));
            return;
        }
        self.s.parties[party].values = self
            .s
            .slots
            .iter()
            .map(|slot| vec![0.0; self.s.issues[slot.issue].domain.len()])
            .collect();
        if let Some(term) = self.utility_hook(src, party, h) {
            self.s.parties[party].extras.push(term);
        }
    }

    /// The issues after `reads`, each once (`None` if one is unknown).
    fn read_issues(&mut self, src: SourceId, h: &WholeHook) -> Option<Vec<usize>> {
        let mut issues: Vec<usize> = vec![];
        for id in &h.reads {
            let i = self.lookup(src, id, Kind::Issue)?;
            if !issues.contains(&i) {
                issues.push(i);
            }
        }
        Some(issues)
    }

    /// Calls the hook on every combination of `issues`' options.
    fn tabulate_whole(
        &mut self,
        src: SourceId,
        party: usize,
        h: &WholeHook,
        mut issues: Vec<usize>,
        every_issue: bool,
    ) -> Option<Extra> {
        let f = &h.function;
        issues.sort_unstable();
        let arity = self.hook_function(src, f, "the package")?;
        let beliefs = self.beliefs_map(party);
        let slots = self.s.slots_of(&issues);
        let sizes: Vec<u32> = slots
            .iter()
            .map(|&k| self.s.issues[self.s.slots[k].issue].domain.len() as u32)
            .collect();
        let combinations: f64 = sizes.iter().map(|&n| n as f64).product();
        if combinations > MAX_EXTRA_COMBINATIONS {
            let help = if every_issue {
                format!(
                    "a `utility` hook without `reads` is tabulated over every package; say which issues it reads (`utility = hook {} reads …`), or split it into `extra` hooks over fewer issues",
                    f.name
                )
            } else {
                "split it into hooks that each read fewer issues, or give the issues fewer options"
                    .to_string()
            };
            self.diags.push(
                Diag::error(
                    Code::HookTooLarge,
                    format!(
                        "the hook `{}` reads issues with {} combinations; at most {} are tabulated",
                        f.name,
                        crate::model::format::count(combinations),
                        crate::model::format::count(MAX_EXTRA_COMBINATIONS)
                    ),
                    src,
                    f.span,
                    "reads too many combinations",
                )
                .with_help(help),
            );
            return None;
        }
        // Combination k, last slot fastest, as `Extra::value` indexes it.
        let options_of = |mut k: usize| {
            let mut options = vec![0u32; sizes.len()];
            for (o, &n) in options.iter_mut().zip(&sizes).rev() {
                *o = (k % n as usize) as u32;
                k /= n as usize;
            }
            options
        };
        let args = |k: usize| {
            let package = Dynamic::from(self.package_map(&issues, &slots, &options_of(k)));
            with_beliefs(package, arity, &beliefs)
        };
        let table = match self
            .hooks
            .call_numbers(&f.name, combinations as usize, args)
        {
            Ok(table) => table,
            Err((k, e)) => {
                let what = format!("for {}", self.describe(&slots, &options_of(k)));
                let d = crate::hooks::call_diag(&e, &f.name, &what, src, f.span);
                self.diags.push(d);
                return None;
            }
        };
        Some(Extra {
            function: f.name.clone(),
            slots,
            sizes,
            table,
            loc: crate::model::Loc {
                source: src,
                span: f.span,
            },
        })
    }

    /// The map a hook sees: each read issue's option (by outcome for a
    /// contingent issue).
    fn package_map(&self, issues: &[usize], slots: &[usize], options: &[u32]) -> Map {
        let s = &self.s;
        let option_of = |k: usize| {
            let at = slots.iter().position(|&x| x == k).expect("a read slot");
            option_value(&s.issues[s.slots[k].issue].domain, options[at])
        };
        let mut map = Map::new();
        for &i in issues {
            let issue = &s.issues[i];
            let value = match issue.contingent_on {
                None => option_of(s.first_slot[i]),
                Some(e) => {
                    let mut by_outcome = Map::new();
                    for (o, k) in s.issue_slots(i).enumerate() {
                        by_outcome.insert(s.events[e].outcomes[o].as_str().into(), option_of(k));
                    }
                    Dynamic::from(by_outcome)
                }
            };
            map.insert(issue.id.as_str().into(), value);
        }
        map
    }

    /// Calls hook `f` with `arg` (and the beliefs, when it takes two
    /// parameters); a failure is a diagnostic at `f` saying `what` it was
    /// called for.
    fn call_hook(
        &self,
        src: SourceId,
        f: &Ident,
        (arity, beliefs): (usize, &Dynamic),
        arg: Dynamic,
        what: impl FnOnce() -> String,
    ) -> Result<f64, Box<Diag>> {
        self.hooks
            .call_number(&f.name, with_beliefs(arg, arity, beliefs))
            .map_err(|e| Box::new(crate::hooks::call_diag(&e, &f.name, &what(), src, f.span)))
    }

    /// The party's beliefs as a hook sees them: `#{ event: #{ outcome: p } }`
    /// for each event it has a belief about.
    fn beliefs_map(&self, party: usize) -> Dynamic {
        let mut map = Map::new();
        for (e, belief) in self.s.parties[party].beliefs.iter().enumerate() {
            let Some(probs) = belief else { continue };
            let event = &self.s.events[e];
            let by_outcome: Map = event
                .outcomes
                .iter()
                .zip(probs)
                .map(|(o, &p)| (o.as_str().into(), Dynamic::from(p)))
                .collect();
            map.insert(event.id.as_str().into(), Dynamic::from(by_outcome));
        }
        Dynamic::from(map)
    }

    /// "price $100 · color red", for a diagnostic.
    fn describe(&self, slots: &[usize], options: &[u32]) -> String {
        let s = &self.s;
        slots
            .iter()
            .zip(options)
            .map(|(&k, &o)| {
                let slot = &s.slots[k];
                let issue = &s.issues[slot.issue];
                let name = match (issue.contingent_on, slot.outcome) {
                    (Some(e), Some(out)) => format!("{}[{}]", issue.id, s.events[e].outcomes[out]),
                    _ => issue.id.clone(),
                };
                format!("{name} {}", issue.domain.show(o))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// An option as a hook sees it: its name, or a numeric issue's value.
fn option_value(domain: &Domain, option: u32) -> Dynamic {
    match domain {
        Domain::Options(names) => Dynamic::from(names[option as usize].clone()),
        Domain::Numeric { .. } => Dynamic::from(domain.number(option)),
    }
}

/// A hook's arguments: `arg`, and the beliefs when it takes two parameters.
fn with_beliefs(arg: Dynamic, arity: usize, beliefs: &Dynamic) -> Vec<Dynamic> {
    if arity == 2 {
        vec![arg, beliefs.clone()]
    } else {
        vec![arg]
    }
}
