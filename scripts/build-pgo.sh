#!/usr/bin/env bash
# A profile-guided (PGO) build of the release binary, for whoever ships zhibiao
# to many machines: the compiler lays out and inlines the code by how often each
# branch was taken on a training run. `cargo build --release` stays the plain build.
#
# Training run: every example and negative of the rule files (`zhibiao
# patterns test`), then `zhibiao extract` (csv and jsonl), `explain` and
# `quantities` of each training report: the given files and folders' *.txt, by
# default the project's fixtures. Real reports of the kind to be read train
# best (measured in README, Benchmarks): e.g. `scripts/build-pgo.sh
# ../shared/corpus/dev/docs ../shared/seeds`.
#
# usage: scripts/build-pgo.sh [FILE|DIR]...   → prints target/pgo/release/zhibiao
# needs: the llvm-tools component (installed here with rustup when missing)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
profiles=$target/pgo-profiles
host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata
if [ ! -x "$profdata" ]; then
    echo "build-pgo.sh: installing the llvm-tools component (for llvm-profdata)" >&2
    rustup component add llvm-tools
fi

training=()
for input in "$@"; do
    if [ -d "$input" ]; then
        training+=("$(cd "$input" && pwd)"/*.txt)
    else
        training+=("$(cd "$(dirname "$input")" && pwd)/$(basename "$input")")
    fi
done
cd "$root"
[ ${#training[@]} -gt 0 ] || training=(fixtures/*.txt)
rm -rf "$profiles"
echo "== instrumented build (target/pgo-gen)" >&2
RUSTFLAGS="-Cprofile-generate=$profiles" CARGO_TARGET_DIR=$target/pgo-gen \
    cargo build --release --quiet
trained=$target/pgo-gen/release/zhibiao

echo "== training run" >&2
"$trained" patterns test >/dev/null
for report in "${training[@]}"; do
    "$trained" extract "$report" -o /dev/null
    "$trained" extract -f jsonl "$report" -o /dev/null
    "$trained" explain "$report" >/dev/null
    "$trained" quantities "$report" >/dev/null
done
"$profdata" merge -o "$profiles/merged.profdata" "$profiles"

echo "== optimized build (target/pgo)" >&2
RUSTFLAGS="-Cprofile-use=$profiles/merged.profdata" CARGO_TARGET_DIR=$target/pgo \
    cargo build --release --quiet
echo "$target/pgo/release/zhibiao"
