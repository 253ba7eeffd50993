// The GUI's logout calls remembered for a moment (a tab closed while one is in
// flight ended by the logout): what is remembered, for how long, how many.
import { describe, expect, it } from 'vitest';
import type { SessionEndReason } from '../../../src/shared/audit/types.ts';
import { auditedEnd, LOGOUT_CLOSED_DETAIL, LOGOUT_SENT_MAX, LOGOUT_SENT_TTL_MS, logoutSentFor, noteLogoutSent, type LogoutsSent } from '../../../src/shared/session/logout-sent.ts';

const T = 1_000_000;

describe('logoutSentFor', () => {
  const cases: { name: string; sent: LogoutsSent; fp: string; now: number; want: boolean }[] = [
    { name: 'nothing sent', sent: {}, fp: 'a', now: T, want: false },
    { name: 'sent just now', sent: { a: T }, fp: 'a', now: T, want: true },
    { name: 'sent a moment ago', sent: { a: T - 500 }, fp: 'a', now: T, want: true },
    { name: 'sent just under the TTL ago', sent: { a: T - LOGOUT_SENT_TTL_MS + 1 }, fp: 'a', now: T, want: true },
    { name: 'sent the TTL ago: forgotten', sent: { a: T - LOGOUT_SENT_TTL_MS }, fp: 'a', now: T, want: false },
    { name: 'another session\'s call', sent: { b: T }, fp: 'a', now: T, want: false },
    { name: 'the clock went back a little: still this logout', sent: { a: T + 2000 }, fp: 'a', now: T, want: true },
    { name: 'a name of Object.prototype is no call', sent: {}, fp: 'constructor', now: T, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(logoutSentFor(c.sent, c.fp, c.now)).toBe(c.want));
});

describe('noteLogoutSent', () => {
  it('remembers the call and keeps the others still recent', () => {
    const out = noteLogoutSent({ b: T - 1000, old: T - LOGOUT_SENT_TTL_MS - 1 }, 'a', T);
    expect(out).toEqual({ b: T - 1000, a: T });
  });

  it('a second call with the same token moves its time on', () => {
    expect(noteLogoutSent({ a: T - 5000 }, 'a', T)).toEqual({ a: T });
  });

  it(`never holds more than ${LOGOUT_SENT_MAX} calls: the oldest go first`, () => {
    let sent: LogoutsSent = {};
    for (let i = 0; i < 3 * LOGOUT_SENT_MAX; i++) sent = noteLogoutSent(sent, `fp${i}`, T + i);
    expect(Object.keys(sent)).toHaveLength(LOGOUT_SENT_MAX);
    expect(logoutSentFor(sent, `fp${3 * LOGOUT_SENT_MAX - 1}`, T + 3 * LOGOUT_SENT_MAX)).toBe(true);
    expect(logoutSentFor(sent, 'fp0', T + 3 * LOGOUT_SENT_MAX)).toBe(false);
  });

  it('does not change the map it is given', () => {
    const sent = { b: T - 1000 };
    noteLogoutSent(sent, 'a', T);
    expect(sent).toEqual({ b: T - 1000 });
  });
});

describe('auditedEnd (the reason written when the end is audited)', () => {
  const cases: { name: string; reason: SessionEndReason; detail?: string; sent: LogoutsSent; want: { reason: SessionEndReason; detail?: string } }[] = [
    { name: 'a close, no logout call: a close', reason: 'tab-closed', sent: {}, want: { reason: 'tab-closed' } },
    { name: 'a close whose logout call was reported late: the logout', reason: 'tab-closed', sent: { a: T - 300 }, want: { reason: 'logout', detail: LOGOUT_CLOSED_DETAIL } },
    { name: 'a close, the logout call of another session: a close', reason: 'tab-closed', sent: { b: T }, want: { reason: 'tab-closed' } },
    { name: 'a close, a logout call older than the TTL: a close', reason: 'tab-closed', sent: { a: T - LOGOUT_SENT_TTL_MS }, want: { reason: 'tab-closed' } },
    { name: 'a close after its grace period keeps its detail', reason: 'tab-closed', detail: 'grace over', sent: {}, want: { reason: 'tab-closed', detail: 'grace over' } },
    { name: 'a server expiry stays one, logout call or not', reason: 'server-expired', detail: 'HTTP 440', sent: { a: T }, want: { reason: 'server-expired', detail: 'HTTP 440' } },
    { name: 'an idle timeout stays one', reason: 'idle-timeout', sent: { a: T }, want: { reason: 'idle-timeout' } },
    { name: 'the session cap stays one', reason: 'session-cap', sent: { a: T }, want: { reason: 'session-cap' } },
    { name: 'a logout stays a logout with its own detail', reason: 'logout', detail: 'logout call by the GUI', sent: { a: T }, want: { reason: 'logout', detail: 'logout call by the GUI' } },
  ];
  for (const c of cases) it(c.name, () => expect(auditedEnd(c.reason, c.detail, c.sent, 'a', T)).toEqual({ reason: c.want.reason, detail: c.want.detail }));
});
