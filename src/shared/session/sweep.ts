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

/** The JOC keys the sweep decides on (SESSION_KEYS and REMEMBER_KEYS); the content script reads just those. */
export interface Snapshot {
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
}

export interface SweepPlan {
  /** Session keys taken away until the background says whether the session is live. */
  quarantine: Entry[];
  /** Remember Me keys held back until the background gives this origin's verdict. */
  rememberHold: Entry[];
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
 * @param continuing this document continues a guarded JOC page of the same tab
 *   (see continuity.ts): its sessionStorage token stays. A restored tab, a
 *   restarted browser, a new window or a named window does not continue.
 * @param late the script was injected into a page that was already running:
 *   nothing can be hidden from its scripts any more; the background decides.
 * @param hostMode the strictest Remember Me mode of the origins on this host
 *   (registration is per host): anything but `allow` holds the remembered
 *   credentials back until the background gives the origin's own verdict.
 */
export function planSweep(snapshot: Snapshot, continuing: boolean, late: boolean, hostMode: RememberMeMode): SweepPlan {
  const areas: Area[] = ['sessionStorage', 'localStorage'];
  const tokens = areas
    .map((area) => ({ area, key: TOKEN_KEY, value: snapshot[area][TOKEN_KEY] }))
    .filter((e): e is Entry => isTokenValue(e.value));
  // A localStorage token never continues (continuity.ts); a late page's scripts have read everything already.
  const hide = tokens.filter((t) => !late && (!continuing || t.area === 'localStorage')).map((t) => t.area);
  const quarantine = hide.flatMap((a) => entries(snapshot, a, SESSION_KEYS));
  return { quarantine, rememberHold: hostMode === 'allow' ? [] : entries(snapshot, 'localStorage', REMEMBER_KEYS), tokens };
}
