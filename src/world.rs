//! The world a plan is read from: every text the engine reads (a plan's
//! imports, its hook files, the standard library) comes through a [`World`],
//! so nothing below the hosts touches the disk. The command line reads the
//! file system (`host::FsWorld`); tests, the REPL and editors can
//! hand over texts held in memory ([`MemoryWorld`]).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Where the engine's texts come from.
///
/// Paths are as the plan resolves them: an import's path joined to the
/// folder of the file that names it.
pub trait World {
    /// The text of the file at `path`, as stored (line ends are made plain
    /// by the engine).
    fn read(&self, path: &Path) -> Result<String, ReadFailure>;

    /// Where `path` really leads (through links), when the world knows: two
    /// paths to one file load it once, and a file is judged by the name it
    /// really has. `None` when it cannot tell (nothing there).
    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        Some(path.to_path_buf())
    }

    /// The standard library's modules: `std/NAME` → text.
    fn stdlib(&self) -> &[(&'static str, &'static str)] {
        STDLIB
    }

    /// The standard library's hooks: `std/NAME` → Rhai code.
    fn std_hooks(&self) -> &[(&'static str, &'static str)] {
        STD_HOOKS
    }
}

/// Files held in memory, keyed by path: `MemoryWorld::default()` has none
/// (a plan in it can import only the standard library).
#[derive(Debug, Clone, Default)]
pub struct MemoryWorld {
    files: BTreeMap<PathBuf, String>,
}

impl MemoryWorld {
    /// No files.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same world with one more file (`path` as a plan names it:
    /// `a/../b.neg` and `b.neg` are the same file).
    pub fn with(mut self, path: impl AsRef<Path>, text: impl Into<String>) -> Self {
        self.insert(path, text);
        self
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl AsRef<Path>, text: impl Into<String>) {
        self.files.insert(normal(path.as_ref()), text.into());
    }
}

impl World for MemoryWorld {
    fn read(&self, path: &Path) -> Result<String, ReadFailure> {
        self.files
            .get(&normal(path))
            .cloned()
            .ok_or(ReadFailure::Missing)
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        Some(normal(path))
    }
}

/// `path` with `.` and `a/..` taken out, as written (no file is looked at).
fn normal(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = vec![];
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out.iter().collect()
}

/// The standard library, embedded in the binary: `std/NAME` → text.
pub const STDLIB: &[(&str, &str)] = &[
    ("std/negotiation", include_str!("../stdlib/negotiation.neg")),
    ("std/job_offer", include_str!("../stdlib/job_offer.neg")),
    ("std/procurement", include_str!("../stdlib/procurement.neg")),
    ("std/term_sheet", include_str!("../stdlib/term_sheet.neg")),
    ("std/lease", include_str!("../stdlib/lease.neg")),
    ("std/earn_out", include_str!("../stdlib/earn_out.neg")),
];

/// Hook code in the standard library: `hook "std/NAME"` → Rhai source.
pub const STD_HOOKS: &[(&str, &str)] = &[
    ("std/shapes", include_str!("../stdlib/shapes.rhai")),
    ("std/strategies", include_str!("../stdlib/strategies.rhai")),
];

/// The largest file neg reads (a plan, a hook file, an import file): far
/// beyond any real plan, and well short of running out of memory.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFailure {
    /// There is nothing at the path.
    Missing,
    /// The file's permissions do not allow reading it.
    Denied,
    /// The path names a folder.
    Directory,
    /// A device, FIFO or socket: reading one could hang or never end.
    NotRegular,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// Not UTF-8: the offset of the first invalid byte.
    NotUtf8(usize),
    /// Anything else, in the system's words.
    Other(String),
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::Missing => f.write_str("no such file"),
            ReadFailure::Denied => f.write_str("permission denied"),
            ReadFailure::Directory => f.write_str("it is a directory"),
            ReadFailure::NotRegular => {
                f.write_str("it is not a regular file (a device, a FIFO or a socket)")
            }
            ReadFailure::TooLarge => write!(
                f,
                "it is larger than {} MiB, the most neg reads",
                MAX_FILE_BYTES >> 20
            ),
            ReadFailure::NotUtf8(at) => {
                write!(f, "it is not UTF-8 text (invalid byte at offset {at})")
            }
            ReadFailure::Other(why) => f.write_str(why),
        }
    }
}

/// A lone carriage return (old Mac line ends) made a line feed, so that a
/// `//` comment ends there and lines are counted right. A line feed has the
/// same length, so every byte offset still points at the same place in the
/// file; `\r\n` is left as it is (the `\r` is white space).
pub fn line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    for (i, b) in out.iter_mut().enumerate() {
        if *b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            *b = b'\n';
        }
    }
    // One ASCII byte for another keeps the text UTF-8.
    String::from_utf8(out).unwrap_or(text)
}

/// Bytes as text: UTF-8, without a byte-order mark (saved by some Windows
/// editors; it is not part of the text).
pub fn text_of(bytes: Vec<u8>) -> Result<String, ReadFailure> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| ReadFailure::NotUtf8(e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_paths_are_taken_as_written() {
        let world = MemoryWorld::new().with("plans/shared/parties.neg", "party a");
        let read = |p: &str| world.read(Path::new(p));
        assert_eq!(read("plans/shared/parties.neg").as_deref(), Ok("party a"));
        assert_eq!(
            read("plans/./x/../shared/parties.neg").as_deref(),
            Ok("party a")
        );
        assert_eq!(read("shared/parties.neg"), Err(ReadFailure::Missing));
        assert_eq!(normal(Path::new("../a/b/../c")), PathBuf::from("../a/c"));
        assert_eq!(normal(Path::new("/../a")), PathBuf::from("/a"));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(line_ends("a\rb\r\nc".into()), "a\nb\r\nc");
        assert_eq!(
            text_of(b"\xEF\xBB\xBFparty".to_vec()).as_deref(),
            Ok("party")
        );
        assert_eq!(text_of(b"ab\xFF".to_vec()), Err(ReadFailure::NotUtf8(2)));
    }
}
