//! The `folio` command: a thin shell around the library.

use std::process::ExitCode;

use clap::Parser;

/// Exit status of a successful run.
const SUCCESS: u8 = 0;
/// Exit status of a failed run.
const ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = folio::cli::Cli::parse();
    match folio::cmd::run(cli) {
        Ok(()) => ExitCode::from(SUCCESS),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(SUCCESS),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(ERROR)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
