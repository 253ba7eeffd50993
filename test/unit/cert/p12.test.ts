import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import { des3DecryptBlocks } from '../../../src/shared/cert/des.ts';
import { pkcs12Kdf } from '../../../src/shared/cert/legacy-pbe.ts';
import { KEY_IGNORED_WARNING, leafOf, parseCertificateFile } from '../../../src/shared/cert/parse.ts';
import { type Extra, UMLAUT_PASSWORD, extraFixtures, removeExtraFixtures, osslAll, read, unitPki } from './fixtures.ts';
import { errorOf, okCerts } from './helpers.ts';

let pki: Pki;
let extra: Extra;

beforeAll(async () => {
  pki = await unitPki();
  extra = await extraFixtures(pki);
}, 60_000);

afterAll(() => removeExtraFixtures(extra));

describe('PKCS#12 made with OpenSSL 3 defaults', () => {
  it('the fixtures really use PBES2/AES-256-CBC + PBKDF2-SHA256 and an HMAC-SHA256 MAC', async () => {
    const info = await osslAll(['pkcs12', '-in', pki.rsaP12WithPassword.p12, '-info', '-noout', '-passin', `pass:${pki.rsaP12WithPassword.password}`]);
    expect(info).toMatch(/MAC: sha256/);
    expect(info).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration \d+, PRF hmacWithSHA256/);
  });

  it('password-protected: right, wrong, missing, empty string', async () => {
    const bytes = read(pki.rsaP12WithPassword.p12);
    const right = await parseCertificateFile(bytes, { password: pki.rsaP12WithPassword.password });
    expect(leafOf(okCerts(right))?.sha256).toBe(pki.clients.rsa.sha256);
    expect(right.ok && right.warnings).toEqual([KEY_IGNORED_WARNING]);
    expect(errorOf(await parseCertificateFile(bytes, { password: 'Secret' }))).toBe('p12-wrong-password');
    expect(errorOf(await parseCertificateFile(bytes))).toBe('p12-password-required');
    expect(errorOf(await parseCertificateFile(bytes, { password: '' }))).toBe('p12-password-required');
  });

  it('an empty-password file opened with a password still works, with a warning', async () => {
    const r = await parseCertificateFile(read(pki.clients.ecdsa.p12), { password: 'unneeded' });
    expect(leafOf(okCerts(r))?.sha256).toBe(pki.clients.ecdsa.sha256);
    expect(r.ok && r.warnings).toContain('the file has an empty password; the given password was not needed');
  });

  it('the result never contains key material or the password', async () => {
    const r = await parseCertificateFile(read(pki.rsaP12WithPassword.p12), { password: pki.rsaP12WithPassword.password });
    const json = JSON.stringify(r);
    expect(json).not.toContain('secret');
    expect(json).not.toMatch(/PRIVATE/);
    expect(Object.keys(okCerts(r)[0] ?? {})).not.toContain('key');
  });
});

describe('legacy PKCS#12 (OpenSSL 1.x / Java / Windows exports)', () => {
  it.each([
    ['RC2-40 (openssl -legacy)', 'rc2P12'],
    ['3DES', 'des3P12'],
  ] as const)('%s: right, wrong and missing password', async (_label, key) => {
    const bytes = read(extra[key]);
    const r = await parseCertificateFile(bytes, { password: extra.p12Password });
    expect(okCerts(r).map((c) => c.subjectCN)).toEqual(['apmacwin', 'JOC Guard Test Intermediate CA']);
    expect(errorOf(await parseCertificateFile(bytes, { password: 'nope' }))).toBe('p12-wrong-password');
    expect(errorOf(await parseCertificateFile(bytes))).toBe('p12-password-required');
  });

  it.each(['umlautP12', 'umlautLegacyP12'] as const)('%s: non-ASCII password (UTF-8 for PBKDF2, BMPString for the MAC/legacy KDF)', async (key) => {
    const bytes = read(extra[key]);
    expect(leafOf(okCerts(await parseCertificateFile(bytes, { password: UMLAUT_PASSWORD })))?.sha256).toBe(pki.clients.rsa.sha256);
    expect(errorOf(await parseCertificateFile(bytes, { password: 'Passwort' }))).toBe('p12-wrong-password');
  });

  it('RC2-40 with an empty password', async () => {
    expect(leafOf(okCerts(await parseCertificateFile(read(extra.rc2EmptyP12))))?.sha256).toBe(pki.clients.rsa.sha256);
  });

  it('no MAC: decryption decides; wrong password is detected', async () => {
    const bytes = read(extra.nomacP12);
    const r = await parseCertificateFile(bytes, { password: extra.p12Password });
    expect(leafOf(okCerts(r))?.sha256).toBe(pki.clients.rsa.sha256);
    expect(r.ok && r.warnings).toContain('the file has no integrity MAC');
    expect(errorOf(await parseCertificateFile(bytes, { password: 'nope' }))).toBe('p12-wrong-password');
    expect(errorOf(await parseCertificateFile(bytes))).toBe('p12-password-required');
  });

  // Without a MAC only the decryption can tell a wrong password, and about one wrong key in 256
  // still ends in valid CBC padding: the plaintext is then noise, which is the same wrong password.
  // 1,500 wrong passwords make missing that case unlikely (below 0.3 %) on any fixture.
  it('no MAC: every wrong password is reported as one, also when the padding happens to check out', async () => {
    const bytes = read(extra.nomacP12);
    const errors = new Set<string | null>();
    for (let i = 0; i < 1500; i++) errors.add(errorOf(await parseCertificateFile(bytes, { password: `wrong-${i}` })));
    expect([...errors]).toEqual(['p12-wrong-password']);
  }, 120_000);

  it('no MAC and unencrypted certificates: no password needed', async () => {
    const r = await parseCertificateFile(read(extra.nomacPlainP12));
    expect(leafOf(okCerts(r))?.sha256).toBe(pki.clients.rsa.sha256);
  });

  it('PBKDF2 with the empty password equals PBKDF2 with a block of zero bytes (used for WebCrypto)', () => {
    const salt = randomBytes(8);
    expect(pbkdf2Sync('', salt, 2048, 32, 'sha256').equals(pbkdf2Sync(Buffer.alloc(64), salt, 2048, 32, 'sha256'))).toBe(true);
    expect(pbkdf2Sync('', salt, 10, 32, 'sha512').equals(pbkdf2Sync(Buffer.alloc(128), salt, 10, 32, 'sha512'))).toBe(true);
  });

  it('the PKCS#12 key derivation (RFC 7292 B.2, SHA-1) matches a reference written with node:crypto', () => {
    // Independent, literal transcription of RFC 7292 appendix B.2 (u = 20, v = 64).
    const reference = (password: string, salt: Buffer, iterations: number, id: number, n: number): Buffer => {
      const v = 64;
      const pw = Buffer.alloc(password.length * 2 + 2);
      for (let i = 0; i < password.length; i++) pw.writeUInt16BE(password.charCodeAt(i), i * 2);
      const stretch = (b: Buffer): Buffer => (b.length === 0 ? b : Buffer.from(Array.from({ length: v * Math.ceil(b.length / v) }, (_, i) => b[i % b.length] ?? 0)));
      let I = Buffer.concat([stretch(salt), stretch(pw)]);
      const out: Buffer[] = [];
      for (let got = 0; got < n; got += 20) {
        let a = createHash('sha1').update(Buffer.concat([Buffer.alloc(v, id), I])).digest();
        for (let r = 1; r < iterations; r++) a = createHash('sha1').update(a).digest();
        out.push(a);
        const b = BigInt(`0x${stretch(a).subarray(0, v).toString('hex')}`) + 1n;
        const parts: Buffer[] = [];
        for (let j = 0; j < I.length; j += v) {
          const sum = (BigInt(`0x${I.subarray(j, j + v).toString('hex')}`) + b) % (1n << BigInt(v * 8));
          parts.push(Buffer.from(sum.toString(16).padStart(v * 2, '0'), 'hex'));
        }
        I = Buffer.concat(parts);
      }
      return Buffer.concat(out).subarray(0, n);
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 30 }), fc.constantFrom(1, 2, 3), fc.integer({ min: 1, max: 48 }), (pw, salt, it, id, n) => {
        expect(Buffer.from(pkcs12Kdf(pw, salt, it, id, n)).toString('hex')).toBe(reference(pw, Buffer.from(salt), it, id, n).toString('hex'));
      }),
      { numRuns: 100 },
    );
  });

  it('3DES-EDE block decryption matches node:crypto (3-key and 2-key)', () => {
    for (const keyLen of [24, 16]) {
      const key = randomBytes(keyLen);
      const block = randomBytes(8);
      const nodeKey = keyLen === 24 ? key : Buffer.concat([key, key.subarray(0, 8)]);
      const cipher = createCipheriv('des-ede3', nodeKey, null).setAutoPadding(false);
      const encrypted = new Uint8Array(Buffer.concat([cipher.update(block), cipher.final()]));
      des3DecryptBlocks(new Uint8Array(key))(encrypted);
      expect(Buffer.from(encrypted).equals(block)).toBe(true);
    }
  });
});

describe('damaged PKCS#12', () => {
  it('truncated → truncated, corrupted → a clean error', async () => {
    const bytes = read(pki.rsaP12WithPassword.p12);
    expect(errorOf(await parseCertificateFile(bytes.subarray(0, bytes.length - 40), { password: 'secret' }))).toBe('truncated');
    const corrupted = bytes.slice();
    corrupted[Math.floor(corrupted.length / 2)] = (corrupted[Math.floor(corrupted.length / 2)] ?? 0) ^ 0xff;
    const r = await parseCertificateFile(corrupted, { password: 'secret' });
    expect(r.ok).toBe(false);
  });

  it('random single-byte corruption never throws', async () => {
    const bytes = read(pki.clients.rsa.p12);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (pos, xor) => {
        const b = bytes.slice();
        b[pos] = (b[pos] ?? 0) ^ xor;
        const r = await parseCertificateFile(b);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 150 },
    );
  });
});
