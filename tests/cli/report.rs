use super::{cell, folio, parse_csv};

#[test]
fn report_writes_stats_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    folio()
        .args(["report", "corpus", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("stats.csv")).unwrap();
    let (header, rows) = parse_csv(&csv);
    assert_eq!(header[0], "doc_id");
    assert!(rows.len() >= 40);
    assert!(out.join("stats.parquet").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("errors.csv")).unwrap(),
        "path,error\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn report_on_missing_corpus_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    folio()
        .args([
            "report",
            "nowhere",
            "-o",
            dir.path().join("r").to_str().unwrap(),
        ])
        .assert()
        .failure()
        .code(2);
    assert!(!dir.path().join("r").exists());
}

#[test]
fn report_lists_unusable_files_in_errors_csv() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("good.txt"), "Title\n\nA good document.\n").unwrap();
    std::fs::write(corpus.join("image.txt"), b"\x89PNG\x00\x00\x01").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(corpus.join("missing.txt"), corpus.join("broken.txt")).unwrap();
    let out = dir.path().join("reports");
    folio()
        .args([
            "report",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("image.txt: binary file, skipped"));
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("errors.csv")).unwrap());
    assert_eq!(header, ["path", "error"]);
    let expected = if cfg!(unix) { 2 } else { 1 };
    assert_eq!(rows.len(), expected, "{rows:?}");
    assert!(rows.iter().any(|r| r[0].ends_with("image.txt")));
    if cfg!(unix) {
        assert!(rows
            .iter()
            .any(|r| r[0].ends_with("broken.txt") && r[1].contains("cannot read")));
    }
    let (_, stats) = parse_csv(&std::fs::read_to_string(out.join("stats.csv")).unwrap());
    assert_eq!(stats.len(), 1);
}

#[test]
fn report_on_releases_has_the_whole_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("README.md"), "keep me").unwrap();
    folio()
        .args([
            "report",
            &super::fixture("releases"),
            "-q",
            "--force",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    for f in [
        "stats.csv",
        "stats.parquet",
        "errors.csv",
        "timeline.csv",
        "documents.csv",
        "summary.txt",
        "compare/2024-01-01..2024-01-02/changes.csv",
        "compare/2024-01-01..2024-01-02/edits.csv",
        "compare/2024-01-01..2024-01-02/summary.txt",
        "compare/2024-01-01..2024-01-02/diffs/news/b.diff",
        "compare/2024-01-03..2024-01-04/changes.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("flip (2024-01-02 → 2024-01-03)"),
        "{summary}"
    );
    let (_, errors) = parse_csv(&std::fs::read_to_string(out.join("errors.csv")).unwrap());
    assert_eq!(errors.len(), 1);

    // A later report of a single release replaces the set: no stale
    // comparison is left behind, and other files stay.
    folio()
        .args([
            "report",
            &super::fixture("releases/2024-01-01"),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(!out.join("compare").exists());
    assert!(!out.join("timeline.csv").exists());
    assert!(out.join("stats.csv").is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("README.md")).unwrap(),
        "keep me"
    );
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".folio") && n != ".folio-manifest" && n != ".folio-lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A failed run leaves the previous report as it was.
    let before = std::fs::read(out.join("stats.csv")).unwrap();
    folio()
        .args([
            "report",
            "no/such/corpus",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(2);
    assert_eq!(std::fs::read(out.join("stats.csv")).unwrap(), before);
}

/// The deltas of `timeline.csv` are the differences of the documents'
/// rows in `stats.csv` — the same statistics, with the same options
/// (`--mattr-window` included), for every pair of versions.
#[test]
fn timeline_deltas_are_differences_of_stats_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    folio()
        .args([
            "report",
            &super::fixture("releases"),
            "--mattr-window",
            "7",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let read = |f: &str| parse_csv(&std::fs::read_to_string(out.join(f)).unwrap());
    let (sh, stats) = read("stats.csv");
    let (th, timeline) = read("timeline.csv");
    let row = |release: &str, id: &str| {
        stats
            .iter()
            .find(|r| cell(&sh, r, "release") == release && cell(&sh, r, "doc_id") == id)
            .unwrap_or_else(|| panic!("{release}/{id} in stats.csv"))
    };
    let mut checked = 0;
    for t in &timeline {
        if !matches!(cell(&th, t, "status"), "modified" | "renamed" | "unchanged") {
            continue;
        }
        let old = row(cell(&th, t, "from_release"), cell(&th, t, "old_doc_id"));
        let new = row(cell(&th, t, "to_release"), cell(&th, t, "doc_id"));
        for name in ["words", "sentences", "mattr", "mtld", "flesch_reading_ease"] {
            let delta: f64 = cell(&th, t, &format!("{name}_delta")).parse().unwrap();
            let (a, b): (f64, f64) = (
                cell(&sh, old, name).parse().unwrap(),
                cell(&sh, new, name).parse().unwrap(),
            );
            assert!(
                (b - a - delta).abs() < 2e-4,
                "{name}: {b} - {a} != {delta} ({:?})",
                cell(&th, t, "doc_id")
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} deltas checked");
}

/// A series of releases in which no document can be read fails with one
/// message, and leaves no report folder behind.
#[test]
fn report_on_unreadable_releases_fails_without_output() {
    let dir = tempfile::tempdir().unwrap();
    for release in ["2024-01-01", "2024-01-02"] {
        let folder = dir.path().join("corpus").join(release);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("a.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    }
    let out = dir.path().join("r");
    folio()
        .args([
            "report",
            dir.path().join("corpus").to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .failure()
        .code(2)
        .stderr(predicates::str::contains("no document could be read"));
    assert!(!out.exists());
}

/// A document whose words stay but whose line breaks change is unchanged
/// (non-significant), and its deltas still say what changed: here a
/// heading run into its paragraph makes one sentence of two.
#[test]
fn unchanged_documents_report_their_real_deltas() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for (release, text) in [
        (
            "2024-01-01",
            "Terms\n\n## Accounts\nWe agree to the terms.\n",
        ),
        (
            "2024-01-02",
            "Terms\n\n## Accounts We agree to the terms.\n",
        ),
    ] {
        std::fs::create_dir_all(corpus.join(release)).unwrap();
        std::fs::write(corpus.join(release).join("terms.md"), text).unwrap();
    }
    let out = dir.path().join("r");
    folio()
        .args([
            "report",
            corpus.to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let (th, timeline) = parse_csv(&std::fs::read_to_string(out.join("timeline.csv")).unwrap());
    let t = &timeline[0];
    assert_eq!(cell(&th, t, "status"), "unchanged");
    assert_eq!(cell(&th, t, "nonsignificant"), "true");
    assert_eq!(cell(&th, t, "sentences_delta"), "-1");
    assert_eq!(cell(&th, t, "paragraphs_delta"), "-1");
}
