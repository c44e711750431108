//! Property tests of the statistics over whole documents and corpora.

use std::path::PathBuf;

use folio::analyze::{analyze, AnalyzeOptions};
use folio::boilerplate::Mode;
use folio::corpus::{discover, Layout};
use folio::stats::{compute, StatsOptions};
use proptest::prelude::*;

/// Realistic-ish text: words, numbers, punctuation, quotes, abbreviations,
/// line and paragraph breaks.
fn text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "[a-z]{1,9}",
        "[A-Z][a-z]{1,8}",
        "[0-9]{1,4}([.,][0-9]{1,3})?",
        Just("Mr.".to_string()),
        Just("U.S.".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("it’s".to_string()),
        Just("Größe".to_string()),
        Just(".".to_string()),
        Just("!".to_string()),
        Just("—".to_string()),
    ];
    let sep = prop_oneof![4 => Just(" "), 1 => Just(". "), 1 => Just("\n"), 1 => Just("\n\n")];
    prop::collection::vec((token, sep), 0..120)
        .prop_map(|v| v.into_iter().map(|(t, s)| format!("{t}{s}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn counts_are_bounded(t in text()) {
        let s = compute(&t, &StatsOptions::default());
        prop_assert!(s.words <= s.chars);
        prop_assert!(s.letters <= s.chars);
        prop_assert!(s.unique_words <= s.words);
        prop_assert!(s.hapax_legomena <= s.unique_words);
        prop_assert!(s.sentences <= s.words);
        prop_assert!(s.paragraphs <= s.sentences);
        prop_assert!(s.polysyllabic_words <= s.words);
        prop_assert!(s.quoted_words <= s.words);
        // (But a French or Italian elided word without a vowel, `l’`.)
        if !matches!(s.language, Some("fr" | "it")) {
            prop_assert!(s.syllables >= s.words);
        }
        for r in [s.type_token_ratio(), s.mattr, s.hapax_ratio(), s.quoted_share(), s.stopword_ratio()].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&r), "{r}");
        }
        if s.words == 0 {
            prop_assert!(s.flesch_reading_ease().is_none());
        }
        if let Some(m) = s.mtld {
            prop_assert!(m.is_finite() && m > 0.0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Under `trailers` and `none`, a document's row depends on nothing but
    /// the document; and never on the thread count.
    #[test]
    fn rows_are_independent_of_other_documents(docs in prop::collection::vec(text(), 1..6), threads in 1usize..4) {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = docs
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let p = dir.path().join(format!("d{i}.txt"));
                std::fs::write(&p, t).unwrap();
                p
            })
            .collect();
        for mode in [Mode::Trailers, Mode::None] {
            let opts = AnalyzeOptions { boilerplate: mode, ..AnalyzeOptions::default() };
            let all = discover(&[dir.path().to_path_buf()], Layout::Flat);
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let together = pool.install(|| analyze(&all.sources, &opts, &|_| {}));
            prop_assert_eq!(together.rows.len(), docs.len());
            for p in &paths {
                let one = discover(std::slice::from_ref(p), Layout::Flat);
                let alone = analyze(&one.sources, &opts, &|_| {});
                let row = together.rows.iter().find(|r| r.path.ends_with(&alone.rows[0].path)).unwrap();
                prop_assert_eq!(&row.text, &alone.rows[0].text);
                prop_assert_eq!(row.boilerplate_lines, alone.rows[0].boilerplate_lines);
            }
        }
    }
}
