// Builds the release Firefox package and runs `web-ext lint` on it:
// 0 errors and 0 warnings (notices are allowed).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, distDir } from './build.ts';
import { run } from './proc.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({ e2e: false, quiet: true });
const r = await run(
  process.execPath,
  [path.join(root, 'node_modules/web-ext/bin/web-ext.js'), 'lint', '--source-dir', distDir('firefox', false), '--no-input', '--output', 'json'],
  { quiet: true, allowFail: true, timeoutMs: 120_000 },
);
const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
  summary: { errors: number; warnings: number; notices: number };
  errors: { code: string; message: string }[];
  warnings: { code: string; message: string }[];
};
for (const m of [...report.errors, ...report.warnings]) console.log(`${m.code}: ${m.message}`);
console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
process.exit(report.summary.errors + report.summary.warnings === 0 ? 0 : 1);
