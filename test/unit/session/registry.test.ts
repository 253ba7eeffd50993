import { describe, expect, it } from 'vitest';
import * as d from '../../../src/shared/session/deadlines.ts';
import * as registry from '../../../src/shared/session/registry.ts';
import { reviveRegistry } from '../../../src/shared/session/registry-revive.ts';

const s = { ...registry, reviveRegistry };

const O = 'https://joc.example:4443';
const login = (r: registry.Registry, fp: string, tabId: number, now: number, timeout: number | null = 60_000) =>
  s.observeToken(r, { fp, origin: O, tabId, now, serverTimeoutMs: timeout }, 'login').registry;

describe('session registry', () => {
  it('starts a session on login and tracks the tabs holding it', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 1000);
    r = s.observeToken(r, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 2, now: 2000 }, 'sighting').registry;
    expect(r.sessions.aaaaaaaaaaaa?.tabs).toEqual([1, 2]);
    expect(r.sessions.aaaaaaaaaaaa?.lastActivity).toBe(1000); // a sighting is not activity
  });

  it('keeps the session while another tab holds it, orphans it with the last tab', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 1000);
    r = s.observeToken(r, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 2, now: 1000 }, 'sighting').registry;
    const a = s.dropTab(r, 1, 5000);
    expect(a.orphaned).toEqual([]);
    const b = s.dropTab(a.registry, 2, 6000);
    expect(b.orphaned).toEqual(['aaaaaaaaaaaa']);
    expect(d.dueForCloseLogout(b.registry, 6000, 0)).toEqual(['aaaaaaaaaaaa']);
    expect(d.dueForCloseLogout(b.registry, 6000, 10)).toEqual([]);
    expect(d.nextDeadline(b.registry, 0, 10)).toBe(16000);
  });

  it('expires after the idle time; touch restarts the clock; the policy can only shorten it', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 0, 60_000);
    expect(d.dueForExpiry(r, 59_999, 0)).toEqual([]);
    expect(d.dueForExpiry(r, 60_000, 0)).toEqual(['aaaaaaaaaaaa']);
    r = s.observeActivity(r, 'aaaaaaaaaaaa', 30_000);
    expect(d.dueForExpiry(r, 60_000, 0)).toEqual([]);
    expect(d.dueForExpiry(r, 90_000, 0)).toEqual(['aaaaaaaaaaaa']);
    const sess = r.sessions.aaaaaaaaaaaa!;
    expect(d.idleLimitMs(sess, 0)).toBe(60_000);
    expect(d.idleLimitMs(sess, 10)).toBe(60_000); // 10 min > server's 1 min
    expect(d.idleLimitMs({ ...sess, serverTimeoutMs: 3_600_000 }, 10)).toBe(600_000);
    expect(d.idleLimitMs({ ...sess, serverTimeoutMs: null }, 0)).toBeNull();
  });

  it('never revives an ended session', () => {
    const r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 0);
    const e = s.endSession(r, 'aaaaaaaaaaaa', 'logout', 10);
    expect(e.ended?.endReason).toBe('logout');
    expect(s.endSession(e.registry, 'aaaaaaaaaaaa', 'logout', 11).ended).toBeNull();
    for (const how of ['login', 'late-page', 'held', 'sighting'] as const) {
      expect(s.observeToken(e.registry, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 3, now: 20 }, how).registry.sessions.aaaaaaaaaaaa?.state).toBe('ended');
    }
  });

  it('a sighting never starts a session; evidence does, and is recorded', () => {
    expect(s.observeToken(s.emptyRegistry(), { fp: 'aaaaaaaaaaaa', origin: O, tabId: 1, now: 0 }, 'sighting')).toEqual({ registry: s.emptyRegistry(), started: false });
    for (const how of ['login', 'late-page', 'held'] as const) {
      const out = s.observeToken(s.emptyRegistry(), { fp: 'aaaaaaaaaaaa', origin: O, tabId: 1, now: 0 }, how);
      expect(out.started).toBe(true);
      expect(out.registry.sessions.aaaaaaaaaaaa?.evidence).toBe(how);
    }
  });

  it('an account seen at login is never replaced by what a page stored', () => {
    let r = s.observeToken(s.emptyRegistry(), { fp: 'aaaaaaaaaaaa', origin: O, now: 0, account: 'apmacwin', accountSource: 'login' }, 'login').registry;
    r = s.observeToken(r, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 1, now: 1, account: 'root' }, 'sighting').registry;
    expect(r.sessions.aaaaaaaaaaaa).toMatchObject({ account: 'apmacwin', accountSource: 'login' });
    // A certificate login (no account typed): the page's account, marked as such.
    let c = s.observeToken(s.emptyRegistry(), { fp: 'bbbbbbbbbbbb', origin: O, now: 0 }, 'login').registry;
    c = s.observeToken(c, { fp: 'bbbbbbbbbbbb', origin: O, tabId: 1, now: 1, account: 'apmacwin' }, 'sighting').registry;
    expect(c.sessions.bbbbbbbbbbbb).toMatchObject({ account: 'apmacwin', accountSource: 'page' });
  });

  it('remembers at most one reload per tab and token, and forgets a closed tab', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 0);
    expect(s.reloadedBefore(r, 2, 'aaaaaaaaaaaa')).toBe(false);
    r = s.noteReload(r, 2, 'aaaaaaaaaaaa');
    expect(s.reloadedBefore(r, 2, 'aaaaaaaaaaaa')).toBe(true);
    expect(s.noteReload(r, 2, 'aaaaaaaaaaaa')).toBe(r);
    expect(s.reloadedBefore(r, 3, 'aaaaaaaaaaaa')).toBe(false);
    expect(s.reloadedBefore(s.dropTab(r, 2, 5).registry, 2, 'aaaaaaaaaaaa')).toBe(true); // cleared page, same tab
    expect(s.reloadedBefore(s.dropTab(r, 2, 5, { closed: true }).registry, 2, 'aaaaaaaaaaaa')).toBe(false);
  });

  it('records dead tokens and prunes old ended sessions', () => {
    const r = s.recordDead(s.emptyRegistry(), { fp: 'cccccccccccc', origin: O, now: 0 }, 'stale-at-start');
    expect(r.sessions.cccccccccccc?.state).toBe('ended');
    expect(s.prune(r, s.ENDED_RETENTION_MS + 1).sessions).toEqual({});
  });

  it('revives whatever comes back from storage without throwing', () => {
    for (const raw of [undefined, null, 42, 'x', [], { v: 2 }, { v: 1, sessions: 'x' }, { v: 1, sessions: { a: { fp: 'b' } } }, { v: 1, sessions: {}, reloads: { x: 1, 2: [3] } }]) {
      const { registry } = s.reviveRegistry(raw);
      expect(registry.v).toBe(1);
    }
    expect(s.reviveRegistry({ v: 1, sessions: { a: { fp: 'b' } } }).repaired).toBe(true);
    expect(s.reviveRegistry({ v: 1, sessions: {}, reloads: { x: ['a'] } })).toEqual({ registry: s.emptyRegistry(), repaired: true });
    const good = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 0);
    expect(s.reviveRegistry(JSON.parse(JSON.stringify(good))).registry).toEqual(good);
  });
});
