//! Syllable counts.
//!
//! * English: the CMU Pronouncing Dictionary (cmudict 0.7b as shipped in the
//!   `cmudict-fast` 0.8.0 crate; 125,000+ words; BSD-2-Clause, see
//!   `src/data/LICENSE-CMUDICT`) — the number of vowel phonemes of a word's
//!   first pronunciation, derived by `scripts/cmudict_syllables.py` into
//!   `src/data/cmudict-syllables.txt`. Words not in it (names, coinages) get
//!   `english_heuristic`, which the tests measure against the dictionary.
//! * Spanish and French: rules (see [`spanish`], [`french`]); both
//!   languages' syllables follow from their spelling.
//! * Other languages with TeX hyphenation patterns (the `hyphenation`
//!   crate; German, Italian, Dutch ...): the pieces between hyphenation
//!   points. TeX patterns never break within a word's first or last two
//!   letters (`O-per`, `A-bend`, `U-fer` have no break), so the first and
//!   the last piece count the vowel nuclei they hold (`nuclei`); so do
//!   the pieces between, at least one each (vowels in hiatus can share a
//!   piece: `Ver-sio-nen`).
//! * Anything else: groups of vowel letters.
//!
//! Gold lists counted by hand (`tests/syllables/*.txt`) measure each
//! language's exact-match rate (README, Syllables).
//!
//! Hyphenated compounds count as the sum of their parts; numbers count one
//! syllable (as textstat counts them).

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use hyphenation::{Hyphenator, Language, Load, Standard};

static CMUDICT: &str = include_str!("data/cmudict-syllables.txt");

/// The table's index, built by `build.rs`: a power-of-two number of
/// little-endian `u32` slots, each 0 (empty) or a line's offset + 1, placed
/// by [`cmudict_hash`] with linear probing.
static CMUDICT_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cmudict-index.bin"));

include!("data/cmudict_hash.rs");

/// Syllables of an English word from the CMU Pronouncing Dictionary, if it
/// is there. `word` must be lowercase, with `'` as apostrophe. A look-up in
/// the prebuilt hash index: no start-up cost, one or two probes.
pub(crate) fn cmudict_lookup(word: &str) -> Option<u32> {
    let table = CMUDICT.as_bytes();
    let slots = CMUDICT_INDEX.len() / 4;
    let mask = slots - 1;
    let mut slot = cmudict_hash(word.as_bytes()) as usize & mask;
    loop {
        let at = slot * 4;
        let entry = u32::from_le_bytes(CMUDICT_INDEX[at..at + 4].try_into().ok()?) as usize;
        if entry == 0 {
            return None;
        }
        let line = &table[entry - 1..];
        if line.len() > word.len()
            && line[word.len()] == b' '
            && &line[..word.len()] == word.as_bytes()
        {
            let digits = &line[word.len() + 1..];
            let end = digits
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(digits.len());
            return std::str::from_utf8(&digits[..end]).ok()?.parse().ok();
        }
        slot = (slot + 1) & mask;
    }
}

/// The hyphenation dictionary for a language (ISO 639-1 code), loaded once.
fn hyphenator(code: &str) -> Option<&'static Standard> {
    macro_rules! cached {
        ($lang:expr) => {{
            static DICT: OnceLock<Option<Standard>> = OnceLock::new();
            DICT.get_or_init(|| Standard::from_embedded($lang).ok())
                .as_ref()
        }};
    }
    match code {
        "de" => cached!(Language::German1996),
        "fr" => cached!(Language::French),
        "es" => cached!(Language::Spanish),
        "it" => cached!(Language::Italian),
        "pt" => cached!(Language::Portuguese),
        "nl" => cached!(Language::Dutch),
        "sv" => cached!(Language::Swedish),
        "da" => cached!(Language::Danish),
        "nb" | "no" => cached!(Language::NorwegianBokmal),
        "fi" => cached!(Language::Finnish),
        "pl" => cached!(Language::Polish),
        "cs" => cached!(Language::Czech),
        "hu" => cached!(Language::Hungarian),
        "tr" => cached!(Language::Turkish),
        "ru" => cached!(Language::Russian),
        "uk" => cached!(Language::Ukrainian),
        _ => None,
    }
}

/// A thread's cache holds at most this many words a language; when full it
/// starts over. Results never depend on it: it only saves recomputing.
const CACHE_LIMIT: usize = 1 << 19;

thread_local! {
    static CACHE: RefCell<FxHashMap<&'static str, FxHashMap<Box<str>, u32>>> = RefCell::default();
}

/// [`count`] for each of `words`, remembered per thread across documents:
/// a corpus repeats most of its vocabulary, and hyphenation and dictionary
/// look-ups are the costly part of syllables.
pub fn count_all(words: &[&str], language: Option<&'static str>) -> Vec<u32> {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let known = cache.entry(language.unwrap_or("")).or_default();
        words
            .iter()
            .map(|&word| {
                if let Some(&n) = known.get(word) {
                    return n;
                }
                let n = count(word, language);
                if known.len() >= CACHE_LIMIT {
                    known.clear();
                }
                known.insert(word.into(), n);
                n
            })
            .collect()
    })
}

/// The elided words of French and Italian that hold no vowel (see
/// `tokenize`'s table of elided forms; the `u` of `qu` is silent).
const ELIDED_WITHOUT_VOWEL: &[&str] = &["c", "ç", "d", "j", "l", "m", "n", "s", "t", "qu", "v"];

/// Counts the syllables of a word (already lowercase) in a language given
/// as an ISO 639-1 code (`None`: treated as English).
pub fn count(word: &str, language: Option<&str>) -> u32 {
    if crate::tokenize::is_number(word) || crate::tokenize::is_link(word) {
        return 1;
    }
    // (The hyphens `‐` and `‑` and `’` start with the byte E2: a word
    // without it or `-`, nearly every one, is not searched for them.)
    let wide = word.as_bytes().contains(&0xE2);
    if (wide || word.as_bytes().contains(&b'-')) && word.contains(['-', '\u{2010}', '\u{2011}']) {
        return word
            .split(['-', '\u{2010}', '\u{2011}'])
            .filter(|p| !p.is_empty())
            .map(|p| count(p, language))
            .sum::<u32>()
            .max(1);
    }
    if word.starts_with(|c: char| c.is_numeric()) {
        return 1;
    }
    // An elided article or pronoun without a vowel (`l’`, `d’`, `qu’`, `j’`,
    // split from its word by the tokenizer) is said in the next word's
    // first syllable: `l’archive` is two syllables, not three.
    if matches!(language, Some("fr" | "it")) && ELIDED_WITHOUT_VOWEL.contains(&word) {
        return 0;
    }
    match language {
        None | Some("en") => {
            let key = if wide && word.contains('’') {
                std::borrow::Cow::Owned(word.replace('’', "'"))
            } else {
                std::borrow::Cow::Borrowed(word)
            };
            dictionary(&key)
                .or_else(|| spelled_out(&key))
                .unwrap_or_else(|| english_heuristic(&key))
        }
        Some("es") => spanish(word),
        Some("fr") => french(word),
        Some(code) => match hyphenator(code) {
            Some(h) => {
                let breaks = h.hyphenate(word).breaks;
                let nuclei = |piece: &str| nuclei(piece, code);
                // A piece between breaks is one syllable, or more when it
                // holds vowels in hiatus (German `Ver-sio-nen`: patterns
                // avoid one-letter pieces, so `si-o` stays together).
                let n = match (breaks.first(), breaks.last()) {
                    (Some(&first), Some(&last)) => {
                        // (In German a piece without a vowel — a linking
                        // `s`, `Befehl-s-ab-fol-ge` — is no syllable; in
                        // other languages it stays one: Czech's `r` and
                        // `l` are nuclei, `čtvr-tek`, and Turkish `ı`,
                        // Hungarian `ő`, Polish `ą` are no vowels here.)
                        let least = u32::from(code != "de");
                        let middle: u32 = breaks
                            .windows(2)
                            .map(|w| nuclei(&word[w[0]..w[1]]).max(least))
                            .sum();
                        nuclei(&word[..first]) + middle + nuclei(&word[last..])
                    }
                    _ => nuclei(word),
                };
                n.max(1)
            }
            None => vowel_groups(word),
        },
    }
}

/// A word's syllables as the CMU Pronouncing Dictionary has them: an
/// abbreviation with its final period (the table has `a.m.`, `e.g.`,
/// `ph.d.`; a word never ends with its period: `a.m` had been counted one
/// syllable by the rules); for a word it lacks, by the words it is made
/// of: a possessive's stem, a word and its ending, two words.
fn dictionary(word: &str) -> Option<u32> {
    if word.contains('.') && !word.ends_with('.') {
        if let Some(n) = cmudict_lookup(&format!("{word}.")) {
            return Some(n);
        }
    }
    cmudict_lookup(word)
        .or_else(|| possessive(word))
        .or_else(|| derived(word, &cmudict_lookup))
        .or_else(|| compound(word, &cmudict_lookup))
}

/// A possessive's syllables by its stem's in the dictionary (`poem's`: two;
/// one more after a sibilant, `church's`).
fn possessive(word: &str) -> Option<u32> {
    let stem = word
        .strip_suffix("'s")
        .filter(|s| s.len() >= 2)
        .or_else(|| word.strip_suffix('\'').filter(|s| s.ends_with('s')))?;
    let n = cmudict_lookup(stem)?;
    let sibilant = word.ends_with("'s") && SIBILANTS.iter().any(|end| stem.ends_with(end));
    Some(n + u32::from(sibilant))
}

/// Endings of words whose `-s` or `'s` is a syllable of its own.
const SIBILANTS: &[&str] = &["s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze"];

/// Endings a word of the dictionary takes, with their syllables (`-ed`:
/// one after `t` or `d`, else none; `-s`: none, but not after a
/// sibilant, whose `-es` is one).
const ENDINGS: &[(&str, u32)] = &[
    ("fully", 2),
    ("ness", 1),
    ("less", 1),
    ("ments", 1),
    ("ment", 1),
    ("ships", 1),
    ("ship", 1),
    ("ful", 1),
    ("ly", 1),
    ("ing", 1),
    ("ers", 1),
    ("er", 1),
    ("ed", 0),
    ("s", 0),
];

/// The syllables of a word the dictionary lacks made of one it has and
/// an ending (`attributions`, `optionally`, `versioned`, `sanely`: the
/// rules had counted an `-e` one too many). (See [`compound`] for how
/// well.)
fn derived(word: &str, lookup: &dyn Fn(&str) -> Option<u32>) -> Option<u32> {
    ENDINGS.iter().find_map(|&(ending, n)| {
        let stem = word.strip_suffix(ending).filter(|s| s.len() >= 3)?;
        if ending == "s" && SIBILANTS.iter().any(|e| stem.ends_with(e)) {
            return None;
        }
        let m = lookup(stem)?;
        Some(match ending {
            "ed" => m + u32::from(stem.ends_with(['t', 'd'])),
            _ => m + n,
        })
    })
}

/// The syllables of a compound the dictionary lacks, made of two words
/// it has (the second perhaps with an ending): `filenames`, `timestamps`,
/// `heartaches` (the rules had counted the first word's silent `e`). The
/// longest first word wins. Tried on the dictionary's own words made so,
/// each left out in turn (56,576), a word and its ending or two words
/// give the dictionary's count for 94.4%, the rules for 88.1%.
fn compound(word: &str, lookup: &dyn Fn(&str) -> Option<u32>) -> Option<u32> {
    // (Two words of the dictionary make no word past 40 letters: a longer
    // one, a sequence of letters, is not split at every point.)
    if !word.is_ascii() || !(6..=40).contains(&word.len()) {
        return None;
    }
    (3..=word.len() - 3).rev().find_map(|i| {
        let (first, second) = word.split_at(i);
        let a = lookup(first)?;
        let b = lookup(second).or_else(|| derived(second, lookup))?;
        Some(a + b)
    })
}

/// Two-letter vowel spellings that are one nucleus (a diphthong or a long
/// vowel), by language; other adjacent vowels are separate nuclei.
fn vowel_pairs(code: &str) -> &'static [&'static str] {
    match code {
        "de" => &[
            "äu", "au", "ai", "ei", "eu", "ie", "aa", "ee", "oo", "ay", "ey",
            // French loanwords' `ou`, one vowel: `Route`, `Tour`, `Journal`.
            "ou",
        ],
        "nl" => &[
            "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ei", "ij", "ui", "ou", "au",
        ],
        _ => &[],
    }
}

/// Three-letter vowel spellings that are one nucleus, by language: Dutch
/// `aai`, `ooi`, `oei` (a vowel and its glide: `mooi`, `groei`), `ieu`,
/// `eeu` (`nieuw`, `eeuw`).
fn vowel_triples(code: &str) -> &'static [[char; 3]] {
    match code {
        "nl" => &[
            ['a', 'a', 'i'],
            ['o', 'o', 'i'],
            ['o', 'e', 'i'],
            ['i', 'e', 'u'],
            ['e', 'e', 'u'],
        ],
        _ => &[],
    }
}

/// Vowel nuclei of a piece of a word: vowel letters, adjacent ones joined
/// where the language spells one nucleus with two letters (German `ei`,
/// `au`, `ie` ...; Italian and others: an unaccented `i` or `u` beside
/// another vowel), `u` after `q` no vowel. A piece without a vowel has
/// none.
fn nuclei(piece: &str, code: &str) -> u32 {
    let chars: Vec<char> = piece.chars().collect();
    let pairs = vowel_pairs(code);
    let triples = vowel_triples(code);
    let glides = pairs.is_empty();
    let vowel = |i: usize| is_vowel(chars[i]) && !(chars[i] == 'u' && i > 0 && chars[i - 1] == 'q');
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        if !vowel(i) {
            i += 1;
            continue;
        }
        n += 1;
        let mut j = i + 1;
        if chars.len() >= i + 3
            && triples.iter().any(|t| {
                (0..3).all(|k| chars[i + k].to_lowercase().eq([t[k]])) && (i == 0 || !vowel(i - 1))
            })
        {
            j = i + 3;
            // A vowel after the glide starts a syllable (`mooi-e`).
            if j < chars.len() && vowel(j) {
                n += 1;
                j += 1;
            }
        }
        while j < chars.len() && vowel(j) {
            let (a, b) = (chars[j - 1], chars[j]);
            let joined = if glides {
                // A nasal vowel and its glide (Portuguese `não`, `mãe`,
                // `eleições`) are one nucleus too.
                // An accented `í`, `ú` is a vowel of its own (`viúva`).
                (matches!(a, 'i' | 'u' | 'ã' | 'õ') || matches!(b, 'i' | 'u'))
                    && !matches!(a, 'í' | 'ú')
                    && !matches!(b, 'í' | 'ú')
            } else {
                let mut pair = String::new();
                pair.push(a);
                pair.push(b);
                pairs.contains(&pair.as_str()) && (j < 2 || !joined_at(&chars, j - 1, pairs))
            };
            if !joined {
                n += 1;
            }
            j += 1;
        }
        i = j;
    }
    n
}

/// Whether the letters at `i - 1` and `i` were joined as a pair (so the
/// letter at `i` cannot also start a pair: `eue` is `eu` + `e`).
fn joined_at(chars: &[char], i: usize, pairs: &[&str]) -> bool {
    if i == 0 || !is_vowel(chars[i - 1]) {
        return false;
    }
    let pair: String = [chars[i - 1], chars[i]].iter().collect();
    pairs.contains(&pair.as_str()) && !joined_at(chars, i - 1, pairs)
}

/// Spanish syllables, by the Real Academia Española's rules: each group of
/// adjacent vowels is one syllable, split between two strong vowels (`a`,
/// `e`, `o`, and an accented `í` or `ú`: hiatus, `po-e-ta`, `dí-a`); an
/// unaccented `i`, `u`, `ü` beside another vowel forms a diphthong
/// (`ciu-dad`, `a-gua`). `u` is silent in `que`, `qui`, `gue`, `gui`; `y`
/// is a vowel at the end of a word (`rey`, `muy`) or before a consonant,
/// else a consonant (`a-yer`).
pub fn spanish(word: &str) -> u32 {
    let c: Vec<char> = word.chars().collect();
    let kind = |i: usize| -> Option<bool> {
        // Some(true): strong vowel; Some(false): weak; None: consonant.
        match c[i] {
            'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú' => Some(true),
            'u' if i > 0
                && matches!(c[i - 1], 'q' | 'g')
                && matches!(c.get(i + 1), Some('e' | 'i' | 'é' | 'í')) =>
            {
                None
            }
            'i' | 'u' | 'ü' => Some(false),
            // `y` is a vowel at a word's end or before a consonant (`rey`,
            // `hobby`, `Ybarra`), a consonant before a vowel (`a-yer`).
            'y' if !matches!(c.get(i + 1), Some(n) if is_vowel(*n)) => Some(false),
            _ => None,
        }
    };
    let mut n = 0u32;
    let mut prev: Option<bool> = None;
    for i in 0..c.len() {
        let k = kind(i);
        match (prev, k) {
            (_, None) => {}
            (None, Some(_)) => n += 1,
            (Some(true), Some(true)) => n += 1,
            _ => {}
        }
        prev = k;
    }
    n.max(1)
}

/// French syllables as spoken: each group of adjacent vowels is one
/// syllable (`oi`, `eau`, `ou`, `ai`; `i`, `u`, `ou` before a vowel are
/// glides: `é-tu-diant`, `nuit`), split before a letter with a diaeresis
/// (`No-ël`, `na-ïf`), after `é` (`ré-el`, `thé-âtre`, but `-ée` and `-ées`
/// at the end are one), before an accented vowel after `a`, `e`, `o`
/// (`po-ète`), in `ao` and `oa`, and around a `y` between vowels
/// (`pa-ys`, `cra-yon`); `u` after `q` and in `gue`, `gui` is no vowel. A
/// final `e` or `es` after a consonant is mute (`table`, `livres`) unless
/// it is the only vowel.
pub fn french(word: &str) -> u32 {
    let c: Vec<char> = word.chars().collect();
    let len = c.len();
    let vowel = |i: usize| -> bool {
        let ch = c[i];
        if ch == 'u'
            && i > 0
            && (c[i - 1] == 'q'
                || (c[i - 1] == 'g' && matches!(c.get(i + 1), Some('e' | 'i' | 'é' | 'è' | 'ê'))))
        {
            return false;
        }
        is_vowel(ch)
    };
    // The final mute `e`: its index, when the word ends in `e` or `es`.
    let final_e = match (c.last(), len) {
        (Some('e'), _) => Some(len - 1),
        (Some('s'), 2..) if c[len - 2] == 'e' => Some(len - 2),
        _ => None,
    };
    let mut n = 0u32;
    let mut i = 0;
    while i < len {
        if !vowel(i) {
            i += 1;
            continue;
        }
        n += 1;
        let mut j = i + 1;
        while j < len && vowel(j) {
            let (a, b) = (c[j - 1], c[j]);
            let split = matches!(b, 'ë' | 'ï' | 'ü' | 'ÿ')
                || (a == 'é' && Some(j) != final_e)
                || (matches!(b, 'é' | 'è' | 'ê' | 'â' | 'ô') && matches!(a, 'a' | 'e' | 'o'))
                || matches!((a, b), ('a', 'o') | ('o', 'a'))
                || (a == 'y' && j >= 2 && !vowel(j - 2))
                || (b == 'y' && j >= 1);
            // `y` after a vowel starts a syllable and joins the vowel
            // after it (`pa-yer`).
            let split = split && !(a == 'y' && j >= 2 && vowel(j - 2));
            if split {
                n += 1;
            }
            j += 1;
        }
        // A final mute `e` standing alone (after a consonant).
        if let Some(e) = final_e {
            if i == e && j == e + 1 && n > 1 {
                n -= 1;
            }
        }
        i = j;
    }
    n.max(1)
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'á'
            | 'â'
            | 'ã'
            | 'ä'
            | 'å'
            | 'æ'
            | 'è'
            | 'é'
            | 'ê'
            | 'ë'
            | 'ì'
            | 'í'
            | 'î'
            | 'ï'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ö'
            | 'ø'
            | 'ù'
            | 'ú'
            | 'û'
            | 'ü'
            | 'ý'
            | 'ÿ'
            | 'œ'
            | 'ā'
            | 'ē'
            | 'ī'
            | 'ō'
            | 'ū'
            | 'а'
            | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'і'
            | 'ї'
            | 'є'
    )
}

/// Groups of consecutive vowel letters, at least one.
pub(crate) fn vowel_groups(word: &str) -> u32 {
    let mut groups = 0;
    let mut in_vowel = false;
    for c in word.chars() {
        let v = is_vowel(c);
        if v && !in_vowel {
            groups += 1;
        }
        in_vowel = v;
    }
    groups.max(1)
}

/// The syllables of an initialism said letter by letter: a word of three to
/// six letters without a vowel (`ssh`, `gpl`, `hms`, `gdpr`, `png`; words
/// in lower case here), not in the dictionary, is its letters' names, each
/// one syllable but `w` (`double-u`, three). Had been one syllable: a
/// privacy policy's 33 initialisms were 67 syllables short. An
/// abbreviation said as the word it stands for has that word's syllables
/// ([`SAID`]).
fn spelled_out(word: &str) -> Option<u32> {
    // (Every entry of the table is four letters at most.)
    if word.len() <= 4 {
        if let Some(&(_, n)) = SAID.iter().find(|(w, _)| *w == word) {
            return Some(n);
        }
    }
    if word.bytes().any(|b| b"aeiouy".contains(&b)) {
        return None;
    }
    ((3..=6).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_lowercase()))
        .then(|| word.bytes().map(|b| if b == b'w' { 3 } else { 1 }).sum())
}

/// How a document writes a word type, for [`initialism`]: every time in
/// capitals (`KDE`), every time in capitals but a plural's `s` (`GPUs`),
/// or otherwise. (A possessive's `'s` is no part of this: `KDE's` is in
/// capitals.)
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Capitals {
    All,
    Plural,
    Other,
}

impl Capitals {
    /// How a word is written, from its text (as it stands in the
    /// document).
    pub(crate) fn of(word: &str) -> Capitals {
        let core = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("'S"))
            .or_else(|| word.strip_suffix("’s"))
            .or_else(|| word.strip_suffix("’S"))
            .unwrap_or(word);
        let (core, plural) = match core.strip_suffix('s') {
            Some(stem) => (stem, true),
            None => (core, false),
        };
        let mut letters = 0;
        for c in core.chars() {
            if !c.is_uppercase() {
                return Capitals::Other;
            }
            letters += 1;
        }
        match (letters >= 2, plural) {
            (false, _) => Capitals::Other,
            (true, true) => Capitals::Plural,
            (true, false) => Capitals::All,
        }
    }
}

/// The syllables of an initialism said letter by letter, from how the
/// document writes it: a word always in capitals there (`KDE`, `GPUs`,
/// `AWS's`; `written`, see [`Capitals`]) that the dictionary lacks, of two
/// or three letters (`CVE`, `UTF`, `EOF`, `EU`) but not consonant, vowel,
/// consonant (`LAN`, `GIF`, said as words), or of up to six without a
/// vowel (`ZDF`, `NRW`), and no Roman numeral. Its letters' names (English `w`: three, German
/// `y`, `Ypsilon`: three; French `w`, `double vé`: three, `y`, `i grec`:
/// two; each other letter one), and a possessive's or plural's syllable
/// after a name ending in a hiss (`s`, `x`, `h`: `ess`, `ex`, `aitch`).
/// The rules had counted `KDE` and `GPU` one syllable each: a Debian manual
/// wrote 129 `KDE` and 583 `UTF`. `None` for other words, a stopword
/// (`DIE`, `UND` in a German heading) and other languages.
pub(crate) fn initialism(
    word: &str,
    language: Option<&str>,
    written: Capitals,
    stopword: bool,
) -> Option<u32> {
    let letter_name = match language {
        None | Some("en") => |c: char| if c == 'w' { 3 } else { 1 },
        Some("de") => |c: char| if c == 'y' { 3 } else { 1 },
        Some("fr") => |c: char| match c {
            'w' => 3,
            'y' => 2,
            _ => 1,
        },
        _ => return None,
    };
    if written == Capitals::Other || stopword {
        return None;
    }
    let (core, possessive) = match word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")) {
        Some(core) => (core, true),
        None => (word, false),
    };
    let (stem, plural) = match (written, core.strip_suffix('s')) {
        (Capitals::Plural, Some(stem)) => (stem, true),
        _ => (core, false),
    };
    // (In the dictionary, or an abbreviation said as a word: newswire's
    // `PCT`, `MLN` in a headline in capitals.)
    let known = |w: &str| cmudict_lookup(w).is_some() || SAID.iter().any(|&(said, _)| said == w);
    if matches!(language, None | Some("en")) && (known(word) || known(core) || known(stem)) {
        return None;
    }
    let letters: Vec<char> = stem.chars().collect();
    // (A Roman numeral, `II`, `XIV`, is said as its number: `World War
    // II`.)
    if !letters.iter().all(|c| c.is_alphabetic()) || letters.iter().all(|c| "ivx".contains(*c)) {
        return None;
    }
    let vowel = |c: &char| "aeiouyäöüéèêàâîôû".contains(*c);
    let said_as_a_word =
        letters.len() == 3 && !vowel(&letters[0]) && vowel(&letters[1]) && !vowel(&letters[2]);
    let spelled = match letters.len() {
        2 | 3 => !said_as_a_word,
        4..=6 => !letters.iter().any(vowel),
        _ => false,
    };
    if !spelled {
        return None;
    }
    let names: u32 = letters.iter().map(|&c| letter_name(c)).sum();
    let hiss = matches!(letters.last(), Some('s' | 'x' | 'h'));
    Some(names + u32::from((plural || possessive) && hiss))
}

/// Abbreviations (without a vowel, but `govt`, `dept`) said as the words
/// they stand for, with those words' syllables (as the CMU Pronouncing Dictionary counts them:
/// `pct` is "percent", two), and interjections (one). Newswire writes
/// `dlrs`, `mln`, `bln`, `pct`: spelled out letter by letter they had been
/// 2.4% of a Reuters corpus's words, its reading ease 2.3 points low.
/// (Words come here in lower case: the initialism `CTS` reads as `cts`,
/// cents, which newswire writes far more often.)
const SAID: &[(&str, u32)] = &[
    // Units and measures.
    ("lbs", 1),  // pounds
    ("hrs", 2),  // hours
    ("yds", 1),  // yards
    ("pts", 1),  // points
    ("tbsp", 3), // tablespoon
    ("tsp", 2),  // teaspoon
    ("pct", 2),  // percent
    ("bbl", 2),  // barrel
    ("bbls", 2), // barrels
    ("yrs", 1),  // years
    ("wks", 1),  // weeks
    ("mths", 1), // months
    // Money and markets (newswire).
    ("dlr", 2),  // dollar
    ("dlrs", 2), // dollars
    ("mln", 2),  // million
    ("bln", 2),  // billion
    ("trln", 2), // trillion
    ("cts", 1),  // cents
    ("shrs", 1), // shares
    ("qtr", 2),  // quarter
    ("qtrs", 2), // quarters
    ("mgmt", 3), // management
    ("govt", 3), // government
    ("dept", 3), // department
    ("ltd", 3),  // limited
    // Titles and places.
    ("blvd", 3), // boulevard
    ("sgt", 2),  // sergeant
    ("mrs", 2),  // missus
    ("mr", 2),   // mister
    // Interjections.
    ("hmm", 1),
    ("mmm", 1),
    ("shh", 1),
    ("brr", 1),
    ("grr", 1),
    ("tsk", 1),
    ("psst", 1),
    ("pfft", 1),
    ("zzz", 1),
    ("nth", 1),
];

/// Vowel letters that are a syllable of their own in English, apart from
/// a vowel beside them: a diaeresis says so (`naïve`, `Zoë`, `coöperate`),
/// and an accented `í` or `ú` in a borrowed name (`María`, `Raúl`).
fn own_syllable(c: char) -> bool {
    matches!(c, 'ä' | 'ë' | 'ï' | 'ö' | 'ü' | 'ÿ' | 'í' | 'ú')
}

/// A rule-based English syllable count for words not in the dictionary:
/// vowel groups, less a silent final `e` (but not `-le` after a consonant),
/// less `-ed` after anything but `t`/`d`, less `-es` after anything but a
/// sibilant; diphthongs that usually split (`ia`, `io`, `eo`, `ua`) add one.
pub(crate) fn english_heuristic(word: &str) -> u32 {
    let w: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if w.is_empty() {
        return 1;
    }
    // Groups of vowels, a vowel of its own (`naïve`) a group alone.
    let mut n = 0i32;
    let mut in_vowel = false;
    for &c in &w {
        let v = is_vowel(c);
        if v && (!in_vowel || own_syllable(c)) {
            n += 1;
        }
        in_vowel = v && !own_syllable(c);
    }
    let mut n = n.max(1);
    let len = w.len();
    let ends = |suffix: &str| {
        let k = suffix.len();
        len >= k && w[len - k..].iter().copied().eq(suffix.chars())
    };
    let consonant = |c: char| c.is_alphabetic() && !is_vowel(c);
    if len > 2 && ends("e") && !ends("ee") && !ends("ye") {
        let before = w[len - 2];
        let le = before == 'l' && len > 3 && consonant(w[len - 3]);
        if !le && consonant(before) {
            n -= 1;
        }
    }
    // `-led`, `-les` after a consonant keep the `le`'s syllable (`cud-dles`,
    // `gir-dled`), but not after `l`, `r`, `w` (`called`, `hurled`,
    // `howled`).
    let syllabic_le = len > 4
        && w[len - 3] == 'l'
        && consonant(w[len - 4])
        && !matches!(w[len - 4], 'l' | 'r' | 'w');
    if len > 3
        && ends("ed")
        && !matches!(w[len - 3], 't' | 'd')
        && consonant(w[len - 3])
        && !syllabic_le
    {
        n -= 1;
    }
    if len > 3
        && ends("es")
        && consonant(w[len - 3])
        && !matches!(w[len - 3], 's' | 'x' | 'z' | 'c' | 'g' | 'h')
        && !syllabic_le
    {
        n -= 1;
    }
    // (Pairs of two letters each, which cannot overlap themselves: counted
    // on the letters, not with a string search set up per pair.)
    n += w
        .windows(2)
        .filter(|p| {
            matches!(
                p,
                ['i', 'a'] | ['i', 'o'] | ['e', 'o'] | ['u', 'a'] | ['i', 'u']
            )
        })
        .count() as i32;
    if w.starts_with(&['m', 'c']) {
        n += 1;
    }
    n.max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialisms_and_vowels_of_their_own() {
        assert_eq!(count("ssh", None), 3);
        assert_eq!(count("gdpr", None), 4);
        assert_eq!(count("www", None), 9);
        // Two letters (`St.`, `ft`) and abbreviations said as words are not.
        assert_eq!(count("st", None), 1);
        assert_eq!(count("lbs", None), 1);
        // … with the syllables of the words they stand for (newswire);
        // every entry is four letters at most (`spelled_out` asks only
        // those).
        assert!(SAID.iter().all(|(w, _)| w.len() <= 4));
        for (abbreviation, n) in [
            ("dlrs", 2),
            ("mln", 2),
            ("bln", 2),
            ("pct", 2),
            ("cts", 1),
            ("govt", 3),
        ] {
            assert_eq!(count(abbreviation, None), n, "{abbreviation}");
        }
        assert_eq!(count("naïve", None), 2);
        assert_eq!(count("zoë", None), 2);
        assert_eq!(count("coöperate", None), 4);
        assert_eq!(count("āpā", None), 2);
        assert_eq!(count("maría", None), 3);
        // A word with a vowel is no initialism; a dictionary word is as
        // the dictionary says.
        assert_eq!(count("rhythm", None), 2);
        assert_eq!(count("nymph", None), 1);
    }

    #[test]
    fn initialisms_a_document_writes_in_capitals() {
        use Capitals::{All, Other, Plural};
        for (word, written) in [
            ("KDE", All),
            ("GPUs", Plural),
            ("KDE's", All),
            ("AWS’s", All),
            ("ÖBB", All),
            ("GPUS", All),
            ("Kde", Other),
            ("iPhone", Other),
            ("As", Other),
            ("A", Other),
            ("MP3", Other),
            ("USB-C", Other),
        ] {
            assert_eq!(Capitals::of(word), written, "{word}");
        }
        for (word, language, written, n) in [
            ("kde", None, All, Some(3)),
            ("gpus", None, Plural, Some(3)),
            ("kde's", None, All, Some(3)),
            // A double-u is three syllables; a hiss's plural one more.
            ("aws", None, All, Some(5)),
            ("aws's", None, All, Some(6)),
            ("utf", Some("en"), All, Some(3)),
            ("eof", None, All, Some(3)),
            ("zdf", Some("de"), All, Some(3)),
            ("eu", Some("de"), All, Some(2)),
            ("öbb", Some("de"), All, Some(3)),
            ("dsgv", Some("de"), All, Some(4)),
            ("ny", Some("de"), All, Some(4)),
            ("rfw", Some("fr"), All, Some(5)),
            // Said as a word: consonant, vowel, consonant; a vowel in four
            // letters or more.
            ("lan", None, All, None),
            ("uefi", None, All, None),
            // In the dictionary (`ide`, the fish, is there), a Roman
            // numeral, a word also written otherwise, another language.
            ("ide", None, All, None),
            ("pct", None, All, None),
            ("hmm", None, All, None),
            ("cpu", None, All, None),
            ("iii", None, All, None),
            ("xiv", None, All, None),
            ("kde", None, Other, None),
            ("kde", Some("es"), All, None),
            // (`gpus` written `GPUS`: four letters with a vowel.)
            ("gpus", None, All, None),
        ] {
            assert_eq!(initialism(word, language, written, false), n, "{word}");
        }
        // A stopword in capitals (`DIE` of a German heading) is a word.
        assert_eq!(initialism("die", Some("de"), All, true), None);
    }

    #[test]
    fn dictionary_words() {
        assert_eq!(count("the", None), 1);
        assert_eq!(count("area", None), 3);
        assert_eq!(count("every", None), 3);
        assert_eq!(count("council", Some("en")), 2);
        assert_eq!(count("readability", None), 5);
        assert_eq!(count("it’s", None), 1);
    }

    #[test]
    fn elided_words_without_a_vowel_are_said_with_the_next() {
        // `l’archive`, `qu’il`, `dell’anno`: the tokenizer splits them.
        let fr = |w: &str| count(w, Some("fr"));
        assert_eq!(fr("l") + fr("archive"), 2);
        assert_eq!(fr("qu") + fr("il"), 1);
        assert_eq!(fr("jusqu"), 1);
        let it = |w: &str| count(w, Some("it"));
        assert_eq!(it("l") + it("anno"), 2);
        assert_eq!(it("dell"), 1);
        // Elsewhere a letter is read out.
        assert_eq!(count("l", Some("de")), 1);
    }

    #[test]
    fn lookup_finds_first_last_and_missing_words() {
        let first = CMUDICT.lines().next().unwrap().split_once(' ').unwrap();
        let last = CMUDICT.lines().last().unwrap().split_once(' ').unwrap();
        assert_eq!(cmudict_lookup(first.0), first.1.parse().ok());
        assert_eq!(cmudict_lookup(last.0), last.1.parse().ok());
        assert_eq!(cmudict_lookup("zzzzqx"), None);
        assert_eq!(cmudict_lookup(""), None);
        assert_eq!(cmudict_lookup("fire's"), Some(2));
    }

    #[test]
    fn index_finds_every_word_of_the_table_and_nothing_else() {
        let table: FxHashMap<&str, u32> = CMUDICT
            .lines()
            .map(|l| {
                let (w, n) = l.split_once(' ').unwrap();
                (w, n.parse().unwrap())
            })
            .collect();
        for (&w, &n) in &table {
            assert_eq!(cmudict_lookup(w), Some(n), "{w}");
            // A proper prefix or an extension is found only if it is a
            // word of the table itself.
            let mut cut = w.len() - 1;
            while !w.is_char_boundary(cut) {
                cut -= 1;
            }
            for other in [&w[..cut], &format!("{w}x")] {
                assert_eq!(cmudict_lookup(other), table.get(other).copied(), "{other}");
            }
        }
    }

    #[test]
    fn compounds_and_numbers() {
        assert_eq!(count("well-known", None), 2);
        assert_eq!(count("28-year-old", None), 3);
        assert_eq!(count("1,250", None), 1);
        assert_eq!(count("5-2", None), 1);
        assert_eq!(count("5–2", None), 1);
    }

    /// The heuristic as first written, with string searches: the one
    /// counted on letters gives what it gave.
    fn heuristic_by_strings(word: &str) -> u32 {
        let w: Vec<char> = word
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            return 1;
        }
        let s: String = w.iter().collect();
        let mut n = 0i32;
        let mut in_vowel = false;
        for &c in &w {
            let v = is_vowel(c);
            if v && (!in_vowel || own_syllable(c)) {
                n += 1;
            }
            in_vowel = v && !own_syllable(c);
        }
        let mut n = n.max(1);
        let len = w.len();
        let consonant = |c: char| c.is_alphabetic() && !is_vowel(c);
        if len > 2 && s.ends_with('e') && !s.ends_with("ee") && !s.ends_with("ye") {
            let before = w[len - 2];
            let le = before == 'l' && len > 3 && consonant(w[len - 3]);
            if !le && consonant(before) {
                n -= 1;
            }
        }
        let syllabic_le = len > 4
            && w[len - 3] == 'l'
            && consonant(w[len - 4])
            && !matches!(w[len - 4], 'l' | 'r' | 'w');
        if len > 3
            && s.ends_with("ed")
            && !matches!(w[len - 3], 't' | 'd')
            && consonant(w[len - 3])
            && !syllabic_le
        {
            n -= 1;
        }
        if len > 3
            && s.ends_with("es")
            && consonant(w[len - 3])
            && !matches!(w[len - 3], 's' | 'x' | 'z' | 'c' | 'g' | 'h')
            && !syllabic_le
        {
            n -= 1;
        }
        for pair in ["ia", "io", "eo", "ua", "iu"] {
            n += s.matches(pair).count() as i32;
        }
        if s.starts_with("mc") {
            n += 1;
        }
        n.max(1) as u32
    }

    #[test]
    fn the_heuristic_counts_as_its_string_version_did() {
        let words = CMUDICT
            .lines()
            .filter_map(|l| l.split_once(' ').map(|(w, _)| w))
            .chain([
                "",
                "e",
                "ee",
                "ye",
                "mc",
                "McDonald",
                "iaia",
                "radio",
                "naïve",
                "ÉTÉ",
                "Ωmega",
                "hallström",
                "l'été",
                "ia",
                "ed",
                "es",
                "bled",
            ]);
        for word in words {
            assert_eq!(
                english_heuristic(word),
                heuristic_by_strings(word),
                "{word}"
            );
        }
    }

    #[test]
    fn heuristic_cases() {
        assert_eq!(english_heuristic("okafor"), 3);
        assert_eq!(english_heuristic("riverton"), 3);
        assert_eq!(english_heuristic("make"), 1);
        assert_eq!(english_heuristic("table"), 2);
        assert_eq!(english_heuristic("jumped"), 1);
        assert_eq!(english_heuristic("wanted"), 2);
        assert_eq!(english_heuristic("boxes"), 2);
        assert_eq!(english_heuristic("hallström"), 2);
        // A syllabic `le` keeps its syllable before `-s` and `-d`.
        for (word, n) in [
            ("cuddles", 2),
            ("wriggled", 2),
            ("zorbles", 2),
            ("called", 1),
            ("hurled", 1),
            ("howled", 1),
            ("smiles", 1),
        ] {
            assert_eq!(english_heuristic(word), n, "{word}");
        }
    }

    /// The heuristic is what unknown words get, so measure it on the known
    /// ones: exact on at least 80% of the dictionary, within one syllable on
    /// at least 97%.
    #[test]
    fn words_the_dictionary_lacks_are_counted_by_their_parts() {
        for (word, n) in [
            ("a.m", 2),
            ("e.g", 2),
            ("ph.d", 3),
            ("poem's", 2),
            ("church's", 2),
            ("attributions", 4),
            ("optionally", 4),
            ("versioned", 2),
            ("sanely", 2),
            ("filenames", 2),
            ("timestamps", 2),
        ] {
            assert_eq!(count(word, Some("en")), n, "{word}");
        }
        // Measured on the dictionary's own words, each left out in turn:
        // an ending after a word it has, and two words it has, give its
        // count more often than the rules do.
        let table: FxHashMap<&str, u32> = CMUDICT
            .lines()
            .filter_map(|l| l.split_once(' '))
            .filter_map(|(w, n)| Some((w, n.parse().ok()?)))
            .collect();
        let (mut tried, mut parts, mut rules) = (0, 0, 0);
        for (&word, &n) in &table {
            if !word.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let without = |w: &str| {
                if w == word {
                    None
                } else {
                    table.get(w).copied()
                }
            };
            let Some(m) = derived(word, &without).or_else(|| compound(word, &without)) else {
                continue;
            };
            tried += 1;
            parts += usize::from(m == n);
            rules += usize::from(english_heuristic(word) == n);
        }
        let (parts, rules) = (parts as f64 / tried as f64, rules as f64 / tried as f64);
        assert!(tried > 40_000, "{tried}");
        assert!(
            parts >= 0.94 && parts > rules + 0.05,
            "parts {parts:.3}, rules {rules:.3}"
        );
    }

    #[test]
    fn heuristic_agrees_with_the_dictionary() {
        let (mut exact, mut close, mut total) = (0, 0, 0);
        for line in CMUDICT.lines() {
            let Some((word, n)) = line.split_once(' ') else {
                continue;
            };
            let n: u8 = n.parse().unwrap();
            if !word.chars().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            let h = english_heuristic(word);
            total += 1;
            exact += usize::from(h == u32::from(n));
            close += usize::from(h.abs_diff(u32::from(n)) <= 1);
        }
        assert!(total > 100_000);
        let exact = exact as f64 / total as f64;
        let close = close as f64 / total as f64;
        assert!(exact >= 0.80, "exact {exact:.3}");
        assert!(close >= 0.97, "close {close:.3}");
    }

    #[test]
    fn cache_gives_the_same_counts() {
        let words = ["area", "hochwasser", "okafor", "well-known", "area"];
        for lang in [None, Some("de")] {
            let expected: Vec<u32> = words.iter().map(|w| count(w, lang)).collect();
            assert_eq!(count_all(&words, lang), expected);
            assert_eq!(count_all(&words, lang), expected);
        }
    }

    /// Found by an audit: Portuguese nasal diphthongs and Dutch vowels with
    /// their glides had counted two syllables.
    #[test]
    fn nasal_diphthongs_and_dutch_glides_are_one_nucleus() {
        for (w, n) in [
            ("não", 1),
            ("pão", 1),
            ("mãe", 1),
            ("nação", 2),
            ("eleições", 3),
            ("portuguesa", 4),
            ("viúva", 3),
            ("saída", 3),
        ] {
            assert_eq!(count(w, Some("pt")), n, "{w}");
        }
        for (w, n) in [
            ("nieuw", 1),
            ("Nieuwe", 2),
            ("mooi", 1),
            ("groei", 1),
            ("eeuw", 1),
            ("haai", 1),
            ("moeilijk", 2),
            ("bijvoorbeeld", 3),
        ] {
            assert_eq!(count(w, Some("nl")), n, "{w}");
        }
    }

    #[test]
    fn other_languages() {
        assert!(count("hochwasser", Some("de")) >= 3);
        assert_eq!(count("marché", Some("xx")), 2);
        assert_eq!(vowel_groups("brr"), 1);
    }

    /// German words whose vowels in hiatus sit inside one piece of their
    /// hyphenation (`Ver-sio-nen`: patterns avoid one-letter pieces), with
    /// Duden's syllables, and words whose pairs are one vowel.
    #[test]
    fn german_vowels_in_hiatus_inside_a_piece() {
        for (w, n) in [
            ("Informationen", 6),
            ("Aktionen", 4),
            ("Optionen", 4),
            ("Funktionen", 4),
            ("Versionen", 4),
            ("Situationen", 6),
            ("Variable", 4),
            ("Variablen", 4),
            ("Umgebungsvariablen", 7),
            ("Initialisierung", 7),
            ("Systeminitialisierung", 9),
            ("aktualisiert", 5),
            ("Aktualisierung", 6),
            ("Partitionen", 5),
            ("Bibliotheken", 5),
            ("Benutzeroberfläche", 7),
            ("Neuerstellung", 4),
            ("Regionen", 4),
            // Unchanged: one vowel, or hiatus across pieces already.
            ("Version", 3),
            ("Dateien", 3),
            ("Feuerwehr", 3),
            ("Bauer", 2),
            ("Museum", 3),
            ("Radio", 3),
            ("Konfigurationsdateien", 9),
            ("Eingabeaufforderung", 7),
        ] {
            assert_eq!(count(&w.to_lowercase(), Some("de")), n, "{w}");
        }
    }
}
