import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { didYouMean } from '../args/did-you-mean.js';
import { parseDuration } from './parse-duration.js';
import type { SettingsIssue } from './settings.js';

/** The moments a hook can run at, as written in the config file. */
export const HOOK_NAMES = ['pre-deploy', 'post-deploy', 'on-failure'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/**
 * One hook's command: a string is run by `/bin/sh -c` (pipes, `&&`, `$VAR`
 * work); a list is an argv run as it is, without a shell.
 */
export type HookCommand = { shell: string } | { argv: readonly string[] };

/** `hooks:` of swarmlift.config.{json,yaml}. */
export interface HooksSettings {
  commands: Partial<Record<HookName, HookCommand>>;
  /** Names of variables passed from the runner's environment to every hook (`hooks.env`). */
  env: readonly string[];
  /** Each hook's time limit in ms (`hooks.timeout`, default 5 minutes). */
  timeoutMs: number;
  /** Where each hook is written, `swarmlift.config.yaml:14 pre-deploy`, for messages. */
  labels: Partial<Record<HookName, string>>;
}

export const DEFAULT_HOOK_TIMEOUT_MS = 5 * 60_000;
/** Hooks get no more than this (a hook that runs for hours is a job, not a hook). */
const MAX_HOOK_TIMEOUT_MS = 6 * 3_600_000;
const KEYS = [...HOOK_NAMES, 'env', 'timeout'] as const;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** No hooks: what a config file without `hooks:` means. */
export function noHooks(): HooksSettings {
  return { commands: {}, env: [], timeoutMs: DEFAULT_HOOK_TIMEOUT_MS, labels: {} };
}

/**
 * Reads the `hooks:` map of the config file. Every problem is an issue that
 * names `file:line hooks.<key>`, never a value.
 */
export function parseHooksConfig(
  node: unknown,
  fileLabel: string,
  lineOf: (offset: number | undefined) => number,
): { hooks: HooksSettings; issues: SettingsIssue[] } {
  const hooks = noHooks();
  const issues: SettingsIssue[] = [];
  const where = (item: unknown, key: string) =>
    `${fileLabel}:${lineOf((item as Node | null)?.range?.[0])} ${key}`;
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
    return { hooks, issues };
  }
  if (!isMap(node)) {
    issues.push({
      setting: where(node, 'hooks'),
      message: 'must be a map, e.g. "pre-deploy: ./scripts/check.sh"',
      hint: `Its keys are ${KEYS.join(', ')}.`,
    });
    return { hooks, issues };
  }
  const seen = new Set<string>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const label = where(pair.key, `hooks.${key}`);
    if (!(KEYS as readonly string[]).includes(key)) {
      const close = didYouMean(key, KEYS);
      issues.push({
        setting: label,
        message: `is not a hook setting${close ? ` (did you mean ${close}?)` : ''}`,
        hint: `Use ${KEYS.join(', ')}.`,
      });
      continue;
    }
    if (seen.has(key)) {
      issues.push({ setting: label, message: 'is set a second time' });
      continue;
    }
    seen.add(key);
    const value = pair.value;
    if (key === 'env') {
      const names = readNames(value);
      if ('problem' in names) issues.push({ setting: label, ...names.problem });
      else hooks.env = names.names;
      continue;
    }
    if (key === 'timeout') {
      const text = isScalar(value) ? value.value : undefined;
      const ms =
        typeof text === 'number' || typeof text === 'string'
          ? parseDuration(String(text))
          : undefined;
      if (ms === undefined || ms <= 0 || ms > MAX_HOOK_TIMEOUT_MS) {
        issues.push({
          setting: label,
          message: 'must be a duration of up to 6h, e.g. 90s, 5m (a bare number is seconds)',
        });
      } else hooks.timeoutMs = ms;
      continue;
    }
    const command = readCommand(value);
    if ('problem' in command) issues.push({ setting: label, message: command.problem });
    else if (command.command) {
      hooks.commands[key as HookName] = command.command;
      hooks.labels[key as HookName] = label;
    }
  }
  return { hooks, issues };
}

function readCommand(value: unknown): { command: HookCommand | undefined } | { problem: string } {
  if (value === null || value === undefined || (isScalar(value) && value.value === null)) {
    return { command: undefined }; // `pre-deploy:` with nothing: no hook
  }
  if (isScalar(value) && typeof value.value === 'string') {
    return value.value.trim() === ''
      ? { problem: 'is empty; give a command, or leave the key out' }
      : { command: { shell: value.value } };
  }
  if (isSeq(value)) {
    const argv: string[] = [];
    for (const item of value.items) {
      if (!isScalar(item) || item.value === null || typeof item.value === 'object') {
        return { problem: 'must be a list of text (an argv: program, then its arguments)' };
      }
      argv.push(String(item.value));
    }
    if (argv.length === 0 || (argv[0] as string).trim() === '') {
      return { problem: 'must name a program first' };
    }
    return { command: { argv } };
  }
  return {
    problem:
      'must be a command: a string (run by /bin/sh -c) or a list (program and arguments, no shell)',
  };
}

function readNames(
  value: unknown,
): { names: string[] } | { problem: { message: string; hint?: string } } {
  if (value === null || value === undefined || (isScalar(value) && value.value === null)) {
    return { names: [] };
  }
  if (!isSeq(value)) {
    return {
      problem: {
        message: 'must be a list of variable names, e.g. [SLACK_WEBHOOK]',
        hint: 'It names variables to pass to hooks; their values stay in the environment (CI secrets).',
      },
    };
  }
  const names: string[] = [];
  for (const item of value.items) {
    const name = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
    if (name === undefined || !VARIABLE_NAME.test(name)) {
      return {
        problem: {
          message: 'must list variable names (letters, digits and _), not values',
          hint: 'Write the name only, e.g. SLACK_WEBHOOK; set its value in the environment.',
        },
      };
    }
    if (name.startsWith('SWARMLIFT_')) {
      return {
        problem: {
          message: `names ${name}; SWARMLIFT_* variables are set by swarmlift for every hook`,
        },
      };
    }
    if (!names.includes(name)) names.push(name);
  }
  return { names };
}
