#!/bin/sh
# Installs the Debian 12 packages zoneplan builds and tests with, if any is missing.
# Runs apt-get only when something is missing, so it is quick on a ready machine.
#   scripts/deps.sh          build and test
#   scripts/deps.sh --bench  also the benchmark's peers (CBC through PuLP) and its plot
set -e
PKGS="cmake make gcc pkg-config libgeos-dev libproj-dev proj-data libshp-dev libyaml-dev
libjansson-dev libcriterion-dev libglpk-dev gdal-bin g++ liblemon-dev"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS python3 python3-pulp coinor-cbc python3-matplotlib util-linux"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing:$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
