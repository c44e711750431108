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
    // A page nested too deep and a broken CSV row name their file too.
    std::fs::write(corpus.join("deep.html"), "<div>".repeat(600)).unwrap();
    std::fs::write(
        corpus.join("rows.csv"),
        "id,text\na,\"Never closed.\nb,Next.\n",
    )
    .unwrap();
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
    let expected = if cfg!(unix) { 4 } else { 3 };
    assert_eq!(rows.len(), expected, "{rows:?}");
    assert!(rows.iter().any(|r| r[0].ends_with("image.txt")));
    assert!(rows
        .iter()
        .any(|r| r[0].ends_with("deep.html") && r[1].contains("nested more than")));
    assert!(rows
        .iter()
        .any(|r| r[0].ends_with("rows.csv") && r[1].contains("rows.csv:2: a quoted field")));
    if cfg!(unix) {
        assert!(rows
            .iter()
            .any(|r| r[0].ends_with("broken.txt") && r[1].contains("cannot read")));
    }
    // The good page, and the CSV's row after its broken one.
    let (_, stats) = parse_csv(&std::fs::read_to_string(out.join("stats.csv")).unwrap());
    assert_eq!(stats.len(), 2);
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
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The empty newest release is left out (a failed crawl's folder).
    assert!(!out.join("compare/2024-01-03..2024-01-04").exists());
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

/// A site crawl: twelve pages, each its own story between the site's
/// header and footer.
fn write_crawl(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..12 {
        let mut t = format!("Story {i}\n\nHome | News | Sport | Weather\nThe Harbour Gazette\n\n");
        for p in 0..30 {
            t.push_str(&format!(
                "Paragraph {p} of story {i}: ward {} debated item {} for an hour.\n\n",
                i * 7 + p,
                i * 13 + p
            ));
        }
        t.push_str("Share this article\n\nContact the newsroom\n");
        std::fs::write(dir.join(format!("page{i:02}.txt")), t).unwrap();
    }
}

#[test]
fn report_lists_the_boilerplate_it_removed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("crawl");
    write_crawl(&corpus);
    let out = dir.path().join("reports");
    folio()
        .args([
            "report",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("boilerplate.csv")).unwrap();
    let (header, rows) = parse_csv(&csv);
    assert_eq!(header, ["release", "line", "documents", "reason"]);
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[1].clone(), r[2].clone(), r[3].clone()))
        .collect();
    let want = |l: &str, n: &str, why: &str| (l.to_string(), n.to_string(), why.to_string());
    assert_eq!(
        got,
        [
            want("Contact the newsroom", "12", "repeated"),
            want("Home | News | Sport | Weather", "12", "repeated"),
            want("Share this article", "12", "trailer"),
            want("The Harbour Gazette", "12", "repeated"),
        ]
    );
    // With nothing removed the table keeps its header.
    let out2 = dir.path().join("reports2");
    folio()
        .args([
            "report",
            corpus.to_str().unwrap(),
            "-o",
            out2.to_str().unwrap(),
            "--boilerplate",
            "none",
        ])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out2.join("boilerplate.csv")).unwrap(),
        "release,line,documents,reason\n"
    );
}

#[test]
fn stats_warns_once_when_boilerplate_takes_a_quarter_of_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("crawl");
    write_crawl(&corpus);
    // Two short pages that are mostly chrome.
    for i in 0..2 {
        std::fs::write(
            corpus.join(format!("short{i}.txt")),
            format!("Brief {i}\n\nHome | News | Sport | Weather\nThe Harbour Gazette\n\nOne line of news {i}.\n\nShare this article\n\nContact the newsroom\n"),
        )
        .unwrap();
    }
    let out = folio()
        .args(["stats", corpus.to_str().unwrap()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("boilerplate"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("2 documents"), "{stderr}");
    assert!(warnings[0].contains("short"), "{stderr}");
    // Nothing heavy, no warning.
    std::fs::remove_file(corpus.join("short0.txt")).unwrap();
    std::fs::remove_file(corpus.join("short1.txt")).unwrap();
    let out = folio()
        .args(["stats", corpus.to_str().unwrap()])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&out.get_output().stderr).contains("boilerplate"));
}

/// The Python that has pyarrow, DuckDB, polars and pandas: the one named
/// by `FOLIO_TEST_PYTHON` (`.ci/run` makes a venv and names it), else
/// `python3` if it has them. `None` (the test is skipped with a message)
/// when there is none, unless `FOLIO_REQUIRE_PYTHON` is set.
fn notebook_python() -> Option<String> {
    let python = std::env::var("FOLIO_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = std::process::Command::new(&python)
        .args(["-c", "import pyarrow, duckdb, polars, pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("FOLIO_REQUIRE_PYTHON").is_none(),
        "FOLIO_REQUIRE_PYTHON is set but {python} cannot import pyarrow, duckdb, polars and pandas"
    );
    eprintln!(
        "skipped: {python} cannot import pyarrow, duckdb, polars and pandas \
         (set FOLIO_TEST_PYTHON to a Python that can; .ci/run makes one)"
    );
    None
}

#[test]
fn every_report_table_opens_in_notebook_tools() {
    let Some(python) = notebook_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    // Three releases: a document loses words (a negative difference), then
    // nothing changes (an empty edits table, which must keep its schema).
    let versions = [
        (
            "2024-01-01",
            "The mayor said the bridge will reopen on Monday after long repairs.",
        ),
        (
            "2024-01-02",
            "The mayor said the bridge will reopen on Monday.",
        ),
        (
            "2024-01-03",
            "The mayor said the bridge will reopen on Monday.",
        ),
    ];
    for (release, text) in versions {
        let r = corpus.join(release);
        std::fs::create_dir_all(&r).unwrap();
        std::fs::write(r.join("bridge.txt"), format!("Bridge\n\n{text}")).unwrap();
        std::fs::write(r.join("school.txt"), "School\n\nThe school opens at eight.").unwrap();
    }
    let out = dir.path().join("report");
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
    assert_eq!(
        std::fs::read_to_string(out.join("compare/2024-01-02..2024-01-03/edits.csv"))
            .unwrap()
            .lines()
            .count(),
        1,
        "an empty table keeps its header"
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tables/check_tables.py");
    let run = std::process::Command::new(&python)
        .args([script, out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn a_steps_counts_add_up_with_unreadable_documents() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    for (path, bytes) in [
        ("r1/a.txt", &b"The pool opens at nine.\n"[..]),
        ("r1/b.txt", b"The gym opens at six.\n"),
        ("r2/a.txt", b"The pool opens at ten.\n"),
        ("r2/b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ] {
        std::fs::create_dir_all(c.join(path).parent().unwrap()).unwrap();
        std::fs::write(c.join(path), bytes).unwrap();
    }
    let out = dir.path().join("out");
    folio()
        .args([
            "report",
            c.to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("r1 → r2: 1 modified, 0 renamed, 0 added, 0 removed, 0 unchanged, 1 unreadable, 0 reverts"),
        "{summary}"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(">Unreadable</th>"), "{index}");
}

#[test]
fn the_index_gives_each_document_of_a_shared_id_its_own_words() {
    // Two records of a feed share the id `x` in both releases; the index
    // had shown the first one's words on both rows.
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let ferry =
        "Ferry schedules, tides, harbour dredging and the fleet's quotas were on the agenda.";
    let budget = "The council debated the library budget.";
    std::fs::write(
        &feed,
        format!(
            "{{\"id\":\"x\",\"rel\":\"d1\",\"text\":\"{budget}\"}}\n\
             {{\"id\":\"x\",\"rel\":\"d1\",\"text\":\"{ferry}\"}}\n\
             {{\"id\":\"x\",\"rel\":\"d2\",\"text\":\"{budget} It agreed.\"}}\n\
             {{\"id\":\"x\",\"rel\":\"d2\",\"text\":\"{ferry} Nothing was decided.\"}}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("r");
    folio()
        .args([
            "report",
            feed.to_str().unwrap(),
            "--release-field",
            "rel",
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let words = |key: &str| -> String {
        let at = index.find(&format!("data-v=\"{key}\">")).unwrap();
        let cell = &index[at..];
        let v = &cell[cell.find("class=\"num\" data-v=\"").unwrap() + 20..];
        v[..v.find('"').unwrap()].to_string()
    };
    let mut shown = [words("x"), words("x#2")];
    shown.sort();
    assert_eq!(shown, ["16".to_string(), "8".to_string()]);
}
