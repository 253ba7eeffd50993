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
