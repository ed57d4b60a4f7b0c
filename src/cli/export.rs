//! `neg export genius FILE.neg -o DIR`: a plan as a GENIUS domain and one
//! profile per party.

use super::{Output, FAILED, OK, USAGE};
use neg::diagnostics::Sources;
use neg::interop::genius_out;
use std::path::Path;

/// Checks the plan and writes its GENIUS files into `dir` (created if missing).
pub fn genius(out: &Output, file: &Path, dir: &Path) -> u8 {
    let mut sources = Sources::default();
    let checked = match neg::load_file(&mut sources, file) {
        Err(e) => {
            out.plain_error(&e);
            return USAGE;
        }
        Ok(Err(diags)) => {
            out.diags(&diags, &sources);
            return FAILED;
        }
        Ok(Ok(c)) => c,
    };
    let export = match genius_out::export(&checked.scenario) {
        Ok(e) => e,
        Err(diags) => {
            out.diags(&diags, &sources);
            return FAILED;
        }
    };
    out.diags(&export.warnings, &sources);
    if let Err(e) = std::fs::create_dir_all(dir) {
        out.plain_error(&neg::ReadError {
            path: dir.display().to_string(),
            why: e.to_string(),
        });
        return USAGE;
    }
    for (name, xml) in std::iter::once(&export.domain).chain(&export.profiles) {
        let path = dir.join(name);
        if let Err(e) = super::fmt::write_atomically(&path, xml) {
            out.plain_error(&neg::ReadError {
                path: path.display().to_string(),
                why: e.to_string(),
            });
            return USAGE;
        }
        out.note(&format!("wrote {}", path.display()));
    }
    OK
}
