//! The statistics of a whole corpus, in parallel.

use crate::boilerplate::Mode;
use crate::corpus::{self, Fields, Source};
use crate::error::Error;
use crate::reader::{ReadLog, Reader};
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
    /// The boilerplate removed.
    pub boilerplate: ReadLog,
}

/// The statistics of documents held in memory (see
/// [`corpus::text_document`]), on the current rayon pool: boilerplate is
/// removed as [`analyze`] removes it from files (with mode `auto`, lines
/// repeated across the documents of a release), and rows come in the
/// documents' order.
pub fn analyze_documents(docs: &[corpus::Document], opts: &AnalyzeOptions) -> Vec<DocStats> {
    use rayon::prelude::*;
    let repeated = if opts.boilerplate == crate::boilerplate::Mode::Auto {
        let sketches: Vec<(String, crate::boilerplate::Sketch)> = docs
            .par_iter()
            .map(|d| {
                (
                    d.release.clone(),
                    crate::boilerplate::sketch(&d.text, d.title_in_text),
                )
            })
            .collect();
        crate::boilerplate::repeated_lines(&sketches)
    } else {
        Default::default()
    };
    docs.par_iter()
        .map(|d| {
            let (text, removed) = crate::boilerplate::strip(
                &d.text,
                d.title_in_text,
                opts.boilerplate,
                repeated.get(&d.release),
            );
            DocStats::from_stripped(d, &text, removed, &opts.stats)
        })
        .collect()
}

/// Analyses every source on the current rayon pool. `progress` is called
/// with the size of each file once it is done. The result does not depend
/// on the number of threads.
pub fn analyze(
    sources: &[Source],
    opts: &AnalyzeOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Analysis {
    let reader = Reader::open(sources, opts.boilerplate, &opts.fields);
    let rows: Vec<Vec<DocStats>> = reader.map(|docs| {
        progress(docs.iter().map(|d| d.doc.bytes).sum());
        docs.iter()
            .map(|d| DocStats::from_stripped(&d.doc, d.text(), d.removed_lines, &opts.stats))
            .collect()
    });
    let finished = reader.finish();
    let mut analysis = Analysis {
        rows: rows.into_iter().flatten().collect(),
        problems: finished.problems,
        boilerplate: finished.boilerplate,
    };
    analysis.problems.extend(corpus::duplicate_ids(
        analysis
            .rows
            .iter()
            .map(|r| (r.release.as_str(), r.doc_id.as_str())),
    ));
    analysis
}
