#!/usr/bin/env bash
# The main job on a local default: `swarmlift deploy` of the example Django
# app (examples/django-app) to the local single-node swarm, over SSH with a
# pinned host key, with the registry (auth), Postgres and nginx that
# scripts/testenv/up.sh starts — as a CI job would, from environment
# variables only. Then it prints the URL and the JSON the app serves.
# A second run is a no-change redeploy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/lib/ensure-pnpm.sh

ensure_pnpm
bash scripts/testenv/up.sh >/dev/null
pnpm install --frozen-lockfile --silent
if ! build_log=$(pnpm exec turbo run build --filter=swarmlift... --output-logs=errors-only 2>&1); then
  printf '%s\n' "$build_log" >&2
  exit 1
fi

set -a
source .testenv/env
set +a

# The app's secrets, made once and kept, so a second run changes nothing.
demo_env=.testenv/demo-secrets.env
if [[ ! -s $demo_env ]]; then
  umask 077
  printf 'SECRET_KEY=%s\n' "$(node -e "console.log(require('node:crypto').randomBytes(48).toString('base64url'))")" >"$demo_env"
fi
set -a
source "$demo_env"
set +a

# What a CI job's environment holds (the guide's secrets and workflow variables).
export REGISTRY="$REGISTRY_HOST" IMAGE_NAME=swarmlift-demo/shop STACK_NAME=swarmlift_demo
export GITHUB_SHA="${GITHUB_SHA:-$(git rev-parse HEAD)}"
export SWARM_MANAGER_IP="$SSH_HOST" SSH_PORT SSH_USER
SSH_PRIVATE_KEY="$(cat "$SSH_KEY_PATH")" && export SSH_PRIVATE_KEY
export SSH_HOST_KEY="$SSH_HOST_KEY_FINGERPRINT"
export REGISTRY_USERNAME="$REGISTRY_USER" REGISTRY_PASSWORD
export DEBUG=0 DB_NAME="$PG_DATABASE" DB_USER="$PG_USER" DB_PASSWORD="$PG_PASSWORD"
export DB_HOST="$PG_SWARM_HOST" DB_PORT="$PG_PORT" REDIS_URI=redis:6379/0
# nginx (from up.sh) serves this folder's `static` link at http://127.0.0.1:$NGINX_PORT/static/.
export STATIC_TARGET="$NGINX_STATIC_TARGET"
# What this machine forces (no image pulls, no routing mesh): the test image
# as the base, redis and the edge proxy, and a free host port for the edge.
export BUILD_ARGS="BASE_IMAGE=$IMAGE_DJANGO"
export REDIS_IMAGE="$REGISTRY_IMAGE_DJANGO" EDGE_IMAGE="$REGISTRY_IMAGE_DJANGO" EDGE_PORT=8000
unset DOCKER_HOST

node "$root/apps/swarmlift/dist/cli.js" deploy --cwd examples/django-app "$@"

url="http://127.0.0.1:$EDGE_PORT/"
printf '\n%s serves:\n' "$url"
curl -fsS --retry 5 --retry-delay 1 --retry-all-errors "$url"
printf '\n'
