//! The counts of a diff, and the change in every statistic.

use super::*;

pub(super) fn summarize(
    ops: &[SentenceOp],
    old_paragraphs: usize,
    new_paragraphs: usize,
    coarse: bool,
) -> Summary {
    let mut s = Summary {
        similarity: 1.0,
        words_added: 0,
        words_deleted: 0,
        words_unchanged: 0,
        sentences: OpCounts::default(),
        code: CodeCounts::default(),
        paragraphs: OpCounts::default(),
        nonsignificant_changes: 0,
        coarse,
    };
    // A sentence without words added, deleted or moved (a `|`, a `---`,
    // a code fence) is a non-significant change, not a sentence added,
    // deleted or moved.
    let wordless = |op: &SentenceOp| {
        matches!(op.op, OpKind::Added | OpKind::Deleted | OpKind::Moved) && op.nonsignificant
    };
    // An edit of markup only (a list marker, an item's number, a heading's
    // level) counts as unchanged: a non-significant change.
    let kind = |op: &SentenceOp| match op.op {
        OpKind::Edited if op.nonsignificant => OpKind::Unchanged,
        k => k,
    };
    // Lines of code are counted apart from prose: a code block's lines
    // added are no sentences added, as its words are none of the
    // statistics' (a docs page's new shell example had read "15 sentences
    // added" where no prose changed).
    for op in ops {
        let (sentences, added, deleted, unchanged) = if op.code {
            let c = &mut s.code;
            (
                &mut c.lines,
                &mut c.words_added,
                &mut c.words_deleted,
                &mut c.words_unchanged,
            )
        } else {
            (
                &mut s.sentences,
                &mut s.words_added,
                &mut s.words_deleted,
                &mut s.words_unchanged,
            )
        };
        // (A code fence is no line of code, in whatever op.)
        let fence = op.code && op.no_words();
        if !wordless(op) && !fence {
            sentences.add(kind(op));
        }
        *added += op.words_added;
        *deleted += op.words_deleted;
        *unchanged += op.words_unchanged;
        s.nonsignificant_changes += u64::from(op.nonsignificant);
    }
    // (Over all words, code too: a change of code only is a change.)
    let (added, deleted, unchanged) = s.all_words();
    let total = added + deleted + 2 * unchanged;
    if total > 0 {
        s.similarity = 2.0 * unchanged as f64 / total as f64;
    }

    // Paragraphs, read off the sentences.
    let mut old_ops: Vec<Vec<&SentenceOp>> = vec![Vec::new(); old_paragraphs];
    let mut new_ops: Vec<Vec<&SentenceOp>> = vec![Vec::new(); new_paragraphs];
    for op in ops {
        if let Some(p) = op.old_paragraph {
            old_ops[p].push(op);
        }
        if let Some(p) = op.new_paragraph {
            new_ops[p].push(op);
        }
    }
    // A paragraph of wordless sentences only (a separator `* * -`) is no
    // paragraph, as for the stats table: its coming or going counts none;
    // nor is a block of code.
    let counted = |list: &Vec<&SentenceOp>| !list.iter().all(|op| wordless(op) || op.code);
    for list in &old_ops {
        if !counted(list) {
            continue;
        }
        let all = |k: OpKind| list.iter().all(|op| kind(op) == k);
        let kind = if all(OpKind::Deleted) {
            OpKind::Deleted
        } else if all(OpKind::Moved) {
            OpKind::Moved
        } else if all(OpKind::Unchanged) {
            let target = list[0].new_paragraph;
            let whole = list.iter().all(|op| op.new_paragraph == target)
                && target.is_some_and(|q| new_ops[q].len() == list.len());
            if whole {
                OpKind::Unchanged
            } else {
                OpKind::Edited
            }
        } else {
            OpKind::Edited
        };
        s.paragraphs.add(kind);
    }
    for list in &new_ops {
        if counted(list) && list.iter().all(|op| op.op == OpKind::Added) {
            s.paragraphs.add(OpKind::Added);
        }
    }
    s
}

/// Every numeric column of the stats table: old, new and new − old.
pub(crate) fn stat_deltas(o: &DocStats, n: &DocStats) -> Vec<StatDelta> {
    use crate::frame::{Cell, Kind, STATS_COLUMNS};
    let value = |c: Cell<'_>| match c {
        Cell::Count(v) => Some(v as f64),
        Cell::Float(v) => v,
        Cell::Str(_) => None,
    };
    STATS_COLUMNS
        .iter()
        .filter(|c| matches!(c.kind, Kind::Count | Kind::Float))
        .map(|c| {
            let (a, b) = (value((c.get)(o)), value((c.get)(n)));
            StatDelta {
                name: c.name,
                old: a,
                new: b,
                delta: a.zip(b).map(|(a, b)| b - a),
            }
        })
        .collect()
}
