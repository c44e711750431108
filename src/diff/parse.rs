//! One parse per document version, shared by its statistics and every diff
//! it is in.

use super::*;

/// A document version parsed once: its words, sentences and paragraphs, as
/// the tokenizer of `folio stats` finds them, and its section headings.
/// Its statistics ([`Parsed::stats`]) and its diffs (`diff_parsed`) are
/// read from it without tokenizing again. It holds no borrow of the text,
/// so a release keeps it beside each document for every comparison that
/// version is in (a release between two others is compared twice).
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub(super) tokens: tokenize::Tokens,
    /// Each heading's sentence index and its title's byte range (see
    /// [`headings`]).
    pub(super) headings: Vec<(usize, Range<usize>)>,
}

impl Parsed {
    /// Parses a text.
    pub fn new(text: &str) -> Parsed {
        #[cfg(test)]
        count_parse(text);
        let t = tokenize::tokenize(text, Rules::default());
        Parsed {
            headings: headings(text, &t),
            tokens: tokenize::Tokens::keep(&t),
        }
    }

    /// The statistics of `text`, the text it was made from, as
    /// `compute_declared` computes them (`declared`: the language
    /// the document declares).
    pub fn stats(&self, text: &str, opts: &StatsOptions, declared: Option<&str>) -> TextStats {
        stats::compute_tokenized(text, &self.tokens.view(text), opts, declared)
    }

    /// The number of words.
    pub fn words(&self) -> usize {
        self.tokens.words()
    }
}

/// How many times each text (by its XXH3-128) was parsed: tests check that
/// a version is parsed once, however many comparisons it is in.
#[cfg(test)]
static PARSES: std::sync::LazyLock<std::sync::Mutex<FxHashMap<u128, usize>>> =
    std::sync::LazyLock::new(Default::default);

#[cfg(test)]
fn count_parse(text: &str) {
    let key = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    *PARSES.lock().unwrap().entry(key).or_insert(0) += 1;
}

/// How many times `text` was parsed so far (in this test process).
#[cfg(test)]
pub(crate) fn times_parsed(text: &str) -> usize {
    let key = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    PARSES.lock().unwrap().get(&key).copied().unwrap_or(0)
}
