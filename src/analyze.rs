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
    /// Only the documents of this shard (`--shard K/N`); all when `None`.
    pub shard: Option<Shard>,
}

/// One of `count` shards of a corpus: the documents whose id hashes (a
/// stable hash, XXH3 of the id's UTF-8) to `index` modulo `count`. Every
/// document is in exactly one shard, whatever machine or thread count
/// computes it; boilerplate is still found over the whole corpus, so each
/// shard's rows are exactly the whole run's rows of its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 0.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl Shard {
    /// Parses `K/N` (K from 1 to N, as in "part 1 of 4").
    pub fn parse(text: &str) -> std::result::Result<Shard, String> {
        let bad = || format!("{text}: a shard is K/N, K from 1 to N (1/4, 2/4…)");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if n == 0 || k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard {
            index: k - 1,
            count: n,
        })
    }

    /// Whether the document `id` is in this shard.
    pub fn contains(&self, id: &str) -> bool {
        xxhash_rust::xxh3::xxh3_64(id.as_bytes()) % self.count == self.index
    }
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
    /// The names of the fields kept from records (`--keep-fields`) that
    /// any document of the whole input has, shard or not, in order of
    /// first appearance: every part of a sharded run has these columns.
    pub kept_fields: Vec<String>,
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
    let parts: Vec<(Vec<DocStats>, Vec<String>)> = reader.map(|docs| {
        progress(docs.iter().map(|d| d.doc.bytes).sum());
        let rows = docs
            .iter()
            .filter(|d| opts.shard.is_none_or(|s| s.contains(&d.doc.id)))
            .map(|d| DocStats::from_stripped(&d.doc, d.text(), d.removed_lines, &opts.stats))
            .collect();
        (rows, corpus::kept_names(docs.iter().map(|d| &d.doc)))
    });
    let finished = reader.finish();
    let (rows, names): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
    let mut analysis = Analysis {
        rows: rows.into_iter().flatten().collect(),
        problems: finished.problems,
        boilerplate: finished.boilerplate,
        kept_fields: corpus::first_appearances(names.iter().flatten()),
    };
    analysis.problems.extend(corpus::duplicate_ids(
        analysis
            .rows
            .iter()
            .map(|r| (r.release.as_str(), r.doc_id.as_str())),
    ));
    analysis
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_split_every_id_once() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 1, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "4", "a/b", "1/4/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3)
            .map(|k| Shard::parse(&format!("{k}/3")).unwrap())
            .collect();
        let mut sizes = [0; 3];
        for i in 0..3000 {
            let id = format!("news/story-{i}");
            let inside: Vec<usize> = (0..3).filter(|&k| shards[k].contains(&id)).collect();
            assert_eq!(inside.len(), 1, "{id}");
            sizes[inside[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 900), "{sizes:?}");
    }
}
