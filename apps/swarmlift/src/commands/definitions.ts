// The CLI as data: commands, settings, global flags and exit codes. `--help`,
// the command-line parser, the settings loader and the README's tables are all
// generated from (or checked against) this file. It imports nothing, so
// `swarmlift --help` stays as fast as a bare `node`.

/** The commands `swarmlift` runs (`help` and `version` are handled by the CLI itself). */
export const commandNames = [
  'deploy',
  'plan',
  'build',
  'static',
  'env',
  'wait',
  'migrate',
  'manage',
  'unlock',
  'history',
  'rollback',
  'status',
  'logs',
  'lock',
  'init',
  'doctor',
  'help',
  'version',
] as const;
export type CommandName = (typeof commandNames)[number];

/** The names of every setting: the environment variable that sets it. */
export const settingNames = [
  'REGISTRY',
  'IMAGE_NAME',
  'STACK_NAME',
  'GITHUB_SHA',
  'VERSION',
  'SWARM_MANAGER_IP',
  'SSH_USER',
  'SSH_PRIVATE_KEY',
  'SSH_PORT',
  'SSH_HOST_KEY',
  'SSH_KNOWN_HOSTS',
  'DOCKER_HOST',
  'STATIC_HOSTS',
  'REGISTRY_USERNAME',
  'REGISTRY_PASSWORD',
  'SECRET_KEY',
  'DEBUG',
  'DB_NAME',
  'DB_USER',
  'DB_PASSWORD',
  'DB_HOST',
  'DB_PORT',
  'REDIS_URI',
  'ENV_KEYS',
  'COMPOSE_FILE',
  'APP_SERVICE',
  'BUILD_CONTEXT',
  'DOCKERFILE',
  'BUILD_ARGS',
  'APP_DIR',
  'STATIC_TARGET',
  'COLLECTSTATIC',
  'MIGRATE',
  'WAIT_TIMEOUT',
  'LOCK_WAIT',
] as const;
export type SettingName = (typeof settingNames)[number];

/** Which group a setting is listed under in `--help` and the README. */
export type SettingGroup = 'image' | 'target' | 'registry' | 'app' | 'layout' | 'behaviour';

export const settingGroupTitles: Record<SettingGroup, string> = {
  image: 'Image and stack',
  target: 'The manager (SSH) or another engine',
  registry: 'Registry credentials',
  app: "The app's variables (written to the env file)",
  layout: 'Repository layout',
  behaviour: 'Behaviour',
};

export interface SettingDefinition {
  name: SettingName;
  group: SettingGroup;
  /** The flag that sets it (`--stack`), if any; secrets have none (argv is visible to every process). */
  flag?: string;
  /** Placeholder for the flag's value in help (`NAME`). */
  valueName?: string;
  /** Whether the flag may be given more than once (values are joined with newlines). */
  repeatable?: boolean;
  /** The key in swarmlift.config.{json,yaml}, if it may be set there; secrets may not. */
  configKey?: string;
  /** The default, as shown to users; undefined = none. */
  default?: string;
  description: string;
  /** A secret: never printed, masked in CI logs, never a flag, never in the config file. */
  secret: boolean;
  /** Commands that read it. */
  readBy: readonly CommandName[];
  /** Commands that fail with exit 2 when it is not set. */
  requiredBy: readonly CommandName[];
}

/** Commands that reach the manager (or the engine `DOCKER_HOST` names). */
const REMOTE: readonly CommandName[] = [
  'deploy',
  'plan',
  'static',
  'wait',
  'migrate',
  'manage',
  'unlock',
  'history',
  'rollback',
  'status',
  'logs',
  'lock',
  'doctor',
];
/** Commands that act on one stack. */
const STACK: readonly CommandName[] = [
  'deploy',
  'plan',
  'wait',
  'migrate',
  'manage',
  'unlock',
  'history',
  'rollback',
  'status',
  'logs',
  'lock',
];
/** Commands that name the app's image. */
const IMAGE: readonly CommandName[] = ['deploy', 'plan', 'build', 'static', 'migrate', 'manage'];
/** Commands that read the compose file. */
const COMPOSE: readonly CommandName[] = [
  'deploy',
  'plan',
  'build',
  'static',
  'env',
  'migrate',
  'manage',
];
/** Commands that read the app's variables. */
const APP: readonly CommandName[] = ['deploy', 'plan', 'static', 'env', 'migrate', 'manage'];
/** Commands that write the env file and so need the app's required variables. */
const APP_REQUIRED: readonly CommandName[] = ['deploy', 'env'];

export const settings: readonly SettingDefinition[] = [
  {
    name: 'REGISTRY',
    group: 'image',
    flag: '--registry',
    valueName: 'HOST',
    configKey: 'registry',
    default: 'ghcr.io',
    description: 'The registry the image is pushed to and pulled from (host with optional port).',
    secret: false,
    readBy: [...IMAGE, 'env', 'rollback', 'doctor', 'init'],
    requiredBy: [],
  },
  {
    name: 'IMAGE_NAME',
    group: 'image',
    flag: '--image',
    valueName: 'NAME',
    configKey: 'imageName',
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a compose-file variable, shown as users write it
      'The image name inside the registry, as in the guide: owner/repo (the compose file names ${REGISTRY}/${IMAGE_NAME}/django-app:${GITHUB_SHA_SHORT}).',
    secret: false,
    readBy: [...IMAGE, 'env', 'rollback', 'status', 'doctor', 'init'],
    requiredBy: IMAGE,
  },
  {
    name: 'STACK_NAME',
    group: 'image',
    flag: '--stack',
    valueName: 'NAME',
    configKey: 'stack',
    description: 'The Swarm stack to deploy (docker stack deploy … STACK_NAME).',
    secret: false,
    readBy: [...STACK, 'doctor', 'init'],
    requiredBy: STACK,
  },
  {
    name: 'GITHUB_SHA',
    group: 'image',
    flag: '--sha',
    valueName: 'SHA',
    description:
      'The commit being deployed; its first 7 hex digits are the version (the image tag, GITHUB_SHA_SHORT).',
    default: 'git rev-parse --short=7 HEAD',
    secret: false,
    readBy: [...IMAGE, 'env', 'rollback', 'doctor'],
    requiredBy: IMAGE,
  },
  {
    name: 'VERSION',
    group: 'image',
    configKey: 'version',
    description:
      'An explicit version (image tag) instead of the commit, e.g. a release name; wins over GITHUB_SHA.',
    secret: false,
    readBy: [...IMAGE, 'env', 'rollback', 'doctor'],
    requiredBy: [],
  },
  {
    name: 'SWARM_MANAGER_IP',
    group: 'target',
    flag: '--manager',
    valueName: 'HOST',
    configKey: 'manager',
    description:
      'The Swarm manager reached over SSH; several may be given, comma-separated: each command tries them in order (10 s each) and uses the first that is a working manager, warning for each one it skips (a host key mismatch stops it: exit 3). Required unless DOCKER_HOST is set.',
    secret: false,
    readBy: REMOTE,
    requiredBy: [],
  },
  {
    name: 'SSH_USER',
    group: 'target',
    flag: '--ssh-user',
    valueName: 'USER',
    configKey: 'sshUser',
    default: "~/.ssh/config's User, else the local user",
    description: 'The user on the manager (a member of the docker group).',
    secret: false,
    readBy: REMOTE,
    requiredBy: [],
  },
  {
    name: 'SSH_PRIVATE_KEY',
    group: 'target',
    default: "ssh-agent, else ~/.ssh/config's IdentityFile or ~/.ssh/id_*",
    description: 'The private key text (a CI secret) for SSH_USER on the manager.',
    secret: true,
    readBy: REMOTE,
    requiredBy: [],
  },
  {
    name: 'SSH_PORT',
    group: 'target',
    flag: '--ssh-port',
    valueName: 'PORT',
    configKey: 'sshPort',
    default: '22',
    description: "The manager's SSH port.",
    secret: false,
    readBy: REMOTE,
    requiredBy: [],
  },
  {
    name: 'SSH_HOST_KEY',
    group: 'target',
    flag: '--host-key',
    valueName: 'KEY',
    configKey: 'hostKey',
    description:
      "The manager's host key pin: a SHA256: fingerprint as ssh-keygen -lf prints it (one per line for several managers and STATIC_HOSTS; any of them is accepted for each host), or known_hosts lines (each host pinned by its own line). Without a pin (here, SSH_KNOWN_HOSTS or ~/.ssh/known_hosts) the connection is refused (exit 3).",
    secret: false,
    readBy: REMOTE,
    requiredBy: [],
  },
  {
    name: 'SSH_KNOWN_HOSTS',
    group: 'target',
    flag: '--known-hosts',
    valueName: 'FILE',
    configKey: 'knownHosts',
    default: '~/.ssh/known_hosts',
    description: "A known_hosts file that holds the manager's host key.",
    secret: false,
    readBy: REMOTE,
    requiredBy: [],
  },
  {
    name: 'DOCKER_HOST',
    group: 'target',
    flag: '--docker-host',
    valueName: 'URL',
    configKey: 'dockerHost',
    description:
      'Another engine instead of SWARM_MANAGER_IP: ssh://user@host[:port], unix:///path or tcp://host:port (SWARM_MANAGER_IP wins when both are set).',
    secret: false,
    readBy: REMOTE,
    requiredBy: [],
  },
  {
    name: 'STATIC_HOSTS',
    group: 'target',
    flag: '--static-hosts',
    valueName: 'HOSTS',
    configKey: 'staticHosts',
    default: 'the manager in use',
    description:
      'The nginx hosts that serve the static files, comma-separated host[:port] (port default SSH_PORT), reached over SSH as SSH_USER with the same key and host key pins as the managers. Every host gets the release before any link switches; one host unreachable: nothing switches (exit 3).',
    secret: false,
    readBy: ['deploy', 'plan', 'static', 'rollback', 'status', 'doctor'],
    requiredBy: [],
  },
  {
    name: 'REGISTRY_USERNAME',
    group: 'registry',
    flag: '--registry-username',
    valueName: 'USER',
    configKey: 'registryUsername',
    default: 'GITHUB_ACTOR (for ghcr.io), else ~/.docker/config.json',
    description: 'The registry user that pushes (and the stack pulls with, --with-registry-auth).',
    secret: false,
    // Not doctor: it loads deploy's settings itself and reports a half-given login as a ✗ line, not exit 2.
    readBy: [...IMAGE, 'rollback'],
    requiredBy: [],
  },
  {
    name: 'REGISTRY_PASSWORD',
    group: 'registry',
    default: 'GITHUB_TOKEN (for ghcr.io), else ~/.docker/config.json',
    description: 'The password or token of REGISTRY_USERNAME.',
    secret: true,
    readBy: [...IMAGE, 'rollback', 'doctor'],
    requiredBy: [],
  },
  {
    name: 'SECRET_KEY',
    group: 'app',
    description: "Django's SECRET_KEY (at least 50 characters).",
    secret: true,
    readBy: [...APP, 'doctor'],
    requiredBy: APP_REQUIRED,
  },
  {
    name: 'DEBUG',
    group: 'app',
    default: '0',
    description: "Django's DEBUG, 0 or 1.",
    secret: false,
    readBy: [...APP, 'doctor'],
    requiredBy: [],
  },
  {
    name: 'DB_NAME',
    group: 'app',
    description: 'The database name.',
    secret: false,
    readBy: [...APP, 'doctor'],
    requiredBy: APP_REQUIRED,
  },
  {
    name: 'DB_USER',
    group: 'app',
    description: 'The database user.',
    secret: false,
    readBy: [...APP, 'doctor'],
    requiredBy: APP_REQUIRED,
  },
  {
    name: 'DB_PASSWORD',
    group: 'app',
    description: "The database user's password.",
    secret: true,
    readBy: [...APP, 'doctor'],
    requiredBy: APP_REQUIRED,
  },
  {
    name: 'DB_HOST',
    group: 'app',
    description: "The database host, as the stack's services reach it.",
    secret: false,
    readBy: [...APP, 'doctor'],
    requiredBy: APP_REQUIRED,
  },
  {
    name: 'DB_PORT',
    group: 'app',
    default: '5432',
    description: 'The database port.',
    secret: false,
    readBy: [...APP, 'doctor'],
    requiredBy: [],
  },
  {
    name: 'REDIS_URI',
    group: 'app',
    description: 'Redis as host:port/db, e.g. redis:6379/0.',
    secret: false,
    readBy: [...APP, 'doctor'],
    requiredBy: APP_REQUIRED,
  },
  {
    name: 'ENV_KEYS',
    group: 'app',
    flag: '--env-key',
    valueName: 'KEY',
    repeatable: true,
    configKey: 'envKeys',
    description:
      'More variables to write to the env file, by name (comma- or newline-separated; a list in the config file); their values come from the environment.',
    secret: false,
    readBy: [...APP, 'doctor', 'status', 'logs'],
    requiredBy: [],
  },
  {
    name: 'COMPOSE_FILE',
    group: 'layout',
    flag: '--compose-file',
    valueName: 'FILE',
    repeatable: true,
    configKey: 'composeFile',
    default: 'deployment/docker-compose.prod.yml',
    description:
      'The compose file(s) of the stack, separated by : or , (a list in the config file).',
    secret: false,
    readBy: [...COMPOSE, 'doctor'],
    requiredBy: [],
  },
  {
    name: 'APP_SERVICE',
    group: 'layout',
    flag: '--app-service',
    valueName: 'SERVICE',
    configKey: 'appService',
    default: 'django',
    description: 'The compose service that runs the app; its image: is what is built and pushed.',
    secret: false,
    readBy: [...COMPOSE, 'doctor', 'history', 'rollback', 'status', 'logs'],
    requiredBy: [],
  },
  {
    name: 'BUILD_CONTEXT',
    group: 'layout',
    flag: '--build-context',
    valueName: 'DIR',
    configKey: 'buildContext',
    default: '.',
    description: 'The folder sent to the image build.',
    secret: false,
    readBy: ['deploy', 'plan', 'build'],
    requiredBy: [],
  },
  {
    name: 'DOCKERFILE',
    group: 'layout',
    flag: '--dockerfile',
    valueName: 'FILE',
    configKey: 'dockerfile',
    default: 'deployment/Dockerfile',
    description: "The image's Dockerfile.",
    secret: false,
    readBy: ['deploy', 'plan', 'build'],
    requiredBy: [],
  },
  {
    name: 'BUILD_ARGS',
    group: 'layout',
    flag: '--build-arg',
    valueName: 'KEY=VALUE',
    repeatable: true,
    configKey: 'buildArgs',
    description: 'Extra build arguments: KEY=VALUE lines (a map in the config file).',
    secret: false,
    readBy: ['deploy', 'plan', 'build'],
    requiredBy: [],
  },
  {
    name: 'APP_DIR',
    group: 'layout',
    flag: '--app-dir',
    valueName: 'DIR',
    configKey: 'appDir',
    default: 'app',
    description: 'The Django project folder (where manage.py is), for COLLECTSTATIC=host.',
    secret: false,
    readBy: ['deploy', 'plan', 'static'],
    requiredBy: [],
  },
  {
    name: 'STATIC_TARGET',
    group: 'layout',
    flag: '--static-target',
    valueName: 'PATH',
    configKey: 'staticTarget',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a compose-file variable, shown as users write it
    default: '/usr/src/${IMAGE_NAME}',
    description:
      'The folder on the manager (or each STATIC_HOSTS host) the static files are synced to (releases/<version>, static → the live one).',
    secret: false,
    // The compose file may interpolate it (the example's edge proxy mounts it).
    readBy: [...COMPOSE, 'doctor', 'rollback', 'status'],
    requiredBy: [],
  },
  {
    name: 'COLLECTSTATIC',
    group: 'behaviour',
    flag: '--collectstatic',
    valueName: 'MODE',
    configKey: 'collectstatic',
    default: 'image',
    description:
      'Where static files are collected: image (in the built image), host (python manage.py collectstatic on this machine) or off.',
    secret: false,
    readBy: ['deploy', 'plan', 'static'],
    requiredBy: [],
  },
  {
    name: 'MIGRATE',
    group: 'behaviour',
    flag: '--migrate',
    valueName: 'WHEN',
    configKey: 'migrate',
    default: 'after',
    description:
      'When migrations run: after the services are updated (the guide), before (a failure deploys nothing) or off.',
    secret: false,
    readBy: ['deploy', 'plan'],
    requiredBy: [],
  },
  {
    name: 'WAIT_TIMEOUT',
    group: 'behaviour',
    flag: '--wait-timeout',
    valueName: 'SECONDS',
    configKey: 'waitTimeout',
    default: "from the services' update configs",
    description: 'How long to wait for the stack to converge, in seconds (or a duration: 5m, 90s).',
    secret: false,
    readBy: ['deploy', 'wait', 'migrate', 'manage', 'rollback'],
    requiredBy: [],
  },
  {
    name: 'LOCK_WAIT',
    group: 'behaviour',
    flag: '--lock-wait',
    valueName: 'DURATION',
    configKey: 'lockWait',
    default: '0',
    description:
      "How long to wait for another deploy's lock on the stack (30s, 5m; 0 = exit 4 at once).",
    secret: false,
    readBy: ['deploy', 'migrate', 'rollback'],
    requiredBy: [],
  },
];

/** A flag of the CLI itself or of one command that is not a setting. */
export interface FlagDefinition {
  /** `--json`. */
  name: string;
  /** `-h`. */
  short?: string;
  /** Placeholder of its value; undefined = a boolean flag. */
  valueName?: string;
  description: string;
}

/** Flags every command accepts. `--lock-wait` also sets LOCK_WAIT. */
export const globalFlags: readonly FlagDefinition[] = [
  {
    name: '--json',
    description: 'JSON lines on stdout (events and one final summary); everything else on stderr.',
  },
  {
    name: '--config',
    valueName: 'FILE',
    description:
      'The config file (default: swarmlift.config.json, .yaml or .yml in --cwd, if any).',
  },
  {
    name: '--lock-wait',
    valueName: 'DURATION',
    description: "How long to wait for another deploy's lock (LOCK_WAIT; default 0 = exit 4).",
  },
  {
    name: '--cwd',
    valueName: 'DIR',
    description: 'The repository root to run in (default: the current folder).',
  },
  { name: '--no-color', description: 'No colours (also NO_COLOR=1).' },
  {
    name: '--help',
    short: '-h',
    description: "This help, or a command's with swarmlift COMMAND --help.",
  },
  { name: '--version', description: "swarmlift's own version." },
];

/** An argument of a command, given without a flag (`swarmlift rollback VERSION`). */
export interface ArgumentDefinition {
  /** `VERSION`. */
  name: string;
  required: boolean;
  /** Its only allowed values (`lock status|acquire|release`). */
  choices?: readonly string[];
  description: string;
}

export interface CommandDefinition {
  name: CommandName;
  summary: string;
  usage: string;
  /** What it does, in order. */
  steps: readonly string[];
  /** Its own flags (settings' flags are listed with the settings it reads). */
  flags: readonly FlagDefinition[];
  /** Its arguments, in order (`rollback [VERSION]`); none when absent. */
  args?: readonly ArgumentDefinition[];
  /** Whether it takes arguments after `--` (passed on as they are). */
  takesRest: boolean;
  /** Whether it reaches the manager: SWARM_MANAGER_IP or DOCKER_HOST is then required. */
  needsTarget: boolean;
  examples: readonly { command: string; description: string }[];
  /** Exit codes it can end with. */
  exitCodes: readonly number[];
}

export const commands: readonly CommandDefinition[] = [
  {
    name: 'deploy',
    summary: 'Build, push, sync static files, write the env file, deploy, wait and migrate.',
    usage: 'swarmlift deploy [flags]',
    steps: [
      'Resolve the version (GITHUB_SHA → 7 hex, else git) and set GITHUB_SHA_SHORT, REGISTRY and IMAGE_NAME for the compose file.',
      'Load and check the compose file(s) before anything touches a server.',
      "Build and push the image APP_SERVICE's image: names (skipped when the registry has that tag).",
      'Collect static files and sync them to STATIC_TARGET on the manager (or every STATIC_HOSTS host) as a new release (not yet live).',
      "Write the env file the compose file's env_file: names from the app's variables.",
      "Take the stack's deploy lock (waits up to LOCK_WAIT).",
      'Plan, print the plan, apply it with registry auth; switch the static release (on every host).',
      "Wait for exactly this deploy's changes to converge (WAIT_TIMEOUT).",
      "Run migrations with the new image as a one-off job on the stack's network (MIGRATE).",
      'Record the deploy on the manager, release the lock and print a summary.',
    ],
    flags: [],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift deploy', description: 'deploy with the settings from the environment' },
      {
        command: 'swarmlift deploy --stack shop --lock-wait 5m',
        description: 'wait up to 5 minutes for another deploy of the stack to finish',
      },
      { command: 'swarmlift deploy --json', description: 'JSON lines on stdout, for scripts' },
    ],
    exitCodes: [0, 1, 2, 3, 4, 5, 130],
  },
  {
    name: 'plan',
    summary: 'Show what deploy would do; changes nothing and takes no lock.',
    usage: 'swarmlift plan [flags]',
    steps: [
      'Resolve the version and load the compose file(s).',
      'Say whether the image would be built (the registry has the tag or not).',
      'List the static files that would be uploaded (to each STATIC_HOSTS host).',
      'List the env keys that would be added, removed or changed (never their values).',
      "Show the stack's diff: services, networks, secrets and configs to create, update or remove.",
    ],
    flags: [],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift plan', description: 'what would change' },
      { command: 'swarmlift plan --json', description: 'the plan as JSON' },
    ],
    exitCodes: [0, 1, 2, 3, 130],
  },
  {
    name: 'build',
    summary: "Build and push the app's image (skipped when the registry already has the tag).",
    usage: 'swarmlift build [flags]',
    steps: [
      'Resolve the version and read the image APP_SERVICE names in the compose file.',
      'Ask the registry whether it has that tag; if so, stop.',
      'Build DOCKERFILE in BUILD_CONTEXT with BUILD_ARGS, push it and print the digest.',
    ],
    flags: [
      {
        name: '--force',
        description: 'Build and push even when the registry already has the tag.',
      },
    ],
    takesRest: false,
    needsTarget: false,
    examples: [
      { command: 'swarmlift build', description: 'build and push the image for this commit' },
      {
        command: 'swarmlift build --build-arg BASE_IMAGE=python:3.12-slim',
        description: 'with a build argument',
      },
    ],
    exitCodes: [0, 1, 2, 3, 130],
  },
  {
    name: 'static',
    summary:
      'Collect static files and sync them to the manager (or STATIC_HOSTS) as a new release.',
    usage: 'swarmlift static [flags]',
    steps: [
      'Collect static files (COLLECTSTATIC: in the image, on this machine, or off).',
      'Upload only what changed to STATIC_TARGET/releases/<version> on the manager, or on every STATIC_HOSTS host in parallel.',
      'Once every host has the release, switch STATIC_TARGET/static to it (unless --no-switch).',
    ],
    flags: [
      {
        name: '--no-switch',
        description:
          'Upload the release but leave the live link where it is (deploy switches it later).',
      },
    ],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift static', description: 'sync the static files of this commit' },
    ],
    exitCodes: [0, 1, 2, 3, 130],
  },
  {
    name: 'env',
    summary: "Write the env file the compose file's env_file: names from the app's variables.",
    usage: 'swarmlift env [flags]',
    steps: [
      "Find the env file the APP_SERVICE's env_file: names (the guide: deployment/.env).",
      "Check the app's variables (SECRET_KEY, DEBUG, DB_*, REDIS_URI and ENV_KEYS).",
      'Write them, mode 0600, in the format Docker reads literally.',
    ],
    flags: [],
    takesRest: false,
    needsTarget: false,
    examples: [
      { command: 'swarmlift env', description: 'write deployment/.env from the environment' },
      {
        command: 'swarmlift env --env-key SENTRY_DSN',
        description: 'also write SENTRY_DSN from the environment',
      },
    ],
    exitCodes: [0, 1, 2, 130],
  },
  {
    name: 'wait',
    summary: "Wait until the stack's current update converged, failed or timed out.",
    usage: 'swarmlift wait [flags]',
    steps: [
      'Follow every service of the stack until its update completed, rolled back or failed.',
      "On failure, print each failed task's error, exit code and last log lines.",
    ],
    flags: [],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift wait --wait-timeout 300', description: 'wait up to 5 minutes' },
    ],
    exitCodes: [0, 1, 2, 3, 5, 130],
  },
  {
    name: 'migrate',
    summary: "Run Django's migrations with the image as a one-off job on the stack's network.",
    usage: 'swarmlift migrate [--check | --plan] [flags]',
    steps: [
      "Take the stack's deploy lock (waits up to LOCK_WAIT).",
      "Run python manage.py migrate with the version's image on the stack's network, with the env file.",
      "Print Django's output; on failure its traceback.",
    ],
    flags: [
      {
        name: '--check',
        description: 'Only check: exit 1 when there are unapplied migrations (migrate --check).',
      },
      { name: '--plan', description: 'Only show the migrations that would run (migrate --plan).' },
    ],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift migrate', description: 'apply the migrations' },
      { command: 'swarmlift migrate --check', description: 'are there unapplied migrations?' },
    ],
    exitCodes: [0, 1, 2, 3, 4, 5, 130],
  },
  {
    name: 'manage',
    summary: 'Run any manage.py command as a one-off job with the image.',
    usage: 'swarmlift manage [flags] -- COMMAND [ARGS...]',
    steps: [
      "Run python manage.py COMMAND ARGS with the image APP_SERVICE runs now, on its networks, with the app's variables (and DJANGO_SUPERUSER_* from the environment).",
      'Print its output and exit with its outcome.',
    ],
    flags: [],
    takesRest: true,
    needsTarget: true,
    examples: [
      {
        command: 'swarmlift manage -- createsuperuser --noinput',
        description: 'with DJANGO_SUPERUSER_USERNAME, _EMAIL and _PASSWORD from the environment',
      },
      { command: 'swarmlift manage -- showmigrations', description: 'list the migrations' },
    ],
    exitCodes: [0, 1, 2, 3, 5, 130],
  },
  {
    name: 'unlock',
    summary: "Remove the stack's deploy lock left by a deploy that died.",
    usage: 'swarmlift unlock --force [flags]',
    steps: [
      'Read the lock and print who holds it and since when.',
      'Remove it (only with --force).',
    ],
    flags: [
      {
        name: '--force',
        description: 'Remove the lock even though its holder may still be running (required).',
      },
    ],
    takesRest: false,
    needsTarget: true,
    examples: [{ command: 'swarmlift unlock --force', description: "remove the stack's lock" }],
    exitCodes: [0, 1, 2, 3, 130],
  },
  {
    name: 'history',
    summary: "The stack's deploy records, newest first (kept on the manager).",
    usage: 'swarmlift history [-n COUNT] [flags]',
    steps: [
      "Read the deploy records kept on the manager (the last 20 of the stack's deploys).",
      'Print each: version, image digest, outcome, who, when, duration, static release, migrations applied and the plan summary.',
    ],
    flags: [
      {
        name: '--limit',
        short: '-n',
        valueName: 'COUNT',
        description: 'Show only the COUNT newest records (default: all that are kept).',
      },
    ],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift history', description: "the stack's deploys, newest first" },
      { command: 'swarmlift history -n 5 --json', description: 'the last five, as JSON' },
    ],
    exitCodes: [0, 1, 2, 3, 130],
  },
  {
    name: 'rollback',
    summary:
      'Put back an earlier deploy: every service spec as recorded, images by digest, and its static release.',
    usage: 'swarmlift rollback [VERSION] [--list] [flags]',
    args: [
      {
        name: 'VERSION',
        required: false,
        description:
          'The version to go back to (default: the last successful deploy before the one serving now).',
      },
    ],
    steps: [
      'Read the deploy records and find the target: VERSION, or the last successful deploy before the one serving now (by the running image digest).',
      "Check, all at once, that the target's images are still in the registry (by digest), its static release still on the manager (every STATIC_HOSTS host) and the networks, secrets and configs its specs use still there; refuse before changing anything when not.",
      "Take the stack's deploy lock (waits up to LOCK_WAIT).",
      'Restore every service to the spec recorded for the target (images pinned by digest, env, everything).',
      "Switch the static link to the target's release (on every host) and wait like deploy.",
      'Record the rollback as a deploy of its own; list the migrations applied after the target (they are not reversed).',
    ],
    flags: [
      {
        name: '--list',
        description:
          'Only list the deploys that can be rolled back to, and which one is the default.',
      },
    ],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift rollback', description: 'back to the previous good deploy' },
      { command: 'swarmlift rollback 1a2b3c4', description: 'back to version 1a2b3c4' },
      { command: 'swarmlift rollback --list', description: 'what can be rolled back to' },
    ],
    exitCodes: [0, 1, 2, 3, 4, 5, 130],
  },
  {
    name: 'status',
    summary:
      "The stack now: each service's version, tasks and update state, the lock, the live static release, the last deploy.",
    usage: 'swarmlift status [flags]',
    steps: [
      'Read every service of the stack: image version, running/desired tasks, update state and message, last task error.',
      "Read the stack's lock, the live static release (each STATIC_HOSTS host's; hosts that differ are a problem) and the last deploy's outcome.",
      'Exit 0 when every service runs as desired, 1 otherwise.',
    ],
    flags: [],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift status', description: 'is the stack healthy?' },
      { command: 'swarmlift status --json', description: 'the same, as one JSON document' },
    ],
    exitCodes: [0, 1, 2, 3, 130],
  },
  {
    name: 'logs',
    summary:
      "A service's logs over the same SSH session, prefixed by task and node, secrets redacted.",
    usage: 'swarmlift logs [SERVICE] [-f] [--since DURATION] [-n LINES] [--task] [flags]',
    args: [
      {
        name: 'SERVICE',
        required: false,
        description: 'The service, as named in the compose file (default: APP_SERVICE).',
      },
    ],
    steps: [
      "Find the service in the stack and read its tasks' logs through the manager.",
      'Prefix each line with the task slot and node; redact every secret the settings hold.',
      'With --follow, keep streaming new lines until Ctrl-C.',
    ],
    flags: [
      { name: '--follow', short: '-f', description: 'Keep streaming new lines until interrupted.' },
      {
        name: '--since',
        valueName: 'DURATION',
        description: 'Only lines newer than this (10m, 1h, 30s).',
      },
      {
        name: '--tail',
        short: '-n',
        valueName: 'LINES',
        description: 'Only the last LINES lines of each task (default 100).',
      },
      { name: '--task', description: "Prefix each line with the task's id too." },
    ],
    takesRest: false,
    needsTarget: true,
    examples: [
      { command: 'swarmlift logs', description: "the app's last 100 lines" },
      {
        command: 'swarmlift logs edge -f --since 10m',
        description: "follow the edge proxy's logs",
      },
    ],
    exitCodes: [0, 1, 2, 3, 130],
  },
  {
    name: 'lock',
    summary: "Show, take or release the stack's deploy lock by hand (e.g. during maintenance).",
    usage: 'swarmlift lock status|acquire|release [-m MESSAGE] [flags]',
    args: [
      {
        name: 'ACTION',
        required: true,
        choices: ['status', 'acquire', 'release'],
        description:
          'status: who holds the lock; acquire: hold it until released (deploys exit 4 with its message); release: give back a lock taken with acquire.',
      },
    ],
    steps: [
      'status: print the holder, the message, since when and when it expires.',
      'acquire: take the lock as a manual lock with MESSAGE; deploy and --lock-wait do not override it.',
      'release: remove a manual lock.',
    ],
    flags: [
      {
        name: '--message',
        short: '-m',
        valueName: 'MESSAGE',
        description:
          'Why the stack is locked (required for acquire; shown to every deploy and migration it stops).',
      },
    ],
    takesRest: false,
    needsTarget: true,
    examples: [
      {
        command: 'swarmlift lock acquire -m "database maintenance until 14:00"',
        description: 'hold every deploy of the stack',
      },
      { command: 'swarmlift lock status', description: 'who holds the lock' },
      { command: 'swarmlift lock release', description: 'let deploys through again' },
    ],
    exitCodes: [0, 1, 2, 3, 4, 130],
  },
  {
    name: 'init',
    summary:
      'Set up swarmlift in a Django repository: the config file, the deploy workflow and any missing deployment files.',
    usage: 'swarmlift init [--force] [flags]',
    steps: [
      'Find the Django project (manage.py) and the names it uses.',
      'Write swarmlift.config.yaml and .github/workflows/deploy.yml.',
      'Write deployment/Dockerfile, deployment/docker-compose.prod.yml and the entrypoint only where they are missing.',
      'Print each file written and each left alone; never overwrite without --force.',
    ],
    flags: [{ name: '--force', description: 'Overwrite files that exist.' }],
    takesRest: false,
    needsTarget: false,
    examples: [{ command: 'swarmlift init', description: 'in the root of a Django repository' }],
    exitCodes: [0, 1, 2, 130],
  },
  {
    name: 'doctor',
    summary:
      'Check, without changing anything, that a deploy can work; each check says what to do.',
    usage: 'swarmlift doctor [flags]',
    steps: [
      'Settings complete; SSH reachable with a pinned, matching host key.',
      'The target is a swarm manager and the user may use its engine.',
      "The registry accepts the credentials and the manager's engine can pull from it.",
      'The compose file loads and every variable it interpolates is set.',
      'STATIC_TARGET is writable (on every STATIC_HOSTS host); the database answers from the stack network.',
      'Print one ✓/✗ line per check in a fixed order (– skipped when it needs one that did not pass); exit 0 when none failed, else 1.',
    ],
    flags: [],
    takesRest: false,
    // SWARM_MANAGER_IP missing is doctor's first ✗ line, not exit 2 (it checks deploy's settings itself).
    needsTarget: false,
    examples: [
      { command: 'swarmlift doctor', description: 'before the first deploy' },
      { command: 'swarmlift doctor --json', description: "each check's id, ok, message and hint" },
    ],
    exitCodes: [0, 1, 2, 130],
  },
  {
    name: 'help',
    summary: 'Show help for swarmlift or one command.',
    usage: 'swarmlift help [COMMAND]',
    steps: ['Print the help.'],
    flags: [],
    takesRest: false,
    needsTarget: false,
    examples: [{ command: 'swarmlift help deploy', description: "deploy's help" }],
    exitCodes: [0, 2],
  },
  {
    name: 'version',
    summary: "Print swarmlift's version.",
    usage: 'swarmlift version',
    steps: ["Print swarmlift's own version."],
    flags: [],
    takesRest: false,
    needsTarget: false,
    examples: [{ command: 'swarmlift version', description: 'e.g. 1.2.0' }],
    exitCodes: [0],
  },
];

export interface ExitCodeDefinition {
  code: number;
  name: 'ok' | 'failed' | 'invalid' | 'unreachable' | 'lock_held' | 'timed_out' | 'cancelled';
  description: string;
}

/** The exit codes (the same numbers as @swarmlift/core's `exitCodes`). */
export const exitCodeTable: readonly ExitCodeDefinition[] = [
  { code: 0, name: 'ok', description: 'deployed (or the command did what it says)' },
  {
    code: 1,
    name: 'failed',
    description: 'failed: build, static files, apply, wait or migration (the output says which)',
  },
  { code: 2, name: 'invalid', description: 'bad settings or usage; nothing was changed' },
  {
    code: 3,
    name: 'unreachable',
    description: 'cannot reach or trust the manager or the registry (host key, network, login)',
  },
  {
    code: 4,
    name: 'lock_held',
    description: "another deploy holds the stack's lock (after --lock-wait); the holder is named",
  },
  {
    code: 5,
    name: 'timed_out',
    description: 'timed out waiting; the stack may still converge',
  },
  {
    code: 130,
    name: 'cancelled',
    description: 'cancelled (SIGINT/SIGTERM): lock released, stack left as it is',
  },
];

/** The definition of a command, or undefined. */
export function commandDefinition(name: string): CommandDefinition | undefined {
  return commands.find((command) => command.name === name);
}

/** The definition of a setting, or undefined. */
export function settingDefinition(name: string): SettingDefinition | undefined {
  return settings.find((setting) => setting.name === name);
}
