"""Deduplicate a JSON Lines corpus from Python and say who copied whom.

    pip install ./python
    python python/examples/dedup_jsonl.py ../shared/data/haystack/allsides.jsonl.gz [clean.jsonl]

Reads the records into dicts (any keys: text, title, url, date, ... as the CLI reads them),
finds copies, excerpts, spins and rewrites, prints each group with the evidence of its links,
and writes the kept records to the second argument when given.
"""

import gzip
import json
import sys
import time

import retold


def main() -> None:
    path = sys.argv[1]
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    started = time.perf_counter()
    result = retold.dedup(records)
    seconds = time.perf_counter() - started
    print(f"{len(records)} records, {len(result.groups)} groups, {len(result.removed)} removed "
          f"({result.duplicate_ratio:.2%}) in {seconds:.2f} s")
    for group in result.groups[:10]:
        print(f"group {group.group}: keep {group.kept}")
        for link in result.duplicates_of(group.kept):
            other = link.b if link.a == group.kept else link.a
            kept_words = link.evidence.get("kept_words")
            extra = f", {kept_words:.0%} of words kept" if kept_words is not None else ""
            print(f"  {other}: {link.relation} (score {link.score:.2f}{extra})")
    if len(sys.argv) > 2:
        keep = set(result.kept)
        ids = [r.get("id") for r in records]
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            for i, (record, rid) in enumerate(zip(records, ids)):
                if (rid if rid is not None else str(i)) in keep:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"kept records -> {sys.argv[2]}")


if __name__ == "__main__":
    main()
