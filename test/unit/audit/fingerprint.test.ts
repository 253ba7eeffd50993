import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isFingerprint, newFingerprintKey, tokenFingerprint } from '../../../src/shared/audit/fingerprint.ts';

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
