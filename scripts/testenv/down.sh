#!/usr/bin/env bash
# Stops exactly what up.sh started (recorded in .testenv/pids), nothing else.
# Keeps keys, passwords, images and caches so the next up.sh is fast; the
# swarm is not left. --purge also removes the .testenv/ state.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib.sh
[[ $EUID -eq 0 ]] || die "run as root"
run_locked "$@"

purge=0
case "${1:-}" in
  "") ;;
  --purge) purge=1 ;;
  *) die "usage: $0 [--purge]" ;;
esac

stop_postgres() {
  our_pid postgresql >/dev/null || return 0
  log "stopping postgresql $PG_VERSION/$PG_CLUSTER"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast || log "WARNING: pg_ctlcluster stop failed"
  forget_pid postgresql
}

# dockerd stops its containers and its own containerd on SIGTERM. Only if it
# had to be killed may its direct children (containerd) outlive it: they were
# started on our behalf, so they are stopped too, again only if still the same.
stop_dockerd() {
  local pid child
  local -A child_ids=()
  pid=$(our_pid dockerd) || return 0
  for child in $(cat "/proc/$pid/task/"*/children 2>/dev/null || true); do
    child_ids[$child]=$(proc_identity "$child" 2>/dev/null) || true
  done
  stop_ours dockerd 20
  for child in "${!child_ids[@]}"; do
    [[ -n ${child_ids[$child]} && "$(proc_identity "$child" 2>/dev/null)" == "${child_ids[$child]}" ]] || continue
    log "stopping dockerd's child $child"
    kill -KILL "$child" 2>/dev/null || true
  done
}

stop_ours nginx 10
stop_ours registry 10
stop_ours sshd 10
stop_postgres
stop_dockerd

if ((purge)); then
  log "removing $TESTENV_DIR"
  rm -rf "$TESTENV_DIR"
fi
log "down"
