// The forwarder's persisted state (`fwd:state`): consecutive failures and the
// backoff deadline, the ids of the front batch already delivered (a partly
// delivered batch resends only the rest), and how many records collectors
// refused for good. Pure apart from the injected area.
import { isNonNegativeInt, isPlainObject } from '../json.ts';
import type { KeyValueArea } from './kv-area.ts';

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 15 * 60_000;
export const ALERT_FIRST = 5;
export const ALERT_EVERY = 24;
const STATE_KEY = 'fwd:state';
/** More ids than the largest batch cannot belong to the front batch: a bound on what a corrupt state can make us keep. */
const MAX_DONE = 1000;

export interface State {
  failures: number;
  nextAttemptAt: number | null;
  lastError?: string;
  /** Ids at the front of the outbox that are delivered (or refused for good) but not yet removed. */
  done: string[];
  /** Records collectors refused for good, since installation. */
  refused: number;
}

export const emptyState = (): State => ({ failures: 0, nextAttemptAt: null, done: [], refused: 0 });

/** Whether the n-th consecutive failure is worth a `forward.failed` record. */
export function failureAlert(failures: number): boolean {
  return failures === ALERT_FIRST || (failures > ALERT_FIRST && (failures - ALERT_FIRST) % ALERT_EVERY === 0);
}

export function backoffDelay(failures: number, random: number): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
  const r = Number.isFinite(random) ? Math.min(1, Math.max(0, random)) : 0;
  return Math.round(base * (1 - 0.2 * r));
}

export async function readState(area: KeyValueArea, now: number): Promise<State> {
  const raw = (await area.get([STATE_KEY]))[STATE_KEY];
  if (!isPlainObject(raw)) return emptyState();
  const failures = isNonNegativeInt(raw.failures) ? raw.failures : 0;
  const next = typeof raw.nextAttemptAt === 'number' && Number.isFinite(raw.nextAttemptAt) ? raw.nextAttemptAt : null;
  // No backoff is longer than BACKOFF_MAX_MS, so a later time is corruption or a
  // clock change: retry now rather than stall forwarding (clamping to "now + max"
  // would move with the clock and never arrive).
  const nextAttemptAt = next !== null && next - now > BACKOFF_MAX_MS ? null : next;
  const done = Array.isArray(raw.done) ? raw.done.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{16}$/.test(x)).slice(0, MAX_DONE) : [];
  const s: State = { failures, nextAttemptAt, done, refused: isNonNegativeInt(raw.refused) ? raw.refused : 0 };
  if (typeof raw.lastError === 'string') s.lastError = raw.lastError.slice(0, 200);
  return s;
}

export async function writeState(area: KeyValueArea, s: State): Promise<void> {
  await area.set({ [STATE_KEY]: { v: 2, ...s } });
}

/** What one flush did (forwarder.ts). */
export interface FlushResult {
  sent: number;
  pending: number;
  nextAttemptAt: number | null;
  lastError?: string;
  /** Set when this flush reached an alert threshold: consecutive failures so far. */
  alert?: { failures: number };
  /** Records the collector refused for good in this flush (ids where known). */
  refused?: { count: number; ids: string[]; error: string };
}
