//! A release read once: its documents without boilerplate, their fingerprints
//! and, made when first needed and then kept, their parse and statistics —
//! one parse per document version, however many comparisons it is in.

use std::borrow::Cow;

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
    // Words go to the hasher in blocks: one call per word costs more than
    // hashing it.
    let mut block: Vec<u8> = Vec::with_capacity(BLOCK + 64);
    let mut buf = String::new();
    let as_is = !opts.ignore_punctuation && !opts.ignore_case;
    for w in text.split_whitespace() {
        if block.len() >= BLOCK {
            h.update(&block);
            block.clear();
        }
        // Normalizing quotes changes no ASCII character.
        if as_is && w.is_ascii() {
            block.extend_from_slice(w.as_bytes());
            block.push(b' ');
            continue;
        }
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
            block.extend_from_slice(buf.as_bytes());
            block.push(b' ');
        }
    }
    h.update(&block);
    h.digest128()
}

/// Bytes of words hashed at a time by [`fingerprint`].
const BLOCK: usize = 16 << 10;

/// One release, read once and prepared for comparison: its documents, each
/// with its boilerplate removed, its fingerprint and — computed when first
/// needed, then kept — its statistics.
///
/// The texts of a release are kept in memory up to
/// [`CompareOptions::texts_in_memory`] bytes; beyond that they go to a
/// temporary file (in the system's temporary folder, `TMPDIR`; deleted
/// when the release is dropped, or by the system if folio is killed) and
/// are read back for the moment they are needed. So a comparison's memory
/// grows with its number of documents, not with their text.
pub struct Release {
    docs: Vec<Document>,
    prepared: Vec<Prepared>,
    pub(super) spill: Option<Spill>,
    /// The options its statistics are computed with.
    pub(super) stats_opts: StatsOptions,
    /// Files that could not be read (reported by the caller).
    pub problems: Vec<Error>,
    /// The ids of documents whose files are in the release but could not
    /// be read: neither removed nor added there, but not known.
    pub(super) unreadable: rustc_hash::FxHashMap<String, String>,
    /// The id of the file each document was read from, by the document's
    /// path (a feed's records have ids of their own): a document of the
    /// other release whose file this one could not read at all is not
    /// removed, but unreadable.
    pub(super) file_ids: rustc_hash::FxHashMap<String, String>,
    /// The boilerplate removed.
    pub boilerplate: ReadLog,
    /// Whether parses are kept once made: in a series, a release is
    /// compared twice (with the one before and the one after); a release
    /// compared once drops each parse after its diff, so a comparison's
    /// memory is that of the texts, not of their parses.
    pub(super) keep_parses: bool,
}

/// Where a document's text (without boilerplate) is.
enum Stored {
    /// In the document (nothing was removed).
    Own,
    /// Here (boilerplate was removed).
    Stripped(String),
    /// In the release's temporary file: offset and length.
    Spilled(u64, usize),
}

pub(super) struct Prepared {
    text: Stored,
    pub(super) removed: u64,
    pub(super) fingerprint: u128,
    /// The keys of the lines removed from it as repeated in its release.
    repeated: Box<[u64]>,
    /// Whether its text holds a letter or digit.
    pub(super) has_words: bool,
    /// Its parse (tokens, sentences, paragraphs, headings), made once.
    pub(super) parsed: OnceLock<Parsed>,
    /// Its statistics, read off its parse.
    pub(super) stats: OnceLock<TextStats>,
}

/// A temporary file of texts, written by many threads at once (each text
/// at an offset of its own) and read back by offset.
pub(super) struct Spill {
    /// The folder it is made in (the system's temporary folder).
    dir: std::path::PathBuf,
    /// Made when the first text goes to it; an error when it could not be
    /// made (the texts then stay in memory).
    file: OnceLock<std::io::Result<std::fs::File>>,
    /// The first write to it that failed.
    write_error: std::sync::Mutex<Option<std::io::Error>>,
    /// Bytes of text kept in memory because the file could not take them.
    refused: std::sync::atomic::AtomicU64,
    end: std::sync::atomic::AtomicU64,
    /// Bytes of text still in memory.
    kept: std::sync::atomic::AtomicU64,
    /// Of which at most this many.
    budget: u64,
}

impl Spill {
    fn new(budget: u64) -> Spill {
        Spill::in_dir(budget, std::env::temp_dir())
    }

    fn in_dir(budget: u64, dir: std::path::PathBuf) -> Spill {
        Spill {
            dir,
            file: OnceLock::new(),
            write_error: std::sync::Mutex::new(None),
            refused: 0.into(),
            end: 0.into(),
            kept: 0.into(),
            budget,
        }
    }

    /// Where `text` is to be kept: in memory while the budget allows, else
    /// written to the file (`Some(offset, length)`). A text the file cannot
    /// take stays in memory.
    fn store(&self, text: &str) -> Option<(u64, usize)> {
        use std::sync::atomic::Ordering::Relaxed;
        let len = text.len() as u64;
        if text.is_empty() || self.kept.fetch_add(len, Relaxed) + len <= self.budget {
            return None;
        }
        self.kept.fetch_sub(len, Relaxed);
        // Unnamed where the system allows: gone with the process, however
        // it ends.
        let file = self.file.get_or_init(|| tempfile::tempfile_in(&self.dir));
        if let Ok(f) = file {
            let at = self.end.fetch_add(len, Relaxed);
            match write_at(f, text.as_bytes(), at) {
                Ok(()) => return Some((at, text.len())),
                // The bytes reserved stay a hole in the file.
                Err(e) => {
                    self.write_error
                        .lock()
                        .expect("not poisoned")
                        .get_or_insert(e);
                }
            }
        }
        // Kept in memory after all, and said so (`problem`).
        self.kept.fetch_add(len, Relaxed);
        self.refused.fetch_add(len, Relaxed);
        None
    }

    /// The warning to give when texts past the budget stayed in memory
    /// because the file could not be made or written.
    fn problem(&self) -> Option<Error> {
        let kept = self.refused.load(std::sync::atomic::Ordering::Relaxed);
        if kept == 0 {
            return None;
        }
        let copy = |e: &std::io::Error| std::io::Error::new(e.kind(), e.to_string());
        let source = match self.file.get() {
            Some(Err(e)) => copy(e),
            _ => match &*self.write_error.lock().expect("not poisoned") {
                Some(e) => copy(e),
                None => std::io::Error::other("unknown failure"),
            },
        };
        Some(Error::Spill {
            dir: self.dir.clone(),
            kept,
            source,
        })
    }

    fn read(&self, at: u64, len: usize) -> std::io::Result<String> {
        let file = self
            .file
            .get()
            .and_then(|f| f.as_ref().ok())
            .ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "no temporary file")
            })?;
        let mut buf = vec![0u8; len];
        read_at(file, &mut buf, at)?;
        String::from_utf8(buf).map_err(std::io::Error::other)
    }
}

#[cfg(unix)]
fn write_at(file: &std::fs::File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn write_at(file: &std::fs::File, mut bytes: &[u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn write_at(_: &std::fs::File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &std::fs::File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The ids of `sources` that a problem names the file of and that gave
/// no document (a file that became binary, grew over the size cap, or
/// could not be read; a feed none of whose records could be), each with
/// its file as the tables write paths.
fn unreadable_ids(
    sources: &[Source],
    docs: &[Document],
    problems: &[Error],
) -> rustc_hash::FxHashMap<String, String> {
    let failed: rustc_hash::FxHashSet<&std::path::Path> =
        problems.iter().filter_map(Error::path).collect();
    if failed.is_empty() {
        return Default::default();
    }
    let read: rustc_hash::FxHashSet<&str> = docs.iter().map(|d| d.path.as_str()).collect();
    sources
        .iter()
        .filter(|s| failed.contains(s.path.as_path()))
        .map(|s| (s.id.clone(), crate::corpus::slash_path(&s.path)))
        .filter(|(_, path)| !read.contains(path.as_str()))
        .chain(problems.iter().filter_map(|p| {
            let (_, id, file) = p.unreadable_record()?;
            Some((id.to_string(), file))
        }))
        .collect()
}

/// The id of each file of `sources` that holds records (the records'
/// own ids are others), by its path as documents hold it.
fn file_ids(sources: &[Source]) -> rustc_hash::FxHashMap<String, String> {
    sources
        .iter()
        .filter(|s| {
            use crate::corpus::Kind;
            matches!(
                crate::corpus::kind(&s.path),
                Some(Kind::Jsonl | Kind::Csv | Kind::Parquet)
            )
        })
        .map(|s| (crate::corpus::slash_path(&s.path), s.id.clone()))
        .collect()
}

impl Release {
    /// Reads the documents of `sources` (one release) in parallel and
    /// removes their boilerplate as `folio stats` does. Its statistics will
    /// be computed with `opts.stats`.
    pub fn read(sources: &[Source], opts: &CompareOptions) -> Release {
        let reader = Reader::open(sources, opts.boilerplate, &opts.fields);
        let spill = Spill::new(opts.texts_in_memory);
        // Each document is prepared (and its text stored) as its file is
        // read, so the texts of a release of many files are not all in
        // memory at once. (A feed — one JSON-lines or CSV file — is read
        // whole first, and under `--boilerplate auto` the reader keeps up
        // to `reader::KEEP_BYTES` of web pages' and records' text between
        // its two passes.)
        let (docs, prepared): (Vec<Document>, Vec<Prepared>) = reader
            .map(|docs| {
                docs.into_iter()
                    .map(|d| prepare(d, opts, &spill))
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .flatten()
            .unzip();
        let finished = reader.finish();
        let unreadable = unreadable_ids(sources, &docs, &finished.problems);
        let mut release = Release::new(
            docs,
            prepared,
            spill,
            finished.problems,
            finished.boilerplate,
            opts,
        );
        release.unreadable = unreadable;
        release.file_ids = file_ids(sources);
        release
    }

    /// The file (as tables write paths) that this release could not read
    /// and that `doc`, of the `other` release, would be in: its own file,
    /// or the feed it is a record of.
    pub(super) fn unread_file_of(&self, doc: &Document, other: &Release) -> Option<&String> {
        self.unreadable.get(&doc.id).or_else(|| {
            let file = other.file_ids.get(&doc.path)?;
            self.unreadable.get(file)
        })
    }

    /// A release of documents already read (by a [`Reader`], boilerplate
    /// removed): `problems` are its unreadable files and records.
    pub fn from_docs(
        docs: Vec<crate::reader::Doc>,
        problems: Vec<Error>,
        boilerplate: ReadLog,
        opts: &CompareOptions,
    ) -> Release {
        let spill = Spill::new(opts.texts_in_memory);
        let (docs, prepared): (Vec<Document>, Vec<Prepared>) = docs
            .into_par_iter()
            .map(|d| prepare(d, opts, &spill))
            .unzip();
        Release::new(docs, prepared, spill, problems, boilerplate, opts)
    }

    /// Marks documents (id, file) unreadable in this release: records of
    /// a feed grouped by `--release-field` whose text could not be read.
    pub fn mark_unreadable(&mut self, ids: impl IntoIterator<Item = (String, String)>) {
        self.unreadable.extend(ids);
    }

    fn new(
        docs: Vec<Document>,
        prepared: Vec<Prepared>,
        spill: Spill,
        mut problems: Vec<Error>,
        boilerplate: ReadLog,
        opts: &CompareOptions,
    ) -> Release {
        problems.extend(corpus::duplicate_ids(
            docs.iter().map(|d| (d.release.as_str(), d.id.as_str())),
        ));
        problems.extend(spill.problem());
        let spilled = prepared
            .iter()
            .any(|p| matches!(p.text, Stored::Spilled(..)));
        Release {
            docs,
            prepared,
            spill: spilled.then_some(spill),
            stats_opts: opts.stats,
            problems,
            unreadable: Default::default(),
            file_ids: Default::default(),
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

    /// Each document with its text without boilerplate (read back from the
    /// temporary file when it was stored there).
    pub fn texts(&self) -> impl Iterator<Item = crate::Result<(&Document, Cow<'_, str>)>> {
        self.loaded().into_iter().map(|l| Ok((l.doc, l.text()?)))
    }

    /// The stats table's rows of its documents (computed in parallel, once,
    /// with the options it was read with).
    pub fn stats_rows(&self) -> crate::Result<Vec<DocStats>> {
        self.loaded()
            .par_iter()
            .map(|l| {
                let text = l.text()?;
                // A series compares these documents next: their parses are
                // kept for the diffs of those that changed.
                l.parsed(&text);
                let stats = l.stats_of(&text).clone();
                Ok(DocStats::from_parts(l.doc, l.removed, stats))
            })
            .collect()
    }

    pub(super) fn loaded(&self) -> Vec<Loaded<'_>> {
        self.docs
            .iter()
            .zip(&self.prepared)
            .map(|(doc, p)| Loaded {
                doc,
                removed: p.removed,
                stored: &p.text,
                spill: self.spill.as_ref(),
                fingerprint: p.fingerprint,
                repeated: &p.repeated,
                has_words: p.has_words,
                parsed: &p.parsed,
                stats: &p.stats,
                stats_opts: &self.stats_opts,
                keep_parse: self.keep_parses,
            })
            .collect()
    }
}

/// A document read, prepared for comparison: its fingerprint made and its
/// text stored.
fn prepare(d: crate::reader::Doc, opts: &CompareOptions, spill: &Spill) -> (Document, Prepared) {
    let removed = d.removed_lines;
    let (mut doc, stripped, repeated) = d.into_parts();
    let text = stripped.as_deref().unwrap_or(&doc.text);
    let fingerprint = fingerprint(text, &opts.diff);
    let has_words = text.chars().any(char::is_alphanumeric);
    let stored = match spill.store(text) {
        Some((at, len)) => {
            doc.text = String::new();
            Stored::Spilled(at, len)
        }
        None => match stripped {
            Some(s) => {
                // Nothing reads the text with its boilerplate again.
                doc.text = String::new();
                Stored::Stripped(s)
            }
            None => Stored::Own,
        },
    };
    let prepared = Prepared {
        text: stored,
        removed,
        fingerprint,
        repeated: repeated.into(),
        has_words,
        parsed: OnceLock::new(),
        stats: OnceLock::new(),
    };
    (doc, prepared)
}

pub(super) struct Loaded<'d> {
    pub(super) doc: &'d Document,
    /// Non-blank lines removed as boilerplate.
    pub(super) removed: u64,
    stored: &'d Stored,
    spill: Option<&'d Spill>,
    pub(super) fingerprint: u128,
    /// The keys of the lines removed from it as repeated in its release.
    pub(super) repeated: &'d [u64],
    pub(super) has_words: bool,
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

impl<'d> Loaded<'d> {
    /// Its text without boilerplate: in memory, or read back from the
    /// release's temporary file.
    pub(super) fn text(&self) -> crate::Result<Cow<'d, str>> {
        match self.stored {
            Stored::Own => Ok(Cow::Borrowed(&self.doc.text)),
            Stored::Stripped(s) => Ok(Cow::Borrowed(s)),
            Stored::Spilled(at, len) => {
                let spill = self.spill.expect("a spilled text has its file");
                spill.read(*at, *len).map(Cow::Owned).map_err(|e| {
                    Error::Invalid(format!(
                        "{}: cannot read its text back from folio's temporary file: {e}",
                        self.doc.path
                    ))
                })
            }
        }
    }

    /// The document and its text, as the diff takes them.
    pub(super) fn side(&self) -> crate::Result<Side<'d>> {
        Ok(Side {
            doc: self.doc,
            text: self.text()?,
            removed: self.removed,
        })
    }

    /// Its parse, made on first use from `text`, its text.
    pub(super) fn parsed(&self, text: &str) -> &'d Parsed {
        self.parsed.get_or_init(|| Parsed::new(text))
    }

    /// Its parse for a diff: kept in the release when it keeps parses (or
    /// already has this one), else made for this use only.
    pub(super) fn parse(&self, text: &str) -> ParseRef<'d> {
        if self.keep_parse {
            ParseRef::Kept(self.parsed(text))
        } else {
            self.parse_unkept(text)
        }
    }

    /// Its parse if the release has it, else one made for this use only.
    fn parse_unkept(&self, text: &str) -> ParseRef<'d> {
        match self.parsed.get() {
            Some(p) => ParseRef::Kept(p),
            None => ParseRef::Once(Box::new(Parsed::new(text))),
        }
    }

    /// Its statistics, made on first use from `text`, its text: read off
    /// its parse when it has one, else off a parse made for them and
    /// dropped (the parse of a document that only needs statistics —
    /// unchanged, added or removed — is not kept: it is several times the
    /// size of the text).
    pub(super) fn stats_of(&self, text: &str) -> &'d TextStats {
        self.stats.get_or_init(|| {
            self.parse_unkept(text)
                .stats(text, self.stats_opts, self.doc.language_hint.as_deref())
        })
    }

    /// Its statistics, its text read only if they are not made yet.
    pub(super) fn stats(&self) -> crate::Result<&'d TextStats> {
        if let Some(s) = self.stats.get() {
            return Ok(s);
        }
        Ok(self.stats_of(&self.text()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_the_temporary_file_cannot_take_stay_in_memory_and_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("gone");
        let spill = Spill::in_dir(4, missing.clone());
        assert_eq!(spill.store("abc"), None, "within the budget");
        assert_eq!(spill.store("a longer text"), None, "no file: kept");
        let Some(Error::Spill { dir, kept, .. }) = spill.problem() else {
            panic!("a spill problem");
        };
        assert_eq!((dir, kept), (missing, 13));

        let spill = Spill::in_dir(4, tmp.path().to_path_buf());
        let (at, len) = spill.store("a longer text").expect("written");
        assert_eq!(spill.read(at, len).unwrap(), "a longer text");
        assert!(spill.problem().is_none());
    }
}
