//! `neg export genius|geniusweb FILE.neg -o DIR`: a plan as a domain and one
//! profile per party.

use super::{Output, FAILED, OK, USAGE};
use crate::diagnostics::Sources;
use crate::interop::genius_out;
use std::path::Path;

/// The two formats' files, as (file name, text).
type Files = (
    (String, String),
    Vec<(String, String)>,
    Vec<crate::diagnostics::Diag>,
);

/// Checks the plan and writes its GENIUS files into `dir` (created if missing).
pub fn genius(out: &Output, file: &Path, dir: &Path, limits: crate::hooks::Limits) -> u8 {
    write(out, (file, limits), dir, |s| {
        genius_out::export(s).map(|e| (e.domain, e.profiles, e.warnings))
    })
}

/// Checks the plan and writes its GeniusWeb files into `dir` (created if missing).
pub fn geniusweb(out: &Output, file: &Path, dir: &Path, limits: crate::hooks::Limits) -> u8 {
    write(out, (file, limits), dir, |s| {
        crate::interop::geniusweb::export(s).map(|e| (e.domain, e.profiles, e.warnings))
    })
}

fn write(
    out: &Output,
    (file, limits): (&Path, crate::hooks::Limits),
    dir: &Path,
    export: impl Fn(&crate::model::Scenario) -> Result<Files, Vec<crate::diagnostics::Diag>>,
) -> u8 {
    let mut sources = Sources::default();
    let checked = match super::load_checked(
        out,
        &mut sources,
        file,
        limits,
        &crate::cancel::Cancel::never(),
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
        out.plain_error(&crate::check::roots::ReadError {
            path: dir.display().to_string(),
            why: e.to_string(),
        });
        return USAGE;
    }
    for (name, xml) in std::iter::once(&domain).chain(&profiles) {
        let path = dir.join(name);
        if let Err(e) =
            crate::host::files::write(&path, xml.as_bytes(), crate::host::files::Existing::Replace)
        {
            out.plain_error(&crate::check::roots::ReadError {
                path: path.display().to_string(),
                why: e.to_string(),
            });
            return USAGE;
        }
        out.note(&format!("wrote {}", path.display()));
    }
    OK
}
