//! Tests of the store: what is written reads back whole, postings answer with their caps, a
//! damaged value is an error naming the file, and a layout this build does not read is
//! refused with its version.

use super::*;
use crate::analyze::profile::Profiler;
use crate::analyze::weights::{Idf, Weighted};
use crate::index::codec::Facts;
use crate::index::{BandPostings, TermPostings};
use crate::model::{AlignedPair, Alignment, Basis, Evidence, Link, Relation};

fn meta(id: &str) -> Meta {
    Meta {
        id: id.into(),
        site: Some("example.org".into()),
        credits: vec!["(AP)".into()],
        ..Meta::default()
    }
}

/// Stores `n` documents under band key 7 and term 9, and returns the store's directory.
fn filled(n: u32) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    let weights = Weighted::new(
        &Profiler::default().profile("Kim met Moon in 2018."),
        &Idf::background(),
    );
    let mut w = store.write().unwrap();
    for d in 0..n {
        let m = meta(&format!("d{d}"));
        let facts = Facts {
            published: Some(1_000 * i64::from(d)),
            tie: u64::from(d) * 31,
            latest_year: Some(2018),
            words: 5,
            content_hash: Some(u128::from(d) + 1),
        };
        let doc = NewDoc {
            meta: &m,
            text: "Kim met Moon in 2018.",
            facts,
            shingles: &[1, 2, 3],
            bands: &[7],
            terms: &[9],
            weights: &weights,
        };
        assert_eq!(w.add_doc(&doc).unwrap(), d);
    }
    w.commit().unwrap();
    (dir, store)
}

#[test]
fn documents_read_back_whole() {
    let (_dir, store) = filled(3);
    let r = store.read().unwrap();
    assert_eq!(r.doc_by_id("d1").unwrap(), Some(1));
    assert_eq!(r.doc_by_hash(3).unwrap(), Some(2));
    assert_eq!(r.meta(2).unwrap().unwrap().id, "d2");
    assert_eq!(r.text(0).unwrap(), "Kim met Moon in 2018.");
    assert_eq!(r.shingles(1).unwrap(), [1, 2, 3]);
    assert!(!r.weights(1).unwrap().words.is_empty());
    let b = r.byline(2).unwrap();
    assert_eq!((b.published, b.words, b.credits.len()), (Some(2_000), 5, 1));
    assert_eq!(store.stats().unwrap().documents, 3);
    assert_eq!(store.ids().unwrap(), ["d0", "d1", "d2"]);
}

#[test]
fn postings_answer_with_their_caps() {
    let (_dir, store) = filled(5);
    let r = store.read().unwrap();
    // The latest two before document 4 under band key 7.
    assert_eq!(r.band(7, 4, 2).unwrap(), [2, 3]);
    assert_eq!(r.band(8, 4, 2).unwrap(), Vec::<DocIndex>::new());
    assert_eq!(r.term(9, 5).unwrap().unwrap().len(), 5);
    assert!(
        r.term(9, 4).unwrap().is_none(),
        "past the cap a term pairs nobody"
    );
    assert_eq!(r.tie(3).unwrap(), 93);
}

#[test]
fn links_stories_and_counts_round_trip() {
    let (_dir, store) = filled(3);
    let link = Link {
        a: 0,
        b: 2,
        relation: Relation::Spin,
        score: 0.8,
        source: Some(0),
        basis: Some(Basis::Wording),
        evidence: Evidence {
            story_similarity: Some(0.7),
            ..Evidence::default()
        },
    };
    let alignment = Alignment {
        pairs: vec![AlignedPair {
            a: 0,
            b: 0,
            similarity: 0.9,
            kept: 0.7,
            changes: vec![("order".into(), "purchase".into())],
            spans: [0..10, 0..12],
        }],
        ..Alignment::default()
    };
    let mut w = store.write().unwrap();
    w.add_link(&link, Some(&alignment)).unwrap();
    w.replace_stories(&[], &[vec![0, 2]]).unwrap();
    w.add_sentences(&[42, 43]).unwrap();
    w.add_sentences(&[42]).unwrap();
    w.set_nearest(2, &[0.7, 0.5]).unwrap();
    w.commit().unwrap();
    let r = store.read().unwrap();
    assert_eq!(r.link(2, 0).unwrap().unwrap(), link);
    assert_eq!(r.alignment(0, 2).unwrap().unwrap(), alignment);
    assert_eq!(r.edge(0, 2).unwrap(), Some((Relation::Spin, 0.7)));
    assert_eq!(
        (r.linked(0).unwrap(), r.linked(2).unwrap()),
        (vec![2], vec![0])
    );
    assert_eq!(
        (r.story_of(2).unwrap(), r.story(0).unwrap()),
        (Some(0), vec![0, 2])
    );
    assert_eq!(r.story_info(0).unwrap().unwrap().size, 2);
    assert_eq!(
        (r.sentences_held(42).unwrap(), r.sentences_held(43).unwrap()),
        (2, 1)
    );
    assert_eq!(r.nearest(2).unwrap(), [0.7, 0.5]);
    assert_eq!(store.story_sets().unwrap(), [vec![0, 2], vec![1]]);
    drop(r);
    let mut w = store.write().unwrap();
    w.clear_links().unwrap();
    w.commit().unwrap();
    assert_eq!(store.stats().unwrap().links, 0);
    assert!(store.read().unwrap().alignment(0, 2).unwrap().is_none());
}

#[test]
fn a_damaged_value_is_an_error_that_names_the_file() {
    let (dir, store) = filled(1);
    {
        let txn = store.db.begin_write().unwrap();
        let mut t = txn.open_table(WEIGHTS).unwrap();
        t.insert(0, [1u8, 2, 3].as_slice()).unwrap();
        drop(t);
        txn.commit().unwrap();
    }
    let err = store.read().unwrap().weights(0).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("t.db") && message.contains("weights"),
        "{message}"
    );
    drop(dir);
}

#[test]
fn an_unknown_version_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(Store::open(&path).unwrap());
    {
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(META)
            .unwrap()
            .insert("format", FORMAT_VERSION + 1)
            .unwrap();
        txn.commit().unwrap();
    }
    match Store::open(&path) {
        Err(Error::IndexVersion {
            found, supported, ..
        }) => {
            assert_eq!(found, FORMAT_VERSION + 1);
            assert_eq!(supported, OLDEST_FORMAT..=FORMAT_VERSION);
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn stories_are_listed_in_order_and_a_format_4_index_gains_its_listing_on_open() {
    let (dir, store) = filled(6);
    let mut w = store.write().unwrap();
    // Undated: larger first, then by id.
    w.replace_stories(&[], &[vec![0, 1], vec![2, 3, 4]])
        .unwrap();
    w.commit().unwrap();
    let all = |s: &Store| -> Vec<u32> {
        let (page, _, _) = s.story_page(|_| true, 0, 10, 100).unwrap();
        page.iter().map(|i| i.id).collect()
    };
    assert_eq!(all(&store), [2, 0]);
    let (page, matched, complete) = store.story_page(|_| true, 1, 1, 100).unwrap();
    assert_eq!((page[0].id, matched, complete), (0, 2, true));
    let (_, matched, complete) = store.story_page(|_| true, 0, 1, 1).unwrap();
    assert_eq!(
        (matched, complete),
        (1, false),
        "the budget bounds the read"
    );
    // A merge replaces the listings it removes.
    let mut w = store.write().unwrap();
    w.replace_stories(&[0], &[vec![0, 1, 5]]).unwrap();
    w.commit().unwrap();
    assert_eq!(all(&store), [0, 2]);
    // As a version-4 file: no ordered listing. Opened again, it has it.
    let mut w = store.write().unwrap();
    w.set_meta_value("format", 4).unwrap();
    w.set_meta_value("settled", 6).unwrap();
    w.txn.delete_table(STORY_ORDER).unwrap();
    w.commit().unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    assert_eq!(store.upgraded_from(), Some(4));
    assert_eq!(all(&store), [0, 2]);
    assert_eq!(store.settled().unwrap(), 6, "no settle asked for");
}
