import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateServerSecurity } from '../../../src/shared/cert/server.ts';
import { DAY } from './helpers.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const URL_ = 'https://localhost:8443/joc/api/authentication/login';
const opts = { now: NOW, warnDays: 30, url: URL_ };
const LEAF_FP = '3A:9F:1C:0B:22:5E:44:61:7D:88:90:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23';

/** Shape observed with Firefox getSecurityInfo(requestId, { certificateChain: true }) (browser-testing.md §5). */
function firefoxInfo(over: Record<string, unknown> = {}, leafOver: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    state: 'secure',
    protocolVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_256_GCM_SHA384',
    keaGroupName: 'x25519',
    signatureSchemeName: 'RSA-PSS-SHA256',
    secretKeyLength: 256,
    isExtendedValidation: false,
    certificateTransparencyStatus: 'not_applicable',
    hsts: false,
    hpkp: false,
    usedEch: false,
    usedDelegatedCredentials: false,
    usedOcsp: false,
    usedPrivateDns: false,
    certificates: [
      {
        subject: 'CN=localhost',
        issuer: 'CN=Probe Test CA',
        validity: { start: NOW - 10 * DAY, end: NOW + 400 * DAY },
        fingerprint: { sha1: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01', sha256: LEAF_FP },
        serialNumber: '4F:2A:10:99',
        isBuiltInRoot: false,
        subjectPublicKeyInfoDigest: { sha256: 'q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=' },
        ...leafOver,
      },
      {
        subject: 'CN=Probe Test CA',
        issuer: 'CN=Probe Test CA',
        validity: { start: NOW - 100 * DAY, end: NOW + 3000 * DAY },
        fingerprint: { sha1: '01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14', sha256: '11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF' },
        serialNumber: '01',
        isBuiltInRoot: false,
      },
    ],
    ...over,
  };
}

const codes = (s: { findings: Array<{ code: string }> }): string[] => s.findings.map((f) => f.code);

describe('evaluateServerSecurity', () => {
  it('the localhost mTLS server with a private CA', () => {
    const s = evaluateServerSecurity(firefoxInfo(), opts);
    expect(s).toEqual({
      level: 'ok',
      findings: [{ level: 'ok', code: 'server.private-ca', params: { root: 'CN=Probe Test CA' } }],
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      leaf: { subject: 'CN=localhost', issuer: 'CN=Probe Test CA', notAfter: new Date(NOW + 400 * DAY).toISOString(), sha256: LEAF_FP, daysLeft: 400 },
      chain: [
        { subject: 'CN=localhost', issuer: 'CN=Probe Test CA', sha256: LEAF_FP, builtInRoot: false },
        { subject: 'CN=Probe Test CA', issuer: 'CN=Probe Test CA', sha256: expect.stringMatching(/^11:22/) as unknown, builtInRoot: false },
      ],
      privateRoot: true,
    });
  });

  it('a public CA: no private-ca finding', () => {
    const info = firefoxInfo();
    const certs = info['certificates'] as Array<Record<string, unknown>>;
    certs[1] = { ...certs[1], isBuiltInRoot: true };
    const s = evaluateServerSecurity(info, opts);
    expect([s.level, s.findings, s.privateRoot]).toEqual(['ok', [], false]);
  });

  it('only the leaf (no certificateChain option): privateRoot unknown', () => {
    const info = firefoxInfo();
    info['certificates'] = (info['certificates'] as unknown[]).slice(0, 1);
    expect(evaluateServerSecurity(info, opts).privateRoot).toBeNull();
  });

  it('expiry: expired, soon, not yet valid, isNotValidAtThisTime', () => {
    expect(evaluateServerSecurity(firefoxInfo({}, { validity: { start: NOW - 400 * DAY, end: NOW - DAY } }), opts).findings[0]).toEqual({ level: 'error', code: 'server.expired', params: { date: new Date(NOW - DAY).toISOString().slice(0, 10) } });
    const soon = evaluateServerSecurity(firefoxInfo({}, { validity: { start: NOW - DAY, end: NOW + 5 * DAY } }), opts);
    expect(soon.level).toBe('warning');
    expect(soon.findings[0]).toEqual({ level: 'warning', code: 'server.expires-soon', params: { days: 5, date: new Date(NOW + 5 * DAY).toISOString().slice(0, 10) } });
    expect(codes(evaluateServerSecurity(firefoxInfo({}, { validity: { start: NOW + DAY, end: NOW + 9 * DAY } }), opts))).toContain('server.not-yet-valid');
    expect(codes(evaluateServerSecurity(firefoxInfo({ isNotValidAtThisTime: true }), opts))).toContain('server.expired');
  });

  it('weak protocol, untrusted, domain mismatch, weak state', () => {
    expect(evaluateServerSecurity(firefoxInfo({ protocolVersion: 'TLSv1.1' }), opts).findings[0]).toEqual({ level: 'error', code: 'server.weak-protocol', params: { protocol: 'TLSv1.1' } });
    expect(codes(evaluateServerSecurity(firefoxInfo({ protocolVersion: 'TLSv1.2' }), opts))).not.toContain('server.weak-protocol');
    expect(codes(evaluateServerSecurity(firefoxInfo({ isUntrusted: true }), opts))).toEqual(['server.untrusted', 'server.private-ca']);
    expect(codes(evaluateServerSecurity(firefoxInfo({ isDomainMismatch: true }), opts))).toContain('server.domain-mismatch');
    expect(evaluateServerSecurity(firefoxInfo({ state: 'weak', weaknessReasons: 'cipher' }), opts).findings[0]).toEqual({ level: 'warning', code: 'server.weak', params: { reasons: 'cipher' } });
  });

  it('broken / insecure state', () => {
    const s = evaluateServerSecurity({ state: 'broken', errorMessage: 'SSL_ERROR_BAD_CERT_DOMAIN' }, opts);
    expect(s.findings).toEqual([{ level: 'error', code: 'server.insecure-state', params: { state: 'broken', error: 'SSL_ERROR_BAD_CERT_DOMAIN' } }]);
    expect([s.leaf, s.chain, s.protocol]).toEqual([null, [], null]);
    expect(evaluateServerSecurity({ state: 'insecure' }, opts).findings[0]?.code).toBe('server.insecure-state');
  });

  it('plain http', () => {
    const s = evaluateServerSecurity({ state: 'insecure' }, { ...opts, url: 'http://joc.example:4446/joc/' });
    expect([s.level, codes(s)]).toEqual(['error', ['server.plain-http']]);
    expect(codes(evaluateServerSecurity(undefined, { ...opts, url: 'HTTP://joc/' }))).toEqual(['server.plain-http']);
  });

  it('certificate pinning (fingerprint format is normalised)', () => {
    expect(codes(evaluateServerSecurity(firefoxInfo(), { ...opts, pinnedSha256: LEAF_FP.replace(/:/g, '').toLowerCase() }))).not.toContain('server.pin-changed');
    const other = '00:'.repeat(31) + '01';
    const s = evaluateServerSecurity(firefoxInfo(), { ...opts, pinnedSha256: other });
    expect(s.findings[0]).toEqual({ level: 'error', code: 'server.pin-changed', params: { old: other, new: LEAF_FP } });
    expect(codes(evaluateServerSecurity(firefoxInfo(), { ...opts, pinnedSha256: null }))).not.toContain('server.pin-changed');
  });

  it.each([null, undefined, 42, 'secure', [], {}, { state: 1 }, { certificates: [] }])('unknown shape %j → info-invalid, no throw', (info) => {
    const s = evaluateServerSecurity(info, opts);
    expect([s.level, codes(s), s.leaf, s.chain]).toEqual(['warning', ['server.info-invalid'], null, []]);
  });

  it('malformed certificate entries are skipped and reported', () => {
    const s = evaluateServerSecurity({ state: 'secure', certificates: [{ subject: 'CN=x' }, null, { ...((firefoxInfo()['certificates'] as unknown[])[1] as object) }] }, opts);
    expect(s.leaf).toBeNull();
    expect(s.chain).toHaveLength(1);
    expect(codes(s)).toContain('server.info-invalid');
    const nan = evaluateServerSecurity(firefoxInfo({}, { validity: { start: 0, end: Number.NaN } }), opts);
    expect(nan.leaf).toBeNull();
    expect(evaluateServerSecurity({ state: 'secure', certificates: 'nope' }, opts).chain).toEqual([]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.option(fc.string()), fc.string(), (info, pin, url) => {
        const s = evaluateServerSecurity(info, { now: NOW, warnDays: 30, pinnedSha256: pin, url });
        expect(['ok', 'warning', 'error']).toContain(s.level);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.record({ state: fc.constantFrom('secure', 'weak', 'broken', 'insecure'), certificates: fc.array(fc.anything(), { maxLength: 3 }) }), (info) => {
        evaluateServerSecurity(info, opts);
      }),
      { numRuns: 300 },
    );
  });
});
