// Content script → background: request schemas (the background validates
// them; the content script imports this file as a type only). Pure.
import * as v from 'valibot';
import { message } from './channel.ts';
import { area, str, tokenValue } from './fields.ts';

const generation = v.nullable(v.picklist(['js7', '1.x']));

/** What a JOC page reports about itself and the session keys the GUI stored. */
const pageFields = {
  href: str(4096),
  generation,
  timeoutMs: v.nullable(v.number()),
  account: v.nullable(str(256)),
  identityService: v.nullable(str(256)),
};
const tokens = v.pipe(v.array(v.strictObject({ area, value: tokenValue })), v.maxLength(2));

export const CsStart = message('cs.start', {
  ...pageFields,
  /** The script ran after the page had started (injected into an open tab), not at document_start. */
  late: v.boolean(),
  /** The page continues a guarded page of this tab (reload, same-tab navigation): tokens left in place. */
  continuing: v.boolean(),
  /** Token values left in place (continuing or late), by area. */
  live: tokens,
  /** Token values taken out of the page's reach at document_start. */
  quarantined: tokens,
  /** Remembered credentials were taken out at document_start and wait for the origin's verdict. */
  rememberHeld: v.boolean(),
});
export const CsToken = message('cs.token', { ...pageFields, area, value: tokenValue });
export const CsGone = message('cs.gone', { href: str(4096), value: tokenValue, loginRoute: v.boolean() });
export const CsRemember = message('cs.remember', {
  href: str(4096),
  event: v.picklist(['checkbox-disabled', 'credentials-removed', 'bypass', 'checkbox-missing']),
  detail: str(200),
});

export const contentRequests = {
  'cs.start': CsStart,
  'cs.token': CsToken,
  'cs.gone': CsGone,
  'cs.remember': CsRemember,
};
export type ContentRequests = typeof contentRequests;
export type CsStartMsg = v.InferOutput<typeof CsStart>;

/**
 * Test hooks (E2E builds only). Built inside a function that only E2E builds
 * call, so the minifier drops it and release bundles do not even name the
 * hook actions; the router refuses the type there as well.
 */
export function e2eRequests() {
  return {
    'cs.e2e': message('cs.e2e', {
      action: v.picklist(['open-popup', 'open-options', 'state', 'audit', 'configure', 'age-remember', 'badge', 'tabs', 'registered', 'idle-query', 'idle-state', 'command', 'backdate', 'perf', 'perf-reset']),
      payload: v.optional(v.unknown()),
    }),
  };
}
