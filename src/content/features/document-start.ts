// The synchronous part at document_start: no await may come before it, page
// scripts run right after. Decides whether this document continues a guarded
// page of the same tab (shared/session/continuity.ts) and takes tokens and
// remembered credentials out of the page's reach until the background has
// decided (shared/session/sweep.ts).
import { GUARDED_KEY, isContinuing } from '../../shared/session/continuity.ts';
import { planSweep, type SweepPlan } from '../../shared/session/sweep.ts';
import type { RememberMeMode } from '../../shared/settings/schema.ts';
import * as ps from '../page-storage.ts';

type GuardGlobal = typeof globalThis & { __JOC_GUARD_MODE__?: unknown; __JOC_GUARD_LATE__?: unknown };

export interface DocumentStart {
  /** Injected into a page that was already running (cfg/late.js, or the page had loaded). */
  late: boolean;
  /** Continues a guarded page of this tab: its sessionStorage token stayed. */
  continuing: boolean;
  /** The strictest Remember Me mode of this host (cfg/mode-*.js); the background answers with the origin's own. */
  hostMode: RememberMeMode;
  plan: SweepPlan;
}

function navigationType(): string | null {
  try {
    const entry = performance.getEntriesByType('navigation')[0];
    return entry && 'type' in entry && typeof entry.type === 'string' ? entry.type : null;
  } catch {
    return null;
  }
}

export function documentStart(): DocumentStart {
  const g = globalThis as GuardGlobal;
  const m = g.__JOC_GUARD_MODE__;
  // No config script (or a broken one): the safest mode.
  const hostMode: RememberMeMode = m === 'allow' || m === 'expire' ? m : 'forbid';
  const late = g.__JOC_GUARD_LATE__ === true || document.readyState !== 'loading';
  const continuing = !late && isContinuing(navigationType(), ps.read('sessionStorage', GUARDED_KEY));
  const plan = planSweep(ps.snapshot(), continuing, late, hostMode);
  ps.removeEntries(plan.quarantine);
  ps.removeEntries(plan.rememberHold);
  // The 1.x log-window cookies carry the token; the GUI sets them right before it
  // opens a log window, so a page that does not continue a live one drops them.
  if (plan.quarantine.length > 0 || (!continuing && !late)) ps.clearSessionCookies();
  ps.write('sessionStorage', GUARDED_KEY, '1');
  return { late, continuing, hostMode, plan };
}
