//! The `folio` command: its arguments (`cli`), one module per command
//! (`cmd`) and progress bars (`progress`), over the library.

use std::process::ExitCode;

use clap::Parser;
use cmd::{ERROR, SUCCESS, WORKER_STACK};

pub mod cli;
pub mod cmd;
pub mod progress;

/// Runs the command line.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    on_signals();
    // The command runs on a thread with the workers' large stack (it may
    // parse a web page itself, as `folio diff` does).
    let run = std::thread::Builder::new()
        .name("folio".into())
        .stack_size(WORKER_STACK)
        .spawn(move || cmd::run(cli));
    let result = match run.map(|t| t.join()) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => {
            folio::cleanup::remove_all();
            return ExitCode::from(101);
        }
        Err(e) => Err(anyhow::Error::new(e).context("cannot start")),
    };
    // Interrupted while its output was being published (the handler waits
    // for that): the output is whole, and the exit says the signal.
    if let Some(sig) = folio::cleanup::signal() {
        return ExitCode::from(u8::try_from(128 + sig).unwrap_or(ERROR));
    }
    match result {
        Ok(status) => ExitCode::from(status),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(SUCCESS),
        Err(err) => {
            folio::say!(
                "error: {}",
                folio::output::printable(&without_staging(&message(&err)))
            );
            ExitCode::from(ERROR)
        }
    }
}

/// An error and its causes on one line, each said once (a cause that its
/// error's message already quotes is not repeated).
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// A message with the staging folders of an output folder left out of its
/// paths (`reports/.folio-staging-123/stats.csv` → `reports/stats.csv`):
/// messages name the files the user asked for.
fn without_staging(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(".folio-staging-") {
        out.push_str(&rest[..i]);
        let after = &rest[i + ".folio-staging-".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        rest = &after[digits(after)..];
        // A second number after a dash, where a folder of the user's had
        // the first name (`.folio-staging-123-1`).
        if let Some(k) = rest.strip_prefix('-').filter(|k| digits(k) > 0) {
            rest = &k[digits(k)..];
        }
        // The separator after the folder's name goes with it.
        rest = rest.strip_prefix('/').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// On SIGINT, SIGTERM or SIGHUP, the run's temporary files and staging
/// folders are removed before the program exits (with 128 + the signal's
/// number, as a shell reports it).
fn on_signals() {
    // Past a file-size limit (`ulimit -f`) a write fails with EFBIG, and
    // the run ends as any failed write does — one line, its files removed
    // — rather than killed by SIGXFSZ, silent, its temporary files left.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to ignore has no handler to
    // race with; done once, at start-up.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            folio::cleanup::signalled_by(sig);
            folio::cleanup::remove_all();
            std::process::exit(128 + sig);
        }
    });
}

/// A command line clap refuses: help and version as clap prints them;
/// any other error one line on stderr (`error: … [possible values: …]`,
/// and clap's tip), exit status 2, as every other error of folio's.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Help that could not be written (`folio --help > /dev/full`) is
        // an error, as any failed write is; a closed pipe (`| head`) is not.
        use std::io::Write as _;
        let written = e.print().and_then(|()| std::io::stdout().flush());
        return match written {
            Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(ERROR)),
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(SUCCESS),
            Err(err) => {
                folio::say!("error: cannot write {}: {err}", folio::output::STDOUT_NAME);
                ExitCode::from(ERROR)
            }
        };
    }
    let text = e.render().to_string();
    let line: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("For more information") && !l.starts_with("Usage:")
        })
        .collect();
    let mut one = String::new();
    for l in line {
        if !one.is_empty() {
            one.push_str(if l.starts_with('[') { " " } else { "; " });
        }
        one.push_str(l);
    }
    folio::say!("{one} (see --help)");
    ExitCode::from(ERROR)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(e.downcast_ref::<folio::Error>(), Some(folio::Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::without_staging;

    #[test]
    fn messages_name_the_files_asked_for_not_the_staging_folder() {
        assert_eq!(
            without_staging("reports/.folio-staging-123/stats.csv: disk full"),
            "reports/stats.csv: disk full"
        );
        assert_eq!(
            without_staging("reports/.folio-staging-123-2/pages/a.html: x"),
            "reports/pages/a.html: x"
        );
        // A dash and no number is the user's text.
        assert_eq!(
            without_staging("r/.folio-staging-7/-notes.csv"),
            "r/-notes.csv"
        );
    }
}
