"""Writes a JSON Lines corpus (gzip or plain) as Parquet with pyarrow, for bench/parquet_vs_jsonl.sh.

Usage: python bench/to_parquet.py IN.jsonl.gz OUT.parquet [ROWS_PER_GROUP]
Every key becomes a column (nested values as JSON text); zstd, as data pipelines write shards.
"""
import gzip
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

src, dest = sys.argv[1], sys.argv[2]
rows_per_group = int(sys.argv[3]) if len(sys.argv) > 3 else 4096
opener = gzip.open if src.endswith(".gz") else open
rows = []
with opener(src, "rt", encoding="utf-8") as f:
    for line in f:
        if line.strip():
            rows.append(json.loads(line))
keys = []
for row in rows:
    for k in row:
        if k not in keys:
            keys.append(k)


def cell(v):
    if v is None or isinstance(v, str):
        return v
    return json.dumps(v)


table = pa.table({k: pa.array([cell(r.get(k)) for r in rows], type=pa.string()) for k in keys})
pq.write_table(table, dest, compression="zstd", row_group_size=rows_per_group)
print(f"to_parquet: {len(rows)} rows, {len(keys)} columns -> {dest}", file=sys.stderr)
