import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/**
 * What the bin never uses but would load on every start: dockerode's
 * BuildKit session code (gRPC, protobuf: ~0.2 s). Its bundle gets stand-ins
 * instead. (execa, which @swarmlift/remote needs only for local commands, is
 * imported lazily there and lands in a chunk the bin never loads.)
 */
const withoutBuildKit: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'without-buildkit',
  setup(build) {
    // ssh2's optional native crypto binding is left out: its require becomes a throw inside
    // ssh2's own try/catch, so ssh2's JavaScript fallback runs.
    build.onLoad({ filter: /ssh2[\\/]lib[\\/]protocol[\\/]crypto\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(
        "require('./crypto/build/Release/sshcrypto.node')",
        "(() => { throw new Error('native binding left out of the bundle'); })()",
      ),
      loader: 'js',
    }));
    build.onResolve({ filter: /^(@grpc\/(grpc-js|proto-loader)|cpu-features)$/ }, (args) => ({
      path: args.path,
      namespace: 'without-buildkit',
    }));
    build.onLoad({ filter: /.*/, namespace: 'without-buildkit' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: false,
  },
  {
    // The swarmlift-stack bin: every dependency bundled, split at the lazy imports, so
    // `--help` or a bad file reads a few kilobytes and a deploy only what it uses.
    entry: { 'swarmlift-stack': 'src/cli/bin.ts' },
    outDir: 'dist/bin',
    format: ['esm'],
    splitting: true,
    target: 'node20',
    platform: 'node',
    dts: false,
    sourcemap: false,
    clean: false,
    minify: true,
    noExternal: [/.*/],
    esbuildPlugins: [withoutBuildKit],
    // Bundled CommonJS dependencies call require() and read __dirname.
    banner: {
      js: [
        "import { createRequire as __slCreateRequire } from 'node:module';",
        "import { fileURLToPath as __slFileUrlToPath } from 'node:url';",
        'const require = __slCreateRequire(import.meta.url);',
        'const __filename = __slFileUrlToPath(import.meta.url);',
        "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
      ].join(' '),
    },
    define: { PACKAGE_VERSION: JSON.stringify(version) },
  },
]);
