// The session controller: applies observations (web requests, content
// scripts, tabs, timers) to the pure registry in src/shared/session/registry.ts and
// carries out the consequences: clear pages, log out on the server, audit.
import { ext } from '../platform/browser.ts';
import type { AuditInput, SessionEndReason } from '../shared/audit/types.ts';
import type { Generation } from '../shared/joc/cockpit.ts';
import { markPreviousRun, planResume, ADOPT_GRACE_MS } from '../shared/session/held-tokens.ts';
import * as reg from '../shared/session/registry.ts';
import { audit } from './audit.ts';
import { SerialQueue } from './queue.ts';
import { serverLogout } from './server-logout.ts';
import { getEffective } from './settings-store.ts';
import { fingerprint, heldTokens, keepToken, loadRegistry, peekToken, releaseToken, saveRegistry, sessionArea } from './state-store.ts';

const queue = new SerialQueue();
/** Lets a webRequest event that trails the page's own view of a response arrive first. */
const SETTLE_MS = 400;
export function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, SETTLE_MS));
}
let cache: reg.Registry | null = null;
/** storage.session: when this browser/extension run began (the registry was found empty). */
const FRESH_AT_KEY = 'freshRunAt';
/** Alarm that wakes a background killed in the middle of a session end (see resumeHeld). */
export const RESUME_ALARM = 'resume';
/** Periodic wake-up while sessions are live: notices tabs closed while the background was dead. */
export const WATCH_ALARM = 'watch';

async function current(): Promise<reg.Registry> {
  if (cache) return cache;
  const loaded = await loadRegistry();
  let registry = loaded.registry;
  if (loaded.repaired) void audit({ type: 'storage.recovered', origin: '', detail: 'session registry was unreadable and was reset' });
  if (loaded.fresh) {
    // First load in this browser run (inside the queue, so before any page can
    // report a token): tokens still held from the previous run are dead now.
    // resumeHeld() logs them out and audits.
    const now = Date.now();
    registry = markPreviousRun(registry, await heldTokens(), __VERSION__, now).registry;
    await sessionArea.set({ [FRESH_AT_KEY]: now });
    await saveRegistry(registry);
  }
  cache = registry;
  return registry;
}

/** Runs one registry transaction; side effects run after it, outside the queue. */
export function mutate<T>(fn: (r: reg.Registry) => Promise<{ registry: reg.Registry; result: T }> | { registry: reg.Registry; result: T }): Promise<T> {
  return queue.run(async () => {
    const before = await current();
    const { registry, result } = await fn(before);
    if (registry !== before) {
      cache = registry;
      await saveRegistry(registry);
    }
    return result;
  });
}

export function snapshotRegistry(): Promise<reg.Registry> {
  return queue.run(current);
}

export interface Sighting {
  token: string;
  origin: string;
  tabId?: number | undefined;
  generation?: Generation | null;
  serverTimeoutMs?: number | null;
  account?: string | null;
  identityService?: string | null;
}

/** A token is live in a page or came back from a login. Returns the session after the update. */
export async function observe(s: Sighting, isLogin: boolean): Promise<reg.Session | null> {
  const fp = await fingerprint(s.token);
  const now = Date.now();
  const { session, started, tabAdded } = await mutate((r) => {
    const out = reg.observeToken(r, { ...s, fp, now }, isLogin);
    const tabs = out.registry.sessions[fp]?.tabs ?? [];
    const added = s.tabId !== undefined && tabs.includes(s.tabId) && !(r.sessions[fp]?.tabs ?? []).includes(s.tabId);
    return { registry: out.registry, result: { session: out.registry.sessions[fp] ?? null, started: out.started, tabAdded: added } };
  });
  if (session?.state === 'live') {
    await keepToken(fp, s.token, session.origin, session.generation);
    if (started && !isLogin) {
      void audit({ type: 'token.found', origin: s.origin, fp, detail: 'live session adopted' });
    }
    if (!session.announced && session.account) {
      await mutate((r) => {
        const cur = r.sessions[fp];
        return cur ? { registry: { ...r, sessions: { ...r.sessions, [fp]: { ...cur, announced: true } } }, result: null } : { registry: r, result: null };
      });
      void audit({
        type: 'session.start',
        origin: s.origin,
        fp,
        account: session.account,
        detail: `${session.identityService ?? 'identity service unknown'}; idle timeout ${session.serverTimeoutMs === null ? 'none' : Math.round(session.serverTimeoutMs / 1000) + ' s'}`,
      });
    }
    // The event that named this tab (a login response, a page's message) may be
    // handled after the tab was already closed: its tabs.onRemoved found nothing
    // to drop then, and the session would wait for ever for a tab that is gone.
    if (tabAdded && s.tabId !== undefined && !(await tabExists(s.tabId))) await tabClosed(s.tabId);
    await scheduleDeadlines();
  }
  return session;
}

export async function touched(token: string): Promise<void> {
  const fp = await fingerprint(token);
  const session = await mutate((r) => {
    const next = reg.observeActivity(r, fp, Date.now());
    return { registry: next, result: next.sessions[fp] ?? null };
  });
  if (session?.state === 'live') {
    const { settings } = await getEffective();
    const expiresAt = reg.expiresAt(session, settings.session.idleMaxMinutes);
    for (const tabId of session.tabs) void sendToTab(tabId, { type: 'bg.session', expiresAt, account: session.account });
    await scheduleDeadlines();
  }
}

export interface EndOptions {
  serverLogout: boolean;
  detail?: string;
}

/** Ends sessions: clears every tab that held them, optionally logs them out on the server, audits. */
export async function endSessions(fps: string[], reason: SessionEndReason, opts: EndOptions): Promise<void> {
  const now = Date.now();
  // Should the background die before every step below is done, this alarm
  // wakes it, and resumeHeld() finishes from the still held token.
  if (fps.length > 0) await ext.alarms.create(RESUME_ALARM, { when: now + 2000 });
  const ended = await mutate(async (r) => {
    let registry = r;
    const out: { session: reg.Session; tabs: number[]; token: string | null }[] = [];
    for (const fp of fps) {
      const tabs = registry.sessions[fp]?.tabs ?? [];
      const res = reg.endSession(registry, fp, reason, now);
      registry = res.registry;
      if (res.ended) out.push({ session: res.ended, tabs, token: await peekToken(fp) });
    }
    return { registry, result: out };
  });
  await Promise.all(ended.map((e) => finish(e.session, e.tabs, e.token, reason, opts)));
  await scheduleDeadlines();
}

/** Clears the given tabs, logs out on the server if asked, audits, then forgets the token. */
async function finish(s: reg.Session, tabs: number[], token: string | null, reason: SessionEndReason, opts: EndOptions): Promise<void> {
  finishing.add(s.fp);
  try {
    await finishSteps(s, tabs, token, reason, opts);
  } finally {
    finishing.delete(s.fp);
  }
}

async function finishSteps(s: reg.Session, tabs: number[], token: string | null, reason: SessionEndReason, opts: EndOptions): Promise<void> {
  const events: AuditInput[] = [];
  // Clearing the pages first: it is local and fast; the server call may hang.
  const cleared = await Promise.all(tabs.map((tabId) => clearTab(tabId, reason, token ?? undefined)));
  for (const c of cleared) {
    for (const storage of c.areas) events.push({ type: 'token.cleared', origin: s.origin, fp: s.fp, storage, reason });
    if (c.cookies > 0) events.push({ type: 'token.cleared', origin: s.origin, fp: s.fp, storage: 'cookie', reason });
  }
  if (opts.serverLogout && token) {
    const result = await serverLogout(s.origin, token, s.generation);
    events.push({ type: 'token.invalidated', origin: s.origin, fp: s.fp, result, reason });
  }
  events.push({ type: 'session.end', origin: s.origin, fp: s.fp, reason, account: s.account ?? undefined, detail: opts.detail });
  await audit(events);
  // Only now: a background killed before this line finishes the end again (resumeHeld).
  await releaseToken(s.fp);
}

/**
 * Every wake-up (and the resume/watch alarms): finishes what a killed
 * background or a dead browser left undone, from the held tokens —
 * sessions ended but not yet logged out, tokens of a previous browser run,
 * tokens no page adopted after an extension update — and drops tabs that
 * were closed while the background was not running.
 */
export function resumeHeld(): Promise<void> {
  return resumeQueue.run(resumeOnce);
}

const resumeQueue = new SerialQueue();
/** Sessions this worker is ending right now: not for resumeHeld, which would do it twice. */
const finishing = new Set<string>();

async function resumeOnce(): Promise<void> {
  await dropVanishedTabs();
  const { settings } = await getEffective();
  const held = await heldTokens();
  if (Object.keys(held).length === 0) return;
  const freshAt = (await sessionArea.get([FRESH_AT_KEY]))[FRESH_AT_KEY];
  const now = Date.now();
  const { plan, sessions } = await mutate((r) => {
    const p = planResume(r, held, __VERSION__, now, typeof freshAt === 'number' ? freshAt : 0);
    let registry = r;
    for (const fp of p.unclaimed) {
      const h = held[fp];
      if (h) registry = reg.recordDead(registry, { fp, origin: h.origin, now, generation: h.generation }, 'stale-at-start');
    }
    return { registry, result: { plan: p, sessions: registry.sessions } };
  });
  const jobs = [...plan.complete, ...plan.unclaimed.map((fp) => ({ fp, reason: 'stale-at-start' as const }))].filter((j) => !finishing.has(j.fp));
  if (plan.waiting) await ext.alarms.create(RESUME_ALARM, { when: (typeof freshAt === 'number' ? freshAt : now) + ADOPT_GRACE_MS + 1000 });
  await Promise.all(
    jobs.map(async ({ fp, reason }) => {
      const h = held[fp];
      const s = sessions[fp];
      if (!h || !s) return;
      // The same steps as any session end, from the held token. Pages of that
      // origin still holding it (an End session cut short, a tab restored before
      // JOC Guard was ready) are cleared first; clearTab skips pages with another token.
      await finish({ ...s, generation: s.generation ?? h.generation }, await tabsOf(h.origin), h.token, reason, {
        serverLogout: !(reason === 'tab-closed' && !settings.session.logoutOnLastTabClose),
        detail: reason === 'stale-at-start' ? 'live when the previous browser run ended (crash or exit without logout)' : 'finished after the background was interrupted',
      });
    }),
  );
}

async function tabExists(tabId: number): Promise<boolean> {
  try {
    await ext.tabs.get(tabId);
    return true;
  } catch {
    return false;
  }
}

/** Tabs closed while the background was dead never produced tabs.onRemoved for it. */
async function dropVanishedTabs(): Promise<void> {
  const r = await snapshotRegistry();
  const listed = [...new Set(Object.values(r.sessions).filter((s) => s.state === 'live').flatMap((s) => s.tabs))];
  if (listed.length === 0) return;
  const open = new Set((await ext.tabs.query({})).map((t) => t.id));
  const gone = listed.filter((id) => !open.has(id));
  for (const tabId of gone) await tabClosed(tabId);
}

/** Open tabs on `origin` (the host permission lets us see their URLs). */
async function tabsOf(origin: string): Promise<number[]> {
  try {
    const tabs = await ext.tabs.query({ url: `${new URL(origin).protocol}//${new URL(origin).hostname}/*` });
    return tabs.filter((t) => t.id !== undefined && t.url !== undefined && new URL(t.url).origin === origin).map((t) => t.id as number);
  } catch {
    return [];
  }
}

/** A token found stale at document_start: record it dead, log it out on the server, audit. */
export async function staleToken(token: string, origin: string, generation: Generation | null, area: 'localStorage' | 'sessionStorage'): Promise<void> {
  const fp = await fingerprint(token);
  const now = Date.now();
  const prior = await mutate((r) => {
    const before = r.sessions[fp] ?? null;
    return { registry: reg.recordDead(r, { fp, origin, now, generation }, 'stale-at-start'), result: before };
  });
  const events: AuditInput[] = [
    { type: 'token.found', origin, fp, storage: area, detail: 'at document_start, no live session' },
    { type: 'token.cleared', origin, fp, storage: area, reason: 'stale-at-start' },
  ];
  // Log it out unless we already did (an ended session whose token we invalidated).
  if (!(prior?.state === 'ended' && prior.endReason !== 'server-expired' && prior.endReason !== 'logout')) {
    const result = await serverLogout(origin, token, generation ?? prior?.generation ?? null);
    events.push({ type: 'token.invalidated', origin, fp, result, reason: 'stale-at-start' });
  }
  await audit(events);
}

export async function tabClosed(tabId: number): Promise<void> {
  const orphaned = await mutate((r) => {
    const out = reg.dropTab(r, tabId, Date.now());
    return { registry: out.registry, result: out.orphaned };
  });
  if (orphaned.length > 0) await runDeadlines();
}

/** The page no longer holds this token: its GUI logged out, expired, or storage was wiped. */
export async function tokenGone(token: string, loginRoute: boolean): Promise<void> {
  const fp = await fingerprint(token);
  const { settings } = await getEffective();
  // The GUI clears its storage right after the response that ended the
  // session; give that response's webRequest event a moment to arrive, so the
  // audit names the real cause (server-expired, logout) rather than a guess.
  await settle();
  const session = (await snapshotRegistry()).sessions[fp];
  if (!session || session.state !== 'live') return;
  const at = reg.expiresAt(session, settings.session.idleMaxMinutes);
  const reason: SessionEndReason = at !== null && at <= Date.now() + 1000 ? 'idle-timeout' : 'logout';
  await endSessions([fp], reason, { serverLogout: true, detail: loginRoute ? 'GUI returned to its login page' : 'token removed from the page' });
}

export async function endForTab(tabId: number): Promise<number> {
  const sessions = reg.liveSessionsForTab(await snapshotRegistry(), tabId);
  await endSessions(sessions.map((s) => s.fp), 'user-ended', { serverLogout: true, detail: 'End session now (popup)' });
  await clearTab(tabId, 'user-ended');
  return sessions.length;
}

export async function isKnown(token: string): Promise<boolean> {
  const fp = await fingerprint(token);
  return (await snapshotRegistry()).sessions[fp] !== undefined;
}

export async function fpFor(token: string): Promise<string> {
  return fingerprint(token);
}

/** Fingerprints of the tokens still held (E2E state hook). */
export async function heldFingerprints(): Promise<string[]> {
  return Object.keys(await heldTokens());
}

export async function tokenFor(fp: string): Promise<string | null> {
  return peekToken(fp);
}

// ---- timers -------------------------------------------------------------------
let timer: ReturnType<typeof setTimeout> | undefined;

export async function scheduleDeadlines(): Promise<void> {
  const { settings } = await getEffective();
  const next = reg.nextDeadline(await snapshotRegistry(), settings.session.idleMaxMinutes, settings.session.closeGraceSeconds);
  clearTimeout(timer);
  const anyLive = Object.values((await snapshotRegistry()).sessions).some((s) => s.state === 'live');
  if (!anyLive) await ext.alarms.clear(WATCH_ALARM);
  else if (!(await ext.alarms.get(WATCH_ALARM))) await ext.alarms.create(WATCH_ALARM, { periodInMinutes: 1 });
  if (next === null) {
    await ext.alarms.clear('deadline');
    return;
  }
  // setTimeout is precise while the worker lives; the alarm wakes a sleeping worker.
  timer = setTimeout(() => void runDeadlines(), Math.max(0, next - Date.now()) + 50);
  await ext.alarms.create('deadline', { when: Math.max(next, Date.now() + 1000) });
}

export async function runDeadlines(): Promise<void> {
  const { settings } = await getEffective();
  const r = await snapshotRegistry();
  const now = Date.now();
  const expired = reg.dueForExpiry(r, now, settings.session.idleMaxMinutes);
  if (expired.length > 0) await endSessions(expired, 'idle-timeout', { serverLogout: true });
  const closed = reg.dueForCloseLogout(await snapshotRegistry(), now, settings.session.closeGraceSeconds);
  if (closed.length > 0) {
    await endSessions(closed, 'tab-closed', { serverLogout: settings.session.logoutOnLastTabClose });
  }
  await scheduleDeadlines();
}

// ---- tabs ---------------------------------------------------------------------
export async function sendToTab(tabId: number, msg: object): Promise<unknown> {
  try {
    return await ext.tabs.sendMessage(tabId, msg, { frameId: 0 });
  } catch {
    return undefined; // tab gone or no content script
  }
}

async function clearTab(tabId: number, reason: string, token?: string): Promise<{ areas: ('localStorage' | 'sessionStorage')[]; cookies: number }> {
  const reply = await sendToTab(tabId, { type: 'bg.clear', reason, ...(token ? { value: token } : {}) });
  if (typeof reply === 'object' && reply !== null && (reply as { cleared?: unknown }).cleared === true) {
    const r = reply as { areas?: unknown; cookies?: unknown };
    const areas = Array.isArray(r.areas) ? r.areas.filter((a): a is 'localStorage' | 'sessionStorage' => a === 'localStorage' || a === 'sessionStorage') : [];
    return { areas, cookies: typeof r.cookies === 'number' ? r.cookies : 0 };
  }
  return { areas: [], cookies: 0 };
}
