// DER certificate → CertSummary, with asn1js alone (RFC 5280 §4.1). The same reader runs in the
// options page's worker for files and in the background for certificates that arrive by policy,
// so both always derive the same summary. Throws (plain Error) on anything that is not a certificate.
import * as asn1js from 'asn1js';
import { children, decodeOne, explicit, rawOf } from './asn1.ts';
import { copyBytes, sha256Colon, toHex } from './bytes.ts';
import { cnCount, dnOf, firstCN, nameKey } from './dn.ts';
import { readSigInfo } from './sig-read.ts';
import { verifySignature } from './sig.ts';
import type { CertSummary, DerRange } from './types.ts';
import { extensionFacts, keyFacts } from './x509-facts.ts';

export interface DecodedCert {
  summary: CertSummary;
  der: Uint8Array;
  /** Notes for the caller (e.g. several CN attributes). */
  notes: string[];
}

/** Does this ASN.1 node have the outer shape of a certificate (SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING })? */
export function looksLikeCertificate(node: asn1js.AsnType): boolean {
  const c = children(node);
  return node instanceof asn1js.Sequence && c.length === 3 && c[0] instanceof asn1js.Sequence && c[2] instanceof asn1js.BitString;
}

function isContext(node: asn1js.AsnType | undefined, tag: number): boolean {
  return node !== undefined && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tag;
}

function timeOf(node: asn1js.AsnType | undefined, what: string): string {
  const d = node instanceof asn1js.UTCTime || node instanceof asn1js.GeneralizedTime ? node.toDate() : null;
  if (!d || Number.isNaN(d.getTime())) throw new Error(`invalid ${what} date`);
  return d.toISOString();
}

function serialHex(node: asn1js.AsnType | undefined): string {
  if (!(node instanceof asn1js.Integer)) throw new Error('malformed serial number');
  let s = node.valueBlock.valueHexView;
  if (s.length > 1 && s[0] === 0) s = s.subarray(1);
  return toHex(s, ':');
}

interface Tbs {
  serial: asn1js.AsnType | undefined;
  issuer: asn1js.AsnType | undefined;
  validity: asn1js.AsnType | undefined;
  subject: asn1js.AsnType | undefined;
  spki: asn1js.AsnType | undefined;
  extensions: asn1js.AsnType | null;
}

/** TBSCertificate fields by position: [0] version, serial, signature, issuer, validity, subject, spki, [1] [2] unique ids, [3] extensions. */
function tbsFields(tbs: asn1js.AsnType): Tbs {
  const c = children(tbs);
  let i = 0;
  if (isContext(c[0], 0)) {
    const version = explicit(c[0], 0);
    const n = version instanceof asn1js.Integer ? version.valueBlock.valueDec : -1;
    if (n < 0 || n > 2) throw new Error('unknown certificate version');
    i = 1;
  }
  const [serial, signature, issuer, validity, subject, spki, ...rest] = c.slice(i);
  for (const n of [signature, issuer, validity, subject, spki]) if (!(n instanceof asn1js.Sequence)) throw new Error('malformed certificate body');
  let extensions: asn1js.AsnType | null = null;
  for (const r of rest) {
    if (isContext(r, 3)) extensions = explicit(r, 3);
    else if (!isContext(r, 1) && !isContext(r, 2)) throw new Error('unexpected field in certificate body');
  }
  if (extensions !== null && !(extensions instanceof asn1js.Sequence)) throw new Error('malformed extensions');
  return { serial, issuer, validity, subject, spki, extensions };
}

/** Decodes exactly one DER certificate into its summary. */
export async function readCertificate(derIn: Uint8Array): Promise<DecodedCert> {
  const der = copyBytes(derIn);
  const one = decodeOne(der);
  if (!one) throw new Error('not valid DER');
  if (one.rest !== 0) throw new Error(`${one.rest} unexpected bytes after the certificate`);
  const root = one.node;
  if (!looksLikeCertificate(root)) throw new Error('not an X.509 certificate');
  const [tbsNode, sigAlg, sigValue] = children(root) as [asn1js.Sequence, asn1js.AsnType, asn1js.BitString];
  if (!(sigAlg instanceof asn1js.Sequence)) throw new Error('malformed signature algorithm');
  const base = rawOf(root).byteOffset;
  const range = (n: asn1js.AsnType): DerRange => {
    const start = rawOf(n).byteOffset - base;
    return [start, start + rawOf(n).length];
  };
  const t = tbsFields(tbsNode);
  const subjectNode = t.subject as asn1js.Sequence;
  const issuerNode = t.issuer as asn1js.Sequence;
  const subject = dnOf(subjectNode);
  const issuer = dnOf(issuerNode);
  const [notBefore, notAfter] = children(t.validity);
  const notes: string[] = [];
  if (cnCount(subject) > 1) notes.push(`certificate "${subject.text}" has several CN attributes; the first one is used`);
  const summary: CertSummary = {
    v: 1,
    subject: subject.text,
    subjectCN: firstCN(subject),
    issuer: issuer.text,
    issuerCN: firstCN(issuer),
    serial: serialHex(t.serial),
    notBefore: timeOf(notBefore, 'notBefore'),
    notAfter: timeOf(notAfter, 'notAfter'),
    sha256: await sha256Colon(der),
    ...keyFacts(t.spki as asn1js.Sequence),
    ...extensionFacts(t.extensions),
    selfSigned: false,
    subjectKey: nameKey(subjectNode),
    issuerKey: nameKey(issuerNode),
    spki: range(t.spki as asn1js.Sequence),
    tbs: range(tbsNode),
    sig: readSigInfo(sigAlg, sigValue),
  };
  if (summary.subjectKey === summary.issuerKey) {
    summary.selfSigned = (await verifySignature({ summary, der }, { summary, der })) === 'valid';
  }
  return { summary, der, notes };
}
