// Remember Me: what happens to the remembered account and password (the GUI's
// `$SOS$FOO`/`$SOS$BOO`/`$SOS$REMEMBER`, trivially decryptable) that the
// content script held back at document_start. The mode is the origin's own
// (settings/effective.ts modeForOrigin), decided here once per page. Pure.
import type { RememberMeMode } from '../settings/schema.ts';

export interface RememberFacts {
  mode: RememberMeMode;
  /** The content script held remembered credentials back at document_start. */
  held: boolean;
  /** Last login on this origin (the `expire` clock); undefined when never recorded. */
  lastLoginAt: number | undefined;
  now: number;
  expireAfterHours: number;
}

export interface RememberDecision {
  verdict: 'restore' | 'drop' | 'none';
  /** removed: dropped by policy forbid; expired: older than the `expire` window. */
  audit: 'removed' | 'expired' | null;
  /** Start the `expire` clock now (credentials seen for the first time). */
  startClock: boolean;
}

export function decideRemember(f: RememberFacts): RememberDecision {
  if (!f.held) return { verdict: 'none', audit: null, startClock: false };
  switch (f.mode) {
    case 'forbid':
      return { verdict: 'drop', audit: 'removed', startClock: false };
    case 'allow':
      return { verdict: 'restore', audit: null, startClock: false };
    case 'expire':
      // First sight: start the clock rather than wipe on install.
      if (f.lastLoginAt === undefined) return { verdict: 'restore', audit: null, startClock: true };
      return f.now - f.lastLoginAt < f.expireAfterHours * 3_600_000
        ? { verdict: 'restore', audit: null, startClock: false }
        : { verdict: 'drop', audit: 'expired', startClock: false };
  }
}
