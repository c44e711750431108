//! Step 1 and the whole: paragraphs, then sentences, aligned by their keys;
//! then the steps of the other files in order.

use super::*;

/// For each old sentence, its candidates in its own gap (new index,
/// similarity); for each new one, its old candidates there.
type InGap = (
    FxHashMap<usize, Vec<(usize, f64)>>,
    FxHashMap<usize, Vec<(usize, f64)>>,
);

/// How much less alike a candidate in a sentence's own gap between
/// unchanged sentences may be than one in another gap, and still pair
/// first: a sentence edited where it stands is likelier than one moved
/// and edited. Django's `.. method:: asc(nulls_first=False, …)` had paired
/// (0.636) with the deprecation note added four sentences below, `Passing
/// ``nulls_first=False`` … to ``asc()`` is deprecated.`, its real
/// successor at its place, `asc(nulls_first=None, …)` (0.584), reported
/// added; eslint's `## Installation` → `## Installation and Usage` the
/// same. Measured on 938 pairs of versions (npm and crates.io READMEs,
/// changelogs, licences; Django's and Flask's docs): at 0.1, 4 pairs tell
/// another story, none worse; at 0.2 a sixth pairs weaker edits in place.
/// A near-copy ([`pair::NEAR_COPY`]) elsewhere never waits.
const WAIT_MARGIN: f64 = 0.1;

/// Whether old sentence `i` (new `j`) has another free candidate in
/// `gaps` at least `floor` alike.
fn has_rival(
    gaps: &InGap,
    (i, j): (usize, usize),
    (old_taken, new_taken): (&[bool], &[bool]),
    floor: f64,
) -> bool {
    gaps.0.get(&i).is_some_and(|js| {
        js.iter()
            .any(|&(k, s)| k != j && !new_taken[k] && s >= floor)
    }) || gaps.1.get(&j).is_some_and(|is| {
        is.iter()
            .any(|&(k, s)| k != i && !old_taken[k] && s >= floor)
    })
}

/// A matched old/new sentence pair.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pair {
    pub(super) old: usize,
    pub(super) new: usize,
    pub(super) similarity: f64,
    /// Found by the sentence diff (keys equal, in order).
    pub(super) aligned: bool,
}

impl Pair {
    /// The old and the new sentences the pair holds: its own, or those a
    /// split or a merge grew it over (`grown`).
    fn spans(&self, grown: Option<&super::split::Grown>) -> (Range<usize>, Range<usize>) {
        match grown {
            Some(g) => (g.old.clone(), g.new.clone()),
            None => (self.old..self.old + 1, self.new..self.new + 1),
        }
    }
}

/// Aligns two parsed versions and, meanwhile, computes the statistics of
/// either that are not `known` (`declared`: the languages the documents
/// declare).
pub(super) fn align_with_stats(
    [old, new]: [&str; 2],
    [old_p, new_p]: [&Parsed; 2],
    opts: &DiffOptions,
    stats_opts: &StatsOptions,
    [old_known, new_known]: [Option<&TextStats>; 2],
    [old_declared, new_declared]: [Option<&str>; 2],
) -> (Summary, Vec<SentenceOp>, TextStats, TextStats) {
    let stats_of = |text: &str, p: &Parsed, known: Option<&TextStats>, declared: Option<&str>| {
        known
            .cloned()
            .unwrap_or_else(|| p.stats(text, stats_opts, declared))
    };
    let ((summary, ops), (old_stats, new_stats)) = rayon::join(
        || align(old, old_p, new, new_p, opts),
        || {
            rayon::join(
                || stats_of(old, old_p, old_known, old_declared),
                || stats_of(new, new_p, new_known, new_declared),
            )
        },
    );
    (summary, ops, old_stats, new_stats)
}

/// The sentence-level alignment and its summary.
pub(super) fn align<'a>(
    old: &'a str,
    old_p: &Parsed,
    new: &'a str,
    new_p: &Parsed,
    opts: &DiffOptions,
) -> (Summary, Vec<SentenceOp>) {
    let mut work = Work {
        left: opts.max_work,
        coarse: false,
    };
    let ((old_s, old_paragraphs), (new_s, new_paragraphs)) = rayon::join(
        || sentences(old, old_p, opts),
        || sentences(new, new_p, opts),
    );
    let (old_s, new_s) = super::keys::resegment(old_s, new_s, opts);

    // 1. Align paragraphs, then the sentences of unmatched paragraphs.
    let mut keys = Interner::default();
    let old_keys: Vec<u32> = old_s
        .iter()
        .map(|s| keys.id(Cow::Borrowed(&s.key)))
        .collect();
    let new_keys: Vec<u32> = new_s
        .iter()
        .map(|s| keys.id(Cow::Borrowed(&s.key)))
        .collect();
    let aligned = align_hierarchically(&old_s, &new_s, &old_keys, &new_keys, &mut work);
    let mut pairs: Vec<Pair> = Vec::new();
    let mut old_taken = vec![false; old_s.len()];
    let mut new_taken = vec![false; new_s.len()];
    for &(i, j) in &aligned {
        pairs.push(Pair {
            old: i,
            new: j,
            similarity: 1.0,
            aligned: true,
        });
        old_taken[i] = true;
        new_taken[j] = true;
    }

    // 1b. Sentences cut or joined by layout alone (a blank line put
    // inside one): splits and merges of no changed word.
    let mut fixed: FxHashMap<(usize, usize), Grown> = FxHashMap::default();
    for g in resegmented((&old_s, &new_s), (&mut old_taken, &mut new_taken)) {
        pairs.push(Pair {
            old: g.old.start,
            new: g.new.start,
            similarity: 1.0,
            aligned: false,
        });
        fixed.insert((g.old.start, g.new.start), g);
    }

    // 2. Pair the rest by weighted word similarity.
    let mut words = Interner::default();
    // Only the sentences left over are paired. Their words' similarity
    // weights are counted among them (where a statute's formulas repeat);
    // the evidence a distance asks for, in the whole texts (counted among
    // the sentences left over, every word of a little-changed pair had
    // been rare and weighed ln 2: a figure line moved one paragraph and
    // corrected, `Total trees planted: 12,400.` → `… 14,200.`, lacked the
    // evidence its distance asks and was deleted and added).
    let old_bags = word_ids(&old_s, &old_taken, &mut words, opts);
    let new_bags = word_ids(&new_s, &new_taken, &mut words, opts);
    // The sentences already paired count only the words of those left
    // (looked up, not added: a little-changed pair stays cheap).
    let taken_df = (
        taken_frequencies(&old_s, &old_taken, &words, opts),
        taken_frequencies(&new_s, &new_taken, &words, opts),
    );
    let word_w = word_weights(
        (&old_bags, &new_bags),
        (&taken_df.0, &taken_df.1),
        (old_s.len(), new_s.len()),
        &words,
    );
    let candidates = similar_pairs(
        &old_s,
        &new_s,
        &old_bags,
        &new_bags,
        &word_w,
        &aligned,
        opts.threshold,
    );
    // A sentence whose text is found more than once (a statute's `(4) Eine
    // zum Nachteil des Mieters abweichende Vereinbarung ist unwirksam.`)
    // pairs with one in its own gap between unchanged sentences (there
    // renumbered `(5)`) before a copy elsewhere (a new paragraph of
    // another section, word for word): the copy is what was added.
    let n = (old_s.len(), new_s.len());
    let bodies: (Vec<&str>, Vec<&str>) = (
        old_s.iter().map(|s| without_enumerator(&s.key)).collect(),
        new_s.iter().map(|s| without_enumerator(&s.key)).collect(),
    );
    let repeated = {
        let mut count: FxHashMap<&str, u32> = FxHashMap::default();
        for &k in bodies.0.iter().chain(&bodies.1) {
            *count.entry(k).or_default() += 1;
        }
        move |k: &str| count.get(k).is_some_and(|&c| c > 2)
    };
    // Each candidate with where it stands (see `pair::gap_place`), worked
    // out once; each sentence's candidates at its place in its gap (for the
    // repeated sentences above), and anywhere in its gap (see
    // [`WAIT_MARGIN`]).
    let (mut at_place, mut in_gap): (InGap, InGap) = Default::default();
    let mut queue: Vec<(f64, usize, usize, Option<bool>)> = candidates
        .into_iter()
        .map(|(sim, i, j)| (sim, i, j, pair::gap_place(i, j, &aligned, n)))
        .collect();
    for &(sim, i, j, place) in &queue {
        if let Some(same) = place {
            in_gap.0.entry(i).or_default().push((j, sim));
            in_gap.1.entry(j).or_default().push((i, sim));
            if same {
                at_place.0.entry(i).or_default().push((j, sim));
                at_place.1.entry(j).or_default().push((i, sim));
            }
        }
    }
    // Candidates from another gap that wait for those of their own to be
    // paired first (see [`WAIT_MARGIN`]), then pair if both are free.
    let mut waiting = Vec::new();
    for round in 0..2 {
        for (sim, i, j, place) in std::mem::take(&mut queue) {
            if old_taken[i] || new_taken[j] {
                continue;
            }
            // A heading is never another's body (`#### § 2369 (weggefallen)`
            // is not the `(2) (weggefallen)` of another section). An
            // underlined line may be either (`Title` / `=====` → `# Title`
            // had been a heading deleted and another added; a plain text's
            // `1. Definitions.` underlined is that line).
            let (ot, nt) = (old_s[i].text, new_s[j].text);
            if tokenize::atx_heading(ot) != tokenize::atx_heading(nt)
                && !super::sections::underlined(ot)
                && !super::sections::underlined(nt)
            {
                continue;
            }
            let taken = (old_taken.as_slice(), new_taken.as_slice());
            if place != Some(true)
                && (repeated(bodies.0[i]) || repeated(bodies.1[j]))
                && has_rival(&at_place, (i, j), taken, 0.0)
            {
                continue;
            }
            if round == 0
                && sim < pair::NEAR_COPY
                && place.is_none()
                && has_rival(&in_gap, (i, j), taken, sim - WAIT_MARGIN)
            {
                waiting.push((sim, i, j, place));
                continue;
            }
            old_taken[i] = true;
            new_taken[j] = true;
            pairs.push(Pair {
                old: i,
                new: j,
                similarity: sim,
                aligned: false,
            });
        }
        queue = std::mem::take(&mut waiting);
    }

    // 3. Which pairs stay in place.
    pairs.sort_by_key(|p| p.old);
    let weights: Vec<f64> = pairs
        .iter()
        .map(|p| {
            // A line without words (a code fence, a `}`, a table's `|`)
            // weighs next to nothing: kept in place where nothing with
            // words crosses it, it never holds a sentence out of place (a
            // block's closing fence paired with the next block's had made
            // the commands between them "moved" to where they were).
            if old_s[p.old].words.is_empty() {
                return if p.aligned { 0.02 } else { 0.01 * p.similarity };
            }
            let w = old_s[p.old].words.len() as f64;
            if p.aligned {
                w + 1.0
            } else {
                w * p.similarity
            }
        })
        .collect();
    let in_place = heaviest_increasing(&pairs, &weights, new_s.len());
    let keep = confirm_far_moves(
        &pairs,
        &in_place,
        (&old_s, &new_s),
        (&old_keys, &new_keys),
        &aligned,
        (&mut old_taken, &mut new_taken),
    );
    let (pairs, in_place): (Vec<Pair>, Vec<bool>) = pairs
        .into_iter()
        .zip(in_place)
        .zip(keep)
        .filter(|&(_, kept)| kept)
        .map(|(pair, _)| pair)
        .unzip();
    let (pairs, in_place) = settle_gaps(
        pairs,
        &in_place,
        (&old_s, &new_s),
        (&old_keys, &new_keys),
        (&mut old_taken, &mut new_taken),
        &mut work,
        &|i, j| match (&old_bags[i], &new_bags[j]) {
            (Some(a), Some(b)) if old_s[i].code == new_s[j].code => weighted_dice(a, b, &word_w).0,
            _ => 0.0,
        },
    );

    // 3a. A repeated sentence paired far off (a README's code fence, a
    // table's `total:`) while an equal copy stands free in its own gap:
    // it stayed, with the copy (an edited neighbour had widened the
    // window in which step 2 let it pair).
    let (pairs, in_place) = keep_copies_in_place(
        pairs,
        in_place,
        (&old_keys, &new_keys),
        (&mut old_taken, &mut new_taken),
    );

    // 3b. Sentences moved with only their typography changed (a statute's
    // list re-sorted, `4,5alpha-Epoxy-…` → `4,5α-Epoxy-…`; a section moved
    // with its heading's level, `### Syllable Count` → `#### …`): a free
    // old and a free new sentence whose folded texts, the markup opening
    // the line aside, are equal and found once on each side are one
    // sentence (the gaps' letter-pair rule pairs only those in place).
    let (pairs, in_place) = pair_folded_copies(
        pairs,
        in_place,
        (&old_s, &new_s),
        (&mut old_taken, &mut new_taken),
    );

    // 3b'. A moved block's repeated lines (a README section moved with its
    // code fences, ```` ```python ```` and ```` ``` ````, found dozens of
    // times): an equal free sentence next to a moved pair, on both sides,
    // moved with it.
    let (pairs, in_place) = extend_moved_pairs(
        pairs,
        in_place,
        (&old_s, &new_s),
        (&old_keys, &new_keys),
        (&mut old_taken, &mut new_taken),
    );

    // 3c. Splits and merges: a changed pair grows over free neighbouring
    // sentences of its paragraph when they make it more alike.
    let grown = grow_pairs(
        &pairs,
        (&old_s, &new_s),
        (&old_bags, &new_bags),
        &word_w,
        (&mut old_taken, &mut new_taken),
        fixed,
    );

    // 3d. Splits and merges with words changed that no pair revealed: an
    // unpaired sentence that is, edited, a run of unpaired sentences of
    // the other version between the same pairs in place.
    let anchors = super::place::anchors(&pairs, &in_place);
    let mut pairs = pairs;
    let mut grown = grown;
    for g in rejoined(
        &anchors,
        (&old_s, &new_s),
        (&old_bags, &new_bags),
        &word_w,
        opts.threshold,
        (&mut old_taken, &mut new_taken),
    ) {
        pairs.push(Pair {
            old: g.old.start,
            new: g.new.start,
            similarity: g.similarity,
            aligned: false,
        });
        grown.push(Some(g));
    }

    // 4. Ops, with word-level detail for paired sentences. A line of code
    // and a sentence of prose are never one sentence, whichever step
    // paired them (the same line, an example's in a directive folio reads
    // as prose and then in a code block, had been unchanged prose in one
    // version and code in the other: the prose's words no longer added up
    // to the statistics'): the one is deleted, the other added.
    let mixed = |olds: Range<usize>, news: Range<usize>| {
        let first = old_s[olds.start].code;
        old_s[olds]
            .iter()
            .chain(&new_s[news])
            .any(|s| s.code != first)
    };
    let across = stray_formulas(&pairs, &grown, &in_place, (&old_s, &new_s));
    let mut ops: Vec<SentenceOp> = Vec::with_capacity(old_s.len().max(new_s.len()));
    for (k, p) in pairs.iter().enumerate() {
        let (olds, news) = p.spans(grown[k].as_ref());
        if across[k] || mixed(olds.clone(), news.clone()) {
            olds.for_each(|i| old_taken[i] = false);
            news.for_each(|j| new_taken[j] = false);
            continue;
        }
        if let Some(g) = &grown[k] {
            let mut op = grown_op(g, (&old_s, &new_s), opts, &mut work);
            // Grown from a pair out of order: a split that moved.
            op.moved = !in_place.get(k).copied().unwrap_or(true);
            ops.push(op);
            continue;
        }
        let (o, n) = (&old_s[p.old], &new_s[p.new]);
        let same = o.key == n.key;
        let op = match (in_place[k], same) {
            (true, true) => OpKind::Unchanged,
            (true, false) => OpKind::Edited,
            (false, _) => OpKind::Moved,
        };
        let mut sop = SentenceOp {
            op,
            old_index: Some(p.old),
            new_index: Some(p.new),
            old_paragraph: Some(o.paragraph),
            new_paragraph: Some(n.paragraph),
            similarity: Some(p.similarity),
            words_added: 0,
            words_deleted: 0,
            words_unchanged: o.words.len() as u64,
            // An edit of markup only (`- ` → `* `, `###` → `##`, `*a*` →
            // `_a_`) is non-significant, as in a document's status: shown,
            // not counted as an edit.
            nonsignificant: match op {
                OpKind::Unchanged => o.strict != n.strict,
                OpKind::Edited => markup_only(o.text, n.text),
                // A wordless line moved (a fence, a `});`): no sentence
                // moved, as none is added or deleted when it comes or goes.
                OpKind::Moved => o.words.is_empty() && !o.reference,
                _ => false,
            },
            section: n.section.map(str::to_string),
            old_more: Vec::new(),
            new_more: Vec::new(),
            old_text: Some(o.text.to_string()),
            new_text: Some(n.text.to_string()),
            changes: Vec::new(),
            moved: false,
            code: o.code,
        };
        if !same {
            let detail = word_diff(o.text, n.text, opts, &mut work);
            // A near-copy letter by letter has the greater of its word and
            // letter-pair similarity, whichever step paired it (`beta-X` →
            // `β-X` had shown 0.5 when words paired it, 1.0 when letters
            // did). Such a copy changes a word or two, and its lengths are
            // near: others are not folded.
            let (lo, ln) = (o.text.len() as f64, n.text.len() as f64);
            if p.similarity < super::place::NEAR_COPY
                && detail.added + detail.deleted <= 4
                && 2.0 * lo.min(ln) / (lo + ln) >= super::place::NEAR_COPY
                && super::place::near_copy_size(o)
                && super::place::near_copy_size(n)
            {
                let letters = super::place::letter_similarity(o.text, n.text);
                if letters >= super::place::NEAR_COPY {
                    sop.similarity = Some(letters);
                }
            }
            // An edit of markup only changes no word, whatever the word
            // diff makes of an escape (`my\_value` → `my_value` had counted
            // a word added and one deleted under "no changes"): its words
            // are unchanged but for what the two versions' counts differ
            // by (`l=0,1,2` → `l = 0, 1, 2`, as the statistics count
            // them), so that the words still add up to each version's.
            if op == OpKind::Edited && sop.nonsignificant {
                let (a, b) = (o.words.len() as u64, n.words.len() as u64);
                sop.words_unchanged = a.min(b);
                sop.words_deleted = a - a.min(b);
                sop.words_added = b - a.min(b);
            } else {
                sop.words_added = detail.added;
                sop.words_deleted = detail.deleted;
                sop.words_unchanged = detail.unchanged;
            }
            sop.changes = detail.changes;
        }
        ops.push(sop);
    }
    for (i, s) in old_s.iter().enumerate().filter(|&(i, _)| !old_taken[i]) {
        ops.push(SentenceOp {
            op: OpKind::Deleted,
            old_index: Some(i),
            new_index: None,
            old_paragraph: Some(s.paragraph),
            new_paragraph: None,
            similarity: None,
            words_added: 0,
            words_deleted: s.words.len() as u64,
            words_unchanged: 0,
            // (A line without words that points elsewhere — a table of
            // contents' entry, a link's definition — is a change.)
            nonsignificant: s.words.is_empty() && !s.reference,
            section: s.section.map(str::to_string),
            old_more: Vec::new(),
            new_more: Vec::new(),
            old_text: Some(s.text.to_string()),
            new_text: None,
            changes: Vec::new(),
            moved: false,
            code: s.code,
        });
    }
    for (j, s) in new_s.iter().enumerate().filter(|&(j, _)| !new_taken[j]) {
        ops.push(SentenceOp {
            op: OpKind::Added,
            old_index: None,
            new_index: Some(j),
            old_paragraph: None,
            new_paragraph: Some(s.paragraph),
            similarity: None,
            words_added: s.words.len() as u64,
            words_deleted: 0,
            words_unchanged: 0,
            // (A line without words that points elsewhere — a table of
            // contents' entry, a link's definition — is a change.)
            nonsignificant: s.words.is_empty() && !s.reference,
            section: s.section.map(str::to_string),
            old_more: Vec::new(),
            new_more: Vec::new(),
            old_text: None,
            new_text: Some(s.text.to_string()),
            changes: Vec::new(),
            moved: false,
            code: s.code,
        });
    }
    pair_link_definitions(&mut ops);
    order_ops(&mut ops, old_s.len());
    let summary = summarize(&ops, old_paragraphs, new_paragraphs, work.coarse);
    (summary, ops)
}

/// Consecutive runs of sentences of the same paragraph, as index ranges.
/// Step 3a (see `align`): a moved pair whose old sentence has an equal
/// free copy between the same two in-place pairs on the new side (or whose
/// new one has one on the old side) pairs with that copy, in place; its
/// far partner is free again. At most one such pair a gap, so pairs made
/// in place never cross. Returns the pairs sorted by old index.
fn keep_copies_in_place(
    pairs: Vec<Pair>,
    mut in_place: Vec<bool>,
    (old_keys, new_keys): (&[u32], &[u32]),
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> (Vec<Pair>, Vec<bool>) {
    let anchors = super::place::anchors(&pairs, &in_place);
    let len = (old_keys.len(), new_keys.len());
    let mut used_gaps = rustc_hash::FxHashSet::default();
    let mut pairs = pairs;
    for (p, placed) in pairs.iter_mut().zip(in_place.iter_mut()) {
        if *placed {
            continue;
        }
        // The old sentence's gap, searched on the new side; then the new
        // sentence's, searched on the old side.
        for from_old in [true, false] {
            let g = if from_old {
                anchors.partition_point(|a| a.0 < p.old)
            } else {
                anchors.partition_point(|a| a.1 < p.new)
            };
            if used_gaps.contains(&g) {
                continue;
            }
            let (olds, news) = super::place::gap(&anchors, g, len);
            let (range, keys, taken, key, partner) = if from_old {
                (news, new_keys, &mut *new_taken, old_keys[p.old], &mut p.new)
            } else {
                (olds, old_keys, &mut *old_taken, new_keys[p.new], &mut p.old)
            };
            let copies: Vec<usize> = range.filter(|&k| !taken[k] && keys[k] == key).collect();
            if let [k] = copies[..] {
                taken[*partner] = false;
                taken[k] = true;
                *partner = k;
                p.similarity = 1.0;
                *placed = true;
                used_gaps.insert(g);
                break;
            }
        }
    }
    let mut all: Vec<(Pair, bool)> = pairs.into_iter().zip(in_place).collect();
    all.sort_by_key(|(p, _)| p.old);
    all.into_iter().unzip()
}

/// A title's text without the lines of one mark repeated that underline
/// and overline it (`Upgrade` / `-------`): a section moved with its
/// level changed (`-------` → `~~~~~~~`) is the same title, as a
/// Markdown heading's `##` → `###` is.
pub(super) fn without_rules(text: &str) -> &str {
    let rule = |line: &str| {
        let t = line.trim();
        let mut marks = t.bytes();
        marks.next().is_some_and(|c| {
            crate::tokenize::is_adornment(c) && t.len() >= 3 && marks.all(|d| d == c)
        })
    };
    let mut t = text.trim();
    if let Some((last_start, last)) = t.rmatch_indices('\n').next().map(|(k, _)| (k, &t[k + 1..])) {
        if rule(last) {
            t = t[..last_start].trim_end();
        }
    }
    if let Some((first, rest)) = t.split_once('\n') {
        if rule(first) {
            t = rest.trim_start();
        }
    }
    t
}

/// Step 3b (see `align`): free sentences equal once folded, paired, each
/// pair in place when it falls between the same two in-place pairs on
/// both sides, else moved. Returns the pairs sorted by old index.
fn pair_folded_copies(
    pairs: Vec<Pair>,
    in_place: Vec<bool>,
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> (Vec<Pair>, Vec<bool>) {
    let key = |s: &Sentence<'_>| -> Option<String> {
        // (A line without words pairs so only when it points elsewhere and
        // is shown: a table of contents' entry moved is moved, not deleted
        // and added. A link's definition is shown nowhere: where it stands
        // says nothing, see `pair_link_definitions`.)
        if s.words.is_empty() && (!s.reference || link_definition(s.text).is_some()) {
            return None;
        }
        let folded: String = super::place::fold(without_rules(s.text))
            .into_iter()
            .collect();
        let body = folded.trim_start_matches(['#', '*', '-', '+', '>']);
        // (A bare figure is no sentence of its own: see `place::figure`.)
        (!super::place::figure(body)).then(|| body.to_string())
    };
    // Folded text → (its free old sentences, its free new ones).
    let mut found: FxHashMap<String, (Vec<usize>, Vec<usize>)> = FxHashMap::default();
    for (i, s) in old_s.iter().enumerate().filter(|&(i, _)| !old_taken[i]) {
        if let Some(k) = key(s) {
            found.entry(k).or_default().0.push(i);
        }
    }
    if found.is_empty() {
        return (pairs, in_place);
    }
    for (j, s) in new_s.iter().enumerate().filter(|&(j, _)| !new_taken[j]) {
        if let Some(k) = key(s) {
            if let Some(e) = found.get_mut(&k) {
                e.1.push(j);
            }
        }
    }
    let anchors = super::place::anchors(&pairs, &in_place);
    let mut all: Vec<(Pair, bool)> = pairs.into_iter().zip(in_place).collect();
    let mut copies: Vec<(usize, usize)> = found
        .into_values()
        .filter_map(|(o, n)| (o.len() == 1 && n.len() == 1).then(|| (o[0], n[0])))
        .collect();
    copies.sort_unstable();
    for (i, j) in copies {
        old_taken[i] = true;
        new_taken[j] = true;
        let before_old = anchors.partition_point(|a| a.0 < i);
        let before_new = anchors.partition_point(|a| a.1 < j);
        all.push((
            Pair {
                old: i,
                new: j,
                similarity: 1.0,
                aligned: false,
            },
            before_old == before_new,
        ));
    }
    all.sort_by_key(|(p, _)| p.old);
    all.into_iter().unzip()
}

/// Step 3b' (see `align`): from each moved pair, its free neighbours on
/// both sides that are one sentence (old `i ± 1` and new `j ± 1`: the same
/// key, or near-copies letter by letter, [`super::place::NEAR_COPY`])
/// are paired, and theirs in turn: a block that moved moves whole, its
/// lines found many times (which step 2 pairs only near their place) and
/// its sentences edited by a comma, a full stop or a hyphen (`### Third
/// party applications` → `### Third-party applications`, whose words
/// differ) with it, not deleted at the old place and added at the new. A
/// pair made so is in place when it falls between the same two in-place
/// pairs on both sides, else moved. Returns the pairs sorted by old index.
fn extend_moved_pairs(
    pairs: Vec<Pair>,
    in_place: Vec<bool>,
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
    (old_keys, new_keys): (&[u32], &[u32]),
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) -> (Vec<Pair>, Vec<bool>) {
    let anchors = super::place::anchors(&pairs, &in_place);
    let mut all: Vec<(Pair, bool)> = pairs.into_iter().zip(in_place).collect();
    let mut from: Vec<(usize, usize)> = all
        .iter()
        .filter(|(_, placed)| !placed)
        .map(|(p, _)| (p.old, p.new))
        .collect();
    while let Some((i, j)) = from.pop() {
        for (a, b) in [
            (i.checked_add(1), j.checked_add(1)),
            (i.checked_sub(1), j.checked_sub(1)),
        ] {
            let (Some(a), Some(b)) = (a, b) else {
                continue;
            };
            let free = a < old_keys.len() && b < new_keys.len() && !old_taken[a] && !new_taken[b];
            if !free {
                continue;
            }
            let similarity = if old_keys[a] == new_keys[b] {
                1.0
            } else {
                super::place::letter_similarity(old_s[a].text, new_s[b].text)
            };
            if similarity < super::place::NEAR_COPY {
                continue;
            }
            old_taken[a] = true;
            new_taken[b] = true;
            let placed =
                anchors.partition_point(|x| x.0 < a) == anchors.partition_point(|x| x.1 < b);
            all.push((
                Pair {
                    old: a,
                    new: b,
                    similarity,
                    aligned: false,
                },
                placed,
            ));
            if !placed {
                from.push((a, b));
            }
        }
    }
    all.sort_by_key(|(p, _)| p.old);
    all.into_iter().unzip()
}

pub(super) fn paragraph_runs(sents: &[Sentence<'_>]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, s) in sents.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if sents[r.start].paragraph == s.paragraph => r.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// Equal sentence pairs `(old, new)`: paragraphs are aligned first (by the
/// sequence of their sentence keys, patience diff); the sentences of
/// paragraphs left over are aligned inside each changed stretch.
pub(super) fn align_hierarchically<'k>(
    old_s: &[Sentence<'_>],
    new_s: &[Sentence<'_>],
    old_keys: &'k [u32],
    new_keys: &'k [u32],
    work: &mut Work,
) -> Vec<(usize, usize)> {
    let (old_runs, new_runs) = (paragraph_runs(old_s), paragraph_runs(new_s));
    let mut paragraphs: FxHashMap<&'k [u32], u32> = FxHashMap::default();
    let mut para_id = |keys: &'k [u32], r: &Range<usize>| -> u32 {
        let n = paragraphs.len() as u32;
        *paragraphs.entry(&keys[r.clone()]).or_insert(n)
    };
    let old_p: Vec<u32> = old_runs.iter().map(|r| para_id(old_keys, r)).collect();
    let new_p: Vec<u32> = new_runs.iter().map(|r| para_id(new_keys, r)).collect();
    let span = |runs: &[Range<usize>], r: Range<usize>| -> Range<usize> {
        if r.is_empty() {
            let at = runs
                .get(r.start)
                .map_or_else(|| runs.last().map_or(0, |x| x.end), |x| x.start);
            at..at
        } else {
            runs[r.start].start..runs[r.end - 1].end
        }
    };
    let mut out = Vec::with_capacity(old_s.len().min(new_s.len()));
    let mut stretches: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let para_pairs = equal_pairs(&old_p, &new_p, work);
    // Paragraph pairs give sentence pairs; the stretches between them are
    // aligned sentence by sentence.
    let (mut po, mut pn) = (0, 0);
    for &(i, j) in para_pairs
        .iter()
        .chain(std::iter::once(&(old_runs.len(), new_runs.len())))
    {
        stretches.push((span(&old_runs, po..i), span(&new_runs, pn..j)));
        if i < old_runs.len() {
            out.extend(old_runs[i].clone().zip(new_runs[j].clone()));
        }
        (po, pn) = (i + 1, j + 1);
    }
    for (so, sn) in stretches {
        if so.is_empty() || sn.is_empty() {
            continue;
        }
        let inner = equal_pairs(&old_keys[so.clone()], &new_keys[sn.clone()], work);
        out.extend(inner.into_iter().map(|(i, j)| (i + so.start, j + sn.start)));
    }
    out.sort_unstable();
    out
}

/// The pairs `(i, j)` of a longest common subsequence of two key sequences
/// (patience diff). Keys found in only one sequence cannot be in it, so
/// they are set aside first: heavily revised texts then cost little. When
/// the work bound does not allow the diff, only keys unique in both
/// sequences are paired, in order (a longest increasing subsequence).
pub(super) fn equal_pairs(old: &[u32], new: &[u32], work: &mut Work) -> Vec<(usize, usize)> {
    let in_new: rustc_hash::FxHashSet<u32> = new.iter().copied().collect();
    let in_old: rustc_hash::FxHashSet<u32> = old.iter().copied().collect();
    let old_idx: Vec<usize> = (0..old.len())
        .filter(|&i| in_new.contains(&old[i]))
        .collect();
    let new_idx: Vec<usize> = (0..new.len())
        .filter(|&j| in_old.contains(&new[j]))
        .collect();
    let old_f: Vec<u32> = old_idx.iter().map(|&i| old[i]).collect();
    let new_f: Vec<u32> = new_idx.iter().map(|&j| new[j]).collect();
    // (Charged for what differs between the common start and end.)
    let (start, end) = super::common_ends(&old_f, &new_f);
    if !work.charge(old_f.len() - start - end, new_f.len() - start - end) {
        return unique_pairs(old, new);
    }
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Patience, &old_f, &new_f) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            out.extend(o.map(|i| old_idx[i]).zip(n.map(|j| new_idx[j])));
        }
    }
    out
}

/// The coarse [`equal_pairs`]: keys that occur once in each sequence, the
/// longest run of them in the same order. O(n log n).
pub(super) fn unique_pairs(old: &[u32], new: &[u32]) -> Vec<(usize, usize)> {
    let mut count: FxHashMap<u32, (u32, u32, usize)> = FxHashMap::default();
    for (i, &k) in old.iter().enumerate() {
        let e = count.entry(k).or_insert((0, 0, i));
        e.0 += 1;
    }
    for &k in new {
        if let Some(e) = count.get_mut(&k) {
            e.1 += 1;
        }
    }
    let pairs: Vec<Pair> = new
        .iter()
        .enumerate()
        .filter_map(|(j, k)| {
            let &(a, b, i) = count.get(k)?;
            (a == 1 && b == 1).then_some(Pair {
                old: i,
                new: j,
                similarity: 1.0,
                aligned: true,
            })
        })
        .collect();
    let mut pairs = pairs;
    pairs.sort_by_key(|p| p.old);
    let keep = heaviest_increasing(&pairs, &vec![1.0; pairs.len()], new.len());
    pairs
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| (p.old, p.new))
        .collect()
}

/// A sentence's key without the number that opens it (`(4) `, `4. `,
/// `a) `): a formula renumbered is the same formula.
fn without_enumerator(key: &str) -> &str {
    let t = key.trim_start();
    let label = |s: &str| {
        let n = s.bytes().take_while(|b| b.is_ascii_alphanumeric()).count();
        (1..=4).contains(&n).then_some(n)
    };
    let rest = if let Some(inner) = t.strip_prefix('(') {
        label(inner).and_then(|n| inner[n..].strip_prefix(')'))
    } else {
        label(t).and_then(|n| t[n..].strip_prefix(['.', ')']))
    };
    match rest {
        Some(r) if r.starts_with(' ') => r.trim_start(),
        _ => t,
    }
}

/// The pairs (by index) that are a short run of sentences moved alone
/// into another section — one sentence, or a note and its line, of
/// [`FORMULA_WORDS`] words at most, moved without the sentences around
/// it, from under one heading to under another: a stock sentence each
/// item of a text has or had (`This transitional setting is deprecated.`,
/// `- deps: csurf@1.2.2`), whose one item lost it and another gained its
/// own. Nothing moved: told as moved (and edited, `3.1` → `4.0`), it had
/// put one setting's note under another's heading. Such a pair is a
/// sentence deleted and one added; a longer run, or one moved with its
/// neighbours, or within its section, is a move.
fn stray_formulas(
    pairs: &[Pair],
    grown: &[Option<super::split::Grown>],
    in_place: &[bool],
    (old_s, new_s): (&[Sentence<'_>], &[Sentence<'_>]),
) -> Vec<bool> {
    let mut out = vec![false; pairs.len()];
    let moved = |k: usize| !in_place.get(k).copied().unwrap_or(true) && grown[k].is_none();
    if !(0..pairs.len()).any(moved) {
        return out;
    }
    fn titles<'a>(v: &[Sentence<'a>]) -> FxHashSet<&'a str> {
        v.iter().filter_map(|s| s.section).collect()
    }
    let (old_titles, new_titles) = (titles(old_s), titles(new_s));
    // Every pair by its old sentences and by its new ones.
    let (mut old_pair, mut new_pair) = (FxHashMap::default(), FxHashMap::default());
    for (k, p) in pairs.iter().enumerate() {
        let (olds, news) = p.spans(grown[k].as_ref());
        olds.for_each(|i| {
            old_pair.insert(i, k);
        });
        news.for_each(|j| {
            new_pair.insert(j, k);
        });
    }
    // The moved pair right after `k` in both versions, if there is one.
    let next = |k: usize| {
        let p = &pairs[k];
        old_pair
            .get(&(p.old + 1))
            .copied()
            .filter(|&n| pairs[n].new == p.new + 1 && moved(n))
    };
    let mut order: Vec<usize> = (0..pairs.len()).filter(|&k| moved(k)).collect();
    order.sort_unstable_by_key(|&k| pairs[k].old);
    let mut done = vec![false; pairs.len()];
    let mut counts = None;
    for first in order {
        if done[first] {
            continue;
        }
        // A run's first pair has no moved pair right before it.
        let p = &pairs[first];
        let after_one = p.old > 0
            && p.new > 0
            && old_pair
                .get(&(p.old - 1))
                .is_some_and(|&b| pairs[b].new + 1 == p.new && moved(b));
        if after_one {
            continue;
        }
        let mut run = vec![first];
        while let Some(n) = next(*run.last().expect("one")) {
            run.push(n);
        }
        run.iter().for_each(|&r| done[r] = true);
        let words: usize = run.iter().map(|&r| old_s[pairs[r].old].words.len()).sum();
        let (o, n) = (&old_s[p.old], &new_s[p.new]);
        // Alone: the sentences around it in either version did not move
        // (a list re-sorted, a block moved line by line, moves its
        // neighbours too).
        let last = &pairs[*run.last().expect("one")];
        let still = |old: Option<usize>, new: Option<usize>| {
            let old_moved = old
                .and_then(|i| old_pair.get(&i))
                .is_some_and(|&b| moved(b));
            let new_moved = new
                .and_then(|j| new_pair.get(&j))
                .is_some_and(|&b| moved(b));
            !old_moved && !new_moved
        };
        let alone = still(p.old.checked_sub(1), p.new.checked_sub(1))
            && still(Some(last.old + 1), Some(last.new + 1));
        // Prose, no heading (a section moved is a move).
        let prose = run.iter().all(|&r| {
            let (o, n) = (&old_s[pairs[r].old], &new_s[pairs[r].new]);
            // (A heading's sentence holds its section's title.)
            let heading = |s: &Sentence<'_>| s.section.is_some_and(|t| s.text.contains(t));
            !o.code && !n.code && !heading(o) && !heading(n)
        });
        // From a section gone to one new (an item's note lost, another
        // item's note written); or, between sections both versions have,
        // edited on its way (a version note, `.. versionchanged:: 3.2` →
        // `4.2`, above the same stock sentence: another note).
        let replaced = match (o.section, n.section) {
            (Some(a), Some(b)) if a != b => {
                !new_titles.contains(a) && !old_titles.contains(b)
                    || run
                        .iter()
                        .any(|&r| old_s[pairs[r].old].key != new_s[pairs[r].new].key)
            }
            _ => false,
        };
        if alone && prose && replaced && words > 0 && words <= FORMULA_WORDS {
            // A word of its own both versions hold once (a pull request's
            // number, a contributor's name, `tide`): the line itself moved.
            // (A stock sentence is written in the text's common words;
            // function words, of any language's list, are no evidence.)
            let (old_n, new_n) =
                counts.get_or_insert_with(|| (word_counts(old_s), word_counts(new_s)));
            let own = run.iter().any(|&r| {
                let new_words: FxHashSet<String> = new_s[pairs[r].new]
                    .words
                    .iter()
                    .map(|w| w.to_lowercase())
                    .collect();
                old_s[pairs[r].old].words.iter().any(|w| {
                    let w = w.to_lowercase();
                    w.chars().count() >= 3
                        && !crate::lang::is_stopword(&w)
                        && new_words.contains(&w)
                        && old_n.get(&w) == Some(&1)
                        && new_n.get(&w) == Some(&1)
                })
            });
            if !own {
                run.iter().for_each(|&r| out[r] = true);
            }
        }
    }
    out
}

/// How many times each word (lower-cased) is in a version.
fn word_counts(v: &[Sentence<'_>]) -> FxHashMap<String, u32> {
    let mut out = FxHashMap::default();
    for w in v.iter().flat_map(|s| &s.words) {
        *out.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    out
}

/// The words of a run moved alone into another section at most for it to
/// be a stock sentence, not a move (see [`stray_formulas`]).
const FORMULA_WORDS: usize = 12;

/// The label of a line defining where a link points, a Markdown
/// reference's (`[donate]: https://…`) or a reStructuredText target's
/// (`.. _donate: https://…`) — lines without words, shown to no reader —
/// and where the address is in `text`.
pub(super) fn link_definition(text: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let lead = text.len() - text.trim_start().len();
    let t = text.trim();
    let (label, rest) = match t.strip_prefix(".. _") {
        Some(r) => r.split_once(": ")?,
        None => t.strip_prefix('[')?.split_once("]:")?,
    };
    let from = t.len() - rest.trim_start().trim_start_matches('<').len();
    let address = t[from..].split([' ', '\t', '>']).next().unwrap_or("");
    (!label.is_empty() && !address.is_empty())
        .then_some((label, lead + from..lead + from + address.len()))
}

/// A link definition deleted and one of the same label added are one
/// line edited: the link points elsewhere now. Lines without words pair
/// by none of theirs, and the change had been told as two non-significant
/// lines, "no changes" (a donation link sent to another company). One of
/// another label and the same address is the label renamed (`[ci]` →
/// `[pipeline]`): markup, a non-significant edit.
fn pair_link_definitions(ops: &mut Vec<SentenceOp>) {
    // (An image's definition, a badge's, is markup: its lines stay two
    // non-significant changes, as a line of badges is one.)
    fn definition<'a>(op: &SentenceOp, text: &'a Option<String>) -> Option<(&'a str, &'a str)> {
        (op.no_words() && !op.nonsignificant)
            .then(|| {
                let t = text.as_deref()?;
                link_definition(t).map(|(label, at)| (label, &t[at]))
            })
            .flatten()
    }
    let mut added: Vec<(usize, String, String)> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| o.op == OpKind::Added)
        .filter_map(|(j, o)| {
            let (label, address) = definition(o, &o.new_text)?;
            Some((j, label.to_string(), address.to_string()))
        })
        .collect();
    if added.is_empty() {
        return;
    }
    let mut taken = Vec::new();
    for i in 0..ops.len() {
        if ops[i].op != OpKind::Deleted {
            continue;
        }
        let Some((old, address)) =
            definition(&ops[i], &ops[i].old_text).map(|(l, a)| (l.to_string(), a.to_string()))
        else {
            continue;
        };
        let relabelled = !added.iter().any(|(_, l, _)| *l == old);
        let Some(k) = added
            .iter()
            .position(|(_, l, a)| *l == old || (relabelled && *a == address))
        else {
            continue;
        };
        let (j, _, _) = added.remove(k);
        let new = ops[j].new_text.take();
        let op = &mut ops[i];
        let (old_text, new_text) = (
            op.old_text.as_deref().unwrap_or(""),
            new.as_deref().unwrap_or(""),
        );
        op.nonsignificant = relabelled || markup_only(old_text, new_text);
        // Shown as the address changed, the rest as it was.
        if let (Some((_, a)), Some((_, b))) = (link_definition(old_text), link_definition(new_text))
        {
            if old_text[..a.start] == new_text[..b.start] && old_text[a.end..] == new_text[b.end..]
            {
                let piece = |tag, text: &str| Change {
                    tag,
                    text: text.to_string(),
                    old_text: None,
                };
                op.changes = [
                    piece(ChangeTag::Equal, &new_text[..b.start]),
                    piece(ChangeTag::Delete, &old_text[a.clone()]),
                    piece(ChangeTag::Insert, &new_text[b.clone()]),
                    piece(ChangeTag::Equal, &new_text[b.end..]),
                ]
                .into_iter()
                .filter(|c| !c.text.is_empty())
                .collect();
            }
        }
        op.op = OpKind::Edited;
        op.similarity = Some(1.0);
        op.new_text = new;
        taken.push(j);
        let (index, paragraph, section) = (
            ops[j].new_index,
            ops[j].new_paragraph,
            ops[j].section.take(),
        );
        let op = &mut ops[i];
        op.new_index = index;
        op.new_paragraph = paragraph;
        op.section = section.or(op.section.take());
    }
    taken.sort_unstable();
    for j in taken.into_iter().rev() {
        ops.remove(j);
    }
}
