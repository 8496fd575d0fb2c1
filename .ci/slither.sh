#!/usr/bin/env bash
# Slither over contracts/ (mocks excluded) with the project's npm solc; fails on any finding of
# medium impact or above that slither.triage.json does not explain. The virtualenv lives outside
# the repository and is reused: a cold run installs slither-analyzer from PyPI first.
#   .ci/slither.sh [--json findings.json]      (npm run analyze)
set -euo pipefail
cd "$(dirname "$0")/.."

SLITHER_VERSION=0.11.6
venv="${GOVCHAIN_SLITHER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/govchain/slither-venv-$SLITHER_VERSION}"
if ! "$venv/bin/python" -c "import slither" 2>/dev/null; then
  echo "slither: installing slither-analyzer $SLITHER_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "slither-analyzer==$SLITHER_VERSION"
fi
# crytic-compile is handed .ci/slither/solc (the npm solc): nothing chooses or fetches a compiler.
exec "$venv/bin/python" .ci/slither/analyze.py --triage slither.triage.json "$@"
