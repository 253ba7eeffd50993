// Level arithmetic shared by the evaluators. Kept free of heavy imports (no pkijs) so that
// server.ts / failures.ts stay tiny in the background bundle.
import type { Finding, Level } from './types.ts';

const RANK: Record<Level, number> = { ok: 0, warning: 1, error: 2 };
const DAY_MS = 86_400_000;

export function worst(levels: readonly Level[]): Level {
  let w: Level = 'ok';
  for (const l of levels) if (RANK[l] > RANK[w]) w = l;
  return w;
}

/** Stable sort, worst first. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[b.level] - RANK[a.level]);
}

/** Whole days (floored) from `now` until the ISO timestamp; negative when it lies in the past. */
export function daysUntil(iso: string, now: number): number {
  return Math.floor((Date.parse(iso) - now) / DAY_MS);
}
