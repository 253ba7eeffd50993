// Makes sure the Debian packages the tests need are there: installs them when
// running as root, otherwise fails with the exact command to run.
import { existsSync } from 'node:fs';
import { run } from './proc.ts';

export const SYSTEM_DEPS: { bin: string; pkg: string }[] = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: '/usr/bin/firefox-esr', pkg: 'firefox-esr' },
  { bin: '/usr/bin/certutil', pkg: 'libnss3-tools' },
  { bin: '/usr/bin/pk12util', pkg: 'libnss3-tools' },
  { bin: '/usr/bin/openssl', pkg: 'openssl' },
  // A private session bus for the screen-lock and system-idle scenarios (test/e2e/support/dbus.ts).
  { bin: '/usr/bin/dbus-daemon', pkg: 'dbus-daemon' },
];

export function missingPackages(exists: (p: string) => boolean = existsSync): string[] {
  return [...new Set(SYSTEM_DEPS.filter((d) => !exists(d.bin)).map((d) => d.pkg))];
}

export async function ensureSystemDeps(log: (s: string) => void = (s) => console.log(s)): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing system packages (${missing.join(', ')}); run as root: ${cmd}`);
  }
  log(`installing ${missing.join(' ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { quiet: true, env, timeoutMs: 300_000 });
  await run('apt-get', ['install', '-y', '-q', ...missing], { quiet: true, env, timeoutMs: 900_000 });
  const still = missingPackages();
  if (still.length > 0) throw new Error(`apt-get did not provide ${still.join(', ')}; run: ${cmd}`);
}

if (process.argv[1]?.endsWith('ensure-deps.ts')) {
  ensureSystemDeps().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
