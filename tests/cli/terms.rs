use predicates::prelude::*;

use super::{cell, folio, parse_csv};

fn csv_of(args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let out = folio().args(args).assert().success();
    parse_csv(&String::from_utf8_lossy(&out.get_output().stdout))
}

/// Unigram counts add up exactly to the `words` column of `folio stats`.
#[test]
fn unigram_counts_add_up_to_stats_words() {
    for boilerplate in ["auto", "none"] {
        let (sh, stats) = csv_of(&["stats", "corpus", "--boilerplate", boilerplate]);
        let words: u64 = stats
            .iter()
            .map(|r| cell(&sh, r, "words").parse::<u64>().unwrap())
            .sum();
        let (th, terms) = csv_of(&["terms", "corpus", "--boilerplate", boilerplate]);
        let counted: u64 = terms
            .iter()
            .map(|r| cell(&th, r, "count").parse::<u64>().unwrap())
            .sum();
        assert_eq!(counted, words, "boilerplate {boilerplate}");
        // Per release too.
        let (bh, by) = csv_of(&[
            "terms",
            "corpus",
            "--by",
            "release",
            "--boilerplate",
            boilerplate,
        ]);
        for release in ["2024-03-04", "2024-03-05", "2024-03-07"] {
            let t: u64 = by
                .iter()
                .filter(|r| cell(&bh, r, "release") == release)
                .map(|r| cell(&bh, r, "count").parse::<u64>().unwrap())
                .sum();
            let w: u64 = stats
                .iter()
                .filter(|r| cell(&sh, r, "release") == release)
                .map(|r| cell(&sh, r, "words").parse::<u64>().unwrap())
                .sum();
            assert_eq!(t, w, "{release}");
        }
    }
}

#[test]
fn terms_options() {
    let (h, rows) = csv_of(&[
        "terms",
        "corpus/2024-03-04",
        "--top",
        "5",
        "--stopwords",
        "en",
    ]);
    assert_eq!(
        h,
        [
            "term",
            "n",
            "count",
            "doc_count",
            "per_million",
            "idf",
            "tf_idf"
        ]
    );
    assert_eq!(rows.len(), 5);
    assert!(rows
        .iter()
        .all(|r| !["the", "a", "and", "of"].contains(&cell(&h, r, "term"))));
    let (h, rows) = csv_of(&[
        "terms",
        "corpus/2024-03-04",
        "--ngram",
        "3",
        "--min-count",
        "3",
    ]);
    assert!(rows
        .iter()
        .all(|r| cell(&h, r, "term").split(' ').count() == 3 && cell(&h, r, "n") == "3"));
    assert!(rows
        .iter()
        .all(|r| cell(&h, r, "count").parse::<u64>().unwrap() >= 3));
    let (h, rows) = csv_of(&[
        "terms",
        "corpus/2024-03-04/news",
        "--by",
        "doc",
        "--case",
        "keep",
        "--top",
        "2",
    ]);
    assert_eq!(h[0], "doc_id");
    assert_eq!(rows.len(), 2 * 5);
    folio()
        .args(["terms", "corpus", "--stopwords", "xx"])
        .assert()
        .code(2);
    folio()
        .args(["terms", "corpus", "--ngram", "4"])
        .assert()
        .code(2);
}

#[test]
fn keyness_table() {
    let (h, rows) = csv_of(&["keyness", "corpus/2024-03-07", "corpus/2024-03-04"]);
    assert_eq!(
        h,
        [
            "term",
            "count_target",
            "count_reference",
            "per_million_target",
            "per_million_reference",
            "log_likelihood",
            "p_value",
            "log_ratio",
            "percent_diff",
            "direction"
        ]
    );
    let g2: Vec<f64> = rows
        .iter()
        .map(|r| cell(&h, r, "log_likelihood").parse::<f64>().unwrap().abs())
        .collect();
    assert!(g2.windows(2).all(|w| w[0] >= w[1]), "sorted by G²");
    // The fire article is only in the target: "fire" is key for it.
    let fire = rows.iter().find(|r| cell(&h, r, "term") == "fire").unwrap();
    assert_eq!(cell(&h, fire, "direction"), "target");
    assert!(cell(&h, fire, "log_likelihood").parse::<f64>().unwrap() > 3.84);
}

#[test]
fn kwic_text_and_csv() {
    let out = folio()
        .args(["kwic", "corpus/2024-03-04", "STRIKE", "--window", "3"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 5);
    // The matches line up in one column.
    let col = lines[0].find("strike").unwrap();
    assert!(
        lines
            .iter()
            .all(|l| l.find("strike") == Some(col) || l.find("Strike") == Some(col)),
        "{text}"
    );
    let (h, rows) = csv_of(&[
        "kwic",
        "corpus/2024-03-04",
        "strike",
        "--format",
        "csv",
        "--case-sensitive",
    ]);
    assert_eq!(h, ["doc_id", "sentence_index", "left", "match", "right"]);
    assert!(rows.iter().all(|r| cell(&h, r, "match") == "strike"));
    let (h, rows) = csv_of(&[
        "kwic",
        "corpus/2024-03-04",
        "council(man|woman)",
        "--regex",
        "--format",
        "csv",
    ]);
    assert!(rows.iter().any(|r| cell(&h, r, "match") == "Councilwoman"));
    folio()
        .args(["kwic", "corpus", "(", "--regex"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a valid regular expression"));
}
