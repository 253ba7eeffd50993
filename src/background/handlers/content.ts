// Handlers of the content script's messages (sender and shape already checked
// by the router): thin — the session controller and the pure rules decide.
import { compareAccountToCN } from '../../shared/cert/account.ts';
import type { Handlers } from '../../shared/messaging/channel.ts';
import type { ContentReplies } from '../../shared/messaging/content-replies.ts';
import type { ContentRequests } from '../../shared/messaging/content-requests.ts';
import { pageDeadline } from '../../shared/session/operator-safety.ts';
import { isConfiguredOrigin } from '../../shared/settings/effective.ts';
import { audit } from '../audit.ts';
import { auditClientCertWarnings, clientCerts, clientLevel } from '../certs.ts';
import type { ContentCtx } from '../messaging/router.ts';
import { sessions } from '../session/instance.ts';
import { getEffective } from '../settings-store.ts';
import { refreshBadge } from '../badge.ts';
import { rememberAtStart } from './remember.ts';
import { runTask } from '../../shared/run-task.ts';

async function certHints(origin: string): Promise<{ certCN: string | null; certLevel: 'ok' | 'warning' | 'error' | 'none'; certDaysLeft: number | null }> {
  const views = await clientCerts(origin);
  const first = views[0];
  return { certCN: first?.cert.subjectCN ?? null, certLevel: (await clientLevel(origin)) ?? 'none', certDaysLeft: first ? first.status.daysLeft : null };
}

export const contentHandlers: Handlers<ContentRequests, ContentReplies, ContentCtx> = {
  'cs.start': async (msg, { tabId, origin }) => {
    const { settings } = await getEffective();
    if (!isConfiguredOrigin(settings, origin)) {
      return { joc: false, verdict: 'none', restoreAreas: [], remember: 'none', mode: 'forbid', expiresAt: null, certCN: null, certLevel: 'none', certDaysLeft: null };
    }
    const out = await sessions.pageStart({ ...msg, origin, tabId });
    const remember = await rememberAtStart(settings, origin, msg.rememberHeld);
    runTask('certificate warnings', auditClientCertWarnings(origin));
    runTask('badge', refreshBadge(tabId));
    const at = out.session ? pageDeadline(out.session, settings.session) : null;
    return { joc: true, verdict: out.verdict, restoreAreas: out.restoreAreas, remember: remember.verdict, mode: remember.mode, expiresAt: at, ...(await certHints(origin)) };
  },

  'cs.token': async (msg, { tabId, origin }) => {
    const { settings } = await getEffective();
    const s = await sessions.tokenAppeared({ ...msg, origin, tabId });
    if (!s) return { status: 'ended', expiresAt: null };
    if (s.account) {
      for (const v of await clientCerts(origin)) {
        const cmp = compareAccountToCN(s.account, v.cert.subjectCN);
        if (!cmp.match) await audit({ type: 'cert.warning', origin, account: s.account, result: `account-${cmp.kind}`, detail: 'logged-in account differs from the registered certificate CN' });
      }
    }
    return { status: 'live', expiresAt: pageDeadline(s, settings.session) };
  },

  'cs.gone': async (msg) => {
    await sessions.tokenGone(msg.value, msg.loginRoute);
    return { ok: true };
  },

  'cs.remember': async (msg, { tabId, origin }) => {
    if (await sessions.pageWork(tabId, origin)) {
      await audit({ type: msg.event === 'bypass' ? 'rememberme.bypass' : 'rememberme.enforced', origin, reason: msg.event, detail: msg.detail });
    }
    return { ok: true };
  },
};
