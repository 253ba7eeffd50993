// Every way a session ends goes through endSessions: the pages that held it
// are cleared, the token is invalidated on the server where that is still
// needed (logout.ts: retried until it gets through), each step is audited, and
// only then is the held token released.
import type { AuditInput, SessionEndReason } from '../../shared/audit/types.ts';
import { idleLimitMs } from '../../shared/session/deadlines.ts';
import { dueReason } from '../../shared/session/operator-safety.ts';
import { dropTab, endSession, liveSessions, liveSessionsForTab, type Session } from '../../shared/session/registry.ts';
import type { Core } from './core.ts';
import { perfMark } from '../perf.ts';
import { ALARM } from './env.ts';
import { invalidate } from './logout.ts';

export interface EndOptions {
  serverLogout: boolean;
  detail?: string;
}

export async function endSessions(core: Core, fps: string[], reason: SessionEndReason, opts: EndOptions): Promise<void> {
  const { env } = core;
  const now = env.now();
  // Should the background die before every step below is done, this alarm (or
  // the periodic watch while sessions live) wakes it, and resume finishes from
  // the still held token. Set alongside the work, not before it: the logout
  // call should leave as soon as possible.
  const wakeUp = fps.length > 0 ? env.timers.alarmAt(ALARM.resume, now + 2000) : Promise.resolve();
  const held = await env.held.all();
  const ended = await core.reg.mutate((r) => {
    let registry = r;
    const out: { session: Session; tabs: number[]; token: string | null }[] = [];
    for (const fp of fps) {
      const tabs = registry.sessions[fp]?.tabs ?? [];
      const res = endSession(registry, fp, reason, now);
      registry = res.registry;
      if (res.ended) out.push({ session: res.ended, tabs, token: held[fp]?.token ?? null });
    }
    return { registry, result: out };
  });
  perfMark('end-saved');
  await Promise.all(ended.map((e) => finish(core, e.session, e.tabs, e.token, reason, opts)));
  await wakeUp;
  await core.schedule();
}

/** Clears the given tabs, invalidates the token if asked, audits, then forgets the token (or keeps retrying). */
export async function finish(core: Core, s: Session, tabs: number[], token: string | null, reason: SessionEndReason, opts: EndOptions): Promise<void> {
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
    if (logout) {
      const out = await logout;
      events.push(...out.events);
      release = out.release;
    }
    events.push({ type: 'session.end', origin: s.origin, fp: s.fp, reason, account: s.account ?? undefined, detail: opts.detail });
    await core.env.audit(events);
    // Only now: a background killed before this line finishes the end again (resume).
    if (release) await core.env.held.release(s.fp);
  } finally {
    core.finishing.delete(s.fp);
  }
}

/** A tab closed (or vanished while the background slept): its sessions lose it; an orphan is logged out when due. */
export async function tabClosed(core: Core, tabId: number): Promise<void> {
  const now = core.env.now();
  const orphaned = await core.reg.mutate((r) => {
    const out = dropTab(r, tabId, now, { closed: true });
    return { registry: out.registry, result: out.orphaned };
  });
  perfMark('tab-dropped');
  if (orphaned.length > 0) await core.runDue();
}

/** The page no longer holds this token: its GUI logged out, expired, or storage was wiped. */
export async function tokenGone(core: Core, token: string, loginRoute: boolean, settle: () => Promise<void>): Promise<void> {
  const fp = await core.env.fingerprint(token);
  // The GUI clears its storage right after the response that ended the
  // session; give that response's webRequest event a moment to arrive, so the
  // audit names the real cause (server-expired, logout) rather than a guess.
  await settle();
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
