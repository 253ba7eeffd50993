// Distinguished names → RFC 4514 strings, CN lookup, and a key for name matching.
import * as asn1js from 'asn1js';
import { children, decodeOne, oidOf, rawOf, stringValue } from './asn1.ts';
import { toHex } from './bytes.ts';

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

export const OID_CN = '2.5.4.3';

export interface Dn {
  /** RFC 4514 text, most specific RDN first. */
  text: string;
  /** Attributes in encoding order (RDN by RDN). */
  attrs: Array<{ oid: string; value: string }>;
}

function escapeValue(v: string): string {
  let out = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** Parses the DER of a Name (SEQUENCE OF RDN). Throws on malformed input. */
export function parseDn(der: Uint8Array): Dn {
  const top = decodeOne(der);
  if (!top) throw new Error('malformed distinguished name');
  return dnOf(top.node);
}

/** A decoded Name (SEQUENCE OF RDN) → Dn. Throws on malformed input. */
export function dnOf(name: asn1js.AsnType): Dn {
  if (!(name instanceof asn1js.Sequence)) throw new Error('malformed distinguished name');
  const attrs: Dn['attrs'] = [];
  const rdnTexts: string[] = [];
  for (const rdn of children(name)) {
    const parts: string[] = [];
    for (const atv of children(rdn)) {
      const [typeNode, valueNode] = children(atv);
      const oid = oidOf(typeNode);
      if (!oid || !valueNode) throw new Error('malformed attribute in distinguished name');
      const str = stringValue(valueNode);
      const value = str ?? `#${toHex(rawOf(valueNode)).toLowerCase()}`;
      attrs.push({ oid, value });
      const name = SHORT_NAMES[oid] ?? oid;
      parts.push(`${name}=${str === null ? value : escapeValue(value)}`);
    }
    rdnTexts.push(parts.join('+'));
  }
  return { text: rdnTexts.reverse().join(','), attrs };
}

/** The first CN in encoding order (JOC takes the first CN RDN), or null. */
export function firstCN(dn: Dn): string | null {
  return dn.attrs.find((a) => a.oid === OID_CN)?.value ?? null;
}

export function cnCount(dn: Dn): number {
  return dn.attrs.filter((a) => a.oid === OID_CN).length;
}

/** Trim, one space for each run of spaces, lower case: the string preparation of RFC 5280 §7.1 as
 * far as certificate paths in practice need it (and as pkijs compared names before). */
function prepared(v: string): string {
  return v.trim().replace(/ +/g, ' ').toLowerCase();
}

/** A string that is equal for two Names exactly when a path builder treats them as the same name:
 * RDN by RDN, attribute by attribute, string values compared after `prepared`, others byte for byte. */
export function nameKey(name: asn1js.AsnType): string {
  const rdns = children(name).map((rdn) =>
    children(rdn).map((atv) => {
      const [typeNode, valueNode] = children(atv);
      const str = stringValue(valueNode);
      const value = str !== null ? `s:${prepared(str)}` : `b:${valueNode ? toHex(rawOf(valueNode)) : ''}`;
      return [oidOf(typeNode) ?? '?', value];
    }),
  );
  return JSON.stringify(rdns);
}
