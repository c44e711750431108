//! `feed.xml`: an Atom feed (RFC 4287) of a report's changes, one entry per
//! changed document per step, newest first, each linking to its page.
//!
//! Links are relative, so the feed works wherever the report folder is
//! published. Times come from the releases: the date a release is named
//! by, else the newest modification time of its files (see
//! [`release_time`]) — never the time of the run, so the same input gives
//! the same feed.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::compare::{DocChange, Status};
use crate::diff::similarity_text;
use crate::history::History;

/// Entries a feed holds at most: the newest changes (a feed of every
/// change of a large corpus would be more than feed readers take;
/// `timeline.csv` lists them all).
pub(crate) const MAX_ENTRIES: usize = 1000;

/// Text for XML: escaped, characters XML 1.0 forbids (control
/// characters, unpaired surrogates cannot occur in Rust strings, U+FFFE and
/// U+FFFF) replaced by U+FFFD, and marks of direction written as escapes.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            // (A name's marks of direction, as the pages write them.)
            c if crate::output::reorders(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 time (UTC) of seconds since 1970.
pub(crate) fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Civil from days (proleptic Gregorian), after H. Hinnant's
    // `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The time of a release: midnight (UTC) of the day its name names
/// (`days`, see [`crate::series::release_days`]), else the newest
/// modification time of its files, else the epoch.
pub fn release_time(days: Option<i32>, paths: &[PathBuf]) -> String {
    if let Some(days) = days {
        return rfc3339(i64::from(days) * 86_400);
    }
    let newest = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .max()
        .unwrap_or(0);
    rfc3339(newest)
}

/// A `urn:uuid:` made from a hash of `parts`: the same parts, the same id.
fn urn(parts: &[&str]) -> String {
    let h = xxhash_rust::xxh3::xxh3_128(parts.join("\u{0}").as_bytes());
    let hex = format!("{h:032x}");
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The one-line summary of a change.
pub fn summary(c: &DocChange) -> String {
    let mut line = match c.status {
        Status::Added => format!("added, {} words", c.new_words.unwrap_or(0)),
        Status::Removed => format!("removed, {} words", c.old_words.unwrap_or(0)),
        _ => {
            let mut s = c.status.name().to_string();
            if let (Status::Renamed, Some(old)) = (c.status, c.old_doc_id.as_deref()) {
                // The id it had: the entry's title is the new one.
                let _ = write!(s, " from {old}");
            }
            let _ = write!(s, ": +{} −{} words", c.words_added, c.words_deleted);
            if let Some(sim) = c.similarity {
                let _ = write!(s, ", similarity {}", similarity_text(sim));
            }
            let o = &c.sentences;
            let parts: Vec<String> = [
                (o.added, "added"),
                (o.deleted, "deleted"),
                (o.edited, "edited"),
                (o.moved, "moved"),
                (o.split, "split"),
                (o.merged, "merged"),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
            if !parts.is_empty() {
                let _ = write!(s, "; sentences: {}", parts.join(", "));
            }
            let code = &c.code;
            if code.lines.any_change() {
                let _ = write!(
                    s,
                    "; code lines: {} changed, +{} −{} words",
                    code.lines.changed(),
                    code.words_added,
                    code.words_deleted
                );
            }
            s
        }
    };
    for (name, label) in [("reading_ease", "reading ease"), ("grade_level", "grade")] {
        if let Some(d) = c.stats.get(name) {
            if let (Some(o), Some(n)) = (d.old, d.new) {
                // Only a change the one decimal shows (not `80.8 → 80.8`).
                if format!("{o:.1}") != format!("{n:.1}") {
                    let _ = write!(line, "; {label} {o:.1} → {n:.1}");
                }
            }
        }
    }
    line
}

/// The feed. `pages` are each step's page per row, `anchors` each
/// document's row in the index (for changes without a page), `times`
/// each release's time.
pub fn render(
    title: &str,
    h: &History,
    pages: &[Vec<Option<String>>],
    anchors: &[String],
    times: &[(String, String)],
) -> String {
    render_at_most(title, h, pages, anchors, times, MAX_ENTRIES)
}

/// [`render`] with at most `max` entries.
fn render_at_most(
    title: &str,
    h: &History,
    pages: &[Vec<Option<String>>],
    anchors: &[String],
    times: &[(String, String)],
    max: usize,
) -> String {
    let time = |release: &str| {
        times
            .iter()
            .find(|(r, _)| r == release)
            .map_or_else(|| rfc3339(0), |(_, t)| t.clone())
    };
    let updated = h.steps.last().map_or_else(|| rfc3339(0), |s| time(&s.to));
    let total: usize = h
        .steps
        .iter()
        .map(|s| {
            s.comparison
                .changes
                .iter()
                .filter(|c| !matches!(c.status, Status::Unchanged | Status::Unreadable))
                .count()
        })
        .sum();
    let subtitle = if total > max {
        format!(
            "The newest {max} of {total} changes between releases, as folio compared them (timeline.csv lists them all)"
        )
    } else {
        "Documents that changed between releases, as folio compared them".to_string()
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}: changes</title>\n<subtitle>{}</subtitle>\n<id>{}</id>\n<updated>{updated}</updated>\n<author><name>folio</name></author>\n<generator version=\"{}\">folio</generator>\n<link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n",
        xml(title),
        xml(&subtitle),
        urn(&["folio feed", title]),
        env!("CARGO_PKG_VERSION")
    );
    let mut entries = 0;
    for (s, step) in h.steps.iter().enumerate().rev() {
        let updated = time(&step.to);
        for (k, c) in step.comparison.changes.iter().enumerate() {
            // No change is known of a document unreadable on one side.
            if matches!(c.status, Status::Unchanged | Status::Unreadable) {
                continue;
            }
            if entries == max {
                break;
            }
            entries += 1;
            let link = pages
                .get(s)
                .and_then(|p| p.get(k))
                .and_then(|p| p.clone())
                .or_else(|| {
                    let lineage = *step.lineages.get(k)?;
                    let doc = *h.lineage_documents.get(lineage)?;
                    anchors.get(doc).cloned()
                })
                .unwrap_or_else(|| "index.html".to_string());
            let revert = step.reverts.get(k) == Some(&true);
            let old = c.old_doc_id.as_deref().unwrap_or("");
            let _ = write!(
                out,
                "<entry>\n<title>{} {} ({} → {})</title>\n<id>{}</id>\n<updated>{updated}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<category term=\"{}\"/>\n{}<summary>{}{}</summary>\n</entry>\n",
                xml(&c.doc_id),
                c.status.name(),
                xml(&step.from),
                xml(&step.to),
                urn(&[&step.from, &step.to, &c.doc_id, old, c.status.name()]),
                xml(&super::href(&link)),
                c.status.name(),
                if revert { "<category term=\"revert\"/>\n" } else { "" },
                xml(&summary(c)),
                if revert { " (a revert: back to an earlier text)" } else { "" }
            );
        }
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_769_600 + 3_661), "2024-03-07T01:01:01Z");
        assert_eq!(
            release_time(crate::series::iso_days("2024-03-07"), &[]),
            "2024-03-07T00:00:00Z"
        );
    }

    #[test]
    fn xml_text_is_escaped_and_valid() {
        assert_eq!(
            xml("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
        assert_eq!(xml("report\u{202e}fdp.exe"), "report\\u{202e}fdp.exe");
    }

    #[test]
    fn a_feed_holds_the_newest_entries() {
        let root = std::env::temp_dir().join(format!("folio-feed-{}", std::process::id()));
        let mut releases = Vec::new();
        for (k, name) in ["2024-01-01", "2024-01-02", "2024-01-03"]
            .iter()
            .enumerate()
        {
            let dir = root.join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let mut sources = Vec::new();
            for id in ["a", "b"] {
                let path = dir.join(format!("{id}.txt"));
                let text =
                    format!("Document {id} says version {k} of its one long sentence today.");
                std::fs::write(&path, text).unwrap();
                sources.push(crate::corpus::Source {
                    path,
                    id: id.to_string(),
                    release: name.to_string(),
                    rows: None,
                    named: false,
                });
            }
            releases.push((name.to_string(), sources));
        }
        let h = crate::history::history(&releases, &Default::default(), &|_| {}).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        let all = render_at_most("t", &h, &[], &[], &[], 10);
        assert_eq!(all.matches("<entry>").count(), 4);
        assert!(all.contains("<subtitle>Documents that changed"));
        let newest = render_at_most("t", &h, &[], &[], &[], 3);
        assert_eq!(newest.matches("<entry>").count(), 3);
        assert!(newest.contains("The newest 3 of 4 changes"));
        // Newest first: the second step's entries come before the first's.
        let first = newest.find("2024-01-02 → 2024-01-03").unwrap();
        let second = newest.find("2024-01-01 → 2024-01-02").unwrap();
        assert!(first < second);
    }

    #[test]
    fn a_rename_names_the_id_it_had() {
        let root = std::env::temp_dir().join(format!("folio-feed-rn-{}", std::process::id()));
        let text = "The council met on Monday to discuss the budget for the coming year. \
                    It agreed to fund the library and the two swimming pools.";
        let mut releases = Vec::new();
        for (name, id) in [("r1", "old-name"), ("r2", "new-name")] {
            let dir = root.join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{id}.txt"));
            std::fs::write(&path, text).unwrap();
            let source = crate::corpus::Source {
                path,
                id: id.to_string(),
                release: name.to_string(),
                rows: None,
                named: false,
            };
            releases.push((name.to_string(), vec![source]));
        }
        let h = crate::history::history(&releases, &Default::default(), &|_| {}).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        let feed = render_at_most("t", &h, &[], &[], &[], 10);
        assert!(
            feed.contains("renamed from old-name: +0 −0 words"),
            "{feed}"
        );
    }

    #[test]
    fn ids_are_uuid_shaped_and_stable() {
        let a = urn(&["x", "y"]);
        assert_eq!(a, urn(&["x", "y"]));
        assert_ne!(a, urn(&["xy", ""]));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
    }
}
