// Persistence adapters. What goes where, and why:
// - storage.local: settings (user), audit log, fingerprint key, server-cert
//   pins, Remember Me login times. Never a token.
// - storage.session (memory only, never on disk, not readable by content
//   scripts in Chromium): the session registry and the live tokens, which the
//   background needs to log a session out on the server after its last tab
//   closed. Lost on browser/extension restart by design; the document_start
//   sweep covers what is left in pages then.
import { ext } from '../platform/browser.ts';
import type { KeyValueArea } from '../shared/audit-store.ts';
import { newFingerprintKey, tokenFingerprint } from '../shared/fingerprint.ts';
import { emptyRegistry, reviveRegistry, type Registry } from '../shared/session.ts';

function area(a: 'local' | 'session'): KeyValueArea {
  const s = ext.storage[a];
  return {
    get: (keys) => s.get(keys),
    set: (items) => s.set(items),
    remove: (keys) => s.remove(keys),
  };
}

export const localArea = area('local');
export const sessionArea = area('session');

const REGISTRY_KEY = 'registry';
const FP_KEY = 'fingerprintKey';
const tokenKey = (fp: string): string => `tok:${fp}`;

let fpKey: Uint8Array | null = null;

export async function fingerprint(token: string): Promise<string> {
  if (!fpKey) {
    const got = await localArea.get([FP_KEY]);
    const stored = got[FP_KEY];
    if (typeof stored === 'string' && /^[0-9a-f]{64}$/.test(stored)) {
      fpKey = Uint8Array.from(stored.match(/../g) ?? [], (h) => parseInt(h, 16));
    } else {
      fpKey = newFingerprintKey();
      await localArea.set({ [FP_KEY]: Array.from(fpKey, (b) => b.toString(16).padStart(2, '0')).join('') });
    }
  }
  return tokenFingerprint(token, fpKey);
}

export async function loadRegistry(): Promise<{ registry: Registry; repaired: boolean }> {
  try {
    const got = await sessionArea.get([REGISTRY_KEY]);
    return reviveRegistry(got[REGISTRY_KEY]);
  } catch {
    return { registry: emptyRegistry(), repaired: true };
  }
}

export async function saveRegistry(reg: Registry): Promise<void> {
  await sessionArea.set({ [REGISTRY_KEY]: reg });
}

export async function keepToken(fp: string, token: string): Promise<void> {
  await sessionArea.set({ [tokenKey(fp)]: token });
}

export async function takeToken(fp: string): Promise<string | null> {
  const got = await sessionArea.get([tokenKey(fp)]);
  const t = got[tokenKey(fp)];
  await sessionArea.remove([tokenKey(fp)]);
  return typeof t === 'string' ? t : null;
}

export async function peekToken(fp: string): Promise<string | null> {
  const got = await sessionArea.get([tokenKey(fp)]);
  const t = got[tokenKey(fp)];
  return typeof t === 'string' ? t : null;
}
