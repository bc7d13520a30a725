#!/usr/bin/env bash
# Walking distances: zoneplan against pgRouting 3 on the same road graph, and zoneplan's whole
# run with roads at 100,000 and 1,000,000 blocks.
#
#   bench/network.sh                      both scales
#   bench/network.sh --scales "100000x500"
#   bench/network.sh --peer-schools 10    schools pgRouting measures from (default 10)
#   bench/network.sh --limit 3600         seconds per pgRouting call (statement_timeout)
#
# Needs `scripts/deps.sh --bench` (PostgreSQL 15 with PostGIS and pgRouting, from Debian) and
# root or sudo for starting the cluster. Per scale it generates the district with its roads
# (zoneplan gen, cached in bench/instances/net-*), then, one job at a time:
#  1. zoneplan run with roads (walking distances), timed with /usr/bin/time: wall clock, peak
#     memory, and the stages from --stats (the k-nearest search is `candidates`);
#  2. bench/net_export (built with zoneplan) writes the graph zoneplan walks on (edges, and
#     where every block and school joins it as edge + fraction) and each block's 8 nearest
#     schools with their walks, timing that many-source search alone (one thread);
#  3. pgRouting: the same edges and points in PostgreSQL, pgr_withPointsCost from one school
#     and from N schools to every block (the graph with its points is built once per call, each
#     school is then one Dijkstra): the time for all schools is extrapolated from the two, as
#     pgRouting has no k-nearest-facility search and needs every school's search to find them.
#     Its costs plus both access links are compared with zoneplan's for every pair both have.
# Results: bench/results/raw/network-<blocks>.json and bench/results/network.md.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SCALES="100000x500 1000000x2000"
PEER_SCHOOLS=10
LIMIT=3600
SEED=2026
while [ $# -gt 0 ]; do
  case "$1" in
    --scales) SCALES=$2; shift ;;
    --peer-schools) PEER_SCHOOLS=$2; shift ;;
    --limit) LIMIT=$2; shift ;;
    --seed) SEED=$2; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "network.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mkdir -p "$BENCH/work" "$BENCH/results/raw" "$BENCH/instances"
exec 9>"$BENCH/work/.run.lock"
flock -n 9 || { echo "network.sh: another benchmark is running" >&2; exit 1; }

log "building zoneplan and net_export (Release) in bench/build/net"
cmake -S "$ROOT" -B "$BENCH/build/net" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BENCH/build/net" -j2 --target zoneplan_cli net_export >/dev/null
ZP="$BENCH/build/net/zoneplan"
EXPORT="$BENCH/build/net/net_export"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO pg_ctlcluster 15 main start 2>/dev/null || true
$SUDO -u postgres createuser -s "$(id -un)" 2>/dev/null || su postgres -c "createuser -s $(id -un)" 2>/dev/null || true
DB=zpbench
psql -q -d postgres -c "drop database if exists $DB" >/dev/null
psql -q -d postgres -c "create database $DB" >/dev/null
psql -q -d $DB -c "create extension postgis; create extension pgrouting" >/dev/null

now() { date +%s.%N; }

for scale in $SCALES; do
  nb=${scale%x*}; ns=${scale#*x}
  inst="$BENCH/instances/net-b$nb-s$ns-seed$SEED"
  if [ ! -f "$inst/roads.shp" ]; then
    log "$scale: generating the district with its roads"
    "$ZP" gen --blocks "$nb" --schools "$ns" --seed "$SEED" --out "$inst" --quiet
  fi
  work="$BENCH/work/net-$nb"
  rm -rf "$work"; mkdir -p "$work/csv"
  cat > "$work/scenario.yaml" <<EOT
name: network benchmark $scale
blocks:  {path: $inst/blocks.shp, id: BLOCK_ID, name: NAME, children: {primary: PRI, junior: JUN},
          current: {primary: CUR_PRI, junior: CUR_JUN}}
schools: {path: $inst/schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,
          capacity: {primary: CAP_PRI, junior: CAP_JUN}, classes: {primary: CLS_PRI, junior: CLS_JUN}}
roads:    {path: $inst/roads.shp, walkable: {field: KIND, exclude: [expressway]}}
barriers: {path: $inst/river.shp}
output: {dir: $work/out, publish: false}
EOT
  log "$scale: zoneplan run with roads"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$ZP" run "$work/scenario.yaml" --quiet \
    --stats "$work/stats.json" > "$work/run.log" 2>&1
  read -r wall rss_kb < "$work/time.txt"
  log "$scale: net_export (the graph, the joins, the 8 nearest schools of every block)"
  step=$(( ns / PEER_SCHOOLS )); [ "$step" -lt 1 ] && step=1
  "$EXPORT" "$work/scenario.yaml" "$work/csv" 8 "$step" > "$work/export.json" 2>/dev/null
  log "$scale: loading the graph into PostgreSQL"
  psql -q -d $DB <<EOT >/dev/null
drop table if exists edges, points, pairs, pg_one, pg_many;
create table edges (id bigint primary key, source bigint, target bigint, cost float8);
create table points (pid bigint primary key, edge_id bigint, fraction float8, access float8);
create table pairs (block bigint, school bigint, metres float8);
\copy edges from '$work/csv/edges.csv' csv header
\copy points from '$work/csv/points.csv' csv header
\copy pairs from '$work/csv/pairs.csv' csv header
EOT
  edges_sql="select id, source, target, cost, cost as reverse_cost from edges"
  points_sql="select pid, edge_id, fraction from points"
  blocks="(select array_agg(-pid) from points where pid <= $nb)"
  first_school=$(( nb + 1 ))
  schools="(select array_agg(-pid) from points where pid > $nb and (pid - $nb - 1) % $step = 0 and pid - $nb - 1 < $step * $PEER_SCHOOLS)"
  # A call past the limit is stopped and its time recorded as "more than the limit".
  # pgRouting's search does not heed statement_timeout or pg_terminate_backend, so the backend
  # is killed (PostgreSQL then restarts its backends, the database is kept).
  pg_call() {
    PGAPPNAME=zpbench_call psql -q -d $DB -c "$1" >/dev/null 2>&1 &
    local pid=$! waited=0
    while kill -0 $pid 2>/dev/null; do
      if [ $waited -ge "$LIMIT" ]; then
        local bp
        bp=$(psql -At -d postgres -c "select pid from pg_stat_activity where application_name = 'zpbench_call'")
        [ -n "$bp" ] && { kill -9 $bp 2>/dev/null || $SUDO -u postgres kill -9 $bp; }
        wait $pid 2>/dev/null || true
        sleep 5
        return 1
      fi
      sleep 1
      waited=$((waited + 1))
    done
    wait $pid
  }
  log "$scale: pgRouting from one school to every block (limit $LIMIT s)"
  t0=$(now)
  one_ok=1; pg_call "create table pg_one as select * from pgr_withPointsCost('$edges_sql', '$points_sql', ARRAY[-$first_school]::bigint[], $blocks, directed := false)" || one_ok=0
  t1=$(now)
  many_ok=0
  if [ $one_ok = 1 ]; then
    log "$scale: pgRouting from $PEER_SCHOOLS schools to every block (limit $LIMIT s)"
    many_ok=1; pg_call "create table pg_many as select * from pgr_withPointsCost('$edges_sql', '$points_sql', $schools, $blocks, directed := false)" || many_ok=0
  fi
  t2=$(now)
  [ $many_ok = 1 ] || psql -q -d $DB -c "create table if not exists pg_many as select * from pg_one" >/dev/null 2>&1 || true
  [ $one_ok = 1 ] || psql -q -d $DB -c "create table if not exists pg_many (start_pid bigint, end_pid bigint, agg_cost float8)" >/dev/null
  agree=$(psql -At -d $DB -c "select count(*) || ' ' || coalesce(max(abs(g.agg_cost + pb.access + ps.access - p.metres)), 0) from pg_many g join pairs p on p.block = -g.end_pid and p.school = -g.start_pid join points pb on pb.pid = p.block join points ps on ps.pid = p.school")
  missing=$(psql -At -d $DB -c "select count(*) from pairs p where p.school in (select -start_pid from pg_many group by 1) and not exists (select 1 from pg_many g where -g.end_pid = p.block and -g.start_pid = p.school)")
  python3 - "$work" "$scale" "$wall" "$rss_kb" "$t0" "$t1" "$t2" "$PEER_SCHOOLS" "$ns" "$agree" "$missing" "$one_ok" "$many_ok" "$LIMIT" \
    > "$BENCH/results/raw/network-$nb.json" <<'EOT'
import json, sys
work, scale, wall, rss, t0, t1, t2, peer, ns, agree, missing, one_ok, many_ok, limit = sys.argv[1:]
st = json.load(open(work + "/stats.json"))
ex = json.load(open(work + "/export.json"))
one, many = float(t1) - float(t0), float(t2) - float(t1)
per_school = max(many - one, 0) / max(int(peer) - 1, 1) if many_ok == "1" else None
n_agree, max_diff = agree.split()
print(json.dumps({
    "scale": scale, "blocks": ex["blocks"], "schools": ex["schools"], "edges": ex["edges"],
    "zoneplan_run_s": float(wall), "zoneplan_peak_rss_mib": int(rss) / 1024,
    "zoneplan_stages_s": st["stages_s"], "zoneplan_knn_s_one_thread": ex["knn_s"],
    "pgrouting_limit_s": float(limit), "pgrouting_one_school_done": one_ok == "1",
    "pgrouting_one_school_s": one, "pgrouting_schools": int(peer),
    "pgrouting_schools_s": many if many_ok == "1" else None,
    "pgrouting_per_extra_school_s": per_school,
    "pgrouting_all_schools_s_estimate": one + per_school * (int(ns) - 1) if per_school is not None else None,
    "pairs_compared": int(n_agree), "max_abs_diff_m": float(max_diff),
    "pairs_pgrouting_missed": int(missing)}, indent=1))
EOT
  log "$scale: done"
done

python3 "$BENCH/network_report.py" "$BENCH/results"
log "wrote bench/results/network.md"
