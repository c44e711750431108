//! One row of a comparison: a pair of versions diffed, or a document added
//! or removed.

use std::borrow::Cow;

use super::*;
use crate::boilerplate;

/// The sections of a diff that hold a change (`None`: before any heading),
/// each with its number of changed sentences, in order of first change.
fn changed_sections(d: &ArticleDiff) -> Vec<(Option<&str>, u64)> {
    let mut out: Vec<(Option<&str>, u64)> = Vec::new();
    for op in &d.ops {
        let changed = op.op != diff::OpKind::Unchanged && !op.nonsignificant;
        if !changed {
            continue;
        }
        let section = op.section.as_deref();
        match out.iter_mut().find(|(s, _)| *s == section) {
            Some((_, n)) => *n += 1,
            None => out.push((section, 1)),
        }
    }
    out
}

pub(super) fn compare_pair<'d>(
    old: &Loaded<'d>,
    new: &Loaded<'d>,
    renamed: bool,
    opts: &CompareOptions,
) -> crate::Result<DocChange> {
    let (mut old_side, mut new_side) = (old.side()?, new.side()?);
    // The two versions as compared: their own texts (whose parses and
    // statistics their releases keep), unless one lost lines as repeated
    // in its release that the other kept (below).
    let (mut old_fp, mut new_fp) = (old.fingerprint, new.fingerprint);
    let (mut old_own, mut new_own) = (true, true);
    if old_fp != new_fp && old.repeated != new.repeated {
        // Repeated lines are found release by release, so one file can
        // lose a line in one release and keep it in the next (a release
        // growing past ten documents, a share crossing 30%): the file
        // would seem changed while no byte of it did. A line removed as
        // repeated from either version is removed from both.
        for (side, fp, own, keep, other) in [
            (
                &mut old_side,
                &mut old_fp,
                &mut old_own,
                old.repeated,
                new.repeated,
            ),
            (
                &mut new_side,
                &mut new_fp,
                &mut new_own,
                new.repeated,
                old.repeated,
            ),
        ] {
            let extra: Vec<u64> = other
                .iter()
                .filter(|k| keep.binary_search(k).is_err())
                .copied()
                .collect();
            let has_title = side.doc.title_in_text;
            if let Some((text, removed)) = boilerplate::remove_lines(&side.text, has_title, &extra)
            {
                side.text = Cow::Owned(text);
                side.removed += removed;
                *fp = super::fingerprint(&side.text, &opts.diff);
                *own = false;
            }
        }
    }
    let own = [old_own, new_own];
    let mut row = DocChange {
        doc_id: new.doc.id.clone(),
        old_doc_id: Some(old.doc.id.clone()),
        status: if renamed {
            Status::Renamed
        } else {
            Status::Unchanged
        },
        similarity: Some(1.0),
        nonsignificant: false,
        coarse: false,
        changed: false,
        sections_changed: 0,
        changed_sections: Vec::new(),
        old_words: None,
        new_words: None,
        words_added: 0,
        words_deleted: 0,
        sentences: diff::OpCounts::default(),
        code: diff::CodeCounts::default(),
        stats: StatDeltas::default(),
        diff: None,
        kept: new.doc.kept.clone(),
        old_fingerprint: Some(old.fingerprint),
        new_fingerprint: Some(new.fingerprint),
        section_missing: false,
        old_occurrence: None,
        new_occurrence: None,
        old_path: Some(old.doc.path.clone()),
        new_path: Some(new.doc.path.clone()),
    };
    // A version's statistics and parse: kept in its release for its own
    // text, made for this comparison only for a text with lines removed.
    let stats_of = |l: &Loaded<'_>, side: &Side<'_>, own: bool| {
        if own {
            l.stats_of(&side.text).clone()
        } else {
            Parsed::new(&side.text).stats(&side.text, l.stats_opts, l.doc.language_hint.as_deref())
        }
    };
    let parse = |l: &Loaded<'d>, side: &Side<'_>, own: bool| {
        if own {
            l.parse(&side.text)
        } else {
            ParseRef::Once(Box::new(Parsed::new(&side.text)))
        }
    };
    if old_fp == new_fp {
        // The same words in the same order. Identical texts have the same
        // statistics (computed once); texts that differ in whitespace or
        // quote styles may not (line breaks make sentences and paragraphs),
        // so both are computed.
        let same = old_side.text == new_side.text;
        let sn = stats_of(new, &new_side, own[1]);
        let so = if same {
            sn.clone()
        } else {
            stats_of(old, &old_side, own[0])
        };
        row.old_words = Some(so.words);
        row.new_words = Some(sn.words);
        row.stats = StatDeltas::from_list(&diff::stat_deltas(
            &DocStats::from_parts(old.doc, old_side.removed, so),
            &DocStats::from_parts(new.doc, new_side.removed, sn),
        ));
        row.nonsignificant = !same;
        return Ok(row);
    }
    let (old_p, new_p) = rayon::join(
        || parse(old, &old_side, own[0]),
        || parse(new, &new_side, own[1]),
    );
    let (mut d, [old_stats, new_stats]) = diff::diff_parsed(
        [&old_side, &new_side],
        [&old_p, &new_p],
        &opts.diff,
        new.stats_opts,
        [
            old.stats.get().filter(|_| own[0]),
            new.stats.get().filter(|_| own[1]),
        ],
    );
    // The versions' words as the stats table counts them (code is no
    // prose), as for an unchanged, added or removed document: a version has
    // one word count in every row, and new − old is `words_delta`. (The
    // diff counts the words of code lines apart, in `code`.)
    row.old_words = Some(old_stats.words);
    row.new_words = Some(new_stats.words);
    // Kept: a release between two others is compared twice.
    if own[0] {
        let _ = old.stats.set(old_stats);
    }
    if own[1] {
        let _ = new.stats.set(new_stats);
    }
    if let Some(filter) = &opts.section {
        row.section_missing = !diff::restrict(&mut d, filter);
    }
    let s = &d.summary;
    row.similarity = Some(s.similarity);
    row.coarse = s.coarse;
    let sections = changed_sections(&d);
    row.sections_changed = sections.len() as u64;
    row.changed_sections = sections
        .into_iter()
        .filter_map(|(s, n)| Some((s?.to_string(), n)))
        .collect();
    row.words_added = s.words_added;
    row.words_deleted = s.words_deleted;
    row.sentences = s.sentences;
    row.code = s.code;
    row.stats = StatDeltas::from_list(&d.stats);
    // A change of no word (list markers `-` → `*`, a heading's level,
    // punctuation) leaves the same words in the same order: unchanged, as
    // the status says, with a non-significant change. Moved sentences are
    // a change of order, whatever their words. (An edit of markup only is
    // flagged non-significant by the diff already; a split or a merge is
    // asked here.)
    let words_changed = d.ops.iter().any(|op| {
        op.op != diff::OpKind::Unchanged
            && !op.nonsignificant
            && (matches!(op.op, diff::OpKind::Moved | diff::OpKind::Edited)
                || op.words_added + op.words_deleted > 0
                || !markup_only(op))
    });
    let significant = d.has_changes() && words_changed && 1.0 - s.similarity >= opts.min_change;
    if significant {
        if !renamed {
            row.status = Status::Modified;
        }
        row.changed = true;
        row.diff = Some(d);
    } else {
        row.nonsignificant = true;
    }
    Ok(row)
}

/// Whether a sentence's changes are all in markup (see
/// `diff::markup_only`).
fn markup_only(op: &diff::SentenceOp) -> bool {
    let (Some(old), Some(new)) = (&op.old_text, &op.new_text) else {
        return false;
    };
    diff::markup_only(old, new)
}

/// The row of a document whose file in the other release could not be
/// read (`known_old`: the known one is the old): nothing known changed.
/// The row of a document whose version on one side could not be read:
/// `l` the version read, `unread` the other's file (the row's paths name
/// each version's own file: `path` the new one, read or not).
pub(super) fn unreadable(
    l: &Loaded<'_>,
    known_old: bool,
    unread: Option<&String>,
) -> crate::Result<DocChange> {
    let mut row = single(l, Status::Unreadable)?;
    let words = row.old_words.or(row.new_words);
    row.sentences = diff::OpCounts::default();
    row.code = diff::CodeCounts::default();
    (row.words_added, row.words_deleted) = (0, 0);
    (row.old_words, row.new_words) = if known_old {
        (words, None)
    } else {
        (None, words)
    };
    if known_old {
        row.old_path = Some(l.doc.path.clone());
        row.new_path = unread.cloned();
    } else {
        row.new_path = Some(l.doc.path.clone());
        row.old_path = unread.cloned();
    }
    // Its one known version stands for both: a history follows the
    // document through, as the same version (what the unreadable file
    // holds is not known), rather than end it and start another.
    row.old_doc_id = Some(l.doc.id.clone());
    row.new_fingerprint = row.old_fingerprint;
    Ok(row)
}

pub(super) fn single(l: &Loaded<'_>, status: Status) -> crate::Result<DocChange> {
    let s = l.stats()?;
    let words = s.words;
    // Sentences and words of prose, as the stats table counts them (and a
    // diff too), and the lines of code and their words apart, as a diff
    // counts them: a step's totals add the two alike.
    let mut code = diff::CodeCounts::default();
    if s.code_lines > 0 {
        let text = l.text()?;
        let t = crate::tokenize::tokenize(&text, crate::tokenize::Rules::default());
        let lines = t
            .sentences
            .iter()
            .filter(|x| !x.words.is_empty() && t.in_code(x.span.start));
        let (w, n) = lines.fold((0, 0), |(w, n), x| (w + x.words.len() as u64, n + 1));
        if status == Status::Added {
            (code.lines.added, code.words_added) = (n, w);
        } else {
            (code.lines.deleted, code.words_deleted) = (n, w);
        }
    }
    let mut counts = diff::OpCounts::default();
    let (old, new) = if status == Status::Added {
        counts.added = s.sentences;
        (None, Some(l))
    } else {
        counts.deleted = s.sentences;
        (Some(l), None)
    };
    Ok(DocChange {
        doc_id: l.doc.id.clone(),
        old_doc_id: old.map(|l| l.doc.id.clone()),
        status,
        similarity: None,
        nonsignificant: false,
        coarse: false,
        changed: false,
        sections_changed: 0,
        changed_sections: Vec::new(),
        old_words: old.map(|_| words),
        new_words: new.map(|_| words),
        words_added: if new.is_some() { words } else { 0 },
        words_deleted: if old.is_some() { words } else { 0 },
        sentences: counts,
        code,
        stats: StatDeltas::default(),
        diff: None,
        old_fingerprint: old.map(|l| l.fingerprint),
        new_fingerprint: new.map(|l| l.fingerprint),
        old_path: old.map(|l| l.doc.path.clone()),
        new_path: new.map(|l| l.doc.path.clone()),
        kept: l.doc.kept.clone(),
        section_missing: false,
        old_occurrence: None,
        new_occurrence: None,
    })
}
