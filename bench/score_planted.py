"""Recall on planted spins: how many of them a tool linked to the article they were spun from.

Usage: score_planted.py TRUTH.tsv (--retold-links links.jsonl | --pairs pairs.tsv) [--name NAME]
TRUTH.tsv is plant_spins.py's (planted_id, source_id, kind). A spin is found when the tool paired
it with its source, either way round: retold's links.jsonl (one {"a", "b", "relation", ...} object a
line) or a peer's id<TAB>id candidate pairs. Prints one line: the recall per kind, and the number
of links or pairs that involve no planted document, for context.
"""
import argparse
import json

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("truth")
source = ap.add_mutually_exclusive_group(required=True)
source.add_argument("--retold-links", help="retold dedup's DIR/links.jsonl")
source.add_argument("--pairs", help="id<TAB>id pairs, as rensa_dedup.py and datasketch_dedup.py write")
ap.add_argument("--name", help="the tool's name on the line (default: the file's)")
args = ap.parse_args()

truth = {}  # planted id -> (source id, kind)
with open(args.truth, encoding="utf-8") as f:
    for line in f:
        planted, source_id, kind = line.rstrip("\n").split("\t")
        if planted != "planted_id":
            truth[planted] = (source_id, kind)

pairs = set()
with open(args.retold_links or args.pairs, encoding="utf-8") as f:
    for line in f:
        if args.retold_links:
            link = json.loads(line)
            a, b = link["a"], link["b"]
        else:
            a, b = line.rstrip("\n").split("\t")
        pairs.add(frozenset((a, b)))

found, total = {}, {}
for planted, (source_id, kind) in truth.items():
    total[kind] = total.get(kind, 0) + 1
    found[kind] = found.get(kind, 0) + (frozenset((planted, source_id)) in pairs)
unplanted = sum(1 for pair in pairs if not pair & truth.keys())
recall = " ".join(f"{kind} {found[kind] / total[kind]:.2f}" for kind in total)
kind_of_pairs = "links" if args.retold_links else "pairs"
print(f"{args.name or args.retold_links or args.pairs} {recall} ({kind_of_pairs} among unplanted: {unplanted})")
