#!/usr/bin/env bash
# The Python package's dedup against the CLI's on one corpus, side by side.
# Builds the package from the checkout into target/bench-venv (pip install ./python), loads
# the corpus into Python dicts once, then in alternation, ROUNDS rounds: `retold dedup` (the
# CLI, reading the file), `retold.dedup(records)` (the dicts) and `retold.dedup(path)`.
# Prints median seconds of each (the Python ones exclude loading the JSON), the ratios, and
# whether the groups are the CLI's.
# Usage: bench/python_vs_cli.sh [CORPUS.jsonl.gz] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/haystack/allsides.jsonl.gz}
rounds=${2:-3}
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
cargo build --release --quiet --features parquet
"$venv/bin/pip" install --quiet ./python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" - "$corpus" "$rounds" "$work" target/release/retold <<'PY'
import gzip, json, statistics, subprocess, sys, time
import retold
corpus, rounds, work, cli = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
opener = gzip.open if corpus.endswith(".gz") else open
started = time.perf_counter()
with opener(corpus, "rt", encoding="utf-8") as f:
    records = [json.loads(l) for l in f if l.strip()]
print(f"{len(records)} records loaded into dicts in {time.perf_counter() - started:.2f} s")
times = {"cli": [], "records": [], "path": []}
for _ in range(rounds):
    t = time.perf_counter()
    subprocess.run([cli, "dedup", corpus, "-q", "-o", work], check=True, stderr=subprocess.DEVNULL)
    times["cli"].append(time.perf_counter() - t)
    t = time.perf_counter()
    from_records = retold.dedup(records)
    times["records"].append(time.perf_counter() - t)
    t = time.perf_counter()
    from_path = retold.dedup(corpus)
    times["path"].append(time.perf_counter() - t)
want = [json.loads(l) for l in open(f"{work}/groups.jsonl")]
def rows(result):
    return [{"group": g.group, "kept": g.kept,
             "members": [{"id": m.id, "relation": m.relation} for m in g.members]} for g in result.groups]
cli_median = statistics.median(times["cli"])
for name, v in times.items():
    print(f"{name:8} median {statistics.median(v):6.2f} s  ({' '.join(f'{x:.2f}' for x in v)})")
for name, result in (("records", from_records), ("path", from_path)):
    same = rows(result) == want
    print(f"retold.dedup({name}) / CLI: {statistics.median(times[name]) / cli_median:.2f}x; "
          f"groups {'the same' if same else 'DIFFER'} ({len(result.groups)})")
PY
