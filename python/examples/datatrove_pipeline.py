"""A datatrove pipeline with retold's spin-aware dedup as one step.

Reads the five seed articles the project bundles (examples/seeds), adds a verbatim repost of
one and a synonym-swapped spin of another, and runs: documents -> RetoldDedup -> JsonlWriter.
The kept documents go to OUT/kept, the removed ones (with what they copy) to OUT/removed.

    pip install "./python[datatrove]"
    python python/examples/datatrove_pipeline.py [OUT]
"""

import json
import os
import sys
import tempfile
from pathlib import Path

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

from retold.datatrove import RetoldDedup

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
SWAPS = {"said": "stated", "talks": "negotiations", "leader": "chief", "meeting": "summit",
         "country": "nation", "week": "period", "told": "informed", "new": "fresh"}


def spin(text: str) -> str:
    """A crude spin: some words swapped for synonyms, as a content farm's spinner does."""
    return " ".join(SWAPS.get(w, w) for w in text.split(" "))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="retold-dt-"))
    docs = [Document(text=p.read_text(encoding="utf-8"), id=p.stem) for p in sorted(SEEDS.glob("*.txt"))]
    docs.append(Document(text=docs[3].text, id="repost-of-003"))
    docs.append(Document(text=spin(docs[4].text), id="spin-of-004"))
    LocalPipelineExecutor(
        pipeline=[
            docs,
            RetoldDedup(exclusion_writer=JsonlWriter(str(out / "removed"), compression=None)),
            JsonlWriter(str(out / "kept"), compression=None),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(out / "logs"),
    ).run()
    kept = [json.loads(l) for f in sorted((out / "kept").glob("*.jsonl")) for l in open(f)]
    removed = [json.loads(l) for f in sorted((out / "removed").glob("*.jsonl")) for l in open(f)]
    print(f"{len(docs)} documents in, {len(kept)} kept, {len(removed)} removed -> {out}")
    for doc in removed:
        meta = doc["metadata"]
        print(f"  {doc['id']}: {meta['retold_relation']} of {meta['retold_duplicate_of']}")


if __name__ == "__main__":
    main()
