# Sourced by the benchmarks (horizon.sh, siting.sh, serve.sh): builds zoneplan, generates the
# district of $N blocks and $M schools once (cached in bench/instances/, seed 2026), and
# writes $work/scenario.yaml: the sample baseline's policy over that district's own layers
# (its streets and river, not the sample's), output into $work/out, named "bench $label $N blocks".
# Needs ROOT, N, M, work and label set; leaves inst set.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target zoneplan_cli >/dev/null
inst=$ROOT/bench/instances/b$N-s$M-seed2026
if [ ! -f "$inst/.done" ]; then
  rm -rf "$inst"
  build/zoneplan gen --out "$inst" --blocks "$N" --schools "$M" --seed 2026 >&2
  touch "$inst/.done"
fi
rm -rf "$work"
mkdir -p "$work" bench/results
sed -e "s#\.\./data/sample/#$inst/#g" \
    -e "s#dir: *\.\./out/sample-baseline#dir: $work/out#" \
    -e "s#^name: .*#name: bench $label $N blocks#" \
    scenarios/sample-baseline.yaml > "$work/scenario.yaml"
