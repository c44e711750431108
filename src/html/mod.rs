//! The HTML report and the Atom feed of `folio report`: pages people look
//! at, beside the tables.
//!
//! - `index.html` (and `index-2.html`, … past [`INDEX_ROWS`] documents): an
//!   overview per release, charts folio draws as inline SVG, and a table of
//!   every document with its status in each step.
//! - `pages/FROM..TO/ID.html`: one page per changed document per step, the
//!   two versions side by side (see `page.rs`).
//! - `feed.xml`: an Atom feed with one entry per changed document per step,
//!   newest first (see [`feed`]).
//! - `folio.css` and `folio.js`, shared by every page.
//!
//! Everything is offline and self-contained: no request leaves the report
//! folder, every page works from `file://`, and without JavaScript (the
//! script only sorts and filters tables and adds keyboard steps). Every
//! piece of document text is escaped ([`escape`]), and each page forbids
//! scripts other than the report's own (a Content-Security-Policy).
//!
//! Pages are written while the history runs, a step at a time, so memory
//! stays that of one step's diffs. A page's link to the document's next
//! change is filled in when that change is written (see
//! [`HtmlReport::step`]).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::compare::{self, DocChange, Status};
use crate::error::{Error, Result};
use crate::history::{History, Step};
use crate::stats::DocStats;

mod chart;
pub mod feed;
mod index;
mod page;

/// Documents per index page.
pub const INDEX_ROWS: usize = 1000;

/// The shared style sheet.
const CSS: &str = include_str!("folio.css");
/// The shared script (sorting, filtering, keyboard steps).
const JS: &str = include_str!("folio.js");

/// The marker a page holds where its link to the document's next change
/// goes, until that change is written. Document text is escaped, so the
/// marker can only be folio's own.
const NEXT_MARKER: &str =
    "<!--folio:next--><span class=\"muted\">no later change</span><!--/folio:next-->";

/// Escapes text for HTML (element content and quoted attribute values).
/// Control characters other than tab and line breaks (a NUL in an id),
/// which HTML does not allow, become U+FFFD; marks and controls of
/// direction (a file named `report\u{202e}fdp.exe.txt`, shown as
/// `reportexe.pdf`, its chart's figures reversed) are written as escapes,
/// as in `summary.txt` (a document's text holds none: see `decode`).
pub fn escape(text: &str) -> Cow<'_, str> {
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let reorders = crate::output::reorders;
    if !text
        .contains(|c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || control(c) || reorders(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if control(c) => out.push('\u{fffd}'),
            c if reorders(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A relative path of the report as a link: each segment percent-encoded
/// (spaces, `#`, `?`, `%` and non-ASCII letters included), `/` kept.
pub fn href(path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    // Report paths never hold `#` (see `safe_report_path`): one starts a
    // fragment, kept as it is.
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (path, None),
    };
    let mut out = path
        .split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&utf8_percent_encode(f, SEGMENT).to_string());
    }
    out
}

/// The folder of a step's pages, relative to the report: `pages/FROM..TO`
/// made safe as the comparison folders are.
pub(crate) fn step_folder(from: &str, to: &str) -> String {
    format!("pages/{}", compare::step_folder_name(from, to))
}

/// The pages of a step's rows, relative to the report: one for each row
/// with a diff (a modified or renamed document that changed), named from
/// its id by the report-path rules; `None` for the others.
pub(crate) fn page_paths(folder: &str, changes: &[DocChange]) -> Vec<Option<String>> {
    let mut taken = std::collections::HashSet::new();
    changes
        .iter()
        .map(|c| {
            c.diff.as_ref()?;
            let name = compare::safe_report_path(&c.doc_id, &mut taken);
            Some(format!(
                "{folder}/{}.html",
                name.strip_suffix(".diff").unwrap_or(&name)
            ))
        })
        .collect()
}

/// `../` as many times as `path` (relative to the report) is deep: the way
/// from a page back to the report's root.
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A page's head: charset, viewport, title, the shared style sheet and the
/// content policy (only the report's own style sheet, script and inline
/// SVG; no request may leave the report).
fn head(out: &mut String, title: &str, root: &str, extra: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"generator\" content=\"folio {}\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{root}folio.css\">\n{extra}\
         <script src=\"{root}folio.js\" defer></script>\n</head>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    );
}

/// The footer every page ends with: what made it.
fn footer(out: &mut String, about: &str) {
    let _ = write!(
        out,
        "<footer>Made by folio {} · {}</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(about)
    );
}

/// Where a document's latest page is, to link it from its next one.
#[derive(Debug, Clone)]
struct LastPage {
    path: String,
    from: String,
    to: String,
}

/// The HTML report, written step by step into a report's staging folder.
#[derive(Debug)]
pub struct HtmlReport {
    dir: PathBuf,
    /// The provenance line of every page (options that shaped the results).
    about: String,
    /// Each step's page per row (see [`page_paths`]).
    pages: Vec<Vec<Option<String>>>,
    /// Each lineage's latest page.
    last: FxHashMap<usize, LastPage>,
}

impl HtmlReport {
    /// A report to be written into `dir` (a staging folder); `about` says
    /// which options made it, for every page's footer.
    pub fn new(dir: &Path, about: String) -> HtmlReport {
        HtmlReport {
            dir: dir.to_path_buf(),
            about,
            pages: Vec::new(),
            last: FxHashMap::default(),
        }
    }

    /// Writes the pages of a step (its diffs are still there), and fills in
    /// the next-change link of each document's previous page.
    pub fn step(&mut self, step: &Step) -> Result<()> {
        use rayon::prelude::*;
        let folder = step_folder(&step.from, &step.to);
        let paths = page_paths(&folder, &step.comparison.changes);
        let mut jobs = Vec::new();
        let mut patches = Vec::new();
        for (k, (c, path)) in step.comparison.changes.iter().zip(&paths).enumerate() {
            let Some(path) = path else { continue };
            let lineage = step.lineages.get(k).copied().unwrap_or(usize::MAX);
            let prev = self.last.insert(
                lineage,
                LastPage {
                    path: path.clone(),
                    from: step.from.clone(),
                    to: step.to.clone(),
                },
            );
            if let Some(prev) = &prev {
                patches.push((
                    prev.path.clone(),
                    path.clone(),
                    step.from.clone(),
                    step.to.clone(),
                ));
            }
            jobs.push((c, path, prev, step.reverts.get(k).copied().unwrap_or(false)));
        }
        let about = &self.about;
        let dir = &self.dir;
        jobs.par_iter().try_for_each(|(c, path, prev, revert)| {
            let ctx = page::PageContext {
                root: root_of(path),
                from: &step.from,
                to: &step.to,
                revert: *revert,
                previous: prev.as_ref().map(|p| {
                    (
                        format!("{}{}", root_of(path), href(&p.path)),
                        format!("{} → {}", p.from, p.to),
                    )
                }),
                about,
            };
            let html = page::render(&ctx, c);
            crate::output::write_staged(&dir.join(path), html.as_bytes())
        })?;
        patches
            .par_iter()
            .try_for_each(|(prev, next, from, to)| -> Result<()> {
                let file = dir.join(prev);
                let html = std::fs::read_to_string(&file).map_err(|source| Error::Write {
                    path: file.clone(),
                    source,
                })?;
                let link = format!(
                    "<a href=\"{}{}\" rel=\"next\">next change: {} → {}</a>",
                    root_of(prev),
                    href(next),
                    escape(from),
                    escape(to)
                );
                crate::output::write_staged(&file, html.replacen(NEXT_MARKER, &link, 1).as_bytes())
            })?;
        self.pages.push(paths);
        Ok(())
    }

    /// Writes the index pages, the feed and the shared files, once every
    /// step is written. `rows` are the statistics of every document of
    /// every release; `times` the time of each release (see
    /// [`feed::release_time`]).
    pub fn finish(
        &self,
        title: &str,
        rows: &[DocStats],
        history: Option<&History>,
        times: &[(String, String)],
    ) -> Result<()> {
        let write = |name: &str, text: &str| {
            crate::output::write_staged(&self.dir.join(name), text.as_bytes())
        };
        write("folio.css", CSS)?;
        write("folio.js", JS)?;
        let input = index::IndexInput {
            title,
            rows,
            history,
            pages: &self.pages,
            about: &self.about,
        };
        for (name, html) in index::render(&input) {
            write(&name, &html)?;
        }
        if let Some(h) = history {
            let anchors = index::document_anchors(h);
            write(
                "feed.xml",
                &feed::render(title, h, &self.pages, &anchors, times),
            )?;
        }
        Ok(())
    }
}

/// A count with its noun, plural when it is not 1.
fn counted(n: u64, noun: &str) -> String {
    crate::output::counted(n as usize, noun)
}

/// A status as a badge's class and words.
fn status_words(c: &DocChange) -> &'static str {
    match c.status {
        Status::Unchanged if c.nonsignificant => "non-significant",
        s => s.name(),
    }
}

#[cfg(test)]
mod tests;
