// The toolbar badge of a tab: its level (shared/cert/tab-level.ts) from the
// tab's status and the registered client certificates of its origin.
import { ext } from '../platform/browser.ts';
import { runTask } from '../shared/run-task.ts';
import type { Level } from '../shared/cert/types.ts';
import { shownBadge, tabLevelOf } from '../shared/cert/tab-level.ts';
import { clientLevel } from './certs.ts';
import { tabStatus } from './tab-status.ts';

export async function tabLevel(tabId: number): Promise<Level | null> {
  const s = await tabStatus(tabId);
  if (!s) return null;
  return tabLevelOf({ failure: s.failure?.level ?? null, server: s.serverLevel, client: await clientLevel(s.origin) });
}

/** Until when every tab's badge confirms the End-all shortcut (memory: a restarted background shows levels). */
let endAllUntil = 0;

export async function refreshBadge(tabId: number): Promise<void> {
  const now = Date.now();
  // The confirmation's text is looked up only while it shows (this runs on every JOC response in Firefox).
  const b = shownBadge(await tabLevel(tabId), now, endAllUntil, now < endAllUntil ? ext.i18n.getMessage('badgeAllEnded') : '');
  try {
    await ext.action.setBadgeText({ tabId, text: b.text });
    await ext.action.setBadgeBackgroundColor({ tabId, color: b.color });
    if (__E2E__) noteBadgeWrite(tabId, b.text, 'ok');
  } catch (err) {
    /* the tab is gone */
    if (__E2E__) noteBadgeWrite(tabId, b.text, err instanceof Error ? err.message.slice(0, 80) : 'failed');
  }
}

/** E2E builds only: the last badge writes, so that a test can say what happened to a tab's badge. */
export const badgeWrites: { tabId: number; text: string; at: number; result: string }[] = [];
function noteBadgeWrite(tabId: number, text: string, result: string): void {
  badgeWrites.push({ tabId, text, at: Date.now(), result });
  if (badgeWrites.length > 50) badgeWrites.shift();
}

/**
 * Both browsers reset a tab's badge when a navigation commits, also the error page of a failed
 * handshake, which commits after webRequest reported the error: set it again at each update of
 * that tab in the next seconds. A listener for this one tab, while the background is awake
 * anyway, so other tabs' loads never wake it.
 */
export function refreshBadgeAfterCommit(tabId: number): void {
  const listener = (id: number): void => {
    if (id === tabId) runTask('badge', refreshBadge(tabId));
  };
  ext.tabs.onUpdated.addListener(listener);
  setTimeout(() => ext.tabs.onUpdated.removeListener(listener), 10_000);
}

/** How long every tab's badge confirms the End-all shortcut. */
const CONFIRM_MS = 8000;

/**
 * After the End-all shortcut, which opens nothing: every tab's badge says so
 * for a few seconds (tab ids need no `tabs` permission), also when a page's
 * requests refresh it meanwhile; then each shows its own level again.
 */
export async function confirmEndAll(): Promise<void> {
  endAllUntil = Date.now() + CONFIRM_MS;
  const ids = (await ext.tabs.query({})).flatMap((t) => (t.id === undefined ? [] : [t.id]));
  await Promise.all(ids.map((tabId) => refreshBadge(tabId)));
  setTimeout(() => runTask('badge after End all', Promise.all(ids.map((tabId) => refreshBadge(tabId)))), CONFIRM_MS + 50);
}
