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
source "$root/benches/layouts.sh"
dir=$(mktemp -d)
worktree="$dir/base"
cleanup() {
  git -C "$root" worktree remove --force "$worktree" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
git -C "$root" worktree add --quiet --detach "$worktree" "$base"
link_layouts "$worktree" "$dir/base"
link_layouts "$root" "$dir/current"
for row in "$@"; do
  for name in base current; do
    : >"$dir/$name.speeds"
  done
  for _ in $(seq "$RUNS"); do
    for seed in $SEEDS; do
      for name in base current; do
        speed=$(row_speed "$dir/$name-$seed" "$row")
        echo "$seed $speed" >>"$dir/$name.speeds"
      done
    done
  done
  echo "$row"
  for name in base current; do
    layout_medians <"$dir/$name.speeds" | awk -v name="$name" '
      { total += $2; medians = medians " " $2 }
      END { printf "  %-8s mean over %d layouts %.3f (layout medians%s)\n", name, NR, total / NR, medians }'
  done
done
