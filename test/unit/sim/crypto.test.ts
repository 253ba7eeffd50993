// The GUIs' Remember Me encryption (gui/shared/sim-crypto.js) is CryptoJS/OpenSSL compatible.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';

interface SimCrypto {
  encrypt(value: string, pass: string): Promise<string>;
  decrypt(value: string, pass: string): Promise<string | null>;
  md5(bytes: Uint8Array): Uint8Array;
}

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sim/gui/shared/sim-crypto.js');
let sc: SimCrypto;

beforeAll(() => {
  const sandbox: Record<string, unknown> = { crypto: globalThis.crypto, TextEncoder, TextDecoder, btoa, atob, Uint8Array, Uint32Array, Math, Promise };
  sandbox['window'] = sandbox;
  vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
  sc = sandbox['SimCrypto'] as SimCrypto;
});

const openssl = (args: string[], input: string): string =>
  execFileSync('openssl', ['enc', '-aes-256-cbc', '-md', 'md5', '-a', '-A', ...args], { input, stdio: ['pipe', 'pipe', 'ignore'] }).toString('utf8');

describe('sim-crypto.js', () => {
  it('md5 matches node', () => {
    for (const text of ['', 'a', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(200), 'äöü€']) {
      const bytes = new TextEncoder().encode(text);
      expect(Buffer.from(sc.md5(bytes)).toString('hex')).toBe(createHash('md5').update(bytes).digest('hex'));
    }
  });

  it('encrypts like CryptoJS.AES.encrypt (openssl can decrypt it) and decrypts openssl output', async () => {
    for (const [value, pass] of [['apmacwin', '$SOSJS7'], ['pässwörd with spaces', '$SOSJOBSCHEDULER'], ['x'.repeat(40), '$SOSJS7']] as const) {
      const enc = await sc.encrypt(value, pass);
      expect(enc.startsWith('U2FsdGVkX1')).toBe(true);
      expect(openssl(['-d', '-pass', `pass:${pass}`], enc + '\n')).toBe(value);
      const fromOpenssl = openssl(['-pass', `pass:${pass}`], value).trim();
      expect(await sc.decrypt(fromOpenssl, pass)).toBe(value);
    }
    expect(await sc.decrypt(await sc.encrypt('secret', '$SOSJS7'), '$SOSJOBSCHEDULER')).not.toBe('secret');
    expect(await sc.decrypt('not base64 at all!', '$SOSJS7')).toBeNull();
  });
});
