// THIRD-PARTY-LICENSES.txt: every npm package whose code webpack bundled into
// the shipped JavaScript, taken from webpack's own chunk/module list (not kept
// by hand), with name, version, licence id and the text of its LICENSE file.
// tools/build.ts writes it into each build; tools/package.ts into artifacts/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const LICENSE_FILE = 'THIRD-PARTY-LICENSES.txt';

export interface BundledPackage {
  name: string;
  version: string;
  /** SPDX expression from package.json `license`. */
  license: string;
  /** File name the text came from (LICENSE, LICENSE.md, …). */
  licenseFile: string;
  licenseText: string;
  homepage: string | null;
  /** Shipped files that contain code of the package, e.g. background.js. */
  bundledInto: string[];
}

/** The package directory a bundled file belongs to (the innermost node_modules/<name> or <@scope/name>). */
export function packageDir(resource: string): string | null {
  const norm = resource.split(path.sep).join('/');
  const at = norm.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const rest = norm.slice(at + '/node_modules/'.length).split('/');
  const name = rest[0]?.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
  if (!name || name.startsWith('.')) return null;
  return norm.slice(0, at + '/node_modules/'.length) + name;
}

/** The part of webpack's stats (StatsCompilation) the report reads. */
export interface ModuleInfo {
  nameForCondition?: string | null;
  modules?: ModuleInfo[];
}
export interface StatsInfo {
  chunks?: { files?: string[]; modules?: ModuleInfo[] }[];
}

/**
 * Package directory → the emitted files that contain modules of it, from a
 * compilation's stats (chunks with their modules, concatenated modules opened up).
 */
export function bundledPackageDirs(stats: StatsInfo): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (m: ModuleInfo, files: string[]): void => {
    const resource = m.nameForCondition ?? null;
    const dir = resource ? packageDir(resource) : null;
    if (dir) {
      const set = out.get(dir) ?? new Set<string>();
      for (const f of files) set.add(f);
      out.set(dir, set);
    }
    for (const inner of m.modules ?? []) visit(inner, files);
  };
  for (const chunk of stats.chunks ?? []) {
    const files = (chunk.files ?? []).filter((f) => f.endsWith('.js'));
    for (const m of chunk.modules ?? []) visit(m, files);
  }
  return out;
}

/** Options for `stats.toJson` that give what `bundledPackageDirs` reads. */
export const LICENSE_STATS = {
  all: false,
  chunks: true,
  chunkModules: true,
  nestedModules: true,
  modules: false,
  // Every module, ungrouped and untruncated, including modules only reached
  // through others (webextension-polyfill is one) and no webpack runtime.
  dependentModules: true,
  runtimeModules: false,
  cachedModules: true,
  excludeModules: false,
  chunkModulesSpace: Infinity,
  nestedModulesSpace: Infinity,
  groupModulesByPath: false,
  groupModulesByExtension: false,
  groupModulesByType: false,
  groupModulesByAttributes: false,
  groupModulesByCacheStatus: false,
  groupModulesByLayer: false,
} as const;

const LICENSE_NAME = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;

function readPackage(dir: string, bundledInto: Set<string>): BundledPackage {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name?: unknown;
    version?: unknown;
    license?: unknown;
    homepage?: unknown;
  };
  const where = `${dir}/package.json`;
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new Error(`${where}: no name or version`);
  const license =
    typeof pkg.license === 'string' ? pkg.license : typeof pkg.license === 'object' && pkg.license !== null && 'type' in pkg.license ? String(pkg.license.type) : '';
  if (license === '') throw new Error(`${pkg.name}@${pkg.version} declares no licence; check it by hand before shipping it`);
  const candidates = existsSync(dir) ? readdirSync(dir).filter((f) => LICENSE_NAME.test(f)).sort() : [];
  const licenseFile = candidates[0];
  if (licenseFile === undefined) {
    throw new Error(`${pkg.name}@${pkg.version} (${license}) ships no LICENSE file; its licence text must go into ${LICENSE_FILE}`);
  }
  const licenseText = readFileSync(path.join(dir, licenseFile), 'utf8')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
  return {
    name: pkg.name,
    version: pkg.version,
    license,
    licenseFile,
    licenseText,
    homepage: typeof pkg.homepage === 'string' ? pkg.homepage : null,
    bundledInto: [...bundledInto].sort(),
  };
}

/** Reads each bundled package once (same name and version in two places counts once), sorted by name. */
export function bundledPackages(dirs: Map<string, Set<string>>): BundledPackage[] {
  const byId = new Map<string, BundledPackage>();
  for (const [dir, files] of [...dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const p = readPackage(dir, files);
    const id = `${p.name}@${p.version}`;
    const seen = byId.get(id);
    if (seen) seen.bundledInto = [...new Set([...seen.bundledInto, ...p.bundledInto])].sort();
    else byId.set(id, p);
  }
  return [...byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

/** Merges the per-build maps (Firefox and Chromium bundle the same way but may differ). */
export function mergeDirs(maps: Map<string, Set<string>>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of maps) for (const [dir, files] of m) out.set(dir, new Set([...(out.get(dir) ?? []), ...files]));
  return out;
}

/** The report's text: a table, then each package's licence in full. Byte-stable for the same packages. */
export function licenseReport(pkgs: BundledPackage[], product: { name: string; version: string }): string {
  const rule = '='.repeat(78);
  const w = (rows: string[]): number => Math.max(...rows.map((r) => r.length));
  const nameW = w(['Package', ...pkgs.map((p) => p.name)]);
  const verW = w(['Version', ...pkgs.map((p) => p.version)]);
  const licW = w(['Licence', ...pkgs.map((p) => p.license)]);
  const row = (a: string, b: string, c: string, d: string): string => `${a.padEnd(nameW)}  ${b.padEnd(verW)}  ${c.padEnd(licW)}  ${d}`.trimEnd();
  const lines = [
    `${product.name} ${product.version}: third-party software`,
    '',
    `The JavaScript files of this package contain code of the following npm packages`,
    `(from the bundler's module list of this build). Each is listed with its licence`,
    `and the full text of that licence as the package ships it.`,
    '',
    row('Package', 'Version', 'Licence', 'Bundled into'),
    row('-'.repeat(nameW), '-'.repeat(verW), '-'.repeat(licW), '-'.repeat(12)),
    ...pkgs.map((p) => row(p.name, p.version, p.license, p.bundledInto.join(', '))),
  ];
  for (const p of pkgs) {
    lines.push('', rule, `${p.name} ${p.version}  (${p.license})`);
    if (p.homepage) lines.push(p.homepage);
    lines.push(`Licence text: ${p.name}/${p.licenseFile}`, rule, '', p.licenseText);
  }
  return lines.join('\n') + '\n';
}
