#!/usr/bin/env bash
# Large generated districts: is the plan whole, how far from optimal is it proven, how long does
# the whole run take, and what does a general MILP do with the same whole-block problem.
#
#   bench/scale.sh                        100,000 x 500 and 1,000,000 x 2,000
#   bench/scale.sh --scales "20000x100"   other scales (blocks x schools)
#   bench/scale.sh --exact 30             seconds zoneplan's exact finish may take per model
#                                         (policy.exact_seconds; default 30)
#   bench/scale.sh --limit 300            seconds the peer's CBC may take (default 300)
#   bench/scale.sh --peer-max 100000      no peer above this many blocks (default 100,000: the
#                                         MILP's model alone outgrows the machine beyond)
#
# Needs `scripts/deps.sh --bench` (python3-pulp, coinor-cbc). Per scale: the district from
# `zoneplan gen` (seed 2026, cached in bench/instances/b<N>-s<M>-seed2026/, as bench/run.sh),
# the sample's baseline policy (walking distances on the streets, the river crossed on its
# bridges, contiguity on) with the exact finish on; one zoneplan run, timed, with --stats and
# --export-instance; then bench/peers/gap_peer.py on the primary level (the same whole-block
# problem over the same candidate pairs, PuLP + CBC) to its optimum or the time limit.
# Results: bench/results/raw/scale-<key>.json and bench/results/scale.md.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SCALES="100000x500 1000000x2000"
EXACT=30
LIMIT=300
PEER_MAX=100000
SEED=2026
while [ $# -gt 0 ]; do
  case "$1" in
    --scales) SCALES=$2; shift ;;
    --exact) EXACT=$2; shift ;;
    --limit) LIMIT=$2; shift ;;
    --peer-max) PEER_MAX=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "scale.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
PY=/usr/bin/python3
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cmake -S "$ROOT" -B "$BENCH/build/zoneplan" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BENCH/build/zoneplan" -j2 --target zoneplan_cli >/dev/null
ZP="$BENCH/build/zoneplan/zoneplan"
mkdir -p "$BENCH/results/raw" "$BENCH/work" "$BENCH/instances"

for scale in $SCALES; do
  N=${scale%x*}; M=${scale#*x}
  key=b$N-s$M-seed$SEED
  inst=$BENCH/instances/$key
  work=$BENCH/work/scale-$key
  if [ ! -f "$inst/.done" ]; then
    log "generating $key (cached in bench/instances/$key)"
    rm -rf "$inst"
    "$ZP" gen --out "$inst" --blocks "$N" --schools "$M" --seed "$SEED" >/dev/null 2>&1
    touch "$inst/.done"
  fi
  rm -rf "$work"; mkdir -p "$work"
  sed -e "s#\.\./data/sample/#$inst/#g" \
      -e "s#dir: *\.\./out/sample-baseline#dir: $work/out, publish: false#" \
      -e "s#^name: .*#name: scale $key#" \
      -e "s#^policy:#policy:\n  exact_seconds: $EXACT\n  exact_nodes: 100000000#" \
      "$ROOT/scenarios/sample-baseline.yaml" > "$work/scenario.yaml"
  grep -q "$inst/blocks.shp" "$work/scenario.yaml" && grep -q "exact_seconds: $EXACT" "$work/scenario.yaml" \
    || { echo "scale.sh: could not rewrite the sample scenario" >&2; exit 2; }
  log "$key: zoneplan run (exact finish up to $EXACT s per model)"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$ZP" run "$work/scenario.yaml" --quiet \
    --stats "$work/stats.json" --export-instance "$work/inst" > "$work/run.log" 2>&1 \
    || { echo "scale.sh: zoneplan run failed for $key:" >&2; tail -5 "$work/run.log" >&2; exit 1; }
  if [ "$N" -le "$PEER_MAX" ]; then
    log "$key: the whole-block MILP with CBC (limit $LIMIT s)"
    /usr/bin/time -f '%e %M' -o "$work/peer-time.txt" timeout --kill-after=30 $((LIMIT * 3)) \
      $PY "$BENCH/peers/gap_peer.py" "$work/inst-primary.txt" --time-limit "$LIMIT" \
      > "$work/peer.json" 2> "$work/peer.log" \
      || printf '{"solver": "PuLP + CBC", "status": "error", "note": "%s"}\n' \
           "$(tail -1 "$work/peer.log" | tr -d '"\\')" > "$work/peer.json"
  else
    printf '{"solver": "PuLP + CBC", "status": "skipped", "note": "not run above %s blocks"}\n' \
      "$PEER_MAX" > "$work/peer.json"
  fi
  $PY - "$work" "$key" "$BENCH/results/raw/scale-$key.json" <<'EOP'
import json, sys
work, key, out = sys.argv[1:4]
summary = json.load(open(f"{work}/out/summary.json"))
lv = summary["levels"]
stats = json.load(open(f"{work}/stats.json"))
wall, rss = open(f"{work}/time.txt").read().split()[:2]
levels = {}
for name, v in lv.items():
    levels[name] = {"lp_bound": v["lp_bound"], "objective": v["objective"], "gap": v["gap"],
                    "shortfall": v["shortfall"], "contiguity": v.get("contiguity"),
                    "exact": v.get("exact"), "level_stats": stats["levels"].get(name, {})}
json.dump({"scale": key, "blocks": summary["blocks"], "schools": summary["schools"],
           "zoneplan": {"levels": levels, "wall_s": float(wall), "peak_rss_mib": int(rss) / 1024,
                        "stages_s": stats["stages_s"]},
           "peer": json.load(open(f"{work}/peer.json"))}, open(out, "w"), indent=1)
EOP
  log "$key: done ($(cut -d' ' -f1 "$work/time.txt") s)"
done
$PY "$BENCH/tracts_report.py" "$BENCH/results/raw" --scale > "$BENCH/results/scale.md"
log "bench/results/scale.md written"
