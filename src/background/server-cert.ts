// The server's TLS connection and chain per JOC origin, Firefox only
// (Chromium gives extensions no TLS details): evaluated on every main-frame
// response, pinned on first use, audited when it changes.
import { ext, isFirefox } from '../platform/browser.ts';
import { evaluateServerSecurity, type ServerStatus } from '../shared/cert/server.ts';
import { isConfiguredOrigin } from '../shared/settings/effective.ts';
import { audit } from './audit.ts';
import { refreshBadge } from './badge.ts';
import { getEffective } from './settings-store.ts';
import { localArea } from './state-store.ts';
import { recordServerLevel } from './tab-status.ts';
import { runTask } from '../shared/run-task.ts';

const serverStatus = new Map<string, ServerStatus>();
export function lastServerStatus(origin: string): ServerStatus | null {
  return serverStatus.get(origin) ?? null;
}

async function onHeaders(d: { requestId: string; url: string; tabId: number }, info: Promise<unknown>): Promise<void> {
  const origin = new URL(d.url).origin;
  const { settings } = await getEffective();
  if (!isConfiguredOrigin(settings, origin)) return;
  const pinKey = `pin:${origin}`;
  const pinned = (await localArea.get([pinKey]))[pinKey];
  const status = evaluateServerSecurity(await info, {
    now: Date.now(),
    warnDays: settings.certificates.warnDays,
    pinnedSha256: settings.certificates.pinServerCert && typeof pinned === 'string' ? pinned : null,
    url: d.url,
  });
  const prev = serverStatus.get(origin);
  serverStatus.set(origin, status);
  if (settings.certificates.pinServerCert && status.leaf && typeof pinned !== 'string') {
    await localArea.set({ [pinKey]: status.leaf.sha256 }); // trust on first use
  }
  const changed = status.findings.find((f) => f.code === 'server.pin-changed');
  if (changed && prev?.leaf?.sha256 !== status.leaf?.sha256) {
    await audit({ type: 'cert.pin-changed', origin, detail: `server certificate changed to ${status.leaf?.sha256.slice(0, 23) ?? '?'}…` });
  }
  if (status.level !== 'ok' && (prev?.level !== status.level)) {
    await audit({ type: 'cert.warning', origin, result: status.findings[0]?.code ?? 'server', detail: 'server connection' });
  }
  if (d.tabId >= 0) {
    await recordServerLevel(d.tabId, origin, status.level);
    await refreshBadge(d.tabId);
  }
}

type HeadersDetails = { requestId: string; url: string; tabId: number };
let listening: ((d: HeadersDetails) => undefined) | null = null;

/** Firefox exposes the TLS details; getSecurityInfo must be called synchronously inside the listener. */
export function registerServerCertListener(): void {
  if (!isFirefox || listening) return;
  const wr = ext.webRequest as typeof ext.webRequest & {
    getSecurityInfo?: (requestId: string, opts: { certificateChain: boolean }) => Promise<unknown>;
  };
  if (!wr.getSecurityInfo) return;
  const getInfo = (requestId: string): Promise<unknown> | undefined => wr.getSecurityInfo?.(requestId, { certificateChain: true });
  listening = (d) => {
    if (!d.url.startsWith('https:')) return undefined;
    const info = getInfo(d.requestId);
    if (info) runTask('server certificate', onHeaders(d, info));
    return undefined;
  };
  wr.onHeadersReceived.addListener(
    listening,
    { urls: ['https://*/*'], types: ['main_frame'] },
    // Firefox answers getSecurityInfo only inside a blocking listener; we never block (return nothing).
    ['blocking'],
  );
}

/**
 * E2E builds, for `npm run bench`: what the blocking listener costs a page
 * load (Firefox holds each JOC page response until the listener has run).
 */
export function pauseServerCertListener(): void {
  if (!__E2E__ || !listening) return;
  ext.webRequest.onHeadersReceived.removeListener(listening);
  listening = null;
}
