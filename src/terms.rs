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
use crate::tokenize::{self, Rules};

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

/// The term counts of a corpus, per group.
#[derive(Debug, Default)]
pub struct TermTable {
    /// Group name (empty for the whole corpus) → term → counts.
    pub groups: BTreeMap<String, FxHashMap<String, TermCount>>,
    /// Group → (documents, terms counted).
    pub totals: BTreeMap<String, (u64, u64)>,
    /// Documents that could not be read.
    pub problems: Vec<Error>,
}

/// The terms of a text, in order, as `folio stats` words (n-grams joined by
/// a space, never across a sentence end).
pub fn terms_of(text: &str, n: usize, lowercase: bool) -> Vec<String> {
    let t = tokenize::tokenize(text, Rules::default());
    let word = |w: &str| {
        if lowercase {
            w.to_lowercase()
        } else {
            w.to_string()
        }
    };
    let mut out = Vec::new();
    for s in &t.sentences {
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
            GroupBy::Corpus => String::new(),
            GroupBy::Release => doc.release.clone(),
            GroupBy::Doc => doc.id.clone(),
        };
        let mut local: FxHashMap<String, u64> = FxHashMap::default();
        for term in terms_of(text, opts.ngram.max(1), opts.lowercase) {
            *local.entry(term).or_insert(0) += 1;
        }
        if let Some(bit) = stop {
            // Once per distinct term, not per occurrence.
            local.retain(|term, _| {
                let words: Vec<&str> = term.split(' ').collect();
                crate::lang::stopword_masks(&words)
                    .iter()
                    .all(|m| m & bit == 0)
            });
        }
        let table = self.groups.entry(group.clone()).or_default();
        let total = self.totals.entry(group).or_insert((0, 0));
        total.0 += 1;
        for (term, count) in local {
            total.1 += count;
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
    table.problems = reader.finish().problems;
    table
}

/// Counts the terms of documents already read, each with its text without
/// boilerplate (`opts.boilerplate` is not applied again).
pub fn count_texts(docs: &[(&Document, &str)], opts: &TermsOptions) -> TermTable {
    let stop = stop_bit(opts);
    // A few chunks a worker: few tables to merge, work still balanced.
    let chunk = docs.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    docs.par_chunks(chunk)
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
        })
}

/// One row of the terms table.
#[derive(Debug, Clone, PartialEq)]
pub struct TermRow {
    /// The group (release or document), empty for the whole corpus.
    pub group: String,
    /// The term.
    pub term: String,
    /// Its occurrences.
    pub count: u64,
    /// Documents holding it.
    pub doc_count: u64,
    /// Occurrences per million terms of the group.
    pub per_million: f64,
    /// Inverse document frequency, ln(documents / doc_count).
    pub idf: f64,
    /// count × idf.
    pub tf_idf: f64,
}

/// The rows of a terms table: in each group by count (descending), then
/// term; terms below `min_count` dropped, at most `top` a group.
pub fn term_rows(table: &TermTable, min_count: u64, top: Option<usize>) -> Vec<TermRow> {
    let mut rows = Vec::new();
    for (group, terms) in &table.groups {
        let (docs, total) = table.totals.get(group).copied().unwrap_or((0, 0));
        let mut list: Vec<(&String, &TermCount)> =
            terms.iter().filter(|(_, c)| c.count >= min_count).collect();
        list.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        for (term, c) in list.into_iter().take(top.unwrap_or(usize::MAX)) {
            let idf = (docs as f64 / c.docs as f64).ln();
            rows.push(TermRow {
                group: group.clone(),
                term: term.clone(),
                count: c.count,
                doc_count: c.docs,
                per_million: c.count as f64 * 1e6 / total.max(1) as f64,
                idf,
                tf_idf: c.count as f64 * idf,
            });
        }
    }
    rows
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
    /// Log-likelihood G² (Dunning 1993), signed: negative when the term is
    /// relatively more frequent in the reference.
    pub log_likelihood: f64,
    /// p-value of G² against χ² with one degree of freedom.
    pub p_value: f64,
    /// Log ratio (Hardie 2014): log₂ of the ratio of relative frequencies,
    /// a zero count taken as 0.5.
    pub log_ratio: f64,
    /// %DIFF (Gabrielatos & Marchi 2012): 100 × (normalized target −
    /// normalized reference) / normalized reference; a zero reference count
    /// taken as 10⁻¹⁸.
    pub percent_diff: f64,
}

/// G² for a term occurring `a` times in a corpus of `c` words and `b` times
/// in one of `d` words: 2 Σ O ln(O/E) over the two corpora.
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    if c + d == 0.0 {
        return 0.0;
    }
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let term = |o: f64, e: f64| {
        if o > 0.0 && e > 0.0 {
            o * (o / e).ln()
        } else {
            0.0
        }
    };
    2.0 * (term(a, e1) + term(b, e2))
}

/// The keyness of every term of two corpora, by |G²| (descending), then term.
pub fn keyness(
    target: &FxHashMap<String, TermCount>,
    c: u64,
    reference: &FxHashMap<String, TermCount>,
    d: u64,
) -> Vec<KeynessRow> {
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
            let g2 = log_likelihood(a, b, c, d);
            let sign = if nt < nr { -1.0 } else { 1.0 };
            let half = |x: u64| if x == 0 { 0.5 } else { x as f64 };
            let log_ratio = ((half(a) / c.max(1) as f64) / (half(b) / d.max(1) as f64)).log2();
            let percent_diff = (nt - nr) * 100.0 / if b == 0 { 1e-18 } else { nr };
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

/// One concordance line of keyword in context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    /// The document.
    pub doc_id: String,
    /// Index (0-based) of the sentence holding the match.
    pub sentence_index: usize,
    /// The words before the match (up to the window), whitespace collapsed.
    pub left: String,
    /// The matching word as written.
    pub matched: String,
    /// The words after the match (up to the window), whitespace collapsed.
    pub right: String,
}

/// Every word of `text` that `matches` accepts, with `window` words of
/// context on each side (context may cross sentences, not documents).
pub fn kwic(
    doc_id: &str,
    text: &str,
    matches: &dyn Fn(&str) -> bool,
    window: usize,
) -> Vec<KwicLine> {
    let t = tokenize::tokenize(text, Rules::default());
    let collapse = crate::diff::collapse_whitespace;
    let mut sentence_of = vec![0usize; t.words.len()];
    for (k, s) in t.sentences.iter().enumerate() {
        for i in s.words.clone() {
            sentence_of[i] = k;
        }
    }
    let mut out = Vec::new();
    for (i, w) in t.words.iter().enumerate() {
        if !matches(w.text) {
            continue;
        }
        let end = w.start + w.text.len();
        let left = if window == 0 || i == 0 {
            String::new()
        } else {
            let first = &t.words[i.saturating_sub(window)];
            collapse(&text[first.start..w.start])
        };
        let right = if window == 0 || i + 1 == t.words.len() {
            String::new()
        } else {
            let last = &t.words[(i + window).min(t.words.len() - 1)];
            collapse(&text[end..last.start + last.text.len()])
        };
        out.push(KwicLine {
            doc_id: doc_id.to_string(),
            sentence_index: sentence_of[i],
            left,
            matched: w.text.to_string(),
            right,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_by_hand() {
        // a = 10 in c = 1,000; b = 2 in d = 1,000. E1 = E2 = 6.
        // G² = 2 (10 ln(10/6) + 2 ln(2/6)) = 2 (5.10826 − 2.19722) = 5.82206
        let g2 = log_likelihood(10, 2, 1000, 1000);
        let by_hand = 2.0 * (10.0 * (10.0f64 / 6.0).ln() + 2.0 * (2.0f64 / 6.0).ln());
        assert!((g2 - by_hand).abs() < 1e-12);
        assert!((g2 - 5.822_063_3).abs() < 1e-6, "{g2}");
        assert_eq!(log_likelihood(5, 5, 100, 100), 0.0);
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
        let rows = keyness(&target, 1000, &reference, 1000);
        let get = |t: &str| rows.iter().find(|r| r.term == t).unwrap();
        assert!(get("storm").log_likelihood > 0.0);
        assert!(get("budget").log_likelihood < 0.0);
        assert_eq!(get("the").log_likelihood, 0.0);
        assert!((get("storm").log_ratio - 5f64.log2()).abs() < 1e-12);
        assert!((get("budget").log_ratio - (0.5f64 / 8.0).log2()).abs() < 1e-12);
        assert!((get("storm").percent_diff - 400.0).abs() < 1e-9);
    }

    #[test]
    fn kwic_lines() {
        let text = "Title\n\nThe storm hit Riverton. Another STORM came, said Mr. Hale.";
        let m = |w: &str| w.eq_ignore_ascii_case("storm");
        let lines = kwic("d", text, &m, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (
                lines[0].left.as_str(),
                lines[0].matched.as_str(),
                lines[0].right.as_str()
            ),
            ("Title The", "storm", "hit Riverton")
        );
        assert_eq!(lines[0].sentence_index, 1);
        assert_eq!(
            (lines[1].left.as_str(), lines[1].right.as_str()),
            ("Riverton. Another", "came, said")
        );
        assert_eq!(lines[1].sentence_index, 2);
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
