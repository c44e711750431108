//! The `folio` command: a thin shell around the library.

use std::process::ExitCode;

use clap::Parser;
use folio::cmd::{ERROR, SUCCESS, WORKER_STACK};

/// mimalloc: many small allocations on many threads (tokens, rows, pieces
/// of text) run markedly faster than with the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = folio::cli::Cli::parse();
    on_signals();
    // The command runs on a thread with the workers' large stack (it may
    // parse a web page itself, as `folio diff` does).
    let run = std::thread::Builder::new()
        .name("folio".into())
        .stack_size(WORKER_STACK)
        .spawn(move || folio::cmd::run(cli));
    let result = match run.map(|t| t.join()) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => {
            folio::cleanup::remove_all();
            return ExitCode::from(101);
        }
        Err(e) => Err(anyhow::Error::new(e).context("cannot start")),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(SUCCESS),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(ERROR)
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP, the run's temporary files and staging
/// folders are removed before the program exits (with 128 + the signal's
/// number, as a shell reports it).
fn on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            folio::cleanup::remove_all();
            std::process::exit(128 + sig);
        }
    });
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(e.downcast_ref::<folio::Error>(), Some(folio::Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
