// Field-by-field parsing for data we must accept even when parts are broken:
// the managed policy (invalid field → SAFEST value or ignored) and stored user
// settings (invalid field → default). One bad field never costs the others,
// and nothing here throws on any input.
import * as v from 'valibot';
import { ClientCertSchema, GENERATIONS, LIMITS, OriginSettingsSchema, REMEMBER_ME_MODES, SettingsSchema, describeValue, pemError } from './schema.ts';
import type { DeepPartial, OriginSettings, Settings } from './schema.ts';
import { ADDED_FIELDS, ENTRY_DEFAULTS, SAFEST, defaultSettings } from './defaults.ts';
import { formatIssue, formatPath, getAt, isObjectSchema, isPlainObject, keyLabel } from './paths.ts';
import { normaliseOrigin } from './origin.ts';

const OMIT = Symbol('omit');
type Out = unknown;

interface Mode {
  /** User settings must be complete: a missing field gets its fallback. */
  complete: boolean;
  /** Replacement for a broken field, or OMIT to leave it out. */
  fallback(keys: readonly string[]): Out;
  note: string;
  /** "safest value" / "default", for messages. */
  valueWord: string;
  /** How the root is named in messages ("policy", "settings"). */
  root: string;
  errors: string[];
}

const E = SettingsSchema.entries;
/** The policy shape: every level optional, arrays complete. */
const PolicySchema = v.partial(
  v.strictObject({
    ...E,
    rememberMe: v.partial(E.rememberMe),
    session: v.partial(E.session),
    certificates: v.partial(E.certificates),
    audit: v.partial(v.strictObject({ ...E.audit.entries, forward: v.partial(E.audit.entries.forward) })),
  }),
);

function fallbackText(x: Out, m: Mode): string {
  if (x === OMIT) return 'ignored';
  if (Array.isArray(x)) return 'using an empty list';
  return `using ${m.valueWord} ${describeValue(x)}`;
}

function walkGroup(schema: v.GenericSchema, input: unknown, keys: string[], m: Mode): Out {
  if (!isObjectSchema(schema)) return walkLeaf(schema, input, keys, m);
  if (!isPlainObject(input)) {
    const replacement = fallbackGroup(schema, keys, m);
    const where = keys.length === 0 ? m.root : formatPath(keys.join('.'));
    m.errors.push(`${where}: expected an object, got ${describeValue(input)}; ${replacement === OMIT ? 'ignored' : m.note}`);
    return replacement;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(schema.entries, key)) m.errors.push(`${formatPath([...keys, keyLabel(key)].join('.'))}: unknown key, ignored`);
  }
  for (const [key, sub] of Object.entries(schema.entries)) {
    const path = [...keys, key];
    let value: Out;
    if (Object.hasOwn(input, key)) value = walkGroup(sub, input[key], path, m);
    else if (m.complete) value = missing(sub, path, m);
    else continue;
    if (value !== OMIT) out[key] = value;
  }
  return Object.keys(out).length === 0 && !m.complete && keys.length > 0 ? OMIT : out;
}

function missing(schema: v.GenericSchema, keys: string[], m: Mode): Out {
  const value = isObjectSchema(schema) ? fallbackGroup(schema, keys, m) : m.fallback(keys);
  if (ADDED_FIELDS.includes(keys.join('.'))) return value; // stored before the field existed
  m.errors.push(`${keys.join('.')}: missing; ${isObjectSchema(schema) ? m.note : fallbackText(value, m)}`);
  return value;
}

/** The fallback subtree for a whole group (e.g. `session` was not an object). */
function fallbackGroup(schema: v.GenericSchema, keys: string[], m: Mode): Out {
  if (!isObjectSchema(schema)) return m.fallback(keys);
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(schema.entries)) {
    const value = fallbackGroup(sub, [...keys, key], m);
    if (value !== OMIT) out[key] = value;
  }
  return Object.keys(out).length === 0 && !m.complete ? OMIT : out;
}

function walkLeaf(schema: v.GenericSchema, input: unknown, keys: string[], m: Mode): Out {
  const path = keys.join('.');
  const r = v.safeParse(schema, input);
  if (r.success) return r.output;
  if (Array.isArray(input) && Object.hasOwn(LISTS, path)) return repairList(path, input, m);
  const value = m.fallback(keys);
  for (const issue of r.issues) m.errors.push(`${formatIssue(issue, path)}; ${fallbackText(value, m)}`);
  return value;
}

// Lists are repaired entry by entry: one broken origin must not unprotect the others.
const LISTS: Record<string, { max: number; item: (x: unknown, at: string, m: Mode) => unknown }> = {
  origins: { max: LIMITS.origins, item: repairOrigin },
  'certificates.client': { max: LIMITS.clientCerts, item: (x, at, m) => parseOrDrop(ClientCertSchema, x, at, m) },
  'certificates.caPem': { max: LIMITS.caPem, item: repairPem },
};

function repairList(path: string, input: unknown[], m: Mode): unknown[] {
  const spec = LISTS[path];
  if (spec === undefined) return [];
  const out: unknown[] = [];
  const seen = new Set<string>();
  input.forEach((x, i) => {
    const value = spec.item(x, `${path}[${i}]`, m);
    if (value === OMIT) return;
    if (path === 'origins' && isPlainObject(value) && typeof value.origin === 'string') {
      if (seen.has(value.origin)) {
        m.errors.push(`${path}[${i}]: duplicate origin, dropped`);
        return;
      }
      seen.add(value.origin);
    }
    if (out.length >= spec.max) m.errors.push(`${path}[${i}]: more than ${spec.max} entries, dropped`);
    else out.push(value);
  });
  return out;
}

function parseOrDrop(schema: v.GenericSchema, x: unknown, at: string, m: Mode): unknown {
  const r = v.safeParse(schema, x);
  if (r.success) return r.output;
  for (const issue of r.issues) m.errors.push(`${formatIssue(issue, at)}; entry dropped`);
  return OMIT;
}

function repairPem(x: unknown, at: string, m: Mode): unknown {
  const err = typeof x === 'string' ? pemError(x, false) : `expected PEM text, got ${describeValue(x)}`;
  if (err === null && typeof x === 'string') return x.trim();
  m.errors.push(`${at}: ${err ?? 'invalid'}; entry dropped`);
  return OMIT;
}

/** Keeps an origin whose address is valid; its other fields fall back to safe values. */
function repairOrigin(x: unknown, at: string, m: Mode): unknown {
  const r = v.safeParse(OriginSettingsSchema, x);
  if (r.success) return r.output;
  if (!isPlainObject(x)) return parseOrDrop(OriginSettingsSchema, x, at, m);
  const origin = typeof x.origin === 'string' ? normaliseOrigin(x.origin) : null;
  if (origin === null || !origin.ok) {
    m.errors.push(`${at}.origin: ${origin === null ? 'expected an origin' : origin.error}, got ${describeValue(x.origin)}; entry dropped`);
    return OMIT;
  }
  for (const issue of r.issues) m.errors.push(`${formatIssue(issue, at)}; safe value used`);
  // An absent field gets its documented default; a present, broken one a safe value.
  const o: Record<string, unknown> = { ...ENTRY_DEFAULTS, ...x };
  return {
    origin: origin.origin,
    // eslint-disable-next-line no-control-regex -- labels must not carry control characters
    label: typeof o.label === 'string' ? o.label.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, LIMITS.label) : '',
    generation: GENERATIONS.find((g) => g === o.generation) ?? 'auto',
    rememberMe: REMEMBER_ME_MODES.find((g) => g === o.rememberMe) ?? (o.rememberMe === 'default' ? 'default' : 'forbid'),
  } satisfies OriginSettings;
}

export function parsePolicy(input: unknown): { value: DeepPartial<Settings>; errors: string[] } {
  const m: Mode = {
    complete: false,
    fallback: (keys) => {
      const safe = getAt(SAFEST, keys);
      return safe.found ? safe.value : OMIT;
    },
    note: 'using safest values',
    valueWord: 'safest value',
    root: 'policy',
    errors: [],
  };
  const raw = walkGroup(SettingsSchema, input, [], m);
  const r = v.safeParse(PolicySchema, raw === OMIT ? {} : raw);
  if (r.success) return { value: r.output, errors: m.errors };
  // Unreachable unless the walker and the schema disagree; stay safe anyway.
  return { value: structuredClone(SAFEST), errors: [...m.errors, 'policy: internal validation failed; using safest values'] };
}

/** Stored user settings: always complete. undefined, null and {} mean "nothing stored yet" (fresh install). */
export function repairUserSettings(input: unknown): { value: Settings; errors: string[] } {
  if (input === undefined || input === null || (isPlainObject(input) && Object.keys(input).length === 0)) {
    return { value: defaultSettings(), errors: [] };
  }
  const defaults = defaultSettings();
  const m: Mode = { complete: true, fallback: (keys) => getAt(defaults, keys).value, note: 'using defaults', valueWord: 'default', root: 'settings', errors: [] };
  const raw = walkGroup(SettingsSchema, input, [], m);
  const r = v.safeParse(SettingsSchema, raw);
  if (r.success) return { value: r.output, errors: m.errors };
  return { value: defaultSettings(), errors: [...m.errors, 'settings: internal validation failed; using defaults'] };
}
