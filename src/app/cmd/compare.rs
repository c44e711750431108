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

/// Runs `folio compare`.
pub fn run(args: &CompareArgs) -> Result<()> {
    let opts = args.change.compare_options(&args.corpus)?;
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
    let ((old_name, old), (new_name, new)) = if args.old.is_file() && new_path.is_file() {
        // Two versions of one document as files.
        let mut v = super::file_versions(&[args.old.clone(), new_path.clone()])?;
        let new = v.pop().expect("two versions");
        (v.pop().expect("two versions"), new)
    } else {
        (
            super::release_sources(&args.old, &args.corpus)?,
            super::release_sources(new_path, &args.corpus)?,
        )
    };
    let inputs = super::inputs_of([&args.old, new_path], old.iter().chain(&new));
    let out = args.out.open(&args.output, &inputs, args.corpus.quiet)?;
    let bar = progress::docs_bar(
        (old.len() + new.len()) as u64,
        args.corpus.quiet,
        "comparing",
    );
    let cmp = compare::compare(&old, &new, &opts, &|n| bar.inc(n));
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
    let inputs = super::inputs_of(&paths, releases[0].1.iter());
    let out = args.out.open(&args.output, &inputs, args.corpus.quiet)?;
    let (mut old, mut new) = (groups.release(from, opts), groups.release(to, opts));
    let bar = progress::docs_bar(
        (old.len() + new.len()) as u64,
        args.corpus.quiet,
        "comparing",
    );
    let mut cmp = compare::compare_releases(&old, &new, opts, &|n| bar.inc(n));
    bar.finish_and_clear();
    cmp.problems = std::mem::take(&mut old.problems);
    cmp.problems.append(&mut new.problems);
    finish(args, out, &inputs, &cmp, names[from], names[to])
}

/// Reports a comparison's problems, writes it and publishes the folder.
fn finish(
    args: &CompareArgs,
    out: folio::outdir::OutDir,
    inputs: &folio::output::Inputs,
    cmp: &Comparison,
    old_name: &str,
    new_name: &str,
) -> Result<()> {
    for p in &cmp.problems {
        args.corpus.warn(p);
    }
    write_comparison(out.staging(), cmp, old_name, new_name, args.diffs)?;
    out.publish(inputs)?;
    if !args.corpus.quiet {
        eprintln!(
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

/// Writes `changes.csv`, `edits.csv`, `diffs/` and `summary.txt` into
/// `dir`, a staging folder published whole once the run is complete.
pub(super) fn write_comparison(
    dir: &Path,
    cmp: &Comparison,
    old_label: &str,
    new_label: &str,
    diffs: DiffsArg,
) -> Result<()> {
    let rows: Vec<&DocChange> = cmp.changes.iter().collect();
    // The two tables and the reports are independent: written in parallel.
    let (tables, reports) = rayon::join(
        || -> Result<()> {
            let mut changes = compare::changes_frame(&rows)?;
            output::write_csv_and_parquet(&mut changes, dir, "changes")?;
            let mut edits = compare::edits_frame(&rows)?;
            output::write_csv_and_parquet(&mut edits, dir, "edits")?;
            Ok(())
        },
        || match diffs {
            DiffsArg::Files => write_reports(&dir.join("diffs"), &rows),
            DiffsArg::Single => write_patch(&dir.join("diffs.patch"), &rows),
            DiffsArg::None => Ok(()),
        },
    );
    tables.and(reports)?;
    let summary = compare::summary_text(cmp, old_label, new_label);
    output::write_staged(&dir.join("summary.txt"), summary.as_bytes())?;
    Ok(())
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

/// Writes every changed document's diff into one file, in `doc_id` order,
/// each after a header line `diff --folio OLD_ID NEW_ID` (as git's patches
/// have one per file), so tools that split patches at such lines can.
fn write_patch(path: &Path, rows: &[&DocChange]) -> Result<()> {
    let texts: Vec<(&DocChange, String)> = rows
        .par_iter()
        .filter_map(|c| Some((*c, report_text(c)?)))
        .collect();
    let mut out = String::new();
    for (c, text) in texts {
        let old = c.old_doc_id.as_deref().unwrap_or(&c.doc_id);
        out.push_str(&format!("diff --folio {old} {}\n", c.doc_id));
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    output::write_staged(path, out.as_bytes())?;
    Ok(())
}

/// Writes the diff report of each changed document into the folder `diffs`.
fn write_reports(diffs: &Path, rows: &[&DocChange]) -> Result<()> {
    let mut taken = HashSet::new();
    let reports: Vec<(PathBuf, &DocChange)> = rows
        .iter()
        .filter(|c| c.diff.is_some())
        .map(|c| {
            (
                diffs.join(compare::safe_report_path(&c.doc_id, &mut taken)),
                *c,
            )
        })
        .collect();
    reports
        .par_iter()
        .try_for_each(|(path, c)| -> folio::Result<()> {
            let Some(text) = report_text(c) else {
                return Ok(());
            };
            output::write_staged(path, text.as_bytes())
        })?;
    Ok(())
}
