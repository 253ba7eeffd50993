// The background reads a certificate it has no summary of yet (one set by a
// managed policy, or a cache record that did not validate) outside its own
// bundle, which therefore carries no parser: Firefox's event page starts a
// Worker (cert-worker.js) itself; a Chromium service worker cannot, so an
// offscreen document (offscreen.html, permission `offscreen`) does it and is
// closed again when idle. Rare: once per certificate, not per wake-up.
import { ext, isFirefox } from '../platform/browser.ts';
import { base64Encode } from '../shared/cert/bytes.ts';
import { readSummaryInWorker } from '../shared/cert/reader-run.ts';
import { makeSender } from '../shared/messaging/channel.ts';
import { runTask } from '../shared/run-task.ts';
import { offscreenReplies, type OffscreenReplies } from '../shared/messaging/offscreen-replies.ts';
import type { OffscreenRequests } from '../shared/messaging/offscreen-requests.ts';
import { SerialQueue } from '../shared/serial-queue.ts';

const OFFSCREEN = 'offscreen.html';
const CLOSE_AFTER_MS = 20_000;
const queue = new SerialQueue();
let closeTimer: ReturnType<typeof setTimeout> | undefined;

const toOffscreen = makeSender<OffscreenRequests, OffscreenReplies>(offscreenReplies, (m) => ext.runtime.sendMessage(m));

async function ensureOffscreen(): Promise<void> {
  clearTimeout(closeTimer);
  const open = await ext.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  if (open.length > 0) return;
  await ext.offscreen.createDocument({
    url: OFFSCREEN,
    reasons: [chrome.offscreen.Reason.WORKERS],
    justification: 'Reads a certificate set by policy in a worker, so that the service worker carries no parser.',
  });
}

function closeLater(): void {
  clearTimeout(closeTimer);
  closeTimer = setTimeout(() => runTask('close offscreen document', ext.offscreen.closeDocument()), CLOSE_AFTER_MS);
}

/** DER → what the reader answered (validated by the certificate cache before use); throws when it does not read. */
export function readSummary(der: Uint8Array): Promise<unknown> {
  return queue.run(async () => {
    const r = isFirefox
      ? await readSummaryInWorker(der, { create: () => new Worker(ext.runtime.getURL('cert-worker.js')) })
      : await (async () => {
          await ensureOffscreen();
          try {
            return await toOffscreen('off.summary', { der: base64Encode(der) });
          } finally {
            closeLater();
          }
        })();
    if (!r.ok) throw new Error(r.error);
    return r.summary;
  });
}
