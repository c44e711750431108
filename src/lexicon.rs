//! The abbreviation lexicons that sentence splitting reads: data files in
//! `src/data/abbreviations/` (one a language, their format in the README
//! there), plus any the user adds (`--abbreviations FILE`).

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// The built-in lexicons, by language.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("data/abbreviations/en.txt")),
    ("de", include_str!("data/abbreviations/de.txt")),
    ("fr", include_str!("data/abbreviations/fr.txt")),
    ("es", include_str!("data/abbreviations/es.txt")),
    ("it", include_str!("data/abbreviations/it.txt")),
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

const KINDS: usize = 8;

/// The entries of every lexicon, by kind.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    exact: [FxHashSet<String>; KINDS],
    /// Every entry in lower case, for documents written all in lower case.
    lower: [FxHashSet<String>; KINDS],
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
        if word.is_empty() || word.contains(char::is_whitespace) {
            return Err(format!("line {}: an entry is one word", n + 1));
        }
        lex.exact[kind as usize].insert(word.to_string());
        lex.lower[kind as usize].insert(word.to_lowercase());
    }
    Ok(())
}

impl Lexicon {
    /// Whether `word` is an entry of `kind`: as written, or — for an entry
    /// in lower case — capitalised; in a document all in lower case
    /// (`lowercased`), any entry in lower case.
    pub fn has(&self, kind: Kind, word: &str, lowercased: bool) -> bool {
        let k = kind as usize;
        if lowercased {
            return self.lower[k].contains(word)
                || (word.chars().any(char::is_uppercase)
                    && self.lower[k].contains(&word.to_lowercase()));
        }
        if self.exact[k].contains(word) {
            return true;
        }
        let mut chars = word.chars();
        match chars.next() {
            Some(c) if c.is_uppercase() => {
                let lower: String = c.to_lowercase().chain(chars).collect();
                lower != word && self.exact[k].contains(&lower)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_lexicons_parse_and_match() {
        let lex = get();
        assert!(lex.has(Kind::Never, "Mr", false));
        assert!(!lex.has(Kind::Never, "mr", false));
        assert!(lex.has(Kind::Never, "mr", true));
        assert!(lex.has(Kind::Never, "Approx", false));
        assert!(lex.has(Kind::Number, "p", false));
        assert!(lex.has(Kind::Number, "núm", false));
        assert!(lex.has(Kind::Weak, "Inc", false));
        assert!(lex.has(Kind::Opener, "The", false));
        assert!(lex.has(Kind::Time, "ET", false));
        assert!(lex.has(Kind::OrdinalCue, "Im", false));
        assert!(!lex.has(Kind::Never, "The", false));
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
        assert!(lex.exact[Kind::Number as usize].contains("No"));
        assert!(lex.exact[Kind::Never as usize].contains("Hr"));
    }
}
