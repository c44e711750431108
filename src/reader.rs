//! One reader for a corpus: every command gets each document's text from
//! here, decoded once and with its boilerplate removed.
//!
//! Under `--boilerplate auto` the repeated lines of a release can only be
//! known once all of its documents have been seen, so reading has two
//! passes: the first reads and decodes every file and keeps a small sketch
//! of each document (its edge lines' keys, see `Sketch`);
//! the second strips each document and hands it on. A file whose text
//! costs more to make than to read — a web page's extracted main text, the
//! records of a JSON-lines, CSV or Parquet file — is kept in memory from
//! the first pass for the second while such texts fit in [`KEEP_BYTES`];
//! a plain text or Markdown file, and any file beyond that, is read and
//! decoded again (from the system's file cache, for about 1% of the time of
//! a run on plain text, where keeping it would double a run's memory), so
//! memory stays bounded on any corpus. With the other modes there is one
//! pass.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::boilerplate::{self, Mode, Reason, Repeated, Sketch};
use crate::corpus::{self, Document, Fields, Source};
use crate::error::Error;

/// The text of the documents read in the first pass that is kept for the
/// second, at most (bytes of decoded text): web pages' main texts and
/// records only (see the module's docs).
pub const KEEP_BYTES: u64 = 512 << 20;

pub(crate) use crate::boilerplate::HEAVY_SHARE;

/// A document and its text without boilerplate.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The document as read.
    pub doc: Document,
    /// The text without boilerplate when some was removed (else the
    /// document's own text is its text).
    stripped: Option<String>,
    /// Non-blank lines removed.
    pub removed_lines: u64,
    /// Words removed (0 when nothing was removed).
    pub removed_words: u64,
    /// Words of the whole document when removal took more than
    /// [`HEAVY_SHARE`] of them, else 0.
    pub words: u64,
    /// The keys (`boilerplate::line_key`) of the lines removed as repeated
    /// across its release, sorted: a comparison removes them from the
    /// other version too (see `compare::pair`).
    pub(crate) repeated_keys: Vec<u64>,
}

impl Doc {
    /// The text without boilerplate.
    pub fn text(&self) -> &str {
        self.stripped.as_deref().unwrap_or(&self.doc.text)
    }

    /// The document, and its text without boilerplate when some was
    /// removed.
    pub(crate) fn into_parts(self) -> (Document, Option<String>, Vec<u64>) {
        (self.doc, self.stripped, self.repeated_keys)
    }

    /// Whether boilerplate removal took more than [`HEAVY_SHARE`] of its
    /// words.
    pub fn heavy(&self) -> bool {
        self.words > 0 && self.removed_words as f64 > HEAVY_SHARE * self.words as f64
    }
}

/// What reading found worth telling: the lines removed as boilerplate
/// (for each (release, reason, line), the number of documents it was
/// removed from), the documents that lost much to it, and the web pages
/// read by their structural text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ReadLog {
    /// Keyed by release, reason and the trimmed line: the number of
    /// documents it was removed from (in no order: see
    /// [`crate::frame::boilerplate_frame`] for the table's).
    pub lines: LineCounts,
    /// Documents from which more than [`HEAVY_SHARE`] of the words were
    /// removed: (release, document id, share removed), in source order.
    pub heavy: Vec<(String, String, f64)>,
    /// Web pages not read by Readability's article alone: their text is
    /// the structural text (Readability found too little) or Readability's
    /// filled (it left out parts between): (how, release, document id).
    pub structural: Vec<(corpus::Extraction, String, String)>,
}

/// Removed lines and how many documents each was removed from, by
/// release, reason and line.
pub type LineCounts = hashbrown::HashMap<(String, Reason, String), u64, rustc_hash::FxBuildHasher>;

/// A key of [`LineCounts`] borrowed: looked up without allocating (it
/// hashes as the owned key does, a tuple of the same fields).
#[derive(Hash)]
struct LineKey<'a>(&'a str, Reason, &'a str);

impl hashbrown::Equivalent<(String, Reason, String)> for LineKey<'_> {
    fn equivalent(&self, key: &(String, Reason, String)) -> bool {
        self.0 == key.0 && self.1 == key.1 && self.2 == key.2
    }
}

impl ReadLog {
    fn add(&mut self, doc: &Document, removed: &[(&str, Reason)]) {
        let mut seen: Vec<(&str, Reason)> = removed.to_vec();
        seen.sort_unstable();
        seen.dedup();
        for (line, reason) in seen {
            self.count(&doc.release, reason, line);
        }
    }

    /// Counts one more document that lost `line` for `reason`.
    fn count(&mut self, release: &str, reason: Reason, line: &str) {
        match self.lines.get_mut(&LineKey(release, reason, line)) {
            Some(count) => *count += 1,
            None => {
                self.lines
                    .insert((release.to_string(), reason, line.to_string()), 1);
            }
        }
    }

    /// Adds the lines and documents of `other`.
    pub fn merge(&mut self, other: ReadLog) {
        if self.lines.is_empty() {
            self.lines = other.lines;
        } else {
            for (key, n) in other.lines {
                *self.lines.entry(key).or_insert(0) += n;
            }
        }
        self.heavy.extend(other.heavy);
        self.structural.extend(other.structural);
    }

    /// The one-line warnings of a run (at most one of each kind).
    pub fn warnings(&self) -> Vec<String> {
        self.heavy_warning()
            .into_iter()
            .chain(self.structural_warning())
            .collect()
    }

    /// The one-line note about web pages read by their structural text,
    /// or by Readability's with the parts it left out put back.
    pub fn structural_warning(&self) -> Option<String> {
        let (_, release, id) = self.structural.first()?;
        let name = doc_name(release, id);
        let count = |how| self.structural.iter().filter(|p| p.0 == how).count();
        let (whole, filled) = (
            count(corpus::Extraction::Structural),
            count(corpus::Extraction::Filled),
        );
        let mut parts = Vec::new();
        if whole > 0 {
            parts.push(format!(
                "{} read by {} visible text outside navigation, headers and footers, as Readability found less than a quarter of it (or none, or the page nests too heavily to look)",
                crate::output::counted(whole, "web page"),
                if whole == 1 { "its" } else { "their" },
            ));
        }
        if filled > 0 {
            parts.push(format!(
                "{} by Readability's text with the headings and paragraphs it left out of the article put back",
                crate::output::counted(filled, "web page"),
            ));
        }
        Some(format!(
            "{} (first: {name}; the extraction column says which)",
            parts.join("; ")
        ))
    }

    /// The one-line warning about documents that boilerplate removal took
    /// more than a quarter of, if any.
    pub(crate) fn heavy_warning(&self) -> Option<String> {
        let (release, id, share) = self
            .heavy
            .iter()
            .max_by(|a, b| a.2.total_cmp(&b.2).then_with(|| b.1.cmp(&a.1)))?;
        let name = doc_name(release, id);
        Some(format!(
            "boilerplate removal took more than a quarter of the words of {} (most: {name}, {:.0}%); check boilerplate.csv of folio report, or use --boilerplate trailers or none",
            crate::output::counted(self.heavy.len(), "document"),
            share * 100.0
        ))
    }
}

/// The documents of a file, and the errors of its records.
type Loaded = (Vec<Document>, Vec<Error>);

/// A document as messages name it: `release/id`, or the id alone.
fn doc_name(release: &str, id: &str) -> String {
    if release.is_empty() {
        id.to_string()
    } else {
        format!("{release}/{id}")
    }
}

/// A corpus being read (see the module's documentation).
pub struct Reader<'s> {
    sources: &'s [Source],
    fields: Fields,
    mode: Mode,
    repeated: FxHashMap<String, Repeated>,
    /// The documents of each source read by the first pass, while they fit.
    kept: Vec<Mutex<Option<Loaded>>>,
    problems: Mutex<Vec<(usize, Error)>>,
    log: Mutex<ReadLog>,
}

/// What a reader found besides the documents.
#[derive(Debug, Default)]
pub struct Finished {
    /// One error per file or record that could not be read, in source order.
    pub problems: Vec<Error>,
    /// The boilerplate removed, and other notes.
    pub boilerplate: ReadLog,
}

/// Whether the documents of `source` cost more to make again than to keep:
/// a web page's main text (an HTML parse and Readability), the records of a
/// file of records. One plain file (text, Markdown, decoded) is read again
/// from the system's file cache at about the speed of a copy.
fn costly_to_read_again(source: &Source, docs: &[Document]) -> bool {
    source.rows.is_some()
        || docs.len() != 1
        || docs
            .iter()
            .any(|d| d.extraction != corpus::Extraction::Plain)
}

impl<'s> Reader<'s> {
    /// Opens a corpus: under [`Mode::Auto`], runs the first pass (on the
    /// current rayon pool).
    pub fn open(sources: &'s [Source], mode: Mode, fields: &Fields) -> Reader<'s> {
        let kept: Vec<_> = sources.iter().map(|_| Mutex::new(None)).collect();
        let repeated = if mode == Mode::Auto {
            let budget = AtomicU64::new(KEEP_BYTES);
            let sketches: Vec<(String, Sketch)> = sources
                .par_iter()
                .zip(&kept)
                .flat_map_iter(|(source, slot)| {
                    let (docs, errors) = corpus::load_documents(source, fields);
                    let sketches: Vec<(String, Sketch)> = docs
                        .iter()
                        .map(|d| {
                            (
                                d.release.clone(),
                                boilerplate::sketch(&d.text, d.title_in_text),
                            )
                        })
                        .collect();
                    let size: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
                    // A stream (a FIFO) cannot be read again at
                    // all, nor standard input (read from where it
                    // stands, a file's too): it is kept whatever its
                    // size.
                    let stream = corpus::read_once(&source.path);
                    let fits = stream
                        || costly_to_read_again(source, &docs)
                            && budget
                                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                                    left.checked_sub(size)
                                })
                                .is_ok();
                    if fits {
                        *slot.lock().expect("not poisoned") = Some((docs, errors));
                    }
                    sketches
                })
                .collect();
            boilerplate::repeated_lines(&sketches)
        } else {
            FxHashMap::default()
        };
        Reader {
            sources,
            fields: fields.clone(),
            mode,
            repeated,
            kept,
            problems: Mutex::new(Vec::new()),
            log: Mutex::new(ReadLog::default()),
        }
    }

    /// The repeated lines found for `release`.
    pub fn repeated(&self, release: &str) -> Option<&Repeated> {
        self.repeated.get(release)
    }

    /// The documents of source `k`, stripped; its problems are recorded.
    fn read(&self, k: usize) -> Vec<Doc> {
        let taken = self.kept[k].lock().expect("not poisoned").take();
        let (docs, errors) =
            taken.unwrap_or_else(|| corpus::load_documents(&self.sources[k], &self.fields));
        if !errors.is_empty() {
            let mut p = self.problems.lock().expect("not poisoned");
            p.extend(errors.into_iter().map(|e| (k, e)));
        }
        let mut log = ReadLog::default();
        let out = docs
            .into_iter()
            .map(|doc| {
                let s = boilerplate::strip_detailed(
                    &doc.text,
                    doc.title_in_text,
                    self.mode,
                    self.repeated.get(&doc.release),
                );
                log.add(&doc, &s.removed);
                if matches!(
                    doc.extraction,
                    corpus::Extraction::Structural | corpus::Extraction::Filled
                ) {
                    log.structural
                        .push((doc.extraction, doc.release.clone(), doc.id.clone()));
                }
                let (lines, removed_words, words) = (s.lines, s.words_removed, s.words);
                let mut repeated_keys: Vec<u64> = s
                    .removed
                    .iter()
                    .filter(|(_, why)| *why == Reason::Repeated)
                    .filter_map(|(line, _)| boilerplate::line_key(line))
                    .collect();
                repeated_keys.sort_unstable();
                repeated_keys.dedup();
                let stripped = match s.text {
                    Cow::Owned(t) => Some(t),
                    Cow::Borrowed(_) => None,
                };
                let d = Doc {
                    doc,
                    stripped,
                    removed_lines: lines,
                    removed_words,
                    words,
                    repeated_keys,
                };
                if d.heavy() {
                    log.heavy.push((
                        d.doc.release.clone(),
                        d.doc.id.clone(),
                        removed_words as f64 / words as f64,
                    ));
                }
                d
            })
            .collect();
        if !log.lines.is_empty() || !log.heavy.is_empty() || !log.structural.is_empty() {
            self.log.lock().expect("not poisoned").merge(log);
        }
        out
    }

    /// Maps the documents of each source with `f`, in parallel; the results
    /// come in source order.
    pub fn map<T: Send>(&self, f: impl Fn(Vec<Doc>) -> T + Sync) -> Vec<T> {
        (0..self.sources.len())
            .into_par_iter()
            .map(|k| f(self.read(k)))
            .collect()
    }

    /// Folds the documents of every source into per-worker accumulators
    /// made by `init`, then reduces them with `reduce` (which must not
    /// depend on the order of its inputs for the result to be
    /// deterministic).
    pub fn fold<A: Send>(
        &self,
        init: impl Fn() -> A + Sync + Send,
        fold: impl Fn(A, Vec<Doc>) -> A + Sync + Send,
        reduce: impl Fn(A, A) -> A + Sync + Send,
    ) -> A {
        (0..self.sources.len())
            .into_par_iter()
            .fold(&init, |acc, k| fold(acc, self.read(k)))
            .reduce(&init, reduce)
    }

    /// What was found besides the documents, once they are all read. The
    /// heavy-removal list is in source order.
    pub fn finish(self) -> Finished {
        let mut problems = self.problems.into_inner().expect("not poisoned");
        problems.sort_by_key(|(k, _)| *k);
        let mut boilerplate = self.log.into_inner().expect("not poisoned");
        // Workers push in any order: sort by release and id, a fixed order.
        boilerplate
            .heavy
            .sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        boilerplate.structural.sort();
        Finished {
            problems: problems.into_iter().map(|(_, e)| e).collect(),
            boilerplate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &std::path::Path, name: &str, text: &str) -> Source {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        Source {
            id: name.trim_end_matches(".txt").to_string(),
            path,
            release: String::new(),
            rows: None,
            named: false,
        }
    }

    #[test]
    fn documents_come_stripped_in_source_order_with_their_problems() {
        let dir = tempfile::tempdir().unwrap();
        let sources = vec![
            write(
                dir.path(),
                "b.txt",
                "Second\n\nBody of b.\n\nShare this article\n",
            ),
            write(dir.path(), "bin.txt", "\u{0}\u{0}binary"),
            write(dir.path(), "a.txt", "First\n\nBody of a.\n"),
        ];
        for mode in [Mode::Auto, Mode::Trailers, Mode::None] {
            let reader = Reader::open(&sources, mode, &Fields::default());
            let ids: Vec<Vec<(String, String, u64)>> = reader.map(|docs| {
                docs.iter()
                    .map(|d| (d.doc.id.clone(), d.text().to_string(), d.removed_lines))
                    .collect()
            });
            let finished = reader.finish();
            let flat: Vec<_> = ids.into_iter().flatten().collect();
            assert_eq!(flat.len(), 2);
            assert_eq!(flat[0].0, "b");
            assert_eq!(flat[1].0, "a");
            let want = boilerplate::strip(
                "Second\n\nBody of b.\n\nShare this article\n",
                true,
                mode,
                None,
            );
            assert_eq!(flat[0].1, want.0);
            assert_eq!(flat[0].2, want.1);
            assert_eq!(finished.problems.len(), 1, "{mode:?}");
            let logged = finished.boilerplate.lines.len();
            assert_eq!(logged, usize::from(mode != Mode::None));
        }
    }

    #[test]
    fn heavy_removal_is_more_than_a_quarter_of_the_words() {
        let dir = tempfile::tempdir().unwrap();
        // Three words of text, one removed line of one word: 25%, not more.
        let quarter = write(dir.path(), "q.txt", "Title\n\nTwo words\n\nAdvertisement\n");
        // One word kept, one removed: 50%.
        let half = write(dir.path(), "h.txt", "Title\n\nAdvertisement\n");
        let sources = [quarter, half];
        let reader = Reader::open(&sources, Mode::Trailers, &Fields::default());
        let heavy: Vec<Vec<bool>> = reader.map(|docs| docs.iter().map(Doc::heavy).collect());
        assert_eq!(heavy, [[false], [true]]);
        let log = reader.finish().boilerplate;
        assert_eq!(log.heavy, [(String::new(), "h".to_string(), 0.5)]);
        let w = log.heavy_warning().unwrap();
        assert!(w.contains("1 document") && w.contains("h, 50%"), "{w}");
    }

    #[test]
    fn only_texts_costly_to_make_again_are_kept_between_the_passes() {
        let dir = tempfile::tempdir().unwrap();
        let sources = [
            write(dir.path(), "plain.txt", "Title\n\nA plain text.\n"),
            write(
                dir.path(),
                "page.html",
                "<html><head><title>T</title></head><body><p>A page of text.</p></body></html>",
            ),
            write(
                dir.path(),
                "feed.jsonl",
                "{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n",
            ),
        ];
        let reader = Reader::open(&sources, Mode::Auto, &Fields::default());
        let kept: Vec<bool> = reader
            .kept
            .iter()
            .map(|k| k.lock().unwrap().is_some())
            .collect();
        assert_eq!(kept, [false, true, true]);
        // The plain text, read again, is the same document.
        let texts: Vec<Vec<String>> =
            reader.map(|docs| docs.iter().map(|d| d.text().to_string()).collect());
        assert_eq!(texts[0], ["Title\n\nA plain text.\n"]);
        assert_eq!(texts[2].len(), 2);
    }
}
