// The GUI's logout calls remembered for a moment (a tab closed while one is in
// flight ended by the logout): what is remembered, for how long, how many.
import { describe, expect, it } from 'vitest';
import { LOGOUT_SENT_MAX, LOGOUT_SENT_TTL_MS, logoutSentFor, noteLogoutSent, type LogoutsSent } from '../../../src/shared/session/logout-sent.ts';

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
