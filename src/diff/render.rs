//! Rendering a diff: the text report and the ops table.

use std::fmt::Write as _;

use std::borrow::Cow;

use polars::prelude::*;

use crate::table::{Col, Table};

use super::{ArticleDiff, ChangeTag, OpCounts, OpKind, SentenceOp};

/// Options of the text report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Unchanged sentences shown around each change.
    pub context: usize,
    /// ANSI colors instead of `[-…-]{+…+}` marks.
    pub color: bool,
    /// Only the summary.
    pub stat_only: bool,
    /// Name of the old version in the header.
    pub old_label: String,
    /// Name of the new version in the header.
    pub new_label: String,
}

/// The addresses of the links a sentence's text holds in markup, in
/// order: a Markdown link's or image's (`[the guide](https://…)`), a
/// reStructuredText link's (`` `the guide <https://…>`_ ``), an
/// autolink (`<https://…>`), and a reference link's or image's label
/// (`[the guide][setup]`). An edit that changed no word may have changed
/// one, or added or removed one.
fn link_addresses(text: &str) -> Vec<&str> {
    // A link's definition (`[donate]: https://…`, `.. _donate: https://…`).
    if let Some((_, address)) = super::align::link_definition(text) {
        return vec![&text[address]];
    }
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let (from, close) = match b {
            b'(' if i > 0 && bytes[i - 1] == b']' => (i + 1, b')'),
            // A reference link's or image's label (`[![Donate][badge]][pay]`).
            b'[' if i > 0 && bytes[i - 1] == b']' => (i + 1, b']'),
            b'<' => (i + 1, b'>'),
            _ => continue,
        };
        let rest = &text[from..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == char::from(close))
            .unwrap_or(rest.len());
        let address = &rest[..end];
        let closed = rest[end..].starts_with(char::from(close));
        let link = if close == b'>' {
            // (Not an HTML tag: an address, or a reStructuredText target
            // before its backtick.)
            closed
                && (address.contains("://")
                    || address.starts_with("mailto:")
                    || rest[end + 1..].starts_with('`'))
        } else {
            !address.is_empty()
        };
        if link {
            out.push(address);
        }
    }
    out
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Stats shown in the report header when they changed.
const HEADER_STATS: &[&str] = &[
    "words",
    "sentences",
    "paragraphs",
    "reading_ease",
    "grade_level",
];

fn counts_line(c: &OpCounts) -> String {
    let mut line = format!(
        "{} added, {} deleted, {} edited, {} moved",
        c.added, c.deleted, c.edited, c.moved
    );
    if c.split > 0 {
        line.push_str(&format!(", {} split", c.split));
    }
    if c.merged > 0 {
        line.push_str(&format!(", {} merged", c.merged));
    }
    line.push_str(&format!(", {} unchanged", c.unchanged));
    line
}

/// A similarity for reading: three decimals, more when three would show a
/// real change as `1.000` (at most six: `0.999999`).
pub(crate) fn similarity_text(similarity: f64) -> String {
    for decimals in 3..=6 {
        let text = format!("{similarity:.decimals$}");
        if similarity >= 1.0 || !text.starts_with("1.") {
            return text;
        }
    }
    "0.999999".to_string()
}

/// `name +1.25`: integers as integers, fractions to 4 decimals at most.
fn fmt_delta(name: &str, delta: f64) -> String {
    let text = format!("{delta:+.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{name} {text}")
}

/// The summary's line on lines of code (`code lines: 3 added, … · words
/// +12 −0 =40`), when either version has some: counted apart from the
/// prose's sentences and words.
pub(crate) fn code_line(s: &super::Summary) -> Option<String> {
    let c = &s.code;
    (c.lines.total() > 0).then(|| {
        format!(
            "code lines: {} · words +{} −{} ={}",
            counts_line(&c.lines),
            c.words_added,
            c.words_deleted,
            c.words_unchanged
        )
    })
}

/// The text report: a header with similarity and counts, then each change
/// with `context` unchanged sentences around it. Sentence numbers count
/// from 1.
pub fn render_text(d: &ArticleDiff, opts: &TextOptions) -> String {
    let paint = |code: &str, s: &str| {
        if opts.color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    };
    let s = &d.summary;
    let mut out = String::new();
    // (A file's name or a feed's id, shown escaped: it can forge no line.)
    let label = crate::output::printable;
    let _ = writeln!(
        out,
        "{}",
        paint(BOLD, &format!("--- {}", label(&opts.old_label)))
    );
    let _ = writeln!(
        out,
        "{}",
        paint(BOLD, &format!("+++ {}", label(&opts.new_label)))
    );
    let _ = writeln!(
        out,
        "similarity {} · words +{} −{} ={}",
        similarity_text(s.similarity),
        s.words_added,
        s.words_deleted,
        s.words_unchanged
    );
    let _ = writeln!(out, "sentences: {}", counts_line(&s.sentences));
    if let Some(line) = code_line(s) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "paragraphs: {}", counts_line(&s.paragraphs));
    if s.nonsignificant_changes > 0 {
        let _ = writeln!(
            out,
            "non-significant changes: {} sentence{} without words, differing only in markup (a list marker or an item's number, a heading's level, emphasis), or in ignored ways",
            s.nonsignificant_changes,
            if s.nonsignificant_changes == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    // Edits that changed no word (punctuation, a sign): true, but not
    // what "edited" makes a reader expect. (Markup alone is a
    // non-significant change, above.)
    // (Of prose: a line of code whose quotes changed, `'0.1'` → `"0.1"`,
    // is counted on the code's line, as an edit of code.)
    let wordless: Vec<&SentenceOp> = d
        .ops
        .iter()
        .filter(|o| !o.nonsignificant && !o.code)
        .filter(|o| {
            let collapsed = |t: &Option<String>| t.as_deref().map(super::collapse_whitespace);
            let changed = match o.op {
                OpKind::Edited | OpKind::Split | OpKind::Merged => true,
                // A sentence moved as it was is no edit.
                OpKind::Moved => collapsed(&o.old_text) != collapsed(&o.new_text),
                _ => false,
            };
            changed && o.words_added == 0 && o.words_deleted == 0
        })
        .collect();
    if !wordless.is_empty() {
        // (A link that points elsewhere is no punctuation: a policy's
        // link to a page moved had been told as spacing.)
        // (A link or an image added or removed — a donation badge gone —
        // is no address changed either.)
        let (mut relinked, mut linked) = (0, 0);
        for o in &wordless {
            let old = link_addresses(o.old_text.as_deref().unwrap_or(""));
            let new = link_addresses(o.new_text.as_deref().unwrap_or(""));
            if old.len() != new.len() {
                linked += 1;
            } else if old != new {
                relinked += 1;
            }
        }
        let kinds = [
            (relinked, "a link's address"),
            (linked, "a link or an image added or removed"),
            (wordless.len() - relinked - linked, "punctuation or spacing"),
        ];
        let shown: Vec<&(usize, &str)> = kinds.iter().filter(|(n, _)| *n > 0).collect();
        let what = match shown.as_slice() {
            [(_, only)] => format!("only {only}"),
            several => several
                .iter()
                .map(|(n, k)| format!("{n} only {k}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let _ = writeln!(
            out,
            "of the edits, {} changed no word ({what})",
            wordless.len()
        );
    }
    // Lines without words that came or went (a table of contents' entry,
    // a link's definition) are counted as sentences: said so, as the
    // statistics count no such sentence. (Such a line pairs by none of its
    // words: one moved is one deleted and one added.)
    let pointers = d
        .ops
        .iter()
        .filter(|o| !o.nonsignificant && !o.code)
        .filter(|o| matches!(o.op, OpKind::Added | OpKind::Deleted))
        .filter(|o| o.no_words())
        .count();
    if pointers > 0 {
        let _ = writeln!(
            out,
            "of the sentences added and deleted, {pointers} {} without words that {} elsewhere (a link's definition, a table of contents' entry, an image, an included file)",
            if pointers == 1 { "is a line" } else { "are lines" },
            if pointers == 1 { "points" } else { "point" }
        );
    }
    if s.coarse {
        let _ = writeln!(
            out,
            "note: the work bound (--max-work) was reached; changes are reported more coarsely than they could be"
        );
    }
    let deltas: Vec<String> = d
        .stats
        .iter()
        .filter(|st| opts.stat_only || HEADER_STATS.contains(&st.name))
        .filter_map(|st| {
            st.delta
                .filter(|&x| crate::frame::round_decimals(x) != 0.0)
                .map(|x| fmt_delta(st.name, x))
        })
        .collect();
    if !deltas.is_empty() {
        // The counts above are the section's; statistics are not measured
        // by section.
        let label = if d.section.is_some() {
            "stats of the whole documents"
        } else {
            "stats"
        };
        let _ = writeln!(out, "{label}: {}", deltas.join(", "));
    }
    if opts.stat_only {
        return out;
    }
    if !d.has_changes() {
        let note = if s.paragraphs.any_change() {
            " (the same sentences; only paragraph breaks differ)"
        } else {
            ""
        };
        let _ = writeln!(out, "\nno changes{note}");
        return out;
    }

    // A hunk is opened by a significant change only: a fence's language
    // (```` ```bash ```` → ```` ```console ````), a list's marker or a
    // heading's level changed is counted in the header, and shown only
    // beside a change of words (seven `- ```bash` / `+ ```console` hunks
    // had read as lines deleted and added).
    let changed: Vec<bool> = d
        .ops
        .iter()
        .map(|op| op.op != OpKind::Unchanged && !op.nonsignificant)
        .collect();
    let n = d.ops.len();
    let mut visible = vec![false; n];
    for (i, &c) in changed.iter().enumerate() {
        if c {
            let lo = i.saturating_sub(opts.context);
            let hi = i.saturating_add(opts.context).min(n - 1);
            visible[lo..=hi].iter_mut().for_each(|v| *v = true);
        }
    }
    let mut i = 0;
    while i < n {
        if !visible[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && visible[i] {
            i += 1;
        }
        let hunk = &d.ops[start..i];
        // Where the hunk starts in each version: its first sentence there,
        // or, when it holds none of that version (sentences only added, or
        // only deleted), the sentence it follows, as git's `-4,0`.
        let place = |index: fn(&SentenceOp) -> Option<usize>| match hunk.iter().find_map(index) {
            Some(k) => format!("sentence {}", k + 1),
            None => match d.ops[..start].iter().rev().find_map(index) {
                Some(k) => format!("after sentence {}", k + 1),
                None => "at the start".to_string(),
            },
        };
        let first_old = place(|op| op.old_index);
        let first_new = place(|op| op.new_index);
        // The section of the hunk's first change, as git names a hunk's
        // function.
        let section = hunk
            .iter()
            .find(|op| op.op != OpKind::Unchanged)
            .and_then(|op| op.section.as_deref())
            .map(|s| format!(" {}", shown(&one_line(s))))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                CYAN,
                &format!("@@ old {first_old}, new {first_new} @@{section}")
            )
        );
        for op in hunk {
            out.push_str(&render_op(op, opts.color));
            out.push('\n');
        }
    }
    out
}

fn one_line(s: &str) -> String {
    super::collapse_whitespace(s)
}

/// Document text as the text report shows it: its control characters
/// escaped (see `output::terminal_text`).
fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    crate::output::terminal_text(s)
}

/// A paired sentence with inline word marks: `[-old-]{+new+}`, or colors.
pub fn marked(op: &SentenceOp, color: bool) -> String {
    if op.changes.is_empty() {
        return shown(&one_line(
            op.new_text
                .as_deref()
                .or(op.old_text.as_deref())
                .unwrap_or(""),
        ))
        .into_owned();
    }
    let mut out = String::new();
    for c in &op.changes {
        let t = one_line_keep_edges(&c.text);
        // A piece the diff takes as the same that is written otherwise in
        // the old sentence (a quote style, a dash, a case the options
        // ignore): both, so that the pieces rebuild each sentence (the
        // old one had been shown with the new one's `"`).
        if let Some(old) = c
            .old_text
            .as_deref()
            .filter(|old| {
                c.tag == ChangeTag::Equal
                    && !old
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .eq(c.text.chars().filter(|c| !c.is_whitespace()))
            })
            .map(one_line_keep_edges)
            .filter(|old| *old != t)
            // A case the options ignore is not shown (`--ignore-case`).
            .filter(|old| old.to_lowercase() != t.to_lowercase())
        {
            // Marked where they differ only (`“we[-”-]{+"+})`).
            let head: usize = old
                .chars()
                .zip(t.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum();
            let tail: usize = old[head..]
                .chars()
                .rev()
                .zip(t[head..].chars().rev())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum();
            // Whole words marked, never part of one.
            let mut head = head;
            while let Some(c) = t[..head]
                .chars()
                .next_back()
                .filter(|c| c.is_alphanumeric())
            {
                head -= c.len_utf8();
            }
            let mut tail = tail;
            while let Some(c) = t[t.len() - tail..]
                .chars()
                .next()
                .filter(|c| c.is_alphanumeric())
            {
                tail -= c.len_utf8();
            }
            let (was, is) = (
                shown(&old[head..old.len() - tail]),
                shown(&t[head..t.len() - tail]),
            );
            out.push_str(&shown(&t[..head]));
            let _ = if color {
                write!(out, "{RED}{was}{RESET}{GREEN}{is}{RESET}")
            } else {
                write!(out, "[-{was}-]{{+{is}+}}")
            };
            out.push_str(&shown(&t[t.len() - tail..]));
            continue;
        }
        let t = shown(&t);
        match (c.tag, color) {
            (ChangeTag::Equal, _) => out.push_str(&t),
            (ChangeTag::Delete, false) => {
                let _ = write!(out, "[-{t}-]");
            }
            (ChangeTag::Insert, false) => {
                let _ = write!(out, "{{+{t}+}}");
            }
            (ChangeTag::Delete, true) => {
                let _ = write!(out, "{RED}{t}{RESET}");
            }
            (ChangeTag::Insert, true) => {
                let _ = write!(out, "{GREEN}{t}{RESET}");
            }
        }
    }
    out
}

/// Collapses whitespace runs to one space, keeping a leading or trailing one.
fn one_line_keep_edges(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn render_op(op: &SentenceOp, color: bool) -> String {
    let paint = |code: &str, s: String| {
        if color {
            format!("{code}{s}{RESET}")
        } else {
            s
        }
    };
    let text = |t: &Option<String>| shown(&one_line(t.as_deref().unwrap_or(""))).into_owned();
    match op.op {
        OpKind::Unchanged => format!("  {}", text(&op.new_text)),
        OpKind::Added => paint(GREEN, format!("+ {}", text(&op.new_text))),
        OpKind::Deleted => paint(RED, format!("- {}", text(&op.old_text))),
        OpKind::Edited => format!("~ {}", marked(op, color)),
        OpKind::Moved => {
            let from = op.old_index.map_or(0, |x| x + 1);
            let to = op.new_index.map_or(0, |x| x + 1);
            let mark = paint(
                CYAN,
                format!("> [moved from old sentence {from} to new sentence {to}]"),
            );
            format!("{mark} {}", marked(op, color))
        }
        OpKind::Split | OpKind::Merged => {
            let what = if op.op == OpKind::Split {
                format!("split into {}", 1 + op.new_more.len())
            } else {
                format!("merged from {}", 1 + op.old_more.len())
            };
            // A split that moved says so, as a moved sentence does.
            let mark = if op.moved {
                let from = op.old_index.map_or(0, |x| x + 1);
                let to = op.new_index.map_or(0, |x| x + 1);
                paint(
                    CYAN,
                    format!("> [moved from old sentence {from} to new sentence {to}, {what}]"),
                )
            } else {
                paint(CYAN, format!("~ [{what}]"))
            };
            format!("{mark} {}", marked(op, color))
        }
    }
}

/// One row of the ops table: a sentence-level op of a document's diff.
pub struct OpRow<'r> {
    /// The document (for the edits table).
    pub doc_id: &'r str,
    /// Its new version's file (for the edits table).
    pub path: &'r str,
    /// Whether its diff reached the work bound.
    pub coarse: bool,
    /// The op.
    pub op: &'r SentenceOp,
}

/// The columns of the ops table, in order.
fn op_columns<'r>() -> Vec<Col<'r, OpRow<'r>>> {
    use crate::table::{col, Type, Value};
    vec![
        col("op", Type::Str, "", "`unchanged`, `added`, `deleted`, `edited`, `moved`, `split` (one old sentence became several new ones) or `merged` (several old sentences became one).", |r: &OpRow<'_>| Value::str(r.op.op.name())),
        col("old_index", Type::OptInt, "sentence", "0-based index of the old sentence (the first, for merged); null for added.", |r: &OpRow<'_>| Value::opt_index(r.op.old_index)),
        col("new_index", Type::OptInt, "sentence", "0-based index of the new sentence (the first, for split); null for deleted.", |r: &OpRow<'_>| Value::opt_index(r.op.new_index)),
        col("old_paragraph", Type::OptInt, "paragraph", "0-based paragraph of the old sentence; null for added.", |r: &OpRow<'_>| Value::opt_index(r.op.old_paragraph)),
        col("new_paragraph", Type::OptInt, "paragraph", "0-based paragraph of the new sentence; null for deleted.", |r: &OpRow<'_>| Value::opt_index(r.op.new_paragraph)),
        col("similarity", Type::Float, "0–1", "Word similarity of a paired sentence (IDF-weighted Dice of the two word multisets, case folded, see Comparing two versions); 1 for unchanged; null for added and deleted.", |r: &OpRow<'_>| Value::Float(r.op.similarity)),
        col("words_added", Type::Int, "words", "Words only in the new sentence.", |r: &OpRow<'_>| Value::count(r.op.words_added)),
        col("words_deleted", Type::Int, "words", "Words only in the old sentence.", |r: &OpRow<'_>| Value::count(r.op.words_deleted)),
        col("old_text", Type::OptStr, "", "The old sentence, on one line (whitespace runs collapsed); for merged, the old sentences joined.", |r: &OpRow<'_>| Value::Str(r.op.old_joined().map(|t| Cow::Owned(one_line(&t))))),
        col("new_text", Type::OptStr, "", "The new sentence, on one line; for split, the new sentences joined.", |r: &OpRow<'_>| Value::Str(r.op.new_joined().map(|t| Cow::Owned(one_line(&t))))),
        col("word_diff", Type::Str, "", "The sentence with inline marks: `[-deleted-]{+added+}`; a whole added sentence is `{+…+}`, a deleted one `[-…-]`.", |r: &OpRow<'_>| {
            let o = r.op;
            Value::owned(match o.op {
                OpKind::Added => format!("{{+{}+}}", one_line(o.new_text.as_deref().unwrap_or(""))),
                OpKind::Deleted => format!("[-{}-]", one_line(o.old_text.as_deref().unwrap_or(""))),
                _ => marked(o, false),
            })
        }),
        col("words_unchanged", Type::Int, "words", "Words in both.", |r: &OpRow<'_>| Value::count(r.op.words_unchanged)),
        col("nonsignificant", Type::Bool, "", "True when the texts differ only in ways the options ignore, or in markup — a list marker, an item's number (`3.` → `4.`: a list renumbered), a heading's level, the style of emphasis or code delimiters (`*…*` → `_…_`, ``` ``x`` ``` → `` `x` ``), a Markdown escape's backslash (`iter\\_lines`), a heading's underline, a code fence's language (a non-significant change).", |r: &OpRow<'_>| Value::Bool(r.op.nonsignificant)),
        col("old_count", Type::Int, "sentences", "Old sentences in the op: 0 for added, several for merged, else 1.", |r: &OpRow<'_>| Value::count(r.op.old_count())),
        col("new_count", Type::Int, "sentences", "New sentences in the op: 0 for deleted, several for split, else 1.", |r: &OpRow<'_>| Value::count(r.op.new_count())),
        col("section", Type::OptStr, "", "The heading of the section the sentence is in (new version; old version for deleted sentences): the nearest Markdown heading, underlined title (any reStructuredText adornment, overlined or not) or heading-like line above it (`§ 312c Fernabsatzverträge`, `3. Payment`; in a text with `#` headings, only those; in one with underlined titles, those and numbered lines; never a line of code); null before the first heading.", |r: &OpRow<'_>| Value::Str(r.op.section.as_deref().map(|s| Cow::Owned(one_line(s))))),
        col("coarse", Type::Bool, "", "True when the document's diff reached the work bound (`--max-work`) and is coarser than it could be (still exact: every sentence and word in one op).", |r: &OpRow<'_>| Value::Bool(r.coarse)),
        col("moved", Type::Bool, "", "True when the sentence moved: a `moved` op, or a `split` or `merged` whose sentences moved out of the order the rest keeps (counted as a split or merge in the summary).", |r: &OpRow<'_>| Value::Bool(r.op.op == OpKind::Moved || r.op.moved)),
        col("code", Type::Bool, "", "True when the op's sentences are lines of code on every side it has (a fenced block, a block indented under `::` or a code directive, a `<pre>`): counted apart from prose in the summary (`code lines`, the changes table's `code_*` columns), as the stats table leaves code out.", |r: &OpRow<'_>| Value::Bool(r.op.code)),
    ]
}

/// The ops table of `folio diff --format csv|parquet|json`.
pub(crate) fn ops_table<'r>() -> Table<'r, OpRow<'r>> {
    Table {
        name: "diff",
        about: "One row per sentence-level op of `folio diff`, in reading order (by new position; a deleted sentence after the op before it).",
        columns: op_columns(),
    }
}

/// The edits table: the ops of every changed document of a comparison.
pub fn edits_table<'r>() -> Table<'r, OpRow<'r>> {
    use crate::table::{col, Type, Value};
    let mut columns = vec![
        col(
            "doc_id",
            Type::Str,
            "",
            "The document (its id in the new release).",
            |r: &OpRow<'_>| Value::str(r.doc_id),
        ),
        col(
            "path",
            Type::Str,
            "",
            "The new version's file (as the stats table's `path`): documents sharing an id (`a.txt`, `a.md`) are told apart by it.",
            |r: &OpRow<'_>| Value::str(r.path),
        ),
    ];
    columns.extend(op_columns());
    Table {
        name: "edits",
        about: "One row per sentence-level op of every changed document of a comparison (modified, or renamed with changes): `edits.csv`/`edits.parquet` of `folio compare` and of each `compare/<from>..<to>/` of a report; `doc_id` and `path`, then the columns of the `diff` table. An added or removed document has no rows (its words are in `changes`), and a wordless sentence's op (a table's `|`) or an edit of markup only (a list marker `-` → `*`, an item's number `3.` → `4.`, a heading's level, emphasis) is a row with `nonsignificant` true that `changes` does not count (an edit of markup counts as unchanged): sums of `edits` match `changes` for the modified documents' significant rows.",
        columns,
    }
}

/// The ops table: one row per sentence-level op (see `ops_table`).
/// `coarse`: whether the diff reached the work bound.
pub fn to_frame(ops: &[SentenceOp], coarse: bool) -> PolarsResult<DataFrame> {
    let rows: Vec<OpRow<'_>> = ops
        .iter()
        .map(|op| OpRow {
            doc_id: "",
            path: "",
            coarse,
            op,
        })
        .collect();
    ops_table().frame(&rows)
}

/// The edits table of many documents (see [`edits_table`]): one row per
/// op of each document, in the order given. Each document comes with its
/// id, its file and whether its diff was coarse.
pub(crate) fn to_frame_by_doc(
    docs: &[(&str, &str, bool, &[SentenceOp])],
) -> PolarsResult<DataFrame> {
    let rows: Vec<OpRow<'_>> = docs
        .iter()
        .flat_map(|&(doc_id, path, coarse, ops)| {
            ops.iter().map(move |op| OpRow {
                doc_id,
                path,
                coarse,
                op,
            })
        })
        .collect();
    edits_table().frame(&rows)
}
