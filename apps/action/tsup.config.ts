import { defineConfig } from 'tsup';

/** ssh2's optional native parts: left as `require`s it makes inside try/catch (absent: its JavaScript crypto). */
const OPTIONAL_NATIVE = /(\.node|^cpu-features)$/;

/**
 * The one file the runner executes (action.yml's runs.main): everything
 * inlined — @actions/core, the CLI and its packages, ssh2, dockerode — so the
 * action needs no `npm install`. ESM (as @actions/core 3 is), with a
 * `require` for the CommonJS dependencies. No source map, no minification,
 * no timestamps: the same sources give the same bytes, so CI can check that
 * the committed bundle is current (scripts/check-action.mjs builds it again
 * into ACTION_OUT_DIR and compares).
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  outDir: process.env.ACTION_OUT_DIR ?? '../../action/dist',
  outExtension: () => ({ js: '.mjs' }),
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // Everything but the optional native parts (tsup checks noExternal before external).
  noExternal: [new RegExp(`^(?!.*${OPTIONAL_NATIVE.source}).*`)],
  external: [OPTIONAL_NATIVE],
  splitting: false,
  sourcemap: false,
  minify: false,
  clean: true,
  dts: false,
  shims: false,
  // tsup's chunks of the CLI import each other bare ("sideEffects": false drops them, rightly).
  esbuildOptions(options) {
    options.logOverride = { 'ignored-bare-import': 'silent' };
  },
  banner: {
    // CommonJS dependencies expect `require`, `__filename` and `__dirname` (ssh2's wasm loader).
    js: [
      "import { createRequire as __swarmliftCreateRequire } from 'node:module';",
      "import { fileURLToPath as __swarmliftFileUrlToPath } from 'node:url';",
      'const require = __swarmliftCreateRequire(import.meta.url);',
      'const __filename = __swarmliftFileUrlToPath(import.meta.url);',
      "const __dirname = __swarmliftFileUrlToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
});
