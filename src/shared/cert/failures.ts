// Maps a failed request (webRequest.onErrorOccurred error string, or an HTTP status from JOC's REST API)
// to a client-certificate / TLS diagnosis. Strings verified in both browsers are listed in
// shared/reference/browser-testing.md §4; the rest follow Chromium's net_error_list.h and NSS.
import type { Level } from './types.ts';

export type FailureCode =
  | 'client-cert-required'
  | 'client-cert-rejected'
  | 'client-cert-expired'
  | 'unknown-ca'
  | 'server-cert-untrusted'
  | 'server-cert-expired'
  | 'cn-mismatch-or-bad-credentials'
  | 'session-expired'
  | 'connection-failed';

export interface FailureInput {
  browser: 'firefox' | 'chromium';
  error?: string;
  statusCode?: number;
  url: string;
  requestPath?: string;
}

export interface Failure {
  code: FailureCode;
  level: Level;
}

/** Exact error tokens (Chromium net::ERR_* without the prefix, NSS/Necko names). */
const TOKENS: Record<string, FailureCode> = {
  // Chromium: client certificate. ERR_SOCKET_NOT_CONNECTED is what a TLS 1.3 server that demands a
  // certificate produces when none was sent (the alert arrives after the handshake "completed").
  ERR_SOCKET_NOT_CONNECTED: 'client-cert-required',
  ERR_SSL_CLIENT_AUTH_CERT_NEEDED: 'client-cert-required',
  ERR_BAD_SSL_CLIENT_AUTH_CERT: 'client-cert-rejected',
  ERR_SSL_CLIENT_AUTH_SIGNATURE_FAILED: 'client-cert-rejected',
  ERR_SSL_CLIENT_AUTH_CERT_NO_PRIVATE_KEY: 'client-cert-rejected',
  ERR_SSL_CLIENT_AUTH_PRIVATE_KEY_ACCESS_DENIED: 'client-cert-rejected',
  ERR_SSL_CLIENT_AUTH_CERT_BAD_FORMAT: 'client-cert-rejected',
  ERR_SSL_CLIENT_AUTH_NO_COMMON_ALGORITHMS: 'client-cert-rejected',
  ERR_SSL_DECRYPT_ERROR_ALERT: 'client-cert-rejected',
  // Chromium: server certificate
  ERR_CERT_DATE_INVALID: 'server-cert-expired',
  ERR_CERT_VALIDITY_TOO_LONG: 'server-cert-untrusted',
  // NSS alerts received from the server about our (client) certificate
  SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT: 'client-cert-required',
  SSL_ERROR_HANDSHAKE_FAILURE_ALERT: 'client-cert-required',
  SSL_ERROR_BAD_CERT_ALERT: 'client-cert-rejected',
  SSL_ERROR_CERTIFICATE_UNKNOWN_ALERT: 'client-cert-rejected',
  SSL_ERROR_UNSUPPORTED_CERT_ALERT: 'client-cert-rejected',
  SSL_ERROR_REVOKED_CERT_ALERT: 'client-cert-rejected',
  SSL_ERROR_ACCESS_DENIED_ALERT: 'client-cert-rejected',
  SSL_ERROR_DECRYPT_ERROR_ALERT: 'client-cert-rejected',
  SSL_ERROR_EXPIRED_CERT_ALERT: 'client-cert-expired',
  SSL_ERROR_UNKNOWN_CA_ALERT: 'unknown-ca',
  // NSS / mozilla::pkix: server certificate
  SEC_ERROR_EXPIRED_CERTIFICATE: 'server-cert-expired',
  SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE: 'server-cert-expired',
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE: 'server-cert-expired',
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE: 'server-cert-expired',
  SSL_ERROR_BAD_CERT_DOMAIN: 'server-cert-untrusted',
};

/** Human-readable NSS texts Firefox reports instead of the token for some failures. */
const MESSAGES: Array<[RegExp, FailureCode]> = [
  [/unable to negotiate an acceptable set of security parameters/i, 'client-cert-required'],
  [/reports? that a certificate is required|certificate required alert/i, 'client-cert-required'],
  [/rejected your certificate as expired/i, 'client-cert-expired'],
  [/does not recognize and trust the CA that issued your certificate/i, 'unknown-ca'],
  [/cannot verify your certificate|unspecified issue with the certificate it received|rejected your certificate as (revoked|invalid)|does not support certificates of the type/i, 'client-cert-rejected'],
  [/peer's certificate has expired|certificate (is not|isn't) valid (yet|at this time)/i, 'server-cert-expired'],
  [/issuer is not recognized|self-signed|not trusted|untrusted issuer/i, 'server-cert-untrusted'],
];

/** Not failures from the user's point of view (navigation cancelled, blocked by another extension …). */
const IGNORED = /^(ERR_ABORTED|ERR_BLOCKED_BY_\w+|ERR_CACHE_\w+|ERR_INVALID_URL|ERR_UNKNOWN_URL_SCHEME|ERR_FILE_NOT_FOUND|ERR_INVALID_REDIRECT|ERR_UNSAFE_REDIRECT|ERR_FAILED|NS_BINDING_ABORTED|NS_BINDING_REDIRECTED|NS_BINDING_RETARGETED|NS_ERROR_ABORT|NS_ERROR_PARSED_DATA_CACHED|NS_ERROR_DOCUMENT_NOT_CACHED|NS_IMAGELIB_\w+|NS_ERROR_CONTENT_BLOCKED\w*|NS_ERROR_TRACKING_URI)$/;

const LOGIN_PATHS = new Set(['/joc/api/authentication/login', '/joc/api/security/login']);

/** The most specific token in an error string ("net::ERR_X", "NS_ERROR_GENERATE_FAILURE(…, SSL_ERROR_Y)"). */
function tokenOf(error: string): string | null {
  const gen = /NS_ERROR_GENERATE_FAILURE\(\s*NS_ERROR_MODULE_[A-Z_]+\s*,\s*([A-Z0-9_]+)\s*\)/.exec(error);
  if (gen?.[1]) return gen[1];
  const m = /(?:net::)?\b((?:ERR|NS|SSL|SEC|MOZILLA_PKIX)_[A-Z0-9_]+)\b/.exec(error);
  return m?.[1] ?? null;
}

function classifyError(error: string): FailureCode | null {
  const token = tokenOf(error);
  if (token !== null) {
    if (IGNORED.test(token)) return null;
    const known = TOKENS[token];
    if (known) return known;
    if (/^ERR_CERT_|^ERR_SSL_SERVER_CERT|^SEC_ERROR_|^MOZILLA_PKIX_ERROR_/.test(token)) return 'server-cert-untrusted';
    if (/^SSL_ERROR_/.test(token) || /^(ERR_|NS_ERROR_(NET|CONNECTION|UNKNOWN_HOST|PROXY|OFFLINE|SOCKET|DNS|SSL|UNKNOWN_PROXY_HOST))/.test(token)) {
      return 'connection-failed';
    }
  }
  for (const [re, code] of MESSAGES) if (re.test(error)) return code;
  if (/\b(SSL|TLS|handshake|certificate|connection (was )?(refused|reset|closed|timed out)|network|timed out|unreachable)\b/i.test(error)) {
    return 'connection-failed';
  }
  return null;
}

function pathOf(input: FailureInput): string {
  const url = typeof input.url === 'string' ? input.url : '';
  const raw = typeof input.requestPath === 'string' ? input.requestPath : (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? '');
  return raw.split(/[?#]/)[0]?.replace(/\/+$/, '') ?? '';
}

function classifyStatus(status: number, path: string): FailureCode | null {
  if (!path.startsWith('/joc/api/')) return null;
  if (status === 401 && LOGIN_PATHS.has(path)) return 'cn-mismatch-or-bad-credentials';
  if (status === 401 || status === 440) return 'session-expired';
  return null;
}

const LEVELS: Record<FailureCode, Level> = {
  'client-cert-required': 'error',
  'client-cert-rejected': 'error',
  'client-cert-expired': 'error',
  'unknown-ca': 'error',
  'server-cert-untrusted': 'error',
  'server-cert-expired': 'error',
  'cn-mismatch-or-bad-credentials': 'error',
  'session-expired': 'warning',
  'connection-failed': 'error',
};

/** null = not a failure (or not one this module diagnoses). The error string wins over the status. */
export function classifyFailure(input: FailureInput): Failure | null {
  let code: FailureCode | null = null;
  if (typeof input.error === 'string' && input.error.trim() !== '') code = classifyError(input.error);
  else if (typeof input.statusCode === 'number') code = classifyStatus(input.statusCode, pathOf(input));
  return code === null ? null : { code, level: LEVELS[code] };
}
