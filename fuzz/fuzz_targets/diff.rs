//! `diff::diff_documents` on two arbitrary versions of a document: the ops
//! rebuild both versions' sentences (each sentence in exactly one op), the
//! word counts add up, similarities stay in 0..=1, no statistic is NaN.
//!
//! Input: `FLAGS OLD 0xFF NEW` (0xFF never occurs in UTF-8). FLAGS bits:
//! 0 Markdown (else text) · 1 boilerplate `trailers` (else `none`) ·
//! 2 a tiny work bound (the coarse fallback) · 3 ignore_case ·
//! 4 ignore_punctuation · 5 normalize_quotes · 6 also diff OLD with itself
//! (must have no changes) · 7 render the text report.
#![no_main]


use folio::boilerplate::{self, Mode};
use folio::corpus::{self, Kind};
use folio::diff::{self, DiffOptions, TextOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let rest = &rest[..rest.len().min(folio_fuzz::MAX_INPUT)];
    let (old_bytes, new_bytes) = match rest.iter().position(|&b| b == 0xFF) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &b""[..]),
    };
    let kind = if flags & 1 != 0 {
        Kind::Markdown
    } else {
        Kind::Text
    };
    let src = folio_fuzz::source(kind);
    let (Ok(old), Ok(new)) = (
        corpus::from_bytes(&src, old_bytes),
        corpus::from_bytes(&src, new_bytes),
    ) else {
        return;
    };
    let mode = if flags & 2 != 0 {
        Mode::Trailers
    } else {
        Mode::None
    };
    let opts = DiffOptions {
        max_work: if flags & 4 != 0 {
            u64::from(flags >> 6) * 50
        } else {
            DiffOptions::default().max_work
        },
        ignore_case: flags & 8 != 0,
        ignore_punctuation: flags & 16 != 0,
        normalize_quotes: flags & 32 != 0,
        ..DiffOptions::default()
    };
    let default_opts = flags & (8 | 16 | 32) == 0;
    let d = diff::diff_documents(&old, &new, mode, &opts);
    let (old_text, _) = boilerplate::strip(&old.text, old.title_in_text, mode, None);
    let (new_text, _) = boilerplate::strip(&new.text, new.title_in_text, mode, None);
    folio_fuzz::check_diff(&old_text, &new_text, &d, default_opts);
    if flags & 64 != 0 {
        let same = diff::diff_documents(&old, &old, mode, &opts);
        folio_fuzz::check_diff(&old_text, &old_text, &same, default_opts);
        assert!(!same.has_changes(), "a text against itself has changes");
        assert_eq!(same.summary.similarity, 1.0);
    }
    if flags & 128 != 0 {
        let text_opts = TextOptions {
            context: usize::from(flags & 3),
            color: flags & 4 != 0,
            stat_only: false,
            old_label: "old".into(),
            new_label: "new".into(),
        };
        let _ = diff::render_text(&d, &text_opts);
    }
});
