// How much a page can make JOC Guard do: every key (a tab, an origin) has a
// bucket of `capacity` actions that refills at `perMinute`. A hostile or
// broken page that writes token after token gets a handful of records and
// server calls, then one summary when the bucket has refilled. Pure: the
// state is plain data the background keeps in memory.

export interface Bucket {
  tokens: number;
  at: number;
  /** Actions refused since the last one allowed. */
  suppressed: number;
}

export interface Limits {
  capacity: number;
  perMinute: number;
}

/** Content-script events that write audit records or call the server: per tab, and per origin over all its tabs. */
export const PAGE_LIMITS: Limits = { capacity: 3, perMinute: 3 };
export const ORIGIN_LIMITS: Limits = { capacity: 20, perMinute: 20 };
const MAX_KEYS = 1000;

export type Buckets = Record<string, Bucket>;

function refill(b: Bucket | undefined, limits: Limits, now: number): Bucket {
  if (!b) return { tokens: limits.capacity, at: now, suppressed: 0 };
  const gained = (Math.max(0, now - b.at) / 60_000) * limits.perMinute;
  return { ...b, tokens: Math.min(limits.capacity, b.tokens + gained), at: now };
}

export interface Take {
  allowed: boolean;
  /** When allowed after refusals: how many were refused before (one summary record says so). */
  suppressedBefore: number;
  buckets: Buckets;
}

/** Takes one action from every key's bucket; allowed only if all of them have one. */
export function take(buckets: Buckets, keys: readonly { key: string; limits: Limits }[], now: number): Take {
  const next: Buckets = { ...buckets };
  const filled = keys.map((k) => ({ key: k.key, b: refill(next[k.key], k.limits, now) }));
  const allowed = filled.every((f) => f.b.tokens >= 1);
  let suppressedBefore = 0;
  for (const f of filled) {
    if (allowed) suppressedBefore = Math.max(suppressedBefore, f.b.suppressed);
    next[f.key] = allowed ? { tokens: f.b.tokens - 1, at: now, suppressed: 0 } : { ...f.b, suppressed: f.b.suppressed + 1 };
  }
  const names = Object.keys(next);
  for (const k of names.slice(0, Math.max(0, names.length - MAX_KEYS))) delete next[k];
  return { allowed, suppressedBefore, buckets: next };
}
