//! Boilerplate removal: site trailers and chrome that scraped pages carry.
//!
//! Two mechanisms, both line-based (the title line is never removed):
//!
//! * **Trailer patterns** (modes `trailers` and `auto`). A line that opens a
//!   block of related links — "You Might Also Like", "Related Articles",
//!   "Das könnte Sie auch interessieren", "À lire aussi" ... — in the second
//!   half of a document removes itself and everything after it. Short lines
//!   (at most [`SHORT_LINE`] characters) that are share prompts, "Read more:"
//!   links, newsletter prompts, copyright lines or cookie notices are removed
//!   wherever they stand.
//! * **Repeated lines** (mode `auto`, in a release of at least
//!   [`REPEATED_MIN_DOCS`] documents): a non-blank line (compared after
//!   trimming) that occurs in at least [`REPEATED_MIN_SHARE`] of the
//!   release's documents is site chrome, and is removed from all of them.

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

/// Repeated-line detection needs a release of at least this many documents.
pub const REPEATED_MIN_DOCS: usize = 10;
/// A line is repeated boilerplate when it occurs in at least this share of a
/// release's documents.
pub const REPEATED_MIN_SHARE: f64 = 0.3;
/// Lines longer than this (in bytes) are never counted as repeated lines.
pub const REPEATED_MAX_LINE: usize = 1000;
/// Pattern-matched trailer lines are at most this many characters long.
pub const SHORT_LINE: usize = 160;

/// The key of a line for repeated-line detection: a hash of the trimmed
/// line, or `None` for lines that cannot be boilerplate (blank, no letter or
/// digit, or longer than [`REPEATED_MAX_LINE`]).
pub fn line_key(line: &str) -> Option<u64> {
    let t = line.trim();
    if t.is_empty() || t.len() > REPEATED_MAX_LINE || !t.chars().any(char::is_alphanumeric) {
        return None;
    }
    let mut h = FxHasher::default();
    t.hash(&mut h);
    Some(h.finish())
}

/// The distinct line keys of a document's body (every line but the title).
pub fn body_keys(text: &str, has_title: bool) -> FxHashSet<u64> {
    text.lines()
        .skip(usize::from(has_title))
        .filter_map(line_key)
        .collect()
}

/// Counts in how many documents each line occurs, for one release.
#[derive(Debug, Default, Clone)]
pub struct LineCounts {
    docs: usize,
    counts: FxHashMap<u64, u32>,
}

impl LineCounts {
    /// Adds one document's distinct line keys.
    pub fn add(&mut self, keys: &FxHashSet<u64>) {
        self.docs += 1;
        for &k in keys {
            *self.counts.entry(k).or_insert(0) += 1;
        }
    }

    /// Merges the counts of another part of the same release.
    pub fn merge(mut self, other: LineCounts) -> LineCounts {
        let (mut big, small) = if self.counts.len() >= other.counts.len() {
            (std::mem::take(&mut self.counts), other.counts)
        } else {
            (other.counts, std::mem::take(&mut self.counts))
        };
        for (k, n) in small {
            *big.entry(k).or_insert(0) += n;
        }
        LineCounts {
            docs: self.docs + other.docs,
            counts: big,
        }
    }

    /// The lines that count as boilerplate in this release.
    pub fn repeated(&self) -> Repeated {
        if self.docs < REPEATED_MIN_DOCS {
            return Repeated::default();
        }
        let min = (self.docs as f64 * REPEATED_MIN_SHARE).ceil() as u32;
        Repeated {
            keys: self
                .counts
                .iter()
                .filter(|&(_, &n)| n >= min.max(2))
                .map(|(&k, _)| k)
                .collect(),
        }
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

/// Removes boilerplate lines from a text. Returns the text and the number
/// of non-blank lines removed.
pub fn strip<'a>(
    text: &'a str,
    has_title: bool,
    mode: Mode,
    repeated: Option<&Repeated>,
) -> (Cow<'a, str>, u64) {
    if mode == Mode::None {
        return (Cow::Borrowed(text), 0);
    }
    let repeated = repeated.filter(|r| mode == Mode::Auto && !r.is_empty());
    let lines: Vec<&str> = text.split('\n').collect();
    let first = usize::from(has_title);
    let mut keep = vec![true; lines.len()];
    let mut cut_from = lines.len();
    let mut lower = String::new();
    for (i, line) in lines.iter().enumerate().skip(first) {
        let t = line.trim();
        if t.is_empty() || t.len() > 4 * SHORT_LINE || t.chars().count() > SHORT_LINE {
            if let (Some(r), Some(k)) = (repeated, line_key(line)) {
                keep[i] = !r.keys.contains(&k);
            }
            continue;
        }
        lower.clear();
        if t.is_ascii() {
            lower.push_str(t);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&t.to_lowercase());
        }
        let lower = lower.as_str();
        // A pattern only counts on a line that stands alone: after a blank
        // line or another removed line, never inside a (wrapped) paragraph.
        let alone = i == 0 || lines[i - 1].trim().is_empty() || !keep[i - 1];
        if alone && i * 2 >= lines.len() && is_trailer_start(lower) {
            cut_from = i;
            break;
        }
        let repeated_line =
            repeated.is_some_and(|r| line_key(line).is_some_and(|k| r.keys.contains(&k)));
        keep[i] = !((alone && is_trailer_line(lower)) || repeated_line);
    }
    keep[cut_from..].iter_mut().for_each(|k| *k = false);
    let removed = lines
        .iter()
        .zip(&keep)
        .filter(|(l, &k)| !k && !l.trim().is_empty())
        .count() as u64;
    if removed == 0 {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    for (line, _) in lines.iter().zip(&keep).filter(|(_, &k)| k) {
        out.push_str(line);
        out.push('\n');
    }
    (Cow::Owned(out), removed)
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
            | "das könnte sie auch interessieren"
            | "lesen sie auch"
            | "mehr zum thema"
            | "à lire aussi"
            | "a lire aussi"
            | "sur le même sujet"
            | "también te puede interesar"
            | "te puede interesar"
            | "noticias relacionadas"
            | "leggi anche"
    )
}

/// Short lines that are site chrome wherever they stand.
fn is_trailer_line(lower: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "read more:",
        "read more »",
        "read next:",
        "share this",
        "share on ",
        "subscribe to ",
        "sign up for ",
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
    ];
    const CONTAINS: &[&str] = &[
        "all rights reserved",
        "alle rechte vorbehalten",
        "tous droits réservés",
        "todos los derechos reservados",
    ];
    const EXACT: &[&str] = &[
        "advertisement",
        "read more",
        "skip to content",
        "share",
        "anzeige",
        "publicité",
    ];
    let copyright_c = lower.strip_prefix("(c) ").is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit()) || rest.contains("rights")
    });
    copyright_c
        || PREFIXES.iter().any(|p| lower.starts_with(p))
        || CONTAINS.iter().any(|p| lower.contains(p))
        || EXACT.contains(&lower)
        || (lower.contains("cookie") && (lower.contains("we use") || lower.contains("accept")))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn title_is_never_removed() {
        let (out, _) = strip("Share this\n\nBody.\n", true, Mode::Trailers, None);
        assert!(out.starts_with("Share this"));
    }

    #[test]
    fn repeated_lines_need_enough_documents() {
        let doc = |i: usize| {
            format!(
                "Title {i}\n\nStory number {i}.\n\nThe Gazette is a member of the press council.\n"
            )
        };
        let mut counts = LineCounts::default();
        for i in 0..9 {
            counts.add(&body_keys(&doc(i), true));
        }
        assert!(counts.repeated().is_empty());
        let mut more = LineCounts::default();
        more.add(&body_keys(&doc(9), true));
        let counts = counts.merge(more);
        let repeated = counts.repeated();
        assert_eq!(repeated.len(), 1);
        let text = doc(3);
        let (out, removed) = strip(&text, true, Mode::Auto, Some(&repeated));
        assert_eq!(removed, 1);
        assert!(out.contains("Story number 3."));
        assert!(!out.contains("Gazette"));
        // `trailers` ignores repeated lines.
        assert_eq!(strip(&text, true, Mode::Trailers, Some(&repeated)).1, 0);
    }
}
