//! A deterministic large pair of versions for diff benchmarks, shared by
//! `benches/diff.rs` and `examples/make_diff_pair.rs`.

/// A small deterministic generator (64-bit LCG), so the pair is the same
/// on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.next() % 100 < percent
    }
}

const ARTICLES: &[&str] = &[
    include_str!("../corpus/2024-03-04/news/hospital-nurses-strike.txt"),
    include_str!("../corpus/2024-03-04/news/council-approves-budget.txt"),
    include_str!("../corpus/2024-03-04/business/cannery-layoffs.txt"),
    include_str!("../corpus/2024-03-04/news/storm-power-outages.txt"),
    include_str!("../corpus/2024-03-04/opinion/editorial-transit-levy.txt"),
    include_str!("../corpus/2024-03-04/business/downtown-hotel-sale.txt"),
];

/// The material generated text is made of: the articles' paragraphs of
/// more than 12 words, and all their words.
fn material() -> (Vec<&'static str>, Vec<&'static str>) {
    let paragraphs: Vec<&str> = ARTICLES
        .iter()
        .flat_map(|a| a.split("\n\n"))
        .filter(|p| p.split_whitespace().count() > 12)
        .collect();
    let vocabulary = paragraphs
        .iter()
        .flat_map(|p| p.split_whitespace())
        .collect();
    (paragraphs, vocabulary)
}

/// Builds the pair: paragraphs of the articles, numbered into sections so
/// that the text does not simply repeat, then revised.
#[allow(dead_code)]
pub fn make_pair(size: usize) -> (String, String) {
    let mut rng = Lcg(20241126);
    let (paragraphs, vocabulary) = material();
    let mut old: Vec<String> = Vec::new();
    let mut len = 0;
    let mut section = 1;
    while len < size {
        let p = paragraphs[rng.next() % paragraphs.len()];
        let text = format!("§ {section}. {p}");
        section += 1;
        len += text.len() + 2;
        old.push(text);
    }
    let mut new: Vec<String> = Vec::with_capacity(old.len());
    for p in &old {
        if rng.chance(4) {
            continue; // a deleted paragraph
        }
        let sentences: Vec<String> = p
            .split_inclusive(". ")
            .filter_map(|s| {
                if rng.chance(6) {
                    return None; // a deleted sentence
                }
                if !rng.chance(45) {
                    return Some(s.to_string());
                }
                // A revised sentence: about a fifth of its words replaced.
                let words: Vec<String> = s
                    .split(' ')
                    .map(|w| {
                        if rng.chance(20) {
                            vocabulary[rng.next() % vocabulary.len()].to_string()
                        } else {
                            w.to_string()
                        }
                    })
                    .collect();
                Some(words.join(" "))
            })
            .collect();
        let mut revised = sentences.concat();
        if rng.chance(10) {
            // An added sentence.
            let n = 8 + rng.next() % 14;
            let words: Vec<&str> = (0..n)
                .map(|_| vocabulary[rng.next() % vocabulary.len()])
                .collect();
            revised.push_str(&format!(" Added: {}.", words.join(" ")));
        }
        new.push(revised);
        if rng.chance(5) {
            // An added paragraph.
            let q = paragraphs[rng.next() % paragraphs.len()];
            new.push(format!("Update: {q}"));
        }
    }
    // Moved paragraphs.
    for _ in 0..new.len() / 50 {
        let from = rng.next() % new.len();
        let p = new.remove(from);
        let to = rng.next() % new.len();
        new.insert(to, p);
    }
    let join = |ps: &[String]| format!("Generated Statute for Benchmarks\n\n{}\n", ps.join("\n\n"));
    (join(&old), join(&new))
}

/// The documents of a generated release: (relative path, text).
pub type Release = Vec<(String, String)>;

/// Two releases of `n` documents for release-comparison benchmarks:
/// `(name, text)` lists for the old and the new release. In the new one,
/// about 60% of documents are unchanged, 30% revised (words replaced,
/// sentences deleted and added), 3% renamed, 3% removed and 3% added.
#[allow(dead_code)]
pub fn make_releases(n: usize) -> (Release, Release) {
    let mut rng = Lcg(7);
    let (paragraphs, vocabulary) = material();
    let document = |rng: &mut Lcg, k: usize| -> String {
        let mut body = vec![format!("Document {k}: a revised article")];
        for _ in 0..8 {
            body.push(paragraphs[rng.next() % paragraphs.len()].to_string());
        }
        body.join("\n\n") + "\n"
    };
    let old: Release = (0..n)
        .map(|k| {
            (
                format!("section-{}/doc-{k:04}.txt", k % 7),
                document(&mut rng, k),
            )
        })
        .collect();
    let mut new = Vec::with_capacity(n);
    for (name, text) in &old {
        let roll = rng.next() % 100;
        if roll < 3 {
            continue; // removed
        }
        if roll < 6 {
            new.push((name.replace("doc-", "moved-doc-"), text.clone())); // renamed
            continue;
        }
        if roll < 36 {
            let mut revised: Vec<String> = Vec::new();
            for s in text.split_inclusive(". ") {
                if rng.chance(5) {
                    continue; // a deleted sentence
                }
                if rng.chance(30) {
                    let words: Vec<&str> = s
                        .split(' ')
                        .map(|w| {
                            if rng.chance(15) {
                                vocabulary[rng.next() % vocabulary.len()]
                            } else {
                                w
                            }
                        })
                        .collect();
                    revised.push(words.join(" "));
                } else {
                    revised.push(s.to_string());
                }
            }
            new.push((
                name.clone(),
                revised.concat() + "\n\nUpdate: the article was revised.\n",
            ));
            continue;
        }
        new.push((name.clone(), text.clone()));
    }
    for k in 0..n * 3 / 100 {
        new.push((format!("added/doc-{k:04}.txt"), document(&mut rng, n + k)));
    }
    (old, new)
}
