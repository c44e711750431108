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

/// The most sentences one sentence can have become by layout alone (see
/// [`resegmented`]).
const MAX_PIECES: usize = 8;

/// Sentences cut or joined by layout alone: a free sentence whose text is,
/// whitespace aside, that of consecutive free sentences of the other
/// version — a blank line put inside it, a line grown past the long-line
/// length so that each line became a paragraph — is a split (or they a
/// merge) of no changed word, across paragraphs too (the growing of
/// [`grow_pairs`] stays inside one). Each is taken; when the same text is
/// free more than once, the one nearest in relative place is.
pub(super) fn resegmented(
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> Vec<Grown> {
    // Finds, for runs of free sentences of `many`, a free sentence of `one`
    // with their joined text; returns (one, many range) pairs.
    fn find(
        one: &[Sentence<'_>],
        one_taken: &mut [bool],
        many: &[Sentence<'_>],
        many_taken: &mut [bool],
    ) -> Vec<(usize, Range<usize>)> {
        let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, s) in one.iter().enumerate() {
            if !one_taken[i] && !s.words.is_empty() {
                by_key.entry(s.key.as_str()).or_default().push(i);
            }
        }
        let mut out = Vec::new();
        if by_key.is_empty() {
            return out;
        }
        let (n_one, n_many) = (one.len().max(1) as f64, many.len().max(1) as f64);
        let mut j = 0;
        while j < many.len() {
            let mut found = None;
            if !many_taken[j] {
                let mut joined = many[j].key.clone();
                for m in j + 1..(j + MAX_PIECES).min(many.len()) {
                    if many_taken[m] {
                        break;
                    }
                    joined.push(' ');
                    joined.push_str(&many[m].key);
                    // A run opens and closes with words (a wordless `|` or
                    // `—` at an end would be its op's anchor, and may be
                    // dropped as one: the rest of the run with it).
                    if many[j].words.is_empty() || many[m].words.is_empty() {
                        continue;
                    }
                    let Some(list) = by_key.get(joined.as_str()) else {
                        continue;
                    };
                    let place = j as f64 / n_many;
                    let nearest = list.iter().filter(|&&i| !one_taken[i]).min_by(|&&a, &&b| {
                        let d = |i: usize| (i as f64 / n_one - place).abs();
                        d(a).total_cmp(&d(b)).then(a.cmp(&b))
                    });
                    if let Some(&i) = nearest {
                        found = Some((i, j..m + 1));
                        break;
                    }
                }
            }
            match found {
                Some((i, range)) => {
                    one_taken[i] = true;
                    range.clone().for_each(|k| many_taken[k] = true);
                    j = range.end;
                    out.push((i, range));
                }
                None => j += 1,
            }
        }
        out
    }
    let mut out: Vec<Grown> = find(old_s, old_taken, new_s, new_taken)
        .into_iter()
        .map(|(i, new)| Grown {
            old: i..i + 1,
            new,
            similarity: 1.0,
        })
        .collect();
    out.extend(
        find(new_s, new_taken, old_s, old_taken)
            .into_iter()
            .map(|(j, old)| Grown {
                old,
                new: j..j + 1,
                similarity: 1.0,
            }),
    );
    out
}

/// Splits and merges. For each changed pair (edited or moved), free
/// sentences with words right before or after the new sentence, in its
/// paragraph, are added to it while each raises the weighted similarity to
/// the old sentence by at least [`SPLIT_GAIN`] (one sentence that became
/// several: `split`); failing that, the same on the old side (`merged`).
/// Pairs already grown by [`resegmented`] (`fixed`, by their first old
/// and new sentences) are kept as they are.
pub(super) fn grow_pairs(
    pairs: &[Pair],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_ids, new_ids): (&[Bag], &[Bag]),
    weights: &Weights,
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
    mut fixed: FxHashMap<(usize, usize), Grown>,
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
            if let Some(g) = fixed.remove(&(p.old, p.new)) {
                return Some(g);
            }
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
