//! `folio diff`: two versions of a document.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Result;

use crate::app::cli::{ColorArg, DiffArgs, DiffBoilerplateArg, DiffFormatArg};
use folio::boilerplate::Mode;
use folio::corpus::{self, Source};
use folio::diff::{self, ArticleDiff, DiffOptions, TextOptions};
use folio::output::{self, Format, Sink};

/// Runs `folio diff`; returns the exit status.
pub fn run(args: &DiffArgs) -> Result<u8> {
    super::stdin_once([args.old.as_path(), args.new.as_path()], true)?;
    let opts = DiffOptions {
        ignore_case: args.ignore_case,
        ignore_punctuation: args.ignore_punctuation,
        // As `compare` compares (the same pair had been `unchanged` there
        // and a word edited here).
        normalize_quotes: !args.exact_quotes,
        threshold: args.threshold,
        max_work: args.max_work,
    };
    let mode = match args.boilerplate {
        DiffBoilerplateArg::Trailers => Mode::Trailers,
        DiffBoilerplateArg::None => Mode::None,
    };
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of([&args.old, &args.new], [], &args.abbreviations),
    )?;
    let (old, old_bytes) = load(&args.old, args.max_doc_bytes)?;
    // One file named twice is read once (a FIFO could not be read again).
    let (new, new_bytes) = if args.new == args.old {
        (old.clone(), old_bytes)
    } else {
        load(&args.new, args.max_doc_bytes)?
    };
    let mut d = diff::diff_documents(&old, &new, mode, &opts);
    if !d.has_changes() && old_bytes != new_bytes && !args.quiet {
        // "no changes" must not read as "the same file".
        let note = format!(
            "note: {} and {} differ as files, but not in the text folio compares \
             (spacing, markup, front matter, encoding, line endings, a trailer, a web page's chrome, or what an --ignore option leaves out)",
            old.path, new.path
        );
        folio::say!("{}", folio::output::printable(&note));
    }
    if let Some(p) = &args.section {
        let found = diff::restrict(
            &mut d,
            &diff::SectionFilter::new(p).map_err(anyhow::Error::msg)?,
        );
        if !found {
            anyhow::bail!(
                "--section {p:?}: no heading of {} or {} matches it; nothing to compare",
                old.path,
                new.path
            );
        }
    }
    let to_stdout = args.output.as_deref().is_none_or(|p| p == Path::new("-"));
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            to_stdout && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
        }
    };
    let text_opts = TextOptions {
        context: args.context as usize,
        color,
        stat_only: args.stat,
        old_label: old.path.clone(),
        new_label: new.path.clone(),
    };
    let format = super::format_by_extension(
        args.format,
        args.output.as_deref(),
        &[
            ("csv", DiffFormatArg::Csv),
            ("parquet", DiffFormatArg::Parquet),
            ("json", DiffFormatArg::Json),
        ],
        DiffFormatArg::Text,
    )?;
    match format {
        DiffFormatArg::Csv | DiffFormatArg::Parquet => {
            let mut df = diff::to_frame(&d.ops, d.summary.coarse)?;
            let table = if format == DiffFormatArg::Csv {
                Format::Csv
            } else {
                Format::Parquet
            };
            output::write_table_to(&mut df, table, &sink)?;
        }
        DiffFormatArg::Json => output::write_to(&sink, |w| {
            Ok(serde_json::to_writer_pretty(&mut *w, &d).map_err(std::io::Error::from)?)
        })?,
        DiffFormatArg::Text => output::write_to(&sink, |w| {
            Ok(w.write_all(diff::render_text(&d, &text_opts).as_bytes())?)
        })?,
    }
    Ok(exit_status(args, &d))
}

fn exit_status(args: &DiffArgs, d: &ArticleDiff) -> u8 {
    if args.exit_code && d.has_changes() {
        super::DIFFERENCES
    } else {
        super::SUCCESS
    }
}

/// The document of a file, and the hash of its bytes (read once: a pipe
/// or FIFO cannot be read again to tell whether two files differ).
fn load(path: &Path, max_doc_bytes: u64) -> Result<(corpus::Document, u128)> {
    if path.is_dir() {
        anyhow::bail!(
            "{}: is a folder; folio diff compares two files (folio compare two folders)",
            path.display()
        );
    }
    if matches!(
        corpus::kind(path),
        Some(corpus::Kind::Jsonl | corpus::Kind::Csv | corpus::Kind::Parquet)
    ) {
        anyhow::bail!(
            "{}: holds a document a record; folio diff compares two single documents (folio compare two releases of records)",
            path.display()
        );
    }
    let source = Source {
        path: path.to_path_buf(),
        id: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        release: String::new(),
        rows: None,
        named: true,
    };
    if !path.exists() {
        return Err(folio::Error::NotFound {
            path: path.to_path_buf(),
        }
        .into());
    }
    let fields = corpus::Fields {
        max_doc_bytes,
        ..corpus::Fields::default()
    };
    let binary = |path: &Path| {
        anyhow::anyhow!(
            "{}: binary file; folio diff compares two text documents",
            path.display()
        )
    };
    // Not "skipped": with one of its two files unreadable, diff stops.
    let bytes = match corpus::read_capped(path, max_doc_bytes, true) {
        Err(folio::Error::Binary { path }) => return Err(binary(&path)),
        r => r?,
    };
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    match corpus::load_bytes(&source, bytes, &fields) {
        Ok(doc) => Ok((doc, hash)),
        Err(folio::Error::Binary { path }) => Err(binary(&path)),
        Err(e) => Err(e.into()),
    }
}
