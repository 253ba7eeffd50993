// The decision taken synchronously at document_start, before any page script
// runs: which JOC keys to take out of the page's reach. Pure; the content
// script applies the plan. See README "How a stale token is caught".
import { REMEMBER_KEYS, SESSION_KEYS, TOKEN_KEY, isTokenValue } from '../joc/cockpit.ts';
import type { RememberMeMode } from '../settings/effective.ts';

export type Area = 'localStorage' | 'sessionStorage';

export interface Entry {
  area: Area;
  key: string;
  value: string;
}

/** Only `$SOS$` keys matter; the content script reads just those. */
export interface Snapshot {
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
}

export interface SweepPlan {
  /** Session keys taken away until the background says whether the session is live. */
  quarantine: Entry[];
  /** Remember Me keys held back until the background confirms they have not expired. */
  rememberHold: Entry[];
  /** Remember Me keys removed for good (policy forbid). */
  rememberRemove: Entry[];
  /** Token values found (to report as fingerprints), by area. */
  tokens: Entry[];
}

function entries(snapshot: Snapshot, area: Area, keys: readonly string[]): Entry[] {
  const out: Entry[] = [];
  const store = snapshot[area];
  for (const key of keys) {
    const value = store[key];
    if (typeof value === 'string') out.push({ area, key, value });
  }
  return out;
}

/**
 * @param continuation true when this document continues a JOC page that was
 *   alive in the same tab a moment ago (reload, same-tab navigation): the tab
 *   marker survived. A restored tab or a restarted browser has no marker.
 */
export function planSweep(snapshot: Snapshot, continuation: boolean, mode: RememberMeMode): SweepPlan {
  const areas: Area[] = ['sessionStorage', 'localStorage'];
  const tokens = areas
    .map((area) => ({ area, key: TOKEN_KEY, value: snapshot[area][TOKEN_KEY] }))
    .filter((e): e is Entry => isTokenValue(e.value));
  const quarantine =
    tokens.length > 0 && !continuation ? areas.flatMap((a) => entries(snapshot, a, SESSION_KEYS)) : [];
  const remember = entries(snapshot, 'localStorage', REMEMBER_KEYS);
  return {
    quarantine,
    rememberHold: mode === 'expire' ? remember : [],
    rememberRemove: mode === 'forbid' ? remember : [],
    tokens,
  };
}
