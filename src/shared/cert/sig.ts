// X.509 signature verification with WebCrypto (RSA PKCS#1 v1.5, RSA-PSS, ECDSA, Ed25519) on
// certificate summaries: no ASN.1 parser here, so the background and the options page can check a
// chain without loading one. The signature facts come from sig-read.ts.
import { base64Decode, copyBytes } from './bytes.ts';
import type { CertSummary, DerRange } from './types.ts';

export const OID_RSA = '1.2.840.113549.1.1.1';
export const OID_RSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EC = '1.2.840.10045.2.1';
export const OID_ED25519 = '1.3.101.112';

export const CURVES: Record<string, { name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};
const CURVE_SIZE: Record<string, number> = Object.fromEntries(Object.values(CURVES).map((c) => [c.name, c.size]));

/** 'valid' | 'invalid' | 'unsupported' (algorithm WebCrypto cannot check). Never throws. */
export type SigCheck = 'valid' | 'invalid' | 'unsupported';

/** A certificate as the chain check sees it: its summary and its DER. */
export interface SignedCert {
  summary: CertSummary;
  der: Uint8Array;
}

type Alg = { name: string } & Record<string, unknown>;
type Plan = { importAlg: Alg; verifyAlg: Alg; sig: Uint8Array };

function slice(der: Uint8Array, [start, end]: DerRange): Uint8Array | null {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start || end > der.length) return null;
  return der.subarray(start, end);
}

function hexBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9A-F]*$/i.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** r || s, each left-padded to the curve size (WebCrypto's ECDSA signature format). */
function ecdsaRaw(r: string, s: string, size: number): Uint8Array {
  const out = new Uint8Array(size * 2);
  for (const [i, hex] of [r, s].entries()) {
    const v = hexBytes(hex);
    if (!v || v.length === 0 || v.length > size) return new Uint8Array(0);
    out.set(v, i * size + (size - v.length));
  }
  return out;
}

function plan(subject: CertSummary, issuer: CertSummary): Plan | null {
  const sig = subject.sig;
  if (!sig) return null;
  const bytes = (b64: string): Uint8Array => base64Decode(b64) ?? new Uint8Array(0);
  if (sig.alg === 'rsa-pkcs1' && issuer.keyOid === OID_RSA) {
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: sig.hash };
    return { importAlg: alg, verifyAlg: alg, sig: bytes(sig.value) };
  }
  if (sig.alg === 'rsa-pss' && issuer.keyOid === OID_RSA) {
    return { importAlg: { name: 'RSA-PSS', hash: sig.hash }, verifyAlg: { name: 'RSA-PSS', saltLength: sig.saltLength }, sig: bytes(sig.value) };
  }
  if (sig.alg === 'ecdsa' && issuer.keyOid === OID_EC) {
    const size = issuer.curve === null ? undefined : CURVE_SIZE[issuer.curve];
    if (size === undefined || issuer.curve === null) return null;
    // A malformed ECDSA signature becomes an empty one, which verifySignature reports as invalid.
    return { importAlg: { name: 'ECDSA', namedCurve: issuer.curve }, verifyAlg: { name: 'ECDSA', hash: sig.hash }, sig: ecdsaRaw(sig.r, sig.s, size) };
  }
  if (sig.alg === 'ed25519' && issuer.keyOid === OID_ED25519) {
    return { importAlg: { name: 'Ed25519' }, verifyAlg: { name: 'Ed25519' }, sig: bytes(sig.value) };
  }
  return null;
}

/** Verifies `subject`'s signature with `issuer`'s public key. */
export async function verifySignature(subject: SignedCert, issuer: SignedCert): Promise<SigCheck> {
  const p = plan(subject.summary, issuer.summary);
  if (!p) return 'unsupported';
  const tbs = slice(subject.der, subject.summary.tbs);
  const spki = slice(issuer.der, issuer.summary.spki);
  if (p.sig.length === 0 || !tbs || !spki) return 'invalid';
  const subtle = globalThis.crypto.subtle;
  let key: CryptoKey;
  try {
    key = await subtle.importKey('spki', copyBytes(spki), p.importAlg, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  try {
    const ok = await subtle.verify(p.verifyAlg, key, copyBytes(p.sig), copyBytes(tbs));
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
