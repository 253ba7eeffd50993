// Which content-script registration each configured host gets, and what a
// change of settings means for pages already open. Registration is per host
// (match patterns carry no port), so the script's synchronous Remember Me
// pre-decision is the strictest mode of that host's origins; the background
// then answers each page with its own origin's mode (session/remember.ts). Pure.
import { hostPermissionPattern } from './origin.ts';
import { isWeakerMode, modeForOrigin } from './effective.ts';
import type { RememberMeMode, Settings } from './schema.ts';

export const ID_PREFIX = 'joc-';

/** Match patterns cannot carry ports in Firefox: one pattern per scheme+host (settings hold http(s) origins only). */
export function hostPattern(origin: string): string {
  const pattern = hostPermissionPattern(origin);
  if (pattern === null) throw new Error(`not an http(s) origin: ${origin}`);
  return pattern;
}

export interface Planned {
  id: string;
  matches: string[];
  js: string[];
}

/** Pure: one registration per host; the strictest mode of that host's origins wins. */
export function planRegistrations(settings: Settings, granted: (pattern: string) => boolean): Planned[] {
  const byPattern = new Map<string, RememberMeMode>();
  for (const o of settings.origins) {
    const pattern = hostPattern(o.origin);
    if (!granted(pattern)) continue;
    const mode = modeForOrigin(settings, o.origin);
    const prev = byPattern.get(pattern);
    if (!prev || isWeakerMode(prev, mode)) byPattern.set(pattern, mode);
  }
  return [...byPattern.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pattern, mode], i) => ({ id: `${ID_PREFIX}${i}`, matches: [pattern], js: [`cfg/mode-${mode}.js`, 'content.js'] }));
}


export interface Existing {
  id: string;
  matches: string[];
  /** Script paths relative to the extension root. */
  js: string[];
}

export const FORBID_JS = 'cfg/mode-forbid.js';

export interface RegistrationChange {
  /** The browser's registrations differ from the wanted ones (or a fresh start): replace them. */
  reregister: boolean;
  /** Hosts that were not protected before (all of them on a fresh start): guard their open tabs now. */
  added: Planned[];
  /** Hosts whose mode became `forbid`: open pages are told at once (loosening waits for their next load). */
  tightened: Planned[];
}

/** @param fresh the first start of an extension run (browser start, install, update, enable) */
export function registrationChange(existing: readonly Existing[], wanted: readonly Planned[], fresh: boolean): RegistrationChange {
  const key = (m: readonly string[] | undefined): string => JSON.stringify(m ?? []);
  const had = (w: Planned): Existing | undefined => existing.find((e) => key(e.matches) === key(w.matches));
  const same = existing.length === wanted.length && wanted.every((w) => existing.some((e) => e.id === w.id && key(e.matches) === key(w.matches) && key(e.js) === key(w.js)));
  const added = wanted.filter((w) => fresh || had(w) === undefined);
  const tightened = wanted.filter((w) => w.js[0] === FORBID_JS && !added.includes(w) && !had(w)?.js.includes(FORBID_JS));
  return { reregister: fresh || !same, added, tightened };
}
