//! The library's error type.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong in folio's library code.
///
/// Variants carry the file they concern, so that a message printed with
/// `{}` is a complete one-line report: `corpus/a.txt: binary file, skipped`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: io::Error,
    },
    /// A file looks binary (it holds NUL bytes) and was not analysed.
    #[error("{}: binary file, skipped", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// A file larger than the size limit, skipped unread.
    #[error("{}: larger than {} (--max-doc-bytes), skipped", path.display(), human_bytes(*max))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        max: u64,
    },
    /// An input path does not exist.
    #[error("{}: no such file or folder", path.display())]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// An input file has an extension folio does not read.
    #[error("{}: unsupported file type (folio reads .txt, .md, .html, .jsonl, .csv and .parquet)", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
    },
    /// An output file could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: io::Error,
    },
    /// Writing to standard output or another stream failed.
    #[error("cannot write output: {0}")]
    Io(#[from] io::Error),
    /// A table could not be built or serialized.
    #[error("table error: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
    /// Arguments or options that cannot work together.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// The file the error concerns, if it concerns one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Read { path, .. }
            | Error::Binary { path }
            | Error::NotFound { path }
            | Error::TooLarge { path, .. }
            | Error::Unsupported { path }
            | Error::Write { path, .. } => Some(path),
            Error::Io(_) | Error::Polars(_) | Error::Invalid(_) => None,
        }
    }
}

/// Result with folio's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A byte count for messages: `64 MiB`, `1.5 GiB`, `512 bytes`.
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}
