// The offscreen document's replies (the background validates them; the summary
// itself is validated again by the certificate cache, shared/cert/registered.ts). Pure.
import * as v from 'valibot';

export const offscreenReplies = {
  'off.summary': v.variant('ok', [v.object({ ok: v.literal(true), summary: v.unknown() }), v.object({ ok: v.literal(false), error: v.pipe(v.string(), v.maxLength(300)) })]),
};
export type OffscreenReplies = typeof offscreenReplies;
