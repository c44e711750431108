//! Command-line arguments (clap derive). Only this module and `cmd` know
//! about clap; arguments become library option structs in `cmd`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// folio: corpus statistics and revision diffs for collections of text
/// documents.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, propagate_version = true)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// In CSV outputs, put `'` before a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, so a spreadsheet shows it rather than running it as a formula.
    #[arg(long, global = true)]
    pub excel_safe: bool,
    /// Start CSV outputs with a UTF-8 byte-order mark, so a spreadsheet opened by double-click reads accents and umlauts right.
    #[arg(long, global = true)]
    pub bom: bool,
}

/// folio's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute per-document statistics (one row per document).
    Stats(StatsArgs),
    /// Term and n-gram frequencies of a corpus (counts, per million, idf, tf-idf).
    Terms(TermsArgs),
    /// Words that distinguish one corpus from another (log-likelihood, log ratio).
    Keyness(KeynessArgs),
    /// Every occurrence of a word, in context (a concordance).
    Kwic(KwicArgs),
    /// Compare two versions of a document: sentences added, deleted, edited, moved.
    Diff(DiffArgs),
    /// Compare two releases of a corpus: which documents changed, and how.
    Compare(CompareArgs),
    /// Follow every document through a series of releases.
    History(HistoryArgs),
    /// Run everything on a corpus into a report folder (default: corpus/ → reports/).
    Report(ReportArgs),
    /// Print each sentence of documents on a line of its own, as folio splits them.
    Sentences(SentencesArgs),
    /// Print the data dictionary of every table folio writes (or of one: folio schema changes).
    Schema(SchemaArgs),
}

/// Table output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Comma-separated values (nulls are empty fields).
    Csv,
    /// Apache Parquet with real column types.
    Parquet,
    /// A JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// An aligned text table.
    Table,
}

/// Boilerplate removal modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BoilerplateArg {
    /// Built-in trailer patterns, plus lines repeated across a release of 10+ documents.
    Auto,
    /// Built-in trailer patterns only.
    Trailers,
    /// Keep everything.
    None,
}

/// How a folder of folders is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Releases on evidence: every entry a folder, names dated or numbered and consecutive folders sharing a document id, or sharing half their ids with alike texts (see README, Releases); the note on stderr says which reading was chosen and why.
    Auto,
    /// Every subfolder is a release.
    Releases,
    /// One corpus; subfolders only make up the ids.
    Flat,
}

/// Options shared by every command that reads a corpus.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Boilerplate to remove before counting.
    #[arg(long, value_enum, default_value = "auto")]
    pub boilerplate: BoilerplateArg,
    /// How to read a folder whose entries are all folders.
    #[arg(long, value_enum, default_value = "auto")]
    pub layout: LayoutArg,
    /// Skip files and folders matching this glob (relative path or name; repeatable): --exclude drafts --exclude '*.bak.txt'.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The order of releases: a file with one release (folder) name a line, oldest first (default: natural order of names, `2` before `10`).
    #[arg(long, value_name = "FILE")]
    pub order: Option<PathBuf>,
    /// The order file as read, once: a pipe (`--order <(…)`) has nothing
    /// to give a second time, and a FIFO would wait for a writer.
    #[arg(skip)]
    pub order_read: std::sync::OnceLock<Result<Vec<String>, String>>,
    /// MATTR window, in words (1–1,000,000).
    #[arg(allow_negative_numbers = true, long, default_value_t = 100, value_parser = whole::<u64>(1, 1_000_000))]
    pub mattr_window: u64,
    /// Worker threads, 1–1024 (default: one per core; at most 4 per core are used).
    #[arg(allow_negative_numbers = true, short = 'j', long, value_parser = whole::<u64>(1, 1024))]
    pub jobs: Option<u64>,
    /// No progress bar and no warnings on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// Field (JSON lines) or column (CSV, Parquet) holding each document's id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// Field or column holding each document's title.
    #[arg(long, value_name = "NAME", default_value = "title")]
    pub title_field: String,
    /// Field or column holding each document's text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// Carry these fields (JSON lines) or columns (CSV, Parquet) of records into the stats table after title, and into changes and timeline after status, typed as found: a comma-separated list (url,date,outlet), or all (every scalar field).
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub keep_fields: Vec<String>,
    /// Field or column saying which release each record belongs to (a crawl date, a version): every record is one version of one document, and the releases are its values, in natural order (or --order).
    #[arg(long, value_name = "NAME")]
    pub release_field: Option<String>,
    /// Skip (with a warning, unread) files and records larger than this: bytes, or with K, M, G (KiB, MiB, GiB).
    #[arg(allow_negative_numbers = true, long, value_name = "SIZE", default_value = "64M", value_parser = parse_doc_size)]
    pub max_doc_bytes: u64,
    /// Add the abbreviations of this file (format: src/data/abbreviations/README.md) to the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub abbreviations: Option<PathBuf>,
}

/// Output formats of `folio sentences`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SentencesFormatArg {
    /// One sentence a line (a `# doc_id` line before each document when there are several).
    Text,
    /// One row a sentence: doc_id, release, path, paragraph, sentence, text, prose.
    Csv,
    /// The rows of `csv`, as Parquet.
    Parquet,
}

/// Arguments of `folio sentences`.
#[derive(Debug, Args)]
pub struct SentencesArgs {
    /// Files and folders to read (`-`: standard input).
    #[arg(required = true, value_parser = input())]
    pub paths: Vec<PathBuf>,
    /// Output format [default: from -o's extension (.csv), else text].
    #[arg(long, value_enum)]
    pub format: Option<SentencesFormatArg>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// A whole number from `lo` to `hi`: `-1` or `2.5` is refused naming the
/// bounds (clap's own parser said "invalid digit found in string").
fn whole<T>(lo: u64, hi: u64) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: TryFrom<u64>,
{
    move |s| {
        let n = s
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (lo..=hi).contains(n));
        match n.and_then(|n| T::try_from(n).ok()) {
            Some(n) => Ok(n),
            None if hi == u64::MAX => Err(format!("must be a whole number, {lo} or more")),
            None => Err(format!("must be a whole number from {lo} to {hi}")),
        }
    }
}

/// A number from 0 to 1.
fn fraction(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("must be a number from 0 to 1".to_string()),
    }
}

/// A size in bytes: a number, optionally followed by K, M or G (powers of
/// 1024, `B`/`iB` suffixes allowed); from 1 byte to 1 TiB.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower
        .strip_suffix("ib")
        .or_else(|| lower.strip_suffix('b'))
        .unwrap_or(&lower);
    let (digits, shift) = match body.chars().last() {
        Some('k') => (&body[..body.len() - 1], 10),
        Some('m') => (&body[..body.len() - 1], 20),
        Some('g') => (&body[..body.len() - 1], 30),
        Some('t') => (&body[..body.len() - 1], 40),
        _ => (body, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 1000000, 500K, 64M, 1G)"))?;
    let bytes = n
        .checked_mul(1u64 << shift)
        .filter(|&b| (1..=1u64 << 40).contains(&b))
        .ok_or_else(|| format!("{s:?}: a size must be between 1 byte and 1T"))?;
    Ok(bytes)
}

/// A document's size limit (`--max-doc-bytes`): a size of at most
/// [`folio::corpus::MAX_DOC_BYTES`] (2G).
pub fn parse_doc_size(s: &str) -> Result<u64, String> {
    let out_of_range = || format!("{s:?}: a document's size limit is between 1 byte and 2G");
    match parse_size(s) {
        Ok(b) if b <= folio::corpus::MAX_DOC_BYTES => Ok(b),
        Ok(_) => Err(out_of_range()),
        Err(e) if e.contains("between") => Err(out_of_range()),
        Err(e) => Err(e),
    }
}

/// An input named on the command line: `-` is standard input (read as
/// `/dev/stdin`, a plain-text document with the id `stdin`), as `cat`
/// reads it; a file named `-` is `./-`. A name need not be UTF-8 (a
/// Latin-1 name from an old archive had been refused before anything was
/// read, by a message naming no argument).
fn input() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser;
    clap::builder::OsStringValueParser::new().map(|s| {
        if s == "-" {
            PathBuf::from("/dev/stdin")
        } else {
            PathBuf::from(s)
        }
    })
}

/// Arguments of `folio stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Folders and files to read: .txt, .md, .rst, .html, and records in .jsonl, .csv, .parquet (default: corpus/; `-`: standard input).
    #[arg(value_parser = input())]
    pub paths: Vec<PathBuf>,
    /// Write to this file instead of standard output (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension of --output, which must be one of these; csv on standard output).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Print the data dictionary of the table instead of computing it.
    #[arg(long)]
    pub describe: bool,
    /// Only shard K of N (K from 1 to N): the documents whose id hashes to it, so N machines
    /// (or an array job) each write a part (`-o part-K.parquet`) that polars, DuckDB and Spark
    /// read as one table; boilerplate is still found over the whole corpus.
    #[arg(long, value_name = "K/N", value_parser = folio::analyze::Shard::parse)]
    pub shard: Option<folio::analyze::Shard>,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// Case of terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CaseArg {
    /// As written.
    Keep,
    /// Lowercased.
    Lower,
}

/// The log-likelihood statistic of `folio keyness`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LlArg {
    /// Rayson & Garside (2000): the term's two cells.
    TwoCell,
    /// Dunning (1993): the whole 2 × 2 table.
    FourCell,
}

/// Grouping of the terms table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// One group per release.
    Release,
    /// One group per document.
    Doc,
}

/// Arguments of `folio terms`.
#[derive(Debug, Args)]
pub struct TermsArgs {
    /// Folders and files to read (default: corpus/; `-`: standard input).
    #[arg(value_parser = input())]
    pub paths: Vec<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension of --output, which must be one of these; csv on standard output).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Words per term (1, 2 or 3); n-grams never cross a sentence end.
    #[arg(allow_negative_numbers = true, long, default_value_t = 1, value_parser = whole::<u64>(1, 3))]
    pub ngram: u64,
    /// Drop terms occurring fewer times than this.
    #[arg(allow_negative_numbers = true, long, value_name = "N", default_value_t = 1, value_parser = whole::<u64>(0, u64::MAX))]
    pub min_count: u64,
    /// Keep only the K most frequent terms (of each group).
    #[arg(allow_negative_numbers = true, long, value_name = "K", value_parser = whole::<usize>(0, u64::MAX))]
    pub top: Option<usize>,
    /// Count per release or per document instead of over the whole corpus.
    #[arg(long, value_enum)]
    pub by: Option<ByArg>,
    /// Drop terms holding a stopword of this language (ISO 639-1 code, e.g. en), or none.
    #[arg(long, value_name = "LANG", default_value = "none")]
    pub stopwords: String,
    /// Case of terms.
    #[arg(long, value_enum, default_value = "lower")]
    pub case: CaseArg,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// Arguments of `folio keyness`.
#[derive(Debug, Args)]
pub struct KeynessArgs {
    /// The target corpus (a folder or a file; `-`: standard input).
    #[arg(value_parser = input())]
    pub target: PathBuf,
    /// The reference corpus (a folder or a file; `-`: standard input).
    #[arg(value_parser = input())]
    pub reference: PathBuf,
    /// The log-likelihood statistic: two-cell (Rayson & Garside 2000; UCREL's calculator, AntConc) or four-cell (Dunning 1993; the G-test without continuity correction).
    #[arg(long, value_enum, default_value = "two-cell")]
    pub ll: LlArg,
    /// Drop terms occurring fewer than N times in the two corpora together.
    #[arg(allow_negative_numbers = true, long, value_name = "N", default_value_t = 1, value_parser = whole::<u64>(0, u64::MAX))]
    pub min_count: u64,
    /// Keep only the K terms of largest |G²|.
    #[arg(allow_negative_numbers = true, long, value_name = "K", value_parser = whole::<usize>(0, u64::MAX))]
    pub top: Option<usize>,
    /// Drop stopwords of this language (ISO 639-1 code, e.g. en), or none; corpus sizes still count every word.
    #[arg(long, value_name = "LANG", default_value = "none")]
    pub stopwords: String,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension of --output, which must be one of these; csv on standard output).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// Orders of `folio kwic` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicSortArg {
    /// Documents in corpus order, matches in text order.
    Doc,
    /// By the words left of the match, nearest first (case folded).
    Left,
    /// By the words right of the match (case folded).
    Right,
}

/// Output formats of `folio kwic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicFormatArg {
    /// Aligned concordance lines.
    Text,
    /// One row per occurrence.
    Csv,
    /// One row per occurrence, as Parquet.
    Parquet,
}

/// Arguments of `folio kwic`.
#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The corpus (a folder or a file; `-`: standard input).
    #[arg(value_parser = input())]
    pub corpus_path: PathBuf,
    /// The word to find (a whole token; `*` any characters, `?` one: `patent*`), a phrase of such words (`"patent licen*"`), or a regular expression with --regex.
    pub pattern: String,
    /// Words of context on each side (0–1000).
    #[arg(allow_negative_numbers = true, long, value_name = "N", default_value_t = 5, value_parser = whole::<u64>(0, 1000))]
    pub window: u64,
    /// PATTERN is a regular expression, matched against whole tokens.
    #[arg(long)]
    pub regex: bool,
    /// Order of the lines: as in the documents, or by the words to the left (nearest first) or right of the match.
    #[arg(long, value_enum, default_value = "doc")]
    pub sort: KwicSortArg,
    /// Match case exactly (default: case-insensitive).
    #[arg(long)]
    pub case_sensitive: bool,
    /// Output format [default: from -o's extension (.csv, .parquet), else text].
    #[arg(long, value_enum)]
    pub format: Option<KwicFormatArg>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// Output formats of `folio diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatArg {
    /// A readable report with inline word marks.
    Text,
    /// One row per sentence-level operation.
    Csv,
    /// The rows of `csv`, as Parquet.
    Parquet,
    /// The whole diff: summary, statistic deltas, operations and word changes.
    Json,
}

/// When to color the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Boilerplate modes of `folio diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffBoilerplateArg {
    /// Built-in trailer patterns.
    Trailers,
    /// Keep everything.
    None,
}

/// Arguments of `folio diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version (.txt, .md, .rst or .html; `-`: standard input).
    #[arg(value_parser = input())]
    pub old: PathBuf,
    /// The new version (.txt, .md, .rst or .html; `-`: standard input).
    #[arg(value_parser = input())]
    pub new: PathBuf,
    /// Output format [default: from -o's extension (.csv, .json), else text].
    #[arg(long, value_enum)]
    pub format: Option<DiffFormatArg>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Unchanged sentences shown around each change in the text report (0–1000).
    #[arg(allow_negative_numbers = true, long, value_name = "N", default_value_t = 1, value_parser = whole::<u64>(0, 1000))]
    pub context: u64,
    /// Print only the summary (similarity, counts, statistic changes).
    #[arg(long)]
    pub stat: bool,
    /// Exit with 1 when the versions differ, 0 when they do not (2 on error).
    #[arg(long)]
    pub exit_code: bool,
    /// Color the text report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    /// Boilerplate to remove before comparing.
    #[arg(long, value_enum, default_value = "trailers")]
    pub boilerplate: DiffBoilerplateArg,
    /// Case differences are not changes.
    #[arg(long)]
    pub ignore_case: bool,
    /// Punctuation differences are not changes.
    #[arg(long)]
    pub ignore_punctuation: bool,
    /// Typographic and straight quotes, dashes and no-break spaces are not changes (the default, as in `compare`; kept for scripts).
    #[arg(long, conflicts_with = "exact_quotes")]
    pub normalize_quotes: bool,
    /// Typographic and straight quotes, dashes and no-break spaces are changes (`didn't` → `didn’t` a word edited).
    #[arg(long)]
    pub exact_quotes: bool,
    /// Word similarity (0–1) at which two sentences count as one edited or moved sentence.
    #[arg(allow_negative_numbers = true, long, value_name = "X", default_value_t = 0.5, value_parser = fraction)]
    pub threshold: f64,
    /// Steps of sequence diffing allowed before results turn coarse (a work bound, the same on every machine).
    #[arg(allow_negative_numbers = true, long, value_name = "STEPS", default_value_t = folio::diff::DEFAULT_MAX_WORK, value_parser = whole::<u64>(0, u64::MAX))]
    pub max_work: u64,
    /// Report only the changes in sections whose heading matches this pattern (Rust regex syntax, e.g. '§ 312').
    #[arg(long, value_name = "REGEX")]
    pub section: Option<String>,
    /// Refuse versions larger than this (an error, exit 2): bytes, or with K, M, G (KiB, MiB, GiB).
    #[arg(allow_negative_numbers = true, long, value_name = "SIZE", default_value = "64M", value_parser = parse_doc_size)]
    pub max_doc_bytes: u64,
    /// Add the abbreviations of this file (format: src/data/abbreviations/README.md) to the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub abbreviations: Option<PathBuf>,
    /// No notes on stderr, as every other command takes it (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of commands that write an output folder.
#[derive(Debug, Clone, Args)]
pub struct OutDirArgs {
    /// Write into a non-empty folder that is not a folio output folder (folio's own files are added; nothing else is touched).
    #[arg(long)]
    pub force: bool,
    /// Fail at once, instead of waiting, when another folio run is writing into the output folder.
    #[arg(long)]
    pub no_wait: bool,
}

/// Options of release comparisons.
#[derive(Debug, Clone, Args)]
pub struct ChangeArgs {
    /// A document whose change (1 − similarity) is below this is reported unchanged (non-significant).
    #[arg(allow_negative_numbers = true, long, value_name = "X", default_value_t = 0.0, value_parser = fraction)]
    pub min_change: f64,
    /// Word similarity (0–1) at which an unmatched old and new document are one renamed document.
    #[arg(allow_negative_numbers = true, long, value_name = "X", default_value_t = 0.5, value_parser = fraction)]
    pub rename_threshold: f64,
    /// Steps of sequence diffing each document diff may take before its results turn coarse (the same on every machine).
    #[arg(allow_negative_numbers = true, long, value_name = "STEPS", default_value_t = folio::diff::DEFAULT_MAX_WORK, value_parser = whole::<u64>(0, u64::MAX))]
    pub max_work: u64,
    /// Compare only the sections whose heading matches this pattern (Rust regex syntax): other changes are not reported.
    #[arg(long, value_name = "REGEX")]
    pub section: Option<String>,
    /// Text of each release kept in memory, at most: bytes, or with K, M, G (KiB, MiB, GiB). The rest goes to a temporary file (in TMPDIR) and is read back when compared; when none can be written, it stays in memory, with a warning. (A feed file is read whole before its texts are stored.)
    #[arg(allow_negative_numbers = true, long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub texts_in_memory: u64,
}

/// Arguments of `folio compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The old release (a folder), or the old version of one document (a file; `-`: standard input); with --release-field, a feed of records.
    #[arg(value_parser = input())]
    pub old: PathBuf,
    /// The new release (a folder), or the new version of one document (a file; `-`: standard input); with --release-field, more of the feed (optional).
    #[arg(value_parser = input())]
    pub new: Option<PathBuf>,
    /// With --release-field: the release (a value of the field) to compare from; needs --to. Without them, the feed must hold exactly two releases.
    #[arg(long, value_name = "VALUE", requires = "to")]
    pub from: Option<String>,
    /// With --release-field: the release to compare to; needs --from.
    #[arg(long, value_name = "VALUE", requires = "from")]
    pub to: Option<String>,
    /// The output folder.
    #[arg(short, long, value_name = "DIR", default_value = "reports/compare")]
    pub output: PathBuf,
    /// The text diff of each changed document: one file each in diffs/, one diffs.patch with a header per document, or none.
    #[arg(long, value_enum, default_value = "files")]
    pub diffs: DiffsArg,
    /// Only shard K of N (K from 1 to N): the rows of pairs whose old id hashes to it and of added documents whose new id does, so N machines each write a folder whose tables together are the whole comparison's; both releases are still read whole, so renames are found across shards.
    #[arg(long, value_name = "K/N", value_parser = folio::analyze::Shard::parse)]
    pub shard: Option<folio::analyze::Shard>,
    /// Output folder options.
    #[command(flatten)]
    pub out: OutDirArgs,
    /// Comparison options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// How `compare` and `report` write the text diffs of changed documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffsArg {
    /// One file per changed document in diffs/ (by its id).
    Files,
    /// One diffs.patch: every changed document's diff after a header line.
    Single,
    /// No text diffs (the tables still hold every change).
    None,
}

/// Arguments of `folio schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The table: stats, diff, changes, edits, timeline, documents, terms, keyness, kwic, sentences, boilerplate, errors (default: all).
    pub table: Option<String>,
}

/// Arguments of `folio history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// A folder of releases, release folders in order, or versions of one document as files in order (v01.txt v02.txt ...).
    #[arg(required = true, value_parser = input())]
    pub releases: Vec<PathBuf>,
    /// The one folder given holds versions of one document, one file each, in natural order of names.
    #[arg(long)]
    pub versions: bool,
    /// The output folder.
    #[arg(short, long, value_name = "DIR", default_value = "reports/history")]
    pub output: PathBuf,
    /// Output folder options.
    #[command(flatten)]
    pub out: OutDirArgs,
    /// Comparison options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Corpus options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// Arguments of `folio report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The corpus: a folder of releases, one release, or a folder of documents.
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// The report folder.
    #[arg(short, long, value_name = "DIR", default_value = "reports")]
    pub output: PathBuf,
    /// The corpus folder holds versions of one document, one file each, in natural order of names (as `history --versions`).
    #[arg(long)]
    pub versions: bool,
    /// The text diff of each changed document in compare/FROM..TO/: one file each in diffs/, one diffs.patch, or none.
    #[arg(long, value_enum, default_value = "files")]
    pub diffs: DiffsArg,
    /// Skip the HTML report (index.html, a page per changed document, feed.xml).
    #[arg(long)]
    pub no_html: bool,
    /// Output folder options.
    #[command(flatten)]
    pub out: OutDirArgs,
    /// Comparison options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Corpus options.
    #[command(flatten)]
    pub corpus_args: CorpusArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
