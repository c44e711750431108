//! Corpus-level tables: term and n-gram frequencies, keyness between two
//! corpora, keyword in context. Words are the tokenizer's words, exactly as
//! `folio stats` counts them, so unigram counts add up to the `words` column.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::boilerplate::Mode;
use crate::corpus::{self, Document, Source};
use crate::error::Error;
use crate::reader::Reader;
use crate::table::{col, Table, Type, Value};
use crate::tokenize::{self, Rules};

use polars::prelude::{DataFrame, PolarsResult};

/// How terms are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// One table for the whole corpus.
    #[default]
    Corpus,
    /// One group per release.
    Release,
    /// One group per document.
    Doc,
}

/// Options of the terms table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermsOptions {
    /// Words per term: 1, 2 or 3 (n-grams never cross a sentence end).
    pub ngram: usize,
    /// Lowercase terms (otherwise kept as written).
    pub lowercase: bool,
    /// Drop terms holding a stopword of this language (ISO 639-1 code).
    pub stopwords: Option<String>,
    /// How terms are grouped.
    pub by: GroupBy,
    /// Boilerplate removed before counting.
    pub boilerplate: Mode,
    /// Fields of JSON-lines and CSV inputs.
    pub fields: corpus::Fields,
}

/// Counts of one term in one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermCount {
    /// Occurrences.
    pub count: u64,
    /// Documents holding it.
    pub docs: u64,
}

/// A group of the terms table: (release, doc_id, path) — all empty for the
/// whole corpus, the document's id and path empty for a release. The path
/// keeps apart documents sharing an id (`a.txt` and `a.md`).
pub(crate) type Group = (String, String, String);

/// The term counts of a corpus, per group.
#[derive(Debug, Default)]
pub struct TermTable {
    /// Group → term → counts.
    pub groups: BTreeMap<Group, FxHashMap<String, TermCount>>,
    /// Group → (documents, running terms: all of them, stopwords included).
    pub totals: BTreeMap<Group, (u64, u64)>,
    /// Grouped by document: each release's (documents, term → documents
    /// holding it), the scope of the idf of its documents' rows.
    pub scopes: BTreeMap<String, (u64, FxHashMap<String, u64>)>,
    /// Documents that could not be read.
    pub problems: Vec<Error>,
    /// One-line warnings of the reading (boilerplate that took much of a
    /// document, web pages not read by Readability's article alone).
    pub warnings: Vec<String>,
    /// Each release's place in the order the documents were given (the
    /// series' order: `1, 2, 10`, or `--order`'s), which the rows follow.
    pub release_rank: FxHashMap<String, usize>,
}

/// The place of each release in the order of `releases` (first seen).
fn ranks<'a>(releases: impl Iterator<Item = &'a str>) -> FxHashMap<String, usize> {
    let mut rank = FxHashMap::default();
    for r in releases {
        let next = rank.len();
        rank.entry(r.to_string()).or_insert(next);
    }
    rank
}

/// The terms of a text, in order, as `folio stats` words (n-grams joined by
/// a space, never across a sentence end; none in a block of code).
pub fn terms_of(text: &str, n: usize, lowercase: bool) -> Vec<String> {
    let t = tokenize::tokenize(text, Rules::default());
    let word = |w: &str| {
        if lowercase {
            tokenize::lowercase(w)
        } else {
            w.to_string()
        }
    };
    let mut out = Vec::new();
    // Code is no prose: its words are no terms (as they are no words of
    // `folio stats`).
    for s in t.sentences.iter().filter(|s| !t.in_code(s.span.start)) {
        let ws: Vec<String> = t.words[s.words.clone()]
            .iter()
            .map(|w| word(w.text))
            .collect();
        if ws.len() < n {
            continue;
        }
        for k in 0..=ws.len() - n {
            out.push(ws[k..k + n].join(" "));
        }
    }
    out
}

impl TermTable {
    /// Adds the terms of one document (its text without boilerplate).
    fn add(&mut self, doc: &Document, text: &str, opts: &TermsOptions, stop: Option<u64>) {
        let group = match opts.by {
            GroupBy::Corpus => (String::new(), String::new(), String::new()),
            GroupBy::Release => (doc.release.clone(), String::new(), String::new()),
            GroupBy::Doc => (doc.release.clone(), doc.id.clone(), doc.path.clone()),
        };
        let mut local: FxHashMap<String, u64> = FxHashMap::default();
        // Every running term counts in the per-million base, whatever the
        // stopword filter then drops from the list.
        let mut running = 0;
        for term in terms_of(text, opts.ngram.max(1), opts.lowercase) {
            *local.entry(term).or_insert(0) += 1;
            running += 1;
        }
        if let Some(bit) = stop {
            // Once per distinct term, not per occurrence.
            // Stopword lists are lowercase: with `--case keep`, `The` and
            // `I` are stopwords too.
            local.retain(|term, _| {
                let lower = tokenize::lowercase(term);
                let words: Vec<&str> = lower.split(' ').collect();
                crate::lang::stopword_masks(&words)
                    .iter()
                    .all(|m| m & bit == 0)
            });
        }
        if opts.by == GroupBy::Doc {
            let scope = self.scopes.entry(doc.release.clone()).or_default();
            scope.0 += 1;
            for term in local.keys() {
                *scope.1.entry(term.clone()).or_insert(0) += 1;
            }
        }
        let table = self.groups.entry(group.clone()).or_default();
        let total = self.totals.entry(group).or_insert((0, 0));
        total.0 += 1;
        total.1 += running;
        for (term, count) in local {
            let e = table.entry(term).or_default();
            e.count += count;
            e.docs += 1;
        }
    }

    /// Adds another table's counts (of other documents) to this one's.
    pub fn merge(&mut self, other: TermTable) {
        for (group, terms) in other.groups {
            let into = self.groups.entry(group).or_default();
            for (term, c) in terms {
                let e = into.entry(term).or_default();
                e.count += c.count;
                e.docs += c.docs;
            }
        }
        for (group, (d, n)) in other.totals {
            let e = self.totals.entry(group).or_insert((0, 0));
            e.0 += d;
            e.1 += n;
        }
        for (release, (docs, df)) in other.scopes {
            let e = self.scopes.entry(release).or_default();
            e.0 += docs;
            for (term, n) in df {
                *e.1.entry(term).or_insert(0) += n;
            }
        }
        self.problems.extend(other.problems);
    }
}

fn stop_bit(opts: &TermsOptions) -> Option<u64> {
    opts.stopwords
        .as_deref()
        .and_then(crate::lang::stopword_bit)
}

/// Counts the terms of every document, in parallel; counts are merged
/// across workers, so memory grows with the vocabulary, not the corpus.
pub fn count_terms(sources: &[Source], opts: &TermsOptions) -> TermTable {
    let stop = stop_bit(opts);
    let reader = Reader::open(sources, opts.boilerplate, &opts.fields);
    let mut table = reader.fold(
        TermTable::default,
        |mut table, docs| {
            for d in &docs {
                table.add(&d.doc, d.text(), opts, stop);
            }
            table
        },
        |mut a, b| {
            a.merge(b);
            a
        },
    );
    let finished = reader.finish();
    table.problems = finished.problems;
    table.warnings = finished.boilerplate.warnings();
    table.release_rank = ranks(sources.iter().map(|s| s.release.as_str()));
    table
}

/// Counts the terms of documents already read, each with its text without
/// boilerplate (`opts.boilerplate` is not applied again).
pub fn count_texts(docs: &[(&Document, &str)], opts: &TermsOptions) -> TermTable {
    let stop = stop_bit(opts);
    // A few chunks a worker: few tables to merge, work still balanced.
    let chunk = docs.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let mut table = docs
        .par_chunks(chunk)
        .map(|chunk| {
            let mut table = TermTable::default();
            for (doc, text) in chunk {
                table.add(doc, text, opts, stop);
            }
            table
        })
        .reduce(TermTable::default, |mut a, b| {
            a.merge(b);
            a
        });
    table.release_rank = ranks(docs.iter().map(|(d, _)| d.release.as_str()));
    table
}

/// One row of the terms table.
#[derive(Debug, Clone, PartialEq)]
pub struct TermRow {
    /// The group: (release, doc_id, path), empty where not grouped by it.
    pub group: Group,
    /// The term.
    pub term: String,
    /// Its occurrences.
    pub count: u64,
    /// Documents holding it, in the scope of the idf: the group's
    /// documents, or for a document's row the documents of its release
    /// (the whole corpus when there are no releases).
    pub doc_count: u64,
    /// Occurrences per million terms of the group.
    pub per_million: f64,
    /// Inverse document frequency in its scope, ln(documents / doc_count).
    pub idf: f64,
    /// count × idf.
    pub tf_idf: f64,
}

/// The rows of a terms table: in each group by count (descending), then
/// term; terms below `min_count` dropped, at most `top` a group.
pub fn term_rows(table: &TermTable, min_count: u64, top: Option<usize>) -> Vec<TermRow> {
    let mut rows = Vec::new();
    // Releases in the series' order (`1, 2, 10`), not as strings sort.
    let mut groups: Vec<_> = table.groups.iter().collect();
    groups.sort_by_key(|(g, _)| table.release_rank.get(&g.0).copied().unwrap_or(usize::MAX));
    for (group, terms) in groups {
        let (docs, total) = table.totals.get(group).copied().unwrap_or((0, 0));
        let mut list: Vec<(&String, &TermCount)> =
            terms.iter().filter(|(_, c)| c.count >= min_count).collect();
        list.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        // A document's rows take their idf from its release.
        let scope = table.scopes.get(&group.0).filter(|_| !group.1.is_empty());
        for (term, c) in list.into_iter().take(top.unwrap_or(usize::MAX)) {
            let (docs, doc_count) = match scope {
                Some((docs, df)) => (*docs, df.get(term.as_str()).copied().unwrap_or(c.docs)),
                None => (docs, c.docs),
            };
            let idf = (docs as f64 / doc_count as f64).ln();
            rows.push(TermRow {
                group: group.clone(),
                term: term.clone(),
                count: c.count,
                doc_count,
                per_million: c.count as f64 * 1e6 / total.max(1) as f64,
                idf,
                tf_idf: c.count as f64 * idf,
            });
        }
    }
    rows
}

/// The terms table for a grouping `by` and n-grams of `n` words: `release`
/// first when grouped by release or document, then `doc_id` when by
/// document.
pub fn terms_table(by: GroupBy) -> Table<'static, TermRow> {
    terms_table_of(by, 1)
}

fn terms_table_of(by: GroupBy, n: usize) -> Table<'static, TermRow> {
    let mut columns = Vec::new();
    if by != GroupBy::Corpus {
        columns.push(col("release", Type::Str, "", "The release (with `--by release` or `--by doc`; empty when the corpus is not a folder of releases).", |r: &TermRow| Value::str(&r.group.0)));
    }
    if by == GroupBy::Doc {
        columns.push(col(
            "doc_id",
            Type::Str,
            "",
            "The document (with `--by doc`).",
            |r: &TermRow| Value::str(&r.group.1),
        ));
        columns.push(col(
            "path",
            Type::Str,
            "",
            "The document's file as found, `/`-separated (with `--by doc`): documents sharing an id (`a.txt`, `a.md`) have rows of their own.",
            |r: &TermRow| Value::str(&r.group.2),
        ));
    }
    columns.extend([
        col("term", Type::Str, "", "The term: a word, or n words joined by a space (never across a sentence end); lowercased unless `--case keep`.", |r: &TermRow| Value::str(&r.term)),
        col("n", Type::Int, "words", "Words per term (`--ngram`).", move |_: &TermRow| Value::count(n as u64)),
        col("count", Type::Int, "occurrences", "Occurrences in the group.", |r: &TermRow| Value::count(r.count)),
        col("doc_count", Type::Int, "documents", "Documents holding it, in the scope of `idf`: the group's documents, or with `--by doc` the documents of the document's release (the whole corpus when it has no releases).", |r: &TermRow| Value::count(r.doc_count)),
        col("per_million", Type::Float, "per 10⁶ terms", "count × 10⁶ / the group's running terms (words, or with `--ngram N` the n-grams: per million bigrams, not words) — all of them: terms dropped by `--stopwords`, `--min-count` or `--top` still count in the base.", |r: &TermRow| Value::Float(Some(r.per_million))),
        col("idf", Type::Float, "", "ln(documents / doc_count) in its scope (see `doc_count`).", |r: &TermRow| Value::Float(Some(r.idf))),
        col("tf_idf", Type::Float, "", "count × idf.", |r: &TermRow| Value::Float(Some(r.tf_idf))),
    ]);
    Table {
        name: "terms",
        about: "One row per term per group: `folio terms` (the whole corpus, or `--by release|doc`), and `terms.csv`/`terms.parquet` of a report (per release when it has several); groups in release order (the series' order, `1, 2, 10`, or `--order`'s), then document; in a group by count (descending), then term. `release` appears only when grouped by release or document, `doc_id` and `path` only by document.",
        columns,
    }
}

/// The terms table of `rows` (terms of `n` words, grouped `by`).
pub fn terms_frame(rows: &[TermRow], n: usize, by: GroupBy) -> PolarsResult<DataFrame> {
    terms_table_of(by, n).frame(rows)
}

/// The keyness table.
pub fn keyness_table() -> Table<'static, KeynessRow> {
    type K = KeynessRow;
    Table {
        name: "keyness",
        about: "One row per term of two corpora, by |G²| (descending), then term: `folio keyness TARGET REFERENCE`, and `keyness.csv`/`.parquet` of a report (its last release against its first).",
        columns: vec![
            col("term", Type::Str, "", "The word (lowercased).", |r: &K| Value::str(&r.term)),
            col("count_target", Type::Int, "occurrences", "Occurrences in the target corpus.", |r: &K| Value::count(r.count_target)),
            col("count_reference", Type::Int, "occurrences", "Occurrences in the reference corpus.", |r: &K| Value::count(r.count_reference)),
            col("per_million_target", Type::Float, "per 10⁶ words", "count_target × 10⁶ / the target's running words.", |r: &K| Value::Float(Some(r.per_million_target))),
            col("per_million_reference", Type::Float, "per 10⁶ words", "count_reference × 10⁶ / the reference's running words.", |r: &K| Value::Float(Some(r.per_million_reference))),
            col("log_likelihood", Type::Float, "G²", "Log-likelihood G², signed: negative when the term is relatively more frequent in the reference. Two-cell (Rayson & Garside 2000; UCREL's calculator, AntConc) by default, four-cell (Dunning 1993; the G-test without Yates' or Williams' correction, scipy's with `correction=False`) with `--ll four-cell`.", |r: &K| Value::Float(Some(r.log_likelihood))),
            col("p_value", Type::Exact, "0–1", "p-value of |G²| against χ² with one degree of freedom (3.84 ↔ 0.05, 6.63 ↔ 0.01); never NaN. Not rounded.", |r: &K| Value::Float(Some(r.p_value))),
            col("log_ratio", Type::Float, "log₂", "Log ratio (Hardie 2014): log₂ of the ratio of relative frequencies, a zero count taken as 0.5; null for a term of one corpus only where that 0.5, in the corpus that lacks it, weighs as much as its count in the other or more (the corpus lacking it is far smaller): there the ratio is unknown, and the adjusted one would have the sign opposite to `direction`.", |r: &K| Value::Float(r.log_ratio)),
            col("percent_diff", Type::Float, "%", "%DIFF (Gabrielatos & Marchi 2012): 100 × (normalized target − normalized reference) / normalized reference; null when the term is absent from the reference.", |r: &K| Value::Float(r.percent_diff)),
            col("direction", Type::Str, "", "`target` or `reference`: where the term is relatively more frequent.", |r: &K| Value::str(if r.log_likelihood < 0.0 { "reference" } else { "target" })),
        ],
    }
}

/// The kwic table.
pub fn kwic_table() -> Table<'static, KwicLine> {
    type L = KwicLine;
    Table {
        name: "kwic",
        about: "One row per occurrence of a pattern: `folio kwic --format csv` (or `-o kwic.csv`, `-o kwic.parquet`), in document order unless `--sort left|right`.",
        columns: vec![
            col("doc_id", Type::Str, "", "The document.", |l: &L| Value::str(&l.doc.doc_id)),
            col("release", Type::Str, "", "Its release (empty when the corpus is not a folder of releases).", |l: &L| Value::str(&l.doc.release)),
            col("path", Type::Str, "", "Its file as found, `/`-separated (documents sharing an id, `a.txt` and `a.md`, told apart).", |l: &L| Value::str(&l.doc.path)),
            col("title", Type::OptStr, "", "Its title; null when it has none.", |l: &L| Value::opt_str(l.doc.title.as_deref())),
            col("sentence_index", Type::Int, "sentence", "The number of the sentence holding the match, from 1 (the title is sentence 1), as `folio sentences` numbers them and kwic's text shows them.", |l: &L| Value::opt_index(Some(l.sentence_index + 1))),
            col("left", Type::Str, "", "Up to `--window` words before the match, on one line.", |l: &L| Value::str(l.left())),
            col("match", Type::Str, "", "The matching word or phrase as written, on one line.", |l: &L| Value::str(l.matched())),
            col("right", Type::Str, "", "Up to `--window` words after the match, on one line.", |l: &L| Value::str(l.right())),
        ],
    }
}

/// One row of the keyness table.
#[derive(Debug, Clone, PartialEq)]
pub struct KeynessRow {
    /// The term.
    pub term: String,
    /// Occurrences in the target corpus.
    pub count_target: u64,
    /// Occurrences in the reference corpus.
    pub count_reference: u64,
    /// Per million words of the target.
    pub per_million_target: f64,
    /// Per million words of the reference.
    pub per_million_reference: f64,
    /// Log-likelihood G², signed: negative when the term is relatively
    /// more frequent in the reference. Two-cell (Rayson & Garside 2000) or
    /// four-cell (Dunning 1993), see [`LogLikelihood`].
    pub log_likelihood: f64,
    /// p-value of G² against χ² with one degree of freedom.
    pub p_value: f64,
    /// Log ratio (Hardie 2014): log₂ of the ratio of relative frequencies,
    /// a zero count taken as 0.5; `None` where that 0.5 would outweigh the
    /// other side's count (see the keyness table).
    pub log_ratio: Option<f64>,
    /// %DIFF (Gabrielatos & Marchi 2012): 100 × (normalized target −
    /// normalized reference) / normalized reference; `None` (null) when the
    /// term is absent from the reference, where it is undefined.
    pub percent_diff: Option<f64>,
}

/// Which log-likelihood statistic keyness reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogLikelihood {
    /// Rayson & Garside (2000): 2 Σ O ln(O/E) over the term's two cells
    /// only — the figure of UCREL's log-likelihood calculator, AntConc and
    /// WordSmith.
    #[default]
    TwoCell,
    /// Dunning (1993): G² of the whole 2 × 2 table, the term's cells and
    /// the other words of each corpus — the G-test of a contingency table
    /// without a continuity correction (scipy's `chi2_contingency(…,
    /// lambda_="log-likelihood", correction=False)`; scipy's default applies
    /// Yates' correction, quanteda's `textstat_keyness(measure = "lr")`
    /// Williams'). Never smaller than the two-cell figure (the
    /// other cells add a non-negative part), larger by up to a few percent
    /// for frequent terms.
    FourCell,
}

/// G² for a term occurring `a` times in a corpus of `c` words and `b` times
/// in one of `d` words. Never negative (rounding is clamped at 0).
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64, kind: LogLikelihood) -> f64 {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    if c + d == 0.0 {
        return 0.0;
    }
    let term = |o: f64, e: f64| {
        if o > 0.0 && e > 0.0 {
            o * (o / e).ln()
        } else {
            0.0
        }
    };
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let mut sum = term(a, e1) + term(b, e2);
    if kind == LogLikelihood::FourCell {
        // The other words of each corpus: c − a and d − b, expected in
        // proportion to the corpus sizes.
        let rest = (c - a) + (d - b);
        sum += term(c - a, c * rest / (c + d)) + term(d - b, d * rest / (c + d));
    }
    (2.0 * sum).max(0.0)
}

/// The keyness of every term of two corpora (of `c` and `d` running words),
/// by |G²| (descending), then term.
pub fn keyness(
    target: &FxHashMap<String, TermCount>,
    c: u64,
    reference: &FxHashMap<String, TermCount>,
    d: u64,
    kind: LogLikelihood,
) -> Vec<KeynessRow> {
    // No words on a side: nothing to compare (a ratio to no words is none).
    if c == 0 || d == 0 {
        return Vec::new();
    }
    let mut terms: Vec<&String> = target
        .keys()
        .chain(reference.keys().filter(|k| !target.contains_key(*k)))
        .collect();
    terms.sort();
    let mut rows: Vec<KeynessRow> = terms
        .into_iter()
        .map(|t| {
            let a = target.get(t).map_or(0, |x| x.count);
            let b = reference.get(t).map_or(0, |x| x.count);
            let (nt, nr) = (a as f64 / c.max(1) as f64, b as f64 / d.max(1) as f64);
            let g2 = log_likelihood(a, b, c, d, kind);
            let sign = if nt < nr { -1.0 } else { 1.0 };
            let half = |x: u64| if x == 0 { 0.5 } else { x as f64 };
            let log_ratio = ((half(a) / c as f64) / (half(b) / d as f64)).log2();
            // A term of one corpus only, whose missing side's 0.5 weighs as
            // much as or more than its count on the other (the corpus that
            // lacks it is much smaller): the ratio is unknown, and the
            // adjusted one would say the opposite of `direction`.
            let agrees = (log_ratio > 0.0) == (a > 0) && log_ratio != 0.0;
            let log_ratio = (a > 0 && b > 0 || agrees).then_some(log_ratio);
            let percent_diff = (b > 0).then(|| (nt - nr) * 100.0 / nr);
            KeynessRow {
                term: t.clone(),
                count_target: a,
                count_reference: b,
                per_million_target: nt * 1e6,
                per_million_reference: nr * 1e6,
                log_likelihood: sign * g2,
                p_value: libm::erfc((g2 / 2.0).sqrt()),
                log_ratio,
                percent_diff,
            }
        })
        .collect();
    rows.sort_by(|x, y| {
        y.log_likelihood
            .abs()
            .total_cmp(&x.log_likelihood.abs())
            .then(x.term.cmp(&y.term))
    });
    rows
}

/// The document concordance lines are in: one for all its lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KwicDoc {
    /// The document.
    pub doc_id: String,
    /// Its release (empty when the corpus is not a folder of releases).
    pub release: String,
    /// Its file as found, `/`-separated.
    pub path: String,
    /// Its title, if it has one.
    pub title: Option<String>,
}

/// One concordance line of keyword in context. Its document is shared
/// with the document's other lines, and its three texts are one: a line
/// had held seven strings of its own, some 500 bytes a match (20 MB of a
/// word repeated took 4.7 GB); it holds some 40 and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    /// The document.
    pub doc: std::sync::Arc<KwicDoc>,
    /// Index (0-based) of the sentence holding the match.
    pub sentence_index: usize,
    /// The words before the match, the match, and the words after it.
    text: Box<str>,
    /// Where the match starts and ends in `text`.
    at: (u32, u32),
}

impl KwicLine {
    /// A line: the words before the match (up to the window), the
    /// matching words as written and the words after it, each with its
    /// whitespace collapsed.
    pub fn new(
        doc: std::sync::Arc<KwicDoc>,
        sentence_index: usize,
        left: &str,
        matched: &str,
        right: &str,
    ) -> KwicLine {
        let mut text = String::with_capacity(left.len() + matched.len() + right.len());
        text.push_str(left);
        text.push_str(matched);
        text.push_str(right);
        // (Each part is a window of words of one document, of at most
        // `MAX_DOC_BYTES`: its offsets fit in 32 bits.)
        let start = u32::try_from(left.len()).unwrap_or(u32::MAX);
        let end = u32::try_from(left.len() + matched.len()).unwrap_or(u32::MAX);
        KwicLine {
            doc,
            sentence_index,
            text: text.into_boxed_str(),
            at: (start, end),
        }
    }

    /// The words before the match (up to the window), whitespace collapsed.
    pub fn left(&self) -> &str {
        &self.text[..self.at.0 as usize]
    }

    /// The matching words as written, whitespace collapsed.
    pub fn matched(&self) -> &str {
        &self.text[self.at.0 as usize..self.at.1 as usize]
    }

    /// The words after the match (up to the window), whitespace collapsed.
    pub fn right(&self) -> &str {
        &self.text[self.at.1 as usize..]
    }
}

/// What `folio kwic` looks for: one word or a phrase of words in a row
/// (in one sentence), each a whole token.
#[derive(Debug, Clone)]
pub struct KwicPattern {
    words: Vec<WordPattern>,
    case_sensitive: bool,
    /// What the pattern's words lost to the tokenizer, one line each
    /// (`"C++" is searched as the word "C" …`): said, as a search for `C++`
    /// that lists every `C` is no search for `C++`.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
enum WordPattern {
    /// The word itself (lowercased unless case-sensitive).
    Exact(String),
    /// A word with wildcards, or a regular expression, anchored.
    Regex(regex::Regex),
}

impl KwicPattern {
    /// A pattern as the command line gives it: words separated by spaces
    /// (a phrase: `patent licence`), where `*` stands for any characters
    /// inside a word and `?` for one (`patent*`, `licen?e`); or, with
    /// `regex`, one regular expression matched against whole tokens.
    /// Matching ignores case (folded as every folio table folds it) unless
    /// `case_sensitive`.
    pub fn new(pattern: &str, regex: bool, case_sensitive: bool) -> Result<KwicPattern, String> {
        // A typographic apostrophe is `'`, in the pattern as in the text
        // (see `tokenize::lowercase_into`), with or without case.
        // NFC, as the text is (a decomposed `café` typed or pasted had
        // found nothing).
        let pattern: String = unicode_normalization::UnicodeNormalization::nfc(pattern).collect();
        let pattern = &plain_apostrophes(&pattern);
        let mut notes = Vec::new();
        let words = if regex {
            let re = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
                .case_insensitive(!case_sensitive)
                .build()
                .map_err(|e| {
                    format!(
                        "{pattern}: not a valid regular expression ({})",
                        one_line(&e)
                    )
                })?;
            vec![WordPattern::Regex(re)]
        } else {
            let fold = |w: &str| {
                if case_sensitive {
                    w.to_string()
                } else {
                    tokenize::lowercase(w)
                }
            };
            // Split at spaces, not at no-break ones: `10 000` written with
            // one is one word in the text, as in the pattern.
            pattern
                .split(|c: char| c.is_whitespace() && !is_no_break(c))
                .filter(|w| !w.is_empty())
                .flat_map(|w| -> Vec<Result<WordPattern, String>> {
                    if w.contains(['*', '?']) {
                        return vec![Self::wildcard(pattern, &fold(w))];
                    }
                    // `e'`, `perche'`: a word with its accent written as
                    // an apostrophe, as a text that writes them so has it.
                    if tokenize::accented_word(w) {
                        return vec![Ok(WordPattern::Exact(fold(w)))];
                    }
                    // A word of the pattern is the words the text's own
                    // tokenizer makes of it: `U.S.` is the word `U.S`,
                    // `(Inc.,)` is `Inc`, as they are in the text.
                    let tokens = tokenize::tokenize(w, tokenize::Rules::default());
                    if tokens.words.is_empty() {
                        return vec![Err(format!(
                            "{pattern}: `{w}` holds no word (a letter or digit)"
                        ))];
                    }
                    // Marks that part or close words (`U.S.`, `(Inc.,)`)
                    // go unsaid; a symbol (`C++`, `C#`, `100%`) is said.
                    let kept: String = tokens.words.iter().map(|t| t.text).collect();
                    let mut lost: Vec<char> = Vec::new();
                    for c in w.chars() {
                        if !c.is_alphanumeric()
                            && !kept.contains(c)
                            && !".,;:!?()[]{}\"'’‘“”«»-–—".contains(c)
                            && !lost.contains(&c)
                        {
                            lost.push(c);
                        }
                    }
                    if !lost.is_empty() {
                        let words: Vec<&str> = tokens.words.iter().map(|t| t.text).collect();
                        let lost: String = lost.into_iter().collect();
                        let note = format!(
                            "{w:?} is searched as the {} {:?}: folio's words hold no {lost:?}",
                            if words.len() == 1 { "word" } else { "words" },
                            words.join(" ")
                        );
                        if !notes.contains(&note) {
                            notes.push(note);
                        }
                    }
                    tokens
                        .words
                        .iter()
                        .map(|t| Ok(WordPattern::Exact(fold(t.text))))
                        .collect()
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        if words.is_empty() {
            return Err("the pattern is empty: give a word or a phrase".into());
        }
        Ok(KwicPattern {
            words,
            case_sensitive: case_sensitive || regex,
            notes,
        })
    }

    /// A word with wildcards (`*` any characters, `?` one), as an
    /// anchored regular expression.
    fn wildcard(pattern: &str, w: &str) -> Result<WordPattern, String> {
        let mut re = String::from("^");
        for c in w.chars() {
            match c {
                '*' => re.push_str(".*"),
                '?' => re.push('.'),
                c => re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
            }
        }
        re.push('$');
        regex::Regex::new(&re)
            .map(WordPattern::Regex)
            .map_err(|e| format!("{pattern}: not a valid pattern ({e})"))
    }

    /// Words in the phrase.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Never true: a pattern has at least one word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the `k`-th word of the pattern matches `word`.
    fn word_matches(&self, k: usize, word: &str) -> bool {
        let folded;
        let word = if self.case_sensitive {
            folded = plain_apostrophes(word);
            &folded
        } else {
            folded = std::borrow::Cow::Owned(tokenize::lowercase(word));
            &folded
        };
        match &self.words[k] {
            WordPattern::Exact(w) => w == word,
            WordPattern::Regex(re) => re.is_match(word),
        }
    }
}

/// The order of concordance lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KwicSort {
    /// Document order (as read), then position.
    #[default]
    Doc,
    /// By the words left of the match, nearest first (AntConc's 1L, 2L…).
    Left,
    /// By the words right of the match.
    Right,
}

/// Sorts concordance lines (stably: ties keep document order), case
/// folded as terms are.
pub fn sort_kwic(lines: &mut [KwicLine], sort: KwicSort) {
    match sort {
        KwicSort::Doc => {}
        KwicSort::Left => lines.sort_by_cached_key(|l| sort_words(l.left(), true)),
        KwicSort::Right => lines.sort_by_cached_key(|l| sort_words(l.right(), false)),
    }
}

/// The keyness table of two corpora (`folio keyness`): lowercased
/// unigrams of each (stopwords of `opts.stopwords` dropped), compared by
/// log-likelihood; rows with fewer than `min_count` occurrences in both
/// together dropped, at most `top` kept. Also returns the problems of
/// reading either corpus, and the running words of each (no rows when one
/// has none).
pub fn keyness_of(
    target: &[Source],
    reference: &[Source],
    opts: &TermsOptions,
    kind: LogLikelihood,
    min_count: u64,
    top: Option<usize>,
) -> (Vec<KeynessRow>, Vec<Error>, [u64; 2]) {
    let opts = TermsOptions {
        ngram: 1,
        lowercase: true,
        by: GroupBy::Corpus,
        ..opts.clone()
    };
    let whole = (String::new(), String::new(), String::new());
    let counts = |sources: &[Source]| {
        let mut table = count_terms(sources, &opts);
        let total = table.totals.get(&whole).map_or(0, |t| t.1);
        let problems = std::mem::take(&mut table.problems);
        (
            table.groups.remove(&whole).unwrap_or_default(),
            total,
            problems,
        )
    };
    let (t, c, mut problems) = counts(target);
    let (r, d, more) = counts(reference);
    problems.extend(more);
    let mut rows = keyness(&t, c, &r, d, kind);
    rows.retain(|r| r.count_target + r.count_reference >= min_count);
    rows.truncate(top.unwrap_or(usize::MAX));
    (rows, problems, [c, d])
}

/// A no-break space (`\u{a0}`, figure `\u{2007}`, narrow `\u{202f}`): inside
/// a number it joins (`10 000` is one word), so kwic neither splits a
/// pattern nor collapses a context at it.
fn is_no_break(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// `s` on one line: every run of whitespace made one space, except a run
/// of no-break spaces only, kept as written (`10\u{a0}000` is one word,
/// a match shows it as it is written).
fn collapse_keeping_no_break(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s.trim();
    while let Some(at) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..at]);
        let run_len = rest[at..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len() - at);
        let run = &rest[at..at + run_len];
        if run.chars().all(is_no_break) {
            out.push_str(run);
        } else {
            out.push(' ');
        }
        rest = &rest[at + run_len..];
    }
    out.push_str(rest);
    out
}

/// The words of a concordance line's context, lowercased as terms are, for
/// sorting: punctuation and quote marks are no words (`"Yes,` sorts as
/// `yes`), so lines sort as AntConc's 1R, 2R… (or 1L, 2L…) do.
fn sort_words(context: &str, nearest_last: bool) -> Vec<String> {
    let t = tokenize::tokenize(context, Rules::default());
    let mut words: Vec<String> = t
        .words
        .iter()
        .map(|w| tokenize::lowercase(w.text))
        .collect();
    if nearest_last {
        words.reverse();
    }
    words
}

/// Every occurrence in `doc` (its text `text`) of `pattern`, with `window`
/// words of context on each side (context may cross sentences, not
/// documents; a phrase never does).
pub fn kwic(doc: &Document, text: &str, pattern: &KwicPattern, window: usize) -> Vec<KwicLine> {
    let t = tokenize::tokenize(text, Rules::default());
    let collapse = collapse_keeping_no_break;
    // Code is no prose: its words are never matched nor context, and its
    // lines are not sentences — sentences are numbered as `folio
    // sentences` numbers them.
    let prose: Vec<usize> = (0..t.words.len())
        .filter(|&i| !t.in_code(t.words[i].start))
        .collect();
    let mut sentence_of = vec![usize::MAX; t.words.len()];
    for (k, s) in t
        .sentences
        .iter()
        .filter(|s| !t.in_code(s.span.start))
        .enumerate()
    {
        for i in s.words.clone() {
            sentence_of[i] = k;
        }
    }
    // The text from prose word `a` to prose word `b` (word indices), a
    // block of code between two of its words left out.
    let span = |a: usize, b: usize, from: usize, to: usize| -> String {
        let mut out = String::new();
        let mut at = from;
        for pair in prose[a..=b].windows(2) {
            let (w, next) = (&t.words[pair[0]], &t.words[pair[1]]);
            // The blocks between the two words (the blocks are in text
            // order: found by binary searches, not a scan of all of them).
            let from = t.code.partition_point(|r| r.start < w.start + w.text.len());
            let to = from + t.code[from..].partition_point(|r| r.end <= next.start);
            if let (Some(first), Some(last)) = (t.code[from..to].first(), t.code[from..to].last()) {
                out.push_str(&text[at..first.start]);
                out.push(' ');
                at = last.end;
            }
        }
        out.push_str(&text[at..to]);
        collapse(&out)
    };
    let n = pattern.len();
    let mut out = Vec::new();
    let mut shared: Option<std::sync::Arc<KwicDoc>> = None;
    for p in 0..prose.len() {
        let Some(q) = (p + n - 1 < prose.len()).then_some(p + n - 1) else {
            break;
        };
        let (i, last) = (prose[p], prose[q]);
        if sentence_of[last] != sentence_of[i]
            || !(0..n).all(|k| pattern.word_matches(k, t.words[prose[p + k]].text))
        {
            continue;
        }
        let (first_w, last_w) = (&t.words[i], &t.words[last]);
        let end = last_w.start + last_w.text.len();
        let left = if window == 0 || p == 0 {
            String::new()
        } else {
            let from = p.saturating_sub(window);
            span(from, p, t.words[prose[from]].start, first_w.start)
        };
        let right = if window == 0 || q + 1 == prose.len() {
            String::new()
        } else {
            let to = (q + window).min(prose.len() - 1);
            let w = &t.words[prose[to]];
            span(q, to, end, w.start + w.text.len())
        };
        let shared = shared.get_or_insert_with(|| {
            std::sync::Arc::new(KwicDoc {
                doc_id: doc.id.clone(),
                release: doc.release.clone(),
                path: doc.path.clone(),
                title: doc.title.clone(),
            })
        });
        out.push(KwicLine::new(
            shared.clone(),
            sentence_of[i],
            &left,
            &collapse(&text[first_w.start..end]),
            &right,
        ));
    }
    out
}

/// `text` with its typographic apostrophes (`’`, `ʼ`) written `'`.
fn plain_apostrophes(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{2019}', '\u{2bc}']) {
        std::borrow::Cow::Owned(text.replace(['\u{2019}', '\u{2bc}'], "'"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A regular expression's error on one line: its last line, the reason
/// (the multi-line form draws a caret under the pattern).
pub(crate) fn one_line(e: &regex::Error) -> String {
    let text = e.to_string();
    let reason = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    reason.trim().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_by_hand() {
        // a = 10 in c = 1,000; b = 2 in d = 1,000. E1 = E2 = 6.
        // G² = 2 (10 ln(10/6) + 2 ln(2/6)) = 2 (5.10826 − 2.19722) = 5.82206
        let g2 = log_likelihood(10, 2, 1000, 1000, LogLikelihood::TwoCell);
        let by_hand = 2.0 * (10.0 * (10.0f64 / 6.0).ln() + 2.0 * (2.0f64 / 6.0).ln());
        assert!((g2 - by_hand).abs() < 1e-12);
        assert!((g2 - 5.822_063_3).abs() < 1e-6, "{g2}");
        assert_eq!(log_likelihood(5, 5, 100, 100, LogLikelihood::TwoCell), 0.0);
    }

    #[test]
    fn four_cell_g2_is_the_g_test_of_the_table() {
        // scipy 1.x: chi2_contingency([[a, b], [c - a, d - b]],
        // lambda_="log-likelihood", correction=False)[0].
        for (a, b, c, d, scipy) in [
            (10, 2, 1000, 1000, 5.854_256_566_489_61),
            (500, 300, 20_000, 30_000, 167.031_645_896_236_4),
            (7, 0, 5000, 8000, 13.383_194_899_440_323),
        ] {
            let four = log_likelihood(a, b, c, d, LogLikelihood::FourCell);
            assert!((four - scipy).abs() < 1e-9, "{a} {b}: {four} vs {scipy}");
            let two = log_likelihood(a, b, c, d, LogLikelihood::TwoCell);
            assert!(two <= four && four <= two * 1.1, "{two} {four}");
        }
    }

    #[test]
    fn g2_is_never_negative_and_its_p_value_never_nan() {
        // Equal relative frequencies: 0 up to rounding, which is clamped.
        for (a, b, c, d) in [(3, 7, 300, 700), (1, 3, 333_333, 999_999), (0, 0, 10, 10)] {
            for kind in [LogLikelihood::TwoCell, LogLikelihood::FourCell] {
                let g2 = log_likelihood(a, b, c, d, kind);
                assert!(g2 >= 0.0, "{g2}");
                assert!(!libm::erfc((g2 / 2.0).sqrt()).is_nan());
            }
        }
    }

    #[test]
    fn p_value_of_the_critical_value() {
        // χ²(1) = 3.841 ↔ p = 0.05; 6.635 ↔ 0.01.
        assert!((libm::erfc((3.841_459f64 / 2.0).sqrt()) - 0.05).abs() < 1e-5);
        assert!((libm::erfc((6.634_897f64 / 2.0).sqrt()) - 0.01).abs() < 1e-5);
    }

    #[test]
    fn keyness_signs_and_ratios() {
        let mk = |pairs: &[(&str, u64)]| -> FxHashMap<String, TermCount> {
            pairs
                .iter()
                .map(|&(t, n)| (t.to_string(), TermCount { count: n, docs: 1 }))
                .collect()
        };
        let target = mk(&[("storm", 10), ("the", 50)]);
        let reference = mk(&[("storm", 2), ("the", 50), ("budget", 8)]);
        let rows = keyness(&target, 1000, &reference, 1000, LogLikelihood::TwoCell);
        let get = |t: &str| rows.iter().find(|r| r.term == t).unwrap();
        assert!(get("storm").log_likelihood > 0.0);
        assert!(get("budget").log_likelihood < 0.0);
        assert_eq!(get("the").log_likelihood, 0.0);
        assert!((get("storm").log_ratio.unwrap() - 5f64.log2()).abs() < 1e-12);
        assert!((get("budget").log_ratio.unwrap() - (0.5f64 / 8.0).log2()).abs() < 1e-12);
        assert!((get("storm").percent_diff.unwrap() - 400.0).abs() < 1e-9);
        // Found in an audit: a term 17 times in a corpus of 10⁶ words and
        // absent from one of 10⁴ had log ratio −0.08 beside `direction`
        // target. Unknown, not of the wrong sign.
        let lopsided = keyness(
            &mk(&[("gesetz", 17)]),
            1_000_000,
            &mk(&[("paket", 3)]),
            10_000,
            LogLikelihood::TwoCell,
        );
        let get = |t: &str| lopsided.iter().find(|r| r.term == t).unwrap();
        assert!(get("gesetz").log_likelihood > 0.0);
        assert_eq!(get("gesetz").log_ratio, None);
        // The other way round the 0.5 says less than the count: kept.
        assert!(get("paket").log_ratio.unwrap() < 0.0);
        // A side without words: nothing to compare.
        assert!(keyness(&mk(&[("a", 1)]), 1, &mk(&[]), 0, LogLikelihood::TwoCell).is_empty());
        // Absent from the reference: %DIFF is undefined, not 10¹⁸.
        let only = keyness(
            &mk(&[("ferry", 4)]),
            1000,
            &mk(&[]),
            1000,
            LogLikelihood::TwoCell,
        );
        assert_eq!(only[0].percent_diff, None);
    }

    #[test]
    fn kwic_lines() {
        let text = "Title\n\nThe storm hit Riverton. Another STORM came, said Mr. Hale.";
        let lines = kwic(&doc("d", text), text, &pattern("storm"), 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].left(), lines[0].matched(), lines[0].right()),
            ("Title The", "storm", "hit Riverton")
        );
        assert_eq!(lines[0].sentence_index, 1);
        assert_eq!(lines[0].doc.title.as_deref(), Some("Title"));
        assert_eq!(
            (lines[1].left(), lines[1].right()),
            ("Riverton. Another", "came, said")
        );
        assert_eq!(lines[1].sentence_index, 2);
    }

    #[test]
    fn kwic_patterns_are_nfc_and_keep_no_break_spaces() {
        // Found by an audit: a pattern with a no-break space was split into
        // a phrase that never matched, and a decomposed `café` matched none.
        let text = "The fund holds 10\u{a0}000 euros. The café opens. Café noir.";
        let found = |p: &str| kwic(&doc("d", text), text, &pattern(p), 2).len();
        assert_eq!(found("10\u{a0}000"), 1);
        assert_eq!(found("cafe\u{301}"), 2);
        assert_eq!(found("caf*"), 2);
    }

    #[test]
    fn kwic_keeps_no_break_spaces_and_sorts_by_words() {
        // A number spaced with a no-break space is one word: the match
        // shows it as written; a line break in the context is a space.
        let text = "The fine was 10\u{a0}000 euros. It was\nraised to 12\u{202f}000 euros.";
        let p = KwicPattern::new("euros", false, false).unwrap();
        let lines = kwic(&doc("d", text), text, &p, 3);
        assert_eq!(lines[0].left(), "fine was 10\u{a0}000");
        assert_eq!(lines[1].left(), "raised to 12\u{202f}000");
        let p = KwicPattern::new("10*", false, false).unwrap();
        assert_eq!(
            kwic(&doc("d", text), text, &p, 1)[0].matched(),
            "10\u{a0}000"
        );
        assert_eq!(
            collapse_keeping_no_break(" a \n\t b\u{a0}c  "),
            "a b\u{a0}c"
        );
        // Sorted by the words to the right, punctuation and quotes aside:
        // `"Yes,` sorts as `yes`, before `zebra`.
        let mut lines = vec![
            KwicLine::new(
                lines[0].doc.clone(),
                0,
                lines[0].left(),
                lines[0].matched(),
                "zebra crossing",
            ),
            KwicLine::new(
                lines[0].doc.clone(),
                0,
                lines[0].left(),
                lines[0].matched(),
                "\"Yes, he said",
            ),
            KwicLine::new(
                lines[0].doc.clone(),
                0,
                lines[0].left(),
                lines[0].matched(),
                "(ants",
            ),
        ];
        sort_kwic(&mut lines, KwicSort::Right);
        let got: Vec<&str> = lines.iter().map(|l| l.right()).collect();
        assert_eq!(got, ["(ants", "\"Yes, he said", "zebra crossing"]);
        // To the left, the nearest word first: `zebra so` (1L `so`)
        // before `ants, "yes` (1L `yes`).
        let mut lines = vec![
            KwicLine::new(
                lines[0].doc.clone(),
                0,
                "ants, \"yes",
                lines[0].matched(),
                lines[0].right(),
            ),
            KwicLine::new(
                lines[0].doc.clone(),
                0,
                "zebra so",
                lines[0].matched(),
                lines[0].right(),
            ),
        ];
        sort_kwic(&mut lines, KwicSort::Left);
        let got: Vec<&str> = lines.iter().map(|l| l.left()).collect();
        assert_eq!(got, ["zebra so", "ants, \"yes"]);
    }

    #[test]
    fn kwic_takes_a_typographic_apostrophe_for_a_plain_one() {
        let text = "GitHub’s terms and GitHub's rules.";
        for (regex, case_sensitive) in [(false, false), (true, false), (false, true)] {
            for p in ["GitHub's", "GitHub’s"] {
                let pattern = KwicPattern::new(p, regex, case_sensitive).unwrap();
                let lines = kwic(&doc("d", text), text, &pattern, 1);
                assert_eq!(lines.len(), 2, "{p} regex={regex} case={case_sensitive}");
            }
        }
    }

    #[test]
    fn kwic_leaves_code_out_of_context_and_numbers_sentences_as_folio_sentences() {
        let text = "Usage\n\nInstall it first.\n\n```sh\npip install storm\nstorm --help\n```\n\nThe storm command reads a file. It writes a storm report.\n";
        let lines = kwic(&doc("d", text), text, &pattern("storm"), 3);
        // The two in prose only (not `pip install storm`, `storm --help`).
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].left(), "it first. The", "{lines:?}");
        assert_eq!(lines[0].right(), "command reads a");
        // Sentences as `folio sentences` numbers them (from 1): the index
        // is the number − 1, code lines not counted.
        let rows = crate::sentences::rows_of("d", text);
        for line in &lines {
            let row = &rows[line.sentence_index];
            assert!(row.text.contains("storm"), "{line:?} {row:?}");
        }
        assert_eq!(
            rows[lines[1].sentence_index].text,
            "It writes a storm report."
        );
        // Context after a match stops short of code too.
        let lines = kwic(&doc("d", text), text, &pattern("first"), 3);
        assert_eq!(lines[0].right(), ". The storm command", "{lines:?}");
    }

    fn doc(id: &str, text: &str) -> Document {
        let source = Source {
            path: format!("{id}.txt").into(),
            id: id.to_string(),
            release: "r1".into(),
            rows: None,
            named: false,
        };
        corpus::parse_bytes(&source, text.as_bytes(), &corpus::Fields::default())
            .0
            .remove(0)
    }

    fn pattern(p: &str) -> KwicPattern {
        KwicPattern::new(p, false, false).unwrap()
    }

    /// A pattern's symbols the words lose are said (`C++` is the word `C`);
    /// the marks that part or close words are not (`U.S.`, `(Inc.,)`).
    #[test]
    fn kwic_says_what_a_pattern_lost() {
        assert_eq!(
            pattern("C++").notes,
            ["\"C++\" is searched as the word \"C\": folio's words hold no \"+\""]
        );
        assert_eq!(pattern("100%").notes.len(), 1);
        assert_eq!(pattern("C# and").notes.len(), 1);
        for quiet in [
            "U.S.",
            "(Inc.,)",
            "storm",
            "don't",
            "\"quoted\"",
            "well-known",
        ] {
            assert!(pattern(quiet).notes.is_empty(), "{quiet}");
        }
    }

    /// The matches of pattern `p` in a document, as written.
    fn matched(d: &Document, text: &str, p: &str, window: usize) -> Vec<String> {
        kwic(d, text, &pattern(p), window)
            .into_iter()
            .map(|l| l.matched().to_string())
            .collect()
    }

    #[test]
    fn kwic_finds_a_word_whose_accent_is_an_apostrophe() {
        let text =
            "Perche' no? E' facile: piu' ne fai, meno costa. La vita e' bella e dura, e' vero.";
        let d = doc("i", text);
        assert_eq!(matched(&d, text, "e'", 1), ["E'", "e'", "e'"]);
        assert_eq!(matched(&d, text, "e", 1), ["e"]);
    }

    #[test]
    fn kwic_wildcards_and_phrases() {
        let text = "Patents\n\nThe Patent licence covers patents. A patent \
                    license is not a patent. Licences lapse.";
        let d = doc("p", text);
        let found = |p: &str| matched(&d, text, p, 1);
        assert_eq!(
            found("patent*"),
            ["Patents", "Patent", "patents", "patent", "patent"]
        );
        assert_eq!(
            found("patent licen?e"),
            ["Patent licence", "patent license"]
        );
        assert_eq!(found("patent licen*"), ["Patent licence", "patent license"]);
        assert_eq!(
            found("*s"),
            ["Patents", "covers", "patents", "is", "Licences"]
        );
        // A phrase never crosses a sentence end.
        assert!(found("patents a").is_empty());
        // Case-sensitive matching, and an empty pattern.
        let exact = KwicPattern::new("Patent", false, true).unwrap();
        assert_eq!(kwic(&d, text, &exact, 0).len(), 1);
        assert!(KwicPattern::new("  ", false, false).is_err());
        // Greek: the capital sigma at a word's end folds to final ς.
        let greek = "Δρόμος\n\nΟ ΔΡΌΜΟΣ είναι ο δρόμος.";
        let g = doc("g", greek);
        assert_eq!(kwic(&g, greek, &pattern("δρόμος"), 0).len(), 3);
        assert_eq!(kwic(&g, greek, &pattern("ΔΡΌΜΟΣ"), 0).len(), 3);
    }

    #[test]
    fn a_pattern_is_read_as_the_text_is_tokenized() {
        let text = "Acme\n\nAcme Inc. of the U.S. met U.S. Army staff (Acme Inc.,) today.";
        let d = doc("a", text);
        let found = |p: &str| matched(&d, text, p, 0);
        // The final period is no part of the word `U.S`, in the text or
        // in the pattern.
        assert_eq!(found("U.S."), ["U.S", "U.S"]);
        assert_eq!(found("u.s"), ["U.S", "U.S"]);
        assert_eq!(found("U.S. Army"), ["U.S. Army"]);
        assert_eq!(found("(Inc.,)"), ["Inc", "Inc"]);
        assert_eq!(
            KwicPattern::new("Acme —", false, false).unwrap_err(),
            "Acme —: `—` holds no word (a letter or digit)"
        );
    }

    #[test]
    fn ngrams_stay_inside_sentences() {
        assert_eq!(
            terms_of("The cat sat. Dogs ran", 2, true),
            ["the cat", "cat sat", "dogs ran"]
        );
        assert_eq!(terms_of("A b", 3, true), Vec::<String>::new());
        assert_eq!(
            terms_of("It’s U.S. Policy", 1, false),
            ["It’s", "U.S", "Policy"]
        );
    }
}
