// `npm run package`: release packages, reproducible byte for byte.
//
//   artifacts/joc-guard-<version>-firefox.xpi    Firefox (AMO upload, or sign unlisted and self-host)
//   artifacts/joc-guard-<version>-chromium.zip   Chrome Web Store / Edge Add-ons upload
//   artifacts/joc-guard-<version>-chromium.crx   self-hosted Chromium package (CRX3), only with a key
//   artifacts/update.xml                         its update manifest (gupdate), only with a key
//   artifacts/THIRD-PARTY-LICENSES.txt           bundled npm packages and their licences (also inside each package)
//   artifacts/SHA256SUMS                         `sha256sum -c` compatible, sorted
//
// Options (each also as an environment variable):
//   --key <file.pem>     JOCGUARD_CRX_KEY    RSA private key for the .crx (a path, or the PEM text itself);
//                                            without it the .crx and update.xml are skipped
//   --base-url <url>     JOCGUARD_BASE_URL   where artifacts/ will be served (default: a placeholder)
//   --crx-url <url>      JOCGUARD_CRX_URL    exact download URL of the .crx (default: <base-url><crx name>)
//   --hosts <origins>    JOCGUARD_HOSTS      comma-separated JOC origins granted at install (host_permissions)
//   --out <dir>                              output directory (default: artifacts)
//   --reuse-build                            package the builds in dist/ as they are (no webpack run)
//   SOURCE_DATE_EPOCH                        time stamp of the zip entries (default 1980-02-01)
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, packageVersion } from './build.ts';
import { extensionIdFromPublicKey, loadRsaPrivateKey, publicKeyDer, readCrx3, updateXml, writeCrx3 } from './crx3.ts';
import { LICENSE_FILE } from './licenses.ts';
import { hostPatternFor, type Target } from '../build/manifest.ts';
import { deterministicZip, readTree, zipTime, type ZipFile } from './zip.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Placeholder until the administrator says where the files will be served. */
export const PLACEHOLDER_BASE_URL = 'https://extensions.example.invalid/joc-guard/';

export interface PackageOptions {
  /** Output directory; earlier JOC Guard artifacts in it are replaced. */
  outDir: string;
  /** Where the release builds are made (or, with reuseBuild, found): <buildRoot>/firefox, <buildRoot>/chromium. Default dist/. */
  buildRoot?: string;
  /** Package the builds found in buildRoot without running webpack (they are checked first). */
  reuseBuild?: boolean;
  /** JOC origins (https://host[:port]) granted at install. */
  hosts?: string[];
  /** CRX signing key; null or absent: no .crx, no update.xml. */
  crxKey?: KeyObject | null;
  /** Directory URL the artifacts are served from (update.xml's codebase = baseUrl + crx name). */
  baseUrl?: string;
  /** Exact codebase of the .crx; overrides baseUrl. */
  crxUrl?: string;
  /** Time of every zip entry (ms); default SOURCE_DATE_EPOCH or 1980-02-01. */
  timeMs?: number;
  log?: (line: string) => void;
}

export interface PackageResult {
  version: string;
  outDir: string;
  /** Artifact file names written, sorted (SHA256SUMS included). */
  files: string[];
  /** Chromium extension id of the .crx (from the key), null without a key. */
  extensionId: string | null;
  /** Where update.xml says the .crx is. */
  codebase: string | null;
  buildDirs: Record<Target, string>;
}

export const artifactName = (version: string, kind: 'firefox.xpi' | 'chromium.zip' | 'chromium.crx'): string => `joc-guard-${version}-${kind}`;

type Manifest = Record<string, unknown> & { version?: unknown; name?: unknown; host_permissions?: unknown };

/** What must never ship; packaging refuses a build that shows any of it. */
export function releaseProblems(files: ZipFile[], expected: { version: string; hostPatterns: string[] }): string[] {
  const problems: string[] = [];
  const manifestFile = files.find((f) => f.path === 'manifest.json');
  if (!manifestFile) return ['no manifest.json'];
  const m = JSON.parse(Buffer.from(manifestFile.data).toString('utf8')) as Manifest;
  if (m.version !== expected.version) problems.push(`manifest version ${String(m.version)} is not package.json's ${expected.version}`);
  if (typeof m.name === 'string' && /E2E/i.test(m.name)) problems.push(`manifest name '${m.name}' is a test build's`);
  const hostPermissions = Array.isArray(m.host_permissions) ? (m.host_permissions as unknown[]) : [];
  if (JSON.stringify(hostPermissions) !== JSON.stringify(expected.hostPatterns)) {
    problems.push(`host_permissions ${JSON.stringify(hostPermissions)}, expected ${JSON.stringify(expected.hostPatterns)}`);
  }
  if (!files.some((f) => f.path === LICENSE_FILE)) problems.push(`no ${LICENSE_FILE}`);
  for (const f of files) {
    if (/e2e/i.test(f.path)) problems.push(`test file ${f.path}`);
    if (f.path.endsWith('.map')) problems.push(`source map ${f.path}`);
    if (f.path.endsWith('.js') && Buffer.from(f.data).includes('jocguard-e2e')) problems.push(`${f.path} contains the E2E test bridge`);
  }
  return problems;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256sum` format: "<hex>  <name>", sorted by name, LF line ends. */
export function sha256sums(files: Map<string, Uint8Array>): string {
  return [...files.keys()]
    .sort()
    .map((name) => `${sha256(files.get(name) ?? new Uint8Array())}  ${name}\n`)
    .join('');
}

const OWN_ARTIFACT = /^(joc-guard-.+-(firefox\.xpi|chromium\.zip|chromium\.crx)|update\.xml|SHA256SUMS|THIRD-PARTY-LICENSES\.txt)$/;

export async function packageRelease(o: PackageOptions): Promise<PackageResult> {
  const log = o.log ?? ((s: string) => console.log(s));
  const version = packageVersion();
  const buildRoot = o.buildRoot ?? path.join(root, 'dist');
  const hostPatterns = [...new Set((o.hosts ?? []).map(hostPatternFor))].sort();
  const buildDirs: Record<Target, string> = { firefox: path.join(buildRoot, 'firefox'), chromium: path.join(buildRoot, 'chromium') };
  if (o.reuseBuild) {
    for (const dir of Object.values(buildDirs)) {
      if (!existsSync(path.join(dir, 'manifest.json'))) throw new Error(`--reuse-build: no build in ${dir}; run without it`);
    }
  } else {
    const started = Date.now();
    await build({ e2e: false, quiet: true, outRoot: buildRoot, hosts: hostPatterns });
    log(`built ${path.relative(root, buildRoot) || buildRoot} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const timeMs = o.timeMs ?? zipTime();
  const out = new Map<string, Uint8Array>();
  const trees = { firefox: readTree(buildDirs.firefox), chromium: readTree(buildDirs.chromium) };
  for (const [target, files] of Object.entries(trees)) {
    const problems = releaseProblems(files, { version, hostPatterns });
    if (problems.length > 0) throw new Error(`${buildDirs[target as Target]} is not a release build: ${problems.join('; ')}`);
  }
  const licences = trees.firefox.find((f) => f.path === LICENSE_FILE)?.data;
  const chromiumLicences = trees.chromium.find((f) => f.path === LICENSE_FILE)?.data;
  if (!licences || !chromiumLicences || !Buffer.from(licences).equals(Buffer.from(chromiumLicences))) {
    throw new Error(`${LICENSE_FILE} differs between the Firefox and the Chromium build`);
  }
  out.set(LICENSE_FILE, licences);
  out.set(artifactName(version, 'firefox.xpi'), deterministicZip(trees.firefox, timeMs));
  const chromiumZip = deterministicZip(trees.chromium, timeMs);
  out.set(artifactName(version, 'chromium.zip'), chromiumZip);

  let extensionId: string | null = null;
  let codebase: string | null = null;
  if (o.crxKey) {
    const crxName = artifactName(version, 'chromium.crx');
    const crx = writeCrx3(chromiumZip, o.crxKey);
    // Read back what was written: a broken signature must not get as far as a fleet.
    const check = readCrx3(crx);
    extensionId = extensionIdFromPublicKey(publicKeyDer(o.crxKey));
    if (check.extensionId !== extensionId || !check.zip.equals(Buffer.from(chromiumZip))) throw new Error('the .crx does not verify');
    const baseUrl = o.baseUrl ?? PLACEHOLDER_BASE_URL;
    codebase = o.crxUrl ?? new URL(crxName, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
    const minChrome = (JSON.parse(Buffer.from(trees.chromium.find((f) => f.path === 'manifest.json')?.data ?? []).toString('utf8')) as Manifest)
      .minimum_chrome_version;
    out.set(crxName, crx);
    out.set('update.xml', Buffer.from(updateXml({ extensionId, version, codebase, minChromeVersion: typeof minChrome === 'string' ? minChrome : undefined })));
  }
  out.set('SHA256SUMS', Buffer.from(sha256sums(out)));

  mkdirSync(o.outDir, { recursive: true });
  for (const name of readdirSync(o.outDir)) if (OWN_ARTIFACT.test(name)) rmSync(path.join(o.outDir, name));
  for (const [name, data] of out) writeFileSync(path.join(o.outDir, name), data, { mode: 0o644 });
  return { version, outDir: o.outDir, files: [...out.keys()].sort(), extensionId, codebase, buildDirs };
}

// ---- command line ----

function keyFrom(value: string | undefined): KeyObject | null {
  if (value === undefined || value.trim() === '') return null;
  if (value.includes('-----BEGIN')) return loadRsaPrivateKey(value);
  if (!existsSync(value)) throw new Error(`CRX key file ${value} does not exist`);
  return loadRsaPrivateKey(readFileSync(value));
}

const list = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      key: { type: 'string' },
      'base-url': { type: 'string' },
      'crx-url': { type: 'string' },
      hosts: { type: 'string' },
      out: { type: 'string' },
      'reuse-build': { type: 'boolean' },
    },
    strict: true,
  });
  const env = process.env;
  const crxKey = keyFrom(values.key ?? env.JOCGUARD_CRX_KEY);
  const baseUrl = values['base-url'] ?? env.JOCGUARD_BASE_URL;
  const crxUrl = values['crx-url'] ?? env.JOCGUARD_CRX_URL;
  const hosts = list(values.hosts ?? env.JOCGUARD_HOSTS);
  const outDir = path.resolve(values.out ?? path.join(root, 'artifacts'));
  const started = Date.now();
  const r = await packageRelease({
    outDir,
    crxKey,
    hosts,
    reuseBuild: values['reuse-build'] === true,
    ...(baseUrl ? { baseUrl } : {}),
    ...(crxUrl ? { crxUrl } : {}),
  });
  if (hosts.length > 0) console.log(`host permissions granted at install: ${hosts.map(hostPatternFor).join(', ')} (an organisation build: do not upload it to a public store listing)`);
  if (!crxKey) {
    console.log('no .crx: no signing key given (--key key.pem or JOCGUARD_CRX_KEY); the .xpi and the store zip are made anyway');
  } else {
    console.log(`.crx extension id ${r.extensionId}; update.xml codebase ${r.codebase}`);
    if (!crxUrl && !baseUrl) console.log(`  update.xml points at the placeholder ${PLACEHOLDER_BASE_URL}: pass --base-url or --crx-url for a real deployment`);
    console.log(`  Chromium policy ExtensionInstallForcelist: "${r.extensionId};${new URL('update.xml', r.codebase ?? PLACEHOLDER_BASE_URL).href}"`);
  }
  console.log(`packaged JOC Guard ${r.version} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), outDir) || '.'}/`);
  for (const f of r.files) console.log(`  ${f}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(`package failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
