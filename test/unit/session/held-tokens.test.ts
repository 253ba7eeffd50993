import { describe, expect, it } from 'vitest';
import { ADOPT_GRACE_MS, markPreviousRun, planResume, reviveHeld, type HeldMap } from '../../../src/shared/session/held-tokens.ts';
import * as s from '../../../src/shared/session/registry.ts';

const O = 'https://joc.example:4443';
const held = (version: string, token = 'tok-aaaa-bbbb'): HeldMap => ({ aaaaaaaaaaaa: { token, origin: O, generation: 'js7', version, since: 1 } });
const live = (fp: string, now: number): s.Registry => s.observeToken(s.emptyRegistry(), { fp, origin: O, tabId: 1, now }, true).registry;

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
    expect(s.quarantineVerdict(r.registry, 'aaaaaaaaaaaa', O)).toBe('clear');
    expect(s.observeToken(r.registry, { fp: 'aaaaaaaaaaaa', origin: O, tabId: 7, now: 6000 }, false).registry.sessions.aaaaaaaaaaaa?.state).toBe('ended');
    // …and the next wake-up logs it out.
    expect(planResume(r.registry, held('0.1.0'), '0.1.0', 6000, 5000).complete).toEqual([{ fp: 'aaaaaaaaaaaa', reason: 'stale-at-start' }]);
  });

  it('after an extension update, open pages get a grace period to adopt their sessions again', () => {
    const fresh = markPreviousRun(s.emptyRegistry(), held('0.0.9'), '0.1.0', 5000);
    expect(fresh.stale).toEqual([]);
    const early = planResume(fresh.registry, held('0.0.9'), '0.1.0', 5000 + ADOPT_GRACE_MS - 1, 5000);
    expect(early).toEqual({ complete: [], unclaimed: [], waiting: true });
    // Adopted by its page: nothing to do.
    expect(planResume(live('aaaaaaaaaaaa', 6000), held('0.0.9'), '0.1.0', 99_999, 5000)).toEqual({ complete: [], unclaimed: [], waiting: false });
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
});
