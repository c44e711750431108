use predicates::prelude::*;

use super::{cell, fixture, folio, parse_csv};

#[test]
fn encodings_binary_and_empty_files() {
    let out = folio()
        .args(["stats", &fixture("encodings")])
        .assert()
        .success();
    let out = out.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("binary.txt: binary file, skipped"),
        "{stderr}"
    );
    let (header, rows) = parse_csv(&String::from_utf8_lossy(&out.stdout));
    let ids: Vec<&str> = rows.iter().map(|r| cell(&header, r, "doc_id")).collect();
    assert_eq!(
        ids,
        ["empty", "utf16le-bom", "utf8-bom", "utf8", "windows-1252"]
    );
    let by_id = |id: &str| {
        rows.iter()
            .find(|r| cell(&header, r, "doc_id") == id)
            .unwrap()
    };

    let empty = by_id("empty");
    assert_eq!(cell(&header, empty, "words"), "0");
    assert_eq!(cell(&header, empty, "flesch_reading_ease"), "");
    assert_eq!(cell(&header, empty, "type_token_ratio"), "");

    assert_eq!(
        cell(&header, by_id("windows-1252"), "encoding"),
        "windows-1252"
    );
    assert_eq!(
        cell(&header, by_id("windows-1252"), "title"),
        "Café Owners Cheer New Permit Rules"
    );
    assert_eq!(cell(&header, by_id("utf16le-bom"), "encoding"), "UTF-16LE");
    assert_eq!(
        cell(&header, by_id("utf16le-bom"), "title"),
        "Night Market Returns"
    );
    assert_eq!(cell(&header, by_id("utf8-bom"), "encoding"), "UTF-8-BOM");

    let utf8 = by_id("utf8");
    assert_eq!(cell(&header, utf8, "language"), "en");
    // Share line, "You Might Also Like" and the link after it.
    assert_eq!(cell(&header, utf8, "boilerplate_lines"), "3");
    assert_eq!(cell(&header, utf8, "sentences"), "6");
    assert_eq!(cell(&header, utf8, "paragraphs"), "4");
}

#[test]
fn utf16_words_match_utf8() {
    let out = folio()
        .args([
            "stats",
            &fixture("encodings/utf16le-bom.txt"),
            "--format",
            "ndjson",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    // Night Market Returns / The night market returns to Pier 3 on Friday,
    // with 40 stalls and music until 11 p.m.
    assert_eq!(v["words"], 20);
    assert_eq!(v["sentences"], 2);
}

#[test]
fn ten_megabyte_single_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let line = "The river rose 3.5 feet overnight and the city closed the bridge. ".repeat(153_000);
    assert!(line.len() >= 10_000_000);
    std::fs::write(&path, &line).unwrap();
    let out = folio()
        .args(["stats", path.to_str().unwrap(), "--format", "ndjson"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["words"], 12 * 153_000);
    assert_eq!(v["sentences"], 153_000);
    assert_eq!(v["paragraphs"], 1);
    assert_eq!(v["unique_words"], 10);
}

#[test]
fn output_files_csv_parquet_json() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["s.csv", "s.parquet", "s.json", "s.ndjson"] {
        let path = dir.path().join(name);
        folio()
            .args(["stats", "corpus", "-o", path.to_str().unwrap()])
            .assert()
            .success()
            .stdout("");
        assert!(path.metadata().unwrap().len() > 0, "{name}");
    }
    let csv = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    let (header, rows) = parse_csv(&csv);
    assert_eq!(header[..4], ["doc_id", "release", "path", "title"]);
    assert!(rows.len() >= 40);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("s.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), rows.len());
    let parquet = std::fs::File::open(dir.path().join("s.parquet")).unwrap();
    use polars::prelude::*;
    let df = ParquetReader::new(parquet).finish().unwrap();
    assert_eq!(df.height(), rows.len());
    // Counts are signed, so differences of two tables can be negative.
    assert_eq!(df.column("words").unwrap().dtype(), &DataType::Int64);
    assert_eq!(df.column("mtld").unwrap().dtype(), &DataType::Float64);
    assert_eq!(df.column("doc_id").unwrap().dtype(), &DataType::String);
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, header);
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let run = |j: &str| {
        folio()
            .args(["stats", "corpus", "-j", j])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("7"));
}

#[test]
fn releases_and_doc_ids() {
    let out = folio().args(["stats", "corpus"]).assert().success();
    let (header, rows) = parse_csv(&String::from_utf8_lossy(&out.get_output().stdout));
    let releases: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| cell(&header, r, "release")).collect();
    assert_eq!(
        releases.into_iter().collect::<Vec<_>>(),
        ["2024-03-04", "2024-03-05", "2024-03-07"]
    );
    let ids: Vec<&str> = rows.iter().map(|r| cell(&header, r, "doc_id")).collect();
    assert!(ids.contains(&"news/council-approves-budget"));
    assert!(ids.contains(&"press/water-authority-boil-notice"));
    // Every Courier trailer is removed.
    for r in &rows {
        if cell(&header, r, "doc_id") == "business/cannery-layoffs" {
            assert!(
                cell(&header, r, "boilerplate_lines")
                    .parse::<u32>()
                    .unwrap()
                    >= 4
            );
        }
    }
}

#[test]
fn format_from_extension_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("s.xlsx");
    folio()
        .args(["stats", "corpus", "-o", bad.to_str().unwrap()])
        .assert()
        .failure()
        .code(2)
        .stderr(predicate::str::contains("cannot tell the format"));
    assert!(!bad.exists());
    // An extension that says Parquet where --format says text, or the
    // other way round, is refused (CSV bytes had been written into
    // `x.parquet`), for every table.
    for (cmd, format, name) in [
        ("stats", "csv", "s.parquet"),
        ("terms", "parquet", "t.csv"),
        ("sentences", "csv", "s.parquet"),
        ("kwic", "parquet", "k.txt"),
    ] {
        let out = dir.path().join(name);
        let mut run = folio();
        run.args([cmd, "corpus"]);
        if cmd == "kwic" {
            run.arg("bridge");
        }
        run.args(["-q", "--format", format, "-o", out.to_str().unwrap()]);
        run.assert()
            .code(2)
            .stderr(predicate::str::contains(name).and(predicate::str::contains("--format")));
        assert!(!out.exists(), "{cmd}");
    }
    // JSON by either name is JSON.
    folio()
        .args(["stats", "corpus", "-q", "--format", "ndjson", "-o"])
        .arg(dir.path().join("s.json"))
        .assert()
        .success();
    folio()
        .args(["stats", "no/such/folder"])
        .assert()
        .failure()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/folder: no such file or folder",
        ));
    folio()
        .args(["stats", "no/such/file.txt", &fixture("encodings/utf8.txt")])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "no/such/file.txt: no such file or folder",
        ));
    folio()
        .args(["stats", "--jobs", "0"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn table_format_and_describe() {
    folio()
        .args(["stats", &fixture("encodings/utf8.txt"), "--format", "table"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("doc_id"));
    let described = folio().args(["stats", "--describe"]).assert().success();
    let text = String::from_utf8_lossy(&described.get_output().stdout).into_owned();
    assert!(text.contains("| `flesch_reading_ease` |"));
    folio()
        .args(["schema", "stats"])
        .assert()
        .success()
        .stdout(text);
}

#[test]
fn readme_holds_the_data_dictionary() {
    let readme = std::fs::read_to_string(super::root().join("README.md")).unwrap();
    assert!(
        readme.contains(&folio::table::dictionary_markdown()),
        "README.md's data dictionary is out of date: paste the output of `folio schema`"
    );
    // `folio schema` prints it; `folio schema TABLE` one table's.
    let all = folio().arg("schema").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&all.stdout),
        folio::table::dictionary_markdown()
    );
    let one = folio().args(["schema", "edits"]).output().unwrap();
    let one = String::from_utf8_lossy(&one.stdout).into_owned();
    assert!(one.starts_with("### `edits`"), "{one}");
    assert!(one.contains("| `doc_id` | string |") && one.contains("| `word_diff` |"));
    folio()
        .args(["schema", "nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no table \"nope\"; the tables: stats, diff, changes",
        ));
}

/// Every table of the dictionary is written with exactly its declared
/// columns, in order (the kept fields aside).
#[test]
fn tables_have_their_declared_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    folio()
        .args(["report", "corpus", "-q", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let header = |path: &std::path::Path| -> Vec<String> {
        parse_csv(&std::fs::read_to_string(path).unwrap()).0
    };
    let names = |t: Vec<&str>| -> Vec<String> { t.into_iter().map(String::from).collect() };
    assert_eq!(
        header(&out.join("stats.csv")),
        names(folio::frame::stats_table().names())
    );
    assert_eq!(
        header(&out.join("timeline.csv")),
        names(folio::compare::timeline_table().names())
    );
    assert_eq!(
        header(&out.join("documents.csv")),
        names(folio::history::documents_table().names())
    );
    let step = out.join("compare/2024-03-04..2024-03-05");
    assert_eq!(
        header(&step.join("changes.csv")),
        names(folio::compare::changes_table().names())
    );
    assert_eq!(
        header(&step.join("edits.csv")),
        names(folio::diff::edits_table().names())
    );
    assert_eq!(
        header(&out.join("keyness.csv")),
        names(folio::terms::keyness_table().names())
    );
    assert_eq!(
        header(&out.join("boilerplate.csv")),
        names(folio::frame::boilerplate_table().names())
    );
}

#[test]
fn stats_row_snapshot() {
    let out = folio()
        .args([
            "stats",
            &fixture("encodings/utf8.txt"),
            "--format",
            "ndjson",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    insta::assert_json_snapshot!(v);
}

#[test]
fn sentences_prints_how_folio_splits() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.txt");
    std::fs::write(
        &doc,
        "Council Passes Budget\n\nApple Inc., the firm, met the Acme Corp. board on Jan. 5 at 9 a.m. Tuesday. It ended\nat noon.\n",
    )
    .unwrap();
    let out = folio()
        .args(["sentences", doc.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Council Passes Budget\nApple Inc., the firm, met the Acme Corp. board on Jan. 5 at 9 a.m. Tuesday.\nIt ended at noon.\n"
    );
    let out = folio()
        .args(["sentences", doc.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let (header, rows) = parse_csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        header,
        [
            "doc_id",
            "release",
            "path",
            "paragraph",
            "sentence",
            "text",
            "prose"
        ]
    );
    let p = doc.to_str().unwrap().replace('\\', "/");
    assert_eq!(
        rows[2],
        ["a", "", &p, "2", "3", "It ended at noon.", "true"]
    );
    // The title is no sentence of prose: readability does not count it.
    assert_eq!(
        rows[0],
        ["a", "", &p, "1", "1", "Council Passes Budget", "false"]
    );

    // A newsroom's own abbreviations.
    std::fs::write(&doc, "The Cllr. Hale spoke. Then we left.\n").unwrap();
    let plain = folio()
        .args(["sentences", doc.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(plain.stdout).unwrap().lines().count(), 3);
    let list = dir.path().join("abbr.txt");
    std::fs::write(&list, "# our list\nCllr !\n").unwrap();
    let own = folio()
        .args([
            "sentences",
            doc.to_str().unwrap(),
            "--abbreviations",
            list.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(own.stdout).unwrap(),
        "The Cllr. Hale spoke.\nThen we left.\n"
    );
    std::fs::write(&list, "Cllr\n").unwrap();
    let bad = folio()
        .args([
            "stats",
            doc.to_str().unwrap(),
            "--abbreviations",
            list.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("abbr.txt: line 1"));
}

#[test]
fn csv_for_spreadsheets_quotes_formulas_and_marks_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        c.join("a.txt"),
        "=HYPERLINK(\"http://x\",\"Klick\")\n\nDer Bürgermeister sprach über Straßen.",
    )
    .unwrap();
    std::fs::write(c.join("b.txt"), "-5% Größe\n\nEin Text über Preise.").unwrap();
    let csv = |extra: &[&str]| -> Vec<u8> {
        folio()
            .args(["stats", c.to_str().unwrap(), "-q"])
            .args(extra)
            .output()
            .unwrap()
            .stdout
    };
    let plain = String::from_utf8(csv(&[])).unwrap();
    assert!(plain.contains(",\"=HYPERLINK("), "{plain}");
    let safe = String::from_utf8(csv(&["--excel-safe"])).unwrap();
    assert!(safe.contains(",\"'=HYPERLINK("), "{safe}");
    assert!(safe.contains(",'-5% Größe,"), "{safe}");
    assert!(!safe.starts_with('\u{feff}'));
    let bom = csv(&["--bom", "--excel-safe"]);
    assert!(bom.starts_with("\u{feff}doc_id,".as_bytes()));
    // Other formats are not touched.
    let json = folio()
        .args([
            "stats",
            c.to_str().unwrap(),
            "-q",
            "--format",
            "json",
            "--excel-safe",
        ])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(json).unwrap().contains("\"=HYPERLINK("));
    // A column named from the data (a kept field) is quoted in the
    // header row too, in a report's tables as well; Parquet keeps it.
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        "{\"id\": \"a\", \"text\": \"Hello there.\", \"@SUM(1)\": \"z\"}\n",
    )
    .unwrap();
    let f = feed.to_str().unwrap();
    let keep = ["--keep-fields", "all", "--excel-safe", "-q"];
    let out = folio().args(["stats", f]).args(keep).output().unwrap();
    let header = String::from_utf8(out.stdout).unwrap();
    assert!(
        header.lines().next().unwrap().contains(",'@SUM(1),"),
        "{header}"
    );
    let rep = dir.path().join("rep");
    folio()
        .args(["report", f, "-o", rep.to_str().unwrap()])
        .args(keep)
        .assert()
        .success();
    let stats = std::fs::read_to_string(rep.join("stats.csv")).unwrap();
    assert!(
        stats.lines().next().unwrap().contains(",'@SUM(1),"),
        "{stats}"
    );
}

#[test]
fn kept_fields_become_typed_columns_after_title() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        concat!(
            r#"{"id": "a", "title": "Bridge", "text": "The bridge reopened on Monday.", "url": "https://x/a", "date": "2024-03-02", "shares": 12, "score": 0.5, "paywall": false, "tags": ["x"]}"#,
            "\n",
            r#"{"id": "b", "title": "School", "text": "The school opens at eight.", "url": null, "date": "2024-03-05", "shares": 3, "score": 1, "paywall": true}"#,
            "\n",
        ),
    )
    .unwrap();
    let f = feed.to_str().unwrap();
    let run = |args: &[&str]| {
        folio()
            .args(["stats", f, "-q"])
            .args(args)
            .output()
            .unwrap()
    };
    // Named fields, in the order given, right after title; a missing one is null.
    let out = run(&["--keep-fields", "url,shares,date"]);
    assert!(out.status.success());
    let (h, rows) = parse_csv(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(h[3..7], ["title", "url", "shares", "date"]);
    assert_eq!(cell(&h, &rows[1], "url"), "");
    // Every scalar field, typed: Parquet keeps the types.
    let pq = dir.path().join("s.parquet");
    assert!(run(&["--keep-fields", "all", "-o", pq.to_str().unwrap()])
        .status
        .success());
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(&pq).unwrap())
        .finish()
        .unwrap();
    let dtype = |c: &str| df.column(c).unwrap().dtype().clone();
    assert_eq!(dtype("shares"), DataType::Int64);
    assert_eq!(dtype("score"), DataType::Float64);
    assert_eq!(dtype("paywall"), DataType::Boolean);
    assert_eq!(dtype("date"), DataType::Date);
    assert_eq!(dtype("url"), DataType::String);
    assert!(df.column("tags").is_err(), "arrays are not scalar fields");
    assert!(df.column("text").is_err() && df.column("id").is_err());
    // A kept field never shadows a folio column: `all` leaves it out, a
    // list naming it is refused.
    std::fs::write(&feed, r#"{"id": "c", "text": "A b c.", "words": 99}"#).unwrap();
    assert!(run(&["--keep-fields", "all"]).status.success());
    let out = run(&["--keep-fields", "words"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--keep-fields: the field \"words\" has the name of a folio column"),
        "{err}"
    );
    // A CSV without a named column: a clear error naming the file.
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "id,text\na,Some text here.\n").unwrap();
    let out = folio()
        .args(["stats", csv.to_str().unwrap(), "--keep-fields", "url"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no \"url\" column (--keep-fields)"), "{err}");
}

/// `--shard K/N`: the parts hold every document once, and each row is the
/// whole run's row of its document (boilerplate is found over the whole
/// corpus, not per shard).
#[test]
fn shards_make_up_the_whole_table() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.csv");
    folio()
        .args(["stats", "corpus", "-q", "-o", whole.to_str().unwrap()])
        .assert()
        .success();
    let (header, mut expected) = parse_csv(&std::fs::read_to_string(&whole).unwrap());
    let mut parts = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("part-{k}.csv"));
        folio()
            .args([
                "stats",
                "corpus",
                "-q",
                "--shard",
                &format!("{k}/3"),
                "-o",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
        let (h, rows) = parse_csv(&std::fs::read_to_string(&out).unwrap());
        assert_eq!(h, header);
        assert!(
            !rows.is_empty() && rows.len() < expected.len(),
            "part {k}: {}",
            rows.len()
        );
        parts.extend(rows);
    }
    parts.sort();
    expected.sort();
    assert_eq!(parts, expected);
    for bad in ["0/3", "4/3", "3"] {
        folio()
            .args(["stats", "corpus", "-q", "--shard", bad])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("a shard is K/N"));
    }
}

/// A shard's part gives kept fields as text: typed by the values of each
/// part, `rank` had been an integer in the parts without the record
/// holding `n/a` and text in the one with it.
#[test]
fn shard_parts_give_kept_fields_one_type() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let records: String = (0..12)
        .map(|k| {
            let rank = if k == 7 {
                "\"n/a\"".to_string()
            } else {
                k.to_string()
            };
            format!(
                "{{\"id\": \"doc{k}\", \"text\": \"Story {k} of the week.\", \"rank\": {rank}}}\n"
            )
        })
        .collect();
    std::fs::write(&feed, records).unwrap();
    let rank_of = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = folio()
            .args([
                "stats",
                feed.to_str().unwrap(),
                "--keep-fields",
                "rank",
                "-q",
            ])
            .args(["--format", "ndjson", "-o", "-"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["rank"].clone())
            .collect()
    };
    let mut all = Vec::new();
    for k in 1..=3 {
        let part = rank_of(&["--shard", &format!("{k}/3")]);
        assert!(part.iter().all(serde_json::Value::is_string), "{part:?}");
        all.extend(part);
    }
    assert_eq!(all.len(), 12);
}

/// With `--keep-fields all`, every part of a sharded run has every field
/// of the whole input as a column: each part had kept the fields of its
/// own records, and a notebook could not read the parts as one table.
#[test]
fn shard_parts_keep_every_field_of_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let records: String = (0..12)
        .map(|k| {
            let author = if k == 7 { ", \"author\": \"Jane Roe\"" } else { "" };
            format!("{{\"id\": \"doc{k}\", \"text\": \"Story {k} of the week.\", \"rank\": {k}{author}}}\n")
        })
        .collect();
    std::fs::write(&feed, records).unwrap();
    let part = |shard: &str| {
        let out = folio()
            .args(["stats", feed.to_str().unwrap(), "--keep-fields", "all"])
            .args(["-q", "-o", "-", "--shard", shard])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        parse_csv(&String::from_utf8(out.stdout).unwrap())
    };
    let (header, _) = part("1/3");
    assert!(header.iter().any(|h| h == "author"), "{header:?}");
    let mut rows = 0;
    for k in 1..=3 {
        let (h, r) = part(&format!("{k}/3"));
        assert_eq!(h, header, "part {k}");
        rows += r.len();
    }
    assert_eq!(rows, 12);
    // A part that holds no record has the columns too.
    let empty = (1..=40)
        .map(|k| part(&format!("{k}/40")))
        .find(|(_, r)| r.is_empty())
        .expect("an empty part among 40");
    assert_eq!(empty.0, header);
}

#[test]
fn a_web_pages_pre_counts_its_own_lines_of_code() {
    // A `<pre>` of two lines is two lines of code (the fences folio
    // gives it are none), as a Markdown block of two lines is.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.html");
    std::fs::write(
        &page,
        "<html><body><main><h1>Setup</h1><p>Install the tool first, then run it once.</p><pre>pip install tool\ntool --help</pre><p>Read the guide after that.</p></main></body></html>",
    )
    .unwrap();
    let md = dir.path().join("m.md");
    std::fs::write(
        &md,
        "Install it.\n\n```sh\npip install tool\ntool --help\n```\n",
    )
    .unwrap();
    let out = folio()
        .args(["stats", page.to_str().unwrap(), md.to_str().unwrap()])
        .output()
        .unwrap();
    let (h, rows) = parse_csv(&String::from_utf8(out.stdout).unwrap());
    let col = h.iter().position(|c| c == "code_lines").unwrap();
    assert_eq!(
        rows.iter().map(|r| r[col].as_str()).collect::<Vec<_>>(),
        ["2", "2"]
    );
}
