//! The `folio` command: a thin shell around the library.

use std::process::ExitCode;

use clap::Parser;
use folio::cmd::{ERROR, SUCCESS};

/// mimalloc: many small allocations on many threads (tokens, rows, pieces
/// of text) run markedly faster than with the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = folio::cli::Cli::parse();
    match folio::cmd::run(cli) {
        Ok(status) => ExitCode::from(status),
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
