"""retold as a datatrove pipeline step: spin-aware deduplication in one line.

    from retold.datatrove import RetoldDedup
    pipeline = [JsonlReader("in/"), RetoldDedup(), JsonlWriter("out/")]

The step reads every document of its task, runs ``retold.dedup`` on them (copies, excerpts,
spins and rewrites, with the GIL released), and passes on the kept ones in their order, each
with ``metadata["retold_group"]`` when it heads a copy group. A removed document gets
``retold_duplicate_of`` (the kept document's id), ``retold_relation`` and ``retold_group`` and
goes to ``exclusion_writer`` when one is given. datatrove must be installed
(``pip install "retold[datatrove]"``).
"""

from __future__ import annotations

import contextlib
from typing import Any, Sequence

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

import retold


class RetoldDedup(PipelineStep):
    """Deduplicate the documents of a task with retold (copies, excerpts, spins, rewrites).

    ``relations``: which relations make a group (default all five copy relations; ``["exact",
    "near_copy", "excerpt"]`` is the MinHash-only pass). ``threshold``: the shingle Jaccard of
    a near copy. ``keep``: which member of a group is kept (``"first"`` by default: the one
    that came first; ``"earliest"`` reads ``metadata["date"]``; ``"longest"``).
    ``exclusion_writer``: a datatrove writer for the removed documents. ``threads``: threads
    for retold (default every core).

    retold compares every document of a task with every other, so a task's documents are
    held in memory while it runs. Run it with ``tasks=1`` to deduplicate a whole corpus; with
    more tasks, each task's shard is deduplicated on its own unless ``per_task=False``, which
    refuses to run split.
    """

    name = "🔁 retold dedup"
    type = "🫂 - DEDUP"

    def __init__(
        self,
        relations: Sequence[str] | None = None,
        threshold: float = 0.7,
        keep: str = "first",
        exclusion_writer: Any = None,
        threads: int | None = None,
        per_task: bool = True,
    ) -> None:
        super().__init__()
        self.relations = list(relations) if relations is not None else None
        self.threshold = threshold
        self.keep = keep
        self.exclusion_writer = exclusion_writer
        self.threads = threads
        self.per_task = per_task

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if world_size > 1 and not self.per_task:
            raise ValueError(
                "RetoldDedup compares every document with every other: run it with tasks=1, "
                "or per_task=True to deduplicate each task's shard on its own"
            )
        docs = list(data or [])
        records = []
        for i, doc in enumerate(docs):
            self.stat_update(StatHints.total)
            record = {"id": str(i), "text": doc.text}
            for key in ("title", "url", "date", "published", "source", "site"):
                value = doc.metadata.get(key)
                if isinstance(value, (str, int, float)):
                    record[key] = value
            records.append(record)
        with self.track_time():
            result = retold.dedup(
                records,
                relations=self.relations,
                threshold=self.threshold,
                keep=self.keep,
                threads=self.threads,
            )
        # Records are named by their position, so every answer maps back to one document.
        fate: dict[int, tuple[int, int | None, str | None]] = {}
        for group in result.groups:
            kept = int(group.kept)
            for member in group.members:
                other = None if int(member.id) == kept else kept
                fate[int(member.id)] = (group.group, other, member.relation)
        writer = self.exclusion_writer or contextlib.nullcontext()
        with writer as excluded:
            for i, doc in enumerate(docs):
                if i in fate:
                    group, kept, relation = fate[i]
                    doc.metadata["retold_group"] = group
                    if kept is not None:
                        doc.metadata["retold_duplicate_of"] = docs[kept].id
                        doc.metadata["retold_relation"] = relation
                        self.stat_update(StatHints.dropped)
                        self.stat_update(f"dropped_{relation}")
                        if self.exclusion_writer is not None:
                            excluded.write(doc, rank)
                        continue
                self.stat_update(StatHints.forwarded)
                yield doc
