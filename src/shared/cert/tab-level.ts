// One tab's certificate level and its toolbar badge: the worst of a TLS or
// login failure, the server's connection (Firefox) and the registered client
// certificates of its origin. Pure.
import { worst } from './level-math.ts';
import type { Level } from './types.ts';

export interface TabLevelFacts {
  failure: Level | null;
  server: Level | null;
  client: Level | null;
}

/** null: the tab has reported nothing yet. */
export function tabLevelOf(f: TabLevelFacts | null): Level | null {
  if (!f) return null;
  const levels = [f.failure, f.server, f.client].filter((l): l is Level => l !== null);
  return levels.length > 0 ? worst(levels) : 'ok';
}

const BADGE: Record<Level, { text: string; color: string }> = {
  ok: { text: '✓', color: '#2e7d32' },
  warning: { text: '!', color: '#b26a00' },
  error: { text: '×', color: '#b00020' },
};

export function badgeFor(level: Level | null): { text: string; color: string } {
  return level === null ? { text: '', color: BADGE.ok.color } : BADGE[level];
}

export const END_ALL_COLOR = '#1a5fb4';

/** What a tab's badge shows: the End-all confirmation while it lasts (a page's own requests would otherwise reset it), else the level. */
export function shownBadge(level: Level | null, now: number, endAllUntil: number, endAllText: string): { text: string; color: string } {
  return now < endAllUntil ? { text: endAllText, color: END_ALL_COLOR } : badgeFor(level);
}
