// Every message between the extension's parts, with a schema. Receivers
// narrow `unknown` with these guards and check the sender before acting
// (src/background/router.ts, src/content/index.ts). Pure.
import * as v from 'valibot';

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const area = v.picklist(['localStorage', 'sessionStorage']);
const generation = v.nullable(v.picklist(['js7', '1.x']));
const tokenValue = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));

// ---- content script → background -------------------------------------------
/** What a JOC page reports about itself and the session keys the GUI stored. */
const pageFields = {
  href: str(4096),
  generation,
  timeoutMs: v.nullable(v.number()),
  account: v.nullable(str(256)),
  identityService: v.nullable(str(256)),
};

export const CsStart = v.strictObject({
  type: v.literal('cs.start'),
  ...pageFields,
  /** Injected into an already loaded page (extension update), not at document_start. */
  late: v.boolean(),
  continuation: v.boolean(),
  /** Token values left in place (continuation), by area. */
  live: v.pipe(v.array(v.strictObject({ area, value: tokenValue })), v.maxLength(2)),
  /** Token values taken out of the page's reach at document_start. */
  quarantined: v.pipe(v.array(v.strictObject({ area, value: tokenValue })), v.maxLength(2)),
  rememberPresent: v.boolean(),
  rememberRemoved: v.boolean(),
});
export const CsToken = v.strictObject({
  type: v.literal('cs.token'),
  ...pageFields,
  area,
  value: tokenValue,
});
export const CsGone = v.strictObject({
  type: v.literal('cs.gone'),
  href: str(4096),
  value: tokenValue,
  loginRoute: v.boolean(),
});
export const CsRemember = v.strictObject({
  type: v.literal('cs.remember'),
  href: str(4096),
  event: v.picklist(['checkbox-disabled', 'credentials-removed', 'bypass', 'checkbox-missing']),
  detail: str(200),
});
/**
 * Test hooks (E2E builds only). Built inside a function that only E2E builds
 * call, so the minifier drops it and release bundles do not even name the
 * hook actions; the router refuses the type there as well.
 */
function csE2eSchema() {
  return v.strictObject({
    type: v.literal('cs.e2e'),
    action: v.picklist(['open-popup', 'open-options', 'state', 'audit', 'configure', 'age-remember', 'badge', 'tabs', 'registered']),
    payload: v.optional(v.unknown()),
  });
}
// Undefined outside the bundler (unit tests): no test hooks there either.
const E2E = typeof __E2E__ !== 'undefined' && __E2E__;

// ---- extension pages → background -----------------------------------------
export const UiState = v.strictObject({ type: v.literal('ui.state'), tabId: v.nullable(tabId) });
export const UiEndSession = v.strictObject({ type: v.literal('ui.endSession'), tabId });
export const UiSettingsGet = v.strictObject({ type: v.literal('ui.settings.get') });
export const UiSettingsSave = v.strictObject({ type: v.literal('ui.settings.save'), edit: v.record(v.string(), v.unknown()) });
export const UiAuditQuery = v.strictObject({
  type: v.literal('ui.audit.query'),
  filter: v.strictObject({
    origin: v.optional(str(512)),
    type: v.optional(str(64)),
    text: v.optional(str(200)),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100000))),
  }),
});
export const UiAuditExport = v.strictObject({ type: v.literal('ui.audit.export'), format: v.picklist(['jsonl', 'csv']) });
export const UiForwardTest = v.strictObject({ type: v.literal('ui.forward.test') });
export const UiOriginsChanged = v.strictObject({ type: v.literal('ui.origins.changed') });

const ContentMessage = E2E
  ? v.variant('type', [CsStart, CsToken, CsGone, CsRemember, csE2eSchema()])
  : v.variant('type', [CsStart, CsToken, CsGone, CsRemember]);
export const UiMessage = v.variant('type', [
  UiState,
  UiEndSession,
  UiSettingsGet,
  UiSettingsSave,
  UiAuditQuery,
  UiAuditExport,
  UiForwardTest,
  UiOriginsChanged,
]);

export type ContentMessage =
  | v.InferOutput<typeof CsStart>
  | v.InferOutput<typeof CsToken>
  | v.InferOutput<typeof CsGone>
  | v.InferOutput<typeof CsRemember>
  | v.InferOutput<ReturnType<typeof csE2eSchema>>;
export type UiMessage = v.InferOutput<typeof UiMessage>;
export type CsStartMsg = v.InferOutput<typeof CsStart>;

// ---- background → content script -------------------------------------------
export const BgClear = v.strictObject({
  type: v.literal('bg.clear'),
  reason: str(64),
  /** Only clear when the page still holds this token (another session may have started). */
  value: v.optional(tokenValue),
});
export const BgSession = v.strictObject({
  type: v.literal('bg.session'),
  expiresAt: v.nullable(v.number()),
  account: v.nullable(str(256)),
});
export const BgHints = v.strictObject({
  type: v.literal('bg.hints'),
  certCN: v.nullable(str(256)),
  certLevel: v.picklist(['ok', 'warning', 'error', 'none']),
  certDaysLeft: v.nullable(v.number()),
});
/** The Remember Me policy of this page's origin became `forbid` while it was open. */
export const BgForbid = v.strictObject({ type: v.literal('bg.forbid') });
export const BackgroundMessage = v.variant('type', [BgClear, BgSession, BgHints, BgForbid]);
export type BackgroundMessage = v.InferOutput<typeof BackgroundMessage>;

// ---- replies ----------------------------------------------------------------
export interface StartReply {
  /** false: this page is not a configured JOC origin; put everything back and stop. */
  joc: boolean;
  verdict: 'restore' | 'clear' | 'none';
  remember: 'restore' | 'drop' | 'none';
  mode: 'forbid' | 'expire' | 'allow';
  expiresAt: number | null;
  account: string | null;
  certCN: string | null;
  certLevel: 'ok' | 'warning' | 'error' | 'none';
  certDaysLeft: number | null;
}

export interface TokenReply {
  /** 'ended': the session is over (e.g. logged out elsewhere); clear at once. */
  status: 'live' | 'ended';
  expiresAt: number | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parse<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Parsed<T> {
  const r = v.safeParse(schema, input);
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, error: `${path ? path + ': ' : ''}${issue.message}` };
}

export const parseContentMessage = (m: unknown): Parsed<ContentMessage> => parse<ContentMessage>(ContentMessage, m);
export const parseUiMessage = (m: unknown): Parsed<UiMessage> => parse(UiMessage, m);
export const parseBackgroundMessage = (m: unknown): Parsed<BackgroundMessage> => parse(BackgroundMessage, m);
