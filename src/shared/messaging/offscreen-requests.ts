// Background → its offscreen document (Chromium; src/offscreen/): request
// schemas (the offscreen document validates them). Pure.
import * as v from 'valibot';
import { message } from './channel.ts';

export const offscreenRequests = {
  /** A certificate's DER, base64, for its summary (read in a Worker there). */
  'off.summary': message('off.summary', { der: v.pipe(v.string(), v.maxLength(90_000), v.regex(/^[A-Za-z0-9+/]*={0,2}$/)) }),
};
export type OffscreenRequests = typeof offscreenRequests;
