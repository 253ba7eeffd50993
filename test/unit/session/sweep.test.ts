import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTokenValue } from '../../../src/shared/joc/cockpit.ts';
import { planSweep, type Snapshot } from '../../../src/shared/session/sweep.ts';

const live: Snapshot = {
  sessionStorage: { '$SOS$accessTokenId': 'tok-1234-abcd', '$SOS$permission': '{}', '$SOS$sessionTimeout': '1800000', '$SOS$THEME': 'x' },
  localStorage: { '$SOS$FOO': 'U2FsdGVkX1a', '$SOS$BOO': 'U2FsdGVkX1b', '$SOS$REMEMBER': 'true', '$SOS$LANG': 'de' },
};

describe('document_start sweep', () => {
  it('quarantines every session key of a token without a live tab marker', () => {
    const p = planSweep(live, false, false, 'allow');
    expect(p.quarantine.map((e) => e.key).sort()).toEqual(['$SOS$accessTokenId', '$SOS$permission', '$SOS$sessionTimeout']);
    expect(p.quarantine.every((e) => e.key !== '$SOS$THEME')).toBe(true);
    expect(p.tokens).toEqual([{ area: 'sessionStorage', key: '$SOS$accessTokenId', value: 'tok-1234-abcd' }]);
  });

  it('keeps the token of a continuing page (reload in the same tab)', () => {
    expect(planSweep(live, true, false, 'allow').quarantine).toEqual([]);
  });

  it('catches a token planted in localStorage (1.x pre-1.11 Remember Me)', () => {
    const s: Snapshot = { sessionStorage: {}, localStorage: { '$SOS$accessTokenId': 'old', '$SOS$permission': 'p' } };
    expect(planSweep(s, false, false, 'allow').quarantine.map((e) => `${e.area}:${e.key}`)).toEqual(['localStorage:$SOS$accessTokenId', 'localStorage:$SOS$permission']);
  });

  it('leaves blank keys alone when there is no token', () => {
    const s: Snapshot = { sessionStorage: { '$SOS$accessTokenId': '', '$SOS$permission': '' }, localStorage: {} };
    expect(planSweep(s, false, false, 'forbid').quarantine).toEqual([]);
  });

  it('holds remembered credentials back unless the host allows them', () => {
    expect(planSweep(live, true, false, 'forbid').rememberHold.map((e) => e.key)).toEqual(['$SOS$FOO', '$SOS$BOO', '$SOS$REMEMBER']);
    expect(planSweep(live, true, false, 'expire').rememberHold).toHaveLength(3);
    expect(planSweep(live, true, false, 'allow').rememberHold).toEqual([]);
  });

  it('a continuing page keeps only its sessionStorage token; a localStorage token is always taken away', () => {
    const both: Snapshot = {
      sessionStorage: { '$SOS$accessTokenId': 'live-1234', '$SOS$permission': 'p' },
      localStorage: { '$SOS$accessTokenId': 'planted-5678', '$SOS$currentUserData': 'root' },
    };
    const p = planSweep(both, true, false, 'forbid');
    expect(p.quarantine.map((e) => `${e.area}:${e.key}`)).toEqual(['localStorage:$SOS$accessTokenId', 'localStorage:$SOS$currentUserData']);
    expect(planSweep(both, false, false, 'forbid').quarantine).toHaveLength(4);
  });

  it('a late page (scripts already ran) has nothing taken away', () => {
    expect(planSweep(live, false, true, 'forbid').quarantine).toEqual([]);
    expect(planSweep(live, false, true, 'forbid').rememberHold).toHaveLength(3);
  });

  it('never touches keys outside the JOC session and Remember Me sets', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), fc.dictionary(fc.string(), fc.string()), fc.boolean(), fc.boolean(), fc.constantFrom('forbid', 'expire', 'allow' as const), (l, s, cont, late, mode) => {
        const p = planSweep({ localStorage: l, sessionStorage: s }, cont, late, mode);
        for (const e of [...p.quarantine, ...p.rememberHold]) expect(e.key.startsWith('$SOS$')).toBe(true);
        // Whatever the page is, a token in localStorage is never left for page scripts to read first.
        if (!late && isTokenValue(l['$SOS$accessTokenId'])) {
          expect(p.quarantine.some((e) => e.area === 'localStorage' && e.key === '$SOS$accessTokenId')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
