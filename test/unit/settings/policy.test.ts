import { describe, expect, it } from 'vitest';
import { SAFEST, parsePolicy } from '../../../src/shared/settings/effective.ts';
import { CERT_PEM, KEY_PEM } from './fixtures.ts';

const SAFE_ALL = {
  rememberMe: { mode: 'forbid' },
  session: { logoutOnLastTabClose: true, closeGraceSeconds: 0, endOnLock: true },
  certificates: { pinServerCert: true, minRsaBits: 2048, warnDays: 30 },
};

describe('parsePolicy', () => {
  it('keeps a valid subset as is, with no errors', () => {
    const policy = { rememberMe: { mode: 'expire', expireAfterHours: 8 }, audit: { forward: { enabled: false } } };
    expect(parsePolicy(policy)).toEqual({ value: policy, errors: [] });
    expect(parsePolicy({})).toEqual({ value: {}, errors: [] });
  });

  it('falls back to SAFEST values for everything security-relevant when the policy is not an object', () => {
    for (const x of [null, 42, 'forbid', [], true, undefined]) {
      const r = parsePolicy(x);
      expect(r.value).toEqual(SAFE_ALL);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(/^policy: expected an object, got .*; using safest values$/);
    }
    // The returned value is a copy: mutating it cannot change SAFEST.
    const r = parsePolicy(null);
    if (r.value.rememberMe) r.value.rememberMe.mode = 'allow';
    expect(SAFEST.rememberMe.mode).toBe('forbid');
  });

  it('replaces an invalid security field by its safest value and reports it', () => {
    const r = parsePolicy({ rememberMe: { mode: 'Allow' }, session: { closeGraceSeconds: 9999, logoutOnLastTabClose: 'yes' } });
    expect(r.value).toEqual({ rememberMe: { mode: 'forbid' }, session: { closeGraceSeconds: 0, logoutOnLastTabClose: true } });
    expect(r.errors).toEqual([
      "rememberMe.mode: expected one of forbid, expire, allow, got 'Allow'; using safest value 'forbid'",
      'session.logoutOnLastTabClose: expected true or false, got \'yes\'; using safest value true',
      'session.closeGraceSeconds: expected an integer from 0 to 300, got 9999; using safest value 0',
    ]);
  });

  it('operator safety: a broken endOnLock means on; a broken idle or cap value is ignored (the user value stays)', () => {
    const r = parsePolicy({ session: { endOnLock: 'false', systemIdleMinutes: -1, maxHours: '8' } });
    expect(r.value).toEqual({ session: { endOnLock: true } });
    expect(r.errors).toEqual([
      "session.endOnLock: expected true or false, got 'false'; using safest value true",
      'session.systemIdleMinutes: expected an integer from 0 to 240, got -1; ignored',
      "session.maxHours: expected an integer from 0 to 168, got '8'; ignored",
    ]);
    expect(parsePolicy({ session: { endOnLock: false, systemIdleMinutes: 0, maxHours: 24 } })).toEqual({ value: { session: { endOnLock: false, systemIdleMinutes: 0, maxHours: 24 } }, errors: [] });
  });

  it('uses SAFEST for each certificate field', () => {
    const r = parsePolicy({ certificates: { pinServerCert: 0, minRsaBits: 100, warnDays: 'x' } });
    expect(r.value).toEqual({ certificates: { pinServerCert: true, minRsaBits: 2048, warnDays: 30 } });
    expect(r.errors).toHaveLength(3);
  });

  it('ignores an invalid field that has no safest value, and reports it', () => {
    const r = parsePolicy({ rememberMe: { expireAfterHours: 0 }, session: { idleMaxMinutes: 'soon' }, audit: { maxRecords: 5, forward: { url: 'ftp://x', batchSize: 5000 } } });
    expect(r.value).toEqual({});
    expect(r.errors.map((e) => e.split(':')[0])).toEqual([
      'rememberMe.expireAfterHours',
      'session.idleMaxMinutes',
      'audit.maxRecords',
      'audit.forward.url',
      'audit.forward.batchSize',
    ]);
    expect(r.errors.every((e) => e.endsWith('; ignored'))).toBe(true);
  });

  it('falls back for a whole group that is not an object', () => {
    const r = parsePolicy({ rememberMe: 'forbid', session: [], audit: 5 });
    expect(r.value).toEqual({ rememberMe: { mode: 'forbid' }, session: SAFE_ALL.session });
    expect(r.errors).toEqual([
      "rememberMe: expected an object, got 'forbid'; using safest values",
      'session: expected an object, got an array; using safest values',
      'audit: expected an object, got 5; ignored',
    ]);
  });

  it('reports unknown keys at every level and ignores them', () => {
    const r = parsePolicy({ RememberMe: { mode: 'allow' }, rememberMe: { mode: 'expire', hours: 2 }, audit: { forward: { token: 'x' } } });
    expect(r.value).toEqual({ rememberMe: { mode: 'expire' } });
    expect(r.errors).toEqual(['RememberMe: unknown key, ignored', 'rememberMe.hours: unknown key, ignored', 'audit.forward.token: unknown key, ignored']);
  });

  it('never turns an invalid mode into allow', () => {
    for (const mode of ['allow ', 'ALLOW', 'Allow', 1, true, null, ['allow'], { allow: true }, '']) {
      expect(parsePolicy({ rememberMe: { mode } }).value.rememberMe?.mode).toBe('forbid');
    }
  });

  it('repairs origin entries one by one: a bad origin is dropped, other bad fields become safe', () => {
    const r = parsePolicy({
      origins: [
        { origin: 'HTTPS://A.example.com:443', label: 'A', generation: 'js7', rememberMe: 'default' },
        { origin: 'https://b.example.com', label: 7, generation: '2.x', rememberMe: 'always', extra: true },
        { origin: 'javascript:alert(1)', label: 'evil', generation: 'auto', rememberMe: 'allow' },
        { origin: 'https://a.example.com', label: 'dup', generation: 'auto', rememberMe: 'allow' },
        'https://c.example.com',
      ],
    });
    expect(r.value.origins).toEqual([
      { origin: 'https://a.example.com', label: 'A', generation: 'js7', rememberMe: 'default' },
      { origin: 'https://b.example.com', label: '', generation: 'auto', rememberMe: 'forbid' },
    ]);
    expect(r.errors.some((e) => e.startsWith("origins[2].origin: scheme 'javascript:' is not allowed"))).toBe(true);
    expect(r.errors).toContain('origins[3]: duplicate origin, dropped');
    expect(r.errors.some((e) => e.startsWith('origins[4]: expected an object'))).toBe(true);
    expect(r.errors.some((e) => e.startsWith('origins[1].extra: unknown key'))).toBe(true);
  });

  it('drops client certificates and CA entries that are not public certificates', () => {
    const r = parsePolicy({
      certificates: {
        client: [
          { origin: 'https://a.example.com', label: 'ok', pem: CERT_PEM },
          { origin: 'https://a.example.com', label: 'key', pem: KEY_PEM },
        ],
        caPem: [CERT_PEM, KEY_PEM, 42],
      },
    });
    expect(r.value.certificates?.client).toEqual([{ origin: 'https://a.example.com', label: 'ok', pem: CERT_PEM }]);
    expect(r.value.certificates?.caPem).toEqual([CERT_PEM]);
    expect(r.errors).toHaveLength(3);
    expect(r.errors.join('\n')).not.toContain('MIIE');
  });

  it('ignores a list that is not a list', () => {
    const r = parsePolicy({ origins: 'https://a.example.com', certificates: { caPem: CERT_PEM } });
    expect(r.value).toEqual({});
    expect(r.errors).toHaveLength(2);
  });

  it('accepts version 1 and reports any other version', () => {
    expect(parsePolicy({ version: 1 })).toEqual({ value: { version: 1 }, errors: [] });
    expect(parsePolicy({ version: 2 }).errors).toEqual(['version: expected 1, got 2; ignored']);
  });
});
