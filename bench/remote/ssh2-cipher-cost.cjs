// CPU cost of one SSH packet (aes128-gcm@openssh.com, encrypt + decrypt) in ssh2's binding
// against its Node-crypto fallback, in one process, no network: why the binding helps small
// calls. Needs an ssh2 with the built binding (see ssh2-binding.mjs):
//   node bench/remote/ssh2-cipher-cost.cjs DIR   (DIR: where `npm install ssh2@<version>` ran)
'use strict';

const { randomBytes } = require('node:crypto');
const { join } = require('node:path');

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/remote/ssh2-cipher-cost.cjs DIR');
const crypto = require(join(dir, 'node_modules', 'ssh2', 'lib', 'protocol', 'crypto.js'));
if (!crypto.bindingAvailable) throw new Error(`no built ssh2 binding under ${dir}`);
const info = crypto.CIPHER_INFO['aes128-gcm@openssh.com'];

/** Sends one packet of `size` payload bytes through a cipher and back through a decipher. */
function roundTrip(forceNative) {
  const key = randomBytes(16);
  const iv = randomBytes(12);
  let wire = [];
  const cipher = crypto.createCipher({
    outbound: {
      onWrite: (chunk) => wire.push(Buffer.from(chunk)),
      cipherInfo: info,
      cipherKey: key,
      cipherIV: Buffer.from(iv),
      seqno: 0,
      forceNative,
    },
  });
  let received = 0;
  const decipher = crypto.createDecipher({
    inbound: {
      onPayload: () => {
        received++;
      },
      decipherInfo: info,
      decipherKey: key,
      decipherIV: Buffer.from(iv),
      seqno: 0,
      forceNative,
    },
  });
  const send = (size) => {
    const packet = cipher.allocPacket(size);
    cipher.encrypt(packet);
    const bytes = Buffer.concat(wire);
    wire = [];
    decipher.decrypt(bytes, 0, bytes.length);
  };
  send.received = () => received;
  return send;
}

const rows = {};
for (const size of [64, 1024, 32768]) {
  const row = {};
  // forceNative is ssh2's name for its Node-crypto (JavaScript) classes.
  for (const [name, send] of [
    ['js fallback', roundTrip(true)],
    ['binding', roundTrip(false)],
  ]) {
    for (let i = 0; i < 2000; i++) send(size);
    const count = size > 10_000 ? 20_000 : 100_000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) send(size);
    const us = Number(process.hrtime.bigint() - started) / count / 1000;
    if (send.received() !== count + 2000) throw new Error(`${name}: packets lost`);
    row[name] = `${us.toFixed(2)} µs`;
  }
  rows[`${size} B payload`] = row;
}
console.log('One packet encrypted and decrypted, aes128-gcm@openssh.com:');
console.table(rows);
