// Preload (`node --require`) for bench/remote/ssh2-binding.mjs: lets the workspace's ssh2
// (the pnpm store's copy, whose install script pnpm does not run) use a crypto binding built
// elsewhere, without writing to node_modules. With SSH2_BINDING_DIR set to a folder where
// `npm install ssh2@<same version>` built it, ssh2's two optional native requires resolve
// there: lib/protocol/crypto.js's `./crypto/build/Release/sshcrypto.node` and
// lib/protocol/constants.js's `cpu-features` (which only orders the default ciphers).
// Without SSH2_BINDING_DIR nothing changes: ssh2 falls back to Node's crypto in JavaScript.
'use strict';

const Module = require('node:module');
const { existsSync, readFileSync } = require('node:fs');
const { join, sep } = require('node:path');

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by ssh2-binding.mjs for its native worker, not a build input
const dir = process.env.SSH2_BINDING_DIR;
if (dir) {
  const built = join(dir, 'node_modules', 'ssh2');
  const binding = join(built, 'lib', 'protocol', 'crypto', 'build', 'Release', 'sshcrypto.node');
  if (!existsSync(binding)) throw new Error(`SSH2_BINDING_DIR: no built ${binding}`);
  const builtVersion = JSON.parse(readFileSync(join(built, 'package.json'), 'utf8')).version;
  const cpuFeatures = join(dir, 'node_modules', 'cpu-features');
  const protocolDir = `${sep}ssh2${sep}lib${sep}protocol${sep}`;
  const checked = new Set();
  // The binding's C++ matches the JavaScript of its own ssh2 version only.
  const sameVersion = (parentFile) => {
    const pkg = join(parentFile, '..', '..', '..', 'package.json');
    if (!checked.has(pkg)) {
      const version = JSON.parse(readFileSync(pkg, 'utf8')).version;
      if (version !== builtVersion)
        throw new Error(`SSH2_BINDING_DIR holds ssh2 ${builtVersion}, the workspace ${version}`);
      checked.add(pkg);
    }
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveBuilt(request, parent, ...rest) {
    const from = parent?.filename ?? '';
    if (from.includes(protocolDir)) {
      if (request === './crypto/build/Release/sshcrypto.node' && from.endsWith('crypto.js')) {
        sameVersion(from);
        return binding;
      }
      if (request === 'cpu-features' && from.endsWith('constants.js') && existsSync(cpuFeatures))
        return resolve.call(this, cpuFeatures, parent, ...rest);
    }
    return resolve.call(this, request, parent, ...rest);
  };
}
