import { describe, expect, it } from 'vitest';
import { ADOPT_GRACE_MS, markPreviousRun, planResume, reviveHeld, type HeldMap } from '../../../src/shared/session/held-tokens.ts';
import * as s from '../../../src/shared/session/registry.ts';

const O = 'https://joc.example:4443';
const held = (version: string, token = 'tok-aaaa-bbbb'): HeldMap => ({ aaaaaaaaaaaa: { token, origin: O, generation: 'js7', version, since: 1 } });
const live = (fp: string, now: number): s.Registry => s.observeToken(s.emptyRegistry(), { fp, origin: O, tabId: 1, now }, 'login').registry;

describe('held tokens', () => {
  it('revives only well-formed entries', () => {
    expect(reviveHeld(undefined)).toEqual({});
    expect(reviveHeld({ a: { token: '', origin: O, version: '1', since: 1 }, b: 'x', c: null })).toEqual({});
    expect(reviveHeld({ a: { token: 't', origin: O, version: '1', since: 1, generation: 'weird' } })).toEqual({
      a: { token: 't', origin: O, version: '1', since: 1, generation: null },
    });
  });

  it('a new browser run records every token of the same version dead before a page can report it', () => {
    const r = markPreviousRun(s.emptyRegistry(), held('0.1.0'), '0.1.0', 5000);
    expect(r.stale).toEqual(['aaaaaaaaaaaa']);
    expect(r.registry.sessions.aaaaaaaaaaaa?.state).toBe('ended');
    // A restored tab reporting it is cleared, not adopted.
    expect(s.observeToken(r.registry, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 7, now: 6000 }, 'sighting').registry.sessions.aaaaaaaaaaaa?.state).toBe('ended');
    // …and the next wake-up logs it out.
    expect(planResume(r.registry, held('0.1.0'), '0.1.0', 6000, 5000).complete).toEqual([{ fp: 'aaaaaaaaaaaa', reason: 'stale-at-start' }]);
  });

  it('after an extension update, open pages get a grace period to adopt their sessions again', () => {
    const fresh = markPreviousRun(s.emptyRegistry(), held('0.0.9'), '0.1.0', 5000);
    expect(fresh.stale).toEqual([]);
    const early = planResume(fresh.registry, held('0.0.9'), '0.1.0', 5000 + ADOPT_GRACE_MS - 1, 5000);
    expect(early).toEqual({ complete: [], unclaimed: [], waiting: true, retry: [], nextRetryAt: null });
    // Adopted by its page: nothing to do.
    expect(planResume(live('aaaaaaaaaaaa', 6000), held('0.0.9'), '0.1.0', 99_999, 5000)).toEqual({ complete: [], unclaimed: [], waiting: false, retry: [], nextRetryAt: null });
    // Nobody claimed it in time: dead.
    expect(planResume(fresh.registry, held('0.0.9'), '0.1.0', 5000 + ADOPT_GRACE_MS, 5000).unclaimed).toEqual(['aaaaaaaaaaaa']);
  });

  it('an end cut short (registry says ended, token still held) is finished with its own reason', () => {
    const ended = s.endSession(live('aaaaaaaaaaaa', 1000), 'aaaaaaaaaaaa', 'user-ended', 2000).registry;
    expect(planResume(ended, held('0.1.0'), '0.1.0', 3000, 0).complete).toEqual([{ fp: 'aaaaaaaaaaaa', reason: 'user-ended' }]);
    // A live session is left alone; a session the registry already knows is never re-marked.
    expect(planResume(live('aaaaaaaaaaaa', 1000), held('0.1.0'), '0.1.0', 3000, 0).complete).toEqual([]);
    expect(markPreviousRun(live('aaaaaaaaaaaa', 1000), held('0.1.0'), '0.1.0', 3000).stale).toEqual([]);
  });

  it('a logout that did not get through is retried when due, never finished again, and survives a new browser run', () => {
    const pending = { attempts: 1, nextAt: 10_000, until: 50_000, reason: 'tab-closed', lastResult: 'network-error' };
    const h: HeldMap = { aaaaaaaaaaaa: { ...held('0.1.0').aaaaaaaaaaaa!, pending } };
    const ended = s.endSession(live('aaaaaaaaaaaa', 1000), 'aaaaaaaaaaaa', 'tab-closed', 2000).registry;
    expect(planResume(ended, h, '0.1.0', 9_999, 0)).toEqual({ complete: [], unclaimed: [], waiting: false, retry: [], nextRetryAt: 10_000 });
    expect(planResume(ended, h, '0.1.0', 10_000, 0).retry).toEqual(['aaaaaaaaaaaa']);
    expect(planResume(ended, { aaaaaaaaaaaa: { ...h.aaaaaaaaaaaa!, pending: { ...pending, nextAt: 99_999 } } }, '0.1.0', 50_000, 0).retry).toEqual(['aaaaaaaaaaaa']);
    // A browser restart: recorded dead for pages (even from another version), and still only retried.
    const fresh = markPreviousRun(s.emptyRegistry(), { aaaaaaaaaaaa: { ...h.aaaaaaaaaaaa!, version: '0.0.9' } }, '0.1.0', 60_000);
    expect(fresh.registry.sessions.aaaaaaaaaaaa?.state).toBe('ended');
    expect(planResume(fresh.registry, h, '0.1.0', 60_000, 60_000).complete).toEqual([]);
  });

  it('a token whose end had begun is finished under that reason at the next start, also after an update', () => {
    const h: HeldMap = { aaaaaaaaaaaa: { ...held('0.1.0').aaaaaaaaaaaa!, endedReason: 'tab-closed' } };
    const fresh = markPreviousRun(s.emptyRegistry(), h, '0.1.0', 5000);
    expect(fresh.registry.sessions.aaaaaaaaaaaa).toMatchObject({ state: 'ended', endReason: 'tab-closed' });
    expect(planResume(fresh.registry, h, '0.1.0', 5000, 5000).complete).toEqual([{ fp: 'aaaaaaaaaaaa', reason: 'tab-closed' }]);
    // Held by an older version: no grace for its pages, its session is over.
    const updated = markPreviousRun(s.emptyRegistry(), { aaaaaaaaaaaa: { ...h.aaaaaaaaaaaa!, version: '0.0.9' } }, '0.1.0', 5000);
    expect(updated.stale).toEqual(['aaaaaaaaaaaa']);
    expect(planResume(updated.registry, h, '0.1.0', 5000, 5000).complete).toEqual([{ fp: 'aaaaaaaaaaaa', reason: 'tab-closed' }]);
  });

  it('revives the end reason only when it is one of the known reasons', () => {
    const base = { token: 't', origin: O, version: '1', since: 1, generation: 'js7' };
    expect(reviveHeld({ a: { ...base, endedReason: 'screen-locked' } }).a?.endedReason).toBe('screen-locked');
    for (const bad of [null, 1, 'Tab-Closed', 'tab-closed ', '', { reason: 'tab-closed' }, '__proto__']) {
      const a = reviveHeld({ a: { ...base, endedReason: bad } }).a;
      expect(a?.token).toBe('t'); // the token itself is kept: it still has to be logged out
      expect(a?.endedReason).toBeUndefined();
    }
  });

  it('revives the retry state only when it is well-formed', () => {
    const base = { token: 't', origin: O, version: '1', since: 1, generation: 'js7' };
    expect(reviveHeld({ a: { ...base, pending: { attempts: 2, nextAt: 5, until: 9, reason: 'logout', lastResult: 'timeout' } } }).a?.pending).toEqual({ attempts: 2, nextAt: 5, until: 9, reason: 'logout', lastResult: 'timeout' });
    for (const bad of [null, 'x', { attempts: '2' }, { attempts: 1, nextAt: 1, until: 2, reason: 1, lastResult: 'x' }, { attempts: 1, nextAt: NaN, until: 2, reason: 'r', lastResult: 'x' }]) {
      expect(reviveHeld({ a: { ...base, pending: bad } }).a?.pending).toBeUndefined();
    }
  });
});
