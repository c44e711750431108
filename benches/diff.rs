//! Diff throughput: a typical article revision and a large statute-sized
//! pair with ~100k changed words.
//!
//! Run: `cargo bench --bench diff`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use folio::diff::{diff_texts, DiffOptions};

mod pair;

/// About 1,100 words; the first three paragraphs rewritten, the rest kept.
const ARTICLE_OLD: &str = include_str!("../corpus/2024-03-05/news/hospital-nurses-strike.txt");
const ARTICLE_NEW: &str = include_str!("../corpus/2024-03-07/news/hospital-nurses-strike.txt");

fn diff(c: &mut Criterion) {
    let opts = DiffOptions::default();
    let mut group = c.benchmark_group("diff");
    group.throughput(Throughput::Bytes(
        (ARTICLE_OLD.len() + ARTICLE_NEW.len()) as u64,
    ));
    group.bench_function("article-1k-words", |b| {
        b.iter(|| diff_texts(ARTICLE_OLD, ARTICLE_NEW, &opts))
    });
    let (old, new) = pair::make_pair(1_500_000);
    group.throughput(Throughput::Bytes((old.len() + new.len()) as u64));
    group.sample_size(10);
    group.bench_function("statute-1.5MB", |b| {
        b.iter(|| diff_texts(&old, &new, &opts))
    });
    group.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
