// Operator safety rules (issue 18), pure: the session cap, the page deadline,
// the reason a page's token went, and what each idle-state change means.
import { describe, expect, it } from 'vitest';
import {
  CAP_WARNING_MS,
  capEndsAt,
  capPlan,
  decideIdle,
  detectionSeconds,
  dueReason,
  isIdleState,
  pageDeadline,
  type IdleFacts,
} from '../../../src/shared/session/operator-safety.ts';
import { emptyRegistry, endSession, observeToken, type Registry, type Session } from '../../../src/shared/session/registry.ts';

const H = 3_600_000;
const T0 = 1_000_000_000;
const O = 'https://joc.example:4443';

function session(over: Partial<Session> = {}): Session {
  const r = observeToken(emptyRegistry(), { fp: 'fp-a', origin: O, now: T0, tabId: 3, serverTimeoutMs: 30 * 60_000 }, 'login').registry;
  return { ...(r.sessions['fp-a'] as Session), ...over };
}

function registry(...sessions: Session[]): Registry {
  return { ...emptyRegistry(), sessions: Object.fromEntries(sessions.map((s) => [s.fp, s])) };
}

describe('capEndsAt', () => {
  it.each([
    [12, T0 + 12 * H],
    [1, T0 + H],
    [168, T0 + 168 * H],
    [0, null], // off
    [-3, null], // bad input: no cap rather than an end in the past
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ])('maxHours %s → %s', (hours, want) => {
    expect(capEndsAt(session(), hours)).toBe(want);
  });
});

describe('pageDeadline: the earlier of idle expiry and cap', () => {
  it.each([
    ['idle first (30 min server timeout)', { idleMaxMinutes: 0, maxHours: 12 }, {}, T0 + 30 * 60_000],
    ['cap first: activity keeps the idle clock young', { idleMaxMinutes: 0, maxHours: 1 }, { lastActivity: T0 + H - 60_000 }, T0 + H],
    ['no cap, no idle limit', { idleMaxMinutes: 0, maxHours: 0 }, { serverTimeoutMs: null }, null],
    ['cap only', { idleMaxMinutes: 0, maxHours: 2 }, { serverTimeoutMs: null }, T0 + 2 * H],
    ['policy idle shorter than the server', { idleMaxMinutes: 10, maxHours: 12 }, {}, T0 + 10 * 60_000],
  ] as const)('%s', (_n, rules, over, want) => {
    expect(pageDeadline(session(over), rules)).toBe(want);
  });
});

describe('dueReason: why a page found its token gone', () => {
  const rules = { idleMaxMinutes: 0, maxHours: 1 };
  it.each([
    ['well before anything', T0 + 60_000, { lastActivity: T0 + 50_000 }, null],
    ['idle expiry passed', T0 + 31 * 60_000, {}, 'idle-timeout'],
    ['cap passed, however active', T0 + H, { lastActivity: T0 + H - 1000 }, 'session-cap'],
    ['cap and idle both passed: the cap names it', T0 + 2 * H, {}, 'session-cap'],
    ['within the second before the cap (timers drift)', T0 + H - 500, { lastActivity: T0 + H - 1000 }, 'session-cap'],
  ] as const)('%s', (_n, now, over, want) => {
    expect(dueReason(session(over), rules, now)).toBe(want);
  });
  it('no cap configured: never session-cap', () => {
    expect(dueReason(session(), { idleMaxMinutes: 0, maxHours: 0 }, T0 + 100 * H)).toBe('idle-timeout');
  });
});

describe('capPlan', () => {
  const a = session({ fp: 'a', startedAt: T0 });
  const b = session({ fp: 'b', startedAt: T0 + 2 * H, tabs: [7, 8] });
  const none = new Set<string>();

  it('nothing due: the next time is the first warning', () => {
    const p = capPlan(registry(a, b), T0 + H, 4, none);
    expect(p).toEqual({ end: [], warn: [], next: T0 + 4 * H - CAP_WARNING_MS });
  });

  it('inside the warning window: warned once, next is its end', () => {
    const now = T0 + 4 * H - 60_000;
    const p = capPlan(registry(a, b), now, 4, none);
    expect(p.end).toEqual([]);
    expect(p.warn).toEqual([{ fp: 'a', origin: O, endsAt: T0 + 4 * H, tabs: [3] }]);
    expect(p.next).toBe(T0 + 4 * H);
    const again = capPlan(registry(a, b), now, 4, new Set(['a']));
    expect(again.warn).toEqual([]);
    expect(again.next).toBe(T0 + 4 * H);
  });

  it('the cap passed (also while the background slept): ends, no late warning', () => {
    const p = capPlan(registry(a, b), T0 + 5 * H, 4, none);
    expect(p.end).toEqual(['a']);
    expect(p.warn).toEqual([]);
    expect(p.next).toBe(T0 + 6 * H - CAP_WARNING_MS);
  });

  it('exactly at the cap: ends', () => {
    expect(capPlan(registry(a), T0 + 4 * H, 4, none).end).toEqual(['a']);
  });

  it('ended sessions and no cap: nothing', () => {
    const ended = endSession(registry(a), 'a', 'logout', T0 + 10).registry;
    expect(capPlan(ended, T0 + 100 * H, 4, none)).toEqual({ end: [], warn: [], next: null });
    expect(capPlan(registry(a, b), T0 + 100 * H, 0, none)).toEqual({ end: [], warn: [], next: null });
  });

  it('the warning copies the tabs (a later change of the registry does not alter it)', () => {
    const reg = registry(b);
    const p = capPlan(reg, T0 + 6 * H - 1000, 4, none);
    (reg.sessions.b as Session).tabs.push(99);
    expect(p.warn[0]?.tabs).toEqual([7, 8]);
  });
});

describe('decideIdle', () => {
  const on = { endOnLock: true, systemIdleMinutes: 15, maxHours: 12 };
  const lockOnly = { ...on, systemIdleMinutes: 0 };
  const idleOnly = { ...on, endOnLock: false };
  const off = { endOnLock: false, systemIdleMinutes: 0, maxHours: 12 };
  const now = T0;
  const f = (event: IdleFacts['event'], current: IdleFacts['current'] = null): IdleFacts => ({ event, current, now });

  it.each([
    ['locked, endOnLock on', f('locked', 'locked'), on, { action: 'end', reason: 'screen-locked' }],
    ['locked, endOnLock on, system idle off', f('locked'), lockOnly, { action: 'end', reason: 'screen-locked' }],
    ['locked, only system idle: look again after the idle time', f('locked', 'locked'), idleOnly, { action: 'recheck', at: now + 15 * 60_000 }],
    ['locked, both off', f('locked', 'locked'), off, { action: 'none' }],
    ['idle, confirmed by the query', f('idle', 'idle'), on, { action: 'end', reason: 'system-idle' }],
    ['idle, the query says locked (locked since)', f('idle', 'locked'), idleOnly, { action: 'end', reason: 'system-idle' }],
    ['idle repeated by a woken background, the operator is back', f('idle', 'active'), on, { action: 'none' }],
    ['idle, query unavailable', f('idle', null), on, { action: 'none' }],
    ['idle, system idle off (lock only)', f('idle', 'idle'), lockOnly, { action: 'none' }],
    ['recheck, still locked', f('check', 'locked'), idleOnly, { action: 'end', reason: 'system-idle' }],
    ['recheck, idle', f('check', 'idle'), idleOnly, { action: 'end', reason: 'system-idle' }],
    ['recheck, back at work', f('check', 'active'), idleOnly, { action: 'none' }],
    ['recheck after system idle was switched off', f('check', 'locked'), off, { action: 'none' }],
    ['active', f('active', 'active'), on, { action: 'cancel-recheck' }],
    ['active, all off', f('active'), off, { action: 'cancel-recheck' }],
  ] as const)('%s', (_n, facts, rules, want) => {
    expect(decideIdle(facts, rules)).toEqual(want);
  });

  it('refuses what the idle API never delivers', () => {
    for (const bad of ['LOCKED', '', 'sleeping', null, undefined, 3, {}]) {
      expect(decideIdle({ event: bad as 'idle', current: 'idle', now }, on)).toEqual({ action: 'none' });
    }
    expect(decideIdle({ event: 'idle', current: 'away' as unknown as 'idle', now }, on)).toEqual({ action: 'none' });
  });

  it('isIdleState', () => {
    expect(['active', 'idle', 'locked'].every(isIdleState)).toBe(true);
    expect([null, 'Idle', 1, undefined].some(isIdleState)).toBe(false);
  });
});

describe('detectionSeconds', () => {
  it.each([
    [15, 900],
    [1, 60],
    [240, 14_400],
    [241, 14_400], // never above Chromium's 4 h
    [0, 14_400], // off: the longest (idle events are then ignored)
    [-1, 14_400],
    [Number.NaN, 14_400],
  ])('%s minutes → %s s', (minutes, want) => {
    expect(detectionSeconds({ endOnLock: true, systemIdleMinutes: minutes, maxHours: 0 })).toBe(want);
  });
});
