//! One module per command; `run` dispatches.

mod diff;
mod report;
mod stats;

use std::path::PathBuf;

use anyhow::Result;

use crate::analyze::{self, Analysis, AnalyzeOptions};
use crate::boilerplate::Mode;
use crate::cli::{BoilerplateArg, Cli, Command, CorpusArgs, LayoutArg};
use crate::corpus::{self, Discovery, Layout};
use crate::frame;
use crate::progress;
use crate::stats::StatsOptions;

/// Exit status of a successful run.
pub const SUCCESS: u8 = 0;
/// Exit status of `folio diff --exit-code` when the versions differ.
pub const DIFFERENCES: u8 = 1;
/// Exit status of a failed run.
pub const ERROR: u8 = 2;

/// Runs a parsed command line; returns the exit status of a run that did
/// not fail.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Stats(args) => stats::run(&args).map(|()| SUCCESS),
        Command::Diff(args) => diff::run(&args),
        Command::Report(args) => report::run(&args).map(|()| SUCCESS),
        Command::Schema => {
            print!("{}", frame::dictionary_markdown());
            Ok(SUCCESS)
        }
    }
}

impl CorpusArgs {
    fn analyze_options(&self) -> AnalyzeOptions {
        AnalyzeOptions {
            boilerplate: match self.boilerplate {
                BoilerplateArg::Auto => Mode::Auto,
                BoilerplateArg::Trailers => Mode::Trailers,
                BoilerplateArg::None => Mode::None,
            },
            stats: StatsOptions {
                mattr_window: self.mattr_window as usize,
                ..StatsOptions::default()
            },
        }
    }

    fn layout(&self) -> Layout {
        match self.layout {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Releases => Layout::Releases,
            LayoutArg::Flat => Layout::Flat,
        }
    }

    /// A rayon pool of `--jobs` threads.
    fn pool(&self) -> Result<rayon::ThreadPool> {
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(j) = self.jobs {
            builder = builder.num_threads(j as usize);
        }
        Ok(builder.build()?)
    }

    fn warn(&self, err: &dyn std::fmt::Display) {
        if !self.quiet {
            eprintln!("warning: {err}");
        }
    }
}

/// Finds and analyses a corpus, printing one warning a problem (and
/// returning them all in `problems`); fails when no document could be read.
fn analyze_corpus(inputs: &[PathBuf], args: &CorpusArgs) -> Result<Analysis> {
    let Discovery { sources, problems } = corpus::discover(inputs, args.layout());
    for p in &problems {
        args.warn(p);
    }
    let names = inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if sources.is_empty() {
        anyhow::bail!("{names}: no .txt or .md documents found");
    }
    let total: u64 = sources
        .iter()
        .filter_map(|s| std::fs::metadata(&s.path).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress::bytes_bar(total, sources.len() as u64, args.quiet, "analysing");
    let opts = args.analyze_options();
    let mut analysis = args
        .pool()?
        .install(|| analyze::analyze(&sources, &opts, &|bytes| bar.inc(bytes)));
    bar.finish_and_clear();
    for p in &analysis.problems {
        args.warn(p);
    }
    analysis.problems.splice(0..0, problems);
    if analysis.rows.is_empty() {
        anyhow::bail!("{names}: no document could be read");
    }
    Ok(analysis)
}
