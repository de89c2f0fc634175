#!/usr/bin/env bash
# `retold serve` under load: ingests allsides into target/bench/allsides.db (once; prints the
# ingest throughput, in one run of batches and, on 500 documents, one at a time), serves it on
# loopback, and runs bench/load.rs from a second process: POST /v1/match with articles from
# the end of allsides (stored ones, so the index is matched whole) and from another corpus
# (new ones), 4 threads for 60 s (the machine has 2 cores). Prints p50/p99 latency, errors, and the server's memory.
# Usage: bench/serve_load.sh [DATA_DIR] [SECONDS] [THREADS]   (default ../shared/data, 60, 4)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
seconds=${2:-60}
threads=${3:-4}
input="$data/haystack/allsides.jsonl.gz"
[ -f "$input" ] || { echo "no $input (pass the data directory)" >&2; exit 1; }
cargo build --release --quiet
cargo build --release --quiet --example load
mkdir -p target/bench
db=target/bench/allsides.db
if [ ! -f "$db" ]; then
  echo "== ingest allsides in batches of 256"
  /usr/bin/time -f "%e s, %M KB peak" ./target/release/retold ingest "$input" --db "$db" --quiet
fi
echo "== ingest one document at a time (500 documents of reuters21578 into a copy of the index)"
cp "$db" target/bench/one.db
zcat "$data/haystack/reuters21578.jsonl.gz" | sed -n "1,500p" > target/bench/one.jsonl
/usr/bin/time -f "%e s, %M KB peak" ./target/release/retold ingest target/bench/one.jsonl --db target/bench/one.db --batch 1 --quiet
rm -f target/bench/one.db
# Requests: 200 stored allsides articles and 200 new reuters ones, each with some text.
with_text() { python3 -c 'import sys, json
for line in sys.stdin:
    d = json.loads(line)
    if len(d.get("text") or d.get("body") or "") >= 200: sys.stdout.write(line)'; }
zcat "$input" | tail -200 | with_text > target/bench/match.jsonl
zcat "$data/haystack/reuters21578.jsonl.gz" | sed -n '1001,1400p' | with_text | sed -n '1,200p' >> target/bench/match.jsonl
./target/release/retold serve --db "$db" --addr 127.0.0.1:0 2> target/bench/serve.err &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "serving http" target/bench/serve.err && break; sleep 0.2; done
addr=$(grep -o "127.0.0.1:[0-9]*" target/bench/serve.err | head -1)
echo "== load: POST /v1/match on $addr, $threads threads, $seconds s ($(wc -l < target/bench/match.jsonl) documents)"
./target/release/examples/load "$addr" target/bench/match.jsonl --threads "$threads" --seconds "$seconds" --pid "$pid"
