// Once per e2e run: the E2E build, system packages, the test PKI, the Firefox
// profile template (firefox-template.ts). Each browser project calls it; the work
// is done once per run (a stamp names this vitest process). npm test builds and
// prepares beforehand (JOCGUARD_SKIP_BUILD=1, tools/e2e-prepare.ts): what is left
// here then finds everything made and only checks it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureSystemDeps } from '../../../tools/ensure-deps.ts';
import { build } from '../../../tools/build.ts';
import { ensurePki } from '../../sim/pki.ts';
import { prepareFirefoxTemplate } from './browsers.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const PKI_DIR = path.join(ROOT, '.tmp/pki');
const STAMP = path.join(ROOT, '.tmp/e2e-setup-pid');

/** System packages, test PKI, Firefox profile template: each kept once made (npm test runs this beside its other early steps). */
export async function prepareE2e(): Promise<void> {
  await ensureSystemDeps();
  await prepareFirefoxTemplate(await ensurePki(PKI_DIR));
}

export default async function setup(): Promise<void> {
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === String(process.pid)) return;
  if (process.env.JOCGUARD_SKIP_BUILD !== '1') await build({ e2e: true, quiet: true });
  await prepareE2e();
  writeFileSync(STAMP, String(process.pid));
}
