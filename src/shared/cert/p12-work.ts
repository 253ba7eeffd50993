// How much key derivation a PKCS#12 file asks for, counted before any of it is done (issue 15.5).
// Every step's cost is set by the file itself (iteration counts, number of encrypted safes), so a
// crafted file could keep the reader busy for hours; above the caps it is refused at once.
import * as asn1js from 'asn1js';
import { children, decodeOne, explicit, octets, oidOf, smallInt } from './asn1.ts';
import { legacyKdfBlocks } from './legacy-pbe.ts';
import { AES_KEY_BYTES, OID_DATA, OID_ENCRYPTED_DATA, OID_HMAC_SHA1, OID_PBES2, PRF_BYTES } from './p12-oids.ts';

/**
 * kdf: hash rounds of the PKCS#12 key derivation (RFC 7292 appendix B), which runs in JavaScript:
 * the integrity MAC and legacy-encrypted safes. 5,000,000 SHA-1 rounds take about 5 s; a file
 * that opened before this cap with one encrypted safe (MAC and safe at the old per-step maximum of
 * 1,000,000 iterations) still opens. pbkdf2: PBKDF2 iterations × blocks (WebCrypto, native code)
 * over all PBES2 safes; the old per-safe maximum. Common exports need 2,048 to 10,000 per step.
 */
export const P12_WORK_LIMITS = { kdf: 5_000_000, pbkdf2: 10_000_000 } as const;

export type P12Step =
  /** The MAC is checked with the given password and, when that fails, with the empty one. */
  | { kind: 'mac'; iterations: number; attempts: number }
  /** `blocks` = hash outputs of key plus IV derivation. */
  | { kind: 'legacy'; iterations: number; blocks: number }
  | { kind: 'pbes2'; iterations: number; blocks: number };

export interface P12Work {
  kdf: number;
  pbkdf2: number;
  /** Encrypted safes counted (for the error text). */
  safes: number;
}

const count = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

export function p12Work(steps: readonly P12Step[]): P12Work {
  const w: P12Work = { kdf: 0, pbkdf2: 0, safes: 0 };
  for (const s of steps) {
    if (s.kind === 'mac') w.kdf += count(s.iterations) * count(s.attempts);
    else {
      w.safes++;
      if (s.kind === 'legacy') w.kdf += count(s.iterations) * count(s.blocks);
      else w.pbkdf2 += count(s.iterations) * count(s.blocks);
    }
  }
  return w;
}

/** null = within the caps; otherwise the technical detail of the refusal. */
export function p12WorkError(w: P12Work, limits: { kdf: number; pbkdf2: number } = P12_WORK_LIMITS): string | null {
  const n = (x: number): string => x.toLocaleString('en-US');
  const safes = `${w.safes} encrypted safes`;
  if (w.kdf > limits.kdf) return `the file asks for ${n(w.kdf)} PKCS#12 key-derivation rounds (MAC and ${safes}); the limit is ${n(limits.kdf)}`;
  if (w.pbkdf2 > limits.pbkdf2) return `the file asks for ${n(w.pbkdf2)} PBKDF2 iterations (${safes}); the limit is ${n(limits.pbkdf2)}`;
  return null;
}

function safeStep(encryptedData: asn1js.AsnType | null): P12Step | null {
  const [, algNode] = children(children(encryptedData)[1]);
  const [oidNode, params] = children(algNode);
  const oid = oidOf(oidNode) ?? '';
  const blocks = legacyKdfBlocks(oid);
  if (blocks !== null) return { kind: 'legacy', iterations: smallInt(children(params)[1]) ?? 0, blocks };
  if (oid !== OID_PBES2) return null; // unsupported: refused later without any work
  const [kdf, scheme] = children(params);
  const kdfParams = children(children(kdf)[1]);
  const prf = oidOf(children(kdfParams.find((n) => n instanceof asn1js.Sequence))[0]) ?? OID_HMAC_SHA1;
  const keyBytes = AES_KEY_BYTES[oidOf(children(scheme)[0]) ?? ''] ?? 32;
  return { kind: 'pbes2', iterations: smallInt(kdfParams[1]) ?? 0, blocks: Math.ceil(keyBytes / (PRF_BYTES[prf] ?? 20)) };
}

/** The key-derivation steps reading `pfx` would take; malformed parts count as nothing (they fail later). */
export function p12Steps(pfx: asn1js.AsnType, passwordGiven: boolean): P12Step[] {
  const steps: P12Step[] = [];
  const [, authSafe, macData] = children(pfx);
  if (macData) {
    const iterNode = children(macData)[2];
    steps.push({ kind: 'mac', iterations: iterNode === undefined ? 1 : (smallInt(iterNode) ?? 0), attempts: passwordGiven ? 2 : 1 });
  }
  const [typeNode, contentWrap] = children(authSafe);
  const authBytes = oidOf(typeNode) === OID_DATA ? octets(explicit(contentWrap, 0)) : null;
  const safes = authBytes ? decodeOne(authBytes) : null;
  for (const ci of children(safes?.node)) {
    const [ciType, ciWrap] = children(ci);
    if (oidOf(ciType) !== OID_ENCRYPTED_DATA) continue;
    const step = safeStep(explicit(ciWrap, 0));
    if (step) steps.push(step);
  }
  return steps;
}
