use predicates::prelude::*;

use super::{cell, fixture, folio, parse_csv};

fn pair(name: &str) -> (String, String) {
    (
        fixture(&format!("diff/{name}_1.txt")),
        fixture(&format!("diff/{name}_2.txt")),
    )
}

fn text_report(name: &str, extra: &[&str]) -> String {
    let (old, new) = pair(name);
    let out = folio()
        .args(["diff", &old, &new, "--color", "never"])
        .args(extra)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn text_reports_of_fixture_pairs() {
    insta::glob!("../fixtures/diff", "*_1.txt", |path| {
        let name = path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches("_1.txt");
        insta::assert_snapshot!(text_report(name, &[]));
    });
}

/// The JSON report of a fixture pair.
fn json_report(name: &str) -> serde_json::Value {
    let (old, new) = pair(name);
    let out = folio()
        .args(["diff", &old, &new, "--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn correction_counts() {
    let v = json_report("correction");
    let s = &v["summary"]["sentences"];
    assert_eq!(s["edited"], 4, "{v:#}");
    assert_eq!(s["added"], 2);
    assert_eq!(s["deleted"], 0);
    // The share line is boilerplate (trailers are removed by default).
    let words = v["stats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "words")
        .unwrap();
    // Counts are JSON integers, as in every table.
    assert!(words["delta"].is_i64(), "{words}");
    assert_eq!(words["delta"], 18);
    let ease = v["stats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "reading_ease")
        .unwrap();
    assert!(ease["old"].is_f64(), "{ease}");
}

#[test]
fn csv_has_one_row_per_op() {
    let (old, new) = pair("moved");
    let out = folio()
        .args(["diff", &old, &new, "--format", "csv"])
        .assert()
        .success();
    let (header, rows) = parse_csv(&String::from_utf8_lossy(&out.get_output().stdout));
    assert_eq!(
        header[..11],
        [
            "op",
            "old_index",
            "new_index",
            "old_paragraph",
            "new_paragraph",
            "similarity",
            "words_added",
            "words_deleted",
            "old_text",
            "new_text",
            "word_diff"
        ]
    );
    let ops: Vec<&str> = rows.iter().map(|r| cell(&header, r, "op")).collect();
    assert!(
        !ops.contains(&"added") && !ops.contains(&"deleted"),
        "{ops:?}"
    );
    let moved: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| cell(&header, r, "op") == "moved")
        .collect();
    assert_eq!(moved.len(), 2);
    let edited_move = moved
        .iter()
        .find(|r| cell(&header, r, "words_added") == "1")
        .unwrap();
    assert_eq!(
        cell(&header, edited_move, "word_diff"),
        "The first [-two-]{+three+} hours are free for market visitors."
    );
    assert_eq!(cell(&header, edited_move, "old_index"), "4");
    assert_eq!(cell(&header, edited_move, "new_index"), "7");
}

#[test]
fn whitespace_only_changes_are_no_changes() {
    let (old, new) = pair("whitespace");
    folio()
        .args(["diff", &old, &new, "--exit-code"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no changes"));
}

#[test]
fn exit_code_and_normalization() {
    let (old, new) = pair("quotes");
    // Quote and dash styles are changes only with --exact-quotes: by
    // default diff compares as compare does.
    folio()
        .args([
            "diff",
            &old,
            &new,
            "--exit-code",
            "--stat",
            "--exact-quotes",
        ])
        .assert()
        .code(1);
    folio()
        .args(["diff", &old, &new, "--exit-code", "--stat"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "non-significant changes: 2 sentences",
        ));
    // Without --exit-code, differences are not an error.
    folio().args(["diff", &old, &new]).assert().code(0);
}

#[test]
fn stat_prints_only_the_summary() {
    let report = text_report("rewrite", &["--stat"]);
    assert!(report.contains("similarity"));
    assert!(!report.contains("@@"));
}

#[test]
fn color_always_and_no_color() {
    let (old, new) = pair("correction");
    let colored = folio()
        .args(["diff", &old, &new, "--color", "always"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&colored.get_output().stdout).contains("\x1b[31m"));
    // auto never colors a pipe, and NO_COLOR is respected.
    let plain = folio()
        .args(["diff", &old, &new])
        .env("NO_COLOR", "1")
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&plain.get_output().stdout).contains('\x1b'));
}

#[test]
fn output_file_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = pair("rewrite");
    let out = dir.path().join("d/report.json");
    folio()
        .args([
            "diff",
            &old,
            &new,
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert!(v["ops"].as_array().unwrap().len() >= 7);
    folio()
        .args(["diff", &old, "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.txt: no such file or folder",
        ));
    folio()
        .args(["diff", &old, &fixture("encodings/binary.txt")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("binary.txt: binary file"));
    folio()
        .args(["diff", &old, &new, "--threshold", "2"])
        .assert()
        .code(2);
}

#[test]
fn large_unrelated_texts_come_back_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let vocab: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
    let mut text = |len: usize| {
        let mut s = String::with_capacity(len + 100);
        while s.len() < len {
            for k in 0..12 {
                if k > 0 {
                    s.push(' ');
                }
                s.push_str(&vocab[next() % vocab.len()]);
            }
            s.push_str(if next() % 5 == 0 { ".\n\n" } else { ". " });
        }
        s
    };
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, text(1_500_000)).unwrap();
    std::fs::write(&b, text(1_500_000)).unwrap();
    let start = std::time::Instant::now();
    folio()
        .args(["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--stat"])
        .assert()
        .success();
    // Generous bound for a debug build on a loaded machine; the point is
    // that nothing hangs.
    assert!(start.elapsed().as_secs() < 120);
}

#[test]
fn section_restricts_a_diff_and_names_hunks() {
    let dir = tempfile::tempdir().unwrap();
    let old = "Terms\n\n## 1. Accounts\n\nYou must be 13 or older.\n\n## 2. Payment\n\nFees are billed monthly.\n";
    let new = old
        .replace("13 or older", "16 or older")
        .replace("billed monthly", "billed yearly");
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    let all = folio()
        .args([
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--context",
            "0",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&all.get_output().stdout).to_string();
    assert!(
        text.contains("@@ 1. Accounts") && text.contains("@@ 2. Payment"),
        "{text}"
    );
    let some = folio()
        .args([
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--section",
            "Payment",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&some.get_output().stdout).to_string();
    assert!(
        !text.contains("Accounts") && text.contains("yearly"),
        "{text}"
    );
    assert!(text.contains("1 edited"), "{text}");
    let csv = folio()
        .args([
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let (header, rows) = super::parse_csv(&String::from_utf8_lossy(&csv.get_output().stdout));
    let section = header.iter().position(|h| h == "section").unwrap();
    assert!(rows.iter().any(|r| r[section] == "2. Payment"));
    folio()
        .args([
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--section",
            "(",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--section \"(\": not a valid pattern",
        ));
    // A pattern no heading matches (a typo) is no "no changes": diff
    // fails, and so does compare when no changed document has it (it had
    // reported every one unchanged, exit 0; found by an adversarial test).
    folio()
        .args([
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--section",
            "Paymnet",
            "--exit-code",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--section \"Paymnet\": no heading of",
        ));
    let out = a.parent().unwrap().join("cmp");
    folio()
        .args([
            "compare",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--section",
            "Paymnet",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--section \"Paymnet\": no heading of a changed document matches it",
        ));
    assert!(!out.exists());
}

/// Pages kept as `.txt` with front matter (as policy sites keep their
/// Markdown): the metadata is no text, its change no edit, and an address
/// is one word; the note says the files still differ.
#[test]
fn front_matter_in_text_files_is_metadata_and_addresses_are_words() {
    let dir = tempfile::tempdir().unwrap();
    let body = "# Example Privacy Statement\n\nWe keep your data for 90 days. Details are at https://example.org/privacy/retention-schedule.\n";
    let old = dir.path().join("v01.txt");
    let new = dir.path().join("v02.txt");
    std::fs::write(
        &old,
        format!("---\ntitle: Privacy\nredirect_from:\n  - /privacy\n---\n\n{body}"),
    )
    .unwrap();
    std::fs::write(
        &new,
        format!("---\ntitle: Privacy\nredirect_from:\n  - /privacy\n  - /privacy-statement\n---\n\n{body}"),
    )
    .unwrap();
    folio()
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--exit-code",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no changes"))
        .stderr(predicate::str::contains(
            "differ as files, but not in the text folio compares",
        ));
    // `-q`, as every other command takes it: no note (found by an
    // adversarial test: diff alone had refused it).
    folio()
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap(), "-q"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no changes"))
        .stderr(predicate::str::is_empty());
    let out = folio()
        .args(["stats", old.to_str().unwrap(), "-o", "-"])
        .output()
        .unwrap();
    let (header, rows) = parse_csv(&String::from_utf8(out.stdout).unwrap());
    // Title (3 words) + 10 words + the address: no `redirect_from`, no `https`.
    assert_eq!(cell(&header, &rows[0], "words"), "14");
    assert_eq!(
        cell(&header, &rows[0], "title"),
        "Example Privacy Statement"
    );
}

#[test]
fn output_format_follows_the_extension_of_o() {
    // `-o d.csv` had written the text report into a `.csv` file.
    let (old, new) = pair("correction");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("d.csv");
    let json = dir.path().join("d.json");
    let text = dir.path().join("d.txt");
    for out in [&csv, &json, &text] {
        folio()
            .args(["diff", &old, &new, "-o", out.to_str().unwrap()])
            .assert()
            .success();
    }
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("op,"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(v["summary"].is_object());
    assert!(std::fs::read_to_string(&text).unwrap().starts_with("--- "));
    // --format still decides.
    folio()
        .args([
            "diff",
            &old,
            &new,
            "--format",
            "text",
            "-o",
            csv.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("--- "));
    // And for `folio sentences`.
    let s = dir.path().join("s.csv");
    folio()
        .args(["sentences", &old, "-o", s.to_str().unwrap()])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&s)
        .unwrap()
        .starts_with("doc_id,release,path,"));
    // Parquet where -o names it; an extension no format has is refused,
    // nothing written (a `.xlsx` of plain text had been written, exit 0).
    for args in [
        vec!["diff", &old, &new, "-o"],
        vec!["sentences", &old, "-o"],
        vec!["kwic", &old, "the", "-o"],
    ] {
        let pq = dir.path().join(format!("{}.parquet", args[0]));
        folio().args(&args).arg(&pq).assert().success();
        assert!(std::fs::read(&pq).unwrap().starts_with(b"PAR1"), "{args:?}");
        let xlsx = dir.path().join(format!("{}.xlsx", args[0]));
        folio()
            .args(&args)
            .arg(&xlsx)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("cannot write a .xlsx file"));
        assert!(!xlsx.exists(), "{args:?}");
    }
}

/// A rule inserted renumbers the rules after it, and an item deleted the
/// items after it: those are no edits (their words are the same), but one
/// whose words changed too is.
#[test]
fn renumbered_items_are_no_edits() {
    let v = json_report("renumbered");
    let s = &v["summary"]["sentences"];
    assert_eq!(s["added"], 1, "{v:#}");
    assert_eq!(s["deleted"], 1);
    assert_eq!(s["edited"], 1, "{v:#}");
    assert_eq!(v["summary"]["nonsignificant_changes"], 3, "{v:#}");
}

/// A Markdown link's address, an image's alternative text, a reference
/// link's label and a definition are shown to no reader: a badge's
/// version, a link's target or a definition changed is no word changed
/// (they had read as 5 sentences edited, words +6 −6, for one word
/// changed). A line of badges, no word on it, is markup changed. A
/// definition's address changed is a link's address changed, an edit (it
/// had been no change at all); its label alone, markup.
#[test]
fn relinked_addresses_are_no_word_edits() {
    let v = json_report("relinked");
    assert_eq!(v["summary"]["words_added"], 1, "{v:#}");
    assert_eq!(v["summary"]["words_deleted"], 1, "{v:#}");
    assert_eq!(v["summary"]["words_unchanged"], 28, "{v:#}");
    assert_eq!(v["summary"]["sentences"]["edited"], 3, "{v:#}");
    // The badges' line and the definition renamed (`[ci]` → `[pipeline]`,
    // its address kept): markup.
    assert_eq!(v["summary"]["nonsignificant_changes"], 3, "{v:#}");
    let text = text_report("relinked", &[]);
    assert!(
        text.contains("of the edits, 2 changed no word (only a link's address)")
            && text.contains(
                "[bugs]: [-https://bugs.example.org/lamp-]{+https://issues.example.org/lamp+}"
            ),
        "{text}"
    );
    assert!(text.contains("within [-two-]{+three+} days"), "{text}");
}
