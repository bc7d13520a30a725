#!/bin/sh
# Installs the Debian 12 packages zoneplan builds and tests with, if any is missing (clang
# and libclang-rt-14-dev, the libFuzzer runtime, for scripts/fuzz.sh; python3-networkx, the
# walking distances' oracle in tests/test_dist.c; python-osmnx-doc, whose OpenStreetMap extract
# of West Oakland is the real street network of tests/test_walk.c).
# Runs apt-get only when something is missing, so it is quick on a ready machine; then
# installs web/package-lock.json (leaflet, embedded into map.html at build time, and
# playwright-core for its browser test) when web/node_modules is missing or older.
#   scripts/deps.sh          build and test
#   scripts/deps.sh --bench  also the benchmark's peers (CBC through PuLP) and its plot, and
#                            real census tracts (r-cran-spdata) for bench/tracts.sh
set -e
PKGS="cmake make gcc pkg-config libgeos-dev libproj-dev proj-data libshp-dev libyaml-dev
libjansson-dev libcriterion-dev libglpk-dev coinor-libcbc-dev libmicrohttpd-dev gdal-bin g++ liblemon-dev libcsv-dev
libcairo2-dev libpango1.0-dev libicu-dev fonts-noto-cjk poppler-utils chromium nodejs
clang libclang-rt-14-dev python3-networkx python-osmnx-doc bzip2"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS python3 python3-pulp coinor-cbc python3-matplotlib util-linux strace
postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting r-cran-spdata"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing:$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
web="$(dirname "$0")/../web"
stamp="$web/node_modules/.package-lock.json" # npm ci writes it last
if [ ! -f "$stamp" ] || [ "$web/package-lock.json" -nt "$stamp" ]; then
  npm ci --prefix "$web" --no-audit --no-fund >&2
fi
