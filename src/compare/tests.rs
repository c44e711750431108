use super::*;
use std::collections::HashSet;

#[test]
fn safe_paths_stay_inside() {
    let mut taken = HashSet::new();
    assert_eq!(safe_report_path("news/a b", &mut taken), "news/a b.diff");
    assert_eq!(
        safe_report_path("../../etc/passwd", &mut taken),
        "etc/passwd.diff"
    );
    assert_eq!(safe_report_path("/abs/x", &mut taken), "abs/x.diff");
    assert_eq!(safe_report_path("c:\\win\\x", &mut taken), "c_/win/x.diff");
    assert_eq!(safe_report_path("nul\0byte", &mut taken), "nul_byte.diff");
    assert_eq!(safe_report_path("..", &mut taken), "_.diff");
    assert_eq!(safe_report_path("news/a b", &mut taken), "news/a b~2.diff");
    assert_eq!(
        safe_report_path("Köln: Über", &mut taken),
        "Köln_ Über.diff"
    );
    // The same name with decomposed accents: composed, so a clash.
    assert_eq!(
        safe_report_path("Ko\u{308}ln: U\u{308}ber", &mut taken),
        "Köln_ Über~2.diff"
    );
    let long = "x".repeat(500);
    let p = safe_report_path(&long, &mut taken);
    assert!(p.len() < 100, "{p}");
    for p in &taken {
        assert!(!p.starts_with('/') && !p.split('/').any(|c| c == ".." || c == "."));
    }
    // A folder named like a report or a report's page, beside the document
    // whose report or page it would be: `x.diff` / `x.html` (the report's
    // run had stopped: "x.html: File exists").
    let mut taken = std::collections::HashSet::new();
    assert_eq!(safe_report_path("x", &mut taken), "x.diff");
    assert_eq!(safe_report_path("x.diff/y", &mut taken), "x.diff_/y.diff");
    assert_eq!(safe_report_path("x.html/y", &mut taken), "x.html_/y.diff");
    // Windows' device names, with any extension and in any case, are no
    // file's name there.
    for (id, path) in [
        ("CON", "CON_.diff"),
        ("news/nul", "news/nul_.diff"),
        ("AUX.txt", "AUX_.txt.diff"),
        ("com1", "com1_.diff"),
        ("LPT9.md", "LPT9_.md.diff"),
        ("COM¹", "COM¹_.diff"),
        ("console", "console.diff"),
        ("COM10", "COM10.diff"),
        ("lpt", "lpt.diff"),
    ] {
        assert_eq!(safe_report_path(id, &mut taken), path);
    }
}

#[test]
fn fingerprints_follow_the_diff_options() {
    let plain = DiffOptions::default();
    assert_eq!(fingerprint("A  b\nc", &plain), fingerprint("A b c", &plain));
    assert_ne!(fingerprint("a b", &plain), fingerprint("ab", &plain));
    // Unicode's whitespace separates words as ASCII's does (a vertical
    // tab, a no-break space, an ideographic space, a line separator).
    assert_eq!(
        fingerprint(" a\x0Bb\u{a0}c\u{3000}dé\u{2028}f ", &plain),
        fingerprint("a b c dé f", &plain)
    );
    assert_ne!(
        fingerprint("a b", &plain),
        fingerprint("a\u{200b}b", &plain)
    );
    // Quote styles and case are changes unless the options hide them.
    assert_ne!(
        fingerprint("“A b” c — d", &plain),
        fingerprint("\"A b\" c - d", &plain)
    );
    let quotes = DiffOptions {
        normalize_quotes: true,
        ..plain
    };
    assert_eq!(
        fingerprint("“A b” c — d", &quotes),
        fingerprint("\"A b\" c - d", &quotes)
    );
    let case = DiffOptions {
        ignore_case: true,
        ..plain
    };
    assert_eq!(
        fingerprint("The Mayor", &case),
        fingerprint("the mayor", &case)
    );
    let punct = DiffOptions {
        ignore_punctuation: true,
        ..plain
    };
    assert_eq!(
        fingerprint("Yes, indeed.", &punct),
        fingerprint("Yes indeed", &punct)
    );
    // Stable: XXH3-128 of the words, whatever the build.
    assert_eq!(
        fingerprint("a b", &plain),
        xxhash_rust::xxh3::xxh3_128(b"a b ")
    );
}

/// Two releases of 24 documents in `dir`: unchanged, modified, renamed,
/// and removed with an unrelated one added, six of each.
fn four_kinds(dir: &tempfile::TempDir) -> (Vec<Source>, Vec<Source>) {
    let write = |rel: &str, name: &str, text: &str| {
        let d = dir.path().join(rel);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(name), text).unwrap();
    };
    let body = |n: usize| {
        (0..12)
            .map(|k| format!("Sentence {k} of story {n} tells of harbour {n} and mill {k}."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for n in 0..24 {
        let text = body(n);
        match n % 4 {
            // unchanged
            0 => {
                write("old", &format!("d{n}.txt"), &text);
                write("new", &format!("d{n}.txt"), &text);
            }
            // modified
            1 => {
                write("old", &format!("d{n}.txt"), &text);
                write(
                    "new",
                    &format!("d{n}.txt"),
                    &format!("{text} A line is added."),
                );
            }
            // renamed: its new id may hash to another shard than its old
            2 => {
                write("old", &format!("d{n}.txt"), &text);
                write("new", &format!("moved-{n}.txt"), &text);
            }
            // removed, and an unrelated document added
            _ => {
                write("old", &format!("d{n}.txt"), &text);
                write(
                    "new",
                    &format!("new-{n}.txt"),
                    "A wholly new note on the weather today.",
                );
            }
        }
    }
    let sources = |rel: &str| {
        crate::corpus::discover(&[dir.path().join(rel)], crate::corpus::Layout::Flat).sources
    };
    (sources("old"), sources("new"))
}

/// A comparison's rows as text, for comparing comparisons.
fn rows(cmp: &Comparison) -> Vec<String> {
    cmp.changes
        .iter()
        .map(|c| {
            format!(
                "{} {:?} {} {:?} +{} -{} {} {:?} {:?}",
                c.doc_id,
                c.old_doc_id,
                c.status.name(),
                c.similarity,
                c.words_added,
                c.words_deleted,
                c.changed,
                c.sentences,
                c.stats
            )
        })
        .collect()
}

#[test]
fn shards_make_up_the_whole_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = four_kinds(&dir);
    let whole = compare(&old, &new, &CompareOptions::default(), &|_| ()).unwrap();
    let mut expected = rows(&whole);
    assert_eq!(whole.count(Status::Renamed), 6, "{expected:#?}");
    let mut parts = Vec::new();
    for index in 0..3 {
        let opts = CompareOptions {
            shard: Some(crate::analyze::Shard { index, count: 3 }),
            ..CompareOptions::default()
        };
        let part = rows(&compare(&old, &new, &opts, &|_| ()).unwrap());
        assert!(!part.is_empty() && part.len() < expected.len());
        parts.extend(part);
    }
    parts.sort();
    expected.sort();
    assert_eq!(parts, expected);
}

#[test]
fn texts_on_disk_and_rows_in_batches_make_the_same_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = four_kinds(&dir);
    let whole = compare(&old, &new, &CompareOptions::default(), &|_| ()).unwrap();
    let expected = rows(&whole);
    let diffs = |cmp: &Comparison| -> Vec<Option<ArticleDiff>> {
        cmp.changes.iter().map(|c| c.diff.clone()).collect()
    };
    assert!(diffs(&whole).iter().any(Option::is_some));
    // Every text in the temporary file, then some of them.
    for budget in [0, 2_000] {
        let opts = CompareOptions {
            texts_in_memory: budget,
            ..CompareOptions::default()
        };
        let (old_r, new_r) = read_pair(&old, &new, &opts);
        assert!(old_r.spill.is_some() && new_r.spill.is_some());
        let cmp = compare_releases(&old_r, &new_r, &opts, &|_| ()).unwrap();
        assert_eq!(rows(&cmp), expected, "budget {budget}");
        assert_eq!(diffs(&cmp), diffs(&whole), "budget {budget}");
        // Batches of 5 rows, handed on in order with their diffs; the
        // comparison keeps the rows without them.
        let mut handed: Vec<DocChange> = Vec::new();
        let streamed = compare_rows(
            &old_r,
            &new_r,
            &opts,
            &|_| (),
            Some(&mut |batch: &[DocChange]| {
                assert!(batch.len() <= 6, "a batch splits no id");
                handed.extend(batch.iter().cloned());
                Ok(())
            }),
            5,
        )
        .unwrap();
        assert_eq!(rows(&streamed), expected);
        assert!(streamed.changes.iter().all(|c| c.diff.is_none()));
        let handed = Comparison {
            changes: handed,
            ..Comparison::default()
        };
        assert_eq!(rows(&handed), expected);
        assert_eq!(diffs(&handed), diffs(&whole));
    }
    // A release within its budget keeps no file.
    let (old_r, _) = read_pair(&old, &new, &CompareOptions::default());
    assert!(old_r.spill.is_none());
}

#[test]
fn step_folders_never_clash() {
    assert_eq!(
        step_folder_name("2024-03-04", "2024-03-05"),
        "2024-03-04..2024-03-05"
    );
    // Names made safe alike, and names `..` cannot split back.
    let names = [
        step_folder_name("crawl:1", "crawl:2"),
        step_folder_name("crawl?1", "crawl?2"),
        step_folder_name("a", "b..c"),
        step_folder_name("a..b", "c"),
        step_folder_name("a.", "b"),
        step_folder_name("a", ".b"),
        step_folder_name("2024/01/05", "2024/01/06"),
        step_folder_name("Draft", "Final"),
        step_folder_name("draft", "final"),
        step_folder_name("DRAFT", "final"),
    ];
    // Distinct also to a file system blind to case.
    let distinct: std::collections::HashSet<String> =
        names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(distinct.len(), 10, "{names:?}");
    assert!(
        names.iter().all(|n| !n.contains('/') && !n.contains(':')),
        "{names:?}"
    );
}
