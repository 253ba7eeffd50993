// Validation of audit inputs (from other extension parts) and of stored audit
// records. Pure. The audit trail must never carry a token or a password, so an
// input that looks like one is rejected outright rather than redacted: the
// producer has a bug, and a redacted copy would hide it.
import { AUDIT_EVENT_TYPES, AUDIT_VERSION, type AuditInput, type AuditRecord, type StorageArea } from './types.ts';
import { isFingerprint } from './fingerprint.ts';
import { isNonNegativeInt, isPlainObject } from '../json.ts';
import { normaliseOrigin } from '../settings/origin.ts';

/** Free-text fields are capped to this many characters. */
export const MAX_FIELD = 200;
const MAX_ORIGIN = 300;
const TEXT_FIELDS = ['reason', 'key', 'account', 'result', 'detail'] as const;
const INPUT_KEYS = new Set<string>(['type', 'origin', 'storage', 'fp', ...TEXT_FIELDS]);
const RECORD_KEYS = new Set<string>([...INPUT_KEYS, 'v', 'id', 'seq', 'ts']);
const TYPES = new Set<string>(AUDIT_EVENT_TYPES);
const STORAGES: readonly StorageArea[] = ['localStorage', 'sessionStorage', 'cookie'];
const ID_RE = /^[0-9a-f]{16}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

// Token shapes. JS7: 24 random bytes as URL-safe Base64 reshaped 8-4-4-rest;
// 1.x (Shiro): a UUID. Also JWTs, CryptoJS ciphertext ("Salted__", what JOC's
// Remember Me stores), auth header values and "password=..." assignments.
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const JWT_RE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const CRYPTOJS_RE = /U2FsdGVkX1/;
const AUTH_RE = /\b(?:bearer|basic|negotiate|digest)\s+[A-Za-z0-9._~+/=-]{8,}/i;
const ASSIGN_RE = /(?:passw(?:or)?d|pwd|passwd|secret|access[_-]?token|api[_-]?key|authorization)\s*[:=]/i;
const PRIVATE_KEY_RE = /PRIVATE KEY/;
/** Stands in for a text field that looked like a token, password or key. */
export const REDACTED = '[redacted]';
const RUN_RE = /[A-Za-z0-9_-]{24,}/g;

/** True when `s` contains something shaped like a token, password or key. */
export function looksLikeSecret(s: string): boolean {
  if (UUID_RE.test(s) || JWT_RE.test(s) || CRYPTOJS_RE.test(s) || AUTH_RE.test(s) || ASSIGN_RE.test(s) || PRIVATE_KEY_RE.test(s)) {
    return true;
  }
  // A long run mixing upper case, lower case and digits/dashes is random data
  // (base64url); host names and key names are lower case or short.
  for (const m of s.matchAll(RUN_RE)) {
    const run = m[0];
    if (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9_-]/.test(run)) return true;
  }
  return false;
}

/** Control characters would break CSV rows and log lines. */
function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return flat.length > MAX_FIELD ? `${flat.slice(0, MAX_FIELD - 1)}…` : flat;
}

export type InputCheck = { ok: true; value: AuditInput } | { ok: false; reason: string };

/** Like sanitizeAuditInput, with the reason for a rejection (field names only, never values). */
export function checkAuditInput(input: unknown): InputCheck {
  try {
    return check(input);
  } catch {
    return { ok: false, reason: 'unreadable input' }; // e.g. a throwing getter or proxy
  }
}

function check(input: unknown): InputCheck {
  if (!isPlainObject(input)) return { ok: false, reason: 'not an object' };
  for (const key of Object.keys(input)) if (!INPUT_KEYS.has(key)) return { ok: false, reason: 'unknown field' };
  const { type, origin, storage, fp } = input;
  if (typeof type !== 'string' || !TYPES.has(type)) return { ok: false, reason: 'type' };
  const o = typeof origin === 'string' ? (origin === '' ? '' : normaliseOrigin(origin)) : null;
  if (o === null || (typeof o !== 'string' && (!o.ok || o.origin.length > MAX_ORIGIN))) return { ok: false, reason: 'origin' };
  const out: Record<string, unknown> = { type, origin: typeof o === 'string' ? o : o.origin };
  if (storage !== undefined) {
    if (!STORAGES.some((s) => s === storage)) return { ok: false, reason: 'storage' };
    out.storage = storage;
  }
  if (fp !== undefined) {
    if (!isFingerprint(fp)) return { ok: false, reason: 'fp' };
    out.fp = fp;
  }
  for (const f of TEXT_FIELDS) {
    const value = input[f];
    if (value === undefined) continue;
    if (typeof value !== 'string') return { ok: false, reason: f };
    // A value that looks like a secret is replaced, not the event dropped:
    // losing a session-end record would hide what happened.
    out[f] = looksLikeSecret(value) ? REDACTED : cleanText(value);
  }
  return { ok: true, value: toInput(out) };
}

export function sanitizeAuditInput(input: unknown): AuditInput | null {
  const r = checkAuditInput(input);
  return r.ok ? r.value : null;
}

/** Rebuilds an AuditInput in the canonical field order from already checked fields. */
function toInput(o: Record<string, unknown>): AuditInput {
  const type = AUDIT_EVENT_TYPES.find((t) => t === o.type) ?? 'storage.recovered';
  const out: AuditInput = { type, origin: typeof o.origin === 'string' ? o.origin : '' };
  const storage = STORAGES.find((s) => s === o.storage);
  if (typeof o.reason === 'string') out.reason = o.reason;
  if (storage !== undefined) out.storage = storage;
  if (typeof o.key === 'string') out.key = o.key;
  if (typeof o.fp === 'string') out.fp = o.fp;
  if (typeof o.account === 'string') out.account = o.account;
  if (typeof o.result === 'string') out.result = o.result;
  if (typeof o.detail === 'string') out.detail = o.detail;
  return out;
}

/**
 * Structural check of a stored record (cheap: no token heuristics, since
 * records were sanitised on the way in). Returns a canonical copy or null.
 */
export function parseAuditRecord(x: unknown): AuditRecord | null {
  try {
    if (!isPlainObject(x) || x.v !== AUDIT_VERSION) return null;
    for (const key of Object.keys(x)) if (!RECORD_KEYS.has(key)) return null;
    if (typeof x.id !== 'string' || !ID_RE.test(x.id) || !isNonNegativeInt(x.seq)) return null;
    if (typeof x.ts !== 'string' || !ISO_RE.test(x.ts) || typeof x.type !== 'string' || !TYPES.has(x.type)) return null;
    if (typeof x.origin !== 'string' || x.origin.length > MAX_ORIGIN || !/^(?:$|https?:\/\/)/.test(x.origin)) return null;
    if (x.storage !== undefined && !STORAGES.some((s) => s === x.storage)) return null;
    if (x.fp !== undefined && !isFingerprint(x.fp)) return null;
    for (const f of TEXT_FIELDS) {
      const value = x[f];
      if (value !== undefined && (typeof value !== 'string' || value.length > MAX_FIELD)) return null;
    }
    return { v: AUDIT_VERSION, id: x.id, seq: x.seq, ts: x.ts, ...toInput(x) };
  } catch {
    return null;
  }
}
