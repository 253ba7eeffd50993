// A server logout that did not get through (JOC restarting, VPN down) is not
// treated as done: the token stays held and the call is repeated with backoff,
// across background and browser restarts, until the server gives an answer
// that settles it, or until the session's idle timeout has certainly passed
// (then the server has ended it on its own). Pure.

/** What serverLogout reports: ok (200), already-invalid (401/440/420), http-<n>, timeout, network-error. */
export type LogoutResult = string;

/** Answers that settle it: logged out, already invalid, or a refusal that repeating cannot change. */
export function isFinal(result: LogoutResult): boolean {
  if (result === 'ok' || result === 'already-invalid') return true;
  const m = /^http-(\d{3})$/.exec(result);
  if (!m?.[1]) return false; // timeout, network-error, redirect
  const status = Number(m[1]);
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export const RETRY_FIRST_MS = 2_000;
/** Packed Chromium wakes a sleeping background at most every 30 s (alarms); while it runs, timers are exact. */
export const RETRY_MAX_MS = 15_000;
/** When the server's idle timeout is unknown, JOC Guard keeps trying for this long. */
export const UNKNOWN_IDLE_KEEP_MS = 24 * 3600_000;

export function retryDelay(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, attempt - 1));
}

/**
 * When the token is certainly dead on the server without our call: the idle
 * time after the last activity JOC Guard knows, plus a margin (a tenth of the
 * timeout, 2 s to 60 s). Measured from the session end at the latest, as no
 * request with the token is made after it.
 */
export function certainlyExpiredAt(endedAt: number, idleLimitMs: number | null): number {
  if (idleLimitMs === null) return endedAt + UNKNOWN_IDLE_KEEP_MS;
  const margin = Math.min(60_000, Math.max(2_000, idleLimitMs / 10));
  return endedAt + idleLimitMs + margin;
}

export interface Pending {
  /** Attempts made so far (the first one included). */
  attempts: number;
  nextAt: number;
  /** Give up (result expired-unreachable) once this has passed. */
  until: number;
  /** Why the session ended (the audit's reason). */
  reason: string;
  lastResult: LogoutResult;
}

export type RetryStep =
  | { kind: 'done'; result: LogoutResult; attempts: number }
  | { kind: 'retry'; pending: Pending; first: boolean }
  | { kind: 'give-up'; attempts: number; lastResult: LogoutResult };

/** After an attempt: done, try again at pending.nextAt, or give up. `prior` is undefined for the first attempt. */
export function afterAttempt(prior: Pending | undefined, result: LogoutResult, now: number, until: number, reason: string): RetryStep {
  const attempts = (prior?.attempts ?? 0) + 1;
  if (isFinal(result)) return { kind: 'done', result, attempts };
  const limit = prior?.until ?? until;
  const nextAt = now + retryDelay(attempts);
  if (now >= limit) return { kind: 'give-up', attempts, lastResult: result };
  return { kind: 'retry', pending: { attempts, nextAt: Math.min(nextAt, limit), until: limit, reason: prior?.reason ?? reason, lastResult: result }, first: prior === undefined };
}

/** A pending logout whose give-up time has passed without an attempt (the background was asleep). */
export function expiredWhileAsleep(p: Pending, now: number): boolean {
  return now >= p.until;
}

export function revivePending(raw: unknown): Pending | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!num(o.attempts) || !num(o.nextAt) || !num(o.until) || typeof o.reason !== 'string' || typeof o.lastResult !== 'string') return undefined;
  return { attempts: o.attempts, nextAt: o.nextAt, until: o.until, reason: o.reason.slice(0, 64), lastResult: o.lastResult.slice(0, 64) };
}
