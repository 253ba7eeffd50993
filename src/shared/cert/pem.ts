// PEM armour scanning (RFC 7468), tolerant of text around the blocks and of RFC 1421 headers.
import { base64Decode } from './bytes.ts';

export interface PemBlock {
  label: string;
  /** Decoded body; null when the base64 is invalid. */
  der: Uint8Array | null;
}

export interface PemScan {
  blocks: PemBlock[];
  /** Label of a BEGIN line without a matching END line, if any. */
  unterminated: string | null;
  /** Non-whitespace text outside the blocks. */
  extraText: boolean;
}

const BEGIN = '-----BEGIN ';
const LABEL = /^([A-Z0-9 ]{1,64})-----/;

export function hasPemArmour(text: string): boolean {
  return text.includes(BEGIN);
}

function body(raw: string): Uint8Array | null {
  // Drop RFC 1421 header lines ("Proc-Type: …", "DEK-Info: …") that precede encrypted legacy keys.
  const lines = raw.split(/\r?\n|\r/).filter((l) => !l.includes(':'));
  return base64Decode(lines.join(''));
}

/** Linear scan (indexOf only): no regex backtracking on hostile input. */
export function scanPem(text: string): PemScan {
  const blocks: PemBlock[] = [];
  let outside = '';
  let pos = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, pos);
    if (begin < 0) break;
    const label = LABEL.exec(text.slice(begin + BEGIN.length, begin + BEGIN.length + 70))?.[1];
    if (label === undefined) {
      outside += text.slice(pos, begin + BEGIN.length);
      pos = begin + BEGIN.length;
      continue;
    }
    outside += text.slice(pos, begin);
    const bodyStart = begin + BEGIN.length + label.length + 5;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, bodyStart);
    const raw = end < 0 ? '' : text.slice(bodyStart, end);
    if (end < 0 || raw.includes(BEGIN)) return { blocks, unterminated: label, extraText: outside.trim().length > 0 };
    blocks.push({ label, der: body(raw) });
    pos = end + endMarker.length;
  }
  outside += text.slice(pos);
  return { blocks, unterminated: null, extraText: outside.trim().length > 0 };
}

export const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
export const PKCS7_LABELS = new Set(['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']);

export function isPrivateKeyLabel(label: string): boolean {
  return label.endsWith('PRIVATE KEY');
}

/** The DER of each CERTIFICATE block of a PEM text, in order; null entries for undecodable bodies. */
export function certificateDers(text: string): Array<Uint8Array | null> {
  return scanPem(text)
    .blocks.filter((b) => CERT_LABELS.has(b.label))
    .map((b) => b.der);
}
