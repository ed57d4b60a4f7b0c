//! The file system as a [`World`]: what the command line reads plans from.

use crate::world::{line_ends, text_of, ReadFailure, World, MAX_FILE_BYTES};
use std::path::{Path, PathBuf};

/// Reads plans, imports and hook files from disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsWorld;

impl World for FsWorld {
    fn read(&self, path: &Path) -> Result<String, ReadFailure> {
        read_file_as_is(path)
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }
}

/// Reads a UTF-8 text file ([`read_file_as_is`]) with its line ends made
/// plain ([`line_ends`]), ready to parse.
pub fn read_file(path: &Path) -> Result<String, ReadFailure> {
    read_file_as_is(path).map(line_ends)
}

/// Reads a UTF-8 text file as it is: a regular file (following links) of
/// at most [`MAX_FILE_BYTES`]. A device such as `/dev/zero` would be read
/// until memory runs out and a FIFO would block, so neither is read at all.
pub fn read_file_as_is(path: &Path) -> Result<String, ReadFailure> {
    use std::io::Read;
    let failure = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => ReadFailure::Missing,
        std::io::ErrorKind::PermissionDenied => ReadFailure::Denied,
        _ => ReadFailure::Other(e.to_string()),
    };
    // Looked at before opening: opening a FIFO blocks until it has a writer.
    let meta = std::fs::metadata(path).map_err(failure)?;
    if meta.is_dir() {
        return Err(ReadFailure::Directory);
    }
    if !meta.is_file() {
        return Err(ReadFailure::NotRegular);
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Should the path be swapped for a FIFO after the look above, opening
    // it does not wait for a writer.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(failure)?;
    // And what was opened is what was looked at.
    if !file.metadata().map_err(failure)?.is_file() {
        return Err(ReadFailure::NotRegular);
    }
    let mut bytes = vec![];
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failure)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge);
    }
    text_of(bytes)
}
