#!/bin/sh
# Siting at scale (issue 7): a generated district of 100,000 blocks and 500 schools (the
# benchmark's, cached in bench/instances/), candidates on a 2.5 km grid near the blocks that
# lack a place or a near school, one 36-class primary design, up to 10 openings. Writes
# bench/results/siting.md: wall time, peak memory, plans scored, the bound and the gap.
# Target: under 5 minutes, progress shown.
#   bench/siting.sh [BLOCKS SCHOOLS]
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${1:-100000}
M=${2:-500}
work=$ROOT/bench/work/siting-$N
label=siting
. bench/instance.sh
cat >> "$work/scenario.yaml" <<'YAML'
siting:
  candidates: {grid: {spacing_m: 2500}}
  designs:
    - {type: primary, classes: 36}
  open: 10
YAML
/usr/bin/time -f "%e %M" -o "$work/time.txt" build/zoneplan site "$work/scenario.yaml" \
  --out "$work/siting" > "$work/site.log"
read -r secs kb < "$work/time.txt"
out=bench/results/siting.md
{
  echo "# Siting at scale: $N blocks, $M schools"
  echo
  echo "Machine: $(nproc) cores; $(date -u +%Y-%m-%d). Command: bench/siting.sh $N $M"
  echo
  echo "Wall time $secs s, peak memory $((kb / 1024)) MiB (target: under 5 minutes)."
  echo
  echo '```'
  grep -v '^warning' "$work/site.log"
  echo '```'
  echo
  sed -n '/^## Openings/,$p' "$work/siting/report.md"
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out" | head -20
