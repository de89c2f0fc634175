//! Criterion bench of the analyze and sketch stages on a fixed, generated corpus.
//!
//! The corpus is made here from a seeded generator (no external data): pseudo-articles of
//! made-up words with capitals, punctuation, numbers and the occasional curly apostrophe or
//! accented word, in the proportions of English news, so both the ASCII fast path and the
//! slower chunks are exercised. The groups measure, in bytes of text per second, the stages
//! one on top of the other: tokenising alone (the cost floor the issue compares with),
//! analysis, and analysis plus sketching; then sketching alone, one-permutation against
//! classic MinHash. Every iteration asserts a count computed once in the setup, so a broken
//! pipeline fails instead of getting faster.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use retold::analyze::Analyzer;
use retold::sketch::{Sketcher, EMPTY_VALUE};

/// Articles in the corpus: enough that one pass takes milliseconds, not microseconds.
const ARTICLES: usize = 2_000;
/// Words per article: a typical news article.
const WORDS: usize = 600;
/// Distinct made-up words: a few thousand, like the working vocabulary of news text.
const VOCABULARY: usize = 4_000;

/// SplitMix64: a small seeded generator, so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The corpus: `ARTICLES` texts of `WORDS` words each.
fn corpus() -> Vec<String> {
    let mut rng = Rng(2024);
    let vocabulary: Vec<String> = (0..VOCABULARY)
        .map(|_| {
            let len = 2 + rng.below(5) + rng.below(5);
            (0..len)
                .map(|_| char::from(b'a' + rng.below(26) as u8))
                .collect()
        })
        .collect();
    (0..ARTICLES)
        .map(|_| {
            let mut text = String::with_capacity(WORDS * 7);
            for i in 0..WORDS {
                // Zipf-like: low indices far more often, as function words are.
                let rank = rng.below(VOCABULARY);
                let word = &vocabulary[rng.below(1 + rank)];
                let roll = rng.below(100);
                if i % 15 == 0 {
                    text.extend(word[..1].chars().flat_map(char::to_uppercase));
                    text.push_str(&word[1..]);
                } else if roll < 2 {
                    text.push_str(&rng.below(10_000).to_string());
                } else if roll < 4 {
                    text.push_str(word);
                    text.push_str("’s");
                } else if roll < 5 {
                    text.push('“');
                    text.push_str(word);
                    text.push('”');
                } else if roll == 5 && rng.below(4) == 0 {
                    text.push_str("café");
                } else {
                    text.push_str(word);
                }
                text.push_str(match rng.below(20) {
                    0 => ", ",
                    1 => ". ",
                    2 if i % 40 == 39 => ".\n\n",
                    _ => " ",
                });
            }
            text
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let analyzer = Analyzer::builder().shingle(5).build();
    let sketcher = Sketcher::builder().num_perm(128).seed(1).build();

    // The counts every iteration must reproduce.
    let mut words = 0usize;
    for t in &texts {
        analyzer.tokens(t, |_| words += 1);
    }
    let analysed: Vec<Vec<u64>> = texts.iter().map(|t| analyzer.analyze(t).shingles).collect();
    let shingles: usize = analysed.iter().map(Vec::len).sum();
    // Every slot of the generator is exactly one word, whatever its decoration; and nearly
    // every 5-word window of made-up text is unique, so a broken shingler cannot pass.
    assert_eq!(words, ARTICLES * WORDS);
    assert!(
        shingles > ARTICLES * (WORDS - 4) * 99 / 100,
        "{shingles} shingles"
    );

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                analyzer.tokens(black_box(t), |w| n += usize::from(!w.is_empty()));
            }
            assert_eq!(n, words);
        })
    });
    group.bench_function("analyze", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| analyzer.analyze(black_box(t)).shingles.len())
                .sum();
            assert_eq!(n, shingles);
        })
    });
    group.bench_function("analyze+sketch", |b| {
        b.iter(|| {
            let (mut n, mut signatures) = (0usize, 0usize);
            for t in &texts {
                let set = analyzer.analyze(black_box(t)).shingles;
                n += set.len();
                let sig = sketcher.sketch(&set);
                signatures += usize::from(sig.values()[0] != EMPTY_VALUE);
            }
            assert_eq!((n, signatures), (shingles, ARTICLES));
        })
    });
    group.finish();

    let classic = Sketcher::builder()
        .num_perm(128)
        .seed(1)
        .classic(true)
        .build();
    let mut group = c.benchmark_group("sketch-only");
    group.throughput(Throughput::Elements(shingles as u64));
    group.sample_size(10);
    for (name, s) in [("one-permutation", &sketcher), ("classic", &classic)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let n: usize = analysed
                    .iter()
                    .map(|set| s.sketch(black_box(set)).len())
                    .sum();
                assert_eq!(n, ARTICLES * 128);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
