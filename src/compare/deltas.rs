//! The statistic deltas of a comparison's row, held compactly: a
//! comparison keeps one row per document, so the size of a row is the
//! memory of a large comparison.

use crate::diff::StatDelta;
use crate::frame::{Column, Kind, STATS_COLUMNS};

/// The numeric columns of the stats table, in order: those a delta is
/// reported for.
pub(super) fn numeric_columns() -> impl Iterator<Item = &'static Column> {
    STATS_COLUMNS
        .iter()
        .filter(|c| matches!(c.kind, Kind::Count | Kind::Float))
}

/// Old and new values of every numeric stats column (see
/// [`crate::diff::StatDelta`]) of a pair of documents; empty for an added
/// or removed document. 16 bytes a column and a mask of the values
/// present, where a list of [`StatDelta`]s takes 64.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatDeltas {
    /// Old and new value of each numeric column, in order (0 when absent).
    values: Box<[[f64; 2]]>,
    /// Bit 2k: the old value of column k is present; bit 2k + 1: the new.
    present: u128,
}

impl StatDeltas {
    /// From the list a diff makes (every numeric column, in order).
    pub fn from_list(list: &[StatDelta]) -> StatDeltas {
        let mut present = 0u128;
        let values = numeric_columns()
            .zip(list)
            .enumerate()
            .map(|(k, (column, d))| {
                debug_assert_eq!(column.name, d.name, "deltas in column order");
                present |= u128::from(d.old.is_some()) << (2 * k);
                present |= u128::from(d.new.is_some()) << (2 * k + 1);
                [d.old.unwrap_or(0.0), d.new.unwrap_or(0.0)]
            })
            .collect();
        StatDeltas { values, present }
    }

    /// Whether it holds no column (an added or removed document).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The delta of each column, in order.
    pub fn iter(&self) -> impl Iterator<Item = StatDelta> + '_ {
        numeric_columns()
            .zip(self.values.iter())
            .enumerate()
            .map(|(k, (column, [old, new]))| {
                let old = (self.present >> (2 * k) & 1 == 1).then_some(*old);
                let new = (self.present >> (2 * k + 1) & 1 == 1).then_some(*new);
                StatDelta {
                    name: column.name,
                    old,
                    new,
                    delta: old.zip(new).map(|(a, b)| b - a),
                }
            })
    }

    /// The delta of the column `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<StatDelta> {
        self.iter().find(|d| d.name == name)
    }

    /// Every column's delta, as a list.
    pub fn to_vec(&self) -> Vec<StatDelta> {
        self.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_comes_back_as_it_went_in() {
        let n = numeric_columns().count();
        assert!(n <= 64, "the mask holds 64 columns");
        let list: Vec<StatDelta> = numeric_columns()
            .enumerate()
            .map(|(k, c)| {
                let old = (k % 3 != 0).then_some(k as f64 * 1.5 - 7.0);
                let new = (k % 4 != 1).then_some(-(k as f64) / 3.0);
                StatDelta {
                    name: c.name,
                    old,
                    new,
                    delta: old.zip(new).map(|(a, b)| b - a),
                }
            })
            .collect();
        let compact = StatDeltas::from_list(&list);
        assert_eq!(compact.to_vec(), list);
        assert_eq!(compact.get(list[5].name), Some(list[5].clone()));
        assert!(StatDeltas::default().is_empty());
        assert_eq!(StatDeltas::default().get("words"), None);
    }
}
