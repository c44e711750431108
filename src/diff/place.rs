//! Step 3: which pairs stay in place, and the reading order of the ops.

use super::*;

/// Settles what the in-place pairs leave between them. A sentence without
/// words (a table's `|`, a lone `---`) is never moved: a pair of them out
/// of place is undone. Then, between each two consecutive in-place pairs,
/// free old and new sentences with equal keys are paired in order (so a
/// table's `|` cells shift with the rows around them, unchanged), and so
/// are the free sentences left there that are near-copies of each other
/// letter by letter ([`near_copies`]): the same sentence with its case,
/// spacing, brackets or typography changed, or a number or a letter, which
/// word similarity misses in short sentences (`Acetyl-alpha-methylfentanyl`
/// → `Acetyl-α-methylfentanyl`, `Data Retention` → `Data retention`).
/// `similarity` gives such a pair its word similarity. Returns the pairs
/// (sorted by old index) and which are in place.
pub(super) fn settle_gaps(
    pairs: Vec<Pair>,
    in_place: &[bool],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_keys, new_keys): (&[u32], &[u32]),
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
    work: &mut Work,
    similarity: &dyn Fn(usize, usize) -> f64,
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
        let (olds, news) = gap(&anchors, k, (old_s.len(), new_s.len()));
        let free_old: Vec<usize> = olds.filter(|&i| !old_taken[i]).collect();
        let free_new: Vec<usize> = news.filter(|&j| !new_taken[j]).collect();
        if free_old.is_empty() || free_new.is_empty() {
            continue;
        }
        let ok: Vec<u32> = free_old.iter().map(|&i| old_keys[i]).collect();
        let nk: Vec<u32> = free_new.iter().map(|&j| new_keys[j]).collect();
        for (a, b) in equal_pairs(&ok, &nk, work) {
            let pair = Pair {
                old: free_old[a],
                new: free_new[b],
                similarity: 1.0,
                aligned: true,
            };
            settle(pair, (old_taken, new_taken), &mut settled);
        }
        let free_old: Vec<usize> = free_old
            .into_iter()
            .filter(|&i| !old_taken[i] && near_copy_size(&old_s[i]))
            .collect();
        let free_new: Vec<usize> = free_new
            .into_iter()
            .filter(|&j| !new_taken[j] && near_copy_size(&new_s[j]))
            .collect();
        for (a, b, letters) in near_copies(&free_old, &free_new, old_s, new_s) {
            let (i, j) = (free_old[a], free_new[b]);
            // Paired letter by letter: its similarity says how alike the
            // letters are (`miscellanious` → `miscellaneous` is 0.92, not
            // the 0 of its one word changed).
            let pair = Pair {
                old: i,
                new: j,
                similarity: similarity(i, j).max(letters),
                aligned: false,
            };
            settle(pair, (old_taken, new_taken), &mut settled);
        }
    }
    settled.sort_by_key(|(p, _)| p.old);
    settled.into_iter().unzip()
}

/// The (old, new) of the pairs in place, in order on both sides.
pub(super) fn anchors(pairs: &[Pair], in_place: &[bool]) -> Vec<(usize, usize)> {
    pairs
        .iter()
        .zip(in_place)
        .filter(|&(_, &placed)| placed)
        .map(|(p, _)| (p.old, p.new))
        .collect()
}

/// The old and the new sentences of gap `k` between the in-place pairs
/// `anchors`: after anchor `k − 1` and before anchor `k` (the first gap from
/// each version's start, the last to its end, `len` its length).
pub(super) fn gap(
    anchors: &[(usize, usize)],
    k: usize,
    len: (usize, usize),
) -> (Range<usize>, Range<usize>) {
    let (lo_o, lo_n) = match k.checked_sub(1) {
        Some(prev) => (anchors[prev].0 + 1, anchors[prev].1 + 1),
        None => (0, 0),
    };
    let (hi_o, hi_n) = anchors.get(k).copied().unwrap_or(len);
    (lo_o..hi_o, lo_n..hi_n)
}

/// Takes a pair found in a gap: in place, its sentences no longer free.
fn settle(
    pair: Pair,
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
    settled: &mut Vec<(Pair, bool)>,
) {
    old_taken[pair.old] = true;
    new_taken[pair.new] = true;
    settled.push((pair, true));
}

/// Two sentences are near-copies when the letter pairs of their folded
/// texts ([`fold`]) have a Dice coefficient of at least this.
pub(super) const NEAR_COPY: f64 = 0.8;

/// Sentences of more words than this are left to word similarity, which
/// finds them when their words change form but stay the same words.
const NEAR_COPY_MAX_WORDS: usize = 16;

/// Whether a sentence is compared letter by letter: it has words, not
/// too many.
pub(super) fn near_copy_size(s: &Sentence<'_>) -> bool {
    (1..=NEAR_COPY_MAX_WORDS).contains(&s.words.len())
}

/// Free sentences of one gap compared letter by letter at most: beyond
/// this many old × new, a gap is left to word similarity.
const NEAR_COPY_CELLS: usize = 40_000;

/// Greek letters' names, as statutes and chemical names spell out what
/// others write as the letter (where names overlap, the longest is read:
/// `epsilon`, not `psi`; `beta`, not `eta`).
const GREEK: &[(&str, char)] = &[
    ("omicron", 'ο'),
    ("epsilon", 'ε'),
    ("upsilon", 'υ'),
    ("lambda", 'λ'),
    ("alpha", 'α'),
    ("gamma", 'γ'),
    ("delta", 'δ'),
    ("theta", 'θ'),
    ("kappa", 'κ'),
    ("sigma", 'σ'),
    ("omega", 'ω'),
    ("beta", 'β'),
    ("zeta", 'ζ'),
    ("iota", 'ι'),
    ("eta", 'η'),
    ("rho", 'ρ'),
    ("tau", 'τ'),
    ("phi", 'φ'),
    ("chi", 'χ'),
    ("psi", 'ψ'),
    ("mu", 'μ'),
    ("nu", 'ν'),
    ("xi", 'ξ'),
    ("pi", 'π'),
];

/// A sentence's text as letters are compared: lower case, no whitespace,
/// brackets of any shape as round ones, typographic quotes and dashes
/// plain, Greek letters' names as the letters (the leftmost name, the
/// longest there, in one pass over the text).
pub(super) fn fold(text: &str) -> Vec<char> {
    static NAMES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(GREEK.iter().map(|(name, _)| name))
            .expect("the Greek letters' names build an automaton")
    });
    let lower = crate::tokenize::lowercase(text);
    let mut folded = Vec::with_capacity(lower.len());
    let push = |folded: &mut Vec<char>, piece: &str| {
        folded.extend(
            piece
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
                .map(|c| match c {
                    '[' | '{' => '(',
                    ']' | '}' => ')',
                    c => super::keys::plain_char(c).unwrap_or(c),
                }),
        )
    };
    let mut last = 0;
    for name in names.find_iter(&lower) {
        push(&mut folded, &lower[last..name.start()]);
        folded.push(GREEK[name.pattern().as_usize()].1);
        last = name.end();
    }
    push(&mut folded, &lower[last..]);
    folded
}

/// The letter pairs of a folded text, sorted (a multiset).
fn letter_pairs(text: &str) -> Vec<(char, char)> {
    let mut folded = fold(text);
    // A run of one mark (a heading's `=====` underline, a rule, a leader's
    // dots) is one mark: its pairs had lifted two unrelated headings over
    // the bar of a near-copy (`0.6.0 / 2010-11-01` and `0.7.0 /
    // 2010-06-21`, both underlined: 0.60 → 0.82).
    folded.dedup_by(|b, a| a == b && !a.is_alphanumeric());
    let mut p: Vec<(char, char)> = folded.windows(2).map(|w| (w[0], w[1])).collect();
    p.sort_unstable();
    p
}

/// The letter-pair similarity of two sentences' texts (the Dice
/// coefficient of the letter pairs of their folded texts).
pub(super) fn letter_similarity(a: &str, b: &str) -> f64 {
    dice(&letter_pairs(a), &letter_pairs(b))
}

/// The Dice coefficient of two multisets of letter pairs (sorted).
fn dice(pa: &[(char, char)], pb: &[(char, char)]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < pa.len() && j < pb.len() {
        match pa[i].cmp(&pb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (pa.len() + pb.len()).max(1) as f64
}

/// Pairs of near-copies among the free sentences of a gap (`old`, `new`:
/// their indices), in order in both: the set with the greatest sum of
/// similarities among pairs of at least [`NEAR_COPY`]. Positions into
/// `old` and `new`, with the pair's letter-pair similarity.
pub(super) fn near_copies(
    old: &[usize],
    new: &[usize],
    old_s: &[Sentence<'_>],
    new_s: &[Sentence<'_>],
) -> Vec<(usize, usize, f64)> {
    let (n, m) = (old.len(), new.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > NEAR_COPY_CELLS {
        return Vec::new();
    }
    let po: Vec<Vec<(char, char)>> = old.iter().map(|&i| letter_pairs(old_s[i].text)).collect();
    let pn: Vec<Vec<(char, char)>> = new.iter().map(|&j| letter_pairs(new_s[j].text)).collect();
    let sim = |a: usize, b: usize| {
        let (x, y) = (&po[a], &pn[b]);
        // Dice ≥ t needs 2·min / sum ≥ t of the two counts.
        let (lx, ly) = (x.len() as f64, y.len() as f64);
        if x.is_empty() || y.is_empty() || 2.0 * lx.min(ly) / (lx + ly) < NEAR_COPY {
            return 0.0;
        }
        let d = dice(x, y);
        if d >= NEAR_COPY {
            d
        } else {
            0.0
        }
    };
    // best[a][b]: the best sum over old[..a] and new[..b].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    let mut sims = vec![vec![0.0f64; m]; n];
    for a in 0..n {
        for b in 0..m {
            sims[a][b] = sim(a, b);
            let take = if sims[a][b] > 0.0 {
                best[a][b] + sims[a][b]
            } else {
                0.0
            };
            best[a + 1][b + 1] = take.max(best[a][b + 1]).max(best[a + 1][b]);
        }
    }
    let mut out = Vec::new();
    let (mut a, mut b) = (n, m);
    while a > 0 && b > 0 {
        if best[a][b] == best[a - 1][b] {
            a -= 1;
        } else if best[a][b] == best[a][b - 1] {
            b -= 1;
        } else {
            out.push((a - 1, b - 1, sims[a - 1][b - 1]));
            a -= 1;
            b -= 1;
        }
    }
    out.reverse();
    out
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

/// A pair moved at least this far (in sentences, see [`displacement`])
/// must have moved with a neighbour, unless it is one of a kind.
pub const LONE_MOVE_DISTANCE: f64 = 16.0;

/// Whether a sentence's text is a bare figure (`4`, `3.5 %`: no letter):
/// no sentence of its own, it is no evidence of a move or of a pairing
/// wherever it is found (`4` in one row of a table and in another row of
/// the new one).
pub(super) fn figure(text: &str) -> bool {
    !text.chars().any(char::is_alphabetic)
}

/// Undoes far moves that nothing confirms: a pair out of place by
/// [`LONE_MOVE_DISTANCE`] or more whose old and new sentences have no
/// neighbours paired with each other (one or two sentences away in the
/// old version, at most three in the new, on either side: sentences
/// reordered within what moved still moved together). A section that moved carries its
/// sentences along; a lone sentence "moved" across a statute to another
/// paragraph that shares its formulas (`Nach Ablauf der Frist kann …`
/// → `… auch nach Ablauf der Frist geltend machen kann`, or a copy of
/// `Eine zum Nachteil des Mieters abweichende Vereinbarung ist
/// unwirksam.` in another section) is a deletion and an addition — when
/// what the two share is a formula found in other sentences too
/// ([`formula`]); a sentence moved and reworded in a policy, whose words
/// are its own, still moves alone, and so does a sentence found word for
/// word once in each version. Returns which pairs stay; the others'
/// sentences are freed.
pub(super) fn confirm_far_moves(
    pairs: &[Pair],
    in_place: &[bool],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_keys, new_keys): (&[u32], &[u32]),
    anchors: &[(usize, usize)],
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> Vec<bool> {
    // A bare figure ([`figure`]), whatever its count, moves only with its
    // neighbours, however near, aligned or not: found in another row of
    // the new table, it had been reported moved there.
    let bare_figure = |p: &Pair| figure(&old_s[p.old].key);
    // Most diffs move nothing: nothing to count for them.
    if pairs
        .iter()
        .zip(in_place)
        .all(|(p, &placed)| placed || p.aligned && !bare_figure(p))
    {
        return vec![true; pairs.len()];
    }
    let ratio = old_s.len().max(1) as f64 / new_s.len().max(1) as f64;
    let by_old: FxHashMap<usize, usize> = pairs.iter().map(|p| (p.old, p.new)).collect();
    let count = |keys: &[u32]| {
        let mut n: FxHashMap<u32, u32> = FxHashMap::default();
        for &k in keys {
            *n.entry(k).or_default() += 1;
        }
        n
    };
    let (old_n, new_n) = (count(old_keys), count(new_keys));
    let mut keep = vec![true; pairs.len()];
    let mut vocabulary = None;
    for (k, p) in pairs.iter().enumerate() {
        let bare = bare_figure(p);
        if in_place[k] || p.aligned && !bare {
            continue;
        }
        let one_of_a_kind = !bare
            && old_s[p.old].key == new_s[p.new].key
            && old_n[&old_keys[p.old]] == 1
            && new_n[&new_keys[p.new]] == 1;
        if one_of_a_kind || !bare && displacement(p.old, p.new, anchors, ratio) < LONE_MOVE_DISTANCE
        {
            continue;
        }
        let neighbour = [-2isize, -1, 1, 2].iter().any(|&d| {
            let Some(i) = p.old.checked_add_signed(d) else {
                return false;
            };
            // (A figure's neighbour confirms it only when it is a sentence
            // found once: a table's labels, `under 2 km:` in every
            // group, moved with a figure prove nothing.)
            by_old.get(&i).is_some_and(|&j| {
                let dj = j as isize - p.new as isize;
                dj != 0
                    && dj.abs() <= 3
                    && (!bare || old_n[&old_keys[i]] == 1 && !figure(&old_s[i].key))
            })
        });
        if neighbour {
            continue;
        }
        let vocabulary = vocabulary.get_or_insert_with(|| Vocabulary::new((old_s, new_s)));
        if bare || formula(vocabulary, p.old, p.new, old_s.len()) {
            keep[k] = false;
            old_taken[p.old] = false;
            new_taken[p.new] = false;
        }
    }
    keep
}

/// The folded words of each sentence of both versions (old first), and
/// which sentences hold each word: what [`formula`] reads.
struct Vocabulary {
    words: Vec<FxHashSet<String>>,
    postings: FxHashMap<String, Vec<u32>>,
}

impl Vocabulary {
    fn new((old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>])) -> Vocabulary {
        let words: Vec<FxHashSet<String>> = old_s
            .iter()
            .chain(new_s)
            .map(|s| s.words.iter().map(|w| tokenize::lowercase(w)).collect())
            .collect();
        let mut postings: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (k, set) in words.iter().enumerate() {
            for w in set {
                postings.entry(w.clone()).or_default().push(k as u32);
            }
        }
        Vocabulary { words, postings }
    }
}

/// Whether what old sentence `i` and new sentence `j` (`n_old` old
/// sentences) share is a formula of the text: their shared words, but for
/// the function words (in more than a tenth of all sentences), are held
/// half or more by at least [`FORMULA_COPIES`] other sentences of either
/// version (`Die Landesregierungen werden ermächtigt, … durch
/// Rechtsverordnung … zu bestimmen`), or there are none. Words compared
/// without case. The sentences holding them are counted from each word's
/// list of sentences, so the cost follows the shared words' frequency,
/// not the length of the text.
fn formula(vocabulary: &Vocabulary, i: usize, j: usize, n_old: usize) -> bool {
    let (a, b) = (&vocabulary.words[i], &vocabulary.words[n_old + j]);
    let common = (vocabulary.words.len() / 10).max(2);
    let shared: Vec<&Vec<u32>> = a
        .intersection(b)
        .map(|w| &vocabulary.postings[w])
        .filter(|list| list.len() <= common)
        .collect();
    if shared.is_empty() {
        return true;
    }
    // Words the pair alone holds: nothing else can hold half of them.
    if shared.iter().all(|list| list.len() <= 2) {
        return false;
    }
    let (i, j) = (i as u32, (n_old + j) as u32);
    let mut held: FxHashMap<u32, u32> = FxHashMap::default();
    for list in &shared {
        for &k in list.iter().filter(|&&k| k != i && k != j) {
            *held.entry(k).or_default() += 1;
        }
    }
    held.values()
        .filter(|&&n| 2 * n as usize >= shared.len())
        .count()
        >= FORMULA_COPIES
}

/// Other sentences holding half of what a far pair shares that make it a
/// formula (see [`confirm_far_moves`]).
const FORMULA_COPIES: usize = 2;
