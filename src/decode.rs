//! Bytes → text: byte-order marks, legacy encodings, binary detection,
//! newline and Unicode (NFC) normalization.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// How many leading bytes are inspected for NUL bytes when deciding
/// whether a file is binary.
const BINARY_SNIFF_BYTES: usize = 8192;

/// A decoded document text and the encoding it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text: NFC-normalized, with `\n` line endings.
    pub text: String,
    /// The encoding's name as recorded in the `encoding` column:
    /// `UTF-8`, `UTF-8-BOM`, `UTF-16LE`, `UTF-16BE`, `UTF-32LE`, `UTF-32BE`,
    /// `UTF-8-lossy` (a few invalid bytes read as U+FFFD), or a legacy encoding
    /// detected by chardetng (e.g. `windows-1252`).
    pub encoding: &'static str,
}

/// Decodes the bytes of a file, or returns `None` when they look binary.
///
/// Order of decisions: a UTF-8 or UTF-16 byte-order mark wins; then UTF-16
/// without a mark is recognized by its pattern of NUL bytes; any other NUL
/// byte in the first 8 KiB means binary; valid UTF-8 is UTF-8, and mostly
/// valid UTF-8 is UTF-8 with its invalid bytes replaced; anything else is
/// decoded with the legacy encoding chardetng detects.
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    decode_declared(bytes, None)
}

/// [`decode`] of a file of records (JSON lines, CSV): a NUL byte in text
/// that is otherwise UTF-8 is a scraper's stray byte in one record, not a
/// binary file (the whole feed had been skipped for one NUL in its first
/// bytes, and the same byte further down read as text): NULs are left
/// out (no text holds one; Parquet's strings are read so too), and every
/// record is read.
pub fn decode_records(bytes: &[u8]) -> Option<Decoded> {
    if !has_mark(bytes)
        && unmarked_utf16(bytes).is_none()
        && memchr::memchr(0, bytes).is_some()
        && std::str::from_utf8(bytes).is_ok()
    {
        let text = String::from_utf8_lossy(bytes).replace('\0', "");
        return Some(Decoded {
            text: normalize(Cow::Owned(text)),
            encoding: "UTF-8",
        });
    }
    decode(bytes)
}

/// [`decode`] of bytes the caller gives up: valid UTF-8 without a
/// byte-order mark (most files) becomes the text in the same buffer,
/// without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Option<Decoded> {
    let marked = has_mark(&bytes);
    // UTF-16 without a mark has NUL bytes in the bytes sniffed, as binary
    // files do: without any, neither is possible.
    if marked || memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)]).is_some() {
        return decode_declared(&bytes, None);
    }
    // The same decisions as `decode_declared` from here: UTF-8 if valid.
    match String::from_utf8(bytes) {
        Ok(text) => Some(Decoded {
            text: normalize(Cow::Owned(text)),
            encoding: "UTF-8",
        }),
        Err(e) => decode_declared(e.as_bytes(), None),
    }
}

/// Decodes a web page as [`decode`] does, except that a page that is not
/// valid UTF-8 is decoded with the encoding its `<meta charset>` (or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`) declares
/// in its first 1,024 bytes, as browsers do, rather than a guessed one. A
/// byte-order mark still wins, and bytes that are valid UTF-8 are read as
/// UTF-8 whatever the page declares (a page saved as UTF-8 often keeps its
/// old declaration; legacy text is almost never valid UTF-8 by chance).
pub fn decode_html(bytes: &[u8]) -> Option<Decoded> {
    decode_declared(bytes, declared_charset(bytes))
}

/// The encoding a page declares in a `<meta>` tag of its first 1,024 bytes.
/// A declared UTF-16 means UTF-8 (the HTML standard's rule: a page that
/// could read its declaration is not UTF-16), and `x-user-defined` means
/// windows-1252 (the same prescan's rule). A label the standard maps
/// to its `replacement` encoding (`iso-2022-kr`, `hz-gb-2312` …), which
/// decodes a whole page to one U+FFFD, declares nothing: the encoding is
/// detected, as for an undeclared page.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static META: std::sync::OnceLock<regex::bytes::Regex> = std::sync::OnceLock::new();
    let re = META.get_or_init(|| {
        regex::bytes::Regex::new(r#"(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.+-]+)"#)
            .expect("valid pattern")
    });
    let head = &bytes[..bytes.len().min(1024)];
    let label = re.captures(head)?.get(1)?.as_bytes();
    let enc = encoding_rs::Encoding::for_label(label)?;
    if enc == encoding_rs::REPLACEMENT {
        return None;
    }
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else if enc == encoding_rs::X_USER_DEFINED {
            // The prescan of the HTML standard reads this label as
            // windows-1252 (its bytes above 0x7F had become private-use
            // characters: `Caf\u{f7e9}`).
            encoding_rs::WINDOWS_1252
        } else {
            enc
        },
    )
}

fn decode_declared(
    bytes: &[u8],
    declared: Option<&'static encoding_rs::Encoding>,
) -> Option<Decoded> {
    let (text, encoding): (Cow<'_, str>, &'static str) = if let Some(rest) =
        bytes.strip_prefix(b"\xEF\xBB\xBF")
    {
        match String::from_utf8_lossy(rest) {
            // (Invalid bytes after the mark: read as U+FFFD, and said.)
            Cow::Owned(lossy) => (Cow::Owned(lossy), "UTF-8-lossy"),
            text => (text, "UTF-8-BOM"),
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        // UTF-32's marks first: little-endian's begins as UTF-16's does.
        (Cow::Owned(utf32(rest, u32::from_le_bytes)), "UTF-32LE")
    } else if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        (Cow::Owned(utf32(rest, u32::from_be_bytes)), "UTF-32BE")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_with(encoding_rs::UTF_16LE, rest), "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_with(encoding_rs::UTF_16BE, rest), "UTF-16BE")
    } else if let Some(le) = unmarked_utf16(bytes) {
        if le {
            (decode_with(encoding_rs::UTF_16LE, bytes), "UTF-16LE")
        } else {
            (decode_with(encoding_rs::UTF_16BE, bytes), "UTF-16BE")
        }
    } else if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)]).is_some() {
        return None;
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(s), "UTF-8")
    } else if control_heavy(&bytes[..bytes.len().min(BINARY_SNIFF_BYTES)]) {
        return None;
    } else if mostly_utf8(bytes) {
        // UTF-8 with a stray byte (a scraper's, a truncated character):
        // read as a legacy encoding every accented letter of it would
        // become two (`Köln` as `KÃ¶ln`).
        (String::from_utf8_lossy(bytes), "UTF-8-lossy")
    } else if let Some(enc) = declared {
        // A page declared UTF-8 whose bytes are not all UTF-8 says so, as
        // an undeclared one does (its `Caf\xe9` had read `Caf�` under the
        // name `UTF-8`).
        let name = if enc == encoding_rs::UTF_8 {
            "UTF-8-lossy"
        } else {
            enc.name()
        };
        (decode_with(enc, bytes), name)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
        (decode_with(enc, bytes), enc.name())
    };
    Some(Decoded {
        text: normalize(text),
        encoding,
    })
}

/// Whether bytes that are not valid UTF-8 are UTF-8 all the same, with a
/// few bytes damaged: their valid multi-byte characters outnumber their
/// invalid sequences at least three to one. Legacy text (windows-1252,
/// Latin-1) is almost never valid multi-byte UTF-8 by chance (`é` is one
/// byte that no continuation byte follows), so it has none, or a few
/// beside many invalid ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= 3 * invalid && valid > 0
}

fn decode_with(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Cow<'static, str> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Cow::Owned(text.into_owned())
}

/// Recognizes UTF-16 text without a byte-order mark: at least 16 bytes, and
/// NUL in nearly every other byte (the high byte of Latin-script text).
/// Returns `Some(true)` for little-endian, `Some(false)` for big-endian.
/// Whether bytes starting with `head` (the first 8 KiB of a file, or all
/// of a shorter one) are binary, as [`decode`] decides: no byte-order
/// mark, no pattern of UTF-16, a NUL byte. A reader can stop there.
/// (Bytes without a NUL that are mostly control characters are binary
/// too, told by [`decode`] once the file is read: counting them in every
/// file's head cost 4% of a run of short documents.)
pub(crate) fn binary_head(head: &[u8]) -> bool {
    let marked = has_mark(head);
    let head = &head[..head.len().min(BINARY_SNIFF_BYTES)];
    // No NUL byte (nearly every text): neither binary nor UTF-16, told
    // by one vectorized search.
    !marked && memchr::memchr(0, head).is_some() && unmarked_utf16(head).is_none()
}

/// Whether a head [`binary_head`] finds binary is UTF-8 text with a few
/// stray NUL bytes (one in a hundred bytes at most, or all in at most half
/// of its lines): a file of records with a scraper's NULs in one of them,
/// read record by record (see [`decode_records`]). (By lines too: one
/// record of 120 NULs at a feed's head had made the 200 records after it
/// a binary file, skipped; the same record at its end cost nothing.
/// Binary data with valid UTF-8, a tar archive's headers, has NULs on
/// nearly every line.)
pub(crate) fn stray_nuls(head: &[u8]) -> bool {
    let head = &head[..head.len().min(BINARY_SNIFF_BYTES)];
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // Cut inside a character at the head's end.
        Err(e) => e.error_len().is_none(),
    };
    if !utf8 {
        return false;
    }
    let nuls = memchr::memchr_iter(0, head).count();
    if nuls * 100 <= head.len() {
        return true;
    }
    let (mut lines, mut with_nul) = (0, 0);
    for line in head.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        lines += 1;
        with_nul += usize::from(memchr::memchr(0, line).is_some());
    }
    lines >= 2 && with_nul * 2 <= lines
}

/// Whether bytes hold the control characters of binary data: more than
/// 2% (and 8 or more) C0 controls other than those text uses — tab, line
/// feed, form feed, carriage return, backspace (overstruck man pages) and
/// escape (coloured logs). Random bytes have about 10%; text in a legacy
/// encoding, next to none. Asked of bytes that are not UTF-8 only.
fn control_heavy(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b'\x08' | b'\x1b'))
        .count();
    controls >= 8 && controls * 50 > head.len()
}

/// Whether bytes start with a byte-order mark [`decode`] reads (UTF-8,
/// UTF-16, UTF-32; UTF-32LE's begins as UTF-16LE's does).
fn has_mark(bytes: &[u8]) -> bool {
    [
        &b"\xEF\xBB\xBF"[..],
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\x00\x00\xFE\xFF",
    ]
    .iter()
    .any(|m| bytes.starts_with(m))
}

/// The number of leading bytes [`binary_head`] needs.
pub(crate) const BINARY_HEAD: usize = BINARY_SNIFF_BYTES;

/// UTF-32 text (after its byte-order mark), each code unit read by `unit`;
/// a unit that is no character (and a last incomplete one) becomes
/// U+FFFD, as other decoders make malformed input.
fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> String {
    let chunks = bytes.chunks_exact(4);
    let partial = !chunks.remainder().is_empty();
    let mut text: String = chunks
        .map(|c| char::from_u32(unit([c[0], c[1], c[2], c[3]])).unwrap_or('\u{FFFD}'))
        .collect();
    if partial {
        text.push('\u{FFFD}');
    }
    text
}

fn unmarked_utf16(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES) & !1];
    if sample.len() < 16 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let rarely = |n: usize| n * 10 <= pairs;
    if mostly(odd_nul) && rarely(even_nul) {
        Some(true)
    } else if mostly(even_nul) && rarely(odd_nul) {
        Some(false)
    } else {
        None
    }
}

/// Characters a reader never sees, which only say where a line may break
/// or may not, or which way a line runs: the soft hyphen (U+00AD), zero
/// width space (U+200B), word joiner (U+2060) and zero width no-break
/// space (U+FEFF, a byte order mark inside a text); the marks and controls
/// of direction (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069:
/// scraped Wikipedia, Hebrew and Arabic news, a date's `2024\u{200e}`);
/// mathematics' invisible operators (U+2061–U+2064). Not the zero width
/// (non-)joiners (U+200C, U+200D) inside a word, which change how Persian,
/// Indic scripts and emoji are written (see [`stray_joiner`]).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{61c}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Whether a text holds a character [`invisible`] or a joiner, found from
/// its first bytes (U+00AD is C2 AD; U+200B–U+200F, U+202A–U+202E and
/// U+2060–U+2069 are E2 80 or E2 81 and one more; U+FEFF EF BB BF; U+061C
/// D8 9C): a vectorized search for three lead bytes, each hit told from
/// two more — `contains` with a set of characters decodes every
/// character.
fn holds_invisible(b: &[u8]) -> bool {
    let lead = memchr::memchr3_iter(0xC2, 0xE2, 0xEF, b).any(|i| {
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (0xC2, Some(0xAD), _) => true,
            (0xE2, Some(0x80), Some(c)) => matches!(c, 0x8B..=0x8F | 0xAA..=0xAE),
            (0xE2, Some(0x81), Some(c)) => matches!(c, 0xA0..=0xA4 | 0xA6..=0xA9),
            (0xEF, Some(0xBB), Some(0xBF)) => true,
            _ => false,
        }
    });
    lead || memchr::memmem::find(b, "\u{61c}".as_bytes()).is_some()
}

/// Whether a zero width (non-)joiner joins nothing: after a space or the
/// text's start, or at a word's end (before a space, a mark of ASCII or
/// the end) after a letter of a script that joins none (Latin, Greek,
/// Cyrillic, Armenian: below U+0590) — `Paris\u{200d} is`. It is dropped
/// as [`invisible`] characters are. Inside a word (`می\u{200c}خواهم`), in
/// an emoji's sequence, or after an Indic virama at a word's end
/// (Malayalam's `അവന്\u{200d}`) it is kept.
fn stray_joiner(c: char, before: Option<char>, after: Option<char>) -> bool {
    let edge = |x: Option<char>| x.is_none_or(|x| x.is_whitespace() || x.is_ascii_punctuation());
    matches!(c, '\u{200c}' | '\u{200d}')
        && (before.is_none_or(char::is_whitespace)
            || edge(after) && before.is_some_and(|b| b < '\u{590}'))
}

/// `text` without its [`invisible`] characters and stray joiners.
fn strip_invisible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut before = None;
    let mut chars = text.chars().filter(|&c| !invisible(c)).peekable();
    while let Some(c) = chars.next() {
        if stray_joiner(c, before, chars.peek().copied()) {
            continue;
        }
        out.push(c);
        before = Some(c);
    }
    out
}

/// Newlines become `\n`; text becomes NFC; the [`invisible`] characters
/// and stray joiners go. Pure-ASCII text, and text that the quick check
/// finds already normalized, is not copied again.
fn normalize(text: Cow<'_, str>) -> String {
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    // A page's `re&shy;tire` is the reader's `retire`, its `news&#8203;room`
    // the reader's `newsroom`, its `Paris&lrm;` the reader's `Paris`: kept,
    // they made other words, and a diff of a re-hyphenated or re-scraped
    // article a change. (ASCII text, most text, holds none: one pass tells
    // both.)
    let ascii = text.is_ascii();
    let text = if !ascii && holds_invisible(text.as_bytes()) {
        Cow::Owned(strip_invisible(&text))
    } else {
        text
    };
    if ascii || nfc_quick(&text) {
        text.into_owned()
    } else {
        text.nfc().collect()
    }
}

/// Whether a text is surely NFC: Unicode's quick check says yes. The
/// characters [`surely_nfc`] is sure of are stepped over fast; each run of
/// others (a `€`, a box's `═`, a word of Greek) is checked on its own —
/// each such character is a starter that NFC keeps, so the quick check
/// starts after it as it would go on. (A text with a `™` near its start
/// had been checked character by character from there on: 2% of `folio
/// stats` on old books.)
fn nfc_quick(text: &str) -> bool {
    let mut i = 0;
    while i < text.len() {
        let unsure = i + surely_nfc_prefix(&text[i..]);
        if unsure == text.len() {
            return true;
        }
        let run = &text[unsure..];
        let end = run
            .char_indices()
            .skip(1)
            .find(|&(_, c)| sure(c))
            .map_or(run.len(), |(k, _)| k);
        if is_nfc_quick(run[..end].chars()) != IsNormalized::Yes {
            return false;
        }
        i = unsure + end;
    }
    true
}

/// Whether [`surely_nfc`] is sure of a character.
fn sure(c: char) -> bool {
    c < '\u{300}' || ('\u{2002}'..='\u{207f}').contains(&c)
}

/// A fast sufficient check for NFC: every character is below U+0300 (ASCII,
/// Latin-1, Latin Extended-A/B: no combining marks) or General Punctuation
/// and the super- and subscripts after it (U+2002–U+207F: typographic
/// quotes and dashes), all NFC-stable starters. U+2000 EN QUAD and U+2001
/// EM QUAD are not: NFC makes them U+2002 and U+2003.
#[cfg(test)]
fn surely_nfc(text: &str) -> bool {
    surely_nfc_prefix(text) == text.len()
}

/// The length of a text's start that [`surely_nfc`] is sure of.
fn surely_nfc_prefix(text: &str) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // ASCII eight bytes at a time.
        while let Some(eight) = b.get(i..i + 8) {
            if u64::from_le_bytes(eight.try_into().expect("eight bytes")) & HIGH != 0 {
                break;
            }
            i += 8;
        }
        let Some(&first) = b.get(i) else {
            break;
        };
        match (first, b.get(i + 1), b.get(i + 2)) {
            (0x00..=0x7F, _, _) => i += 1,
            (0xC2..=0xCB, _, _) => i += 2,
            (0xE2, Some(0x80), Some(c)) if *c >= 0x82 => i += 3,
            (0xE2, Some(0x81), Some(_)) => i += 3,
            _ => return i,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "Grüße aus Köln, 2024"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let unmarked: Vec<u8> = "Plain words in UTF-16"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let inputs: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"Plain ASCII.\n".to_vec(),
            "Cafe\u{301} and caf\u{e9}\r\nline two\r"
                .as_bytes()
                .to_vec(),
            b"\xEF\xBB\xBFWith a mark".to_vec(),
            utf16,
            unmarked,
            b"binary\0data".to_vec(),
            b"Gr\xFC\xDFe aus K\xF6ln, ein ganz normaler Satz auf Deutsch.".to_vec(),
            b"half \xE2\x80 broken".to_vec(),
        ];
        for bytes in inputs {
            assert_eq!(decode_owned(bytes.clone()), decode(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn utf8_plain() {
        let d = decode("héllo".as_bytes()).unwrap();
        assert_eq!(d.text, "héllo");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!(d.text, "abc");
        assert_eq!(d.encoding, "UTF-8-BOM");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = "Title\n\nSome text here."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut marked = vec![0xFF, 0xFE];
        marked.extend_from_slice(&le);
        assert_eq!(decode(&marked).unwrap().encoding, "UTF-16LE");
        let d = decode(&le).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, "Title\n\nSome text here.");
        let be: Vec<u8> = "Big endian text, long enough."
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn legacy_windows_1252() {
        // “Caf\xe9” in Windows-1252: smart quotes 0x93/0x94 and é = 0xE9.
        let d = decode(b"\x93Caf\xe9 cr\xe8me\x94 is served daily at the caf\xe9.").unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "“Café crème” is served daily at the café.");
    }

    #[test]
    fn nuls_in_one_record_are_stray() {
        let good: String = (0..200)
            .map(|k| format!("{{\"id\": \"r{k}\", \"text\": \"Record {k} is a sentence.\"}}\n"))
            .collect();
        let junk = format!(
            "{{\"id\": \"junk\", \"text\": \"x{}\"}}\n",
            "\0".repeat(120)
        );
        let head = format!("{junk}{good}");
        assert!(binary_head(head.as_bytes()) && stray_nuls(head.as_bytes()));
        // NULs on every line, valid UTF-8 (a tar archive's headers): binary.
        let tar = "name\0\0\0\0mode\0\0\0\0\0\0\0\0\0\0\n".repeat(100);
        assert!(!stray_nuls(tar.as_bytes()));
        assert!(stray_nuls(b"id,text\nr1,a\0b\0\0c\n"));
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        // Found by an adversarial test: one 0xFF made a German text
        // windows-1252, every umlaut two letters.
        let mut bytes = "Der Rat in Köln hat über den Haushalt für die Bibliothek entschieden. "
            .repeat(20)
            .into_bytes();
        bytes.extend_from_slice(b"Ende \xff.");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8-lossy");
        assert!(d.text.contains("Köln") && d.text.ends_with("Ende \u{FFFD}."));
        assert_eq!(decode_owned(bytes).unwrap().encoding, "UTF-8-lossy");
        // Legacy text that happens to hold one valid pair is still legacy.
        let d = decode(b"Caf\xe9, cr\xe8me, p\xe2t\xe9, \xc3\xa9t\xe9 and na\xefve.").unwrap();
        assert_eq!(d.encoding, "windows-1252");
    }

    /// A page that declares UTF-8 (or UTF-16, read as UTF-8) but holds a
    /// byte that is not, and a byte-order mark before one, are read with
    /// U+FFFD and say so (found by an adversarial test: they had said
    /// `UTF-8`).
    #[test]
    fn declared_or_marked_utf8_with_invalid_bytes_is_lossy() {
        for charset in ["utf-8", "utf-16"] {
            // (`#` stands for the byte 0xE9, Latin-1's `é`.)
            let page: Vec<u8> = format!(
                "<html><head><meta charset=\"{charset}\"><title>Caf# news</title></head></html>"
            )
            .bytes()
            .map(|b| if b == b'#' { 0xe9 } else { b })
            .collect();
            let d = decode_html(&page).unwrap();
            assert_eq!(d.encoding, "UTF-8-lossy", "{charset}");
            assert!(d.text.contains("Caf\u{FFFD} news"));
        }
        let d = decode(b"\xEF\xBB\xBFCaf\xe9 au lait, and more text.").unwrap();
        assert_eq!(d.encoding, "UTF-8-lossy");
        let d = decode("\u{FEFF}Café au lait.".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8-BOM");
    }

    #[test]
    fn pages_are_decoded_as_they_declare() {
        // "Grüße aus Köln" in ISO-8859-15 and in KOI8-R-looking bytes: the
        // declaration decides, not a guess.
        let page = b"<html><head><meta charset=\"iso-8859-15\"></head><body>Gr\xfc\xdfe aus K\xf6ln \xa4</body></html>";
        let d = decode_html(page).unwrap();
        assert_eq!(d.encoding, "ISO-8859-15");
        assert!(d.text.contains("Grüße aus Köln €"), "{}", d.text);
        let old = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\n<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        let d = decode_html(old).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.contains("Привет"), "{}", d.text);
        // Valid UTF-8 stays UTF-8 whatever is declared; UTF-16 means UTF-8.
        let saved = "<meta charset=iso-8859-1><p>Grüße</p>".as_bytes();
        assert_eq!(
            decode_html(saved).unwrap().text,
            "<meta charset=iso-8859-1><p>Grüße</p>"
        );
        assert_eq!(
            declared_charset(b"<meta charset='utf-16'>"),
            Some(encoding_rs::UTF_8)
        );
        // x-user-defined is windows-1252, as a browser reads it.
        let d = decode_html(b"<meta charset=\"x-user-defined\"><p>Caf\xe9</p>").unwrap();
        assert!(d.text.contains("Café"), "{}", d.text);
        // A declaration past the first 1,024 bytes is not looked for.
        let mut late = vec![b' '; 1100];
        late.extend_from_slice(b"<meta charset=koi8-r>");
        assert_eq!(declared_charset(&late), None);
        assert_eq!(declared_charset(b"<meta charset=\"iso-2022-kr\">"), None);
        let page = b"<html><head><meta charset=\"iso-2022-kr\"></head><body><p>The council met on Monday and passed the budget.</p></body></html>";
        assert!(decode(page).unwrap().text.contains("passed the budget"));
        assert_eq!(declared_charset(b"<p>charset=koi8-r</p>"), None);
    }

    #[test]
    fn utf32_with_its_mark_is_read() {
        let text = "Grüße, 世界 🎉";
        let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF]
            .into_iter()
            .chain(text.chars().flat_map(|c| (c as u32).to_be_bytes()))
            .collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-32LE"));
        let d = decode_owned(be.clone()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-32BE"));
        assert!(!binary_head(&be));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01").is_none());
    }

    #[test]
    fn control_heavy_bytes_without_nul_are_binary() {
        // Bytes of a compressed stream, no NUL among them: about one in
        // nine a control character, not UTF-8.
        let mut x = 0x2545_f491_u32;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 255) as u8 + 1
            })
            .collect();
        assert!(decode(&bytes).is_none());
        // Legacy text with a control at its end (DOS's end of file) stays
        // text, as does UTF-8
        // full of backspaces (an overstruck man page) or escapes.
        let mut legacy = b"Caf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9. Stra\xdfe.\n".repeat(20);
        legacy.push(0x1a);
        assert!(decode(&legacy).is_some());
        let man =
            "N\x08NA\x08AM\x08ME\x08E\n\x1b[1mls\x1b[0m \u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\u{7}\n";
        assert!(decode(man.as_bytes()).is_some());
    }

    #[test]
    fn surely_nfc_is_conservative() {
        assert!(surely_nfc("Café “quoted” — ‘it’s’ ñ"));
        // Singletons: NFC changes them.
        assert!(!surely_nfc("Quad\u{2000}space"));
        assert!(!surely_nfc("Quad\u{2001}space"));
        assert_eq!(decode("a\u{2000}b".as_bytes()).unwrap().text, "a\u{2002}b");
        assert!(!surely_nfc("Cafe\u{301}"));
        assert!(!surely_nfc("日本"));
        // Past runs of ASCII of every length, at every alignment.
        for pad in 0..20 {
            let a = "a".repeat(pad);
            assert!(surely_nfc(&format!("{a}é{a}“x”{a}")), "{pad}");
            assert!(!surely_nfc(&format!("{a}e\u{301}{a}")), "{pad}");
            assert!(!surely_nfc(&format!("{a}{a}\u{2000}")), "{pad}");
            assert!(!surely_nfc(&format!("{a}日{a}")), "{pad}");
        }
        // Whatever it says yes to is NFC.
        let pieces = [
            "a",
            "bcdefghij",
            " ",
            "é",
            "ß",
            "ł",
            "“",
            "—",
            "\u{2000}",
            "\u{301}",
            "日",
            "Ω",
            "€",
            "═",
            "\u{2126}",
            "\u{344}",
            "\u{2070}",
            "\u{327}",
            "\u{1100}",
            "\u{1161}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            if surely_nfc(&text) {
                assert!(unicode_normalization::is_nfc(&text), "{text:?}");
            }
            // Run by run, the quick check says what it says of the whole.
            assert_eq!(
                nfc_quick(&text),
                is_nfc_quick(text.chars()) == IsNormalized::Yes,
                "{text:?}"
            );
            assert_eq!(text.chars().all(sure), surely_nfc(&text), "{text:?}");
        }
    }

    #[test]
    fn soft_hyphens_are_no_text() {
        let d = decode("The council will re\u{ad}tire the old ferry.".as_bytes()).unwrap();
        assert_eq!(d.text, "The council will retire the old ferry.");
        let d = decode("The news\u{200b}room and the word\u{2060}joiner \u{feff}stay.".as_bytes())
            .unwrap();
        assert_eq!(d.text, "The newsroom and the wordjoiner stay.");
        // Joiners that change how a script is written are kept.
        let d = decode("می\u{200c}خواهم".as_bytes()).unwrap();
        assert_eq!(d.text, "می\u{200c}خواهم");
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(decode(family.as_bytes()).unwrap().text, family);
        let ksha = "\u{915}\u{94d}\u{200d}\u{937}";
        assert_eq!(decode(ksha.as_bytes()).unwrap().text, ksha);
        // Malayalam's old chillu: a virama and a joiner at a word's end.
        let avan = "\u{d05}\u{d35}\u{d28}\u{d4d}\u{200d} \u{d2a}\u{d4b}\u{d2f}\u{d3f}.";
        assert_eq!(decode(avan.as_bytes()).unwrap().text, avan);
    }

    /// Marks of direction, invisible operators and joiners at a word's
    /// edge are no text: `Paris\u{200e}` is `Paris` (seven decorated
    /// `Paris` had been five terms, and a diff that only added a mark an
    /// edit).
    #[test]
    fn marks_of_direction_are_no_text() {
        for mark in [
            '\u{200e}', '\u{200f}', '\u{61c}', '\u{202a}', '\u{202c}', '\u{202e}', '\u{2066}',
            '\u{2069}', '\u{2061}', '\u{2064}',
        ] {
            let text = format!("{mark}Paris{mark} is big{mark}.");
            assert_eq!(
                decode(text.as_bytes()).unwrap().text,
                "Paris is big.",
                "{mark:?}"
            );
        }
        for joiner in ['\u{200c}', '\u{200d}'] {
            let text = format!("{joiner}Paris{joiner} is big{joiner}. Paris{joiner}\n");
            assert_eq!(
                decode(text.as_bytes()).unwrap().text,
                "Paris is big. Paris\n"
            );
        }
        // The quick check finds each, and only them.
        for c in ('\u{80}'..='\u{ffff}').filter(|c| !c.is_whitespace()) {
            let text = format!("a{c}b");
            let strip = invisible(c) || matches!(c, '\u{200c}' | '\u{200d}');
            assert_eq!(holds_invisible(text.as_bytes()), strip, "{c:?}");
        }
    }

    #[test]
    fn crlf_and_nfc() {
        let d = decode("Cafe\u{301}\r\nline\rend".as_bytes()).unwrap();
        assert_eq!(d.text, "Caf\u{e9}\nline\nend");
    }
}
