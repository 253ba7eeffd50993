import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FailureCode, classifyFailure } from '../../../src/shared/cert/failures.ts';

const URL_ = 'https://joc.example:8443/joc/';
const gen = (token: string): string => `NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, ${token})`;

const CHROMIUM: Array<[string, FailureCode]> = [
  ['net::ERR_SOCKET_NOT_CONNECTED', 'client-cert-required'],
  ['net::ERR_SSL_CLIENT_AUTH_CERT_NEEDED', 'client-cert-required'],
  ['net::ERR_BAD_SSL_CLIENT_AUTH_CERT', 'client-cert-rejected'],
  ['net::ERR_SSL_CLIENT_AUTH_SIGNATURE_FAILED', 'client-cert-rejected'],
  ['net::ERR_SSL_CLIENT_AUTH_CERT_NO_PRIVATE_KEY', 'client-cert-rejected'],
  ['net::ERR_CERT_AUTHORITY_INVALID', 'server-cert-untrusted'],
  ['net::ERR_CERT_COMMON_NAME_INVALID', 'server-cert-untrusted'],
  ['net::ERR_CERT_DATE_INVALID', 'server-cert-expired'],
  ['net::ERR_SSL_PROTOCOL_ERROR', 'connection-failed'],
  ['net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'connection-failed'],
  ['net::ERR_CONNECTION_REFUSED', 'connection-failed'],
  ['net::ERR_CONNECTION_RESET', 'connection-failed'],
  ['net::ERR_CONNECTION_CLOSED', 'connection-failed'],
  ['net::ERR_CONNECTION_TIMED_OUT', 'connection-failed'],
  ['net::ERR_NAME_NOT_RESOLVED', 'connection-failed'],
  ['net::ERR_INTERNET_DISCONNECTED', 'connection-failed'],
  ['net::ERR_SOME_FUTURE_ERROR', 'connection-failed'],
  ['net::ERR_CERT_SOME_FUTURE_PROBLEM', 'server-cert-untrusted'],
];

const FIREFOX: Array<[string, FailureCode]> = [
  [gen('SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT'), 'client-cert-required'],
  [gen('SSL_ERROR_HANDSHAKE_FAILURE_ALERT'), 'client-cert-required'],
  ['SSL_ERROR_HANDSHAKE_FAILURE_ALERT', 'client-cert-required'],
  ['SSL peer was unable to negotiate an acceptable set of security parameters.', 'client-cert-required'],
  [gen('SSL_ERROR_BAD_CERT_ALERT'), 'client-cert-rejected'],
  ['SSL peer cannot verify your certificate.', 'client-cert-rejected'],
  [gen('SSL_ERROR_CERTIFICATE_UNKNOWN_ALERT'), 'client-cert-rejected'],
  [gen('SSL_ERROR_REVOKED_CERT_ALERT'), 'client-cert-rejected'],
  [gen('SSL_ERROR_EXPIRED_CERT_ALERT'), 'client-cert-expired'],
  ['SSL peer rejected your certificate as expired.', 'client-cert-expired'],
  [gen('SSL_ERROR_UNKNOWN_CA_ALERT'), 'unknown-ca'],
  ['Peer does not recognize and trust the CA that issued your certificate.', 'unknown-ca'],
  [gen('SEC_ERROR_UNKNOWN_ISSUER'), 'server-cert-untrusted'],
  ['SEC_ERROR_UNKNOWN_ISSUER', 'server-cert-untrusted'],
  [gen('MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT'), 'server-cert-untrusted'],
  [gen('SSL_ERROR_BAD_CERT_DOMAIN'), 'server-cert-untrusted'],
  [gen('SEC_ERROR_EXPIRED_CERTIFICATE'), 'server-cert-expired'],
  ['SEC_ERROR_EXPIRED_CERTIFICATE', 'server-cert-expired'],
  [gen('MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE'), 'server-cert-expired'],
  ['NS_ERROR_CONNECTION_REFUSED', 'connection-failed'],
  ['NS_ERROR_NET_RESET', 'connection-failed'],
  ['NS_ERROR_NET_TIMEOUT', 'connection-failed'],
  ['NS_ERROR_UNKNOWN_HOST', 'connection-failed'],
  ['NS_ERROR_NET_INTERRUPT', 'connection-failed'],
  ['NS_ERROR_OFFLINE', 'connection-failed'],
  [gen('SSL_ERROR_NO_CYPHER_OVERLAP'), 'connection-failed'],
];

describe('classifyFailure: error strings', () => {
  it.each(CHROMIUM)('chromium %s → %s', (error, code) => {
    expect(classifyFailure({ browser: 'chromium', error, url: URL_ })?.code).toBe(code);
  });

  it.each(FIREFOX)('firefox %s → %s', (error, code) => {
    expect(classifyFailure({ browser: 'firefox', error, url: URL_ })?.code).toBe(code);
  });

  it.each(['net::ERR_ABORTED', 'net::ERR_BLOCKED_BY_CLIENT', 'net::ERR_CACHE_MISS', 'NS_BINDING_ABORTED', 'NS_ERROR_ABORT', 'NS_BINDING_REDIRECTED', 'something happened', ''])('not a failure: %j', (error) => {
    expect(classifyFailure({ browser: 'firefox', error, url: URL_ })).toBeNull();
  });

  it('free text that looks like a network/TLS problem → connection-failed', () => {
    expect(classifyFailure({ browser: 'firefox', error: 'TLS handshake timed out', url: URL_ })).toEqual({ code: 'connection-failed', level: 'error' });
  });

  it('levels', () => {
    expect(classifyFailure({ browser: 'chromium', error: 'net::ERR_BAD_SSL_CLIENT_AUTH_CERT', url: URL_ })?.level).toBe('error');
  });
});

describe('classifyFailure: HTTP status', () => {
  const base = { browser: 'chromium' as const };

  it('401 on the login endpoints (JS7 and 1.x) → cn-mismatch-or-bad-credentials', () => {
    for (const p of ['/joc/api/authentication/login', '/joc/api/security/login']) {
      expect(classifyFailure({ ...base, statusCode: 401, url: `https://joc:8443${p}` })).toEqual({ code: 'cn-mismatch-or-bad-credentials', level: 'error' });
      expect(classifyFailure({ ...base, statusCode: 401, url: URL_, requestPath: p })?.code).toBe('cn-mismatch-or-bad-credentials');
      expect(classifyFailure({ ...base, statusCode: 401, url: `https://joc:8443${p}/?x=1#y` })?.code).toBe('cn-mismatch-or-bad-credentials');
    }
  });

  it('401 / 440 elsewhere under /joc/api/ → session-expired (warning)', () => {
    expect(classifyFailure({ ...base, statusCode: 440, url: 'https://joc/joc/api/orders' })).toEqual({ code: 'session-expired', level: 'warning' });
    expect(classifyFailure({ ...base, statusCode: 401, url: 'https://joc/joc/api/jobscheduler/ids' })?.code).toBe('session-expired');
    expect(classifyFailure({ ...base, statusCode: 440, url: 'https://joc/joc/api/authentication/login' })?.code).toBe('session-expired');
  });

  it('anything else is not a failure', () => {
    expect(classifyFailure({ ...base, statusCode: 401, url: 'https://joc/other/api/login' })).toBeNull();
    expect(classifyFailure({ ...base, statusCode: 403, url: 'https://joc/joc/api/orders' })).toBeNull();
    expect(classifyFailure({ ...base, statusCode: 200, url: 'https://joc/joc/api/authentication/login' })).toBeNull();
    expect(classifyFailure({ ...base, url: URL_ })).toBeNull();
  });

  it('the error string wins over the status code', () => {
    expect(classifyFailure({ ...base, error: 'net::ERR_CONNECTION_RESET', statusCode: 401, url: 'https://joc/joc/api/authentication/login' })?.code).toBe('connection-failed');
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), fc.option(fc.integer(), { nil: undefined }), fc.string(), (error, statusCode, url) => {
        const r = classifyFailure({ browser: 'firefox', error, statusCode, url });
        expect(r === null || typeof r.code === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
