//! Progress bars on stderr, only where someone is watching.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A run reads at least this many bytes before a progress bar is worth
/// showing.
pub const MIN_BYTES: u64 = 32 * 1024 * 1024;
/// ... or at least this many documents.
pub const MIN_DOCS: u64 = 2000;

/// A byte-counting progress bar, drawn only when stderr is a terminal, the
/// run is long and `quiet` is off; otherwise hidden (all calls are no-ops).
pub fn bytes_bar(total_bytes: u64, docs: u64, quiet: bool, message: &'static str) -> ProgressBar {
    let long = total_bytes >= MIN_BYTES || docs >= MIN_DOCS;
    if quiet || !long || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(message);
    bar
}

/// Comparisons read at least this many documents before a progress bar is
/// worth showing.
pub const MIN_COMPARED_DOCS: u64 = 200;

/// A document-counting progress bar, drawn only when stderr is a terminal,
/// there are many documents and `quiet` is off.
pub fn docs_bar(total_docs: u64, quiet: bool, message: &'static str) -> ProgressBar {
    if quiet || total_docs < MIN_COMPARED_DOCS || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_docs), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} documents ({eta})")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(message);
    bar
}
