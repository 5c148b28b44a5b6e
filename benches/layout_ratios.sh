#!/bin/bash
# Wall-clock speed ratios of `bench_ratios` rows over several code layouts of the same code.
#
# The layout of the machine code alone (which function lands next to which) moves a row's
# serde_json / JSV ratio by a few per cent from one build to the next: two builds that
# differed only in JSV's deserializer gave the session list 1.16 and 1.19, with serde_json,
# whose code was the same in both, reading at 290 and 274 MB/s. One build's figure is one
# draw, and a change smaller than that spread cannot be judged from one build.
#
# This script links the benchmark several times with its functions shuffled (lld's
# `--shuffle-sections`, one seed per layout; only the example is relinked), runs each row a
# few times on each layout, interleaved, and prints each layout's median and the mean over
# the layouts. Layout 0 is the linker's own order. On 2026-12-05 the session-list row of
# one version of the code ran at 1.18 on layout 0 and 1.13 to 1.15 on five shuffled ones;
# another version, 1.15 on layout 0 and 1.14 to 1.24 shuffled (three runs at 1.24 that the
# same binary, rebuilt byte for byte and run again later, did not repeat: 1.14).
# Compare two versions of the code by their means over the same seeds, run back to back,
# and treat a difference smaller than the spread of the layouts as none.
#
#   bash benches/layout_ratios.sh "session_list_1000 deserialize" \
#       "quoted_sessions_1000 (45% quoted) deserialize"
#
# SEEDS (default "0 1 2 3 4 5"; 0 is the unshuffled layout) and RUNS (default 3) set the
# layouts and the runs per layout. Run it on an idle machine: it times wall clock.
set -euo pipefail
SEEDS=${SEEDS:-0 1 2 3 4 5}
RUNS=${RUNS:-3}
[ $# -gt 0 ] || set -- "session_list_1000 deserialize"
source "$(dirname "$0")/layouts.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
link_layouts . "$dir/layout"
for row in "$@"; do
  for _ in $(seq "$RUNS"); do
    for seed in $SEEDS; do
      speed=$(row_speed "$dir/layout-$seed" "$row")
      echo "$seed $speed"
    done
  done >"$dir/speeds"
  echo "$row"
  layout_medians <"$dir/speeds" >"$dir/medians"
  while read -r seed median runs; do
    echo "  layout $seed: median $median (runs: $runs)"
  done <"$dir/medians"
  awk '{ print $2 }' "$dir/medians" | sort -n | awk '
    { total += $1; s[NR] = $1 }
    END { printf "  mean over %d layouts %.3f (layout medians %.3f to %.3f)\n", NR, total / NR, s[1], s[NR] }'
done
