//! `folio stats`: per-document statistics.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::app::cli::{FormatArg, StatsArgs};
use folio::frame;
use folio::output::{self, Format, Sink};

/// Runs `folio stats`.
pub fn run(args: &StatsArgs) -> Result<()> {
    if args.describe {
        return super::print_text(&frame::stats_table().dictionary());
    }
    let format = output_format(args.format, args.output.as_deref())?;
    let inputs = inputs_or_corpus(&args.paths)?;
    let (sources, problems, names) = super::discover_corpus(&inputs, &args.corpus)?;
    let sink = Sink::of(
        args.output.as_deref(),
        &super::inputs_of(&inputs, sources.iter(), args.corpus.option_files()),
    )?;
    let analysis = super::analyze_sources(&sources, problems, &names, &args.corpus, args.shard)?;
    let mut df = match args.shard {
        Some(_) => frame::to_shard_frame(&analysis.rows, &analysis.kept_fields)?,
        None => frame::to_frame(&analysis.rows)?,
    };
    output::write_table_to(&mut df, format, &sink)?;
    Ok(())
}

/// The table format: `--format`, else the extension of `-o`, else CSV.
pub(super) fn output_format(
    arg: Option<FormatArg>,
    output: Option<&std::path::Path>,
) -> Result<Format> {
    Ok(match (arg, output) {
        (Some(f), Some(p)) => {
            let f = format_of(f);
            // An extension that says Parquet where the bytes are text, or
            // text where they are Parquet, names a file no reader opens
            // (`--format` decides between the text formats: the user's).
            let parquet = |f: Format| f == Format::Parquet;
            match Format::from_path(p) {
                Some(e) if parquet(e) != parquet(f) => anyhow::bail!(
                    "{}: the extension says {}, --format says {}; name the file for its format",
                    folio::output::printable(&p.display().to_string()),
                    format_label(e),
                    format_label(f)
                ),
                _ => f,
            }
        }
        (Some(f), None) => format_of(f),
        // A device or a FIFO (`/dev/stdout`) has no extension: CSV.
        (None, Some(p)) if p.starts_with("/dev") || std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
            Format::from_path(p).unwrap_or(Format::Csv)
        }
        (None, Some(p)) if p.as_os_str() != "-" => Format::from_path(p).with_context(|| {
            format!(
                "{}: cannot tell the format from the extension; use --format csv|parquet|json|ndjson|table",
                p.display()
            )
        })?,
        (None, _) => Format::Csv,
    })
}

/// The paths given, or `corpus/` when none are.
pub(super) fn inputs_or_corpus(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    let default = PathBuf::from("corpus");
    if !default.is_dir() {
        anyhow::bail!("no PATH given and no corpus/ folder here");
    }
    Ok(vec![default])
}

/// A format's name as `--format` spells it.
fn format_label(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Parquet => "parquet",
        Format::Json => "json",
        Format::Ndjson => "ndjson",
        Format::Table => "table",
    }
}

pub(super) fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Csv => Format::Csv,
        FormatArg::Parquet => Format::Parquet,
        FormatArg::Json => Format::Json,
        FormatArg::Ndjson => Format::Ndjson,
        FormatArg::Table => Format::Table,
    }
}
