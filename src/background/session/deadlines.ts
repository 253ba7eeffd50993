// The timers of live sessions: idle expiry, the logout after the last tab
// closed, and the session cap with its notice shortly before (issue 18). A
// precise in-memory timer while the background runs, an alarm that wakes a
// sleeping one, and a periodic watch while sessions are live (it notices tabs
// closed while the background was dead).
import { dueForCloseLogout, dueForExpiry, nextDeadline } from '../../shared/session/deadlines.ts';
import { capPlan, type CapWarning } from '../../shared/session/operator-safety.ts';
import { liveSessions } from '../../shared/session/registry.ts';
import type { Core } from './core.ts';
import { endSessions } from './ends.ts';
import { ALARM } from './env.ts';

const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

export async function schedule(core: Core): Promise<void> {
  const { env } = core;
  const { session } = await env.settings();
  const r = await core.reg.snapshot();
  const cap = capPlan(r, env.now(), session.maxHours, core.capWarned);
  const next = earliest(nextDeadline(r, session.idleMaxMinutes, session.closeGraceSeconds), cap.next);
  if (liveSessions(r).length === 0) await env.timers.clear(ALARM.watch);
  else if (!(await env.timers.exists(ALARM.watch))) await env.timers.periodic(ALARM.watch, 1);
  if (next === null) {
    await env.timers.clear(ALARM.deadline);
    return;
  }
  env.timers.soon(ALARM.deadline, next + 50, () => void runDue(core));
  await env.timers.alarmAt(ALARM.deadline, Math.max(next, env.now() + 1000));
}

export async function runDue(core: Core): Promise<void> {
  const { session } = await core.env.settings();
  const now = core.env.now();
  // The cap first: when a sleeping background finds both passed, the cap is the reason.
  const cap = capPlan(await core.reg.snapshot(), now, session.maxHours, core.capWarned);
  if (cap.end.length > 0) await endSessions(core, cap.end, 'session-cap', { serverLogout: true, detail: `${session.maxHours} h after the login` });
  await warnCap(core, cap.warn);
  const expired = dueForExpiry(await core.reg.snapshot(), now, session.idleMaxMinutes);
  if (expired.length > 0) await endSessions(core, expired, 'idle-timeout', { serverLogout: true });
  const closed = dueForCloseLogout(await core.reg.snapshot(), now, session.closeGraceSeconds);
  if (closed.length > 0) await endSessions(core, closed, 'tab-closed', { serverLogout: session.logoutOnLastTabClose });
  await schedule(core);
}

/** Every tab of a session near its cap shows the time left, so the operator can save their work. */
async function warnCap(core: Core, warnings: CapWarning[]): Promise<void> {
  const live = new Set(liveSessions(await core.reg.snapshot()).map((s) => s.fp));
  for (const fp of core.capWarned) if (!live.has(fp)) core.capWarned.delete(fp);
  for (const w of warnings) core.capWarned.add(w.fp);
  await Promise.all(warnings.flatMap((w) => w.tabs.map((tabId) => core.env.tabs.capNotice(tabId, w.endsAt))));
}
