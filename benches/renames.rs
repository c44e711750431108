//! Rename detection alone (`folio::compare::renames::pair`): N old documents found
//! again under new ids, a word changed in each. The whole-program figures
//! (reading, diffing and writing each pair too) come from
//! `benches/renames.sh`.
//!
//! Run: `cargo bench --bench renames`.

use criterion::{criterion_group, criterion_main, Criterion};
use folio::compare::renames::{pair, Bag};

/// Deterministic texts of 300 words: 60% from a 50,000-word vocabulary,
/// the rest function words.
fn texts(n: usize) -> (Vec<String>, Vec<String>) {
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let common = [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on",
    ];
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let mut words: Vec<String> = (0..300)
            .map(|_| {
                if next() % 10 < 6 {
                    format!("w{}", next() % 50_000)
                } else {
                    common[next() % common.len()].to_string()
                }
            })
            .collect();
        old.push(words.join(" "));
        let k = next() % words.len();
        words[k] = "changed".into();
        new.push(words.join(" "));
    }
    (old, new)
}

fn renames(c: &mut Criterion) {
    let mut group = c.benchmark_group("renames");
    group.sample_size(10);
    for n in [1_000, 3_000, 10_000] {
        let (old, new) = texts(n);
        let old: Vec<Bag> = old.iter().map(|t| Bag::of(t)).collect();
        let new: Vec<Bag> = new.iter().map(|t| Bag::of(t)).collect();
        group.bench_function(format!("pair-{n}"), |b| b.iter(|| pair(&old, &new, 0.5)));
    }
    group.finish();
}

criterion_group!(benches, renames);
criterion_main!(benches);
