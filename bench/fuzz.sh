#!/bin/bash
# The fuzzing campaign: harnesses of tests/fuzz for a budget of CPU time (default 3600 s
# each: restarted until they have had it, however busy the machine), two at a time on the 2
# cores, through scripts/fuzz.sh (temporary copies of the committed corpora;
# findings in build-fuzz/findings/), and bench/results/fuzz.md: per harness the executions,
# executions per second, coverage (libFuzzer's cov: edges and ft: features at the end),
# corpus size, and the crashes (sanitizer reports included), leaks, hangs over 5 s and
# out-of-memory inputs found. Exits 1 when anything was found.
#   bench/fuzz.sh [SECONDS [JOBS [HARNESS...]]]
# JOBS (default 2, one per core) harnesses run at once; more than the cores share them (the
# CPU seconds each harness had are in their own column). HARNESS names run only those: the
# table keeps the other harnesses' rows from its last version, each row dated and naming
# the commit it ran on, so an hour per harness can be spread over several sittings.
set -e
cd "$(dirname "$0")/.."
budget=${1:-3600}
jobs=${2:-2}
shift $(($# < 2 ? $# : 2))
stats=$(mktemp /tmp/zpfuzz-stats.XXXXXX)
trap 'rm -f "$stats"' EXIT
status=0
scripts/fuzz.sh --budget "$budget" --cpu --jobs "$jobs" --stats "$stats" "$@" || status=$?
[ -s "$stats" ] || exit "${status:-1}"
mkdir -p bench/results
out=bench/results/fuzz.md
when=$(date -u +%Y-%m-%d)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
{
  echo "# Fuzzing: every reader under libFuzzer, ASan and UBSan"
  echo
  echo "Machine: $(nproc) cores, $(uname -m); $(clang --version | head -1)."
  echo "Command: bench/fuzz.sh SECONDS JOBS [HARNESS...] (the budget s column: CPU time per"
  echo "harness, libFuzzer restarted until it has had it; CPU s what it had, wall s how long that"
  echo "took; jobs: harnesses at a time on the $(nproc) cores; -timeout=5, -max_len=65536, leak"
  echo "detection on; exec/s per CPU second). Each row is one harness's last run: its date and"
  echo "commit in \"run on\"."
  echo "Harnesses and their input formats: tests/fuzz/README.md."
  echo "Corpus: the committed corpus and regression inputs, grown for the run in a temporary copy."
  echo "Crashes: inputs that crashed, drew an ASan or UBSan report, or made a reader return an"
  echo "error other than ZP_EINPUT (each harness aborts then); cov and ft count zoneplan's own code."
  echo
  echo "| harness | run on | budget s | jobs | CPU s | wall s | executions | exec/s | cov | ft | corpus (files, KiB) | crashes | leaks | hangs > 5 s | out of memory |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  {
    while IFS=$'\t' read -r h b execs rate cov ft count bytes crash leak hang oom cpu wall; do
      echo "| $h | $when $commit | $b | $jobs | $cpu | $wall | $execs | $rate | $cov | $ft | $count, $(((bytes + 1023) / 1024)) | $crash | $leak | $hang | $oom |"
    done <"$stats"
    # the rows of harnesses not run this time, as the last table had them
    [ -f "$out" ] && grep '^| [a-z_]* | 20' "$out" | while read -r row; do
      h=$(echo "$row" | awk -F' [|] ' '{print substr($1, 3)}')
      cut -f1 "$stats" | grep -qx "$h" || echo "$row"
    done
  } | sort
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
