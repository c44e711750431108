//! A comparison's text summary, and safe paths for its diff reports.

use super::*;

/// A path for a document's diff report inside `dir`, built safely from its
/// id: whatever the id holds (`..`, `/`, `:`, NUL, very long parts), the
/// path stays inside `dir`. Parts are kept readable where they can be;
/// `taken` makes paths unique (a `~2` suffix on a clash).
pub fn safe_report_path(id: &str, taken: &mut std::collections::HashSet<String>) -> String {
    const MAX_PART: usize = 80;
    // Composed (NFC), so ids that differ only in how accents are encoded
    // get distinct paths on file systems that normalize names (macOS).
    use unicode_normalization::UnicodeNormalization;
    let composed: String = id.nfc().collect();
    let mut parts: Vec<String> = composed
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .map(|p| {
            let mut clean: String = p
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | ',' | '(' | ')') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            clean = clean.trim_matches(|c| c == '.' || c == ' ').to_string();
            // Windows' device names, whatever their extension: `CON.diff`,
            // `AUX.txt.html` cannot be written or unpacked there.
            if windows_device(&clean) {
                let stem = clean.find('.').unwrap_or(clean.len());
                clean.insert(stem, '_');
            }
            if clean.len() > MAX_PART {
                let mut h = FxHasher::default();
                p.hash(&mut h);
                let mut cut = MAX_PART - 17;
                while !clean.is_char_boundary(cut) {
                    cut -= 1;
                }
                clean = format!("{}~{:016x}", &clean[..cut], h.finish());
            }
            if clean.is_empty() {
                "_".to_string()
            } else {
                clean
            }
        })
        .collect();
    if parts.is_empty() {
        parts.push("_".to_string());
    }
    // A folder may not be named like a report (`x.diff/y` beside `x`), nor
    // like a report's page (`x.html/y` beside `x`, whose page is `x.html`).
    let last = parts.len() - 1;
    for p in &mut parts[..last] {
        let lower = p.to_lowercase();
        if lower.ends_with(".diff") || lower.ends_with(".html") {
            p.push('_');
        }
    }
    let mut base = parts.join("/");
    // Keep whole paths short enough for every file system.
    const MAX_PATH: usize = 200;
    if base.len() > MAX_PATH {
        let mut h = FxHasher::default();
        id.hash(&mut h);
        let mut cut = MAX_PATH - 17;
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        base = format!("{}~{:016x}", base[..cut].trim_end_matches('/'), h.finish());
    }
    let mut candidate = format!("{base}.diff");
    let mut k = 2;
    while !taken.insert(candidate.to_lowercase()) {
        candidate = format!("{base}~{k}.diff");
        k += 1;
    }
    candidate
}

/// Whether a name is one of Windows' device names (`CON`, `PRN`, `AUX`,
/// `NUL`, `COM0`…`COM9`, `LPT0`…`LPT9`, with a digit or a superscript
/// one, in any case), before any extension: no file can bear it there.
fn windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_uppercase();
    if matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL") {
        return true;
    }
    let mut chars = upper.chars();
    let head: String = chars.by_ref().take(3).collect();
    let digit = chars.next();
    matches!(head.as_str(), "COM" | "LPT")
        && digit.is_some_and(|d| d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
        && chars.next().is_none()
}

/// The folder name of a comparison between two releases: `FROM..TO`, made
/// safe as a report path is, one folder (a `/` in a name made `_`). A
/// name that had to be made safe (`crawl:1` and `crawl?1` both become
/// `crawl_1`), or that `..` cannot split back (releases `a` and `b..c`,
/// `a..b` and `c`, `a.` and `b`), or that holds a capital (`Draft` and
/// `draft` are one name to macOS and Windows), gets a hash of the two
/// names, so two steps never share a folder.
pub fn step_folder_name(from: &str, to: &str) -> String {
    let name = format!("{from}..{to}");
    let safe = safe_report_path(&name.replace(['/', '\\'], "_"), &mut Default::default());
    let safe = safe.strip_suffix(".diff").unwrap_or(&safe);
    // Where the two names meet, a dot would make `..` ambiguous too
    // (`a.` + `b` and `a` + `.b` both read `a...b`).
    let ambiguous = |n: &str| n.contains("..") || n.contains(['/', '\\']);
    // A capital makes a name one that a file system blind to case (macOS's,
    // Windows') would take for another (`Draft..Final`, `draft..final`:
    // one folder, one step's tables and pages written over the other's).
    if safe == name
        && !ambiguous(from)
        && !ambiguous(to)
        && !from.ends_with('.')
        && !to.starts_with('.')
        && !name.chars().any(char::is_uppercase)
    {
        return name;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(format!("{from}\0{to}").as_bytes());
    format!("{safe}~{:08x}", hash >> 32)
}

/// The readable overview of a comparison: totals per status, the
/// most-changed documents and the largest readability shifts.
pub fn summary_text(cmp: &Comparison, old_label: &str, new_label: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    // Names come from the data (file names, a feed's ids): a line break or
    // an escape sequence in one is shown escaped, so that it can forge no
    // line of the summary, nor drive a terminal.
    let p = crate::output::printable;
    let _ = writeln!(out, "{} → {}", p(old_label), p(new_label));
    let _ = writeln!(
        out,
        "documents: {} before, {} after",
        cmp.old_documents, cmp.new_documents
    );
    let count = |s: Status| cmp.count(s);
    let nonsig = cmp.nonsignificant();
    let _ = writeln!(
        out,
        "unchanged {} ({} with non-significant changes) · modified {} · renamed {} · added {} · removed {}",
        count(Status::Unchanged),
        nonsig,
        count(Status::Modified),
        count(Status::Renamed),
        count(Status::Added),
        count(Status::Removed)
    );
    let (wa, wd): (u64, u64) = cmp
        .changes
        .iter()
        .fold((0, 0), |(a, d), c| (a + c.words_added, d + c.words_deleted));
    // Unchanged documents that lost lines as boilerplate in one version
    // only: a line added to many documents of a release (a correction
    // note) is removed from them as repeated chrome, and the change would
    // be silent here.
    let hidden = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Unchanged && c.nonsignificant)
        .filter(|c| {
            c.stats
                .get("boilerplate_lines")
                .and_then(|d| d.delta)
                .is_some_and(|d| d != 0.0)
        })
        .count();
    if hidden > 0 {
        let _ = writeln!(
            out,
            "  {hidden} of the unchanged lost lines as boilerplate in one version only (boilerplate_lines_delta): a line added to many documents of a release, as a correction note can be, is removed as repeated site chrome under --boilerplate auto; folio report lists the lines in boilerplate.csv"
        );
    }
    let _ = writeln!(out, "words: +{wa} −{wd}");
    // Lines of code apart from prose, as a diff counts them.
    let mut code = diff::CodeCounts::default();
    for c in &cmp.changes {
        code += c.code;
    }
    if code.lines.any_change() {
        let _ = writeln!(
            out,
            "code lines: {} added, {} deleted, {} changed · words +{} −{}",
            code.lines.added,
            code.lines.deleted,
            code.lines.reworked(),
            code.words_added,
            code.words_deleted
        );
    }
    // Texts kept in memory for want of a temporary file are a warning,
    // not a document lost.
    let unread = cmp.problems.iter().filter(|p| !p.is_warning()).count();
    let unreadable = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Unreadable)
        .count();
    if unread > 0 || unreadable > 0 {
        // A feed not read is one problem and many documents not known.
        let _ = writeln!(
            out,
            "unreadable: {unreadable} document{} in one release whose file the other could not read (neither removed nor added); {unread} file{} or record{} not read",
            plural(unreadable),
            plural(unread),
            plural(unread)
        );
    }

    let mut changed: Vec<&DocChange> = cmp.changes.iter().filter(|c| c.changed).collect();
    // Ranked by words changed, of prose and code: similarity would rank a
    // stub's one-line change above the rewrite of a long document.
    let words = DocChange::words_changed;
    changed.sort_by(|a, b| words(b).cmp(&words(a)).then(a.doc_id.cmp(&b.doc_id)));
    if !changed.is_empty() {
        let _ = writeln!(
            out,
            "\nmost changed (words added + deleted, of prose and code):"
        );
        for c in changed.iter().take(10) {
            let renamed = match (&c.old_doc_id, c.status) {
                (Some(old), Status::Renamed) => format!(", renamed from {}", p(old)),
                _ => String::new(),
            };
            // Splits and merges too, where there are: the counts shown add
            // up to the sentence edits of the tables.
            let mut more = String::new();
            for (n, what) in [(c.sentences.split, "split"), (c.sentences.merged, "merged")] {
                if n > 0 {
                    let _ = write!(more, ", {n} {what}");
                }
            }
            let l = &c.code.lines;
            if l.any_change() {
                let _ = write!(
                    more,
                    "; code lines {} added, {} deleted, {} changed, +{} −{} words",
                    l.added,
                    l.deleted,
                    l.reworked(),
                    c.code.words_added,
                    c.code.words_deleted
                );
            }
            // A diff the work bound cut short counts more than changed.
            if c.coarse {
                more.push_str("; coarse: the work bound (--max-work) was reached");
            }
            let _ = writeln!(
                out,
                "  {:6}  {}  (+{} −{} words, similarity {}; sentences {} added, {} deleted, {} edited, {} moved{more}{})",
                words(c),
                p(&c.doc_id),
                c.words_added,
                c.words_deleted,
                diff::similarity_text(c.similarity.unwrap_or(1.0)),
                c.sentences.added,
                c.sentences.deleted,
                c.sentences.edited,
                c.sentences.moved,
                renamed
            );
        }
    }
    let mut sections: Vec<(&str, &str, u64)> = changed
        .iter()
        .flat_map(|c| {
            c.changed_sections
                .iter()
                .map(|(s, n)| (c.doc_id.as_str(), s.as_str(), *n))
        })
        .collect();
    sections.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
    if !sections.is_empty() {
        let _ = writeln!(out, "\nsections changed most (sentences changed):");
        for (doc, section, n) in sections.iter().take(10) {
            let _ = writeln!(
                out,
                "  {n:4}  {}: {}",
                p(doc),
                p(&diff::collapse_whitespace(section))
            );
        }
    }
    let renamed: Vec<String> = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Renamed)
        .filter_map(|c| {
            Some(format!(
                "{} → {}",
                p(c.old_doc_id.as_deref()?),
                p(&c.doc_id)
            ))
        })
        .collect();
    if !renamed.is_empty() {
        let _ = writeln!(out, "\nrenamed: {}", renamed.join(", "));
    }
    let grade = |c: &DocChange| c.stats.get("grade_level").and_then(|s| s.delta);
    let mut shifts: Vec<(&DocChange, f64)> = cmp
        .changes
        .iter()
        .filter_map(|c| {
            grade(c)
                .filter(|&d| crate::output::change_decimals(d, 2).is_some())
                .map(|d| (c, d))
        })
        .collect();
    shifts.sort_by(|a, b| {
        b.1.abs()
            .total_cmp(&a.1.abs())
            .then(a.0.doc_id.cmp(&b.0.doc_id))
    });
    if !shifts.is_empty() {
        let _ = writeln!(
            out,
            "\nlargest readability shifts (grade level, new − old: Flesch–Kincaid for English, Wiener Sachtextformel for German):"
        );
        for (c, d) in shifts.iter().take(10) {
            let places = crate::output::change_decimals(*d, 2).unwrap_or(2);
            let _ = writeln!(out, "  {d:+.places$}  {}", p(&c.doc_id));
        }
    }
    let added: Vec<std::borrow::Cow<'_, str>> = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Added)
        .map(|c| p(&c.doc_id))
        .collect();
    let removed: Vec<std::borrow::Cow<'_, str>> = cmp
        .changes
        .iter()
        .filter(|c| c.status == Status::Removed)
        .map(|c| p(&c.doc_id))
        .collect();
    for (label, list) in [("added", added), ("removed", removed)] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{label}: {}", list.join(", "));
        }
    }
    out
}

/// `s` after a count other than one.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
