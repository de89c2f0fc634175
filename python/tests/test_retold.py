"""The Python package against the command line on the same input, and its errors.

The CLI binary is RETOLD_BIN, else target/release/retold, else target/debug/retold of the
checkout (build it first: cargo build --release --features parquet).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import retold

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "seeds"


def cli() -> str:
    for candidate in (os.environ.get("RETOLD_BIN"), ROOT / "target/release/retold", ROOT / "target/debug/retold"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.fail("no retold binary: run cargo build --release --features parquet")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli(), *args], capture_output=True, text=True, check=True)


def lines(path: Path) -> list[dict]:
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


SWAPS = {"said": "stated", "talks": "negotiations", "leader": "chief", "meeting": "summit",
         "country": "nation", "week": "period", "told": "informed", "new": "fresh",
         "Kim": "Kim", "would": "will", "nuclear": "atomic", "summit": "meeting"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[dict], Path]:
    """The seeds as records, with a repost, an excerpt, a spin and one record without text."""
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    records = [{"id": i, "text": t, "source": f"site-{n}"} for n, (i, t) in enumerate(seeds)]
    records.append({"id": "repost", "text": seeds[3][1], "source": "reposter"})
    paragraphs = seeds[4][1].split("\n\n")
    records.append({"id": "excerpt", "text": "\n\n".join(paragraphs[: max(2, len(paragraphs) // 2)])})
    records.append({"id": "spun", "text": " ".join(SWAPS.get(w, w) for w in seeds[2][1].split(" "))})
    records.append({"id": "empty", "text": "   "})
    records.append({"text": "An unrelated note about the weather in the mountains this spring, "
                            "with snow on the passes and rain in the valleys."})
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return records, path


def test_version_is_the_cli_version():
    out = run_cli("--version").stdout.split()
    assert out[-1] == retold.__version__


def test_dedup_equals_the_cli(corpus, tmp_path):
    records, path = corpus
    run_cli("dedup", str(path), "-o", str(tmp_path), "-q")
    groups = lines(tmp_path / "groups.jsonl")
    links = lines(tmp_path / "links.jsonl")
    assert groups, "the corpus has copies"
    for result in (retold.dedup(path), retold.dedup(records)):
        got_groups = [{"group": g.group, "kept": g.kept,
                       "members": [{"id": m.id, "relation": m.relation} for m in g.members]}
                      for g in result.groups]
        # Ids the CLI gives by place (FILE:LINE) are positions from 0 in Python.
        want = json.loads(json.dumps(groups).replace(f"{path}:", "line:"))
        got = json.loads(json.dumps(got_groups).replace(f"{path}:", "line:"))
        assert [g["kept"] for g in got] == [g["kept"] for g in want]
        assert [[m["relation"] for m in g["members"]] for g in got] == \
            [[m["relation"] for m in g["members"]] for g in want]
        assert [(l.a, l.b, l.relation, l.score, l.evidence) for l in result.links] == \
            [(l["a"], l["b"], l["relation"], l["score"], l["evidence"]) for l in links]
    relations = {l.relation for l in result.links}
    assert {"exact", "excerpt"} <= relations, relations
    assert "repost" in result.removed and "repost" not in result.kept
    assert result.group_of("repost").kept == "003_06e105fb39387c32"
    assert any(l.relation == "exact" for l in result.duplicates_of("003_06e105fb39387c32"))
    assert 0 < result.duplicate_ratio < 1


def test_dedup_reports_records_without_text(corpus):
    records, _ = corpus
    result = retold.dedup(records)
    assert result.records == len(records)
    assert [w[0] for w in result.warnings] == ["records:9"]
    assert "no text" in result.warnings[0][1]
    # The unnamed record is named by its position.
    assert str(len(records) - 1) in result.kept


def test_copy_relations_only(corpus):
    records, _ = corpus
    result = retold.dedup(records, relations=["exact", "near_copy", "excerpt"])
    assert {l.relation for l in result.links} <= {"exact", "near_copy", "excerpt"}


def test_stories_equal_the_cli(corpus, tmp_path):
    records, _ = corpus
    named = [r for r in records if "id" in r]
    path = tmp_path / "named.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in named), encoding="utf-8")
    run_cli("stories", str(path), "-o", str(tmp_path), "-q")
    want_links = lines(tmp_path / "links.jsonl")
    for result in (retold.stories(path), retold.stories(named)):
        assert result.stories == lines(tmp_path / "stories.jsonl")
        assert result.documents == lines(tmp_path / "documents.jsonl")
        assert [(l.a, l.b, l.relation, l.score, l.source) for l in result.links] == \
            [(l["a"], l["b"], l["relation"], l["score"], l["source"]) for l in want_links]
    assert any(len(s["members"]) >= 5 for s in result.stories)


def test_compare_equals_the_cli():
    a, b = sorted(SEEDS.glob("*.txt"))[:2]
    want = json.loads(run_cli("compare", str(a), str(b), "--json").stdout)
    got = retold.compare({"id": a.name, "text": a.read_text()}, {"id": b.name, "text": b.read_text()})
    want.pop("id", None)
    assert got == want
    assert got["relation"] == "spin"


def test_deduplicator_streams():
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with retold.Deduplicator() as d:
        assert d.add("a", seeds[3]) == []
        matches = d.add("b", seeds[3])
        assert [(m.id, m.relation) for m in matches] == [("a", "exact")]
        assert d.add("a", "a different text under a known id") == []
        answers = d.add_many([{"id": "c", "text": seeds[0]}, {"id": "d", "text": seeds[1]}])
        assert answers[0] == []
        assert [m.relation for m in answers[1]] == ["spin"]
        assert len(d) == 4


def test_deduplicator_keeps_its_index(tmp_path):
    path = tmp_path / "index.db"
    d = retold.Deduplicator(path)
    d.add("a", (SEEDS / "000_f99236a16d69789a.txt").read_text())
    d.close()
    again = retold.Deduplicator(path)
    assert len(again) == 1
    assert [m.id for m in again.add("b", (SEEDS / "000_f99236a16d69789a.txt").read_text())] == ["a"]


def test_errors_are_python_exceptions(tmp_path):
    with pytest.raises(retold.InputError, match="record 1: expected a dict or a str"):
        retold.dedup([{"text": "x"}, 5])
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(retold.InputError, match="missing.jsonl"):
        retold.dedup(missing)
    with pytest.raises(retold.InputError, match="unknown relation"):
        retold.dedup(["a text"], relations=["copy"])
    with pytest.raises(retold.InputError, match="threshold"):
        retold.dedup(["a text"], threshold=1.5)
    with pytest.raises(retold.InputError, match="keep"):
        retold.dedup(["a text"], keep="newest")
    with pytest.raises(retold.InputError, match="unknown field"):
        retold.dedup(["a text"], fields={"colour": "red"})
    with pytest.raises(retold.InputError, match="b: no text"):
        retold.compare("some text here", {"title": None})
    assert issubclass(retold.InputError, retold.RetoldError)


def test_bad_lines_in_a_file_are_warnings_with_their_place(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "one text"}\n{broken\n{"id": "b", "text": "two"}\n')
    result = retold.dedup(path)
    assert result.records == 3
    assert result.warnings[0][0] == f"{path}:2"
    assert sorted(result.kept) == ["a", "b"]


def test_field_names_map_other_keys():
    records = [{"guid": "x", "body": "The same words in a row, enough of them to be a text."},
               {"guid": "y", "body": "The same words in a row, enough of them to be a text."}]
    result = retold.dedup(records, text="body", id="guid")
    assert result.kept == ["x"]
    assert result.groups[0].members[1].relation == "exact"
