// Secrets of the background, kept where no content script can read them: the
// forwarding Authorization header value and the token fingerprint key live in
// the extension's IndexedDB (extension-db.ts), not in storage.local, which
// every content script of the extension can read (SECURITY.md: the reason the
// held tokens live there applies to these too). Values found in storage.local
// by an earlier version are moved here and deleted there: the fingerprint key
// keeps its bytes, so fingerprints stay the same across the move.
import { keyFromHex, newFingerprintKey, planFingerprintKey } from '../shared/audit/fingerprint.ts';
import { dbDelete, dbGet, dbPut } from './extension-db.ts';
import { ext } from '../platform/browser.ts';

const AUTH_KEY = 'secret:forwardAuthHeader';
const FP_KEY = 'secret:fingerprintKey';
/** Where versions before 0.2 kept the fingerprint key (storage.local, hex). */
export const LEGACY_FP_KEY = 'fingerprintKey';

/** The forwarding Authorization header value ('' when none is set). */
export async function forwardAuth(): Promise<string> {
  const v = await dbGet(AUTH_KEY);
  return typeof v === 'string' ? v : '';
}

/** Stores the value ('' removes it). Resolves once committed. */
export async function setForwardAuth(value: string): Promise<void> {
  if (value === '') await dbDelete(AUTH_KEY);
  else await dbPut(AUTH_KEY, value);
}

let fpKey: Promise<Uint8Array> | null = null;

/**
 * The installation's fingerprint key: from IndexedDB, else moved from
 * storage.local (same bytes), else new. One promise per background, so two
 * first fingerprints cannot create two keys.
 */
export function fingerprintKey(): Promise<Uint8Array> {
  fpKey ??= loadFingerprintKey().catch((err: unknown) => {
    fpKey = null;
    throw err;
  });
  return fpKey;
}

async function loadFingerprintKey(): Promise<Uint8Array> {
  const legacy: unknown = (await ext.storage.local.get(LEGACY_FP_KEY))[LEGACY_FP_KEY];
  const plan = planFingerprintKey(await dbGet(FP_KEY), legacy, newFingerprintKey);
  if (plan.store) await dbPut(FP_KEY, plan.hex);
  // Only once the key is safely in IndexedDB: a crash before this line leaves the old copy, not no key.
  if (plan.removeLegacy) await ext.storage.local.remove(LEGACY_FP_KEY);
  return keyFromHex(plan.hex);
}
