#!/usr/bin/env bash
# Runs `retold extract` over each haystack corpus and prints documents, skips and throughput.
# Usage: bench/extract_haystack.sh [DATA_DIR]   (default ../shared/data/haystack)
# Throughput is reported against the decompressed size, the figure corpora are usually quoted in.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/haystack}
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-24s %9s %9s %9s %10s %8s %9s\n' corpus records written skipped "MB (raw)" seconds "MB/s"
for f in "$data"/*.jsonl.gz; do
  name=$(basename "$f" .jsonl.gz)
  raw=$(gzip -dc "$f" | wc -c)
  start=$(date +%s.%N)
  ./target/release/retold extract "$f" -o "$out/$name.jsonl" --quiet 2> "$out/$name.err"
  end=$(date +%s.%N)
  summary=$(tail -n 1 "$out/$name.err")
  records=$(sed -E 's/.*: ([0-9]+) documents read.*/\1/' <<<"$summary")
  written=$(wc -l < "$out/$name.jsonl")
  skipped=$(sed -E 's/.* ([0-9]+) skipped.*/\1/' <<<"$summary")
  awk -v n="$name" -v r="$records" -v w="$written" -v s="$skipped" -v b="$raw" -v t0="$start" -v t1="$end" \
    'BEGIN { t = t1 - t0; printf "%-24s %9d %9d %9d %10.1f %8.2f %9.1f\n", n, r, w, s, b/1e6, t, b/1e6/t }'
  echo "    $summary"
done
