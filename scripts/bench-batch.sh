#!/usr/bin/env bash
# The batch benchmark (benches/batch.rs): a generated tree of report files at
# --jobs 1 and 2, files/s, MB/s, speed-up, peak RSS, and one 200 MB file.
# Peak RSS comes from GNU time (`/usr/bin/time -v`), installed here if missing.
# Environment: BENCH_FILES (10000), BENCH_BIG_MB (200), BENCH_RUNS (3), BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ] && command -v apt-get >/dev/null; then
  { apt-get update -qq && apt-get install -y -qq time >/dev/null; } || echo "no /usr/bin/time: peak RSS not measured" >&2
fi
exec cargo bench --bench batch "$@"
