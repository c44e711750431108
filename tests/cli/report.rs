use super::{folio, parse_csv};

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
