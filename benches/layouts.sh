# Shared by `layout_ratios.sh` and `layout_ab.sh` (sourced, not run): linking `bench_ratios`
# on several code layouts, reading one row's speed, and each layout's median. $SEEDS names
# the layouts (0 is the linker's own order; any other seed shuffles the functions).

# link_layouts TREE OUT: links the `bench_ratios` example of the source tree TREE once per
# seed of $SEEDS, as OUT-<seed>.
link_layouts() {
  local tree=$1 out=$2 seed
  for seed in $SEEDS; do
    if [ "$seed" = 0 ]; then
      (cd "$tree" && cargo rustc --release --example bench_ratios --features evo-voice -q)
    else
      (cd "$tree" && cargo rustc --release --example bench_ratios --features evo-voice -q -- \
        -C link-arg=-Wl,--shuffle-sections="*=$seed")
    fi
    cp "$tree/target/release/examples/bench_ratios" "$out-$seed"
  done
}

# row_speed BIN ROW: the speed column (JSON time / JSV time) of the row ROW of the binary
# BIN; fails, naming the row, when BIN has no such row.
row_speed() {
  local speed
  speed=$(BENCH_ONLY="$2" "$1" | awk -F'|' -v row="| $2 " '
    index($0, row) && !found { gsub(/[ x]/, "", $7); print $7; found = 1 }')
  [ -n "$speed" ] || { echo "row not found in $1: $2" >&2; return 1; }
  echo "$speed"
}

# layout_medians: reads "SEED SPEED" lines, one per run; prints "SEED MEDIAN RUN..." for each
# seed of $SEEDS, in that order, the runs sorted.
layout_medians() {
  awk -v seeds="$SEEDS" '
    { runs[$1] = runs[$1] " " $2 }
    END {
      n = split(seeds, order, " ")
      for (i = 1; i <= n; i++) {
        m = split(runs[order[i]], v, " ")
        for (a = 2; a <= m; a++) { x = v[a]; b = a - 1
          while (b > 0 && v[b] + 0 > x + 0) { v[b + 1] = v[b]; b-- } v[b + 1] = x }
        median = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
        line = sprintf("%s %.3f", order[i], median)
        for (a = 1; a <= m; a++) line = line " " v[a]
        print line
      }
    }'
}
