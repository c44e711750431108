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
use crate::diff::{self, ArticleDiff, DiffOptions, Parsed, Side};
use crate::error::Error;
use crate::reader::{ReadLog, Reader};
use crate::stats::{DocStats, StatsOptions, TextStats};

mod deltas;
mod pair;
mod release;
pub mod renames;
mod report;
mod tables;

use self::{pair::*, release::*};

pub use crate::diff::edits_table;
pub use deltas::StatDeltas;
pub use release::{fingerprint, Release};
pub use report::{safe_report_path, step_folder_name, summary_text};
pub use tables::{
    changes_frame, changes_shard_frame, changes_table, edits_frame, timeline_frame, timeline_table,
    TimelineRow,
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
    /// Bytes of text of each release kept in memory, at most; the rest
    /// goes to a temporary file and is read back when needed (see
    /// [`Release`]).
    pub texts_in_memory: u64,
    /// Only the rows of one shard: pairs by their old id, added documents
    /// by their new id. Both releases are still read whole, so renames are
    /// found across shards and every shard's rows are exactly the whole
    /// comparison's rows of its documents; only the shard's documents get
    /// statistics and diffs.
    pub shard: Option<crate::analyze::Shard>,
}

/// Bytes of text of a release kept in memory by default (1 GiB): the
/// whole text of most corpora; beyond it, texts are read back from a
/// temporary file.
pub const TEXTS_IN_MEMORY: u64 = 1 << 30;

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
            texts_in_memory: TEXTS_IN_MEMORY,
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
    /// In both releases, but its file in one of them could not be read
    /// (binary, over the size cap, unreadable): not known to have changed,
    /// nor been removed or added.
    Unreadable,
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
            Status::Unreadable => "unreadable",
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
    /// Whether its words changed significantly: a modified document, or a
    /// renamed one whose words changed. Its diff is in `diff` (unless the
    /// rows were streamed, see [`compare_releases_streamed`], or are a
    /// history's, whose diffs are dropped after each step).
    pub changed: bool,
    /// Sections (distinct headings, and the text before the first heading)
    /// holding a change.
    pub sections_changed: u64,
    /// The headed sections holding a change, each with its number of
    /// changed sentences, in order of first change.
    pub changed_sections: Vec<(String, u64)>,
    /// Words of the old version.
    pub old_words: Option<u64>,
    /// Words of the new version.
    pub new_words: Option<u64>,
    /// Words of prose added (all of an added document's).
    pub words_added: u64,
    /// Words of prose deleted (all of a removed document's).
    pub words_deleted: u64,
    /// Sentences of prose added, deleted, edited, moved.
    pub sentences: diff::OpCounts,
    /// Lines of code added, deleted, edited, moved, and their words.
    pub code: diff::CodeCounts,
    /// Statistic deltas (new − old) of a pair; empty for added and removed.
    pub stats: StatDeltas,
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
    /// With `--section`: a changed pair neither of whose versions has a
    /// matching heading (reported unchanged, and said in a warning).
    pub section_missing: bool,
    /// Which of the documents of its id in the old release the old
    /// version is (0 the first, in the release's order; more where
    /// documents share an id: `a.txt` and `a.md`, a feed's records), and
    /// the new version in the new release: what a history follows.
    pub old_occurrence: Option<u32>,
    /// As `old_occurrence`, of the new version.
    pub new_occurrence: Option<u32>,
}

impl DocChange {
    /// Words added and deleted, of prose and code.
    pub fn words_changed(&self) -> u64 {
        self.words_added + self.words_deleted + self.code.words_added + self.code.words_deleted
    }

    /// Its file: the new version's, the old one's if removed (the tables'
    /// `path`).
    pub fn path(&self) -> &str {
        self.new_path
            .as_deref()
            .or(self.old_path.as_deref())
            .unwrap_or("")
    }
}

/// The comparison of two releases.
#[derive(Debug, Default)]
pub struct Comparison {
    /// One row per document or pair, sorted by `doc_id`.
    pub changes: Vec<DocChange>,
    /// Documents that could not be read.
    pub problems: Vec<Error>,
    /// Documents in the old release (of the shard's ids, with `--shard`).
    pub old_documents: usize,
    /// Documents in the new release (of the shard's ids, with `--shard`).
    pub new_documents: usize,
    /// The names of the fields kept from records (`--keep-fields`) of the
    /// versions rows take them from (a pair's new version, a removed
    /// document) in the whole comparison, shard or not, in order of first
    /// appearance: every part of a sharded run has these columns.
    pub kept_fields: Vec<String>,
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

/// Compares two releases. An error is a text that could not be read back
/// from the temporary file of a release too large for memory (see
/// [`Release`]). `progress` is called with the number of
/// documents (sources) each row covers once it is done: 2 for a pair, 1 for
/// an added or removed document.
pub fn compare(
    old: &[Source],
    new: &[Source],
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> crate::Result<Comparison> {
    let (mut old, mut new) = read_pair(old, new, opts);
    let mut problems = std::mem::take(&mut old.problems);
    problems.append(&mut new.problems);
    crate::error::merge_spills(&mut problems);
    let mut cmp = compare_releases(&old, &new, opts, progress)?;
    cmp.problems = problems;
    Ok(cmp)
}

/// Reads two releases, to be compared once.
fn read_pair(old: &[Source], new: &[Source], opts: &CompareOptions) -> (Release, Release) {
    let (mut old, mut new) = rayon::join(|| Release::read(old, opts), || Release::read(new, opts));
    // Each document is diffed once: no parse is kept after its diff.
    old.keep_parses = false;
    new.keep_parses = false;
    (old, new)
}

/// Compares two releases already read (with the same options); the
/// comparison's `problems` are left empty (each [`Release`] has its own).
pub fn compare_releases(
    old: &Release,
    new: &Release,
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> crate::Result<Comparison> {
    compare_rows(old, new, opts, progress, None, BATCH_ROWS)
}

/// What a streamed comparison hands each batch of rows to: a writer of
/// its tables and diffs, say. An error stops the comparison.
pub type RowSink<'s> = dyn FnMut(&[DocChange]) -> crate::Result<()> + Send + 's;

/// Compares two releases already read, as [`compare_releases`] does, but
/// hands its rows on in batches, in order, as they are made: `each` gets
/// every row once, with its diff; the comparison returned has every row
/// without its diff. So memory holds the diffs of a batch or two, not of
/// the whole comparison.
pub fn compare_releases_streamed(
    old: &Release,
    new: &Release,
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
    each: &mut RowSink<'_>,
) -> crate::Result<Comparison> {
    compare_rows(old, new, opts, progress, Some(each), BATCH_ROWS)
}

/// Reads and compares two releases, handing rows on as
/// [`compare_releases_streamed`] does.
pub fn compare_streamed(
    old: &[Source],
    new: &[Source],
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
    each: &mut RowSink<'_>,
) -> crate::Result<Comparison> {
    let (mut old, mut new) = read_pair(old, new, opts);
    let mut problems = std::mem::take(&mut old.problems);
    problems.append(&mut new.problems);
    crate::error::merge_spills(&mut problems);
    let mut cmp = compare_rows(&old, &new, opts, progress, Some(each), BATCH_ROWS)?;
    cmp.problems = problems;
    Ok(cmp)
}

fn compare_rows(
    old: &Release,
    new: &Release,
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
    each: Option<&mut RowSink<'_>>,
    batch_rows: usize,
) -> crate::Result<Comparison> {
    debug_assert_eq!(old.stats_opts, new.stats_opts, "releases read alike");
    let old_l = old.loaded();
    let new_l = new.loaded();

    // Match by id, then by content.
    // Documents sharing an id pair by file name and text (`a.txt` with
    // `a.txt`, where `a.md` shares the id `a`; a feed's record with the
    // same record), then in order (see the passes below).
    let mut new_by_id: FxHashMap<&str, std::collections::VecDeque<usize>> = FxHashMap::default();
    for (j, l) in new_l.iter().enumerate() {
        new_by_id.entry(l.doc.id.as_str()).or_default().push_back(j);
    }
    fn file_name<'a>(l: &Loaded<'a>) -> &'a str {
        let p = l.doc.path.as_str();
        p.rsplit('/').next().unwrap_or(p)
    }
    let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
    let mut old_taken = vec![false; old_l.len()];
    let mut new_taken = vec![false; new_l.len()];
    // Passes over the documents of each id: the same file name and text
    // first, then the same text, then the same file name, then in order —
    // in one pass, `a.md` (renamed `b.md` in the new release) had taken
    // `a.txt`'s new version before `a.txt` came, and a feed's record
    // missing from one release had paired every record after it with the
    // wrong one (all of a feed's records have its file's name).
    type Same = fn(&Loaded<'_>, &Loaded<'_>) -> bool;
    let passes: [Same; 4] = [
        |o, n| file_name(o) == file_name(n) && o.fingerprint == n.fingerprint,
        |o, n| o.fingerprint == n.fingerprint,
        |o, n| file_name(o) == file_name(n),
        |_, _| true,
    ];
    for matches in passes {
        for (i, l) in old_l.iter().enumerate() {
            if old_taken[i] {
                continue;
            }
            let taken = new_by_id.get_mut(l.doc.id.as_str()).and_then(|q| {
                let k = q.iter().position(|&j| matches(l, &new_l[j]))?;
                q.remove(k)
            });
            if let Some(j) = taken {
                pairs.push((i, j, false));
                old_taken[i] = true;
                new_taken[j] = true;
            }
        }
    }
    let in_shard = |id: &str| opts.shard.is_none_or(|s| s.contains(id));
    // A document whose file the other release has but could not read is
    // not removed there, nor added here: it is unreadable.
    let mut unknown: Vec<Job> = Vec::new();
    for (i, l) in old_l.iter().enumerate() {
        if !old_taken[i] && new.unread_file_of(l.doc, old).is_some() {
            old_taken[i] = true;
            unknown.push(Job::UnreadableNew(i));
        }
    }
    for (j, l) in new_l.iter().enumerate() {
        if !new_taken[j] && old.unread_file_of(l.doc, new).is_some() {
            new_taken[j] = true;
            unknown.push(Job::UnreadableOld(j));
        }
    }
    // The rows of renames their confirmation made, to take, not make again.
    let mut made: FxHashMap<(usize, usize), DocChange> = FxHashMap::default();
    for (i, j, row) in renames::renamed_pairs(&old_l, &new_l, &old_taken, &new_taken, opts)? {
        pairs.push((i, j, true));
        old_taken[i] = true;
        new_taken[j] = true;
        if let Some(row) = row {
            made.insert((i, j), row);
        }
    }
    let made = std::sync::Mutex::new(made);

    // The fields rows keep: a pair's new version's, a removed document's.
    let mut in_pair = vec![false; old_l.len()];
    for &(i, _, _) in &pairs {
        in_pair[i] = true;
    }
    let kept_fields = crate::corpus::kept_names(
        new_l.iter().map(|l| l.doc).chain(
            (0..old_l.len())
                .filter(|&i| !in_pair[i])
                .map(|i| old_l[i].doc),
        ),
    );
    pairs.retain(|&(i, _, _)| in_shard(&old_l[i].doc.id));
    // Every row to make, in the order rows are sorted in when ties remain:
    // pairs, then removed, then added documents.
    let mut jobs: Vec<Job> = pairs
        .into_iter()
        .map(|(i, j, renamed)| Job::Pair(i, j, renamed))
        .chain(
            (0..old_l.len())
                .filter(|&i| !old_taken[i] && in_shard(&old_l[i].doc.id))
                .map(Job::Removed),
        )
        .chain(
            (0..new_l.len())
                .filter(|&j| !new_taken[j] && in_shard(&new_l[j].doc.id))
                .map(Job::Added),
        )
        .collect();
    let id_of = |job: &Job| -> &str {
        match *job {
            Job::Pair(_, j, _) | Job::Added(j) | Job::UnreadableOld(j) => &new_l[j].doc.id,
            Job::Removed(i) | Job::UnreadableNew(i) => &old_l[i].doc.id,
        }
    };
    jobs.extend(unknown.into_iter().filter(|job| in_shard(id_of(job))));
    // Rows are sorted by id first: the rows of one id are made together,
    // so each batch sorted on its own gives the order of the whole.
    jobs.sort_by(|a, b| id_of(a).cmp(id_of(b)));
    let (old_occ, new_occ) = (occurrences(&old_l), occurrences(&new_l));
    let make = |batch: &[Job]| -> crate::Result<Vec<DocChange>> {
        let mut rows: Vec<DocChange> = batch
            .par_iter()
            .map(|job| {
                let (mut row, documents) = match *job {
                    Job::Pair(i, j, renamed) => {
                        let kept = made.lock().expect("not poisoned").remove(&(i, j));
                        match kept {
                            Some(row) => (row, 2),
                            None => (compare_pair(&old_l[i], &new_l[j], renamed, opts)?, 2),
                        }
                    }
                    Job::Removed(i) => (single(&old_l[i], Status::Removed)?, 1),
                    Job::Added(j) => (single(&new_l[j], Status::Added)?, 1),
                    Job::UnreadableNew(i) => {
                        let path = new.unread_file_of(old_l[i].doc, old);
                        (unreadable(&old_l[i], true, path)?, 1)
                    }
                    Job::UnreadableOld(j) => {
                        let path = old.unread_file_of(new_l[j].doc, new);
                        (unreadable(&new_l[j], false, path)?, 1)
                    }
                };
                let (i, j) = match *job {
                    Job::Pair(i, j, _) => (Some(i), Some(j)),
                    Job::Removed(i) | Job::UnreadableNew(i) => (Some(i), None),
                    Job::Added(j) | Job::UnreadableOld(j) => (None, Some(j)),
                };
                row.old_occurrence = i.map(|i| old_occ[i]);
                row.new_occurrence = j.map(|j| new_occ[j]);
                progress(documents);
                Ok(row)
            })
            .collect::<crate::Result<_>>()?;
        rows.sort_by(|a, b| {
            a.doc_id
                .cmp(&b.doc_id)
                .then(a.status.cmp(&b.status))
                .then(a.old_doc_id.cmp(&b.old_doc_id))
        });
        Ok(rows)
    };
    let changes = match each {
        None => make(&jobs)?,
        Some(each) => {
            let mut changes: Vec<DocChange> = Vec::with_capacity(jobs.len());
            // Batches of about `batch_rows`, never splitting an id; each
            // is handed on while the next one is made.
            let mut batches: Vec<&[Job]> = Vec::new();
            let mut rest = &jobs[..];
            while !rest.is_empty() {
                let mut end = batch_rows.min(rest.len());
                while end < rest.len() && id_of(&rest[end]) == id_of(&rest[end - 1]) {
                    end += 1;
                }
                let (batch, tail) = rest.split_at(end);
                batches.push(batch);
                rest = tail;
            }
            let mut done: Option<Vec<DocChange>> = None;
            for batch in batches.into_iter().map(Some).chain([None]) {
                let (handed, made) = rayon::join(
                    || match done.take() {
                        Some(rows) => each(&rows).map(|()| Some(rows)),
                        None => Ok(None),
                    },
                    || batch.map(make),
                );
                if let Some(mut rows) = handed? {
                    // Handed on: their diffs are not kept.
                    for row in &mut rows {
                        row.diff = None;
                    }
                    changes.append(&mut rows);
                }
                done = made.transpose()?;
            }
            changes
        }
    };
    Ok(Comparison {
        changes,
        problems: Vec::new(),
        // A shard's own: its summary adds up across shards.
        old_documents: old_l.iter().filter(|l| in_shard(&l.doc.id)).count(),
        new_documents: new_l.iter().filter(|l| in_shard(&l.doc.id)).count(),
        kept_fields,
    })
}

/// Rows made at a time when a comparison is streamed (see
/// [`compare_streamed`]): enough to keep every core busy, few enough that
/// their diffs take little memory.
const BATCH_ROWS: usize = 1024;

/// A row to make: a pair (old, new, renamed), a removed or an added
/// document.
/// Each document's rank among those of its id, in the release's order.
fn occurrences(loaded: &[Loaded<'_>]) -> Vec<u32> {
    let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
    loaded
        .iter()
        .map(|l| {
            let n = seen.entry(l.doc.id.as_str()).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect()
}

enum Job {
    Pair(usize, usize, bool),
    Removed(usize),
    Added(usize),
    /// An old document whose new file could not be read.
    UnreadableNew(usize),
    /// A new document whose old file could not be read.
    UnreadableOld(usize),
}

#[cfg(test)]
mod tests;
