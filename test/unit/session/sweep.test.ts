import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSweep, type Snapshot } from '../../../src/shared/session/sweep.ts';

const live: Snapshot = {
  sessionStorage: { '$SOS$accessTokenId': 'tok-1234-abcd', '$SOS$permission': '{}', '$SOS$sessionTimeout': '1800000', '$SOS$THEME': 'x' },
  localStorage: { '$SOS$FOO': 'U2FsdGVkX1a', '$SOS$BOO': 'U2FsdGVkX1b', '$SOS$REMEMBER': 'true', '$SOS$LANG': 'de' },
};

describe('document_start sweep', () => {
  it('quarantines every session key of a token without a live tab marker', () => {
    const p = planSweep(live, false, 'allow');
    expect(p.quarantine.map((e) => e.key).sort()).toEqual(['$SOS$accessTokenId', '$SOS$permission', '$SOS$sessionTimeout']);
    expect(p.quarantine.every((e) => e.key !== '$SOS$THEME')).toBe(true);
    expect(p.tokens).toEqual([{ area: 'sessionStorage', key: '$SOS$accessTokenId', value: 'tok-1234-abcd' }]);
  });

  it('keeps the token of a continuing page (reload in the same tab)', () => {
    expect(planSweep(live, true, 'allow').quarantine).toEqual([]);
  });

  it('catches a token planted in localStorage (1.x pre-1.11 Remember Me)', () => {
    const s: Snapshot = { sessionStorage: {}, localStorage: { '$SOS$accessTokenId': 'old', '$SOS$permission': 'p' } };
    expect(planSweep(s, false, 'allow').quarantine.map((e) => `${e.area}:${e.key}`)).toEqual(['localStorage:$SOS$accessTokenId', 'localStorage:$SOS$permission']);
  });

  it('leaves blank keys alone when there is no token', () => {
    const s: Snapshot = { sessionStorage: { '$SOS$accessTokenId': '', '$SOS$permission': '' }, localStorage: {} };
    expect(planSweep(s, false, 'forbid').quarantine).toEqual([]);
  });

  it('applies the Remember Me mode', () => {
    expect(planSweep(live, true, 'forbid').rememberRemove.map((e) => e.key)).toEqual(['$SOS$FOO', '$SOS$BOO', '$SOS$REMEMBER']);
    expect(planSweep(live, true, 'forbid').rememberHold).toEqual([]);
    expect(planSweep(live, true, 'expire').rememberHold).toHaveLength(3);
    const allow = planSweep(live, true, 'allow');
    expect(allow.rememberHold.length + allow.rememberRemove.length).toBe(0);
  });

  it('never touches keys outside the JOC session and Remember Me sets', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), fc.dictionary(fc.string(), fc.string()), fc.boolean(), fc.constantFrom('forbid', 'expire', 'allow' as const), (l, s, cont, mode) => {
        const p = planSweep({ localStorage: l, sessionStorage: s }, cont, mode);
        for (const e of [...p.quarantine, ...p.rememberHold, ...p.rememberRemove]) expect(e.key.startsWith('$SOS$')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
