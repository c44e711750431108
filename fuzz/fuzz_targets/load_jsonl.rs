//! `corpus::parse_bytes` on arbitrary bytes read as a .jsonl file: no panic,
//! and every document (and its statistics) keeps the invariants of
//! `folio_fuzz::check_document`.
#![no_main]

use folio::corpus::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    folio_fuzz::load_and_check(Kind::Jsonl, data);
});
