// Settings stored before a field existed (issue 18 added session.endOnLock,
// systemIdleMinutes and maxHours): an update must not turn them into errors
// (which the popup would show and the audit would record as policy.invalid).
import { describe, expect, it } from 'vitest';
import { ADDED_FIELDS, defaultSettings, effectiveSettings } from '../../../src/shared/settings/effective.ts';
import { fullSettings, loose } from './fixtures.ts';

/** The settings as an installation before issue 18 stored them. */
function storedBefore(): ReturnType<typeof loose> {
  const s = loose(fullSettings());
  delete s.session.endOnLock;
  delete s.session.systemIdleMinutes;
  delete s.session.maxHours;
  return s;
}

describe('fields added after settings were stored', () => {
  it('get their defaults without an error; every other stored value is kept', () => {
    const eff = effectiveSettings(storedBefore(), undefined);
    expect(eff.errors).toEqual([]);
    const d = defaultSettings().session;
    expect(eff.settings.session).toEqual({ ...fullSettings().session, endOnLock: d.endOnLock, systemIdleMinutes: d.systemIdleMinutes, maxHours: d.maxHours });
    expect(eff.settings.origins).toEqual(fullSettings().origins);
  });

  it('a present but invalid value is still an error (only absence is forgiven)', () => {
    const s = storedBefore();
    s.session.maxHours = 'forever';
    const eff = effectiveSettings(s, undefined);
    expect(eff.errors).toEqual(["user settings: session.maxHours: expected an integer from 0 to 168, got 'forever'; using default 12"]);
    expect(eff.settings.session.maxHours).toBe(12);
  });

  it('an old field that is missing is still reported', () => {
    const s = storedBefore();
    delete s.session.idleMaxMinutes;
    expect(effectiveSettings(s, undefined).errors).toEqual(['user settings: session.idleMaxMinutes: missing; using default 0']);
  });

  it('names only real settings paths', () => {
    const d = defaultSettings() as unknown as Record<string, Record<string, unknown>>;
    for (const path of ADDED_FIELDS) {
      const [group, key] = path.split('.') as [string, string];
      expect(d[group]?.[key], path).toBeDefined();
    }
  });
});
