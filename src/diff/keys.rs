//! The sentences of a version and their comparison keys: whitespace
//! collapsed and, as options ask, case, punctuation and quote styles made
//! plain.

use super::*;

/// A sentence of one version.
pub(super) struct Sentence<'a> {
    pub(super) text: &'a str,
    pub(super) paragraph: usize,
    /// Words, as the tokenizer found them.
    pub(super) words: Vec<&'a str>,
    /// The comparison key.
    pub(super) key: String,
    /// The text with whitespace collapsed: differs from another sentence's
    /// while keys are equal only when options hide a difference.
    pub(super) strict: String,
    /// The heading of the section it is in (see [`headings`]).
    pub(super) section: Option<&'a str>,
    /// Whether it runs over more than one line (see [`resegment`]).
    pub(super) multiline: bool,
    /// Whether it is a line cut from a longer sentence (see [`resegment`]).
    pub(super) piece: bool,
    /// Whether it is a line of a block of code (fenced, indented under a
    /// `::` or a code directive, a `<pre>`): no prose, counted apart.
    pub(super) code: bool,
    /// Whether it is a line without words that points the reader
    /// elsewhere (see [`reference`]): its coming, going or moving is a
    /// change, as a sentence's is.
    pub(super) reference: bool,
}

/// Whether a sentence without words (`text`; `in_block`: in a block of
/// `tokenize::reference_blocks`) points the reader elsewhere: a link's
/// definition, a table of contents' entry, an included file, an image
/// (not a directive's option, `:maxdepth: 2`). Such a line added had been
/// a non-significant change: a page added to a table of contents, a
/// donation link defined, "no changes". (A line of badges, images
/// without words, is markup: it is not one.)
pub(super) fn reference(text: &str, in_block: bool) -> bool {
    let t = text.trim_start();
    // (A table of contents' own line points nowhere: its entries do. An
    // image's definition, a badge's, is markup as its image is.)
    let image = |address: &str| {
        let path = address
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        IMAGE_EXTENSIONS.iter().any(|e| path.ends_with(e)) || path.contains("badge")
    };
    (in_block && !t.starts_with(':') && !t.starts_with(".. toctree::"))
        || super::align::link_definition(t).is_some_and(|(_, at)| !image(&t[at]))
}

/// The ends of an address that name an image (see [`reference`]).
const IMAGE_EXTENSIONS: &[&str] = &[".svg", ".png", ".gif", ".jpg", ".jpeg", ".webp"];

/// The paragraph (index) of each sentence of a tokenized text.
pub(super) fn sentence_paragraphs(t: &tokenize::Tokenized<'_>) -> Vec<usize> {
    let mut p = 0;
    t.sentences
        .iter()
        .map(|s| {
            while p + 1 < t.paragraphs.len() && t.paragraphs[p].span.end <= s.span.start {
                p += 1;
            }
            p
        })
        .collect()
}

/// The sentences of a parsed version (`text`, parsed as `parsed`) with
/// their keys, and its number of paragraphs.
pub(super) fn sentences<'a>(
    text: &'a str,
    parsed: &Parsed,
    opts: &DiffOptions,
) -> (Vec<Sentence<'a>>, usize) {
    let t = parsed.tokens.view(text);
    let paragraph = sentence_paragraphs(&t);
    let mut headings = parsed.headings.iter().peekable();
    let mut section = None;
    let mut out = Vec::with_capacity(t.sentences.len());
    let blocks = tokenize::reference_blocks(text);
    for (k, s) in t.sentences.iter().enumerate() {
        if let Some((_, title)) = headings.next_if(|(at, _)| *at == k) {
            section = text.get(title.clone());
        }
        let body = &text[s.span.clone()];
        let words: Vec<&str> = t.words[s.words.clone()].iter().map(|w| w.text).collect();
        let strict = collapse_whitespace(body);
        let plain = !(opts.ignore_case || opts.ignore_punctuation || opts.normalize_quotes);
        let key = if plain {
            strict.clone()
        } else {
            sentence_key(body, &words, opts)
        };
        out.push(Sentence {
            text: body,
            paragraph: paragraph[k],
            words,
            key,
            strict,
            section,
            multiline: memchr::memchr(b'\n', body.trim().as_bytes()).is_some(),
            piece: false,
            code: t.in_code(s.span.start),
            reference: s.words.is_empty()
                && !t.in_code(s.span.start)
                && reference(body, tokenize::in_ranges(&blocks, s.span.start)),
        });
    }
    (out, t.paragraphs.len())
}

/// Cuts at its line breaks a sentence of one version whose lines are
/// sentences of the other: a block of short lines (a list's items without
/// marks) is one wrapped sentence in a version where all its lines are
/// short, and a line a paragraph in one where a line is long (see
/// `tokenize::LONG_LINE`). Read so in both, the items a version kept are
/// unchanged, not "added" beside a long "sentence" split or edited away.
/// A sentence is cut when one of its lines is, as it is, a whole one-line
/// sentence of the other version, or two are lines cut there.
pub(super) fn resegment<'a>(
    old: Vec<Sentence<'a>>,
    new: Vec<Sentence<'a>>,
    opts: &DiffOptions,
) -> (Vec<Sentence<'a>>, Vec<Sentence<'a>>) {
    let multi = |v: &[Sentence<'_>]| v.iter().any(|s| s.multiline);
    if !multi(&old) && !multi(&new) {
        return (old, new);
    }
    // Cut lines are sentences too: a block cut on one side may show the
    // other side's block to be cut (a few rounds settle it).
    let (mut old, mut new) = (old, new);
    for _ in 0..RESEGMENT_ROUNDS {
        let (old_cuts, new_cuts) = (cuts(&old, &new, opts), cuts(&new, &old, opts));
        if old_cuts.is_empty() && new_cuts.is_empty() {
            break;
        }
        old = apply_cuts(old, old_cuts, opts);
        new = apply_cuts(new, new_cuts, opts);
    }
    (old, new)
}

/// Rounds of [`resegment`] at most.
const RESEGMENT_ROUNDS: usize = 4;

/// The sentences of `version` (by index) to cut at their line breaks:
/// one of their lines is a one-line sentence of `other` as written there —
/// a line that came into a list block, or left it, is then compared as the
/// line it is, not against the whole block — or two of their lines are
/// lines cut from sentences of `other` (a cut piece alone proves little:
/// `hat.` ends many a wrapped sentence of a statute, and cut on one side
/// it would cut every such sentence of the other, round after round). See
/// [`resegment`]. A line's key is looked up as it is where it needs no
/// collapsing: nothing is copied for the wrapped sentences that stay.
fn cuts(version: &[Sentence<'_>], other: &[Sentence<'_>], opts: &DiffOptions) -> Vec<usize> {
    if !version.iter().any(|s| s.multiline) {
        return Vec::new();
    }
    // Key → whether a one-line sentence as written has it (weight 2), or
    // only a cut piece (weight 1).
    let mut keys: FxHashMap<&str, u8> = FxHashMap::default();
    for s in other.iter().filter(|s| !s.multiline) {
        let w = keys.entry(s.key.as_str()).or_insert(0);
        *w = (*w).max(if s.piece { 1 } else { 2 });
    }
    let weight = |key: &str| keys.get(key).copied().unwrap_or(0);
    // Plain, or quote styles alone normalized (the default): a line's key
    // is the line, collapsed or normalized only where it must be (building
    // every line of a hard-wrapped statute as a sentence had been a fifth
    // of the BGB diff).
    let plain = !(opts.ignore_case || opts.ignore_punctuation);
    version
        .iter()
        .enumerate()
        .filter(|(_, s)| s.multiline)
        .filter(|(_, s)| {
            let mut found = 0u8;
            if plain {
                for l in s.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    found += if opts.normalize_quotes && has_styled_chars(l) {
                        weight(sentence_key(l, &[], opts).as_str())
                    } else if l.contains("  ")
                        || l.contains(|c: char| c != ' ' && c.is_whitespace())
                    {
                        weight(collapse_whitespace(l).as_str())
                    } else {
                        weight(l)
                    };
                    if found >= 2 {
                        break;
                    }
                }
            } else {
                for l in line_sentences(s, opts) {
                    found += weight(l.key.as_str());
                    if found >= 2 {
                        break;
                    }
                }
            }
            found >= 2
        })
        .map(|(k, _)| k)
        .collect()
}

/// `sentences` with those at the indices `cut` (in order) cut at their
/// line breaks.
fn apply_cuts<'a>(
    sentences: Vec<Sentence<'a>>,
    cut: Vec<usize>,
    opts: &DiffOptions,
) -> Vec<Sentence<'a>> {
    if cut.is_empty() {
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len() + cut.len());
    let mut next = cut.into_iter().peekable();
    for (k, s) in sentences.into_iter().enumerate() {
        if next.next_if_eq(&k).is_some() {
            out.extend(line_sentences(&s, opts));
        } else {
            out.push(s);
        }
    }
    out
}

/// A sentence's lines as sentences of their own (lines without a word go
/// with the line before).
fn line_sentences<'a>(s: &Sentence<'a>, opts: &DiffOptions) -> Vec<Sentence<'a>> {
    let base = s.text.as_ptr() as usize;
    let mut out: Vec<Sentence<'a>> = Vec::new();
    let mut start = 0;
    let text = s.text;
    let cut = |from: usize, to: usize, out: &mut Vec<Sentence<'a>>| {
        let body = text[from..to].trim();
        if body.is_empty() {
            return;
        }
        let (b0, b1) = (
            body.as_ptr() as usize - base,
            body.as_ptr() as usize - base + body.len(),
        );
        let words: Vec<&'a str> = s
            .words
            .iter()
            .copied()
            .filter(|w| {
                let at = w.as_ptr() as usize - base;
                at >= b0 && at < b1
            })
            .collect();
        let body: &'a str = &text[b0..b1];
        if words.is_empty() {
            if let Some(last) = out.last_mut() {
                let from = last.text.as_ptr() as usize - base;
                let body = &text[from..b1];
                last.text = body;
                last.multiline = body.contains('\n');
                last.strict = collapse_whitespace(body);
                last.key = line_key(body, &last.words, opts);
                return;
            }
        }
        let strict = collapse_whitespace(body);
        let reference = words.is_empty() && s.reference;
        out.push(Sentence {
            text: body,
            paragraph: s.paragraph,
            key: line_key(body, &words, opts),
            words,
            strict,
            section: s.section,
            multiline: false,
            piece: true,
            code: s.code,
            reference,
        });
    };
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            cut(start, i, &mut out);
            start = i + 1;
        }
    }
    cut(start, text.len(), &mut out);
    out
}

/// A line's comparison key, as [`sentences`] makes a sentence's.
fn line_key(body: &str, words: &[&str], opts: &DiffOptions) -> String {
    if opts.ignore_case || opts.ignore_punctuation || opts.normalize_quotes {
        sentence_key(body, words, opts)
    } else {
        collapse_whitespace(body)
    }
}

/// `s` with its whitespace runs made one space and its ends trimmed: the
/// words of `split_whitespace` joined by spaces, in one pass over the bytes
/// (only the lead bytes of the few non-ASCII spaces are decoded).
pub(crate) fn collapse_whitespace(s: &str) -> String {
    // Most sentences are collapsed already: single spaces between words,
    // nothing at the ends. Told by whole-slice scans, then copied.
    let t = s.trim();
    let tb = t.as_bytes();
    // Whitespace other than a space, or two spaces in a row (one pass,
    // without an early exit: it vectorizes).
    let mut uncollapsed = false;
    let mut after_space = false;
    for &c in tb {
        let space = c == b' ';
        uncollapsed |= (space & after_space) | (c.wrapping_sub(b'\t') <= b'\r' - b'\t');
        after_space = space;
    }
    let unicode_space = || {
        memchr::memchr3_iter(0xC2, 0xE1, 0xE2, tb)
            .chain(memchr::memchr_iter(0xE3, tb))
            .any(|i| t[i..].chars().next().is_some_and(char::is_whitespace))
    };
    if !uncollapsed && !unicode_space() {
        return t.to_owned();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut word: Option<usize> = None;
    let end_word = |out: &mut String, start: usize, end: usize| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[start..end]);
    };
    // Bytes that are neither ASCII whitespace nor the lead byte of a
    // possible non-ASCII space (below): a word goes on over them.
    static PLAIN: [bool; 256] = {
        let mut t = [true; 256];
        let mut k = 0;
        while k < 256 {
            t[k] = !matches!(k as u8, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3);
            k += 1;
        }
        t
    };
    let mut i = 0;
    while i < b.len() {
        if PLAIN[b[i] as usize] {
            word.get_or_insert(i);
            i += 1;
            while i < b.len() && PLAIN[b[i] as usize] {
                i += 1;
            }
            continue;
        }
        // Whitespace as `char::is_whitespace` has it: tab to carriage
        // return and space in ASCII; beyond it, characters that start with
        // one of these four bytes in UTF-8 (U+0085, U+00A0, U+1680,
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
        let space = match b[i] {
            b'\t'..=b'\r' | b' ' => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if space > 0 {
            if let Some(start) = word.take() {
                end_word(&mut out, start, i);
            }
            i += space;
        } else {
            word.get_or_insert(i);
            i += 1;
        }
    }
    if let Some(start) = word {
        end_word(&mut out, start, b.len());
    }
    out
}

/// Typographic characters and their plain forms (`--normalize-quotes`).
pub(crate) fn plain_char(c: char) -> Option<char> {
    Some(match c {
        '‘' | '’' | '‚' | '‛' | '′' | '‹' | '›' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => ' ',
        _ => return None,
    })
}

/// Whether a text holds a character [`plain_char`] makes plain, or a soft
/// hyphen: all of them start with byte C2 or E2, looked for first.
fn has_styled_chars(s: &str) -> bool {
    memchr::memchr2(0xC2, 0xE2, s.as_bytes()).is_some()
        && s.chars().any(|c| c == '\u{ad}' || plain_char(c).is_some())
}

pub(super) fn normalize_token<'a>(s: &'a str, opts: &DiffOptions) -> Cow<'a, str> {
    let plain = !opts.ignore_case && !opts.normalize_quotes;
    if plain || (s.is_ascii() && !(opts.ignore_case && s.bytes().any(|b| b.is_ascii_uppercase()))) {
        return Cow::Borrowed(s);
    }
    // A text without them (German words with umlauts, most of a statute)
    // is not copied char by char (a quarter of the BGB diff's
    // instructions had been these copies).
    if !opts.ignore_case && !has_styled_chars(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if opts.normalize_quotes {
            if c == '\u{ad}' {
                continue;
            }
            if let Some(p) = plain_char(c) {
                out.push(p);
                continue;
            }
        }
        out.push(c);
    }
    if opts.ignore_case {
        out = tokenize::lowercase(&out);
    }
    Cow::Owned(out)
}

/// A line without the marks that open it: the run of `#`, `>` or `|`
/// marks and one list marker followed by a space, as often as they nest
/// (`> - item`).
fn body(mut line: &str) -> &str {
    loop {
        let t = line.trim_start();
        let t = t.trim_start_matches(['#', '>', '|']);
        let t = match t.strip_prefix(['-', '*', '+', '•', '–']) {
            Some(rest) if rest.starts_with(char::is_whitespace) => rest,
            _ => t,
        };
        if t.len() == line.len() {
            return t;
        }
        line = t;
    }
}

/// Two versions of a sentence that both open with an item's number
/// (`3. `, `4) `, `(2) `, `b) `, `(iv) `, `IV. `, `2.1. `, after the
/// marks [`body`] takes), without it: an ordered list's or a statute's
/// numbering, which an item inserted or deleted before changes for every
/// item after (`3. Add the folder …` → `4. Add the folder …`). Only the
/// number opening the sentence: one opening a later line of a wrapped
/// sentence (`… stated in section` / `7. This …`) is a reference, and a
/// number without its `.` or `)` (`5 people`), or of four digits, is
/// text. A letter with a period (`A. Smith`) is an initial, no number; a
/// number added or taken away (`Foo` → `1. Foo`) is a change.
fn renumbered<'a>(old: &'a str, new: &'a str) -> Option<(&'a str, &'a str)> {
    fn after_number(text: &str) -> Option<&str> {
        let t = body(text);
        let end = t.find(char::is_whitespace).unwrap_or(t.len());
        let (word, rest) = t.split_at(end);
        let label = if let Some(inner) = word.strip_prefix('(') {
            inner.strip_suffix(')')?
        } else if let Some(label) = word.strip_suffix(')') {
            label
        } else {
            let label = word.strip_suffix('.')?;
            // (`A.`, `V.`: an initial as likely as a number.)
            if label.len() == 1 && !label.as_bytes()[0].is_ascii_digit() {
                return None;
            }
            label
        };
        // (Up to three digits: `(2019) The report …` → `(2020) …` is a
        // year.)
        let digits = label.bytes().take_while(u8::is_ascii_digit).count();
        (!label.is_empty() && digits <= 3 && super::pair::looks_like_label(label)).then_some(rest)
    }
    Some((after_number(old)?, after_number(new)?))
}

/// A text ending with a reStructuredText literal block's marker as it
/// reads: `::` after a letter is one `:`, and a `::` after a space or
/// alone is nothing (see [`markup_only`]).
fn literal_marker_plain(text: &str) -> &str {
    let t = text.trim_end();
    match t.strip_suffix("::") {
        Some(before) if before.ends_with(char::is_whitespace) || before.is_empty() => {
            before.trim_end()
        }
        Some(_) => &t[..t.len() - 1],
        None => text,
    }
}

/// Whether two versions of a sentence differ only in markup: the marks
/// that open a line — a list marker (`- ` → `* `), a heading's `#`s (and
/// its closing ones, `## Title ##`), a quote's `>`, a table's `|` — emphasis and code delimiters anywhere
/// (`*…*` → `_…_`, a word set in bold, ``` ``x`` ``` → `` `x` ``), a
/// Markdown escape's backslash (`iter\_lines`), a heading's underline
/// (`+++++` → `-----`), and spacing beside punctuation (`4.Services` →
/// `4. Services`). Its two versions, these made plain, are
/// the same text. So are two items of a list numbered otherwise (`3.` →
/// `4.`, `(b)` → `(c)`: see [`renumbered`]). A sign after a list marker (`- +5%` → `- -5%`), words
/// joined or split (`can not` → `cannot`), a currency or a comparison
/// changed (`<` → `>`, `€` → `$`), or punctuation, is a change. A
/// reStructuredText literal block's marker ending a paragraph is shown as
/// the one colon it stands for (`structure::` reads `structure:`, and
/// `structure: ::` too): `structure::` → `structure:`, as a code block
/// made explicit leaves it, is markup.
pub(crate) fn markup_only(old: &str, new: &str) -> bool {
    let (old, new) = renumbered(old, new).unwrap_or((old, new));
    let (old, new) = (literal_marker_plain(old), literal_marker_plain(new));
    // Markup is no letter nor digit: texts whose letters and digits differ
    // differ in more (most edits, found without making a key).
    if !old
        .chars()
        .filter(|c| c.is_alphanumeric())
        .eq(new.chars().filter(|c| c.is_alphanumeric()))
    {
        return false;
    }
    /// A heading's underline (`-----`, `+++++`, `` ````` ``): a line of
    /// one mark repeated, under a line of text as long as it at most (a
    /// line `+++` of its own, a rating, is text).
    fn underline(line: &str, above: Option<&str>) -> bool {
        let t = line.trim();
        let mut marks = t.chars();
        let title = above.map_or(0, |a| a.trim().chars().count());
        let Some(c) = marks.next().filter(|c| c.is_ascii_punctuation()) else {
            return false;
        };
        // (Markdown's `=` and `-` underlines may be shorter than the title.)
        let long_enough = t.len() >= title.max(3) || matches!(c, '=' | '-') && t.len() >= 2;
        title > 0 && long_enough && marks.all(|d| d == c)
    }
    /// A line's body (see `body`) without a heading's closing `#`s
    /// (`## API Docs ##`, which Markdown does not show).
    fn closed(line: &str) -> &str {
        let b = body(line);
        if !line.trim_start().starts_with('#') {
            return b;
        }
        let t = b.trim_end();
        let open = t.trim_end_matches('#');
        if open.len() < t.len() && (open.is_empty() || open.ends_with([' ', '\t'])) {
            open
        } else {
            b
        }
    }
    /// The text made plain: emphasis and code delimiters and underlines
    /// out, an escaped mark kept as the mark it is (`file\_size` is
    /// `file_size`, `2\*3` is `2*3`), and so is a `_` inside a word
    /// (`file_size`: no emphasis); a space kept only between two letters
    /// or digits (where it parts words).
    fn key(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut space = false;
        let lines: Vec<&str> = text.lines().collect();
        let mut chars = lines
            .iter()
            .enumerate()
            .filter(|&(k, l)| !underline(l, k.checked_sub(1).map(|p| lines[p])))
            .flat_map(|(_, l)| closed(l).chars().chain([' ']))
            .peekable();
        while let Some(c) = chars.next() {
            let before = out.chars().next_back().filter(|_| !space);
            let after = chars.peek().copied().filter(|n| !n.is_whitespace());
            let literal = if c == '\\' && after.is_some_and(|n| n.is_ascii_punctuation()) {
                chars.next()
            } else if matches!(c, '_' | '*')
                && (before.is_none() && after.is_none()
                    || c == '_'
                        && before.is_some_and(char::is_alphanumeric)
                        && after.is_some_and(char::is_alphanumeric)
                    || c == '*'
                        && before.is_some_and(|b| b.is_ascii_digit())
                        && after.is_some_and(|a| a.is_ascii_digit()))
            {
                // No emphasis: a mark between spaces (`a _ b`), a `_`
                // inside a word (`file_size`), a `*` between digits (`2*3`).
                Some(c)
            } else {
                None
            };
            if let Some(l) = literal {
                space = false;
                out.push(l);
                continue;
            }
            if c == '*' || c == '_' || c == '`' {
                continue;
            }
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space
                && c.is_alphanumeric()
                && out.chars().next_back().is_some_and(char::is_alphanumeric)
            {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        out
    }
    key(old) == key(new)
}

pub(super) fn sentence_key(body: &str, words: &[&str], opts: &DiffOptions) -> String {
    if opts.ignore_punctuation {
        let normalized: Vec<Cow<'_, str>> =
            words.iter().map(|w| normalize_token(w, opts)).collect();
        return normalized.join(" ");
    }
    let collapsed = if opts.normalize_quotes {
        // No-break spaces become spaces before whitespace is collapsed.
        collapse_whitespace(&normalize_token(
            body,
            &DiffOptions {
                ignore_case: false,
                ..*opts
            },
        ))
    } else {
        collapse_whitespace(body)
    };
    if opts.ignore_case {
        tokenize::lowercase(&collapsed)
    } else {
        collapsed
    }
}

/// Interns strings to dense ids, borrowing them when it can.
#[derive(Default)]
pub(super) struct Interner<'a> {
    pub(super) ids: FxHashMap<Cow<'a, str>, u32>,
}

impl<'a> Interner<'a> {
    pub(super) fn id(&mut self, s: Cow<'a, str>) -> u32 {
        if let Some(&id) = self.ids.get(s.as_ref()) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s, id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_as_split_whitespace_joins() {
        // Every whitespace character beyond ASCII starts with a byte the
        // scan decodes at.
        for c in (0x80..=0x10_ffff).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut buf = [0; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3), "{c:?}");
                assert_eq!(collapse_whitespace(&format!("a{c}{c}b{c}")), "a b");
            }
        }
        let alphabet = [
            'a', 'Z', ' ', '\t', '\n', '\x0b', '\x0c', '\r', '.', 'é', '\u{a0}', '\u{2003}',
            '\u{85}', '\u{1680}', '\u{2028}', '\u{202f}', '\u{205f}', '\u{3000}', '\u{2010}',
            '\u{2030}', '\u{e1}', '\u{1681}', '\u{3001}', '日', '\u{c2}', '\u{2060}', '𝔸',
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..40 {
            for _ in 0..200 {
                let s: String = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(collapse_whitespace(&s), expected, "{s:?}");
            }
        }
    }
}
