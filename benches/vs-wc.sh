#!/usr/bin/env bash
# Whole-program timing: `folio stats` against `wc -w` over the same files.
# Usage: benches/vs-wc.sh [FILES] [DIR] [BOILERPLATE]   (default 500 files
# ≈ 51 MB in benches/data/large, generated when DIR does not exist;
# BOILERPLATE default `trailers`). Real prose (benches/real-prose.sh):
#   benches/vs-wc.sh 0 benches/data/prose/corpus auto
# Many short documents (one sample article each, about 4.3 KB):
#   ARTICLES=1 benches/vs-wc.sh 10000 benches/data/small
# Needs hyperfine (apt-get install hyperfine) and a release build (cargo
# build --release).
#
# `--boilerplate trailers`: the generated files repeat the sample articles,
# so `auto` would rightly strip almost every line as repeated boilerplate and
# time a corpus that is mostly gone. The `auto` row is shown for the cost of
# its extra pass, not as the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-500}
dir=${2:-benches/data/large}
mode=${3:-trailers}
[ -d "$dir" ] || benches/make-corpus.sh "$dir" "$files" "${ARTICLES:-24}"
cat "$dir"/* > /dev/null # warm the page cache
folio=target/release/folio
json=$(mktemp)
hyperfine --warmup 2 --runs 10 --export-json "$json" \
  "wc -w $dir/* > /dev/null" \
  "$folio stats $dir -j 2 --boilerplate $mode -o /tmp/folio-bench.csv" \
  "$folio stats $dir -j 1 --boilerplate $mode -o /tmp/folio-bench.csv" \
  "$folio stats $dir -j 2 --boilerplate auto -o /tmp/folio-bench.csv"
python3 - "$json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
wc = runs[0]["median"]
for r in runs:
    print(f"median {r['median'] * 1000:7.1f} ms  {r['median'] / wc:5.2f}× wc  {r['command']}")
PY
/usr/bin/time -f "peak memory, -j 2: %M KB" "$folio" stats "$dir" -j 2 --boilerplate "$mode" -o /tmp/folio-bench.csv
