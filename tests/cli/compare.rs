use std::collections::BTreeMap;
use std::path::Path;

use predicates::prelude::*;

use super::{cell, fixture, folio, parse_csv, timeline_row};

fn release(name: &str) -> String {
    fixture(&format!("releases/{name}"))
}

/// doc_id → (status, old_doc_id) of a changes table.
fn statuses(csv: &str) -> BTreeMap<String, (String, String)> {
    let (header, rows) = parse_csv(csv);
    rows.iter()
        .map(|r| {
            (
                cell(&header, r, "doc_id").to_string(),
                (
                    cell(&header, r, "status").to_string(),
                    cell(&header, r, "old_doc_id").to_string(),
                ),
            )
        })
        .collect()
}

/// Writes two releases of (file name, text) into a temporary folder, runs
/// `folio compare` on them and returns the folder and `changes.csv`.
fn compare_files(old: &[(&str, &str)], new: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    for (release, files) in [("old", old), ("new", new)] {
        let folder = dir.path().join(release);
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in files {
            std::fs::write(folder.join(name), text).unwrap();
        }
    }
    let out = dir.path().join("cmp");
    folio()
        .args([
            "compare",
            dir.path().join("old").to_str().unwrap(),
            dir.path().join("new").to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let changes = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    (dir, changes)
}

#[test]
fn compare_finds_every_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    folio()
        .args([
            "compare",
            &release("2024-01-01"),
            &release("2024-01-02"),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("image.txt: binary file, skipped"));
    let changes = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    let s = statuses(&changes);
    let status = |id: &str| s[id].0.as_str();
    assert_eq!(status("a"), "unchanged");
    assert_eq!(status("x y"), "unchanged");
    assert_eq!(status("a..b"), "unchanged");
    assert_eq!(status("news/b"), "modified");
    assert_eq!(status("Köln über"), "modified");
    assert_eq!(status("c"), "removed");
    assert_eq!(status("d"), "added");
    assert_eq!(
        s["sports/renamed"],
        ("renamed".to_string(), "sports/rename-me".to_string())
    );
    assert!(
        !s.contains_key("sports/rename-me"),
        "a renamed document is one row"
    );
    assert!(!s.contains_key("image"));
    // Every document of either release is in exactly one row.
    assert_eq!(s.len(), 9);

    for report in [
        "news/b.diff",
        "Köln über.diff",
        "sports/renamed.diff",
        "flip.diff",
    ] {
        let text = std::fs::read_to_string(out.join("diffs").join(report)).unwrap();
        assert!(text.starts_with("--- "), "{report}");
    }
    let (header, edits) = parse_csv(&std::fs::read_to_string(out.join("edits.csv")).unwrap());
    assert_eq!(header[0], "doc_id");
    assert!(edits
        .iter()
        .any(|r| cell(&header, r, "doc_id") == "news/b" && cell(&header, r, "op") == "edited"));
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("modified 3 · renamed 1 · added 1 · removed 1"),
        "{summary}"
    );
    assert!(summary.contains("renamed from sports/rename-me"));
}

#[test]
fn compare_is_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let run = |j: &str| {
        let out = dir.path().join(format!("j{j}"));
        folio()
            .args([
                "compare",
                "corpus/2024-03-05",
                "corpus/2024-03-07",
                "-q",
                "-j",
                j,
                "-o",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
        ["changes.csv", "edits.csv", "summary.txt"].map(|f| std::fs::read(out.join(f)).unwrap())
    };
    assert_eq!(run("1"), run("3"));
}

#[test]
fn compare_on_the_sample_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    folio()
        .args([
            "compare",
            "corpus/2024-03-04",
            "corpus/2024-03-05",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let s = statuses(&std::fs::read_to_string(out.join("changes.csv")).unwrap());
    assert_eq!(s["business/farmers-market-expands"].0, "unchanged");
    assert_eq!(s["news/bridge-closure"].0, "modified");
    assert_eq!(
        s["sports/river-hawks-open-season-with-win"].1,
        "sports/river-hawks-win-opener"
    );
    assert_eq!(s["press/parks-summer-camp-registration"].0, "renamed");
    assert_eq!(s["news/library-reopens"].0, "added");
    assert_eq!(s["sports/high-school-track-record"].0, "removed");
}

#[test]
fn whitespace_and_quote_style_changes_are_not_significant() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    folio()
        .args([
            "compare",
            &release("2024-01-02"),
            &release("2024-01-03"),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("changes.csv")).unwrap());
    let a = rows
        .iter()
        .find(|r| cell(&header, r, "doc_id") == "a")
        .unwrap();
    assert_eq!(cell(&header, a, "status"), "unchanged");
    assert_eq!(cell(&header, a, "nonsignificant"), "true");
}

#[test]
fn compare_errors() {
    folio()
        .args(["compare", "nowhere", &release("2024-01-01")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nowhere: no such file or folder"));
    folio()
        .args([
            "compare",
            &release("2024-01-01"),
            &release("2024-01-02"),
            "--min-change",
            "7",
        ])
        .assert()
        .code(2);
}

#[test]
fn compare_refuses_releases_that_would_tell_false_changes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (path, text) in [
        ("series/2024-01-01/a.txt", "The pool opens at nine.\n"),
        ("series/2024-01-01/b.txt", "The gym opens at six.\n"),
        ("series/2024-01-02/a.txt", "The pool opens at ten.\n"),
        ("series/2024-01-02/b.txt", "The gym opens at six.\n"),
    ] {
        std::fs::create_dir_all(d.join(path).parent().unwrap()).unwrap();
        std::fs::write(d.join(path), text).unwrap();
    }
    std::fs::create_dir_all(d.join("empty")).unwrap();
    let s = |p: &str| d.join(p).to_str().unwrap().to_string();
    let run = |old: &str, new: &str| {
        folio()
            .args(["compare", &s(old), &s(new), "-o", &s("out")])
            .output()
            .unwrap()
    };
    // An empty release (a failed crawl): every document would be "added".
    let out = run("empty", "series/2024-01-02");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("empty: no documents found"), "{err}");
    assert!(!d.join("out").exists());
    // The folder of releases given as the old release: every id renamed.
    let out = run("series", "series/2024-01-02");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2024-01-02: inside "), "{err}");
    // The same folder twice: said, and nothing changed.
    let out = run("series/2024-01-01", "series/2024-01-01/");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the same folder; every document is unchanged"),
        "{err}"
    );
    // A folder of releases beside a plain release sharing few ids.
    std::fs::create_dir_all(d.join("flat")).unwrap();
    std::fs::write(d.join("flat/a.txt"), "The pool opens at ten.\n").unwrap();
    let out = run("series", "flat");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "reads as a folder of 2 releases (2024-01-01, 2024-01-02), compared here as one"
        ),
        "{err}"
    );
}

#[test]
fn history_flags_reverts_and_follows_renames() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h");
    // The newest release is empty: named in --order, it is compared.
    let order = dir.path().join("order.txt");
    std::fs::write(&order, "2024-01-01\n2024-01-02\n2024-01-03\n2024-01-04\n").unwrap();
    folio()
        .args([
            "history",
            &fixture("releases"),
            "-q",
            "--order",
            order.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("timeline.csv")).unwrap());
    assert_eq!(
        header[..10],
        [
            "doc_id",
            "key",
            "from_release",
            "to_release",
            "from_date",
            "to_date",
            "old_doc_id",
            "path",
            "old_path",
            "status"
        ]
    );
    // Dated release names give the dates as dates.
    assert!(rows
        .iter()
        .all(|r| cell(&header, r, "from_date") == cell(&header, r, "from_release")));
    let row = |id: &str, from: &str| {
        timeline_row(&header, &rows, id, from).unwrap_or_else(|| panic!("no row {id} {from}"))
    };
    assert_eq!(cell(&header, row("flip", "2024-01-01"), "revert"), "false");
    assert_eq!(cell(&header, row("flip", "2024-01-02"), "revert"), "true");
    // The empty release: everything removed.
    let last: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| cell(&header, r, "to_release") == "2024-01-04")
        .collect();
    assert_eq!(last.len(), 4);
    assert!(last.iter().all(|r| cell(&header, r, "status") == "removed"));

    let (dh, docs) = parse_csv(&std::fs::read_to_string(out.join("documents.csv")).unwrap());
    let doc = |id: &str| docs.iter().find(|r| cell(&dh, r, "doc_id") == id).unwrap();
    assert_eq!(cell(&dh, doc("flip"), "reverts"), "1");
    assert_eq!(cell(&dh, doc("flip"), "versions"), "2");
    assert_eq!(
        cell(&dh, doc("sports/renamed"), "renamed_from"),
        "sports/rename-me"
    );
    assert_eq!(cell(&dh, doc("a"), "releases"), "3");
    assert_eq!(cell(&dh, doc("d"), "first_release"), "2024-01-02");
    assert_eq!(cell(&dh, doc("d"), "first_date"), "2024-01-02");
    // Each timeline row names its document's key: a renamed document's
    // rows before and after the rename, one key.
    let keys: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| cell(&header, r, "doc_id").starts_with("sports/rename"))
        .map(|r| cell(&header, r, "key"))
        .collect();
    assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["sports/renamed"]);
    assert!(rows.iter().all(|r| docs
        .iter()
        .any(|d| cell(&dh, d, "key") == cell(&header, r, "key"))));
}

/// An empty newest release (a crawl under way or failed) is left out with
/// a warning, not compared: every document had been published removed.
#[test]
fn an_empty_newest_release_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h");
    let done = folio()
        .args(["history", &fixture("releases"), "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(
        err.contains("2024-01-04: no document in the newest release of the series"),
        "{err}"
    );
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("timeline.csv")).unwrap());
    assert!(rows
        .iter()
        .all(|r| cell(&header, r, "to_release") != "2024-01-04"));
    assert!(rows
        .iter()
        .any(|r| cell(&header, r, "to_release") == "2024-01-03"));
    // An order file may leave the empty release out (as `report` allows).
    let order = dir.path().join("order.txt");
    std::fs::write(&order, "2024-01-01\n2024-01-02\n2024-01-03\n").unwrap();
    let done = folio()
        .args([
            "history",
            &fixture("releases"),
            "--order",
            order.to_str().unwrap(),
        ])
        .args(["-o", dir.path().join("h2").to_str().unwrap()])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(!err.contains("no release here is named"), "{err}");
}

/// A newest release none of whose files can be read (a failed crawl's
/// gzip'ed error page) is as empty: left out of a series, refused by
/// `compare` — not every document published removed.
#[test]
fn an_unreadable_newest_release_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let series = dir.path().join("series");
    for name in ["2024-01-01", "2024-01-02"] {
        let to = series.join(name);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(release(name)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let failed = series.join("2024-01-03");
    std::fs::create_dir_all(&failed).unwrap();
    // A gzip stream's first bytes: binary.
    std::fs::write(
        failed.join("index.html"),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xb3\xc9\x28\xc9\xcd\xb1",
    )
    .unwrap();
    let out = dir.path().join("h");
    let done = folio()
        .args([
            "history",
            series.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(
        err.contains("2024-01-03: no document that could be read in the newest release"),
        "{err}"
    );
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    assert!(!timeline.contains("2024-01-03"), "{timeline}");
    let done = folio()
        .args([
            "compare",
            series.join("2024-01-02").to_str().unwrap(),
            failed.to_str().unwrap(),
        ])
        .args(["-o", dir.path().join("c").to_str().unwrap()])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(err.contains("no document could be read"), "{err}");
    assert!(!dir.path().join("c").exists());
}

/// Versions of one document given as files, one or all of which cannot
/// be read (a failed download): `compare` and `history` refuse, with no
/// output, rather than publish the document added, removed, or absent.
#[test]
fn versions_as_files_that_cannot_be_read_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xb3\xc9\x28\xc9\xcd\xb1";
    let (v1, v2, v3) = (
        dir.path().join("v1.html"),
        dir.path().join("v2.html"),
        dir.path().join("v3.txt"),
    );
    std::fs::write(&v1, gzip).unwrap();
    std::fs::write(&v2, gzip).unwrap();
    std::fs::write(&v3, "The ferry sails at noon.\n").unwrap();
    for (old, new, reads) in [(&v1, &v2, "added"), (&v3, &v2, "removed")] {
        let out = dir.path().join("c");
        let done = folio()
            .args(["compare", old.to_str().unwrap(), new.to_str().unwrap()])
            .args(["-o", out.to_str().unwrap()])
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
        assert!(err.contains("binary file"), "{err}");
        assert!(
            err.contains(&format!("the document would read {reads}")),
            "{err}"
        );
        assert!(!out.exists());
    }
    let out = dir.path().join("h");
    let done = folio()
        .args(["history", v1.to_str().unwrap(), v2.to_str().unwrap()])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(
        err.contains("no document could be read in any release"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn history_of_folders_given_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h");
    folio()
        .args([
            "history",
            &release("2024-01-01"),
            &release("2024-01-03"),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("timeline.csv")).unwrap());
    assert!(rows
        .iter()
        .all(|r| cell(&header, r, "from_release") == "2024-01-01"));
    folio()
        .args(["history", &release("2024-01-01")])
        .assert()
        .code(2);
}

#[test]
fn a_second_compare_leaves_no_stale_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let run = |new: &str| {
        folio()
            .args([
                "compare",
                &release("2024-01-01"),
                &release(new),
                "-q",
                "-o",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
    };
    run("2024-01-02");
    assert!(out.join("diffs/news/b.diff").is_file());
    run("2024-01-01");
    assert!(!out.join("diffs").exists());
    let hidden: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".folio-manifest" && n != ".folio-lock")
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn records_sharing_an_id_pair_in_order() {
    let feed = "{\"id\": \"1\", \"text\": \"The council met on Monday to vote.\"}\n{\"id\": \"1\", \"text\": \"A storm knocked out power overnight.\"}\n";
    let (_dir, changes) = compare_files(&[("feed.jsonl", feed)], &[("feed.jsonl", feed)]);
    let s = statuses(&changes);
    let (h, rows) = parse_csv(&changes);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter().all(|r| cell(&h, r, "status") == "unchanged"),
        "{s:?}"
    );
}

#[test]
fn history_rejects_a_release_given_twice() {
    folio()
        .args([
            "history",
            &release("2024-01-01"),
            &release("2024-01-01"),
            &release("2024-01-02"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("given twice"));
}

#[test]
fn a_freed_id_is_another_document() {
    let dir = tempfile::tempdir().unwrap();
    let r = |name: &str, files: &[(&str, &str)]| {
        let d = dir.path().join("h").join(name);
        std::fs::create_dir_all(&d).unwrap();
        for (f, t) in files {
            std::fs::write(d.join(f), t).unwrap();
        }
    };
    let t1 = "The council approved the budget on Thursday after a long debate about libraries.";
    let t2 = "A storm knocked out power to thousands of homes across the city overnight.";
    r("1", &[("y.txt", t1)]);
    r("2", &[("z.txt", t1)]);
    r("3", &[("z.txt", t1), ("y.txt", t2)]);
    let out = dir.path().join("out");
    folio()
        .args([
            "history",
            dir.path().join("h").to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let (h, docs) = parse_csv(&std::fs::read_to_string(out.join("documents.csv")).unwrap());
    assert_eq!(docs.len(), 2, "{docs:?}");
    let z = docs.iter().find(|d| cell(&h, d, "doc_id") == "z").unwrap();
    assert_eq!(cell(&h, z, "renamed_from"), "y");
    assert_eq!(cell(&h, z, "releases"), "3");
    let y = docs.iter().find(|d| cell(&h, d, "doc_id") == "y").unwrap();
    assert_eq!(cell(&h, y, "first_release"), "3");
}

/// Documents found under new ids with their text unchanged are paired by
/// text, copies in order; a changed one is still found by similarity.
#[test]
fn renamed_copies_pair_in_order() {
    let same = "Council notes\n\nThe council met on Monday and agreed the budget.\n";
    let other = "Harbor report\n\nThe harbor will close for repairs in May, officials said.\n";
    let edited = other.replace("in May", "in early May");
    let (_dir, changes) = compare_files(
        &[("a.txt", same), ("b.txt", same), ("h.txt", other)],
        &[("x.txt", same), ("y.txt", same), ("z.txt", &edited)],
    );
    let got = statuses(&changes);
    let renamed = |from: &str| ("renamed".to_string(), from.to_string());
    assert_eq!(
        got,
        BTreeMap::from([
            ("x".to_string(), renamed("a")),
            ("y".to_string(), renamed("b")),
            ("z".to_string(), renamed("h")),
        ])
    );
}

#[test]
fn diffs_as_files_one_patch_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let run = |mode: &str| {
        let out = dir.path().join(mode);
        folio()
            .args(["compare", "corpus/2024-03-04", "corpus/2024-03-07", "-q"])
            .args(["--diffs", mode, "-o", out.to_str().unwrap()])
            .assert()
            .success();
        out
    };
    let files = run("files");
    let single = run("single");
    let none = run("none");
    // The same tables whatever the mode.
    for table in ["changes.csv", "edits.csv"] {
        let a = std::fs::read(files.join(table)).unwrap();
        assert_eq!(a, std::fs::read(single.join(table)).unwrap());
        assert_eq!(a, std::fs::read(none.join(table)).unwrap());
    }
    let mut reports: Vec<std::path::PathBuf> = Vec::new();
    let mut stack = vec![files.join("diffs")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                reports.push(p);
            }
        }
    }
    let patch = std::fs::read_to_string(single.join("diffs.patch")).unwrap();
    assert_eq!(patch.matches("\ndiff --folio ").count() + 1, reports.len());
    assert!(patch.starts_with("diff --folio "));
    // Each file's report is in the patch, whole.
    for r in &reports {
        let text = std::fs::read_to_string(r).unwrap();
        assert!(patch.contains(&text), "{}", r.display());
    }
    assert!(!single.join("diffs").exists() && !none.join("diffs").exists());
    assert!(!none.join("diffs.patch").exists());
}

#[test]
fn texts_on_disk_and_batches_change_nothing_in_the_output() {
    // More documents than a batch of rows (1,024), of every status.
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    for d in [&old, &new] {
        std::fs::create_dir_all(d.join("part")).unwrap();
    }
    let text = |n: usize| {
        format!(
            "Report {n}\n\nThe council of town {n} met on day {}. It voted on road {} and school {}.\n\nResidents of ward {n} asked for {} more buses.\n",
            n % 28,
            n * 7 % 101,
            n * 13 % 97,
            n % 9
        )
    };
    for n in 0..1500 {
        let name = format!("part/doc-{n:04}.txt");
        std::fs::write(old.join(&name), text(n)).unwrap();
        match n % 10 {
            0 => {}                                                                    // removed
            1 => std::fs::write(new.join(format!("moved-{n}.txt")), text(n)).unwrap(), // renamed
            2..=4 => std::fs::write(new.join(&name), text(n).replace("more", "fewer")).unwrap(),
            _ => std::fs::write(new.join(&name), text(n)).unwrap(),
        }
    }
    for n in 0..60 {
        let added = format!(
            "Weather note {n}: fog over harbour {n} lifts by noon; ferries {} resume.\n",
            n * 3
        );
        std::fs::write(new.join(format!("added-{n}.txt")), added).unwrap();
    }
    let run = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        folio()
            .args([
                "compare",
                old.to_str().unwrap(),
                new.to_str().unwrap(),
                "-q",
            ])
            .args(["--diffs", "single", "-o", out.to_str().unwrap()])
            .args(extra)
            .assert()
            .success();
        out
    };
    let memory = run("memory", &[]);
    let disk = run("disk", &["--texts-in-memory", "1", "-j", "1"]);
    let half = run("half", &["--texts-in-memory", "40K", "-j", "2"]);
    for file in [
        "changes.csv",
        "changes.parquet",
        "edits.csv",
        "edits.parquet",
        "diffs.patch",
        "summary.txt",
    ] {
        let a = std::fs::read(memory.join(file)).unwrap();
        assert_eq!(a, std::fs::read(disk.join(file)).unwrap(), "{file}");
        assert_eq!(a, std::fs::read(half.join(file)).unwrap(), "{file}");
    }
    let summary = std::fs::read_to_string(memory.join("summary.txt")).unwrap();
    assert!(
        summary.contains("modified 450 · renamed 150 · added 60 · removed 150"),
        "{summary}"
    );
    let edits = std::fs::read_to_string(memory.join("edits.csv")).unwrap();
    assert!(
        edits.lines().count() > 450,
        "every modified document has edits"
    );
}

#[test]
fn texts_that_find_no_temporary_folder_stay_in_memory_with_one_warning() {
    // A TMPDIR that does not exist: the texts past --texts-in-memory cannot
    // go to disk. The comparison is the same, one line says so, and the
    // summary counts no unreadable document.
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    for d in [&old, &new] {
        std::fs::create_dir_all(d).unwrap();
    }
    for n in 0..40 {
        let text = format!(
            "Minutes {n}\n\nThe board met on day {n} and adopted item {}.\n",
            n * 3
        );
        std::fs::write(old.join(format!("m{n}.txt")), &text).unwrap();
        std::fs::write(
            new.join(format!("m{n}.txt")),
            text.replace("adopted", "tabled"),
        )
        .unwrap();
    }
    let run = |name: &str, tmp: &Path| {
        let out = dir.path().join(name);
        let assert = folio()
            .env("TMPDIR", tmp)
            .args(["compare", old.to_str().unwrap(), new.to_str().unwrap()])
            .args(["--texts-in-memory", "1", "--diffs", "single"])
            .args(["-o", out.to_str().unwrap()])
            .assert()
            .success();
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        (out, stderr)
    };
    let (disk, quiet) = run("disk", dir.path());
    let missing = dir.path().join("no-such-folder");
    let (memory, warned) = run("memory", &missing);
    assert!(!quiet.contains("warning"), "{quiet}");
    let warnings: Vec<&str> = warned
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warned}");
    assert!(warnings[0].contains("no-such-folder"), "{warned}");
    assert!(warnings[0].contains("kept in memory"), "{warned}");
    for file in ["changes.csv", "edits.csv", "diffs.patch", "summary.txt"] {
        assert_eq!(
            std::fs::read(disk.join(file)).unwrap(),
            std::fs::read(memory.join(file)).unwrap(),
            "{file}"
        );
    }
    let summary = std::fs::read_to_string(memory.join("summary.txt")).unwrap();
    assert!(!summary.contains("unreadable"), "{summary}");
}

#[test]
fn compare_shards_make_up_the_whole_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, shard: Option<&str>| {
        let out = dir.path().join(name);
        let mut cmd = folio();
        cmd.args(["compare", "corpus/2024-03-04", "corpus/2024-03-07", "-q"])
            .args(["-o", out.to_str().unwrap()]);
        if let Some(s) = shard {
            cmd.args(["--shard", s]);
        }
        cmd.assert().success();
        out
    };
    let whole = run("whole", None);
    // Each shard's summary counts its own documents: they add up.
    let documents = |out: &std::path::Path| -> (u64, u64) {
        let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
        let line = summary
            .lines()
            .find(|l| l.starts_with("documents: "))
            .unwrap();
        let n: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect();
        (n[0], n[1])
    };
    let (mut before, mut after) = (0, 0);
    for k in 1..=3 {
        let (b, a) = documents(&run(&format!("docs-{k}"), Some(&format!("{k}/3"))));
        before += b;
        after += a;
    }
    assert_eq!((before, after), documents(&whole));
    for table in ["changes.csv", "edits.csv"] {
        let (header, mut expected) =
            parse_csv(&std::fs::read_to_string(whole.join(table)).unwrap());
        let mut parts = Vec::new();
        for k in 1..=3 {
            let out = run(&format!("part-{k}-{table}"), Some(&format!("{k}/3")));
            let (h, rows) = parse_csv(&std::fs::read_to_string(out.join(table)).unwrap());
            assert_eq!(h, header);
            assert!(rows.len() < expected.len(), "part {k} of {table}");
            if table == "changes.csv" {
                let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
                assert!(summary.contains(&format!("(shard {k}/3)")), "{summary}");
            }
            parts.extend(rows);
        }
        parts.sort();
        expected.sort();
        assert_eq!(parts, expected, "{table}");
    }
}

/// `--keep-fields all --shard`: every part's changes table has every field
/// of the versions rows take them from (one only a removed record has).
#[test]
fn compare_shard_parts_keep_every_field() {
    let dir = tempfile::tempdir().unwrap();
    for (release, extra) in [("r1", ", \"author\": \"Jane Roe\""), ("r2", "")] {
        std::fs::create_dir(dir.path().join(release)).unwrap();
        let records: String = (0..12)
            .filter(|&k| release == "r1" || k != 7)
            .map(|k| {
                let author = if k == 7 { extra } else { "" };
                let more = if release == "r2" && k % 3 == 0 { " It grew." } else { "" };
                format!("{{\"id\": \"doc{k}\", \"text\": \"Story {k} of the week.{more}\", \"rank\": {k}{author}}}\n")
            })
            .collect();
        std::fs::write(dir.path().join(release).join("feed.jsonl"), records).unwrap();
    }
    let mut headers = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("out{k}"));
        folio()
            .current_dir(dir.path())
            .args(["compare", "r1", "r2", "--keep-fields", "all", "-q"])
            .args(["--shard", &format!("{k}/3"), "-o", out.to_str().unwrap()])
            .assert()
            .success();
        let (h, _) = parse_csv(&std::fs::read_to_string(out.join("changes.csv")).unwrap());
        headers.push(h);
    }
    assert!(headers[0].iter().any(|h| h == "author"), "{:?}", headers[0]);
    assert!(headers.iter().all(|h| h == &headers[0]));
}

/// Ten distinct short news items, each with a few sentences of its own.
fn ten_items() -> Vec<(String, String)> {
    let topics = [
        (
            "bridge",
            "The Elm Street bridge reopened after repairs to its deck.",
        ),
        (
            "budget",
            "The council passed a budget that raises library hours.",
        ),
        (
            "school",
            "The school board voted to forgive unpaid lunch balances.",
        ),
        (
            "storm",
            "A storm left four thousand homes without power overnight.",
        ),
        (
            "market",
            "The farmers market will stay open on Sundays through fall.",
        ),
        (
            "nurses",
            "Nurses at the county hospital ended a three-day strike.",
        ),
        (
            "parks",
            "Registration for the summer camp opens on the first of May.",
        ),
        (
            "transit",
            "Two bus routes will run every ten minutes at rush hour.",
        ),
        (
            "library",
            "The main library reopened with a new reading room upstairs.",
        ),
        (
            "river",
            "Anglers reported the best spring run of trout in a decade.",
        ),
    ];
    topics
        .iter()
        .map(|(name, lead)| {
            (
                format!("{name}.txt"),
                format!("{lead}\n\nReporters followed the {name} story for the paper all week.\n"),
            )
        })
        .collect()
}

#[test]
fn a_file_that_did_not_change_is_unchanged_whatever_its_release_removes_as_repeated() {
    // The old release has nine items: too few to look for lines repeated
    // across it. The new one has the same nine and one more, so a banner
    // closing four of them (40%) is found repeated and removed there only.
    let banner = "Riverton Ledger: your neighbors, your news, every morning";
    let items: Vec<(String, String)> = ten_items()
        .into_iter()
        .enumerate()
        .map(|(i, (name, text))| {
            let text = if i < 4 {
                format!("{text}\n{banner}\n")
            } else {
                text
            };
            (name, text)
        })
        .collect();
    let old: Vec<(&str, &str)> = items[..9]
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let new: Vec<(&str, &str)> = items
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (_dir, changes) = compare_files(&old, &new);
    let (header, rows) = parse_csv(&changes);
    for r in &rows {
        let id = cell(&header, r, "doc_id");
        if id == "river" {
            assert_eq!(cell(&header, r, "status"), "added");
            continue;
        }
        assert_eq!(cell(&header, r, "status"), "unchanged", "{id}: {changes}");
        assert_eq!(
            cell(&header, r, "nonsignificant"),
            "false",
            "{id}: {changes}"
        );
        assert_eq!(cell(&header, r, "words_deleted"), "0", "{id}");
        assert_eq!(cell(&header, r, "words_delta"), "0", "{id}: {changes}");
    }
}

/// Three files of one id (`a.html`, `a.md`, `a.txt`), `a.md` renamed
/// `b.md`: `a.txt` is unchanged, `a.md` renamed (in one pass, `a.md` had
/// taken `a.txt`'s new version — modified, similarity 0 — and `a.txt` was
/// removed).
#[test]
fn files_sharing_an_id_pair_by_name_before_order() {
    let (h, m, t) = (
        "<html><body><p>The web page version of the notice, for the site.</p></body></html>",
        "# Notice\n\nThe Markdown version says something else entirely, about parking.\n",
        "Notice\n\nThe plain text says the library closes early on Friday afternoon.\n",
    );
    let (_dir, changes) = compare_files(
        &[("a.html", h), ("a.md", m), ("a.txt", t)],
        &[("a.html", h), ("b.md", m), ("a.txt", t)],
    );
    let (header, rows) = parse_csv(&changes);
    let status = |path_end: &str| {
        rows.iter()
            .find(|r| cell(&header, r, "path").ends_with(path_end))
            .map(|r| cell(&header, r, "status").to_string())
    };
    assert_eq!(status("a.txt").as_deref(), Some("unchanged"), "{changes}");
    assert_eq!(status("a.html").as_deref(), Some("unchanged"), "{changes}");
    assert_eq!(status("b.md").as_deref(), Some("renamed"), "{changes}");
    assert_eq!(rows.len(), 3, "{changes}");
}

/// A short note added to the end of four of ten articles is removed from
/// them as repeated chrome (the known limit of `auto`): they are
/// unchanged, and the summary says that they lost lines so, where the
/// change had been silent.
#[test]
fn a_note_hidden_as_repeated_chrome_is_named_in_the_summary() {
    let note = "Editor's note: This article was updated.";
    let old = ten_items();
    let new: Vec<(String, String)> = old
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            let text = if i < 4 {
                format!("{text}\n\n{note}\n")
            } else {
                text.clone()
            };
            (name.clone(), text)
        })
        .collect();
    let o: Vec<(&str, &str)> = old.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let n: Vec<(&str, &str)> = new.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (dir, changes) = compare_files(&o, &n);
    let (header, rows) = parse_csv(&changes);
    let hidden = rows
        .iter()
        .filter(|r| cell(&header, r, "boilerplate_lines_delta") == "1")
        .count();
    assert_eq!(hidden, 4, "{changes}");
    let summary = std::fs::read_to_string(dir.path().join("cmp/summary.txt")).unwrap();
    assert!(
        summary.contains("4 of the unchanged lost lines as boilerplate in one version only"),
        "{summary}"
    );
}

#[test]
fn a_change_of_markup_only_is_unchanged_and_a_move_is_modified() {
    let list = |mark: &str| {
        format!(
            "# Rules of the pool\n\nSwimmers must follow these rules:\n\n{mark} Shower before you swim.\n{mark} No running on the deck.\n{mark} Children under ten swim with an adult.\n"
        )
    };
    let moved_old = "The pool opens at nine. Lessons start in June.\n\nThe lifeguards are certified. They train every spring.\n";
    let moved_new = "The lifeguards are certified. They train every spring.\n\nThe pool opens at nine. Lessons start in June.\n";
    let (_dir, changes) = compare_files(
        &[("rules.md", &list("-")), ("hours.txt", moved_old)],
        &[("rules.md", &list("*")), ("hours.txt", moved_new)],
    );
    let (header, rows) = parse_csv(&changes);
    let row = |id: &str| {
        rows.iter()
            .find(|r| cell(&header, r, "doc_id") == id)
            .unwrap()
    };
    assert_eq!(
        cell(&header, row("rules"), "status"),
        "unchanged",
        "{changes}"
    );
    assert_eq!(cell(&header, row("rules"), "nonsignificant"), "true");
    assert_eq!(
        cell(&header, row("hours"), "status"),
        "modified",
        "{changes}"
    );
}

/// Found in the policies' histories: a list marker before a link, the
/// style of emphasis, a space after a heading's number changed no word and
/// were `modified`; a full stop added is a change.
#[test]
fn markup_before_links_emphasis_and_spaces_are_no_change() {
    let text = |mark: &str, em: &str, space: &str, stop: &str| {
        format!(
            "#### 4.{space}Services\n\nYou may not:\n\n{mark} [harass or abuse](/harassment) any person;\n{mark} post {em}illegal{em} content.\n\nThe rules apply to all Users{stop}\n"
        )
    };
    let (_dir, changes) = compare_files(
        &[
            ("marks.md", &text("-", "*", "", ".")),
            ("stop.md", &text("-", "*", "", "")),
        ],
        &[
            ("marks.md", &text("*", "_", " ", ".")),
            ("stop.md", &text("-", "*", "", ".")),
        ],
    );
    let st = statuses(&changes);
    assert_eq!(st["marks"].0, "unchanged", "{changes}");
    assert_eq!(st["stop"].0, "modified", "{changes}");
}

/// A transport fact sheet of an imaginary country, in the layout of an
/// almanac's template: labels, and figures drawn from `seed`.
fn fact_sheet(seed: u64, places: &[&str], ship_types: &[&str]) -> String {
    let mut state = seed;
    let mut n = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        100 + (state >> 33) % 99_900
    };
    let waterways: Vec<String> = places[..3]
        .iter()
        .map(|p| format!("{p} {} km", n()))
        .collect();
    let ships: Vec<String> = ship_types
        .iter()
        .map(|t| format!("{t} {}", n() % 99))
        .collect();
    format!(
        "railways:\ntotal:\n{} km ({} km electrified; {} km double track)\nnarrow gauge:\n{} km 1.000-m gauge; {} km 0.762-m gauge (1997 est.)\n\n\
         highways:\ntotal:\n{} km\npaved:\n{} km\nunpaved:\n{} km (1996 est.)\n\n\
         waterways:\n{} km total; {}\n\nports and harbors:\n{}\n\n\
         merchant marine:\ntotal:\n{} ships (1,000 grt or over) totaling {} grt/{} dwt\nships by type:\n{} (1999 est.)\n",
        n(), n(), n(), n(), n(), n(), n(), n(), n(),
        waterways.join("; "),
        places.join(", "),
        n() % 900, n(), n(),
        ships.join(", "),
    )
}

#[test]
fn pages_of_one_template_are_no_rename() {
    // Two countries' sheets share their labels and nothing else: their
    // words looked alike enough to pair (at the default threshold, 0.5),
    // while the diff finds them a third similar.
    let norland = fact_sheet(
        1,
        &["brask", "tana", "olden", "vik", "hamar fjord"],
        &[
            "bulk",
            "cargo",
            "container",
            "passenger",
            "refrigerated cargo",
            "roll-on/roll-off",
        ],
    );
    let sudmark = fact_sheet(
        2,
        &["olvera", "rica", "san telmo", "porto alto", "la brea"],
        &[
            "chemical tanker",
            "combination ore/oil",
            "liquified gas",
            "livestock carrier",
            "petroleum tanker",
            "short-sea passenger",
        ],
    );
    // And two stubs of one template, a dozen words each, apart from names.
    let stub = |sea: &str, a: &str, b: &str| {
        format!("location:\nnorthern coast, bordering the {sea}, between {a} and {b}\n<p>map\n")
    };
    let dir = tempfile::tempdir().unwrap();
    for (release, files) in [
        (
            "old",
            [
                ("transport-in-norland.txt", norland),
                ("geography-of-arland.txt", stub("grey sea", "brask", "tana")),
            ],
        ),
        (
            "new",
            [
                ("transport-in-sudmark.txt", sudmark),
                (
                    "geography-of-belmar.txt",
                    stub("salt bay", "olvera", "rica"),
                ),
            ],
        ),
    ] {
        let folder = dir.path().join(release);
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in files {
            std::fs::write(folder.join(name), text).unwrap();
        }
    }
    let out = dir.path().join("cmp");
    folio()
        .arg("compare")
        .args([dir.path().join("old"), dir.path().join("new")])
        .args(["-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    let changes = std::fs::read_to_string(out.join("changes.csv")).unwrap();
    let s = statuses(&changes);
    assert_eq!(s["transport-in-norland"].0, "removed", "{changes}");
    assert_eq!(s["transport-in-sudmark"].0, "added", "{changes}");
    assert_eq!(s["geography-of-arland"].0, "removed", "{changes}");
    assert_eq!(s["geography-of-belmar"].0, "added", "{changes}");
}

/// A document's name holding a line break or an escape sequence is written
/// escaped in `summary.txt` and a diff's header: it can forge no line of
/// them, nor colour a terminal.
#[test]
fn names_cannot_forge_lines_of_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let name = "story\nmodified: 0 documents \u{1b}[31m.txt";
    for (release, text) in [
        ("r1", "The council met. It voted."),
        ("r2", "The council met. It voted no."),
    ] {
        std::fs::create_dir_all(dir.path().join(release)).unwrap();
        std::fs::write(dir.path().join(release).join(name), text).unwrap();
    }
    let out = dir.path().join("out");
    folio()
        .args(["compare", "-q", "--boilerplate", "none"])
        .arg(dir.path().join("r1"))
        .arg(dir.path().join("r2"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        !summary.lines().any(|l| l.starts_with("modified: 0")),
        "{summary}"
    );
    assert!(
        !summary.contains('\u{1b}') && summary.contains("story\\n"),
        "{summary}"
    );
    let diff = folio()
        .arg("diff")
        .arg(dir.path().join("r1").join(name))
        .arg(dir.path().join("r2").join(name))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&diff.stdout);
    assert!(
        !text.lines().any(|l| l.starts_with("modified: 0")),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
}

/// Found by an adversarial test: a feed a release holds but that could
/// not be read at all (compressed, over the size cap, a damaged Parquet
/// file) had made every record of it `removed`, in the
/// tables, the summary and the feed, exit 0: its records are
/// `unreadable`, and a record of the feed truly gone is still removed.
#[test]
fn the_records_of_a_feed_not_read_are_unreadable_not_removed() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("crawl");
    let feed: String = (0..5)
        .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"Article {i} says hello. It is short.\"}}\n"))
        .collect();
    for day in ["2024-01-01", "2024-02-01", "2024-03-01"] {
        std::fs::create_dir_all(r.join(day)).unwrap();
    }
    std::fs::write(r.join("2024-01-01/feed.jsonl"), &feed).unwrap();
    // d4 really left the feed.
    let four: String = feed.lines().take(4).map(|l| format!("{l}\n")).collect();
    std::fs::write(r.join("2024-02-01/feed.jsonl"), &four).unwrap();
    // The newest crawl's feed came compressed under the old name.
    std::fs::write(
        r.join("2024-03-01/feed.jsonl"),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00\x86\xa6\x10\x36\x05\x00\x00\x00",
    )
    .unwrap();
    let out = dir.path().join("h");
    folio()
        .args([
            "history",
            r.to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    let (header, rows) = parse_csv(&timeline);
    let status = |id: &str, from: &str| {
        timeline_row(&header, &rows, id, from).map(|r| cell(&header, r, "status").to_string())
    };
    assert_eq!(
        status("d4", "2024-01-01").as_deref(),
        Some("removed"),
        "{timeline}"
    );
    for id in ["d0", "d1", "d2", "d3"] {
        assert_eq!(
            status(id, "2024-02-01").as_deref(),
            Some("unreadable"),
            "{timeline}"
        );
    }
    let cmp = dir.path().join("c");
    folio()
        .args([
            "compare",
            r.join("2024-02-01").to_str().unwrap(),
            r.join("2024-03-01").to_str().unwrap(),
            "-q",
            "-o",
            cmp.to_str().unwrap(),
        ])
        .assert()
        .success();
    let summary = std::fs::read_to_string(cmp.join("summary.txt")).unwrap();
    assert!(summary.contains("removed 0"), "{summary}");
    assert!(summary.contains("unreadable: 4 documents"), "{summary}");
}

/// Found by an adversarial test: a record whose id is known but whose
/// text is not (`"text": null`, an object) had been `removed`, then
/// `added` back; with two such records the history made one the other
/// renamed. It is `unreadable` in its release, in a feed grouped by
/// `--release-field` as in a release's folder.
#[test]
fn a_record_whose_text_cannot_be_read_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        concat!(
            "{\"id\":\"a\",\"crawl\":\"2024-01-01\",\"text\":\"Alpha version one. Two sentences.\"}\n",
            "{\"id\":\"b\",\"crawl\":\"2024-01-01\",\"text\":\"Beta version one. Two sentences.\"}\n",
            "{\"id\":\"a\",\"crawl\":\"2024-02-01\",\"text\":null}\n",
            "{\"id\":\"b\",\"crawl\":\"2024-02-01\",\"text\":\"Beta version one. Two sentences.\"}\n",
            "{\"id\":\"a\",\"crawl\":\"2024-03-01\",\"text\":\"Alpha version one. Two sentences.\"}\n",
            "{\"id\":\"b\",\"crawl\":\"2024-03-01\",\"text\":{\"html\":\"<p>Beta.</p>\"}}\n",
        ),
    )
    .unwrap();
    let out = dir.path().join("h");
    folio()
        .args([
            "history",
            feed.to_str().unwrap(),
            "--release-field",
            "crawl",
        ])
        .args(["-q", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    let (header, rows) = parse_csv(&timeline);
    let statuses: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                format!(
                    "{} {}",
                    cell(&header, r, "doc_id"),
                    cell(&header, r, "from_release")
                ),
                cell(&header, r, "status").to_string(),
            )
        })
        .collect();
    for (key, status) in &statuses {
        assert!(
            !["removed", "added", "renamed"].contains(&status.as_str()),
            "{key}: {status}\n{timeline}"
        );
    }
    assert!(
        statuses.contains(&("a 2024-01-01".into(), "unreadable".into())),
        "{timeline}"
    );
    assert!(
        statuses.contains(&("b 2024-02-01".into(), "unreadable".into())),
        "{timeline}"
    );
    // Releases as folders, each with its feed.
    let r = dir.path().join("r");
    for (day, text) in [("v1", "\"Alpha one. Two.\""), ("v2", "null")] {
        std::fs::create_dir_all(r.join(day)).unwrap();
        std::fs::write(
            r.join(day).join("feed.jsonl"),
            format!(
                "{{\"id\":\"a\",\"text\":{text}}}\n{{\"id\":\"b\",\"text\":\"Beta one. Two.\"}}\n"
            ),
        )
        .unwrap();
    }
    let cmp = dir.path().join("c");
    folio()
        .args([
            "compare",
            r.join("v1").to_str().unwrap(),
            r.join("v2").to_str().unwrap(),
        ])
        .args(["-q", "-o", cmp.to_str().unwrap()])
        .assert()
        .success();
    let changes = std::fs::read_to_string(cmp.join("changes.csv")).unwrap();
    let (header, rows) = parse_csv(&changes);
    let a = rows
        .iter()
        .find(|r| cell(&header, r, "doc_id") == "a")
        .unwrap();
    assert_eq!(cell(&header, a, "status"), "unreadable", "{changes}");
}

/// Found by an adversarial test: a document still in the new release but
/// unreadable there (now binary, over the size cap, a link whose target
/// is gone) was reported `removed` — in the tables, the summary and the
/// feed — and `added` again when readable in the next release. It is
/// `unreadable`: no change known, and a history follows it through.
#[test]
fn a_document_unreadable_in_one_release_is_neither_removed_nor_added() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("r");
    for v in ["v1", "v2", "v3"] {
        std::fs::create_dir_all(r.join(v)).unwrap();
        for d in ["a", "b", "c"] {
            std::fs::write(
                r.join(v).join(format!("{d}.txt")),
                format!("Doc {d}. Its text.\n"),
            )
            .unwrap();
        }
    }
    std::fs::write(r.join("v2/b.txt"), b"Doc b\x00 binary now").unwrap();
    std::fs::remove_file(r.join("v2/c.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), r.join("v2/c.txt")).unwrap();
    #[cfg(not(unix))]
    std::fs::write(r.join("v2/c.txt"), b"\x00").unwrap();
    let out = dir.path().join("h");
    folio()
        .args([
            "history",
            r.to_str().unwrap(),
            "-q",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    let (header, rows) = parse_csv(&timeline);
    let status = |id: &str, from: &str| {
        timeline_row(&header, &rows, id, from).map(|r| cell(&header, r, "status").to_string())
    };
    for id in ["b", "c"] {
        assert_eq!(
            status(id, "v1").as_deref(),
            Some("unreadable"),
            "{timeline}"
        );
        assert_eq!(
            status(id, "v2").as_deref(),
            Some("unreadable"),
            "{timeline}"
        );
    }
    assert!(
        rows.iter()
            .all(|r| !["removed", "added"].contains(&cell(&header, r, "status"))),
        "{timeline}"
    );
    // Found by an adversarial test: `path` named the old file, the one
    // read; it names the new one, the file that could not be read.
    let b = |from: &str, column: &str| {
        cell(
            &header,
            timeline_row(&header, &rows, "b", from).unwrap(),
            column,
        )
        .to_string()
    };
    assert!(b("v1", "path").ends_with("v2/b.txt"), "{timeline}");
    assert!(b("v1", "old_path").ends_with("v1/b.txt"), "{timeline}");
    assert!(b("v2", "path").ends_with("v3/b.txt"), "{timeline}");
    assert!(b("v2", "old_path").ends_with("v2/b.txt"), "{timeline}");
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let (header, rows) = parse_csv(&documents);
    assert_eq!(rows.len(), 3, "{documents}");
    for row in &rows {
        assert_eq!(cell(&header, row, "first_release"), "v1");
        assert_eq!(cell(&header, row, "last_release"), "v3");
        assert_eq!(cell(&header, row, "changes"), "0");
    }
    let report = dir.path().join("rep");
    folio()
        .args([
            "report",
            r.to_str().unwrap(),
            "-q",
            "-o",
            report.to_str().unwrap(),
        ])
        .assert()
        .success();
    let feed = std::fs::read_to_string(report.join("feed.xml")).unwrap();
    assert!(
        !feed.contains(" removed (") && !feed.contains(" added ("),
        "{feed}"
    );
}

#[test]
fn files_sharing_an_id_pair_by_file_name() {
    // `a.txt` unchanged, `a.md` new: both have the id `a`. In name order
    // `a.md` came first, and the unchanged story was compared with the
    // recipe ("modified, similarity 0"); the summary called the shared id
    // an unreadable document.
    let story = "Budget story\n\nThe council approved the budget on Tuesday.\n";
    let recipe = "Recipe notes\n\nMix flour and water. Bake for an hour.\n";
    let (dir, changes) = compare_files(&[("a.txt", story)], &[("a.txt", story), ("a.md", recipe)]);
    let (h, rows) = parse_csv(&changes);
    let mut got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (cell(&h, r, "status"), cell(&h, r, "words_added")))
        .collect();
    got.sort();
    assert_eq!(got, [("added", "10"), ("unchanged", "0")], "{changes}");
    let summary = std::fs::read_to_string(dir.path().join("cmp/summary.txt")).unwrap();
    assert!(!summary.contains("unreadable"), "{summary}");
}

#[test]
fn a_name_decomposed_in_one_release_is_the_same_document() {
    // `café.txt` written in NFC, then copied through a system that
    // decomposes names (NFD): one document, unchanged, not a rename.
    let text = "Menu\n\nThe café opens at eight.\n";
    let (_dir, changes) = compare_files(&[("caf\u{e9}.txt", text)], &[("cafe\u{301}.txt", text)]);
    let (h, rows) = parse_csv(&changes);
    assert_eq!(rows.len(), 1, "{changes}");
    assert_eq!(cell(&h, &rows[0], "status"), "unchanged", "{changes}");
    assert_eq!(cell(&h, &rows[0], "doc_id"), "caf\u{e9}");
}

#[test]
fn an_added_documents_words_are_counted_as_a_diff_counts_them() {
    // Code lines count as a diff counts them, apart from prose, for an
    // added document as for a modified one: a step's totals add the two
    // alike.
    let doc = "# Install\n\nRun the installer first.\n\n```sh\npip install textkit\ntextkit --help\n```\n\nThen read the guide.\n";
    let (dir, changes) = compare_files(
        &[("a.txt", "The pool opens at nine.\n")],
        &[("a.txt", "The pool opens at nine.\n"), ("b.md", doc)],
    );
    let (h, rows) = parse_csv(&changes);
    let b = rows.iter().find(|r| cell(&h, r, "doc_id") == "b").unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "").unwrap();
    let out = folio()
        .args([
            "diff",
            empty.to_str().unwrap(),
            dir.path().join("new/b.md").to_str().unwrap(),
            "--stat",
        ])
        .output()
        .unwrap();
    let stat = String::from_utf8_lossy(&out.stdout).into_owned();
    let words = cell(&h, b, "words_added");
    let sentences = cell(&h, b, "sentences_added");
    assert!(
        stat.contains(&format!("words +{words} ")),
        "{stat} vs {words}"
    );
    assert!(
        stat.contains(&format!("sentences: {sentences} added")),
        "{stat} vs {sentences}"
    );
    // Code is no prose: the words of prose are the stats table's, and the
    // lines of code and their words are counted apart, as the diff does.
    assert_eq!(cell(&h, b, "new_words"), words, "{changes}");
    assert_eq!(cell(&h, b, "code_lines_added"), "2", "{changes}");
    let code_words = cell(&h, b, "code_words_added");
    assert!(
        stat.contains(&format!(
            "code lines: 2 added, 0 deleted, 0 edited, 0 moved, 0 unchanged · words +{code_words} −0 =0"
        )),
        "{stat} vs {code_words}"
    );
    assert_ne!(code_words, "0");
}

#[test]
fn the_summary_counts_splits_and_merges_beside_the_other_edits() {
    // The most-changed line had shown `0 added, 0 deleted, 0 edited, 0
    // moved` for a document whose one change was a split.
    let dir = tempfile::tempdir().unwrap();
    for (release, text) in [
        ("a", "The council met on Monday to vote on the budget, and it approved the new library hours for the whole town."),
        ("b", "The council met on Monday to vote on the budget. It approved the new library hours for the whole town."),
    ] {
        let folder = dir.path().join(release);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("x.txt"), format!("Budget news\n\n{text}\n\nThe vote was close.\n")).unwrap();
    }
    let out = dir.path().join("out");
    folio()
        .args(["compare"])
        .arg(dir.path().join("a"))
        .arg(dir.path().join("b"))
        .args(["-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("sentences 0 added, 0 deleted, 0 edited, 0 moved, 1 split)"),
        "{summary}"
    );
}
