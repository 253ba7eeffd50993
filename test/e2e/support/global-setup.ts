// Once per e2e run: system packages, the E2E build, the test PKI.
import path from 'node:path';
import { ensureSystemDeps } from '../../../tools/ensure-deps.ts';
import { build } from '../../../tools/build.ts';
import { ensurePki } from '../../sim/pki.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const PKI_DIR = path.join(ROOT, '.tmp/pki');

export default async function setup(): Promise<void> {
  await ensureSystemDeps();
  if (process.env.JOCGUARD_SKIP_BUILD !== '1') await build({ e2e: true, quiet: true });
  await ensurePki(PKI_DIR);
}
