import { describe, expect, it } from 'vitest';
import * as s from '../../../src/shared/session/registry.ts';

const O = 'https://joc.example:4443';
const login = (r: s.Registry, fp: string, tabId: number, now: number, timeout: number | null = 60_000) =>
  s.observeToken(r, { fp, origin: O, tabId, now, serverTimeoutMs: timeout }, true).registry;

describe('session registry', () => {
  it('starts a session on login and tracks the tabs holding it', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 1000);
    r = s.observeToken(r, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 2, now: 2000 }, false).registry;
    expect(r.sessions.aaaaaaaaaaaa?.tabs).toEqual([1, 2]);
    expect(r.sessions.aaaaaaaaaaaa?.lastActivity).toBe(1000); // a sighting is not activity
  });

  it('keeps the session while another tab holds it, orphans it with the last tab', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 1000);
    r = s.observeToken(r, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 2, now: 1000 }, false).registry;
    const a = s.dropTab(r, 1, 5000);
    expect(a.orphaned).toEqual([]);
    const b = s.dropTab(a.registry, 2, 6000);
    expect(b.orphaned).toEqual(['aaaaaaaaaaaa']);
    expect(s.dueForCloseLogout(b.registry, 6000, 0)).toEqual(['aaaaaaaaaaaa']);
    expect(s.dueForCloseLogout(b.registry, 6000, 10)).toEqual([]);
    expect(s.nextDeadline(b.registry, 0, 10)).toBe(16000);
  });

  it('expires after the idle time; touch restarts the clock; the policy can only shorten it', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 0, 60_000);
    expect(s.dueForExpiry(r, 59_999, 0)).toEqual([]);
    expect(s.dueForExpiry(r, 60_000, 0)).toEqual(['aaaaaaaaaaaa']);
    r = s.observeActivity(r, 'aaaaaaaaaaaa', 30_000);
    expect(s.dueForExpiry(r, 60_000, 0)).toEqual([]);
    expect(s.dueForExpiry(r, 90_000, 0)).toEqual(['aaaaaaaaaaaa']);
    const sess = r.sessions.aaaaaaaaaaaa!;
    expect(s.idleLimitMs(sess, 0)).toBe(60_000);
    expect(s.idleLimitMs(sess, 10)).toBe(60_000); // 10 min > server's 1 min
    expect(s.idleLimitMs({ ...sess, serverTimeoutMs: 3_600_000 }, 10)).toBe(600_000);
    expect(s.idleLimitMs({ ...sess, serverTimeoutMs: null }, 0)).toBeNull();
  });

  it('never revives an ended session and only restores live ones of the same origin', () => {
    let r = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 0);
    expect(s.quarantineVerdict(r, 'aaaaaaaaaaaa', O)).toBe('restore');
    expect(s.quarantineVerdict(r, 'aaaaaaaaaaaa', 'https://other')).toBe('clear');
    expect(s.quarantineVerdict(r, 'bbbbbbbbbbbb', O)).toBe('clear');
    const e = s.endSession(r, 'aaaaaaaaaaaa', 'logout', 10);
    expect(e.ended?.endReason).toBe('logout');
    expect(s.endSession(e.registry, 'aaaaaaaaaaaa', 'logout', 11).ended).toBeNull();
    r = s.observeToken(e.registry, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 3, now: 20 }, true).registry;
    expect(r.sessions.aaaaaaaaaaaa?.state).toBe('ended');
    expect(s.quarantineVerdict(r, 'aaaaaaaaaaaa', O)).toBe('clear');
  });

  it('records dead tokens and prunes old ended sessions', () => {
    const r = s.recordDead(s.emptyRegistry(), { fp: 'cccccccccccc', origin: O, now: 0 }, 'stale-at-start');
    expect(r.sessions.cccccccccccc?.state).toBe('ended');
    expect(s.prune(r, s.ENDED_RETENTION_MS + 1).sessions).toEqual({});
  });

  it('revives whatever comes back from storage without throwing', () => {
    for (const raw of [undefined, null, 42, 'x', [], { v: 2 }, { v: 1, sessions: 'x' }, { v: 1, sessions: { a: { fp: 'b' } } }]) {
      const { registry } = s.reviveRegistry(raw);
      expect(registry.v).toBe(1);
    }
    expect(s.reviveRegistry({ v: 1, sessions: { a: { fp: 'b' } } }).repaired).toBe(true);
    const good = login(s.emptyRegistry(), 'aaaaaaaaaaaa', 1, 0);
    expect(s.reviveRegistry(JSON.parse(JSON.stringify(good))).registry).toEqual(good);
  });
});
