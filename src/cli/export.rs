//! `neg export genius|geniusweb FILE.neg -o DIR`: a plan as a domain and one
//! profile per party.

use super::{Output, FAILED, OK, USAGE};
use neg::diagnostics::Sources;
use neg::interop::genius_out;
use std::path::Path;

/// The two formats' files, as (file name, text).
type Files = (
    (String, String),
    Vec<(String, String)>,
    Vec<neg::diagnostics::Diag>,
);

/// Checks the plan and writes its GENIUS files into `dir` (created if missing).
pub fn genius(out: &Output, file: &Path, dir: &Path, limits: neg::hooks::Limits) -> u8 {
    write(out, (file, limits), dir, |s| {
        genius_out::export(s).map(|e| (e.domain, e.profiles, e.warnings))
    })
}

/// Checks the plan and writes its GeniusWeb files into `dir` (created if missing).
pub fn geniusweb(out: &Output, file: &Path, dir: &Path, limits: neg::hooks::Limits) -> u8 {
    write(out, (file, limits), dir, |s| {
        neg::interop::geniusweb::export(s).map(|e| (e.domain, e.profiles, e.warnings))
    })
}

fn write(
    out: &Output,
    (file, limits): (&Path, neg::hooks::Limits),
    dir: &Path,
    export: impl Fn(&neg::model::Scenario) -> Result<Files, Vec<neg::diagnostics::Diag>>,
) -> u8 {
    let mut sources = Sources::default();
    let checked = match super::load_checked(
        out,
        &mut sources,
        file,
        limits,
        &neg::analysis::cancel::Cancel::never(),
    ) {
        Ok(c) => c,
        Err(status) => return status,
    };
    let (domain, profiles, warnings) = match export(&checked.scenario) {
        Ok(e) => e,
        Err(diags) => {
            out.diags(&diags, &sources);
            return FAILED;
        }
    };
    out.diags(&warnings, &sources);
    if let Err(e) = std::fs::create_dir_all(dir) {
        out.plain_error(&neg::ReadError {
            path: dir.display().to_string(),
            why: e.to_string(),
        });
        return USAGE;
    }
    for (name, xml) in std::iter::once(&domain).chain(&profiles) {
        let path = dir.join(name);
        if let Err(e) =
            neg::host::files::write(&path, xml.as_bytes(), neg::host::files::Existing::Replace)
        {
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
