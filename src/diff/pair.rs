//! Step 2: left-over sentences paired by weighted word similarity, the
//! evidence needed growing with the distance between them.

use super::*;

/// The sorted word ids of a sentence left over for pairing, if it is.
pub(super) type Bag = Option<Vec<u32>>;

/// Interner keys of sentence labels (`3.`, `(2)`, `§ 312b`, `IV.`, `H.`):
/// a first word that numbers the sentence is kept apart from the same word
/// elsewhere, and weighs [`LABEL_WEIGHT`].
pub(super) const LABEL_MARK: char = '\u{1}';

/// The weight of a sentence's label: renumbering changes labels, so they
/// are the least evidence that two sentences are one.
pub const LABEL_WEIGHT: f64 = 0.1;

/// Shared evidence (the summed evidence weights of the rare words they
/// share, see `Weights`) needed to pair two sentences, per doubling of the
/// distance between their places (in sentences): sentences at the same
/// place pair on similarity alone, far ones need more shared rare content.
pub const EVIDENCE_PER_DOUBLING: f64 = 1.5;

/// Two sentences at least this alike (weighted word similarity) that are
/// each other's only such match in the two versions are one sentence
/// wherever it went, edited by a word or two (`We also send …` → `We may
/// also send …`, moved a hundred sentences up): they need no evidence of
/// distance, as a sentence found word for word once in each version needs
/// none. A formula repeated across a statute has other near-copies, so it
/// still needs evidence.
pub const NEAR_COPY: f64 = 0.85;

/// A sentence at the place of another, whose words (weighted) are at
/// least this share of the shorter one's, is that sentence extended or
/// cut (`Members praised the plan.` → `Members praised the plan, which
/// had been …`): an edit, though its similarity is below the threshold.
pub const CONTAINED: f64 = 0.9;

/// Whether the shorter of two word sequences is, as text, in the longer:
/// 70% of its words (case folded) in order — the weighted share of
/// [`CONTAINED`] weighs the rare words, this counts them all — in at most
/// one run per three of its words (three at least): a sentence extended or
/// cut at an end, or by a clause inside (`he died in London on February
/// 25` → `Lord Aberdare died in London on 25 February, aged 79`), not a
/// heading whose words are scattered over a long rule (`3.1. Distribution
/// of Source Form`, similarity 0.059, had been "moved and edited" from a
/// paragraph of the licence).
/// `phrase`: the shorter must also be one run of the longer, or open or
/// close it (see the caller: a heading against a sentence of prose).
fn runs_within(a: &[&str], b: &[&str], phrase: bool) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let (n, m) = (short.len(), long.len());
    // (Past a million cells, as before: the weighted share alone.)
    if n == 0 || n * m > 1 << 20 {
        return true;
    }
    // Case folded once a word, not once a cell of the table.
    let fold = |words: &[&str]| -> Vec<String> { words.iter().map(|w| w.to_lowercase()).collect() };
    let (short, long) = (fold(short), fold(long));
    // Longest common subsequence, then its matches walked back.
    let mut dp = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[at(i, j)] = if short[i] == long[j] {
                dp[at(i + 1, j + 1)] + 1
            } else {
                dp[at(i + 1, j)].max(dp[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j, mut runs, mut last) = (0, 0, 0, None);
    while i < n && j < m {
        if short[i] == long[j] && dp[at(i, j)] == dp[at(i + 1, j + 1)] + 1 {
            if last != Some((i, j)) {
                runs += 1;
            }
            last = Some((i + 1, j + 1));
            i += 1;
            j += 1;
        } else if dp[at(i + 1, j)] >= dp[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let matched = usize::from(dp[at(0, 0)]);
    let at_end = || short.first() == long.first() || short.last() == long.last();
    10 * matched >= 7 * n && runs <= (n / 3).max(3) && (!phrase || runs == 1 || at_end())
}

/// The fewest words the shorter sentence needs for [`CONTAINED`] to pair
/// anyhow (see [`at_an_end`] for fewer).
const CONTAINED_MIN_WORDS: usize = 4;

/// Whether the shorter of two sentences, of one word fewer than
/// [`CONTAINED_MIN_WORDS`], opens or closes the longer word for word (case
/// folded): a short sentence extended or cut at an end (`The mayor
/// resigned.` → `The mayor resigned on Monday after …`, `… to Hoek van
/// Holland in the Netherlands.` → `in the Netherlands.`), which had been
/// deleted and added. Its words inside the longer are no evidence (a
/// heading `Tabulating Machine Company` made of a long sentence's
/// middle), nor are two (`This means:` is no cut of `This means any
/// habitual badgering …`).
fn at_an_end(a: &[&str], b: &[&str]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let same = |x: &[&str], y: &[&str]| {
        x.iter()
            .zip(y)
            .all(|(p, q)| p.to_lowercase() == q.to_lowercase())
    };
    short.len() + 1 == CONTAINED_MIN_WORDS
        && long.len() > short.len()
        && (same(short, &long[..short.len()]) || same(short, &long[long.len() - short.len()..]))
}

/// The fewest words a near-copy (see [`NEAR_COPY`]) pairs by alone: a
/// short line (`Data retention`) proves little.
const NEAR_COPY_MIN_WORDS: usize = 5;

/// Whether a sentence's first word numbers it: it looks like a number
/// (see [`looks_like_label`]) and stands as a label — followed by `.` or
/// `)` (`3.`, `(2)`, `IV.`, `a)`), heading a Markdown heading (`### H.
/// Terms`, `###### § 312b Title`), or after a section sign or an article
/// in a heading line of plain text (`§ 3 Leihfrist`). A number that starts
/// running text (`§ 347 Absatz 1 ist …`) is a reference, not a label.
pub(super) fn is_label(sentence: &Sentence<'_>, word: &str) -> bool {
    if !looks_like_label(word) {
        return false;
    }
    let text = sentence.text;
    let heading = text.trim_start().starts_with('#');
    let at = text.find(word);
    let after = at.map(|at| &text[at + word.len()..]).unwrap_or_default();
    // A plain-text heading numbered after a section sign or an article
    // (`§ 3 Leihfrist`, `Art. 4 Gebühren`): a line without a terminator;
    // `§ 347 Absatz 1 ist nicht anzuwenden.` is running text.
    let sign = at.is_some_and(|at| {
        matches!(
            text[..at].trim(),
            "§" | "§§" | "Art." | "Artikel" | "Article" | "Section" | "Sec."
        )
    });
    heading
        || after.starts_with(['.', ')'])
        || sign && !crate::tokenize::ends_as_prose(text.trim_end())
}

/// 1–4 digits with at most two letters after (`3`, `31a`, `312b`), dotted
/// numbers (`2.1`), a Roman numeral (`IV`), or a single letter.
pub(super) fn looks_like_label(word: &str) -> bool {
    let b = word.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let numbered = (1..=4).contains(&digits)
        && b.len() - digits <= 2
        && b[digits..].iter().all(u8::is_ascii_lowercase);
    let dotted = word.contains('.')
        && word
            .split('.')
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()));
    let roman = (1..=6).contains(&b.len())
        && (b.iter().all(|c| b"IVXLC".contains(c)) || b.iter().all(|c| b"ivxlc".contains(c)));
    let letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    numbered || dotted || roman || letter
}

/// The word ids of each sentence not yet paired, sorted (a label as its
/// own id). Words are compared without case whatever the options say: a
/// clause set in capitals and rewritten in sentence case (`THE SOFTWARE IS
/// PROVIDED` → `The software is provided`) is one sentence edited, not
/// one deleted and another added; the word diff still shows the case.
pub(super) fn word_ids<'a>(
    sents: &[Sentence<'a>],
    taken: &[bool],
    words: &mut Interner<'a>,
    opts: &DiffOptions,
) -> Vec<Option<Vec<u32>>> {
    let opts = &DiffOptions {
        ignore_case: true,
        ..*opts
    };
    sents
        .iter()
        .zip(taken)
        .map(|(s, &t)| {
            (!t).then(|| {
                let mut ids: Vec<u32> = s
                    .words
                    .iter()
                    .enumerate()
                    .map(|(k, w)| {
                        let token = normalize_token(w, opts);
                        if k == 0 && is_label(s, w) {
                            words.id(Cow::Owned(format!("{LABEL_MARK}{token}")))
                        } else {
                            words.id(token)
                        }
                    })
                    .collect();
                ids.sort_unstable();
                ids
            })
        })
        .collect()
}

/// How each word counts when sentences are paired.
pub(super) struct Weights {
    /// For similarity: its inverse sentence frequency among the sentences
    /// left to pair, ln(1 + sentences / sentences holding it) in the
    /// version where it is more frequent (and the larger version's
    /// sentences), so `ist`, `der`, `Absatz` in a statute weigh little and
    /// a rare name or number much; labels weigh [`LABEL_WEIGHT`].
    pub(super) similarity: Vec<f64>,
    /// As evidence that two distant sentences are one: its inverse sentence
    /// frequency in the whole texts, for rare words (in at most
    /// [`RARE_SHARE`] of the sentences, or 3), nothing for the others —
    /// formulas (`ist entsprechend anzuwenden`) repeat across a statute
    /// and prove nothing. (In the whole texts: among the few sentences
    /// left of a little-changed pair every word is rare and weighs ln 2,
    /// too little for a sentence moved a paragraph and corrected.)
    pub(super) evidence: Vec<f64>,
}

/// Words in more than this share of the sentences (and more than 3) are
/// no evidence for pairing distant sentences.
pub(crate) const RARE_SHARE: f64 = 0.01;

/// The word ids of each sentence of a version (`None`: not to pair).
pub(super) type Bags = [Option<Vec<u32>>];

/// For each word of `words`, in how many of the sentences of a version
/// already paired (`taken`) it stands: with the sentences left over, its
/// sentence frequency in the whole version.
pub(super) fn taken_frequencies(
    sents: &[Sentence<'_>],
    taken: &[bool],
    words: &Interner<'_>,
    opts: &DiffOptions,
) -> Vec<u32> {
    let opts = &DiffOptions {
        ignore_case: true,
        ..*opts
    };
    let mut df = vec![0u32; words.ids.len()];
    let mut seen: Vec<u32> = Vec::new();
    let mut lower = String::new();
    for s in sents.iter().zip(taken).filter(|(_, &t)| t).map(|(s, _)| s) {
        seen.clear();
        for w in &s.words {
            // ASCII words lower-cased into one buffer: no copy a word.
            let id = if w.is_ascii() {
                if w.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower.clear();
                    lower.push_str(w);
                    lower.make_ascii_lowercase();
                    words.ids.get(lower.as_str())
                } else {
                    words.ids.get(*w)
                }
            } else {
                words.ids.get(normalize_token(w, opts).as_ref())
            };
            if let Some(&id) = id {
                seen.push(id);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &id in &seen {
            df[id as usize] += 1;
        }
    }
    df
}

pub(super) fn word_weights(
    (old, new): (&Bags, &Bags),
    (taken_old, taken_new): (&[u32], &[u32]),
    (n_old, n_new): (usize, usize),
    words: &Interner<'_>,
) -> Weights {
    // Sentence frequency within each version; a word counts by the larger
    // (an unchanged word is in one sentence of each version: once, not
    // twice, or words kept would weigh less than words changed).
    let frequency = |version: &[Option<Vec<u32>>]| {
        let mut df = vec![0u32; words.ids.len()];
        let mut seen: Vec<u32> = Vec::new();
        for ids in version.iter().flatten() {
            seen.clear();
            seen.extend(ids);
            seen.sort_unstable();
            seen.dedup();
            for &id in &seen {
                df[id as usize] += 1;
            }
        }
        df
    };
    let weights = |df_old: &[u32], df_new: &[u32], total: f64| {
        let df: Vec<u32> = df_old.iter().zip(df_new).map(|(&a, &b)| a.max(b)).collect();
        let mut w: Vec<f64> = df
            .iter()
            .map(|&d| (1.0 + total / f64::from(d.max(1))).ln())
            .collect();
        for (key, &id) in &words.ids {
            if key.starts_with(LABEL_MARK) {
                w[id as usize] = LABEL_WEIGHT;
            }
        }
        (w, df)
    };
    let (left_old, left_new) = (frequency(old), frequency(new));
    let count = |v: &Bags| v.iter().flatten().count();
    let (similarity, _) = weights(&left_old, &left_new, count(old).max(count(new)) as f64);
    let plus = |a: &[u32], b: &[u32]| -> Vec<u32> { a.iter().zip(b).map(|(x, y)| x + y).collect() };
    let total = n_old.max(n_new) as f64;
    let (whole, df) = weights(
        &plus(&left_old, taken_old),
        &plus(&left_new, taken_new),
        total,
    );
    let rare = (RARE_SHARE * total).max(3.0);
    let evidence = whole
        .iter()
        .zip(&df)
        .map(|(&w, &d)| if f64::from(d) <= rare { w } else { 0.0 })
        .collect();
    Weights {
        similarity,
        evidence,
    }
}

/// Weighted Dice of two sorted id multisets, 2·w(A∩B) / (w(A) + w(B)),
/// and the evidence weight they share.
pub(super) fn weighted_dice(a: &[u32], b: &[u32], weights: &Weights) -> (f64, f64) {
    let w = |id: u32| weights.similarity[id as usize];
    let total: f64 = a.iter().chain(b).map(|&id| w(id)).sum();
    if total == 0.0 {
        return (0.0, 0.0);
    }
    let (common, evidence) = shared_weight(a, b, weights);
    // Sums in another order can pass 1 by a rounding error.
    ((2.0 * common / total).min(1.0), evidence)
}

/// The similarity weight and the evidence of the words two sorted bags
/// share, each occurrence once.
pub(super) fn shared_weight(a: &[u32], b: &[u32], weights: &Weights) -> (f64, f64) {
    let (mut i, mut j, mut common, mut evidence) = (0, 0, 0.0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += weights.similarity[a[i] as usize];
                evidence += weights.evidence[a[i] as usize];
                i += 1;
                j += 1;
            }
        }
    }
    (common, evidence)
}

/// Candidate pairs `(similarity, old, new)` at or above the threshold, best
/// first (ties: the smaller [`displacement`], then indices).
pub(super) fn similar_pairs(
    old_s: &[Sentence<'_>],
    new_s: &[Sentence<'_>],
    old_bags: &[Option<Vec<u32>>],
    new_bags: &[Option<Vec<u32>>],
    weights: &Weights,
    anchors: &[(usize, usize)],
    threshold: f64,
) -> Vec<(f64, usize, usize)> {
    /// Words in more old sentences than this are too common to find
    /// candidates by (every candidate is still scored on all its words).
    const MAX_POSTINGS: usize = 64;
    let mass = |bag: &[u32]| -> f64 { bag.iter().map(|&id| weights.similarity[id as usize]).sum() };
    let evidence =
        |bag: &[u32]| -> f64 { bag.iter().map(|&id| weights.evidence[id as usize]).sum() };
    let old_mass: Vec<f64> = old_bags
        .iter()
        .map(|b| b.as_deref().map_or(0.0, mass))
        .collect();
    let mut postings: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, bag) in old_bags.iter().enumerate() {
        let Some(bag) = bag else { continue };
        by_key.entry(old_s[i].key.as_str()).or_default().push(i);
        let mut last = None;
        for &w in bag {
            if last != Some(w) {
                postings.entry(w).or_default().push(i);
                last = Some(w);
            }
        }
    }
    /// Candidates scored per new sentence: those most alike on the words
    /// the postings hold (the weighted Dice of those words).
    const MAX_SCORED: usize = 16;
    let mut out = Vec::new();
    let mut hits: FxHashMap<usize, f64> = FxHashMap::default();
    let mut ranked: Vec<(f64, usize)> = Vec::new();
    // Candidates at least [`NEAR_COPY`] alike: (similarity, old, new,
    // whether the distance was evident).
    let mut near: Vec<(f64, usize, usize, bool)> = Vec::new();
    let (n_old, n_new) = (old_s.len().max(1) as f64, new_s.len().max(1) as f64);
    // Identical sentences pair one to one, in order (never the cross
    // product of all copies of a repeated sentence).
    let mut next_copy: FxHashMap<&str, usize> = FxHashMap::default();
    // A sentence found once in each version, word for word, is the same
    // sentence wherever it went: it needs no evidence of distance (which
    // keeps formulas, repeated across a text, from pairing far apart).
    let mut once: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    for s in old_s {
        once.entry(s.key.as_str()).or_default().0 += 1;
    }
    for s in new_s {
        once.entry(s.key.as_str()).or_default().1 += 1;
    }
    // … and so is one whose only free copy on each side is the other,
    // when the text has at most two copies a version (a one-word list item
    // `pan` moved, its namesake elsewhere unchanged, had been deleted and
    // added again): a formula of many copies still needs evidence.
    let mut free: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    for (s, bag) in old_s.iter().zip(old_bags) {
        if bag.is_some() {
            free.entry(s.key.as_str()).or_default().0 += 1;
        }
    }
    for (s, bag) in new_s.iter().zip(new_bags) {
        if bag.is_some() {
            free.entry(s.key.as_str()).or_default().1 += 1;
        }
    }
    // (Not a bare figure: see `place::figure`.)
    let unique = |key: &str| {
        !super::place::figure(key)
            && (once.get(key) == Some(&(1, 1))
                || (free.get(key) == Some(&(1, 1))
                    && once.get(key).is_some_and(|&(o, n)| o <= 2 && n <= 2)))
    };
    for (j, bag) in new_bags.iter().enumerate() {
        let Some(bag) = bag else { continue };
        // Far apart, two sentences need more shared evidence; in the same
        // place of the same gap between unchanged sentences they are where
        // they were, however much was rewritten around them.
        let evident = |i: usize, shared: f64| {
            let dist = displacement(i, j, anchors, n_old / n_new);
            dist < 1.0
                || same_gap(i, j, anchors, (old_s.len(), new_s.len()))
                || shared >= EVIDENCE_PER_DOUBLING * (1.0 + dist).log2()
        };
        let key = new_s[j].key.as_str();
        if let Some(copies) = by_key.get(key) {
            let k = next_copy.entry(key).or_insert(0);
            if let Some(&i) = copies.get(*k) {
                if unique(key) || evident(i, evidence(bag)) {
                    out.push((1.0, i, j));
                    *k += 1;
                }
            }
        }
        hits.clear();
        let mut last = None;
        for &w in bag {
            if last == Some(w) {
                continue;
            }
            last = Some(w);
            if let Some(list) = postings.get(&w).filter(|l| l.len() <= MAX_POSTINGS) {
                for &i in list {
                    *hits.entry(i).or_insert(0.0) += weights.similarity[w as usize];
                }
            }
        }
        // Dice ≥ t needs 2·min(|a|, |b|) / (|a| + |b|) ≥ t.
        // Weighted Dice ≥ t needs 2·min(w(A), w(B)) / (w(A) + w(B)) ≥ t.
        let new_mass = mass(bag);
        let len_ok = |i: usize| {
            let (a, b) = (old_mass[i], new_mass);
            a + b > 0.0 && 2.0 * a.min(b) / (a + b) >= threshold
        };
        // At the place of `j`: may pair by containment whatever the lengths.
        let in_place = |i: usize| {
            displacement(i, j, anchors, n_old / n_new) < 1.0
                || same_gap(i, j, anchors, (old_s.len(), new_s.len()))
        };
        ranked.clear();
        ranked.extend(
            hits.iter()
                .filter(|&(&i, _)| {
                    (len_ok(i) || in_place(i))
                        && old_s[i].key != new_s[j].key
                        // A line of code is no sentence of prose edited.
                        && old_s[i].code == new_s[j].code
                })
                .map(|(&i, &h)| (2.0 * h / (old_mass[i] + new_mass), i)),
        );
        ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in ranked.iter().take(MAX_SCORED) {
            let ob = old_bags[i].as_deref().unwrap_or_default();
            let (sim, shared) = weighted_dice(ob, bag, weights);
            let evident = evident(i, shared);
            if sim >= NEAR_COPY.max(threshold) {
                near.push((sim, i, j, evident));
            }
            if sim >= threshold && evident {
                out.push((sim, i, j));
            } else if sim < threshold
                && (ob.len().min(bag.len()) >= CONTAINED_MIN_WORDS
                    || at_an_end(&old_s[i].words, &new_s[j].words))
                && in_place(i)
            {
                // The shorter sentence's share found in the longer, and
                // found as text: in order, in a few runs (a heading's
                // words scattered over a long rule are no part of it).
                // A heading (no sentence of prose) cut from a sentence of
                // prose, or the other way, is one phrase of it, or its
                // opening or its close (`hail is a type of graupel (a form
                // of precipitation) composed of …` → `hail is a form of
                // precipitation`): a new heading `Hate speech on the
                // internet` is no cut of `Because laws against hate speech
                // rarely work on the internet, many parents …`, whose words
                // it took from the middle.
                let (a, b) = (old_mass[i], new_mass);
                let mixed = a.min(b) > 0.0
                    && crate::tokenize::ends_as_prose(old_s[i].text.trim_end())
                        != crate::tokenize::ends_as_prose(new_s[j].text.trim_end());
                if a.min(b) > 0.0
                    && sim * (a + b) / (2.0 * a.min(b)) >= CONTAINED
                    && runs_within(&old_s[i].words, &new_s[j].words, mixed)
                {
                    out.push((sim, i, j));
                }
            }
        }
    }
    // A short line at its place whose words are another's but for its
    // values — numbers and months (`Effective date: July 2, 2019` →
    // `Effective date: May 19, 2020`, `Version 2.1` → `Version 3.0`) — is
    // that line with new values, however few words it kept.
    let mut templates: FxHashMap<Vec<String>, Vec<usize>> = FxHashMap::default();
    for (i, bag) in old_bags.iter().enumerate() {
        if let (Some(_), Some(t)) = (bag, template(&old_s[i].words)) {
            templates.entry(t).or_default().push(i);
        }
    }
    if !templates.is_empty() {
        // (old, new): candidates at their place.
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (j, bag) in new_bags.iter().enumerate() {
            if bag.is_none() {
                continue;
            }
            let Some(olds) = template(&new_s[j].words).and_then(|t| templates.get(&t)) else {
                continue;
            };
            found.extend(olds.iter().map(|&i| (i, j)).filter(|&(i, j)| {
                old_s[i].key != new_s[j].key
                    && (displacement(i, j, anchors, n_old / n_new) < 1.0
                        || same_gap(i, j, anchors, (old_s.len(), new_s.len())))
            }));
        }
        // Only a line between unchanged ones or other such pairs (or the
        // text's ends), on both sides: a run of values updated between
        // unchanged labels, not a talk page's signature (`Jo 13:00, 9
        // Feb 2004`) under a comment rewritten, nor a figure among
        // rewritten lines.
        let known: FxHashSet<(usize, usize)> = anchors.iter().chain(&found).copied().collect();
        let beside = |i: usize, j: usize| {
            let before = (i == 0 && j == 0) || (i > 0 && j > 0 && known.contains(&(i - 1, j - 1)));
            let after =
                (i + 1 == old_s.len() && j + 1 == new_s.len()) || known.contains(&(i + 1, j + 1));
            before && after
        };
        for &(i, j) in &found {
            if beside(i, j) {
                let ob = old_bags[i].as_deref().unwrap_or_default();
                let nb = new_bags[j].as_deref().unwrap_or_default();
                out.push((weighted_dice(ob, nb, weights).0, i, j));
            }
        }
    }
    // Near-copies that are each other's only one, and have no identical
    // copy in the other version, pair without evidence of distance.
    let mut per_old: FxHashMap<usize, u32> = FxHashMap::default();
    let mut per_new: FxHashMap<usize, u32> = FxHashMap::default();
    for &(_, i, j, _) in &near {
        *per_old.entry(i).or_default() += 1;
        *per_new.entry(j).or_default() += 1;
    }
    let copied = |key: &str| once.get(key).map_or((0, 0), |&c| c);
    let long = |bag: &Bag| bag.as_ref().is_some_and(|b| b.len() >= NEAR_COPY_MIN_WORDS);
    for &(sim, i, j, evident) in &near {
        if !evident
            && per_old[&i] == 1
            && per_new[&j] == 1
            && copied(&old_s[i].key).1 == 0
            && copied(&new_s[j].key).0 == 0
            && long(&old_bags[i])
            && long(&new_bags[j])
        {
            out.push((sim, i, j));
        }
    }
    // Ties go to the pair nearer its place, measured from the unchanged
    // sentences around it (two list entries as alike as each other's
    // neighbours, `1-butyl-1H-…` and `1-hexyl-1H-…`, pair in order, not
    // crosswise as two moves).
    out.sort_by(|a, b| {
        let dist = |&(_, i, j): &(f64, usize, usize)| displacement(i, j, anchors, n_old / n_new);
        b.0.total_cmp(&a.0)
            .then(dist(a).total_cmp(&dist(b)))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    out
}

/// The most words a line may have to pair by its [`template`].
const TEMPLATE_MAX_WORDS: usize = 12;

/// A short line's words (case folded) with its values — numbers, months'
/// names ([`is_value`]) — each as `#`: `Effective date: July 2, 2019` →
/// `effective date # # #`. None for a line of values only, of no values,
/// longer than [`TEMPLATE_MAX_WORDS`], or of more than two other words.
pub(super) fn template(words: &[&str]) -> Option<Vec<String>> {
    if words.len() > TEMPLATE_MAX_WORDS {
        return None;
    }
    // Counted first, without a copy: most short lines hold no value.
    let values = words.iter().filter(|w| is_value(w)).count();
    let others = words.len() - values;
    // A label of a word or two and its values (`Effective date: # # #`,
    // `total: #`, `# million (#)`), not a sentence about other things on
    // other dates (`Flight # crashed on # March #`).
    if values == 0 || others == 0 || others > 2 {
        return None;
    }
    Some(
        words
            .iter()
            .map(|w| {
                if is_value(w) {
                    "#".to_string()
                } else {
                    w.to_lowercase()
                }
            })
            .collect(),
    )
}

/// Whether a word is a value of a line's [`template`]: a number
/// (`6,631,100`, `28%`, `0-14`, `$5`, `13:00`, with a unit or as an
/// ordinal: `5km`, `2nd`), or a month's name (full or short, a period
/// after it or not). A name with a number after a letter (`F-35`, `B-52`,
/// `H.263`) is no value.
fn is_value(w: &str) -> bool {
    if w.bytes().any(|b| b.is_ascii_digit()) {
        // A word opening with a number is one, its unit or ordinal with it
        // (`5km`, `9am-5pm`, `2nd`).
        let n = w.trim_start_matches(['$', '€', '£', '+', '-', '−']);
        return n.starts_with(|c: char| c.is_ascii_digit());
    }
    let w = w.strip_suffix('.').unwrap_or(w);
    // (Months open with one of these letters: most words are asked
    // nothing more.)
    (3..=9).contains(&w.len())
        && b"jfmasondJFMASOND".contains(&w.as_bytes()[0])
        && crate::series::MONTHS.iter().any(|&(m, _)| {
            m.len() >= 3
                && if w.is_ascii() {
                    m.eq_ignore_ascii_case(w)
                } else {
                    m == w.to_lowercase()
                }
        })
}

/// Whether old sentence `i` and new sentence `j` stand in the same gap
/// between two consecutive unchanged sentences (`anchors`; the ends of
/// the texts bound the first and last gaps), at about the same place in
/// it: in a small gap (both sides at most [`SMALL_GAP`] sentences)
/// anywhere, in a larger one within a quarter of its length. A sentence
/// edited there, where much around it was rewritten (a policy's section
/// redone), has not moved, though counted from the nearest unchanged
/// sentence it is far from its old place.
pub(super) fn same_gap(i: usize, j: usize, anchors: &[(usize, usize)], n: (usize, usize)) -> bool {
    gap_place(i, j, anchors, n) == Some(true)
}

/// Where new sentence `j` stands for old sentence `i`: `None` in another
/// gap between unchanged sentences, `Some(true)` in the same gap at about
/// the same place (see [`same_gap`]), `Some(false)` elsewhere in that gap.
pub(super) fn gap_place(
    i: usize,
    j: usize,
    anchors: &[(usize, usize)],
    (n_old, n_new): (usize, usize),
) -> Option<bool> {
    let k = anchors.partition_point(|&(_, b)| b < j);
    if anchors.get(k).is_some_and(|&(_, b)| b == j) {
        return None;
    }
    let (a0, b0) = k
        .checked_sub(1)
        .map_or((-1, -1), |p| (anchors[p].0 as i64, anchors[p].1 as i64));
    let (a1, b1) = anchors
        .get(k)
        .map_or((n_old as i64, n_new as i64), |&(a, b)| (a as i64, b as i64));
    let (i, j) = (i as i64, j as i64);
    if i <= a0 || i >= a1 {
        return None;
    }
    let (old_gap, new_gap) = (a1 - a0 - 1, b1 - b0 - 1);
    if old_gap <= SMALL_GAP && new_gap <= SMALL_GAP {
        return Some(true);
    }
    let at = |x: i64, start: i64, len: i64| (x - start) as f64 / (len + 1) as f64;
    Some((at(i, a0, old_gap) - at(j, b0, new_gap)).abs() <= 0.25)
}

/// The most sentences on each side of a gap between unchanged sentences
/// within which any two are at the same place (see [`same_gap`]).
const SMALL_GAP: i64 = 8;

/// How far old sentence `i` is from where new sentence `j` would be if it
/// had not moved, in sentences: measured from the nearest unchanged
/// sentences (`anchors`, increasing in both versions) before and after `j`
/// — so text inserted or deleted elsewhere does not count as distance —
/// or, without anchors, from `j`'s relative place (`ratio` = old / new
/// sentences).
pub(super) fn displacement(i: usize, j: usize, anchors: &[(usize, usize)], ratio: f64) -> f64 {
    let k = anchors.partition_point(|&(_, b)| b < j);
    let i = i as f64;
    let mut best = f64::INFINITY;
    if let Some(&(a, b)) = k.checked_sub(1).and_then(|p| anchors.get(p)) {
        best = best.min((i - (a + (j - b)) as f64).abs());
    }
    if let Some(&(a, b)) = anchors.get(k) {
        best = best.min((i - (a as f64 - (b - j) as f64)).abs());
    }
    if best.is_finite() {
        best
    } else {
        (i - j as f64 * ratio).abs()
    }
}
