// Thin wrappers around the openssl CLI (OpenSSL 3.0 on Debian 12) used by pki.ts.
// Every certificate is issued with `openssl ca`, because in 3.0 it is the only command that
// takes explicit -startdate/-enddate (`x509 -req` has no -not_before before 3.4). Each signing
// gets its own throw-away CA database, so independent signings can run in parallel.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type KeyKind = 'ec' | 'rsa';

const OPENSSL = process.env['OPENSSL_BIN'] ?? 'openssl';
const DAY_MS = 86_400_000;

/** Runs openssl with the given arguments; rejects with its stderr on failure. */
export function openssl(args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(OPENSSL, args, { cwd, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is openssl installed?)' : '';
        reject(new Error(`openssl ${args.slice(0, 2).join(' ')} failed${hint}: ${String(stderr).trim() || err.message}`));
      } else resolve(String(stdout));
    });
  });
}

/** A date `days` from now (negative = in the past), in the GeneralizedTime form openssl ca wants. */
export function opensslDate(days: number, now = Date.now()): string {
  const iso = new Date(now + days * DAY_MS).toISOString(); // 2026-11-23T10:11:12.345Z
  return iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
}

function keyArgs(kind: KeyKind): string[] {
  return kind === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
}

/** Creates an unencrypted private key and a CSR with subject CN=`cn`. */
export async function newKeyAndCsr(kind: KeyKind, cn: string, keyFile: string, csrFile: string): Promise<void> {
  await openssl(['req', '-new', ...keyArgs(kind), '-nodes', '-keyout', keyFile, '-out', csrFile, '-subj', `/CN=${cn}`]);
}

export interface SignOptions {
  /** Scratch directory for this signing's CA database (must be unique per call). */
  workDir: string;
  csr: string;
  out: string;
  /** Issuer certificate and key; omit both for a self-signed certificate (key = the CSR's key). */
  issuer?: { cert: string; key: string };
  selfSignKey?: string;
  /** Extension lines (openssl x509v3 config syntax) for the new certificate. */
  extensions: readonly string[];
  startDays: number;
  endDays: number;
}

/** Issues a certificate with `openssl ca` from a private, throw-away CA database. */
export async function signCsr(o: SignOptions): Promise<void> {
  await mkdir(o.workDir, { recursive: true });
  const db = path.join(o.workDir, 'index.txt');
  const cnf = path.join(o.workDir, 'ca.cnf');
  const ext = path.join(o.workDir, 'ext.cnf');
  await Promise.all([
    writeFile(db, ''),
    writeFile(
      cnf,
      [
        '[ca]',
        'default_ca = sim',
        '[sim]',
        `database = ${db}`,
        `new_certs_dir = ${o.workDir}`,
        'rand_serial = yes',
        'default_md = sha256',
        'policy = sim_policy',
        'unique_subject = no',
        'copy_extensions = none',
        'preserve = yes',
        '[sim_policy]',
        'commonName = supplied',
        '',
      ].join('\n'),
    ),
    writeFile(ext, ['[ext]', ...o.extensions, ''].join('\n')),
  ]);
  const signer = o.issuer
    ? ['-cert', o.issuer.cert, '-keyfile', o.issuer.key]
    : ['-selfsign', '-keyfile', o.selfSignKey ?? ''];
  await openssl([
    'ca', '-batch', '-notext', '-config', cnf, ...signer,
    '-in', o.csr, '-out', o.out,
    '-startdate', opensslDate(o.startDays), '-enddate', opensslDate(o.endDays),
    '-extfile', ext, '-extensions', 'ext',
  ]);
}

/** Exports key + certificate + extra CA certificates as PKCS#12 (OpenSSL 3 defaults: PBES2/AES-256). */
export async function exportP12(o: {
  key: string;
  cert: string;
  caCerts: string | null;
  name: string;
  password: string;
  out: string;
}): Promise<void> {
  const extra = o.caCerts ? ['-certfile', o.caCerts] : [];
  await openssl([
    'pkcs12', '-export', '-inkey', o.key, '-in', o.cert, ...extra,
    '-name', o.name, '-passout', `pass:${o.password}`, '-out', o.out,
  ]);
}

export const EXT = {
  ca: (pathLen: number | null): string[] => [
    `basicConstraints = critical, CA:TRUE${pathLen === null ? '' : `, pathlen:${pathLen}`}`,
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    // Roots (pathLen null) are self-signed: no authority key id needed.
    ...(pathLen === null ? [] : ['authorityKeyIdentifier = keyid:always']),
  ],
  server: (): string[] => [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
  ],
  leaf: (kind: KeyKind, eku: 'clientAuth' | 'serverAuth', selfSigned: boolean): string[] => [
    'basicConstraints = critical, CA:FALSE',
    `keyUsage = critical, ${kind === 'rsa' ? 'digitalSignature, keyEncipherment' : 'digitalSignature'}`,
    `extendedKeyUsage = ${eku}`,
    'subjectKeyIdentifier = hash',
    ...(selfSigned ? [] : ['authorityKeyIdentifier = keyid:always']),
  ],
};
