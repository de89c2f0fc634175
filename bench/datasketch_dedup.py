"""The peer: datasketch MinHashLSH over a JSONL(.gz) corpus, as its users run it.

128 permutations, word 5-grams, threshold 0.7: read each record, shingle its text, build a
MinHash, insert it into the LSH index, then query every document for its candidates (without
the queries an index finds no duplicates). Prints documents, candidate pairs, and seconds for the
whole run and for its two phases, as one JSON line; with --pairs OUT.tsv, also writes each
candidate pair as id<TAB>id. Usage: datasketch_dedup.py CORPUS [--pairs OUT.tsv]
"""
import argparse
import gzip
import json
import re
import time

from datasketch import MinHash, MinHashLSH

from peer_report import report

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=5):
    words = WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def main(path, pairs_out=None, threshold=0.7, num_perm=128):
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketches = {}
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            record = json.loads(line)
            key = str(record.get("id", n))
            m = MinHash(num_perm=num_perm)
            m.update_batch(list(shingles(record.get("text") or "")))
            lsh.insert(key, m)
            sketches[key] = m
    inserted = time.perf_counter()
    pairs = set()
    for key, m in sketches.items():
        for other in lsh.query(m):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    end = time.perf_counter()
    report(pairs, len(sketches), start, inserted, end, pairs_out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--pairs", help="write the candidate pairs here, id<TAB>id")
    args = ap.parse_args()
    main(args.corpus, args.pairs)
