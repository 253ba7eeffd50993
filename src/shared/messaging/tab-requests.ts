// Background → content script (in a JOC tab): request schemas (the content
// script validates them; the background imports this file as a type only). Pure.
import * as v from 'valibot';
import { message } from './channel.ts';
import { str, timeOrNull, tokenValue } from './fields.ts';

export const BgClear = message('bg.clear', {
  reason: str(64),
  /** Only clear when the page still holds this token (another session may have started). */
  value: v.optional(tokenValue),
});
export const BgSession = message('bg.session', { expiresAt: timeOrNull });
/** The Remember Me policy of this page's origin became `forbid` while it was open. */
export const BgForbid = message('bg.forbid', {});

export const tabRequests = { 'bg.clear': BgClear, 'bg.session': BgSession, 'bg.forbid': BgForbid };
export type TabRequests = typeof tabRequests;
