// The timers of live sessions: idle expiry and the logout after the last tab
// closed. A precise in-memory timer while the background runs, an alarm that
// wakes a sleeping one, and a periodic watch while sessions are live (it
// notices tabs closed while the background was dead).
import { dueForCloseLogout, dueForExpiry, nextDeadline } from '../../shared/session/deadlines.ts';
import { liveSessions } from '../../shared/session/registry.ts';
import type { Core } from './core.ts';
import { endSessions } from './ends.ts';
import { ALARM } from './env.ts';

export async function schedule(core: Core): Promise<void> {
  const { env } = core;
  const { session } = await env.settings();
  const r = await core.reg.snapshot();
  const next = nextDeadline(r, session.idleMaxMinutes, session.closeGraceSeconds);
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
  const expired = dueForExpiry(await core.reg.snapshot(), now, session.idleMaxMinutes);
  if (expired.length > 0) await endSessions(core, expired, 'idle-timeout', { serverLogout: true });
  const closed = dueForCloseLogout(await core.reg.snapshot(), now, session.closeGraceSeconds);
  if (closed.length > 0) await endSessions(core, closed, 'tab-closed', { serverLogout: session.logoutOnLastTabClose });
  await schedule(core);
}
