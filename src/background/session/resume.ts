// Every wake-up (and the resume and watch alarms) finishes what a killed
// background or a dead browser left undone, from the held tokens: sessions
// ended but not yet logged out, tokens of a previous browser run, tokens no
// page adopted after an extension update, and pending logouts that are due.
// It also drops tabs that closed while the background was not running.
import { ADOPT_GRACE_MS, planResume } from '../../shared/session/held-tokens.ts';
import { liveSessions, recordDead } from '../../shared/session/registry.ts';
import { SerialQueue } from '../../shared/serial-queue.ts';
import type { Core } from './core.ts';
import { finish, tabClosed } from './ends.ts';
import { ALARM } from './env.ts';
import { retryPending } from './logout.ts';

const queue = new SerialQueue();

export function resume(core: Core): Promise<void> {
  return queue.run(() => resumeOnce(core));
}

async function resumeOnce(core: Core): Promise<void> {
  const { env } = core;
  await dropVanishedTabs(core);
  const held = await env.held.all();
  if (Object.keys(held).length === 0) return;
  const freshAt = (await env.registry.freshAt()) ?? 0;
  const now = env.now();
  const { plan, sessions } = await core.reg.mutate((r) => {
    const p = planResume(r, held, env.version, now, freshAt);
    let registry = r;
    for (const fp of p.unclaimed) {
      const h = held[fp];
      if (h) registry = recordDead(registry, { fp, origin: h.origin, now, generation: h.generation }, 'stale-at-start');
    }
    return { registry, result: { plan: p, sessions: registry.sessions } };
  });
  if (plan.waiting) await env.timers.alarmAt(ALARM.resume, freshAt + ADOPT_GRACE_MS + 1000);
  if (plan.nextRetryAt !== null) await env.timers.alarmAt(ALARM.resume, plan.nextRetryAt);
  const settings = await env.settings();
  const jobs = [...plan.complete, ...plan.unclaimed.map((fp) => ({ fp, reason: 'stale-at-start' as const }))].filter((j) => !core.finishing.has(j.fp));
  await Promise.all([
    ...jobs.map(async ({ fp, reason }) => {
      const h = held[fp];
      const s = sessions[fp];
      if (!h || !s) return;
      // The same steps as any session end, from the held token. Pages of that
      // origin still holding it (an End session cut short, a tab restored before
      // JOC Guard was ready) are cleared first; a page with another token is skipped.
      await finish(core, { ...s, generation: s.generation ?? h.generation }, await env.tabs.ofOrigin(h.origin), h.token, reason, {
        serverLogout: !(reason === 'tab-closed' && !settings.session.logoutOnLastTabClose),
        detail: reason === 'stale-at-start' ? 'live when the previous browser run ended (crash or exit without logout)' : 'finished after the background or the browser was interrupted',
      });
    }),
    ...plan.retry.map(async (fp) => {
      const h = held[fp];
      if (h && !core.finishing.has(fp)) await retryPending(core, fp, h);
    }),
  ]);
}

/** Tabs closed while the background was dead never produced tabs.onRemoved for it. */
async function dropVanishedTabs(core: Core): Promise<void> {
  const listed = [...new Set(liveSessions(await core.reg.snapshot()).flatMap((s) => s.tabs))];
  if (listed.length === 0) return;
  const open = await core.env.tabs.openIds();
  for (const tabId of listed.filter((id) => !open.has(id))) await tabClosed(core, tabId);
}
