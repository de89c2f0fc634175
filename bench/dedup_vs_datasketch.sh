#!/usr/bin/env bash
# retold dedup against datasketch's MinHashLSH on the same corpus, one after the other.
# Like with like: retold's copy relations only (--relations exact,near_copy,excerpt), the
# MinHash pass; one more run with spins and rewrites (the default) shows what they cost.
# Usage: bench/dedup_vs_datasketch.sh [CORPUS.jsonl.gz] [RUNS]
#   default corpus ../shared/data/haystack/allsides.jsonl.gz; RUNS retold runs (median taken).
# datasketch is installed from PyPI into target/bench-venv on first use. Both sides include
# reading and decompressing; datasketch runs once (it takes about a minute on allsides).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/haystack/allsides.jsonl.gz}
runs=${2:-5}
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet datasketch
fi
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "corpus: $corpus"
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  ./target/release/retold dedup "$corpus" -o "$out/retold" --quiet \
    --relations exact,near_copy,excerpt 2> "$out/retold.err"
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
retold=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "retold dedup: runs ${times[*]} s, median $retold s"
echo "    $(tail -n 1 "$out/retold.err")"
start=$(date +%s.%N)
./target/release/retold dedup "$corpus" -o "$out/retold-all" --quiet 2> "$out/retold-all.err"
end=$(date +%s.%N)
echo "retold dedup with spins and rewrites: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') s"
echo "    $(tail -n 1 "$out/retold-all.err")"

peer=$("$venv/bin/python" bench/datasketch_dedup.py "$corpus")
peer_s=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$peer")
echo "datasketch MinHashLSH (128 perm, 5-grams, threshold 0.7): $peer"
insert_s=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['read_sketch_insert_seconds'])" "$peer")
awk -v p="$peer_s" -v i="$insert_s" -v r="$retold" 'BEGIN {
  printf "ratio: retold is %.1f times faster than datasketch (read, sketch, insert and query)\n", p / r
  printf "       and %.1f times faster than its read, sketch and insert phase alone\n", i / r
}'
