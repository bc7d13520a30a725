#!/bin/bash
# The fuzzing campaign: every harness of tests/fuzz for a budget (default 3600 s each), two
# at a time on the 2 cores, through scripts/fuzz.sh (temporary copies of the committed
# corpora; findings in build-fuzz/findings/), and bench/results/fuzz.md: per harness the
# executions, executions per second, coverage (libFuzzer's cov: edges and ft: features at
# the end), corpus size, and the crashes (sanitizer reports included), leaks, hangs over
# 5 s and out-of-memory inputs found. Exits 1 when anything was found.
#   bench/fuzz.sh [SECONDS [JOBS]]
# JOBS (default 2, one per core) harnesses run at once; more than the cores share them, and
# the table then says so (the CPU seconds each harness had are in its own column).
set -e
cd "$(dirname "$0")/.."
budget=${1:-3600}
jobs=${2:-2}
stats=$(mktemp /tmp/zpfuzz-stats.XXXXXX)
trap 'rm -f "$stats"' EXIT
status=0
scripts/fuzz.sh --budget "$budget" --jobs "$jobs" --stats "$stats" || status=$?
[ -s "$stats" ] || exit "${status:-1}"
mkdir -p bench/results
out=bench/results/fuzz.md
{
  echo "# Fuzzing: every reader under libFuzzer, ASan and UBSan"
  echo
  echo "Machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d); $(clang --version | head -1)."
  echo "Command: bench/fuzz.sh $budget $jobs (${budget} s of wall time per harness, $jobs harnesses at a time on $(nproc) cores; -timeout=5,"
  echo "-max_len=65536, leak detection on). Harnesses and their input formats: tests/fuzz/README.md."
  echo "Corpus: the committed corpus and regression inputs, grown for the run in a temporary copy."
  echo "Crashes: inputs that crashed, drew an ASan or UBSan report, or made a reader return an"
  echo "error other than ZP_EINPUT (each harness aborts then); cov and ft count zoneplan's own code."
  echo
  echo "| harness | budget s | CPU s | executions | exec/s | cov | ft | corpus (files, KiB) | crashes | leaks | hangs > 5 s | out of memory |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  while IFS=$'\t' read -r h b execs rate cov ft count bytes crash leak hang oom cpu; do
    echo "| $h | $b | $cpu | $execs | $rate | $cov | $ft | $count, $(((bytes + 1023) / 1024)) | $crash | $leak | $hang | $oom |"
  done <"$stats"
  echo
  if [ "$status" -ne 0 ]; then
    echo "Findings (inputs and logs) are in build-fuzz/findings/: each becomes a regression input"
    echo "under tests/fuzz/regress/HARNESS/ with its fix."
  else
    echo "Nothing found."
  fi
} >"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
exit "$status"
