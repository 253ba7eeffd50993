// Thin, defensive helpers over asn1js. Every function returns null instead of throwing.
import * as asn1js from 'asn1js';
import { copyBytes } from './bytes.ts';

/** Decodes exactly one BER/DER element; null on error. `rest` = bytes after it. */
export function decodeOne(bytes: Uint8Array): { node: asn1js.AsnType; rest: number } | null {
  try {
    const res = asn1js.fromBER(copyBytes(bytes));
    if (res.offset === -1 || res.result.error) return null;
    return { node: res.result, rest: bytes.length - res.offset };
  } catch {
    return null;
  }
}

/** Length of the DER element starting at bytes[0] (header + content), or null if the header is unreadable. */
export function declaredLength(bytes: Uint8Array): number | null {
  if (bytes.length < 2) return null;
  let pos = 1;
  if (((bytes[0] ?? 0) & 0x1f) === 0x1f) {
    while (pos < bytes.length && ((bytes[pos] ?? 0) & 0x80) !== 0) pos++;
    pos++;
  }
  const first = bytes[pos];
  if (first === undefined) return null;
  pos++;
  if (first < 0x80) return pos + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4) return null; // indefinite length or absurd size
  let len = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[pos + i];
    if (b === undefined) return null;
    len = len * 256 + b;
  }
  return pos + n + len;
}

export function children(node: unknown): asn1js.AsnType[] {
  if (node instanceof asn1js.Sequence || node instanceof asn1js.Set || node instanceof asn1js.Constructed) {
    return node.valueBlock.value;
  }
  return [];
}

export function isSequence(node: unknown): node is asn1js.Sequence {
  return node instanceof asn1js.Sequence;
}

export function oidOf(node: unknown): string | null {
  return node instanceof asn1js.ObjectIdentifier ? node.valueBlock.toString() : null;
}

export function smallInt(node: unknown): number | null {
  if (!(node instanceof asn1js.Integer)) return null;
  const v = node.valueBlock.valueDec;
  return Number.isSafeInteger(v) ? v : null;
}

export function octets(node: unknown): Uint8Array | null {
  if (node instanceof asn1js.OctetString) {
    if (node.valueBlock.isConstructed) {
      const parts = node.valueBlock.value.map((p) => octets(p));
      if (parts.some((p) => p === null)) return null;
      const total = parts.reduce((n, p) => n + (p?.length ?? 0), 0);
      const out = new Uint8Array(total);
      let o = 0;
      for (const p of parts) if (p) out.set(p, (o += p.length) - p.length);
      return out;
    }
    return node.valueBlock.valueHexView;
  }
  return null;
}

/** Context-specific constructed [n] wrapper → its first child. */
export function explicit(node: unknown, tag: number): asn1js.AsnType | null {
  if (node instanceof asn1js.Constructed && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tag) {
    return node.valueBlock.value[0] ?? null;
  }
  return null;
}

/** The raw DER bytes the node was decoded from. */
export function rawOf(node: asn1js.AsnType): Uint8Array {
  return node.valueBeforeDecodeView;
}

/** Any ASN.1 string type → JS string; null for non-string values. */
export function stringValue(node: unknown): string | null {
  if (node instanceof asn1js.BmpString || node instanceof asn1js.UniversalString) return node.valueBlock.value;
  if (
    node instanceof asn1js.Utf8String ||
    node instanceof asn1js.PrintableString ||
    node instanceof asn1js.IA5String ||
    node instanceof asn1js.TeletexString ||
    node instanceof asn1js.VisibleString ||
    node instanceof asn1js.NumericString ||
    node instanceof asn1js.VideotexString ||
    node instanceof asn1js.GeneralString ||
    node instanceof asn1js.GraphicString ||
    node instanceof asn1js.CharacterString
  ) {
    return node.valueBlock.value;
  }
  return null;
}

/** Content of an IMPLICIT [n] OCTET STRING: primitive bytes, or the concatenated chunks of a constructed one. */
export function implicitOctets(node: unknown): Uint8Array | null {
  if (node instanceof asn1js.Primitive) return node.valueBlock.valueHexView;
  if (node instanceof asn1js.Constructed) {
    const parts = node.valueBlock.value.map((p) => octets(p));
    if (parts.some((p) => p === null)) return null;
    const out = new Uint8Array(parts.reduce((n, p) => n + (p?.length ?? 0), 0));
    let o = 0;
    for (const p of parts) {
      if (!p) continue;
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  return null;
}
