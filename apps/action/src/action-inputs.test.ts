import { settings } from 'swarmlift';
import { describe, expect, it } from 'vitest';
import { actionInputs, inputNameOf, ownInputs, settingsWithoutInput } from './action-inputs.js';

describe('the inputs and the CLI settings', () => {
  it('every setting has an input or is deliberately left out (with a reason)', () => {
    for (const setting of settings) {
      const input = actionInputs.find((candidate) => candidate.setting === setting.name);
      const reason = settingsWithoutInput[setting.name];
      expect(
        input !== undefined || (reason !== undefined && reason.length > 0),
        `${setting.name} has no input and no reason`,
      ).toBe(true);
      expect(input !== undefined && reason !== undefined, `${setting.name}: both`).toBe(false);
    }
  });

  it("every input maps to a setting, or is one of the action's own", () => {
    const names = new Set(settings.map((setting) => setting.name));
    for (const input of actionInputs) {
      if (input.setting === undefined) expect(ownInputs).toContain(input);
      else expect(names.has(input.setting), input.name).toBe(true);
    }
    for (const name of Object.keys(settingsWithoutInput))
      expect(names.has(name as never)).toBe(true);
  });

  it('names each input after its setting in kebab-case, once', () => {
    for (const input of actionInputs) {
      expect(input.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      if (input.setting) expect(input.name).toBe(inputNameOf(input.setting));
    }
    expect(new Set(actionInputs.map((input) => input.name)).size).toBe(actionInputs.length);
    expect(inputNameOf('SWARM_MANAGER_IP')).toBe('swarm-manager-ip');
  });

  it('has the inputs the issue names', () => {
    const names = actionInputs.map((input) => input.name);
    for (const name of [
      'registry',
      'image-name',
      'stack-name',
      'swarm-manager-ip',
      'ssh-user',
      'ssh-port',
      'ssh-private-key',
      'ssh-host-key',
      'registry-username',
      'registry-password',
      'compose-file',
      'app-service',
      'migrate',
      'wait-timeout',
      'lock-wait',
      'collectstatic',
      'static-target',
      'build-args',
      'env',
      'working-directory',
    ])
      expect(names).toContain(name);
  });

  it('marks an input secret exactly when its setting is', () => {
    for (const input of actionInputs) {
      const setting = settings.find((candidate) => candidate.name === input.setting);
      expect(input.secret, input.name).toBe(setting?.secret ?? false);
    }
    expect(actionInputs.filter((input) => input.secret).map((input) => input.name)).toEqual([
      'ssh-private-key',
      'registry-password',
    ]);
  });
});
