// Registers the content script for exactly the configured JOC origins that
// the user (or administrator) granted, at document_start, preceded by the
// one-line config script that fixes the Remember Me mode synchronously.
import { ext } from '../platform/browser.ts';
import type { Settings } from '../shared/settings/effective.ts';
import { ID_PREFIX, hostPattern, planRegistrations, registrationChange, type Planned } from '../shared/settings/registrations.ts';
import { toTab } from './messaging/to-tab.ts';
import { SerialQueue } from '../shared/serial-queue.ts';
import { getEffective } from './settings-store.ts';

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

export interface SyncOptions {
  /**
   * Re-register even when the list looks right, and guard every open tab of
   * every registered host: the first start of an extension run (browser start,
   * install, update, enable). After a browser restart Chromium lists an
   * unpacked extension's persisted scripts but did not inject them (seen in
   * test/e2e/restart.e2e.ts).
   */
  fresh?: boolean;
}

/**
 * Brings the registered content scripts in line with the current settings and
 * permissions, and guards the open tabs of every host that became protected
 * (origin added, host access granted, policy arrived). Serialised, and reads
 * the settings inside the queue: two overlapping calls with different
 * snapshots once unregistered a fresh registration.
 */
export function syncRegistrations(opts: SyncOptions = {}): Promise<Planned[]> {
  return queue.run(async () => apply((await getEffective()).settings, opts.fresh === true));
}

/** Marks the script as injected into a running page (late), before content.js. */
const LATE_JS = 'cfg/late.js';

/** Firefox may report script paths as URLs or with a leading slash. */
const rel = (files: string[] | undefined): string[] => (files ?? []).map((f) => f.replace(/^[a-z-]+:\/\/[^/]+\//, '').replace(/^\//, ''));

async function apply(settings: Settings, fresh: boolean): Promise<Planned[]> {
  const granted = await grantedPatterns(settings);
  const wanted = planRegistrations(settings, (p) => granted.has(p));
  const existing = (await ext.scripting.getRegisteredContentScripts())
    .filter((s) => s.id.startsWith(ID_PREFIX))
    .map((s) => ({ id: s.id, matches: s.matches ?? [], js: rel(s.js) }));
  const change = registrationChange(existing, wanted, fresh);
  if (change.reregister) {
    if (existing.length > 0) await ext.scripting.unregisterContentScripts({ ids: existing.map((e) => e.id) });
    if (wanted.length > 0) {
      await ext.scripting.registerContentScripts(wanted.map((w) => ({ ...w, runAt: 'document_start' as const, allFrames: false, persistAcrossSessions: true })));
    }
  }
  await guardOpenTabs(change.added);
  await tellOpenPagesForbid(change.tightened);
  return wanted;
}

/** bg.forbid to every open page of these hosts; a page without our script just does not answer. */
async function tellOpenPagesForbid(plans: Planned[]): Promise<void> {
  for (const p of plans) {
    for (const tab of await ext.tabs.query({ url: p.matches }).catch(() => [])) {
      if (tab.id !== undefined) await toTab(tab.id, 'bg.forbid', {});
    }
  }
}

/**
 * JOC pages that were open before their host was protected get the guard now
 * (the registered script runs only at the next load): Remember Me enforced,
 * the live session adopted and tracked from here on. A page that already runs
 * the guard ignores the second copy.
 */
async function guardOpenTabs(plans: Planned[]): Promise<void> {
  for (const p of plans) {
    for (const tab of await ext.tabs.query({ url: p.matches }).catch(() => [])) {
      if (tab.id === undefined) continue;
      try {
        await ext.scripting.executeScript({ target: { tabId: tab.id }, files: [LATE_JS, ...p.js] });
      } catch {
        /* a tab we may not script (e.g. an error page) */
      }
    }
  }
}
