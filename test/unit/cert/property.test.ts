import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAccountToCN } from '../../../src/shared/cert/account.ts';
import { parseCertificateFile } from '../../../src/shared/cert/parse.ts';

describe('properties', () => {
  it('parseCertificateFile never throws or rejects on random bytes (1000 runs, < 5 s)', async () => {
    const t = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const r = await parseCertificateFile(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('… nor on random DER-looking and PEM-looking input', async () => {
    const derish = fc.uint8Array({ minLength: 1, maxLength: 600 }).map((b) => new Uint8Array([0x30, 0x82, (b.length >> 8) & 0xff, b.length & 0xff, ...b]));
    const pemish = fc.string({ maxLength: 400 }).map((s) => new TextEncoder().encode(`-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`));
    await fc.assert(
      fc.asyncProperty(fc.oneof(derish, pemish), async (bytes) => {
        const r = await parseCertificateFile(bytes, { password: 'x' });
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('compareAccountToCN: identical strings always match; match is symmetric for non-empty strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(compareAccountToCN(s, s).match).toBe(true);
      }),
      { numRuns: 500 },
    );
    const ws = fc.constantFrom(' ', '\u00a0', '\t', 'A', 'a', 'b');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ unit: ws, minLength: 1, maxLength: 6 }), (a, b, c) => {
        for (const [x, y] of [[a, b], [a, c], [c, a + c]] as const) {
          expect(compareAccountToCN(x, y).match).toBe(compareAccountToCN(y, x).match);
          expect(compareAccountToCN(x, y).match).toBe(x === y);
        }
      }),
      { numRuns: 500 },
    );
  });
});
