//! The stats table: its columns (defined here only), the polars DataFrame,
//! and the data dictionary.

use std::borrow::Cow;

use polars::prelude::*;

use crate::stats::DocStats;
use crate::table::{col, Table, Type, Value};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text, never null.
    Str,
    /// Text, null when absent.
    OptStr,
    /// A count, never null: a signed 64-bit integer in tables, so that
    /// differences of two tables can be negative.
    Count,
    /// Floating-point number, null when undefined.
    Float,
}

impl Kind {
    /// The type's name in the data dictionary.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Str => "string",
            Kind::OptStr => "string (nullable)",
            Kind::Count => "int64",
            Kind::Float => "float64 (nullable)",
        }
    }
}

/// A cell value, borrowed from a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text.
    Str(Option<&'a str>),
    /// A count.
    Count(u64),
    /// A number, rounded to [`DECIMALS`] places.
    Float(Option<f64>),
}

/// Floating-point columns are rounded to this many decimal places, in every
/// output format, so that tables are readable and diff cleanly.
pub const DECIMALS: i32 = 4;

/// A number rounded to [`DECIMALS`] places, as every table writes floats.
/// A value that rounds to zero is written `0.0`, never `-0.0`.
pub(crate) fn round_decimals(x: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    (x * scale).round() / scale + 0.0
}

/// One column of the stats table.
pub struct Column {
    /// snake_case name.
    pub name: &'static str,
    /// Type.
    pub kind: Kind,
    /// Unit or range.
    pub unit: &'static str,
    /// What it means, and how it is computed.
    pub meaning: &'static str,
    /// Reads the column's value from a row.
    pub get: fn(&DocStats) -> Cell<'_>,
}

macro_rules! col {
    ($name:literal, $kind:ident, $unit:literal, $meaning:literal, $get:expr) => {
        Column {
            name: $name,
            kind: Kind::$kind,
            unit: $unit,
            meaning: $meaning,
            get: $get,
        }
    };
}

/// The columns of the stats table, in order.
pub static STATS_COLUMNS: &[Column] = &[
    col!("doc_id", Str, "", "Path relative to the corpus root (or release folder), without extension, `/`-separated.", |r| Cell::Str(Some(&r.doc_id))),
    col!("release", Str, "", "Name of the release folder; empty when the corpus is not a folder of releases.", |r| Cell::Str(Some(&r.release))),
    col!("path", Str, "", "The file as found, `/`-separated.", |r| Cell::Str(Some(&r.path))),
    col!("title", OptStr, "", "The title the text opens with (after blank lines, and a reStructuredText document's targets and comments): its first line when a blank line follows it (Markdown `#` removed), or a line underlined, or over- and underlined (`Lamp API` / `========`); a web page's title; a record's title field; null when there is none.", |r| Cell::Str(r.title.as_deref())),
    col!("bytes", Count, "bytes", "Size of the file; for a record of a JSON-lines or CSV file its record's (its line of JSON, its CSV row), for a row of a Parquet file its text's.", |r| Cell::Count(r.bytes)),
    col!("chars", Count, "characters", "Unicode characters of the analysed text (decoded, NFC, boilerplate removed, title included).", |r| Cell::Count(r.text.chars)),
    col!("letters", Count, "characters", "Alphabetic characters inside words (a web or e-mail address has none).", |r| Cell::Count(r.text.letters)),
    col!("words", Count, "words", "Words: Unicode (UAX #29) word segments holding a letter or digit, with hyphenated compounds (an en dash between letters as a hyphen; a word broken after its hyphen at a line's end too), times, spaced thousands, letter-number names (`H.263`), units' powers (`km²`), Spanish and Portuguese ordinals and their marks (`1.º`, `2.ª`, `3.er`, `n.º`) a number's plural (`1970's`) and a word's ending or part in brackets (`court(s)`, `Laub(misch)wald`) joined. Numbers are words; a web or e-mail address, or a path (`/etc/fstab`), is one word (a Markdown link's address, or an image's alternative text, none); a French or Italian elision is two (`l’homme`: `l`, `homme`; textstat counts one); raw HTML (tags, comments, `&amp;`) holds none.", |r| Cell::Count(r.text.words)),
    col!("unique_words", Count, "words", "Distinct words after lowercasing.", |r| Cell::Count(r.text.unique_words)),
    col!("sentences", Count, "sentences", "Sentences holding at least one word; the title is one, as are a heading, a table's cell and a list's entry (see `prose_sentences`).", |r| Cell::Count(r.text.sentences)),
    col!("paragraphs", Count, "paragraphs", "Paragraphs (blocks between blank lines, or long lines) holding at least one word; the title is one.", |r| Cell::Count(r.text.paragraphs)),
    col!("syllables", Count, "syllables", "Syllables: for English the CMU Pronouncing Dictionary, else a tested rule-based estimate; for Spanish and French rules of each language's spelling (hiatus, diphthongs, French mute final e); for German, Italian, Dutch and other languages with TeX hyphenation patterns the pieces between hyphenation points, the first and last piece counting their vowel nuclei (patterns never break next to a word's edge: `O-per`); else vowel groups. An initialism the document writes only in capitals and the dictionary lacks (`KDE`, `GPUs`, `ZDF`) counts its letters' names. Exact-match rates on hand-counted gold lists are in the README. Numbers, web or e-mail addresses, file paths and file names (`/etc/apt/sources.list`, `ch02.html`) count 1 — a convention, as read aloud they are longer: such tokens are 1–2% of a technical manual's words, and lower its reading ease by up to a few points; a French or Italian elided word without a vowel (`l’`, `d’`, `qu’`) counts 0, said with the next word — as does a letter standing alone in those languages (`touche d`, a table's `V:`), which the counter cannot tell from an elision.", |r| Cell::Count(r.text.syllables)),
    col!("polysyllabic_words", Count, "words", "Words of 3 or more syllables.", |r| Cell::Count(r.text.polysyllabic_words)),
    col!("long_words", Count, "words", "Words of 7 or more letters.", |r| Cell::Count(r.text.long_words)),
    col!("avg_word_length", Float, "characters", "Letters and digits per word of the prose sentences.", |r| Cell::Float(r.text.avg_word_length())),
    col!("avg_sentence_length", Float, "words", "Words per sentence of prose (ASL): `prose_words` / `prose_sentences`.", |r| Cell::Float(r.text.avg_sentence_length())),
    col!("avg_syllables_per_word", Float, "syllables", "Syllables per word of the prose sentences (ASW).", |r| Cell::Float(r.text.avg_syllables_per_word())),
    col!("flesch_reading_ease", Float, "score", "Flesch (1948): 206.835 − 1.015·ASL − 84.6·ASW. Higher is easier. Calibrated on English, whatever the text's language: for other languages read `reading_ease`.", |r| Cell::Float(r.text.flesch_reading_ease())),
    col!("reading_ease", Float, "score", "Flesch reading ease in the version published for the document's language (named in `reading_ease_formula`), higher is easier: en Flesch (1948) 206.835 − 1.015·ASL − 84.6·ASW; de Amstad (1978) 180 − ASL − 58.5·ASW; fr Kandel & Moles (1958) 207 − 1.015·ASL − 73.6·ASW; es Fernández Huerta (1959, with the correction of Law 2011) 206.84 − 1.02·ASL − 60·ASW; it Franchina & Vacca (1986) 217 − 1.3·ASL − 60·ASW; nl Douma (1960) 206.84 − 0.93·ASL − 77·ASW. Null for other languages and without a language.", |r| Cell::Float(r.text.reading_ease())),
    col!("reading_ease_formula", OptStr, "", "The variant `reading_ease` used: `flesch`, `amstad`, `kandel_moles`, `fernandez_huerta`, `flesch_vacca`, `douma`; null with `reading_ease`.", |r| Cell::Str(r.text.reading_ease_formula())),
    col!("flesch_kincaid_grade", Float, "US grade", "Kincaid et al. (1975): 0.39·ASL + 11.8·ASW − 15.59. Calibrated on English (US school grades); for German read `wiener_sachtextformel`, for other languages `reading_ease`.", |r| Cell::Float(r.text.flesch_kincaid_grade())),
    col!("gunning_fog", Float, "US grade", "Gunning (1952): 0.4·(ASL + 100·polysyllabic words/words), words of the prose sentences; every 3+ syllable word is complex (as quanteda; textstat also exempts its easy-word list). Calibrated on English (US school grades).", |r| Cell::Float(r.text.gunning_fog())),
    col!("smog", Float, "US grade", "McLaughlin (1969): 1.0430·√(30·polysyllabic words/sentences) + 3.1291, over the prose sentences, for any number of sentences (30 recommended). Calibrated on English (US school grades).", |r| Cell::Float(r.text.smog())),
    col!("coleman_liau", Float, "US grade", "Coleman & Liau (1975): 0.0588·L − 0.296·S − 15.8, L = letters and S = sentences per 100 words of the prose sentences (textstat uses 0.058 and counts digits as letters). Calibrated on English (US school grades).", |r| Cell::Float(r.text.coleman_liau())),
    col!("ari", Float, "US grade", "Automated Readability Index (Senter & Smith 1967): 4.71·avg_word_length + 0.5·ASL − 21.43 (characters = letters and digits of words; textstat counts all non-space characters). Calibrated on English (US school grades).", |r| Cell::Float(r.text.ari())),
    col!("lix", Float, "score", "Björnsson (1968): ASL + 100·long words/words, words of the prose sentences. Made for Swedish and used across languages (it needs no syllables).", |r| Cell::Float(r.text.lix())),
    col!("wiener_sachtextformel", Float, "school grade", "German text only (null otherwise): the first Wiener Sachtextformel (Bamberger & Vanecek 1984), 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875, MS = % words of 3+ syllables, SL = ASL, IW = % words of more than 6 letters, ES = % words of one syllable, words of the prose sentences; about 4 (easy) to 15 (hard).", |r| Cell::Float(r.text.wiener_sachtextformel())),
    col!("type_token_ratio", Float, "0–1", "unique_words / words.", |r| Cell::Float(r.text.type_token_ratio())),
    col!("mattr", Float, "0–1", "Moving-average TTR (Covington & McFall 2010): mean TTR of every window of `--mattr-window` words (default 100); equals the TTR when the text is shorter than the window.", |r| Cell::Float(r.text.mattr)),
    col!("mtld", Float, "words", "MTLD (McCarthy & Jarvis 2010), mean of a forward and a backward pass; a factor ends when the running TTR falls to ≤ 0.72; the remainder adds (1 − TTR)/(1 − 0.72) (as lexicalrichness; no minimum factor length). Null when no factor forms.", |r| Cell::Float(r.text.mtld)),
    col!("yules_k", Float, "score", "Yule's K (1944): 10⁴·(Σ i²·Vᵢ − N)/N², N = words, Vᵢ = distinct words occurring i times.", |r| Cell::Float(r.text.yules_k())),
    col!("hapax_ratio", Float, "0–1", "Distinct words occurring once / distinct words.", |r| Cell::Float(r.text.hapax_ratio())),
    col!("language", OptStr, "ISO 639", "Detected language: from the stopwords of the NLTK lists when one language clearly dominates (30 words or more) — those of the prose sentences first, which readability reads, when a fifth of the words or more are in sentences that are no prose (a man page's table of names in English over its Italian prose is Italian) —, else whatlang: on the first 1 KiB (4 KiB when unsure) of a short text, by a vote of 1 KiB samples (up to 16) spread over a longer one whose stopwords are of two languages; where that vote is close, the language with the most stopwords, whatever the order of its paragraphs. A sample mostly in Han, kana or Hangul (each character weighed as three letters, 40% or more) is Chinese, Japanese or Korean, whatever Latin letters its commands and names hold. ISO 639-1 code where one exists (`zh` for Mandarin), else ISO 639-3. Null when undetectable, and when the text is too short to tell: fewer than 5 words, or fewer than 30 words on which whatlang's guess is not reliable.", |r| Cell::Str(r.text.language)),
    col!("stopword_ratio", Float, "0–1", "Share of words in the NLTK stopword list of the detected language; null when there is no list.", |r| Cell::Float(r.text.stopword_ratio())),
    col!("quoted_share", Float, "0–1", "Share of words inside quotation marks (“…”, „…“, «…», ‹…›, \"…\", 「…」, and single ‘…’ and ‚…‘; a quote left open closes at the paragraph's end; a `\"` glued to a number, `42\"`, `5'3\"`, marks seconds or inches and opens none; a straight `\"` after a space and before a letter opens a quotation, whatever was left open, and one after a word and before a space closes one, or is none when none is open — a stray mark does not turn the rest of the paragraph inside out; single marks are apostrophes as often, so a `‘` opens only at a word's start before a letter and when a `’` at a word's end follows in its paragraph — an ‘okina (`‘okina`) or `‘90s` opens none, and a British quotation running over paragraphs counts in its last; ASCII `'` never quotes).", |r| Cell::Float(r.text.quoted_share())),
    col!("numbers", Count, "words", "Words that are numbers (start with a digit, only digits and separators).", |r| Cell::Count(r.text.numbers)),
    col!("code_lines", Count, "lines", "Lines of blocks of code — a Markdown fenced block (``` or ~~~; its fences are no lines of code; one left unclosed is prose), a Markdown file's indented block that reads as code (four spaces in after a blank line, as CommonMark reads it) or `<pre>` block, a reStructuredText literal block (after `::`), code directive's body or doctest block (`>>> `, in a `.rst` file or a text with a directive), a web page's `<pre>`, or a cell, item or line of it all inside `code`/`kbd`/`samp`/`tt` — left out of words, sentences, paragraphs and every measure made of them (readability, diversity, stopwords; terms and kwic too), though `chars` counts them: code is no prose.", |r| Cell::Count(r.text.code_lines)),
    col!("boilerplate_lines", Count, "lines", "Non-blank lines removed as boilerplate before counting: with `--boilerplate trailers`, lines of trailer patterns (related-links blocks closing a document, share, newsletter, copyright and cookie lines); with `auto` (the default), also site chrome repeated on the edges of documents that are not near-copies (see Boilerplate); with `none`, 0.", |r| Cell::Count(r.boilerplate_lines)),
    col!("encoding", Str, "", "Encoding the file was decoded from: UTF-8, UTF-8-BOM, UTF-16LE, UTF-16BE, UTF-32LE, UTF-32BE (with their byte-order marks), UTF-8-lossy (UTF-8 with a few invalid bytes, each read as U+FFFD; so too a web page declared UTF-8, or a file marked so, that holds a byte that is not), or a detected legacy encoding such as windows-1252; a web page that is not valid UTF-8 is decoded as its `<meta charset>` declares.", |r| Cell::Str(Some(r.encoding))),
    col!("extraction", Str, "", "How the text was obtained: `plain` (text, Markdown, a JSON-lines or CSV field, as it is); for web pages `readability` (the main text found by dom_smoothie's port of Mozilla's Readability), `structural` (the page's visible text outside navigation and other chrome, used when Readability's text has fewer than a quarter of its words, or none, or when the page nests its elements too heavily for Readability's time) or `filled` (the visible text from the first to the last block Readability kept, used when it left out 3% of its words or more between them; or the visible text of the element holding both the page's headline and Readability's text, used when that has a quarter more words and three blocks more: a manual's chapter of which Readability took one section or one table).", |r| Cell::Str(Some(r.extraction))),
    col!("prose_sentences", Count, "sentences", "Sentences of prose: those ending with a sentence mark (`.` `!` `?` `…`, and their CJK, Arabic and Indic forms) or a clause mark (`:` `;` `,`), behind any closing quotes, brackets, emphasis, footnote marks or tags. A title, heading, caption, table cell or list entry without one is no prose; nor a Markdown heading, a label opening a block on a line of its own (`FIRST WITCH.`, `Verse 1.`), or a data value closed by an estimate's note (`$144.6 billion (2014 est.)`). An enumeration's clauses (ending with a clause mark, or one and a conjunction: `…; or`) count as one sentence with the one that closes them, and a sentence opening in lower case goes on with the fragments just before it (see the README, \"Which sentences readability counts\"). Readability (`avg_word_length` to `wiener_sachtextformel`) is measured on these sentences and their words only, and is null for a text without one.", |r| Cell::Count(r.text.prose.sentences)),
    col!("prose_words", Count, "words", "Words of the prose sentences: the word count of the readability formulas.", |r| Cell::Count(r.text.prose.words)),
    col!("grade_level", Float, "school grade", "The grade formula of the document's language: `flesch_kincaid_grade` for English (US grades), `wiener_sachtextformel` for German (school grades, about 4–15); null for other languages and without a language (read `reading_ease`). The grade a report averages and shows.", |r| Cell::Float(r.text.grade_level())),
];

/// The stats table (see [`STATS_COLUMNS`]).
pub fn stats_table() -> Table<'static, DocStats> {
    Table {
        name: "stats",
        about: "One row per document: `folio stats`, and `stats.csv`/`stats.parquet` of a report; in release, then path order. Fields kept from records with `--keep-fields` follow `title`, typed as their values are.",
        columns: STATS_COLUMNS
            .iter()
            .map(|c| {
                let get = c.get;
                let ty = match c.kind {
                    Kind::Str => Type::Str,
                    Kind::OptStr => Type::OptStr,
                    Kind::Count => Type::Int,
                    Kind::Float => Type::Float,
                };
                col(c.name, ty, c.unit, c.meaning, move |r: &DocStats| match get(r) {
                    Cell::Str(s) => Value::opt_str(s),
                    Cell::Count(n) => Value::count(n),
                    Cell::Float(x) => Value::Float(x),
                })
            })
            .collect(),
    }
}

/// Builds the stats DataFrame, one row per document, in the given order;
/// fields kept from records (`--keep-fields`) follow `title`.
pub fn to_frame(rows: &[DocStats]) -> PolarsResult<DataFrame> {
    let df = stats_table().frame(rows)?;
    insert_kept(
        df,
        "title",
        rows.iter().map(|r| r.kept.as_slice()),
        Kept::Typed,
    )
}

/// The stats DataFrame of one shard's rows (`--shard K/N`): as
/// [`to_frame`], but the fields kept from records are text, so that the
/// parts of all shards have the same types (typed by their values, a
/// field was an integer in a part and text in another that held one
/// `n/a`, and the parts could not be read as one table).
///
/// `fields` are the kept fields of the whole input (see
/// [`crate::analyze::Analysis::kept_fields`]): every part has their
/// columns, null where its documents lack them, or it has no rows.
pub fn to_shard_frame(rows: &[DocStats], fields: &[String]) -> PolarsResult<DataFrame> {
    let df = stats_table().frame(rows)?;
    insert_kept(
        df,
        "title",
        rows.iter().map(|r| r.kept.as_slice()),
        Kept::Text(fields),
    )
}

/// How the columns of fields kept from records are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kept<'f> {
    /// As their values are (see [`kept_columns`]), one column per field
    /// the rows have.
    Typed,
    /// As text, one column per field of the whole input, in its order:
    /// a shard's part (see [`to_shard_frame`]).
    Text(&'f [String]),
}

/// Inserts the fields kept from records (`--keep-fields`, see
/// [`kept_columns`]) after the column `after`; a kept field named like one
/// of the table's columns is an error.
pub(crate) fn insert_kept<'a>(
    mut df: DataFrame,
    after: &str,
    kept: impl Iterator<Item = &'a [(String, Option<String>)]> + Clone,
    types: Kept<'_>,
) -> PolarsResult<DataFrame> {
    let kept = kept_columns(kept, types)?;
    let at = df
        .get_column_names()
        .iter()
        .position(|n| n.as_str() == after)
        .map_or(0, |i| i + 1);
    for (k, column) in kept.into_iter().enumerate() {
        if df.column(column.name().as_str()).is_ok() {
            polars_bail!(InvalidOperation: "--keep-fields: the field \"{}\" has the name of a folio column; rename it in the data, or keep only other fields", column.name());
        }
        df.insert_column(at + k, column)?;
    }
    Ok(df)
}

/// The columns of fields kept from records (`--keep-fields`), one per
/// field name in order of first appearance, one value per row (null where
/// a row lacks it), each typed as its values are: Int64 when every value
/// is an integer, Float64 when every value is a number, Boolean when every
/// value is `true` or `false`, Date when every value is an ISO date
/// (`2024-03-04`), else String.
pub(crate) fn kept_columns<'a>(
    rows: impl Iterator<Item = &'a [(String, Option<String>)]> + Clone,
    types: Kept<'_>,
) -> PolarsResult<Vec<polars::prelude::Column>> {
    let names = match types {
        Kept::Typed => crate::corpus::first_appearances(
            rows.clone()
                .flat_map(|kept| kept.iter().map(|(name, _)| name)),
        ),
        Kept::Text(fields) => fields.to_vec(),
    };
    names
        .iter()
        .map(|name| {
            let values: Vec<Option<&str>> = rows
                .clone()
                .map(|kept| {
                    kept.iter()
                        .find(|(n, _)| n == name)
                        .and_then(|(_, v)| v.as_deref())
                })
                .collect();
            match types {
                Kept::Typed => typed_column(name, &values),
                Kept::Text(_) => Ok(Series::new(name.into(), values).into()),
            }
        })
        .collect()
}

/// Whether a value reads as a number without losing anything: no leading
/// zero (`02134`, a postcode, stays text), no sign `+`, no spaces, no
/// exponent (`1e3`, `12E4`: codes as often as numbers, and written back
/// as `1000.0`), not a negative zero (`-0`, whose sign a number drops).
fn numeric_as_written(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    let negative_zero = v.starts_with('-') && digits.bytes().all(|b| b == b'0' || b == b'.');
    !v.is_empty()
        && !leading_zero
        && !negative_zero
        && !v.starts_with('+')
        && !v.contains(['e', 'E'])
        && v.trim() == v
}

/// A column of text values, typed as they all are (see [`kept_columns`]).
/// A value that would lose something as a number (`02134`) keeps its
/// column text.
fn typed_column(name: &str, values: &[Option<&str>]) -> PolarsResult<polars::prelude::Column> {
    let present = || values.iter().flatten().map(|v| v.trim());
    let any = present().next().is_some();
    let numeric = any && values.iter().flatten().all(|v| numeric_as_written(v));
    if numeric && present().all(|v| v.parse::<i64>().is_ok()) {
        let v: Vec<Option<i64>> = values
            .iter()
            .map(|v| v.and_then(|v| v.trim().parse().ok()))
            .collect();
        return Ok(Series::new(name.into(), v).into());
    }
    // As floats only where no digit is lost: at most 15 significant digits
    // (a 20-digit id stays text).
    let exact = |v: &str| {
        let mantissa = v.split(['e', 'E']).next().unwrap_or(v);
        mantissa.bytes().filter(u8::is_ascii_digit).count() <= 15
    };
    if numeric && present().all(|v| v.parse::<f64>().is_ok_and(f64::is_finite) && exact(v)) {
        let v: Vec<Option<f64>> = values
            .iter()
            .map(|v| v.and_then(|v| v.trim().parse().ok()))
            .collect();
        return Ok(Series::new(name.into(), v).into());
    }
    if any && present().all(|v| v == "true" || v == "false") {
        let v: Vec<Option<bool>> = values
            .iter()
            .map(|v| v.map(|v| v.trim() == "true"))
            .collect();
        return Ok(Series::new(name.into(), v).into());
    }
    if any && present().all(|v| v.len() == 10 && crate::series::iso_days(v).is_some()) {
        return date_column(
            name,
            values
                .iter()
                .map(|v| v.and_then(|v| crate::series::iso_days(v.trim()))),
        );
    }
    Ok(Series::new(name.into(), values.to_vec()).into())
}

/// A Date column (written `YYYY-MM-DD` in CSV and JSON, a Parquet
/// `date32`) of days since 1970-01-01, null where absent.
pub(crate) fn date_column(
    name: &str,
    days: impl Iterator<Item = Option<i32>>,
) -> PolarsResult<polars::prelude::Column> {
    Series::new(name.into(), days.collect::<Vec<_>>())
        .cast(&DataType::Date)
        .map(Into::into)
}

/// The errors table (`errors.csv` of a report).
pub(crate) fn errors_table() -> Table<'static, crate::Error> {
    Table {
        name: "errors",
        about: "One row per input that could not be used: `errors.csv`/`errors.parquet` of a report (only a header when every document was read).",
        columns: vec![
            col("path", Type::OptStr, "", "The file (`/`-separated), when the problem is a file's.", |e: &crate::Error| {
                Value::Str(e.path().map(|p| Cow::Owned(crate::corpus::slash_path(p))))
            }),
            col("error", Type::Str, "", "The one-line message, as printed on stderr.", |e: &crate::Error| {
                Value::owned(e.to_string())
            }),
        ],
    }
}

/// The errors table: one row per input that could not be used.
pub fn errors_frame(errors: &[crate::Error]) -> PolarsResult<DataFrame> {
    errors_table().frame(errors)
}

/// One line removed as boilerplate, in one release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoilerplateRow {
    /// The release.
    pub release: String,
    /// The line, trimmed.
    pub line: String,
    /// Documents of the release it was removed from.
    pub documents: u64,
    /// Why: `trailer` or `repeated`.
    pub reason: &'static str,
}

/// The boilerplate table (`boilerplate.csv` of a report).
pub fn boilerplate_table() -> Table<'static, BoilerplateRow> {
    Table {
        name: "boilerplate",
        about: "One row per line removed as boilerplate (see Boilerplate): `boilerplate.csv`/`.parquet` of a report; releases in order, then most documents first, then by line.",
        columns: vec![
            col("release", Type::Str, "", "The release (empty when the corpus is not a folder of releases).", |r: &BoilerplateRow| Value::str(&r.release)),
            col("line", Type::Str, "", "The line removed, trimmed.", |r: &BoilerplateRow| Value::str(&r.line)),
            col("documents", Type::Int, "documents", "Documents of the release it was removed from.", |r: &BoilerplateRow| Value::count(r.documents)),
            col("reason", Type::Str, "", "`trailer`: a trailer pattern — share, copyright, cookie, \"Read more:\" lines, or a line of a related-links block; `repeated`: site chrome repeated on the edges of the release's documents.", |r: &BoilerplateRow| Value::str(r.reason)),
        ],
    }
}

/// The `boilerplate` table: one row per line removed as boilerplate, with
/// the release, the number of documents it was removed from and why;
/// releases in the order of `releases` (others after, by name), then most
/// documents first, then by line.
pub fn boilerplate_frame(
    log: &crate::reader::ReadLog,
    releases: &[&str],
) -> PolarsResult<DataFrame> {
    let rank = |r: &str| {
        releases
            .iter()
            .position(|x| *x == r)
            .unwrap_or(releases.len())
    };
    let mut rows: Vec<(&(String, crate::boilerplate::Reason, String), &u64)> =
        log.lines.iter().collect();
    rows.sort_by(|(a, na), (b, nb)| {
        (rank(&a.0), &a.0, std::cmp::Reverse(*na), &a.2, a.1).cmp(&(
            rank(&b.0),
            &b.0,
            std::cmp::Reverse(*nb),
            &b.2,
            b.1,
        ))
    });
    let rows: Vec<BoilerplateRow> = rows
        .into_iter()
        .map(|(k, n)| BoilerplateRow {
            release: k.0.clone(),
            line: k.2.clone(),
            documents: *n,
            reason: k.1.name(),
        })
        .collect();
    boilerplate_table().frame(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_never_writes_negative_zero() {
        assert_eq!(round_decimals(-0.00001).to_string(), "0");
        assert!(round_decimals(-0.00001).is_sign_positive());
        assert_eq!(round_decimals(-0.00006), -0.0001);
        assert_eq!(round_decimals(1.23456), 1.2346);
    }

    #[test]
    fn names_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in STATS_COLUMNS {
            assert!(seen.insert(c.name), "duplicate {}", c.name);
            assert!(c
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()));
        }
    }

    #[test]
    fn kept_values_are_typed_without_losing_anything() {
        let dtype = |values: &[Option<&str>]| typed_column("x", values).unwrap().dtype().clone();
        assert_eq!(dtype(&[Some("12"), None, Some("-3")]), DataType::Int64);
        assert_eq!(dtype(&[Some("1.5"), Some("2")]), DataType::Float64);
        assert_eq!(
            dtype(&[Some("true"), Some("false"), None]),
            DataType::Boolean
        );
        assert_eq!(
            dtype(&[Some("2024-03-04"), Some("2024-02-29")]),
            DataType::Date
        );
        // Postcodes with a leading zero, signs, 20-digit ids, inf: text.
        assert_eq!(dtype(&[Some("02134"), Some("10115")]), DataType::String);
        assert_eq!(dtype(&[Some("+49"), Some("12")]), DataType::String);
        assert_eq!(dtype(&[Some("12345678901234567890")]), DataType::String);
        assert_eq!(dtype(&[Some("1.5"), Some("inf")]), DataType::String);
        assert_eq!(dtype(&[Some("0"), Some("0.5")]), DataType::Float64);
        assert_eq!(dtype(&[None, None]), DataType::String);
        // Exponents (codes, written back as `1000.0`) and a negative zero
        // (its sign dropped): text.
        assert_eq!(dtype(&[Some("1e3"), Some("7")]), DataType::String);
        assert_eq!(dtype(&[Some("12E4")]), DataType::String);
        assert_eq!(dtype(&[Some("-0"), Some("5")]), DataType::String);
        assert_eq!(dtype(&[Some("-0.0"), Some("1.5")]), DataType::String);
        assert_eq!(dtype(&[Some("-0.5"), Some("0")]), DataType::Float64);
        // A shard's part: text whatever the values.
        let row = [("rank".to_string(), Some("3".to_string()))];
        let fields = ["rank".to_string(), "author".to_string()];
        let text = kept_columns(std::iter::once(&row[..]), Kept::Text(&fields)).unwrap();
        assert_eq!(text[0].dtype(), &DataType::String);
        // Every field of the whole input, those no row of the part has too.
        assert_eq!(text[1].name().as_str(), "author");
        assert_eq!(text[1].null_count(), 1);
        let none = kept_columns(std::iter::empty(), Kept::Text(&fields)).unwrap();
        assert_eq!(none.len(), 2);
        let typed = kept_columns(std::iter::once(&row[..]), Kept::Typed).unwrap();
        assert_eq!(typed[0].dtype(), &DataType::Int64);
    }

    #[test]
    fn required_columns_in_order() {
        let names: Vec<&str> = STATS_COLUMNS.iter().map(|c| c.name).collect();
        let required = "doc_id release path title bytes chars letters words unique_words sentences paragraphs syllables polysyllabic_words long_words avg_word_length avg_sentence_length avg_syllables_per_word flesch_reading_ease reading_ease reading_ease_formula flesch_kincaid_grade gunning_fog smog coleman_liau ari lix wiener_sachtextformel type_token_ratio mattr mtld yules_k hapax_ratio language stopword_ratio quoted_share numbers code_lines boilerplate_lines encoding extraction prose_sentences prose_words grade_level";
        let required: Vec<&str> = required.split(' ').collect();
        assert_eq!(&names[..required.len()], &required[..]);
    }
}
