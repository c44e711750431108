//! The changes and edits tables of a comparison.

use super::*;

/// The numeric stats columns, whose deltas `changes.csv` carries.
pub(super) fn delta_columns() -> Vec<(&'static str, bool)> {
    use crate::frame::{Kind, STATS_COLUMNS};
    STATS_COLUMNS
        .iter()
        .filter(|c| matches!(c.kind, Kind::Count | Kind::Float))
        .map(|c| (c.name, c.kind == Kind::Count))
        .collect()
}

/// Extra leading columns of a changes table (the timeline's releases).
pub struct StepColumns<'a> {
    /// The older release of each row.
    pub from_release: &'a [&'a str],
    /// The newer release of each row.
    pub to_release: &'a [&'a str],
    /// Whether each row's step returns to an earlier version.
    pub revert: &'a [bool],
}

/// The changes table: one row per document or pair.
pub fn changes_frame(
    changes: &[&DocChange],
    step: Option<StepColumns<'_>>,
) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let n = changes.len();
    let str_col =
        |name: &str, v: Vec<Option<&str>>| -> Column { Series::new(name.into(), v).into() };
    let u64_col = |name: &str, v: Vec<u64>| -> Column { Series::new(name.into(), v).into() };
    let opt_u64 =
        |name: &str, v: Vec<Option<u64>>| -> Column { Series::new(name.into(), v).into() };
    let round = crate::frame::round_decimals;
    let mut cols: Vec<Column> = vec![str_col(
        "doc_id",
        changes.iter().map(|c| Some(c.doc_id.as_str())).collect(),
    )];
    if let Some(s) = &step {
        cols.push(str_col(
            "from_release",
            s.from_release.iter().map(|r| Some(*r)).collect(),
        ));
        cols.push(str_col(
            "to_release",
            s.to_release.iter().map(|r| Some(*r)).collect(),
        ));
        cols.push(crate::frame::date_column(
            "from_date",
            s.from_release.iter().map(|r| crate::series::iso_days(r)),
        )?);
        cols.push(crate::frame::date_column(
            "to_date",
            s.to_release.iter().map(|r| crate::series::iso_days(r)),
        )?);
    }
    cols.push(str_col(
        "old_doc_id",
        changes.iter().map(|c| c.old_doc_id.as_deref()).collect(),
    ));
    cols.push(str_col(
        "status",
        changes.iter().map(|c| Some(c.status.name())).collect(),
    ));
    // Fields kept from records (`--keep-fields`), as in the stats table.
    let kept = crate::frame::kept_columns(changes.iter().map(|c| c.kept.as_slice()))?;
    let kept_names: Vec<PlSmallStr> = kept.iter().map(|k| k.name().clone()).collect();
    cols.extend(kept);
    if let Some(s) = &step {
        cols.push(Series::new("revert".into(), s.revert.to_vec()).into());
    }
    cols.push(
        Series::new(
            "similarity".into(),
            changes
                .iter()
                .map(|c| c.similarity.map(round))
                .collect::<Vec<_>>(),
        )
        .into(),
    );
    cols.push(u64_col(
        "words_added",
        changes.iter().map(|c| c.words_added).collect(),
    ));
    cols.push(u64_col(
        "words_deleted",
        changes.iter().map(|c| c.words_deleted).collect(),
    ));
    cols.push(u64_col(
        "sentences_added",
        changes.iter().map(|c| c.sentences.added).collect(),
    ));
    cols.push(u64_col(
        "sentences_deleted",
        changes.iter().map(|c| c.sentences.deleted).collect(),
    ));
    cols.push(u64_col(
        "sentences_edited",
        changes.iter().map(|c| c.sentences.edited).collect(),
    ));
    cols.push(u64_col(
        "sentences_moved",
        changes.iter().map(|c| c.sentences.moved).collect(),
    ));
    cols.push(u64_col(
        "sentences_split",
        changes.iter().map(|c| c.sentences.split).collect(),
    ));
    cols.push(u64_col(
        "sentences_merged",
        changes.iter().map(|c| c.sentences.merged).collect(),
    ));
    cols.push(opt_u64(
        "old_words",
        changes.iter().map(|c| c.old_words).collect(),
    ));
    cols.push(opt_u64(
        "new_words",
        changes.iter().map(|c| c.new_words).collect(),
    ));
    cols.push(
        Series::new(
            "nonsignificant".into(),
            changes.iter().map(|c| c.nonsignificant).collect::<Vec<_>>(),
        )
        .into(),
    );
    cols.push(u64_col(
        "sections_changed",
        changes.iter().map(|c| c.sections_changed).collect(),
    ));
    cols.push(
        Series::new(
            "coarse".into(),
            changes.iter().map(|c| c.coarse).collect::<Vec<_>>(),
        )
        .into(),
    );
    for (name, count) in delta_columns() {
        let delta = |c: &&DocChange| {
            c.stats
                .iter()
                .find(|s| s.name == name)
                .and_then(|s| s.delta)
        };
        let column = format!("{name}_delta");
        let series = if count {
            // Counts change by whole numbers.
            Series::new(
                column.as_str().into(),
                changes
                    .iter()
                    .map(|c| delta(c).map(|d| d as i64))
                    .collect::<Vec<_>>(),
            )
        } else {
            Series::new(
                column.as_str().into(),
                changes
                    .iter()
                    .map(|c| delta(c).map(round))
                    .collect::<Vec<_>>(),
            )
        };
        cols.push(series.into());
    }
    for name in &kept_names {
        if cols.iter().filter(|c| c.name() == name).count() > 1 {
            polars_bail!(InvalidOperation: "--keep-fields: the field \"{name}\" has the name of a folio column; rename it in the data, or keep only other fields");
        }
    }
    DataFrame::new(n, cols)
}

/// The edits table: every sentence-level op of every changed document,
/// `doc_id` first, then the `folio diff` CSV columns.
pub fn edits_frame(
    changes: &[&DocChange],
) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    let docs: Vec<(&str, bool, &[diff::SentenceOp])> = changes
        .iter()
        .filter_map(|c| Some((c.doc_id.as_str(), c.coarse, c.diff.as_ref()?.ops.as_slice())))
        .collect();
    diff::to_frame_by_doc(&docs)
}
