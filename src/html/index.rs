//! `index.html`: the overview of a report, its charts and the table of
//! every document (paginated at [`INDEX_ROWS`] documents a page).

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::compare::Status;
use crate::history::History;
use crate::stats::DocStats;

use super::{chart, counted, escape, footer, head, href, status_words, INDEX_ROWS};

/// Steps up to which the table has one status column per step; past it,
/// one column lists the steps a document changed in.
const STEP_COLUMNS: usize = 12;

/// Documents in the chart of the most changed.
const MOST_CHANGED: usize = 15;

/// What the index is made of.
#[derive(Debug)]
pub(crate) struct IndexInput<'a> {
    /// The corpus's name.
    pub title: &'a str,
    /// Statistics of every document of every release.
    pub rows: &'a [DocStats],
    /// The history, when there are releases.
    pub history: Option<&'a History>,
    /// Each step's page per row.
    pub pages: &'a [Vec<Option<String>>],
    /// The provenance line.
    pub about: &'a str,
}

/// The file name of the `n`-th index page (0-based).
pub(crate) fn index_file(n: usize) -> String {
    if n == 0 {
        "index.html".to_string()
    } else {
        format!("index-{}.html", n + 1)
    }
}

/// The documents of a history in the table's order: most words changed
/// (of prose and code) first, then by id (the order of `documents`).
pub(crate) fn document_order(h: &History) -> Vec<usize> {
    let mut order: Vec<usize> = (0..h.documents.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(h.documents[k].words_changed()));
    order
}

/// Where each document's row is: index file and anchor, by document.
pub(crate) fn document_anchors(h: &History) -> Vec<String> {
    let mut out = vec![String::new(); h.documents.len()];
    for (pos, k) in document_order(h).into_iter().enumerate() {
        out[k] = format!("{}#d{k}", index_file(pos / INDEX_ROWS));
    }
    out
}

/// Releases in order of first appearance, with their documents' rows.
fn by_release<'a>(
    rows: &'a [DocStats],
    history: Option<&'a History>,
) -> Vec<(&'a str, Vec<&'a DocStats>)> {
    let mut out: Vec<(&str, Vec<&DocStats>)> = Vec::new();
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    // Every release of a series, an empty one too (a failed crawl): in
    // the table and the charts at its place, with no documents.
    if let Some(h) = history {
        let names = h.steps.first().map(|s| s.from.as_str()).into_iter();
        for name in names.chain(h.steps.iter().map(|s| s.to.as_str())) {
            at.entry(name).or_insert_with(|| {
                out.push((name, Vec::new()));
                out.len() - 1
            });
        }
    }
    for r in rows {
        let k = *at.entry(r.release.as_str()).or_insert_with(|| {
            out.push((r.release.as_str(), Vec::new()));
            out.len() - 1
        });
        out[k].1.push(r);
    }
    out
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

fn opt(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |x| format!("{x:.1}"))
}

/// The overview: releases, steps and charts.
fn overview(out: &mut String, input: &IndexInput<'_>) {
    let releases = by_release(input.rows, input.history);
    out.push_str("<section id=\"releases\"><h2>Releases</h2>\n<table class=\"overview\"><thead><tr><th scope=\"col\">Release</th><th scope=\"col\" class=\"num\">Documents</th><th scope=\"col\" class=\"num\">Words</th><th scope=\"col\" class=\"num\">Mean grade</th><th scope=\"col\" class=\"num\">Mean reading ease</th></tr></thead><tbody>\n");
    for (name, docs) in &releases {
        let words: u64 = docs.iter().map(|d| d.text.words).sum();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(if name.is_empty() { "(corpus)" } else { name }),
            chart::fmt(docs.len() as f64),
            chart::fmt(words as f64),
            opt(mean(docs.iter().filter_map(|d| d.text.grade_level()))),
            opt(mean(docs.iter().filter_map(|d| d.text.reading_ease())))
        );
    }
    out.push_str("</tbody></table>\n<p class=\"hint\">Grade: Flesch–Kincaid for English documents, the Wiener Sachtextformel for German ones (other languages have no grade here); reading ease: the Flesch variant of each document's language.</p>\n</section>\n");

    if let Some(h) = input.history {
        out.push_str("<section id=\"steps\"><h2>Changes between releases</h2>\n<table class=\"overview\"><thead><tr><th scope=\"col\">From → to</th><th scope=\"col\" class=\"num\">Modified</th><th scope=\"col\" class=\"num\">Renamed</th><th scope=\"col\" class=\"num\">Added</th><th scope=\"col\" class=\"num\">Removed</th><th scope=\"col\" class=\"num\">Unchanged</th><th scope=\"col\" class=\"num\">of which non-significant</th><th scope=\"col\" class=\"num\">Unreadable</th><th scope=\"col\" class=\"num\">Reverts</th><th scope=\"col\">Tables</th></tr></thead><tbody>\n");
        for s in &h.steps {
            let count = |st: Status| s.comparison.count(st);
            let ns = s.comparison.nonsignificant();
            let folder = format!(
                "compare/{}",
                crate::compare::step_folder_name(&s.from, &s.to)
            );
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{} → {}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{ns}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><a href=\"{}/summary.txt\">summary</a> · <a href=\"{}/changes.csv\">changes.csv</a></td></tr>",
                escape(&s.from),
                escape(&s.to),
                count(Status::Modified),
                count(Status::Renamed),
                count(Status::Added),
                count(Status::Removed),
                count(Status::Unchanged),
                count(Status::Unreadable),
                s.reverts.iter().filter(|&&r| r).count(),
                href(&folder),
                href(&folder)
            );
        }
        out.push_str("</tbody></table>\n</section>\n");
    }

    out.push_str(
        "<section id=\"charts\" class=\"charts\"><h2>At a glance</h2>\n<div class=\"grid\">\n",
    );
    let words: Vec<(String, f64)> = releases
        .iter()
        .map(|(name, docs)| {
            let label = if name.is_empty() { "(corpus)" } else { name };
            (
                label.to_string(),
                docs.iter().map(|d| d.text.words).sum::<u64>() as f64,
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "<figure><figcaption>Words per release</figcaption>{}</figure>",
        chart::bars("chart-words", "Words per release", &words, "words")
    );
    let ease: Vec<(String, [f64; 5], usize)> = releases
        .iter()
        .filter_map(|(name, docs)| {
            let mut values: Vec<f64> = docs.iter().filter_map(|d| d.text.reading_ease()).collect();
            let n = values.len();
            let label = if name.is_empty() { "(corpus)" } else { name };
            Some((label.to_string(), chart::five(&mut values)?, n))
        })
        .collect();
    if !ease.is_empty() {
        let _ = writeln!(
            out,
            "<figure><figcaption>Reading ease of the documents, per release (box: middle half, line: median, whiskers: lowest and highest; higher is easier)</figcaption>{}</figure>",
            chart::boxes("chart-ease", "Reading ease per release", &ease)
        );
    }
    if let Some(h) = input.history {
        let most: Vec<(String, u64, u64)> = document_order(h)
            .into_iter()
            .map(|k| &h.documents[k])
            .filter(|d| d.words_added + d.words_deleted > 0)
            .take(MOST_CHANGED)
            .map(|d| (d.key.clone(), d.words_added, d.words_deleted))
            .collect();
        if !most.is_empty() {
            let _ = writeln!(
                out,
                "<figure class=\"wide\"><figcaption>Most changed documents: words added (green, left) and deleted (red, right) over all releases</figcaption>{}</figure>",
                chart::added_deleted("chart-most", "Most changed documents", &most)
            );
        }
    }
    out.push_str("</div>\n</section>\n");
}

/// A status cell of the documents table.
fn status_cell(out: &mut String, status: Option<(&'static str, Option<&str>, bool)>) {
    match status {
        None => out.push_str("<td class=\"st\"><span class=\"muted\">—</span></td>"),
        Some((word, page, revert)) => {
            let text = word;
            let revert = if revert {
                " <span class=\"badge revert\" title=\"back to an earlier text\">revert</span>"
            } else {
                ""
            };
            let badge = match page {
                Some(p) => format!(
                    "<a class=\"badge {}\" href=\"{}\">{}</a>",
                    word,
                    href(p),
                    text
                ),
                None => format!("<span class=\"badge {word}\">{text}</span>"),
            };
            let _ = write!(
                out,
                "<td class=\"st\" data-v=\"{word}\">{badge}{revert}</td>"
            );
        }
    }
}

/// The documents table of a history, page by page.
fn history_tables(input: &IndexInput<'_>, h: &History) -> Vec<String> {
    // Each document's status (and page) in each step.
    type Cell<'p> = Option<(&'static str, Option<&'p str>, bool)>;
    let mut cells: Vec<Vec<Cell<'_>>> = vec![vec![None; h.steps.len()]; h.documents.len()];
    // Each document's words in the last release it is in, from its own
    // rows (documents sharing an id had both shown the first one's).
    let mut last_words: Vec<Option<u64>> = vec![None; h.documents.len()];
    for (s, step) in h.steps.iter().enumerate() {
        for (k, c) in step.comparison.changes.iter().enumerate() {
            let Some(&lineage) = step.lineages.get(k) else {
                continue;
            };
            let Some(&doc) = h.lineage_documents.get(lineage) else {
                continue;
            };
            last_words[doc] = if c.status == crate::compare::Status::Removed {
                c.old_words
            } else {
                c.new_words
            };
            let page = input
                .pages
                .get(s)
                .and_then(|p| p.get(k))
                .and_then(|p| p.as_deref());
            cells[doc][s] = Some((status_words(c), page, step.reverts.get(k) == Some(&true)));
        }
    }
    let latest: FxHashMap<(&str, &str), u64> = input
        .rows
        .iter()
        .map(|r| ((r.release.as_str(), r.doc_id.as_str()), r.text.words))
        .collect();
    let per_step = h.steps.len() <= STEP_COLUMNS;
    let mut header = String::from("<thead><tr><th scope=\"col\" data-sort=\"text\">Document</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Words (latest)</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Changes</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Words added</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Words deleted</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Reverts</th>");
    if per_step {
        for s in &h.steps {
            let _ = write!(
                header,
                "<th scope=\"col\" data-sort=\"text\">{} → {}</th>",
                escape(&s.from),
                escape(&s.to)
            );
        }
    } else {
        header.push_str("<th scope=\"col\">Changed in</th>");
    }
    header.push_str("</tr></thead>\n");
    let order = document_order(h);
    let mut pages = Vec::new();
    for chunk in order.chunks(INDEX_ROWS.max(1)) {
        let mut t = String::new();
        t.push_str("<table class=\"docs sortable\" id=\"docs\">\n");
        t.push_str(&header);
        t.push_str("<tbody>\n");
        for &k in chunk {
            let d = &h.documents[k];
            let statuses: Vec<&str> = cells[k]
                .iter()
                .flatten()
                .flat_map(|(w, _, r)| std::iter::once(*w).chain(r.then_some("revert")))
                .collect();
            let mut status_set = statuses.clone();
            status_set.sort_unstable();
            status_set.dedup();
            let words = last_words[k]
                .as_ref()
                .or_else(|| latest.get(&(d.last_release.as_str(), d.doc_id.as_str())));
            let renamed = if d.renamed_from.is_empty() {
                String::new()
            } else {
                format!(
                    "<br><small>formerly {}</small>",
                    escape(&d.renamed_from.join(", "))
                )
            };
            let _ = write!(
                t,
                "<tr id=\"d{k}\" data-status=\"{}\"><th scope=\"row\" data-v=\"{}\">{}{renamed}</th><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>",
                status_set.join(" "),
                escape(&d.key),
                escape(&d.key),
                words.copied().unwrap_or(0),
                words.map_or("–".to_string(), |w| chart::fmt(*w as f64)),
                d.changes,
                d.changes,
                d.words_added,
                chart::fmt(d.words_added as f64),
                d.words_deleted,
                chart::fmt(d.words_deleted as f64),
                d.reverts,
                d.reverts
            );
            if per_step {
                for cell in &cells[k] {
                    status_cell(&mut t, *cell);
                }
            } else {
                t.push_str("<td class=\"st\">");
                for (s, cell) in cells[k].iter().enumerate() {
                    if let Some((word, page, _)) = cell {
                        if *word == "unchanged" {
                            continue;
                        }
                        let label = format!("{}: {word}", h.steps[s].to);
                        match page {
                            Some(p) => {
                                let _ = write!(
                                    t,
                                    "<a class=\"badge {word}\" href=\"{}\">{}</a> ",
                                    href(p),
                                    escape(&label)
                                );
                            }
                            None => {
                                let _ = write!(
                                    t,
                                    "<span class=\"badge {word}\">{}</span> ",
                                    escape(&label)
                                );
                            }
                        }
                    }
                }
                t.push_str("</td>");
            }
            t.push_str("</tr>\n");
        }
        t.push_str("</tbody></table>\n");
        pages.push(t);
    }
    if pages.is_empty() {
        pages.push("<p>No documents.</p>".to_string());
    }
    pages
}

/// The documents table of a corpus without releases, page by page.
fn corpus_tables(input: &IndexInput<'_>) -> Vec<String> {
    let header = "<thead><tr><th scope=\"col\" data-sort=\"text\">Document</th><th scope=\"col\" data-sort=\"text\">Release</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Words</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Sentences</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Reading ease</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Grade</th><th scope=\"col\" data-sort=\"text\">Language</th></tr></thead>\n";
    let mut pages = Vec::new();
    for chunk in input.rows.chunks(INDEX_ROWS.max(1)) {
        let mut t = String::from("<table class=\"docs sortable\" id=\"docs\">\n");
        t.push_str(header);
        t.push_str("<tbody>\n");
        for r in chunk {
            let num = |x: Option<f64>| match x {
                Some(x) => format!("<td class=\"num\" data-v=\"{x}\">{x:.1}</td>"),
                None => "<td class=\"num\" data-v=\"\">–</td>".to_string(),
            };
            let _ = writeln!(
                t,
                "<tr data-status=\"\"><th scope=\"row\" data-v=\"{}\">{}</th><td>{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>{}{}<td>{}</td></tr>",
                escape(&r.doc_id),
                escape(&r.doc_id),
                escape(&r.release),
                r.text.words,
                chart::fmt(r.text.words as f64),
                r.text.sentences,
                chart::fmt(r.text.sentences as f64),
                num(r.text.reading_ease()),
                num(r.text.grade_level()),
                r.text.language.unwrap_or("–")
            );
        }
        t.push_str("</tbody></table>\n");
        pages.push(t);
    }
    if pages.is_empty() {
        pages.push("<p>No documents.</p>".to_string());
    }
    pages
}

/// The links between index pages.
fn pager(out: &mut String, n: usize, pages: usize) {
    if pages <= 1 {
        return;
    }
    out.push_str("<nav class=\"pager\" aria-label=\"Pages of the table\">Pages: ");
    for k in 0..pages {
        if k == n {
            let _ = write!(out, "<b aria-current=\"page\">{}</b> ", k + 1);
        } else {
            let _ = write!(out, "<a href=\"{}\">{}</a> ", index_file(k), k + 1);
        }
    }
    out.push_str("</nav>\n");
}

/// The index pages: file name and HTML.
pub fn render(input: &IndexInput<'_>) -> Vec<(String, String)> {
    let tables = match input.history {
        Some(h) => history_tables(input, h),
        None => corpus_tables(input),
    };
    let documents = input
        .history
        .map_or(input.rows.len(), |h| h.documents.len());
    let releases = by_release(input.rows, input.history).len();
    let title = format!("{} · folio report", input.title);
    let feed = if input.history.is_some() {
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Changes\" href=\"feed.xml\">\n"
    } else {
        ""
    };
    let mut out = Vec::new();
    for (n, table) in tables.iter().enumerate() {
        let mut html = String::new();
        head(&mut html, &title, "", feed);
        html.push_str("<body class=\"index\">\n<header>\n");
        let _ = writeln!(html, "<h1>{}</h1>", escape(input.title));
        let mut line = format!(
            "{} in {}",
            counted(documents as u64, "document"),
            counted(releases as u64, "release")
        );
        if let Some(h) = input.history {
            let changed: usize = input.pages.iter().map(|p| p.iter().flatten().count()).sum();
            let _ = write!(
                line,
                ", {}, {}",
                counted(h.steps.len() as u64, "comparison"),
                counted(changed as u64, "changed document page")
            );
            line.push_str(" · <a href=\"feed.xml\">Atom feed of changes</a>");
        }
        let _ = writeln!(
            html,
            "<p class=\"what\">{line} · tables: <a href=\"stats.csv\">stats.csv</a>{} · <a href=\"summary.txt\">summary.txt</a></p>",
            if input.history.is_some() {
                " · <a href=\"documents.csv\">documents.csv</a> · <a href=\"timeline.csv\">timeline.csv</a>"
            } else {
                ""
            }
        );
        html.push_str("</header>\n<main>\n");
        if n == 0 {
            overview(&mut html, input);
        } else {
            let _ = writeln!(html, "<p><a href=\"index.html\">← overview</a></p>");
        }
        html.push_str("<section id=\"documents\"><h2>Documents</h2>\n");
        if input.history.is_some() {
            html.push_str("<p class=\"hint\">Most changed first. A status links to the document's page for that step: the two versions side by side.</p>\n");
        }
        html.push_str("<div class=\"filters\" hidden><label>Filter <input type=\"search\" id=\"filter\" placeholder=\"document id\"></label> ");
        if input.history.is_some() {
            html.push_str("<label>Status <select id=\"status\"><option value=\"\">any</option><option>modified</option><option>renamed</option><option>added</option><option>removed</option><option>non-significant</option><option>unchanged</option><option>revert</option></select></label> ");
        }
        html.push_str("<span id=\"shown\" aria-live=\"polite\"></span></div>\n");
        pager(&mut html, n, tables.len());
        html.push_str("<div class=\"scroll\">\n");
        html.push_str(table);
        html.push_str("</div>\n");
        pager(&mut html, n, tables.len());
        html.push_str("</section>\n</main>\n");
        footer(&mut html, input.about);
        out.push((index_file(n), html));
    }
    out
}
