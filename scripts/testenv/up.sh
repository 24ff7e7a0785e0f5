#!/usr/bin/env bash
# Starts the real local services the integration tests use: Docker engine +
# one-node Swarm, sshd on 127.0.0.1:2222, a registry with auth on :5000,
# PostgreSQL 15, nginx on :8081, and two locally built test images.
# Idempotent: reuses what runs, restarts a service whose config it changed,
# keeps keys, passwords and caches. Writes .testenv/env for the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib.sh
[[ $EUID -eq 0 ]] || die "run as root"
run_locked "$@"

umask 022

PACKAGES=(
  docker.io iptables iproute2 openssh-server openssh-client docker-registry
  apache2-utils postgresql nginx debootstrap busybox-static curl gpgv
  debian-archive-keyring
  # static-sync: rsync is the benchmark's baseline; Debian's Django (with the
  # jquery its admin links to) runs collectstatic on the host in host mode.
  rsync python3-django libjs-jquery
  # The end-to-end browser check: Playwright (playwright-core) drives Debian's
  # Chromium at /usr/bin/chromium; no browser download.
  chromium
)
SSH_PORT=2222
REGISTRY_HOST=127.0.0.1:5000
REGISTRY_USER=swarmlift
PG_PORT=5432
PG_NAME=swarmlift_app
NGINX_PORT=8081
STATIC_ROOT=/srv/swarmlift-static
IMAGE_BUSYBOX=swarmlift-test/busybox:latest
IMAGE_DJANGO=swarmlift-test/django:latest
DJANGO_PACKAGES=python3,python3-django,python3-psycopg2,gunicorn,python3-redis,python3-django-redis,redis-server,postgresql-client,libjs-jquery,nginx-light
# Bump to rebuild the images after changing how they are made.
IMAGE_RECIPE_VERSION=2
RECIPE_LABEL=swarmlift.testenv.recipe
STACK_LABEL=com.docker.stack.namespace
TEST_PREFIX=sltest-

SSH_DIR="$TESTENV_DIR/ssh"
SSHD_DIR="$TESTENV_DIR/sshd"
SSH_KEY="$SSH_DIR/id_ed25519"
SSH_KNOWN_HOSTS="$SSH_DIR/known_hosts"
SSHD_HOST_KEY="$SSHD_DIR/ssh_host_ed25519_key"
REGISTRY_DIR="$TESTENV_DIR/registry"
NGINX_DIR="$TESTENV_DIR/nginx"

# Temporary things removed on exit, whatever happens.
TMP_DIRS=()
ADDED_POLICY_RC=
cleanup() {
  local d
  for d in "${TMP_DIRS[@]}"; do remove_tree "$d"; done
  [[ -z $ADDED_POLICY_RC ]] || rm -f /usr/sbin/policy-rc.d
}
trap cleanup EXIT

# ---------------------------------------------------------------- helpers

make_tmp_dir() { # VAR [PARENT]
  local dir
  dir=$(mktemp -d "${2:-/tmp}/swarmlift-testenv.XXXXXX")
  TMP_DIRS+=("$dir")
  printf -v "$1" '%s' "$dir"
}

# rm -rf that never follows into a mount (debootstrap mounts /proc in its target).
remove_tree() {
  local dir=$1 mnt
  [[ -d $dir ]] || return 0
  while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done < <(
    awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$dir"
}

# Writes stdin to FILE with MODE; succeeds only if the content changed.
write_if_changed() {
  local file=$1 mode=$2 tmp
  tmp=$(mktemp "$file.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f $file ]] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$file"
}

# Prints the secret NAME, generating it on first use (hex: safe in SQL/YAML).
secret() {
  local file="$SECRETS_DIR/$1"
  if [[ ! -s $file ]]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file.tmp" && mv "$file.tmp" "$file")
  fi
  cat "$file"
}

# Succeeds if a TCP socket listens on HOST:PORT or on a wildcard address with
# that port. Asks the kernel (ss), so the daemons see no probe connections.
listening() {
  ss -Hltn "sport = :$2" | awk -v h="$1" '
    { a = $4; sub(/:[0-9]+$/, "", a); if (a == h || a == "0.0.0.0" || a == "*" || a == "[::]") found = 1 }
    END { exit !found }'
}

# Pids of the processes listening on TCP PORT.
listener_pids() {
  ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

# A daemon that up.sh started for another checkout, or for an earlier clone in
# this folder whose pid records are gone (its command line names a .testenv/),
# is stopped so this run can take over the port. Only called when no process
# recorded by this checkout holds the port.
stop_other_checkout_listeners() {
  local port=$1 pid cmd stopped=()
  for pid in $(listener_pids "$port"); do
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    [[ $cmd == *"/.testenv/"* ]] || continue
    log "stopping pid $pid on port $port, left by an earlier or other checkout: $cmd"
    kill -TERM "$pid" 2>/dev/null && stopped+=("$pid")
  done
  ((${#stopped[@]})) || return 0
  local deadline=$((SECONDS + 10))
  while listening 127.0.0.1 "$port" && ((SECONDS < deadline)); do sleep 0.2; done
}

# Fails with a clear message when HOST:PORT is taken by a process we did not start.
require_free_port() {
  local host=$1 port=$2 what=$3
  listening "$host" "$port" || return 0
  stop_other_checkout_listeners "$port"
  listening "$host" "$port" || return 0
  die "$host:$port (for $what) is already in use by another process: $(ss -Hltnp "sport = :$port" | head -n1)"
}

# Starts CMD detached (own session, no tty, log in logs/NAME.log) and records its pid.
# up.sh is not interactive, so its background children are no process group
# leaders and setsid execs CMD in place: $! is the daemon's pid.
spawn() {
  local name=$1
  shift
  setsid "$@" </dev/null >>"$LOGS_DIR/$name.log" 2>&1 &
  record_pid "$name" "$!"
}

# Polls CMD until it succeeds; gives up after SECS or when our process NAME died.
wait_for() {
  local secs=$1 name=$2 deadline=$((SECONDS + $1))
  shift 2
  until "$@"; do
    if [[ -f $PIDS_DIR/$name.pid ]] && ! our_pid "$name" >/dev/null; then
      die "$name exited during start-up; last log lines:
$(tail -n 15 "$LOGS_DIR/$name.log" 2>/dev/null)"
    fi
    ((SECONDS < deadline)) || die "$name not ready after ${secs}s (see $LOGS_DIR/$name.log)"
    sleep 0.3
  done
}

# ---------------------------------------------------------------- packages

package_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

ensure_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do package_installed "$pkg" || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  log "installing packages: ${missing[*]}"
  # The packages' own services must not start: Debian's docker-registry would
  # take :5000 and we run our own instances of everything.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    ADDED_POLICY_RC=1
  fi
  mkdir -p "$LOGS_DIR"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } >"$LOGS_DIR/apt.log" 2>&1 ||
    die "apt-get failed; last lines of $LOGS_DIR/apt.log:
$(tail -n 15 "$LOGS_DIR/apt.log")"
}

# ---------------------------------------------------------------- docker + swarm

# When processes were killed but /run was kept, dockerd refuses to start (and
# would reuse "its" containerd) if the pid in such a file now belongs to
# another process. Removes FILE unless its pid is a live process named COMM.
remove_stale_pidfile() {
  local file=$1 comm=$2 pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if [[ $pid =~ ^[0-9]+$ ]] && proc_identity "$pid" >/dev/null 2>&1 &&
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$comm" ]]; then
    die "$comm (pid $pid, from $file) runs, but the engine does not answer on /var/run/docker.sock"
  fi
  rm -f "$file"
}

docker_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

ensure_dockerd() {
  if docker_answers; then
    if our_pid dockerd >/dev/null; then log "dockerd: running (ours)"; else log "dockerd: reusing the running engine"; fi
    return 0
  fi
  if ! our_pid dockerd >/dev/null; then
    remove_stale_pidfile /var/run/docker.pid dockerd
    remove_stale_pidfile /var/run/docker/containerd/containerd.pid containerd
    log "dockerd: starting"
    spawn dockerd dockerd
  fi
  wait_for 60 dockerd docker_answers
}

swarm_state() { docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true; }

ensure_swarm() {
  local state deadline=$((SECONDS + 30))
  state=$(swarm_state)
  # Right after an engine restart the node is "pending" for a moment.
  while [[ $state != active && $state != inactive ]]; do
    ((SECONDS < deadline)) || die "swarm stuck in state '$state'"
    sleep 0.5
    state=$(swarm_state)
  done
  if [[ $state == inactive ]]; then
    log "swarm: init"
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  fi
}

# Prints "SUBNET ADDRESS" of the bridge DEV, or nothing if it does not exist.
bridge_subnet_and_ip() {
  { ip -4 route show dev "$1" proto kernel scope link 2>/dev/null || true; } |
    awk '{ for (i = 1; i < NF; i++) if ($i == "src") { print $1, $(i + 1); exit } }'
}

# Sets GW_SUBNET and GW_IP from docker_gwbridge: tasks on overlay networks
# (every stack service) reach the host there. The engine creates that bridge a
# moment after `swarm init`. The default bridge (docker0) is
# deliberately not allowed into PostgreSQL: the guide needed that extra rule for
# its `docker run` migrations, and swarmlift's tasks must do without it.
read_bridges() {
  local gw deadline=$((SECONDS + 30))
  until gw=$(bridge_subnet_and_ip docker_gwbridge) && [[ -n $gw ]]; do
    ((SECONDS < deadline)) || die "docker_gwbridge did not appear within 30s"
    sleep 0.3
  done
  read -r GW_SUBNET GW_IP <<<"$gw"
}

# ---------------------------------------------------------------- leftovers

# Prints "ID NAME NAMESPACE" for every object of KIND (service, network, secret, config, volume).
list_objects() {
  local kind=$1 ids fmt
  ids=$(docker "$kind" ls -q)
  [[ -n $ids ]] || return 0
  # `index` fails on objects without any label, hence the `with`.
  case $kind in
    network) fmt="{{.Id}} {{.Name}} {{with .Labels}}{{index . \"$STACK_LABEL\"}}{{end}}" ;;
    volume) fmt="{{.Name}} {{.Name}} {{with .Labels}}{{index . \"$STACK_LABEL\"}}{{end}}" ;;
    *) fmt="{{.ID}} {{.Spec.Name}} {{with .Spec.Labels}}{{index . \"$STACK_LABEL\"}}{{end}}" ;;
  esac
  # shellcheck disable=SC2086
  docker "$kind" inspect --format "$fmt" $ids
}

# Prints the ids of KIND objects whose name or stack namespace starts with the test prefix.
test_objects() {
  local id name ns
  list_objects "$1" | while read -r id name ns; do
    if [[ $name == "$TEST_PREFIX"* || $ns == "$TEST_PREFIX"* ]]; then echo "$id"; fi
  done
}

service_containers() {
  local id
  for id in "$@"; do docker ps -aq --filter "label=com.docker.swarm.service.id=$id"; done
}

# Test containers, and the task containers of the given (removed) services.
test_containers() {
  {
    docker ps -aq --filter label=swarmlift.test
    docker ps -a --format '{{.ID}} {{.Names}}' | awk -v p="$TEST_PREFIX" 'index($2, p) == 1 { print $1 }'
    service_containers "$@"
  } | sort -u
}

# Waits until the task containers of the given services are gone (Swarm
# removes them too; networks cannot be removed while they exist).
wait_tasks_gone() {
  local deadline=$((SECONDS + 30))
  while [[ -n "$(service_containers "$@")" ]]; do
    ((SECONDS < deadline)) || { log "WARNING: task containers of removed services remain"; return 0; }
    sleep 0.3
  done
}

remove_leftovers() {
  local services=() kind ids pids
  # Throw-away sshds of tests (testkit's startPrivateSshd) that a killed test run left behind.
  mapfile -t pids < <(pgrep -f "^sshd: /usr/sbin/sshd -D -E ${TMPDIR:-/tmp}/${TEST_PREFIX}sshd-|^/usr/sbin/sshd -D -E ${TMPDIR:-/tmp}/${TEST_PREFIX}sshd-" || true)
  if ((${#pids[@]})); then
    log "stopping ${#pids[@]} leftover test sshd(s)"
    kill "${pids[@]}" 2>/dev/null || true
  fi
  mapfile -t services < <(test_objects service)
  if ((${#services[@]})); then
    log "removing ${#services[@]} leftover test service(s)"
    docker service rm "${services[@]}" >/dev/null
  fi
  # Killed at once rather than stopped gracefully by Swarm (10 s each).
  mapfile -t ids < <(test_containers "${services[@]}")
  if ((${#ids[@]})); then
    log "removing ${#ids[@]} leftover test container(s)"
    docker rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
  fi
  ((${#services[@]} == 0)) || wait_tasks_gone "${services[@]}"
  # Only now, with the containers gone, can networks and volumes go.
  for kind in network secret config volume; do
    mapfile -t ids < <(test_objects "$kind")
    ((${#ids[@]})) || continue
    log "removing ${#ids[@]} leftover test ${kind}(s)"
    docker "$kind" rm "${ids[@]}" >/dev/null || log "WARNING: some test ${kind}s could not be removed"
  done
}

# ---------------------------------------------------------------- sshd

ensure_deploy_user() {
  if ! id deploy >/dev/null 2>&1; then
    log "creating user deploy"
    useradd -m -s /bin/bash deploy
  fi
  # useradd leaves the account locked ("!"), and a locked account cannot log
  # in even with a key when UsePAM is off.
  [[ "$(getent shadow deploy | cut -d: -f2)" == '*' ]] || usermod -p '*' deploy
  [[ " $(id -nG deploy) " == *" docker "* ]] || usermod -aG docker deploy
}

ensure_ssh_keys() {
  mkdir -p "$SSH_DIR" "$SSHD_DIR"
  chmod 700 "$SSH_DIR" "$SSHD_DIR"
  [[ -f $SSHD_HOST_KEY ]] || ssh-keygen -q -t ed25519 -N '' -C swarmlift-testenv-host -f "$SSHD_HOST_KEY"
  [[ -f $SSH_KEY ]] || ssh-keygen -q -t ed25519 -N '' -C swarmlift-testenv -f "$SSH_KEY"
  local type key _
  read -r type key _ <"$SSHD_HOST_KEY.pub"
  echo "[127.0.0.1]:$SSH_PORT $type $key" | write_if_changed "$SSH_KNOWN_HOSTS" 644 || true
  SSH_FINGERPRINT=$(ssh-keygen -lf "$SSHD_HOST_KEY.pub" | awk '{ print $2 }')
}

# Our key in ~deploy/.ssh/authorized_keys; keys of earlier (purged) runs removed.
install_authorized_key() {
  local home ssh_dir auth pub
  home=$(getent passwd deploy | cut -d: -f6)
  ssh_dir="$home/.ssh"
  auth="$ssh_dir/authorized_keys"
  pub=$(<"$SSH_KEY.pub")
  install -d -m 700 -o deploy -g deploy "$ssh_dir"
  {
    [[ -f $auth ]] && grep -v ' swarmlift-testenv$' "$auth" || true
    echo "$pub"
  } | write_if_changed "$auth" 600 || true
  chown deploy:deploy "$auth"
}

write_sshd_config() {
  write_if_changed "$SSHD_DIR/sshd_config" 600 <<EOF
# Generated by scripts/testenv/up.sh
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $SSHD_HOST_KEY
PidFile $SSHD_DIR/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
AllowUsers deploy
PermitRootLogin no
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
X11Forwarding no
PrintMotd no
Subsystem sftp internal-sftp
EOF
}

ensure_sshd() {
  mkdir -p /run/sshd
  ensure_deploy_user
  ensure_ssh_keys
  install_authorized_key
  if write_sshd_config; then stop_ours sshd 10; fi
  /usr/sbin/sshd -t -f "$SSHD_DIR/sshd_config"
  if our_pid sshd >/dev/null; then
    log "sshd: running (ours)"
  else
    require_free_port 127.0.0.1 "$SSH_PORT" sshd
    log "sshd: starting on 127.0.0.1:$SSH_PORT"
    # -D: stay in the foreground so the recorded pid is the daemon; -e: log to our file.
    spawn sshd /usr/sbin/sshd -D -e -f "$SSHD_DIR/sshd_config"
  fi
  wait_for 15 sshd listening 127.0.0.1 "$SSH_PORT"
}

verify_ssh() {
  local state
  state=$(ssh -F /dev/null -i "$SSH_KEY" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o UserKnownHostsFile="$SSH_KNOWN_HOSTS" -o StrictHostKeyChecking=yes \
    -p "$SSH_PORT" deploy@127.0.0.1 "docker info --format '{{.Swarm.LocalNodeState}}'") ||
    die "ssh to deploy@127.0.0.1:$SSH_PORT failed (see $LOGS_DIR/sshd.log)"
  [[ $state == active ]] || die "over ssh the swarm state is '$state', expected active"
}

# ---------------------------------------------------------------- registry

# Succeeds only if the htpasswd file had to be (re)written.
ensure_htpasswd() {
  local file="$REGISTRY_DIR/htpasswd"
  # -i: the password comes on stdin, never on argv.
  if [[ -s $file ]] && htpasswd -vi "$file" "$REGISTRY_USER" <<<"$REGISTRY_PASSWORD" >/dev/null 2>&1; then
    return 1
  fi
  htpasswd -iBn "$REGISTRY_USER" <<<"$REGISTRY_PASSWORD" | sed '/^$/d' | write_if_changed "$file" 600
}

write_registry_config() {
  write_if_changed "$REGISTRY_DIR/config.yml" 600 <<EOF
# Generated by scripts/testenv/up.sh
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_HOST
  secret: $(secret registry-http-secret)
auth:
  htpasswd:
    realm: swarmlift-testenv
    path: $REGISTRY_DIR/htpasswd
EOF
}

registry_answers() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY_HOST/v2/")" == 401 ]]
}

ensure_registry() {
  mkdir -p "$REGISTRY_DIR/data"
  chmod 700 "$REGISTRY_DIR"
  local changed=0
  ensure_htpasswd && changed=1
  write_registry_config && changed=1
  if ((changed)); then stop_ours registry 10; fi
  if our_pid registry >/dev/null; then
    log "registry: running (ours)"
  else
    require_free_port 127.0.0.1 "${REGISTRY_HOST#*:}" registry
    log "registry: starting on $REGISTRY_HOST"
    spawn registry docker-registry serve "$REGISTRY_DIR/config.yml"
  fi
  wait_for 20 registry registry_answers
}

# ---------------------------------------------------------------- postgres

pg_running() { pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; }

pg_postmaster_pid() {
  local data
  data=$(pg_lsclusters -h "$PG_VERSION" "$PG_CLUSTER" | awk '{ print $6 }')
  head -n1 "$data/postmaster.pid"
}

write_pg_config() {
  write_if_changed "/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/swarmlift-testenv.conf" 644 <<EOF
# Generated by swarmlift scripts/testenv/up.sh: Swarm tasks reach the host on docker_gwbridge.
listen_addresses = '127.0.0.1,$GW_IP'
port = $PG_PORT
EOF
}

# Our rules live in a marked block at the end of pg_hba.conf (first match wins,
# and no stock rule matches these addresses with a different method).
write_pg_hba() {
  local hba="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/pg_hba.conf"
  {
    sed '/^# BEGIN swarmlift-testenv/,/^# END swarmlift-testenv/d' "$hba"
    echo "# BEGIN swarmlift-testenv (scripts/testenv/up.sh)"
    echo "host    all    all    127.0.0.1/32    scram-sha-256"
    echo "host    all    all    $GW_SUBNET    scram-sha-256"
    echo "# END swarmlift-testenv"
  } | write_if_changed "$hba" 640 || return 1
  chown postgres:postgres "$hba"
}

ensure_postgres_running() {
  local conf_changed=0 hba_changed=0
  [[ -d /etc/postgresql/$PG_VERSION/$PG_CLUSTER ]] || pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null
  write_pg_config && conf_changed=1
  write_pg_hba && hba_changed=1
  ln -sfn "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" "$LOGS_DIR/postgresql.log"
  if ! pg_running; then
    require_free_port 127.0.0.1 "$PG_PORT" postgresql
    log "postgresql: starting cluster $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
    record_pid postgresql "$(pg_postmaster_pid)"
  # listen_addresses needs a restart; so does a server that started before
  # docker_gwbridge had its address.
  elif ((conf_changed)) || ! listening "$GW_IP" "$PG_PORT"; then
    log "postgresql: restarting to listen on $GW_IP"
    local ours=0
    our_pid postgresql >/dev/null && ours=1
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
    ((ours)) && record_pid postgresql "$(pg_postmaster_pid)"
  elif ((hba_changed)); then
    log "postgresql: reloading pg_hba.conf"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" reload
  else
    log "postgresql: running"
  fi
  wait_for 20 postgresql listening "$GW_IP" "$PG_PORT"
}

# Role and database, both idempotent. The SQL (with the password) goes on stdin.
ensure_pg_role_and_db() {
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<EOF
SELECT format('CREATE ROLE %I LOGIN', '$PG_NAME')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_NAME') \gexec
-- CREATEDB: migrator tests each migrate a fresh database of their own.
ALTER ROLE "$PG_NAME" WITH LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$PG_NAME', '$PG_NAME')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_NAME') \gexec
-- PostgreSQL 15: only the owner may create tables in schema public (Django migrate).
ALTER DATABASE "$PG_NAME" OWNER TO "$PG_NAME";
EOF
}

# The gateway address is checked from a container on docker_gwbridge, the way
# Swarm tasks connect: from the host itself, Docker's MASQUERADE rule rewrites
# the source of connections to it to the host's eth0 address.
verify_postgres() {
  local query=(psql -X -w -p "$PG_PORT" -U "$PG_NAME" -d "$PG_NAME" -tAc 'SELECT 1') out
  out=$(PGPASSWORD=$PG_PASSWORD "${query[@]}" -h 127.0.0.1) || die "psql to 127.0.0.1:$PG_PORT failed"
  [[ $out == 1 ]] || die "unexpected psql answer from 127.0.0.1: $out"
  # -e NAME without a value: docker takes it from its environment, not argv.
  out=$(PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 docker run --rm --network docker_gwbridge \
    -e PGPASSWORD -e PGCONNECT_TIMEOUT "$IMAGE_DJANGO" "${query[@]}" -h "$GW_IP") ||
    die "psql from a container on docker_gwbridge to $GW_IP:$PG_PORT failed"
  [[ $out == 1 ]] || die "unexpected psql answer from $GW_IP: $out"
}

# ---------------------------------------------------------------- nginx

write_nginx_config() {
  write_if_changed "$NGINX_DIR/nginx.conf" 644 <<EOF
# Generated by scripts/testenv/up.sh
user www-data;
worker_processes 1;
daemon off;
pid $NGINX_DIR/nginx.pid;
error_log $LOGS_DIR/nginx-error.log;

events { worker_connections 256; }

http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $LOGS_DIR/nginx-access.log;
  sendfile on;

  server {
    listen 127.0.0.1:$NGINX_PORT;
    server_name _;

    location /static/ { alias $STATIC_ROOT/site/static/; }
    # One site per test: /t/NAME/static/ serves $STATIC_ROOT/t/NAME/static/.
    location ~ ^/t/([A-Za-z0-9_.-]+)/static/(.*)\$ { alias $STATIC_ROOT/t/\$1/static/\$2; }
    location = /healthz { default_type text/plain; return 200 "ok"; }
  }
}
EOF
}

nginx_healthy() { [[ "$(curl -s "http://127.0.0.1:$NGINX_PORT/healthz")" == ok ]]; }

ensure_nginx() {
  local changed=0 pid
  # Uploads (static-sync) write here as deploy; nginx workers (www-data) only read.
  install -d -m 755 -o deploy -g deploy "$STATIC_ROOT" "$STATIC_ROOT/t"
  mkdir -p "$NGINX_DIR"
  write_nginx_config && changed=1
  # -e: also the errors before the config is read go to our log, not /var/log/nginx.
  nginx -q -t -e "$LOGS_DIR/nginx-error.log" -c "$NGINX_DIR/nginx.conf"
  if pid=$(our_pid nginx); then
    if ((changed)); then
      log "nginx: reloading"
      kill -HUP "$pid"
    else
      log "nginx: running (ours)"
    fi
  else
    require_free_port 127.0.0.1 "$NGINX_PORT" nginx
    log "nginx: starting on 127.0.0.1:$NGINX_PORT"
    spawn nginx nginx -e "$LOGS_DIR/nginx-error.log" -c "$NGINX_DIR/nginx.conf"
  fi
  wait_for 15 nginx nginx_healthy
}

# ---------------------------------------------------------------- images

image_recipe() { docker image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$1" 2>/dev/null || true; }

debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ { u = $2 } /^Suites:/ && / bookworm( |$)/ { print u; exit }' \
    /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

ensure_busybox_image() {
  local hash root
  hash=$( { echo "busybox v$IMAGE_RECIPE_VERSION"; sha256sum </bin/busybox; } | sha256sum | cut -c1-16)
  if [[ "$(image_recipe "$IMAGE_BUSYBOX")" == "$hash" ]]; then
    log "image $IMAGE_BUSYBOX: up to date"
    return 0
  fi
  log "image $IMAGE_BUSYBOX: building"
  make_tmp_dir root
  chmod 755 "$root" # becomes / in the image
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  # Inside the chroot /proc is missing, so busybox links to its absolute argv[0].
  chroot "$root" /bin/busybox --install -s /bin
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar --numeric-owner -C "$root" -c . |
    docker import --change 'CMD ["/bin/sh"]' --change "LABEL $RECIPE_LABEL=$hash" - "$IMAGE_BUSYBOX" >/dev/null
}

# The debootstrap tarball is cached outside the work tree: ~70 s to make, seconds to import.
ensure_django_image() {
  local recipe hash tarball build
  recipe="django v$IMAGE_RECIPE_VERSION bookworm minbase $DJANGO_PACKAGES"
  hash=$(sha256sum <<<"$recipe" | cut -c1-16)
  tarball="$CACHE_DIR/django-rootfs-$hash.tar"
  if [[ "$(image_recipe "$IMAGE_DJANGO")" == "$hash" ]]; then
    log "image $IMAGE_DJANGO: up to date"
    return 0
  fi
  if [[ ! -s $tarball ]]; then
    log "image $IMAGE_DJANGO: debootstrap (about 70 s, log in $LOGS_DIR/debootstrap.log)"
    mkdir -p "$CACHE_DIR/debs"
    make_tmp_dir build "$CACHE_DIR"
    debootstrap --variant=minbase --include="$DJANGO_PACKAGES" --cache-dir="$CACHE_DIR/debs" \
      bookworm "$build/rootfs" "$(debian_mirror)" >"$LOGS_DIR/debootstrap.log" 2>&1 ||
      die "debootstrap failed; see $LOGS_DIR/debootstrap.log"
    rm -rf "$build/rootfs/var/cache/apt/archives/"*.deb "$build/rootfs/var/lib/apt/lists/"*
    tar --numeric-owner -C "$build/rootfs" -cf "$build/rootfs.tar" .
    mv "$build/rootfs.tar" "$tarball"
    remove_tree "$build"
    # Tarballs of earlier package lists are never used again.
    find "$CACHE_DIR" -maxdepth 1 -name 'django-rootfs-*.tar' ! -name "${tarball##*/}" -delete
  fi
  log "image $IMAGE_DJANGO: importing cached root file system"
  docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL $RECIPE_LABEL=$hash" - "$IMAGE_DJANGO" <"$tarball" >/dev/null
}

# Logs in with a throwaway DOCKER_CONFIG (root's ~/.docker stays untouched) and
# pushes both images; pushing unchanged layers again takes well under a second.
push_images() {
  local config image
  make_tmp_dir config
  DOCKER_CONFIG=$config docker login "$REGISTRY_HOST" -u "$REGISTRY_USER" --password-stdin \
    <<<"$REGISTRY_PASSWORD" >/dev/null 2>"$LOGS_DIR/push.log" ||
    die "docker login $REGISTRY_HOST failed: $(cat "$LOGS_DIR/push.log")"
  for image in "$IMAGE_BUSYBOX" "$IMAGE_DJANGO"; do
    docker tag "$image" "$REGISTRY_HOST/$image"
    DOCKER_CONFIG=$config docker push "$REGISTRY_HOST/$image" >>"$LOGS_DIR/push.log" 2>&1 ||
      die "docker push $REGISTRY_HOST/$image failed; see $LOGS_DIR/push.log"
  done
  log "images pushed to $REGISTRY_HOST"
}

# ---------------------------------------------------------------- env file

# Written through write_if_changed: a temp file renamed over the old one, mode 600.
write_env_file() {
  write_if_changed "$TESTENV_DIR/env" 600 <<EOF || true
SWARMLIFT_TESTENV=1
DOCKER_SOCKET=/var/run/docker.sock
SSH_HOST=127.0.0.1
SSH_PORT=$SSH_PORT
SSH_USER=deploy
SSH_KEY_PATH=$SSH_KEY
SSH_KNOWN_HOSTS_PATH=$SSH_KNOWN_HOSTS
SSH_HOST_KEY_FINGERPRINT=$SSH_FINGERPRINT
REGISTRY_HOST=$REGISTRY_HOST
REGISTRY_USER=$REGISTRY_USER
REGISTRY_PASSWORD=$REGISTRY_PASSWORD
PG_HOST=127.0.0.1
PG_SWARM_HOST=$GW_IP
PG_PORT=$PG_PORT
PG_DATABASE=$PG_NAME
PG_USER=$PG_NAME
PG_PASSWORD=$PG_PASSWORD
NGINX_PORT=$NGINX_PORT
NGINX_STATIC_TARGET=$STATIC_ROOT/site
NGINX_TEST_STATIC_ROOT=$STATIC_ROOT/t
IMAGE_BUSYBOX=$IMAGE_BUSYBOX
IMAGE_DJANGO=$IMAGE_DJANGO
REGISTRY_IMAGE_BUSYBOX=$REGISTRY_HOST/$IMAGE_BUSYBOX
REGISTRY_IMAGE_DJANGO=$REGISTRY_HOST/$IMAGE_DJANGO
EOF
}

print_summary() {
  local started=() name
  for name in dockerd sshd registry postgresql nginx; do
    our_pid "$name" >/dev/null && started+=("$name")
  done
  cat <<EOF
[testenv] ready in ${SECONDS}s
  docker   /var/run/docker.sock (engine $(docker version --format '{{.Server.Version}}'), swarm active)
  ssh      deploy@127.0.0.1:$SSH_PORT  key $SSH_KEY  host key $SSH_FINGERPRINT
  registry http://$REGISTRY_HOST (user $REGISTRY_USER)
  postgres 127.0.0.1:$PG_PORT and $GW_IP:$PG_PORT  db/user $PG_NAME  (clients: 127.0.0.1 $GW_SUBNET)
  nginx    http://127.0.0.1:$NGINX_PORT  static from $STATIC_ROOT/site/static/
  images   $IMAGE_BUSYBOX, $IMAGE_DJANGO (also under $REGISTRY_HOST/)
  managed by us (stopped by down.sh): ${started[*]:-none}
  env      $TESTENV_DIR/env
EOF
}

# ---------------------------------------------------------------- main

main() {
  ensure_packages
  mkdir -p "$PIDS_DIR" "$LOGS_DIR" "$SECRETS_DIR" "$CACHE_DIR"
  chmod 700 "$TESTENV_DIR" "$SECRETS_DIR"
  REGISTRY_PASSWORD=$(secret registry-password)
  PG_PASSWORD=$(secret pg-password)

  ensure_dockerd
  ensure_swarm
  read_bridges
  remove_leftovers

  ensure_sshd
  ensure_registry
  ensure_postgres_running
  ensure_pg_role_and_db
  ensure_nginx

  ensure_busybox_image
  ensure_django_image
  push_images

  verify_ssh
  verify_postgres
  write_env_file
  print_summary
}

main "$@"
