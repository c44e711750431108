//! Comparing two versions of a document: what an editor would say changed.
//!
//! Both versions are tokenized into paragraphs, sentences and words exactly
//! as `folio stats` does. Then:
//!
//! 1. **Paragraphs, then sentences, are aligned.** Each sentence gets a
//!    comparison key — its text with whitespace runs collapsed (so re-wrapped
//!    lines never count), and, as options ask, case folded, punctuation
//!    dropped, typographic quotes, dashes, no-break spaces and soft hyphens
//!    made plain; a paragraph's key is the sequence of its sentences' keys.
//!    The paragraph sequences are diffed with the patience algorithm
//!    (`similar`); inside each stretch of paragraphs that differ, the
//!    sentence sequences are diffed the same way. Equal runs are unchanged
//!    sentences.
//! 2. **Left-over sentences are paired** when their word similarity (a
//!    Dice coefficient of their word multisets, case folded, words weighted by inverse
//!    sentence frequency, sentence labels by [`LABEL_WEIGHT`]) reaches
//!    [`DiffOptions::threshold`] (default 0.5) and, the farther apart they
//!    are, the more rare words they share ([`EVIDENCE_PER_DOUBLING`]): the
//!    best pairs first, each sentence in at most one pair. Candidates come
//!    from an index of the words the old sentences share with the new, so
//!    unrelated texts cost little.
//! 3. **In place or moved.** Of all paired sentences (unchanged and
//!    similar), the heaviest set that keeps both documents' order — a
//!    weighted longest increasing subsequence, weights = words × similarity
//!    — stays in place: its similar pairs are `edited`. Every other pair is
//!    `moved` (and may be edited too). So swapped paragraphs give `moved`
//!    sentences, never added + deleted, and the larger block stays put.
//!    Sentences without words are never moved (see `settle_gaps`).
//! 4. **Words inside paired sentences** are diffed (`similar`, Myers), then
//!    cleaned up semantically: an unchanged stretch between two changes that
//!    is no longer than the changes on either side is folded into them, so
//!    a rewritten sentence reads as one replacement, not confetti.
//!
//! Paragraph results are read off the sentences: an old paragraph all of
//! whose sentences were deleted is `deleted`; all moved, `moved`; all
//! unchanged into one new paragraph holding nothing else, `unchanged`;
//! anything else `edited`; a new paragraph of added sentences only is
//! `added`.
//!
//! A work bound, not a clock, limits the cost ([`DiffOptions::max_work`]):
//! each sequence diff is charged `(n + m)²` steps for `n` and `m` items
//! (the worst case of the Myers search inside patience diff). A sequence
//! diff that would pass the bound is made coarsely — only items unique in
//! both sequences are matched, in order — and a word diff that would pass
//! it reports the sentence as replaced whole. Results are still correct
//! (every sentence and word in exactly one op), are marked `coarse`, and
//! are the same on any machine, at any load and thread count.
//!
//! One file per step: `keys` (sentences and their keys), `sections`
//! (headings), `align` (step 1, and the whole run), `pair` (step 2),
//! `place` (step 3), `split` (splits and merges), `words` (step 4),
//! `summary` (counts and statistic deltas), `render` (tables and text).

mod align;
mod keys;
mod pair;
mod parse;
mod place;
mod render;
mod sections;
mod split;
mod summary;
mod words;

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use similar::{Algorithm, DiffTag};

use crate::boilerplate::{self, Mode};
use crate::corpus::Document;
use crate::stats::{self, DocStats, StatsOptions, TextStats};
use crate::tokenize::{self, Rules};

use self::{align::*, keys::*, pair::*, place::*, sections::*, split::*, summary::*, words::*};

pub(crate) use keys::{collapse_whitespace, markup_only, plain_char};
pub use pair::{EVIDENCE_PER_DOUBLING, LABEL_WEIGHT};
#[cfg(test)]
pub(crate) use parse::times_parsed;
pub use parse::Parsed;
pub use render::{edits_table, render_text, to_frame, OpRow, TextOptions};
pub(crate) use render::{ops_table, similarity_text, to_frame_by_doc};
pub use sections::{restrict, SectionFilter};
pub(crate) use summary::stat_deltas;

/// Options of a diff.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// Case differences are not changes.
    pub ignore_case: bool,
    /// Punctuation differences are not changes (only words are compared).
    pub ignore_punctuation: bool,
    /// Typographic and straight quotes, dashes and hyphens, no-break and
    /// ordinary spaces are the same; soft hyphens are ignored.
    pub normalize_quotes: bool,
    /// Two sentences pair (edited or moved) when their word similarity is at
    /// least this (0–1).
    pub threshold: f64,
    /// Steps of sequence diffing allowed before coarse results (see the
    /// module docs).
    pub max_work: u64,
}

/// The default work bound: a billion steps, a few seconds at worst; the
/// 1.4 MB Civil Code amendment pair needs a tenth of it.
pub const DEFAULT_MAX_WORK: u64 = 1_000_000_000;

/// The work left to a diff, and whether it had to be coarse.
#[derive(Debug, Clone, Copy)]
struct Work {
    left: u64,
    coarse: bool,
}

impl Work {
    /// Charges a diff of `n` against `m` items; false (and coarse from now
    /// on) when the bound does not allow it.
    fn charge(&mut self, n: usize, m: usize) -> bool {
        let cost = ((n + m) as u64).saturating_mul((n + m) as u64);
        if cost <= self.left {
            self.left -= cost;
            true
        } else {
            self.coarse = true;
            false
        }
    }
}

/// The lengths of the common start and end of two sequences (not
/// overlapping): what a diff of them steps over at once, so that the work
/// bound is charged for the rest only (one line added to a list of a
/// thousand, read as one sentence, had been charged as a rewrite of it
/// all, and reported so).
fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (start, end)
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            ignore_case: false,
            ignore_punctuation: false,
            normalize_quotes: false,
            threshold: 0.5,
            max_work: DEFAULT_MAX_WORK,
        }
    }
}

/// What happened to a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    /// The same sentence at the same place.
    Unchanged,
    /// A sentence only in the new version.
    Added,
    /// A sentence only in the old version.
    Deleted,
    /// An old and a new sentence matched in place, with word changes.
    Edited,
    /// An old and a new sentence matched at another position (possibly
    /// also with word changes).
    Moved,
    /// One old sentence that became several consecutive new ones.
    Split,
    /// Several consecutive old sentences that became one new one.
    Merged,
}

impl OpKind {
    /// The op's name as written in tables.
    pub fn name(self) -> &'static str {
        match self {
            OpKind::Unchanged => "unchanged",
            OpKind::Added => "added",
            OpKind::Deleted => "deleted",
            OpKind::Edited => "edited",
            OpKind::Moved => "moved",
            OpKind::Split => "split",
            OpKind::Merged => "merged",
        }
    }
}

/// A word-level piece of a paired sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `equal`, `delete` or `insert`.
    pub tag: ChangeTag,
    /// The text of the piece (old text for deletions, new text otherwise).
    pub text: String,
    /// For an equal piece, the old version's text when it is written
    /// otherwise (quote styles, dashes, no-break spaces: equal as the diff
    /// compares them): a view of the old version shows what it said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<String>,
}

/// The kind of a word-level piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeTag {
    /// In both versions.
    Equal,
    /// Only in the old version.
    Delete,
    /// Only in the new version.
    Insert,
}

/// One sentence-level operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceOp {
    /// What happened.
    pub op: OpKind,
    /// Index of the old sentence (0-based), if there is one.
    pub old_index: Option<usize>,
    /// Index of the new sentence (0-based), if there is one.
    pub new_index: Option<usize>,
    /// Paragraph of the old sentence (0-based).
    pub old_paragraph: Option<usize>,
    /// Paragraph of the new sentence (0-based).
    pub new_paragraph: Option<usize>,
    /// Word similarity of a paired sentence (1 for unchanged ones).
    pub similarity: Option<f64>,
    /// Words only in the new sentence.
    pub words_added: u64,
    /// Words only in the old sentence.
    pub words_deleted: u64,
    /// Words in both.
    pub words_unchanged: u64,
    /// An `unchanged` op whose texts differ only in ways the options ignore
    /// (case, punctuation, quote styles): a non-significant change.
    pub nonsignificant: bool,
    /// The heading of the section the sentence is in — in the new version,
    /// in the old one for a deleted sentence (see the module docs).
    pub section: Option<String>,
    /// For `merged`: the old sentences after the first (at the indices
    /// after `old_index`); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub old_more: Vec<String>,
    /// For `split`: the new sentences after the first (at the indices after
    /// `new_index`); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub new_more: Vec<String>,
    /// The old sentence.
    pub old_text: Option<String>,
    /// The new sentence.
    pub new_text: Option<String>,
    /// Word-level pieces of a paired sentence with changes (empty otherwise).
    pub changes: Vec<Change>,
    /// A `split` or `merged` whose sentences moved (out of the order the
    /// rest keeps), as a `moved` op's did.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
    /// The op's sentences are lines of code, on every side it has (a
    /// fenced block, a block indented under `::`, a `<pre>`): the summary
    /// counts them apart from prose, as the statistics leave code out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub code: bool,
}

impl SentenceOp {
    /// Whether the op's sentences hold no word (a code fence, a `|`, a
    /// link's definition).
    pub(crate) fn no_words(&self) -> bool {
        self.words_added + self.words_deleted + self.words_unchanged == 0
    }

    /// The old sentences of the op, joined by spaces.
    pub fn old_joined(&self) -> Option<String> {
        let first = self.old_text.as_deref()?;
        let more = self.old_more.iter().map(String::as_str);
        Some(
            std::iter::once(first)
                .chain(more)
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// The new sentences of the op, joined by spaces.
    pub fn new_joined(&self) -> Option<String> {
        let first = self.new_text.as_deref()?;
        let more = self.new_more.iter().map(String::as_str);
        Some(
            std::iter::once(first)
                .chain(more)
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// How many old sentences the op covers.
    pub fn old_count(&self) -> u64 {
        u64::from(self.old_index.is_some()) + self.old_more.len() as u64
    }

    /// How many new sentences the op covers.
    pub fn new_count(&self) -> u64 {
        u64::from(self.new_index.is_some()) + self.new_more.len() as u64
    }
}

/// The sentences of one version as the ops hold them, `(index, text)` in
/// index order (`old`: the old version, else the new): the reconstruction
/// guarantee says they are exactly that version's sentences, each once.
pub fn version_sentences(ops: &[SentenceOp], old: bool) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    for o in ops {
        let (index, first, more) = if old {
            (o.old_index, o.old_text.as_deref(), &o.old_more)
        } else {
            (o.new_index, o.new_text.as_deref(), &o.new_more)
        };
        if let (Some(i), Some(t)) = (index, first) {
            out.push((i, t));
            out.extend(
                more.iter()
                    .enumerate()
                    .map(|(k, t)| (i + 1 + k, t.as_str())),
            );
        }
    }
    out.sort_by_key(|&(i, _)| i);
    out
}

/// Counts of sentence or paragraph operations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OpCounts {
    /// Added.
    pub added: u64,
    /// Deleted.
    pub deleted: u64,
    /// Edited in place.
    pub edited: u64,
    /// Moved.
    pub moved: u64,
    /// Split (one old sentence into several new ones).
    pub split: u64,
    /// Merged (several old sentences into one new one).
    pub merged: u64,
    /// Unchanged.
    pub unchanged: u64,
}

impl OpCounts {
    fn add(&mut self, op: OpKind) {
        match op {
            OpKind::Added => self.added += 1,
            OpKind::Deleted => self.deleted += 1,
            OpKind::Edited => self.edited += 1,
            OpKind::Moved => self.moved += 1,
            OpKind::Split => self.split += 1,
            OpKind::Merged => self.merged += 1,
            OpKind::Unchanged => self.unchanged += 1,
        }
    }

    /// Whether anything but `unchanged` was counted.
    pub fn any_change(&self) -> bool {
        self.changed() > 0
    }

    /// Edited, moved, split and merged: the ops that changed a sentence
    /// without adding or deleting it.
    pub fn reworked(&self) -> u64 {
        self.edited + self.moved + self.split + self.merged
    }

    /// Every op but `unchanged`.
    pub fn changed(&self) -> u64 {
        self.added + self.deleted + self.reworked()
    }

    /// Every op.
    pub fn total(&self) -> u64 {
        self.changed() + self.unchanged
    }
}

impl std::ops::AddAssign for OpCounts {
    fn add_assign(&mut self, o: OpCounts) {
        self.added += o.added;
        self.deleted += o.deleted;
        self.edited += o.edited;
        self.moved += o.moved;
        self.split += o.split;
        self.merged += o.merged;
        self.unchanged += o.unchanged;
    }
}

/// The summary of a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// 2 × unchanged words / (old words + new words), the words of code
    /// lines too; 1 for two empty texts.
    pub similarity: f64,
    /// Words of prose only in the new version (code lines' words are in
    /// [`Summary::code`]).
    pub words_added: u64,
    /// Words of prose only in the old version.
    pub words_deleted: u64,
    /// Words of prose in both.
    pub words_unchanged: u64,
    /// Sentence operations by kind, of prose (code lines are in
    /// [`Summary::code`]).
    pub sentences: OpCounts,
    /// Lines of code: their ops by kind and their words.
    pub code: CodeCounts,
    /// Paragraph results by kind (see the module docs).
    pub paragraphs: OpCounts,
    /// Sentences whose differences the normalization options hide.
    pub nonsignificant_changes: u64,
    /// Whether the work bound was reached, so that results are coarser
    /// than they could be (see [`DiffOptions::max_work`]).
    pub coarse: bool,
}

impl Summary {
    /// Words added, deleted and unchanged, of prose and code together.
    pub fn all_words(&self) -> (u64, u64, u64) {
        let c = &self.code;
        (
            self.words_added + c.words_added,
            self.words_deleted + c.words_deleted,
            self.words_unchanged + c.words_unchanged,
        )
    }
}

/// The lines of code of a diff (see [`SentenceOp::code`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CodeCounts {
    /// Code line operations by kind (lines without words left out, as
    /// for sentences).
    pub lines: OpCounts,
    /// Words of code lines only in the new version.
    pub words_added: u64,
    /// Words of code lines only in the old version.
    pub words_deleted: u64,
    /// Words of code lines in both.
    pub words_unchanged: u64,
}

impl std::ops::AddAssign for CodeCounts {
    fn add_assign(&mut self, o: CodeCounts) {
        self.lines += o.lines;
        self.words_added += o.words_added;
        self.words_deleted += o.words_deleted;
        self.words_unchanged += o.words_unchanged;
    }
}

/// A statistic of both versions and its change.
#[derive(Debug, Clone, PartialEq)]
pub struct StatDelta {
    /// The stats column.
    pub name: &'static str,
    /// Its value for the old version.
    pub old: Option<f64>,
    /// Its value for the new version.
    pub new: Option<f64>,
    /// New minus old.
    pub delta: Option<f64>,
}

/// Counts (`words`, `bytes`…) are JSON integers, as they are int64 in
/// every table; other statistics numbers.
impl Serialize for StatDelta {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Number {
            Int(i64),
            Float(f64),
        }
        let integer = crate::frame::STATS_COLUMNS
            .iter()
            .any(|c| c.name == self.name && matches!(c.kind, crate::frame::Kind::Count));
        let number = |v: Option<f64>| {
            v.map(|x| {
                if integer {
                    Number::Int(x as i64)
                } else {
                    Number::Float(x)
                }
            })
        };
        let mut st = s.serialize_struct("StatDelta", 4)?;
        st.serialize_field("name", self.name)?;
        st.serialize_field("old", &number(self.old))?;
        st.serialize_field("new", &number(self.new))?;
        st.serialize_field("delta", &number(self.delta))?;
        st.end()
    }
}

/// The comparison of two versions of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleDiff {
    /// The summary.
    pub summary: Summary,
    /// Every numeric stats column: old, new, delta.
    pub stats: Vec<StatDelta>,
    /// One op per sentence pair, added or deleted sentence, in reading order.
    pub ops: Vec<SentenceOp>,
    /// The sections the ops are restricted to (`--section`), if they are:
    /// the summary counts those sections' sentences, the statistics are
    /// still the whole documents'.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl ArticleDiff {
    /// Whether the versions differ (after normalization).
    pub fn has_changes(&self) -> bool {
        self.summary.sentences.any_change() || self.summary.code.lines.any_change()
    }
}

/// Compares two texts; the statistic deltas are those of the two texts as
/// given (sizes in bytes of UTF-8, no boilerplate removed).
pub fn diff_texts(old: &str, new: &str, opts: &DiffOptions) -> ArticleDiff {
    let as_row = |text: &str, stats: TextStats| DocStats {
        doc_id: String::new(),
        release: String::new(),
        path: String::new(),
        title: None,
        bytes: text.len() as u64,
        boilerplate_lines: 0,
        encoding: "UTF-8",
        extraction: "plain",
        kept: Vec::new(),
        text: stats,
    };
    let (old_p, new_p) = rayon::join(|| Parsed::new(old), || Parsed::new(new));
    let (summary, ops, old_stats, new_stats) = align_with_stats(
        [old, new],
        [&old_p, &new_p],
        opts,
        &StatsOptions::default(),
        [None, None],
        [None, None],
    );
    let stats = stat_deltas(&as_row(old, old_stats), &as_row(new, new_stats));
    ArticleDiff {
        summary,
        stats,
        ops,
        section: None,
    }
}

/// Compares two versions of a document after removing their boilerplate;
/// the statistic deltas are those of `folio stats` on the same files.
pub fn diff_documents(
    old: &Document,
    new: &Document,
    boilerplate: Mode,
    opts: &DiffOptions,
) -> ArticleDiff {
    let old_side = Side::strip(old, boilerplate, None);
    let new_side = Side::strip(new, boilerplate, None);
    diff_sides(&old_side, &new_side, opts)
}

/// A document with its boilerplate removed, ready to be compared.
#[derive(Debug, Clone)]
pub struct Side<'d> {
    /// The document.
    pub doc: &'d Document,
    /// Its text without boilerplate.
    pub text: Cow<'d, str>,
    /// Non-blank lines removed as boilerplate.
    pub removed: u64,
}

impl<'d> Side<'d> {
    /// Removes a document's boilerplate (`repeated`: its release's repeated
    /// lines, for mode `auto`).
    pub fn strip(
        doc: &'d Document,
        boilerplate: Mode,
        repeated: Option<&boilerplate::Repeated>,
    ) -> Side<'d> {
        let (text, removed) =
            boilerplate::strip(&doc.text, doc.title_in_text, boilerplate, repeated);
        Side { doc, text, removed }
    }
}

/// Compares two documents whose boilerplate is already removed.
pub fn diff_sides(old: &Side<'_>, new: &Side<'_>, opts: &DiffOptions) -> ArticleDiff {
    let (old_p, new_p) = rayon::join(|| Parsed::new(&old.text), || Parsed::new(&new.text));
    diff_parsed(
        [old, new],
        [&old_p, &new_p],
        opts,
        &StatsOptions::default(),
        [None, None],
    )
    .0
}

/// Compares two documents whose boilerplate is already removed and whose
/// texts are parsed (`parsed`, made from the sides' texts), with
/// statistics options; the statistics of either side are taken from
/// `known` when known (computed with the same options), else computed.
/// Returns the statistics of both sides too.
pub(crate) fn diff_parsed(
    [old, new]: [&Side<'_>; 2],
    parsed: [&Parsed; 2],
    opts: &DiffOptions,
    stats_opts: &StatsOptions,
    known: [Option<&TextStats>; 2],
) -> (ArticleDiff, [TextStats; 2]) {
    let (summary, ops, old_stats, new_stats) = align_with_stats(
        [&old.text, &new.text],
        parsed,
        opts,
        stats_opts,
        known,
        [
            old.doc.language_hint.as_deref(),
            new.doc.language_hint.as_deref(),
        ],
    );
    let old_row = DocStats::from_parts(old.doc, old.removed, old_stats);
    let new_row = DocStats::from_parts(new.doc, new.removed, new_stats);
    let stats = stat_deltas(&old_row, &new_row);
    let diff = ArticleDiff {
        summary,
        stats,
        ops,
        section: None,
    };
    (diff, [old_row.text, new_row.text])
}

#[cfg(test)]
mod tests;
