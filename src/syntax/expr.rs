//! Expressions: the operator table and the Pratt parser that applies it.
//!
//! Precedence, loosest first: `=>` (right), `or`, `and`, `not`, comparisons,
//! `+ -`, `* /`, unary `-`. The same table drives the formatter's
//! parenthesisation through [`BinOp::precedence`].

use super::ast::*;
use super::parse::{kids, Builder, Rule};
use crate::diagnostics::Code;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::implies, Assoc::Right))
        .op(Op::infix(Rule::or, Assoc::Left))
        .op(Op::infix(Rule::and, Assoc::Left))
        .op(Op::prefix(Rule::not))
        .op(Op::infix(Rule::eq, Assoc::Left)
            | Op::infix(Rule::ne, Assoc::Left)
            | Op::infix(Rule::lt, Assoc::Left)
            | Op::infix(Rule::le, Assoc::Left)
            | Op::infix(Rule::gt, Assoc::Left)
            | Op::infix(Rule::ge, Assoc::Left))
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
        .op(Op::prefix(Rule::neg))
});

fn binop(rule: Rule) -> BinOp {
    match rule {
        Rule::implies => BinOp::Implies,
        Rule::or => BinOp::Or,
        Rule::and => BinOp::And,
        Rule::eq => BinOp::Eq,
        Rule::ne => BinOp::Ne,
        Rule::lt => BinOp::Lt,
        Rule::le => BinOp::Le,
        Rule::gt => BinOp::Gt,
        Rule::ge => BinOp::Ge,
        Rule::add => BinOp::Add,
        Rule::sub => BinOp::Sub,
        Rule::mul => BinOp::Mul,
        _ => BinOp::Div,
    }
}

/// The most operators one expression may chain.
const MAX_OPERATORS: usize = 200;
/// The deepest nesting of parentheses, `if` and `when` one expression may have.
const MAX_NESTING: usize = 64;

/// Builds an expression from an `expr` pair, refusing ones so large or deep
/// that evaluating them would exhaust the stack.
pub(crate) fn build_expr(b: &mut Builder, pair: Pair<'_, Rule>) -> Expr {
    let span = b.span(&pair);
    let operators = pair.clone().into_inner().count() / 2;
    if operators > MAX_OPERATORS || b.depth >= MAX_NESTING {
        b.diags.push(
            crate::diagnostics::Diag::error(
                Code::SyntaxTooDeep,
                format!("this expression is too large (more than {MAX_OPERATORS} operators or {MAX_NESTING} levels of nesting)"),
                b.source,
                Span::new(span.start, span.start + 1),
                "expression starts here",
            )
            .with_help("split it into several rules, value lines or asserts"),
        );
        return Expr {
            kind: ExprKind::Bool(true),
            span,
        };
    }
    b.depth += 1;
    let expr = build_pratt(b, pair);
    b.depth -= 1;
    expr
}

fn build_pratt(b: &mut Builder, pair: Pair<'_, Rule>) -> Expr {
    // The Pratt closures cannot borrow the builder mutably more than once, so
    // they share it through a RefCell.
    let cell = std::cell::RefCell::new(b);
    let expr = PRATT
        .map_primary(|p| primary(&mut cell.borrow_mut(), p))
        .map_prefix(|op, rhs| {
            let b = cell.borrow();
            let span = b.span(&op).to(rhs.span);
            let op = if op.as_rule() == Rule::neg {
                UnOp::Neg
            } else {
                UnOp::Not
            };
            Expr {
                kind: ExprKind::Unary(op, Box::new(rhs)),
                span,
            }
        })
        .map_infix(|lhs, op, rhs| Expr {
            span: lhs.span.to(rhs.span),
            kind: ExprKind::Binary(binop(op.as_rule()), Box::new(lhs), Box::new(rhs)),
        })
        .parse(pair.into_inner());
    expr
}

fn primary(b: &mut Builder, pair: Pair<'_, Rule>) -> Expr {
    let span = b.span(&pair);
    let kind = match pair.as_rule() {
        Rule::number => ExprKind::Number(b.number(pair)),
        Rule::bool_lit => ExprKind::Bool(pair.as_str() == "true"),
        Rule::ident => ExprKind::Name(b.ident(pair)),
        Rule::paren => ExprKind::Paren(Box::new(build_expr(b, kids(pair).remove(0)))),
        Rule::call => {
            let mut k = kids(pair).into_iter();
            let function = b.ident(k.next().expect("call name"));
            let args = k.map(|a| build_expr(b, a)).collect();
            ExprKind::Call { function, args }
        }
        Rule::if_expr => {
            let mut k = kids(pair).into_iter();
            let mut next = || build_expr(b, k.next().expect("if part"));
            let cond = Box::new(next());
            let then = Box::new(next());
            let otherwise = Box::new(next());
            ExprKind::If {
                cond,
                then,
                otherwise,
            }
        }
        _ => {
            let mut k = kids(pair).into_iter();
            let event = b.ident(k.next().expect("when event"));
            let arms = k
                .map(|arm| {
                    let mut a = kids(arm).into_iter();
                    let outcome = b.ident(a.next().expect("arm outcome"));
                    let value = build_expr(b, a.next().expect("arm value"));
                    (outcome, value)
                })
                .collect();
            ExprKind::When { event, arms }
        }
    };
    Expr { kind, span }
}
