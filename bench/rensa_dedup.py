"""The second peer: rensa 0.5's RMinHash and RMinHashLSH over a JSONL(.gz) corpus.

Usage: rensa_dedup.py CORPUS [--pairs OUT.tsv]
Like datasketch_dedup.py: 128 permutations, word 5-grams, threshold 0.7 (16 bands of 8 rows,
as rensa needs the bands to divide the permutations; datasketch picks 14 of 9). Read each record,
shingle its text, build an RMinHash, insert it into the LSH index, then query every document for
its candidates. Prints documents, candidate pairs and seconds (whole run and the two phases) as
one JSON line; with --pairs, writes each candidate pair as id<TAB>id.
"""
import argparse
import gzip
import json
import re
import time

from rensa import RMinHash, RMinHashLSH

from peer_report import report

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=5):
    words = WORD.findall(text.lower())
    if len(words) < n:
        return [" ".join(words)] if words else []
    return list({" ".join(words[i : i + n]) for i in range(len(words) - n + 1)})


def main(path, pairs_out=None, threshold=0.7, num_perm=128, num_bands=16):
    start = time.perf_counter()
    lsh = RMinHashLSH(threshold=threshold, num_perm=num_perm, num_bands=num_bands)
    keys, sketches = [], []
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            record = json.loads(line)
            m = RMinHash(num_perm=num_perm, seed=42)
            m.update(shingles(record.get("text") or ""))
            lsh.insert(len(keys), m)  # rensa's keys are integers
            keys.append(str(record.get("id", n)))
            sketches.append(m)
    inserted = time.perf_counter()
    pairs = set()
    for key, m in enumerate(sketches):
        for other in lsh.query(m):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    end = time.perf_counter()
    named = {(keys[a], keys[b]) for a, b in pairs}
    report(named, len(keys), start, inserted, end, pairs_out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--pairs", help="write the candidate pairs here, id<TAB>id")
    args = ap.parse_args()
    main(args.corpus, args.pairs)
