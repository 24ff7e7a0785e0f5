import { defineConfig } from 'tsup';

// Placeholder: the action helper replaces this with the bundle the runner executes.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  clean: true,
});
