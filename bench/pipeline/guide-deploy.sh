#!/usr/bin/env bash
# The guide's deploy ("Django on Docker Swarm with GitHub Actions",
# .github/workflows/main.yml: the build job, then the deploy job) as one shell
# script, for bench/pipeline's baseline. Run it from the root of a repository
# laid out like the guide's (app/, deployment/Dockerfile,
# deployment/docker-compose.prod.yml with `env_file: .env`). Settings come from
# the environment, with the same names as `swarmlift deploy`:
#
#   REGISTRY (ghcr.io)  IMAGE_NAME  STACK_NAME  GITHUB_SHA
#   SWARM_MANAGER_IP  SSH_USER  SSH_PORT (22)  SSH_PRIVATE_KEY (the key itself)
#   SSH_KNOWN_HOSTS (a known_hosts file) or SSH_HOST_KEY (known_hosts lines)
#   REGISTRY_USERNAME / REGISTRY_PASSWORD (else GITHUB_ACTOR / GITHUB_TOKEN)
#   SECRET_KEY  DEBUG (0)  DB_NAME  DB_USER  DB_PASSWORD  DB_HOST  DB_PORT  REDIS_URI
#   ENV_KEYS (more keys for .env, space or comma separated)
#   STATIC_TARGET (/usr/src/${IMAGE_NAME})  BUILD_ARGS (KEY=VALUE lines)
#   COMPOSE_FILE (deployment/docker-compose.prod.yml)  DOCKERFILE (deployment/Dockerfile)
#   BUILD_CONTEXT (.)  WAIT_TIMEOUT (300)
#
# Where it departs from the guide, and why (each is said again where it happens):
# - The image is built with `docker build -f deployment/Dockerfile` (the guide:
#   `docker-compose -f deployment/docker-compose.ci.yml build`, which runs the
#   same build with the same context, Dockerfile and tag).
# - collectstatic runs in a container of the built image with the entrypoint
#   overridden and its STATIC_ROOT copied out (the guide: pip install + python
#   manage.py collectstatic on the runner, which here has no Django).
# - The host key is pinned from SSH_KNOWN_HOSTS / SSH_HOST_KEY instead of
#   `ssh-keyscan` (which trusts whatever answers; same cost, one connection).
# - The static files go by one `tar | ssh tar -x` stream (appleboy/scp-action
#   tars the source, copies the archive with scp, untars it with
#   --strip-components and removes it: the same work, one round trip more).
# - GUIDE_MIGRATE_NETWORK (empty by default = the guide's default bridge) lets
#   the one-off `docker run … migrate` reach a Postgres that the default
#   bridge cannot (bench/pipeline passes `host`).
# - The registry login goes to a temporary DOCKER_CONFIG, not the runner's ~/.docker.
# Secrets are never in argv: the registry password goes by --password-stdin,
# the SSH key into a 0600 file, SECRET_KEY into the collectstatic container by
# name (`-e SECRET_KEY`), the .env lines are written by the shell's own echo.
set -euo pipefail

need() {
  if [ -z "${!1:-}" ]; then
    echo "guide-deploy: set $1" >&2
    exit 2
  fi
}
for name in IMAGE_NAME STACK_NAME GITHUB_SHA SWARM_MANAGER_IP SSH_USER SSH_PRIVATE_KEY SECRET_KEY; do
  need "$name"
done
REGISTRY=${REGISTRY:-ghcr.io}
SSH_PORT=${SSH_PORT:-22}
REGISTRY_USERNAME=${REGISTRY_USERNAME:-${GITHUB_ACTOR:-}}
REGISTRY_PASSWORD=${REGISTRY_PASSWORD:-${GITHUB_TOKEN:-}}
need REGISTRY_USERNAME
need REGISTRY_PASSWORD
if [ -z "${SSH_KNOWN_HOSTS:-}" ] && [ -z "${SSH_HOST_KEY:-}" ]; then
  echo "guide-deploy: set SSH_KNOWN_HOSTS (a file) or SSH_HOST_KEY (known_hosts lines)" >&2
  exit 2
fi
COMPOSE_FILE=${COMPOSE_FILE:-deployment/docker-compose.prod.yml}
DOCKERFILE=${DOCKERFILE:-deployment/Dockerfile}
BUILD_CONTEXT=${BUILD_CONTEXT:-.}
STATIC_TARGET=${STATIC_TARGET:-/usr/src/${IMAGE_NAME}}
STATIC_ROOT_IN_IMAGE=${STATIC_ROOT_IN_IMAGE:-/app/staticfiles}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-300}
WAIT_POLL=${WAIT_POLL:-5}           # docker-stack-wait.sh's default poll interval
SETTLE_SLEEP=${SETTLE_SLEEP:-30}    # the guide's `sleep 30`

# The build job's "Get short SHA", and what the compose file interpolates.
GITHUB_SHA_SHORT=$(echo "$GITHUB_SHA" | cut -c1-7)
export REGISTRY IMAGE_NAME GITHUB_SHA_SHORT STATIC_TARGET
IMAGE="${REGISTRY}/${IMAGE_NAME}/django-app:${GITHUB_SHA_SHORT}"
REPO=$(pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/guide-deploy.XXXXXX")
collector=""
cleanup() {
  if [ -n "$collector" ]; then docker rm -f "$collector" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }
step_started=$(now_ms)
step() {
  # "guide: STEP N ms" for the step that just ended; bench.mjs reads these.
  local t
  t=$(now_ms)
  echo "guide-step: $1 $((t - step_started)) ms" >&2
  step_started=$t
}

# The registry login of both jobs (docker/login-action, then `docker login
# --password-stdin`), kept in a temporary config.
export DOCKER_CONFIG="$work/docker"
mkdir -p "$DOCKER_CONFIG"
printf '%s\n' "$REGISTRY_PASSWORD" | docker login "$REGISTRY" -u "$REGISTRY_USERNAME" --password-stdin >/dev/null

# ---- build job: build and push the image ----------------------------------
build_args=()
while IFS= read -r line; do
  [ -n "$line" ] && build_args+=(--build-arg "$line")
done <<<"${BUILD_ARGS:-}"
docker build -q -f "$DOCKERFILE" -t "$IMAGE" ${build_args[@]+"${build_args[@]}"} "$BUILD_CONTEXT" >/dev/null
step build
docker push -q "$IMAGE" >/dev/null
step push

# ---- deploy job --------------------------------------------------------------
# "Collect static": in a container of the built image (no Django on this
# runner), entrypoint overridden (the image's waits for the database), its
# STATIC_ROOT streamed out into app/static/ as on the guide's runner.
static_dir="$work/app/static"
mkdir -p "$static_dir"
collector="guide-collectstatic-$$"
docker run --name "$collector" --entrypoint sh -e SECRET_KEY "$IMAGE" -c \
  'python manage.py collectstatic --noinput >&2 && tar -C "$1" -cf - .' sh "$STATIC_ROOT_IN_IMAGE" |
  tar -x -C "$static_dir"
docker rm "$collector" >/dev/null
collector=""
step collectstatic

# "Set environment variables in .env" (working-directory: deployment). The
# guide appends to a fresh checkout's file; this checkout is reused, so start empty.
compose_dir=$(dirname "$COMPOSE_FILE")
env_file="$compose_dir/.env"
: >"$env_file"
chmod 600 "$env_file"
echo "DEBUG=${DEBUG:-0}" >>"$env_file"
echo "SECRET_KEY=${SECRET_KEY}" >>"$env_file"
echo "DB_NAME=${DB_NAME:-}" >>"$env_file"
echo "DB_USER=${DB_USER:-}" >>"$env_file"
echo "DB_PASSWORD=${DB_PASSWORD:-}" >>"$env_file"
echo "DB_HOST=${DB_HOST:-}" >>"$env_file"
echo "DB_PORT=${DB_PORT:-}" >>"$env_file"
echo "REDIS_URI=${REDIS_URI:-}" >>"$env_file"
extra_keys=${ENV_KEYS:-}
for key in ${extra_keys//,/ }; do
  echo "${key}=${!key:-}" >>"$env_file"
done
step env-file

# "Set up SSH": the key into a file, the host key pinned (the guide: ssh-keyscan),
# and an `ssh` on PATH with them for the docker CLI's ssh:// transport.
mkdir -p "$work/ssh" "$work/bin"
printf '%s\n' "$SSH_PRIVATE_KEY" >"$work/ssh/id"
chmod 600 "$work/ssh/id"
if [ -n "${SSH_KNOWN_HOSTS:-}" ]; then
  cp "$SSH_KNOWN_HOSTS" "$work/ssh/known_hosts"
else
  printf '%s\n' "$SSH_HOST_KEY" >"$work/ssh/known_hosts"
fi
cat >"$work/ssh/config" <<EOF
Host ${SWARM_MANAGER_IP}
  Port ${SSH_PORT}
  User ${SSH_USER}
  IdentityFile $work/ssh/id
  IdentitiesOnly yes
  UserKnownHostsFile $work/ssh/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
EOF
printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$work/ssh/config" >"$work/bin/ssh"
chmod 755 "$work/bin/ssh"
export PATH="$work/bin:$PATH"
step ssh-setup

# "Transfer static files to the Swarm manager" (scp-action, source app/static/,
# strip_components 1, overwrite): target/static/… on the manager.
target_q=$(printf '%q' "$STATIC_TARGET")
tar -C "$work/app" -czf - static |
  ssh "$SWARM_MANAGER_IP" "mkdir -p $target_q && tar -xzf - --overwrite -C $target_q"
step static-upload

# "Bring up deployment", DOCKER_HOST pointing at the manager.
export DOCKER_HOST="ssh://${SSH_USER}@${SWARM_MANAGER_IP}:${SSH_PORT}"
printf '%s\n' "$REGISTRY_PASSWORD" | docker login "$REGISTRY" -u "$REGISTRY_USERNAME" --password-stdin >/dev/null
step login
(cd "$compose_dir" && docker stack deploy --prune --with-registry-auth -c "$(basename "$COMPOSE_FILE")" "$STACK_NAME" >/dev/null)
step stack-deploy

echo "guide-deploy: waiting for deployment..." >&2
sleep "$SETTLE_SLEEP"
step sleep-30

# ./docker-stack-wait.sh -t 300 STACK: every WAIT_POLL s, each service's
# UpdateStatus (none = new) and running/desired replicas; paused or
# rollback_* fails; done when all are new/completed with replicas matching.
wait_started=$(date +%s)
while :; do
  done=1
  failed=""
  ids=$(docker stack services -q "$STACK_NAME")
  for id in $ids; do
    read -r name state < <(docker service inspect --format \
      '{{.Spec.Name}} {{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}new{{end}}' "$id")
    case "$state" in
      paused | rollback_*) failed="$failed $name:$state" ;;
    esac
    replicas=$(docker service ls --filter "id=$id" --format '{{.Replicas}}' | cut -d' ' -f1)
    if [ "${replicas%%/*}" != "${replicas##*/}" ]; then
      done=0
    else
      case "$state" in
        new | completed) ;;
        *) done=0 ;;
      esac
    fi
  done
  if [ -n "$failed" ]; then
    echo "guide-deploy: this deployment will not complete:$failed" >&2
    exit 1
  fi
  [ "$done" = 1 ] && break
  if [ $(($(date +%s) + WAIT_POLL)) -gt $((wait_started + WAIT_TIMEOUT)) ]; then
    echo "guide-deploy: timeout exceeded" >&2
    exit 1
  fi
  sleep "$WAIT_POLL"
done
step stack-wait

# "Running migrations...": a one-off container of the new image on the manager.
migrate_network=()
[ -n "${GUIDE_MIGRATE_NETWORK:-}" ] && migrate_network=(--network "$GUIDE_MIGRATE_NETWORK")
(cd "$compose_dir" && docker run --rm ${migrate_network[@]+"${migrate_network[@]}"} --env-file .env "$IMAGE" python manage.py migrate >&2)
step migrate
echo "guide-deploy: deployed $IMAGE to $STACK_NAME" >&2
