// Certificate status per JOC origin: the registered client certificates
// (browsers never tell extensions which one was presented). The server side
// (Firefox only) is server-cert.ts.
import { evaluateClientCert, verifyChain, worst, type CertStatus, type Level } from '../shared/cert/evaluate.ts';
import { leafOf, parseCertificateFile, type ParsedCert } from '../shared/cert/parse.ts';
import type { Settings } from '../shared/settings/effective.ts';
import { audit } from './audit.ts';
import { getEffective } from './settings-store.ts';
import { sessionArea } from './state-store.ts';

export interface ClientCertView {
  label: string;
  cert: ParsedCert;
  status: CertStatus;
}

let cache: { settings: Settings; views: Map<string, ClientCertView[]> } | null = null;

async function parsePems(pems: string[]): Promise<ParsedCert[]> {
  const out: ParsedCert[] = [];
  for (const pem of pems) {
    const r = await parseCertificateFile(new TextEncoder().encode(pem));
    if (r.ok) out.push(...r.certs);
  }
  return out;
}

export async function clientCerts(origin: string): Promise<ClientCertView[]> {
  const { settings } = await getEffective();
  if (!cache || cache.settings !== settings) cache = { settings, views: new Map() };
  const hit = cache.views.get(origin);
  if (hit) return hit;
  const cas = await parsePems(settings.certificates.caPem);
  const views: ClientCertView[] = [];
  for (const entry of settings.certificates.client.filter((c) => c.origin === origin)) {
    const parsed = await parseCertificateFile(new TextEncoder().encode(entry.pem));
    if (!parsed.ok) continue; // validated when saved; a broken entry is skipped, not fatal
    const cert = leafOf(parsed.certs);
    if (!cert) continue;
    const chain = cas.length > 0 ? await verifyChain(cert, cas) : undefined;
    const status = evaluateClientCert(cert, {
      now: Date.now(),
      warnDays: settings.certificates.warnDays,
      minRsaBits: settings.certificates.minRsaBits,
      ...(chain ? { chain } : {}),
    });
    views.push({ label: entry.label, cert, status });
  }
  cache.views.set(origin, views);
  return views;
}

export async function clientLevel(origin: string): Promise<Level | null> {
  const views = await clientCerts(origin);
  return views.length > 0 ? worst(views.map((v) => v.status.level)) : null;
}

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
