//! Series of releases: their order, and whether a folder of folders is one.
//!
//! * **Order.** Releases run in the natural order of their names: runs of
//!   digits compare as numbers, so `2` < `10`, `v2` < `v10`, and ISO dates
//!   (`2024-03-04`) run in time order; `--order FILE` (one release name a
//!   line) says the order explicitly.
//! * **Layout.** A folder whose entries are all folders is a series of
//!   releases only on evidence: its folders' names are dated or numbered
//!   (each holds a digit) and consecutive folders share at least one
//!   document id; or consecutive folders share most of their document ids
//!   *and* the shared documents' texts are alike (versions resemble each
//!   other; translations in `de/` and `fr/` share file names, not text).
//!   Otherwise the folder is one corpus whose subfolders are part of the
//!   ids. folio says on stderr which it chose and why.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

/// Consecutive folders must share at least this share of the document ids
/// of the smaller one to count as versions of one corpus by their ids.
pub(crate) const SHARED_IDS_MIN: f64 = 0.5;
/// ... and the texts of their shared documents a median word-set Jaccard
/// similarity of at least this.
pub(crate) const SIMILAR_TEXT_MIN: f64 = 0.4;
/// Shared documents compared per pair of consecutive folders, at most.
const SAMPLE: usize = 5;

/// Compares two names in natural order: runs of ASCII digits by their
/// value (leading zeros aside), other characters as they are; names equal
/// that way (`01`, `1`) by their bytes.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (m, n) = (run(x), run(y));
                let strip = |s: &[u8]| {
                    let z = s.iter().take_while(|&&c| c == b'0').count();
                    s[z..].to_vec()
                };
                let (dx, dy) = (strip(&x[..m]), strip(&y[..n]));
                let by_value = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(&dy));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                x = &x[m..];
                y = &y[n..];
            }
            (Some(p), Some(q)) => {
                if p != q {
                    return p.cmp(q);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

/// The largest file an option names (`--order`, `--abbreviations`) that
/// folio reads: these are short lists, and `/dev/zero` would never end.
pub const OPTION_FILE_MAX: u64 = 16 << 20;

/// Reads a file an option names, at most [`OPTION_FILE_MAX`] bytes of
/// UTF-8 text.
pub fn read_option_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(OPTION_FILE_MAX + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > OPTION_FILE_MAX {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {} MiB", OPTION_FILE_MAX >> 20),
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))?;
    // A byte-order mark, as Notepad starts a file with, is no text of its
    // first line (`2024-03-04` had been missing from an order file).
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Reads an order file: one release name a line; blank lines and lines
/// starting with `#` are skipped. A name given twice is an error.
pub fn read_order(path: &Path) -> Result<Vec<String>, String> {
    let text = read_option_file(path)
        .map_err(|e| format!("{}: cannot read the order file ({e})", path.display()))?;
    let mut seen = FxHashSet::default();
    let mut names = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let name = line.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        if !seen.insert(name.to_string()) {
            return Err(format!(
                "{}:{}: release {name} is listed twice",
                path.display(),
                k + 1
            ));
        }
        names.push(name.to_string());
    }
    Ok(names)
}

/// Sorts release names: in `order` where given (names it lacks after, in
/// natural order), else in natural order. Returns the names `order` lacks.
pub fn sort_releases<T>(
    items: &mut [T],
    name: impl Fn(&T) -> &str,
    order: Option<&[String]>,
) -> Vec<String> {
    let rank = |n: &str| order.and_then(|o| o.iter().position(|x| x == n));
    items.sort_by(|a, b| {
        let (ra, rb) = (rank(name(a)), rank(name(b)));
        match (ra, rb) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => natural_cmp(name(a), name(b)),
        }
    });
    match order {
        Some(_) => items
            .iter()
            .filter(|i| rank(name(i)).is_none())
            .map(|i| name(i).to_string())
            .collect(),
        None => Vec::new(),
    }
}

/// The words of a text, lowercased, as a set.
fn word_set(text: &str) -> FxHashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &FxHashSet<String>, b: &FxHashSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// A folder of folders, in order: each folder's name and its documents as
/// (id, path).
pub type Folders<'a> = [(&'a str, Vec<(String, PathBuf)>)];

/// Whether a folder of folders (in order) is a series of releases, and
/// why (a sentence for the user). `text` reads a document's text (`None`
/// when it cannot be read).
pub(crate) fn looks_like_releases(
    folders: &Folders<'_>,
    text: &dyn Fn(&Path) -> Option<String>,
) -> (bool, String) {
    let numbered = folders
        .iter()
        .all(|(name, _)| name.bytes().any(|b| b.is_ascii_digit()));
    let ids: Vec<FxHashSet<&str>> = folders
        .iter()
        .map(|(_, docs)| docs.iter().map(|(id, _)| id.as_str()).collect())
        .collect();
    let shared_any = ids
        .windows(2)
        .any(|w| w[0].intersection(&w[1]).next().is_some());
    if numbered {
        return if shared_any || folders.len() < 2 {
            (true, "their names are dated or numbered".into())
        } else {
            (
                false,
                "their names are numbered, but consecutive folders share no document".into(),
            )
        };
    }
    if folders.len() < 2 {
        return (false, "one folder, not named as a release".into());
    }
    let mut similarities = Vec::new();
    for (k, w) in ids.windows(2).enumerate() {
        let shared: Vec<&str> = {
            let mut s: Vec<&str> = w[0].intersection(&w[1]).copied().collect();
            s.sort_unstable();
            s
        };
        let smaller = w[0].len().min(w[1].len()).max(1);
        if (shared.len() as f64) < SHARED_IDS_MIN * smaller as f64 {
            return (
                false,
                format!(
                    "folders {} and {} share few document ids ({} of {smaller})",
                    folders[k].0,
                    folders[k + 1].0,
                    shared.len()
                ),
            );
        }
        let path_of = |f: usize, id: &str| {
            folders[f]
                .1
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, p)| p.clone())
        };
        for id in shared.iter().take(SAMPLE) {
            let (Some(a), Some(b)) = (path_of(k, id), path_of(k + 1, id)) else {
                continue;
            };
            if let (Some(ta), Some(tb)) = (text(&a), text(&b)) {
                similarities.push(jaccard(&word_set(&ta), &word_set(&tb)));
            }
        }
    }
    if similarities.is_empty() {
        return (false, "their shared documents could not be read".into());
    }
    similarities.sort_by(f64::total_cmp);
    let median = similarities[similarities.len() / 2];
    if median >= SIMILAR_TEXT_MIN {
        (
            true,
            format!("consecutive folders share most document ids, with alike texts (median word overlap {median:.2})"),
        )
    } else {
        (
            false,
            format!("their names are not dated or numbered, and the documents they share differ in text (median word overlap {median:.2}): translations or sections, not versions"),
        )
    }
}

/// The ISO 8601 calendar date a release name is or starts with
/// (`2024-03-04`, `2024-03-04T10:00Z`, `2024-03-04_crawl`), as
/// `YYYY-MM-DD`; `None` for other names.
#[cfg(test)]
fn iso_date(name: &str) -> Option<&str> {
    iso_ymd(name).map(|_| &name[..10])
}

/// The date a release name starts with (`YYYY-MM-DD…`) as days since
/// 1970-01-01: the value of a Date column.
pub(crate) fn iso_days(name: &str) -> Option<i32> {
    let (y, m, d) = iso_ymd(name)?;
    // Days from civil (proleptic Gregorian), after H. Hinnant's
    // `days_from_civil`: years start in March, so leap days come last.
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The year, month and day of a release name that starts with an ISO date.
fn iso_ymd(name: &str) -> Option<(u32, u32, u32)> {
    let date = name.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shape = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    if !shape || name[10..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| date[r].parse::<u32>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// The names of releases for a message: all of them, or the first and last
/// few when there are many.
pub fn list_names(names: &[&str]) -> String {
    const MAX: usize = 12;
    if names.len() <= MAX {
        names.join(", ")
    } else {
        format!(
            "{}, … {}",
            names[..MAX / 2].join(", "),
            names[names.len() - 3..].join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_names() {
        let mut names = vec![
            "10",
            "2",
            "1",
            "v10",
            "v2",
            "v1.10",
            "v1.9",
            "2024-03-10",
            "2024-03-09",
            "010",
            "a",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "1",
                "2",
                "010",
                "10",
                "2024-03-09",
                "2024-03-10",
                "a",
                "v1.9",
                "v1.10",
                "v2",
                "v10"
            ]
        );
        assert_eq!(natural_cmp("release-9", "release-10"), Ordering::Less);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }

    #[test]
    fn release_names_that_are_dates() {
        assert_eq!(iso_date("2024-03-04"), Some("2024-03-04"));
        assert_eq!(iso_date("2024-03-04T10:00:00Z"), Some("2024-03-04"));
        assert_eq!(iso_date("2024-02-29_crawl"), Some("2024-02-29"));
        assert_eq!(iso_date("2023-02-29"), None);
        assert_eq!(iso_date("2024-13-01"), None);
        assert_eq!(iso_date("2024-03-041"), None);
        assert_eq!(iso_date("v2"), None);
        assert_eq!(iso_date("2024-3-4"), None);
        // Days since 1970-01-01, as Python's datetime.date counts them.
        for (name, days) in [
            ("1970-01-01", 0),
            ("2024-03-04", 19_786),
            ("2000-02-29", 11_016),
            ("1969-12-31", -1),
            ("1600-03-01", -135_080),
            ("2100-12-31_final", 47_846),
        ] {
            assert_eq!(iso_days(name), Some(days), "{name}");
        }
        assert_eq!(iso_days("2023-02-29"), None);
    }

    #[test]
    fn an_order_file_wins_and_says_what_it_lacks() {
        let mut r = vec!["b", "c", "a", "z"];
        let order = vec!["c".to_string(), "a".to_string(), "b".to_string()];
        let lacking = sort_releases(&mut r, |s| s, Some(&order));
        assert_eq!(r, ["c", "a", "b", "z"]);
        assert_eq!(lacking, ["z"]);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("order.txt");
        std::fs::write(&p, "# oldest first\nv1\n\nv3\nv2\n").unwrap();
        assert_eq!(read_order(&p).unwrap(), ["v1", "v3", "v2"]);
        std::fs::write(&p, "v1\nv1\n").unwrap();
        assert!(read_order(&p)
            .unwrap_err()
            .contains(":2: release v1 is listed twice"));
    }

    fn folder(name: &'static str, ids: &[&str]) -> (&'static str, Vec<(String, PathBuf)>) {
        (
            name,
            ids.iter()
                .map(|i| (i.to_string(), PathBuf::from(format!("{name}/{i}"))))
                .collect(),
        )
    }

    #[test]
    fn layout_needs_evidence() {
        let same = |_: &Path| Some("the council voted on the budget".to_string());
        // Dated names sharing ids: releases.
        let f = [
            folder("2024-01", &["a", "b"]),
            folder("2024-02", &["a", "c"]),
        ];
        assert!(looks_like_releases(&f, &same).0);
        // Numbered names sharing nothing: one corpus.
        let f = [folder("part1", &["a"]), folder("part2", &["b"])];
        assert!(!looks_like_releases(&f, &same).0);
        // Sections that each hold `about`: few shared ids.
        let f = [
            folder("news", &["about", "x", "y"]),
            folder("sport", &["about", "z", "w"]),
        ];
        let (releases, why) = looks_like_releases(&f, &same);
        assert!(!releases && why.contains("share few"), "{why}");
        // Translations: same names, different texts.
        let by_lang = |p: &Path| {
            Some(if p.starts_with("de") {
                "der rat hat den haushalt beschlossen".to_string()
            } else {
                "le conseil a adopté le budget".to_string()
            })
        };
        let f = [folder("de", &["ch1", "ch2"]), folder("fr", &["ch1", "ch2"])];
        let (releases, why) = looks_like_releases(&f, &by_lang);
        assert!(!releases && why.contains("differ in text"), "{why}");
        // Versions under plain names: same names, alike texts.
        let f = [
            folder("old", &["ch1", "ch2"]),
            folder("new", &["ch1", "ch2"]),
        ];
        assert!(looks_like_releases(&f, &same).0);
    }

    /// An order file saved with a byte-order mark (as Notepad saves it)
    /// names its first release all the same.
    #[test]
    fn an_option_file_s_byte_order_mark_is_no_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("order.txt");
        std::fs::write(&path, "\u{feff}2024-03-04\r\n2024-03-05\r\n").unwrap();
        assert_eq!(read_order(&path).unwrap(), ["2024-03-04", "2024-03-05"]);
    }
}
