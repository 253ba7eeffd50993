// Reads and edits the JOC keys of the page's storages and cookies. Only the
// `$SOS$` keys listed in src/shared/joc/cockpit.ts are ever touched: the user's other
// data stays. Every access is guarded: a page with storage disabled must not
// break, and no exception may escape into the page.
import { REMEMBER_KEYS, SESSION_COOKIES, SESSION_KEYS, TOKEN_KEY } from '../shared/joc/cockpit.ts';
import type { Area, Entry, Snapshot } from '../shared/session/sweep.ts';
export type { Area, Entry } from '../shared/session/sweep.ts';

function store(area: Area): Storage | null {
  try {
    return area === 'localStorage' ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // storage blocked for this page
  }
}

/** Every key the sweep decides on (planSweep looks at nothing else). */
const SWEPT_KEYS: readonly string[] = [...SESSION_KEYS, ...REMEMBER_KEYS];

/**
 * The sweep's keys in both storages: read by name, not by walking the storage,
 * so a page with many other `$SOS$` keys (the GUI keeps view settings there)
 * costs the same before its first script runs.
 */
export function snapshot(): Snapshot {
  const out: Snapshot = { localStorage: {}, sessionStorage: {} };
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    const s = store(area);
    if (!s) continue;
    try {
      if (s.length === 0) continue;
      for (const key of SWEPT_KEYS) {
        const value = s.getItem(key);
        if (value !== null) out[area][key] = value;
      }
    } catch {
      /* a storage that throws on read is treated as empty */
    }
  }
  return out;
}

export function read(area: Area, key: string): string | null {
  try {
    return store(area)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function removeEntries(entries: readonly Entry[]): void {
  for (const e of entries) {
    try {
      store(e.area)?.removeItem(e.key);
    } catch {
      /* ignore: nothing else we can do from here */
    }
  }
}

export function write(area: Area, key: string, value: string): void {
  try {
    store(area)?.setItem(key, value);
  } catch {
    /* quota or blocked storage */
  }
}

export function restoreEntries(entries: readonly Entry[]): void {
  for (const e of entries) {
    try {
      store(e.area)?.setItem(e.key, e.value);
    } catch {
      /* quota or blocked storage: the user logs in again */
    }
  }
}

/** Current token per area (raw values; the caller decides what counts as a token). */
export function tokens(): Record<Area, string | null> {
  return { localStorage: read('localStorage', TOKEN_KEY), sessionStorage: read('sessionStorage', TOKEN_KEY) };
}

/** Removes every session key from both storages and the 1.x session cookies. Returns what was removed. */
export function clearSession(): { areas: Area[]; cookies: number } {
  const areas: Area[] = [];
  for (const area of ['sessionStorage', 'localStorage'] as const) {
    const s = store(area);
    if (!s) continue;
    let removed = false;
    for (const key of SESSION_KEYS) {
      try {
        if (s.getItem(key) !== null) {
          s.removeItem(key);
          removed = true;
        }
      } catch {
        /* ignore */
      }
    }
    if (removed) areas.push(area);
  }
  return { areas, cookies: clearSessionCookies() };
}

/** The 1.x GUI puts the token into a cookie (path=/) for its log window. */
export function clearSessionCookies(): number {
  let n = 0;
  let jar = '';
  try {
    jar = document.cookie;
  } catch {
    return 0;
  }
  const names = jar.split(';').map((c) => c.split('=')[0]?.trim() ?? '');
  for (const name of SESSION_COOKIES) {
    if (!names.includes(name)) continue;
    try {
      document.cookie = `${name}=; Max-Age=0; path=/`;
      n++;
    } catch {
      /* ignore */
    }
  }
  return n;
}

/** The given keys present in one storage, with their values. */
export function entriesOf(area: Area, keys: readonly string[]): Entry[] {
  const out: Entry[] = [];
  for (const key of keys) {
    const value = read(area, key);
    if (value !== null) out.push({ area, key, value });
  }
  return out;
}
