// Certificate status per JOC origin: the registered client certificates
// (browsers never tell extensions which one was presented), from summaries
// derived once per certificate (shared/cert/registered.ts). The server side
// (Firefox only) is server-cert.ts.
import { evaluateClientCert, verifyChain, worst, type CertStatus, type Level } from '../shared/cert/evaluate.ts';
import { leafOf } from '../shared/cert/files.ts';
import { resolvePems } from '../shared/cert/registered.ts';
import type { ParsedCert } from '../shared/cert/types.ts';
import type { Settings } from '../shared/settings/effective.ts';
import { audit } from './audit.ts';
import { readSummary } from './cert-reader.ts';
import { getEffective } from './settings-store.ts';
import { localArea, sessionArea } from './state-store.ts';

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
    read: readSummary,
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
