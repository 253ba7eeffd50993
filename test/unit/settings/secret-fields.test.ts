import { describe, expect, it } from 'vitest';
import { mergeAuthHeader, splitAuthHeader } from '../../../src/shared/settings/secret-fields.ts';
import { defaultSettings } from '../../../src/shared/settings/effective.ts';
import { fullSettings } from './fixtures.ts';

describe('authHeader kept out of stored settings', () => {
  it('takes the value out of what is stored and puts it back when read', () => {
    const s = fullSettings();
    const { stored, authHeader } = splitAuthHeader(s);
    expect(authHeader).toBe('Bearer abc');
    expect(JSON.stringify(stored)).not.toContain('Bearer abc');
    expect((stored as typeof s).audit.forward.authHeader).toBe('');
    expect(s.audit.forward.authHeader).toBe('Bearer abc'); // the input is not changed
    expect(mergeAuthHeader(stored, 'Bearer abc')).toEqual(s);
  });

  it('an empty value means "remove"; no value means "leave as it is"', () => {
    expect(splitAuthHeader(defaultSettings()).authHeader).toBe('');
    const edit = { audit: { forward: { url: 'https://x.example.com' } } };
    expect(splitAuthHeader(edit)).toEqual({ stored: edit, authHeader: undefined });
  });

  it.each([null, undefined, 'x', [], { audit: [] }, { audit: { forward: 'x' } }])('leaves %j alone', (input) => {
    expect(splitAuthHeader(input)).toEqual({ stored: input, authHeader: undefined });
    expect(mergeAuthHeader(input, 'Bearer x')).toEqual(input);
  });

  it('a non-text authHeader is not a value to keep (the settings repair reports it)', () => {
    const odd = { audit: { forward: { authHeader: 5 } } };
    expect(splitAuthHeader(odd)).toEqual({ stored: odd, authHeader: undefined });
  });

  it('merging nothing changes nothing', () => {
    const s = defaultSettings();
    expect(mergeAuthHeader(s, '')).toBe(s);
  });
});
