import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isFingerprint, keyFromHex, newFingerprintKey, planFingerprintKey, tokenFingerprint } from '../../../src/shared/audit/fingerprint.ts';

describe('tokenFingerprint', () => {
  it('is the first 6 bytes of HMAC-SHA256 as 12 lowercase hex (RFC 4231 test case 1)', async () => {
    const key = new Uint8Array(20).fill(0x0b);
    expect(await tokenFingerprint('Hi There', key)).toBe('b0344c61d8db');
  });

  it('matches Node\'s HMAC for random keys and tokens, and depends on the key', async () => {
    const key = newFingerprintKey();
    const token = 'q7Hk2LmZ-pR4x-Tn8W-c1VbE9sYdQ0aFgJ3';
    const expected = createHmac('sha256', key).update(token).digest('hex').slice(0, 12);
    expect(await tokenFingerprint(token, key)).toBe(expected);
    expect(await tokenFingerprint(token, newFingerprintKey())).not.toBe(expected);
    expect(await tokenFingerprint('', key)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('refuses short keys', async () => {
    await expect(tokenFingerprint('t', new Uint8Array(8))).rejects.toThrow(/at least 16 bytes/);
    await expect(tokenFingerprint('t', new Uint8Array(0))).rejects.toThrow(TypeError);
  });

  it('newFingerprintKey gives 32 random bytes', () => {
    const a = newFingerprintKey();
    expect(a).toBeInstanceOf(Uint8Array);
    expect(a).toHaveLength(32);
    expect(Buffer.from(a).equals(Buffer.from(newFingerprintKey()))).toBe(false);
  });

  it('isFingerprint accepts exactly 12 lowercase hex characters', () => {
    expect(isFingerprint('0123456789ab')).toBe(true);
    for (const x of ['0123456789AB', '0123456789a', '0123456789abc', '', 123456789012, null, 'g123456789ab']) expect(isFingerprint(x)).toBe(false);
  });
});

describe('planFingerprintKey (moving the key out of storage.local)', () => {
  const A = 'a'.repeat(64);
  const B = '0123456789abcdef'.repeat(4);
  const fresh = () => new Uint8Array(32).fill(0xcd);
  it.each([
    ['the stored key wins; a legacy copy is removed', A, B, { hex: A, store: false, removeLegacy: true }],
    ['the legacy key is moved as it is (fingerprints stay the same)', undefined, B, { hex: B, store: true, removeLegacy: true }],
    ['a broken stored value is replaced by the legacy key', 'zz', B, { hex: B, store: true, removeLegacy: true }],
    ['nothing anywhere: a new key', undefined, undefined, { hex: 'cd'.repeat(32), store: true, removeLegacy: false }],
    ['a broken legacy value is removed, a new key made', undefined, 12, { hex: 'cd'.repeat(32), store: true, removeLegacy: true }],
    ['nothing to do', A, undefined, { hex: A, store: false, removeLegacy: false }],
  ])('%s', (_name, stored, legacy, want) => {
    expect(planFingerprintKey(stored, legacy, fresh)).toEqual(want);
  });

  it('the moved key gives the same fingerprints as before', async () => {
    const legacyHex = B;
    const before = await tokenFingerprint('some-token', keyFromHex(legacyHex));
    const plan = planFingerprintKey(undefined, legacyHex, fresh);
    expect(await tokenFingerprint('some-token', keyFromHex(plan.hex))).toBe(before);
  });
});
