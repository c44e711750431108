//! Throughput of tokenizing and of per-document statistics, in bytes/s.
//!
//! Run: `cargo bench --bench stats`. Inputs are the sample corpus's
//! articles, concatenated and repeated to sizes that matter.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use folio::stats::{compute, StatsOptions};
use folio::tokenize::{scan, Rules, Sink, Word};
use unicode_segmentation::UnicodeSegmentation;

const ARTICLES: &[&str] = &[
    include_str!("../corpus/2024-03-04/news/hospital-nurses-strike.txt"),
    include_str!("../corpus/2024-03-04/news/council-approves-budget.txt"),
    include_str!("../corpus/2024-03-04/business/cannery-layoffs.txt"),
    include_str!("../corpus/2024-03-04/news/bridge-closure.txt"),
];
const GERMAN: &str = include_str!("../corpus/2024-03-04/world/de-hochwasser-rheinufer.txt");

struct CountWords(u64);
impl Sink for CountWords {
    fn word(&mut self, _: Word<'_>) {
        self.0 += 1;
    }
}

fn inputs() -> Vec<(&'static str, String)> {
    let english = ARTICLES.join("\n\n");
    vec![
        ("article", ARTICLES[0].to_string()),
        ("english-1MB", english.repeat(1_000_000 / english.len() + 1)),
        ("german-1MB", GERMAN.repeat(1_000_000 / GERMAN.len() + 1)),
    ]
}

fn tokenize(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokenize");
    for (name, text) in inputs() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| {
                let mut sink = CountWords(0);
                scan(t, Rules::default(), &mut sink);
                sink.0
            })
        });
    }
    group.finish();
}

/// The baseline the tokenizer is measured against: a plain UAX #29 word
/// pass with `unicode-segmentation`, counting words only.
fn unicode_words(c: &mut Criterion) {
    let mut group = c.benchmark_group("unicode_words");
    for (name, text) in inputs() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| t.unicode_words().count())
        });
    }
    group.finish();
}

fn stats(c: &mut Criterion) {
    let mut group = c.benchmark_group("stats");
    let opts = StatsOptions::default();
    for (name, text) in inputs() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| compute(t, &opts))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = unicode_words, tokenize, stats
}
criterion_main!(benches);
