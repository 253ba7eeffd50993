// A Firefox profile as Firefox leaves it after its first start, without any
// add-on, client certificate or site data: its caches and databases. Copied
// into every new test profile, it spares each launch Firefox's first-run work
// (startup cache, add-on database, places schema): measured 2.1 → 1.5 s and
// about 1 s of CPU less per launch, of the ~40 Firefox launches of a run.
// Made once and kept while the installed Firefox stays the same (its version
// and build id are the stamp); what could carry state from one test into
// another (storage, cookies, permissions, session history, certificates,
// prefs) is never part of it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const FIREFOX_TEMPLATE = path.join(ROOT, '.tmp/firefox-template');
export const STAMP_FILE = 'stamp';
const FIREFOX = '/usr/bin/firefox-esr';

/** What a first start leaves that only saves work: caches, the add-on database of the built-in add-ons, empty schemas. */
const KEPT = ['startupCache', 'extensions.json', 'addonStartup.json.lz4', 'compatibility.ini', 'places.sqlite', 'favicons.sqlite', 'search.json.mozlz4', 'xulstore.json', 'security_state'];

function firefoxStamp(): string {
  return execFileSync(FIREFOX, ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent' } }).trim();
}

/** Makes the template unless one for this Firefox exists. `launchOnce` starts and stops Firefox with the profile `<dir>/profile`. */
export async function ensureFirefoxTemplate(launchOnce: (profile: string) => Promise<void>): Promise<void> {
  if (!existsSync(FIREFOX)) return;
  const stamp = firefoxStamp();
  const stampFile = path.join(FIREFOX_TEMPLATE, STAMP_FILE);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  // Made beside the template and moved into place, so that a run starting meanwhile copies
  // either no template or a whole one (it copies only where the stamp is).
  const next = `${FIREFOX_TEMPLATE}.${process.pid}`;
  await rm(next, { recursive: true, force: true });
  const scratch = path.join(next, 'scratch');
  await mkdir(path.join(scratch, 'profile'), { recursive: true });
  await launchOnce(scratch);
  const first = path.join(scratch, 'profile');
  const profile = path.join(next, 'profile');
  await mkdir(profile, { recursive: true });
  for (const item of KEPT) {
    if (existsSync(path.join(first, item))) await cp(path.join(first, item), path.join(profile, item), { recursive: true });
  }
  await rm(scratch, { recursive: true, force: true });
  writeFileSync(path.join(next, STAMP_FILE), stamp);
  await rm(FIREFOX_TEMPLATE, { recursive: true, force: true });
  await rename(next, FIREFOX_TEMPLATE).catch(async (err: unknown) => {
    // Another run put its template in place first: theirs serves as well.
    await rm(next, { recursive: true, force: true });
    if (!existsSync(stampFile)) throw err;
  });
}
