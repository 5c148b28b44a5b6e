#!/bin/bash
# How much of each format's deserializing time is the C library (malloc, free, memcpy), and
# the serde_json / JSV speed ratio with and without it, from `perf` samples.
#
#   cargo build --release --example bench_ratios --features evo-voice
#   bash benches/alloc_share.sh [sessions quoted twitter citm_catalog canada]
#
# Why: both formats build the same values, so they make the same allocations and copies
# (callgrind counts the same calls with the same sizes in both), and that time is common to
# both sides of the ratio. On 2026-12-05 the C library took 40 % of JSV's time reading the
# session list and 36 % of serde_json's, the same ~5,500 samples in each: JSV was 1.13 times
# as fast overall and 1.22 times outside the C library. A format-side change moves only the
# second figure; this shows how far the first can follow it.
#
# Samples are `cpu-clock` (it works on virtual machines without hardware counters), per
# run of R rounds (default 300), the corpus setup (a run of 0 rounds) subtracted; each
# figure is the median of RUNS runs (default 3), JSV and serde_json interleaved, as one run
# moves by several per cent. F (default 4000) sets the sampling frequency. Run it on an
# idle machine: it samples time.
set -euo pipefail
BIN=${BIN:-target/release/examples/bench_ratios}
R=${R:-300}
RUNS=${RUNS:-3}
F=${F:-4000}
DATA=${*:-sessions quoted}
command -v perf >/dev/null || {
  echo "alloc_share.sh needs perf (Debian: apt-get install linux-perf)" >&2
  exit 1
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Prints "libc-samples other-samples" for one run of `rounds` rounds.
samples() {
  BENCH_PROFILE=$1 BENCH_DATA=$2 BENCH_PROFILE_ROUNDS=$3 \
    perf record -q -e cpu-clock -F "$F" -o "$dir/perf.data" "$BIN" >/dev/null 2>&1
  perf report -i "$dir/perf.data" --no-children --stdio -n --sort dso 2>/dev/null |
    awk '!/^#/ && NF >= 3 { if ($3 ~ /^libc/) libc += $2; else other += $2 }
         END { print libc + 0, other + 0 }'
}
per_run() {
  local setup run
  read -r -a setup <<<"$(samples "$1" "$2" 0)"
  read -r -a run <<<"$(samples "$1" "$2" "$R")"
  echo "$((run[0] - setup[0])) $((run[1] - setup[1]))"
}
# The median of a column of numbers on standard input.
median() {
  sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
printf '| %-12s | %-19s | %-23s | %-7s | %-12s |\n' corpus "JSV libc / other" \
  "serde_json libc / other" ratio "without libc"
for data in $DATA; do
  : >"$dir/jsv"
  : >"$dir/json"
  for _ in $(seq "$RUNS"); do
    per_run de "$data" >>"$dir/jsv"
    per_run de-json "$data" >>"$dir/json"
  done
  jsv_libc=$(cut -d' ' -f1 "$dir/jsv" | median)
  jsv_other=$(cut -d' ' -f2 "$dir/jsv" | median)
  json_libc=$(cut -d' ' -f1 "$dir/json" | median)
  json_other=$(cut -d' ' -f2 "$dir/json" | median)
  awk -v d="$data" -v a="$jsv_libc" -v b="$jsv_other" -v c="$json_libc" -v e="$json_other" \
    'BEGIN { printf "| %-12s | %8d / %8d | %10d / %10d | %7.3f | %12.3f |\n",
             d, a, b, c, e, (c + e) / (a + b), e / b }'
done
