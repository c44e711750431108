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
use crate::diff::{self, ArticleDiff, DiffOptions, Side, StatDelta};
use crate::error::Error;
use crate::reader::{ReadLog, Reader};
use crate::renames;
use crate::stats::{self, DocStats, StatsOptions, TextStats};

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

/// The fingerprint of a text as the diff sees it: XXH3-128 (the
/// `xxhash-rust` crate; a published, stable algorithm, the same on every
/// platform and version) of its whitespace-separated words in order, each
/// normalized as `opts` asks — quotes, dashes and soft hyphens made plain
/// with `normalize_quotes`, lower case with `ignore_case`, letters and
/// digits only with `ignore_punctuation`. So whitespace and line wrapping
/// never count, and two texts have one fingerprint exactly when the diff
/// finds no change in their words.
pub fn fingerprint(text: &str, opts: &DiffOptions) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = String::new();
    for w in text.split_whitespace() {
        buf.clear();
        for c in w.chars() {
            let c = if opts.normalize_quotes {
                if c == '\u{ad}' {
                    continue;
                }
                diff::plain_char(c).unwrap_or(c)
            } else {
                c
            };
            if opts.ignore_punctuation && !c.is_alphanumeric() {
                continue;
            }
            if opts.ignore_case {
                buf.extend(c.to_lowercase());
            } else {
                buf.push(c);
            }
        }
        if !buf.is_empty() {
            h.update(buf.as_bytes());
            h.update(b" ");
        }
    }
    h.digest128()
}

/// One release, read once and prepared for comparison: its documents, each
/// with its boilerplate removed, its fingerprint and — computed when first
/// needed, then kept — its statistics.
pub struct Release {
    docs: Vec<Document>,
    prepared: Vec<Prepared>,
    /// The options its statistics are computed with.
    stats_opts: StatsOptions,
    /// Files that could not be read (reported by the caller).
    pub problems: Vec<Error>,
    /// The boilerplate removed.
    pub boilerplate: ReadLog,
}

struct Prepared {
    /// The text without boilerplate, when boilerplate was removed (else the
    /// document's own text is used, not copied).
    stripped: Option<String>,
    removed: u64,
    fingerprint: u128,
    stats: OnceLock<TextStats>,
}

impl Release {
    /// Reads the documents of `sources` (one release) in parallel and
    /// removes their boilerplate as `folio stats` does. Its statistics will
    /// be computed with `opts.stats`.
    pub fn read(sources: &[Source], opts: &CompareOptions) -> Release {
        let reader = Reader::open(sources, opts.boilerplate, &opts.fields);
        let docs: Vec<crate::reader::Doc> = reader.map(|d| d).into_iter().flatten().collect();
        let finished = reader.finish();
        Release::from_docs(docs, finished.problems, finished.boilerplate, opts)
    }

    /// A release of documents already read (by a [`Reader`], boilerplate
    /// removed): `problems` are its unreadable files and records.
    pub fn from_docs(
        docs: Vec<crate::reader::Doc>,
        mut problems: Vec<Error>,
        boilerplate: ReadLog,
        opts: &CompareOptions,
    ) -> Release {
        let (docs, prepared): (Vec<Document>, Vec<Prepared>) = docs
            .into_par_iter()
            .map(|d| {
                let removed = d.removed_lines;
                let (doc, stripped) = d.into_parts();
                let prepared = Prepared {
                    fingerprint: fingerprint(stripped.as_deref().unwrap_or(&doc.text), &opts.diff),
                    stripped,
                    removed,
                    stats: OnceLock::new(),
                };
                (doc, prepared)
            })
            .unzip();
        problems.extend(corpus::duplicate_ids(
            docs.iter().map(|d| (d.release.as_str(), d.id.as_str())),
        ));
        Release {
            docs,
            prepared,
            stats_opts: opts.stats,
            problems,
            boilerplate,
        }
    }

    /// Each document with its text without boilerplate.
    pub fn texts(&self) -> impl Iterator<Item = (&Document, &str)> {
        self.docs
            .iter()
            .zip(&self.prepared)
            .map(|(d, p)| (d, p.text(d)))
    }

    /// The stats table's rows of its documents (computed in parallel, once,
    /// with the options it was read with).
    pub fn stats_rows(&self) -> Vec<DocStats> {
        self.loaded()
            .par_iter()
            .map(|l| DocStats::from_parts(l.side.doc, l.side.removed, l.stats().clone()))
            .collect()
    }

    fn loaded(&self) -> Vec<Loaded<'_>> {
        self.docs
            .iter()
            .zip(&self.prepared)
            .map(|(doc, p)| Loaded {
                side: Side {
                    doc,
                    text: std::borrow::Cow::Borrowed(p.text(doc)),
                    removed: p.removed,
                },
                fingerprint: p.fingerprint,
                stats: &p.stats,
                stats_opts: &self.stats_opts,
            })
            .collect()
    }
}

impl Prepared {
    /// The text without boilerplate of `doc`, the document it was made from.
    fn text<'a>(&'a self, doc: &'a Document) -> &'a str {
        self.stripped.as_deref().unwrap_or(&doc.text)
    }
}

struct Loaded<'d> {
    side: Side<'d>,
    fingerprint: u128,
    stats: &'d OnceLock<TextStats>,
    stats_opts: &'d StatsOptions,
}

impl Loaded<'_> {
    fn stats(&self) -> &TextStats {
        self.stats.get_or_init(|| {
            stats::compute_declared(
                &self.side.text,
                self.stats_opts,
                self.side.doc.language_hint.as_deref(),
            )
        })
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
    for (i, j) in renames(
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
        .filter(|&(i, _)| !old_taken[i])
        .map(|(_, l)| single(l, Status::Removed))
        .chain(
            new_l
                .par_iter()
                .enumerate()
                .filter(|&(j, _)| !new_taken[j])
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

/// The sections of a diff that hold a change (`None`: before any heading),
/// each with its number of changed sentences, in order of first change.
pub fn changed_sections(d: &ArticleDiff) -> Vec<(Option<&str>, u64)> {
    let mut out: Vec<(Option<&str>, u64)> = Vec::new();
    for op in &d.ops {
        let changed = op.op != diff::OpKind::Unchanged && !op.nonsignificant;
        if !changed {
            continue;
        }
        let section = op.section.as_deref();
        match out.iter_mut().find(|(s, _)| *s == section) {
            Some((_, n)) => *n += 1,
            None => out.push((section, 1)),
        }
    }
    out
}

/// Unmatched old/new pairs: first those with the same text (fingerprint),
/// in order; then, among the rest, those [`crate::renames`] finds to be one
/// document; each document in at most one pair.
fn renames(
    old_l: &[Loaded<'_>],
    new_l: &[Loaded<'_>],
    old_taken: &[bool],
    new_taken: &[bool],
    threshold: f64,
) -> Vec<(usize, usize)> {
    // First the documents whose text is found unchanged under a new id
    // (a site's addresses changed, say): identical fingerprints, paired in
    // order. Only the rest are compared with each other.
    // Texts without a word (punctuation only) are never renamed, as their
    // word bags below are empty.
    let has_words = |l: &Loaded<'_>| l.side.text.chars().any(char::is_alphanumeric);
    let mut by_fingerprint: FxHashMap<u128, std::collections::VecDeque<usize>> =
        FxHashMap::default();
    for (j, l) in new_l.iter().enumerate() {
        if !new_taken[j] && has_words(l) {
            by_fingerprint
                .entry(l.fingerprint)
                .or_default()
                .push_back(j);
        }
    }
    let (mut old_taken, mut new_taken) = (old_taken.to_vec(), new_taken.to_vec());
    let mut out = Vec::new();
    for (i, l) in old_l.iter().enumerate() {
        if old_taken[i] || !has_words(l) {
            continue;
        }
        if let Some(j) = by_fingerprint
            .get_mut(&l.fingerprint)
            .and_then(|q| q.pop_front())
        {
            old_taken[i] = true;
            new_taken[j] = true;
            out.push((i, j));
        }
    }
    let (old_taken, new_taken) = (&old_taken[..], &new_taken[..]);

    // The rest: by content (see `crate::renames`).
    let free = |l: &[Loaded<'_>], taken: &[bool]| -> Vec<usize> {
        (0..l.len()).filter(|&i| !taken[i]).collect()
    };
    let (old_free, new_free) = (free(old_l, old_taken), free(new_l, new_taken));
    let bags = |l: &[Loaded<'_>], idx: &[usize]| -> Vec<renames::Bag> {
        idx.par_iter()
            .map(|&i| renames::Bag::of(&l[i].side.text))
            .collect()
    };
    let (old_bags, new_bags) = rayon::join(|| bags(old_l, &old_free), || bags(new_l, &new_free));
    out.extend(
        renames::pair(&old_bags, &new_bags, threshold)
            .into_iter()
            .map(|(a, b)| (old_free[a], new_free[b])),
    );
    out
}

fn compare_pair(
    old: &Loaded<'_>,
    new: &Loaded<'_>,
    renamed: bool,
    opts: &CompareOptions,
) -> DocChange {
    let mut row = DocChange {
        doc_id: new.side.doc.id.clone(),
        old_doc_id: Some(old.side.doc.id.clone()),
        status: if renamed {
            Status::Renamed
        } else {
            Status::Unchanged
        },
        similarity: Some(1.0),
        nonsignificant: false,
        coarse: false,
        sections_changed: 0,
        old_words: None,
        new_words: None,
        words_added: 0,
        words_deleted: 0,
        sentences: diff::OpCounts::default(),
        stats: Vec::new(),
        diff: None,
        old_fingerprint: Some(old.fingerprint),
        new_fingerprint: Some(new.fingerprint),
        old_path: Some(old.side.doc.path.clone()),
        new_path: Some(new.side.doc.path.clone()),
    };
    if old.fingerprint == new.fingerprint {
        // The same words in the same order. Identical texts have the same
        // statistics (computed once); texts that differ in whitespace or
        // quote styles may not (line breaks make sentences and paragraphs),
        // so both are computed.
        let same = old.side.text == new.side.text;
        let sn = new.stats().clone();
        let so = if same {
            sn.clone()
        } else {
            old.stats().clone()
        };
        row.old_words = Some(so.words);
        row.new_words = Some(sn.words);
        row.stats = diff::stat_deltas(
            &DocStats::from_parts(old.side.doc, old.side.removed, so),
            &DocStats::from_parts(new.side.doc, new.side.removed, sn),
        );
        row.nonsignificant = !same;
        return row;
    }
    let (mut d, [old_stats, new_stats]) = diff::diff_sides_with(
        &old.side,
        &new.side,
        &opts.diff,
        new.stats_opts,
        old.stats.get(),
        new.stats.get(),
    );
    // Kept: a release between two others is compared twice.
    let _ = old.stats.set(old_stats);
    let _ = new.stats.set(new_stats);
    if let Some(filter) = &opts.section {
        diff::restrict(&mut d, filter);
    }
    let s = &d.summary;
    row.similarity = Some(s.similarity);
    row.coarse = s.coarse;
    row.sections_changed = changed_sections(&d).len() as u64;
    row.old_words = Some(s.words_unchanged + s.words_deleted);
    row.new_words = Some(s.words_unchanged + s.words_added);
    row.words_added = s.words_added;
    row.words_deleted = s.words_deleted;
    row.sentences = s.sentences;
    row.stats = d.stats.clone();
    let significant = d.has_changes() && 1.0 - s.similarity >= opts.min_change;
    if significant {
        if !renamed {
            row.status = Status::Modified;
        }
        row.diff = Some(d);
    } else {
        row.nonsignificant = true;
    }
    row
}

fn single(l: &Loaded<'_>, status: Status) -> DocChange {
    let s = l.stats();
    let sentences = s.sentences;
    let words = s.words;
    let mut counts = diff::OpCounts::default();
    let (old, new) = if status == Status::Added {
        counts.added = sentences;
        (None, Some(l))
    } else {
        counts.deleted = sentences;
        (Some(l), None)
    };
    DocChange {
        doc_id: l.side.doc.id.clone(),
        old_doc_id: old.map(|l| l.side.doc.id.clone()),
        status,
        similarity: None,
        nonsignificant: false,
        coarse: false,
        sections_changed: 0,
        old_words: old.map(|_| words),
        new_words: new.map(|_| words),
        words_added: if new.is_some() { words } else { 0 },
        words_deleted: if old.is_some() { words } else { 0 },
        sentences: counts,
        stats: Vec::new(),
        diff: None,
        old_fingerprint: old.map(|l| l.fingerprint),
        new_fingerprint: new.map(|l| l.fingerprint),
        old_path: old.map(|l| l.side.doc.path.clone()),
        new_path: new.map(|l| l.side.doc.path.clone()),
    }
}

/// A path for a document's diff report inside `dir`, built safely from its
/// id: whatever the id holds (`..`, `/`, `:`, NUL, very long parts), the
/// path stays inside `dir`. Parts are kept readable where they can be;
/// `taken` makes paths unique (a `~2` suffix on a clash).
pub fn safe_report_path(id: &str, taken: &mut std::collections::HashSet<String>) -> String {
    const MAX_PART: usize = 80;
    // Composed (NFC), so ids that differ only in how accents are encoded
    // get distinct paths on file systems that normalize names (macOS).
    use unicode_normalization::UnicodeNormalization;
    let composed: String = id.nfc().collect();
    let mut parts: Vec<String> = composed
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .map(|p| {
            let mut clean: String = p
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | ',' | '(' | ')') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            clean = clean.trim_matches(|c| c == '.' || c == ' ').to_string();
            if clean.len() > MAX_PART {
                let mut h = FxHasher::default();
                p.hash(&mut h);
                let mut cut = MAX_PART - 17;
                while !clean.is_char_boundary(cut) {
                    cut -= 1;
                }
                clean = format!("{}~{:016x}", &clean[..cut], h.finish());
            }
            if clean.is_empty() {
                "_".to_string()
            } else {
                clean
            }
        })
        .collect();
    if parts.is_empty() {
        parts.push("_".to_string());
    }
    // A folder may not be named like a report (`x.diff/y` beside `x`).
    let last = parts.len() - 1;
    for p in &mut parts[..last] {
        if p.to_lowercase().ends_with(".diff") {
            p.push('_');
        }
    }
    let mut base = parts.join("/");
    // Keep whole paths short enough for every file system.
    const MAX_PATH: usize = 200;
    if base.len() > MAX_PATH {
        let mut h = FxHasher::default();
        id.hash(&mut h);
        let mut cut = MAX_PATH - 17;
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        base = format!("{}~{:016x}", base[..cut].trim_end_matches('/'), h.finish());
    }
    let mut candidate = format!("{base}.diff");
    let mut k = 2;
    while !taken.insert(candidate.to_lowercase()) {
        candidate = format!("{base}~{k}.diff");
        k += 1;
    }
    candidate
}

/// The numeric stats columns, whose deltas `changes.csv` carries.
fn delta_columns() -> Vec<(&'static str, bool)> {
    use crate::frame::{Kind, STATS_COLUMNS};
    STATS_COLUMNS
        .iter()
        .filter(|c| matches!(c.kind, Kind::Count | Kind::Float))
        .map(|c| (c.name, c.kind == Kind::Count))
        .collect()
}

/// Extra leading columns of a changes table (the timeline's releases).
pub struct StepColumns<'a> {
    /// The older release of each row.
    pub from_release: &'a [&'a str],
    /// The newer release of each row.
    pub to_release: &'a [&'a str],
    /// Whether each row's step returns to an earlier version.
    pub revert: &'a [bool],
}

/// The changes table: one row per document or pair.
pub fn changes_frame(
    changes: &[&DocChange],
    step: Option<StepColumns<'_>>,
) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let n = changes.len();
    let str_col =
        |name: &str, v: Vec<Option<&str>>| -> Column { Series::new(name.into(), v).into() };
    let u64_col = |name: &str, v: Vec<u64>| -> Column { Series::new(name.into(), v).into() };
    let opt_u64 =
        |name: &str, v: Vec<Option<u64>>| -> Column { Series::new(name.into(), v).into() };
    let round = crate::frame::round_decimals;
    let mut cols: Vec<Column> = vec![str_col(
        "doc_id",
        changes.iter().map(|c| Some(c.doc_id.as_str())).collect(),
    )];
    if let Some(s) = &step {
        cols.push(str_col(
            "from_release",
            s.from_release.iter().map(|r| Some(*r)).collect(),
        ));
        cols.push(str_col(
            "to_release",
            s.to_release.iter().map(|r| Some(*r)).collect(),
        ));
        cols.push(str_col(
            "from_date",
            s.from_release
                .iter()
                .map(|r| crate::series::iso_date(r))
                .collect(),
        ));
        cols.push(str_col(
            "to_date",
            s.to_release
                .iter()
                .map(|r| crate::series::iso_date(r))
                .collect(),
        ));
    }
    cols.push(str_col(
        "old_doc_id",
        changes.iter().map(|c| c.old_doc_id.as_deref()).collect(),
    ));
    cols.push(str_col(
        "status",
        changes.iter().map(|c| Some(c.status.name())).collect(),
    ));
    if let Some(s) = &step {
        cols.push(Series::new("revert".into(), s.revert.to_vec()).into());
    }
    cols.push(
        Series::new(
            "similarity".into(),
            changes
                .iter()
                .map(|c| c.similarity.map(round))
                .collect::<Vec<_>>(),
        )
        .into(),
    );
    cols.push(u64_col(
        "words_added",
        changes.iter().map(|c| c.words_added).collect(),
    ));
    cols.push(u64_col(
        "words_deleted",
        changes.iter().map(|c| c.words_deleted).collect(),
    ));
    cols.push(u64_col(
        "sentences_added",
        changes.iter().map(|c| c.sentences.added).collect(),
    ));
    cols.push(u64_col(
        "sentences_deleted",
        changes.iter().map(|c| c.sentences.deleted).collect(),
    ));
    cols.push(u64_col(
        "sentences_edited",
        changes.iter().map(|c| c.sentences.edited).collect(),
    ));
    cols.push(u64_col(
        "sentences_moved",
        changes.iter().map(|c| c.sentences.moved).collect(),
    ));
    cols.push(u64_col(
        "sentences_split",
        changes.iter().map(|c| c.sentences.split).collect(),
    ));
    cols.push(u64_col(
        "sentences_merged",
        changes.iter().map(|c| c.sentences.merged).collect(),
    ));
    cols.push(opt_u64(
        "old_words",
        changes.iter().map(|c| c.old_words).collect(),
    ));
    cols.push(opt_u64(
        "new_words",
        changes.iter().map(|c| c.new_words).collect(),
    ));
    cols.push(
        Series::new(
            "nonsignificant".into(),
            changes.iter().map(|c| c.nonsignificant).collect::<Vec<_>>(),
        )
        .into(),
    );
    cols.push(u64_col(
        "sections_changed",
        changes.iter().map(|c| c.sections_changed).collect(),
    ));
    cols.push(
        Series::new(
            "coarse".into(),
            changes.iter().map(|c| c.coarse).collect::<Vec<_>>(),
        )
        .into(),
    );
    for (name, count) in delta_columns() {
        let delta = |c: &&DocChange| {
            c.stats
                .iter()
                .find(|s| s.name == name)
                .and_then(|s| s.delta)
        };
        let column = format!("{name}_delta");
        let series = if count {
            // Counts change by whole numbers.
            Series::new(
                column.as_str().into(),
                changes
                    .iter()
                    .map(|c| delta(c).map(|d| d as i64))
                    .collect::<Vec<_>>(),
            )
        } else {
            Series::new(
                column.as_str().into(),
                changes
                    .iter()
                    .map(|c| delta(c).map(round))
                    .collect::<Vec<_>>(),
            )
        };
        cols.push(series.into());
    }
    DataFrame::new(n, cols)
}

/// The edits table: every sentence-level op of every changed document,
/// `doc_id` first, then the `folio diff` CSV columns.
pub fn edits_frame(
    changes: &[&DocChange],
) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    let docs: Vec<(&str, bool, &[diff::SentenceOp])> = changes
        .iter()
        .filter_map(|c| Some((c.doc_id.as_str(), c.coarse, c.diff.as_ref()?.ops.as_slice())))
        .collect();
    diff::to_frame_by_doc(&docs)
}

/// The readable overview of a comparison: totals per status, the
/// most-changed documents and the largest readability shifts.
pub fn summary_text(cmp: &Comparison, old_label: &str, new_label: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{old_label} → {new_label}");
    let _ = writeln!(
        out,
        "documents: {} before, {} after",
        cmp.old_documents, cmp.new_documents
    );
    let count = |s: Status| cmp.changes.iter().filter(|c| c.status == s).count();
    let nonsig = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Unchanged && c.nonsignificant)
        .count();
    let _ = writeln!(
        out,
        "unchanged {} ({} with non-significant changes) · modified {} · renamed {} · added {} · removed {}",
        count(Status::Unchanged),
        nonsig,
        count(Status::Modified),
        count(Status::Renamed),
        count(Status::Added),
        count(Status::Removed)
    );
    let (wa, wd): (u64, u64) = cmp
        .changes
        .iter()
        .fold((0, 0), |(a, d), c| (a + c.words_added, d + c.words_deleted));
    let _ = writeln!(out, "words: +{wa} −{wd}");
    if !cmp.problems.is_empty() {
        let _ = writeln!(out, "unreadable documents: {}", cmp.problems.len());
    }
    let mut changed: Vec<&DocChange> = cmp.changes.iter().filter(|c| c.diff.is_some()).collect();
    // Ranked by words changed: similarity would rank a stub's one-line
    // change above the rewrite of a long document.
    changed.sort_by(|a, b| {
        (b.words_added + b.words_deleted)
            .cmp(&(a.words_added + a.words_deleted))
            .then(a.doc_id.cmp(&b.doc_id))
    });
    if !changed.is_empty() {
        let _ = writeln!(out, "\nmost changed (words added + deleted):");
        for c in changed.iter().take(10) {
            let renamed = match (&c.old_doc_id, c.status) {
                (Some(old), Status::Renamed) => format!(", renamed from {old}"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:6}  {}  (+{} −{} words, similarity {}; sentences {} added, {} deleted, {} edited, {} moved{})",
                c.words_added + c.words_deleted,
                c.doc_id,
                c.words_added,
                c.words_deleted,
                diff::similarity_text(c.similarity.unwrap_or(1.0)),
                c.sentences.added,
                c.sentences.deleted,
                c.sentences.edited,
                c.sentences.moved,
                renamed
            );
        }
    }
    let mut sections: Vec<(&str, &str, u64)> = changed
        .iter()
        .flat_map(|c| {
            let d = c.diff.as_ref().expect("changed documents have diffs");
            changed_sections(d)
                .into_iter()
                .filter_map(|(s, n)| Some((c.doc_id.as_str(), s?, n)))
        })
        .collect();
    sections.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
    if !sections.is_empty() {
        let _ = writeln!(out, "\nsections changed most (sentences changed):");
        for (doc, section, n) in sections.iter().take(10) {
            let _ = writeln!(
                out,
                "  {n:4}  {doc}: {}",
                diff::collapse_whitespace(section)
            );
        }
    }
    let renamed: Vec<String> = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Renamed)
        .filter_map(|c| Some(format!("{} → {}", c.old_doc_id.as_deref()?, c.doc_id)))
        .collect();
    if !renamed.is_empty() {
        let _ = writeln!(out, "\nrenamed: {}", renamed.join(", "));
    }
    let grade = |c: &DocChange| {
        c.stats
            .iter()
            .find(|s| s.name == "flesch_kincaid_grade")
            .and_then(|s| s.delta)
    };
    let mut shifts: Vec<(&DocChange, f64)> = cmp
        .changes
        .iter()
        .filter_map(|c| grade(c).filter(|d| *d != 0.0).map(|d| (c, d)))
        .collect();
    shifts.sort_by(|a, b| {
        b.1.abs()
            .total_cmp(&a.1.abs())
            .then(a.0.doc_id.cmp(&b.0.doc_id))
    });
    if !shifts.is_empty() {
        let _ = writeln!(
            out,
            "\nlargest readability shifts (Flesch–Kincaid grade, new − old):"
        );
        for (c, d) in shifts.iter().take(10) {
            let _ = writeln!(out, "  {:+.2}  {}", d, c.doc_id);
        }
    }
    let added: Vec<&str> = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Added)
        .map(|c| c.doc_id.as_str())
        .collect();
    let removed: Vec<&str> = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Removed)
        .map(|c| c.doc_id.as_str())
        .collect();
    for (label, list) in [("added", added), ("removed", removed)] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{label}: {}", list.join(", "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn safe_paths_stay_inside() {
        let mut taken = HashSet::new();
        assert_eq!(safe_report_path("news/a b", &mut taken), "news/a b.diff");
        assert_eq!(
            safe_report_path("../../etc/passwd", &mut taken),
            "etc/passwd.diff"
        );
        assert_eq!(safe_report_path("/abs/x", &mut taken), "abs/x.diff");
        assert_eq!(safe_report_path("c:\\win\\x", &mut taken), "c_/win/x.diff");
        assert_eq!(safe_report_path("nul\0byte", &mut taken), "nul_byte.diff");
        assert_eq!(safe_report_path("..", &mut taken), "_.diff");
        assert_eq!(safe_report_path("news/a b", &mut taken), "news/a b~2.diff");
        assert_eq!(
            safe_report_path("Köln: Über", &mut taken),
            "Köln_ Über.diff"
        );
        // The same name with decomposed accents: composed, so a clash.
        assert_eq!(
            safe_report_path("Ko\u{308}ln: U\u{308}ber", &mut taken),
            "Köln_ Über~2.diff"
        );
        let long = "x".repeat(500);
        let p = safe_report_path(&long, &mut taken);
        assert!(p.len() < 100, "{p}");
        for p in &taken {
            assert!(!p.starts_with('/') && !p.split('/').any(|c| c == ".." || c == "."));
        }
    }

    #[test]
    fn fingerprints_follow_the_diff_options() {
        let plain = DiffOptions::default();
        assert_eq!(fingerprint("A  b\nc", &plain), fingerprint("A b c", &plain));
        assert_ne!(fingerprint("a b", &plain), fingerprint("ab", &plain));
        // Quote styles and case are changes unless the options hide them.
        assert_ne!(
            fingerprint("“A b” c — d", &plain),
            fingerprint("\"A b\" c - d", &plain)
        );
        let quotes = DiffOptions {
            normalize_quotes: true,
            ..plain
        };
        assert_eq!(
            fingerprint("“A b” c — d", &quotes),
            fingerprint("\"A b\" c - d", &quotes)
        );
        let case = DiffOptions {
            ignore_case: true,
            ..plain
        };
        assert_eq!(
            fingerprint("The Mayor", &case),
            fingerprint("the mayor", &case)
        );
        let punct = DiffOptions {
            ignore_punctuation: true,
            ..plain
        };
        assert_eq!(
            fingerprint("Yes, indeed.", &punct),
            fingerprint("Yes indeed", &punct)
        );
        // Stable: XXH3-128 of the words, whatever the build.
        assert_eq!(
            fingerprint("a b", &plain),
            xxhash_rust::xxh3::xxh3_128(b"a b ")
        );
    }
}
