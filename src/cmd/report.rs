//! `folio report`: everything, into a report folder.

use anyhow::Result;

use crate::cli::ReportArgs;
use crate::frame;
use crate::output::{self, Format};

/// Runs `folio report`.
pub fn run(args: &ReportArgs) -> Result<()> {
    let analysis = super::analyze_corpus(std::slice::from_ref(&args.corpus), &args.corpus_args)?;
    let mut df = frame::to_frame(&analysis.rows)?;
    let dir = &args.output;
    output::write_table_to(&mut df, Format::Csv, Some(&dir.join("stats.csv")))?;
    output::write_table_to(&mut df, Format::Parquet, Some(&dir.join("stats.parquet")))?;
    let mut errors = frame::errors_frame(&analysis.problems)?;
    output::write_table_to(&mut errors, Format::Csv, Some(&dir.join("errors.csv")))?;
    if !args.corpus_args.quiet {
        let releases = {
            let mut r: Vec<&str> = analysis.rows.iter().map(|r| r.release.as_str()).collect();
            r.dedup();
            r.len()
        };
        eprintln!(
            "wrote {}/stats.csv and stats.parquet: {} documents in {} release{}; {} skipped (errors.csv)",
            dir.display(),
            analysis.rows.len(),
            releases,
            if releases == 1 { "" } else { "s" },
            analysis.problems.len()
        );
    }
    Ok(())
}
