// Certificate status per JOC origin: the registered client certificate
// (browsers never tell extensions which one was presented) and, in Firefox
// only, the server's TLS connection and chain.
import { ext, isFirefox } from '../platform/browser.ts';
import { evaluateClientCert, verifyChain, worst, type CertStatus, type Level } from '../shared/cert/evaluate.ts';
import { leafOf } from '../shared/cert/files.ts';
import { resolvePems } from '../shared/cert/registered.ts';
import { evaluateServerSecurity, type ServerStatus } from '../shared/cert/server.ts';
import type { ParsedCert } from '../shared/cert/types.ts';
import { readCertificate } from '../shared/cert/x509.ts';
import { isConfiguredOrigin, type Settings } from '../shared/settings/effective.ts';
import { audit } from './audit.ts';
import { getEffective } from './settings-store.ts';
import { localArea, sessionArea } from './state-store.ts';
import { recordServerLevel, setClientLevelSource } from './tab-status.ts';

export interface ClientCertView {
  label: string;
  cert: ParsedCert;
  status: CertStatus;
}

interface Resolved {
  /** Per client entry, in settings order: its leaf, or null when the stored text does not read. */
  leaves: Array<ParsedCert | null>;
  cas: ParsedCert[];
}

let resolved: { settings: Settings; value: Promise<Resolved> } | null = null;
let views: { settings: Settings; byOrigin: Map<string, ClientCertView[]> } | null = null;

/** The summaries of every certificate in these settings (cached in storage.local; parsed once). */
function resolveAll(settings: Settings): Promise<Resolved> {
  if (resolved?.settings === settings) return resolved.value;
  const { client, caPem } = settings.certificates;
  const value = resolvePems([...client.map((e) => e.pem), ...caPem], {
    area: localArea,
    read: async (der) => (await readCertificate(der)).summary,
  }).then((outcomes) => ({
    leaves: outcomes.slice(0, client.length).map((o) => (o.ok ? leafOf(o.certs) : null)),
    cas: outcomes.slice(client.length).flatMap((o) => (o.ok ? o.certs : [])),
  }));
  resolved = { settings, value };
  return value;
}

/** Derives the summaries of newly registered certificates now, not at the next question. */
export async function warmCertificates(): Promise<void> {
  await resolveAll((await getEffective()).settings);
}

export async function clientCerts(origin: string): Promise<ClientCertView[]> {
  const { settings } = await getEffective();
  if (!views || views.settings !== settings) views = { settings, byOrigin: new Map() };
  const hit = views.byOrigin.get(origin);
  if (hit) return hit;
  const { leaves, cas } = await resolveAll(settings);
  const out: ClientCertView[] = [];
  for (const [i, entry] of settings.certificates.client.entries()) {
    const cert = leaves[i];
    if (entry.origin !== origin || !cert) continue; // a text that does not read is skipped, not fatal
    const chain = cas.length > 0 ? await verifyChain(cert, cas) : undefined;
    const status = evaluateClientCert(cert, {
      now: Date.now(),
      warnDays: settings.certificates.warnDays,
      minRsaBits: settings.certificates.minRsaBits,
      ...(chain ? { chain } : {}),
    });
    out.push({ label: entry.label, cert, status });
  }
  views.byOrigin.set(origin, out);
  return out;
}

export async function clientLevel(origin: string): Promise<Level | null> {
  const views = await clientCerts(origin);
  return views.length > 0 ? worst(views.map((v) => v.status.level)) : null;
}
setClientLevelSource(clientLevel);

/** Audits client-certificate warnings once per origin and day. */
export async function auditClientCertWarnings(origin: string): Promise<void> {
  const day = new Date().toISOString().slice(0, 10);
  const key = `certWarned:${origin}`;
  const seen = (await sessionArea.get([key]))[key];
  if (seen === day) return;
  await sessionArea.set({ [key]: day });
  for (const v of await clientCerts(origin)) {
    for (const f of v.status.findings.filter((x) => x.level !== 'ok')) {
      await audit({ type: 'cert.warning', origin, result: f.code, detail: `client certificate CN=${v.cert.subjectCN ?? '?'} (${v.label})` });
    }
  }
}

// ---- server side (Firefox) ---------------------------------------------------------
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
  if (d.tabId >= 0) await recordServerLevel(d.tabId, origin, status.level);
}

/** Firefox exposes the TLS details; getSecurityInfo must be called synchronously inside the listener. */
export function registerServerCertListener(): void {
  if (!isFirefox) return;
  const wr = ext.webRequest as typeof ext.webRequest & {
    getSecurityInfo?: (requestId: string, opts: { certificateChain: boolean }) => Promise<unknown>;
  };
  if (!wr.getSecurityInfo) return;
  const getInfo = (requestId: string): Promise<unknown> | undefined => wr.getSecurityInfo?.(requestId, { certificateChain: true });
  wr.onHeadersReceived.addListener(
    (d) => {
      if (!d.url.startsWith('https:')) return;
      const info = getInfo(d.requestId);
      if (info) void onHeaders(d, info).catch(() => undefined);
    },
    { urls: ['https://*/*'], types: ['main_frame'] },
    // Firefox answers getSecurityInfo only inside a blocking listener; we never block (return nothing).
    ['blocking'],
  );
}
