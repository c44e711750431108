//! Step 3: which pairs stay in place, and the reading order of the ops.

use super::*;

/// Settles what the in-place pairs leave between them. A sentence without
/// words (a table's `|`, a lone `---`) is never moved: a pair of them out
/// of place is undone. Then, between each two consecutive in-place pairs,
/// free old and new sentences with equal keys are paired in order (so a
/// table's `|` cells shift with the rows around them, unchanged). Returns
/// the pairs (sorted by old index) and which are in place.
pub(super) fn settle_gaps(
    pairs: Vec<Pair>,
    in_place: &[bool],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_keys, new_keys): (&[u32], &[u32]),
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
    work: &mut Work,
) -> (Vec<Pair>, Vec<bool>) {
    let mut settled: Vec<(Pair, bool)> = Vec::with_capacity(pairs.len());
    for (p, &placed) in pairs.into_iter().zip(in_place) {
        if !placed && old_s[p.old].words.is_empty() {
            old_taken[p.old] = false;
            new_taken[p.new] = false;
        } else {
            settled.push((p, placed));
        }
    }
    let anchors: Vec<(usize, usize)> = settled
        .iter()
        .filter(|(_, placed)| *placed)
        .map(|(p, _)| (p.old, p.new))
        .collect();
    for k in 0..=anchors.len() {
        let (lo_o, lo_n) = if k == 0 {
            (0, 0)
        } else {
            (anchors[k - 1].0 + 1, anchors[k - 1].1 + 1)
        };
        let (hi_o, hi_n) = anchors
            .get(k)
            .copied()
            .unwrap_or((old_s.len(), new_s.len()));
        let free_old: Vec<usize> = (lo_o..hi_o).filter(|&i| !old_taken[i]).collect();
        let free_new: Vec<usize> = (lo_n..hi_n).filter(|&j| !new_taken[j]).collect();
        if free_old.is_empty() || free_new.is_empty() {
            continue;
        }
        let ok: Vec<u32> = free_old.iter().map(|&i| old_keys[i]).collect();
        let nk: Vec<u32> = free_new.iter().map(|&j| new_keys[j]).collect();
        for (a, b) in equal_pairs(&ok, &nk, work) {
            let (i, j) = (free_old[a], free_new[b]);
            old_taken[i] = true;
            new_taken[j] = true;
            let pair = Pair {
                old: i,
                new: j,
                similarity: 1.0,
                aligned: true,
            };
            settled.push((pair, true));
        }
    }
    settled.sort_by_key(|(p, _)| p.old);
    settled.into_iter().unzip()
}

/// The pairs (sorted by old index) that form the heaviest subsequence
/// increasing in the new index too. Fenwick tree over new indices.
pub(super) fn heaviest_increasing(pairs: &[Pair], weights: &[f64], n_new: usize) -> Vec<bool> {
    // tree[k]: the best (weight, pair) ending at a new index ≤ k.
    let mut tree: Vec<(f64, usize)> = vec![(0.0, usize::MAX); n_new + 1];
    let mut prev = vec![usize::MAX; pairs.len()];
    let mut best = vec![0.0; pairs.len()];
    for (k, p) in pairs.iter().enumerate() {
        // Query the prefix of new indices < p.new.
        let (mut q, mut pos) = ((0.0, usize::MAX), p.new);
        while pos > 0 {
            if tree[pos].0 > q.0 {
                q = tree[pos];
            }
            pos &= pos - 1;
        }
        best[k] = q.0 + weights[k];
        prev[k] = q.1;
        let mut pos = p.new + 1;
        while pos <= n_new {
            if best[k] > tree[pos].0 {
                tree[pos] = (best[k], k);
            }
            pos += pos & pos.wrapping_neg();
        }
    }
    let mut keep = vec![false; pairs.len()];
    let mut k = (0..pairs.len()).max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a)));
    while let Some(i) = k.filter(|&i| i != usize::MAX) {
        keep[i] = true;
        k = Some(prev[i]);
    }
    keep
}

/// Puts ops in reading order: by new position; a deleted sentence right
/// after the op that holds the old sentence before it.
pub(super) fn order_ops(ops: &mut [SentenceOp], n_old: usize) {
    // before[i]: the new index of the nearest matched old sentence before i.
    let mut anchor = vec![None; n_old];
    for op in ops.iter() {
        if let (Some(i), Some(j)) = (op.old_index, op.new_index) {
            anchor[i] = Some(j as i64);
        }
    }
    let mut before = vec![-1i64; n_old];
    let mut last = -1;
    for i in 0..n_old {
        before[i] = last;
        if let Some(j) = anchor[i] {
            last = j;
        }
    }
    ops.sort_by_cached_key(|op| match (op.new_index, op.old_index) {
        (Some(j), _) => (j as i64, 0u8, 0usize),
        (None, Some(i)) => (before[i], 1, i),
        (None, None) => (i64::MAX, 2, 0),
    });
}
