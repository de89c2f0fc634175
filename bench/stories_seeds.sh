#!/usr/bin/env bash
# The whole stories path over allsides with the five seeds added (`retold eval seeds`): where
# the seeds land, and the run's seconds and peak memory (the summary line on stderr).
# Usage: bench/stories_seeds.sh [DATA_DIR]   (default ../shared/data; seeds from DATA/../seeds)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
cargo build --release --quiet
./target/release/retold eval seeds --data "$data"
