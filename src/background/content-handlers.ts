// Handlers for messages from the content script (already validated).
import { ext } from '../platform/browser.ts';
import { compareAccountToCN } from '../shared/cert/account.ts';
import type { ContentMessage, CsStartMsg, StartReply, TokenReply } from '../shared/messages.ts';
import * as reg from '../shared/session/registry.ts';
import { isConfiguredOrigin, modeForOrigin } from '../shared/settings/effective.ts';
import { audit, auditStore, refreshAuditConfig } from './audit.ts';
import { syncRegistrations } from './registration.ts';
import { auditClientCertWarnings, clientCerts, clientLevel } from './certs.ts';
import * as sessions from './sessions.ts';
import { getEffective, writeUserSettings } from './settings-store.ts';
import { localArea } from './state-store.ts';
import { refreshBadge } from './tab-status.ts';

const REMEMBER_AT = 'rememberLoginAt';

/** Last login per origin, the clock of Remember Me policy `expire` (storage.local). */
async function rememberLoginAt(origin: string): Promise<number | undefined> {
  const all = (await localArea.get([REMEMBER_AT]))[REMEMBER_AT];
  const at = typeof all === 'object' && all !== null ? (all as Record<string, unknown>)[origin] : undefined;
  return typeof at === 'number' ? at : undefined;
}

async function setRememberLoginAt(origin: string, at: number): Promise<void> {
  const all = (await localArea.get([REMEMBER_AT]))[REMEMBER_AT];
  const map = typeof all === 'object' && all !== null ? (all as Record<string, number>) : {};
  await localArea.set({ [REMEMBER_AT]: { ...map, [origin]: at } });
}

/**
 * True when this background instance came up with the browser (runtime.onStartup),
 * as opposed to an extension install or update in a running browser, where
 * already open pages legitimately hold live sessions we lost track of.
 */
async function startedWithBrowser(): Promise<boolean> {
  return (await ext.storage.session.get('browserStartedAt')).browserStartedAt !== undefined;
}

export async function handleContent(msg: ContentMessage, tabId: number, origin: string): Promise<unknown> {
  switch (msg.type) {
    case 'cs.start':
      return start(msg, tabId, origin);
    case 'cs.token':
      return token(msg, tabId, origin);
    case 'cs.gone':
      await sessions.tokenGone(msg.value, msg.loginRoute);
      return { ok: true };
    case 'cs.remember':
      await audit({
        type: msg.event === 'bypass' ? 'rememberme.bypass' : 'rememberme.enforced',
        origin,
        reason: msg.event,
        detail: msg.detail,
      });
      return { ok: true };
    case 'cs.e2e':
      return e2e(msg.action, msg.payload, tabId, origin);
  }
}

async function certHints(origin: string): Promise<Pick<StartReply, 'certCN' | 'certLevel' | 'certDaysLeft'>> {
  const views = await clientCerts(origin);
  const first = views[0];
  return {
    certCN: first?.cert.subjectCN ?? null,
    certLevel: (await clientLevel(origin)) ?? 'none',
    certDaysLeft: first ? first.status.daysLeft : null,
  };
}

async function start(msg: CsStartMsg, tabId: number, origin: string): Promise<StartReply> {
  const eff = await getEffective();
  const { settings } = eff;
  if (!isConfiguredOrigin(settings, origin)) {
    return { joc: false, verdict: 'none', remember: 'none', mode: 'forbid', expiresAt: null, account: null, certCN: null, certLevel: 'none', certDaysLeft: null };
  }
  const mode = modeForOrigin(settings, origin);
  let verdict: StartReply['verdict'] = 'none';
  let session: reg.Session | null = null;

  for (const live of msg.live) {
    // Injected into a page that was already loaded (install, update, or a page that
    // won the race against registration at browser start). An unknown token in
    // sessionStorage belongs to that live tab and is adopted; an unknown token in
    // localStorage (never written by JS7, 1.x only with legacy Remember Me) or any
    // token right after a browser start predates this session: cleared.
    if (msg.late && (live.area === 'localStorage' || (await startedWithBrowser())) && !(await sessions.isKnown(live.value))) {
      verdict = 'clear';
      void sessions.staleToken(live.value, origin, msg.generation, live.area);
      continue;
    }
    const s = await sessions.observe(
      { token: live.value, origin, tabId, generation: msg.generation, serverTimeoutMs: msg.timeoutMs, account: msg.account, identityService: msg.identityService },
      false,
    );
    if (s?.state === 'ended') {
      // A page still holds the token of a session that already ended (found in a
      // page that was open before JOC Guard's script could run in it, e.g. at
      // browser start): the page is told to clear it, and that is audited too.
      verdict = 'clear';
      void audit({ type: 'token.cleared', origin, fp: s.fp, storage: live.area, reason: s.endReason ?? 'stale-at-start', detail: 'token of an ended session found in an open page' });
    } else session = s;
  }
  for (const q of msg.quarantined) {
    const fp = await sessions.fpFor(q.value);
    const r = await sessions.snapshotRegistry();
    if (reg.quarantineVerdict(r, fp, origin) === 'restore') {
      session = await sessions.observe({ token: q.value, origin, tabId, generation: msg.generation }, false);
      verdict = 'restore';
    } else {
      if (verdict !== 'restore') verdict = 'clear';
      void sessions.staleToken(q.value, origin, msg.generation, q.area);
    }
  }

  const remember = await rememberVerdict(msg, origin, mode, settings.rememberMe.expireAfterHours);
  void auditClientCertWarnings(origin);
  void refreshBadge(tabId);
  return {
    joc: true,
    verdict,
    remember,
    mode,
    expiresAt: session ? reg.expiresAt(session, settings.session.idleMaxMinutes) : null,
    account: session?.account ?? null,
    ...(await certHints(origin)),
  };
}

async function rememberVerdict(msg: CsStartMsg, origin: string, mode: string, hours: number): Promise<StartReply['remember']> {
  if (!msg.rememberPresent) return 'none';
  if (mode === 'forbid') {
    if (msg.rememberRemoved) {
      await audit({ type: 'rememberme.enforced', origin, reason: 'credentials-removed', storage: 'localStorage', detail: 'remembered account and password removed before the page could read them' });
    }
    return 'drop';
  }
  if (mode === 'allow') return 'none';
  const last = await rememberLoginAt(origin);
  if (last === undefined) {
    // First time we see them: start the clock now rather than wipe on install.
    await setRememberLoginAt(origin, Date.now());
    return 'restore';
  }
  if (Date.now() - last < hours * 3600_000) return 'restore';
  await audit({ type: 'rememberme.expired', origin, storage: 'localStorage', detail: `no login for more than ${hours} h` });
  return 'drop';
}

async function token(msg: Extract<ContentMessage, { type: 'cs.token' }>, tabId: number, origin: string): Promise<TokenReply> {
  const { settings } = await getEffective();
  // A token that shows up in localStorage of a running page without a login we
  // saw (JS7 never puts it there; 1.x does only right after its login call) was
  // planted or copied from elsewhere: never adopt it. The short wait lets the
  // login's webRequest event, which may trail the page, arrive first.
  if (msg.area === 'localStorage' && !(await sessions.isKnown(msg.value))) {
    await sessions.settle();
    if (!(await sessions.isKnown(msg.value))) {
      void sessions.staleToken(msg.value, origin, msg.generation, 'localStorage');
      return { status: 'ended', expiresAt: null };
    }
  }
  const s = await sessions.observe(
    { token: msg.value, origin, tabId, generation: msg.generation, serverTimeoutMs: msg.timeoutMs, account: msg.account, identityService: msg.identityService },
    false,
  );
  if (!s || s.state === 'ended') return { status: 'ended', expiresAt: null };
  // A login happened in this page: the Remember Me clock (policy `expire`) restarts.
  if (modeForOrigin(settings, origin) === 'expire') await setRememberLoginAt(origin, Date.now());
  if (s.account) {
    for (const v of await clientCerts(origin)) {
      const cmp = compareAccountToCN(s.account, v.cert.subjectCN);
      if (!cmp.match) await audit({ type: 'cert.warning', origin, account: s.account, result: `account-${cmp.kind}`, detail: 'logged-in account differs from the registered certificate CN' });
    }
  }
  return { status: 'live', expiresAt: reg.expiresAt(s, settings.session.idleMaxMinutes) };
}

/** E2E: names this background instance (see the 'registered' hook). */
let instanceId: string | undefined;

/** Test hooks, compiled into E2E builds only (see router.ts). */
async function e2e(action: string, payload: unknown, tabId: number, origin: string): Promise<unknown> {
  if (!__E2E__) return null;
  if (action === 'configure') {
    await writeUserSettings(payload);
    const eff = await getEffective();
    const plans = await syncRegistrations();
    await refreshAuditConfig();
    return { ok: eff.errors.length === 0, errors: eff.errors, registered: plans.map((p) => p.matches[0]), origins: eff.settings.origins.length };
  }
  if (action === 'registered') {
    // instance: differs after the background was restarted (suspended event page, killed worker).
    instanceId ??= Math.random().toString(36).slice(2);
    return { registered: await ext.scripting.getRegisteredContentScripts(), settingsOrigins: (await getEffective()).settings.origins.map((o) => o.origin), instance: instanceId };
  }
  if (action === 'tabs') return (await ext.tabs.query({})).map((t) => ({ id: t.id, url: t.url }));
  if (action === 'open-popup') {
    const target = typeof payload === 'number' ? payload : tabId;
    const tab = await ext.tabs.create({ url: ext.runtime.getURL(`popup.html?tabId=${target}`) });
    return { tabId: tab.id };
  }
  if (action === 'open-options') {
    const tab = await ext.tabs.create({ url: ext.runtime.getURL('options.html') });
    return { tabId: tab.id };
  }
  if (action === 'audit') return auditStore().all();
  if (action === 'age-remember') {
    await setRememberLoginAt(origin, 1);
    return { ok: true };
  }
  if (action === 'badge') {
    const tab = typeof payload === 'number' ? payload : tabId;
    return { text: await ext.action.getBadgeText({ tabId: tab }) };
  }
  const r = await sessions.snapshotRegistry();
  // Fingerprints only: which sessions JOC Guard still holds a token for.
  return { tabId, origin, sessions: Object.values(r.sessions), held: await sessions.heldFingerprints() };
}
