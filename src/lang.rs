//! Language detection (whatlang) and stopword lists (NLTK's, from the
//! `stop-words` crate).

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// How much of a text the detector reads first: its first this-many bytes
/// (cut at a character boundary), so that detection costs the same for
/// long and short documents.
pub const DETECT_SAMPLE_BYTES: usize = 1024;
/// When the first sample gives no reliable answer, a sample this long.
pub const DETECT_RETRY_BYTES: usize = 4096;

/// A detected language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    /// ISO 639-1 code where the language has one (`en`, `de`), else the
    /// ISO 639-3 code whatlang reports (`cmn`, `pes`).
    pub code: &'static str,
    /// whatlang's confidence, 0–1.
    pub confidence: f64,
}

/// Detects the language of a text from its first [`DETECT_SAMPLE_BYTES`],
/// or [`DETECT_RETRY_BYTES`] when that is not enough for a reliable answer.
/// `None` when the text gives the detector nothing to go on.
pub fn detect(text: &str) -> Option<Detected> {
    let sample = |len: usize| {
        let mut end = text.len().min(len);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    };
    let mut info = whatlang::detect(sample(DETECT_SAMPLE_BYTES));
    if text.len() > DETECT_SAMPLE_BYTES && !info.as_ref().is_some_and(whatlang::Info::is_reliable) {
        info = whatlang::detect(sample(DETECT_RETRY_BYTES));
    }
    let info = info?;
    Some(Detected {
        code: iso639_1(info.lang().code()),
        confidence: info.confidence(),
    })
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
        "nep" => "ne", "nld" => "nl", "nob" => "nb", "ori" => "or", "pan" => "pa",
        "pol" => "pl", "por" => "pt", "ron" => "ro", "rus" => "ru", "sin" => "si",
        "slk" => "sk", "slv" => "sl", "sna" => "sn", "spa" => "es", "srp" => "sr",
        "swe" => "sv", "tam" => "ta", "tel" => "te", "tgl" => "tl", "tha" => "th",
        "tuk" => "tk", "tur" => "tr", "ukr" => "uk", "urd" => "ur", "uzb" => "uz",
        "vie" => "vi", "yid" => "yi", "zul" => "zu",
        other => other,
    }
}

/// The stopword set of a language (ISO 639-1 code), lowercase; `None` when
/// NLTK has no list for it.
pub fn stopwords(code: &str) -> Option<&'static FxHashSet<&'static str>> {
    static SETS: OnceLock<FxHashMap<&'static str, FxHashSet<&'static str>>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        stop_words::available_languages()
            .iter()
            .filter_map(|&code| {
                let words = stop_words::lookup(code)?;
                Some((code, words.iter().copied().collect()))
            })
            .collect()
    });
    let code = if code == "nb" { "no" } else { code };
    sets.get(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_english_and_german() {
        let en =
            detect("The city council voted on Tuesday to approve the budget for the next year.")
                .unwrap();
        assert_eq!(en.code, "en");
        let de =
            detect("Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.")
                .unwrap();
        assert_eq!(de.code, "de");
        assert!(detect("").is_none());
    }

    #[test]
    fn stopword_lists() {
        assert!(stopwords("en").unwrap().contains("the"));
        assert!(stopwords("de").unwrap().contains("und"));
        assert!(stopwords("xx").is_none());
    }
}
