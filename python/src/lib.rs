//! `folio._folio`: the Rust side of the Python package. Each function
//! takes the CLI's options by keyword, runs folio's library with the GIL
//! released, and returns a polars DataFrame with the CLI's columns and
//! types (through the Arrow C interface). Errors raise `ValueError`
//! (`OSError` for files) with the CLI's one-line messages. The Python
//! wrappers in `folio/__init__.py` carry the docstrings.

use std::path::PathBuf;

use folio::analyze::{self, AnalyzeOptions};
use folio::boilerplate::Mode;
use folio::compare::{self as cmp_lib, CompareOptions};
use folio::corpus::{self, Fields, KeepFields, Layout, SeriesOptions, Source};
use folio::diff::{self as diff_lib, DiffOptions};
use folio::stats::StatsOptions;
use folio::terms::{self as terms_lib, GroupBy, TermsOptions};
use polars::prelude::DataFrame;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

/// The workers' stack: parsing a web page recurses into its elements.
const WORKER_STACK: usize = 64 << 20;

/// Runs `f` on a pool of `jobs` workers (default: one per core).
fn on_pool<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    let mut builder = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
    if let Some(j) = jobs {
        if j == 0 {
            return Err(PyValueError::new_err("jobs: must be at least 1"));
        }
        builder = builder.num_threads(j);
    }
    let pool = builder
        .build()
        .map_err(|e| PyOSError::new_err(format!("cannot start workers: {e}")))?;
    Ok(pool.install(f))
}

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// A table as Python receives it: the CLI's types (no unsigned integers).
fn table(df: polars::prelude::PolarsResult<DataFrame>) -> PyResult<PyDataFrame> {
    let df = df.map_err(value_error)?;
    let df = folio::output::portable(&df).map_err(value_error)?;
    Ok(PyDataFrame(df))
}

fn mode(name: &str) -> PyResult<Mode> {
    match name {
        "auto" => Ok(Mode::Auto),
        "trailers" => Ok(Mode::Trailers),
        "none" => Ok(Mode::None),
        other => Err(PyValueError::new_err(format!(
            "boilerplate: {other:?} is not one of auto, trailers, none"
        ))),
    }
}

fn layout(name: &str) -> PyResult<Layout> {
    match name {
        "auto" => Ok(Layout::Auto),
        "releases" => Ok(Layout::Releases),
        "flat" => Ok(Layout::Flat),
        other => Err(PyValueError::new_err(format!(
            "layout: {other:?} is not one of auto, releases, flat"
        ))),
    }
}

/// The corpus options every reading function shares.
#[derive(Clone)]
struct Reading {
    fields: Fields,
    boilerplate: Mode,
    stats: StatsOptions,
    series: SeriesOptions,
}

#[allow(clippy::too_many_arguments)]
fn reading(
    boilerplate: &str,
    keep_fields: Option<Vec<String>>,
    id_field: &str,
    title_field: &str,
    text_field: &str,
    release_field: Option<String>,
    mattr_window: usize,
    max_doc_bytes: u64,
    layout_name: &str,
) -> PyResult<Reading> {
    if !(1..=1_000_000).contains(&mattr_window) {
        return Err(PyValueError::new_err("mattr_window: must be 1–1,000,000"));
    }
    let keep = match keep_fields.as_deref() {
        None | Some([]) => KeepFields::None,
        Some([all]) if all == "all" => KeepFields::All,
        Some(names) => {
            let mut seen = std::collections::HashSet::new();
            KeepFields::Named(
                names
                    .iter()
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty() && seen.insert(n.clone()))
                    .collect(),
            )
        }
    };
    if max_doc_bytes > corpus::MAX_DOC_BYTES {
        return Err(PyValueError::new_err(
            "max_doc_bytes: a document's size limit is at most 2 GiB (2147483648)",
        ));
    }
    Ok(Reading {
        fields: Fields {
            id: id_field.to_string(),
            title: title_field.to_string(),
            text: text_field.to_string(),
            max_doc_bytes,
            release: release_field,
            keep,
        },
        boilerplate: mode(boilerplate)?,
        stats: StatsOptions {
            mattr_window,
            ..StatsOptions::default()
        },
        series: SeriesOptions {
            layout: layout(layout_name)?,
            ..SeriesOptions::default()
        },
    })
}

/// The documents of `paths`, as `folio stats` finds them; an error when
/// there are none.
fn discover(paths: &[PathBuf], series: SeriesOptions) -> PyResult<Vec<Source>> {
    let found = corpus::discover(paths, series);
    if found.sources.is_empty() {
        let names = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let why = found
            .problems
            .first()
            .map(|p| format!(": {p}"))
            .unwrap_or_default();
        return Err(PyOSError::new_err(format!(
            "{names}: no documents found (folio reads .txt, .md, .html, .jsonl, .csv, .parquet){why}"
        )));
    }
    Ok(found.sources)
}

/// The stats table of files and folders (`folio stats PATH...`).
#[pyfunction]
#[pyo3(signature = (paths, boilerplate, jobs, keep_fields, id_field, title_field, text_field, release_field, mattr_window, max_doc_bytes, layout, shard))]
#[allow(clippy::too_many_arguments)]
fn stats(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    boilerplate: &str,
    jobs: Option<usize>,
    keep_fields: Option<Vec<String>>,
    id_field: &str,
    title_field: &str,
    text_field: &str,
    release_field: Option<String>,
    mattr_window: usize,
    max_doc_bytes: u64,
    layout: &str,
    shard: Option<String>,
) -> PyResult<PyDataFrame> {
    let shard = shard
        .map(|s| {
            analyze::Shard::parse(&s).map_err(|e| PyValueError::new_err(format!("shard: {e}")))
        })
        .transpose()?;
    let r = reading(
        boilerplate,
        keep_fields,
        id_field,
        title_field,
        text_field,
        release_field,
        mattr_window,
        max_doc_bytes,
        layout,
    )?;
    let names = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let rows = py.detach(|| -> PyResult<_> {
        let sources = discover(&paths, r.series.clone())?;
        let opts = AnalyzeOptions {
            boilerplate: r.boilerplate,
            stats: r.stats,
            fields: r.fields.clone(),
            shard,
        };
        let analysis = on_pool(jobs, || analyze::analyze(&sources, &opts, &|_| {}))?;
        if analysis.rows.is_empty() && shard.is_none() {
            return Err(PyOSError::new_err(format!(
                "{names}: no document could be read"
            )));
        }
        Ok((analysis.rows, analysis.kept_fields))
    })?;
    let (rows, fields) = rows;
    table(match shard {
        Some(_) => folio::frame::to_shard_frame(&rows, &fields),
        None => folio::frame::to_frame(&rows),
    })
}

/// The stats table of texts held in memory.
#[pyfunction]
#[pyo3(signature = (texts, ids, titles, boilerplate, jobs, mattr_window))]
fn stats_texts(
    py: Python<'_>,
    texts: Vec<String>,
    ids: Option<Vec<String>>,
    titles: Option<Vec<Option<String>>>,
    boilerplate: &str,
    jobs: Option<usize>,
    mattr_window: usize,
) -> PyResult<PyDataFrame> {
    let n = texts.len();
    if ids.as_ref().is_some_and(|i| i.len() != n) {
        return Err(PyValueError::new_err(format!(
            "ids: {} given for {n} texts",
            ids.as_ref().map_or(0, Vec::len)
        )));
    }
    if titles.as_ref().is_some_and(|t| t.len() != n) {
        return Err(PyValueError::new_err(format!(
            "titles: {} given for {n} texts",
            titles.as_ref().map_or(0, Vec::len)
        )));
    }
    if !(1..=1_000_000).contains(&mattr_window) {
        return Err(PyValueError::new_err("mattr_window: must be 1–1,000,000"));
    }
    let opts = AnalyzeOptions {
        boilerplate: mode(boilerplate)?,
        stats: StatsOptions {
            mattr_window,
            ..StatsOptions::default()
        },
        fields: Fields::default(),
        shard: None,
    };
    let rows = py.detach(|| {
        on_pool(jobs, || {
            use rayon::prelude::*;
            let docs: Vec<corpus::Document> = texts
                .par_iter()
                .enumerate()
                .map(|(k, text)| {
                    let id = ids.as_ref().map_or_else(|| k.to_string(), |i| i[k].clone());
                    let title = titles.as_ref().and_then(|t| t[k].as_deref());
                    corpus::text_document(&id, title, text)
                })
                .collect();
            analyze::analyze_documents(&docs, &opts)
        })
    })?;
    table(folio::frame::to_frame(&rows))
}

fn diff_options(
    ignore_case: bool,
    ignore_punctuation: bool,
    normalize_quotes: bool,
    threshold: f64,
) -> PyResult<DiffOptions> {
    if !(0.0..=1.0).contains(&threshold) {
        return Err(PyValueError::new_err("threshold: must be 0–1"));
    }
    Ok(DiffOptions {
        ignore_case,
        ignore_punctuation,
        normalize_quotes,
        threshold,
        ..DiffOptions::default()
    })
}

/// The ops table of two texts (`folio diff --format csv`).
#[pyfunction]
#[pyo3(signature = (old_text, new_text, ignore_case, ignore_punctuation, normalize_quotes, threshold))]
fn diff(
    py: Python<'_>,
    old_text: String,
    new_text: String,
    ignore_case: bool,
    ignore_punctuation: bool,
    normalize_quotes: bool,
    threshold: f64,
) -> PyResult<PyDataFrame> {
    let opts = diff_options(ignore_case, ignore_punctuation, normalize_quotes, threshold)?;
    let d = py.detach(|| on_pool(None, || diff_lib::diff_texts(&old_text, &new_text, &opts)))?;
    table(diff_lib::to_frame(&d.ops, d.summary.coarse))
}

/// A file as one document, its id its file name without extension.
fn one_document(path: &std::path::Path, fields: &Fields) -> PyResult<corpus::Document> {
    let source = Source {
        path: path.to_path_buf(),
        id: path
            .file_stem()
            .map(corpus::lossless_name)
            .unwrap_or_default(),
        release: String::new(),
        rows: None,
        named: true,
    };
    corpus::load(&source, fields).map_err(|e| PyOSError::new_err(e.to_string()))
}

/// The ops table of two files (`folio diff OLD NEW --format csv`).
#[pyfunction]
#[pyo3(signature = (old, new, boilerplate, ignore_case, ignore_punctuation, normalize_quotes, threshold))]
#[allow(clippy::too_many_arguments)]
fn diff_files(
    py: Python<'_>,
    old: PathBuf,
    new: PathBuf,
    boilerplate: &str,
    ignore_case: bool,
    ignore_punctuation: bool,
    normalize_quotes: bool,
    threshold: f64,
) -> PyResult<PyDataFrame> {
    let opts = diff_options(ignore_case, ignore_punctuation, normalize_quotes, threshold)?;
    let mode = match boilerplate {
        "trailers" => Mode::Trailers,
        "none" => Mode::None,
        other => {
            return Err(PyValueError::new_err(format!(
                "boilerplate: {other:?} is not one of trailers, none"
            )))
        }
    };
    let fields = Fields::default();
    let d = py.detach(|| -> PyResult<_> {
        let (o, n) = (one_document(&old, &fields)?, one_document(&new, &fields)?);
        on_pool(None, || diff_lib::diff_documents(&o, &n, mode, &opts))
    })?;
    table(diff_lib::to_frame(&d.ops, d.summary.coarse))
}

/// The changes table of two releases (`folio compare OLD NEW`), and with
/// `edits` its edits table too.
#[pyfunction]
#[pyo3(signature = (old, new, edits, boilerplate, jobs, min_change, rename_threshold, threshold, keep_fields, id_field, title_field, text_field, max_doc_bytes, shard))]
#[allow(clippy::too_many_arguments)]
fn compare(
    py: Python<'_>,
    old: PathBuf,
    new: PathBuf,
    edits: bool,
    boilerplate: &str,
    jobs: Option<usize>,
    min_change: f64,
    rename_threshold: f64,
    threshold: f64,
    keep_fields: Option<Vec<String>>,
    id_field: &str,
    title_field: &str,
    text_field: &str,
    max_doc_bytes: u64,
    shard: Option<String>,
) -> PyResult<(PyDataFrame, Option<PyDataFrame>)> {
    let shard = shard
        .map(|s| {
            analyze::Shard::parse(&s).map_err(|e| PyValueError::new_err(format!("shard: {e}")))
        })
        .transpose()?;
    for (name, x) in [
        ("min_change", min_change),
        ("rename_threshold", rename_threshold),
        ("threshold", threshold),
    ] {
        if !(0.0..=1.0).contains(&x) {
            return Err(PyValueError::new_err(format!("{name}: must be 0–1")));
        }
    }
    let r = reading(
        boilerplate,
        keep_fields,
        id_field,
        title_field,
        text_field,
        None,
        100,
        max_doc_bytes,
        "flat",
    )?;
    let opts = CompareOptions {
        diff: DiffOptions {
            threshold,
            ..CompareOptions::default().diff
        },
        boilerplate: r.boilerplate,
        min_change,
        rename_threshold,
        fields: r.fields.clone(),
        shard,
        ..CompareOptions::default()
    };
    let cmp = py
        .detach(|| -> PyResult<_> {
            let release = |dir: &PathBuf| -> PyResult<Vec<Source>> {
                if !dir.is_dir() {
                    return Err(PyOSError::new_err(format!(
                        "{}: not a folder (a release is a folder of documents)",
                        dir.display()
                    )));
                }
                let name = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Ok(corpus::discover(std::slice::from_ref(dir), Layout::Flat)
                    .sources
                    .into_iter()
                    .map(|mut s| {
                        s.release = name.clone();
                        s
                    })
                    .collect())
            };
            let (o, n) = (release(&old)?, release(&new)?);
            on_pool(jobs, || cmp_lib::compare(&o, &n, &opts, &|_| {}))
        })?
        .map_err(|e| PyOSError::new_err(e.to_string()))?;
    let rows: Vec<&cmp_lib::DocChange> = cmp.changes.iter().collect();
    let changes = table(match shard {
        Some(_) => cmp_lib::changes_shard_frame(&rows, &cmp.kept_fields),
        None => cmp_lib::changes_frame(&rows),
    })?;
    let edits = if edits {
        Some(table(cmp_lib::edits_frame(&rows))?)
    } else {
        None
    };
    Ok((changes, edits))
}

/// The sentences table of a text (`folio sentences --format csv`).
#[pyfunction]
#[pyo3(signature = (text, doc_id))]
fn sentences(text: String, doc_id: String) -> PyResult<PyDataFrame> {
    let rows = folio::sentences::rows_of(&doc_id, &text);
    table(folio::sentences::sentences_table().frame(&rows))
}

/// The terms table of files and folders (`folio terms`).
#[pyfunction]
#[pyo3(signature = (paths, ngram, lowercase, stopwords, by, min_count, top, boilerplate, jobs))]
#[allow(clippy::too_many_arguments)]
fn terms(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    ngram: usize,
    lowercase: bool,
    stopwords: Option<String>,
    by: &str,
    min_count: u64,
    top: Option<usize>,
    boilerplate: &str,
    jobs: Option<usize>,
) -> PyResult<PyDataFrame> {
    if !(1..=3).contains(&ngram) {
        return Err(PyValueError::new_err("ngram: must be 1, 2 or 3"));
    }
    let by = match by {
        "corpus" => GroupBy::Corpus,
        "release" => GroupBy::Release,
        "doc" => GroupBy::Doc,
        other => {
            return Err(PyValueError::new_err(format!(
                "by: {other:?} is not one of corpus, release, doc"
            )))
        }
    };
    let opts = TermsOptions {
        ngram,
        lowercase,
        stopwords: stopword_list(stopwords)?,
        by,
        boilerplate: mode(boilerplate)?,
        fields: Fields::default(),
    };
    let rows = py.detach(|| -> PyResult<_> {
        let sources = discover(&paths, SeriesOptions::default())?;
        let table = on_pool(jobs, || terms_lib::count_terms(&sources, &opts))?;
        Ok(terms_lib::term_rows(&table, min_count, top))
    })?;
    table(terms_lib::terms_frame(&rows, ngram, by))
}

fn stopword_list(code: Option<String>) -> PyResult<Option<String>> {
    match code.as_deref() {
        None | Some("none") => Ok(None),
        Some(c) if folio::lang::stopword_bit(c).is_some() => Ok(Some(c.to_string())),
        Some(c) => Err(PyValueError::new_err(format!(
            "stopwords {c}: no stopword list for this language (use an ISO 639-1 code such as en, de, fr, or none)"
        ))),
    }
}

/// The keyness table of a target corpus against a reference corpus
/// (`folio keyness TARGET REFERENCE`).
#[pyfunction]
#[pyo3(signature = (target, reference, stopwords, ll, min_count, top, boilerplate, jobs))]
#[allow(clippy::too_many_arguments)]
fn keyness(
    py: Python<'_>,
    target: PathBuf,
    reference: PathBuf,
    stopwords: Option<String>,
    ll: &str,
    min_count: u64,
    top: Option<usize>,
    boilerplate: &str,
    jobs: Option<usize>,
) -> PyResult<PyDataFrame> {
    let kind = match ll {
        "two-cell" => terms_lib::LogLikelihood::TwoCell,
        "four-cell" => terms_lib::LogLikelihood::FourCell,
        other => {
            return Err(PyValueError::new_err(format!(
                "ll: {other:?} is not one of two-cell, four-cell"
            )))
        }
    };
    let opts = TermsOptions {
        ngram: 1,
        lowercase: true,
        stopwords: stopword_list(stopwords)?,
        by: GroupBy::Corpus,
        boilerplate: mode(boilerplate)?,
        fields: Fields::default(),
    };
    let rows = py.detach(|| -> PyResult<_> {
        let flat = |p: &PathBuf| {
            let layout = if p.is_dir() {
                Layout::Flat
            } else {
                Layout::Auto
            };
            discover(std::slice::from_ref(p), layout.into())
        };
        let (t, r) = (flat(&target)?, flat(&reference)?);
        on_pool(jobs, || {
            terms_lib::keyness_of(&t, &r, &opts, kind, min_count, top).0
        })
    })?;
    table(terms_lib::keyness_table().frame(&rows))
}

/// The concordance of a pattern (`folio kwic CORPUS PATTERN --format csv`).
#[pyfunction]
#[pyo3(signature = (paths, pattern, window, regex, case_sensitive, sort, boilerplate, jobs))]
#[allow(clippy::too_many_arguments)]
fn kwic(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    pattern: &str,
    window: usize,
    regex: bool,
    case_sensitive: bool,
    sort: &str,
    boilerplate: &str,
    jobs: Option<usize>,
) -> PyResult<PyDataFrame> {
    if window > 1000 {
        return Err(PyValueError::new_err("window: must be 0–1000"));
    }
    let pattern =
        terms_lib::KwicPattern::new(pattern, regex, case_sensitive).map_err(value_error)?;
    let sort = match sort {
        "doc" => terms_lib::KwicSort::Doc,
        "left" => terms_lib::KwicSort::Left,
        "right" => terms_lib::KwicSort::Right,
        other => {
            return Err(PyValueError::new_err(format!(
                "sort: {other:?} is not one of doc, left, right"
            )))
        }
    };
    let mode = mode(boilerplate)?;
    let lines = py.detach(|| -> PyResult<_> {
        let sources = discover(&paths, SeriesOptions::default())?;
        on_pool(jobs, || {
            let fields = Fields::default();
            let reader = folio::reader::Reader::open(&sources, mode, &fields);
            let found: Vec<Vec<terms_lib::KwicLine>> = reader.map(|docs| {
                docs.iter()
                    .flat_map(|d| terms_lib::kwic(&d.doc, d.text(), &pattern, window))
                    .collect()
            });
            let mut lines: Vec<terms_lib::KwicLine> = found.into_iter().flatten().collect();
            terms_lib::sort_kwic(&mut lines, sort);
            lines
        })
    })?;
    table(terms_lib::kwic_table().frame(&lines))
}

/// The timeline and documents tables of a series of releases (`folio
/// history RELEASES_DIR`).
#[pyfunction]
#[pyo3(signature = (releases, boilerplate, jobs, min_change, rename_threshold, threshold))]
fn history(
    py: Python<'_>,
    releases: PathBuf,
    boilerplate: &str,
    jobs: Option<usize>,
    min_change: f64,
    rename_threshold: f64,
    threshold: f64,
) -> PyResult<(PyDataFrame, PyDataFrame)> {
    for (name, x) in [
        ("min_change", min_change),
        ("rename_threshold", rename_threshold),
        ("threshold", threshold),
    ] {
        if !(0.0..=1.0).contains(&x) {
            return Err(PyValueError::new_err(format!("{name}: must be 0–1")));
        }
    }
    let opts = CompareOptions {
        diff: DiffOptions {
            threshold,
            ..CompareOptions::default().diff
        },
        boilerplate: mode(boilerplate)?,
        min_change,
        rename_threshold,
        ..CompareOptions::default()
    };
    let h = py
        .detach(|| -> PyResult<_> {
            let mut problems = Vec::new();
            let mut notes = Vec::new();
            // Releases as `folio history DIR` finds them (subfolders named by
            // dates or numbers, or sharing documents).
            let series = SeriesOptions::default();
            let found = corpus::releases(&releases, &series, &mut problems, &mut notes)
                .filter(|r| r.len() >= 2)
                .ok_or_else(|| {
                    PyOSError::new_err(format!(
                        "{}: not a folder of two or more releases (one folder per release)",
                        releases.display()
                    ))
                })?;
            on_pool(jobs, || folio::history::history(&found, &opts, &|_| {}))
        })?
        .map_err(|e| PyOSError::new_err(e.to_string()))?;
    Ok((
        table(folio::history::timeline_frame(&h))?,
        table(folio::history::documents_frame(&h))?,
    ))
}

/// The data dictionary of a table, as Markdown (`folio schema TABLE`).
#[pyfunction]
fn schema(name: &str) -> PyResult<String> {
    folio::table::dictionaries()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| text)
        .ok_or_else(|| PyValueError::new_err(format!("no table named {name:?}")))
}

/// The Rust side of the `folio` package.
#[pymodule]
fn _folio(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(stats, m)?)?;
    m.add_function(wrap_pyfunction!(stats_texts, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(diff_files, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(sentences, m)?)?;
    m.add_function(wrap_pyfunction!(terms, m)?)?;
    m.add_function(wrap_pyfunction!(keyness, m)?)?;
    m.add_function(wrap_pyfunction!(kwic, m)?)?;
    m.add_function(wrap_pyfunction!(history, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    Ok(())
}
