import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_NAMES, CLIENT_SPECS, type Pki } from '../../sim/pki.ts';
import { KEY_IGNORED_WARNING, MAX_FILE_BYTES, leafOf, parseCertificateFile, parsePem } from '../../../src/shared/cert/parse.ts';
import type { ParsedCert } from '../../../src/shared/cert/types.ts';
import { type Extra, extraFixtures, removeExtraFixtures, opensslFacts, ossl, read, readText, unitPki } from './fixtures.ts';
import { errorOf, firstCert, okCerts } from './helpers.ts';

let pki: Pki;
let extra: Extra;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const parseFile = async (p: string): Promise<ParsedCert> => firstCert(await parseCertificateFile(read(p)));

beforeAll(async () => {
  pki = await unitPki();
  extra = await extraFixtures(pki);
}, 60_000);

afterAll(() => removeExtraFixtures(extra));

describe('every generated client certificate', () => {
  it.each(CLIENT_NAMES)('%s: all fields match openssl and the spec', async (name) => {
    const client = pki.clients[name];
    const spec = CLIENT_SPECS[name];
    const c = await parseFile(client.cert);
    const o = await opensslFacts(client.cert);
    expect(c.sha256).toBe(o.sha256);
    expect(c.sha256).toBe(client.sha256);
    expect(c.subject).toBe(o.subject);
    expect(c.issuer).toBe(o.issuer);
    expect(c.serial.replace(/:/g, '')).toBe(o.serial);
    expect(c.notBefore).toBe(o.notBefore);
    expect(c.notAfter).toBe(o.notAfter);
    expect(c.subjectCN).toBe(spec.cn);
    expect(c.issuerCN).toBe(client.issuerCn);
    if (spec.kind === 'rsa') expect([c.keyAlgorithm, c.keySize, c.curve]).toEqual(['RSA', 2048, null]);
    else expect([c.keyAlgorithm, c.keySize, c.curve]).toEqual(['EC', null, 'P-256']);
    expect(c.ekuPresent).toBe(true);
    expect(c.ekuClientAuth).toBe(spec.eku === 'clientAuth');
    expect(c.selfSigned).toBe(spec.issuer === 'self');
    expect(c.isCA).toBe(false);
    expect(c.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
    expect(c.pem.trim()).toBe(readText(client.cert).trim());
  });

  it.each(CLIENT_NAMES)('%s: the empty-password .p12 yields the leaf, its CAs and no key', async (name) => {
    const client = pki.clients[name];
    const r = await parseCertificateFile(read(client.p12), { filename: `${name}.p12` });
    const certs = okCerts(r);
    expect(leafOf(certs)?.sha256).toBe(client.sha256);
    expect(certs[0]?.sha256).toBe(client.sha256); // file order: OpenSSL writes the key's certificate first
    const expectedCount = { intermediate: 3, untrusted: 2, self: 1 }[CLIENT_SPECS[name].issuer];
    expect(certs).toHaveLength(expectedCount);
    expect(r.ok && r.warnings).toContain(KEY_IGNORED_WARNING);
    expect(JSON.stringify(r)).not.toMatch(/PRIVATE|BEGIN (EC |RSA )?KEY/);
  });

  it('CA certificates: root is a self-signed CA, the intermediate a CA signed by the root', async () => {
    const root = await parseFile(pki.rootCa.cert);
    const inter = await parseFile(pki.intermediate.cert);
    const untrusted = await parseFile(pki.untrustedCa.cert);
    expect([root.isCA, root.selfSigned, root.subjectCN]).toEqual([true, true, 'JOC Guard Test Root CA']);
    expect([inter.isCA, inter.selfSigned, inter.issuerCN]).toEqual([true, false, 'JOC Guard Test Root CA']);
    expect([untrusted.isCA, untrusted.selfSigned]).toEqual([true, true]);
    expect([root.ekuPresent, root.ekuClientAuth]).toEqual([false, false]);
  });
});

describe('formats', () => {
  it('a PEM chain keeps file order; leafOf picks the non-CA', async () => {
    const certs = okCerts(await parseCertificateFile(read(pki.clients.rsa.chain)));
    expect(certs.map((c) => c.subjectCN)).toEqual(['apmacwin', 'JOC Guard Test Intermediate CA']);
    const reversed = okCerts(await parsePem(readText(pki.intermediate.cert) + readText(pki.clients.rsa.cert)));
    expect(reversed.map((c) => c.subjectCN)).toEqual(['JOC Guard Test Intermediate CA', 'apmacwin']);
    expect(leafOf(reversed)?.subjectCN).toBe('apmacwin');
    expect(leafOf([])).toBeNull();
    const dup = await parsePem(readText(pki.clients.rsa.cert).repeat(2));
    expect(okCerts(dup)).toHaveLength(1);
    expect(dup.ok && dup.warnings).toEqual(['duplicate certificate ignored']);
    const cas = okCerts(await parseCertificateFile(read(pki.trustedCaBundle)));
    expect(leafOf(cas)?.subjectCN).toBe('JOC Guard Test Root CA');
  });

  it('PEM with extra text around it is accepted with a warning', async () => {
    const text = `Bag Attributes\n    friendlyName: rsa\nsubject=CN=apmacwin\n\n${readText(pki.clients.rsa.cert)}\nsome notes after\n`;
    const r = await parsePem(text);
    expect(firstCert(r).sha256).toBe(pki.clients.rsa.sha256);
    expect(r.ok && r.warnings).toEqual(['text outside the PEM blocks was ignored']);
    const textOut = await ossl(['x509', '-in', pki.clients.ecdsa.cert, '-text']);
    expect(firstCert(await parsePem(textOut)).sha256).toBe(pki.clients.ecdsa.sha256);
  });

  it('PEM with a private key: key ignored, never returned, warning added', async () => {
    const keyPem = readText(pki.clients.rsa.key);
    const r = await parsePem(keyPem + readText(pki.clients.rsa.cert));
    expect(firstCert(r).subjectCN).toBe('apmacwin');
    expect(r.ok && r.warnings).toEqual([KEY_IGNORED_WARNING]);
    const keyBody = keyPem.split('\n')[1] ?? 'x';
    expect(JSON.stringify(r)).not.toContain(keyBody);
    expect(JSON.stringify(r)).not.toContain('PRIVATE');
  });

  it('DER, bare base64, CRLF, UTF-16 and TRUSTED CERTIFICATE forms', async () => {
    const want = pki.clients.rsa.sha256;
    const der = await ossl(['x509', '-in', pki.clients.rsa.cert, '-outform', 'DER', '-out', `${extra.dir}/rsa.der`]).then(() => read(`${extra.dir}/rsa.der`));
    expect(der[0]).toBe(0x30);
    expect(firstCert(await parseCertificateFile(der)).sha256).toBe(want);
    const pem = readText(pki.clients.rsa.cert);
    const bare = await parsePem(pem.replace(/-----[A-Z ]+-----/g, ''));
    expect(firstCert(bare).sha256).toBe(want);
    expect(bare.ok && bare.warnings).toEqual(['base64 without PEM header']);
    expect(firstCert(await parsePem(pem.replace(/\n/g, '\r\n'))).sha256).toBe(want);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(pem, 'utf16le'))]);
    expect(firstCert(await parseCertificateFile(utf16)).sha256).toBe(want);
    expect(firstCert(await parseCertificateFile(read(extra.trustedCertPem))).sha256).toBe(want);
  });

  it('PKCS#7 (.p7b) in PEM and DER', async () => {
    for (const p of [extra.p7bPem, extra.p7bDer]) {
      const certs = okCerts(await parseCertificateFile(read(p)));
      expect(certs.map((c) => c.subjectCN)).toEqual(['apmacwin', 'JOC Guard Test Intermediate CA']);
    }
  });

  it('other key types and signature algorithms', async () => {
    const weak = await parseFile(extra.rsa1024);
    expect([weak.keyAlgorithm, weak.keySize, weak.selfSigned]).toEqual(['RSA', 1024, true]);
    const pss = await parseFile(extra.pssRoot);
    expect([pss.keyAlgorithm, pss.keySize, pss.selfSigned]).toEqual(['RSA', 2048, true]);
    const p384 = await parseFile(extra.p384);
    expect([p384.keyAlgorithm, p384.curve, p384.selfSigned]).toEqual(['EC', 'P-384', true]);
    const ed = await parseFile(extra.ed25519);
    expect([ed.keyAlgorithm, ed.keySize, ed.curve, ed.selfSigned]).toEqual(['Ed25519', null, null, true]);
  });

  it('names: several CNs, no CN, UTF-8 and RFC 4514 escaping', async () => {
    const multi = await parseCertificateFile(read(extra.multiCn));
    expect(firstCert(multi).subjectCN).toBe('first');
    expect(firstCert(multi).subject).toBe('CN=second,CN=first,O=SOS');
    expect(multi.ok && multi.warnings.join()).toMatch(/several CN/);
    const noCn = await parseFile(extra.noCn);
    expect([noCn.subjectCN, noCn.subject]).toEqual([null, 'C=DE,O=No Common Name']);
    const utf8 = await parseFile(extra.utf8Cn);
    expect(utf8.subjectCN).toBe('Jörg Müller, Ops+1');
    expect(utf8.subject).toBe('CN=Jörg Müller\\, Ops\\+1,O=SOS GmbH,C=DE');
  });

  it('a self-signed certificate whose signature does not verify is not "selfSigned"', async () => {
    const der = await ossl(['x509', '-in', extra.p384, '-outform', 'DER', '-out', `${extra.dir}/p384.der`]).then(() => read(`${extra.dir}/p384.der`));
    const bad = der.slice();
    bad[bad.length - 3] = (bad[bad.length - 3] ?? 0) ^ 0x01; // inside the ECDSA signature's s value
    const c = firstCert(await parseCertificateFile(bad));
    expect(c.subject).toBe(c.issuer);
    expect(c.selfSigned).toBe(false);
  });
});

describe('errors', () => {
  it('empty and whitespace-only input', async () => {
    expect(errorOf(await parseCertificateFile(new Uint8Array(0)))).toBe('empty');
    expect(errorOf(await parseCertificateFile(enc(' \n\t\r\n')))).toBe('empty');
  });

  it('a 1 MB file is refused fast, the 256 KiB limit is exact', async () => {
    const big = new Uint8Array(1024 * 1024).fill(0x41);
    const t = performance.now();
    const r = await parseCertificateFile(big);
    expect(performance.now() - t).toBeLessThan(20);
    expect(errorOf(r)).toBe('too-large');
    expect(errorOf(await parseCertificateFile(new Uint8Array(MAX_FILE_BYTES + 1)))).toBe('too-large');
    expect(errorOf(await parseCertificateFile(new Uint8Array(MAX_FILE_BYTES).fill(0x41)))).toBe('not-a-certificate');
  });

  it('garbage bytes and text', async () => {
    const garbage = Uint8Array.from({ length: 500 }, (_, i) => (i * 7919 + 13) & 0xff);
    expect(errorOf(await parseCertificateFile(garbage))).toBe('not-a-certificate');
    expect(errorOf(await parseCertificateFile(enc('hello, this is not a certificate')))).toBe('not-a-certificate');
    expect(errorOf(await parseCertificateFile(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])))).toBe('not-a-certificate');
    const r = await parseCertificateFile(enc('not a keystore'), { filename: 'client.p12' });
    expect(!r.ok && r.detail).toMatch(/PKCS#12/);
  });

  it('truncated DER and truncated PEM', async () => {
    const der = await ossl(['x509', '-in', pki.clients.rsa.cert, '-outform', 'DER', '-out', `${extra.dir}/t.der`]).then(() => read(`${extra.dir}/t.der`));
    for (const n of [der.length - 1, Math.floor(der.length / 2), 10, 4]) {
      expect(errorOf(await parseCertificateFile(der.subarray(0, n)))).toBe('truncated');
    }
    const pem = readText(pki.clients.rsa.cert);
    expect(errorOf(await parsePem(pem.replace(/-----END CERTIFICATE-----\s*$/, '')))).toBe('truncated');
    const lines = pem.trim().split('\n');
    const halfLines = [...lines.slice(0, Math.floor(lines.length / 2)), lines[lines.length - 1]].join('\n');
    expect(errorOf(await parsePem(halfLines))).toBe('truncated');
  });

  it('invalid PEM bodies', async () => {
    const pem = readText(pki.clients.rsa.cert);
    expect(errorOf(await parsePem(pem.replace(/^(MII.)/m, '$1!')))).toBe('pem-invalid');
    const notDer = `-----BEGIN CERTIFICATE-----\n${Buffer.from('definitely not DER at all').toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(errorOf(await parsePem(notDer))).toBe('pem-invalid');
    const seq = `-----BEGIN CERTIFICATE-----\n${Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]).toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(errorOf(await parsePem(seq))).toBe('pem-invalid');
  });

  it('key-only files', async () => {
    for (const p of [extra.ecKeyPem, extra.encKeyPem, extra.pkcs8Der, pki.clients.rsa.key]) {
      const r = await parseCertificateFile(read(p));
      expect(errorOf(r)).toBe('private-key-only');
      expect(JSON.stringify(r)).not.toMatch(/MII|MHc/);
    }
  });

  it('a CSR is not a certificate', async () => {
    const csr = await ossl(['req', '-new', '-key', pki.clients.ecdsa.key, '-subj', '/CN=x']);
    const r = await parsePem(csr);
    expect(errorOf(r)).toBe('not-a-certificate');
    expect(!r.ok && r.detail).toMatch(/CERTIFICATE REQUEST/);
  });

  it('hostile inputs below the size limit stay fast', async () => {
    const deep = new Uint8Array(200_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)); // nested indefinite lengths
    const begins = enc('-----BEGIN CERTIFICATE-----\n'.repeat(9000)); // regex backtracking bait
    const nulls = new Uint8Array([0x30, 0x83, 0x03, 0xd0, 0x90, ...new Uint8Array(250_000).map((_, i) => (i % 2 === 0 ? 0x05 : 0))]);
    for (const [bytes, code] of [[deep, 'not-a-certificate'], [begins, 'truncated'], [nulls, 'not-a-certificate']] as const) {
      const t = performance.now();
      expect(errorOf(await parseCertificateFile(bytes))).toBe(code);
      expect(performance.now() - t).toBeLessThan(1000);
    }
  });

  it('non-Uint8Array input is rejected, not thrown', async () => {
    expect(errorOf(await parseCertificateFile('x' as unknown as Uint8Array))).toBe('not-a-certificate');
  });
});
