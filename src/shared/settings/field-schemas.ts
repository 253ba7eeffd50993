// Bounds, limits and the leaf schemas of the settings that need more than a
// type (kept apart from schema.ts, which assembles them). Pure.
import * as v from 'valibot';
import { checkUrl } from './origin.ts';

/** Inclusive integer ranges; the options page uses them for its inputs too. */
export const BOUNDS = {
  expireAfterHours: [1, 8760],
  idleMaxMinutes: [0, 1440],
  closeGraceSeconds: [0, 300],
  // Chromium clamps idle detection to 15 s … 4 h (extensions/browser/api/idle/idle_api.cc).
  systemIdleMinutes: [0, 240],
  maxHours: [0, 168],
  warnDays: [1, 365],
  minRsaBits: [1024, 16384],
  maxRecords: [100, 100000],
  batchSize: [1, 1000],
} as const satisfies Record<string, readonly [number, number]>;

export const LIMITS = { label: 100, origins: 100, clientCerts: 100, caPem: 50, pem: 32768, authHeader: 4096, url: 2048, index: 255 } as const;

/** Describes a rejected value in an error message without dumping it. */
export function describeValue(x: unknown): string {
  if (typeof x === 'string') {
    const shown = x.length > 40 ? `${x.slice(0, 40)}…` : x;
    return `'${JSON.stringify(shown).slice(1, -1)}'`;
  }
  if (x === null) return 'null';
  if (x === undefined) return 'nothing';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  return `a value of type ${typeof x}`;
}

export type Issue = { input: unknown };
export const got = (i: Issue): string => `got ${describeValue(i.input)}`;

// The value of an Authorization header: printable ASCII only, so it can
// neither inject a second header (CR/LF) nor make fetch() throw.
export const AuthHeaderSchema = v.pipe(
  v.string('expected text'),
  v.check((s) => s.length <= LIMITS.authHeader, `must be at most ${LIMITS.authHeader} characters`),
  v.check((s) => /^[\x20-\x7e\t]*$/.test(s), 'must contain printable ASCII characters only (no line breaks)'),
);
// An Elasticsearch index or data stream name: lower case, no \ / * ? " < > | , # : or
// space, not starting with - _ + or . (Elasticsearch "Create index API", path parameters).
export const INDEX_RE = /^[a-z0-9][a-z0-9._+-]*$/;
export const IndexSchema = v.pipe(
  v.string((i) => `expected an index name, ${got(i)}`),
  v.check((s) => s.length <= LIMITS.index && INDEX_RE.test(s), (i) => `expected an Elasticsearch index name (lower-case letters, digits, . _ + -; not starting with . _ + -), ${got(i)}`),
);
export const UrlSchema = v.pipe(
  v.string((i) => `expected a URL, ${got(i)}`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value === '') return;
    const err = checkUrl(dataset.value);
    if (err !== null) addIssue({ message: `${err}, ${got({ input: dataset.value })}` });
  }),
);
