#!/usr/bin/env bash
# Builds a large corpus for whole-program timings by repeating the sample
# corpus's articles: DIR gets FILES files of about 110 KB each (default 500
# files, ≈ 55 MB). Usage: benches/make-corpus.sh DIR [FILES]
set -euo pipefail
dir=${1:?usage: make-corpus.sh DIR [FILES]}
files=${2:-500}
cd "$(dirname "$0")/.."
mkdir -p "$dir"
mapfile -t articles < <(find corpus -type f \( -name '*.txt' -o -name '*.md' \) | sort)
n=${#articles[@]}
for ((i = 0; i < files; i++)); do
  out="$dir/doc-$(printf '%05d' "$i").txt"
  : > "$out"
  # 24 articles per file, starting at a different article each time.
  for ((k = 0; k < 24; k++)); do
    cat "${articles[$(((i + k * 7) % n))]}" >> "$out"
    printf '\n' >> "$out"
  done
done
du -sh "$dir"
