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
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for seed in $SEEDS; do
  if [ "$seed" = 0 ]; then
    cargo rustc --release --example bench_ratios --features evo-voice -q
  else
    cargo rustc --release --example bench_ratios --features evo-voice -q -- \
      -C link-arg=-Wl,--shuffle-sections="*=$seed"
  fi
  cp target/release/examples/bench_ratios "$dir/layout-$seed"
done
for row in "$@"; do
  for _ in $(seq "$RUNS"); do
    for seed in $SEEDS; do
      speed=$(BENCH_ONLY="$row" "$dir/layout-$seed" | awk -F'|' -v row="| $row " '
        index($0, row) && !found { gsub(/[ x]/, "", $7); print $7; found = 1 }')
      [ -n "$speed" ] || { echo "row not found: $row" >&2; exit 1; }
      echo "$seed $speed"
    done
  done >"$dir/speeds"
  echo "$row"
  medians=()
  for seed in $SEEDS; do
    runs=$(awk -v seed="$seed" '$1 == seed { print $2 }' "$dir/speeds" | sort -n)
    count=$(echo "$runs" | wc -l)
    median=$(echo "$runs" | awk -v n="$count" '
      { s[NR] = $1 }
      END { printf "%.3f", (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2 }')
    echo "  layout $seed: median $median (runs: $(echo $runs))"
    medians+=("$median")
  done
  printf '%s\n' "${medians[@]}" | sort -n | awk '
    { total += $1; s[NR] = $1 }
    END { printf "  mean over %d layouts %.3f (layout medians %.3f to %.3f)\n", NR, total / NR, s[1], s[NR] }'
done
