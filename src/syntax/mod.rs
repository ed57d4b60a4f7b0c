//! Syntax: the pest grammar's parse tree turned into a typed AST with spans.

pub mod ast;
pub mod comments;
mod errors;
mod expr;
pub mod keywords;
mod names;
// The language server's rename checks it; without the command line, unused.
#[cfg_attr(not(feature = "cli"), allow(unused_imports))]
pub use names::MAX_NAME_CHARS;
pub mod parse;

pub use ast::*;
pub use keywords::KEYWORDS;
pub use parse::{parse_file, parse_number};
