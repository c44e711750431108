#!/usr/bin/env bash
# Whole-program timing of `folio compare` against `git diff --no-index
# --word-diff=porcelain` and against a Python difflib script on the same two
# release folders. Usage: benches/compare-vs.sh [OLD_DIR NEW_DIR]
# (default: 300 generated documents a release in benches/data/releases, made
# by `cargo run --release --example make_release_pair`). Needs hyperfine,
# python3 and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 2 ]; then
  old=$1 new=$2
else
  [ -d benches/data/releases/old ] || cargo run --release --quiet --example make_release_pair -- benches/data/releases 300
  old=benches/data/releases/old new=benches/data/releases/new
fi
# folio writes ~100 report files a run; on a disk file system (ext4) that
# re-creates them run after run, inode allocation slows down as deleted
# inodes pile up, so the output goes to a tmpfs when there is one (git and
# Python write to standard output, which hyperfine discards).
out=/tmp/folio-compare
[ -d /dev/shm ] && out=/dev/shm/folio-compare
json=$(mktemp)
hyperfine -N -i --warmup 2 --runs 10 --export-json "$json" \
  "git diff --no-index --word-diff=porcelain $old $new" \
  "target/release/folio compare $old $new -q -o $out" \
  "python3 benches/difflib_compare.py $old $new"
python3 - "$json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
git, folio, py = (r["median"] for r in runs)
for r in runs:
    print(f"median {r['median'] * 1000:7.1f} ms  {r['command']}")
print(f"folio / git = {folio / git:.2f}×   difflib (words) / folio = {py / folio:.2f}×")
PY
# SequenceMatcher on the raw texts (characters), as a quick script does it:
# seconds a run, so two runs.
json2=$(mktemp)
hyperfine -N --runs 2 --export-json "$json2" "python3 benches/difflib_compare.py $old $new --chars"
python3 - "$json" "$json2" <<'PY'
import json, sys
folio = json.load(open(sys.argv[1]))["results"][1]["median"]
chars = json.load(open(sys.argv[2]))["results"][0]["median"]
print(f"median {chars * 1000:7.1f} ms  difflib on characters;  difflib (characters) / folio = {chars / folio:.0f}×")
PY
