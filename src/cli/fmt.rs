//! `neg fmt [--check] FILE…`: canonical layout, written safely
//! ([`crate::host::files::write`]: through links, never over a read-only file).

use super::{Output, FAILED, OK, USAGE};
use crate::diagnostics::Sources;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Formats each file; returns the worst exit status.
pub fn fmt(out: &Output, files: &[PathBuf], check: bool) -> u8 {
    let mut status = OK;
    for file in files {
        status = status.max(one(out, file, check));
    }
    status
}

fn one(out: &Output, file: &Path, check: bool) -> u8 {
    let stdin = file == Path::new("-");
    // As it is, to tell whether formatting changes it (old Mac line ends
    // become line feeds, like `\r\n`: the output always ends lines with `\n`).
    let original = if stdin {
        match read_stdin() {
            Ok(s) => s,
            Err(why) => {
                out.plain_error(&crate::check::roots::ReadError {
                    path: "<stdin>".into(),
                    why,
                });
                return USAGE;
            }
        }
    } else {
        match crate::host::read_file_as_is(file) {
            Ok(t) => t,
            Err(why) => {
                out.plain_error(&crate::check::roots::ReadError {
                    path: file.display().to_string(),
                    why: why.to_string(),
                });
                return USAGE;
            }
        }
    };
    // Verbatim parts (hook code, comments) are copied as they are: their
    // `\r\n` becomes `\n` here, so that the output has one kind of line end.
    let text = crate::world::line_ends(original.replace("\r\n", "\n"));
    let formatted = match crate::fmt::format_source(&text) {
        Ok(f) => f,
        Err(diags) => {
            let mut sources = Sources::default();
            let name = if stdin {
                "<stdin>".to_string()
            } else {
                file.display().to_string()
            };
            let id = sources.add(name, text.as_str());
            let diags: Vec<_> = diags
                .into_iter()
                .map(|mut d| {
                    d.source = id;
                    d
                })
                .collect();
            out.diags(&diags, &sources);
            return FAILED;
        }
    };
    if stdin && !check {
        print!("{formatted}");
        return OK;
    }
    if formatted == original {
        return OK;
    }
    if check {
        println!("{} would be reformatted", file.display());
        return FAILED;
    }
    match crate::host::files::write(
        file,
        formatted.as_bytes(),
        crate::host::files::Existing::Replace,
    ) {
        Ok(()) => {
            out.note(&format!("formatted {}", file.display()));
            OK
        }
        Err(e) => {
            out.plain_error(&crate::check::roots::ReadError {
                path: file.display().to_string(),
                why: format!("could not write it: {e}"),
            });
            USAGE
        }
    }
}

/// Standard input as text, refused past the size neg reads from a file
/// (`cat /dev/zero | neg fmt -` must not run out of memory).
fn read_stdin() -> Result<String, String> {
    let mut bytes = vec![];
    std::io::stdin()
        .take(crate::world::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > crate::world::MAX_FILE_BYTES {
        return Err(crate::world::ReadFailure::TooLarge.to_string());
    }
    crate::world::text_of(bytes).map_err(|e| e.to_string())
}
