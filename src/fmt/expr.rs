//! Expressions, with the parentheses the user wrote and only those the tree
//! needs besides.
//!
//! Two things decide whether an operand needs parentheses. Precedence, as
//! usual: a looser operator under a tighter one. And reach: `not x` and
//! `if … else x` extend as far right as the parser can take them (`not`
//! takes every operator tighter than itself, `else` takes everything), so an
//! operand that *ends* in one of them must be closed off before an operator
//! it would swallow. A tree parsed from source never needs either kind of
//! parenthesis beyond its own [`ExprKind::Paren`] nodes, so source trees print
//! back exactly; other trees still print correctly.

use super::items::number;
use crate::syntax::{BinOp, Expr, ExprKind, UnOp};

/// Reach of an expression that swallows no following operator.
const CLOSED: u8 = u8::MAX;

/// Prints an expression.
pub(crate) fn expr(e: &Expr) -> String {
    print(e).0
}

/// Prints an expression and gives its reach: a following binary operator
/// with a precedence above the reach would be taken into its last part.
fn print(e: &Expr) -> (String, u8) {
    match &e.kind {
        ExprKind::Number(n) => (number(n), CLOSED),
        ExprKind::Bool(b) => (b.to_string(), CLOSED),
        ExprKind::Name(i) => (i.name.clone(), CLOSED),
        ExprKind::Call { function, args } => {
            let args: Vec<String> = args.iter().map(expr).collect();
            (format!("{}({})", function.name, args.join(", ")), CLOSED)
        }
        ExprKind::Unary(op, x) => unary(*op, x),
        ExprKind::Binary(..) => binary_chain(e),
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            let (c, t, o) = (expr(cond), expr(then), expr(otherwise));
            (format!("if {c} then {t} else {o}"), 0)
        }
        ExprKind::When { event, arms } => (when(&event.name, arms), CLOSED),
        ExprKind::Paren(x) => (format!("({})", expr(x)), CLOSED),
    }
}

/// `when E { outcome: EXPR, … }`
fn when(event: &str, arms: &[(crate::syntax::Ident, Expr)]) -> String {
    if arms.is_empty() {
        return format!("when {event} {{ }}");
    }
    let arms: Vec<String> = arms
        .iter()
        .map(|(o, v)| format!("{}: {}", o.name, expr(v)))
        .collect();
    format!("when {event} {{ {} }}", arms.join(", "))
}

/// `-x` / `not x`: the operand is parenthesised when it is a looser binary.
fn unary(op: UnOp, x: &Expr) -> (String, u8) {
    let (text, reach) = print(x);
    let loose = matches!(&x.kind, ExprKind::Binary(b, ..) if b.precedence() < op.precedence());
    let (text, reach) = if loose {
        (format!("({text})"), CLOSED)
    } else {
        (text, reach)
    };
    let printed = match op {
        UnOp::Neg => format!("-{text}"),
        UnOp::Not => format!("not {text}"),
    };
    (printed, reach.min(op.precedence()))
}

/// A chain of binary operators, printed from the bottom of its left spine up
/// without recursing along it (a long `a + b + c + …` is one deep spine).
fn binary_chain(e: &Expr) -> (String, u8) {
    let mut spine = vec![];
    let mut node = e;
    while let ExprKind::Binary(op, l, r) = &node.kind {
        spine.push((node, *op, r.as_ref()));
        node = l;
    }
    let (mut text, mut reach) = print(node);
    let mut left = node;
    for (parent, op, right) in spine.into_iter().rev() {
        reach = join(&mut text, reach, left, op, right);
        left = parent;
    }
    (text, reach)
}

/// Turns `text` (the printed left operand `l`, with its reach) into
/// `l OP r`, each side parenthesised when the parser would group otherwise;
/// returns the reach of the whole.
fn join(text: &mut String, left_reach: u8, l: &Expr, op: BinOp, r: &Expr) -> u8 {
    let p = op.precedence();
    let left_loose = matches!(&l.kind, ExprKind::Binary(b, ..)
        if b.precedence() < p || (b.precedence() == p && op.right_assoc()));
    if left_loose || left_reach < p {
        text.insert(0, '(');
        text.push(')');
    }
    let (right, right_reach) = print(r);
    let right_loose = matches!(&r.kind, ExprKind::Binary(b, ..)
        if b.precedence() < p || (b.precedence() == p && !op.right_assoc()));
    text.push(' ');
    text.push_str(op.symbol());
    text.push(' ');
    if right_loose {
        text.push('(');
        text.push_str(&right);
        text.push(')');
        CLOSED
    } else {
        text.push_str(&right);
        right_reach
    }
}
