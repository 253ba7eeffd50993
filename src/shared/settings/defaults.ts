// Default values: a fresh installation, an absent optional field of a list
// entry, and the safest value a broken managed policy falls back to.
import type { DeepPartial, OriginSettings, Settings } from './schema.ts';

/**
 * What an absent optional field of a list entry means (managed_schema.json
 * declares no `required`; docs/policy/README.md lists these). Absent is not an
 * error; a present but invalid value still is.
 */
export const ENTRY_DEFAULTS = { label: '', generation: 'auto', rememberMe: 'default' } as const satisfies Omit<OriginSettings, 'origin'>;

export function defaultSettings(): Settings {
  return {
    version: 1,
    origins: [],
    rememberMe: { mode: 'forbid', expireAfterHours: 72 },
    // Operator safety (issue 18): 15 minutes is a common screen-lock timeout on
    // managed workstations; 12 hours covers a long shift and ends sessions left overnight.
    session: { idleMaxMinutes: 0, logoutOnLastTabClose: true, closeGraceSeconds: 0, endOnLock: true, systemIdleMinutes: 15, maxHours: 12 },
    certificates: { client: [], caPem: [], warnDays: 30, minRsaBits: 2048, pinServerCert: true },
    audit: { maxRecords: 5000, forward: { enabled: false, url: '', authHeader: '', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' } },
  };
}

/**
 * Fields added after installations had already stored their settings: stored
 * settings without them get the default silently (not a "missing" error).
 */
export const ADDED_FIELDS: readonly string[] = ['session.endOnLock', 'session.systemIdleMinutes', 'session.maxHours'];

/** What a broken managed policy falls back to, field by field. */
export const SAFEST = deepFreeze({
  rememberMe: { mode: 'forbid' },
  session: { logoutOnLastTabClose: true, closeGraceSeconds: 0, endOnLock: true },
  certificates: { pinServerCert: true, minRsaBits: 2048, warnDays: 30 },
} as const satisfies DeepPartial<Settings>);

function deepFreeze<T extends object>(o: T): T {
  for (const x of Object.values(o)) if (typeof x === 'object' && x !== null) deepFreeze(x);
  return Object.freeze(o);
}
