#!/usr/bin/env bash
# `retold serve` soaked: mixed ingest and match traffic from a second process (bench/load.rs
# with --ingest-every), for 10 minutes by default, on the allsides index bench/serve_load.sh
# builds (copied, so the soak's documents do not stay in it). Prints both kinds' latency, the
# documents added, and the server's memory each 10 s with the second and last minutes' peaks:
# flat memory means the last is not above the second by more than the page cache's fill.
# Usage: bench/soak.sh [DATA_DIR] [SECONDS] [THREADS] [INGEST_EVERY]   (default ../shared/data, 600, 4, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
seconds=${2:-600}
threads=${3:-4}
every=${4:-10}
input="$data/haystack/allsides.jsonl.gz"
[ -f "$input" ] || { echo "no $input (pass the data directory)" >&2; exit 1; }
cargo build --release --quiet
cargo build --release --quiet --example load
mkdir -p target/bench
db=target/bench/allsides.db
if [ ! -f "$db" ]; then
  echo "== ingest allsides in batches of 256"
  ./target/release/retold ingest "$input" --db "$db" --quiet
fi
cp "$db" target/bench/soak.db
with_text() { python3 -c 'import sys, json
for line in sys.stdin:
    d = json.loads(line)
    if len(d.get("text") or d.get("body") or "") >= 200: sys.stdout.write(line)'; }
zcat "$input" | tail -300 | with_text > target/bench/soak.jsonl
zcat "$data/haystack/reuters21578.jsonl.gz" | sed -n '2001,2600p' | with_text | sed -n '1,300p' >> target/bench/soak.jsonl
./target/release/retold serve --db target/bench/soak.db --addr 127.0.0.1:0 2> target/bench/soak.err &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f target/bench/soak.db' EXIT
for _ in $(seq 1 100); do grep -q "serving http" target/bench/soak.err && break; sleep 0.2; done
addr=$(grep -o "127.0.0.1:[0-9]*" target/bench/soak.err | head -1)
echo "== soak: $threads threads, every ${every}th request an ingest, $seconds s, on $addr"
./target/release/examples/load "$addr" target/bench/soak.jsonl --threads "$threads" \
  --seconds "$seconds" --pid "$pid" --ingest-every "$every"
curl -s "http://$addr/metrics" | grep -E "^retold_(documents|links|stories|documents_added_total) "
