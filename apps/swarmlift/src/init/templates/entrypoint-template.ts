/**
 * deployment/entrypoint.sh: waits (bounded) until the database accepts TCP
 * connections, then runs the command. Exactly the example app's entrypoint
 * (a unit test compares the two).
 */
export function renderEntrypoint(): string {
  return `#!/bin/sh
# Waits until Postgres accepts TCP connections on DB_HOST:DB_PORT, at most
# DB_WAIT_SECONDS (default 60), then runs the command (gunicorn, or
# \`python manage.py migrate\` in a one-off job). Without a bound, a task whose
# database is unreachable would hang forever instead of failing where Swarm
# (and swarmlift) can report it. DB_WAIT_SECONDS=0 skips the wait.
# Needs nothing but python3, which every image of this app has.
set -e

if [ -n "\${DB_HOST:-}" ] && [ "\${DB_WAIT_SECONDS:-60}" != "0" ]; then
  python3 - <<'PY'
import os
import socket
import sys
import time

host = os.environ["DB_HOST"]
port = int(os.environ.get("DB_PORT") or "5432")
limit = float(os.environ.get("DB_WAIT_SECONDS") or "60")
deadline = time.monotonic() + limit
last = None
while True:
    try:
        socket.create_connection((host, port), timeout=2).close()
        sys.exit(0)
    except OSError as error:
        last = error
    if time.monotonic() >= deadline:
        # Names, not values: this line ends up in deploy logs.
        print(
            f"entrypoint: the database (DB_HOST:DB_PORT) did not accept a connection "
            f"within {limit:g} s: {type(last).__name__}: {last.strerror or last}",
            file=sys.stderr,
        )
        sys.exit(1)
    time.sleep(0.5)
PY
fi

exec "$@"
`;
}
