//! Tokenizer and statistics on arbitrary UTF-8 text: the counts are
//! consistent, no statistic is NaN or infinite, `scan` and `tokenize` agree,
//! and words, sentences and paragraphs cover the text in order.
//!
//! Input: byte 0 picks the MATTR window of a second run (1..=256; the first
//! run uses the defaults); the rest is the text (lossy UTF-8).
#![no_main]

use folio::stats::{self, StatsOptions};
use folio::tokenize::Rules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&w, rest)) = data.split_first() else {
        return;
    };
    let text = folio_fuzz::text_of(rest);
    folio_fuzz::check_text_stats(&text);
    let opts = StatsOptions {
        mattr_window: usize::from(w) + 1,
        ..StatsOptions::default()
    };
    let s = stats::compute(&text, &opts);
    folio_fuzz::check_stats_invariants(&text, &s, opts.mattr_window);
    for german_ordinals in [true, false] {
        folio_fuzz::check_tokenizer(&text, Rules { german_ordinals });
    }
    for word in text.split_whitespace().take(64) {
        let _ = folio::tokenize::is_number(word);
    }
});
