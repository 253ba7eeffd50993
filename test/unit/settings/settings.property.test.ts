// Property tests: the settings layer never throws on any input, and a broken
// policy never yields a weaker Remember Me mode than a valid one would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LOCKABLE_PATHS,
  REMEMBER_ME_MODES,
  applyUserEdit,
  effectiveSettings,
  parsePolicy,
  validateSettings,
  type DeepPartial,
  type Settings,
} from '../../../src/shared/settings/effective.ts';
import { CERT_PEM, KEY_PEM } from './fixtures.ts';

const RUNS = 1500;

/** Values a careless or hostile policy might hold, mixed with valid ones. */
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('forbid', 'expire', 'allow', 'default', 'Allow', 'allow ', 'js7', '1.x', 'auto', '', CERT_PEM, KEY_PEM),
  fc.constantFrom('https://a.example.com', 'HTTPS://B.example.com:443/', 'javascript:alert(1)', 'https://u:p@x', 'https://x/joc', 'http://c.example.com'),
  fc.integer({ min: -5, max: 20_000 }),
  fc.double(),
  fc.boolean(),
);
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) => fc.record(model, { requiredKeys: [] });
const originEntry = fc.oneof(partial({ origin: leaf, label: leaf, generation: leaf, rememberMe: leaf }), leaf);
const certEntry = fc.oneof(partial({ origin: leaf, label: leaf, pem: leaf }), leaf);

/** Settings-shaped objects with arbitrary leaves (reaches deep code paths). */
const shaped = partial({
  version: leaf,
  origins: fc.oneof(fc.array(originEntry, { maxLength: 4 }), leaf),
  rememberMe: fc.oneof(partial({ mode: leaf, expireAfterHours: leaf }), leaf),
  session: fc.oneof(partial({ idleMaxMinutes: leaf, logoutOnLastTabClose: leaf, closeGraceSeconds: leaf, endOnLock: leaf, systemIdleMinutes: leaf, maxHours: leaf }), leaf),
  certificates: fc.oneof(
    partial({ client: fc.oneof(fc.array(certEntry, { maxLength: 3 }), leaf), caPem: fc.oneof(fc.array(leaf, { maxLength: 3 }), leaf), warnDays: leaf, minRsaBits: leaf, pinServerCert: leaf }),
    leaf,
  ),
  audit: fc.oneof(partial({ maxRecords: leaf, forward: fc.oneof(partial({ enabled: leaf, url: leaf, authHeader: leaf, batchSize: leaf }), leaf) }), leaf),
  extra: leaf,
});
const anyInput = fc.oneof(shaped, fc.jsonValue(), fc.anything({ withNullPrototype: true, withObjectString: true }));

/** Valid partial settings. Policies and edits overlap only in `session`, so edits are both accepted and refused. */
const mode = fc.constantFrom(...REMEMBER_ME_MODES);
const session = partial({
  idleMaxMinutes: fc.integer({ min: 0, max: 1440 }),
  logoutOnLastTabClose: fc.boolean(),
  closeGraceSeconds: fc.integer({ min: 0, max: 300 }),
  endOnLock: fc.boolean(),
  systemIdleMinutes: fc.integer({ min: 0, max: 240 }),
  maxHours: fc.integer({ min: 0, max: 168 }),
});
const validPolicy = partial({ rememberMe: partial({ mode, expireAfterHours: fc.integer({ min: 1, max: 8760 }) }), session });
const validEdit = partial({
  origins: fc.uniqueArray(
    fc.record({
      origin: fc.constantFrom('https://a.example.com', 'https://b.example.com:8443', 'http://c.example.com'),
      // eslint-disable-next-line no-control-regex -- labels may not contain control characters
      label: fc.string({ maxLength: 10 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '')),
      generation: fc.constantFrom('auto', 'js7', '1.x'),
      rememberMe: fc.constantFrom('default', ...REMEMBER_ME_MODES),
    }),
    { maxLength: 3, selector: (o) => o.origin },
  ),
  session,
  certificates: partial({ warnDays: fc.integer({ min: 1, max: 365 }), minRsaBits: fc.integer({ min: 1024, max: 16384 }), pinServerCert: fc.boolean() }),
});

function valueAt(x: unknown, path: string): unknown {
  let cur = x;
  for (const k of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

describe('settings properties', () => {
  it('validateSettings never throws and always explains a rejection', () => {
    fc.assert(
      fc.property(anyInput, (x) => {
        const r = validateSettings(x);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('parsePolicy never throws and never yields an invalid or unearned Remember Me mode', () => {
    fc.assert(
      fc.property(anyInput, (x) => {
        const r = parsePolicy(x);
        const mode = r.value.rememberMe?.mode;
        if (mode !== undefined) expect(REMEMBER_ME_MODES).toContain(mode);
        // 'allow' (and 'expire') only come from a policy that said exactly that.
        if (mode === 'allow' || mode === 'expire') expect(valueAt(x, 'rememberMe.mode')).toBe(mode);
        for (const o of r.value.origins ?? []) if (o.rememberMe === 'allow') expect(JSON.stringify(x)).toContain('"allow"');
        // Whatever it returns is a valid partial: merging it gives valid settings.
        expect(validateSettings(effectiveSettings(undefined, r.value).settings).ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('effectiveSettings never throws, always yields valid settings, and locked values are the policy values', () => {
    fc.assert(
      fc.property(anyInput, fc.oneof(anyInput, validPolicy), (user, managed) => {
        const e = effectiveSettings(user, managed);
        expect(validateSettings(e.settings).ok).toBe(true);
        const policy = parsePolicy(managed).value;
        for (const path of e.locked) {
          expect(LOCKABLE_PATHS).toContain(path);
          if (path === 'audit.forward.enabled') continue; // may be forced off (no https URL)
          expect(valueAt(e.settings, path)).toEqual(valueAt(policy, path));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a user edit can never change a locked value', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(shaped, validEdit), fc.oneof(shaped, validPolicy), fc.oneof(validEdit, validEdit, anyInput), (user, managed, edit) => {
        const before = effectiveSettings(user, managed);
        const r = applyUserEdit(before, edit as DeepPartial<Settings>);
        accepted += r.ok ? 1 : 0;
        if (!r.ok) return;
        expect(validateSettings(r.user).ok).toBe(true);
        const after = effectiveSettings(r.user, managed);
        for (const path of before.locked) expect(valueAt(after.settings, path)).toEqual(valueAt(before.settings, path));
        if (before.locked.includes('rememberMe.mode') && !before.locked.includes('origins')) {
          const rank = { allow: 0, expire: 1, forbid: 2 } as const;
          for (const o of after.settings.origins) if (o.rememberMe !== 'default') expect(rank[o.rememberMe]).toBeGreaterThanOrEqual(rank[after.settings.rememberMe.mode]);
        }
      }),
      { numRuns: 1500 },
    );
    // Guard against a vacuous property: a good share of the edits must be accepted.
    expect(accepted).toBeGreaterThan(150);
  });
});
