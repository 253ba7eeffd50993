// X.509 signature verification with WebCrypto (RSA PKCS#1 v1.5, RSA-PSS, ECDSA, Ed25519).
import * as asn1js from 'asn1js';
import { RSASSAPSSParams } from 'pkijs';
import type { Certificate } from 'pkijs';
import { children, decodeOne, oidOf } from './asn1.ts';
import { copyBytes } from './bytes.ts';

export const OID_RSA = '1.2.840.113549.1.1.1';
export const OID_RSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EC = '1.2.840.10045.2.1';
export const OID_ED25519 = '1.3.101.112';

export const CURVES: Record<string, { name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};

/** 'valid' | 'invalid' | 'unsupported' (algorithm WebCrypto cannot check). Never throws. */
export type SigCheck = 'valid' | 'invalid' | 'unsupported';

function ecdsaRaw(der: Uint8Array, size: number): Uint8Array | null {
  const seq = decodeOne(der);
  if (!seq || seq.rest !== 0) return null;
  const ints = children(seq.node);
  if (ints.length !== 2) return null;
  const out = new Uint8Array(size * 2);
  for (const [i, n] of ints.entries()) {
    if (!(n instanceof asn1js.Integer)) return null;
    let v = n.valueBlock.valueHexView;
    while (v.length > 0 && v[0] === 0) v = v.subarray(1);
    if (v.length > size) return null;
    out.set(v, i * size + (size - v.length));
  }
  return out;
}

type Plan = { importAlg: AlgorithmIdentifierLike; verifyAlg: AlgorithmIdentifierLike; sig: Uint8Array };
type AlgorithmIdentifierLike = { name: string } & Record<string, unknown>;

function plan(subject: Certificate, issuer: Certificate): Plan | null {
  const sigOid = subject.signatureAlgorithm.algorithmId;
  const keyOid = issuer.subjectPublicKeyInfo.algorithm.algorithmId;
  const sig = subject.signatureValue.valueBlock.valueHexView;
  const pkcs1Hash = RSA_PKCS1[sigOid];
  if (pkcs1Hash && keyOid === OID_RSA) {
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: pkcs1Hash };
    return { importAlg: alg, verifyAlg: alg, sig };
  }
  if (sigOid === OID_RSA_PSS && keyOid === OID_RSA) {
    const params = new RSASSAPSSParams({ schema: subject.signatureAlgorithm.algorithmParams });
    const hash = HASHES[params.hashAlgorithm.algorithmId];
    const mgfHash = HASHES[oidOf(children(params.maskGenAlgorithm.algorithmParams)[0]) ?? ''] ?? 'SHA-1';
    if (!hash || mgfHash !== hash) return null; // WebCrypto ties the MGF1 hash to the message hash
    return {
      importAlg: { name: 'RSA-PSS', hash },
      verifyAlg: { name: 'RSA-PSS', saltLength: params.saltLength },
      sig,
    };
  }
  const ecHash = ECDSA[sigOid];
  if (ecHash && keyOid === OID_EC) {
    const curve = CURVES[oidOf(issuer.subjectPublicKeyInfo.algorithm.algorithmParams) ?? ''];
    if (!curve) return null;
    // A malformed ECDSA signature becomes an empty one, which verifySignature reports as invalid.
    const raw = ecdsaRaw(sig, curve.size) ?? new Uint8Array(0);
    return { importAlg: { name: 'ECDSA', namedCurve: curve.name }, verifyAlg: { name: 'ECDSA', hash: ecHash }, sig: raw };
  }
  if (sigOid === OID_ED25519 && keyOid === OID_ED25519) {
    return { importAlg: { name: 'Ed25519' }, verifyAlg: { name: 'Ed25519' }, sig };
  }
  return null;
}

/** Verifies `subject`'s signature with `issuer`'s public key. */
export async function verifySignature(subject: Certificate, issuer: Certificate): Promise<SigCheck> {
  let p: Plan | null;
  try {
    p = plan(subject, issuer);
  } catch {
    return 'invalid'; // malformed PSS parameters
  }
  if (!p) return 'unsupported';
  if (p.sig.length === 0) return 'invalid';
  const subtle = globalThis.crypto.subtle;
  let key: CryptoKey;
  try {
    const spki = copyBytes(new Uint8Array(issuer.subjectPublicKeyInfo.toSchema().toBER(false)));
    key = await subtle.importKey('spki', spki, p.importAlg, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  try {
    const ok = await subtle.verify(p.verifyAlg, key, copyBytes(p.sig), copyBytes(subject.tbsView));
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
