# shellcheck shell=bash
# cluster.sh: small helpers on top of lib.sh's pid bookkeeping (up.sh has its
# own copies of these; lib.sh is shared and stays as it is).

# Succeeds if a TCP socket listens on HOST:PORT (or a wildcard address with
# that port). Asks the kernel, so daemons see no probe connections. Only sees
# the host's network namespace.
listening() {
  ss -Hltn "sport = :$2" | awk -v h="$1" '
    { a = $4; sub(/:[0-9]+$/, "", a); if (a == h || a == "0.0.0.0" || a == "*" || a == "[::]") found = 1 }
    END { exit !found }'
}

# Same, inside the network namespace NS.
listening_in() { # NS HOST PORT
  ip netns exec "$1" ss -Hltn "sport = :$3" 2>/dev/null | awk -v h="$2" '
    { a = $4; sub(/:[0-9]+$/, "", a); if (a == h) found = 1 }
    END { exit !found }'
}

# Starts CMD detached (own session, no tty, log in logs/NAME.log) and records
# its pid. Not interactive: background children lead no process group, so
# setsid execs CMD in place and $! is the daemon's pid. Every inherited file
# descriptor above 2 is closed first: a caller's `flock LOCKFILE cluster.sh`
# lock must not live on in the daemons (it did once, holding everyone's lock).
spawn() {
  local name=$1
  shift
  mkdir -p "$LOGS_DIR"
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
    done
    exec setsid "$@" </dev/null >>"$LOGS_DIR/$name.log" 2>&1
  ) &
  record_pid "$name" "$!"
}

# Polls CMD until it succeeds; gives up after SECS or when our process NAME died.
wait_for() {
  local secs=$1 name=$2 deadline=$((SECONDS + $1))
  shift 2
  until "$@"; do
    if ! our_pid "$name" >/dev/null; then
      die "$name exited during start-up; last log lines:
$(tail -n 15 "$LOGS_DIR/$name.log" 2>/dev/null)"
    fi
    ((SECONDS < deadline)) || die "$name not ready after ${secs}s (see $LOGS_DIR/$name.log)"
    sleep 0.3
  done
}
