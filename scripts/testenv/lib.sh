# shellcheck shell=bash
# Shared by up.sh and down.sh: paths and the bookkeeping of processes we started.
# Sourced after `cd` to the repository root.

# shellcheck disable=SC2034 # some are used only by up.sh or down.sh
TESTENV_DIR="$PWD/.testenv"
PIDS_DIR="$TESTENV_DIR/pids"
LOGS_DIR="$TESTENV_DIR/logs"
SECRETS_DIR="$TESTENV_DIR/secrets"
CACHE_DIR=/var/cache/swarmlift-testenv

PG_VERSION=15
PG_CLUSTER=main

# Always talk to the local engine, whatever the caller's environment says.
export DOCKER_HOST=unix:///var/run/docker.sock
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

log() { printf '[testenv] %s\n' "$*"; }
die() { printf '[testenv] ERROR: %s\n' "$*" >&2; exit 1; }

# A pid alone can be reused; boot id + start time (in ticks since boot)
# identify one process for good.
proc_identity() {
  local pid=$1 stat
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }   # drop "pid (comm) ", comm may contain spaces
  # shellcheck disable=SC2086
  set -- $stat
  [[ $1 != [ZX] ]] || return 1 # a zombie is dead, whatever its pid says
  printf '%s %s\n' "$(cat /proc/sys/kernel/random/boot_id)" "${20}"
}

record_pid() {
  local name=$1 pid=$2
  mkdir -p "$PIDS_DIR"
  proc_identity "$pid" >"$PIDS_DIR/$name.id" || die "$name (pid $pid) exited right after start"
  echo "$pid" >"$PIDS_DIR/$name.pid"
}

forget_pid() { rm -f "$PIDS_DIR/$1.pid" "$PIDS_DIR/$1.id"; }

# Prints the recorded pid of NAME if that very process is still alive, else
# fails (and drops a stale record).
our_pid() {
  local name=$1 pid
  [[ -f $PIDS_DIR/$name.pid && -f $PIDS_DIR/$name.id ]] || return 1
  pid=$(<"$PIDS_DIR/$name.pid")
  if [[ $pid =~ ^[0-9]+$ ]] && [[ "$(proc_identity "$pid" 2>/dev/null)" == "$(<"$PIDS_DIR/$name.id")" ]]; then
    echo "$pid"
    return 0
  fi
  forget_pid "$name"
  return 1
}

# Succeeds once the process recorded as NAME is gone, fails after SECONDS.
wait_gone() {
  local name=$1 deadline=$((SECONDS + $2))
  while our_pid "$name" >/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Sends SIGTERM to the process we recorded as NAME, waits up to GRACE seconds,
# then SIGKILL. Does nothing if NAME is not (or no longer) our process.
stop_ours() {
  local name=$1 grace=$2 pid
  pid=$(our_pid "$name") || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$name" "$grace"; then
    log "$name did not stop within ${grace}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$name" 5 || log "WARNING: $name (pid $pid) survived SIGKILL"
  fi
  forget_pid "$name"
}

# Re-runs the calling script under a machine-wide lock, so that two up.sh/down.sh
# never race for the same ports. flock -o: the lock is held by flock itself,
# not inherited by the daemons the script starts.
run_locked() {
  [[ -z ${SWARMLIFT_TESTENV_LOCKED:-} ]] || return 0
  mkdir -p "$CACHE_DIR"
  SWARMLIFT_TESTENV_LOCKED=1 exec flock -o "$CACHE_DIR/lock" "$PWD/scripts/testenv/${0##*/}" "$@"
}
