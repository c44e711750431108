//! The text of a web page, block by block.
//!
//! A page's text is read the way a browser lays it out: every block-level
//! element (a paragraph, a heading, a list item, a table cell, a
//! definition's term) is a paragraph of its own, `<br>` breaks a line, and
//! a `<pre>` block keeps its lines in one paragraph. Page chrome is left
//! out by element (`nav`, `header`, `footer`, `aside`, scripts, forms …),
//! by ARIA role, by the `hidden` attributes, and by the class names and ids
//! documentation generators and wikis give their navigation ([`CHROME`]).
//!
//! The main text is then chosen between Readability's article (the
//! `dom_smoothie` crate) and this structural text (`choose`):
//! Readability knows news pages, but on a manual's chapter it can keep a
//! small part, or keep most of it and drop its headings and whole sections
//! between the parts it keeps.

use std::collections::HashMap;

use dom_query::NodeRef;

/// Elements whose text is never part of a page's text: the head, chrome,
/// code that runs, controls and embedded objects.
const SKIPPED: &[&str] = &[
    "head", "nav", "header", "footer", "aside", "script", "style", "form", "noscript", "template",
    "button", "select", "textarea", "iframe", "object", "svg", "math",
];

/// Class names (whole, in any case) of `aside` elements that are the
/// text's own: docutils (0.18 on, so Sphinx) writes footnotes, topics
/// (a howto's abstract) and the footnotes' list as `aside`.
const TEXT_ASIDES: &[&str] = &["footnote", "footnotes", "footnote-list", "topic"];

/// Class names (whole, in any case) of elements whose text is code as a
/// `code` element's is: Sphinx's signatures of functions and classes
/// (`<dt class="sig sig-object py">`) and docutils' literal spans
/// (`<span class="pre">`), which stand in no `code` element.
const CODE_CLASSES: &[&str] = &["sig", "pre"];

/// The texts of a heading's permalink, the link to itself that page
/// generators put beside it (Sphinx's and MkDocs' `¶`, GitHub's and
/// Jekyll's `#`, `§`, `🔗`): no reader reads it as text, and it stood at
/// the end of every heading and title.
const PERMALINKS: &[&str] = &["¶", "§", "#", "🔗", "⚓", "link"];

/// Block-level elements: the text of each is a paragraph of its own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Class names and ids (whole, in any case) that mark navigation and other
/// chrome on pages that do not use `nav`, `header` and `footer`: DocBook's
/// navigation tables and table of contents, MediaWiki's contents box, edit
/// links, navigation boxes and category links, Sphinx's and MkDocs' side
/// bars, Javadoc's navigation bars, and the common names for breadcrumbs,
/// navigation bars, side bars and skip links.
pub const CHROME: &[&str] = &[
    "toc",
    "navheader",
    "navfooter",
    "navbar",
    "navigation",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "sphinxsidebar",
    "md-sidebar",
    "md-header",
    "md-footer",
    "topnav",
    "bottomnav",
    "subnav",
    "skip-link",
    "skiplink",
    "mw-editsection",
    "mw-jump-link",
    "catlinks",
    "printfooter",
    "navbox",
    // Sphinx's and many sites' footers written as `<div class="footer">`.
    "footer",
    // Text only a screen reader reads ("Advertisement: content continues
    // below"): no reader sees it.
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
];

/// Words that mark chrome as a part of a class name or id, the parts being
/// what `-` and `_` separate (`ad-slot`, `share-tools__btn`,
/// `related-item`, `comment__body`, `div-gpt-ad-1`): advertising and
/// sponsored content, sharing and newsletter boxes, related and trending
/// stories, reader comments, cookie and consent banners, paywalls. A news
/// page's article stands among them, and Readability keeps some of them.
pub const CHROME_PARTS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "advertising",
    "anzeige",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "disqus",
    "gdpr",
    "newsletter",
    "onetrust",
    "outbrain",
    "paywall",
    "promo",
    "promoted",
    "publicidad",
    "recirc",
    "related",
    "relatedposts",
    "share",
    "sharing",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "taboola",
    "trending",
    "werbung",
];

/// First parts of class names that say what a thing is about, or has, not
/// what it is: `category-social`, `tag-ads`, `has-share`, `is-sponsored`.
const NOT_CHROME_PREFIXES: &[&str] = &[
    "category", "tag", "tags", "topic", "section", "has", "is", "with", "no", "postid", "format",
];

/// ARIA roles of chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menubar",
    "toolbar",
];

/// What a block of a page's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A heading (`h1` … `h6`).
    Heading,
    /// Preformatted text (`pre`): its lines kept.
    Pre,
    /// A table's cell (`td`, `th`): a package's name linked to its page is
    /// a cell of the table, not a menu.
    Cell,
    /// A picture's or a table's caption (`figcaption`, `caption`).
    Caption,
    /// Any other block.
    Text,
}

/// A paragraph of a page's text: lines joined by `\n`, each with its
/// whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub text: String,
    pub kind: Kind,
    /// Characters of its text (not spaces) inside links (`<a href>`).
    pub link_chars: usize,
}

impl Block {
    /// Whether half its text or more is the text of links, and it is no
    /// sentence (a cross-reference ends with its period): a menu, a list
    /// of related stories, a row of tags — chrome, not the article. A
    /// table's cell is not, nor code (a signature whose types link to
    /// their pages).
    pub(crate) fn link_dense(&self) -> bool {
        !matches!(self.kind, Kind::Cell | Kind::Pre)
            && self.link_chars > 0
            && !crate::tokenize::ends_as_prose(&self.text)
            && 2 * self.link_chars >= self.text.chars().filter(|c| !c.is_whitespace()).count()
    }

    /// The block as it stands in a document's text: a `pre` block fenced
    /// as Markdown fences code (with more backticks than any run inside
    /// it), so it is read as code, not prose (see `tokenize::Sink::code`).
    pub(crate) fn into_text(self) -> String {
        if self.kind != Kind::Pre {
            return self.text;
        }
        let fence = crate::codeblock::fence_for(&self.text);
        format!("{fence}\n{}\n{fence}", self.text)
    }
}

/// Whether one of an element's class names is one of `names` (in any case).
fn has_class(node: &NodeRef, names: &[&str]) -> bool {
    node.attr("class").is_some_and(|v| {
        v.split_whitespace()
            .any(|c| names.iter().any(|n| n.eq_ignore_ascii_case(c)))
    })
}

/// Readies a parsed page for folio and Readability to read: the
/// permalinks of headings removed ([`PERMALINKS`]: a link to a fragment of
/// the page whose whole text is a mark: titles, headings and their
/// sentences are read without them), the asides that are the text's own
/// ([`TEXT_ASIDES`]) made `div`s (Readability drops asides too), and the
/// ids that are a heading's text dropped ([`drop_heading_ids`]).
pub(crate) fn prepare(doc: &dom_query::Document) {
    for node in doc.select("a[href^='#']").nodes() {
        let text = node.text();
        let text = text.trim().trim_end_matches(['\u{fe0e}', '\u{fe0f}']);
        if PERMALINKS.contains(&text) {
            node.remove_from_parent();
        }
    }
    for node in doc.select("aside[class]").nodes() {
        if has_class(node, TEXT_ASIDES) {
            node.rename("div");
        }
    }
    drop_heading_ids(doc);
}

/// Removes the elements that are chrome by their attributes
/// ([`is_chrome`]) from a copy of a page that Readability is to read: it
/// changes the elements it reads (a `div` holding one paragraph becomes
/// that paragraph, the `div`'s class lost), and so could give back as the
/// article what folio knows for chrome (a documentation generator's
/// `<div class="footer">`, the whole text it kept of 48 pages of the Python
/// documentation).
///
/// And it wraps every table in a `div` of its own: Readability renames the
/// element it takes for the article, and the ones beside it, `div` unless
/// they are `div`s, `p`s or sections, and a table so renamed (one straight
/// under `<body>`, a page's index) leaves rows and cells outside any table,
/// which the parser of its HTML drops: the cells' texts ran together
/// (`spadeDig and turn …`, a Python module index's 2,447 words in 4
/// sentences). Wrapped, the table is the only child of its `div`, which
/// Readability takes in its place.
pub(crate) fn drop_chrome(doc: &dom_query::Document) {
    let marked = doc.select("[class], [id], [role], [hidden], [style], [aria-hidden]");
    // The page's prose, worked out when an element named as chrome might
    // hold the article.
    let page_prose = std::cell::OnceCell::new();
    let page_prose =
        || *page_prose.get_or_init(|| doc.select("body").nodes().first().map_or(0, prose_words));
    // Innermost first: an element named as chrome is asked what it holds
    // once the elements inside it were, those kept without their names (a
    // wrapper `div.ads` round another round the article had held no text
    // as the blocks read it, and gone with it).
    // What the elements kept hold, marked on their ancestors.
    let mut inside: rustc_hash::FxHashMap<dom_query::NodeId, Held> = Default::default();
    let budget = std::cell::Cell::new(u64::MAX);
    let mut budgeted = false;
    for node in marked.nodes().iter().rev() {
        let chrome = is_chrome(node);
        if let Some(Chrome::Named { .. }) = chrome {
            // (Measured on the page as it is before anything named as
            // chrome is removed: an article cut into sections named so,
            // each removed in turn, had been measured against what was
            // left of the page.)
            if !budgeted {
                budget.set(CHROME_READ_BASE + CHROME_READ_TIMES * page_prose());
                budgeted = true;
            }
        }
        match chrome {
            Some(Chrome::Hidden) => node.remove_from_parent(),
            Some(Chrome::Named { thin }) => {
                let known = inside.get(&node.id).copied();
                let held = holds_the_article(node, thin, known, page_prose, &budget);
                let Some(held) = held else {
                    node.remove_from_parent();
                    continue;
                };
                // Kept, without the names that say chrome: Readability
                // drops such names too, and its article's blocks are read
                // with their classes.
                node.remove_attr("class");
                node.remove_attr("id");
                let mut up = node.parent();
                while let Some(a) = up {
                    if inside.get(&a.id).is_some_and(|&k| k >= held) {
                        break;
                    }
                    inside.insert(a.id, held);
                    up = a.parent();
                }
            }
            None => {}
        }
    }
    // A heading left is text, whatever its class says: Readability drops
    // an element whose class holds `header`, `extra`, `menu`, `remark`
    // and their kin, and a news page's subheadings `h2.subheader` had all
    // gone from its article (a heading in chrome went with the chrome,
    // above).
    for heading in doc
        .select("h1[class], h2[class], h3[class], h4[class], h5[class], h6[class]")
        .nodes()
    {
        heading.remove_attr("class");
    }
    // And first the rows are set straight under their table: a long
    // table's `tbody` scores as the article itself, is renamed a `div` and
    // its rows and cells, outside any table, dropped the same way (the
    // cells of a manual's table of 40 rows had run into one sentence of
    // 485 words: `Bulletfg yellow; set bold; …`). Under the table, the
    // cells score the table, the only child of its `div`.
    for section in doc.select("thead, tbody, tfoot").nodes() {
        match section.first_child() {
            Some(child) => child.unwrap_node(),
            None => section.remove_from_parent(),
        }
    }
    for table in doc.select("table").nodes() {
        table.wrap_node(&doc.tree.new_element("div"));
    }
}

/// How an element is chrome (see [`is_chrome`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Chrome {
    /// Hidden, or of a chrome role: never read.
    Hidden,
    /// By a class name or id only, which a site may give the article's
    /// own container (`div#ad-portal` round the whole page, `p.paywall` on
    /// every paragraph): see [`holds_the_article`]. `thin`: named only
    /// by [`WRAPPER_PARTS`].
    Named { thin: bool },
}

/// The parts of [`CHROME_PARTS`] that name what a site puts into or beside
/// its text — advertising slots, sharing buttons — and so name wrappers
/// around the article as well (`o-section--has-ads`, a test report's
/// every `TestReport__Section--Ads`, `div.share-zone` round a whole
/// essay): no box of them holds paragraphs of prose of its own. A comment,
/// a related story, a newsletter's pitch does.
const WRAPPER_PARTS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "advertising",
    "anzeige",
    "publicidad",
    "share",
    "sharing",
    "social",
    "werbung",
];

/// Whether an element named as chrome holds the article, and is kept: a
/// paragraph of prose ([`PROSE_PARAGRAPH_WORDS`] words outside links), or
/// an element holding the page's headline (its `h1`, or an `article`) and
/// half the page's prose or more (`page_prose`, words outside links), or,
/// named only as advertising or sharing is (`thin`, see
/// [`WRAPPER_PARTS`]), [`WRAPPER_PARAGRAPHS`] paragraphs of prose, or one
/// under a heading. A site's wrappers
/// named `ad-portal`, `ad-wallpaper`, `share-zone`, `o-section--has-ads`
/// had taken whole articles with them: 5,860 words of 9 real pages, a
/// body's edit then no change; and then, of 106 pages of news with their
/// text known, 3 more (a test report's sections `TestReport__Section--Ads`,
/// an essay in a `div.share-zone`, a section `o-section--has-ads` beside
/// the headline's).
///
/// `inside`: what an element kept inside it holds (elements are asked
/// innermost first): what holds the article holds it, and what holds
/// paragraphs of prose does, without reading its text again. `budget`:
/// the words the questions may still read, a bound on the page's work (a
/// fuzzed page of 450 `div.ads` round one another and a megabyte of text
/// had read it at each); spent, an element not yet answered holds nothing.
fn holds_the_article(
    node: &NodeRef,
    thin: bool,
    inside: Option<Held>,
    page_prose: impl Fn() -> u64,
    budget: &std::cell::Cell<u64>,
) -> Option<Held> {
    if inside == Some(Held::Article) {
        return inside;
    }
    // Its blocks outside links, the words read taken from the budget.
    let read = || -> Option<Vec<Block>> {
        let left = budget.get();
        if left == 0 {
            return None;
        }
        let all = blocks(node);
        budget.set(left.saturating_sub(rough_words(&all).max(1)));
        Some(without_links(all))
    };
    let paragraphs = |b: &[Block]| {
        b.iter()
            .filter(|b| rough_words(std::slice::from_ref(b)) >= PROSE_PARAGRAPH_WORDS)
            .count()
    };
    if node.node_name().as_deref() == Some("p") {
        return (rough_words(&read()?) >= PROSE_PARAGRAPH_WORDS).then_some(Held::Paragraph);
    }
    if thin {
        if inside >= Some(Held::Paragraphs) {
            return inside;
        }
        // (Or one under a heading of its own: a report's section.)
        let b = read()?;
        let n = paragraphs(&b);
        if n >= WRAPPER_PARAGRAPHS || n >= 1 && b.iter().any(|b| b.kind == Kind::Heading) {
            return Some(Held::Paragraphs);
        }
    }
    let sel = dom_query::Selection::from(*node);
    let headline = sel.select("h1, article").exists();
    let article = headline && {
        let words = rough_words(&read()?);
        words > 0 && 2 * words >= page_prose()
    };
    article.then_some(Held::Article)
}

/// What an element named as chrome holds that keeps it (see
/// [`holds_the_article`]), in order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Held {
    /// A paragraph of prose.
    Paragraph,
    /// [`WRAPPER_PARAGRAPHS`] paragraphs of prose or more, or one under a
    /// heading.
    Paragraphs,
    /// The page's headline and half its prose.
    Article,
}

/// The words of its text the questions of [`holds_the_article`] may read
/// on a page, beyond this many times the page's prose.
const CHROME_READ_BASE: u64 = 20_000;
/// See [`CHROME_READ_BASE`].
const CHROME_READ_TIMES: u64 = 16;

/// The fewest paragraphs of prose an element named only as advertising or
/// sharing is holds to be a wrapper of the article (an advertisement's
/// box with an affiliate notice of one paragraph is none).
const WRAPPER_PARAGRAPHS: usize = 2;

/// The fewest words outside links of a paragraph that is prose, never
/// chrome by its name (a paywall's teaser, `Subscribe to keep reading`,
/// has fewer).
const PROSE_PARAGRAPH_WORDS: u64 = 15;

/// Whether an element is chrome by its attributes: hidden, a chrome role,
/// or a chrome class name or id.
fn is_chrome(node: &NodeRef) -> Option<Chrome> {
    if node.has_attr("hidden") {
        return Some(Chrome::Hidden);
    }
    let attr = |name: &str| node.attr(name).map(|v| v.to_ascii_lowercase());
    if attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return Some(Chrome::Hidden);
    }
    if attr("style").is_some_and(|s| {
        s.split(';').any(|d| {
            let d: String = d.chars().filter(|c| !c.is_whitespace()).collect();
            d == "display:none" || d == "visibility:hidden"
        })
    }) {
        return Some(Chrome::Hidden);
    }
    if attr("role").is_some_and(|r| r.split_whitespace().any(|r| CHROME_ROLES.contains(&r))) {
        return Some(Chrome::Hidden);
    }
    // The parts of a name mark chrome, except on the page's and the
    // article's containers (WordPress marks a post `category-social`, a
    // page `comments-open`) and in names that say what a thing is about
    // or has (`tag-related`, `has-share-buttons`).
    let container = matches!(
        node.node_name().as_deref(),
        Some("html" | "body" | "main" | "article")
    );
    // A name's chrome parts: none, only those of wrappers, or others.
    let mut found = false;
    let mut thin = true;
    let mut name = |t: &str| {
        if CHROME.contains(&t) {
            (found, thin) = (true, false);
            return;
        }
        if container {
            return;
        }
        let mut parts = t.split(['-', '_']).filter(|p| !p.is_empty()).peekable();
        if parts
            .peek()
            .is_none_or(|first| NOT_CHROME_PREFIXES.contains(first))
        {
            return;
        }
        for part in parts.filter(|p| CHROME_PARTS.contains(p)) {
            found = true;
            thin &= WRAPPER_PARTS.contains(&part);
        }
    };
    for v in [attr("class"), attr("id")].into_iter().flatten() {
        v.split_whitespace().for_each(&mut name);
    }
    found.then_some(Chrome::Named { thin })
}

/// Words a heading may hold beside chrome's without saying more than it:
/// `related-articles`, `share-this-story`, `cookie-notice` stay chrome.
const CHROME_FILLERS: &[&str] = &[
    "a", "an", "and", "article", "articles", "banner", "bar", "box", "more", "news", "notice",
    "of", "on", "our", "post", "posts", "read", "stories", "story", "the", "this", "to", "us",
    "with", "you", "your",
];

/// The least words, outside links, of a section whose id is its
/// heading's: a section of prose, not a box of chrome (a newsletter's
/// sign-up sentence, a cookie banner's two).
pub const HEADING_SECTION_MIN_WORDS: u64 = 20;

/// The parts of a name or a text as a slug of it has them: lower case,
/// without accents (`Überblick`, `uberblick`), split at whatever is not a
/// letter or a digit.
fn slug_parts(s: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `id` is a slug of the heading `text`, as page generators make
/// them (pandoc, Sphinx, Jekyll, Hugo, GitHub): the text's parts, or
/// those after its number (`4. Authorization`: `authorization`), or the
/// first three or more of them (a slug cut short), and the heading says
/// more than chrome would (`Sharing of personal data`, not `Related
/// articles` or `3 Comments`).
fn heading_slug(id: &str, text: &str) -> bool {
    let id = slug_parts(id);
    let text = slug_parts(text);
    let numbered = text
        .iter()
        .position(|p| !p.bytes().all(|b| b.is_ascii_digit()))
        .map_or(&text[..0], |k| &text[k..]);
    let matches = !id.is_empty()
        && (id == text
            || id == numbered
            || id.len() >= 3 && (text.starts_with(&id) || numbered.starts_with(&id)));
    matches
        && numbered.iter().any(|p| {
            !CHROME_PARTS.contains(&p.as_str())
                && !CHROME_FILLERS.contains(&p.as_str())
                && !CHROME.contains(&p.as_str())
        })
}

/// Removes the ids that name a heading's text — a heading's own
/// (`<h2 id="sharing-of-personal-data">`), or that of the heading a
/// section of prose opens with (`<section id="our-use-of-cookies">`): they
/// say what a section is about, not what it is, and chrome's words in
/// them (`sharing`, `cookies`, Readability's `contact`, `author` of
/// `authorization`) had dropped whole sections of policies. Done before
/// folio and Readability look for chrome.
fn drop_heading_ids(doc: &dom_query::Document) {
    const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
    let is_heading = |n: &NodeRef| {
        n.node_name()
            .is_some_and(|name| HEADINGS.contains(&name.as_ref()))
    };
    // Innermost first: a section's words are counted with its own
    // sections' ids dropped.
    // (A page of many ids, a manual's, costs little: no element's whole
    // text is made, only a heading's.)
    let in_heading = |n: &NodeRef| n.ancestors_it(Some(4)).any(|a| is_heading(&a));
    for node in doc.select("[id]").nodes().iter().rev() {
        let Some(id) = node.attr("id") else {
            continue;
        };
        let name = node.node_name().unwrap_or_default();
        let drop = if is_heading(node) || matches!(name.as_ref(), "a" | "span") && in_heading(node)
        {
            // A heading, or an anchor or a span inside one.
            heading_slug(&id, &node.text())
        } else if matches!(name.as_ref(), "section" | "div" | "article") {
            // A section that opens with its heading (its first element,
            // or the first inside a wrapper), after any empty ones (the
            // label anchors Sphinx puts first: `<span id="label"></span>`).
            let mut first = node.first_element_child();
            while let Some(f) = first.filter(|f| f.first_child().is_none()) {
                first = f.next_element_sibling();
            }
            let heading = first.filter(is_heading).or_else(|| {
                first
                    .and_then(|f| f.first_element_child())
                    .filter(is_heading)
            });
            heading.is_some_and(|h| {
                heading_slug(&id, &h.text()) && prose_words(node) >= HEADING_SECTION_MIN_WORDS
            })
        } else {
            false
        };
        if drop {
            node.remove_attr("id");
        }
    }
}

/// Builds the blocks of a page as it walks the tree.
#[derive(Default)]
struct Blocks {
    done: Vec<Block>,
    line: String,
    space: bool,
    /// The innermost open block element's kind.
    kind: Vec<Kind>,
    /// Links open (`<a href>`) around the text being written.
    links: usize,
    /// Where in `line` the text of links stands, not spaces.
    link_chars: Vec<usize>,
    /// Code elements open (`code`, `kbd`, `samp`, `tt`) around the text.
    code: usize,
    /// Characters of `line` (not spaces) outside code elements.
    prose_chars: Vec<usize>,
}

impl Blocks {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.line.is_empty() && !self.line.ends_with('\n') {
                    self.line.push(' ');
                }
                self.space = false;
                if self.links > 0 {
                    self.link_chars.push(self.line.len());
                }
                if self.code == 0 {
                    self.prose_chars.push(self.line.len());
                }
                self.line.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        self.line.push('\n');
        self.space = false;
    }

    /// Ends the block being written: its lines, blank ones dropped (two
    /// line breaks in a row part paragraphs, as browsers show them, and so
    /// does one that sets a line apart: [`crate::tokenize::line_set_apart`]).
    fn end_block(&mut self) {
        let kind = self.kind.last().copied().unwrap_or(Kind::Text);
        let line = std::mem::take(&mut self.line);
        let link_chars = std::mem::take(&mut self.link_chars);
        let prose_chars = std::mem::take(&mut self.prose_chars);
        self.space = false;
        let mut start = 0;
        for part in line.split("\n\n") {
            let end = start + part.len();
            let lines: Vec<&str> = part
                .split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if !lines.is_empty() {
                // A line break that sets a line apart (a contact block, a
                // dateline under a headline) parts paragraphs: the page
                // is not hard-wrapped, so each break is its writer's.
                let mut text = String::with_capacity(part.len() + lines.len());
                for (k, l) in lines.iter().enumerate() {
                    if k > 0 {
                        text.push_str(if crate::tokenize::line_set_apart(lines[k - 1], l) {
                            "\n\n"
                        } else {
                            "\n"
                        });
                    }
                    text.push_str(l);
                }
                // A table's cell or a line whose text is all inside code
                // elements (`<td><code>cd ..</code></td>`) is code, as a
                // `pre` is: no prose (it had been 12–19% of the sentences
                // of a manual's chapters, some of them prose: `:q!`).
                let all_code = kind != Kind::Heading
                    && !prose_chars.iter().any(|&i| (start..end).contains(&i));
                // A client-side template's text (`{{content.status ===
                // "published" ? …}}`), which a browser running the page's
                // scripts fills in or hides, is nothing a reader sees: a
                // news page's editing bar had been the first six lines of
                // its text, before its headline.
                if template(&text) {
                    start = end + 2;
                    continue;
                }
                self.done.push(Block {
                    text,
                    kind: if all_code { Kind::Pre } else { kind },
                    link_chars: link_chars
                        .iter()
                        .filter(|&&i| (start..end).contains(&i))
                        .count(),
                });
            }
            start = end + 2;
        }
    }

    /// A `pre` block: its lines, each with its whitespace collapsed, blank
    /// ones dropped, as one paragraph.
    fn pre(&mut self, text: &str) {
        self.end_block();
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            self.done.push(Block {
                text: lines.join("\n"),
                kind: Kind::Pre,
                link_chars: 0,
            });
        }
    }
}

/// Whether a block's text is a client-side template's: four fifths of its
/// characters (not spaces) or more inside `{{ … }}` (AngularJS, Vue,
/// Handlebars). A sentence that shows one (`write {{ name }} to print
/// it`) is not.
fn template(text: &str) -> bool {
    if !text.contains("{{") {
        return false;
    }
    let (mut inside, mut all, mut depth) = (0usize, 0usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        all += 1;
        if c == '{' && chars.next_if_eq(&'{').is_some() {
            depth += 1;
            all += 1;
            inside += 2;
            continue;
        }
        if depth > 0 {
            inside += 1;
            if c == '}' && chars.next_if_eq(&'}').is_some() {
                depth -= 1;
                all += 1;
                inside += 1;
            }
        }
    }
    inside > 0 && 5 * inside >= 4 * all
}

enum Step<'a> {
    Open(NodeRef<'a>),
    Close { block: bool, link: bool, code: bool },
}

/// The blocks of the text under `root`, chrome left out.
pub(crate) fn blocks(root: &NodeRef) -> Vec<Block> {
    let mut out = Blocks::default();
    let mut steps: Vec<Step> = root.children_it(true).map(Step::Open).collect();
    while let Some(step) = steps.pop() {
        let node = match step {
            Step::Close { block, link, code } => {
                if block {
                    out.end_block();
                    out.kind.pop();
                }
                out.links -= usize::from(link);
                out.code -= usize::from(code);
                continue;
            }
            Step::Open(node) => node,
        };
        if node.is_text() {
            out.text(&node.text());
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.node_name().unwrap_or_default();
        let name = name.as_ref();
        if SKIPPED.contains(&name) || is_chrome(&node).is_some() {
            continue;
        }
        match name {
            "br" => out.line_break(),
            "pre" => out.pre(&node.text()),
            _ => {
                let block = BLOCKS.contains(&name);
                // A heading that links to its place in the page's contents
                // (`<h3><a href="#id3">General questions</a></h3>`, as
                // docutils writes them) is a heading, not a menu.
                let link = name == "a"
                    && node.attr("href").is_some_and(|h| {
                        !(h.starts_with('#') && out.kind.last() == Some(&Kind::Heading))
                    });
                out.links += usize::from(link);
                let code = matches!(name, "code" | "kbd" | "samp" | "tt")
                    || has_class(&node, CODE_CLASSES);
                out.code += usize::from(code);
                if block {
                    out.end_block();
                    out.kind.push(match name {
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
                        "td" | "th" => Kind::Cell,
                        "figcaption" | "caption" => Kind::Caption,
                        _ => Kind::Text,
                    });
                }
                steps.push(Step::Close { block, link, code });
                steps.extend(node.children_it(true).map(Step::Open));
            }
        }
    }
    out.end_block();
    out.done
}

/// The blocks of a page's structural text: its body's (or, without a
/// body, the whole document's), chrome left out.
pub(crate) fn structural(doc: &dom_query::Document) -> Vec<Block> {
    let body = doc.select("body");
    match body.nodes().first() {
        Some(b) => blocks(b),
        None => blocks(&doc.root()),
    }
}

/// Blocks without those that are mostly links' text ([`Block::link_dense`]).
pub(crate) fn without_links(blocks: Vec<Block>) -> Vec<Block> {
    blocks.into_iter().filter(|b| !b.link_dense()).collect()
}

/// An element's words outside links ([`rough_words`] of its blocks but
/// those mostly links' text).
fn prose_words(node: &NodeRef) -> u64 {
    rough_words(&without_links(blocks(node)))
}

/// Words of blocks, roughly (runs of non-space characters holding a letter
/// or digit): enough to compare two extractions of one page.
pub(crate) fn rough_words(blocks: &[Block]) -> u64 {
    crate::boilerplate::rough_words(blocks.iter().map(|b| b.text.as_str()), u64::MAX)
}

/// A page whose Readability text has fewer than this share of the words of
/// its structural text is read by its structural text.
pub const STRUCTURAL_MIN_SHARE: f64 = 0.25;

/// Readability's text is filled from the structural text when the blocks it
/// left out between the first and the last it kept hold at least this
/// share of the words it kept …
pub const FILL_MIN_SHARE: f64 = 0.03;
/// … in at least this many blocks.
pub const FILL_MIN_BLOCKS: usize = 3;

/// Which text of a page is its main text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choice {
    /// Readability's article.
    Readability,
    /// The structural text from the first block Readability kept to the
    /// last (the headings just before the first included): Readability
    /// left out text between them.
    Filled,
    /// The whole structural text: Readability kept too little of it.
    Structural,
}

/// Chooses a page's main text between Readability's article and the
/// structural text:
///
/// * Readability's, unless it has fewer than [`STRUCTURAL_MIN_SHARE`] of
///   the structural text's words (then the structural text: Readability
///   took a part — a large table, one section — for the article);
/// * but when the structural blocks it left out *between* the first and
///   the last block it kept hold [`FILL_MIN_SHARE`] of its words in
///   [`FILL_MIN_BLOCKS`] blocks or more, it dropped parts of the article
///   (a manual's headings and sections, say), not the chrome around it:
///   then the structural text from its first block to its last.
///
/// Either way, the article's head — the blocks between the page's
/// headline (a heading whose text is `headline`) and the first block
/// Readability kept, at most [`HEAD_MAX_BLOCKS`] — is the article's:
/// Readability takes the byline, the dateline and the lead picture's
/// caption out of its text, and a newsroom changing one of them (a
/// reporter added, a caption corrected) had made no change.
pub(crate) fn choose(
    structural: Vec<Block>,
    article: &[Block],
    headline: &str,
    byline: Option<&str>,
) -> (Vec<Block>, Choice) {
    // A block mostly of links' text — a menu, a list of related stories —
    // is chrome: the share is of the page's other text, and no structural
    // text keeps it.
    // Readability's byline as blocks hold it, once (see `is_byline`).
    let byline: Option<String> = byline
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|b| b.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    let byline = byline.as_deref();
    // A byline stays for the article's head, its name a link or not (`By
    // <a>Maria Chen</a>`, most newsrooms' way: its correction had been
    // no change); no other text keeps a block of links.
    let structural: Vec<Block> = structural
        .into_iter()
        .filter(|b| !b.link_dense() || is_byline(&b.text, byline))
        .collect();
    let article: Vec<Block> = article
        .iter()
        .filter(|b| !b.link_dense())
        .cloned()
        .collect();
    let kept_words = rough_words(&article);
    if (kept_words as f64) < STRUCTURAL_MIN_SHARE * rough_words(&structural) as f64 {
        return (without_links(structural), Choice::Structural);
    }
    let kept = found_in(&article, &structural);
    let (Some(first), Some(last)) = (kept.iter().position(|&k| k), kept.iter().rposition(|&k| k))
    else {
        return (article, Choice::Readability);
    };
    let head = article_head(&structural[..first], headline, byline);
    // (A byline's block of links is kept for the head only: no hole.)
    let holes: Vec<&Block> = (first..=last)
        .filter(|&i| !kept[i] && !structural[i].link_dense())
        .map(|i| &structural[i])
        .collect();
    let hole_words =
        crate::boilerplate::rough_words(holes.iter().map(|b| b.text.as_str()), u64::MAX);
    if holes.len() < FILL_MIN_BLOCKS || (hole_words as f64) < FILL_MIN_SHARE * kept_words as f64 {
        let mut text = head;
        text.extend(article);
        return (text, Choice::Readability);
    }
    let mut from = first;
    while from > 0 && structural[from - 1].kind == Kind::Heading {
        from -= 1;
    }
    let mut filled = head;
    filled.extend(
        structural
            .into_iter()
            .take(last + 1)
            .skip(from)
            .filter(|b| !b.link_dense()),
    );
    (filled, Choice::Filled)
}

/// The container's text replaces the chosen one when it has at least this
/// many times its words …
pub const CONTAINER_MIN_GAIN: f64 = 1.25;
/// … in at least this many more blocks.
pub const CONTAINER_MIN_BLOCKS: usize = 3;
/// Ancestors of the headline looked through for the article's container.
const CONTAINER_MAX_LEVELS: usize = 16;

/// The structural text of the article's container: the innermost element
/// holding both the page's headline (a heading whose text is `headline`)
/// and the text Readability kept (nine tenths of its words at least);
/// `None` when there is no such heading, or only the page's body holds
/// both. Readability may take one part of a long manual page for the
/// article — a large table, the sections of one chapter's first part —
/// and leave the rest out: a Debian Reference chapter had kept a quarter
/// of its words, and four rows added to its table had flipped it from
/// the whole chapter to the table alone. The chapter's `div` holds its
/// title and every section; a news page's `article` holds its headline
/// and body, not what stands around them.
pub(crate) fn container(
    page: &dom_query::Document,
    headline: &str,
    article: &[Block],
) -> Option<Vec<Block>> {
    // (A headline of no words names no heading.)
    headline.split_whitespace().next()?;
    let headings = page.select("h1, h2, h3, h4, h5, h6");
    let heading = *headings
        .nodes()
        .iter()
        .find(|h| same_words(&h.text(), headline))?;
    let article: Vec<Block> = article
        .iter()
        .filter(|b| !b.link_dense())
        .cloned()
        .collect();
    let article_words = rough_words(&article);
    if article_words == 0 {
        return None;
    }
    let mut node = heading.parent()?;
    for _ in 0..CONTAINER_MAX_LEVELS {
        if matches!(node.node_name().as_deref(), Some("body" | "html") | None) {
            return None;
        }
        let mut inside = without_links(blocks(&node));
        let found = found_in(&inside, &article);
        let covered = crate::boilerplate::rough_words(
            article
                .iter()
                .zip(found)
                .filter(|&(_, f)| f)
                .map(|(b, _)| b.text.as_str()),
            u64::MAX,
        );
        if 10 * covered >= 9 * article_words {
            // The article ends where a heading of related stories opens
            // after the last of its blocks Readability kept (a science
            // page's container held `Ähnliche Artikel` and their teasers).
            let last = found_in(&article, &inside).iter().rposition(|&f| f);
            if let Some(last) = last {
                if let Some(k) = inside[last + 1..]
                    .iter()
                    .position(|b| crate::boilerplate::opens_related(&b.text))
                {
                    inside.truncate(last + 1 + k);
                }
            }
            return Some(inside);
        }
        node = node.parent()?;
    }
    None
}

/// For each of `blocks`, whether its text is one of `pool`'s, each of
/// `pool`'s texts found once at most (a paragraph repeated in the page
/// is matched as often as the pool holds it).
fn found_in(pool: &[Block], blocks: &[Block]) -> Vec<bool> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for b in pool {
        *left.entry(b.text.as_str()).or_default() += 1;
    }
    blocks
        .iter()
        .map(|b| match left.get_mut(b.text.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .collect()
}

/// Whether two texts are the same words, whatever their case and spacing
/// (a headline and the heading that shows it).
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

/// An article's head has at most this many blocks (byline, dateline,
/// standfirst, lead picture's caption …); more between the headline and
/// the text Readability kept is not one.
pub const HEAD_MAX_BLOCKS: usize = 6;

/// The article's head among the blocks before the first Readability kept
/// (`before`), after the last heading of text `headline`, when they are at
/// most [`HEAD_MAX_BLOCKS`] and none is a heading (a heading between would
/// open some other part of the page): of them, the byline (see
/// [`is_byline`]) and the pictures' captions. Not the rest — a comment
/// count, a reading time, "Listen to this article", "Updated 12 min ago"
/// change from crawl to crawl and are no revision of the article.
fn article_head(before: &[Block], headline: &str, byline: Option<&str>) -> Vec<Block> {
    let same = |a: &str| same_words(a, headline);
    let Some(h) = before
        .iter()
        .rposition(|b| b.kind == Kind::Heading && same(&b.text))
    else {
        return Vec::new();
    };
    let head = &before[h + 1..];
    let fits = head.len() <= HEAD_MAX_BLOCKS && head.iter().all(|b| b.kind != Kind::Heading);
    if headline.trim().is_empty() || !fits {
        return Vec::new();
    }
    head.iter()
        .filter(|b| b.kind == Kind::Caption || is_byline(&b.text, byline))
        .cloned()
        .collect()
}

/// Whether a block is a byline: it holds the one Readability found
/// (`byline`: its whitespace collapsed, of three letters or more, as
/// [`choose`] makes it) and not much more, or it reads as
/// one — `By`, `Von`, `Par`, `Por`, `Di`, `Door`, `Af` or `Av` (or `Written
/// by`, `Text:`, `Autor:`), then a name of capitalized words and particles
/// (`Jan de Vries`, `Ursula von der Leyen`), more names joined by `and`,
/// `und` or `&`, up to [`BYLINE_MAX_WORDS`] words before what may follow a
/// comma or a `|` (`, staff writer`, `| March 3, 2024`); not a headline in
/// title case (`By The Numbers`: a name opens with no article).
fn is_byline(text: &str, byline: Option<&str>) -> bool {
    if byline.is_some_and(|by| text.len() <= 4 * by.len().max(40) && text.contains(by)) {
        return true;
    }
    const BY: &[&str] = &[
        "by",
        "von",
        "par",
        "por",
        "di",
        "door",
        "af",
        "av",
        "written by",
        "text",
        "autor",
        "autorin",
        "author",
    ];
    const JOINS: &[&str] = &["and", "und", "et", "y", "e", "en", "og", "och", "&", "in"];
    const PARTICLES: &[&str] = &[
        "van", "von", "der", "den", "de", "la", "le", "del", "della", "da", "di", "du", "dos",
        "das", "al", "bin", "ibn", "ten", "ter", "zu", "vom", "st.",
    ];
    const NOT_NAMES: &[&str] = &[
        "the",
        "a",
        "an",
        "der",
        "die",
        "das",
        "le",
        "la",
        "les",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "het",
        "een",
        "this",
        "our",
        "topic",
        "topics",
        "category",
        "date",
        "region",
        "section",
        "type",
        "relevance",
        "popularity",
    ];
    if text.len() > 200 || (text.ends_with(['.', '!', '?']) && !text.ends_with(" Jr.")) {
        return false;
    }
    // The name: up to a comma or a `|`.
    let name = text.split([',', '|', '·']).next().unwrap_or(text);
    let lower = name.to_lowercase();
    let Some(rest) = BY.iter().find_map(|b| {
        let r = lower.strip_prefix(b)?;
        let r = r.strip_prefix(':').unwrap_or(r);
        r.starts_with(char::is_whitespace)
            .then(|| &name[name.len() - r.len()..])
    }) else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    words.len() <= BYLINE_MAX_WORDS
        && first.starts_with(char::is_uppercase)
        && !NOT_NAMES.contains(&first.to_lowercase().as_str())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                || JOINS.contains(w)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
}

/// A byline's name and place have at most this many words.
pub const BYLINE_MAX_WORDS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        let doc = dom_query::Document::from(html);
        structural(&doc).into_iter().map(|b| b.text).collect()
    }

    /// Found by an audit of news pages: an editing bar's AngularJS
    /// template had been a page's first six lines. Our own page.
    #[test]
    fn a_client_side_template_is_no_text() {
        let page = "<html><body><div class=\"edit-bar\"><p>{{page.status === \"draft\" ?\n\"Entwurf\" : \"Veröffentlicht\"}}</p>\
            <p>{{page.editor.name}} - {{page.updated | date : 'dd.MM.yyyy'}}</p></div>\
            <h1>Fähre fährt früher</h1><p>Schreiben Sie {{ name }} in die Vorlage, um den Namen zu zeigen.</p></body></html>";
        assert_eq!(
            texts(page),
            [
                "Fähre fährt früher",
                "Schreiben Sie {{ name }} in die Vorlage, um den Namen zu zeigen."
            ]
        );
        assert!(template("{{a}} - {{b | date}}"));
        assert!(!template("Write {{ name }} to print the name of the user."));
        assert!(!template("Sets {x} to {y}."));
    }

    #[test]
    fn every_block_element_is_a_paragraph() {
        let page = "<html><body><h1>Title</h1><p>One <b>bold</b>word and <i>more</i>.</p>\
            <table><tr><th>Name</th><th>Size</th></tr><tr><td>mc</td><td>1482</td></tr></table>\
            <dl><dt>3.1. First</dt><dt>3.2. Second</dt></dl>\
            <ul><li>An item<ul><li>A nested item</li></ul></li></ul>\
            <p>Line one<br>line two<br><br>New paragraph</p>\
            <pre>$ ls -l\n\n  total   0\n</pre></body></html>";
        assert_eq!(
            texts(page),
            [
                "Title",
                "One boldword and more.",
                "Name",
                "Size",
                "mc",
                "1482",
                "3.1. First",
                "3.2. Second",
                "An item",
                "A nested item",
                "Line one\nline two",
                "New paragraph",
                "$ ls -l\ntotal 0",
            ]
        );
    }

    /// A line a `<br>` sets apart is a paragraph of its own (it had run
    /// into the next as one sentence: `Media contact Jane Doe 555-0100`);
    /// a sentence broken at a word goes on.
    #[test]
    fn a_line_break_that_sets_a_line_apart_parts_paragraphs() {
        let page = "<html><body>\
            <p>Posted: March 3, 2024<br>Updated: March 4</p>\
            <p>Media contact<br>Jane Doe<br>555-0100<br>press@example.org</p>\
            <p>The council approved a<br>$412.6 million budget,<br>and the mayor<br>signed it.</p>\
            <p>Contact:<br>Jane Doe</p><p>Dr.<br>Smith</p></body></html>";
        assert_eq!(
            texts(page),
            [
                "Posted: March 3, 2024\n\nUpdated: March 4",
                "Media contact\n\nJane Doe\n\n555-0100\n\npress@example.org",
                "The council approved a\n$412.6 million budget,\nand the mayor\nsigned it.",
                "Contact:\nJane Doe",
                "Dr.\nSmith",
            ]
        );
    }

    #[test]
    fn a_block_all_of_code_is_code() {
        // A table of commands: each cell that is all `code` is code, as a
        // `pre` is; a cell or a line with words of its own is not.
        let page = "<html><body><p>Use <code>ls</code> to list files.</p>\
            <table><tr><td><code>cd ..</code></td><td>go up one folder</td></tr>\
            <tr><td><kbd>:q!</kbd></td><td>quit without saving</td></tr></table>\
            <ul><li><code>--force</code></li><li><code>-q</code>: quiet</li></ul>\
            <h2><code>apt</code></h2></body></html>";
        let doc = dom_query::Document::from(page);
        let kinds: Vec<(String, Kind)> = structural(&doc)
            .into_iter()
            .map(|b| (b.text, b.kind))
            .collect();
        let kind = |t: &str| kinds.iter().find(|(x, _)| x == t).map(|(_, k)| *k);
        assert_eq!(kind("cd .."), Some(Kind::Pre), "{kinds:?}");
        assert_eq!(kind(":q!"), Some(Kind::Pre));
        assert_eq!(kind("--force"), Some(Kind::Pre));
        assert_eq!(kind("go up one folder"), Some(Kind::Cell));
        assert_eq!(kind("Use ls to list files."), Some(Kind::Text));
        assert_eq!(kind("-q: quiet"), Some(Kind::Text));
        assert_eq!(kind("apt"), Some(Kind::Heading));
    }

    #[test]
    fn a_pre_block_is_fenced_as_code() {
        let pre = |text: &str| {
            Block {
                text: text.into(),
                kind: Kind::Pre,
                link_chars: 0,
            }
            .into_text()
        };
        assert_eq!(pre("$ ls -l\ntotal 0"), "```\n$ ls -l\ntotal 0\n```");
        assert_eq!(pre("a ```` b"), "`````\na ```` b\n`````");
        let text = Block {
            text: "Plain.".into(),
            kind: Kind::Text,
            link_chars: 0,
        }
        .into_text();
        assert_eq!(text, "Plain.");
    }

    #[test]
    fn chrome_is_left_out_by_element_role_class_and_id() {
        let page = "<html><body><div class=\"navheader\"><table><tr><th>Chapter 3</th></tr></table></div>\
            <nav>Home</nav><div role=\"navigation\">Menu</div><div class=\"Toc\"><p>Contents</p></div>\
            <div id=\"breadcrumbs\">Docs › Boot</div><p hidden>Hidden</p><span aria-hidden=\"true\">★</span>\
            <div style=\"display: none\">Invisible</div>\
            <p class=\"intro toc-like\">Kept, its class is only like a chrome name.</p>\
            <script>var x;</script><form>Search</form><p>The text.</p>\
            <div class=\"navfooter\">Next: Chapter 4</div></body></html>";
        assert_eq!(
            texts(page),
            ["Kept, its class is only like a chrome name.", "The text."]
        );
    }

    #[test]
    fn chrome_is_known_by_the_parts_of_its_names_but_not_on_containers() {
        let page = "<html><body class=\"single comments-open\"><article class=\"post category-social tag-ads\">\
            <p>The article's text.</p>\
            <div class=\"share-tools__btn\">Share on Facebook</div><div id=\"div-gpt-ad-1\">Advertisement</div>\
            <ul class=\"related-item\"><li>Another story</li></ul><div class=\"comment__body\">First!</div>\
            <div class=\"has-share-buttons\"><p>Kept: its name says what it has.</p></div>\
            <p class=\"sr-only\">Advertisement: content continues below</p>\
            <p class=\"shareholder-letter\">Kept: a shareholder is no share.</p></article></body></html>";
        assert_eq!(
            texts(page),
            [
                "The article's text.",
                "Kept: its name says what it has.",
                "Kept: a shareholder is no share."
            ]
        );
    }

    #[test]
    fn a_block_of_links_is_link_dense_unless_a_sentence_or_a_cell() {
        let page = "<html><body><ul><li><a href=\"/a\">Home</a></li><li><a href=\"/b\">Politics and elections</a></li></ul>\
            <p>Read <a href=\"/c\">the council's full budget report for 2024</a>.</p>\
            <p>Prices rose, <a href=\"/d\">the office said</a> on Monday</p>\
            <table><tr><td><a href=\"/p/mc\">mc</a></td></tr></table></body></html>";
        let doc = dom_query::Document::from(page);
        let dense: Vec<(String, bool)> = structural(&doc)
            .into_iter()
            .map(|b| (b.text.clone(), b.link_dense()))
            .collect();
        assert_eq!(
            dense,
            [
                ("Home".to_string(), true),
                ("Politics and elections".to_string(), true),
                (
                    "Read the council's full budget report for 2024.".to_string(),
                    false
                ),
                ("Prices rose, the office said on Monday".to_string(), false),
                ("mc".to_string(), false),
            ]
        );
    }

    /// A short article beside a menu, trending links and a footer of links
    /// many times its size is Readability's article: links are not the
    /// page's text that Readability would have missed.
    #[test]
    fn a_short_article_beside_many_links_is_not_read_structurally() {
        let link = |t: &str| Block {
            text: t.to_string(),
            kind: Kind::Text,
            link_chars: t.chars().filter(|c| !c.is_whitespace()).count(),
        };
        let mut structural: Vec<Block> = (0..40)
            .map(|i| link(&format!("Menu entry number {i} of the site")))
            .collect();
        structural.push(para(PROSE));
        structural.push(para(PROSE));
        let article = vec![para(PROSE), para(PROSE)];
        assert_eq!(
            choose(structural, &article, "", None),
            (article, Choice::Readability)
        );
    }

    fn block(text: &str, kind: Kind) -> Block {
        Block {
            text: text.to_string(),
            kind,
            link_chars: 0,
        }
    }

    fn para(text: &str) -> Block {
        block(text, Kind::Text)
    }

    const PROSE: &str =
        "A paragraph of the article with enough words in it to count for something here.";

    #[test]
    fn the_articles_head_is_between_its_headline_and_the_kept_text() {
        let article = vec![para(PROSE), para(PROSE)];
        let page = |between: Vec<Block>| {
            let mut p = vec![
                para("Menu of the site"),
                block("Dredging starts in June", Kind::Heading),
            ];
            p.extend(between);
            p.extend(article.clone());
            p.push(para("Footer"));
            p
        };
        let caption = block("The dredger at the pier.", Kind::Caption);
        let head = vec![
            para("By Ada Quist, Harbour Reporter"),
            para("Comments 214"),
            para("Listen to this article · 5:42 min"),
            caption.clone(),
        ];
        let by = Some("By Ada Quist");
        let (text, choice) = choose(page(head.clone()), &article, "Dredging starts in June", by);
        assert_eq!(choice, Choice::Readability);
        let kept = vec![para("By Ada Quist, Harbour Reporter"), caption.clone()];
        assert_eq!(text, [kept, article.clone()].concat());
        // Not when no heading is the headline, when a heading stands
        // between (another part of the page), or when there are more
        // blocks than a head has.
        let none = (article.clone(), Choice::Readability);
        assert_eq!(choose(page(head.clone()), &article, "Other news", by), none);
        let parted = vec![caption.clone(), block("Live", Kind::Heading), para("x")];
        assert_eq!(
            choose(page(parted), &article, "Dredging starts in June", by),
            none
        );
        let many = vec![caption.clone(); HEAD_MAX_BLOCKS + 1];
        assert_eq!(
            choose(page(many), &article, "Dredging starts in June", by),
            none
        );
    }

    /// A byline is the head's whether Readability found it or not, its
    /// name a link or not; other blocks of links are not.
    #[test]
    fn a_byline_is_known_by_its_shape() {
        let article = vec![para(PROSE), para(PROSE)];
        let linked = |text: &str| Block {
            link_chars: text.len(),
            ..para(text)
        };
        let page = vec![
            block("Dredging starts in June", Kind::Heading),
            linked("By Ada Quist"),
            linked("More harbour news"),
            para("Von Jan Berg und Eva Roth, Hamburg"),
            para("By the end of the year the channel will be deeper."),
        ];
        let (text, _) = choose(
            [page, article.clone()].concat(),
            &article,
            "Dredging starts in June",
            None,
        );
        let texts: Vec<&str> = text.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts[..2],
            ["By Ada Quist", "Von Jan Berg und Eva Roth, Hamburg"]
        );
        assert_eq!(text.len(), 4);
        for not in [
            "By 2030 the port will grow",
            "By car",
            "by the sea.",
            "Bylines",
        ] {
            assert!(!is_byline(not, None), "{not}");
        }
    }

    /// The article's container holds the headline and the text
    /// Readability kept: a chapter's `div` (all its sections, not the
    /// page's menus); a news page's `article` (not the prose beside it).
    #[test]
    fn the_container_holds_the_headline_and_the_article() {
        let page = dom_query::Document::from(
            "<body><div class=\"nav\"><p>Prev chapter. Next chapter.</p></div><div class=\"chapter\"><h1>Chapter 5. The network</h1><div><h2>5.1. Basics</h2><p>The basics come first.</p></div><div><h2>5.2. Office</h2><p>The office network is next.</p></div></div></body>",
        );
        let kept = [para("The basics come first.")];
        let texts =
            |b: Option<Vec<Block>>| b.map(|b| b.into_iter().map(|b| b.text).collect::<Vec<_>>());
        assert_eq!(
            texts(container(&page, "Chapter 5.  the network", &kept)).unwrap(),
            [
                "Chapter 5. The network",
                "5.1. Basics",
                "The basics come first.",
                "5.2. Office",
                "The office network is next."
            ]
        );
        // No heading of that text, or none but the body holds both: none.
        assert_eq!(texts(container(&page, "Chapter 6", &kept)), None);
        let page = dom_query::Document::from(
            "<body><main><article><h1>Pool closes</h1><p>The pool closes for the summer.</p></article><div><p>Other stories of the town.</p></div></main></body>",
        );
        let kept = [para("The pool closes for the summer.")];
        assert_eq!(
            texts(container(&page, "Pool closes", &kept)).unwrap(),
            ["Pool closes", "The pool closes for the summer."]
        );
        let page = dom_query::Document::from(
            "<body><h1>Pool closes</h1><p>The pool closes for the summer.</p></body>",
        );
        assert_eq!(texts(container(&page, "Pool closes", &kept)), None);
        // The article ends at a heading of related stories after it (a
        // science page's `Ähnliche Artikel` and their teasers, found by an
        // audit of news pages).
        let page = dom_query::Document::from(
            "<body><div class=\"content\"><h1>Pool closes</h1><p>The pool closes for the summer.</p><h2>Repairs</h2><p>Its roof is repaired.</p><h3>Ähnliche Artikel</h3><h4>Lido opens</h4><p>The lido opens its doors on Monday.</p></div></body>",
        );
        assert_eq!(
            texts(container(&page, "Pool closes", &kept)).unwrap(),
            [
                "Pool closes",
                "The pool closes for the summer.",
                "Repairs",
                "Its roof is repaired."
            ]
        );
    }

    #[test]
    fn readability_is_filled_when_it_drops_the_articles_own_parts() {
        let structural = vec![
            para("Site menu"),
            block("2.1. Heading", Kind::Heading),
            para(PROSE),
            block("2.2. Dropped heading", Kind::Heading),
            para("A dropped paragraph between kept ones, with words."),
            para("Another dropped paragraph between kept ones."),
            para(PROSE),
            para("Related links"),
        ];
        let article = vec![para(PROSE), para(PROSE)];
        let (text, choice) = choose(structural.clone(), &article, "", None);
        assert_eq!(choice, Choice::Filled);
        assert_eq!(text, structural[1..7]);
        // Chrome only around what it kept, or too little between: its text.
        let few = vec![
            para(PROSE),
            para("One caption left out."),
            para(PROSE),
            para("Footer"),
        ];
        assert_eq!(
            choose(few, &article, "", None),
            (article.clone(), Choice::Readability)
        );
        // Too little kept: the structural text.
        let long: Vec<Block> = (0..10).map(|_| para(PROSE)).collect();
        assert_eq!(
            choose(long.clone(), &[para(PROSE)], "", None),
            (long, Choice::Structural)
        );
    }
}
