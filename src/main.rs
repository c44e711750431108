//! The `folio` command: a thin face over the library (see `app`).

mod app;

/// mimalloc: many small allocations on many threads (tokens, rows, pieces
/// of text) run markedly faster than with the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` of
/// mimalloc.h, v2 and v3 alike): milliseconds before freed memory goes
/// back to the system.
const PURGE_DELAY_OPTION: libmimalloc_sys::mi_option_t = 15;

/// The purge delay folio asks for, in milliseconds. mimalloc v3's default
/// is 1,000 (its options.c; v2's was 10): a worker's buffers of a large
/// document, freed, stayed held while the next ones grew, and peak memory
/// of `stats -j 2` on 67 MB of prose was 98–115 MB; at 10 it is 67–73 MB,
/// in the same time (550 ms both, hyperfine; at 0, 62 MB but 30% slower).
/// `MIMALLOC_PURGE_DELAY` in the environment still decides.
const PURGE_DELAY_MS: std::os::raw::c_long = 10;

fn main() -> std::process::ExitCode {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options, a plain integer, before
        // any thread of folio's is started.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY_OPTION, PURGE_DELAY_MS) };
    }
    app::main()
}
