//! A document page: two versions side by side, aligned by the diff's ops.
//!
//! Each op is a row: the old sentence on the left, the new one on the
//! right. Deleted words are struck through, added words underlined (and
//! coloured: never colour alone). A moved sentence has two rows: at its new
//! place (the left cell links to its old place) and at its old place (the
//! right cell links to its new place). A split or merge is one row. Long
//! runs of unchanged sentences fold into `<details>` (open without
//! JavaScript), and non-significant changes (quotes, case, spacing) look
//! unchanged until the reader ticks the box that shows them. Every sentence
//! has an anchor: `#o12` is the old version's 12th sentence, `#n12` the
//! new one's.

use std::fmt::Write as _;

use crate::compare::{DocChange, Status};
use crate::diff::{similarity_text, ArticleDiff, ChangeTag, OpKind, SentenceOp, StatDelta};

use super::{counted, escape, footer, head, NEXT_MARKER};

/// Unchanged sentences kept visible on each side of a change.
const CONTEXT: usize = 2;

/// What a page needs besides its document.
#[derive(Debug)]
pub(crate) struct PageContext<'a> {
    /// The way back to the report's root (`../../`).
    pub root: String,
    /// The older release.
    pub from: &'a str,
    /// The newer release.
    pub to: &'a str,
    /// Whether the step returned the document to an earlier text.
    pub revert: bool,
    /// The document's previous change: link and label.
    pub previous: Option<(String, String)>,
    /// The provenance line of the footer.
    pub about: &'a str,
}

/// The statistics in a page's header, with how to say their direction.
const HEADER_STATS: &[(&str, &str, Direction)] = &[
    ("reading_ease", "Reading ease", Direction::HigherEasier),
    ("grade_level", "Grade level", Direction::HigherHarder),
    ("words", "Words", Direction::Neutral),
    ("sentences", "Sentences", Direction::Neutral),
    (
        "avg_sentence_length",
        "Words per sentence",
        Direction::HigherHarder,
    ),
    ("mtld", "Lexical diversity (MTLD)", Direction::Neutral),
    ("quoted_share", "Share of words quoted", Direction::Neutral),
];

#[derive(Debug, Clone, Copy)]
enum Direction {
    HigherEasier,
    HigherHarder,
    Neutral,
}

/// One row of the side-by-side view.
#[derive(Debug, Clone, Copy)]
enum Row<'a> {
    /// An op at its place in the new version (deleted ones at their old
    /// place).
    Op(&'a SentenceOp),
    /// A moved sentence at its old place.
    MovedFrom(&'a SentenceOp),
}

impl<'a> Row<'a> {
    /// A plain unchanged sentence: the rows that fold.
    fn is_quiet(&self) -> bool {
        matches!(self, Row::Op(o) if o.op == OpKind::Unchanged && !o.nonsignificant)
    }

    /// The section heading the row is under; `None` for a moved
    /// sentence's old place, whose heading is the new version's (the row
    /// stays in the section around it).
    fn section(&self) -> Option<Option<&'a str>> {
        match self {
            Row::Op(o) => Some(o.section.as_deref()),
            Row::MovedFrom(_) => None,
        }
    }

    fn paragraph(&self) -> Option<usize> {
        match self {
            Row::Op(o) => o.new_paragraph.or(o.old_paragraph),
            Row::MovedFrom(o) => o.old_paragraph,
        }
    }
}

/// The rows of a diff: the ops in order, each moved sentence also at its
/// old place — after the op that holds the old sentence before it (of the
/// sentences that did not move).
fn rows(ops: &[SentenceOp]) -> Vec<Row<'_>> {
    // (last old sentence, position) of the ops that stay in place.
    let mut anchors: Vec<(usize, usize)> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| o.op != OpKind::Moved)
        .filter_map(|(p, o)| Some((o.old_index? + o.old_more.len(), p)))
        .collect();
    anchors.sort_unstable();
    // Moved sentences by the position they follow (None: the very start).
    let mut after: Vec<(Option<usize>, usize, &SentenceOp)> = ops
        .iter()
        .filter(|o| o.op == OpKind::Moved)
        .filter_map(|o| {
            let old = o.old_index?;
            let k = anchors.partition_point(|&(i, _)| i < old);
            let anchor = k.checked_sub(1).map(|k| anchors[k].1);
            Some((anchor, old, o))
        })
        .collect();
    after.sort_by_key(|&(a, old, _)| (a, old));
    let mut out = Vec::with_capacity(ops.len() + after.len());
    let mut moved = after.iter().peekable();
    while let Some(&&(None, _, o)) = moved.peek() {
        out.push(Row::MovedFrom(o));
        moved.next();
    }
    for (p, o) in ops.iter().enumerate() {
        out.push(Row::Op(o));
        while let Some(&&(Some(a), _, m)) = moved.peek() {
            if a != p {
                break;
            }
            out.push(Row::MovedFrom(m));
            moved.next();
        }
    }
    out
}

/// Renders one side of a paired sentence: equal pieces as they are, the
/// side's own pieces marked (`del` on the old side, `ins` on the new).
fn pieces(out: &mut String, o: &SentenceOp, old: bool) {
    if o.changes.is_empty() {
        let text = if old { o.old_joined() } else { o.new_joined() };
        out.push_str(&escape(&text.unwrap_or_default()));
        return;
    }
    for c in &o.changes {
        match (c.tag, old) {
            (ChangeTag::Equal, true) => {
                out.push_str(&escape(c.old_text.as_deref().unwrap_or(&c.text)));
            }
            (ChangeTag::Equal, false) => out.push_str(&escape(&c.text)),
            (ChangeTag::Delete, true) => {
                let _ = write!(out, "<del>{}</del>", escape(&c.text));
            }
            (ChangeTag::Insert, false) => {
                let _ = write!(out, "<ins>{}</ins>", escape(&c.text));
            }
            _ => {}
        }
    }
}

/// A sentence number range for a cell's gutter: `7` or `7–9`.
fn numbers(first: Option<usize>, more: usize) -> String {
    match first {
        Some(i) if more > 0 => format!("{}–{}", i + 1, i + 1 + more),
        Some(i) => (i + 1).to_string(),
        None => String::new(),
    }
}

/// One cell: its anchor, gutter number and content.
fn cell(out: &mut String, side: &str, id: Option<String>, number: &str, body: &str) {
    let id = id.map(|i| format!(" id=\"{i}\"")).unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"c {side}\"{id} dir=\"auto\"><span class=\"ln\" aria-hidden=\"true\">{number}</span>{body}</div>"
    );
}

/// The cell of one version's sentences of an op (`old`: the old
/// version's), anchored and numbered.
fn side_cell(out: &mut String, o: &SentenceOp, old: bool, body: &str) {
    let (side, index, more) = if old {
        ("o", o.old_index, o.old_more.len())
    } else {
        ("n", o.new_index, o.new_more.len())
    };
    let id = index.map(|i| format!("{side}{}", i + 1));
    cell(out, side, id, &numbers(index, more), body);
}

/// Renders a row (`r` is its number, for the row's anchor).
fn render_row(out: &mut String, row: Row<'_>, r: usize) {
    let (kind, label) = match row {
        Row::MovedFrom(_) => ("moved-from", "moved away"),
        Row::Op(o) if o.nonsignificant => ("ns", "non-significant change"),
        Row::Op(o) => (o.op.name(), o.op.name()),
    };
    let changed = !row.is_quiet();
    let _ = write!(
        out,
        "<div class=\"r {kind}{}\" id=\"r{r}\" title=\"{label}\">",
        if changed { " chg" } else { "" }
    );
    let mut left = String::new();
    let mut right = String::new();
    match row {
        Row::MovedFrom(o) => {
            pieces(&mut left, o, true);
            let new = o.new_index.map_or(0, |i| i + 1);
            side_cell(out, o, true, &left);
            let link = format!(
                "<a class=\"jump\" href=\"#n{new}\">moved to sentence {new} of the new version ↷</a>"
            );
            cell(out, "n gap", None, "", &link);
        }
        Row::Op(o) => match o.op {
            OpKind::Added => {
                cell(out, "o gap", None, "", "");
                pieces(&mut right, o, false);
                let body = format!("<ins>{right}</ins>");
                side_cell(out, o, false, &body);
            }
            OpKind::Deleted => {
                pieces(&mut left, o, true);
                let body = format!("<del>{left}</del>");
                side_cell(out, o, true, &body);
                cell(out, "n gap", None, "", "");
            }
            OpKind::Moved => {
                let old = o.old_index.map_or(0, |i| i + 1);
                let link = format!(
                        "<a class=\"jump\" href=\"#o{old}\">↶ moved here from sentence {old} of the old version</a>"
                    );
                cell(out, "o gap", None, "", &link);
                pieces(&mut right, o, false);
                side_cell(out, o, false, &right);
            }
            _ => {
                pieces(&mut left, o, true);
                pieces(&mut right, o, false);
                side_cell(out, o, true, &left);
                side_cell(out, o, false, &right);
            }
        },
    }
    out.push_str("</div>\n");
}

/// A number for a reader: integers as integers, others to 2 decimals.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The statistics table of the header.
fn stats_table(out: &mut String, stats: &[StatDelta]) {
    out.push_str("<table class=\"stats\"><caption>Statistics of the two versions</caption><thead><tr><th scope=\"col\">Statistic</th><th scope=\"col\">Old</th><th scope=\"col\">New</th><th scope=\"col\">Change</th></tr></thead><tbody>\n");
    for (name, label, direction) in HEADER_STATS {
        let Some(s) = stats.iter().find(|s| s.name == *name) else {
            continue;
        };
        // A change too small for two decimals gets the decimals that show
        // it, and so do the two values (`0.0143` → `0.0151`, not `0.01` →
        // `0.02 ▲ +0.00`); one too small for six is no change.
        // And enough that the values shown differ by the change shown
        // (the tables' delta, rounded): `53.695 → 49.755 ▼ −3.940`, not
        // `53.70 → 49.75 ▼ −3.94` (nor `−3.95`, the difference of the
        // rounded values, where the tables say −3.9402).
        let places = s
            .delta
            .and_then(|d| crate::output::change_decimals(d, 2))
            .map(|p| match (s.old, s.new, s.delta) {
                (Some(o), Some(n), Some(d)) if o.fract() != 0.0 || n.fract() != 0.0 => (p..=6)
                    .find(|&q| {
                        let scale = 10f64.powi(q as i32);
                        let r = |x: f64| (x * scale).round();
                        r(n) - r(o) == r(d)
                    })
                    .unwrap_or(p.max(6)),
                _ => p,
            });
        let delta_shown = s.delta.filter(|_| places.is_some());
        let show = |x: Option<f64>| {
            x.map_or("–".to_string(), |x| match places {
                Some(p) if p > 2 && x.fract() != 0.0 => format!("{x:.p$}"),
                _ => number(x),
            })
        };
        let (class, arrow, words) = match delta_shown {
            Some(d) if d > 0.0 => (
                "up",
                "▲",
                match direction {
                    Direction::HigherEasier => " easier",
                    Direction::HigherHarder => " harder",
                    Direction::Neutral => "",
                },
            ),
            Some(d) if d < 0.0 => (
                "down",
                "▼",
                match direction {
                    Direction::HigherEasier => " harder",
                    Direction::HigherHarder => " easier",
                    Direction::Neutral => "",
                },
            ),
            _ => ("same", "", ""),
        };
        // The change is the tables' (`quoted_share_delta`, the diff's
        // header), rounded as the values are: not the difference of the
        // two rounded values, which had shown `0.32 → 0.30 ▼ −0.02` for a
        // change of −0.0106, and `▲ +0` for one of 0.0054.
        let delta = match delta_shown {
            Some(d) if d != 0.0 => format!(
                "{arrow} {}{}{words}",
                if d > 0.0 { "+" } else { "−" },
                match places {
                    Some(p) if p > 2 => format!("{:.p$}", d.abs()),
                    _ => number(d.abs()),
                }
            ),
            Some(_) => "no change".to_string(),
            None if s.delta.is_some() => "no change".to_string(),
            None => "–".to_string(),
        };
        let _ = writeln!(
            out,
            "<tr data-stat=\"{name}\"><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td class=\"{class}\">{delta}</td></tr>",
            show(s.old),
            show(s.new)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// The header's counts of sentence operations.
fn op_counts(d: &ArticleDiff) -> String {
    let c = &d.summary.sentences;
    let mut parts = Vec::new();
    for (n, name) in [
        (c.added, "added"),
        (c.deleted, "deleted"),
        (c.edited, "edited"),
        (c.moved, "moved"),
        (c.split, "split"),
        (c.merged, "merged"),
    ] {
        if n > 0 {
            parts.push(format!("<span class=\"k {name}\">{n} {name}</span>"));
        }
    }
    if parts.is_empty() {
        parts.push("no sentence changed".to_string());
    }
    parts.join(" · ")
}

/// The header's figure of the lines of code changed, apart from the
/// sentences of prose (as the text report counts them): empty when no
/// line of code changed.
fn code_figure(d: &ArticleDiff) -> String {
    let code = &d.summary.code;
    if !code.lines.any_change() {
        return String::new();
    }
    format!(
        " <span class=\"fig code\">code lines: <span class=\"k code\">{} changed</span>, +{} −{} words</span>",
        code.lines.changed(),
        code.words_added,
        code.words_deleted
    )
}

/// The change-density strip: one segment per row, coloured by what
/// happened, each a link to its row.
fn strip(out: &mut String, rows: &[Row<'_>]) {
    out.push_str("<nav class=\"strip\" aria-label=\"Where the changes are\">");
    for (r, row) in rows.iter().enumerate() {
        let kind = match row {
            Row::MovedFrom(_) => "moved-from",
            Row::Op(o) if o.nonsignificant => "ns",
            Row::Op(o) => o.op.name(),
        };
        if row.is_quiet() {
            out.push_str("<span class=\"s unchanged\"></span>");
        } else {
            let _ = write!(
                out,
                "<a class=\"s {kind}\" href=\"#r{r}\" title=\"{kind}\"></a>"
            );
        }
    }
    out.push_str("</nav>\n");
}

/// The body of rows: changes with [`CONTEXT`] unchanged sentences around
/// them, longer unchanged runs folded; a heading row where a section
/// starts.
fn body<'a>(out: &mut String, rows: &[Row<'a>]) {
    // Runs of rows in one section: quiet or not.
    let mut r = 0;
    let mut section: Option<&str> = None;
    let mut sections = 0;
    let mut paragraph: Option<usize> = None;
    // A moved sentence's old place stays in the section around it.
    let section_of = |k: usize, current: Option<&'a str>| rows[k].section().unwrap_or(current);
    while r < rows.len() {
        if section_of(r, section) != section {
            section = section_of(r, section);
            if let Some(s) = section {
                sections += 1;
                let _ = writeln!(
                    out,
                    "<h2 class=\"sec\" id=\"sec{sections}\"><a href=\"#sec{sections}\">§</a> {}</h2>",
                    escape(s)
                );
            }
        }
        let start = r;
        let quiet = rows[r].is_quiet();
        while r < rows.len() && rows[r].is_quiet() == quiet && section_of(r, section) == section {
            r += 1;
        }
        let run = &rows[start..r];
        let mut emit = |out: &mut String, k: usize| {
            let p = rows[k].paragraph();
            if paragraph.is_some() && p != paragraph {
                out.push_str("<div class=\"pb\"></div>\n");
            }
            paragraph = p;
            render_row(out, rows[k], k);
        };
        if !quiet {
            for k in start..r {
                emit(out, k);
            }
            continue;
        }
        let head = if start == 0 { 0 } else { CONTEXT };
        let tail = if r == rows.len() { 0 } else { CONTEXT };
        if run.len() <= head + tail + 1 {
            for k in start..r {
                emit(out, k);
            }
            continue;
        }
        for k in start..start + head {
            emit(out, k);
        }
        let folded = run.len() - head - tail;
        let _ = writeln!(
            out,
            "<details class=\"fold\"><summary>⋯ {} unchanged</summary>",
            counted(folded as u64, "sentence")
        );
        for k in start + head..r - tail {
            emit(out, k);
        }
        out.push_str("</details>\n");
        for k in r - tail..r {
            emit(out, k);
        }
    }
}

/// The page of a changed document (a row with a diff).
pub(crate) fn render(ctx: &PageContext<'_>, c: &DocChange) -> String {
    let Some(d) = c.diff.as_ref() else {
        return String::new();
    };
    let title = format!("{} · {} → {}", c.doc_id, ctx.from, ctx.to);
    let mut out = String::with_capacity(4096 + 3 * d.ops.len() * 160);
    head(&mut out, &format!("{title} · folio"), &ctx.root, "");
    out.push_str("<body class=\"page\">\n<header>\n");
    let _ = writeln!(
        out,
        "<nav class=\"crumbs\"><a href=\"{}index.html\">Report</a> › {} → {} › {}</nav>",
        ctx.root,
        escape(ctx.from),
        escape(ctx.to),
        escape(&c.doc_id)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&c.doc_id));
    out.push_str("<div class=\"top\"><div class=\"facts\">\n");
    let mut what = format!(
        "<span class=\"badge {}\">{}</span> between <b>{}</b> and <b>{}</b>",
        c.status.name(),
        c.status.name(),
        escape(ctx.from),
        escape(ctx.to)
    );
    if c.status == Status::Renamed {
        if let Some(old) = &c.old_doc_id {
            let _ = write!(what, " · formerly <code>{}</code>", escape(old));
        }
    }
    if ctx.revert {
        what.push_str(" · <span class=\"badge revert\">revert</span> back to an earlier text");
    }
    let _ = writeln!(out, "<p class=\"what\">{what}</p>");
    let s = &d.summary;
    let _ = writeln!(
        out,
        "<p class=\"figures\"><span class=\"fig\"><b id=\"similarity\">{}</b> similarity</span> <span class=\"fig add\"><b>+{}</b> words</span> <span class=\"fig del\"><b>−{}</b> words</span> <span class=\"fig\">sentences: {}</span>{}</p>",
        similarity_text(s.similarity),
        s.words_added,
        s.words_deleted,
        op_counts(d),
        code_figure(d)
    );
    if s.coarse {
        out.push_str("<p class=\"note\">The work bound (--max-work) was reached on this document: changes are shown, and counted, more coarsely than they could be.</p>\n");
    }
    let prev = match &ctx.previous {
        Some((link, label)) => format!(
            "<a href=\"{}\" rel=\"prev\">previous change: {}</a>",
            super::escape(link),
            escape(label)
        ),
        None => "<span class=\"muted\">no earlier change</span>".to_string(),
    };
    let _ = writeln!(out, "<nav class=\"versions\">{prev} · {NEXT_MARKER}</nav>");
    let paths = match (&c.old_path, &c.new_path) {
        (Some(o), Some(n)) => format!(
            "<p class=\"paths\">old: <code>{}</code><br>new: <code>{}</code></p>",
            escape(o),
            escape(n)
        ),
        _ => String::new(),
    };
    out.push_str(&paths);
    out.push_str("</div>\n");
    stats_table(&mut out, &c.stats.to_vec());
    out.push_str("</div>\n</header>\n<main>\n");
    let rows = rows(&d.ops);
    strip(&mut out, &rows);
    let ns = s.nonsignificant_changes;
    let toggle = if ns == 0 {
        "<span class=\"muted\">No non-significant changes</span>".to_string()
    } else {
        format!(
            "<input type=\"checkbox\" id=\"show-ns\"><label for=\"show-ns\">Show {} (quotes, case, spacing)</label>",
            counted(ns, "non-significant change")
        )
    };
    let _ = writeln!(
        out,
        "<div class=\"controls\">{toggle} <span class=\"legend\"><del>deleted</del> <ins>added</ins> <span class=\"k moved\">moved</span></span> <span class=\"keys\">keys: <kbd>n</kbd> next change, <kbd>p</kbd> previous</span></div>"
    );
    out.push_str(
        "<div class=\"diff\" id=\"diff\">\n<div class=\"r cols\"><div class=\"c o\"><b>Old</b> · ",
    );
    let _ = writeln!(
        out,
        "{}</div><div class=\"c n\"><b>New</b> · {}</div></div>",
        escape(ctx.from),
        escape(ctx.to)
    );
    body(&mut out, &rows);
    out.push_str("</div>\n</main>\n");
    footer(&mut out, ctx.about);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff_texts, DiffOptions};

    #[test]
    fn a_moved_sentence_is_shown_at_both_places_and_linked_both_ways() {
        let moving =
            "The harbour commission approved the dredging contract after a heated two-hour debate.";
        let stay = "Bravo two is second here.\n\nCharlie three is third here.\n\nDelta four is fourth here.";
        let old = format!("{moving}\n\n{stay}");
        let new = format!("{stay}\n\n{moving}");
        let d = diff_texts(&old, &new, &DiffOptions::default());
        let rows = rows(&d.ops);
        let moved_from = rows
            .iter()
            .filter(|r| matches!(r, Row::MovedFrom(_)))
            .count();
        assert_eq!(moved_from, d.summary.sentences.moved as usize);
        assert!(moved_from >= 1);
        // The old place comes first (the sentence was first).
        assert!(matches!(rows[0], Row::MovedFrom(_)));
        let mut html = String::new();
        body(&mut html, &rows);
        assert!(html.contains("href=\"#n4\""), "{html}");
        assert!(html.contains("href=\"#o1\""), "{html}");
        assert!(html.contains("id=\"o1\""), "{html}");
        assert!(html.contains("id=\"n4\""), "{html}");
    }

    #[test]
    fn a_moved_sentence_stays_under_the_heading_of_its_old_place() {
        let moving = "The harbour commission approved the dredging contract after a heated debate.";
        // (The first line is the title, not a section heading.)
        let a = "Port news\n\n# Harbour\n\nThe pier will close for a month.";
        let b = "# Budget\n\nThe council passed the budget on Tuesday after a long night of talks. It raises the levy on hotel stays by two percent and cuts the parks budget. Members voted five to two, with the mayor abstaining from the final vote.";
        let old = format!("{a}\n\n{moving}\n\n{b}");
        let new = format!("{a}\n\n{b}\n\n{moving}");
        let d = diff_texts(&old, &new, &DiffOptions::default());
        assert_eq!(d.summary.sentences.moved, 1, "{:?}", d.ops);
        let mut html = String::new();
        body(&mut html, &rows(&d.ops));
        assert_eq!(html.matches("</a> Budget</h2>").count(), 1, "{html}");
        let harbour = html.find("</a> Harbour</h2>").expect("heading");
        let old_place = html.find("moved to sentence").expect("old place");
        let budget = html.find("</a> Budget</h2>").unwrap();
        assert!(harbour < old_place && old_place < budget, "{html}");
    }

    #[test]
    fn every_sentence_of_both_versions_has_one_anchor() {
        let old = "One stays. Two goes away entirely now. Three is edited a bit. Four stays too.\n\nFive moves later. Six stays. Seven stays. Eight stays. Nine stays. Ten stays.";
        let new = "One stays. Three is edited a little. Four stays too. New words arrive here.\n\nSix stays. Seven stays. Eight stays. Nine stays. Ten stays. Five moves later.";
        let d = diff_texts(old, new, &DiffOptions::default());
        let mut html = String::new();
        body(&mut html, &rows(&d.ops));
        for side in ['o', 'n'] {
            for i in 1..=10 {
                let id = format!("id=\"{side}{i}\"");
                assert_eq!(html.matches(&id).count(), 1, "{id} in {html}");
            }
        }
    }

    #[test]
    fn long_unchanged_runs_fold() {
        let same: Vec<String> = (0..20)
            .map(|i| format!("Sentence number {i} stays the same."))
            .collect();
        let old = format!("{} The end is old.", same.join(" "));
        let new = format!("{} The end is new.", same.join(" "));
        let d = diff_texts(&old, &new, &DiffOptions::default());
        let mut html = String::new();
        body(&mut html, &rows(&d.ops));
        assert!(html.contains("⋯ 18 sentences unchanged"), "{html}");
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;

    #[test]
    fn a_change_shown_is_the_tables_and_that_of_the_values_shown() {
        let row = |name: &'static str, old: f64, new: f64| {
            let stats = [StatDelta {
                name,
                old: Some(old),
                new: Some(new),
                delta: Some(new - old),
            }];
            let mut out = String::new();
            stats_table(&mut out, &stats);
            out
        };
        // The tables' change is −3.9402: shown so, with values that
        // differ by it (`53.70 → 49.75` had said −3.94 beside them, then
        // −3.95, the difference of the values shown).
        let out = row("reading_ease", 53.6951, 49.7549);
        assert!(out.contains("<td>53.695</td><td>49.755</td>"), "{out}");
        assert!(out.contains("▼ −3.940 harder"), "{out}");
        // Where two decimals agree, two decimals.
        let out = row("reading_ease", 53.5, 49.75);
        assert!(out.contains("<td>53.50</td><td>49.75</td>"), "{out}");
        assert!(out.contains("▼ −3.75 harder"), "{out}");
        // −0.0106 is no −0.02, and 0.0054 no `▲ +0`.
        let out = row("quoted_share", 0.3150, 0.3044);
        assert!(out.contains("<td>0.315</td><td>0.304</td>"), "{out}");
        assert!(out.contains("▼ −0.011"), "{out}");
        let out = row("quoted_share", 0.3150, 0.3204);
        assert!(out.contains("<td>0.315</td><td>0.320</td>"), "{out}");
        assert!(out.contains("▲ +0.005"), "{out}");
    }
}
