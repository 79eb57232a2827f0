#!/usr/bin/env bash
# End-to-end benchmark of the release binary against the floor (issue 7).
#
# Builds its corpora from the project's own fixtures (fixtures/*.txt, reports
# written for the project: a dense one of figures and a prose one with the
# density of real reports), joined in name order and repeated:
#   - one big file of about $CORPUS_MB MB (default 100);
#   - one small report of about 10 KB;
#   - a folder of $FILES files (default 10000), the fixtures in turn.
# Then times, with hyperfine, the floor (examples/floor.rs: every number token
# found with one regex) and `zhibiao extract` on the big file, single-threaded,
# and reports zhibiao's throughput as a ratio of the floor's; then runs them in
# $ROUNDS alternating rounds, floor and zhibiao back to back, and reports the
# median of the rounds' ratios (on a host whose speed drifts from minute to
# minute, hyperfine's runs of one command in a row can fall in other minutes
# than the other's); times the small
# report from process start to exit; and gives the peak RSS of the big file and
# of the folder with /usr/bin/time -v.
#
# With PGO=1, the profile-guided build of scripts/build-pgo.sh is timed too, in
# the same hyperfine run as the floor and the plain release binary; PGO_TRAIN
# names its training reports (files or folders; default the fixtures).
#
# usage: scripts/bench.sh [WORKDIR]   (WORKDIR defaults to a fresh temp dir)
# env:   CORPUS_MB=100 FILES=10000 RUNS=3 ROUNDS=7 SMALL_RUNS=50 CARGO_TARGET_DIR=... PGO=1
#        FIXTURES="fixtures/report.txt"  (the fixtures to build from; default all)
set -euo pipefail

CORPUS_MB=${CORPUS_MB:-100}
FILES=${FILES:-10000}
RUNS=${RUNS:-3}
ROUNDS=${ROUNDS:-7}
SMALL_RUNS=${SMALL_RUNS:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-$root/target}

for tool in hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is needed (apt-get install -y $tool)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench.sh: /usr/bin/time is needed (apt-get install -y time)" >&2; exit 2; }

echo "== build (release)"
(cd "$root" && cargo build --release --quiet && cargo build --release --quiet --example floor)
bin=$target/release/zhibiao
floor=$target/release/examples/floor
pgo=()
if [ "${PGO:-0}" = 1 ]; then
    echo "== profile-guided build (scripts/build-pgo.sh)"
    pgo_bin=$("$root/scripts/build-pgo.sh" ${PGO_TRAIN:-} | tail -1)
fi

fixtures=${FIXTURES:-$(ls "$root"/fixtures/*.txt | sort | tr '\n' ' ')}
echo "== corpora in $work from: $(echo $fixtures | xargs -n1 basename | tr '\n' ' ')"
python3 - "$work" "$CORPUS_MB" "$FILES" $fixtures <<'EOF'
import os, sys
work, mb, files, fixtures = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
reports = [open(f, encoding="utf-8").read() for f in fixtures]
joined = "\n".join(reports) + "\n"
size = len(joined.encode())
def write(path, text, times):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text * times)
write(f"{work}/corpus.txt", joined, mb * 1_000_000 // size + 1)
small = (joined * (10_000 // size + 1)).encode()[:10_000]
with open(f"{work}/small.txt", "wb") as f:  # about 10 KB, cut at a line end
    f.write(small[: small.rfind(b"\n") + 1])
folder = f"{work}/folder"
os.makedirs(folder, exist_ok=True)
for i in range(files):
    write(f"{folder}/{i:05}.txt", reports[i % len(reports)], 1)
EOF
corpus=$work/corpus.txt
ls -l "$corpus" "$work/small.txt"

echo "== throughput on $(du -h "$corpus" | cut -f1) (single thread)"
[ -n "${pgo_bin:-}" ] && pgo=(-n zhibiao-pgo "$pgo_bin extract $corpus -o /dev/null")
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/big.json" \
    -n floor "$floor $corpus" \
    -n zhibiao "$bin extract $corpus -o /dev/null" "${pgo[@]}"

echo "== $ROUNDS alternating rounds on the big file: the floor, then zhibiao (and its PGO build)"
python3 - "$ROUNDS" "$corpus" "$floor" "$bin" "${pgo_bin:-}" > "$work/rounds.txt" <<'EOF'
import statistics, subprocess, sys, time
rounds, corpus, floor, *bins = sys.argv[1:]
names = dict(zip([b for b in bins if b], ["zhibiao, alternating", "  PGO, alternating"]))
def seconds(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
ratios = {b: [] for b in names}
for _ in range(int(rounds)):
    f = seconds([floor, corpus])
    for b in names:
        ratios[b].append(seconds([b, "extract", corpus, "-o", "/dev/null"]) / f)
for b, name in names.items():
    each = " ".join(f"{x:.1f}" for x in ratios[b])
    print(f"{name:22}median 1/{statistics.median(ratios[b]):.1f} of the floor (rounds: 1/{each.replace(' ', ' 1/')})")
EOF

echo "== one small report, process start to exit"
hyperfine -N --warmup 5 --runs "$SMALL_RUNS" --export-json "$work/small.json" \
    -n small "$bin extract $work/small.txt -o /dev/null"

peak() { # peak RSS in KB of a command
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'
}
rss_big=$(peak "$bin" extract "$corpus" -o /dev/null)
rss_folder=$(peak "$bin" extract "$work/folder" -o /dev/null)

python3 - "$work" "$corpus" "$rss_big" "$rss_folder" "$FILES" <<'EOF'
import json, os, sys
work, corpus, rss_big, rss_folder, files = sys.argv[1:6]
size = os.path.getsize(corpus)
big = {r["command"]: r for r in json.load(open(f"{work}/big.json"))["results"]}
small = json.load(open(f"{work}/small.json"))["results"][0]
mbps = lambda name: size / 1e6 / big[name]["median"]
floor, z = mbps("floor"), mbps("zhibiao")
print()
print(f"floor throughput      {floor:8.1f} MB/s")
print(f"zhibiao throughput    {z:8.1f} MB/s   = 1/{floor / z:.1f} of the floor (target >= 1/3)")
if "zhibiao-pgo" in big:
    p = mbps("zhibiao-pgo")
    print(f"  profile-guided build {p:8.1f} MB/s   = 1/{floor / p:.1f} of the floor")
print(open(f"{work}/rounds.txt").read(), end="")
print(f"small report median   {small['median'] * 1000:8.1f} ms     (target <= 10 ms)")
print(f"peak RSS, big file    {int(rss_big) / 1024:8.1f} MB     = {int(rss_big) * 1024 / size:.2f} x file (target <= 3x)")
print(f"peak RSS, {files} files {int(rss_folder) / 1024:6.1f} MB     (target <= 64 MB)")
EOF
