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
//!    Dice coefficient of their word multisets, words weighted by inverse
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

mod render;

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;
use similar::{Algorithm, DiffTag};

use crate::boilerplate::{self, Mode};
use crate::corpus::Document;
use crate::stats::{self, DocStats, StatsOptions, TextStats};
use crate::tokenize::{self, Rules};

pub use render::{
    columns_markdown, render_text, similarity_text, to_frame, to_frame_by_doc, TextOptions,
    DIFF_COLUMNS,
};

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
}

impl SentenceOp {
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
        self.added + self.deleted + self.edited + self.moved + self.split + self.merged > 0
    }
}

/// The summary of a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// 2 × unchanged words / (old words + new words); 1 for two empty texts.
    pub similarity: f64,
    /// Words only in the new version.
    pub words_added: u64,
    /// Words only in the old version.
    pub words_deleted: u64,
    /// Words in both.
    pub words_unchanged: u64,
    /// Sentence operations by kind.
    pub sentences: OpCounts,
    /// Paragraph results by kind (see the module docs).
    pub paragraphs: OpCounts,
    /// Sentences whose differences the normalization options hide.
    pub nonsignificant_changes: u64,
    /// Whether the work bound was reached, so that results are coarser
    /// than they could be (see [`DiffOptions::max_work`]).
    pub coarse: bool,
}

/// A statistic of both versions and its change.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// The comparison of two versions of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleDiff {
    /// The summary.
    pub summary: Summary,
    /// Every numeric stats column: old, new, delta.
    pub stats: Vec<StatDelta>,
    /// One op per sentence pair, added or deleted sentence, in reading order.
    pub ops: Vec<SentenceOp>,
}

impl ArticleDiff {
    /// Whether the versions differ (after normalization).
    pub fn has_changes(&self) -> bool {
        self.summary.sentences.any_change()
    }
}

/// A sentence of one version.
struct Sentence<'a> {
    text: &'a str,
    paragraph: usize,
    /// Words, as the tokenizer found them.
    words: Vec<&'a str>,
    /// The comparison key.
    key: String,
    /// The text with whitespace collapsed: differs from another sentence's
    /// while keys are equal only when options hide a difference.
    strict: String,
    /// The heading of the section it is in (see [`heading_text`]).
    section: Option<&'a str>,
}

fn sentences<'a>(
    text: &'a str,
    t: &tokenize::Tokenized<'a>,
    opts: &DiffOptions,
) -> (Vec<Sentence<'a>>, usize) {
    let mut out = Vec::with_capacity(t.sentences.len());
    let mut p = 0;
    for s in &t.sentences {
        while p + 1 < t.paragraphs.len() && t.paragraphs[p].span.end <= s.span.start {
            p += 1;
        }
        let body = &text[s.span.clone()];
        let words: Vec<&str> = t.words[s.words.clone()].iter().map(|w| w.text).collect();
        let strict = collapse_whitespace(body);
        let plain = !(opts.ignore_case || opts.ignore_punctuation || opts.normalize_quotes);
        let key = if plain {
            strict.clone()
        } else {
            sentence_key(body, &words, opts)
        };
        out.push(Sentence {
            text: body,
            paragraph: p,
            words,
            key,
            strict,
            section: None,
        });
    }
    assign_sections(&mut out);
    (out, t.paragraphs.len())
}

/// Headings are at most this many words.
const HEADING_MAX_WORDS: usize = 12;

/// The heading a sentence is, if it is one: a Markdown heading (`## Terms`,
/// `###### § 312c Fernabsatzverträge`), or a paragraph of one short line
/// that reads as a heading — at most [`HEADING_MAX_WORDS`] words and 150
/// characters, starting with a capital, a digit or `§`, not ending like a
/// sentence or a list item (`.`, `:`, `;`, `,`, `!`, `?`) and not a table
/// row or a list item: `3. Pflichten des Unternehmers`, `§ 5 Geltungsbereich`,
/// `Art. 3 Gleichheit`, a web page's `h2` (extracted as its own paragraph).
fn heading_text<'a>(s: &Sentence<'a>, alone: bool) -> Option<&'a str> {
    let t = s.text.trim();
    if let Some(rest) = t.strip_prefix('#') {
        let title = rest.trim_start_matches('#').trim();
        return (!title.is_empty()).then_some(title);
    }
    let first = t.chars().next()?;
    let looks = alone
        && !t.contains('\n')
        && !s.words.is_empty()
        && s.words.len() <= HEADING_MAX_WORDS
        && t.chars().count() <= 150
        && (first.is_uppercase() || first.is_ascii_digit() || first == '§')
        && !t.ends_with(['.', ':', ';', ',', '!', '?', '|']);
    looks.then_some(t)
}

/// Gives each sentence the heading of its section: the nearest heading at
/// or above it. The document's title (a heading as its first sentence)
/// opens no section.
fn assign_sections(sents: &mut [Sentence<'_>]) {
    let mut per_paragraph: FxHashMap<usize, usize> = FxHashMap::default();
    for s in sents.iter() {
        *per_paragraph.entry(s.paragraph).or_insert(0) += 1;
    }
    let mut current = None;
    for (k, s) in sents.iter_mut().enumerate() {
        let alone = per_paragraph.get(&s.paragraph) == Some(&1);
        if let Some(h) = heading_text(s, alone) {
            if k > 0 {
                current = Some(h);
            }
        }
        s.section = current;
    }
}

pub(crate) fn collapse_whitespace(s: &str) -> String {
    let b = s.as_bytes();
    let plain = s.is_ascii()
        && !b.first().is_some_and(u8::is_ascii_whitespace)
        && !b.last().is_some_and(u8::is_ascii_whitespace)
        && !b
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && (w[1].is_ascii_whitespace() || w[0] != b' '));
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Typographic characters and their plain forms (`--normalize-quotes`).
pub(crate) fn plain_char(c: char) -> Option<char> {
    Some(match c {
        '‘' | '’' | '‚' | '‛' | '′' | '‹' | '›' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => ' ',
        _ => return None,
    })
}

fn normalize_token<'a>(s: &'a str, opts: &DiffOptions) -> Cow<'a, str> {
    let plain = !opts.ignore_case && !opts.normalize_quotes;
    if plain || (s.is_ascii() && !(opts.ignore_case && s.bytes().any(|b| b.is_ascii_uppercase()))) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if opts.normalize_quotes {
            if c == '\u{ad}' {
                continue;
            }
            if let Some(p) = plain_char(c) {
                out.push(p);
                continue;
            }
        }
        if opts.ignore_case {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn sentence_key(body: &str, words: &[&str], opts: &DiffOptions) -> String {
    if opts.ignore_punctuation {
        let normalized: Vec<Cow<'_, str>> =
            words.iter().map(|w| normalize_token(w, opts)).collect();
        return normalized.join(" ");
    }
    let collapsed = if opts.normalize_quotes {
        // No-break spaces become spaces before whitespace is collapsed.
        collapse_whitespace(&normalize_token(
            body,
            &DiffOptions {
                ignore_case: false,
                ..*opts
            },
        ))
    } else {
        collapse_whitespace(body)
    };
    if opts.ignore_case {
        collapsed.to_lowercase()
    } else {
        collapsed
    }
}

/// Interns strings to dense ids, borrowing them when it can.
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<Cow<'a, str>, u32>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: Cow<'a, str>) -> u32 {
        if let Some(&id) = self.ids.get(s.as_ref()) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s, id);
        id
    }
}

/// A matched old/new sentence pair.
#[derive(Debug, Clone, Copy)]
struct Pair {
    old: usize,
    new: usize,
    similarity: f64,
    /// Found by the sentence diff (keys equal, in order).
    aligned: bool,
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
        text: stats,
    };
    let (summary, ops, old_stats, new_stats) = align_with_stats(
        [old, new],
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
    diff_sides_with(old, new, opts, &StatsOptions::default(), None, None).0
}

/// [`diff_sides`] with statistics options, and with the statistics of
/// either side taken from `old_stats` / `new_stats` when known (computed
/// with the same options), else computed; returns the statistics of both
/// sides too.
pub fn diff_sides_with(
    old: &Side<'_>,
    new: &Side<'_>,
    opts: &DiffOptions,
    stats_opts: &StatsOptions,
    old_stats: Option<&TextStats>,
    new_stats: Option<&TextStats>,
) -> (ArticleDiff, [TextStats; 2]) {
    let (summary, ops, old_stats, new_stats) = align_with_stats(
        [&old.text, &new.text],
        opts,
        stats_opts,
        [old_stats, new_stats],
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
    };
    (diff, [old_row.text, new_row.text])
}

/// Tokenizes both texts once, then aligns them and computes their
/// statistics (those not `known`; `declared`: the languages the documents
/// declare); the independent parts run in parallel.
fn align_with_stats(
    [old, new]: [&str; 2],
    opts: &DiffOptions,
    stats_opts: &StatsOptions,
    [old_known, new_known]: [Option<&TextStats>; 2],
    [old_declared, new_declared]: [Option<&str>; 2],
) -> (Summary, Vec<SentenceOp>, TextStats, TextStats) {
    let (old_t, new_t) = rayon::join(
        || tokenize::tokenize(old, Rules::default()),
        || tokenize::tokenize(new, Rules::default()),
    );
    let stats_of = |text: &str,
                    t: &tokenize::Tokenized<'_>,
                    known: Option<&TextStats>,
                    declared: Option<&str>| {
        known
            .cloned()
            .unwrap_or_else(|| stats::compute_tokenized(text, t, stats_opts, declared))
    };
    let ((summary, ops), (old_stats, new_stats)) = rayon::join(
        || align(old, &old_t, new, &new_t, opts),
        || {
            rayon::join(
                || stats_of(old, &old_t, old_known, old_declared),
                || stats_of(new, &new_t, new_known, new_declared),
            )
        },
    );
    (summary, ops, old_stats, new_stats)
}

/// The sentence-level alignment and its summary.
fn align<'a>(
    old: &'a str,
    old_t: &tokenize::Tokenized<'a>,
    new: &'a str,
    new_t: &tokenize::Tokenized<'a>,
    opts: &DiffOptions,
) -> (Summary, Vec<SentenceOp>) {
    let mut work = Work {
        left: opts.max_work,
        coarse: false,
    };
    let ((old_s, old_paragraphs), (new_s, new_paragraphs)) = rayon::join(
        || sentences(old, old_t, opts),
        || sentences(new, new_t, opts),
    );

    // 1. Align paragraphs, then the sentences of unmatched paragraphs.
    let mut keys = Interner::default();
    let old_keys: Vec<u32> = old_s
        .iter()
        .map(|s| keys.id(Cow::Borrowed(&s.key)))
        .collect();
    let new_keys: Vec<u32> = new_s
        .iter()
        .map(|s| keys.id(Cow::Borrowed(&s.key)))
        .collect();
    let aligned = align_hierarchically(&old_s, &new_s, &old_keys, &new_keys, &mut work);
    let mut pairs: Vec<Pair> = Vec::new();
    let mut old_taken = vec![false; old_s.len()];
    let mut new_taken = vec![false; new_s.len()];
    for &(i, j) in &aligned {
        pairs.push(Pair {
            old: i,
            new: j,
            similarity: 1.0,
            aligned: true,
        });
        old_taken[i] = true;
        new_taken[j] = true;
    }

    // 2. Pair the rest by weighted word similarity.
    let mut words = Interner::default();
    // Only the sentences left over are weighed and paired: the frequencies
    // that weigh their words are counted among them (where a statute's
    // formulas repeat), which keeps a large, little-changed pair cheap.
    let old_bags = word_ids(&old_s, &old_taken, &mut words, opts);
    let new_bags = word_ids(&new_s, &new_taken, &mut words, opts);
    let word_w = word_weights(&old_bags, &new_bags, &words);
    let candidates = similar_pairs(
        &old_s,
        &new_s,
        &old_bags,
        &new_bags,
        &word_w,
        &aligned,
        opts.threshold,
    );
    for (sim, i, j) in candidates {
        if old_taken[i] || new_taken[j] {
            continue;
        }
        old_taken[i] = true;
        new_taken[j] = true;
        pairs.push(Pair {
            old: i,
            new: j,
            similarity: sim,
            aligned: false,
        });
    }

    // 3. Which pairs stay in place.
    pairs.sort_by_key(|p| p.old);
    let weights: Vec<f64> = pairs
        .iter()
        .map(|p| {
            let w = old_s[p.old].words.len().max(1) as f64;
            if p.aligned {
                w + 1.0
            } else {
                w * p.similarity
            }
        })
        .collect();
    let in_place = heaviest_increasing(&pairs, &weights, new_s.len());
    let (pairs, in_place) = settle_gaps(
        pairs,
        &in_place,
        (&old_s, &new_s),
        (&old_keys, &new_keys),
        (&mut old_taken, &mut new_taken),
        &mut work,
    );

    // 3c. Splits and merges: a changed pair grows over free neighbouring
    // sentences of its paragraph when they make it more alike.
    let grown = grow_pairs(
        &pairs,
        (&old_s, &new_s),
        (&old_bags, &new_bags),
        &word_w,
        (&mut old_taken, &mut new_taken),
    );

    // 4. Ops, with word-level detail for paired sentences.
    let mut ops: Vec<SentenceOp> = Vec::with_capacity(old_s.len().max(new_s.len()));
    for (k, p) in pairs.iter().enumerate() {
        if let Some(g) = &grown[k] {
            ops.push(grown_op(g, (&old_s, &new_s), opts, &mut work));
            continue;
        }
        let (o, n) = (&old_s[p.old], &new_s[p.new]);
        let same = o.key == n.key;
        let op = match (in_place[k], same) {
            (true, true) => OpKind::Unchanged,
            (true, false) => OpKind::Edited,
            (false, _) => OpKind::Moved,
        };
        let mut sop = SentenceOp {
            op,
            old_index: Some(p.old),
            new_index: Some(p.new),
            old_paragraph: Some(o.paragraph),
            new_paragraph: Some(n.paragraph),
            similarity: Some(p.similarity),
            words_added: 0,
            words_deleted: 0,
            words_unchanged: o.words.len() as u64,
            nonsignificant: op == OpKind::Unchanged && o.strict != n.strict,
            section: n.section.map(str::to_string),
            old_more: Vec::new(),
            new_more: Vec::new(),
            old_text: Some(o.text.to_string()),
            new_text: Some(n.text.to_string()),
            changes: Vec::new(),
        };
        if !same {
            let detail = word_diff(o.text, n.text, opts, &mut work);
            sop.words_added = detail.added;
            sop.words_deleted = detail.deleted;
            sop.words_unchanged = detail.unchanged;
            sop.changes = detail.changes;
        }
        ops.push(sop);
    }
    for (i, s) in old_s.iter().enumerate().filter(|&(i, _)| !old_taken[i]) {
        ops.push(SentenceOp {
            op: OpKind::Deleted,
            old_index: Some(i),
            new_index: None,
            old_paragraph: Some(s.paragraph),
            new_paragraph: None,
            similarity: None,
            words_added: 0,
            words_deleted: s.words.len() as u64,
            words_unchanged: 0,
            nonsignificant: s.words.is_empty(),
            section: s.section.map(str::to_string),
            old_more: Vec::new(),
            new_more: Vec::new(),
            old_text: Some(s.text.to_string()),
            new_text: None,
            changes: Vec::new(),
        });
    }
    for (j, s) in new_s.iter().enumerate().filter(|&(j, _)| !new_taken[j]) {
        ops.push(SentenceOp {
            op: OpKind::Added,
            old_index: None,
            new_index: Some(j),
            old_paragraph: None,
            new_paragraph: Some(s.paragraph),
            similarity: None,
            words_added: s.words.len() as u64,
            words_deleted: 0,
            words_unchanged: 0,
            nonsignificant: s.words.is_empty(),
            section: s.section.map(str::to_string),
            old_more: Vec::new(),
            new_more: Vec::new(),
            old_text: None,
            new_text: Some(s.text.to_string()),
            changes: Vec::new(),
        });
    }
    order_ops(&mut ops, old_s.len());
    let summary = summarize(&ops, old_paragraphs, new_paragraphs, work.coarse);
    (summary, ops)
}

/// Settles what the in-place pairs leave between them. A sentence without
/// words (a table's `|`, a lone `---`) is never moved: a pair of them out
/// of place is undone. Then, between each two consecutive in-place pairs,
/// free old and new sentences with equal keys are paired in order (so a
/// table's `|` cells shift with the rows around them, unchanged). Returns
/// the pairs (sorted by old index) and which are in place.
fn settle_gaps(
    pairs: Vec<Pair>,
    in_place: &[bool],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_keys, new_keys): (&[u32], &[u32]),
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
    work: &mut Work,
) -> (Vec<Pair>, Vec<bool>) {
    let mut settled: Vec<(Pair, bool)> = Vec::with_capacity(pairs.len());
    for (p, &placed) in pairs.into_iter().zip(in_place) {
        if !placed && old_s[p.old].words.is_empty() {
            old_taken[p.old] = false;
            new_taken[p.new] = false;
        } else {
            settled.push((p, placed));
        }
    }
    let anchors: Vec<(usize, usize)> = settled
        .iter()
        .filter(|(_, placed)| *placed)
        .map(|(p, _)| (p.old, p.new))
        .collect();
    for k in 0..=anchors.len() {
        let (lo_o, lo_n) = if k == 0 {
            (0, 0)
        } else {
            (anchors[k - 1].0 + 1, anchors[k - 1].1 + 1)
        };
        let (hi_o, hi_n) = anchors
            .get(k)
            .copied()
            .unwrap_or((old_s.len(), new_s.len()));
        let free_old: Vec<usize> = (lo_o..hi_o).filter(|&i| !old_taken[i]).collect();
        let free_new: Vec<usize> = (lo_n..hi_n).filter(|&j| !new_taken[j]).collect();
        if free_old.is_empty() || free_new.is_empty() {
            continue;
        }
        let ok: Vec<u32> = free_old.iter().map(|&i| old_keys[i]).collect();
        let nk: Vec<u32> = free_new.iter().map(|&j| new_keys[j]).collect();
        for (a, b) in equal_pairs(&ok, &nk, work) {
            let (i, j) = (free_old[a], free_new[b]);
            old_taken[i] = true;
            new_taken[j] = true;
            let pair = Pair {
                old: i,
                new: j,
                similarity: 1.0,
                aligned: true,
            };
            settled.push((pair, true));
        }
    }
    settled.sort_by_key(|(p, _)| p.old);
    settled.into_iter().unzip()
}

/// The sorted word ids of a sentence left over for pairing, if it is.
type Bag = Option<Vec<u32>>;

/// A split or merge must raise the pair's similarity by at least this.
pub const SPLIT_GAIN: f64 = 0.1;

/// A pair grown into a split or a merge: consecutive old and new sentence
/// ranges, one of them a single sentence.
struct Grown {
    old: Range<usize>,
    new: Range<usize>,
    similarity: f64,
}

/// Splits and merges. For each changed pair (edited or moved), free
/// sentences with words right before or after the new sentence, in its
/// paragraph, are added to it while each raises the weighted similarity to
/// the old sentence by at least [`SPLIT_GAIN`] (one sentence that became
/// several: `split`); failing that, the same on the old side (`merged`).
fn grow_pairs(
    pairs: &[Pair],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_ids, new_ids): (&[Bag], &[Bag]),
    weights: &Weights,
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> Vec<Option<Grown>> {
    // Grows `one` (fixed) against `many` from `start`, over free sentences.
    fn grow(
        one: &[u32],
        start: usize,
        sents: &[Sentence<'_>],
        ids: &[Option<Vec<u32>>],
        taken: &[bool],
        weights: &Weights,
    ) -> Option<(Range<usize>, f64)> {
        let paragraph = sents[start].paragraph;
        let free = |k: usize| {
            !taken[k]
                && !sents[k].words.is_empty()
                && sents[k].paragraph == paragraph
                && ids[k].is_some()
        };
        let mut bag = ids[start].clone()?;
        let mut best = weighted_dice(one, &bag, weights).0;
        let mut range = start..start + 1;
        loop {
            let mut step = None;
            for k in [range.end, range.start.wrapping_sub(1)] {
                if k < sents.len() && free(k) {
                    let mut cand = bag.clone();
                    cand.extend(ids[k].iter().flatten());
                    cand.sort_unstable();
                    let sim = weighted_dice(one, &cand, weights).0;
                    if sim >= best + SPLIT_GAIN && step.as_ref().is_none_or(|(_, s, _)| sim > *s) {
                        step = Some((k, sim, cand));
                    }
                }
            }
            let Some((k, sim, cand)) = step else { break };
            best = sim;
            bag = cand;
            if k == range.end {
                range.end += 1;
            } else {
                range.start -= 1;
            }
        }
        (range.len() > 1).then_some((range, best))
    }
    pairs
        .iter()
        .map(|p| {
            if old_s[p.old].key == new_s[p.new].key {
                return None;
            }
            let (one_old, one_new) = (old_ids[p.old].as_deref()?, new_ids[p.new].as_deref()?);
            if let Some((range, sim)) = grow(one_old, p.new, new_s, new_ids, new_taken, weights) {
                range.clone().for_each(|k| new_taken[k] = true);
                return Some(Grown {
                    old: p.old..p.old + 1,
                    new: range,
                    similarity: sim,
                });
            }
            let (range, sim) = grow(one_new, p.old, old_s, old_ids, old_taken, weights)?;
            range.clone().for_each(|k| old_taken[k] = true);
            Some(Grown {
                old: range,
                new: p.new..p.new + 1,
                similarity: sim,
            })
        })
        .collect()
}

/// The op of a split or merge, with the word diff of the joined texts.
fn grown_op(
    g: &Grown,
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    opts: &DiffOptions,
    work: &mut Work,
) -> SentenceOp {
    let join = |sents: &[Sentence<'_>]| -> String {
        sents.iter().map(|s| s.text).collect::<Vec<_>>().join(" ")
    };
    let (olds, news) = (&old_s[g.old.clone()], &new_s[g.new.clone()]);
    let (old_text, new_text) = (join(olds), join(news));
    let detail = word_diff(&old_text, &new_text, opts, work);
    SentenceOp {
        op: if news.len() > 1 {
            OpKind::Split
        } else {
            OpKind::Merged
        },
        old_index: Some(g.old.start),
        new_index: Some(g.new.start),
        old_paragraph: Some(olds[0].paragraph),
        new_paragraph: Some(news[0].paragraph),
        similarity: Some(g.similarity),
        words_added: detail.added,
        words_deleted: detail.deleted,
        words_unchanged: detail.unchanged,
        nonsignificant: false,
        section: news[0].section.map(str::to_string),
        old_text: Some(olds[0].text.to_string()),
        new_text: Some(news[0].text.to_string()),
        old_more: olds[1..].iter().map(|s| s.text.to_string()).collect(),
        new_more: news[1..].iter().map(|s| s.text.to_string()).collect(),
        changes: detail.changes,
    }
}

/// Consecutive runs of sentences of the same paragraph, as index ranges.
fn paragraph_runs(sents: &[Sentence<'_>]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, s) in sents.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if sents[r.start].paragraph == s.paragraph => r.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// Equal sentence pairs `(old, new)`: paragraphs are aligned first (by the
/// sequence of their sentence keys, patience diff); the sentences of
/// paragraphs left over are aligned inside each changed stretch.
fn align_hierarchically<'k>(
    old_s: &[Sentence<'_>],
    new_s: &[Sentence<'_>],
    old_keys: &'k [u32],
    new_keys: &'k [u32],
    work: &mut Work,
) -> Vec<(usize, usize)> {
    let (old_runs, new_runs) = (paragraph_runs(old_s), paragraph_runs(new_s));
    let mut paragraphs: FxHashMap<&'k [u32], u32> = FxHashMap::default();
    let mut para_id = |keys: &'k [u32], r: &Range<usize>| -> u32 {
        let n = paragraphs.len() as u32;
        *paragraphs.entry(&keys[r.clone()]).or_insert(n)
    };
    let old_p: Vec<u32> = old_runs.iter().map(|r| para_id(old_keys, r)).collect();
    let new_p: Vec<u32> = new_runs.iter().map(|r| para_id(new_keys, r)).collect();
    let span = |runs: &[Range<usize>], r: Range<usize>| -> Range<usize> {
        if r.is_empty() {
            let at = runs
                .get(r.start)
                .map_or_else(|| runs.last().map_or(0, |x| x.end), |x| x.start);
            at..at
        } else {
            runs[r.start].start..runs[r.end - 1].end
        }
    };
    let mut out = Vec::with_capacity(old_s.len().min(new_s.len()));
    let mut stretches: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let para_pairs = equal_pairs(&old_p, &new_p, work);
    // Paragraph pairs give sentence pairs; the stretches between them are
    // aligned sentence by sentence.
    let (mut po, mut pn) = (0, 0);
    for &(i, j) in para_pairs
        .iter()
        .chain(std::iter::once(&(old_runs.len(), new_runs.len())))
    {
        stretches.push((span(&old_runs, po..i), span(&new_runs, pn..j)));
        if i < old_runs.len() {
            out.extend(old_runs[i].clone().zip(new_runs[j].clone()));
        }
        (po, pn) = (i + 1, j + 1);
    }
    for (so, sn) in stretches {
        if so.is_empty() || sn.is_empty() {
            continue;
        }
        let inner = equal_pairs(&old_keys[so.clone()], &new_keys[sn.clone()], work);
        out.extend(inner.into_iter().map(|(i, j)| (i + so.start, j + sn.start)));
    }
    out.sort_unstable();
    out
}

/// The pairs `(i, j)` of a longest common subsequence of two key sequences
/// (patience diff). Keys found in only one sequence cannot be in it, so
/// they are set aside first: heavily revised texts then cost little. When
/// the work bound does not allow the diff, only keys unique in both
/// sequences are paired, in order (a longest increasing subsequence).
fn equal_pairs(old: &[u32], new: &[u32], work: &mut Work) -> Vec<(usize, usize)> {
    let in_new: rustc_hash::FxHashSet<u32> = new.iter().copied().collect();
    let in_old: rustc_hash::FxHashSet<u32> = old.iter().copied().collect();
    let old_idx: Vec<usize> = (0..old.len())
        .filter(|&i| in_new.contains(&old[i]))
        .collect();
    let new_idx: Vec<usize> = (0..new.len())
        .filter(|&j| in_old.contains(&new[j]))
        .collect();
    if !work.charge(old_idx.len(), new_idx.len()) {
        return unique_pairs(old, new);
    }
    let old_f: Vec<u32> = old_idx.iter().map(|&i| old[i]).collect();
    let new_f: Vec<u32> = new_idx.iter().map(|&j| new[j]).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Patience, &old_f, &new_f) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            out.extend(o.map(|i| old_idx[i]).zip(n.map(|j| new_idx[j])));
        }
    }
    out
}

/// The coarse [`equal_pairs`]: keys that occur once in each sequence, the
/// longest run of them in the same order. O(n log n).
fn unique_pairs(old: &[u32], new: &[u32]) -> Vec<(usize, usize)> {
    let mut count: FxHashMap<u32, (u32, u32, usize)> = FxHashMap::default();
    for (i, &k) in old.iter().enumerate() {
        let e = count.entry(k).or_insert((0, 0, i));
        e.0 += 1;
    }
    for &k in new {
        if let Some(e) = count.get_mut(&k) {
            e.1 += 1;
        }
    }
    let pairs: Vec<Pair> = new
        .iter()
        .enumerate()
        .filter_map(|(j, k)| {
            let &(a, b, i) = count.get(k)?;
            (a == 1 && b == 1).then_some(Pair {
                old: i,
                new: j,
                similarity: 1.0,
                aligned: true,
            })
        })
        .collect();
    let mut pairs = pairs;
    pairs.sort_by_key(|p| p.old);
    let keep = heaviest_increasing(&pairs, &vec![1.0; pairs.len()], new.len());
    pairs
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| (p.old, p.new))
        .collect()
}

/// Interner keys of sentence labels (`3.`, `(2)`, `§ 312b`, `IV.`, `H.`):
/// a first word that numbers the sentence is kept apart from the same word
/// elsewhere, and weighs [`LABEL_WEIGHT`].
const LABEL_MARK: char = '\u{1}';

/// The weight of a sentence's label: renumbering changes labels, so they
/// are the least evidence that two sentences are one.
pub const LABEL_WEIGHT: f64 = 0.1;

/// Shared evidence (the summed evidence weights of the rare words they
/// share, see `Weights`) needed to pair two sentences, per doubling of the
/// distance between their places (in sentences): sentences at the same
/// place pair on similarity alone, far ones need more shared rare content.
pub const EVIDENCE_PER_DOUBLING: f64 = 1.5;

/// Whether a sentence's first word numbers it: it looks like a number
/// (see [`looks_like_label`]) and stands as a label — followed by `.` or
/// `)` (`3.`, `(2)`, `IV.`, `a)`), or heading a Markdown heading
/// (`### H. Terms`, `###### § 312b Title`). A number that starts running
/// text (`§ 347 Absatz 1 ist …`) is a reference, not a label.
fn is_label(sentence: &Sentence<'_>, word: &str) -> bool {
    if !looks_like_label(word) {
        return false;
    }
    let text = sentence.text;
    let heading = text.trim_start().starts_with('#');
    let after = text
        .find(word)
        .map(|at| &text[at + word.len()..])
        .unwrap_or_default();
    heading || after.starts_with(['.', ')'])
}

/// 1–4 digits with at most two letters after (`3`, `31a`, `312b`), dotted
/// numbers (`2.1`), a Roman numeral (`IV`), or a single letter.
fn looks_like_label(word: &str) -> bool {
    let b = word.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let numbered = (1..=4).contains(&digits)
        && b.len() - digits <= 2
        && b[digits..].iter().all(u8::is_ascii_lowercase);
    let dotted = word.contains('.')
        && word
            .split('.')
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()));
    let roman = (1..=6).contains(&b.len())
        && (b.iter().all(|c| b"IVXLC".contains(c)) || b.iter().all(|c| b"ivxlc".contains(c)));
    let letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    numbered || dotted || roman || letter
}

/// The word ids of each sentence not yet paired, sorted (a label as its
/// own id).
fn word_ids<'a>(
    sents: &[Sentence<'a>],
    taken: &[bool],
    words: &mut Interner<'a>,
    opts: &DiffOptions,
) -> Vec<Option<Vec<u32>>> {
    sents
        .iter()
        .zip(taken)
        .map(|(s, &t)| {
            (!t).then(|| {
                let mut ids: Vec<u32> = s
                    .words
                    .iter()
                    .enumerate()
                    .map(|(k, w)| {
                        let token = normalize_token(w, opts);
                        if k == 0 && is_label(s, w) {
                            words.id(Cow::Owned(format!("{LABEL_MARK}{token}")))
                        } else {
                            words.id(token)
                        }
                    })
                    .collect();
                ids.sort_unstable();
                ids
            })
        })
        .collect()
}

/// How each word counts when sentences are paired.
struct Weights {
    /// For similarity: its inverse sentence frequency, ln(1 + sentences /
    /// sentences holding it) in the version where it is more frequent (and
    /// the larger version's sentences), so `ist`, `der`, `Absatz`
    /// in a statute weigh little and a rare name or number much; labels
    /// weigh [`LABEL_WEIGHT`].
    similarity: Vec<f64>,
    /// As evidence that two distant sentences are one: the same for rare
    /// words (in at most [`RARE_SHARE`] of the sentences, or 3), nothing
    /// for the others — formulas (`ist entsprechend anzuwenden`) repeat
    /// across a statute and prove nothing.
    evidence: Vec<f64>,
}

/// Words in more than this share of the sentences (and more than 3) are
/// no evidence for pairing distant sentences.
pub const RARE_SHARE: f64 = 0.01;

fn word_weights(
    old: &[Option<Vec<u32>>],
    new: &[Option<Vec<u32>>],
    words: &Interner<'_>,
) -> Weights {
    // Sentence frequency within each version; a word counts by the larger
    // (an unchanged word is in one sentence of each version: once, not
    // twice, or words kept would weigh less than words changed).
    let frequency = |version: &[Option<Vec<u32>>]| {
        let mut df = vec![0u32; words.ids.len()];
        let mut seen: Vec<u32> = Vec::new();
        for ids in version.iter().flatten() {
            seen.clear();
            seen.extend(ids);
            seen.sort_unstable();
            seen.dedup();
            for &id in &seen {
                df[id as usize] += 1;
            }
        }
        df
    };
    let (df_old, df_new) = (frequency(old), frequency(new));
    let df: Vec<u32> = df_old
        .iter()
        .zip(&df_new)
        .map(|(&a, &b)| a.max(b))
        .collect();
    let count = |v: &[Option<Vec<u32>>]| v.iter().flatten().count();
    let total = count(old).max(count(new)) as f64;
    let mut similarity: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + total / f64::from(d.max(1))).ln())
        .collect();
    for (key, &id) in &words.ids {
        if key.starts_with(LABEL_MARK) {
            similarity[id as usize] = LABEL_WEIGHT;
        }
    }
    let rare = (RARE_SHARE * total).max(3.0);
    let evidence = similarity
        .iter()
        .zip(&df)
        .map(|(&w, &d)| if f64::from(d) <= rare { w } else { 0.0 })
        .collect();
    Weights {
        similarity,
        evidence,
    }
}

/// Weighted Dice of two sorted id multisets, 2·w(A∩B) / (w(A) + w(B)),
/// and the evidence weight they share.
fn weighted_dice(a: &[u32], b: &[u32], weights: &Weights) -> (f64, f64) {
    let w = |id: u32| weights.similarity[id as usize];
    let total: f64 = a.iter().chain(b).map(|&id| w(id)).sum();
    if total == 0.0 {
        return (0.0, 0.0);
    }
    let (mut i, mut j, mut common, mut evidence) = (0, 0, 0.0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += w(a[i]);
                evidence += weights.evidence[a[i] as usize];
                i += 1;
                j += 1;
            }
        }
    }
    // Sums in another order can pass 1 by a rounding error.
    ((2.0 * common / total).min(1.0), evidence)
}

/// Candidate pairs `(similarity, old, new)` at or above the threshold, best
/// first (ties: nearer relative positions, then indices).
fn similar_pairs(
    old_s: &[Sentence<'_>],
    new_s: &[Sentence<'_>],
    old_bags: &[Option<Vec<u32>>],
    new_bags: &[Option<Vec<u32>>],
    weights: &Weights,
    anchors: &[(usize, usize)],
    threshold: f64,
) -> Vec<(f64, usize, usize)> {
    /// Words in more old sentences than this are too common to find
    /// candidates by (every candidate is still scored on all its words).
    const MAX_POSTINGS: usize = 64;
    let mass = |bag: &[u32]| -> f64 { bag.iter().map(|&id| weights.similarity[id as usize]).sum() };
    let evidence =
        |bag: &[u32]| -> f64 { bag.iter().map(|&id| weights.evidence[id as usize]).sum() };
    let old_mass: Vec<f64> = old_bags
        .iter()
        .map(|b| b.as_deref().map_or(0.0, mass))
        .collect();
    let mut postings: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, bag) in old_bags.iter().enumerate() {
        let Some(bag) = bag else { continue };
        by_key.entry(old_s[i].key.as_str()).or_default().push(i);
        let mut last = None;
        for &w in bag {
            if last != Some(w) {
                postings.entry(w).or_default().push(i);
                last = Some(w);
            }
        }
    }
    /// Candidates scored per new sentence: those sharing the most rare words.
    const MAX_SCORED: usize = 16;
    let mut out = Vec::new();
    let mut hits: FxHashMap<usize, u32> = FxHashMap::default();
    let mut ranked: Vec<(u32, usize)> = Vec::new();
    let (n_old, n_new) = (old_s.len().max(1) as f64, new_s.len().max(1) as f64);
    // Identical sentences pair one to one, in order (never the cross
    // product of all copies of a repeated sentence).
    let mut next_copy: FxHashMap<&str, usize> = FxHashMap::default();
    for (j, bag) in new_bags.iter().enumerate() {
        let Some(bag) = bag else { continue };
        // Far apart, two sentences need more shared evidence.
        let evident = |i: usize, shared: f64| {
            let dist = displacement(i, j, anchors, n_old / n_new);
            dist < 1.0 || shared >= EVIDENCE_PER_DOUBLING * (1.0 + dist).log2()
        };
        let key = new_s[j].key.as_str();
        if let Some(copies) = by_key.get(key) {
            let k = next_copy.entry(key).or_insert(0);
            if let Some(&i) = copies.get(*k) {
                if evident(i, evidence(bag)) {
                    out.push((1.0, i, j));
                    *k += 1;
                }
            }
        }
        hits.clear();
        let mut last = None;
        for &w in bag {
            if last == Some(w) {
                continue;
            }
            last = Some(w);
            if let Some(list) = postings.get(&w).filter(|l| l.len() <= MAX_POSTINGS) {
                for &i in list {
                    *hits.entry(i).or_insert(0) += 1;
                }
            }
        }
        // Dice ≥ t needs 2·min(|a|, |b|) / (|a| + |b|) ≥ t.
        // Weighted Dice ≥ t needs 2·min(w(A), w(B)) / (w(A) + w(B)) ≥ t.
        let new_mass = mass(bag);
        let len_ok = |i: usize| {
            let (a, b) = (old_mass[i], new_mass);
            a + b > 0.0 && 2.0 * a.min(b) / (a + b) >= threshold
        };
        ranked.clear();
        ranked.extend(
            hits.iter()
                .filter(|&(&i, _)| len_ok(i) && old_s[i].key != new_s[j].key)
                .map(|(&i, &h)| (h, i)),
        );
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in ranked.iter().take(MAX_SCORED) {
            let ob = old_bags[i].as_deref().unwrap_or_default();
            let (sim, shared) = weighted_dice(ob, bag, weights);
            if sim >= threshold && evident(i, shared) {
                out.push((sim, i, j));
            }
        }
    }
    out.sort_by(|a, b| {
        let dist = |&(_, i, j): &(f64, usize, usize)| (i as f64 / n_old - j as f64 / n_new).abs();
        b.0.total_cmp(&a.0)
            .then(dist(a).total_cmp(&dist(b)))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    out
}

/// How far old sentence `i` is from where new sentence `j` would be if it
/// had not moved, in sentences: measured from the nearest unchanged
/// sentences (`anchors`, increasing in both versions) before and after `j`
/// — so text inserted or deleted elsewhere does not count as distance —
/// or, without anchors, from `j`'s relative place (`ratio` = old / new
/// sentences).
fn displacement(i: usize, j: usize, anchors: &[(usize, usize)], ratio: f64) -> f64 {
    let k = anchors.partition_point(|&(_, b)| b < j);
    let i = i as f64;
    let mut best = f64::INFINITY;
    if let Some(&(a, b)) = k.checked_sub(1).and_then(|p| anchors.get(p)) {
        best = best.min((i - (a + (j - b)) as f64).abs());
    }
    if let Some(&(a, b)) = anchors.get(k) {
        best = best.min((i - (a as f64 - (b - j) as f64)).abs());
    }
    if best.is_finite() {
        best
    } else {
        (i - j as f64 * ratio).abs()
    }
}

/// Dice coefficient of two sorted multisets: 2·|A∩B| / (|A| + |B|).
pub fn dice<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// The pairs (sorted by old index) that form the heaviest subsequence
/// increasing in the new index too. Fenwick tree over new indices.
fn heaviest_increasing(pairs: &[Pair], weights: &[f64], n_new: usize) -> Vec<bool> {
    // tree[k]: the best (weight, pair) ending at a new index ≤ k.
    let mut tree: Vec<(f64, usize)> = vec![(0.0, usize::MAX); n_new + 1];
    let mut prev = vec![usize::MAX; pairs.len()];
    let mut best = vec![0.0; pairs.len()];
    for (k, p) in pairs.iter().enumerate() {
        // Query the prefix of new indices < p.new.
        let (mut q, mut pos) = ((0.0, usize::MAX), p.new);
        while pos > 0 {
            if tree[pos].0 > q.0 {
                q = tree[pos];
            }
            pos &= pos - 1;
        }
        best[k] = q.0 + weights[k];
        prev[k] = q.1;
        let mut pos = p.new + 1;
        while pos <= n_new {
            if best[k] > tree[pos].0 {
                tree[pos] = (best[k], k);
            }
            pos += pos & pos.wrapping_neg();
        }
    }
    let mut keep = vec![false; pairs.len()];
    let mut k = (0..pairs.len()).max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a)));
    while let Some(i) = k.filter(|&i| i != usize::MAX) {
        keep[i] = true;
        k = Some(prev[i]);
    }
    keep
}

/// Puts ops in reading order: by new position; a deleted sentence right
/// after the op that holds the old sentence before it.
fn order_ops(ops: &mut [SentenceOp], n_old: usize) {
    // before[i]: the new index of the nearest matched old sentence before i.
    let mut anchor = vec![None; n_old];
    for op in ops.iter() {
        if let (Some(i), Some(j)) = (op.old_index, op.new_index) {
            anchor[i] = Some(j as i64);
        }
    }
    let mut before = vec![-1i64; n_old];
    let mut last = -1;
    for i in 0..n_old {
        before[i] = last;
        if let Some(j) = anchor[i] {
            last = j;
        }
    }
    ops.sort_by_cached_key(|op| match (op.new_index, op.old_index) {
        (Some(j), _) => (j as i64, 0u8, 0usize),
        (None, Some(i)) => (before[i], 1, i),
        (None, None) => (i64::MAX, 2, 0),
    });
}

struct WordDetail {
    added: u64,
    deleted: u64,
    unchanged: u64,
    changes: Vec<Change>,
}

/// A token of a sentence for the word diff: a word or the gap between two.
struct Token<'a> {
    text: &'a str,
    word: bool,
}

fn diff_tokens(text: &str) -> Vec<Token<'_>> {
    let t = tokenize::tokenize(text, Rules::default());
    let mut out = Vec::with_capacity(t.words.len() * 2 + 1);
    let mut pos = 0;
    for w in &t.words {
        if w.start > pos {
            out.push(Token {
                text: &text[pos..w.start],
                word: false,
            });
        }
        out.push(Token {
            text: w.text,
            word: true,
        });
        pos = w.start + w.text.len();
    }
    if pos < text.len() {
        out.push(Token {
            text: &text[pos..],
            word: false,
        });
    }
    out
}

/// The comparison key of the text between two words: a lone space for
/// whitespace, punctuation kept (whitespace inside collapsed) unless
/// punctuation is ignored.
fn gap_key<'a>(gap: &'a str, opts: &DiffOptions) -> Cow<'a, str> {
    if gap == " " {
        return Cow::Borrowed(gap);
    }
    if opts.ignore_punctuation || gap.trim().is_empty() {
        return Cow::Borrowed(" ");
    }
    let g = if opts.normalize_quotes {
        normalize_token(
            gap,
            &DiffOptions {
                ignore_case: false,
                ..*opts
            },
        )
    } else {
        Cow::Borrowed(gap)
    };
    let trimmed = g.trim();
    let lead = if g.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if g.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let inner = collapse_whitespace(trimmed);
    if lead.is_empty() && trail.is_empty() && inner == g.as_ref() {
        return g;
    }
    Cow::Owned(format!("{lead}{inner}{trail}"))
}

/// Word-level diff of two sentences, with semantic cleanup for display.
fn word_diff<'a>(old: &'a str, new: &'a str, opts: &DiffOptions, work: &mut Work) -> WordDetail {
    let (ot, nt) = (diff_tokens(old), diff_tokens(new));
    if !work.charge(ot.len(), nt.len()) {
        return replaced_whole(&ot, &nt);
    }
    let mut ids = Interner::default();
    let mut keys = |tokens: &[Token<'a>]| -> Vec<u32> {
        tokens
            .iter()
            .map(|t| {
                ids.id(if t.word {
                    normalize_token(t.text, opts)
                } else {
                    gap_key(t.text, opts)
                })
            })
            .collect()
    };
    let ok = keys(&ot);
    let nk = keys(&nt);
    let raw: Vec<(DiffTag, std::ops::Range<usize>, std::ops::Range<usize>)> =
        similar::capture_diff_slices(Algorithm::Myers, &ok, &nk)
            .iter()
            .map(|op| op.as_tag_tuple())
            .collect();
    let words = |ts: &[Token<'_>], r: &std::ops::Range<usize>| {
        ts[r.clone()].iter().filter(|t| t.word).count() as u64
    };
    let mut detail = WordDetail {
        added: 0,
        deleted: 0,
        unchanged: 0,
        changes: Vec::new(),
    };
    for (tag, o, n) in &raw {
        match tag {
            DiffTag::Equal => detail.unchanged += words(&ot, o),
            _ => {
                detail.deleted += words(&ot, o);
                detail.added += words(&nt, n);
            }
        }
    }
    detail.changes = cleanup(&raw, &ot, &nt);
    detail
}

/// A word diff too costly for the work bound: the old sentence deleted
/// whole, the new one inserted whole.
fn replaced_whole(ot: &[Token<'_>], nt: &[Token<'_>]) -> WordDetail {
    let raw = [(DiffTag::Replace, 0..ot.len(), 0..nt.len())];
    WordDetail {
        added: nt.iter().filter(|t| t.word).count() as u64,
        deleted: ot.iter().filter(|t| t.word).count() as u64,
        unchanged: 0,
        changes: cleanup(&raw, ot, nt),
    }
}

/// Semantic cleanup: folds short equal stretches between changes into the
/// changes around them, then renders pieces (deletions before insertions).
fn cleanup(
    raw: &[(DiffTag, std::ops::Range<usize>, std::ops::Range<usize>)],
    ot: &[Token<'_>],
    nt: &[Token<'_>],
) -> Vec<Change> {
    // Characters before each token, so a range's length costs O(1).
    let prefix = |ts: &[Token<'_>]| -> Vec<usize> {
        let mut p = Vec::with_capacity(ts.len() + 1);
        p.push(0);
        for t in ts {
            p.push(p[p.len() - 1] + t.text.chars().count());
        }
        p
    };
    let (po, pn) = (prefix(ot), prefix(nt));
    let size = |o: &std::ops::Range<usize>, n: &std::ops::Range<usize>| {
        (po[o.end] - po[o.start]).max(pn[n.end] - pn[n.start])
    };
    // Segments: (equal?, old range, new range), merged in one pass: whenever
    // the top of the stack is change, short equal, change, the three become
    // one change (which may then merge with what is before it).
    let mut segs: Vec<(bool, std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for (tag, o, n) in raw {
        let eq = *tag == DiffTag::Equal;
        match segs.last_mut() {
            Some(last) if last.0 == eq => {
                last.1.end = o.end;
                last.2.end = n.end;
                continue;
            }
            _ => segs.push((eq, o.clone(), n.clone())),
        }
        while segs.len() >= 3 {
            let k = segs.len();
            let (a, e, b) = (&segs[k - 3], &segs[k - 2], &segs[k - 1]);
            if a.0 || !e.0 || b.0 {
                break;
            }
            let short = po[e.1.end] - po[e.1.start] <= size(&a.1, &a.2).min(size(&b.1, &b.2));
            if !short {
                break;
            }
            let (end_o, end_n) = (b.1.end, b.2.end);
            segs.truncate(k - 2);
            let a = &mut segs[k - 3];
            a.1.end = end_o;
            a.2.end = end_n;
        }
    }
    let text = |ts: &[Token<'_>], r: &std::ops::Range<usize>| {
        ts[r.clone()].iter().map(|t| t.text).collect::<String>()
    };
    let mut out = Vec::new();
    for (eq, o, n) in &segs {
        if *eq {
            out.push(Change {
                tag: ChangeTag::Equal,
                text: text(nt, n),
            });
            continue;
        }
        // Keep shared leading/trailing whitespace outside the marks.
        let (old_text, new_text) = (text(ot, o), text(nt, n));
        if !old_text.is_empty() {
            out.push(Change {
                tag: ChangeTag::Delete,
                text: old_text,
            });
        }
        if !new_text.is_empty() {
            out.push(Change {
                tag: ChangeTag::Insert,
                text: new_text,
            });
        }
    }
    out
}

fn summarize(
    ops: &[SentenceOp],
    old_paragraphs: usize,
    new_paragraphs: usize,
    coarse: bool,
) -> Summary {
    let mut s = Summary {
        similarity: 1.0,
        words_added: 0,
        words_deleted: 0,
        words_unchanged: 0,
        sentences: OpCounts::default(),
        paragraphs: OpCounts::default(),
        nonsignificant_changes: 0,
        coarse,
    };
    for op in ops {
        // A sentence without words added or deleted (a `|`, a `---`) is a
        // non-significant change, not a sentence added or deleted.
        let wordless = matches!(op.op, OpKind::Added | OpKind::Deleted) && op.nonsignificant;
        if !wordless {
            s.sentences.add(op.op);
        }
        s.words_added += op.words_added;
        s.words_deleted += op.words_deleted;
        s.words_unchanged += op.words_unchanged;
        s.nonsignificant_changes += u64::from(op.nonsignificant);
    }
    let total = s.words_added + s.words_deleted + 2 * s.words_unchanged;
    if total > 0 {
        s.similarity = 2.0 * s.words_unchanged as f64 / total as f64;
    }

    // Paragraphs, read off the sentences.
    let mut old_ops: Vec<Vec<&SentenceOp>> = vec![Vec::new(); old_paragraphs];
    let mut new_ops: Vec<Vec<&SentenceOp>> = vec![Vec::new(); new_paragraphs];
    for op in ops {
        if let Some(p) = op.old_paragraph {
            old_ops[p].push(op);
        }
        if let Some(p) = op.new_paragraph {
            new_ops[p].push(op);
        }
    }
    for list in &old_ops {
        if list.is_empty() {
            continue;
        }
        let all = |k: OpKind| list.iter().all(|op| op.op == k);
        let kind = if all(OpKind::Deleted) {
            OpKind::Deleted
        } else if all(OpKind::Moved) {
            OpKind::Moved
        } else if all(OpKind::Unchanged) {
            let target = list[0].new_paragraph;
            let whole = list.iter().all(|op| op.new_paragraph == target)
                && target.is_some_and(|q| new_ops[q].len() == list.len());
            if whole {
                OpKind::Unchanged
            } else {
                OpKind::Edited
            }
        } else {
            OpKind::Edited
        };
        s.paragraphs.add(kind);
    }
    for list in &new_ops {
        if !list.is_empty() && list.iter().all(|op| op.op == OpKind::Added) {
            s.paragraphs.add(OpKind::Added);
        }
    }
    s
}

/// A pattern that restricts a diff to the sections whose heading matches it
/// (`--section REGEX`).
#[derive(Debug, Clone)]
pub struct SectionFilter(regex::Regex);

impl SectionFilter {
    /// Compiles a pattern (Rust `regex` syntax).
    pub fn new(pattern: &str) -> Result<SectionFilter, String> {
        regex::Regex::new(pattern)
            .map(SectionFilter)
            .map_err(|e| format!("--section {pattern:?}: not a valid pattern ({e})"))
    }

    /// Whether an op's section matches.
    pub fn matches(&self, op: &SentenceOp) -> bool {
        op.section.as_deref().is_some_and(|s| self.0.is_match(s))
    }
}

impl PartialEq for SectionFilter {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// Restricts a diff to the ops of matching sections: the other ops are
/// dropped and the summary (counts, similarity) is that of the ops kept;
/// the statistic deltas stay those of the whole documents.
pub fn restrict(d: &mut ArticleDiff, filter: &SectionFilter) {
    d.ops.retain(|op| filter.matches(op));
    let paragraphs =
        |f: fn(&SentenceOp) -> Option<usize>| d.ops.iter().filter_map(f).max().map_or(0, |p| p + 1);
    let (old_p, new_p) = (
        paragraphs(|o| o.old_paragraph),
        paragraphs(|o| o.new_paragraph),
    );
    d.summary = summarize(&d.ops, old_p, new_p, d.summary.coarse);
}

/// Every numeric column of the stats table: old, new and new − old.
pub fn stat_deltas(o: &DocStats, n: &DocStats) -> Vec<StatDelta> {
    use crate::frame::{Cell, Kind, STATS_COLUMNS};
    let value = |c: Cell<'_>| match c {
        Cell::Count(v) => Some(v as f64),
        Cell::Float(v) => v,
        Cell::Str(_) => None,
    };
    STATS_COLUMNS
        .iter()
        .filter(|c| matches!(c.kind, Kind::Count | Kind::Float))
        .map(|c| {
            let (a, b) = (value((c.get)(o)), value((c.get)(n)));
            StatDelta {
                name: c.name,
                old: a,
                new: b,
                delta: a.zip(b).map(|(a, b)| b - a),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
