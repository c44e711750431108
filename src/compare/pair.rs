//! One row of a comparison: a pair of versions diffed, or a document added
//! or removed.

use super::*;

/// The sections of a diff that hold a change (`None`: before any heading),
/// each with its number of changed sentences, in order of first change.
pub(crate) fn changed_sections(d: &ArticleDiff) -> Vec<(Option<&str>, u64)> {
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

pub(super) fn compare_pair(
    old: &Loaded<'_>,
    new: &Loaded<'_>,
    renamed: bool,
    opts: &CompareOptions,
) -> DocChange {
    let mut row = DocChange {
        doc_id: new.side.doc.id.clone(),
        old_doc_id: Some(old.side.doc.id.clone()),
        status: if renamed {
            Status::Renamed
        } else {
            Status::Unchanged
        },
        similarity: Some(1.0),
        nonsignificant: false,
        coarse: false,
        sections_changed: 0,
        old_words: None,
        new_words: None,
        words_added: 0,
        words_deleted: 0,
        sentences: diff::OpCounts::default(),
        stats: Vec::new(),
        diff: None,
        kept: new.side.doc.kept.clone(),
        old_fingerprint: Some(old.fingerprint),
        new_fingerprint: Some(new.fingerprint),
        old_path: Some(old.side.doc.path.clone()),
        new_path: Some(new.side.doc.path.clone()),
    };
    if old.fingerprint == new.fingerprint {
        // The same words in the same order. Identical texts have the same
        // statistics (computed once); texts that differ in whitespace or
        // quote styles may not (line breaks make sentences and paragraphs),
        // so both are computed.
        let same = old.side.text == new.side.text;
        let sn = new.stats().clone();
        let so = if same {
            sn.clone()
        } else {
            old.stats().clone()
        };
        row.old_words = Some(so.words);
        row.new_words = Some(sn.words);
        row.stats = diff::stat_deltas(
            &DocStats::from_parts(old.side.doc, old.side.removed, so),
            &DocStats::from_parts(new.side.doc, new.side.removed, sn),
        );
        row.nonsignificant = !same;
        return row;
    }
    let (old_p, new_p) = rayon::join(|| old.parse(), || new.parse());
    let (mut d, [old_stats, new_stats]) = diff::diff_parsed(
        [&old.side, &new.side],
        [&old_p, &new_p],
        &opts.diff,
        new.stats_opts,
        [old.stats.get(), new.stats.get()],
    );
    // Kept: a release between two others is compared twice.
    let _ = old.stats.set(old_stats);
    let _ = new.stats.set(new_stats);
    if let Some(filter) = &opts.section {
        diff::restrict(&mut d, filter);
    }
    let s = &d.summary;
    row.similarity = Some(s.similarity);
    row.coarse = s.coarse;
    row.sections_changed = changed_sections(&d).len() as u64;
    row.old_words = Some(s.words_unchanged + s.words_deleted);
    row.new_words = Some(s.words_unchanged + s.words_added);
    row.words_added = s.words_added;
    row.words_deleted = s.words_deleted;
    row.sentences = s.sentences;
    row.stats = d.stats.clone();
    let significant = d.has_changes() && 1.0 - s.similarity >= opts.min_change;
    if significant {
        if !renamed {
            row.status = Status::Modified;
        }
        row.diff = Some(d);
    } else {
        row.nonsignificant = true;
    }
    row
}

pub(super) fn single(l: &Loaded<'_>, status: Status) -> DocChange {
    let s = l.stats();
    let sentences = s.sentences;
    let words = s.words;
    let mut counts = diff::OpCounts::default();
    let (old, new) = if status == Status::Added {
        counts.added = sentences;
        (None, Some(l))
    } else {
        counts.deleted = sentences;
        (Some(l), None)
    };
    DocChange {
        doc_id: l.side.doc.id.clone(),
        old_doc_id: old.map(|l| l.side.doc.id.clone()),
        status,
        similarity: None,
        nonsignificant: false,
        coarse: false,
        sections_changed: 0,
        old_words: old.map(|_| words),
        new_words: new.map(|_| words),
        words_added: if new.is_some() { words } else { 0 },
        words_deleted: if old.is_some() { words } else { 0 },
        sentences: counts,
        stats: Vec::new(),
        diff: None,
        old_fingerprint: old.map(|l| l.fingerprint),
        new_fingerprint: new.map(|l| l.fingerprint),
        old_path: old.map(|l| l.side.doc.path.clone()),
        new_path: new.map(|l| l.side.doc.path.clone()),
        kept: l.side.doc.kept.clone(),
    }
}
