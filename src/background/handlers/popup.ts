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

async function granted(origin: string): Promise<boolean> {
  const pattern = hostPermissionPattern(origin);
  return pattern === null ? false : ext.permissions.contains({ origins: [pattern] }).catch(() => false);
}

async function shortcut(): Promise<string | null> {
  try {
    return (await ext.commands.getAll()).find((c) => c.name === END_ALL_COMMAND)?.shortcut ?? null;
  } catch {
    return null;
  }
}

export async function popupState(tabId: number | null): Promise<PopupState> {
  const [eff, tab] = await Promise.all([getEffective(), activeTab(tabId)]);
  const origin = originOf(tab.url);
  const configured = origin !== null && isConfiguredOrigin(eff.settings, origin);
  const [isGranted, registry, certs, status, level, recent, key] = await Promise.all([
    configured && origin ? granted(origin) : false,
    sessions.snapshot(),
    configured && origin ? clientCerts(origin) : [],
    tab.id !== null ? tabStatus(tab.id) : null,
    tab.id !== null && configured ? tabLevel(tab.id) : null,
    origin ? auditStore().query({ origin, limit: 5 }).then((r) => r.records) : [],
    shortcut(),
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
    audit: recent,
    shortcut: key,
  });
}
