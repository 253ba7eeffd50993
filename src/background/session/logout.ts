// The server logout of an ended session, retried until it settles
// (logout-retry.ts): the first attempt happens inside the session end; a
// failure keeps the token held with its retry state (IndexedDB, so it survives
// background and browser restarts) and the resume alarm brings the next
// attempt. Audited once as pending and once with the final result.
import type { AuditInput } from '../../shared/audit/types.ts';
import type { Held } from '../../shared/session/held-tokens.ts';
import { afterAttempt, certainlyExpiredAt, type RetryStep } from '../../shared/session/logout-retry.ts';
import type { Session } from '../../shared/session/registry.ts';
import type { Core } from './core.ts';
import { ALARM } from './env.ts';

async function apply(core: Core, fp: string, origin: string, step: RetryStep, reason: string): Promise<{ events: AuditInput[]; release: boolean }> {
  const base = { type: 'token.invalidated' as const, origin, fp, reason };
  switch (step.kind) {
    case 'done':
      return { events: [{ ...base, result: step.result, ...(step.attempts > 1 ? { detail: `after ${step.attempts} attempts` } : {}) }], release: true };
    case 'give-up':
      return {
        events: [{ ...base, result: 'expired-unreachable', detail: `server unreachable (${step.lastResult}) until the idle timeout had passed; ${step.attempts} attempts` }],
        release: true,
      };
    case 'retry':
      await core.env.held.setPending(fp, step.pending);
      await core.env.timers.alarmAt(ALARM.resume, step.pending.nextAt);
      core.env.timers.soon(`retry:${fp}`, step.pending.nextAt, () => void core.resume());
      return {
        events: step.first ? [{ type: 'token.invalidation-pending', origin, fp, reason, result: step.pending.lastResult, detail: 'server logout failed; retrying until it gets through' }] : [],
        release: false,
      };
  }
}

/** First attempt, inside a session end. */
export async function invalidate(core: Core, s: Pick<Session, 'fp' | 'origin' | 'generation'>, token: string, reason: string, idleLimit: number | null): Promise<{ events: AuditInput[]; release: boolean }> {
  const result = await core.env.logout(s.origin, token, s.generation);
  const now = core.env.now();
  return apply(core, s.fp, s.origin, afterAttempt(undefined, result, now, certainlyExpiredAt(now, idleLimit), reason), reason);
}

/** A later attempt (or giving up) for a held token whose logout is pending. */
export async function retryPending(core: Core, fp: string, h: Held): Promise<void> {
  const p = h.pending;
  if (!p) return;
  const now = core.env.now();
  const step: RetryStep = now >= p.until ? { kind: 'give-up', attempts: p.attempts, lastResult: p.lastResult } : afterAttempt(p, await core.env.logout(h.origin, h.token, h.generation), core.env.now(), p.until, p.reason);
  const out = await apply(core, fp, h.origin, step, p.reason);
  if (out.events.length > 0) await core.env.audit(out.events);
  if (out.release) await core.env.held.release(fp);
}
