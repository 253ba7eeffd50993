// Background → content script: the replies to cs.* requests (the content
// script validates them on arrival). Pure.
import * as v from 'valibot';
import { area, levelOrNone, mode, ok, str, timeOrNull } from './fields.ts';

export const StartReply = v.strictObject({
  /** false: this page is not a configured JOC origin; put everything back and stand aside. */
  joc: v.boolean(),
  /** restore: put the quarantined keys back and reload once; clear: the page must not keep a token. */
  verdict: v.picklist(['restore', 'clear', 'none']),
  /** With `restore`: the storages whose quarantined keys go back. */
  restoreAreas: v.pipe(v.array(area), v.maxLength(2)),
  /** What happens to remembered credentials held at document_start. */
  remember: v.picklist(['restore', 'drop', 'none']),
  /** The Remember Me mode of this origin, decided once by the background. */
  mode,
  expiresAt: timeOrNull,
  certCN: v.nullable(str(256)),
  certLevel: levelOrNone,
  certDaysLeft: v.nullable(v.number()),
});
export const TokenReply = v.strictObject({
  /** ended: the session is over or was never evidenced; clear at once. */
  status: v.picklist(['live', 'ended']),
  expiresAt: timeOrNull,
});

export const contentReplies = {
  'cs.start': StartReply,
  'cs.token': TokenReply,
  'cs.gone': ok,
  'cs.remember': ok,
};
export type ContentReplies = typeof contentReplies;
export type StartReplyT = v.InferOutput<typeof StartReply>;
