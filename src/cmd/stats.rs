//! `folio stats`: per-document statistics.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::{FormatArg, StatsArgs};
use crate::frame;
use crate::output::{self, Format};

/// Runs `folio stats`.
pub fn run(args: &StatsArgs) -> Result<()> {
    if args.describe {
        print!("{}", frame::dictionary_markdown());
        return Ok(());
    }
    let format = match (args.format, args.output.as_deref()) {
        (Some(f), _) => format_of(f),
        (None, Some(p)) if p.as_os_str() != "-" => Format::from_path(p).with_context(|| {
            format!(
                "{}: cannot tell the format from the extension; use --format csv|parquet|json|ndjson|table",
                p.display()
            )
        })?,
        (None, _) => Format::Csv,
    };
    let inputs = if args.paths.is_empty() {
        let default = PathBuf::from("corpus");
        if !default.is_dir() {
            anyhow::bail!("no PATH given and no corpus/ folder here");
        }
        vec![default]
    } else {
        args.paths.clone()
    };
    let analysis = super::analyze_corpus(&inputs, &args.corpus)?;
    let mut df = frame::to_frame(&analysis.rows)?;
    output::write_table_to(&mut df, format, args.output.as_deref())?;
    Ok(())
}

fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Csv => Format::Csv,
        FormatArg::Parquet => Format::Parquet,
        FormatArg::Json => Format::Json,
        FormatArg::Ndjson => Format::Ndjson,
        FormatArg::Table => Format::Table,
    }
}
