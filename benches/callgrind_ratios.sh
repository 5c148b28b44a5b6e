#!/bin/bash
# Instruction counts of JSV and serde_json on the benchmark corpora, for when wall clock is too
# noisy to decide (callgrind counts are the same under any load).
#
#   cargo build --release --example bench_ratios --features evo-voice
#   bash benches/callgrind_ratios.sh [sessions quoted twitter citm_catalog canada]
#
# For each corpus and direction it runs `bench_ratios` under callgrind with R rounds (default 3)
# and with 0 rounds (the corpus setup), and prints instructions per round and the ratio
# serde_json / JSV (above 1: JSV does less work per object).
set -euo pipefail
BIN=${BIN:-target/release/examples/bench_ratios}
R=${R:-3}
DATA=${*:-sessions quoted twitter citm_catalog canada}
count() {
  BENCH_PROFILE=$1 BENCH_DATA=$2 BENCH_PROFILE_ROUNDS=$3 \
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '| %-12s | %-9s | %14s | %14s | %6s |\n' corpus direction JSV serde_json ratio
for data in $DATA; do
  for direction in ser de; do
    setup=$(count "$direction" "$data" 0)
    jsv=$((($(count "$direction" "$data" "$R") - setup) / R))
    json=$((($(count "$direction-json" "$data" "$R") - setup) / R))
    printf '| %-12s | %-9s | %14d | %14d | %6s |\n' "$data" "$direction" "$jsv" "$json" \
      "$(awk "BEGIN { printf \"%.3f\", $json / $jsv }")"
  done
done
