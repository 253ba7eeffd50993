// Which script each host gets, and what a settings change means for open pages.
import { describe, expect, it } from 'vitest';
import { planRegistrations, registrationChange, type Existing, type Planned } from '../../../src/shared/settings/registrations.ts';
import { defaultSettings } from '../../../src/shared/settings/defaults.ts';
import type { RememberMeMode } from '../../../src/shared/settings/schema.ts';

const settings = (origins: [string, RememberMeMode | 'default'][], mode: RememberMeMode = 'forbid') => {
  const s = defaultSettings();
  s.rememberMe.mode = mode;
  s.origins = origins.map(([origin, rememberMe]) => ({ origin, label: '', generation: 'auto', rememberMe }));
  return s;
};
const all = (): boolean => true;

describe('planRegistrations', () => {
  it('one registration per host; the strictest mode of the host decides the synchronous pre-decision', () => {
    const p = planRegistrations(settings([['https://joc.example:4443', 'allow'], ['https://joc.example:5443', 'expire'], ['https://other.example', 'default']], 'allow'), all);
    expect(p).toEqual([
      { id: 'joc-0', matches: ['https://joc.example/*'], js: ['cfg/mode-expire.js', 'content.js'] },
      { id: 'joc-1', matches: ['https://other.example/*'], js: ['cfg/mode-allow.js', 'content.js'] },
    ]);
  });
  it('only hosts with granted access', () => {
    expect(planRegistrations(settings([['https://a.example', 'default'], ['https://b.example', 'default']]), (p) => p.startsWith('https://b.'))).toHaveLength(1);
    expect(planRegistrations(settings([]), all)).toEqual([]);
  });
});

describe('registrationChange', () => {
  const w = (host: string, mode: RememberMeMode, id = 'joc-0'): Planned => ({ id, matches: [`https://${host}/*`], js: [`cfg/mode-${mode}.js`, 'content.js'] });
  const e = (p: Planned): Existing => ({ id: p.id, matches: p.matches, js: p.js });
  it.each([
    ['nothing changed', [e(w('a', 'forbid'))], [w('a', 'forbid')], false, { reregister: false, added: [], tightened: [] }],
    ['a fresh start re-registers and guards every host', [e(w('a', 'forbid'))], [w('a', 'forbid')], true, { reregister: true, added: [w('a', 'forbid')], tightened: [] }],
    ['an origin added (new host): guard its open tabs', [e(w('a', 'forbid'))], [w('a', 'forbid'), w('b', 'allow', 'joc-1')], false, { reregister: true, added: [w('b', 'allow', 'joc-1')], tightened: [] }],
    ['first configuration', [], [w('a', 'expire')], false, { reregister: true, added: [w('a', 'expire')], tightened: [] }],
    ['mode tightened to forbid: tell open pages', [e(w('a', 'allow'))], [w('a', 'forbid')], false, { reregister: true, added: [], tightened: [w('a', 'forbid')] }],
    ['mode loosened: re-register only', [e(w('a', 'forbid'))], [w('a', 'allow')], false, { reregister: true, added: [], tightened: [] }],
    ['a host removed', [e(w('a', 'forbid')), e(w('b', 'forbid', 'joc-1'))], [w('a', 'forbid')], false, { reregister: true, added: [], tightened: [] }],
  ] as const)('%s', (_n, existing, wanted, fresh, want) => {
    expect(registrationChange(existing, wanted, fresh)).toEqual(want);
  });
});
