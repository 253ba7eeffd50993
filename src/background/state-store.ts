// Persistence adapters. What goes where, and why:
// - storage.local: settings (user, without the forwarding authHeader), audit
//   log, server-cert pins, Remember Me login times. Never a token or a secret.
// - the extension's IndexedDB (extension-db.ts): the secrets (secrets.ts) and
//   the tokens of live sessions
//   ("held", see src/shared/session/held-tokens.ts) until their end is complete, so that
//   neither a background killed mid-way nor a browser crash leaves a token
//   valid on the server that JOC Guard can no longer log out. On disk, like the
//   browser's own session-restore copy of the same token; not readable by
//   content scripts.
// - storage.session (memory only, never on disk, not readable by content
//   scripts in Chromium): the session registry. Lost on browser/extension
//   restart by design; held tokens whose session it no longer knows are
//   logged out at the next start (sessions.ts resumeHeld).
import { ext } from '../platform/browser.ts';
import type { KeyValueArea } from '../shared/audit/store.ts';
import type { SessionEndReason } from '../shared/audit/types.ts';
import { tokenFingerprint } from '../shared/audit/fingerprint.ts';
import { reviveHeld, type Held, type HeldMap } from '../shared/session/held-tokens.ts';
import type { Pending } from '../shared/session/logout-retry.ts';
import type { Generation } from '../shared/joc/cockpit.ts';
import { emptyRegistry, type Registry } from '../shared/session/registry.ts';
import { reviveRegistry } from '../shared/session/registry-revive.ts';
import { dbGet, dbPut } from './extension-db.ts';
import { fingerprintKey } from './secrets.ts';
import { SerialQueue } from '../shared/serial-queue.ts';

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
const HELD_KEY = 'heldTokens';

let fpKey: Uint8Array | null = null;

export async function fingerprint(token: string): Promise<string> {
  fpKey ??= await fingerprintKey(); // the extension's IndexedDB (secrets.ts), not storage.local
  return tokenFingerprint(token, fpKey);
}

/** `fresh`: nothing stored in this browser run yet (new run, or extension reloaded/updated). */
export async function loadRegistry(): Promise<{ registry: Registry; repaired: boolean; fresh: boolean }> {
  try {
    const got = await sessionArea.get([REGISTRY_KEY]);
    return { ...reviveRegistry(got[REGISTRY_KEY]), fresh: got[REGISTRY_KEY] === undefined };
  } catch {
    return { registry: emptyRegistry(), repaired: true, fresh: false };
  }
}

export async function saveRegistry(reg: Registry): Promise<void> {
  await sessionArea.set({ [REGISTRY_KEY]: reg });
}

// ---- held tokens (IndexedDB) ----------------------------------------------------
// A storage failure here must not stop a session end: the held record is a
// safety net, so errors are logged and the caller goes on.
const heldQueue = new SerialQueue();
/** This worker's view of what is stored, to skip rewriting an unchanged entry on every sighting. */
let heldCache: HeldMap | null = null;

async function readHeld(): Promise<HeldMap> {
  heldCache ??= reviveHeld(await dbGet(HELD_KEY));
  return heldCache;
}

async function writeHeld(next: HeldMap): Promise<void> {
  heldCache = null; // re-read after a failed write
  await dbPut(HELD_KEY, next);
  heldCache = next;
}

function reportHeld(err: unknown): void {
  console.error('JOC Guard: held token store:', err instanceof Error ? err.message : 'unknown');
}

export function heldTokens(): Promise<HeldMap> {
  return heldQueue.run(async () => ({ ...(await readHeld()) })).catch((err: unknown) => {
    reportHeld(err);
    return {};
  });
}

export function keepToken(fp: string, token: string, origin: string, generation: Generation | null): Promise<void> {
  return heldQueue
    .run(async () => {
      const all = await readHeld();
      const prev = all[fp];
      if (prev && prev.token === token && prev.origin === origin && prev.version === __VERSION__ && (generation === null || prev.generation === generation)) return;
      const next: Held = { ...prev, token, origin, generation: generation ?? prev?.generation ?? null, version: __VERSION__, since: prev?.since ?? Date.now() };
      await writeHeld({ ...all, [fp]: next });
    })
    .catch(reportHeld);
}

/** Adds fields to a held token's record; a token no longer held stays gone. */
function patchHeld(fp: string, patch: Pick<Held, 'endedReason'> | Pick<Held, 'pending'>): Promise<void> {
  return heldQueue
    .run(async () => {
      const all = await readHeld();
      const prev = all[fp];
      if (prev) await writeHeld({ ...all, [fp]: { ...prev, ...patch } });
    })
    .catch(reportHeld);
}

/** The session's end has begun: a browser gone before it is complete is finished under this reason. */
export function markEnded(fp: string, reason: SessionEndReason): Promise<void> {
  return patchHeld(fp, { endedReason: reason });
}

/** The session ended and its server logout waits for another attempt. */
export function setPending(fp: string, pending: Pending): Promise<void> {
  return patchHeld(fp, { pending });
}

/** The session's end is complete (cleared, logged out, audited): forget its token. */
export function releaseToken(fp: string): Promise<void> {
  return heldQueue
    .run(async () => {
      const all = await readHeld();
      if (!(fp in all)) return;
      const { [fp]: _gone, ...rest } = all;
      await writeHeld(rest);
    })
    .catch(reportHeld);
}
