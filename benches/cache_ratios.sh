#!/bin/bash
# Instruction-cache misses and branch mispredictions of JSV and serde_json per round, from
# cachegrind's simulation (like `callgrind_ratios.sh`, the same under any load).
#
#   cargo build --release --example bench_ratios --features evo-voice
#   bash benches/cache_ratios.sh [sessions quoted twitter citm_catalog canada]
#
# Why: instruction counts are not the whole story. On 2026-12-05 JSV deserialized the session
# list in 18 % fewer instructions than serde_json yet only 13 to 16 % faster by the clock; its
# hot code (instructions run 250 times or more a round) spanned 52 KiB against serde_json's
# 45 KiB, both past a 32 KiB L1 instruction cache, and it missed that cache 1.5 times as
# often. Serializing, serde_json's hot code (11 KiB) fits the cache and misses it ~30 times a
# round; JSV's spanned 33 KiB and missed it 182,000 times (93,000 once the string writer and
# the pretty member path were moved out of each struct's code). A change that saves
# instructions but grows the code can lose by the clock; this shows it without a timer.
#
# I1 is simulated as 32 KiB, 8-way, 64-byte lines (`I1=65536,8,64` changes it); `DIRS=de`
# runs one direction; figures are per round, the corpus setup (0 rounds) subtracted.
set -euo pipefail
BIN=${BIN:-target/release/examples/bench_ratios}
R=${R:-3}
I1=${I1:-32768,8,64}
DATA=${*:-sessions quoted twitter citm_catalog canada}
# Prints "instructions I1-misses mispredicts" for one run.
count() {
  BENCH_PROFILE=$1 BENCH_DATA=$2 BENCH_PROFILE_ROUNDS=$3 \
    valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes --I1="$I1" \
    --cachegrind-out-file=/dev/null "$BIN" 2>&1 |
    awk '/I *refs:/ { gsub(",", "", $4); ir = $4 }
         /I1 *misses:/ { gsub(",", "", $4); i1 = $4 }
         /Mispredicts:/ { gsub(",", "", $3); mis = $3 }
         END { print ir, i1, mis }'
}
per_round() {
  local setup run
  read -r -a setup <<<"$(count "$1" "$2" 0)"
  read -r -a run <<<"$(count "$1" "$2" "$R")"
  for i in 0 1 2; do
    printf '%d ' $(((run[i] - setup[i]) / R))
  done
}
printf '| %-12s | %-9s | %-10s | %13s | %13s | %6s |\n' corpus direction per\ round JSV serde_json ratio
for data in $DATA; do
  for direction in ${DIRS:-ser de}; do
    read -r -a jsv <<<"$(per_round "$direction" "$data")"
    read -r -a json <<<"$(per_round "$direction-json" "$data")"
    names=(instructions "I1 misses" mispredicts)
    for i in 0 1 2; do
      printf '| %-12s | %-9s | %-10s | %13d | %13d | %6s |\n' "$data" "$direction" \
        "${names[i]}" "${jsv[i]}" "${json[i]}" \
        "$(awk "BEGIN { printf \"%.3f\", ${json[i]} / (${jsv[i]} > 0 ? ${jsv[i]} : 1) }")"
    done
  done
done
