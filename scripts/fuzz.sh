#!/usr/bin/env bash
# Coverage-guided fuzzing of folio with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh TARGET SECONDS   fuzz one target for SECONDS seconds
#   scripts/fuzz.sh all SECONDS      fuzz every target, one after another
#   scripts/fuzz.sh TARGET 0         only replay the seeds, the working corpus
#                                    and fuzz/regressions/TARGET (no fuzzing)
#   scripts/fuzz.sh list             list the targets
#
# Targets live in fuzz/fuzz_targets/ (a separate crate, `folio-fuzz`, with its
# own target dir fuzz/target). Inputs: fuzz/seeds/TARGET (committed, small,
# hand-made or copied from tests/fixtures) plus the working corpus
# fuzz/corpus/TARGET (not committed), where libFuzzer adds what it finds;
# fuzz/dicts/TARGET.dict, when there is one, is its libFuzzer dictionary.
# A crash leaves its input in fuzz/artifacts/TARGET/ and makes this script
# exit non-zero; minimize it with
#   fuzz/target/<host>/release/TARGET -minimize_crash=1 -runs=10000 CRASH
# and keep it in fuzz/regressions/TARGET/ (replayed by `TARGET 0`).
#
# Build: release (-O) with debug assertions and overflow checks, and NO
# sanitizer (-s none): AddressSanitizer makes the build of polars and the
# runs much slower on this 2-core machine, and folio is safe Rust, where
# panics, overflows and stack overflows are caught without it. Set
# FUZZ_SANITIZER=address to build with ASan anyway (separate flags, so a full
# rebuild). Works on the stable toolchain through RUSTC_BOOTSTRAP=1.
#
# Everything runs under `nice -n 19` with one build job (CARGO_BUILD_JOBS=1)
# and one rayon thread (RAYON_NUM_THREADS=1): the machine is shared.
# Environment: FUZZ_SANITIZER (none), FUZZ_TIMEOUT (1, seconds per input),
# FUZZ_RSS_MB (4096), FUZZ_ARGS (extra libFuzzer flags, e.g. -max_len=65536),
# FOLIO_FUZZ_MAX_DEPTH (html_structured nesting cap, default 5000),
# FOLIO_FUZZ_IGNORE (comma-separated known problems the checks then tolerate,
# to look past a reported one; names in fuzz/src/lib.rs).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ=$ROOT/fuzz

export RUSTC_BOOTSTRAP=1
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
export RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-1}
SANITIZER=${FUZZ_SANITIZER:-none}
TIMEOUT=${FUZZ_TIMEOUT:-1}
RSS_MB=${FUZZ_RSS_MB:-4096}

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

targets() {
    # The names of the [[bin]] sections of fuzz/Cargo.toml.
    awk '/^\[\[bin\]\]/ { bin = 1; next } /^\[/ { bin = 0 }
         bin && /^name = / { gsub(/"/, "", $3); print $3 }' "$FUZZ/Cargo.toml"
}

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then
    targets
    exit 0
fi
[ $# -eq 2 ] || usage
TARGET=$1
SECONDS_EACH=$2
case $SECONDS_EACH in
    '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2 ;;
esac
if [ "$TARGET" = all ]; then
    mapfile -t RUN < <(targets)
else
    if ! targets | grep -qx "$TARGET"; then
        echo "fuzz.sh: no target '$TARGET'; targets: $(targets | tr '\n' ' ')" >&2
        exit 2
    fi
    RUN=("$TARGET")
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    nice -n 19 cargo install cargo-fuzz --locked -j 1
fi

BUILD_FLAGS=(-O --debug-assertions -s "$SANITIZER")
HOST=$(rustc -vV | sed -n 's/^host: //p')
BIN_DIR=$FUZZ/target/$HOST/release

# One build of every target (dependencies are shared; a no-op when fresh).
echo "fuzz.sh: building (cargo fuzz build ${BUILD_FLAGS[*]})" >&2
(cd "$FUZZ" && nice -n 19 cargo fuzz build "${BUILD_FLAGS[@]}")

failed=()
summary=()
for t in "${RUN[@]}"; do
    corpus=$FUZZ/corpus/$t
    seeds=$FUZZ/seeds/$t
    artifacts=$FUZZ/artifacts/$t
    logs=$FUZZ/logs
    mkdir -p "$corpus" "$artifacts" "$logs"
    dirs=("$corpus")
    [ -d "$seeds" ] && dirs+=("$seeds")
    args=(
        -timeout="$TIMEOUT"
        -rss_limit_mb="$RSS_MB"
        -artifact_prefix="$artifacts/"
        -print_final_stats=1
    )
    [ -f "$FUZZ/dicts/$t.dict" ] && args+=(-dict="$FUZZ/dicts/$t.dict")
    if [ "$SECONDS_EACH" -eq 0 ]; then
        # Replay only: every file of the corpora and the regressions, once.
        args+=(-runs=0)
        [ -d "$FUZZ/regressions/$t" ] && dirs+=("$FUZZ/regressions/$t")
    else
        args+=(-max_total_time="$SECONDS_EACH")
    fi
    # shellcheck disable=SC2206
    extra=(${FUZZ_ARGS:-})
    log=$logs/$t.log
    echo "fuzz.sh: $t for ${SECONDS_EACH}s (log: ${log#"$ROOT"/})" >&2
    status=0
    nice -n 19 "$BIN_DIR/$t" "${args[@]}" "${extra[@]}" "${dirs[@]}" >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
        echo "fuzz.sh: $t FAILED (exit $status); end of the log:" >&2
        tail -n 60 "$log" >&2
        ls -t "$artifacts" 2>/dev/null | head -n 3 | sed "s|^|  artifact: ${artifacts#"$ROOT"/}/|" >&2
    fi
    line="$t: ${execs:-?} executions, ${rate:-?} exec/s, coverage ${cov:-?}"
    [ "$status" -ne 0 ] && line="$line, CRASHED (exit $status)"
    summary+=("$line")
    echo "$line"
done

if [ ${#RUN[@]} -gt 1 ]; then
    echo "--- summary"
    printf '%s\n' "${summary[@]}"
fi
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: crashes in: ${failed[*]}" >&2
    exit 1
fi
