#!/usr/bin/env bash
# Kill test: `zoneplan run` on a 200,000-block district killed with SIGKILL again and again,
# --kills times in a row (default 100), alternating two scenarios so the folder always holds
# the other run when the next one starts. Two thirds of the kills come at a random moment of
# the run; the others through strace's syscall injection at the moments around the swap:
# making the staging folder, flushing its files, the exchange itself (renameat2), and
# removing the old folder. After every kill:
#   - the output folder is the previous run whole or the new run whole, byte for byte
#     (sha256 of every file against two reference runs);
#   - the inputs' sha256 are unchanged;
#   - at most one staging folder is left beside it (the last kill's: each run removes those
#     of the runs killed before it).
# Then one run to the end must leave the new run whole and no staging folder.
# Writes bench/results/kill.md.
#
#   bench/kill.sh [--kills N] [--blocks N] [--schools N] [--zoneplan BIN]
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
KILLS=100
BLOCKS=200000
SCHOOLS=1000
ZONEPLAN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) KILLS=$2; shift ;;
    --blocks) BLOCKS=$2; shift ;;
    --schools) SCHOOLS=$2; shift ;;
    --zoneplan) ZONEPLAN=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "kill.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v strace >/dev/null || { echo "kill.sh: needs strace (scripts/deps.sh --bench)" >&2; exit 2; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ -z "$ZONEPLAN" ]; then
  log "building zoneplan (Release) in bench/build/zoneplan"
  cmake -S "$ROOT" -B "$BENCH/build/zoneplan" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$BENCH/build/zoneplan" --target zoneplan_cli -j2 >/dev/null
  ZONEPLAN=$BENCH/build/zoneplan/zoneplan
fi

inst=$BENCH/instances/b$BLOCKS-s$SCHOOLS-seed2026
if [ ! -f "$inst/.done" ]; then
  log "generating $BLOCKS blocks (cached in $inst)"
  rm -rf "$inst"
  ZP_QUIET=1 "$ZONEPLAN" gen --out "$inst" --blocks "$BLOCKS" --schools "$SCHOOLS" --seed 2026
  touch "$inst/.done"
fi

work=$BENCH/work/kill
rm -rf "$work"
mkdir -p "$work"
# two scenarios with different plans: A as the sample's, B with enforce_caps
for s in A B; do
  sed -e "s#\.\./data/sample/#$inst/#g" -e "s#^name: .*#name: kill test $s#" \
      "$ROOT/scenarios/sample-baseline.yaml" > "$work/$s.yaml"
done
sed -i -e "s#enforce_caps: false#enforce_caps: true #" "$work/B.yaml"
grep -q "enforce_caps: true" "$work/B.yaml" || { echo "kill.sh: cannot make scenario B" >&2; exit 2; }

sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
inputs_sum() { (cd "$inst" && sha256sum blocks.* schools.*); }
run() { ZP_QUIET=1 "$ZONEPLAN" run "$work/$1.yaml" --out "$work/out" --no-publish; }

log "reference runs"
for s in A B; do
  ZP_QUIET=1 "$ZONEPLAN" run "$work/$s.yaml" --out "$work/ref$s" --no-publish >/dev/null
  sums "$work/ref$s" > "$work/ref$s.sum"
done
cmp -s "$work/refA.sum" "$work/refB.sum" && { echo "kill.sh: A and B give the same folder" >&2; exit 2; }
inputs_sum > "$work/inputs.sum"
t0=$(date +%s.%N)
run A >/dev/null
T=$(awk "BEGIN{print $(date +%s.%N) - $t0}")
log "one run: ${T} s"
state=A

# the moments around the swap, as syscall:occurrence for strace's injection
POINTS=(mkdir:1 fsync:1 fsync:8 fsync:16 fsync:24 renameat2:1 unlinkat:1 unlinkat:8 unlinkat:20)
kills=0 tries=0 random_kills=0 strace_kills=0 left_old=0 left_new=0 max_staging=0 fails=0
declare -A point_kills=()
report_fail() { echo "FAIL after kill $kills: $*" | tee -a "$work/failures.txt" >&2; fails=$((fails + 1)); }
while [ "$kills" -lt "$KILLS" ]; do
  tries=$((tries + 1))
  next=$([ "$state" = A ] && echo B || echo A)
  if [ $((tries % 3)) -eq 0 ]; then
    p=${POINTS[$(((tries / 3) % ${#POINTS[@]}))]}
    sc=${p%%:*} k=${p##*:}
    how="strace $p"
    set +e
    ZP_QUIET=1 strace -f -qq -o /dev/null -e trace="$sc" \
      -e inject="$sc":signal=SIGKILL:when="$k" "$ZONEPLAN" run "$work/$next.yaml" \
      --out "$work/out" --no-publish >/dev/null 2>&1
    st=$?
    set -e
  else
    delay=$(awk -v s="$RANDOM" -v t="$T" 'BEGIN{srand(s); printf "%.3f", rand() * t * 1.1}')
    how="random ${delay}s"
    ZP_QUIET=1 "$ZONEPLAN" run "$work/$next.yaml" --out "$work/out" --no-publish >/dev/null 2>&1 &
    pid=$!
    disown -h "$pid" 2>/dev/null || true
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    set +e
    wait "$pid" 2>/dev/null
    st=$?
    set -e
  fi
  if [ "$st" -ne 137 ]; then # finished before the kill (or never reached the point)
    [ "$st" -eq 0 ] && state=$next
    [ "$st" -eq 0 ] || report_fail "exit $st without a kill ($how)"
    continue
  fi
  kills=$((kills + 1))
  case "$how" in strace*) strace_kills=$((strace_kills + 1)); point_kills[$p]=$((${point_kills[$p]:-0} + 1)) ;;
                 *) random_kills=$((random_kills + 1)) ;; esac
  sums "$work/out" > "$work/now.sum"
  if cmp -s "$work/now.sum" "$work/ref$state.sum"; then
    left_old=$((left_old + 1))
  elif cmp -s "$work/now.sum" "$work/ref$next.sum"; then
    left_new=$((left_new + 1))
    state=$next
  else
    report_fail "folder is neither run ($how): $(diff "$work/now.sum" "$work/ref$next.sum" | head -3 | tr '\n' ' ')"
  fi
  inputs_sum | cmp -s - "$work/inputs.sum" || report_fail "an input changed ($how)"
  n=$(find "$work" -maxdepth 1 -name '.out.zoneplan-stage-*' | wc -l)
  [ "$n" -gt "$max_staging" ] && max_staging=$n
  # each run removes what the runs killed before it left; only the kill just made may remain
  # (two: the old folder swapped out, and nothing else, is also one)
  [ "$n" -le 1 ] || report_fail "$n staging folders left ($how)"
  log "kill $kills ($how): folder is the $([ "$state" = "$next" ] && echo new || echo old) run"
done
# and a run to the end
final_next=$([ "$state" = A ] && echo B || echo A)
run "$final_next" >/dev/null 2>&1 || report_fail "the run after the last kill failed"
sums "$work/out" | cmp -s - "$work/ref$final_next.sum" || report_fail "the last run's folder is not whole"
n=$(find "$work" -maxdepth 1 -name '.out.zoneplan-stage-*' | wc -l)
[ "$n" -eq 0 ] || report_fail "$n staging folders left after a run to the end"

points=""
for p in "${POINTS[@]}"; do points="$points $p (${point_kills[$p]:-0})"; done
mkdir -p "$BENCH/results"
cat > "$BENCH/results/kill.md" <<EOF
# Kill test

\`bench/kill.sh\` on $(date -u +%Y-%m-%d): \`zoneplan run\` on a $BLOCKS-block district ($SCHOOLS
schools, \`zoneplan gen --seed 2026\`), killed with SIGKILL $KILLS times in a row, two scenarios
alternating (the sample's policy, and the same with \`enforce_caps: true\`); one run takes
$(printf '%.1f' "$T") s here.

| | |
|---|---|
| kills | $kills ($random_kills at a random moment of the run, $strace_kills by strace at a syscall) |
| runs started | $tries ($((tries - kills)) finished before their kill moment) |
| folder after the kill was the previous run, whole | $left_old |
| folder after the kill was the new run, whole | $left_new |
| folder was anything else | $(grep -c "neither run" "$work/failures.txt" 2>/dev/null || echo 0) |
| inputs' sha256 changed | $(grep -c "input changed" "$work/failures.txt" 2>/dev/null || echo 0) |
| most staging folders left beside the output | $max_staging |
| checks failed | $fails |

Syscall moments (strace \`-e inject=SYSCALL:signal=SIGKILL:when=N\`, kills each):$points.
A run to the end after the last kill left the new run whole and no staging folder: $([ "$fails" -eq 0 ] && echo yes || echo no).
EOF
log "kills $kills, failures $fails: bench/results/kill.md"
[ "$fails" -eq 0 ]
