//! The statistics of a whole corpus, in parallel.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::boilerplate::{self, Mode, Repeated, Sketch};
use crate::corpus::{self, Document, Fields, Source};
use crate::error::Error;
use crate::stats::{DocStats, StatsOptions};

/// Options for analysing a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnalyzeOptions {
    /// Which boilerplate to remove.
    pub boilerplate: Mode,
    /// Options of the statistics.
    pub stats: StatsOptions,
    /// Fields of JSON-lines and CSV inputs.
    pub fields: Fields,
}

/// The statistics of a corpus.
#[derive(Debug, Default)]
pub struct Analysis {
    /// One row per document that could be read, in the order of the sources
    /// (records of a file in file order).
    pub rows: Vec<DocStats>,
    /// One error per document or record that could not be read (binary,
    /// unreadable, malformed).
    pub problems: Vec<Error>,
}

/// Analyses every source on the current rayon pool. `progress` is called
/// with the size of each file once it is done. The result does not depend
/// on the number of threads.
pub fn analyze(
    sources: &[Source],
    opts: &AnalyzeOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Analysis {
    let repeated = match opts.boilerplate {
        Mode::Auto => repeated_lines(sources, &opts.fields),
        _ => FxHashMap::default(),
    };
    let results: Vec<(Vec<DocStats>, Vec<Error>)> = sources
        .par_iter()
        .map(|source| {
            let (docs, errors) = corpus::load_documents(source, &opts.fields);
            let rows: Vec<DocStats> = docs
                .iter()
                .map(|doc| {
                    DocStats::from_document(
                        doc,
                        opts.boilerplate,
                        repeated.get(&doc.release),
                        &opts.stats,
                    )
                })
                .collect();
            progress(docs.iter().map(|d| d.bytes).sum());
            (rows, errors)
        })
        .collect();
    let mut analysis = Analysis::default();
    for (rows, errors) in results {
        analysis.rows.extend(rows);
        analysis.problems.extend(errors);
    }
    analysis.problems.extend(corpus::duplicate_ids(
        analysis
            .rows
            .iter()
            .map(|r| (r.release.as_str(), r.doc_id.as_str())),
    ));
    analysis
}

/// The repeated lines of each release (see [`boilerplate`]). Files that
/// cannot be read are left out here and reported by the main pass. What is
/// kept of each document is small (its edge lines' keys and a sketch):
/// memory grows with the documents, not with their text.
pub fn repeated_lines(sources: &[Source], fields: &Fields) -> FxHashMap<String, Repeated> {
    let sketches: Vec<(String, Sketch)> = sources
        .par_iter()
        .flat_map_iter(|source| {
            corpus::load_documents(source, fields)
                .0
                .into_iter()
                .map(|doc| {
                    let s = boilerplate::sketch(&doc.text, doc.title_in_text);
                    (doc.release, s)
                })
        })
        .collect();
    boilerplate::repeated_lines(&sketches)
}

/// [`repeated_lines`] of documents already in memory.
pub fn repeated_lines_of(docs: &[Document]) -> FxHashMap<String, Repeated> {
    let sketches: Vec<(String, Sketch)> = docs
        .par_iter()
        .map(|doc| {
            (
                doc.release.clone(),
                boilerplate::sketch(&doc.text, doc.title_in_text),
            )
        })
        .collect();
    boilerplate::repeated_lines(&sketches)
}
