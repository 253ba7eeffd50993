// Once per e2e run: system packages, the E2E build, the test PKI, the Firefox
// profile template (firefox-template.ts). Each browser
// project calls it; the work is done once per run (a stamp names this vitest
// process), and not at all with JOCGUARD_SKIP_BUILD=1 (npm test builds first).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureSystemDeps } from '../../../tools/ensure-deps.ts';
import { build } from '../../../tools/build.ts';
import { ensurePki } from '../../sim/pki.ts';
import { prepareFirefoxTemplate } from './browsers.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const PKI_DIR = path.join(ROOT, '.tmp/pki');
const STAMP = path.join(ROOT, '.tmp/e2e-setup-pid');

export default async function setup(): Promise<void> {
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === String(process.pid)) return;
  await ensureSystemDeps();
  if (process.env.JOCGUARD_SKIP_BUILD !== '1') await build({ e2e: true, quiet: true });
  await prepareFirefoxTemplate(await ensurePki(PKI_DIR));
  writeFileSync(STAMP, String(process.pid));
}
