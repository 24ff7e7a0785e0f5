import { collectSecrets, maskValues } from 'swarmlift';
import { actionInputs } from './action-inputs.js';
import { secretSettingValues } from './cli-env.js';

export interface MaskSources {
  inputs: Readonly<Record<string, string>>;
  appEnv: ReadonlyMap<string, string>;
  processEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * Every value to register with `::add-mask::` before anything else is
 * printed: the secret inputs, the `env` input's values whose key is a secret
 * setting or looks secret, passwords inside URLs there, the registry's
 * `user:password` in base64 — the same set the CLI computes from its settings
 * (its collectSecrets), each in every form the CLI masks (its maskValues).
 */
export function secretsToMask({ inputs, appEnv, processEnv }: MaskSources): string[] {
  const secrets = collectSecrets({
    secretSettings: secretSettingValues(inputs, appEnv),
    appEnv: Object.fromEntries(appEnv),
    registry: {
      username: inputs['registry-username'] || processEnv.REGISTRY_USERNAME,
      password: inputs['registry-password'] || processEnv.REGISTRY_PASSWORD,
    },
    env: processEnv,
  });
  // Secret inputs as given, whatever the CLI would make of them.
  for (const input of actionInputs) {
    const value = inputs[input.name];
    if (input.secret && value) secrets.push(value);
  }
  return [...new Set(secrets.flatMap((secret) => maskValues(secret)))];
}
