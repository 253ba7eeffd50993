// Browser profile helpers for the e2e tests (see shared/reference/browser-testing.md §4):
// an NSS database with the test root CA trusted and one client certificate, and the Chromium
// content setting that auto-selects that client certificate (headless Chromium hangs otherwise).
import { execFile } from 'node:child_process';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientName, Pki } from './pki.ts';

const INSTALL_HINT = 'apt-get install -y libnss3-tools';

async function findTool(name: string): Promise<string> {
  const dirs = (process.env['PATH'] ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/local/bin']);
  for (const d of dirs) {
    if (!d) continue;
    const p = path.join(d, name);
    try {
      await access(p);
      return p;
    } catch {
      // try the next directory
    }
  }
  throw new Error(`${name} (NSS tools) not found; install them with: ${INSTALL_HINT}`);
}

function run(cmd: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${String(stderr).trim() || err.message}`));
      else resolve();
    });
  });
}

/**
 * Creates a fresh NSS database (cert9.db/key4.db) in `dbDir`: the test root CA trusted for TLS
 * servers (`C,,`) and, unless `client` is null, that client's PKCS#12 (key + cert + its CA certs).
 * For Chromium use `<HOME>/.pki/nssdb` and launch with HOME; for Firefox use the profile directory.
 */
export async function createNssDb(dbDir: string, pki: Pki, client: ClientName | null): Promise<void> {
  const [certutil, pk12util] = await Promise.all([findTool('certutil'), findTool('pk12util')]);
  await mkdir(dbDir, { recursive: true });
  await Promise.all(['cert9.db', 'key4.db', 'pkcs11.txt'].map((f) => rm(path.join(dbDir, f), { force: true })));
  const db = `sql:${dbDir}`;
  await run(certutil, ['-d', db, '-N', '--empty-password']);
  await run(certutil, ['-d', db, '-A', '-t', 'C,,', '-n', pki.rootCa.cn, '-i', pki.rootCa.cert]);
  if (client !== null) await run(pk12util, ['-d', db, '-i', pki.clients[client].p12, '-W', '']);
}

type Json = { [key: string]: unknown };

function child(obj: Json, key: string): Json {
  const v = obj[key];
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
  const fresh: Json = {};
  obj[key] = fresh;
  return fresh;
}

/**
 * Writes (or merges into) `<userDataDir>/Default/Preferences` the content setting
 * `profile.content_settings.exceptions.auto_select_certificate` for https://localhost:* and
 * https://127.0.0.1:* with the filter `{}` (any certificate). That is fine because every test
 * profile holds exactly one client certificate. `_issuerCN` is accepted for call-site clarity
 * only: an issuer filter would not match the self-signed or untrusted client certificates.
 */
export async function chromiumAutoSelectPrefs(userDataDir: string, _issuerCN?: string): Promise<void> {
  const dir = path.join(userDataDir, 'Default');
  const file = path.join(dir, 'Preferences');
  await mkdir(dir, { recursive: true });
  let prefs: Json = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) prefs = parsed as Json;
  } catch {
    // no (readable) Preferences yet
  }
  const exceptions = child(child(child(prefs, 'profile'), 'content_settings'), 'exceptions');
  const autoSelect = child(exceptions, 'auto_select_certificate');
  for (const host of ['localhost', '127.0.0.1']) {
    autoSelect[`https://${host}:*,*`] = { setting: { filters: [{}] } };
  }
  await writeFile(file, JSON.stringify(prefs));
}
