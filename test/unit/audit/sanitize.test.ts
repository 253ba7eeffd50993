import { describe, expect, it } from 'vitest';
import { looksLikeSecret, parseAuditRecord, sanitizeAuditInput } from '../../../src/shared/audit/store.ts';
import { AUDIT_EVENT_TYPES } from '../../../src/shared/audit/types.ts';

// Shaped like real tokens (random, not real): JS7 = 24 bytes base64url reshaped 8-4-4-rest; 1.x = UUID.
const JS7_TOKEN = 'q7Hk2LmZ-pR4x-Tn8W-c1VbE9sYdQ0aFgJ3';
const UUID_TOKEN = '3f1c9a7e-52b4-4d1e-9c0a-8e7f6d5c4b3a';

describe('sanitizeAuditInput', () => {
  it('accepts every event type and returns a canonical copy', () => {
    for (const type of AUDIT_EVENT_TYPES) expect(sanitizeAuditInput({ type, origin: '' })).toEqual({ type, origin: '' });
    const input = { detail: 'd', fp: '0123456789ab', type: 'token.cleared', origin: 'https://JOC.example.com:443', storage: 'sessionStorage', reason: 'tab-closed', key: '$SOS$accessTokenId', account: 'root', result: 'ok' };
    const out = sanitizeAuditInput(input);
    expect(out).toEqual({ type: 'token.cleared', origin: 'https://joc.example.com', reason: 'tab-closed', storage: 'sessionStorage', key: '$SOS$accessTokenId', fp: '0123456789ab', account: 'root', result: 'ok', detail: 'd' });
    expect(Object.keys(out ?? {})).toEqual(['type', 'origin', 'reason', 'storage', 'key', 'fp', 'account', 'result', 'detail']);
  });

  it('rejects wrong shapes', () => {
    const bad: unknown[] = [
      null, undefined, 'x', 42, [], new Date(),
      { origin: '' },
      { type: 'session.end' },
      { type: 'session.nope', origin: '' },
      { type: 'session.end', origin: 'javascript:alert(1)' },
      { type: 'session.end', origin: 'https://joc.example.com/joc' },
      { type: 'session.end', origin: 5 },
      { type: 'session.end', origin: '', storage: 'indexedDB' },
      { type: 'session.end', origin: '', fp: '0123456789AB' },
      { type: 'session.end', origin: '', fp: '0123456789abc' },
      { type: 'session.end', origin: '', reason: 5 },
      { type: 'session.end', origin: '', detail: { nested: true } },
      { type: 'session.end', origin: '', v: 1 },
    ];
    for (const x of bad) expect(sanitizeAuditInput(x), JSON.stringify(x)).toBeNull();
  });

  it('rejects token/password fields and redacts secret-looking text', () => {
    const base = { type: 'session.end', origin: 'https://joc.example.com' };
    for (const extra of [{ token: 'x' }, { password: 'x' }, { accessToken: 'x' }, { pwd: 'x' }, { secret: 'x' }]) {
      expect(sanitizeAuditInput({ ...base, ...extra })).toBeNull();
    }
    const values = [
      JS7_TOKEN,
      UUID_TOKEN,
      `logout failed for ${JS7_TOKEN}`,
      `session ${UUID_TOKEN.toUpperCase()} expired`,
      'X-Access-Token: abc',
      'access_token=abc',
      'password: hunter2',
      'Authorization: Basic dXNlcjpwYXNz',
      'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'U2FsdGVkX1+abc/def==', // CryptoJS ciphertext, as in $SOS$BOO
      '-----BEGIN PRIVATE KEY-----',
      'aB3dE5gH7jK9mN1pQ3sT5vX7zA', // 26-char mixed-case random run
    ];
    for (const field of ['detail', 'reason', 'key', 'account', 'result']) {
      for (const v of values) {
        const out = sanitizeAuditInput({ ...base, [field]: v }) as Record<string, unknown> | null;
        expect(out?.[field], `${field}: ${v}`).toBe('[redacted]');
        expect(JSON.stringify(out)).not.toContain(v);
      }
    }
  });

  it('keeps ordinary values', () => {
    const ok = [
      'POST /joc/api/authentication/logout returned 401',
      'joc-cockpit-production-01.example.com',
      'session ended after 30 min idle',
      '$SOS$accessTokenId',
      'CN=Max Mustermann, OU=Ops, O=Example AG',
      'sha256 AB:CD:EF:01:23:45:67:89',
      'rootAdministrator',
    ];
    for (const v of ok) expect(sanitizeAuditInput({ type: 'session.end', origin: '', detail: v })?.detail, v).toBe(v);
  });

  it('caps text at 200 characters and flattens control characters', () => {
    const out = sanitizeAuditInput({ type: 'session.end', origin: '', detail: `a\r\nb\u0000c${'x'.repeat(300)}` });
    expect(out?.detail).toHaveLength(200);
    expect(out?.detail?.startsWith('a  b c')).toBe(true);
    expect(out?.detail?.endsWith('…')).toBe(true);
  });

  it('never throws, even on hostile objects', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('trap'); }, getPrototypeOf: () => Object.prototype });
    expect(sanitizeAuditInput(hostile)).toBeNull();
    const getter = { type: 'session.end', get origin(): string { throw new Error('getter'); } };
    expect(sanitizeAuditInput(getter)).toBeNull();
  });

  it('looksLikeSecret ignores short, lower-case and key-name strings', () => {
    expect(looksLikeSecret('tab-closed')).toBe(false);
    expect(looksLikeSecret('abcdefghijklmnopqrstuvwxyz-0123456789')).toBe(false);
    expect(looksLikeSecret(JS7_TOKEN)).toBe(true);
  });
});

describe('parseAuditRecord', () => {
  const good = { v: 1, id: '0123456789abcdef', seq: 7, ts: '2026-01-15T08:00:00.000Z', type: 'session.end', origin: 'https://a.example.com', reason: 'logout' };
  it('accepts a stored record and returns it in canonical order', () => {
    expect(parseAuditRecord(Object.fromEntries(Object.entries(good).reverse()))).toEqual(good);
    expect(Object.keys(parseAuditRecord(good) ?? {})).toEqual(['v', 'id', 'seq', 'ts', 'type', 'origin', 'reason']);
  });
  it('rejects wrong versions, ids, seqs, times, types and extra fields', () => {
    for (const patch of [{ v: 2 }, { id: 'XYZ' }, { seq: -1 }, { seq: 1.5 }, { ts: 'yesterday' }, { type: 'x' }, { origin: 'ftp://x' }, { detail: 'x'.repeat(201) }, { token: 'x' }, { fp: 'short' }]) {
      expect(parseAuditRecord({ ...good, ...patch }), JSON.stringify(patch)).toBeNull();
    }
  });
});
