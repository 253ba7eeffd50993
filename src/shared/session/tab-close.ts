// A tab closed (pure): the tab leaves its sessions, and which of the sessions
// it leaves without a tab end in the same registry step, and why. Deciding it
// here lets the logout call leave at once, instead of after a save of the
// dropped tab and a second pass over the deadlines (issue #17, "last JOC tab
// closed").
import type { Settings } from '../settings/effective.ts';
import { logoutSentFor, type LogoutsSent } from './logout-sent.ts';
import { dueReason } from './operator-safety.ts';
import { dropTab, type Registry } from './registry.ts';

export type CloseRules = Pick<Settings['session'], 'idleMaxMinutes' | 'maxHours' | 'closeGraceSeconds'>;

export interface TabClose {
  registry: Registry;
  /** Live sessions the tab left without a tab. */
  orphaned: string[];
  /** Of those, the ones that end now with reason tab-closed. */
  endNow: string[];
  /**
   * Of those, the ones whose GUI had just sent its logout call (logout-sent.ts):
   * they end now with reason logout, whatever the grace period or a deadline
   * due as well — the user asked for exactly this end.
   */
  loggedOut: string[];
}

/**
 * A session left without a tab ends now when its GUI had just sent its logout
 * call (reason logout), or when its close grace is 0 — unless its cap or idle
 * timeout is due as well: then the deadline pass ends it and names that reason
 * (cap first, as it does), so the audit tells the same as before.
 */
export function closeTab(reg: Registry, tabId: number, now: number, rules: CloseRules, sent: LogoutsSent = {}): TabClose {
  const { registry, orphaned } = dropTab(reg, tabId, now, { closed: true });
  const loggedOut = orphaned.filter((fp) => logoutSentFor(sent, fp, now));
  const endNow =
    rules.closeGraceSeconds > 0
      ? []
      : orphaned.filter((fp) => {
          const s = registry.sessions[fp];
          return s !== undefined && !loggedOut.includes(fp) && dueReason(s, rules, now) === null;
        });
  return { registry, orphaned, endNow, loggedOut };
}
