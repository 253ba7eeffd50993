import { describe, expect, it } from 'vitest';
import {
  LOCKABLE_PATHS,
  applyUserEdit,
  defaultSettings,
  diffSettings,
  effectiveSettings,
  isConfiguredOrigin,
  modeForOrigin,
  type Settings,
} from '../../../src/shared/settings/effective.ts';
import { CERT_PEM, fullSettings, loose } from './fixtures.ts';

const A = 'https://a.example.com';
const B = 'https://b.example.com';
const origin = (o: string, rememberMe: Settings['origins'][number]['rememberMe'] = 'default') => ({ origin: o, label: '', generation: 'auto' as const, rememberMe });

function userWith(edit: (s: Settings) => void): Settings {
  const s = defaultSettings();
  edit(s);
  return s;
}

describe('effectiveSettings', () => {
  it('uses the user settings when there is no policy', () => {
    const e = effectiveSettings(fullSettings(), undefined);
    expect(e).toEqual({ settings: fullSettings(), locked: [], errors: [], managed: false, user: fullSettings() });
  });

  it('treats a missing or empty user object as a fresh install (defaults, no errors)', () => {
    for (const u of [undefined, null, {}]) expect(effectiveSettings(u, undefined)).toMatchObject({ settings: defaultSettings(), errors: [] });
  });

  it('repairs invalid user settings field by field and never throws', () => {
    const u = loose(fullSettings());
    u.rememberMe.mode = 'sometimes';
    (u as Record<string, unknown>).session = 'broken';
    const e = effectiveSettings(u, undefined);
    expect(e.settings.rememberMe).toEqual({ mode: 'forbid', expireAfterHours: 24 });
    expect(e.settings.session).toEqual(defaultSettings().session);
    expect(e.settings.origins).toEqual(fullSettings().origins);
    expect(e.errors).toEqual([
      "user settings: rememberMe.mode: expected one of forbid, expire, allow, got 'sometimes'; using default 'forbid'",
      "user settings: session: expected an object, got 'broken'; using defaults",
    ]);
    for (const garbage of [42, 'x', [], true]) {
      const g = effectiveSettings(garbage, undefined);
      expect(g.settings).toEqual(defaultSettings());
      expect(g.errors).toEqual([expect.stringMatching(/^user settings: settings: expected an object/)]);
    }
  });

  it('lets managed values win field by field and locks exactly those paths', () => {
    const e = effectiveSettings(fullSettings(), { rememberMe: { mode: 'forbid' }, audit: { forward: { batchSize: 500 } } });
    expect(e.managed).toBe(true);
    expect(e.locked).toEqual(['rememberMe.mode', 'audit.forward.batchSize']);
    expect(e.settings.rememberMe).toEqual({ mode: 'forbid', expireAfterHours: 24 });
    expect(e.settings.audit.forward).toEqual({ ...fullSettings().audit.forward, batchSize: 500 });
    expect(e.user).toEqual(fullSettings());
  });

  it('replaces user arrays with managed arrays', () => {
    const e = effectiveSettings(fullSettings(), { origins: [origin(B)], certificates: { caPem: [] } });
    expect(e.settings.origins).toEqual([origin(B)]);
    expect(e.settings.certificates.caPem).toEqual([]);
    expect(e.settings.certificates.client).toEqual(fullSettings().certificates.client);
    expect(e.locked).toEqual(['origins', 'certificates.caPem']);
  });

  it('an empty policy object means no policy', () => {
    expect(effectiveSettings(fullSettings(), {})).toMatchObject({ managed: false, locked: [], settings: fullSettings() });
  });

  it('a malformed policy locks the safest values and reports', () => {
    const e = effectiveSettings(userWith((s) => (s.rememberMe.mode = 'allow')), 'garbage');
    expect(e.managed).toBe(true);
    expect(e.settings.rememberMe.mode).toBe('forbid');
    expect(e.settings.session.logoutOnLastTabClose).toBe(true);
    expect(e.locked).toEqual([
      'rememberMe.mode',
      'session.logoutOnLastTabClose',
      'session.closeGraceSeconds',
      'session.endOnLock',
      'certificates.warnDays',
      'certificates.minRsaBits',
      'certificates.pinServerCert',
    ]);
    expect(e.errors[0]).toMatch(/^managed policy: policy: expected an object/);
  });

  it('a user per-origin override cannot undo a locked Remember Me mode', () => {
    const user = userWith((s) => (s.origins = [origin(A, 'allow'), origin(B, 'forbid')]));
    const e = effectiveSettings(user, { rememberMe: { mode: 'expire' } });
    expect(e.settings.origins.map((o) => o.rememberMe)).toEqual(['default', 'forbid']);
    expect(modeForOrigin(e.settings, A)).toBe('expire');
    expect(modeForOrigin(e.settings, B)).toBe('forbid');
    expect(e.errors).toContain("origins[0].rememberMe: 'allow' ignored; the managed policy sets Remember Me to 'expire'");
    // The administrator's own per-origin exceptions stand.
    const adm = effectiveSettings(user, { rememberMe: { mode: 'forbid' }, origins: [origin(A, 'allow')] });
    expect(modeForOrigin(adm.settings, A)).toBe('allow');
  });

  it('switches forwarding off when enabled without an https URL', () => {
    const e = effectiveSettings(userWith((s) => (s.audit.forward.url = 'http://siem.example.com')), { audit: { forward: { enabled: true } } });
    expect(e.settings.audit.forward.enabled).toBe(false);
    expect(e.errors).toContain('audit.forward.url: must be an https:// URL when forwarding is enabled; forwarding disabled');
  });
});

describe('modeForOrigin / isConfiguredOrigin', () => {
  const s = userWith((x) => {
    x.rememberMe.mode = 'expire';
    x.origins = [origin(A, 'allow'), origin('https://b.example.com:8443')];
  });
  it('uses the per-origin mode, else the global one', () => {
    expect(modeForOrigin(s, A)).toBe('allow');
    expect(modeForOrigin(s, 'https://b.example.com:8443')).toBe('expire');
    expect(modeForOrigin(s, 'https://unknown.example.com')).toBe('expire');
  });
  it('normalises the origin it is asked about', () => {
    expect(isConfiguredOrigin(s, 'HTTPS://A.example.com:443')).toBe(true);
    expect(modeForOrigin(s, 'https://A.EXAMPLE.COM/')).toBe('allow');
    expect(isConfiguredOrigin(s, 'https://b.example.com')).toBe(false);
    expect(isConfiguredOrigin(s, 'not an origin')).toBe(false);
  });
});

describe('applyUserEdit', () => {
  const managed = { rememberMe: { mode: 'forbid' }, session: { idleMaxMinutes: 15 } };
  const current = effectiveSettings(fullSettings(), managed);

  it('applies an edit to unlocked fields on top of the user settings (not the policy values)', () => {
    const r = applyUserEdit(current, { session: { closeGraceSeconds: 60 } });
    expect(r).toEqual({ ok: true, user: { ...fullSettings(), session: { ...fullSettings().session, closeGraceSeconds: 60 } } });
  });

  it('rejects a change to a locked path with a clear error', () => {
    expect(applyUserEdit(current, { rememberMe: { mode: 'allow' } })).toEqual({
      ok: false,
      errors: ["rememberMe.mode: set by your administrator's policy; it cannot be changed"],
    });
    expect(applyUserEdit(current, { session: { idleMaxMinutes: 0, closeGraceSeconds: 5 } })).toEqual({
      ok: false,
      errors: ["session.idleMaxMinutes: set by your administrator's policy; it cannot be changed"],
    });
  });

  it('accepts a form that re-sends the enforced value unchanged', () => {
    const r = applyUserEdit(current, { ...current.settings, session: { ...current.settings.session, closeGraceSeconds: 1 } });
    expect(r.ok).toBe(true);
    // The user's own stored value is kept, not overwritten with the policy value.
    expect(r.ok && r.user.rememberMe.mode).toBe('expire');
    expect(r.ok && r.user.session.idleMaxMinutes).toBe(30);
  });

  it('rejects a per-origin override weaker than a locked mode', () => {
    const r = applyUserEdit(current, { origins: [origin(A, 'expire')] });
    expect(r).toEqual({ ok: false, errors: ["origins[0].rememberMe: 'expire' is weaker than the Remember Me mode 'forbid' set by your administrator's policy"] });
    expect(applyUserEdit(current, { origins: [origin(A, 'forbid'), origin(B)] }).ok).toBe(true);
  });

  it('validates the result and reports invalid, unknown and non-object fields', () => {
    expect(applyUserEdit(current, { session: { closeGraceSeconds: 301 } })).toEqual({ ok: false, errors: ['session.closeGraceSeconds: expected an integer from 0 to 300, got 301'] });
    const bad = { sesion: { closeGraceSeconds: 1 }, audit: 'x' } as unknown as Parameters<typeof applyUserEdit>[1];
    expect(applyUserEdit(current, bad)).toEqual({ ok: false, errors: ['sesion: unknown key', "audit: expected an object, got 'x'"] });
    expect(applyUserEdit(current, null as unknown as Parameters<typeof applyUserEdit>[1])).toMatchObject({ ok: false });
    expect(applyUserEdit(current, { audit: { forward: { enabled: true, url: 'http://x.example.com' } } })).toEqual({
      ok: false,
      errors: ['audit.forward.url: must be an https:// URL when forwarding is enabled'],
    });
  });

  it('replaces arrays as a whole and normalises origins', () => {
    const r = applyUserEdit(effectiveSettings(fullSettings(), undefined), { origins: [origin('HTTPS://C.example.com:443/')], certificates: { caPem: [CERT_PEM] } });
    expect(r.ok && r.user.origins).toEqual([origin('https://c.example.com')]);
    expect(r.ok && r.user.certificates.caPem).toEqual([CERT_PEM]);
  });
});

describe('diffSettings', () => {
  it('lists changed leaf paths only', () => {
    const a = fullSettings();
    const b = fullSettings();
    expect(diffSettings(a, b)).toEqual([]);
    b.rememberMe.mode = 'allow';
    b.origins[1] = origin('https://z.example.com');
    b.audit.forward.authHeader = 'Bearer other-secret';
    b.certificates.client = [];
    expect(diffSettings(a, b)).toEqual(['origins', 'rememberMe.mode', 'certificates.client', 'audit.forward.authHeader']);
  });

  it('never includes values (authHeader, pem bodies)', () => {
    const b = fullSettings();
    b.audit.forward.authHeader = 'Bearer s3cret';
    b.certificates.caPem = [];
    const out = diffSettings(fullSettings(), b).join(' ');
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('BEGIN');
  });

  it('knows every lockable path', () => {
    expect(LOCKABLE_PATHS).toEqual([
      'origins',
      'rememberMe.mode',
      'rememberMe.expireAfterHours',
      'session.idleMaxMinutes',
      'session.logoutOnLastTabClose',
      'session.closeGraceSeconds',
      'session.endOnLock',
      'session.systemIdleMinutes',
      'session.maxHours',
      'certificates.client',
      'certificates.caPem',
      'certificates.warnDays',
      'certificates.minRsaBits',
      'certificates.pinServerCert',
      'audit.maxRecords',
      'audit.forward.enabled',
      'audit.forward.url',
      'audit.forward.authHeader',
      'audit.forward.batchSize',
      'audit.forward.format',
      'audit.forward.index',
    ]);
  });
});
