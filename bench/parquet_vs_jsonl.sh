#!/usr/bin/env bash
# retold dedup on one corpus as JSON Lines (gzip) and as Parquet, side by side.
# Writes the corpus as Parquet with pyarrow (bench/to_parquet.py: every key a string column,
# zstd, row groups of 4,096 rows), then runs `retold dedup` (default relations, and the copy
# pass alone) on both in alternation, ROUNDS rounds; prints median seconds, peak memory, the
# ratio, and whether the groups are the same.
# Usage: bench/parquet_vs_jsonl.sh [CORPUS.jsonl.gz] [ROUNDS]
#   default corpus ../shared/data/haystack/allsides.jsonl.gz, ROUNDS 3. pyarrow goes to
#   target/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/haystack/allsides.jsonl.gz}
rounds=${2:-3}
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import pyarrow' 2> /dev/null || "$venv/bin/pip" install --quiet pyarrow
cargo build --release --quiet --features parquet
retold=target/release/retold
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" bench/to_parquet.py "$corpus" "$work/corpus.parquet"
echo "corpus: $corpus ($(du -h "$corpus" | cut -f1)) and as Parquet ($(du -h "$work/corpus.parquet" | cut -f1))"
for round in $(seq "$rounds"); do
  for mode in default copy; do
    for input in "$corpus" "$work/corpus.parquet"; do
      kind=jsonl; [[ $input == *.parquet ]] && kind=parquet
      flags=(); [ "$mode" = copy ] && flags=(--relations exact,near_copy,excerpt)
      /usr/bin/time -f "%e %M" -o "$work/time" "$retold" dedup "$input" -q "${flags[@]}" \
        -o "$work/out-$mode-$kind" 2> /dev/null
      echo "$mode $kind $(cat "$work/time")" >> "$work/runs"
    done
  done
done
python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
runs = {}
for line in open(f"{work}/runs"):
    mode, kind, s, kb = line.split()
    runs.setdefault((mode, kind), []).append((float(s), int(kb)))
print(f"{'run':24} {'runs':>4} {'median s':>9} {'peak MB':>8}")
for (mode, kind), v in runs.items():
    print(f"{mode + ' ' + kind:24} {len(v):>4} {statistics.median(s for s, _ in v):>9.2f} "
          f"{max(kb for _, kb in v) // 1024:>8}")
for mode in ("default", "copy"):
    j = statistics.median(s for s, _ in runs[(mode, "jsonl")])
    p = statistics.median(s for s, _ in runs[(mode, "parquet")])
    groups = [open(f"{work}/out-{mode}-{k}/groups.jsonl").read() for k in ("jsonl", "parquet")]
    print(f"{mode}: parquet / jsonl time {p / j:.2f}x; groups {'the same' if groups[0] == groups[1] else 'DIFFER'}")
PY
