import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { suggestion } from '../args/did-you-mean.js';
import { type SettingName, settings } from '../commands/definitions.js';
import { type HooksSettings, noHooks, parseHooksConfig } from './hooks-config.js';
import type { SettingsIssue } from './settings.js';

/** The config file names looked for in the repository root, in this order. */
export const CONFIG_FILE_NAMES = [
  'swarmlift.config.json',
  'swarmlift.config.yaml',
  'swarmlift.config.yml',
] as const;

/** One setting's value from the config file, with where it is. */
export interface ConfigValue {
  value: string;
  /** `swarmlift.config.yaml:12 stack`: the file, line and key, for messages. */
  label: string;
}

export interface ConfigFileResult {
  /** Absolute path of the file read; undefined when there is none. */
  path: string | undefined;
  values: Map<SettingName, ConfigValue>;
  /** `hooks:` (none when absent). */
  hooks: HooksSettings;
  issues: SettingsIssue[];
}

const byKey = new Map<string, (typeof settings)[number]>();
for (const setting of settings) {
  byKey.set(setting.name, setting);
  if (setting.configKey) byKey.set(setting.configKey, setting);
}

/**
 * Finds and reads the config file: `configPath` (relative to `cwd`; it must
 * exist), else the first of swarmlift.config.{json,yaml,yml} in `cwd` (two
 * of them is a problem), else none. Every problem is an issue, none thrown.
 */
export async function readConfigFile(options: {
  cwd: string;
  configPath?: string | undefined;
}): Promise<ConfigFileResult> {
  const empty = (issues: SettingsIssue[] = []): ConfigFileResult => ({
    path: undefined,
    values: new Map(),
    hooks: noHooks(),
    issues,
  });
  let path: string | undefined;
  let text: string | undefined;
  if (options.configPath !== undefined) {
    path = resolve(options.cwd, options.configPath);
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return empty([
        {
          setting: '--config',
          message:
            code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code})`,
          hint: 'Give the path of a swarmlift.config.json or .yaml file, or leave --config out.',
        },
      ]);
    }
  } else {
    const found: { path: string; text: string }[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = resolve(options.cwd, name);
      const content = await readFile(candidate, 'utf8').catch(() => undefined);
      if (content !== undefined) found.push({ path: candidate, text: content });
    }
    if (found.length === 0) return empty();
    if (found.length > 1) {
      return empty([
        {
          setting: found.map((f) => basename(f.path)).join(', '),
          message: 'more than one config file; which one counts is unclear',
          hint: 'Keep one of them, or choose one with --config FILE.',
        },
      ]);
    }
    path = found[0]?.path;
    text = found[0]?.text;
  }
  const parsed = parseConfigText(text ?? '', basename(path as string));
  return { path, ...parsed };
}

/**
 * Reads a config file's text (YAML, or JSON, which YAML reads too): a map of
 * setting keys (the config key, e.g. `stack`, or the variable, `STACK_NAME`)
 * to values. Lists are allowed for COMPOSE_FILE and ENV_KEYS, a map for
 * BUILD_ARGS; `hooks:` is a map of its own (hooks-config.ts). Unknown keys,
 * secrets, duplicates and wrong shapes are issues naming `file:line key`; no
 * message contains a value.
 */
export function parseConfigText(
  text: string,
  fileLabel: string,
): { values: Map<SettingName, ConfigValue>; hooks: HooksSettings; issues: SettingsIssue[] } {
  const values = new Map<SettingName, ConfigValue>();
  let hooks = noHooks();
  let hooksSeen = false;
  const issues: SettingsIssue[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      // yaml's own message quotes the source line, which may hold a value: only the position and code.
      issues.push({
        setting: `${fileLabel}:${lineOf(error.pos[0])}`,
        message: `is not valid YAML or JSON (${error.code})`,
        hint: 'Fix the syntax at that line.',
      });
    }
    return { values, hooks, issues };
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { values, hooks, issues };
  }
  if (!isMap(contents)) {
    issues.push({
      setting: `${fileLabel}:${lineOf(contents.range?.[0])}`,
      message: 'must be a map of settings, e.g. "stack: shop"',
    });
    return { values, hooks, issues };
  }
  const knownKeys = [
    ...new Set(settings.flatMap((s) => (s.configKey ? [s.configKey] : []))),
    'hooks',
  ];
  for (const pair of contents.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const line = lineOf(isScalar(keyNode) ? keyNode.range?.[0] : undefined);
    const label = `${fileLabel}:${line} ${key}`;
    if (key === 'hooks') {
      if (hooksSeen) {
        issues.push({ setting: label, message: 'sets hooks a second time' });
        continue;
      }
      hooksSeen = true;
      const parsed = parseHooksConfig(pair.value, fileLabel, lineOf);
      hooks = parsed.hooks;
      issues.push(...parsed.issues);
      continue;
    }
    const setting = byKey.get(key);
    if (!setting) {
      issues.push({
        setting: label,
        message: `is not a setting${suggestion(key, knownKeys)}`,
        hint: 'swarmlift --help lists the settings; keys are like stack, imageName, composeFile.',
      });
      continue;
    }
    if (!setting.configKey) {
      issues.push({
        setting: label,
        message: setting.secret
          ? `${setting.name} is a secret and must not be in a file that is committed`
          : `${setting.name} cannot be set in the config file`,
        hint: `Set ${setting.name} in the environment${setting.secret ? ' (a CI secret)' : ''}.`,
      });
      continue;
    }
    if (values.has(setting.name)) {
      issues.push({ setting: label, message: `sets ${setting.name} a second time` });
      continue;
    }
    const value = configValueText(setting.name, pair.value);
    if (value === null) continue; // `key:` with no value: unset
    if (typeof value === 'object') {
      issues.push({ setting: label, message: value.problem });
      continue;
    }
    values.set(setting.name, { value, label });
  }
  return { values, hooks, issues };
}

function configValueText(name: SettingName, node: unknown): string | null | { problem: string } {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    return { problem: 'must be text or a number' };
  }
  if (isSeq(node)) {
    if (name !== 'COMPOSE_FILE' && name !== 'ENV_KEYS' && name !== 'BUILD_ARGS') {
      return { problem: 'must be one value, not a list' };
    }
    const items: string[] = [];
    for (const item of node.items) {
      if (!isScalar(item) || item.value === null || typeof item.value === 'object') {
        return { problem: 'must be a list of text' };
      }
      items.push(String(item.value));
    }
    return items.join('\n');
  }
  if (isMap(node)) {
    if (name !== 'BUILD_ARGS') return { problem: 'must be one value, not a map' };
    const lines: string[] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      if (!isScalar(value) || (typeof value.value === 'object' && value.value !== null)) {
        return { problem: 'must map each build argument to text' };
      }
      lines.push(`${key}=${value.value === null ? '' : String(value.value)}`);
    }
    return lines.join('\n');
  }
  return { problem: 'must be text' };
}
