// DER certificate → ParsedCert (pkijs for the structure, WebCrypto for hashes and signatures).
import * as asn1js from 'asn1js';
import { BasicConstraints, Certificate, ExtKeyUsage } from 'pkijs';
import { children, decodeOne, oidOf } from './asn1.ts';
import { base64Decode, copyBytes, derToPem, sha256Colon, toHex } from './bytes.ts';
import { cnCount, firstCN, parseDn } from './dn.ts';
import { CURVES, OID_EC, OID_ED25519, OID_RSA, OID_RSA_PSS, verifySignature } from './sig.ts';
import type { ParsedCert } from './types.ts';

const OID_EKU = '2.5.29.37';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_ANY = '2.5.29.37.0';

export interface DecodedCert {
  parsed: ParsedCert;
  cert: Certificate;
  der: Uint8Array;
  /** Notes for the caller (e.g. several CN attributes). */
  notes: string[];
}

/** Decodes exactly one DER certificate; throws on anything else. */
export function decodeCertificate(der: Uint8Array): Certificate {
  const one = decodeOne(der);
  if (!one) throw new Error('not valid DER');
  if (one.rest !== 0) throw new Error(`${one.rest} unexpected bytes after the certificate`);
  return new Certificate({ schema: one.node });
}

/** Does this ASN.1 node have the outer shape of a certificate (SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING })? */
export function looksLikeCertificate(node: asn1js.AsnType): boolean {
  const c = children(node);
  return node instanceof asn1js.Sequence && c.length === 3 && c[0] instanceof asn1js.Sequence && c[2] instanceof asn1js.BitString;
}

function rsaBits(cert: Certificate): number | null {
  const key = decodeOne(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  const modulus = key ? children(key.node)[0] : undefined;
  if (!(modulus instanceof asn1js.Integer)) return null;
  let m = modulus.valueBlock.valueHexView;
  while (m.length > 0 && m[0] === 0) m = m.subarray(1);
  const first = m[0];
  if (first === undefined) return 0;
  return (m.length - 1) * 8 + (32 - Math.clz32(first));
}

function keyFacts(cert: Certificate): Pick<ParsedCert, 'keyAlgorithm' | 'keySize' | 'curve'> {
  const alg = cert.subjectPublicKeyInfo.algorithm;
  switch (alg.algorithmId) {
    case OID_RSA:
    case OID_RSA_PSS:
      return { keyAlgorithm: 'RSA', keySize: rsaBits(cert), curve: null };
    case OID_EC: {
      const curveOid = oidOf(alg.algorithmParams);
      return { keyAlgorithm: 'EC', keySize: null, curve: curveOid ? (CURVES[curveOid]?.name ?? curveOid) : 'unknown' };
    }
    case OID_ED25519:
      return { keyAlgorithm: 'Ed25519', keySize: null, curve: null };
    default:
      return { keyAlgorithm: 'other', keySize: null, curve: null };
  }
}

function extensionFacts(cert: Certificate): Pick<ParsedCert, 'ekuPresent' | 'ekuClientAuth' | 'isCA'> {
  let ekuPresent = false;
  let ekuClientAuth = false;
  let isCA = false;
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID === OID_EKU) {
      ekuPresent = true;
      const v: unknown = ext.parsedValue;
      if (v instanceof ExtKeyUsage) ekuClientAuth = v.keyPurposes.some((p) => p === EKU_CLIENT_AUTH || p === EKU_ANY);
    } else if (ext.extnID === OID_BASIC_CONSTRAINTS) {
      const v: unknown = ext.parsedValue;
      if (v instanceof BasicConstraints) isCA = v.cA;
    }
  }
  return { ekuPresent, ekuClientAuth, isCA };
}

function serialHex(cert: Certificate): string {
  let s = cert.serialNumber.valueBlock.valueHexView;
  if (s.length > 1 && s[0] === 0) s = s.subarray(1);
  return toHex(s, ':');
}

function isoDate(d: Date, what: string): string {
  if (Number.isNaN(d.getTime())) throw new Error(`invalid ${what} date`);
  return d.toISOString();
}

/** Full decode + facts. Throws (plain Error) on malformed certificates. */
export async function toParsedCert(derIn: Uint8Array): Promise<DecodedCert> {
  const der = copyBytes(derIn);
  const cert = decodeCertificate(der);
  const subject = parseDn(new Uint8Array(cert.subject.valueBeforeDecode));
  const issuer = parseDn(new Uint8Array(cert.issuer.valueBeforeDecode));
  const notes: string[] = [];
  if (cnCount(subject) > 1) notes.push(`certificate "${subject.text}" has several CN attributes; the first one is used`);
  const sameName = cert.subject.isEqual(cert.issuer);
  const selfSigned = sameName && (await verifySignature(cert, cert)) === 'valid';
  const parsed: ParsedCert = {
    pem: derToPem(der),
    subject: subject.text,
    subjectCN: firstCN(subject),
    issuer: issuer.text,
    issuerCN: firstCN(issuer),
    serial: serialHex(cert),
    notBefore: isoDate(cert.notBefore.value, 'notBefore'),
    notAfter: isoDate(cert.notAfter.value, 'notAfter'),
    sha256: await sha256Colon(der),
    ...keyFacts(cert),
    ...extensionFacts(cert),
    selfSigned,
  };
  return { parsed, cert, der, notes };
}

/** Decodes the first CERTIFICATE block of a PEM string; null on failure. */
export function certFromPem(pem: string): { cert: Certificate; der: Uint8Array } | null {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  const der = m ? base64Decode(m[1] ?? '') : null;
  if (!der) return null;
  try {
    return { cert: decodeCertificate(der), der };
  } catch {
    return null;
  }
}
