import {
  type CredentialsOption,
  credentialsFor,
  isShortLivedCredential,
  registryOf,
  type WarningEvent,
} from '@swarmlift/core';
import type { LoadedStack } from './stack.js';

/** The loader's warnings in the one warning shape, the place in the file first. */
export function loadWarnings(stack: Pick<LoadedStack, 'name' | 'warnings'>): WarningEvent[] {
  return stack.warnings.map((warning) => ({
    type: 'warning',
    code: warning.code,
    message: warning.source
      ? `${warning.source.file}:${warning.source.line}: ${warning.message}`
      : warning.message,
    stack: stack.name,
  }));
}

/**
 * A warning per registry of `images` whose credentials look short-lived (a
 * GitHub Actions token): Swarm keeps the credentials it was sent for later
 * pulls (rescheduled tasks, new nodes), which fail once they expire.
 */
export function shortLivedCredentialWarnings(input: {
  stack: string;
  images: readonly string[];
  credentials: CredentialsOption | undefined;
}): WarningEvent[] {
  const warnings: WarningEvent[] = [];
  const registries = [...new Set(input.images.map((image) => registryOf(image)))];
  for (const registry of registries) {
    const credentials = credentialsFor(input.credentials, registry);
    if (!credentials || !isShortLivedCredential(credentials)) continue;
    warnings.push({
      type: 'warning',
      code: 'SHORT_LIVED_REGISTRY_CREDENTIAL',
      message: `The credentials for ${registry} look short-lived (a GitHub Actions token); Swarm keeps them for later pulls (rescheduled tasks, new nodes), which fail once they expire. Deploy with a long-lived read-only token.`,
      stack: input.stack,
    });
  }
  return warnings;
}
