// The forwarding authHeader is a secret: the background keeps it in the
// extension's IndexedDB, never in the settings object in storage.local (which
// content scripts can read). These pure helpers take it out of a settings
// object before it is stored and put it back after it is read.
import { isPlainObject } from '../json.ts';

function forwardOf(settings: unknown): Record<string, unknown> | null {
  if (!isPlainObject(settings) || !isPlainObject(settings.audit) || !isPlainObject(settings.audit.forward)) return null;
  return settings.audit.forward;
}

/**
 * `stored`: a copy with `audit.forward.authHeader` emptied (what goes to
 * storage.local); `authHeader`: the value taken out, undefined when the object
 * has none (nothing to change).
 */
export function splitAuthHeader(settings: unknown): { stored: unknown; authHeader: string | undefined } {
  const f = forwardOf(settings);
  if (f === null || typeof f.authHeader !== 'string') return { stored: settings, authHeader: undefined };
  const stored = structuredClone(settings);
  const sf = forwardOf(stored);
  if (sf !== null) sf.authHeader = '';
  return { stored, authHeader: f.authHeader };
}

/** The settings object as read from storage.local with the secret put back (when one is set). */
export function mergeAuthHeader(settings: unknown, authHeader: string): unknown {
  if (authHeader === '' || forwardOf(settings) === null) return settings;
  const out = structuredClone(settings);
  const f = forwardOf(out);
  if (f !== null) f.authHeader = authHeader;
  return out;
}
