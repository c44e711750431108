//! The `folio` command: a thin face over the library (see `app`).

mod app;

/// mimalloc: many small allocations on many threads (tokens, rows, pieces
/// of text) run markedly faster than with the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    app::main()
}
