//! Expressions: resolving names and checking types and units.
//!
//! What a name may mean depends on where the expression stands: a score-sheet
//! value reads only its own issue (and events through `when`), a rule reads
//! issues, an `assert` reads figures such as `utility(vc, opening)`.
//! Percentages are fractions in arithmetic, so they mix with plain numbers;
//! money and durations keep their unit.

use super::names::Kind;
use super::unit_hints::{restate, unit_example};
use super::Checker;
use crate::diagnostics::Code;
use crate::diagnostics::{Diag, SourceId};
use crate::model::{Bargaining, Domain, Expr, PackageRef, SimFigure, UtilityKind};
use crate::syntax::{self, BinOp, ExprKind, Ident, Span, UnOp, Unit};

/// Where an expression stands.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ctx {
    /// `ISSUE = EXPR` in `prefs PARTY`.
    Value { issue: usize, party: usize },
    /// `rule: EXPR`.
    Rule,
    /// `assert EXPR`.
    Assert,
}

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    /// A condition.
    Bool,
    /// A number in a unit.
    Num(Unit),
    /// The option chosen for a categorical issue.
    Opt(usize),
}

/// A checked expression and its type.
pub(super) struct Resolved {
    pub expr: Expr,
    pub ty: Ty,
}

fn plainish(u: Unit) -> Unit {
    if u == Unit::Percent {
        Unit::Plain
    } else {
        u
    }
}

impl Checker<'_> {
    fn describe_ty(&self, ty: Ty) -> String {
        match ty {
            Ty::Bool => "a condition (true or false)".into(),
            Ty::Num(u) => u.describe(),
            Ty::Opt(i) => format!("an option of `{}`", self.s.issues[i].id),
        }
    }

    fn type_error(
        &mut self,
        src: SourceId,
        span: Span,
        message: String,
        label: String,
        help: &str,
    ) {
        self.diags.push(
            Diag::error(Code::CheckType, message, src, span, label).with_help(help.to_string()),
        );
    }

    /// Resolves and type-checks an expression.
    pub(super) fn resolve(
        &mut self,
        src: SourceId,
        e: &syntax::Expr,
        ctx: Ctx,
    ) -> Option<Resolved> {
        let r = |expr, ty| Some(Resolved { expr, ty });
        match &e.kind {
            ExprKind::Number(n) => r(Expr::Num(n.value), Ty::Num(n.unit)),
            ExprKind::Bool(b) => r(Expr::Num(if *b { 1.0 } else { 0.0 }), Ty::Bool),
            ExprKind::Paren(inner) => self.resolve(src, inner, ctx),
            ExprKind::Name(id) => self.name(src, id, ctx),
            ExprKind::Call { function, args } => self.call(src, e.span, function, args, ctx),
            ExprKind::Unary(op, x) => {
                let x = self.resolve(src, x, ctx)?;
                let want = if *op == UnOp::Not {
                    "a condition"
                } else {
                    "a number"
                };
                let ok = match op {
                    UnOp::Not => x.ty == Ty::Bool,
                    UnOp::Neg => matches!(x.ty, Ty::Num(_)),
                };
                if !ok {
                    let found = self.describe_ty(x.ty);
                    self.type_error(
                        src,
                        e.span,
                        format!(
                            "`{}` needs {want}",
                            if *op == UnOp::Not { "not" } else { "-" }
                        ),
                        format!("this is {found}"),
                        "check the operand",
                    );
                    return None;
                }
                r(Expr::Unary(*op, Box::new(x.expr)), x.ty)
            }
            ExprKind::Binary(op, a, b) => self.binary(src, *op, a, b, ctx),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.resolve(src, cond, ctx);
                let a = self.resolve(src, then, ctx);
                let b = self.resolve(src, otherwise, ctx);
                let (c, a, b) = (c?, a?, b?);
                if c.ty != Ty::Bool {
                    let found = self.describe_ty(c.ty);
                    self.type_error(
                        src,
                        cond.span,
                        "the condition of `if` must be true or false".into(),
                        format!("this is {found}"),
                        "compare something, e.g. `if x > 20% then …`",
                    );
                    return None;
                }
                let ty = self.same_type(
                    src,
                    then.span,
                    a.ty,
                    otherwise.span,
                    b.ty,
                    "the two branches of `if`",
                )?;
                r(
                    Expr::If(Box::new(c.expr), Box::new(a.expr), Box::new(b.expr)),
                    ty,
                )
            }
            ExprKind::When { event, arms } => self.when(src, e.span, event, arms, ctx),
        }
    }

    fn name(&mut self, src: SourceId, id: &Ident, ctx: Ctx) -> Option<Resolved> {
        let kinds_here: &[Kind] = match ctx {
            Ctx::Assert => &[],
            _ => &[Kind::Issue],
        };
        match self.names.get(&id.name) {
            Some(d) if d.kind == Kind::Issue && !matches!(ctx, Ctx::Assert) => {
                if let Ctx::Value { issue, .. } = ctx {
                    if d.index != issue {
                        self.diags.push(
                            Diag::error(
                                Code::CheckValueReadsOtherIssue,
                                format!("the value of `{}` cannot read issue `{}`", self.s.issues[issue].id, id.name),
                                src,
                                id.span,
                                "another issue",
                            )
                            .with_help("a value line is a function of its own issue; interactions between issues belong in a `rule`"),
                        );
                        return None;
                    }
                }
                let ty = match &self.s.issues[d.index].domain {
                    Domain::Options(_) => Ty::Opt(d.index),
                    Domain::Numeric { unit, .. } => Ty::Num(*unit),
                };
                Some(Resolved {
                    expr: Expr::Issue(d.index),
                    ty,
                })
            }
            Some(d) => {
                let expected = match ctx {
                    Ctx::Assert => "a number, `utility(PARTY, OFFER)` or a condition",
                    _ => "an issue, an option or a number",
                };
                self.diags.push(
                    Diag::error(
                        Code::CheckWrongKind,
                        format!(
                            "`{}` is {} and cannot stand here",
                            id.name,
                            d.kind.article()
                        ),
                        src,
                        id.span,
                        format!("expected {expected}"),
                    )
                    .with_help(match (ctx, d.kind) {
                        (Ctx::Assert, Kind::Offer) => format!(
                            "read a figure of the offer, e.g. `utility(PARTY, {})`",
                            id.name
                        ),
                        (Ctx::Assert, Kind::Party) => {
                            format!("read a figure of the party, e.g. `batna({})`", id.name)
                        }
                        (_, Kind::Event) => {
                            format!("read an event with `when {} {{ … }}`", id.name)
                        }
                        _ => "check the name".into(),
                    }),
                );
                None
            }
            None => {
                let help_opt = self.option_owner(&id.name);
                if let Some(issue) = help_opt {
                    self.diags.push(
                        Diag::error(
                            Code::CheckBareOption,
                            format!("`{}` is an option; compare an issue with it", id.name),
                            src,
                            id.span,
                            "an option on its own",
                        )
                        .with_help(format!("write `{issue} == {}`", id.name)),
                    );
                } else if kinds_here.is_empty() {
                    self.diags.push(
                        Diag::error(
                            Code::CheckUnknownName,
                            format!("unknown name `{}`", id.name),
                            src,
                            id.span,
                            "not known here",
                        )
                        .with_help("an assert reads figures: `utility(P, O)`, `cared(P, O)`, `gain(P, O)`, `batna(P)`"),
                    );
                } else {
                    self.unknown(src, id, kinds_here);
                }
                None
            }
        }
    }

    /// Warns when an issue is compared with a number whose `%` looks missing
    /// (`equity < 20` on a percent issue) or stray (`discount <= 20%` on a plain one).
    fn percent_slip(
        &mut self,
        src: SourceId,
        side: &syntax::Expr,
        resolved: &Resolved,
        other: &syntax::Expr,
    ) {
        let (Expr::Issue(i), ExprKind::Number(n)) = (&resolved.expr, &other.kind) else {
            return;
        };
        let issue = &self.s.issues[*i].id;
        let message = match (resolved.ty, n.unit) {
            (Ty::Num(Unit::Percent), Unit::Plain) if n.value.abs() > 1.0 => {
                format!(
                    "`{issue}` is a percentage, so {} means {}%",
                    n.text,
                    crate::model::format_number(n.value * 100.0, Unit::Plain)
                )
            }
            (Ty::Num(Unit::Plain), Unit::Percent) => {
                format!(
                    "`{issue}` is a plain number, so {} means {}",
                    n.text,
                    crate::model::format_number(n.value, Unit::Plain)
                )
            }
            _ => return,
        };
        let fix = match n.unit {
            Unit::Plain => format!("write `{}`", restate(n, Unit::Percent).text),
            _ => format!("write `{}`", restate(n, Unit::Plain).text),
        };
        self.diags.push(
            Diag::warning(
                Code::CheckPercentSlip,
                message,
                src,
                n.span,
                "compared with this",
            )
            .with_label(side.span, format!("`{issue}`"))
            .with_help(format!("{fix} if that is what you mean")),
        );
    }

    fn is_unknown_name(&self, e: &syntax::Expr) -> bool {
        matches!(&e.kind, ExprKind::Name(id) if self.names.get(&id.name).is_none() && self.option_owner(&id.name).is_none())
    }

    fn is_option_name(&self, e: &syntax::Expr) -> bool {
        matches!(&e.kind, ExprKind::Name(id) if self.names.get(&id.name).is_none() && self.option_owner(&id.name).is_some())
    }

    /// The issue that has an option with this name, if any.
    fn option_owner(&self, name: &str) -> Option<String> {
        self.s.issues.iter().find_map(|i| match &i.domain {
            Domain::Options(o) if o.iter().any(|x| x == name) => Some(i.id.clone()),
            _ => None,
        })
    }

    fn same_type(
        &mut self,
        src: SourceId,
        sa: Span,
        a: Ty,
        sb: Span,
        b: Ty,
        what: &str,
    ) -> Option<Ty> {
        match (a, b) {
            (Ty::Num(x), Ty::Num(y)) if plainish(x) == plainish(y) => {
                Some(Ty::Num(if x == y { x } else { Unit::Plain }))
            }
            _ if a == b => Some(a),
            _ => {
                let (da, db) = (self.describe_ty(a), self.describe_ty(b));
                self.diags.push(
                    Diag::error(
                        Code::CheckType,
                        format!("{what} differ in type"),
                        src,
                        sb,
                        format!("this is {db}"),
                    )
                    .with_label(sa, format!("this is {da}"))
                    .with_help("both sides must be numbers in the same unit, or both conditions"),
                );
                None
            }
        }
    }

    fn binary(
        &mut self,
        src: SourceId,
        op: BinOp,
        a: &syntax::Expr,
        b: &syntax::Expr,
        ctx: Ctx,
    ) -> Option<Resolved> {
        if matches!(op, BinOp::Eq | BinOp::Ne) {
            if let Some(r) = self.option_comparison(src, op, a, b, ctx) {
                return r;
            }
            // `colour == red` with `colour` misspelt: report the name, not `red`.
            for (unknown, other) in [(a, b), (b, a)] {
                if self.is_unknown_name(unknown) && self.is_option_name(other) {
                    self.resolve(src, unknown, ctx);
                    return None;
                }
            }
        }
        let x = self.resolve(src, a, ctx);
        let y = self.resolve(src, b, ctx);
        let (x, y) = (x?, y?);
        if matches!(
            op,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        ) {
            self.percent_slip(src, a, &x, b);
            self.percent_slip(src, b, &y, a);
        }
        let ty = match op {
            BinOp::And | BinOp::Or | BinOp::Implies => {
                for (side, r) in [(a, &x), (b, &y)] {
                    if r.ty != Ty::Bool {
                        let found = self.describe_ty(r.ty);
                        self.type_error(
                            src,
                            side.span,
                            format!("`{}` joins conditions", op.symbol()),
                            format!("this is {found}"),
                            "each side must be true or false, e.g. `x > 5 and y == yes`",
                        );
                        return None;
                    }
                }
                Ty::Bool
            }
            _ => self.arithmetic(src, op, a, x.ty, b, y.ty)?,
        };
        Some(Resolved {
            expr: Expr::Binary(op, Box::new(x.expr), Box::new(y.expr)),
            ty,
        })
    }

    /// `ISSUE == option` (either way round). `None` when it is not that form.
    fn option_comparison(
        &mut self,
        src: SourceId,
        op: BinOp,
        a: &syntax::Expr,
        b: &syntax::Expr,
        ctx: Ctx,
    ) -> Option<Option<Resolved>> {
        let issue_of = |e: &syntax::Expr, me: &Self| match &e.kind {
            ExprKind::Name(id) => me
                .names
                .get(&id.name)
                .filter(|d| d.kind == Kind::Issue)
                .and_then(|d| match me.s.issues[d.index].domain {
                    Domain::Options(_) => Some(d.index),
                    _ => None,
                }),
            _ => None,
        };
        let bare = |e: &syntax::Expr, me: &Self| match &e.kind {
            ExprKind::Name(id) if me.names.get(&id.name).is_none() => Some(id.clone()),
            _ => None,
        };
        let (issue_expr, opt) = match (
            issue_of(a, self),
            bare(b, self),
            issue_of(b, self),
            bare(a, self),
        ) {
            (Some(_), Some(o), _, _) => (a, o),
            (_, _, Some(_), Some(o)) => (b, o),
            _ => return None,
        };
        let resolved = self.resolve(src, issue_expr, ctx)?;
        let Ty::Opt(i) = resolved.ty else {
            return Some(None);
        };
        let Domain::Options(options) = self.s.issues[i].domain.clone() else {
            return Some(None);
        };
        let Some(k) = options.iter().position(|x| *x == opt.name) else {
            let owner = format!("issue `{}`", self.s.issues[i].id);
            self.unknown_member(src, &opt, &options, &owner, "option");
            return Some(None);
        };
        let test = Expr::IsOption(i, k as u32);
        let expr = if op == BinOp::Ne {
            Expr::Unary(UnOp::Not, Box::new(test))
        } else {
            test
        };
        Some(Some(Resolved { expr, ty: Ty::Bool }))
    }

    fn arithmetic(
        &mut self,
        src: SourceId,
        op: BinOp,
        ea: &syntax::Expr,
        a: Ty,
        eb: &syntax::Expr,
        b: Ty,
    ) -> Option<Ty> {
        let (sa, sb) = (ea.span, eb.span);
        let (Ty::Num(x), Ty::Num(y)) = (a, b) else {
            let (side, ty) = if matches!(a, Ty::Num(_)) {
                (sb, b)
            } else {
                (sa, a)
            };
            let found = self.describe_ty(ty);
            let help = match ty {
                Ty::Opt(_) => "compare an issue with one of its options, e.g. `consulting == free`",
                _ => "use numbers here",
            };
            self.type_error(
                src,
                side,
                format!("`{}` needs numbers", op.symbol()),
                format!("this is {found}"),
                help,
            );
            return None;
        };
        let (px, py) = (plainish(x), plainish(y));
        let result = match op {
            BinOp::Add | BinOp::Sub => (px == py).then_some(if x == y { x } else { Unit::Plain }),
            BinOp::Mul if px == Unit::Plain => Some(y),
            BinOp::Mul if py == Unit::Plain => Some(x),
            BinOp::Div if py == Unit::Plain => Some(x),
            BinOp::Div if px == py => Some(Unit::Plain),
            BinOp::Mul | BinOp::Div => None,
            _ => {
                return if px == py {
                    Some(Ty::Bool)
                } else {
                    self.unit_clash(src, op, (ea, x), (eb, y));
                    None
                }
            }
        };
        match result {
            Some(u) => Some(Ty::Num(u)),
            None => {
                self.unit_clash(src, op, (ea, x), (eb, y));
                None
            }
        }
    }

    fn unit_clash(
        &mut self,
        src: SourceId,
        op: BinOp,
        (ea, x): (&syntax::Expr, Unit),
        (eb, y): (&syntax::Expr, Unit),
    ) {
        let (sa, sb) = (ea.span, eb.span);
        // A literal on one side is most likely the slip: restate it in the
        // other side's unit, or as a plain factor for `*` and `/`.
        let literal = |e: &syntax::Expr| match &e.kind {
            ExprKind::Number(n) => Some(n.clone()),
            _ => None,
        };
        let scaling = matches!(op, BinOp::Mul | BinOp::Div);
        let help = match (literal(ea), literal(eb)) {
            (_, Some(n)) | (Some(n), _) if scaling && n.unit != Unit::Plain => format!(
                "`{}` scales by a plain number: `{}`",
                op.symbol(),
                restate(&n, Unit::Plain).text
            ),
            (None, Some(n)) if !scaling => unit_example(&n, x),
            (Some(n), None) if !scaling => unit_example(&n, y),
            _ => match (x, y) {
                (Unit::Money(c), Unit::Plain) | (Unit::Plain, Unit::Money(c)) => format!("write amounts with their currency, e.g. `{c}50k`, or divide one out, e.g. `price / {c}1k`"),
                (Unit::Duration(d), Unit::Duration(e)) => format!("durations are not converted: write both in {} or both in {}", d.word(), e.word()),
                (Unit::Duration(d), _) | (_, Unit::Duration(d)) => format!("write durations with their unit, e.g. `6{}`", d.suffix()),
                _ => "both sides need the same unit".into(),
            },
        };
        self.diags.push(
            Diag::error(
                Code::CheckUnitMismatch,
                format!(
                    "`{}` mixes {} and {}",
                    op.symbol(),
                    x.describe(),
                    y.describe()
                ),
                src,
                sb,
                format!("this is {}", y.describe()),
            )
            .with_label(sa, format!("this is {}", x.describe()))
            .with_help(help),
        );
    }

    fn when(
        &mut self,
        src: SourceId,
        span: Span,
        event: &Ident,
        arms: &[(Ident, syntax::Expr)],
        ctx: Ctx,
    ) -> Option<Resolved> {
        let Ctx::Value { party, .. } = ctx else {
            self.diags.push(
                Diag::error(Code::CheckWhenContext, "`when` belongs in a score sheet", src, span, "no party's beliefs here")
                    .with_help("`when EVENT { … }` is an expectation under a party's beliefs, so it stands in `prefs`"),
            );
            return None;
        };
        let e = self.lookup(src, event, Kind::Event)?;
        let outcomes = self.s.events[e].outcomes.clone();
        let names: Vec<Ident> = arms.iter().map(|(o, _)| o.clone()).collect();
        self.no_repeats(src, &names, "`when`", "outcome");
        let mut resolved: Vec<Option<Resolved>> = (0..outcomes.len()).map(|_| None).collect();
        let mut ty: Option<(Ty, Span)> = None;
        let mut ok = true;
        for (o, x) in arms {
            let r = self.resolve(src, x, ctx);
            match outcomes.iter().position(|n| *n == o.name) {
                None => {
                    ok = false;
                    self.unknown_member(
                        src,
                        o,
                        &outcomes,
                        &format!("event `{}`", event.name),
                        "outcome",
                    );
                }
                Some(k) => {
                    let Some(r) = r else {
                        ok = false;
                        continue;
                    };
                    if let Some((t, s)) = ty {
                        ok &= self
                            .same_type(src, s, t, x.span, r.ty, "the arms of `when`")
                            .is_some();
                    } else {
                        ty = Some((r.ty, x.span));
                    }
                    resolved[k] = Some(r);
                }
            }
        }
        let missing: Vec<&str> = outcomes
            .iter()
            .zip(&resolved)
            .filter(|(_, r)| r.is_none())
            .map(|(o, _)| o.as_str())
            .collect();
        if ok && !missing.is_empty() {
            self.diags.push(
                Diag::error(
                    Code::CheckMissingOutcome,
                    format!("`when {}` does not cover {}", event.name, quoted(&missing)),
                    src,
                    span,
                    "incomplete `when`",
                )
                .with_help(format!(
                    "give a value for every outcome of `{}`: {}",
                    event.name,
                    outcomes.join(", ")
                )),
            );
            ok = false;
        }
        if self.s.parties[party].beliefs[e].is_none() {
            // An invalid `believe` line is already reported; a missing one is not.
            if !self.tried_beliefs.contains(&(party, e)) {
                self.missing_belief(src, party, e, event.span, "no `believe` for this event");
            }
            return None;
        }
        if !ok {
            return None;
        }
        let ty = ty.map(|(t, _)| t)?;
        Some(Resolved {
            expr: Expr::When(
                e,
                resolved
                    .into_iter()
                    .map(|r| r.map(|r| r.expr).unwrap_or_default())
                    .collect(),
            ),
            ty,
        })
    }

    fn call(
        &mut self,
        src: SourceId,
        span: Span,
        f: &Ident,
        args: &[syntax::Expr],
        ctx: Ctx,
    ) -> Option<Resolved> {
        if matches!(f.name.as_str(), "acceptance" | "acceptance_possible" | "belief") {
            return self.belief_call(src, span, f, args, ctx);
        }
        if matches!(f.name.as_str(), "agreement_rate" | "welfare_share" | "mean_rounds" | "mean_utility") {
            return self.simulated_call(src, span, f, args, ctx);
        }
        let kind = match f.name.as_str() {
            "utility" => Some(UtilityKind::Plain),
            "cared" => Some(UtilityKind::Cared),
            "gain" => Some(UtilityKind::Gain),
            "batna" => None,
            _ => {
                let known = [
                    "utility",
                    "cared",
                    "gain",
                    "batna",
                    "acceptance",
                    "acceptance_possible",
                    "belief",
                    "agreement_rate",
                    "welfare_share",
                    "mean_rounds",
                    "mean_utility",
                ];
                let mut d = Diag::error(
                    Code::CheckUnknownFunction,
                    format!("unknown function `{}`", f.name),
                    src,
                    f.span,
                    "not a function",
                );
                d = match super::suggest(&f.name, known.into_iter()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(
                        "the functions are utility(P, O), cared(P, O), gain(P, O), batna(P), acceptance(O), acceptance_possible(O), belief(P, H), and of a named simulation S: agreement_rate(S), welfare_share(S), mean_rounds(S) and mean_utility(S, P)",
                    ),
                };
                self.diags.push(d);
                return None;
            }
        };
        if !matches!(ctx, Ctx::Assert) {
            self.diags.push(
                Diag::error(
                    Code::CheckCallContext,
                    format!("`{}(…)` is for `assert`", f.name),
                    src,
                    span,
                    "not available here",
                )
                .with_help("figures of parties and offers are read in `assert` lines"),
            );
            return None;
        }
        let want = if kind.is_some() { 2 } else { 1 };
        if args.len() != want {
            let usage = if kind.is_some() {
                format!("{}(PARTY, OFFER)", f.name)
            } else {
                "batna(PARTY)".into()
            };
            self.diags.push(
                Diag::error(
                    Code::CheckArity,
                    format!(
                        "`{}` takes {want} argument{}",
                        f.name,
                        if want == 1 { "" } else { "s" }
                    ),
                    src,
                    span,
                    format!("{} given", args.len()),
                )
                .with_help(format!("write `{usage}`")),
            );
            return None;
        }
        let party = self.name_arg(src, &args[0], Kind::Party)?;
        let expr = match kind {
            None => Expr::Batna(party),
            Some(k) => Expr::Utility(k, party, self.package_arg(src, &args[1])?),
        };
        Some(Resolved {
            expr,
            ty: Ty::Num(Unit::Plain),
        })
    }

    /// `acceptance(OFFER)` and `belief(PARTY, HYPOTHESIS)`: figures of a
    /// plan with hypotheses, as percentages.
    fn belief_call(
        &mut self,
        src: SourceId,
        span: Span,
        f: &Ident,
        args: &[syntax::Expr],
        ctx: Ctx,
    ) -> Option<Resolved> {
        let possible = f.name == "acceptance_possible";
        let acceptance = possible || f.name == "acceptance";
        let usage = match (acceptance, possible) {
            (true, true) => "acceptance_possible(OFFER)",
            (true, false) => "acceptance(OFFER)",
            _ => "belief(PARTY, HYPOTHESIS)",
        };
        let problem = if !matches!(ctx, Ctx::Assert) {
            Some((Code::CheckCallContext, format!("`{}(…)` is for `assert`", f.name), "not available here".to_string()))
        } else if args.len() != if acceptance { 1 } else { 2 } {
            Some((Code::CheckArity, format!("`{usage}` is how `{}` is written", f.name), format!("{} arguments given", args.len())))
        } else if self.s.parties.iter().all(|p| p.hypotheses.is_empty()) {
            Some((
                Code::CheckNoHypotheses,
                format!("`{}` reads beliefs about a party's hypotheses, and every party's score sheet is known", f.name),
                "no hypotheses in this plan".to_string(),
            ))
        } else {
            None
        };
        if let Some((code, message, label)) = problem {
            self.diags.push(
                Diag::error(code, message, src, span, label)
                    .with_help(format!("write `assert {usage} >= 80%` in a plan with `prefs PARTY as NAME {{ … }}` hypotheses")),
            );
            return None;
        }
        let expr = if acceptance {
            match self.package_arg(src, &args[0])? {
                PackageRef::Offer(o) => Expr::Acceptance(o, possible),
                PackageRef::Computed(_) => {
                    self.diags.push(
                        Diag::error(Code::CheckArgument, format!("`{}` reads a declared offer", f.name), src, args[0].span, "a package that differs per hypothesis")
                            .with_help("declare the package as an `offer` and name it"),
                    );
                    return None;
                }
            }
        } else {
            let party = self.name_arg(src, &args[0], Kind::Party)?;
            let hyps = &self.s.parties[party].hypotheses;
            let found = match &args[1].kind {
                ExprKind::Name(id) => hyps.iter().position(|h| h.id == id.name),
                _ => None,
            };
            match found {
                Some(h) => Expr::Belief(party, h),
                None => {
                    let names: Vec<&str> = hyps.iter().map(|h| h.id.as_str()).collect();
                    let help = match names.is_empty() {
                        true => "its score sheet is known: it has no hypotheses".to_string(),
                        false => format!("the hypotheses about it are {}", names.join(", ")),
                    };
                    self.diags.push(
                        Diag::error(
                            Code::CheckUnknownName,
                            format!("no hypothesis of that name about `{}`", self.s.parties[party].id),
                            src,
                            args[1].span,
                            "not one of its hypotheses",
                        )
                        .with_help(help),
                    );
                    return None;
                }
            }
        };
        Some(Resolved {
            expr,
            ty: Ty::Num(Unit::Percent),
        })
    }

    /// `welfare_share(S)`, `agreement_rate(S)`, `mean_rounds(S)`,
    /// `mean_utility(S, P)`: figures of a simulation named earlier
    /// (`simulate S = …`).
    fn simulated_call(&mut self, src: SourceId, span: Span, f: &Ident, args: &[syntax::Expr], ctx: Ctx) -> Option<Resolved> {
        let with_party = f.name == "mean_utility";
        let usage = if with_party { format!("{}(SIMULATION, PARTY)", f.name) } else { format!("{}(SIMULATION)", f.name) };
        let problem = if !matches!(ctx, Ctx::Assert) {
            Some((Code::CheckCallContext, format!("`{}(…)` is for `assert`", f.name), "not available here".to_string()))
        } else if args.len() != if with_party { 2 } else { 1 } {
            Some((Code::CheckArity, format!("`{usage}` is how `{}` is written", f.name), format!("{} arguments given", args.len())))
        } else {
            None
        };
        if let Some((code, message, label)) = problem {
            self.diags.push(Diag::error(code, message, src, span, label).with_help(format!("name a simulation, `simulate deal = a: boulware, b: conceder`, then `assert {usage} …`")));
            return None;
        }
        let named = match &args[0].kind {
            ExprKind::Name(id) => self.s.simulations.iter().position(|s| *s == id.name),
            _ => None,
        };
        let Some(label) = named else {
            let help = match self.s.simulations.as_slice() {
                [] => "name a simulation before the assert: `simulate deal = a: boulware, b: conceder`".to_string(),
                names => format!("the simulations named so far are {}", names.join(", ")),
            };
            self.diags.push(
                Diag::error(Code::CheckUnknownName, "not a simulation named before this assert", src, args[0].span, "no such simulation").with_help(help),
            );
            return None;
        };
        let (figure, unit) = match f.name.as_str() {
            "agreement_rate" => (SimFigure::AgreementRate, Unit::Percent),
            "welfare_share" => (SimFigure::WelfareShare, Unit::Percent),
            "mean_rounds" => (SimFigure::MeanRounds, Unit::Plain),
            _ => (SimFigure::MeanUtility(self.name_arg(src, &args[1], Kind::Party)?), Unit::Plain),
        };
        Some(Resolved {
            expr: Expr::Simulated(label, figure),
            ty: Ty::Num(unit),
        })
    }

    fn name_arg(&mut self, src: SourceId, e: &syntax::Expr, kind: Kind) -> Option<usize> {
        match &e.kind {
            ExprKind::Name(id) => self.lookup(src, id, kind),
            _ => {
                self.diags.push(
                    Diag::error(
                        Code::CheckArgument,
                        format!("expected the name of {}", kind.article()),
                        src,
                        e.span,
                        "not a name",
                    )
                    .with_help(format!("write the {}'s identifier", kind.word())),
                );
                None
            }
        }
    }

    /// A command's offer: a declared one, or a computed package (`nash`,
    /// `kalai`, `welfare`), as in asserts.
    pub(super) fn offer_ref(&mut self, src: SourceId, id: &syntax::Ident) -> Option<PackageRef> {
        if let Some(b) = Bargaining::from_keyword(&id.name) {
            return Some(PackageRef::Computed(b));
        }
        self.lookup(src, id, Kind::Offer).map(PackageRef::Offer)
    }

    fn package_arg(&mut self, src: SourceId, e: &syntax::Expr) -> Option<PackageRef> {
        if let ExprKind::Name(id) = &e.kind {
            if let Some(b) = Bargaining::from_keyword(&id.name) {
                return Some(PackageRef::Computed(b));
            }
        }
        self.name_arg(src, e, Kind::Offer).map(PackageRef::Offer)
    }

    /// Checks that a score-sheet expression yields points.
    pub(super) fn expect_points(&mut self, src: SourceId, span: Span, ty: Ty) -> bool {
        match ty {
            Ty::Num(u) if plainish(u) == Unit::Plain => true,
            Ty::Num(u) => {
                self.diags.push(
                    Diag::error(Code::CheckUnitMismatch, format!("a value must be in points, but this is {}", u.describe()), src, span, "not points")
                        .with_help(match u {
                            Unit::Money(c) => format!("divide by a reference amount to get points, e.g. `100 - price / {c}1k`"),
                            _ => "divide by a reference amount in the same unit to get points".into(),
                        }),
                );
                false
            }
            other => {
                let found = self.describe_ty(other);
                self.type_error(
                    src,
                    span,
                    format!("a value must be a number of points, but this is {found}"),
                    "not points".into(),
                    "e.g. `if x == free then 20 else 0`",
                );
                false
            }
        }
    }
}

/// `a`, `b` and `c`.
pub(super) fn quoted(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        _ => format!("{} and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}
