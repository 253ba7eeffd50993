// The small pure rules around a page: continuity, Remember Me, rate limits, logout retries.
import { describe, expect, it } from 'vitest';
import { isContinuing } from '../../../src/shared/session/continuity.ts';
import { afterAttempt, certainlyExpiredAt, isFinal, retryDelay, RETRY_MAX_MS, UNKNOWN_IDLE_KEEP_MS, type Pending } from '../../../src/shared/session/logout-retry.ts';
import { ORIGIN_LIMITS, PAGE_LIMITS, take, type Buckets } from '../../../src/shared/session/rate-limit.ts';
import { decideRemember } from '../../../src/shared/session/remember.ts';

describe('continuity', () => {
  it.each([
    ['reload', '1', true],
    ['reload', null, false], // the previous document was not guarded
    ['navigate', '1', false], // a link, a typed URL, a window a portal opened by name
    ['back_forward', '1', false], // a closed tab reopened, a restored tab, Back
    ['prerender', '1', false],
    [null, '1', false], // no navigation entry: do not continue
  ] as const)('%s with flag %s → %s', (type, flag, want) => {
    expect(isContinuing(type, flag)).toBe(want);
  });
});

describe('Remember Me verdict', () => {
  const base = { held: true, lastLoginAt: undefined, now: 100 * 3_600_000, expireAfterHours: 72 };
  it.each([
    ['nothing held', { ...base, held: false, mode: 'forbid' as const }, { verdict: 'none', audit: null, startClock: false }],
    ['forbid drops and audits', { ...base, mode: 'forbid' as const }, { verdict: 'drop', audit: 'removed', startClock: false }],
    ['allow gives back', { ...base, mode: 'allow' as const }, { verdict: 'restore', audit: null, startClock: false }],
    ['expire, first sight: give back, start the clock', { ...base, mode: 'expire' as const }, { verdict: 'restore', audit: null, startClock: true }],
    ['expire, within the window', { ...base, mode: 'expire' as const, lastLoginAt: base.now - 71 * 3_600_000 }, { verdict: 'restore', audit: null, startClock: false }],
    ['expire, at the limit', { ...base, mode: 'expire' as const, lastLoginAt: base.now - 72 * 3_600_000 }, { verdict: 'drop', audit: 'expired', startClock: false }],
    ['expire, clock in the future (clock change)', { ...base, mode: 'expire' as const, lastLoginAt: base.now + 5_000 }, { verdict: 'restore', audit: null, startClock: false }],
  ])('%s', (_n, facts, want) => {
    expect(decideRemember(facts)).toEqual(want);
  });
});

describe('rate limit', () => {
  const keys = (tab: number) => [{ key: `tab:${tab}`, limits: PAGE_LIMITS }, { key: 'origin:o', limits: ORIGIN_LIMITS }];
  it('a handful per tab, then nothing until the bucket refills; then one summary of what was refused', () => {
    let b: Buckets = {};
    const allowed: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const r = take(b, keys(1), 1000);
      b = r.buckets;
      allowed.push(r.allowed);
    }
    expect(allowed.filter(Boolean)).toHaveLength(PAGE_LIMITS.capacity);
    const later = take(b, keys(1), 1000 + 60_000 / PAGE_LIMITS.perMinute);
    expect(later.allowed).toBe(true);
    expect(later.suppressedBefore).toBe(20 - PAGE_LIMITS.capacity);
    expect(take(later.buckets, keys(1), 1000 + 60_000 / PAGE_LIMITS.perMinute).suppressedBefore).toBe(0);
  });
  it('many tabs of one origin share the origin bucket', () => {
    let b: Buckets = {};
    let n = 0;
    for (let tab = 0; tab < 50; tab++) {
      const r = take(b, keys(tab), 0);
      b = r.buckets;
      if (r.allowed) n++;
    }
    expect(n).toBe(ORIGIN_LIMITS.capacity);
  });
  it('a refused take spends nothing from the other buckets; time going backwards gains nothing', () => {
    const full = take({}, [{ key: 'a', limits: { capacity: 1, perMinute: 1 } }], 0).buckets;
    const r = take(full, [{ key: 'a', limits: { capacity: 1, perMinute: 1 } }, { key: 'b', limits: { capacity: 1, perMinute: 1 } }], 0);
    expect(r.allowed).toBe(false);
    expect(take(r.buckets, [{ key: 'b', limits: { capacity: 1, perMinute: 1 } }], 0).allowed).toBe(true);
    expect(take(full, [{ key: 'a', limits: { capacity: 1, perMinute: 1 } }], -60_000).allowed).toBe(false);
  });
});

describe('logout retry', () => {
  it.each([
    ['ok', true],
    ['already-invalid', true],
    ['http-403', true],
    ['http-404', true],
    ['http-408', false],
    ['http-429', false],
    ['http-500', false],
    ['http-503', false],
    ['timeout', false],
    ['network-error', false],
    ['http-30x', false],
    ['', false],
  ])('%s settles it: %s', (result, final) => {
    expect(isFinal(result)).toBe(final);
  });
  it('backs off from 2 s to its cap', () => {
    expect([1, 2, 3, 4, 5, 9].map(retryDelay)).toEqual([2000, 4000, 8000, RETRY_MAX_MS, RETRY_MAX_MS, RETRY_MAX_MS]);
    expect(retryDelay(0)).toBe(2000);
  });
  it('gives up once the idle timeout has certainly passed (margin a tenth, 2 s to 60 s)', () => {
    expect(certainlyExpiredAt(1000, 6000)).toBe(1000 + 6000 + 2000);
    expect(certainlyExpiredAt(0, 1_800_000)).toBe(1_800_000 + 60_000);
    expect(certainlyExpiredAt(0, 300_000)).toBe(300_000 + 30_000);
    expect(certainlyExpiredAt(5, null)).toBe(5 + UNKNOWN_IDLE_KEEP_MS);
  });
  it('first failure: pending, audited once; a later success: done with the attempts; past the limit: give up', () => {
    const first = afterAttempt(undefined, 'network-error', 0, 30_000, 'tab-closed');
    expect(first).toEqual({ kind: 'retry', first: true, pending: { attempts: 1, nextAt: 2000, until: 30_000, reason: 'tab-closed', lastResult: 'network-error' } });
    const p = (first as { pending: Pending }).pending;
    const second = afterAttempt(p, 'http-503', 2000, 0, 'ignored');
    expect(second).toMatchObject({ kind: 'retry', first: false, pending: { attempts: 2, nextAt: 6000, until: 30_000, reason: 'tab-closed', lastResult: 'http-503' } });
    expect(afterAttempt(p, 'ok', 2000, 0, 'x')).toEqual({ kind: 'done', result: 'ok', attempts: 2 });
    expect(afterAttempt(p, 'timeout', 30_000, 0, 'x')).toEqual({ kind: 'give-up', attempts: 2, lastResult: 'timeout' });
    // The next attempt never lies beyond the limit.
    expect(afterAttempt({ ...p, attempts: 9 }, 'timeout', 29_000, 0, 'x')).toMatchObject({ pending: { nextAt: 30_000 } });
    expect(afterAttempt(undefined, 'ok', 0, 0, 'x')).toEqual({ kind: 'done', result: 'ok', attempts: 1 });
  });
});
