// The session registry: which JOC sessions are live, which tabs hold them,
// how JOC Guard knows of them. Pure functions over a plain, serialisable state
// object (the background keeps it in storage.session so a restarted worker
// resumes). Tokens are NOT part of this state; entries are keyed by fingerprint.
// What may create a session is decided in decide.ts; deadlines in deadlines.ts;
// reading it back from storage in registry-revive.ts.
import type { SessionEndReason } from '../audit/types.ts';
import type { Generation } from '../joc/cockpit.ts';

/**
 * Why JOC Guard tracks a session: it saw the login response (`login`), the
 * page already held the token when JOC Guard started protecting it
 * (`late-page`), or JOC Guard held the token before its own restart or update
 * (`held`). A token seen only in a running page never starts a session.
 */
export type Evidence = 'login' | 'late-page' | 'held';
/** Where the account name comes from: the observed login, or only what the page stored. */
export type AccountSource = 'login' | 'page';

export interface Session {
  fp: string;
  origin: string;
  generation: Generation | null;
  account: string | null;
  accountSource: AccountSource | null;
  identityService: string | null;
  evidence: Evidence;
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
  /** Tab id → fingerprints this tab was told to reload for (at most once per tab and token). */
  reloads: Record<string, string[]>;
}

export const ENDED_RETENTION_MS = 24 * 3600 * 1000;
export const MAX_SESSIONS = 500;
const MAX_RELOAD_TABS = 500;

export function emptyRegistry(): Registry {
  return { v: 1, sessions: {}, reloads: {} };
}

export interface Observation {
  fp: string;
  origin: string;
  now: number;
  tabId?: number | undefined;
  generation?: Generation | null | undefined;
  account?: string | null | undefined;
  /** Where `account` comes from (default: the page). */
  accountSource?: AccountSource | undefined;
  identityService?: string | null | undefined;
  serverTimeoutMs?: number | null | undefined;
}

function blankSession(o: Observation, evidence: Evidence): Session {
  return {
    fp: o.fp,
    origin: o.origin,
    generation: null,
    account: null,
    accountSource: null,
    identityService: null,
    evidence,
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

/** An account seen at login is never replaced by what a page stored. */
function account(base: Session, o: Observation): Pick<Session, 'account' | 'accountSource'> {
  if (o.account === undefined || o.account === null || o.account === '') return { account: base.account, accountSource: base.accountSource };
  const source = o.accountSource ?? 'page';
  if (base.accountSource === 'login' && source !== 'login') return { account: base.account, accountSource: base.accountSource };
  return { account: o.account, accountSource: source };
}

/**
 * A token was seen live: `how` is the evidence that may start a session, or
 * `sighting` (a page reporting a token), which only updates a session JOC
 * Guard already tracks. A login also restarts the idle clock.
 * Returns `started: true` when a session began.
 */
export function observeToken(reg: Registry, o: Observation, how: Evidence | 'sighting'): { registry: Registry; started: boolean } {
  const prev = reg.sessions[o.fp];
  // An ended session never comes back to life; the caller clears the token.
  if (prev?.state === 'ended' || (!prev && how === 'sighting')) return { registry: reg, started: false };
  const base: Session = prev ?? blankSession(o, how === 'sighting' ? 'held' : how);
  const next: Session = {
    ...base,
    ...account(base, o),
    generation: o.generation ?? base.generation,
    identityService: o.identityService ?? base.identityService,
    serverTimeoutMs: o.serverTimeoutMs !== undefined && o.serverTimeoutMs !== null ? o.serverTimeoutMs : base.serverTimeoutMs,
    lastActivity: how === 'login' ? o.now : base.lastActivity,
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

/** Ends a session; returns ended=null when it was unknown or already over. */
export function endSession(reg: Registry, fp: string, reason: SessionEndReason, now: number): { registry: Registry; ended: Session | null } {
  const s = reg.sessions[fp];
  if (!s || s.state === 'ended') return { registry: reg, ended: null };
  const ended: Session = { ...s, state: 'ended', endedAt: now, endReason: reason, tabs: [] };
  return { registry: { ...reg, sessions: { ...reg.sessions, [fp]: ended } }, ended };
}

/** Records a token as dead (unknown or stale), so later sightings of the same fingerprint are cleared at once. */
export function recordDead(reg: Registry, o: Observation, reason: SessionEndReason): Registry {
  if (reg.sessions[o.fp]) return endSession(reg, o.fp, reason, o.now).registry;
  const dead: Session = { ...blankSession(o, 'held'), generation: o.generation ?? null, state: 'ended', endedAt: o.now, endReason: reason, announced: true };
  return prune({ ...reg, sessions: { ...reg.sessions, [o.fp]: dead } }, o.now);
}

/** The tab no longer holds a token (its GUI cleared it, JOC Guard did, or it closed). */
export function dropTab(reg: Registry, tabId: number, now: number, opts: { closed?: boolean } = {}): { registry: Registry; orphaned: string[] } {
  const sessions = { ...reg.sessions };
  const orphaned: string[] = [];
  for (const s of Object.values(reg.sessions)) {
    if (!s.tabs.includes(tabId)) continue;
    const tabs = s.tabs.filter((t) => t !== tabId);
    const becameOrphan = s.state === 'live' && tabs.length === 0;
    sessions[s.fp] = { ...s, tabs, orphanedAt: becameOrphan ? now : s.orphanedAt };
    if (becameOrphan) orphaned.push(s.fp);
  }
  const key = String(tabId);
  const reloads = opts.closed && key in reg.reloads ? Object.fromEntries(Object.entries(reg.reloads).filter(([k]) => k !== key)) : reg.reloads;
  return { registry: { ...reg, sessions, reloads }, orphaned };
}

/** Whether this tab was already told to reload for this token. */
export function reloadedBefore(reg: Registry, tabId: number, fp: string): boolean {
  return reg.reloads[String(tabId)]?.includes(fp) === true;
}

export function noteReload(reg: Registry, tabId: number, fp: string): Registry {
  const key = String(tabId);
  const list = reg.reloads[key] ?? [];
  if (list.includes(fp)) return reg;
  const reloads = { ...reg.reloads, [key]: [...list, fp].slice(-8) };
  const keys = Object.keys(reloads);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_RELOAD_TABS))) delete reloads[k];
  return { ...reg, reloads };
}

export function liveSessionsForTab(reg: Registry, tabId: number): Session[] {
  return Object.values(reg.sessions).filter((s) => s.state === 'live' && s.tabs.includes(tabId));
}

export function liveSessions(reg: Registry): Session[] {
  return Object.values(reg.sessions).filter((s) => s.state === 'live');
}

/** Drops ended sessions older than the retention and caps the total. */
export function prune(reg: Registry, now: number): Registry {
  const all = Object.values(reg.sessions).filter((s) => s.state === 'live' || (s.endedAt ?? now) + ENDED_RETENTION_MS > now);
  // Live sessions first, then the most recently ended.
  const rank = (s: Session): number => (s.state === 'live' ? Number.MAX_SAFE_INTEGER : (s.endedAt ?? 0));
  all.sort((a, b) => rank(b) - rank(a));
  const kept = all.slice(0, MAX_SESSIONS);
  if (kept.length === Object.keys(reg.sessions).length) return reg;
  return { ...reg, sessions: Object.fromEntries(kept.map((s) => [s.fp, s])) };
}
