//! Score sheets: weights and value functions, compiled into each party's
//! per-slot value tables (beliefs are in `beliefs.rs`).

use super::expr::{Ctx, Resolved};
use super::names::Kind;
use super::{Checker, LabelIn, Src};
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use crate::eval::{self, Env};
use crate::model::{Domain, Expr, Loc, WeightRange};
use crate::syntax::{self, Ident, Number, PrefsItemKind, Span, Unit, ValueForm};

/// A value function, ready to tabulate.
enum ValueFn {
    /// Points per option.
    Table(Vec<f64>),
    /// Piecewise-linear points `(x, v)`, x increasing.
    Linear(Vec<(f64, f64)>),
    /// An expression of the issue's value.
    Expr(Expr),
}

impl Checker<'_> {
    pub(super) fn all_prefs(
        &mut self,
        prefs: &[Src<'_, syntax::PrefsDecl>],
        parties: &[Src<'_, syntax::PartyDecl>],
    ) {
        let mut sheet_of: Vec<Option<(SourceId, Span)>> = vec![None; self.s.parties.len()];
        // A sheet for a misspelt party is already reported; the party it was
        // meant for would only be reported again as having no sheet.
        let mut misspelt = false;
        let mut hypotheses_of: Vec<Vec<(SourceId, &syntax::PrefsDecl)>> =
            vec![vec![]; self.s.parties.len()];
        for &(src, decl, _, span) in prefs {
            let Some(p) = self.lookup(src, &decl.party, Kind::Party) else {
                misspelt = true;
                continue;
            };
            if decl.hypothesis.is_some() {
                hypotheses_of[p].push((src, decl));
                continue;
            }
            if let Some((first_src, first)) = sheet_of[p] {
                self.diags.push(
                    Diag::error(
                        Code::CheckDuplicate,
                        format!("party `{}` has two score sheets", decl.party.name),
                        src,
                        decl.party.span,
                        "second `prefs` here",
                    )
                    .with_label_in(
                        self.sources,
                        Loc {
                            source: first_src,
                            span: first,
                        },
                        src,
                        "first `prefs` here".into(),
                    )
                    .with_help("merge the two `prefs` blocks into one"),
                );
                continue;
            }
            sheet_of[p] = Some((src, span));
            self.prefs(src, p, decl);
        }
        for (p, hypotheses) in hypotheses_of.iter().enumerate() {
            let Some(&(src, decl)) = hypotheses.first() else {
                continue;
            };
            if let Some((plain_src, plain)) = sheet_of[p] {
                self.diags.push(
                    Diag::error(
                        Code::CheckMixedHypotheses,
                        format!("party `{}` has a score sheet and hypotheses about one", decl.party.name),
                        src,
                        decl.party.span,
                        "a hypothesis here",
                    )
                    .with_label_in(self.sources, Loc { source: plain_src, span: plain }, src, "the known sheet here".into())
                    .with_help(format!("either the sheet of `{}` is known (one `prefs {} {{ … }}`) or it is not (two or more `prefs {} as NAME {{ … }}`); keep one kind", decl.party.name, decl.party.name, decl.party.name)),
                );
                continue;
            }
            sheet_of[p] = Some((src, decl.party.span));
            self.hypotheses(p, hypotheses);
        }
        for (p, &(src, decl, _, _)) in parties.iter().enumerate() {
            if sheet_of[p].is_none() && !misspelt {
                self.diags.push(
                    Diag::error(
                        Code::CheckMissingPrefs,
                        format!("party `{}` has no score sheet", decl.id.name),
                        src,
                        decl.id.span,
                        "no `prefs` for this party",
                    )
                    .with_help(format!(
                        "add `prefs {} {{ … }}` valuing every issue",
                        decl.id.name
                    )),
                );
            }
        }
    }

    pub(super) fn prefs(&mut self, src: SourceId, party: usize, decl: &syntax::PrefsDecl) {
        let n_issues = self.s.issues.len();
        let mut weight_set: Vec<Option<Span>> = vec![None; n_issues];
        let mut value_forms: Vec<Option<(&Ident, &ValueForm, Span)>> = vec![None; n_issues];
        let mut misspelt = false;
        let mut belief_set: Vec<Option<Span>> = vec![None; self.s.events.len()];
        let mut extras = vec![];
        let mut utilities = vec![];
        for item in &decl.items {
            match &item.kind {
                PrefsItemKind::Weights(list) => {
                    for w in list {
                        self.weight(src, party, w, &mut weight_set);
                    }
                }
                PrefsItemKind::Believe { event, probs } => {
                    self.belief(src, party, event, probs, item.span, &mut belief_set)
                }
                PrefsItemKind::Value { issue, value } => {
                    let Some(i) = self.lookup(src, issue, Kind::Issue) else {
                        misspelt = true;
                        continue;
                    };
                    if let Some((first, _, _)) = value_forms[i] {
                        self.diags.push(
                            Diag::error(
                                Code::CheckDuplicate,
                                format!("issue `{}` is valued twice", issue.name),
                                src,
                                issue.span,
                                "valued again here",
                            )
                            .with_label(first.span, "first valued here")
                            .with_help("keep one value line per issue"),
                        );
                        continue;
                    }
                    value_forms[i] = Some((issue, value, item.span));
                }
                PrefsItemKind::ExtraHook(h) => extras.push(h),
                PrefsItemKind::UtilityHook(h) => utilities.push(h),
                // A hypothesis's BATNA is read by `hypotheses`.
                PrefsItemKind::Batna(_) if decl.hypothesis.is_some() => {}
                PrefsItemKind::Batna(n) => self.diags.push(
                    Diag::error(
                        Code::CheckHypothesisBatna,
                        "a `batna` inside `prefs` belongs to a hypothesis",
                        src,
                        n.span,
                        "BATNA of a known score sheet",
                    )
                    .with_help(format!(
                        "write it in the party: `party {} {{ batna {} }}`, or make this sheet a hypothesis: `prefs {} as NAME {{ … }}`",
                        decl.party.name, n.text, decl.party.name
                    )),
                ),
            }
        }
        if let Some(h) = utilities.first() {
            let beside: Vec<Span> = value_forms
                .iter()
                .flatten()
                .map(|(_, _, span)| *span)
                .chain(weight_set.iter().flatten().copied())
                .chain(extras.iter().map(|e| e.function.span))
                .chain(utilities[1..].iter().map(|u| u.function.span))
                .collect();
            self.utility_sheet(src, party, h, &beside);
            return;
        }
        self.check_weights(src, party, decl, &weight_set);
        self.mixed_weight_units(src, decl);
        let mut values = vec![vec![]; self.s.slots.len()];
        let mut missing = vec![];
        for (i, form) in value_forms.iter().enumerate() {
            let Some((issue, form, _)) = *form else {
                missing.push(i);
                continue;
            };
            let Some(f) = self.value_fn(src, party, i, issue, form) else {
                continue;
            };
            self.tabulate(src, party, i, issue, &f, &mut values);
        }
        if !misspelt {
            // A misspelt issue name is already reported; the issue it was
            // meant for would only come back as "not valued".
            self.report_missing(src, decl, &missing);
        }
        self.s.parties[party].values = values;
        for h in extras {
            if let Some(extra) = self.extra_hook(src, party, h) {
                self.s.parties[party].extras.push(extra);
            }
        }
    }

    fn weight(
        &mut self,
        src: SourceId,
        party: usize,
        entry: &syntax::Weight,
        set: &mut [Option<Span>],
    ) {
        let issue = &entry.issue;
        let Some(i) = self.lookup(src, issue, Kind::Issue) else {
            return;
        };
        if let Some(first) = set[i] {
            self.diags.push(
                Diag::error(
                    Code::CheckDuplicate,
                    format!("issue `{}` is weighted twice", issue.name),
                    src,
                    issue.span,
                    "weighted again here",
                )
                .with_label(first, "first weighted here")
                .with_help("give each issue one weight"),
            );
            return;
        }
        set[i] = Some(issue.span);
        let ends: Vec<&Number> = std::iter::once(&entry.low).chain(&entry.high).collect();
        let mut fine = true;
        for w in &ends {
            fine &= self.weight_number(src, issue, w);
        }
        let Some(high) = &entry.high else {
            self.s.parties[party].weights[i] = entry.low.value;
            return;
        };
        let low = &entry.low;
        if fine && low.unit != high.unit {
            fine = false;
            self.diags.push(
                Diag::error(
                    Code::CheckUnitMismatch,
                    format!("the ends of `{}`'s weight range are in different units", issue.name),
                    src,
                    low.span.to(high.span),
                    "one end a percentage, the other a plain number",
                )
                .with_help(format!("write both ends alike, e.g. `weight {} 30%..50%`", issue.name)),
            );
        }
        if fine && low.value > high.value {
            fine = false;
            self.diags.push(
                Diag::error(
                    Code::CheckEmptyRange,
                    format!("the weight range of `{}` is empty: {} is above {}", issue.name, low.text, high.text),
                    src,
                    low.span.to(high.span),
                    "no weight lies in this range",
                )
                .with_help(format!("write the smaller end first: `weight {} {}..{}`", issue.name, high.text, low.text)),
            );
        }
        let ranges = &mut self.s.parties[party].ranges;
        if ranges.is_empty() {
            ranges.resize(self.s.issues.len(), None);
        }
        if fine {
            // The tables use the middle of the range; the ends come back
            // in the utility's interval (`eval::interval`).
            self.s.parties[party].weights[i] = (low.value + high.value) / 2.0;
            self.s.parties[party].ranges[i] = Some(WeightRange {
                low: low.value,
                high: high.value,
            });
        }
    }

    /// One weight, or one end of a range: a plain number or a percentage,
    /// not negative.
    fn weight_number(&mut self, src: SourceId, issue: &Ident, w: &Number) -> bool {
        if !matches!(w.unit, Unit::Plain | Unit::Percent) {
            self.diags.push(
                Diag::error(
                    Code::CheckUnitMismatch,
                    "a weight is a plain number or a percentage",
                    src,
                    w.span,
                    format!("this is {}", w.unit.describe()),
                )
                .with_help("write e.g. `weight price 40%`"),
            );
            return false;
        }
        if w.value < 0.0 {
            self.diags.push(
                Diag::error(
                    Code::CheckNegativeWeight,
                    format!("the weight of `{}` is negative", issue.name),
                    src,
                    w.span,
                    "negative weight",
                )
                .with_help("weights say how much an issue matters; to prefer less of something, give its value function falling points"),
            );
            return false;
        }
        true
    }

    fn check_weights(
        &mut self,
        src: SourceId,
        party: usize,
        decl: &syntax::PrefsDecl,
        set: &[Option<Span>],
    ) {
        let weights = &self.s.parties[party].weights;
        if !weights.is_empty() && weights.iter().all(|w| *w == 0.0) {
            let first = set
                .iter()
                .flatten()
                .next()
                .copied()
                .unwrap_or(decl.party.span);
            self.diags.push(
                Diag::error(
                    Code::CheckZeroWeights,
                    format!("every weight of `{}` is zero", decl.party.name),
                    src,
                    first,
                    "all weights are zero",
                )
                .with_help("with every weight zero the party cares about nothing; give at least one issue a positive weight"),
            );
        }
    }

    /// Warns when a sheet writes some weights as percentages and some as plain
    /// numbers: `weight price 40, color 60%` weighs price 40 against 0.6.
    fn mixed_weight_units(&mut self, src: SourceId, decl: &syntax::PrefsDecl) {
        let weights: Vec<&Number> = decl
            .items
            .iter()
            .flat_map(|i| match &i.kind {
                // A range whose ends differ in unit is an error of its own.
                PrefsItemKind::Weights(list) => list
                    .iter()
                    .filter(|w| w.high.as_ref().is_none_or(|h| h.unit == w.low.unit))
                    .flat_map(|w| std::iter::once(&w.low).chain(&w.high))
                    .collect(),
                _ => vec![],
            })
            .collect();
        let percent = weights
            .iter()
            .find(|w| w.unit == Unit::Percent && w.value != 0.0);
        let plain = weights
            .iter()
            .find(|w| w.unit == Unit::Plain && w.value != 0.0);
        if let (Some(pc), Some(pl)) = (percent, plain) {
            self.diags.push(
                Diag::warning(
                    Code::CheckMixedWeights,
                    format!(
                        "the weights of `{}` mix percentages and plain numbers",
                        decl.party.name
                    ),
                    src,
                    pl.span,
                    format!("{} weighs {}, not {}%", pl.text, pl.text, pl.text),
                )
                .with_label(
                    pc.span,
                    format!(
                        "{} weighs {}",
                        pc.text,
                        crate::model::format_number(pc.value, Unit::Plain)
                    ),
                )
                .with_help("write every weight as a percentage, or every weight as a plain number"),
            );
        }
    }

    /// Reports a name that is not one of an issue's options or an event's outcomes.
    pub(super) fn unknown_member(
        &mut self,
        src: SourceId,
        id: &Ident,
        members: &[String],
        owner: &str,
        what: &str,
    ) {
        let mut d = Diag::error(
            Code::CheckUnknownOption,
            format!("`{}` is not an {what} of {owner}", id.name),
            src,
            id.span,
            format!("not an {what} of {owner}"),
        );
        d = match super::suggest(&id.name, members.iter().map(String::as_str)) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("the {what}s are: {}", members.join(", "))),
        };
        self.diags.push(d);
    }

    fn value_fn(
        &mut self,
        src: SourceId,
        party: usize,
        i: usize,
        issue: &Ident,
        form: &ValueForm,
    ) -> Option<ValueFn> {
        match form {
            ValueForm::Table(entries) => self.table(src, i, issue, entries).map(ValueFn::Table),
            ValueForm::Linear(points) => self.linear(src, i, issue, points).map(ValueFn::Linear),
            ValueForm::Hook(f) => self
                .option_hook(src, party, (i, issue), f)
                .map(ValueFn::Table),
            ValueForm::Expr(e) => {
                let ctx = Ctx::Value { issue: i, party };
                let Resolved { expr, ty } = self.resolve(src, e, ctx)?;
                if self.expect_points(src, e.span, ty) {
                    Some(ValueFn::Expr(expr))
                } else {
                    None
                }
            }
        }
    }

    fn table(
        &mut self,
        src: SourceId,
        i: usize,
        issue: &Ident,
        entries: &[(Ident, Number)],
    ) -> Option<Vec<f64>> {
        let options = match &self.s.issues[i].domain {
            Domain::Options(o) => o.clone(),
            Domain::Numeric { values, unit, .. } => {
                // A broken range stands in as one value: show placeholders then.
                let (lo, hi) = match values.as_slice() {
                    [lo, .., hi] => (
                        crate::model::format_number(*lo, *unit),
                        crate::model::format_number(*hi, *unit),
                    ),
                    _ => ("LO".to_string(), "HI".to_string()),
                };
                self.diags.push(
                    Diag::error(
                        Code::CheckTableOnNumeric,
                        format!(
                            "`{}` is a numeric issue; a table values named options",
                            issue.name
                        ),
                        src,
                        issue.span,
                        "numeric issue",
                    )
                    .with_help(format!(
                        "use `linear(…)` or an expression, e.g. `{} = linear({lo} -> 0, {hi} -> 100)`",
                        issue.name
                    ))
                    .with_note(format!(
                        "a party indifferent to `{0}` says so with `{0} = 0`",
                        issue.name
                    )),
                );
                return None;
            }
        };
        let names: Vec<Ident> = entries.iter().map(|(o, _)| o.clone()).collect();
        let before = self.diags.len();
        self.no_repeats(
            src,
            &names,
            &format!("the table for `{}`", issue.name),
            "option",
        );
        let mut ok = self.diags.len() == before;
        let mut points: Vec<Option<f64>> = vec![None; options.len()];
        let mut unknown = false;
        // Looked up by name through a map: one table may list 10^5 options.
        let index: std::collections::HashMap<&str, usize> = options
            .iter()
            .enumerate()
            .rev()
            .map(|(k, x)| (x.as_str(), k))
            .collect();
        for (o, n) in entries {
            ok &= self.points(src, n);
            match index.get(o.name.as_str()).copied() {
                Some(k) => points[k] = Some(n.value),
                None => {
                    unknown = true;
                    self.unknown_member(
                        src,
                        o,
                        &options,
                        &format!("issue `{}`", issue.name),
                        "option",
                    );
                }
            }
        }
        if unknown {
            // The unknown name is most likely the missing option misspelt.
            return None;
        }
        let missing: Vec<&str> = options
            .iter()
            .zip(&points)
            .filter(|(_, p)| p.is_none())
            .map(|(o, _)| o.as_str())
            .collect();
        if !missing.is_empty() {
            let span = entries
                .last()
                .map_or(issue.span, |(o, n)| o.span.to(n.span));
            self.diags.push(
                Diag::error(
                    Code::CheckMissingOption,
                    format!(
                        "the table for `{}` does not value {}",
                        issue.name,
                        quote_list(&missing)
                    ),
                    src,
                    issue.span,
                    "incomplete table",
                )
                .with_label(span, "add the missing options after this")
                .with_help(format!(
                    "every option needs points; write {} for what is worth nothing",
                    missing
                        .iter()
                        .map(|m| format!("`{m}: 0`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            ok = false;
        }
        ok.then(|| points.into_iter().map(|p| p.unwrap_or(0.0)).collect())
    }

    /// Checks that a literal is plain points.
    fn points(&mut self, src: SourceId, n: &Number) -> bool {
        if n.unit == Unit::Plain {
            return true;
        }
        self.diags.push(
            Diag::error(
                Code::CheckUnitMismatch,
                "score-sheet points are plain numbers",
                src,
                n.span,
                format!("this is {}", n.unit.describe()),
            )
            .with_help("points measure how much a party likes an option, e.g. `0` to `100`"),
        );
        false
    }

    fn linear(
        &mut self,
        src: SourceId,
        i: usize,
        issue: &Ident,
        points: &[(Number, Number)],
    ) -> Option<Vec<(f64, f64)>> {
        let Domain::Numeric { unit, .. } = self.s.issues[i].domain else {
            self.diags.push(
                Diag::error(
                    Code::CheckLinearOnOptions,
                    format!(
                        "`{}` has named options; `linear` needs a numeric issue",
                        issue.name
                    ),
                    src,
                    issue.span,
                    "categorical issue",
                )
                .with_help(format!(
                    "give a table: `{} = {{ option: points, … }}`",
                    issue.name
                )),
            );
            return None;
        };
        let mut ok = true;
        let mut units_ok = true;
        // A broken range was reported; its stand-in unit is only a guess.
        let broken = self.broken_issues.contains(&i);
        for (x, v) in points {
            if !broken {
                units_ok &= self.literal_unit(src, x, unit, &issue.name);
            }
            ok &= self.points(src, v);
        }
        ok &= units_ok;
        if let (Domain::Numeric { values, .. }, false) = (&self.s.issues[i].domain, broken) {
            let (lo, hi) = (values[0], values[values.len() - 1]);
            if let Some((x, _)) = points
                .iter()
                .find(|(x, _)| x.unit == unit && (x.value < lo || x.value > hi))
            {
                self.diags.push(
                    Diag::warning(
                        Code::CheckLinearOutsideRange,
                        format!("this point lies outside the range of `{}`", issue.name),
                        src,
                        x.span,
                        "the issue never takes this value",
                    )
                    .with_help(format!(
                        "`{}` runs from {} to {}; points outside it bend the line where no option lies",
                        issue.name,
                        crate::model::format_number(lo, unit),
                        crate::model::format_number(hi, unit)
                    )),
                );
            }
        }
        // Points in another unit were reported already; their order means nothing.
        let ordered_pairs = if units_ok {
            points.windows(2)
        } else {
            [].windows(2)
        };
        for w in ordered_pairs {
            if w[1].0.value <= w[0].0.value {
                self.diags.push(
                    Diag::error(
                        Code::CheckLinearOrder,
                        "the points of `linear` must go strictly upwards in x",
                        src,
                        w[1].0.span,
                        format!("not above {}", w[0].0.text),
                    )
                    .with_help("list the points from the lowest value to the highest"),
                );
                ok = false;
            }
        }
        ok.then(|| points.iter().map(|(x, v)| (x.value, v.value)).collect())
    }

    /// Checks that a literal carries an issue's unit.
    pub(super) fn literal_unit(
        &mut self,
        src: SourceId,
        n: &Number,
        unit: Unit,
        issue: &str,
    ) -> bool {
        if n.unit == unit {
            return true;
        }
        self.diags.push(
            Diag::error(
                Code::CheckUnitMismatch,
                format!(
                    "`{}` is {}, but issue `{issue}` is {}",
                    n.text,
                    n.unit.describe(),
                    unit.describe()
                ),
                src,
                n.span,
                format!("expected {}", unit.describe()),
            )
            .with_help(super::unit_hints::unit_example(n, unit)),
        );
        false
    }

    /// Fills the party's tables for issue `i`.
    fn tabulate(
        &mut self,
        src: SourceId,
        party: usize,
        i: usize,
        issue: &Ident,
        f: &ValueFn,
        out: &mut [Vec<f64>],
    ) {
        let weight = self.s.parties[party].weights[i];
        let n = self.s.issues[i].domain.len();
        let first = self.s.first_slot[i];
        let outcomes: Vec<Option<usize>> = match self.s.issues[i].contingent_on {
            None => vec![None],
            Some(e) => {
                if self.s.parties[party].beliefs[e].is_none() {
                    if self.tried_beliefs.contains(&(party, e)) {
                        return;
                    }
                    self.missing_belief(
                        src,
                        party,
                        e,
                        issue.span,
                        &format!("`{}` is contingent on it", issue.name),
                    );
                    return;
                }
                (0..self.s.events[e].outcomes.len()).map(Some).collect()
            }
        };
        for (k, outcome) in outcomes.iter().enumerate() {
            let prob = match (outcome, self.s.issues[i].contingent_on) {
                (Some(o), Some(e)) => self.s.parties[party].beliefs[e]
                    .as_ref()
                    .map_or(0.0, |b| b[*o]),
                _ => 1.0,
            };
            let mut fixed = vec![None; self.s.events.len()];
            if let (Some(o), Some(e)) = (outcome, self.s.issues[i].contingent_on) {
                fixed[e] = Some(*o);
            }
            let table: Vec<f64> = (0..n as u32)
                .map(|opt| weight * prob * self.value_of(party, i, opt, f, &fixed))
                .collect();
            if let Some(bad) = table.iter().position(|v| !v.is_finite()) {
                let option = self.s.issues[i].domain.show(bad as u32);
                self.diags.push(
                    Diag::error(
                        Code::CheckNotFinite,
                        format!(
                            "the value of `{}` is not a finite number for {option}",
                            issue.name
                        ),
                        src,
                        issue.span,
                        "infinite or undefined here",
                    )
                    .with_help(
                        "look for a division by zero or an enormous number in this value line",
                    ),
                );
                return;
            }
            out[first + k] = table;
        }
    }

    fn value_of(
        &self,
        party: usize,
        i: usize,
        opt: u32,
        f: &ValueFn,
        fixed: &[Option<usize>],
    ) -> f64 {
        let x = self.s.issues[i].domain.number(opt);
        match f {
            ValueFn::Table(t) => t[opt as usize],
            ValueFn::Linear(points) => interpolate(points, x),
            ValueFn::Expr(e) => {
                let env = Env {
                    own_value: Some((i, x)),
                    fixed,
                    beliefs: Some(&self.s.parties[party].beliefs),
                    ..Env::default()
                };
                eval::eval(&self.s, e, &env).unwrap_or(0.0)
            }
        }
    }

    fn report_missing(&mut self, src: SourceId, decl: &syntax::PrefsDecl, missing: &[usize]) {
        if missing.is_empty() {
            return;
        }
        let names: Vec<&str> = missing
            .iter()
            .map(|&i| self.s.issues[i].id.as_str())
            .collect();
        let template: Vec<String> = missing.iter().map(|&i| self.indifferent(i)).collect();
        self.diags.push(
            Diag::error(
                Code::CheckMissingValue,
                format!(
                    "the score sheet of `{}` does not value {}",
                    decl.party.name,
                    quote_list(&names)
                ),
                src,
                decl.party.span,
                "incomplete score sheet",
            )
            .with_help(format!(
                "value every issue; if `{}` does not care about one, say so: {}",
                decl.party.name,
                template.join(" and ")
            )),
        );
    }

    /// A value line that gives every option of issue `i` zero points.
    fn indifferent(&self, i: usize) -> String {
        let issue = &self.s.issues[i];
        match &issue.domain {
            Domain::Options(o) => format!(
                "`{} = {{ {} }}`",
                issue.id,
                o.iter()
                    .map(|x| format!("{x}: 0"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Domain::Numeric { .. } => format!("`{} = 0`", issue.id),
        }
    }
}

/// Piecewise-linear interpolation, clamped outside the first and last points.
pub fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    let (first, last) = (points[0], points[points.len() - 1]);
    if x <= first.0 {
        return first.1;
    }
    if x >= last.0 {
        return last.1;
    }
    for w in points.windows(2) {
        let ((x0, v0), (x1, v1)) = (w[0], w[1]);
        if x <= x1 {
            return v0 + (v1 - v0) * (x - x0) / (x1 - x0);
        }
    }
    last.1
}

fn quote_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        1 => quoted[0].clone(),
        _ => format!(
            "{} and {}",
            quoted[..quoted.len() - 1].join(", "),
            quoted[quoted.len() - 1]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::interpolate;

    #[test]
    fn interpolates_and_clamps() {
        let pts = [(0.15, 0.0), (0.30, 100.0)];
        assert!((interpolate(&pts, 0.27) - 80.0).abs() < 1e-9);
        assert_eq!(interpolate(&pts, 0.10), 0.0);
        assert_eq!(interpolate(&pts, 0.40), 100.0);
        let kinked = [(0.0, 0.0), (10.0, 100.0), (20.0, 50.0)];
        assert_eq!(interpolate(&kinked, 15.0), 75.0);
    }
}
