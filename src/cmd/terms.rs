//! `folio terms`, `folio keyness`, `folio kwic`: corpus-level tables.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use polars::prelude::*;

use crate::cli::{ByArg, CaseArg, CorpusArgs, KeynessArgs, KwicArgs, KwicFormatArg, TermsArgs};
use crate::corpus::{self, Source};
use crate::output::{self, Format, Sink};
use crate::terms::{self, GroupBy, KwicLine, TermTable, TermsOptions};

use super::stats::{inputs_or_corpus, output_format};

/// Finds the documents of the inputs, warning of problems; fails on none.
fn sources(inputs: &[PathBuf], args: &CorpusArgs) -> Result<Vec<Source>> {
    Ok(super::discover_corpus(inputs, args)?.0)
}

fn count(sources: &[Source], opts: &TermsOptions, args: &CorpusArgs) -> Result<TermTable> {
    let table = terms::count_terms(sources, opts);
    for p in &table.problems {
        args.warn(p);
    }
    Ok(table)
}

/// The terms table as a frame: `[group,] term, n, count, doc_count,
/// per_million, idf, tf_idf`.
pub(crate) fn terms_frame(
    rows: &[terms::TermRow],
    n: usize,
    group: Option<&str>,
) -> PolarsResult<DataFrame> {
    let round = crate::frame::round_decimals;
    let mut cols: Vec<Column> = Vec::new();
    if let Some(name) = group {
        cols.push(
            Series::new(
                name.into(),
                rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
            )
            .into(),
        );
    }
    cols.extend([
        Series::new(
            "term".into(),
            rows.iter().map(|r| r.term.as_str()).collect::<Vec<_>>(),
        )
        .into(),
        Series::new("n".into(), vec![n as u64; rows.len()]).into(),
        Series::new(
            "count".into(),
            rows.iter().map(|r| r.count).collect::<Vec<_>>(),
        )
        .into(),
        Series::new(
            "doc_count".into(),
            rows.iter().map(|r| r.doc_count).collect::<Vec<_>>(),
        )
        .into(),
        Series::new(
            "per_million".into(),
            rows.iter()
                .map(|r| round(r.per_million))
                .collect::<Vec<_>>(),
        )
        .into(),
        Series::new(
            "idf".into(),
            rows.iter().map(|r| round(r.idf)).collect::<Vec<_>>(),
        )
        .into(),
        Series::new(
            "tf_idf".into(),
            rows.iter().map(|r| round(r.tf_idf)).collect::<Vec<_>>(),
        )
        .into(),
    ]);
    DataFrame::new(rows.len(), cols)
}

/// Runs `folio terms`.
pub fn run_terms(args: &TermsArgs) -> Result<()> {
    let format = output_format(args.format, args.output.as_deref())?;
    let inputs = inputs_or_corpus(&args.paths)?;
    let stopwords = match args.stopwords.as_str() {
        "none" => None,
        code if crate::lang::stopword_bit(code).is_some() => Some(code.to_string()),
        code => anyhow::bail!("--stopwords {code}: no stopword list for this language (use an ISO 639-1 code such as en, de, fr, or none)"),
    };
    let opts = TermsOptions {
        ngram: args.ngram as usize,
        lowercase: args.case == CaseArg::Lower,
        stopwords,
        by: match args.by {
            None => GroupBy::Corpus,
            Some(ByArg::Release) => GroupBy::Release,
            Some(ByArg::Doc) => GroupBy::Doc,
        },
        boilerplate: args.corpus.analyze_options().boilerplate,
        fields: args.corpus.fields(),
    };
    let sources = sources(&inputs, &args.corpus)?;
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(&inputs, sources.iter()),
    )?;
    let table = count(&sources, &opts, &args.corpus)?;
    let rows = terms::term_rows(&table, args.min_count, args.top);
    let group = match args.by {
        None => None,
        Some(ByArg::Release) => Some("release"),
        Some(ByArg::Doc) => Some("doc_id"),
    };
    let mut df = terms_frame(&rows, opts.ngram, group)?;
    output::write_table_to(&mut df, format, &sink)?;
    Ok(())
}

/// Unigram counts of one corpus, with its total.
fn corpus_counts(
    path: &Path,
    args: &CorpusArgs,
) -> Result<(rustc_hash::FxHashMap<String, terms::TermCount>, u64)> {
    let opts = TermsOptions {
        ngram: 1,
        lowercase: true,
        stopwords: None,
        by: GroupBy::Corpus,
        boilerplate: args.analyze_options().boilerplate,
        fields: args.fields(),
    };
    let series = if path.is_dir() {
        args.flat()?
    } else {
        args.series()?
    };
    let found = corpus::discover(std::slice::from_ref(&path.to_path_buf()), series);
    for p in &found.problems {
        args.warn(p);
    }
    if found.sources.is_empty() {
        anyhow::bail!(
            "{}: no documents found (folio reads .txt, .md, .html, .jsonl, .csv)",
            path.display()
        );
    }
    let mut table = count(&found.sources, &opts, args)?;
    let total = table.totals.get("").map_or(0, |t| t.1);
    Ok((table.groups.remove("").unwrap_or_default(), total))
}

/// The keyness table as a frame.
pub(crate) fn keyness_frame(rows: &[terms::KeynessRow]) -> PolarsResult<DataFrame> {
    let round = crate::frame::round_decimals;
    let f = |name: &str, g: fn(&terms::KeynessRow) -> f64, r: bool| -> Column {
        Series::new(
            name.into(),
            rows.iter()
                .map(|x| if r { round(g(x)) } else { g(x) })
                .collect::<Vec<_>>(),
        )
        .into()
    };
    let cols: Vec<Column> = vec![
        Series::new(
            "term".into(),
            rows.iter().map(|r| r.term.as_str()).collect::<Vec<_>>(),
        )
        .into(),
        Series::new(
            "count_target".into(),
            rows.iter().map(|r| r.count_target).collect::<Vec<_>>(),
        )
        .into(),
        Series::new(
            "count_reference".into(),
            rows.iter().map(|r| r.count_reference).collect::<Vec<_>>(),
        )
        .into(),
        f("per_million_target", |r| r.per_million_target, true),
        f("per_million_reference", |r| r.per_million_reference, true),
        f("log_likelihood", |r| r.log_likelihood, true),
        f("p_value", |r| r.p_value, false),
        f("log_ratio", |r| r.log_ratio, true),
        f("percent_diff", |r| r.percent_diff, true),
        Series::new(
            "direction".into(),
            rows.iter()
                .map(|r| {
                    if r.log_likelihood < 0.0 {
                        "reference"
                    } else {
                        "target"
                    }
                })
                .collect::<Vec<_>>(),
        )
        .into(),
    ];
    DataFrame::new(rows.len(), cols)
}

/// Runs `folio keyness`.
pub fn run_keyness(args: &KeynessArgs) -> Result<()> {
    let format = output_format(args.format, args.output.as_deref())?;
    let named = [args.target.clone(), args.reference.clone()];
    let found = corpus::discover(&named, args.corpus.flat()?);
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(&named, found.sources.iter()),
    )?;
    let (target, c) = corpus_counts(&args.target, &args.corpus)?;
    let (reference, d) = corpus_counts(&args.reference, &args.corpus)?;
    let rows = terms::keyness(&target, c, &reference, d);
    let mut df = keyness_frame(&rows)?;
    output::write_table_to(&mut df, format, &sink)?;
    Ok(())
}

/// Runs `folio kwic`.
pub fn run_kwic(args: &KwicArgs) -> Result<()> {
    let matcher: Box<dyn Fn(&str) -> bool + Sync> = if args.regex {
        let re = regex::RegexBuilder::new(&format!("^(?:{})$", args.pattern))
            .case_insensitive(!args.case_sensitive)
            .build()
            .with_context(|| format!("{}: not a valid regular expression", args.pattern))?;
        Box::new(move |w: &str| re.is_match(w))
    } else if args.case_sensitive {
        let p = args.pattern.clone();
        Box::new(move |w: &str| w == p)
    } else {
        let p = args.pattern.to_lowercase();
        Box::new(move |w: &str| w.to_lowercase() == p)
    };
    let sources = sources(std::slice::from_ref(&args.corpus_path), &args.corpus)?;
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of([&args.corpus_path], sources.iter()),
    )?;
    let lines = super::map_stripped(&sources, &args.corpus, |doc, text| {
        terms::kwic(&doc.id, text, &*matcher, args.window as usize)
    });
    match args.format {
        KwicFormatArg::Csv => {
            let mut df = DataFrame::new(
                lines.len(),
                vec![
                    Series::new(
                        "doc_id".into(),
                        lines.iter().map(|l| l.doc_id.as_str()).collect::<Vec<_>>(),
                    )
                    .into(),
                    Series::new(
                        "sentence_index".into(),
                        lines
                            .iter()
                            .map(|l| l.sentence_index as u64)
                            .collect::<Vec<_>>(),
                    )
                    .into(),
                    Series::new(
                        "left".into(),
                        lines.iter().map(|l| l.left.as_str()).collect::<Vec<_>>(),
                    )
                    .into(),
                    Series::new(
                        "match".into(),
                        lines.iter().map(|l| l.matched.as_str()).collect::<Vec<_>>(),
                    )
                    .into(),
                    Series::new(
                        "right".into(),
                        lines.iter().map(|l| l.right.as_str()).collect::<Vec<_>>(),
                    )
                    .into(),
                ],
            )?;
            output::write_table_to(&mut df, Format::Csv, &sink)?;
        }
        KwicFormatArg::Text => {
            let text = concordance(&lines);
            output::write_to(&sink, |w| Ok(w.write_all(text.as_bytes())?))?;
        }
    }
    Ok(())
}

/// Aligned concordance lines: `doc_id:sentence  left  match  right`, the
/// matches in one column (AntConc style).
fn concordance(lines: &[KwicLine]) -> String {
    let width = |s: &str| s.chars().count();
    let ref_w = lines
        .iter()
        .map(|l| width(&l.doc_id) + 1 + l.sentence_index.to_string().len())
        .max()
        .unwrap_or(0);
    let left_w = lines.iter().map(|l| width(&l.left)).max().unwrap_or(0);
    let match_w = lines.iter().map(|l| width(&l.matched)).max().unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        let r = format!("{}:{}", l.doc_id, l.sentence_index);
        let line = format!(
            "{r:<ref_w$}  {:>left_w$}  {:<match_w$}  {}",
            l.left,
            l.matched,
            l.right,
            left_w = left_w + l.left.len() - width(&l.left),
            match_w = match_w + l.matched.len() - width(&l.matched),
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
