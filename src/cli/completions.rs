//! `neg completions SHELL`: the shell's completion script for `neg`, from
//! clap's own description of the arguments (clap_complete).

use super::args::Cli;
use clap::CommandFactory;

/// Prints the completion script for `shell` to standard output.
pub(crate) fn completions(shell: clap_complete::Shell) -> u8 {
    let mut script = vec![];
    clap_complete::generate(shell, &mut Cli::command(), "neg", &mut script);
    super::print_to(&mut std::io::stdout(), &String::from_utf8_lossy(&script));
    super::OK
}
