// Registers the content script for exactly the configured JOC origins that
// the user (or administrator) granted, at document_start, preceded by the
// one-line config script that fixes the Remember Me mode synchronously.
import { ext } from '../platform/browser.ts';
import type { RememberMeMode, Settings } from '../shared/settings/effective.ts';
import { hostPermissionPattern } from '../shared/settings/origin.ts';
import { modeForOrigin } from '../shared/settings/effective.ts';
import { SerialQueue } from './queue.ts';
import { getEffective } from './settings-store.ts';

const ID_PREFIX = 'joc-';
const STRICTNESS: Record<RememberMeMode, number> = { forbid: 2, expire: 1, allow: 0 };

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
    if (!prev || STRICTNESS[mode] > STRICTNESS[prev]) byPattern.set(pattern, mode);
  }
  return [...byPattern.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pattern, mode], i) => ({ id: `${ID_PREFIX}${i}`, matches: [pattern], js: [`cfg/mode-${mode}.js`, 'content.js'] }));
}

async function grantedPatterns(settings: Settings): Promise<Set<string>> {
  const out = new Set<string>();
  for (const o of settings.origins) {
    const pattern = hostPattern(o.origin);
    try {
      if (await ext.permissions.contains({ origins: [pattern] })) out.add(pattern);
    } catch {
      /* invalid pattern: not granted */
    }
  }
  return out;
}

const queue = new SerialQueue();

/**
 * Brings the registered content scripts in line with the current settings and
 * permissions. Serialised, and reads the settings inside the queue: two
 * overlapping calls with different snapshots once unregistered a fresh
 * registration (start-up racing the first configuration).
 */
export function syncRegistrations(opts: { force?: boolean } = {}): Promise<Planned[]> {
  return queue.run(async () => apply((await getEffective()).settings, opts.force === true));
}

/**
 * @param force re-register even when the list looks right: after a browser
 *   restart Chromium lists an unpacked extension's persisted scripts but did
 *   not inject them (seen in test/e2e/restart.e2e.ts).
 */
async function apply(settings: Settings, force: boolean): Promise<Planned[]> {
  const granted = await grantedPatterns(settings);
  const wanted = planRegistrations(settings, (p) => granted.has(p));
  const existing = (await ext.scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(ID_PREFIX));
  // Firefox may report script paths as URLs or with a leading slash.
  const rel = (files: string[] | undefined): string => JSON.stringify((files ?? []).map((f) => f.replace(/^[a-z-]+:\/\/[^/]+\//, '').replace(/^\//, '')));
  const same =
    existing.length === wanted.length &&
    wanted.every((w) => existing.some((e) => e.id === w.id && JSON.stringify(e.matches) === JSON.stringify(w.matches) && rel(e.js) === rel(w.js)));
  if (same && !force) return wanted;
  // Hosts whose mode became `forbid`: pages already open there were started under
  // the looser mode and are told at once (loosening waits for their next load).
  const tightened = wanted.filter(
    (w) => w.js[0] === FORBID_JS && !existing.some((e) => JSON.stringify(e.matches) === JSON.stringify(w.matches) && rel(e.js).includes(FORBID_JS)),
  );
  if (existing.length > 0) await ext.scripting.unregisterContentScripts({ ids: existing.map((e) => e.id) });
  if (wanted.length > 0) {
    await ext.scripting.registerContentScripts(
      wanted.map((w) => ({ ...w, runAt: 'document_start' as const, allFrames: false, persistAcrossSessions: true })),
    );
  }
  if (tightened.length > 0) void tellOpenPagesForbid(tightened);
  return wanted;
}

const FORBID_JS = 'cfg/mode-forbid.js';

/** bg.forbid to every open page of these hosts; a page without our script just does not answer. */
async function tellOpenPagesForbid(plans: Planned[]): Promise<void> {
  for (const p of plans) {
    for (const tab of await ext.tabs.query({ url: p.matches }).catch(() => [])) {
      if (tab.id === undefined) continue;
      await ext.tabs.sendMessage(tab.id, { type: 'bg.forbid' }, { frameId: 0 }).catch(() => undefined);
    }
  }
}

/** After install/update, pages already open get the script too (Chromium does not re-inject). */
export async function injectIntoOpenTabs(plans: Planned[]): Promise<void> {
  for (const p of plans) {
    const tabs = await ext.tabs.query({ url: p.matches });
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      try {
        await ext.scripting.executeScript({ target: { tabId: tab.id }, files: p.js });
      } catch {
        /* a tab we may not script (e.g. an error page) */
      }
    }
  }
}
