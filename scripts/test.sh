#!/bin/sh
# Builds zoneplan and runs the whole test suite through ctest twice: once as built for
# use, once under AddressSanitizer and UndefinedBehaviorSanitizer with fault injection
# (ZP_FAULT), which adds the walks failing every allocation and write of a run in turn.
set -e
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2
ctest --test-dir build --output-on-failure
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DZP_SANITIZE=ON -DZP_FAULT=ON >/dev/null
cmake --build build-asan -j2
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  LSAN_OPTIONS=suppressions="$(pwd)/tests/lsan.supp" \
  ctest --test-dir build-asan --output-on-failure
