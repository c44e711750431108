//! `folio history`: a series of releases.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::{CorpusArgs, HistoryArgs};
use crate::corpus::{self, Source};
use crate::history::{self, History};
use crate::output::{self, Format};
use crate::progress;

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
        let found = corpus::discover(std::slice::from_ref(dir), corpus::Layout::Flat);
        for p in &found.problems {
            args.warn(p);
        }
        let mut files: Vec<PathBuf> = found.sources.into_iter().map(|s| s.path).collect();
        files
            .sort_by(|a, b| crate::series::natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        if files.is_empty() {
            anyhow::bail!(
                "{}: no versions found (folio reads .txt, .md, .html)",
                dir.display()
            );
        }
        let releases = super::file_versions(&files)?;
        let names: Vec<&str> = releases.iter().map(|(n, _)| n.as_str()).collect();
        args.note(&format!(
            "{}: {} versions of one document, in natural order of names: {}",
            dir.display(),
            names.len(),
            crate::series::list_names(&names)
        ));
        return Ok(releases);
    }
    if paths.len() > 1 && paths.iter().all(|p| p.is_file()) {
        return super::file_versions(paths);
    }
    if let [one] = paths {
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let mut series = args.series()?;
        if series.layout == corpus::Layout::Flat {
            series.layout = corpus::Layout::Releases;
        }
        let releases = corpus::releases(one, &series, &mut problems, &mut notes);
        for n in &notes {
            args.note(n);
        }
        if let Some(releases) = releases {
            args.check_order(releases.iter().map(|(r, _)| r.as_str()))?;
            for p in &problems {
                args.warn(p);
            }
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
    let opts = args.change.compare_options(&args.corpus)?;
    let releases = series(&args.releases, args.versions, &args.corpus)?;
    if releases.len() < 2 {
        anyhow::bail!(
            "a history needs at least two releases, found {}",
            releases.len()
        );
    }
    let inputs = super::inputs_of(&args.releases, releases.iter().flat_map(|(_, s)| s));
    let out = args.out.open(&args.output, &inputs, args.corpus.quiet)?;
    let h = run_history(&releases, &opts, &args.corpus)?;
    write_history(out.staging(), &h)?;
    out.publish(&inputs)?;
    if !args.corpus.quiet {
        eprintln!(
            "wrote {}: timeline.csv ({}), documents.csv ({})",
            args.output.display(),
            super::counted(h.steps.len(), "step"),
            super::counted(h.documents.len(), "document")
        );
    }
    Ok(())
}

pub(super) fn run_history(
    releases: &[(String, Vec<Source>)],
    opts: &crate::compare::CompareOptions,
    args: &CorpusArgs,
) -> Result<History> {
    run_history_with(releases, opts, args, &mut |_| {}, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
}

/// [`run_history`], with [`history::history_with`]'s `on_release` and
/// `on_step`.
pub(super) fn run_history_with(
    releases: &[(String, Vec<Source>)],
    opts: &crate::compare::CompareOptions,
    args: &CorpusArgs,
    on_release: &mut dyn FnMut(&crate::compare::Release),
    on_step: &mut dyn FnMut(&history::Step) -> std::ops::ControlFlow<()>,
) -> Result<History> {
    // Progress counts each release once per step it is in.
    let docs: u64 = releases
        .windows(2)
        .map(|w| (w[0].1.len() + w[1].1.len()) as u64)
        .sum();
    let bar = progress::docs_bar(docs, args.quiet, "comparing");
    let h = history::history_with(releases, opts, &|n| bar.inc(n), on_release, on_step);
    bar.finish_and_clear();
    for p in &h.problems {
        args.warn(p);
    }
    Ok(h)
}

/// Writes `timeline.csv` and `documents.csv` into `dir`, a staging folder.
pub(super) fn write_history(dir: &Path, h: &History) -> Result<()> {
    let mut timeline = history::timeline_frame(h)?;
    output::write_table_staged(&mut timeline, Format::Csv, &dir.join("timeline.csv"))?;
    let mut documents = history::documents_frame(h)?;
    output::write_table_staged(&mut documents, Format::Csv, &dir.join("documents.csv"))?;
    Ok(())
}
