// The audit record format (version 1). Records never carry a token, password
// or private key: a token is represented by `fp`, a keyed hash truncated to
// 12 hex characters (see src/shared/fingerprint.ts).

export const AUDIT_VERSION = 1;

export const AUDIT_EVENT_TYPES = [
  'token.found', // a session key holding a token was seen (key, storage)
  'token.cleared', // session keys removed (reason, storage)
  'token.invalidated', // server-side logout made by JOC Guard (result in `result`; expired-unreachable: gave up after the idle timeout)
  'token.invalidation-pending', // the server logout did not get through; retried until it does (once per token)
  'session.start', // login observed (account, identity service, timeout)
  'session.end', // session ended (reason)
  'rememberme.enforced', // checkbox disabled / remembered credentials removed
  'rememberme.bypass', // an attempt around the policy was detected and undone
  'rememberme.expired', // remembered credentials removed after the configured time
  'cert.warning', // a certificate problem (client or server)
  'cert.pin-changed', // the server certificate differs from the pinned one
  'tls.failure', // a handshake / HTTP failure on a JOC origin
  'policy.changed', // settings saved (user) or managed policy applied
  'policy.invalid', // a broken policy was rejected; safest settings in force
  'policy.weakened', // under a managed policy, the user weakened an unlocked security field or revoked host access
  'storage.recovered', // corrupt stored state was repaired
  'forward.failed', // audit forwarding failed (after retries)
  'extension.started', // background (re)started
  'page.rate-limited', // a page caused more token or Remember Me events than the limit; the rest was not recorded
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const SESSION_END_REASONS = [
  'logout', // user logout seen (API call or GUI back on its login route)
  'server-expired', // 401 / 440 / 420 unknown session from the server
  'idle-timeout', // the idle time announced at login passed without activity
  'tab-closed', // the last tab holding the token was closed
  'stale-at-start', // token found at document_start with no live session behind it
  'user-ended', // "End session now" in the popup
  'policy', // removed because the policy forbids it (e.g. token in localStorage)
  'screen-locked', // the system reported the screen locked (session.endOnLock)
  'system-idle', // no input to the system for session.systemIdleMinutes
  'session-cap', // session.maxHours after the login passed, however active the session was
  'user-ended-all', // "End all" in the popup or the keyboard shortcut
] as const;

export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export type StorageArea = 'localStorage' | 'sessionStorage' | 'cookie';

/** What a producer hands to the audit store; the store adds v, id, seq and ts. */
export interface AuditInput {
  type: AuditEventType;
  /** JOC origin, e.g. https://joc.example.com:4443; '' for extension-wide events. */
  origin: string;
  /** A SessionEndReason for session.end / token.cleared; free text (≤ 200 chars) for other events. */
  reason?: string;
  storage?: StorageArea;
  key?: string;
  /** Short keyed fingerprint of a token, never the token. */
  fp?: string;
  /** Account name (not secret; the certificate CN is public too). */
  account?: string;
  /** Result of an action, e.g. 'ok', 'http-401', 'network-error'. */
  result?: string;
  /** Short human-readable detail; never contains secrets. */
  detail?: string;
}

export interface AuditRecord extends AuditInput {
  v: typeof AUDIT_VERSION;
  /** Unique id (random, 16 hex) so a collector can drop duplicates. */
  id: string;
  /** Monotonic sequence number within this installation. */
  seq: number;
  /** ISO 8601 time. */
  ts: string;
}
