//! `neg import genius DIR | DOMAIN.xml PROFILE.xml… [-o FILE]`: a GENIUS
//! domain and its profiles as a `.neg` plan.

use super::{Output, FAILED, OK, USAGE};
use crate::diagnostics::Sources;
use crate::interop::{genius, to_neg, NegOptions};
use std::path::{Path, PathBuf};

/// Why the inputs could not be used at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(crate::import::inputs))]
struct InputError {
    message: String,
    #[help]
    help: Option<String>,
}

fn usage(out: &Output, message: String, help: &str) -> u8 {
    out.plain_error(&InputError {
        message,
        help: (!help.is_empty()).then(|| help.to_string()),
    });
    USAGE
}

/// Imports a GENIUS domain; writes the plan to `output` or standard output.
pub fn genius(out: &Output, inputs: &[PathBuf], output: Option<&Path>, real_steps: usize) -> u8 {
    if real_steps == 0 {
        return usage(out, "--real-steps must be at least 1".into(), "");
    }
    let files = match expand(inputs, "xml") {
        Ok(f) => f,
        Err(why) => return usage(out, why, ""),
    };
    let mut sources = Sources::default();
    let mut ids = vec![];
    for f in &files {
        match crate::host::read_file(f).map_err(|e| e.to_string()) {
            Ok(text) => ids.push(sources.add(f.display().to_string(), text)),
            Err(why) => {
                out.plain_error(&crate::check::roots::ReadError {
                    path: f.display().to_string(),
                    why,
                });
                return USAGE;
            }
        }
    }
    let (domain, profiles) = if inputs.len() == 1 && inputs[0].is_dir() {
        let kinds: Vec<Option<bool>> = ids
            .iter()
            .map(|&id| genius::is_domain(&sources.get(id).text))
            .collect();
        let domains: Vec<usize> = (0..ids.len()).filter(|&k| kinds[k] == Some(true)).collect();
        if domains.len() != 1 {
            return usage(
                out,
                format!(
                    "`{}` holds {} GENIUS domain files; the import needs exactly one",
                    inputs[0].display(),
                    domains.len()
                ),
                "name the files instead: `neg import genius DOMAIN.xml PROFILE.xml…`",
            );
        }
        // Files that are not a domain are profiles, or say why they are neither.
        let profiles: Vec<_> = (0..ids.len())
            .filter(|&k| kinds[k] != Some(true))
            .map(|k| ids[k])
            .collect();
        (ids[domains[0]], profiles)
    } else {
        (ids[0], ids[1..].to_vec())
    };
    if profiles.is_empty() {
        return usage(
            out,
            "no profiles: a plan needs at least one party".into(),
            "give the profile files after the domain file",
        );
    }
    let imported = match genius::read(&sources, domain, &profiles) {
        Ok(d) => d,
        Err(diags) => {
            out.diags(&diags, &sources);
            return FAILED;
        }
    };
    out.diags(&imported.warnings, &sources);
    let name = |id| {
        let path = &sources.get(id).name;
        Path::new(path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned())
    };
    let options = NegOptions {
        format: "GENIUS",
        domain_file: name(domain),
        profile_files: profiles.iter().map(|&p| name(p)).collect(),
        real_steps,
    };
    write_plan(out, &to_neg(&imported, &options), output)
}

/// Imports GeniusWeb JSON profiles (a folder's `.json` files, or the files
/// given); a domain file, if there is one, must match them.
pub fn geniusweb(out: &Output, inputs: &[PathBuf], output: Option<&Path>) -> u8 {
    let files = match expand(inputs, "json") {
        Ok(f) => f,
        Err(why) => return usage(out, why, ""),
    };
    let mut sources = Sources::default();
    let mut domain = None;
    let mut profiles = vec![];
    for f in &files {
        let text = match crate::host::read_file(f).map_err(|e| e.to_string()) {
            Ok(text) => text,
            Err(why) => {
                out.plain_error(&crate::check::roots::ReadError {
                    path: f.display().to_string(),
                    why,
                });
                return USAGE;
            }
        };
        let is_domain = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .is_some_and(|v| v.get("issuesValues").is_some());
        let id = sources.add(f.display().to_string(), text);
        if is_domain && domain.is_none() {
            domain = Some(id);
        } else {
            profiles.push(id);
        }
    }
    if profiles.is_empty() {
        return usage(
            out,
            "no profiles: a plan needs at least one party".into(),
            "give the profile files (.json)",
        );
    }
    let imported = match crate::interop::geniusweb::read(&sources, domain, &profiles) {
        Ok(d) => d,
        Err(diags) => {
            out.diags(&diags, &sources);
            return FAILED;
        }
    };
    out.diags(&imported.warnings, &sources);
    let name = |id| file_name(&sources.get(id).name);
    let options = NegOptions {
        format: "GeniusWeb",
        domain_file: domain.map_or("(embedded in the profiles)".into(), name),
        profile_files: profiles.iter().map(|&p| name(p)).collect(),
        real_steps: 10,
    };
    write_plan(out, &to_neg(&imported, &options), output)
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The files of the inputs: a folder's files with extension `ext` by name, or the files as given.
fn expand(inputs: &[PathBuf], ext: &str) -> Result<Vec<PathBuf>, String> {
    if inputs.len() == 1 && inputs[0].is_dir() {
        let entries = std::fs::read_dir(&inputs[0])
            .map_err(|e| format!("cannot read `{}`: {e}", inputs[0].display()))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext)))
            .collect();
        files.sort();
        return Ok(files);
    }
    Ok(inputs.to_vec())
}

/// Lays the plan out canonically, checks it, and writes it.
fn write_plan(out: &Output, text: &str, output: Option<&Path>) -> u8 {
    let formatted = match crate::fmt::format_source(text) {
        Ok(f) => f,
        Err(diags) => {
            let mut sources = Sources::default();
            let id = sources.add("<import>", text);
            let diags: Vec<_> = diags
                .into_iter()
                .map(|d| Diag { source: id, ..d })
                .collect();
            out.diags(&diags, &sources);
            return FAILED;
        }
    };
    let mut sources = Sources::default();
    let name = output.map_or("<import>".to_string(), |p| p.display().to_string());
    if let Err(diags) = crate::check::roots::load_text(&mut sources, &name, &formatted) {
        out.diags(&diags, &sources);
        return FAILED;
    }
    match output {
        None => {
            print!("{formatted}");
            OK
        }
        Some(path) => {
            match crate::host::files::write(
                path,
                formatted.as_bytes(),
                crate::host::files::Existing::Replace,
            ) {
                Ok(()) => {
                    out.note(&format!("wrote {}", path.display()));
                    OK
                }
                Err(e) => {
                    out.plain_error(&crate::check::roots::ReadError {
                        path: path.display().to_string(),
                        why: e.to_string(),
                    });
                    USAGE
                }
            }
        }
    }
}

use crate::diagnostics::Diag;
