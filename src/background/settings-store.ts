// Effective settings = validated user settings (storage.local; the forwarding
// authHeader from the extension's IndexedDB, see secrets.ts) overlaid with the
// administrator's managed policy (storage.managed), cached in memory and
// refreshed when either changes.
import { ext } from '../platform/browser.ts';
import { effectiveSettings, type Effective } from '../shared/settings/effective.ts';
import { policyAuditOnce } from '../shared/settings/policy-audit.ts';
import { mergeAuthHeader, splitAuthHeader } from '../shared/settings/secret-fields.ts';
import { forwardAuth, setForwardAuth } from './secrets.ts';
import { localArea, sessionArea } from './state-store.ts';

export const SETTINGS_KEY = 'settings';

let cached: Promise<Effective> | null = null;

/** How long start-up waits for the managed policy before going on without it. */
export const MANAGED_WAIT_MS = 800;
let managedLate: ((value: unknown) => void) | null = null;

/** Called when a managed policy arrives after the wait (index.ts re-applies settings). */
export function onLateManagedPolicy(fn: (value: unknown) => void): void {
  managedLate = fn;
}

async function readManagedNow(): Promise<unknown> {
  try {
    const all = await ext.storage.managed.get();
    return Object.keys(all).length > 0 ? all : undefined;
  } catch {
    return undefined; // no policy installed (Firefox rejects when there is no manifest)
  }
}

let managedCache: { value: unknown } | null = null;

/**
 * Chromium answers storage.managed about 4 s after a cold start (measured in
 * headless Chromium 156). Registering the content scripts must not wait that
 * long, so start-up goes on with the user settings (default policy: forbid)
 * and applies the policy when it arrives.
 */
async function readManaged(): Promise<unknown> {
  if (managedCache) return managedCache.value;
  const pending = readManagedNow().then((value) => {
    const first = managedCache === null;
    managedCache = { value };
    if (!first && value !== undefined) managedLate?.(value);
    return value;
  });
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), MANAGED_WAIT_MS));
  const got = await Promise.race([pending, timeout]);
  if (got === 'timeout') {
    managedCache ??= { value: undefined };
    return undefined;
  }
  return got;
}

async function load(): Promise<Effective> {
  let user: unknown;
  try {
    user = (await localArea.get([SETTINGS_KEY]))[SETTINGS_KEY];
  } catch {
    user = undefined;
  }
  return effectiveSettings((await withSecret(user)) ?? {}, await readManaged());
}

/**
 * The user settings with the authHeader put back from IndexedDB. One found in
 * storage.local (written by an earlier version) is moved to IndexedDB first and
 * emptied there. A failing IndexedDB costs the header, never the settings.
 */
async function withSecret(user: unknown): Promise<unknown> {
  const { stored, authHeader } = splitAuthHeader(user);
  try {
    if (authHeader !== undefined && authHeader !== '') {
      await setForwardAuth(authHeader);
      await localArea.set({ [SETTINGS_KEY]: stored });
      return mergeAuthHeader(stored, authHeader);
    }
    return mergeAuthHeader(user, await forwardAuth());
  } catch (err) {
    console.error('JOC Guard: secret store:', err instanceof Error ? err.message : 'unknown');
    return stored;
  }
}

export function getEffective(): Promise<Effective> {
  cached ??= load().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function invalidateSettings(opts: { managedChanged?: boolean } = {}): void {
  cached = null;
  if (opts.managedChanged) managedCache = null;
}

/** Stores user settings: the authHeader in IndexedDB (first), the rest in storage.local. */
export async function writeUserSettings(value: unknown): Promise<void> {
  const { stored, authHeader } = splitAuthHeader(value);
  if (authHeader !== undefined) await setForwardAuth(authHeader);
  await localArea.set({ [SETTINGS_KEY]: stored });
  invalidateSettings();
}

/** Records these settings errors once per browser session (shared/settings/policy-audit.ts). */
export const auditPolicyErrorsOnce = policyAuditOnce(sessionArea);
