// The release packages packaged.e2e.ts runs: made once per run into a directory
// .tmp/e2e-packaged-<pid of the process that owns the run>/, then read by both
// browser projects (each works on its own copies). npm test makes them beside its
// early steps (tools/e2e-prepare.ts --packages DIR, passed on to the end-to-end
// step as JOCGUARD_E2E_PACKAGES), where they cost the end-to-end step nothing; a run
// of the end-to-end configuration alone makes them in the first worker that needs them.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRelease, type PackageResult } from '../../../tools/package.ts';

export const PACKAGES_BASE = path.resolve(import.meta.dirname, '../../../.tmp');
export const packagesDir = (ownerPid: number): string => path.join(PACKAGES_BASE, `e2e-packaged-${ownerPid}`);

/** Builds the packages into `dir` (which must exist): result.json when done, `failed` with the reason if not. */
export async function makePackages(dir: string): Promise<void> {
  for (const old of (await readdir(PACKAGES_BASE)).filter((d) => /^e2e-packaged-\d+$/.test(d) && path.join(PACKAGES_BASE, d) !== dir)) {
    const pid = Number(old.slice('e2e-packaged-'.length));
    if (!existsSync(`/proc/${pid}`)) await rm(path.join(PACKAGES_BASE, old), { recursive: true, force: true });
  }
  const result = path.join(dir, 'result.json');
  try {
    const k = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const made = await packageRelease({
      outDir: path.join(dir, 'artifacts'),
      buildRoot: path.join(dir, 'build'),
      hosts: ['https://localhost'],
      crxKey: k,
      baseUrl: 'https://updates.example.invalid/joc-guard/',
      log: () => undefined,
    });
    await writeFile(`${result}.part`, JSON.stringify({ pkg: made, key: k.export({ type: 'pkcs8', format: 'pem' }) }), { mode: 0o600 });
    await rename(`${result}.part`, result);
  } catch (err) {
    await writeFile(path.join(dir, 'failed'), err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/** The packages in `dir` once they are there; throws if their build failed. */
export async function readPackages(dir: string): Promise<{ pkg: PackageResult; key: KeyObject }> {
  for (;;) {
    if (existsSync(path.join(dir, 'result.json'))) {
      const r = JSON.parse(await readFile(path.join(dir, 'result.json'), 'utf8')) as { pkg: PackageResult; key: string };
      return { pkg: r.pkg, key: createPrivateKey(r.key) };
    }
    if (existsSync(path.join(dir, 'failed'))) throw new Error(`the release package build failed: ${await readFile(path.join(dir, 'failed'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The directory's owner makes it; everybody else waits for what it made. */
export async function sharedPackages(dir: string): Promise<{ pkg: PackageResult; key: KeyObject }> {
  await mkdir(PACKAGES_BASE, { recursive: true });
  const owner = await mkdir(dir).then(
    () => true,
    (err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return false;
    },
  );
  if (owner) await makePackages(dir);
  return readPackages(dir);
}
