// Operator safety (issue 18): the hard session cap, and what a change of the
// system's idle state means for the live sessions. Pure: the background feeds
// it the registry, the settings, the time and what the browser's idle API said.
import type { SessionEndReason } from '../audit/types.ts';
import type { Settings } from '../settings/schema.ts';
import { expiresAt } from './deadlines.ts';
import { liveSessions, type Registry, type Session } from './registry.ts';

type Rules = Pick<Settings['session'], 'endOnLock' | 'systemIdleMinutes' | 'maxHours'>;

const HOUR_MS = 3_600_000;
/** How long before the cap the tabs of a session show their notice. */
export const CAP_WARNING_MS = 5 * 60_000;
/** The manifest's keyboard command for End all (the key itself is the user's to change). */
export const END_ALL_COMMAND = 'end-all-sessions';
/** Chromium clamps idle detection intervals to 15 s … 4 h (extensions/browser/api/idle/idle_api.cc); Firefox refuses below 15 s. */
export const MIN_DETECTION_SECONDS = 15;
export const MAX_DETECTION_SECONDS = 4 * 3600;

const positive = (n: number): boolean => Number.isFinite(n) && n > 0;

/** When the cap ends this session (null: no cap). Counted from when JOC Guard saw the login (`startedAt`). */
export function capEndsAt(s: Session, maxHours: number): number | null {
  return positive(maxHours) ? s.startedAt + maxHours * HOUR_MS : null;
}

/** When the page itself must be cleared: the idle expiry or the cap, whichever comes first. */
export function pageDeadline(s: Session, rules: Pick<Settings['session'], 'idleMaxMinutes' | 'maxHours'>): number | null {
  const times = [expiresAt(s, rules.idleMaxMinutes), capEndsAt(s, rules.maxHours)].filter((t): t is number => t !== null);
  return times.length === 0 ? null : Math.min(...times);
}

/** Why a session whose page found its token gone ended: its cap or idle expiry is (about) due; null: neither. */
export function dueReason(s: Session, rules: Pick<Settings['session'], 'idleMaxMinutes' | 'maxHours'>, now: number, slackMs = 1000): SessionEndReason | null {
  const cap = capEndsAt(s, rules.maxHours);
  if (cap !== null && cap <= now + slackMs) return 'session-cap';
  const idle = expiresAt(s, rules.idleMaxMinutes);
  return idle !== null && idle <= now + slackMs ? 'idle-timeout' : null;
}

export interface CapWarning {
  fp: string;
  origin: string;
  endsAt: number;
  tabs: number[];
}

export interface CapPlan {
  /** Live sessions whose cap has passed: they end now. */
  end: string[];
  /** Live sessions inside the warning window that were not warned yet. */
  warn: CapWarning[];
  /** The next time something of the cap is due (a warning or an end); null: nothing. */
  next: number | null;
}

/** What the cap asks for now. `warned`: sessions whose tabs already show the notice. */
export function capPlan(reg: Registry, now: number, maxHours: number, warned: ReadonlySet<string>): CapPlan {
  const plan: CapPlan = { end: [], warn: [], next: null };
  const consider = (t: number): void => {
    if (plan.next === null || t < plan.next) plan.next = t;
  };
  for (const s of liveSessions(reg)) {
    const endsAt = capEndsAt(s, maxHours);
    if (endsAt === null) continue;
    if (endsAt <= now) {
      plan.end.push(s.fp);
      continue;
    }
    consider(endsAt);
    const warnAt = endsAt - CAP_WARNING_MS;
    if (warned.has(s.fp)) continue;
    if (warnAt <= now) plan.warn.push({ fp: s.fp, origin: s.origin, endsAt, tabs: [...s.tabs] });
    else consider(warnAt);
  }
  return plan;
}

export type IdleState = 'active' | 'idle' | 'locked';
const IDLE_STATES: readonly string[] = ['active', 'idle', 'locked'];
export const isIdleState = (x: unknown): x is IdleState => typeof x === 'string' && IDLE_STATES.includes(x);

export interface IdleFacts {
  /** What idle.onStateChanged delivered, or `check`: the recheck set by an earlier `locked`. */
  event: IdleState | 'check';
  /**
   * idle.queryState(systemIdleMinutes × 60) asked right after the event: `idle`
   * or `locked` when the system has really been without input that long (a
   * browser may repeat an old event when its background wakes up). null when
   * system idle is off.
   */
  current: IdleState | null;
  now: number;
}

export type IdleDecision =
  | { action: 'none' }
  | { action: 'end'; reason: 'screen-locked' | 'system-idle' }
  /** Locked while only system idle is configured: look again when the idle time has passed. */
  | { action: 'recheck'; at: number }
  /** Input again: a pending recheck is void. */
  | { action: 'cancel-recheck' };

/**
 * Idle detection interval for the browser (seconds): the system idle setting
 * within what the browsers accept. Off: the longest, so `idle` events (which
 * are then ignored) wake the background as rarely as possible.
 */
export function detectionSeconds(rules: Rules): number {
  const wanted = positive(rules.systemIdleMinutes) ? Math.round(rules.systemIdleMinutes * 60) : MAX_DETECTION_SECONDS;
  return Math.min(MAX_DETECTION_SECONDS, Math.max(MIN_DETECTION_SECONDS, wanted));
}

/**
 * What an idle-state change means. Chromium reports a locked screen as
 * `locked` whatever the idle time, Firefox never reports `locked` (README,
 * "Screen lock and system idle"). With endOnLock off, a locked screen counts
 * as idle from the moment it locked.
 */
export function decideIdle(f: IdleFacts, rules: Rules): IdleDecision {
  if (!isIdleState(f.event) && f.event !== 'check') return { action: 'none' };
  if (f.event === 'active') return { action: 'cancel-recheck' };
  if (f.event === 'locked' && rules.endOnLock) return { action: 'end', reason: 'screen-locked' };
  if (!positive(rules.systemIdleMinutes)) return { action: 'none' };
  if (f.event === 'locked') return { action: 'recheck', at: f.now + rules.systemIdleMinutes * 60_000 };
  const stillAway = f.current === 'idle' || f.current === 'locked';
  return stillAway ? { action: 'end', reason: 'system-idle' } : { action: 'none' };
}
