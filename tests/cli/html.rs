//! The HTML report: pages, links, the Atom feed, escaping, and a real
//! browser (headless Chromium) rendering it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{folio, parse_csv};

/// Every file under `dir`, relative to it, with `/` separators.
fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// The values of every `attr="…"` in an HTML text.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Decodes a link's `%XX` escapes (and the entity `&amp;`).
fn decode(link: &str) -> String {
    let link = link.replace("&amp;", "&");
    percent_encoding::percent_decode_str(&link)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// Checks every link of every HTML page of a report: a relative link goes
/// to a file of the report (and, with a fragment, to an element of it), no
/// link or source leaves the report. Returns the pages linked to.
fn check_links(out: &Path) -> BTreeSet<String> {
    let mut linked = BTreeSet::new();
    for file in files(out).iter().filter(|f| f.ends_with(".html")) {
        let path = out.join(file);
        let html = std::fs::read_to_string(&path).unwrap();
        let mut links = attributes(&html, "href");
        links.extend(attributes(&html, "src"));
        for link in links {
            assert!(
                !link.contains("//") && !link.starts_with("javascript:") && !link.contains(':'),
                "{file}: a link that leaves the report: {link}"
            );
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(decode(f))),
                None => (link.clone(), None),
            };
            let target_path = if target.is_empty() {
                path.clone()
            } else {
                path.parent().unwrap().join(decode(&target))
            };
            assert!(target_path.is_file(), "{file}: broken link {link}");
            let canonical = target_path.canonicalize().unwrap();
            assert!(
                canonical.starts_with(out.canonicalize().unwrap()),
                "{file}: {link}"
            );
            if let Some(id) = fragment {
                let target_html = std::fs::read_to_string(&target_path).unwrap();
                assert!(
                    target_html.contains(&format!("id=\"{id}\"")),
                    "{file}: link {link} to a missing anchor"
                );
            }
            if target.ends_with(".html") {
                linked.insert(
                    canonical
                        .strip_prefix(out.canonicalize().unwrap())
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    linked
}

fn report(corpus: &str, out: &Path, extra: &[&str]) {
    folio()
        .args(["report", corpus, "-q", "-o", out.to_str().unwrap()])
        .args(extra)
        .assert()
        .success();
}

/// Rows of a step's `changes.csv` with a page: modified, or renamed with
/// changes.
fn changed_rows(out: &Path) -> (usize, usize) {
    let mut pages = 0;
    let mut entries = 0;
    for f in files(out) {
        if !f.ends_with("/changes.csv") {
            continue;
        }
        let (h, rows) = parse_csv(&std::fs::read_to_string(out.join(&f)).unwrap());
        let col = |name: &str| h.iter().position(|c| c == name).unwrap();
        for r in rows {
            let status = &r[col("status")];
            if status != "unchanged" {
                entries += 1;
            }
            // A renamed document with the same words has no diff.
            let changed = r[col("nonsignificant")] == "false";
            if status == "modified" || (status == "renamed" && changed) {
                pages += 1;
            }
        }
    }
    (pages, entries)
}

#[test]
fn report_writes_html_pages_and_a_feed_whose_links_hold() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    report("corpus", &out, &[]);
    let all = files(&out);
    for f in ["index.html", "folio.css", "folio.js", "feed.xml"] {
        assert!(all.contains(f), "{f}");
    }
    let pages: BTreeSet<String> = all
        .iter()
        .filter(|f| f.starts_with("pages/") && f.ends_with(".html"))
        .cloned()
        .collect();
    let (expected_pages, expected_entries) = changed_rows(&out);
    assert_eq!(pages.len(), expected_pages, "{pages:?}");
    assert!(pages.contains("pages/2024-03-05..2024-03-07/news/storm-power-outages.html"));

    // Every page is linked from the index, and every link holds.
    let linked = check_links(&out);
    for p in &pages {
        assert!(linked.contains(p), "{p} is not linked");
    }
    // The index lists every document of documents.csv, once.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let (_, documents) = parse_csv(&std::fs::read_to_string(out.join("documents.csv")).unwrap());
    assert_eq!(index.matches("<tr id=\"d").count(), documents.len());
    for d in &documents {
        assert!(index.contains(&format!(">{}<", d[0])), "{} in index", d[0]);
    }
    // Charts are inline SVG, drawn in the page.
    for id in ["chart-words", "chart-ease", "chart-most"] {
        assert!(
            index.contains(&format!("<svg class=\"chart\" id=\"{id}\"")),
            "{id}"
        );
    }

    // The feed parses as Atom, with one entry per changed document per
    // step, newest first, each linking to a file of the report.
    let xml = std::fs::read(out.join("feed.xml")).unwrap();
    let feed = feed_rs::parser::parse(&xml[..]).expect("feed.xml parses");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.entries.len(), expected_entries);
    assert!(feed.entries[0]
        .title
        .as_ref()
        .unwrap()
        .content
        .contains("2024-03-05 → 2024-03-07"));
    assert!(feed
        .entries
        .last()
        .unwrap()
        .title
        .as_ref()
        .unwrap()
        .content
        .contains("2024-03-04 → 2024-03-05"));
    let ids: BTreeSet<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), feed.entries.len(), "entry ids are unique");
    for e in &feed.entries {
        let link = &e.links[0].href;
        let file = decode(link.split('#').next().unwrap());
        assert!(out.join(&file).is_file(), "feed link {link}");
        assert!(e.updated.is_some());
        assert!(e.summary.is_some());
    }

    // The same input gives the same pages, byte for byte, at any thread
    // count.
    let again = dir.path().join("again");
    report("corpus", &again, &["-j", "1"]);
    for f in all
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
    {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f} differs at -j 1"
        );
    }
}

#[test]
fn no_html_writes_none_and_a_later_report_removes_stale_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    report("corpus", &out, &[]);
    assert!(out.join("pages").is_dir());
    report("corpus", &out, &["--no-html"]);
    let all = files(&out);
    assert!(
        !all.iter()
            .any(|f| f.ends_with(".html") || f == "feed.xml" || f.starts_with("folio.")),
        "{all:?}"
    );
    assert!(all.contains("stats.csv"));
    // One release: an index without pages or feed.
    report("corpus/2024-03-04", &out, &[]);
    let all = files(&out);
    assert!(all.contains("index.html"));
    assert!(
        !all.iter()
            .any(|f| f.starts_with("pages/") || f == "feed.xml"),
        "{all:?}"
    );
    check_links(&out);
}

/// A page's header counts the lines of code changed as a figure of their
/// own, beside the sentences of prose, not among them.
#[test]
fn a_pages_header_shows_code_lines_apart_from_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    for (release, port) in [("v1", "8000"), ("v2", "9000")] {
        let d = corpus.join(release);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("serve.md"),
            format!(
                "# Serving\n\nRun the server from the project's folder.\n\n```sh\nserve --port {port}\n```\n\nIt stops when you press Control-C.\n"
            ),
        )
        .unwrap();
    }
    let out = dir.path().join("r");
    report(corpus.to_str().unwrap(), &out, &[]);
    let page = std::fs::read_to_string(out.join("pages/v1..v2/serve.html")).unwrap();
    let figures = page
        .lines()
        .find(|l| l.starts_with("<p class=\"figures\">"))
        .unwrap();
    let (sentences, code) = figures.split_once("<span class=\"fig code\">").unwrap();
    assert!(
        sentences.contains("sentences: no sentence changed"),
        "{figures}"
    );
    assert!(!sentences.contains("code lines"), "{figures}");
    assert!(
        code.starts_with("code lines: <span class=\"k code\">1 changed</span>, +1 −1 words"),
        "{figures}"
    );
    check_links(&out);
}

/// The canary: any script of a document that runs marks the page.
const CANARY: &str = "document.documentElement.setAttribute('data-pwned','yes')";

/// Two releases whose documents carry scripts, event handlers and
/// `javascript:` links (and one with a hostile id), with a moved sentence.
fn hostile_corpus(root: &Path) -> PathBuf {
    let corpus = root.join("hostile");
    let moved = "The harbour commission approved the dredging contract after a heated two-hour debate on Tuesday night.";
    let body = |first: bool| {
        let script = format!("<script>{CANARY}</script>");
        let img = format!("<img src=x onerror=\"{CANARY}\">");
        let link = format!("<a href=\"javascript:{CANARY}\">the minutes</a>");
        let paragraphs = [
            format!("Residents packed the hall {script} to hear the plan for the old pier and its warehouses."),
            format!("Council members asked who would pay for the work {img} and how long the channel would stay closed."),
            format!("The clerk said the full record, including {link}, would be published by Friday."),
            format!("A spokesperson said the city expects {} ships a week once the channel is deeper.", if first { "twelve" } else { "fifteen" }),
        ];
        let mut parts: Vec<String> = paragraphs.to_vec();
        if first {
            parts.insert(0, moved.to_string());
        } else {
            parts.push(moved.to_string());
        }
        format!(
            "Harbour plan <b onmouseover=\"{CANARY}\">approved</b>\n\n{}\n",
            parts.join("\n\n")
        )
    };
    for (release, first) in [("2024-05-01", true), ("2024-05-02", false)] {
        let dir = corpus.join(release);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("harbour.txt"), body(first)).unwrap();
        let still = "A second document that does not change between the two releases at all.\n";
        std::fs::write(dir.join("still.txt"), still).unwrap();
        #[cfg(unix)]
        std::fs::write(
            dir.join(format!("x\"><img src=x onerror={CANARY}>.txt")),
            format!(
                "Odd id {}\n\nIts text changes a little in the second release.\n",
                if first { "one" } else { "two" }
            ),
        )
        .unwrap();
    }
    corpus
}

#[test]
fn document_text_is_escaped_in_pages_and_feed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = hostile_corpus(dir.path());
    let out = dir.path().join("r");
    report(corpus.to_str().unwrap(), &out, &[]);
    for f in files(&out)
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
    {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        // The only script element is the report's own.
        let scripts = text.matches("<script").count();
        let own = text.matches("<script src=\"").count();
        assert_eq!(scripts, own, "{f}");
        // Every `<` of document text is escaped, so each `<…>` is a tag
        // folio wrote: none may carry a document's element, handler or
        // `javascript:` link.
        for tag in text.split('<').skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let name = tag.split([' ', '/']).next().unwrap_or("");
            // The tag without its quoted values (a `"` inside a value is
            // always `&quot;`): what is left are names.
            let names: String = tag.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
            let tag = names.as_str();
            assert!(!matches!(name, "img" | "iframe" | "object"), "{f}: <{tag}>");
            for bad in ["onerror", "onmouseover", "javascript", "data-pwned"] {
                assert!(!tag.contains(bad), "{f}: <{tag}>");
            }
        }
    }
    let page =
        std::fs::read_to_string(out.join("pages/2024-05-01..2024-05-02/harbour.html")).unwrap();
    assert!(
        page.contains("&lt;script&gt;"),
        "the text is shown, escaped"
    );
    check_links(&out);
    let xml = std::fs::read(out.join("feed.xml")).unwrap();
    feed_rs::parser::parse(&xml[..]).expect("feed.xml parses");
}

/// Headless Chromium: `FOLIO_TEST_CHROMIUM`, else `chromium` or
/// `chromium-browser` on the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FOLIO_TEST_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// Runs headless Chromium on a page with `args` (`--dump-dom`,
/// `--screenshot=…`); its standard output.
fn browse(chromium: &Path, profile: &Path, url: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(&path.to_string_lossy(), percent_encoding::CONTROLS)
            .to_string()
            .replace(' ', "%20")
            .replace('#', "%23")
            .replace('"', "%22")
    )
}

/// The report in a real browser: the table lists every document, a moved
/// sentence links to its counterpart, the header shows the statistics of
/// stats.csv, the report's own script runs and no document's script does.
/// Screenshots go to `target/html-report/`.
#[test]
fn a_browser_renders_the_report_and_runs_no_document_script() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("FOLIO_REQUIRE_BROWSER").is_none(),
            "FOLIO_REQUIRE_BROWSER is set but no Chromium was found"
        );
        eprintln!(
            "skipped: no headless Chromium (install Debian's chromium, or set FOLIO_TEST_CHROMIUM)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = hostile_corpus(dir.path());
    let out = dir.path().join("r");
    report(corpus.to_str().unwrap(), &out, &[]);
    let profile = dir.path().join("profile");

    let index = browse(
        &chromium,
        &profile,
        &file_url(&out.join("index.html")),
        &["--dump-dom"],
    );
    let html_tag = &index[index.find("<html").unwrap()..];
    let html_tag = &html_tag[..html_tag.find('>').unwrap()];
    assert!(
        !html_tag.contains("data-pwned"),
        "a document's script ran: {html_tag}"
    );
    // The report's own script ran: it shows the filters.
    assert!(
        index.contains("<div class=\"filters\">"),
        "folio.js did not run"
    );
    let (_, documents) = parse_csv(&std::fs::read_to_string(out.join("documents.csv")).unwrap());
    assert_eq!(index.matches("<tr id=\"d").count(), documents.len());

    let page_path = out.join("pages/2024-05-01..2024-05-02/harbour.html");
    let page = browse(&chromium, &profile, &file_url(&page_path), &["--dump-dom"]);
    let html_tag = &page[page.find("<html").unwrap()..];
    let html_tag = &html_tag[..html_tag.find('>').unwrap()];
    assert!(
        !html_tag.contains("data-pwned"),
        "a document's script ran: {html_tag}"
    );
    assert!(page.contains("&lt;script&gt;"));
    // The moved sentence: its new place links to its old one, and back.
    let moved = page
        .find("moved here from sentence")
        .expect("a moved sentence");
    let back = &page[..moved];
    let old_anchor = &back[back.rfind("href=\"#o").unwrap() + 7..];
    let old_anchor = &old_anchor[..old_anchor.find('"').unwrap()];
    assert!(
        page.contains(&format!("id=\"{old_anchor}\"")),
        "{old_anchor}"
    );
    let to_new = page.find("moved to sentence").expect("the old place");
    let before = &page[..to_new];
    let new_anchor = &before[before.rfind("href=\"#n").unwrap() + 7..];
    let new_anchor = &new_anchor[..new_anchor.find('"').unwrap()];
    assert!(
        page.contains(&format!("id=\"{new_anchor}\"")),
        "{new_anchor}"
    );
    // The statistics header holds the values of stats.csv.
    let (sh, stats) = parse_csv(&std::fs::read_to_string(out.join("stats.csv")).unwrap());
    let value = |release: &str, column: &str| -> f64 {
        let col = |n: &str| sh.iter().position(|c| c == n).unwrap();
        let row = stats
            .iter()
            .find(|r| r[col("release")] == release && r[col("doc_id")] == "harbour")
            .unwrap();
        row[col(column)].parse().unwrap()
    };
    for (stat, column) in [
        ("reading_ease", "reading_ease"),
        ("words", "words"),
        ("grade_level", "grade_level"),
    ] {
        let at = page
            .find(&format!("data-stat=\"{stat}\""))
            .unwrap_or_else(|| panic!("{stat} row"));
        let row = &page[at..at + page[at..].find("</tr>").unwrap()];
        let show = |x: f64| {
            if x.fract() == 0.0 {
                format!("{x:.0}")
            } else {
                format!("{x:.2}")
            }
        };
        let old = show(value("2024-05-01", column));
        let new = show(value("2024-05-02", column));
        assert!(
            row.contains(&format!("<td>{old}</td><td>{new}</td>")),
            "{stat}: {old} → {new} in {row}"
        );
        // The change is the tables' (new − old of the values unrounded),
        // rounded: not the difference of the two values shown.
        let d = value("2024-05-02", column) - value("2024-05-01", column);
        if d.abs() >= 0.005 {
            let sign = if d > 0.0 { "+" } else { "−" };
            assert!(
                row.contains(&format!("{sign}{}", show(d.abs()))),
                "{stat}: change {d} in {row}"
            );
        }
    }

    // Screenshots, to look at.
    let shots = super::root().join("target/html-report");
    std::fs::create_dir_all(&shots).unwrap();
    let sample = dir.path().join("sample");
    report("corpus", &sample, &[]);
    for (name, path, size) in [
        ("index.png", sample.join("index.html"), "1280,1800"),
        (
            "page.png",
            sample.join("pages/2024-03-05..2024-03-07/news/storm-power-outages.html"),
            "1280,1400",
        ),
        ("hostile.png", page_path.clone(), "1280,900"),
    ] {
        let shot = shots.join(name);
        browse(
            &chromium,
            &profile,
            &file_url(&path),
            &[
                &format!("--window-size={size}"),
                &format!("--screenshot={}", shot.display()),
            ],
        );
        assert!(
            std::fs::metadata(&shot)
                .map(|m| m.len() > 10_000)
                .unwrap_or(false),
            "{name}"
        );
    }
}
