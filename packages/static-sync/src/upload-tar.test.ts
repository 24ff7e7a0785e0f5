import { describe, expect, it } from 'vitest';
import { isAlreadyCompressed } from './upload-tar.js';

describe('isAlreadyCompressed', () => {
  it('skips deflating images, fonts and archives, not text', () => {
    for (const path of ['a/logo.PNG', 'f/x.woff2', 'f/x.woff', 'p.jpeg', 'b.js.gz', 'c.css.br']) {
      expect(isAlreadyCompressed(path), path).toBe(true);
    }
    for (const path of ['a.css', 'b.js', 'icon.svg', 'data.json', 'favicon.ico', 'x.map']) {
      expect(isAlreadyCompressed(path), path).toBe(false);
    }
  });
});
