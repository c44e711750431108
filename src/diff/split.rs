//! Step 3c: a changed pair grown into a split or a merge.

use super::*;

/// A split or merge must raise the pair's similarity by at least this.
pub(crate) const SPLIT_GAIN: f64 = 0.1;

/// A pair grown into a split or a merge: consecutive old and new sentence
/// ranges, one of them a single sentence.
pub(super) struct Grown {
    pub(super) old: Range<usize>,
    pub(super) new: Range<usize>,
    pub(super) similarity: f64,
}

/// Splits and merges. For each changed pair (edited or moved), free
/// sentences with words right before or after the new sentence, in its
/// paragraph, are added to it while each raises the weighted similarity to
/// the old sentence by at least [`SPLIT_GAIN`] (one sentence that became
/// several: `split`); failing that, the same on the old side (`merged`).
pub(super) fn grow_pairs(
    pairs: &[Pair],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_ids, new_ids): (&[Bag], &[Bag]),
    weights: &Weights,
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> Vec<Option<Grown>> {
    // Grows `one` (fixed) against `many` from `start`, over free sentences.
    fn grow(
        one: &[u32],
        start: usize,
        sents: &[Sentence<'_>],
        ids: &[Option<Vec<u32>>],
        taken: &[bool],
        weights: &Weights,
    ) -> Option<(Range<usize>, f64)> {
        let paragraph = sents[start].paragraph;
        let free = |k: usize| {
            !taken[k]
                && !sents[k].words.is_empty()
                && sents[k].paragraph == paragraph
                && ids[k].is_some()
        };
        let mut bag = ids[start].clone()?;
        let mut best = weighted_dice(one, &bag, weights).0;
        let mut range = start..start + 1;
        loop {
            let mut step = None;
            for k in [range.end, range.start.wrapping_sub(1)] {
                if k < sents.len() && free(k) {
                    let mut cand = bag.clone();
                    cand.extend(ids[k].iter().flatten());
                    cand.sort_unstable();
                    let sim = weighted_dice(one, &cand, weights).0;
                    if sim >= best + SPLIT_GAIN && step.as_ref().is_none_or(|(_, s, _)| sim > *s) {
                        step = Some((k, sim, cand));
                    }
                }
            }
            let Some((k, sim, cand)) = step else { break };
            best = sim;
            bag = cand;
            if k == range.end {
                range.end += 1;
            } else {
                range.start -= 1;
            }
        }
        (range.len() > 1).then_some((range, best))
    }
    pairs
        .iter()
        .map(|p| {
            if old_s[p.old].key == new_s[p.new].key {
                return None;
            }
            let (one_old, one_new) = (old_ids[p.old].as_deref()?, new_ids[p.new].as_deref()?);
            if let Some((range, sim)) = grow(one_old, p.new, new_s, new_ids, new_taken, weights) {
                range.clone().for_each(|k| new_taken[k] = true);
                return Some(Grown {
                    old: p.old..p.old + 1,
                    new: range,
                    similarity: sim,
                });
            }
            let (range, sim) = grow(one_new, p.old, old_s, old_ids, old_taken, weights)?;
            range.clone().for_each(|k| old_taken[k] = true);
            Some(Grown {
                old: range,
                new: p.new..p.new + 1,
                similarity: sim,
            })
        })
        .collect()
}

/// The op of a split or merge, with the word diff of the joined texts.
pub(super) fn grown_op(
    g: &Grown,
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    opts: &DiffOptions,
    work: &mut Work,
) -> SentenceOp {
    let join = |sents: &[Sentence<'_>]| -> String {
        sents.iter().map(|s| s.text).collect::<Vec<_>>().join(" ")
    };
    let (olds, news) = (&old_s[g.old.clone()], &new_s[g.new.clone()]);
    let (old_text, new_text) = (join(olds), join(news));
    let detail = word_diff(&old_text, &new_text, opts, work);
    SentenceOp {
        op: if news.len() > 1 {
            OpKind::Split
        } else {
            OpKind::Merged
        },
        old_index: Some(g.old.start),
        new_index: Some(g.new.start),
        old_paragraph: Some(olds[0].paragraph),
        new_paragraph: Some(news[0].paragraph),
        similarity: Some(g.similarity),
        words_added: detail.added,
        words_deleted: detail.deleted,
        words_unchanged: detail.unchanged,
        nonsignificant: false,
        section: news[0].section.map(str::to_string),
        old_text: Some(olds[0].text.to_string()),
        new_text: Some(news[0].text.to_string()),
        old_more: olds[1..].iter().map(|s| s.text.to_string()).collect(),
        new_more: news[1..].iter().map(|s| s.text.to_string()).collect(),
        changes: detail.changes,
    }
}
