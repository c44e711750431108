//! `folio compare`: two releases of a corpus.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use crate::cli::CompareArgs;
use crate::compare::{self, Comparison, DocChange};
use crate::diff::{self, TextOptions};
use crate::output::{self, Format};
use crate::progress;

/// Runs `folio compare`.
pub fn run(args: &CompareArgs) -> Result<()> {
    let opts = args.change.compare_options(&args.corpus)?;
    let ((old_name, old), (new_name, new)) = if args.old.is_file() && args.new.is_file() {
        // Two versions of one document as files.
        let mut v = super::file_versions(&[args.old.clone(), args.new.clone()])?;
        let new = v.pop().expect("two versions");
        (v.pop().expect("two versions"), new)
    } else {
        (
            super::release_sources(&args.old, &args.corpus)?,
            super::release_sources(&args.new, &args.corpus)?,
        )
    };
    let inputs = super::inputs_of([&args.old, &args.new], old.iter().chain(&new));
    let out = args.out.open(&args.output, &inputs, args.corpus.quiet)?;
    let bar = progress::docs_bar(
        (old.len() + new.len()) as u64,
        args.corpus.quiet,
        "comparing",
    );
    let cmp = compare::compare(&old, &new, &opts, &|n| bar.inc(n));
    bar.finish_and_clear();
    for p in &cmp.problems {
        args.corpus.warn(p);
    }
    write_comparison(out.staging(), &cmp, &old_name, &new_name)?;
    out.publish(&inputs)?;
    if !args.corpus.quiet {
        eprintln!(
            "wrote {}: changes.csv, edits.csv, diffs/, summary.txt",
            args.output.display()
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
) -> Result<()> {
    let rows: Vec<&DocChange> = cmp.changes.iter().collect();
    // The two tables and the reports are independent: written in parallel.
    let (tables, reports) = rayon::join(
        || -> Result<()> {
            let mut changes = compare::changes_frame(&rows, None)?;
            output::write_table_staged(&mut changes, Format::Csv, &dir.join("changes.csv"))?;
            let mut edits = compare::edits_frame(&rows)?;
            output::write_table_staged(&mut edits, Format::Csv, &dir.join("edits.csv"))?;
            Ok(())
        },
        || write_reports(&dir.join("diffs"), &rows),
    );
    tables.and(reports)?;
    let summary = compare::summary_text(cmp, old_label, new_label);
    output::write_staged(&dir.join("summary.txt"), summary.as_bytes())?;
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
        .try_for_each(|(path, c)| -> crate::Result<()> {
            let Some(d) = &c.diff else { return Ok(()) };
            let opts = TextOptions {
                context: 1,
                color: false,
                stat_only: false,
                old_label: c.old_path.clone().unwrap_or_default(),
                new_label: c.new_path.clone().unwrap_or_default(),
            };
            let text = diff::render_text(d, &opts);
            output::write_staged(path, text.as_bytes())
        })?;
    Ok(())
}
