// Entry point: certificate files (PEM, DER, PKCS#12, PKCS#7) → ParsedCert[]. Never throws.
import * as asn1js from 'asn1js';
import { children, declaredLength, decodeOne, oidOf, rawOf, smallInt } from './asn1.ts';
import { base64Decode, copyBytes, derToPem } from './bytes.ts';
import { KEY_IGNORED_WARNING, MAX_FILE_BYTES } from './files.ts';
import { CERT_LABELS, PKCS7_LABELS, hasPemArmour, isPrivateKeyLabel, scanPem } from './pem.ts';
import { extractFromPfx, looksLikePfx } from './pkcs12.ts';
import { CertError } from './types.ts';
import type { CertErrorCode, ParsedCert, ParseResult } from './types.ts';
import { looksLikeCertificate, readCertificate } from './x509.ts';

export type { CertErrorCode, ParsedCert, ParseResult } from './types.ts';
export { KEY_IGNORED_WARNING, MAX_FILE_BYTES, leafOf } from './files.ts';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

interface Collected {
  ders: Uint8Array[];
  warnings: string[];
  /** Error code used when a certificate body fails to decode. */
  badCertCode: CertErrorCode;
}

function fail(error: CertErrorCode, detail: string): ParseResult {
  return { ok: false, error, detail };
}

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** SignedData certificates ([0] IMPLICIT SET OF Certificate) of a PKCS#7 ContentInfo; null if not PKCS#7. */
function pkcs7Certs(node: asn1js.AsnType): Uint8Array[] | null {
  const [type, wrap] = children(node);
  if (oidOf(type) !== OID_SIGNED_DATA) return null;
  const signed = children(wrap)[0];
  const set = children(signed).find((n) => n instanceof asn1js.Constructed && n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 0);
  return children(set).filter(looksLikeCertificate).map((c) => copyBytes(rawOf(c)));
}

/** PKCS#8, encrypted PKCS#8, PKCS#1 RSA and SEC1 EC private keys, by shape. */
function looksLikePrivateKey(node: asn1js.AsnType): boolean {
  const c = children(node);
  if (!(node instanceof asn1js.Sequence) || c.length < 2) return false;
  const [a, b, d] = c;
  const v = smallInt(a);
  if ((v === 0 || v === 1) && b instanceof asn1js.Sequence && d instanceof asn1js.OctetString) return true; // PKCS#8
  if (a instanceof asn1js.Sequence && b instanceof asn1js.OctetString && c.length === 2 && oidOf(children(a)[0])?.startsWith('1.2.840.113549.1.')) return true;
  if (v === 0 && c.length >= 9 && c.every((n) => n instanceof asn1js.Integer)) return true; // PKCS#1
  return v === 1 && b instanceof asn1js.OctetString; // SEC1
}

async function collectDer(bytes: Uint8Array, out: Collected, password: string | undefined): Promise<ParseResult | null> {
  const first = decodeOne(bytes);
  if (!first) {
    const len = declaredLength(bytes);
    if (bytes[0] === 0x30 && len !== null && len > bytes.length) return fail('truncated', `the data ends after ${bytes.length} of ${len} bytes`);
    return fail('not-a-certificate', 'the data is neither PEM, DER nor PKCS#12');
  }
  const node = first.node;
  if (looksLikeCertificate(node)) {
    let rest = bytes;
    for (;;) {
      const one = decodeOne(rest);
      if (!one || !looksLikeCertificate(one.node)) break;
      out.ders.push(copyBytes(rest.subarray(0, rest.length - one.rest)));
      rest = rest.subarray(rest.length - one.rest);
    }
    if (rest.length > 0) out.warnings.push(`${rest.length} bytes after the certificate were ignored`);
    return null;
  }
  if (looksLikePfx(node)) {
    if (first.rest > 0) out.warnings.push(`${first.rest} bytes after the PKCS#12 structure were ignored`);
    const p12 = await extractFromPfx(node, password);
    out.ders.push(...p12.ders);
    out.warnings.push(...p12.warnings);
    return null;
  }
  const p7 = pkcs7Certs(node);
  if (p7) {
    if (p7.length === 0) return fail('not-a-certificate', 'the PKCS#7 structure contains no certificate');
    out.ders.push(...p7);
    return null;
  }
  if (looksLikePrivateKey(node)) return fail('private-key-only', 'the file contains a private key and no certificate');
  return fail('not-a-certificate', 'the ASN.1 structure is not a certificate, PKCS#12 or PKCS#7');
}

function collectPem(text: string, out: Collected): ParseResult | null {
  const scan = scanPem(text);
  out.badCertCode = 'pem-invalid';
  if (scan.unterminated !== null) return fail('truncated', `PEM block "${scan.unterminated}" has no matching END line`);
  let keys = 0;
  const ignored = new Set<string>();
  for (const [i, block] of scan.blocks.entries()) {
    if (isPrivateKeyLabel(block.label)) {
      keys++;
      continue;
    }
    const isCert = CERT_LABELS.has(block.label);
    if (!isCert && !PKCS7_LABELS.has(block.label)) {
      ignored.add(block.label);
      continue;
    }
    if (!block.der) return fail('pem-invalid', `PEM block ${i + 1} ("${block.label}") is not valid base64`);
    const one = decodeOne(block.der);
    if (!one) {
      const len = declaredLength(block.der);
      if (block.der[0] === 0x30 && len !== null && len > block.der.length) return fail('truncated', `PEM block ${i + 1} ends after ${block.der.length} of ${len} bytes`);
      return fail('pem-invalid', `PEM block ${i + 1} ("${block.label}") is not valid DER`);
    }
    if (isCert) {
      if (one.rest > 0 && block.label !== 'TRUSTED CERTIFICATE') out.warnings.push(`PEM block ${i + 1} has ${one.rest} trailing bytes, ignored`);
      out.ders.push(copyBytes(block.der.subarray(0, block.der.length - one.rest)));
    } else {
      const p7 = pkcs7Certs(one.node);
      if (!p7) return fail('pem-invalid', `PEM block ${i + 1} ("${block.label}") is not PKCS#7 signed data`);
      out.ders.push(...p7);
    }
  }
  if (out.ders.length === 0) {
    if (keys > 0) return fail('private-key-only', 'the PEM file contains a private key and no certificate');
    const labels = [...ignored].join(', ');
    return fail('not-a-certificate', labels ? `the PEM file contains no certificate (only: ${labels})` : 'the PEM file contains no certificate');
  }
  if (keys > 0) out.warnings.push(KEY_IGNORED_WARNING);
  if (scan.extraText) out.warnings.push('text outside the PEM blocks was ignored');
  for (const label of ignored) out.warnings.push(`PEM block "${label}" ignored`);
  return null;
}

async function parseInner(bytes: Uint8Array, password: string | undefined): Promise<ParseResult> {
  if (bytes.length > MAX_FILE_BYTES) return fail('too-large', `${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`);
  if (bytes.length === 0) return fail('empty', 'the file is empty');
  const out: Collected = { ders: [], warnings: [], badCertCode: 'not-a-certificate' };
  const isBinaryDer = bytes[0] === 0x30;
  const text = isBinaryDer ? '' : decodeText(bytes);
  let early: ParseResult | null;
  if (!isBinaryDer && hasPemArmour(text)) {
    early = collectPem(text, out);
  } else if (isBinaryDer) {
    early = await collectDer(bytes, out, password);
  } else if (text.trim().length === 0) {
    return fail('empty', 'the file contains only whitespace');
  } else {
    const bare = /^[A-Za-z0-9+/=\s]{64,}$/.test(text) ? base64Decode(text) : null;
    if (!bare || bare[0] !== 0x30) return fail('not-a-certificate', 'the data is neither PEM, DER nor PKCS#12');
    out.warnings.push('base64 without PEM header');
    early = await collectDer(bare, out, password);
  }
  if (early) return early;
  const certs: ParsedCert[] = [];
  for (const [i, der] of out.ders.entries()) {
    try {
      const decoded = await readCertificate(der);
      if (certs.some((c) => c.sha256 === decoded.summary.sha256)) {
        out.warnings.push('duplicate certificate ignored');
        continue;
      }
      certs.push({ ...decoded.summary, pem: derToPem(decoded.der) });
      out.warnings.push(...decoded.notes);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return fail(out.badCertCode, `certificate ${i + 1} cannot be decoded: ${why}`);
    }
  }
  return { ok: true, certs, warnings: [...new Set(out.warnings)] };
}

/**
 * Parses a certificate file: PEM (one or many, text around is tolerated), DER, PKCS#12 (.p12/.pfx,
 * certificate bags only) or PKCS#7. Private keys are never decrypted, interpreted or returned.
 * Duplicates are dropped (first occurrence kept). Never rejects.
 */
export async function parseCertificateFile(bytes: Uint8Array, opts: { password?: string; filename?: string } = {}): Promise<ParseResult> {
  try {
    // Also accept byte arrays from another realm (instanceof fails across realms).
    const view: unknown = bytes;
    if (!ArrayBuffer.isView(view) || Object.prototype.toString.call(view) !== '[object Uint8Array]') {
      return fail('not-a-certificate', 'input is not a byte array');
    }
    const res = await parseInner(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), opts.password);
    if (!res.ok && opts.filename && res.error === 'not-a-certificate' && /\.(p12|pfx)$/i.test(opts.filename)) {
      return { ...res, detail: `${res.detail} (file name suggests PKCS#12)` };
    }
    return res;
  } catch (e) {
    if (e instanceof CertError) return fail(e.code, e.message);
    return fail('not-a-certificate', `unexpected structure: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Text variant (async: the self-signed check needs WebCrypto, which has no synchronous API). */
export function parsePem(text: string): Promise<ParseResult> {
  return parseCertificateFile(new TextEncoder().encode(text));
}
