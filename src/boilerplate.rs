//! Boilerplate removal: site trailers and chrome that scraped pages carry.
//!
//! Two mechanisms, both line-based (the title line is never removed):
//!
//! * **Trailer patterns** (modes `trailers` and `auto`). A line that opens a
//!   block of related links — "You Might Also Like", "Related Articles",
//!   "Das könnte Sie auch interessieren", "À lire aussi" ... — that closes
//!   the text (more prose before it than after) removes itself and
//!   everything after it. Short lines
//!   (at most [`SHORT_LINE`] characters) that are share prompts, "Read more:"
//!   links, newsletter prompts, copyright lines or cookie notices are removed
//!   wherever they stand.
//! * **Repeated lines** (mode `auto`): site chrome — navigation, headers,
//!   footers, standard notices — stands on a page's edges and repeats across
//!   pages that are otherwise different. So a line (compared after
//!   trimming) is repeated boilerplate when it is among the first or last
//!   [`EDGE_LINES`] non-blank lines of documents that make up at least
//!   [`REPEATED_MIN_SHARE`] of a release, where near-copies of one
//!   document (versions, duplicates: line sets with a Jaccard similarity of
//!   [`NEAR_COPY`] or more, chained) count once, and the release has at least
//!   [`REPEATED_MIN_DOCS`] such distinct documents. It is removed from the
//!   edges of every document of the release, never from the middle (a
//!   document of 40 non-blank lines or fewer is all edges). A
//!   folder of versions of one document is one distinct document: nothing
//!   of it is removed as repeated.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

/// Which boilerplate to remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Trailer patterns, plus lines repeated across a release.
    #[default]
    Auto,
    /// Trailer patterns only.
    Trailers,
    /// Nothing.
    None,
}

/// Repeated-line detection needs a release of at least this many
/// documents that are not near-copies of each other.
pub const REPEATED_MIN_DOCS: usize = 10;
/// A line is repeated boilerplate when it occurs in at least this share of
/// a release's distinct documents (near-copies counted once).
pub const REPEATED_MIN_SHARE: f64 = 0.3;
/// A line that is a sentence of prose — [`PROSE_LINE_MIN_WORDS`] words or
/// more, ending as a sentence does — is repeated boilerplate only in this
/// share of a release's distinct documents: a site's notice stands on
/// nearly every page, but three licences of one foundation in a corpus of
/// ten share a sentence of their text (`Everyone is permitted to copy and
/// distribute verbatim copies of this license document, but changing it
/// is not allowed.`).
pub const PROSE_LINE_MIN_SHARE: f64 = 0.5;
/// See [`PROSE_LINE_MIN_SHARE`].
pub const PROSE_LINE_MIN_WORDS: usize = 10;

/// Whether a line is a sentence of prose (see [`PROSE_LINE_MIN_SHARE`]).
fn is_prose_line(line: &str) -> bool {
    let t = trim(line);
    // (Spaces counted by memchr: every edge line of every document asks.)
    t.len() >= 2 * PROSE_LINE_MIN_WORDS
        && memchr::memchr_iter(b' ', t.as_bytes())
            .take(PROSE_LINE_MIN_WORDS - 1)
            .count()
            == PROSE_LINE_MIN_WORDS - 1
        && crate::tokenize::ends_as_prose(t)
}

/// Lines longer than this (in bytes) are never counted as repeated lines.
pub(crate) const REPEATED_MAX_LINE: usize = 1000;
/// Pattern-matched trailer lines are at most this many characters long.
pub const SHORT_LINE: usize = 160;
/// A document's edges: its first and its last this many non-blank lines
/// (the title aside). Only there is a repeated line site chrome.
pub const EDGE_LINES: usize = 20;
/// Documents whose sets of lines have a Jaccard similarity of at least this
/// (estimated by MinHash, on the lines between their edges when they have
/// enough) are near-copies — versions of one document — and count as one
/// when lines are counted across documents. Real policies revised over
/// years keep 0.5 or more from one version to the next except at rewrites.
pub const NEAR_COPY: f64 = 0.5;

/// A document with at least this many lines between its edges is compared
/// with others by those lines only.
const MIN_MIDDLE: usize = 10;
/// MinHash functions of a sketch: [`BANDS`] bands of [`ROWS`] rows.
const HASHES: usize = 32;
const BANDS: usize = 8;
const ROWS: usize = HASHES / BANDS;

/// The key of a line for repeated-line detection: a hash of the trimmed
/// line, or `None` for lines that cannot be boilerplate (blank, no letter or
/// digit, longer than [`REPEATED_MAX_LINE`], or a code fence: ```` ```bash ````
/// opens a block in many READMEs, and removing it would leave its closing
/// fence to pair with the next block's, making the prose between code).
pub(crate) fn line_key(line: &str) -> Option<u64> {
    let t = trim(line);
    if t.is_empty()
        || t.len() > REPEATED_MAX_LINE
        || !t.chars().any(char::is_alphanumeric)
        || t.starts_with("```")
        || t.starts_with("~~~")
    {
        return None;
    }
    let mut h = FxHasher::default();
    t.hash(&mut h);
    Some(h.finish())
}

/// `text` without the lines repeated-line removal would take for `keys`
/// (sorted [`line_key`]s): such lines on the edges of its body, the title
/// line (`has_title`) kept, as [`strip_detailed`] removes them; and how
/// many lines went. `None` when none did.
pub(crate) fn remove_lines(text: &str, has_title: bool, keys: &[u64]) -> Option<(String, u64)> {
    if keys.is_empty() {
        return None;
    }
    let lines = split_lines(text);
    let body = body_lines(&lines, has_title);
    let mut gone = vec![false; lines.len()];
    for (k, &i) in body.iter().enumerate() {
        gone[i] = on_edge(k, body.len())
            && line_key(lines[i]).is_some_and(|key| keys.binary_search(&key).is_ok());
    }
    let removed = gone.iter().filter(|&&g| g).count() as u64;
    if removed == 0 {
        return None;
    }
    let kept = lines
        .iter()
        .zip(&gone)
        .filter(|(_, &g)| !g)
        .map(|(l, _)| *l);
    Some((rebuild(kept, text.len()), removed))
}

/// A text of the lines kept, each ended by a line break; the empty piece
/// after a text's last line break is no line. So removing lines from a
/// text stripped before gives what removing them all at once gives (a
/// comparison compares texts stripped both ways: see [`remove_lines`]).
fn rebuild<'a>(kept: impl Iterator<Item = &'a str>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut kept = kept.peekable();
    while let Some(line) = kept.next() {
        if line.is_empty() && kept.peek().is_none() {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether a line holds a mark that parts a menu's items: `|`, `•` or
/// `·` (one vectorized search for the three: the last bytes of `•`,
/// E2 80 A2, and of `·`, C2 B7, checked with the bytes before them).
fn has_menu_mark(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr3_iter(b'|', 0xA2, 0xB7, b).any(|at| match b[at] {
        b'|' => true,
        0xA2 => at >= 2 && b[at - 2..at] == [0xE2, 0x80],
        _ => at >= 1 && b[at - 1] == 0xC2,
    })
}

/// The lines of a text, as `text.split('\n')` gives them (the piece after
/// the last line break included), found with a vectorized search.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 48 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[start..end]);
        start = end + 1;
    }
    lines.push(&text[start..]);
    lines
}

/// A line without its leading and trailing whitespace, as `str::trim`
/// gives it; most lines start and end with an ASCII letter, digit or mark,
/// which is told from two bytes.
#[inline]
fn trim(line: &str) -> &str {
    let b = line.as_bytes();
    match (b.first(), b.last()) {
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => line,
        // (ASCII blanks stepped over a byte at a time.)
        _ => crate::tokenize::trim_end(crate::tokenize::trim_start(line)),
    }
}

/// Indices (into `text.split('\n')`) of the non-blank lines of a
/// document's body — every line but the title line (the first that is
/// not blank).
fn body_lines(lines: &[&str], has_title: bool) -> Vec<usize> {
    let mut title = has_title;
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !trim(l).is_empty())
        .filter(|_| !std::mem::take(&mut title))
        .map(|(i, _)| i)
        .collect()
}

/// Whether the `k`-th of `n` non-blank body lines is on an edge.
fn on_edge(k: usize, n: usize) -> bool {
    k < EDGE_LINES || k + EDGE_LINES >= n
}

/// What repeated-line detection keeps of a document: the keys of its edge
/// lines, and a MinHash sketch of all its lines (to tell near-copies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sketch {
    edge: Vec<u64>,
    /// The keys of its edge lines that are sentences of prose (see
    /// [`PROSE_LINE_MIN_SHARE`]).
    prose_edge: Vec<u64>,
    minhash: [u32; HASHES],
}

/// The [`Sketch`] of a document.
pub(crate) fn sketch(text: &str, has_title: bool) -> Sketch {
    let lines: Vec<&str> = split_lines(text);
    let body = body_lines(&lines, has_title);
    let mut edge = Vec::new();
    let mut prose_edge = Vec::new();
    let mut middle = Vec::new();
    let mut all = Vec::new();
    for (k, &i) in body.iter().enumerate() {
        let Some(key) = line_key(lines[i]) else {
            continue;
        };
        if on_edge(k, body.len()) {
            edge.push(key);
            if is_prose_line(lines[i]) {
                prose_edge.push(key);
            }
        } else {
            middle.push(key);
        }
        all.push(key);
    }
    // Near-copies are told by their middles, where chrome never is (pages
    // of one site are never near-copies for sharing a long header); a
    // document too short to have much of a middle, by all its lines.
    let mut minhash = [u32::MAX; HASHES];
    for &key in if middle.len() >= MIN_MIDDLE {
        &middle
    } else {
        &all
    } {
        let x = mix(key);
        for (m, &(a, b)) in minhash.iter_mut().zip(&SKETCH_HASHES) {
            *m = (*m).min((x.wrapping_mul(a).wrapping_add(b) >> 32) as u32);
        }
    }
    edge.sort_unstable();
    edge.dedup();
    prose_edge.sort_unstable();
    prose_edge.dedup();
    Sketch {
        edge,
        prose_edge,
        minhash,
    }
}

/// The sketch's hash functions: the line's key mixed once, then for each
/// function the high 32 bits of `a·x + b` (mod 2⁶⁴), `a` odd — the
/// multiply-add-shift family (Dietzfelbinger et al. 1997), four
/// instructions a function where mixing each again took about fifteen
/// (32 a line: the sketches were 7% of `folio stats`).
const SKETCH_HASHES: [(u64, u64); HASHES] = {
    let mut out = [(0, 0); HASHES];
    let mut state = 0x5EED_F011_0B0A_0001_u64;
    let mut j = 0;
    while j < HASHES {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let a = mix(state) | 1;
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        out[j] = (a, mix(state));
        j += 1;
    }
    out
};

/// A 64-bit finalizer (splitmix64's): every input bit moves every output bit.
const fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Sketch {
    /// Estimated Jaccard similarity of two documents' sets of lines.
    fn similarity(&self, other: &Sketch) -> f64 {
        let same = self
            .minhash
            .iter()
            .zip(&other.minhash)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / HASHES as f64
    }
}

/// Groups a release's documents into near-copies (see [`NEAR_COPY`]):
/// the group of each document, numbered in order of first document.
/// Candidates come from locality-sensitive hashing of the sketches (a
/// document is compared with the one before it that last shared one of its
/// bands — in a folder of versions, its predecessor), so the work is
/// linear in the documents.
fn near_copy_groups(sketches: &[&Sketch]) -> Vec<usize> {
    let n = sketches.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for band in 0..BANDS {
        let mut last: FxHashMap<&[u32], usize> = FxHashMap::default();
        for (i, s) in sketches.iter().enumerate() {
            let rows = &s.minhash[band * ROWS..(band + 1) * ROWS];
            let Some(f) = last.insert(rows, i) else {
                continue;
            };
            if s.similarity(sketches[f]) >= NEAR_COPY {
                let (a, b) = (find(&mut parent, f), find(&mut parent, i));
                // The smaller index leads: the grouping does not depend on
                // the order of the unions.
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut number = FxHashMap::default();
    (0..n)
        .map(|i| {
            let root = find(&mut parent, i);
            let next = number.len();
            *number.entry(root).or_insert(next)
        })
        .collect()
}

/// The repeated lines of each release, from the sketches of its documents
/// (`(release, sketch)`, in a fixed order): edge lines occurring in at
/// least [`REPEATED_MIN_SHARE`] of the release's groups of near-copies
/// (and in two at least), when it has [`REPEATED_MIN_DOCS`] groups or more.
pub(crate) fn repeated_lines(docs: &[(String, Sketch)]) -> FxHashMap<String, Repeated> {
    let mut by_release: FxHashMap<&str, Vec<&Sketch>> = FxHashMap::default();
    for (release, s) in docs {
        by_release.entry(release).or_default().push(s);
    }
    by_release
        .into_iter()
        .map(|(release, sketches)| (release.to_string(), repeated_in(&sketches)))
        .collect()
}

fn repeated_in(sketches: &[&Sketch]) -> Repeated {
    if sketches.len() < REPEATED_MIN_DOCS {
        return Repeated::default();
    }
    let groups = near_copy_groups(sketches);
    let n_groups = groups.iter().max().map_or(0, |g| g + 1);
    if n_groups < REPEATED_MIN_DOCS {
        return Repeated::default();
    }
    // In how many groups each edge line occurs.
    let mut seen: FxHashMap<u64, (usize, u32)> = FxHashMap::default();
    let mut order: Vec<usize> = (0..sketches.len()).collect();
    order.sort_by_key(|&i| groups[i]);
    for i in order {
        for &k in &sketches[i].edge {
            let e = seen.entry(k).or_insert((usize::MAX, 0));
            if e.0 != groups[i] {
                *e = (groups[i], e.1 + 1);
            }
        }
    }
    let min = ((n_groups as f64 * REPEATED_MIN_SHARE).ceil() as u32).max(2);
    let min_prose = ((n_groups as f64 * PROSE_LINE_MIN_SHARE).ceil() as u32).max(2);
    let prose: FxHashSet<u64> = sketches
        .iter()
        .flat_map(|s| s.prose_edge.iter().copied())
        .collect();
    Repeated {
        keys: seen
            .into_iter()
            .filter(|&(k, (_, n))| n >= if prose.contains(&k) { min_prose } else { min })
            .map(|(k, _)| k)
            .collect(),
    }
}

/// The repeated lines of a release.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Repeated {
    keys: FxHashSet<u64>,
}

impl Repeated {
    /// How many distinct lines are repeated boilerplate.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no line is repeated boilerplate.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Why a line was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// A trailer pattern: a share prompt, a copyright or cookie line, or a
    /// line of the block of related links that a trailer heading opens.
    Trailer,
    /// A line repeated on the edges of the release's documents.
    Repeated,
}

impl Reason {
    /// The name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Trailer => "trailer",
            Reason::Repeated => "repeated",
        }
    }
}

/// A text with its boilerplate removed, and what was removed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stripped<'a> {
    /// What is left.
    pub text: Cow<'a, str>,
    /// How many non-blank lines were removed.
    pub lines: u64,
    /// Each removed non-blank line (trimmed), with why, in text order.
    pub removed: Vec<(&'a str, Reason)>,
    /// Words (runs of non-space characters holding a letter or digit) in
    /// the removed lines; 0 when nothing was removed.
    pub words_removed: u64,
    /// Words of the whole text when the removed ones are more than
    /// [`HEAVY_SHARE`] of them, else 0 (not counted: counting stops as soon
    /// as the kept text has enough words).
    pub words: u64,
}

/// Removes boilerplate lines from a text. Returns the text and the number
/// of non-blank lines removed (see `strip_detailed` for which).
pub fn strip<'a>(
    text: &'a str,
    has_title: bool,
    mode: Mode,
    repeated: Option<&Repeated>,
) -> (Cow<'a, str>, u64) {
    let s = strip_detailed(text, has_title, mode, repeated);
    (s.text, s.lines)
}

/// Removal that takes more than this share of a document's words is
/// heavy (and warned about).
pub const HEAVY_SHARE: f64 = 0.25;

/// A rough word count for the share of a document that boilerplate took:
/// runs of non-space characters holding a letter or digit, counted up to
/// `limit` at most.
pub(crate) fn rough_words<'a>(lines: impl Iterator<Item = &'a str>, limit: u64) -> u64 {
    let mut n = 0;
    for w in lines.flat_map(str::split_whitespace) {
        if w.chars().any(char::is_alphanumeric) {
            n += 1;
            if n >= limit {
                break;
            }
        }
    }
    n
}

/// Removes boilerplate lines from a text, saying which and why.
pub(crate) fn strip_detailed<'a>(
    text: &'a str,
    has_title: bool,
    mode: Mode,
    repeated: Option<&Repeated>,
) -> Stripped<'a> {
    let untouched = || Stripped {
        text: Cow::Borrowed(text),
        lines: 0,
        removed: Vec::new(),
        words_removed: 0,
        words: 0,
    };
    if mode == Mode::None {
        return untouched();
    }
    let repeated = repeated.filter(|r| mode == Mode::Auto && !r.is_empty());
    let lines: Vec<&str> = split_lines(text);
    // Past the title line: the first that is not blank (as `body_lines`).
    let first = if has_title {
        lines
            .iter()
            .position(|l| !trim(l).is_empty())
            .map_or(0, |k| k + 1)
    } else {
        0
    };
    let mut why: Vec<Option<Reason>> = vec![None; lines.len()];
    // Repeated lines are chrome only on the document's edges.
    let mut edge = vec![false; lines.len()];
    if repeated.is_some() {
        let body = body_lines(&lines, has_title);
        for (k, &i) in body.iter().enumerate() {
            edge[i] = on_edge(k, body.len());
        }
    }
    // An underlined title (`Bugfixes` / `========`, the one section of
    // every patch release's notes) is the text's, however often it
    // repeats: removed, it had left its underline a sentence alone.
    let titled = |i: usize| {
        let at = |k: usize| lines.get(k).map(|&l| (0, l));
        let pair = [at(i), at(i + 1)];
        let over = [i.checked_sub(1).and_then(at), at(i), at(i + 1)];
        let is = |block: &[Option<(usize, &str)>]| {
            let block: Option<Vec<(usize, &str)>> = block.iter().copied().collect();
            block.is_some_and(|b| crate::tokenize::underlined_title(&b) == Some(b.len()))
        };
        is(&pair) || is(&over)
    };
    let is_repeated = |i: usize, line: &str| {
        edge[i] && repeated.is_some_and(|r| line_key(line).is_some_and(|k| r.keys.contains(&k)))
    };
    let mut cut_from = lines.len();
    let mut lower = String::new();
    // The body's non-blank lines, found when a cookie notice needs them.
    let mut body: Option<Vec<usize>> = None;
    // Past the block of links a heading inside the text opened.
    let mut skip_until = 0;
    for (i, line) in lines.iter().enumerate().skip(first) {
        if i < skip_until {
            continue;
        }
        let t = trim(line);
        let long = t.len() > SHORT_LINE // else no more characters than that
            && (t.len() > 4 * SHORT_LINE || t.chars().count() > SHORT_LINE);
        if t.is_empty() || long {
            if is_repeated(i, line) {
                why[i] = Some(Reason::Repeated);
            }
            continue;
        }
        // A pattern only counts on a line that stands alone: after a blank
        // line or another removed line, or opening with a capital or `©`
        // (`© 2025 …`, `Share this article` under a menu line or the
        // article's last sentence) — never as the continuation of a
        // wrapped paragraph (`… you may\nsubscribe to our list`, a licence's
        // `… Copyright (C) ______\n______. All Rights Reserved.`).
        // A capital does not make it alone after a line of prose that
        // stops mid-sentence (`The look and feel of the` / `Website and
        // Service is copyright © GitHub, Inc. All rights reserved. You`:
        // a re-wrapped paragraph had lost eleven words); after a menu's
        // line (`Home | News | Sport`) it does.
        // (Cheapest first: most lines fail on their ends.)
        let continues = |prev: &str| {
            let prev = trim(prev);
            prev.ends_with(|c: char| c.is_lowercase() || matches!(c, ',' | ';'))
                && memchr::memchr_iter(b' ', prev.as_bytes()).nth(2).is_some()
                && !has_menu_mark(prev)
        };
        let alone = i == 0
            || trim(lines[i - 1]).is_empty()
            || why[i - 1].is_some()
            || t.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '©')
                && !continues(lines[i - 1]);
        if !alone {
            if is_repeated(i, line) {
                why[i] = Some(Reason::Repeated);
            }
            continue;
        }
        lower.clear();
        crate::tokenize::lowercase_into(t, &mut lower);
        // Tabs between its words match as spaces (`You\tMight\tAlso\tLike`).
        if lower.contains('\t') {
            lower = lower.replace('\t', " ");
        }
        let lower = lower.as_str();
        if is_trailer_start(lower) {
            match trailer_reach(&lines, first, i) {
                Reach::Rest => {
                    cut_from = i;
                    break;
                }
                Reach::Block(end) => {
                    why[i..end].fill(Some(Reason::Trailer));
                    skip_until = end;
                    continue;
                }
                Reach::Nothing => {}
            }
        }
        let mut cookie_notice = || {
            is_cookie_notice(lower) && {
                let body = body.get_or_insert_with(|| body_lines(&lines, has_title));
                body.binary_search(&i).is_ok_and(|k| on_edge(k, body.len()))
            }
        };
        let chrome = (is_trailer_line(lower) || cookie_notice())
            && !the_sections_own(lower, || section_heading(&lines, first, i));
        why[i] = if chrome {
            Some(Reason::Trailer)
        } else if is_repeated(i, line) && !titled(i) {
            Some(Reason::Repeated)
        } else {
            None
        };
    }
    why[cut_from..]
        .iter_mut()
        .for_each(|w| *w = Some(Reason::Trailer));
    let removed: Vec<(&str, Reason)> = lines
        .iter()
        .zip(&why)
        .filter_map(|(l, w)| Some((l.trim(), (*w)?)))
        .filter(|(l, _)| !l.is_empty())
        .collect();
    if removed.is_empty() {
        return untouched();
    }
    let kept = lines.iter().zip(&why).filter(|(_, w)| w.is_none());
    let out = rebuild(kept.map(|(line, _)| *line), text.len());
    let words_removed = rough_words(removed.iter().map(|(l, _)| *l), u64::MAX);
    // Heavy when removed > share · (removed + kept): count the kept words
    // only as far as that needs.
    let enough = (words_removed as f64 * (1.0 - HEAVY_SHARE) / HEAVY_SHARE).floor() as u64 + 1;
    let kept = rough_words(
        lines
            .iter()
            .zip(&why)
            .filter(|(_, w)| w.is_none())
            .map(|(l, _)| *l),
        enough,
    );
    Stripped {
        text: Cow::Owned(out),
        lines: removed.len() as u64,
        words_removed,
        words: if kept < enough {
            words_removed + kept
        } else {
            0
        },
        removed,
    }
}

/// How much of a text a trailer heading takes.
enum Reach {
    /// Itself and everything after it.
    Rest,
    /// Itself and the lines of its paragraph, up to this line: a box of
    /// links inside the article.
    Block(usize),
    /// Nothing: it stands before the text's prose.
    Nothing,
}

/// How much a trailer heading at line `at` (the body starting at line
/// `first`) takes (see [`prose_words`] for prose). The rest of the text,
/// when more prose stands before it than after, and at most one paragraph
/// of prose (a footer's) after its links — or, neither side having any,
/// when it is in the second half of the lines; its own paragraph (the
/// heading and its links) when two paragraphs of prose or more follow it
/// and some stands before it (a "Lesen Sie auch:" box inside an article,
/// whose paragraphs after it had been cut); else nothing. Prose, not
/// lines: the links, menus and footer lines after a short article had
/// made a heading the page's midpoint, and one footer line added to the
/// site moved it into the first half — its block of related headlines
/// then counted as the article's text, a false addition of a dozen words
/// to articles unchanged. Footers change; the prose of an article does
/// not follow them.
fn trailer_reach(lines: &[&str], first: usize, at: usize) -> Reach {
    let block_end = (at + 1..lines.len())
        .find(|&k| trim(lines[k]).is_empty())
        .unwrap_or(lines.len());
    // A heading followed by prose, not links (its own lines, or the
    // paragraph after it), opens a section of the text: `Related` over a
    // last paragraph of the article had cut it, and an edit to it was
    // reported nowhere.
    let next = if block_end > at + 1 {
        &lines[at + 1..block_end]
    } else {
        let start = (block_end..lines.len())
            .find(|&k| !trim(lines[k]).is_empty())
            .unwrap_or(lines.len());
        let end = (start..lines.len())
            .find(|&k| trim(lines[k]).is_empty())
            .unwrap_or(lines.len());
        &lines[start..end]
    };
    if prose_words(next) > 0 {
        return Reach::Nothing;
    }
    // The prose after its links, and in how many paragraphs: two or more,
    // the article goes on (a footer has a line of prose at most).
    let (mut after, mut paragraphs) = (0, 0);
    for p in lines[block_end..].split(|l| trim(l).is_empty()) {
        let words = prose_words(p);
        after += words;
        paragraphs += usize::from(words > 0);
    }
    let goes_on = paragraphs >= 2;
    // The prose before it, a paragraph at a time back from it, only as far
    // as it takes to outweigh what is after (a crawl's every page has its
    // heading of related links: its whole text need not be weighed).
    let mut before = 0;
    let mut end = at;
    while end > first {
        while end > first && trim(lines[end - 1]).is_empty() {
            end -= 1;
        }
        let mut start = end;
        while start > first && !trim(lines[start - 1]).is_empty() {
            start -= 1;
        }
        before += prose_words(&lines[start..end]);
        if before > after && !goes_on {
            return Reach::Rest;
        }
        end = start;
    }
    match (before, after) {
        (0, 0) if at * 2 >= lines.len() => Reach::Rest,
        (0, _) => Reach::Nothing,
        _ if goes_on => Reach::Block(block_end),
        _ => Reach::Nothing,
    }
}

/// Words of the paragraphs of prose among `lines` (paragraphs are runs of
/// non-blank lines): a paragraph of [`PROSE_LINE_MIN_WORDS`] words or
/// more that ends as a sentence does and whose lines are not a list of
/// short ones (half of them or more of at least 5 words: wrapped prose,
/// not link titles, one of which may end in `?`).
fn prose_words(lines: &[&str]) -> usize {
    let mut total = 0;
    for block in lines.split(|l| trim(l).is_empty()) {
        let Some(last) = block.last() else {
            continue;
        };
        // Words counted between ASCII spaces: a rough count, fast (every
        // trailer heading of a crawl asks for a page's paragraphs).
        let (mut n, mut long_lines) = (0, 0);
        for l in block {
            let w = l.split_ascii_whitespace().count();
            n += w;
            long_lines += usize::from(w >= 5);
        }
        if n >= PROSE_LINE_MIN_WORDS
            && long_lines * 2 >= block.len()
            && crate::tokenize::ends_as_prose(trim(last))
        {
            total += n;
        }
    }
    total
}

/// Whether a line (in any case) is a heading that opens a block of
/// related stories (see [`is_trailer_start`]).
pub(crate) fn opens_related(line: &str) -> bool {
    let t = trim(line);
    t.len() <= SHORT_LINE && is_trailer_start(&t.to_lowercase().replace('\t', " "))
}

/// Lines that open a trailer of related links: everything after goes.
fn is_trailer_start(lower: &str) -> bool {
    let t = lower.trim_end_matches(|c: char| c == ':' || c == '.' || c.is_whitespace());
    matches!(
        t,
        "you might also like"
            | "you may also like"
            | "related"
            | "related articles"
            | "related stories"
            | "related content"
            | "recommended"
            | "recommended for you"
            | "more stories"
            | "more from this section"
            | "most read"
            | "most popular"
            | "trending now"
            | "related posts"
            | "related coverage"
            | "related news"
            | "related reading"
            | "more on this story"
            | "more on this topic"
            | "you may also be interested in"
            | "recommended reading"
            | "das könnte sie auch interessieren"
            | "das könnte dich auch interessieren"
            | "lesen sie auch"
            | "mehr zum thema"
            | "mehr zu diesem thema"
            | "ähnliche artikel"
            | "verwandte artikel"
            | "weitere artikel"
            | "auch interessant"
            | "meistgelesen"
            | "à lire aussi"
            | "a lire aussi"
            | "lire aussi"
            | "sur le même sujet"
            | "sur le même thème"
            | "articles similaires"
            | "articles liés"
            | "dans la même rubrique"
            | "vous aimerez aussi"
            | "les plus lus"
            | "también te puede interesar"
            | "te puede interesar"
            | "noticias relacionadas"
            | "artículos relacionados"
            | "te recomendamos"
            | "lo más leído"
            | "leggi anche"
            | "articoli correlati"
            | "ti potrebbe interessare"
            | "potrebbe interessarti anche"
            | "i più letti"
            | "lees ook"
            | "gerelateerde artikelen"
            | "leia também"
            | "veja também"
            | "artigos relacionados"
            | "notícias relacionadas"
    )
}

/// What a trailer line holds anywhere (each with a `v`: see
/// [`is_trailer_line`]).
const CONTAINS: &[&str] = &[
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
];

/// Short lines that are site chrome wherever they stand.
fn is_trailer_line(lower: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "read more:",
        "read more »",
        "read next:",
        "share this",
        "share on ",
        "follow us on",
        "click here to",
        "©",
        "copyright ©",
        "mehr lesen:",
        "artikel teilen",
        "lire la suite",
        "partager cet article",
        "leer más:",
        "compartir este artículo",
        "listen to this article",
        "newsletter abonnieren",
        "abonnez-vous à notre newsletter",
        "inscrivez-vous à notre newsletter",
        "suscríbete a nuestro boletín",
        "iscriviti alla newsletter",
        "artikel anhören",
        "écouter cet article",
        "escuchar este artículo",
    ];
    const EXACT: &[&str] = &[
        "advertisement",
        "read more",
        "skip to content",
        "share",
        "anzeige",
        "publicité",
        "gift article",
        "gift this article",
        "share full article",
        "save article",
        "save for later",
    ];
    // A newsletter box's line ends with its button (`Get the Morning
    // Briefing in your inbox every weekday. Sign up`).
    const BUTTONS: &[&str] = &[
        " sign up",
        " subscribe",
        " subscribe now",
        " jetzt abonnieren",
        " s'abonner",
        " je m'abonne",
        " suscríbete",
        " iscriviti",
    ];
    // `Sign up for our newsletter`, `Subscribe to continue reading`; not
    // an instruction that says where (`Sign up for an account at
    // acme.example.com.`).
    let instruction = || {
        lower.contains("http")
            || lower.split_whitespace().any(|w| {
                w.trim_end_matches(['.', ',', ')'])
                    .split('.')
                    .filter(|p| !p.is_empty())
                    .count()
                    >= 2
                    && w.chars().next().is_some_and(char::is_alphanumeric)
            })
    };
    let prompt = ["sign up for ", "subscribe to "]
        .iter()
        .any(|p| lower.starts_with(p))
        && !instruction();
    let copyright_c = lower.strip_prefix("(c) ").is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit()) || rest.contains("rights")
    });
    copyright_c
        || prompt
        || is_counter(lower)
        || PREFIXES.iter().any(|p| lower.starts_with(p))
        || {
            // (Searchers built once: `str::contains` sets one up for each
            // line. Each of the four holds a `v`, which most lines lack.)
            static CONTAINED: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
                std::sync::LazyLock::new(|| {
                    CONTAINS.iter().map(memchr::memmem::Finder::new).collect()
                });
            memchr::memchr(b'v', lower.as_bytes()).is_some()
                && CONTAINED.iter().any(|f| f.find(lower.as_bytes()).is_some())
        }
        || EXACT.contains(&lower)
        || BUTTONS.iter().any(|b| {
            // After the box's sentence (`… every weekday. Sign up`), not
            // ending one (`open the dashboard and click Sign up`).
            lower
                .strip_suffix(b)
                .is_some_and(|before| before.trim_end().ends_with(['.', '!', '?', ':']))
        })
}

/// The heading of the section line `i` stands in: the nearest line above
/// it (below the title, at most [`SECTION_REACH`] lines up) that is a
/// Markdown heading (`## License`) or a short line standing alone between
/// blank lines, not ending as a sentence (`Cookies`).
fn section_heading<'a>(lines: &[&'a str], first: usize, i: usize) -> Option<&'a str> {
    let blank = |k: usize| lines.get(k).is_none_or(|l| trim(l).is_empty());
    (first..i)
        .rev()
        .take(SECTION_REACH)
        .map(|k| (k, trim(lines[k])))
        .find(|&(k, t)| {
            t.starts_with('#')
                || (!t.is_empty()
                    && blank(k + 1)
                    && (k == first || blank(k - 1))
                    && !t.ends_with(['.', ',', ';', ':', '!', '?'])
                    && t.len() <= 4 * 60
                    && t.chars().count() <= 60)
        })
        .map(|(_, t)| t)
}

/// How many lines up [`section_heading`] looks.
const SECTION_REACH: usize = 200;

/// Whether a trailer pattern's line is the text of its section, not
/// chrome: a copyright line naming its licence (`© 2024 Acme. Released
/// under the MIT License.`) or in a section on the licence (`## License`:
/// `All rights reserved.`), a cookie line in a section on cookies (a
/// privacy policy's `Cookies`; not a banner's `Cookie settings`).
fn the_sections_own<'a>(lower: &str, heading: impl FnOnce() -> Option<&'a str>) -> bool {
    // A heading on the licence is made of these words only, one of the
    // first kind at least (`## License`, `Copyright and licence`; not
    // `The licence fee debate` or `Reprints & Licensing` of a footer).
    const LICENCE_TITLES: &[&str] = &[
        "license",
        "licence",
        "licensing",
        "licenses",
        "licences",
        "copyright",
        "lizenz",
        "urheberrecht",
        "licencia",
        "licenza",
        "licentie",
    ];
    const LICENCE_WORDS: &[&str] = &[
        "and",
        "&",
        "notice",
        "information",
        "legal",
        "terms",
        "und",
        "hinweis",
        "et",
        "y",
    ];
    // A licence named in the line itself (`© 2024 Acme. Released under the
    // MIT License.`).
    const LICENCES: &[&str] = &[
        "mit license",
        "apache license",
        "general public license",
        "gnu gpl",
        "gpl-",
        "gplv",
        "lgpl",
        "bsd license",
        "bsd-",
        "creative commons",
        "cc by",
        "cc0",
        "public domain",
        "mozilla public license",
        "licensed under",
        "released under",
        "sous licence",
        "bajo licencia",
        "unter der lizenz",
    ];
    // A section on cookies is titled so (a policy's `Cookies`; a banner's
    // `Cookies on GOV.UK`, `This website uses cookies` are not).
    const COOKIE_TITLES: &[&str] = &[
        "cookies",
        "cookie policy",
        "use of cookies",
        "how we use cookies",
        "our use of cookies",
        "cookies and similar technologies",
        "what are cookies",
        "about cookies",
        "verwendung von cookies",
        "cookie-richtlinie",
        "utilisation des cookies",
        "uso de cookies",
        "política de cookies",
    ];
    let copyright = lower.starts_with('©')
        || lower.starts_with("(c) ")
        || lower.starts_with("copyright")
        || lower.contains("rights reserved")
        || lower.contains("rechte vorbehalten")
        || lower.contains("droits réservés")
        || lower.contains("derechos reservados");
    if copyright && LICENCES.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if !copyright && !is_cookie_notice(lower) {
        return false;
    }
    let Some(heading) = heading() else {
        return false;
    };
    let mut h = String::new();
    crate::tokenize::lowercase_into(heading, &mut h);
    let title = h
        .trim_start_matches(['#', ' '])
        .trim_end_matches([':', ' ', '#'])
        .trim();
    if copyright {
        let words: Vec<&str> = title.split_whitespace().collect();
        words.iter().any(|w| LICENCE_TITLES.contains(w))
            && words
                .iter()
                .all(|w| LICENCE_TITLES.contains(w) || LICENCE_WORDS.contains(w))
    } else {
        COOKIE_TITLES.contains(&title)
    }
}

/// A page's counter or clock (`Comments 214`, `5 min read`, `Lesezeit:
/// 4 Min.`, `Updated 12 min ago`, `vor 3 Stunden`): chrome that changes
/// from crawl to crawl. Its numbers are read as `#` (a number's `.` is its
/// own only between digits: `4. Comments`, a numbered heading, is no
/// count), colons and spaces made plain, and what is left looked up among
/// the shapes [`counter_shapes`] makes, in English, German, French,
/// Spanish, Italian and Dutch; a line of two counters joined by `·` or `|`
/// is one.
fn is_counter(lower: &str) -> bool {
    if lower.len() > 80 || !lower.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut shape = String::with_capacity(lower.len());
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            // A number: digits with `,`, `.` or `:` between them (`1,204`,
            // `5:42`), and a `k` of thousands (`1.2k`).
            loop {
                let mut ahead = chars.clone();
                match ahead.next() {
                    Some(n) if n.is_ascii_digit() => {
                        chars.next();
                    }
                    Some(',' | '.' | ':') if ahead.next().is_some_and(|d| d.is_ascii_digit()) => {
                        chars.next();
                    }
                    _ => break,
                }
            }
            if chars.peek() == Some(&'k') {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.next().is_none_or(|n| !n.is_alphanumeric()) {
                    chars.next();
                }
            }
            shape.push('#');
        } else if c == ':' || c.is_whitespace() {
            if !shape.ends_with(' ') && !shape.is_empty() {
                shape.push(' ');
            }
        } else {
            shape.push(c);
        }
    }
    let shape = shape.trim_end_matches(['.', ' ']);
    let shapes = counter_shapes();
    shape
        .split(['·', '|'])
        .all(|part| shapes.contains(part.trim().trim_end_matches('.')))
}

/// The shapes of [`is_counter`]'s lines: counts of comments, reading
/// times, and clocks (`# min ago`), singular and plural.
fn counter_shapes() -> &'static std::collections::HashSet<String> {
    static SHAPES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut out = std::collections::HashSet::new();
        // Comments: `# comments`, `comments #`, `comments (#)`.
        for word in [
            "comment",
            "comments",
            "kommentar",
            "kommentare",
            "commentaire",
            "commentaires",
            "comentario",
            "comentarios",
            "commento",
            "commenti",
            "reactie",
            "reacties",
        ] {
            out.insert(format!("# {word}"));
            out.insert(format!("{word} #"));
            out.insert(format!("{word} (#)"));
        }
        // Reading times.
        let minutes = [
            "min", "min.", "mins", "minute", "minutes", "minuten", "minutos", "minuti",
        ];
        for m in minutes {
            for read in [
                "read",
                "lesezeit",
                "de lecture",
                "de lectura",
                "di lettura",
                "leestijd",
            ] {
                out.insert(format!("# {m} {read}"));
            }
            for read in [
                "reading time",
                "lesezeit",
                "lesedauer",
                "temps de lecture",
                "tiempo de lectura",
                "tempo di lettura",
                "lettura",
                "leestijd",
            ] {
                out.insert(format!("{read} # {m}"));
            }
        }
        out.insert("#-minute read".into());
        out.insert("#-min read".into());
        out.insert("#min read".into());
        // Clocks: `# min ago`, `updated # hours ago`, `vor # Stunden`.
        let units = [
            "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr",
            "hrs", "hour", "hours", "day", "days", "week", "weeks",
        ];
        for u in units {
            for lead in [
                "",
                "updated ",
                "published ",
                "posted ",
                "live updated ",
                "last updated ",
            ] {
                out.insert(format!("{lead}# {u} ago"));
            }
        }
        for u in [
            "minute", "minuten", "min", "stunde", "stunden", "tag", "tagen", "woche", "wochen",
        ] {
            for lead in [
                "vor ",
                "aktualisiert vor ",
                "aktualisiert ",
                "veröffentlicht vor ",
            ] {
                out.insert(format!("{lead}# {u}"));
            }
        }
        for u in [
            "min", "minute", "minutes", "heure", "heures", "jour", "jours",
        ] {
            out.insert(format!("il y a # {u}"));
            out.insert(format!("mis à jour il y a # {u}"));
        }
        for u in ["minuto", "minutos", "hora", "horas", "día", "días"] {
            out.insert(format!("hace # {u}"));
            out.insert(format!("actualizado hace # {u}"));
        }
        for u in ["minuto", "minuti", "ora", "ore", "giorno", "giorni"] {
            out.insert(format!("# {u} fa"));
        }
        out
    })
}

/// A cookie notice's line (`We use cookies …`, `Accept all cookies`): chrome
/// only on a document's edges — in the middle of a privacy policy, `how
/// we use different types of cookies:` is its text.
fn is_cookie_notice(lower: &str) -> bool {
    // (A searcher built once: `str::contains` sets one up for each line.)
    static COOKIE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("cookie"));
    COOKIE.find(lower.as_bytes()).is_some()
        && (lower.contains("we use") || lower.contains("accept"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_phrases_hold_the_byte_searched_first() {
        assert!(CONTAINS.iter().all(|p| p.contains('v')));
        assert!(is_trailer_line("© 2024 acme. all rights reserved."));
        assert!(!is_trailer_line("all rights are reserved by the owner"));
    }

    #[test]
    fn trim_is_str_trim() {
        for line in [
            "",
            " ",
            "\t\t",
            "  word  ",
            "\tword",
            "word\r",
            "\u{a0}word\u{a0}",
            " \u{a0} x",
            "x \u{2003}",
            " é ",
            "\u{b}a\u{c}",
            "\u{85}x",
            " a b ",
        ] {
            assert_eq!(trim(line), line.trim(), "{line:?}");
        }
    }

    #[test]
    fn menu_marks_are_found_by_their_bytes() {
        for line in ["Home | News", "Home • News", "Home · News", "a|", "•", "·"] {
            assert!(has_menu_mark(line), "{line}");
        }
        // Other characters ending in the same bytes: `â` (C3 A2), `¢`
        // (C2 A2), `Ʒ` (C6 B7), `∢` (E2 88 A2).
        for line in ["château", "5¢ each", "Ʒ and ∢", "plain text", ""] {
            assert!(!has_menu_mark(line), "{line}");
        }
    }

    #[test]
    fn lines_and_trims_are_the_standard_librarys() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "\na\n\n b \r\n",
            " \u{a0}x\u{2003}\n\tend\t",
            "x\u{a0}",
        ] {
            assert_eq!(
                split_lines(text),
                text.split('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
            for line in text.split('\n') {
                assert_eq!(trim(line), line.trim(), "{line:?}");
            }
        }
    }

    const ARTICLE: &str = "Headline\n\nFirst paragraph of the story.\n\nSecond paragraph.\n\nShare this article: Facebook | X | Email\n\nThird paragraph.\n\nYou Might Also Like\n\nRead more: Another story\n\nSome related headline\n";

    #[test]
    fn trailers_are_removed() {
        let (text, removed) = strip(ARTICLE, true, Mode::Trailers, None);
        assert_eq!(removed, 4);
        assert!(text.contains("Third paragraph."));
        assert!(!text.contains("Share this"));
        assert!(!text.contains("You Might"));
        assert!(!text.contains("related headline"));
    }

    #[test]
    fn a_cookie_notice_is_chrome_only_on_the_edges() {
        let middle: String = (0..30)
            .map(|k| format!("Paragraph {k} of the policy.\n\n"))
            .collect();
        let text = format!(
            "Privacy Statement\n\nWe use cookies to run this site. Accept all cookies?\n\n{middle}The table below shows how we use different types of cookies:\n\n{middle}End.\n"
        );
        let (out, removed) = strip(&text, true, Mode::Trailers, None);
        assert_eq!(removed, 1, "{out}");
        assert!(!out.contains("Accept all cookies"));
        assert!(out.contains("how we use different types of cookies:"));
    }

    #[test]
    fn patterns_inside_wrapped_paragraphs_are_prose() {
        let text = "Title\n\nThe drivers who were\nrelated.\nDrivers said more.\nMore text here.\nAnd here.\n\n(c) The licensee may copy the work.\n";
        let (out, removed) = strip(text, true, Mode::Trailers, None);
        assert_eq!(removed, 0);
        assert_eq!(out, text);
        let (_, removed) = strip(
            "Title\n\nBody.\n\n(c) 2024 The Courier\n",
            true,
            Mode::Trailers,
            None,
        );
        assert_eq!(removed, 1);
    }

    /// The title line after blank lines (a text dump) is the title, kept
    /// as on the first line: `(c) 2024 The Courier` as a title stays.
    #[test]
    fn a_title_after_blank_lines_is_kept() {
        let text = "\n\n(c) 2024 The Courier\n\nBody.\n";
        let (out, removed) = strip(text, true, Mode::Trailers, None);
        assert_eq!(removed, 0, "{out}");
    }

    /// A capitalized line that continues a wrapped sentence is no trailer
    /// (a terms of service wrapped at 72 columns had lost `Website and
    /// Service is copyright © GitHub, Inc. All rights reserved. You`);
    /// a trailer set with tabs is one.
    #[test]
    fn a_capitalized_line_inside_a_wrapped_sentence_is_prose() {
        let text = "Terms of Use\n\nWe reserve all rights that are not expressly granted to you under this\nAgreement or by law. The look and feel of the\nWebsite and Service is copyright © GitHub, Inc. All rights reserved. You\nmay not duplicate, copy, or reuse any portion of the HTML/CSS.\n";
        let (out, removed) = strip(text, true, Mode::Trailers, None);
        assert_eq!(removed, 0, "{out}");
        let tabs = ARTICLE.replace("You Might Also Like", "You\tMight\tAlso\tLike");
        let (out, removed) = strip(&tabs, true, Mode::Trailers, None);
        assert_eq!(removed, 4, "{out}");
        // Under a menu's line a capitalized trailer is still alone.
        let (out, removed) = strip(
            "Title\n\nBody of the story ends here.\n\nHome | News | Sport\nShare this article\n",
            true,
            Mode::Trailers,
            None,
        );
        assert!(!out.contains("Share this"), "{out}");
        assert!(removed >= 1);
    }

    /// The headings of related stories in the languages folio reads
    /// (found by an audit of news pages: `Ähnliche Artikel`, `Related
    /// Posts` had kept their teasers as the article's text).
    #[test]
    fn related_headings_open_trailers_in_many_wordings() {
        for heading in [
            "Related Posts",
            "More on this story",
            "Ähnliche Artikel",
            "Das könnte dich auch interessieren:",
            "Articles similaires",
            "Artículos relacionados",
            "Articoli correlati",
            "Lees ook",
            "Leia também",
        ] {
            let text = ARTICLE.replace("You Might Also Like", heading);
            let (out, removed) = strip(&text, true, Mode::Trailers, None);
            assert_eq!(removed, 4, "{heading}: {out}");
            assert!(!out.contains("related headline"), "{heading}");
        }
    }

    #[test]
    fn none_keeps_everything() {
        let (text, removed) = strip(ARTICLE, true, Mode::None, None);
        assert_eq!(removed, 0);
        assert_eq!(text, ARTICLE);
    }

    #[test]
    fn trailer_start_in_first_half_is_kept() {
        let text = "Related\n\nA long story body line.\nmore\nmore\nmore\n";
        let (out, removed) = strip(text, false, Mode::Trailers, None);
        assert_eq!(removed, 0);
        assert_eq!(out, text);
    }

    /// The same article with one footer line more: its related links are
    /// a trailer in both (they had been the article's in the longer one,
    /// the heading's line falling into the first half).
    #[test]
    fn a_related_block_is_a_trailer_whatever_the_footer_below_it() {
        let page = |footer: &str| {
            format!(
                "Bridge closes for repairs\n\nThe old bridge over the canal closed on Friday for six weeks of repairs to its deck.\n\nDrivers were told to use the ring road, which adds about ten minutes to the trip.\n\nRelated articles\nCanal path reopens\nNew bus lane planned\n\n© 2025 The Canal Courier\n{footer}"
            )
        };
        for footer in [
            "",
            "Contact us\n",
            "Contact us\nPrivacy\nTerms of use\nCareers\n",
        ] {
            let text = page(footer);
            let (out, _) = strip(&text, true, Mode::Trailers, None);
            assert!(out.contains("ring road"), "{out}");
            assert!(!out.contains("Related"), "footer {footer:?}: {out}");
            assert!(!out.contains("bus lane"), "footer {footer:?}: {out}");
        }
    }

    /// Found by an audit of diffs: a `Related` heading over prose (an
    /// article's last paragraph, a wiki's `see …` lines) is a section of
    /// the text, and an edit to it is told; over links, a trailer.
    #[test]
    fn a_related_heading_over_prose_cuts_nothing() {
        let article = "Bridge closes for repairs\n\nThe old bridge over the canal closed on Friday for six weeks of repairs to its deck.\n\nDrivers were told to use the ring road, which adds about ten minutes to the trip.\n\nRelated\n\n";
        for tail in [
            "The council will vote on the school closures on 4 May, after the repairs.\n",
            "See the canal article for the history of the bridge and its three earlier repairs.\n",
        ] {
            let text = format!("{article}{tail}");
            let (out, removed) = strip(&text, true, Mode::Trailers, None);
            assert_eq!(removed, 0, "{out}");
            assert_eq!(out, text);
        }
        let links = format!("{article}Canal path reopens\nNew bus lane planned\n");
        let (out, _) = strip(&links, true, Mode::Trailers, None);
        assert!(!out.contains("bus lane"), "{out}");
    }

    /// A box of links inside an article, with more article after it: the
    /// box goes, the paragraphs after it stay (they had been cut as a
    /// trailer when a little more prose stood before the box than after).
    #[test]
    fn a_box_of_links_inside_the_article_takes_only_itself() {
        let para = |k: usize| {
            format!("Paragraph {k} of the report tells how the council weighed the plan for the harbour, and what it decided.\n\n")
        };
        let before: String = (1..=3).map(para).collect();
        let after: String = (4..=5).map(para).collect();
        let text = format!(
            "Harbour plan\n\n{before}Lesen Sie auch:\nFähre fährt wieder\nNeue Buslinie\n\n{after}"
        );
        let (out, removed) = strip(&text, true, Mode::Trailers, None);
        assert_eq!(removed, 3, "{out}");
        assert!(out.contains("Paragraph 5"), "{out}");
        assert!(!out.contains("Buslinie"), "{out}");
    }

    /// A box of most-read headlines between a long menu and the article
    /// is past the middle of the page's lines, but the article's prose
    /// follows it: nothing is cut.
    #[test]
    fn a_related_block_before_the_article_cuts_nothing() {
        let menu: String = (1..=14).map(|k| format!("Section {k}\n")).collect();
        let text = format!(
            "Harbour news\n\n{menu}\nMost read\nFerry fares rise\nNew mayor sworn in\n\nThe harbour master said on Monday that the dredging would start in June.\n\nShips will be guided through the narrow channel by two pilot boats.\n"
        );
        let (out, removed) = strip(&text, true, Mode::Trailers, None);
        assert_eq!(removed, 0, "{out}");
        assert!(out.contains("pilot boats"));
    }

    /// Share, newsletter, copyright and cookie lines in one block of lines
    /// under the article go as they go standing alone; the same words as
    /// the continuation of a wrapped paragraph stay.
    #[test]
    fn trailer_lines_go_inside_a_block_of_lines_but_not_inside_a_paragraph() {
        let block = "Ferry service resumes\n\nThe ferry to the island ran again on Sunday after a week of storms.\nShare this story: Facebook | Email\n\nThe Island Weekly in your inbox every Friday. Sign up\n© 2025 The Island Weekly\nWe use cookies to make this site work.\n";
        let (out, removed) = strip(block, true, Mode::Trailers, None);
        assert_eq!(out, "Ferry service resumes\n\nThe ferry to the island ran again on Sunday after a week of storms.\n\n");
        assert_eq!(removed, 4);
        let menu = "Grève des contrôleurs\n\nAccueil | Région | Sport\nNous utilisons des cookies. Tout accepter | We use cookies, accept?\n\nLes trains ne circuleront pas samedi.\n";
        assert_eq!(strip(menu, true, Mode::Trailers, None).1, 1);
        let button = "Keys\n\nTo get an API key, open the dashboard and click Sign up\nthen copy the key shown.\n";
        assert_eq!(strip(button, true, Mode::Trailers, None).1, 0);
        let wrapped = "Notice\n\nThe Initial Developer is the author. Portions are Copyright (C) ______\n______. All Rights Reserved.\n\nTo hear of new releases you may\nsubscribe to the list of the project.\n";
        let (out, removed) = strip(wrapped, true, Mode::Trailers, None);
        assert_eq!(removed, 0, "{out}");
    }

    /// A pattern's line that is its section's text stays: a README's
    /// licence section and sign-up instruction, a privacy policy's section
    /// on cookies; the same lines as a page's footer or banner go.
    #[test]
    fn a_sections_own_lines_are_text() {
        let readme = "Acme CLI\n\nAcme manages cloud resources from your terminal.\n\n## Getting started\n\nSign up for an account at acme.example.com.\nInstall the CLI with pip.\n\n## License\n\n© 2024 Acme Inc.\nAll rights reserved.\n\n## Credits\n\n© 2023 Jane Doe. Released under the MIT License.\n";
        let (out, removed) = strip(readme, true, Mode::Trailers, None);
        assert_eq!(removed, 0, "{out}");
        let policy = "Privacy Policy\n\nThis policy explains how we use your data.\n\nCookies\n\nWe use cookies to keep you signed in.\nAccept all cookies only if you agree to analytics.\n";
        let (out, removed) = strip(policy, true, Mode::Trailers, None);
        assert_eq!(removed, 0, "{out}");
        let page = "Ferry fares rise\n\nCookie settings\n\nWe use cookies to measure our audience.\n\nFares rise by a tenth in May, the operator said.\n\nMore news\n\nSign up for our newsletter\nSubscribe to email alerts\n© 2025 The Island Weekly. All rights reserved.\nCopyright © 2025 Island Media\n";
        let (out, removed) = strip(page, true, Mode::Trailers, None);
        assert_eq!(removed, 5, "{out}");
        assert!(out.contains("Fares rise by a tenth"));
    }

    /// Counters and clocks of a page are chrome in any language; the same
    /// numbers in a sentence are text.
    #[test]
    fn counters_and_clocks_are_chrome() {
        let chrome = |line: &str| {
            let mut lower = String::new();
            crate::tokenize::lowercase_into(line, &mut lower);
            is_trailer_line(&lower)
        };
        for line in [
            "Comments 214",
            "1,204 comments",
            "Comments: 214",
            "1.2K Comments",
            "1 Kommentar",
            "5 min read",
            "12-minute read",
            "Lesezeit: 4 Min.",
            "5 Min. Lesezeit",
            "Temps de lecture\u{a0}: 4 min",
            "Leestijd 4 minuten",
            "Updated 12 min ago",
            "Updated 3 days ago",
            "Published 3 hours ago",
            "vor 3 Stunden",
            "vor 1 Minute",
            "il y a 1 heure",
            "hace 2 horas",
            "5 min read · 214 comments",
            "Gift Article",
            "Listen to this article · 5:42 min Learn more",
        ] {
            assert!(chrome(line), "{line}");
        }
        for line in [
            "The council read 214 comments.",
            "5 min",
            "Bake for 20 min",
            "Comments",
            "Section 12 min. wage",
            "4. Comments",
            "2) Kommentare",
        ] {
            assert!(!chrome(line), "{line}");
        }
    }

    #[test]
    fn title_is_never_removed() {
        let (out, _) = strip("Share this\n\nBody.\n", true, Mode::Trailers, None);
        assert!(out.starts_with("Share this"));
    }

    fn repeated(docs: &[String]) -> Repeated {
        let sketches: Vec<(String, Sketch)> = docs
            .iter()
            .map(|d| ("r".to_string(), sketch(d, true)))
            .collect();
        repeated_lines(&sketches).remove("r").unwrap_or_default()
    }

    #[test]
    fn repeated_lines_need_enough_documents() {
        let doc = |i: usize| {
            format!(
                "Title {i}\n\nStory number {i} tells of the harbour.\n\nThe Gazette is a member of the press council.\n"
            )
        };
        let nine: Vec<String> = (0..9).map(doc).collect();
        assert!(repeated(&nine).is_empty());
        let ten: Vec<String> = (0..10).map(doc).collect();
        let r = repeated(&ten);
        assert_eq!(r.len(), 1);
        let text = doc(3);
        let (out, removed) = strip(&text, true, Mode::Auto, Some(&r));
        assert_eq!(removed, 1);
        assert!(out.contains("Story number 3"));
        assert!(!out.contains("Gazette"));
        // `trailers` ignores repeated lines.
        assert_eq!(strip(&text, true, Mode::Trailers, Some(&r)).1, 0);
    }

    /// A section title every document has near its start, underlined
    /// (`Bugfixes` / `========`, a patch release's notes), is the text's:
    /// removed, it had left its underline alone.
    #[test]
    fn an_underlined_title_is_never_chrome() {
        let doc = |i: usize| {
            format!(
                "Gizmo 1.{i} release notes\n\nGizmo 1.{i} fixes {i} bugs.\n\nBugfixes\n========\n\n* Fixed crash number {i}.\n\nThe Gazette is a member of the press council.\n"
            )
        };
        let docs: Vec<String> = (0..10).map(doc).collect();
        let r = repeated(&docs);
        let (out, removed) = strip(&docs[3], true, Mode::Auto, Some(&r));
        assert_eq!(removed, 1, "{out}");
        assert!(
            out.contains("Bugfixes\n========") && !out.contains("Gazette"),
            "{out}"
        );
    }

    /// Ten documents, three of them licences of one foundation sharing a
    /// sentence of their text, all ten sharing the site's menu line: the
    /// menu is chrome, the licences' sentence is their text.
    #[test]
    fn a_sentence_of_prose_shared_by_a_few_documents_is_their_text() {
        let notice = "Everyone may copy and share exact copies of this licence, but nobody may change its wording.";
        let doc = |i: usize| {
            let shared = if i < 3 { notice } else { "" };
            format!(
                "Document {i}\n\nHome | Licences | About\n{shared}\n\nThe text of document {i} says what document {i} grants.\n\nClause {i}a of it.\n\nClause {i}b of it.\n\nClause {i}c of it.\n"
            )
        };
        let docs: Vec<String> = (0..10).map(doc).collect();
        let r = repeated(&docs);
        let (out, removed) = strip(&docs[1], true, Mode::Auto, Some(&r));
        assert_eq!(removed, 1, "{out}");
        assert!(
            out.contains(notice) && !out.contains("Home | Licences"),
            "{out}"
        );
        // Shared by most documents, a sentence is a site's notice.
        let most = |i: usize| doc(i).replace("\n\nThe text", &format!("\n{notice}\n\nThe text"));
        let docs: Vec<String> = (0..10).map(most).collect();
        let r = repeated(&docs);
        let (out, _) = strip(&docs[5], true, Mode::Auto, Some(&r));
        assert!(!out.contains(notice), "{out}");
    }

    #[test]
    fn code_fences_are_never_repeated_chrome() {
        // Twelve READMEs, each opening a `bash` block on its edge.
        let doc = |i: usize| {
            format!("Project {i}\n\n```bash\npip install proj{i}\n```\n\nProject {i} counts words in text number {i}.\n")
        };
        let docs: Vec<String> = (0..12).map(doc).collect();
        let r = repeated(&docs);
        let (out, removed) = strip(&docs[4], true, Mode::Auto, Some(&r));
        assert_eq!(removed, 0, "{out}");
    }

    /// A page of a site crawl: the site's header and footer around an
    /// article of its own.
    fn page(i: usize) -> String {
        let mut t = format!(
            "Story {i}\n\nHome | News | Sport | Weather\nSkip navigation\nThe Harbour Gazette\n\n"
        );
        for p in 0..40 {
            t.push_str(&format!(
                "Paragraph {p} of story {i}: the council of ward {} debated item {} at length.\n\n",
                i * 7 + p,
                i * 13 + p
            ));
        }
        t.push_str("About the Gazette: an independent paper since 1881.\nContact the newsroom\n");
        t
    }

    #[test]
    fn a_crawl_loses_exactly_its_header_and_footer() {
        let pages: Vec<String> = (0..20).map(page).collect();
        let r = repeated(&pages);
        assert_eq!(r.len(), 5, "the five chrome lines");
        for p in &pages {
            let (out, removed) = strip(p, true, Mode::Auto, Some(&r));
            assert_eq!(removed, 5);
            assert_eq!(out.matches("Paragraph").count(), 40);
            for chrome in [
                "Home | News",
                "Skip navigation",
                "Harbour Gazette",
                "About the Gazette",
                "Contact",
            ] {
                assert!(!out.contains(chrome), "{chrome}");
            }
        }
        // A line repeated in the middle of the pages is not chrome.
        let with_middle: Vec<String> = (0..20)
            .map(|i| {
                page(i).replace(
                    "Paragraph 20 of",
                    "The council meets monthly.\n\nParagraph 20 of",
                )
            })
            .collect();
        let r = repeated(&with_middle);
        let (out, _) = strip(&with_middle[0], true, Mode::Auto, Some(&r));
        assert!(out.contains("The council meets monthly."));
    }

    /// `n` versions of one policy: each changes a line or two of the last.
    fn versions(name: &str, n: usize) -> Vec<String> {
        let mut lines: Vec<String> = (0..120)
            .map(|k| format!("Section {k}. {name} users must follow rule {k} of the service."))
            .collect();
        (0..n)
            .map(|v| {
                lines[(v * 37) % 120] = format!("Section {v}. {name} revised in version {v}.");
                format!("{name}\n\n{}\n", lines.join("\n\n"))
            })
            .collect()
    }

    #[test]
    fn versions_of_one_document_lose_nothing() {
        let tos = versions("Terms of Service", 44);
        let r = repeated(&tos);
        assert!(r.is_empty(), "{} lines taken for boilerplate", r.len());
        for v in &tos {
            assert_eq!(strip(v, true, Mode::Auto, Some(&r)).1, 0);
        }
        // Versions of several documents in one folder, too.
        let mut mixed = tos;
        for name in [
            "Privacy Statement",
            "Community Guidelines",
            "Acceptable Use",
        ] {
            mixed.extend(versions(name, 15));
        }
        let r = repeated(&mixed);
        assert!(r.is_empty(), "{} lines taken for boilerplate", r.len());
    }

    #[test]
    fn near_copy_groups_do_not_depend_on_order() {
        let pages: Vec<String> = (0..12).map(page).collect();
        let mut docs: Vec<String> = pages.clone();
        docs.extend(
            pages
                .iter()
                .map(|p| p.replace("Paragraph 3 of", "Paragraph three of")),
        );
        let sk: Vec<Sketch> = docs.iter().map(|d| sketch(d, true)).collect();
        let refs: Vec<&Sketch> = sk.iter().collect();
        let groups = near_copy_groups(&refs);
        assert_eq!(groups.iter().max(), Some(&11));
        for i in 0..12 {
            assert_eq!(groups[i], groups[i + 12]);
        }
    }
}
