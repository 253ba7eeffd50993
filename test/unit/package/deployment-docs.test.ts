// The deployment examples (docs/policy/, docs/deployment.md) stay in step with
// each other, with the JOC Guard policy example and with what packaging does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_BASE_URL } from '../../../tools/package.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');
const json = (rel: string): Record<string, unknown> => JSON.parse(read(rel)) as Record<string, unknown>;

/** A .reg file's keys → values (REG_SZ strings unescaped). */
function parseReg(text: string): Map<string, Map<string, string>> {
  const keys = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const line of text.split('\r\n')) {
    const key = /^\[(.+)\]$/.exec(line);
    if (key?.[1]) {
      current = new Map();
      keys.set(key[1], current);
      continue;
    }
    const value = /^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$/.exec(line);
    if (value && current) current.set(value[1] ?? '', (value[2] ?? '').replace(/\\(.)/g, '$1'));
    else expect(line === '' || line.startsWith(';') || line === 'Windows Registry Editor Version 5.00', `unexpected line: ${line}`).toBe(true);
  }
  return keys;
}

const ID = 'REPLACE-WITH-THE-32-CHARACTER-EXTENSION-ID';
const chromiumSettings = (json('docs/policy/chromium-joc-guard.json')['3rdparty'] as { extensions: Record<string, unknown> }).extensions[ID];
const install = json('docs/policy/chromium-install.json') as { ExtensionInstallForcelist: string[]; AutoSelectCertificateForUrls: string[] };

describe('Chromium examples', () => {
  it('force-install from update.xml at the placeholder base URL, with certificate selection for each JOC origin', () => {
    expect(install.ExtensionInstallForcelist).toEqual([`${ID};${PLACEHOLDER_BASE_URL}update.xml`]);
    const origins = (chromiumSettings as { origins: { origin: string }[] }).origins.map((o) => o.origin);
    const patterns = install.AutoSelectCertificateForUrls.map((s) => JSON.parse(s) as { pattern: string; filter: { ISSUER: { CN: string } } });
    expect(patterns.map((p) => p.pattern)).toEqual(origins);
    for (const p of patterns) expect(p.filter.ISSUER.CN).not.toBe('');
  });

  it('the Windows .reg holds the same install entries and, as JSON strings, the same JOC Guard settings', () => {
    const raw = read('docs/policy/windows-chrome.reg');
    expect(raw.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toContain('\n'); // regedit wants CRLF
    const reg = parseReg(raw);
    const base = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome';
    expect([...(reg.get(`${base}\\ExtensionInstallForcelist`)?.values() ?? [])]).toEqual(install.ExtensionInstallForcelist);
    expect([...(reg.get(`${base}\\AutoSelectCertificateForUrls`)?.values() ?? [])]).toEqual(install.AutoSelectCertificateForUrls);
    const policy = reg.get(`${base}\\3rdparty\\extensions\\${ID}\\policy`);
    expect(policy).toBeDefined();
    const settings = Object.fromEntries([...(policy ?? [])].map(([k, v]) => [k, JSON.parse(v) as unknown]));
    expect(settings).toEqual(chromiumSettings);
  });
});

describe('Firefox example', () => {
  it('force-installs the gecko id of the manifest from a versioned .xpi URL, next to the 3rdparty settings', () => {
    const policies = json('docs/policy/firefox-policies.json').policies as Record<string, unknown>;
    const geckoId = ((json('manifest.json').browser_specific_settings as { gecko: { id: string } }).gecko.id);
    const ext = (policies.ExtensionSettings as Record<string, { installation_mode: string; install_url: string }>)[geckoId];
    expect(ext?.installation_mode).toBe('force_installed');
    expect(ext?.install_url).toMatch(new RegExp(`^${PLACEHOLDER_BASE_URL.replace(/\./g, '\\.')}joc-guard-\\d+\\.\\d+\\.\\d+-firefox-signed\\.xpi$`));
    expect(Object.keys((policies['3rdparty'] as { Extensions: object }).Extensions)).toEqual([geckoId]);
    expect((policies.Certificates as { Install: string[] }).Install.length).toBeGreaterThan(0);
  });
});

describe('docs/deployment.md', () => {
  it('is linked from the README and links every example file it names', () => {
    expect(read('README.md')).toContain('](docs/deployment.md)');
    const doc = read('docs/deployment.md');
    for (const f of ['chromium-install.json', 'chromium-joc-guard.json', 'windows-chrome.reg', 'firefox-policies.json', 'README.md']) {
      expect(doc).toContain(`](policy/${f})`);
      expect(read(`docs/policy/${f}`).length).toBeGreaterThan(0);
    }
    expect(doc).toContain(PLACEHOLDER_BASE_URL);
  });
});

describe('SIEM sections of docs/deployment.md', () => {
  const doc = read('docs/deployment.md');
  const section = doc.slice(doc.indexOf('## 5. Audit forwarding to a SIEM'), doc.indexOf('## 6.'));
  const policies = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as unknown);

  it('has a policy example per format, each valid and locking what it sets', async () => {
    const { FORWARD_FORMATS, effectiveSettings, defaultSettings, parsePolicy } = await import('../../../src/shared/settings/effective.ts');
    const formats = policies.map((p) => (p as { audit: { forward: { format: string } } }).audit.forward.format);
    expect(formats.sort()).toEqual([...FORWARD_FORMATS].sort());
    for (const p of policies) {
      const r = parsePolicy(p);
      expect(r.errors).toEqual([]);
      const e = effectiveSettings(defaultSettings(), p);
      expect(e.errors).toEqual([]);
      expect(e.settings.audit.forward.enabled).toBe(true);
      expect(e.locked).toContain('audit.forward.format');
    }
  });

  it('the URLs end in each service path the simulated collector serves', async () => {
    const { COLLECTOR_PATHS } = await import('../../sim/collector.ts');
    for (const p of policies) {
      const f = (p as { audit: { forward: { format: keyof typeof COLLECTOR_PATHS; url: string } } }).audit.forward;
      expect(new URL(f.url).pathname).toBe(COLLECTOR_PATHS[f.format]);
    }
  });
});
