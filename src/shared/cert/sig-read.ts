// Reads a certificate's signatureAlgorithm and signatureValue (asn1js) into the SigInfo that
// sig.ts verifies with WebCrypto later, without a parser.
import * as asn1js from 'asn1js';
import { children, decodeOne, explicit, oidOf, smallInt } from './asn1.ts';
import { base64Encode, toHex } from './bytes.ts';
import type { SigInfo } from './types.ts';

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

const OID_RSA_PSS = '1.2.840.113549.1.1.10';
const OID_ED25519 = '1.3.101.112';
const OID_MGF1 = '1.2.840.113549.1.1.8';

/** INTEGER → hex without leading zero bytes. */
function intHex(node: unknown): string | null {
  if (!(node instanceof asn1js.Integer)) return null;
  let v = node.valueBlock.valueHexView;
  while (v.length > 0 && v[0] === 0) v = v.subarray(1);
  return toHex(v);
}

/**
 * RSASSA-PSS-params (RFC 4055): hash [0] (default SHA-1), mask generation [1] (default MGF1 with
 * SHA-1), salt length [2] (default 20). null = not checkable (WebCrypto ties the MGF1 hash to the
 * message hash) or malformed.
 */
function pssParams(params: asn1js.AsnType | undefined): { hash: string; saltLength: number } | null {
  let hash = 'SHA-1';
  let mgfHash = 'SHA-1';
  let saltLength = 20;
  for (const field of children(params)) {
    const tag = field.idBlock.tagClass === 3 ? field.idBlock.tagNumber : -1;
    const inner = explicit(field, tag);
    if (tag === 0) {
      const h = HASHES[oidOf(children(inner)[0]) ?? ''];
      if (!h) return null;
      hash = h;
    } else if (tag === 1) {
      const [mgfOid, mgfParams] = children(inner);
      const h = HASHES[oidOf(children(mgfParams)[0]) ?? ''];
      if (oidOf(mgfOid) !== OID_MGF1 || !h) return null;
      mgfHash = h;
    } else if (tag === 2) {
      const n = smallInt(inner);
      if (n === null || n < 0 || n > 1024) return null;
      saltLength = n;
    } else if (tag !== 3) {
      return null;
    }
  }
  return hash === mgfHash ? { hash, saltLength } : null;
}

/** The signature facts of a certificate; null when WebCrypto cannot check the algorithm. */
export function readSigInfo(algorithm: asn1js.AsnType, signature: asn1js.BitString): SigInfo | null {
  const [oidNode, params] = children(algorithm);
  const oid = oidOf(oidNode) ?? '';
  const bits = signature.valueBlock.valueHexView;
  const pkcs1 = RSA_PKCS1[oid];
  if (pkcs1) return { alg: 'rsa-pkcs1', hash: pkcs1, value: base64Encode(bits) };
  if (oid === OID_RSA_PSS) {
    const p = pssParams(params);
    return p ? { alg: 'rsa-pss', ...p, value: base64Encode(bits) } : null;
  }
  const ecHash = ECDSA[oid];
  if (ecHash) {
    const seq = decodeOne(bits);
    const [r, s] = seq && seq.rest === 0 ? children(seq.node) : [];
    // Malformed signature values are kept as empty numbers: verifying them reports 'invalid'.
    return { alg: 'ecdsa', hash: ecHash, r: intHex(r) ?? '', s: intHex(s) ?? '' };
  }
  if (oid === OID_ED25519) return { alg: 'ed25519', value: base64Encode(bits) };
  return null;
}
