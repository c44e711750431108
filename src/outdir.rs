//! Output folders (`report`, `compare`, `history`): written whole or not
//! at all, one run at a time, and never touching what folio did not write.
//!
//! - **Manifest.** A folder folio writes into holds `.folio-manifest`, the
//!   list of every file and folder folio put there. A run replaces and
//!   removes only entries on that list. A folder that is not empty and has
//!   no manifest is refused (unless `--force`: folio then writes its own
//!   files beside the others; a file of the user's at a name folio writes
//!   is kept as `NAME.orig`; nothing folio did not write is removed).
//!   Discovery skips the entries a manifest lists, so an output folder
//!   inside a corpus is never read back as documents. The manifest names
//!   the command that wrote the folder: another command's output (`folio
//!   compare -o reports`, or into a report's `compare/`) is refused, or
//!   with `--force` written beside, none of it removed.
//! - **Lock.** A run holds an advisory lock on `.folio-lock` in the folder
//!   for its whole length; a second run into the same folder waits (or,
//!   with `--no-wait`, fails).
//! - **Staging.** Everything is written into `.folio-staging-<pid>` inside
//!   the folder, flushed to disk, then moved into place by renames (a
//!   folder only of folio's files is swapped whole); a run that fails or is
//!   interrupted leaves the previous output as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use crate::cleanup::{self, Guard};
use crate::error::{Error, Result};
use crate::output::{self, Inputs};

/// The name of the manifest file.
pub(crate) const MANIFEST: &str = ".folio-manifest";
/// The name of the lock file.
pub(crate) const LOCK: &str = ".folio-lock";
const HEADER: &str =
    "# folio output folder: folio replaces and removes only the entries listed here";

/// How an output folder is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutDirOptions {
    /// Write into a non-empty folder that folio did not make.
    pub force: bool,
    /// Fail instead of waiting when another run holds the folder.
    pub no_wait: bool,
    /// No message while waiting.
    pub quiet: bool,
    /// The command writing (`report`, `compare`, `history`), recorded in
    /// the manifest: a folder holding another command's output is not
    /// replaced by this one (empty: any).
    pub command: &'static str,
}

/// An output folder taken for one run: locked, with a staging folder to
/// write into; [`OutDir::publish`] moves what was written into place.
/// Dropped without publishing, it removes the staging folder (and the
/// output folder itself when the run created it and it is still empty).
#[derive(Debug)]
pub struct OutDir {
    dir: PathBuf,
    staging: Guard,
    listed: BTreeSet<String>,
    force: bool,
    quiet: bool,
    command: &'static str,
    created: Vec<PathBuf>,
    /// Whether this run made the lock file (none was there).
    lock_made: bool,
    /// The staging folder as made, and the output folder (see
    /// [`file_id`]).
    staging_id: Option<(u64, u64)>,
    dir_id: Option<(u64, u64)>,
    /// The folder's lock, held for the run (and asked at publishing
    /// whether it is still the folder's).
    lock: File,
}

/// A file's or folder's identity (device and inode), where the system
/// tells it: a path that names another one now was moved or made again.
fn file_id(meta: io::Result<fs::Metadata>) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// A path with its `.` and `name/..` taken out: as written where `name`
/// does not exist (`out/new/..` is `out`, no `new` made), as the system
/// reads it where it does (`link/..` is the parent of the link's target);
/// a leading `..` stays.
pub(crate) fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    // (Rebuilt from the components, which drop a `.` inside or at the
    // end: `out/.` is `out`, and `create_dir_all` has no `out/.` to make.)
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                // A `..` after a folder that exists is where the system
                // takes it: after a link (`yearlink/..`), the parent of
                // the link's target, not the folder holding the link.
                let real = fs::canonicalize(&out).ok();
                if real.is_none() && fs::symlink_metadata(&out).is_ok() {
                    // A link to nothing: the system's to say (it fails).
                    out.push("..");
                    continue;
                }
                let real_parent = real.as_deref().and_then(Path::parent);
                let written_parent = out.parent().map(|p| {
                    if p.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        p
                    }
                });
                match (real_parent, written_parent) {
                    (Some(r), Some(w)) if fs::canonicalize(w).ok().as_deref() != Some(r) => {
                        out = r.to_path_buf();
                    }
                    _ => {
                        out.pop();
                    }
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Whether a folder holds a manifest (is an output folder of folio's).
pub(crate) fn is_output_folder(dir: &Path) -> bool {
    read_manifest(dir).is_some()
}

/// Why a file that one command's `-o` names is not for it to write, if
/// it is not: folio's bookkeeping (`.folio-manifest`, `.folio-lock`,
/// staging), or a file of a folio output folder (listed in the manifest of
/// a folder above it: `reports/stats.csv`), which that command's next run
/// would find replaced and refuse to touch.
pub(crate) fn claimed_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    // (Every name folio gives its own files opens with `.folio-`: the
    // temporary files of `-o FILE` too, `.folio-<pid>-XXXXXX.folio-tmp`,
    // which a later run sweeps as a dead run's.)
    if name.starts_with(".folio-") {
        return Some("is one of folio's own bookkeeping files; write elsewhere".into());
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let real = fs::canonicalize(parent).ok()?;
    for folder in real.ancestors() {
        let Some(entries) = manifest_entries(folder) else {
            continue;
        };
        let rel = crate::corpus::slash_path(real.strip_prefix(folder).ok()?);
        let rel = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        if entries.contains(&rel) {
            return Some(format!(
                "is a file of the folio output in {} (its manifest lists it); write elsewhere",
                folder.display()
            ));
        }
    }
    None
}

/// The most bytes a manifest has: about two million files listed. A
/// larger one (a sparse file of NULs, 1 GiB of it read whole had taken
/// 3 GB of memory) is no manifest of folio's.
const MANIFEST_LIMIT: u64 = 256 << 20;

/// The folder's manifest, when it is a regular file (never a FIFO, which
/// would block a read for ever, nor a link to one or to a device) of at
/// most [`MANIFEST_LIMIT`] bytes.
fn manifest_file(dir: &Path) -> Option<PathBuf> {
    let path = dir.join(MANIFEST);
    fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.is_file() && m.len() <= MANIFEST_LIMIT)
        .map(|_| path)
}

/// The text of the folder's manifest (see [`manifest_file`]); text
/// holding a NUL is none of folio's.
fn read_manifest(dir: &Path) -> Option<String> {
    let text = fs::read_to_string(manifest_file(dir)?).ok()?;
    (!text.contains('\0')).then_some(text)
}

/// The entries a folder's manifest lists (relative, `/`-separated; folders
/// end in `/`), every command's, or `None` without a manifest.
pub(crate) fn manifest_entries(dir: &Path) -> Option<BTreeSet<String>> {
    Some(
        read_sections(dir)?
            .into_iter()
            .flat_map(|(_, entries)| entries)
            .collect(),
    )
}

/// The files a folder's manifest lists that are, by their bytes, as folio
/// wrote them (a hashed mark of their size and hash): what a corpus walk leaves out
/// as folio's output. A name listed without a hashed mark, or at another
/// size, is read as any file is — a manifest never hides a user's
/// document (an older folio's, a hand-made or a foreign one). Folders are
/// not listed: their files are. `None` without a manifest.
///
/// And only files of names folio gives its own (see [`folio_name`]): the
/// mark proves a file unchanged since the manifest was written, not that
/// folio wrote it — anyone can compute it, and a manifest planted in a
/// received folder (`scandal.txt` listed) had hidden that document from
/// every table without a word.
pub(crate) fn written_files(dir: &Path) -> Option<BTreeSet<String>> {
    let entries = manifest_entries(dir)?;
    let marks = read_marks(dir);
    Some(
        entries
            .into_iter()
            .filter(|rel| {
                !rel.ends_with('/')
                    && folio_name(rel)
                    && fs::symlink_metadata(dir.join(rel)).is_ok_and(|m| {
                        // Its bytes as folio wrote them, not only its size
                        // (as publishing judges it): a user's document at
                        // a listed name and of the listed size had been
                        // left out of the corpus without a word. The hash
                        // is read once, for the marks of that size only.
                        let mut hash = None;
                        let mut hash = || *hash.get_or_insert_with(|| hash_file(&dir.join(rel)));
                        m.is_file() && written_as(marks.get(rel), m.len(), &mut hash)
                    })
            })
            .collect(),
    )
}

/// Whether folio gives a file of an output folder this name (relative,
/// `/`-separated), of the kinds it would read as a document: a table
/// (`stats.csv`, `compare/…/changes.parquet`), `summary.txt`, the report's
/// `index.html` (`index-2.html` …) and its pages (`pages/…/*.html`), at
/// its top. Names of other kinds
/// (`diffs/*.diff`, `feed.xml`, `folio.css`) are never read as documents.
pub(crate) fn folio_name(rel: &str) -> bool {
    /// The tables folio writes into output folders.
    const TABLES: &[&str] = &[
        "stats",
        "changes",
        "edits",
        "timeline",
        "documents",
        "terms",
        "keyness",
        "boilerplate",
        "errors",
    ];
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    match ext {
        "csv" | "parquet" => TABLES.contains(&stem),
        "txt" => stem == "summary",
        // (The report's index pages and its pages, at its top.)
        "html" => {
            let index = stem == "index"
                || stem
                    .strip_prefix("index-")
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            index && !rel.contains('/') || rel.starts_with("pages/")
        }
        _ => !crate::corpus::is_supported(Path::new(name)),
    }
}

/// The prefix of the manifest line naming the command that wrote the
/// entries after it.
const COMMAND_LINE: &str = "# command: ";

/// A manifest's sections: the command that wrote each (the folder's own
/// first; a run forced beside another command's output adds its own), and
/// the entries it wrote. Empty: a command not known.
type Sections = Vec<(String, BTreeSet<String>)>;

/// The sections of a folder's manifest, `None` without one. A manifest of
/// before commands were named is one section, named by what it holds.
fn read_sections(dir: &Path) -> Option<Sections> {
    let text = read_manifest(dir)?;
    let mut sections: Sections = vec![(String::new(), BTreeSet::new())];
    for line in text.lines() {
        if let Some(command) = line.strip_prefix(COMMAND_LINE) {
            let command = command.trim().to_string();
            match sections.as_mut_slice() {
                [(name, entries)] if name.is_empty() && entries.is_empty() => *name = command,
                _ => sections.push((command, BTreeSet::new())),
            }
        } else if !line.is_empty() && !line.starts_with('#') && inside(line) {
            if let Some((_, entries)) = sections.last_mut() {
                entries.insert(line.to_string());
            }
        }
    }
    if sections[0].0.is_empty() {
        sections[0].0 = inferred_command(&sections[0].1)
            .unwrap_or_default()
            .to_string();
    }
    Some(sections)
}

/// The prefix of a manifest line recording a listed file as folio wrote
/// it, its size and the xxh3 hash of its bytes (`#= 1234 x0f1e2d3c4b5a6978
/// summary.txt`; a manifest of before has the size alone): a comment to a
/// manifest reader of before.
const MARK_LINE: &str = "#= ";

/// A file as folio wrote it: its size and the hash of its bytes (`None` in
/// a manifest of before, which recorded sizes alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    size: u64,
    hash: Option<u64>,
}

impl Mark {
    /// The mark of a regular file as it is now; `None` for anything else.
    fn of(path: &Path) -> Option<Mark> {
        let m = fs::symlink_metadata(path).ok()?;
        if !m.is_file() {
            return None;
        }
        Some(Mark {
            size: m.len(),
            hash: Some(hash_file(path)?),
        })
    }

    /// Whether a regular file of `size` bytes is still this one (`hash`
    /// reads its bytes, asked only when the sizes agree).
    fn matches(&self, size: u64, hash: &mut impl FnMut() -> Option<u64>) -> bool {
        self.size == size && self.hash.is_none_or(|h| hash() == Some(h))
    }
}

/// Whether a regular file of `size` bytes is one of those `recorded`
/// marks, by its bytes (`hash`, asked only when a size agrees): a mark of
/// a size alone (an older folio's manifest, a hand-edited one) proves
/// nothing.
fn written_as(
    recorded: Option<&Vec<Mark>>,
    size: u64,
    hash: &mut impl FnMut() -> Option<u64>,
) -> bool {
    recorded.is_some_and(|ms| {
        ms.iter()
            .any(|mk| mk.hash.is_some() && mk.matches(size, hash))
    })
}

/// The xxh3 hash of a file's bytes, read a block at a time.
fn hash_file(path: &Path) -> Option<u64> {
    use std::io::BufRead;
    // A `BufReader`'s buffer is not zeroed first (a zeroed 64 KiB a file
    // was half the instructions of publishing `compare`'s 445 diffs).
    let mut f = io::BufReader::with_capacity(1 << 16, File::open(path).ok()?);
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    loop {
        match f.fill_buf() {
            Ok([]) => return Some(hasher.digest()),
            Ok(buf) => {
                hasher.update(buf);
                let n = buf.len();
                f.consume(n);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// The marks a folder's manifest records of the files it lists: one a
/// file, or two while a run publishes (the old file's and the new one's:
/// each entry is one or the other until the last rename).
fn read_marks(dir: &Path) -> BTreeMap<String, Vec<Mark>> {
    let Some(text) = read_manifest(dir) else {
        return BTreeMap::new();
    };
    let mut marks: BTreeMap<String, Vec<Mark>> = BTreeMap::new();
    for line in text.lines() {
        let Some((size, rest)) = line.strip_prefix(MARK_LINE).and_then(|l| l.split_once(' '))
        else {
            continue;
        };
        let Ok(size) = size.parse() else {
            continue;
        };
        let hashed = rest.split_once(' ').and_then(|(h, rel)| {
            let hex = h.strip_prefix('x').filter(|x| x.len() == 16)?;
            Some((u64::from_str_radix(hex, 16).ok()?, rel))
        });
        let (hash, rel) = match hashed {
            Some((h, rel)) => (Some(h), rel),
            None => (None, rest),
        };
        marks
            .entry(rel.to_string())
            .or_default()
            .push(Mark { size, hash });
    }
    marks
}

/// The command whose files a manifest of before lists: a report has
/// `index.html`, a comparison `changes.csv`, a history `timeline.csv`.
fn inferred_command(entries: &BTreeSet<String>) -> Option<&'static str> {
    [
        ("index.html", "report"),
        ("changes.csv", "compare"),
        ("timeline.csv", "history"),
    ]
    .into_iter()
    .find(|(file, _)| entries.contains(*file))
    .map(|(_, command)| command)
}

/// The command whose output a folder holds: the one its manifest names
/// first, or, for a folder inside another output folder (a report's
/// `compare/`), the one the manifest above names. `None` when no manifest
/// tells (not folio's).
fn owner(dir: &Path) -> Option<String> {
    let first = |d: &Path| {
        read_sections(d)
            .and_then(|s| s.into_iter().next())
            .map(|(name, _)| name)
            .filter(|name| !name.is_empty())
    };
    if is_output_folder(dir) {
        return first(dir);
    }
    let real = fs::canonicalize(dir).ok()?;
    let parent = real.ancestors().skip(1).find(|p| is_output_folder(p))?;
    listed_by_parent(dir)?;
    first(parent)
}

/// Refuses a folder that holds another command's output (`folio compare -o
/// reports`): its entries are that output's, which this run would remove.
/// With `--force`, or in a folder inside another command's output (a
/// report's `compare/`), this run writes beside them and removes none
/// (see [`OutDir::open`]); returns whether that is so.
fn refuse_other_command(dir: &Path, opts: OutDirOptions) -> Result<bool> {
    let Some(owner) = owner(dir) else {
        return Ok(false);
    };
    if opts.command.is_empty() || owner == opts.command {
        return Ok(false);
    }
    // A folder inside another command's output (a report's `compare/`,
    // compare's default `reports/compare` after `folio report`): written
    // beside what is there, none of it replaced or removed (entries the
    // enclosing manifest claims are the other command's), as `--force`
    // would; the folder's own files would be a bare clash.
    if opts.force || !is_output_folder(dir) {
        return Ok(true);
    }
    Err(invalid(
        dir,
        format!(
            "holds the output of `folio {owner}`, which `folio {}` would replace; choose another -o, or --force to write beside it (removing none of it)",
            opts.command
        ),
    ))
}

/// The entries under `dir` that the manifest of a folder above it lists,
/// relative to `dir`, when that manifest lists `dir` itself (a report's
/// `compare/` folder is folio's for `folio compare -o reports/compare`).
fn listed_by_parent(dir: &Path) -> Option<BTreeSet<String>> {
    let real = fs::canonicalize(dir).ok()?;
    for parent in real.ancestors().skip(1) {
        let Some(entries) = manifest_entries(parent) else {
            continue;
        };
        let rel = crate::corpus::slash_path(real.strip_prefix(parent).ok()?) + "/";
        if !entries.contains(&rel) {
            return None;
        }
        return Some(
            entries
                .iter()
                .filter_map(|e| e.strip_prefix(&rel))
                .filter(|e| !e.is_empty())
                .map(str::to_string)
                .collect(),
        );
    }
    None
}

/// The listed entries that are still the files folio wrote: a file whose
/// size and bytes are not those the manifest records (a user's
/// `summary.txt` in a folder emptied with `rm -rf out/*`, which keeps the
/// hidden manifest; a file edited by hand, to the same size too) is the
/// user's now, neither replaced without `--force` nor removed; so is a
/// link or a FIFO the user put at a file's name (folio writes regular
/// files). Folders stay listed (their entries are judged one by one), and
/// so do files of a manifest of before, which records no marks.
fn still_folios(dir: &Path, listed: BTreeSet<String>) -> BTreeSet<String> {
    match recorded_marks(dir) {
        Some(recorded) => still_folios_by(dir, listed, &recorded),
        None => listed,
    }
}

/// The marks recorded of the files of output folder `dir`, by the manifest
/// of the nearest folder holding one (`dir` or one enclosing it), with
/// the path of `dir` inside that folder (`compare/`, or empty).
fn recorded_marks(dir: &Path) -> Option<(BTreeMap<String, Vec<Mark>>, String)> {
    let real = fs::canonicalize(dir).ok()?;
    let at = real.ancestors().find(|a| is_output_folder(a))?;
    let rel = crate::corpus::slash_path(real.strip_prefix(at).unwrap_or(Path::new("")));
    let prefix = if rel.is_empty() { rel } else { rel + "/" };
    Some((read_marks(at), prefix))
}

/// `still_folios` by marks read before (a publish judges its entries
/// again after writing the new manifest).
fn still_folios_by(
    dir: &Path,
    listed: BTreeSet<String>,
    (marks, prefix): &(BTreeMap<String, Vec<Mark>>, String),
) -> BTreeSet<String> {
    // The marks of the output folders inside `dir` (another run's,
    // `folio compare -o report/compare`), read once each.
    let mut nested: BTreeMap<String, BTreeMap<String, Vec<Mark>>> = BTreeMap::new();
    listed
        .into_iter()
        .filter(|rel| {
            let path = dir.join(rel);
            let meta = fs::symlink_metadata(&path);
            if !rel.ends_with('/') && meta.as_ref().is_ok_and(|m| !m.is_file() && !m.is_dir()) {
                return false;
            }
            // A folder is only ever removed empty.
            if rel.ends_with('/') {
                return true;
            }
            let Ok(m) = meta else {
                return true;
            };
            if !m.is_file() {
                return true;
            }
            // A file is folio's only when its bytes are those folio wrote:
            // a name listed without a mark, or with a size alone (an older
            // folio's manifest, a hand-edited or foreign one), proves
            // nothing, and the file is the user's (kept as `.orig` with
            // `--force`, never deleted).
            let mut hash = {
                let mut known = None;
                move || *known.get_or_insert_with(|| hash_file(&path))
            };
            if written_as(marks.get(&format!("{prefix}{rel}")), m.len(), &mut hash) {
                return true;
            }
            // Or those another run wrote over it: the nearest folder on
            // the way with a manifest of its own (`folio compare -o
            // report/compare/x` rewrites the report's files there) records
            // them. A file of neither is the user's: edited by hand, it
            // had been replaced or removed for sitting in such a folder.
            let owner = Path::new(rel)
                .ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
                .find(|a| is_output_folder(&dir.join(a)));
            owner.is_some_and(|a| {
                let key = crate::corpus::slash_path(a);
                let inner = nested
                    .entry(key.clone())
                    .or_insert_with(|| read_marks(&dir.join(a)));
                let below = rel.strip_prefix(&format!("{key}/")).unwrap_or(rel);
                written_as(inner.get(below), m.len(), &mut hash)
            })
        })
        .collect()
}

/// Whether a manifest entry names something inside its folder: a relative
/// path of plain names (a hand-edited or hostile manifest listing `../x`,
/// `/etc/x` or `a/../../x` is ignored there, never acted on).
fn inside(entry: &str) -> bool {
    let path = Path::new(entry.trim_end_matches('/'));
    !entry.starts_with('/')
        && path.components().count() > 0
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

fn invalid(dir: &Path, what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{}: {what}", dir.display()))
}

fn io_err(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl OutDir {
    /// Takes `dir` for a run that reads `inputs` (see the module docs for
    /// what is refused).
    pub fn open(dir: &Path, opts: OutDirOptions, inputs: &Inputs) -> Result<OutDir> {
        // `out/.` is `out`; `out/new/..` is `out` too, read as written (a
        // folder `new` made on the way, then refused, had been left behind).
        // `-` is standard output to a command that writes a file; a folder
        // of that name would be made silently. Asked of the path as
        // written: `./-`, the advice given, is the folder called `-`, and
        // `lexical` would turn it back into `-`.
        if dir == Path::new("-") {
            return Err(invalid(
                dir,
                "stands for standard output, and this command writes a folder; name the folder (-o ./- if you mean one called -)",
            ));
        }
        let normal = lexical(dir);
        let dir = normal.as_path();
        if let Ok(m) = fs::metadata(dir) {
            if !m.is_dir() {
                return Err(invalid(dir, "not a folder"));
            }
        } else if let Ok(target) = fs::read_link(dir) {
            // A link to nothing: folio does not make the folder it names.
            return Err(invalid(
                dir,
                format!(
                    "a link to {}, which does not exist: make that folder, or name another",
                    target.display()
                ),
            ));
        }
        refuse_inside_inputs(dir, inputs)?;
        let mut created = Vec::new();
        for a in dir.ancestors() {
            if a.as_os_str().is_empty() || a.exists() {
                break;
            }
            created.push(a.to_path_buf());
        }
        if let Some(file) = dir.ancestors().skip(1).find(|a| a.is_file()) {
            return Err(invalid(dir, format!("{} is not a folder", file.display())));
        }
        fs::create_dir_all(dir).map_err(|e| invalid(dir, format!("cannot create: {e}")))?;
        // A run refused or failing from here on (a full disk: no staging
        // folder) removes the folders it made, as a dropped `OutDir` does.
        let mut made = MadeFolders {
            dir: dir.to_path_buf(),
            created,
            lock: None,
            lock_made: false,
        };
        // A folder that is not folio's is refused before a lock file is
        // made in it (so it is left as it was); the check is made again
        // under the lock, for a run that raced this one.
        refuse_foreign(dir, opts)?;
        refuse_other_command(dir, opts)?;
        made.lock_made = fs::symlink_metadata(dir.join(LOCK)).is_err();
        // (Held by `made` until the run holds the folder: a failure
        // removes the lock file, then lets go of the lock.)
        let (lock, remade) = take_lock(dir, opts)?;
        // (The run waited for had made the folder, failed and removed it:
        // made again, it is this run's to remove if this one fails too.)
        made.lock_made |= !remade.is_empty();
        made.created.extend(remade);
        made.lock = Some(lock);
        // Only one run holds the folder: any staging folder left in it is
        // a dead run's. An old folder that run had moved aside for a new
        // one, killed before the new one arrived, goes back first.
        restore_trash(dir);
        cleanup::sweep(dir, true);
        refuse_foreign(dir, opts)?;
        // Another command's output, forced: none of it is this run's to
        // replace or remove.
        let beside = refuse_other_command(dir, opts)?;
        let listed = match read_sections(dir) {
            // This command's own entries: the folder's, or (forced beside
            // another command's output) those of an earlier forced run.
            Some(sections) => sections
                .into_iter()
                .enumerate()
                .find(|(k, (name, _))| {
                    name == opts.command || (*k == 0 && !beside && opts.command.is_empty())
                })
                .map(|(_, (_, entries))| entries)
                .unwrap_or_default(),
            None if beside => BTreeSet::new(),
            None => listed_by_parent(dir).unwrap_or_default(),
        };
        let listed = still_folios(dir, listed);
        // Never a folder of the user's named like folio's (see
        // `cleanup::fresh_folder`): only what this run makes is removed.
        let staging_path = cleanup::fresh_folder(dir, "staging", true);
        // Interrupted already: the folder would be made as it is removed.
        if cleanup::interrupted() {
            return Err(invalid(dir, "interrupted"));
        }
        cleanup::make_marked_folder(&staging_path)
            .map_err(|e| invalid(dir, format!("cannot write: {e}")))?;
        let staging = Guard::new(staging_path.clone());
        let staging_id = file_id(fs::symlink_metadata(&staging_path));
        let dir_id = file_id(fs::symlink_metadata(dir));
        Ok(OutDir {
            staging_id,
            dir_id,
            dir: dir.to_path_buf(),
            staging,
            listed,
            force: opts.force,
            quiet: opts.quiet,
            command: opts.command,
            created: std::mem::take(&mut made.created),
            lock_made: made.lock_made,
            lock: made.lock.take().expect("taken above"),
        })
    }

    /// The folder to write into; its contents are published as they are.
    pub fn staging(&self) -> &Path {
        self.staging.path()
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Moves what was written into place: each file renamed over the old
    /// one, entries of the previous run that this one did not write
    /// removed, the manifest updated. Files that folio did not write are
    /// never replaced (without `--force`) nor removed.
    pub fn publish(mut self, inputs: &Inputs) -> Result<()> {
        let staging = self.staging().to_path_buf();
        // The folder moved away (`mv reports reports-old`) or removed while
        // the run wrote: what is at its path now is not this run's staging
        // folder (made again, half, by the writes after the move), nor its
        // lock the one held. Nothing is published.
        let moved = !cleanup::is_marked(&staging)
            || file_id(fs::symlink_metadata(&staging)) != self.staging_id
            || file_id(fs::symlink_metadata(self.dir.join(LOCK))) != file_id(self.lock.metadata());
        if moved {
            // The folder the writes after the move made again at its path
            // goes too, when nothing else is in it.
            // (Its lock is not touched: a run that took the new folder
            // holds it.)
            if file_id(fs::symlink_metadata(&self.dir)) != self.dir_id {
                let _ = fs::remove_dir_all(&staging);
                let _ = fs::remove_dir(&self.dir);
            }
            return Err(invalid(
                &self.dir,
                "was moved or removed while the run wrote into it; nothing was published (run again)",
            ));
        }
        let written = list_tree(&staging)?;
        // Judged again now, not only when the run began: a file of the
        // last output the user edited while this run was under way (notes
        // added to a diff) is the user's, neither replaced nor removed,
        // nor swapped away with its folder.
        let recorded = recorded_marks(&self.dir);
        let judge = |listed: BTreeSet<String>| match &recorded {
            Some(recorded) => still_folios_by(&self.dir, listed, recorded),
            None => listed,
        };
        self.listed = judge(std::mem::take(&mut self.listed));
        let mut foreign = Vec::new();
        let enclosing = self.enclosing();
        // Refuse before anything is moved: a folder that cannot be
        // written into, a file that is not folio's.
        output::refuse_unwritable_folder(&self.dir)?;
        for rel in written.iter().filter(|rel| rel.ends_with('/')) {
            let target = self.dir.join(rel.trim_end_matches('/'));
            if target.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                output::refuse_unwritable_folder(&target)?;
            }
        }
        for rel in &written {
            let target = self.dir.join(rel.trim_end_matches('/'));
            let Ok(meta) = target.symlink_metadata() else {
                continue;
            };
            let is_dir_entry = rel.ends_with('/');
            if is_dir_entry != meta.is_dir() {
                // A user's file where folio writes a folder, or a folder
                // where it writes a file: kept under another name with
                // --force, as any other of the user's entries is.
                let listed = self.listed.contains(rel.trim_end_matches('/'))
                    || self
                        .listed
                        .contains(&format!("{}/", rel.trim_end_matches('/')));
                if self.force && !listed && !inputs.contains(&target) {
                    foreign.push(target);
                    continue;
                }
                let what = if meta.file_type().is_symlink() {
                    // (A folder moved elsewhere and linked back had been
                    // called "a file".)
                    if is_dir_entry {
                        "is a link where folio writes a folder of that name (folio writes through no link)"
                    } else {
                        "is a link where folio writes a file of that name (folio writes through no link)"
                    }
                } else if is_dir_entry {
                    "is a file where folio writes a folder of that name"
                } else {
                    "is a folder where folio writes a file of that name"
                };
                let hint = if listed || self.force {
                    "move it"
                } else {
                    "move it, or --force to keep it under another name"
                };
                return Err(invalid(&target, format!("{what}; {hint}")));
            }
            if !is_dir_entry && inputs.contains(&target) {
                return Err(invalid(
                    &target,
                    "is one of this run's input files; folio never writes over its inputs",
                ));
            }
            if !is_dir_entry && self.claimed_by_other(rel, &enclosing) {
                // Another command's output (`report`'s, around a forced
                // `compare`): folio wrote it, and it stays that command's.
                return Err(invalid(
                    &target,
                    "is another folio command's output (its folder's manifest lists it), which this run neither replaces nor moves; write into another folder",
                ));
            }
            if !is_dir_entry && !self.listed.contains(rel) {
                if !self.force {
                    return Err(invalid(
                        &target,
                        "exists and was not written by folio; move it, or --force to keep it under another name",
                    ));
                }
                foreign.push(target);
            } else if !is_dir_entry && meta.is_file() {
                // folio's own file, replaced: not if the user made it
                // read-only, and with the mode (and, where allowed, the
                // owner) the user gave it.
                output::refuse_write_protected(&target)?;
                output::keep_mode_and_owner(&staging.join(rel), &meta);
            }
        }
        sync_tree(&staging);
        let mut union = self.listed.clone();
        union.extend(written.iter().cloned());
        // The new files' marks, beside the old ones until every file is in
        // place: a run killed among the renames leaves each entry old or
        // new, and the manifest knows both as folio's.
        let marks: BTreeMap<String, Vec<Mark>> = written
            .iter()
            .filter_map(|rel| Some((rel.clone(), vec![Mark::of(&staging.join(rel))?])))
            .collect();
        write_manifest(&self.dir, self.command, &union, &marks, true)?;
        // Forced: a file of the user's at a name folio writes is kept under
        // a new name, never replaced — once the manifest is written (a full
        // disk fails that write before anything of the user's is moved).
        for target in foreign {
            self.keep_aside(&target, "was not written by folio")?;
        }
        #[cfg(test)]
        if let Some(edit) = tests::BEFORE_MOVES.with(|f| f.take()) {
            edit();
        }
        // Judged once more right before the renames (flushing the new
        // files and the manifest take a moment): a file of the last output
        // the user edited meanwhile is theirs — kept under another name
        // where this run writes its name, left in place (and its folder
        // not swapped whole) where it does not.
        let now = judge(self.listed.clone());
        let edited: Vec<String> = self
            .listed
            .iter()
            .filter(|rel| !rel.ends_with('/') && !now.contains(*rel))
            .cloned()
            .collect();
        for rel in edited {
            self.listed.remove(&rel);
            let target = self.dir.join(&rel);
            if written.contains(&rel) && target.symlink_metadata().is_ok() {
                self.keep_aside(&target, "was changed during the run")?;
            }
        }
        let trash = cleanup::fresh_folder(&self.dir, "old", false);
        let trash_guard = Guard::new(trash.clone());
        // A signal now waits for the renames to end: the output is then
        // the new one, whole (the handler would remove the staging folder
        // the renames take from).
        let publishing = cleanup::publishing();
        // A move that fails half-way (a folder that is a mount point:
        // EBUSY) takes back the ones made: the output stays the old one,
        // whole, not half old and half new.
        let mut done = Vec::new();
        if let Err(e) = self.move_into_place(&staging, "", &trash, &mut done) {
            let whole = undo(done);
            drop(trash_guard);
            drop(publishing);
            return Err(match (whole, e) {
                (true, Error::Write { path, source }) => Error::Invalid(format!(
                    "{}: {source}; nothing was changed (the output is the previous run's)",
                    path.display()
                )),
                (_, e) => e,
            });
        }
        // Entries of the previous output that this one does not have:
        // files, then folders (deepest first) left empty — each file
        // judged once more just before (an edit made during the renames).
        let gone: BTreeSet<String> = self
            .listed
            .iter()
            .filter(|rel| !written.contains(*rel))
            .cloned()
            .collect();
        let still = judge(gone.clone());
        for edited in gone.difference(&still) {
            self.listed.remove(edited);
        }
        let gone = still;
        for rel in gone.iter().rev() {
            if self.claimed_by_other(rel, &enclosing) {
                continue;
            }
            let target = self.dir.join(rel.trim_end_matches('/'));
            // Never through a symbolic link (a folder of the report moved
            // elsewhere and linked back), never an input of this run.
            if self.through_link(rel) || inputs.contains(&target) {
                continue;
            }
            if rel.ends_with('/') {
                let _ = fs::remove_dir(&target);
            } else if target.symlink_metadata().is_ok_and(|m| m.is_file()) {
                fs::remove_file(&target).map_err(io_err(&target))?;
            }
        }
        self.rescue(&done, recorded.as_ref())?;
        drop(trash_guard);
        let kept: BTreeSet<String> = self
            .listed
            .iter()
            .filter(|rel| !written.contains(*rel))
            .filter(|rel| self.dir.join(rel.trim_end_matches('/')).exists())
            .cloned()
            .chain(written.iter().cloned())
            .collect();
        // The new output is in place: a manifest that cannot be rewritten
        // now (a full disk) keeps the one written before the renames,
        // which knows old and new files alike — a warning, not a failure.
        if let Err(e) = write_manifest(&self.dir, self.command, &kept, &marks, false) {
            if !self.quiet {
                crate::say!(
                    "{}",
                    output::printable(&format!(
                        "warning: the output is in place, but its manifest could not be brought up to date: {e}"
                    ))
                );
            }
        }
        drop(publishing);
        output::sync_dir(&self.dir);
        self.created.clear();
        Ok(())
    }

    /// Puts back what a folder swapped away whole held that was not this
    /// run's old output: an entry put into it after it was last judged
    /// (another command's output, `folio compare -o report/compare`, or a
    /// user's note, in the moment before the swap) had been deleted with
    /// the folder. Each goes back at its name, or beside a new file of
    /// that name (`NAME.orig`), with a warning.
    fn rescue(
        &self,
        done: &[Undo],
        recorded: Option<&(BTreeMap<String, Vec<Mark>>, String)>,
    ) -> Result<()> {
        let folios = |rel: &str, path: &Path| {
            self.listed.contains(rel)
                && recorded.is_none_or(|(marks, prefix)| {
                    let Ok(m) = fs::symlink_metadata(path) else {
                        return false;
                    };
                    let mut hash = || hash_file(path);
                    m.is_file()
                        && written_as(marks.get(&format!("{prefix}{rel}")), m.len(), &mut hash)
                })
        };
        // Where each folder swapped away is now (in the staging folder,
        // exchanged; or moved aside), and where it was.
        let old = done.iter().filter_map(|step| match step {
            Undo::Exchanged { src, target } => Some((src, target)),
            Undo::Aside { aside, target, .. } => Some((aside, target)),
            Undo::Created { .. } => None,
        });
        for (folder, target) in old {
            if !fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir()) {
                continue;
            }
            let Ok(rel) = target.strip_prefix(&self.dir) else {
                continue;
            };
            let rel = crate::corpus::slash_path(rel);
            for sub in list_tree(folder)? {
                let from = folder.join(&sub);
                let is_dir = sub.ends_with('/');
                let name = Path::new(&sub).file_name().unwrap_or_default();
                if is_dir || name == LOCK || name == cleanup::RUN_MARK {
                    continue;
                }
                let full = format!("{rel}/{sub}");
                if folios(&full, &from) {
                    continue;
                }
                let mut target = self.dir.join(&full);
                if target.symlink_metadata().is_ok() {
                    target = keep_name(&target);
                }
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(io_err(parent))?;
                }
                fs::rename(&from, &target).map_err(io_err(&from))?;
                if !self.quiet {
                    let warning = format!(
                        "warning: {} is not as folio wrote it (put there, or edited since), and its folder was replaced whole: kept as {}",
                        self.dir.join(&full).display(),
                        target.display()
                    );
                    crate::say!("{}", output::printable(&warning));
                }
            }
        }
        Ok(())
    }

    /// Keeps a file of the user's at a name this run writes under a new
    /// name (`NAME.orig`), saying so (`why` it is the user's).
    fn keep_aside(&self, target: &Path, why: &str) -> Result<()> {
        let aside = keep_name(target);
        fs::rename(target, &aside).map_err(io_err(target))?;
        if !self.quiet {
            let warning = format!(
                "warning: {} {why}: kept as {}",
                target.display(),
                aside.display()
            );
            crate::say!("{}", output::printable(&warning));
        }
        Ok(())
    }

    /// Moves the entries of `from` (staging, at `rel`) into the output
    /// folder: a file by a rename over its old version; a folder whole when
    /// nothing in its old version is foreign, else entry by entry.
    fn move_into_place(
        &self,
        from: &Path,
        rel: &str,
        trash: &Path,
        done: &mut Vec<Undo>,
    ) -> Result<()> {
        let mut names: Vec<_> = fs::read_dir(from)
            .map_err(io_err(from))?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        names.sort();
        for name in names {
            let name = name.to_string_lossy().into_owned();
            if rel.is_empty() && name == cleanup::RUN_MARK {
                continue;
            }
            let src = from.join(&name);
            let rel_child = format!("{rel}{name}");
            let target = self.dir.join(&rel_child);
            if src.is_dir()
                && target.symlink_metadata().is_ok()
                && !self.only_listed(&target, &format!("{rel_child}/"))
            {
                self.move_into_place(&src, &format!("{rel_child}/"), trash, done)?;
            } else {
                #[cfg(test)]
                if src.is_dir() {
                    if let Some(edit) = tests::BEFORE_SWAP.with(|f| f.take()) {
                        edit();
                    }
                }
                // A new entry, a file, or a folder all folio's: at once.
                replace(
                    &src,
                    &target,
                    &trash.join(rel_child.replace('/', "%2F")),
                    done,
                )?;
            }
        }
        Ok(())
    }

    /// The output folders that enclose this one, each with the path of
    /// this folder inside it (`compare/2024-01..2024-02/`) and its
    /// manifest's sections.
    fn enclosing(&self) -> Vec<(String, Sections)> {
        let Ok(real) = fs::canonicalize(&self.dir) else {
            return Vec::new();
        };
        real.ancestors()
            .skip(1)
            .filter(|a| is_output_folder(a))
            .filter_map(|a| {
                let inside = crate::corpus::slash_path(real.strip_prefix(a).ok()?) + "/";
                Some((inside, read_sections(a)?))
            })
            .collect()
    }

    /// Whether entry `rel` belongs to another command's output: listed by
    /// another command's section of a manifest in a folder inside this one
    /// (a comparison forced into a report's `compare/…`), or of one that
    /// encloses it (`enclosing`). This run neither replaces nor removes it.
    fn claimed_by_other(&self, rel: &str, enclosing: &[(String, Sections)]) -> bool {
        let other = |sections: &Sections, entry: &str| {
            sections.iter().any(|(name, entries)| {
                name != self.command
                    && (entries.contains(entry) || entries.contains(&format!("{entry}/")))
            })
        };
        let rel = rel.trim_end_matches('/');
        if enclosing
            .iter()
            .any(|(inside, sections)| other(sections, &format!("{inside}{rel}")))
        {
            return true;
        }
        let parts: Vec<&str> = rel.split('/').collect();
        (1..parts.len()).any(|k| {
            let dir = self.dir.join(parts[..k].join("/"));
            is_output_folder(&dir)
                && read_sections(&dir).is_some_and(|s| other(&s, &parts[k..].join("/")))
        })
    }

    /// Whether a folder on the way to entry `rel` is a symbolic link.
    fn through_link(&self, rel: &str) -> bool {
        let mut at = self.dir.clone();
        let parts: Vec<&str> = rel.trim_end_matches('/').split('/').collect();
        parts[..parts.len().saturating_sub(1)].iter().any(|part| {
            at.push(part);
            at.symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
        })
    }

    /// Whether every entry under `path` (at `rel`) is listed in the
    /// previous manifest.
    fn only_listed(&self, path: &Path, rel: &str) -> bool {
        if !self.listed.contains(rel) {
            return false;
        }
        list_tree(path).is_ok_and(|entries| {
            entries
                .iter()
                .all(|e| self.listed.contains(&format!("{rel}{e}")))
        })
    }
}

/// What a run made of its output folder while taking it, until an
/// [`OutDir`] holds it: the folders it created and its lock. Dropped (the
/// run refused, or failed before it could write: a full disk had left a
/// new folder holding an empty `.folio-lock`), it cleans up as a dropped
/// `OutDir` does (see [`release`]).
struct MadeFolders {
    dir: PathBuf,
    created: Vec<PathBuf>,
    lock: Option<File>,
    lock_made: bool,
}

impl Drop for MadeFolders {
    fn drop(&mut self) {
        // (The lock file goes only while this run holds the lock — not a
        // racing run's —, before the lock is let go: the field is dropped
        // after this.)
        let held = self.lock.is_some();
        release(&self.dir, &self.created, held, self.lock_made, None);
    }
}

/// What a run that publishes nothing leaves: the folders it created go,
/// innermost first, if empty but for its lock (and its staging folder,
/// when it made one); its lock file goes from a folder that is still not
/// folio's (a forced run refused at the end had left a `.folio-lock` in
/// the user's folder). Lock files only when the run holds the lock
/// (`held`), and before it lets go.
fn release(dir: &Path, created: &[PathBuf], held: bool, lock_made: bool, staging: Option<&Path>) {
    for made in created {
        // (Its mark last, see `cleanup::remove`.)
        if let Some(staging) = staging {
            cleanup::remove(staging);
        }
        if held {
            let _ = fs::remove_file(made.join(LOCK));
        }
        if fs::remove_dir(made).is_err() {
            break;
        }
    }
    if held && lock_made && manifest_file(dir).is_none() {
        let _ = fs::remove_file(dir.join(LOCK));
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        // A failed run removes the folders it created, if still empty but
        // for its lock, and its lock from a folder not folio's.
        release(
            &self.dir,
            &self.created,
            true,
            self.lock_made,
            Some(self.staging.path()),
        );
    }
}

/// Refuses a non-empty folder that is not folio's (no manifest, not listed
/// by a parent output folder), unless `--force`.
fn refuse_foreign(dir: &Path, opts: OutDirOptions) -> Result<()> {
    if opts.force || manifest_entries(dir).is_some() || listed_by_parent(dir).is_some() {
        return Ok(());
    }
    let foreign = foreign_entries(dir)?;
    if foreign.is_empty() {
        return Ok(());
    }
    Err(invalid(
        dir,
        format!(
            "not empty ({}) and not a folio output folder (no {MANIFEST}); choose an empty or new folder, or --force to write folio's files beside what is there",
            foreign.join(", ")
        ),
    ))
}

/// Refuses an output folder that is a corpus folder being read, or that is
/// inside one and holds documents of this run (its manifest would hide
/// them from later runs).
fn refuse_inside_inputs(dir: &Path, inputs: &Inputs) -> Result<()> {
    let Ok(real) = fs::canonicalize(dir) else {
        return Ok(());
    };
    // Folders are compared by device and inode: another path to a corpus
    // folder (a bind mount) is the corpus folder.
    // A folder named to be read is refused even when it holds folio's
    // manifest (one run forced into it had made it "an output folder",
    // and every later run could write beside the documents); a folder
    // inside one, that folio wrote, is not read back and may be written.
    let id = crate::output::file_id(&real);
    let named = inputs
        .paths()
        .iter()
        .filter(|p| p.is_dir())
        .any(|p| id.is_some() && crate::output::file_id(p) == id);
    if named || inputs.walks(&real) && !is_output_folder(&real) && has_entries(&real) {
        return Err(invalid(
            dir,
            "is a corpus folder being read; choose another output folder",
        ));
    }
    // A corpus folder inside the output folder: folio would write its
    // folders beside the corpus, or into it (a release named `pages` or
    // `diffs`), and a later run would read its pages as documents.
    if let Some(inner) = inputs.walked_inside(&real) {
        return Err(invalid(
            dir,
            format!(
                "holds a corpus folder being read ({}); choose an output folder outside the corpus",
                inner.display()
            ),
        ));
    }
    if real.ancestors().skip(1).any(|a| inputs.walks(a)) {
        let holds_documents = inputs
            .paths()
            .iter()
            .filter(|p| p.is_file())
            .filter_map(|p| fs::canonicalize(p).ok())
            .any(|p| id.is_some_and(|id| crate::output::within(&p, id)));
        if holds_documents {
            return Err(invalid(
                dir,
                "holds documents of the corpus being read; choose an output folder outside the corpus",
            ));
        }
    }
    Ok(())
}

/// Moves back the old folders a killed run had moved aside
/// (`.folio-old-<pid>/compare%2Fx`) where no new one took their place.
fn restore_trash(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for trash in entries.flatten() {
        let name = trash.file_name();
        let is_trash = name
            .to_str()
            .is_some_and(|n| n.starts_with(".folio-old-") && cleanup::debris_pid(n).is_some());
        // Under the folder's lock: no other run's.
        if !is_trash || !cleanup::is_dead_debris(&trash.path(), true) {
            continue;
        }
        for old in fs::read_dir(trash.path()).into_iter().flatten().flatten() {
            let Some(rel) = old.file_name().to_str().map(|n| n.replace("%2F", "/")) else {
                continue;
            };
            if rel == cleanup::RUN_MARK {
                continue;
            }
            let target = dir.join(&rel);
            if inside(&rel) && target.symlink_metadata().is_err() {
                let _ = fs::rename(old.path(), &target);
            }
        }
    }
}

/// A move of publishing, and how it is taken back.
#[derive(Debug)]
enum Undo {
    /// `target` was new, renamed from `src`: renamed back.
    Created { src: PathBuf, target: PathBuf },
    /// `src` and `target` were swapped (the old entry now in staging):
    /// swapped back.
    Exchanged { src: PathBuf, target: PathBuf },
    /// The old `target` was moved to `aside`, then the new one in from
    /// `src`: the new one back to `src`, the old one back in place.
    Aside {
        src: PathBuf,
        target: PathBuf,
        aside: PathBuf,
    },
}

/// Puts `src` (in staging) at `target`, the old `target` swapped into
/// staging at once where the system can, else moved to `aside` first:
/// recorded in `done`, so that it can be taken back.
fn replace(src: &Path, target: &Path, aside: &Path, done: &mut Vec<Undo>) -> Result<()> {
    let (src, target) = (src.to_path_buf(), target.to_path_buf());
    #[cfg(test)]
    if tests::FAIL_MOVE.with(|n| n.replace(n.get().saturating_sub(1)) == 1) {
        return Err(io_err(&target)(io::Error::from_raw_os_error(libc::EBUSY)));
    }
    if target.symlink_metadata().is_err() {
        fs::rename(&src, &target).map_err(io_err(&target))?;
        done.push(Undo::Created { src, target });
        return Ok(());
    }
    #[cfg(test)]
    let swap = !tests::NO_EXCHANGE.with(|f| f.get());
    #[cfg(not(test))]
    let swap = true;
    if swap && exchange(&src, &target).map_err(io_err(&target))? {
        done.push(Undo::Exchanged { src, target });
        return Ok(());
    }
    if let Some(trash) = aside.parent().filter(|t| t.symlink_metadata().is_err()) {
        cleanup::make_marked_folder(trash).map_err(io_err(trash))?;
    }
    let _back = cleanup::Aside::new(aside.to_path_buf(), target.clone());
    fs::rename(&target, aside).map_err(io_err(&target))?;
    if let Err(e) = fs::rename(&src, &target) {
        // The old entry goes back where it was.
        let _ = fs::rename(aside, &target);
        return Err(io_err(&target)(e));
    }
    done.push(Undo::Aside {
        src,
        target,
        aside: aside.to_path_buf(),
    });
    Ok(())
}

/// Takes back the moves of a publish that failed, last first: whether
/// every one was (the output is then the previous run's, whole).
fn undo(done: Vec<Undo>) -> bool {
    let mut whole = true;
    for step in done.into_iter().rev() {
        whole &= match step {
            Undo::Created { src, target } => fs::rename(&target, &src).is_ok(),
            Undo::Exchanged { src, target } => exchange(&src, &target).unwrap_or(false),
            Undo::Aside { src, target, aside } => {
                fs::rename(&target, &src).is_ok() && fs::rename(&aside, &target).is_ok()
            }
        };
    }
    whole
}

/// Swaps two entries in one step (Linux's `renameat2` with
/// `RENAME_EXCHANGE`): `Ok(false)` where the system or the file system
/// cannot, and nothing was moved.
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
    {
        use std::os::unix::ffi::OsStrExt;
        let c =
            |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
        let (a, b) = (c(a)?, c(b)?);
        // SAFETY: both are valid NUL-terminated paths for the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
            _ => Err(e),
        }
    }
    #[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// A free name beside `path` to keep a user's file under:
/// `timeline.csv` → `timeline.csv.orig`, `timeline.csv.orig2`, …
fn keep_name(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|n| {
            let suffix = if n == 1 { String::new() } else { n.to_string() };
            path.with_file_name(format!("{name}.orig{suffix}"))
        })
        .find(|p| p.symlink_metadata().is_err())
        .unwrap_or_else(|| path.with_file_name(format!("{name}.orig")))
}

fn has_entries(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut rd| rd.next().is_some())
}

/// Entries of a folder that are not folio's own (manifest, lock, debris).
fn foreign_entries(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| invalid(dir, format!("cannot read: {e}")))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".folio-"))
        .collect();
    names.sort();
    if names.len() > 3 {
        let more = names.len() - 3;
        names.truncate(3);
        names.push(format!("{more} more"));
    }
    Ok(names)
}

/// Takes the folder's lock: at once, or after waiting for the run that
/// holds it (with a message), or not at all with `no_wait`.
fn take_lock(dir: &Path, opts: OutDirOptions) -> Result<(File, Vec<PathBuf>)> {
    let path = dir.join(LOCK);
    // A FIFO (or anything but a file) at the lock's name would block the
    // open for ever.
    if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(invalid(
            &path,
            "is not a regular file (folio's lock file is made here); remove it",
        ));
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            // (A lock file made by another user's run had been told as
            // the folder unwritable, naming no file to fix.)
            if fs::symlink_metadata(&path).is_ok() {
                invalid(
                    &path,
                    format!("cannot open folio's lock file to write: {e} (made by another user's run? remove it when no run writes here)"),
                )
            } else {
                invalid(dir, format!("cannot write: {e}"))
            }
        })?;
    match file.try_lock() {
        Ok(()) => return Ok((file, Vec::new())),
        Err(fs::TryLockError::WouldBlock) => {}
        Err(fs::TryLockError::Error(e)) => {
            return Err(invalid(dir, format!("cannot lock: {e}")));
        }
    }
    if opts.no_wait {
        return Err(invalid(
            dir,
            "another folio run is writing into this folder (--no-wait)",
        ));
    }
    if !opts.quiet {
        crate::say!(
            "waiting for another folio run writing into {} to finish…",
            dir.display()
        );
    }
    file.lock()
        .map_err(|e| invalid(dir, format!("cannot lock: {e}")))?;
    // The run that held it may have removed it as it ended (a failed
    // first run in a folder that is not folio's): a lock on a file no
    // longer there keeps out no later run, so it is taken again.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let same = match (fs::metadata(&path), file.metadata()) {
            (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
            _ => false,
        };
        if !same {
            drop(file);
            // The folder itself may be gone with it: made again (and
            // said to the caller, whose to remove it is now).
            let mut remade = Vec::new();
            for a in dir.ancestors() {
                if a.as_os_str().is_empty() || a.exists() {
                    break;
                }
                remade.push(a.to_path_buf());
            }
            fs::create_dir_all(dir).map_err(|e| invalid(dir, format!("cannot create: {e}")))?;
            let (file, more) = take_lock(
                dir,
                OutDirOptions {
                    quiet: true,
                    ..opts
                },
            )?;
            remade.extend(more);
            return Ok((file, remade));
        }
    }
    Ok((file, Vec::new()))
}

/// Every file and folder under `root`, relative, sorted; folders end in `/`.
fn list_tree(root: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            Error::Read {
                path,
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other(crate::corpus::FILESYSTEM_LOOP)),
            }
        })?;
        let rel =
            crate::corpus::slash_path(entry.path().strip_prefix(root).unwrap_or(entry.path()));
        if rel == cleanup::RUN_MARK {
            continue;
        }
        if entry.file_type().is_dir() {
            out.insert(format!("{rel}/"));
        } else {
            out.insert(rel);
        }
    }
    Ok(out)
}

/// Flushes everything written under `root` to disk (before it is published
/// by renames): one `syncfs` on Linux, each file otherwise.
fn sync_tree(root: &Path) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(f) = File::open(root) {
            // SAFETY: syncfs only reads the descriptor, which `f` keeps open.
            if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 {
                return;
            }
        }
    }
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        if entry.file_type().is_file() {
            if let Ok(f) = File::open(entry.path()) {
                let _ = f.sync_all();
            }
        }
    }
}

/// Writes a folder's manifest with `entries` as `command`'s, keeping the
/// sections of other commands (a run forced beside another command's
/// output never takes its entries over). `marks` are the files written;
/// with `beside_old`, recorded beside those the manifest has (while the
/// new files are moved into place), else in their place.
fn write_manifest(
    dir: &Path,
    command: &str,
    entries: &BTreeSet<String>,
    marks: &BTreeMap<String, Vec<Mark>>,
    beside_old: bool,
) -> Result<()> {
    let mut sections = read_sections(dir).unwrap_or_default();
    let mut recorded = read_marks(dir);
    for (rel, new) in marks {
        let all = recorded.entry(rel.clone()).or_default();
        if !beside_old {
            all.clear();
        }
        for m in new {
            if !all.contains(m) {
                all.push(*m);
            }
        }
    }
    match sections
        .iter_mut()
        .enumerate()
        .find(|(k, (name, _))| name == command || (*k == 0 && command.is_empty()))
    {
        Some((_, (_, listed))) => *listed = entries.clone(),
        None => sections.push((command.to_string(), entries.clone())),
    }
    output::write_atomic(&dir.join(MANIFEST), |w| {
        writeln!(w, "{HEADER}")?;
        for (name, listed) in &sections {
            if !name.is_empty() {
                writeln!(w, "{COMMAND_LINE}{name}")?;
            }
            for e in listed {
                writeln!(w, "{e}")?;
            }
        }
        for e in sections.iter().flat_map(|(_, listed)| listed) {
            for mark in recorded.get(e).into_iter().flatten() {
                match mark.hash {
                    Some(h) => writeln!(w, "{MARK_LINE}{} x{h:016x} {e}", mark.size)?,
                    None => writeln!(w, "{MARK_LINE}{} {e}", mark.size)?,
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// The move of a publish that fails (1: the first), 0 for none.
        pub(super) static FAIL_MOVE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        /// Publishing moves the old entries aside, as where the system
        /// cannot swap two entries.
        pub(super) static NO_EXCHANGE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        /// Done by a publish once it has judged its entries and written
        /// its manifest, before its renames (a user's edit in that moment).
        pub(super) static BEFORE_MOVES: std::cell::Cell<Option<Box<dyn FnOnce()>>> = const { std::cell::Cell::new(None) };
        /// Done by a publish right before it swaps a folder whole, once it
        /// has judged it all folio's (another command writing into it in
        /// that moment).
        pub(super) static BEFORE_SWAP: std::cell::Cell<Option<Box<dyn FnOnce()>>> = const { std::cell::Cell::new(None) };
    }

    /// Found by an adversarial test: a file put into a folder of the
    /// output after the run judged it all folio's, right before the run
    /// swapped it whole (another command's output, a user's note), had
    /// been deleted with the old folder. It is put back.
    #[test]
    fn a_file_put_into_a_folder_while_it_is_swapped_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(
            &dir,
            &[("a.csv", "old a"), ("pages/p.html", "old p")],
            false,
        )
        .unwrap();
        let d = dir.clone();
        BEFORE_SWAP.with(|f| {
            f.set(Some(Box::new(move || {
                fs::write(d.join("pages/notes.txt"), "my notes").unwrap();
                fs::write(d.join("pages/q.html"), "another run's q").unwrap();
            })))
        });
        run(
            &dir,
            &[("a.csv", "new a"), ("pages/q.html", "new q")],
            false,
        )
        .unwrap();
        BEFORE_SWAP.with(|f| f.set(None));
        assert_eq!(
            fs::read_to_string(dir.join("pages/notes.txt")).unwrap(),
            "my notes"
        );
        assert_eq!(
            fs::read_to_string(dir.join("pages/q.html")).unwrap(),
            "new q"
        );
        assert_eq!(
            fs::read_to_string(dir.join("pages/q.html.orig")).unwrap(),
            "another run's q"
        );
        // The old output's own file goes, as it should.
        assert!(!dir.join("pages/p.html").exists());
        assert!(!names(&dir).iter().any(|n| n.contains("folio-old")));
    }

    /// Folders of the user's named like folio's staging and trash folders
    /// at this very process id (in a container ids are small and the same
    /// on every run): neither written into nor removed, by a first run, a
    /// second one replacing it, or one that fails.
    #[test]
    fn folders_of_the_users_with_folios_names_are_never_touched() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(
            &dir,
            &[("a.csv", "old a"), ("pages/p.html", "old p")],
            false,
        )
        .unwrap();
        let pid = std::process::id();
        let mine = [
            format!(".folio-staging-{pid}"),
            format!(".folio-old-{pid}"),
            format!(".folio-old-{pid}-1"),
        ];
        for name in &mine {
            fs::create_dir_all(dir.join(name)).unwrap();
            fs::write(dir.join(name).join("notes.txt"), "my notes").unwrap();
        }
        // The trash is used where a folder cannot be swapped whole.
        NO_EXCHANGE.with(|f| f.set(true));
        let second = run(
            &dir,
            &[("a.csv", "new a"), ("pages/q.html", "new q")],
            false,
        );
        NO_EXCHANGE.with(|f| f.set(false));
        second.unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "new a");
        assert!(!dir.join("pages/p.html").exists());
        FAIL_MOVE.with(|n| n.set(1));
        assert!(run(&dir, &[("a.csv", "newer a")], false).is_err());
        FAIL_MOVE.with(|n| n.set(0));
        for name in &mine {
            assert_eq!(
                fs::read_to_string(dir.join(name).join("notes.txt")).unwrap(),
                "my notes",
                "{name}"
            );
        }
        // Nothing of folio's own is left beside them.
        let left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".folio-") && !mine.contains(n))
            .collect();
        assert!(left.iter().all(|n| n == LOCK || n == MANIFEST), "{left:?}");
    }

    #[test]
    fn a_publish_that_fails_half_way_leaves_the_old_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let old = [
            ("a.csv", "old a"),
            ("b.csv", "old b"),
            ("pages/p.html", "old p"),
            ("z.txt", "old z"),
        ];
        run(&dir, &old, false).unwrap();
        fs::write(dir.join("pages/mine.txt"), "the user's").unwrap();
        let before: Vec<(String, String)> = names(&dir)
            .into_iter()
            .filter(|n| !n.ends_with('/'))
            .map(|n| (fs::read_to_string(dir.join(&n)).unwrap(), n))
            .collect();
        let new = [
            ("a.csv", "new a"),
            ("b.csv", "new b"),
            ("c.csv", "new c"),
            ("pages/p.html", "new p"),
            ("z.txt", "new z"),
        ];
        for fail_at in 1..=5 {
            FAIL_MOVE.with(|n| n.set(fail_at));
            let err = run(&dir, &new, false).unwrap_err().to_string();
            FAIL_MOVE.with(|n| n.set(0));
            assert!(err.contains("nothing was changed"), "{fail_at}: {err}");
            let after: Vec<(String, String)> = names(&dir)
                .into_iter()
                .filter(|n| !n.ends_with('/'))
                .map(|n| (fs::read_to_string(dir.join(&n)).unwrap(), n))
                .collect();
            assert_eq!(after, before, "failing at move {fail_at}");
        }
        run(&dir, &new, false).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("pages/p.html")).unwrap(),
            "new p"
        );
        assert_eq!(fs::read_to_string(dir.join("c.csv")).unwrap(), "new c");
    }

    fn run(dir: &Path, files: &[(&str, &str)], force: bool) -> Result<()> {
        run_while(dir, files, force, || {})
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = list_tree(dir).unwrap().into_iter().collect();
        v.retain(|n| !n.starts_with(".folio-"));
        v
    }

    /// A run that writes `files`, with `meanwhile` done to the folder
    /// after it was opened and before it is published (a user editing the
    /// last output while the run is under way).
    fn run_while(
        dir: &Path,
        files: &[(&str, &str)],
        force: bool,
        meanwhile: impl FnOnce(),
    ) -> Result<()> {
        let out = OutDir::open(
            dir,
            OutDirOptions {
                force,
                ..Default::default()
            },
            &Inputs::none(),
        )?;
        for (name, text) in files {
            output::write_staged(&out.staging().join(name), text.as_bytes())?;
        }
        meanwhile();
        out.publish(&Inputs::none())
    }

    /// The output folder moved away (or removed) while the run wrote: the
    /// writes after it make a staging folder again at the old path, which
    /// must not be published as the run's output.
    #[cfg(unix)]
    #[test]
    fn an_output_folder_moved_during_the_run_publishes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(&dir, &[("a.csv", "1"), ("b.csv", "2")], false).unwrap();
        let kept = tmp.path().join("out.bak");
        let out = OutDir::open(&dir, OutDirOptions::default(), &Inputs::none()).unwrap();
        output::write_staged(&out.staging().join("a.csv"), b"new 1").unwrap();
        fs::rename(&dir, &kept).unwrap();
        output::write_staged(&out.staging().join("b.csv"), b"new 2").unwrap();
        let err = out.publish(&Inputs::none()).unwrap_err().to_string();
        assert!(err.contains("was moved or removed"), "{err}");
        assert!(!dir.exists(), "the folder made again by the writes is left");
        assert_eq!(fs::read_to_string(kept.join("a.csv")).unwrap(), "1");
    }

    #[test]
    fn a_file_edited_while_the_run_is_under_way_is_the_users() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let first = [
            ("summary.txt", "old summary"),
            ("diffs/x.diff", "x"),
            ("diffs/y.diff", "y"),
        ];
        run(&dir, &first, false).unwrap();
        // A diff the new run no longer writes (its document unchanged now),
        // annotated during the run: neither removed nor swapped away with
        // its folder.
        let note = || fs::write(dir.join("diffs/x.diff"), "x\nmy notes").unwrap();
        run_while(
            &dir,
            &[("summary.txt", "new"), ("diffs/z.diff", "z")],
            false,
            note,
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("diffs/x.diff")).unwrap(),
            "x\nmy notes"
        );
        assert!(!dir.join("diffs/y.diff").exists());
        assert!(!manifest_entries(&dir).unwrap().contains("diffs/x.diff"));
        // A file the new run writes again, edited during the run: refused,
        // and with --force kept under another name.
        let note = || fs::write(dir.join("summary.txt"), "new, with my notes").unwrap();
        let err = run_while(&dir, &[("summary.txt", "newer")], false, note).unwrap_err();
        assert!(err.to_string().contains("not written by folio"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.join("summary.txt")).unwrap(),
            "new, with my notes"
        );
        run_while(&dir, &[("summary.txt", "newest")], true, || {}).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("summary.txt.orig")).unwrap(),
            "new, with my notes"
        );
        assert_eq!(
            fs::read_to_string(dir.join("summary.txt")).unwrap(),
            "newest"
        );
    }

    /// An edit made after the publish judged its entries, before its
    /// renames (while the new files were flushed): a file the run writes
    /// again is kept beside under another name, one it no longer writes
    /// stays, its folder not swapped whole.
    #[test]
    fn a_file_edited_during_the_publish_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(
            &dir,
            &[("summary.txt", "old"), ("diffs/x.diff", "x")],
            false,
        )
        .unwrap();
        let d = dir.clone();
        BEFORE_MOVES.with(|f| {
            f.set(Some(Box::new(move || {
                fs::write(d.join("summary.txt"), "old, with my notes").unwrap();
                fs::write(d.join("diffs/x.diff"), "x, with my notes").unwrap();
            })))
        });
        run(
            &dir,
            &[("summary.txt", "new"), ("diffs/z.diff", "z")],
            false,
        )
        .unwrap();
        assert_eq!(fs::read_to_string(dir.join("summary.txt")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(dir.join("summary.txt.orig")).unwrap(),
            "old, with my notes"
        );
        assert_eq!(
            fs::read_to_string(dir.join("diffs/x.diff")).unwrap(),
            "x, with my notes"
        );
        assert_eq!(fs::read_to_string(dir.join("diffs/z.diff")).unwrap(), "z");
    }

    #[test]
    fn replaces_and_removes_only_its_own_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(
            &dir,
            &[("a.csv", "1"), ("sub/x.diff", "x"), ("sub/y.diff", "y")],
            false,
        )
        .unwrap();
        // The user adds a note inside folio's folder.
        fs::write(dir.join("sub/notes.md"), "mine").unwrap();
        run(&dir, &[("b.csv", "2"), ("sub/x.diff", "x2")], false).unwrap();
        assert_eq!(names(&dir), ["b.csv", "sub/", "sub/notes.md", "sub/x.diff"]);
        assert_eq!(fs::read_to_string(dir.join("sub/x.diff")).unwrap(), "x2");
        assert_eq!(
            fs::read_to_string(dir.join("sub/notes.md")).unwrap(),
            "mine"
        );
        let listed = manifest_entries(&dir).unwrap();
        assert!(!listed.contains("sub/notes.md") && listed.contains("sub/x.diff"));
        // A folder only of folio's files is replaced whole.
        run(&dir, &[("sub2/z", "z")], false).unwrap();
        run(&dir, &[("sub2/w", "w")], false).unwrap();
        assert_eq!(names(&dir), ["sub/", "sub/notes.md", "sub2/", "sub2/w"]);
    }

    #[test]
    fn a_file_edited_to_its_size_a_link_or_a_read_only_file_is_the_users() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let files = [("a.csv", "0.51"), ("b.txt", "folio"), ("c.txt", "folio")];
        run(&dir, &files, false).unwrap();
        // Each file's size and hash are recorded.
        let manifest = fs::read_to_string(dir.join(MANIFEST)).unwrap();
        assert!(
            manifest
                .lines()
                .any(|l| l.starts_with("#= 4 x") && l.ends_with(" a.csv")),
            "{manifest}"
        );
        // A figure corrected by hand keeps the file's size: still the
        // user's, refused, then kept with --force.
        fs::write(dir.join("a.csv"), "0.57").unwrap();
        let err = run(&dir, &files, false).unwrap_err().to_string();
        assert!(
            err.contains("a.csv: exists and was not written by folio"),
            "{err}"
        );
        run(&dir, &files, true).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.csv.orig")).unwrap(), "0.57");
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "0.51");
        // A link the user put at a file's name is theirs, not replaced.
        fs::remove_file(dir.join("b.txt")).unwrap();
        std::os::unix::fs::symlink("../notes.txt", dir.join("b.txt")).unwrap();
        let err = run(&dir, &files, false).unwrap_err().to_string();
        assert!(
            err.contains("b.txt: exists and was not written by folio"),
            "{err}"
        );
        fs::remove_file(dir.join("b.txt")).unwrap();
        // A file made read-only is not replaced, by root either.
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.join("c.txt"), fs::Permissions::from_mode(0o444)).unwrap();
        let err = run(&dir, &files, false).unwrap_err().to_string();
        assert!(err.contains("c.txt: is write-protected"), "{err}");
        fs::set_permissions(dir.join("c.txt"), fs::Permissions::from_mode(0o644)).unwrap();
        run(&dir, &files, false).unwrap();
        // A manifest of before, with sizes alone, proves nothing of a
        // file's bytes: a file of that size at a listed name may be the
        // user's (a 4-byte `a.csv`), refused, and kept with --force.
        let old = fs::read_to_string(dir.join(MANIFEST))
            .unwrap()
            .lines()
            .map(|l| match l.strip_prefix("#= ") {
                Some(rest) => {
                    let (size, rest) = rest.split_once(' ').unwrap();
                    format!("#= {size} {}", rest.split_once(' ').unwrap().1)
                }
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(dir.join(MANIFEST), old).unwrap();
        fs::write(dir.join("a.csv"), "0.52").unwrap();
        let err = run(&dir, &files, false).unwrap_err().to_string();
        assert!(
            err.contains("a.csv: exists and was not written by folio"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "0.52");
        run(&dir, &files, true).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "0.51");
        // Kept beside an earlier `.orig`, under a name of its own.
        assert!(
            names(&dir).iter().any(|n| n.starts_with("a.csv.orig")
                && fs::read_to_string(dir.join(n)).unwrap() == "0.52"),
            "{:?}",
            names(&dir)
        );
    }

    #[test]
    fn a_name_listed_without_a_mark_is_never_deleted() {
        // A manifest listing names without marks (an older folio's, a
        // hand-made or foreign one): the files there are the user's.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("home");
        fs::create_dir_all(dir.join("photos")).unwrap();
        fs::write(dir.join("thesis.txt"), "years of work").unwrap();
        fs::write(dir.join("photos/holiday.jpg"), "pixels").unwrap();
        fs::write(dir.join("summary.txt"), "my summary").unwrap();
        fs::write(
            dir.join(MANIFEST),
            "# folio\nthesis.txt\nphotos/\nphotos/holiday.jpg\nsummary.txt\n",
        )
        .unwrap();
        let err = run(&dir, &[("summary.txt", "report")], false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("summary.txt: exists and was not written by folio"),
            "{err}"
        );
        run(&dir, &[("summary.txt", "report")], true).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("thesis.txt")).unwrap(),
            "years of work"
        );
        assert_eq!(
            fs::read_to_string(dir.join("photos/holiday.jpg")).unwrap(),
            "pixels"
        );
        assert_eq!(
            fs::read_to_string(dir.join("summary.txt.orig")).unwrap(),
            "my summary"
        );
        assert_eq!(
            fs::read_to_string(dir.join("summary.txt")).unwrap(),
            "report"
        );
    }

    /// `link/..` is where the system takes it: the parent of the link's
    /// target (a report had gone beside the link, over another one).
    #[cfg(unix)]
    #[test]
    fn a_parent_after_a_link_is_the_targets_parent() {
        let tmp = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(tmp.path()).unwrap();
        fs::create_dir_all(root.join("archive/2024")).unwrap();
        fs::create_dir(root.join("work")).unwrap();
        std::os::unix::fs::symlink(root.join("archive/2024"), root.join("work/yearlink")).unwrap();
        assert_eq!(
            lexical(&root.join("work/yearlink/../rep")),
            root.join("archive/rep")
        );
        // Without a link, as written.
        assert_eq!(lexical(&root.join("work/../rep")), root.join("rep"));
    }

    #[test]
    fn output_paths_are_read_as_written() {
        for (given, want) in [
            ("out/.", "out"),
            ("out/new/..", "out"),
            ("./out", "out"),
            ("../out", "../out"),
            ("a/../../b", "../b"),
            (".", "."),
            ("/tmp/x/./y/../z", "/tmp/x/z"),
        ] {
            assert_eq!(lexical(Path::new(given)), PathBuf::from(want), "{given}");
        }
        // A folder made on the way to `new/..` is no folder left behind.
        let tmp = tempfile::tempdir().unwrap();
        run(&tmp.path().join("out/new/.."), &[("a.csv", "1")], false).unwrap();
        assert_eq!(names(&tmp.path().join("out")), ["a.csv"]);
    }

    #[test]
    fn refuses_a_foreign_folder_unless_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("analysis.py"), "mine").unwrap();
        fs::write(dir.join("a.csv"), "mine too").unwrap();
        let err = run(dir, &[("a.csv", "1")], false).unwrap_err().to_string();
        assert!(err.contains("not a folio output folder"), "{err}");
        assert!(err.contains("--force"), "{err}");
        // Forced: folio's file written… but one that is the user's is not
        // replaced without saying so.
        let err = run(dir, &[("a.csv", "1")], true);
        assert!(err.is_ok());
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "1");
        assert_eq!(
            fs::read_to_string(dir.join("a.csv.orig")).unwrap(),
            "mine too"
        );
        assert_eq!(fs::read_to_string(dir.join("analysis.py")).unwrap(), "mine");
        run(dir, &[("b.csv", "1")], false).unwrap();
        assert_eq!(names(dir), ["a.csv.orig", "analysis.py", "b.csv"]);
    }

    #[test]
    fn a_file_not_written_by_folio_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(&dir, &[("a.csv", "1")], false).unwrap();
        fs::write(dir.join("keyness.csv"), "mine").unwrap();
        let err = run(&dir, &[("keyness.csv", "1")], false).unwrap_err();
        assert!(err.to_string().contains("not written by folio"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("keyness.csv")).unwrap(), "mine");
        // The failed run changed nothing.
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "1");
    }

    #[test]
    fn a_hostile_manifest_cannot_reach_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(&dir, &[("a.csv", "1")], false).unwrap();
        let victim = tmp.path().join("victim.txt");
        fs::write(&victim, "mine").unwrap();
        let manifest = format!(
            "# folio\na.csv\n../victim.txt\n{}\nsub/../../victim.txt\n./a.csv\n",
            victim.display()
        );
        fs::write(dir.join(MANIFEST), manifest).unwrap();
        run(&dir, &[("b.csv", "2")], false).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");
        // `a.csv`, listed without its mark, is no longer provably folio's:
        // kept.
        assert_eq!(names(&dir), ["a.csv", "b.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn removal_never_goes_through_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(&dir, &[("sub/a.csv", "1"), ("b.csv", "2")], false).unwrap();
        // The user moves the folder away and links it back.
        let archive = tmp.path().join("archive");
        fs::rename(dir.join("sub"), &archive).unwrap();
        std::os::unix::fs::symlink(&archive, dir.join("sub")).unwrap();
        run(&dir, &[("b.csv", "3")], false).unwrap();
        assert_eq!(fs::read_to_string(archive.join("a.csv")).unwrap(), "1");
    }

    #[test]
    fn a_folder_listed_by_a_parent_manifest_is_folios() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("reports");
        run(
            &dir,
            &[("compare/a..b/changes.csv", "1"), ("stats.csv", "s")],
            false,
        )
        .unwrap();
        run(&dir.join("compare"), &[("changes.csv", "2")], false).unwrap();
        assert!(!dir.join("compare/a..b").exists());
        assert_eq!(
            fs::read_to_string(dir.join("compare/changes.csv")).unwrap(),
            "2"
        );
    }

    #[test]
    fn a_dash_is_no_output_folder() {
        let Err(err) = OutDir::open(Path::new("-"), OutDirOptions::default(), &Inputs::none())
        else {
            panic!("a folder named - was taken");
        };
        assert!(err.to_string().contains("standard output"), "{err}");
        assert!(!Path::new("-").exists());
    }

    #[test]
    fn a_failed_run_removes_the_folder_it_created() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/c");
        let out = OutDir::open(&dir, OutDirOptions::default(), &Inputs::none()).unwrap();
        output::write_staged(&out.staging().join("x"), b"x").unwrap();
        drop(out);
        assert!(!tmp.path().join("a").exists());
    }

    #[test]
    fn a_second_run_does_not_wait_with_no_wait() {
        let tmp = tempfile::tempdir().unwrap();
        let first = OutDir::open(tmp.path(), OutDirOptions::default(), &Inputs::none()).unwrap();
        let opts = OutDirOptions {
            no_wait: true,
            ..Default::default()
        };
        let err = OutDir::open(tmp.path(), opts, &Inputs::none()).unwrap_err();
        assert!(err.to_string().contains("another folio run"), "{err}");
        drop(first);
        assert!(OutDir::open(tmp.path(), opts, &Inputs::none()).is_ok());
    }

    /// A run that waited for the folder, whose first run made it, failed
    /// and removed it, makes it again (it had failed: "cannot write: No
    /// such file or directory"), and removes it in turn when it fails.
    #[test]
    fn a_waiting_run_makes_again_the_folder_a_failed_run_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let first = OutDir::open(&dir, OutDirOptions::default(), &Inputs::none()).unwrap();
        let waiting = {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let opts = OutDirOptions {
                    quiet: true,
                    ..Default::default()
                };
                OutDir::open(&dir, opts, &Inputs::none()).map(|out| {
                    let exists = out.staging().is_dir();
                    drop(out);
                    exists
                })
            })
        };
        // (Time for the second run to start waiting; it succeeds either way.)
        std::thread::sleep(std::time::Duration::from_millis(300));
        drop(first);
        assert!(!dir.exists());
        assert_eq!(waiting.join().unwrap().ok(), Some(true));
        // Dropped without publishing, it removed the folder it made again.
        assert!(!dir.exists());
    }

    /// A manifest hides only files of names folio gives its own, with
    /// their marks: one planted in a received folder, listing a document
    /// with its true mark (anyone can compute it), hides nothing.
    #[test]
    fn a_planted_manifest_hides_no_document() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let mut manifest = format!("{HEADER}\n# command: compare\n");
        for (rel, text) in [
            ("scandal.txt", "The mayor resigned.\n"),
            ("summary.txt", "unchanged 1\n"),
            ("changes.csv", "doc_id,status\n"),
            ("pages/a.html", "<p>x</p>\n"),
            ("notes.csv", "a,b\n"),
        ] {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
            let hash = hash_file(&path).unwrap();
            manifest.push_str(&format!(
                "{rel}\n{MARK_LINE}{} x{hash:016x} {rel}\n",
                text.len()
            ));
        }
        fs::write(dir.join(MANIFEST), manifest).unwrap();
        let hidden = written_files(dir).unwrap();
        let hidden: Vec<&str> = hidden.iter().map(String::as_str).collect();
        assert_eq!(hidden, ["changes.csv", "pages/a.html", "summary.txt"]);
        assert!(folio_name("compare/a..b/edits.parquet"));
        assert!(folio_name("diffs/news/x.diff"));
        assert!(!folio_name("stats/notes.txt"));
        assert!(!folio_name("index.md"));
        assert!(folio_name("index-2.html"));
        assert!(!folio_name("site/index.html"));
        assert!(!folio_name("site/pages/a.html"));
    }
}
