// Per-tab connection / login status (the badge is badge.ts). Kept in memory and
// mirrored to storage.session so a restarted worker still shows it.
import type { Level } from '../shared/cert/types.ts';
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
}

export async function recordLoginResult(tabId: number, origin: string, status: number): Promise<void> {
  await update(tabId, origin, { lastLogin: { status, at: Date.now() }, ...(status === 200 ? { failure: null } : {}) });
}

export async function recordServerLevel(tabId: number, origin: string, level: Level): Promise<void> {
  await update(tabId, origin, { serverLevel: level });
}
