#!/usr/bin/env bash
# retold dedup against rensa and datasketch (MinHash LSH from PyPI) on one corpus with planted spins.
# Plants 100 WordNet spins of each kind (light, heavy, chrome; bench/plant_spins.py, fixed seed)
# into a copy of the corpus, then runs in alternation, round after round: retold's copy pass
# (--relations exact,near_copy,excerpt), retold's default (with spins and rewrites), rensa 0.5 and
# datasketch (128 perm, word 5-grams, threshold 0.7, candidates unverified). Prints median seconds
# and peak memory (/usr/bin/time), each tool's recall on the planted spins (bench/score_planted.py),
# and the ratios; `gzip -dc` of the planted corpus is the decompression floor.
# Usage: bench/dedup_vs_peers.sh [CORPUS.jsonl.gz] [ROUNDS]
#   default corpus ../shared/data/haystack/allsides.jsonl.gz, ROUNDS 3; datasketch (over a minute
#   on allsides) runs in the first DATASKETCH_ROUNDS rounds only (default 1). RETOLD=path uses that
#   binary instead of building target/release/retold. Python packages go to target/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/haystack/allsides.jsonl.gz}
rounds=${2:-3}
ds_rounds=${DATASKETCH_ROUNDS:-1}
venv=target/bench-venv

need() { # need PATH PACKAGE: install the Debian package if PATH is missing (as root), else stop
  [ -e "$1" ] && return
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "$2" > /dev/null
  else
    echo "dedup_vs_peers: $1 is missing: install the Debian package $2 (apt-get install $2)" >&2
    exit 1
  fi
}
need /usr/share/wordnet wordnet-base
need /usr/bin/time time
if ! "$venv/bin/python" -c 'import datasketch, importlib.metadata as m
assert m.version("rensa").startswith("0.5.")' 2> /dev/null; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet datasketch 'rensa>=0.5,<0.6'
fi
py=$venv/bin/python
if [ -n "${RETOLD:-}" ]; then
  retold=$RETOLD
else
  cargo build --release --quiet
  retold=./target/release/retold
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
planted=$out/planted.jsonl.gz

echo "corpus: $corpus"
python3 bench/plant_spins.py "$corpus" "$planted" "$out/truth.tsv" --count 100 --seed 2026 2>&1 |
  sed 's/^/    /'

measure() { # measure NAME COMMAND...: run it under /usr/bin/time, record "NAME seconds KB"
  local name=$1
  shift
  if ! /usr/bin/time -f '%e %M' -o "$out/time" "$@" > "$out/$name.out" 2> "$out/$name.err"; then
    echo "dedup_vs_peers: $name failed:" >&2
    cat "$out/$name.err" >&2
    exit 1
  fi
  read -r seconds kb < "$out/time"
  echo "$name $seconds $kb" >> "$out/results"
  printf '    %-15s %8.2f s %8.0f MB\n' "$name" "$seconds" "$(((kb + 512) / 1024))"
}
for round in $(seq "$rounds"); do
  echo "round $round:"
  measure "gzip -dc" sh -c 'gzip -dc "$1" > /dev/null' sh "$planted"
  measure retold-copy "$retold" dedup "$planted" -o "$out/retold-copy" --quiet \
    --relations exact,near_copy,excerpt
  measure retold-default "$retold" dedup "$planted" -o "$out/retold-default" --quiet
  measure rensa "$py" bench/rensa_dedup.py "$planted" --pairs "$out/rensa.tsv"
  if [ "$round" -le "$ds_rounds" ]; then
    measure datasketch "$py" bench/datasketch_dedup.py "$planted" --pairs "$out/datasketch.tsv"
  fi
done

echo "last runs:"
for tool in retold-copy retold-default; do
  echo "    $tool: $(tail -n 1 "$out/$tool.err")"
  python3 bench/score_planted.py "$out/truth.tsv" --retold-links "$out/$tool/links.jsonl" \
    --name "$tool" >> "$out/scores"
done
for tool in rensa datasketch; do
  if [ -s "$out/$tool.out" ]; then
    echo "    $tool: $(cat "$out/$tool.out")"
    python3 bench/score_planted.py "$out/truth.tsv" --pairs "$out/$tool.tsv" --name "$tool" >> "$out/scores"
  fi
done
echo "recall on planted spins (found: paired with its source):"
sed 's/^/    /' "$out/scores"

python3 - "$out/results" "$out/scores" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, seconds, kb = line.rsplit(" ", 2)
    runs.setdefault(name, []).append((float(seconds), int(kb) / 1024))
recall = {line.split()[0]: line.split()[2:7:2] for line in open(sys.argv[2])}
median = {name: (statistics.median(s for s, _ in r), statistics.median(m for _, m in r)) for name, r in runs.items()}
print(f"\n{'tool':<15} {'runs':>4} {'median s':>9} {'peak MB':>8}  {'light':>5} {'heavy':>5} {'chrome':>6}")
for name, (s, mb) in median.items():
    light, heavy, chrome = recall.get(name, ["-"] * 3)
    print(f"{name:<15} {len(runs[name]):>4} {s:>9.2f} {mb:>8.0f}  {light:>5} {heavy:>5} {chrome:>6}")
print()
for a, b in [("retold-default", "retold-copy"), ("rensa", "retold-default"), ("datasketch", "retold-default"),
             ("rensa", "retold-copy"), ("datasketch", "retold-copy")]:
    if a in median and b in median:
        print(f"{a + ' / ' + b:<32} time {median[a][0] / median[b][0]:6.2f}x   memory {median[a][1] / median[b][1]:6.2f}x")
EOF
