//! Renames: which unmatched old and new documents are one document under a
//! new id.
//!
//! Documents whose text is unchanged (equal fingerprints) pair first, in
//! order. For the rest, each document is a bag of words (lowercased, quote
//! styles made plain) weighted by inverse document frequency over the
//! unmatched documents of both releases, ln(1 + documents / documents
//! holding the word): words every document has (function words, a site's
//! boilerplate) weigh little, the words that make a document itself much.
//! Two documents are one renamed document when
//!
//! * their weighted Dice similarity, 2·w(A∩B) / (w(A) + w(B)), reaches the
//!   threshold (`--rename-threshold`, default 0.5), or
//! * the smaller is contained in the larger — w(A∩B) / min(w(A), w(B)) of
//!   at least [`CONTAINMENT_MIN`] — and has at least [`CONTAINED_MIN_WORDS`]
//!   words: a stub that grew into a full article under a new name;
//!
//! best pairs first (by the higher of the two scores), each document in at
//! most one pair. Candidates come from an index, not from comparing every
//! pair: each document's [`SIGNATURE`] rarest words (among those another
//! document holds too) are indexed, and a new document is scored only
//! against the old ones sharing most of its signature. Time and memory grow with the documents, not their square.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

use super::Loaded;

/// Words of a document's signature: its rarest.
pub const SIGNATURE: usize = 8;
/// Candidates scored per document, at most.
const MAX_CANDIDATES: usize = 24;
/// Words held by more documents than this are never used to find
/// candidates (every candidate is still scored on all its words).
const MAX_POSTINGS: usize = 500;
/// The share of a smaller document found in a larger one that makes them
/// one document.
pub const CONTAINMENT_MIN: f64 = 0.8;
/// A document must have at least this many words to be found contained in
/// another (a few words are contained in many documents).
pub const CONTAINED_MIN_WORDS: usize = 30;

/// A document's words: distinct hashes (sorted) with their counts.
#[derive(Debug, Default, Clone)]
pub struct Bag {
    words: Vec<(u64, u32)>,
    total: usize,
}

impl Bag {
    /// The bag of a text: its runs of letters and digits, lowercased, with
    /// typographic quotes and dashes as their plain forms.
    pub fn of(text: &str) -> Bag {
        let mut lower = String::new();
        let mut hashes: Vec<u64> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| {
                let mut h = FxHasher::default();
                lower.clear();
                crate::tokenize::lowercase_into(w, &mut lower);
                for c in lower.chars() {
                    crate::diff::plain_char(c).unwrap_or(c).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        let total = hashes.len();
        hashes.sort_unstable();
        let mut words: Vec<(u64, u32)> = Vec::new();
        for h in hashes {
            match words.last_mut() {
                Some((w, n)) if *w == h => *n += 1,
                _ => words.push((h, 1)),
            }
        }
        Bag { words, total }
    }

    /// Whether the bag holds no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// A bag with each word's weight: (hash, count × weight), sorted by hash,
/// and the total weight.
struct Weighted {
    words: Vec<(u64, f64, u32)>,
    mass: f64,
    total: usize,
}

impl Weighted {
    fn of(bag: &Bag, weight: &FxHashMap<u64, f64>) -> Weighted {
        let words: Vec<(u64, f64, u32)> = bag
            .words
            .iter()
            .map(|&(h, n)| (h, weight.get(&h).copied().unwrap_or(0.0), n))
            .collect();
        let mass = words.iter().map(|&(_, w, n)| w * f64::from(n)).sum();
        Weighted {
            words,
            mass,
            total: bag.total,
        }
    }
}

/// The weighted overlap of two bags: (Dice, containment of the smaller).
fn scores(a: &Weighted, b: &Weighted) -> (f64, f64) {
    if a.mass + b.mass == 0.0 {
        return (0.0, 0.0);
    }
    let (mut i, mut j, mut common) = (0, 0, 0.0);
    while i < a.words.len() && j < b.words.len() {
        let ((ha, w, na), (hb, _, nb)) = (a.words[i], b.words[j]);
        match ha.cmp(&hb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += f64::from(na.min(nb)) * w;
                i += 1;
                j += 1;
            }
        }
    }
    let smaller = a.mass.min(b.mass);
    let containment = if smaller > 0.0 {
        (common / smaller).min(1.0)
    } else {
        0.0
    };
    ((2.0 * common / (a.mass + b.mass)).min(1.0), containment)
}

/// Pairs old and new bags (by position in the slices) that are one renamed
/// document (see the module docs), best first; each at most once.
pub fn pair(old: &[Bag], new: &[Bag], threshold: f64) -> Vec<(usize, usize)> {
    // Document frequencies over both sides.
    let mut df: FxHashMap<u64, u32> = FxHashMap::default();
    for bag in old.iter().chain(new) {
        for &(h, _) in &bag.words {
            *df.entry(h).or_insert(0) += 1;
        }
    }
    let docs = (old.len() + new.len()) as f64;
    let weight: FxHashMap<u64, f64> = df
        .iter()
        .map(|(&h, &d)| (h, (1.0 + docs / f64::from(d)).ln()))
        .collect();
    // Signatures: the rarest words that another document also holds (a
    // word of one document can match nothing); ties by hash, for
    // determinism.
    let signature = |bag: &Bag| -> Vec<u64> {
        let mut words: Vec<(u32, u64)> = bag
            .words
            .iter()
            .map(|&(h, _)| (df[&h], h))
            .filter(|&(d, _)| d >= 2)
            .collect();
        words.sort_unstable();
        words.into_iter().take(SIGNATURE).map(|(_, h)| h).collect()
    };
    let weigh = |bags: &[Bag]| -> Vec<Weighted> {
        bags.par_iter().map(|b| Weighted::of(b, &weight)).collect()
    };
    let (old_w, new_w) = (weigh(old), weigh(new));
    let mut postings: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (i, bag) in old.iter().enumerate() {
        for h in signature(bag) {
            postings.entry(h).or_default().push(i);
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = new
        .par_iter()
        .enumerate()
        .flat_map_iter(|(j, b)| {
            let mut hits: FxHashMap<usize, u32> = FxHashMap::default();
            for h in signature(b) {
                if let Some(list) = postings.get(&h).filter(|l| l.len() <= MAX_POSTINGS) {
                    for &i in list {
                        *hits.entry(i).or_insert(0) += 1;
                    }
                }
            }
            let mut ranked: Vec<(u32, usize)> = hits.into_iter().map(|(i, n)| (n, i)).collect();
            ranked.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            let (old_w, b) = (&old_w, &new_w[j]);
            ranked
                .into_iter()
                .take(MAX_CANDIDATES)
                .filter_map(move |(_, i)| {
                    let a = &old_w[i];
                    let (dice, containment) = scores(a, b);
                    let contained = containment >= CONTAINMENT_MIN
                        && a.total.min(b.total) >= CONTAINED_MIN_WORDS;
                    let score = if dice >= threshold {
                        dice.max(containment)
                    } else if contained {
                        containment
                    } else {
                        return None;
                    };
                    Some((score, i, j))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut o, mut n) = (vec![false; old.len()], vec![false; new.len()]);
    let mut out = Vec::new();
    for (_, i, j) in candidates {
        if !o[i] && !n[j] {
            o[i] = true;
            n[j] = true;
            out.push((i, j));
        }
    }
    out
}

/// Unmatched old/new pairs: first those with the same text (fingerprint),
/// in order; then, among the rest, those [`crate::compare::renames`] finds to be one
/// document; each document in at most one pair.
pub(super) fn renamed_pairs(
    old_l: &[Loaded<'_>],
    new_l: &[Loaded<'_>],
    old_taken: &[bool],
    new_taken: &[bool],
    opts: &super::CompareOptions,
) -> crate::Result<Vec<(usize, usize, Option<super::DocChange>)>> {
    let threshold = opts.rename_threshold;
    // First the documents whose text is found unchanged under a new id
    // (a site's addresses changed, say): identical fingerprints, paired in
    // order. Only the rest are compared with each other.
    // Texts without a word (punctuation only) are never renamed, as their
    // word bags below are empty.
    let has_words = |l: &Loaded<'_>| l.has_words;
    let mut by_fingerprint: FxHashMap<u128, std::collections::VecDeque<usize>> =
        FxHashMap::default();
    for (j, l) in new_l.iter().enumerate() {
        if !new_taken[j] && has_words(l) {
            by_fingerprint
                .entry(l.fingerprint)
                .or_default()
                .push_back(j);
        }
    }
    let (mut old_taken, mut new_taken) = (old_taken.to_vec(), new_taken.to_vec());
    let mut out = Vec::new();
    for (i, l) in old_l.iter().enumerate() {
        if old_taken[i] || !has_words(l) {
            continue;
        }
        if let Some(j) = by_fingerprint
            .get_mut(&l.fingerprint)
            .and_then(|q| q.pop_front())
        {
            old_taken[i] = true;
            new_taken[j] = true;
            out.push((i, j, None));
        }
    }
    let (old_taken, new_taken) = (&old_taken[..], &new_taken[..]);

    // The rest: by content (see `crate::compare::renames`).
    let free = |l: &[Loaded<'_>], taken: &[bool]| -> Vec<usize> {
        (0..l.len()).filter(|&i| !taken[i]).collect()
    };
    let (old_free, new_free) = (free(old_l, old_taken), free(new_l, new_taken));
    let bags = |l: &[Loaded<'_>], idx: &[usize]| -> crate::Result<Vec<Bag>> {
        idx.par_iter()
            .map(|&i| Ok(Bag::of(&l[i].text()?)))
            .collect()
    };
    let (old_bags, new_bags) = rayon::join(|| bags(old_l, &old_free), || bags(new_l, &new_free));
    let (old_bags, new_bags) = (old_bags?, new_bags?);
    let found: Vec<(usize, usize)> = pair(&old_bags, &new_bags, threshold)
        .into_iter()
        .map(|(a, b)| (old_free[a], new_free[b]))
        .collect();
    // A pair found by its words is one document only if the diff says so
    // too: pages of one template (`Transport in India`, `Transport in
    // Indonesia`) share most words — the template's — and little text,
    // and were reported `renamed` with a similarity of 0.18.
    // Confirmed by the whole diff, whatever the report's filters
    // (`--section`, `--min-change`) keep of it. The rows made on the way
    // are kept for the comparison when those are the report's rows too (up
    // to [`KEPT_ROWS`]: each holds its diff; past that they are made again).
    let whole = super::CompareOptions {
        section: None,
        min_change: 0.0,
        ..opts.clone()
    };
    let keep = whole == *opts;
    let confirmed: Vec<Option<Option<super::DocChange>>> = found
        .par_iter()
        .enumerate()
        .map(|(k, &(i, j))| {
            let row = super::compare_pair(&old_l[i], &new_l[j], true, &whole)?;
            Ok(diff_confirms(&row, threshold).then(|| (keep && k < KEPT_ROWS).then_some(row)))
        })
        .collect::<crate::Result<_>>()?;
    out.extend(
        found
            .into_iter()
            .zip(confirmed)
            .filter_map(|((i, j), row)| Some((i, j, row?))),
    );
    Ok(out)
}

/// Rows of confirmed renames kept from their confirmation for the
/// comparison, at most (a row holds its diff).
const KEPT_ROWS: usize = 2_000;

/// The similarity a text of fewer than [`CONTAINED_MIN_WORDS`] words needs
/// to be renamed: a few words are little evidence, and two pages of one
/// template (`location: middle east, bordering the persian gulf …`) reach
/// 0.64.
pub const SHORT_RENAME_MIN: f64 = 0.8;

/// Whether the diff of a pair found by its words confirms it is one
/// document: its similarity reaches the threshold (and
/// [`SHORT_RENAME_MIN`] when a version has fewer than
/// [`CONTAINED_MIN_WORDS`] words), or nearly all the words of the smaller
/// version, of at least [`CONTAINED_MIN_WORDS`], are unchanged in the
/// other (at least [`CONTAINMENT_MIN`] of them: a stub that grew, or an
/// article cut to a stub).
pub(super) fn diff_confirms(row: &super::DocChange, threshold: f64) -> bool {
    let Some(d) = &row.diff else {
        // No significant change: the same words.
        return true;
    };
    // The diff's own counts (the words of code lines too).
    let s = &d.summary;
    let (added, deleted, unchanged) = s.all_words();
    let (old, new) = (unchanged + deleted, unchanged + added);
    let smaller = old.min(new);
    if smaller < CONTAINED_MIN_WORDS as u64 {
        return s.similarity >= threshold.max(SHORT_RENAME_MIN);
    }
    s.similarity >= threshold || unchanged as f64 >= CONTAINMENT_MIN * smaller as f64
}
