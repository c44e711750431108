//! Sections: which heading each sentence is under, and `--section`.

use super::*;

/// Headings are at most this many words.
pub(super) const HEADING_MAX_WORDS: usize = 12;

/// The heading a sentence (`text`, of `words` words, `alone` in its
/// paragraph) is, if it is one: a Markdown heading (`## Terms`,
/// `###### § 312c Fernabsatzverträge`), or a paragraph of one short line
/// that reads as a heading — at most [`HEADING_MAX_WORDS`] words and 150
/// characters, starting with a capital, a digit or `§`, not ending like a
/// sentence or a list item (`.`, `:`, `;`, `,`, `!`, `?`) and not a table
/// row or a list item: `3. Pflichten des Unternehmers`, `§ 5 Geltungsbereich`,
/// `Art. 3 Gleichheit`, a web page's `h2` (extracted as its own paragraph).
/// An item of an enumeration that goes on in the next item — its first word
/// after the number in lower case (`3. die Vermietung`), or its last a
/// conjunction (`1. Reiseleistungen ausfallen oder`) — is no heading.
pub(super) fn heading_text(text: &str, words: usize, alone: bool) -> Option<&str> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix('#') {
        let title = rest.trim_start_matches('#').trim();
        return (!title.is_empty()).then_some(title);
    }
    // A line underlined (Markdown's other heading, plain text's: `2.
    // License Grants` / `-----------`, and reStructuredText's, overlined
    // or not, with `~`, `^` and the rest too).
    if t.contains('\n') {
        let title = t
            .lines()
            .find(|l| l.contains(char::is_alphanumeric))?
            .trim();
        return (underlined(t) && alone && !title.is_empty() && !title.contains('|'))
            .then_some(title);
    }
    let first = t.chars().next()?;
    let looks = alone
        && !t.contains('\n')
        && words > 0
        && words <= HEADING_MAX_WORDS
        && t.chars().count() <= 150
        && (first.is_uppercase() || first.is_ascii_digit() || first == '§')
        && !t.ends_with(['.', ':', ';', ',', '!', '?', '|'])
        && !t.contains('|')
        && (!first.is_ascii_digit() || numbered_title(t))
        && !enumeration_item(t)
        && !field(t)
        && !html_markup(t);
    looks.then_some(t)
}

/// Whether a sentence is a line underlined (and perhaps overlined):
/// Markdown's setext heading, plain text's, and reStructuredText's titles
/// (see [`tokenize::underlined_title`]).
pub(super) fn underlined(text: &str) -> bool {
    let lines: Vec<(usize, &str)> = text.trim().lines().map(|l| (0, l)).collect();
    (2..=3).contains(&lines.len()) && tokenize::underlined_title(&lines) == Some(lines.len())
}

/// Whether a line holds a raw HTML tag (`Photo by <a href="…">Name`, as a
/// Markdown file may carry): markup, never a title. A `<` must be followed
/// by a letter, `/` or `!` and closed by a `>`, so `x < 5 > 3` is none.
fn html_markup(t: &str) -> bool {
    t.match_indices('<').any(|(i, _)| {
        let rest = &t[i + 1..];
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            && rest.contains('>')
    })
}

/// Whether a line is a field and its value, not a title: a label without
/// figures, a colon, and figures after it (`Effective date: July 22,
/// 2020`, `Version: 2.0`) — where `Chapter 3: Payment` and `Part One:
/// Scope` are titles.
fn field(t: &str) -> bool {
    t.split_once(": ").is_some_and(|(label, value)| {
        !label.contains(|c: char| c.is_ascii_digit())
            && value.contains(|c: char| c.is_ascii_digit())
    })
}

/// Whether a line that starts with a digit is a numbered title: a number
/// (`3`, `3.`, `3.1`, `2)`) then a word in capitals (`3. Payment`, `2024
/// Annual Report`) — not a figure of a table or a fact sheet set alone on a
/// line (`172`, `75px`, `2.44 children born/woman (2005 est.)`,
/// `188.25.109.59 (talk) 22:01`), which lower-cased text is full of.
fn numbered_title(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let number = words.next().unwrap_or_default();
    let label = number.trim_end_matches([')', '.']);
    let numeric = !label.is_empty()
        && label.len() <= 8
        && label.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !label.contains("..");
    numeric
        && words
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
}

/// Whether a short line numbered at its start is an item of an
/// enumeration: its first word after the number starts in lower case, or
/// its last word is a conjunction.
fn enumeration_item(t: &str) -> bool {
    let mut parts = t.split_whitespace();
    let Some(first) = parts.next() else {
        return false;
    };
    let numbered = first
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c.is_ascii_lowercase())
        && first.ends_with(['.', ')'])
        && first
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if !numbered {
        return false;
    }
    let lower_start = parts
        .next()
        .and_then(|w| w.chars().find(|c| c.is_alphabetic()))
        .is_some_and(char::is_lowercase);
    let last = t
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    lower_start || crate::tokenize::ITEM_CONJUNCTIONS.contains(&last.as_str())
}

/// The headings of a tokenized text, in order: each heading sentence's
/// index and its title's byte range in `text`. A heading opens a section
/// that runs to the next one; the document's title (a heading as its first
/// sentence) opens none.
pub(super) fn headings(text: &str, t: &tokenize::Tokenized<'_>) -> Vec<(usize, Range<usize>)> {
    let paragraph = sentence_paragraphs(t);
    let mut per_paragraph: FxHashMap<usize, usize> = FxHashMap::default();
    for &p in &paragraph {
        *per_paragraph.entry(p).or_insert(0) += 1;
    }
    // A line of a block of code is no heading (a shell's `# start it`, a
    // script's `#!/usr/bin/env node`: 634 changes of one README had been
    // put under the latter).
    let mut code = t.code.iter().peekable();
    let mut found = Vec::new();
    for (k, s) in t.sentences.iter().enumerate().skip(1) {
        while code.next_if(|c| c.end <= s.span.start).is_some() {}
        if code.peek().is_some_and(|c| c.start <= s.span.start) {
            continue;
        }
        let alone = per_paragraph.get(&paragraph[k]) == Some(&1);
        let body = &text[s.span.clone()];
        if let Some(h) = heading_text(body, s.words.len(), alone) {
            let start = h.as_ptr() as usize - text.as_ptr() as usize;
            // Marked as Markdown marks a heading: `## Title`. (Not an
            // underline: plain text underlines its chapters and leaves
            // its numbered sections plain, `1.1. "Contributor"`.)
            let marked = tokenize::atx_heading(body);
            found.push((k, start..start + h.len(), marked));
        }
    }
    // A text that marks its headings with `#` (Markdown) has no others: a
    // short line there is a paragraph (`Default: off`, `Value 3`, a
    // lead-in to a table), and had taken the changes under the true
    // heading from it.
    let marks = found.iter().any(|f| f.2);
    // A text that underlines its titles has no unnumbered plain ones: a
    // short line there is a paragraph (`Default: ``True```, under a
    // reStructuredText title) — but a plain numbered one is (a licence
    // underlines its chapters, `1. Definitions` / `---`, and leaves its
    // sections plain, `1.1. "Contributor"`).
    let underlines = !marks
        && found
            .iter()
            .any(|&(k, _, _)| underlined(&text[t.sentences[k].span.clone()]));
    found
        .into_iter()
        .filter(|&(k, ref r, marked)| {
            marked
                || !marks
                    && (!underlines
                        || underlined(&text[t.sentences[k].span.clone()])
                        || numbered_title(&text[r.clone()]))
        })
        .map(|(k, r, _)| (k, r))
        .collect()
}

/// A pattern that restricts a diff to the sections whose heading matches it
/// (`--section REGEX`).
#[derive(Debug, Clone)]
pub struct SectionFilter(regex::Regex);

impl SectionFilter {
    /// Compiles a pattern (Rust `regex` syntax).
    pub fn new(pattern: &str) -> Result<SectionFilter, String> {
        regex::Regex::new(pattern).map(SectionFilter).map_err(|e| {
            format!(
                "--section {pattern:?}: not a valid pattern ({})",
                crate::terms::one_line(&e)
            )
        })
    }

    /// Whether an op's section matches.
    pub fn matches(&self, op: &SentenceOp) -> bool {
        op.section.as_deref().is_some_and(|s| self.0.is_match(s))
    }
}

impl PartialEq for SectionFilter {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// Restricts a diff to the ops of matching sections: the other ops are
/// dropped and the summary (counts, similarity) is that of the ops kept;
/// the statistic deltas stay those of the whole documents. Returns whether
/// either version has a matching section at all (a pattern that matches
/// no heading leaves nothing to compare: "no changes" would be false).
pub fn restrict(d: &mut ArticleDiff, filter: &SectionFilter) -> bool {
    let found = d.ops.iter().any(|op| filter.matches(op));
    d.ops.retain(|op| filter.matches(op));
    let paragraphs =
        |f: fn(&SentenceOp) -> Option<usize>| d.ops.iter().filter_map(f).max().map_or(0, |p| p + 1);
    let (old_p, new_p) = (
        paragraphs(|o| o.old_paragraph),
        paragraphs(|o| o.new_paragraph),
    );
    d.summary = summarize(&d.ops, old_p, new_p, d.summary.coarse);
    d.section = Some(filter.0.as_str().to_string());
    found
}
