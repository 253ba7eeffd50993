// Watches the page's token while it lives: a new token (a login) is reported
// and tracked, a token that left (logout, expiry) is reported as gone, the
// session's idle expiry clears the page even while the background sleeps, and
// the background's bg.clear / bg.session are carried out here. A localStorage
// token that another page of the origin took away is kept in this tab
// (shared/session/token-left.ts).
import { ACCOUNT_KEY, IDENTITY_SERVICE_KEY, SESSION_KEYS, TIMEOUT_KEY, TOKEN_KEY, generationFromUrl, isLoginRoute, isTokenValue, parseTimeoutMs } from '../../shared/joc/cockpit.ts';
import { runTask } from '../../shared/run-task.ts';
import { keepsInTab } from '../../shared/session/token-left.ts';
import * as ps from '../page-storage.ts';
import { isContextGone, toBackground, type BackgroundHandlers } from '../runtime.ts';

const POLL_MS = 1000;

export interface TokenWatch {
  /** Starts polling; `verdict: clear` drops a token left in place whose session is over. */
  init(reply: { verdict: string; expiresAt: number | null }, signal: AbortSignal): void;
  handlers: Pick<BackgroundHandlers, 'bg.clear' | 'bg.session'>;
}

function current(): { area: ps.Area; value: string } | null {
  const t = ps.tokens();
  if (isTokenValue(t.sessionStorage)) return { area: 'sessionStorage', value: t.sessionStorage };
  if (isTokenValue(t.localStorage)) return { area: 'localStorage', value: t.localStorage };
  return null;
}

/** @param initial the token left in place at document_start (continuing or late page), if any */
export function createTokenWatch(initial: string | null, stop: () => void): TokenWatch {
  let lastToken = initial;
  /** The session keys in localStorage at the last check, when lastToken was there (null: it was not). */
  let heldLocal: ps.Entry[] | null = null;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** A token that left while the background did not answer (killed mid-way): asked again on each poll. */
  let goneUnconfirmed: string | null = null;
  let running = false;

  const ask = async <R,>(fn: () => Promise<R>): Promise<R | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (isContextGone(err)) stop();
      return undefined;
    }
  };

  // The background answers cs.gone only after the session end is done; no answer
  // means it died on the way, so the next poll asks again (ending twice is a no-op).
  const reportGone = async (value: string): Promise<void> => {
    const reply = await ask(() => toBackground('cs.gone', { href: location.href, value, loginRoute: isLoginRoute(location.href) }));
    goneUnconfirmed = reply === undefined && running ? value : null;
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
      runTask('expiry report', reportGone(value));
    }, Math.max(0, at - Date.now()));
  };

  const check = async (): Promise<void> => {
    if (!running) return;
    let now = current();
    // A localStorage token taken away by another page: this tab's own copy goes into its sessionStorage.
    if (lastToken !== null && now?.value !== lastToken && heldLocal && keepsInTab('localStorage', ps.read('localStorage', TOKEN_KEY), ps.read('sessionStorage', TOKEN_KEY))) {
      ps.restoreEntries(heldLocal.map((e) => ({ ...e, area: 'sessionStorage' as const })));
      now = current();
    }
    heldLocal = now?.area === 'localStorage' ? ps.entriesOf('localStorage', SESSION_KEYS) : null;
    if (goneUnconfirmed !== null && goneUnconfirmed !== now?.value) await reportGone(goneUnconfirmed);
    if (now?.value === lastToken) return;
    const previous = lastToken;
    lastToken = now?.value ?? null;
    if (previous !== null) await reportGone(previous);
    if (!now) return;
    const reply = await ask(() =>
      toBackground('cs.token', {
        href: location.href,
        generation: generationFromUrl(location.href),
        area: now.area,
        value: now.value,
        timeoutMs: parseTimeoutMs(ps.read(now.area, TIMEOUT_KEY)),
        account: ps.read(now.area, ACCOUNT_KEY) || null,
        identityService: ps.read(now.area, IDENTITY_SERVICE_KEY) || null,
      }),
    );
    if (reply?.status === 'ended' && lastToken === now.value) {
      ps.clearSession();
      lastToken = null;
    } else if (reply) scheduleExpiry(reply.expiresAt);
  };

  return {
    init(reply, signal) {
      running = true;
      signal.addEventListener('abort', () => {
        running = false;
        clearTimeout(expiryTimer);
      });
      if (reply.verdict === 'clear' && lastToken !== null) {
        // A token left in place (continuing or late page) whose session is over, or that has no evidence.
        ps.clearSession();
        lastToken = null;
      }
      scheduleExpiry(reply.expiresAt);
      const tick = (): void => runTask('token check', check());
      const poll = setInterval(tick, POLL_MS);
      signal.addEventListener('abort', () => clearInterval(poll));
      window.addEventListener('hashchange', tick, { signal });
      document.addEventListener('visibilitychange', tick, { signal });
      window.addEventListener('pagehide', tick, { signal });
      tick();
    },
    handlers: {
      'bg.clear': (msg) => {
        // Skip only when the page holds a different token (a new session started here);
        // when the GUI already blanked its keys, the leftovers (1.x cookies) still go.
        const cur = current();
        if (msg.value !== undefined && cur !== null && cur.value !== msg.value) return Promise.resolve({ cleared: false, areas: [], cookies: 0 });
        const r = ps.clearSession();
        lastToken = null;
        clearTimeout(expiryTimer);
        return Promise.resolve({ cleared: true, areas: r.areas, cookies: r.cookies });
      },
      'bg.session': (msg) => {
        scheduleExpiry(msg.expiresAt);
        return Promise.resolve({ ok: true as const });
      },
    },
  };
}
