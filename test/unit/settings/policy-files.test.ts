// The shipped managed_schema.json and the example policies under docs/policy
// must stay in step with the Settings schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ClientCertSchema, OriginSettingsSchema, defaultSettings, effectiveSettings, parsePolicy } from '../../../src/shared/settings/effective.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const readJson = (rel: string): unknown => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));

function field(x: unknown, ...keys: string[]): unknown {
  let cur = x;
  for (const k of keys) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

const examples: [string, unknown][] = [
  ['chromium-joc-guard.json', Object.values(field(readJson('docs/policy/chromium-joc-guard.json'), '3rdparty', 'extensions') as object)[0]],
  ['firefox-policies.json', field(readJson('docs/policy/firefox-policies.json'), 'policies', '3rdparty', 'Extensions', 'joc-guard@joc-guard.invalid')],
  ['firefox-managed-storage.json', field(readJson('docs/policy/firefox-managed-storage.json'), 'data')],
];

describe('example policies', () => {
  for (const [name, policy] of examples) {
    it(`${name} parses with zero errors and locks what it sets`, () => {
      expect(policy).toBeTypeOf('object');
      const r = parsePolicy(policy);
      expect(r.errors).toEqual([]);
      expect(r.value).toEqual(policy);
      const e = effectiveSettings(defaultSettings(), policy);
      expect(e.errors).toEqual([]);
      expect(e.locked).toContain('rememberMe.mode');
      expect(e.settings.audit.forward.enabled).toBe(true);
    });
  }

  it('all three carry the same policy', () => {
    expect(examples[1]?.[1]).toEqual(examples[0]?.[1]);
    expect(examples[2]?.[1]).toEqual(examples[0]?.[1]);
  });

  it('use the documented envelopes', () => {
    const chromium = readJson('docs/policy/chromium-joc-guard.json');
    expect(Object.keys(chromium as object)).toEqual(['3rdparty']);
    expect(Object.keys(field(chromium, '3rdparty', 'extensions') as object)).toHaveLength(1);
    const ff = readJson('docs/policy/firefox-managed-storage.json');
    expect(ff).toMatchObject({ name: 'joc-guard@joc-guard.invalid', type: 'storage' });
    expect(field(ff, 'description')).toBeTypeOf('string');
    const manifest = readJson('manifest.json');
    expect(field(manifest, 'browser_specific_settings', 'gecko', 'id')).toBe('joc-guard@joc-guard.invalid');
    expect(field(manifest, 'storage', 'managed_schema')).toBe('managed_schema.json');
  });
});

/** Key tree of a JSON Schema node: objects → their properties, arrays → their items. */
function schemaKeys(node: unknown): unknown {
  const type = field(node, 'type');
  if (type === 'object') {
    const props = field(node, 'properties') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, schemaKeys(v)]));
  }
  if (type === 'array') return [schemaKeys(field(node, 'items'))];
  return type;
}

/** The same tree for a Settings value, with array item shapes from the schemas' entries. */
function settingsKeys(x: unknown, itemKeys: Record<string, unknown>): unknown {
  if (Array.isArray(x)) return x;
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, k in itemKeys ? itemKeys[k] : settingsKeys(v, itemKeys)]));
  return typeof x === 'number' ? 'integer' : typeof x;
}

describe('public/managed_schema.json', () => {
  const schema = readJson('public/managed_schema.json');

  it('follows Chrome\'s rules: top-level object, no additionalProperties there, one type per node', () => {
    expect(field(schema, 'type')).toBe('object');
    expect(field(schema, 'additionalProperties')).toBeUndefined();
    const visit = (node: unknown, at: string): void => {
      expect(typeof field(node, 'type') === 'string' || typeof field(node, '$ref') === 'string', at).toBe(true);
      for (const [k, v] of Object.entries((field(node, 'properties') as Record<string, unknown> | undefined) ?? {})) visit(v, `${at}.${k}`);
      if (field(node, 'items') !== undefined) visit(field(node, 'items'), `${at}[]`);
    };
    visit(schema, '');
  });

  it('covers exactly the Settings keys, with matching types', () => {
    const strings = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 'string']));
    const items = {
      origins: [strings(Object.keys(OriginSettingsSchema.entries))],
      client: [strings(Object.keys(ClientCertSchema.entries))],
      caPem: ['string'],
    };
    expect(schemaKeys(schema)).toEqual(settingsKeys(defaultSettings(), items));
  });

  it('describes every top-level policy and every leaf', () => {
    const missing: string[] = [];
    const visit = (node: unknown, at: string): void => {
      const props = field(node, 'properties') as Record<string, unknown> | undefined;
      if (props === undefined && field(node, 'items') === undefined && typeof field(node, 'description') !== 'string') missing.push(at);
      for (const [k, v] of Object.entries(props ?? {})) visit(v, `${at}.${k}`);
      if (field(node, 'items') !== undefined && field(field(node, 'items'), 'properties') !== undefined) visit(field(node, 'items'), `${at}[]`);
    };
    visit(schema, '');
    expect(missing).toEqual([]);
  });
});
