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
    assert_eq!(h[..3], ["release", "doc_id", "path"]);
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
    assert_eq!(
        h,
        [
            "doc_id",
            "release",
            "path",
            "title",
            "sentence_index",
            "left",
            "match",
            "right"
        ]
    );
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

/// Found by an audit: kwic's `sentence_index` counted from 0, `folio
/// sentences` from 1; a join of the two picked the sentence before.
#[test]
fn kwic_sentences_join_the_sentences_table() {
    let (kh, kwic) = csv_of(&["kwic", "corpus/2024-03-04", "council", "--format", "csv"]);
    let (sh, sentences) = csv_of(&["sentences", "corpus/2024-03-04", "--format", "csv"]);
    assert!(!kwic.is_empty());
    for k in &kwic {
        let row = sentences
            .iter()
            .find(|r| {
                cell(&sh, r, "path") == cell(&kh, k, "path")
                    && cell(&sh, r, "sentence") == cell(&kh, k, "sentence_index")
            })
            .expect("the sentence of a match");
        assert!(
            cell(&sh, row, "text").contains(cell(&kh, k, "match")),
            "{k:?} {row:?}"
        );
    }
}

/// Writes `files` (relative path, text) into a new temporary folder.
fn corpus_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Found by an audit: `--by release` listed releases as strings sort
/// (1, 10, 2), unlike every other table.
#[test]
fn terms_by_release_follow_the_series_order() {
    let dir = corpus_of(&[
        ("1/a.txt", "Ferries sail."),
        ("2/a.txt", "Buses run."),
        ("10/a.txt", "Trains wait."),
    ]);
    let root = dir.path().to_str().unwrap();
    let (h, rows) = csv_of(&["terms", root, "--by", "release", "--layout", "releases"]);
    let mut releases: Vec<String> = rows
        .iter()
        .map(|r| cell(&h, r, "release").to_string())
        .collect();
    releases.dedup();
    assert_eq!(releases, ["1", "2", "10"]);
}

#[test]
fn terms_by_doc_take_idf_from_their_release() {
    let dir = corpus_of(&[
        ("r1/a.txt", "The ferry sails at noon."),
        ("r1/b.txt", "The bus leaves at noon."),
        ("r1/c.txt", "The ferry is late."),
        ("r2/a.txt", "The ferry sails at noon."),
    ]);
    let c = dir.path().to_str().unwrap();
    let (h, rows) = csv_of(&["terms", c, "--by", "doc"]);
    assert_eq!(h[..4], ["release", "doc_id", "path", "term"]);
    let row = |release: &str, doc: &str, term: &str| {
        rows.iter()
            .find(|r| {
                cell(&h, r, "release") == release
                    && cell(&h, r, "doc_id") == doc
                    && cell(&h, r, "term") == term
            })
            .unwrap_or_else(|| panic!("{release}/{doc} {term}: {rows:?}"))
    };
    // In r1, "ferry" is in 2 of 3 documents: idf ln(3/2); "bus" in 1.
    let ferry = row("r1", "a", "ferry");
    assert_eq!(cell(&h, ferry, "doc_count"), "2");
    assert_eq!(cell(&h, ferry, "idf"), format!("{:.4}", (1.5f64).ln()));
    assert_eq!(
        cell(&h, row("r1", "b", "bus"), "idf"),
        format!("{:.4}", 3f64.ln())
    );
    assert_eq!(cell(&h, row("r1", "a", "the"), "idf"), "0.0");
    // r2 is its own scope, and its "a" is not merged with r1's.
    assert_eq!(cell(&h, row("r2", "a", "ferry"), "idf"), "0.0");
    assert_eq!(cell(&h, row("r2", "a", "ferry"), "count"), "1");
}

#[test]
fn terms_by_doc_keep_documents_sharing_an_id_apart() {
    // `a.txt` and `a.md` share the id `a`: their counts were summed into
    // one row, a document that does not exist.
    let dir = corpus_of(&[
        ("a.txt", "The ferry sails at noon."),
        ("a.md", "The ferry is late. The ferry is full."),
    ]);
    let c = dir.path().to_str().unwrap();
    let (h, rows) = csv_of(&["terms", c, "--by", "doc"]);
    let ferry: Vec<(String, String)> = rows
        .iter()
        .filter(|r| cell(&h, r, "term") == "ferry")
        .map(|r| {
            (
                cell(&h, r, "path").to_string(),
                cell(&h, r, "count").to_string(),
            )
        })
        .collect();
    assert_eq!(ferry.len(), 2, "{rows:?}");
    assert!(
        ferry.iter().any(|(p, n)| p.ends_with("a.md") && n == "2"),
        "{ferry:?}"
    );
    assert!(
        ferry.iter().any(|(p, n)| p.ends_with("a.txt") && n == "1"),
        "{ferry:?}"
    );
}

#[test]
fn stopwords_ignore_case_and_keep_the_per_million_base() {
    let dir = corpus_of(&[(
        "a.txt",
        "The ferry and I sail. The ferry is late. I wait for the ferry.",
    )]);
    let c = dir.path().to_str().unwrap();
    let (h, rows) = csv_of(&["terms", c, "--case", "keep", "--stopwords", "en"]);
    let terms: Vec<&str> = rows.iter().map(|r| cell(&h, r, "term")).collect();
    assert!(
        !terms.iter().any(|t| ["The", "I", "the", "and"].contains(t)),
        "{terms:?}"
    );
    let per_million = |rows: &[Vec<String>], h: &[String]| -> String {
        let r = rows.iter().find(|r| cell(h, r, "term") == "ferry").unwrap();
        cell(h, r, "per_million").to_string()
    };
    let (h2, all) = csv_of(&["terms", c, "--case", "keep"]);
    // 3 of 14 running words, with or without the filter.
    assert_eq!(per_million(&rows, &h), per_million(&all, &h2));
    assert_eq!(per_million(&all, &h2), format!("{:.4}", 3e6 / 14.0));
}

#[test]
fn greek_words_fold_alike_in_stats_and_terms() {
    let dir = corpus_of(&[("g.txt", "Ο ΔΡΌΜΟΣ και ο δρόμος είναι ΣΟΦΟΣ και σοφος.")]);
    let c = dir.path().to_str().unwrap();
    let (sh, stats) = csv_of(&["stats", c]);
    let (th, terms) = csv_of(&["terms", c]);
    assert_eq!(
        cell(&sh, &stats[0], "unique_words"),
        terms.len().to_string(),
        "{terms:?}"
    );
    assert!(terms
        .iter()
        .any(|r| cell(&th, r, "term") == "δρόμος" && cell(&th, r, "count") == "2"));
}

#[test]
fn keyness_options_and_undefined_figures() {
    let dir = corpus_of(&[
        (
            "t/a.txt",
            "The ferry sails. The ferry is late. The harbour is busy.",
        ),
        (
            "r/a.txt",
            "The bus leaves. The bus is late. The harbour is quiet.",
        ),
    ]);
    let t = dir.path().join("t");
    let r = dir.path().join("r");
    let (t, r) = (t.to_str().unwrap(), r.to_str().unwrap());
    let (h, rows) = csv_of(&["keyness", t, r]);
    let get = |rows: &[Vec<String>], term: &str| {
        rows.iter()
            .find(|x| cell(&h, x, "term") == term)
            .cloned()
            .unwrap()
    };
    // "ferry" never occurs in the reference: %DIFF is undefined (empty).
    assert_eq!(cell(&h, &get(&rows, "ferry"), "percent_diff"), "");
    assert_eq!(cell(&h, &get(&rows, "bus"), "percent_diff"), "-100.0");
    // Equal counts: G² 0, p-value 1, never NaN.
    let the = get(&rows, "the");
    assert_eq!(cell(&h, &the, "log_likelihood"), "0.0");
    assert!(rows.iter().all(|x| cell(&h, x, "p_value") != "NaN"));
    let (_, four) = csv_of(&["keyness", t, r, "--ll", "four-cell"]);
    let g = |rows: &[Vec<String>]| {
        cell(&h, &get(rows, "ferry"), "log_likelihood")
            .parse::<f64>()
            .unwrap()
    };
    assert!(g(&four) > g(&rows), "{} {}", g(&four), g(&rows));
    let (_, top) = csv_of(&["keyness", t, r, "--top", "2"]);
    assert_eq!(top.len(), 2);
    let (_, min) = csv_of(&["keyness", t, r, "--min-count", "3"]);
    assert!(min.iter().all(|x| {
        cell(&h, x, "count_target").parse::<u64>().unwrap()
            + cell(&h, x, "count_reference").parse::<u64>().unwrap()
            >= 3
    }));
    let (_, stop) = csv_of(&["keyness", t, r, "--stopwords", "en"]);
    assert!(stop
        .iter()
        .all(|x| !["the", "is"].contains(&cell(&h, x, "term"))));
}

#[test]
fn kwic_patterns_sorting_and_no_match() {
    let dir = corpus_of(&[
        (
            "r1/a.txt",
            "Licences\n\nA patent licence is granted. The patent lapses.",
        ),
        ("r1/b.txt", "東京\n\n東京 patents are filed here."),
    ]);
    let c = dir.path().to_str().unwrap();
    let (h, rows) = csv_of(&["kwic", c, "patent*", "--format", "csv", "--sort", "right"]);
    let matched: Vec<&str> = rows.iter().map(|r| cell(&h, r, "match")).collect();
    // By the words to the right: "are", "lapses", "licence".
    assert_eq!(matched, ["patents", "patent", "patent"]);
    assert_eq!(cell(&h, &rows[0], "release"), "r1");
    assert_eq!(cell(&h, &rows[0], "title"), "東京");
    let (h, rows) = csv_of(&["kwic", c, "patent licen?e", "--format", "csv"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&h, &rows[0], "match"), "patent licence");
    // Text: release/doc_id, matches in one column by display width (東京
    // is four columns wide).
    let out = folio()
        .args(["kwic", c, "patent*", "--window", "2"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    // Sentence 2 (the title is sentence 1), as `folio sentences` numbers it.
    assert!(text.starts_with("r1/a:2"), "{text}");
    use unicode_width::UnicodeWidthStr;
    let cols: Vec<usize> = text
        .lines()
        .map(|l| l[..l.find("patent").unwrap()].width())
        .collect();
    assert!(cols.windows(2).all(|w| w[0] == w[1]), "{text}");
    // Nothing found: exit status 1 and a message, as grep.
    folio()
        .args(["kwic", c, "trademark"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no match for \"trademark\" in 2 documents",
        ));
}

#[test]
fn kwic_writes_the_table_its_output_file_names() {
    // `-o kw.csv` is a CSV table (the aligned text had been written into
    // it, a notebook read one garbled column), `-o kw.parquet` Parquet,
    // `-o kw.txt` the concordance.
    let dir = tempfile::tempdir().unwrap();
    for (name, head) in [
        ("kw.csv", &b"doc_id,release"[..]),
        ("kw.parquet", b"PAR1"),
        ("kw.txt", b"news/"),
    ] {
        let out = dir.path().join(name);
        folio()
            .args([
                "kwic",
                "corpus/2024-03-04",
                "strike",
                "-q",
                "-o",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            bytes.starts_with(head),
            "{name}: {:?}",
            String::from_utf8_lossy(&bytes[..40.min(bytes.len())])
        );
    }
    // --format still decides.
    let out = dir.path().join("kw2.csv");
    folio()
        .args([
            "kwic",
            "corpus/2024-03-04",
            "strike",
            "--format",
            "text",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(!std::fs::read(&out).unwrap().starts_with(b"doc_id"));
}

#[test]
fn no_document_read_is_an_error_for_every_table() {
    // As `stats` says: an empty table would read as "nothing in them".
    let dir = corpus_of(&[("a.txt", "placeholder")]);
    std::fs::write(
        dir.path().join("a.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let c = dir.path().to_str().unwrap();
    for args in [vec!["terms", c], vec!["sentences", c], vec!["kwic", c, "x"]] {
        folio()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no document could be read"));
    }
}
