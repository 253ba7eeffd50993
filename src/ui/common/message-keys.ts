// Codes that the background and the certificate module hand to the UI, and
// the message keys they map to. Pure (no browser APIs) so the locale test can
// check that every key derived here exists in every messages.json.
import { AUDIT_EVENT_TYPES, SESSION_END_REASONS } from '../../shared/audit/types.ts';
import type { FailureCode } from '../../shared/cert/failures.ts';
import type { CertErrorCode, ChainFailure, Finding } from '../../shared/cert/types.ts';

/** Message names may only contain [A-Za-z0-9_@]: 'cert.expires-soon' → 'finding_cert_expires_soon'. */
export function msgKey(prefix: string, code: string): string {
  return `${prefix}_${code.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Positional order of each finding's named params ($1, $2 … in the message). */
export const FINDING_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'cert.expired': ['date'],
  'cert.not-yet-valid': ['date'],
  'cert.no-cn': [],
  'cert.rsa-weak': ['bits', 'min'],
  'cert.chain-untrusted': ['reason'],
  'cert.expires-soon': ['days', 'date'],
  'cert.no-client-auth-eku': [],
  'cert.is-ca': [],
  'cert.key-algorithm': ['alg'],
  'cert.self-signed': [],
  'cert.chain-ok': [],
  'cert.chain-unchecked': [],
  'server.plain-http': [],
  'server.insecure-state': ['state', 'error'],
  'server.weak': ['reasons'],
  'server.weak-protocol': ['protocol'],
  'server.untrusted': [],
  'server.domain-mismatch': [],
  'server.expired': ['date'],
  'server.not-yet-valid': ['date'],
  'server.expires-soon': ['days', 'date'],
  'server.pin-changed': ['old', 'new'],
  'server.private-ca': ['root'],
  'server.info-invalid': [],
};

export const CHAIN_REASONS: readonly ChainFailure[] = ['no-ca-configured', 'issuer-not-found', 'signature-invalid', 'ca-expired', 'path-too-long'];

export const FAILURE_CODES: readonly FailureCode[] = [
  'client-cert-required',
  'client-cert-rejected',
  'client-cert-expired',
  'unknown-ca',
  'server-cert-untrusted',
  'server-cert-expired',
  'cn-mismatch-or-bad-credentials',
  'session-expired',
  'connection-failed',
];

export const CERT_ERROR_CODES: readonly CertErrorCode[] = [
  'empty',
  'too-large',
  'not-a-certificate',
  'truncated',
  'pem-invalid',
  'p12-password-required',
  'p12-wrong-password',
  'p12-no-certificate',
  'p12-unsupported',
  'p12-too-costly',
  'read-timeout',
  'private-key-only',
];

/** compareAccountToCN kinds that are not a match. */
export const MISMATCH_KINDS = ['case', 'whitespace', 'different', 'no-cn'] as const;

export interface KeyedText {
  key: string;
  subs: string[];
}

const FP_PARAMS = new Set(['old', 'new']);

/** A finding as a message key with its substitutions; unknown codes get a generic text. */
export function findingText(f: Finding, translateReason: (reason: string) => string = (r) => r): KeyedText {
  const order = FINDING_PARAMS[f.code];
  if (order === undefined) return { key: 'finding_unknown', subs: [f.code] };
  const subs = order.map((name) => {
    const raw = f.params?.[name];
    const text = raw === undefined ? '' : String(raw);
    if (name === 'reason') return translateReason(text);
    return FP_PARAMS.has(name) ? shortFingerprint(text) : text;
  });
  return { key: msgKey('finding', f.code), subs };
}

export function chainReasonKey(reason: string): string | null {
  return (CHAIN_REASONS as readonly string[]).includes(reason) ? msgKey('chainReason', reason) : null;
}

export function failureKeys(code: string): { cause: string; action: string; known: boolean } {
  const known = (FAILURE_CODES as readonly string[]).includes(code);
  const base = known ? msgKey('failure', code) : 'failure_unknown';
  return { cause: `${base}_cause`, action: `${base}_action`, known };
}

export function certErrorKey(code: string): string {
  return (CERT_ERROR_CODES as readonly string[]).includes(code) ? msgKey('certError', code) : 'certError_unknown';
}

export function auditTypeKey(type: string): string | null {
  return (AUDIT_EVENT_TYPES as readonly string[]).includes(type) ? msgKey('auditType', type) : null;
}

export function endReasonKey(reason: string): string | null {
  return (SESSION_END_REASONS as readonly string[]).includes(reason) ? msgKey('endReason', reason) : null;
}

export function mismatchKey(kind: string): string {
  const k = (MISMATCH_KINDS as readonly string[]).includes(kind) ? kind : 'different';
  return msgKey('hintAccount', k);
}

/** "AB:CD:EF:01…89:AB:CD:EF" for a colon-separated fingerprint; short values unchanged. */
export function shortFingerprint(fp: string): string {
  const parts = fp.split(':');
  if (parts.length <= 8) return fp;
  return `${parts.slice(0, 4).join(':')}…${parts.slice(-4).join(':')}`;
}

/** Every message key this module can produce, for the locale test. */
export function allDerivedKeys(): string[] {
  const keys = ['finding_unknown', 'failure_unknown_cause', 'failure_unknown_action', 'certError_unknown'];
  for (const code of Object.keys(FINDING_PARAMS)) keys.push(msgKey('finding', code));
  for (const r of CHAIN_REASONS) keys.push(msgKey('chainReason', r));
  for (const c of FAILURE_CODES) keys.push(`${msgKey('failure', c)}_cause`, `${msgKey('failure', c)}_action`);
  for (const c of CERT_ERROR_CODES) keys.push(msgKey('certError', c));
  for (const t of AUDIT_EVENT_TYPES) keys.push(msgKey('auditType', t));
  for (const r of SESSION_END_REASONS) keys.push(msgKey('endReason', r));
  for (const k of MISMATCH_KINDS) keys.push(msgKey('hintAccount', k));
  for (const d of [-3, -2, -1, 0, 1, 2]) keys.push(daysKey(d).key);
  return keys;
}

/** Number of $n substitutions each derived key receives (for the placeholder test). */
export function derivedSubCounts(): Record<string, number> {
  const out: Record<string, number> = { finding_unknown: 1, failure_unknown_cause: 1 };
  for (const [code, params] of Object.entries(FINDING_PARAMS)) out[msgKey('finding', code)] = params.length;
  for (const k of MISMATCH_KINDS) out[msgKey('hintAccount', k)] = 1;
  for (const d of [-3, -2, -1, 0, 1, 2]) out[daysKey(d).key] = daysKey(d).subs.length;
  return out;
}

/**
 * "12 days left", "expires today", "expired 3 days ago". `days` is whole days
 * left, rounded down (cert/level-math.ts daysUntil), so -1 means expired less than
 * a day ago: the elapsed whole days are -days - 1.
 */
export function daysKey(days: number): KeyedText {
  if (days < 0) {
    const ago = -days - 1;
    if (ago === 0) return { key: 'daysExpiredToday', subs: [] };
    if (ago === 1) return { key: 'daysExpiredOne', subs: [] };
    return { key: 'daysExpired', subs: [String(ago)] };
  }
  if (days === 0) return { key: 'daysLeftToday', subs: [] };
  if (days === 1) return { key: 'daysLeftOne', subs: [] };
  return { key: 'daysLeft', subs: [String(days)] };
}
