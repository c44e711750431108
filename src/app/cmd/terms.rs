//! `folio terms`, `folio keyness`, `folio kwic`: corpus-level tables.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::app::cli::{
    ByArg, CaseArg, CorpusArgs, KeynessArgs, KwicArgs, KwicFormatArg, KwicSortArg, LlArg, TermsArgs,
};
use folio::corpus::{self, Source};
use folio::output::{self, Format, Sink};
use folio::terms::{self, GroupBy, KwicLine, TermTable, TermsOptions};

use super::stats::{inputs_or_corpus, output_format};

/// Finds the documents of the inputs, warning of problems; fails on none.
fn sources(inputs: &[PathBuf], args: &CorpusArgs) -> Result<(Vec<Source>, String)> {
    let (sources, _, names) = super::discover_corpus(inputs, args)?;
    Ok((sources, names))
}

fn count(
    sources: &[Source],
    opts: &TermsOptions,
    args: &CorpusArgs,
    names: &str,
) -> Result<TermTable> {
    let table = terms::count_terms(sources, opts);
    super::refuse_exhaustion(&table.problems)?;
    args.warn_all(&table.problems);
    for w in &table.warnings {
        args.warn(w);
    }
    // Each document is in one group: their documents add up to those read.
    let read: u64 = table.totals.values().map(|t| t.0).sum();
    if read == 0 && !sources.is_empty() {
        anyhow::bail!("{names}: no document could be read");
    }
    Ok(table)
}

/// The language of `--stopwords` (`none`: no list).
fn stopword_list(code: &str) -> Result<Option<String>> {
    match code {
        "none" => Ok(None),
        code if folio::lang::stopword_bit(code).is_some() => Ok(Some(code.to_string())),
        code => anyhow::bail!("--stopwords {code}: no stopword list for this language (use an ISO 639-1 code such as en, de, fr, or none)"),
    }
}

/// Runs `folio terms`.
pub fn run_terms(args: &TermsArgs) -> Result<()> {
    let format = output_format(args.format, args.output.as_deref())?;
    let inputs = inputs_or_corpus(&args.paths)?;
    let stopwords = stopword_list(&args.stopwords)?;
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
    let (sources, names) = sources(&inputs, &args.corpus)?;
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(&inputs, sources.iter(), args.corpus.option_files()),
    )?;
    let table = count(&sources, &opts, &args.corpus, &names)?;
    let rows = terms::term_rows(&table, args.min_count, args.top);
    let mut df = terms::terms_frame(&rows, opts.ngram, opts.by)?;
    output::write_table_to(&mut df, format, &sink)?;
    Ok(())
}

/// The documents of one corpus of `folio keyness` (a folder is read flat).
fn keyness_sources(path: &Path, args: &CorpusArgs) -> Result<Vec<Source>> {
    let series = if path.is_dir() {
        args.flat()?
    } else {
        args.series()?
    };
    let found = corpus::discover(std::slice::from_ref(&path.to_path_buf()), series);
    args.warn_all(&found.problems);
    if found.sources.is_empty() {
        anyhow::bail!(
            "{}: no documents found (folio reads .txt, .md, .rst, .html, .jsonl, .csv, .parquet)",
            path.display()
        );
    }
    Ok(found.sources)
}

/// Runs `folio keyness`.
pub fn run_keyness(args: &KeynessArgs) -> Result<()> {
    let format = output_format(args.format, args.output.as_deref())?;
    // A stream is read once: as both corpora, the second read had found
    // it empty ("no words to compare").
    super::stdin_once([args.target.as_path(), args.reference.as_path()], false)?;
    let named = [args.target.clone(), args.reference.clone()];
    let found = corpus::discover(&named, args.corpus.flat()?);
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(&named, found.sources.iter(), args.corpus.option_files()),
    )?;
    let opts = TermsOptions {
        ngram: 1,
        lowercase: true,
        stopwords: stopword_list(&args.stopwords)?,
        by: GroupBy::Corpus,
        boilerplate: args.corpus.analyze_options().boilerplate,
        fields: args.corpus.fields(),
    };
    let target = keyness_sources(&args.target, &args.corpus)?;
    let reference = keyness_sources(&args.reference, &args.corpus)?;
    let kind = match args.ll {
        LlArg::TwoCell => terms::LogLikelihood::TwoCell,
        LlArg::FourCell => terms::LogLikelihood::FourCell,
    };
    let (rows, problems, words) =
        terms::keyness_of(&target, &reference, &opts, kind, args.min_count, args.top);
    super::refuse_exhaustion(&problems)?;
    args.corpus.warn_all(&problems);
    // An empty side (an empty file, a corpus all code) had given rows
    // computed as if it held one word.
    for (path, n) in [&args.target, &args.reference].into_iter().zip(words) {
        if n == 0 {
            anyhow::bail!(
                "{}: no words to compare (keyness needs words in both corpora)",
                folio::output::printable(&path.display().to_string())
            );
        }
    }
    let mut df = terms::keyness_table().frame(&rows)?;
    output::write_table_to(&mut df, format, &sink)?;
    Ok(())
}

/// Runs `folio kwic`; exit status 1 when nothing matches (grep's
/// convention), with a one-line message on stderr.
pub fn run_kwic(args: &KwicArgs) -> Result<u8> {
    let pattern = terms::KwicPattern::new(&args.pattern, args.regex, args.case_sensitive)
        .map_err(anyhow::Error::msg)?;
    if !args.corpus.quiet {
        for note in &pattern.notes {
            folio::say!("note: {}", folio::output::printable(note));
        }
    }
    let (sources, names) = sources(std::slice::from_ref(&args.corpus_path), &args.corpus)?;
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(
            [&args.corpus_path],
            sources.iter(),
            args.corpus.option_files(),
        ),
    )?;
    let (mut lines, read) = super::map_stripped(&sources, &args.corpus, &names, |doc, text| {
        terms::kwic(doc, text, &pattern, args.window as usize)
    })?;
    terms::sort_kwic(
        &mut lines,
        match args.sort {
            KwicSortArg::Doc => terms::KwicSort::Doc,
            KwicSortArg::Left => terms::KwicSort::Left,
            KwicSortArg::Right => terms::KwicSort::Right,
        },
    );
    // A table where -o names one (`kw.csv`, `kw.parquet`): the aligned
    // text in a `.csv` file had read as one garbled column.
    let format = super::format_by_extension(
        args.format,
        args.output.as_deref(),
        &[
            ("csv", KwicFormatArg::Csv),
            ("parquet", KwicFormatArg::Parquet),
        ],
        KwicFormatArg::Text,
    )?;
    match format {
        KwicFormatArg::Csv | KwicFormatArg::Parquet => {
            let mut df = terms::kwic_table().frame(&lines)?;
            let table = if format == KwicFormatArg::Csv {
                Format::Csv
            } else {
                Format::Parquet
            };
            output::write_table_to(&mut df, table, &sink)?;
        }
        KwicFormatArg::Text => {
            output::write_to(&sink, |w| Ok(concordance(&lines, w)?))?;
        }
    }
    if lines.is_empty() {
        folio::say!(
            "folio kwic: no match for {:?} in {}",
            args.pattern,
            super::counted(read, "document")
        );
        return Ok(super::DIFFERENCES);
    }
    Ok(super::SUCCESS)
}

/// Aligned concordance lines: `release/doc_id:sentence  left  match
/// right`, the matches in one column (AntConc style), aligned by display
/// width (wide CJK characters count two columns, combining marks none).
/// Sentences are numbered from 1, as `folio sentences`, the diff's text
/// and the HTML pages number them, and as the table's `sentence_index`
/// does.
fn concordance(lines: &[KwicLine], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let reference = |l: &KwicLine| {
        let n = l.sentence_index + 1;
        let r = if l.doc.release.is_empty() {
            format!("{}:{n}", l.doc.doc_id)
        } else {
            format!("{}/{}:{n}", l.doc.release, l.doc.doc_id)
        };
        output::printable(&r).into_owned()
    };
    // A document's escape sequences reach no terminal (and are measured
    // as they are shown).
    let shown = output::terminal_text;
    // The columns' widths first, then each line written as it is made:
    // no copy of every line is held (a copy of each had doubled what a
    // concordance of many matches took).
    let (mut ref_w, mut left_w, mut match_w) = (0, 0, 0);
    for l in lines {
        ref_w = ref_w.max(reference(l).width());
        left_w = left_w.max(shown(l.left()).width());
        match_w = match_w.max(shown(l.matched()).width());
    }
    let pad = |n: usize| " ".repeat(n);
    for l in lines {
        let (r, left, matched, right) = (
            reference(l),
            shown(l.left()),
            shown(l.matched()),
            shown(l.right()),
        );
        let line = format!(
            "{r}{}  {}{}  {}{}  {}",
            pad(ref_w - r.width()),
            pad(left_w - left.width()),
            left,
            matched,
            pad(match_w - matched.width()),
            right,
        );
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}
