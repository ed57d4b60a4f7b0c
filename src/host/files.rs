//! Writing files safely. Every file neg writes (a formatted plan, a saved
//! REPL session, a plot, an imported plan, exported GENIUS or GeniusWeb
//! files, a new plan from a template) goes through [`write()`]:
//!
//! - a link is written through to its target, and stays a link;
//! - only a regular file is replaced (not a device, a FIFO, a folder), and
//!   only one the user may write: a read-only file is refused, not replaced;
//! - the text goes to a temporary file created exclusively (`O_EXCL`), with
//!   an unpredictable name, in the target's folder, so nothing placed there
//!   in advance can redirect the write; it is then renamed over the target,
//!   so an interrupted write never leaves half a file;
//! - the replaced file keeps its permissions, and its owner and group where
//!   the user may set them; where not (a file shared through a group), it is
//!   rewritten in place instead, which keeps them;
//! - the temporary file is removed on any failure, and by
//!   [`remove_temporaries`], which the command line calls on Ctrl-C.

use std::io::{Error, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What to do when the file is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it.
    Replace,
    /// Leave it, and fail with `ErrorKind::AlreadyExists` (checked when the
    /// file is put in place, so no other process can slip one in between).
    Keep,
}

/// Temporary files being written now, for [`remove_temporaries`].
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(vec![]);

/// Removes the temporary files of writes under way: for a signal handler,
/// just before the process exits.
pub fn remove_temporaries() {
    let paths = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
    for path in paths.iter() {
        let _ = std::fs::remove_file(path);
    }
}

/// Writes `bytes` to `path` safely (see the module documentation).
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> std::io::Result<()> {
    write_to(target_of(path)?, bytes, existing)
}

/// [`write()`] for a path a plan names (`plot "file.svg"`): a plan may come
/// from someone else, with a link beside it that leads to one of the user's
/// files, so a link is refused rather than followed.
pub fn write_for_plan(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return Err(Error::other(
            "it is a link; a plan's output replaces only regular files",
        ));
    }
    write_to(path.to_path_buf(), bytes, Existing::Replace)
}

fn write_to(target: PathBuf, bytes: &[u8], existing: Existing) -> std::io::Result<()> {
    let old = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let Some(meta) = old else {
        return put_in_place(&target, bytes, None, existing);
    };
    if existing == Existing::Keep {
        return Err(Error::new(ErrorKind::AlreadyExists, "it already exists"));
    }
    if !meta.is_file() {
        return Err(Error::other(
            "it is not a regular file (a folder, a device, a FIFO or a socket)",
        ));
    }
    let read_only = || {
        Error::new(
            ErrorKind::PermissionDenied,
            "it is read-only; it was left as it is",
        )
    };
    // No write permission for anyone: refused even to a user the system
    // would let through (root), as an editor would.
    if meta.permissions().readonly() {
        return Err(read_only());
    }
    // Opening it for writing asks the system whether the user may write it
    // (permissions, ownership, a read-only mount); it is not changed yet.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&target)
        .map_err(|e| match e.kind() {
            ErrorKind::PermissionDenied => read_only(),
            _ => e,
        })?;
    put_in_place(&target, bytes, Some((meta, file)), existing)
}

/// The file a write to `path` goes to: `path`, or the file it links to.
fn target_of(path: &Path) -> std::io::Result<PathBuf> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(path.to_path_buf());
    }
    path.canonicalize().map_err(|_| {
        Error::new(
            ErrorKind::NotFound,
            "it is a link to a file that does not exist (the link was left as it is)",
        )
    })
}

/// Writes through a temporary file beside `target` and renames it over
/// `target` (`old`: the file there now, opened for writing).
fn put_in_place(
    target: &Path,
    bytes: &[u8],
    old: Option<(std::fs::Metadata, std::fs::File)>,
    existing: Existing,
) -> std::io::Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}.");
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets what any program's new file gets (0666 less the
    // umask), not a temporary file's 0600.
    #[cfg(unix)]
    if old.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Said plainly, rather than as the temporary file's path.
    let mut tmp = builder.tempfile_in(dir).map_err(|e| match e.kind() {
        ErrorKind::NotFound => Error::new(
            ErrorKind::NotFound,
            format!("the folder `{}` does not exist", dir.display()),
        ),
        ErrorKind::PermissionDenied => Error::new(
            ErrorKind::PermissionDenied,
            format!("the folder `{}` cannot be written", dir.display()),
        ),
        _ => e,
    })?;
    let path = tmp.path().to_path_buf();
    TEMPORARIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(path.clone());
    let result = (|| {
        tmp.write_all(bytes)?;
        if let Some((meta, file)) = &old {
            tmp.as_file().set_permissions(meta.permissions())?;
            if !same_owner(tmp.as_file(), meta)? {
                // Renaming would hand the file to this user: rewrite it
                // in place instead (the temporary is removed on drop).
                return rewrite_in_place(file, bytes);
            }
        }
        tmp.as_file().sync_all()?;
        match existing {
            Existing::Replace => tmp.persist(target).map(drop).map_err(|e| e.error),
            Existing::Keep => {
                tmp.persist_noclobber(target)
                    .map(drop)
                    .map_err(|e| match e.error.kind() {
                        ErrorKind::AlreadyExists => {
                            Error::new(ErrorKind::AlreadyExists, "it already exists")
                        }
                        _ => e.error,
                    })
            }
        }
    })();
    TEMPORARIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| *p != path);
    result
}

/// Gives the temporary file the replaced file's owner and group; whether
/// they are now the same (they cannot be when another user owns the file
/// and this one may not give files away).
#[cfg(unix)]
fn same_owner(tmp: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let now = tmp.metadata()?;
    if (now.uid(), now.gid()) == (old.uid(), old.gid()) {
        return Ok(true);
    }
    Ok(std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid())).is_ok())
}

#[cfg(not(unix))]
fn same_owner(_: &std::fs::File, _: &std::fs::Metadata) -> std::io::Result<bool> {
    Ok(true)
}

/// Replaces the content of an open file, keeping its owner and its links.
fn rewrite_in_place(mut file: &std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    file.set_len(0)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("neg-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_is_written_and_nothing_else_is_left() {
        let dir = scratch("new");
        write(&dir.join("a.neg"), b"party a\n", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(dir.join("a.neg")).unwrap(), b"party a\n");
        assert_eq!(listing(&dir), ["a.neg"]);
        let e = write(&dir.join("a.neg"), b"x", Existing::Keep).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(dir.join("a.neg")).unwrap(), b"party a\n");
        assert_eq!(listing(&dir), ["a.neg"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("modes");
        let new = dir.join("new.neg");
        write(&new, b"x", Existing::Replace).unwrap();
        // 0666 less a umask, which never takes the owner's read and write.
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o600, 0o600, "{mode:o}");
        let old = dir.join("old.neg");
        std::fs::write(&old, "x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&old, b"y", Existing::Replace).unwrap();
        let mode = std::fs::metadata(&old).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{mode:o}");
        // A read-only file is refused and left as it was.
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write(&old, b"z", Existing::Replace).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::PermissionDenied);
        assert_eq!(std::fs::read(&old).unwrap(), b"y");
        assert_eq!(listing(&dir), ["new.neg", "old.neg"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let dir = scratch("link");
        std::fs::create_dir_all(dir.join("real")).unwrap();
        std::fs::write(dir.join("real/plan.neg"), "old").unwrap();
        std::os::unix::fs::symlink("real/plan.neg", dir.join("plan.neg")).unwrap();
        write(&dir.join("plan.neg"), b"new", Existing::Replace).unwrap();
        let meta = std::fs::symlink_metadata(dir.join("plan.neg")).unwrap();
        assert!(meta.file_type().is_symlink());
        assert_eq!(std::fs::read(dir.join("real/plan.neg")).unwrap(), b"new");
        assert_eq!(listing(&dir.join("real")), ["plan.neg"]);
        // A link to nothing is left alone.
        std::os::unix::fs::symlink("missing.neg", dir.join("dangling.neg")).unwrap();
        assert!(write(&dir.join("dangling.neg"), b"x", Existing::Replace).is_err());
        assert!(!dir.join("missing.neg").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_folder_is_named_not_the_temporary_file() {
        let dir = scratch("missing-folder");
        let e = write(&dir.join("nowhere/a.neg"), b"x", Existing::Replace).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(
            e.to_string(),
            format!(
                "the folder `{}` does not exist",
                dir.join("nowhere").display()
            )
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
