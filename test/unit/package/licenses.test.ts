// The licence report comes from webpack's chunk/module list (tools/licenses.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledPackageDirs, bundledPackages, licenseReport, mergeDirs, packageDir, type StatsInfo } from '../../../tools/licenses.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const NM = path.join(ROOT, 'node_modules');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jg-licences-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('packageDir', () => {
  it('is the innermost node_modules/<name> or <@scope/name>', () => {
    expect(packageDir('/p/node_modules/preact/hooks/src/index.js')).toBe('/p/node_modules/preact');
    expect(packageDir('/p/node_modules/@noble/hashes/sha2.js')).toBe('/p/node_modules/@noble/hashes');
    expect(packageDir('/p/node_modules/pkijs/node_modules/@peculiar/utils/build/index.js')).toBe('/p/node_modules/pkijs/node_modules/@peculiar/utils');
    expect(packageDir('/p/src/background/index.ts')).toBeNull();
  });
});

describe('from webpack stats', () => {
  // The shape webpack gives with LICENSE_STATS: chunks → modules → concatenated inner modules.
  const stats = (files: string[], resources: string[][]): StatsInfo => ({
    chunks: [
      {
        files,
        modules: resources.map(([outer = '', ...inner]) => ({ nameForCondition: outer, modules: inner.map((r) => ({ nameForCondition: r })) })),
      },
    ],
  });

  it('collects every package a chunk holds, also inside concatenated modules, and which files hold it', () => {
    const a = bundledPackageDirs(stats(['popup.js'], [[`${ROOT}/src/ui/popup/index.tsx`, `${NM}/preact/src/index.js`, `${NM}/preact/hooks/src/index.js`]]));
    const b = bundledPackageDirs(stats(['background.js'], [[`${NM}/asn1js/build/index.es.js`], [`${NM}/valibot/dist/index.js`]]));
    const pkgs = bundledPackages(mergeDirs([a, b]));
    expect(pkgs.map((p) => [p.name, p.bundledInto])).toEqual([
      ['asn1js', ['background.js']],
      ['preact', ['popup.js']],
      ['valibot', ['background.js']],
    ]);
    expect(pkgs.find((p) => p.name === 'asn1js')?.license).toBe('BSD-3-Clause');
    expect(pkgs.find((p) => p.name === 'preact')?.licenseText).toMatch(/^The MIT License/);
  });

  it('refuses a package without licence or without licence text', () => {
    const noText = path.join(tmp, 'node_modules', 'no-text');
    mkdirSync(noText, { recursive: true });
    writeFileSync(path.join(noText, 'package.json'), JSON.stringify({ name: 'no-text', version: '1.0.0', license: 'MIT' }));
    expect(() => bundledPackages(new Map([[noText, new Set(['a.js'])]]))).toThrow(/ships no LICENSE file/);
    const noLicence = path.join(tmp, 'node_modules', 'no-licence');
    mkdirSync(noLicence, { recursive: true });
    writeFileSync(path.join(noLicence, 'package.json'), JSON.stringify({ name: 'no-licence', version: '1.0.0' }));
    writeFileSync(path.join(noLicence, 'LICENSE'), 'text');
    expect(() => bundledPackages(new Map([[noLicence, new Set(['a.js'])]]))).toThrow(/declares no licence/);
  });

  it('renders a table and every licence text, byte-stable', () => {
    const pkgs = bundledPackages(new Map([[`${NM}/valibot`, new Set(['content.js', 'background.js'])]]));
    const text = licenseReport(pkgs, { name: 'JOC Guard', version: '9.9.9' });
    expect(text).toMatch(/^JOC Guard 9\.9\.9: third-party software\n/);
    expect(text).toMatch(/\nvalibot +\d+\.\d+\.\d+ +MIT +background\.js, content\.js\n/);
    expect(text).toContain(pkgs[0]?.licenseText);
    expect(licenseReport(pkgs, { name: 'JOC Guard', version: '9.9.9' })).toBe(text);
  });
});
