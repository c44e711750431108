//! `folio report`: everything, into a report folder.
//!
//! The report is built in a staging folder inside the report folder and
//! moved into place only when complete (see [`folio::outdir`]): a run that
//! fails or is killed midway leaves the previous report as it was, and
//! files in the folder that folio did not write are never touched.

use std::fmt::Write as _;

use std::path::Path;

use anyhow::Result;

use crate::app::cli::ReportArgs;
use folio::analyze::Analysis;
use folio::corpus;
use folio::frame;
use folio::history::History;
use folio::output;
use folio::stats::DocStats;
use folio::terms;

/// Runs `folio report`.
pub fn run(args: &ReportArgs) -> Result<()> {
    let dir = &args.output;
    let opts = args.change.compare_options(&args.corpus_args)?;
    let mut problems = Vec::new();
    let series = args.corpus_args.series()?;
    let records = if args.versions {
        None
    } else {
        super::history::record_series(std::slice::from_ref(&args.corpus), &args.corpus_args)?
    };
    let (releases, groups) = match records {
        // Versions of one document as the folder's files.
        None if args.versions => (
            super::history::series(std::slice::from_ref(&args.corpus), true, &args.corpus_args)?,
            None,
        ),
        Some((releases, groups)) => (releases, Some(groups)),
        None if args.corpus.is_dir() => {
            let mut notes = Vec::new();
            let releases = corpus::releases(&args.corpus, &series, &mut problems, &mut notes)
                .unwrap_or_default();
            (releases, None)
        }
        None => (Vec::new(), None),
    };
    let releases = super::history::trim_empty_ends(releases, groups.is_some(), &args.corpus_args)?;
    let by_release = releases.len() >= 2;
    let terms_opts = terms_options(by_release, &args.corpus_args);
    let inputs = std::slice::from_ref(&args.corpus);
    // Finding the documents first: a corpus with none fails before any
    // output is made.
    let (sources, discovery_problems, names) = super::discover_corpus(inputs, &args.corpus_args)?;

    let inputs = super::inputs_of(inputs, sources.iter(), args.corpus_args.option_files());
    let out = args
        .out
        .open("report", dir, &inputs, args.corpus_args.quiet)?;
    let staging = out.staging().to_path_buf();
    let title = report_title(&args.corpus);
    let mut html =
        (!args.no_html).then(|| folio::html::HtmlReport::new(&staging, provenance(args, &opts)));
    let built = (|| -> Result<(Analysis, Option<History>)> {
        let (mut analysis, history, table) = if by_release {
            // One pass: each release is read once, its statistics and terms
            // taken, then it is compared with the next; each comparison is
            // written as soon as it is made.
            let mut rows = Vec::new();
            let mut boilerplate = folio::reader::ReadLog::default();
            let mut table = terms::TermTable::default();
            let mut written: Result<()> = Ok(());
            let mut h = super::history::run_history_with(
                &releases,
                groups.as_ref(),
                &opts,
                &args.corpus_args,
                &mut |release| {
                    rows.extend(release.stats_rows()?);
                    boilerplate.merge(release.boilerplate.clone());
                    let texts: Vec<_> = release.texts().collect::<folio::Result<_>>()?;
                    let texts: Vec<_> = texts.iter().map(|(d, t)| (*d, t.as_ref())).collect();
                    table.merge(terms::count_texts(&texts, &terms_opts));
                    Ok(())
                },
                &mut |step| {
                    // The step's tables and diffs, and its pages beside them.
                    let (tables, pages) = rayon::join(
                        || write_step(&staging, step, args.diffs),
                        || html.as_mut().map_or(Ok(()), |html| html.step(step)),
                    );
                    written = tables.and(pages.map_err(Into::into));
                    if written.is_ok() {
                        std::ops::ControlFlow::Continue(())
                    } else {
                        std::ops::ControlFlow::Break(())
                    }
                },
            )?;
            written?;
            if rows.is_empty() {
                anyhow::bail!("{names}: no document could be read");
            }
            super::refuse_unreadable_folders(&discovery_problems)?;
            super::refuse_exhaustion(&h.problems)?;
            super::refuse_unreadable_folders(&h.problems)?;
            args.corpus_args.warn_empty_releases(&h);
            let mut problems = discovery_problems;
            // errors.csv lists inputs not used; texts kept in memory for
            // want of a temporary file are warned about (with the other
            // problems, as the series was read), not listed.
            problems.extend(h.problems.drain(..).filter(|p| !p.is_warning()));
            for w in boilerplate.warnings() {
                args.corpus_args.warn(&w);
            }
            let analysis = Analysis {
                rows,
                problems,
                boilerplate,
                kept_fields: Vec::new(),
            };
            (analysis, Some(h), table)
        } else {
            // Its statistics and its terms read the corpus once each: a
            // stream cannot be read twice (a FIFO had hung the run,
            // waiting for a second writer).
            if let Some(stream) = sources.iter().find(|s| folio::corpus::read_once(&s.path)) {
                anyhow::bail!(
                    "{}: a stream (a FIFO or a pipe), which folio report would read twice; save it to a file first",
                    stream.path.display()
                );
            }
            let analysis = super::analyze_sources(
                &sources,
                discovery_problems,
                &names,
                &args.corpus_args,
                None,
            )?;
            let table = terms::count_terms(&sources, &terms_opts);
            (analysis, None, table)
        };
        // errors.csv lists inputs not used: ids shared by documents (all
        // read) were warned about, and are none.
        analysis.problems.retain(|p| !p.is_warning());
        // The tables are independent: the terms (the largest) are written
        // beside the rest.
        let tables = || -> Result<()> {
            let mut df = frame::to_frame(&analysis.rows)?;
            output::write_csv_and_parquet(&mut df, &staging, "stats")?;
            let names: Vec<&str> = releases.iter().map(|(r, _)| r.as_str()).collect();
            let mut removed = frame::boilerplate_frame(&analysis.boilerplate, &names)?;
            output::write_csv_and_parquet(&mut removed, &staging, "boilerplate")?;
            let mut errors = frame::errors_frame(&analysis.problems)?;
            output::write_csv_and_parquet(&mut errors, &staging, "errors")?;
            if let Some(h) = &history {
                super::history::write_history(&staging, h)?;
            }
            // A corpus without releases is one release, unnamed.
            let all: &[&str] = if names.is_empty() { &[""] } else { &names };
            let summary = summary_text(&analysis.rows, all, history.as_ref());
            output::write_staged(&staging.join("summary.txt"), summary.as_bytes())?;
            Ok(())
        };
        let (tables, terms) = rayon::join(tables, || write_terms(&staging, &table, &releases));
        tables?;
        terms?;
        if let Some(html) = &html {
            let names: Vec<&str> = releases.iter().map(|(name, _)| name.as_str()).collect();
            let days = folio::series::release_days(&names);
            let times: Vec<(String, String)> = releases
                .iter()
                .zip(days)
                .map(|((name, sources), days)| {
                    let paths: Vec<std::path::PathBuf> =
                        sources.iter().map(|s| s.path.clone()).collect();
                    (name.clone(), folio::html::feed::release_time(days, &paths))
                })
                .collect();
            html.finish(&title, &analysis.rows, history.as_ref(), &times)?;
        }
        Ok((analysis, history))
    })();
    // A failed run leaves the previous report as it was (dropping `out`
    // removes the staging folder).
    let (analysis, history) = built?;
    out.publish(&inputs)?;

    if !args.corpus_args.quiet {
        let steps = history.as_ref().map_or(0, |h| h.steps.len());
        folio::say!(
            "wrote {}: {} in {}, {}, {} skipped (errors.csv)",
            dir.display(),
            // As the summary counts them: in a series, each document once,
            // however many releases hold it.
            match &history {
                Some(h) => format!(
                    "{} ({})",
                    super::counted(h.documents.len(), "document"),
                    in_all_releases(analysis.rows.len())
                ),
                None => super::counted(analysis.rows.len(), "document"),
            },
            super::counted(releases.len().max(1), "release"),
            super::counted(steps, "comparison"),
            analysis.problems.len()
        );
    }
    Ok(())
}

/// The name a report goes by: the corpus folder's (or file's) name.
fn report_title(corpus: &Path) -> String {
    let absolute = std::path::absolute(corpus).unwrap_or_else(|_| corpus.to_path_buf());
    absolute
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .next_back()
        .unwrap_or_else(|| corpus.display().to_string())
}

/// What made a report, for the footer of its pages: the command and the
/// options that shape its results.
fn provenance(args: &ReportArgs, opts: &folio::compare::CompareOptions) -> String {
    format!(
        "folio report {} · boilerplate {} · sentence pairing at similarity {} · non-significant below a change of {}",
        args.corpus.display(),
        match opts.boilerplate {
            folio::boilerplate::Mode::Auto => "auto",
            folio::boilerplate::Mode::Trailers => "trailers",
            folio::boilerplate::Mode::None => "none",
        },
        opts.diff.threshold,
        opts.min_change
    )
}

/// The options of `terms.csv`: lowercased unigrams, per release when there
/// are several.
fn terms_options(by_release: bool, args: &crate::app::cli::CorpusArgs) -> terms::TermsOptions {
    terms::TermsOptions {
        ngram: 1,
        lowercase: true,
        stopwords: None,
        by: if by_release {
            terms::GroupBy::Release
        } else {
            terms::GroupBy::Corpus
        },
        boilerplate: args.analyze_options().boilerplate,
        fields: args.fields(),
    }
}

/// Writes one step's comparison into `compare/<from>..<to>/` of the report.
fn write_step(
    staging: &Path,
    step: &folio::history::Step,
    diffs: crate::app::cli::DiffsArg,
) -> Result<()> {
    let folder = staging
        .join("compare")
        .join(folio::compare::step_folder_name(&step.from, &step.to));
    super::compare::write_comparison(&folder, &step.comparison, &step.from, &step.to, diffs)
}

/// `terms.csv` (unigrams, per release when there are releases) and, with
/// several releases, `keyness.csv` of the last release against the first.
fn write_terms(
    staging: &Path,
    table: &terms::TermTable,
    releases: &[(String, Vec<corpus::Source>)],
) -> Result<()> {
    let by = if releases.len() >= 2 {
        terms::GroupBy::Release
    } else {
        terms::GroupBy::Corpus
    };
    let terms = || -> Result<()> {
        let rows = terms::term_rows(table, 1, None);
        let mut df = terms::terms_frame(&rows, 1, by)?;
        output::write_csv_and_parquet(&mut df, staging, "terms")?;
        Ok(())
    };
    let (terms, keyness) = rayon::join(terms, || write_keyness(staging, table, releases));
    terms?;
    keyness
}

/// `keyness.csv`, of the last release against the first, when there are
/// several.
fn write_keyness(
    staging: &Path,
    table: &terms::TermTable,
    releases: &[(String, Vec<corpus::Source>)],
) -> Result<()> {
    if let (true, Some((first, _)), Some((last, _))) =
        (releases.len() >= 2, releases.first(), releases.last())
    {
        let empty = Default::default();
        let key = |r: &str| (r.to_string(), String::new(), String::new());
        let target = table.groups.get(&key(last)).unwrap_or(&empty);
        let reference = table.groups.get(&key(first)).unwrap_or(&empty);
        let total = |r: &str| table.totals.get(&key(r)).map_or(0, |t| t.1);
        let rows = terms::keyness(
            target,
            total(last),
            reference,
            total(first),
            terms::LogLikelihood::TwoCell,
        );
        let mut df = terms::keyness_table().frame(&rows)?;
        output::write_csv_and_parquet(&mut df, staging, "keyness")?;
    }
    Ok(())
}

/// One line per release, in release order: documents, words, and the mean
/// grade and reading ease of the documents that have one — a polars
/// group-by over the unrounded statistics.
fn per_release(rows: &[DocStats], releases: &[&str]) -> String {
    let p = folio::output::printable;
    let mut out = String::new();
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            "–".to_string()
        } else {
            format!("{:.2}", xs.iter().sum::<f64>() / xs.len() as f64)
        }
    };
    for &rel in releases {
        let docs: Vec<&DocStats> = rows.iter().filter(|r| r.release == rel).collect();
        // A name holding a line break or an escape sequence is shown
        // escaped: it can forge no line of the summary.
        let label = if rel.is_empty() {
            "(corpus)".into()
        } else {
            p(rel)
        };
        let _ = writeln!(
            out,
            "  {label}: {}, {} words, grade {}, ease {}",
            super::counted(docs.len(), "document"),
            docs.iter().map(|r| r.text.words).sum::<u64>(),
            mean(docs.iter().filter_map(|r| r.text.grade_level()).collect()),
            mean(docs.iter().filter_map(|r| r.text.reading_ease()).collect()),
        );
    }
    out
}

/// The top-level overview of a report.
/// `releases`: every release of the corpus in order, empty ones too.
fn summary_text(rows: &[DocStats], releases: &[&str], history: Option<&History>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "folio report");
    // In a series a document is counted once, however many releases hold
    // it (documents.csv's rows).
    let (documents, versions) = match history {
        Some(h) => (
            h.documents.len(),
            format!(" ({})", in_all_releases(rows.len())),
        ),
        None => (rows.len(), String::new()),
    };
    let _ = writeln!(
        out,
        "documents: {documents} in {}{versions}",
        super::counted(releases.len(), "release")
    );
    let _ = writeln!(
        out,
        "\nper release (documents, words, mean grade and mean reading ease, each in its document's language: grades of English and German documents only):"
    );
    out.push_str(&per_release(rows, releases));
    let Some(h) = history else {
        return out;
    };
    out.push_str(&super::history::changes_text(h));
    let _ = writeln!(out, "\nsee compare/<from>..<to>/summary.txt for each pair of releases, timeline.csv and documents.csv for every document");
    out
}

/// The texts a series' releases hold together (`stats.csv`'s rows): not
/// documents.csv's `versions`, the distinct texts of each document, which
/// the summary had called by the same name ("49 document versions" where
/// those sum to 38).
fn in_all_releases(texts: usize) -> String {
    format!("{} in all releases", super::counted(texts, "text"))
}
