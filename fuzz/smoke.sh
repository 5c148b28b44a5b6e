#!/usr/bin/env bash
# Runs every fuzz target for 60 s (or $FUZZ_SECONDS) on nightly, one after the other, with
# the committed seeds and the JSV dictionary. Usage: fuzz/smoke.sh [target…]
# Set FUZZ_SANITIZER=address to use ASan (worth a run after touching the crate's two audited
# `unsafe` functions); the default is `none`: uninstrumented runs are ~3× faster.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "seeds/$target"
    echo "== $target (${seconds}s)"
    nice -n 19 cargo +nightly fuzz run --sanitizer "$sanitizer" -O "$target" \
        "corpus/$target" "seeds/$target" -- \
        -dict=jsv.dict -max_total_time="$seconds" -max_len=8192 -timeout=10 -print_final_stats=1
done
