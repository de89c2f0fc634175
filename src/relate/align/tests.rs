//! Tests of sentence alignment: spins, reorderings, quotes and boilerplate, the seeds.
use super::*;

const ORIGINAL: &str = "The city council approved the new budget on Tuesday after a long debate. \
    Mayor Lena Park said the plan would cut spending by 12 percent. \
    Critics argued that the cuts would hurt public libraries and parks. \
    The vote was 7 to 2, with two members of the Green Party opposed. \
    The budget takes effect on July 1.";

/// ORIGINAL with many words swapped for synonyms, as a content farm's spinner does.
const SPUN: &str =
    "The town council accepted the fresh budget on Tuesday following a lengthy argument. \
    Mayor Lena Park stated the strategy would reduce spending by 12 percent. \
    Opponents contended that the reductions would harm public libraries and parks. \
    The ballot was 7 to 2, with two members of the Green Party against. \
    The budget comes into force on July 1.";

const UNRELATED: &str = "Heavy rain flooded several villages in the north overnight. \
    Rescue teams evacuated hundreds of residents by boat. \
    Forecasters expect the storm to weaken by the weekend.";

/// Every change of an alignment, in order.
fn all_changes(al: &Alignment) -> Vec<(&str, &str)> {
    let changes = al.pairs.iter().flat_map(|p| &p.changes);
    changes.map(|(f, t)| (f.as_str(), t.as_str())).collect()
}

/// The bundled seeds: 000 spins the AP text 001 carries; 002 to 004 are other reports.
const SEEDS: [&str; 5] = [
    "000_f99236a16d69789a.txt",
    "001_893361a9b7fe18e1.txt",
    "002_6baa3b19a4fca88d.txt",
    "003_06e105fb39387c32.txt",
    "004_45cfa239c90aab3e.txt",
];

fn seed(name: &str) -> String {
    let path = format!("{}/examples/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_spun_text_aligns_fully_in_order() {
    let al = Aligner::default().align_texts(ORIGINAL, SPUN);
    let pairs: Vec<(usize, usize)> = al.pairs.iter().map(|p| (p.a, p.b)).collect();
    assert_eq!(pairs, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]);
    assert_eq!(al.coverage_a.sentences, 1.0);
    assert_eq!(al.coverage_b.chars, 1.0);
    let mean = al.pairs.iter().map(|p| p.similarity).sum::<f32>() / 5.0;
    assert!(mean > 0.4, "{:?}", al.pairs);
    let changes = all_changes(&al);
    // "takes effect" became "comes into force": a run, not word by word.
    let run = ("takes effect", "comes into force");
    for want in [
        ("city", "town"),
        ("approved", "accepted"),
        ("cut", "reduce"),
        run,
    ] {
        assert!(changes.contains(&want), "{want:?} not in {changes:?}");
    }
}

#[test]
fn the_aligner_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Aligner>();
    send_sync::<Sentences>();
}

#[test]
fn a_reordered_text_aligns_partially() {
    let prepared = Aligner::default().sentences(SPUN);
    let spans = prepared.spans();
    // The spin's sentences in the order 4, 1, 3, 0, 2.
    let reordered = [4, 1, 3, 0, 2]
        .iter()
        .map(|&i| &SPUN[spans[i].clone()])
        .collect::<Vec<_>>()
        .join(" ");
    let al = Aligner::default().align_texts(ORIGINAL, &reordered);
    // The longest increasing run is 1, 3 (or 0, 2): two of five, in order.
    assert_eq!(al.pairs.len(), 2, "{:?}", al.pairs);
    let ordered = |w: &[AlignedPair]| w[0].a < w[1].a && w[0].b < w[1].b;
    assert!(al.pairs.windows(2).all(ordered));
    assert!((al.coverage_a.sentences - 0.4).abs() < 1e-6);
}

#[test]
fn quoted_words_and_boilerplate_do_not_count_as_derived() {
    let a = "Officials met in the capital on Monday to review the harbour budget. \
             \"We will rebuild the northern bridge before winter,\" the minister said.";
    let b = "Officials gathered in the capital on Monday to review the harbour budget. \
             \"We will rebuild the northern bridge before winter,\" the minister told them.";
    let aligner = Aligner::default();
    let al = aligner.align_texts(a, b);
    assert_eq!(al.pairs.len(), 2);
    assert!(al.coverage_a.chars > 0.99, "{:?}", al.coverage_a);
    // The quote is half the second sentence: it does not count.
    assert!(al.coverage_a.unquoted < 0.8, "{:?}", al.coverage_a);
    // Marked as boilerplate, the first sentence leaves the share on both sides.
    let (mut pa, mut pb) = (aligner.sentences(a), aligner.sentences(b));
    let first: Vec<u64> = pa.sentence_keys().take(1).collect();
    pa.mark_common(|k| first.contains(&k));
    pb.mark_common(|k| first.contains(&k));
    let marked = aligner.align(&pa, &pb, None);
    assert!(
        marked.coverage_a.unquoted < al.coverage_a.unquoted,
        "{marked:?}"
    );
}

#[test]
fn swapping_sides_swaps_the_alignment() {
    let aligner = Aligner::default();
    let (a, b) = (ORIGINAL, SPUN);
    let forward = aligner.align_texts(a, b);
    let back = aligner.align_texts(b, a).swapped();
    assert_eq!(forward.pairs.len(), back.pairs.len());
    assert_eq!(forward.coverage_a, back.coverage_a);
}

#[test]
fn unrelated_texts_align_nothing() {
    let al = Aligner::default().align_texts(ORIGINAL, UNRELATED);
    assert!(al.pairs.is_empty(), "{:?}", al.pairs);
    assert_eq!(al.coverage_a, Coverage::default());
    let empty = Aligner::default().align_texts("", UNRELATED);
    assert!(empty.pairs.is_empty());
    assert_eq!(empty.coverage_a, Coverage::default());
}

#[test]
fn numbers_and_names_carry_a_heavily_reworded_sentence() {
    let a = "Mayor Lena Park said the plan would cut spending by 12 percent.";
    let b = "According to Lena Park, outlays will shrink 12 percent under the scheme.";
    let al = Aligner::default().align_texts(a, b);
    assert_eq!(al.pairs.len(), 1, "{al:?}");
}

#[test]
fn the_spun_seed_aligns_with_the_wire_it_spins() {
    let (spun, wire) = (SEEDS[0], SEEDS[1]);
    let al = Aligner::default().align_texts(&seed(wire), &seed(spun));
    let (a, b, changes) = (al.coverage_a, al.coverage_b, all_changes(&al));
    eprintln!(
        "001 vs 000: {} pairs; coverage {a:?}, {b:?}",
        al.pairs.len()
    );
    eprintln!("changes: {changes:?}");
    assert!(a.chars > 0.6 && b.chars > 0.6, "{al:?}");
    assert!(changes.contains(&("order", "purchase")), "{changes:?}");
}

/// Seed 000 is a spin of the AP text that seed 001 carries: most names, numbers and dates
/// survive the spin while most word 5-grams do not, which is why the score leans on them.
#[test]
fn the_spun_seed_keeps_its_anchors_but_not_its_shingles() {
    use crate::analyze::anchors::anchors;
    use std::collections::HashSet;
    let (spun, wire) = (seed(SEEDS[0]), seed(SEEDS[1]));
    let set = |text: &str| -> HashSet<(AnchorKind, String)> {
        let found = anchors(text).into_iter();
        found
            .filter(|a| a.kind != AnchorKind::Quote)
            .map(|a| (a.kind, a.key))
            .collect()
    };
    let (a, b) = (set(&spun), set(&wire));
    let shared = a.intersection(&b).count();
    let analyzer = Analyzer::default();
    let (sa, sb) = (
        analyzer.analyze(&spun).shingles,
        analyzer.analyze(&wire).shingles,
    );
    let shared_grams = sa.iter().filter(|h| sb.binary_search(h).is_ok()).count();
    // The overlap coefficient: shared over the smaller set.
    let overlap = |shared: usize, x: usize, y: usize| shared as f64 / x.min(y).max(1) as f64;
    let (anchor_overlap, gram_overlap) = (
        overlap(shared, a.len(), b.len()),
        overlap(shared_grams, sa.len(), sb.len()),
    );
    eprintln!(
        "seeds 000/001: anchors {}/{} shared {shared} (overlap {anchor_overlap:.2}); \
         5-grams {}/{} shared {shared_grams} (overlap {gram_overlap:.3})",
        a.len(),
        b.len(),
        sa.len(),
        sb.len(),
    );
    assert!(anchor_overlap > 0.6, "{anchor_overlap}");
    assert!(gram_overlap < 0.2, "{gram_overlap}");
}

#[test]
fn independent_reports_align_little() {
    let wire = seed(SEEDS[1]);
    let aligner = Aligner::default();
    for other in &SEEDS[2..] {
        let al = aligner.align_texts(&wire, &seed(other));
        let (a, b) = (al.coverage_a, al.coverage_b);
        eprintln!(
            "001 vs {other}: {} pairs; coverage {a:?}, {b:?}",
            al.pairs.len()
        );
        assert!(a.chars < 0.4 && b.chars < 0.4, "{other}: {al:?}");
    }
}

#[test]
fn quick_scores_are_dice_wherever_they_can_reach_the_minimum() {
    let aligner = Aligner::default();
    let texts: Vec<String> = SEEDS.iter().map(|s| seed(s)).collect();
    for a in &texts {
        for b in &texts {
            let (sa, sb) = (aligner.sentences(a), aligner.sentences(b));
            let (ta, tb) = weighted_terms(&sa.parsed, &sb.parsed, None);
            let quick = similarities(&ta, &tb, DEFAULT_MIN_SIMILARITY);
            let mut scored = 0;
            for (i, x) in ta.iter().enumerate() {
                for (j, y) in tb.iter().enumerate() {
                    let exact = dice(x, y);
                    let got = quick[i * tb.len() + j];
                    if exact >= DEFAULT_MIN_SIMILARITY {
                        assert_eq!(got.to_bits(), exact.to_bits(), "pair {i} {j}");
                        scored += 1;
                    } else {
                        assert!(got == 0.0 || got == exact, "pair {i} {j}: {got} {exact}");
                    }
                }
            }
            assert!(
                scored > 0,
                "some pair of every two seeds reaches the minimum"
            );
        }
    }
}
