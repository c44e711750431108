//! `folio compare`: two releases of a corpus.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use crate::app::cli::{CompareArgs, DiffsArg};
use crate::app::progress;
use folio::compare::{self, Comparison, DocChange};
use folio::diff::{self, TextOptions};
use folio::output;

/// Refuses two release folders that cannot be what was meant, whose
/// comparison would report changes that never happened: a release without
/// documents (a failed crawl: every document "added"), one inside the
/// other (a folder of releases given as a release: every id "renamed");
/// warns of the same folder twice (nothing can change) and of a folder of
/// releases given as one, beside a plain release, when few ids are shared.
fn check_releases(
    old: &Path,
    new: &Path,
    (old_docs, new_docs): (&[folio::corpus::Source], &[folio::corpus::Source]),
    args: &crate::app::cli::CorpusArgs,
) -> Result<()> {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (o, n) = (real(old), real(new));
    if o == n {
        args.warn(&format_args!(
            "{} and {}: the same folder; every document is unchanged",
            old.display(),
            new.display()
        ));
    } else if n.starts_with(&o) || o.starts_with(&n) {
        let (inner, outer) = if n.starts_with(&o) {
            (new, old)
        } else {
            (old, new)
        };
        anyhow::bail!(
            "{}: inside {}; compare two release folders side by side (for a folder of releases, folio history)",
            inner.display(),
            outer.display()
        );
    }
    for (path, docs) in [(old, old_docs), (new, new_docs)] {
        let found = if docs.is_empty() {
            "no documents found"
        } else if !super::any_readable(docs, args) {
            "no document could be read"
        } else {
            continue;
        };
        anyhow::bail!(
            "{}: {found}; an empty release would make every document of the other {}",
            path.display(),
            if path == old { "added" } else { "removed" }
        );
    }
    let ids: HashSet<&str> = old_docs.iter().map(|s| s.id.as_str()).collect();
    let shared = new_docs
        .iter()
        .filter(|s| ids.contains(s.id.as_str()))
        .count();
    if shared * 2 >= old_docs.len().min(new_docs.len()) {
        return Ok(());
    }
    let series = |p: &Path| {
        let opts = folio::corpus::SeriesOptions::from(folio::corpus::Layout::Auto);
        folio::corpus::releases(p, &opts, &mut Vec::new(), &mut Vec::new())
            .filter(|r| r.len() >= 2)
            .map(|r| r.into_iter().map(|(name, _)| name).collect::<Vec<_>>())
    };
    let (old_series, new_series) = (series(old), series(new));
    match (&old_series, &new_series) {
        (Some(names), None) | (None, Some(names)) => {
            let path = if old_series.is_some() { old } else { new };
            args.warn(&format_args!(
                "{}: reads as a folder of {} releases ({}{}), compared here as one; compare two of them, or run folio history on it",
                path.display(),
                names.len(),
                names[..names.len().min(3)].join(", "),
                if names.len() > 3 { ", …" } else { "" }
            ));
        }
        _ => {}
    }
    Ok(())
}

/// Runs `folio compare`.
pub fn run(args: &CompareArgs) -> Result<()> {
    super::stdin_once(
        std::iter::once(args.old.as_path()).chain(args.new.as_deref()),
        false,
    )?;
    let mut opts = args.change.compare_options(&args.corpus)?;
    opts.shard = args.shard;
    if args.corpus.release_field.is_some() {
        return run_records(args, &opts);
    }
    if args.from.is_some() {
        anyhow::bail!("--from and --to name releases of a feed: they need --release-field");
    }
    let Some(new_path) = &args.new else {
        anyhow::bail!(
            "compare needs two releases (OLD NEW), two versions of a document, or one feed with --release-field"
        );
    };
    let ((old_name, old), (new_name, new)) =
        if folio::corpus::is_document(&args.old) && folio::corpus::is_document(new_path) {
            // Two versions of one document as files, each read (a version
            // that cannot be read would make the document added or
            // removed, or, neither read, no document at all).
            let mut v = super::file_versions(&[args.old.clone(), new_path.clone()])?;
            for (path, (_, sources)) in [&args.old, new_path].into_iter().zip(&v) {
                if let Some(why) = super::why_unreadable(sources, &args.corpus) {
                    anyhow::bail!(
                        "{why}; compared, the document would read {} (compare needs both versions)",
                        if path == &args.old {
                            "added"
                        } else {
                            "removed"
                        }
                    );
                }
            }
            let new = v.pop().expect("two versions");
            (v.pop().expect("two versions"), new)
        } else {
            let releases = vec![
                super::release_sources(&args.old, &args.corpus)?,
                super::release_sources(new_path, &args.corpus)?,
            ];
            check_releases(
                &args.old,
                new_path,
                (&releases[0].1, &releases[1].1),
                &args.corpus,
            )?;
            let mut releases =
                super::distinct_release_names(&[args.old.as_path(), new_path.as_path()], releases);
            let new = releases.pop().expect("two releases");
            (releases.pop().expect("two releases"), new)
        };
    let inputs = super::inputs_of(
        [&args.old, new_path],
        old.iter().chain(&new),
        args.corpus.option_files(),
    );
    let out = args
        .out
        .open("compare", &args.output, &inputs, args.corpus.quiet)?;
    let bar = progress::docs_bar(
        (old.len() + new.len()) as u64,
        args.corpus.quiet,
        "comparing",
    );
    let cmp = compare_into(out.staging(), &old, &new, &opts, args.diffs, &|n| {
        bar.inc(n)
    })?;
    bar.finish_and_clear();
    finish(args, out, &inputs, &cmp, &old_name, &new_name)
}

/// `folio compare FEED… --release-field NAME [--from A --to B]`: two
/// releases of a feed of records, grouped by the field's value.
fn run_records(args: &CompareArgs, opts: &compare::CompareOptions) -> Result<()> {
    let field = args.corpus.release_field.as_deref().unwrap_or_default();
    let paths: Vec<PathBuf> = std::iter::once(args.old.clone())
        .chain(args.new.clone())
        .collect();
    let (releases, groups) =
        super::history::record_series(&paths, &args.corpus)?.expect("--release-field is given");
    let names: Vec<&str> = releases.iter().map(|(n, _)| n.as_str()).collect();
    let position = |value: &str| {
        names.iter().position(|n| *n == value).ok_or_else(|| {
            anyhow::anyhow!(
                "--release-field {field}: no release {value:?}; its releases: {}",
                folio::series::list_names(&names)
            )
        })
    };
    let (from, to) = match (&args.from, &args.to) {
        (Some(from), Some(to)) => (position(from)?, position(to)?),
        _ if names.len() == 2 => (0, 1),
        _ => anyhow::bail!(
            "--release-field {field}: {} releases ({}); say which two to compare with --from and --to, or follow them all with folio history",
            names.len(),
            folio::series::list_names(&names)
        ),
    };
    if from == to {
        anyhow::bail!("--from and --to name the same release, {}", names[from]);
    }
    let inputs = super::inputs_of(&paths, releases[0].1.iter(), args.corpus.option_files());
    let out = args
        .out
        .open("compare", &args.output, &inputs, args.corpus.quiet)?;
    let (mut old, mut new) = (groups.release(from, opts), groups.release(to, opts));
    let bar = progress::docs_bar(
        (old.len() + new.len()) as u64,
        args.corpus.quiet,
        "comparing",
    );
    let mut writer = ComparisonWriter::create(out.staging(), args.diffs)?;
    let mut cmp =
        compare::compare_releases_streamed(&old, &new, opts, &|n| bar.inc(n), &mut |rows| {
            writer.write(rows)
        })?;
    writer.finish()?;
    bar.finish_and_clear();
    cmp.problems = std::mem::take(&mut old.problems);
    cmp.problems.append(&mut new.problems);
    folio::error::merge_spills(&mut cmp.problems);
    finish(args, out, &inputs, &cmp, names[from], names[to])
}

/// Compares two releases read from files, writing the edits and diffs of
/// each batch of rows into `dir` as they are made (see
/// [`compare::compare_streamed`]): memory holds the texts and a batch of
/// diffs, not every diff.
fn compare_into(
    dir: &Path,
    old: &[folio::corpus::Source],
    new: &[folio::corpus::Source],
    opts: &compare::CompareOptions,
    diffs: DiffsArg,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Comparison> {
    let mut writer = ComparisonWriter::create(dir, diffs)?;
    let cmp = compare::compare_streamed(old, new, opts, progress, &mut |rows| writer.write(rows))?;
    writer.finish()?;
    Ok(cmp)
}

/// Reports a comparison's problems, writes what is left of it (the
/// changes table and the summary; the edits and diffs are written) and
/// publishes the folder.
fn finish(
    args: &CompareArgs,
    out: folio::outdir::OutDir,
    inputs: &folio::output::Inputs,
    cmp: &Comparison,
    old_name: &str,
    new_name: &str,
) -> Result<()> {
    args.corpus.warn_release_problems(&cmp.problems)?;
    if let Some(pattern) = &args.change.section {
        let missing: Vec<&str> = cmp
            .changes
            .iter()
            .filter(|c| c.section_missing)
            .map(|c| c.doc_id.as_str())
            .collect();
        // No changed document has the heading at all: a typo, which must
        // not read as "no changes" (as `folio diff` refuses it).
        let changed = cmp
            .changes
            .iter()
            .filter(
                |c| matches!((c.old_fingerprint, c.new_fingerprint), (Some(a), Some(b)) if a != b),
            )
            .count();
        if !missing.is_empty() && missing.len() >= changed {
            anyhow::bail!(
                "--section {pattern:?}: no heading of a changed document matches it; nothing to compare"
            );
        }
        if let Some(first) = missing.first() {
            args.corpus.warn(&format_args!(
                "--section {pattern:?}: no heading matches it in {} that changed (first: {first}); reported unchanged",
                if missing.len() == 1 { "1 document".to_string() } else { format!("{} documents", missing.len()) }
            ));
        }
    }
    // A shard's summary says so: its totals are of its rows only.
    let new_name = match args.shard {
        Some(s) => format!("{new_name} (shard {}/{})", s.index + 1, s.count),
        None => new_name.to_string(),
    };
    write_changes(
        out.staging(),
        cmp,
        old_name,
        &new_name,
        args.shard.is_some(),
    )?;
    out.publish(inputs)?;
    if !args.corpus.quiet {
        folio::say!(
            "wrote {}: changes and edits (.csv, .parquet), {}summary.txt",
            args.output.display(),
            match args.diffs {
                DiffsArg::Files => "diffs/, ",
                DiffsArg::Single => "diffs.patch, ",
                DiffsArg::None => "",
            }
        );
    }
    Ok(())
}

/// Writes `changes.csv`, `edits.csv`, `diffs/` and `summary.txt` of a
/// comparison whose rows hold their diffs into `dir`, a staging folder
/// published whole once the run is complete.
pub(super) fn write_comparison(
    dir: &Path,
    cmp: &Comparison,
    old_label: &str,
    new_label: &str,
    diffs: DiffsArg,
) -> Result<()> {
    // The edits and diffs, and the changes table beside them.
    let (edits, changes) = rayon::join(
        || -> Result<()> {
            let mut writer = ComparisonWriter::create(dir, diffs)?;
            writer.write(&cmp.changes)?;
            writer.finish()?;
            Ok(())
        },
        || write_changes(dir, cmp, old_label, new_label, false),
    );
    edits?;
    changes
}

/// Writes `changes.csv` and `summary.txt` (of one shard's rows: `sharded`,
/// fields kept from records as text).
fn write_changes(
    dir: &Path,
    cmp: &Comparison,
    old_label: &str,
    new_label: &str,
    sharded: bool,
) -> Result<()> {
    let rows: Vec<&DocChange> = cmp.changes.iter().collect();
    let mut changes = if sharded {
        compare::changes_shard_frame(&rows, &cmp.kept_fields)?
    } else {
        compare::changes_frame(&rows)?
    };
    output::write_csv_and_parquet(&mut changes, dir, "changes")?;
    let summary = compare::summary_text(cmp, old_label, new_label);
    output::write_staged(&dir.join("summary.txt"), summary.as_bytes())?;
    Ok(())
}

/// The edits table and the diffs of a comparison, written a batch of rows
/// at a time.
struct ComparisonWriter {
    edits: output::StagedTable,
    diffs: Diffs,
}

/// Where the diffs of changed documents go.
enum Diffs {
    /// One file each in this folder, with the report paths taken so far.
    Files(PathBuf, HashSet<String>),
    /// One patch file.
    Single(std::io::BufWriter<std::fs::File>, PathBuf),
    None,
}

impl ComparisonWriter {
    fn create(dir: &Path, diffs: DiffsArg) -> Result<ComparisonWriter> {
        let edits = output::StagedTable::create(dir, "edits", &compare::edits_frame(&[])?)?;
        let diffs = match diffs {
            DiffsArg::Files => Diffs::Files(dir.join("diffs"), HashSet::new()),
            DiffsArg::Single => {
                let path = dir.join("diffs.patch");
                let file = output::create_staged(&path)?;
                Diffs::Single(std::io::BufWriter::new(file), path)
            }
            DiffsArg::None => Diffs::None,
        };
        Ok(ComparisonWriter { edits, diffs })
    }

    /// Writes the edits and diffs of a batch of rows (in `doc_id` order).
    fn write(&mut self, rows: &[DocChange]) -> folio::Result<()> {
        let rows: Vec<&DocChange> = rows.iter().collect();
        let (edits, diffs) = rayon::join(
            || -> folio::Result<()> {
                let edits = compare::edits_frame(&rows)?;
                // A batch without changed documents adds no rows.
                if edits.height() > 0 {
                    self.edits.write(&edits)?;
                }
                Ok(())
            },
            || match &mut self.diffs {
                Diffs::Files(dir, taken) => write_reports(dir, taken, &rows),
                Diffs::Single(file, path) => write_patch(file, path, &rows),
                Diffs::None => Ok(()),
            },
        );
        edits.and(diffs)
    }

    fn finish(self) -> folio::Result<()> {
        self.edits.finish()?;
        if let Diffs::Single(mut file, path) = self.diffs {
            use std::io::Write as _;
            file.flush()
                .map_err(|source| folio::Error::Write { path, source })?;
        }
        Ok(())
    }
}

/// The text diff of a changed document, as its report holds it.
fn report_text(c: &DocChange) -> Option<String> {
    let d = c.diff.as_ref()?;
    let opts = TextOptions {
        context: 1,
        color: false,
        stat_only: false,
        old_label: c.old_path.clone().unwrap_or_default(),
        new_label: c.new_path.clone().unwrap_or_default(),
    };
    Some(diff::render_text(d, &opts))
}

/// Appends every changed document's diff to the patch, in `doc_id` order,
/// each after a header line `diff --folio OLD_ID NEW_ID` (as git's patches
/// have one per file), so tools that split patches at such lines can.
fn write_patch(
    file: &mut impl std::io::Write,
    path: &Path,
    rows: &[&DocChange],
) -> folio::Result<()> {
    let texts: Vec<(&DocChange, String)> = rows
        .par_iter()
        .filter_map(|c| Some((*c, report_text(c)?)))
        .collect();
    let mut out = String::new();
    for (c, text) in texts {
        let old = c.old_doc_id.as_deref().unwrap_or(&c.doc_id);
        // Ids escaped: a line break in one can forge no header.
        let p = output::printable;
        out.push_str(&format!("diff --folio {} {}\n", p(old), p(&c.doc_id)));
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    file.write_all(out.as_bytes())
        .map_err(|source| folio::Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// Writes the diff report of each changed document into the folder
/// `diffs`; `taken` holds the report paths of earlier batches.
fn write_reports(
    diffs: &Path,
    taken: &mut HashSet<String>,
    rows: &[&DocChange],
) -> folio::Result<()> {
    let reports: Vec<(PathBuf, &DocChange)> = rows
        .iter()
        .filter(|c| c.diff.is_some())
        .map(|c| (diffs.join(compare::safe_report_path(&c.doc_id, taken)), *c))
        .collect();
    reports
        .par_iter()
        .try_for_each(|(path, c)| -> folio::Result<()> {
            let Some(text) = report_text(c) else {
                return Ok(());
            };
            output::write_staged(path, text.as_bytes())
        })
}
