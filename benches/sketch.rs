//! Criterion bench of the analyze and sketch stages, and of the derivation pass's kernels, on a
//! fixed, generated corpus.
//!
//! The corpus is made here from a seeded generator (no external data): pseudo-articles of
//! made-up words with capitals, punctuation, numbers and the occasional curly apostrophe or
//! accented word, in the proportions of English news, so both the ASCII fast path and the
//! slower chunks are exercised. The groups measure, in bytes of text per second, the stages
//! one on top of the other: tokenising alone (the cost floor the issue compares with),
//! analysis, and analysis plus sketching; then sketching alone, one-permutation against
//! classic MinHash. The derivation group times what `dedup` adds for spins: analysis with the
//! function-word and name skeletons against analysis alone, the sorted-set intersection the
//! derivation check runs on every candidate pair, and the sentence alignment of a text with
//! its spin (every eighth word swapped). The reading group times the kernels the stories path
//! reads every text with: sentences, words, quotations, anchors, the profile, and the story
//! evidence of two weighted profiles (a merge of their sorted terms). Every iteration asserts a
//! count computed once in the setup, so a broken pipeline fails instead of getting faster.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use retold::analyze::anchors::sentence_anchors;
use retold::analyze::profile::Profiler;
use retold::analyze::sentences::{quotations, sentences, words};
use retold::analyze::skeleton::{NAME_SHINGLE, SKELETON_SHINGLE};
use retold::analyze::weights::{DocFreq, Idf, Weighted};
use retold::analyze::Analyzer;
use retold::relate::align::Aligner;
use retold::relate::copy::intersection;
use retold::relate::story::story_evidence;
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

/// Every word of `text` at a position `pick` chooses replaced by the word it names, with
/// the punctuation that followed the old one (so the sentences stay as they were).
fn replaced(text: &str, pick: impl Fn(usize) -> Option<&'static str>) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, w)| match pick(i) {
            Some(new) => {
                let tail = w.trim_start_matches(|c: char| !c.is_ascii_punctuation());
                format!(
                    "{new}{}",
                    tail.trim_start_matches(|c: char| c.is_alphanumeric())
                )
            }
            None => w.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A spin of `text`: every eighth word swapped for a made-up one, sentences kept.
fn spun(text: &str) -> String {
    replaced(text, |i| (i % 8 == 3).then_some("zqx"))
}

/// `text` with every third word a function word, as in English prose, so it has a skeleton.
fn with_function_words(text: &str) -> String {
    const FUNCTION: [&str; 10] = [
        "the", "of", "and", "to", "in", "that", "he", "would", "for", "with",
    ];
    replaced(text, |i| (i % 3 == 1).then_some(FUNCTION[i % 10]))
}

fn derivation(c: &mut Criterion) {
    let texts: Vec<String> = corpus().iter().map(|t| with_function_words(t)).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let plain = Analyzer::builder().build();
    let skeletons = Analyzer::builder()
        .skeleton(Some(SKELETON_SHINGLE))
        .names(Some(NAME_SHINGLE))
        .build();
    let (skeleton, names): (usize, usize) = texts
        .iter()
        .map(|t| {
            let a = skeletons.analyze(t);
            (a.skeleton.len(), a.names.len())
        })
        .fold((0, 0), |(x, y), (a, b)| (x + a, y + b));
    // A third of the words are function words; every fifteenth word is capital.
    assert!(
        skeleton > ARTICLES * 50 && names > ARTICLES * 10,
        "{skeleton} {names}"
    );

    let mut group = c.benchmark_group("derivation");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("analyze", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| usize::from(plain.analyze_unsorted(black_box(t)).words > 0))
                .sum();
            assert_eq!(n, ARTICLES);
        })
    });
    group.bench_function("analyze+skeletons", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| {
                    let a = skeletons.analyze_unsorted(black_box(t));
                    a.skeleton.len() + a.names.len()
                })
                .sum();
            assert_eq!(n, skeleton + names);
        })
    });

    // Candidate pairs' sorted shingle halves: each text against its spin.
    let halves = |t: &str| {
        let mut h: Vec<u32> = plain
            .analyze(t)
            .shingles
            .iter()
            .map(|&x| (x >> 32) as u32)
            .collect();
        h.sort_unstable();
        h.dedup();
        h
    };
    let sets: Vec<(Vec<u32>, Vec<u32>)> = texts[..200]
        .iter()
        .map(|t| (halves(t), halves(&spun(t))))
        .collect();
    let shared: usize = sets.iter().map(|(a, b)| intersection(a, b)).sum();
    assert!(shared > 0);
    group.throughput(Throughput::Elements(sets.len() as u64));
    group.bench_function("intersection", |b| {
        b.iter(|| {
            let n: usize = sets
                .iter()
                .map(|(a, b)| intersection(black_box(a), black_box(b)))
                .sum();
            assert_eq!(n, shared);
        })
    });

    let aligner = Aligner::default();
    let pairs: Vec<_> = texts[..20]
        .iter()
        .map(|t| (aligner.sentences(t), aligner.sentences(&spun(t))))
        .collect();
    let aligned: usize = pairs
        .iter()
        .map(|(a, b)| aligner.align(a, b, None).pairs.len())
        .sum();
    // A spin keeps its source's sentences: nearly all of them pair up.
    let sentences: usize = pairs.iter().map(|(a, _)| a.spans().len()).sum();
    assert!(aligned * 10 >= sentences * 9, "{aligned} of {sentences}");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("align", |b| {
        b.iter(|| {
            let n: usize = pairs
                .iter()
                .map(|(a, b)| aligner.align(black_box(a), black_box(b), None).pairs.len())
                .sum();
            assert_eq!(n, aligned);
        })
    });
    group.finish();
}

/// The kernels every text of a stories run goes through, in bytes of text per second, and
/// the story evidence of candidate pairs, in pairs per second.
fn reading(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let spans: Vec<_> = texts.iter().map(|t| sentences(t)).collect();
    let n_sentences: usize = spans.iter().map(Vec::len).sum();
    let n_words: usize = texts.iter().map(|t| words(t).len()).sum();
    let n_quotes: usize = texts.iter().map(|t| quotations(t).len()).sum();
    let anchors = |t: &str, s: &[std::ops::Range<usize>]| -> usize {
        sentence_anchors(t, s).iter().map(Vec::len).sum()
    };
    let n_anchors: usize = texts.iter().zip(&spans).map(|(t, s)| anchors(t, s)).sum();
    let profiler = Profiler::default();
    let profiles: Vec<_> = texts.iter().map(|t| profiler.profile(t)).collect();
    let n_terms: usize = profiles.iter().map(|p| p.terms.len()).sum();
    // The generator ends a paragraph now and then (a period before a lower-case word ends
    // no sentence), writes a quotation now and then, and a capital every fifteen words: none
    // of the counts can be near zero.
    assert!(n_sentences > ARTICLES * 2, "{n_sentences} sentences");
    assert!(n_words >= ARTICLES * WORDS, "{n_words} words");
    assert!(n_quotes > ARTICLES, "{n_quotes} quotations");
    assert!(n_anchors > ARTICLES * WORDS / 20, "{n_anchors} anchors");

    let mut group = c.benchmark_group("reading");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("sentences", |b| {
        b.iter(|| {
            let n: usize = texts.iter().map(|t| sentences(black_box(t)).len()).sum();
            assert_eq!(n, n_sentences);
        })
    });
    group.bench_function("words", |b| {
        b.iter(|| {
            let n: usize = texts.iter().map(|t| words(black_box(t)).len()).sum();
            assert_eq!(n, n_words);
        })
    });
    group.bench_function("quotations", |b| {
        b.iter(|| {
            let n: usize = texts.iter().map(|t| quotations(black_box(t)).len()).sum();
            assert_eq!(n, n_quotes);
        })
    });
    group.bench_function("anchors", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .zip(&spans)
                .map(|(t, s)| anchors(black_box(t), s))
                .sum();
            assert_eq!(n, n_anchors);
        })
    });
    group.bench_function("profile", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| profiler.profile(black_box(t)).terms.len())
                .sum();
            assert_eq!(n, n_terms);
        })
    });
    group.finish();

    let mut df = DocFreq::new();
    for p in &profiles {
        df.add(p);
    }
    let idf = Idf::with_corpus(df);
    let weighted: Vec<Weighted> = profiles.iter().map(|p| Weighted::new(p, &idf)).collect();
    // Each text against the next ten: a run's candidates are a few dozen per document.
    let pairs: Vec<(usize, usize)> = (0..weighted.len())
        .flat_map(|a| (1..=10).map(move |k| (a, (a + k) % ARTICLES)))
        .collect();
    let shared: u32 = pairs
        .iter()
        .map(|&(a, b)| story_evidence(&weighted[a], &weighted[b]).shared_anchors)
        .sum();
    let mut group = c.benchmark_group("evidence");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.sample_size(10);
    group.bench_function("story_evidence", |b| {
        b.iter(|| {
            let n: u32 = pairs
                .iter()
                .map(|&(a, b)| story_evidence(black_box(&weighted[a]), &weighted[b]).shared_anchors)
                .sum();
            assert_eq!(n, shared);
        })
    });
    group.finish();
}

criterion_group!(benches, stages, derivation, reading);
criterion_main!(benches);
