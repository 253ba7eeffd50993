// When something has to happen to a live session: its idle expiry (the
// server's announced idle timeout, which a policy can only shorten) and the
// logout after its last tab closed (after the grace period). Pure.
import { liveSessions, type Registry, type Session } from './registry.ts';

/** Effective idle limit: the server's, capped by the policy's maximum (0 = follow the server). */
export function idleLimitMs(s: Session, policyIdleMaxMinutes: number): number | null {
  const policy = policyIdleMaxMinutes > 0 ? policyIdleMaxMinutes * 60_000 : null;
  if (s.serverTimeoutMs === null) return policy;
  return policy === null ? s.serverTimeoutMs : Math.min(policy, s.serverTimeoutMs);
}

export function expiresAt(s: Session, policyIdleMaxMinutes: number): number | null {
  const limit = idleLimitMs(s, policyIdleMaxMinutes);
  return limit === null ? null : s.lastActivity + limit;
}

/** Live sessions whose idle time has passed. */
export function dueForExpiry(reg: Registry, now: number, policyIdleMaxMinutes: number): string[] {
  return liveSessions(reg)
    .filter((s) => {
      const at = expiresAt(s, policyIdleMaxMinutes);
      return at !== null && at <= now;
    })
    .map((s) => s.fp);
}

/** Live sessions without tabs whose grace period after the last tab closed is over. */
export function dueForCloseLogout(reg: Registry, now: number, graceSeconds: number): string[] {
  return liveSessions(reg)
    .filter((s) => s.tabs.length === 0 && s.orphanedAt !== null)
    .filter((s) => (s.orphanedAt ?? now) + graceSeconds * 1000 <= now)
    .map((s) => s.fp);
}

/** The next time something has to happen (expiry or close-logout); null when nothing is pending. */
export function nextDeadline(reg: Registry, policyIdleMaxMinutes: number, graceSeconds: number): number | null {
  let next: number | null = null;
  for (const s of liveSessions(reg)) {
    const candidates = [expiresAt(s, policyIdleMaxMinutes)];
    if (s.tabs.length === 0 && s.orphanedAt !== null) candidates.push(s.orphanedAt + graceSeconds * 1000);
    for (const c of candidates) if (c !== null && (next === null || c < next)) next = c;
  }
  return next;
}
