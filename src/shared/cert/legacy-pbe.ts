// Legacy PKCS#12 password-based encryption of certificate safes (RFC 7292 appendix B/C):
// pbeWithSHAAnd{40,128}BitRC2-CBC, pbeWithSHAAnd{3,2}-KeyTripleDES-CBC, pbeWithSHAAnd{40,128}BitRC4.
// WebCrypto has none of these ciphers, hence the small local RC2 and 3DES; SHA-1 is @noble/hashes
// (audited, synchronous: the KDF hashes up to millions of times, see p12-work.ts for the cap).
import { sha1 } from '@noble/hashes/legacy.js';
import type * as asn1js from 'asn1js';
import { children, octets, smallInt } from './asn1.ts';
import { des3DecryptBlocks } from './des.ts';
import { rc2DecryptBlocks } from './rc2.ts';

interface Scheme {
  name: string;
  cipher: 'rc2' | 'des3' | 'rc4';
  keyLen: number;
  /** RC2 effective key bits. */
  bits: number;
}

const LEGACY: Record<string, Scheme> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHAAnd128BitRC4', cipher: 'rc4', keyLen: 16, bits: 128 },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHAAnd40BitRC4', cipher: 'rc4', keyLen: 5, bits: 40 },
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', cipher: 'des3', keyLen: 24, bits: 192 },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', cipher: 'des3', keyLen: 16, bits: 128 },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', cipher: 'rc2', keyLen: 16, bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', cipher: 'rc2', keyLen: 5, bits: 40 },
};
const MAX_ITERATIONS = 1_000_000;

export function legacyName(oid: string): string | null {
  return LEGACY[oid]?.name ?? null;
}

/** SHA-1 blocks (20 bytes each) of key and IV derivation one decryption costs; null = not a legacy scheme. */
export function legacyKdfBlocks(oid: string): number | null {
  const scheme = LEGACY[oid];
  if (!scheme) return null;
  return Math.ceil(scheme.keyLen / 20) + (scheme.cipher === 'rc4' ? 0 : 1);
}

/** BMPString of the password with the two-byte terminator (RFC 7292 B.1). */
function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    out[2 * i] = password.charCodeAt(i) >> 8;
    out[2 * i + 1] = password.charCodeAt(i) & 0xff;
  }
  return out;
}

function fill(src: Uint8Array, v: number): Uint8Array {
  if (src.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(v * Math.ceil(src.length / v));
  for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
  return out;
}

/** RFC 7292 B.2 key derivation with SHA-1 (u = 20, v = 64). id: 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(password: string, salt: Uint8Array, iterations: number, id: number, n: number): Uint8Array {
  const v = 64;
  const I = new Uint8Array([...fill(salt, v), ...fill(bmpPassword(password), v)]);
  const D = new Uint8Array(v).fill(id);
  const out = new Uint8Array(n);
  for (let done = 0; done < n; ) {
    let a = sha1(new Uint8Array([...D, ...I]));
    for (let r = 1; r < iterations; r++) a = sha1(a);
    out.set(a.subarray(0, Math.min(a.length, n - done)), done);
    done += a.length;
    if (done >= n) break;
    const b = fill(a, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] ?? 0) + (b[k] ?? 0) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out;
}

function cbcDecrypt(data: Uint8Array, iv: Uint8Array, decryptBlock: (b: Uint8Array) => void): Uint8Array | null {
  if (data.length === 0 || data.length % 8 !== 0) return null;
  const out = new Uint8Array(data);
  let prev = iv;
  for (let o = 0; o < out.length; o += 8) {
    const cipher = data.subarray(o, o + 8);
    const block = out.subarray(o, o + 8);
    decryptBlock(block);
    for (let i = 0; i < 8; i++) block[i] = (block[i] ?? 0) ^ (prev[i] ?? 0);
    prev = cipher;
  }
  const pad = out[out.length - 1] ?? 0;
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((b) => b !== pad)) return null;
  return out.subarray(0, out.length - pad);
}

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] ?? 0) + (key[i % key.length] ?? 0)) & 0xff;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] ?? 0)) & 0xff;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
    out[n] = (data[n] ?? 0) ^ (s[((s[i] ?? 0) + (s[j] ?? 0)) & 0xff] ?? 0);
  }
  return out;
}

/** Decrypted bytes; null = wrong password (bad padding); 'unsupported' = unknown scheme or bad parameters. */
export function decryptLegacy(oid: string, params: asn1js.AsnType | undefined, password: string, data: Uint8Array): Promise<Uint8Array | null | 'unsupported'> {
  const scheme = LEGACY[oid];
  const [saltNode, iterNode] = children(params);
  const salt = octets(saltNode);
  const iterations = smallInt(iterNode);
  if (!scheme || !salt || iterations === null || iterations < 1 || iterations > MAX_ITERATIONS) return Promise.resolve('unsupported');
  const key = pkcs12Kdf(password, salt, iterations, 1, scheme.keyLen);
  if (scheme.cipher === 'rc4') return Promise.resolve(rc4(key, data));
  const iv = pkcs12Kdf(password, salt, iterations, 2, 8);
  const blocks = scheme.cipher === 'rc2' ? rc2DecryptBlocks(key, scheme.bits) : des3DecryptBlocks(key);
  return Promise.resolve(cbcDecrypt(data, iv, blocks));
}
