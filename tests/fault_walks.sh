#!/bin/sh
# The fault walks of the test build (see tests/fault_walk.c), on two districts:
#   sample   the sample district's audited run without maps (sample-audit: the baseline's
#            plan and the quality-balance audit; sample-enforced's run is the old folder)
#   publish  a generated 40-block district, run and published (its run without maps is the
#            old folder)
#   sample-maps  the sample district's run with its maps (sample-enforced's likewise is the
#            old folder): bench/faults.sh only, each run takes seconds
# usage: fault_walks.sh ZONEPLAN FAULT_WALK SOURCE_DIR WORK MODE SET [OCCURRENCES]
# MODE: alloc | write | kill; OCCURRENCES: first (default) or both.
set -e
cli=$1 walk=$2 src=$3 work=$4 mode=$5 set=$6 occ=${7:-first}
rm -rf "$work"
mkdir -p "$work"
case $set in
sample)
  old="$cli run $src/scenarios/sample-enforced.yaml --no-publish --out {OUT}"
  cmd="$cli run $src/scenarios/sample-audit.yaml --no-publish --out {OUT}"
  inputs=$src/data/sample ;;
sample-maps)
  old="$cli run $src/scenarios/sample-enforced.yaml --out {OUT}"
  cmd="$cli run $src/scenarios/sample-baseline.yaml --out {OUT}"
  inputs=$src/data/sample ;;
publish)
  ZP_QUIET=1 "$cli" gen --out "$work/d" --blocks 40 --schools 4 >/dev/null
  cat >"$work/d/s.yaml" <<YAML
name: Tiny district
blocks:  {path: blocks.shp, id: BLOCK_ID, name: NAME, children: {primary: PRI, junior: JUN},
          current: {primary: CUR_PRI, junior: CUR_JUN}}
schools: {path: schools.shp, id: SCHOOL_ID, name: NAME, type: TYPE,
          capacity: {primary: CAP_PRI, junior: CAP_JUN}, classes: {primary: CLS_PRI, junior: CLS_JUN},
          enrolment: {primary: ENR_PRI, junior: ENR_JUN},
          resources: {qualified_teachers: TCH_QUAL, key_teachers: TCH_KEY, pe_arts_teachers: TCH_PEART,
                      teaching_area: AREA_TEACH, sports_area: AREA_SPORT, equipment_value: EQUIP_YUAN,
                      multimedia_rooms: MM_ROOMS}}
output: {dir: out, publish: {dpi: 20}}
YAML
  old="$cli run $work/d/s.yaml --no-publish --out {OUT}"
  cmd="$cli run $work/d/s.yaml --out {OUT}"
  inputs=$work/d ;;
*) echo "fault_walks.sh: unknown set $set" >&2; exit 2 ;;
esac
exec "$walk" --mode "$mode" --occurrences "$occ" --jobs 2 --old "$old" --cmd "$cmd" \
  --work "$work/walk" --inputs "$inputs"
