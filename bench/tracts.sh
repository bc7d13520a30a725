#!/usr/bin/env bash
# Real census tracts with tight capacity: how whole and how good zoneplan's plans are where
# blocks are coarse (a tract of hundreds of children) and places short, against a general
# MILP on the same whole-block problem.
#
#   bench/tracts.sh                     every county below
#   bench/tracts.sh --limit 120         seconds the peer's CBC may take per county (default 60)
#   bench/tracts.sh --exact 30          seconds zoneplan's exact finish may take per model
#                                       (policy.exact_seconds; default 30)
#
# Needs `scripts/deps.sh --bench` (r-cran-spdata: the tracts; python3-pulp and coinor-cbc:
# the peer). Per county (Debian's r-cran-spdata):
#   ny8     New York, 8 counties upstate: 281 tracts (NY8_utm18, population POP8)
#   boston  Boston area: 506 tracts (boston_tracts, population POP)
#   auckland Auckland, New Zealand: 167 census area units (auckland, children under 5 in 1981,
#           Und5_81, all taken as primary children; the layer states no CRS: its grid is in
#           kilometres, scaled to metres here and labelled NZTM 2000 so that PROJ accepts it)
# the blocks are the tracts with 8 % of their population as primary children; the schools
# come from a fixed rule: the district's extent cut into a GRID x GRID grid, one school at
# the most populous tract of each cell with children, its places 0.95 of the cell's children
# (so every neighbourhood is short, as in a district whose classes are large). Then:
#   1. zoneplan run (straight lines; the tracts have no roads), --stats and --export-instance;
#   2. bench/peers/gap_peer.py: the same whole-block problem over the same candidate pairs
#      as a MILP (PuLP + CBC), to its optimum or the time limit.
# Results: bench/results/raw/tracts-<county>.json and bench/results/tracts.md.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
LIMIT=60
EXACT=30
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) LIMIT=$2; shift ;;
    --exact) EXACT=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "tracts.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
SPDATA=/usr/lib/R/site-library/spData/shapes
[ -f "$SPDATA/NY8_utm18.shp" ] || { echo "tracts.sh: r-cran-spdata is missing: scripts/deps.sh --bench" >&2; exit 1; }
PY=/usr/bin/python3
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cmake -S "$ROOT" -B "$BENCH/build/zoneplan" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BENCH/build/zoneplan" -j2 --target zoneplan_cli >/dev/null
ZP="$BENCH/build/zoneplan/zoneplan"
mkdir -p "$BENCH/results/raw" "$BENCH/work"

# name | layer (file under $SPDATA) | children (SQL over the layer's fields) | grid | scale
COUNTIES="ny8|NY8_utm18|round(POP8 * 0.08)|9|1
boston|boston_tracts|round(POP * 0.08)|14|1
auckland|auckland|round(Und5_81)|8|1000"

while IFS='|' read -r name layer kids grid scale; do
  inst="$BENCH/instances/tracts-$name"
  work="$BENCH/work/tracts-$name"
  rm -rf "$inst" "$work"
  mkdir -p "$inst" "$work"
  src="$SPDATA/$layer.shp"
  log "$name: tracts and schools from $layer"
  if [ "$scale" != 1 ]; then # a grid in kilometres without a CRS: metres, and a CRS label
    ogr2ogr -q -a_srs EPSG:2193 -dialect sqlite -sql "SELECT ScaleCoords(geometry, $scale)
        AS geometry, * FROM $layer" "$work/$layer.shp" "$src"
    src="$work/$layer.shp"
  fi
  ogr2ogr -q -dialect sqlite -sql "SELECT geometry, printf('T%04d', ROWID + 1) AS BLOCK_ID,
      printf('Tract %d', ROWID + 1) AS NAME, CAST($kids AS INTEGER) AS PRI
      FROM $layer" "$inst/blocks.shp" "$src"
  ogr2ogr -q -dialect sqlite -sql "
    WITH t AS (SELECT ROWID AS id, $kids AS pop, ST_X(ST_PointOnSurface(geometry)) AS x,
                      ST_Y(ST_PointOnSurface(geometry)) AS y FROM $layer),
    b AS (SELECT min(x) AS x0, max(x) AS x1, min(y) AS y0, max(y) AS y1 FROM t),
    c AS (SELECT t.*, CAST((x - x0) / (x1 - x0) * $grid * 0.999999 AS INTEGER) AS cx,
                 CAST((y - y0) / (y1 - y0) * $grid * 0.999999 AS INTEGER) AS cy FROM t, b),
    r AS (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY cx, cy ORDER BY pop DESC, id) AS rk,
                 SUM(pop) OVER (PARTITION BY cx, cy) AS kids FROM c)
    SELECT MakePoint(x, y) AS geometry,
           printf('S%03d', ROW_NUMBER() OVER (ORDER BY cy, cx)) AS SCHOOL_ID,
           printf('School at tract %d', id + 1) AS NAME, 'primary' AS TYPE,
           CAST(kids * 0.95 AS INTEGER) AS CAP_PRI,
           CAST((CAST(kids * 0.95 AS INTEGER) + 44) / 45 AS INTEGER) AS CLS_PRI
    FROM r WHERE rk = 1 AND kids > 0" "$inst/schools.shp" "$src"
  cp "$inst/blocks.prj" "$inst/schools.prj"
  cat > "$work/scenario.yaml" <<EOT
name: $name tracts, places 0.95 of the children
blocks:  {path: $inst/blocks.shp, id: BLOCK_ID, name: NAME, children: {primary: PRI}}
schools: {path: $inst/schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,
          capacity: {primary: CAP_PRI}, classes: {primary: CLS_PRI}}
output: {dir: $work/out, publish: false}
policy: {exact_seconds: $EXACT, exact_nodes: 100000000}
EOT
  log "$name: zoneplan run"
  /usr/bin/time -f '%e' -o "$work/time.txt" "$ZP" run "$work/scenario.yaml" --quiet \
    --stats "$work/stats.json" --export-instance "$work/inst" > "$work/run.log" 2>&1
  log "$name: the whole-block MILP with CBC (limit $LIMIT s)"
  $PY "$BENCH/peers/gap_peer.py" "$work/inst-primary.txt" --time-limit "$LIMIT" > "$work/peer.json"
  $PY - "$work" "$name" "$layer" "$BENCH/results/raw/tracts-$name.json" <<'EOP'
import json, sys
work, name, layer, out = sys.argv[1:5]
summary = json.load(open(f"{work}/out/summary.json"))
lv = summary["levels"]["primary"] if "levels" in summary else summary["primary"]
stats = json.load(open(f"{work}/stats.json"))
peer = json.load(open(f"{work}/peer.json"))
wall = float(open(f"{work}/time.txt").read().split()[0])
json.dump({"county": name, "layer": layer, "blocks": summary["blocks"],
           "schools": peer["schools"], "zoneplan": {
               "lp_bound": lv["lp_bound"], "objective": lv["objective"], "gap": lv["gap"],
               "shortfall": lv["shortfall"], "contiguity": lv.get("contiguity"),
               "exact": lv.get("exact"), "level_stats": stats["levels"]["primary"],
               "wall_s": wall, "stages_s": stats["stages_s"]},
           "peer": peer}, open(out, "w"), indent=1)
EOP
done <<< "$COUNTIES"
$PY "$BENCH/tracts_report.py" "$BENCH/results/raw" > "$BENCH/results/tracts.md"
log "bench/results/tracts.md written"
