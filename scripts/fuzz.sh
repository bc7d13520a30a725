#!/bin/bash
# Builds the libFuzzer harnesses of tests/fuzz (build-fuzz/, clang with ASan and UBSan) and
# runs each for a fixed budget on a temporary copy of its committed corpus and regression
# inputs, so the repository is never written. A harness that finds something (a crash, a
# sanitizer report, a leak, an input taking over 5 s, an out-of-memory) is restarted for
# the rest of its budget; what it found is kept in build-fuzz/findings/HARNESS/ and the
# script exits 1 once every harness has had its time.
#   scripts/fuzz.sh [--budget SECONDS] [--cpu] [--jobs N] [--stats FILE] [HARNESS...]
# --budget: seconds per harness (default 30), of wall time, or with --cpu of CPU time (the
# harness is restarted until it has had that much, however busy the machine: the long
# campaign's measure); --jobs: harnesses run at once (default 1);
# --stats: append one tab-separated line per harness (bench/fuzz.sh makes its table of them):
#   harness budget executions exec/s cov ft corpus_files corpus_bytes crashes leaks hangs ooms
#   cpu_seconds wall_seconds
set -e
cd "$(dirname "$0")/.."
budget=30 jobs=1 stats="" cpu_budget=0
TIMEFORMAT="%3U %3S"
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --cpu) cpu_budget=1; shift ;;
    --stats) stats="$2"; shift 2 ;;
    -*) echo "usage: scripts/fuzz.sh [--budget SECONDS] [--cpu] [--jobs N] [--stats FILE] [HARNESS...]" >&2
        exit 1 ;;
    *) break ;;
  esac
done
harnesses="$*"
[ -n "$harnesses" ] || harnesses=$(cd tests/fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')

cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DZP_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j2 --target fuzz

work=$(mktemp -d /tmp/zpfuzz-run.XXXXXX)
shm=$(mktemp -d "$( [ -w /dev/shm ] && echo /dev/shm || echo /tmp )/zpfuzz.XXXXXX")
trap 'rm -rf "$work" "$shm"' EXIT
root=$(pwd)

# One harness for the whole budget; its figures into $work/$h/result.
fuzz_one() {
  local h=$1 dir="$work/$1" start left runs=0 execs=0
  mkdir -p "$dir/corpus" "$dir/artifacts" "$shm/$h"
  for src in "tests/fuzz/corpus/$h" "tests/fuzz/regress/$h"; do
    [ -d "$src" ] && find "$src" -maxdepth 1 -type f ! -name '*.expect' ! -name 'README.md' \
      -exec cp {} "$dir/corpus/" \;
  done
  start=$(date +%s)
  left=$budget
  while [ "$left" -gt 2 ] && [ $runs -lt 20 ]; do
    runs=$((runs + 1))
    # the CPU time it had (user + system), which is less than the wall time when harnesses
    # outnumber the cores
    { time (ZPF_TMP="$shm/$h" UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      LSAN_OPTIONS=suppressions="$root/tests/lsan.supp" \
      "build-fuzz/tests/fuzz/fuzz_$h" "$dir/corpus" -max_total_time="$left" -timeout=5 \
      -max_len=65536 -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
      </dev/null >"$dir/log.$runs" 2>&1 || true); } 2>"$dir/cpu.$runs"
    # executions: the final stats, or (a run stopped by a finding) the last "#N" line
    execs=$((execs + $(awk '/^stat::number_of_executed_units:/ {n = $2; done = 1}
      /^#[0-9]+/ && !done {sub("#", "", $1); n = $1} END {print n + 0}' "$dir/log.$runs")))
    if [ "$cpu_budget" = 1 ]; then # what it has had so far, in CPU seconds
      left=$((budget - $(cat "$dir"/cpu.* | awk '{s += $1 + $2} END {printf "%d", s}')))
    else
      left=$((budget - ($(date +%s) - start)))
    fi
  done
  local secs=$(($(date +%s) - start)) cov ft count bytes cpu
  cpu=$(cat "$dir"/cpu.* | awk '{s += $1 + $2} END {printf "%d", s}')
  read -r cov ft < <(cat "$dir"/log.* | awk '/ cov: [0-9]+ ft: [0-9]+/ {
      for (i = 1; i < NF; i++) { if ($i == "cov:") c = $(i + 1); if ($i == "ft:") f = $(i + 1) } }
      END {print c + 0, f + 0}')
  count=$(find "$dir/corpus" -type f | wc -l)
  bytes=$(find "$dir/corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  local found=() k
  for k in crash leak timeout oom; do
    found+=("$(find "$dir/artifacts" -name "$k-*" | wc -l)")
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$budget" "$execs" \
    "$((execs / (cpu > 0 ? cpu : 1)))" "$cov" "$ft" "$count" "$bytes" "${found[@]}" "$cpu" "$secs" \
    >"$dir/result"
  if [ -n "$(ls -A "$dir/artifacts")" ]; then
    mkdir -p "build-fuzz/findings/$h"
    cp "$dir"/artifacts/* "build-fuzz/findings/$h/"
    cp "$dir"/log.* "build-fuzz/findings/$h/"
  fi
}

running=0
for h in $harnesses; do
  [ -f "tests/fuzz/fuzz_$h.c" ] || { echo "fuzz: no harness $h" >&2; exit 1; }
  echo "fuzz: $h for ${budget}s$([ "$cpu_budget" = 1 ] && echo " of CPU")" >&2
  fuzz_one "$h" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
printf '%-10s %6s %10s %8s %6s %6s %8s %7s %5s %6s %4s\n' harness cpu_s executions exec/s cov ft corpus \
  crashes leaks hangs ooms >&2
for h in $harnesses; do
  IFS=$'\t' read -r name b execs rate cov ft count bytes crash leak hang oom cpu wall <"$work/$h/result"
  printf '%-10s %6s %10s %8s %6s %6s %8s %7s %5s %6s %4s\n' "$h" "$cpu" "$execs" "$rate" "$cov" "$ft" \
    "$count" "$crash" "$leak" "$hang" "$oom" >&2
  [ -n "$stats" ] && cat "$work/$h/result" >>"$stats"
  if [ $((crash + leak + hang + oom)) -gt 0 ]; then
    failed=1
    echo "fuzz: $h found $((crash + leak + hang + oom)) inputs: build-fuzz/findings/$h/" >&2
  fi
done
exit $failed
