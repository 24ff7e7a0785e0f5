#!/usr/bin/env bash
# The whole test suite on this machine, from nothing: the real local services,
# the multi-node swarm and the engine-26 target, dependencies from the
# lockfile, then build, typecheck, lint, unit and integration tests and the
# package checks.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

ensure_pnpm
bash scripts/testenv/up.sh
# The multi-node swarm (managers m1-m3, workers w1-w2; .testenv/cluster/env)
# and the engine-26 target of the package suites (.testenv/e26/testenv, for
# SWARMLIFT_TESTENV_FILE): leftovers of an earlier run removed first, both
# removed at the end, also when a step fails. The single-node env stays up.
testenv_clusters_down() {
  bash scripts/testenv/cluster.sh down || true
  bash scripts/testenv/cluster.sh --name e26 down || true
}
testenv_clusters_down
trap testenv_clusters_down EXIT
bash scripts/testenv/cluster.sh up
bash scripts/testenv/cluster.sh --name e26 up --solo --engine m1=26
pnpm install --frozen-lockfile
rm -rf packages/*/.test-results apps/*/.test-results
pnpm run ci
node scripts/test-summary.mjs
