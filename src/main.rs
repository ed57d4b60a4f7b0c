//! The `neg` command line: a thin host on the library (`neg::cli`).

fn main() -> std::process::ExitCode {
    neg::cli::main()
}
