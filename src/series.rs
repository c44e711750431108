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
/// value (leading zeros aside), other characters by their lower case
/// (`click-6.7` < `Click-7.0` < `click-7.1`: PyPI's archives of one
/// package change the case of its name; by bytes every capital had come
/// before every small letter, and a history of three releases had told of
/// files removed and added back); names equal that way (`01`, `1`,
/// `Click`, `click`) by their bytes. Where the names part after a
/// number, a pre-release tail comes before
/// anything else, as versions run: `1.0-rc1` < `1.0` < `1.0.1`, `2.0a1` <
/// `2.0b1` < `2.0rc1` < `2.0`, `1.0~beta` < `1.0`; two such tails run by
/// their stage (`dev` < `alpha` < `beta` < `pre` < `rc`), then naturally.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    // (Always at a character's boundary: digit runs and ASCII letters are
    // passed a byte at a time, other characters whole.)
    let (mut x, mut y) = (a, b);
    let mut after_digit = false;
    loop {
        if after_digit && x != y {
            match (pre_release(x.as_bytes()), pre_release(y.as_bytes())) {
                (Some(p), Some(q)) if p != q => return p.cmp(&q),
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                _ => {}
            }
        }
        after_digit = false;
        match (x.as_bytes().first(), y.as_bytes().first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (m, n) = (run(x.as_bytes()), run(y.as_bytes()));
                let strip = |s: &[u8]| {
                    let z = s.iter().take_while(|&&c| c == b'0').count();
                    s[z..].to_vec()
                };
                let (dx, dy) = (strip(&x.as_bytes()[..m]), strip(&y.as_bytes()[..n]));
                let by_value = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(&dy));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                x = &x[m..];
                y = &y[n..];
                after_digit = true;
            }
            (Some(p), Some(q)) if p.is_ascii() && q.is_ascii() => {
                let (p, q) = (p.to_ascii_lowercase(), q.to_ascii_lowercase());
                if p != q {
                    return p.cmp(&q);
                }
                x = &x[1..];
                y = &y[1..];
            }
            // (Only where a name is not ASCII are its characters decoded.)
            (Some(_), Some(_)) => {
                let fold = |s: &str| {
                    let c = s.chars().next().expect("a character at a boundary");
                    (c.to_lowercase().next().unwrap_or(c), c.len_utf8())
                };
                let ((p, m), (q, n)) = (fold(x), fold(y));
                if p != q {
                    return p.cmp(&q);
                }
                x = &x[m..];
                y = &y[n..];
            }
        }
    }
}

/// The stage of a version's pre-release tail — what follows its number in
/// `1.0-rc1`, `1.0.beta2`, `1.0_alpha`, `2.0a1`, `1.0~anything`: an
/// optional `-`, `.` or `_`, then `dev`, `snapshot`, `alpha`/`a`, `beta`/
/// `b`, `pre`/`preview` or `rc`/`c` (any case), then the end, a digit or
/// another separator; a lone letter only before a digit (`2024-03-04b`, a
/// second crawl of the day, is no pre-release of `2024-03-04`). `~` (as
/// Debian's versions use it) is a pre-release whatever follows. `None` when
/// `rest` starts no such tail. Stages by PEP 440's order: dev, alpha, beta,
/// pre, rc.
fn pre_release(rest: &[u8]) -> Option<u8> {
    if rest.first() == Some(&b'~') {
        return Some(0);
    }
    let rest = match rest.first() {
        Some(b'-' | b'.' | b'_') => &rest[1..],
        _ => rest,
    };
    let word_end = rest
        .iter()
        .position(|c| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let word = rest[..word_end].to_ascii_lowercase();
    let next = rest.get(word_end);
    let stage = match word.as_slice() {
        b"dev" | b"snapshot" => 1,
        b"alpha" => 2,
        b"beta" => 3,
        b"pre" | b"preview" => 4,
        b"rc" => 5,
        b"a" if next.is_some_and(u8::is_ascii_digit) => 2,
        b"b" if next.is_some_and(u8::is_ascii_digit) => 3,
        b"c" if next.is_some_and(u8::is_ascii_digit) => 5,
        _ => return None,
    };
    match next {
        None => Some(stage),
        Some(c) if c.is_ascii_digit() || matches!(c, b'-' | b'.' | b'_') => Some(stage),
        _ => None,
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
/// natural order), else in natural order, dates in names read as dates
/// (see [`dated_names`]). Returns the names `order` lacks.
pub fn sort_releases<T>(
    items: &mut [T],
    name: impl Fn(&T) -> &str,
    order: Option<&[String]>,
) -> Vec<String> {
    let rank = |n: &str| order.and_then(|o| o.iter().position(|x| x == n));
    let dates = {
        let names: Vec<&str> = items.iter().map(&name).collect();
        dated_names(&names).filter(|d| !d.mixed)
    };
    items.sort_by(|a, b| {
        let (ra, rb) = (rank(name(a)), rank(name(b)));
        match (ra, rb) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => natural_cmp(
                &sort_key(name(a), dates.as_ref()),
                &sort_key(name(b), dates.as_ref()),
            )
            .then_with(|| natural_cmp(name(a), name(b))),
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
    // Consecutive folders with documents (an empty one between two, a
    // failed crawl's, is no evidence either way).
    let full: Vec<usize> = (0..folders.len()).filter(|&k| !ids[k].is_empty()).collect();
    let shared_any = full
        .windows(2)
        .any(|w| ids[w[0]].intersection(&ids[w[1]]).next().is_some());
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
    for pair in full.windows(2) {
        let (k, next) = (pair[0], pair[1]);
        let w = [&ids[k], &ids[next]];
        let shared: Vec<&str> = {
            let mut s: Vec<&str> = w[0].intersection(w[1]).copied().collect();
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
                    folders[next].0,
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
            let (Some(a), Some(b)) = (path_of(k, id), path_of(next, id)) else {
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

/// How releases were ordered, for a note: `in the order file's order`, or
/// `in natural order of names`, with how dates in them were read.
pub fn order_said(names: &[&str], order_file: bool) -> String {
    if order_file {
        return "in the order file's order".into();
    }
    match dated_names(names) {
        Some(d) => format!("in natural order of names, {}", d.note()),
        None => {
            let with_digits: Vec<&&str> = names
                .iter()
                .filter(|n| n.bytes().any(|b| b.is_ascii_digit()))
                .collect();
            if with_digits.len() < names.len() && names.len() > 1 {
                // (`before`, `middle`, `after`: alphabetical order is no
                // order in time, and a history told in it is false.)
                "in alphabetical order of names, as some hold no number or date: give --order FILE (one name a line, oldest first) if that is not their order in time".into()
            } else if short_year_dates(&with_digits) == Some(false) {
                "in natural order of names, as versions (names such as 02.03.24 may be dates with a two-digit year, day first: give --order if they are)".into()
            } else {
                "in natural order of names".into()
            }
        }
    }
}

/// How the dates in a set of release names are read, when some are not
/// ISO dates: `31-12-2011`, `2 August 2012`, `Aug 2012`, `März 2024`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedNames {
    /// Numeric dates read day first (`31-12-2011`), else month first
    /// (`12-31-2011`).
    pub day_first: bool,
    /// The numeric dates read either way (no day above 12 in either
    /// place), read day first: the order is a guess, and said to be.
    pub either_way: bool,
    /// Both ways appear (`31-12-2011` and `12-31-2011`): not read as dates.
    pub mixed: bool,
    /// Every name with a digit is a date with a two-digit year
    /// (`02.03.24`), read 1969–2068; alone, such names could be versions
    /// (`10.12.13`), and are not read so.
    pub short_years: bool,
    /// Some dates are numeric with day and month (`31-12-2011`,
    /// `02.03.24`): `day_first` says how they were read.
    pub numeric: bool,
}

impl DatedNames {
    /// A sentence for the user on how the names' dates were read.
    pub fn note(&self) -> String {
        if self.mixed {
            "dates day first in some names and month first in others, so ordered as text (give --order)".into()
        } else if self.either_way {
            "dates read day first (no day above 12 tells dd-mm from mm-dd: give --order if they are month first)".into()
        } else if !self.numeric {
            "dates read as dates".into()
        } else if self.day_first {
            format!("dates read as dates, day first{}", self.years())
        } else {
            format!("dates read as dates, month first{}", self.years())
        }
    }

    fn years(&self) -> &'static str {
        if self.short_years {
            ", two-digit years as 1969–2068 (give --order if they are versions)"
        } else {
            ""
        }
    }
}

/// Months by name, English and German, full and short (`Sept`, `Mär`):
/// the name (lowercase) and its number.
pub(crate) const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("januar", 1),
    ("jan", 1),
    ("jän", 1),
    ("february", 2),
    ("februar", 2),
    ("feb", 2),
    ("march", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mar", 3),
    ("mär", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("juni", 6),
    ("jun", 6),
    ("july", 7),
    ("juli", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oktober", 10),
    ("oct", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dezember", 12),
    ("dec", 12),
    ("dez", 12),
];

/// The dates a release name holds, not in ISO form: numeric
/// (`31-12-2011`, `31.12.2011`, `12/31/2011`: the first two numbers, the
/// year) and with a month's name (`2 August 2012`, `August 2, 2012`,
/// `Aug 2012`, `2012-Aug-02`).
fn name_dates() -> &'static [regex::Regex; 2] {
    static RES: std::sync::OnceLock<[regex::Regex; 2]> = std::sync::OnceLock::new();
    RES.get_or_init(|| {
        let months: Vec<&str> = MONTHS.iter().map(|m| m.0).collect();
        let mon = format!("(?P<mon>{})\\.?", months.join("|"));
        [
            regex::Regex::new(
                r"(?:^|[^0-9])(?P<a>[0-9]{1,2})[-./_](?P<b>[0-9]{1,2})[-./_](?P<y>[0-9]{4})(?:[^0-9]|$)",
            )
            .expect("a valid pattern"),
            regex::Regex::new(&format!(
                r"(?i)(?:^|[^\p{{L}}])(?:(?P<d1>[0-9]{{1,2}})\.?[ _.-]*{mon}[ _.,-]*(?P<y1>[0-9]{{4}})|{mon2}[ _.-]*(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?[ _.,-]*(?P<y2>[0-9]{{4}})|(?P<y3>[0-9]{{4}})[ _.-]*{mon3}(?:[ _.-]*(?P<d3>[0-9]{{1,2}}))?|{mon4}[ _.,-]*(?P<y4>[0-9]{{4}}))(?:[^0-9\p{{L}}]|$)",
                mon2 = mon.replace("?P<mon>", "?P<mon2>"),
                mon3 = mon.replace("?P<mon>", "?P<mon3>"),
                mon4 = mon.replace("?P<mon>", "?P<mon4>"),
            ))
            .expect("a valid pattern"),
        ]
    })
}

/// More dates of release names: compact (`20240101`), month and year
/// (`12.2023`), a quarter (`Q4-2023`), and day, month and a two-digit year
/// (`02.03.24`, read only when every name with a digit is one).
fn more_dates() -> &'static [regex::Regex; 4] {
    static RES: std::sync::OnceLock<[regex::Regex; 4]> = std::sync::OnceLock::new();
    RES.get_or_init(|| {
        [
            r"(?:^|[^0-9])(?P<y>(?:19|20)[0-9]{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12][0-9]|3[01])(?:[^0-9]|$)",
            r"(?:^|[^0-9.\p{L}])(?P<m>0?[1-9]|1[0-2])[-./_](?P<y>(?:19|20)[0-9]{2})(?:[^0-9.]|$)",
            r"(?i)(?:^|[^\p{L}0-9])Q(?P<q>[1-4])[ _.-]*(?P<y>(?:19|20)[0-9]{2})(?:[^0-9]|$)",
            r"(?:^|[^0-9.])(?P<a>[0-9]{2})[-./](?P<b>[0-9]{2})[-./](?P<y>[0-9]{2})(?:[^0-9.]|$)",
        ]
        .map(|p| regex::Regex::new(p).expect("a valid pattern"))
    })
}

/// Whether names that all have the shape of a date with a two-digit year
/// (`02.03.24`) are such dates, day first: `Some(true)` when one's last
/// number cannot be a day (`31.12.99`: it is a year), or when the last
/// numbers take at most half as many values as the first ones, at least
/// three (a series' days vary, its years hardly: `02.03.24 15.03.24
/// 01.04.24`); `Some(false)` when they may as well be versions (`22.04.01
/// 22.10.01 23.04.01`: year, month, patch) — ordered as versions, and
/// said — and `None` when some name has another shape.
fn short_year_dates(with_digits: &[&&str]) -> Option<bool> {
    let [numeric, _] = name_dates();
    let short = &more_dates()[3];
    let mut evidence = false;
    let (mut firsts, mut lasts) = (
        std::collections::BTreeSet::new(),
        std::collections::BTreeSet::new(),
    );
    for n in with_digits {
        let c = short.captures(n).filter(|_| !numeric.is_match(n))?;
        let (a, y) = (
            c["a"].parse::<u32>().unwrap_or(0),
            c["y"].parse::<u32>().unwrap_or(0),
        );
        // As year.month.day its first number is a year, any; as
        // day.month.year its last is a year, any: a last number above 31
        // is no day, a first one above 31 no day either.
        if a > 31 {
            return Some(false);
        }
        evidence |= y > 31;
        firsts.insert(a);
        lasts.insert(y);
    }
    evidence |= firsts.len() >= 3 && 2 * lasts.len() <= firsts.len();
    (!with_digits.is_empty()).then_some(evidence)
}

/// Whether release names hold dates not in ISO form, and how they are
/// read (see [`DatedNames`]); `None` when no name does.
pub fn dated_names(names: &[&str]) -> Option<DatedNames> {
    let [numeric, named] = name_dates();
    let [compact, month_year, quarter, short] = more_dates();
    let (mut any, mut day_first, mut month_first) = (false, false, false);
    let mut day_month = |a: u32, b: u32| {
        let date = (1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12);
        if date {
            day_first |= a > 12;
            month_first |= b > 12;
        }
        date
    };
    let num = |c: &regex::Captures<'_>, k: &str| c[k].parse::<u32>().unwrap_or(0);
    for name in names {
        if let Some(c) = numeric.captures(name) {
            any |= day_month(num(&c, "a"), num(&c, "b"));
        }
        any |= named.is_match(name);
    }
    let with_digits: Vec<&&str> = names
        .iter()
        .filter(|n| n.bytes().any(|b| b.is_ascii_digit()))
        .collect();
    // Compact dates, months of years and quarters are dates only when
    // every name with a digit is a date (`v2-2023 v13-2023` are versions
    // of a year, not February).
    let all_dates = !with_digits.is_empty()
        && with_digits.iter().all(|n| {
            iso_days_in(n).is_some()
                || numeric.is_match(n)
                || named.is_match(n)
                || compact.is_match(n)
                || month_year.is_match(n)
                || quarter.is_match(n)
        });
    any |= all_dates
        && names
            .iter()
            .any(|n| compact.is_match(n) || month_year.is_match(n) || quarter.is_match(n));
    let short_years = short_year_dates(&with_digits) == Some(true)
        && with_digits.iter().all(|n| {
            short
                .captures(n)
                .is_some_and(|c| day_month(num(&c, "a"), num(&c, "b")))
        });
    let numeric_any = short_years || names.iter().any(|n| numeric.is_match(n));
    (any || short_years).then_some(DatedNames {
        day_first: !month_first || day_first,
        either_way: !day_first && !month_first && numeric_any,
        mixed: day_first && month_first,
        short_years,
        numeric: numeric_any,
    })
}

/// A release name as it sorts: its dates written `YYYY-MM-DD` where it
/// holds some (see [`dated_names`]).
fn sort_key<'a>(name: &'a str, dates: Option<&DatedNames>) -> std::borrow::Cow<'a, str> {
    match dates {
        Some(d) => date_key(name, d),
        None => std::borrow::Cow::Borrowed(name),
    }
}

/// A release name with its dates written `YYYY-MM-DD` (or `YYYY-MM`), the
/// key it sorts by.
fn date_key<'a>(name: &'a str, dates: &DatedNames) -> std::borrow::Cow<'a, str> {
    let day_first = dates.day_first;
    let [numeric, named] = name_dates();
    let [compact, month_year, quarter, short] = more_dates();
    // The name with the span `at` (from the first group to the last of
    // `c`) written as `date`.
    let written = |c: &regex::Captures<'_>, first: &str, last: &str, date: String| {
        let (s, e) = (
            c.name(first).expect("a group").start(),
            c.name(last).expect("a group").end(),
        );
        std::borrow::Cow::Owned(format!("{}{date}{}", &name[..s], &name[e..]))
    };
    if dates.short_years {
        if let Some(c) = short.captures(name) {
            let num = |k: &str| c[k].parse::<u32>().unwrap_or(0);
            let (d, m) = if day_first {
                (num("a"), num("b"))
            } else {
                (num("b"), num("a"))
            };
            let yy = num("y");
            let y = if yy >= 69 { 1900 + yy } else { 2000 + yy };
            return written(&c, "a", "y", format!("{y}-{m:02}-{d:02}"));
        }
    }
    if let Some(c) = compact.captures(name) {
        let date = format!("{}-{}-{}", &c["y"], &c["m"], &c["d"]);
        return written(&c, "y", "d", date);
    }
    if let Some(c) = quarter.captures(name) {
        let date = format!("{}-Q{}", &c["y"], &c["q"]);
        let (s, e) = (c.get(0).expect("a match"), c.name("y").expect("y"));
        // From the `Q`, not the character before it.
        let start = s.start() + name[s.start()..].find(['Q', 'q']).unwrap_or(0);
        return format!("{}{date}{}", &name[..start], &name[e.end()..]).into();
    }
    let month = |m: &str| {
        let m = m.to_lowercase();
        MONTHS.iter().find(|x| x.0 == m).map_or(0, |x| x.1)
    };
    if let Some(c) = numeric.captures(name) {
        let num = |k: &str| c[k].parse::<u32>().unwrap_or(0);
        let (d, m) = if day_first {
            (num("a"), num("b"))
        } else {
            (num("b"), num("a"))
        };
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            let (s, e) = (
                c.name("a").expect("a").start(),
                c.name("y").expect("y").end(),
            );
            return format!("{}{}-{m:02}-{d:02}{}", &name[..s], &c["y"], &name[e..]).into();
        }
    }
    if let Some(c) = named.captures(name) {
        let whole = c.get(0).expect("a match");
        let got = |ks: [&str; 4]| ks.iter().find_map(|k| c.name(k));
        let (Some(y), Some(mon)) = (
            got(["y1", "y2", "y3", "y4"]),
            got(["mon", "mon2", "mon3", "mon4"]),
        ) else {
            return name.into();
        };
        let day = ["d1", "d2", "d3"]
            .iter()
            .find_map(|k| c.name(k))
            .map(|d| format!("-{:02}", d.as_str().parse::<u32>().unwrap_or(0)))
            .unwrap_or_default();
        // The match holds a character on each side that is not the date's.
        let first = [c.name("d1"), c.name("mon2"), c.name("y3"), c.name("mon4")]
            .into_iter()
            .flatten()
            .map(|m| m.start())
            .min()
            .unwrap_or(whole.start());
        let last = [
            c.name("y1"),
            c.name("y2"),
            c.name("d3").or(c.name("mon3")),
            c.name("y4"),
        ]
        .into_iter()
        .flatten()
        .map(|m| m.end())
        .max()
        .unwrap_or(whole.end());
        return format!(
            "{}{}-{:02}{day}{}",
            &name[..first],
            y.as_str(),
            month(mon.as_str()),
            &name[last..]
        )
        .into();
    }
    if let Some(c) = month_year.captures(name) {
        let m = c["m"].parse::<u32>().unwrap_or(0);
        let date = format!("{}-{m:02}", &c["y"]);
        return written(&c, "m", "y", date);
    }
    name.into()
}

/// The day each release name names, as days since 1970-01-01, read as the
/// set's order reads it (see [`dated_names`]: `10. Januar 2012`,
/// `02.03.24`, `20240101`, ISO dates); `None` for a name without a whole
/// date (`v2`, `12.2023`).
pub fn release_days(names: &[&str]) -> Vec<Option<i32>> {
    let dates = dated_names(names).filter(|d| !d.mixed);
    names
        .iter()
        .map(|name| iso_days_in(&sort_key(name, dates.as_ref())))
        .collect()
}

/// The first ISO date in a text, not inside a longer number, as
/// [`iso_days`] gives it.
fn iso_days_in(text: &str) -> Option<i32> {
    text.char_indices()
        .filter(|&(i, _)| i == 0 || !text.as_bytes()[i - 1].is_ascii_digit())
        .find_map(|(i, _)| iso_days(&text[i..]))
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

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        sort_releases(&mut v, |s| s.as_str(), None);
        v
    }

    #[test]
    fn dates_in_names_order_as_dates() {
        // Day first, told by a day above 12.
        assert_eq!(
            sorted(&["02-08-2012", "31-12-2011", "15-01-2012", "crawl_03.08.2012"]),
            ["31-12-2011", "15-01-2012", "02-08-2012", "crawl_03.08.2012"]
        );
        // Month first, told the same way.
        assert_eq!(
            sorted(&["12/31/2011", "01/15/2012", "08/02/2012"]),
            ["12/31/2011", "01/15/2012", "08/02/2012"]
        );
        // Months by name, English and German, with or without a day.
        assert_eq!(
            sorted(&["Aug 2012", "Dec 2011", "March 2012", "Sept 2011"]),
            ["Sept 2011", "Dec 2011", "March 2012", "Aug 2012"]
        );
        assert_eq!(
            sorted(&[
                "2 August 2012",
                "August 1, 2012",
                "1. März 2012",
                "2012-Jan-05"
            ]),
            [
                "2012-Jan-05",
                "1. März 2012",
                "August 1, 2012",
                "2 August 2012"
            ]
        );
        // Words that hold a month's letters are no months; ISO dates and
        // versions are as they were.
        assert_eq!(
            dated_names(&["Omar 2012", "marketing 2011", "2024-03-04", "v1.2"]),
            None
        );
        assert_eq!(
            sorted(&["v10", "v9", "2024-03-10", "2024-03-09"]),
            ["2024-03-09", "2024-03-10", "v9", "v10"]
        );
        // Either way, or both ways: said.
        let either = dated_names(&["01-02-2024", "03-02-2024"]).unwrap();
        assert!(either.either_way && either.day_first && !either.mixed);
        let mixed = dated_names(&["31-12-2011", "12-31-2011"]).unwrap();
        assert!(mixed.mixed, "{mixed:?}");
        assert!(mixed.note().contains("give --order"));
    }

    /// Dates with a two-digit year, month and year, compact dates beside
    /// ISO ones, quarters: in time order (they had been ordered as text,
    /// 1 April before 2 March: false changes and reverts).
    #[test]
    fn more_date_forms_order_as_dates() {
        // Two-digit years: read so when one cannot be a day (`99`), else
        // ordered as versions (`22.04.01` is also year, month, patch),
        // and said.
        assert_eq!(
            sorted(&["15.03.24", "01.04.24", "02.03.24"]),
            ["02.03.24", "15.03.24", "01.04.24"]
        );
        assert_eq!(
            sorted(&["15.03.24", "01.04.24", "02.03.24", "30.12.99"]),
            ["30.12.99", "02.03.24", "15.03.24", "01.04.24"]
        );
        // Calendar versions: the first numbers vary as little as the last.
        assert_eq!(
            sorted(&["10.01.01", "10.02.01", "10.10.01", "11.01.01"]),
            ["10.01.01", "10.02.01", "10.10.01", "11.01.01"]
        );
        assert_eq!(
            sorted(&["24.01.15", "24.02.03", "24.02.28"]),
            ["24.01.15", "24.02.03", "24.02.28"]
        );
        assert_eq!(sorted(&["31.12.99", "01.01.00"]), ["31.12.99", "01.01.00"]);
        assert!(dated_names(&["02.03.99", "15.03.24"])
            .unwrap()
            .note()
            .contains("two-digit"));
        assert_eq!(
            sorted(&["23.04.01", "22.10.01", "22.04.01", "23.04.02"]),
            ["22.04.01", "22.10.01", "23.04.01", "23.04.02"]
        );
        assert!(order_said(&["22.04.01", "23.04.01"], false).contains("give --order"));
        assert_eq!(
            sorted(&["12.2023", "01.2024", "02.2024"]),
            ["12.2023", "01.2024", "02.2024"]
        );
        assert_eq!(
            sorted(&["20240101", "2023-12-31", "2024-01-02"]),
            ["2023-12-31", "20240101", "2024-01-02"]
        );
        assert_eq!(
            sorted(&["Q1-2024", "Q4-2023", "Q2-2024"]),
            ["Q4-2023", "Q1-2024", "Q2-2024"]
        );
        // Versions stay versions: fields of one digit, a set with other
        // names, a three-part version, a version and a year.
        assert_eq!(
            sorted(&["1.10.2", "1.9.3", "1.2.1"]),
            ["1.2.1", "1.9.3", "1.10.2"]
        );
        assert_eq!(sorted(&["v10.12.13", "v9.1.1"]), ["v9.1.1", "v10.12.13"]);
        assert_eq!(dated_names(&["v1.2", "v1.10"]), None);
        assert_eq!(
            sorted(&["v2-2023", "v13-2023", "v9-2023"]),
            ["v2-2023", "v9-2023", "v13-2023"]
        );
        assert_eq!(
            sorted(&["release-7-2023", "release-13-2024", "release-12-2023"]),
            ["release-7-2023", "release-12-2023", "release-13-2024"]
        );
    }

    #[test]
    fn release_days_read_names_as_their_order_does() {
        let days = release_days(&[
            "20. Dezember 2011",
            "10. Januar 2012",
            "v2",
            "crawl 2012-02-02",
        ]);
        assert_eq!(days[1], iso_days("2012-01-10"));
        assert_eq!(days[0], iso_days("2011-12-20"));
        assert_eq!(days[2], None);
        assert_eq!(days[3], iso_days("2012-02-02"));
        assert_eq!(
            release_days(&["02.03.24", "01.01.99"])[0],
            iso_days("2024-03-02")
        );
    }

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
        // Pre-releases before their release, by stage.
        let mut versions = vec![
            "1.0.1",
            "1.0",
            "1.0-rc2",
            "1.0-rc1",
            "1.0-beta",
            "1.0.dev1",
            "1.0a1",
            "1.0~pre",
            "0.9",
            "1.0-1",
            "1.0.post1",
        ];
        versions.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            versions,
            [
                "0.9",
                "1.0~pre",
                "1.0.dev1",
                "1.0a1",
                "1.0-beta",
                "1.0-rc1",
                "1.0-rc2",
                "1.0",
                "1.0-1",
                "1.0.1",
                "1.0.post1"
            ]
        );
        // Letters that start no pre-release keep their place.
        for (a, b) in [
            ("2024-03-04", "2024-03-04b"),
            ("v2", "v2-final"),
            ("2024-03-04", "2024-03-04-evening"),
            ("v1", "v1.a"),
            ("1.0", "1.0-release"),
            ("1.0", "1.0rcx"),
        ] {
            assert_eq!(natural_cmp(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(natural_cmp(b, a), Ordering::Greater, "{b} > {a}");
        }
        // Words that only start like a stage are no pre-release.
        assert_eq!(natural_cmp("v2", "v2-alphabet"), Ordering::Less);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }

    #[test]
    fn names_run_in_order_whatever_their_case() {
        // PyPI's archives of one package: the name's case changed twice.
        let mut names = vec![
            "click-7.1",
            "Click-7.0",
            "click-6.7",
            "Click-8.0.0rc1",
            "click-8.0.0",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "click-6.7",
                "Click-7.0",
                "click-7.1",
                "Click-8.0.0rc1",
                "click-8.0.0"
            ]
        );
        let mut words = vec!["Zeta", "alpha", "Beta", "éclair", "Éclat", "Ödland", "oder"];
        words.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            words,
            ["alpha", "Beta", "oder", "Zeta", "éclair", "Éclat", "Ödland"]
        );
        // Names equal but for case keep one order, by their bytes.
        assert_eq!(natural_cmp("Click-7.0", "click-7.0"), Ordering::Less);
        assert_eq!(natural_cmp("click-7.0", "Click-7.0"), Ordering::Greater);
        assert_eq!(natural_cmp("V2", "v10"), Ordering::Less);
        assert_eq!(natural_cmp("RC", "rc"), Ordering::Less);
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
