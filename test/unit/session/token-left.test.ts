import { describe, expect, it } from 'vitest';
import type { Area } from '../../../src/shared/session/sweep.ts';
import { keepsInTab } from '../../../src/shared/session/token-left.ts';

// The table of src/shared/session/token-left.ts, row by row, plus the values the GUIs use for "no token".
const rows: [string, Area | null, string | null, string | null, boolean][] = [
  ['another page took the localStorage token (its sweep removed the key)', 'localStorage', null, null, true],
  ['… and this tab has a blank sessionStorage key', 'localStorage', null, '', true],
  ['… and this tab has "null" there (1.x writes null as a string)', 'localStorage', null, 'null', true],
  ['removed from localStorage, this tab already holds another token', 'localStorage', null, 'tok-other-1234', false],
  ['the GUI emptied localStorage (logout, expiry)', 'localStorage', '', null, false],
  ['the GUI wrote "null" into localStorage', 'localStorage', 'null', null, false],
  ['another token in localStorage now', 'localStorage', 'tok-new-5678', null, false],
  ['a sessionStorage token removed', 'sessionStorage', null, null, false],
  ['a sessionStorage token emptied', 'sessionStorage', '', '', false],
  ['where the token was is not known', null, null, null, false],
];

describe('a held token left its storage', () => {
  it.each(rows)('%s', (_what, heldIn, localNow, sessionNow, expected) => {
    expect(keepsInTab(heldIn, localNow, sessionNow)).toBe(expected);
  });

  it('keeps a token in the tab only for one case: localStorage key removed, no token in this tab', () => {
    const areas: (Area | null)[] = ['localStorage', 'sessionStorage', null];
    const values: (string | null)[] = [null, '', 'null', 'undefined', ' ', 'tok-1234'];
    for (const a of areas)
      for (const l of values)
        for (const s of values) {
          const keep = a === 'localStorage' && l === null && (s === null || s.trim() === '' || s === 'null' || s === 'undefined');
          expect(keepsInTab(a, l, s), `${String(a)} ${String(l)} ${String(s)}`).toBe(keep);
        }
  });
});
