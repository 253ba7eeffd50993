// The generated test PKI: subjects, issuers, validity, key types, PKCS#12 passwords, caching, NSS helpers.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_NAMES, type Pki, chromiumAutoSelectPrefs, createNssDb, ensurePki, isReusable } from '../../sim/pki.ts';
import { unitPki } from './helpers.ts';

let pki: Pki;
const scratch = mkdtempSync(path.join(tmpdir(), 'sim-pki-test-'));

beforeAll(async () => {
  pki = await unitPki();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const x509 = (file: string): X509Certificate => new X509Certificate(readFileSync(file));
const DAY = 86_400_000;

describe('generated PKI', () => {
  it('has the CA chain and a localhost server certificate', () => {
    const root = x509(pki.rootCa.cert);
    const inter = x509(pki.intermediate.cert);
    const server = x509(pki.server.cert);
    expect(root.subject).toContain('CN=JOC Guard Test Root CA');
    expect(inter.issuer).toContain('CN=JOC Guard Test Root CA');
    expect(inter.verify(root.publicKey)).toBe(true);
    expect(server.verify(inter.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(readFileSync(pki.server.chain, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('has every client with the promised CN, issuer, key type and validity', () => {
    const now = Date.now();
    const inter = x509(pki.intermediate.cert);
    for (const name of CLIENT_NAMES) {
      const c = pki.clients[name];
      const cert = x509(c.cert);
      expect(cert.subject).toBe(`CN=${c.cn}`);
      expect(cert.issuer).toBe(`CN=${c.issuerCn}`);
      expect(existsSync(c.p12) && existsSync(c.chain) && existsSync(c.key)).toBe(true);
      if (c.issuerCn === inter.subject.slice(3)) expect(cert.verify(inter.publicKey)).toBe(true);
    }
    const c = pki.clients;
    expect([c.rsa.cn, c.ecdsa.cn, c.selfsigned.cn, c.casediff.cn, c.untrusted.cn]).toEqual(['apmacwin', 'ecuser', 'selfuser', 'APMacWin', 'apmacwin']);
    expect(x509(c.rsa.cert).publicKey.asymmetricKeyType).toBe('rsa');
    expect(x509(c.rsa.cert).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x509(c.ecdsa.cert).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x509(c.selfsigned.cert).verify(x509(c.selfsigned.cert).publicKey)).toBe(true);
    expect(x509(c.untrusted.cert).verify(x509(pki.untrustedCa.cert).publicKey)).toBe(true);
    expect(x509(c.noclientauth.cert).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(x509(c.rsa.cert).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(Date.parse(c.expired.notAfter)).toBeLessThan(now);
    expect(Date.parse(c.notyetvalid.notBefore)).toBeGreaterThan(now + 3 * DAY);
    expect(Date.parse(c.soon.notAfter) - now).toBeLessThanOrEqual(10 * DAY);
    expect(Date.parse(c.soon.notAfter) - now).toBeGreaterThan(3 * DAY);
    expect(Date.parse(c.rsa.notBefore)).toBeLessThan(now - DAY / 2);
    expect(CLIENT_NAMES.filter((n) => c[n].usableForLogin)).toEqual(['rsa', 'ecdsa', 'selfsigned', 'casediff', 'soon']);
  });

  it('exports PKCS#12 with an empty password, and rsa-pw.p12 with "secret"', () => {
    for (const name of CLIENT_NAMES) {
      expect(() => createSecureContext({ pfx: readFileSync(pki.clients[name].p12), passphrase: '' })).not.toThrow();
    }
    const pw = readFileSync(pki.rsaP12WithPassword.p12);
    expect(() => createSecureContext({ pfx: pw, passphrase: '' })).toThrow();
    expect(() => createSecureContext({ pfx: pw, passphrase: 'secret' })).not.toThrow();
  });

  it('reuses a good cache and regenerates a stale one', async () => {
    const dir = path.join(scratch, 'cache');
    const a = await ensurePki(dir);
    const t0 = performance.now();
    const b = await ensurePki(dir);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(b.dir).toBe(a.dir);
    expect(await isReusable(a, Date.now() + 8 * DAY)).toBe(false); // `soon` would be too close to expiry
    rmSync(a.clients.ecdsa.p12);
    const c = await ensurePki(dir);
    expect(c.dir).not.toBe(a.dir);
    expect(existsSync(c.clients.ecdsa.p12)).toBe(true);
  });
});

describe('browser profile helpers', () => {
  it.skipIf(!existsSync('/usr/bin/certutil'))('creates an NSS db with the root CA and one client cert', async () => {
    const db = path.join(scratch, 'nss');
    await createNssDb(db, pki, 'ecdsa');
    expect(existsSync(path.join(db, 'cert9.db'))).toBe(true);
    expect(existsSync(path.join(db, 'key4.db'))).toBe(true);
    await createNssDb(db, pki, null); // recreating over an existing db works
  });

  it('writes the Chromium auto-select content setting, keeping other prefs', async () => {
    const dir = path.join(scratch, 'chromium');
    await chromiumAutoSelectPrefs(dir, pki.intermediate.cn);
    const prefs: unknown = JSON.parse(readFileSync(path.join(dir, 'Default', 'Preferences'), 'utf8'));
    expect(prefs).toEqual({
      profile: { content_settings: { exceptions: { auto_select_certificate: {
        'https://localhost:*,*': { setting: { filters: [{}] } },
        'https://127.0.0.1:*,*': { setting: { filters: [{}] } },
      } } } },
    });
  });
});
