// Watches the JOC REST calls the GUI makes (observation only, nothing is
// changed or blocked): logins give us the token, the account typed and the
// idle timeout, touch restarts the idle clock, logout / 401 / 440 end the
// session. Of a login's Authorization header only the account part is read
// (shared/joc/basic-auth.ts); the password is never looked at.
import { ext } from '../platform/browser.ts';
import { basicAccount } from '../shared/joc/basic-auth.ts';
import { classifyApiPath } from '../shared/joc/cockpit.ts';
import { classifyFailure } from '../shared/cert/failures.ts';
import { isConfiguredOrigin } from '../shared/settings/effective.ts';
import { refreshBadge, refreshBadgeAfterCommit } from './badge.ts';
import { loginSeen } from './handlers/remember.ts';
import { sessions } from './session/instance.ts';
import { getEffective } from './settings-store.ts';
import { recordFailure, recordLoginResult } from './tab-status.ts';

const API_FILTER = { urls: ['https://*/joc/api/*', 'http://*/joc/api/*'] };
const PAGE_FILTER = { urls: ['https://*/*', 'http://*/*'], types: ['main_frame' as const, 'xmlhttprequest' as const] };

/** Access token each in-flight request carries, by request id (memory only, seconds long). */
const requestTokens = new Map<string, string>();
/** Account typed for each in-flight login request ('' or absent: the GUI's automatic certificate login). */
const loginAccounts = new Map<string, string>();

type Header = { name: string; value?: string };

function header(headers: Header[] | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find((h) => h.name.toLowerCase() === lower)?.value;
}

async function jocOrigin(url: string): Promise<string | null> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  const { settings } = await getEffective();
  return isConfiguredOrigin(settings, origin) ? origin : null;
}

function apiCall(url: string): string | undefined {
  try {
    return classifyApiPath(new URL(url).pathname)?.call;
  } catch {
    return undefined;
  }
}

function onSendHeaders(d: { requestId: string; url: string; tabId: number; requestHeaders?: Header[] }): void {
  if (d.tabId < 0) return; // JOC Guard's own logout calls
  const token = header(d.requestHeaders, 'X-Access-Token') ?? header(d.requestHeaders, 'access_token');
  if (token) requestTokens.set(d.requestId, token);
  const call = apiCall(d.url);
  // The tab may close before the answer (or the browser cut the call): the close is then this logout.
  if (token && call === 'logout') void sessions.logoutSent(token).catch(report);
  if (call === 'login') {
    const account = basicAccount(header(d.requestHeaders, 'Authorization'));
    if (account) loginAccounts.set(d.requestId, account);
  }
  if (requestTokens.size > 2000) requestTokens.clear(); // leaked entries from cancelled requests
  if (loginAccounts.size > 2000) loginAccounts.clear();
}

async function onCompleted(d: { requestId: string; url: string; tabId: number; statusCode: number; responseHeaders?: Header[] }): Promise<void> {
  const token = requestTokens.get(d.requestId);
  const account = loginAccounts.get(d.requestId);
  loginAccounts.delete(d.requestId);
  requestTokens.delete(d.requestId);
  if (d.tabId < 0) return;
  const origin = await jocOrigin(d.url);
  if (!origin) return;
  const api = classifyApiPath(new URL(d.url).pathname);
  if (!api) return;
  if (api.call === 'login') {
    await recordLoginResult(d.tabId, origin, d.statusCode);
    const issued = header(d.responseHeaders, 'X-Access-Token') ?? header(d.responseHeaders, 'access_token');
    if (d.statusCode === 200 && issued) {
      const timeout = Number(header(d.responseHeaders, 'X-JOC-Timeout'));
      await sessions.login({
        token: issued,
        origin,
        tabId: d.tabId,
        generation: api.generation,
        serverTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : null,
        ...(account ? { account, accountSource: 'login' as const } : {}),
      });
      await loginSeen((await getEffective()).settings, origin);
    } else if (d.statusCode === 401 && account) {
      const f = classifyFailure({ browser: __FIREFOX__ ? 'firefox' : 'chromium', statusCode: 401, url: d.url });
      if (f) {
        await recordFailure(d.tabId, origin, f.code, f.level, `HTTP 401 on ${api.generation === '1.x' ? 'security' : 'authentication'}/login`);
        refreshBadgeAfterCommit(d.tabId);
      }
    }
    await refreshBadge(d.tabId);
    return;
  }
  if (!token) return;
  if (api.call === 'logout') {
    await sessions.endSessions([await sessions.fingerprint(token)], 'logout', { serverLogout: false, detail: 'logout call by the GUI' });
  } else if (d.statusCode === 401 || d.statusCode === 440) {
    await sessions.endSessions([await sessions.fingerprint(token)], 'server-expired', { serverLogout: false, detail: `HTTP ${d.statusCode}` });
  } else if (api.call === 'touch' && d.statusCode === 200) {
    await sessions.touched(token);
  }
}

async function onErrorOccurred(d: { requestId: string; url: string; tabId: number; error: string }): Promise<void> {
  requestTokens.delete(d.requestId);
  loginAccounts.delete(d.requestId);
  if (d.tabId < 0) return;
  const origin = await jocOrigin(d.url);
  if (!origin) return;
  const f = classifyFailure({ browser: __FIREFOX__ ? 'firefox' : 'chromium', error: d.error, url: d.url });
  if (f) {
    await recordFailure(d.tabId, origin, f.code, f.level, d.error.slice(0, 200));
    await refreshBadge(d.tabId);
    refreshBadgeAfterCommit(d.tabId);
  }
}

/** Must run synchronously at the top level of the background so events wake it. */
export function registerWebRequestListeners(): void {
  const wr = ext.webRequest;
  wr.onSendHeaders.addListener(onSendHeaders, API_FILTER, ['requestHeaders']);
  wr.onCompleted.addListener((d) => void onCompleted(d).catch(report), API_FILTER, ['responseHeaders']);
  wr.onErrorOccurred.addListener((d) => void onErrorOccurred(d).catch(report), PAGE_FILTER);
}

function report(err: unknown): void {
  console.error('JOC Guard web request handler:', err instanceof Error ? err.message : 'unknown error');
}
