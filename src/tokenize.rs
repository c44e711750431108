//! Text → words, sentences and paragraphs, in one pass.
//!
//! Words follow the Unicode word-boundary rules (UAX #29): a word is a
//! segment holding at least one letter or digit, so `it’s`, `U.S`, `3.5` and
//! `1,250` are single words. Pure-ASCII stretches take a hand-written fast
//! path that implements the same rules for ASCII (checked against
//! `unicode-segmentation` by a property test); anything else goes through
//! `unicode-segmentation` itself. On top of UAX #29, news text needs:
//!
//! * hyphenated compounds stay one word (`well-known`, `28-year-old`,
//!   `COVID-19`): a hyphen (`-`, U+2010, U+2011) between two words joins
//!   them, and so does an en dash between letters (`Paley–Wiener`);
//! * times, scores and ranges stay one number (`7:30`, `4:02.51`, `5–2`,
//!   `2024–25`);
//! * thousands separated by a no-break, narrow no-break or thin space stay
//!   one number (`1 250`, as French and German typography write it).
//!
//! Sentences end at `.`, `!`, `?`, `…` (and the other common sentence
//! terminators of other scripts), together with any closing quotes or
//! brackets that follow, when whitespace and then a word that does not begin
//! with a lowercase letter follow. A period does not end a sentence after an
//! abbreviation that precedes names or numbers (`Mr.`, `Dr.`, `Gen.`, `St.`,
//! `No.`, `Feb.`, `z. B.` ...), after an initial (`J. R. Whitfield`), or
//! after an abbreviation of capital initials (`U.S.`, `U.K.`). A day
//! number before a German month name is an ordinal (`3. März`).
//!
//! A blank line always ends a paragraph and the sentence in it; so the title
//! line, followed by a blank line, is a sentence and a paragraph of its own.
//! Inside a block of lines with no blank line between them, lines are joined
//! (hard-wrapped text) unless a line is longer than
//! [`LONG_LINE`] characters, in which case every line is a paragraph (text
//! scraped as one line per paragraph); but a block whose only such line is
//! its first, stopping mid-sentence (on a word or a comma), its other lines
//! filled as wrapped lines are, is hard-wrapped all the same (a footnote's
//! label made the first line long); a long enough line stopping
//! mid-sentence before one opening in lower case goes on into it (a
//! paragraph re-wrapped), and so does a long one that fills the block's
//! width or stops on a comma, a function word or inside a sentence opened
//! on it (a paragraph wrapped wide, a Markdown paragraph's lines). A line
//! of a fenced block of code is one sentence, whatever periods it holds.
//! A line starting with a list marker (`- `, `* `, `• `, `1. `) starts a
//! new sentence, and the number of a
//! numbered item (`1. `) does not end one. A Markdown heading line (`## `)
//! is a paragraph of its own; its number (`## 3. Terms`) ends nothing.
//!
//! A web address with its scheme (`https://…`, `file:///…`) or an e-mail
//! address (found by `linkify`, without the punctuation that closes around
//! it: `(see https://x.org/a).`) is one word ([`is_link`]): an address is
//! not prose, and its pieces (`https`, `com`) are no words of the text.
//!
//! Raw HTML, which Markdown carries (`<p align="center">`, `<br/>`,
//! `</a>`, `<!-- … -->`, `&nbsp;`), is markup no reader sees: it parts
//! words as a space does and holds none (`markup_end`). Only tags of HTML
//! elements count, so a licence's `<name of author>` stays text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::lexicon::{Kind, Kinds};

/// The longest run of text without whitespace read as one chunk (bytes);
/// a longer one (a megabyte of `.` or `|`) is read in pieces this long,
/// so memory follows the piece, not the run. No word is this long.
const MAX_CHUNK: usize = 1 << 20;

/// A block whose longest line has more characters than this is read as one
/// paragraph a line; a block of shorter lines as hard-wrapped paragraph text.
pub const LONG_LINE: usize = 100;

/// A word token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as it appears in the text.
    pub text: &'a str,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Whether the word stands inside quotation marks.
    pub quoted: bool,
}

impl Word<'_> {
    /// Whether the word is a number: it starts with a digit and holds only
    /// digits and separators (`2024`, `1,250`, `3.5`, `7:30`, `2023-24`).
    pub fn is_number(&self) -> bool {
        is_number(self.text)
    }
}

/// Appends a text, lowercased, to `out`: the one case folding of every
/// folio table and comparison — statistics (`unique_words` and the
/// measures built on types), terms, keyness, kwic, stopword filters, the
/// diff's `--ignore-case`, fingerprints and rename detection — so a word
/// has one lowercase form everywhere. It is Unicode's full lowercase
/// mapping with its one context rule, as `str::to_lowercase`: a Greek
/// capital sigma at the end of a word becomes final `ς`, elsewhere `σ`
/// (`ΟΔΟΣ` → `οδος`, the form it has in running lowercase text). A
/// typographic apostrophe (`’`, `ʼ`) is written `'`: `GitHub’s` and
/// `GitHub's`, mixed in one document as often as not, are one word.
/// Turkish `İ` becomes `i` (not `i` and a combining dot).
pub(crate) fn lowercase_into(text: &str, out: &mut String) {
    // Turkish `İ` is `i` (Unicode's `i` and a combining dot above made
    // `İnönü` and `inönü` two words that look the same).
    let dotless = |c: char| if c == 'İ' { 'I' } else { c };
    let plain = |c: char| {
        if matches!(c, '\u{2019}' | '\u{2bc}') {
            '\''
        } else {
            c
        }
    };
    if text.is_ascii() {
        // Copied, then lowercased in place (vectorized), not a char at a
        // time.
        let from = out.len();
        out.push_str(text);
        out[from..].make_ascii_lowercase();
    } else if !text.contains('Σ') {
        // Capital sigma is the only letter whose lowercase depends on its
        // context; without it, char by char is the same, and allocates
        // nothing (this runs for every word of `folio stats`).
        out.extend(
            text.chars()
                .map(dotless)
                .flat_map(char::to_lowercase)
                .map(plain),
        );
    } else {
        let text: String = text.chars().map(dotless).collect();
        out.extend(text.to_lowercase().chars().map(plain));
    }
}

/// A text lowercased (see `lowercase_into`).
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    lowercase_into(text, &mut out);
    out
}

/// Whether a word is a number: it starts with a digit and holds only digits
/// and separators.
pub fn is_number(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_numeric())
        && word.chars().all(|c| {
            c.is_numeric()
                || matches!(
                    c,
                    '.' | ','
                        | ':'
                        | ';'
                        | '\''
                        | '’'
                        | '-'
                        | '–'
                        | '\u{a0}'
                        | '\u{202f}'
                        | '\u{2009}'
                )
        })
}

/// Whether a word is a web or e-mail address, a Markdown link's place in
/// its page (`#cancellation`), or a file's name (`report-2023.pdf`): the
/// scanner makes one word of an address, and no other word holds `/` or
/// `@` or opens with `#`.
pub fn is_link(word: &str) -> bool {
    word.starts_with('#') || word.bytes().any(|b| b == b'/' || b == b'@') || is_file_name(word)
}

/// Whether a sentence, as the scanner delimits it (its text, markers and
/// all), ends as prose does: with a sentence mark (`.`, `!`, `?`, `…`, and
/// their CJK, Arabic, Indic and Ethiopic forms) or a clause mark (`:`, `;`,
/// `,`, the clauses of an enumeration), behind any closing quotes,
/// brackets, emphasis, table pipes, footnote marks (`[1]`, `[^2]`, `³`) or
/// tags (`</p>`) — a comma before a footnote mark parts marks (an
/// index's `statement, [1], [2]`), no clause. A heading, a caption, a table's cell or a list's entry
/// without such a mark is no sentence of prose: readability is measured
/// without them.
pub fn ends_as_prose(sentence: &str) -> bool {
    prose_end(sentence).is_some()
}

/// Conjunctions that end an item of an enumeration which goes on in the
/// next (`… ausfallen oder`, `… the tenant; and`), in the five languages
/// folio splits sentences in.
pub(crate) const ITEM_CONJUNCTIONS: &[&str] = &[
    "and",
    "or",
    "nor",
    "und",
    "oder",
    "sowie",
    "bzw",
    "beziehungsweise",
    "et",
    "ou",
    "ni",
    "y",
    "o",
    "u",
    "e",
    "ed",
    "od",
];

/// `text` without the spaces (and tabs before them) between a hyphen that
/// breaks a word and its line's end (`Binnenmarkt-  ` / `Informationssystem`),
/// which hide the break from [`join_broken_words`]; the text itself when
/// it has none.
fn trim_after_line_end_hyphens(text: String) -> String {
    let bytes = text.as_bytes();
    // Each line's end, and the blanks before it after a hyphen (most
    // lines end on no blank: one byte looked at).
    let spaced = |nl: usize| -> Option<(usize, usize)> {
        let before = &bytes[..nl];
        let blanks = before
            .iter()
            .rev()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let at = nl.checked_sub(blanks + 1)?;
        if blanks == 0 || bytes[at] != b'-' {
            return None;
        }
        // Only where the hyphen breaks a word (`health - ` in a list
        // keeps its spaces: they are characters of the text).
        let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
        let next = nl + 1;
        let next_end = text[next..].find('\n').map_or(text.len(), |k| next + k);
        broken_word_end(&text[line_start..=at], &text[next..next_end]).map(|_| (at + 1, nl))
    };
    // (One search: a line that ends on a tab alone after its hyphen is
    // left as it is.)
    let ends: Vec<(usize, usize)> = memchr::memmem::find_iter(bytes, b" \n")
        .filter_map(|at| spaced(at + 1))
        .collect();
    if ends.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (blank_start, nl) in ends {
        out.push_str(&text[from..blank_start]);
        from = nl;
    }
    out.push_str(&text[from..]);
    out
}

/// Joins a word broken at a line's end by a hyphen: `Lebensmittel-` /
/// `Kennzeichnungsverordnung` is one word as it is read (`Lebensmittel-
/// Kennzeichnungsverordnung`), not two, and the same in a version wrapped
/// elsewhere. The hyphen is kept (it may be the word's own:
/// `öffentlich-rechtlich`, `cannon-shot`); the next line's first word
/// moves up to the end of the line, and its line keeps the rest (or goes,
/// when the word was all of it). Not joined: a suspended part before a
/// conjunction (`Informations-` / `und Ausbildungszwecken`), a part in
/// lower case before a word in capitals (a dash at a line of verse's end:
/// `breath-` / `Vainly`), a word that is not two letters at least (`a)`),
/// a dash of two hyphens, and anything in a code fence. Spaces or tabs
/// after the hyphen, before the line's end, change nothing (they had kept
/// the word broken, one word more: trailing spaces are never a change).
pub fn join_broken_words(text: String) -> String {
    let text = trim_after_line_end_hyphens(text);
    // Most texts break no word so (`--` at a line's end, a list's `-`
    // alone): looked for at each `-` + newline before the text is copied.
    let breaks = memchr::memmem::find_iter(text.as_bytes(), b"-\n").any(|at| {
        let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
        let next_end = text[at + 2..].find('\n').map_or(text.len(), |k| at + 2 + k);
        broken_word_end(&text[line_start..=at], &text[at + 2..next_end]).is_some()
    });
    if !breaks {
        return text;
    }
    // (As `boilerplate::split_lines` splits, into pieces that may change.)
    let mut lines: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(text.len() / 48 + 1);
    let mut from = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(std::borrow::Cow::Borrowed(&text[from..end]));
        from = end + 1;
    }
    lines.push(std::borrow::Cow::Borrowed(&text[from..]));
    let mut fenced: Option<(u8, usize)> = None;
    let mut i = 0;
    while i + 1 < lines.len() {
        if let Some(open) = fenced {
            let t = lines[i].trim_start_matches(' ');
            let n = t.bytes().take_while(|&b| b == open.0).count();
            if n >= open.1 && is_blank(&t[n..]) {
                fenced = None;
            }
            i += 1;
            continue;
        }
        if let Some(open) = fence(&lines[i]).filter(|_| {
            let title = |k: usize| lines.get(k).is_some_and(|l| !is_blank(l));
            !(i > 0
                && title(i - 1)
                && !(i > 1 && title(i - 2))
                && underline(&lines[i - 1], &lines[i], lines.get(i + 1).map(|l| &**l)))
        }) {
            fenced = Some(open);
            i += 1;
            continue;
        }
        let Some(word) = broken_word_end(&lines[i], &lines[i + 1]).map(str::len) else {
            i += 1;
            continue;
        };
        let (line, next) = (&lines[i], &lines[i + 1]);
        let indent = next.len() - next.trim_start_matches([' ', '\t']).len();
        let word_end = indent + word;
        let rest = &next[word_end..];
        let part_start = line
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(k, c)| k + c.len_utf8());
        let before = line[..part_start].trim_end();
        // The word's end goes up to its part; but where that makes the line
        // long (a line's length tells wrapped text from one paragraph a
        // line, see `LONG_LINE`), the part goes down to its end, from a line
        // that keeps words of its own.
        // The line left after the word must stay a line of text: `Zei-` /
        // `chen 306) Spalte` would leave `306) Spalte`, an item's number.
        let up = format!("{line}{}", &next[indent..word_end]);
        let kept = format!("{}{rest}", &next[..indent]);
        let up_stays = is_blank(rest) || line_kind(&kept) == line_kind(next);
        let can_go_down = before.contains(char::is_alphanumeric);
        let down = (is_long_line(&up) || !up_stays) && can_go_down;
        if !down && !up_stays {
            i += 1;
            continue;
        }
        if down {
            let joined = format!(
                "{}{}{}",
                &next[..indent],
                &line[part_start..],
                &next[indent..]
            );
            lines[i] = std::borrow::Cow::Owned(before.to_string());
            lines[i + 1] = std::borrow::Cow::Owned(joined);
            i += 1;
        } else if is_blank(rest) {
            lines[i] = std::borrow::Cow::Owned(up);
            lines.remove(i + 1);
        } else {
            lines[i] = std::borrow::Cow::Owned(up);
            lines[i + 1] = std::borrow::Cow::Owned(kept);
            i += 1;
        }
    }
    lines.join("\n")
}

/// The first word of `next` when it finishes a word `line` breaks off with
/// a hyphen (see [`join_broken_words`]).
fn broken_word_end<'a>(line: &str, next: &'a str) -> Option<&'a str> {
    let part = line.strip_suffix('-')?;
    let before = part.chars().next_back()?;
    if !before.is_alphabetic() {
        return None;
    }
    let part = part.rsplit(char::is_whitespace).next().unwrap_or(part);
    let body = next.trim_start_matches([' ', '\t']);
    let word = body.split(char::is_whitespace).next().unwrap_or(body);
    let letters: String = word.chars().take_while(|c| c.is_alphabetic()).collect();
    if letters.chars().count() < 2 {
        return None;
    }
    let first = letters.chars().next()?;
    let lower = letters.to_lowercase();
    if first.is_lowercase() {
        let conjunction = ITEM_CONJUNCTIONS.contains(&lower.as_str()) || lower == "bis";
        (!conjunction).then_some(word)
    } else {
        // A capital goes on a part that opens with one (`Lebensmittel-` /
        // `Kennzeichnungsverordnung`, `Anglo-` / `Saxon`).
        part.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
            .then_some(word)
    }
}

/// How a sentence of a text ends as prose ([`prose_end`]), told with where
/// it stands too: a Markdown heading (`#### 3. Access.`) is no prose,
/// whatever its mark; nor is a sentence that ends with a period and is
/// - a label on a line of its own opening a block, the block's text
///   going on below it (a play's `FIRST WITCH.`, a commentary's
///   `Verse 1.`, a section's `ARBITRATION.`, a licence's `0. Definitions.`):
///   at most four words, in capitals, or in title case, or a label word and
///   its number;
/// - a value closed by an estimate's abbreviation in brackets (`GDP $2.581
///   trillion (2014 est.)`): a sentence of prose puts its own period after
///   the bracket.
pub fn sentence_prose(text: &str, span: Range<usize>) -> Option<ProseEnd> {
    let sentence = &text[span.clone()];
    let end = prose_end(sentence)?;
    if atx_heading(sentence) || bare_item_label(sentence) || signs_the_text(text, span.clone()) {
        return None;
    }
    let last = sentence
        .as_bytes()
        .iter()
        .rev()
        .find(|c| !c.is_ascii_whitespace());
    if end == ProseEnd::Sentence
        && matches!(last, Some(b'.' | b')' | b']'))
        && (label_line(text, span) || last != Some(&b'.') && ends_in_estimate(sentence))
    {
        return None;
    }
    Some(end)
}

/// Whether a sentence is a quotation's attribution or a signature on a
/// line of its own under the text it signs, in the same block (see
/// [`attribution`], [`signature`]): `-- Marco Tulio Cicerón. (106-43
/// A.C.) Escritor, orador y político romano.` names who wrote the text,
/// and is none of its prose.
fn signs_the_text(text: &str, span: Range<usize>) -> bool {
    // (Told from the first byte for nearly every sentence.)
    if !text[span.start..].starts_with(['-', '—', '―']) {
        return false;
    }
    // The sentence opens its line, after its indentation (looked for
    // over blanks only: a line of `-- Xy. -- Xy.` had been searched back
    // to its start for each sentence).
    let indent = text.as_bytes()[..span.start]
        .iter()
        .rev()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let line_start = span.start - indent;
    if line_start == 0 || text.as_bytes()[line_start - 1] != b'\n' {
        return false;
    }
    // The line above is the block's: not blank.
    let above = &text[..line_start - 1];
    let above = &above[above.rfind('\n').map_or(0, |k| k + 1)..];
    let line_end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |k| span.start + k);
    let line = &text[line_start..line_end];
    !is_blank(above) && (attribution(line) || signature(line)) && named_attribution(line, above)
}

/// Whether a line under `above` signs it by name, as an attribution does
/// in a fortune file or a mail: indented (two columns or more: a novel's
/// dialogue under a dash is not), under a line that does not introduce
/// speech (`O cliente pergunta:`), and an [`attribution`], or opening
/// with one up to its first sentence's mark (`-- Alberto Olmedo. Actor
/// cómico argentino.`): not a line of dialogue (`-- Não dá! Já coloquei
/// dois`).
fn named_attribution(line: &str, above: &str) -> bool {
    indent_width(line) >= 2
        && !above.trim_end().ends_with(':')
        && (attribution(line)
            || line
                .match_indices([' ', '\t'])
                .map(|(k, _)| &line[..k])
                .find(|head| head.trim_start().len() > 3 && head.ends_with(['.', '!', '?']))
                .is_some_and(attribution))
}

/// Whether a sentence is only an item's number or letter, after its list
/// markers (`*   *   1.`, `- (2)`, `b)`, `IV.`): a statute's table set as
/// nested lists has its number as an item of its own — a label, no
/// sentence of prose (381 in 32 of 400 federal laws).
pub(crate) fn bare_item_label(sentence: &str) -> bool {
    let t = sentence
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '-' | '+' | '•'));
    let t = t.trim_end();
    let inner = t
        .strip_suffix('.')
        .or_else(|| t.strip_suffix(')'))
        .map(|x| x.strip_prefix('(').unwrap_or(x));
    inner.is_some_and(|w| !w.is_empty() && (is_enumerator(w) || is_item_label(w)))
}

/// Abbreviations that close a data value's note in brackets (`(2014
/// est.)`, `(approx.)`, `(elev.`…`)`), in the languages folio splits.
const ESTIMATES: &[&str] = &[
    "est",
    "approx",
    "ca",
    "elev",
    "pop",
    "avg",
    "aprox",
    "env",
    "geschätzt",
];

/// Whether a sentence is a data value closed by an abbreviation of
/// [`ESTIMATES`] and the bracket it closes, opened after the sentence's
/// start: a value is mostly figures (`$144.6 billion (2014 est.)`; a
/// sentence of prose with such a note, `… in support of research (May
/// 2009 est.)`, has more words than figures).
fn ends_in_estimate(sentence: &str) -> bool {
    let t = sentence.trim();
    let Some(inner) = t.strip_suffix(".)").or_else(|| t.strip_suffix(".]")) else {
        return false;
    };
    let word_start = inner.rfind(|c: char| !c.is_alphabetic()).map_or(0, |k| {
        k + inner[k..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &inner[word_start..];
    let opened_inside = inner.rfind(['(', '[']).is_some_and(|k| k > 0);
    if !opened_inside || !ESTIMATES.contains(&word.to_lowercase().as_str()) {
        return false;
    }
    let (mut words, mut figures) = (0usize, 0usize);
    for w in t
        .split_whitespace()
        .filter(|w| w.contains(char::is_alphanumeric))
    {
        words += 1;
        figures += usize::from(w.contains(|c: char| c.is_ascii_digit()));
    }
    figures * 100 >= words * FIGURES_PERCENT
        && (words <= VALUE_WORDS || figures * 100 >= words * 2 * FIGURES_PERCENT)
}

/// The most words of a data value with a share of figures of
/// [`FIGURES_PERCENT`]; a longer one needs twice that share (a sentence
/// of prose with a figure or two and an estimate's note is prose).
const VALUE_WORDS: usize = 12;

/// The share of words with figures (per cent) that makes a sentence a
/// data value (see [`ends_in_estimate`]).
const FIGURES_PERCENT: usize = 15;

/// Words that label a numbered part, before its number (`Verse 1.`,
/// `Chapter IV.`, `Scene 2.`).
const PART_LABELS: &[&str] = &[
    "verse",
    "verses",
    "chapter",
    "act",
    "scene",
    "book",
    "part",
    "canto",
    "psalm",
    "section",
    "article",
    "stanza",
    "lesson",
    "vers",
    "kapitel",
    "teil",
    "abschnitt",
    "artikel",
    "chapitre",
    "capítulo",
    "capitolo",
];

/// Small words that title case leaves in lower case (`Hints to
/// Preachers.`).
const TITLE_SMALL: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "und", "der",
    "die", "das", "des", "et", "de", "la", "le", "y", "e", "del", "di",
];

/// Whether a sentence is a label on a line of its own that opens a block
/// whose text goes on below it (see [`sentence_prose`]).
fn label_line(text: &str, span: Range<usize>) -> bool {
    // A line of its own: only spaces before it on its line and after it on
    // its line; the line before is blank (or none), the one after is not.
    // Told byte by byte around the sentence, which most sentences fail at
    // once.
    let b = text.as_bytes();
    let blank = |c: u8| c == b' ' || c == b'\t';
    let mut i = span.start;
    while i > 0 && blank(b[i - 1]) {
        i -= 1;
    }
    if i > 0 && b[i - 1] != b'\n' {
        return false;
    }
    // The line before: blank, or none.
    if i > 0 {
        let mut k = i - 1;
        while k > 0 && blank(b[k - 1]) {
            k -= 1;
        }
        if k > 0 && b[k - 1] != b'\n' {
            return false;
        }
    }
    let mut j = span.end;
    while j < b.len() && blank(b[j]) {
        j += 1;
    }
    if j >= b.len() || b[j] != b'\n' {
        return false;
    }
    j += 1;
    while j < b.len() && blank(b[j]) {
        j += 1;
    }
    if j >= b.len() || b[j] == b'\n' {
        return false;
    }
    // The first of a list's items (`1. Install Python.` over `2. Run
    // Setup.`) is an item, not a label.
    let next_line = text[j..].split('\n').next().unwrap_or("");
    if line_kind(next_line) == LineKind::ListItem {
        return false;
    }
    let sentence = text[span].trim();
    if sentence.len() > 120 {
        return false;
    }
    let words: Vec<&str> = sentence
        .split_whitespace()
        .filter(|w| w.contains(char::is_alphanumeric))
        .collect();
    // `Q: Why?` / `A: No.` are an exchange, not labels.
    if words.is_empty() || words.len() > 4 || words.iter().any(|w| w.ends_with(':')) {
        return false;
    }
    let letters = || sentence.chars().filter(|c| c.is_alphabetic());
    let capitals = letters().count() >= 2 && letters().all(char::is_uppercase);
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let number = |w: &str| {
        let w = bare(w);
        !w.is_empty()
            && (w.bytes().all(|b| b.is_ascii_digit() || b == b'-')
                || roman_value(&w.to_uppercase()).is_some())
    };
    let labelled = words.len() >= 2
        && PART_LABELS.contains(&bare(words[0]).to_lowercase().as_str())
        && number(words[1]);
    let title = |ws: &[&str]| {
        !ws.is_empty()
            && ws[0].starts_with(char::is_uppercase)
            && ws.iter().all(|w| {
                w.starts_with(char::is_uppercase)
                    || number(w)
                    || TITLE_SMALL.contains(&bare(w).as_str())
            })
    };
    let numbered_title = words.len() >= 2 && number(words[0]) && title(&words[1..]);
    capitals || labelled || numbered_title || (words.len() >= 2 && title(&words))
}

/// How a sentence of prose ends ([`ends_as_prose`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseEnd {
    /// With a sentence mark: `.`, `!`, `?`, `…` …
    Sentence,
    /// With a clause mark: `:`, `;`, `,` … (a clause of an enumeration, or
    /// its lead-in, set as an entry or a line of its own).
    Clause,
}

/// How a sentence ends as prose does (see [`ends_as_prose`]), if it does.
pub fn prose_end(sentence: &str) -> Option<ProseEnd> {
    // Most sentences end in an ASCII mark, letter or digit: told by their
    // last byte (a sentence is ended per sentence of every text).
    let b = sentence.trim_ascii_end().as_bytes();
    match b.last() {
        None => return None,
        Some(b'.' | b'!' | b'?') => return Some(ProseEnd::Sentence),
        Some(b':' | b';' | b',') => return Some(ProseEnd::Clause),
        Some(c) if c.is_ascii_alphanumeric() => return clause_then_conjunction(sentence),
        _ => {}
    }
    let mut s = sentence;
    // Whether a note was stripped: a comma before one parts it from the
    // one before (an index's entry `statement, [1], [2]`), no clause.
    let mut noted = false;
    loop {
        let t = s.trim_end_matches(|c: char| {
            c.is_whitespace()
                || (is_closer(c) && c != ']')
                || matches!(
                    c,
                    '*' | '_' | '~' | '`' | '|' | '¹' | '²' | '³' | '⁰'
                        ..='⁹' | '）' | '】' | '》' | '〉'
                )
        });
        let t = match strip_note(t) {
            Some(rest) => {
                // (A footnote's mark, not a tag: `Dear Anna,<br>` is a
                // clause.)
                noted |= t.ends_with(']');
                rest
            }
            None => t.strip_suffix(']').unwrap_or(t),
        };
        // Dashes glued to the sentence's mark (`… of you.--`, `?”—`).
        let t = match t.trim_end_matches(['-', '–', '—']) {
            r if r.len() < t.len() && r.ends_with(|c| is_terminator(c) || is_closer(c)) => r,
            _ => t,
        };
        if t.len() == s.len() {
            break;
        }
        s = t;
    }
    let c = s.chars().next_back()?;
    if is_terminator(c) {
        Some(ProseEnd::Sentence)
    } else if noted && c == ',' {
        None
    } else if matches!(
        c,
        ':' | ';' | ',' | '：' | '；' | '，' | '、' | '،' | '؛' | '۔' | '׃' | '։' | '፣' | '፤'
    ) {
        Some(ProseEnd::Clause)
    } else {
        None
    }
}

/// An enumeration's clause that ends with its conjunction after the
/// clause mark (`… the rent; or`, `… beendet, und`): a clause of prose.
fn clause_then_conjunction(sentence: &str) -> Option<ProseEnd> {
    let t = sentence.trim_end();
    let (before, last) = t.rsplit_once(char::is_whitespace)?;
    (ITEM_CONJUNCTIONS.contains(&last) && before.trim_end().ends_with([',', ';']))
        .then_some(ProseEnd::Clause)
}

/// A text without the footnote mark (`[1]`, `[^12]`, `[a]`) or tag
/// (`</p>`, `<br/>`) it ends with; `None` when it ends with neither.
fn strip_note(text: &str) -> Option<&str> {
    let (open, close) = if text.ends_with(']') {
        ('[', ']')
    } else if text.ends_with('>') {
        ('<', '>')
    } else {
        return None;
    };
    // (Looked for among the last bytes only: a note's inside is 7 bytes
    // at most, a tag's name shorter than 16; a search back over the whole
    // text at each `]` stripped had made `[[[…x]]]` quadratic.)
    let mut from = text.len().saturating_sub(24);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let start = from + text[from..].rfind(open)?;
    let inner = &text[start + 1..text.len() - close.len_utf8()];
    let note = open == '['
        && (1..=6).contains(&inner.len())
        && inner
            .trim_start_matches('^')
            .chars()
            .all(char::is_alphanumeric);
    let tag = open == '<' && {
        let name = inner
            .trim_start_matches('/')
            .trim_end_matches('/')
            .trim_end();
        HTML_ELEMENTS
            .binary_search(&name.to_ascii_lowercase().as_str())
            .is_ok()
    };
    (note || tag).then(|| &text[..start])
}

/// The extensions that make a word a file's name (`report-2023.pdf`,
/// `map_2012.jpg`, `logind.conf`, `disk.img`): documents, images, sound,
/// video, data, archives, pages, configuration, logs, disk images,
/// packages, programs' sources and libraries; and the domains that make
/// one a site's (`example.org`), read as an address is.
const FILE_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "txt", "md", "rst", "tex", "csv", "tsv", "xls", "xlsx",
    "ods", "ppt", "pptx", "json", "xml", "yaml", "yml", "toml", "ini", "cfg", "conf", "list",
    "log", "lock", "sql", "db", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "tar", "deb", "rpm",
    "img", "iso", "exe", "dll", "so", "jpg", "jpeg", "png", "gif", "svg", "webp", "tif", "tiff",
    "bmp", "mp3", "mp4", "wav", "ogg", "webm", "mov", "avi", "htm", "html", "css", "js", "ts",
    "py", "rb", "pl", "php", "sh", "rs", "go", "java", "c", "h", "cc", "cpp", "hpp", "com", "org",
    "net", "edu", "gov", "io",
];

/// Whether a Markdown link's address is a path of folders without a `/`
/// first (`github/site-policy/terms`, `docs/a.md#usage`): a `/` between
/// two names, and nothing but the characters of a path.
fn folder_path(address: &str) -> bool {
    address.starts_with(|c: char| c.is_alphanumeric())
        && address.contains('/')
        && !address.contains("//")
        && address.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    '/' | '-' | '_' | '.' | '%' | '~' | '#' | '?' | '=' | '&' | '+'
                )
        })
}

/// Whether a word is a file's name: letters, digits and `-`, `_`, `.`,
/// `%`, ending in a dot and one of [`FILE_EXTENSIONS`] (after a name of
/// two characters at least for an extension of one, `example.c`: `D.C`,
/// `U.S.C` are abbreviations).
fn is_file_name(word: &str) -> bool {
    // (A byte search: asked of every word type a thread meets.)
    let Some(dot) = memchr::memrchr(b'.', word.as_bytes()) else {
        return false;
    };
    let (stem, ext) = (&word[..dot], &word[dot + 1..]);
    if ext.len() > 4 {
        return false;
    }
    let last_part = stem.rsplit('.').next().unwrap_or(stem);
    // (An extension of one letter after a name with a letter: `example.c`,
    // not a section's `12.c`; an extension in one case: `done.So` is a
    // sentence's end without its space.)
    let one_case = ext.bytes().all(|b| !b.is_ascii_uppercase())
        || ext.bytes().all(|b| !b.is_ascii_lowercase());
    !stem.is_empty()
        && one_case
        && (ext.len() > 1
            || last_part.chars().count() > 1 && last_part.contains(char::is_alphabetic))
        && stem.chars().any(char::is_alphanumeric)
        && stem
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '%'))
        && FILE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// Receives the tokens of a text as the scanner finds them.
pub trait Sink {
    /// A word.
    fn word(&mut self, word: Word<'_>);
    /// A sentence ended; `span` is its byte range, `words` its word count.
    /// Sentences without words (a line of `###`) are reported too.
    fn sentence(&mut self, _span: Range<usize>, _words: u32) {}
    /// A paragraph ended; `span` is its byte range, `words` its word count.
    fn paragraph(&mut self, _span: Range<usize>, _words: u32) {}
    /// A block of code starts (`span`: its byte range, fences included):
    /// its lines follow, each a paragraph of its own, whose words,
    /// sentences and paragraphs are code, not prose.
    fn code(&mut self, _span: Range<usize>) {}
}

/// Tokenization rules that can be switched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Read a one- or two-digit number with a period before a German month
    /// name (`3. März`) as an ordinal day, not a sentence end. On by default:
    /// the pattern does not occur in other languages' prose.
    pub german_ordinals: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            german_ordinals: true,
        }
    }
}

/// A sentence or paragraph of a [`Tokenized`] text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// Range of indices into [`Tokenized::words`].
    pub words: Range<usize>,
}

/// A whole text's tokens, for callers that want them in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokenized<'a> {
    /// Every word, in order.
    pub words: Vec<Word<'a>>,
    /// Every sentence (including sentences without words), in order.
    pub sentences: Vec<Segment>,
    /// Every paragraph, in order.
    pub paragraphs: Vec<Segment>,
    /// The byte ranges of blocks of code (fenced in Markdown, `<pre>` in a
    /// web page), in order: their words are no prose (see [`Sink::code`]).
    pub code: Vec<Range<usize>>,
}

impl<'a> Tokenized<'a> {
    /// Whether byte `pos` of the text is inside a block of code.
    pub fn in_code(&self, pos: usize) -> bool {
        in_ranges(&self.code, pos)
    }

    /// The text of each word.
    #[cfg(test)]
    fn word_texts(&self) -> Vec<&'a str> {
        self.words.iter().map(|w| w.text).collect()
    }
}

/// A word of [`Tokens`]: where it is in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordSpan {
    start: usize,
    end: usize,
    quoted: bool,
}

/// A [`Tokenized`] text that does not borrow the text: word spans instead
/// of slices, so it can be kept beside the text it was made from and read
/// again with [`Tokens::view`] without tokenizing twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tokens {
    words: Vec<WordSpan>,
    sentences: Vec<Segment>,
    paragraphs: Vec<Segment>,
    code: Vec<Range<usize>>,
}

/// Whether `pos` is inside one of `ranges` (sorted, not overlapping).
pub(crate) fn in_ranges(ranges: &[Range<usize>], pos: usize) -> bool {
    let k = ranges.partition_point(|r| r.end <= pos);
    ranges.get(k).is_some_and(|r| r.start <= pos)
}

impl Tokens {
    /// Keeps the tokens of a text.
    pub fn keep(t: &Tokenized<'_>) -> Tokens {
        Tokens {
            words: t
                .words
                .iter()
                .map(|w| WordSpan {
                    start: w.start,
                    end: w.start + w.text.len(),
                    quoted: w.quoted,
                })
                .collect(),
            sentences: t.sentences.clone(),
            paragraphs: t.paragraphs.clone(),
            code: t.code.clone(),
        }
    }

    /// The tokens as a [`Tokenized`] of `text`, which must be the text they
    /// were made from (else words are empty where spans do not fit).
    pub(crate) fn view<'a>(&self, text: &'a str) -> Tokenized<'a> {
        Tokenized {
            words: self
                .words
                .iter()
                .map(|w| Word {
                    text: text.get(w.start..w.end).unwrap_or_default(),
                    start: w.start,
                    quoted: w.quoted,
                })
                .collect(),
            sentences: self.sentences.clone(),
            paragraphs: self.paragraphs.clone(),
            code: self.code.clone(),
        }
    }

    /// The number of words.
    pub fn words(&self) -> usize {
        self.words.len()
    }
}

/// Tokenizes a whole text into memory.
pub fn tokenize<'a>(text: &'a str, rules: Rules) -> Tokenized<'a> {
    struct Collect<'a> {
        text: &'a str,
        out: Tokenized<'a>,
        sentence_from: usize,
        paragraph_from: usize,
    }
    impl Sink for Collect<'_> {
        fn word(&mut self, word: Word<'_>) {
            let text = &self.text[word.start..word.start + word.text.len()];
            self.out.words.push(Word { text, ..word });
        }
        fn sentence(&mut self, span: Range<usize>, _words: u32) {
            let n = self.out.words.len();
            self.out.sentences.push(Segment {
                span,
                words: self.sentence_from..n,
            });
            self.sentence_from = n;
        }
        fn paragraph(&mut self, span: Range<usize>, _words: u32) {
            let n = self.out.words.len();
            self.out.paragraphs.push(Segment {
                span,
                words: self.paragraph_from..n,
            });
            self.paragraph_from = n;
        }
        fn code(&mut self, span: Range<usize>) {
            self.out.code.push(span);
        }
    }
    let mut sink = Collect {
        text,
        out: Tokenized::default(),
        sentence_from: 0,
        paragraph_from: 0,
    };
    scan(text, rules, &mut sink);
    sink.out
}

/// Scans a text and reports its words, sentences and paragraphs to `sink`.
pub fn scan<S: Sink>(text: &str, rules: Rules, sink: &mut S) {
    let mut scanner = Scanner::new(text, rules, sink);
    let mut block: Vec<(usize, &str)> = Vec::new();
    // A fenced block of code: its lines, and where its closing fence ends.
    let mut code: Vec<(usize, &str)> = Vec::new();
    let mut code_end = 0;
    // For each fence character, the shortest fence found unclosed: a
    // fence as long or longer cannot close either (so a text of stray
    // fences is searched once, not once a fence).
    let mut unclosed = [usize::MAX; 2];
    // Where an HTML comment spanning lines ends.
    let mut comment_end = 0;
    // Where no `-->` follows: a comment opening after it is text.
    let mut no_close_from = usize::MAX;
    // Where an HTML tag spanning lines ends (see `tag_over_lines`), and
    // the next `<` of the text (searched once past each: most lines hold
    // none, and a search a line had cost more than the rest of the test).
    let mut tag_end = 0;
    let mut next_lt: Option<usize> = memchr::memchr(b'<', text.as_bytes());
    // A reStructuredText literal block being read: the indentation its
    // lines go beyond (see `literal_opener`), and its lines so far.
    let mut literal: Option<usize> = None;
    // A reStructuredText comment being read: its first line's indentation
    // (see `rst_comment`), and its lines so far.
    let mut comment: Option<usize> = None;
    let mut hidden: Vec<(usize, &str)> = Vec::new();
    // The indentation of the directive whose line (and options so far) the
    // block holds, if it does (see `directive_line`).
    let mut options: Option<usize> = None;
    for (start, mut line) in lines(text) {
        let mut start = start;
        // (Only the line right after the directive's, or an option's, may
        // be an option: a blank line ends them.)
        let option_of = options.take();
        if start < code_end {
            code.push((start, line));
            if start + line.len() == code_end {
                scanner.code(&code);
                code.clear();
            }
            continue;
        }
        if let Some(base) = literal {
            if is_blank(line) || indent_width(line) > base {
                code.push((start, line));
                continue;
            }
            scanner.indented_code(&code);
            code.clear();
            literal = None;
        }
        if let Some(base) = comment {
            // (An empty comment, `..` alone, holds no text after a blank
            // line: an indented block quote after it is the reader's.)
            let empty = hidden.len() == 1 && hidden[0].1.trim() == "..";
            let blank = is_blank(line);
            if !(blank && empty) && (blank || indent_width(line) > base) {
                if !blank {
                    hidden.push((start, line));
                }
                continue;
            }
            scanner.markup(&hidden);
            hidden.clear();
            comment = None;
        }
        // An HTML comment over several lines (Markdown's way to hide
        // notes, a fence in it too): shown to no reader, it parts
        // paragraphs as a blank line. What follows its `-->` on its last
        // line is text.
        if start < comment_end {
            if start + line.len() <= comment_end {
                continue;
            }
            line = &line[comment_end - start..];
            start = comment_end;
        } else if let Some(end) = comment_over_lines(text, start, line, &mut no_close_from) {
            scanner.block(&block);
            block.clear();
            comment_end = end;
            continue;
        }
        // An HTML tag over several lines (`<a` / `  href="…"` /
        // `  target="_blank">`, as READMEs set their logos) is markup, as
        // it is on one line: its attributes had been read as words. Unlike
        // a comment, it is inline: the text around it stays in its block.
        // (Its `>` may open another such tag: so each line's rest in turn.)
        let skip = loop {
            if start < tag_end {
                if start + line.len() <= tag_end {
                    break true;
                }
                line = &line[tag_end - start..];
                start = tag_end;
                if is_blank(line) {
                    break true;
                }
            }
            if next_lt.is_some_and(|k| k < start) {
                next_lt = memchr::memchr(b'<', &text.as_bytes()[start..]).map(|k| start + k);
            }
            if next_lt.is_none_or(|k| k >= start + line.len()) {
                break false;
            }
            let Some((open, end)) = tag_over_lines(text, start, line) else {
                break false;
            };
            let before = &line[..open - start];
            if !is_blank(before) {
                block.push((start, before));
            }
            tag_end = end;
        };
        if skip {
            continue;
        }
        // An opening fence counts only when a closing one follows: an
        // unclosed fence (a stray ``` in prose) leaves the text prose.
        let closed = fence(line).and_then(|f| {
            let next = next_line(text, start, line);
            if block.len() == 1 && underline(block[0].1, line, next) {
                return None;
            }
            let k = usize::from(f.0 == b'~');
            if f.1 >= unclosed[k] {
                return None;
            }
            let end = closing_fence(text, start + line.len(), f);
            if end.is_none() {
                unclosed[k] = f.1;
            }
            end
        });
        if let Some(end) = closed {
            scanner.block(&block);
            block.clear();
            code_end = end;
            code.push((start, line));
            continue;
        }
        if blank_or_box_edge(line) {
            let opener = literal_opener(&block);
            if opener.is_some_and(|(_, directive)| directive) {
                scanner.markup(&block);
            } else {
                scanner.block(&block);
            }
            literal = opener.map(|(base, _)| base);
            block.clear();
        } else if (block.is_empty() || heading_only(&block))
            && opens_with_dot(line)
            && (rst_comment(line)
                && next_line(text, start, line).is_none_or(|next| {
                    is_blank(next)
                        || indent_width(next) > indent_width(line)
                        || trim_start(next).starts_with("..")
                })
                || hidden_directive(line))
        {
            // A reStructuredText comment (`.. not shown`, and the lines
            // indented under it) is shown to no reader: markup, no words,
            // parting paragraphs. (Its text had been prose, its lines'
            // `..` glued to the sentence before.) Only at a block's start,
            // as reStructuredText reads it: inside a paragraph, `.. and
            // then` is the paragraph's. And only ended by a blank line, a
            // line indented under it or more markup, as reStructuredText
            // wants it: a
            // paragraph of plain text that opens on an ellipsis (`.. I
            // used to get in more fights` / `now, thanks to Linux, …`, a
            // fortune's) is text.
            // So is markup that shows none of its text, with the lines
            // indented under it (see `hidden_directive`). (Right under a
            // heading's underline too, as Sphinx reads it: a table of
            // contents' versions had run into one sentence of words.)
            scanner.block(&block);
            block.clear();
            hidden.push((start, line));
            comment = Some(indent_width(line));
        } else if option_of.is_some_and(|indent| {
            let t = trim_start(line);
            indent_width(line) > indent && t.starts_with(':') && markup_or_field_line(t)
        }) {
            // A directive's options (`:members:`, `:maxdepth: 2`,
            // `:target: https://…`), right under its line, are shown to no
            // reader: markup, no words (they had been words and sentences
            // of prose, `:members:` one).
            scanner.block(&block);
            block.clear();
            scanner.markup(&[(start, line)]);
            options = option_of;
        } else if cue_timing(line) {
            // A subtitle's or transcript's cue timing (SRT, WebVTT) parts
            // cues as a blank line does, and is no text; nor is the cue's
            // number on the line above it.
            if block
                .last()
                .is_some_and(|&(_, l)| !is_blank(l) && l.trim().bytes().all(|b| b.is_ascii_digit()))
            {
                block.pop();
            }
            scanner.block(&block);
            block.clear();
        } else if matches!(line.as_bytes().first(), Some(b'[' | b' ')) && address_definition(line) {
            // A Markdown link's definition (`[donate]: https://…`) is shown
            // to no reader: a line of markup, no words — but a line, so
            // that a diff sees where a link points now (a donation link
            // sent to another company had been "no changes").
            scanner.block(&block);
            block.clear();
            scanner.markup(&[(start, line)]);
        } else {
            // (A code directive's options stay in its block, which
            // `literal_opener` reads.)
            let directive = opens_with_dot(line) && directive_line(line);
            if directive && heading_only(&block) {
                // A directive right under a heading's underline opens a
                // block of its own.
                scanner.block(&block);
                block.clear();
            }
            options = (block.is_empty() && directive && !code_directive(line))
                .then(|| indent_width(line));
            block.push((start, line));
        }
    }
    if literal.is_some() {
        scanner.indented_code(&code);
    }
    scanner.markup(&hidden);
    scanner.block(&block);
}

/// Whether a block so far is an underlined title and nothing else (see
/// [`underlined_title`]).
fn heading_only(block: &[(usize, &str)]) -> bool {
    matches!(block.len(), 2 | 3) && underlined_title(block) == Some(block.len())
}

/// The line after `line`, which starts at byte `start` of `text` (none
/// after the last).
fn next_line<'t>(text: &'t str, start: usize, line: &str) -> Option<&'t str> {
    text.get(start + line.len() + 1..)
        .map(|rest| rest.split('\n').next().unwrap_or(""))
}

/// Whether a line is a reStructuredText simple table's border: runs of
/// `=` (two at least, each of two or more) parted by spaces, indented or
/// not (a table inside a directive).
fn simple_table_border(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("==")
        && t.bytes().all(|b| b == b'=' || b == b' ')
        && t.split(' ').filter(|run| !run.is_empty()).count() >= 2
        && t.split(' ').all(|run| run.is_empty() || run.len() >= 2)
}

/// Whether a line opens a reStructuredText comment: `..` alone, or `.. `
/// and text that is no directive (`.. note::`), link target (`.. _x:`,
/// `.. __:`), footnote or citation (`.. [1]`) or substitution
/// (`.. |name| image::`).
fn rst_comment(line: &str) -> bool {
    // (Cheapest first: most lines opening with a space are indented text.)
    let first = line.bytes().find(|&b| b != b' ' && b != b'\t');
    if first != Some(b'.') {
        return false;
    }
    let t = line.trim_start_matches([' ', '\t']).trim_end();
    if t == ".." {
        return true;
    }
    let Some(rest) = t.strip_prefix(".. ") else {
        return false;
    };
    let rest = rest.trim_start();
    !rest.is_empty() && !rest.starts_with(['[', '|', '_']) && directive_head(t).is_none()
}

/// Whether a line's first byte that is no space or tab is a `.` (as
/// reStructuredText's explicit markup opens).
#[inline]
fn opens_with_dot(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b'.') => true,
        Some(b' ' | b'\t') => line.bytes().find(|&b| b != b' ' && b != b'\t') == Some(b'.'),
        _ => false,
    }
}

/// Whether a byte is a vowel an accent written as an apostrophe may follow
/// (`e'`, `perche'`, `piu'`, `cosi'`, `puo'`).
fn is_accented_vowel(b: u8) -> bool {
    matches!(
        b,
        b'a' | b'e' | b'i' | b'o' | b'u' | b'A' | b'E' | b'I' | b'O' | b'U'
    )
}

/// Whether a quotation's `'` opens the run of text without spaces that
/// byte `at` ends (looked for within [`QUOTE_LOOK_BACK`] bytes): a `'`
/// after a space, a bracket, `=` or the text's start (`search
/// '~nnome_pacchetto'`, `'Ciao'`: the closing `'` is no accent; `a 'sto
/// mondo. La vita e'` opens no quotation around `e'`).
fn quote_opened_before(b: &[u8], at: usize) -> bool {
    let from = at.saturating_sub(QUOTE_LOOK_BACK);
    let token = b[from..at]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(from, |k| from + k + 1);
    (token..at).any(|p| {
        b[p] == b'\''
            && p.checked_sub(1)
                .map(|q| b[q])
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'(' | b'[' | b'='))
    })
}

/// How far back [`quote_opened_before`] looks.
const QUOTE_LOOK_BACK: usize = 200;

/// Whether a word (a kwic pattern's) is letters ending on a vowel and an
/// apostrophe (`e'`, `perche'`): the word a text writing accents so has.
pub(crate) fn accented_word(w: &str) -> bool {
    w.strip_suffix('\'').is_some_and(|stem| {
        stem.bytes().last().is_some_and(is_accented_vowel) && stem.chars().all(char::is_alphabetic)
    })
}

/// Whether a text writes accents as apostrophes after their vowels, as
/// Italian typed without accented keys does (`e'` for `è`, `perche'`,
/// `piu'`, `si'`, `da'`): such an apostrophe, before no letter or digit,
/// stays with its word. Told by the text as a whole: a vowel's apostrophe
/// before no letter at least four times as often as one opening a word (a
/// quotation's, `'Hello there'` closing after a vowel as often as it
/// opens). Read so, `e'` (is) had been `e` (and): Debian's Italian
/// fortunes counted 4,265 of them as one word, the corpus's top term.
fn accent_apostrophes(text: &str) -> bool {
    let b = text.as_bytes();
    let (mut accents, mut openings) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'\'', b) {
        let before = at.checked_sub(1).map(|k| b[k]);
        let after = b.get(at + 1).copied();
        let letter_after = after.is_some_and(|n| n.is_ascii_alphabetic());
        if before.is_some_and(is_accented_vowel)
            && !after.is_some_and(|n| n.is_ascii_alphanumeric())
        {
            accents += 1;
        } else if letter_after
            && before
                .is_none_or(|p| p.is_ascii_whitespace() || matches!(p, b'(' | b'[' | b'"' | b'`'))
        {
            openings += 1;
        }
    }
    accents > 0 && accents >= 4 * openings.max(1)
}

/// Whether the `.` or `…` at `start` is (in) an ellipsis: a `…`, or a run
/// of three or four periods (`...`, `....`; a longer run is a table's
/// leader, `Expenditures ......`).
fn ellipsis_at(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    if b[start] != b'.' {
        return text[start..].starts_with('…');
    }
    // (Five each way are enough to tell: a run of a million is not
    // counted at each of its periods.)
    let before = b[..start]
        .iter()
        .rev()
        .take(5)
        .take_while(|&&x| x == b'.')
        .count();
    let after = b[start..]
        .iter()
        .take(5)
        .take_while(|&&x| x == b'.')
        .count();
    (3..=4).contains(&(before + after))
}

/// Whether a word follows the ellipsis `text` opens with, on its line or
/// the next (at a paragraph's end it opens nothing).
fn word_after_ellipsis(text: &str) -> bool {
    let rest = text.trim_start_matches(['.', '…']);
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix('\n')
        .unwrap_or(rest)
        .trim_start_matches([' ', '\t']);
    rest.starts_with(char::is_alphanumeric)
}

/// Whether a line is a reStructuredText directive's (`.. note::`,
/// `.. autoclass:: Command`), whose options may follow it.
fn directive_line(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.starts_with(".. ") && !t[3..].starts_with('_') && directive_head(t).is_some()
}

/// Whether a line opens reStructuredText markup that shows none of its
/// text, nor of the lines indented under it: a link target (`.. _Django:
/// https://…`, `.. __: https://…`), a substitution's definition (`.. |logo|
/// image:: logo.png`), or a directive of [`HIDDEN_DIRECTIVES`] (a table of
/// contents' list of documents had been a sentence of prose, raising a
/// page's grade level; a target's address a word).
fn hidden_directive(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    let Some(rest) = t.strip_prefix(".. ") else {
        return false;
    };
    if let Some(name) = rest.strip_prefix('|') {
        // `|name| directive:: …`.
        return name.split_once("| ").is_some_and(|(name, after)| {
            !name.is_empty()
                && !name.starts_with(' ')
                && directive_head(&format!(".. {after}")).is_some()
        });
    }
    if let Some(name) = rest.strip_prefix('_') {
        // A target's name may be a phrase (`.. _Django project page: …`)
        // or quoted in backticks (`` .. _`a: b`: … ``); it ends at a colon
        // before a space or the line's end.
        let from = match name.strip_prefix('`') {
            Some(quoted) => quoted.find('`').map_or(name.len(), |k| k + 2),
            None => 0,
        };
        let name = name.get(from..).unwrap_or("").trim_end();
        return name
            .match_indices(':')
            .any(|(k, _)| name[k + 1..].is_empty() || name[k + 1..].starts_with([' ', '\t']));
    }
    rest.split_once("::").is_some_and(|(name, _)| {
        let name = name.strip_prefix("rst:").unwrap_or(name);
        let name = name.strip_prefix("py:").unwrap_or(name);
        HIDDEN_DIRECTIVES.binary_search(&name).is_ok()
    })
}

/// The directives whose argument, options and body are shown to no reader
/// (docutils' and Sphinx's; sorted): the documents of a table of contents
/// (shown by their titles), an image's address, an included file's name,
/// index entries, a module's name and authors, a language to highlight in.
/// (A figure's caption, a note's text, a function's signature, a version
/// added are shown: those directives keep their words.)
const HIDDEN_DIRECTIVES: &[&str] = &[
    "codeauthor",
    "currentmodule",
    "default-domain",
    "default-role",
    "highlight",
    "image",
    "include",
    "index",
    "literalinclude",
    "meta",
    "module",
    "moduleauthor",
    "sectionauthor",
    "sectnum",
    "tabularcolumns",
    "toctree",
];

/// The directives whose lines without words point the reader elsewhere:
/// a table of contents' documents, an image, a figure's, an included
/// file (sorted).
const REFERENCE_DIRECTIVES: &[&str] = &["figure", "image", "include", "literalinclude", "toctree"];

/// The byte ranges of a reStructuredText text's directives of
/// [`REFERENCE_DIRECTIVES`], each its line and the lines indented under it,
/// in order: their lines without words (a table of contents' entry, an
/// image's address) are no prose, and no nothing either — a page added
/// to a table of contents had been told as "no changes".
pub(crate) fn reference_blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b".. ").is_none() {
        return out;
    }
    let mut open: Option<(usize, usize)> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim_start_matches([' ', '\t']);
        let indent = body.len() - t.len();
        if let Some((i, from)) = open {
            if t.is_empty() || indent > i {
                continue;
            }
            out.push(from..start);
            open = None;
        }
        let name = t
            .strip_prefix(".. ")
            .and_then(|r| r.split_once("::"))
            .map(|(name, _)| name.rsplit(':').next().unwrap_or(name));
        if name.is_some_and(|n| REFERENCE_DIRECTIVES.binary_search(&n).is_ok()) {
            open = Some((indent, start));
        }
    }
    if let Some((_, from)) = open {
        out.push(from..text.len());
    }
    out
}

/// Whether a block of lines opens a reStructuredText literal block — the
/// indented lines after it, blank lines among them, are code: when its
/// last line ends with `::` (`… like this::`), or it is a code directive
/// (`.. code-block:: python`, with its options). Gives the indentation the
/// block's lines must go beyond (its last line's, or its text's in a list
/// item), and whether the block is a directive (markup, no words).
fn literal_opener(block: &[(usize, &str)]) -> Option<(usize, bool)> {
    let &(_, last) = block.last()?;
    let &(_, first) = block.first()?;
    let directive = code_directive(first);
    // (Another directive's `::` opens no literal block: `.. note::`,
    // `.. seealso::` hold prose.)
    if !directive && (!last.trim_end().ends_with("::") || last.trim_start().starts_with(".. ")) {
        return None;
    }
    let line = if directive { first } else { last };
    // (A list item's text is the column under its marker; a field's or
    // a directive's line is no bullet: its literal block is indented from
    // the line's own start.)
    let bullet = !explicit_markup_or_field(line.trim_start());
    let base = if bullet && line_kind(line) == LineKind::ListItem {
        item_text_column(line)
    } else {
        indent_width(line)
    };
    Some((base, directive))
}

/// Whether a line is a reStructuredText directive whose body is code
/// (Sphinx's `code-block`, docutils' `code`, and their kin: a `.. note::`
/// holds prose).
pub(crate) fn code_directive(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix(".. ") else {
        return false;
    };
    let Some((name, _)) = rest.split_once("::") else {
        return false;
    };
    CODE_DIRECTIVES.contains(&name.trim())
}

/// The directives whose body is code: docutils' and Sphinx's own, and the
/// console sessions documentation sets (sorted).
const CODE_DIRECTIVES: &[&str] = &[
    "code",
    "code-block",
    "console",
    "doctest",
    "ipython",
    "parsed-literal",
    "sourcecode",
    "testcode",
    "testoutput",
    "testsetup",
];

/// A line's indentation in columns (a tab to the next multiple of eight):
/// the one measure the rules of indented lines compare.
fn indent_width(line: &str) -> usize {
    let mut n = 0;
    for b in line.bytes() {
        match b {
            b' ' => n += 1,
            b'\t' => n = (n / 8 + 1) * 8,
            _ => break,
        }
    }
    n
}

/// Whether a line is a subtitle cue's timing: `00:01:02,345 --> 00:01:04,000`
/// (SRT), `00:01:02.345 --> 00:01:04.000 position:50% align:middle`
/// (WebVTT, with its settings; hours may be left out).
fn cue_timing(line: &str) -> bool {
    // (Most lines open with no digit, and hold no `>` after `--`: then
    // the shape.)
    let first = line.bytes().find(|&b| b != b' ' && b != b'\t');
    if !first.is_some_and(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some(arrow) = memchr::memchr(b'>', line.as_bytes())
        .and_then(|k| k.checked_sub(2))
        .filter(|&k| line.as_bytes()[k..].starts_with(b"-->"))
    else {
        return false;
    };
    let time = |t: &str| {
        let t = t.trim();
        let (clock, fraction) = match t.rsplit_once([',', '.']) {
            Some((c, f)) => (c, f),
            None => return false,
        };
        let parts: Vec<&str> = clock.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            && (1..=3).contains(&fraction.len())
            && fraction.bytes().all(|b| b.is_ascii_digit())
    };
    let end = line[arrow + 3..].split_whitespace().next().unwrap_or("");
    time(&line[..arrow]) && time(end)
}

/// Where an HTML comment opening a line (`<!--`) and not closed on it
/// ends: right after its `-->`. None if it closes on its line (markup
/// within the line, see `markup_end`) or never does (then it is text).
/// `no_close_from` remembers where no `-->` follows, so that a text of
/// unclosed comments is searched once, not once a line.
fn comment_over_lines(
    text: &str,
    start: usize,
    line: &str,
    no_close_from: &mut usize,
) -> Option<usize> {
    let t = line.trim_start_matches([' ', '\t']);
    if !t.starts_with("<!--") || t[4..].contains("-->") {
        return None;
    }
    let from = start + line.len();
    if from >= *no_close_from {
        return None;
    }
    match memchr::memmem::find(&text.as_bytes()[from..], b"-->") {
        Some(k) => Some(from + k + 3),
        None => {
            *no_close_from = from;
            None
        }
    }
}

/// The first HTML tag opening on `line` (at `start` in `text`) that closes
/// on a later line, as `(where it opens, where it ends)`: an element's
/// name and well-formed attributes, as [`markup_end`] reads them on one
/// line, with line breaks for spaces — but no blank line, which ends
/// Markdown's HTML block, and within [`MAX_TAG`] bytes.
fn tag_over_lines(text: &str, start: usize, line: &str) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'<', &bytes[from..]) {
        let at = from + k;
        from = at + 1;
        // (An opening tag, or a closing one: `</a` / `>`.)
        let name = at + 1 + usize::from(bytes.get(at + 1) == Some(&b'/'));
        if !bytes.get(name).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let window = &text.as_bytes()[..(start + at + MAX_TAG).min(text.len())];
        // (No comment opens here: `<` is followed by a letter or `/`.)
        let mut no_comment_close = usize::MAX;
        match markup_end(window, start + at, &mut no_comment_close) {
            Some(end) if end > start + line.len() => {
                let tag = &window[start + at..end];
                let blank = tag
                    .split(|&b| b == b'\n')
                    .skip(1)
                    .any(|l| l.iter().all(u8::is_ascii_whitespace));
                return (!blank).then_some((start + at, end));
            }
            Some(end) => from = end - start,
            None => {}
        }
    }
    None
}

/// The most bytes an HTML tag over several lines may take (see
/// [`tag_over_lines`]): a logo's `<img>` with its long address fits.
const MAX_TAG: usize = 4096;

/// A Markdown code fence opening a line (at most three spaces in): its
/// character (`` ` `` or `~`) and length (three or more); a backtick
/// fence's info string holds no backtick (CommonMark).
pub(crate) fn fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == c).count();
    (n >= 3 && !(c == b'`' && t[n..].contains('`'))).then_some((c, n))
}

/// Whether a line of fence characters only is the underline of the
/// title above it, alone in its paragraph: reStructuredText's heading
/// (`First part` over a line of backticks or tildes as long as the title
/// at least, four at least), not a fence opening a block of code after a
/// lead-in (`Run this:` or `Or:` over ```` ``` ````). Three marks under a
/// title of three characters at most that is no lead-in (no `:` at its
/// end), a blank line (`next`) or the text's end after them, are one too
/// (pandoc underlines a statute's `§ 1` so; it had opened a fence, a
/// quarter of the statute read as code).
fn underline(title: &str, line: &str, next: Option<&str>) -> bool {
    let t = line.trim();
    let Some(c) = t.bytes().next() else {
        return false;
    };
    let title = title.trim_end();
    let width = title.chars().count();
    let short = t.len() == 3 && width <= 3 && !title.ends_with(':') && next.is_none_or(is_blank);
    t.bytes().all(|b| b == c)
        && !title.starts_with([' ', '\t'])
        && (t.len() >= width.max(4) || short)
}

/// Whether a block's first line is a title set over its text with no
/// blank line between (`CITY COUNCIL VOTES` / `The council voted …`,
/// `Letzte Hoffnung` / `Ich schenkte dir …`, `AVVISO` / `Mercoledì …`):
/// short, ending on a word, in capitals or with each word capitalised
/// (stopwords aside), over a line opening with a capital — and broken
/// where a wrapper would not have broken it: the next line's first word
/// would have fitted on it. Each had run into its text's first sentence.
/// (A wrapped sentence breaks where the next word would not fit; a line of
/// verse has a word in lower case, `Am Abend wird man klug` / `Für den
/// vergangenen Tag`; a line ending on a comma, a colon or a dash goes on.)
fn title_over_text(block: &[(usize, &str)]) -> bool {
    let (Some(&(_, title)), Some(&(_, next))) = (block.first(), block.get(1)) else {
        return false;
    };
    // (Cheapest first: most lines end on a mark, or the next opens in
    // lower case.)
    let t = title.trim();
    let n = next.trim_start();
    // A name ending in a company's abbreviation ends on a word (`About
    // Halvorsen Ltd.` over the text of a press release's last section).
    let t = match t.strip_suffix('.') {
        Some(name)
            if name
                .rsplit(' ')
                .next()
                .is_some_and(|w| crate::lexicon::get().kinds(w, false).has(Kind::Weak)) =>
        {
            name
        }
        _ => t,
    };
    if !t.ends_with(|c: char| c.is_alphanumeric())
        || !n.starts_with(char::is_uppercase)
        || t.len() > 4 * TITLE_CHARS
        || indent_width(next) != indent_width(title)
    {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > TITLE_WORDS || t.chars().count() > TITLE_CHARS {
        return false;
    }
    let capitals = t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase);
    // (Capitalised words are weaker evidence: German capitalises every
    // noun. So no comma, and no function word last: `Der Spitzenverband
    // Bund der Krankenkassen, die Deutsche` / `Rentenversicherung …` and
    // `Das Befahren der Ilmenau von der` / `Nordwestkante …` are a
    // sentence wrapped.)
    let last = words
        .last()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let capitalised = || {
        !t.contains([',', ';'])
            && !last.is_some_and(|w| crate::lang::is_stopword(&lowercase(w)))
            && words.iter().enumerate().all(|(k, w)| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                w.starts_with(char::is_uppercase)
                    || k > 0
                        && (w.starts_with(|c: char| c.is_ascii_digit())
                            || TITLE_SMALL_WORDS.binary_search(&w).is_ok())
            })
    };
    if !(capitals && t.chars().filter(|c| c.is_alphabetic()).count() >= 2 || capitalised()) {
        return false;
    }
    // (A formula's letter wrapped away from its subscript opens no
    // sentence: `Das Abschirmmaß` / `D z ist nach …`, `(P` / `VT ) gilt`;
    // `A new budget` does.)
    // Nor does a name's abbreviation wrapped from it (`Example Holdings`
    // / `LLC. All rights reserved.`).
    let mut next_words = n.split_whitespace();
    if next_words.clone().next().is_some_and(|w| w.ends_with('.')) {
        return false;
    }
    let letter_alone = next_words.next().is_some_and(|w| w.chars().count() == 1)
        && !next_words
            .next()
            .is_some_and(|w| w.chars().count() >= 2 && w.chars().all(char::is_lowercase));
    if letter_alone || t.contains(['(', ')', '[', ']']) || line_kind(title) != LineKind::Text {
        return false;
    }
    let width = block.iter().map(|&(_, l)| text_chars(l)).max().unwrap_or(0);
    let first = n.split_whitespace().next().map_or(0, |w| w.chars().count());
    text_chars(t) + 1 + first <= width
}

/// The words a title over its text ([`title_over_text`]) may write in
/// lower case: articles, prepositions and conjunctions of English, German,
/// French, Spanish, Italian and Dutch (sorted). (A line of verse writes
/// other words so: `'Yet die I will not till my Collatine`.)
#[rustfmt::skip]
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "am", "an", "and", "as", "at", "au", "auf", "aus", "aux", "bei", "but", "by", "con",
    "das", "del", "della", "dem", "den", "der", "des", "di", "die", "du", "e", "een", "ein",
    "eine", "einer", "el", "en", "et", "for", "from", "für", "gli", "het", "il", "im", "in",
    "into", "la", "las", "le", "les", "lo", "los", "mit", "nach", "nor", "oder", "of", "on",
    "op", "or", "over", "par", "para", "per", "por", "pour", "su", "sur", "the", "to", "und",
    "unter", "van", "via", "vom", "von", "vs", "with", "y", "zum", "zur", "à", "über",
];

/// The most words and characters of a title over its text
/// ([`title_over_text`]).
const TITLE_WORDS: usize = 10;
const TITLE_CHARS: usize = 80;

/// The lines a block opens with that are an underlined title: the title
/// and its underline, or an overline too — a line of one of
/// reStructuredText's adornment characters at least as long as the title
/// (any length from three for Markdown's `=` and `-`).
pub(crate) fn underlined_title(block: &[(usize, &str)]) -> Option<usize> {
    // A rule shorter than its line (Markdown's, `=` or `-`) makes a title
    // only of a line that reads as one: short, and no sentence's end in
    // it or after it (a talk page's comment over a `=========` had been a
    // title).
    let titled = |title: &str| {
        let t = title.trim();
        !is_long_line(t)
            && !t.ends_with(|c: char| is_terminator(c) && c != '?')
            && ![". ", "? ", "! "].iter().any(|end| t.contains(end))
    };
    let rule = |line: &str, title: &str| {
        // (Cheapest first: most lines open with a letter.)
        let c = *line.as_bytes().first()?;
        if !ADORNMENTS.contains(&c) {
            return None;
        }
        let t = line.trim_end();
        let width = title.trim().chars().count();
        (t.bytes().all(|b| b == c)
            && (t.len() >= width.max(3)
                || matches!(c, b'=' | b'-') && t.len() >= 3 && titled(title)))
        .then_some(c)
    };
    let line = |k: usize| block.get(k).map(|&(_, l)| l);
    let title_ok = |title: &str| {
        !is_blank(title)
            && !title.starts_with([' ', '\t'])
            && title.contains(char::is_alphanumeric)
            && line_kind(title) != LineKind::TableRow
    };
    let (first, second) = (line(0)?, line(1)?);
    if let Some(over) = rule(first, second) {
        let under = line(2).and_then(|l| rule(l, second));
        // (An overlined title may be inset: `  Title  `.)
        if under == Some(over) && second.trim() != "" && second.contains(char::is_alphanumeric) {
            return Some(3);
        }
    }
    (rule(second, first).is_some() && title_ok(first)).then_some(2)
}

/// The characters reStructuredText underlines titles with that a line of
/// them may be (`*` and `_` rule a page apart, blank as it is read; see
/// [`blank_or_box_edge`]).
const ADORNMENTS: &[u8] = b"=-~^+#\"'`:.%";

/// Whether a byte is one of the marks a title's underline is made of
/// ([`ADORNMENTS`]).
pub(crate) fn is_adornment(c: u8) -> bool {
    ADORNMENTS.contains(&c)
}

/// Where the fence closing `open` ends, searching the lines after byte
/// `from` (the end of the opening line): a line of at least as many of
/// the same character, and nothing else but spaces.
fn closing_fence(text: &str, from: usize, open: (u8, usize)) -> Option<usize> {
    let rest_start = from + 1;
    let rest = text.get(rest_start..)?;
    lines(rest).find_map(|(start, line)| {
        let t = line.trim_start_matches(' ');
        let n = t.bytes().take_while(|&b| b == open.0).count();
        (line.len() - t.len() <= 3 && n >= open.1 && is_blank(&t[n..]))
            .then(|| rest_start + start + line.len())
    })
}

/// `text.trim_start()`, stepping over ASCII blanks a byte at a time (most
/// lines start with none, or a few spaces).
#[inline]
pub(crate) fn trim_start(text: &str) -> &str {
    let at = text
        .bytes()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    match text.as_bytes().get(at) {
        // (A vertical tab, a no-break space, another space of Unicode's.)
        Some(&b) if b >= 0x80 || b == 0x0b => text[at..].trim_start(),
        _ => &text[at..],
    }
}

/// `text.trim_end()`, stepping back over ASCII blanks a byte at a time.
#[inline]
pub(crate) fn trim_end(text: &str) -> &str {
    let end = text
        .bytes()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |k| k + 1);
    match text.as_bytes()[..end].last() {
        // (A vertical tab, a no-break space, another space of Unicode's.)
        Some(&b) if b >= 0x80 || b == 0x0b => text[..end].trim_end(),
        _ => &text[..end],
    }
}

/// Whether a text is blank: `text.trim().is_empty()`, told from its first
/// byte that is no ASCII blank for nearly every line (`str::trim` tests
/// each character for Unicode's white space).
pub(crate) fn is_blank(text: &str) -> bool {
    trim_start(text).is_empty()
}

/// Lines of a text with their byte offsets (without the `\n`).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
        pos = end + 1;
        Some((start, &text[start..end]))
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    Word(usize, usize),
    Punct(usize, char),
}

struct Scanner<'t, 's, S> {
    text: &'t str,
    rules: Rules,
    sink: &'s mut S,
    pieces: Vec<Piece>,
    /// The closing marks the open quotations wait for, innermost last.
    quotes: Vec<char>,
    /// The last search for a `’` that closes a `‘` (see
    /// [`single_closer`]): where it started, and what it found.
    single_close: Option<(usize, Result<usize, usize>)>,
    /// Round brackets opened in the sentence and not closed.
    parens: u16,
    /// … as the terminator found them (a bracket after it, `… end. (2)
    /// Die …`, opens the next sentence's label).
    parens_at_term: u16,
    sent_start: Option<usize>,
    sent_end: usize,
    sent_words: u32,
    para_start: Option<usize>,
    para_end: usize,
    para_words: u32,
    /// A terminator was seen: the sentence may end there.
    term: bool,
    /// Whitespace followed the terminator (and its closing marks).
    term_ws: bool,
    /// Where the next sentence starts if it does (an opening quote, say).
    next_start: Option<usize>,
    /// Inside a note's mark glued to the terminator (see `opens_note`).
    note_open: bool,
    /// The span of the last image's alternative text (`![npm
    /// version](…)`): words are read in order, so an earlier image's are
    /// all past.
    alt: (usize, usize),
    /// The terminator followed a German day number.
    ordinal: bool,
    /// The terminator followed a one-letter lowercase word.
    after_letter: bool,
    /// … and that letter was alone, not closing a chain of them (`i. e.`).
    lone_letter: bool,
    /// The terminator is a Chinese or Japanese full stop (no space follows).
    term_cjk: bool,
    /// A quote mark or a dash right after the terminator, no space between
    /// (`offering.`If`, `righteousness.”Then`, `you.--All`): where the sentence would
    /// end and the next start (`None`: after the marks, at the word),
    /// should a capitalized word follow at once.
    glued: Option<Option<(usize, usize)>>,
    /// Only quote marks and dashes followed the terminator so far (see
    /// `glued`).
    quotes_only: bool,
    /// End of the punctuation after `next_start`.
    pending_end: usize,
    /// Words so far on the current line.
    line_words: u32,
    /// Where the current line starts.
    line_start: usize,
    /// The current line is a list item or a heading: a number first on it
    /// (`1. `, `## 3. `) is its enumerator, not a sentence's end.
    enumerated: bool,
    /// Whether the current line is a Markdown table's row.
    table_row: bool,
    /// Whether the current line is a heading: one sentence, whatever
    /// periods it holds (`### SCENE II. A camp near Forres.`, `## FAQ.
    /// What is folio?`).
    heading: bool,
    /// Whether the line being read opens its paragraph.
    opens_paragraph: bool,
    /// What the word before the terminator says about what may follow.
    after: After,
    /// The last word, and the one before it.
    last_word: Option<(usize, usize)>,
    before_last: Option<(usize, usize)>,
    /// The text is written all in lower case (some research corpora are):
    /// a lower-case word may open a sentence.
    lowercased: bool,
    /// The text writes accents as apostrophes (see [`accent_apostrophes`]).
    accents: bool,
}

/// What the word before a sentence terminator lets follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// Any word that does not begin in lower case opens a new sentence.
    Any,
    /// An abbreviation before a number (`p.`, `No.`): a number continues.
    Number,
    /// A company suffix or an acronym with periods (`Inc.`, `U.S.`): only
    /// a word that opens sentences starts a new one.
    Opener,
    /// `a.m.`/`p.m.`: a weekday, month or time zone continues.
    Time,
    /// A state's abbreviation after a place's name and a comma (`Austin,
    /// Tex.`, `Salem, Ore.`): a place's state ends its sentence before any
    /// capitalized word (`… in Richmond, Va. Police said …` had run on
    /// into the next sentence, `Police` opening none by the lexicons); a
    /// number goes on (a ZIP code), so do a dateline's dash and its
    /// agency's credit in brackets (`TACOMA, Wash. (AP) — …`).
    Place,
}

impl<'t, 's, S: Sink> Scanner<'t, 's, S> {
    fn new(text: &'t str, rules: Rules, sink: &'s mut S) -> Self {
        Scanner {
            text,
            rules,
            sink,
            pieces: Vec::with_capacity(16),
            quotes: Vec::with_capacity(4),
            single_close: None,
            parens: 0,
            parens_at_term: 0,
            sent_start: None,
            sent_end: 0,
            sent_words: 0,
            para_start: None,
            para_end: 0,
            para_words: 0,
            term: false,
            term_ws: false,
            next_start: None,
            ordinal: false,
            after_letter: false,
            lone_letter: false,
            term_cjk: false,
            glued: None,
            quotes_only: false,
            pending_end: 0,
            note_open: false,
            alt: (0, 0),
            line_words: 0,
            line_start: 0,
            enumerated: false,
            table_row: false,
            heading: false,
            opens_paragraph: false,
            after: After::Any,
            last_word: None,
            before_last: None,
            lowercased: is_lowercased(text),
            accents: accent_apostrophes(text),
        }
    }

    /// A fenced block of code, its fences included: each line a paragraph
    /// and a sentence of its own, announced to the sink as code.
    fn code(&mut self, lines: &[(usize, &str)]) {
        self.code_lines(lines, true);
    }

    /// An indented block of code (a reStructuredText literal block), blank
    /// lines around it left out.
    fn indented_code(&mut self, lines: &[(usize, &str)]) {
        let blank = |&(_, l): &(usize, &str)| is_blank(l);
        let Some(first) = lines.iter().position(|l| !blank(l)) else {
            return;
        };
        let last = lines.iter().rposition(|l| !blank(l)).unwrap_or(first);
        self.code_lines(&lines[first..=last], false);
    }

    /// Lines of markup, each a sentence and a paragraph without words (a
    /// code directive and its options: `.. code-block:: python`).
    fn markup(&mut self, lines: &[(usize, &str)]) {
        for &(start, line) in lines {
            self.enumerated = false;
            self.opens_paragraph = true;
            let t = line.trim();
            let from = start + (line.len() - line.trim_start().len());
            self.extend(from, from + t.len());
            self.end_paragraph();
        }
    }

    fn code_lines(&mut self, lines: &[(usize, &str)], fenced: bool) {
        let (Some(&(first, _)), Some(&(last, line))) = (lines.first(), lines.last()) else {
            return;
        };
        self.sink.code(first..last + line.len());
        for (k, &(start, line)) in lines.iter().enumerate() {
            self.enumerated = false;
            self.opens_paragraph = true;
            if fenced && (k == 0 || k == lines.len() - 1) {
                // A fence is markup, its info string too (```` ```shell ````
                // for ```` ``` ````: no word was added).
                let t = line.trim_end();
                if !t.is_empty() {
                    self.extend(start, start + t.len());
                }
            } else {
                // A line of code is one sentence, whatever periods it
                // holds (a comment's `// Zero means none. It is off.`: its
                // sentences had been compared as prose's).
                self.heading = true;
                self.line(start, line);
                self.heading = false;
            }
            self.end_paragraph();
        }
    }

    /// A block of consecutive non-blank lines.
    fn block(&mut self, block: &[(usize, &str)]) {
        if block.is_empty() {
            return;
        }
        // Footnote definitions set one after the other (`[^1]: …` and its
        // wrapped lines, `[^2]: …`) are blocks of their own, each read as
        // wrapped or not by its own lines: a statute's hundred footnotes
        // had made one block of long lines, every wrapped line a paragraph.
        if let Some(k) = block
            .iter()
            .skip(1)
            .position(|&(_, l)| footnote_definition(l))
        {
            self.block(&block[..=k]);
            self.block(&block[k + 1..]);
            return;
        }
        // A title underlined (and perhaps overlined) as reStructuredText
        // and Markdown set them is a paragraph and a sentence of its own,
        // whatever its marks and length (`Does the pump need oil?` /
        // `=======`: it had been two sentences, and no heading; a title
        // past [`LONG_LINE`] had been a paragraph apart from its line).
        // So is a title set on the line above its text, no blank line
        // between (see `title_over_text`).
        let title = underlined_title(block)
            .or_else(|| (!self.lowercased && title_over_text(block)).then_some(1));
        if let Some(n) = title {
            self.opens_paragraph = true;
            self.enumerated = true;
            self.heading = true;
            for &(start, line) in &block[..n] {
                self.line(start, line);
            }
            // (The rule after a title's `?` is the title's, not marks
            // left after its end.)
            self.term = false;
            self.next_start = None;
            let (start, last) = (block[0].0, block[n - 1]);
            self.extend(start, last.0 + last.1.trim_end().len());
            self.heading = false;
            self.enumerated = false;
            self.end_paragraph();
            self.block(&block[n..]);
            return;
        }
        let mut long_lines = (0..block.len()).filter(|&i| is_long_line(block[i].1));
        let line_per_paragraph = block.len() > 1
            && match (long_lines.next(), long_lines.next()) {
                (None, _) => false,
                (Some(0), None) => !wrapped_around(block),
                _ => true,
            };
        // In a block of a paragraph a line, a line filled as wrapped lines
        // are ([`WRAPPED_LINE`], and not long itself: a list's long item
        // is its own) and stopping mid-sentence (on a word or a
        // comma) before one opening in lower case goes on into it: a
        // paragraph re-wrapped (`… Crews will` / `work weekdays …`) had
        // been cut in two, a sentence split by line wrapping alone. (A
        // short line is a heading: `algebraic properties` / `like the …`.)
        // (Not in a text written all in lower case, whose every line opens
        // so.)
        let lowercased = self.lowercased;
        // The block's width: its longest line's characters. A long line
        // that fills it, so that the next line's first word would not
        // have fitted, was wrapped there (a paragraph re-wrapped at 130
        // columns: every line is long, and each had been a paragraph) —
        // when the block's long lines are two at least, all near that
        // width, as a wrapper leaves them (one long line is a list's long
        // item as often; a paragraph a line has lines of every length).
        // (Worked out only when a long line might go on: most blocks have
        // none.)
        let width = std::cell::OnceCell::new();
        let width = || {
            *width.get_or_init(|| {
                let long: Vec<usize> = block
                    .iter()
                    .filter(|&&(_, l)| is_long_line(l))
                    .map(|&(_, l)| text_chars(l))
                    .collect();
                let max = long.iter().copied().max().unwrap_or(0);
                (long.len() >= 2 && long.iter().all(|&n| 4 * n >= 3 * max)).then_some(max)
            })
        };
        let fills = |this: &str, next: &str| {
            width().is_some_and(|width| {
                let first = next
                    .split_whitespace()
                    .next()
                    .map_or(0, |w| w.chars().count());
                text_chars(this) + 1 + first > width
            })
        };
        // A long line of running prose stopping mid-sentence — on a comma
        // or a function word (`… is created under the hood for`), or in a
        // sentence opened on it (`… by default. This can cause a delay`)
        // — was wrapped there, as a Markdown paragraph's lines are at any
        // length (a list's long item, `north quay - closed … over the
        // swing bridge`, ends on neither); so was one before a line opening
        // on a function word (see `opens_on_word`).
        let runs_on = |this: &str| {
            let t = this.trim_end();
            runs_on_word(t)
                || [". ", "? ", "! "].iter().any(|end| {
                    t.match_indices(end)
                        .any(|(k, _)| t[k + 2..].starts_with(char::is_uppercase))
                })
        };
        let goes_on = |i: usize| {
            line_per_paragraph
                && !lowercased
                && block.get(i + 1).is_some_and(|&(_, next)| {
                    // Cheapest first: most lines fail on their ends.
                    let this = block[i].1;
                    next.trim_start().starts_with(char::is_lowercase)
                        && stops_mid_sentence(this)
                        && line_kind(next) == LineKind::Text
                        && match line_kind(this) {
                            LineKind::Text => {
                                this.len() >= WRAPPED_LINE
                                    && this.trim().chars().count() >= WRAPPED_LINE
                                    && (!is_long_line(this)
                                        || fills(this, next)
                                        || runs_on(this)
                                        || opens_on_word(next, this))
                            }
                            // A list's item wrapped mid-sentence goes on
                            // into a line indented under its text (`- `x`
                            // - headers to send to a` / `  tunneling
                            // proxy.`), or, stopping on a comma or a
                            // function word, into any line (Markdown's
                            // lazy continuation): each wrapped item had
                            // been cut in two.
                            LineKind::ListItem => {
                                indent_width(next) >= item_text_column(this) || runs_on_word(this)
                            }
                            _ => false,
                        }
                })
        };
        // The terms of a definition list (`` ``--dry-run`` `` / `    Shows
        // what would happen.`, reStructuredText's, and an option list's
        // `-v, --verbose`): the block opens with one, and each is a short
        // line at the block's indentation over lines indented deeper, that
        // stops on no mark or function word a wrapped sentence would. Each
        // is a sentence of its own: each had been glued to its
        // definition's first sentence (143 in Django's docs). (A
        // statute's item wrapped under its text, `1.1.5.2 Brennen und
        // Schweißen sowie andere` / `      sind nur …`, `b) Psychologischen`
        // / `   Psychotherapeuten …`, opens on a number or a label, or goes
        // on in lower case.)
        let term_at = |k: usize| {
            let (Some(&(_, t)), Some(&(_, d))) = (block.get(k), block.get(k + 1)) else {
                return false;
            };
            d.starts_with([' ', '\t'])
                && indent_width(d) > indent_width(t)
                && t.split_whitespace().count() <= DEFINITION_TERM_WORDS
                && t.trim().chars().count() <= DEFINITION_TERM_CHARS
                && !t
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit() || c == '§')
                && !t
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.len() <= 4 && w.ends_with([')', '.']))
                && t.contains(char::is_alphanumeric)
                && !d.trim_start().starts_with(char::is_lowercase)
                && !t
                    .trim_end()
                    .ends_with(|c: char| is_terminator(c) || matches!(c, ';' | '-'))
                && !runs_on_word(t)
                && line_kind(t) == LineKind::Text
        };
        let terms: Vec<bool> = if term_at(0) {
            let base = indent_width(block[0].1);
            let mut list = true;
            (0..block.len())
                .map(|k| {
                    let indent = indent_width(block[k].1);
                    if k == 0 || !list || indent > base {
                        return k == 0;
                    }
                    list = indent == base && term_at(k);
                    list
                })
                .collect()
        } else {
            Vec::new()
        };
        // One term alone must look like one — markup (`` ``--dry-run`` ``,
        // `*name*`), an option (`-v`), or a word or two in lower case
        // (`slug`): a hanging indent's first line (`Der Mieter zahlt
        // monatlich` / `    Miete und Nebenkosten …`, `Notwithstanding
        // Section` / `    Five, …`) is none.
        let terms = if terms.iter().filter(|&&t| t).count() == 1 {
            let t = block[0].1.trim();
            let looks = t.contains(['`', '*'])
                || t.starts_with('-')
                || t.split_whitespace().count() <= 2 && !t.contains(char::is_uppercase);
            if looks {
                terms
            } else {
                Vec::new()
            }
        } else {
            terms
        };
        let term = |k: usize| terms.get(k).copied().unwrap_or(false);
        // Lines that are units of their own, two at least in a row of one
        // kind: a block of fields (`From: …` / `To: …` / `Subject: …`, a
        // book's `Title:` / `Author:` / `Release date:`, a recipe's
        // `Rezept:` / `Kategorie:`) or a chat log (`<anna> …` / `<ben> …`).
        // Each is a sentence of its own, and the line after the last opens
        // one: they had run together into one long sentence, whatever their
        // ends (a mail's header and a book's had read as one sentence of 20
        // words and more).
        // (A unit wrapped onto lines indented under it, as a chat's long
        // line and a mail's folded field are, goes on there; so does one
        // stopping mid-sentence before a line opening in lower case:
        // `Its five-year mission: … to seek out new life` / `and new
        // civilizations; …`.)
        // (Asked first without a vector made: two lines of one kind at
        // least, in any place; most blocks have none.)
        let two_of_a_kind = || {
            let (mut fields, mut chats) = (0, 0);
            for &(_, l) in block {
                match line_unit(l) {
                    Some(LineUnit::Field) => fields += 1,
                    Some(LineUnit::Chat) => chats += 1,
                    None => {}
                }
                if fields >= 2 || chats >= 2 {
                    return true;
                }
            }
            false
        };
        let (units, head): (Vec<bool>, Vec<usize>) = if block.len() >= 2 && two_of_a_kind() {
            // (A line under one stopping mid-sentence goes on with it, a
            // capital word and a colon opening it or not: `… auch
            // folgendes auf dem` / `Prüfungsbogen: "Wenn …"`; a chat's
            // `<nick>` opens a line whatever is above.)
            let mut kinds: Vec<Option<LineUnit>> = Vec::with_capacity(block.len());
            for (k, &(_, l)) in block.iter().enumerate() {
                let wrapped = k > 0 && kinds[k - 1].is_none() && stops_mid_sentence(block[k - 1].1);
                let kind = line_unit(l);
                kinds.push(kind.filter(|&u| u == LineUnit::Chat || !wrapped));
            }
            let mut head: Vec<usize> = Vec::with_capacity(block.len());
            for (k, &(_, l)) in block.iter().enumerate() {
                let h = k
                    .checked_sub(1)
                    .map(|p| head[p])
                    .filter(|&h| {
                        let wrapped = || {
                            stops_mid_sentence(block[k - 1].1)
                                && l.trim_start()
                                    .starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
                        };
                        kinds[h].is_some()
                            && kinds[k].is_none()
                            && (indent_width(l) > indent_width(block[h].1) || wrapped())
                    })
                    .unwrap_or(k);
                head.push(h);
            }
            let heads: Vec<usize> = (0..block.len()).filter(|&k| head[k] == k).collect();
            let mut units = vec![false; block.len()];
            for (m, &h) in heads.iter().enumerate() {
                let kind = kinds[h];
                units[h] = kind.is_some()
                    && (m > 0 && kinds[heads[m - 1]] == kind
                        || heads.get(m + 1).is_some_and(|&n| kinds[n] == kind));
            }
            (units, head)
        } else {
            (Vec::new(), Vec::new())
        };
        // Whether line `k` opens a line of its own as a unit, or after one.
        let unit_break =
            |k: usize| head.get(k) == Some(&k) && (units[k] || k > 0 && units[head[k - 1]]);
        // A reStructuredText simple table (`=======  ========` over its
        // rows): each row a paragraph of its own, as a Markdown table's
        // is. Its rows had run together as one wrapped paragraph, border
        // and header included.
        let simple_table = simple_table_border(block[0].1);
        // Inside an attribution that goes on over lines indented as deep.
        let mut signing = false;
        for (i, &(start, line)) in block.iter().enumerate() {
            let mut kind = line_kind(line);
            // A line all in bold inside a paragraph, after a line that
            // stops mid-sentence, is the sentence's emphasis, no heading.
            if kind == LineKind::Heading
                && i > 0
                && line.trim_start().starts_with(['*', '_'])
                && !block[i - 1]
                    .1
                    .trim_end()
                    .ends_with(|c: char| is_terminator(c) || is_closer(c) || c == ':')
            {
                kind = LineKind::Text;
            }
            self.enumerated = matches!(kind, LineKind::Heading | LineKind::ListItem);
            self.table_row = kind == LineKind::TableRow;
            // (A Markdown heading's `#` line; a paragraph all in bold is
            // read as a heading too, but it may hold sentences.)
            self.heading = kind == LineKind::Heading && atx_heading(line.trim_start());
            let own = matches!(kind, LineKind::Heading | LineKind::TableRow) || simple_table;
            let joined = i > 0 && goes_on(i - 1);
            self.opens_paragraph = i == 0 || line_per_paragraph && !joined || own;
            if line_per_paragraph {
                self.line(start, line);
                if !goes_on(i) {
                    self.end_paragraph();
                }
            } else if own {
                // A heading, or a table's row, is a paragraph of its own.
                self.end_paragraph();
                self.line(start, line);
                self.end_paragraph();
            } else {
                // A number opening a line that continues a wrapped sentence
                // (`… added under section` / `7. This requirement`) is
                // that sentence's, not an item's.
                let continues = i > 0
                    && kind == LineKind::ListItem
                    && (numbered(line)
                        || roman_first(line)
                        || dash_after_a_full_line(line, block[i - 1].1))
                    && wrapped_mid_sentence(block[i - 1].1)
                    && block
                        .get(i + 1)
                        .is_none_or(|&(_, next)| line_kind(next) != LineKind::ListItem);
                // A quotation's attribution on a line of its own (`— Oscar
                // Wilde`, `-- Mark Twain, Notebook`) is a sentence of its
                // own: it had run into the text after it (`— Oscar Wilde
                // This essay …`; a fortune file's every quote).
                // (A signature wrapped over lines indented as deep signs
                // a text that ended its sentence; under one that did not,
                // a dash's line that goes on is the sentence's.)
                let signed = || {
                    let rest = &block[i + 1..];
                    let ended = || {
                        block[i - 1]
                            .1
                            .trim_end()
                            .ends_with(|c: char| is_terminator(c) || is_closer(c))
                    };
                    rest.is_empty()
                        || ended()
                            && rest
                                .iter()
                                .all(|&(_, l)| indent_width(l) >= indent_width(line))
                };
                let attributed = i > 0 && (attribution(line) || signature(line) && signed());
                if continues {
                    self.enumerated = false;
                } else if i > 0
                    && (kind == LineKind::ListItem
                        || term(i)
                        || term(i - 1)
                        || attributed
                        || unit_break(i))
                {
                    self.end_sentence_and_pending();
                }
                // An attribution is one sentence, whatever its marks: the
                // name, the dates, the description (`-- Marco Tulio
                // Cicerón. (106-43 A.C.) Escritor, orador y político
                // romano.` had been three, a third of the sentences of
                // Debian's Spanish fortunes).
                let signs = attributed && named_attribution(line, block[i - 1].1) || signing;
                self.heading |= signs;
                self.line(start, line);
                // (Unless it goes on, indented as deep on the next line:
                // `-- Marco Tulio Cicerón. (106-43 A.C.) Escritor, orador y`
                // / `político romano.`)
                let goes_on_indented = || {
                    block.get(i + 1).is_some_and(|&(_, next)| {
                        indent_width(line) > 0 && indent_width(next) >= indent_width(line)
                    })
                };
                let goes_on = goes_on_indented();
                signing = signs && goes_on;
                if (attributed || signs) && !goes_on {
                    self.end_sentence_and_pending();
                }
            }
        }
        self.table_row = false;
        self.heading = false;
        self.end_paragraph();
    }

    fn line(&mut self, base: usize, line: &str) {
        self.line_words = 0;
        self.line_start = base;
        // (A note's mark never runs over a line.)
        self.note_open = false;
        let bytes = line.as_bytes();
        if matches!(bytes.first(), Some(b'[' | b' ')) && address_definition(line) {
            return;
        }

        let class = |i: usize| bytes.get(i).map(|&b| BYTE_CLASS[b as usize]);
        let mut i = 0;
        let mut chunk_start = None;
        // Whether the chunk holds `://` before `scheme_checked` (searched
        // once per chunk, not from its start at every `&`: a run of
        // `x=1&` a megabyte long was quadratic).
        let (mut scheme_from, mut scheme_checked, mut has_scheme) = (usize::MAX, 0, false);
        let mut ascii = true;
        // Where no `-->` follows on the line (see `markup_end`).
        let mut no_comment_close = usize::MAX;
        while i < bytes.len() {
            let b = bytes[i];
            let c = BYTE_CLASS[b as usize];
            if c == ALNUM && chunk_start.is_none() {
                // A chunk that opens with letters or digits. Most chunks
                // are a word, or a word and one mark (`said,`): those go
                // out as they are scanned, the rest as any chunk.
                let s = i;
                i = alnum_run_end(bytes, i + 1);
                match class(i) {
                    None | Some(SPACE) => self.word_chunk(base + s, base + i, None),
                    Some(OTHER)
                        if !is_ascii_word_byte(bytes[i])
                            && matches!(class(i + 1), None | Some(SPACE)) =>
                    {
                        self.word_chunk(base + s, base + i, Some(bytes[i]));
                        i += 1;
                    }
                    _ => {
                        chunk_start = Some(s);
                        ascii = true;
                    }
                }
            } else if c != NON_ASCII {
                // Raw HTML (`<br>`, `&nbsp;`) parts words as a space; but
                // `&amp;` inside a web address is the address's.
                let mut in_address = || {
                    let Some(s) = chunk_start.filter(|_| b == b'&') else {
                        return false;
                    };
                    if scheme_from != s {
                        (scheme_from, scheme_checked, has_scheme) = (s, s, false);
                    }
                    if !has_scheme {
                        // (From two bytes back: a `://` across the last end.)
                        let from = scheme_checked.saturating_sub(2).max(s);
                        has_scheme = memchr::memmem::find(&bytes[from..i], b"://").is_some();
                        scheme_checked = i;
                    }
                    has_scheme
                };
                if c == MARKUP && !in_address() {
                    if let Some(end) = markup_end(bytes, i, &mut no_comment_close) {
                        if let Some(s) = chunk_start.take() {
                            self.chunk(base + s, &line[s..i], ascii);
                        }
                        i = end;
                        continue;
                    }
                }
                if c == SPACE {
                    if let Some(s) = chunk_start.take() {
                        self.chunk(base + s, &line[s..i], ascii);
                    }
                } else if chunk_start.is_none() {
                    chunk_start = Some(i);
                    ascii = true;
                }
                i += 1;
            } else {
                // Safe to index: `i` is always at a char boundary here.
                let c = line[i..].chars().next().unwrap_or('\u{fffd}');
                let len = c.len_utf8();
                let joins_digits = matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
                    && i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + len).is_some_and(u8::is_ascii_digit);
                if c.is_whitespace() && !joins_digits {
                    if let Some(s) = chunk_start.take() {
                        self.chunk(base + s, &line[s..i], ascii);
                    }
                } else {
                    if chunk_start.is_none() {
                        chunk_start = Some(i);
                    }
                    ascii = false;
                }
                i += len;
            }
        }
        if let Some(s) = chunk_start {
            self.chunk(base + s, &line[s..], ascii);
        }
    }

    /// A chunk that is an ASCII word (`start..end`: letters and digits),
    /// or one and a `mark` that is not a word byte: what `ascii_pieces`
    /// would make of it, without the list.
    #[inline]
    fn word_chunk(&mut self, start: usize, end: usize, mark: Option<u8>) {
        if self.term && !self.note_open {
            self.term_ws = true;
        }
        // (A mark here is followed by a space or the line's end.)
        if mark == Some(b'\'') && self.accent_at(end) {
            self.word(start, end + 1);
            return;
        }
        self.word(start, end);
        if let Some(mark) = mark {
            self.punct(end, mark as char, Some((start, end)));
        }
    }

    /// Whether the `'` at byte `at`, right after a word, is that word's
    /// accent: the text writes accents so, the word ends on a vowel, and
    /// no letter or digit follows.
    #[inline]
    fn accent_at(&self, at: usize) -> bool {
        let b = self.text.as_bytes();
        self.accents
            && at > 0
            && is_accented_vowel(b[at - 1])
            && !b.get(at + 1).is_some_and(|&n| n.is_ascii_alphanumeric())
            && !quote_opened_before(b, at)
    }

    /// A run of text between whitespace (one that is a word, or a word and
    /// a mark, went out as [`Scanner::word_chunk`] while `line` scanned it).
    /// A run longer than [`MAX_CHUNK`] (megabytes of `.` or `|`) is read a
    /// piece at a time, cut at character boundaries, so memory follows the
    /// piece, not the run.
    fn chunk(&mut self, base: usize, chunk: &str, ascii: bool) {
        if chunk.len() > MAX_CHUNK {
            let mut from = 0;
            while from < chunk.len() {
                let mut to = (from + MAX_CHUNK).min(chunk.len());
                while !chunk.is_char_boundary(to) {
                    to -= 1;
                }
                let piece = &chunk[from..to];
                self.chunk_piece(base + from, piece, ascii);
                from = to;
            }
            return;
        }
        self.chunk_piece(base, chunk, ascii);
    }

    fn chunk_piece(&mut self, base: usize, chunk: &str, ascii: bool) {
        if self.term && !self.note_open {
            self.term_ws = true;
        }
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        if ascii {
            ascii_pieces(base, chunk.as_bytes(), &mut pieces);
        } else if !typographic_pieces(base, chunk, &mut pieces) {
            pieces.clear();
            unicode_pieces(base, chunk, &mut pieces);
        }
        join_pieces(self.text, &mut pieces);
        if chunk.contains('_') && !chunk.contains('`') {
            trim_underscores(self.text, base..base + chunk.len(), &mut pieces);
        }
        if chunk.contains(['\'', '’']) {
            split_elisions(self.text, &mut pieces);
        }
        if may_hold_link(chunk.as_bytes()) {
            join_links(base, chunk, &mut pieces);
        }
        // A GitHub emoji's shortcode (`:heavy_check_mark:`, `:tada:`) is
        // shown as its picture: no word. Not first on its line, where a
        // field opens (`:synopsis: …`), nor a role before its backtick
        // (`:ref:`…``).
        if let [Piece::Punct(a, ':'), Piece::Word(s, e), Piece::Punct(b, ':'), ..] = pieces[..] {
            let after = self.text.as_bytes().get(b + 1);
            if s == a + 1
                && b == e
                && self.line_words > 0
                && !after.is_some_and(|&c| c == b'`' || c.is_ascii_alphanumeric())
                && shortcode(&self.text[s..e])
            {
                pieces.remove(1);
            }
        }
        // A `[` right after a mark (sought among the chunk's few pieces):
        // an image's `![`, a reference link's `][`.
        let (mut image, mut label) = (None, false);
        for (k, w) in pieces.windows(2).enumerate() {
            if let [Piece::Punct(a, c), Piece::Punct(b, '[')] = *w {
                if b == a + 1 {
                    match c {
                        '!' if image.is_none() => image = Some(k),
                        ']' => label = true,
                        _ => {}
                    }
                }
            }
        }
        // An image (`![npm version](…)`): its `!` is markup, no sentence's
        // mark, and its alternative text's span is kept for the line, so
        // that its words go out as none (see `word`).
        if let Some(k) = image {
            let at = piece_start(pieces[k]);
            let line_end = memchr::memchr(b'\n', &self.text.as_bytes()[at..])
                .map_or(self.text.len(), |n| at + n);
            if at >= self.alt.1 {
                if let Some(alt) = image_alt(at, &self.text.as_bytes()[at..line_end]) {
                    // (Its `!` stays in the sentence's text, as no
                    // terminator: an image opening a sentence had lost
                    // it, and its alternative text read as a link's
                    // words in a diff.)
                    self.alt = alt;
                }
            }
        }
        if label {
            drop_reference_labels(base, chunk, &mut pieces);
        }
        let mut prev_word: Option<(usize, usize)> = None;
        // The end of a Markdown escape's backslash right after the previous
        // word (`31\.`, `Abs\.`: text converted from Markdown escapes a
        // period that would otherwise start a list): the mark after it is
        // read as if it followed the word.
        let mut escaped: Option<usize> = None;
        // Where the apostrophe taken into the last word as its accent is.
        let mut accent: Option<usize> = None;
        for (k, &piece) in pieces.iter().enumerate() {
            match piece {
                // A reStructuredText role's name (`:func:`dim``,
                // `:py:meth:`x``) is markup, read as marks: it had been
                // words (17,102 in Django's docs; `class` a top term).
                Piece::Word(s, e)
                    if s > 0
                        && self.text.as_bytes()[s - 1] == b':'
                        && role(&self.text[s - 1..])
                        || self.line_words == 0
                            && matches!(
                                self.text.as_bytes()[self.line_start],
                                b'.' | b' ' | b'\t'
                            )
                            && directive_head(&self.text[self.line_start..])
                                .is_some_and(|n| e <= self.line_start + n) =>
                {
                    for (k, c) in self.text[s..e].char_indices() {
                        self.punct(s + k, c, None);
                    }
                    prev_word = None;
                }
                // An accent written as an apostrophe is its word's (see
                // `accent_apostrophes`): `perche',`, `c'e'.`.
                Piece::Word(s, e)
                    if self.accents
                        && matches!(pieces.get(k + 1), Some(&Piece::Punct(p, '\'')) if p == e)
                        && !matches!(pieces.get(k + 2), Some(&Piece::Word(n, _)) if n == e + 1)
                        && self.accent_at(e) =>
                {
                    self.word(s, e + 1);
                    prev_word = Some((s, e + 1));
                    accent = Some(e);
                }
                Piece::Word(s, e) => {
                    self.word(s, e);
                    prev_word = Some((s, e));
                }
                Piece::Punct(p, '\'') if accent == Some(p) => {}
                Piece::Punct(s, '\\')
                    if prev_word.is_some_and(|(_, e)| e == s)
                        && matches!(pieces.get(k + 1),
                            Some(&Piece::Punct(n, c)) if n == s + 1 && c.is_ascii_punctuation()) =>
                {
                    self.extend(s, s + 1);
                    escaped = Some(s + 1);
                }
                Piece::Punct(s, c) => {
                    let adjacent = prev_word.filter(|&(_, e)| e == s || escaped == Some(s));
                    self.punct(s, c, adjacent);
                    prev_word = None;
                    escaped = None;
                }
            }
        }
        self.pieces = pieces;
    }

    fn word(&mut self, start: usize, end: usize) {
        // An image's alternative text is shown to no reader who sees the
        // image (a web page's is no word either): no word.
        if start < self.alt.1 && start >= self.alt.0 {
            return;
        }
        let text = &self.text[start..end];
        // (Set only while a terminator waits: asked only then.)
        if let Some(at) = if self.term { self.glued.take() } else { None } {
            // `… your offering.`If his offering …`, `… righteousness.”Then
            // he allowed him`: verses run together without a space, the
            // quote mark between (a bare `News.Az` is a name, not this).
            let mut chars = text.chars();
            let capitalized = chars.next().is_some_and(char::is_uppercase)
                && chars.next().is_some_and(char::is_lowercase);
            if self.term
                && !self.term_ws
                // (A reference's abbreviation, `#`, holds its period
                // only before a number: `endure 't.--Would`.)
                && matches!(self.after, After::Any | After::Number)
                && capitalized
                && !self.heading
            {
                let (sentence_end, next_start) = at.unwrap_or((self.sent_end, start));
                self.sent_end = sentence_end;
                self.end_sentence();
                self.sent_start = Some(next_start);
            }
        }
        // A note's mark glued to the terminator (`swell.[1] Cut`,
        // `rapidly.[12][13]`, `grew.[citation needed] The`) is the
        // sentence's: the terminator still waits for the next word (the
        // mark's word had cancelled it, and the sentences ran together).
        // (Told at its `[`, see `punct`.)
        let note_mark = self.note_open;
        if self.term && !note_mark {
            if self.term_ws || self.term_cjk {
                // A code span opening the next sentence (`… the log
                // output. `quiet` mode is …`) holds a name, whose case
                // says nothing: it opens one as a capital would (a sentence
                // added after it had been an edit of the one before).
                // (Its backticks one or two: ``` ``color`` is … ```, as
                // reStructuredText sets literals; or a role's: `:func:`x`
                // returns …`.)
                let before = &self.text[..start];
                let code_first = before.ends_with('`') && {
                    let ticks = before.trim_end_matches('`');
                    before.len() - ticks.len() <= 2
                        && without_role(ticks).ends_with(char::is_whitespace)
                };
                let lower = text.chars().next().is_some_and(char::is_lowercase) && !code_first;
                let lex = crate::lexicon::get();
                // `3. März`, `18. Jahrhundert`, `4. Aufl.`: an ordinal.
                let ordinal = self.ordinal
                    && (lex.has(Kind::OrdinalNoun, text, self.lowercased) || ordinance(text));
                // `v. 21. 2.1996`: a day, then its month and year.
                let ordinal = ordinal || self.ordinal && month_and_year(text, &self.text[end..]);
                // `z. B.`, `d. h.`: a one-letter word right before another.
                let letter_pair = self.after_letter
                    && text.chars().count() == 1
                    && self.text[end..].starts_with('.');
                let continues = match self.after {
                    After::Any => false,
                    // `p. 12`; `gem. Nr. 4`: a number, or another
                    // abbreviation of a reference.
                    After::Number => {
                        text.starts_with(|c: char| c.is_ascii_digit())
                            // A page's or a record's number with its
                            // section's letter (`p. A12`, `Rec. H2210`).
                            || text.len() > 1
                                && text.starts_with(|c: char| c.is_ascii_uppercase())
                                && text[1..].bytes().all(|b| b.is_ascii_digit())
                            // `Art. XIII`, `Nr. IV`, `vol. iii`, `Ziff. V.`,
                            // `ch. V et VI`; `vol. I,` before a mark, not
                            // `I` the pronoun (`said no. I left`).
                            || is_roman_label(text)
                            || matches!(text, "V" | "X")
                            || text == "I"
                                && self.text[end..].starts_with([',', ';', ':', ')', ']', '.'])
                                // (After `No.` an answer: `No. I, for one, …`.)
                                && !self.last_word.is_some_and(|(s, e)| {
                                    self.text[s..e].eq_ignore_ascii_case("no")
                                })
                            || self.lowercased && is_roman_label(&text.to_ascii_uppercase())
                            || self.text[end..].starts_with('.') && {
                                // Another abbreviation of a reference
                                // (`87 Fed. Reg. 4410`, `Fed. Appx.`,
                                // `Conn. Super. Ct.`), or a capital's
                                // (`Pub. L. No.`, `Fed. R. Civ. P.`).
                                lex.kinds(text, self.lowercased).abbreviation()
                                    || !self.lowercased
                                        && text.len() == 1
                                        && text.starts_with(|c: char| c.is_ascii_uppercase())
                                        && abbreviation_next(lex, &self.text[end + 1..])
                            }
                            || code_letter(text, &self.text[end..])
                    }
                    After::Opener => {
                        !opens_sentences(lex, text, self.lowercased)
                            || title_case_run(lex, text, &self.text[end..])
                    }
                    After::Time => lex.has(Kind::Time, text, self.lowercased),
                    After::Place => {
                        text.starts_with(|c: char| c.is_ascii_digit())
                            || self.text[..start].ends_with('(')
                            // Another abbreviation's letter (`Fort Sill,
                            // Ind. T.`, the Indian Territory).
                            || text.len() == 1 && self.text[end..].starts_with('.')
                    }
                };
                // A number inside brackets after a period goes on with
                // its sentence (`(elev. 3,470 m)`, `(r. 1252-65)`): a
                // citation's or a figure's abbreviation, not an end; not
                // once the bracket closed (`(2014 est.) ++ 131`).
                // And a period inside brackets opened in its sentence and
                // still open, when what follows it in them ends with no
                // terminator of its own (`(eig. Cassius Clay)`,
                // `(Reichsgesetzbl. I S. 1371)`): an abbreviation, not the
                // end of a sentence in brackets (`(… 5–2. Two abstained.)`).
                let continues = continues
                    || self.parens_at_term > 0
                        && self.parens >= self.parens_at_term
                        && (text.starts_with(|c: char| c.is_ascii_digit())
                            || !bracket_ends_a_sentence(&self.text[start..]));
                // In lower-cased text a letter with a period may be an
                // initial (`harry s. truman`); a word that opens sentences
                // after a lone one (`the transform of f. the theorem`,
                // `the letter i. however,`) says it ended one.
                // `… declared. (a) To our own generation. (b) To …`: an
                // item's letter opens its sentence.
                let after_number = self
                    .last_word
                    .is_some_and(|(s, e)| self.text[s..e].bytes().all(|b| b.is_ascii_digit()));
                let item_letter = lower
                    && self.sent_words > 1
                    && !after_number
                    && self.text[end..].starts_with(')')
                    && (text.len() == 1 || is_roman_label(&text.to_uppercase()));
                // In lower-cased text a number after a letter's period
                // (`dated c. 612 bc`, `p. 12`) opens no sentence either.
                let number_after_letter = self.lowercased
                    && self.after_letter
                    && text.starts_with(|c: char| c.is_ascii_digit());
                // Dutch `’s Avonds …`, `’t Hooft …`, `’s-Hertogenbosch is …`:
                // a clitic article opens a sentence before the capital of
                // the word it goes with.
                let clitic = self.text[..start].ends_with(['\'', '’'])
                    && match text.strip_prefix(['s', 't']) {
                        Some("") => self.text[end..]
                            .strip_prefix(' ')
                            .is_some_and(|rest| rest.starts_with(char::is_uppercase)),
                        Some(rest) => rest
                            .strip_prefix('-')
                            .is_some_and(|rest| rest.starts_with(char::is_uppercase)),
                        None => false,
                    };
                // A hashtag, a handle or a web address after the
                // terminator and a space (`… good friends. #gratitude #fb`,
                // `… today. @anna`, `… here. https://…`) is a post's tail,
                // no sentence's word: the sentence ends before it (it had
                // run on, and lost its place in readability).
                let tagged = self.term_ws
                    && (self.text[..start]
                        .strip_suffix(['#', '@'])
                        .is_some_and(|before| before.ends_with(char::is_whitespace))
                        || text.starts_with("http://")
                        || text.starts_with("https://")
                        || text.starts_with("www."));
                let opens = !lower && !number_after_letter
                    || item_letter
                    || tagged
                    || clitic && !self.lowercased
                    || (self.lowercased
                        && (!self.after_letter
                            || self.lone_letter && lex.has(Kind::Opener, text, true)));
                if opens && !ordinal && !letter_pair && !continues && !self.heading {
                    let next_start = self.next_start.unwrap_or(start);
                    self.end_sentence();
                    self.sent_start = Some(next_start);
                }
            }
            self.term = false;
            self.ordinal = false;
            self.after = After::Any;
        }
        if !note_mark {
            // (In a note's mark, the word before the terminator stays
            // the last word.)
            self.before_last = self.last_word;
            self.last_word = Some((start, end));
            self.next_start = None;
        }
        self.extend(start, end);
        self.line_words += 1;
        self.sent_words += 1;
        self.para_words += 1;
        self.sink.word(Word {
            text,
            start,
            quoted: !self.quotes.is_empty(),
        });
    }

    fn punct(&mut self, start: usize, c: char, prev_word: Option<(usize, usize)>) {
        let end = start + c.len_utf8();
        // An image's `!` (`![logo](…)`, its alternative text at `self.alt`)
        // is markup that opens it, no terminator.
        let terminator = is_terminator(c) && !(c == '!' && self.alt.0 == start + 2);
        if c == '|' && self.table_row {
            // A table's cell ends at its `|`: cells are not run together
            // into one sentence (the `|` opens the next cell's).
            self.end_sentence_and_pending();
        }
        // A closing mark of the open quotation, even after a space (French
        // `« … décision. »`), closes the sentence it ends.
        let closes_quote = is_closer(c)
            && self.quotes.last() == Some(&c)
            && (c != '"' || !self.straight_quote(start).0);
        // A `"` glued to a number is a mark of seconds or inches (`54° 26'
        // 42" N`, `5'3"`), not a quotation opened to the paragraph's end.
        let unit_mark = c == '"'
            && self.quotes.last() != Some(&'"')
            && prev_word.is_some_and(|(_, e)| {
                e == start && self.text[..e].ends_with(|c: char| c.is_ascii_digit())
            });
        if !unit_mark {
            self.update_quotes(c, start);
        }
        match c {
            '(' => self.parens = self.parens.saturating_add(1),
            ')' => self.parens = self.parens.saturating_sub(1),
            ']' => self.note_open = false,
            // (The space inside a mark of words, `[citation needed]`, is
            // no space after the terminator.)
            '[' if self.term && !self.term_ws && !self.term_cjk => {
                self.note_open = self.opens_note(start);
            }
            _ => {}
        }
        // (Spanish's `¡` and `¿` open a sentence as an opening quote does:
        // `¡Claro que sí!¡No había otra salida!`.)
        let quote_mark = matches!(
            c,
            '”' | '’' | '\'' | '»' | '`' | '“' | '‘' | '„' | '"' | '«' | '¡' | '¿'
        );
        // A dash glued to the terminator (`you.--All idle refinement!—Women
        // may be`: novels set dialogue so): the sentence ends with it,
        // should a capitalized word follow at once. A lone hyphen joins a
        // compound (`Akt.-Ges.`, `Hbg.-Dammtor`).
        // (Asked only while a terminator waits, glued to its marks.)
        let glued_dash = self.term
            && !self.term_ws
            && !self.term_cjk
            && self.quotes_only
            && match c {
                '–' | '—' => true,
                '-' => self.text[end..].starts_with('-') || self.text[..start].ends_with('-'),
                _ => false,
            };
        if glued_dash {
            if self.glued.is_none() {
                self.glued = Some(None);
            }
        } else if !quote_mark && !terminator {
            // Only quote marks and dashes stand between the terminator
            // and the word.
            self.glued = None;
            self.quotes_only = false;
        }
        if self.term && !self.term_ws && !self.term_cjk && quote_mark && self.quotes_only {
            // A quote mark glued to the terminator: it closes the sentence
            // (`”`, `’`, a closing `"`), or opens the next (`` ` ``, `“`,
            // an opening `"`), should a word follow at once; so does one
            // after the closing marks and dashes (`?"--"She believed`).
            let closes = closes_quote || matches!(c, '”' | '’' | '\'' | '»');
            let opens = !closes && matches!(c, '`' | '“' | '‘' | '„' | '"' | '«' | '¡' | '¿');
            if self.glued.is_none() && closes {
                self.glued = Some(None);
            } else if opens && matches!(self.glued, None | Some(None)) {
                self.glued = Some(Some((self.sent_end, start)));
            }
        }
        // (An arrow after a space on the same line opens no sentence
        // either: `Dados → Ordenar… → Opções`. A slash or a bar may part
        // verse or a menu's items: `a summer's day? / Thou art`,
        // `Weather. | Sports`.)
        let after_space_on_line = self.term_ws && self.next_start.is_none() && self.line_words > 0;
        let no_opener = c == '→' && after_space_on_line;
        // A dash after an abbreviation's or an acronym's period and a space
        // on the same line goes on with its sentence: a dateline's
        // (`ALBANY, N.Y. — The clerk …`, `SALEM, Ore. -- Firefighters …`);
        // after a full word it may open the next (`stole.” — Mike …`).
        let dateline_dash = self.term
            && matches!(self.after, After::Opener | After::Place)
            && after_space_on_line
            && match c {
                '—' | '–' => true,
                '-' => self.text[end..].starts_with(['-', ' ']),
                _ => false,
            };
        if self.term
            && (matches!(c, ',' | ';' | ':')
                && (!self.term_ws || (self.next_start.is_none() && self.line_words > 0))
                && !(self.term_ws && (emoticon(&self.text[start..]) || role(&self.text[start..])))
                || no_opener
                || dateline_dash)
        {
            // `Apple Inc., Microsoft`, `“Stop!”, she said`: a comma or a
            // semicolon right after the terminator continues the sentence;
            // so does one after a space on the same line, as French sets
            // them (`(… etc.) ; Échap`): no sentence opens with one.
            self.term = false;
            self.after = After::Any;
            self.extend(start, end);
            return;
        }
        if self.term {
            if self.next_start.is_some() {
                // After punctuation that opened what may be the next
                // sentence (`Really? (!)`), everything up to the next word
                // goes with it: the sentences never overlap.
                self.pending_end = end;
            } else if self.term_ws
                && matches!(c, '.' | '…')
                && ellipsis_at(self.text, start)
                && word_after_ellipsis(&self.text[start..])
            {
                // An ellipsis after the terminator and a space opens what
                // may be the next sentence (`Das war es. ... Schade.`), as
                // an opening quote does: it had closed the one before.
                self.next_start.get_or_insert(start);
                self.pending_end = end;
            } else if terminator
                || (is_closer(c) && (!self.term_ws || closes_quote))
                || matches!(c, ')' | ']' | '}') && after_space_on_line
            {
                // Closing quotes and brackets right after the terminator,
                // and repeated terminators, belong to the sentence they
                // close; anything else after whitespace opens the next.
                // A `?` or `!` after an abbreviation's period ends the
                // sentence before any word (`O.K.? What school …`), not
                // only one that opens sentences.
                if c != '.' && terminator {
                    self.after = After::Any;
                }
                self.extend(start, end);
                // A quote closed after a space, as French sets `? »`: the
                // marks glued to it are the sentence's too (`« Pourquoi
                // adhérer ? »).`: its `).` had opened the next sentence).
                // So is a bracket closed after a space on the line, which
                // opens no sentence (`(Orione, Vega, … ).`, `[The crew
                // hauls the nets aboard. ]`).
                if closes_quote || matches!(c, ')' | ']' | '}') {
                    self.term_ws = false;
                }
            } else if !self.term_ws && !self.term_cjk {
                // Other punctuation glued to the terminator (`.--`).
                self.extend(start, end);
            } else {
                // Punctuation opening what may be the next sentence.
                self.next_start.get_or_insert(start);
                self.pending_end = end;
            }
            return;
        }
        // An emoticon standing alone before a capitalized word (`Thanks for
        // the fix :-) Closing the issue.`) ends a sentence as a `!` would;
        // one before a lower-case word (`fix :-) and more`, in a text all
        // in lower case too) or inside brackets (`were ( ;-) ) in`) goes on.
        let emoticon_end = matches!(c, ':' | ';')
            && self.parens == 0
            && self.text[..start].ends_with([' ', '\t'])
            && emoticon(&self.text[start..])
            && self.text[start..]
                .split_once(char::is_whitespace)
                .and_then(|(_, rest)| rest.trim_start().chars().next())
                .is_some_and(char::is_uppercase);
        // reStructuredText's auto-number (`#. Unpack the pump.`) is an
        // item's label; a directive's `..` is markup.
        let auto_number = c == '.'
            && self.line_words == 0
            && (self.enumerated
                && self.text[..start].ends_with('#')
                && is_blank(&self.text[self.line_start..start - 1])
                || directive_head(&self.text[self.line_start..])
                    .is_some_and(|n| start < self.line_start + n)
                || self.explicit_markup_dots(start));
        // An ellipsis opening a sentence (`...` / `E, il settimo giorno
        // …`, `… Du bist 9 Tage zu spät.`) ends none: it had been a
        // sentence without words of its own.
        let opening_ellipsis = self.sent_words == 0
            && matches!(c, '.' | '…')
            && ellipsis_at(self.text, start)
            && word_after_ellipsis(&self.text[start..]);
        // A `?` in brackets after a figure marks a year or a figure as
        // uncertain (`(1952?)`, `(1819-????)`), and ends nothing.
        let uncertain = c == '?'
            && self.parens > 0
            && self.text[..start].ends_with(|p: char| p.is_ascii_digit() || matches!(p, '?' | '-'))
            && {
                // The bracket holds the figure alone (`(Remember 1999?)`
                // asks a question).
                let open = self.text[..start]
                    .bytes()
                    .rev()
                    .take(24)
                    .position(|b| b == b'(');
                open.is_some_and(|k| {
                    self.text.as_bytes()[start - k..start]
                        .iter()
                        .all(|b| b.is_ascii_digit() || matches!(b, b'?' | b'-' | b' '))
                })
            };
        if emoticon_end
            || terminator
                && !opening_ellipsis
                && !uncertain
                && (c != '.' || !auto_number && self.period_ends(prev_word))
                && !self.in_code_span(start, end)
        {
            if c != '.' {
                self.after = After::Any;
            }
            self.term = true;
            self.term_ws = false;
            self.glued = None;
            self.quotes_only = true;
            self.parens_at_term = self.parens;
            // Chinese and Japanese write no space after a full stop.
            self.term_cjk = matches!(c, '。' | '！' | '？' | '｡');
            self.next_start = None;
        }
        self.extend(start, end);
    }

    /// Whether the `.` at `start` is one of the two opening a line of
    /// reStructuredText's explicit markup (`.. a comment`, `.. [1] …`):
    /// markup, not a sentence's end.
    fn explicit_markup_dots(&self, start: usize) -> bool {
        let indent = self.text.as_bytes()[self.line_start..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let at = self.line_start + indent;
        // (The line's end is searched for only at its first two bytes: a
        // line of marks had been searched at every period.)
        if start != at && start != at + 1 {
            return false;
        }
        let line = &self.text[at..];
        let t = &line[..memchr::memchr(b'\n', line.as_bytes()).unwrap_or(line.len())];
        t.starts_with("..") && explicit_markup_or_field(t)
    }

    /// Whether the `[` at `open` opens a note's mark glued to a terminator
    /// (right after it, or after another such mark): a number, a letter
    /// or up to 24 characters of lower-case words, then `]` not opening a
    /// link's address (`.[read more](…)`).
    #[inline(never)]
    fn opens_note(&self, open: usize) -> bool {
        const MARK: usize = 26;
        let bytes = self.text.as_bytes();
        let to = (open + MARK).min(bytes.len());
        let Some(close) = bytes[open..to]
            .iter()
            .position(|&b| b == b']')
            .map(|i| open + i)
        else {
            return false;
        };
        // A number, a letter, or words in lower case (`citation needed`,
        // `note 3`); not a capitalized stage direction or editor's word
        // (`PORTIA.[To NERISSA] Thou`, `seek.[To] Zion`).
        let inner = &self.text[open + 1..close];
        let mark = inner.trim_start_matches('^');
        let note = mark.bytes().all(|b| b.is_ascii_digit())
            || mark.chars().count() == 1
            || mark
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == ' ');
        !mark.is_empty()
            && note
            // (Behind the quotes it closes: `… of a Nation."[50]`.)
            && self.text[..open]
                .trim_end_matches(['"', '”', '’', '»', '\''])
                .ends_with(|c: char| is_terminator(c) || c == ']')
            && !self.text[close + 1..].starts_with(['(', ':'])
    }

    /// Whether the number `w` at `s..e`, before a period, labels an item of
    /// an enumeration inside its sentence: it stands after a `:`, `,` or
    /// `;` or a conjunction (see [`label_cued`]), and so does its
    /// neighbour — the one before it in the sentence so far, or, for `1.`,
    /// a `2.` ahead in the paragraph (within [`INLINE_LABEL_REACH`]
    /// bytes).
    fn inline_label(&self, s: usize, e: usize, w: &str) -> bool {
        if !label_cued(self.text, s) {
            return false;
        }
        let n: usize = w.parse().unwrap_or(0);
        let text = self.text;
        let at_label = |k: usize, number: &str| {
            text[k..].starts_with(number)
                && text[k + number.len()..].starts_with(". ")
                && (k == 0 || !text.as_bytes()[k - 1].is_ascii_alphanumeric())
                && label_cued(text, k)
        };
        if n == 1 {
            let mut end = (e + INLINE_LABEL_REACH).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let ahead = &text[e..end];
            let ahead =
                &ahead[..memchr::memmem::find(ahead.as_bytes(), b"\n\n").unwrap_or(ahead.len())];
            return memchr::memchr_iter(b'2', ahead.as_bytes()).any(|k| at_label(e + k, "2"));
        }
        let Some(before) = n.checked_sub(1).filter(|&b| b >= 1).map(|b| b.to_string()) else {
            return false;
        };
        // (Within the reach before it too: a sentence has no bound, and a
        // line of `x, 12.` repeated had been searched back to its start
        // at each.)
        let mut from = self
            .sent_start
            .unwrap_or(s)
            .min(s)
            .max(s.saturating_sub(INLINE_LABEL_REACH));
        while !text.is_char_boundary(from) {
            from += 1;
        }
        memchr::memmem::find_iter(&text.as_bytes()[from..s], before.as_bytes())
            .any(|k| at_label(from + k, &before))
    }

    /// Whether a period after `prev_word` (adjacent to it) can end a
    /// sentence; sets [`After`] for what may follow.
    fn period_ends(&mut self, prev_word: Option<(usize, usize)>) -> bool {
        self.after = After::Any;
        // What a word before this period says; a period after a bracket
        // or a quote (`(really).`) follows none: what an earlier period
        // set (`h.263`) must not hold here.
        self.after_letter = false;
        self.lone_letter = false;
        self.ordinal = false;
        let Some((s, e)) = prev_word else {
            return true;
        };
        let w = &self.text[s..e];
        let lex = crate::lexicon::get();
        let lc = self.lowercased;
        // An item's number (`1. First item`, `## 3. Account Requirements`,
        // `2.1. Scope`), or a heading's or caption's label and number at a
        // paragraph's start (`Kapitel 3. Die Systeminitialisierung`,
        // `Table 1.1. Packages`).
        let item = self.enumerated && self.line_words == 1;
        let labelled = self.opens_paragraph
            && self.line_words == 2
            && self
                .before_last
                .is_some_and(|(bs, be)| lex.has(Kind::Label, &self.text[bs..be], lc));
        if item && is_item_label(w) || (item || labelled) && is_enumerator(w) {
            self.ordinal = false;
            return false;
        }
        // An enumeration's label inside a sentence (`three kinds of men:
        // 1. the handsome, 2. the clever, 3. the rest.`), its neighbour's
        // in the same sentence: its items had been sentences, each
        // ending on the next one's number.
        if (1..=2).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_digit())
            && self.inline_label(s, e, w)
        {
            return false;
        }
        // A section's number before its quoted title (`see the Developer's
        // Reference, 5.8. "Handling bugs"`, `section 6.2.5. “Version …”`:
        // DocBook's cross-references): after a comma or a label (a decimal,
        // a version or an address ends a sentence: `inflation hit 3.2. "We
        // …`, `Python 3.11.4. "All …`).
        // (A number starts `w`: asked of few periods. After a space: a
        // quote glued to the period closes one.)
        if w.starts_with(|c: char| c.is_ascii_digit()) && w.contains('.') && is_enumerator(w) {
            let after = &self.text[e + 1..];
            let next = after.trim_start_matches([' ', '\u{a0}']);
            let quoted = next.len() < after.len() && next.starts_with(['"', '“', '«', '„']);
            let cued = || {
                self.text[..s].trim_end().ends_with(',')
                    || self.before_last.is_some_and(|(bs, be)| {
                        lex.has(Kind::Label, &self.text[bs..be], lc) && is_blank(&self.text[be..s])
                    })
            };
            if quoted && cued() {
                return false;
            }
        }
        let short_number = w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit());
        if self.rules.german_ordinals && short_number {
            // `Im 19. Jahrhundert`, `zum 65. Geburtstag`: an ordinal after
            // an article or a preposition that takes one.
            // The cue is the word right before the number: `des § 48. Die`
            // is a reference's number, which ends the sentence.
            let cue = self.before_last.is_some_and(|(bs, be)| {
                lex.has(Kind::OrdinalCue, &self.text[bs..be], lc)
                    && self.text.get(be..s).is_some_and(is_blank)
            });
            // `(3. Schnitt …`: a number right after an opening bracket.
            let cue = cue || self.text[..s].ends_with('(');
            // A range or a pair of ordinals (`der 1. bis 100.
            // Durchstechflasche`, `im 14. und 16. Betriebsjahr`): the second
            // after a conjunction right after the first.
            let chained = self.before_last.is_some_and(|(bs, be)| {
                matches!(&self.text[bs..be], "bis" | "und" | "oder" | "sowie")
                    && self.text.get(be..s).is_some_and(is_blank)
                    && self.text[..bs]
                        .trim_end()
                        .strip_suffix('.')
                        .is_some_and(|b| {
                            let digits =
                                b.len() - b.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                            (1..=3).contains(&digits)
                        })
            });
            if cue || chained {
                self.ordinal = false;
                return false;
            }
        }
        self.ordinal = self.rules.german_ordinals && short_number;
        let mut chars = w.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        // A lowercase letter (`20 h.`) may end a sentence, unless another
        // letter with a period follows (`z. B.`) or went before (`u. a.`,
        // `i. V. m.`: a chain of letters is one abbreviation).
        self.after_letter = single.is_some_and(char::is_lowercase);
        if let Some(c) = single {
            let chained = self.before_last.is_some_and(|(bs, be)| {
                self.text[bs..be].chars().count() == 1 && self.text[be..].starts_with('.')
            });
            self.lone_letter = !chained;
            if c.is_lowercase() && chained && !lc {
                return false;
            }
        }
        // An initial (J. R. Whitfield, Harry S. Truman) never ends a
        // sentence, whatever the lexicons say of its lower-case form.
        // But one that closes a chain opened by a lower-case letter (`a. C.`,
        // `d. C.`, `i. V.`) is an abbreviation's end, which ends a sentence
        // before a word that opens one.
        // A letter after a symbol is a key's or a variable's, no initial
        // (`Ctrl + D.`, `^D.`, `x = X.`): it may end a sentence. (Not after
        // markup: `| [A. Definitions]`, `**A.** **Zeichen**`.)
        let after_symbol = self.before_last.is_some_and(|(_, be)| {
            self.text
                .get(be..s)
                .is_some_and(|between| between.chars().any(|c| matches!(c, '+' | '=' | '^' | '~')))
        });
        // A capital letter after a lower-case word is the pronoun `I` (`and
        // so do I. No …`), or a name of one letter — a language's, a
        // variable's, an appendix's (`a package for R. As`, `the matrix X.
        // That is`, `langage C. La`) — more often than an initial: it ends
        // a sentence before a word that opens one (the pronoun before any
        // word, as `After::Opener` then asks). After `by`, `par`, `von` …
        // a letter is a name's initial (`by X. Ma and colleagues`).
        const BY: &[&str] = &["by", "par", "von", "por", "door"];
        let letter_name = single.is_some_and(char::is_uppercase)
            && self.before_last.is_some_and(|(bs, be)| {
                let before = &self.text[bs..be];
                before.chars().all(char::is_lowercase)
                    && !BY.contains(&before)
                    && is_blank(&self.text[be..s])
            })
            && !after_symbol;
        if letter_name && !lc {
            let rest = self.text[e + 1..].trim_start();
            let opener_len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let opener = &rest[..opener_len];
            let then = &rest[opener_len..];
            let pronoun = single == Some('I');
            // The opener may be a surname (`M. Le Maire`): not when a
            // capitalized word follows it, but for an article (`für R. Die
            // Nutzer`); nor another initial (`J. A. Smith`).
            let name_follows = then
                .strip_prefix(' ')
                .is_some_and(|t| t.starts_with(char::is_uppercase));
            let name_ends = opener_len > 0
                && !then.starts_with('.')
                && lex.has(Kind::Opener, opener, false)
                && (!name_follows || ARTICLES.contains(&opener));
            if pronoun || name_ends {
                self.after = After::Opener;
                return true;
            }
        }
        // Initials joined by a hyphen the lexicons know as an abbreviation
        // (`av. J.-C.`, Jésus-Christ): `~`, it ends a sentence before a word
        // that opens one; other such pairs are a name's (`J.-P. Sartre`).
        let hyphen_chain = self.before_last.and_then(|(bs, be)| {
            matches!(self.text.get(be..s), Some(".-" | ".‐")).then(|| &self.text[bs..e])
        });
        if hyphen_chain.is_some_and(|chain| lex.kinds(chain, lc).has(Kind::Weak)) {
            self.after = After::Opener;
            return true;
        }
        if single.is_some_and(char::is_uppercase) && !lc && !after_symbol {
            let after_lower_letter = self.before_last.is_some_and(|(bs, be)| {
                let t = &self.text[bs..be];
                t.chars().count() == 1
                    && t.chars().all(char::is_lowercase)
                    && self.text[be..].starts_with('.')
            });
            if after_lower_letter {
                self.after = After::Opener;
                return true;
            }
            return false;
        }
        // French and Italian elide articles into the abbreviation
        // (`l'art.`, `dell'art.`, `L'avv.`): the lexicons know the word.
        // (Only after an elided word: English `Woodhouse's.` is a possessive,
        // whose `s` no lexicon entry speaks of.)
        let base = w.rfind(['\'', '’']).map_or(w, |i| {
            let elided = ELIDED.contains(&w[..i].to_lowercase().as_str());
            if elided {
                &w[i + w[i..].chars().next().map_or(1, char::len_utf8)..]
            } else {
                w
            }
        });
        let mut kinds = lex.kinds(w, lc);
        if base != w {
            kinds = kinds | lex.kinds(base, lc);
        }
        // A compound ending in an abbreviation (`post-Sept. 11`,
        // `Staff-Insp. Gary Ellis`, `ex-Gov. Ruiz`): its last part's.
        if kinds == Kinds::default() {
            if let Some((_, part)) = w.rsplit_once(['-', '‐']) {
                if part.starts_with(char::is_uppercase) {
                    kinds = lex.kinds(part, lc);
                }
            }
        }
        // An abbreviation of three letters or more in capitals (`GOV. DANA
        // COLE`, `AUG. 31, 2015`, `WASHINGTON, FEB. 3`) before a number, or
        // in a line of capitals before a word in capitals: as written with
        // a capital, when it holds its period before a name or a number
        // (`!`, `#`). Not an acronym of two (`HR. HR will`, `CA. IBM`),
        // nor one that ends sentences before openers (`ACME INC. THE
        // FOUNDER …`: no word in capitals is asked as an opener).
        // (Told from two bytes for nearly every word.)
        let caps_start = |w: &str| {
            w.as_bytes()
                .iter()
                .take(2)
                .all(|b| b.is_ascii_uppercase() || !b.is_ascii())
        };
        if kinds == Kinds::default() && !lc && w.len() >= 3 && caps_start(w) {
            if let Some(word) = capitalized_caps(w) {
                let next = self.text[e + 1..].trim_start_matches([' ', '\u{a0}']);
                let next_word = leading_word(next);
                // (The word before in capitals too, or on a line before.)
                let in_capitals = || {
                    in_caps(next_word)
                        && self.before_last.is_none_or(|(bs, be)| {
                            in_caps(&self.text[bs..be]) || self.text[be..s].contains('\n')
                        })
                };
                if next.starts_with(|c: char| c.is_ascii_digit()) || in_capitals() {
                    let found = lex.kinds(&word, false);
                    if found.has(Kind::Never) || found.has(Kind::Number) {
                        kinds = found;
                    }
                }
            }
        }
        // A state's abbreviation that is a word or a name too (`Pa.`,
        // `Mass.`, `Wash.`, see [`STATES`]) after a place's name and
        // a comma (`SALEM, Ore. — …`, `Brockton, Mass., in 1990`): a
        // place's state there (see `After::Place`); elsewhere a word (`Good
        // night, pa.`, `We went to Mass.`, `Wash. Rinse.`).
        let after_place = || {
            self.before_last.is_some_and(|(bs, be)| {
                matches!(&self.text[be..s], ", " | ",\u{a0}")
                    && self.text[bs..be].starts_with(char::is_uppercase)
            })
        };
        if kinds == Kinds::default()
            && !lc
            && w.len() <= 4
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && STATES.contains(&w)
            && after_place()
        {
            self.after = After::Place;
            return true;
        }
        // An elided word split off before it (`dell’` `on.`): the lexicons
        // know the two as one (`dell'on`, `l'on`).
        if let Some((bs, be)) = self.before_last {
            let between = &self.text[be..s];
            if matches!(between, "'" | "’") {
                let joined = format!("{}'{}", &self.text[bs..be], w);
                kinds = kinds | lex.kinds(&joined, lc);
            }
        }
        if kinds.has(Kind::Never) {
            return false;
        }
        if kinds.has(Kind::Number) {
            self.after = After::Number;
            return true;
        }
        if kinds.has(Kind::Weak) {
            // (A state's after a place's name: see `After::Place`.)
            self.after = if !lc && STATES.contains(&w) && after_place() {
                After::Place
            } else {
                After::Opener
            };
            return true;
        }
        if w.contains('.') {
            if is_number(w) {
                return true;
            }
            // (No other letter lowercases to an ASCII `a`, `m` or `p`.)
            // Capitals after no number are initials, no time (`by A.M.
            // Kuchling`, `P.M. Modi`): read as the dotted capitals below.
            let time = w.eq_ignore_ascii_case("a.m") || w.eq_ignore_ascii_case("p.m");
            let initials = w.starts_with(char::is_uppercase)
                && !self.before_last.is_some_and(|(bs, be)| {
                    self.text[bs..be].ends_with(|c: char| c.is_ascii_digit())
                });
            if time && !initials {
                self.after = After::Time;
                return true;
            }
            // `U.S.`, `E.U.`, and a compound ending in one (`Swiss-U.S.`,
            // `EU-U.S.`): the end of a sentence only before a word that
            // opens one (`in the U.S. The …`, not `U.S. Senate`, `Swiss-U.S.
            // DPF`); other dotted words with lower case may end one.
            let last_part = w.rsplit(['-', '‐', '/']).next().unwrap_or(w);
            if !last_part.chars().any(char::is_lowercase) || lc {
                self.after = After::Opener;
            }
            return true;
        }
        true
    }

    /// Opens or closes a quotation at the mark `c` at `start`. Single
    /// marks are apostrophes as often (`the students’ union`, `we’re`,
    /// `‘90s`, Hawaiian `‘okina` written with `‘`): `‘` and `‚` open only
    /// at a word's start before a letter, `‘` only when a `’` at a word's
    /// end follows in its paragraph, and `’` closes an open `‘` only at a
    /// word's end.
    fn update_quotes(&mut self, c: char, start: usize) {
        const MAX_DEPTH: usize = 4;
        let top = self.quotes.last().copied();
        // (Neighbours looked at for single marks only.)
        let after = || self.text[start + c.len_utf8()..].chars().next();
        let opens_word = || {
            self.text[..start]
                .chars()
                .next_back()
                .is_none_or(|b| b.is_whitespace() || "([{“„«»‹›\"—–-/".contains(b))
                && after().is_some_and(char::is_alphabetic)
        };
        let close = match c {
            '“' => top == Some('“'),
            '”' => top.is_some(),
            '«' => top == Some('«'),
            '»' => top == Some('»'),
            '‹' => top == Some('‹'),
            '›' => top == Some('›'),
            // A straight mark by its neighbours where they tell: after a
            // space and before a letter it opens, whatever was left open
            // (a typo's `"` earlier in the paragraph had turned every later
            // quotation inside out); after a word and before a space it
            // closes, or is no quote at all when none is open (`sosta..."
            // Poi`, `15" de diagonal`).
            '"' => {
                let (opens, closes) = self.straight_quote(start);
                if top == Some('"') {
                    if opens {
                        self.quotes.pop();
                    } else {
                        self.quotes.pop();
                        return;
                    }
                    false
                } else if closes {
                    return;
                } else {
                    false
                }
            }
            '」' => top == Some('」'),
            // German `‚…‘`.
            '‘' => top == Some('‘'),
            '’' => top == Some('’') && !after().is_some_and(char::is_alphanumeric),
            '„' | '「' | '‚' => false,
            _ => return,
        };
        if close {
            self.quotes.pop();
            return;
        }
        let closer = match c {
            '“' => '”',
            '„' => '“',
            '«' => '»',
            '»' => '«',
            '‹' => '›',
            '›' => '‹',
            '"' => '"',
            '「' => '」',
            '‘' if opens_word() && self.single_closes(start) => '’',
            '‚' if opens_word() => '‘',
            _ => return,
        };
        if self.quotes.len() < MAX_DEPTH {
            self.quotes.push(closer);
        }
    }

    /// Whether the terminator at `start..end` stands inside an inline code
    /// span, which a reader sees as code, not as the sentence's end: a
    /// span opened in its chunk (`` `#! /usr/bin/env node` ``, `` `done!` ``)
    /// and closed later on the line, or one whose closing backtick is glued
    /// right after it (`` `make test!` fails``). A shebang's `#!` had cut 66
    /// sentences of 38 READMEs in two. (Chunks looked at over 64 bytes at
    /// most: a long run without spaces is searched no further.)
    fn in_code_span(&self, start: usize, end: usize) -> bool {
        let b = self.text.as_bytes();
        let from = start.saturating_sub(64).max(self.line_start);
        let chunk = match b[from..start].iter().rposition(u8::is_ascii_whitespace) {
            Some(k) => from + k + 1,
            None if from == self.line_start => from,
            None => return false,
        };
        // A span's text opens with no capital: a text that sets its
        // quotations in backticks (Young's Bible: `` `Let there be light.`
        // And … ``) ends its sentences in them.
        // And its backtick opens it, after no letter (Young's `brother`s`
        // sets an apostrophe so).
        let code_opens = |tick: usize| {
            !b.get(tick + 1).is_some_and(u8::is_ascii_uppercase)
                && (tick == self.line_start
                    || matches!(b[tick - 1], b' ' | b'\t' | b'(' | b'[' | b'"' | b'\''))
        };
        let ticks = b[chunk..start].iter().filter(|&&c| c == b'`').count();
        if ticks % 2 == 1 {
            let open = chunk
                + b[chunk..start]
                    .iter()
                    .rposition(|&c| c == b'`')
                    .unwrap_or(0);
            return code_opens(open)
                && memchr::memchr2(b'`', b'\n', &b[end..]).is_some_and(|k| b[end + k] == b'`');
        }
        // (A backtick glued to a letter after it is a quotation's mark
        // set so: `` `All shall attend.`If any … `` ends a sentence.)
        if ticks != 0
            || b.get(end) != Some(&b'`')
            || b.get(end + 1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80)
        {
            return false;
        }
        // A capital after it opens the next sentence (`` he calls it `a
        // piece of brass.` In … ``): a quotation set in backticks.
        let next = b[end + 1..].iter().find(|c| !matches!(c, b' ' | b'\t'));
        if next.is_some_and(u8::is_ascii_uppercase) {
            return false;
        }
        // The span opened at most 48 bytes before, on the line (none when
        // the chunk began further back: a long word is no code's end).
        let near = start.saturating_sub(48).max(self.line_start);
        b[near.min(chunk)..chunk]
            .iter()
            .rposition(|&c| c == b'`')
            .is_some_and(|k| code_opens(near + k))
    }

    /// Whether the straight `"` at `start` opens a quotation by its
    /// neighbours (after a space or the text's start, before a letter or
    /// digit), and whether it closes one (after a character not a space,
    /// before a space or the text's end); neither where they do not tell
    /// (`said,"Go`), nor against a code span's backtick (the code's, as
    /// in ``` ``" ... "`` ```, paired by their order as before).
    fn straight_quote(&self, start: usize) -> (bool, bool) {
        let before = self.text[..start].chars().next_back();
        let after = self.text[start + 1..].chars().next();
        if before == Some('`') || after == Some('`') {
            return (false, false);
        }
        let opens =
            before.is_none_or(char::is_whitespace) && after.is_some_and(char::is_alphanumeric);
        let closes =
            before.is_some_and(|b| !b.is_whitespace()) && after.is_none_or(char::is_whitespace);
        (opens, closes)
    }

    /// Whether a `’` that can close the `‘` at `at` follows it in its
    /// paragraph (one search a paragraph and closer, not one a `‘`).
    fn single_closes(&mut self, at: usize) -> bool {
        let found = match self.single_close {
            Some((from, found)) if from <= at && at < found.unwrap_or_else(|end| end) => found,
            _ => single_closer(self.text, at),
        };
        self.single_close = Some((at, found));
        found.is_ok()
    }

    fn extend(&mut self, start: usize, end: usize) {
        if self.sent_start.is_none() {
            self.sent_start = Some(start);
        }
        self.sent_end = end;
        if self.para_start.is_none() {
            self.para_start = Some(start);
        }
        self.para_end = end;
    }

    /// Ends the sentence, and makes punctuation left after its terminator
    /// (`The end. ***`) a sentence of its own, so no text is lost.
    fn end_sentence_and_pending(&mut self) {
        let pending = if self.term && (self.term_ws || self.term_cjk) {
            self.next_start.map(|s| s..self.pending_end)
        } else {
            None
        };
        self.end_sentence();
        if let Some(r) = pending {
            self.para_end = self.para_end.max(r.end);
            self.sink.sentence(r, 0);
        }
    }

    fn end_sentence(&mut self) {
        if let Some(s) = self.sent_start.take() {
            self.sink.sentence(s..self.sent_end, self.sent_words);
        }
        self.sent_words = 0;
        self.term = false;
        self.term_ws = false;
        self.term_cjk = false;
        self.next_start = None;
        self.ordinal = false;
        self.parens = 0;
    }

    fn end_paragraph(&mut self) {
        self.end_sentence_and_pending();
        if let Some(s) = self.para_start.take() {
            self.sink.paragraph(s..self.para_end, self.para_words);
        }
        self.para_words = 0;
        self.quotes.clear();
    }
}

/// The length of the reStructuredText markup a line opens with, if it is
/// a directive's (`.. note::`, `.. versionadded::`, `.. py:function::`)
/// or a link target's (`.. _install-guide:`): its name is markup, no word
/// (its arguments are words: a version, a title, a signature; not a
/// figure's, its image's address).
fn directive_head(line: &str) -> Option<usize> {
    let t = line.trim_start_matches([' ', '\t']);
    let rest = t.strip_prefix(".. ")?;
    let indent = line.len() - t.len() + 3;
    let name = rest
        .bytes()
        .take(64)
        .take_while(|&b| role_byte(b) || b == b'.')
        .count();
    let head = &rest[..name];
    if let Some(body) = head
        .strip_suffix("::")
        .filter(|b| b.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        // (A figure's argument is its image's address, shown to no
        // reader; its caption, below, is text.)
        if body == "figure" {
            return Some(line.trim_end().len());
        }
        return (!body.is_empty()).then_some(indent + name);
    }
    // A link target: `_name:` before a space or the line's end.
    let after = &rest[name..];
    (head.len() >= 3
        && head.starts_with('_')
        && head.ends_with(':')
        && (after.is_empty() || after.starts_with(char::is_whitespace)))
    .then_some(indent + name)
}

/// `text` without the reStructuredText role it ends with (`… See
/// :py:func:` → `… See `), if it ends with one.
fn without_role(text: &str) -> &str {
    if !text.ends_with(':') {
        return text;
    }
    let bare = text.trim_end_matches(|c: char| c.is_ascii() && role_byte(c as u8));
    let name = &text[bare.len()..];
    if name.len() >= 3
        && name.starts_with(':')
        && name[1..].starts_with(|c: char| c.is_ascii_alphabetic())
    {
        bare
    } else {
        text
    }
}

/// Whether a byte may be in a reStructuredText role's or directive's name
/// (`py:meth`, `code-block`; a directive's also `.`).
fn role_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'+')
}

/// Whether `rest` opens with a reStructuredText role (`:func:`,
/// `:py:meth:`, then the backtick of its text): markup, no French colon.
fn role(rest: &str) -> bool {
    let b = rest.as_bytes();
    if b.first() != Some(&b':') || !b.get(1).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let name = b[1..]
        .iter()
        .take(32)
        .take_while(|&&c| role_byte(c))
        .count();
    // (The name's last `:` is the role's closing one.)
    name >= 2 && b[name] == b':' && b.get(1 + name) == Some(&b'`')
}

/// Whether `rest` opens with an emoticon standing alone (`:D`, `:)`,
/// `;-)`, `:P`): after a sentence's end it is no French colon going on
/// with it (`I love this feeling. :D`).
fn emoticon(rest: &str) -> bool {
    let b = rest.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    let nose = usize::from(b.get(1) == Some(&b'-'));
    matches!(first, b':' | b';')
        && b.get(1 + nose)
            .is_some_and(|c| b"DPpOo()[]/\\|3*".contains(c))
        && b.get(2 + nose).is_none_or(|c| c.is_ascii_whitespace())
}

/// The first `’` after `from` that can close a quotation (at a word's
/// end: after no space, before no letter or digit), or where its paragraph
/// ends (a blank line, or the text's end) if none comes first.
fn single_closer(text: &str, from: usize) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(k) = memchr::memchr2(b'\n', 0xE2, &bytes[i..]) {
        let at = i + k;
        i = at + 1;
        if bytes[at] == b'\n' {
            let rest = &text[at + 1..];
            let line = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
            if is_blank(line) {
                return Err(at);
            }
        } else if text[at..].starts_with('’')
            && !text[..at].ends_with(char::is_whitespace)
            && !text[at + '’'.len_utf8()..].starts_with(char::is_alphanumeric)
        {
            return Ok(at);
        }
    }
    Err(text.len())
}

/// Splits an ASCII chunk into words and punctuation by the UAX #29 rules as
/// they apply to ASCII: letters, digits and `_` join; `.` and `'` join
/// letters to letters and digits to digits; `:` joins letters; `,` and `;`
/// join digits.
fn ascii_pieces(base: usize, b: &[u8], out: &mut Vec<Piece>) {
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !is_ascii_word_byte(b[i]) {
            out.push(Piece::Punct(base + i, b[i] as char));
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        loop {
            while j < n && is_ascii_word_byte(b[j]) {
                j += 1;
            }
            if j + 1 < n && is_ascii_word_byte(b[j + 1]) {
                let (p, q) = (b[j - 1], b[j + 1]);
                let letters = p.is_ascii_alphabetic() && q.is_ascii_alphabetic();
                let digits = p.is_ascii_digit() && q.is_ascii_digit();
                let join = match b[j] {
                    b'.' | b'\'' => letters || digits,
                    b':' => letters,
                    b',' | b';' => digits,
                    _ => false,
                };
                if join {
                    j += 2;
                    continue;
                }
            }
            break;
        }
        if b[start..j].iter().any(u8::is_ascii_alphanumeric) {
            out.push(Piece::Word(base + start, base + j));
        } else {
            // A run of underscores is not a word.
            out.extend((start..j).map(|k| Piece::Punct(base + k, '_')));
        }
        i = j;
    }
}

/// Splits a chunk of ASCII, Latin letters (Latin-1 and Latin Extended-A:
/// `é`, `ß`, `ł`) and typographic punctuation (curly quotes, dashes,
/// ellipsis, guillemets) as `unicode_pieces` would, without its tables:
/// Latin letters are letters, the marks are pieces of their own, except
/// `‘` and `’`, which join as `.` and `'` do (UAX #29's MidNumLet).
/// Returns false, with `out` in any state, when the chunk holds another
/// non-ASCII character.
fn typographic_pieces(base: usize, chunk: &str, out: &mut Vec<Piece>) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Class {
        Letter,
        Digit,
        Underscore,
        Mark,
    }
    let class = |c: char| {
        Some(match c {
            'a'..='z' | 'A'..='Z' => Class::Letter,
            '0'..='9' => Class::Digit,
            '_' => Class::Underscore,
            '\0'..='\x7f' => Class::Mark,
            '×' | '÷' => return None,
            '\u{c0}'..='\u{17f}' => Class::Letter,
            '‘' | '’' | '“' | '”' | '„' | '–' | '—' | '…' | '«' | '»' | '‹' | '›' => {
                Class::Mark
            }
            _ => return None,
        })
    };
    let mut chars = Vec::with_capacity(chunk.len());
    for (i, c) in chunk.char_indices() {
        let Some(k) = class(c) else {
            return false;
        };
        chars.push((i, c, k));
    }
    let word = |k: Class| k != Class::Mark;
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let (at, c, k) = chars[i];
        if !word(k) {
            out.push(Piece::Punct(base + at, c));
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            while j < n && word(chars[j].2) {
                j += 1;
            }
            if j + 1 < n && word(chars[j + 1].2) {
                let (p, q) = (chars[j - 1].2, chars[j + 1].2);
                let letters = p == Class::Letter && q == Class::Letter;
                let digits = p == Class::Digit && q == Class::Digit;
                let join = match chars[j].1 {
                    '.' | '\'' | '‘' | '’' => letters || digits,
                    ':' => letters,
                    ',' | ';' => digits,
                    _ => false,
                };
                if join {
                    j += 2;
                    continue;
                }
            }
            break;
        }
        let end = chars.get(j).map_or(chunk.len(), |&(e, _, _)| e);
        if chars[i..j]
            .iter()
            .any(|&(_, _, k)| matches!(k, Class::Letter | Class::Digit))
        {
            out.push(Piece::Word(base + at, base + end));
        } else {
            out.extend(
                chars[i..j]
                    .iter()
                    .map(|&(e, _, _)| Piece::Punct(base + e, '_')),
            );
        }
        i = j;
    }
    true
}

/// Classes of bytes for [`Scanner::line`]: whitespace that separates
/// chunks (space, tab, vertical tab, form feed), ASCII letters and digits,
/// other ASCII, and the bytes of non-ASCII characters.
const SPACE: u8 = 0;
/// `<` and `&`, which may open markup (see [`markup_end`]).
const MARKUP: u8 = 4;
const ALNUM: u8 = 1;
const OTHER: u8 = 2;
const NON_ASCII: u8 = 3;
static BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = match b as u8 {
            b' ' | b'\t' | 0x0b | 0x0c => SPACE,
            b'<' | b'&' => MARKUP,
            c if c.is_ascii_alphanumeric() => ALNUM,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// The end of the run of ASCII letters and digits from `i`: eight bytes at
/// a time (a word of English is five letters on average; a byte at a time
/// was a fifth of the scanner's instructions).
#[inline]
fn alnum_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(eight) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        let other = !alnum_bytes(x) & HIGH_BITS;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes
        .get(i)
        .is_some_and(|&b| BYTE_CLASS[b as usize] == ALNUM)
    {
        i += 1;
    }
    i
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that is an ASCII letter or digit.
#[inline]
fn alnum_bytes(x: u64) -> u64 {
    let low7 = x & !HIGH_BITS;
    // The high bit of each byte at least `lo` (bytes of at most 0x7f: no
    // carry crosses a byte).
    let at_least = |v: u64, lo: u8| v + u64::from(0x80 - lo) * LOW_BITS;
    let digit = at_least(low7, b'0') & !at_least(low7, b'9' + 1);
    // Setting 0x20 takes `A`..`Z` to `a`..`z`, and nothing else there.
    let folded = low7 | 0x2020_2020_2020_2020;
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (digit | letter) & !x & HIGH_BITS
}

fn is_ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Splits a chunk holding non-ASCII text with `unicode-segmentation`.
fn unicode_pieces(base: usize, chunk: &str, out: &mut Vec<Piece>) {
    for (off, seg) in chunk.split_word_bound_indices() {
        if seg.chars().any(char::is_alphanumeric) {
            out.push(Piece::Word(base + off, base + off + seg.len()));
        } else {
            out.extend(
                seg.char_indices()
                    .map(|(i, c)| Piece::Punct(base + off + i, c)),
            );
        }
    }
}

/// Applies the news-text joins: hyphenated compounds, `7:30`, `1 250`.
fn join_pieces(text: &str, pieces: &mut Vec<Piece>) {
    // Two pieces join only as a word and its power (`km²`).
    if pieces.len() < 2 || pieces.len() == 2 && !matches!(pieces[1], Piece::Word(..)) {
        return;
    }
    let mut out = 0;
    let mut i = 0;
    while i < pieces.len() {
        let mut piece = pieces[i];
        i += 1;
        if let Piece::Word(s, mut e) = piece {
            loop {
                // A unit's power (`km²`, `m³`): one word.
                if let Some(&Piece::Word(ns, ne)) = pieces.get(i) {
                    if ns == e && text[ns..ne].chars().all(is_superscript_digit) {
                        e = ne;
                        i += 1;
                        continue;
                    }
                }
                // A word's optional ending in brackets (`court(s)`,
                // `address(es)`, `Besoldungsgruppe(n)`), or part
                // (`Laub(misch)wald`, `Benzo(a)pyren`): one word, as it is
                // read (the `s` had been a word of its own).
                if let (
                    Some(&Piece::Punct(ps, '(')),
                    Some(&Piece::Word(ns, ne)),
                    Some(&Piece::Punct(cs, ')')),
                ) = (pieces.get(i), pieces.get(i + 1), pieces.get(i + 2))
                {
                    if ps == e
                        && ns == ps + 1
                        && cs == ne
                        && optional_ending(&text[s..e], &text[ns..ne])
                    {
                        e = cs + 1;
                        i += 3;
                        if let Some(&Piece::Word(ws, we)) = pieces.get(i) {
                            if ws == e && text[ws..we].starts_with(char::is_lowercase) {
                                e = we;
                                i += 1;
                            }
                        }
                        continue;
                    }
                }
                if i + 1 >= pieces.len() {
                    break;
                }
                let (Piece::Punct(ps, c), Piece::Word(ns, ne)) = (pieces[i], pieces[i + 1]) else {
                    break;
                };
                if ps != e || ns != ps + c.len_utf8() {
                    break;
                }
                let digits = || {
                    text[s..e].ends_with(|c: char| c.is_ascii_digit())
                        && text[ns..ne].starts_with(|c: char| c.is_ascii_digit())
                };
                // An en dash between letters joins as a hyphen does
                // (`Paley–Wiener`, `London–Paris`): a hyphen set as an en
                // dash is no second word.
                let letters = || {
                    text[s..e].ends_with(char::is_alphabetic)
                        && text[ns..ne].starts_with(char::is_alphabetic)
                };
                let join = match c {
                    '-' | '\u{2010}' | '\u{2011}' => true,
                    // A Markdown escape inside a name (`iter\_lines`):
                    // one word, as it is rendered.
                    '\\' => text[ns..ne].starts_with('_'),
                    '–' => digits() || letters(),
                    // A number's plural or possessive (`1970's`, `the
                    // 80’s`, `Q3's`): one word, as after letters (UAX #29
                    // parts a digit from a letter at an apostrophe).
                    '\'' | '’' => {
                        text[s..e].ends_with(|c: char| c.is_ascii_digit()) && &text[ns..ne] == "s"
                    }
                    ':' | '\u{a0}' | '\u{202f}' | '\u{2009}' => digits(),
                    // A letter and a number joined by a period: a
                    // standard's or a clause's name (`H.263`, `D.4`,
                    // `v.2.0`), one word as it is read.
                    '.' => {
                        let mut left = text[s..e].chars();
                        left.next().is_some_and(char::is_alphabetic)
                            && left.next().is_none()
                            && text[ns..ne].starts_with(|c: char| c.is_ascii_digit())
                            || ordinal_mark(&text[s..e], &text[ns..ne])
                            || version_wildcard(&text[s..e], &text[ns..ne])
                            // A file's name whose stem ends in a digit
                            // (`ch02.html`: two words, `html` of four
                            // syllables, had been read).
                            || text[s..e].ends_with(|c: char| c.is_ascii_digit())
                                && text[s..e].contains(char::is_alphabetic)
                                && is_file_name(&text[s..ne])
                    }
                    _ => false,
                };
                if !join {
                    break;
                }
                e = ne;
                i += 2;
            }
            piece = Piece::Word(s, e);
        }
        pieces[out] = piece;
        out += 1;
    }
    pieces.truncate(out);
}

/// Whether `right`, after `left` and a period, is the wildcard of a
/// version (`1.14.x`, `v2.x`, `4.X`: any release of that line): one word,
/// as it is read and as `wc` counts it. Its `x` had been a word of its own,
/// which every item of a list of versions shared (a diff paired the items
/// of a list shifted by one by it: `1.14.x` → `1.18.x`).
fn version_wildcard(left: &str, right: &str) -> bool {
    let number = left.strip_prefix(['v', 'V']).unwrap_or(left);
    matches!(right, "x" | "X")
        && number.ends_with(|c: char| c.is_ascii_digit())
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// Whether `ending`, in brackets right after `word`, is an ending or a part
/// the word may take (`court(s)`, `address(es)`, `Mitarbeiter(innen)`,
/// `Laub(misch)wald`): one to
/// five lower-case letters after a word of two letters or more ending in
/// one (not a function's argument, `f(x)`, nor a clause, `5(a)`).
fn optional_ending(word: &str, ending: &str) -> bool {
    let mut letters = word.chars().rev();
    letters.next().is_some_and(char::is_alphabetic)
        && letters.next().is_some_and(char::is_alphabetic)
        && (1..=5).contains(&ending.chars().count())
        && ending.chars().all(char::is_lowercase)
}

/// Whether `right`, after `left` and a period, is the mark of a Spanish or
/// Portuguese ordinal or abbreviation, one word with what it follows:
/// `1.º`, `2.ª`, `3.er`, `1.os`, `n.º`, `Sr.ª` (the marks `º` and `ª` after
/// any word; the letters only after a number of up to three digits).
fn ordinal_mark(left: &str, right: &str) -> bool {
    match right {
        "º" | "ª" | "ºs" | "ªs" => true,
        "er" | "os" | "as" => {
            (1..=3).contains(&left.len()) && left.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// Whether a character is a superscript digit (`²`, `³`, `⁴` …).
fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰' | '⁴'..='⁹')
}

/// Whether `rest` (after a capital's period: `Pub. L.` / ` No. 115`)
/// opens with another abbreviation of the lexicons and its period: the
/// capital is a reference's (`Fed. R. Civ. P.`), not an initial opening a
/// sentence (`She studied Art. J. Smith taught it.`).
fn abbreviation_next(lex: &crate::lexicon::Lexicon, rest: &str) -> bool {
    let rest = rest.trim_start_matches(' ');
    let word = leading_word(rest);
    !word.is_empty() && rest[word.len()..].starts_with('.') && lex.kinds(word, false).abbreviation()
}

/// The letters and digits `text` opens with (empty when it opens with
/// anything else).
fn leading_word(text: &str) -> &str {
    &text[..text
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(text.len())]
}

/// The states as AP style writes them. After a place's name and a comma,
/// a place's state (see `After::Place`). Those that are no words (`Tex`,
/// `Calif`) are `~` abbreviations of the lexicons; those that are words or
/// names too (`Pa`, `Mass`, `Wash`, `Ill`) are in no lexicon: abbreviations
/// only there (see `period_ends`), as a news dateline or an address
/// writes them.
const STATES: &[&str] = &[
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Mass", "Md", "Mich", "Minn", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn",
    "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
];

/// Whether `word` opens sentences (an entry `^` of the lexicons), after a
/// `~` abbreviation or an acronym: as written; with an English clitic off
/// (`It’s`, `We're`, `I'm` as `It`, `We`, `I`), and any negated auxiliary
/// (`Don't`, `Can’t`). (Not a word in capitals: `THE U.S. AND THE
/// PACIFIC NATIONS` is a title.)
fn opens_sentences(lex: &crate::lexicon::Lexicon, word: &str, lowercased: bool) -> bool {
    if lex.has(Kind::Opener, word, lowercased) {
        return true;
    }
    let Some(k) = word.rfind(['\'', '’']) else {
        return false;
    };
    let stem = &word[..k];
    let clitic = &word[k + word[k..].chars().next().map_or(1, char::len_utf8)..];
    if clitic == "t" && stem.len() > 1 && stem.ends_with('n') {
        return stem.starts_with(char::is_uppercase);
    }
    matches!(clitic, "s" | "re" | "m" | "ll" | "ve" | "d")
        && !stem.is_empty()
        && lex.has(Kind::Opener, stem, lowercased)
}

/// Whether an opener the lexicons give only as written (`+Is ^`, `+Can
/// ^`: a function word, not `The`) stands in a run of capitalized words,
/// a title's (`Why the U.S. Is Losing the Chip War`, `What the U.S. Can
/// Learn`): then it opens no sentence; `U.S. Can I …` and `U.K. Meanwhile,
/// …` do. `rest` follows the word.
fn title_case_run(lex: &crate::lexicon::Lexicon, word: &str, rest: &str) -> bool {
    let next_word = leading_word(rest.strip_prefix(' ').unwrap_or(""));
    let capitalized = next_word.starts_with(char::is_uppercase) && next_word != "I";
    // (Only as written: not in the lexicons' lower-case forms.)
    capitalized && !lex.has(Kind::Opener, &word.to_lowercase(), true)
}

/// Whether a word is written in capitals, two letters or more (`GOV`).
fn in_caps(word: &str) -> bool {
    let mut chars = word.chars();
    chars.by_ref().take(2).filter(|c| c.is_uppercase()).count() == 2
        && chars.all(char::is_uppercase)
}

/// A word written in capitals (two letters or more, `GOV`, `SEPT`, `THE`)
/// as its capitalized form (`Gov`, `Sept`, `The`), for the lexicons: an
/// entry with capitals matches only as written.
fn capitalized_caps(word: &str) -> Option<String> {
    in_caps(word).then(|| {
        let mut chars = word.chars();
        let first = chars.next().unwrap_or_default();
        std::iter::once(first)
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// The elided words of French and Italian that an apostrophe joins to the
/// next word (`l’archive`, `qu’il`, `dell’archivio`, `c’è`): lowercase,
/// without the apostrophe. Compounds written with one (`aujourd’hui`,
/// `presqu’île`, `quelqu’un`, `prud’homme`) are one word and not here.
const ELIDED: &[&str] = &[
    // French
    "c", "ç", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    // Italian (`l`, `d`, `c`, `m`, `n`, `s`, `t` above too)
    "v", "all", "dall", "dell", "nell", "sull", "coll", "un", "quest", "quell", "bell", "sant",
    "tutt", "anch", "nessun", "ciascun", "dov", "com", "cos", "senz", "mezz", "tant", "quant",
    "buon", "grand",
];

/// Splits an elided word from the word an apostrophe joins it to
/// (`l’archive` → `l`, `’`, `archive`): by UAX #29 they are one word, so
/// `archive` was counted 24 times in a French manual where it is 149
/// times, and `l’archive`, `d’archive` were terms of their own. The
/// apostrophe is a mark; the elided word a word (as the stopword lists
/// have them: `l`, `d`, `qu`).
fn split_elisions(text: &str, pieces: &mut Vec<Piece>) {
    let elided = |s: usize, e: usize| -> Option<usize> {
        let word = &text[s..e];
        let at = word.find(['\'', '’'])?;
        let (head, rest) = word.split_at(at);
        let apostrophe = rest.chars().next()?.len_utf8();
        let after = &rest[apostrophe..];
        let next = after.chars().next()?;
        // Not an English letter's plural or possessive (`C's`, `T's`).
        let known = head.len() <= 7
            && next.is_alphabetic()
            && !after.eq_ignore_ascii_case("s")
            && ELIDED
                .iter()
                .any(|e| e.len() == head.len() && head.to_lowercase() == *e);
        known.then_some(s + at)
    };
    split_words(pieces, elided, |s, e, at, out| {
        let c = text[at..].chars().next().unwrap_or('\'');
        out.push(Piece::Word(s, at));
        out.push(Piece::Punct(at, c));
        out.push(Piece::Word(at + c.len_utf8(), e));
    });
}

/// Replaces each word of `pieces` that `split` has a plan for with what
/// `apply` makes of it and the plan; the list is rebuilt only when some
/// word has one.
fn split_words<T>(
    pieces: &mut Vec<Piece>,
    split: impl Fn(usize, usize) -> Option<T>,
    apply: impl Fn(usize, usize, T, &mut Vec<Piece>),
) {
    let Some(first) = pieces
        .iter()
        .position(|&p| matches!(p, Piece::Word(s, e) if split(s, e).is_some()))
    else {
        return;
    };
    let old = std::mem::take(pieces);
    pieces.extend_from_slice(&old[..first]);
    for &piece in &old[first..] {
        match piece {
            Piece::Word(s, e) => match split(s, e) {
                Some(plan) => apply(s, e, plan, pieces),
                None => pieces.push(piece),
            },
            Piece::Punct(..) => pieces.push(piece),
        }
    }
}

/// Underscores opening or closing a word are marks, not letters: Markdown's
/// emphasis (`_We use cookies_`) would make `_we` a word apart from `we`.
/// Only where emphasis can be: opening the chunk (`chunk`: its span), or
/// after opening marks (`(_see_`), and closing it or before closing marks;
/// never in a chunk holding inline code (`` `_id` ``). Underscores inside
/// a word (`snake_case`, `file_2024`) and after other marks
/// (`target=_blank`) are the word's.
fn trim_underscores(text: &str, chunk: Range<usize>, pieces: &mut Vec<Piece>) {
    let opens = |s: usize| {
        text[chunk.start..s]
            .chars()
            .all(|c| matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '*'))
    };
    // (A Markdown link's destination after its text, `__Matteo
    // Collina__](https://…)`, is closed over as its `]`.)
    let closes = |e: usize| {
        let rest = &text[e..chunk.end];
        let link = memchr::memchr_iter(b']', rest.as_bytes())
            .find(|&k| rest.as_bytes().get(k + 1) == Some(&b'('));
        let rest = link.map_or(rest, |k| &rest[..k + 1]);
        rest.chars().all(|c| {
            matches!(
                c,
                ')' | ']'
                    | '}'
                    | '"'
                    | '\''
                    | '”'
                    | '’'
                    | '»'
                    | '*'
                    | '.'
                    | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
            )
        })
    };
    // The underscores to take off a word: (leading, trailing).
    let marks = |s: usize, e: usize| -> Option<(usize, usize)> {
        let word = &text[s..e];
        if !word.starts_with('_') && !word.ends_with('_') {
            return None;
        }
        let lead = if opens(s) {
            word.len() - word.trim_start_matches('_').len()
        } else {
            0
        };
        let trail = if closes(e) {
            word.len() - word.trim_end_matches('_').len()
        } else {
            0
        };
        // All underscores (`___`, a blank to fill in) stays one word.
        (lead + trail > 0 && lead + trail < word.len()).then_some((lead, trail))
    };
    split_words(pieces, marks, |s, e, (lead, trail), out| {
        let (from, to) = (s + lead, e - trail);
        out.extend((s..from).map(|i| Piece::Punct(i, '_')));
        out.push(Piece::Word(from, to));
        out.extend((to..e).map(|i| Piece::Punct(i, '_')));
    });
}

/// The names of HTML elements (the HTML Living Standard's, and the
/// obsolete ones still common in READMEs: `center`, `font`, `tt` …),
/// sorted: a tag of one of them in Markdown or text is markup, no words.
#[rustfmt::skip]
const HTML_ELEMENTS: &[&str] = &[
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "big", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code",
    "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl",
    "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe",
    "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark",
    "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup", "option", "output",
    "p", "param", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script",
    "search", "section", "select", "slot", "small", "source", "span", "strike", "strong",
    "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea",
    "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var", "video",
    "wbr",
];

/// Element names that are also words a text puts in angle brackets as a
/// placeholder (`cp <source> <target>`, `Copyright <year> <name>`): a bare
/// `<source>` is text; with an attribute (`<source src="…">`), or
/// closing (`</source>`), it is a tag.
#[rustfmt::skip]
const PLACEHOLDER_ELEMENTS: &[&str] = &[
    "address", "area", "article", "audio", "base", "body", "button", "canvas", "caption",
    "data", "dialog", "embed", "figure", "footer", "form", "head", "header", "input", "label",
    "legend", "link", "main", "map", "menu", "meta", "meter", "object", "option", "output",
    "param", "picture", "progress", "search", "section", "select", "slot", "source", "style",
    "template", "time", "title", "track", "var", "video",
];

/// Where markup opening at `bytes[i]` (a `<` or `&`) ends, if it is
/// markup: an HTML tag of a known element ([`HTML_ELEMENTS`]), a comment
/// closed on the line (`<!-- … -->`; `no_comment_close` remembers where
/// none closes), or a character reference (`&amp;`,
/// `&#8212;`, `&#x2014;`). Markdown carries raw HTML, and a reader sees
/// none of it: it separates words as a space does. A tag must be
/// well formed on its line, and a tag with attributes needs one with a
/// value (`<a href="…">`), so that `<name of author>` or `<a list>`
/// stays text.
fn markup_end(bytes: &[u8], i: usize, no_comment_close: &mut usize) -> Option<usize> {
    let rest = &bytes[i..];
    if rest[0] == b'&' {
        let body = &rest[1..];
        let (digits, skip): (fn(&u8) -> bool, usize) = match body {
            [b'#', b'x' | b'X', ..] => (u8::is_ascii_hexdigit, 2),
            [b'#', ..] => (u8::is_ascii_digit, 1),
            _ => (u8::is_ascii_alphanumeric, 0),
        };
        let n = body[skip..]
            .iter()
            .take(32)
            .take_while(|b| digits(b))
            .count();
        let named = skip == 0 && n >= 2 && body[0].is_ascii_alphabetic();
        let ok = (named || skip > 0 && n >= 1) && n <= 31;
        return (ok && body.get(skip + n) == Some(&b';')).then_some(i + 1 + skip + n + 1);
    }
    // A reStructuredText link's target after its text, right before the
    // closing backtick (`:ref:`the guide <wiring-intro>``, `` `the manual
    // <https://…>`_ ``): shown to no reader (3,577 in Django's docs had
    // been words).
    if rest[0] == b'<' && i > 0 && bytes[i - 1] == b' ' {
        let n = rest[1..]
            .iter()
            .take(2048)
            .take_while(|&&b| !matches!(b, b'>' | b'<') && !b.is_ascii_whitespace())
            .count();
        if n > 0 && rest.get(1 + n) == Some(&b'>') && rest.get(2 + n) == Some(&b'`') {
            return Some(i + 2 + n);
        }
    }
    if rest.starts_with(b"<!--") {
        // (`no_comment_close`: where no `-->` follows, found once a line.)
        if i + 4 >= *no_comment_close {
            return None;
        }
        let end = memchr::memmem::find(&rest[4..], b"-->").map(|k| i + 4 + k + 3);
        if end.is_none() {
            *no_comment_close = i + 4;
        }
        return end;
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = 1 + usize::from(closing);
    let name_len = rest[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || name_len > 10 || !rest[name_start].is_ascii_alphabetic() {
        return None;
    }
    let mut name = [0u8; 10];
    name[..name_len].copy_from_slice(&rest[name_start..name_start + name_len]);
    name[..name_len].make_ascii_lowercase();
    let name = std::str::from_utf8(&name[..name_len]).ok()?;
    HTML_ELEMENTS.binary_search(&name).ok()?;
    let mut k = name_start + name_len;
    let space = |k: usize| rest.get(k).is_some_and(u8::is_ascii_whitespace);
    let skip_space = |mut k: usize| {
        while space(k) {
            k += 1;
        }
        k
    };
    if closing {
        k = skip_space(k);
        return (rest.get(k) == Some(&b'>')).then_some(i + k + 1);
    }
    // Attributes: `name`, `name=value`, `name="value"`, `name='value'`.
    let (mut attributes, mut valued) = (0, false);
    loop {
        let before = k;
        k = skip_space(k);
        match rest.get(k)? {
            b'>' => break,
            b'/' if rest.get(k + 1) == Some(&b'>') => {
                k += 1;
                break;
            }
            _ if k == before => return None,
            _ => {}
        }
        let attr = rest[k..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .count();
        if attr == 0 || !(rest[k].is_ascii_alphabetic() || matches!(rest[k], b'_' | b':')) {
            return None;
        }
        k += attr;
        attributes += 1;
        let eq = skip_space(k);
        if rest.get(eq) == Some(&b'=') {
            k = skip_space(eq + 1);
            match *rest.get(k)? {
                q @ (b'"' | b'\'') => {
                    k += 1 + memchr::memchr(q, &rest[k + 1..])? + 1;
                }
                _ => {
                    let v = rest[k..]
                        .iter()
                        .take_while(|&&b| {
                            !b.is_ascii_whitespace()
                                && !matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                        })
                        .count();
                    if v == 0 {
                        return None;
                    }
                    k += v;
                }
            }
            valued = true;
        }
    }
    let tag = if attributes > 0 {
        valued
    } else {
        PLACEHOLDER_ELEMENTS.binary_search(&name).is_err()
    };
    tag.then_some(i + k + 1)
}

/// Whether a chunk may hold a web address (`://`), an e-mail address
/// (`@`), a Markdown link's address (`](`) or a path (`/` first, after
/// opening marks): the test that keeps [`join_links`] off nearly every
/// chunk.
fn may_hold_link(chunk: &[u8]) -> bool {
    chunk.len() >= 3
        && (memchr::memchr(b'/', chunk).is_some() && path_start(chunk).is_some()
            || chunk.len() >= 5
                && memchr::memchr3_iter(b'@', b':', b']', chunk).any(|i| match chunk[i] {
                    b'@' => true,
                    b':' => chunk[i + 1..].starts_with(b"//"),
                    _ => chunk[i + 1..].starts_with(b"("),
                }))
}

/// Where a path opens a chunk, after any opening marks (`(`, `"`, `“` …):
/// `/x`, `~/x`, `./x` or `../x`, a letter, digit, `.` or `_` after the
/// slash.
fn path_start(chunk: &[u8]) -> Option<usize> {
    // Opening marks, typographic quotes (several bytes) too.
    const OPENERS: [&[u8]; 10] = [
        b"(",
        b"[",
        b"\"",
        b"'",
        b"`",
        b"<",
        "“".as_bytes(),
        "‘".as_bytes(),
        "«".as_bytes(),
        "„".as_bytes(),
    ];
    let mut s = 0;
    while let Some(o) = OPENERS.iter().find(|o| chunk[s..].starts_with(o)) {
        s += o.len();
    }
    let rest = &chunk[s..];
    let slash = [&b"/"[..], b"~/", b"./", b"../"]
        .iter()
        .find(|p| rest.starts_with(p))?
        .len();
    rest.get(slash)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'))
        .then_some(s)
}

/// The path of a chunk (a byte range), where [`path_start`] finds it, running over the characters a path holds and ending before
/// the marks that close a sentence or a bracket.
fn path(chunk: &str) -> Option<(usize, usize)> {
    let s = path_start(chunk.as_bytes())?;
    let len = chunk[s..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b"._-/~+@%=:,".contains(b))
        .count();
    let path = chunk[s..s + len].trim_end_matches(['.', ',', ':', ';']);
    (path.len() >= 2 && path.bytes().any(|b| b.is_ascii_alphanumeric()))
        .then(|| (s, s + path.len()))
}

/// Makes one word of each web or e-mail address in a chunk (`base` its
/// offset in the text): the pieces inside an address go, the address's
/// span becomes one [`Piece::Word`]. `linkify` leaves out the punctuation
/// that ends a sentence or closes brackets around an address; closing
/// quotes it would keep (`“https://x.org/”`) are left out too. A
/// `mailto:` before an e-mail address is part of it, and a Markdown link's
/// relative address (`](/terms)`, `](./a.md)`) is an address too.
fn join_links(base: usize, chunk: &str, pieces: &mut Vec<Piece>) {
    thread_local! {
        static FINDER: linkify::LinkFinder = {
            let mut f = linkify::LinkFinder::new();
            f.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
            f
        };
    }
    let mut spans: Vec<(usize, usize)> = FINDER.with(|f| {
        f.links(chunk)
            .filter_map(|link| {
                let text = link
                    .as_str()
                    .trim_end_matches(['”', '’', '»', '›', '"', '\'']);
                let mut start = link.start();
                let mailto = start
                    .checked_sub("mailto:".len())
                    .and_then(|from| chunk.get(from..start))
                    .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"));
                if *link.kind() == linkify::LinkKind::Email && mailto {
                    start -= "mailto:".len();
                }
                let end = link.start() + text.len();
                (end > start).then_some((base + start, base + end))
            })
            .collect()
    });
    // A Markdown link's or image's address — relative
    // (`[policy](/site-policy/terms)`, `](./a.md)`), a place in the page
    // (`](#cancellation)`) or a file (`![map](map_2012.jpg)`) — closed by
    // its `)` within MAX_TARGET bytes (so a chunk of unclosed `](` is not
    // searched to its end from each of them). A chunk holds no whitespace,
    // as an address does not.
    const MAX_TARGET: usize = 2048;
    let found = spans.len();
    let mut last_end = 0;
    for (at, _) in chunk.match_indices("](") {
        let target = &chunk[at + 2..];
        if !target
            .starts_with(|c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '#' | '_' | '<'))
        {
            continue;
        }
        // An address of a scheme (a pasted image's `data:` address is
        // megabytes) is looked for to its chunk's end, once: past it, the
        // chunk's other `](` are its own.
        let mut head = target.len().min(40);
        while !target.is_char_boundary(head) {
            head -= 1;
        }
        let schemed = uri(&target[..head]);
        if schemed && base + at + 2 < last_end {
            continue;
        }
        let limit = if schemed {
            target.len()
        } else {
            target.len().min(MAX_TARGET)
        };
        // (No closing bracket after a scheme: the rest of the chunk.)
        let Some(end) = closing_bracket(&target.as_bytes()[..limit], b'(', b')')
            .or(schemed.then_some(target.len()))
        else {
            continue;
        };
        // (Not any text in brackets: `[0,1](a,b)`.) In angle brackets
        // (`](<file.pdf>)`), what they hold.
        let address = &target[..end];
        let address = match address.strip_prefix('<') {
            Some(inner) => match inner.strip_suffix('>') {
                Some(inner) => inner,
                None => continue,
            },
            None => address,
        };
        if !(markdown_address(address) || uri(address))
            || !address.chars().any(char::is_alphanumeric)
        {
            continue;
        }
        let (start, stop) = (base + at + 2, base + at + 2 + end);
        // Not inside an address linkify found (sorted), nor the last one.
        let k = spans[..found].partition_point(|&(_, e)| e <= start);
        let overlaps = spans[..found].get(k).is_some_and(|&(s, _)| s < stop);
        if end > 1 && !overlaps && start >= last_end {
            spans.push((start, stop));
            last_end = stop;
        } else if schemed {
            // (Read to its end once, whatever came of it.)
            last_end = last_end.max(stop);
        }
    }
    // A file-system path in prose (`/etc/apt/sources.list`, `~/.bashrc`,
    // `./configure`): one word, as an address is, not `etc`, `apt`,
    // `sources.list`.
    let found = spans.len();
    if let Some((start, stop)) = path(chunk) {
        let (start, stop) = (base + start, base + stop);
        let k = spans[..found].partition_point(|&(_, e)| e <= start);
        if spans[..found].get(k).is_none_or(|&(s, _)| s >= stop) {
            spans.push((start, stop));
        }
    }
    spans.sort_unstable();
    if spans.is_empty() {
        return;
    }
    let old = std::mem::take(pieces);
    let mut links = spans.into_iter().peekable();
    let mut k = 0;
    while k < old.len() {
        let piece = old[k];
        let at = piece_start(piece);
        let Some(&(ls, mut le)) = links.peek() else {
            pieces.push(piece);
            k += 1;
            continue;
        };
        match piece {
            // A word running into the address (`see:http` is one word by
            // UAX #29): its part before the address, marks apart.
            Piece::Word(s, e) if s < ls && e > ls => {
                let part = &chunk[s - base..ls - base];
                let word_end = part
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| c.is_alphanumeric())
                    .map(|(i, c)| s + i + c.len_utf8());
                if let Some(we) = word_end {
                    pieces.push(Piece::Word(s, we));
                }
                let marks_from = word_end.unwrap_or(s);
                for (i, c) in chunk[marks_from - base..ls - base].char_indices() {
                    pieces.push(Piece::Punct(marks_from + i, c));
                }
                // The address takes the rest of the word.
                le = le.max(e);
                k += 1;
            }
            _ if at >= ls => {}
            _ => {
                pieces.push(piece);
                k += 1;
                continue;
            }
        }
        // Every piece that starts inside the address; a word that runs
        // past its end takes the address's end along.
        while k < old.len() && piece_start(old[k]) < le {
            if let Piece::Word(_, e) = old[k] {
                le = le.max(e);
            }
            k += 1;
        }
        // A Markdown link's or image's address (`[the guide](https://…)`,
        // `![logo](logo.png)`, `[a](<https://…> "title")`) is shown to no
        // reader: it is no word, as a reStructuredText link's target is not
        // (a README's badges had counted two words each).
        if !markdown_destination(chunk, ls - base, le - base) {
            pieces.push(Piece::Word(ls, le));
        }
        links.next();
    }
}

/// Whether a word is an emoji's shortcode's name: lower-case ASCII
/// letters, digits, `_`, `-` and `+`, a letter among them, 40 at most
/// (`heavy_check_mark`, `tada`, `e-mail`).
fn shortcode(word: &str) -> bool {
    word.len() <= 40
        && word.bytes().any(|b| b.is_ascii_lowercase())
        && word.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'+')
        })
}

/// The span (offsets from `base`) of the alternative text of the
/// Markdown image whose `![` opens `line`: to the `]` that closes it, then
/// `(` or `[` (`![npm version](https://…)`, `[![build][ci]][1]`).
fn image_alt(base: usize, line: &[u8]) -> Option<(usize, usize)> {
    let close = 2 + closing_bracket(line.get(2..)?, b'[', b']')?;
    matches!(line.get(close + 1), Some(b'(' | b'[')).then_some((base + 2, base + close))
}

/// Where the bracket `close` that closes the one opened before `bytes`
/// stands in them, brackets `open` … `close` nested inside passed over.
fn closing_bracket(bytes: &[u8], open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    bytes.iter().position(|&b| {
        if b == open {
            depth += 1;
        } else if b == close {
            if depth == 0 {
                return true;
            }
            depth -= 1;
        }
        false
    })
}

/// Whether a Markdown link's destination is an address of a scheme
/// that is no web address's (`data:image/png;base64,…`, a pasted image,
/// `tel:+15550100`, `mailto:`, `javascript:void(0)`, `urn:isbn:…`): one
/// of [`URI_SCHEMES`], in any case, then `:` and more (not any text with
/// a colon in brackets: `[high](see:table)`). A pasted image's address had
/// counted 1.8 million words.
fn uri(address: &str) -> bool {
    address.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty() && URI_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
    })
}

/// Schemes of addresses a link may lead to, the web's and others (IANA's
/// register, the ones in common use).
const URI_SCHEMES: &[&str] = &[
    "about",
    "bitcoin",
    "blob",
    "callto",
    "chrome",
    "data",
    "dav",
    "doi",
    "facetime",
    "fax",
    "feed",
    "file",
    "ftp",
    "ftps",
    "geo",
    "git",
    "gopher",
    "http",
    "https",
    "im",
    "imap",
    "ipfs",
    "ipns",
    "irc",
    "ircs",
    "itms",
    "javascript",
    "jdbc",
    "ldap",
    "magnet",
    "mailto",
    "market",
    "matrix",
    "mms",
    "news",
    "nntp",
    "pop",
    "rtsp",
    "s3",
    "sftp",
    "sip",
    "sips",
    "skype",
    "slack",
    "smb",
    "sms",
    "spotify",
    "ssh",
    "steam",
    "svn",
    "tel",
    "telnet",
    "tg",
    "urn",
    "vnc",
    "vscode",
    "webcal",
    "whatsapp",
    "ws",
    "wss",
    "xmpp",
    "zoommtg",
];

/// Whether a Markdown link's destination without a scheme is an address:
/// relative (`/`, `./`, `../`, or a path of folders:
/// `github/managing-large-files/disk-quota`), a place in the page (`#`),
/// or a file's name — not any text in brackets (`[0,1](a,b)`).
fn markdown_address(address: &str) -> bool {
    address.starts_with(['/', '#'])
        || address.starts_with("./")
        || address.starts_with("../")
        || folder_path(address)
        || is_file_name(address)
}

/// Whether `chunk[start..end]` is a Markdown link's or image's
/// destination: right after `](` (or `](<`), and closing the chunk or
/// closed by `)` (or `>`).
fn markdown_destination(chunk: &str, start: usize, end: usize) -> bool {
    let (before, after) = (&chunk[..start], &chunk[end..]);
    let closes = |after: &str| after.is_empty() || after.starts_with(')');
    match before.strip_suffix('<') {
        Some(before) => before.ends_with("](") && after.strip_prefix('>').is_some_and(closes),
        None => before.ends_with("](") && closes(after),
    }
}

/// Drops the words of a Markdown reference link's label (`[the FAQ][faq]`,
/// `[guide][1]`, `![logo][logo]`): shown to no reader, as the
/// destination its definition gives is not. Not an index (`m[1][2]`: a
/// bracket opened after a letter or digit before it in the chunk), nor
/// note marks (`[1][2]`).
fn drop_reference_labels(base: usize, chunk: &str, pieces: &mut Vec<Piece>) {
    for (at, _) in chunk.match_indices("][") {
        let from = at + 2;
        let Some(len) = chunk[from..].find(']') else {
            continue;
        };
        let head = &chunk.as_bytes()[..at];
        let index =
            memchr::memchr_iter(b'[', head).any(|k| k > 0 && head[k - 1].is_ascii_alphanumeric());
        // (Nor a run of note marks, `ended.[1][2]`, words as before.)
        let notes = memchr::memrchr(b'[', head)
            .is_some_and(|k| head.len() > k + 1 && head[k + 1..].iter().all(u8::is_ascii_digit));
        if len == 0 || chunk[from..from + len].contains('[') || index || notes {
            continue;
        }
        let (s, e) = (base + from, base + from + len);
        pieces.retain(|&p| !matches!(p, Piece::Word(w, _) if (s..e).contains(&w)));
    }
}

/// Whether a line is a Markdown link reference definition of an address
/// (`[npm-url]: https://npmjs.org/package/lamp`, `[guide]: ./docs/guide.md`,
/// `[1]: <https://…> "Title"`), indented three spaces at most: shown to
/// no reader, it holds no word (`[Note]: each paid a third`, or a label
/// over a word, `[Note]: Important`, is text).
#[inline]
fn address_definition(line: &str) -> bool {
    let bytes = line.as_bytes();
    let Some(at) = bytes.iter().take(4).position(|&b| b != b' ') else {
        return false;
    };
    // (A label closed by `]:` on the line, first.)
    bytes[at] == b'['
        && memchr::memchr(b']', &bytes[at..])
            .filter(|k| bytes.get(at + k + 1) == Some(&b':'))
            .is_some_and(|k| labelled_address(&line[at..], k))
}

/// [`address_definition`] of a line that opens with `[` and a label
/// closed by `]:` at `colon` (the `]`'s place).
fn labelled_address(t: &str, colon: usize) -> bool {
    let t = t.trim_end();
    if !link_definition(t) {
        return false;
    }
    let rest = t[colon + 2..].trim_start();
    let destination = match rest.strip_prefix('<') {
        Some(inner) => inner.split('>').next().unwrap_or(""),
        None => rest.split([' ', '\t']).next().unwrap_or(""),
    };
    destination.contains("://")
        || destination.starts_with("mailto:")
        || markdown_address(destination)
}

fn piece_start(piece: Piece) -> usize {
    match piece {
        Piece::Word(s, _) | Piece::Punct(s, _) => s,
    }
}

/// A legal code's or an official journal's letter before a number
/// (`art. L. 1234-1`, `Art. R. 12`, `ABl. EG Nr. L 39`): one capital
/// letter, perhaps a period, then a number — on the next line too, where
/// a statute's lines wrap (`ABl. EG Nr. L` / `43 S. 25`).
fn code_letter(word: &str, rest: &str) -> bool {
    word.chars().count() == 1
        && word.chars().all(char::is_uppercase)
        && rest.starts_with(|c: char| c == '.' || c.is_whitespace())
        && rest
            .strip_prefix('.')
            .unwrap_or(rest)
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '。'
            | '！'
            | '？'
            | '؟'
            | '।'
            | '॥'
            | '።'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '“'
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// A Markdown heading: one to six `#` and a space.
    Heading,
    /// Starts with a list marker: `- `, `* `, `+ `, `• `, `– `, `1. `, `1) `.
    ListItem,
    /// A row of a Markdown table: `| cell | cell |`.
    TableRow,
    Text,
}

/// Whether a line is a Markdown ATX heading: one to six `#` and a space.
pub(crate) fn atx_heading(line: &str) -> bool {
    let t = trim_start(line);
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t'])
}

fn line_kind(line: &str) -> LineKind {
    let t = trim_start(line);
    if atx_heading(t) {
        return LineKind::Heading;
    }
    if let Some(inner) = boxed(t) {
        return line_kind(inner);
    }
    // A line all in bold (`**Third-Party Applications**`) is a heading
    // as Markdown writers use it; a label in bold at a line's start
    // (`**1. Fees.** You pay …`) is the item it would be without the
    // emphasis.
    if t.starts_with(['*', '_']) {
        for mark in ["**", "__"] {
            let inner = t
                .trim_end()
                .strip_prefix(mark)
                .and_then(|s| s.strip_suffix(mark));
            if inner.is_some_and(|s| !is_blank(s) && !s.contains(mark)) {
                return LineKind::Heading;
            }
        }
        if let Some(inner) = t.strip_prefix("**").or_else(|| t.strip_prefix("__")) {
            if inner.starts_with(|c: char| c.is_ascii_digit()) {
                // `**1.** **Angaben …**`: the label's own bold closes
                // before the text.
                let label_end = inner.find(['*', '_', ' ']).unwrap_or(inner.len());
                let rest = inner[label_end..].trim_start_matches(['*', '_']);
                if rest.starts_with(' ') {
                    return line_kind(&format!("{}{rest}", &inner[..label_end]));
                }
                return line_kind(inner);
            }
        }
    }
    if t.starts_with('|') && t[1..].contains('|') && !substitution_first(t) {
        return LineKind::TableRow;
    }
    // (A tab after the marker too, as text converted from a word
    // processor has it.)
    if t.strip_prefix(['-', '*', '+', '•', '–'])
        .or_else(|| t.strip_prefix("#."))
        .is_some_and(|rest| rest.starts_with([' ', '\t']))
    {
        return LineKind::ListItem;
    }
    if explicit_markup_or_field(t) || link_definition(t) {
        return LineKind::ListItem;
    }
    let labelled =
        t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    let number = if labelled {
        t.bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'.')
            .count()
    } else {
        0
    };
    let (number, rest) = t.split_at(number);
    let number = number.strip_suffix('.').unwrap_or(number);
    // (A no-break space after the label too: `1.1.\u{a0}Dynamique`, as
    // converted manuals set every heading.)
    // And a dash after the period, as Spanish sets a list (`1.- En
    // que …`): its label had been a sentence of its own.
    let dotted = t.as_bytes().get(number.len()) == Some(&b'.');
    let spaced = |r: &str| r.starts_with([' ', '\u{a0}', '\t']);
    let marked = dotted
        && (spaced(rest)
            || rest
                .strip_prefix('-')
                .is_some_and(|r| r.starts_with([' ', '\t'])))
        || rest.starts_with(") ")
        || rest.starts_with(")\t");
    let label = is_enumerator(number) || is_roman_label(number) && !rest.starts_with(')');
    if label && marked {
        LineKind::ListItem
    } else {
        LineKind::Text
    }
}

/// Whether a line (trimmed at its start) is a Markdown link reference
/// definition (`[1]: https://example.com/guide "Guide"`, a badge's
/// `[npm-url]: https://…`): a label in brackets, a colon, and a
/// destination. Each is an item of its own, as reStructuredText's link
/// targets are: a README's block of them had run into one "sentence", a
/// definition added read as an edit of it. (A footnote's `[^1]:` is
/// [`footnote_definition`]'s.)
fn link_definition(t: &str) -> bool {
    let Some(inner) = t.strip_prefix('[') else {
        return false;
    };
    let Some(close) = inner.find("]:") else {
        return false;
    };
    let (label, rest) = (&inner[..close], &inner[close + 2..]);
    if !(1..=100).contains(&label.len())
        || label.starts_with('^')
        || label.contains(['[', ']'])
        || !rest.starts_with([' ', '\t'])
    {
        return false;
    }
    // The destination (`<…>`, or a run without spaces), then at most a
    // title in quotes or brackets: `[Note]: each paid a third` is text.
    let rest = rest.trim();
    let title = if let Some(inner) = rest.strip_prefix('<') {
        match inner.find('>') {
            Some(end) => &inner[end + 1..],
            None => return false,
        }
    } else {
        rest.find([' ', '\t']).map_or("", |end| &rest[end..])
    }
    .trim();
    !rest.is_empty()
        && (title.is_empty()
            || [('"', '"'), ('\'', '\''), ('(', ')')]
                .iter()
                .any(|&(open, close)| {
                    title.len() >= 2 && title.starts_with(open) && title.ends_with(close)
                }))
}

/// Whether a line (trimmed at its start) opens reStructuredText's explicit
/// markup (`.. note::`, `.. _Board: https://…`, `.. [1] …`, a comment) or
/// a field (`:param path: …`, a directive's `:synopsis: …`): each opens an
/// item of its own, as a list's marker does. A block of link targets had
/// run into one sentence, a target added to it read as an edit; a
/// directive's option, and each field of a list, ran into the sentence
/// before. (A role opening a line, `:class:`Lamp``, is no field: a
/// backtick follows its name, not a space.)
#[inline]
pub(crate) fn explicit_markup_or_field(t: &str) -> bool {
    // (Asked of every line: the first byte, inline, tells nearly all.)
    matches!(t.as_bytes().first(), Some(b'.' | b':')) && markup_or_field_line(t)
}

/// [`explicit_markup_or_field`] past its first byte.
fn markup_or_field_line(t: &str) -> bool {
    match t.as_bytes().first() {
        Some(b'.') => t.starts_with(".. ") || t.trim_end() == "..",
        Some(b':') => {
            let rest = &t[1..];
            let Some(close) = rest.find(':') else {
                return false;
            };
            let (name, after) = (&rest[..close], &rest[close + 1..]);
            (1..=60).contains(&name.len())
                && name.starts_with(|c: char| c.is_alphanumeric())
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | ' '))
                && (after.is_empty() || after.starts_with([' ', '\t']))
        }
        _ => false,
    }
}

/// Whether a line opens with a reStructuredText substitution
/// (`|django-users| has a lot of …`), not a table's first cell: a name
/// right inside the bars, and no other bar on the line.
fn substitution_first(t: &str) -> bool {
    let Some(inner) = t.strip_prefix('|') else {
        return false;
    };
    let Some(close) = inner.find('|') else {
        return false;
    };
    let name = &inner[..close];
    let rest = &inner[close + 1..];
    // (A reference name: letters and digits first and last, `-`, `_`,
    // `.` and spaces between; a wiki table's `|+ caption'|- …` is none.)
    let edge = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    edge(name.chars().next())
        && edge(name.chars().next_back())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
        && !rest.contains('|')
        && !rest.is_empty()
        && !is_blank(rest)
}

/// The text of a line drawn in a box of asterisks (`*  limitation of
/// liability shall not apply  *`, as licence texts frame a notice): its
/// first `*` is the box's side, not a list marker.
fn boxed(t: &str) -> Option<&str> {
    let inner = t.strip_prefix("* ")?.trim_end().strip_suffix(" *")?;
    Some(inner.trim())
}

/// Whether a line is a quotation's attribution: a dash (`—`, `―`, `--`;
/// an en dash opens a list's item) and a name — one to six words in
/// capitals, initials or particles, one alone on the line (`Oscar Wilde`, `J. R. R. Tolkien`, `Ludwig van Beethoven`) — then at
/// most a comma and its source (`-- Mark Twain, Pudd'nhead Wilson`). Not a
/// line of dialogue (`— Where are you going, my`) nor a dash in a wrapped
/// sentence (`-- and this is key --`, `— Marie Curie — was the first`).
#[inline]
fn attribution(line: &str) -> bool {
    // (Told from the first byte for nearly every line: `-`, or the first
    // of `—` and `―`, after any spaces.)
    let first = line.bytes().find(|&b| b != b' ' && b != b'\t');
    matches!(first, Some(b'-' | 0xe2)) && dash_and_name(line.trim())
}

/// [`attribution`] of a line (trimmed) that opens with `-` or a
/// character of the `—` block.
fn dash_and_name(t: &str) -> bool {
    let Some(rest) = ["—", "―", "---", "--"]
        .iter()
        .find_map(|d| t.strip_prefix(d))
        .filter(|r| !r.starts_with(['-', '—', '―', '–']))
    else {
        return false;
    };
    if t.ends_with([':', ',', ';']) {
        return false;
    }
    // A signature's `-- ` and a space (a fortune's, a mail's): a source
    // as well as a name (`-- Refrán castellano`, `-- Anónimo, siglo XIX`,
    // `-- Seen on comp.os.linux`), eight words at most, opening in
    // capitals, ending on no sentence's mark and holding no dash of a
    // wrapped sentence (`-- Build a new ferry, or do nothing.`).
    if let Some(source) = t.strip_prefix("-- ") {
        let source = source.trim_start();
        let words = source.split_whitespace().count();
        if (1..=8).contains(&words)
            && source.starts_with(char::is_uppercase)
            && !source.ends_with(['.', '!', '?', '…'])
            && !source.contains("--")
            && !source.contains(['—', '―'])
        {
            return true;
        }
    }
    let name = rest.split([',', '(']).next().unwrap_or("");
    let words: Vec<&str> = name.split_whitespace().collect();
    // (One name alone, `— Voltaire`, is the whole line: `--But, for mine
    // own part` is a line of verse.)
    ((2..=6).contains(&words.len()) || words.len() == 1 && name.len() == rest.len())
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(|w| {
            let w = w.trim_end_matches(['.', ';', '!', '?', '"', '”', '’', '\'']);
            w.starts_with(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
                || NAME_PARTICLES.contains(&w)
        })
}

/// The kinds of lines that are units of their own in a row of their kind
/// (see `Scanner::block`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineUnit {
    /// `Label: value`.
    Field,
    /// `<nick> text`.
    Chat,
}

/// The most words of a field's label (`Release date:`, `Date of birth:`).
const FIELD_LABEL_WORDS: usize = 3;

/// The most characters of a chat line's nick (`<anna>`).
const CHAT_NICK_CHARS: usize = 24;

/// Whether a line is a field (`From: Anna`, `Release date: May 1, 2004`,
/// `Für: 4 Personen`: a label of at most three words of letters, digits
/// and hyphens, opening with a capital, then `:`, a space and a value) or
/// a chat log's line (`<anna> text`: a nick in angle brackets, no tag's),
/// and which. Told from the first byte and the first 40 for most lines.
fn line_unit(line: &str) -> Option<LineUnit> {
    let b = line.as_bytes();
    match b.first()? {
        b'<' => {
            let close = b
                .iter()
                .take(CHAT_NICK_CHARS + 2)
                .position(|&c| c == b'>')?;
            let nick = &line[1..close];
            let ok = !nick.is_empty()
                && nick
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"_-[]`^{}|@+%.".contains(&c))
                && b.get(close + 1) == Some(&b' ')
                // (An HTML tag is closed on its line: `<b> bold</b>`.)
                && !line.contains(&format!("</{nick}>"));
            ok.then_some(LineUnit::Chat)
        }
        c if c.is_ascii_uppercase() || *c >= 0xC0 => {
            let head = &b[..b.len().min(40)];
            let colon = memchr::memchr(b':', head)?;
            if b.get(colon + 1) != Some(&b' ') || line[colon + 1..].trim().is_empty() {
                return None;
            }
            let label = &line[..colon];
            let mut words = 0;
            for w in label.split(' ') {
                words += 1;
                if w.is_empty()
                    || words > FIELD_LABEL_WORDS
                    || !w.chars().all(|c| c.is_alphanumeric() || c == '-')
                {
                    return None;
                }
            }
            label
                .starts_with(char::is_uppercase)
                .then_some(LineUnit::Field)
        }
        _ => None,
    }
}

/// Whether a line is a signature set off by its indentation: two spaces
/// or more, then `-- ` and a signer of any shape — a handle, an address,
/// a source in lower case (`  -- rhoenie`, `  -- mauro@dyna.sublink`,
/// `  -- <outcon@…>`, `  -- frei nach Schiller`). Asked of a block's
/// last line (or one followed only by lines indented as deep): there it
/// signs the text above, as a fortune's or a mail's signature does (117
/// in Debian's German and Italian fortunes had run into the quote's last
/// sentence). A `--` at the line's start unindented is a dash of the
/// text; ASCII art (`  -- -- _ /{`) holds no letter after the dash.
#[inline]
fn signature(line: &str) -> bool {
    // (Told from the first byte for nearly every line.)
    matches!(line.as_bytes().first(), Some(b' ' | b'\t')) && indented_signature(line)
}

/// [`signature`] of a line opening with a space or a tab.
fn indented_signature(line: &str) -> bool {
    let at = line
        .bytes()
        .position(|b| b != b' ' && b != b'\t')
        .unwrap_or(line.len());
    if !line.as_bytes()[at..].starts_with(b"-- ") || indent_width(line) < 2 {
        return false;
    }
    let rest = line[at + 3..].trim_start();
    rest.starts_with(|c: char| {
        c.is_alphanumeric() || matches!(c, '<' | '"' | '(' | '_' | '*' | '\'' | '„' | '“')
    }) && rest
        .split_whitespace()
        .next()
        .is_some_and(|w| w.contains(char::is_alphabetic))
}

/// The lower-case words a person's name may hold (`Ludwig van Beethoven`,
/// `Alexis de Tocqueville`, `Pliny the Elder`).
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "der", "di", "dos", "du", "la", "le", "of", "the",
    "van", "von", "y", "zu",
];

/// Whether a line is blank, or only a box's edge of asterisks (`*****`, or
/// `*      *` inside a box), or a record separator (`%` or `%%` alone, as
/// a fortune file or strfile's input parts its texts): each separates
/// paragraphs. (A fortune file's quotes had run together, 15,216 of them
/// in Debian's `fortunes`.)
fn blank_or_box_edge(line: &str) -> bool {
    // Trimmed, a line of asterisks and spaces starts and ends with `*`
    // (told from its first character for nearly every line).
    let t = trim_start(line);
    match t.as_bytes().first() {
        None => true,
        Some(b'*') => {
            let t = t.trim_end();
            t.len() >= 2 && t.bytes().all(|b| matches!(b, b'*' | b' ' | b'\t'))
        }
        Some(b'%') => matches!(t.trim_end(), "%" | "%%"),
        Some(_) => false,
    }
}

/// An item's number: `3`, `12`, `2.1`, `4.1.2` (at most three digits a
/// part, at most four parts).
fn is_enumerator(w: &str) -> bool {
    // (Counted without collecting the parts: this runs on every line.)
    // The last part may end in one lower-case letter (`3a.`, `12b.`: an
    // item inserted by an amendment).
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let w = match w.as_bytes() {
        [.., d, l] if d.is_ascii_digit() && l.is_ascii_lowercase() => &w[..w.len() - 1],
        _ => w,
    };
    // (Six levels: DocBook's `sect5` headings, `12.3.2.3.1. Booting From
    // the Network`, had split off their number as a sentence of prose.)
    let mut parts = 0;
    w.split('.').all(|p| {
        parts += 1;
        parts <= 6 && (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Articles that open sentences and are no one's surname (see
/// `period_ends`: a one-letter name before an opener).
const ARTICLES: &[&str] = &[
    "The", "A", "An", "Die", "Der", "Das", "Den", "Dem", "Ein", "Eine", "El", "Los", "Las", "Una",
    "Un", "Het", "De", "Een", "Il", "Lo", "Gli",
];

/// Whether a word after a day number (`21.`) is its month and year
/// (`2.1996`, `02.1996`), or its month with the year to follow (`2.` then
/// `1996`): a German date written with a space after the day.
/// Whether what follows a period inside brackets (`rest`, from the word
/// after it) may be a sentence of its own: it ends, before the bracket
/// that closes them, with a sentence's terminator (`… 5–2. Two members
/// abstained.)`), or holds more than [`BRACKET_TAIL_WORDS`] words (`(… no
/// está comprobada. Por favor léala en este contexto).`). A few words
/// without one (`(eig. Cassius Clay)`, `(Reichsgesetzbl. I S. 1371)`,
/// `(lit. lesser vehicle)`) are what an abbreviation stood before. With
/// no closing bracket in the paragraph (within 400 bytes): may be.
const BRACKET_TAIL_WORDS: usize = 4;

fn bracket_ends_a_sentence(rest: &str) -> bool {
    let mut depth = 0usize;
    let limit = rest.len().min(400);
    let mut end = limit;
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    let scan = &rest[..end];
    for (i, c) in scan.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            ')' => {
                let inside = scan[..i].trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\'' | '»' | '“')
                });
                let words = inside
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count();
                return inside.ends_with(is_terminator) || words > BRACKET_TAIL_WORDS;
            }
            '\n' if scan[i + 1..].starts_with('\n') => return true,
            _ => {}
        }
    }
    true
}

/// A German ordinance's abbreviation, numbered with an ordinal (`26.
/// BImSchV`, `4. BImSchV`, `1. SprengV`): two capitals or more, ending in
/// `V`.
fn ordinance(word: &str) -> bool {
    word.len() >= 3
        && word.ends_with('V')
        && word.chars().all(char::is_alphabetic)
        && word.chars().filter(|c| c.is_uppercase()).count() >= 2
}

fn month_and_year(word: &str, rest: &str) -> bool {
    let month_ok = |m: &str| {
        (1..=2).contains(&m.len())
            && m.bytes().all(|b| b.is_ascii_digit())
            && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
    };
    if let Some((month, year)) = word.split_once('.') {
        return month_ok(month)
            && matches!(year.len(), 2 | 4)
            && year.bytes().all(|b| b.is_ascii_digit());
    }
    month_ok(word)
        && rest
            .strip_prefix('.')
            .map(str::trim_start)
            .is_some_and(|r| r.len() >= 2 && r.as_bytes()[..2].iter().all(u8::is_ascii_digit))
}

/// A Roman numeral of two or more capitals (`II`, `IV`, `XII`) labelling a
/// line (`II. Vollstreckbarerklärung`); a lone `I.` may be an initial.
fn is_roman_label(w: &str) -> bool {
    (2..=7).contains(&w.len()) && roman_value(w).is_some()
}

/// The value of a Roman numeral in capitals of `I V X L C` written the
/// usual way (`XIV`, `XL`), or `None` (`LLC`, `IIII`, `VX`).
fn roman_value(w: &str) -> Option<u32> {
    let digit = |b: u8| match b {
        b'I' => Some(1),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = w.bytes().map(digit).collect::<Option<_>>()?;
    let mut total: i64 = 0;
    for (k, &v) in values.iter().enumerate() {
        if values.get(k + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let value = u32::try_from(total).ok().filter(|&n| n > 0)?;
    // Written back the usual way, it must read the same.
    let mut canonical = String::new();
    let mut n = value;
    for (v, s) in [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            canonical.push_str(s);
            n -= v;
        }
    }
    (canonical == w).then_some(value)
}

/// Whether a word opening a heading or a list item labels it as a number
/// does (`## II. - Der Bund`, `- b. the second`, `### A. Scope`): a Roman
/// numeral in capitals, or one letter.
fn is_item_label(w: &str) -> bool {
    let roman = (1..=7).contains(&w.len()) && w.bytes().all(|b| b"IVXLC".contains(&b));
    roman || w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic()
}

/// Whether a text is written all in lower case: its first 8 KiB hold at
/// least 30 letters with case (of any script), no capital, and lines or a
/// sentence opening in lower case after another (a quotation of one line
/// in lower case is not written so) — or so
/// after its head ([`lowercased_head`]: a title and a byline set in
/// capitals over a text in lower case, `By Maria Chen`, had halved an
/// article's sentences).
pub(crate) fn is_lowercased(text: &str) -> bool {
    let mut end = text.len().min(8192);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let lower_from = |from: usize| lower_letters(text, from).is_some_and(|n| n >= 30);
    // (Lines, or one sentence at least that opens in lower case after
    // another: a quotation of one line in lower case, `êtes-vous sujet à
    // cette cruelle maladie ? lui dit-elle`, is no text written so, and
    // had been cut at its `?`.)
    let lines = || memchr::memchr(b'\n', text.trim().as_bytes()).is_some();
    lower_from(0) && (lines() || opens_in_lower_case(text)) || {
        // After a head in capitals, the text must show it is written so:
        // sentences that open in lower case (`… year. it voted …`), two at
        // least (a list of items in lower case under a lead-in is not).
        let head = lowercased_head(text);
        head > 0 && lower_from(head) && lower_openings(&text[head..]) >= 2
    }
}

/// Sentences of a text that open in lower case after one that ends on a
/// letter (`year. it`), counted in ASCII.
fn lower_openings(text: &str) -> usize {
    text.as_bytes()
        .windows(4)
        .filter(|w| {
            w[0].is_ascii_lowercase()
                && matches!(w[1], b'.' | b'!' | b'?')
                && w[2] == b' '
                && w[3].is_ascii_lowercase()
        })
        .count()
}

/// Whether a sentence of a text opens in lower case after one whose mark
/// is glued to its last word (`year. it`, `jan. 12. jury`, `(really).
/// newer`, `compression.  designed`, a line's end between), in ASCII.
fn opens_in_lower_case(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'.', b'!', b'?', b).any(|at| {
        let after = &b[at + 1..];
        let blanks = after
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
        at > 0
            && !b[at - 1].is_ascii_whitespace()
            && !b[at - 1].is_ascii_uppercase()
            && blanks > 0
            && after.get(blanks).is_some_and(u8::is_ascii_lowercase)
    })
}

/// The letters with case of `text` from byte `from` on, if none is a
/// capital.
fn lower_letters(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = text.len();
    let mut letters = 0;
    let mut i = from;
    while i < end {
        // ASCII sixteen bytes at a time (a text in lower case is read to
        // its 8 KiB: 4% of `compare`'s instructions had been this loop).
        if let Some(chunk) = bytes.get(i..i + 16).filter(|c| c.is_ascii()) {
            if chunk.iter().any(u8::is_ascii_uppercase) {
                return None;
            }
            letters += chunk.iter().filter(|b| b.is_ascii_lowercase()).count();
            i += 16;
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .expect("i is below end, at a char boundary");
        if c.is_uppercase() {
            return None;
        }
        letters += usize::from(c.is_lowercase());
        i += c.len_utf8();
    }
    Some(letters)
}

/// Where the head of a text ends whose capitals [`is_lowercased`] passes
/// over: its first two lines that are not blank (a title, a byline), and
/// [`LOWERCASED_HEAD`] bytes at most.
fn lowercased_head(text: &str) -> usize {
    let mut seen = 0;
    let mut at = 0;
    for (start, line) in lines(text) {
        if start >= LOWERCASED_HEAD {
            break;
        }
        at = start + line.len();
        if !is_blank(line) {
            seen += 1;
            if seen == 2 {
                break;
            }
        }
    }
    let mut at = at.min(LOWERCASED_HEAD).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The most bytes of a text's head whose capitals a text in lower case
/// may hold (see [`lowercased_head`]).
const LOWERCASED_HEAD: usize = 300;

/// Whether a list line starts with a plain number (`7. `, `12) `), not a
/// bullet.
fn numbered(line: &str) -> bool {
    line.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

/// How far ahead of an inline `1.` its `2.` is looked for, and behind a
/// later number the one before it (see `Scanner::inline_label`).
const INLINE_LABEL_REACH: usize = 400;

/// Whether what stands before byte `at` (a number's start) cues an
/// enumeration's label: a `:`, `,` or `;` and a space, or a conjunction
/// that ends an item ([`ITEM_CONJUNCTIONS`]: `… clean the tank and 2.
/// refill it`).
fn label_cued(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    if trimmed.len() == before.len() {
        return false;
    }
    let word = trimmed
        .rsplit_once(|c: char| !c.is_alphabetic())
        .map_or(trimmed, |(_, w)| w);
    trimmed.ends_with([':', ',', ';']) || ITEM_CONJUNCTIONS.contains(&word.to_lowercase().as_str())
}

/// Whether a line opens with a Roman numeral and a period (`II. The
/// results …`, `XL. We also sell …`): after a line that stops
/// mid-sentence, the numeral is the sentence's (`in section` / `II.`).
fn roman_first(line: &str) -> bool {
    let t = line.trim_start();
    let n = t.bytes().take_while(|b| b"IVXLC".contains(b)).count();
    n > 0 && t[n..].starts_with('.') && roman_value(&t[..n]).is_some()
}

/// Whether a line opens with a dash and a lower-case word (`- eingeschränkt,
/// so sind …`) after a line filled as wrapped text is: where the line
/// before stops mid-sentence and no item follows, a dash of the sentence
/// that the wrapping put first on a line (a short line before it is a
/// list's caption: `Changes in this release` / `- fixed the installer`).
///
/// A dash that a second one on its line closes (`– Grundsicherung für
/// Arbeitsuchende – in der Fassung …`) is a parenthesis of the sentence,
/// whatever the case of its first word (German capitalizes nouns).
fn dash_after_a_full_line(line: &str, before: &str) -> bool {
    before.trim_end().chars().count() >= WRAPPED_LINE
        && line
            .trim_start()
            .strip_prefix("- ")
            .or_else(|| line.trim_start().strip_prefix("– "))
            .is_some_and(|rest| {
                rest.starts_with(char::is_lowercase) || rest.contains(" – ") || rest.contains(" - ")
            })
}

/// Whether a block whose one long line is its first is hard-wrapped text
/// all the same: the first line stops mid-sentence (on a word or a comma)
/// and every other line but the last fills [`WRAPPED_LINE`] characters or
/// more, as wrapped text does. A footnote's label or padding made its first
/// line long (`[^1]:   Diese Vorschrift dient der` / `Umsetzung …`); a
/// list or a table of short fields with one long item is not wrapped text.
fn wrapped_around(block: &[(usize, &str)]) -> bool {
    stops_mid_sentence(block[0].1)
        && block[1..block.len() - 1]
            .iter()
            .all(|(_, l)| l.trim().chars().count() >= WRAPPED_LINE)
}

/// Whether a line opens a Markdown footnote's definition: `[^label]:`.
fn footnote_definition(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("[^")
        .and_then(|rest| rest.find("]:"))
        .is_some_and(|end| end <= 80)
}

/// Whether a line is longer than [`LONG_LINE`], in its text's characters
/// (a run of spaces counted once: padding inside a wrapped line, a
/// statute's footnote's `oder` + 15 spaces + `c)`, does not make it long;
/// nor, on a line that stops mid-sentence as wrapped lines do, does a
/// Markdown link's target, which a wrapper cannot break: counted as one
/// character, a Markdown list wrapped at 72 columns had made every line
/// of an item a paragraph; a bare address is counted, as a line of data
/// ending on its source's address is no wrapped line).
fn is_long_line(line: &str) -> bool {
    if line.len() <= LONG_LINE {
        return false;
    }
    let chars = text_chars(line);
    if chars <= LONG_LINE {
        return false;
    }
    let stops_mid_sentence = !line
        .trim_end()
        .ends_with(|c: char| is_terminator(c) || c == ':' || c == '”' || c == '"');
    if !stops_mid_sentence || !line.contains("](") {
        return true;
    }
    let addresses: usize = line
        .split_whitespace()
        .map(|w| w.find("](").map_or(0, |k| w.len() - k))
        .map(|n| n.saturating_sub(1))
        .sum();
    chars - addresses.min(chars) > LONG_LINE
}

/// A line's characters, leading and trailing whitespace left out and a
/// run of whitespace inside counted once.
fn text_chars(line: &str) -> usize {
    let mut n = 0;
    let mut space = false;
    for c in line.trim().chars() {
        let ws = c.is_whitespace();
        n += usize::from(!(ws && space));
        space = ws;
    }
    n
}

/// Whether a line stops on a word or a comma, as a line wrapped inside a
/// sentence does.
fn stops_mid_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(|c: char| c.is_alphanumeric() || c == ',')
}

/// Whether a line stops on a comma or a function word (any language's
/// stopword: `… to send to a`), as a line wrapped mid-sentence does.
fn runs_on_word(line: &str) -> bool {
    let t = line.trim_end();
    let last = t.rsplit(char::is_whitespace).next().unwrap_or(t);
    t.ends_with(',') || crate::lang::is_stopword(&last.to_lowercase())
}

/// Whether a line opens on a function word in lower case (`and for a
/// workaround …`, `the same syntax …`): a sentence's middle, as a list's
/// unmarked items (`north quay - closed …`) seldom open — unless the line
/// `before` it opens on the same word, as items set in parallel do (`if
/// concatenating str objects, …` / `if concatenating bytes …`).
fn opens_on_word(line: &str, before: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    first.starts_with(char::is_lowercase)
        && crate::lang::is_stopword(first)
        && before.split_whitespace().next() != Some(first)
}

/// The column where a list item's text starts, after its indentation, its
/// marker (`-`, `1.`, `(a)`) and the spaces after it: where the lines it
/// wraps onto are indented to (`- x` / `  y`).
fn item_text_column(line: &str) -> usize {
    let t = line.trim_start_matches([' ', '\t']);
    let marker = t.find([' ', '\t']).unwrap_or(t.len());
    indent_width(line) + t[..marker].chars().count() + indent_width(&t[marker..])
}

/// The fewest characters of a hard-wrapped paragraph's lines (all but its
/// last), for [`wrapped_around`].
const WRAPPED_LINE: usize = 40;

/// Whether an explicit line break (a web page's `<br>`) between `line`
/// and `next` sets `line` apart, to end a sentence where no mark does:
/// both hold a letter or a digit, `line` does not end with a mark of its
/// own (the sentence rules read it: `Dr.` / `Smith`; a colon's label goes
/// with its value: `Contact:` / `Jane Doe`), nor stop on a word in lower
/// case, a comma or a hyphen before a `next` that does not open with a
/// capital (a sentence broken a clause a line: `approved a` / `$412.6
/// million`). (Plain text's line breaks tell less: hard-wrapped text
/// breaks anywhere, and German capitals nouns, `der gesamten` /
/// `Ausbildung`.)
pub(crate) fn line_set_apart(line: &str, next: &str) -> bool {
    let (line, next) = (line.trim(), next.trim());
    let Some(last) = line.chars().next_back() else {
        return false;
    };
    if !line.contains(char::is_alphanumeric)
        || !next.contains(char::is_alphanumeric)
        || is_terminator(last)
        || is_closer(last)
        || matches!(last, ':' | ';')
    {
        return false;
    }
    // A lower-case last word (`approved a`), not a name's (`Jane Doe` /
    // `555-0100`).
    let lower_word = line
        .rsplit(char::is_whitespace)
        .next()
        .and_then(|w| w.chars().find(|c| c.is_alphanumeric()))
        .is_some_and(char::is_lowercase);
    let goes_on =
        (lower_word || matches!(last, ',' | '-')) && !next.starts_with(char::is_uppercase);
    !goes_on
}

/// Whether a line of a block was wrapped in the middle of a sentence: it is
/// not itself a list item, holds at least [`WRAPPED_WORDS`] words (a list's
/// heading or short item has fewer) and does not end with a terminator, a
/// colon, a semicolon or a closing mark.
fn wrapped_mid_sentence(line: &str) -> bool {
    let t = line.trim_end();
    line_kind(t) == LineKind::Text
        && t.split_whitespace().count() >= WRAPPED_WORDS
        && (!t.ends_with(|c: char| is_terminator(c) || matches!(c, ':' | ';') || is_closer(c))
            || ends_with_reference_abbreviation(t))
}

/// Whether a line ends with an abbreviation whose period never ends a
/// sentence, or does not before a number (`… (ABl. L 316 vom 2.12.2009, S.`
/// wrapped before `65) in der …`): the next line, which starts with a
/// number, goes on with the sentence.
fn ends_with_reference_abbreviation(t: &str) -> bool {
    let Some(body) = t.strip_suffix('.') else {
        return false;
    };
    let Some(word) = body.rsplit(char::is_whitespace).next() else {
        return false;
    };
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let kinds = crate::lexicon::get().kinds(word, false);
    !word.is_empty() && (kinds.has(Kind::Never) || kinds.has(Kind::Number))
}

/// The most words of a definition list's term (see `Scanner::block`) …
const DEFINITION_TERM_WORDS: usize = 5;
/// … and the most characters.
const DEFINITION_TERM_CHARS: usize = 60;

/// A line of at least this many words that does not end a sentence is
/// continued by the next line, even one that starts with a number.
const WRAPPED_WORDS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_definitions_are_items() {
        for line in [
            "[1]: https://example.org/a",
            "[npm-url]: https://npmjs.org/package/lamp",
            "[Guide]: <https://example.org/g> \"The guide\"",
            "[a b]:\thttps://example.org/",
        ] {
            assert!(link_definition(line), "{line}");
            assert_eq!(line_kind(line), LineKind::ListItem, "{line}");
        }
        for line in [
            "[^1]: A footnote.",
            "[1]:",
            "[1]:https://example.org/a",
            "[Note]: each paid a third",
            "[a [b]]: x",
            "[1]: <https://example.org/a",
            "Text [1]: https://example.org/a",
        ] {
            assert!(!link_definition(line), "{line}");
        }
        // A definition of an address is shown to no reader: a line of
        // markup without words (a diff sees where a link points now), and
        // the text after a block of them is no part of the last.
        let text = "Read the [setup guide][setup] before you file a bug.\n\n\
                    [setup]: https://docs.example.org/lamp/setup \"Setting up\"\n\
                    [tracker]: https://bugs.example.org/lamp\n\
                    [1]: <https://example.org/changes>\n\
                    See the [tracker] for open bugs.\n";
        assert_eq!(
            sentences(text),
            [
                "Read the [setup guide][setup] before you file a bug.",
                "[setup]: https://docs.example.org/lamp/setup \"Setting up\"",
                "[tracker]: https://bugs.example.org/lamp",
                "[1]: <https://example.org/changes>",
                "See the [tracker] for open bugs."
            ]
        );
        assert_eq!(tokenize(text, Rules::default()).words.len(), 15);
    }

    #[test]
    fn a_terminator_after_a_long_run_before_a_backtick_is_read() {
        // Found by fuzzing: a chunk opened 49 to 64 bytes before a
        // terminator glued to a backtick set the search for the span's
        // opening backtick to run backwards (a panic).
        let run = "a".repeat(55);
        let text = format!("Say {run}.` now and then. Go on.");
        assert_eq!(
            sentences(&text),
            [format!("Say {run}.` now and then."), "Go on.".to_string()]
        );
        let text = format!("Say `x {run}.` now and then. Go on.");
        assert_eq!(sentences(&text).len(), 2);
    }

    #[test]
    fn is_blank_is_an_empty_trim() {
        for text in [
            "",
            " ",
            "\t x",
            "\u{b}x",
            "\u{a0}x",
            " \u{2003} x",
            "x ",
            "é",
            " \u{c}y",
            "x\u{b}",
            "x\u{a0} ",
            "é \t",
        ] {
            assert_eq!(trim_start(text), text.trim_start(), "{text:?}");
            assert_eq!(trim_end(text), text.trim_end(), "{text:?}");
        }
        for text in [
            "",
            " ",
            "\t \r",
            "\u{b}",
            "\u{a0}",
            " \u{2003} ",
            "\u{85}",
            "x",
            " x",
            "\u{a0}x",
            "\u{b}x",
            "é",
            " \u{c}",
        ] {
            assert_eq!(is_blank(text), text.trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn labels_headings_and_data_values_are_no_prose() {
        // Each sentence of a text with whether it is prose.
        let prose = |text: &str| -> Vec<(String, bool)> {
            tokenize(text, Rules::default())
                .sentences
                .iter()
                .map(|s| {
                    (
                        text[s.span.clone()].to_string(),
                        sentence_prose(text, s.span.clone()).is_some(),
                    )
                })
                .collect()
        };
        // An item's number alone, a statute's table set as nested lists.
        let table = "(2) Sie dauert höchstens:\n\n*   *   1.\n\n    *   90 Minuten,\n\n*   *   2.\n\n    *   60 Minuten.\n\nb)\n\nDas gilt.\n";
        let got = prose(table);
        for label in ["*   *   1.", "*   *   2.", "b)"] {
            assert!(got.contains(&(label.into(), false)), "{label}: {got:?}");
        }
        assert!(got.contains(&("*   60 Minuten.".into(), true)), "{got:?}");
        assert!(
            !bare_item_label("Ja.") && !bare_item_label("1990 kam er.") && bare_item_label("- (3)")
        );
        let play = "Scene\n\nFIRST WITCH.\nWhen shall we three meet again?\n\nSECOND WITCH.\nWhen the battle's lost and won.\n";
        let got = prose(play);
        assert!(got.contains(&("FIRST WITCH.".into(), false)), "{got:?}");
        assert!(
            got.contains(&("When shall we three meet again?".into(), true)),
            "{got:?}"
        );
        for label in [
            "Verse 1.",
            "0. Definitions.",
            "Peace Commission.",
            "ARBITRATION .",
        ] {
            let text = format!("{label}\nThe commission met twice this year.\n");
            assert_eq!(prose(&text)[0], (label.to_string(), false), "{text}");
        }
        // A Markdown heading is no prose, whatever its mark.
        let got =
            prose("#### 3. Access.\n\nYou may use the service.\n\n## Do we sell data?\n\nNo.\n");
        assert_eq!(got.iter().filter(|g| g.1).count(), 2, "{got:?}");
        // A short sentence alone in its paragraph, or inside one, is prose;
        // so are a list's first item and an exchange's answer.
        let got = prose("Yes.\n\nNo.\n\nShe waved.\nThe End.\nThey left.\n\n1. Install Python.\n2. Run Setup.\n\nA: No.\nQ: Why not?\n");
        assert!(got.iter().all(|g| g.1), "{got:?}");
        // A data value closed by `(… est.)` is none; a sentence of words
        // with such a note is.
        let got = prose(
            "Economy\n\nGDP (purchasing power parity) $144.6 billion (2014 est.)\n\nThe stations operate in summer, with tent camps and traverses in support of research (May 2009 est.)\n",
        );
        assert!(
            got.contains(&(
                "GDP (purchasing power parity) $144.6 billion (2014 est.)".into(),
                false
            )),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g.0.starts_with("The stations") && g.1),
            "{got:?}"
        );
    }

    #[test]
    fn a_word_broken_after_its_hyphen_at_a_lines_end_is_one_word() {
        let join = |t: &str| join_broken_words(t.to_string());
        // A statute's compound, wrapped and indented: the end goes up.
        assert_eq!(
            join("gilt § 8 der Lebensmittel-\n    Kennzeichnungsverordnung entsprechend."),
            "gilt § 8 der Lebensmittel-Kennzeichnungsverordnung\n     entsprechend."
        );
        // The end was all of its line: the lines are one.
        assert_eq!(
            join("im Sinne der Lebensmittel-\nKennzeichnungsverordnung.\nDer Satz."),
            "im Sinne der Lebensmittel-Kennzeichnungsverordnung.\nDer Satz."
        );
        // Spaces or a tab after the hyphen hide no break.
        assert_eq!(
            join("im Sinne der Lebensmittel-  \nKennzeichnungsverordnung.\nDer Satz.  \n"),
            "im Sinne der Lebensmittel-Kennzeichnungsverordnung.\nDer Satz.  \n"
        );
        assert_eq!(
            join("über das Binnenmarkt-\t \nInformationssystem - nicht - anders"),
            join("über das Binnenmarkt-\nInformationssystem - nicht - anders")
        );
        assert!(
            join("über das Binnenmarkt- \nInformationssystem").contains("Binnenmarkt-Informations")
        );
        // Lower case goes on too (English compounds, hyphenation), and
        // a chain of breaks makes one word.
        assert_eq!(
            join("for contracts in the North-\neast Corridor and the Kraft-\nfahrzeug-\nZulassung"),
            "for contracts in the North-east\n Corridor and the Kraft-fahrzeug-Zulassung"
        );
        // Not joined: a part before a conjunction, a lower-case part before
        // a capital (verse), a dash, an item's label, a fence's code.
        for kept in [
            "kostenlos zu Informations-\nund Ausbildungszwecken",
            "pre-\nand post-war",
            "Of that sweet breath-\nVainly they sought",
            "play--\nthey said",
            "nach Nummer 3 Buchstabe-\na) und b)",
            "```\nrun --foo-\nbar\n```",
            "In 1999-\n2000 the town",
        ] {
            assert_eq!(join(kept), kept);
        }
        // A line made long by the end (one paragraph a line) gives its
        // part to the next line instead; a line left after the end must
        // stay text (`306) Spalte` would be an item).
        let long = format!(
            "{}Verkehrs-\nwegeplanungsbeschleunigungsgesetz abrufbar.",
            "Wort ".repeat(17)
        );
        let joined = join(&long);
        assert!(
            joined.ends_with("Wort\nVerkehrs-wegeplanungsbeschleunigungsgesetz abrufbar."),
            "{joined}"
        );
        // So does a bare web address (see `is_long_line`).
        let address = format!(
            "{} https://www.example-\norg.de/Publikationen.html abrufbar.",
            "Wort ".repeat(18)
        );
        let joined = join(&address);
        assert!(
            joined.ends_with("Wort\nhttps://www.example-org.de/Publikationen.html abrufbar."),
            "{joined}"
        );

        assert_eq!(
            join("(Zusatzzeichen zu Zei-\nchen 306) Spalte 3"),
            "(Zusatzzeichen zu\nZei-chen 306) Spalte 3"
        );
        assert_eq!(
            join("Anleihe 1924 (Dawes-\n    Anleihe) - Schuldverschreibungen"),
            "Anleihe 1924\n    (Dawes-Anleihe) - Schuldverschreibungen"
        );
        // A no-break space before the part (two bytes) is whitespace too.
        assert_eq!(join("tl\u{a0}'*eonl-\nworte"), "tl\u{a0}'*eonl-worte");
        // As counted: one word, and the wrapped text reads as one sentence.
        let text = join("Die Lebensmittel-\nKennzeichnungsverordnung gilt.");
        assert_eq!(
            words(&text),
            ["Die", "Lebensmittel-Kennzeichnungsverordnung", "gilt"]
        );
    }

    #[test]
    fn elided_words_are_words_of_their_own() {
        assert_eq!(
            words("L’archive d’un projet qu’il fit jusqu’à l'été."),
            ["L", "archive", "d", "un", "projet", "qu", "il", "fit", "jusqu", "à", "l", "été"]
        );
        assert_eq!(
            words("Dell’archivio c’è sempre un’altra copia."),
            ["Dell", "archivio", "c", "è", "sempre", "un", "altra", "copia"]
        );
        // Compounds, English contractions and letters' plurals stay whole.
        assert_eq!(
            words("aujourd’hui presqu’île quelqu’un don't it's C's T’s O'Brien"),
            [
                "aujourd’hui",
                "presqu’île",
                "quelqu’un",
                "don't",
                "it's",
                "C's",
                "T’s",
                "O'Brien"
            ]
        );
    }

    #[test]
    fn underscores_of_emphasis_are_no_letters() {
        assert_eq!(
            words(
                "_We use cookies_ and (__bold__) words; snake_case, file_2024, `_id`, target=_blank and x_1 stay; fill in ___ here."
            ),
            [
                "We",
                "use",
                "cookies",
                "and",
                "bold",
                "words",
                "snake_case",
                "file_2024",
                "_id",
                "target",
                "_blank",
                "and",
                "x_1",
                "stay",
                "fill",
                "in",
                "here"
            ]
        );
        // Strong emphasis inside a link's text (`collina__` had been a
        // term of npm's READMEs); a name's own underscore stays.
        assert_eq!(
            words("* [__Matteo Collina__](https://github.com/mcollina), [my_lib](x.md)"),
            ["Matteo", "Collina", "my_lib"]
        );
    }

    #[test]
    fn runs_of_letters_and_digits_end_where_a_byte_at_a_time_ends_them() {
        // Every byte value at every place of a run of 8 to 19 bytes.
        for len in 8..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    bytes[0] = b'Z';
                    let slow = (1..len)
                        .find(|&i| !bytes[i].is_ascii_alphanumeric())
                        .unwrap_or(len);
                    assert_eq!(alnum_run_end(&bytes, 1), slow, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn typographic_chunks_split_as_unicode_segmentation_splits_them() {
        let alphabet = [
            "a", "Z", "q", "7", "0", "_", ".", "'", ":", ",", ";", "-", "!", "(", ")", "\"", "‘",
            "’", "“", "”", "„", "–", "—", "…", "«", "»", "‹", "›", "ä", "ß", "É", "ł", "ſ", "ÿ",
            "À", "Ö",
        ];
        let mut state = 0x6a09_e667_f3bc_c908u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for len in 1..14 {
            for _ in 0..3000 {
                let chunk: String = (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect();
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                assert!(typographic_pieces(7, &chunk, &mut fast), "{chunk:?}");
                unicode_pieces(7, &chunk, &mut slow);
                assert_eq!(fast, slow, "{chunk:?}");
            }
        }
        // Any other non-ASCII character: not for this path.
        for chunk in [
            "2×3",
            "a\u{b7}b",
            "a\u{a0}b",
            "x\u{2019}\u{301}",
            "Ωmega",
            "ǅ",
        ] {
            assert!(!typographic_pieces(0, chunk, &mut Vec::new()), "{chunk:?}");
        }
    }

    #[test]
    fn lowercase_is_unicode_s_full_mapping() {
        for w in [
            "Straße",
            "ÄRGER",
            "ΟΔΟΣ",
            "ΣΟΦΟΣ.",
            "ΣΑ",
            "Ǆemal",
            "ﬁne",
            "plain",
        ] {
            assert_eq!(lowercase(w), w.to_lowercase(), "{w}");
        }
        assert_eq!(lowercase("ΟΔΟΣ"), "οδος");
        // Turkish dotted capital I is `i`, with no combining dot.
        assert_eq!(lowercase("İnönü İSTANBUL"), "inönü istanbul");
        // The typographic apostrophe is written as the typewriter's.
        assert_eq!(lowercase("GitHub’s"), "github's");
        assert_eq!(lowercase("DON’T"), "don't");
        assert_eq!(lowercase("ΟΔΟΣ’"), "οδος'");
    }
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Rules::default()).word_texts()
    }

    fn sentences(text: &str) -> Vec<&str> {
        sentences_with(text, Rules::default())
    }

    /// Each text's words are those given.
    fn assert_words(cases: &[(&str, &[&str])]) {
        for &(text, want) in cases {
            assert_eq!(words(text), want, "{text}");
        }
    }

    fn sentences_with(text: &str, rules: Rules) -> Vec<&str> {
        tokenize(text, rules)
            .sentences
            .iter()
            .map(|s| &text[s.span.clone()])
            .collect()
    }

    #[test]
    fn words_follow_unicode_rules() {
        assert_eq!(
            words("It’s the U.S. team’s day."),
            ["It’s", "the", "U.S", "team’s", "day"]
        );
        assert_eq!(words("don't stop"), ["don't", "stop"]);
        assert_eq!(
            words("“Quoted,” he said — twice!"),
            ["Quoted", "he", "said", "twice"]
        );
    }

    /// Addresses in text as newsrooms, press offices, wikis and policy
    /// sites write them (our own sentences): each address is one word,
    /// without the marks that close around it, and ends no sentence.
    #[test]
    fn a_run_longer_than_a_chunk_is_read_in_pieces() {
        // Found by an adversarial test: 63 MB of `.` held 43 times its size
        // as pieces. Past MAX_CHUNK bytes a run is read a piece at a time;
        // its words are the same (but the one a cut falls in).
        let run = "a-|1:[".repeat(MAX_CHUNK / 6 * 2 + 10);
        let t = tokenize(&run, Rules::default());
        let words = t.words.len();
        let expected = 2 * run.len() / 6;
        assert!(words.abs_diff(expected) <= 2, "{words} of {expected}");
        let dots = ".".repeat(MAX_CHUNK * 2 + 3);
        let t = tokenize(&dots, Rules::default());
        assert!(t.words.is_empty());
        assert_eq!(t.sentences.len(), 1);
    }

    #[test]
    fn raw_html_in_markdown_is_markup_not_words() {
        // A README's banner, inline tags, a comment and references.
        let text = "<p align=\"center\">\n  <img width=\"100%\" src=\"https://x.org/a.png?w=1&h=4\">\n</p>\n\n\
            <sup>Photo by <a href=\"https://x.org/@pat\">Pat Tom</a></sup> on <b>Unsplash</b>.<br/>\
            Tom&amp;Jerry&nbsp;run &#8212; &#x2014; fast <!-- note to self --> <BR>\n";
        assert_eq!(
            words(text),
            ["Photo", "by", "Pat", "Tom", "on", "Unsplash", "Tom", "Jerry", "run", "fast"]
        );
        assert_eq!(
            sentences(text),
            [
                "Photo by <a href=\"https://x.org/@pat\">Pat Tom</a></sup> on <b>Unsplash</b>.",
                "Tom&amp;Jerry&nbsp;run &#8212; &#x2014; fast"
            ]
        );
        // Placeholders in angle brackets are text: a licence's, a usage
        // line's, and a tag-like word with words after it.
        assert_eq!(
            words("Copyright (C) <year>  <name of author>, cp <source> <target>; <a list of names> &c; AT&T; a < b > c"),
            ["Copyright", "C", "year", "name", "of", "author", "cp", "source", "target", "a", "list", "of", "names", "c", "AT", "T", "a", "b", "c"]
        );
        // The tables are sorted for their binary search, and a
        // placeholder is an element.
        assert!(HTML_ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(PLACEHOLDER_ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(PLACEHOLDER_ELEMENTS
            .iter()
            .all(|p| HTML_ELEMENTS.contains(p)));
        // Found in review: what follows a comment's `-->` on its last line
        // is text; a fence inside a comment opens no code; `&amp;` in a web
        // address is the address's.
        assert_eq!(
            words("<!-- a note\nspanning --> Real words.\n\n<!--\n```\n-->\n\nProse here.\n\n```\ncode\n```\n\nSee https://x.org/a?x=1&amp;y=2 now."),
            // (`code` is the fenced block's, read as code.)
            ["Real", "words", "Prose", "here", "code", "See", "https://x.org/a?x=1&amp;y=2", "now"]
        );
        // A comment over lines parts paragraphs and holds no words.
        let t = tokenize(
            "One two.\n<!--\nhidden words\n-->\nThree.\n<!-- unclosed\nfour\n",
            Rules::default(),
        );
        assert_eq!(t.word_texts(), ["One", "two", "Three", "unclosed", "four"]);
        assert_eq!(t.paragraphs.len(), 2);
    }

    #[test]
    fn html_tags_over_lines_are_markup() {
        // A README's sponsor block: each tag's attributes on lines of
        // their own, a quoted value wrapped too.
        let text = "# Sponsors\n\n<p align=\"center\">\n<a\n  href=\"https://x.org/?utm_source=readme\"\n  target=\"_blank\"><img\n  width=\"180px\" src=\"https://x.org/logo.png\"\n  alt=\"Acme\n  logo\" /></a>\n</p>\n\nThanks to them.\n";
        assert_eq!(words(text), ["Sponsors", "Thanks", "to", "them"]);
        assert_eq!(sentences(text), ["# Sponsors", "Thanks to them."]);
        // A closing tag's `>` on a line of its own.
        assert_eq!(
            words("<a href=\"x\"\n  ><b>thanks.dev</b></a\n>\n"),
            ["thanks.dev"]
        );
        // Inline, the text around the tag stays in its sentence.
        let text = "Read the <a\n  href=\"https://x.org\">guide</a> first. Then go.";
        assert_eq!(words(text), ["Read", "the", "guide", "first", "Then", "go"]);
        assert_eq!(sentences(text).len(), 2);
        // Not a tag: a comparison, a placeholder, an unclosed `<a` (its
        // attributes never close), or one across a blank line (which ends
        // an HTML block).
        for (text, n) in [
            ("if a <b and\nc> d then", 7),
            ("Copyright <year\nname> here", 4),
            ("<a\n  href=\"x\"\nand then text.", 6),
            ("<a\n\n  href=\"x\">link</a>", 4),
        ] {
            assert_eq!(words(text).len(), n, "{text}");
        }
    }

    #[test]
    fn restructuredtext_literal_blocks_are_code() {
        // After a paragraph ending `::`, the lines indented beyond it are
        // code (blank lines among them), up to the first line that is not.
        let text = "Make one like this::\n\n    t = Timer(5)\n\n    t.start()  # begins. Now.\n\nA stopped timer restarts.\n";
        let t = tokenize(text, Rules::default());
        assert_eq!(t.code.len(), 1);
        assert_eq!(
            &text[t.code[0].clone()],
            "    t = Timer(5)\n\n    t.start()  # begins. Now."
        );
        assert_eq!(
            sentences(text),
            [
                "Make one like this::",
                "t = Timer(5)",
                "t.start()  # begins. Now.",
                "A stopped timer restarts."
            ]
        );
        // In a list item, beyond the item's text.
        let text = "- Run::\n\n    $ timer --seconds 5\n\n  The timer starts.\n";
        let t = tokenize(text, Rules::default());
        assert_eq!(t.code.len(), 1);
        assert_eq!(t.word_texts().last(), Some(&"starts"));
        // A code directive, its options too, is markup and its body code;
        // another directive's body is prose.
        let text = ".. code-block:: console\n    :caption: Shell\n\n    $ timer --name kitchen\n    Timer kitchen started.\n\n.. note::\n\n    A stopped timer restarts.\n";
        let t = tokenize(text, Rules::default());
        assert_eq!(t.code.len(), 1);
        assert_eq!(
            t.word_texts(),
            [
                "timer", "name", "kitchen", "Timer", "kitchen", "started", "A", "stopped", "timer",
                "restarts"
            ]
        );
        assert!(t
            .sentences
            .iter()
            .any(|s| &text[s.span.clone()] == "A stopped timer restarts."));
        // Without an indented block after it, `::` opens none.
        let t = tokenize(
            "Options::\nverbose and quiet.\n\nMore text.\n",
            Rules::default(),
        );
        assert!(t.code.is_empty());
    }

    #[test]
    fn underlined_titles_are_one_sentence() {
        let long = "CVE-2031-0001: Possible denial of service in the parser when a document holds deeply nested lists of items";
        let text = format!(
            "========\nPump FAQ\n========\n\nDoes the pump need oil?\n^^^^^^^^^^^^^^^^^^^^^^^\n\nNo. The seals are dry.\n\n{long}\n{}\n\n#. Unpack the pump.\n#. Read the sheet.\n",
            "~".repeat(long.len())
        );
        assert_eq!(
            sentences(&text),
            [
                "========\nPump FAQ\n========".to_string(),
                "Does the pump need oil?\n^^^^^^^^^^^^^^^^^^^^^^^".to_string(),
                "No.".to_string(),
                "The seals are dry.".to_string(),
                format!("{long}\n{}", "~".repeat(long.len())),
                "#. Unpack the pump.".to_string(),
                "#. Read the sheet.".to_string(),
            ]
        );
        // A rule shorter than its line, in other than `=` or `-`, is none;
        // in those, only under a line that reads as a title.
        assert_eq!(sentences("Is it done?\n~~~\n").len(), 2);
        assert_eq!(sentences("Setup\n---\n"), ["Setup\n---"]);
        assert_eq!(
            sentences(
                "seems some forms did not survive. it is not npov to say so. --dm\n=========\n"
            )
            .len(),
            3
        );
    }

    #[test]
    fn a_simple_tables_rows_are_paragraphs() {
        let text = "=======  ==========\nRelease  Python\n=======  ==========\n5.1      3.10 to 3.13\n5.2      3.10 to 3.13\n=======  ==========\n";
        assert_eq!(
            sentences(text),
            [
                "=======  ==========",
                "Release  Python",
                "=======  ==========",
                "5.1      3.10 to 3.13",
                "5.2      3.10 to 3.13",
                "=======  ==========",
            ]
        );
        for line in ["=== ===", "==  ==  ==", "====================  ======="] {
            assert!(simple_table_border(line), "{line}");
        }
        for line in ["========", "= = =", "== x ==", "- ----", ""] {
            assert!(!simple_table_border(line), "{line}");
        }
    }

    #[test]
    fn a_definition_lists_terms_are_sentences() {
        let text = "``--dry-run``\n    Shows what would happen. Nothing is written.\nslug\n    A short label for something\n-v, --verbose\n    Print more.\n";
        assert_eq!(
            sentences(text),
            [
                "``--dry-run``",
                "Shows what would happen.",
                "Nothing is written.",
                "slug",
                "A short label for something",
                "-v, --verbose",
                "Print more.",
            ]
        );
        // A wrapped item under its text, a sentence wrapped with a hanging
        // indent, a line going on in lower case: no terms.
        for text in [
            "Der Mieter zahlt monatlich\n    Miete und Nebenkosten an den Vermieter.\n",
            "Notwithstanding Section\n    Five, the Tenant may leave.\n",
            "b) Psychologischen Psychotherapeutinnen und Psychologischen\n   Psychotherapeuten mit einer Ausbildung.\n",
            "1.1.5.2 Brennschneiden und Schweißen\n        sind nur zulässig.\n",
            "The pump needs oil every\n    week of the season.\n",
            "Water the garden\n    only at night.\n",
            "Intro paragraph here\nslug\n    A short label.\n",
        ] {
            assert_eq!(sentences(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn explicit_markup_and_fields_open_items() {
        // Link targets one after the other: one sentence each (they had
        // run into one, and a target added read as an edit).
        let text = ".. _Board: https://example.org/board\n.. _wiki: https://example.org/wiki\n.. [1] A note here. It goes on.\n..\n   a comment\n";
        assert_eq!(
            sentences(text),
            [
                ".. _Board: https://example.org/board",
                ".. _wiki: https://example.org/wiki",
                ".. [1] A note here.",
                "It goes on.",
                "..\n   a comment",
            ]
        );
        // A link's target after its text is shown to no reader.
        assert_eq!(
            words("See :ref:`the guide <wiring-intro>` and `the manual <https://x.org/m>`_."),
            ["See", "the", "guide", "and", "the", "manual"]
        );
        // Inside a paragraph `..` opens no comment; an empty comment
        // hides no block quote after a blank line.
        assert_eq!(words("He paused\n.. and then left.").len(), 5);
        assert_eq!(words("Intro.\n\n..\n\n    A quote readers see.").len(), 5);
        // A comment's lines are sentences without words.
        assert_eq!(
            words("Shown.\n\n.. Hidden from readers.\n   Hidden too.\n\n..\n   Hidden.\n\nShown."),
            ["Shown", "Shown"]
        );
        // A comment ends on a blank line, a line indented under it or more
        // markup; one a line of text goes on from, unindented, is text (a
        // fortune's `.. I used to get in more fights` / `now, …`).
        assert_eq!(
            words("Shown.\n\n.. Hidden.\n.. Hidden too.\n\n.. Shown, as\ntext is."),
            ["Shown", "Shown", "as", "text", "is"]
        );
        assert_eq!(words("Shown.\n\n.. Hidden at the end."), ["Shown"]);
        // A directive's option, and each field of a list.
        let text = ".. module:: lamps.core\n   :synopsis: Lamp classes.\n\n:param path: Where to install. Must\n    exist.\n:param force: Overwrite files.\n";
        assert_eq!(
            sentences(text),
            [
                ".. module:: lamps.core",
                ":synopsis: Lamp classes.",
                ":param path: Where to install.",
                "Must\n    exist.",
                ":param force: Overwrite files.",
            ]
        );
        // A role opening a line goes on the sentence wrapped before it.
        let text = "The switch_on method of\n:class:`Lamp` lights it.\n";
        assert_eq!(sentences(text).len(), 1);
        for line in [
            ":class:`Lamp` lights",
            ":: literal",
            ": colon",
            "...and so",
            ":a:b: c",
        ] {
            assert!(!explicit_markup_or_field(line), "{line}");
        }
    }

    #[test]
    fn a_substitution_opening_a_line_is_no_table_row() {
        let text = "Ask on the board or on the\n|lamp-users| mailing list if the manual does not answer it. Thanks.\n";
        assert_eq!(
            sentences(text),
            [
                "Ask on the board or on the\n|lamp-users| mailing list if the manual does not answer it.",
                "Thanks."
            ]
        );
        // Tables' rows still are, with spaces in their bars or not.
        for row in [
            "| a | b |",
            "|a|b|",
            "| Required | yes",
            "|+ caption'|- style=x",
        ] {
            assert_eq!(line_kind(row), LineKind::TableRow, "{row}");
        }
    }

    /// Italian typed without accented keys writes `e'` for `è`: in a text
    /// that does so, the apostrophe is its word's (`e'` is, `e` and, were
    /// one word). A quotation's apostrophes, opening as often as they
    /// close, and elisions (`c'era`, `l'uomo`) are read as before.
    #[test]
    fn accents_written_as_apostrophes_stay_with_their_words() {
        let italian = "Perche' non va? E' semplice: piu' si prova, meno va. C'e' chi dice si', chi da' torto a 'sto mondo. La vita e' bella e dura.";
        assert!(accent_apostrophes(italian));
        assert_eq!(
            words(italian),
            [
                "Perche'", "non", "va", "E'", "semplice", "piu'", "si", "prova", "meno", "va", "C",
                "e'", "chi", "dice", "si'", "chi", "da'", "torto", "a", "sto", "mondo", "La",
                "vita", "e'", "bella", "e", "dura"
            ]
        );
        // A quotation's closing `'` after a vowel is no accent, even in
        // such a text (`search '~nnome'`). (`c'` is an elision, split off
        // as everywhere.)
        let command = format!("{italian} Usa aptitude search '~nnome_pacchetto' ora.");
        assert!(
            words(&command).contains(&"nnome_pacchetto"),
            "{:?}",
            words(&command)
        );
        // English quotations, and too few accents, leave the text as it was.
        for text in [
            "She said 'hello' and 'go' to me. The students' books.",
            "Un po' di pane.",
            "He said 'Ciao' and 'Addio' and 'Arrivederci' and 'Ecco' to us.",
        ] {
            assert!(!accent_apostrophes(text), "{text}");
        }
        assert_eq!(words("Un po' di pane."), ["Un", "po", "di", "pane"]);
    }

    #[test]
    fn title_small_words_are_sorted_for_their_search() {
        assert!(TITLE_SMALL_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(HIDDEN_DIRECTIVES.windows(2).all(|w| w[0] < w[1]));
    }

    /// reStructuredText markup that shows none of its text is no words: a
    /// table of contents and its documents, an image, an include, index
    /// entries, a module's name, link targets, substitutions' definitions,
    /// and every directive's options. What a reader sees keeps its words:
    /// a figure's caption, a note's text, a signature, the fields of a
    /// function's body.
    #[test]
    fn restructuredtext_markup_shown_to_no_reader_is_no_words() {
        assert_words(&[
            (
                ".. toctree::\n   :maxdepth: 2\n   :caption: Contents\n\n   intro\n   api\n\nAfter the list.",
                &["After", "the", "list"],
            ),
            (
                ".. image:: _images/admin01.png\n   :alt: Django admin login screen\n   :width: 508\n\nText.",
                &["Text"],
            ),
            // Right under a heading's underline, as Django's release notes
            // set their tables of contents (the versions had been words).
            (
                "4.1 release\n-----------\n.. toctree::\n   :maxdepth: 1\n\n   4.1.1\n   4.1\n\nOlder.",
                &["4.1", "release", "Older"],
            ),
            (
                "Lamps\n=====\n.. note::\n   Lamps get hot.\n",
                &["Lamps", "Lamps", "get", "hot"],
            ),
            (
                ".. include:: ../CHANGES.rst\n\n.. index:: pair: lamp; driver\n\n.. module:: lamp.drivers\n   :synopsis: The drivers of lamps\n\nText.",
                &["Text"],
            ),
            (
                "See the page_.\n\n.. _page: https://x.org/p\n.. _Django project page: https://x.org/d\n.. __: https://x.org/a\n.. _`a: b`: https://x.org/b\n.. |logo| image:: logo.png\n   :target: https://x.org\n.. |name| replace:: Lamp Works\n",
                &["See", "the", "page"],
            ),
            (
                ".. autoclass:: Command\n   :members:\n   :member-order: bysource\n\n.. note::\n   :class: wide\n\n   Lamps get hot.",
                &["Command", "Lamps", "get", "hot"],
            ),
            (
                ".. figure:: lamp.png\n   :scale: 50%\n\n   A lamp, lit.",
                &["A", "lamp", "lit"],
            ),
            // A body's fields and nested directives are shown: no options.
            (
                ".. function:: dim(level)\n\n    :param level: how dim\n\n.. class:: Year\n\n    .. attribute:: lookup_name = 'year'",
                &["dim(level)", "param", "level", "how", "dim", "Year", "lookup_name", "year"],
            ),
            // A field list of its own, and a field after text, are words.
            (
                ":Author: Ann Lee\n:Version: 2\n\nText here\n:Note: kept",
                &["Author", "Ann", "Lee", "Version", "2", "Text", "here", "Note", "kept"],
            ),
        ]);
        // A directive's options no longer make sentences of prose.
        let t = tokenize(
            ".. autoclass:: Command\n   :members:\n\nLamps get hot.",
            Rules::default(),
        );
        assert_eq!(t.words.len(), 4);
    }

    #[test]
    fn a_literal_or_a_role_opens_a_sentence() {
        assert_eq!(
            sentences("It takes :func:`dim()`. ``color`` and ``hue`` pass on. Install one. :pypi:`lampdrv` works. See :py:meth:`x`."),
            [
                "It takes :func:`dim()`.",
                "``color`` and ``hue`` pass on.",
                "Install one.",
                ":pypi:`lampdrv` works.",
                "See :py:meth:`x`."
            ]
        );
        // A French colon after the end still goes on (`etc. : la suite`).
        assert_eq!(sentences("Les fruits, etc. : la suite.").len(), 1);
        // A role's name and a directive's are markup, no words; their
        // text and arguments are words. A comment (`.. and then …`) and a
        // link target (`.. _lampdrv: https://…`, as a Markdown link's
        // definition) are shown to no reader: no words.
        assert_eq!(
            words("See :py:meth:`dim` and :class:`Lamp`.\n\n.. versionadded:: 5.0\n\n.. note::\n\n.. _lampdrv: https://x.org/l\n\n.. and then he left.\n"),
            ["See", "dim", "and", "Lamp", "5.0"]
        );
        assert_eq!(
            sentences(".. versionadded:: 5.0\n\nText here."),
            [".. versionadded:: 5.0", "Text here."]
        );
    }

    #[test]
    fn wrapped_list_items_go_on() {
        // In a block of long lines (each a paragraph), an item wrapped
        // mid-sentence goes on into the line indented under its text, or
        // after a comma or a function word into any lower-case line.
        let long = "- `maxSockets` - the most sockets a pool keeps open to one host at a time, for all requests made through it";
        let text = format!(
            "{long}\n- `proxyHeaderWhiteList` - a list of the headers to send to a\n  tunneling proxy.\n- `passCommand`: whether to pass the command to the handler,\nor just the options.\n{long}\n"
        );
        let t = tokenize(&text, Rules::default());
        assert_eq!(t.paragraphs.len(), 4, "{:?}", sentences(&text));
        assert_eq!(
            sentences(&text)[1],
            "- `proxyHeaderWhiteList` - a list of the headers to send to a\n  tunneling proxy."
        );
        // An item ending on a content word before a line that is not
        // indented under it, or a new item, stays apart.
        let text = format!("{long}\n- a list of the headers sent\nplain line here\n{long}\n");
        assert_eq!(tokenize(&text, Rules::default()).paragraphs.len(), 4);
        // A long line before one opening on a function word goes on —
        // unless both open on it, as items set in parallel do.
        let a = "You may change the flags and the description by passing more parameters to the `version` method, using";
        let b = "the same syntax for flags as the `option` method. The version flags can be named anything you like at all.";
        let paragraphs = |a: &str, b: &str| {
            tokenize(&format!("{a}\n{b}\n"), Rules::default())
                .paragraphs
                .len()
        };
        assert_eq!(paragraphs(a, b), 1);
        let a = "if concatenating str objects, you can build a list and use str.join() at the end or else write to a buffer";
        let b = "if concatenating bytes objects, you can similarly use bytes.join() or io.BytesIO, or do in-place concatenation";
        assert_eq!(paragraphs(a, b), 2);
    }

    #[test]
    fn roman_numerals_are_read_as_written() {
        for (w, v) in [
            ("II", 2),
            ("IV", 4),
            ("XL", 40),
            ("XIV", 14),
            ("XC", 90),
            ("CXLIX", 149),
        ] {
            assert_eq!(roman_value(w), Some(v), "{w}");
        }
        for w in ["LLC", "IIII", "VX", "IC", "XXXX", "VV", "ILL"] {
            assert_eq!(roman_value(w), None, "{w}");
        }
        // Found in review: a wrapped line that starts with a numeral (or
        // letters that are none) goes on with its sentence; a bold line
        // inside a paragraph is emphasis; a dash after a short caption
        // is an item.
        assert_eq!(
            sentences("Example Holdings\nLLC. All rights reserved here.\n\nIt was described in section\nII. The results are in section III.\n\nSome text that wraps onto\n**the next line in bold**\nand continues after.\n\nChanges in this release\n- fixed the installer on Windows"),
            [
                "Example Holdings\nLLC.",
                "All rights reserved here.",
                "It was described in section\nII.",
                "The results are in section III.",
                "Some text that wraps onto\n**the next line in bold**\nand continues after.",
                "Changes in this release",
                "- fixed the installer on Windows"
            ]
        );
    }

    #[test]
    fn paths_are_one_word() {
        assert_eq!(
            words("Edit /etc/apt/sources.list and (~/.bashrc), run ./configure or ../x.sh; see /usr/share/doc/."),
            ["Edit", "/etc/apt/sources.list", "and", "~/.bashrc", "run", "./configure", "or", "../x.sh", "see", "/usr/share/doc/"]
        );
        // Not paths: a slash between words, a fraction, a unit, a lone
        // slash.
        assert_eq!(
            words("and/or 1/2 km/h a / b"),
            ["and", "or", "1", "2", "km", "h", "a", "b"]
        );
        assert!(is_link("/etc/fstab") && is_link("~/.bashrc"));
    }

    #[test]
    fn a_numbers_plural_is_one_word() {
        // `1970's` had been `1970` and a word `s` (128 times in the
        // benchmark prose: `the 1980's`).
        let cases: &[(&str, &[&str])] = &[
            ("the 1970's and 80’s", &["the", "1970's", "and", "80’s"]),
            ("Q3's results", &["Q3's", "results"]),
            // A quotation's mark, or another letter: as before.
            ("'4 's' and 1970'd", &["4", "s", "and", "1970", "d"]),
        ];
        assert_words(cases);
    }

    #[test]
    fn bracketed_endings_join_their_word() {
        // A word's optional ending or part in brackets is read with it:
        // `court(s)` had been two words, the second `s` (203 in the CIA
        // Factbook's text, `male(s)` 160 in ../shared's statistics).
        let cases: &[(&str, &[&str])] = &[
            ("the court(s) of", &["the", "court(s)", "of"]),
            ("address(es), Fußnote(n).", &["address(es)", "Fußnote(n)"]),
            ("Mitarbeiter(innen) und", &["Mitarbeiter(innen)", "und"]),
            (
                "Laub(misch)wälder, Benzo(a)pyren",
                &["Laub(misch)wälder", "Benzo(a)pyren"],
            ),
            ("word(s)-based", &["word(s)-based"]),
            // Not an ending: as before.
            (
                "f(x) and 5(a) or 230(c)(1)",
                &["f", "x", "and", "5", "a", "or", "230", "c", "1"],
            ),
            (
                "Section(A) and word (s) and (s)he",
                &["Section", "A", "and", "word", "s", "and", "s", "he"],
            ),
            ("word(plural)", &["word", "plural"]),
        ];
        assert_words(cases);
    }

    #[test]
    fn markdown_link_addresses_and_labels_are_no_words() {
        // What a reader of the rendered page sees, no more: a link's or
        // image's address, a reference link's label and a line defining
        // one are no words (a README's badges had counted two or three
        // words each; 3.9% of 129 npm READMEs' words were these).
        let cases: &[(&str, &[&str])] = &[
            (
                "see [the guide](https://x.org/guide).",
                &["see", "the", "guide"],
            ),
            // (A title, shown on hovering, stays words.)
            ("[a](<https://x.org/a> \"Tip\") c", &["a", "Tip", "c"]),
            (
                "[a](https://en.wikipedia.org/wiki/Mercury_(planet)) b",
                &["a", "b"],
            ),
            ("[a](docs/install.md) and [b](#usage)", &["a", "and", "b"]),
            // Addresses of other schemes, and in angle brackets (found by
            // an adversarial test: a pasted image's counted millions).
            (
                "[call](tel:+15550100), [x](javascript:void(0)) or ![c](data:image/png;base64,iVBORw0KGgo/AAAA)",
                &["call", "x", "or"],
            ),
            ("[isbn](urn:isbn:0451450523) [f](<file.pdf>) [0,1](a,b)", &["isbn", "f", "0,1", "a", "b"]),
            // A pasted image's address of kilobytes, closed or not (found
            // by a review: only the first 2 KiB had been looked through).
            (
                &format!("![chart](data:image/png;base64,{}) done", "iVBORw0KGgo/AAAA".repeat(400)),
                &["done"],
            ),
            (
                &format!("![chart](data:image/png;base64,{}", "iVBORw0KGgo/AAAA".repeat(400)),
                &[],
            ),
            // An emoji's shortcode, shown as its picture (not a field
            // first on its line, nor a role, nor a time).
            (
                "| Streams | :heavy_check_mark: | :x: |\nDone :tada:",
                &["Streams", "Done"],
            ),
            (
                ":synopsis: Lamps. See :ref:`guide` at 10:30: now",
                &["synopsis", "Lamps", "See", "guide", "at", "10:30", "now"],
            ),
            // An image's alternative text too: the reader sees the image.
            (
                "[![npm](https://img.shields.io/npm/v/lamp.svg)](https://npmjs.org/lamp)",
                &[],
            ),
            (
                "See ![the logo](logo.png) here! Or ![a [b] c][logo].",
                &["See", "here", "Or"],
            ),
            (
                "Wow! [no image] and !important (x)",
                &["Wow", "no", "image", "and", "important", "x"],
            ),
            (
                "Read [the FAQ][faq] first",
                &["Read", "the", "FAQ", "first"],
            ),
            ("[guide][1] and [x][]", &["guide", "and", "x"]),
            ("| [![][gts]][g10] |", &[]),
            ("[npm-url]: https://npmjs.org/package/lamp", &[]),
            ("  [Guide]: <https://x.org/g> \"The guide\"", &[]),
            ("[logo]: img/logo.png\n[top]: #top\nText.", &["Text"]),
            // Not a link's: words as before.
            (
                "m[1][2] and ended.[3][4]",
                &["m", "1", "2", "and", "ended", "3", "4"],
            ),
            (
                "[0,1](a,b) (https://x.org) <https://x.org/b>",
                &["0,1", "a", "b", "https://x.org", "https://x.org/b"],
            ),
            ("[Note]: Important", &["Note", "Important"]),
            (
                "[Note]: each paid a third",
                &["Note", "each", "paid", "a", "third"],
            ),
            (
                "Text [1]: https://x.org/a",
                &["Text", "1", "https://x.org/a"],
            ),
        ];
        assert_words(cases);
    }

    #[test]
    fn web_and_email_addresses_are_one_word() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Read the report at https://www.gao.gov/products/gao-24-105.",
                &[
                    "Read",
                    "the",
                    "report",
                    "at",
                    "https://www.gao.gov/products/gao-24-105",
                ],
            ),
            (
                "Media contact: Jane Roe, jane.roe@example.org, 555-0100.",
                &[
                    "Media",
                    "contact",
                    "Jane",
                    "Roe",
                    "jane.roe@example.org",
                    "555-0100",
                ],
            ),
            // A Markdown link's address is shown to no reader: no word.
            (
                "see [our terms](https://docs.github.com/en/site-policy/terms).",
                &["see", "our", "terms"],
            ),
            (
                "visit <https://example.com/list>,",
                &["visit", "https://example.com/list"],
            ),
            (
                "(https://en.wikipedia.org/wiki/Mercury_(planet))",
                &["https://en.wikipedia.org/wiki/Mercury_(planet)"],
            ),
            (
                "https://example.com/search?q=a&b=c#top and",
                &["https://example.com/search?q=a&b=c#top", "and"],
            ),
            (
                "unter https://www.bundesregierung.de/breg-de/aktuelles.",
                &["unter", "https://www.bundesregierung.de/breg-de/aktuelles"],
            ),
            (
                "« https://www.legifrance.gouv.fr/ »",
                &["https://www.legifrance.gouv.fr/"],
            ),
            ("“https://x.org/”", &["https://x.org/"]),
            (
                "Write (mailto:press@example.com).",
                &["Write", "mailto:press@example.com"],
            ),
            (
                "[Privacy](/site-policy/privacy-policies) and [a](../b/c.md)",
                &["Privacy", "and", "a"],
            ),
            // A path of folders without a `/` first is an address as one
            // with it (a policy's only change had counted −2 words).
            (
                "see [quota](github/managing-large-files/what-is-my-disk-quota).",
                &["see", "quota"],
            ),
            ("[0,1](a/b,c)", &["0,1", "a", "b", "c"]),
            ("file:///etc/hosts", &["file:///etc/hosts"]),
            (
                "the URL:https://x.org/a",
                &["the", "URL", "https://x.org/a"],
            ),
            // A place in the page, and an image's file: one address each.
            (
                "see [Cancellation](#l-cancellation-and-termination) below",
                &["see", "Cancellation", "below"],
            ),
            ("![map_2012.jpg](map_2012_j0001.jpg)", &[]),
            // Brackets that are no link's: as before.
            (
                "[high](see:table) [0,1](a,b) [said](...) [x](#-) [y](./)",
                &["high", "see:table", "0,1", "a", "b", "said", "x", "y"],
            ),
            // No address: as before.
            (
                "Note: a 3:2 ratio and/or @handle at example.com [1] (2)",
                &[
                    "Note",
                    "a",
                    "3:2",
                    "ratio",
                    "and",
                    "or",
                    "handle",
                    "at",
                    "example.com",
                    "1",
                    "2",
                ],
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(words(text), want, "{text}");
            for w in words(text) {
                assert_eq!(
                    is_link(w),
                    w.contains(['/', '@'])
                        || w.starts_with('#')
                        || w.ends_with(".jpg")
                        || w.ends_with(".com"),
                    "{w}"
                );
            }
        }
        assert_eq!(
            sentences("Visit https://example.com. Then go. Mail a@b.org! Done."),
            [
                "Visit https://example.com.",
                "Then go.",
                "Mail a@b.org!",
                "Done."
            ]
        );
        assert!(is_link("https://x.org") && is_link("a@b.org") && !is_link("U.S"));
    }

    /// A standard's or a clause's name (`H.263`, `D.4`) and a unit's power
    /// (`km²`) are one word each: `263` and `²` had been words (and
    /// numbers) of their own, 5% of an article on a video codec.
    #[test]
    fn letter_number_names_and_powers_are_one_word() {
        assert_eq!(
            words("The H.263 codec, Section D.4 and v.2.0 cover 12 km² and 3 m³."),
            [
                "The", "H.263", "codec", "Section", "D.4", "and", "v.2.0", "cover", "12", "km²",
                "and", "3", "m³"
            ]
        );
        // A letter that ends a sentence before a number stays apart.
        assert_eq!(words("Plan B. 263 came."), ["Plan", "B", "263", "came"]);
        assert_eq!(words("the h.263 codec"), ["the", "h.263", "codec"]);
    }

    /// A version's wildcard (`1.14.x`, `v2.x`) is one word: its `x` had been
    /// a word of its own (150 of 668 READMEs, changelogs and licences of
    /// npm and crates.io packages write one).
    #[test]
    fn version_wildcards_are_one_word() {
        assert_eq!(
            words("Use `1.14.x` or v2.x on Node 14.x; Python 3.X works. See 4.x."),
            [
                "Use", "1.14.x", "or", "v2.x", "on", "Node", "14.x", "Python", "3.X", "works",
                "See", "4.x"
            ]
        );
        // Not a letter after a name, a word after a number, nor a
        // sentence's end before a capital X.
        assert_eq!(words("ab.x 2.xy 1.x2"), ["ab.x", "2", "xy", "1", "x2"]);
        assert_eq!(
            sentences("It ran 14.x. X came later."),
            ["It ran 14.x.", "X came later."]
        );
    }

    #[test]
    fn ordinal_marks_are_one_word_with_what_they_follow() {
        assert_eq!(
            words("O artigo 13.º, a 2.ª fase, o 3.er día, los 1.os y n.º 5 da Sr.ª Lima."),
            [
                "O", "artigo", "13.º", "a", "2.ª", "fase", "o", "3.er", "día", "los", "1.os", "y",
                "n.º", "5", "da", "Sr.ª", "Lima"
            ]
        );
        // Letters after a longer number are a word of their own.
        assert_eq!(words("in 2019.er ist"), ["in", "2019", "er", "ist"]);
    }

    #[test]
    fn dutch_clitic_articles_open_sentences() {
        assert_eq!(
            sentences("Het was druk. ’s Avonds kwam de regen. ’t Hooft won. Zo ging het."),
            [
                "Het was druk.",
                "’s Avonds kwam de regen.",
                "’t Hooft won.",
                "Zo ging het."
            ]
        );
        assert_eq!(
            sentences("Ik woon in Utrecht. ’s-Hertogenbosch is ver."),
            ["Ik woon in Utrecht.", "’s-Hertogenbosch is ver."]
        );
        // Not before a lower-case word: `’s avonds` goes on.
        assert_eq!(
            sentences("Hij kwam om 8 u. ’s avonds thuis."),
            ["Hij kwam om 8 u. ’s avonds thuis."]
        );
    }

    #[test]
    fn a_note_is_looked_for_at_the_end_only() {
        // Brackets nested deep (a hostile file) end no prose, and are
        // stripped one search of a few bytes at a time.
        let n = 20_000;
        let nested = format!("{}x{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(prose_end(&nested), None);
        assert_eq!(prose_end(&format!("{nested}.")), Some(ProseEnd::Sentence));
        assert_eq!(strip_note("It grew.[12]"), Some("It grew."));
        assert_eq!(strip_note("Dear Anna,</figcaption>"), Some("Dear Anna,"));
        assert_eq!(strip_note("A long [bracketed aside]"), None);
    }

    #[test]
    fn prose_ends_with_a_sentence_or_clause_mark_behind_closers_and_notes() {
        let prose = [
            "The board met on Tuesday.",
            "Was the vote lawful?",
            "He said: “We will appeal.”",
            "(See the annex.)",
            "**Payment is due within 30 days.**",
            "the fee is waived for students.[3]",
            "as the court held.[^12]",
            "as the court held.²",
            "| The user must agree to the terms. |",
            "Die folgenden Stoffe sind ausgenommen:",
            "2. mit dem Verlust der Fähigkeit zur Bekleidung öffentlicher Ämter,",
            "a) die Einfuhr;",
            "市议会周二开会。",
            "هل هذا صحيح؟",
            "It ends here.</p>",
            "Wait for it…",
            "But I cannot believe it of you.--",
            "“Is he gone already?”—",
        ];
        for s in prose {
            assert!(ends_as_prose(s), "{s}");
        }
        let not_prose = [
            "## § 3 Bewertungsgrundlage",
            "* * 258",
            "* 0,0039",
            "* BayWa Aktiengesellschaft",
            "| Berlin | 3,6 Mio. Einwohner |",
            "Terms of Service",
            "Figure 2: a map",
            "See section [5]",
            // An index's entry: the links to its places, parted by commas.
            "statement, [1]",
            "RFC 7231, [1], [2], [3]",
            "Photo: Jane Doe / Example Agency",
            "It was a long--",
            "",
            "   ",
        ];
        for s in not_prose {
            assert!(!ends_as_prose(s), "{s}");
        }
    }

    /// Headings numbered to five levels, or with a no-break space after
    /// the number (converted manuals), keep their number.
    #[test]
    fn deep_and_no_break_heading_numbers_stay_with_their_heading() {
        for (text, heading) in [
            (
                "12.3.2.3.1. Booting from the network\n\nThe server sends the parameters.\n",
                "12.3.2.3.1. Booting from the network",
            ),
            (
                "1.1.\u{a0}Dynamique du projet\n\nVoici quelques observations.\n",
                "1.1.\u{a0}Dynamique du projet",
            ),
        ] {
            let got = sentences(text);
            assert_eq!(got.len(), 2, "{got:?}");
            assert_eq!(got[0], heading);
        }
    }

    /// Code and tables as READMEs, policies and converted pages hold them
    /// (our own texts).
    #[test]
    fn fenced_code_is_code_and_table_cells_are_not_run_together() {
        let readme = "## Install\n\nRun this:\n\n```shell\npip install example\n\nexample --help\n```\n\nThen read the docs.\n";
        let t = tokenize(readme, Rules::default());
        assert_eq!(t.code.len(), 1);
        assert_eq!(
            &readme[t.code[0].clone()],
            "```shell\npip install example\n\nexample --help\n```"
        );
        let prose: Vec<&str> = t
            .sentences
            .iter()
            .filter(|s| !t.in_code(s.span.start))
            .map(|s| &readme[s.span.clone()])
            .collect();
        assert_eq!(prose, ["## Install", "Run this:", "Then read the docs."]);
        // Each code line is a sentence and a paragraph of its own (a
        // diff compares code line by line).
        assert!(t
            .sentences
            .iter()
            .any(|s| &readme[s.span.clone()] == "example --help"));
        // Tildes; a longer closing fence; a fence inside a longer one.
        let t = tokenize("~~~\ncode\n~~~~\n\nText.\n", Rules::default());
        assert_eq!(t.code.len(), 1);
        let t = tokenize("````\n```\ninner\n```\n````\nText.\n", Rules::default());
        assert_eq!(t.code.len(), 1);
        assert_eq!(t.code[0], 0..23);
        // Not code: an unclosed fence, a fence indented four spaces, a
        // backtick fence whose info string holds a backtick, `` inline.
        for text in [
            "We wrote ``` by mistake.\n\n```\nStill prose here.\n",
            "    ```\n    indented\n    ```\n",
            "```a`b\nx\n```a`b\n",
            "Use ``code`` inline.\n",
        ] {
            assert!(tokenize(text, Rules::default()).code.is_empty(), "{text}");
        }
        // A fence's info string is no word: ```` ```shell ```` for
        // ```` ``` ```` adds none.
        let words = |text: &str| tokenize(text, Rules::default()).words.len();
        assert_eq!(
            words("Run:\n\n```shell\nls -l\n```\n"),
            words("Run:\n\n```\nls -l\n```\n")
        );
        // reStructuredText's headings underlined with backticks or tildes
        // are headings, the prose between them prose.
        let rst = "First part\n``````````\n\nThe server starts.\n\nSecond part\n```````````\n\nStop it.\n";
        assert!(tokenize(rst, Rules::default()).code.is_empty());
        assert_eq!(words(rst), 9);
        let rst = "Install\n~~~~~~~\n\nRun the script.\n\nUse\n~~~\n";
        assert!(tokenize(rst, Rules::default()).code.is_empty());
        // … but a fence shorter than the lead-in above it opens code.
        for md in [
            "Run this:\n```\nmake all\n```\n",
            "Or:\n```\nmake all\n```\n",
        ] {
            assert_eq!(tokenize(md, Rules::default()).code.len(), 1, "{md}");
        }
        // A Markdown escape inside a name is one word (`iter\_lines`).
        assert_eq!(words("Use iter\\_lines and cache\\_size\\_max."), 4);
        // A Markdown table: a row is a paragraph, a cell a sentence.
        let table = "| Purpose | Description |\n|:---|:---|\n| Required | We use required cookies. They log you in. |\n";
        assert_eq!(
            sentences(table),
            [
                "| Purpose",
                "| Description",
                "|",
                "|:---",
                "|:---",
                "|",
                "| Required",
                "| We use required cookies.",
                "They log you in.",
                "|"
            ]
        );
        assert_eq!(tokenize(table, Rules::default()).paragraphs.len(), 3);
    }

    #[test]
    fn decimals_and_thousands_stay_one_number() {
        assert_eq!(
            words("$4.2 million for 1,250 people"),
            ["4.2", "million", "for", "1,250", "people"]
        );
        assert_eq!(words("3,5 Prozent"), ["3,5", "Prozent"]);
        assert_eq!(words("1\u{a0}250 habitants"), ["1\u{a0}250", "habitants"]);
        assert_eq!(words("1\u{202f}250,5 €"), ["1\u{202f}250,5"]);
        assert_eq!(
            words("at 7:30 p.m. in 4:02.51"),
            ["at", "7:30", "p.m", "in", "4:02.51"]
        );
        assert_eq!(
            words("won 5–2 in 2024–25 — a – b"),
            ["won", "5–2", "in", "2024–25", "a", "b"]
        );
    }

    #[test]
    fn hyphenated_compounds_are_one_word() {
        assert_eq!(
            words("a well-known 28-year-old"),
            ["a", "well-known", "28-year-old"]
        );
        assert_eq!(
            words("COVID-19 — and -- dashes - here"),
            ["COVID-19", "and", "dashes", "here"]
        );
        assert_eq!(words("Nord‐Süd"), ["Nord‐Süd"]);
        // An en dash between letters joins as a hyphen does (a hyphen set
        // as an en dash had been a word more in a diff); spaced, or as an
        // em dash, it parts words.
        assert_eq!(
            words("the Paley–Wiener theorem, London–Paris, 3–5, a – b, yes—no"),
            [
                "the",
                "Paley–Wiener",
                "theorem",
                "London–Paris",
                "3–5",
                "a",
                "b",
                "yes",
                "no"
            ]
        );
    }

    #[test]
    fn numbers_are_recognized() {
        assert!(is_number("2024"));
        assert!(is_number("1,250"));
        assert!(is_number("4:02.51"));
        assert!(!is_number("1990s"));
        assert!(!is_number("word"));
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "Mr. Smith met Dr. Jones and Gen. J. R. Whitfield at St. Mary’s. They talked."
            ),
            [
                "Mr. Smith met Dr. Jones and Gen. J. R. Whitfield at St. Mary’s.",
                "They talked."
            ]
        );
        assert_eq!(
            sentences(
                "The U.S. Department of Labor said so. It opens at 8 a.m. Vendors arrive early."
            ),
            [
                "The U.S. Department of Labor said so.",
                "It opens at 8 a.m.",
                "Vendors arrive early."
            ]
        );
        assert_eq!(
            sentences("See No. 4 on Feb. 3. Done."),
            ["See No. 4 on Feb. 3.", "Done."]
        );
    }

    #[test]
    fn lowercase_unit_abbreviation_can_end_a_sentence() {
        assert_eq!(
            sentences("Ouvert jusqu’à 20 h. Un parking est prévu."),
            ["Ouvert jusqu’à 20 h.", "Un parking est prévu."]
        );
    }

    #[test]
    fn a_decimal_can_end_a_sentence() {
        assert_eq!(
            sentences("Inflation rose to 3.5. The bank raised rates to 4.25. Markets fell."),
            [
                "Inflation rose to 3.5.",
                "The bank raised rates to 4.25.",
                "Markets fell."
            ]
        );
    }

    #[test]
    fn chinese_full_stops_end_sentences_without_spaces() {
        assert_eq!(
            sentences("今天下雨。我们在家。「好吗？」他问。"),
            ["今天下雨。", "我们在家。", "「好吗？」", "他问。"]
        );
    }

    #[test]
    fn punctuation_after_the_last_sentence_is_kept() {
        let t = tokenize("The end. ***\n\nNext.", Rules::default());
        let texts: Vec<&str> = t
            .sentences
            .iter()
            .map(|s| &"The end. ***\n\nNext."[s.span.clone()])
            .collect();
        assert_eq!(texts, ["The end.", "***", "Next."]);
        assert_eq!(t.paragraphs[0].span, 0..12);
    }

    #[test]
    fn decimals_do_not_end_sentences() {
        assert_eq!(
            sentences("It rose 3.5 percent to $4.2 million. Then it fell."),
            ["It rose 3.5 percent to $4.2 million.", "Then it fell."]
        );
    }

    #[test]
    fn abbreviation_lexicon_classes() {
        // A comma after the period continues the sentence.
        assert_eq!(
            sentences(
                "Apple Inc., Microsoft Corp. and Smith & Co., a law firm, agreed. Then they left."
            ),
            [
                "Apple Inc., Microsoft Corp. and Smith & Co., a law firm, agreed.",
                "Then they left."
            ]
        );
        // A company suffix ends a sentence only before a sentence opener.
        assert_eq!(
            sentences("He joined Apple Inc. The company grew."),
            ["He joined Apple Inc.", "The company grew."]
        );
        // Capitalised forms of lower-case abbreviations.
        assert_eq!(
            sentences("Approx. 40 people came."),
            ["Approx. 40 people came."]
        );
        // Before a number.
        assert_eq!(
            sentences("See p. 12 and no. 42 of Vol. 3. It helps."),
            ["See p. 12 and no. 42 of Vol. 3.", "It helps."]
        );
        // a.m./p.m. before a weekday or a zone; at a real end.
        assert_eq!(
            sentences(
                "It opens at 9 a.m. Tuesday and closes at 10 p.m. ET. The next day it rained."
            ),
            [
                "It opens at 9 a.m. Tuesday and closes at 10 p.m. ET.",
                "The next day it rained."
            ]
        );
        assert_eq!(
            sentences("It closed at 6 p.m. The next day it rained."),
            ["It closed at 6 p.m.", "The next day it rained."]
        );
        // Acronyms decide by what follows.
        assert_eq!(
            sentences("The U.S. Senate voted. He lives in the U.S. The move was hard."),
            [
                "The U.S. Senate voted.",
                "He lives in the U.S.",
                "The move was hard."
            ]
        );
    }

    #[test]
    fn german_ordinals_and_citations() {
        assert_eq!(
            sentences("Im 19. Jahrhundert wuchs die Stadt. Zum 65. Geburtstag kam er."),
            [
                "Im 19. Jahrhundert wuchs die Stadt.",
                "Zum 65. Geburtstag kam er."
            ]
        );
        assert_eq!(
            sentences("Die Quote lag bei 19. Danach stieg sie."),
            ["Die Quote lag bei 19.", "Danach stieg sie."]
        );
        assert_eq!(
            sentences("Nach § 5 Abs. 1 Satz 2 gilt Art. 3 Abs. 2 GG, vgl. BGBl. I S. 944, gem. Nr. 4 z. B. weiter. Das Az. 3 StR 12/21 folgt."),
            ["Nach § 5 Abs. 1 Satz 2 gilt Art. 3 Abs. 2 GG, vgl. BGBl. I S. 944, gem. Nr. 4 z. B. weiter.", "Das Az. 3 StR 12/21 folgt."]
        );
    }

    #[test]
    fn official_journals_and_numbered_references_do_not_end_sentences() {
        assert_eq!(
            sentences("Sie dient der Umsetzung der Richtlinie 85/577/EWG (ABl. EG Nr. L 372 S. 31). Sie gilt ab heute."),
            ["Sie dient der Umsetzung der Richtlinie 85/577/EWG (ABl. EG Nr. L 372 S. 31).", "Sie gilt ab heute."]
        );
        assert_eq!(
            sentences("Geändert durch Gesetz vom 3. Mai 1977 (GBl. I Nr. 18 S. 185) und (BAnz. S. 835). Das gilt."),
            ["Geändert durch Gesetz vom 3. Mai 1977 (GBl. I Nr. 18 S. 185) und (BAnz. S. 835).", "Das gilt."]
        );
        assert_eq!(
            sentences(
                "Der Wert folgt aus (Gl. 1) und Kap. 6098 bei max. 50 % der Menge. Mehr nicht."
            ),
            [
                "Der Wert folgt aus (Gl. 1) und Kap. 6098 bei max. 50 % der Menge.",
                "Mehr nicht."
            ]
        );
        // A capital letter after `Nr.` that no number follows opens the
        // next sentence as before.
        assert_eq!(
            sentences("Es gilt Nr. 5. A new rule follows."),
            ["Es gilt Nr. 5.", "A new rule follows."]
        );
    }

    #[test]
    fn one_long_line_stopping_mid_sentence_is_wrapped_text() {
        let paragraphs = |text: &str| -> Vec<String> {
            let t = tokenize(text, Rules::default());
            t.paragraphs
                .iter()
                .map(|p| {
                    text[p.span.clone()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        // A footnote whose label and padding make its first line long.
        let footnote = "[^BJNR001950896BJNE244802377_BJNR001950896BJNE244803360]:     **Amtlicher Hinweis:**              Diese Vorschrift dient der\n    Umsetzung von Artikel 9 der Richtlinie 97/7/EG des Europäischen\n    Parlaments und des Rates vom 20. Mai 1997 über den Verbraucherschutz.";
        assert_eq!(paragraphs(footnote).len(), 1);
        assert_eq!(sentences(footnote).len(), 1);
        // Text scraped one paragraph a line stays one paragraph a line,
        // whether one line or several are long.
        let scraped = "Council backs the budget\nThe city council voted on Tuesday to approve a budget that raises spending on parks, libraries and road repairs by six percent.\nA second vote is due next month.";
        assert_eq!(paragraphs(scraped).len(), 3);
        let two = format!(
            "{0} {0}\n{0} {0}",
            "A long paragraph of words that goes on well past fifty characters."
        );
        assert_eq!(paragraphs(&two).len(), 2);
        // A table of short fields with one long value stays one field a line.
        let table = "population:\n3,797,257 (july 2000 est.)\nlanguages:\nenglish is the language generally used, irish (gaelic) spoken mainly in areas along the western seaboard\nliteracy:\n98% (1981 est.)";
        assert_eq!(paragraphs(table).len(), 6);
        // So does a list whose one long item is not its first.
        let list = "the horrendous space kablooie, from the comic strip calvin and hobbes\nthe hsk test (\"chinese language proficiency test\"), a standardized test of mandarin chinese for non-native learners organized in china\nthe district hochsauerlandkreis, germany";
        assert_eq!(paragraphs(list).len(), 3);
        // Lines of markup (a long one ending in `>`) are no paragraphs,
        // and the text after them stays its own.
        let html = "<p align=\"center\">\n<img width=\"100%\" src=\"https://images.example.org/photo-1457369804613-52c61a468e7d?w=1350&h=400&q=80\">\n</p>\nPhoto by Pat.";
        assert_eq!(paragraphs(html), ["Photo by Pat."]);
    }

    #[test]
    fn text_in_a_box_of_asterisks_is_text() {
        assert_eq!(
            boxed("*  limitation of liability shall not apply  *"),
            Some("limitation of liability shall not apply")
        );
        assert_eq!(boxed("* First item with *emphasis*"), None);
        assert_eq!(boxed("* Second item"), None);
        assert!(blank_or_box_edge("*****************"));
        assert!(blank_or_box_edge("*                          *"));
        assert!(blank_or_box_edge("   "));
        assert!(!blank_or_box_edge("*"));
        // A fortune file's quotes, parted by `%` lines: each its own.
        assert_eq!(
            sentences("Keep the lamp trimmed\n%\nKeep the wick short\n%%\nAnd the oil\n"),
            [
                "Keep the lamp trimmed",
                "Keep the wick short",
                "And the oil"
            ]
        );
        assert!(blank_or_box_edge("%"));
        assert!(blank_or_box_edge("%% "));
        assert!(!blank_or_box_edge("%%%%%"));
        assert!(!blank_or_box_edge("% of"));
        assert!(!blank_or_box_edge("* item *"));
        let notice = "**********************\n*  6. Disclaimer   *\n*  --------------  *\n*                  *\n*  The software is provided as is. The entire risk   *\n*  is with You.      *\n**********************";
        let s = sentences(notice);
        assert!(
            s.iter()
                .any(|x| x.split_whitespace().collect::<Vec<_>>().join(" ")
                    == "The entire risk * * is with You."),
            "{s:?}"
        );
        // Real list items still start sentences.
        assert_eq!(
            sentences("Use it for:\n* research\n* teaching"),
            ["Use it for:", "* research", "* teaching"]
        );
    }

    #[test]
    fn a_reference_wrapped_before_its_number_goes_on() {
        // A statute's citation wrapped after `S.`: the next line's `65)`
        // is the page, not a list item.
        let text = "Es gilt die Verordnung für den Weinsektor (ABl. L 316 vom 2.12.2009, S.\n65) in der jeweils geltenden Fassung entsprechend. Mehr nicht.";
        assert_eq!(
            sentences(text),
            [
                "Es gilt die Verordnung für den Weinsektor (ABl. L 316 vom 2.12.2009, S.\n65) in der jeweils geltenden Fassung entsprechend.",
                "Mehr nicht."
            ]
        );
        // A list after a sentence that ends with an ordinary word stays a list.
        assert_eq!(
            sentences(
                "Die Pflichten des Betreibers sind diese folgenden.\n1. Er meldet.\n2. Er zahlt."
            ),
            [
                "Die Pflichten des Betreibers sind diese folgenden.",
                "1. Er meldet.",
                "2. Er zahlt."
            ]
        );
    }

    #[test]
    fn markdown_escaped_marks_read_as_the_marks() {
        // Text converted from Markdown escapes a period that would start a
        // list item at the head of a line (`31\.`); the sentence rules see
        // the period after the number all the same.
        assert_eq!(
            sentences("Die Beträge steigen. Bis zum\n31\\. Dezember 2013 werden sie ermittelt."),
            [
                "Die Beträge steigen.",
                "Bis zum\n31\\. Dezember 2013 werden sie ermittelt."
            ]
        );
        assert_eq!(
            sentences(
                "Es gilt die Regelung der Absätze 2 und\n3\\. Gesetzesvorlagen sind dringlich."
            ),
            [
                "Es gilt die Regelung der Absätze 2 und\n3\\.",
                "Gesetzesvorlagen sind dringlich."
            ]
        );
        assert_eq!(
            sentences("Nach Art\\. 5 Abs\\. 2 gilt das. Mr\\. Smith agreed\\! It ended."),
            [
                "Nach Art\\. 5 Abs\\. 2 gilt das.",
                "Mr\\. Smith agreed\\!",
                "It ended."
            ]
        );
        // A backslash not escaping a mark, or not after a word, is text.
        assert_eq!(
            sentences("The path C:\\Users\\. Then more. See \\* here."),
            ["The path C:\\Users\\.", "Then more.", "See \\* here."]
        );
        // Words are the same either way.
        assert_eq!(
            words("Bis zum 31\\. Dezember"),
            ["Bis", "zum", "31", "Dezember"]
        );
    }

    /// A text of a paragraph a line (a line over 100 characters), one
    /// paragraph of it re-wrapped mid-sentence: the same sentences and
    /// paragraphs (the wrap had cut a sentence in two, and `folio diff`
    /// reported a split where only the line breaks changed). A short line
    /// before a lower-case one is a heading still.
    #[test]
    fn a_paragraph_rewrapped_in_a_text_of_long_lines_is_one_paragraph() {
        let long = "The program is funded by a low-interest loan from the State Revolving Fund and by a rate increase approved in January.";
        let one = format!("{long}\nWork will begin in the Eastside neighborhood in June. Crews will work weekdays between seven and five.\n{long}\n");
        let wrapped = one.replace("June. Crews will work", "June. Crews will\nwork");
        let t = |text: &str| {
            let t = tokenize(text, Rules::default());
            let s: Vec<String> = t
                .sentences
                .iter()
                .map(|s| {
                    text[s.span.clone()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            (s, t.paragraphs.len())
        };
        assert_eq!(t(&one), t(&wrapped));
        let headed = format!("{long}\nAlgebraic properties\nlike the natural numbers, the set is closed under addition and under multiplication of any two members.\n");
        assert_eq!(t(&headed).0.len(), 3, "{:?}", t(&headed));
    }

    /// A line of a block of code is one sentence, whatever periods it
    /// holds (a comment of three sentences had been three, compared by
    /// `folio diff` as prose). Found by an audit of npm READMEs.
    #[test]
    fn a_line_of_code_is_one_sentence() {
        let text = "Set the timeout.\n\n```js\n// The timeout in ms. Zero means none. It is off.\ntimeout: 0,\n```\n";
        let t = tokenize(text, Rules::default());
        let comment = text.find("// The").unwrap();
        let line_end = comment + text[comment..].find('\n').unwrap();
        let covering: Vec<&str> = t
            .sentences
            .iter()
            .filter(|s| s.span.start < line_end && s.span.end > comment)
            .map(|s| &text[s.span.clone()])
            .collect();
        assert_eq!(
            covering,
            ["// The timeout in ms. Zero means none. It is off."]
        );
        // Prose still splits.
        let prose = tokenize("One. Two. Three.\n", Rules::default());
        assert_eq!(prose.sentences.len(), 3);
    }

    /// A paragraph re-wrapped at 130 columns, every line of it long: each
    /// line that fills the width before one opening in lower case goes on
    /// into it (each had been a paragraph, and `folio diff` reported a
    /// split where only the line breaks changed); so does one of running
    /// prose stopping mid-sentence, at any length (a Markdown paragraph).
    #[test]
    fn a_paragraph_rewrapped_wide_is_one_paragraph() {
        let one = "The committee met on Monday to discuss the proposal for a new bridge across the river. Members raised concerns about the cost, which had doubled since the first estimate was published in the spring. The chair promised a full report by the end of the month.\n";
        let wide = one.replace("the cost, which", "the cost,\nwhich");
        let shape = |text: &str| {
            let t = tokenize(text, Rules::default());
            (t.sentences.len(), t.paragraphs.len())
        };
        assert_eq!(shape(&wide), (3, 1));
        assert_eq!(shape(one), shape(&wide));
        // Long lines of different lengths: one stopping on a function word
        // goes on; a list's items without marks, each ending on a noun
        // with no sentence end inside, stay apart.
        let lines = "The council approved the new budget for parks and libraries after a long debate on Monday night, with\nseveral members saying the rise in spending on road repairs was too small for a city of this size and age, and that the parks had waited long enough for the money promised to them in the last two budgets.\n";
        assert_eq!(shape(lines).1, 1);
        let items = "north quay - closed from the first of March to the end of June, with a diversion over the swing bridge\nstation square - open\nmill lane - closed on weekdays from the first of April until the new drains are laid under the road\n";
        assert_eq!(shape(items).1, 3);
    }

    /// Found by an audit of real text (German quotations and statutes,
    /// English and Spanish quotations, a statute's coordinates).
    #[test]
    fn abbreviations_in_brackets_months_ordinals_and_marks() {
        // An abbreviation in brackets before a few words closing them.
        assert_eq!(
            sentences("Er sprach lange. -- Karl May (eig. Karl Friedrich May)"),
            ["Er sprach lange.", "-- Karl May (eig. Karl Friedrich May)"]
        );
        assert_eq!(
            sentences(
                "Es gilt die Ordnung vom 3. Mai 1936 (Reichsgesetzbl. I S. 412). Sie bleibt."
            ),
            [
                "Es gilt die Ordnung vom 3. Mai 1936 (Reichsgesetzbl. I S. 412).",
                "Sie bleibt."
            ]
        );
        // A sentence in brackets still ends one.
        assert_eq!(
            sentences("The vote passed (it was 5 to 2. Two members abstained.) on Monday."),
            [
                "The vote passed (it was 5 to 2.",
                "Two members abstained.) on Monday."
            ]
        );
        assert_eq!(
            sentences("Der Antrag scheiterte (das war knapp. Die Fraktion hatte sieben Stimmen zu wenig)."),
            [
                "Der Antrag scheiterte (das war knapp.",
                "Die Fraktion hatte sieben Stimmen zu wenig)."
            ]
        );
        // A day's number before an abbreviated month.
        assert_eq!(
            sentences("Schiller schrieb am 12. Dez. 1794 an Goethe. Dann kam die Antwort."),
            [
                "Schiller schrieb am 12. Dez. 1794 an Goethe.",
                "Dann kam die Antwort."
            ]
        );
        // `?` or `!` after an abbreviation's period ends the sentence.
        assert_eq!(
            sentences("Is that O.K.? Where do you live? It is at Acme Inc.! Nobody knew."),
            [
                "Is that O.K.?",
                "Where do you live?",
                "It is at Acme Inc.!",
                "Nobody knew."
            ]
        );
        // Ordinals before a holiday, an ordinance, after a bracket.
        assert_eq!(
            sentences(
                "Sie kam am 1. Weihnachtsfeiertag. Es gilt die 4. BImSchV (2. Stufe ab Mai)."
            ),
            [
                "Sie kam am 1. Weihnachtsfeiertag.",
                "Es gilt die 4. BImSchV (2. Stufe ab Mai)."
            ]
        );
        // Eras, given names, `a.d.`.
        assert_eq!(
            sentences("Nació en el 63 a.C. en Roma. -- Wm. Blake lo dijo. Er wohnt in Weiden a.d. Waldnaab."),
            ["Nació en el 63 a.C. en Roma.", "-- Wm. Blake lo dijo.", "Er wohnt in Weiden a.d. Waldnaab."]
        );
    }

    /// A `"` glued to a number marks seconds or inches, and opens no
    /// quotation (a statute's coordinates had counted as quoted to the
    /// paragraph's end).
    #[test]
    fn a_seconds_mark_opens_no_quotation() {
        let t = tokenize(
            "Die Linie läuft bei 54° 26' 42\" N bis zur Küste, sagte er \"heute\" dazu. Er misst 5'3\" und mehr.",
            Rules::default(),
        );
        let quoted: Vec<&str> = t
            .words
            .iter()
            .filter(|w| w.quoted)
            .map(|w| w.text)
            .collect();
        assert_eq!(quoted, ["heute"]);
    }

    #[test]
    fn review_cases() {
        // Initials stay initials whatever the lexicons hold (`p`, `s`, `n`).
        assert_eq!(
            sentences("Harry S. Truman won. John P. Smith lost."),
            ["Harry S. Truman won.", "John P. Smith lost."]
        );
        // Words of one language are not abbreviations of another.
        assert_eq!(
            sentences("I am 30. My wife is 28."),
            ["I am 30.", "My wife is 28."]
        );
        assert_eq!(
            sentences("It was a gem. She kept it."),
            ["It was a gem.", "She kept it."]
        );
        assert_eq!(
            sentences("Er tat dies. Dann ging er."),
            ["Er tat dies.", "Dann ging er."]
        );
        // A list after a line without a colon stays a list.
        assert_eq!(
            sentences("The following changes were made\n1. Added X\n2. Fixed Y"),
            [
                "The following changes were made",
                "1. Added X",
                "2. Fixed Y"
            ]
        );
    }

    #[test]
    fn wrapped_numbers_and_lowercased_text() {
        let wrapped = "You may convey the work only as permitted by the terms stated in section\n7. This requirement modifies the notice requirement.";
        assert_eq!(
            sentences(wrapped),
            [
                "You may convey the work only as permitted by the terms stated in section\n7.",
                "This requirement modifies the notice requirement."
            ]
        );
        let list = "Bring the following:\n1. Water\n2. Food";
        assert_eq!(
            sentences(list),
            ["Bring the following:", "1. Water", "2. Food"]
        );
        let lower = "the council met on monday to discuss the budget for the coming year. it voted to approve the plan. mr. hale objected to it. the meeting ended at noon.";
        assert_eq!(
            sentences(lower),
            [
                "the council met on monday to discuss the budget for the coming year.",
                "it voted to approve the plan.",
                "mr. hale objected to it.",
                "the meeting ended at noon."
            ]
        );
    }

    #[test]
    fn punctuation_after_a_sentence_end_is_one_sentence_never_overlapping() {
        // Found by fuzzing: the `!` was both in the first sentence and in
        // the punctuation-only one after it.
        assert_eq!(sentences("Really? (!)"), ["Really?", "(!)"]);
        assert_eq!(sentences("Really? (!) Yes."), ["Really?", "(!) Yes."]);
        assert_eq!(sentences("\n? \u{1}!"), ["?", "\u{1}!"]);
        assert_eq!(
            sentences("Stop!\" he said. Go."),
            ["Stop!\" he said.", "Go."]
        );
    }

    #[test]
    fn sentence_can_end_inside_closing_quotes() {
        assert_eq!(
            sentences("She called it “dead on arrival.” The council disagreed."),
            ["She called it “dead on arrival.”", "The council disagreed."]
        );
        assert_eq!(
            sentences("He left. “We will win,” he said. ‘Maybe.’ Next."),
            ["He left.", "“We will win,” he said.", "‘Maybe.’", "Next."]
        );
    }

    #[test]
    fn opening_quote_after_a_sentence_starts_the_next() {
        assert_eq!(
            sentences("“It is done,” Mr. Hale said after the vote. “But we are not finished.”"),
            [
                "“It is done,” Mr. Hale said after the vote.",
                "“But we are not finished.”"
            ]
        );
    }

    #[test]
    fn question_in_quote_followed_by_attribution_is_one_sentence() {
        assert_eq!(
            sentences("“Why not?” she asked. Really! Yes."),
            ["“Why not?” she asked.", "Really!", "Yes."]
        );
    }

    #[test]
    fn title_and_paragraph_breaks_end_sentences() {
        let text = "Council Passes Budget\n\nThe vote was 5–2\n\nNext paragraph here";
        assert_eq!(
            sentences(text),
            [
                "Council Passes Budget",
                "The vote was 5–2",
                "Next paragraph here"
            ]
        );
        let t = tokenize(text, Rules::default());
        assert_eq!(t.paragraphs.len(), 3);
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text =
            "Title\n\nThe bridge will close on\nMonday for repairs. Traffic\nwill be detoured.\n";
        let s = sentences(text);
        assert_eq!(
            s,
            [
                "Title",
                "The bridge will close on\nMonday for repairs.",
                "Traffic\nwill be detoured."
            ]
        );
        assert_eq!(tokenize(text, Rules::default()).paragraphs.len(), 2);
    }

    #[test]
    fn long_lines_without_blank_lines_are_paragraphs() {
        let long = "word ".repeat(30);
        let text = format!("{long}\n{long}\n{long}");
        assert_eq!(tokenize(&text, Rules::default()).paragraphs.len(), 3);
    }

    #[test]
    fn list_items_start_sentences() {
        let text = "Affected streets:\n- Elm Street\n- Oak Avenue";
        assert_eq!(
            sentences(text),
            ["Affected streets:", "- Elm Street", "- Oak Avenue"]
        );
    }

    #[test]
    fn numbered_items_and_headings() {
        let text = "Title\n\n1. First item of the list.\n2. Second item here.\n\n\
                    ## 3. Account Requirements\nWe have rules. Section 4. The end.\n\
                    #### 12) Fees\n10. Items may be numbered to 999.\n\n\
                    ## 2.1. Scope\n2.1.3. Dotted items too.";
        assert_eq!(
            sentences(text),
            [
                "Title",
                "1. First item of the list.",
                "2. Second item here.",
                "## 3. Account Requirements",
                "We have rules.",
                "Section 4.",
                "The end.",
                "#### 12) Fees",
                "10. Items may be numbered to 999.",
                "## 2.1. Scope",
                "2.1.3. Dotted items too."
            ]
        );
        // Title, list, heading, text, heading, text, heading, list.
        assert_eq!(tokenize(text, Rules::default()).paragraphs.len(), 8);
        assert_eq!(line_kind("2.1. Scope"), LineKind::ListItem);
        assert_eq!(line_kind("3) Fees"), LineKind::ListItem);
        assert_eq!(line_kind("3.5 million people came."), LineKind::Text);
        assert_eq!(line_kind("1999. A year."), LineKind::Text);
        // Not a heading: no space after the marks, or more than six.
        assert_eq!(line_kind("#hashtag news"), LineKind::Text);
        assert_eq!(line_kind("####### deep"), LineKind::Text);
        assert_eq!(line_kind("  ### Media contact:"), LineKind::Heading);
        // A number ending a sentence mid-line still ends it.
        assert_eq!(
            sentences("The vote was 7 to 2. The motion passed."),
            ["The vote was 7 to 2.", "The motion passed."]
        );
    }

    #[test]
    fn german_ordinals_and_abbreviations() {
        let de = Rules::default();
        assert_eq!(
            sentences_with("Am 3. März kamen ca. 1.250 Helfer, z. B. aus Nr. 4. Es kostete 3,5 Mio. Euro. Es regnete.", de),
            ["Am 3. März kamen ca. 1.250 Helfer, z. B. aus Nr. 4.", "Es kostete 3,5 Mio. Euro.", "Es regnete."]
        );
    }

    #[test]
    fn quoted_words_are_marked() {
        let t = tokenize(
            "He said “we will rebuild” today. „Nie wieder“, sagte sie.",
            Rules::default(),
        );
        let quoted: Vec<&str> = t
            .words
            .iter()
            .filter(|w| w.quoted)
            .map(|w| w.text)
            .collect();
        assert_eq!(quoted, ["we", "will", "rebuild", "Nie", "wieder"]);
    }

    /// A title and a byline in capitals over a text in lower case leave it
    /// in lower case (a news page's byline had halved an article's
    /// sentences); capitals after them, or a text all head, do not.
    #[test]
    fn a_capitalized_head_over_a_text_in_lower_case() {
        let body = "the council met on monday to discuss the budget. it voted to approve the plan. mr. hale objected to it.";
        assert!(is_lowercased(&format!(
            "British Aerospace HOTOL\n\nBy Maria Chen\n\n{body}"
        )));
        assert!(is_lowercased(body));
        assert!(!is_lowercased(&format!(
            "Budget\n\nBy Maria Chen\n\n{body} The end."
        )));
        assert!(!is_lowercased(
            "The Council Met. It Voted To Approve The Plan Of The Year."
        ));
        // A list in lower case under a lead-in is no text in lower case.
        assert!(!is_lowercased("The council may end the lease if\n\n1. the tenant has not paid the rent;\n2. the tenant has damaged the flat; or\n3. the tenant has left it.\n"));
        assert_eq!(
            sentences(&format!("Hotol\n\nBy Maria Chen\n\n{body}")).len(),
            5
        );
    }

    /// Subtitles' and transcripts' cue timings (SRT, WebVTT with its
    /// settings) and cue numbers are no words; each cue is a paragraph.
    #[test]
    fn cue_timings_and_numbers_are_no_words() {
        let srt = "1\n00:00:27,074 --> 00:00:30,566\nThe storm reached\nthe coast at dawn.\n\n2\n00:00:30,610 --> 00:00:34,102\nPower is out.\n";
        let t = tokenize(srt, Rules::default());
        let words: Vec<&str> = t.words.iter().map(|w| w.text).collect();
        assert_eq!(
            words,
            ["The", "storm", "reached", "the", "coast", "at", "dawn", "Power", "is", "out"]
        );
        assert_eq!(t.paragraphs.len(), 2);
        let vtt =
            "WEBVTT\n\n00:01.000 --> 00:04.000 position:50.00%,middle align:middle\nHello there.\n";
        let words: Vec<&str> = tokenize(vtt, Rules::default())
            .words
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(words, ["WEBVTT", "Hello", "there"]);
        // An arrow in prose is prose.
        assert!(!cue_timing("Revenue rose 10:30 --> 11:45 in the session"));
        assert!(!cue_timing("a --> b"));
    }

    /// A wrapped line made long by a link's target (no wrapper breaks it)
    /// leaves its block wrapped text; lines long with text, each ending a
    /// sentence, are a paragraph each still.
    #[test]
    fn a_link_target_makes_no_wrapped_line_long() {
        let wrapped = "We do not allow content that:\n\n- [threatens or incites\n  violence](/site-policy/acceptable-use-policies/github-threats-of-violence-and-gratuitously-violent-content)\n  toward any individual or group, especially on the basis of who they\n  are;\n- is off-topic.\n";
        assert_eq!(sentences(wrapped).len(), 3, "{:?}", sentences(wrapped));
        let captions = "![a.jpg](a-very-long-name-of-a-picture-file-as-a-gazette-names-them-0010.jpg)Abbildung 1: Festlegungen in der Nordsee.\n![b.jpg](a-very-long-name-of-a-picture-file-as-a-gazette-names-them-0020.jpg)Abbildung 2: Festlegungen in der Ostsee.\n";
        assert_eq!(tokenize(captions, Rules::default()).paragraphs.len(), 2);
    }

    /// Three tildes under a three-character title (pandoc's reST of a
    /// statute's `§ 1`) underline it; three backticks after a lead-in
    /// (`Or:`) or before code open a fence.
    #[test]
    fn three_marks_under_a_short_title_underline_it() {
        let law = "Gesetz\n======\n\n§ 1\n~~~\n\nDer Arzt dient der Gesundheit.\n\n§ 2\n~~~\n\nWer den Beruf ausüben will, bedarf der Approbation.\n";
        let t = tokenize(law, Rules::default());
        assert!(t.code.is_empty(), "{:?}", t.code);
        assert!(t.words.iter().any(|w| w.text == "Arzt"));
        let lead_in = "Or:\n```\nls -l\n```\n\nDone.\n";
        assert_eq!(tokenize(lead_in, Rules::default()).code.len(), 1);
        let code = "Run\n```\nls -l\n```\n\nDone.\n";
        assert_eq!(tokenize(code, Rules::default()).code.len(), 1);
    }

    /// A tab after a list's marker or an item's number marks it as a space
    /// does (text converted from a word processor): `0.\tDefinitions.` is
    /// one sentence, and bullets are items, not one sentence.
    #[test]
    fn a_tab_after_a_marker_marks_an_item() {
        assert_eq!(
            sentences("Terms\n\n0.\tDefinitions.\n\nWe do not allow content that:\n\n*\tis unlawful;\n*\tis libelous; or\n-\tis off-topic.\n"),
            sentences("Terms\n\n0. Definitions.\n\nWe do not allow content that:\n\n* is unlawful;\n* is libelous; or\n- is off-topic.\n")
                .iter()
                .map(|s| s.replacen("* ", "*\t", 1).replacen("- ", "-\t", 1).replacen("0. ", "0.\t", 1))
                .collect::<Vec<_>>()
        );
    }

    /// Single quotation marks, as British news and nested quotations set
    /// them (`‘…’`, German `‚…‘`, Swiss `‹…›`), quote; apostrophes do
    /// not (`the students’ union`, `we’re`, `‘90s`, `rock ’n’ roll`).
    #[test]
    fn single_quotation_marks_quote() {
        let quoted = |text: &str| -> Vec<String> {
            tokenize(text, Rules::default())
                .words
                .iter()
                .filter(|w| w.quoted)
                .map(|w| w.text.to_string())
                .collect()
        };
        assert_eq!(
            quoted("‘We will not be moved,’ the minister said. The students’ union disagreed."),
            ["We", "will", "not", "be", "moved"]
        );
        assert_eq!(
            quoted("‘It’s over,’ he said, ‘and we’re done.’ Rock ’n’ roll."),
            ["It’s", "over", "and", "we’re", "done"]
        );
        assert!(quoted("A ‘90s song played in the ’80s, said Jones’ aide.").is_empty());
        // A `‘` no closing `’` follows in its paragraph: an ‘okina, or a
        // stray mark, opens nothing.
        assert!(quoted("The ‘okina is a consonant of Hawai‘i.\n\nThe boys’ school.").is_empty());
        assert_eq!(quoted("‘Yes, and more.\n\n‘No,’ said he."), ["No"]);
        assert_eq!(
            quoted(
                "Sie sagte: „Er rief ‚Halt‘ und lief.“ Dann ging sie. Er sagte: ‚Nein‘ und ging."
            ),
            ["Er", "rief", "Halt", "und", "lief", "Nein"]
        );
        assert_eq!(quoted("Il dit ‹ oui › puis ‹non›."), ["oui", "non"]);
        // Nested in double quotes, closing with them.
        assert_eq!(
            quoted("“He told me ‘never’ twice,” she said. Then silence."),
            ["He", "told", "me", "never", "twice"]
        );
    }

    #[test]
    fn unclosed_quote_ends_with_paragraph() {
        let t = tokenize("“Open quote runs on\n\nNot quoted here", Rules::default());
        assert!(t
            .words
            .iter()
            .filter(|w| w.text == "Not" || w.text == "here")
            .all(|w| !w.quoted));
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(tokenize("", Rules::default()).words.is_empty());
        let t = tokenize("###\n\n—", Rules::default());
        assert!(t.words.is_empty());
        assert_eq!(t.sentences.len(), 2);
    }

    proptest! {
        /// The test of a text in lower case reads ASCII sixteen bytes at a
        /// time: it agrees with the test a character at a time.
        #[test]
        fn lowercased_fast_path_agrees(s in "([a-zé ßΣσ.,1\n]{0,20}[A-Z]?){0,60}", pad in 0usize..9000) {
            let slow = |text: &str| {
                let mut end = text.len().min(8192);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let text = &text[..end];
                let from = |head: usize| {
                    let mut letters = 0;
                    for c in text[head..].chars() {
                        if c.is_uppercase() {
                            return false;
                        }
                        letters += usize::from(c.is_lowercase());
                    }
                    letters >= 30
                };
                let lines = text.trim().contains('\n');
                from(0) && (lines || opens_in_lower_case(text)) || {
                    let head = lowercased_head(text);
                    head > 0 && from(head) && lower_openings(&text[head..]) >= 2
                }
            };
            let padded = format!("{}{s}", "é".repeat(pad / 2));
            prop_assert_eq!(is_lowercased(&s), slow(&s));
            prop_assert_eq!(is_lowercased(&padded), slow(&padded));
        }

        /// The ASCII fast path agrees with unicode-segmentation, apart from
        /// the documented joins (hyphens, digit:digit, letter.digit, a
        /// word's ending in brackets, a number's plural), elided words,
        /// character references and emphasis underscores (`underscores_of_emphasis_are_no_letters`
        /// has those).
        #[test]
        fn ascii_path_matches_uax29(s in "[a-zA-Z0-9.,:;' !?()\"$%&*/-]{0,40}") {
            // (Paths, `/etc/x`, are one word by a rule of folio's own.)
            let s = s.replace(['-', ':', '/'], " ");
            // (A line opening with `..` is reStructuredText's comment or
            // markup: no words, `rst_comment`.)
            prop_assume!(!s.trim_start().starts_with(".."));
            // (A text writing accents as apostrophes keeps them in its
            // words, `accent_apostrophes`.)
            prop_assume!(!accent_apostrophes(&s));
            let ours = words(&s);
            // A character reference (`&amp;`) is markup, as a space.
            let s = regex::Regex::new("&([A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,31});")
                .unwrap()
                .replace_all(&s, " ");
            // A letter and a number joined by a period (`A.0`) are one
            // word, as `join_pieces` makes them; so is a file's name.
            let mut joined: Vec<(usize, &str)> = Vec::new();
            for (i, w) in s.unicode_word_indices() {
                if let Some(last) = joined.last_mut() {
                    let (pi, pw) = *last;
                    let letter = pw.chars().count() == 1 && pw.chars().all(char::is_alphabetic);
                    // … and a file's name whose stem ends in a digit
                    // (`ch02.html`, `A0.H`), as `join_pieces` makes it.
                    let file = pw.ends_with(|c: char| c.is_ascii_digit())
                        && pw.contains(char::is_alphabetic)
                        && is_file_name(&s[pi..i + w.len()]);
                    let sep = &s[pi + pw.len()..i];
                    // … and a word's ending in brackets (`ab(s)`, and a
                    // word in lower case right after it, `ab(s)cd`), and a
                    // number's plural (`0's`).
                    if sep == "(" && s[i + w.len()..].starts_with(')') && optional_ending(pw, w) {
                        *last = (pi, &s[pi..i + w.len() + 1]);
                        continue;
                    }
                    if sep.is_empty() && pw.ends_with(')') && w.starts_with(char::is_lowercase)
                        || sep == "'" && pw.ends_with(|c: char| c.is_ascii_digit()) && w == "s"
                    {
                        *last = (pi, &s[pi..i + w.len()]);
                        continue;
                    }
                    // … and an ordinal's mark (`3.er`, `1.os`).
                    if sep == "."
                        && (letter && w.starts_with(|c: char| c.is_ascii_digit())
                            || file
                            || ordinal_mark(pw, w)
                            || version_wildcard(pw, w))
                    {
                        *last = (pi, &s[pi..i + w.len()]);
                        continue;
                    }
                }
                joined.push((i, w));
            }
            // Elided words split off (`c'A` → `c`, `A`), as `split_elisions` does.
            let theirs: Vec<&str> = joined
                .into_iter()
                .map(|(_, w)| w)
                .flat_map(|w| match w.split_once('\'') {
                    Some((head, rest))
                        if ELIDED.contains(&head.to_lowercase().as_str())
                            && rest.starts_with(|c: char| c.is_alphabetic())
                            && !rest.eq_ignore_ascii_case("s") =>
                    {
                        vec![head, rest]
                    }
                    _ => vec![w],
                })
                .collect();
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn words_and_sentences_cover_the_text(s in "[a-zA-Zé’“” .,!?\n0-9-]{0,80}") {
            let t = tokenize(&s, Rules::default());
            prop_assert!(t.words.len() <= s.chars().count());
            let mut last = 0;
            for w in &t.words {
                prop_assert!(w.start >= last);
                prop_assert_eq!(&s[w.start..w.start + w.text.len()], w.text);
                last = w.start + w.text.len();
            }
            let in_sentences: usize = t.sentences.iter().map(|x| x.words.len()).sum();
            prop_assert_eq!(in_sentences, t.words.len());
            let in_paragraphs: usize = t.paragraphs.iter().map(|x| x.words.len()).sum();
            prop_assert_eq!(in_paragraphs, t.words.len());
        }
    }
}
