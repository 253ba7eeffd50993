// Every way a session ends goes through endSessions: the pages that held it
// are cleared, the token is invalidated on the server where that is still
// needed (logout.ts: retried until it gets through), each step is audited, and
// only then is the held token released.
import type { AuditInput, SessionEndReason } from '../../shared/audit/types.ts';
import { idleLimitMs } from '../../shared/session/deadlines.ts';
import { dueReason } from '../../shared/session/operator-safety.ts';
import { endSession, liveSessions, liveSessionsForTab, type Registry, type Session } from '../../shared/session/registry.ts';
import { auditedEnd, LOGOUT_CLOSED_DETAIL, noteLogoutSent } from '../../shared/session/logout-sent.ts';
import { closeTab } from '../../shared/session/tab-close.ts';
import type { Core } from './core.ts';
import { perfMark } from '../perf.ts';
import { ALARM } from './env.ts';
import { invalidate } from './logout.ts';

export interface EndOptions {
  serverLogout: boolean;
  detail?: string;
}

/** One session to end, and why. */
export interface PlannedEnd {
  fp: string;
  reason: SessionEndReason;
  opts: EndOptions;
}

export async function endSessions(core: Core, fps: string[], reason: SessionEndReason, opts: EndOptions): Promise<void> {
  await endSessionsIn(core, (r) => ({ registry: r, ends: fps.map((fp) => ({ fp, reason, opts })) }));
  await core.schedule();
}

/**
 * Ends the sessions `pick` names on the registry as it is inside the
 * transaction (after any change it makes, such as a tab leaving). The pages
 * are cleared and the logout call leaves as soon as the end is in effect, while
 * the registry is saved: a background killed before the save still finds the
 * session live without its tabs and the token held, and ends it again when it
 * wakes (resume.ts). The held token is let go only after the save. Returns
 * how many ended; the caller re-arms the deadlines.
 */
export async function endSessionsIn(core: Core, pick: (r: Registry) => { registry: Registry; ends: PlannedEnd[] }): Promise<number> {
  const { env } = core;
  const now = env.now();
  const { result: ended, saved } = await core.reg.change(async (r) => {
    const picked = pick(r);
    let registry = picked.registry;
    const held = picked.ends.length > 0 ? await env.held.all() : {};
    const out: { session: Session; tabs: number[]; token: string | null; end: PlannedEnd }[] = [];
    for (const end of picked.ends) {
      const tabs = registry.sessions[end.fp]?.tabs ?? [];
      const res = endSession(registry, end.fp, end.reason, now);
      registry = res.registry;
      if (res.ended) out.push({ session: res.ended, tabs, token: held[end.fp]?.token ?? null, end });
    }
    return { registry, result: out };
  });
  perfMark('end-recorded');
  // Should the background die before every step below is done, this alarm (or
  // the periodic watch while sessions live) wakes it, and resume finishes from
  // the still held token. Set alongside the work: the logout call leaves first.
  const wakeUp = ended.length > 0 ? env.timers.alarmAt(ALARM.resume, now + 2000) : Promise.resolve();
  void saved.then(() => perfMark('end-saved'), () => undefined);
  const finished = Promise.all(ended.map((e) => finish(core, e.session, e.tabs, e.token, e.end.reason, e.end.opts, saved)));
  // After the logout calls have left: the held token learns why its session ended, so
  // that a browser gone before the end is complete (the registry goes with it) is
  // finished at the next start under this reason, not as stale-at-start.
  const marked = Promise.all(ended.filter((e) => e.token !== null).map((e) => env.held.markEnded(e.session.fp, e.end.reason)));
  await finished;
  await marked;
  await saved;
  await wakeUp;
  return ended.length;
}

/** Clears the given tabs, invalidates the token if asked, audits, then forgets the token (or keeps retrying). */
export async function finish(core: Core, s: Session, tabs: number[], token: string | null, reason: SessionEndReason, opts: EndOptions, saved: Promise<void> = Promise.resolve()): Promise<void> {
  core.finishing.add(s.fp);
  try {
    const events: AuditInput[] = [];
    // The pages are cleared and the server is asked at the same time: clearing
    // is local and fast, the server call may hang, neither waits for the other.
    const logout = opts.serverLogout && token ? (async () => invalidate(core, s, token, reason, idleLimitMs(s, (await core.env.settings()).session.idleMaxMinutes)))() : null;
    const cleared = await Promise.all(tabs.map((tabId) => core.env.tabs.clear(tabId, reason, token ?? undefined)));
    for (const c of cleared) {
      for (const storage of c.areas) events.push({ type: 'token.cleared', origin: s.origin, fp: s.fp, storage, reason });
      if (c.cookies > 0) events.push({ type: 'token.cleared', origin: s.origin, fp: s.fp, storage: 'cookie', reason });
    }
    let release = true;
    // A close may be handled before the event of the GUI logout call that caused it
    // (auditedEnd): the record waits a moment for that event, and for its note to be
    // taken; the logout call above does not wait.
    const late = reason === 'tab-closed' ? core.settle().then(() => logoutNotesTaken(core)) : Promise.resolve();
    if (logout) {
      const out = await logout;
      events.push(...out.events);
      release = out.release;
    }
    await late;
    const end = auditedEnd(reason, opts.detail, core.logoutsSent.value, s.fp, core.env.now());
    if (end.reason !== reason) for (const [i, e] of events.entries()) if (e.reason === reason) events[i] = { ...e, reason: end.reason };
    events.push({ type: 'session.end', origin: s.origin, fp: s.fp, reason: end.reason, account: s.account ?? undefined, detail: end.detail });
    // Audited once the end is stored: a background killed before the save ends
    // the session again when it wakes, and that end is the one audited.
    await saved;
    await core.env.audit(events);
    // Only now: a background killed before this line finishes the end again (resume).
    if (release) await core.env.held.release(s.fp);
  } finally {
    core.finishing.delete(s.fp);
  }
}

/** Resolves once every logout call reported so far is noted (its fingerprint computed). */
async function logoutNotesTaken(core: Core): Promise<void> {
  await Promise.allSettled([...core.notingLogouts]);
}

/**
 * The GUI's logout call left with this token: a close of its last tab in the next seconds is that
 * logout. Noted as of now; the fingerprint takes a moment (an HMAC), and a tab close that comes
 * meanwhile waits for it (tabClosed).
 */
export function logoutSent(core: Core, token: string): Promise<void> {
  const at = core.env.now();
  const noted = core.env.fingerprint(token).then((fp) => {
    core.logoutsSent.value = noteLogoutSent(core.logoutsSent.value, fp, at);
  });
  core.notingLogouts.add(noted);
  return noted.finally(() => core.notingLogouts.delete(noted));
}

/**
 * A tab closed (or vanished while the background slept): its sessions lose it;
 * an orphan is logged out when due. A session whose GUI had just sent its logout
 * call ends now as a logout, and JOC Guard's own call makes sure of it: the
 * browser may have cut the GUI's call as the tab closed.
 */
export async function tabClosed(core: Core, tabId: number): Promise<void> {
  await logoutNotesTaken(core); // a logout call the browser reported first
  const now = core.env.now();
  const session = (await core.env.settings()).session;
  let left = 0;
  const ended = await endSessionsIn(core, (r) => {
    const c = closeTab(r, tabId, now, session, core.logoutsSent.value);
    left = c.orphaned.length - c.endNow.length - c.loggedOut.length;
    return {
      registry: c.registry,
      ends: [
        ...c.loggedOut.map((fp) => ({ fp, reason: 'logout' as const, opts: { serverLogout: true, detail: LOGOUT_CLOSED_DETAIL } })),
        ...c.endNow.map((fp) => ({ fp, reason: 'tab-closed' as const, opts: { serverLogout: session.logoutOnLastTabClose } })),
      ],
    };
  });
  // A grace period, or a cap or idle timeout due as well: the deadline pass decides.
  if (left > 0) await core.runDue();
  else if (ended > 0) await core.schedule();
}

/** The page no longer holds this token: its GUI logged out, expired, or storage was wiped. */
export async function tokenGone(core: Core, token: string, loginRoute: boolean): Promise<void> {
  const fp = await core.env.fingerprint(token);
  // The GUI clears its storage right after the response that ended the
  // session; give that response's webRequest event a moment to arrive, so the
  // audit names the real cause (server-expired, logout) rather than a guess.
  await core.settle();
  const session = (await core.reg.snapshot()).sessions[fp];
  if (session?.state !== 'live') return;
  const reason: SessionEndReason = dueReason(session, (await core.env.settings()).session, core.env.now()) ?? 'logout';
  await endSessions(core, [fp], reason, { serverLogout: true, detail: loginRoute ? 'GUI returned to its login page' : 'token removed from the page' });
}

/** The popup's End session now: the tab's sessions end and the tab is cleared. */
export async function endForTab(core: Core, tabId: number): Promise<number> {
  const sessions = liveSessionsForTab(await core.reg.snapshot(), tabId);
  await endSessions(core, sessions.map((s) => s.fp), 'user-ended', { serverLogout: true, detail: 'End session now (popup)' });
  await core.env.tabs.clear(tabId, 'user-ended');
  return sessions.length;
}

/** Ends every live session in this browser (End all, screen lock). */
export async function endAll(core: Core, reason: SessionEndReason, detail: string): Promise<number> {
  const fps = liveSessions(await core.reg.snapshot()).map((s) => s.fp);
  await endSessions(core, fps, reason, { serverLogout: true, detail });
  return fps.length;
}
