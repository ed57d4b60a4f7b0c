//! One declaration checked alone against a plan checked before, so that the
//! REPL's cost for it follows the line, not the session (decision 35).
//!
//! Only declarations that no other declaration's check reads qualify: an
//! offer, new or declared again, and a party declared again under the same
//! name (its BATNA, care, display name or doc; its score sheet is checked
//! apart). An issue, an event, a rule or a score sheet changes what other
//! declarations mean (every sheet lists an issue's options, every rule
//! ranges over them), so those, a new party, and any declaration whose check
//! says anything at all, error or warning, are left to the whole check:
//! then the user sees exactly what the whole check reports.

use super::names::{Decl, Kind};
use super::{Checked, Checker, Declaration};
use crate::diagnostics::{SourceId, Sources};
use crate::model::Loc;
use crate::syntax::{Item, ItemKind};

/// Checks `item` (the text of source `src`) against `plan` and, when it
/// qualifies and checks clean, puts it into `plan`: true. Otherwise `plan`
/// is unchanged and the caller checks the whole session.
pub fn check_alone(plan: &mut Checked, sources: &Sources, src: SourceId, item: &Item) -> bool {
    let (kind, id) = match &item.kind {
        ItemKind::Offer(o) => (Kind::Offer, &o.id),
        ItemKind::Party(p) => (Kind::Party, &p.id),
        _ => return false,
    };
    let existing = plan.declarations.iter().position(|d| d.name == id.name);
    let index = match existing {
        Some(k) if plan.declarations[k].kind != kind => return false,
        Some(k) => plan.declarations[k].index,
        None if kind == Kind::Offer => plan.scenario.offers.len(),
        // A new party needs a score sheet: the whole check says so.
        None => return false,
    };
    // A party's hypotheses fall back on its BATNA: the whole check.
    if kind == Kind::Party && !plan.scenario.parties[index].hypotheses.is_empty() {
        return false;
    }
    // A warning about the declaration it replaces would outlive it.
    let replaced = existing.map(|k| plan.declarations[k].loc.source);
    if replaced.is_some_and(|s| plan.warnings.iter().any(|w| w.source == s)) {
        return false;
    }
    let mut checker = Checker::against(plan, sources, existing);
    let loc = Loc {
        source: src,
        span: id.span,
    };
    let _ = checker.names.declare(&id.name, Decl { kind, index, loc });
    let mut placed = true;
    match &item.kind {
        ItemKind::Offer(o) => {
            let offers = std::mem::take(&mut checker.s.offers);
            checker.offers(&[(src, o, item.doc.as_ref(), item.span)]);
            let offer = checker.s.offers.pop();
            checker.s.offers = offers;
            match offer {
                Some(offer) if checker.diags.is_empty() => match checker.s.offers.get_mut(index) {
                    Some(old) => *old = offer,
                    None => checker.s.offers.push(offer),
                },
                _ => placed = false,
            }
        }
        ItemKind::Party(p) => {
            let batna = checker.batna(src, p);
            let care = checker.care(src, index, p);
            if checker.diags.is_empty() {
                let party = &mut checker.s.parties[index];
                party.batna = batna;
                party.care = care;
                party.name = p.name.as_ref().map(|n| n.value.clone());
                party.doc = item.doc.clone();
                party.loc = loc;
            }
        }
        _ => {}
    }
    // The scenario goes back whatever happened; changed only when clean.
    plan.scenario = std::mem::take(&mut checker.s);
    if !placed || !checker.diags.is_empty() {
        return false;
    }
    let declaration = Declaration {
        name: id.name.clone(),
        kind,
        index,
        loc,
    };
    match existing {
        Some(k) => plan.declarations[k] = declaration,
        None => {
            // In the whole check's order: parties, issues, events, offers,
            // then strategies.
            let at = plan
                .declarations
                .iter()
                .position(|d| d.kind == Kind::Strategy)
                .unwrap_or(plan.declarations.len());
            plan.declarations.insert(at, declaration);
        }
    }
    true
}
