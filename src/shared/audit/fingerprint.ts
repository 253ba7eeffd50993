// Token fingerprints: HMAC-SHA256 under a per-installation key, truncated to
// 6 bytes (12 hex). Records and logs carry the fingerprint, never the token;
// the key (stored by the background) stops anyone holding only the audit log
// from confirming a guessed or leaked token against it. Pure: WebCrypto is a
// global in browsers, extension workers and Node 20.

const FP_RE = /^[0-9a-f]{12}$/;
/** Shorter keys would weaken the HMAC; newFingerprintKey() gives 32 bytes. */
const MIN_KEY_BYTES = 16;

export async function tokenFingerprint(token: string, key: Uint8Array): Promise<string> {
  if (!(key instanceof Uint8Array) || key.length < MIN_KEY_BYTES) {
    throw new TypeError(`fingerprint key must be at least ${MIN_KEY_BYTES} bytes`);
  }
  // Copy into a fresh ArrayBuffer-backed view: WebCrypto rejects shared buffers.
  const raw = new Uint8Array(key);
  const k = await globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', k, new TextEncoder().encode(token)));
  return Array.from(mac.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function newFingerprintKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

export function isFingerprint(s: unknown): s is string {
  return typeof s === 'string' && FP_RE.test(s);
}

const KEY_HEX = /^[0-9a-f]{64}$/;

/**
 * Where the fingerprint key comes from, given what IndexedDB and (from earlier
 * versions) storage.local hold: the stored key wins, then the legacy one (the
 * same bytes, so fingerprints stay stable across the move), else a new one.
 * The legacy copy is removed only after the key is in IndexedDB.
 */
export function planFingerprintKey(stored: unknown, legacy: unknown, fresh: () => Uint8Array): { hex: string; store: boolean; removeLegacy: boolean } {
  const removeLegacy = legacy !== undefined;
  if (typeof stored === 'string' && KEY_HEX.test(stored)) return { hex: stored, store: false, removeLegacy };
  if (typeof legacy === 'string' && KEY_HEX.test(legacy)) return { hex: legacy, store: true, removeLegacy };
  return { hex: Array.from(fresh(), (b) => b.toString(16).padStart(2, '0')).join(''), store: true, removeLegacy };
}

export function keyFromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}
