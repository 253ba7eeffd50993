// Settings: strict validation, managed policy over user settings, locks and
// diffs. The schema itself lives in schema.ts; the field-by-field
// parsers in repair.ts. Import from this module only.
import * as v from 'valibot';
import { defaultSettings } from './defaults.ts';
import { SettingsSchema, describeValue, isWeakerMode, type DeepPartial, type RememberMeMode, type Settings } from './schema.ts';
import { LEAVES, LOCKABLE_PATHS, formatIssue, getAt, isObjectSchema, isPlainObject, jsonEqual, keyLabel, setAt } from './paths.ts';
import { parsePolicy, repairUserSettings } from './repair.ts';
import { isHttpsUrl, normaliseOrigin } from './origin.ts';

export * from './schema.ts';
export * from './defaults.ts';
export { normaliseOrigin, isInsecureOrigin, type OriginResult } from './origin.ts';
export { parsePolicy } from './repair.ts';
export { LOCKABLE_PATHS } from './paths.ts';
export * from './weakening.ts';

export interface Effective {
  settings: Settings;
  /** Dotted paths set by the managed policy, e.g. "rememberMe.mode", "origins". */
  locked: string[];
  errors: string[];
  managed: boolean;
  /** The user's own (repaired) settings, without policy values: what applyUserEdit edits and stores. */
  user: Settings;
}

export function validateSettings(input: unknown): { ok: true; value: Settings } | { ok: false; errors: string[] } {
  const r = v.safeParse(SettingsSchema, input);
  if (!r.success) {
    // valibot takes an array for an object (and reports its keys missing); say what it is instead.
    const arrays = arrayGroups(input, SettingsSchema, []);
    const under = (e: string) => arrays.some((a) => a.path === 'settings' || e.startsWith(`${a.path}.`) || e.startsWith(`${a.path}:`));
    return { ok: false, errors: [...arrays.map((a) => `${a.path}: expected an object, got an array`), ...r.issues.map((i) => formatIssue(i)).filter((e) => !under(e))] };
  }
  const errors = crossFieldErrors(r.output);
  return errors.length === 0 ? { ok: true, value: r.output } : { ok: false, errors };
}

function arrayGroups(input: unknown, schema: v.GenericSchema, keys: string[]): { path: string }[] {
  if (!isObjectSchema(schema)) return [];
  if (Array.isArray(input)) return [{ path: keys.length === 0 ? 'settings' : keys.join('.') }];
  if (!isPlainObject(input)) return [];
  return Object.entries(schema.entries).flatMap(([k, sub]) => (Object.hasOwn(input, k) ? arrayGroups(input[k], sub, [...keys, k]) : []));
}

function crossFieldErrors(s: Settings): string[] {
  const f = s.audit.forward;
  if (f.enabled && !isHttpsUrl(f.url)) return ['audit.forward.url: must be an https:// URL when forwarding is enabled'];
  return [];
}

export function effectiveSettings(user: unknown, managed: unknown): Effective {
  const u = repairUserSettings(user);
  const errors = u.errors.map((e) => `user settings: ${e}`);
  if (managed === undefined) return { settings: enforceCrossField(structuredClone(u.value), errors), locked: [], errors, managed: false, user: u.value };
  const policy = parsePolicy(managed);
  errors.push(...policy.errors.map((e) => `managed policy: ${e}`));
  const locked = LEAVES.filter((l) => l.path !== 'version' && getAt(policy.value, l.keys).found);
  const merged: unknown = structuredClone(u.value);
  if (isPlainObject(merged)) for (const l of locked) setAt(merged, l.keys, getAt(policy.value, l.keys).value);
  const r = v.safeParse(SettingsSchema, merged);
  // Each merged leaf was validated on its own, so this only fails on a bug; fall back to safe defaults.
  const settings = r.success ? r.output : defaultSettings();
  if (!r.success) errors.push('settings: internal merge failed; using defaults');
  const paths = locked.map((l) => l.path);
  clampOriginOverrides(settings, paths, errors);
  return { settings: enforceCrossField(settings, errors), locked: paths, errors, managed: paths.length > 0 || policy.errors.length > 0, user: u.value };
}

/** A locked Remember Me mode must not be undone by a user's per-origin override. */
function clampOriginOverrides(s: Settings, locked: string[], errors: string[]): void {
  if (!locked.includes('rememberMe.mode') || locked.includes('origins')) return;
  s.origins.forEach((o, i) => {
    if (o.rememberMe !== 'default' && isWeakerMode(o.rememberMe, s.rememberMe.mode)) {
      errors.push(`origins[${i}].rememberMe: '${o.rememberMe}' ignored; the managed policy sets Remember Me to '${s.rememberMe.mode}'`);
      o.rememberMe = 'default';
    }
  });
}

/** Forwarding to a non-https URL is switched off rather than attempted. */
function enforceCrossField(s: Settings, errors: string[]): Settings {
  for (const e of crossFieldErrors(s)) errors.push(`${e}; forwarding disabled`);
  if (s.audit.forward.enabled && !isHttpsUrl(s.audit.forward.url)) s.audit.forward.enabled = false;
  return s;
}

export function modeForOrigin(s: Settings, origin: string): RememberMeMode {
  const entry = findOrigin(s, origin);
  return entry === undefined || entry.rememberMe === 'default' ? s.rememberMe.mode : entry.rememberMe;
}

export function isConfiguredOrigin(s: Settings, origin: string): boolean {
  return findOrigin(s, origin) !== undefined;
}

function findOrigin(s: Settings, origin: string) {
  const n = normaliseOrigin(origin);
  return n.ok ? s.origins.find((o) => o.origin === n.origin) : undefined;
}

export function applyUserEdit(current: Effective, edit: DeepPartial<Settings>): { ok: true; user: Settings } | { ok: false; errors: string[] } {
  const raw: unknown = edit;
  if (!isPlainObject(raw)) return { ok: false, errors: [`settings: expected an object, got ${describeValue(raw)}`] };
  const errors = shapeErrors(raw, SettingsSchema, []);
  const next: unknown = structuredClone(current.user);
  if (!isPlainObject(next)) return { ok: false, errors: ['settings: current user settings are not an object'] };
  for (const leaf of LEAVES) {
    const e = getAt(raw, leaf.keys);
    if (!e.found) continue;
    // Re-sending the enforced value (a form that posts every field) is not an attempt to change it.
    if (current.locked.includes(leaf.path)) {
      if (!jsonEqual(e.value, getAt(current.settings, leaf.keys).value)) {
        errors.push(`${leaf.path}: set by your administrator's policy; it cannot be changed`);
      }
      continue;
    }
    setAt(next, leaf.keys, structuredCloneSafe(e.value));
  }
  if (errors.length > 0) return { ok: false, errors };
  const r = validateSettings(next);
  if (!r.ok) return r;
  const weakened = getAt(raw, ['origins']).found ? weakeningErrors(r.value, current) : [];
  return weakened.length > 0 ? { ok: false, errors: weakened } : { ok: true, user: r.value };
}

function weakeningErrors(user: Settings, current: Effective): string[] {
  if (!current.locked.includes('rememberMe.mode') || current.locked.includes('origins')) return [];
  const locked = current.settings.rememberMe.mode;
  return user.origins.flatMap((o, i) =>
    o.rememberMe !== 'default' && isWeakerMode(o.rememberMe, locked)
      ? [`origins[${i}].rememberMe: '${o.rememberMe}' is weaker than the Remember Me mode '${locked}' set by your administrator's policy`]
      : [],
  );
}

/** Unknown keys and non-object groups in an edit (leaves are checked by validateSettings). */
function shapeErrors(input: Record<string, unknown>, schema: v.GenericSchema, keys: string[]): string[] {
  if (!isObjectSchema(schema)) return [];
  return Object.keys(input).flatMap((key) => {
    const path = [...keys, keyLabel(key)].join('.');
    if (!Object.hasOwn(schema.entries, key)) return [`${path}: unknown key`];
    const sub = schema.entries[key];
    if (sub === undefined || !isObjectSchema(sub)) return [];
    const value = input[key];
    return isPlainObject(value) ? shapeErrors(value, sub, [...keys, key]) : [`${path}: expected an object, got ${describeValue(value)}`];
  });
}

function structuredCloneSafe(x: unknown): unknown {
  try {
    return structuredClone(x);
  } catch {
    return undefined; // functions, symbols: validateSettings reports the field
  }
}

/** Changed setting paths (never values: pem bodies and authHeader must not reach the audit log). */
export function diffSettings(a: Settings, b: Settings): string[] {
  return LOCKABLE_PATHS.filter((path) => {
    const keys = path.split('.');
    return !jsonEqual(getAt(a, keys).value, getAt(b, keys).value);
  });
}
