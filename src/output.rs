//! Writing tables: formats, atomic files, standard output.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use polars::prelude::*;

use crate::error::{Error, Result};

/// An output format for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header; nulls are empty fields.
    Csv,
    /// Apache Parquet with real column types.
    Parquet,
    /// A JSON array of objects.
    Json,
    /// One JSON object a line.
    Ndjson,
    /// An aligned text table for reading in a terminal.
    Table,
}

impl Format {
    /// The format a file name implies by its extension, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => Format::Csv,
            "parquet" | "pq" => Format::Parquet,
            "json" => Format::Json,
            "ndjson" | "jsonl" => Format::Ndjson,
            "txt" | "table" => Format::Table,
            _ => return None,
        })
    }
}

/// Writes a table in a format.
pub fn write_table<W: Write>(df: &mut DataFrame, format: Format, mut w: W) -> Result<()> {
    match format {
        Format::Csv => CsvWriter::new(&mut w).include_header(true).finish(df)?,
        Format::Parquet => {
            ParquetWriter::new(&mut w)
                .with_compression(ParquetCompression::Zstd(None))
                .finish(df)?;
        }
        Format::Json => write_json(df, &mut w, true)?,
        Format::Ndjson => write_json(df, &mut w, false)?,
        Format::Table => write_text_table(df, &mut w)?,
    }
    w.flush()?;
    Ok(())
}

fn json_value(v: AnyValue<'_>) -> serde_json::Value {
    use serde_json::Value;
    match v {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(b),
        AnyValue::String(s) => Value::String(s.to_string()),
        AnyValue::StringOwned(s) => Value::String(s.to_string()),
        AnyValue::UInt32(n) => n.into(),
        AnyValue::UInt64(n) => n.into(),
        AnyValue::Int32(n) => n.into(),
        AnyValue::Int64(n) => n.into(),
        AnyValue::Float32(x) => {
            serde_json::Number::from_f64(f64::from(x)).map_or(Value::Null, Value::Number)
        }
        AnyValue::Float64(x) => serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number),
        other => Value::String(other.to_string()),
    }
}

fn write_json<W: Write>(df: &DataFrame, w: &mut W, array: bool) -> Result<()> {
    let columns = df.columns();
    if array {
        w.write_all(b"[")?;
    }
    for i in 0..df.height() {
        if array {
            w.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        }
        w.write_all(b"{")?;
        for (j, col) in columns.iter().enumerate() {
            if j > 0 {
                w.write_all(b",")?;
            }
            serde_json::to_writer(&mut *w, col.name().as_str()).map_err(io::Error::from)?;
            w.write_all(b":")?;
            serde_json::to_writer(&mut *w, &json_value(col.get(i)?)).map_err(io::Error::from)?;
        }
        w.write_all(b"}")?;
        if !array {
            w.write_all(b"\n")?;
        }
    }
    if array {
        w.write_all(if df.height() == 0 { b"]\n" } else { b"\n]\n" })?;
    }
    Ok(())
}

/// An aligned text table: a header, then one line a row; numbers are
/// right-aligned, nulls blank.
fn write_text_table<W: Write>(df: &DataFrame, w: &mut W) -> Result<()> {
    let columns = df.columns();
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(columns.len());
    for col in columns {
        let mut v = vec![col.name().to_string()];
        for i in 0..df.height() {
            v.push(match col.get(i)? {
                AnyValue::Null => String::new(),
                AnyValue::String(s) => s.to_string(),
                AnyValue::StringOwned(s) => s.to_string(),
                other => other.to_string(),
            });
        }
        cells.push(v);
    }
    let widths: Vec<usize> = cells
        .iter()
        .map(|c| c.iter().map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    let numeric: Vec<bool> = columns
        .iter()
        .map(|c| c.dtype().is_primitive_numeric())
        .collect();
    for row in 0..=df.height() {
        let mut line = String::new();
        for (j, col) in cells.iter().enumerate() {
            if j > 0 {
                line.push_str("  ");
            }
            let s = &col[row];
            let pad = widths[j] - s.chars().count();
            if numeric[j] && row > 0 {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(s);
            } else {
                line.push_str(s);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes a file atomically: into a temporary file beside it, renamed over
/// the target only once complete. An interrupted or failed write leaves the
/// previous file (or none) in place.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let wrap = |source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(wrap)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".folio-").suffix(".tmp");
    // Readable like any file the user writes (a temporary file is 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(wrap)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w)?;
        w.flush().map_err(wrap)?;
    }
    tmp.persist(path).map_err(|e| wrap(e.error))?;
    Ok(())
}

/// Writes a file inside a staging folder that is not yet in place (and so
/// needs no temporary file of its own): the folder is published whole.
pub fn write_staged(path: &Path, bytes: &[u8]) -> Result<()> {
    let wrap = |source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(wrap)?;
    }
    fs::write(path, bytes).map_err(wrap)
}

/// Writes a table to a file (atomically) or, for `None` or `-`, to standard
/// output.
pub fn write_table_to(df: &mut DataFrame, format: Format, path: Option<&Path>) -> Result<()> {
    match path {
        Some(p) if p != Path::new("-") => write_atomic(p, |w| write_table(df, format, w)),
        _ => {
            let stdout = io::stdout();
            write_table(df, format, BufWriter::new(stdout.lock()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> DataFrame {
        df!(
            "doc_id" => ["a", "b"],
            "words" => [3u64, 10],
            "ratio" => [Some(0.5f64), None],
        )
        .unwrap()
    }

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        write_table(&mut frame(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_nulls_are_empty() {
        insta::assert_snapshot!(render(Format::Csv), @r"
        doc_id,words,ratio
        a,3,0.5
        b,10,
        ");
    }

    #[test]
    fn json_and_ndjson() {
        insta::assert_snapshot!(render(Format::Ndjson), @r#"
        {"doc_id":"a","words":3,"ratio":0.5}
        {"doc_id":"b","words":10,"ratio":null}
        "#);
        let v: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[1]["words"], 10);
    }

    #[test]
    fn text_table_aligns() {
        insta::assert_snapshot!(render(Format::Table), @r"
        doc_id  words  ratio
        a           3    0.5
        b          10
        ");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            Format::from_path(Path::new("s.PARQUET")),
            Some(Format::Parquet)
        );
        assert_eq!(Format::from_path(Path::new("s.csv")), Some(Format::Csv));
        assert_eq!(Format::from_path(Path::new("s")), None);
    }

    #[test]
    fn atomic_write_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/s.csv");
        write_atomic(&path, |w| Ok(w.write_all(b"x")?)).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x");
        let failed = write_atomic(&path, |_| Err(Error::Invalid("boom".into())));
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"x");
        assert_eq!(fs::read_dir(dir.path().join("out")).unwrap().count(), 1);
    }
}
