"""retold: find every retelling of a news story.

Deduplicate text with spins and rewrites found (``dedup``), group documents into stories
(``stories``), compare two documents (``compare``), or deduplicate a stream as it arrives
(``Deduplicator``). Every call runs retold's Rust engine with the GIL released and gives the
answers the ``retold`` command line gives on the same input.

    >>> import retold
    >>> result = retold.dedup([{"id": "a", "text": ...}, {"id": "b", "text": ...}])
    >>> result.kept, result.groups, result.links
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Literal, Mapping, Sequence, Union

from . import _retold
from ._retold import InputError, RetoldError

__version__: str = _retold.__version__

__all__ = [
    "dedup",
    "stories",
    "compare",
    "Deduplicator",
    "DedupResult",
    "StoriesResult",
    "Group",
    "Member",
    "Link",
    "Match",
    "RetoldError",
    "InputError",
]

Relation = Literal["exact", "near_copy", "excerpt", "spin", "rewrite", "same_story"]
"""What one document is of another: the relations of ``links.jsonl``."""

Records = Union[Iterable[Union[Mapping[str, Any], str]], str, "os.PathLike[str]", Sequence["os.PathLike[str]"]]
"""An iterable of dicts (read as JSON lines are: ``id``, ``text``, ``title``, ``url``,
``published``, ``site`` and their other names) or of plain texts; or one path (a str or a
``pathlib.Path``) or a list of ``pathlib.Path``, of files and directories in any format the
command line reads (JSON Lines, WARC, HTML, text, Parquet; gzip or zstd)."""


@dataclass(frozen=True)
class Link:
    """A verified pair: ``a`` and ``b`` by id, the relation, its score in [0, 1], the id of the
    document the other derives from (when known) and how that was decided, and the evidence
    (``jaccard``, ``containment``, ``coverage``, ``kept_words``, ...)."""

    a: str
    b: str
    relation: Relation
    score: float
    source: str | None = None
    basis: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def _of(cls, row: Mapping[str, Any]) -> "Link":
        return cls(
            a=row["a"],
            b=row["b"],
            relation=row["relation"],
            score=row["score"],
            source=row.get("source"),
            basis=row.get("basis"),
            evidence=row.get("evidence") or {},
        )


@dataclass(frozen=True)
class Member:
    """A member of a copy group: its id and its strongest relation inside the group (``None``
    for the kept one)."""

    id: str
    relation: Relation | None


@dataclass(frozen=True)
class Group:
    """A copy group: its number, the id kept, and every member (the kept one included)."""

    group: int
    kept: str
    members: list[Member]

    @property
    def removed(self) -> list[str]:
        """The ids of the members that are not kept."""
        return [m.id for m in self.members if m.id != self.kept]


@dataclass(frozen=True)
class DedupResult:
    """What ``dedup`` found.

    ``kept``: the ids to keep, in input order (every document in no group, and one per group).
    ``groups``: the copy groups, as ``groups.jsonl``. ``links``: every verified pair, as
    ``links.jsonl``. ``warnings``: ``(place, reason)`` for each record skipped or repaired.
    ``records``: how many records were read (skipped ones included).
    """

    kept: list[str]
    groups: list[Group]
    links: list[Link]
    warnings: list[tuple[str, str]]
    records: int

    def group_of(self, id: str) -> Group | None:
        """The copy group holding ``id``, or ``None``."""
        return self._groups_by_id().get(id)

    def duplicates_of(self, id: str) -> list[Link]:
        """The links between ``id`` and the other members of its group (who copied whom, and
        how)."""
        group = self.group_of(id)
        if group is None:
            return []
        members = {m.id for m in group.members}
        return [l for l in self.links if id in (l.a, l.b) and {l.a, l.b} <= members]

    @property
    def removed(self) -> list[str]:
        """The ids not kept."""
        return [i for g in self.groups for i in g.removed]

    @property
    def duplicate_ratio(self) -> float:
        """The share of documents removed."""
        total = len(self.kept) + len(self.removed)
        return len(self.removed) / total if total else 0.0

    def _groups_by_id(self) -> dict[str, Group]:
        cache = self.__dict__.get("_by_id")
        if cache is None:
            cache = {m.id: g for g in self.groups for m in g.members}
            object.__setattr__(self, "_by_id", cache)
        return cache


@dataclass(frozen=True)
class StoriesResult:
    """What ``stories`` found, as the command line's three files: ``documents`` (main text and
    metadata), ``links`` (every related pair) and ``stories`` (one dict per story: its
    headline, summary, quotes and members with their roles), each a list of dicts; with
    ``warnings`` as ``(place, reason)``."""

    documents: list[dict[str, Any]]
    links: list[Link]
    stories: list[dict[str, Any]]
    warnings: list[tuple[str, str]]


@dataclass(frozen=True)
class Match:
    """A document an added one matched: its id, the relation and the score."""

    id: str
    relation: Relation
    score: float


def _fields(text: str, id: str, fields: Mapping[str, str | Sequence[str]] | None) -> dict:
    mapped = dict(fields or {})
    if text != "text":
        mapped.setdefault("text", text)
    if id != "id":
        mapped.setdefault("id", id)
    return mapped


def dedup(
    records: Records,
    *,
    text: str = "text",
    id: str = "id",
    fields: Mapping[str, str | Sequence[str]] | None = None,
    relations: Sequence[Relation] | None = None,
    threshold: float = 0.7,
    keep: Literal["earliest", "longest", "first"] = "earliest",
    threads: int | None = None,
) -> DedupResult:
    """Find copies, excerpts, spins and rewrites among ``records`` and say which to keep.

    ``records``: dicts, texts, or paths (see ``Records``). ``text`` and ``id`` name the keys
    of the text and the id (else ``text``/``content``/``body``/``article`` and
    ``id``/``doc_id``/``uuid`` are tried); ``fields`` maps others (``{"title": "headline"}``).
    A record without an id is named by its position, from 0. ``relations``: which relations
    make a group (default all five copy relations; without ``spin`` and ``rewrite`` only the
    fast MinHash pass runs). ``threshold``: the shingle Jaccard of a near copy. ``keep``:
    which member of a group is kept. ``threads``: how many threads (default: every core).

    Raises ``InputError`` for a bad argument, a record that is neither a dict nor a str, or an
    input path that does not exist; records without text are skipped and listed in
    ``warnings``.
    """
    kept, groups, links, warnings, read = _retold._dedup(
        records,
        fields=_fields(text, id, fields),
        relations=list(relations) if relations is not None else None,
        threshold=threshold,
        keep=keep,
        threads=threads,
    )
    parsed = []
    for line in groups:
        row = json.loads(line)
        members = [Member(m["id"], m["relation"]) for m in row["members"]]
        parsed.append(Group(row["group"], row["kept"], members))
    return DedupResult(
        kept=kept,
        groups=parsed,
        links=[Link._of(json.loads(l)) for l in links],
        warnings=list(warnings),
        records=read,
    )


def stories(
    records: Records,
    *,
    text: str = "text",
    id: str = "id",
    fields: Mapping[str, str | Sequence[str]] | None = None,
    threads: int | None = None,
) -> StoriesResult:
    """Group ``records`` into stories, as ``retold stories`` does: every retelling of one
    event (copies, spins, rewrites, translations, other newsrooms' reports) in one story, with
    who copied whom. Arguments as ``dedup``'s."""
    documents, links, rows, warnings = _retold._stories(
        records, fields=_fields(text, id, fields), threads=threads
    )
    return StoriesResult(
        documents=[json.loads(l) for l in documents],
        links=[Link._of(json.loads(l)) for l in links],
        stories=[json.loads(l) for l in rows],
        warnings=list(warnings),
    )


def compare(
    a: Mapping[str, Any] | str,
    b: Mapping[str, Any] | str,
    *,
    text: str = "text",
    id: str = "id",
    fields: Mapping[str, str | Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Compare two documents (dicts or texts), as ``retold compare --json`` does: the
    relation (``None`` when unrelated), the score, the story similarity, the evidence for and
    against, and the aligned sentences with what changed."""
    return json.loads(_retold._compare(a, b, fields=_fields(text, id, fields)))


class Deduplicator:
    """Deduplicate a stream: each document added is matched against every one added before
    it, by the same code as ``retold ingest``, and the matches are returned at once.

    ``path``: an index file to keep (``retold serve --db PATH`` can serve it later); by
    default a temporary one, removed when the deduplicator is closed or collected.
    ``relations``: which relations count as duplicates (default the five copy relations).

        >>> d = retold.Deduplicator()
        >>> d.add("a", "Some text ...")        # [] : nothing before it
        >>> d.add("b", "Some text ...")        # [Match(id='a', relation='exact', score=1.0)]
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        relations: Sequence[Relation] | None = None,
        threshold: float = 0.7,
    ) -> None:
        self._tmp = None
        if path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="retold-")
            path = os.path.join(self._tmp.name, "index.db")
        allowed = {"exact", "near_copy", "excerpt", "spin", "rewrite", "same_story"}
        chosen = list(relations) if relations is not None else [
            "exact", "near_copy", "excerpt", "spin", "rewrite"]
        unknown = [r for r in chosen if r not in allowed]
        if unknown:
            raise InputError(f"unknown relation {unknown[0]!r}: expected one of {sorted(allowed)}")
        self._relations = set(chosen)
        self._index = _retold.Arrival(os.fspath(path), threshold=threshold)

    def add(self, id: str, text: str, **fields: Any) -> list[Match]:
        """Add one document (its id, its text, and optionally ``title``, ``url``,
        ``published``, ``site``); returns the documents added before it that it duplicates,
        strongest first. An id added before adds nothing and returns ``[]``."""
        return self.add_many([{**fields, "id": id, "text": text}])[0]

    def add_many(self, records: Iterable[Mapping[str, Any] | str]) -> list[list[Match]]:
        """Add documents in order, in one transaction (faster than one at a time); for each,
        its matches as ``add`` returns them."""
        out = []
        for answer in self._index.add(list(records)):
            place, added, links = answer
            if added is None:
                raise InputError(f"{place}: {links}")
            out.append([Match(i, r, s) for i, r, s in links if r in self._relations])
        return out

    def __len__(self) -> int:
        return len(self._index)

    def close(self) -> None:
        """Release the index (and remove it, when it was temporary)."""
        self._index = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "Deduplicator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
