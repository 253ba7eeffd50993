// The one typed settings schema (valibot). Every other settings module derives
// from `SettingsSchema`: strict validation, the field-by-field policy parser,
// the list of lockable paths and the managed_schema.json coverage test.
import * as v from 'valibot';
import { ENTRY_DEFAULTS } from './defaults.ts';
import { normaliseOrigin } from './origin.ts';
import { AuthHeaderSchema, BOUNDS, IndexSchema, LIMITS, UrlSchema, got, type Issue } from './field-schemas.ts';
import { FORWARD_FORMATS, type ForwardFormat } from '../audit/formats/types.ts';

export { BOUNDS, INDEX_RE, LIMITS, describeValue } from './field-schemas.ts';

export { FORWARD_FORMATS, type ForwardFormat } from '../audit/formats/types.ts';

export const REMEMBER_ME_MODES = ['forbid', 'expire', 'allow'] as const;
export type RememberMeMode = (typeof REMEMBER_ME_MODES)[number];
/** The one order of Remember Me modes: a higher number protects more. */
export const REMEMBER_STRICTNESS: Readonly<Record<RememberMeMode, number>> = { allow: 0, expire: 1, forbid: 2 };
export const isWeakerMode = (a: RememberMeMode, than: RememberMeMode): boolean => REMEMBER_STRICTNESS[a] < REMEMBER_STRICTNESS[than];
export const GENERATIONS = ['auto', 'js7', '1.x'] as const;
/** The GUI generation an origin is configured for (`auto`: told by the page's URL). */
export type GenerationSetting = (typeof GENERATIONS)[number];

export interface OriginSettings {
  origin: string;
  label: string;
  generation: GenerationSetting;
  rememberMe: RememberMeMode | 'default';
}
/** Public certificate only, PEM. */
export interface ClientCertEntry {
  origin: string;
  label: string;
  pem: string;
}
export interface Settings {
  version: 1;
  origins: OriginSettings[];
  rememberMe: { mode: RememberMeMode; expireAfterHours: number };
  session: {
    idleMaxMinutes: number;
    logoutOnLastTabClose: boolean;
    closeGraceSeconds: number;
    /** Operator safety (issue 18): end all sessions on screen lock / N minutes of system idle (0 = off); hard cap in hours (0 = off). */
    endOnLock: boolean;
    systemIdleMinutes: number;
    maxHours: number;
  };
  certificates: { client: ClientCertEntry[]; caPem: string[]; warnDays: number; minRsaBits: number; pinServerCert: boolean };
  audit: {
    maxRecords: number;
    forward: { enabled: boolean; url: string; authHeader: string; batchSize: number; format: ForwardFormat; index: string };
  };
}

/** Arrays are replaced as a whole (policy and edits), so they stay complete. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const int = (min: number, max: number) => {
  const msg = (i: Issue) => `expected an integer from ${min} to ${max}, ${got(i)}`;
  return v.pipe(v.number(msg), v.check((n) => Number.isInteger(n) && n >= min && n <= max, msg));
};
const bool = v.boolean((i) => `expected true or false, ${got(i)}`);
const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  v.picklist(options, (i) => `expected one of ${options.join(', ')}, ${got(i)}`);
const obj = <const E extends v.ObjectEntries>(entries: E) => v.strictObject(entries, (i) => `expected an object, ${got(i)}`);
const list = <const T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(
    v.array(item, (i) => `expected a list, ${got(i)}`),
    v.maxLength(max, `at most ${max} entries are allowed`),
  );

const OriginSchema = v.pipe(
  v.string((i) => `expected an origin like https://joc.example.com:4443, ${got(i)}`),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const r = normaliseOrigin(dataset.value);
    if (r.ok) return r.origin;
    addIssue({ message: `${r.error}, ${got({ input: dataset.value })}` });
    return NEVER;
  }),
);

// eslint-disable-next-line no-control-regex -- labels are shown in the UI and exported to CSV
const LABEL_RE = /^[^\u0000-\u001f\u007f]*$/;
const LabelSchema = v.pipe(
  v.string((i) => `expected text, ${got(i)}`),
  v.check((s) => s.length <= LIMITS.label && LABEL_RE.test(s), `expected at most ${LIMITS.label} characters without control characters`),
);

// A PEM body is never echoed in messages: it is long, and a pasted private key
// must not end up in the audit trail through an error text.
const PEM_BLOCKS_RE = /^(?:-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/;
export function pemError(pem: string, single: boolean): string | null {
  if (/PRIVATE KEY/.test(pem)) return 'must be a public certificate; private keys are never accepted';
  if (pem.length > LIMITS.pem) return `must be at most ${LIMITS.pem} characters`;
  const text = pem.trim();
  if (!PEM_BLOCKS_RE.test(text)) return 'expected a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)';
  const blocks = text.split('-----BEGIN CERTIFICATE-----').length - 1;
  if (single && blocks !== 1) return `expected exactly one certificate, got ${blocks}`;
  return null;
}
const pemSchema = (single: boolean) =>
  v.pipe(
    v.string('expected PEM text'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const err = pemError(dataset.value, single);
      if (err === null) return dataset.value.trim();
      addIssue({ message: err });
      return NEVER;
    }),
  );

export const OriginSettingsSchema = obj({
  origin: OriginSchema,
  label: v.optional(LabelSchema, ENTRY_DEFAULTS.label),
  generation: v.optional(oneOf(GENERATIONS), ENTRY_DEFAULTS.generation),
  rememberMe: v.optional(oneOf([...REMEMBER_ME_MODES, 'default']), ENTRY_DEFAULTS.rememberMe),
});
export const ClientCertSchema = obj({ origin: OriginSchema, label: v.optional(LabelSchema, ENTRY_DEFAULTS.label), pem: pemSchema(true) });

const OriginsSchema = v.pipe(
  list(OriginSettingsSchema, LIMITS.origins),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Set<string>();
    dataset.value.forEach((o, i) => {
      if (seen.has(o.origin)) addIssue({ message: `duplicate origin '${o.origin}' at entry ${i}` });
      seen.add(o.origin);
    });
  }),
);

export const SettingsSchema = obj({
  version: v.literal(1, (i) => `expected 1, ${got(i)}`),
  origins: OriginsSchema,
  rememberMe: obj({ mode: oneOf(REMEMBER_ME_MODES), expireAfterHours: int(...BOUNDS.expireAfterHours) }),
  session: obj({
    idleMaxMinutes: int(...BOUNDS.idleMaxMinutes),
    logoutOnLastTabClose: bool,
    closeGraceSeconds: int(...BOUNDS.closeGraceSeconds),
    endOnLock: bool,
    systemIdleMinutes: int(...BOUNDS.systemIdleMinutes),
    maxHours: int(...BOUNDS.maxHours),
  }),
  certificates: obj({
    client: list(ClientCertSchema, LIMITS.clientCerts),
    caPem: list(pemSchema(false), LIMITS.caPem),
    warnDays: int(...BOUNDS.warnDays),
    minRsaBits: int(...BOUNDS.minRsaBits),
    pinServerCert: bool,
  }),
  audit: obj({
    maxRecords: int(...BOUNDS.maxRecords),
    forward: obj({
      enabled: bool,
      url: UrlSchema,
      authHeader: AuthHeaderSchema,
      batchSize: int(...BOUNDS.batchSize),
      format: oneOf(FORWARD_FORMATS),
      index: IndexSchema,
    }),
  }),
});

// Compile-time proof that the schema and the hand-written interface agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesSettings: Same<v.InferOutput<typeof SettingsSchema>, Settings> = true;
