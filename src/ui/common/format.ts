// Pure formatting and parsing helpers for the popup and the options page.
import type { Level } from '../../shared/cert/types.ts';

export { hostPermissionPattern } from '../../shared/settings/origin.ts';

/** mm:ss (minutes unbounded); "00:00" once the time is up. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Like countdown, with hours for long spans: "11:59:58", "04:59". */
export function duration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total < 3600) return countdown(ms);
  const h = Math.floor(total / 3600);
  return `${h}:${countdown((total % 3600) * 1000)}`;
}

/** "RSA 2048", "EC P-256", "Ed25519". */
export function keyText(alg: string, size: number | null, curve: string | null): string {
  if (size !== null) return `${alg} ${size}`;
  if (curve !== null) return `${alg} ${curve}`;
  return alg;
}


/** The origin of an http(s) URL; null for anything else (about:, extension pages …). */
export function webOrigin(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** `?tabId=N` of the popup's own URL (the popup opened as a tab by tests); null otherwise. */
export function parseTabId(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}

/** `#add=<origin>` of the options page URL. */
export function parseAddHash(hash: string): string | null {
  const m = /^#?add=(.*)$/.exec(hash);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]).slice(0, 2048);
  } catch {
    return null;
  }
}

const RANK: Record<Level | 'none', number> = { none: 0, ok: 0, warning: 1, error: 2 };

/** Stable sort, worst level first. */
export function worstFirst<T extends { level: Level | 'none' }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => RANK[b.item.level] - RANK[a.item.level] || a.i - b.i)
    .map((x) => x.item);
}

/** Local date and time; the ISO text when unparsable. */
export function dateTime(value: string | number, locale: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function dateOnly(value: string | number, locale: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleDateString(locale, { dateStyle: 'medium' });
}

/** joc-guard-audit-20250131-142501.csv (local time). */
export function exportFileName(format: 'jsonl' | 'csv', now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `joc-guard-audit-${stamp}.${format}`;
}

/** True when `path` or one of its ancestors is locked ("rememberMe" locks "rememberMe.mode"). */
export function isLocked(locked: readonly string[], path: string): boolean {
  return locked.some((l) => l === path || path.startsWith(`${l}.`));
}

/** `value` when it is one of `options`, else `fallback` (select elements hand back plain strings). */
export function pick<T extends string>(options: readonly T[], value: string, fallback: T): T {
  return options.find((o) => o === value) ?? fallback;
}
