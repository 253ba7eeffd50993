// Builds dist/firefox and dist/chromium (or dist-e2e/* with --e2e) and, for
// release builds, their zips in artifacts/. Prints bundle sizes per entry.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { createConfig } from '../webpack.config.ts';
import type { Target } from './manifest.ts';
import { run } from './proc.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS: Target[] = ['firefox', 'chromium'];

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function distDir(target: Target, e2e: boolean): string {
  return path.join(root, e2e ? 'dist-e2e' : 'dist', target);
}

function compile(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (!stats || stats.hasErrors()) {
        return reject(new Error(stats?.toString({ all: false, errors: true }) ?? 'webpack failed'));
      }
      resolve();
    });
  });
}

export async function build(opts: { e2e: boolean; zip: boolean; quiet?: boolean }): Promise<void> {
  const version = packageVersion();
  for (const target of TARGETS) {
    const outDir = distDir(target, opts.e2e);
    await compile(createConfig({ target, e2e: opts.e2e, outDir, version }));
    if (!opts.quiet) {
      const sizes = readdirSync(outDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => `${f} ${(statSync(path.join(outDir, f)).size / 1024).toFixed(1)} KiB`);
      console.log(`built ${path.relative(root, outDir)}: ${sizes.join(', ')}`);
    }
    if (opts.zip) {
      await run(
        process.execPath,
        [
          path.join(root, 'node_modules/web-ext/bin/web-ext.js'),
          'build',
          '--source-dir',
          outDir,
          '--artifacts-dir',
          path.join(root, 'artifacts'),
          '--overwrite-dest',
          '--filename',
          `joc-guard-${version}-${target}.zip`,
        ],
        { quiet: true },
      );
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const e2e = process.argv.includes('--e2e');
  build({ e2e, zip: !e2e }).catch((err: unknown) => {
    console.error(`build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
