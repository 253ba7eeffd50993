// Issue 15.4: a field documented as optional (managed_schema.json declares no
// `required`; docs/policy/README.md lists the defaults) that is absent is not
// an error. Only `origin` of an origins entry and `origin` + `pem` of a client
// certificate are required.
import { describe, expect, it } from 'vitest';
import { defaultSettings, effectiveSettings, parsePolicy, validateSettings } from '../../../src/shared/settings/effective.ts';
import { CERT_PEM } from './fixtures.ts';

const O = 'https://joc.example.com:4443';
const FULL = { origin: O, label: '', generation: 'auto', rememberMe: 'default' } as const;

describe('optional fields of list entries', () => {
  const originCases: [string, Record<string, unknown>][] = [
    ['origin only', { origin: O }],
    ['no rememberMe', { origin: O, label: '', generation: 'auto' }],
    ['no label', { origin: O, generation: 'auto', rememberMe: 'default' }],
    ['no generation', { origin: O, label: '', rememberMe: 'default' }],
  ];
  for (const [name, entry] of originCases) {
    it(`origins entry with ${name}: no error, documented defaults`, () => {
      const r = parsePolicy({ origins: [entry] });
      expect(r.errors).toEqual([]);
      expect(r.value.origins).toEqual([FULL]);
      const e = effectiveSettings(defaultSettings(), { origins: [entry] });
      expect(e.errors).toEqual([]);
      expect(e.managed).toBe(true);
      expect(e.locked).toEqual(['origins']);
      expect(e.settings.origins).toEqual([FULL]);
    });
  }

  it('keeps the values that are given', () => {
    const r = parsePolicy({ origins: [{ origin: O, rememberMe: 'allow' }, { origin: 'https://b.example.com', generation: '1.x', label: 'B' }] });
    expect(r.errors).toEqual([]);
    expect(r.value.origins).toEqual([
      { ...FULL, rememberMe: 'allow' },
      { origin: 'https://b.example.com', label: 'B', generation: '1.x', rememberMe: 'default' },
    ]);
  });

  it('a client certificate without label: no error, empty label', () => {
    const r = parsePolicy({ certificates: { client: [{ origin: O, pem: CERT_PEM }] } });
    expect(r.errors).toEqual([]);
    expect(r.value.certificates?.client).toEqual([{ origin: O, label: '', pem: CERT_PEM }]);
  });

  it('an absent optional field next to a broken one still gets its default (not the safest value)', () => {
    const r = parsePolicy({ origins: [{ origin: O, label: 7 }] });
    expect(r.value.origins).toEqual([FULL]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^origins\[0\]\.label: /);
  });

  it('a present but invalid optional field is still an error with the safe value', () => {
    const r = parsePolicy({ origins: [{ origin: O, rememberMe: 'Allow' }] });
    expect(r.value.origins).toEqual([{ ...FULL, rememberMe: 'forbid' }]);
    expect(r.errors).toHaveLength(1);
    const n = parsePolicy({ origins: [{ origin: O, rememberMe: null }] });
    expect(n.value.origins).toEqual([{ ...FULL, rememberMe: 'forbid' }]);
    expect(n.errors).toHaveLength(1);
  });

  it('required fields stay required', () => {
    const noOrigin = parsePolicy({ origins: [{ label: 'x', rememberMe: 'allow' }] });
    expect(noOrigin.value.origins).toEqual([]);
    expect(noOrigin.errors).toHaveLength(1);
    const noPem = parsePolicy({ certificates: { client: [{ origin: O, label: 'x' }] } });
    expect(noPem.value).toEqual({ certificates: { client: [] } });
    expect(noPem.errors).toEqual(['certificates.client[0].pem: missing; entry dropped']);
  });

  it('stored user settings and user edits accept the same entries', () => {
    const user = { ...defaultSettings(), origins: [{ origin: O }] };
    expect(effectiveSettings(user, undefined).errors).toEqual([]);
    const v = validateSettings(user);
    expect(v.ok && v.value.origins).toEqual([FULL]);
  });
});
