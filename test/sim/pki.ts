// Test PKI for the JOC Cockpit simulator and the e2e tests, made with the openssl CLI.
//
//   Root CA "JOC Guard Test Root CA" ─ Intermediate "JOC Guard Test Intermediate CA" ─ server (localhost),
//                                                                                   ─ most client certs
//   "Untrusted Test CA" (not trusted by the simulator) ─ client `untrusted`
//   client `selfsigned` is its own issuer (the simulator trusts that one certificate directly)
//
// generatePki(dir) always makes a fresh set (< 1 s: EC P-256 keys except the `rsa` client, openssl
// calls run in parallel). ensurePki(dir) reuses the set in dir when it is still good (see isReusable).
import { X509Certificate, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type KeyKind, EXT, exportP12, newKeyAndCsr, signCsr } from './openssl.ts';

export { createNssDb, chromiumAutoSelectPrefs } from './nss.ts';

/** Bump when the layout or the contents of the generated PKI change: old caches are then remade. */
export const PKI_GENERATOR_VERSION = 1;
export const ROOT_CA_CN = 'JOC Guard Test Root CA';
export const INTERMEDIATE_CA_CN = 'JOC Guard Test Intermediate CA';
export const UNTRUSTED_CA_CN = 'Untrusted Test CA';
export const RSA_P12_PASSWORD = 'secret';

export const CLIENT_NAMES = [
  'rsa', 'ecdsa', 'selfsigned', 'expired', 'notyetvalid', 'untrusted', 'noclientauth', 'casediff', 'soon',
] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

interface ClientSpec {
  cn: string;
  kind: KeyKind;
  issuer: 'intermediate' | 'untrusted' | 'self';
  eku: 'clientAuth' | 'serverAuth';
  /** Validity relative to now, in days. */
  startDays: number;
  endDays: number;
}

const spec = (cn: string, more: Partial<ClientSpec> = {}): ClientSpec => ({
  cn, kind: 'ec', issuer: 'intermediate', eku: 'clientAuth', startDays: -1, endDays: 365, ...more,
});

export const CLIENT_SPECS: Readonly<Record<ClientName, Readonly<ClientSpec>>> = {
  rsa: spec('apmacwin', { kind: 'rsa' }),
  ecdsa: spec('ecuser'),
  selfsigned: spec('selfuser', { issuer: 'self' }),
  expired: spec('expireduser', { startDays: -30, endDays: -1 }),
  notyetvalid: spec('futureuser', { startDays: 10, endDays: 375 }),
  untrusted: spec('apmacwin', { issuer: 'untrusted' }),
  noclientauth: spec('apmacwin', { eku: 'serverAuth' }),
  casediff: spec('APMacWin'),
  soon: spec('soonuser', { endDays: 10 }),
};

export interface CertInfo {
  cn: string;
  /** Absolute path of the PEM certificate. */
  cert: string;
  /** Absolute path of the unencrypted PEM private key. */
  key: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 fingerprint, upper-case hex with colons (as Node and Firefox show it). */
  sha256: string;
}

export interface ClientCert extends CertInfo {
  name: ClientName;
  issuerCn: string;
  keyType: KeyKind;
  /** PKCS#12 with an EMPTY password: key, certificate and its CA certificates; friendly name = name. */
  p12: string;
  /** Leaf followed by its intermediate (what a TLS client sends); just the leaf for self-issued chains. */
  chain: string;
  /** True when the simulator should accept it for login: trusted issuer, valid now, EKU clientAuth. */
  usableForLogin: boolean;
}

export interface Pki {
  generatorVersion: number;
  createdAt: string;
  dir: string;
  rootCa: CertInfo;
  intermediate: CertInfo;
  untrustedCa: CertInfo;
  /** server.cert is the leaf only; server.chain = leaf + intermediate (what the server presents). */
  server: CertInfo & { chain: string };
  clients: Record<ClientName, ClientCert>;
  /** The `rsa` client as PKCS#12 protected with RSA_P12_PASSWORD (file rsa-pw.p12). */
  rsaP12WithPassword: { p12: string; password: string };
  /** Root + intermediate CA: use as `ca` / `--cacert` to verify the server. */
  trustedCaBundle: string;
}

async function info(cert: string, key: string): Promise<CertInfo> {
  const x = new X509Certificate(await readFile(cert));
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1] ?? '';
  return {
    cn, cert, key, sha256: x.fingerprint256,
    notBefore: new Date(x.validFrom).toISOString(), notAfter: new Date(x.validTo).toISOString(),
  };
}

const cat = async (out: string, files: readonly string[]): Promise<void> => {
  const parts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  await writeFile(out, parts.map((p) => p.trimEnd() + '\n').join(''));
};

/** Generates a fresh PKI into `dir` (created if needed) and writes dir/pki.json. */
export async function generatePki(dirIn: string): Promise<Pki> {
  const dir = path.resolve(dirIn);
  const work = path.join(dir, 'work');
  const cdir = path.join(dir, 'clients');
  await Promise.all([mkdir(work, { recursive: true }), mkdir(cdir, { recursive: true })]);
  const f = (name: string): string => path.join(dir, name);
  const ca = {
    root: { cert: f('root-ca.pem'), key: f('root-ca.key'), csr: path.join(work, 'ca-root.csr') },
    inter: { cert: f('intermediate-ca.pem'), key: f('intermediate-ca.key'), csr: path.join(work, 'ca-inter.csr') },
    untrusted: { cert: f('untrusted-ca.pem'), key: f('untrusted-ca.key'), csr: path.join(work, 'ca-untrusted.csr') },
    server: { cert: f('server.pem'), key: f('server.key'), csr: path.join(work, 'ca-server.csr') },
  };
  const cf = (n: ClientName) => ({
    cert: path.join(cdir, `${n}.pem`), key: path.join(cdir, `${n}.key`), csr: path.join(work, `${n}.csr`),
    p12: path.join(cdir, `${n}.p12`), chain: path.join(cdir, `${n}-chain.pem`),
  });
  const w = (name: string): string => path.join(work, name);

  // 1. keys + CSRs, all in parallel (only the `rsa` client pays for RSA key generation).
  await Promise.all([
    newKeyAndCsr('ec', ROOT_CA_CN, ca.root.key, ca.root.csr),
    newKeyAndCsr('ec', INTERMEDIATE_CA_CN, ca.inter.key, ca.inter.csr),
    newKeyAndCsr('ec', UNTRUSTED_CA_CN, ca.untrusted.key, ca.untrusted.csr),
    newKeyAndCsr('ec', 'localhost', ca.server.key, ca.server.csr),
    ...CLIENT_NAMES.map((n) => newKeyAndCsr(CLIENT_SPECS[n].kind, CLIENT_SPECS[n].cn, cf(n).key, cf(n).csr)),
  ]);
  // 2. self-signed: the two roots and the self-signed client.
  const ss = CLIENT_SPECS.selfsigned;
  await Promise.all([
    signCsr({ workDir: w('ca-root'), csr: ca.root.csr, out: ca.root.cert, selfSignKey: ca.root.key, extensions: EXT.ca(null), startDays: -2, endDays: 3650 }),
    signCsr({ workDir: w('ca-untrusted'), csr: ca.untrusted.csr, out: ca.untrusted.cert, selfSignKey: ca.untrusted.key, extensions: EXT.ca(null), startDays: -2, endDays: 3650 }),
    signCsr({ workDir: w('s-selfsigned'), csr: cf('selfsigned').csr, out: cf('selfsigned').cert, selfSignKey: cf('selfsigned').key, extensions: EXT.leaf(ss.kind, ss.eku, true), startDays: ss.startDays, endDays: ss.endDays }),
  ]);
  // 3. the intermediate, 4. everything it (or the untrusted CA) issues.
  await signCsr({ workDir: w('ca-inter'), csr: ca.inter.csr, out: ca.inter.cert, issuer: ca.root, extensions: EXT.ca(0), startDays: -2, endDays: 1825 });
  await Promise.all([
    signCsr({ workDir: w('ca-server'), csr: ca.server.csr, out: ca.server.cert, issuer: ca.inter, extensions: EXT.server(), startDays: -1, endDays: 365 }),
    ...CLIENT_NAMES.filter((n) => CLIENT_SPECS[n].issuer !== 'self').map((n) => {
      const s = CLIENT_SPECS[n];
      const issuer = s.issuer === 'untrusted' ? ca.untrusted : ca.inter;
      return signCsr({ workDir: w(`s-${n}`), csr: cf(n).csr, out: cf(n).cert, issuer, extensions: EXT.leaf(s.kind, s.eku, false), startDays: s.startDays, endDays: s.endDays });
    }),
  ]);
  // 5. chains, bundles, PKCS#12 files.
  const serverChain = f('server-chain.pem');
  const bundle = f('trusted-ca-bundle.pem');
  const interCas = w('inter-cas.pem'); // intermediate + root, the CA part of every trusted client p12
  const rsaPw = f('rsa-pw.p12');
  await Promise.all([
    cat(serverChain, [ca.server.cert, ca.inter.cert]),
    cat(bundle, [ca.root.cert, ca.inter.cert]),
    cat(interCas, [ca.inter.cert, ca.root.cert]),
    ...CLIENT_NAMES.map((n) => {
      const iss = CLIENT_SPECS[n].issuer;
      return cat(cf(n).chain, iss === 'intermediate' ? [cf(n).cert, ca.inter.cert] : [cf(n).cert]);
    }),
  ]);
  const caCertsOf = (n: ClientName): string | null =>
    ({ intermediate: interCas, untrusted: ca.untrusted.cert, self: null })[CLIENT_SPECS[n].issuer];
  await Promise.all([
    ...CLIENT_NAMES.map((n) => exportP12({ key: cf(n).key, cert: cf(n).cert, caCerts: caCertsOf(n), name: n, password: '', out: cf(n).p12 })),
    exportP12({ key: cf('rsa').key, cert: cf('rsa').cert, caCerts: interCas, name: 'rsa', password: RSA_P12_PASSWORD, out: rsaPw }),
  ]);

  const now = Date.now();
  const clientEntries = await Promise.all(
    CLIENT_NAMES.map(async (n): Promise<[ClientName, ClientCert]> => {
      const s = CLIENT_SPECS[n];
      const i = await info(cf(n).cert, cf(n).key);
      const issuerCn = { intermediate: INTERMEDIATE_CA_CN, untrusted: UNTRUSTED_CA_CN, self: s.cn }[s.issuer];
      const valid = Date.parse(i.notBefore) <= now && now < Date.parse(i.notAfter);
      const usableForLogin = valid && s.issuer !== 'untrusted' && s.eku === 'clientAuth';
      return [n, { ...i, name: n, issuerCn, keyType: s.kind, p12: cf(n).p12, chain: cf(n).chain, usableForLogin }];
    }),
  );
  const [rootCa, intermediate, untrustedCa, server] = await Promise.all([
    info(ca.root.cert, ca.root.key), info(ca.inter.cert, ca.inter.key),
    info(ca.untrusted.cert, ca.untrusted.key), info(ca.server.cert, ca.server.key),
  ]);
  const pki: Pki = {
    generatorVersion: PKI_GENERATOR_VERSION,
    createdAt: new Date(now).toISOString(),
    dir, rootCa, intermediate, untrustedCa,
    server: { ...server, chain: serverChain },
    clients: Object.fromEntries(clientEntries) as Record<ClientName, ClientCert>,
    rsaP12WithPassword: { p12: rsaPw, password: RSA_P12_PASSWORD },
    trustedCaBundle: bundle,
  };
  await rm(work, { recursive: true, force: true });
  await writeJsonAtomic(path.join(dir, 'pki.json'), pki);
  return pki;
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
  await rename(tmp, file);
}

const DAY = 86_400_000;

/** Whether a cached PKI can be reused: same generator, files present, dates still as promised. */
export async function isReusable(pki: Pki, now = Date.now()): Promise<boolean> {
  if (pki.generatorVersion !== PKI_GENERATOR_VERSION) return false;
  const left = (c: CertInfo): number => Date.parse(c.notAfter) - now;
  const c = pki.clients;
  const longLived = [pki.rootCa, pki.intermediate, pki.untrustedCa, pki.server,
    ...CLIENT_NAMES.filter((n) => !['expired', 'notyetvalid', 'soon'].includes(n)).map((n) => c[n])];
  if (longLived.some((x) => !(left(x) > 30 * DAY) || Date.parse(x.notBefore) > now)) return false;
  if (!(left(c.soon) > 3 * DAY && left(c.soon) <= 10 * DAY)) return false; // still valid, still "near expiry"
  if (!(Date.parse(c.notyetvalid.notBefore) - now > 3 * DAY)) return false;
  if (!(left(c.expired) < 0)) return false;
  const files = [pki.rootCa, pki.intermediate, pki.untrustedCa, pki.server, ...Object.values(c)]
    .flatMap((x) => [x.cert, x.key])
    .concat(Object.values(c).flatMap((x) => [x.p12, x.chain]), [pki.server.chain, pki.trustedCaBundle, pki.rsaP12WithPassword.p12]);
  try {
    await Promise.all(files.map((p) => access(p)));
    return true;
  } catch {
    return false;
  }
}

async function readCached(file: string): Promise<Pki | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    if (!('generatorVersion' in parsed) || parsed.generatorVersion !== PKI_GENERATOR_VERSION) return null;
    if (!('clients' in parsed) || typeof parsed.clients !== 'object' || parsed.clients === null) return null;
    if (!CLIENT_NAMES.every((n) => n in (parsed.clients as object))) return null;
    const pki = parsed as Pki; // shape fixed by the generator version checked above
    return (await isReusable(pki)) ? pki : null;
  } catch {
    return null;
  }
}

/**
 * Returns the PKI cached in `dir` (dir/pki.json) if it is still good, else generates a new one into a
 * fresh `dir/gen-*` folder and points dir/pki.json at it. Safe against concurrent callers (each makes
 * its own folder; pki.json is replaced atomically). Stale gen-* folders older than 10 minutes go.
 */
export async function ensurePki(dirIn: string): Promise<Pki> {
  const dir = path.resolve(dirIn);
  const index = path.join(dir, 'pki.json');
  const cached = await readCached(index);
  if (cached) return cached;
  await mkdir(dir, { recursive: true });
  const genDir = path.join(dir, `gen-${Date.now()}-${randomBytes(3).toString('hex')}`);
  const pki = await generatePki(genDir);
  await writeJsonAtomic(index, pki);
  await removeStaleGenerations(dir, genDir);
  return pki;
}

async function removeStaleGenerations(dir: string, keep: string): Promise<void> {
  const entries = await readdir(dir).catch((): string[] => []);
  await Promise.all(
    entries
      .filter((e) => e.startsWith('gen-') && path.join(dir, e) !== keep)
      .map(async (e) => {
        const p = path.join(dir, e);
        const st = await stat(p).catch(() => null);
        if (st && Date.now() - st.mtimeMs > 10 * 60_000) await rm(p, { recursive: true, force: true });
      }),
  );
}
