//! The statistics of a whole corpus, in parallel.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::boilerplate::{self, LineCounts, Mode, Repeated};
use crate::corpus::{self, Document, Source};
use crate::error::Error;
use crate::stats::{DocStats, StatsOptions};

/// Options for analysing a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnalyzeOptions {
    /// Which boilerplate to remove.
    pub boilerplate: Mode,
    /// Options of the statistics.
    pub stats: StatsOptions,
}

/// The statistics of a corpus.
#[derive(Debug, Default)]
pub struct Analysis {
    /// One row per document that could be read, in the order of the sources.
    pub rows: Vec<DocStats>,
    /// One error per document that could not be read (binary, unreadable).
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
        Mode::Auto => repeated_lines(sources),
        _ => FxHashMap::default(),
    };
    let results: Vec<Result<DocStats, Error>> = sources
        .par_iter()
        .map(|source| {
            let doc = corpus::load(source)?;
            let row = DocStats::from_document(
                &doc,
                opts.boilerplate,
                repeated.get(&doc.release),
                &opts.stats,
            );
            progress(doc.bytes);
            Ok(row)
        })
        .collect();
    let mut analysis = Analysis::default();
    for result in results {
        match result {
            Ok(row) => analysis.rows.push(row),
            Err(e) => analysis.problems.push(e),
        }
    }
    analysis
}

/// The repeated lines of each release (see [`boilerplate`]). Files that
/// cannot be read are left out here and reported by the main pass.
pub fn repeated_lines(sources: &[Source]) -> FxHashMap<String, Repeated> {
    count_lines(sources, |source| {
        corpus::load(source).ok().map(|doc| {
            (
                source.release.as_str(),
                boilerplate::body_keys(&doc.text, doc.title_in_text),
            )
        })
    })
}

/// [`repeated_lines`] of documents already in memory.
pub fn repeated_lines_of(docs: &[Document]) -> FxHashMap<String, Repeated> {
    count_lines(docs, |doc| {
        Some((
            doc.release.as_str(),
            boilerplate::body_keys(&doc.text, doc.title_in_text),
        ))
    })
}

/// Counts in how many documents of each release every line occurs.
fn count_lines<'a, T: Sync>(
    items: &'a [T],
    keys: impl Fn(&'a T) -> Option<(&'a str, rustc_hash::FxHashSet<u64>)> + Sync,
) -> FxHashMap<String, Repeated> {
    let counts = items
        .par_iter()
        .fold(FxHashMap::<&str, LineCounts>::default, |mut acc, item| {
            if let Some((release, k)) = keys(item) {
                acc.entry(release).or_default().add(&k);
            }
            acc
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (release, counts) in b {
                let merged = match a.remove(release) {
                    Some(mine) => mine.merge(counts),
                    None => counts,
                };
                a.insert(release, merged);
            }
            a
        });
    counts
        .into_iter()
        .map(|(release, counts)| (release.to_string(), counts.repeated()))
        .collect()
}
