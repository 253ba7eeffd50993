// Operator safety in the session controller (issue 18), over the fake browser:
// the session cap ends sessions however active they are (with a notice in
// their tabs first), and "end all" (screen lock, system idle, End all, the
// keyboard shortcut) ends every live session on every origin. Asserted as a
// user and the server see it: pages cleared, tokens invalid, audit records.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSessions, type Sessions } from '../../../src/background/session/index.ts';
import { CAP_WARNING_MS } from '../../../src/shared/session/operator-safety.ts';
import { FakeEnv, O } from './fake-env.ts';

const O2 = 'https://joc-two.example:8443';
const H = 3_600_000;
let env: FakeEnv;
let sessions: Sessions;
const settle = (): Promise<void> => Promise.resolve();

beforeEach(() => {
  env = new FakeEnv();
  env.settingsValue.origins.push({ origin: O2, label: '', generation: 'auto', rememberMe: 'default' });
  env.settingsValue.session.maxHours = 2;
  sessions = createSessions(env, settle);
});

async function login(token: string, tab: number, origin = O): Promise<void> {
  env.valid.add(token);
  env.pages.set(tab, { origin, token });
  await sessions.login({ token, origin, tabId: tab, generation: 'js7', serverTimeoutMs: 30 * 60_000, account: 'apmacwin', accountSource: 'login' });
}

/** Lets time pass with the GUI polling (touch) every 10 minutes: the idle clock never runs out. */
async function busyFor(ms: number, tokens: string[]): Promise<void> {
  const end = env.t + ms;
  while (env.t < end) {
    env.t = Math.min(end, env.t + 10 * 60_000);
    for (const t of tokens) if (env.valid.has(t)) await sessions.touched(t);
    await sessions.runDue();
  }
}

const ends = (reason: string) => env.audits.filter((a) => a.type === 'session.end' && a.reason === reason);

describe('session cap', () => {
  it('two sessions on two origins, active all the time: a notice in every tab, then both end at the cap', async () => {
    const start = env.t;
    await login('tok-a', 1);
    await login('tok-b', 2, O2);
    env.pages.set(3, { origin: O, token: 'tok-a' });
    await sessions.pageStart({ origin: O, tabId: 3, generation: 'js7', timeoutMs: null, account: null, identityService: null, late: false, continuing: true, live: [{ area: 'sessionStorage', value: 'tok-a' }], quarantined: [] });
    await busyFor(2 * H - CAP_WARNING_MS - 1, ['tok-a', 'tok-b']);
    expect(env.capNotices).toEqual([]);
    expect(env.alarms.get('deadline')).toBeLessThanOrEqual(start + 2 * H - CAP_WARNING_MS);

    env.t = start + 2 * H - CAP_WARNING_MS;
    await sessions.runDue();
    expect(env.capNotices.map((n) => n.tabId).sort()).toEqual([1, 2, 3]);
    expect(new Set(env.capNotices.map((n) => n.endsAt))).toEqual(new Set([start + 2 * H]));
    await sessions.touched('tok-a');
    await sessions.runDue();
    expect(env.capNotices).toHaveLength(3); // once per session, not on every wake-up
    expect(env.valid.size).toBe(2);

    env.t = start + 2 * H;
    await sessions.runDue();
    expect(env.valid.size).toBe(0);
    expect([...env.pages.values()].map((p) => p.token)).toEqual([null, null, null]);
    expect(ends('session-cap').map((a) => a.origin).sort()).toEqual([O, O2].sort());
    expect(env.audits.filter((a) => a.type === 'token.invalidated')).toEqual([
      expect.objectContaining({ reason: 'session-cap', result: 'ok' }),
      expect.objectContaining({ reason: 'session-cap', result: 'ok' }),
    ]);
    expect(env.heldMap).toEqual({});
  });

  it('a background that slept past the cap ends the session as session-cap (not idle-timeout), without a late notice', async () => {
    await login('tok-a', 1);
    env.t += 3 * H;
    await sessions.runDue();
    expect(ends('session-cap')).toHaveLength(1);
    expect(ends('idle-timeout')).toHaveLength(0);
    expect(env.capNotices).toEqual([]);
  });

  it('the page clearing itself at the cap reports it: audited as session-cap', async () => {
    await login('tok-a', 1);
    await busyFor(2 * H - 1000, ['tok-a']);
    env.t += 1000;
    env.pages.set(1, { origin: O, token: null });
    await sessions.tokenGone('tok-a', false);
    expect(ends('session-cap')).toHaveLength(1);
    expect(env.valid.has('tok-a')).toBe(false);
  });

  it('maxHours 0: no cap, no notice; an active session lives on', async () => {
    env.settingsValue.session.maxHours = 0;
    await login('tok-a', 1);
    await busyFor(30 * H, ['tok-a']);
    expect(env.valid.has('tok-a')).toBe(true);
    expect(env.capNotices).toEqual([]);
  });

  it('a session adopted again after an extension update keeps the time it was first held', async () => {
    const first = env.t;
    await login('tok-a', 1);
    await busyFor(H, ['tok-a']);
    // Update: storage.session is emptied, the held token (IndexedDB) names the old version.
    env.stored = { registry: undefined, freshAt: undefined };
    for (const h of Object.values(env.heldMap)) h.version = '0.9.0';
    env.version = '1.1.0';
    sessions = createSessions(env, settle);
    const out = await sessions.pageStart({ origin: O, tabId: 1, generation: 'js7', timeoutMs: null, account: null, identityService: null, late: true, continuing: true, live: [{ area: 'sessionStorage', value: 'tok-a' }], quarantined: [] });
    expect(out.session?.startedAt).toBe(first);
    env.t = first + 2 * H;
    await sessions.runDue();
    expect(ends('session-cap')).toHaveLength(1);
  });
});

describe('end all', () => {
  it.each(['screen-locked', 'system-idle', 'user-ended-all'] as const)('%s: every live session on every origin ends, logged out and audited', async (reason) => {
    await login('tok-a', 1);
    await login('tok-b', 2, O2);
    await login('tok-c', 3, O2);
    expect(await sessions.endAll(reason, 'test')).toBe(3);
    expect(env.valid.size).toBe(0);
    expect([...env.pages.values()].every((p) => p.token === null)).toBe(true);
    expect(ends(reason)).toHaveLength(3);
    expect(env.audits.filter((a) => a.type === 'token.invalidated' && a.reason === reason && a.result === 'ok')).toHaveLength(3);
    expect(await sessions.endAll(reason, 'again')).toBe(0);
    expect(ends(reason)).toHaveLength(3);
  });

  it('includes a session whose last tab closed within the grace period', async () => {
    env.settingsValue.session.closeGraceSeconds = 60;
    await login('tok-a', 1);
    env.pages.delete(1);
    await sessions.tabClosed(1);
    expect(env.valid.has('tok-a')).toBe(true);
    expect(await sessions.endAll('screen-locked', 'test')).toBe(1);
    expect(env.valid.has('tok-a')).toBe(false);
  });
});
