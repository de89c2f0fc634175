"""What the peer scripts (datasketch_dedup.py, rensa_dedup.py) print and write, in one place.

`report` writes the candidate pairs as id<TAB>id when asked and prints one JSON line: documents,
pairs, and seconds for the whole run and for its two phases (read, sketch and insert; query).
"""
import json


def report(pairs, documents, start, inserted, end, pairs_out=None):
    """pairs: (id, id) tuples; start, inserted, end: time.perf_counter() readings."""
    if pairs_out:
        with open(pairs_out, "w", encoding="utf-8") as out:
            out.writelines(f"{a}\t{b}\n" for a, b in sorted(pairs))
    print(json.dumps({
        "documents": documents,
        "pairs": len(pairs),
        "seconds": round(end - start, 2),
        "read_sketch_insert_seconds": round(inserted - start, 2),
        "query_seconds": round(end - inserted, 2),
    }))
