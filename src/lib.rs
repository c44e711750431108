//! folio: corpus statistics and revision diffs for collections of text
//! documents.
//!
//! The data flows one way: [`corpus`] finds and decodes documents,
//! [`boilerplate`] strips site chrome, [`tokenize`] splits text into words,
//! sentences and paragraphs, [`stats`] computes per-document statistics,
//! [`analyze`] runs that over a corpus in parallel, and [`frame`] turns the
//! rows into a polars DataFrame that [`output`] writes as CSV, Parquet or
//! JSON. [`diff`] compares two versions of a document.
//!
//! ```
//! use folio::stats::{compute, StatsOptions};
//!
//! let text = "Council Passes Budget\n\nThe council voted 5–2 on Tuesday. “It is done,” Mr. Hale said.";
//! let s = compute(text, &StatsOptions::default());
//! assert_eq!(s.sentences, 3);
//! assert_eq!(s.words, 15);
//! assert!(s.flesch_reading_ease().is_some());
//! ```
#![warn(missing_docs)]

/// Writes a line to standard error as `eprintln!` does, but never panics:
/// a closed or full standard error (`2>&1 | head -1`, `2>/dev/full`) loses
/// the message, not the run and its output.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr(), $($arg)*);
    }};
}

pub mod analyze;
pub mod boilerplate;
pub mod cleanup;
mod codeblock;
pub mod compare;
pub mod corpus;
pub mod decode;
pub mod diff;
pub mod error;
pub mod frame;
pub mod history;
pub mod html;
pub mod lang;
pub mod lexicon;
pub mod outdir;
pub mod output;
pub mod reader;
pub mod sentences;
pub mod series;
pub mod stats;
pub mod syllables;
pub mod table;
pub mod terms;
pub mod tokenize;
pub mod webpage;

pub use error::{Error, Result};
