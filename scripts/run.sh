#!/usr/bin/env bash
# The main job on a local default. Until `swarmlift deploy` lands this runs the
# env-writer step of the pipeline: it writes the production .env for the
# reference Django app from environment variables (here: local demo values),
# exactly as CI does from its secrets, then checks the file with Docker's rules.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

ensure_pnpm
pnpm install --frozen-lockfile --silent
if ! build_log=$(pnpm exec turbo run build --filter=@swarmlift/env-writer --output-logs=errors-only 2>&1); then
  printf '%s\n' "$build_log" >&2
  exit 1
fi

# Local defaults; in CI these come from the repository's secrets.
export SECRET_KEY="${SECRET_KEY:-$(node -e "console.log(require('node:crypto').randomBytes(48).toString('base64url'))")}"
export DB_NAME="${DB_NAME:-swarmlift_app}" DB_USER="${DB_USER:-swarmlift_app}"
export DB_PASSWORD="${DB_PASSWORD:-local-only-$(node -e "console.log(require('node:crypto').randomBytes(9).toString('hex'))")}"
export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}" REDIS_URI="${REDIS_URI:-redis:6379/0}"

out="${1:-.env}"
cli=packages/env-writer/dist/cli.js
node "$cli" write --out "$out" --schema django
node "$cli" check --file "$out" --schema django
