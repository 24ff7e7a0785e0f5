import { createRedact } from '@swarmlift/env-writer/env-file';
import { redactionValues } from './secret-values.js';

/** Every secret known so far, and `redact` with all of them. */
export interface Redactor {
  redact(text: string): string;
  /** Adds secrets; returns the ones not known before (empty and repeated values are ignored). */
  add(secrets: Iterable<string>): string[];
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  // Compiled again only when a secret is added: output redacts every line.
  let compiled: ((text: string) => string) | undefined;
  return {
    redact: (text) => (compiled ? compiled(text) : text),
    add(more) {
      const added: string[] = [];
      for (const secret of more) {
        if (typeof secret !== 'string' || secret.trim() === '' || secrets.has(secret)) continue;
        secrets.add(secret);
        added.push(secret);
      }
      if (added.length > 0) compiled = createRedact(redactionValues(secrets));
      return added;
    },
  };
}
