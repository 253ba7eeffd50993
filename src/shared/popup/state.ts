// What the background tells the popup about the active tab: the schema is the
// contract (the popup validates every reply with it), the types derive from it.
import * as v from 'valibot';
import { AUDIT_EVENT_TYPES } from '../audit/types.ts';
import { isPlainObject } from '../json.ts';
import { levelOrNone, mode, timeOrNull } from '../messaging/fields.ts';

const level = v.picklist(['ok', 'warning', 'error']);

const text = v.string();
const textOrNull = v.nullable(v.string());

/** A finding's message parameters: names to texts or numbers. */
const isParams = (x: unknown): x is Record<string, string | number> =>
  isPlainObject(x) && Object.values(x).every((p) => typeof p === 'string' || typeof p === 'number');

export const FindingSchema = v.object({
  level,
  code: text,
  params: v.optional(v.custom<Record<string, string | number>>(isParams, 'finding parameters')),
});

export const ClientCertSummarySchema = v.object({
  label: text,
  cn: textOrNull,
  issuer: text,
  notAfter: text,
  daysLeft: v.number(),
  level,
  findings: v.array(FindingSchema),
  sha256: text,
  keyAlgorithm: text,
  keySize: v.nullable(v.number()),
  curve: textOrNull,
  ekuClientAuth: v.boolean(),
});
export type ClientCertSummary = v.InferOutput<typeof ClientCertSummarySchema>;

export const ServerStatusSchema = v.object({
  level,
  findings: v.array(FindingSchema),
  protocol: textOrNull,
  cipher: textOrNull,
  leaf: v.nullable(v.object({ subject: text, issuer: text, notAfter: text, sha256: text, daysLeft: v.number() })),
  chain: v.array(v.object({ subject: text, issuer: text, sha256: text, builtInRoot: v.boolean() })),
  privateRoot: v.nullable(v.boolean()),
});

/** A stored audit record as the popup shows it (the store validated it fully when it was written). */
const optionalText = v.optional(v.string());
const AuditRecordSchema = v.object({
  v: v.literal(1),
  id: text,
  seq: v.number(),
  ts: text,
  type: v.picklist(AUDIT_EVENT_TYPES),
  origin: text,
  reason: optionalText,
  storage: v.optional(v.picklist(['localStorage', 'sessionStorage', 'cookie'])),
  key: optionalText,
  fp: optionalText,
  account: optionalText,
  result: optionalText,
  detail: optionalText,
});

export const SessionViewSchema = v.object({
  origin: text,
  account: textOrNull,
  /** Where the account name comes from: the login JOC Guard saw, or only what the page stored. */
  accountSource: v.picklist(['login', 'page', 'unknown']),
  identityService: textOrNull,
  /** true: certificate identity service; false: password service (JOC/LDAP…); null: unknown. */
  byCertificate: v.nullable(v.boolean()),
  startedAt: v.number(),
  /** Idle expiry (the idle time left). */
  expiresAt: timeOrNull,
  /** When the session cap ends it however active it is (session.maxHours); null: no cap. */
  capEndsAt: timeOrNull,
  tabs: v.number(),
  fp: text,
});
export type SessionView = v.InferOutput<typeof SessionViewSchema>;

export const PopupStateSchema = v.object({
  version: text,
  browser: v.picklist(['firefox', 'chromium']),
  tab: v.object({ id: v.nullable(v.number()), url: textOrNull, origin: textOrNull }),
  joc: v.object({ configured: v.boolean(), granted: v.boolean(), generation: v.nullable(v.picklist(['js7', '1.x'])) }),
  /** The live session of the active tab, if any. */
  session: v.nullable(SessionViewSchema),
  /** Every live JOC session in this browser, on every origin (End all). */
  sessions: v.array(SessionViewSchema),
  /** The key of the End-all command as the browser has it now (the user may change it); null: none set. */
  shortcut: textOrNull,
  policy: v.object({ mode, locked: v.boolean(), managed: v.boolean(), errors: v.array(text) }),
  certs: v.object({
    level: levelOrNone,
    client: v.array(ClientCertSummarySchema),
    /** Firefox only; Chromium gives extensions no TLS details. */
    serverSupported: v.boolean(),
    server: v.nullable(ServerStatusSchema),
    failure: v.nullable(v.object({ code: text, level, detail: text, at: v.number() })),
    /** The account of the session differs from the registered certificate's CN. */
    accountMismatch: v.nullable(v.object({ account: text, cn: text, kind: text })),
  }),
  audit: v.array(AuditRecordSchema),
  configuredOrigins: v.array(text),
});
export type PopupState = v.InferOutput<typeof PopupStateSchema>;
