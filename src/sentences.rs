//! Sentences as folio splits them: the `sentences` table (one row per
//! sentence, with its paragraph), as `folio sentences` writes it — to see,
//! and report, how every per-sentence statistic and diff reads a text.

use crate::table::{col, Table, Type, Value};
use crate::tokenize::{self, Rules};

/// The sentences table (`folio sentences --format csv`).
pub fn sentences_table() -> Table<'static, Row> {
    Table {
        name: "sentences",
        about: "One row per sentence, as folio splits text: `folio sentences --format csv`, in document order.",
        columns: vec![
            col("doc_id", Type::Str, "", "The document.", |r: &Row| Value::str(&r.doc_id)),
            col("release", Type::Str, "", "Its release (empty when the corpus is not a folder of releases).", |r: &Row| Value::str(&r.release)),
            col("path", Type::Str, "", "Its file as found, `/`-separated (documents sharing an id, `a.txt` and `a.md`, told apart).", |r: &Row| Value::str(&r.path)),
            col("paragraph", Type::Int, "paragraph", "1-based paragraph of the sentence in its document (the title is paragraph 1).", |r: &Row| Value::count(r.paragraph)),
            col("sentence", Type::Int, "sentence", "1-based number of the sentence in its document.", |r: &Row| Value::count(r.sentence)),
            col("text", Type::Str, "", "The sentence, whitespace runs (line breaks of wrapped text) made one space.", |r: &Row| Value::str(&r.text)),
            col("prose", Type::Bool, "", "Whether it is a sentence of prose, counted by readability: it ends with a sentence or clause mark (see `prose_sentences` in the stats table) and holds a word. A title, heading, table cell or list entry without such a mark is not, nor a Markdown heading, a label opening a block on a line of its own (`FIRST WITCH.`), an item's number alone (`* * 1.`, `b)`: inside an enumeration, part of the clause it numbers), or a data value closed by an estimate's note (`(2014 est.)`). Readability joins some rows: an enumeration's clauses are one sentence with the one that closes them, and a sentence opening in lower case takes in the fragments (rows not prose) of its lead-in; so `prose_sentences` and `prose_words` of the stats table are not the count and words of these rows where a text has either.", |r: &Row| Value::Bool(r.prose)),
        ],
    }
}

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The document.
    pub doc_id: String,
    /// Its release (empty when the corpus is not a folder of releases).
    pub release: String,
    /// Its file as found, `/`-separated (empty for a text of no file).
    pub path: String,
    /// 1-based paragraph of the sentence (the title is paragraph 1).
    pub paragraph: u64,
    /// 1-based number of the sentence in its document.
    pub sentence: u64,
    /// The sentence, whitespace runs made one space.
    pub text: String,
    /// Whether it is a sentence of prose ([`tokenize::ends_as_prose`],
    /// holding a word): readability counts it.
    pub prose: bool,
}

/// The sentences of document `doc`, its text (boilerplate removed) `text`:
/// [`rows_of`], with the document's release and path.
pub fn rows_of_document(doc: &crate::corpus::Document, text: &str) -> Vec<Row> {
    let mut rows = rows_of(&doc.id, text);
    for r in &mut rows {
        r.release.clone_from(&doc.release);
        r.path.clone_from(&doc.path);
    }
    rows
}

/// The sentences of a text, numbered from 1 in the document, with the
/// number of their paragraph; whitespace runs (line breaks of wrapped
/// text) become one space. Release and path are left empty.
pub fn rows_of(doc_id: &str, text: &str) -> Vec<Row> {
    let t = tokenize::tokenize(text, Rules::default());
    // Paragraphs are numbered as prose: a block of code's lines, each a
    // paragraph of its own, are not counted (as `folio stats` counts none).
    let mut number = Vec::with_capacity(t.paragraphs.len());
    let mut prose = 0u64;
    for p in &t.paragraphs {
        if !t.in_code(p.span.start) {
            prose += 1;
        }
        number.push(prose.max(1));
    }
    let mut paragraph = 0;
    t.sentences
        .iter()
        .filter(|s| !t.in_code(s.span.start))
        .enumerate()
        .map(|(i, s)| {
            while paragraph < t.paragraphs.len() && t.paragraphs[paragraph].span.end < s.span.end {
                paragraph += 1;
            }
            Row {
                doc_id: doc_id.to_string(),
                release: String::new(),
                path: String::new(),
                paragraph: number.get(paragraph).copied().unwrap_or(prose + 1),
                sentence: i as u64 + 1,
                text: text[s.span.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                prose: !s.words.is_empty()
                    && tokenize::sentence_prose(text, s.span.clone()).is_some(),
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
        // A block of code is no paragraph of the count.
        let rows = rows_of("a", "Title\n\n```\na\nb\nc\n```\n\nAfter this.\n");
        let got: Vec<(u64, u64, &str)> = rows
            .iter()
            .map(|r| (r.paragraph, r.sentence, r.text.as_str()))
            .collect();
        assert_eq!(got, [(1, 1, "Title"), (2, 2, "After this.")]);
        let prose: Vec<bool> = rows.iter().map(|r| r.prose).collect();
        assert_eq!(prose, [false, true]);
    }
}
