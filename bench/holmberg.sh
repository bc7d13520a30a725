#!/bin/sh
# The Holmberg benchmark of single-source capacitated facility location (the siting
# problem's core): builds zoneplan, solves all 71 instances of ../shared/data/sscflp-holmberg
# and writes bench/results/holmberg.md (ours, the published optimum, the gap to it, our
# proven gap to our own lower bound, seconds). Targets (issue 7): mean gap under 0.5 %, none
# over 2 %, all 71 in under 60 s.
#   bench/holmberg.sh [DATA_DIR]
set -e
cd "$(dirname "$0")/.."
data=${1:-../shared/data/sscflp-holmberg}
[ -f "$data/os" ] || { echo "holmberg.sh: no $data/os (give the folder of the instances)" >&2; exit 2; }
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target holmberg_bench >/dev/null
mkdir -p bench/results
out=bench/results/holmberg.md
tmp=$out.tmp
{
  echo "# Holmberg SSCFLP instances: zoneplan's siting solver against the published optima"
  echo
  echo "Machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d). One thread. Command: bench/holmberg.sh"
  echo
  build/holmberg_bench --optima "$data/os" $(ls "$data"/p* | sort -V)
} > "$tmp"
mv "$tmp" "$out"
tail -2 "$out"
