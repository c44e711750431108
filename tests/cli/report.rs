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
