// Reading the session registry back from storage: anything that is not a
// well-formed registry is repaired (bad entries dropped) rather than trusted.
import { emptyRegistry, type AccountSource, type Evidence, type Registry, type Session } from './registry.ts';

/** Accepts anything read back from storage; returns a clean registry and whether repair was needed. */
export function reviveRegistry(raw: unknown): { registry: Registry; repaired: boolean } {
  if (raw === undefined || raw === null) return { registry: emptyRegistry(), repaired: false };
  if (typeof raw !== 'object' || (raw as { v?: unknown }).v !== 1) return { registry: emptyRegistry(), repaired: true };
  const src = (raw as { sessions?: unknown }).sessions;
  const out = emptyRegistry();
  let repaired = typeof src !== 'object' || src === null;
  for (const [fp, s] of Object.entries(typeof src === 'object' && src !== null ? src : {})) {
    if (isSession(s) && s.fp === fp) out.sessions[fp] = reviveSession(s);
    else repaired = true;
  }
  const reloads = (raw as { reloads?: unknown }).reloads;
  for (const [tab, fps] of Object.entries(typeof reloads === 'object' && reloads !== null ? reloads : {})) {
    if (/^\d+$/.test(tab) && Array.isArray(fps) && fps.every((f) => typeof f === 'string')) out.reloads[tab] = fps;
    else repaired = true;
  }
  return { registry: out, repaired };
}

function reviveSession(s: Session): Session {
  const evidence: Evidence = s.evidence === 'login' || s.evidence === 'late-page' ? s.evidence : 'held';
  const accountSource: AccountSource | null = s.accountSource === 'login' || s.accountSource === 'page' ? s.accountSource : null;
  return { ...s, tabs: [...new Set(s.tabs)], announced: s.announced === true, evidence, accountSource };
}

function isSession(s: unknown): s is Session {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return (
    typeof o.fp === 'string' &&
    typeof o.origin === 'string' &&
    typeof o.startedAt === 'number' &&
    typeof o.lastActivity === 'number' &&
    (o.serverTimeoutMs === null || typeof o.serverTimeoutMs === 'number') &&
    Array.isArray(o.tabs) &&
    o.tabs.every((t) => Number.isInteger(t)) &&
    (o.state === 'live' || o.state === 'ended')
  );
}
