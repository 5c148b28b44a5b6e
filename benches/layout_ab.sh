#!/bin/bash
# Wall-clock speed ratios of `bench_ratios` rows for two versions of the code, each on several
# code layouts, all runs interleaved: the before/after comparison `layout_ratios.sh` advises.
#
#   bash benches/layout_ab.sh BASE "session_list_1000 deserialize" \
#       "quoted_sessions_1000 (45% quoted) deserialize"
#
# BASE is a git revision (`main`, `HEAD~1`, a commit); the other version is the working tree
# as it is. BASE is built in a temporary worktree with its own target directory, so the first
# run builds it from scratch. Each version is linked once per layout seed (SEEDS, default
# "0 1 2 3 4 5"; 0 is the linker's own order) and each row runs RUNS times (default 3) on every
# layout of both versions in turn. Printed per row and version: the mean over the layouts of
# each layout's median, and the medians. A row must exist in both versions. A layout seed
# shuffles each version's own functions, so seed N of one version is not seed N of the other:
# compare the means, and treat a difference within the layouts' spread as none. Run it on an
# idle machine: it times wall clock.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BASE [ROW...]" >&2; exit 2; }
base=$1
shift
[ $# -gt 0 ] || set -- "session_list_1000 deserialize"
SEEDS=${SEEDS:-0 1 2 3 4 5}
RUNS=${RUNS:-3}
root=$(git rev-parse --show-toplevel)
dir=$(mktemp -d)
worktree="$dir/base"
cleanup() {
  git -C "$root" worktree remove --force "$worktree" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
git -C "$root" worktree add --quiet --detach "$worktree" "$base"
# Links the example of the tree $1 once per seed into $dir/$2-<seed>.
layouts() {
  local tree=$1 name=$2 seed
  for seed in $SEEDS; do
    if [ "$seed" = 0 ]; then
      (cd "$tree" && cargo rustc --release --example bench_ratios --features evo-voice -q)
    else
      (cd "$tree" && cargo rustc --release --example bench_ratios --features evo-voice -q -- \
        -C link-arg=-Wl,--shuffle-sections="*=$seed")
    fi
    cp "$tree/target/release/examples/bench_ratios" "$dir/$name-$seed"
  done
}
layouts "$worktree" base
layouts "$root" current
for row in "$@"; do
  : >"$dir/speeds"
  for _ in $(seq "$RUNS"); do
    for seed in $SEEDS; do
      for name in base current; do
        speed=$(BENCH_ONLY="$row" "$dir/$name-$seed" | awk -F'|' -v row="| $row " '
          index($0, row) && !found { gsub(/[ x]/, "", $7); print $7; found = 1 }')
        [ -n "$speed" ] || { echo "row not found in $name: $row" >&2; exit 1; }
        echo "$name $seed $speed" >>"$dir/speeds"
      done
    done
  done
  echo "$row"
  for name in base current; do
    awk -v name="$name" -v seeds="$SEEDS" '
      $1 == name { runs[$2] = runs[$2] " " $3 }
      END {
        n = split(seeds, order, " ")
        for (i = 1; i <= n; i++) {
          m = split(runs[order[i]], v, " ")
          # Insertion sort of the runs, then the median.
          for (a = 2; a <= m; a++) { x = v[a]; b = a - 1
            while (b > 0 && v[b] > x) { v[b + 1] = v[b]; b-- } v[b + 1] = x }
          median = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
          total += median
          medians = medians sprintf(" %.3f", median)
        }
        printf "  %-8s mean over %d layouts %.3f (layout medians%s)\n", name, n, total / n, medians
      }' "$dir/speeds"
  done
done
