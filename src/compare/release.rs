//! A release read once: its documents without boilerplate, their fingerprints
//! and, made when first needed and then kept, their parse and statistics —
//! one parse per document version, however many comparisons it is in.

use super::*;

/// The fingerprint of a text as the diff sees it: XXH3-128 (the
/// `xxhash-rust` crate; a published, stable algorithm, the same on every
/// platform and version) of its whitespace-separated words in order, each
/// normalized as `opts` asks — quotes, dashes and soft hyphens made plain
/// with `normalize_quotes`, lower case with `ignore_case`, letters and
/// digits only with `ignore_punctuation`. So whitespace and line wrapping
/// never count, and two texts have one fingerprint exactly when the diff
/// finds no change in their words.
pub fn fingerprint(text: &str, opts: &DiffOptions) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = String::new();
    for w in text.split_whitespace() {
        buf.clear();
        for c in w.chars() {
            let c = if opts.normalize_quotes {
                if c == '\u{ad}' {
                    continue;
                }
                diff::plain_char(c).unwrap_or(c)
            } else {
                c
            };
            if opts.ignore_punctuation && !c.is_alphanumeric() {
                continue;
            }
            buf.push(c);
        }
        if opts.ignore_case && !buf.is_ascii() {
            buf = crate::tokenize::lowercase(&buf);
        } else if opts.ignore_case {
            buf.make_ascii_lowercase();
        }
        if !buf.is_empty() {
            h.update(buf.as_bytes());
            h.update(b" ");
        }
    }
    h.digest128()
}

/// One release, read once and prepared for comparison: its documents, each
/// with its boilerplate removed, its fingerprint and — computed when first
/// needed, then kept — its statistics.
pub struct Release {
    docs: Vec<Document>,
    prepared: Vec<Prepared>,
    /// The options its statistics are computed with.
    pub(super) stats_opts: StatsOptions,
    /// Files that could not be read (reported by the caller).
    pub problems: Vec<Error>,
    /// The boilerplate removed.
    pub boilerplate: ReadLog,
    /// Whether parses are kept once made: in a series, a release is
    /// compared twice (with the one before and the one after); a release
    /// compared once drops each parse after its diff, so a comparison's
    /// memory is that of the texts, not of their parses.
    pub(super) keep_parses: bool,
}

pub(super) struct Prepared {
    /// The text without boilerplate, when boilerplate was removed (else the
    /// document's own text is used, not copied).
    pub(super) stripped: Option<String>,
    pub(super) removed: u64,
    pub(super) fingerprint: u128,
    /// Its parse (tokens, sentences, paragraphs, headings), made once.
    pub(super) parsed: OnceLock<Parsed>,
    /// Its statistics, read off its parse.
    pub(super) stats: OnceLock<TextStats>,
}

impl Release {
    /// Reads the documents of `sources` (one release) in parallel and
    /// removes their boilerplate as `folio stats` does. Its statistics will
    /// be computed with `opts.stats`.
    pub fn read(sources: &[Source], opts: &CompareOptions) -> Release {
        let reader = Reader::open(sources, opts.boilerplate, &opts.fields);
        let docs: Vec<crate::reader::Doc> = reader.map(|d| d).into_iter().flatten().collect();
        let finished = reader.finish();
        Release::from_docs(docs, finished.problems, finished.boilerplate, opts)
    }

    /// A release of documents already read (by a [`Reader`], boilerplate
    /// removed): `problems` are its unreadable files and records.
    pub fn from_docs(
        docs: Vec<crate::reader::Doc>,
        mut problems: Vec<Error>,
        boilerplate: ReadLog,
        opts: &CompareOptions,
    ) -> Release {
        let (docs, prepared): (Vec<Document>, Vec<Prepared>) = docs
            .into_par_iter()
            .map(|d| {
                let removed = d.removed_lines;
                let (doc, stripped) = d.into_parts();
                let prepared = Prepared {
                    fingerprint: fingerprint(stripped.as_deref().unwrap_or(&doc.text), &opts.diff),
                    stripped,
                    removed,
                    parsed: OnceLock::new(),
                    stats: OnceLock::new(),
                };
                (doc, prepared)
            })
            .unzip();
        problems.extend(corpus::duplicate_ids(
            docs.iter().map(|d| (d.release.as_str(), d.id.as_str())),
        ));
        Release {
            docs,
            prepared,
            stats_opts: opts.stats,
            problems,
            boilerplate,
            keep_parses: true,
        }
    }

    /// Its number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether it has no documents.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Each document with its text without boilerplate.
    pub fn texts(&self) -> impl Iterator<Item = (&Document, &str)> {
        self.docs
            .iter()
            .zip(&self.prepared)
            .map(|(d, p)| (d, p.text(d)))
    }

    /// The stats table's rows of its documents (computed in parallel, once,
    /// with the options it was read with).
    pub fn stats_rows(&self) -> Vec<DocStats> {
        self.loaded()
            .par_iter()
            .map(|l| {
                // A series compares these documents next: their parses are
                // kept for the diffs of those that changed.
                l.parsed();
                DocStats::from_parts(l.side.doc, l.side.removed, l.stats().clone())
            })
            .collect()
    }

    pub(super) fn loaded(&self) -> Vec<Loaded<'_>> {
        self.docs
            .iter()
            .zip(&self.prepared)
            .map(|(doc, p)| Loaded {
                side: Side {
                    doc,
                    text: std::borrow::Cow::Borrowed(p.text(doc)),
                    removed: p.removed,
                },
                fingerprint: p.fingerprint,
                parsed: &p.parsed,
                stats: &p.stats,
                stats_opts: &self.stats_opts,
                keep_parse: self.keep_parses,
            })
            .collect()
    }
}

impl Prepared {
    /// The text without boilerplate of `doc`, the document it was made from.
    pub(super) fn text<'a>(&'a self, doc: &'a Document) -> &'a str {
        self.stripped.as_deref().unwrap_or(&doc.text)
    }
}

pub(super) struct Loaded<'d> {
    pub(super) side: Side<'d>,
    pub(super) fingerprint: u128,
    pub(super) parsed: &'d OnceLock<Parsed>,
    pub(super) stats: &'d OnceLock<TextStats>,
    pub(super) stats_opts: &'d StatsOptions,
    pub(super) keep_parse: bool,
}

/// A document's parse: the one kept in its release, or one made for a
/// single use.
pub(super) enum ParseRef<'d> {
    Kept(&'d Parsed),
    Once(Box<Parsed>),
}

impl std::ops::Deref for ParseRef<'_> {
    type Target = Parsed;
    fn deref(&self) -> &Parsed {
        match self {
            ParseRef::Kept(p) => p,
            ParseRef::Once(p) => p,
        }
    }
}

impl Loaded<'_> {
    /// Its parse, made on first use.
    pub(super) fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| Parsed::new(&self.side.text))
    }

    /// Its parse for a diff: kept in the release when it keeps parses (or
    /// already has this one), else made for this use only.
    pub(super) fn parse(&self) -> ParseRef<'_> {
        if self.keep_parse {
            ParseRef::Kept(self.parsed())
        } else {
            self.parse_unkept()
        }
    }

    /// Its parse if the release has it, else one made for this use only.
    fn parse_unkept(&self) -> ParseRef<'_> {
        match self.parsed.get() {
            Some(p) => ParseRef::Kept(p),
            None => ParseRef::Once(Box::new(Parsed::new(&self.side.text))),
        }
    }

    /// Its statistics, made on first use: read off its parse when it has
    /// one, else off a parse made for them and dropped (the parse of a
    /// document that only needs statistics — unchanged, added or removed —
    /// is not kept: it is several times the size of the text).
    pub(super) fn stats(&self) -> &TextStats {
        self.stats.get_or_init(|| {
            self.parse_unkept().stats(
                &self.side.text,
                self.stats_opts,
                self.side.doc.language_hint.as_deref(),
            )
        })
    }
}
