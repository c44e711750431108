//! Writing outputs: table formats, and the files they go to — atomic,
//! durable, never over an input, into what the path really is (a file
//! behind a symbolic link, a FIFO, a device, standard output).

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

/// How CSV outputs are written: the command line's `--excel-safe` and
/// `--bom`, for every CSV writer of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvStyle {
    /// A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return gets a leading `'` (no formula runs when a spreadsheet opens
    /// the file).
    pub excel_safe: bool,
    /// The file starts with a UTF-8 byte-order mark.
    pub bom: bool,
}

static CSV_STYLE: OnceLock<CsvStyle> = OnceLock::new();

/// Sets the CSV style of this process's outputs (the first call wins; the
/// default is plain CSV).
pub fn set_csv_style(style: CsvStyle) {
    let _ = CSV_STYLE.set(style);
}

/// A text cell a spreadsheet would run as a formula.
fn formula_like(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The frame with its formula-like text cells quoted (see [`CsvStyle`]),
/// and its column names too: a field kept from the data may be named
/// `=HYPERLINK(…)`, and a spreadsheet runs the header row as any other.
fn excel_safe(df: &DataFrame) -> Result<DataFrame> {
    let mut out = df.clone();
    for name in df.get_column_names_owned() {
        if formula_like(&name) {
            out.rename(&name, format!("'{name}").into())?;
        }
    }
    let df = &out.clone();
    for name in df.get_column_names_owned() {
        let column = df.column(&name)?;
        if column.dtype() != &DataType::String {
            continue;
        }
        let texts = column.str()?;
        if !texts.iter().any(|s| s.is_some_and(formula_like)) {
            continue;
        }
        let safe: Vec<Option<String>> = texts
            .iter()
            .map(|s| {
                s.map(|s| {
                    if formula_like(s) {
                        format!("'{s}")
                    } else {
                        s.to_string()
                    }
                })
            })
            .collect();
        out.replace(&name, Series::new(name.clone(), safe).into())?;
    }
    Ok(out)
}

/// Writes a table in a format. Whatever the frame holds, what is written
/// has the types every reader takes (see [`portable`]); CSV follows the
/// run's [`CsvStyle`].
pub(crate) fn write_table<W: Write>(df: &mut DataFrame, format: Format, mut w: W) -> Result<()> {
    let df = &mut portable(df)?;
    match format {
        Format::Csv => {
            let style = CSV_STYLE.get().copied().unwrap_or_default();
            if style.bom {
                w.write_all("\u{feff}".as_bytes())?;
            }
            if style.excel_safe {
                *df = excel_safe(df)?;
            }
            CsvWriter::new(&mut w).include_header(true).finish(df)?;
        }
        Format::Parquet => {
            let mut parquet = ParquetWriter::new(&mut w)
                .with_compression(parquet_compression())
                .with_key_value_metadata(Some(parquet_metadata(df)?))
                .batched(df.schema())?;
            df.rechunk_mut();
            let mut start = 0;
            while start < df.height() {
                let rows = PARQUET_ROW_GROUP.min(df.height() - start);
                write_row_group(&mut parquet, &df.slice(start as i64, rows))?;
                start += rows;
            }
            parquet.finish()?;
        }
        Format::Json => write_json(df, &mut w, true)?,
        Format::Ndjson => write_json(df, &mut w, false)?,
        Format::Table => write_text_table(df, &mut w)?,
    }
    w.flush()?;
    Ok(())
}

/// How folio's Parquet files are compressed: zstd at level 1 (level 3,
/// its default, was 8.5% of the instructions of comparing 445 articles,
/// for tables a few percent smaller).
fn parquet_compression() -> ParquetCompression {
    ParquetCompression::Zstd(polars_parquet::write::ZstdLevel::try_new(1).ok())
}

/// Rows of a row group of a Parquet file written whole (polars' default).
const PARQUET_ROW_GROUP: usize = 512 * 512;

/// Writes a frame of one chunk (see `rechunk_mut`) as one row group, its
/// columns encoded and compressed on the pool's threads. polars' writer
/// compresses a row group's pages one after another as it writes them:
/// the edits table's text columns were 11% of `compare`'s work, on one
/// thread, after every document was compared.
fn write_row_group<W: Write>(
    writer: &mut polars::io::parquet::write::BatchedWriter<W>,
    df: &DataFrame,
) -> PolarsResult<()> {
    use polars_parquet::write::{
        array_to_columns, compress, CompressedPage, StatisticsOptions, Version, WriteOptions,
    };
    use rayon::prelude::*;
    if df.height() == 0 {
        return Ok(());
    }
    // As polars' `ParquetWriter` sets them.
    let options = WriteOptions {
        statistics: StatisticsOptions::default(),
        version: Version::V1,
        compression: parquet_compression().into(),
        data_page_size: None,
    };
    let fields = writer.parquet_schema().fields().to_vec();
    for batch in df.iter_chunks(CompatLevel::newest(), false) {
        let encodings = polars::io::parquet::write::get_encodings(batch.schema());
        let columns: Vec<Vec<Vec<CompressedPage>>> = batch
            .columns()
            .par_iter()
            .zip(&fields)
            .zip(encodings.as_ref())
            .map(|((array, field), encoding)| {
                array_to_columns(array, field.clone(), options, encoding)?
                    .into_iter()
                    .map(|pages| {
                        pages
                            .map(|page| Ok(compress(page?, Vec::new(), options.compression)?))
                            .collect::<PolarsResult<Vec<_>>>()
                    })
                    .collect::<PolarsResult<Vec<_>>>()
            })
            .collect::<PolarsResult<_>>()?;
        let columns: Vec<Vec<CompressedPage>> = columns.into_iter().flatten().collect();
        writer.write_row_group(batch.len() as u64, &columns)?;
    }
    Ok(())
}

/// The key-value metadata of folio's Parquet files: the Arrow schema (see
/// [`arrow_schema`]) and the version of folio that wrote it.
fn parquet_metadata(df: &DataFrame) -> Result<KeyValueMetadata> {
    Ok(KeyValueMetadata::Static(vec![
        arrow_schema(df)?,
        polars_parquet::parquet::metadata::KeyValue {
            key: "folio.version".to_string(),
            value: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    ]))
}

/// The frame as folio's tables are written: unsigned integers as signed
/// 64-bit integers (`Int64`), so that `new.words - old.words` is negative
/// in any dataframe library rather than wrapping around; everything else as
/// it is.
pub fn portable(df: &DataFrame) -> Result<DataFrame> {
    let mut out = df.clone();
    for name in df.get_column_names_owned() {
        let column = df.column(&name)?;
        if column.dtype().is_unsigned_integer() {
            let cast = column.cast(&DataType::Int64)?;
            out.replace(&name, cast)?;
        }
    }
    Ok(out)
}

/// The Arrow schema a Parquet file of folio's carries (`ARROW:schema`),
/// which readers restore the column types from. polars would store its own
/// in-memory types, among them `string_view`, which older Arrow, DuckDB and
/// R readers reject; this one says plain `string` (`large_string` for a
/// column of 2 GiB of text or more), `int64`, `double`, `bool`, `date32`.
fn arrow_schema(df: &DataFrame) -> Result<polars_parquet::parquet::metadata::KeyValue> {
    use polars::prelude::ArrowDataType;
    let mut schema = df.schema().to_arrow(CompatLevel::oldest());
    for (name, field) in schema.iter_mut() {
        if field.dtype == ArrowDataType::LargeUtf8 {
            let bytes: usize = df
                .column(name.as_str())?
                .str()?
                .iter()
                .map(|s| s.map_or(0, str::len))
                .sum();
            if bytes < i32::MAX as usize {
                field.dtype = ArrowDataType::Utf8;
            }
        }
    }
    Ok(polars_parquet::write::schema_to_metadata_key(&schema))
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
            // Control characters as escapes (`\u{1b}`, `\n`, `\t`): a
            // scraped title's escape sequence had retitled the terminal,
            // and a line break in a file's name broken the table's rows.
            let cell = match col.get(i)? {
                AnyValue::Null => String::new(),
                AnyValue::String(s) => s.to_string(),
                AnyValue::StringOwned(s) => s.to_string(),
                other => other.to_string(),
            };
            v.push(if cell.contains(char::is_control) {
                escaped(&cell, char::is_control)
            } else {
                cell
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

/// The input files of a run, which no output may replace. Compared by
/// device and inode (as `cp a a` does), so another name of an input — a
/// symbolic or hard link, a relative path — is caught too. The files are
/// looked up only when an output would replace an existing file.
#[derive(Debug, Default)]
pub struct Inputs {
    paths: Vec<PathBuf>,
    ids: OnceLock<HashSet<(u64, u64)>>,
    walked: OnceLock<Vec<PathBuf>>,
    walked_ids: OnceLock<HashSet<(u64, u64)>>,
}

impl Inputs {
    /// The inputs of a run: files, or folders whose documents are listed
    /// too.
    pub fn new(paths: impl IntoIterator<Item = PathBuf>) -> Inputs {
        Inputs {
            paths: paths.into_iter().collect(),
            ids: OnceLock::new(),
            walked: OnceLock::new(),
            walked_ids: OnceLock::new(),
        }
    }

    /// The folders a run reads through (real paths, links resolved): each
    /// input folder, every folder between it and a document found in it,
    /// and every folder a link inside an input folder reaches, documents in
    /// it or not yet — so a folder reached through a symbolic link inside
    /// the corpus (`corpus/shared -> /data/shared`) is one too. A later run
    /// walks them again, and would read what folio wrote there (found by
    /// an adversarial test: a table written into a linked folder still
    /// empty was read back as a document by every later run).
    pub fn walked_folders(&self) -> &[PathBuf] {
        self.walked.get_or_init(|| {
            let roots: Vec<&PathBuf> = self.paths.iter().filter(|p| p.is_dir()).collect();
            let mut lexical: HashSet<&Path> = roots.iter().map(|p| p.as_path()).collect();
            for doc in &self.paths {
                let Some(root) = roots.iter().find(|r| doc.starts_with(r) && doc != **r) else {
                    continue;
                };
                for dir in doc.ancestors().skip(1) {
                    if !lexical.insert(dir) || dir == root.as_path() {
                        break;
                    }
                }
            }
            // Folders reached by links, found by a walk of the folders
            // alone (hidden ones skipped, as reading skips them).
            let mut linked: Vec<PathBuf> = Vec::new();
            for root in &roots {
                let folders = walkdir::WalkDir::new(root)
                    .follow_links(true)
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0
                            || e.file_type().is_dir() && !crate::corpus::is_hidden(e.file_name())
                    });
                linked.extend(
                    folders
                        .flatten()
                        .filter(|e| e.path_is_symlink())
                        .map(walkdir::DirEntry::into_path),
                );
            }
            let mut real: Vec<PathBuf> = lexical
                .into_iter()
                .chain(linked.iter().map(PathBuf::as_path))
                .filter_map(|d| fs::canonicalize(d).ok())
                .collect();
            real.sort();
            real.dedup();
            real
        })
    }

    /// Whether `dir` is one of the [walked folders](Inputs::walked_folders),
    /// compared by device and inode: the same folder by another path (a
    /// bind mount) is one too.
    pub fn walks(&self, dir: &Path) -> bool {
        file_id(dir).is_some_and(|id| {
            self.walked_ids
                .get_or_init(|| {
                    self.walked_folders()
                        .iter()
                        .filter_map(|p| file_id(p))
                        .collect()
                })
                .contains(&id)
        })
    }

    /// Whether `dir` or a folder above it is walked (see [`Inputs::walks`]).
    pub fn walks_above(&self, dir: &Path) -> bool {
        dir.ancestors().any(|a| self.walks(a))
    }

    /// A walked folder inside `dir` (not `dir` itself), by device and inode.
    pub fn walked_inside(&self, dir: &Path) -> Option<&Path> {
        let id = file_id(dir)?;
        self.walked_folders()
            .iter()
            .find(|f| file_id(f) != Some(id) && within(f, id))
            .map(|f| f.as_path())
    }

    /// No inputs (a run that reads none).
    pub fn none() -> Inputs {
        Inputs::default()
    }

    /// The paths of the inputs.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Whether `path` is (another name of) one of the input files.
    pub fn contains(&self, path: &Path) -> bool {
        let Some(id) = file_id(path) else {
            return false;
        };
        self.ids
            .get_or_init(|| self.paths.iter().filter_map(|p| file_id(p)).collect())
            .contains(&id)
    }
}

impl Inputs {
    /// A file sink for `resolved`, unless it is a file folio reads inside
    /// an input folder: a later run would read the output back as a
    /// document (and then refuse to replace it).
    fn outside(&self, path: &Path, resolved: PathBuf) -> Result<Sink> {
        if crate::corpus::is_supported(&resolved) {
            let existing = resolved
                .ancestors()
                .skip(1)
                .find_map(|a| fs::canonicalize(a).ok());
            if let Some(dir) = existing {
                if self.walks_above(&dir) {
                    return Err(Error::Invalid(format!(
                        "{}: is inside a corpus folder being read, where a later run would read it as a document; write it outside the corpus",
                        path.display()
                    )));
                }
            }
        }
        Ok(Sink::File(resolved))
    }
}

/// Whether `path` or a folder above it is the folder of device and inode
/// `id`.
pub(crate) fn within(path: &Path, id: (u64, u64)) -> bool {
    path.ancestors().any(|a| file_id(a) == Some(id))
}

/// Device and inode of a file (symbolic links followed).
pub(crate) fn file_id(path: &Path) -> Option<(u64, u64)> {
    let meta = fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        let canonical = fs::canonicalize(path).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&canonical, &mut h);
        Some((0, std::hash::Hasher::finish(&h)))
    }
}

/// Where an output named by `-o` goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// Standard output.
    Stdout,
    /// A regular file (new, or replaced atomically), symbolic links
    /// resolved to the file they name.
    File(PathBuf),
    /// Something that is not a regular file — a FIFO, a device such as
    /// `/dev/null`, `/dev/stdout` — written straight into.
    Stream(PathBuf),
}

impl Sink {
    /// The sink of an output path (`None` or `-`: standard output). Fails
    /// when the path is an input of the run, a folder, or inside something
    /// that is not a folder.
    pub fn of(path: Option<&Path>, inputs: &Inputs) -> Result<Sink> {
        let Some(path) = path.filter(|p| *p != Path::new("-")) else {
            return stdout_unless_input(inputs);
        };
        // Standard output by another name: written to the open stream
        // itself (a shell's `>>` appends, as it asked).
        if ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
            .iter()
            .any(|p| path == Path::new(p))
        {
            return stdout_unless_input(inputs);
        }
        let resolved = resolve_links(path)?;
        if let Some(why) = crate::outdir::claimed_file(&resolved) {
            return Err(Error::Invalid(format!("{}: {why}", path.display())));
        }
        match fs::metadata(&resolved) {
            Ok(meta) if meta.is_dir() => Err(Error::Invalid(format!(
                "{}: is a folder; -o names the file to write",
                path.display()
            ))),
            // A FIFO, a device, another open stream (`/dev/fd/N`):
            // written into, never replaced.
            Ok(meta) if !meta.is_file() => Ok(Sink::Stream(path.to_path_buf())),
            Ok(_) if inputs.contains(&resolved) => Err(input_refused(path)),
            Ok(_) => inputs.outside(path, resolved),
            Err(_) => {
                check_parents(path)?;
                inputs.outside(path, resolved)
            }
        }
    }

    /// Whether output goes to a terminal.
    fn is_terminal(&self) -> bool {
        match self {
            Sink::Stdout => io::stdout().is_terminal(),
            Sink::Stream(p) => fs::OpenOptions::new()
                .write(true)
                .open(p)
                .is_ok_and(|f| f.is_terminal()),
            Sink::File(_) => false,
        }
    }
}

/// Standard output, unless it is one of the input files (`folio stats
/// corpus >> corpus/a.txt`): a shell redirection would append the output
/// to a document, as `cat` refuses to.
fn stdout_unless_input(inputs: &Inputs) -> Result<Sink> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let meta = io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .and_then(|fd| fs::File::from(fd).metadata().ok());
        if let Some(meta) = meta.filter(fs::Metadata::is_file) {
            let id = (meta.dev(), meta.ino());
            if let Some(input) = inputs.paths().iter().find(|p| file_id(p) == Some(id)) {
                return Err(Error::Invalid(format!(
                    "{}: standard output is this input file; folio never writes over its inputs (redirect the output elsewhere, or use -o)",
                    input.display()
                )));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = inputs;
    Ok(Sink::Stdout)
}

/// The message for an output that would replace an input.
fn input_refused(path: &Path) -> Error {
    Error::Invalid(format!(
        "{}: is one of this run's input files; folio never writes over its inputs (choose another -o)",
        path.display()
    ))
}

/// A path with its symbolic links followed as far as they go (a link to
/// nowhere gives the path it names, to be created). A link that loops
/// leads nowhere to write: an error (the link had been replaced by a file).
fn resolve_links(path: &Path) -> Result<PathBuf> {
    if let Ok(real) = fs::canonicalize(path) {
        return Ok(real);
    }
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&p) {
            Ok(target) => {
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Err(_) => return Ok(p),
        }
    }
    Err(Error::Invalid(format!(
        "{}: a symbolic link that loops; folio writes a link's target, and this one has none",
        path.display()
    )))
}

/// Fails when a folder a path needs is a file: `file/x.csv` where `file`
/// is a file is "not a folder".
fn check_parents(path: &Path) -> Result<()> {
    for dir in path.ancestors().skip(1) {
        if dir.as_os_str().is_empty() {
            break;
        }
        match fs::metadata(dir) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                return Err(Error::Invalid(format!(
                    "{}: {} is not a folder",
                    path.display(),
                    dir.display()
                )))
            }
            Err(_) => continue,
        }
    }
    Ok(())
}

/// A message as one line a terminal shows as written: control characters
/// (a line break or an escape sequence in a file name) are written as
/// escapes (`\n`, `\u{1b}`), so a name cannot forge a second message or
/// recolour the terminal.
pub fn printable(message: &str) -> std::borrow::Cow<'_, str> {
    // Control characters, and the format characters that reorder text
    // (bidi marks, embeddings, overrides, isolates): `report\u{202e}slx.txt`
    // would show as `reporttxt.xls`.
    let hidden = |c: char| c.is_control() || reorders(c);
    if !message.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(message);
    }
    std::borrow::Cow::Owned(escaped(message, hidden))
}

/// Whether a character is a mark or control of direction (bidi marks,
/// embeddings, overrides, isolates), which reorders the text around it
/// when shown: a name's is written as an escape (`\u{202e}`) wherever it
/// is shown, in messages, tables of text, the report's pages and feed.
pub(crate) fn reorders(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

/// A text with the characters `hidden` picks written as escapes
/// (`\u{1b}`, `\n`): for [`printable`] and [`terminal_text`].
fn escaped(text: &str, hidden: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Document text as a terminal shows it as written: control characters
/// other than a tab (an escape sequence that recolours the screen, sets
/// the window's title or writes the clipboard, a bell, a carriage return
/// that overwrites the line, a line break in what is one line) are written
/// as escapes (`\u{1b}`). Scraped text is more likely hostile than a file
/// name. For the text outputs of `diff`, `sentences` and `kwic`; tables
/// keep the text as it is. Bidirectional marks stay: they are part of
/// Arabic and Hebrew text.
pub fn terminal_text(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\t';
    // Told by bytes first, in one pass without an early exit (it
    // vectorizes: every piece of a diff's text comes here): C0 controls
    // but the tab, DEL, and the C1 controls (0xC2 then 0x80–0x9F).
    let b = text.as_bytes();
    let mut c0 = false;
    for &x in b {
        c0 |= (x < 0x20) & (x != b'\t') | (x == 0x7f);
    }
    let c1 = || {
        memchr::memchr_iter(0xc2, b)
            .any(|i| b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    };
    if !c0 && !c1() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(escaped(text, hidden))
}

/// How messages name standard output.
pub const STDOUT_NAME: &str = "standard output";

/// Writes an output to its sink: a regular file atomically (see
/// `write_atomic`), a stream straight, standard output through a buffer.
pub fn write_to(sink: &Sink, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match sink {
        Sink::File(p) => write_atomic(p, write),
        Sink::Stream(p) => {
            let wrap = |source: io::Error| Error::Write {
                path: p.clone(),
                source,
            };
            let file = fs::OpenOptions::new().write(true).open(p).map_err(wrap)?;
            let mut w = BufWriter::new(file);
            write(&mut w).map_err(|e| with_path(e, p))?;
            w.flush().map_err(wrap)
        }
        Sink::Stdout => {
            let name = Path::new(STDOUT_NAME);
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            write(&mut w).map_err(|e| with_path(e, name))?;
            w.flush().map_err(|source| Error::Write {
                path: name.to_path_buf(),
                source,
            })
        }
    }
}

/// A failed write of a table into `path`, as an error naming the file.
fn table_write_error(err: PolarsError, path: &Path) -> Error {
    let source = match err {
        PolarsError::IO { error, .. } => io::Error::new(error.kind(), error.to_string()),
        other => io::Error::other(other.to_string()),
    };
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// An I/O error of writing, with the file it concerns.
fn with_path(err: Error, path: &Path) -> Error {
    match err {
        Error::Io(source) => Error::Write {
            path: path.to_path_buf(),
            source,
        },
        Error::Polars(e) => table_write_error(e, path),
        other => other,
    }
}

/// Writes a file atomically and durably: into a temporary file beside it,
/// flushed to disk, renamed over the target only once complete, and the
/// folder flushed after. An interrupted or failed write leaves the
/// previous file (or none) in place. A replaced file keeps its permissions
/// (and, where allowed, its owner); a new one gets the usual permissions
/// (0666 less the umask).
pub(crate) fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    // `new/../s.csv` is `s.csv`: no folder `new` made on the way.
    let normal = crate::outdir::lexical(path);
    let path = normal.as_path();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    check_parents(path)?;
    refuse_if_interrupted(path)?;
    // The folders this write makes, deepest first: removed again (when
    // still empty) if it fails (a full disk had left `new/deep/`).
    let made: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
        .map(Path::to_path_buf)
        .collect();
    let result = create_and_write(path, dir, write);
    if result.is_err() {
        for folder in &made {
            let _ = fs::remove_dir(folder);
        }
    }
    result
}

/// [`write_atomic`] once the path is checked: makes `dir` and writes.
fn create_and_write(
    path: &Path,
    dir: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    // The I/O error alone: the temporary file's name that the tempfile
    // crate adds (`… at path "/x/.folio-1018-i0N5ch.folio-tmp"`) is no
    // file the user named.
    let wrap = |source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source: plain_io(source),
    };
    fs::create_dir_all(dir).map_err(wrap)?;
    crate::cleanup::sweep(dir, false);
    let existing = fs::metadata(path).ok().filter(|m| m.is_file());
    if existing.is_some() {
        refuse_write_protected(path)?;
    }
    let prefix = format!(".folio-{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(crate::cleanup::TMP_SUFFIX)
        .rand_bytes(crate::cleanup::TMP_RANDOM);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing
            .as_ref()
            .map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(wrap)?;
    crate::cleanup::hold(tmp.as_file());
    let guard = crate::cleanup::Guard::new(tmp.path().to_path_buf());
    // The mode given at creation is narrowed by the umask: set it
    // exactly, and the owner where the user may (root).
    if let Some(m) = &existing {
        keep_mode_and_owner(tmp.path(), m);
    }
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w).map_err(|e| with_path(e, path))?;
        w.flush().map_err(wrap)?;
    }
    tmp.as_file().sync_all().map_err(wrap)?;
    tmp.persist(path).map_err(|e| wrap(e.error))?;
    guard.disarm();
    sync_dir(dir);
    Ok(())
}

/// An I/O error without the path the tempfile crate writes after it
/// (`{error} at path "{path}"`, its message exposing nothing else).
fn plain_io(e: io::Error) -> io::Error {
    if e.raw_os_error().is_some() || e.get_ref().is_none() {
        return e;
    }
    let message = e.to_string();
    match message.rfind(" at path \"") {
        Some(k) => io::Error::new(e.kind(), message[..k].to_string()),
        None => e,
    }
}

/// Whether the user may write an existing file (as a shell's `>` would
/// ask): replacing it by a rename needs only the folder's permission, and
/// would bypass the file's. A file with no write permission for anyone
/// (`chmod 444`) is write-protected for root too, which `access` lets
/// write anything (a container's usual user).
fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let anyone = fs::metadata(path).map_or(true, |m| m.permissions().mode() & 0o222 != 0);
        anyone && access(path, libc::W_OK)
    }
    #[cfg(not(unix))]
    {
        fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }
}

/// Fails when the user may not write an existing file: replacing it by
/// a rename would need only the folder's permission (see [`writable`]).
pub(crate) fn refuse_write_protected(path: &Path) -> Result<()> {
    if writable(path) {
        return Ok(());
    }
    #[cfg(unix)]
    if !access(path, libc::W_OK) && io::Error::last_os_error().raw_os_error() == Some(libc::EROFS) {
        return Err(Error::Invalid(format!(
            "{}: is on a read-only file system; choose another -o",
            path.display()
        )));
    }
    Err(Error::Invalid(format!(
        "{}: is write-protected; folio replaces no file you may not write (make it writable, or choose another -o)",
        path.display()
    )))
}

/// Fails when a folder of an output is one the user may not write into
/// (`chmod 555`): checked before anything is moved, so a publish never
/// stops half-way on it.
pub(crate) fn refuse_unwritable_folder(path: &Path) -> Result<()> {
    #[cfg(unix)]
    if !access(path, libc::W_OK | libc::X_OK) {
        return Err(Error::Invalid(format!(
            "{}: is a folder folio may not write into; nothing was changed (make it writable, or choose another -o)",
            path.display()
        )));
    }
    let _ = path;
    Ok(())
}

/// Whether access(2) grants `mode` on a path (true for a path it cannot
/// be asked of: one holding a NUL byte).
#[cfg(unix)]
fn access(path: &Path, mode: libc::c_int) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return true;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the call.
    unsafe { libc::access(c.as_ptr(), mode) == 0 }
}

/// Gives a new file the mode of the one it replaces, and its owner where
/// the user may (root); errors are ignored (a file folio may not chown
/// keeps the user's ownership, as any file the user writes).
pub(crate) fn keep_mode_and_owner(path: &Path, old: &fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // Only what differs (two calls a file had been a fifth of the
        // system calls of publishing a comparison over its last one).
        let Ok(new) = fs::symlink_metadata(path) else {
            return;
        };
        if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
            let _ = std::os::unix::fs::chown(path, Some(old.uid()), Some(old.gid()));
        }
        let mode = old.permissions().mode() & 0o7777;
        if new.permissions().mode() & 0o7777 != mode {
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
        }
    }
    #[cfg(not(unix))]
    {
        let _ = fs::set_permissions(path, old.permissions());
    }
}

/// After a signal no file or folder is written: the run's staging folders
/// are being removed (see `cleanup::remove_all`).
fn refuse_if_interrupted(path: &Path) -> Result<()> {
    if crate::cleanup::interrupted() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::Interrupted, "interrupted"),
        });
    }
    Ok(())
}

/// Flushes a folder's entries (new names, renames) to disk.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Writes a file inside a staging folder that is not yet in place (and so
/// needs no temporary file of its own): the folder is published whole.
pub fn write_staged(path: &Path, bytes: &[u8]) -> Result<()> {
    create_staged(path)?
        .write_all(bytes)
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// Creates a file inside a staging folder (see [`write_staged`]), its
/// folders with it, to be written bit by bit.
pub fn create_staged(path: &Path) -> Result<fs::File> {
    let wrap = |source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    refuse_if_interrupted(path)?;
    // Its folder made only when missing (a `mkdir` a file had been most
    // of the system calls of writing 445 diffs).
    match fs::File::create(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(wrap)?;
            }
            fs::File::create(path).map_err(wrap)
        }
        r => r.map_err(wrap),
    }
}

/// Writes a table into a staging folder (see [`write_staged`]).
pub(crate) fn write_table_staged(df: &mut DataFrame, format: Format, path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    write_table(df, format, &mut bytes)?;
    write_staged(path, &bytes)
}

/// Writes a table into a staging folder twice: as `STEM.csv` and, with its
/// full schema even when it has no rows, as `STEM.parquet`, both at once (a frame's clone shares its columns).
pub fn write_csv_and_parquet(df: &mut DataFrame, dir: &Path, stem: &str) -> Result<()> {
    let (mut csv, mut parquet) = (df.clone(), df.clone());
    let (csv, parquet) = rayon::join(
        || write_table_staged(&mut csv, Format::Csv, &dir.join(format!("{stem}.csv"))),
        || {
            write_table_staged(
                &mut parquet,
                Format::Parquet,
                &dir.join(format!("{stem}.parquet")),
            )
        },
    );
    csv.and(parquet)
}

/// A table written into a staging folder a batch of rows at a time, as
/// `STEM.csv` and `STEM.parquet` (as [`write_csv_and_parquet`] writes a
/// whole one): memory holds a batch, not the table. The CSV gets each
/// batch as it comes; Parquet gets row groups of at least
/// [`StagedTable::ROW_GROUP`] rows (the last may be smaller).
pub struct StagedTable {
    csv: polars::io::csv::write::BatchedWriter<SharedFile>,
    parquet: polars::io::parquet::write::BatchedWriter<SharedFile>,
    /// The two files, flushed by `finish` (polars' writers leave the last
    /// buffered bytes to be written when dropped, where errors are lost).
    files: [SharedFile; 2],
    pending: Option<DataFrame>,
    excel_safe: bool,
    paths: [PathBuf; 2],
}

/// A buffered file that a polars writer owns and [`StagedTable`] can still
/// flush.
#[derive(Clone)]
struct SharedFile(std::sync::Arc<std::sync::Mutex<BufWriter<fs::File>>>);

impl SharedFile {
    fn lock(&self) -> io::Result<std::sync::MutexGuard<'_, BufWriter<fs::File>>> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("a writer panicked"))
    }
}

impl Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.lock()?.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.lock()?.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.lock()?.flush()
    }
}

impl StagedTable {
    /// Rows of a Parquet row group, at least.
    pub const ROW_GROUP: usize = 1 << 16;

    /// Creates `STEM.csv` and `STEM.parquet` in `dir` for rows of the
    /// schema of `empty` (a frame of the table's columns, without rows).
    /// Text columns are `string` in the Parquet file's Arrow schema (not
    /// `large_string`): each row group is a batch of its own.
    pub fn create(dir: &Path, stem: &str, empty: &DataFrame) -> Result<StagedTable> {
        let empty = portable(empty)?;
        let paths = [
            dir.join(format!("{stem}.csv")),
            dir.join(format!("{stem}.parquet")),
        ];
        let open = |path: &Path| -> Result<SharedFile> {
            Ok(SharedFile(std::sync::Arc::new(std::sync::Mutex::new(
                BufWriter::new(create_staged(path)?),
            ))))
        };
        let style = CSV_STYLE.get().copied().unwrap_or_default();
        let files = [open(&paths[0])?, open(&paths[1])?];
        let mut csv = files[0].clone();
        if style.bom {
            csv.write_all("\u{feff}".as_bytes())
                .map_err(|source| Error::Write {
                    path: paths[0].clone(),
                    source,
                })?;
        }
        let csv_empty = if style.excel_safe {
            excel_safe(&empty)?
        } else {
            empty.clone()
        };
        let csv = CsvWriter::new(csv)
            .include_header(true)
            .batched(csv_empty.schema())?;
        let parquet = ParquetWriter::new(files[1].clone())
            .with_compression(parquet_compression())
            .with_key_value_metadata(Some(parquet_metadata(&empty)?))
            .batched(empty.schema())?;
        Ok(StagedTable {
            csv,
            parquet,
            files,
            pending: None,
            excel_safe: style.excel_safe,
            paths,
        })
    }

    /// Writes a batch of rows (the columns of the table, in order).
    pub fn write(&mut self, df: &DataFrame) -> Result<()> {
        refuse_if_interrupted(&self.paths[0])?;
        let mut df = portable(df)?;
        df.align_chunks();
        if self.excel_safe {
            self.csv.write_batch(&excel_safe(&df)?)
        } else {
            self.csv.write_batch(&df)
        }
        .map_err(|e| table_write_error(e, &self.paths[0]))?;
        let pending = match self.pending.take() {
            Some(mut p) => {
                p.vstack_mut(&df)
                    .map_err(|e| table_write_error(e, &self.paths[1]))?;
                p
            }
            None => df,
        };
        if pending.height() >= Self::ROW_GROUP {
            self.write_row_group(pending)
        } else {
            self.pending = Some(pending);
            Ok(())
        }
    }

    fn write_row_group(&mut self, mut df: DataFrame) -> Result<()> {
        df.rechunk_mut();
        write_row_group(&mut self.parquet, &df).map_err(|e| table_write_error(e, &self.paths[1]))
    }

    /// Writes what is pending and closes both files (flushed to disk as
    /// the folder is published).
    pub fn finish(mut self) -> Result<()> {
        if let Some(df) = self.pending.take() {
            self.write_row_group(df)?;
        }
        self.csv
            .finish()
            .map_err(|e| table_write_error(e, &self.paths[0]))?;
        self.parquet
            .finish()
            .map_err(|e| table_write_error(e, &self.paths[1]))?;
        for (file, path) in self.files.iter_mut().zip(&self.paths) {
            file.flush().map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }
}

/// Writes a table to a sink. Parquet is binary: never written to a
/// terminal, and made whole in memory before it is written (a closed pipe
/// is then a plain write error).
pub fn write_table_to(df: &mut DataFrame, format: Format, sink: &Sink) -> Result<()> {
    if format == Format::Parquet {
        if sink.is_terminal() {
            return Err(Error::Invalid(
                "Parquet is binary and is not written to a terminal; use -o FILE or a pipe".into(),
            ));
        }
        let mut bytes = Vec::new();
        write_table(df, format, &mut bytes)?;
        return write_to(sink, |w| Ok(w.write_all(&bytes)?));
    }
    write_to(sink, |w| write_table(df, format, w))
}

/// The decimals to write a change `delta` with: `min`, or more (up to 6)
/// when `min` would round it to zero — a change never reads `+0.00` beside
/// two values that differ. `None` when it is zero even at 6 decimals.
pub fn change_decimals(delta: f64, min: usize) -> Option<usize> {
    (min..=6.max(min)).find(|&d| (delta.abs() * 10f64.powi(d as i32)).round() >= 1.0)
}

/// `n` and a noun, plural unless `n` is 1: "1 document", "2 documents".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_text_reaches_a_terminal_inert() {
        assert_eq!(
            terminal_text("Plain text, tab\there."),
            "Plain text, tab\there."
        );
        assert!(matches!(
            terminal_text("café ½"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            terminal_text("\u{1b}[31mRed\u{1b}[0m and \u{1b}]0;title\u{7}bell"),
            "\\u{1b}[31mRed\\u{1b}[0m and \\u{1b}]0;title\\u{7}bell"
        );
        // A C1 control (the 8-bit CSI), DEL, a carriage return and a line
        // break; a right-to-left mark stays, as Hebrew text needs it.
        assert_eq!(
            terminal_text("a\u{9b}31m b\u{7f} c\rd\ne \u{200f}"),
            "a\\u{9b}31m b\\u{7f} c\\rd\\ne \u{200f}"
        );
    }

    #[test]
    fn messages_are_one_printable_line() {
        assert_eq!(printable("a.txt: binary"), "a.txt: binary");
        assert_eq!(
            printable("evil\nwarning: all good.txt: binary"),
            "evil\\nwarning: all good.txt: binary"
        );
        assert_eq!(printable("f\u{1b}[31mRED.jsonl"), "f\\u{1b}[31mRED.jsonl");
        // A right-to-left override would show `report\u{202e}slx.txt` as
        // `reporttxt.xls`.
        assert_eq!(printable("report\u{202e}slx.txt"), "report\\u{202e}slx.txt");
        assert_eq!(printable("a\u{2066}b\u{200f}"), "a\\u{2066}b\\u{200f}");
    }

    #[test]
    fn a_change_is_written_with_the_decimals_that_show_it() {
        assert_eq!(change_decimals(1.234, 2), Some(2));
        assert_eq!(change_decimals(0.004, 2), Some(3));
        assert_eq!(change_decimals(-0.00004, 2), Some(5));
        assert_eq!(change_decimals(0.005, 2), Some(2));
        assert_eq!(change_decimals(1e-9, 2), None);
        assert_eq!(change_decimals(0.0, 2), None);
    }

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

    /// A cell's control characters are escapes in a text table (found by
    /// an adversarial test: a title's escape sequence reached the
    /// terminal, a file name's line break split a row).
    #[test]
    fn text_table_cells_hold_no_control_characters() {
        let mut df = df!(
            "doc_id" => ["a\nb", "c"],
            "title" => ["Evil \u{1b}]0;pwned\u{7} title", "Tab\there"],
        )
        .unwrap();
        let mut out = Vec::new();
        write_table(&mut df, Format::Table, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 3, "{out}");
        assert!(!out.contains(['\u{1b}', '\u{7}', '\t']), "{out}");
        assert!(
            out.contains("a\\nb") && out.contains("\\u{1b}]0;pwned\\u{7}"),
            "{out}"
        );
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

    /// A write that fails removes the folders it made (a full disk had
    /// left `new/deep/`), and no folder that was there.
    #[test]
    fn a_failed_write_removes_the_folders_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/deep/s.csv");
        let failed = write_atomic(&path, |_| Err(Error::Invalid("boom".into())));
        assert!(failed.is_err());
        assert!(!dir.path().join("new").exists());
        fs::create_dir(dir.path().join("kept")).unwrap();
        let failed = write_atomic(&dir.path().join("kept/new/s.csv"), |_| {
            Err(Error::Invalid("boom".into()))
        });
        assert!(failed.is_err());
        assert!(dir.path().join("kept").exists());
        assert!(!dir.path().join("kept/new").exists());
    }

    #[test]
    fn an_io_error_names_no_temporary_file() {
        let wrapped = io::Error::new(
            io::ErrorKind::StorageFull,
            TempLike(io::Error::from_raw_os_error(28)),
        );
        assert!(wrapped.to_string().contains(".folio-tmp"));
        let plain = plain_io(wrapped).to_string();
        assert!(!plain.contains(".folio-tmp"), "{plain}");
        assert!(plain.contains("os error 28"), "{plain}");
    }

    /// An error as the tempfile crate makes them: the OS error's message
    /// and the temporary file's path after it, no source.
    #[derive(Debug)]
    struct TempLike(io::Error);

    impl std::fmt::Display for TempLike {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{} at path \"/x/.folio-1-abc.folio-tmp\"", self.0)
        }
    }

    impl std::error::Error for TempLike {}
}
