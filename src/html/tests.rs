use super::*;

#[test]
fn text_is_escaped() {
    assert_eq!(escape("plain"), "plain");
    assert_eq!(
        escape("<script>alert('x')</script> & \"q\""),
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
    );
    // HTML allows no NUL or other control character (an id may hold one).
    assert_eq!(escape("a\0b\u{7}c\td"), "a\u{fffd}b\u{fffd}c\td");
    // A name's override of direction would show `report\u{202e}fdp.exe`
    // as `reportexe.pdf`: written as the escape `summary.txt` writes.
    assert_eq!(escape("report\u{202e}fdp.exe"), "report\\u{202e}fdp.exe");
    assert_eq!(escape("a\u{2067}b\u{200f}"), "a\\u{2067}b\\u{200f}");
}

#[test]
fn links_are_percent_encoded_by_segment() {
    assert_eq!(
        href("pages/a..b/news/x y#1.html"),
        "pages/a..b/news/x%20y#1.html"
    );
    assert_eq!(href("pages/ü/ö.html"), "pages/%C3%BC/%C3%B6.html");
    assert_eq!(href("index-2.html#d5"), "index-2.html#d5");
    assert_eq!(
        href("a/javascript:alert(1).html"),
        "a/javascript%3Aalert%281%29.html"
    );
}

#[test]
fn pages_go_back_to_the_root() {
    assert_eq!(root_of("index.html"), "");
    assert_eq!(root_of("pages/a..b/x.html"), "../../");
    assert_eq!(root_of("pages/a..b/news/x.html"), "../../../");
}
