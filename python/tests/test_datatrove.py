"""The datatrove step in a real datatrove pipeline (datatrove from PyPI; CI installs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

if os.environ.get("RETOLD_REQUIRE_DATATROVE"):
    import datatrove  # noqa: F401  (CI: a missing datatrove is a failure, not a skip)
else:
    pytest.importorskip("datatrove")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

import retold
from retold.datatrove import RetoldDedup

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "seeds"


def read(folder: Path) -> list[dict]:
    return [json.loads(l) for f in sorted(folder.glob("*.jsonl")) for l in f.read_text().splitlines()]


def test_step_keeps_what_dedup_keeps(tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs = [Document(text=t, id=f"doc-{i}") for i, t in enumerate(texts)]
    docs.append(Document(text=texts[3], id="repost"))
    LocalPipelineExecutor(
        pipeline=[docs, RetoldDedup(exclusion_writer=JsonlWriter(str(tmp_path / "removed"), compression=None)),
                  JsonlWriter(str(tmp_path / "kept"), compression=None)],
        tasks=1, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    kept, removed = read(tmp_path / "kept"), read(tmp_path / "removed")
    expected = retold.dedup([{"id": d.id, "text": d.text} for d in docs], keep="first")
    assert [d["id"] for d in kept] == expected.kept
    assert sorted(d["id"] for d in removed) == sorted(expected.removed)
    repost = next(d for d in removed if d["id"] == "repost")
    assert repost["metadata"]["retold_duplicate_of"] == "doc-3"
    assert repost["metadata"]["retold_relation"] == "exact"
    spin = next(d for d in removed if d["id"] == "doc-1")
    assert spin["metadata"]["retold_relation"] == "spin"


def test_split_runs_are_refused_when_asked(tmp_path):
    step = RetoldDedup(per_task=False)
    with pytest.raises(ValueError, match="tasks=1"):
        list(step.run(iter([Document(text="x", id="1")]), rank=0, world_size=2))


def test_the_example_runs(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "python/examples/datatrove_pipeline.py"), str(tmp_path)],
                         capture_output=True, text=True, check=True).stdout
    assert "7 documents in, 4 kept, 3 removed" in out
    assert "repost-of-003: exact of 003_06e105fb39387c32" in out
