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
    #[error("{}: larger than {} (--max-doc-bytes), skipped{}", path.display(), human_bytes(*max), records_hint(path))]
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
    #[error("{}: unsupported file type (folio reads .txt, .md, .rst, .html, .jsonl, .csv and .parquet)", path.display())]
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
    /// Texts past `--texts-in-memory` could not go to a temporary file in
    /// `dir`, and were kept in memory instead (a warning: nothing is lost).
    #[error("{}: no temporary file for the texts past --texts-in-memory ({source}); {} more of text kept in memory (set TMPDIR to a folder with room)", dir.display(), human_bytes(*kept))]
    Spill {
        /// The temporary folder.
        dir: PathBuf,
        /// Bytes of text kept in memory that would have gone to the file.
        kept: u64,
        /// Why the file could not be made or written.
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
    /// Documents of one release that share an id (`a.txt` and `a.md`):
    /// a warning, as every one of them is read.
    #[error("{0}")]
    DuplicateIds(String),
    /// A file, or a record of it, that cannot be read as a document:
    /// `rest` is what the message says after the file's name (`: no
    /// article text found …`, `:4: no "text" value, skipped`).
    #[error("{}{rest}", .path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// The message after the file's name, from its `:` on.
        rest: String,
    },
    /// A record of a file whose id is known but whose text cannot be read
    /// (null, not text, over the size cap): in a comparison, that
    /// document is unreadable in its release, not removed from it.
    #[error("{}{rest}", .path.display())]
    Record {
        /// The file.
        path: PathBuf,
        /// The message after the file's name, from its `:` on.
        rest: String,
        /// The record's id.
        id: String,
        /// Its release (the `--release-field` value), if it has one.
        release: Option<String>,
    },
}

impl Error {
    /// A file's error: `rest` follows its name (see [`Error::InFile`]).
    pub fn in_file(path: impl Into<PathBuf>, rest: impl Into<String>) -> Error {
        Error::InFile {
            path: path.into(),
            rest: rest.into(),
        }
    }

    /// The file the error concerns, if it concerns one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Read { path, .. }
            | Error::Binary { path }
            | Error::NotFound { path }
            | Error::TooLarge { path, .. }
            | Error::Unsupported { path }
            | Error::Write { path, .. }
            | Error::Spill { dir: path, .. }
            | Error::InFile { path, .. }
            | Error::Record { path, .. } => Some(path),
            Error::Io(_) | Error::Polars(_) | Error::Invalid(_) | Error::DuplicateIds(_) => None,
        }
    }

    /// The record this error makes unreadable (see [`Error::Record`]): its
    /// release (`--release-field`'s value, if any), its id and its file
    /// as the tables write paths.
    pub fn unreadable_record(&self) -> Option<(Option<&str>, &str, String)> {
        match self {
            Error::Record {
                path, id, release, ..
            } => Some((release.as_deref(), id, crate::corpus::slash_path(path))),
            _ => None,
        }
    }

    /// Whether this is a warning, not an input lost: texts kept in memory
    /// for want of a temporary file ([`Error::Spill`]) and ids shared by
    /// documents ([`Error::DuplicateIds`]) are.
    pub fn is_warning(&self) -> bool {
        matches!(self, Error::Spill { .. } | Error::DuplicateIds(_))
    }

    /// Whether this is a limit of the process, not a problem of the file:
    /// too many open files (EMFILE, ENFILE) or no memory (ENOMEM). Every
    /// later file would fail the same way, and a run that went on would
    /// report documents missing or unreadable that nothing is wrong with.
    pub fn is_exhaustion(&self) -> bool {
        let Error::Read { source, .. } = self else {
            return false;
        };
        #[cfg(unix)]
        {
            matches!(
                source.raw_os_error(),
                Some(libc::EMFILE | libc::ENFILE | libc::ENOMEM)
            ) || source.kind() == std::io::ErrorKind::OutOfMemory
        }
        #[cfg(not(unix))]
        {
            source.kind() == std::io::ErrorKind::OutOfMemory
        }
    }
}

/// Folds every [`Error::Spill`] of `problems` into the first one (the
/// bytes kept added up): one warning for a run, not one per release.
pub fn merge_spills(problems: &mut Vec<Error>) {
    let mut total = 0;
    let mut first = None;
    for (i, p) in problems.iter().enumerate() {
        if let Error::Spill { kept, .. } = p {
            total += kept;
            first.get_or_insert(i);
        }
    }
    let Some(first) = first else {
        return;
    };
    if let Error::Spill { kept, .. } = &mut problems[first] {
        *kept = total;
    }
    let mut i = 0;
    problems.retain(|p| {
        i += 1;
        i - 1 == first || !matches!(p, Error::Spill { .. })
    });
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

/// For a file of records (`.jsonl`, `.csv`), which the size limit skips
/// whole: what was lost, and what to do.
fn records_hint(path: &std::path::Path) -> &'static str {
    match crate::corpus::kind(path) {
        Some(crate::corpus::Kind::Jsonl | crate::corpus::Kind::Csv) => {
            " with every record in it (a file of records is read whole: raise --max-doc-bytes, or split it)"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spills_fold_into_one_warning_and_other_problems_stay() {
        let spill = |kept| Error::Spill {
            dir: PathBuf::from("/tmp"),
            kept,
            source: io::Error::other("full"),
        };
        let binary = |p: &str| Error::Binary { path: p.into() };
        let mut problems = vec![binary("a"), spill(1024), binary("b"), spill(2048)];
        merge_spills(&mut problems);
        assert_eq!(problems.len(), 3);
        assert!(matches!(problems[1], Error::Spill { kept: 3072, .. }));
        assert!(problems[1].to_string().contains("3 KiB more of text"));
        assert_eq!(problems[2].to_string(), "b: binary file, skipped");
        let mut none = vec![binary("c")];
        merge_spills(&mut none);
        assert_eq!(none.len(), 1);
    }
}
