import { describe, expect, it } from 'vitest';
import { BOUNDS, SAFEST, defaultSettings, validateSettings } from '../../../src/shared/settings/effective.ts';
import { CERT_PEM, KEY_PEM, fullSettings, loose } from './fixtures.ts';

/** Settings with one field replaced, addressed by a dotted path. */
function withValue(path: string, value: unknown, base = fullSettings()): unknown {
  const root = loose(base);
  const keys = path.split('.');
  let cur: Record<string, unknown> = root;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[keys.at(-1) ?? ''] = value;
  return root;
}

function errorsFor(input: unknown): string[] {
  const r = validateSettings(input);
  return r.ok ? [] : r.errors;
}

describe('validateSettings: valid input', () => {
  it('accepts the defaults and a fully populated object', () => {
    expect(validateSettings(defaultSettings())).toEqual({ ok: true, value: defaultSettings() });
    expect(validateSettings(fullSettings())).toEqual({ ok: true, value: fullSettings() });
  });

  it('has the documented defaults', () => {
    const d = defaultSettings();
    expect(d.rememberMe).toEqual({ mode: 'forbid', expireAfterHours: 72 });
    expect(d.session).toEqual({ idleMaxMinutes: 0, logoutOnLastTabClose: true, closeGraceSeconds: 0, endOnLock: true, systemIdleMinutes: 15, maxHours: 12 });
    expect(d.certificates).toEqual({ client: [], caPem: [], warnDays: 30, minRsaBits: 2048, pinServerCert: true });
    expect(d.audit).toEqual({ maxRecords: 5000, forward: { enabled: false, url: '', authHeader: '', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' } });
    expect(defaultSettings()).not.toBe(defaultSettings());
  });

  it('normalises origins on the way in', () => {
    const r = validateSettings(withValue('origins', [{ origin: 'HTTPS://JOC.example.com:443/', label: '', generation: 'auto', rememberMe: 'default' }]));
    expect(r.ok && r.value.origins[0]?.origin).toBe('https://joc.example.com');
  });

  it('accepts every boundary value', () => {
    const pairs: [string, readonly [number, number]][] = [
      ['rememberMe.expireAfterHours', BOUNDS.expireAfterHours],
      ['session.idleMaxMinutes', BOUNDS.idleMaxMinutes],
      ['session.closeGraceSeconds', BOUNDS.closeGraceSeconds],
      ['session.systemIdleMinutes', BOUNDS.systemIdleMinutes],
      ['session.maxHours', BOUNDS.maxHours],
      ['certificates.warnDays', BOUNDS.warnDays],
      ['certificates.minRsaBits', BOUNDS.minRsaBits],
      ['audit.maxRecords', BOUNDS.maxRecords],
      ['audit.forward.batchSize', BOUNDS.batchSize],
    ];
    for (const [path, [min, max]] of pairs) {
      expect(errorsFor(withValue(path, min)), path).toEqual([]);
      expect(errorsFor(withValue(path, max)), path).toEqual([]);
      expect(errorsFor(withValue(path, min - 1))[0], path).toBe(`${path}: expected an integer from ${min} to ${max}, got ${min - 1}`);
      expect(errorsFor(withValue(path, max + 1))[0], path).toBe(`${path}: expected an integer from ${min} to ${max}, got ${max + 1}`);
    }
  });

  it('SAFEST names the documented values and is frozen', () => {
    expect(SAFEST).toEqual({
      rememberMe: { mode: 'forbid' },
      session: { logoutOnLastTabClose: true, closeGraceSeconds: 0, endOnLock: true },
      certificates: { pinServerCert: true, minRsaBits: 2048, warnDays: 30 },
    });
    expect(Object.isFrozen(SAFEST.rememberMe)).toBe(true);
  });
});

describe('validateSettings: errors name the path', () => {
  it('uses the documented message format', () => {
    expect(errorsFor(withValue('rememberMe.mode', 'maybe'))).toEqual(["rememberMe.mode: expected one of forbid, expire, allow, got 'maybe'"]);
  });

  const cases: [string, unknown, RegExp][] = [
    ['version', 2, /^version: expected 1, got 2$/],
    ['origins', 'https://joc.example.com', /^origins: expected a list/],
    ['rememberMe', 'forbid', /^rememberMe: expected an object, got 'forbid'$/],
    ['rememberMe.mode', 'ALLOW', /^rememberMe.mode: expected one of/],
    ['rememberMe.mode', null, /got null$/],
    ['rememberMe.expireAfterHours', '72', /^rememberMe.expireAfterHours: expected an integer from 1 to 8760, got '72'$/],
    ['rememberMe.expireAfterHours', 1.5, /got 1.5$/],
    ['rememberMe.expireAfterHours', Number.NaN, /expected an integer/],
    ['session.idleMaxMinutes', true, /^session.idleMaxMinutes: expected an integer/],
    ['session.logoutOnLastTabClose', 'true', /^session.logoutOnLastTabClose: expected true or false, got 'true'$/],
    ['session.logoutOnLastTabClose', 1, /expected true or false, got 1$/],
    ['session.closeGraceSeconds', -1, /^session.closeGraceSeconds: expected an integer from 0 to 300/],
    ['session.endOnLock', 'on', /^session.endOnLock: expected true or false, got 'on'$/],
    ['session.systemIdleMinutes', 1.5, /^session.systemIdleMinutes: expected an integer from 0 to 240, got 1.5$/],
    ['session.maxHours', 169, /^session.maxHours: expected an integer from 0 to 168, got 169$/],
    ['session.maxHours', null, /^session.maxHours: expected an integer from 0 to 168, got null$/],
    ['certificates.client', {}, /^certificates.client: expected a list, got an object$/],
    ['certificates.caPem', ['not a pem'], /^certificates.caPem\[0\]: expected a PEM certificate/],
    ['certificates.caPem', [KEY_PEM], /^certificates.caPem\[0\]: must be a public certificate; private keys are never accepted$/],
    ['certificates.warnDays', 0, /^certificates.warnDays:/],
    ['certificates.minRsaBits', 512, /^certificates.minRsaBits:/],
    ['certificates.pinServerCert', null, /^certificates.pinServerCert: expected true or false/],
    ['audit.maxRecords', 99, /^audit.maxRecords:/],
    ['audit.forward', [], /^audit.forward: expected an object, got an array$/],
    ['audit.forward.enabled', 'yes', /^audit.forward.enabled:/],
    ['audit.forward.url', 'ftp://siem.example.com', /^audit.forward.url: must be an https:\/\/ URL/],
    ['audit.forward.url', 'https://user:pw@siem.example.com/', /^audit.forward.url: must not contain a user name or password/],
    ['audit.forward.authHeader', 'Bearer a\r\nX-Evil: 1', /^audit.forward.authHeader: must contain printable ASCII/],
    ['audit.forward.authHeader', 'x'.repeat(4097), /^audit.forward.authHeader: must be at most 4096 characters$/],
    ['audit.forward.batchSize', 0, /^audit.forward.batchSize:/],
    ['audit.forward.format', 'elastic', /^audit.forward.format: expected one of joc-guard, elastic-bulk, splunk-hec, otlp-http, got 'elastic'$/],
    ['audit.forward.format', null, /^audit.forward.format: expected one of/],
    ['audit.forward.index', 'Audit', /^audit.forward.index: expected an Elasticsearch index name/],
    ['audit.forward.index', '_hidden', /^audit.forward.index: expected an Elasticsearch index name/],
    ['audit.forward.index', 'a b', /^audit.forward.index: expected an Elasticsearch index name/],
    ['audit.forward.index', 'a/../b', /^audit.forward.index: expected an Elasticsearch index name/],
    ['audit.forward.index', '', /^audit.forward.index: expected an Elasticsearch index name/],
    ['audit.forward.index', 'x'.repeat(256), /^audit.forward.index: expected an Elasticsearch index name/],
    ['audit.forward.index', 7, /^audit.forward.index: expected an index name, got 7$/],
  ];
  for (const [path, value, re] of cases) {
    it(`${path} = ${JSON.stringify(value)?.slice(0, 30) ?? String(value)}`, () => {
      const errors = errorsFor(withValue(path, value));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((e) => re.test(e)), errors.join('\n')).toBe(true);
    });
  }

  it('never echoes an authHeader or PEM body', () => {
    const secret = 'Bearer sup3r-s3cret\n';
    expect(errorsFor(withValue('audit.forward.authHeader', secret)).join()).not.toContain('s3cret');
    expect(errorsFor(withValue('certificates.caPem', [KEY_PEM])).join()).not.toContain('MIIE');
  });

  it('reports unknown and missing keys at every level', () => {
    const input = loose();
    input.extra = 1;
    input.rememberMe.hours = 5;
    delete input.session.idleMaxMinutes;
    input.audit.forward = { ...(input.audit.forward as object), token: 'x' };
    expect(errorsFor(input).sort()).toEqual(['audit.forward.token: unknown key', 'extra: unknown key', 'rememberMe.hours: unknown key', 'session.idleMaxMinutes: missing']);
  });

  it('rejects non-objects at the root', () => {
    for (const x of [null, undefined, 42, 'x', [], true]) expect(errorsFor(x)[0]).toMatch(/^settings: expected an object/);
  });

  it('checks each origin entry and rejects duplicates', () => {
    const o = { origin: 'https://joc.example.com', label: 'a', generation: 'auto', rememberMe: 'default' };
    expect(errorsFor(withValue('origins', [o, { ...o, origin: 'https://JOC.example.com:443' }]))).toEqual(["origins: duplicate origin 'https://joc.example.com' at entry 1"]);
    expect(errorsFor(withValue('origins', [{ ...o, origin: 'https://joc.example.com/joc' }]))[0]).toMatch(/^origins\[0\]\.origin: must be an origin only/);
    expect(errorsFor(withValue('origins', [{ ...o, generation: '2.x' }]))[0]).toBe("origins[0].generation: expected one of auto, js7, 1.x, got '2.x'");
    expect(errorsFor(withValue('origins', [{ ...o, rememberMe: 'never' }]))[0]).toMatch(/^origins\[0\]\.rememberMe: expected one of forbid, expire, allow, default/);
    expect(errorsFor(withValue('origins', [{ ...o, label: 'x'.repeat(101) }]))[0]).toMatch(/^origins\[0\]\.label: expected at most 100/);
    expect(errorsFor(withValue('origins', [{ ...o, label: 'a\nb' }]))[0]).toMatch(/control characters/);
    expect(errorsFor(withValue('origins', [{ ...o, extra: 1 }]))).toEqual(['origins[0].extra: unknown key']);
    expect(errorsFor(withValue('origins', Array.from({ length: 101 }, (_, i) => ({ ...o, origin: `https://h${i}.example.com` })))))
      .toEqual(['origins: at most 100 entries are allowed']);
  });

  it('checks client certificate entries: one public certificate each', () => {
    const c = { origin: 'https://joc.example.com', label: 'me', pem: CERT_PEM };
    expect(errorsFor(withValue('certificates.client', [c]))).toEqual([]);
    expect(errorsFor(withValue('certificates.client', [{ ...c, pem: `${CERT_PEM}\n${CERT_PEM}` }]))[0]).toMatch(/exactly one certificate, got 2/);
    expect(errorsFor(withValue('certificates.client', [{ ...c, pem: `${CERT_PEM}\n${KEY_PEM}` }]))[0]).toMatch(/private keys are never accepted/);
    expect(errorsFor(withValue('certificates.client', [{ ...c, origin: 'javascript:x' }]))[0]).toMatch(/^certificates.client\[0\]\.origin:/);
  });

  it('requires an https:// collector URL only when forwarding is enabled', () => {
    const off = loose();
    off.audit.forward = { enabled: false, url: 'http://siem.example.com', authHeader: '', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };
    expect(errorsFor(off)).toEqual([]);
    const on = loose();
    on.audit.forward = { enabled: true, url: 'http://siem.example.com', authHeader: '', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };
    expect(errorsFor(on)).toEqual(['audit.forward.url: must be an https:// URL when forwarding is enabled']);
    on.audit.forward = { enabled: true, url: '', authHeader: '', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };
    expect(errorsFor(on)).toEqual(['audit.forward.url: must be an https:// URL when forwarding is enabled']);
  });

  it('reports every error at once', () => {
    const bad = loose();
    bad.rememberMe = { mode: 'maybe', expireAfterHours: 0 };
    bad.session = { idleMaxMinutes: -5, logoutOnLastTabClose: 'no', closeGraceSeconds: 301, endOnLock: 1, systemIdleMinutes: -1, maxHours: '12' };
    expect(errorsFor(bad)).toHaveLength(8);
  });
});
