//! `folio sentences`: each sentence on a line of its own, as folio splits
//! it — to see, and report, how every per-sentence statistic and diff
//! reads a text.

use std::fmt::Write as _;

use anyhow::Result;

use crate::app::cli::{SentencesArgs, SentencesFormatArg};
use folio::output::{self, Format, Sink};
use folio::sentences::{rows_of_document, sentences_table};

/// Runs `folio sentences`.
pub fn run(args: &SentencesArgs) -> Result<()> {
    let (sources, _, names) = super::discover_corpus(&args.paths, &args.corpus)?;
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(&args.paths, sources.iter(), args.corpus.option_files()),
    )?;
    let (rows, _) = super::map_stripped(&sources, &args.corpus, &names, rows_of_document)?;
    let format = super::format_by_extension(
        args.format,
        args.output.as_deref(),
        &[
            ("csv", SentencesFormatArg::Csv),
            ("parquet", SentencesFormatArg::Parquet),
        ],
        SentencesFormatArg::Text,
    )?;
    match format {
        SentencesFormatArg::Csv | SentencesFormatArg::Parquet => {
            let mut df = sentences_table().frame(&rows)?;
            let table = if format == SentencesFormatArg::Csv {
                Format::Csv
            } else {
                Format::Parquet
            };
            output::write_table_to(&mut df, table, &sink)?;
        }
        SentencesFormatArg::Text => {
            // A document is told by its file (documents may share an id).
            fn key(r: &folio::sentences::Row) -> (&str, &str) {
                (&r.release, &r.path)
            }
            let several = sources.len() > 1 || rows.windows(2).any(|w| key(&w[0]) != key(&w[1]));
            let mut out = String::new();
            let mut last: Option<(&str, &str)> = None;
            for r in &rows {
                if several && last != Some(key(r)) {
                    if last.is_some() {
                        out.push('\n');
                    }
                    // One line whatever the id holds (a file named with
                    // a line break).
                    let _ = writeln!(out, "# {}", output::printable(&r.doc_id));
                    last = Some(key(r));
                }
                // A document's escape sequences reach no terminal.
                let _ = writeln!(out, "{}", output::terminal_text(&r.text));
            }
            output::write_to(&sink, |w| Ok(w.write_all(out.as_bytes())?))?;
        }
    }
    Ok(())
}
