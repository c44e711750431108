//! Series of releases: natural order, `--order`, and the layout guess.

use super::{cell, folio, parse_csv};

fn steps(timeline: &std::path::Path) -> Vec<(String, String)> {
    let (header, rows) = parse_csv(&std::fs::read_to_string(timeline).unwrap());
    let from = header.iter().position(|h| h == "from_release").unwrap();
    let to = header.iter().position(|h| h == "to_release").unwrap();
    let mut steps: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[from].clone(), r[to].clone()))
        .collect();
    steps.dedup();
    steps
}

fn numbered_releases(dir: &std::path::Path, names: &[&str]) {
    for (k, name) in names.iter().enumerate() {
        let folder = dir.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("policy.txt"),
            format!(
                "Policy\n\nThis policy was revised in version {k}. It applies to all members.\n"
            ),
        )
        .unwrap();
    }
}

/// Runs `folio history CORPUS -o OUT`, which must succeed: its stderr.
fn history(corpus: &std::path::Path, out: &std::path::Path) -> String {
    let run = folio()
        .args([
            "history",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    String::from_utf8_lossy(&run.get_output().stderr).to_string()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn releases_run_in_natural_order_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("versions");
    numbered_releases(&corpus, &["1", "2", "10", "11", "v3"]);
    let out = dir.path().join("history");
    let stderr = history(&corpus, &out);
    assert!(
        stderr.contains("read as 5 releases") && stderr.contains("1, 2, 10, 11, v3"),
        "{stderr}"
    );
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("1", "2"), ("2", "10"), ("10", "11"), ("11", "v3")])
    );
}

/// `folio history` writes a summary for reading, as `compare` does: the
/// releases in order, each step's counts, the documents changed most —
/// prose and code apart — and the reverts.
#[test]
fn history_writes_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("versions");
    let write = |release: &str, name: &str, text: &str| {
        let folder = corpus.join(release);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(name), text).unwrap();
    };
    let guide = "# Guide\n\nInstall the tool first.\n\n```sh\npip install tool\n```\n";
    let guide2 = "# Guide\n\nInstall the tool first. It needs Python.\n\n```sh\npip install tool\ntool --version\n```\n";
    let note = "Note\n\nThe office is open on Monday.\n";
    let changed = "Note\n\nThe office is closed on Monday.\n";
    for (release, g, n) in [
        ("1", guide, note),
        ("2", guide2, changed),
        ("3", guide2, note),
    ] {
        write(release, "guide.md", g);
        write(release, "note.txt", n);
    }
    let out = dir.path().join("history");
    let stderr = history(&corpus, &out);
    assert!(stderr.contains("summary.txt"), "{stderr}");
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    for line in [
        "releases: 3 in order: 1, 2, 3",
        "documents: 2 followed",
        "  1 → 2: 2 modified, 0 renamed, 0 added, 0 removed, 0 unchanged, 0 reverts",
        "  2 → 3: 1 modified, 0 renamed, 0 added, 0 removed, 1 unchanged, 1 revert",
        "guide  (+3 −0 words, 1 sentence edits, 1 code line edits (+2 −0 words), 2 distinct versions, 0 reverts)",
        "note (2 → 3)",
    ] {
        assert!(summary.contains(line), "{line:?} not in:\n{summary}");
    }
}

/// Archives of one package whose name changed case (PyPI's `click-6.7`,
/// `Click-7.0`, `click-7.1`) run by their versions: by bytes `Click-7.0`
/// had come first, and the history had told of files removed in 6.7 and
/// added back in 7.1.
#[test]
fn releases_run_in_order_whatever_the_case_of_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("sdists");
    numbered_releases(&corpus, &["click-7.1", "Click-7.0", "click-6.7"]);
    let out = dir.path().join("history");
    let stderr = history(&corpus, &out);
    assert!(
        stderr.contains("click-6.7, Click-7.0, click-7.1"),
        "{stderr}"
    );
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("click-6.7", "Click-7.0"), ("Click-7.0", "click-7.1")])
    );
}

/// Names without a number or a date run in alphabetical order, which is no
/// order in time: folio says so, and how to give the order.
#[test]
fn releases_named_without_numbers_are_said_to_be_in_alphabetical_order() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("drafts");
    for name in ["before", "middle", "after"] {
        let folder = corpus.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("policy.txt"),
            format!("Policy\n\nThis policy was revised ({name}). It applies to all members.\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("history");
    let stderr = history(&corpus, &out);
    assert!(
        stderr.contains("in alphabetical order of names") && stderr.contains("give --order FILE"),
        "{stderr}"
    );
}

/// A release folder that is a link to another (`stable -> 2`) is that
/// release, read once with a note: as a release of its own it had made a
/// false change and a false revert.
#[cfg(unix)]
#[test]
fn a_linked_release_folder_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("versions");
    numbered_releases(&corpus, &["1", "2", "3"]);
    std::os::unix::fs::symlink("2", corpus.join("stable")).unwrap();
    // A numbered link is a release of its own (a snapshot unchanged).
    std::os::unix::fs::symlink("3", corpus.join("4")).unwrap();
    let out = dir.path().join("history");
    let stderr = history(&corpus, &out);
    assert!(stderr.contains("a link to the release 2"), "{stderr}");
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("1", "2"), ("2", "3"), ("3", "4")])
    );
}

/// A release folder that is a link leading nowhere (gone, or to itself)
/// is said, as any unfollowable link inside a release is: it had been
/// dropped from the series without a word.
#[cfg(unix)]
#[test]
fn a_release_link_leading_nowhere_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("versions");
    numbered_releases(&corpus, &["1", "2"]);
    std::os::unix::fs::symlink("3", corpus.join("3")).unwrap();
    std::os::unix::fs::symlink("gone", corpus.join("4")).unwrap();
    let run = folio()
        .args(["stats", corpus.to_str().unwrap(), "-o", "-"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("3: cannot read"), "{stderr}");
    assert!(stderr.contains("4: cannot read"), "{stderr}");
    // Read flat, the walk says each once, not twice.
    let run = folio()
        .args([
            "stats",
            corpus.to_str().unwrap(),
            "--layout",
            "flat",
            "-o",
            "-",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert_eq!(stderr.matches("cannot read").count(), 2, "{stderr}");
}

/// A document missing from a release (a failed crawl) and back with
/// another text changed while away: `changes_while_absent` says so, and an
/// empty release between two is warned about (it had been "2 versions, 0
/// changes", the edit told nowhere).
#[test]
fn a_change_across_an_absence_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("crawl");
    for (release, texts) in [
        (
            "v1",
            vec![
                ("a", "The council voted on the plan."),
                ("b", "Parks open at nine."),
            ],
        ),
        ("v2", vec![]),
        ("v2b", vec![]),
        (
            "v3",
            vec![
                ("a", "The council rejected the plan."),
                ("b", "Parks open at nine."),
            ],
        ),
    ] {
        let folder = corpus.join(release);
        std::fs::create_dir_all(&folder).unwrap();
        for (id, text) in texts {
            std::fs::write(folder.join(format!("{id}.txt")), format!("{text}\n")).unwrap();
        }
    }
    let out = dir.path().join("h");
    let run = folio()
        .args(["history", corpus.to_str().unwrap(), "--layout", "releases"])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("v2, v2b: releases with no document"),
        "{stderr}"
    );
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("documents.csv")).unwrap());
    let absent: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                cell(&header, r, "key"),
                cell(&header, r, "changes_while_absent"),
            )
        })
        .collect();
    assert_eq!(absent, [("a", "1"), ("b", "0")]);
}

#[test]
fn an_order_file_sets_the_order_and_must_list_every_release() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("versions");
    numbered_releases(&corpus, &["a1", "b2", "c3"]);
    let order = dir.path().join("order.txt");
    std::fs::write(&order, "# newest last\nc3\na1\nb2\n").unwrap();
    let out = dir.path().join("history");
    folio()
        .args([
            "history",
            corpus.to_str().unwrap(),
            "--order",
            order.to_str().unwrap(),
        ])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("c3", "a1"), ("a1", "b2")])
    );
    std::fs::write(&order, "c3\na1\n").unwrap();
    let out2 = dir.path().join("history2");
    folio()
        .args([
            "history",
            corpus.to_str().unwrap(),
            "--order",
            order.to_str().unwrap(),
        ])
        .args(["-o", out2.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "releases missing from the order file: b2",
        ));
    assert!(!out2.exists());
    // A name no release has (a typo?) is said, and does not stop the run.
    std::fs::write(&order, "c3\na1\nb1\nb2\n").unwrap();
    folio()
        .args([
            "history",
            corpus.to_str().unwrap(),
            "--order",
            order.to_str().unwrap(),
        ])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "order.txt: no release here is named b1",
        ));
}

#[test]
fn translations_and_sections_are_one_corpus_not_releases() {
    let dir = tempfile::tempdir().unwrap();
    let manual = dir.path().join("manual");
    let chapters = [
        ("de", "Das Paketsystem installiert und entfernt Programme. Es prüft dabei alle Abhängigkeiten."),
        ("fr", "Le système de paquets installe et supprime les programmes. Il vérifie toutes les dépendances."),
        ("es", "El sistema de paquetes instala y elimina programas. Comprueba todas las dependencias."),
    ];
    for (lang, text) in chapters {
        std::fs::create_dir_all(manual.join(lang)).unwrap();
        std::fs::write(
            manual.join(lang).join("ch01.txt"),
            format!("Kapitel\n\n{text}\n"),
        )
        .unwrap();
    }
    let run = folio()
        .args(["stats", manual.to_str().unwrap()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("read as one corpus of 3 folders"),
        "{stderr}"
    );
    let (header, rows) = parse_csv(&String::from_utf8_lossy(&run.get_output().stdout));
    let id = header.iter().position(|h| h == "doc_id").unwrap();
    let release = header.iter().position(|h| h == "release").unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r[id].as_str()).collect();
    assert_eq!(ids, ["de/ch01", "es/ch01", "fr/ch01"]);
    assert!(rows.iter().all(|r| r[release].is_empty()));
    // Forced, they are releases.
    folio()
        .args([
            "stats",
            manual.to_str().unwrap(),
            "--layout",
            "releases",
            "-q",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("ch01,de,"));
    // Versions under plain names, alike in text, are releases.
    let plain = dir.path().join("plain");
    for (name, word) in [("draft", "may"), ("final", "must")] {
        std::fs::create_dir_all(plain.join(name)).unwrap();
        std::fs::write(
            plain.join(name).join("rules.txt"),
            format!("Rules\n\nMembers {word} renew their cards every year at the front desk.\n"),
        )
        .unwrap();
    }
    let run = folio()
        .args(["stats", plain.to_str().unwrap()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("read as 2 releases"), "{stderr}");
}

#[test]
fn versions_as_files_are_a_series_of_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy");
    std::fs::create_dir_all(&policy).unwrap();
    for (k, rule) in ["may", "must", "shall", "may"].iter().enumerate() {
        std::fs::write(
            policy.join(format!("v{}.txt", k + 1)),
            format!("Policy\n\nMembers {rule} renew their cards every year.\n"),
        )
        .unwrap();
    }
    std::fs::write(
        policy.join("v10.txt"),
        "Policy\n\nMembers may renew their cards online.\n",
    )
    .unwrap();
    // A subfolder's files (drafts) are no versions of the document.
    std::fs::create_dir_all(policy.join("drafts")).unwrap();
    std::fs::write(
        policy.join("drafts/v99.txt"),
        "Policy

A draft nobody adopted.
",
    )
    .unwrap();
    // Every file of a folder, in natural order.
    let out = dir.path().join("h1");
    let run = folio()
        .args([
            "history",
            "--versions",
            policy.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("1 file in its subfolders not read as versions"),
        "{stderr}"
    );
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("v1", "v2"), ("v2", "v3"), ("v3", "v4"), ("v4", "v10")])
    );
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("documents.csv")).unwrap());
    assert_eq!(rows.len(), 1, "one document");
    let reverts = header.iter().position(|h| h == "reverts").unwrap();
    assert_eq!(rows[0][reverts], "1", "v4 returns to v1's text");
    // `report --versions` tells the same history, with its pages.
    let report = dir.path().join("r");
    folio()
        .args(["report", "--versions", policy.to_str().unwrap()])
        .args(["-q", "-o", report.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        std::fs::read(report.join("timeline.csv")).unwrap(),
        std::fs::read(out.join("timeline.csv")).unwrap()
    );
    assert!(report.join("index.html").exists());
    // Files given in order.
    let out = dir.path().join("h2");
    let files: Vec<String> = ["v3", "v1"]
        .iter()
        .map(|v| {
            policy
                .join(format!("{v}.txt"))
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    folio()
        .args(["history", &files[0], &files[1], "-o", out.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(steps(&out.join("timeline.csv")), pairs(&[("v3", "v1")]));
    // Two files compare as one document.
    let out = dir.path().join("c");
    folio()
        .args(["compare", &files[1], &files[0], "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(summary.contains("modified 1"), "{summary}");
    // Names are ordered without their extensions: `v1.txt` before
    // `v1.1.txt` (by whole names `v1.1.txt` came first, and every change
    // of the step was told backwards); an order file orders them too.
    let dotted = dir.path().join("dotted");
    std::fs::create_dir_all(&dotted).unwrap();
    for (name, text) in [
        ("v1.txt", "One."),
        ("v1.1.txt", "One two."),
        ("v2.md", "One two three."),
    ] {
        std::fs::write(dotted.join(name), format!("{text}\n")).unwrap();
    }
    let out = dir.path().join("h3");
    let versions = ["history", "--versions", dotted.to_str().unwrap()];
    folio()
        .args(versions)
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("v1", "v1.1"), ("v1.1", "v2")])
    );
    let order = dir.path().join("order.txt");
    std::fs::write(&order, "v2\nv1.1\nv1\n").unwrap();
    folio()
        .args(versions)
        .args(["--order", order.to_str().unwrap(), "--force"])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("v2", "v1.1"), ("v1.1", "v1")])
    );
}

#[test]
fn versions_as_records_are_grouped_by_a_release_field() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("crawls.jsonl");
    let rec = |id: &str, crawled: &str, text: &str| {
        format!("{{\"id\": \"{id}\", \"crawled\": \"{crawled}\", \"title\": \"{id}\", \"text\": \"{text}\"}}\n")
    };
    let mut lines = String::new();
    // Out of order in the file; one record without the field.
    lines.push_str(&rec(
        "bridge",
        "2024-03-10",
        "The bridge reopened on Monday after repairs.",
    ));
    lines.push_str(&rec(
        "bridge",
        "2024-03-02",
        "The bridge is closed for repairs until Monday.",
    ));
    lines.push_str(&rec(
        "council",
        "2024-03-02",
        "The council meets on Tuesday to vote on the budget.",
    ));
    lines.push_str(&rec(
        "council",
        "2024-03-10",
        "The council meets on Tuesday to vote on the budget.",
    ));
    lines.push_str("{\"id\": \"orphan\", \"text\": \"No crawl date here.\"}\n");
    std::fs::write(&feed, lines).unwrap();
    let out = dir.path().join("history");
    let run = folio()
        .args([
            "history",
            feed.to_str().unwrap(),
            "--release-field",
            "crawled",
        ])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("2 releases from the field crawled"),
        "{stderr}"
    );
    assert!(stderr.contains("no \"crawled\" field"), "{stderr}");
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("timeline.csv")).unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let got: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col("doc_id")].clone(),
                r[col("from_release")].clone(),
                r[col("to_release")].clone(),
                r[col("status")].clone(),
            )
        })
        .collect();
    let want = |d: &str, s: &str| {
        (
            d.to_string(),
            "2024-03-02".to_string(),
            "2024-03-10".to_string(),
            s.to_string(),
        )
    };
    assert!(got.contains(&want("bridge", "modified")), "{got:?}");
    assert!(got.contains(&want("council", "unchanged")), "{got:?}");
    // A feed's records become releases in a report too.
    let report = dir.path().join("report");
    folio()
        .args([
            "report",
            feed.to_str().unwrap(),
            "--release-field",
            "crawled",
            "-q",
        ])
        .args(["-o", report.to_str().unwrap()])
        .assert()
        .success();
    assert!(report.join("timeline.csv").exists());
    assert!(report
        .join("compare/2024-03-02..2024-03-10/changes.csv")
        .exists());
}

#[test]
fn exclude_skips_files_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    for (path, text) in [
        ("keep.txt", "Kept\n\nThis one is read."),
        ("drafts/old.txt", "Draft\n\nThis one is not."),
        ("notes.bak.txt", "Backup\n\nNor this one."),
        ("news/story.txt", "Story\n\nThis one is read too."),
    ] {
        let p = corpus.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let run = folio()
        .args(["stats", corpus.to_str().unwrap(), "-q"])
        .args(["--exclude", "drafts", "--exclude", "*.bak.txt"])
        .assert()
        .success();
    let (header, rows) = parse_csv(&String::from_utf8_lossy(&run.get_output().stdout));
    let id = header.iter().position(|h| h == "doc_id").unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r[id].as_str()).collect();
    assert_eq!(ids, ["keep", "news/story"]);
    // In a folder of releases, a path from the folder of releases (as
    // `--layout flat` reads it) excludes too: it had excluded nothing.
    let series = dir.path().join("s");
    for release in ["2024-03-04", "2024-03-05"] {
        for (path, text) in [
            ("news/story.txt", "Story\n\nThe council met on Tuesday."),
            ("sport/match.txt", "Match\n\nThe home side won."),
        ] {
            let p = series.join(release).join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }
    let run = folio()
        .args(["stats", series.to_str().unwrap(), "-q"])
        .args(["--exclude", "2024-03-04/news"])
        .assert()
        .success();
    let (header, rows) = parse_csv(&String::from_utf8_lossy(&run.get_output().stdout));
    let read: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (cell(&header, r, "release"), cell(&header, r, "doc_id")))
        .collect();
    assert_eq!(
        read,
        [
            ("2024-03-04", "sport/match"),
            ("2024-03-05", "news/story"),
            ("2024-03-05", "sport/match")
        ]
    );
    folio()
        .args(["stats", corpus.to_str().unwrap(), "--exclude", "[z"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--exclude \"[z\": not a valid pattern",
        ));
}

#[test]
fn records_sharing_an_id_stay_apart_in_a_history() {
    let (_dir, documents) = history_of_page_records(&[
        ("1", "The first page about the harbour and its ferries."),
        ("1", "The second page about the school and its teachers."),
        ("2", "The first page about the harbour and its new ferries."),
        ("2", "The second page about the school and its teachers."),
    ]);
    let (header, rows) = parse_csv(&documents);
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r[col("key")].as_str()).collect();
    assert_eq!(keys, ["page", "page#2"]);
    let changes: Vec<&str> = rows.iter().map(|r| r[col("changes")].as_str()).collect();
    assert_eq!(changes.iter().filter(|c| **c == "1").count(), 1, "{rows:?}");
    assert!(rows.iter().all(|r| r[col("releases")] == "2"), "{rows:?}");
}

#[test]
fn records_sharing_an_id_keep_their_own_versions_when_their_statuses_differ() {
    // The harbour record changes in step 1 only, the school record in
    // step 2 only, to the harbour's first text: each has 2 versions and
    // 1 change, and nothing returns to a text it had (rows of one id are
    // sorted by status, which differs between the steps).
    let harbour =
        "The river flooded the lower town on Monday. Residents were evacuated to the gym.";
    let harbour2 = "The river flooded the lower town on Monday night. Residents were evacuated to the school gym at once.";
    let school =
        "The council met on Tuesday to discuss the budget. Taxes will rise by two percent.";
    let (_dir, documents) = history_of_page_records(&[
        ("1", harbour),
        ("1", school),
        ("2", harbour2),
        ("2", school),
        ("3", harbour2),
        ("3", harbour),
    ]);
    let (header, rows) = parse_csv(&documents);
    for r in &rows {
        assert_eq!(cell(&header, r, "versions"), "2", "{documents}");
        assert_eq!(cell(&header, r, "changes"), "1", "{documents}");
        assert_eq!(cell(&header, r, "reverts"), "0", "{documents}");
    }
}

/// Three records of one id; the first is missing from the middle crawl and
/// back in the last with its text. Paired in order, the two after it had
/// each been paired with the other's text (modified, then a revert): each
/// record is its own document, none changed.
#[test]
fn a_record_missing_from_the_middle_of_a_feed_shifts_no_other() {
    let (a, b, c) = (
        "The ferry timetable changes on Monday for the summer season.",
        "The school board meets on Thursday to discuss the new budget.",
        "The museum opens a new wing with paintings from the harbour.",
    );
    let (_dir, documents) = history_of_page_records(&[
        ("1", a),
        ("1", b),
        ("1", c),
        ("2", b),
        ("2", c),
        ("3", a),
        ("3", b),
        ("3", c),
    ]);
    let (header, rows) = parse_csv(&documents);
    assert_eq!(rows.len(), 3, "{documents}");
    for r in &rows {
        assert_eq!(cell(&header, r, "versions"), "1", "{documents}");
        assert_eq!(cell(&header, r, "changes"), "0", "{documents}");
        assert_eq!(cell(&header, r, "reverts"), "0", "{documents}");
    }
}

#[test]
fn compare_takes_two_releases_of_a_feed() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let rec = |id: &str, crawled: &str, text: &str| {
        format!("{{\"id\": \"{id}\", \"crawled\": \"{crawled}\", \"text\": \"{text}\"}}\n")
    };
    let two = [
        rec(
            "ferry",
            "v10",
            "The ferry runs every hour, and on Sundays every two hours.",
        ),
        rec("ferry", "v2", "The ferry runs every hour."),
        rec("school", "v2", "The school opens at eight."),
        rec("school", "v10", "The school opens at eight."),
    ]
    .concat();
    std::fs::write(&feed, &two).unwrap();
    let out = dir.path().join("cmp");
    let run = folio()
        .args([
            "compare",
            feed.to_str().unwrap(),
            "--release-field",
            "crawled",
        ])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("natural order of names: v2, v10"),
        "{stderr}"
    );
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("changes.csv")).unwrap());
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[col("doc_id")].as_str(), r[col("status")].as_str()))
        .collect();
    assert_eq!(got, [("ferry", "modified"), ("school", "unchanged")]);
    // v2 → v10: the Sunday clause was added, not deleted.
    let ferry = &rows[0];
    assert_eq!(ferry[col("words_deleted")], "0", "{ferry:?}");
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("v2") && summary.contains("v10"),
        "{summary}"
    );

    // With more than two releases, --from and --to choose; without them,
    // a clear error.
    let three = format!(
        "{two}{}",
        rec("ferry", "v11", "The ferry runs every half hour.")
    );
    std::fs::write(&feed, three).unwrap();
    folio()
        .args([
            "compare",
            feed.to_str().unwrap(),
            "--release-field",
            "crawled",
        ])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "3 releases (v2, v10, v11); say which two to compare with --from and --to",
        ));
    folio()
        .args([
            "compare",
            feed.to_str().unwrap(),
            "--release-field",
            "crawled",
        ])
        .args(["--from", "v10", "--to", "v11", "-q"])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    let (header, rows) = parse_csv(&std::fs::read_to_string(out.join("changes.csv")).unwrap());
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[col("doc_id")].as_str(), r[col("status")].as_str()))
        .collect();
    assert_eq!(got, [("ferry", "modified"), ("school", "removed")]);
    folio()
        .args([
            "compare",
            feed.to_str().unwrap(),
            "--release-field",
            "crawled",
        ])
        .args(["--from", "v10", "--to", "v3"])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--release-field crawled: no release \"v3\"; its releases: v2, v10, v11",
        ));
    folio()
        .args([
            "compare",
            feed.to_str().unwrap(),
            "--from",
            "v10",
            "--to",
            "v11",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("they need --release-field"));
    // A field no record has is said, with the first record's problem, not
    // counted as "0 releases".
    for cmd in ["compare", "history"] {
        folio()
            .args([cmd, feed.to_str().unwrap(), "--release-field", "crawl"])
            .args(["-o", out.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "--release-field crawl: no record has a release; 5 problems, the first: ",
            ))
            .stderr(predicates::str::contains("no \"crawl\" field"));
    }
}

#[test]
fn kept_fields_follow_documents_into_timeline_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("crawl.jsonl");
    std::fs::write(
        &feed,
        concat!(
            r#"{"id": "a", "crawled": "2024-03-01", "text": "The bridge is closed.", "url": "https://x/a", "outlet": "Gazette"}"#,
            "\n",
            r#"{"id": "a", "crawled": "2024-03-02", "text": "The bridge reopened.", "url": "https://x/a2", "outlet": "Gazette"}"#,
            "\n",
        ),
    )
    .unwrap();
    let f = feed.to_str().unwrap();
    for cmd in ["history", "compare"] {
        let out = dir.path().join(cmd);
        folio()
            .args([
                cmd,
                f,
                "--release-field",
                "crawled",
                "--keep-fields",
                "url,outlet",
                "-q",
            ])
            .args(["-o", out.to_str().unwrap()])
            .assert()
            .success();
        let table = if cmd == "history" {
            "timeline.csv"
        } else {
            "changes.csv"
        };
        let (h, rows) = parse_csv(&std::fs::read_to_string(out.join(table)).unwrap());
        let status = h.iter().position(|c| c == "status").unwrap();
        assert_eq!(h[status + 1..status + 3], ["url", "outlet"], "{cmd}");
        // The new version's values.
        assert_eq!(rows[0][status + 1], "https://x/a2", "{cmd}");
    }
}

#[test]
fn a_document_back_after_an_absence_with_its_text_is_no_revert() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The pool opens at nine. Lessons start in June.\n";
    for (release, files) in [
        (
            "r1",
            vec![("pool.txt", text), ("gym.txt", "The gym opens at six.\n")],
        ),
        (
            "r2",
            vec![("pool.txt", text), ("gym.txt", "The gym opens at seven.\n")],
        ),
        ("r3", vec![]),
        (
            "r4",
            vec![("pool.txt", text), ("gym.txt", "The gym opens at six.\n")],
        ),
    ] {
        let folder = dir.path().join("corpus").join(release);
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in files {
            std::fs::write(folder.join(name), text).unwrap();
        }
    }
    let out = dir.path().join("out");
    folio()
        .args([
            "report",
            dir.path().join("corpus").to_str().unwrap(),
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    let (header, rows) = parse_csv(&timeline);
    let revert = |id: &str, to: &str| {
        let r = rows
            .iter()
            .find(|r| cell(&header, r, "doc_id") == id && cell(&header, r, "to_release") == to)
            .unwrap();
        cell(&header, r, "revert").to_string()
    };
    // The pool page had one text all along; the gym's came back to one it
    // had before the text it left with.
    assert_eq!(revert("pool", "r4"), "false", "{timeline}");
    assert_eq!(revert("gym", "r4"), "true", "{timeline}");
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let (header, rows) = parse_csv(&documents);
    let pool = rows
        .iter()
        .find(|r| cell(&header, r, "doc_id") == "pool")
        .unwrap();
    assert_eq!(cell(&header, pool, "versions"), "1", "{documents}");
    assert_eq!(cell(&header, pool, "reverts"), "0", "{documents}");
    // The empty release is counted, and listed with no documents.
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("documents: 2 in 4 releases (6 texts in all releases)"),
        "{summary}"
    );
    assert!(summary.contains("  r3: 0 documents, 0 words"), "{summary}");
}

#[test]
fn a_shared_id_is_the_key_of_the_document_there_first_in_release_order() {
    // The harbour page is there from v8; the school page joins it in v10
    // (which sorts before v8 by name, after it by number).
    let (_dir, documents) = history_of_page_records(&[
        ("v8", "The page about the harbour and its ferries."),
        ("v9", "The page about the harbour and its ferries."),
        ("v10", "The page about the harbour and its ferries."),
        ("v10", "A page about the school and its teachers."),
    ]);
    let (header, rows) = parse_csv(&documents);
    let first = |key: &str| {
        let r = rows
            .iter()
            .find(|r| cell(&header, r, "key") == key)
            .unwrap();
        cell(&header, r, "first_release").to_string()
    };
    assert_eq!(first("page"), "v8", "{documents}");
    assert_eq!(first("page#2"), "v10", "{documents}");
}

/// `folio history` of a feed of records all with the id `page`, given as
/// (release, text): the folder and `documents.csv`.
fn history_of_page_records(records: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let lines: String = records
        .iter()
        .map(|(crawled, text)| {
            format!("{{\"id\": \"page\", \"crawled\": \"{crawled}\", \"text\": \"{text}\"}}\n")
        })
        .collect();
    std::fs::write(&feed, lines).unwrap();
    let out = dir.path().join("h");
    folio()
        .args([
            "history",
            feed.to_str().unwrap(),
            "--release-field",
            "crawled",
            "-q",
        ])
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    (dir, documents)
}

#[test]
fn release_folders_of_one_name_are_named_by_their_paths() {
    // Crawls keep each site in a folder of its own name: three folders
    // `site` are three releases, named by their paths.
    let dir = tempfile::tempdir().unwrap();
    let mut given = Vec::new();
    for (crawl, text) in [
        ("crawl-4", "One two."),
        ("crawl-5", "One two three."),
        ("crawl-7", "One four."),
    ] {
        let site = dir.path().join(crawl).join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("a.txt"), format!("{text}\n")).unwrap();
        given.push(site.to_string_lossy().into_owned());
    }
    let out = dir.path().join("h");
    folio()
        .arg("history")
        .args(&given)
        .args(["-o", out.to_str().unwrap()])
        .assert()
        .success();
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    assert!(
        timeline.contains("crawl-4/site") && timeline.contains("crawl-7/site"),
        "{timeline}"
    );
    // One folder given twice is still refused.
    folio()
        .args(["history", &given[0], &given[0]])
        .args(["-o", dir.path().join("h2").to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("given twice"));
}

#[test]
fn a_revert_then_an_absence_then_the_same_text_is_one_revert() {
    // A → B → A (a revert), missing from one crawl, back as A: the return
    // is to the text it left with, no second revert.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        "The pool opens at nine. Lessons start in June.\n",
        "The pool opens at ten. Lessons start in July.\n",
    );
    for (release, text) in [
        ("r1", Some(a)),
        ("r2", Some(b)),
        ("r3", Some(a)),
        ("r4", None),
        ("r5", Some(a)),
    ] {
        let folder = dir.path().join("corpus").join(release);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("gym.txt"), "The gym opens at six.\n").unwrap();
        if let Some(text) = text {
            std::fs::write(folder.join("pool.txt"), text).unwrap();
        }
    }
    let out = dir.path().join("out");
    folio()
        .args([
            "history",
            dir.path().join("corpus").to_str().unwrap(),
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    let (header, rows) = parse_csv(&timeline);
    let revert = |to: &str| {
        let r = rows
            .iter()
            .find(|r| cell(&header, r, "doc_id") == "pool" && cell(&header, r, "to_release") == to)
            .unwrap_or_else(|| panic!("no pool → {to}: {timeline}"));
        cell(&header, r, "revert").to_string()
    };
    assert_eq!(revert("r3"), "true", "{timeline}");
    assert_eq!(revert("r5"), "false", "{timeline}");
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let (header, rows) = parse_csv(&documents);
    let pool = rows
        .iter()
        .find(|r| cell(&header, r, "doc_id") == "pool")
        .unwrap();
    assert_eq!(cell(&header, pool, "reverts"), "1", "{documents}");
}

#[test]
fn a_version_named_again_is_a_revert() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = (dir.path().join("v1.txt"), dir.path().join("v2.txt"));
    std::fs::write(&v1, "The pool opens at nine.\n").unwrap();
    std::fs::write(&v2, "The pool opens at ten.\n").unwrap();
    let out = dir.path().join("h");
    folio()
        .args([
            "history",
            v1.to_str().unwrap(),
            v2.to_str().unwrap(),
            v1.to_str().unwrap(),
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).unwrap();
    let (h, rows) = parse_csv(&timeline);
    let last = rows.last().unwrap();
    assert_eq!(cell(&h, last, "to_release"), "v1 (2)", "{timeline}");
    assert_eq!(cell(&h, last, "revert"), "true", "{timeline}");
}

/// Found by an adversarial test: the turn's mark of a file named again
/// took the name of another file given (`v1 (2).txt`), two releases named
/// alike; and a release given as `.` was named `.`, its date lost.
#[test]
fn release_names_are_distinct_and_dot_is_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v1b) = (dir.path().join("v1.txt"), dir.path().join("v1 (2).txt"));
    std::fs::write(&v1, "The pool opens at nine.\n").unwrap();
    std::fs::write(&v1b, "The pool opens at ten.\n").unwrap();
    let out = dir.path().join("h");
    folio()
        .args(["history", s(&v1), s(&v1b), s(&v1), "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("v1", "v1 (2)"), ("v1 (2)", "v1 (3)")])
    );
    numbered_releases(dir.path(), &["2024-03-04", "2024-03-05", "2024-03-07"]);
    let out = dir.path().join("h2");
    folio()
        .current_dir(dir.path().join("2024-03-05"))
        .args([
            "history",
            "../2024-03-04",
            ".",
            "../2024-03-07/",
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        steps(&out.join("timeline.csv")),
        pairs(&[("2024-03-04", "2024-03-05"), ("2024-03-05", "2024-03-07")])
    );
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn history_with_layout_flat_is_refused() {
    // A flat corpus has no releases to follow; it had been read as
    // releases without a word.
    folio()
        .args(["history", "corpus", "--layout", "flat", "-o"])
        .arg(tempfile::tempdir().unwrap().path().join("h"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--layout flat reads one corpus without releases",
        ));
}

#[test]
fn a_version_that_cannot_be_read_hides_no_change() {
    // The middle version is binary (not read): the first and the last
    // differ, which documents.csv had told as one version and no change.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for (release, text) in [
        ("r1", b"You may use the service. Be kind.\n".to_vec()),
        ("r2", b"\x00\x01binary\x00\xff".to_vec()),
        (
            "r3",
            b"You may use the service. Be kind. We may ban you.\n".to_vec(),
        ),
    ] {
        std::fs::create_dir_all(corpus.join(release)).unwrap();
        std::fs::write(corpus.join(release).join("policy.txt"), text).unwrap();
    }
    let out = dir.path().join("h");
    folio()
        .args(["history", corpus.to_str().unwrap(), "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    let (header, rows) = parse_csv(&documents);
    let policy = &rows[0];
    assert_eq!(cell(&header, policy, "versions"), "2", "{documents}");
    assert_eq!(
        cell(&header, policy, "unreadable_steps"),
        "2",
        "{documents}"
    );
    assert_eq!(cell(&header, policy, "changes"), "0", "{documents}");
}
