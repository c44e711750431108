//! Finding and loading the documents of a corpus.
//!
//! A corpus is a folder (walked recursively in name order, hidden files and
//! folders skipped) or files named one by one. Supported inputs are `.txt`
//! and `.md` (one document each), `.html` (title and main text extracted),
//! and `.jsonl` and `.csv` (one document a record, see [`Fields`]). A folder whose entries are all folders is read as a series of
//! **releases** (snapshots of one corpus) when their names start with a
//! digit (`2024-03-04`, `2023Q4`) or when at least two of them hold a
//! document at the same relative path; `--layout` forces either reading.
//!
//! `doc_id` is the path relative to the corpus root — for releases, to the
//! release folder — without extension, `/`-separated; `release` is the
//! release folder's name, else empty.

use std::path::{Path, PathBuf};

use crate::decode;
use crate::error::{Error, Result};

/// How a folder is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Releases when the folder looks like a series of releases (see the
    /// module docs), else flat.
    #[default]
    Auto,
    /// Every subfolder is a release.
    Releases,
    /// One corpus; subfolders are only part of the ids.
    Flat,
}

/// A document found on disk, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file.
    pub path: PathBuf,
    /// The document's id (see the module docs).
    pub id: String,
    /// The release it belongs to, or empty.
    pub release: String,
}

impl Source {
    /// The path as shown in tables and messages, with `/` separators.
    pub fn display_path(&self) -> String {
        slash_path(&self.path)
    }
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The documents, in release then path order.
    pub sources: Vec<Source>,
    /// Inputs that could not be used (missing, unreadable, unsupported),
    /// one error each; the rest of the corpus is still there.
    pub problems: Vec<Error>,
}

/// Whether folio reads files with this extension.
pub fn is_supported(path: &Path) -> bool {
    kind(path).is_some()
}

/// The kinds of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text: the first line is the title when a blank line follows.
    Text,
    /// Markdown: as text, `#` marks and YAML front matter removed.
    Markdown,
    /// A web page: title and main text extracted (dom_smoothie).
    Html,
    /// JSON lines: one document a line.
    Jsonl,
    /// CSV with a header row: one document a row.
    Csv,
}

/// The kind of a file, by extension.
pub fn kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" => Kind::Text,
        "md" | "markdown" => Kind::Markdown,
        "html" | "htm" => Kind::Html,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "csv" => Kind::Csv,
        _ => return None,
    })
}

/// The fields (JSON lines) or columns (CSV) documents are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The document id (only a label; any value).
    pub id: String,
    /// The title.
    pub title: String,
    /// The text.
    pub text: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            title: "title".into(),
            text: "text".into(),
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// A path with `/` separators, for tables and ids.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    if path.has_root() && joined.starts_with("//") {
        joined[1..].to_string()
    } else {
        joined
    }
}

/// The id of a file relative to a root: relative path, no extension.
fn doc_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    slash_path(&rel.with_extension(""))
}

/// Finds the documents of the given inputs (files and folders).
pub fn discover(inputs: &[PathBuf], layout: Layout) -> Discovery {
    let mut found = Discovery::default();
    for input in inputs {
        match std::fs::metadata(input) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                found.problems.push(Error::NotFound {
                    path: input.clone(),
                })
            }
            Err(source) => found.problems.push(Error::Read {
                path: input.clone(),
                source,
            }),
            Ok(meta) if meta.is_dir() => discover_folder(input, layout, &mut found),
            Ok(_) if is_supported(input) => found.sources.push(Source {
                path: input.clone(),
                id: input
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                release: String::new(),
            }),
            Ok(_) => found.problems.push(Error::Unsupported {
                path: input.clone(),
            }),
        }
    }
    found
}

/// The supported files under a folder, in name order, hidden entries
/// skipped, symbolic links followed; walk errors (unreadable folders,
/// dangling links, link loops) are recorded as problems.
fn walk(root: &Path, problems: &mut Vec<Error>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_supported(e.path()) => files.push(e.into_path()),
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                problems.push(Error::Read { path, source });
            }
        }
    }
    files
}

fn discover_folder(root: &Path, layout: Layout, found: &mut Discovery) {
    let releases = match layout {
        Layout::Flat => None,
        Layout::Releases | Layout::Auto => release_folders(root, layout, &mut found.problems),
    };
    match releases {
        Some(releases) => {
            for (name, folder, files) in releases {
                found.sources.extend(files.into_iter().map(|path| Source {
                    id: doc_id(&folder, &path),
                    release: name.clone(),
                    path,
                }));
            }
        }
        None => {
            let files = walk(root, &mut found.problems);
            found.sources.extend(files.into_iter().map(|path| Source {
                id: doc_id(root, &path),
                release: String::new(),
                path,
            }));
        }
    }
}

type ReleaseFolder = (String, PathBuf, Vec<PathBuf>);

/// The releases of a folder of releases, in name order, each with its
/// documents (an empty release has none); `None` when `root` does not look
/// like a folder of releases (see [`Layout::Auto`]) and `layout` does not
/// force it. Unreadable folders are recorded as problems.
pub fn releases(
    root: &Path,
    layout: Layout,
    problems: &mut Vec<Error>,
) -> Option<Vec<(String, Vec<Source>)>> {
    if layout == Layout::Flat {
        return None;
    }
    let found = release_folders(root, layout, problems)?;
    Some(
        found
            .into_iter()
            .map(|(name, folder, files)| {
                let sources = files
                    .into_iter()
                    .map(|path| Source {
                        id: doc_id(&folder, &path),
                        release: name.clone(),
                        path,
                    })
                    .collect();
                (name, sources)
            })
            .collect(),
    )
}

/// The releases of a folder of releases, or `None` when it is not one.
fn release_folders(
    root: &Path,
    layout: Layout,
    problems: &mut Vec<Error>,
) -> Option<Vec<ReleaseFolder>> {
    let entries = match std::fs::read_dir(root) {
        Ok(rd) => rd,
        Err(source) => {
            problems.push(Error::Read {
                path: root.to_path_buf(),
                source,
            });
            return Some(Vec::new());
        }
    };
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        if is_hidden(&entry.file_name()) {
            continue;
        }
        if !entry.path().is_dir() {
            if layout == Layout::Auto {
                return None;
            }
            continue;
        }
        folders.push((
            entry.file_name().to_string_lossy().into_owned(),
            entry.path(),
        ));
    }
    if folders.is_empty() && layout == Layout::Auto {
        return None;
    }
    folders.sort();
    let mut walk_problems = Vec::new();
    let releases: Vec<ReleaseFolder> = folders
        .into_iter()
        .map(|(name, path)| {
            let files = walk(&path, &mut walk_problems);
            (name, path, files)
        })
        .collect();
    if layout == Layout::Auto {
        let dated = releases
            .iter()
            .all(|(name, _, _)| name.starts_with(|c: char| c.is_ascii_digit()));
        let mut seen = std::collections::HashSet::new();
        let shared = releases
            .iter()
            .any(|(_, folder, files)| files.iter().any(|f| !seen.insert(doc_id(folder, f))));
        if !(dated || shared) {
            return None;
        }
    }
    problems.extend(walk_problems);
    Some(releases)
}

/// A loaded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's id.
    pub id: String,
    /// Its release, or empty.
    pub release: String,
    /// Its path, `/`-separated, as found.
    pub path: String,
    /// The title: the first line when a blank line follows it (Markdown
    /// `#` marks removed), or the `title:` of Markdown front matter.
    pub title: Option<String>,
    /// Whether the first line of `text` is the title line.
    pub title_in_text: bool,
    /// The full text, title line included; Markdown front matter removed.
    pub text: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// The encoding the file was decoded from.
    pub encoding: &'static str,
}

/// Reads and decodes a file that holds one document (.txt, .md, .html).
pub fn load(source: &Source) -> Result<Document> {
    let (mut docs, mut errors) = load_documents(source, &Fields::default());
    match (docs.len(), errors.is_empty()) {
        (1, true) => Ok(docs.remove(0)),
        (_, false) => Err(errors.remove(0)),
        (n, true) => Err(Error::Invalid(format!(
            "{}: holds {n} documents, not one",
            source.path.display()
        ))),
    }
}

/// Reads the documents of a file: one for text, Markdown and HTML, one per
/// record for JSON lines and CSV. A malformed record is reported (with its
/// line number) and skipped; the rest are read.
pub fn load_documents(source: &Source, fields: &Fields) -> (Vec<Document>, Vec<Error>) {
    let bytes = match std::fs::read(&source.path) {
        Ok(b) => b,
        Err(e) => {
            let err = Error::Read {
                path: source.path.clone(),
                source: e,
            };
            return (Vec::new(), vec![err]);
        }
    };
    match kind(&source.path) {
        Some(Kind::Jsonl) => records_jsonl(source, &bytes, fields),
        Some(Kind::Csv) => records_csv(source, &bytes, fields),
        Some(Kind::Html) => one(from_html(source, &bytes)),
        _ => one(from_bytes(source, &bytes)),
    }
}

fn one(r: Result<Document>) -> (Vec<Document>, Vec<Error>) {
    match r {
        Ok(d) => (vec![d], Vec::new()),
        Err(e) => (Vec::new(), vec![e]),
    }
}

/// A problem with one record of a file.
fn record_error(source: &Source, line: usize, what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{}:{line}: {what}, skipped", source.path.display()))
}

/// A document from a record: the title (if any) is its first paragraph,
/// exactly as the title line of a text file is.
fn record(
    source: &Source,
    line: usize,
    id: Option<String>,
    title: Option<String>,
    text: &str,
    bytes: u64,
) -> Document {
    let title = title
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    let text = normalize_text(text);
    let full = match &title {
        Some(t) => format!("{t}\n\n{text}"),
        None => text,
    };
    let id = id.unwrap_or_else(|| {
        let stem = source
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!("{stem}#{line}")
    });
    Document {
        id,
        release: source.release.clone(),
        path: source.display_path(),
        title_in_text: title.is_some(),
        title,
        text: full,
        bytes,
        encoding: "UTF-8",
    }
}

/// Newlines and NFC for text that did not come through [`decode::decode`]
/// as a whole file (a record's field).
fn normalize_text(text: &str) -> String {
    match decode::decode(text.as_bytes()) {
        Some(d) => d.text,
        None => text.replace('\0', ""),
    }
}

/// The string value of a JSON field: strings as they are, numbers and
/// booleans written out; `None` for null or a missing field.
fn json_string(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn records_jsonl(source: &Source, bytes: &[u8], fields: &Fields) -> (Vec<Document>, Vec<Error>) {
    let Some(decoded) = decode::decode(bytes) else {
        return (
            Vec::new(),
            vec![Error::Binary {
                path: source.path.clone(),
            }],
        );
    };
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    for (k, line) in decoded.text.split('\n').enumerate() {
        let n = k + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                errors.push(record_error(source, n, format!("not valid JSON ({e})")));
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            errors.push(record_error(source, n, "not a JSON object"));
            continue;
        };
        let Some(text) = json_string(obj.get(&fields.text)) else {
            errors.push(record_error(
                source,
                n,
                format!("no \"{}\" field", fields.text),
            ));
            continue;
        };
        let id = json_string(obj.get(&fields.id));
        let title = json_string(obj.get(&fields.title));
        docs.push(record(source, n, id, title, &text, line.len() as u64));
    }
    (docs, errors)
}

fn records_csv(source: &Source, bytes: &[u8], fields: &Fields) -> (Vec<Document>, Vec<Error>) {
    let Some(decoded) = decode::decode(bytes) else {
        return (
            Vec::new(),
            vec![Error::Binary {
                path: source.path.clone(),
            }],
        );
    };
    let whole = |what: String| {
        (
            Vec::new(),
            vec![Error::Invalid(format!("{}: {what}", source.path.display()))],
        )
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(decoded.text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return whole(format!("not a CSV table ({e})")),
    };
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let Some(text_col) = column(&fields.text) else {
        return whole(format!("no \"{}\" column", fields.text));
    };
    let (id_col, title_col) = (column(&fields.id), column(&fields.title));
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    for result in reader.records() {
        match result {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                let get = |c: Option<usize>| {
                    c.and_then(|i| rec.get(i))
                        .map(str::to_string)
                        .filter(|s| !s.is_empty())
                };
                let Some(text) = rec.get(text_col) else {
                    errors.push(record_error(source, line, "no text"));
                    continue;
                };
                let size = rec.as_byte_record().as_slice().len() as u64;
                docs.push(record(
                    source,
                    line,
                    get(id_col),
                    get(title_col),
                    text,
                    size,
                ));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(record_error(source, line, format!("malformed row ({e})")));
            }
        }
    }
    (docs, errors)
}

/// A page title without the site's name after a separator
/// (`Ferry Adds Sailings | The Courier` → `Ferry Adds Sailings`), when what
/// is left has at least three words.
fn site_name_removed(title: &str) -> &str {
    for sep in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some(i) = title.rfind(sep) {
            let head = title[..i].trim();
            if head.split_whitespace().count() >= 3 {
                return head;
            }
        }
    }
    title
}

/// A web page: title and main text extracted — scripts, styles,
/// navigation, footers and banners left out — by dom_smoothie (a port of
/// Mozilla's Readability). Paragraphs become blocks separated by blank lines.
fn from_html(source: &Source, bytes: &[u8]) -> Result<Document> {
    let decoded = decode::decode(bytes).ok_or_else(|| Error::Binary {
        path: source.path.clone(),
    })?;
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let article = dom_smoothie::Readability::new(decoded.text.as_str(), None, Some(cfg))
        .and_then(|mut r| r.parse())
        .map_err(|e| {
            Error::Invalid(format!(
                "{}: no article text found ({e})",
                source.path.display()
            ))
        })?;
    let title = Some(site_name_removed(article.title.trim()).to_string()).filter(|t| !t.is_empty());
    let body: Vec<String> = article
        .text_content
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let mut doc = record(
        source,
        0,
        None,
        title,
        &body.join("\n\n"),
        bytes.len() as u64,
    );
    doc.id = source.id.clone();
    doc.encoding = decoded.encoding;
    Ok(doc)
}

/// Builds a document from the bytes of its file.
pub fn from_bytes(source: &Source, bytes: &[u8]) -> Result<Document> {
    let decoded = decode::decode(bytes).ok_or_else(|| Error::Binary {
        path: source.path.clone(),
    })?;
    let markdown = kind(&source.path) == Some(Kind::Markdown);
    let mut text = decoded.text;
    let mut front_title = None;
    if markdown {
        if let Some((title, rest)) = split_front_matter(&text) {
            front_title = title;
            text = rest;
        }
    }
    let (title, title_in_text) = match title_line(&text) {
        Some(line) => {
            let line = if markdown {
                line.trim_start_matches('#')
            } else {
                line
            };
            (Some(line.trim().to_string()), true)
        }
        None => (front_title, false),
    };
    Ok(Document {
        id: source.id.clone(),
        release: source.release.clone(),
        path: source.display_path(),
        title,
        title_in_text,
        text,
        bytes: bytes.len() as u64,
        encoding: decoded.encoding,
    })
}

/// The first line of a text when a blank line follows it.
fn title_line(text: &str) -> Option<&str> {
    let mut lines = text.split('\n');
    let first = lines.next()?;
    let second = lines.next()?;
    // A real blank line: `Headline\n` alone has no title, only a line.
    lines.next()?;
    (!first.trim().is_empty() && second.trim().is_empty()).then_some(first)
}

/// Splits YAML front matter (`---` … `---` at the very start) from a
/// Markdown text; returns its `title:` if it has one, and the rest.
fn split_front_matter(text: &str) -> Option<(Option<String>, String)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest
        .find("\n---\n")
        .or_else(|| rest.strip_suffix("\n---").map(str::len))?;
    let yaml = &rest[..end];
    let body = rest.get(end + 5..).unwrap_or("").trim_start_matches('\n');
    let title = yaml.lines().find_map(|l| {
        let v = l
            .strip_prefix("title:")?
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        (!v.is_empty()).then(|| v.to_string())
    });
    Some((title, body.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str) -> Source {
        Source {
            path: PathBuf::from(path),
            id: "x".into(),
            release: String::new(),
        }
    }

    #[test]
    fn title_needs_a_blank_line() {
        let d = from_bytes(&source("a.txt"), b"Headline\n\nBody text.\n").unwrap();
        assert_eq!(d.title.as_deref(), Some("Headline"));
        assert!(d.title_in_text);
        let d = from_bytes(&source("a.txt"), b"Line one\nLine two\n").unwrap();
        assert_eq!(d.title, None);
        let d = from_bytes(&source("a.txt"), b"Just one line\n").unwrap();
        assert_eq!(d.title, None);
    }

    #[test]
    fn markdown_title_and_front_matter() {
        let d = from_bytes(&source("a.md"), b"# Boil Notice\n\nBody.\n").unwrap();
        assert_eq!(d.title.as_deref(), Some("Boil Notice"));
        let d = from_bytes(
            &source("a.md"),
            b"---\ntitle: \"Gesetz\"\njurabk: X\n---\n\nText ohne Titel\nzweite Zeile\n",
        )
        .unwrap();
        assert_eq!(d.title.as_deref(), Some("Gesetz"));
        assert!(d.text.starts_with("Text ohne Titel"));
    }

    #[test]
    fn site_names_leave_titles() {
        assert_eq!(
            site_name_removed("Ferry Adds Evening Sailings | The Courier"),
            "Ferry Adds Evening Sailings"
        );
        assert_eq!(site_name_removed("Home | Courier"), "Home | Courier");
        assert_eq!(site_name_removed("A plain title"), "A plain title");
    }

    #[test]
    fn binary_is_an_error() {
        let err = from_bytes(&source("img.txt"), b"\x00\x01\x02\x03").unwrap_err();
        assert_eq!(err.to_string(), "img.txt: binary file, skipped");
    }

    #[test]
    fn ids_are_relative_without_extension() {
        assert_eq!(
            doc_id(Path::new("c/2024"), Path::new("c/2024/news/a b.txt")),
            "news/a b"
        );
        assert_eq!(slash_path(Path::new("a/b/c.txt")), "a/b/c.txt");
    }
}
