import { redact } from '@swarmlift/env-writer/env-file';
import { redactionValues } from './secret-values.js';

/** Every secret known so far, and `redact` with all of them. */
export interface Redactor {
  redact(text: string): string;
  /** Adds secrets; returns the ones not known before (empty and repeated values are ignored). */
  add(secrets: Iterable<string>): string[];
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  let values: string[] = [];
  return {
    redact: (text) => (values.length === 0 ? text : redact(text, values)),
    add(more) {
      const added: string[] = [];
      for (const secret of more) {
        if (typeof secret !== 'string' || secret.trim() === '' || secrets.has(secret)) continue;
        secrets.add(secret);
        added.push(secret);
      }
      if (added.length > 0) values = redactionValues(secrets);
      return added;
    },
  };
}
