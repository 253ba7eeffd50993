// Per-tab connection / login status and the toolbar badge. Kept in memory and
// mirrored to storage.session so a restarted worker still shows it.
import { ext } from '../platform/browser.ts';
import type { Level } from '../shared/cert/evaluate.ts';
import { worst } from '../shared/cert/evaluate.ts';
import { audit } from './audit.ts';
import { sessionArea } from './state-store.ts';

export interface TabStatus {
  origin: string;
  failure: { code: string; level: Level; detail: string; at: number } | null;
  lastLogin: { status: number; at: number } | null;
  serverLevel: Level | null;
}

const KEY = 'tabStatus';
let tabs: Record<string, TabStatus> | null = null;

async function all(): Promise<Record<string, TabStatus>> {
  if (tabs) return tabs;
  const got = (await sessionArea.get([KEY]))[KEY];
  tabs = typeof got === 'object' && got !== null ? (got as Record<string, TabStatus>) : {};
  return tabs;
}

async function update(tabId: number, origin: string, patch: Partial<TabStatus>): Promise<TabStatus> {
  const t = await all();
  const prev = t[tabId];
  const base: TabStatus = prev && prev.origin === origin ? prev : { origin, failure: null, lastLogin: null, serverLevel: null };
  const next = { ...base, ...patch };
  t[tabId] = next;
  await sessionArea.set({ [KEY]: t });
  return next;
}

export async function tabStatus(tabId: number): Promise<TabStatus | null> {
  return (await all())[tabId] ?? null;
}

export async function forgetTab(tabId: number): Promise<void> {
  const t = await all();
  if (!(tabId in t)) return;
  delete t[tabId];
  await sessionArea.set({ [KEY]: t });
}

export async function recordFailure(tabId: number, origin: string, code: string, level: Level, detail: string): Promise<void> {
  const prev = await tabStatus(tabId);
  await update(tabId, origin, { failure: { code, level, detail, at: Date.now() } });
  if (prev?.failure?.code !== code) await audit({ type: 'tls.failure', origin, result: code, detail });
  await refreshBadge(tabId);
  refreshAfterCommit(tabId);
}

/**
 * Both browsers reset a tab's badge when a navigation commits, also the error page of a failed
 * handshake, which commits after webRequest reported the error: set it again at each update of
 * that tab in the next seconds. A listener for this one tab, while the background is awake
 * anyway, so other tabs' loads never wake it.
 */
function refreshAfterCommit(tabId: number): void {
  const listener = (id: number): void => {
    if (id === tabId) void refreshBadge(tabId);
  };
  ext.tabs.onUpdated.addListener(listener);
  setTimeout(() => ext.tabs.onUpdated.removeListener(listener), 10_000);
}

export function recordLoginResult(tabId: number, origin: string, status: number): void {
  void update(tabId, origin, { lastLogin: { status, at: Date.now() }, ...(status === 200 ? { failure: null } : {}) }).then(() => refreshBadge(tabId));
}

export async function recordServerLevel(tabId: number, origin: string, level: Level): Promise<void> {
  await update(tabId, origin, { serverLevel: level });
  await refreshBadge(tabId);
}

/** Certificate level of the registered client certificate, per origin (set by certs.ts). */
let clientLevelFor: (origin: string) => Promise<Level | null> = () => Promise.resolve(null);
export function setClientLevelSource(fn: (origin: string) => Promise<Level | null>): void {
  clientLevelFor = fn;
}

export async function tabLevel(tabId: number): Promise<Level | null> {
  const s = await tabStatus(tabId);
  if (!s) return null;
  const levels: Level[] = [];
  if (s.failure) levels.push(s.failure.level);
  if (s.serverLevel) levels.push(s.serverLevel);
  const client = await clientLevelFor(s.origin);
  if (client) levels.push(client);
  return levels.length > 0 ? worst(levels) : 'ok';
}

const BADGE: Record<Level, { text: string; color: string }> = {
  ok: { text: '', color: '#2e7d32' },
  warning: { text: '!', color: '#b26a00' },
  error: { text: '×', color: '#b00020' },
};

export async function refreshBadge(tabId: number): Promise<void> {
  const level = await tabLevel(tabId);
  const b = BADGE[level ?? 'ok'];
  try {
    await ext.action.setBadgeText({ tabId, text: level === null ? '' : level === 'ok' ? '✓' : b.text });
    await ext.action.setBadgeBackgroundColor({ tabId, color: b.color });
  } catch {
    /* the tab is gone */
  }
}
