//! Language detection and stopword lists (NLTK's, from the `stop-words`
//! crate).
//!
//! Detection has two stages. The first reads a document's word frequencies,
//! which folio has counted anyway: when at least [`STOPWORD_MIN_SHARE`] of
//! the words are stopwords of one language and no other language's list
//! covers more than [`STOPWORD_MAX_RIVAL`] of that, the language is clear
//! (running prose in English, German, French ... nearly always is).
//! Otherwise whatlang decides, on the first [`DETECT_SAMPLE_BYTES`] of a
//! short text, by a vote of samples spread over a longer one. The first stage costs one hash look-up per distinct word; whatlang
//! costs about 80 µs per document whatever its length, which dominates on
//! short documents.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// How much of a text the detector reads first: its first this-many bytes
/// (cut at a character boundary), so that detection costs the same for
/// long and short documents.
pub const DETECT_SAMPLE_BYTES: usize = 1024;
/// When the first sample gives no reliable answer, a sample this long.
pub const DETECT_RETRY_BYTES: usize = 4096;

/// Documents with fewer words than this always go to whatlang, and get a
/// language only when whatlang calls its guess reliable.
pub(crate) const STOPWORD_MIN_WORDS: u64 = 30;
/// Documents with fewer words than this get no language.
pub(crate) const DETECT_MIN_WORDS: u64 = 5;
/// The stopword stage needs this share of the words to be stopwords of the
/// winning language.
pub const STOPWORD_MIN_SHARE: f64 = 0.2;
/// ... and no other language's list may cover more than this fraction of
/// the winner's count.
pub const STOPWORD_MAX_RIVAL: f64 = 0.6;

/// For each word (lowercase), the bit set of the stopword lists that hold
/// it; bit `i` stands for the `i`-th language of [`stopword_bit`].
pub(crate) fn stopword_masks(types: &[&str]) -> Vec<u64> {
    let index = stopword_index();
    types
        .iter()
        .map(|&word| {
            let mask = if word.contains('’') {
                index.masks.get(word.replace('’', "'").as_str())
            } else {
                index.masks.get(word)
            };
            mask.copied().unwrap_or(0)
        })
        .collect()
}

/// Whether a word (lowercase) is on a stopword list of any language.
pub(crate) fn is_stopword(word: &str) -> bool {
    stopword_index().masks.contains_key(word)
}

/// The bit of a language (ISO 639-1 code) in `stopword_masks`; `None`
/// when NLTK has no stopword list for it.
pub fn stopword_bit(code: &str) -> Option<u64> {
    let code = if code == "nb" { "no" } else { code };
    let i = stopword_index().languages.iter().position(|&l| l == code)?;
    Some(1 << i)
}

/// Detects the language of a document from the stopword masks of its
/// distinct words and their frequencies, falling back to whatlang on
/// `text`. Returns an ISO 639-1 code where the language has one (`en`,
/// `de`), else the ISO 639-3 code whatlang reports; `None` when
/// undetectable.
///
/// `declared` is the language the document declares (a web page's
/// `<html lang>`), if any: the text decides when it clearly can (the
/// stopword stage, or a guess whatlang calls reliable) — pages built from
/// templates often declare the template's language — and the declaration
/// decides otherwise, also on texts too short to guess from (a declaration
/// is no guess). A declaration folio does not know as a language code is
/// ignored.
#[cfg(test)]
pub(crate) fn detect_document(
    masks: &[u64],
    freq: &[u32],
    text: &str,
    declared: Option<&str>,
) -> Option<&'static str> {
    detect_with_prose(masks, freq, None, text, declared)
}

/// [`detect_document`], the prose's words first: `prose_freq`, the
/// frequencies of the words of the prose sentences (those readability
/// reads), when they are fewer than all. When the prose holds
/// [`STOPWORD_MIN_WORDS`] words or more and its stopwords clearly tell a
/// language, that is the document's: an Italian man page's table of
/// character names in English, a Finnish page's English NAME line, had
/// made it English, and its Italian prose was read with Flesch's English
/// formula (3.6 where Franchina and Vacca's gives 59).
pub(crate) fn detect_with_prose(
    masks: &[u64],
    freq: &[u32],
    prose_freq: Option<&[u32]>,
    text: &str,
    declared: Option<&str>,
) -> Option<&'static str> {
    if let Some(code) = prose_freq.and_then(|prose| clear_by_stopwords(masks, prose, text)) {
        return Some(code);
    }
    let declared = declared.and_then(known_code);
    let words: u64 = freq.iter().map(|&f| u64::from(f)).sum();
    if let Some(code) = clear_by_stopwords(masks, freq, text) {
        return Some(code);
    }
    if words >= STOPWORD_MIN_WORDS {
        // A vote of samples that is close (a text in two languages) goes
        // to the language with the most stopwords: what the whole text
        // holds, whatever the order of its paragraphs.
        // Two languages' stopwords, each in strength (a text in two
        // languages), not too few of any (a list of names, a table): the
        // samples are spread over the text, else its first are read.
        let mixed = leader(&stopword_scores(masks, freq)).is_some_and(|(_, top, rival)| {
            top as f64 >= MIXED_MIN_SHARE * words as f64
                && rival as f64 > STOPWORD_MAX_RIVAL * top as f64
        });
        let spread = mixed && text.len() > DETECT_RETRY_BYTES;
        let guess = if spread {
            detect_spread(text)
        } else {
            detect_info(text).map(|i| (iso639_1(i.lang().code()), i.is_reliable()))
        };
        let guess = guess.map(
            |(code, decisive)| match (decisive, stopword_leader(masks, freq)) {
                (false, Some(leader)) if spread => (leader, false),
                _ => (code, decisive),
            },
        );
        // A guess the stopwords contradict is no guess: a list of English
        // place names, with 8 English function words and no French one,
        // was French by its letters.
        if let Some((code, _)) = guess {
            if let Some(leader) = stopwords_contradict(masks, freq, code) {
                // The stopwords' own leader when it has no rival (else
                // none: `in` is English, German, Dutch and Italian).
                return declared.or(leader);
            }
        }
        return match (guess, declared) {
            (Some((code, true)), _) => Some(code),
            (_, Some(d)) => Some(d),
            (g, None) => g.map(|(code, _)| code),
        };
    }
    // Too little text to tell a language from: only a guess whatlang
    // itself calls reliable, and never from fewer than a few words
    // (`Hello world. Bye.` is not Zulu).
    if words < DETECT_MIN_WORDS {
        return declared;
    }
    match guess(text) {
        Some(info) if info.is_reliable() => Some(iso639_1(info.lang().code())),
        _ => declared,
    }
}

/// The language the stopwords of words of frequencies `freq` clearly
/// tell, of [`STOPWORD_MIN_WORDS`] words or more (or the relative without
/// a list that whatlang reliably finds in `text`).
fn clear_by_stopwords(masks: &[u64], freq: &[u32], text: &str) -> Option<&'static str> {
    let words: u64 = freq.iter().map(|&f| u64::from(f)).sum();
    if words < STOPWORD_MIN_WORDS {
        return None;
    }
    let code = detect_by_stopwords(masks, freq, words)?;
    Some(unlisted_relative(code, text).unwrap_or(code))
}

/// Languages without a stopword list whose stopwords are much like those
/// of one with a list: the stopwords alone would take them for it
/// (Afrikaans news read as Dutch, given Douma's Dutch reading ease;
/// Bulgarian, Ukrainian, Belarusian, Macedonian and Serbian as Russian,
/// whose list holds their `и`, `на`, `за`, `от`; Croatian, Serbian, Slovak
/// and Czech as Slovene).
const UNLISTED_RELATIVES: &[(&str, &[&str])] = &[
    ("nl", &["af"]),
    ("ru", &["bg", "uk", "be", "mk", "sr"]),
    ("sl", &["hr", "sr", "sk", "cs"]),
];

/// For a language the stopwords chose, a relative without a list that
/// whatlang reliably finds instead.
fn unlisted_relative(code: &str, text: &str) -> Option<&'static str> {
    let (_, relatives) = UNLISTED_RELATIVES.iter().find(|(c, _)| *c == code)?;
    let info = detect_info(text)?;
    let found = iso639_1(info.lang().code());
    (info.is_reliable() && relatives.contains(&found)).then_some(found)
}

/// A declared language code (ISO 639-1 or 639-3, lowercase) as folio's
/// static code for it, when folio knows the language.
fn known_code(code: &str) -> Option<&'static str> {
    if let Some(&c) = stopword_index().languages.iter().find(|&&c| c == code) {
        return Some(c);
    }
    whatlang::Lang::all()
        .iter()
        .map(|l| iso639_1(l.code()))
        .find(|&c| {
            c == code || whatlang::Lang::from_code(code).is_some_and(|l| iso639_1(l.code()) == c)
        })
}

/// Words of a stopword list that make its count evidence against another
/// language's guess.
const CONTRADICTING_STOPWORDS: u64 = 5;

/// When `code` (a guess by letters) has a stopword list and the stopwords
/// of the text say otherwise — another language's count at least
/// [`CONTRADICTING_STOPWORDS`] and more than twice `code`'s — `Some`: with
/// that language when no third one rivals it.
fn stopwords_contradict(masks: &[u64], freq: &[u32], code: &str) -> Option<Option<&'static str>> {
    let index = stopword_index();
    let at = index.languages.iter().position(|&c| c == code)?;
    let scores = stopword_scores(masks, freq);
    let (best, top, rival) = leader(&scores)?;
    (best != at && top >= CONTRADICTING_STOPWORDS && scores[at] * 2 < top)
        .then(|| (rival as f64 <= STOPWORD_MAX_RIVAL * top as f64).then(|| index.languages[best]))
}

/// How many of the words are stopwords of each language of the index.
fn stopword_scores(masks: &[u64], freq: &[u32]) -> Vec<u64> {
    let index = stopword_index();
    let mut scores = vec![0u64; index.languages.len()];
    for (&mask, &f) in masks.iter().zip(freq) {
        let mut m = mask;
        while m != 0 {
            scores[m.trailing_zeros() as usize] += u64::from(f);
            m &= m - 1;
        }
    }
    scores
}

/// The language with the highest stopword score (ties go to the language
/// listed first): its index, its score, and the highest score of another.
fn leader(scores: &[u64]) -> Option<(usize, u64, u64)> {
    let (best, &top) = scores
        .iter()
        .enumerate()
        .max_by_key(|&(i, &s)| (s, std::cmp::Reverse(i)))?;
    let rival = scores
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, &s)| s)
        .max()
        .unwrap_or(0);
    Some((best, top, rival))
}

fn detect_by_stopwords(masks: &[u64], freq: &[u32], words: u64) -> Option<&'static str> {
    let index = stopword_index();
    let (best, top, rival) = leader(&stopword_scores(masks, freq))?;
    let clear = top as f64 >= STOPWORD_MIN_SHARE * words as f64
        && rival as f64 <= STOPWORD_MAX_RIVAL * top as f64;
    clear.then(|| index.languages[best])
}

struct StopwordIndex {
    /// ISO 639-1 codes, at most 64.
    languages: Vec<&'static str>,
    /// Stopword → bit set of the languages whose list holds it.
    masks: FxHashMap<&'static str, u64>,
}

fn stopword_index() -> &'static StopwordIndex {
    static INDEX: OnceLock<StopwordIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut languages = Vec::new();
        let mut masks: FxHashMap<&'static str, u64> = FxHashMap::default();
        // Two-letter ISO codes only: not NLTK's "hinglish", a mix of
        // English and Hindi.
        let codes = stop_words::available_languages()
            .iter()
            .filter(|c| c.len() == 2);
        for &code in codes.take(64) {
            let Some(words) = stop_words::lookup(code) else {
                continue;
            };
            let bit = 1u64 << languages.len();
            languages.push(code);
            for &w in words {
                *masks.entry(w).or_insert(0) |= bit;
            }
        }
        StopwordIndex { languages, masks }
    })
}

/// Detects the language of a text with whatlang, from its first
/// [`DETECT_SAMPLE_BYTES`] (or [`DETECT_RETRY_BYTES`] when that is not
/// enough for a reliable answer).
pub fn detect(text: &str) -> Option<&'static str> {
    Some(iso639_1(detect_info(text)?.lang().code()))
}

/// The language of a text whose stopwords did not tell (a mixed text, a
/// list of names): a vote of whatlang's guesses on samples of
/// [`DETECT_SAMPLE_BYTES`] spread over the whole text (at most
/// [`SPREAD_SAMPLES`]), each
/// weighed by its confidence — not its first lines only, which made a
/// chapter half in English half in French French or English by the order
/// of its paragraphs. Decisive when the winner has [`DECISIVE_VOTE`] of
/// the weight and a sample of its own was reliable. Asked only of a text
/// longer than [`DETECT_RETRY_BYTES`] whose stopwords are of two languages
/// in strength.
fn detect_spread(text: &str) -> Option<(&'static str, bool)> {
    let mut votes: Vec<(&'static str, f64, bool)> = Vec::new();
    let samples = (text.len() / DETECT_SAMPLE_BYTES).clamp(2, SPREAD_SAMPLES);
    let step = (text.len() - DETECT_SAMPLE_BYTES) / (samples - 1);
    for k in 0..samples {
        let mut start = k * step;
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (start + DETECT_SAMPLE_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let Some(info) = guess(&text[start..end]) else {
            continue;
        };
        let code = iso639_1(info.lang().code());
        match votes.iter_mut().find(|v| v.0 == code) {
            Some(v) => {
                v.1 += info.confidence();
                v.2 |= info.is_reliable();
            }
            None => votes.push((code, info.confidence(), info.is_reliable())),
        }
    }
    let total: f64 = votes.iter().map(|v| v.1).sum();
    // Ties go to the language met first.
    let best = votes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1).then(b.0.cmp(&a.0)))?
        .1;
    Some((best.0, best.2 && best.1 > DECISIVE_VOTE * total))
}

/// The share of a text's words that its two leading languages' stopwords
/// must each hold, about, for the text to be taken for one in two
/// languages (technical prose, full of commands and names, holds fewer
/// stopwords than the [`STOPWORD_MIN_SHARE`] of running prose).
const MIXED_MIN_SHARE: f64 = 0.05;

/// The share of the samples' weight a language needs for [`detect_spread`]
/// to call its vote decisive.
const DECISIVE_VOTE: f64 = 0.6;

/// The language whose stopwords a text holds most of, if one does.
fn stopword_leader(masks: &[u64], freq: &[u32]) -> Option<&'static str> {
    let (best, top, _) = leader(&stopword_scores(masks, freq))?;
    (top >= CONTRADICTING_STOPWORDS).then(|| stopword_index().languages[best])
}

/// The most samples [`detect_spread`] votes with: a text up to 16 KiB is
/// read whole (a sample costs about 80 µs; a close vote goes to the
/// stopwords, which read every word, so more samples decide no more).
const SPREAD_SAMPLES: usize = 16;

fn detect_info(text: &str) -> Option<whatlang::Info> {
    let sample = |len: usize| {
        let mut end = text.len().min(len);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    };
    let mut info = guess(sample(DETECT_SAMPLE_BYTES));
    if text.len() > DETECT_SAMPLE_BYTES && !info.as_ref().is_some_and(whatlang::Info::is_reliable) {
        info = guess(sample(DETECT_RETRY_BYTES));
    }
    info
}

/// Characters of Chinese, Japanese and Korean writing (Han, kana, Hangul)
/// a text must hold, each weighed as [`CJK_WEIGHT`] letters, as a share of
/// its letters so weighed, to be read as one of those languages.
const CJK_MIN_SHARE: f64 = 0.4;

/// The Latin letters a character of CJK writing carries, about (a word of
/// English is five letters; of Chinese, one or two characters).
const CJK_WEIGHT: u64 = 3;

/// whatlang's guess of a sample's language, the sample's writing checked
/// first: text mostly in Han, kana or Hangul is Chinese, Japanese or
/// Korean, whatever Latin letters its commands and names hold. (whatlang
/// counts Han, hiragana and katakana as three scripts, and Japanese
/// technical prose holds more Latin letters than of any one of them: a
/// chapter of the Debian Reference in Japanese was English, and read with
/// Flesch's formula.)
fn guess(sample: &str) -> Option<whatlang::Info> {
    let (mut cjk, mut other) = (0u64, 0u64);
    for c in sample.chars().filter(|c| c.is_alphabetic()) {
        if is_cjk(c) {
            cjk += 1;
        } else {
            other += 1;
        }
    }
    let weighed = cjk * CJK_WEIGHT;
    if cjk > 0 && weighed as f64 >= CJK_MIN_SHARE * (weighed + other) as f64 {
        // (Read without its other letters: whatlang picks a script first.)
        let cjk_only: String = sample
            .chars()
            .filter(|&c| is_cjk(c) || !c.is_alphabetic())
            .collect();
        use whatlang::Lang;
        whatlang::Detector::with_allowlist(vec![Lang::Cmn, Lang::Jpn, Lang::Kor]).detect(&cjk_only)
    } else {
        whatlang::detect(sample)
    }
}

/// Whether a character is of Han, hiragana, katakana or Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // hiragana, katakana
        | '\u{31f0}'..='\u{31ff}' // katakana extensions
        | '\u{3400}'..='\u{4dbf}' // Han, extension A
        | '\u{4e00}'..='\u{9fff}' // Han
        | '\u{f900}'..='\u{faff}' // Han, compatibility
        | '\u{ff66}'..='\u{ff9f}' // half-width katakana
        | '\u{1100}'..='\u{11ff}' // Hangul jamo
        | '\u{3130}'..='\u{318f}' // Hangul compatibility jamo
        | '\u{ac00}'..='\u{d7af}' // Hangul syllables
        | '\u{20000}'..='\u{2ebef}' // Han, extensions B–F
    )
}

/// ISO 639-3 (as whatlang reports it) → ISO 639-1 where one exists.
#[rustfmt::skip]
fn iso639_1(code3: &'static str) -> &'static str {
    match code3 {
        "afr" => "af", "aka" => "ak", "amh" => "am", "ara" => "ar", "aze" => "az",
        "bel" => "be", "ben" => "bn", "bul" => "bg", "cat" => "ca", "ces" => "cs",
        "cym" => "cy", "dan" => "da", "deu" => "de", "ell" => "el", "eng" => "en",
        "epo" => "eo", "est" => "et", "fin" => "fi", "fra" => "fr", "guj" => "gu",
        "heb" => "he", "hin" => "hi", "hrv" => "hr", "hun" => "hu", "hye" => "hy",
        "ind" => "id", "ita" => "it", "jav" => "jv", "jpn" => "ja", "kan" => "kn",
        "kat" => "ka", "khm" => "km", "kor" => "ko", "lat" => "la", "lav" => "lv",
        "lit" => "lt", "mal" => "ml", "mar" => "mr", "mkd" => "mk", "mya" => "my",
        "nep" => "ne", "nld" => "nl", "nob" => "no", "ori" => "or", "pan" => "pa",
        "pol" => "pl", "por" => "pt", "ron" => "ro", "rus" => "ru", "sin" => "si",
        "slk" => "sk", "slv" => "sl", "sna" => "sn", "spa" => "es", "srp" => "sr",
        "swe" => "sv", "tam" => "ta", "tel" => "te", "tgl" => "tl", "tha" => "th",
        "tuk" => "tk", "tur" => "tr", "ukr" => "uk", "urd" => "ur", "uzb" => "uz",
        "vie" => "vi", "yid" => "yi", "zul" => "zu", "cmn" => "zh", "pes" => "fa",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_english_and_german() {
        let en =
            detect("The city council voted on Tuesday to approve the budget for the next year.");
        assert_eq!(en, Some("en"));
        let de =
            detect("Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.");
        assert_eq!(de, Some("de"));
        assert!(detect("").is_none());
    }

    fn by_stopwords(text: &str) -> Option<&'static str> {
        let mut counts: FxHashMap<String, u32> = FxHashMap::default();
        for w in text.split_whitespace() {
            *counts.entry(w.to_lowercase()).or_default() += 1;
        }
        let types: Vec<&str> = counts.keys().map(String::as_str).collect();
        let freq: Vec<u32> = counts.values().copied().collect();
        let words = freq.iter().map(|&f| u64::from(f)).sum();
        detect_by_stopwords(&stopword_masks(&types), &freq, words)
    }

    #[test]
    fn stopword_stage_decides_clear_cases_only() {
        let en = "the council said that it would vote on the plan and the mayor was not at the meeting but she had been told of it";
        assert_eq!(by_stopwords(en), Some("en"));
        let de = "der rat hat am dienstag die pläne für den neuen hafen und die brücke vorgestellt und es gab nicht viel kritik an dem plan";
        assert_eq!(by_stopwords(de), Some("de"));
        // Names and numbers only: no stopwords, whatlang's turn.
        assert_eq!(by_stopwords("okafor hallström 2024 riverton courier"), None);
    }

    #[test]
    fn too_little_text_has_no_language() {
        // Three words: no language (whatlang calls this one Zulu).
        let text = "Hello world. Bye.";
        let masks = stopword_masks(&["hello", "world", "bye"]);
        assert_eq!(detect_document(&masks, &[1, 1, 1], text, None), None);
        // A short text whatlang is sure of keeps its language.
        let text = "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt für das kommende Jahr beschlossen.";
        let types: Vec<&str> = text.split_whitespace().collect();
        let freq = vec![1; types.len()];
        assert_eq!(
            detect_document(&stopword_masks(&types), &freq, text, None),
            Some("de")
        );
    }

    /// Our own list of towns, in the shape of an almanac's table: English
    /// by its few function words, French by its letters alone.
    #[test]
    fn a_guess_by_letters_the_stopwords_contradict_is_no_language() {
        let towns = [
            "lyon",
            "saint-étienne",
            "orléans",
            "châteauroux",
            "nîmes",
            "besançon",
            "montélimar",
            "valence",
            "mâcon",
            "bourg-en-bresse",
            "chalon-sur-saône",
            "villefranche",
        ];
        let mut text = String::new();
        for (year, times) in [(1850, 1), (1900, 2)] {
            text.push_str(&format!(
                "the biggest towns in the valley in {year} (people in brackets) :\n"
            ));
            for (i, town) in towns.iter().enumerate() {
                text.push_str(&format!(" {town} ({},000)\n", (90 - i * 6) * times));
            }
        }
        let text = text.as_str();
        let mut counts: Vec<(&str, u32)> = Vec::new();
        for w in text
            .split(|c: char| !c.is_alphanumeric() && c != ',')
            .filter(|w| !w.is_empty())
        {
            match counts.iter_mut().find(|(t, _)| *t == w) {
                Some((_, n)) => *n += 1,
                None => counts.push((w, 1)),
            }
        }
        let types: Vec<&str> = counts.iter().map(|(t, _)| *t).collect();
        let freq: Vec<u32> = counts.iter().map(|(_, n)| *n).collect();
        let masks = stopword_masks(&types);
        let guess = detect_info(text).map(|i| iso639_1(i.lang().code()));
        let found = detect_document(&masks, &freq, text, None);
        // The letters say French; the text has English function words and
        // no French one.
        assert_eq!(guess, Some("fr"));
        assert!(
            matches!(found, None | Some("en")),
            "{found:?} (letters: {guess:?})"
        );
        // A declared language still decides.
        assert_eq!(detect_document(&masks, &freq, text, Some("en")), Some("en"));
    }

    #[test]
    fn a_declared_language_decides_where_the_text_cannot() {
        // Too short to guess: the declaration decides.
        let masks = stopword_masks(&["hello", "world", "bye"]);
        assert_eq!(
            detect_document(&masks, &[1, 1, 1], "Hello world. Bye.", Some("fr")),
            Some("fr")
        );
        // 639-3 codes and unknown codes.
        assert_eq!(
            detect_document(&masks, &[1, 1, 1], "Hello world. Bye.", Some("deu")),
            Some("de")
        );
        assert_eq!(
            detect_document(&masks, &[1, 1, 1], "Hello world. Bye.", Some("xx")),
            None
        );
        // Clear text wins over a template's declaration.
        let text = "the council said that it would vote on the plan and the mayor was not at the meeting but she had been told of it by the clerk";
        let types: Vec<&str> = text.split_whitespace().collect();
        let freq = vec![1; types.len()];
        assert_eq!(
            detect_document(&stopword_masks(&types), &freq, text, Some("de")),
            Some("en")
        );
    }

    #[test]
    fn afrikaans_is_not_dutch_and_norwegian_has_one_code() {
        let af = "Die regering het gister aangekondig dat die nuwe begroting volgende \
                  week in die parlement bespreek sal word. Volgens die minister sal die \
                  geld gebruik word om skole en hospitale in die landelike gebiede te \
                  verbeter. Die opposisie het gesê dat hulle die plan sal ondersoek, \
                  maar dat hulle nie oortuig is nie. Baie mense in die dorpe wag al jare \
                  op beter dienste en hulle hoop dat dit nou sal verander.";
        assert_eq!(detect(af), Some("af"));
        let nl = "De regering heeft gisteren aangekondigd dat de nieuwe begroting volgende \
                  week in het parlement besproken zal worden. Volgens de minister zal het \
                  geld worden gebruikt om scholen en ziekenhuizen op het platteland te \
                  verbeteren. De oppositie zei dat zij het plan zal onderzoeken, maar dat \
                  zij nog niet overtuigd is.";
        assert_eq!(detect(nl), Some("nl"));
        assert_eq!(iso639_1("nob"), "no");
    }

    /// A relative without a list that whatlang finds is taken over the
    /// listed language the stopwords chose: Bulgarian over Russian (whose
    /// list holds `и`, `на`, `за`, `от`); Russian stays Russian.
    #[test]
    fn relatives_without_a_list_are_not_the_listed_language() {
        let bg = "И той се върна на село, за да види майка си, но не я намери там. \
                  Тя беше отишла до града за хляб и мляко, и се върна едва вечерта, \
                  когато той вече спеше на пейката пред къщата.";
        assert_eq!(unlisted_relative("ru", bg), Some("bg"));
        let ru = "И он вернулся в деревню, чтобы увидеть мать, но не нашёл её там. \
                  Она ушла в город за хлебом и молоком и вернулась только вечером, \
                  когда он уже спал на скамейке перед домом.";
        assert_eq!(unlisted_relative("ru", ru), None);
    }

    /// Every language whatlang names has one code: ISO 639-1 where one
    /// exists (Mandarin had been `cmn` when whatlang decided and `zh` when
    /// the stopwords did, and lost its stopword ratio).
    #[test]
    fn every_language_has_its_two_letter_code() {
        for lang in whatlang::Lang::all() {
            let code = iso639_1(lang.code());
            assert_eq!(code.len(), 2, "{} has no two-letter code", lang.code());
        }
        assert_eq!(iso639_1("cmn"), "zh");
    }

    /// Japanese and Chinese holding commands and names in Latin letters
    /// are Japanese and Chinese, not English (whatlang counts Han and the
    /// two kana as three scripts, each outnumbered by the Latin letters).
    #[test]
    fn cjk_text_with_latin_names_is_cjk() {
        let ja = "最近の Debian に特化したネットワーク設定のガイドは The Debian \
                  Administrator's Handbook を参照してください。ifupdown パッケージの \
                  /etc/network/interfaces ファイルで systemd-networkd や \
                  NetworkManager を設定します。DHCP client の dhclient を使います。";
        assert_eq!(detect(ja), Some("ja"));
        let zh = "使用 wget --recursive --level=2 https://example.org/ 下载网站，\
                  并使用 --no-parent 选项避免访问上级目录。参见 man wget 和 info wget。";
        assert_eq!(detect(zh), Some("zh"));
        // Latin prose quoting a few characters stays Latin.
        let en = "The word 漢字 (kanji) means Chinese characters, and the Japanese \
                  language writes with them alongside two syllabaries of its own.";
        assert_eq!(detect(en), Some("en"));
    }

    #[test]
    fn stopword_lists() {
        let masks = stopword_masks(&["the", "und", "it’s", "riverton"]);
        let en = stopword_bit("en").unwrap();
        let de = stopword_bit("de").unwrap();
        assert_eq!(masks[0] & en, en);
        assert_eq!(masks[1] & de, de);
        assert_eq!(masks[2] & en, en);
        assert_eq!(masks[3], 0);
        assert!(stopword_bit("xx").is_none());
    }

    /// Found in a French chapter half in untranslated English: its
    /// language depended on which came first (the vote read the first
    /// kilobyte); the order of its paragraphs changes nothing now.
    #[test]
    fn a_text_in_two_languages_has_one_language_whatever_its_order() {
        let en = "The system starts the services in the order that the files in this directory give, and the administrator can change that order when it is needed for the machine.\n\n";
        let fr = "Le système démarre les services dans l'ordre que donnent les fichiers de ce répertoire, et l'administrateur peut changer cet ordre quand il le faut pour la machine.\n\n";
        let detect = |text: &str| {
            let mut counts: Vec<(String, u32)> = Vec::new();
            for w in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
            {
                match counts.iter_mut().find(|(t, _)| *t == w) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((w, 1)),
                }
            }
            let types: Vec<&str> = counts.iter().map(|(t, _)| t.as_str()).collect();
            let freq: Vec<u32> = counts.iter().map(|(_, n)| *n).collect();
            detect_document(&stopword_masks(&types), &freq, text, None)
        };
        let english_first = format!("{}{}", en.repeat(16), fr.repeat(14));
        let french_first = format!("{}{}", fr.repeat(14), en.repeat(16));
        let found = detect(&english_first);
        assert!(found.is_some());
        assert_eq!(found, detect(&french_first));
    }
}
