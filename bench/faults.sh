#!/usr/bin/env bash
# The fault walks in full (tests/fault_walk.c), beyond what the test suite runs: in a
# sanitizer build with fault injection (AddressSanitizer, UndefinedBehaviorSanitizer,
# LeakSanitizer, ZP_FAULT), every place the run allocates or writes is made to fail at its
# first and at its last occurrence, and SIGKILL is sent at every place it writes:
#   sample        zoneplan run scenarios/sample-baseline.yaml --no-publish (over sample-enforced's
#                 run): alloc, write, kill
#   publish       a generated 40-block district run and published (over its run without maps):
#                 alloc, write, kill
#   sample-maps   the sample run with its maps, as the README's first command makes it (over
#                 sample-enforced's run with maps): alloc, write (first occurrences: about 650
#                 runs of 15 s; pass --sets sample-maps to run it)
# Writes bench/results/faults.md: per walk, the places, trials and failures.
#
#   bench/faults.sh [--sets "sample publish"] [--occurrences both|first]
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SETS="sample publish"
OCC=both
while [ $# -gt 0 ]; do
  case "$1" in
    --sets) SETS=$2; shift ;;
    --occurrences) OCC=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "faults.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
B=$BENCH/build/faults
log "building zoneplan with ASan, UBSan and fault injection in $B"
cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=Debug -DZP_SANITIZE=ON -DZP_FAULT=ON >/dev/null
cmake --build "$B" --target zoneplan_cli fault_walk -j2 >/dev/null
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ZP_QUIET=1
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp
WORK=$BENCH/work/faults
mkdir -p "$WORK" "$BENCH/results"
rows=""
total_fail=0
for set in $SETS; do
  modes="alloc write kill"
  occ=$OCC
  [ "$set" = sample-maps ] && { modes="alloc write"; occ=first; }
  for mode in $modes; do
    log "$set: $mode walk ($occ occurrences)"
    t0=$(date +%s)
    set +e
    "$ROOT/tests/fault_walks.sh" "$B/zoneplan" "$B/tests/fault_walk" "$ROOT" "$WORK/$set-$mode" \
      "$mode" "$set" "$occ" > "$WORK/$set-$mode.log" 2>&1
    set -e
    secs=$(( $(date +%s) - t0 ))
    line=$(grep -E "^$mode walk: [0-9]+ places" "$WORK/$set-$mode.log" || echo "$mode walk: ? places, ? trials")
    last=$(grep -E "^$mode walk: [0-9]+ trials, [0-9]+ failed" "$WORK/$set-$mode.log" || echo "$mode walk: ? trials, ? failed")
    places=$(echo "$line" | sed -E 's/.*: ([0-9?]+) places.*/\1/')
    trials=$(echo "$last" | sed -E 's/.*: ([0-9?]+) trials.*/\1/')
    failed=$(echo "$last" | sed -E 's/.*, ([0-9?]+) failed.*/\1/')
    [ "$failed" = "0" ] || total_fail=$((total_fail + 1))
    rows="$rows| $set | $mode | $places | $occ | $trials | $failed | $secs s |
"
    grep "^FAIL" "$WORK/$set-$mode.log" | head -20 >&2 || true
  done
done
cat > "$BENCH/results/faults.md" <<EOF2
# Fault walks

\`bench/faults.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores: the walks of tests/fault_walk.c in a
build with AddressSanitizer, UndefinedBehaviorSanitizer, LeakSanitizer and fault injection
(\`-DZP_FAULT=ON\`). A place is where an allocation happens (its caller and the two frames
above it, so every call site and the paths that reach it) or a writing call (its kind and
file: \`write:blocks.dbf\`, \`fsync:summary.json\`, \`exchange:out\`). Each trial fails one place at
one occurrence (the first; with *both*, the last too: nothing built yet, and nearly all) and
checks: exit 2 or 3 with a message (or 0 when the new folder was already in place), no
sanitizer report (no crash, no leak, no undefined behaviour), the output folder the old run or
the new one byte for byte, nothing left beside it, the inputs unchanged. A kill trial then
runs again and checks that the staging folder left is removed and the new run is whole.

| district | walk | places | occurrences | trials | failed | time |
|---|---|---|---|---|---|---|
$rows
EOF2
log "done: bench/results/faults.md"
[ "$total_fail" -eq 0 ]
