//! The sentences of a version and their comparison keys: whitespace
//! collapsed and, as options ask, case, punctuation and quote styles made
//! plain.

use super::*;

/// A sentence of one version.
pub(super) struct Sentence<'a> {
    pub(super) text: &'a str,
    pub(super) paragraph: usize,
    /// Words, as the tokenizer found them.
    pub(super) words: Vec<&'a str>,
    /// The comparison key.
    pub(super) key: String,
    /// The text with whitespace collapsed: differs from another sentence's
    /// while keys are equal only when options hide a difference.
    pub(super) strict: String,
    /// The heading of the section it is in (see [`headings`]).
    pub(super) section: Option<&'a str>,
}

/// The paragraph (index) of each sentence of a tokenized text.
pub(super) fn sentence_paragraphs(t: &tokenize::Tokenized<'_>) -> Vec<usize> {
    let mut p = 0;
    t.sentences
        .iter()
        .map(|s| {
            while p + 1 < t.paragraphs.len() && t.paragraphs[p].span.end <= s.span.start {
                p += 1;
            }
            p
        })
        .collect()
}

/// The sentences of a parsed version (`text`, parsed as `parsed`) with
/// their keys, and its number of paragraphs.
pub(super) fn sentences<'a>(
    text: &'a str,
    parsed: &Parsed,
    opts: &DiffOptions,
) -> (Vec<Sentence<'a>>, usize) {
    let t = parsed.tokens.view(text);
    let paragraph = sentence_paragraphs(&t);
    let mut headings = parsed.headings.iter().peekable();
    let mut section = None;
    let mut out = Vec::with_capacity(t.sentences.len());
    for (k, s) in t.sentences.iter().enumerate() {
        if let Some((_, title)) = headings.next_if(|(at, _)| *at == k) {
            section = text.get(title.clone());
        }
        let body = &text[s.span.clone()];
        let words: Vec<&str> = t.words[s.words.clone()].iter().map(|w| w.text).collect();
        let strict = collapse_whitespace(body);
        let plain = !(opts.ignore_case || opts.ignore_punctuation || opts.normalize_quotes);
        let key = if plain {
            strict.clone()
        } else {
            sentence_key(body, &words, opts)
        };
        out.push(Sentence {
            text: body,
            paragraph: paragraph[k],
            words,
            key,
            strict,
            section,
        });
    }
    (out, t.paragraphs.len())
}

/// `s` with its whitespace runs made one space and its ends trimmed: the
/// words of `split_whitespace` joined by spaces, in one pass for ASCII.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    if !s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        for (i, part) in s.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
        return out;
    }
    // ASCII whitespace as `char::is_whitespace` has it: tab to carriage
    // return (vertical tab included) and space.
    let mut out = Vec::with_capacity(s.len());
    let mut space = false;
    for &c in s.as_bytes() {
        if matches!(c, b'\t'..=b'\r' | b' ') {
            space = !out.is_empty();
        } else {
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(c);
        }
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// Typographic characters and their plain forms (`--normalize-quotes`).
pub(crate) fn plain_char(c: char) -> Option<char> {
    Some(match c {
        '‘' | '’' | '‚' | '‛' | '′' | '‹' | '›' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => ' ',
        _ => return None,
    })
}

pub(super) fn normalize_token<'a>(s: &'a str, opts: &DiffOptions) -> Cow<'a, str> {
    let plain = !opts.ignore_case && !opts.normalize_quotes;
    if plain || (s.is_ascii() && !(opts.ignore_case && s.bytes().any(|b| b.is_ascii_uppercase()))) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if opts.normalize_quotes {
            if c == '\u{ad}' {
                continue;
            }
            if let Some(p) = plain_char(c) {
                out.push(p);
                continue;
            }
        }
        out.push(c);
    }
    if opts.ignore_case {
        out = tokenize::lowercase(&out);
    }
    Cow::Owned(out)
}

pub(super) fn sentence_key(body: &str, words: &[&str], opts: &DiffOptions) -> String {
    if opts.ignore_punctuation {
        let normalized: Vec<Cow<'_, str>> =
            words.iter().map(|w| normalize_token(w, opts)).collect();
        return normalized.join(" ");
    }
    let collapsed = if opts.normalize_quotes {
        // No-break spaces become spaces before whitespace is collapsed.
        collapse_whitespace(&normalize_token(
            body,
            &DiffOptions {
                ignore_case: false,
                ..*opts
            },
        ))
    } else {
        collapse_whitespace(body)
    };
    if opts.ignore_case {
        tokenize::lowercase(&collapsed)
    } else {
        collapsed
    }
}

/// Interns strings to dense ids, borrowing them when it can.
#[derive(Default)]
pub(super) struct Interner<'a> {
    pub(super) ids: FxHashMap<Cow<'a, str>, u32>,
}

impl<'a> Interner<'a> {
    pub(super) fn id(&mut self, s: Cow<'a, str>) -> u32 {
        if let Some(&id) = self.ids.get(s.as_ref()) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s, id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_as_split_whitespace_joins() {
        let alphabet = [
            'a', 'Z', ' ', '\t', '\n', '\x0b', '\x0c', '\r', '.', 'é', '\u{a0}', '\u{2003}',
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..40 {
            for _ in 0..200 {
                let s: String = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(collapse_whitespace(&s), expected, "{s:?}");
            }
        }
    }
}
