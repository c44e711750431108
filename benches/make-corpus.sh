#!/usr/bin/env bash
# Builds a large corpus for whole-program timings by repeating the sample
# corpus's articles: DIR gets FILES files of ARTICLES articles each
# (default 500 files of 24 articles, about 110 KB each, ≈ 55 MB; ARTICLES=1
# makes short documents of about 4.3 KB). Usage:
#   benches/make-corpus.sh DIR [FILES] [ARTICLES]
set -euo pipefail
dir=${1:?usage: make-corpus.sh DIR [FILES] [ARTICLES]}
files=${2:-500}
per_file=${3:-24}
cd "$(dirname "$0")/.."
mkdir -p "$dir"
mapfile -t articles < <(find corpus -type f \( -name '*.txt' -o -name '*.md' \) | sort)
n=${#articles[@]}
for ((i = 0; i < files; i++)); do
  out="$dir/doc-$(printf '%05d' "$i").txt"
  : > "$out"
  # ARTICLES articles per file, starting at a different article each time.
  for ((k = 0; k < per_file; k++)); do
    cat "${articles[$(((i + k * 7) % n))]}" >> "$out"
    printf '\n' >> "$out"
  done
done
du -sh "$dir"
