//! Invariant checks shared by the fuzz targets in `fuzz_targets/`.
//!
//! Every check panics (so libFuzzer reports a crash) when folio breaks a
//! property that its docs or its own tests promise. Checks that look at
//! things folio does not promise are not here.

use std::path::PathBuf;

use folio::boilerplate::{self, Mode};
use folio::corpus::{self, Document, Fields, Kind, Source};
use folio::diff::{version_sentences, ArticleDiff, OpKind};
use folio::stats::{self, StatsOptions, TextStats};
use folio::tokenize::{self, Rules, Sink, Word};

/// Whether the problem `name` is to be tolerated: listed in the
/// comma-separated `FOLIO_FUZZ_IGNORE`, so a run can look past a problem
/// already found and reported but not yet fixed (see `regressions/`).
/// Names: `sentence-overlap`, `decode-nfc`, `record-nul`, `record-title-nfc`
/// (all fixed since; a new check that finds something gets a name too).
pub fn ignored(name: &str) -> bool {
    static LIST: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        std::env::var("FOLIO_FUZZ_IGNORE")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
    .iter()
    .any(|n| n == name)
}

/// Inputs larger than this are cut: the targets look for logic errors, not
/// for "a 1 MB input is slow".
pub const MAX_INPUT: usize = 64 * 1024;

/// A source whose path has the extension of `kind` (the file is never read).
pub fn source(kind: Kind) -> Source {
    let ext = match kind {
        Kind::Text => "txt",
        Kind::Markdown => "md",
        Kind::Html => "html",
        Kind::Jsonl => "jsonl",
        Kind::Csv => "csv",
        Kind::Parquet => "parquet",
    };
    Source {
        path: PathBuf::from(format!("fuzz/input.{ext}")),
        id: "fuzz/input".into(),
        release: "2024-01-01".into(),
        rows: None,
        named: false,
    }
}

/// Parses `bytes` as a file of `kind` and checks every document.
pub fn load_and_check(kind: Kind, bytes: &[u8]) {
    check_load(kind, &bytes[..bytes.len().min(MAX_INPUT)]);
}

/// [`load_and_check`] without the size cap.
pub fn check_load(kind: Kind, bytes: &[u8]) {
    let src = source(kind);
    let (docs, errors) = corpus::parse_bytes(&src, bytes, &Fields::default());
    match kind {
        Kind::Text | Kind::Markdown | Kind::Html => {
            assert_eq!(docs.len() + errors.len(), 1, "one document or one error");
        }
        Kind::Jsonl => {
            // At most one document or error per line (`\r` ends a line too).
            let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
            assert!(
                docs.len() + errors.len() <= lines + 1,
                "{} documents + {} errors from {lines} lines",
                docs.len(),
                errors.len()
            );
        }
        Kind::Csv | Kind::Parquet => {}
    }
    for e in &errors {
        // Errors must be printable.
        let _ = e.to_string();
    }
    for doc in &docs {
        check_document(kind, &src, bytes, doc);
    }
}

/// The invariants of one loaded document.
pub fn check_document(kind: Kind, src: &Source, bytes: &[u8], doc: &Document) {
    assert_eq!(doc.release, src.release);
    assert_eq!(doc.path, src.display_path());
    assert!(!doc.encoding.is_empty());
    match kind {
        Kind::Text | Kind::Markdown | Kind::Html => {
            assert_eq!(doc.id, src.id);
            assert_eq!(doc.bytes, bytes.len() as u64, "size of the file");
        }
        Kind::Jsonl | Kind::Csv => {
            // A record's size is counted in its decoded (UTF-8) form: up to
            // three bytes for one byte of a legacy encoding.
            assert!(
                doc.bytes <= 3 * bytes.len() as u64,
                "a record is inside its file"
            );
        }
        // Compressed: a record's text may be larger than the file.
        Kind::Parquet => {}
    }
    // decode::decode promises `\n` line endings and NFC; every kind of
    // document's text goes through it (records through normalize_text).
    // Found by fuzzing (fixed): a record field holding NUL kept its `\r` and
    // was not NFC (regressions/load_jsonl/record-nul-*).
    assert!(
        !doc.text.contains('\r') || ignored("record-nul"),
        "carriage return left in the text: {:?}",
        doc.text
    );
    // Found by fuzzing (fixed): a record's title was not NFC-normalized
    // (regressions/load_jsonl/record-title-*).
    let record = matches!(kind, Kind::Jsonl | Kind::Csv | Kind::Html);
    let known_nfc = (ignored("decode-nfc") && doc.text.contains(['\u{2000}', '\u{2001}']))
        || (record && (ignored("record-nul") || ignored("record-title-nfc")));
    assert!(
        unicode_normalization::is_nfc(&doc.text) || known_nfc,
        "document text is not NFC: {:?}",
        doc.text
    );
    if let Some(title) = &doc.title {
        assert!(!title.contains('\n'), "multi-line title {title:?}");
    }
    if doc.title_in_text {
        // The title is a line of the text's head: its first line, or the
        // first after blank lines, an overline or reStructuredText's
        // invisible markup (`.. _label:`).
        let title = doc.title.as_deref().expect("title_in_text without a title");
        assert!(
            doc.text.split('\n').any(|line| line.contains(title)),
            "title {title:?} is no line of the text"
        );
    }
    check_text_stats(&doc.text);
    for mode in [Mode::None, Mode::Trailers] {
        check_boilerplate(&doc.text, doc.title_in_text, mode);
    }
}

fn non_blank_lines(text: &str) -> u64 {
    text.split('\n').filter(|l| !l.trim().is_empty()).count() as u64
}

/// `strip` removes whole lines and counts the non-blank ones it removed;
/// the title line is never removed.
pub fn check_boilerplate(text: &str, has_title: bool, mode: Mode) {
    let (stripped, removed) = boilerplate::strip(text, has_title, mode, None);
    if mode == Mode::None || removed == 0 {
        assert_eq!(stripped, text, "nothing removed, text unchanged");
        assert_eq!(removed, 0);
        return;
    }
    assert_eq!(
        non_blank_lines(text) - non_blank_lines(&stripped),
        removed,
        "removed line count"
    );
    // Kept lines are lines of the text, in order.
    let mut lines = text.split('\n');
    // Each kept line is written with a `\n` after it.
    assert!(stripped.is_empty() || stripped.ends_with('\n'));
    for kept in stripped.split_terminator('\n') {
        assert!(
            lines.any(|l| l == kept),
            "kept line {kept:?} is not a line of the text, in order"
        );
    }
    if has_title {
        let first = text.split('\n').next().unwrap_or("");
        assert!(stripped.starts_with(first), "title line removed");
    }
}

/// Statistics of `text` with the default options, checked.
pub fn check_text_stats(text: &str) -> TextStats {
    let opts = StatsOptions::default();
    let s = stats::compute(text, &opts);
    check_stats_invariants(text, &s, opts.mattr_window);
    let tokens = tokenize::tokenize(text, Rules::default());
    assert_eq!(
        stats::compute_tokenized(text, &tokens, &opts, None),
        s,
        "compute_tokenized must equal compute"
    );
    // Words in blocks of code are no words of the statistics.
    let prose_words = tokens
        .words
        .iter()
        .filter(|w| !tokens.in_code(w.start))
        .count();
    assert_eq!(prose_words as u64, s.words);
    s
}

fn finite_opt(name: &str, v: Option<f64>) {
    if let Some(x) = v {
        assert!(x.is_finite(), "{name} = {x}");
    }
}

fn unit_opt(name: &str, v: Option<f64>) {
    if let Some(x) = v {
        assert!((0.0..=1.0).contains(&x), "{name} = {x} outside 0..=1");
    }
}

/// The counts of [`TextStats`] are consistent, and no statistic is NaN or
/// infinite.
pub fn check_stats_invariants(text: &str, s: &TextStats, mattr_window: usize) {
    let chars = text.chars().count() as u64;
    assert_eq!(s.chars, chars, "chars");
    assert!(s.words <= s.chars, "words {} > chars {}", s.words, s.chars);
    assert!(
        s.letters <= s.word_chars,
        "letters {} > word_chars {}",
        s.letters,
        s.word_chars
    );
    assert!(
        s.word_chars <= s.chars,
        "word_chars {} > chars {}",
        s.word_chars,
        s.chars
    );
    assert!(
        s.unique_words <= s.words,
        "unique {} > words {}",
        s.unique_words,
        s.words
    );
    assert_eq!(s.unique_words == 0, s.words == 0);
    assert!(s.hapax_legomena <= s.unique_words);
    assert!(
        s.sentences <= s.words,
        "sentences {} > words {}",
        s.sentences,
        s.words
    );
    assert!(
        s.paragraphs <= s.sentences,
        "paragraphs {} > sentences {}",
        s.paragraphs,
        s.sentences
    );
    assert_eq!(s.sentences == 0, s.words == 0, "a word is in a sentence");
    assert!(s.polysyllabic_words <= s.words);
    assert!(s.long_words <= s.words);
    assert!(s.numbers <= s.words);
    assert!(s.quoted_words <= s.words);
    if let Some(sw) = s.stopwords {
        assert!(sw <= s.words, "stopwords {sw} > words {}", s.words);
    }
    // Every word has a syllable, but a French or Italian elided word
    // without a vowel (`l’`, `d’`, `qu’`), said with the next word.
    if !matches!(s.language, Some("fr" | "it")) {
        assert!(
            s.syllables >= s.words,
            "syllables {} < words {} (every word has a syllable)",
            s.syllables,
            s.words
        );
    }
    assert!(s.sum_squared_frequencies >= s.words);
    assert!(s.sum_squared_frequencies <= s.words.saturating_mul(s.words));
    if s.words == 0 {
        assert_eq!(s.mattr, None);
        assert_eq!(s.mtld, None);
        assert_eq!(s.flesch_reading_ease(), None);
    } else if mattr_window > 0 {
        assert!(s.mattr.is_some(), "mattr of a text with words");
    }
    finite_opt("mattr", s.mattr);
    unit_opt("mattr", s.mattr);
    if let Some(m) = s.mattr {
        assert!(m > 0.0, "mattr {m}");
    }
    if let Some(m) = s.mtld {
        assert!(m.is_finite() && m > 0.0, "mtld {m}");
    }
    let all = [
        ("avg_sentence_length", s.avg_sentence_length()),
        ("avg_word_length", s.avg_word_length()),
        ("avg_syllables_per_word", s.avg_syllables_per_word()),
        ("flesch_reading_ease", s.flesch_reading_ease()),
        ("flesch_kincaid_grade", s.flesch_kincaid_grade()),
        ("gunning_fog", s.gunning_fog()),
        ("smog", s.smog()),
        ("coleman_liau", s.coleman_liau()),
        ("ari", s.ari()),
        ("lix", s.lix()),
        ("type_token_ratio", s.type_token_ratio()),
        ("yules_k", s.yules_k()),
        ("hapax_ratio", s.hapax_ratio()),
        ("stopword_ratio", s.stopword_ratio()),
        ("quoted_share", s.quoted_share()),
        ("mtld", s.mtld),
        ("mattr", s.mattr),
    ];
    for (name, v) in all {
        finite_opt(name, v);
    }
    unit_opt("type_token_ratio", s.type_token_ratio());
    unit_opt("hapax_ratio", s.hapax_ratio());
    unit_opt("stopword_ratio", s.stopword_ratio());
    unit_opt("quoted_share", s.quoted_share());
    if let Some(k) = s.yules_k() {
        assert!(k >= 0.0, "yules_k {k}");
    }
}

/// A sink that records what `scan` reports, for comparison with
/// `tokenize`.
#[derive(Default)]
struct Record {
    words: Vec<(usize, usize, bool)>,
    sentences: Vec<(std::ops::Range<usize>, u32)>,
    paragraphs: Vec<(std::ops::Range<usize>, u32)>,
}

impl Sink for Record {
    fn word(&mut self, w: Word<'_>) {
        self.words.push((w.start, w.text.len(), w.quoted));
    }
    fn sentence(&mut self, span: std::ops::Range<usize>, words: u32) {
        self.sentences.push((span, words));
    }
    fn paragraph(&mut self, span: std::ops::Range<usize>, words: u32) {
        self.paragraphs.push((span, words));
    }
}

fn check_span(text: &str, what: &str, span: &std::ops::Range<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside the text (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries"
    );
}

/// The tokenizer's words, sentences and paragraphs cover the text in order
/// (the invariants of its own property test, on any text).
pub fn check_tokenizer(text: &str, rules: Rules) {
    let t = tokenize::tokenize(text, rules);
    assert!(t.words.len() <= text.chars().count());
    let mut last = 0;
    for w in &t.words {
        assert!(w.start >= last, "words overlap or go back: {w:?}");
        assert!(!w.text.is_empty(), "empty word");
        assert_eq!(&text[w.start..w.start + w.text.len()], w.text);
        assert!(
            w.text.chars().any(char::is_alphanumeric),
            "word {:?} without a letter or digit",
            w.text
        );
        last = w.start + w.text.len();
    }
    for (what, segs) in [("sentence", &t.sentences), ("paragraph", &t.paragraphs)] {
        let mut next_word = 0;
        let mut prev_end = 0;
        for seg in segs.iter() {
            check_span(text, what, &seg.span);
            // Found by fuzzing (fixed): punctuation between a terminator and
            // a later one (`Really? (!)`) was both inside the sentence and a
            // sentence of its own (regressions/stats/sentence-overlap-*).
            assert!(
                seg.span.start >= prev_end || ignored("sentence-overlap"),
                "{what} {:?} overlaps the previous one (ends at {prev_end})",
                seg.span
            );
            prev_end = prev_end.max(seg.span.end);
            assert_eq!(
                seg.words.start, next_word,
                "{what} word ranges are contiguous"
            );
            assert!(seg.words.end >= seg.words.start);
            next_word = seg.words.end;
            for w in &t.words[seg.words.clone()] {
                assert!(
                    seg.span.start <= w.start && w.start + w.text.len() <= seg.span.end,
                    "word {:?} at {} outside its {what} {:?}",
                    w.text,
                    w.start,
                    seg.span
                );
            }
        }
        assert_eq!(next_word, t.words.len(), "every word is in a {what}");
    }
    // scan() reports exactly what tokenize() collects.
    let mut rec = Record::default();
    tokenize::scan(text, rules, &mut rec);
    assert_eq!(rec.words.len(), t.words.len());
    for (a, b) in rec.words.iter().zip(&t.words) {
        assert_eq!(*a, (b.start, b.text.len(), b.quoted));
    }
    let sent: Vec<_> = t
        .sentences
        .iter()
        .map(|s| (s.span.clone(), s.words.len() as u32))
        .collect();
    assert_eq!(rec.sentences, sent);
    let para: Vec<_> = t
        .paragraphs
        .iter()
        .map(|s| (s.span.clone(), s.words.len() as u32))
        .collect();
    assert_eq!(rec.paragraphs, para);
}

/// Every sentence of each version is in exactly one op, and reading the ops
/// in index order gives back each version's sentences (the check of
/// `src/diff/tests.rs`, which is private to the crate).
pub fn check_reconstruction(old: &str, new: &str, d: &ArticleDiff) {
    let sentence_texts = |text: &str| -> Vec<String> {
        let t = tokenize::tokenize(text, Rules::default());
        t.sentences
            .iter()
            .map(|s| text[s.span.clone()].to_string())
            .collect()
    };
    for (text, side) in [(old, 0), (new, 1)] {
        let expected = sentence_texts(text);
        let got: Vec<(usize, String)> = version_sentences(&d.ops, side == 0)
            .into_iter()
            .map(|(i, t)| (i, t.to_string()))
            .collect();
        let indices: Vec<usize> = got.iter().map(|(i, _)| *i).collect();
        assert_eq!(
            indices,
            (0..indices.len()).collect::<Vec<_>>(),
            "side {side}: each sentence in exactly one op"
        );
        // A sentence may be cut at its line breaks (a list read two ways,
        // see `diff::keys::resegment`): the texts, read in order, are the
        // tokenizer's sentences, each whole or in lines.
        let texts: Vec<String> = got.into_iter().map(|(_, t)| t).collect();
        let mut at = 0;
        for sentence in &expected {
            let mut rebuilt = String::new();
            while rebuilt.len() < sentence.len() && at < texts.len() {
                let piece = &texts[at];
                let from = sentence[rebuilt.len()..].find(piece.as_str());
                assert!(
                    from.is_some_and(|k| sentence[rebuilt.len()..rebuilt.len() + k]
                        .trim()
                        .is_empty()),
                    "side {side}: {piece:?} is not the next part of {sentence:?}"
                );
                let end = rebuilt.len() + from.unwrap_or(0) + piece.len();
                rebuilt = sentence[..end].to_string();
                at += 1;
            }
            assert_eq!(&rebuilt, sentence, "side {side}: ops rebuild the sentences");
        }
        assert_eq!(at, texts.len(), "side {side}: ops rebuild the sentences");
    }
}

/// The invariants of a diff of `old` and `new` (texts as compared, i.e.
/// after boilerplate removal).
pub fn check_diff(old: &str, new: &str, d: &ArticleDiff, default_opts: bool) {
    check_reconstruction(old, new, d);
    let s = &d.summary;
    assert!(
        (0.0..=1.0).contains(&s.similarity),
        "similarity {}",
        s.similarity
    );
    for op in &d.ops {
        match op.op {
            OpKind::Added => assert!(op.old_index.is_none() && op.new_index.is_some()),
            OpKind::Deleted => assert!(op.old_index.is_some() && op.new_index.is_none()),
            _ => assert!(op.old_index.is_some() && op.new_index.is_some()),
        }
        if let Some(sim) = op.similarity {
            assert!((0.0..=1.0).contains(&sim), "op similarity {sim}");
        }
    }
    for st in &d.stats {
        for v in [st.old, st.new, st.delta] {
            finite_opt(st.name, v);
        }
    }
    if default_opts && !s.coarse {
        // The property test's word accounting (`ops_rebuild_both_versions`).
        let old_words = tokenize::tokenize(old, Rules::default()).words.len() as u64;
        let new_words = tokenize::tokenize(new, Rules::default()).words.len() as u64;
        assert_eq!(s.words_unchanged + s.words_deleted, old_words, "old words");
        assert_eq!(s.words_unchanged + s.words_added, new_words, "new words");
    }
}

/// `decode::decode` promises `\n` line endings and NFC text.
pub fn check_decode(bytes: &[u8]) {
    let bytes = &bytes[..bytes.len().min(MAX_INPUT)];
    if let Some(d) = folio::decode::decode(bytes) {
        assert!(!d.text.contains('\r'), "carriage return after decode");
        // Found by fuzzing (fixed): U+2000 and U+2001 (whose NFC is U+2002,
        // U+2003) passed decode's "surely NFC" fast path
        // (regressions/load_text/decode-*).
        assert!(
            unicode_normalization::is_nfc(&d.text) || ignored("decode-nfc"),
            "decoded text is not NFC: {:?}",
            d.text
        );
        assert!(!d.encoding.is_empty());
    }
}

/// Text from fuzz bytes: the bytes when they are UTF-8, else a lossy
/// decoding (so every input reaches the text code).
pub fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_INPUT)])
}
