import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { credentialsFor, engineMessage, engineStatusCode } from '@swarmlift/core';
import { imageExists } from '@swarmlift/image-builder';
import { runOneOff } from '@swarmlift/migrator';
import {
  connect,
  connectFirst,
  ensureSwarmManager,
  type Remote,
  type SkippedTarget,
  type SshTarget,
} from '@swarmlift/remote';
import { parse } from 'yaml';
import { composeEnv } from '../pipeline/compose-env.js';
import { type LoadedCompose, loadCompose } from '../pipeline/load-compose.js';
import { targetLabelOf } from '../settings/connect-settings.js';
import type { Settings } from '../settings/settings.js';
import type { Verdict } from './check-result.js';
import { composeVerdict } from './checks/compose-check.js';
import { DATABASE_PROBE, databaseVerdict, noImageVerdict } from './checks/database-check.js';
import { engineVerdict } from './checks/engine-check.js';
import {
  type RegistryOutcome,
  registryPullVerdict,
  registryVerdict,
} from './checks/registry-check.js';
import { type ConnectOutcome, sshVerdict } from './checks/ssh-check.js';
import {
  everyHostVerdict,
  STATIC_PROBE_SCRIPT,
  staticTargetVerdict,
} from './checks/static-target-check.js';
import { unsetComposeVariables } from './checks/unset-variables.js';
import type { CheckDefinition } from './run-checks.js';

/** What the checks of a deploy's settings share: one connection, one compose load, one registry answer. */
export interface DoctorContext {
  settings: Settings;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal | undefined;
}

const CONNECT_TIMEOUT_MS = 15_000;
const ENGINE_TIMEOUT_MS = 15_000;
const REGISTRY_TIMEOUT_MS = 15_000;
const PROBE_TIMEOUT_MS = 120_000;

/**
 * The checks after "settings", for complete deploy settings, with what each
 * needs. Returns them and `close()` for the connection they opened.
 */
export function doctorChecks(context: DoctorContext): {
  checks: CheckDefinition[];
  close(): Promise<void>;
} {
  const { settings, env, signal } = context;
  const user = /^([^@]+)@/.exec(settings.targetLabel)?.[1] ?? 'the SSH user';

  let connected: Promise<Remote> | undefined;
  let skipped: SkippedTarget[] = [];
  const remote = (): Promise<Remote> => {
    if (settings.managerTargets.length < 2) {
      connected ??= connect({
        ...settings.connect,
        reconnect: false,
        timeoutMs: CONNECT_TIMEOUT_MS,
        signal,
      });
      return connected;
    }
    // Several managers: the one a deploy would use (the first working manager); the ssh
    // line names those skipped and why.
    const { onEvent: _ignored, ...common } = settings.connect;
    connected ??= connectFirst({
      ...common,
      targets: settings.managerTargets,
      reconnect: false,
      timeoutMs: CONNECT_TIMEOUT_MS,
      signal,
    }).then((found) => {
      skipped = found.skipped;
      return found.remote;
    });
    return connected;
  };
  /** `deploy@m2:22 (m1 skipped: connection refused)` once connected; the label before. */
  const managerLabel = (r: Remote | undefined): string => {
    if (!r || settings.managerTargets.length < 2) return settings.targetLabel;
    const notes = skipped.map((one) => `${one.host} skipped: ${one.reason}`);
    return `${targetLabelOf(r.target)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };
  const staticRemotes = settings.staticHosts.map((target: SshTarget) => ({
    host: targetLabelOf(target),
    remote: undefined as Promise<Remote> | undefined,
    target,
  }));
  const connectOutcome = (): Promise<ConnectOutcome> =>
    remote().then(
      (r): ConnectOutcome => ({
        ok: true,
        kind: r.target.kind,
        hostKey: r.hostKey
          ? { fingerprint: r.hostKey.fingerprint, keyType: r.hostKey.keyType }
          : undefined,
      }),
      (error: unknown): ConnectOutcome => ({ ok: false, error }),
    );

  const files = settings.composeFiles.map((file) => relative(settings.cwd, file)).join(', ');
  let composeLoad: Promise<LoadedCompose> | undefined;
  const compose = () => {
    composeLoad ??= loadCompose(settings, env, signal);
    return composeLoad;
  };
  const appImage = `${settings.registry}/${settings.imageName}/django-app:${settings.version}`;
  let registryAnswer: Promise<RegistryOutcome> | undefined;
  const registry = (): Promise<RegistryOutcome> => {
    registryAnswer ??= compose()
      .then(
        (loaded) => loaded.image,
        () => appImage,
      )
      .then((image) =>
        imageExists({
          image,
          credentials: settings.credentials,
          timeoutMs: REGISTRY_TIMEOUT_MS,
          signal,
        }),
      )
      .then(
        (result): RegistryOutcome => ({ ok: true, exists: result.exists, digest: result.digest }),
        (error: unknown): RegistryOutcome => ({ ok: false, error }),
      );
    return registryAnswer;
  };
  const credentials = credentialsFor(settings.credentials, settings.registry);

  const checks: CheckDefinition[] = [
    {
      id: 'ssh',
      needs: ['settings'],
      run: async () =>
        sshVerdict({
          target: managerLabel(await remote().catch(() => undefined)),
          pinSource: pinSource(settings),
          outcome: await connectOutcome(),
        }),
    },
    {
      id: 'engine',
      needs: ['ssh'],
      run: async () => {
        const outcome = await connectOutcome();
        if (!outcome.ok) {
          // The SSH check passed, so the engine stage of connect() failed.
          return engineVerdict({ ok: false, error: outcome.error });
        }
        try {
          const info = await ensureSwarmManager({
            remote: await remote(),
            signal,
            timeoutMs: ENGINE_TIMEOUT_MS,
          });
          return engineVerdict({ ok: true, info, user });
        } catch (error) {
          return engineVerdict({ ok: false, error });
        }
      },
    },
    {
      id: 'registry',
      needs: ['settings'],
      run: async () =>
        registryVerdict({
          registry: settings.registry,
          image: await compose().then(
            (loaded) => loaded.image,
            () => appImage,
          ),
          login: credentials?.username,
          outcome: await registry(),
        }),
    },
    {
      id: 'registry-pull',
      needs: ['engine', 'registry'],
      run: async () => {
        if (!credentials)
          return registryPullVerdict({
            registry: settings.registry,
            anonymous: true,
            outcome: { ok: true, status: '' },
          });
        const body = credentials.identityToken
          ? { identitytoken: credentials.identityToken, serveraddress: settings.registry }
          : {
              username: credentials.username,
              password: credentials.password,
              serveraddress: settings.registry,
            };
        try {
          const answer = (await (
            await remote()
          ).docker.checkAuth({ ...body, abortSignal: signal })) as { Status?: string };
          return registryPullVerdict({
            registry: settings.registry,
            anonymous: false,
            outcome: { ok: true, status: answer?.Status ?? '' },
          });
        } catch (error) {
          return registryPullVerdict({
            registry: settings.registry,
            anonymous: false,
            outcome: { ok: false, message: engineMessage(error) },
          });
        }
      },
    },
    {
      id: 'compose',
      needs: ['settings'],
      run: async () => {
        try {
          const loaded = await compose();
          const documents = await Promise.all(
            settings.composeFiles.map(
              async (file) => parse(await readFile(file, 'utf8')) as unknown,
            ),
          );
          const values = composeEnv(settings, env);
          const unset = unsetComposeVariables(documents, (name) => values[name]);
          return composeVerdict({
            files,
            outcome: {
              ok: true,
              services: loaded.stack.services.map((s) => s.name),
              image: loaded.image,
              unset,
            },
          });
        } catch (error) {
          return composeVerdict({ files, outcome: { ok: false, error } });
        }
      },
    },
    {
      id: 'static-target',
      // With STATIC_HOSTS the probe runs on those hosts, not the manager.
      needs: staticRemotes.length > 0 ? ['settings'] : ['ssh'],
      run: async () => {
        if (staticRemotes.length === 0) return probeStaticTarget(await remote());
        const results = await Promise.all(
          staticRemotes.map(async (one) => {
            one.remote ??= connect({
              ...settings.connect,
              target: one.target,
              reconnect: false,
              timeoutMs: CONNECT_TIMEOUT_MS,
              signal,
            });
            try {
              return { host: one.host, verdict: await probeStaticTarget(await one.remote) };
            } catch (error) {
              const verdict = sshVerdict({
                target: one.host,
                pinSource: pinSource(settings),
                outcome: { ok: false, error },
              });
              return { host: one.host, verdict };
            }
          }),
        );
        return everyHostVerdict(results);
      },
    },
    {
      id: 'database',
      needs: ['engine', 'compose'],
      run: () => probeDatabase(settings, remote, compose, registry, signal),
    },
  ];
  async function probeStaticTarget(on: Remote): Promise<Verdict> {
    const result = await on.exec(
      [
        'sh',
        '-c',
        STATIC_PROBE_SCRIPT,
        'sh',
        settings.staticTarget,
        `.swarmlift-doctor-${randomBytes(6).toString('hex')}`,
      ],
      { signal, timeoutMs: 30_000 },
    );
    return staticTargetVerdict({
      target: settings.staticTarget,
      user,
      exitCode: result.exitCode ?? -1,
      stdout: result.stdout,
    });
  }
  return {
    checks,
    async close() {
      await Promise.all(
        [connected, ...staticRemotes.map((one) => one.remote)].map((promise) =>
          promise?.then(
            (r) => r.close(),
            () => undefined,
          ),
        ),
      );
    },
  };
}

/** Which setting pinned the host key, for the messages. */
function pinSource(settings: Settings): string {
  const hostKey = settings.connect.hostKey;
  if (hostKey?.fingerprint !== undefined || hostKey?.knownHosts !== undefined)
    return 'SSH_HOST_KEY';
  const file = hostKey?.knownHostsFile;
  const first = typeof file === 'string' ? file : file?.[0];
  return first ? `the known_hosts file ${first}` : 'SSH_HOST_KEY';
}

/**
 * Runs the database probe as a one-off task with the image the app service
 * runs now (else this version's, when the registry has it) on the app's
 * networks that exist; removes the task whatever happens.
 */
async function probeDatabase(
  settings: Settings,
  remote: () => Promise<Remote>,
  compose: () => Promise<LoadedCompose>,
  registry: () => Promise<RegistryOutcome>,
  signal: AbortSignal | undefined,
): Promise<Verdict> {
  const manager = await remote();
  const loaded = await compose();
  const running = await runningImage(manager, `${settings.stack}_${settings.appService}`);
  let image = running;
  if (!image) {
    const answer = await registry();
    if (!(answer.ok && answer.exists)) return noImageVerdict(loaded.image);
    image = loaded.image;
  }
  const existing = new Set((await manager.docker.listNetworks()).map((network) => network.Name));
  const networks = loaded.appNetworks.filter((name) => existing.has(name));
  const where =
    networks.length > 0
      ? `the stack's network ${networks.join(', ')}`
      : 'a task outside the stack (its network does not exist before the first deploy)';
  const host = settings.appEnv.DB_HOST ?? '';
  const port = settings.appEnv.DB_PORT || '5432';
  const result = await runOneOff({
    remote: manager,
    image,
    command: ['python3', '-c', DATABASE_PROBE],
    // The image's entrypoint may wait for the database: the probe must answer at once.
    entrypoint: [],
    env: { DB_HOST: host, DB_PORT: port },
    stack: settings.stack,
    networks: [],
    externalNetworks: networks,
    name: 'doctor-db',
    credentials: settings.credentials,
    // The node's copy of the running image is enough; no registry round trip.
    resolveImage: false,
    reject: false,
    timeoutMs: PROBE_TIMEOUT_MS,
    secrets: settings.secrets,
    signal,
  });
  return databaseVerdict({
    address: `${host}:${port}`,
    where,
    exitCode: result.exitCode,
    logs: result.logs,
  });
}

/** The image the service runs now, or undefined when the stack has no such service. */
async function runningImage(manager: Remote, service: string): Promise<string | undefined> {
  try {
    const spec = (await manager.docker.getService(service).inspect()) as {
      Spec?: { TaskTemplate?: { ContainerSpec?: { Image?: string } } };
    };
    return spec.Spec?.TaskTemplate?.ContainerSpec?.Image;
  } catch (error) {
    if (engineStatusCode(error) === 404) return undefined;
    throw error;
  }
}
