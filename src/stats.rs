//! Per-document statistics: counts, readability, lexical diversity,
//! language, quoting. Pure functions of a text.
//!
//! One pass of the tokenizer interns every word (lowercased) once; every
//! per-word property (letters, syllables, stopword, number) is computed once
//! per distinct word and multiplied by its frequency.

use serde::Serialize;

use crate::boilerplate::{self, Repeated};
use crate::corpus::Document;
use crate::lang;
use crate::syllables::{self, Capitals};
use crate::tokenize::{self, Rules, Sink, Word};

/// Options of the statistics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatsOptions {
    /// MATTR window, in words (default 100, quanteda's default).
    pub mattr_window: usize,
    /// MTLD's type-token-ratio threshold (default 0.72, McCarthy & Jarvis).
    pub mtld_threshold: f64,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            mattr_window: 100,
            mtld_threshold: 0.72,
        }
    }
}

/// A word has this many syllables or more to count as polysyllabic
/// (SMOG's and Gunning's "complex" words).
pub const POLYSYLLABLE_MIN: u32 = 3;
/// A word has this many letters or more to count as long (LIX).
pub const LONG_WORD_MIN: u64 = 7;

/// The statistics of one text. Counts are exact; ratios are methods.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextStats {
    /// Characters (Unicode scalar values) of the text.
    pub chars: u64,
    /// Alphabetic characters inside words.
    pub letters: u64,
    /// Letters and digits inside words.
    pub word_chars: u64,
    /// Words (including numbers).
    pub words: u64,
    /// Distinct words, case-folded.
    pub unique_words: u64,
    /// Sentences holding at least one word.
    pub sentences: u64,
    /// Paragraphs holding at least one word.
    pub paragraphs: u64,
    /// Syllables of all words.
    pub syllables: u64,
    /// Words of [`POLYSYLLABLE_MIN`] syllables or more.
    pub polysyllabic_words: u64,
    /// Words of one syllable.
    pub monosyllabic_words: u64,
    /// Words of [`LONG_WORD_MIN`] letters or more.
    pub long_words: u64,
    /// Words that are numbers.
    pub numbers: u64,
    /// Lines of blocks of code, left out of every other count.
    pub code_lines: u64,
    /// Words inside quotation marks.
    pub quoted_words: u64,
    /// Words in the detected language's stopword list (`None`: no list).
    pub stopwords: Option<u64>,
    /// Distinct words used exactly once.
    pub hapax_legomena: u64,
    /// Σ over distinct words of frequency², for Yule's K.
    pub sum_squared_frequencies: u64,
    /// Moving-average type-token ratio (`None` without words).
    pub mattr: Option<f64>,
    /// Measure of textual lexical diversity, bidirectional (`None` when
    /// undefined: no words, or no factor completed or partial).
    pub mtld: Option<f64>,
    /// Detected language, ISO 639 code.
    pub language: Option<&'static str>,
    /// The counts of the text's prose sentences, which readability is
    /// measured on.
    pub prose: ProseCounts,
}

/// The counts of a text's sentences of prose: those that end with a
/// sentence or clause mark ([`tokenize::ends_as_prose`]), not headings,
/// captions, table cells or list entries without one. Readability is
/// measured on them: a table of 400 one-word cells is no 400 short
/// sentences, nor are a page's headings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ProseCounts {
    /// Sentences of prose (holding at least one word).
    pub sentences: u64,
    /// Their words.
    pub words: u64,
    /// Alphabetic characters of their words.
    pub letters: u64,
    /// Letters and digits of their words.
    pub word_chars: u64,
    /// Syllables of their words.
    pub syllables: u64,
    /// Their words of [`POLYSYLLABLE_MIN`] syllables or more.
    pub polysyllabic_words: u64,
    /// Their words of one syllable.
    pub monosyllabic_words: u64,
    /// Their words of [`LONG_WORD_MIN`] letters or more.
    pub long_words: u64,
}

impl ProseCounts {
    /// These counts without `part`'s (a part of them).
    fn without(&self, part: &ProseCounts) -> ProseCounts {
        ProseCounts {
            sentences: self.sentences - part.sentences,
            words: self.words - part.words,
            letters: self.letters - part.letters,
            word_chars: self.word_chars - part.word_chars,
            syllables: self.syllables - part.syllables,
            polysyllabic_words: self.polysyllabic_words - part.polysyllabic_words,
            monosyllabic_words: self.monosyllabic_words - part.monosyllabic_words,
            long_words: self.long_words - part.long_words,
        }
    }

    /// Adds `n` words of a type with these facts and syllables.
    fn add(&mut self, fact: &Facts, syllables: u32, n: u64) {
        self.words += n;
        self.letters += u64::from(fact.letters) * n;
        self.word_chars += u64::from(fact.alnum) * n;
        self.syllables += u64::from(syllables) * n;
        if syllables >= POLYSYLLABLE_MIN {
            self.polysyllabic_words += n;
        }
        if syllables == 1 {
            self.monosyllabic_words += n;
        }
        if u64::from(fact.letters) >= LONG_WORD_MIN {
            self.long_words += n;
        }
    }
}

/// What the statistics need of a word type, worked out once per thread
/// (not once per document that uses it).
#[derive(Clone, Copy)]
struct Facts {
    letters: u32,
    /// Letters and digits.
    alnum: u32,
    number: bool,
    /// Its stopword languages (`lang::stopword_masks`).
    stop_mask: u64,
    /// Its syllables as English counts them; [`UNCOUNTED`] until needed.
    english_syllables: u32,
}

const UNCOUNTED: u32 = u32::MAX;

impl Facts {
    fn of(word: &str) -> Facts {
        // An address's characters are no spelling a reader reads: it counts
        // as a word of no letters (as a number has none).
        let (letters, alnum) = if tokenize::is_link(word) {
            (0, 0)
        } else if word.is_ascii() {
            let b = word.as_bytes();
            let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
            (
                letters,
                letters + b.iter().filter(|c| c.is_ascii_digit()).count(),
            )
        } else {
            (
                word.chars().filter(|c| c.is_alphabetic()).count(),
                word.chars().filter(|c| c.is_alphanumeric()).count(),
            )
        };
        Facts {
            letters: letters as u32,
            alnum: alnum as u32,
            number: tokenize::is_number(word),
            stop_mask: lang::stopword_masks(&[word])[0],
            english_syllables: UNCOUNTED,
        }
    }
}

/// The word types a thread has seen (each distinct lowercased word once,
/// its text in one arena, found through a table of ids), with their
/// [`Facts`], and the current document's types. A word is looked up in
/// the document's own table (the size of the document's vocabulary, in
/// cache); the types new to the document are looked up in the thread's
/// table once the document is scanned ([`Vocab::resolve`]), all in one
/// loop that fetches the slots it will need ahead of time, so their cache
/// misses overlap instead of stalling the scan one by one. A document
/// costs one table lookup a word and no allocation per word type; a word
/// type's facts are worked out the first time the thread sees it.
#[derive(Default)]
struct Vocab {
    /// The thread's word types: slots holding thread ids.
    table: Slots,
    /// Where each word's text is in `arena`, by thread id.
    spans: Vec<(u32, u32)>,
    facts: Vec<Facts>,
    arena: String,
    /// The current document's word types: slots holding document ids.
    doc: Slots,
    /// The current document's types, by document id.
    doc_types: Vec<Slot>,
    /// Their texts (lowercased, UTF-8), and where each is in it, by
    /// document id.
    doc_arena: Vec<u8>,
    doc_spans: Vec<(u32, u32)>,
    /// The current document's types' thread ids, by document id (filled by
    /// [`Vocab::resolve`]).
    types: Vec<u32>,
}

/// How a word is written, as [`Counter::capitals`] keeps it: 0 for
/// [`Capitals::Other`] (nearly every word, not kept).
fn case_code(written: Capitals) -> u32 {
    match written {
        Capitals::Other => 0,
        Capitals::All => 1,
        Capitals::Plural => 2,
    }
}

/// A word type in a table: its first 16 bytes (zero-padded), its hash, its
/// length plus one (zero: an empty slot) and its id. A word of up to 16
/// bytes (nearly every word) is found by comparing the slot alone, without
/// reading its text. 32 bytes, aligned: a slot never straddles two cache
/// lines.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    key: [u64; 2],
    hash: u64,
    tag: u32,
    id: u32,
}

impl Slot {
    fn new(key: [u64; 2], hash: u64, len: usize, id: u32) -> Slot {
        Slot {
            key,
            hash,
            tag: len as u32 + 1,
            id,
        }
    }

    /// The slot of an ASCII word of up to 16 bytes, from its inline key
    /// (already lowercased) and length.
    #[inline]
    fn short(key: [u64; 2], len: usize) -> Slot {
        Slot::new(key, short_word_hash(key, len), len, 0)
    }

    /// Whether the slot holds the word of this key, hash and tag (past 16
    /// bytes, `same_text` compares the rest).
    #[inline]
    fn holds(&self, want: &Slot, same_text: impl Fn(u32) -> bool) -> bool {
        self.hash == want.hash
            && self.key == want.key
            && self.tag == want.tag
            && (want.tag <= 17 || same_text(self.id))
    }
}

/// An open-addressing table of word slots (linear probing, a power of two
/// in size, at most 5/8 full). Slots carry their hashes, so growing hashes
/// nothing again.
#[derive(Default)]
struct Slots {
    slots: Vec<Slot>,
    len: usize,
}

impl Slots {
    /// The id of the word `want` describes, or the index of the empty slot
    /// where it belongs.
    #[inline]
    fn find(&self, want: &Slot, same_text: impl Fn(u32) -> bool) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = want.hash as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.tag == 0 {
                return Err(i);
            }
            if slot.holds(want, &same_text) {
                return Ok(slot.id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts `slot` in the empty slot `index` (from [`Slots::find`]).
    #[inline]
    fn insert_at(&mut self, index: usize, slot: Slot) {
        self.slots[index] = slot;
        self.len += 1;
        if self.len * 8 > self.slots.len() * 5 {
            self.grow();
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.tag != 0) {
            let mut i = slot.hash as usize & mask;
            while self.slots[i].tag != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    /// Makes sure there is room (an empty table has no slots at all).
    fn ready(&mut self) {
        if self.slots.is_empty() {
            self.grow();
        }
    }

    /// Asks the processor for the slot where `hash` starts, ahead of its
    /// use.
    #[inline]
    fn prefetch(&self, hash: u64) {
        let i = hash as usize & (self.slots.len() - 1);
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // SAFETY: a prefetch reads nothing; the address is in the table.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(self.slots.as_ptr().add(i).cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = i;
    }

    /// Empties the table of `held`, the slots it holds (in any order),
    /// visiting only their places, not the whole table.
    fn clear_held(&mut self, held: &[Slot]) {
        if held.len() * 4 >= self.slots.len() {
            self.slots.fill(Slot::default());
        } else {
            let mask = self.slots.len() - 1;
            for h in held {
                let mut i = h.hash as usize & mask;
                // Each slot is there: the walk ends at it.
                while self.slots[i].id != h.id || self.slots[i].tag == 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = Slot::default();
            }
        }
        self.len = 0;
    }
}

/// The first 16 bytes of a word, zero-padded, as two little-endian words
/// (loaded in place: no copy through a buffer).
#[inline]
fn inline_key(word: &[u8]) -> [u64; 2] {
    if word.len() <= 8 {
        [load_le(word), 0]
    } else {
        let first = u64::from_le_bytes(word[..8].try_into().unwrap());
        [first, load_le(&word[8..word.len().min(16)])]
    }
}

/// Up to 8 bytes as a little-endian word, zero-padded, in at most two
/// loads (overlapping ones: the bytes they share are the same).
#[inline]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes(b[..4].try_into().unwrap()));
        let hi = u64::from(u32::from_le_bytes(b[n - 4..].try_into().unwrap()));
        lo | (hi << (8 * (n - 4)))
    } else if n > 0 {
        let (first, mid, last) = (u64::from(b[0]), u64::from(b[n / 2]), u64::from(b[n - 1]));
        first | (mid << (8 * (n / 2))) | (last << (8 * (n - 1)))
    } else {
        0
    }
}

/// The seeds of `word_hash` (digits of π).
const WORD_SEED: [u64; 3] = [
    0x243f_6a88_85a3_08d3,
    0x1319_8a2e_0370_7344,
    0xa409_3822_299f_31d0,
];

/// Multiplies and folds the 128-bit product's halves (foldhash's mixer).
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

/// The hash of a word from its inline key, length and (past 16 bytes) the
/// rest of its bytes. Only equality of words depends on it: ids follow
/// first appearance, so output does not.
#[inline]
fn word_hash(key: [u64; 2], word: &[u8]) -> u64 {
    const SEED: [u64; 3] = WORD_SEED;
    let mut h = folded_multiply(key[0] ^ SEED[0], key[1] ^ SEED[1] ^ word.len() as u64);
    for chunk in word.get(16..).unwrap_or_default().chunks(8) {
        h = folded_multiply(h ^ load_le(chunk), SEED[2]);
    }
    folded_multiply(h, SEED[2])
}

/// `word_hash` of a word of up to 16 bytes, from its key and length.
#[inline]
fn short_word_hash(key: [u64; 2], len: usize) -> u64 {
    debug_assert!(len <= 16);
    let h = folded_multiply(key[0] ^ WORD_SEED[0], key[1] ^ WORD_SEED[1] ^ len as u64);
    folded_multiply(h, WORD_SEED[2])
}

/// ASCII capitals lowercased in each byte of a word (bytes below 0x80
/// only; the caller has checked), all eight at once.
#[inline]
fn ascii_lowercase_word(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & LOW7;
    // The high bit of each byte: set when the byte is `A` or above, and
    // when it is above `Z`.
    let from_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = low + 0x2525_2525_2525_2525;
    let upper = from_a & !past_z & !x & HIGH;
    x | (upper >> 2)
}

/// A thread forgets the word types it has seen past this many (a corpus's
/// vocabulary is rarely this large; memory stays bounded when it is).
const THREAD_TYPES: usize = 1 << 20;

/// How many types ahead [`Vocab::resolve`] fetches thread slots.
const AHEAD: usize = 16;

impl Vocab {
    /// Starts a new document.
    fn next_document(&mut self) {
        if self.spans.len() > THREAD_TYPES || self.arena.len() > 1 << 26 {
            *self = Vocab::default();
        }
        if self.doc.slots.len() > 1 << 20 {
            // A very large document's table is not kept for the documents
            // after it.
            self.doc = Slots::default();
        } else {
            self.doc.clear_held(&self.doc_types);
        }
        self.doc.ready();
        self.doc_types.clear();
        self.doc_arena.clear();
        self.doc_spans.clear();
        self.types.clear();
    }

    /// The current document's number of types.
    fn len(&self) -> usize {
        self.doc_types.len()
    }

    /// The document id of `word` (lowercased), added if new.
    #[inline]
    fn intern(&mut self, word: &str) -> u32 {
        let bytes = word.as_bytes();
        let key = inline_key(bytes);
        let want = Slot::new(key, word_hash(key, bytes), bytes.len(), 0);
        let Vocab {
            doc,
            doc_arena,
            doc_spans,
            ..
        } = self;
        let same_text = |id: u32| {
            let (start, end) = doc_spans[id as usize];
            &doc_arena[start as usize..end as usize] == bytes
        };
        match doc.find(&want, same_text) {
            Ok(id) => id,
            Err(index) => self.add_to_document(bytes, want, index),
        }
    }

    /// The document id of an ASCII word of up to 16 bytes, given as a slot
    /// of its inline key (already lowercased), hash and length: no pass
    /// over its bytes.
    #[inline]
    fn intern_short(&mut self, want: Slot) -> u32 {
        let index = match self.doc.find(&want, |_| true) {
            Ok(id) => return id,
            Err(index) => index,
        };
        let len = want.tag as usize - 1;
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&want.key[0].to_le_bytes());
        bytes[8..].copy_from_slice(&want.key[1].to_le_bytes());
        self.add_to_document(&bytes[..len], want, index)
    }

    /// Gives `word` (the bytes of a whole lowercased word), new in the
    /// current document, its document id, in the empty slot `index` of the
    /// document's table.
    fn add_to_document(&mut self, word: &[u8], want: Slot, index: usize) -> u32 {
        let local = self.doc_types.len() as u32;
        let slot = Slot { id: local, ..want };
        self.doc.insert_at(index, slot);
        self.doc_types.push(slot);
        let start = self.doc_arena.len() as u32;
        self.doc_arena.extend_from_slice(word);
        self.doc_spans.push((start, self.doc_arena.len() as u32));
        local
    }

    /// Finds the thread ids of the current document's types (adding the
    /// types new to the thread): fills `types`.
    fn resolve(&mut self) {
        self.table.ready();
        let Vocab {
            table,
            spans,
            facts,
            arena,
            doc_types,
            doc_arena,
            doc_spans,
            types,
            ..
        } = self;
        types.clear();
        types.reserve(doc_types.len());
        for (k, want) in doc_types.iter().enumerate() {
            if let Some(ahead) = doc_types.get(k + AHEAD) {
                table.prefetch(ahead.hash);
            }
            let (start, end) = doc_spans[k];
            let word = &doc_arena[start as usize..end as usize];
            let same_text = |id: u32| {
                let (start, end) = spans[id as usize];
                &arena.as_bytes()[start as usize..end as usize] == word
            };
            let global = match table.find(want, same_text) {
                Ok(id) => id,
                Err(index) => {
                    let word = std::str::from_utf8(word).expect("whole words of UTF-8 text");
                    let id = spans.len() as u32;
                    let start = arena.len() as u32;
                    arena.push_str(word);
                    spans.push((start, arena.len() as u32));
                    facts.push(Facts::of(word));
                    table.insert_at(index, Slot { id, ..*want });
                    id
                }
            };
            types.push(global);
        }
    }

    fn word(&self, global: u32) -> &str {
        let (start, end) = self.spans[global as usize];
        &self.arena[start as usize..end as usize]
    }

    /// The current document's types' texts, by document id.
    fn types(&self) -> Vec<&str> {
        self.types.iter().map(|&g| self.word(g)).collect()
    }

    /// The English syllables of the current document's types, by document
    /// id, counted for the types the thread has not counted yet.
    fn english_syllables(&mut self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.types.len());
        for &g in &self.types {
            let g = g as usize;
            if self.facts[g].english_syllables == UNCOUNTED {
                let (start, end) = self.spans[g];
                let word = &self.arena[start as usize..end as usize];
                self.facts[g].english_syllables = syllables::count(word, None);
            }
            out.push(self.facts[g].english_syllables);
        }
        out
    }
}

/// How many short words [`Counter`] holds before looking them up: their
/// slots in the document's table are fetched as they arrive and read when
/// the batch is full, so a lookup rarely waits for memory.
const BATCH: usize = 16;

#[derive(Default)]
struct Counter {
    vocab: Vocab,
    ids: Vec<u32>,
    quoted: u64,
    buf: String,
    /// Short ASCII words not yet looked up, in order: lowercased keys,
    /// lengths and hashes.
    batch: [Slot; BATCH],
    batched: usize,
    /// Whether a batched word is written in capitals (see [`Capitals`]).
    batch_capitals: bool,
    /// The ranges of `ids` (words in order) of sentences that are not
    /// prose ([`ProseCounts`]), adjacent ones merged.
    fragments: Vec<std::ops::Range<usize>>,
    /// Whether the document is all in lower case, once asked.
    lowercased: Option<bool>,
    /// Where the fragments a sentence opening in lower case may go on
    /// with begin: after the last sentence of prose, heading or fragment
    /// without a letter.
    run_start: usize,
    /// The sentences (fragments) since `run_start`.
    run_units: usize,
    /// The words written in capitals (see [`Capitals`]), few: their
    /// document ids and [`case_code`]s. A type is written so in the whole
    /// document when all its words are here.
    capitals: Vec<(u32, u32)>,
}

/// The most fragments a sentence opening in lower case goes on with: a
/// sentence's lead-in laid out as a list (`2. Der Schiffsführer hat` /
/// `a) sicherzustellen, dass` / `aa) …` / `nicht überschreitet und`) has
/// a few; a table set as nested lists has hundreds.
const LEAD_IN_UNITS: usize = 8;

/// Whether a sentence opens in lower case: its first letter, after marks,
/// figures and list markers (`fest.`, `1. die Vermietung`), is, and its
/// first word is not a name written so (`iPhone`, `eBay`).
fn opens_lower(sentence: &str) -> bool {
    let Some(i) = sentence.find(char::is_alphabetic) else {
        return false;
    };
    let word = sentence[i..]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    word.starts_with(char::is_lowercase) && !word.chars().any(char::is_uppercase)
}

thread_local! {
    /// Each thread's counter, reused by the documents it computes.
    static COUNTER: std::cell::Cell<Counter> = std::cell::Cell::new(Counter::default());
}

impl Counter {
    /// The thread's counter, ready for a new document (a fresh one if it
    /// is in use: taken, not borrowed, so no call can find it busy).
    fn take(text: &str) -> Counter {
        let mut c = COUNTER.take();
        c.vocab.next_document();
        c.ids.clear();
        if c.ids.capacity() > 1 << 24 {
            c.ids = Vec::new();
        }
        c.ids.reserve(text.len() / 6);
        c.quoted = 0;
        c.batched = 0;
        c.batch_capitals = false;
        c.fragments.clear();
        c.capitals.clear();
        c.lowercased = None;
        c.new_run(0);
        c
    }

    /// A sentence of `words` words, the last words counted, ended: counted
    /// among the sentences of prose or not (see [`ProseCounts`]).
    fn sentence_ended(
        &mut self,
        structure: &mut Structure,
        text: &str,
        span: std::ops::Range<usize>,
        words: usize,
    ) {
        let sentence = &text[span.clone()];
        structure.sentences += 1;
        let end = self.ids.len() + self.batched;
        let start = end.saturating_sub(words);
        // A sentence of prose that opens in lower case goes on with the
        // fragments just before it, which are its own: `… setze ich die
        // Amtsbezeichnung` / `* Leitender Regierungskriminaldirektor` /
        // `fest.` is one sentence (its last word had been the text's only
        // prose, a reading ease of 120). Not in a text all in lower case.
        // Only a lead-in of a few fragments, each with a letter: a table's
        // cell `* 3 bis 8,` had joined the 940 words of the table before
        // it (its figures, its empty cells) to the prose.
        let continues = |counter: &mut Counter| {
            counter.fragments.last().is_some_and(|f| f.end == start)
                && counter.run_units <= LEAD_IN_UNITS
                && opens_lower(sentence)
                && !*counter
                    .lowercased
                    .get_or_insert_with(|| tokenize::is_lowercased(text))
        };
        // An enumeration's clauses (`… kündigen, wenn` / `1. der Mieter …,`
        // / `2. …; und` / `3. … .`) are one sentence of prose with the one
        // that closes them: counted once, when it ends.
        let prose = tokenize::sentence_prose(text, span);
        // An item's number on a line of its own inside an enumeration
        // (`höchstens:` / `* * 1.` / `* 90 Minuten,`) is part of the
        // clause it numbers, as `1. der Mieter …,` is: it neither closes
        // the enumeration nor is a sentence.
        if prose.is_none() && structure.open_clauses && tokenize::bare_item_label(sentence) {
            return;
        }
        if prose.is_some() && continues(self) {
            // Back to the last prose or heading before them, no further.
            let cut = self.run_start;
            if let Some(f) = self.fragments.last_mut() {
                if cut > f.start {
                    f.end = cut.min(f.end);
                } else {
                    self.fragments.pop();
                }
            }
        }
        match prose {
            Some(tokenize::ProseEnd::Sentence) => {
                structure.prose_sentences += 1;
                structure.open_clauses = false;
                self.new_run(end);
                return;
            }
            Some(tokenize::ProseEnd::Clause) => {
                structure.open_clauses = true;
                self.new_run(end);
                return;
            }
            None => structure.close_clauses(),
        }
        // A heading, or a fragment without a letter (a table's empty
        // cell, a figure), is no sentence's lead-in: the run starts after.
        if sentence.trim_start().starts_with('#') || !sentence.chars().any(char::is_alphabetic) {
            self.new_run(end);
        } else {
            self.run_units += 1;
        }
        match self.fragments.last_mut() {
            Some(last) if last.end == start => last.end = end,
            _ => self.fragments.push(start..end),
        }
    }

    /// Starts the run of fragments a sentence opening in lower case may
    /// go on with after the word `end`.
    fn new_run(&mut self, end: usize) {
        self.run_start = end;
        self.run_units = 0;
    }

    /// Gives the counter back to the thread, for its next document.
    fn give_back(self) {
        COUNTER.set(self);
    }

    /// Looks up the batched words, in order (the slots' `id`s hold their
    /// [`case_code`]s until then).
    fn flush(&mut self) {
        let first = self.ids.len();
        for k in 0..self.batched {
            let id = self.vocab.intern_short(self.batch[k]);
            self.ids.push(id);
        }
        if std::mem::take(&mut self.batch_capitals) {
            for (k, slot) in self.batch[..self.batched].iter().enumerate() {
                if slot.id != 0 {
                    self.capitals.push((self.ids[first + k], slot.id));
                }
            }
        }
        self.batched = 0;
    }

    /// How the document writes each type in capitals wherever it has it
    /// (by document id, the others not at all), given the types'
    /// frequencies.
    fn written_in_capitals(&self, freq: &[u32]) -> Vec<(usize, Capitals)> {
        let mut seen = self.capitals.clone();
        seen.sort_unstable();
        seen.chunk_by(|a, b| a == b)
            .filter(|run| run.len() == freq[run[0].0 as usize] as usize)
            .map(|run| {
                let written = if run[0].1 == 1 {
                    Capitals::All
                } else {
                    Capitals::Plural
                };
                (run[0].0 as usize, written)
            })
            .collect()
    }
}

impl Sink for Counter {
    // Always inlined into the scanner's word loop: as a call it costs 3%
    // of the instructions of `folio stats` (callgrind, prose).
    #[inline(always)]
    fn word(&mut self, word: Word<'_>) {
        self.quoted += u64::from(word.quoted);
        let bytes = word.text.as_bytes();
        let short = (bytes.len() <= 16).then(|| inline_key(bytes));
        if let Some(key) = short.filter(|k| (k[0] | k[1]) & 0x8080_8080_8080_8080 == 0) {
            // An ASCII word of up to 16 bytes (nearly every word of English
            // text): lowercased and hashed in its key, eight bytes at a
            // time, and batched.
            let lower = [ascii_lowercase_word(key[0]), ascii_lowercase_word(key[1])];
            let mut slot = Slot::short(lower, bytes.len());
            // (Lowercasing flips one bit of each capital: a word with one
            // flipped bit at most in its first eight bytes, none after, is
            // in no capitals.)
            let (a, b) = (key[0] ^ lower[0], key[1] ^ lower[1]);
            if a & a.wrapping_sub(1) | b != 0 {
                let case = case_code(Capitals::of(word.text));
                slot.id = case;
                self.batch_capitals |= case != 0;
            }
            self.vocab.doc.prefetch(slot.hash);
            self.batch[self.batched] = slot;
            self.batched += 1;
            if self.batched == BATCH {
                self.flush();
            }
            return;
        }
        self.flush();
        let id = if word
            .text
            .bytes()
            .any(|b| b.is_ascii_uppercase() || b >= 0x80)
        {
            self.buf.clear();
            tokenize::lowercase_into(word.text, &mut self.buf);
            self.vocab.intern(&self.buf)
        } else {
            self.vocab.intern(word.text)
        };
        let case = case_code(Capitals::of(word.text));
        if case != 0 {
            self.capitals.push((id, case));
        }
        self.ids.push(id);
    }
}

#[derive(Default)]
struct Structure {
    sentences: u64,
    prose_sentences: u64,
    /// Sentences of prose that ended with a clause mark, not yet closed
    /// by one that ends with a sentence mark (see `sentence_ended`).
    open_clauses: bool,
    paragraphs: u64,
    code_lines: u64,
}

impl Structure {
    /// Counts an enumeration left open (by a heading, a table, the end of
    /// the text) as the one sentence of prose it is.
    fn close_clauses(&mut self) {
        self.prose_sentences += u64::from(std::mem::take(&mut self.open_clauses));
    }
}

struct Both<'a> {
    counter: Counter,
    structure: &'a mut Structure,
    text: &'a str,
    /// The end of the block of code being scanned (0: none): its words,
    /// sentences and paragraphs are not counted.
    code_end: usize,
}

impl Sink for Both<'_> {
    #[inline]
    fn word(&mut self, word: Word<'_>) {
        if word.start >= self.code_end {
            self.counter.word(word);
        }
    }
    fn sentence(&mut self, span: std::ops::Range<usize>, words: u32) {
        if words > 0 && span.start >= self.code_end {
            self.counter
                .sentence_ended(self.structure, self.text, span, words as usize);
        }
    }
    fn paragraph(&mut self, span: std::ops::Range<usize>, words: u32) {
        self.structure.paragraphs += u64::from(words > 0 && span.start >= self.code_end);
    }
    fn code(&mut self, span: std::ops::Range<usize>) {
        // A block of code ends an enumeration (`Run the following:` /
        // code / `It installs …` are two sentences).
        self.structure.close_clauses();
        self.structure.code_lines += code_lines(self.text, std::slice::from_ref(&span));
        self.code_end = span.end;
    }
}

/// Lines of the blocks of code of a text.
fn code_lines(text: &str, code: &[std::ops::Range<usize>]) -> u64 {
    // A fence (```, ~~~: a Markdown block's, or the one a web page's
    // `<pre>` is given) is no line of code.
    let fence = |line: &str| {
        let t = line.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    };
    code.iter()
        .map(|r| {
            let block = &text[r.clone()];
            let lines = memchr::memchr_iter(b'\n', block.as_bytes()).count() as u64 + 1;
            let first = block.lines().next().is_some_and(fence);
            let last = lines > 1 && block.lines().next_back().is_some_and(fence);
            lines - u64::from(first) - u64::from(last)
        })
        .sum()
}

/// One row of the stats table: a document's identity and statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct DocStats {
    /// The document's id.
    pub doc_id: String,
    /// Its release, or empty.
    pub release: String,
    /// Its path, `/`-separated.
    pub path: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Non-blank lines removed as boilerplate.
    pub boilerplate_lines: u64,
    /// The encoding the file was decoded from.
    pub encoding: &'static str,
    /// How its text was obtained (`plain`, `readability`, `filled`,
    /// `structural`).
    pub extraction: &'static str,
    /// The record's fields kept with `--keep-fields` (see
    /// [`Document::kept`]).
    pub kept: Vec<(String, Option<String>)>,
    /// The statistics of the text (boilerplate removed).
    pub text: TextStats,
}

impl DocStats {
    /// Removes the document's boilerplate and computes its statistics.
    /// `repeated` holds the repeated lines of its release (mode `auto`).
    pub fn from_document(
        doc: &Document,
        mode: boilerplate::Mode,
        repeated: Option<&Repeated>,
        opts: &StatsOptions,
    ) -> DocStats {
        let (text, removed) = boilerplate::strip(&doc.text, doc.title_in_text, mode, repeated);
        DocStats::from_stripped(doc, &text, removed, opts)
    }

    /// The statistics of a document whose boilerplate is already removed:
    /// `text` is what is left, `removed` the number of lines removed.
    pub(crate) fn from_stripped(
        doc: &Document,
        text: &str,
        removed: u64,
        opts: &StatsOptions,
    ) -> DocStats {
        DocStats::from_parts(
            doc,
            removed,
            compute_declared(text, opts, doc.language_hint.as_deref()),
        )
    }

    /// A row from a document, the lines removed from it and the statistics
    /// of what was left.
    pub(crate) fn from_parts(doc: &Document, removed: u64, text: TextStats) -> DocStats {
        DocStats {
            doc_id: doc.id.clone(),
            release: doc.release.clone(),
            path: doc.path.clone(),
            title: doc.title.clone(),
            bytes: doc.bytes,
            boilerplate_lines: removed,
            encoding: doc.encoding,
            extraction: doc.extraction.name(),
            kept: doc.kept.clone(),
            text,
        }
    }
}

/// Computes the statistics of a text.
pub fn compute(text: &str, opts: &StatsOptions) -> TextStats {
    compute_declared(text, opts, None)
}

/// [`compute`] for a text that declares its language (`declared`, an ISO
/// 639 code: see [`lang::detect_with_prose`]).
pub(crate) fn compute_declared(
    text: &str,
    opts: &StatsOptions,
    declared: Option<&str>,
) -> TextStats {
    let mut structure = Structure::default();
    let mut sink = Both {
        counter: Counter::take(text),
        structure: &mut structure,
        text,
        code_end: 0,
    };
    tokenize::scan(text, Rules::default(), &mut sink);
    finish(text, sink.counter, structure, opts, declared)
}

/// Computes the statistics of a text already tokenized (by
/// [`tokenize::tokenize`] with default rules): the same result as
/// [`compute`], without tokenizing twice.
pub fn compute_tokenized(
    text: &str,
    tokens: &tokenize::Tokenized<'_>,
    opts: &StatsOptions,
    declared: Option<&str>,
) -> TextStats {
    let mut counter = Counter::take(text);
    let mut structure = Structure {
        paragraphs: tokens
            .paragraphs
            .iter()
            .filter(|p| !p.words.is_empty() && !tokens.in_code(p.span.start))
            .count() as u64,
        code_lines: code_lines(text, &tokens.code),
        ..Structure::default()
    };
    // Every word is in a sentence, and sentences come in order.
    let mut in_code = false;
    for sentence in &tokens.sentences {
        if tokens.in_code(sentence.span.start) {
            // As the scan does: a block of code ends an enumeration.
            if !in_code {
                structure.close_clauses();
            }
            in_code = true;
            continue;
        }
        in_code = false;
        if sentence.words.is_empty() {
            continue;
        }
        for &w in &tokens.words[sentence.words.clone()] {
            counter.word(w);
        }
        counter.sentence_ended(
            &mut structure,
            text,
            sentence.span.clone(),
            sentence.words.len(),
        );
    }
    finish(text, counter, structure, opts, declared)
}

fn finish(
    text: &str,
    mut counter: Counter,
    mut structure: Structure,
    opts: &StatsOptions,
    declared: Option<&str>,
) -> TextStats {
    structure.close_clauses();
    let stats = finish_counted(text, &mut counter, structure, opts, declared);
    counter.give_back();
    stats
}

fn finish_counted(
    text: &str,
    counter: &mut Counter,
    structure: Structure,
    opts: &StatsOptions,
    declared: Option<&str>,
) -> TextStats {
    counter.flush();
    counter.vocab.resolve();
    let n_types = counter.vocab.len();
    let mut freq = vec![0u32; n_types];
    for &id in &counter.ids {
        freq[id as usize] += 1;
    }
    let facts: Vec<Facts> = counter
        .vocab
        .types
        .iter()
        .map(|&g| counter.vocab.facts[g as usize])
        .collect();
    let masks: Vec<u64> = facts.iter().map(|f| f.stop_mask).collect();
    // The prose's words, when a fifth of the words or more are in
    // sentences that are no prose (a table, a list of names): its
    // language is the one readability reads (see `lang::detect_with_prose`).
    let outside: usize = counter.fragments.iter().map(|r| r.len()).sum();
    let prose_freq = (outside * 5 >= counter.ids.len() && outside > 0).then(|| {
        let mut prose = freq.clone();
        for r in &counter.fragments {
            for &id in &counter.ids[r.clone()] {
                prose[id as usize] = prose[id as usize].saturating_sub(1);
            }
        }
        prose
    });
    let code = lang::detect_with_prose(&masks, &freq, prose_freq.as_deref(), text, declared);
    let stop_bit = code.and_then(lang::stopword_bit);
    let english = matches!(code, None | Some("en"));
    let mut s = TextStats {
        chars: count_chars(text),
        words: counter.ids.len() as u64,
        unique_words: n_types as u64,
        sentences: structure.sentences,
        paragraphs: structure.paragraphs,
        code_lines: structure.code_lines,
        quoted_words: counter.quoted,
        stopwords: stop_bit.map(|bit| {
            masks
                .iter()
                .zip(&freq)
                .filter(|&(&m, _)| m & bit != 0)
                .map(|(_, &f)| u64::from(f))
                .sum()
        }),
        language: code,
        ..TextStats::default()
    };
    let mut syllable_counts = if english {
        counter.vocab.english_syllables()
    } else {
        syllables::count_all(&counter.vocab.types(), code)
    };
    // Initialisms the document writes in capitals (`KDE`, `GPUs`) are
    // said letter by letter.
    for (k, written) in counter.written_in_capitals(&freq) {
        let word = counter.vocab.word(counter.vocab.types[k]);
        let stopword = facts[k].stop_mask != 0;
        if let Some(n) = syllables::initialism(word, code, written, stopword) {
            syllable_counts[k] = n;
        }
    }
    // The words of sentences that are not prose, by type (none, in most
    // texts: then the prose is all the words).
    // (Sorted, not counted in a table of every type: they are few, a
    // title's words, and a short document's table would cost more.)
    let mut outside = ProseCounts::default();
    if !counter.fragments.is_empty() {
        let mut ids: Vec<u32> = counter
            .fragments
            .iter()
            .flat_map(|r| counter.ids[r.clone()].iter().copied())
            .collect();
        ids.sort_unstable();
        for run in ids.chunk_by(|a, b| a == b) {
            let k = run[0] as usize;
            outside.add(&facts[k], syllable_counts[k], run.len() as u64);
        }
    }
    let mut all = ProseCounts::default();
    for ((fact, &f), &syl) in facts.iter().zip(&freq).zip(&syllable_counts) {
        let f = u64::from(f);
        all.add(fact, syl, f);
        if fact.number {
            s.numbers += f;
        }
        if f == 1 {
            s.hapax_legomena += 1;
        }
        s.sum_squared_frequencies += f * f;
    }
    let mut prose = all.without(&outside);
    prose.sentences = structure.prose_sentences;
    s.prose = prose;
    s.letters = all.letters;
    s.word_chars = all.word_chars;
    s.syllables = all.syllables;
    s.polysyllabic_words = all.polysyllabic_words;
    s.monosyllabic_words = all.monosyllabic_words;
    s.long_words = all.long_words;
    s.mattr = mattr(&counter.ids, n_types, opts.mattr_window);
    s.mtld = mtld(&counter.ids, n_types, opts.mtld_threshold);
    s
}

/// Characters of a text (the bytes that do not continue a UTF-8 sequence:
/// the standard library counts them a word at a time).
fn count_chars(text: &str) -> u64 {
    text.chars().count() as u64
}

/// Moving-average type-token ratio (Covington & McFall 2010): the mean TTR
/// of every window of `window` consecutive words. A text shorter than the
/// window has one window, itself (MATTR = TTR). `None` without words.
pub fn mattr(ids: &[u32], types: usize, window: usize) -> Option<f64> {
    let n = ids.len();
    if n == 0 || window == 0 {
        return None;
    }
    let w = window.min(n);
    let mut counts = vec![0u32; types];
    let mut distinct = 0usize;
    for &id in &ids[..w] {
        counts[id as usize] += 1;
        distinct += usize::from(counts[id as usize] == 1);
    }
    let mut total = distinct as u64;
    for i in w..n {
        let out = ids[i - w] as usize;
        counts[out] -= 1;
        distinct -= usize::from(counts[out] == 0);
        let inn = ids[i] as usize;
        counts[inn] += 1;
        distinct += usize::from(counts[inn] == 1);
        total += distinct as u64;
    }
    let windows = (n - w + 1) as f64;
    Some(total as f64 / windows / w as f64)
}

/// MTLD (McCarthy & Jarvis 2010), the mean of a forward and a backward pass.
/// Each pass reads words, keeping the running TTR of the current factor;
/// when it falls to `threshold` or below, one factor is complete and a new
/// one starts. The remainder counts as a partial factor
/// `(1 − TTR) / (1 − threshold)`. A pass's value is words / factors.
/// `None` when a pass has no factor at all (no words, or too few).
pub fn mtld(ids: &[u32], types: usize, threshold: f64) -> Option<f64> {
    // One stamp array for both passes (the backward pass numbers its
    // factors after the forward pass's), and one table of limits.
    thread_local! {
        /// The limits of the last threshold used on this thread (they
        /// depend on nothing else), kept for its next document.
        static LIMITS: std::cell::RefCell<TtrLimits> =
            std::cell::RefCell::new(TtrLimits::new(f64::NAN));
    }
    LIMITS.with_borrow_mut(|limits| {
        if limits.threshold.to_bits() != threshold.to_bits() || limits.limit.len() > 1 << 20 {
            *limits = TtrLimits::new(threshold);
        }
        let mut stamp = vec![u32::MAX; types];
        let (forward, next) = mtld_pass(ids.iter().copied(), ids.len(), &mut stamp, 0, limits);
        let (backward, _) = mtld_pass(
            ids.iter().rev().copied(),
            ids.len(),
            &mut stamp,
            next,
            limits,
        );
        Some((forward? + backward?) / 2.0)
    })
}

/// For each factor length `t`, the most distinct words `d` with
/// `d / t <= threshold` (as f64 division computes it: the same test as
/// dividing, without a division a word). Filled as factors grow.
struct TtrLimits {
    threshold: f64,
    /// By length; `-1` when no count qualifies.
    limit: Vec<i64>,
}

impl TtrLimits {
    fn new(threshold: f64) -> TtrLimits {
        TtrLimits {
            threshold,
            limit: Vec::new(),
        }
    }

    #[inline]
    fn get(&mut self, tokens: u32) -> i64 {
        let t = tokens as usize;
        while self.limit.len() <= t {
            let len = self.limit.len() as u32;
            let limit = self.compute(len);
            self.limit.push(limit);
        }
        self.limit[t]
    }

    fn compute(&self, tokens: u32) -> i64 {
        let t = f64::from(tokens);
        let ok = |d: i64| d >= 0 && (d as f64) / t <= self.threshold;
        if tokens == 0 {
            return -1;
        }
        // Division is monotone in `d`: start near threshold·t and step to
        // the last count that passes.
        let mut d = ((self.threshold * t).floor() as i64).clamp(-1, i64::from(tokens));
        while d >= 0 && !ok(d) {
            d -= 1;
        }
        while d < i64::from(tokens) && ok(d + 1) {
            d += 1;
        }
        d
    }
}

/// One MTLD pass; its factors are numbered from `first` in `stamp`.
/// Returns the pass's value and the next free factor number.
fn mtld_pass(
    ids: impl Iterator<Item = u32>,
    n: usize,
    stamp: &mut [u32],
    first: u32,
    limits: &mut TtrLimits,
) -> (Option<f64>, u32) {
    // The limits of every factor length up to the document's, or up to
    // 1,024 (a factor of real text closes within a few hundred words; a
    // longer one has each limit worked out as it grows), before the loop:
    // working out 65,536 took 2% of a small corpus's instructions.
    const KNOWN: usize = 1 << 10;
    limits.get(n.min(KNOWN) as u32);
    let known = &limits.limit[..=n.min(KNOWN)];
    // stamp[id] == factor number: the word was already seen in this factor.
    let mut factor_no = first;
    let (mut tokens, mut distinct) = (0u32, 0u32);
    let mut factors = 0.0;
    for id in ids {
        tokens += 1;
        // No branch on whether the word is new: it is not predictable.
        let seen = &mut stamp[id as usize];
        distinct += u32::from(*seen != factor_no);
        *seen = factor_no;
        let limit = match known.get(tokens as usize) {
            Some(&limit) => limit,
            None => limits.compute(tokens),
        };
        if i64::from(distinct) <= limit {
            factors += 1.0;
            factor_no += 1;
            tokens = 0;
            distinct = 0;
        }
    }
    if tokens > 0 {
        let ttr = f64::from(distinct) / f64::from(tokens);
        factors += (1.0 - ttr) / (1.0 - limits.threshold);
    }
    ((factors > 0.0).then(|| n as f64 / factors), factor_no + 1)
}

impl TextStats {
    fn ratio(num: f64, den: u64) -> Option<f64> {
        (den > 0).then(|| num / den as f64)
    }

    // Readability, from the counts of the prose sentences (see
    // [`ProseCounts`]).

    /// Words per sentence of prose (`None` without one).
    pub fn avg_sentence_length(&self) -> Option<f64> {
        Self::ratio(self.prose.words as f64, self.prose.sentences)
    }

    /// Letters and digits per word of the prose sentences.
    pub fn avg_word_length(&self) -> Option<f64> {
        Self::ratio(self.prose.word_chars as f64, self.prose.words)
    }

    /// Syllables per word of the prose sentences.
    pub fn avg_syllables_per_word(&self) -> Option<f64> {
        Self::ratio(self.prose.syllables as f64, self.prose.words)
    }

    fn asl_asw(&self) -> Option<(f64, f64)> {
        Some((self.avg_sentence_length()?, self.avg_syllables_per_word()?))
    }

    /// Flesch Reading Ease (Flesch 1948): 206.835 − 1.015·ASL − 84.6·ASW.
    pub fn flesch_reading_ease(&self) -> Option<f64> {
        self.asl_asw()
            .map(|(asl, asw)| 206.835 - 1.015 * asl - 84.6 * asw)
    }

    /// Flesch–Kincaid Grade Level (Kincaid et al. 1975):
    /// 0.39·ASL + 11.8·ASW − 15.59.
    pub fn flesch_kincaid_grade(&self) -> Option<f64> {
        self.asl_asw()
            .map(|(asl, asw)| 0.39 * asl + 11.8 * asw - 15.59)
    }

    /// Gunning Fog index (Gunning 1952): 0.4·(ASL + 100·complex/words), with
    /// complex words = words of three or more syllables.
    pub fn gunning_fog(&self) -> Option<f64> {
        let asl = self.avg_sentence_length()?;
        let complex = Self::ratio(self.prose.polysyllabic_words as f64, self.prose.words)?;
        Some(0.4 * (asl + 100.0 * complex))
    }

    /// SMOG grade (McLaughlin 1969): 1.0430·√(polysyllables·30/sentences)
    /// + 3.1291.
    pub fn smog(&self) -> Option<f64> {
        let per_sentence = Self::ratio(self.prose.polysyllabic_words as f64, self.prose.sentences)?;
        Some(1.0430 * (per_sentence * 30.0).sqrt() + 3.1291)
    }

    /// Coleman–Liau index (Coleman & Liau 1975): 0.0588·L − 0.296·S − 15.8,
    /// L = letters per 100 words, S = sentences per 100 words.
    pub fn coleman_liau(&self) -> Option<f64> {
        let l = Self::ratio(100.0 * self.prose.letters as f64, self.prose.words)?;
        let s = Self::ratio(100.0 * self.prose.sentences as f64, self.prose.words)?;
        self.avg_sentence_length()?;
        Some(0.0588 * l - 0.296 * s - 15.8)
    }

    /// Automated Readability Index (Senter & Smith 1967):
    /// 4.71·(characters/words) + 0.5·(words/sentences) − 21.43, characters =
    /// letters and digits of words.
    pub fn ari(&self) -> Option<f64> {
        let cpw = self.avg_word_length()?;
        let asl = self.avg_sentence_length()?;
        Some(4.71 * cpw + 0.5 * asl - 21.43)
    }

    /// The Flesch Reading Ease variant published for the text's language,
    /// by its snake_case name: `flesch` (en), `amstad` (de),
    /// `kandel_moles` (fr), `fernandez_huerta` (es), `flesch_vacca` (it),
    /// `douma` (nl); `None` for other languages, without a language, or
    /// without sentences.
    pub fn reading_ease_formula(&self) -> Option<&'static str> {
        self.asl_asw()?;
        Some(match self.language? {
            "en" => "flesch",
            "de" => "amstad",
            "fr" => "kandel_moles",
            "es" => "fernandez_huerta",
            "it" => "flesch_vacca",
            "nl" => "douma",
            _ => return None,
        })
    }

    /// Reading ease in the Flesch variant of the text's language (see
    /// [`TextStats::reading_ease_formula`]); higher is easier:
    /// * Flesch (1948): 206.835 − 1.015·ASL − 84.6·ASW;
    /// * Amstad (1978): 180 − ASL − 58.5·ASW;
    /// * Kandel & Moles (1958): 207 − 1.015·ASL − 73.6·ASW;
    /// * Fernández Huerta (1959), as corrected by Law (2011):
    ///   206.84 − 1.02·ASL − 60·ASW;
    /// * Franchina & Vacca (1986): 217 − 1.3·ASL − 60·ASW;
    /// * Douma (1960): 206.84 − 0.93·ASL − 77·ASW.
    pub fn reading_ease(&self) -> Option<f64> {
        let (asl, asw) = self.asl_asw()?;
        Some(match self.reading_ease_formula()? {
            "flesch" => 206.835 - 1.015 * asl - 84.6 * asw,
            "amstad" => 180.0 - asl - 58.5 * asw,
            "kandel_moles" => 207.0 - 1.015 * asl - 73.6 * asw,
            "fernandez_huerta" => 206.84 - 1.02 * asl - 60.0 * asw,
            "flesch_vacca" => 217.0 - 1.3 * asl - 60.0 * asw,
            "douma" => 206.84 - 0.93 * asl - 77.0 * asw,
            other => unreachable!("no constants for {other}"),
        })
    }

    /// A school grade in the formula of the text's language: Flesch–Kincaid
    /// for English (US grades), the first Wiener Sachtextformel for German;
    /// `None` for other languages, which have no grade formula here (their
    /// reading ease is [`TextStats::reading_ease`]). What a report averages
    /// and shows as a document's grade: the English formula on German or
    /// Spanish text says little.
    pub fn grade_level(&self) -> Option<f64> {
        match self.language? {
            "en" => self.flesch_kincaid_grade(),
            "de" => self.wiener_sachtextformel(),
            _ => None,
        }
    }

    /// The first Wiener Sachtextformel (Bamberger & Vanecek 1984), for
    /// German text only: 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES −
    /// 0.875, MS = % words of 3+ syllables, SL = words per sentence, IW = %
    /// words of more than 6 letters, ES = % words of one syllable. A school
    /// grade, 4 (easy) to 15 (very hard).
    pub fn wiener_sachtextformel(&self) -> Option<f64> {
        if self.language != Some("de") {
            return None;
        }
        let sl = self.avg_sentence_length()?;
        let p = &self.prose;
        let pct = |n: u64| Self::ratio(100.0 * n as f64, p.words);
        let ms = pct(p.polysyllabic_words)?;
        let iw = pct(p.long_words)?;
        let es = pct(p.monosyllabic_words)?;
        Some(0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875)
    }

    /// LIX (Björnsson 1968): words/sentences + 100·long words/words, long =
    /// more than six letters.
    pub fn lix(&self) -> Option<f64> {
        let asl = self.avg_sentence_length()?;
        let long = Self::ratio(100.0 * self.prose.long_words as f64, self.prose.words)?;
        Some(asl + long)
    }

    /// Distinct words / words.
    pub fn type_token_ratio(&self) -> Option<f64> {
        Self::ratio(self.unique_words as f64, self.words)
    }

    /// Yule's K (Yule 1944): 10⁴·(Σ i²·Vᵢ − N)/N².
    pub fn yules_k(&self) -> Option<f64> {
        let n = self.words as f64;
        (self.words > 0).then(|| 1e4 * (self.sum_squared_frequencies as f64 - n) / (n * n))
    }

    /// Distinct words used exactly once / distinct words.
    pub fn hapax_ratio(&self) -> Option<f64> {
        Self::ratio(self.hapax_legomena as f64, self.unique_words)
    }

    /// Stopwords / words (`None` without a stopword list or without words).
    pub fn stopword_ratio(&self) -> Option<f64> {
        Self::ratio(self.stopwords? as f64, self.words)
    }

    /// Words inside quotation marks / words.
    pub fn quoted_share(&self) -> Option<f64> {
        Self::ratio(self.quoted_words as f64, self.words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_words_inline_key_is_its_first_16_bytes_zero_padded() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        for n in 0..=text.len() {
            let word = &text.as_bytes()[..n];
            let mut padded = [0u8; 16];
            padded[..n.min(16)].copy_from_slice(&word[..n.min(16)]);
            let expected = [
                u64::from_le_bytes(padded[..8].try_into().unwrap()),
                u64::from_le_bytes(padded[8..].try_into().unwrap()),
            ];
            assert_eq!(inline_key(word), expected, "{n} bytes");
        }
    }

    #[test]
    fn ttr_limits_pass_what_dividing_passes() {
        for threshold in [0.72, 0.5, 0.1, 0.999, 0.0, 1.0, 0.7200000000000001, 0.33] {
            let mut limits = TtrLimits::new(threshold);
            for t in 1u32..3000 {
                let limit = limits.get(t);
                for d in 0..=t {
                    let divides = f64::from(d) / f64::from(t) <= threshold;
                    assert_eq!(divides, i64::from(d) <= limit, "{d}/{t} at {threshold}");
                }
            }
        }
    }

    #[test]
    fn mtld_is_what_a_pass_with_divisions_gives() {
        // The definition, a division a word, as a reference.
        fn pass(ids: &[u32], threshold: f64) -> Option<f64> {
            let mut seen = std::collections::HashSet::new();
            let (mut tokens, mut factors) = (0u32, 0.0);
            for &id in ids {
                tokens += 1;
                seen.insert(id);
                if seen.len() as f64 / f64::from(tokens) <= threshold {
                    factors += 1.0;
                    tokens = 0;
                    seen.clear();
                }
            }
            if tokens > 0 {
                let ttr = seen.len() as f64 / f64::from(tokens);
                factors += (1.0 - ttr) / (1.0 - threshold);
            }
            (factors > 0.0).then(|| ids.len() as f64 / factors)
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in [0usize, 1, 5, 50, 400, 3000] {
            for types in [1u32, 3, 20, 300] {
                let ids: Vec<u32> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        (state % u64::from(types)) as u32
                    })
                    .collect();
                let reversed: Vec<u32> = ids.iter().rev().copied().collect();
                for threshold in [0.72, 0.5] {
                    let expected = pass(&ids, threshold)
                        .zip(pass(&reversed, threshold))
                        .map(|(f, b)| (f + b) / 2.0);
                    let got = mtld(&ids, types as usize, threshold);
                    assert_eq!(got, expected, "{len} words of {types} types");
                }
            }
        }
    }

    #[test]
    fn eight_bytes_lowercase_as_each_byte_does() {
        for b in 0u8..0x80 {
            for pos in 0..8 {
                let mut bytes = *b"AzZa@[`{";
                bytes[pos] = b;
                let expected = bytes.map(|c| c.to_ascii_lowercase());
                let got = ascii_lowercase_word(u64::from_le_bytes(bytes));
                assert_eq!(got.to_le_bytes(), expected, "byte {b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn short_words_find_the_types_long_ones_do() {
        // The ASCII path (key and length) and the general one (bytes) must
        // agree on hashes and slots, whichever comes first.
        let mut vocab = Vocab::default();
        vocab.next_document();
        let a = vocab.intern("council");
        let key = inline_key(b"COUNCIL").map(ascii_lowercase_word);
        assert_eq!(vocab.intern_short(Slot::short(key, 7)), a);
        let b = vocab.intern_short(Slot::short(inline_key(b"sixteen-letters!"), 16));
        assert_eq!(vocab.intern("sixteen-letters!"), b);
        vocab.resolve();
        assert_eq!(vocab.types(), ["council", "sixteen-letters!"]);
    }

    #[test]
    fn words_that_share_their_first_16_bytes_stay_apart() {
        let mut vocab = Vocab::default();
        vocab.next_document();
        let words = [
            "internationalisation",
            "internationalisations",
            "internationalist",
            "internationalists",
            "internationalisation",
            "ab",
            "ab\0",
            "internationalists",
        ];
        let ids: Vec<u32> = words.iter().map(|w| vocab.intern(w)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 0, 4, 5, 3]);
        vocab.resolve();
        assert_eq!(vocab.types()[1], "internationalisations");
        // The next document numbers its types afresh, from the thread's table.
        vocab.next_document();
        assert_eq!(vocab.intern("internationalists"), 0);
        assert_eq!(vocab.intern("internationalisation"), 1);
        vocab.resolve();
        assert_eq!(vocab.spans.len(), 6);
    }

    #[test]
    fn word_tables_number_types_as_a_plain_map_does() {
        // Many documents of random words (short, long, repeated, new and
        // old to the thread), through the counter's batches and both
        // tables, against a map from word to first appearance.
        use std::collections::HashMap;
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut counter = Counter::default();
        let mut seen_by_thread = std::collections::HashSet::new();
        for doc in 0..60 {
            let words: Vec<String> = (0..next() % 3000)
                .map(|_| {
                    let r = next();
                    let n = 1 + (r % 24) as usize;
                    let pool = if doc % 7 == 0 { 50_000 } else { 900 };
                    let stem = format!("w{}", (r >> 8) % pool);
                    let mut w = stem.repeat(n.div_ceil(stem.len()));
                    w.truncate(n.max(stem.len()));
                    if r & 1 << 40 != 0 {
                        w = w.to_uppercase();
                    }
                    w
                })
                .collect();
            let text = words.join(" ");
            let mut c = std::mem::take(&mut counter);
            c.vocab.next_document();
            c.ids.clear();
            c.batched = 0;
            for (k, w) in words.iter().enumerate() {
                c.word(Word {
                    text: w,
                    start: k,
                    quoted: false,
                });
            }
            c.flush();
            c.vocab.resolve();
            let mut first: HashMap<String, u32> = HashMap::new();
            let expected: Vec<u32> = words
                .iter()
                .map(|w| {
                    let n = first.len() as u32;
                    *first.entry(w.to_lowercase()).or_insert(n)
                })
                .collect();
            assert_eq!(c.ids, expected, "document {doc} ({} bytes)", text.len());
            let mut types: Vec<(u32, String)> = first.into_iter().map(|(w, id)| (id, w)).collect();
            types.sort();
            let types: Vec<String> = types.into_iter().map(|(_, w)| w).collect();
            assert_eq!(c.vocab.types(), types, "document {doc}");
            seen_by_thread.extend(types);
            assert_eq!(c.vocab.spans.len(), seen_by_thread.len(), "document {doc}");
            counter = c;
        }
    }

    #[test]
    fn a_document_counts_the_same_whatever_its_thread_saw_before() {
        let texts = [
            "The Council met on Tuesday. It voted 5–2 for the budget, and the mayor said it was done.",
            "Der Rat tagte am Dienstag. Er stimmte dem Haushalt zu, und die Bürgermeisterin sprach.",
            "THE COUNCIL MET. The council met; the Council met again in 2024.",
            "",
        ];
        let opts = StatsOptions::default();
        // Each text alone, on a thread of its own that saw nothing else.
        let alone: Vec<TextStats> = texts
            .iter()
            .map(|t| {
                let t = t.to_string();
                std::thread::spawn(move || compute(&t, &StatsOptions::default()))
                    .join()
                    .unwrap()
            })
            .collect();
        // Then all of them, in both orders and twice, on this thread.
        for round in 0..2 {
            for (k, t) in texts.iter().enumerate() {
                assert_eq!(compute(t, &opts), alone[k], "round {round}, text {k}");
            }
            for (k, t) in texts.iter().enumerate().rev() {
                assert_eq!(
                    compute(t, &opts),
                    alone[k],
                    "round {round}, text {k} (reversed)"
                );
            }
        }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    const TEXT: &str = "The cat sat on the mat.\n\nThe dog ate a big bone today.";

    #[test]
    fn counts() {
        let s = compute(TEXT, &StatsOptions::default());
        assert_eq!(s.words, 13);
        assert_eq!(s.unique_words, 11);
        assert_eq!(s.sentences, 2);
        assert_eq!(s.paragraphs, 2);
        assert_eq!(s.letters, 39);
        assert_eq!(s.chars, TEXT.chars().count() as u64);
        // today = 2 syllables, every other word 1.
        assert_eq!(s.syllables, 14);
        assert_eq!(s.polysyllabic_words, 0);
        assert_eq!(s.long_words, 0);
        assert_eq!(s.hapax_legomena, 10);
    }

    #[test]
    fn formulas_by_hand() {
        // 13 words, 2 sentences, 14 syllables, 39 letters.
        let s = compute(TEXT, &StatsOptions::default());
        let (asl, asw) = (13.0 / 2.0, 14.0 / 13.0);
        assert!(close(
            s.flesch_reading_ease(),
            206.835 - 1.015 * asl - 84.6 * asw
        ));
        assert!(close(
            s.flesch_kincaid_grade(),
            0.39 * asl + 11.8 * asw - 15.59
        ));
        assert!(close(s.gunning_fog(), 0.4 * asl));
        assert!(close(s.smog(), 3.1291));
        assert!(close(
            s.coleman_liau(),
            0.0588 * (3900.0 / 13.0) - 0.296 * (200.0 / 13.0) - 15.8
        ));
        assert!(close(s.ari(), 4.71 * (39.0 / 13.0) + 0.5 * asl - 21.43));
        assert!(close(s.lix(), asl));
        assert!(close(s.type_token_ratio(), 11.0 / 13.0));
        // "the" ×3, others ×1: Σf² = 9 + 10 = 19.
        assert!(close(s.yules_k(), 1e4 * (19.0 - 13.0) / 169.0));
        assert!(close(s.hapax_ratio(), 10.0 / 11.0));
    }

    #[test]
    fn smog_and_polysyllables() {
        let s = compute(
            "Unbelievable consideration everywhere. Yes.",
            &StatsOptions::default(),
        );
        assert_eq!(s.polysyllabic_words, 3);
        assert!(close(
            s.smog(),
            1.0430 * (3.0f64 * 30.0 / 2.0).sqrt() + 3.1291
        ));
        assert_eq!(s.long_words, 3);
    }

    #[test]
    fn tokenized_and_direct_agree() {
        let text =
            "Headline Here\n\n“Quoted words,” she said. Mr. Smith paid $4.2 million.\n\n###\n";
        let tokens = tokenize::tokenize(text, Rules::default());
        let opts = StatsOptions::default();
        assert_eq!(
            compute_tokenized(text, &tokens, &opts, None),
            compute(text, &opts)
        );
    }

    #[test]
    fn empty_text_has_null_ratios() {
        let s = compute("", &StatsOptions::default());
        assert_eq!(s.words, 0);
        assert_eq!(s.flesch_reading_ease(), None);
        assert_eq!(s.type_token_ratio(), None);
        assert_eq!(s.mattr, None);
        assert_eq!(s.mtld, None);
        assert_eq!(s.yules_k(), None);
        assert_eq!(s.language, None);
    }

    #[test]
    fn mattr_by_hand() {
        // a b a c, window 2: windows ab, ba, ac → TTR 1, 1, 1.
        assert!(close(mattr(&[0, 1, 0, 2], 3, 2), 1.0));
        // a a b b, window 2: aa .5, ab 1, bb .5 → 2/3.
        assert!(close(mattr(&[0, 0, 1, 1], 2, 2), 2.0 / 3.0));
        // shorter than the window: TTR.
        assert!(close(mattr(&[0, 0, 1], 2, 10), 2.0 / 3.0));
    }

    #[test]
    fn mtld_by_hand() {
        // a a a a: TTR after 2 words = .5 ≤ .72 → factor; twice → 2 factors.
        assert!(close(mtld(&[0, 0, 0, 0], 1, 0.72), 2.0));
        // a b a b a b: TTR 1, 1, 2/3 → factor (3 words); again → 2 factors.
        assert!(close(mtld(&[0, 1, 0, 1, 0, 1], 2, 0.72), 3.0));
        // a b c: no factor; partial (1 − 1)/(.28) = 0 → undefined.
        assert_eq!(mtld(&[0, 1, 2], 3, 0.72), None);
        // a b a: TTR 2/3 after 3 → 1 factor. Backward a b a: same.
        assert!(close(mtld(&[0, 1, 0], 2, 0.72), 3.0));
        // a b c a: forward: 1,1,1,.75 → partial (1−.75)/.28; backward same.
        assert!(close(mtld(&[0, 1, 2, 0], 3, 0.72), 4.0 / (0.25 / 0.28)));
    }

    #[test]
    fn code_is_left_out_of_every_count() {
        let o = StatsOptions::default();
        let prose = "Install the tool. Then read the guide.\n";
        let with =
            format!("{prose}\n```shell\n$ pip install example-tool\n$ example --help\n```\n");
        let (a, b) = (compute(prose, &o), compute(&with, &o));
        assert_eq!(
            (b.words, b.sentences, b.paragraphs),
            (a.words, a.sentences, a.paragraphs)
        );
        assert_eq!(
            (b.syllables, b.letters, b.mtld),
            (a.syllables, a.letters, a.mtld)
        );
        // Two lines of code: the fences are none.
        assert_eq!((a.code_lines, b.code_lines), (0, 2));
        // The same through tokens kept for a diff.
        let t = tokenize::tokenize(&with, Rules::default());
        let c = compute_tokenized(&with, &t, &o, None);
        assert_eq!(
            (c.words, c.sentences, c.code_lines),
            (b.words, b.sentences, 2)
        );
    }

    /// A page's headings, its table's cells and its list's entries are no
    /// sentences of prose: readability is that of its prose alone.
    #[test]
    fn readability_is_measured_on_the_prose_sentences_only() {
        let o = StatsOptions::default();
        let prose = "The council approved the new budget after a long debate. \
            Critics said the plan would raise local taxes for families.\n";
        let page = format!(
            "# Budget approved\n\n{prose}\n## Figures\n\n\
             | Item | Amount |\n|---|---|\n| Roads | 4.2 million |\n| Schools | 3.1 million |\n\n\
             - Parks\n- Libraries\n- Public transport\n"
        );
        let (a, b) = (compute(prose, &o), compute(&page, &o));
        assert_eq!((a.prose.sentences, a.sentences), (2, 2));
        assert_eq!(a.prose.words, a.words);
        assert_eq!(b.prose, a.prose);
        assert!(b.sentences > b.prose.sentences && b.words > b.prose.words);
        for score in [
            TextStats::flesch_reading_ease,
            TextStats::flesch_kincaid_grade,
            TextStats::gunning_fog,
            TextStats::smog,
            TextStats::coleman_liau,
            TextStats::ari,
            TextStats::lix,
        ] {
            assert_eq!(score(&b), score(&a));
            assert!(score(&a).is_some());
        }
        // The counts of the whole text are the whole text's.
        assert!(b.syllables > a.syllables && b.letters > a.letters);
        // The same from tokens kept for a diff.
        let t = tokenize::tokenize(&page, Rules::default());
        assert_eq!(compute_tokenized(&page, &t, &o, None), b);
        // A text with no sentence of prose has no readability.
        let list = compute("- Parks\n- Libraries\n- Public transport\n", &o);
        assert_eq!((list.sentences, list.prose.sentences), (3, 0));
        assert_eq!(list.flesch_reading_ease(), None);
        assert_eq!(list.avg_sentence_length(), None);
    }

    /// An enumeration is one sentence of prose with the one that closes
    /// it, and a sentence opening in lower case goes on with the fragments
    /// before it (a statute's only prose had been `fest.`: a reading ease
    /// of 120.5); a block of code closes an enumeration.
    #[test]
    fn enumerations_and_their_fragments_are_one_sentence_of_prose() {
        let o = StatsOptions::default();
        let check = |text: &str, sentences: u64, prose: u64, words_outside: u64| {
            let s = compute(text, &o);
            assert_eq!(
                (s.sentences, s.prose.sentences, s.words - s.prose.words),
                (sentences, prose, words_outside),
                "{text}"
            );
            let t = tokenize::tokenize(text, Rules::default());
            assert_eq!(compute_tokenized(text, &t, &o, None), s, "{text}");
        };
        let lease = "The council may end the lease if\n\n1. the tenant has not paid the rent;\n2. the tenant has damaged the flat; or\n3. the tenant has left it.\n";
        check(lease, 4, 1, 0);
        check(&format!("# Leases\n\n{lease}"), 5, 1, 1);
        // An item's number on a line of its own (a statute's table as
        // nested lists) is part of the clause it numbers.
        check(
            "Sie dauert höchstens:\n\n*   *   1.\n\n    *   90 Minuten,\n\n*   *   2.\n\n    *   60 Minuten.\n",
            5,
            1,
            0,
        );
        check(
            "# Anordnung\n\nGemäß § 2 setze ich die Amtsbezeichnung\n\n* Leitender Direktor\n\nfest.\n",
            4,
            1,
            1,
        );
        // A lead-in laid out as a list, its items without a clause mark.
        check(
            "Der Schiffsführer hat\n\na) sicherzustellen, dass\n\naa) das Fahrzeug\n\nbb) die Ladung\n\nnicht überschreitet.\n",
            5,
            1,
            0,
        );
        // A table set as nested lists is no sentence's lead-in: a cell
        // opening in lower case goes on with no fragment before it, past
        // a cell without a letter, nor past more than eight.
        let cells = "Tarif\n\n*   *   R 1\n\n    *\n    *   156,69\n\n*   *   R 2\n\n    *\n    *   3 bis 8,\n\n*   *   R 3\n\n    *   10\n\n";
        check(cells, 7, 1, 7);
        let names = (1..=9)
            .map(|i| format!("* Stelle {i}\n\n"))
            .collect::<String>();
        check(&format!("{names}* und so fort.\n"), 10, 1, 18);
        check(
            "Run the following command:\n\n```\nls -l\n```\n\nIt lists the files.\n",
            2,
            2,
            0,
        );
        // Not a name written in lower case, nor a text all in lower case.
        check(
            "Apple Results\n\niPhone sales rose again this year.\n",
            2,
            1,
            2,
        );
        check(
            "the council met on monday to vote on the budget for the year\n\nfinally it approved the plan.\n",
            2,
            1,
            13,
        );
    }

    #[test]
    fn an_address_is_one_word_of_one_syllable_and_no_letters() {
        let o = StatsOptions::default();
        let with = compute(
            "Details are at https://www.example.gov/reports/annual-summary today.",
            &o,
        );
        let without = compute("Details are at today.", &o);
        assert_eq!(with.words, without.words + 1);
        assert_eq!(with.syllables, without.syllables + 1);
        assert_eq!(with.letters, without.letters);
        assert_eq!(with.long_words, without.long_words);
        assert_eq!(with.polysyllabic_words, without.polysyllabic_words);
        let mail = compute("Write to press.office@example.org now.", &o);
        assert_eq!((mail.words, mail.syllables), (4, 4));
    }

    #[test]
    fn initialisms_in_capitals_are_said_letter_by_letter() {
        let o = StatsOptions::default();
        // `KDE` three syllables, `GPUs` three (the rules had said one
        // each), as their letters are said; `Kde` elsewhere is a word.
        let caps = compute("The KDE desktop runs on GPUs today.", &o);
        let words = compute("The big desktop runs on cards today.", &o);
        assert_eq!(caps.syllables, words.syllables + 4);
        assert_eq!(caps.polysyllabic_words, words.polysyllabic_words + 2);
        let mixed = compute("The KDE desktop is Kde here.", &o);
        let plain = compute("The kde desktop is kde here.", &o);
        assert_eq!(mixed.syllables, plain.syllables);
    }

    #[test]
    fn quoting_and_numbers() {
        let s = compute(
            "He said “we will pay $4.2 million” on Monday.",
            &StatsOptions::default(),
        );
        assert_eq!(s.quoted_words, 5);
        assert_eq!(s.numbers, 1);
        assert!(close(s.quoted_share(), 5.0 / 9.0));
    }

    #[test]
    fn stopwords_counted_for_detected_language() {
        let s = compute(
            "The council and the mayor met on the riverfront to talk about the budget for the city.",
            &StatsOptions::default(),
        );
        assert_eq!(s.language, Some("en"));
        // the ×5, and, on, to, about, for.
        assert_eq!(s.stopwords, Some(10));
    }

    /// The language readability reads is the prose's: an Italian page
    /// whose table names its characters in English is Italian, read with
    /// the Italian formula (it had been English, and its prose read with
    /// Flesch's).
    #[test]
    fn the_language_is_the_prose_s_when_a_table_says_otherwise() {
        let mut text = String::from(
            "Questa pagina descrive i caratteri della lingua italiana e spiega come il sistema \
             li mostra sullo schermo. Per ogni carattere la tabella indica il codice che gli è \
             stato dato e il nome con cui lo standard lo chiama. Le lettere con l'accento sono \
             quelle che si usano di più nella scrittura di tutti i giorni.\n\n| Code | Name |\n|---|---|\n",
        );
        for (code, name) in [
            (
                "00E0",
                "the small letter a with the grave accent on top of it",
            ),
            (
                "00E8",
                "the small letter e with the grave accent on top of it",
            ),
            (
                "00E9",
                "the small letter e with the acute accent on top of it",
            ),
            (
                "00EC",
                "the small letter i with the grave accent on top of it",
            ),
            (
                "00F2",
                "the small letter o with the grave accent on top of it",
            ),
            (
                "00F9",
                "the small letter u with the grave accent on top of it",
            ),
        ] {
            text.push_str(&format!("| {code} | {name} |\n"));
        }
        let s = compute(&text, &StatsOptions::default());
        assert_eq!(s.language, Some("it"));
        assert_eq!(s.reading_ease_formula(), Some("flesch_vacca"));
        // Prose alone, as before.
        let prose = text.split("\n\n").next().unwrap();
        assert_eq!(
            compute(prose, &StatsOptions::default()).language,
            Some("it")
        );
    }

    #[test]
    fn reading_ease_uses_the_formula_of_the_language() {
        // 100 words, 5 sentences, 150 syllables: ASL 20, ASW 1.5.
        let mut t = TextStats {
            prose: ProseCounts {
                words: 100,
                sentences: 5,
                syllables: 150,
                polysyllabic_words: 20,
                long_words: 30,
                monosyllabic_words: 60,
                ..ProseCounts::default()
            },
            ..TextStats::default()
        };
        let cases = [
            ("en", "flesch", 206.835 - 20.3 - 126.9),
            ("de", "amstad", 180.0 - 20.0 - 87.75),
            ("fr", "kandel_moles", 207.0 - 20.3 - 110.4),
            ("es", "fernandez_huerta", 206.84 - 20.4 - 90.0),
            ("it", "flesch_vacca", 217.0 - 26.0 - 90.0),
            ("nl", "douma", 206.84 - 18.6 - 115.5),
        ];
        for (lang, formula, want) in cases {
            t.language = Some(lang);
            assert_eq!(t.reading_ease_formula(), Some(formula));
            assert!((t.reading_ease().unwrap() - want).abs() < 1e-9, "{lang}");
        }
        // The English Flesch stays English whatever the language.
        assert!((t.flesch_reading_ease().unwrap() - (206.835 - 20.3 - 126.9)).abs() < 1e-9);
        for lang in [Some("pl"), None] {
            t.language = lang;
            assert_eq!(t.reading_ease(), None);
            assert_eq!(t.reading_ease_formula(), None);
        }
        // Wiener Sachtextformel: German only. MS 20, SL 20, IW 30, ES 60.
        assert_eq!(t.wiener_sachtextformel(), None);
        t.language = Some("de");
        let want = 0.1935 * 20.0 + 0.1672 * 20.0 + 0.1297 * 30.0 - 0.0327 * 60.0 - 0.875;
        assert!((t.wiener_sachtextformel().unwrap() - want).abs() < 1e-9);
        // The grade of the document's language: the German formula for
        // German, Flesch–Kincaid for English, none for French or Polish.
        assert_eq!(t.grade_level(), t.wiener_sachtextformel());
        t.language = Some("en");
        assert_eq!(t.grade_level(), t.flesch_kincaid_grade());
        assert!(t.grade_level().is_some());
        for lang in [Some("fr"), Some("pl"), None] {
            t.language = lang;
            assert_eq!(t.grade_level(), None);
            assert!(t.flesch_kincaid_grade().is_some());
        }
        t.language = Some("de");
        // No sentences of prose, no score.
        t.prose.sentences = 0;
        assert_eq!(t.reading_ease(), None);
        assert_eq!(t.reading_ease_formula(), None);
    }

    #[test]
    fn german_text_gets_german_readability() {
        let text = "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen. \
            Die Opposition kritisierte die hohen Ausgaben für den Straßenbau und forderte mehr Geld für Schulen. \
            Der Bürgermeister verteidigte den Plan und sprach von einer notwendigen Investition in die Zukunft der Stadt.";
        let s = compute(text, &StatsOptions::default());
        assert_eq!(s.language, Some("de"));
        assert_eq!(s.reading_ease_formula(), Some("amstad"));
        assert!(s.reading_ease().is_some() && s.wiener_sachtextformel().is_some());
        assert!(s.monosyllabic_words > 0 && s.monosyllabic_words < s.words);
    }
}
