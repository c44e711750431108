//! `folio history`: a series of releases.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::app::cli::{CorpusArgs, HistoryArgs};
use crate::app::progress;
use folio::compare::Status;
use folio::corpus::{self, Source};
use folio::history::{self, History};
use folio::output;

/// The releases named on the command line: the subfolders of one folder of
/// releases, the folders given, in order, or versions of one document as
/// files (given in order, or every file of one folder with `versions`).
pub(super) fn series(
    paths: &[PathBuf],
    versions: bool,
    args: &CorpusArgs,
) -> Result<Vec<(String, Vec<Source>)>> {
    if versions {
        let [dir] = paths else {
            anyhow::bail!(
                "--versions takes one folder (every file in it a version of one document)"
            );
        };
        let found = corpus::discover(std::slice::from_ref(dir), args.flat()?);
        args.warn_release_problems(&found.problems)?;
        // The versions are the folder's own files: a subfolder's (drafts,
        // an archive) are no versions of this document, and were read as
        // its newest.
        let (mut files, nested): (Vec<PathBuf>, Vec<PathBuf>) = found
            .sources
            .into_iter()
            .map(|s| s.path)
            .partition(|p| p.parent() == Some(dir.as_path()));
        if let Some(first) = nested.first() {
            args.note(&format!(
                "{}: {} in its subfolders not read as versions (first: {}); give a subfolder as a --versions folder of its own",
                dir.display(),
                super::counted(nested.len(), "file"),
                first.display()
            ));
        }
        // By the names without their extensions (`v1` before `v1.1`, where
        // `v1.1.txt` sorts before `v1.txt`), the extension breaking ties;
        // in the order file's order with `--order`.
        files
            .sort_by(|a, b| folio::series::natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        let mut named: Vec<(String, PathBuf)> = files
            .into_iter()
            .map(|p| {
                (
                    p.file_stem().map(corpus::lossless_name).unwrap_or_default(),
                    p,
                )
            })
            .collect();
        let order = args.series()?.order;
        folio::series::sort_releases(&mut named, |n| n.0.as_str(), order.as_deref());
        args.check_order(named.iter().map(|n| n.0.as_str()))?;
        let files: Vec<PathBuf> = named.into_iter().map(|n| n.1).collect();
        if files.is_empty() {
            anyhow::bail!(
                "{}: no versions found (folio reads .txt, .md, .rst, .html)",
                dir.display()
            );
        }
        let releases = super::file_versions(&files)?;
        let names: Vec<&str> = releases.iter().map(|(n, _)| n.as_str()).collect();
        args.note(&format!(
            "{}: {} versions of one document, {}: {}",
            dir.display(),
            names.len(),
            folio::series::order_said(&names, order.is_some()),
            folio::series::list_names(&names)
        ));
        return Ok(releases);
    }
    if paths.len() > 1 && paths.iter().all(|p| corpus::is_document(p)) {
        return super::file_versions(paths);
    }
    if let [one] = paths {
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let series = args.series()?;
        if series.layout == corpus::Layout::Flat {
            anyhow::bail!(
                "{}: --layout flat reads one corpus without releases, and a history follows releases (--layout releases, or auto)",
                one.display()
            );
        }
        let releases = corpus::releases(one, &series, &mut problems, &mut notes);
        for n in &notes {
            args.note(n);
        }
        if let Some(releases) = releases {
            // (An empty release folder may be left out of the order: it
            // is left out of the series, see `trim_empty_ends`.)
            let (mut full, mut empty) = (Vec::new(), Vec::new());
            for (name, sources) in &releases {
                let side = if sources.is_empty() {
                    &mut empty
                } else {
                    &mut full
                };
                side.push(name.as_str());
            }
            args.check_order_among(full, &empty)?;
            args.warn_release_problems(&problems)?;
            return Ok(releases);
        }
        anyhow::bail!(
            "{}: not a folder of releases; give the release folders in order (or --layout releases)",
            one.display()
        );
    }
    let releases: Vec<(String, Vec<Source>)> = paths
        .iter()
        .map(|p| super::release_sources(p, args))
        .collect::<Result<_>>()?;
    let given: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let releases = super::distinct_release_names(&given, releases);
    let mut names = std::collections::HashSet::new();
    for (name, _) in &releases {
        if !names.insert(name.as_str()) {
            anyhow::bail!("release {name} is given twice; a history needs distinct releases");
        }
    }
    Ok(releases)
}

/// Runs `folio history`.
pub fn run(args: &HistoryArgs) -> Result<()> {
    super::stdin_once(args.releases.iter().map(|p| p.as_path()), false)?;
    let opts = args.change.compare_options(&args.corpus)?;
    let records = record_series(&args.releases, &args.corpus)?;
    let (releases, groups) = match records {
        Some((releases, groups)) => (releases, Some(groups)),
        None => (series(&args.releases, args.versions, &args.corpus)?, None),
    };
    let releases = trim_empty_ends(releases, groups.is_some(), &args.corpus)?;
    if releases.len() < 2 {
        anyhow::bail!(
            "a history needs at least two releases, found {}",
            releases.len()
        );
    }
    let inputs = super::inputs_of(
        &args.releases,
        releases.iter().flat_map(|(_, s)| s),
        args.corpus.option_files(),
    );
    let out = args
        .out
        .open("history", &args.output, &inputs, args.corpus.quiet)?;
    let h = run_history(&releases, groups.as_ref(), &opts, &args.corpus)?;
    write_history(out.staging(), &h)?;
    output::write_staged(
        &out.staging().join("summary.txt"),
        summary_text(&h).as_bytes(),
    )?;
    out.publish(&inputs)?;
    if !args.corpus.quiet {
        folio::say!(
            "wrote {}: timeline ({}), documents ({}), as .csv and .parquet; summary.txt",
            args.output.display(),
            super::counted(h.steps.len(), "step"),
            super::counted(h.documents.len(), "document")
        );
    }
    Ok(())
}

pub(super) fn run_history(
    releases: &[(String, Vec<Source>)],
    records: Option<&RecordGroups>,
    opts: &folio::compare::CompareOptions,
    args: &CorpusArgs,
) -> Result<History> {
    run_history_with(releases, records, opts, args, &mut |_| Ok(()), &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
}

/// Releases by name, each with its sources.
pub(super) type Releases = Vec<(String, Vec<Source>)>;

/// The documents of a feed of records grouped into releases by the
/// release field, in release order; each release's documents are taken
/// out when it is compared.
pub(super) struct RecordGroups {
    groups: std::sync::Mutex<Vec<Option<Vec<folio::reader::Doc>>>>,
    /// Each group's release, and the records of each (id, file) whose
    /// text could not be read: unreadable there, not removed.
    names: Vec<String>,
    unreadable: Vec<(String, String, String)>,
    /// Unreadable files and records (reported with the first release).
    problems: std::sync::Mutex<Vec<folio::Error>>,
    log: folio::reader::ReadLog,
}

impl RecordGroups {
    /// The documents of release `k` (taken out: each release once), with
    /// the feed's problems when it is the first release taken.
    pub(super) fn release(
        &self,
        k: usize,
        opts: &folio::compare::CompareOptions,
    ) -> folio::compare::Release {
        let docs = self.groups.lock().expect("not poisoned")[k]
            .take()
            .unwrap_or_default();
        let problems = std::mem::take(&mut *self.problems.lock().expect("not poisoned"));
        let mut release =
            folio::compare::Release::from_docs(docs, problems, self.log.clone(), opts);
        release.mark_unreadable(
            self.unreadable
                .iter()
                .filter(|(r, _, _)| Some(r) == self.names.get(k))
                .map(|(_, id, path)| (id.clone(), path.clone())),
        );
        release
    }
}

/// With `--release-field`: reads every record of `paths` once and groups
/// them into releases by the field's value, in natural order (or
/// `--order`). Each release lists all the inputs as its sources (for
/// output safety); its documents are in the groups.
pub(super) fn record_series(
    paths: &[PathBuf],
    args: &CorpusArgs,
) -> Result<Option<(Releases, RecordGroups)>> {
    let Some(field) = &args.release_field else {
        return Ok(None);
    };
    let found = corpus::discover(paths, args.flat()?);
    args.warn_release_problems(&found.problems)?;
    let sources = found.sources;
    if !sources.iter().any(|s| {
        matches!(
            corpus::kind(&s.path),
            Some(corpus::Kind::Jsonl | corpus::Kind::Csv | corpus::Kind::Parquet)
        )
    }) {
        anyhow::bail!(
            "--release-field {field}: no records to read (it applies to .jsonl, .csv and .parquet files)"
        );
    }
    let opts = args.analyze_options();
    let reader = folio::reader::Reader::open(&sources, opts.boilerplate, &args.fields());
    let docs: Vec<folio::reader::Doc> = reader.map(|d| d).into_iter().flatten().collect();
    let finished = reader.finish();
    let mut by_release: std::collections::BTreeMap<String, Vec<folio::reader::Doc>> =
        std::collections::BTreeMap::new();
    for d in docs {
        by_release.entry(d.doc.release.clone()).or_default().push(d);
    }
    if by_release.is_empty() {
        // Every record lacked the field (or none could be read): say so
        // rather than count "0 releases".
        let first = finished
            .problems
            .first()
            .map(|p| format!(", the first: {p}"))
            .unwrap_or_default();
        anyhow::bail!(
            "--release-field {field}: no record has a release; {} problems{first}",
            finished.problems.len()
        );
    }
    let mut names: Vec<String> = by_release.keys().cloned().collect();
    let order = args.series()?.order;
    folio::series::sort_releases(&mut names, |n| n.as_str(), order.as_deref());
    args.check_order(names.iter().map(String::as_str))?;
    let shown: Vec<&str> = names.iter().map(String::as_str).collect();
    args.note(&format!(
        "{} releases from the field {field}, {}: {}",
        names.len(),
        folio::series::order_said(&shown, order.is_some()),
        folio::series::list_names(&shown)
    ));
    let groups = names
        .iter()
        .map(|n| by_release.remove(n))
        .collect::<Vec<_>>();
    let releases = names.iter().map(|n| (n.clone(), sources.clone())).collect();
    let unreadable = finished
        .problems
        .iter()
        .filter_map(|p| {
            let (release, id, file) = p.unreadable_record()?;
            Some((release?.to_string(), id.to_string(), file))
        })
        .collect();
    Ok(Some((
        releases,
        RecordGroups {
            groups: std::sync::Mutex::new(groups),
            names: names.clone(),
            unreadable,
            problems: std::sync::Mutex::new(finished.problems),
            log: finished.boilerplate,
        },
    )))
}

/// The series without the empty release folders at its ends: the newest
/// is where a crawl under way or failed leaves an empty folder, and
/// compared it would publish every document as removed (an empty first
/// one, every document added). Each run left out is warned about; one
/// `--order` names is kept, with the releases between. (Records
/// grouped by a field have no empty release; a series without files is
/// left as it is, for the error it makes.) A series with files none of
/// which could be read is an error: its history would be of no document,
/// published as though there were none (two versions of a page, each a
/// failed download).
pub(super) fn trim_empty_ends(
    mut releases: Vec<(String, Vec<Source>)>,
    records: bool,
    args: &CorpusArgs,
) -> Result<Vec<(String, Vec<Source>)>> {
    if records {
        return Ok(releases);
    }
    let full = |r: &(String, Vec<Source>)| !r.1.is_empty() && super::any_readable(&r.1, args);
    let (Some(first), Some(last)) = (
        releases.iter().position(full),
        releases.iter().rposition(full),
    ) else {
        if releases.iter().any(|r| !r.1.is_empty()) {
            anyhow::bail!(
                "{}: no document could be read in any release",
                folio::series::list_names(
                    &releases.iter().map(|r| r.0.as_str()).collect::<Vec<_>>()
                )
            );
        }
        return Ok(releases);
    };
    // Named in `--order`, an empty release is meant (a site taken down:
    // every page removed), and said to be empty.
    let named: Vec<String> = args.series().ok().and_then(|s| s.order).unwrap_or_default();
    let named = |r: &(String, Vec<Source>)| named.contains(&r.0);
    let (head, tail) = (&releases[..first], &releases[last + 1..]);
    let (keep_head, keep_tail) = (head.iter().any(named), tail.iter().any(named));
    for (ends, kept, what, reads) in [
        (head, keep_head, "first", "added"),
        (tail, keep_tail, "newest", "removed"),
    ] {
        if ends.is_empty() {
            continue;
        }
        let plural = if ends.len() > 1 { "s" } else { "" };
        // (Files none of which could be read, each warned about already.)
        let document = if ends.iter().any(|r| !r.1.is_empty()) {
            "document that could be read"
        } else {
            "document"
        };
        if kept {
            args.warn(&format_args!(
                "{}: no {document} in the {what} release{plural} of the series, compared as --order names it: every document reads {reads}",
                names_of(ends)
            ));
        } else {
            let why = if what == "newest" {
                " (a crawl under way, or failed?)"
            } else {
                ""
            };
            args.warn(&format_args!(
                "{}: no {document} in the {what} release{plural} of the series{why}: left out (compared, it would make every document {reads}; name it in --order to compare it)",
                names_of(ends)
            ));
        }
    }
    let first = if keep_head { 0 } else { first };
    let last = if keep_tail { releases.len() - 1 } else { last };
    releases.truncate(last + 1);
    releases.drain(..first);
    Ok(releases)
}

/// The releases' names, listed.
fn names_of(releases: &[(String, Vec<Source>)]) -> String {
    releases
        .iter()
        .map(|r| r.0.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`run_history`], with [`history::history_with`]'s `on_release` and
/// `on_step`.
pub(super) fn run_history_with(
    releases: &[(String, Vec<Source>)],
    records: Option<&RecordGroups>,
    opts: &folio::compare::CompareOptions,
    args: &CorpusArgs,
    on_release: &mut dyn FnMut(&folio::compare::Release) -> folio::Result<()>,
    on_step: &mut (dyn FnMut(&history::Step) -> std::ops::ControlFlow<()> + Send),
) -> Result<History> {
    // Progress counts each release once per step it is in.
    let docs: u64 = releases
        .windows(2)
        .map(|w| (w[0].1.len() + w[1].1.len()) as u64)
        .sum();
    let bar = progress::docs_bar(docs, args.quiet, "comparing");
    let h = match records {
        Some(groups) => {
            let names: Vec<String> = releases.iter().map(|(n, _)| n.clone()).collect();
            history::history_of(
                &names,
                &mut |k| groups.release(k, opts),
                opts,
                &|n| bar.inc(n),
                on_release,
                on_step,
            )
        }
        None => history::history_with(releases, opts, &|n| bar.inc(n), on_release, on_step),
    }?;
    bar.finish_and_clear();
    args.warn_release_problems(&h.problems)?;
    args.warn_empty_releases(&h);
    Ok(h)
}

/// Writes `timeline.csv` and `documents.csv` into `dir`, a staging folder.
pub(super) fn write_history(dir: &Path, h: &History) -> Result<()> {
    let mut timeline = history::timeline_frame(h)?;
    output::write_csv_and_parquet(&mut timeline, dir, "timeline")?;
    let mut documents = history::documents_frame(h)?;
    output::write_csv_and_parquet(&mut documents, dir, "documents")?;
    Ok(())
}

/// The `summary.txt` of `folio history`: the releases in order, the
/// documents followed, and what changed (see [`changes_text`]).
fn summary_text(h: &History) -> String {
    let p = folio::output::printable;
    let mut out = String::new();
    let _ = writeln!(out, "folio history");
    let names: Vec<String> = std::iter::once(h.steps.first().map(|s| p(&s.from).into_owned()))
        .flatten()
        .chain(h.steps.iter().map(|s| p(&s.to).into_owned()))
        .collect();
    let _ = writeln!(
        out,
        "releases: {} in order: {}",
        names.len(),
        names.join(", ")
    );
    let _ = writeln!(
        out,
        "documents: {} followed through the releases, across renames",
        h.documents.len()
    );
    out.push_str(&changes_text(h));
    let _ = writeln!(
        out,
        "\nsee timeline.csv for every document in every step, documents.csv for every document"
    );
    out
}

/// What a history found, for reading: each step's counts, the documents
/// that changed most, the reverts (`summary.txt` of `folio history`, and
/// of a report of a series).
pub(super) fn changes_text(h: &History) -> String {
    // Names shown escaped (a file's name can forge no line).
    let p = folio::output::printable;
    let mut out = String::new();
    let _ = writeln!(out, "\nchanges between consecutive releases:");
    for s in &h.steps {
        let count = |st: Status| s.comparison.count(st);
        let _ = writeln!(
            out,
            "  {} → {}: {} modified, {} renamed, {} added, {} removed, {} unchanged, {}{}",
            p(&s.from),
            p(&s.to),
            count(Status::Modified),
            count(Status::Renamed),
            count(Status::Added),
            count(Status::Removed),
            count(Status::Unchanged),
            // A document that could not be read is one of the step's too:
            // the counts add up to the documents followed.
            match count(Status::Unreadable) {
                0 => String::new(),
                n => format!("{n} unreadable, "),
            },
            super::counted(s.reverts.iter().filter(|&&r| r).count(), "revert")
        );
    }
    // Ranked by words changed, of prose and code.
    let words = folio::history::DocumentHistory::words_changed;
    let mut most: Vec<&folio::history::DocumentHistory> =
        h.documents.iter().filter(|d| words(d) > 0).collect();
    most.sort_by(|a, b| words(b).cmp(&words(a)).then(a.doc_id.cmp(&b.doc_id)));
    if !most.is_empty() {
        let _ = writeln!(
            out,
            "\nmost changed documents (words added + deleted over all releases, of prose and code):"
        );
        for d in most.iter().take(10) {
            let code = if d.code_line_edits > 0 {
                format!(
                    ", {} code line edits (+{} −{} words)",
                    d.code_line_edits, d.code_words_added, d.code_words_deleted
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {:6}  {}  (+{} −{} words, {} sentence edits{code}, {}, {})",
                words(d),
                p(&d.doc_id),
                d.words_added,
                d.words_deleted,
                d.sentence_edits,
                super::counted(d.versions as usize, "distinct version"),
                super::counted(d.reverts as usize, "revert")
            );
        }
    }
    let reverted: Vec<String> = h
        .steps
        .iter()
        .flat_map(|s| {
            s.comparison
                .changes
                .iter()
                .zip(&s.reverts)
                .filter(|(_, &r)| r)
                .map(move |(c, _)| format!("{} ({} → {})", p(&c.doc_id), p(&s.from), p(&s.to)))
        })
        .collect();
    if !reverted.is_empty() {
        let _ = writeln!(out, "\nreverts (a document back to an earlier version):");
        for r in reverted {
            let _ = writeln!(out, "  {r}");
        }
    }
    out
}
