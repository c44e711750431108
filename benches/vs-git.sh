#!/usr/bin/env bash
# Whole-program timing: `folio diff` against `git diff --no-index
# --word-diff=porcelain` on the same pair of files.
# Usage: benches/vs-git.sh [OLD NEW]   (default: the generated 1.5 MB pair
# in benches/data/pair, made by `cargo run --release --example make_diff_pair`).
# Needs hyperfine (apt-get install hyperfine) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 2 ]; then
  old=$1 new=$2
else
  [ -f benches/data/pair/old.txt ] || cargo run --release --quiet --example make_diff_pair -- benches/data/pair
  old=benches/data/pair/old.txt new=benches/data/pair/new.txt
fi
json=$(mktemp)
# git exits 1 when the files differ: -i keeps hyperfine going.
hyperfine -N -i --warmup 2 --runs 15 --export-json "$json" \
  "git diff --no-index --word-diff=porcelain $old $new" \
  "target/release/folio diff $old $new --stat" \
  "target/release/folio diff $old $new --format csv -o /tmp/folio-diff.csv"
python3 - "$json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
git = runs[0]["median"]
for r in runs:
    print(f"median {r['median'] * 1000:7.1f} ms  {r['median'] / git:5.2f}× git  {r['command']}")
PY
