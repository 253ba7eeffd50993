// Content script for configured JOC Cockpit origins, registered by the
// background at document_start together with cfg/mode-<policy>.js, which sets
// the Remember Me mode synchronously (no await may happen before the sweep:
// page scripts run right after us).
import { ext, isContextGone } from '../platform/browser.ts';
import { ACCOUNT_KEY, IDENTITY_SERVICE_KEY, TIMEOUT_KEY, TOKEN_KEY, generationFromUrl, isLoginRoute, isTokenValue, parseTimeoutMs } from '../shared/joc/cockpit.ts';
import { parseBackgroundMessage, type StartReply, type TokenReply } from '../shared/messages.ts';
import { planSweep, type Area, type Entry } from '../shared/session/sweep.ts';
import type { RememberMeMode } from '../shared/settings/effective.ts';
import { LoginHints } from './hints.ts';
import * as ps from './page-storage.ts';
import { guardRememberCheckbox, type RememberGuard } from './rememberme.ts';

const MARKER = 'jocguard:';
const POLL_MS = 1000;

interface Instance {
  alive(): boolean;
}
type GuardGlobal = typeof globalThis & { __JOC_GUARD_MODE__?: unknown; __jocGuard?: Instance };
const g = globalThis as GuardGlobal;

function readMode(): RememberMeMode {
  const m = g.__JOC_GUARD_MODE__;
  // No config script (or a broken one): the safest mode.
  return m === 'allow' || m === 'expire' ? m : 'forbid';
}

function main(): void {
  // After an extension update the old copy may still sit in this world, orphaned.
  if (g.__jocGuard?.alive()) return;
  let alive = true;
  g.__jocGuard = { alive: () => alive && ext.runtime.id !== undefined };

  const late = document.readyState !== 'loading';
  let mode = readMode();
  const continuation = late || window.name.startsWith(MARKER);
  const plan = planSweep(ps.snapshot(), continuation, mode);

  // ---- synchronous part: before any page script can read storage ----
  ps.removeEntries(plan.quarantine);
  ps.removeEntries(plan.rememberHold);
  ps.removeEntries(plan.rememberRemove);
  // The 1.x log-window cookies carry the token; the GUI sets them right before it
  // opens a log window, so a page that does not continue a live one drops them.
  if (plan.quarantine.length > 0 || !continuation) ps.clearSessionCookies();
  if (window.name === '' || window.name.startsWith(MARKER)) {
    window.name = MARKER + Math.random().toString(36).slice(2, 10);
  }
  // ---------------------------------------------------------------------

  const token = (entries: readonly Entry[]): { area: Area; value: string }[] =>
    entries.filter((e) => e.key === TOKEN_KEY && isTokenValue(e.value)).map((e) => ({ area: e.area, value: e.value }));
  const quarantined = token(plan.quarantine);
  const live = continuation ? plan.tokens.map((e) => ({ area: e.area, value: e.value })) : [];

  const hints = new LoginHints();
  let rememberGuard: RememberGuard | null = null;
  let lastToken: string | null = live[0]?.value ?? null;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  /** A token that left the page while the background did not answer (killed mid-way): asked again on each poll. */
  let goneUnconfirmed: string | null = null;

  const send = async <R,>(msg: object): Promise<R | undefined> => {
    try {
      const reply: unknown = await ext.runtime.sendMessage(msg);
      return reply as R;
    } catch (err) {
      if (isContextGone(err)) stop();
      return undefined;
    }
  };

  /** Remembered credentials in storage go at once; `event` tells the audit why (detail: the keys, unless given). */
  const dropRemembered = (event: 'bypass' | 'credentials-removed', detail?: string): void => {
    const found = ps.rememberEntries();
    if (found.length === 0) return;
    ps.removeEntries(found);
    void send({ type: 'cs.remember', href: location.href, event, detail: detail ?? found.map((e) => e.key).join(',') });
  };

  const guardRemember = (): void => {
    rememberGuard ??= guardRememberCheckbox(
      ext.i18n.getMessage('hintRememberForbidden') || 'Remember Me is disabled by policy',
      () => void send({ type: 'cs.remember', href: location.href, event: 'checkbox-disabled', detail: 'login form' }),
      (how) => void send({ type: 'cs.remember', href: location.href, event: 'bypass', detail: how }),
    );
  };

  const stop = (): void => {
    alive = false;
    clearInterval(poll);
    clearTimeout(expiryTimer);
    rememberGuard?.stop();
    hints.stop();
  };

  // The background answers cs.gone only after the session end is done; no answer
  // means it died on the way, so the next poll asks again (ending twice is a no-op).
  const reportGone = async (value: string): Promise<void> => {
    const reply = await send<unknown>({ type: 'cs.gone', href: location.href, value, loginRoute: isLoginRoute(location.href) });
    goneUnconfirmed = reply === undefined && alive ? value : null;
  };

  const scheduleExpiry = (at: number | null): void => {
    clearTimeout(expiryTimer);
    if (at === null) return;
    // Local timer: clears even while the background sleeps; the background decides the audit reason.
    expiryTimer = setTimeout(() => {
      const value = lastToken;
      if (value === null) return;
      ps.clearSession();
      lastToken = null;
      void reportGone(value);
    }, Math.max(0, at - Date.now()));
  };

  const current = (): { area: Area; value: string } | null => {
    const t = ps.tokens();
    if (isTokenValue(t.sessionStorage)) return { area: 'sessionStorage', value: t.sessionStorage };
    if (isTokenValue(t.localStorage)) return { area: 'localStorage', value: t.localStorage };
    return null;
  };

  const check = async (): Promise<void> => {
    if (!alive) return;
    if (mode === 'forbid') dropRemembered('bypass');
    const now = current();
    if (goneUnconfirmed !== null && goneUnconfirmed !== now?.value) await reportGone(goneUnconfirmed);
    if (now?.value === lastToken) return;
    const previous = lastToken;
    lastToken = now?.value ?? null;
    if (previous !== null) await reportGone(previous);
    if (now) {
      const reply = await send<TokenReply>({
        type: 'cs.token',
        href: location.href,
        generation: generationFromUrl(location.href),
        area: now.area,
        value: now.value,
        timeoutMs: parseTimeoutMs(ps.read(now.area, TIMEOUT_KEY)),
        account: ps.read(now.area, ACCOUNT_KEY) || null,
        identityService: ps.read(now.area, IDENTITY_SERVICE_KEY) || null,
      });
      if (reply?.status === 'ended' && lastToken === now.value) {
        ps.clearSession();
        lastToken = null;
      } else if (reply) scheduleExpiry(reply.expiresAt);
    }
  };

  ext.runtime.onMessage.addListener((raw: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== ext.runtime.id || sender.tab) return undefined; // only our background
    const parsed = parseBackgroundMessage(raw);
    if (!parsed.ok) return undefined;
    const msg = parsed.value;
    if (msg.type === 'bg.clear') {
      // Skip only when the page holds a different token (a new session started here);
      // when the GUI already blanked its keys, the leftovers (1.x cookies) still go.
      const cur = current();
      if (msg.value !== undefined && cur !== null && cur.value !== msg.value) return Promise.resolve({ cleared: false });
      const r = ps.clearSession();
      lastToken = null;
      clearTimeout(expiryTimer);
      return Promise.resolve({ cleared: true, areas: r.areas, cookies: r.cookies });
    }
    if (msg.type === 'bg.session') {
      scheduleExpiry(msg.expiresAt);
      return Promise.resolve({ ok: true });
    }
    if (msg.type === 'bg.forbid') {
      // The policy became `forbid` while this page was open: remembered
      // credentials go now, the checkbox is disabled, later writes are undone.
      mode = 'forbid';
      dropRemembered('credentials-removed', 'policy changed to forbid while the page was open');
      guardRemember();
      hints.update({ rememberForbidden: true });
      return Promise.resolve({ ok: true });
    }
    hints.update({ certCN: msg.certCN, certLevel: msg.certLevel, certDaysLeft: msg.certDaysLeft });
    return Promise.resolve({ ok: true });
  });

  const startReply = send<StartReply>({
    type: 'cs.start',
    href: location.href,
    generation: generationFromUrl(location.href),
    late,
    continuation,
    live,
    quarantined,
    rememberPresent: plan.rememberHold.length + plan.rememberRemove.length > 0,
    rememberRemoved: plan.rememberRemove.length > 0,
    timeoutMs: parseTimeoutMs(ps.read('sessionStorage', TIMEOUT_KEY) ?? ps.read('localStorage', TIMEOUT_KEY)),
    account: ps.read('sessionStorage', ACCOUNT_KEY) || ps.read('localStorage', ACCOUNT_KEY) || null,
    identityService: ps.read('sessionStorage', IDENTITY_SERVICE_KEY) || null,
  });

  void startReply.then((reply) => {
    if (!reply) return; // background unreachable: keep the safe state
    if (!reply.joc) {
      // Same host, other port, not configured: undo everything and stand aside.
      ps.restoreEntries([...plan.quarantine, ...plan.rememberHold, ...plan.rememberRemove]);
      stop();
      return;
    }
    if (reply.verdict === 'restore' && plan.quarantine.length > 0) {
      ps.restoreEntries(plan.quarantine);
      location.reload(); // page scripts already ran without the token
      return;
    }
    if (reply.verdict === 'clear' && lastToken !== null) {
      // A token left in place (continuing or already loaded page) whose session is over.
      ps.clearSession();
      lastToken = null;
    }
    if (reply.remember === 'restore') ps.restoreEntries(plan.rememberHold);
    scheduleExpiry(reply.expiresAt);
    const rememberForbidden = reply.mode === 'forbid';
    hints.update({ rememberForbidden, certCN: reply.certCN, certLevel: reply.certLevel, certDaysLeft: reply.certDaysLeft });
    if (rememberForbidden) guardRemember();
    const observer = new MutationObserver(() => hints.render());
    const observe = (): void => observer.observe(document.body, { childList: true, subtree: true });
    if (document.body) observe();
    else document.addEventListener('DOMContentLoaded', observe, { once: true });
    poll = setInterval(() => void check(), POLL_MS);
    window.addEventListener('hashchange', () => void check());
    document.addEventListener('visibilitychange', () => void check());
    window.addEventListener('pagehide', () => void check());
    void check();
  });

}

try {
  main();
} catch (err) {
  // Never let an exception escape into the page.
  console.error('JOC Guard content script failed:', err instanceof Error ? err.message : 'unknown error');
}
