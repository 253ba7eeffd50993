import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import { evaluateClientCert, verifyChain, worst } from '../../../src/shared/cert/evaluate.ts';
import { parseCertificateFile } from '../../../src/shared/cert/parse.ts';
import type { ParsedCert } from '../../../src/shared/cert/types.ts';
import { type Extra, extraFixtures, removeExtraFixtures, read, unitPki } from './fixtures.ts';
import { DAY, firstCert } from './helpers.ts';

let pki: Pki;
let extra: Extra;
let cas: ParsedCert[];
const now = Date.now();
const policy = { now, warnDays: 14, minRsaBits: 2048 };
/** The fixtures are generated after module load: evaluate them at the current time. */
const live = (): typeof policy => ({ ...policy, now: Date.now() });
const cert = async (p: string): Promise<ParsedCert> => firstCert(await parseCertificateFile(read(p)));
const codes = (s: { findings: Array<{ code: string }> }): string[] => s.findings.map((f) => f.code);

beforeAll(async () => {
  pki = await unitPki();
  extra = await extraFixtures(pki);
  cas = [await cert(pki.rootCa.cert), await cert(pki.intermediate.cert)];
}, 60_000);

afterAll(() => removeExtraFixtures(extra));

const synthetic = (over: Partial<ParsedCert> = {}): ParsedCert => ({
  pem: '', subject: 'CN=apmacwin', subjectCN: 'apmacwin', issuer: 'CN=CA', issuerCN: 'CA', serial: '01',
  notBefore: new Date(now - 10 * DAY).toISOString(), notAfter: new Date(now + 100 * DAY).toISOString(),
  sha256: 'AA', keyAlgorithm: 'EC', keySize: null, curve: 'P-256', ekuPresent: true, ekuClientAuth: true,
  selfSigned: false, isCA: false, v: 1, subjectKey: 'cn=apmacwin', issuerKey: 'cn=ca', keyOid: '1.2.840.10045.2.1',
  spki: [0, 1], tbs: [0, 1], sig: null, ...over,
});

describe('evaluateClientCert on the generated certificates', () => {
  it('rsa with a verified chain: ok', async () => {
    const leaf = await cert(pki.clients.rsa.cert);
    const s = evaluateClientCert(leaf, { ...live(), chain: await verifyChain(leaf, cas) });
    expect(s.level).toBe('ok');
    expect(s.findings).toEqual([{ level: 'ok', code: 'cert.chain-ok' }]);
    expect(s.daysLeft).toBeGreaterThanOrEqual(300);
  });

  it('expired → error cert.expired, negative daysLeft', async () => {
    const c = await cert(pki.clients.expired.cert);
    const s = evaluateClientCert(c, live());
    expect(s.level).toBe('error');
    expect(s.findings[0]).toEqual({ level: 'error', code: 'cert.expired', params: { date: c.notAfter.slice(0, 10) } });
    expect(s.daysLeft).toBeLessThan(0);
    expect(codes(s)).not.toContain('cert.expires-soon');
  });

  it('notyetvalid → error cert.not-yet-valid', async () => {
    const c = await cert(pki.clients.notyetvalid.cert);
    const s = evaluateClientCert(c, live());
    expect(s.level).toBe('error');
    expect(s.findings[0]).toEqual({ level: 'error', code: 'cert.not-yet-valid', params: { date: c.notBefore.slice(0, 10) } });
  });

  it('soon → warning cert.expires-soon {days}', async () => {
    const c = await cert(pki.clients.soon.cert);
    const s = evaluateClientCert(c, live());
    expect(s.level).toBe('warning');
    expect(s.findings).toEqual([{ level: 'warning', code: 'cert.expires-soon', params: { days: s.daysLeft, date: c.notAfter.slice(0, 10) } }]);
    expect(s.daysLeft).toBeGreaterThanOrEqual(2); // the cached PKI may be a few days old
    expect(s.daysLeft).toBeLessThanOrEqual(10);
    expect(evaluateClientCert(c, { ...live(), warnDays: 1 }).level).toBe('ok');
  });

  it('noclientauth (EKU serverAuth only) → error cert.no-client-auth-eku: JOC Cockpit\'s Jetty refuses it at the handshake', async () => {
    const s = evaluateClientCert(await cert(pki.clients.noclientauth.cert), live());
    expect([s.level, s.findings]).toEqual(['error', [{ level: 'error', code: 'cert.no-client-auth-eku' }]]);
  });

  it('selfsigned → informational cert.self-signed (JOC accepts pinned self-signed certificates)', async () => {
    const s = evaluateClientCert(await cert(pki.clients.selfsigned.cert), live());
    expect(s).toMatchObject({ level: 'ok', findings: [{ level: 'ok', code: 'cert.self-signed' }] });
  });

  it('untrusted with its chain result → error cert.chain-untrusted {reason}', async () => {
    const c = await cert(pki.clients.untrusted.cert);
    const s = evaluateClientCert(c, { ...live(), chain: await verifyChain(c, cas) });
    expect(s.findings).toEqual([{ level: 'error', code: 'cert.chain-untrusted', params: { reason: 'issuer-not-found' } }]);
    expect(evaluateClientCert(c, { ...live(), chain: { ok: false, reason: 'no-ca-configured' } }).findings).toEqual([{ level: 'ok', code: 'cert.chain-unchecked' }]);
  });

  it('RSA 1024 → cert.rsa-weak {bits, min}', async () => {
    const s = evaluateClientCert(await cert(extra.rsa1024), live());
    expect(s.findings[0]).toEqual({ level: 'warning', code: 'cert.rsa-weak', params: { bits: 1024, min: 2048 } });
    expect(evaluateClientCert(await cert(extra.rsa1024), { ...live(), minRsaBits: 1024 }).findings.map((f) => f.code)).not.toContain('cert.rsa-weak');
  });

  it('no CN → error; CA used as client cert → warning; Ed25519 → warning', async () => {
    expect(evaluateClientCert(await cert(extra.noCn), live()).findings[0]).toEqual({ level: 'error', code: 'cert.no-cn' });
    expect(codes(evaluateClientCert(await cert(pki.intermediate.cert), live()))).toContain('cert.is-ca');
    expect(evaluateClientCert(await cert(extra.ed25519), live()).findings[0]).toEqual({ level: 'warning', code: 'cert.key-algorithm', params: { alg: 'Ed25519' } });
  });
});

describe('evaluateClientCert rules (synthetic)', () => {
  it('findings are sorted worst first and level is the worst', () => {
    const c = synthetic({ subjectCN: null, ekuClientAuth: false, selfSigned: true, notAfter: new Date(now + 3 * DAY).toISOString() });
    const s = evaluateClientCert(c, policy);
    expect(s.findings.map((f) => f.level)).toEqual(['error', 'error', 'warning', 'ok']);
    expect(codes(s)).toEqual(['cert.no-cn', 'cert.no-client-auth-eku', 'cert.expires-soon', 'cert.self-signed']);
    expect(s.level).toBe('error');
  });

  it('expiry boundaries: valid up to notAfter inclusive, daysLeft is floored', () => {
    const notAfter = new Date(now + 10 * DAY - 1).toISOString();
    expect(evaluateClientCert(synthetic({ notAfter }), policy).daysLeft).toBe(9);
    const exact = synthetic({ notAfter: new Date(now).toISOString() });
    expect(codes(evaluateClientCert(exact, policy))).toEqual(['cert.expires-soon']);
    expect(codes(evaluateClientCert(exact, { ...policy, now: now + 1 }))).toEqual(['cert.expired']);
  });

  it('RSA below 1024 bits is an error whatever the policy', () => {
    const s = evaluateClientCert(synthetic({ keyAlgorithm: 'RSA', keySize: 512, curve: null }), { ...policy, minRsaBits: 512 });
    expect(s.findings).toEqual([]);
    const t = evaluateClientCert(synthetic({ keyAlgorithm: 'RSA', keySize: 512, curve: null }), policy);
    expect(t.findings[0]).toEqual({ level: 'error', code: 'cert.rsa-weak', params: { bits: 512, min: 2048 } });
  });

  it.each([
    ['no EKU extension at all (Java accepts it for any purpose)', { ekuPresent: false, ekuClientAuth: false }, []],
    ['EKU with clientAuth (or anyExtendedKeyUsage)', { ekuPresent: true, ekuClientAuth: true }, []],
    ['EKU without clientAuth', { ekuPresent: true, ekuClientAuth: false }, [{ level: 'error', code: 'cert.no-client-auth-eku' }]],
  ] as const)('EKU: %s', (_label, eku, findings) => {
    expect(evaluateClientCert(synthetic(eku), policy).findings).toEqual(findings);
  });

  it('worst()', () => {
    expect(worst([])).toBe('ok');
    expect(worst(['ok', 'warning'])).toBe('warning');
    expect(worst(['warning', 'error', 'ok'])).toBe('error');
  });
});
