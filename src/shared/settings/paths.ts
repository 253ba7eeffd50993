// Dotted paths into Settings, derived from the schema so that locks, diffs,
// error messages and the managed schema test all speak the same names.
import type * as v from 'valibot';
import { SettingsSchema } from './schema.ts';
import { isPlainObject } from '../json.ts';

export { isPlainObject, jsonEqual } from '../json.ts';

type ObjectSchema = v.StrictObjectSchema<v.ObjectEntries, v.ErrorMessage<v.StrictObjectIssue> | undefined>;

export function isObjectSchema(s: v.GenericSchema): s is ObjectSchema {
  return s.type === 'strict_object';
}

export interface Leaf {
  /** e.g. "audit.forward.url" */
  path: string;
  keys: readonly string[];
  schema: v.GenericSchema;
}

function collect(schema: ObjectSchema, keys: string[]): Leaf[] {
  return Object.entries(schema.entries).flatMap(([key, sub]: [string, v.GenericSchema]) =>
    isObjectSchema(sub) ? collect(sub, [...keys, key]) : [{ path: [...keys, key].join('.'), keys: [...keys, key], schema: sub }],
  );
}

/** Every leaf of Settings; arrays (origins, client certs, caPem) are leaves. */
export const LEAVES: readonly Leaf[] = collect(SettingsSchema, []);
/** Paths a policy can lock ("version" is not a setting). */
export const LOCKABLE_PATHS: readonly string[] = LEAVES.map((l) => l.path).filter((p) => p !== 'version');

/** Own-property lookup along `keys`; undefined when any step is missing. */
export function getAt(root: unknown, keys: readonly string[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const k of keys) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, k)) return { found: false, value: undefined };
    cur = cur[k];
  }
  return { found: true, value: cur };
}

/** Sets a value along `keys`, creating plain objects on the way. Keys come from LEAVES only. */
export function setAt(root: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let cur = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) {
      cur[k] = value;
      return;
    }
    const next = cur[k];
    const child: Record<string, unknown> = isPlainObject(next) ? next : {};
    cur[k] = child;
    cur = child;
  });
}

/** Shows a key found in input safely (it may be arbitrary text). */
export function keyLabel(key: string): string {
  const short = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return /^[A-Za-z0-9_$]+$/.test(short) ? short : `'${JSON.stringify(short).slice(1, -1)}'`;
}

/** "rememberMe.mode", "origins[2].origin"; "settings" for the root. */
export function formatPath(base: string, extra: readonly unknown[] = []): string {
  let out = base;
  for (const k of extra) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? keyLabel(String(k)) : `.${keyLabel(String(k))}`;
  }
  return out === '' ? 'settings' : out;
}

/** Turns a valibot issue into "path: message", naming unknown and missing keys plainly. */
export function formatIssue(issue: v.BaseIssue<unknown>, base = ''): string {
  const path = formatPath(base, (issue.path ?? []).map((p) => p.key));
  if (issue.type === 'strict_object' && issue.expected === 'never') return `${path}: unknown key`;
  if (issue.type === 'strict_object' && issue.input === undefined && (issue.path?.length ?? 0) > 0) return `${path}: missing`;
  return `${path}: ${issue.message}`;
}
