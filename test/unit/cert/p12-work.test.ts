// Issue 15, item 5: the work a PKCS#12 file asks for is counted before any of it is done, and a
// file above the cap is refused at once with a clear error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRAFTED_SAFES, craftedP12 } from '../../sim/crafted-p12.ts';
import type { Pki } from '../../sim/pki.ts';
import { decodeOne } from '../../../src/shared/cert/asn1.ts';
import { MAX_FILE_BYTES, parseCertificateFile } from '../../../src/shared/cert/parse.ts';
import { P12_WORK_LIMITS, p12Steps, p12Work, p12WorkError, type P12Step } from '../../../src/shared/cert/p12-work.ts';
import { type Extra, extraFixtures, read, removeExtraFixtures, unitPki } from './fixtures.ts';
import { errorOf } from './helpers.ts';

const mac = (iterations: number, attempts = 1): P12Step => ({ kind: 'mac', iterations, attempts });
const legacy = (iterations: number, blocks: number): P12Step => ({ kind: 'legacy', iterations, blocks });
const pbes2 = (iterations: number, blocks = 1): P12Step => ({ kind: 'pbes2', iterations, blocks });
const M = 1_000_000;

describe('p12Work / p12WorkError (pure)', () => {
  it.each<[string, P12Step[], { kdf: number; pbkdf2: number }, boolean]>([
    ['OpenSSL 3 default: SHA-256 MAC 2048, PBES2 2048', [mac(2048), pbes2(2048)], { kdf: 2048, pbkdf2: 2048 }, true],
    ['OpenSSL 1 -legacy with a password: MAC tried twice, RC2-40 key + IV', [mac(2048, 2), legacy(2048, 2)], { kdf: 8192, pbkdf2: 0 }, true],
    ['Java keytool: HmacPBESHA256 10,000, PBES2 10,000', [mac(10_000, 2), pbes2(10_000)], { kdf: 20_000, pbkdf2: 10_000 }, true],
    ['the most that worked before, one safe: MAC 1M twice + 3DES safe 1M (2 key blocks + IV)', [mac(M, 2), legacy(M, 3)], { kdf: 5 * M, pbkdf2: 0 }, true],
    ['two 3DES safes at 1M each', [legacy(M, 3), legacy(M, 3)], { kdf: 6 * M, pbkdf2: 0 }, false],
    ['one PBES2 safe at 10M', [pbes2(10 * M)], { kdf: 0, pbkdf2: 10 * M }, true],
    ['two PBES2 safes at 10M', [pbes2(10 * M), pbes2(10 * M)], { kdf: 0, pbkdf2: 20 * M }, false],
    ['PBKDF2-SHA1 for AES-256 needs two blocks', [pbes2(6 * M, 2)], { kdf: 0, pbkdf2: 12 * M }, false],
    ['3,000 crafted safes at 1M', Array.from({ length: 3000 }, () => legacy(M, 3)), { kdf: 9000 * M, pbkdf2: 0 }, false],
    ['nothing to derive (no MAC, plain safes)', [], { kdf: 0, pbkdf2: 0 }, true],
    ['nonsense counts count as zero', [legacy(-5, 3), mac(Number.NaN), pbes2(Infinity)], { kdf: 0, pbkdf2: 0 }, true],
  ])('%s', (_label, steps, work, accepted) => {
    expect(p12Work(steps)).toMatchObject(work);
    const err = p12WorkError(p12Work(steps));
    expect(err === null).toBe(accepted);
    if (err !== null) expect(err).toMatch(/limit/);
  });

  it('the limits are the documented ones', () => {
    expect(P12_WORK_LIMITS).toEqual({ kdf: 5 * M, pbkdf2: 10 * M });
  });
});

describe('p12Steps (read from the file, before any work)', () => {
  let pki: Pki;
  let extra: Extra;
  beforeAll(async () => {
    pki = await unitPki();
    extra = await extraFixtures(pki);
  }, 60_000);
  afterAll(() => removeExtraFixtures(extra));

  const stepsOf = (bytes: Uint8Array, passwordGiven: boolean): P12Step[] => {
    const one = decodeOne(bytes);
    if (!one) throw new Error('not DER');
    return p12Steps(one.node, passwordGiven);
  };

  it('OpenSSL 3 default file with a password: MAC (tried twice) and one PBES2 safe', () => {
    expect(stepsOf(read(pki.rsaP12WithPassword.p12), true)).toEqual([mac(2048, 2), pbes2(2048)]);
    expect(stepsOf(read(pki.rsaP12WithPassword.p12), false)).toEqual([mac(2048, 1), pbes2(2048)]);
  });

  it('legacy files: RC2-40 (key and IV: 2 blocks), 3DES (2 key blocks and IV: 3)', () => {
    expect(stepsOf(read(extra.rc2P12), true)).toEqual([mac(2048, 2), legacy(2048, 2)]);
    expect(stepsOf(read(extra.des3P12), true)).toEqual([mac(2048, 2), legacy(2048, 3)]);
  });

  it('crafted: every safe is counted', () => {
    expect(stepsOf(craftedP12({ safes: 3, iterations: M, macIterations: 7 }), true)).toEqual([mac(7, 2), legacy(M, 3), legacy(M, 3), legacy(M, 3)]);
  });
});

describe('a crafted PKCS#12 file (hundreds of safes, 1,000,000 iterations each)', () => {
  it('is real: at small iteration counts every safe decrypts with the empty password', async () => {
    const r = await parseCertificateFile(craftedP12({ safes: 5, iterations: 10, macIterations: 10 }));
    expect(r).toEqual({ ok: false, error: 'p12-no-certificate', detail: 'the PKCS#12 file contains no certificate' });
  });

  // Its bound only stops a hang: about 6 s of SHA-1 alone, 27 s in `npm test` beside eslint, tsc
  // and webpack on 2 cores (a bound of 30 s was nearly reached there).
  it('one safe at 1,000,000 iterations and a MAC at 1,000,000 are within the cap and read to the end', async () => {
    expect(errorOf(await parseCertificateFile(craftedP12({ safes: 1, iterations: M, macIterations: M })))).toBe('p12-no-certificate');
  }, 180_000);

  // Before the cap, each safe cost about 10 s of SHA-1 in the page: this test hung for hours.
  // Its bound only stops such a hang: 0.5 s alone, 12 s once under heavy load (a bound of 10 s failed).
  it.each([
    ['without a MAC', undefined],
    ['with a MAC of 1,000,000 iterations', M],
  ])('%s: refused before any key derivation, with a clear error', async (_label, macIterations) => {
    const bytes = craftedP12({ safes: CRAFTED_SAFES, iterations: M, ...(macIterations === undefined ? {} : { macIterations }) });
    expect(bytes.length).toBeLessThanOrEqual(MAX_FILE_BYTES);
    expect(decodeOne(bytes)).not.toBeNull();
    for (const password of [undefined, 'guess']) {
      const r = await parseCertificateFile(bytes, password === undefined ? {} : { password });
      expect(errorOf(r)).toBe('p12-too-costly');
      expect(r.ok ? '' : r.detail).toContain(`${CRAFTED_SAFES} encrypted safes`);
    }
  }, 120_000);
});
