#!/usr/bin/env bash
# Rename detection at scale: N documents in an old release, the same N
# under new ids in a new release (a word changed in each), timed with
# `folio compare` (release build). Usage: benches/renames.sh [N...]
# (default 1000 3000 10000). Prints seconds and peak memory per N.
set -euo pipefail
cd "$(dirname "$0")/.."
folio=${FOLIO:-target/release/folio}
[ -x "$folio" ] || cargo build --release
for n in "${@:-1000 3000 10000}"; do
  dir=$(mktemp -d)
  python3 - "$dir" "$n" <<'PY'
import os, random, sys
dir, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
vocab = [f"w{k}" for k in range(50000)]
common = "the of and to in a is that for on with as by".split()
for side in ("old", "new"):
    os.makedirs(f"{dir}/{side}", exist_ok=True)
for k in range(n):
    words = [rng.choice(vocab) if rng.random() < 0.6 else rng.choice(common) for _ in range(300)]
    text = "Title %d\n\n" % k + " ".join(words) + ".\n"
    open(f"{dir}/old/a{k}.txt", "w").write(text)
    words[rng.randrange(300)] = "changed"
    open(f"{dir}/new/b{k}.txt", "w").write("Title %d\n\n" % k + " ".join(words) + ".\n")
PY
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$dir/mem" "$folio" compare "$dir/old" "$dir/new" -o "$dir/out" -q -j 2
  end=$(date +%s.%N)
  renamed=$(grep -c ",renamed," "$dir/out/changes.csv" || true)
  printf "%7d documents: %6.2f s, peak %6d KB, %d renamed\n" "$n" "$(echo "$end - $start" | bc)" "$(cat "$dir/mem")" "$renamed"
  rm -rf "$dir"
done
