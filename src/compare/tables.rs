//! The changes, timeline and edits tables of a comparison.

use super::*;

use polars::prelude::{DataFrame, PolarsResult};

use crate::table::{col, Col, Table, Type, Value};

/// The numeric stats columns, whose deltas `changes.csv` carries.
pub(super) fn delta_columns() -> Vec<(&'static str, bool)> {
    super::deltas::numeric_columns()
        .map(|c| (c.name, c.kind == crate::frame::Kind::Count))
        .collect()
}

/// The columns of a change from `status` on: the status, then (after any
/// kept fields and the timeline's `revert`) the counts and statistic
/// deltas.
fn change_columns<'r, R: 'r>(
    part: for<'a> fn(&'a R) -> &'a DocChange,
) -> (Vec<Col<'r, R>>, Vec<Col<'r, R>>) {
    let head = vec![
        col(
            "old_doc_id",
            Type::OptStr,
            "",
            "Its id in the old release: the same as `doc_id` unless renamed; null for added.",
            move |r: &R| {
                let c = part(r);
                Value::opt_str(c.old_doc_id.as_deref())
            },
        ),
        col(
            "path",
            Type::Str,
            "",
            "The new version's file, as the stats table's `path` (the old one's if removed): documents sharing an id (`a.txt`, `a.md`) are told apart by it.",
            move |r: &R| {
                let c = part(r);
                Value::str(c.path())
            },
        ),
        col(
            "old_path",
            Type::OptStr,
            "",
            "The old version's file; null for added.",
            move |r: &R| {
                let c = part(r);
                Value::opt_str(c.old_path.as_deref())
            },
        ),
        col(
            "status",
            Type::Str,
            "",
            "`unchanged`, `modified`, `added`, `removed`, `renamed`, or `unreadable`: in both releases, its file in one of them not read (binary, over the size cap, unreadable; see errors), so neither removed nor added, and no change known.",
            move |r: &R| {
                let c = part(r);
                Value::str(c.status.name())
            },
        ),
    ];
    let mut tail = vec![
        col("similarity", Type::Float, "0–1", "Word similarity of the two versions (1 − words changed / words of both, as the diff counts them, of prose and code); 1 for identical words; null for added and removed.", move |r: &R| {
            let c = part(r);
            Value::Float(c.similarity)
        }),
        col("words_added", Type::Int, "words", "Words of prose added, as the diff counts them (the words of code lines are in `code_words_added`); all of an added document's: `words_added` − `words_deleted` is `words_delta` when the options ignore nothing.", move |r: &R| {
            let c = part(r);
            Value::count(c.words_added)
        }),
        col("words_deleted", Type::Int, "words", "Words of prose deleted, as the diff counts them (code lines' in `code_words_deleted`); all of a removed document's.", move |r: &R| {
            let c = part(r);
            Value::count(c.words_deleted)
        }),
        col("sentences_added", Type::Int, "sentences", "Sentences of prose added, as the diff counts them: sentences holding a word, and lines without words that point elsewhere (a table of contents' entry, a link's definition); other wordless ones, as a table's `|`, are non-significant and not counted, though the `edits` table has their rows; lines of code are counted in `code_lines_added`); all of an added document's.", move |r: &R| {
            let c = part(r);
            Value::count(c.sentences.added)
        }),
        col("sentences_deleted", Type::Int, "sentences", "Sentences deleted, counted as `sentences_added`; all of a removed document's.", move |r: &R| {
            let c = part(r);
            Value::count(c.sentences.deleted)
        }),
        col("sentences_edited", Type::Int, "sentences", "Sentences edited in place.", move |r: &R| {
            let c = part(r);
            Value::count(c.sentences.edited)
        }),
        col("sentences_moved", Type::Int, "sentences", "Sentences moved (and maybe edited); a wordless line moved, as a code fence, is non-significant and not counted.", move |r: &R| {
            let c = part(r);
            Value::count(c.sentences.moved)
        }),
        col("sentences_split", Type::Int, "ops", "Sentences split into several.", move |r: &R| {
            let c = part(r);
            Value::count(c.sentences.split)
        }),
        col("sentences_merged", Type::Int, "ops", "Groups of sentences merged into one.", move |r: &R| {
            let c = part(r);
            Value::count(c.sentences.merged)
        }),
        col("code_lines_added", Type::Int, "lines", "Lines of code added (of a fenced block, a block indented under `::` or a code directive, a `<pre>`; lines holding a word), as the diff counts them; all of an added document's. Code is no prose: its lines are in no `sentences_*` column, its words in no `words_*` one.", move |r: &R| {
            let c = part(r);
            Value::count(c.code.lines.added)
        }),
        col("code_lines_deleted", Type::Int, "lines", "Lines of code deleted; all of a removed document's.", move |r: &R| {
            let c = part(r);
            Value::count(c.code.lines.deleted)
        }),
        col("code_lines_changed", Type::Int, "lines", "Lines of code edited, moved, split or merged.", move |r: &R| {
            let c = part(r);
            Value::count(c.code.lines.reworked())
        }),
        col("code_words_added", Type::Int, "words", "Words of lines of code added, as the diff counts them; all of an added document's.", move |r: &R| {
            let c = part(r);
            Value::count(c.code.words_added)
        }),
        col("code_words_deleted", Type::Int, "words", "Words of lines of code deleted; all of a removed document's.", move |r: &R| {
            let c = part(r);
            Value::count(c.code.words_deleted)
        }),
        col("old_words", Type::OptInt, "words", "Words of the old version as compared, counted as the stats table counts them (code not counted): new − old is `words_delta`. It differs from `stats.csv` only where a line removed as repeated in one release was removed from the pair's other version too (see Status); null for added.", move |r: &R| {
            let c = part(r);
            Value::opt_count(c.old_words)
        }),
        col("new_words", Type::OptInt, "words", "Words of the new version as compared, counted as the stats table counts them (code not counted); null for removed.", move |r: &R| {
            let c = part(r);
            Value::opt_count(c.new_words)
        }),
        col("nonsignificant", Type::Bool, "", "True when the texts differ, but not significantly: only in whitespace, line wrapping, quote styles, the markup opening a line (a list marker, an item's number `3.` → `4.`, a heading's level), emphasis or code delimiters (`*…*` → `_…_`, ``` ``x`` ``` → `` `x` ``), a Markdown escape's backslash, a heading's underline, words without letters, less than `--min-change`, or in lines removed as boilerplate (`boilerplate_lines_delta` says how many: a line added to several documents of a release, as a correction note can be, is removed from them as repeated chrome under `--boilerplate auto`). Such a row (status `unchanged`) still counts what differs — a change under `--min-change` has its words — and `documents.csv` leaves it out of its totals.", move |r: &R| {
            let c = part(r);
            Value::Bool(c.nonsignificant)
        }),
        col("sections_changed", Type::Int, "sections", "Sections (distinct headings, and the text before the first heading) holding a change.", move |r: &R| {
            let c = part(r);
            Value::count(c.sections_changed)
        }),
        col("coarse", Type::Bool, "", "True when the document's diff reached the work bound (`--max-work`).", move |r: &R| {
            let c = part(r);
            Value::Bool(c.coarse)
        }),
    ];
    for (name, count) in delta_columns() {
        let delta = move |c: &DocChange| -> Option<f64> { c.stats.get(name).and_then(|s| s.delta) };
        let meaning =
            format!("New − old `{name}` (the stats table's column), of the whole documents also with `--section`; null for added, removed and unreadable.");
        tail.push(if count {
            // Counts change by whole numbers.
            col(
                format!("{name}_delta"),
                Type::OptInt,
                "",
                meaning,
                move |r: &R| Value::Int(delta(part(r)).map(|d| d as i64)),
            )
        } else {
            col(
                format!("{name}_delta"),
                Type::Float,
                "",
                meaning,
                move |r: &R| Value::Float(delta(part(r))),
            )
        });
    }
    (head, tail)
}

/// The changes table of a comparison.
pub fn changes_table() -> Table<'static, DocChange> {
    fn itself(c: &DocChange) -> &DocChange {
        c
    }
    let (head, tail) = change_columns(itself);
    let mut columns = vec![col(
        "doc_id",
        Type::Str,
        "",
        "The document's id in the new release (in the old one if removed).",
        |c: &DocChange| Value::str(&c.doc_id),
    )];
    columns.extend(head);
    columns.extend(tail);
    Table {
        name: "changes",
        about: "One row per document of two releases, or pair of old and new versions: `changes.csv`/`changes.parquet` of `folio compare` and of each `compare/<from>..<to>/` of a report, sorted by `doc_id`. Fields kept from records with `--keep-fields` follow `status`.",
        columns,
    }
}

/// One row of the timeline: a change in one step of a series.
pub struct TimelineRow<'r> {
    /// The change.
    pub change: &'r DocChange,
    /// The document's key in the documents table of the history.
    pub key: &'r str,
    /// The older release.
    pub from: &'r str,
    /// The newer release.
    pub to: &'r str,
    /// Whether the step returns to an earlier version.
    pub revert: bool,
}

/// The timeline table of a history.
pub fn timeline_table<'r>() -> Table<'r, TimelineRow<'r>> {
    fn change<'a>(r: &'a TimelineRow<'_>) -> &'a DocChange {
        r.change
    }
    let (head, tail) = change_columns(change);
    let mut columns: Vec<Col<'r, TimelineRow<'r>>> = vec![
        col("doc_id", Type::Str, "", "The document's id in the newer release (in the older one if removed).", |r: &TimelineRow<'_>| Value::str(&r.change.doc_id)),
        col("key", Type::Str, "", "The document's `key` in `documents.csv`: the same in every step of one document, across renames, and told apart where documents share an id (`a`, `a#2`).", |r: &TimelineRow<'_>| Value::str(r.key)),
        col("from_release", Type::Str, "", "The older release of the step.", |r: &TimelineRow<'_>| Value::str(r.from)),
        col("to_release", Type::Str, "", "The newer release of the step.", |r: &TimelineRow<'_>| Value::str(r.to)),
        col("from_date", Type::Date, "", "The date `from_release` names (when it is, or starts with, an ISO date `YYYY-MM-DD`); null otherwise.", |r: &TimelineRow<'_>| Value::Date(crate::series::iso_days(r.from))),
        col("to_date", Type::Date, "", "The date `to_release` names; null otherwise.", |r: &TimelineRow<'_>| Value::Date(crate::series::iso_days(r.to))),
    ];
    columns.extend(head);
    columns.push(col("revert", Type::Bool, "", "True when the step returns the document to a text it had before (not the one just before).", |r: &TimelineRow<'_>| Value::Bool(r.revert)));
    columns.extend(tail);
    Table {
        name: "timeline",
        about: "One row per document per step (consecutive pair of releases) of a series: `timeline.csv`/`timeline.parquet` of `folio history` and of a report; the `changes` columns with the step's releases and dates, and `revert`. Fields kept with `--keep-fields` follow `status`.",
        columns,
    }
}

/// The changes table: one row per document or pair (see [`changes_table`]).
pub fn changes_frame(changes: &[&DocChange]) -> PolarsResult<DataFrame> {
    let df = changes_table().frame_of(changes)?;
    let kept = changes.iter().map(|c| c.kept.as_slice());
    crate::frame::insert_kept(df, "status", kept, crate::frame::Kept::Typed)
}

/// The changes table of one shard's rows (`--shard K/N`): fields kept
/// from records are text, so that all parts have the same types (see
/// [`crate::frame::to_shard_frame`]), one column for each of `fields`,
/// the kept fields of the whole comparison
/// ([`super::Comparison::kept_fields`]).
pub fn changes_shard_frame(changes: &[&DocChange], fields: &[String]) -> PolarsResult<DataFrame> {
    let df = changes_table().frame_of(changes)?;
    let kept = changes.iter().map(|c| c.kept.as_slice());
    crate::frame::insert_kept(df, "status", kept, crate::frame::Kept::Text(fields))
}

/// The timeline table (see [`timeline_table`]).
pub fn timeline_frame(rows: &[TimelineRow<'_>]) -> PolarsResult<DataFrame> {
    let df = timeline_table().frame(rows)?;
    let kept = rows.iter().map(|r| r.change.kept.as_slice());
    crate::frame::insert_kept(df, "status", kept, crate::frame::Kept::Typed)
}

/// The edits table: every sentence-level op of every changed document
/// (see [`crate::diff::edits_table`]).
pub fn edits_frame(changes: &[&DocChange]) -> PolarsResult<DataFrame> {
    let docs: Vec<(&str, &str, bool, &[diff::SentenceOp])> = changes
        .iter()
        .filter_map(|c| {
            Some((
                c.doc_id.as_str(),
                c.path(),
                c.coarse,
                c.diff.as_ref()?.ops.as_slice(),
            ))
        })
        .collect();
    diff::to_frame_by_doc(&docs)
}
