// offscreen.html (Chromium only): the background's certificate reader. A
// Chromium service worker cannot start a Worker, and the parser is kept out of
// the background bundle that loads at every wake-up; this document, created on
// demand and closed when idle (src/background/cert-reader.ts), starts one
// cert-worker.js per reading. Only our own background is heard, and only its
// off.* requests: every other runtime message reaches this document too and
// is left unanswered for the background.
import { ext, onMessage } from '../platform/browser.ts';
import { base64Decode } from '../shared/cert/bytes.ts';
import { readSummaryInWorker } from '../shared/cert/reader-run.ts';
import { addressedTo, dispatch } from '../shared/messaging/channel.ts';
import type { OffscreenReplies } from '../shared/messaging/offscreen-replies.ts';
import { offscreenRequests, type OffscreenRequests } from '../shared/messaging/offscreen-requests.ts';

const worker = { create: () => new Worker(ext.runtime.getURL('cert-worker.js')) };

onMessage(async (raw, sender) => {
  if (sender.id !== ext.runtime.id || sender.tab !== undefined || !(sender.url ?? '').startsWith(ext.runtime.getURL(''))) return { error: 'foreign sender' };
  return dispatch<OffscreenRequests, OffscreenReplies, undefined>(
    offscreenRequests,
    {
      'off.summary': async (msg) => {
        const der = base64Decode(msg.der);
        return der ? readSummaryInWorker(der, worker) : { ok: false, error: 'not base64' };
      },
    },
    raw,
    undefined,
  );
}, (raw) => addressedTo(offscreenRequests, raw));
