//! The library's one error type and its `Result`.
//!
//! Two families: an input problem in one record (`Record`), which callers count and skip
//! unless they run strict, and a problem that stops the work (`Io`, `Format`, `Usage`). Each
//! variant carries the place and says what to do about it.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// One bad record (or a bad stretch of a file): skipped unless running strict.
    #[error("{place}: {reason}")]
    Record {
        /// `FILE`, `FILE:LINE` or `FILE:@OFFSET`.
        place: String,
        /// What is wrong with it, in words a user can act on.
        reason: String,
    },
    /// A file or directory could not be opened, read or written.
    // The OS error is the source, printed after the path by `{:#}`, not repeated here.
    #[error("{}", path.display())]
    Io {
        /// The path involved (`-` for stdin or stdout).
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Input was of a different shape than expected.
    #[error("{what}: expected {expected}, got {got}")]
    Format {
        /// What was being read.
        what: String,
        /// What would have been accepted.
        expected: String,
        /// What was found.
        got: String,
    },
    /// The persistent index could not be opened, read or written.
    #[error("{}: {message}", path.display())]
    Store {
        /// The index file.
        path: PathBuf,
        /// What went wrong, in words a user can act on.
        message: String,
    },
    /// The persistent index was written in a layout this build does not read.
    #[error(
        "{}: index format version {found}, but this retold reads versions {} to {}; ingest into a new file (--db) or use the retold that wrote it",
        path.display(),
        supported.start(),
        supported.end()
    )]
    IndexVersion {
        /// The index file.
        path: PathBuf,
        /// The version the file says it has.
        found: u64,
        /// The versions this build opens.
        supported: std::ops::RangeInclusive<u64>,
    },
    /// An option or argument that cannot work (for example a `--field` without `=`).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Builds an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
