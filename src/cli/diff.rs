//! `neg diff`: two versions of a plan compared by meaning (docs/diff.md).
//!
//! - `neg diff OLD NEW`: two files;
//! - `neg diff REV FILE`: FILE at a git revision against the working copy
//!   (the old version's imports are read at that revision too);
//! - `neg diff REV`: every `.neg` file that differs between REV and the
//!   working tree;
//! - `neg diff --git PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
//!   NEW-MODE`: git's external diff driver (`diff.neg.command`).
//!
//! The exit status is 0 whether or not the versions differ (as a diff
//! driver needs), 1 when a version has errors, 2 for a usage error.

use super::{Output, FAILED, OK, USAGE};
use crate::diff::Side;
use crate::host::FsWorld;
use crate::plan::{Plan, PlanError};
use crate::report::Report;
use crate::world::{text_of, ReadFailure, World, MAX_FILE_BYTES};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// Why `neg diff` could not start.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(neg::diff))]
struct DiffError {
    message: String,
    #[help]
    help: Option<String>,
}

fn usage(out: &Output, message: String, help: &str) -> u8 {
    out.plain_error(&DiffError {
        message,
        help: (!help.is_empty()).then(|| help.to_string()),
    });
    USAGE
}

const FORMS: &str = "give two plans (`neg diff old.neg new.neg`), a git revision and a plan (`neg diff HEAD plan.neg`), or a revision alone (`neg diff HEAD`)";

/// Runs `neg diff`; returns the exit status.
pub fn diff(out: &Output, args: &[PathBuf], git: bool, limits: crate::hooks::Limits) -> u8 {
    if git {
        return git_driver(out, args, limits);
    }
    match args {
        [old, new] if old.is_file() && new.is_file() => {
            // Both are loaded, so that the errors of both are shown.
            match (load_file(out, old, limits), load_file(out, new, limits)) {
                (Some(Ok(a)), Some(Ok(b))) => show(out, Some(a.diff_side()), Some(b.diff_side())),
                (a, b) => status_of(a).max(status_of(b)),
            }
        }
        [old, new] if old.is_file() => usage(
            out,
            match new.is_dir() {
                true => format!(
                    "cannot read `{}`: it is a folder, not a plan",
                    new.display()
                ),
                false => format!("cannot read `{}`: no such file", new.display()),
            },
            "to compare two plans, give two files that exist",
        ),
        [rev] => revision(out, rev, None, limits),
        [rev, file] => revision(out, rev, Some(file), limits),
        _ => usage(out, "`neg diff` takes one or two arguments".into(), FORMS),
    }
}

/// `Some(Ok(plan))`, `Some(Err(status))` after printing why, or `None`
/// when the file could not be read at all (printed too).
fn load_file(out: &Output, file: &Path, limits: crate::hooks::Limits) -> Option<Result<Plan, u8>> {
    match Plan::load_with_limits(Arc::new(FsWorld), file, limits) {
        Ok(p) => Some(Ok(p)),
        Err(e) => report_error(out, e),
    }
}

/// Prints why a version cannot be compared: `Some(Err(1))` for a plan with
/// errors, `None` for one that cannot be read (status 2).
fn report_error<T>(out: &Output, e: PlanError) -> Option<Result<T, u8>> {
    match e {
        PlanError::Invalid {
            diagnostics,
            sources,
        } => {
            out.diags(&diagnostics, &sources);
            Some(Err(FAILED))
        }
        PlanError::Read(e) => {
            out.plain_error(&e);
            None
        }
        other => {
            out.plain_error(&DiffError {
                message: other.to_string(),
                help: None,
            });
            None
        }
    }
}

/// Prints the report of two versions (either may be missing: a plan added
/// or deleted).
fn show(out: &Output, old: Option<Side>, new: Option<Side>) -> u8 {
    let report = crate::diff::compare(old.as_ref(), new.as_ref());
    out.report(&Report::Diff(Box::new(report)));
    OK
}

/// `neg diff REV [FILE]`.
fn revision(out: &Output, rev: &Path, file: Option<&PathBuf>, limits: crate::hooks::Limits) -> u8 {
    let Some(rev) = rev.to_str() else {
        return usage(out, "the revision is not valid UTF-8".into(), FORMS);
    };
    let dir = match file {
        Some(f) => folder_of(f),
        None => PathBuf::from("."),
    };
    let top = match git(&dir, &["rev-parse", "--show-toplevel"]) {
        Ok(top) => PathBuf::from(top.trim_end_matches('\n')),
        Err(why) => {
            return usage(
                out,
                format!(
                    "`{rev}` is not a file, and `{}` is not in a git repository: {why}",
                    dir.display()
                ),
                FORMS,
            )
        }
    };
    if git(
        &dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .is_err()
    {
        let mut help =
            String::from("give a revision git knows (`HEAD`, `HEAD~1`, a branch, a tag, a commit)");
        if Path::new(rev).is_file() {
            help = format!("`{rev}` is a file: to compare two plans, give both files");
        }
        return usage(
            out,
            format!("`{rev}` is neither a revision of this repository nor a pair of files"),
            &help,
        );
    }
    match file {
        Some(file) => one_file(out, rev, file, limits),
        None => every_changed(out, rev, &top, limits),
    }
}

/// FILE at REV against the working copy.
fn one_file(out: &Output, rev: &str, file: &Path, limits: crate::hooks::Limits) -> u8 {
    let world = match GitWorld::for_file(rev, file) {
        Ok(w) => w,
        Err(why) => return usage(out, why, FORMS),
    };
    let label = format!("{rev}:{}", file.display());
    let top = world.top.clone();
    let old = match world.read(file) {
        Ok(text) => {
            let world = Arc::new(world);
            Plan::from_text_with_limits(world, &label, &text, folder_of(file), limits)
                .map_err(|e| named_at(rev, &top, e))
        }
        Err(ReadFailure::Missing) => {
            return usage(
                out,
                format!("`{}` is not in revision `{rev}`", file.display()),
                "name a plan that the revision has; `neg diff REV` alone compares every plan that changed",
            )
        }
        Err(why) => return usage(out, format!("cannot read `{label}`: {why}"), ""),
    };
    let old = match old {
        Ok(p) => p,
        Err(e) => return status_of(report_error::<()>(out, e)),
    };
    let new = match load_file(out, file, limits) {
        Some(Ok(p)) => p,
        other => return status_of(other),
    };
    show(
        out,
        Some(old.diff_side().labelled(label)),
        Some(new.diff_side()),
    )
}

fn status_of<T>(r: Option<Result<T, u8>>) -> u8 {
    match r {
        Some(Err(status)) => status,
        Some(Ok(_)) => OK,
        None => USAGE,
    }
}

/// Every plan whose text or imports differ between REV and the working
/// tree: the changed `.neg` files and the plans that import them, directly
/// or not, less the files that other plans import (a shared file of
/// parties is no plan on its own; the plans that import it show what its
/// change does).
fn every_changed(out: &Output, rev: &str, top: &Path, limits: crate::hooks::Limits) -> u8 {
    let listed = match git(
        top,
        &["diff", "--name-only", "--no-renames", rev, "--", "*.neg"],
    ) {
        Ok(l) => l,
        Err(why) => {
            return usage(
                out,
                format!("cannot list the plans changed since `{rev}`: {why}"),
                "",
            )
        }
    };
    let changed: Vec<String> = listed
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let tracked = git(top, &["ls-files", "--", "*.neg"]).unwrap_or_default();
    let mut status = OK;
    for path in roots_affected(top, &changed, tracked.lines().map(String::from).collect()) {
        let path = path.as_str();
        let file = top.join(path);
        let world = match GitWorld::for_file(rev, &file) {
            Ok(w) => w,
            Err(why) => return usage(out, why, ""),
        };
        let label = format!("{rev}:{path}");
        let repo_top = world.top.clone();
        let old = match world.read(&file) {
            Ok(text) => match Plan::from_text_with_limits(
                Arc::new(world),
                &label,
                &text,
                folder_of(&file),
                limits,
            )
            .map_err(|e| named_at(rev, &repo_top, e))
            {
                Ok(p) => Some(p),
                Err(e) => {
                    status = status.max(status_of(report_error::<()>(out, e)));
                    continue;
                }
            },
            // Added since REV.
            Err(ReadFailure::Missing) => None,
            Err(why) => {
                status = status.max(usage(out, format!("cannot read `{label}`: {why}"), ""));
                continue;
            }
        };
        let new = match file.exists() {
            false => None,
            true => match load_file(out, &file, limits) {
                Some(Ok(p)) => Some(p),
                other => {
                    status = status.max(status_of(other));
                    continue;
                }
            },
        };
        let old_side = old.as_ref().map(|p| p.diff_side().labelled(label.clone()));
        let new_side = new.as_ref().map(|p| p.diff_side().labelled(path));
        status = status.max(show(out, old_side, new_side));
    }
    if changed.is_empty() {
        out.note(&format!("no plan (`*.neg`) differs from `{rev}`"));
    }
    status
}

/// Of the `.neg` files (paths from the top of the repository), those that
/// import no other and are `changed` or import a changed one, in order.
fn roots_affected(top: &Path, changed: &[String], tracked: Vec<String>) -> Vec<String> {
    let mut all = tracked;
    for c in changed {
        if !all.contains(c) {
            all.push(c.clone());
        }
    }
    all.sort();
    // Each file's imports, as paths from the top, as the working tree has them.
    let imports: Vec<Vec<String>> = all
        .iter()
        .map(|f| {
            let Ok(text) = crate::host::read_file(&top.join(f)) else {
                return vec![];
            };
            let (file, _) = crate::syntax::parse_file(&text, crate::diagnostics::SourceId(0));
            let folder = Path::new(f).parent().unwrap_or(Path::new(""));
            file.items
                .iter()
                .filter_map(|i| match &i.kind {
                    crate::syntax::ItemKind::Import(s) if !s.value.starts_with("std/") => {
                        Some(from_top(&folder.join(&s.value)))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut affected: Vec<bool> = all.iter().map(|f| changed.contains(f)).collect();
    loop {
        let mut grew = false;
        for k in 0..all.len() {
            if !affected[k]
                && imports[k]
                    .iter()
                    .any(|i| all.iter().zip(&affected).any(|(f, &a)| a && f == i))
            {
                affected[k] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let imported = |f: &String| imports.iter().flatten().any(|i| i == f);
    all.iter()
        .zip(affected)
        .filter(|(f, a)| *a && !imported(f))
        .map(|(f, _)| f.clone())
        .collect()
}

/// A path from the top of the repository without `.` and `..`, `/`-separated.
fn from_top(path: &Path) -> String {
    let mut parts: Vec<String> = vec![];
    for c in path.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// git's external diff: `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
/// NEW-MODE` (`/dev/null` for a side that does not exist), or `PATH` alone
/// for an unmerged file. git runs it at the top of the working tree, so
/// both versions' imports resolve against PATH's folder in the working
/// tree (git hands over the blobs, not the revisions they come from).
/// Errors in a version are printed, and the status is still 0: git would
/// stop at the first file otherwise.
fn git_driver(out: &Output, args: &[PathBuf], limits: crate::hooks::Limits) -> u8 {
    let (path, old, new) = match args {
        [path] => {
            out.note(&format!("{}: unmerged, not compared", path.display()));
            return OK;
        }
        [path, old, _, _, new, _, _] => (path, old, new),
        _ => {
            return usage(
                out,
                format!("`neg diff --git` takes the 7 arguments git gives an external diff, not {}", args.len()),
                "set it up with `git config diff.neg.command 'neg diff --git'` and `*.neg diff=neg` in .gitattributes",
            )
        }
    };
    let base = folder_of(path);
    // `Err(true)`: the file does not check on its own.
    let load = |file: &Path, label: String| -> Result<Option<Plan>, bool> {
        if file == Path::new("/dev/null") {
            return Ok(None);
        }
        let text = match crate::host::read_file(file) {
            Ok(t) => t,
            Err(why) => {
                usage(out, format!("cannot read `{}`: {why}", file.display()), "");
                return Err(false);
            }
        };
        match Plan::from_text_with_limits(Arc::new(FsWorld), &label, &text, base.clone(), limits) {
            Ok(p) => Ok(Some(p)),
            Err(PlanError::Invalid { .. }) => Err(true),
            Err(e) => {
                report_error::<()>(out, e);
                Err(false)
            }
        }
    };
    let shown = path.display();
    match (
        load(old, format!("a/{shown}")),
        load(new, format!("b/{shown}")),
    ) {
        (Ok(a), Ok(b)) => show(
            out,
            a.as_ref().map(Plan::diff_side),
            b.as_ref().map(Plan::diff_side),
        ),
        (Err(false), _) | (_, Err(false)) => USAGE,
        // A file other plans import is seldom a plan on its own: its
        // lines are all there is to compare.
        _ => {
            if !out.json() {
                println!("{shown}: a version does not check on its own (`neg check` says why); its lines:");
            }
            let _ = Command::new("git")
                .args(["diff", "--no-index", "--no-ext-diff", "--"])
                .args([old, new])
                .status();
            OK
        }
    }
}

/// The folder a path's relative imports resolve against.
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Runs git in `dir`; its standard output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let first = said
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim_start_matches("fatal: ");
        return Err(first.to_string());
    }
    String::from_utf8(output.stdout).map_err(|_| "git's answer is not UTF-8".to_string())
}

/// The revision's files named `REV:path` in its diagnostics: the loader
/// names an import by its path on disk, where the working copy is.
fn named_at(rev: &str, top: &Path, e: PlanError) -> PlanError {
    let PlanError::Invalid {
        diagnostics,
        mut sources,
    } = e
    else {
        return e;
    };
    for i in 0..sources.len() {
        let id = crate::diagnostics::SourceId(i);
        let name = sources.get(id).name.clone();
        if name.starts_with(&format!("{rev}:")) {
            continue;
        }
        if let Ok(rel) = absolute(Path::new(&name)).strip_prefix(top) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            sources.rename(id, format!("{rev}:{}", parts.join("/")));
        }
    }
    PlanError::Invalid {
        diagnostics,
        sources,
    }
}

/// The files of one git revision: a path on disk is read as the revision
/// has it (`git cat-file blob REV:path`), so the old version's imports are
/// the revision's too.
#[derive(Debug)]
struct GitWorld {
    rev: String,
    /// The repository's top folder, as the paths the plan names reach it
    /// (absolute, without `.` and `..`, links not followed).
    top: PathBuf,
}

impl GitWorld {
    /// The world of `rev` for the repository holding `file`.
    fn for_file(rev: &str, file: &Path) -> Result<GitWorld, String> {
        let dir = folder_of(file);
        let prefix = git(&dir, &["rev-parse", "--show-prefix"])
            .map_err(|why| format!("`{}` is not in a git repository: {why}", dir.display()))?;
        // The prefix is the folder's path from the top: climbing as many
        // folders from the folder as written reaches the top as written.
        let mut top = absolute(&dir);
        for _ in Path::new(prefix.trim_end()).components() {
            top.pop();
        }
        Ok(GitWorld {
            rev: rev.to_string(),
            top,
        })
    }

    /// `path` from the top of the repository, `/`-separated.
    fn in_repo(&self, path: &Path) -> Option<String> {
        let rel = absolute(path).strip_prefix(&self.top).ok()?.to_path_buf();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }
}

impl World for GitWorld {
    fn read(&self, path: &Path) -> Result<String, ReadFailure> {
        let Some(rel) = self.in_repo(path) else {
            return Err(ReadFailure::Other(format!(
                "it is outside the repository, so it has no version at `{}`",
                self.rev
            )));
        };
        let object = format!("{}:{rel}", self.rev);
        let size =
            git(&self.top, &["cat-file", "-s", &object]).map_err(|_| ReadFailure::Missing)?;
        if size.trim().parse::<u64>().is_ok_and(|n| n > MAX_FILE_BYTES) {
            return Err(ReadFailure::TooLarge);
        }
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(["cat-file", "blob", &object])
            .output()
            .map_err(|e| ReadFailure::Other(format!("cannot run git: {e}")))?;
        if !output.status.success() {
            // `-s` found it, so it is there but not a file (a folder).
            return Err(ReadFailure::Directory);
        }
        text_of(output.stdout)
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        Some(absolute(path))
    }
}

/// `path` from the root, without `.` and `..` (links not followed: the
/// revision's files need not exist on disk).
fn absolute(path: &Path) -> PathBuf {
    let joined = match path.is_absolute() {
        true => path.to_path_buf(),
        false => std::env::current_dir().unwrap_or_default().join(path),
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
