#!/usr/bin/env bash
# Whole-program timing of `folio stats` against `cat | wc -w` and against
# the floor (benches/floor.rs: the same files read, checked as UTF-8 and
# every word interned, lower-cased, in a table of its document's — the
# least any program computing folio's word statistics does), on the same
# files and threads, as ratios measured in one run.
#
#   benches/vs-floor.sh [DIR] [THREADS]
#
# DIR: a folder of documents (default benches/data/prose/corpus, made by
# benches/real-prose.sh); THREADS: default 2. Needs hyperfine (apt-get
# install hyperfine); builds the release binary and the floor.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-benches/data/prose/corpus}
threads=${2:-2}
[ -d "$dir" ] || { echo "no $dir: run benches/real-prose.sh first" >&2; exit 2; }
cargo build --release --locked --quiet --bin folio --example floor
folio=target/release/folio
floor=target/release/examples/floor
cat "$dir"/* > /dev/null # warm the page cache
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --warmup 2 --runs 12 --export-json "$out/runs.json" \
  "cat $dir/* | wc -w" \
  "$floor 0 $threads $dir" \
  "$floor 1 $threads $dir" \
  "$floor 2 $threads $dir" \
  "$folio stats $dir -j $threads -q -o $out/stats.csv"
python3 - "$out/runs.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
wc, floor = runs[0]["median"], runs[3]["median"]
for r in runs:
    m = r["median"]
    print(f"median {m * 1000:7.1f} ms  {m / wc:5.2f}× wc  {m / floor:5.2f}× floor  {r['command']}")
PY
