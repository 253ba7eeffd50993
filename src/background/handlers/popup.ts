// Gathers the facts the popup's view needs (shared/popup/view-model.ts), reading independent sources in parallel.
import { ext, isFirefox } from '../../platform/browser.ts';
import type { PopupState } from '../../shared/popup/state.ts';
import { originOf, popupView } from '../../shared/popup/view-model.ts';
import { END_ALL_COMMAND } from '../../shared/session/operator-safety.ts';
import { hostPermissionPattern } from '../../shared/settings/origin.ts';
import { isConfiguredOrigin } from '../../shared/settings/effective.ts';
import { auditStore } from '../audit.ts';
import { clientCerts } from '../certs.ts';
import { lastServerStatus } from '../server-cert.ts';
import { sessions } from '../session/instance.ts';
import { getEffective } from '../settings-store.ts';
import { tabLevel } from '../badge.ts';
import { tabStatus } from '../tab-status.ts';

async function activeTab(tabId: number | null): Promise<{ id: number | null; url: string | null }> {
  if (tabId !== null) {
    try {
      return { id: tabId, url: (await ext.tabs.get(tabId)).url ?? null };
    } catch {
      return { id: tabId, url: null };
    }
  }
  const [t] = await ext.tabs.query({ active: true, currentWindow: true });
  return { id: t?.id ?? null, url: t?.url ?? null };
}

/**
 * Host access per origin pattern, remembered until a permission is granted or
 * removed (index.ts calls forgetGrants on both events): the popup asks every second.
 */
const grants = new Map<string, Promise<boolean>>();
export function forgetGrants(): void {
  grants.clear();
}

function granted(origin: string): Promise<boolean> {
  const pattern = hostPermissionPattern(origin);
  if (pattern === null) return Promise.resolve(false);
  let known = grants.get(pattern);
  if (!known) {
    known = ext.permissions.contains({ origins: [pattern] }).catch(() => {
      grants.delete(pattern); // a failed check is asked again next time
      return false;
    });
    grants.set(pattern, known);
  }
  return known;
}

async function readShortcut(): Promise<string | null> {
  try {
    return (await ext.commands.getAll()).find((c) => c.name === END_ALL_COMMAND)?.shortcut ?? null;
  } catch {
    return null;
  }
}

/**
 * The End-all shortcut as last read, while it is read again for the next
 * answer: browsers announce no change of a shortcut, so a change made in the
 * browser's shortcut settings shows at the popup's next poll, one second later.
 */
let shortcutSeen: Promise<string | null> | null = null;
function shortcut(): Promise<string | null> {
  const last = shortcutSeen;
  shortcutSeen = readShortcut();
  return last ?? shortcutSeen;
}

export async function popupState(tabId: number | null): Promise<PopupState> {
  // What does not depend on the tab starts with the tab lookup, not after it.
  const early = Promise.all([sessions.snapshot(), shortcut()]);
  const recent = auditStore().recentReader();
  early.catch(() => undefined); // awaited below; not reported as unhandled should the tab lookup fail first
  const [eff, tab] = await Promise.all([getEffective(), activeTab(tabId)]);
  const origin = originOf(tab.url);
  const configured = origin !== null && isConfiguredOrigin(eff.settings, origin);
  const [isGranted, certs, status, level, audit, [registry, key]] = await Promise.all([
    configured && origin ? granted(origin) : false,
    configured && origin ? clientCerts(origin) : [],
    tab.id !== null ? tabStatus(tab.id) : null,
    tab.id !== null && configured ? tabLevel(tab.id) : null,
    origin ? recent(origin, 5) : [],
    early,
  ]);
  return popupView({
    version: __VERSION__,
    browser: isFirefox ? 'firefox' : 'chromium',
    tab,
    effective: eff,
    granted: isGranted,
    registry,
    certs,
    tabLevel: level,
    failure: status?.failure ?? null,
    server: origin ? lastServerStatus(origin) : null,
    audit,
    shortcut: key,
  });
}
