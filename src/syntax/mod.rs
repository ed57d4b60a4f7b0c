//! Syntax: the pest grammar's parse tree turned into a typed AST with spans.

pub mod ast;
pub mod comments;
mod expr;
mod names;
pub mod parse;

pub use ast::*;
pub use names::MAX_NAME_CHARS;
pub use parse::{parse_file, parse_number, KEYWORDS, TOP_LEVEL_KEYWORDS};
