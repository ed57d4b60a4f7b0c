//! The interactive REPL: a session of declarations and commands that behave
//! exactly as the same lines in a plan.

mod session;

pub use session::{ReplSession, Reply};
