// Issue 15.4: what counts as weakening protection under a managed policy, and
// the one audit record it produces.
import { describe, expect, it } from 'vitest';
import { sanitizeAuditInput } from '../../../src/shared/audit/record.ts';
import { defaultSettings, effectiveSettings, type Settings } from '../../../src/shared/settings/effective.ts';
import {
  SECURITY_PATHS,
  patternCovers,
  revokedAccess,
  securityManaged,
  weakenedPaths,
  weakenedRecord,
  weakenings,
  type Weakening,
} from '../../../src/shared/settings/weakening.ts';
import { CERT_PEM } from './fixtures.ts';

const A = 'https://a.example.com:4443';
const B = 'https://b.example.com';

function base(): Settings {
  const s = defaultSettings();
  s.origins = [
    { origin: A, label: 'A', generation: 'js7', rememberMe: 'default' },
    { origin: B, label: 'B', generation: '1.x', rememberMe: 'forbid' },
  ];
  s.session = { idleMaxMinutes: 30, logoutOnLastTabClose: true, closeGraceSeconds: 5, endOnLock: true, systemIdleMinutes: 15, maxHours: 10 };
  s.rememberMe = { mode: 'expire', expireAfterHours: 24 };
  s.audit.forward = { enabled: true, url: 'https://siem.example.com/in', authHeader: 'Bearer s3cr3tTokenValue0123456789', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };
  return s;
}

const MANAGED = ['certificates.pinServerCert'];

const cases: [string, (s: Settings) => void, Weakening[]][] = [
  ['nothing changed', () => undefined, []],
  ['an origin removed', (s) => void (s.origins = s.origins.slice(1)), [{ path: 'origins', change: 'removed', origin: A }]],
  ['an origin added', (s) => void s.origins.push({ origin: 'https://c.example.com', label: '', generation: 'auto', rememberMe: 'default' }), []],
  ['a label renamed', (s) => void (s.origins[0] = { ...s.origins[0]!, label: 'new' }), []],
  ['audit.maxRecords lowered', (s) => void (s.audit.maxRecords = 100), [{ path: 'audit.maxRecords', change: 'lowered' }]],
  ['audit.maxRecords raised', (s) => void (s.audit.maxRecords = 9000), []],
  ['Remember Me mode loosened', (s) => void (s.rememberMe.mode = 'allow'), [{ path: 'rememberMe.mode', change: 'loosened' }]],
  ['Remember Me mode tightened', (s) => void (s.rememberMe.mode = 'forbid'), []],
  ['per-origin override loosened', (s) => void (s.origins[1] = { ...s.origins[1]!, rememberMe: 'allow' }), [{ path: 'origins[].rememberMe', change: 'loosened', origin: B }]],
  ['per-origin override to default (expire, weaker than forbid)', (s) => void (s.origins[1] = { ...s.origins[1]!, rememberMe: 'default' }), [{ path: 'origins[].rememberMe', change: 'loosened', origin: B }]],
  ['per-origin override tightened', (s) => void (s.origins[0] = { ...s.origins[0]!, rememberMe: 'forbid' }), []],
  ['expire hours raised while expire is used', (s) => void (s.rememberMe.expireAfterHours = 48), [{ path: 'rememberMe.expireAfterHours', change: 'raised' }]],
  ['idle maximum raised', (s) => void (s.session.idleMaxMinutes = 60), [{ path: 'session.idleMaxMinutes', change: 'raised' }]],
  ['idle maximum set to 0 (server timeout)', (s) => void (s.session.idleMaxMinutes = 0), [{ path: 'session.idleMaxMinutes', change: 'raised' }]],
  ['idle maximum lowered', (s) => void (s.session.idleMaxMinutes = 10), []],
  ['logout on last tab close off', (s) => void (s.session.logoutOnLastTabClose = false), [{ path: 'session.logoutOnLastTabClose', change: 'off' }]],
  ['grace raised', (s) => void (s.session.closeGraceSeconds = 60), [{ path: 'session.closeGraceSeconds', change: 'raised' }]],
  ['grace lowered', (s) => void (s.session.closeGraceSeconds = 0), []],
  ['end on screen lock off', (s) => void (s.session.endOnLock = false), [{ path: 'session.endOnLock', change: 'off' }]],
  ['system idle raised', (s) => void (s.session.systemIdleMinutes = 60), [{ path: 'session.systemIdleMinutes', change: 'raised' }]],
  ['system idle off (0)', (s) => void (s.session.systemIdleMinutes = 0), [{ path: 'session.systemIdleMinutes', change: 'raised' }]],
  ['system idle lowered', (s) => void (s.session.systemIdleMinutes = 5), []],
  ['session cap raised', (s) => void (s.session.maxHours = 24), [{ path: 'session.maxHours', change: 'raised' }]],
  ['session cap off (0)', (s) => void (s.session.maxHours = 0), [{ path: 'session.maxHours', change: 'raised' }]],
  ['session cap lowered', (s) => void (s.session.maxHours = 4), []],
  ['a CA added', (s) => void (s.certificates.caPem = [CERT_PEM]), [{ path: 'certificates.caPem', change: 'added' }]],
  ['warning days lowered', (s) => void (s.certificates.warnDays = 7), [{ path: 'certificates.warnDays', change: 'lowered' }]],
  ['min RSA bits lowered', (s) => void (s.certificates.minRsaBits = 1024), [{ path: 'certificates.minRsaBits', change: 'lowered' }]],
  ['forwarding disabled', (s) => void (s.audit.forward.enabled = false), [{ path: 'audit.forward.enabled', change: 'off' }]],
  ['forwarding URL changed', (s) => void (s.audit.forward.url = 'https://elsewhere.example.com/in'), [{ path: 'audit.forward.url', change: 'changed' }]],
  ['forwarding credential changed', (s) => void (s.audit.forward.authHeader = 'Bearer other'), [{ path: 'audit.forward.authHeader', change: 'changed' }]],
  ['forwarding batch size changed', (s) => void (s.audit.forward.batchSize = 1), []],
  ['client certificate registered', (s) => void (s.certificates.client = [{ origin: A, label: '', pem: CERT_PEM }]), []],
  [
    'several at once',
    (s) => {
      s.origins = [];
      s.audit.maxRecords = 100;
    },
    [
      { path: 'origins', change: 'removed', origin: A },
      { path: 'origins', change: 'removed', origin: B },
      { path: 'audit.maxRecords', change: 'lowered' },
    ],
  ],
];

describe('weakenings', () => {
  for (const [name, edit, expected] of cases) {
    it(`${name} (a security field managed)`, () => {
      const after = base();
      edit(after);
      expect(weakenings({ settings: base(), locked: MANAGED }, after)).toEqual(expected);
    });
  }

  it('expire hours raised while no origin uses expire is not a weakening', () => {
    const b = base();
    b.rememberMe.mode = 'forbid';
    const a = structuredClone(b);
    a.rememberMe.expireAfterHours = 500;
    expect(weakenings({ settings: b, locked: MANAGED }, a)).toEqual([]);
  });

  it('changes of forwarding that was off are not weakenings', () => {
    const b = base();
    b.audit.forward.enabled = false;
    const a = structuredClone(b);
    a.audit.forward.url = '';
    expect(weakenings({ settings: b, locked: MANAGED }, a)).toEqual([]);
  });

  it('nothing is recorded when no security field is managed', () => {
    const a = base();
    a.origins = [];
    a.session.logoutOnLastTabClose = false;
    for (const locked of [[], ['certificates.client'], ['audit.forward.batchSize', 'version']]) {
      expect(weakenings({ settings: base(), locked }, a)).toEqual([]);
    }
  });
});

describe('securityManaged', () => {
  it('is true for each security path and false otherwise', () => {
    for (const p of SECURITY_PATHS) expect(securityManaged([p])).toBe(true);
    expect(securityManaged([])).toBe(false);
    expect(securityManaged(['certificates.client', 'audit.forward.batchSize'])).toBe(false);
    expect(securityManaged(['rememberMe'])).toBe(false); // paths are leaves, not groups
  });

  it('follows what effectiveSettings locks, including the safest values of a broken policy', () => {
    expect(securityManaged(effectiveSettings({}, { rememberMe: { mode: 'forbid' } }).locked)).toBe(true);
    expect(securityManaged(effectiveSettings({}, { session: 'nope' }).locked)).toBe(true);
    expect(securityManaged(effectiveSettings({}, { audit: { forward: { batchSize: 10 } } }).locked)).toBe(false);
    expect(securityManaged(effectiveSettings({}, undefined).locked)).toBe(false);
  });
});

describe('revokedAccess', () => {
  const eff = { settings: base(), locked: MANAGED };
  const table: [string[], string[]][] = [
    [['https://a.example.com/*'], [A]],
    [['https://b.example.com/*', 'https://a.example.com/*'], [A, B]],
    [['*://a.example.com/*'], [A]],
    [['https://*.example.com/*'], [A, B]],
    [['<all_urls>'], [A, B]],
    [['*://*/*'], [A, B]],
    [['http://a.example.com/*'], []],
    [['https://c.example.com/*'], []],
    [['https://xa.example.com/*'], []],
    [['https://*.a.example.com/*'], [A]],
    [[], []],
    [['not a pattern', ''], []],
  ];
  for (const [removed, origins] of table) {
    it(`${JSON.stringify(removed)} → ${JSON.stringify(origins)}`, () => {
      expect(revokedAccess(eff, removed).map((w) => w.origin)).toEqual(origins);
    });
  }

  it('is empty when no security field is managed', () => {
    expect(revokedAccess({ settings: base(), locked: [] }, ['<all_urls>'])).toEqual([]);
  });

  it('patternCovers never throws on junk', () => {
    for (const p of ['', '*', 'https://', 'https:///', 'ftp://a.example.com/*', 'https://a.example.com']) expect(typeof patternCovers(p, A)).toBe('boolean');
    expect(patternCovers('https://a.example.com/*', 'not an origin')).toBe(false);
  });
});

describe('weakenedRecord', () => {
  it('is null for no weakenings', () => {
    expect(weakenedRecord([], 'user')).toBeNull();
  });

  it('names fields and the origin, and is a valid audit input', () => {
    const r = weakenedRecord([{ path: 'origins', change: 'removed', origin: A }, { path: 'audit.maxRecords', change: 'lowered' }], 'user');
    expect(r).toEqual({ type: 'policy.weakened', origin: A, reason: 'user', detail: `origins ${A} removed; audit.maxRecords lowered` });
    expect(sanitizeAuditInput(r)).toEqual(r);
  });

  it('leaves origin empty when several origins are named, and caps the detail', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ path: 'host-access', change: 'revoked' as const, origin: `https://host${i}.example.com` }));
    const r = weakenedRecord(many, 'host-access');
    expect(r?.origin).toBe('');
    expect(r?.detail?.length).toBeLessThanOrEqual(200);
    expect(sanitizeAuditInput(r)).not.toBeNull();
  });

  it('never carries a value (the forwarding credential, a URL)', () => {
    const a = base();
    a.audit.forward = { enabled: false, url: 'https://evil.example.com/x', authHeader: 'Bearer changedSecretValue987654321', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };
    const text = JSON.stringify(weakenedRecord(weakenings({ settings: base(), locked: MANAGED }, a), 'user'));
    expect(text).not.toContain('Bearer');
    expect(text).not.toContain('siem.example.com');
    expect(text).not.toContain('evil.example.com');
  });

  it('weakenedPaths lists each field once', () => {
    expect(weakenedPaths(cases.at(-1)?.[2] ?? [])).toEqual(['origins', 'audit.maxRecords']);
  });
});
