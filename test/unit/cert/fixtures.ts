// Test fixtures for the certificate module. The shared simulator PKI (test/sim/pki.ts) provides the
// named client certificates; the extra cases below (RSA 1024, RSA-PSS, P-384, Ed25519, legacy PKCS#12,
// PKCS#7, odd subjects, key-only files, a CA impostor, an expired CA) are made here with openssl.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Pki, ensurePki, INTERMEDIATE_CA_CN } from '../../sim/pki.ts';
import { EXT, newKeyAndCsr, signCsr } from '../../sim/openssl.ts';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const UMLAUT_PASSWORD = 'Pässwörd€';

export const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
export const readText = (p: string): string => readFileSync(p, 'utf8');

/** The unit tests' PKI, shared with test/unit/sim (cached in .tmp/pki-unit). */
export function unitPki(): Promise<Pki> {
  return ensurePki(path.join(root, '.tmp', 'pki-unit'));
}

export async function ossl(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run('openssl', args, { cwd, maxBuffer: 8 << 20 });
  return stdout;
}

/** stdout + stderr (`openssl pkcs12 -info` reports on stderr). */
export async function osslAll(args: string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', args, { maxBuffer: 8 << 20 });
  return stdout + stderr;
}

export interface OpensslFacts {
  sha256: string;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
}

/** What `openssl x509` says about a PEM certificate (fingerprint, RFC 2253 names, serial, dates). */
export async function opensslFacts(pemPath: string): Promise<OpensslFacts> {
  const out = await ossl(['x509', '-in', pemPath, '-noout', '-fingerprint', '-sha256', '-subject', '-issuer', '-serial', '-dates', '-nameopt', 'RFC2253']);
  const get = (re: RegExp): string => re.exec(out)?.[1]?.trim() ?? '';
  return {
    sha256: get(/sha256 Fingerprint=(.*)/i),
    subject: get(/^subject=(.*)$/m),
    issuer: get(/^issuer=(.*)$/m),
    serial: get(/^serial=(.*)$/m),
    notBefore: new Date(get(/^notBefore=(.*)$/m)).toISOString(),
    notAfter: new Date(get(/^notAfter=(.*)$/m)).toISOString(),
  };
}

export interface Extra {
  dir: string;
  rsa1024: string;
  pssRoot: string;
  pssLeaf: string;
  p384: string;
  ed25519: string;
  multiCn: string;
  noCn: string;
  utf8Cn: string;
  ecKeyPem: string;
  pkcs8Der: string;
  encKeyPem: string;
  trustedCertPem: string;
  p7bPem: string;
  p7bDer: string;
  /** Password of the legacy / no-MAC PKCS#12 files below. */
  p12Password: string;
  rc2P12: string;
  des3P12: string;
  rc2EmptyP12: string;
  /** No MAC, certificates encrypted (AES-256-CBC). */
  nomacP12: string;
  /** No MAC; OpenSSL 3 then leaves the certificates unencrypted. */
  nomacPlainP12: string;
  /** PBES2 and legacy files protected with UMLAUT_PASSWORD (non-ASCII). */
  umlautP12: string;
  umlautLegacyP12: string;
  /** Self-signed CA with the intermediate's name but another key. */
  fakeIntermediate: string;
  expiredRoot: string;
  leafOfExpiredRoot: string;
}

/** Generates the extra fixtures into a fresh temp dir (about a second). */
export async function extraFixtures(pki: Pki): Promise<Extra> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jocguard-cert-'));
  const f = (n: string): string => path.join(dir, n);
  const pw = 'legacy-pw';
  const selfSigned = (key: string, out: string, subj: string, extra: string[] = []): Promise<string> =>
    ossl(['req', '-x509', '-new', '-key', key, '-out', out, '-days', '30', '-subj', subj, ...extra]);
  const rsa = pki.clients.rsa;

  await Promise.all([
    ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', f('rsa1024.key')]),
    ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', f('pss.key')]),
    ossl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', f('p384.key')]),
    ossl(['genpkey', '-algorithm', 'ED25519', '-out', f('ed.key')]),
    ossl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f('misc.key')]),
  ]);
  const pss = ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-sha256'];
  await Promise.all([
    selfSigned(f('rsa1024.key'), f('rsa1024.pem'), '/CN=weakuser'),
    selfSigned(f('pss.key'), f('pss-root.pem'), '/CN=PSS Test Root', [...pss, '-addext', 'basicConstraints=critical,CA:TRUE']),
    selfSigned(f('p384.key'), f('p384.pem'), '/CN=p384user', ['-sha384']),
    selfSigned(f('ed.key'), f('ed25519.pem'), '/CN=eduser'),
    selfSigned(f('misc.key'), f('multi-cn.pem'), '/O=SOS/CN=first/CN=second'),
    selfSigned(f('misc.key'), f('no-cn.pem'), '/O=No Common Name/C=DE'),
    selfSigned(f('misc.key'), f('utf8-cn.pem'), '/C=DE/O=SOS GmbH/CN=Jörg Müller, Ops\\+1', ['-utf8']),
    selfSigned(f('misc.key'), f('fake-inter.pem'), `/CN=${INTERMEDIATE_CA_CN}`, ['-addext', 'basicConstraints=critical,CA:TRUE']),
    ossl(['ec', '-in', f('misc.key'), '-out', f('ec-key.pem')]),
    ossl(['pkcs8', '-topk8', '-nocrypt', '-in', f('misc.key'), '-outform', 'DER', '-out', f('key.der')]),
    ossl(['pkcs8', '-topk8', '-in', f('misc.key'), '-passout', 'pass:x', '-out', f('enc-key.pem')]),
    ossl(['x509', '-in', rsa.cert, '-trustout', '-addtrust', 'clientAuth', '-out', f('trusted.pem')]),
    ossl(['crl2pkcs7', '-nocrl', '-certfile', rsa.chain, '-out', f('chain.p7b')]),
    ossl(['crl2pkcs7', '-nocrl', '-certfile', rsa.chain, '-outform', 'DER', '-out', f('chain-der.p7b')]),
    ossl(['req', '-new', '-key', rsa.key, '-subj', '/CN=apmacwin', '-out', f('pss-leaf.csr')]),
  ]);
  const p12 = (out: string, pass: string, opts: string[]): Promise<string> =>
    ossl(['pkcs12', '-export', '-inkey', rsa.key, '-in', rsa.cert, '-certfile', pki.intermediate.cert, '-passout', `pass:${pass}`, '-out', out, ...opts]);
  await Promise.all([
    ossl(['x509', '-req', '-in', f('pss-leaf.csr'), '-CA', f('pss-root.pem'), '-CAkey', f('pss.key'), '-CAcreateserial', '-days', '30', '-out', f('pss-leaf.pem'), ...pss], dir),
    p12(f('rc2.p12'), pw, ['-legacy']),
    p12(f('des3.p12'), pw, ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']),
    p12(f('rc2-empty.p12'), '', ['-legacy']),
    p12(f('nomac.p12'), pw, ['-nomac', '-certpbe', 'AES-256-CBC']),
    p12(f('nomac-plain.p12'), pw, ['-nomac']),
    p12(f('umlaut.p12'), UMLAUT_PASSWORD, []),
    p12(f('umlaut-legacy.p12'), UMLAUT_PASSWORD, ['-legacy']),
    (async () => {
      await newKeyAndCsr('ec', 'Expired Test Root', f('exp-root.key'), f('exp-root.csr'));
      await signCsr({ workDir: f('w-exp-root'), csr: f('exp-root.csr'), out: f('exp-root.pem'), selfSignKey: f('exp-root.key'), extensions: EXT.ca(null), startDays: -60, endDays: -1 });
      await newKeyAndCsr('ec', 'apmacwin', f('exp-leaf.key'), f('exp-leaf.csr'));
      await signCsr({ workDir: f('w-exp-leaf'), csr: f('exp-leaf.csr'), out: f('exp-leaf.pem'), issuer: { cert: f('exp-root.pem'), key: f('exp-root.key') }, extensions: EXT.leaf('ec', 'clientAuth', false), startDays: -1, endDays: 30 });
    })(),
  ]);
  return {
    dir,
    rsa1024: f('rsa1024.pem'),
    pssRoot: f('pss-root.pem'),
    pssLeaf: f('pss-leaf.pem'),
    p384: f('p384.pem'),
    ed25519: f('ed25519.pem'),
    multiCn: f('multi-cn.pem'),
    noCn: f('no-cn.pem'),
    utf8Cn: f('utf8-cn.pem'),
    ecKeyPem: f('ec-key.pem'),
    pkcs8Der: f('key.der'),
    encKeyPem: f('enc-key.pem'),
    trustedCertPem: f('trusted.pem'),
    p7bPem: f('chain.p7b'),
    p7bDer: f('chain-der.p7b'),
    p12Password: pw,
    rc2P12: f('rc2.p12'),
    des3P12: f('des3.p12'),
    rc2EmptyP12: f('rc2-empty.p12'),
    nomacP12: f('nomac.p12'),
    nomacPlainP12: f('nomac-plain.p12'),
    umlautP12: f('umlaut.p12'),
    umlautLegacyP12: f('umlaut-legacy.p12'),
    fakeIntermediate: f('fake-inter.pem'),
    expiredRoot: f('exp-root.pem'),
    leafOfExpiredRoot: f('exp-leaf.pem'),
  };
}

/** Removes the temp dir made by extraFixtures. */
export function removeExtraFixtures(extra: Extra | undefined): void {
  if (extra) rmSync(extra.dir, { recursive: true, force: true });
}

/** Writes bytes to a file in `dir` and returns its path (for ad-hoc cases). */
export function writeTemp(dir: string, name: string, data: Uint8Array | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
}
