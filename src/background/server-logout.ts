// Invalidates a token on the JOC server with the GUI's own logout call. The
// browser presents the client certificate for this fetch as for the page.
import { logoutPaths, type Generation } from '../shared/joc/cockpit.ts';
import { perfMark } from './perf.ts';

export const LOGOUT_TIMEOUT_MS = 5000;

/** 'ok' (200), 'already-invalid' (401/440/420: nothing to invalidate), 'http-<n>', 'timeout' or 'network-error'. */
export async function serverLogout(origin: string, token: string, generation: Generation | null): Promise<string> {
  let result = 'network-error';
  for (const path of logoutPaths(generation)) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), LOGOUT_TIMEOUT_MS);
    try {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-Access-Token': token,
      };
      // The 1.x GUI sends the token under both names.
      if (path.includes('/security/')) headers.access_token = token;
      perfMark('logout-sent');
      const res = await fetch(origin + path, {
        method: 'POST',
        headers,
        body: '{}',
        credentials: 'include',
        cache: 'no-store',
        redirect: 'error',
        signal: ctrl.signal,
      });
      if (res.status === 404) {
        result = 'http-404';
        continue; // other generation's path
      }
      if (res.ok) return 'ok';
      return res.status === 401 || res.status === 440 || res.status === 420 ? 'already-invalid' : `http-${res.status}`;
    } catch (err) {
      result = err instanceof Error && err.name === 'AbortError' ? 'timeout' : 'network-error';
    } finally {
      clearTimeout(timer);
    }
  }
  return result;
}
