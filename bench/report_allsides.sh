#!/usr/bin/env bash
# `retold run` over allsides (37,554 articles): seconds and peak memory of the whole job, and
# the report's sizes (index pages, story pages, the largest page). Compares with `retold
# stories` on the same input, so the cost of provenance, summaries and the report shows as a
# ratio. Usage: bench/report_allsides.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
input="$data/haystack/allsides.jsonl.gz"
[ -f "$input" ] || { echo "no $input (pass the data directory)" >&2; exit 1; }
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
timed() { # label, then the command; prints "label seconds peak_mb"
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out/mem" "$@" --quiet 2> "$out/$label.err" || { cat "$out/$label.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$label $(echo "$t1 - $t0" | bc) $(( $(cat "$out/mem") / 1024 ))"
}
read -r _ s_secs s_mb < <(timed stories ./target/release/retold stories "$input" -o "$out/stories")
read -r _ r_secs r_mb < <(timed run ./target/release/retold run "$input" -o "$out/run")
report="$out/run/report"
index_kb=$(( $(stat -c %s "$report/index.html") / 1024 ))
pages=$(find "$report/stories" -name '*.html' | wc -l)
read -r largest_bytes largest < <(find "$report/stories" -name '*.html' -printf '%s %f\n' | sort -n | tail -n 1)
largest_kb=$(( largest_bytes / 1024 ))
total_mb=$(du -sm "$report" | cut -f1)
printf '%-44s %8s %8s\n' "" seconds "peak MB"
printf '%-44s %8.1f %8d\n' "retold stories (no report)" "$s_secs" "$s_mb"
printf '%-44s %8.1f %8d\n' "retold run (provenance, summaries, report)" "$r_secs" "$r_mb"
printf 'run / stories: %.2fx\n' "$(echo "$r_secs / $s_secs" | bc -l)"
echo "report: index.html ${index_kb} KB, $(find "$report" -maxdepth 1 -name 'index*.html' | wc -l) index pages, $pages story pages, largest $largest ${largest_kb} KB, ${total_mb} MB in all"
tail -2 "$out/run.err"
