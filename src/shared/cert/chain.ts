// Offline path building: leaf → intermediate(s) → CA, all taken from the admin-provided CA list.
// Works on summaries and the DER (from the PEM): names are compared by their prepared key, signatures
// checked with WebCrypto. No ASN.1 parser, so the background and the options page can run it.
import { equalBytes } from './bytes.ts';
import { certificateDers } from './pem.ts';
import { verifySignature, type SignedCert } from './sig.ts';
import type { CertSummary, ChainResult, ParsedCert } from './types.ts';

const DEFAULT_MAX_DEPTH = 8;

function signed(c: ParsedCert): SignedCert | null {
  const der = certificateDers(c.pem)[0];
  return der ? { summary: c, der } : null;
}

function validAt(c: CertSummary, now: number): boolean {
  return Date.parse(c.notBefore) <= now && now <= Date.parse(c.notAfter);
}

/**
 * Builds and verifies a path from `leaf` to the certificates in `cas` (roots and/or intermediates, all
 * treated as trusted, like a Java truststore). Succeeds once the leaf's issuer is found in the list and
 * its signature verifies; the path is then followed upwards through the list to report expired or
 * mis-signed CAs. A leaf that is itself in the list (pinned self-signed certificate) is trusted.
 * Signatures are checked with WebCrypto; no network access.
 */
export async function verifyChain(leaf: ParsedCert, cas: readonly ParsedCert[], opts: { now?: number; maxDepth?: number } = {}): Promise<ChainResult> {
  const now = opts.now ?? Date.now();
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const anchors = cas.map(signed).filter((n): n is SignedCert => n !== null);
  if (anchors.length === 0) return { ok: false, reason: 'no-ca-configured' };
  const start = signed(leaf);
  if (!start) return { ok: false, reason: 'issuer-not-found', path: [leaf.subject] };
  const path = [leaf.subject];
  if (anchors.some((a) => equalBytes(a.der, start.der))) return { ok: true, path };

  let current: SignedCert = start;
  const seen: Uint8Array[] = [start.der];
  for (let depth = 0; depth < maxDepth; depth++) {
    const candidates = anchors.filter((a) => !equalBytes(a.der, current.der) && a.summary.subjectKey === current.summary.issuerKey);
    if (candidates.length === 0) {
      return depth === 0 ? { ok: false, reason: 'issuer-not-found', path } : { ok: true, path };
    }
    let issuer: SignedCert | null = null;
    for (const cand of candidates) {
      if ((await verifySignature(current, cand)) === 'valid') {
        issuer = cand;
        break;
      }
    }
    if (!issuer) return { ok: false, reason: 'signature-invalid', path };
    const ca = issuer.summary;
    path.push(ca.subject);
    if (!validAt(ca, now)) return { ok: false, reason: 'ca-expired', path };
    const selfIssued = ca.subjectKey === ca.issuerKey;
    const issuerDer = issuer.der;
    if (selfIssued || seen.some((d) => equalBytes(d, issuerDer))) return { ok: true, path };
    seen.push(issuer.der);
    current = issuer;
  }
  return { ok: false, reason: 'path-too-long', path };
}
