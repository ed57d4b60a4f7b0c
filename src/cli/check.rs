//! `neg check FILE…`: report every problem in every file, run nothing.

use super::{Output, OK};
use crate::diagnostics::Sources;
use crate::report::{CheckSummary, Report};
use std::path::PathBuf;

/// Checks each file; returns the worst exit status.
pub fn check(out: &Output, files: &[PathBuf], limits: crate::hooks::Limits) -> u8 {
    let mut status = OK;
    for file in files {
        let mut sources = Sources::default();
        match super::load_checked(
            out,
            &mut sources,
            file,
            limits,
            &crate::cancel::Cancel::never(),
        ) {
            Err(failed) => status = status.max(failed),
            Ok(c) => {
                out.diags(&c.warnings, &sources);
                let s = &c.scenario;
                out.report(&Report::Check(CheckSummary {
                    file: file.display().to_string(),
                    ok: true,
                    parties: s.parties.len(),
                    issues: s.issues.len(),
                    packages: s.package_count(),
                    feasible_packages: (!s.rules.is_empty())
                        .then(|| crate::analysis::space::feasible_package_count(s))
                        .flatten(),
                    warnings: c.warnings.len(),
                }));
            }
        }
    }
    status
}
