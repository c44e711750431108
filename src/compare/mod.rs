//! Comparing releases of a corpus: which documents changed, how much, how.
//!
//! Documents of two releases are matched by `doc_id`; the rest by content:
//! an old and a new document with the same text (fingerprint) are one
//! `renamed` document, and then an old and a new document whose word
//! multisets have a Dice coefficient of at least
//! [`CompareOptions::rename_threshold`] (default 0.5), best pairs first. (A document whose word-level diff
//! similarity to its old version is 0.9 has a word-multiset similarity of at
//! least 0.9, so it is always found.) Each pair is diffed as `folio diff`
//! does, with quote styles normalized: a document whose words are the same
//! after normalization — only whitespace, line wrapping, paragraph breaks
//! or quote styles changed — is `unchanged`, the change counted as
//! non-significant; so is one whose change (1 − similarity) is below
//! [`CompareOptions::min_change`].

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::Serialize;

use crate::boilerplate::Mode;
use crate::corpus::{self, Document, Source};
use crate::diff::{self, ArticleDiff, DiffOptions, Parsed, Side, StatDelta};
use crate::error::Error;
use crate::reader::{ReadLog, Reader};
use crate::stats::{DocStats, StatsOptions, TextStats};

mod pair;
mod release;
pub mod renames;
mod report;
mod tables;

use self::{pair::*, release::*};

pub use crate::diff::edits_table;
pub(crate) use pair::changed_sections;
pub use release::{fingerprint, Release};
pub use report::{safe_report_path, summary_text};
pub use tables::{
    changes_frame, changes_table, edits_frame, timeline_frame, timeline_table, TimelineRow,
};

/// Options of a release comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareOptions {
    /// Options of each document diff (quote styles are always normalized).
    pub diff: DiffOptions,
    /// Boilerplate removal, per release as `folio stats` does it.
    pub boilerplate: Mode,
    /// A change (1 − similarity) below this is non-significant.
    pub min_change: f64,
    /// Word-multiset similarity at which an unmatched old and new document
    /// are one renamed document.
    pub rename_threshold: f64,
    /// Fields of JSON-lines and CSV inputs.
    pub fields: corpus::Fields,
    /// Options of the statistics whose deltas are reported.
    pub stats: StatsOptions,
    /// Only changes in sections whose heading matches (`--section`).
    pub section: Option<diff::SectionFilter>,
    /// Only the rows of one shard: pairs by their old id, added documents
    /// by their new id. Both releases are still read whole, so renames are
    /// found across shards and every shard's rows are exactly the whole
    /// comparison's rows of its documents; only the shard's documents get
    /// statistics and diffs.
    pub shard: Option<crate::analyze::Shard>,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            diff: DiffOptions {
                normalize_quotes: true,
                ..DiffOptions::default()
            },
            boilerplate: Mode::Auto,
            min_change: 0.0,
            rename_threshold: 0.5,
            fields: corpus::Fields::default(),
            stats: StatsOptions::default(),
            section: None,
            shard: None,
        }
    }
}

/// What happened to a document between two releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The same words (perhaps with non-significant changes).
    Unchanged,
    /// Same id, changed text.
    Modified,
    /// Only in the new release.
    Added,
    /// Only in the old release.
    Removed,
    /// A new id for an old document (perhaps also changed).
    Renamed,
}

impl Status {
    /// The status as written in tables.
    pub fn name(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Modified => "modified",
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Renamed => "renamed",
        }
    }
}

/// One row of a comparison: a document, or an old/new pair of documents.
#[derive(Debug, Clone)]
pub struct DocChange {
    /// The document's id in the new release (in the old one if removed).
    pub doc_id: String,
    /// Its id in the old release, if it was there.
    pub old_doc_id: Option<String>,
    /// What happened.
    pub status: Status,
    /// Word similarity of the pair (1 for identical texts).
    pub similarity: Option<f64>,
    /// The texts differ, but not significantly.
    pub nonsignificant: bool,
    /// Whether the document's diff reached the work bound and is coarser
    /// than it could be.
    pub coarse: bool,
    /// Sections (distinct headings, and the text before the first heading)
    /// holding a change.
    pub sections_changed: u64,
    /// Words of the old version.
    pub old_words: Option<u64>,
    /// Words of the new version.
    pub new_words: Option<u64>,
    /// Words added (all of an added document's).
    pub words_added: u64,
    /// Words deleted (all of a removed document's).
    pub words_deleted: u64,
    /// Sentences added, deleted, edited, moved.
    pub sentences: diff::OpCounts,
    /// Statistic deltas (new − old) of a pair; empty for added and removed.
    pub stats: Vec<StatDelta>,
    /// The diff of a modified or renamed pair.
    pub diff: Option<ArticleDiff>,
    /// Fingerprint of the old text (words, whitespace-insensitive).
    pub old_fingerprint: Option<u128>,
    /// Fingerprint of the new text.
    pub new_fingerprint: Option<u128>,
    /// Paths of the old and new files.
    pub old_path: Option<String>,
    /// Path of the new file.
    pub new_path: Option<String>,
    /// The record's fields kept with `--keep-fields`: the new version's
    /// (the old one's for a removed document).
    pub kept: Vec<(String, Option<String>)>,
}

/// The comparison of two releases.
#[derive(Debug, Default)]
pub struct Comparison {
    /// One row per document or pair, sorted by `doc_id`.
    pub changes: Vec<DocChange>,
    /// Documents that could not be read.
    pub problems: Vec<Error>,
    /// Documents in the old release.
    pub old_documents: usize,
    /// Documents in the new release.
    pub new_documents: usize,
}

impl Comparison {
    /// Rows with this status.
    pub fn count(&self, status: Status) -> usize {
        self.changes.iter().filter(|c| c.status == status).count()
    }

    /// Unchanged rows whose texts differ non-significantly.
    pub fn nonsignificant(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.status == Status::Unchanged && c.nonsignificant)
            .count()
    }
}

/// Compares two releases. `progress` is called with the number of
/// documents (sources) each row covers once it is done: 2 for a pair, 1 for
/// an added or removed document.
pub fn compare(
    old: &[Source],
    new: &[Source],
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Comparison {
    let (mut old, mut new) = rayon::join(|| Release::read(old, opts), || Release::read(new, opts));
    // Each document is diffed once: no parse is kept after its diff.
    old.keep_parses = false;
    new.keep_parses = false;
    let mut problems = std::mem::take(&mut old.problems);
    problems.append(&mut new.problems);
    let mut cmp = compare_releases(&old, &new, opts, progress);
    cmp.problems = problems;
    cmp
}

/// Compares two releases already read (with the same options); the
/// comparison's `problems` are left empty (each [`Release`] has its own).
pub fn compare_releases(
    old: &Release,
    new: &Release,
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Comparison {
    debug_assert_eq!(old.stats_opts, new.stats_opts, "releases read alike");
    let old_l = old.loaded();
    let new_l = new.loaded();

    // Match by id, then by content.
    // Documents sharing an id (records of a feed, say) pair in order: the
    // k-th old one with the k-th new one.
    let mut new_by_id: FxHashMap<&str, std::collections::VecDeque<usize>> = FxHashMap::default();
    for (j, l) in new_l.iter().enumerate() {
        new_by_id
            .entry(l.side.doc.id.as_str())
            .or_default()
            .push_back(j);
    }
    let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
    let mut old_taken = vec![false; old_l.len()];
    let mut new_taken = vec![false; new_l.len()];
    for (i, l) in old_l.iter().enumerate() {
        if let Some(j) = new_by_id
            .get_mut(l.side.doc.id.as_str())
            .and_then(|q| q.pop_front())
        {
            pairs.push((i, j, false));
            old_taken[i] = true;
            new_taken[j] = true;
        }
    }
    for (i, j) in renames::renamed_pairs(
        &old_l,
        &new_l,
        &old_taken,
        &new_taken,
        opts.rename_threshold,
    ) {
        pairs.push((i, j, true));
        old_taken[i] = true;
        new_taken[j] = true;
    }

    let in_shard = |id: &str| opts.shard.is_none_or(|s| s.contains(id));
    pairs.retain(|&(i, _, _)| in_shard(&old_l[i].side.doc.id));
    let mut changes: Vec<DocChange> = pairs
        .par_iter()
        .map(|&(i, j, renamed)| {
            let row = compare_pair(&old_l[i], &new_l[j], renamed, opts);
            progress(2);
            row
        })
        .collect();
    let singles: Vec<DocChange> = old_l
        .par_iter()
        .enumerate()
        .filter(|&(i, l)| !old_taken[i] && in_shard(&l.side.doc.id))
        .map(|(_, l)| single(l, Status::Removed))
        .chain(
            new_l
                .par_iter()
                .enumerate()
                .filter(|&(j, l)| !new_taken[j] && in_shard(&l.side.doc.id))
                .map(|(_, l)| single(l, Status::Added)),
        )
        .inspect(|_| progress(1))
        .collect();
    changes.extend(singles);
    changes.sort_by(|a, b| {
        a.doc_id
            .cmp(&b.doc_id)
            .then(a.status.cmp(&b.status))
            .then(a.old_doc_id.cmp(&b.old_doc_id))
    });
    Comparison {
        changes,
        problems: Vec::new(),
        old_documents: old_l.len(),
        new_documents: new_l.len(),
    }
}

#[cfg(test)]
mod tests;
