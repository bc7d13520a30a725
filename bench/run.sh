#!/usr/bin/env bash
# zoneplan benchmark: zoneplan's whole pipeline and its LP against peer solvers.
#
#   bench/run.sh                  all scales: 1,000x10 10,000x50 20,000x100 100,000x500 1,000,000x2,000
#   bench/run.sh --quick          only the first three scales
#
# Options:
#   --zoneplan BIN    use this zoneplan binary (default: fresh Release build in bench/build/zoneplan)
#   --limit SECONDS   time limit per peer run (default 300)
#   --repeat N        zoneplan runs per scale, the median (by wall time) is reported (default 3)
#   --seed S          district seed (default 2026)
#   --scales "NxM ..." custom scales, e.g. --scales "5000x20 50000x200"
#   --no-report       do not run bench/report.py at the end
#   --keep-peers      re-time zoneplan only: keep the peer results in bench/results/raw from an
#                     earlier run and check that zoneplan still exports byte-identical instances
#                     (stops if not: then the peers must be rerun)
#
# Generated districts are cached in bench/instances/b<N>-s<M>-seed<S>/ (gitignored); zoneplan
# outputs and exported instances go to bench/work/ (gitignored, rewritten every run); all
# measurements go to bench/results/raw/*.json; bench/report.py then writes
# bench/results/results.md and bench/results/time_vs_blocks.png.
# Everything runs sequentially (one heavy job at a time); keep the machine otherwise idle.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
PY=/usr/bin/python3            # Debian python with python3-pulp and python3-matplotlib

ZONEPLAN=""
LIMIT=300
REPEAT=3
SEED=2026
SCALES="1000x10 10000x50 20000x100 100000x500 1000000x2000"
REPORT=1
KEEP_PEERS=0
PULP_MAX_BLOCKS=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SCALES="1000x10 10000x50 20000x100" ;;
    --zoneplan) ZONEPLAN=$2; shift ;;
    --limit) LIMIT=$2; shift ;;
    --repeat) REPEAT=$2; shift ;;
    --seed) SEED=$2; shift ;;
    --scales) SCALES=$2; shift ;;
    --no-report) REPORT=0 ;;
    --keep-peers) KEEP_PEERS=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# one bench/run.sh at a time: two runs would share bench/work/ and bench/results/raw/ and time
# each other
mkdir -p "$BENCH/work"
exec 9>"$BENCH/work/.run.lock"
flock -n 9 || { echo "run.sh: another bench/run.sh is running (lock bench/work/.run.lock)" >&2; exit 1; }

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- build ------------------------------------------------------------------------------
if [ -z "$ZONEPLAN" ]; then
  log "building zoneplan (Release) in bench/build/zoneplan"
  cmake -S "$ROOT" -B "$BENCH/build/zoneplan" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$BENCH/build/zoneplan" --target zoneplan_cli -j2 >/dev/null
  ZONEPLAN=$BENCH/build/zoneplan/zoneplan
fi
ZONEPLAN=$(cd "$(dirname "$ZONEPLAN")" && pwd)/$(basename "$ZONEPLAN")
[ -x "$ZONEPLAN" ] || { echo "run.sh: $ZONEPLAN is not executable" >&2; exit 2; }
log "building peers in bench/build/peers"
make -s -C "$BENCH" >/dev/null
PEERS=$BENCH/build/peers

RAW=$BENCH/results/raw
WORK=$BENCH/work
mkdir -p "$RAW" "$WORK" "$BENCH/instances"
if [ "$KEEP_PEERS" = 1 ]; then
  [ -f "$RAW/env-peers.json" ] || cp "$RAW/env.json" "$RAW/env-peers.json"
  rm -f "$RAW"/env.json "$RAW"/*.zoneplan.*.json "$RAW"/*.zoneplan-export.json
else
  rm -f "$RAW"/*.json
fi

# ---- environment ------------------------------------------------------------------------
{
  printf '{"date": "%s", "host_cpu": "%s", "cores": %s, "mem_total_kib": %s,\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)" \
    "$(awk '/MemTotal/ {print $2}' /proc/meminfo)"
  printf ' "zoneplan_binary": "%s", "zoneplan_commit": "%s", "zoneplan_dirty": %s,\n' \
    "$ZONEPLAN" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$( [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] && echo true || echo false)"
  printf ' "lemon": "%s", "glpk": "%s", "cbc": "%s", "pulp": "%s",\n' \
    "$(dpkg-query -W -f='${Version}' liblemon-dev 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' libglpk-dev 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' coinor-cbc 2>/dev/null || echo '?')" \
    "$($PY -c 'import pulp; print(pulp.__version__)' 2>/dev/null || echo '?')"
  printf ' "limit_s": %s, "repeat": %s, "seed": %s, "scales": "%s", "pulp_max_blocks": %s,\n' \
    "$LIMIT" "$REPEAT" "$SEED" "$SCALES" "$PULP_MAX_BLOCKS"
  printf ' "keep_peers": %s, "load_avg_at_start": "%s"}\n' \
    "$( [ "$KEEP_PEERS" = 1 ] && echo true || echo false)" "$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RAW/env.json"

# ---- helpers ----------------------------------------------------------------------------
# run_peer OUT.json SOLVER-NAME LEVEL INSTANCE CMD...: runs CMD under `timeout $LIMIT`, stores
# its JSON line (plus wall time and peak RSS from GNU time) or a time-limit / error record.
run_peer() {
  local out=$1 name=$2 level=$3 inst=$4; shift 4
  local tmp; tmp=$(mktemp -d)
  local rc=0
  timeout --kill-after=10 "$LIMIT" /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    # the limit covers reading + building + solving; the peer reports "built build_s=X" on
    # stderr just before it starts solving, so the solve took more than LIMIT - X
    local built; built=$(sed -n 's/^built build_s=//p' "$tmp/err" | tail -1)
    printf '{"solver": "%s", "level": "%s", "instance": "%s", "status": "time_limit", "limit_s": %s, "build_s": %s, "solve_lower_bound_s": %s}\n' \
      "$name" "$level" "$inst" "$LIMIT" "${built:-null}" \
      "$( [ -n "$built" ] && awk "BEGIN{print $LIMIT - $built}" || echo null)" > "$out"
    log "  $name $level: > $LIMIT s (limit)${built:+, built in $built s}"
  elif [ -s "$tmp/out" ] && tail -1 "$tmp/out" | grep -q '^{'; then
    read -r wall rss < <(tail -1 "$tmp/time")
    tail -1 "$tmp/out" | $PY -c "import json,sys; d=json.loads(sys.stdin.read()); \
d.update(exit_code=$rc, process_wall_s=float('$wall'), peak_rss_mib=int('$rss')/1024); print(json.dumps(d))" > "$out"
    log "  $name $level: $(tail -1 "$tmp/out" | $PY -c "import json,sys; d=json.loads(sys.stdin.read()); print(d['status'], 'solve', round(d['solve_s'],3), 's, objective', d['objective_cm'])")"
  else
    printf '{"solver": "%s", "level": "%s", "instance": "%s", "status": "error", "exit_code": %s, "stderr": %s}\n' \
      "$name" "$level" "$inst" "$rc" "$($PY -c 'import json,sys; print(json.dumps(sys.stdin.read()[-2000:]))' < "$tmp/err")" > "$out"
    log "  $name $level: ERROR (exit $rc): $(tail -3 "$tmp/err")"
  fi
  rm -rf "$tmp"
}

# ---- scales -----------------------------------------------------------------------------
for scale in $SCALES; do
  N=${scale%x*}; M=${scale#*x}
  key=b$N-s$M-seed$SEED
  inst=$BENCH/instances/$key
  if [ ! -f "$inst/.done" ]; then
    log "generating $key (cached in bench/instances/$key)"
    rm -rf "$inst"
    "$ZONEPLAN" gen --out "$inst" --blocks "$N" --schools "$M" --seed "$SEED" 2>"$WORK/gen-$key.log" >&2
    touch "$inst/.done"
  fi
  work=$WORK/$key
  if [ "$KEEP_PEERS" = 1 ]; then
    for level in primary junior; do
      [ -f "$work/instance-$level.txt" ] && [ -f "$RAW/$key.$level.lemon_ns.json" ] \
        || { echo "run.sh --keep-peers: no earlier peer run for $key $level" >&2; exit 2; }
    done
    rm -rf "$work/out" "$work"/stats-*.json "$work"/run-*.log "$work"/recheck-*
  else
    rm -rf "$work"; mkdir -p "$work"
  fi
  # every layer from the generated district: its own streets and river, not the sample's
  sed -e "s#\.\./data/sample/#$inst/#g" \
      -e "s#dir: *\.\./out/sample-baseline#dir: $work/out#" \
      -e "s#^name: .*#name: bench $key#" \
      "$ROOT/scenarios/sample-baseline.yaml" > "$work/scenario.yaml"
  grep -q "$inst/blocks.shp" "$work/scenario.yaml" && grep -q "$inst/roads.shp" "$work/scenario.yaml" \
    || { echo "run.sh: could not rewrite the sample scenario's paths" >&2; exit 2; }

  # timed runs: the plain pipeline (no --export-instance, which writes the LP as text and is a
  # benchmark-only extra; --stats is one small JSON file written at exit)
  log "zoneplan run $key ($REPEAT timed runs + 1 untimed run exporting the LP instances)"
  for r in $(seq 1 "$REPEAT"); do
    rm -rf "$work/out"
    t0=$(date +%s.%N)
    "$ZONEPLAN" run "$work/scenario.yaml" --out "$work/out" --quiet --no-publish \
      --stats "$work/stats-$r.json" > "$work/run-$r.log" 2>&1 \
      || { echo "run.sh: zoneplan run failed for $key:" >&2; cat "$work/run-$r.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    $PY -c "import json,sys; d=json.load(open('$work/stats-$r.json')); \
d.update(run=$r, wall_s=$t1-$t0, scale='$key', load_avg='$(cut -d' ' -f1 /proc/loadavg)'); print(json.dumps(d))" > "$RAW/$key.zoneplan.$r.json"
    log "  run $r: wall $(awk "BEGIN{printf \"%.3f\", $t1 - $t0}") s"
  done
  # untimed run that exports the instances for the peers
  rm -rf "$work/out"
  prefix=$work/$( [ "$KEEP_PEERS" = 1 ] && echo recheck || echo instance)
  "$ZONEPLAN" run "$work/scenario.yaml" --out "$work/out" --quiet --no-publish \
    --stats "$work/stats-export.json" --export-instance "$prefix" > "$work/run-export.log" 2>&1 \
    || { echo "run.sh: zoneplan run --export-instance failed for $key:" >&2; cat "$work/run-export.log" >&2; exit 1; }
  $PY -c "import json,sys; d=json.load(open('$work/stats-export.json')); \
d.update(run='export', scale='$key'); print(json.dumps(d))" > "$RAW/$key.zoneplan-export.json"

  if [ "$KEEP_PEERS" = 1 ]; then
    for level in primary junior; do
      cmp -s "$work/instance-$level.txt" "$work/recheck-$level.txt" \
        || { echo "run.sh --keep-peers: $key $level: zoneplan now exports a different instance than the peers solved; rerun without --keep-peers" >&2; exit 1; }
    done
    log "  exported instances identical to the ones the peers solved"
    continue
  fi
  for level in primary junior; do
    f=$work/instance-$level.txt
    [ -f "$f" ] || { echo "run.sh: zoneplan did not export $f" >&2; exit 1; }
    log "peers on $key $level ($(head -2 "$f" | tail -1))"
    run_peer "$RAW/$key.$level.lemon_ns.json" "LEMON NetworkSimplex" "$level" "$f" "$PEERS/lemon_peer" "$f" ns
    run_peer "$RAW/$key.$level.lemon_cs.json" "LEMON CostScaling" "$level" "$f" "$PEERS/lemon_peer" "$f" cs
    run_peer "$RAW/$key.$level.glpk.json" "GLPK simplex" "$level" "$f" "$PEERS/glpk_peer" "$f"
    if [ "$N" -le "$PULP_MAX_BLOCKS" ]; then
      run_peer "$RAW/$key.$level.pulp.json" "PuLP + CBC" "$level" "$f" \
        $PY "$BENCH/peers/pulp_peer.py" "$f" --time-limit "$LIMIT"
    else
      printf '{"solver": "PuLP + CBC", "level": "%s", "instance": "%s", "status": "skipped", "reason": "not run above %s blocks"}\n' \
        "$level" "$f" "$PULP_MAX_BLOCKS" > "$RAW/$key.$level.pulp.json"
      log "  PuLP + CBC $level: skipped (above $PULP_MAX_BLOCKS blocks)"
    fi
  done
done

if [ "$REPORT" = 1 ]; then
  $PY "$BENCH/report.py" "$RAW" "$BENCH/results"
fi
