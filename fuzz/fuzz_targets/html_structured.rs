//! Structure-aware HTML for the .html loader: a generated page (via
//! `arbitrary`) with deep nesting (up to thousands of div/table/span
//! levels), tags with many attributes, unclosed and stray closing tags
//! (also repeated thousands of times),
//! comments, script/style/template, entities (valid, unknown, out of
//! range) and `<meta charset>` declarations. Checked like `load_html`.
//!
//! `FOLIO_FUZZ_DUMP=FILE` writes the page generated from an input there.
//! `FOLIO_FUZZ_MAX_DEPTH` caps the nesting depth (default 5000): deeply
//! nested pages are a known problem (stack overflow / slowness in the
//! HTML parser); a low cap lets a run explore everything else.
#![no_main]

use std::fmt::Write as _;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use folio::corpus::Kind;
use libfuzzer_sys::fuzz_target;

const TAGS: [&str; 36] = [
    "div",
    "table",
    "span",
    "p",
    "article",
    "section",
    "main",
    "tr",
    "td",
    "th",
    "tbody",
    "ul",
    "ol",
    "li",
    "b",
    "i",
    "em",
    "a",
    "h1",
    "h2",
    "h3",
    "nav",
    "footer",
    "header",
    "aside",
    "pre",
    "blockquote",
    "form",
    "select",
    "option",
    "svg",
    "math",
    "noscript",
    "iframe",
    "textarea",
    "figure",
];
const VOID: [&str; 6] = ["br", "img", "hr", "input", "meta", "link"];
const ATTRS: [&str; 14] = [
    "class",
    "id",
    "style",
    "href",
    "src",
    "role",
    "itemprop",
    "data-x",
    "hidden",
    "lang",
    "dir",
    "rel",
    "aria-hidden",
    "name",
];
const VALUES: [&str; 16] = [
    "content",
    "article-body",
    "comment",
    "sidebar",
    "footer nav menu",
    "display:none",
    "visibility:hidden",
    "articleBody",
    "main",
    "ad-banner share",
    "https://example.org/a?b=1&c=2",
    "javascript:void(0)",
    "",
    "\"quoted\"",
    "rtl",
    "next",
];
const ENTITIES: [&str; 16] = [
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&#160;",
    "&#x2014;",
    "&mdash;",
    "&hellip;",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&#99999999999;",
    "&notanentity;",
    "&amp",
    "&",
    "&#x;",
];
const CHARSETS: [&str; 10] = [
    "utf-8",
    "UTF-8",
    "windows-1252",
    "iso-8859-1",
    "shift_jis",
    "utf-16",
    "x-bogus",
    "",
    "gb18030",
    "koi8-r",
];
const WORDS: [&str; 12] = [
    "The council approved the budget on Thursday.",
    "“It is done,” Mr. Hale said.",
    "Größe und Straße, 3. März.",
    "Read more:",
    "You might also like",
    "Share this article",
    "© 2024 The Courier",
    "1,250 people — 5–2 vote.",
    "¿Qué pasó?",
    "東京で会議が開かれた。",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
    "A",
];

#[derive(Arbitrary, Debug)]
enum Node {
    Text(String),
    Words(u8),
    Entity(u8),
    Element {
        tag: u8,
        attrs: Vec<(u8, u8)>,
        children: Vec<Node>,
        close: bool,
    },
    Void(u8, Vec<(u8, u8)>),
    /// `count` attributes on one tag.
    ManyAttrs {
        tag: u8,
        count: u16,
        raw: String,
    },
    /// `depth` nested tags around `inner`, closed or not.
    Nest {
        tags: Vec<u8>,
        depth: u16,
        inner: Box<Node>,
        close: bool,
    },
    Comment(String),
    Script(String),
    Style(String),
    Template(Vec<Node>),
    StrayClose(u8),
    Raw(String),
    /// `nodes`, rendered once, written `count` times in a row (unclosed
    /// and stray tags repeated make depth the parser and a pre-scan may
    /// see differently).
    Repeat {
        count: u16,
        nodes: Vec<Node>,
    },
}

#[derive(Arbitrary, Debug)]
struct Page {
    doctype: bool,
    charset: Option<u8>,
    http_equiv: Option<u8>,
    title: Option<String>,
    head: Vec<Node>,
    body: Vec<Node>,
    body_attrs: Vec<(u8, u8)>,
    close_html: bool,
}

/// Pages stay about this small (bytes), as the inputs of the load targets:
/// size alone is no finding (the instrumented parser needs ~1 s for 128 KiB
/// of `&`).
const MAX_PAGE: usize = 64 << 10;

fn max_depth() -> usize {
    static D: OnceLock<usize> = OnceLock::new();
    *D.get_or_init(|| {
        std::env::var("FOLIO_FUZZ_MAX_DEPTH")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5000)
    })
}

fn pick<'a>(list: &[&'a str], i: impl Into<usize>) -> &'a str {
    list[i.into() % list.len()]
}

fn attrs(out: &mut String, attrs: &[(u8, u8)]) {
    for &(a, v) in attrs.iter().take(64) {
        let _ = write!(out, " {}=\"{}\"", pick(&ATTRS, a), pick(&VALUES, v));
    }
}

struct Writer {
    out: String,
    /// Open tags so far (nesting depth).
    depth: usize,
}

impl Writer {
    fn node(&mut self, n: &Node, level: usize) {
        // The generator's own recursion is bounded; `Nest` makes depth.
        if self.out.len() > MAX_PAGE || level > 64 {
            return;
        }
        match n {
            Node::Text(t) => self.out.push_str(&t.replace('<', "&lt;")),
            Node::Words(i) => self.out.push_str(pick(&WORDS, *i)),
            Node::Entity(i) => self.out.push_str(pick(&ENTITIES, *i)),
            Node::Element {
                tag,
                attrs: a,
                children,
                close,
            } => {
                let tag = pick(&TAGS, *tag);
                let _ = write!(self.out, "<{tag}");
                attrs(&mut self.out, a);
                self.out.push('>');
                self.depth += 1;
                for c in children {
                    self.node(c, level + 1);
                }
                self.depth -= 1;
                if *close {
                    let _ = write!(self.out, "</{tag}>");
                }
            }
            Node::Void(tag, a) => {
                let _ = write!(self.out, "<{}", pick(&VOID, *tag));
                attrs(&mut self.out, a);
                self.out.push_str(if a.len() % 2 == 0 { ">" } else { "/>" });
            }
            Node::ManyAttrs { tag, count, raw } => {
                let tag = pick(&TAGS, *tag);
                let _ = write!(self.out, "<{tag}");
                for k in 0..usize::from(*count).min(4096) {
                    let _ = write!(self.out, " {}{k}=\"{}\"", pick(&ATTRS, k), pick(&VALUES, k));
                }
                let _ = write!(self.out, " {raw}>text</{tag}>");
            }
            Node::Nest {
                tags,
                depth,
                inner,
                close,
            } => {
                let room = max_depth().saturating_sub(self.depth);
                let depth = usize::from(*depth).min(room);
                let names: Vec<&str> = if tags.is_empty() {
                    vec!["div"]
                } else {
                    tags.iter().take(8).map(|&t| pick(&TAGS, t)).collect()
                };
                for k in 0..depth {
                    let _ = write!(self.out, "<{}>", names[k % names.len()]);
                }
                self.depth += depth;
                self.node(inner, level + 1);
                self.depth -= depth;
                if *close {
                    for k in (0..depth).rev() {
                        let _ = write!(self.out, "</{}>", names[k % names.len()]);
                    }
                }
            }
            Node::Comment(t) => {
                let _ = write!(self.out, "<!--{t}-->");
            }
            Node::Script(t) => {
                let _ = write!(self.out, "<script>{t}</script>");
            }
            Node::Style(t) => {
                let _ = write!(self.out, "<style>{t}</style>");
            }
            Node::Template(children) => {
                self.out.push_str("<template>");
                for c in children {
                    self.node(c, level + 1);
                }
                self.out.push_str("</template>");
            }
            Node::StrayClose(t) => {
                let _ = write!(self.out, "</{}>", pick(&TAGS, *t));
            }
            Node::Raw(t) => self.out.push_str(t),
            Node::Repeat { count, nodes } => {
                let mut inner = Writer {
                    out: String::new(),
                    depth: self.depth,
                };
                for c in nodes.iter().take(8) {
                    inner.node(c, level + 1);
                }
                let count = usize::from(*count).min(max_depth());
                let room = MAX_PAGE.saturating_sub(self.out.len());
                let count = count.min(room / inner.out.len().max(1));
                self.out.push_str(&inner.out.repeat(count));
            }
        }
    }
}

fn render(page: &Page) -> String {
    let mut w = Writer {
        out: String::new(),
        depth: 0,
    };
    if page.doctype {
        w.out.push_str("<!DOCTYPE html>\n");
    }
    w.out.push_str("<html><head>");
    if let Some(c) = page.charset {
        let _ = write!(w.out, "<meta charset=\"{}\">", pick(&CHARSETS, c));
    }
    if let Some(c) = page.http_equiv {
        let _ = write!(
            w.out,
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset={}\">",
            pick(&CHARSETS, c)
        );
    }
    if let Some(t) = &page.title {
        let _ = write!(w.out, "<title>{}</title>", t.replace('<', "&lt;"));
    }
    for n in &page.head {
        w.node(n, 0);
    }
    w.out.push_str("</head><body");
    attrs(&mut w.out, &page.body_attrs);
    w.out.push('>');
    for n in &page.body {
        w.node(n, 0);
    }
    if page.close_html {
        w.out.push_str("</body></html>");
    }
    w.out
}

fuzz_target!(|page: Page| {
    let html = render(&page);
    // `FOLIO_FUZZ_DUMP=page.html` writes the generated page (to turn a
    // crash of this target into a plain .html reproducer).
    if let Some(path) = std::env::var_os("FOLIO_FUZZ_DUMP") {
        std::fs::write(path, &html).unwrap();
    }
    folio_fuzz::check_load(Kind::Html, html.as_bytes());
});
