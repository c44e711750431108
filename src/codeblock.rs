//! Blocks of code that only a file's format tells apart from prose: a
//! Markdown file's indented code blocks (four spaces in, as CommonMark
//! reads them) and a reStructuredText file's doctest blocks (`>>> `).
//!
//! folio's scanner reads a text by its shape, and an indented paragraph of
//! plain text is prose (a letter quoted in a novel, a fortune, verse): so
//! these blocks are fenced in the document's text, as a web page's `<pre>`
//! is, only where the file's extension says its format. Fenced, they are
//! code as a fenced block is: no words, sentences nor readability of the
//! prose, and a README whose example gained its fences between two
//! versions no longer reads as prose deleted and code added.

/// A fence for `code`: backticks, more than any run of them inside it.
pub(crate) fn fence_for(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// The width of a line's indentation, a tab to the next multiple of four.
fn indent(line: &str) -> usize {
    let mut width = 0;
    for b in line.bytes() {
        match b {
            b' ' => width += 1,
            b'\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The column where a Markdown list item's text starts, if `line` is one
/// (`- `, `* `, `+ `, `1. `, `1) `).
fn list_item(line: &str) -> Option<usize> {
    let at = indent(line);
    let t = line.trim_start();
    let marker = match t.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 9 || !matches!(t.as_bytes().get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let rest = &t[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if spaces == 0 && !blank(rest) {
        return None;
    }
    // (Five spaces or more after the marker: the text starts after one,
    // the rest is an indented block of the item.)
    Some(at + marker + if (1..=4).contains(&spaces) { spaces } else { 1 })
}

/// The lines of a text, each with its line break.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Writes `lines` with `blocks` (ranges of line indices) fenced, each fence
/// at `indents` of its block.
fn with_fences(lines: &[&str], blocks: &[(std::ops::Range<usize>, usize)]) -> String {
    let mut out =
        String::with_capacity(lines.iter().map(|l| l.len()).sum::<usize>() + 16 * blocks.len());
    let mut next = 0;
    for (block, at) in blocks {
        out.extend(lines[next..block.start].iter().copied());
        let code: String = lines[block.clone()].concat();
        let fence = fence_for(&code);
        let pad = " ".repeat(*at);
        out.push_str(&format!("{pad}{fence}\n"));
        out.push_str(&code);
        if !code.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("{pad}{fence}"));
        // (The line break after the last line of code goes after the fence.)
        if code.ends_with('\n') {
            out.push('\n');
        }
        next = block.end;
    }
    out.extend(lines[next..].iter().copied());
    out
}

/// Commands that open a line of a shell session (`npm install lamp`,
/// `git clone …`): package managers, version control, build tools and the
/// shell's own, written so (lower case) at a line's start in no prose.
const COMMANDS: &[&str] = &[
    "apt", "apt-get", "brew", "bundle", "cargo", "cd", "chmod", "composer", "conda", "cp", "curl",
    "docker", "gem", "git", "go", "java", "kubectl", "ls", "make", "mkdir", "mv", "node", "npm",
    "npx", "pip", "pip3", "pipx", "pnpm", "python", "python3", "rm", "rustup", "sudo", "wget",
    "yarn",
];

/// Whether an indented block reads as code rather than as text indented
/// by a converter (statutes converted to Markdown indent their articles'
/// text and tables four spaces; GitHub shows them as code, every reader
/// of the file reads them as the law): a prompt (`$ `, `>>> `) opening a
/// line, or marks of code on half of its lines or more — a command opening
/// it (`npm install …`, see [`COMMANDS`]), brackets and operators (`{`,
/// `}`, `=`, `<`, `>`, `|`, `\`), a call (`map(x`, `run()`), an
/// underscore inside a name, a flag (` -g`, `--init`), `::`, `//`, or a
/// comment (`#`) opening a line. (A sentence's `;`, a file's `name.jpg`,
/// `z.B.`, a table's figures are none.)
fn reads_as_code(block: &[&str]) -> bool {
    // (A list's markers are no code: a table converted into nested lists,
    // indented so, is text; a line of markers alone says nothing.)
    let unmarked = |line: &str| -> String {
        let mut t = line.trim();
        while let Some(rest) = t
            .strip_prefix(['*', '-', '+'])
            .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
        {
            t = rest.trim_start();
        }
        t.to_string()
    };
    let mut lines = 0;
    let mut marked = 0;
    for line in block.iter().map(|l| unmarked(l)).filter(|l| !l.is_empty()) {
        lines += 1;
        let b = line.as_bytes();
        // A prompt makes a session: its output lines are code too.
        if ["$ ", ">>> ", "C:\\>", "PS> "]
            .iter()
            .any(|p| line.starts_with(p))
        {
            return true;
        }
        let command = line
            .split_once(' ')
            .is_some_and(|(head, _)| COMMANDS.contains(&head));
        let opens = command || ["#", "//", "% "].iter().any(|p| line.starts_with(p));
        let mark = opens
            || b.iter().enumerate().any(|(k, &c)| {
                let prev = k.checked_sub(1).map(|j| b[j]);
                let next = b.get(k + 1).copied();
                let letter = |x: Option<u8>| x.is_some_and(|x| x.is_ascii_alphanumeric());
                // The run of characters without a space around `k`.
                let token = || {
                    let from = b[..k].iter().rposition(|&x| x == b' ').map_or(0, |j| j + 1);
                    let to = b[k..]
                        .iter()
                        .position(|&x| x == b' ')
                        .map_or(b.len(), |j| k + j);
                    &b[from..to]
                };
                match c {
                    b'{' | b'}' | b'=' | b'<' | b'>' | b'|' => true,
                    // (Not Markdown's escape of a mark: `hospiz\_und`.)
                    b'\\' => !next.is_some_and(|x| x.is_ascii_punctuation()),
                    // A call: `f(x`, `f()`, `f('a'` (not `court(s)` nor
                    // `Arbeitgeber(in)`: a word's ending in brackets).
                    b'(' => {
                        letter(prev) && matches!(next, Some(b')' | b'\'' | b'"' | b'[' | b'{'))
                            || letter(prev) && {
                                let inner: Vec<u8> = b[k + 1..]
                                    .iter()
                                    .copied()
                                    .take_while(|&x| x != b')')
                                    .collect();
                                inner.contains(&b',') || inner.contains(&b'.') && inner.len() > 3
                            }
                    }
                    // A name's underscore (not a file's, an address's or
                    // a footnote's: `bgbl1_2012.jpg`, `[^f77_02_BJNR]`).
                    b'_' => {
                        let lower = |x: Option<u8>| x.is_some_and(|x| x.is_ascii_lowercase());
                        lower(prev)
                            && lower(next)
                            && !token()
                                .iter()
                                .any(|x| matches!(x, b'.' | b'/' | b'[' | b']'))
                    }
                    b'-' => {
                        prev.is_none_or(|p| p == b' ')
                            && next.is_some_and(|x| x == b'-' || x.is_ascii_alphabetic())
                    }
                    b':' => next == Some(b':'),
                    // (An address's `://` is none.)
                    b'/' => next == Some(b'/') && prev != Some(b':'),
                    _ => false,
                }
            });
        marked += usize::from(mark);
    }
    lines > 0 && 2 * marked >= lines
}

/// A Markdown text with its indented code blocks fenced (`None`: it has
/// none). An indented block is code after a blank line, outside a fenced
/// block, four columns beyond the text of the list item it is in (none:
/// four spaces in); lines indented less end it. A line indented under a
/// list item, less deep, is the item's text; a block at the text's start
/// is left as it is (the title is read from the first line).
pub(crate) fn fence_markdown(text: &str) -> Option<String> {
    let lines = lines(text);
    let mut blocks = Vec::new();
    let mut open: Option<(u8, usize)> = None;
    let mut list: Option<usize> = None;
    let mut after_blank = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((c, n)) = open {
            if crate::tokenize::fence(line)
                .is_some_and(|(d, m)| d == c && m >= n && blank(&line.trim_start()[m..]))
            {
                open = None;
            }
            i += 1;
            after_blank = false;
            continue;
        }
        if blank(line) {
            after_blank = true;
            i += 1;
            continue;
        }
        // Raw HTML's `<pre>` block, its tags on lines of their own: code,
        // as a web page's is (`<pre>` / `  npm install request` / `</pre>`).
        let t = line.trim();
        if indent(line) <= 3
            && t.starts_with("<pre")
            && t.ends_with('>')
            && matches!(t.as_bytes().get(4), Some(b'>' | b' '))
        {
            let close =
                (i + 1..lines.len()).find(|&k| lines[k].trim().eq_ignore_ascii_case("</pre>"));
            if let Some(end) = close.filter(|&end| end > i + 1) {
                blocks.push((i + 1..end, 0));
                i = end + 1;
                after_blank = false;
                continue;
            }
        }
        let base = list.unwrap_or(0);
        if after_blank && i > 0 && indent(line) >= base + 4 {
            let mut end = i + 1;
            let mut last = i;
            while end < lines.len() && (blank(lines[end]) || indent(lines[end]) >= base + 4) {
                if !blank(lines[end]) {
                    last = end;
                }
                end += 1;
            }
            if reads_as_code(&lines[i..=last]) {
                blocks.push((i..last + 1, 0));
            }
            i = last + 1;
            after_blank = false;
            continue;
        }
        if let Some(f) = crate::tokenize::fence(line) {
            open = Some(f);
        } else if let Some(content) = list_item(line) {
            list = Some(content);
        } else if after_blank && indent(line) < base {
            // The list ended: a paragraph less indented than its text.
            list = None;
        }
        after_blank = false;
        i += 1;
    }
    (!blocks.is_empty()).then(|| with_fences(&lines, &blocks))
}

/// Whether a text of another extension (Django's and CPython's documents
/// are reStructuredText kept as `.txt`) holds a doctest block to look for
/// and shows itself reStructuredText by a directive's line (`.. note::`,
/// `.. code-block:: python`): a mail quoted three times (`>>> We met on
/// Tuesday.`) has none.
pub(crate) fn reads_as_rst(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b">>>").is_some()
        && text.lines().any(|l| {
            l.trim_start().strip_prefix(".. ").is_some_and(|d| {
                d.split_once("::").is_some_and(|(name, _)| {
                    !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':')
                })
            })
        })
}

/// A reStructuredText text with its doctest blocks fenced (`None`: it has
/// none): a block of lines opening with `>>> ` after a blank line (at the
/// text's level, or indented as a block quote under a paragraph ending
/// `:`), up to the next blank line — not one in the body of a paragraph
/// ending `::` or of a code directive (code already), nor in a comment's.
pub(crate) fn fence_rst(text: &str) -> Option<String> {
    let lines = lines(text);
    let mut blocks = Vec::new();
    // The indentation of the directive or `::` paragraph whose body the
    // lines indented deeper are.
    let mut body_of: Option<usize> = None;
    let mut after_blank = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if blank(line) {
            after_blank = true;
            i += 1;
            continue;
        }
        let at = indent(line);
        if body_of.is_some_and(|b| at <= b) {
            body_of = None;
        }
        let t = line.trim();
        let doctest = t == ">>>" || t.starts_with(">>> ");
        if doctest && after_blank && body_of.is_none() {
            let end = (i..lines.len())
                .find(|&k| blank(lines[k]))
                .unwrap_or(lines.len());
            // (A fence three spaces in at most, as Markdown's.)
            blocks.push((i..end, at.min(3)));
            i = end;
            after_blank = false;
            continue;
        }
        // A literal block's, a code directive's or a comment's body (a
        // comment: `..` and no directive's `::`); another directive's (a
        // class's, a note's) is text, its doctests doctests.
        let comment = t == ".." || t.starts_with(".. ") && !t.contains("::");
        let literal = t.ends_with("::") && !t.starts_with(".. ");
        if body_of.is_none() && (literal || comment || crate::tokenize::code_directive(t)) {
            body_of = Some(at);
        }
        after_blank = false;
        i += 1;
    }
    (!blocks.is_empty()).then(|| with_fences(&lines, &blocks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indented_block_after_a_blank_line_is_fenced() {
        let text = "# Use\n\nMap the files:\n\n    async.map(files, fs.stat, done);\n\n    done(err);\nThat is all.\n";
        assert_eq!(
            fence_markdown(text).unwrap(),
            "# Use\n\nMap the files:\n\n```\n    async.map(files, fs.stat, done);\n\n    done(err);\n```\nThat is all.\n"
        );
        // Without a blank line before it, a paragraph's indented line is
        // the paragraph's (a block cannot interrupt one).
        assert_eq!(fence_markdown("A line\n    goes on.\n"), None);
        // The text's first line stays where the title is read.
        assert_eq!(fence_markdown("    Title\n\nText.\n"), None);
    }

    #[test]
    fn an_indented_block_of_prose_stays_prose() {
        // A statute converted to Markdown indents its articles' text, and
        // its tables as nested lists.
        let law = "**1.** **Ernennung**\n\n    Der Vorstand überträgt nach § 388 Absatz 2 des Dritten Buches\n    Sozialgesetzbuch die Befugnis zur Ernennung (BGBl. I S. 2854);\n    einschließlich derer bis zur Anstellung\n\n    1.1 einer Agentur für Arbeit\n\n    *        *   Art der Meldung\n            Inbetriebnahme (I),\n\n        *\n";
        assert_eq!(fence_markdown(law), None);
        for code in [
            "    $ npm install -g lamp\n",
            "    npm install lamp\n",
            "    $ node count.js -v\n    Showing only important stuff\n    Showing more\n",
            "    lamp --init\n",
            "    var app = express();\n    app.listen(3000);\n",
            "    fs.stat(path, done)\n",
            "    # a comment\n    make\n",
            "    SELECT name FROM users WHERE id = 1\n",
        ] {
            let text = format!("Run it:\n\n{code}");
            assert!(fence_markdown(&text).is_some(), "{code}");
        }
    }

    #[test]
    fn a_list_items_indented_text_is_no_code() {
        let text = "Steps:\n\n- Open the lid.\n\n    Then wait, as the item says.\n\n1.  Pour.\n\n    Slowly.\n";
        assert_eq!(fence_markdown(text), None);
        // Four columns beyond the item's text, it is code.
        let code = "Steps:\n\n- Run:\n\n      make -C build\n\nDone.\n\n    make -B clean\n";
        assert_eq!(
            fence_markdown(code).unwrap(),
            "Steps:\n\n- Run:\n\n```\n      make -C build\n```\n\nDone.\n\n```\n    make -B clean\n```\n"
        );
    }

    #[test]
    fn a_pre_block_of_raw_html_is_fenced() {
        let text = "## Install\n\n<pre>\n  npm install request\n</pre>\n\nThen use it.\n";
        assert_eq!(
            fence_markdown(text).unwrap(),
            "## Install\n\n<pre>\n```\n  npm install request\n```\n</pre>\n\nThen use it.\n"
        );
        // Unclosed, or on one line: left as it is.
        assert_eq!(fence_markdown("A\n\n<pre>\n  x = 1\n"), None);
        assert_eq!(fence_markdown("A\n\n<pre>x = 1</pre>\n"), None);
    }

    #[test]
    fn fenced_blocks_are_left_as_they_are() {
        let text = "Example:\n\n```\n\n    indented in a fence\n```\n";
        assert_eq!(fence_markdown(text), None);
        // A block holding a fence gets a longer one.
        let text = "Write:\n\n    ```\n    x = 1\n    y = 2\n    ```\n";
        assert!(fence_markdown(text)
            .unwrap()
            .starts_with("Write:\n\n````\n"));
    }

    #[test]
    fn a_text_reads_as_rst_by_a_directive() {
        assert!(reads_as_rst(
            "Use:\n\n>>> y(1)\n\n.. note::\n\n   Mind it.\n"
        ));
        assert!(!reads_as_rst("Use:\n\n>>> y(1)\n"));
        assert!(!reads_as_rst(
            ">>> We met on Tuesday.\n.. and then :: left.\n"
        ));
    }

    #[test]
    fn doctest_blocks_are_fenced_in_rst() {
        let text = "Use it:\n\n>>> from x import y\n>>> y(1)\n2\n\nAs shown.\n";
        assert_eq!(
            fence_rst(text).unwrap(),
            "Use it:\n\n```\n>>> from x import y\n>>> y(1)\n2\n```\n\nAs shown.\n"
        );
        // Code already: under `::`, in a directive's body (its options
        // between).
        for text in [
            "Use it::\n\n    >>> y(1)\n",
            ".. code-block:: pycon\n\n   >>> y(1)\n",
            ".. code-block:: pycon\n   :caption: A call\n\n   >>> y(1)\n",
            // Mid-paragraph: no doctest block.
            "Quoted mail\n>>> y(1)\n",
        ] {
            assert_eq!(fence_rst(text), None, "{text}");
        }
        // In a class's body (Sphinx's), quoted under a paragraph ending
        // `:`, and after a directive's body ended.
        assert_eq!(
            fence_rst(".. class:: Raster(path)\n\n    Open it:\n\n        >>> Raster('a.tif')\n").unwrap(),
            ".. class:: Raster(path)\n\n    Open it:\n\n   ```\n        >>> Raster('a.tif')\n   ```\n"
        );
        assert_eq!(fence_rst(".. A comment\n\n   >>> y(1)\n"), None);
        assert_eq!(
            fence_rst("For example:\n\n    >>> y(1)\n    2\n").unwrap(),
            "For example:\n\n   ```\n    >>> y(1)\n    2\n   ```\n"
        );
        assert_eq!(
            fence_rst(".. versionadded:: 2.0\n\n   Text.\n\n>>> y(1)\n").unwrap(),
            ".. versionadded:: 2.0\n\n   Text.\n\n```\n>>> y(1)\n```\n"
        );
    }
}
