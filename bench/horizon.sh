#!/bin/sh
# Places over the years at scale (issue 17): a generated district of 100,000 blocks and 500
# schools (the benchmark's, cached in bench/instances/), walking on its own streets, planned
# over 2026-2035 with the default projection (no siting: every year assigned with today's
# schools, central and high variants). Writes bench/results/horizon.md: wall time (with
# projection.csv, 27 million rows at this size), the plan's own stages, peak memory.
# Target: the 10-year horizon under 30 s.
#   bench/horizon.sh [BLOCKS SCHOOLS]
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${1:-100000}
M=${2:-500}
work=$ROOT/bench/work/horizon-$N
label=horizon
. bench/instance.sh
echo 'horizon: {years: 2026..2035}' >> "$work/scenario.yaml"
/usr/bin/time -f "%e %M" -o "$work/time.txt" build/zoneplan plan "$work/scenario.yaml" \
  --out "$work/plan" > "$work/plan.log"
read -r secs kb < "$work/time.txt"
out=bench/results/horizon.md
{
  echo "# Places over the years at scale: $N blocks, $M schools, 2026-2035"
  echo
  echo "Machine: $(nproc) cores; $(date -u +%Y-%m-%d). Command: bench/horizon.sh $N $M"
  echo
  echo "Wall time $secs s (writing projection.csv included), peak memory $((kb / 1024)) MiB."
  echo "Target: the 10-year horizon under 30 s."
  echo
  echo '```'
  grep -v '^warning' "$work/plan.log"
  echo '```'
  echo
  echo "projection.csv: $(wc -l < "$work/plan/projection.csv") lines, $(du -m "$work/plan/projection.csv" | cut -f1) MB."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
