//! `neg new TEMPLATE FILE`: start a plan from a standard-library template.

use super::{Output, OK, USAGE};
use crate::world::STDLIB;
use std::path::Path;

/// Why a template could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
enum NewError {
    #[error("there is no template `{0}`")]
    #[diagnostic(code(crate::new::unknown), help("{1}"))]
    Unknown(String, String),
    #[error("`{0}` exists; `neg new` never overwrites a file")]
    #[diagnostic(
        code(crate::new::exists),
        help("choose another name, or remove the file first")
    )]
    Exists(String),
    #[error("cannot write `{0}`: {1}")]
    #[diagnostic(
        code(crate::new::write),
        help("check that the folder exists and can be written")
    )]
    Write(String, String),
}

/// The template names, without `std/`.
pub fn templates() -> Vec<&'static str> {
    STDLIB
        .iter()
        .map(|(name, _)| name.trim_start_matches("std/"))
        .collect()
}

/// Writes template `name` (`lease` or `std/lease`) to `file`, which must not exist.
pub fn new(out: &Output, name: &str, file: &Path) -> u8 {
    match write(name, file) {
        Ok(()) => {
            if !out.json() {
                println!(
                    "wrote {} from the `{}` template; run it with `neg run {}`",
                    file.display(),
                    name.trim_start_matches("std/"),
                    file.display()
                );
            }
            OK
        }
        Err(e) => {
            out.plain_error(&e);
            USAGE
        }
    }
}

fn write(name: &str, file: &Path) -> Result<(), NewError> {
    let wanted = format!(
        "std/{}",
        name.trim_start_matches("std/").trim_end_matches(".neg")
    );
    let Some((_, text)) = STDLIB.iter().find(|(n, _)| *n == wanted) else {
        let all = templates();
        let list = format!("the templates are: {}", all.join(", "));
        let help = match crate::check::suggest(name, all.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? {list}"),
            None => list,
        };
        return Err(NewError::Unknown(name.to_string(), help));
    };
    // Kept if it exists, checked as the file is put in place: no other
    // process can create it in between.
    crate::host::files::write(file, text.as_bytes(), crate::host::files::Existing::Keep).map_err(
        |e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewError::Exists(file.display().to_string()),
            _ => NewError::Write(file.display().to_string(), e.to_string()),
        },
    )
}
