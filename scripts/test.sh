#!/usr/bin/env bash
# The whole test suite on this machine, from nothing: the real local services,
# dependencies from the lockfile, then build, typecheck, lint, unit and
# integration tests and the package checks.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

ensure_pnpm
bash scripts/testenv/up.sh
pnpm install --frozen-lockfile
rm -rf packages/*/.test-results apps/*/.test-results
pnpm run ci
node scripts/test-summary.mjs
