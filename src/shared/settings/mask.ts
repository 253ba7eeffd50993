// The forwarding credential never goes back to a page once stored: pages see a
// placeholder, and a form that posts the placeholder back does not change it. Pure.
import { isPlainObject } from '../json.ts';
import type { Settings } from './schema.ts';

export const MASK = '••••••••';

export function maskSecrets(s: Settings): Settings {
  const f = s.audit.forward;
  return f.authHeader === '' ? s : { ...s, audit: { ...s.audit, forward: { ...f, authHeader: MASK } } };
}

/** The edit without an authHeader that is only the placeholder (a copy; the input is not changed). */
export function withoutMaskedSecrets(edit: Record<string, unknown>): Record<string, unknown> {
  const audit = edit['audit'];
  const forward = isPlainObject(audit) ? audit['forward'] : undefined;
  if (!isPlainObject(audit) || !isPlainObject(forward) || forward['authHeader'] !== MASK) return edit;
  const { authHeader: _placeholder, ...rest } = forward;
  return { ...edit, audit: { ...audit, forward: rest } };
}
