// The background's view of the certificates in the settings (client certificates and CA list, from
// the options page or from a managed policy): a summary per certificate, derived once with the
// asn1js reader and kept in storage.local under its SHA-256, so a wake-up only decodes base64 and
// hashes. Records are validated on the way back; a bad one is derived again, a certificate that does
// not read is remembered as such with its reason. Pure: storage and the reader are injected.
import type { KeyValueArea } from '../audit/kv-area.ts';
import { derToPem, sha256Colon } from './bytes.ts';
import { certificateDers } from './pem.ts';
import { validSummary, validUnreadable } from './summary-schema.ts';
import type { CertSummary, ParsedCert } from './types.ts';

export const SUMMARY_CACHE_KEY = 'certSummaries';

export type PemOutcome = { ok: true; certs: ParsedCert[] } | { ok: false; detail: string };

export interface RegisteredDeps {
  area: KeyValueArea;
  /**
   * DER → summary (x509.ts readCertificate, possibly in another context); throws on anything
   * that is not a certificate. What it returns is validated before it is used or kept.
   */
  read: (der: Uint8Array) => Promise<unknown>;
}

type Entry = { kind: 'summary'; summary: CertSummary } | { kind: 'unreadable'; error: string };

function stored(cache: Record<string, unknown>, sha: string): Entry | null {
  const raw = Object.prototype.hasOwnProperty.call(cache, sha) ? cache[sha] : undefined;
  const summary = validSummary(raw, sha);
  if (summary) return { kind: 'summary', summary };
  const bad = validUnreadable(raw, sha);
  return bad ? { kind: 'unreadable', error: bad.error } : null;
}

async function derive(der: Uint8Array, sha: string, read: RegisteredDeps['read']): Promise<Entry> {
  try {
    const summary = validSummary(await read(der), sha);
    return summary ? { kind: 'summary', summary } : { kind: 'unreadable', error: 'certificate fields out of the supported range' };
  } catch (e) {
    return { kind: 'unreadable', error: (e instanceof Error ? e.message : 'not a certificate').slice(0, 300) };
  }
}

async function loadCache(area: KeyValueArea): Promise<Record<string, unknown>> {
  try {
    const raw = (await area.get([SUMMARY_CACHE_KEY]))[SUMMARY_CACHE_KEY];
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The certificates of each PEM text, in order. The cache is rewritten with exactly the records
 * these texts need (records of certificates no longer in the settings are dropped); a storage
 * failure costs a parse at the next wake-up, never a result.
 */
export async function resolvePems(pems: readonly string[], deps: RegisteredDeps): Promise<PemOutcome[]> {
  const cache = await loadCache(deps.area);
  const next: Record<string, unknown> = {};
  let changed = false;
  const out: PemOutcome[] = [];
  for (const pem of pems) {
    const ders = certificateDers(pem);
    if (ders.length === 0 || ders.some((d) => d === null)) {
      out.push({ ok: false, detail: 'not a PEM certificate' });
      continue;
    }
    const certs: ParsedCert[] = [];
    let failure: string | null = null;
    for (const der of ders as Uint8Array[]) {
      const sha = await sha256Colon(der);
      let entry = stored(cache, sha);
      if (!entry) {
        entry = await derive(der, sha, deps.read);
        changed = true;
      }
      next[sha] = entry.kind === 'summary' ? entry.summary : { v: 1, sha256: sha, error: entry.error };
      if (entry.kind === 'summary') certs.push({ ...entry.summary, pem: derToPem(der) });
      else failure ??= entry.error;
    }
    out.push(failure === null ? { ok: true, certs } : { ok: false, detail: failure });
  }
  if (changed || Object.keys(cache).some((k) => !(k in next))) {
    await deps.area.set({ [SUMMARY_CACHE_KEY]: next }).catch(() => undefined);
  }
  return out;
}
