//! Every table folio writes, declared once: its name, what a row is, and
//! its columns — each with a type, a unit, a meaning and the function that
//! reads it off a row. One builder makes the polars DataFrame of any table,
//! so a type is written alike everywhere (counts `Int64`, ratios `Float64`
//! rounded to [`crate::frame::DECIMALS`] places, flags `Boolean`, dates
//! `Date`, text `String`); one writer per format writes any of them
//! ([`crate::output`]); and one function makes any table's data dictionary
//! (`folio schema`, the README's "Data dictionary", checked by a test).

use std::borrow::Cow;

use polars::prelude::*;
use rayon::prelude::*;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Text, never null.
    Str,
    /// Text, null when absent.
    OptStr,
    /// A signed 64-bit integer (counts, indices, deltas), never null.
    Int,
    /// A signed 64-bit integer, null when absent.
    OptInt,
    /// A floating-point number rounded to 4 places, null when undefined.
    Float,
    /// A floating-point number as computed (p-values), null when undefined.
    Exact,
    /// A flag.
    Bool,
    /// A calendar date, null when absent.
    Date,
}

impl Type {
    /// The type's name in the data dictionary.
    pub fn name(self) -> &'static str {
        match self {
            Type::Str => "string",
            Type::OptStr => "string (nullable)",
            Type::Int => "int64",
            Type::OptInt => "int64 (nullable)",
            Type::Float => "float64 (nullable)",
            Type::Exact => "float64 (nullable, not rounded)",
            Type::Bool => "bool",
            Type::Date => "date (nullable)",
        }
    }
}

/// A cell, read off a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Text.
    Str(Option<Cow<'a, str>>),
    /// An integer.
    Int(Option<i64>),
    /// A number (rounded when the table is built).
    Float(Option<f64>),
    /// A flag.
    Bool(bool),
    /// A date, as days since 1970-01-01.
    Date(Option<i32>),
}

impl<'a> Value<'a> {
    /// Text borrowed from the row.
    pub fn str(s: &'a str) -> Value<'a> {
        Value::Str(Some(Cow::Borrowed(s)))
    }

    /// Text borrowed from the row, or null.
    pub(crate) fn opt_str(s: Option<&'a str>) -> Value<'a> {
        Value::Str(s.map(Cow::Borrowed))
    }

    /// Text made for the cell.
    pub(crate) fn owned(s: String) -> Value<'a> {
        Value::Str(Some(Cow::Owned(s)))
    }

    /// A count.
    pub fn count(n: u64) -> Value<'a> {
        Value::Int(Some(i64::try_from(n).unwrap_or(i64::MAX)))
    }

    /// A count, or null.
    pub(crate) fn opt_count(n: Option<u64>) -> Value<'a> {
        Value::Int(n.map(|n| i64::try_from(n).unwrap_or(i64::MAX)))
    }

    /// An index or position, or null.
    pub(crate) fn opt_index(n: Option<usize>) -> Value<'a> {
        Value::Int(n.map(|n| i64::try_from(n).unwrap_or(i64::MAX)))
    }
}

/// Reads a cell off a row (rows may borrow data living for `'r`).
type Getter<'r, R> = Box<dyn for<'a> Fn(&'a R) -> Value<'a> + Send + Sync + 'r>;

/// One column of a table.
pub struct Col<'r, R> {
    /// snake_case name.
    pub name: Cow<'static, str>,
    /// Type.
    pub ty: Type,
    /// Unit or range (may be empty).
    pub unit: &'static str,
    /// What it means, and how it is computed.
    pub meaning: Cow<'static, str>,
    get: Getter<'r, R>,
}

/// A column: `name`, of type `ty`, in `unit`, meaning `meaning`, read off a
/// row by `get`.
pub fn col<'r, R>(
    name: impl Into<Cow<'static, str>>,
    ty: Type,
    unit: &'static str,
    meaning: impl Into<Cow<'static, str>>,
    get: impl for<'a> Fn(&'a R) -> Value<'a> + Send + Sync + 'r,
) -> Col<'r, R> {
    Col {
        name: name.into(),
        ty,
        unit,
        meaning: meaning.into(),
        get: Box::new(get),
    }
}

impl<R: Sync> Col<'_, R> {
    /// The column's values for `rows`. Text columns, the bulk of the large
    /// tables, are read in parallel (in order).
    fn build(&self, rows: &[&R]) -> PolarsResult<Column> {
        let name = PlSmallStr::from(self.name.as_ref());
        let column: Column = match self.ty {
            Type::Str | Type::OptStr => {
                let v: Vec<Option<Cow<'_, str>>> = rows
                    .par_iter()
                    .map(|r| match (self.get)(r) {
                        Value::Str(s) => s,
                        _ => None,
                    })
                    .collect();
                Series::new(name, v.iter().map(|s| s.as_deref()).collect::<Vec<_>>()).into()
            }
            Type::Int | Type::OptInt => {
                let v: Vec<Option<i64>> = rows
                    .iter()
                    .map(|r| match (self.get)(r) {
                        Value::Int(n) => n,
                        _ => None,
                    })
                    .collect();
                Series::new(name, v).into()
            }
            Type::Float | Type::Exact => {
                let round = self.ty == Type::Float;
                let v: Vec<Option<f64>> = rows
                    .iter()
                    .map(|r| match (self.get)(r) {
                        Value::Float(x) => x.filter(|x| x.is_finite()).map(|x| {
                            if round {
                                crate::frame::round_decimals(x)
                            } else {
                                x
                            }
                        }),
                        _ => None,
                    })
                    .collect();
                Series::new(name, v).into()
            }
            Type::Bool => {
                let v: Vec<bool> = rows
                    .iter()
                    .map(|r| matches!((self.get)(r), Value::Bool(true)))
                    .collect();
                Series::new(name, v).into()
            }
            Type::Date => {
                let v: Vec<Option<i32>> = rows
                    .iter()
                    .map(|r| match (self.get)(r) {
                        Value::Date(d) => d,
                        _ => None,
                    })
                    .collect();
                Series::new(name, v).cast(&DataType::Date)?.into()
            }
        };
        Ok(column)
    }
}

/// A table: its name (as in `folio schema NAME`), what one row is, and its
/// columns in order.
pub struct Table<'r, R> {
    /// The table's name.
    pub name: &'static str,
    /// What one row is, and where the table is written.
    pub about: &'static str,
    /// The columns, in order.
    pub columns: Vec<Col<'r, R>>,
}

impl<R: Sync> Table<'_, R> {
    /// The table of `rows`, in the order given; an empty table keeps its
    /// columns and their types.
    pub fn frame(&self, rows: &[R]) -> PolarsResult<DataFrame> {
        self.frame_of(&rows.iter().collect::<Vec<_>>())
    }

    /// [`Table::frame`] of rows held elsewhere.
    pub(crate) fn frame_of(&self, rows: &[&R]) -> PolarsResult<DataFrame> {
        let columns = self
            .columns
            .iter()
            .map(|c| c.build(rows))
            .collect::<PolarsResult<Vec<_>>>()?;
        DataFrame::new(rows.len(), columns)
    }
}

impl<R> Table<'_, R> {
    /// The table's data dictionary: a `### name` heading, what a row is,
    /// and a Markdown table of its columns.
    pub fn dictionary(&self) -> String {
        let mut out = format!(
            "### `{}`\n\n{}\n\n| column | type | unit | meaning |\n|---|---|---|---|\n",
            self.name, self.about
        );
        for c in &self.columns {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                c.ty.name(),
                c.unit,
                c.meaning.replace('|', "\\|")
            ));
        }
        out
    }

    /// The names of its columns, in order.
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_ref()).collect()
    }
}

/// The data dictionaries of every table folio writes, in the order of the
/// README: (name, dictionary).
pub fn dictionaries() -> Vec<(&'static str, String)> {
    fn entry<R>(t: Table<'_, R>) -> (&'static str, String) {
        (t.name, t.dictionary())
    }
    vec![
        entry(crate::frame::stats_table()),
        entry(crate::diff::ops_table()),
        entry(crate::compare::changes_table()),
        entry(crate::diff::edits_table()),
        entry(crate::compare::timeline_table()),
        entry(crate::history::documents_table()),
        entry(crate::terms::terms_table(crate::terms::GroupBy::Doc)),
        entry(crate::terms::keyness_table()),
        entry(crate::terms::kwic_table()),
        entry(crate::sentences::sentences_table()),
        entry(crate::frame::boilerplate_table()),
        entry(crate::frame::errors_table()),
    ]
}

/// Whether a name is a column of a table kept fields go into (stats,
/// changes, timeline): `--keep-fields all` leaves such a field out, where
/// a field named in the list is an error.
pub(crate) fn is_folio_column(name: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut names = std::collections::HashSet::new();
            names.extend(
                crate::frame::stats_table()
                    .names()
                    .into_iter()
                    .map(str::to_string),
            );
            names.extend(
                crate::compare::changes_table()
                    .names()
                    .into_iter()
                    .map(str::to_string),
            );
            names.extend(
                crate::compare::timeline_table()
                    .names()
                    .into_iter()
                    .map(str::to_string),
            );
            names
        })
        .contains(name)
}

/// Every table's data dictionary, as `folio schema` prints it and the
/// README holds it.
pub fn dictionary_markdown() -> String {
    dictionaries()
        .into_iter()
        .map(|(_, d)| d)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table<'static, (Option<f64>, u64, Option<&'static str>)> {
        type R = (Option<f64>, u64, Option<&'static str>);
        Table {
            name: "t",
            about: "A test table.",
            columns: vec![
                col("x", Type::Float, "", "rounded", |r: &R| Value::Float(r.0)),
                col("p", Type::Exact, "", "as computed", |r: &R| {
                    Value::Float(r.0)
                }),
                col("n", Type::Int, "", "a count", |r: &R| Value::count(r.1)),
                col("s", Type::OptStr, "", "a | b", |r: &R| Value::opt_str(r.2)),
            ],
        }
    }

    #[test]
    fn types_rounding_and_nulls() {
        let rows = [
            (Some(1.234_567), 3, Some("a")),
            (Some(f64::NAN), u64::MAX, None),
            (None, 0, Some("")),
        ];
        let df = table().frame(&rows).unwrap();
        let x: Vec<Option<f64>> = df.column("x").unwrap().f64().unwrap().iter().collect();
        assert_eq!(x, [Some(1.2346), None, None]);
        let p: Vec<Option<f64>> = df.column("p").unwrap().f64().unwrap().iter().collect();
        assert_eq!(p, [Some(1.234_567), None, None]);
        assert_eq!(df.column("n").unwrap().dtype(), &DataType::Int64);
        let n: Vec<Option<i64>> = df.column("n").unwrap().i64().unwrap().iter().collect();
        assert_eq!(n, [Some(3), Some(i64::MAX), Some(0)]);
        let s: Vec<Option<&str>> = df.column("s").unwrap().str().unwrap().iter().collect();
        assert_eq!(s, [Some("a"), None, Some("")]);
        // An empty table keeps its columns and types.
        let empty = table().frame(&[]).unwrap();
        assert_eq!(empty.height(), 0);
        assert_eq!(empty.column("n").unwrap().dtype(), &DataType::Int64);
        assert_eq!(empty.column("x").unwrap().dtype(), &DataType::Float64);
    }

    #[test]
    fn dictionary_lists_every_column() {
        let d = table().dictionary();
        assert!(d.starts_with("### `t`\n\nA test table.\n\n| column | type | unit | meaning |"));
        assert!(d.contains("| `p` | float64 (nullable, not rounded) |  | as computed |"));
        assert!(
            d.contains("| `s` | string (nullable) |  | a \\| b |"),
            "{d}"
        );
        let names: Vec<&str> = dictionaries().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "stats",
                "diff",
                "changes",
                "edits",
                "timeline",
                "documents",
                "terms",
                "keyness",
                "kwic",
                "sentences",
                "boilerplate",
                "errors"
            ]
        );
    }
}
