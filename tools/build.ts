// Builds dist/firefox and dist/chromium (or dist-e2e/* with --e2e), each with
// THIRD-PARTY-LICENSES.txt for the npm packages webpack bundled into it, and
// prints bundle sizes per entry. The packages (.xpi, store zip, .crx) are made
// from these builds by tools/package.ts (`npm run package`).
import { readFileSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { createConfig } from '../webpack.config.ts';
import { bundledPackageDirs, bundledPackages, LICENSE_FILE, LICENSE_STATS, licenseReport, mergeDirs, type BundledPackage } from './licenses.ts';
import type { Target } from '../build/manifest.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS: Target[] = ['firefox', 'chromium'];

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function distDir(target: Target, e2e: boolean): string {
  return path.join(root, e2e ? 'dist-e2e' : 'dist', target);
}

function compile(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    const compiler = webpack(config);
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (!stats || stats.hasErrors()) {
        return reject(new Error(stats?.toString({ all: false, errors: true }) ?? 'webpack failed'));
      }
      resolve(stats);
    });
  });
}

export interface BuildOptions {
  e2e: boolean;
  quiet?: boolean;
  /** Build into <outRoot>/firefox and <outRoot>/chromium instead of dist/ (packaging, tests). */
  outRoot?: string;
  /** Match patterns granted at install (see tools/package.ts --hosts). */
  hosts?: string[];
  /** Formatted, unmangled bundles for review (webpack.config.ts `readable`). */
  readable?: boolean;
  /** E2E builds: terser as in release builds instead of esbuild's faster minifier (webpack.config.ts `minifier`). */
  minifier?: 'terser' | 'esbuild';
}

export interface BuildResult {
  dirs: Record<Target, string>;
  /** The npm packages bundled into either build (THIRD-PARTY-LICENSES.txt lists them). */
  packages: BundledPackage[];
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const version = packageVersion();
  const dirs = {} as Record<Target, string>;
  const used: Map<string, Set<string>>[] = [];
  for (const target of TARGETS) {
    const outDir = opts.outRoot ? path.join(opts.outRoot, target) : distDir(target, opts.e2e);
    dirs[target] = outDir;
    const stats = await compile(
      createConfig({ target, e2e: opts.e2e, outDir, version, hosts: opts.hosts ?? [], readable: opts.readable === true, ...(opts.minifier ? { minifier: opts.minifier } : {}) }),
    );
    used.push(bundledPackageDirs(stats.toJson(LICENSE_STATS)));
    if (!opts.quiet) {
      const sizes = readdirSync(outDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => `${f} ${(statSync(path.join(outDir, f)).size / 1024).toFixed(1)} KiB`);
      console.log(`built ${path.relative(root, outDir)}: ${sizes.join(', ')}`);
    }
  }
  // One report for both builds, so every package carries the same text.
  const packages = bundledPackages(mergeDirs(used));
  const report = licenseReport(packages, { name: 'JOC Guard', version });
  for (const dir of Object.values(dirs)) writeFileSync(path.join(dir, LICENSE_FILE), report);
  return { dirs, packages };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const e2e = process.argv.includes('--e2e');
  const readable = process.argv.includes('--readable');
  const terser = process.argv.includes('--terser'); // E2E build minified as release builds are
  build({ e2e, readable, ...(terser ? { minifier: 'terser' as const } : {}), ...(readable ? { outRoot: path.join(root, 'dist-readable') } : {}) })
    .then(() => {
      if (!e2e) console.log('packages (.xpi, store zip, .crx): npm run package');
    })
    .catch((err: unknown) => {
      console.error(`build failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
