//! Step 4: the word diff inside a paired sentence, cleaned up semantically.

use super::*;

pub(super) struct WordDetail {
    pub(super) added: u64,
    pub(super) deleted: u64,
    pub(super) unchanged: u64,
    pub(super) changes: Vec<Change>,
}

/// A token of a sentence for the word diff: a word or the gap between two.
pub(super) struct Token<'a> {
    pub(super) text: &'a str,
    pub(super) word: bool,
}

pub(super) fn diff_tokens(text: &str) -> Vec<Token<'_>> {
    let t = tokenize::tokenize(text, Rules::default());
    let mut out = Vec::with_capacity(t.words.len() * 2 + 1);
    let mut pos = 0;
    for w in &t.words {
        if w.start > pos {
            out.push(Token {
                text: &text[pos..w.start],
                word: false,
            });
        }
        out.push(Token {
            text: w.text,
            word: true,
        });
        pos = w.start + w.text.len();
    }
    if pos < text.len() {
        out.push(Token {
            text: &text[pos..],
            word: false,
        });
    }
    out
}

/// The comparison key of the text between two words: a lone space for
/// whitespace, punctuation kept (whitespace inside collapsed) unless
/// punctuation is ignored.
pub(super) fn gap_key<'a>(gap: &'a str, opts: &DiffOptions) -> Cow<'a, str> {
    if gap == " " {
        return Cow::Borrowed(gap);
    }
    if opts.ignore_punctuation || gap.trim().is_empty() {
        return Cow::Borrowed(" ");
    }
    let g = if opts.normalize_quotes {
        normalize_token(
            gap,
            &DiffOptions {
                ignore_case: false,
                ..*opts
            },
        )
    } else {
        Cow::Borrowed(gap)
    };
    let trimmed = g.trim();
    let lead = if g.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if g.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let inner = collapse_whitespace(trimmed);
    if lead.is_empty() && trail.is_empty() && inner == g.as_ref() {
        return g;
    }
    Cow::Owned(format!("{lead}{inner}{trail}"))
}

/// Word-level diff of two sentences, with semantic cleanup for display.
pub(super) fn word_diff<'a>(
    old: &'a str,
    new: &'a str,
    opts: &DiffOptions,
    work: &mut Work,
) -> WordDetail {
    let (ot, nt) = (diff_tokens(old), diff_tokens(new));
    let mut ids = Interner::default();
    let mut keys = |tokens: &[Token<'a>]| -> Vec<u32> {
        tokens
            .iter()
            .map(|t| {
                ids.id(if t.word {
                    normalize_token(t.text, opts)
                } else {
                    gap_key(t.text, opts)
                })
            })
            .collect()
    };
    let ok = keys(&ot);
    let nk = keys(&nt);
    // (Charged for what differs between the common start and end.)
    let (start, end) = super::common_ends(&ok, &nk);
    if !work.charge(ok.len() - start - end, nk.len() - start - end) {
        return replaced_whole(&ot, &nt);
    }
    let raw: Vec<(DiffTag, std::ops::Range<usize>, std::ops::Range<usize>)> =
        similar::capture_diff_slices(Algorithm::Myers, &ok, &nk)
            .iter()
            .map(|op| op.as_tag_tuple())
            .collect();
    let words = |ts: &[Token<'_>], r: &std::ops::Range<usize>| {
        ts[r.clone()].iter().filter(|t| t.word).count() as u64
    };
    let mut detail = WordDetail {
        added: 0,
        deleted: 0,
        unchanged: 0,
        changes: Vec::new(),
    };
    // The counts come from a diff of the words alone: the diff of words
    // and the gaps between them can match a `, ` for a word, and count
    // more words changed than changed (`and glass-roofed structures` →
    // `glass-roofed structures, and most commonly, farmers' crops`).
    let only_words = |tokens: &[Token<'_>], keys: &[u32]| -> Vec<u32> {
        tokens
            .iter()
            .zip(keys)
            .filter(|(t, _)| t.word)
            .map(|(_, &k)| k)
            .collect()
    };
    let (ow, nw) = (only_words(&ot, &ok), only_words(&nt, &nk));
    let unchanged: usize = similar::capture_diff_slices(Algorithm::Myers, &ow, &nw)
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    detail.unchanged = unchanged as u64;
    detail.deleted = (ow.len() - unchanged) as u64;
    detail.added = (nw.len() - unchanged) as u64;
    debug_assert_eq!(
        detail.unchanged + detail.deleted,
        raw.iter().map(|(_, o, _)| words(&ot, o)).sum::<u64>()
    );
    detail.changes = cleanup(&raw, &ot, &nt);
    detail
}

/// A word diff too costly for the work bound: the old sentence deleted
/// whole, the new one inserted whole.
pub(super) fn replaced_whole(ot: &[Token<'_>], nt: &[Token<'_>]) -> WordDetail {
    let raw = [(DiffTag::Replace, 0..ot.len(), 0..nt.len())];
    WordDetail {
        added: nt.iter().filter(|t| t.word).count() as u64,
        deleted: ot.iter().filter(|t| t.word).count() as u64,
        unchanged: 0,
        changes: cleanup(&raw, ot, nt),
    }
}

/// Semantic cleanup: folds short equal stretches between changes into the
/// changes around them, then renders pieces (deletions before insertions).
pub(super) fn cleanup(
    raw: &[(DiffTag, std::ops::Range<usize>, std::ops::Range<usize>)],
    ot: &[Token<'_>],
    nt: &[Token<'_>],
) -> Vec<Change> {
    // Characters before each token, so a range's length costs O(1).
    let prefix = |ts: &[Token<'_>]| -> Vec<usize> {
        let mut p = Vec::with_capacity(ts.len() + 1);
        p.push(0);
        for t in ts {
            p.push(p[p.len() - 1] + t.text.chars().count());
        }
        p
    };
    let (po, pn) = (prefix(ot), prefix(nt));
    let size = |o: &std::ops::Range<usize>, n: &std::ops::Range<usize>| {
        (po[o.end] - po[o.start]).max(pn[n.end] - pn[n.start])
    };
    // Segments: (equal?, old range, new range), merged in one pass: whenever
    // the top of the stack is change, short equal, change, the three become
    // one change (which may then merge with what is before it).
    // Each op's ranges are taken from running positions and its lengths:
    // similar's compaction can leave an insertion's old index (a
    // deletion's new index) behind where the op moved to, and a segment
    // grown to a stale index would drop the tokens between.
    let mut segs: Vec<(bool, std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let (mut at_o, mut at_n) = (0, 0);
    for (tag, o, n) in raw {
        let eq = *tag == DiffTag::Equal;
        let (len_o, len_n) = match tag {
            DiffTag::Insert => (0, n.len()),
            DiffTag::Delete => (o.len(), 0),
            _ => (o.len(), n.len()),
        };
        let (o, n) = (at_o..at_o + len_o, at_n..at_n + len_n);
        (at_o, at_n) = (o.end, n.end);
        match segs.last_mut() {
            Some(last) if last.0 == eq => {
                last.1.end = o.end;
                last.2.end = n.end;
                continue;
            }
            _ => segs.push((eq, o, n)),
        }
        while segs.len() >= 3 {
            let k = segs.len();
            let (a, e, b) = (&segs[k - 3], &segs[k - 2], &segs[k - 1]);
            if a.0 || !e.0 || b.0 {
                break;
            }
            let short = po[e.1.end] - po[e.1.start] <= size(&a.1, &a.2).min(size(&b.1, &b.2));
            if !short {
                break;
            }
            let (end_o, end_n) = (b.1.end, b.2.end);
            segs.truncate(k - 2);
            let a = &mut segs[k - 3];
            a.1.end = end_o;
            a.2.end = end_n;
        }
    }
    let text = |ts: &[Token<'_>], r: &std::ops::Range<usize>| {
        ts[r.clone()].iter().map(|t| t.text).collect::<String>()
    };
    let mut out = Vec::new();
    for (eq, o, n) in &segs {
        if *eq {
            let (old_text, new_text) = (text(ot, o), text(nt, n));
            out.push(Change {
                tag: ChangeTag::Equal,
                old_text: (old_text != new_text).then_some(old_text),
                text: new_text,
            });
            continue;
        }
        // Keep shared leading/trailing whitespace outside the marks.
        let (old_text, new_text) = (text(ot, o), text(nt, n));
        if !old_text.is_empty() {
            out.push(Change {
                tag: ChangeTag::Delete,
                text: old_text,
                old_text: None,
            });
        }
        if !new_text.is_empty() {
            out.push(Change {
                tag: ChangeTag::Insert,
                text: new_text,
                old_text: None,
            });
        }
    }
    out
}
