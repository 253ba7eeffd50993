// The popup's view is a pure function of the facts the background reads.
import { describe, expect, it } from 'vitest';
import { PopupStateSchema } from '../../../src/shared/popup/state.ts';
import { popupView, type CertView, type PopupFacts } from '../../../src/shared/popup/view-model.ts';
import { badgeFor, shownBadge, tabLevelOf } from '../../../src/shared/cert/tab-level.ts';
import { MASK, maskSecrets, withoutMaskedSecrets } from '../../../src/shared/settings/mask.ts';
import * as s from '../../../src/shared/session/registry.ts';
import { defaultSettings } from '../../../src/shared/settings/defaults.ts';
import * as v from 'valibot';

const O = 'https://joc.example:4443';
const settings = () => {
  const st = defaultSettings();
  st.origins = [{ origin: O, label: 'JOC', generation: 'auto', rememberMe: 'default' }];
  return st;
};
const cert = (cn: string | null, level: 'ok' | 'warning' | 'error' = 'ok'): CertView => ({
  label: 'op',
  cert: { subjectCN: cn, issuer: 'CN=CA', notAfter: '2030-01-01T00:00:00.000Z', sha256: 'AA', keyAlgorithm: 'RSA', keySize: 2048, curve: null, ekuClientAuth: true },
  status: { daysLeft: 100, level, findings: [] },
});
const facts = (p: Partial<PopupFacts> = {}): PopupFacts => ({
  version: '1.0.0',
  browser: 'chromium',
  tab: { id: 3, url: `${O}/joc/#/dashboard` },
  effective: { settings: settings(), locked: [], errors: [], managed: false },
  granted: true,
  registry: s.emptyRegistry(),
  certs: [],
  tabLevel: null,
  failure: null,
  server: null,
  audit: [],
  shortcut: null,
  ...p,
});
const withSession = (account: string | null, source: 'login' | 'page' = 'login') =>
  s.observeToken(s.emptyRegistry(), { fp: 'aaaaaaaaaaaa', origin: O, tabId: 3, now: 1000, serverTimeoutMs: 60_000, account, accountSource: source, identityService: 'CERTIFICATE:c' }, 'login').registry;

describe('popupView', () => {
  it('a JOC tab with a live session: origin, session with its account source, expiry', () => {
    const st = popupView(facts({ registry: withSession('apmacwin') }));
    expect(st.joc).toEqual({ configured: true, granted: true, generation: null });
    expect(st.session).toMatchObject({ account: 'apmacwin', accountSource: 'login', byCertificate: true, expiresAt: 61_000, tabs: 1 });
    expect(v.safeParse(PopupStateSchema, st).success).toBe(true);
  });
  it('a page that is not JOC: nothing of any JOC origin shows', () => {
    const st = popupView(facts({ tab: { id: 3, url: 'https://news.example/' }, certs: [cert('apmacwin')], tabLevel: 'ok', audit: [] }));
    expect(st.joc.configured).toBe(false);
    expect(st.certs.client).toEqual([]);
    expect(st.certs.level).toBe('none');
    expect(st.joc.granted).toBe(false);
  });
  it('no tab URL, odd URLs: no origin', () => {
    for (const url of [null, 'about:blank', 'not a url']) expect(popupView(facts({ tab: { id: null, url } })).tab.origin).toBeNull();
  });
  it('the policy lock shows when a policy sets the mode or the origin list', () => {
    for (const [locked, want] of [[['rememberMe.mode'], true], [['origins'], true], [['session.idleMaxMinutes'], false], [[], false]] as const) {
      expect(popupView(facts({ effective: { settings: settings(), locked: [...locked], errors: [], managed: locked.length > 0 } })).policy.locked).toBe(want);
    }
  });
  it('an account that differs from the registered certificate CN is named, with the kind of difference', () => {
    expect(popupView(facts({ registry: withSession('APMACWIN'), certs: [cert('apmacwin')] })).certs.accountMismatch).toEqual({ account: 'APMACWIN', cn: 'apmacwin', kind: 'case' });
    expect(popupView(facts({ registry: withSession('apmacwin'), certs: [cert('apmacwin')] })).certs.accountMismatch).toBeNull();
  });
});

describe('all sessions (End all)', () => {
  const O2 = 'https://joc-two.example:8443';
  function twoOrigins(): s.Registry {
    let r = s.observeToken(s.emptyRegistry(), { fp: 'bbbbbbbbbbbb', origin: O2, tabId: 9, now: 5000, serverTimeoutMs: null, account: 'ops', accountSource: 'login' }, 'login').registry;
    r = s.observeToken(r, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 3, now: 1000, serverTimeoutMs: 60_000, account: 'apmacwin', accountSource: 'login' }, 'login').registry;
    r = s.observeToken(r, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 4, now: 2000 }, 'sighting').registry;
    r = s.observeToken(r, { fp: 'cccccccccccc', origin: O, tabId: 7, now: 1500 }, 'login').registry;
    return s.endSession(r, 'cccccccccccc', 'logout', 1600).registry;
  }

  it('lists every live session on every origin, also from a tab that is not JOC: origin, account, tabs, idle and cap time', () => {
    const st = popupView(facts({ tab: { id: 12, url: 'https://news.example/' }, registry: twoOrigins() }));
    expect(st.session).toBeNull();
    // Sorted by origin ('-' before '.'), the ended session left out.
    expect(st.sessions.map((x) => [x.origin, x.account, x.tabs, x.expiresAt, x.capEndsAt])).toEqual([
      [O2, 'ops', 1, null, 5000 + 12 * 3_600_000],
      [O, 'apmacwin', 2, 61_000, 1000 + 12 * 3_600_000],
    ]);
    expect(v.safeParse(PopupStateSchema, st).success).toBe(true);
  });

  it('no cap configured: no cap time; no registry: no sessions', () => {
    const st = settings();
    st.session.maxHours = 0;
    expect(popupView(facts({ registry: twoOrigins(), effective: { settings: st, locked: [], errors: [], managed: false } })).sessions.every((x) => x.capEndsAt === null)).toBe(true);
    expect(popupView(facts({ registry: null })).sessions).toEqual([]);
  });

  it('the End-all shortcut as the browser has it; none set is null', () => {
    expect(popupView(facts({ shortcut: 'Alt+Shift+L' })).shortcut).toBe('Alt+Shift+L');
    expect(popupView(facts({ shortcut: '' })).shortcut).toBeNull();
    expect(popupView(facts({ shortcut: null })).shortcut).toBeNull();
  });
});

describe('tab level and badge', () => {
  it.each([
    [null, null],
    [{ failure: null, server: null, client: null }, 'ok'],
    [{ failure: 'error', server: 'ok', client: 'ok' }, 'error'],
    [{ failure: null, server: 'warning', client: 'ok' }, 'warning'],
    [{ failure: null, server: null, client: 'error' }, 'error'],
  ] as const)('%j → %s', (f, want) => {
    expect(tabLevelOf(f)).toBe(want);
  });
  it('badge text per level', () => {
    expect([null, 'ok', 'warning', 'error'].map((l) => badgeFor(l as never).text)).toEqual(['', '✓', '!', '×']);
  });
});

describe('forwarding credential mask', () => {
  it('pages see a placeholder; posting it back changes nothing; the input is never edited', () => {
    const st = settings();
    st.audit.forward.authHeader = 'Bearer secret';
    expect(maskSecrets(st).audit.forward.authHeader).toBe(MASK);
    expect(st.audit.forward.authHeader).toBe('Bearer secret');
    const edit = { audit: { forward: { authHeader: MASK, url: 'https://c' } } };
    expect(withoutMaskedSecrets(edit)).toEqual({ audit: { forward: { url: 'https://c' } } });
    expect(edit.audit.forward.authHeader).toBe(MASK);
    const real = { audit: { forward: { authHeader: 'Bearer new' } } };
    expect(withoutMaskedSecrets(real)).toBe(real);
    for (const odd of [{}, { audit: 1 }, { audit: { forward: [] } }]) expect(withoutMaskedSecrets(odd)).toBe(odd);
  });
});

describe('shownBadge: the End-all confirmation', () => {
  it.each([
    // level, now, until → text
    ['ok', 1000, 5000, 'END'],
    ['error', 4999, 5000, 'END'],
    ['error', 5000, 5000, '×'],
    [null, 6000, 5000, ''],
    ['warning', 1000, 0, '!'],
  ] as const)('level %s at %i with the confirmation until %i shows %s', (level, now, until, text) => {
    expect(shownBadge(level, now, until, 'END').text).toBe(text);
  });
});
