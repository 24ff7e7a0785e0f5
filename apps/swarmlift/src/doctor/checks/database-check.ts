import { fail, pass, skip, type Verdict } from '../check-result.js';

/**
 * The probe the one-off task runs with the app image (python3, which every
 * Django image has): resolve DB_HOST, open a TCP connection to DB_PORT within
 * 5 s, and ask for SSL the way every PostgreSQL client starts (a server
 * answers one byte, S or N) — pg_isready's question without a login. DB_HOST
 * and DB_PORT come from the task's environment, never its command line.
 */
export const DATABASE_PROBE = `
import os, socket, sys
host = os.environ.get("DB_HOST", "")
port = int(os.environ.get("DB_PORT") or "5432")
def out(word, detail=""):
    print("swarmlift-doctor:", word, detail, flush=True)
try:
    socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
except (OSError, UnicodeError) as error:
    out("dns", type(error).__name__); sys.exit(3)
try:
    conn = socket.create_connection((host, port), timeout=5)
except socket.timeout:
    out("timeout"); sys.exit(4)
except OSError as error:
    out("refused" if isinstance(error, ConnectionRefusedError) else "connect", error.strerror or type(error).__name__); sys.exit(5)
try:
    conn.settimeout(5)
    conn.sendall(bytes([0, 0, 0, 8, 4, 210, 22, 47]))
    answer = conn.recv(1)
except OSError as error:
    out("noanswer", type(error).__name__); sys.exit(6)
out("postgres" if answer in (b"S", b"N") else "other")
`.trim();

/** The database answers from the stack's network, judged from the probe's output. */
export function databaseVerdict(options: {
  /** `DB_HOST:DB_PORT`, as the probe used them. */
  address: string;
  /** Where the probe ran: `the stack's network backend` or why not there. */
  where: string;
  exitCode: number;
  logs: string;
}): Verdict {
  const { address, where } = options;
  const line = options.logs
    .split('\n')
    .reverse()
    .find((l) => l.includes('swarmlift-doctor:'));
  const [word = '', ...rest] = (line?.split('swarmlift-doctor:')[1] ?? '').trim().split(' ');
  const detail = rest.join(' ').trim();
  if (options.exitCode === 0 && word === 'postgres')
    return pass(`PostgreSQL answers at ${address} from ${where}`);
  if (options.exitCode === 0 && word === 'other')
    return pass(
      `${address} accepts connections from ${where} (it does not answer like PostgreSQL)`,
    );
  const hint =
    'Check DB_HOST and DB_PORT as the stack’s tasks see them: the database must listen on an address they reach (e.g. the docker_gwbridge gateway for a database on the manager) and pg_hba.conf must allow their subnet.';
  switch (word) {
    case 'dns':
      return fail(
        `DB_HOST does not resolve from ${where} (${address}: ${detail || 'no such host'})`,
        `Set DB_HOST to a name or address the stack's tasks resolve. ${hint}`,
      );
    case 'refused':
      return fail(`${address} refused the connection from ${where}: nothing listens there`, hint);
    case 'timeout':
      return fail(`${address} did not answer from ${where} within 5 s (a firewall?)`, hint);
    case 'connect':
    case 'noanswer':
      return fail(`${address} is not reachable from ${where}: ${detail}`, hint);
    default:
      return fail(
        `the probe did not run in the app image (exit ${options.exitCode})`,
        'The probe needs python3 in the app image; check that the image runs (swarmlift manage -- check).',
      );
  }
}

/** The database check cannot run: no app image to run the probe with yet. */
export function noImageVerdict(image: string): Verdict {
  return skip(
    `the stack does not run the app yet and the registry has no ${image}: no image to probe with`,
    'Run swarmlift doctor again after swarmlift build (or the first deploy) to check the database from the stack network.',
  );
}
