import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_NAMES, CLIENT_SPECS, type Pki } from '../../sim/pki.ts';
import { verifyChain } from '../../../src/shared/cert/evaluate.ts';
import { parseCertificateFile, parsePem } from '../../../src/shared/cert/parse.ts';
import type { ParsedCert } from '../../../src/shared/cert/types.ts';
import { type Extra, extraFixtures, removeExtraFixtures, read, readText, unitPki } from './fixtures.ts';
import { firstCert } from './helpers.ts';

let pki: Pki;
let extra: Extra;
let root: ParsedCert;
let inter: ParsedCert;
let untrustedCa: ParsedCert;
const cert = async (p: string): Promise<ParsedCert> => firstCert(await parseCertificateFile(read(p)));

beforeAll(async () => {
  pki = await unitPki();
  extra = await extraFixtures(pki);
  [root, inter, untrustedCa] = await Promise.all([cert(pki.rootCa.cert), cert(pki.intermediate.cert), cert(pki.untrustedCa.cert)]);
}, 60_000);

afterAll(() => removeExtraFixtures(extra));

describe('verifyChain', () => {
  const trustedNames = CLIENT_NAMES.filter((n) => CLIENT_SPECS[n].issuer === 'intermediate');

  it.each(trustedNames)('%s → intermediate → root: ok', async (name) => {
    const leaf = await cert(pki.clients[name].cert);
    const r = await verifyChain(leaf, [root, inter]);
    expect(r).toEqual({ ok: true, path: [`CN=${CLIENT_SPECS[name].cn}`, 'CN=JOC Guard Test Intermediate CA', 'CN=JOC Guard Test Root CA'] });
  });

  it('the CA list order does not matter; the intermediate alone is a trust anchor', async () => {
    const leaf = await cert(pki.clients.ecdsa.cert);
    expect((await verifyChain(leaf, [inter, root])).ok).toBe(true);
    expect(await verifyChain(leaf, [inter])).toEqual({ ok: true, path: ['CN=ecuser', 'CN=JOC Guard Test Intermediate CA'] });
  });

  it('root alone: the intermediate is missing → issuer-not-found', async () => {
    expect((await verifyChain(await cert(pki.clients.rsa.cert), [root])).reason).toBe('issuer-not-found');
  });

  it('wrong CA → issuer-not-found (both directions)', async () => {
    const untrusted = await cert(pki.clients.untrusted.cert);
    expect(await verifyChain(untrusted, [root, inter])).toEqual({ ok: false, reason: 'issuer-not-found', path: ['CN=apmacwin'] });
    expect((await verifyChain(untrusted, [untrustedCa])).ok).toBe(true);
    expect((await verifyChain(await cert(pki.clients.rsa.cert), [untrustedCa])).reason).toBe('issuer-not-found');
  });

  it('no CA configured', async () => {
    expect(await verifyChain(await cert(pki.clients.rsa.cert), [])).toEqual({ ok: false, reason: 'no-ca-configured' });
  });

  it('a CA with the right name but another key → signature-invalid', async () => {
    const fake = await cert(extra.fakeIntermediate);
    expect((await verifyChain(await cert(pki.clients.rsa.cert), [fake])).reason).toBe('signature-invalid');
    // The genuine one next to the impostor is still found.
    expect((await verifyChain(await cert(pki.clients.rsa.cert), [fake, inter, root])).ok).toBe(true);
  });

  it('a tampered leaf signature → signature-invalid', async () => {
    const pem = readText(pki.clients.ecdsa.cert);
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0x01;
    const tampered = firstCert(await parseCertificateFile(new Uint8Array(der)));
    expect((await verifyChain(tampered, [root, inter])).reason).toBe('signature-invalid');
  });

  it('an expired CA → ca-expired', async () => {
    const leaf = await cert(extra.leafOfExpiredRoot);
    expect(await verifyChain(leaf, [await cert(extra.expiredRoot)])).toEqual({ ok: false, reason: 'ca-expired', path: ['CN=apmacwin', 'CN=Expired Test Root'] });
    // … but not at a time when it was still valid
    expect((await verifyChain(leaf, [await cert(extra.expiredRoot)], { now: Date.now() - 10 * 86_400_000 })).ok).toBe(true);
  });

  it('path longer than maxDepth → path-too-long', async () => {
    expect((await verifyChain(await cert(pki.clients.rsa.cert), [root, inter], { maxDepth: 1 })).reason).toBe('path-too-long');
  });

  it('a self-signed client certificate is trusted only when it is itself in the list', async () => {
    const self = await cert(pki.clients.selfsigned.cert);
    expect(await verifyChain(self, [self])).toEqual({ ok: true, path: ['CN=selfuser'] });
    expect((await verifyChain(self, [root, inter])).reason).toBe('issuer-not-found');
  });

  it('RSA-PSS signatures (RSA root signing with PSS)', async () => {
    const leaf = await cert(extra.pssLeaf);
    expect(await verifyChain(leaf, [await cert(extra.pssRoot)])).toEqual({ ok: true, path: ['CN=apmacwin', 'CN=PSS Test Root'] });
  });

  it('CAs parsed from a bundle file', async () => {
    const r = await parsePem(readText(pki.trustedCaBundle));
    const cas = r.ok ? r.certs : [];
    expect(cas).toHaveLength(2);
    expect((await verifyChain(await cert(pki.clients.casediff.cert), cas)).ok).toBe(true);
  });

  it('undecodable PEM in the CA list is skipped', async () => {
    const broken = { ...root, pem: 'garbage' };
    expect((await verifyChain(await cert(pki.clients.rsa.cert), [broken])).reason).toBe('no-ca-configured');
    expect((await verifyChain({ ...root, pem: 'garbage' }, [inter])).reason).toBe('issuer-not-found');
  });
});
