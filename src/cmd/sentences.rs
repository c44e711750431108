//! `folio sentences`: each sentence on a line of its own, as folio splits
//! it — to see, and report, how every per-sentence statistic and diff
//! reads a text.

use std::fmt::Write as _;

use anyhow::Result;

use crate::cli::{SentencesArgs, SentencesFormatArg};
use crate::output::{self, Format, Sink};
use crate::table::{col, Table, Type, Value};
use crate::tokenize::{self, Rules};

/// The sentences table of `folio sentences --format csv`.
pub(crate) fn sentences_table() -> Table<'static, Row> {
    Table {
        name: "sentences",
        about: "One row per sentence, as folio splits text: `folio sentences --format csv`, in document order.",
        columns: vec![
            col("doc_id", Type::Str, "", "The document.", |r: &Row| Value::str(&r.doc_id)),
            col("paragraph", Type::Int, "paragraph", "1-based paragraph of the sentence in its document (the title is paragraph 1).", |r: &Row| Value::count(r.paragraph)),
            col("sentence", Type::Int, "sentence", "1-based number of the sentence in its document.", |r: &Row| Value::count(r.sentence)),
            col("text", Type::Str, "", "The sentence, whitespace runs (line breaks of wrapped text) made one space.", |r: &Row| Value::str(&r.text)),
        ],
    }
}

/// One sentence of a document.
pub(crate) struct Row {
    doc_id: String,
    paragraph: u64,
    sentence: u64,
    text: String,
}

/// Runs `folio sentences`.
pub fn run(args: &SentencesArgs) -> Result<()> {
    let (sources, _, _) = super::discover_corpus(&args.paths, &args.corpus)?;
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(&args.paths, sources.iter()),
    )?;
    let rows = super::map_stripped(&sources, &args.corpus, |doc, text| rows_of(&doc.id, text));
    match args.format {
        SentencesFormatArg::Csv => {
            let mut df = sentences_table().frame(&rows)?;
            output::write_table_to(&mut df, Format::Csv, &sink)?;
        }
        SentencesFormatArg::Text => {
            let several = sources.len() > 1 || rows.windows(2).any(|w| w[0].doc_id != w[1].doc_id);
            let mut out = String::new();
            let mut last: Option<&str> = None;
            for r in &rows {
                if several && last != Some(r.doc_id.as_str()) {
                    if last.is_some() {
                        out.push('\n');
                    }
                    let _ = writeln!(out, "# {}", r.doc_id);
                    last = Some(&r.doc_id);
                }
                let _ = writeln!(out, "{}", r.text);
            }
            output::write_to(&sink, |w| Ok(w.write_all(out.as_bytes())?))?;
        }
    }
    Ok(())
}

/// The sentences of a text, numbered from 1 in the document, with the
/// number of their paragraph; whitespace runs (line breaks of wrapped
/// text) become one space.
fn rows_of(doc_id: &str, text: &str) -> Vec<Row> {
    let t = tokenize::tokenize(text, Rules::default());
    let mut paragraph = 0;
    t.sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            while paragraph < t.paragraphs.len() && t.paragraphs[paragraph].span.end < s.span.end {
                paragraph += 1;
            }
            Row {
                doc_id: doc_id.to_string(),
                paragraph: paragraph as u64 + 1,
                sentence: i as u64 + 1,
                text: text[s.span.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_numbered_with_their_paragraphs() {
        let rows = rows_of("a", "Title\n\nOne sentence. Two\nwrapped.\n\nThree.\n");
        let got: Vec<(u64, u64, &str)> = rows
            .iter()
            .map(|r| (r.paragraph, r.sentence, r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, 1, "Title"),
                (2, 2, "One sentence."),
                (2, 3, "Two wrapped."),
                (3, 4, "Three.")
            ]
        );
    }
}
