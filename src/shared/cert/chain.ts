// Offline path building: leaf → intermediate(s) → CA, all taken from the admin-provided CA list.
import type { Certificate } from 'pkijs';
import { equalBytes } from './bytes.ts';
import { parseDn } from './dn.ts';
import { verifySignature } from './sig.ts';
import type { ChainResult, ParsedCert } from './types.ts';
import { certFromPem } from './x509.ts';

interface Node {
  cert: Certificate;
  der: Uint8Array;
}

const DEFAULT_MAX_DEPTH = 8;

function subjectText(c: Certificate): string {
  try {
    return parseDn(new Uint8Array(c.subject.valueBeforeDecode)).text;
  } catch {
    return '?';
  }
}

function validAt(c: Certificate, now: number): boolean {
  return c.notBefore.value.getTime() <= now && now <= c.notAfter.value.getTime();
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
  const anchors = cas.map((c) => certFromPem(c.pem)).filter((n): n is Node => n !== null);
  if (anchors.length === 0) return { ok: false, reason: 'no-ca-configured' };
  const start = certFromPem(leaf.pem);
  if (!start) return { ok: false, reason: 'issuer-not-found', path: [leaf.subject] };
  const path = [leaf.subject];
  if (anchors.some((a) => equalBytes(a.der, start.der))) return { ok: true, path };

  let current: Node = start;
  const seen: Uint8Array[] = [start.der];
  for (let depth = 0; depth < maxDepth; depth++) {
    const candidates = anchors.filter((a) => !equalBytes(a.der, current.der) && a.cert.subject.isEqual(current.cert.issuer));
    if (candidates.length === 0) {
      return depth === 0 ? { ok: false, reason: 'issuer-not-found', path } : { ok: true, path };
    }
    let issuer: Node | null = null;
    for (const cand of candidates) {
      if ((await verifySignature(current.cert, cand.cert)) === 'valid') {
        issuer = cand;
        break;
      }
    }
    if (!issuer) return { ok: false, reason: 'signature-invalid', path };
    path.push(subjectText(issuer.cert));
    if (!validAt(issuer.cert, now)) return { ok: false, reason: 'ca-expired', path };
    const selfIssued = issuer.cert.subject.isEqual(issuer.cert.issuer);
    const issuerDer = issuer.der;
    if (selfIssued || seen.some((d) => equalBytes(d, issuerDer))) return { ok: true, path };
    seen.push(issuer.der);
    current = issuer;
  }
  return { ok: false, reason: 'path-too-long', path };
}
