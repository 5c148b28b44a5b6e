#!/usr/bin/env bash
# Installs ServiceStack's published clients that tests/foreign_clients.rs drives against the
# mock host: the Python `servicestack` package (PyPI) and `@servicestack/client` (npm), into
# target/foreign-clients/ (never system-wide). Quiet; skips what is already installed.
# Needs python3 with pip, and node 20 with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${FOREIGN_CLIENTS_DIR:-target/foreign-clients}"
python_version="0.1.3"
npm_version="2"

mkdir -p "$dir"
if [ ! -f "$dir/python/servicestack/clients.py" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
        --target "$dir/python" "servicestack==$python_version" 2>&1 | grep -v "WARNING: Running pip as" || true
fi
if [ ! -f "$dir/node/node_modules/@servicestack/client/package.json" ]; then
    npm install --silent --no-audit --no-fund --prefix "$dir/node" "@servicestack/client@$npm_version" >/dev/null
fi
test -f "$dir/python/servicestack/clients.py" || { echo "installing the Python servicestack client failed" >&2; exit 1; }
test -f "$dir/node/node_modules/@servicestack/client/package.json" || { echo "installing @servicestack/client failed" >&2; exit 1; }
