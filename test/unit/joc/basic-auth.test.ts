import { describe, expect, it } from 'vitest';
import { basicAccount } from '../../../src/shared/joc/basic-auth.ts';

const basic = (s: string): string => `Basic ${Buffer.from(s, 'utf8').toString('base64')}`;

describe('basicAccount: the account of a login, never the password', () => {
  it.each([
    [basic('apmacwin:secret'), 'apmacwin'],
    [basic('müller:pa:ss'), 'müller'],
    [basic(':'), ''], // the GUI's automatic certificate login
    [basic(':secret'), ''],
    ['Basic Og==', ''],
    ['basic ' + Buffer.from('a:b').toString('base64'), 'a'],
    [basic('noColon'), 'noColon'],
    [undefined, null],
    ['Bearer abc', null],
    ['Basic', null], // the bare word: no credentials at all
    ['Basic !!!', null],
    ['Basic ' + 'A'.repeat(9000), null],
    [basic('x'.repeat(300) + ':p'), null],
  ])('%s → %s', (header, want) => {
    expect(basicAccount(header)).toBe(want);
  });
  it('the result never contains the password', () => {
    for (const pw of ['secret', 'apmacwin', 'ä:ö']) expect(basicAccount(basic(`user:${pw}`))).toBe('user');
  });
});
