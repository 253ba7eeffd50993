import { describe, expect, it } from 'vitest';
import { compareAccountToCN } from '../../../src/shared/cert/account.ts';

describe('compareAccountToCN', () => {
  it('exact match', () => {
    expect(compareAccountToCN('apmacwin', 'apmacwin')).toEqual({ match: true, kind: 'exact' });
  });

  it('empty account: the server uses the CN', () => {
    expect(compareAccountToCN('', 'apmacwin')).toMatchObject({ match: true, kind: 'empty-account' });
  });

  it('no CN: never a match, even with an empty account', () => {
    expect(compareAccountToCN('apmacwin', null)).toMatchObject({ match: false, kind: 'no-cn' });
    expect(compareAccountToCN('', null)).toMatchObject({ match: false, kind: 'no-cn' });
  });

  it('letter case only', () => {
    const r = compareAccountToCN('apmacwin', 'APMacWin');
    expect(r).toMatchObject({ match: false, kind: 'case' });
    expect(r.detail).toBe('first difference at character 1: account has U+0061, CN has U+0041');
  });

  it('trailing space', () => {
    const r = compareAccountToCN('apmacwin ', 'apmacwin');
    expect(r).toEqual({ match: false, kind: 'whitespace', detail: 'account has trailing U+0020 at character 9' });
  });

  it('non-breaking space, leading tab, zero-width space', () => {
    expect(compareAccountToCN('ap\u00a0macwin', 'ap macwin')).toEqual({
      match: false,
      kind: 'whitespace',
      detail: 'account has inner U+00A0 at character 3; CN has inner U+0020 at character 3',
    });
    expect(compareAccountToCN('\tapmacwin', 'apmacwin').detail).toBe('account has leading U+0009 at character 1');
    expect(compareAccountToCN('apmac\u200bwin', 'apmacwin')).toMatchObject({ kind: 'whitespace', detail: 'account has inner U+200B at character 6' });
    expect(compareAccountToCN('apmacwin', 'apmacwin\u00a0')).toMatchObject({ kind: 'whitespace', detail: 'CN has trailing U+00A0 at character 9' });
  });

  it('case and whitespace together count as case, with a note', () => {
    const r = compareAccountToCN('APMacWin ', 'apmacwin');
    expect(r.kind).toBe('case');
    expect(r.detail).toMatch(/whitespace differs as well$/);
  });

  it('different', () => {
    expect(compareAccountToCN('root', 'apmacwin')).toEqual({
      match: false,
      kind: 'different',
      detail: 'first difference at character 1: account has U+0072, CN has U+0061',
    });
    expect(compareAccountToCN('apmac', 'apmacwin').detail).toBe('first difference at character 6: account has end of string, CN has U+0077');
    expect(compareAccountToCN('   ', 'apmacwin').detail).toBe('the account consists only of whitespace');
  });

  it('look-alikes are different and the detail names the code points', () => {
    // Cyrillic "а" (U+0430) instead of Latin "a"
    expect(compareAccountToCN('\u0430pmacwin', 'apmacwin').detail).toBe('first difference at character 1: account has U+0430, CN has U+0061');
    // NFD "é" vs NFC "é"
    const r = compareAccountToCN('Jose\u0301', 'Jos\u00e9');
    expect(r.kind).toBe('different');
    expect(r.detail).toMatch(/^same text in a different Unicode normalization form/);
  });

  it('code points outside the BMP are counted as one character', () => {
    expect(compareAccountToCN('😀a', '😀b').detail).toBe('first difference at character 2: account has U+0061, CN has U+0062');
  });
});
