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

/// The share of a sentence's weight that the other side's sentence must
/// hold for the sentence to join a split or merge across a paragraph
/// break (see [`grow_pairs`]).
const ACROSS_PARAGRAPHS_MIN: f64 = 0.8;

/// The share of a piece's weight that the part of the other side's
/// sentence a split or merge does not hold yet must hold for the piece to
/// join (see [`grow_pairs`]).
const REST_MIN: f64 = 0.5;

/// The words of `one` (sorted) that `held` (sorted) does not hold, each
/// occurrence once.
fn rest(one: &[u32], held: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < one.len() {
        if j < held.len() && held[j] < one[i] {
            j += 1;
        } else if j < held.len() && held[j] == one[i] {
            i += 1;
            j += 1;
        } else {
            out.push(one[i]);
            i += 1;
        }
    }
    out
}

/// The share of `part`'s weight (a sorted bag of word ids) found in
/// `whole` (sorted too), each occurrence once.
fn contained(part: &[u32], whole: &[u32], weights: &Weights) -> f64 {
    let total: f64 = part.iter().map(|&id| weights.similarity[id as usize]).sum();
    if total == 0.0 {
        return 0.0;
    }
    super::pair::shared_weight(part, whole, weights).0 / total
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
/// paragraph (or beyond a paragraph break when the old sentence holds
/// [`ACROSS_PARAGRAPHS_MIN`] of their weight), are added to it while each raises the weighted similarity to
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
        // A sentence of the next or the previous paragraph joins too when
        // the other side's sentence holds its words: a full stop removed
        // between two lines of a list, a list's entries set as paragraphs
        // of their own once one of them grew long.
        let free = |k: usize| {
            !taken[k]
                && !sents[k].words.is_empty()
                && ids[k].as_deref().is_some_and(|part| {
                    sents[k].paragraph == paragraph
                        || contained(part, one, weights) >= ACROSS_PARAGRAPHS_MIN
                })
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
                    // A piece of 3 words or more that the other side holds
                    // joins whatever it adds: a long sentence that took in
                    // a short one gains little similarity from it.
                    // Or a piece of 3 words or more at least half of
                    // whose weight is in what the range does not hold yet
                    // of the other side's sentence: a clause split off and
                    // reworded (`…, narrowing traffic lanes, widening
                    // sidewalks` / `It would narrow traffic lanes and
                    // widen sidewalks.`) gains less than a whole new one.
                    let held = sents[k].words.len() >= 3
                        && ids[k].as_deref().is_some_and(|part| {
                            contained(part, one, weights) >= ACROSS_PARAGRAPHS_MIN
                                || contained(part, &rest(one, &bag), weights) >= REST_MIN
                        });
                    let gains = sim >= best + SPLIT_GAIN || (sim > best && held);
                    if gains && step.as_ref().is_none_or(|(_, s, _)| sim > *s) {
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
        moved: false,
        code: olds[0].code,
    }
}

/// The farthest from its expected place (its relative place between the
/// pairs in place around it) that a run of the other version's sentences
/// may start, for [`rejoined`]: bounds the work of a large rewrite.
const REJOIN_WINDOW: usize = 64;
/// The most sentences one sentence can have become, with words changed,
/// in [`rejoined`]: a list's entries run into one sentence.
const REJOIN_MAX_PIECES: usize = 24;

/// Splits and merges with words changed that no sentence pair revealed:
/// a sentence left unpaired whose text, edited, is that of a run of
/// unpaired consecutive sentences of the other version between the same
/// pairs in place (a paragraph hard-wrapped into one sentence a line and a
/// comma added; a list's entries joined into one line, one entry
/// reworded). Each piece of the run must be held by the sentence
/// ([`ACROSS_PARAGRAPHS_MIN`] of its weight), and the run as a whole as
/// similar as a pair must be (`threshold`); the most similar run is taken.
/// Without it each piece was reported added and the sentence deleted,
/// though their words stayed.
pub(super) fn rejoined(
    anchors: &[(usize, usize)],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_ids, new_ids): (&[Bag], &[Bag]),
    weights: &Weights,
    threshold: f64,
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> Vec<Grown> {
    // For each free sentence of `one`, the best run of free sentences of
    // `many`; `anchors` are (one, many) index pairs in increasing order.
    #[allow(clippy::too_many_arguments)]
    fn find(
        anchors: &[(usize, usize)],
        one: &[Sentence<'_>],
        one_ids: &[Bag],
        one_taken: &mut [bool],
        many: &[Sentence<'_>],
        many_ids: &[Bag],
        many_taken: &mut [bool],
        weights: &Weights,
        threshold: f64,
    ) -> Vec<(usize, Range<usize>, f64)> {
        let mut out = Vec::new();
        let mut next_free = 0; // runs of one gap stay in order
        for i in 0..one.len() {
            if one_taken[i] || one[i].words.len() < 3 {
                continue;
            }
            let Some(whole) = one_ids[i].as_deref() else {
                continue;
            };
            // The gap between the pairs in place around `i`.
            let after = anchors.partition_point(|&(a, _)| a < i);
            let (one_lo, lo) = after
                .checked_sub(1)
                .map_or((0, 0), |k| (anchors[k].0 + 1, anchors[k].1 + 1));
            let (one_hi, hi) = anchors
                .get(after)
                .map_or((one.len(), many.len()), |&(a, b)| (a, b));
            let lo = lo.max(next_free.min(hi));
            if lo >= hi {
                continue;
            }
            let expected = lo + (i - one_lo) * (hi - lo) / (one_hi - one_lo).max(1);
            let held = |k: usize| {
                !many_taken[k]
                    && !many[k].words.is_empty()
                    && many_ids[k].as_deref().is_some_and(|part| {
                        contained(part, whole, weights) >= ACROSS_PARAGRAPHS_MIN
                    })
            };
            let mut best: Option<(usize, Range<usize>, f64)> = None;
            let from = expected.saturating_sub(REJOIN_WINDOW).max(lo);
            let to = (expected + REJOIN_WINDOW).min(hi);
            let mut j = from;
            while j < to {
                if !held(j) {
                    j += 1;
                    continue;
                }
                let mut end = j + 1;
                while end < hi && end - j < REJOIN_MAX_PIECES && held(end) {
                    end += 1;
                }
                if end - j >= 2 {
                    let mut bag: Vec<u32> = (j..end)
                        .flat_map(|k| many_ids[k].iter().flatten().copied())
                        .collect();
                    bag.sort_unstable();
                    let sim = weighted_dice(whole, &bag, weights).0;
                    if sim >= threshold && best.as_ref().is_none_or(|b| sim > b.2) {
                        best = Some((i, j..end, sim));
                    }
                }
                j = end;
            }
            if let Some((i, run, sim)) = best {
                one_taken[i] = true;
                run.clone().for_each(|k| many_taken[k] = true);
                next_free = run.end;
                out.push((i, run, sim));
            }
        }
        out
    }
    let mut out: Vec<Grown> = find(
        anchors, old_s, old_ids, old_taken, new_s, new_ids, new_taken, weights, threshold,
    )
    .into_iter()
    .map(|(i, new, similarity)| Grown {
        old: i..i + 1,
        new,
        similarity,
    })
    .collect();
    let flipped: Vec<(usize, usize)> = anchors.iter().map(|&(a, b)| (b, a)).collect();
    out.extend(
        find(
            &flipped, new_s, new_ids, new_taken, old_s, old_ids, old_taken, weights, threshold,
        )
        .into_iter()
        .map(|(j, old, similarity)| Grown {
            old,
            new: j..j + 1,
            similarity,
        }),
    );
    out
}
