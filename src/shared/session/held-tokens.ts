// Tokens of live sessions, kept where a dead background or a crashed browser
// cannot lose them (the extension's IndexedDB), until their session has been ended
// completely: pages cleared, logged out on the server, audited. The session
// registry (storage.session) is lost with the browser and is only updated
// step by step; without this record a background killed in the middle of a
// session end, or a browser that died with a live session, left a token that
// stayed valid on the server. Pure decisions; src/background/state-store.ts persists.
import { SESSION_END_REASONS, type SessionEndReason } from '../audit/types.ts';
import type { Generation } from '../joc/cockpit.ts';
import { revivePending, type Pending } from './logout-retry.ts';
import { recordDead, type Registry } from './registry.ts';

export interface Held {
  token: string;
  origin: string;
  generation: Generation | null;
  /** Extension version that held it: a different one means the extension was updated since. */
  version: string;
  since: number;
  /** The session has ended and its server logout did not get through yet (logout-retry.ts). */
  pending?: Pending;
  /**
   * Why the session ended, written as the end begins (alongside the logout call). The
   * registry is lost with the browser: a browser that went before the end was complete
   * (the last tab closed as the browser quit) is finished at the next start under this
   * reason instead of as `stale-at-start`.
   */
  endedReason?: SessionEndReason;
}

export type HeldMap = Record<string, Held>;

/** How long open pages get after an extension update to report their live sessions again. */
export const ADOPT_GRACE_MS = 15_000;

/** Accepts anything read back from storage; drops entries that do not look right. */
export function reviveHeld(raw: unknown): HeldMap {
  const out: HeldMap = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [fp, h] of Object.entries(raw)) {
    if (typeof h !== 'object' || h === null) continue;
    const o = h as Record<string, unknown>;
    if (typeof o.token !== 'string' || o.token === '' || typeof o.origin !== 'string' || typeof o.version !== 'string' || typeof o.since !== 'number') continue;
    const generation: Generation | null = o.generation === 'js7' || o.generation === '1.x' ? o.generation : null;
    const pending = revivePending(o.pending);
    const endedReason = SESSION_END_REASONS.find((r) => r === o.endedReason);
    out[fp] = { token: o.token, origin: o.origin, generation, version: o.version, since: o.since, ...(pending ? { pending } : {}), ...(endedReason ? { endedReason } : {}) };
  }
  return out;
}

/**
 * The registry was empty at start (new browser run, or the extension was
 * reloaded/updated): every token still held by the same extension version
 * belongs to a run that is over — the browser crashed or was closed with a
 * live session. They are recorded dead at once, before any page can report
 * them, so a restored tab is cleared rather than adopted: as `stale-at-start`,
 * or under the reason of an end that had begun. Tokens held by another
 * version wait ADOPT_GRACE_MS for their still open pages (update), unless
 * their session had ended already.
 */
export function markPreviousRun(reg: Registry, held: HeldMap, version: string, now: number): { registry: Registry; stale: string[] } {
  let registry = reg;
  const stale: string[] = [];
  for (const [fp, h] of Object.entries(held)) {
    if (registry.sessions[fp] || (h.version !== version && !h.pending && !h.endedReason)) continue;
    registry = recordDead(registry, { fp, origin: h.origin, now, generation: h.generation }, h.endedReason ?? 'stale-at-start');
    stale.push(fp);
  }
  return { registry, stale };
}

export interface ResumePlan {
  /** Ended (or recorded dead) sessions whose end did not finish: clear, log out, audit, release. */
  complete: { fp: string; reason: SessionEndReason }[];
  /** Held tokens the registry does not know and no page adopted in time: dead now. */
  unclaimed: string[];
  /** Some unknown tokens are still within the adoption grace: look again later. */
  waiting: boolean;
  /** Ended sessions whose server logout is due for another attempt (or for giving up). */
  retry: string[];
  /** The earliest later attempt of a pending logout; null when none waits. */
  nextRetryAt: number | null;
}

/**
 * What a background waking up must finish. `freshAt`: when this browser/extension
 * run started (the registry was found empty); unknown tokens of another version
 * get until freshAt + ADOPT_GRACE_MS to be adopted by their pages.
 */
export function planResume(reg: Registry, held: HeldMap, version: string, now: number, freshAt: number): ResumePlan {
  const plan: ResumePlan = { complete: [], unclaimed: [], waiting: false, retry: [], nextRetryAt: null };
  for (const [fp, h] of Object.entries(held)) {
    if (h.pending) {
      if (h.pending.nextAt <= now || h.pending.until <= now) plan.retry.push(fp);
      else plan.nextRetryAt = Math.min(plan.nextRetryAt ?? Infinity, h.pending.nextAt);
      continue;
    }
    const s = reg.sessions[fp];
    if (s?.state === 'live') continue;
    if (s?.state === 'ended') {
      plan.complete.push({ fp, reason: s.endReason ?? 'stale-at-start' });
      continue;
    }
    if (h.version === version || now >= freshAt + ADOPT_GRACE_MS) plan.unclaimed.push(fp);
    else plan.waiting = true;
  }
  return plan;
}
