//! The abbreviation lexicons that sentence splitting reads: data files in
//! `src/data/abbreviations/` (one a language, their format in the README
//! there), plus any the user adds (`--abbreviations FILE`).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The built-in lexicons, by language.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("data/abbreviations/en.txt")),
    ("de", include_str!("data/abbreviations/de.txt")),
    ("fr", include_str!("data/abbreviations/fr.txt")),
    ("es", include_str!("data/abbreviations/es.txt")),
    ("it", include_str!("data/abbreviations/it.txt")),
    ("nl", include_str!("data/abbreviations/nl.txt")),
    ("pt", include_str!("data/abbreviations/pt.txt")),
    ("pl", include_str!("data/abbreviations/pl.txt")),
];

/// What an entry says about a period after it (or about the word itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `!`: a period after it never ends a sentence.
    Never,
    /// `#`: a period after it does not end a sentence before a number.
    Number,
    /// `~`: a period after it ends a sentence only before a sentence opener.
    Weak,
    /// `^`: a word that opens sentences.
    Opener,
    /// `@`: after `a.m.`/`p.m.`, a word that keeps the time in the sentence.
    Time,
    /// `°`: a word before an ordinal number.
    OrdinalCue,
    /// `%`: a word after an ordinal number.
    OrdinalNoun,
    /// `=`: a label before a number that opens a heading or caption
    /// (`Kapitel 3. Die Systeminitialisierung`, `Table 1.1. Packages`).
    Label,
}

impl Kind {
    fn from_mark(mark: &str) -> Option<Kind> {
        Some(match mark {
            "!" => Kind::Never,
            "#" => Kind::Number,
            "~" => Kind::Weak,
            "^" => Kind::Opener,
            "@" => Kind::Time,
            "°" => Kind::OrdinalCue,
            "%" => Kind::OrdinalNoun,
            "=" => Kind::Label,
            _ => return None,
        })
    }
}

/// A set of [`Kind`]s: what the lexicons say of one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Kinds(u8);

impl Kinds {
    /// Whether the set holds `kind`.
    pub(crate) fn has(self, kind: Kind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }
}

impl Kinds {
    /// Whether the set holds a kind of abbreviation whose period may go
    /// on with its sentence (`!`, `#`, `~`).
    pub(crate) fn abbreviation(self) -> bool {
        self.has(Kind::Never) || self.has(Kind::Number) || self.has(Kind::Weak)
    }
}

impl std::ops::BitOr for Kinds {
    type Output = Kinds;
    fn bitor(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }
}

/// The entries of every lexicon, each with the kinds it has: one lookup
/// answers for every kind (a period after a word asks up to four).
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Entries as written.
    exact: FxHashMap<Box<str>, Kinds>,
    /// Entries that match only as written, never capitalised (`_a`: the
    /// German `a.` of `Mühldorf a. Inn`, which as `A.` is an initial).
    only_as_written: FxHashMap<Box<str>, Kinds>,
    /// Every entry in lower case, for documents written all in lower case.
    lower: FxHashMap<Box<str>, Kinds>,
}

static EXTRA: OnceLock<String> = OnceLock::new();
static LEXICON: OnceLock<Lexicon> = OnceLock::new();

/// Adds a lexicon (the text of a file in the lexicons' format) to the
/// built-in ones, for the whole process. Must come before the first text
/// is tokenized; fails on a malformed line (naming it) or when too late.
pub fn add(text: &str) -> Result<(), String> {
    parse(text, &mut Lexicon::default())?;
    if LEXICON.get().is_some() || EXTRA.set(text.to_string()).is_err() {
        return Err("abbreviations must be added before any text is read".into());
    }
    Ok(())
}

/// The lexicon in use.
pub(crate) fn get() -> &'static Lexicon {
    LEXICON.get_or_init(|| {
        let mut lex = Lexicon::default();
        for (lang, text) in BUILT_IN {
            if let Err(e) = parse(text, &mut lex) {
                panic!("built-in abbreviations ({lang}): {e}");
            }
        }
        if let Some(extra) = EXTRA.get() {
            // Checked when it was added.
            let _ = parse(extra, &mut lex);
        }
        lex
    })
}

fn parse(text: &str, lex: &mut Lexicon) -> Result<(), String> {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        // A comment is a line of its own (`#` is also a kind).
        if line.is_empty() || line.starts_with("# ") || line == "#" {
            continue;
        }
        let Some((word, mark)) = line.rsplit_once(char::is_whitespace) else {
            return Err(format!("line {}: not `ENTRY KIND`", n + 1));
        };
        let Some(kind) = Kind::from_mark(mark) else {
            return Err(format!(
                "line {}: unknown kind {mark:?} (one of ! # ~ ^ @ ° % =)",
                n + 1
            ));
        };
        let word = word.trim().trim_end_matches('.');
        let (word, as_written) = match word.strip_prefix('_') {
            Some(w) => (w, true),
            None => (word, false),
        };
        // (`+Of ^`: never in a text all in lower case, where `of` and
        // `ill` are words.)
        let (word, cased) = match word.strip_prefix('+') {
            Some(w) => (w, true),
            None => (word, false),
        };
        if word.is_empty() || word.contains(char::is_whitespace) {
            return Err(format!("line {}: an entry is one word", n + 1));
        }
        let bit = Kinds(1 << kind as u8);
        let exact = if as_written {
            lex.only_as_written.entry(word.into()).or_default()
        } else {
            lex.exact.entry(word.into()).or_default()
        };
        *exact = *exact | bit;
        if !cased {
            let lower = lex.lower.entry(word.to_lowercase().into()).or_default();
            *lower = *lower | bit;
        }
    }
    Ok(())
}

impl Lexicon {
    /// Whether `word` is an entry of `kind`: as written, or — for an entry
    /// in lower case — capitalised; in a document all in lower case
    /// (`lowercased`), any entry in lower case.
    pub fn has(&self, kind: Kind, word: &str, lowercased: bool) -> bool {
        self.kinds(word, lowercased).has(kind)
    }

    /// The kinds of entry `word` is (see [`Lexicon::has`]), found without
    /// allocating for words of up to 64 bytes.
    pub(crate) fn kinds(&self, word: &str, lowercased: bool) -> Kinds {
        let get =
            |map: &FxHashMap<Box<str>, Kinds>, w: &str| map.get(w).copied().unwrap_or_default();
        if lowercased {
            let found = get(&self.lower, word);
            if !word.chars().any(char::is_uppercase) {
                return found;
            }
            return found | with_lowercase(word, usize::MAX, |w| get(&self.lower, w));
        }
        let found = get(&self.exact, word) | get(&self.only_as_written, word);
        match word.chars().next() {
            Some(c) if c.is_uppercase() => {
                found | with_lowercase(word, c.len_utf8(), |w| get(&self.exact, w))
            }
            _ => found,
        }
    }
}

/// Calls `f` with `word` lowercased in its first `prefix` bytes (a char
/// boundary, or `usize::MAX` for the whole word), in a buffer on the stack
/// when it fits.
fn with_lowercase<T>(word: &str, prefix: usize, f: impl FnOnce(&str) -> T) -> T {
    let split = prefix.min(word.len());
    let (head, tail) = word.split_at(split);
    if head.contains('Σ') {
        // A final sigma lowercases by its place (the standard library's
        // rule): not char by char.
        let mut lower = head.to_lowercase();
        lower.push_str(tail);
        return f(&lower);
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut fits = true;
    for c in head.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        if len + n > buf.len() {
            fits = false;
            break;
        }
        c.encode_utf8(&mut buf[len..]);
        len += n;
    }
    if fits && len + tail.len() <= buf.len() {
        buf[len..len + tail.len()].copy_from_slice(tail.as_bytes());
        len += tail.len();
        // Whole chars were written: the buffer holds UTF-8.
        return f(std::str::from_utf8(&buf[..len]).unwrap_or_default());
    }
    let mut lower: String = head.chars().flat_map(char::to_lowercase).collect();
    lower.push_str(tail);
    f(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_lexicons_parse_and_match() {
        let lex = get();
        assert!(lex.has(Kind::Never, "Mrs", false));
        assert!(!lex.has(Kind::Never, "mrs", false));
        assert!(lex.has(Kind::Never, "mrs", true));
        assert!(lex.has(Kind::Never, "Approx", false));
        assert!(lex.has(Kind::Number, "p", false));
        assert!(lex.has(Kind::Number, "núm", false));
        assert!(lex.has(Kind::Weak, "Inc", false));
        assert!(lex.has(Kind::Opener, "The", false));
        assert!(lex.has(Kind::Time, "ET", false));
        assert!(lex.has(Kind::OrdinalCue, "Im", false));
        assert!(!lex.has(Kind::Never, "The", false));
    }

    /// The lookup by kind masks, on the stack, answers as the plain rule
    /// does: one set a kind, entries and their case variants allocated.
    #[test]
    fn kind_masks_answer_as_sets_by_kind_do() {
        let lex = get();
        // (entry, kind, whether it matches only as written: `_a`; whether
        // never in a text in lower case: `+Of`)
        let entries: Vec<(&str, Kind, bool, bool)> = BUILT_IN
            .iter()
            .flat_map(|(_, text)| text.lines())
            .filter_map(|line| {
                let line = line.trim();
                let (word, mark) = line.rsplit_once(char::is_whitespace)?;
                let word = word.trim().trim_end_matches('.');
                let (word, only) = match word.strip_prefix('_') {
                    Some(w) => (w, true),
                    None => (word, false),
                };
                let (word, cased) = match word.strip_prefix('+') {
                    Some(w) => (w, true),
                    None => (word, false),
                };
                Some((word, Kind::from_mark(mark)?, only, cased))
            })
            .collect();
        // `capital`: `w` is an entry capitalised (not for `_` entries).
        let in_kind = |kind: Kind, w: &str, lower: bool, capital: bool| {
            entries.iter().any(|&(e, k, only, cased)| {
                k == kind
                    && !(capital && only)
                    && if lower {
                        !cased && e.to_lowercase() == w
                    } else {
                        e == w
                    }
            })
        };
        let plain = |kind: Kind, w: &str, lowercased: bool| {
            if lowercased {
                return in_kind(kind, w, true, false)
                    || in_kind(kind, &w.to_lowercase(), true, false);
            }
            let mut chars = w.chars();
            in_kind(kind, w, false, false)
                || match chars.next() {
                    Some(c) if c.is_uppercase() => in_kind(
                        kind,
                        &c.to_lowercase().chain(chars).collect::<String>(),
                        false,
                        true,
                    ),
                    _ => false,
                }
        };
        let long = "Ü".repeat(40);
        let mut words: Vec<String> = vec![long.clone(), long.to_lowercase(), "ΟΔΟΣ".into()];
        // Entries only as written (`_a`): never capitalised.
        words.extend(["a", "A", "i", "I", "f", "F"].map(String::from));
        for &(e, _, _, _) in entries.iter().step_by(7) {
            let mut cap = e.chars();
            let capital = cap
                .next()
                .map(|c| c.to_uppercase().chain(cap).collect::<String>())
                .unwrap_or_default();
            words.extend([e.to_string(), e.to_uppercase(), e.to_lowercase(), capital]);
        }
        let kinds = [
            Kind::Never,
            Kind::Number,
            Kind::Weak,
            Kind::Opener,
            Kind::Time,
            Kind::OrdinalCue,
            Kind::OrdinalNoun,
            Kind::Label,
        ];
        for w in &words {
            for kind in kinds {
                for lowercased in [false, true] {
                    assert_eq!(
                        lex.has(kind, w, lowercased),
                        plain(kind, w, lowercased),
                        "{w:?} {kind:?} lowercased={lowercased}"
                    );
                }
            }
        }
    }

    #[test]
    fn malformed_lines_are_named() {
        let mut lex = Lexicon::default();
        assert_eq!(
            parse("Mr !\nOops\n", &mut lex).unwrap_err(),
            "line 2: not `ENTRY KIND`"
        );
        assert!(parse("Abc ?\n", &mut lex)
            .unwrap_err()
            .contains("unknown kind"));
        assert!(parse("# only a comment\n\nNo #\nHr. !\n", &mut lex).is_ok());
        assert!(lex.exact["No"].has(Kind::Number));
        assert!(lex.exact["Hr"].has(Kind::Never));
        assert!(!lex.exact["Hr"].has(Kind::Number));
    }
}
