// Test hooks, compiled into E2E builds only (the router refuses cs.e2e in
// release builds, and the request schema is built only there).
import { ext } from '../../platform/browser.ts';
import { auditStore, refreshAuditConfig } from '../audit.ts';
import { badgeWrites } from '../badge.ts';
import { isIdleState } from '../../shared/session/operator-safety.ts';
import type { ContentCtx } from '../messaging/router.ts';
import { commandRun, idleStateChanged } from '../operator-safety.ts';
import { syncRegistrations } from '../registration.ts';
import { perfMarks } from '../perf.ts';
import { pauseServerCertListener, registerServerCertListener } from '../server-cert.ts';
import { sessions } from '../session/instance.ts';
import { getEffective, writeUserSettings } from '../settings-store.ts';
import { setRememberLoginAt } from './remember.ts';

/** Names this background instance (differs after the background was restarted). */
let instanceId: string | undefined;

/**
 * What the test bridge gets back: a plain JSON object or list (it crosses the
 * page bridge as JSON; the tests check each shape where they read it).
 */
export type E2eReply = Readonly<Record<string, unknown>> | readonly unknown[] | null;

export async function e2eHook(msg: { action: string; payload?: unknown }, { tabId, origin }: ContentCtx): Promise<E2eReply> {
  if (!__E2E__) return null;
  const { action, payload } = msg;
  switch (action) {
    case 'configure': {
      await writeUserSettings(payload);
      const eff = await getEffective();
      const plans = await syncRegistrations();
      await refreshAuditConfig();
      return { ok: eff.errors.length === 0, errors: eff.errors, registered: plans.map((p) => p.matches[0]), origins: eff.settings.origins.length };
    }
    case 'registered':
      instanceId ??= Math.random().toString(36).slice(2);
      return { registered: await ext.scripting.getRegisteredContentScripts(), settingsOrigins: (await getEffective()).settings.origins.map((o) => o.origin), instance: instanceId };
    case 'tabs':
      return (await ext.tabs.query({})).map((t) => ({ id: t.id, url: t.url }));
    case 'open-popup': {
      const target = typeof payload === 'number' ? payload : tabId;
      return { tabId: (await ext.tabs.create({ url: ext.runtime.getURL(`popup.html?tabId=${target}`) })).id };
    }
    case 'open-options':
      return { tabId: (await ext.tabs.create({ url: ext.runtime.getURL('options.html') })).id };
    case 'audit':
      return auditStore().all();
    case 'audit-fill': {
      // `npm run bench`: a full log, as after months of use (records of another origin).
      const n = typeof payload === 'number' && Number.isInteger(payload) && payload > 0 ? Math.min(payload, 100_000) : 0;
      for (let i = 0; i < n; i += 500) {
        await auditStore().append(Array.from({ length: Math.min(500, n - i) }, () => ({ type: 'session.start' as const, origin: 'https://other.example', detail: 'bench filler' })));
      }
      return { ok: true, records: (await auditStore().all()).length };
    }
    case 'age-remember':
      await setRememberLoginAt(origin, 1);
      return { ok: true };
    case 'server-cert-listener':
      if (payload === false) pauseServerCertListener();
      else registerServerCertListener();
      return { ok: true };
    case 'perf':
    case 'perf-reset':
      return perfMarks(action === 'perf-reset');
    case 'badge': {
      const id = typeof payload === 'number' ? payload : tabId;
      return { text: await ext.action.getBadgeText({ tabId: id }), writes: badgeWrites.filter((w) => w.tabId === id).slice(-20) };
    }
    // Operator safety (issue 18): what the real idle API says, and the same entry
    // points its listener and the commands listener call.
    case 'idle-query':
      return { state: await ext.idle.queryState(typeof payload === 'number' ? payload : 15) };
    case 'idle-state': {
      const p = payload as { event?: unknown; current?: unknown } | undefined;
      if (!(isIdleState(p?.event) || p?.event === 'check') || !(isIdleState(p.current) || p.current === null)) return { error: 'bad idle facts' };
      await idleStateChanged(p.event, p.current);
      return { ok: true };
    }
    case 'command':
      return { ended: await commandRun(typeof payload === 'string' ? payload : '') };
    case 'backdate':
      return { sessions: (await sessions.backdate?.(typeof payload === 'number' ? payload : 0)) ?? 0 };
    default: {
      const r = await sessions.snapshot();
      // Fingerprints only: which sessions JOC Guard still holds a token for.
      return { tabId, origin, sessions: Object.values(r.sessions), held: await sessions.heldFingerprints() };
    }
  }
}
