// The session registry: which JOC sessions are live, which tabs hold them,
// when they expire. Pure functions over a plain, serialisable state object
// (the background keeps it in storage.session so a restarted worker resumes).
// Tokens are NOT part of this state; entries are keyed by fingerprint.
import type { SessionEndReason } from '../audit/types.ts';
import type { Generation } from '../joc/cockpit.ts';

export interface Session {
  fp: string;
  origin: string;
  generation: Generation | null;
  account: string | null;
  identityService: string | null;
  startedAt: number;
  /** Last login or successful touch: the server's idle clock restarts only on those. */
  lastActivity: number;
  /** Idle timeout announced by the server (ms); null = unknown or never. */
  serverTimeoutMs: number | null;
  tabs: number[];
  state: 'live' | 'ended';
  endedAt: number | null;
  endReason: SessionEndReason | null;
  /** Tabs were closed at this time; the server logout waits for the grace period. */
  orphanedAt: number | null;
  /** The session.start audit event was written (once the account is known). */
  announced: boolean;
}

export interface Registry {
  v: 1;
  sessions: Record<string, Session>;
}

export const ENDED_RETENTION_MS = 24 * 3600 * 1000;
export const MAX_SESSIONS = 500;

export function emptyRegistry(): Registry {
  return { v: 1, sessions: {} };
}

/** Accepts anything read back from storage; returns a clean registry and whether repair was needed. */
export function reviveRegistry(raw: unknown): { registry: Registry; repaired: boolean } {
  if (raw === undefined || raw === null) return { registry: emptyRegistry(), repaired: false };
  if (typeof raw !== 'object' || (raw as { v?: unknown }).v !== 1) return { registry: emptyRegistry(), repaired: true };
  const src = (raw as { sessions?: unknown }).sessions;
  const out = emptyRegistry();
  let repaired = typeof src !== 'object' || src === null;
  for (const [fp, s] of Object.entries(typeof src === 'object' && src !== null ? src : {})) {
    if (isSession(s) && s.fp === fp) out.sessions[fp] = { ...s, tabs: [...new Set(s.tabs)], announced: s.announced === true };
    else repaired = true;
  }
  return { registry: out, repaired };
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

export interface Observation {
  fp: string;
  origin: string;
  now: number;
  tabId?: number | undefined;
  generation?: Generation | null | undefined;
  account?: string | null | undefined;
  identityService?: string | null | undefined;
  serverTimeoutMs?: number | null | undefined;
}

function blankSession(o: Observation): Session {
  return {
    fp: o.fp,
    origin: o.origin,
    generation: null,
    account: null,
    identityService: null,
    startedAt: o.now,
    lastActivity: o.now,
    serverTimeoutMs: null,
    tabs: [],
    state: 'live',
    endedAt: null,
    endReason: null,
    orphanedAt: null,
    announced: false,
  };
}

function withTab(tabs: number[], tabId: number | undefined): number[] {
  return tabId === undefined || tabId < 0 || tabs.includes(tabId) ? tabs : [...tabs, tabId];
}

/**
 * A token was seen live (login response, or a live page reporting it).
 * `isLogin` restarts the idle clock; a mere sighting does not.
 * Returns `started: true` when this is a session we did not know.
 */
export function observeToken(reg: Registry, o: Observation, isLogin: boolean): { registry: Registry; started: boolean } {
  const prev = reg.sessions[o.fp];
  if (prev && prev.state === 'ended') {
    // An ended session never comes back to life; the caller clears the token.
    return { registry: reg, started: false };
  }
  const base: Session = prev ?? blankSession(o);
  const next: Session = {
    ...base,
    generation: o.generation ?? base.generation,
    account: o.account ?? base.account,
    identityService: o.identityService ?? base.identityService,
    serverTimeoutMs: o.serverTimeoutMs !== undefined && o.serverTimeoutMs !== null ? o.serverTimeoutMs : base.serverTimeoutMs,
    lastActivity: isLogin ? o.now : base.lastActivity,
    tabs: withTab(base.tabs, o.tabId),
    orphanedAt: o.tabId !== undefined && o.tabId >= 0 ? null : base.orphanedAt,
  };
  return { registry: prune({ ...reg, sessions: { ...reg.sessions, [o.fp]: next } }, o.now), started: !prev };
}

/** A successful touch: the server restarted its idle clock. */
export function observeActivity(reg: Registry, fp: string, now: number): Registry {
  const s = reg.sessions[fp];
  if (!s || s.state !== 'live') return reg;
  return { ...reg, sessions: { ...reg.sessions, [fp]: { ...s, lastActivity: now } } };
}

/** Ends a session; returns ended=false when it was unknown or already over. */
export function endSession(reg: Registry, fp: string, reason: SessionEndReason, now: number): { registry: Registry; ended: Session | null } {
  const s = reg.sessions[fp];
  if (!s || s.state === 'ended') return { registry: reg, ended: null };
  const ended: Session = { ...s, state: 'ended', endedAt: now, endReason: reason, tabs: [] };
  return { registry: { ...reg, sessions: { ...reg.sessions, [fp]: ended } }, ended };
}

/**
 * Records that an unknown token (found stale at document_start) is dead,
 * so later sightings of the same fingerprint are cleared at once.
 */
export function recordDead(reg: Registry, o: Observation, reason: SessionEndReason): Registry {
  if (reg.sessions[o.fp]) return endSession(reg, o.fp, reason, o.now).registry;
  const dead: Session = { ...blankSession(o), generation: o.generation ?? null, state: 'ended', endedAt: o.now, endReason: reason, announced: true };
  return prune({ ...reg, sessions: { ...reg.sessions, [o.fp]: dead } }, o.now);
}

/** The tab no longer holds a token (its GUI cleared it, or JOC Guard did). */
export function dropTab(reg: Registry, tabId: number, now: number, fp?: string): { registry: Registry; orphaned: string[] } {
  const sessions = { ...reg.sessions };
  const orphaned: string[] = [];
  for (const s of Object.values(reg.sessions)) {
    if (fp !== undefined && s.fp !== fp) continue;
    if (!s.tabs.includes(tabId)) continue;
    const tabs = s.tabs.filter((t) => t !== tabId);
    const becameOrphan = s.state === 'live' && tabs.length === 0;
    sessions[s.fp] = { ...s, tabs, orphanedAt: becameOrphan ? now : s.orphanedAt };
    if (becameOrphan) orphaned.push(s.fp);
  }
  return { registry: { ...reg, sessions }, orphaned };
}

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
  return Object.values(reg.sessions)
    .filter((s) => s.state === 'live')
    .filter((s) => {
      const at = expiresAt(s, policyIdleMaxMinutes);
      return at !== null && at <= now;
    })
    .map((s) => s.fp);
}

/** Live sessions without tabs whose grace period after the last tab closed is over. */
export function dueForCloseLogout(reg: Registry, now: number, graceSeconds: number): string[] {
  return Object.values(reg.sessions)
    .filter((s) => s.state === 'live' && s.tabs.length === 0 && s.orphanedAt !== null)
    .filter((s) => (s.orphanedAt ?? now) + graceSeconds * 1000 <= now)
    .map((s) => s.fp);
}

/** The next time something has to happen (expiry or close-logout); null when nothing is pending. */
export function nextDeadline(reg: Registry, policyIdleMaxMinutes: number, graceSeconds: number): number | null {
  let next: number | null = null;
  for (const s of Object.values(reg.sessions)) {
    if (s.state !== 'live') continue;
    const candidates = [expiresAt(s, policyIdleMaxMinutes)];
    if (s.tabs.length === 0 && s.orphanedAt !== null) candidates.push(s.orphanedAt + graceSeconds * 1000);
    for (const c of candidates) if (c !== null && (next === null || c < next)) next = c;
  }
  return next;
}

/** A quarantined token: give it back only if its session is live right now. */
export function quarantineVerdict(reg: Registry, fp: string, origin: string): 'restore' | 'clear' {
  const s = reg.sessions[fp];
  return s && s.state === 'live' && s.origin === origin ? 'restore' : 'clear';
}

export function liveSessionsForTab(reg: Registry, tabId: number): Session[] {
  return Object.values(reg.sessions).filter((s) => s.state === 'live' && s.tabs.includes(tabId));
}

/** Drops ended sessions older than the retention and caps the total. */
export function prune(reg: Registry, now: number): Registry {
  const all = Object.values(reg.sessions).filter(
    (s) => s.state === 'live' || (s.endedAt ?? now) + ENDED_RETENTION_MS > now,
  );
  // Live sessions first, then the most recently ended.
  const rank = (s: Session): number => (s.state === 'live' ? Number.MAX_SAFE_INTEGER : (s.endedAt ?? 0));
  all.sort((a, b) => rank(b) - rank(a));
  const kept = all.slice(0, MAX_SESSIONS);
  if (kept.length === Object.keys(reg.sessions).length) return reg;
  return { v: 1, sessions: Object.fromEntries(kept.map((s) => [s.fp, s])) };
}
