//! The index keeps reading what older builds wrote (tantivy's `compat_tests` habit): a
//! format-1 index, committed under `tests/compat/`, opened and queried by this build.

use std::process::Command;

use retold::index::codec::FORMAT_VERSION;
use retold::index::store::{Lookup, Store};
use retold::pipeline::ingest::{Indexer, IngestOptions};
use retold::serve::view::story_view;
use retold::{Relation, Role};

use crate::support::run;

/// A copy of the fixture in a fresh directory (opening brings a file up to date).
fn fixture(dir: &std::path::Path) -> std::path::PathBuf {
    let from = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/compat/v1.db");
    let to = dir.join("v1.db");
    std::fs::copy(from, &to).unwrap();
    to
}

#[test]
fn a_version_1_index_opens_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&fixture(dir.path())).unwrap();
    assert_eq!(store.upgraded_from(), Some(1));
    const { assert!(FORMAT_VERSION > 1) };
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.links, stats.stories), (5, 10, 1));
    let r = store.read().unwrap();
    let spin = r.doc_by_id("000_f99236a16d69789a.txt").unwrap().unwrap();
    let wire = r.doc_by_id("001_893361a9b7fe18e1.txt").unwrap().unwrap();
    // Links of format 1 (JSON without a basis), facts of 20 bytes and weights all decode.
    assert_eq!(
        r.link(spin, wire).unwrap().unwrap().relation,
        Relation::Spin
    );
    assert_eq!(r.edge(spin, wire).unwrap().unwrap().0, Relation::Spin);
    assert_eq!(r.facts(spin).unwrap().content_hash, None);
    assert!(!r.weights(spin).unwrap().words.is_empty());
    assert!(r.text(wire).unwrap().contains("Kim"));
    // The story reads whole, with its roles decided again where format 1 kept no basis.
    let indexer = Indexer::open(&store, &IngestOptions::default()).unwrap();
    let id = r.story_of(spin).unwrap().unwrap();
    let view = story_view(&r, &indexer, id).unwrap().unwrap();
    assert_eq!(view.story.members.len(), 5);
    let role = |d| {
        view.story
            .members
            .iter()
            .find(|m| view.members[m.doc as usize] == d)
            .unwrap()
            .role
    };
    assert_eq!((role(wire), role(spin)), (Role::Original, Role::Spin));
    // Matching against it works without storing anything.
    let article = retold::Article {
        id: "new".into(),
        text: r.text(wire).unwrap(),
        ..retold::Article::default()
    };
    let matched = indexer.matches(&store, &article).unwrap();
    assert_eq!(matched.links[0].link.relation, Relation::Exact);
}

#[test]
fn ingesting_into_a_version_1_index_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture(dir.path());
    let doc = dir.path().join("one.jsonl");
    let line = serde_json::json!({"id": "late", "text": "Kim Jong Un told officials in Pyongyang to prepare for dialogue and confrontation with the United States, state media said on Friday."});
    std::fs::write(&doc, format!("{line}\n")).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("ingest").arg(&doc).arg("--db").arg(&db);
    let output = run(cmd, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("format 1") && stderr.contains("settled"),
        "{stderr}"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.upgraded_from(),
        None,
        "the file is of the current format now"
    );
    assert_eq!(store.stats().unwrap().documents, 6);
    assert_eq!(store.settled().unwrap(), 6);
    let r = store.read().unwrap();
    let wire = r.doc_by_id("001_893361a9b7fe18e1.txt").unwrap().unwrap();
    assert!(
        r.facts(wire).unwrap().content_hash.is_some(),
        "a settle fills in version-2 facts"
    );
}
