// closeTab: which sessions a closed tab ends in the same registry step (the
// logout call then leaves at once); the rest is left to the deadline pass.
import { describe, expect, it } from 'vitest';
import * as registry from '../../../src/shared/session/registry.ts';
import { LOGOUT_SENT_TTL_MS, type LogoutsSent } from '../../../src/shared/session/logout-sent.ts';
import { closeTab, type CloseRules } from '../../../src/shared/session/tab-close.ts';

const O = 'https://joc.example:4443';
const H = 3600_000;
const T = 10 * H;
const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';

function reg(sessions: { fp: string; tabs: number[]; loginAt?: number; timeoutMs?: number | null }[]): registry.Registry {
  let r = registry.emptyRegistry();
  for (const x of sessions) {
    const [first, ...more] = x.tabs;
    r = registry.observeToken(r, { fp: x.fp, origin: O, tabId: first ?? 99, now: x.loginAt ?? T - 1000, serverTimeoutMs: x.timeoutMs ?? 60_000 }, 'login').registry;
    for (const tab of more) r = registry.observeToken(r, { fp: x.fp, origin: O, tabId: tab, now: x.loginAt ?? T - 1000 }, 'sighting').registry;
    if (first === undefined) r = registry.dropTab(r, 99, T - 500, { closed: true }).registry;
  }
  return r;
}

const rules = (o: Partial<CloseRules> = {}): CloseRules => ({ idleMaxMinutes: 0, maxHours: 12, closeGraceSeconds: 0, ...o });

describe('closeTab', () => {
  const cases: { name: string; r: registry.Registry; tab: number; rules: CloseRules; orphaned: string[]; endNow: string[]; loggedOut?: string[]; sent?: LogoutsSent }[] = [
    { name: 'the last tab of a session, no grace: ends now', r: reg([{ fp: A, tabs: [1] }]), tab: 1, rules: rules(), orphaned: [A], endNow: [A] },
    { name: 'one of two tabs: the session keeps the other', r: reg([{ fp: A, tabs: [1, 2] }]), tab: 1, rules: rules(), orphaned: [], endNow: [] },
    { name: 'a grace period: orphaned, left to the deadline pass', r: reg([{ fp: A, tabs: [1] }]), tab: 1, rules: rules({ closeGraceSeconds: 30 }), orphaned: [A], endNow: [] },
    { name: 'the cap is due too: left to the deadline pass, which names session-cap', r: reg([{ fp: A, tabs: [1], loginAt: T - 12 * H }]), tab: 1, rules: rules(), orphaned: [A], endNow: [] },
    { name: 'the idle timeout is due too: left to the deadline pass', r: reg([{ fp: A, tabs: [1], loginAt: T - 2 * H, timeoutMs: H }]), tab: 1, rules: rules(), orphaned: [A], endNow: [] },
    { name: 'a tab no session holds (any other site): nothing', r: reg([{ fp: A, tabs: [1] }]), tab: 7, rules: rules(), orphaned: [], endNow: [] },
    { name: 'a tab shared by two sessions: both end', r: reg([{ fp: A, tabs: [1] }, { fp: B, tabs: [1] }]), tab: 1, rules: rules(), orphaned: [A, B], endNow: [A, B] },
    { name: 'an already orphaned session elsewhere is not this close\'s to end', r: reg([{ fp: A, tabs: [1] }, { fp: B, tabs: [] }]), tab: 1, rules: rules(), orphaned: [A], endNow: [A] },
    { name: 'the GUI had just sent its logout call: ends now as a logout', r: reg([{ fp: A, tabs: [1] }]), tab: 1, rules: rules(), sent: { [A]: T - 200 }, orphaned: [A], endNow: [], loggedOut: [A] },
    { name: 'a logout call and a grace period: the logout ends it now', r: reg([{ fp: A, tabs: [1] }]), tab: 1, rules: rules({ closeGraceSeconds: 30 }), sent: { [A]: T - 200 }, orphaned: [A], endNow: [], loggedOut: [A] },
    { name: 'a logout call and the cap due as well: the logout names the end', r: reg([{ fp: A, tabs: [1], loginAt: T - 12 * H }]), tab: 1, rules: rules(), sent: { [A]: T - 200 }, orphaned: [A], endNow: [], loggedOut: [A] },
    { name: 'a logout call of long ago: an ordinary close', r: reg([{ fp: A, tabs: [1] }]), tab: 1, rules: rules(), sent: { [A]: T - LOGOUT_SENT_TTL_MS }, orphaned: [A], endNow: [A] },
    { name: 'a logout call of another session: an ordinary close', r: reg([{ fp: A, tabs: [1] }]), tab: 1, rules: rules(), sent: { [B]: T - 200 }, orphaned: [A], endNow: [A] },
    { name: 'a logout call, but another tab still holds the session: nothing ends', r: reg([{ fp: A, tabs: [1, 2] }]), tab: 1, rules: rules(), sent: { [A]: T - 200 }, orphaned: [], endNow: [] },
    { name: 'two sessions in the tab, one logging out', r: reg([{ fp: A, tabs: [1] }, { fp: B, tabs: [1] }]), tab: 1, rules: rules(), sent: { [B]: T - 200 }, orphaned: [A, B], endNow: [A], loggedOut: [B] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = closeTab(c.r, c.tab, T, c.rules, c.sent);
      expect(out.orphaned.sort()).toEqual(c.orphaned);
      expect(out.endNow.sort()).toEqual(c.endNow);
      expect(out.loggedOut.sort()).toEqual(c.loggedOut ?? []);
      for (const s of Object.values(out.registry.sessions)) expect(s.tabs).not.toContain(c.tab);
      for (const fp of c.orphaned) expect(out.registry.sessions[fp]?.orphanedAt).toBe(T);
      expect(Object.values(out.registry.sessions).every((s) => s.state === 'live')).toBe(true); // ending is the caller's step
    });
  }

  it('does not change the registry it is given', () => {
    const r = reg([{ fp: A, tabs: [1] }]);
    const before = JSON.stringify(r);
    closeTab(r, 1, T, rules());
    expect(JSON.stringify(r)).toBe(before);
  });
});
