import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// cli.js stays tiny: each command's module is its own chunk, loaded only when
// that command runs, so `swarmlift --help` starts as fast as a bare node.
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' } },
  splitting: true,
  sourcemap: true,
  clean: true,
  define: { __SWARMLIFT_VERSION__: JSON.stringify(version) },
});
