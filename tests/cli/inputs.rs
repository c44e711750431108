use predicates::prelude::*;

use super::{cell, fixture, folio, parse_csv};

fn stats(args: &[&str]) -> (Vec<String>, Vec<Vec<String>>, String) {
    let out = folio().arg("stats").args(args).assert().success();
    let o = out.get_output();
    let (h, rows) = parse_csv(&String::from_utf8_lossy(&o.stdout));
    (h, rows, String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn a_manuals_chapter_is_read_block_by_block_without_its_chrome() {
    // Our DocBook-shaped chapter: navigation tables, a table of contents,
    // sections with tables of two columns, tips.
    let out = folio()
        .args(["sentences", &fixture("inputs/manual.html")])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    // The title once (not again as the heading, nor in the navigation).
    assert_eq!(lines[0], "Chapter 3. Starting the system", "{text}");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("Starting the system"))
            .count(),
        1
    );
    // No navigation or table of contents; each section heading once.
    for chrome in ["Prev", "Next", "Home", "Contents"] {
        assert!(!lines.contains(&chrome), "{chrome}");
    }
    assert_eq!(
        lines.iter().filter(|l| l.contains("3.8. Logging")).count(),
        1
    );
    // A caption's label and number stay with it; table cells are apart.
    assert!(lines.contains(&"Table 3.1. Files of this stage"), "{text}");
    assert!(
        lines.contains(&"file") && lines.contains(&"purpose"),
        "{text}"
    );
    let (h, rows, _) = stats(&[&fixture("inputs/manual.html")]);
    assert_eq!(cell(&h, &rows[0], "extraction"), "structural");
}

#[test]
fn html_main_text_only() {
    let (h, rows, _) = stats(&[&fixture("inputs/page.html")]);
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&h, &rows[0], "title"), "Ferry Adds Evening Sailings");
    // Scripts, styles, navigation, footer and cookie banner are left out.
    for word in ["SCRIPTWORD", "NAVWORD", "FOOTERWORD", "COOKIEWORD"] {
        let out = folio()
            .args([
                "kwic",
                &fixture("inputs/page.html"),
                word,
                "--format",
                "csv",
            ])
            .assert()
            .code(1);
        assert_eq!(
            String::from_utf8_lossy(&out.get_output().stdout)
                .lines()
                .count(),
            1,
            "{word}"
        );
    }
    assert!(cell(&h, &rows[0], "words").parse::<u32>().unwrap() > 100);
    assert_eq!(cell(&h, &rows[0], "paragraphs"), "5");
}

#[test]
fn jsonl_records_and_malformed_lines() {
    let (h, rows, stderr) = stats(&[&fixture("inputs/records.jsonl")]);
    let ids: Vec<&str> = rows.iter().map(|r| cell(&h, r, "doc_id")).collect();
    assert_eq!(ids, ["ferry-1", "../../etc/passwd", "42", "records#7"]);
    assert!(
        stderr.contains("records.jsonl:4: not valid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("records.jsonl:5: no \"text\" field"),
        "{stderr}"
    );
    // The title is part of the text, as a .txt title is: a sentence and a
    // paragraph of its own.
    let ferry = &rows[0];
    assert_eq!(cell(&h, ferry, "title"), "Ferry Adds Evening Sailings");
    assert_eq!(cell(&h, ferry, "sentences"), "3");
    assert_eq!(cell(&h, ferry, "words"), "21");
    assert_eq!(cell(&h, &rows[2], "title"), "");
}

#[test]
fn csv_export_with_other_column_names() {
    let (h, rows, _) = stats(&[&fixture("inputs/export.csv"), "--text-field", "body"]);
    assert_eq!(rows.len(), 3);
    assert_eq!(cell(&h, &rows[1], "doc_id"), "c2");
    assert_eq!(cell(&h, &rows[1], "title"), "Bridge Closes, Detours Begin");
    assert_eq!(cell(&h, &rows[1], "paragraphs"), "3");
    folio()
        .args(["stats", &fixture("inputs/export.csv")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("export.csv: no \"text\" column"));
}

#[test]
fn ids_from_data_stay_labels_in_report_paths() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::create_dir_all(&new).unwrap();
    let long = "x".repeat(300);
    let rec = |id: &str, text: &str| format!("{}\n", serde_json::json!({"id": id, "text": text}));
    let ids = [
        "../../escape",
        "/abs/path",
        "nul\u{0}byte",
        long.as_str(),
        "a:b\\c",
    ];
    let mut a = String::new();
    let mut b = String::new();
    for id in ids {
        a += &rec(id, "The council met on Monday. It voted on the budget.");
        b += &rec(id, "The council met on Tuesday. It voted on the budget.");
    }
    std::fs::write(old.join("feed.jsonl"), a).unwrap();
    std::fs::write(new.join("feed.jsonl"), b).unwrap();
    let out = dir.path().join("out");
    folio()
        .args([
            "compare",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let mut files = Vec::new();
    for e in walk(&out) {
        assert!(e.starts_with(&out), "{e:?} escaped the output folder");
        files.push(e);
    }
    let diffs = files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "diff"))
        .count();
    assert_eq!(diffs, ids.len());
    assert!(!dir.path().join("escape.diff").exists());
    let (h, rows) = parse_csv(&std::fs::read_to_string(out.join("changes.csv")).unwrap());
    assert!(rows.iter().all(|r| cell(&h, r, "status") == "modified"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn terms_agree_with_stats_on_every_input_kind() {
    let inputs = fixture("inputs");
    let (sh, srows, _) = stats(&[&inputs, "--text-field", "body"]);
    let words: u64 = srows
        .iter()
        .map(|r| cell(&sh, r, "words").parse::<u64>().unwrap())
        .sum();
    let out = folio()
        .args(["terms", &inputs, "--text-field", "body"])
        .assert()
        .success();
    let (th, trows) = parse_csv(&String::from_utf8_lossy(&out.get_output().stdout));
    let counted: u64 = trows
        .iter()
        .map(|r| cell(&th, r, "count").parse::<u64>().unwrap())
        .sum();
    assert_eq!(counted, words);
}

#[test]
fn parquet_files_are_corpora_of_records() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.parquet");
    // 4,200 rows, more than one slice of rows (4,096), in row groups of 700.
    let n = 4200usize;
    let texts: Vec<Option<String>> = (0..n)
        .map(|i| (i != 4150).then(|| format!("Story {i} says the ferry runs at {i} past nine.")))
        .collect();
    let mut df = df!(
        "id" => (0..n).map(|i| format!("d{i:04}")).collect::<Vec<_>>(),
        "headline" => (0..n).map(|i| format!("Ferry {i}")).collect::<Vec<_>>(),
        "text" => texts,
        "crawled" => (0..n).map(|i| if i % 2 == 0 { "2024-03-01" } else { "2024-03-02" }).collect::<Vec<_>>(),
        "shares" => (0..n as i64).collect::<Vec<_>>(),
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .with_row_group_size(Some(700))
        .finish(&mut df)
        .unwrap();
    let p = path.to_str().unwrap();
    let out = folio()
        .args([
            "stats",
            p,
            "--title-field",
            "headline",
            "--keep-fields",
            "shares",
        ])
        .args(["--boilerplate", "none"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (h, rows) = parse_csv(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(rows.len(), n - 1);
    assert_eq!(h[..5], ["doc_id", "release", "path", "title", "shares"]);
    let last = rows.last().unwrap();
    assert_eq!(
        (
            cell(&h, last, "doc_id"),
            cell(&h, last, "title"),
            cell(&h, last, "shares")
        ),
        ("d4199", "Ferry 4199", "4199")
    );
    // "Story 4199 says the ferry runs at 4199 past nine." and its title.
    assert_eq!(cell(&h, last, "words"), "12");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("feed.parquet:4151: no \"text\" value, skipped"),
        "{stderr}"
    );
    // Records of a Parquet feed grouped into releases.
    let hist = dir.path().join("h");
    folio()
        .args(["history", p, "--release-field", "crawled", "-q"])
        .args(["--boilerplate", "none"])
        .args(["-o", hist.to_str().unwrap()])
        .assert()
        .success();
    assert!(hist.join("timeline.csv").exists());
    // Not Parquet: a warning naming the file, the run goes on.
    let bad = dir.path().join("bad.parquet");
    std::fs::write(&bad, "not parquet at all").unwrap();
    let out = folio()
        .args(["stats", p, bad.to_str().unwrap(), "-o", "-"])
        .args(["--boilerplate", "none"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.parquet: not a Parquet file"),
        "{stderr}"
    );
}
